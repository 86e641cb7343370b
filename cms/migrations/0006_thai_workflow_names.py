"""The review workflow and its task are named in Thai: staff read these names in the editor's menu ("ส่งไปยัง ..."),
the page's status and its history."""

from django.db import migrations

NAMES = [
    # (model, English name, Thai name)
    ("Workflow", "Review before publishing", "ตรวจทานก่อนเผยแพร่"),
    ("Task", "Approvers review", "ผู้อนุมัติตรวจทาน"),
]


def name_in_thai(apps, schema_editor):
    for model, english, thai in NAMES:
        apps.get_model("wagtailcore", model).objects.filter(name=english).update(name=thai)


def name_in_english(apps, schema_editor):
    for model, english, thai in NAMES:
        apps.get_model("wagtailcore", model).objects.filter(name=thai).update(name=english)


class Migration(migrations.Migration):
    dependencies = [("cms", "0005_alter_announcementpage_body_alter_standardpage_body")]

    operations = [migrations.RunPython(name_in_thai, name_in_english)]
