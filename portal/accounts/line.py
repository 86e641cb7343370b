"""What accounts tells the LINE Official Account (portal.notifications.line_events): who a LINE
user is, and what to answer someone who added the account but whose LINE is linked to no account."""

from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from portal.notifications import line_events


def person_for_line_id(line_user_id):
    """The active user who linked this LINE account (the uid of their allauth SocialAccount), or None."""
    account = (
        SocialAccount.objects.filter(provider="line", uid=line_user_id, user__is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return account.user if account else None


def line_login_is_on():
    return bool(settings.LINE_LOGIN_CHANNEL_ID and settings.LINE_LOGIN_CHANNEL_SECRET)


def link_your_account(event):
    """A new friend we cannot tell apart from anyone: the way to link LINE, in Thai and in English."""
    paragraphs = []
    for language in ("th", "en"):
        with translation.override(language):
            paragraphs.append(
                _(
                    "Thank you for adding us. To get your registrations and reminders here and answer them with "
                    "one tap, link this LINE account to your account on the portal: log in with your e-mail "
                    "address and choose LINE under Account connections, or, if you are new, log in with LINE."
                )
            )
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Welcome to %(site)s") % {"site": settings.WAGTAIL_SITE_NAME}
        if line_login_is_on():
            button = {"label": _("Link my account"), "url": settings.SITE_URL + reverse("socialaccount_connections")}
        else:
            button = {"label": _("Open the portal"), "url": settings.SITE_URL + "/"}
    return {
        "language": settings.LANGUAGE_CODE,
        "subject": title,
        "title": title,
        "paragraphs": paragraphs,
        "button": button,
    }


line_events.register_person(person_for_line_id)
line_events.register_unlinked_follow(link_your_account)
