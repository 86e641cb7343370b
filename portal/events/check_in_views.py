"""The coordinator's check-in page on the day, and what lets it work with no signal (docs/check-in.md):
the roster it keeps on the phone, the address its queued check-ins are sent to, its web-app manifest
and its service worker. Without JavaScript the page still works online, one form at a time."""

import datetime
import hashlib
import json
import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.accounts.models import VolunteerGroup
from portal.accounts.views import consent_not_required

from . import check_in_queue, qr, services
from .check_in_window import check_in_problem, check_in_window
from .models import Event, EventStatus, Signup, SignupStatus, attendance_confirmed
from .permissions import can_coordinate

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
PHONE_DIGITS_SHOWN = 4  # the roster on the phone holds only the end of each number
MOST_QUEUED_AT_ONCE = 500  # a 70-person training twice over, and then some


def _coordinated_event(request, pk):
    event = get_object_or_404(Event, pk=pk)
    if not can_coordinate(request.user, event):
        raise PermissionDenied
    return event


def _digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


def signup_for_code(user, event, token=None, signup_id=None):
    """The sign-up a scanned or typed code, or a chosen row, names at `event`; SignupRefused with a
    sentence for the coordinator when there is none."""
    token = token.strip()[:500] if isinstance(token, str) else ""
    if token:
        signup = qr.signup_for_token(token)
    elif signup_id not in (None, ""):
        chosen = str(signup_id)
        signup = (
            Signup.objects.select_related("event", "user").filter(pk=chosen, event=event).first()
            if (chosen.isascii() and chosen.isdecimal() and len(chosen) <= 12)
            else None
        )
        if signup is None:
            raise services.SignupRefused(_("This person is not registered for this event."))
    else:
        raise services.SignupRefused(_("Scan a QR code or type its code first."))
    if signup.event_id != event.pk:
        # Which other event, only to whoever coordinates it: to anyone else its title is not theirs to read.
        if can_coordinate(user, signup.event):
            raise services.SignupRefused(_("This QR code is for another event: %(event)s.") % {"event": signup.event})
        raise services.SignupRefused(_("This QR code is for another event."))
    return signup


def search(confirmed, query):
    """Confirmed sign-ups whose name or nickname holds `query`, or whose phone holds its digits
    (Thai or Arabic, four or more: the end of a number is enough)."""
    digits = "".join(ch for ch in query.translate(THAI_DIGITS) if ch in "0123456789")
    match = (
        Q(user__first_name__icontains=query)
        | Q(user__last_name__icontains=query)
        | Q(user__profile__nickname__icontains=query)
    )
    if len(digits) >= 4:
        match |= Q(user__profile__phone__contains=digits.lstrip("0"))
    return confirmed.filter(match).order_by("user__first_name")[:30]


def _by_group(confirmed):
    counts = confirmed.values("user__profile__volunteer_group").annotate(
        expected=Count("pk"), arrived=Count("pk", filter=Q(checked_in_at__isnull=False))
    )
    found = {row["user__profile__volunteer_group"] or "": row for row in counts}
    labels = [*VolunteerGroup.choices, ("", _("No group given"))]
    return [
        {"label": label, "arrived": found[value]["arrived"], "expected": found[value]["expected"]}
        for value, label in labels
        if value in found
    ]


def _back(event, query):
    return redirect(reverse("events:check_in", args=[event.pk]) + (f"?{urlencode({'q': query})}" if query else ""))


