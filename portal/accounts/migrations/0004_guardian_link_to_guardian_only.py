"""The guardian's link goes to the guardian only, expires and works once. Links made before were shown
to the minor, so the requests still waiting for an answer stop working: the minor asks again."""

from django.db import migrations, models
from django.utils import timezone


def withdraw_links_the_minor_has_seen(apps, schema_editor):
    GuardianConsent = apps.get_model("portal_accounts", "GuardianConsent")
    GuardianConsent.objects.filter(consented_at__isnull=True, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now()
    )


class Migration(migrations.Migration):

    dependencies = [
        ('portal_accounts', '0003_coordinator_permissions'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='guardianconsent',
            name='token',
        ),
        migrations.AddField(
            model_name='guardianconsent',
            name='activity_kinds',
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name='guardianconsent',
            name='expires_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='guardianconsent',
            name='programmes_shown',
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name='guardianconsent',
            name='refused_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='guardianconsent',
            name='token_hash',
            field=models.CharField(editable=False, max_length=64, null=True, unique=True),
        ),
        migrations.RunPython(withdraw_links_the_minor_has_seen, migrations.RunPython.noop),
    ]
