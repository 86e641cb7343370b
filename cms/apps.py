from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Website")

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Site

        from portal.events import certificates
        from portal.events.models import Activity, Event, Programme, Signup

        from . import page_cache
        from .chosen_ids import forgive_ids_of_the_wrong_kind
        from .models import Contact, OrganisationSettings
        from .thai_slugs import use_the_thai_slug_input

        certificates.register_issuer(OrganisationSettings.for_request)
        forgive_ids_of_the_wrong_kind()
        use_the_thai_slug_input()

        for signal in (post_save, post_delete):
            signal.connect(page_cache.invalidate_for_pages)
            for model in (Site, Contact, OrganisationSettings, Programme, Event, Activity):
                signal.connect(page_cache.invalidate, sender=model)
            signal.connect(page_cache.invalidate_seats, sender=Signup)
