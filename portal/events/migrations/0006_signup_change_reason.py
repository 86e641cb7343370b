"""Each sign-up change gets a typed reason. The reasons of the existing rows come from what the old
code wrote in the note (its own words: "approved", "promoted from the waitlist", ...), read together
with the statuses, so that a coordinator's note that happens to say "approved" on a rejection stays a
rejection. The machine's words are then cleared from the notes; a coordinator's own note stays."""

from django.db import migrations, models
from django.db.models import F, Q

REASONS = [
    ("signed_up", "Signed up"), ("approved", "Approved"), ("rejected", "Not accepted"),
    ("promoted", "Promoted from the waitlist"), ("moved_to_waitlist", "Moved to the waitlist"),
    ("cancelled_by_person", "Cancelled by the person"), ("cancelled_by_coordinator", "Cancelled by a coordinator"),
    ("event_cancelled", "Event cancelled"), ("account_erased", "Account deleted"), ("checked_in", "Checked in"),
    ("check_in_undone", "Check-in undone"),
]

# (reason, which rows, whether the note was the old code's own word)
FILLS = [
    ("rejected", Q(to_status="rejected"), False),
    ("cancelled_by_person", Q(to_status="cancelled", changed_by=F("signup__user")), False),
    ("cancelled_by_coordinator", Q(to_status="cancelled"), False),
    ("checked_in", Q(note="checked in", from_status=F("to_status")), True),
    ("promoted", Q(note="promoted from the waitlist", from_status="waitlisted", to_status="confirmed"), True),
    ("approved", Q(note="approved", from_status="pending", to_status__in=["confirmed", "waitlisted"]), True),
    ("moved_to_waitlist", Q(note="moved to the waitlist", from_status="confirmed", to_status="waitlisted"), True),
    ("signed_up", Q(), False),
]


def fill_reasons(apps, schema_editor):
    SignupChange = apps.get_model("portal_events", "SignupChange")
    for reason, rows, machine_note in FILLS:
        unfilled = SignupChange.objects.filter(reason="").filter(rows)
        # An UPDATE cannot join, so the rows are chosen by id.
        ids = unfilled.values("pk")
        updates = {"reason": reason, **({"note": ""} if machine_note else {})}
        SignupChange.objects.filter(pk__in=ids).update(**updates)


class Migration(migrations.Migration):

    dependencies = [
        ("portal_events", "0005_texts_that_read_as_typed"),
    ]

    operations = [
        migrations.AddField(
            model_name="signupchange",
            name="reason",
            field=models.CharField(choices=REASONS, default="", max_length=30, verbose_name="reason"),
            preserve_default=False,
        ),
        migrations.RunPython(fill_reasons, migrations.RunPython.noop, elidable=True),
    ]
