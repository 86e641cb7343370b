"""Django's Thai date formats, as Wagtail's admin uses them, in the Buddhist Era.

Our own pages format dates with portal.thai.dates. Wagtail's admin (page and workflow histories,
listings, notification e-mails) uses Django's named formats (DATE_FORMAT, DATETIME_FORMAT, ...),
whose year is the Christian Era: "29 พฤศจิกายน 2026" where Thai staff read 2569. In Thai, a date
written with one of those display formats gets its year in the Buddhist Era; a format spelt out
for machines ("Y-m-d" in a <time datetime>, a sitemap's lastmod) is left as it is."""

import functools

from django.utils import dateformat, translation
from django.utils.formats import get_format

from .dates import buddhist_year

DISPLAY_FORMATS = ("DATE_FORMAT", "DATETIME_FORMAT", "SHORT_DATE_FORMAT", "SHORT_DATETIME_FORMAT", "YEAR_MONTH_FORMAT")


def _thai_display_formats():
    return {get_format(name, lang="th") for name in DISPLAY_FORMATS}


def _in_buddhist_era_when_thai(format_date):
    @functools.wraps(format_date)
    def format_in_buddhist_era(value, format_string):
        if translation.get_language() == "th" and format_string in _thai_display_formats():
            format_string = format_string.replace("Y", str(buddhist_year(value.year)))
        return format_date(value, format_string)

    format_in_buddhist_era.buddhist_era = True
    return format_in_buddhist_era


def show_buddhist_era_in_thai_date_formats():
    if not getattr(dateformat.format, "buddhist_era", False):
        dateformat.format = _in_buddhist_era_when_thai(dateformat.format)
