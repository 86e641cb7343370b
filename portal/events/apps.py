from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _release_erased_person(sender, user, **kwargs):
    from . import services

    services.release_person(user)


def _note_seats_of_deleted_person(sender, instance, **kwargs):
    """Staff deleting an account outright (the admin's users): its sign-ups go with it, and the
    seats it held go to the people waiting longest once they have (below)."""
    from .models import Signup, SignupStatus

    instance._events_with_freed_seats = set(
        Signup.objects.filter(user=instance, status=SignupStatus.CONFIRMED).values_list("event_id", flat=True)
    )


def _fill_seats_of_deleted_person(sender, instance, **kwargs):
    from . import services

    services.fill_freed_seats(getattr(instance, "_events_with_freed_seats", ()))


class EventsConfig(AppConfig):
    name = "portal.events"
    label = "portal_events"
    verbose_name = _("Events and sign-ups")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_delete, pre_delete

        from portal.accounts.signals import erasing_person

        from . import account_data, event_changes, line_answers, photo_files, sent_content, wanted  # noqa: F401  (event_changes: its signal handlers)

        wanted.register()
        photo_files.register()
        sent_content.register()
        # accounts, below events, cannot call it: it announces the erasure, events frees the seats.
        erasing_person.connect(_release_erased_person, dispatch_uid="events.release_erased_person")
        user_model = get_user_model()
        pre_delete.connect(_note_seats_of_deleted_person, sender=user_model, dispatch_uid="events.note_deleted_seats")
        post_delete.connect(_fill_seats_of_deleted_person, sender=user_model, dispatch_uid="events.fill_deleted_seats")
