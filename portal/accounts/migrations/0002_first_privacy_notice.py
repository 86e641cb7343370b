from django.db import migrations
from django.utils import timezone


def first_notice(apps, schema_editor):
    PrivacyNotice = apps.get_model("portal_accounts", "PrivacyNotice")
    PrivacyNotice.objects.get_or_create(
        version="1", defaults={"effective_at": timezone.now(), "summary": "First version of the privacy notice."}
    )


class Migration(migrations.Migration):
    dependencies = [("portal_accounts", "0001_initial")]

    operations = [migrations.RunPython(first_notice, migrations.RunPython.noop)]
