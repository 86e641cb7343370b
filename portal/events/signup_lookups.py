"""What the operations in services.py read before they decide: the rows they lock, the seats taken
and the name a refusal gives. The event's lock and its count run in every sign-up, while the lock is
held, so they are written out: building them through the ORM cost more than running them."""

from django.db import connection

from .models import Event, Signup, SignupStatus


def _quoted(model, *fields):
    quote = connection.ops.quote_name
    return [quote(model._meta.db_table)] + [quote(model._meta.get_field(name).column) for name in fields]


def locked_event(event):
    table, pk = _quoted(Event, "id")
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    locked = next(iter(Event.objects.raw(f"SELECT * FROM {table} WHERE {pk} = %s{lock}", [event.pk])), None)
    if locked is None:
        raise Event.DoesNotExist(f"Event {event.pk} is gone")
    return locked


def locked_signup(signup):
    event = locked_event(signup.event)
    # of=("self",): the sign-up's row only, not the person's, which another event's operation may want.
    return event, Signup.objects.select_for_update(of=("self",)).select_related("event", "user").get(pk=signup.pk)


def seat_counts(event):
    """(confirmed, waiting), counted in one query."""
    table, status, event_id = _quoted(Signup, "status", "event")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(CASE WHEN {status} = %s THEN 1 END), COUNT(CASE WHEN {status} = %s THEN 1 END) "
            f"FROM {table} WHERE {event_id} = %s",
            [SignupStatus.CONFIRMED, SignupStatus.WAITLISTED, event.pk],
        )
        confirmed, waiting = cursor.fetchone()
    return confirmed, waiting


def person_name(signup):
    return signup.user.get_full_name() or signup.user.email
