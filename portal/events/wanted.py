"""Is a message still wanted? The delivery ledger asks just before it sends one (a reminder held
back by quiet hours, a coordinator's message waiting for a retry, a change held back while its
person flapped), and skips what is no longer wanted, with the reason in the delivery log:

- a reminder, only while the sign-up is confirmed and the event published;
- a coordinator's message, only while the sign-up is active;
- a thank-you note, only while the certificate stands (a check-in undone withdraws it);
- a change's own message, only while it is the sign-up's latest change (one message tells how a
  burst of changes ended); a guardian's notice, besides, only while the sign-up is active;
- an event's change, only to someone still registered for it."""

from django.db.models import Max
from django.utils.translation import gettext_noop

from portal.notifications import ledger

from .models import ACTIVE_STATUSES, ATTENDANCE_REASONS, EventStatus, Signup, SignupChange, SignupStatus
from .notices import STATUS_KINDS

NOT_ACTIVE = gettext_noop("The sign-up is no longer active.")
NOT_CONFIRMED = gettext_noop("The sign-up is no longer confirmed.")
GONE = gettext_noop("The sign-up no longer exists.")
NO_CERTIFICATE = gettext_noop("There is no certificate any more: the check-in was undone or the event cancelled.")
SUPERSEDED = gettext_noop("A later change of the sign-up replaced this message.")
NOT_REGISTERED = gettext_noop("The person is no longer registered for the event.")


def _signups(rows):
    return Signup.objects.select_related("event").in_bulk({row.subject_id for row in rows})


def _each(rows, signups, why_not):
    unwanted = {}
    for row in rows:
        signup = signups.get(row.subject_id)
        reason = GONE if signup is None else why_not(signup)
        if reason:
            unwanted[row.pk] = reason
    return unwanted


def reminders(rows):
    def why_not(signup):
        if not signup.is_active:
            return NOT_ACTIVE
        if signup.status != SignupStatus.CONFIRMED or signup.event.status != EventStatus.PUBLISHED:
            return NOT_CONFIRMED
        return None

    return _each(rows, _signups(rows), why_not)


def coordinator_messages(rows):
    return _each(rows, _signups(rows), lambda signup: None if signup.is_active else NOT_ACTIVE)


def thank_yous(rows):
    return _each(rows, _signups(rows), lambda signup: None if signup.has_certificate else NO_CERTIFICATE)


def _latest_changes(rows):
    """({change id: change}, {sign-up id: its latest change of status}) for rows about changes."""
    changes = SignupChange.objects.select_related("signup").in_bulk({row.subject_id for row in rows})
    latest = dict(
        SignupChange.objects.filter(signup_id__in={change.signup_id for change in changes.values()})
        .exclude(reason__in=ATTENDANCE_REASONS)
        .values("signup_id")
        .annotate(latest=Max("pk"))
        .values_list("signup_id", "latest")
    )
    return changes, latest


def status_messages(rows):
    changes, latest = _latest_changes(rows)
    unwanted = {}
    for row in rows:
        change = changes.get(row.subject_id)
        if change is None:
            unwanted[row.pk] = GONE
        elif latest.get(change.signup_id) != change.pk:
            unwanted[row.pk] = SUPERSEDED
    return unwanted


def guardian_notices(rows):
    changes, _latest = _latest_changes(rows)
    unwanted = status_messages(rows)
    for row in rows:
        change = changes.get(row.subject_id)
        if row.pk not in unwanted and change.signup.status not in ACTIVE_STATUSES:
            unwanted[row.pk] = NOT_ACTIVE
    return unwanted


def event_changes(rows):
    registered = set(
        Signup.objects.filter(
            event_id__in={row.subject_id for row in rows},
            user_id__in={row.recipient_id for row in rows},
            status__in=ACTIVE_STATUSES,
        ).values_list("event_id", "user_id")
    )
    return {row.pk: NOT_REGISTERED for row in rows if (row.subject_id, row.recipient_id) not in registered}


def register():
    ledger.register_send_check(["reminder"], reminders)
    ledger.register_send_check(["coordinator_message"], coordinator_messages)
    ledger.register_send_check(["thank_you"], thank_yous)
    ledger.register_send_check(STATUS_KINDS, status_messages)
    ledger.register_send_check(["guardian_notice"], guardian_notices)
    ledger.register_send_check(["event_changed"], event_changes)
