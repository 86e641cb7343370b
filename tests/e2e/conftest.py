"""Browser journeys: Playwright drives Debian's chromium against the live test server.

Later journeys use `phone` (a 360 × 740 touch screen, Thai locale) or `desktop`, with `site`
(the live server with the demo content loaded), and `screenshot(page, name)` to keep a picture."""

import contextlib
import datetime
import io
import os
import time
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from portal.accounts.demo import DEMO_PASSWORD
from portal.events import services
from portal.events.models import Event, EventStatus, Programme
from tests.fixtures.volunteers import PASSWORD
from tests.services import CHROMIUM, chromium_missing

SCREENSHOTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="package", autouse=True)
def allow_sync_orm_beside_playwright():
    """Playwright's sync API runs an event loop in the test's thread; the ORM calls made there
    (fixtures, assertions) are still plain sync calls, so Django's async guard is lifted here only."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package")
def browser():
    if chromium_missing():
        pytest.skip(chromium_missing())
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


SCREENS = {
    "phone": {
        "viewport": {"width": 360, "height": 740},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
    "desktop": {"viewport": {"width": 1280, "height": 900}},
}


@contextlib.contextmanager
def browser_page(browser, screen):
    """A page in a browser context of its own (its own cookies: its own log-in) on that screen."""
    context = browser.new_context(locale="th-TH", **SCREENS[screen])
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def phone(browser):
    with browser_page(browser, "phone") as page:
        yield page


@pytest.fixture
def desktop(browser):
    with browser_page(browser, "desktop") as page:
        yield page


@pytest.fixture(params=SCREENS)
def staff_screen(request):
    """Staff work at a desk, and from their phone on the day: their journeys run on both screens."""
    return request.param


@pytest.fixture
def staff(browser, staff_screen):
    with browser_page(browser, staff_screen) as page:
        yield page


@pytest.fixture
def site(live_server):
    call_command("load_demo", stdout=io.StringIO())
    return live_server.url


def log_in(page, site, email, password=DEMO_PASSWORD, next_url=None):
    """Logs in through the portal's log-in page, the only one (the admin's leads there)."""
    page.goto(site + "/accounts/login/" + (f"?next={next_url}" if next_url else ""))
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


@pytest.fixture
def screenshot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name):
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def training(db, make_volunteer):
    now = timezone.now()
    programme = Programme.objects.create(
        name="โครงการทดสอบ", organisers="ศูนย์พัฒนาราษฎรบนพื้นที่สูงจังหวัดตาก", fiscal_year=2569
    )
    start = now + datetime.timedelta(hours=1)  # the day itself: check-in is open
    event = Event.objects.create(
        programme=programme,
        title="อบรมที่วัดบนดอย",
        place_name="วัดดอยมูเซอ",
        province_code="63",
        capacity=20,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=6),
        registration_opens_at=now - datetime.timedelta(days=1),
        registration_closes_at=start,
        cancellation_deadline=start,
        status=EventStatus.PUBLISHED,
    )
    for name in ("coord", "coord2"):
        coordinator = make_volunteer(name)
        coordinator.groups.add(Group.objects.get(name="Coordinators"))
        programme.coordinators.add(coordinator)
    signups = []
    for index, name in enumerate(["anong", "boonmee", "chai", "duang", "ekkachai", "fah"]):
        volunteer = make_volunteer(name)
        volunteer.profile.phone = f"+668123400{index}{index}"
        volunteer.profile.save()
        signups.append(services.sign_up(volunteer, event))
    return event, signups


def online_once(context, site, event, email):
    """Log in, open the check-in page online and wait until the phone holds it and its roster."""
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, site, email, password=PASSWORD)
    page.goto(f"{site}/events/{event.pk}/check-in/")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    kept = f"""async () => !!(await checkInStore.state({event.pk})).record.roster
        && !!(await caches.match(location.pathname))
        && (await (await caches.open("check-in-v1")).keys()).filter(request => request.url.includes("/static/")).length >= 4"""
    for _attempt in range(30):
        if page.evaluate(kept):
            return page
        time.sleep(0.5)
    raise AssertionError("the service worker did not keep the page and what it loads")
