"""The three staff groups every later feature hangs its permissions on."""

from django.db import migrations


def create_staff_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")

    # Wagtail's own migrations create "Moderators", who review and publish pages: that is our Approvers.
    Group.objects.filter(name="Moderators").exclude(
        pk__in=Group.objects.filter(name="Approvers").values("pk")
    ).update(name="Approvers")
    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    for name in ("Editors", "Approvers", "Coordinators"):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)

    # Wagtail's default workflow (on the root page) already asks that group to approve; name it for what it is.
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    Workflow.objects.filter(name="Moderators approval").update(name="Review before publishing")
    Task.objects.filter(name="Moderators approval").update(name="Approvers review")


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        # Wagtail's data migrations look the group up as "Moderators": rename only after all of them.
        ("wagtailadmin", "0006_formstate"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0002_initial_data"),
        ("wagtailimages", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(create_staff_groups, migrations.RunPython.noop)]
