from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    label = "portal_accounts"
    verbose_name = _("Volunteer accounts")

    def ready(self):
        from portal.notifications import recipients

        from . import (
            line,  # noqa: F401  (tells the LINE account who a LINE user is)
            reachability,
        )

        recipients.register(reachability)
