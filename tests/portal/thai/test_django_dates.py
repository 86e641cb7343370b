"""Dates that Wagtail's admin writes with Django's Thai formats show the Buddhist Era year;
dates spelt out for machines keep the Christian Era."""

import datetime
import re

import pytest
from django.template import Context, Template
from django.utils import timezone, translation
from django.utils.formats import date_format

from portal.thai.dates import THAI_MONTHS

MOMENT = datetime.datetime(2026, 11, 29, 14, 39)


@pytest.mark.parametrize(
    "format_name, shown",
    [
        ("DATE_FORMAT", "29 พฤศจิกายน 2569"),
        ("DATETIME_FORMAT", "29 พฤศจิกายน 2569, 14:39"),
        ("SHORT_DATE_FORMAT", "29 พ.ย. 2569"),
        ("YEAR_MONTH_FORMAT", "พฤศจิกายน 2569"),
    ],
)
def test_thai_display_formats_give_the_buddhist_era(format_name, shown):
    with translation.override("th"):
        assert date_format(MOMENT, format_name) == shown


def test_a_date_shown_as_it_is_in_a_thai_template_is_in_the_buddhist_era():
    with translation.override("th"):
        assert Template("{{ moment }}").render(Context({"moment": MOMENT.date()})) == "29 พฤศจิกายน 2569"


def test_formats_spelt_out_for_machines_and_english_keep_the_christian_era():
    template = Template('{{ moment|date:"Y-m-d" }} {{ moment|date:"c" }}')
    with translation.override("th"):
        assert template.render(Context({"moment": MOMENT})) == "2026-11-29 2026-11-29T14:39:00"
    with translation.override("en"):
        assert date_format(MOMENT, "DATE_FORMAT") == "Nov. 29, 2026"


@pytest.mark.django_db
def test_the_admin_page_history_dates_each_change_in_the_buddhist_era(client, demo):
    from django.contrib.auth import get_user_model

    from cms.models import AnnouncementPage

    administrator = get_user_model().objects.get(username="admin")
    announcement = AnnouncementPage.objects.live().first()
    revision = announcement.save_revision(user=administrator, log_action=True)
    client.force_login(administrator)

    html = client.get(f"/admin/pages/{announcement.pk}/history/").content.decode()

    saved = timezone.localtime(revision.created_at)
    assert f"{saved.day} {THAI_MONTHS[saved.month - 1]} {saved.year + 543}" in html
    assert f"{saved.day} {THAI_MONTHS[saved.month - 1]} {saved.year}," not in html


@pytest.mark.django_db
def test_the_sitemap_keeps_christian_era_dates(client, demo):
    sitemap = client.get("/sitemap.xml").content.decode()
    years = [int(year) for year in re.findall(r"<lastmod>(\d{4})-", sitemap)]
    assert years and max(years) < 2100
