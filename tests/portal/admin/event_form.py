"""Posting the admin's event form back as a coordinator's browser would: every field (and each
activity of the inline formset) with the value the form shows, then the changes a test makes."""

import datetime

from django.forms import CheckboxInput
from django.utils import timezone

EVENTS = "/admin/snippets/portal_events/event"


def _posted(bound):
    value = bound.value()
    if isinstance(bound.field.widget, CheckboxInput):
        return "on" if value else None
    if isinstance(value, datetime.datetime):  # the form gives it on Bangkok time, naive or not
        return (timezone.localtime(value) if timezone.is_aware(value) else value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, (list, tuple)):
        return [str(item) for item in value]
    return value


def _fields(form):
    return {bound.html_name: _posted(bound) for bound in form}


def form_data(client, event):
    form = client.get(f"{EVENTS}/edit/{event.pk}/").context["form"]
    data = _fields(form)
    for formset in getattr(form, "formsets", {}).values():
        data.update(_fields(formset.management_form))
        for each in formset.forms:
            data.update(_fields(each))
    return {name: value for name, value in data.items() if value is not None}


def save_event(client, event, **changes):
    """POST the event's edit form with `changes`; the response (302 when saved)."""
    data = form_data(client, event)
    data.update({name: str(value) for name, value in changes.items()})
    return client.post(f"{EVENTS}/edit/{event.pk}/", data)
