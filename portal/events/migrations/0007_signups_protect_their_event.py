import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """An event with sign-ups cannot be deleted (it is cancelled instead, which tells everyone)."""

    dependencies = [
        ("portal_events", "0006_signup_change_reason"),
    ]

    operations = [
        migrations.AlterField(
            model_name="signup",
            name="event",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="signups", to="portal_events.event"
            ),
        ),
    ]
