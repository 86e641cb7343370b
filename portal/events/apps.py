from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _release_erased_person(sender, user, **kwargs):
    from . import services

    services.release_person(user)


class EventsConfig(AppConfig):
    name = "portal.events"
    label = "portal_events"
    verbose_name = _("Events and sign-ups")

    def ready(self):
        from portal.accounts.signals import erasing_person

        from . import event_changes, wanted  # noqa: F401  (event_changes: its signal handlers)

        wanted.register()
        # accounts, below events, cannot call it: it announces the erasure, events frees the seats.
        erasing_person.connect(_release_erased_person, dispatch_uid="events.release_erased_person")
