"""Wagtail's top collection, "Root", is named in Thai: staff choose it on every image and document upload form."""

from django.db import migrations

ENGLISH, THAI = "Root", "ส่วนกลาง"


def name_in_thai(apps, schema_editor):
    apps.get_model("wagtailcore", "Collection").objects.filter(depth=1, name=ENGLISH).update(name=THAI)


def name_in_english(apps, schema_editor):
    apps.get_model("wagtailcore", "Collection").objects.filter(depth=1, name=THAI).update(name=ENGLISH)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0007_announcement_drafted_after_event"),
        ("wagtailcore", "0025_collection_initial_data"),
    ]

    operations = [migrations.RunPython(name_in_thai, name_in_english)]
