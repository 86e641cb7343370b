from django import template
from django.utils.html import format_html_join

from portal.thai.dates import format_date

register = template.Library()


@register.filter
def display_date(value, style="short"):
    """{{ event.start|display_date:"long" }}: Buddhist Era in Thai, Gregorian in English, Bangkok time."""
    return format_date(value, style)


@register.filter
def unbroken(parts):
    """{{ event.span_parts|unbroken }}: the pieces of a date (portal.thai.dates.span_parts), each kept
    on one line, so that a narrow screen breaks a long date between them only."""
    return format_html_join(" ", '<span class="unbroken">{}</span>', ((part,) for part in parts))
