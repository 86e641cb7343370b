from django.db import migrations

ENGLISH = "First version of the privacy notice."
# What the consent page and the admin show of the first notice: the staff's and volunteers' language.
THAI = "ประกาศความเป็นส่วนตัวฉบับแรก"


def in_thai(apps, schema_editor):
    apps.get_model("portal_accounts", "PrivacyNotice").objects.filter(version="1", summary=ENGLISH).update(summary=THAI)


def in_english(apps, schema_editor):
    apps.get_model("portal_accounts", "PrivacyNotice").objects.filter(version="1", summary=THAI).update(summary=ENGLISH)


class Migration(migrations.Migration):
    dependencies = [("portal_accounts", "0004_guardian_link_to_guardian_only")]

    operations = [migrations.RunPython(in_thai, in_english)]