@consent_not_required
@login_required
@require_http_methods(["GET", "POST"])
def check_in(request, pk):
    """The coordinator's check-in page on the day: scan the volunteer's QR code, or find them."""
    event = _coordinated_event(request, pk)
    if request.method == "POST":
        query = request.POST.get("q", "").strip()[:100]
        if "undo" in request.POST:
            _undo(request, event)
        else:
            _check_in(request, event)
        return _back(event, query)
    # PostgreSQL refuses text holding NUL, and no name or nickname holds one.
    query = request.GET.get("q", "").replace("\x00", "").strip()[:100]
    confirmed = event.signups.filter(status=SignupStatus.CONFIRMED)
    roster_url = reverse("events:check_in_roster", args=[event.pk])
    return render(
        request,
        "events/check_in.html",
        {
            "event": event,
            "query": query,
            "found": search(confirmed.select_related("user", "user__profile"), query) if query else [],
            "checked_in": confirmed.filter(checked_in_at__isnull=False).count(),
            "will_come": confirmed.filter(attendance_confirmed()).count(),
            "confirmed": confirmed.count(),
            "by_group": _by_group(confirmed),
            "closed": check_in_problem(event),
            # Someone arrives who never signed up: registered at the desk, then checked in here.
            "walk_in_url": reverse("events_walk_in", args=[event.pk]) if event.status == EventStatus.PUBLISHED else "",
            "app": {
                "roster": roster_url,
                "sync": reverse("events:check_in_sync", args=[event.pk]),
                "worker": reverse("events:check_in_worker"),
                "scope": reverse("events:list"),
                "decoder": static("vendor/jsqr/jsQR.js"),
                "event": event.pk,
                "strings": _app_strings(),
            },
        },
    )


def _check_in(request, event):
    try:
        signup = signup_for_code(request.user, event, request.POST.get("token"), request.POST.get("signup"))
        signup, already = services.check_in(signup, by=request.user)
    except services.SignupRefused as refused:
        messages.error(request, refused.reason)
        return
    name = signup.user.get_full_name() or signup.user.email
    if already:
        messages.info(request, _("%(name)s was already checked in. Nothing changed.") % {"name": name})
    else:
        messages.success(request, _("%(name)s is checked in.") % {"name": name})


def _undo(request, event):
    """The coordinator's "undo" beside someone checked in by mistake."""
    try:
        signup = signup_for_code(request.user, event, signup_id=request.POST.get("undo", ""))
        services.undo_check_in(signup, by=request.user)
    except services.SignupRefused as refused:
        messages.error(request, refused.reason)
        return
    name = signup.user.get_full_name() or signup.user.email
    messages.success(
        request, _("%(name)s's check-in is undone: the hours and the certificate are withdrawn.") % {"name": name}
    )


def _app_strings():
    """The offline page's words, in the page's language (check_in.js has none of its own)."""
    return {
        "online": _("Online"),
        "offline": _("Offline: check-ins are kept on this phone and sent when the signal returns."),
        "waiting": _("%(count)s waiting to be sent"),
        "all_sent": _("All check-ins sent."),
        "last_synced": _("Last synced: %(when)s"),
        "never_synced": _("Not synced yet"),
        "check_in": _("Check in"),
        "checked_in": _("Checked in"),
        "queued": _("Waiting to be sent"),
        "nobody": _("Nobody confirmed for this event matches."),
        "unknown_code": _("This code is not on this phone's list. It is kept and checked when the signal returns."),
        "refusals": _("Not checked in when sent (act on these):"),
        "dismiss": _("Done"),
        "camera": _("Point the camera at the volunteer's QR code."),
        "queued_person": _("%(name)s: kept on this phone, waiting to be sent."),
        "empty": _("Scan a QR code or type its code first."),
        "roster_gone": _("The list of people is no longer on this phone: the event is over or you logged out."),
        "undo": _("Undo check-in"),
        "sent_closed": _("While this page was closed, this phone sent %(count)s check-ins:"),
        "count_line": _("%(checked_in)s of %(confirmed)s checked in"),
        "no_group": _("No group given"),
    }


def _expires_at(event):
    _opens, closes = check_in_window(event)
    return closes


