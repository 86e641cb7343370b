from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.base import AuthError
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse


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
