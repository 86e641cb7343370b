"""The reference training's two days on a phone: the event page and My events show both days, and
the line with them wraps between words without pushing the page sideways."""

import pytest

from portal.events.demo import TRAINING_TITLE
from portal.events.models import Event
from portal.thai.dates import format_span
from tests.e2e.conftest import log_in


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_phone_shows_both_days_of_the_training(site, phone, screenshot):
    event = Event.objects.get(title=TRAINING_TITLE)
    both_days = format_span(event.starts_at, event.ends_at, "long", language="th")

    phone.goto(f"{site}/events/{event.pk}/")
    assert phone.locator(".dateline").inner_text().strip() == both_days
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(phone, "two-days-event-page-phone")

    log_in(phone, site, "volunteer@example.org")
    phone.goto(f"{site}/events/{event.pk}/")
    phone.get_by_role("button", name="ลงทะเบียน").click()
    phone.wait_for_url(site + "/events/mine/")
    assert both_days in phone.locator(".card__date").first.inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(phone, "two-days-my-events-phone")