@consent_not_required
@login_required
@require_GET
def roster(request, pk):
    """What the phone keeps of the event's people: only what check-in needs, until the window closes."""
    event = _coordinated_event(request, pk)
    expires = _expires_at(event)
    people = []
    if timezone.now() < expires:
        confirmed = event.signups.filter(status=SignupStatus.CONFIRMED).select_related("user", "user__profile")
        for signup in confirmed.order_by("user__first_name", "pk"):
            profile = getattr(signup.user, "profile", None)
            people.append(
                {
                    "id": signup.pk,
                    "name": signup.user.get_full_name() or signup.user.email,
                    "nickname": getattr(profile, "nickname", ""),
                    "group": profile.get_volunteer_group_display() if profile else "",
                    "phone_end": (getattr(profile, "phone", "") or "")[-PHONE_DIGITS_SHOWN:],
                    "qr": _digest(qr.check_in_token(signup)),
                    "checked_in": bool(signup.checked_in_at),
                }
            )
    response = JsonResponse(
        {
            "event": event.pk,
            "expires": int(expires.timestamp() * 1000),
            "people": people,
            "synced": int(timezone.now().timestamp() * 1000),
        }
    )
    response["Cache-Control"] = "no-store, private"
    return response


@consent_not_required
@login_required
@require_POST
def sync(request, pk):
    """The phone's queued check-ins, each applied once under its id; the answer says, for each,
    what happened, in the coordinator's language."""
    event = _coordinated_event(request, pk)
    try:
        items = json.loads(request.body or b"[]")["check_ins"]
        assert isinstance(items, list) and len(items) <= MOST_QUEUED_AT_ONCE
    except (ValueError, KeyError, TypeError, AssertionError):
        return JsonResponse({"error": _("The phone sent something this page does not understand.")}, status=400)
    return JsonResponse({"results": [_apply(request.user, event, item) for item in items]})


def _apply(user, event, item):
    client_id = _client_id(item)
    if client_id is None:
        return {
            "id": str(item.get("id", ""))[:40] if isinstance(item, dict) else "",
            "outcome": "refused",
            "message": _("This check-in has no valid id. Nothing changed."),
        }
    made_at = item.get("at")
    if isinstance(made_at, int) and 0 < made_at < 10**14:
        made_at = datetime.datetime.fromtimestamp(made_at / 1000, tz=datetime.UTC)
    else:
        made_at = None
    try:
        signup = signup_for_code(
            user, event, item.get("token") if isinstance(item.get("token"), str) else None, item.get("signup")
        )
    except services.SignupRefused as refused:
        return {"id": str(client_id), "outcome": "refused", "message": refused.reason}
    outcome, message = check_in_queue.apply(client_id, signup, user, made_at)
    return {"id": str(client_id), "outcome": outcome, "message": message, "signup": signup.pk}


def _client_id(item):
    if not isinstance(item, dict) or not isinstance(item.get("id"), str):
        return None
    try:
        return uuid.UUID(item["id"][:40])
    except ValueError:
        return None


@consent_not_required
@login_required
@require_GET
def manifest(request, pk):
    """The installable web app: opens this event's check-in page, full screen."""
    event = _coordinated_event(request, pk)
    body = {
        "name": _("Check-in: %(event)s") % {"event": event.display_title},
        "short_name": _("Check-in"),
        "start_url": reverse("events:check_in", args=[event.pk]),
        "scope": reverse("events:list"),
        "id": reverse("events:check_in", args=[event.pk]),
        "display": "standalone",
        "lang": request.LANGUAGE_CODE,
        "background_color": "#ffffff",
        "theme_color": "#0b5e55",
        "icons": [
            {
                "src": static(f"icons/check-in-{size}.png"),
                "sizes": f"{size}x{size}",
                "type": "image/png",
                "purpose": "any maskable",
            }
            for size in (192, 512)
        ],
    }
    return JsonResponse(body, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False})


@require_GET
def worker(request):
    """The service worker, served from the events' address so that it may look after the check-in pages."""
    response = HttpResponse(render_to_string("events/check_in_worker.js"), content_type="text/javascript")
    response["Cache-Control"] = "no-cache"
    return response
