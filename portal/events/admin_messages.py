"""The coordinator's "send a message" form (from the sign-up listing's bulk action or an event) and
"send reminders now", with what was just sent and how far it got. The texts are notices.py's; the
ledger in portal.notifications delivers them."""

import uuid
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from portal.notifications.channels import CHANNELS, get_channel
from portal.notifications.models import Channel, Delivery, DeliveryStatus
from portal.thai.text import validate_line, validate_text

from . import notices, reminders_now
from .models import ACTIVE_STATUSES, Event, Signup
from .permissions import can_coordinate


def audience(user, signup_ids=(), event_id=None):
    """The active sign-ups a coordinator chose (or all of an event's); PermissionDenied unless the
    user coordinates every event involved."""
    signups = Signup.objects.select_related("event__programme", "user")
    if event_id is not None:
        event = Event.objects.select_related("programme").filter(pk=event_id).first()
        if event is None or not can_coordinate(user, event):
            raise PermissionDenied
        return list(signups.filter(event=event, status__in=ACTIVE_STATUSES).order_by("pk"))
    chosen = list(signups.filter(pk__in=signup_ids, status__in=ACTIVE_STATUSES).order_by("pk"))
    if not chosen:
        return []
    for event in {signup.event for signup in chosen}:
        if not can_coordinate(user, event):
            raise PermissionDenied
    return chosen


def _enabled_channels():
    return [(name, Channel(name).label) for name in CHANNELS if get_channel(name).is_enabled()]


class ComposeForm(forms.Form):
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=150, validators=[validate_line])
    message = forms.CharField(
        label=gettext_lazy("Message"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=30000,
        validators=[validate_text],
        help_text=gettext_lazy("An empty line starts a new paragraph. A button to the event is added."),
    )
    channels = forms.MultipleChoiceField(
        label=gettext_lazy("Send by"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choose at least one way to send it.")},
    )
    token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channels"].choices = _enabled_channels()
        self.fields["channels"].initial = [name for name, _label in self.fields["channels"].choices]


def _selection(request):
    data = request.POST if request.method == "POST" else request.GET
    signup_ids = [value for value in data.getlist("signup") if value.isdigit()]
    event_id = data.get("event", "")
    if event_id and not event_id.isdigit():
        raise Http404
    return signup_ids, int(event_id) if event_id else None


def _sent(request, rows, title, back_url):
    """What was just sent and how far it got, for a coordinator (who does not see the whole log)."""
    rows = rows.select_related("recipient").order_by("recipient__first_name", "recipient__email", "channel")
    return render(
        request,
        "events/admin/sent.html",
        {
            "rows": rows,
            "page_title": title,
            "header_icon": "mail",
            "back_url": back_url,
            "counts": {status: sum(1 for row in rows if row.status == status) for status in DeliveryStatus},
        },
    )


def _sent_url(view_url, token, selection):
    return f"{view_url}?{urlencode([('sent', token), *selection], doseq=True)}"


def _forbidden():
    # A plain 403: Wagtail would turn PermissionDenied into a redirect to the dashboard.
    return HttpResponseForbidden(_("You can only send messages about events of the programmes you coordinate."))


@require_http_methods(["GET", "POST"])
def compose(request):
    signup_ids, event_id = _selection(request)
    if not signup_ids and event_id is None:
        raise Http404
    try:
        signups = audience(request.user, signup_ids, event_id)
    except PermissionDenied:
        return _forbidden()
    selection = [("signup", pk) for pk in signup_ids] + ([("event", event_id)] if event_id else [])
    if request.method == "GET" and request.GET.get("sent"):
        rows = Delivery.objects.filter(
            kind="coordinator_message", occasion=request.GET["sent"], subject_id__in=[signup.pk for signup in signups]
        )
        return _sent(request, rows, _("Send a message"), f"{request.path}?{urlencode(selection)}")
    form = ComposeForm(request.POST or None, initial={"token": uuid.uuid4()})
    line_preview = None
    if request.method == "POST" and form.is_valid() and "preview" in request.POST:
        line_preview = notices.line_preview(signups, form.cleaned_data["subject"], form.cleaned_data["message"])
    elif request.method == "POST" and form.is_valid():
        if not signups:
            messages.error(request, _("Nobody to send to: the chosen sign-ups are no longer active."))
        else:
            data = form.cleaned_data
            notices.coordinator_message(signups, data["subject"], data["message"], data["channels"], data["token"])
            messages.success(request, _("The message is on its way to %(count)s people.") % {"count": len(signups)})
            return redirect(_sent_url(request.path, data["token"], selection))
    return render(
        request,
        "events/admin/compose.html",
        {
            "form": form,
            "signups": signups,
            "signup_ids": signup_ids,
            "event_id": event_id,
            "page_title": _("Send a message"),
            "header_icon": "mail",
            "line_preview": line_preview,
        },
    )


@require_http_methods(["GET", "POST"])
def send_reminders(request, event_id):
    event = get_object_or_404(Event.objects.select_related("programme"), pk=event_id)
    if not can_coordinate(request.user, event):
        return _forbidden()
    back_url = reverse(Event.snippet_viewset.get_url_name("list"))
    if request.method == "GET" and request.GET.get("sent"):
        rows = Delivery.objects.filter(
            kind="reminder", occasion=reminders_now.occasion(event), subject_id__in=event.signups.values("pk")
        )
        return _sent(request, rows, _("Send reminders now"), back_url)
    if request.method == "POST":
        sent = reminders_now.send_now(event)
        if sent:
            messages.success(request, _("Reminders are on their way to %(count)s people.") % {"count": sent})
        else:
            messages.info(request, _("Everyone confirmed has already been reminded: nothing was sent again."))
        return redirect(_sent_url(request.path, "1", []))
    last_sent_at, last_sent_to = reminders_now.last_sent(event)
    return render(
        request,
        "events/admin/send_reminders.html",
        {
            "event": event,
            "to_remind": reminders_now.still_to_remind(event).count(),
            "back_url": back_url,
            "last_sent_at": last_sent_at,
            "last_sent_to": last_sent_to,
            "page_title": _("Send reminders now"),
            "header_icon": "mail",
        },
    )
