from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Website")

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Locale, PageViewRestriction, Site

        from portal.accounts.models import ConsentRecord, GuardianConsent
        from portal.events import certificates
        from portal.events.models import Activity, Event, EventPhoto, Programme, Signup

        from . import page_cache
        from .chosen_ids import forgive_ids_of_the_wrong_kind
        from .models import Contact, OrganisationSettings
        from .thai_slugs import use_the_thai_slug_input

        certificates.register_issuer(OrganisationSettings.for_request)
        forgive_ids_of_the_wrong_kind()
        use_the_thai_slug_input()

        for signal in (post_save, post_delete):
            signal.connect(page_cache.invalidate_for_pages)
            # Consent decides which photos of minors a page shows; the site's parts (cms.site_parts) are
            # kept by the same version, and who may see a page decides whether it is kept at all.
            for model in (
                Site,
                Locale,
                PageViewRestriction,
                Contact,
                OrganisationSettings,
                Programme,
                Event,
                Activity,
                EventPhoto,
                ConsentRecord,
                GuardianConsent,
            ):
                signal.connect(page_cache.invalidate, sender=model)
            signal.connect(page_cache.invalidate_seats, sender=Signup)
