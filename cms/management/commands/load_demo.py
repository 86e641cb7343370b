from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand

from portal.accounts.demo import logins

# Each app that has demo content adds its loader here, in the order they depend on each other.
DEMO_LOADERS = ["cms.demo", "portal.accounts.demo", "portal.events.demo", "cms.demo_event_card", "cms.demo_after_event"]


class Command(BaseCommand):
    help = "Create or complete the demo site and accounts. Safe to run again: nothing is duplicated."

    def handle(self, *args, **options):
        for module in DEMO_LOADERS:
            import_module(module).load(lambda message: self.stdout.write(f"  {message}"))
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
        self.stdout.write(f"\n  Site:        {settings.SITE_URL}/   (English: {settings.SITE_URL}/en/)")
        self.stdout.write(f"  Log in:      {settings.SITE_URL}/accounts/login/  (everyone, with the e-mail)")
        self.stdout.write(f"  Staff admin: {settings.SITE_URL}/admin/\n")
        self.stdout.write(f"  {'user name':<12} {'e-mail':<26} password")
        for username, email, password in logins():
            self.stdout.write(f"  {username:<12} {email:<26} {password}")
