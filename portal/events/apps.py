from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "portal.events"
    label = "portal_events"
    verbose_name = _("Events and sign-ups")

    def ready(self):
        from . import account_data  # noqa: F401  (connects what events tells accounts)
        from . import line_answers  # noqa: F401  (registers what the LINE account's buttons and help answer)
