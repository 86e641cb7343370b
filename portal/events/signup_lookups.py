"""What the operations in services.py read before they decide: the rows they lock, the seats taken
and the name a refusal gives."""

from django.db.models import Count, Q

from .models import Event, Signup, SignupStatus


def locked_event(event):
    return Event.objects.select_for_update().get(pk=event.pk)


def locked_signup(signup):
    event = locked_event(signup.event)
    # of=("self",): the sign-up's row only, not the person's, which another event's operation may want.
    return event, Signup.objects.select_for_update(of=("self",)).select_related("event", "user").get(pk=signup.pk)


def seat_counts(event):
    """(confirmed, waiting), counted in one query."""
    counts = event.signups.aggregate(
        confirmed=Count("pk", filter=Q(status=SignupStatus.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=SignupStatus.WAITLISTED)),
    )
    return counts["confirmed"], counts["waiting"]


def person_name(signup):
    return signup.user.get_full_name() or signup.user.email
