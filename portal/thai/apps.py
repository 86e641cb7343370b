from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThaiConfig(AppConfig):
    name = "portal.thai"
    label = "portal_thai"
    verbose_name = _("Thai conventions")

    def ready(self):
        from django.db.backends.signals import connection_created

        from .collation import register_on_sqlite
        from .django_dates import show_buddhist_era_in_thai_date_formats

        show_buddhist_era_in_thai_date_formats()
        connection_created.connect(register_on_sqlite, dispatch_uid="portal.thai.collation")
