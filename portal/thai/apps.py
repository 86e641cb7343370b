from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThaiConfig(AppConfig):
    name = "portal.thai"
    label = "portal_thai"
    verbose_name = _("Thai conventions")

    def ready(self):
        from .django_dates import show_buddhist_era_in_thai_date_formats

        show_buddhist_era_in_thai_date_formats()
