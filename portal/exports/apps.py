from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "portal.exports"
    label = "portal_exports"
    verbose_name = _("Exports")

    def ready(self):
        from . import erasure  # noqa: F401  (connects to accounts' erasing_person)
