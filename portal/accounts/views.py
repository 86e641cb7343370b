import json

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from portal.thai.addresses import district_choices, subdistrict_choices

from . import services
from .forms import ConsentForm, DeleteAccountForm, GuardianConsentForm, GuardianRequestForm, ProfileForm
from .models import ConsentPurpose, GuardianConsent, PrivacyNotice


def consent_not_required(view):
    """Reachable before the privacy notice is accepted (see ConsentRequiredMiddleware)."""
    view.consent_not_required = True
    return view


@login_required
@require_GET
def profile_detail(request):
    profile = services.profile_of(request.user)
    consents = services.current_consents(request.user)
    return render(
        request,
        "accounts/profile_detail.html",
        {
            "profile": profile,
            "email_verified": EmailAddress.objects.filter(user=request.user, verified=True).exists(),
            "consents": [(purpose, consents.get(purpose, (False, None))[0]) for purpose in ConsentPurpose],
            "guardian_request": profile.guardian_consents.last() if profile.is_minor else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    profile = services.profile_of(request.user)
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=profile, user=request.user)
        if "refresh_address" in request.POST:
            # Only the address lists change; nothing is saved and no errors are shown yet.
            form.is_valid()
            form.errors.clear()
        elif form.is_valid():
            form.save()
            messages.success(request, _("Your profile is saved."))
            return redirect("profile:detail")
    else:
        form = ProfileForm(instance=profile, user=request.user)
    return render(request, "accounts/profile_form.html", {"form": form, "profile": profile})


@consent_not_required
@require_GET
def address_options(request):
    """Districts of ?province=, or sub-districts of ?district=, for the address lists."""
    if "province" in request.GET:
        return JsonResponse({"options": district_choices(request.GET["province"][:2])})
    return JsonResponse({"options": subdistrict_choices(request.GET.get("district", "")[:4])})


@consent_not_required
@login_required
@require_http_methods(["GET", "POST"])
def consent(request):
    notice = PrivacyNotice.current()
    current = services.current_consents(request.user)
    if request.method == "POST":
        form = ConsentForm(request.POST)
        if form.is_valid():
            services.record_consent(request.user, form.choices())
            messages.success(request, _("Your choices are saved. You can change the optional ones at any time."))
            next_url = request.POST.get("next", "")
            if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
                next_url = ""
            return redirect(next_url or "profile:detail")
    else:
        form = ConsentForm(initial={purpose: granted for purpose, (granted, _version) in current.items()})
    return render(
        request,
        "accounts/consent.html",
        {"form": form, "notice": notice, "next": request.GET.get("next", request.POST.get("next", ""))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def guardian_request(request):
    profile = services.profile_of(request.user)
    if not profile.is_minor:
        messages.info(request, _("You are 20 or older, so you do not need a guardian's consent."))
        return redirect("profile:detail")
    form = GuardianRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.request_guardian_consent(profile, **form.cleaned_data)
        messages.success(request, _("The consent request is ready. Send the link to your guardian."))
        return redirect("profile:guardian")
    pending = profile.guardian_consents.filter(consented_at__isnull=True, withdrawn_at__isnull=True).last()
    return render(
        request,
        "accounts/guardian_request.html",
        {
            "form": form,
            "profile": profile,
            "pending": pending,
            "link": services.guardian_link(pending) if pending else "",
            "given": profile.guardian_consent,
        },
    )


@require_http_methods(["GET", "POST"])
def guardian_consent(request, token):
    """The page a guardian opens from the link: no account needed, the link is the key."""
    consent_request = (
        GuardianConsent.objects.select_related("profile__user").filter(token=token, withdrawn_at__isnull=True).first()
    )
    if consent_request is None:
        return render(request, "accounts/guardian_invalid.html", status=404)
    if consent_request.consented_at:
        return render(request, "accounts/guardian_done.html", {"consent": consent_request})
    form = GuardianConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.give_guardian_consent(consent_request, form.cleaned_data["signed_name"])
        consent_request.refresh_from_db()
        return render(request, "accounts/guardian_done.html", {"consent": consent_request})
    return render(
        request,
        "accounts/guardian_consent.html",
        {"form": form, "consent": consent_request, "volunteer": consent_request.profile, "notice": PrivacyNotice.current()},
    )


@consent_not_required
@login_required
@require_GET
def my_data(request):
    return render(request, "accounts/my_data.html", {"data": services.export_personal_data(request.user)})


@consent_not_required
@login_required
@require_GET
def my_data_download(request):
    data = services.export_personal_data(request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@consent_not_required
@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.erase_account(request.user)
        logout(request)
        messages.success(request, _("Your account and personal data have been deleted."))
        return redirect("/")
    return render(request, "accounts/delete_account.html", {"form": form})
