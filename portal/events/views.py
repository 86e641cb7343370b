import io
import re

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from portal.accounts.models import VolunteerGroup
from portal.accounts.views import consent_not_required
from portal.thai.addresses import province_choices
from portal.thai.dates import parse_date

from . import calendar, certificates, qr, services
from .eligibility import eligibility_problems
from .models import ACTIVE_STATUSES, CalendarFeed, ChangeReason, Event, EventStatus, Signup, SignupChange, SignupStatus
from .notices import language_of
from .permissions import can_coordinate

EVENTS_PER_PAGE = 20
CERTIFICATE_CODE = re.compile(r"[A-Za-z0-9_-]{1,16}")  # what Signup.new_certificate_code makes
# A QR code is accepted until this long after its event ends: never sooner, as volunteers show screenshots
# made days before, offline; after the event a coordinator still checks someone in by name.


@consent_not_required
@require_GET
def event_list(request):
    events = Event.objects.upcoming()
    province = request.GET.get("province", "")[:2]
    province = province if province.isdecimal() else ""  # province codes are two digits
    group = request.GET.get("group", "")
    date_text = request.GET.get("from", "")[:20]
    if province:
        events = events.filter(province_code=province)
    if group in VolunteerGroup.values:
        events = events.filter(Q(eligible_groups=[]) | Q(eligible_groups__contains=group))
    day, date_error = None, ""
    if date_text:
        try:
            day = parse_date(date_text)
            events = events.filter(ends_at__date__gte=day)
        except ValueError:
            date_error = _("Enter the date as day/month/year in the Buddhist Era, for example 25/10/2550.")
    return render(
        request,
        "events/event_list.html",
        {
            "events": events[:EVENTS_PER_PAGE],
            "provinces": province_choices(),
            "groups": VolunteerGroup.choices,
            "selected": {"province": province, "group": group, "from": date_text},
            "date_error": date_error,
        },
    )


def _own_signup(request, event):
    if not request.user.is_authenticated:
        return None
    return Signup.objects.filter(event=event, user=request.user).first()


@consent_not_required
@require_GET
def event_detail(request, pk):
    event = get_object_or_404(Event.objects.select_related("programme"), pk=pk)
    if event.status == EventStatus.DRAFT and not can_coordinate(request.user, event):
        raise Http404
    signup = _own_signup(request, event)
    confirmed = event.signups.filter(status=SignupStatus.CONFIRMED).count()
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "activities": event.activities.all(),
            "signup": signup if signup and signup.is_active else None,
            "seats_left": max(event.capacity - confirmed, 0),
            "problems": eligibility_problems(request.user, event) if not (signup and signup.is_active) else [],
            "coordinates": can_coordinate(request.user, event),
        },
    )


@login_required
@require_POST
def register(request, pk):
    event = get_object_or_404(Event, pk=pk)
    chosen = request.POST.getlist("activities")
    activities = list(event.activities.filter(pk__in=[value for value in chosen if value.isdigit()]))
    try:
        signup = services.sign_up(request.user, event, activities)
    except services.SignupRefused as refused:
        messages.error(request, refused.reason)
        return redirect("events:detail", pk=event.pk)
    if signup.status == SignupStatus.CONFIRMED:
        messages.success(request, _("You are registered. Show your QR code at check-in."))
    elif signup.status == SignupStatus.WAITLISTED:
        messages.info(
            request,
            _("The event is full. You are number %(position)s on the waitlist; we will tell you if a seat frees up.")
            % {"position": signup.waitlist_position},
        )
    else:
        messages.info(request, _("Your registration is waiting for the coordinator's approval."))
    return redirect("events:mine")


def _signup_of(request, pk):
    """The person's own sign-up; anyone else's is simply not found."""
    return get_object_or_404(Signup.objects.select_related("event"), pk=pk, user=request.user)


@login_required
@require_GET
def my_events(request):
    now = timezone.now()
    # Cancelled sign-ups are left out, except those the event's cancellation cancelled: the person was told.
    by_the_event = SignupChange.objects.filter(signup=OuterRef("pk"), reason=ChangeReason.EVENT_CANCELLED)
    signups = (
        Signup.objects.filter(user=request.user)
        .exclude(Q(status=SignupStatus.CANCELLED) & ~Exists(by_the_event))
        .select_related("event")
        .prefetch_related("activities", "event__activities")
        .order_by("event__starts_at")
    )
    feed, _created = CalendarFeed.objects.get_or_create(user=request.user)
    return render(
        request,
        "events/my_events.html",
        {
            "upcoming": [s for s in signups if s.event.ends_at >= now],
            "past": [s for s in signups if s.event.ends_at < now][::-1],
            "total_hours": sum((s.hours_credited or 0) for s in signups),
            "feed_url": request.build_absolute_uri(reverse("events:personal_calendar", args=[feed.token])),
        },
    )


@login_required
@require_GET
def qr_code(request, pk):
    signup = _signup_of(request, pk)
    if signup.status != SignupStatus.CONFIRMED:
        raise Http404
    buffer = io.BytesIO()
    segno.make(qr.check_in_token(signup), error="m").save(buffer, kind="svg", scale=6, border=2)
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@consent_not_required
@require_GET
def event_calendar(request, pk):
    event = get_object_or_404(Event, pk=pk, status=EventStatus.PUBLISHED)
    response = HttpResponse(calendar.for_events(request, [(event, None)]), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


@consent_not_required
@require_GET
def personal_calendar(request, token):
    feed = get_object_or_404(CalendarFeed, token=token)
    signups = Signup.objects.filter(user=feed.user, status__in=ACTIVE_STATUSES).select_related("event")
    with translation.override(language_of(feed.user)):
        name = _("My volunteer events · %(site)s") % {"site": settings.WAGTAIL_SITE_NAME}
    body = calendar.for_events(request, [(signup.event, signup) for signup in signups], name=name)
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@login_required
@require_POST
def reset_calendar(request):
    CalendarFeed.objects.filter(user=request.user).delete()
    CalendarFeed.objects.create(user=request.user)
    messages.success(request, _("Your calendar address has changed. The old one no longer works."))
    return redirect("events:mine")


@login_required
@require_GET
def certificate(request, pk):
    signup = _signup_of(request, pk)
    if not signup.has_certificate:
        raise Http404
    response = HttpResponse(certificates.render_pdf(request, signup), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{signup.certificate_code}.pdf"'
    return response


@consent_not_required
@require_GET
def verify_certificate(request, code):
    signup = (
        (
            Signup.objects.select_related("event__programme", "user")
            .filter(certificate_code=code, checked_in_at__isnull=False, status=SignupStatus.CONFIRMED)
            .exclude(event__status=EventStatus.CANCELLED)
            .first()
        )
        if CERTIFICATE_CODE.fullmatch(code)
        else None
    )
    return render(request, "events/certificate_verify.html", {"signup": signup}, status=200 if signup else 404)
