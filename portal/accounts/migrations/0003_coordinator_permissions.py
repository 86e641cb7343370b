"""What the Coordinators group may do in the admin. Which programmes, events and sign-ups each
coordinator sees is decided per object (portal.events.permissions); these are the model-level rights."""

from django.db import migrations

COORDINATOR_PERMISSIONS = {
    ("portal_events", "programme"): ["view", "change"],
    ("portal_events", "event"): ["view", "add", "change"],
    ("portal_events", "activity"): ["view", "add", "change", "delete"],
    ("portal_events", "signup"): ["view"],
    ("portal_accounts", "profile"): ["view"],
}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    coordinators, _ = Group.objects.get_or_create(name="Coordinators")
    for (app_label, model), actions in COORDINATOR_PERMISSIONS.items():
        # On a new database Django creates permissions only after all migrations: make them here.
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        verbose_name = apps.get_model(app_label, model)._meta.verbose_name
        for action in actions:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {verbose_name}"},
            )
            coordinators.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    coordinators = Group.objects.filter(name="Coordinators").first()
    if coordinators is None:
        return
    for (app_label, model), actions in COORDINATOR_PERMISSIONS.items():
        coordinators.permissions.remove(*Permission.objects.filter(
            content_type__app_label=app_label, codename__in=[f"{action}_{model}" for action in actions]
        ))


class Migration(migrations.Migration):
    dependencies = [
        ("portal_accounts", "0002_first_privacy_notice"),
        ("portal_events", "0002_activity_inline"),
        ("cms", "0002_staff_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
