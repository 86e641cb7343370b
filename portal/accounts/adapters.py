import collections
import ipaddress
import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.internal import ratelimit
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.base import AuthError
from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse

from .names import is_acceptable_name

SiteName = collections.namedtuple("SiteName", "name domain")

logger = logging.getLogger(__name__)


def client_ip(request):
    """The visitor's address: the one the nearest of our TRUSTED_PROXY_COUNT proxies saw, from the
    right-hand end of X-Forwarded-For (what a visitor writes there themselves sits further left);
    the connection's own address when there is no proxy, or when a request bypassed them."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    hops = [hop.strip() for hop in request.headers.get("x-forwarded-for", "").split(",") if hop.strip()]
    candidate = hops[-count] if count and len(hops) >= count else remote
    if count and len(hops) < count:
        logger.warning(
            "X-Forwarded-For has %s of the %s trusted proxies' entries: using the peer address", len(hops), count
        )
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote or "0.0.0.0"


class AccountAdapter(DefaultAccountAdapter):
    """Every log-in form (the portal's, the staff admin's, Wagtail's private-page one, which all lead
    here) is limited three ways, counting failures only, so one person's mistakes do not lock out
    another (ACCOUNT_RATE_LIMITS): per address and account ("login_failed_here"), per account from
    anywhere and per address on any account (allauth's "login_failed")."""

    def get_client_ip(self, request):
        return client_ip(request)

    def pre_authenticate(self, request, **credentials):
        login = (credentials.get("email") or credentials.get("username") or "").strip().lower()
        here = ratelimit.consume(
            request, app="allauth.account", action="login_failed_here", key=f"{ratelimit.get_ip(request)}|{login}"
        )
        if not here:
            raise self.validation_error("too_many_login_attempts")
        try:
            super().pre_authenticate(request, **credentials)
        except Exception:
            here.rollback()
            raise
        self._failed_here = here

    def authenticate(self, request, **credentials):
        self._failed_here = None
        user = super().authenticate(request, **credentials)
        if user and self._failed_here:
            self._failed_here.rollback()  # a right password is not a failure
        return user

    def send_mail(self, template_prefix, email, context):
        # allauth greets "from" the current site; without django.contrib.sites that is the bare host
        # ("สวัสดีจาก 127.0.0.1:8000"): the portal's name, and its address, instead.
        request = allauth_context.request
        site = SiteName(name=settings.WAGTAIL_SITE_NAME, domain=request.get_host() if request else "")
        super().send_mail(template_prefix, email, {"current_site": site, **context})


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def get_provider(self, request, provider, client_id=None):
        """LINE Login switched off (no channel configured) is "not found", not a server error."""
        try:
            return super().get_provider(request, provider, client_id=client_id)
        except SocialApp.DoesNotExist:
            raise Http404(f"{provider} login is not configured") from None

    def on_authentication_error(self, request, provider, error=None, exception=None, extra_context=None):
        """LINE documents the refusal as ACCESS_DENIED; allauth only knows access_denied as a cancel."""
        if error != AuthError.CANCELLED and request.GET.get("error", "").lower() == "access_denied":
            raise ImmediateHttpResponse(HttpResponseRedirect(reverse("socialaccount_login_cancelled")))
        return super().on_authentication_error(request, provider, error, exception, extra_context)

    def populate_user(self, request, sociallogin, data):
        """A LINE display name is anything its owner typed: it becomes the person's name only if it is
        one the profile form would take (no web address, no invisible characters, no stacked marks);
        otherwise the name stays empty and the profile asks for it."""
        user = super().populate_user(request, sociallogin, data)
        for field in ("first_name", "last_name"):
            if getattr(user, field) and not is_acceptable_name(getattr(user, field)):
                setattr(user, field, "")
        return user
