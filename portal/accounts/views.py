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
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from portal.notifications.unsubscribe import user_id_for
from portal.thai.addresses import district_choices, subdistrict_choices
from portal.thai.dates import format_date

from . import guardians, personal_data, services
from .forms import ConsentForm, DeleteAccountForm, GuardianConsentForm, GuardianRequestForm, ProfileForm
from .models import ConsentPurpose, PrivacyNotice, Profile


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
    refused = guardians.refused_by_guardian(request.user, [ConsentPurpose.LINE_REMINDERS, ConsentPurpose.PHOTOS])
    if request.method == "POST":
        form = ConsentForm(request.POST, refused_by_guardian=refused)
        if form.is_valid():
            services.record_consent(request.user, form.choices())
            messages.success(request, _("Your choices are saved. You can change the optional ones at any time."))
            next_url = request.POST.get("next", "")
            if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
                next_url = ""
            return redirect(next_url or "profile:detail")
    else:
        form = ConsentForm(
            initial={purpose: granted for purpose, (granted, _version) in current.items()}, refused_by_guardian=refused
        )
    return render(
        request,
        "accounts/consent.html",
        {"form": form, "notice": notice, "next": request.GET.get("next", request.POST.get("next", ""))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def guardian_request(request):
    """The minor names their guardian; the link goes to the guardian only, never to this page."""
    profile = services.profile_of(request.user)
    if not profile.is_minor:
        messages.info(request, _("You are 20 or older, so you do not need a guardian's consent."))
        return redirect("profile:detail")
    form = GuardianRequestForm(request.POST or None, profile=profile)
    if request.method == "POST" and form.is_valid():
        try:
            sent = guardians.request_guardian_consent(profile, **form.cleaned_data)
        except guardians.GuardianRequestRefused as refused:
            form.add_error(refused.field if refused.field in form.fields else None, refused.reason)
        else:
            messages.success(
                request,
                _(
                    "We have sent the consent link to %(address)s. Ask your guardian to open "
                    "it; it works until %(date)s."
                )
                % {"address": sent.guardian_email, "date": format_date(sent.expires_at, "long")},
            )
            return redirect("profile:guardian")
    latest = profile.guardian_consents.order_by("-requested_at", "-pk").first()
    return render(
        request,
        "accounts/guardian_request.html",
        {"form": form, "profile": profile, "latest": latest, "given": profile.guardian_consent},
    )


@never_cache  # the page answers for a secret link: no cache keeps it
@require_http_methods(["GET", "POST"])
def guardian_consent(request, token):
    """The page a guardian opens from the link they received: no account needed, the link is the key,
    and it answers once."""
    consent_request = guardians.request_for_token(token)
    if consent_request is None:
        return render(request, "accounts/guardian_invalid.html", status=404)
    if consent_request.is_answered:
        return render(request, "accounts/guardian_done.html", {"consent": consent_request})
    if consent_request.is_expired():
        return render(request, "accounts/guardian_invalid.html", {"expired": consent_request}, status=410)
    described = guardians.participation()
    form = GuardianConsentForm(request.POST or None, activity_kinds=described["activity_kinds"])
    if request.method == "POST" and form.is_valid():
        name = form.cleaned_data["signed_name"]
        if form.decision == form.REFUSE:
            answered = guardians.refuse_guardian_consent(consent_request, name)
        else:
            answered = guardians.give_guardian_consent(
                consent_request, name, form.cleaned_data.get("activity_kinds", []), form.optional_purposes()
            )
        return render(request, "accounts/guardian_done.html", {"consent": answered})
    return render(
        request,
        "accounts/guardian_consent.html",
        {
            "form": form,
            "consent": consent_request,
            "volunteer": consent_request.profile,
            "programmes": described["programmes"],
            "notice": PrivacyNotice.current(),
        },
    )


@consent_not_required
@login_required
@require_GET
def my_data(request):
    return render(request, "accounts/my_data.html", {"sections": personal_data.sections(request.user)})


@consent_not_required
@login_required
@require_GET
def my_data_download(request):
    data = personal_data.export_personal_data(request.user)
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


# A message's unsubscribe link (portal/notifications/unsubscribe.py makes and reads its token).
@csrf_exempt  # the signed link is the credential; mail programs POST "List-Unsubscribe=One-Click" without a form
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    user_id = user_id_for(token)
    profile = Profile.objects.filter(user_id=user_id).first() if user_id is not None else None
    if profile is None:
        return render(request, "accounts/unsubscribe.html", {"invalid": True}, status=404)
    if request.method == "POST":
        profile.notify_by_email = False
        profile.save(update_fields=["notify_by_email", "updated_at"])
        return render(request, "accounts/unsubscribe.html", {"done": True})
    return render(request, "accounts/unsubscribe.html", {"profile": profile})
