from django import template

from portal.thai.dates import format_date

register = template.Library()


@register.filter
def display_date(value, style="short"):
    """{{ event.start|display_date:"long" }}: Buddhist Era in Thai, Gregorian in English, Bangkok time."""
    return format_date(value, style)
