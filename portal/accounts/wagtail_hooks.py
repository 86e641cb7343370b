"""The staff admin's account menu: staff change their password and e-mail address on the portal's own pages."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks


# Staff change their password and e-mail address where everyone does (allauth: limited, and an
# address is confirmed before it counts), not in the admin's own forms, which are switched off.
@hooks.register("register_account_menu_item")
def change_password_item(request):
    return {
        "url": reverse("account_change_password"),
        "label": _("Change password"),
        "help_text": _("On the portal's own page, as every account does."),
    }


@hooks.register("register_account_menu_item")
def email_addresses_item(request):
    return {
        "url": reverse("account_email"),
        "label": _("E-mail addresses"),
        "help_text": _("A new address counts once you open the link we send to it."),
    }
