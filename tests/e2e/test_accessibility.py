"""axe-core checks the pages a visitor, a volunteer and a coordinator use, on a 360 × 740 phone and
on a desktop screen: no serious or critical violation on any of them."""

import json
from pathlib import Path

import pytest

from portal.events.demo import TRAINING_TITLE
from portal.events.models import Event
from tests.e2e.conftest import log_in

AXE = Path(__file__).resolve().parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = {"serious", "critical"}
ANNOUNCEMENT_WITH_ALBUM = "/news/training-social-innovators-dan-mae-lamao/"


@pytest.fixture(scope="module")
def axe_source():
    if not AXE.exists():
        pytest.fail(f"axe-core is not installed at {AXE}: run `npm ci --prefix tests/e2e/axe` (`make test` does it)")
    return AXE.read_text(encoding="utf-8")


def _blocking_violations(page, axe_source):
    # Evaluated through the DevTools protocol, so the site's Content Security Policy does not stop it.
    page.evaluate(axe_source + "\n;undefined")
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [violation for violation in result["violations"] if violation["impact"] in BLOCKING_IMPACTS]


def _describe(url, violations):
    lines = [f"{url}:"]
    for violation in violations:
        lines.append(f"  [{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"]:
            lines.append(f"    {json.dumps(node['target'], ensure_ascii=False)} {node['html'][:200]}")
            lines.append(f"      {node['failureSummary']}".replace("\n", "\n      "))
    return "\n".join(lines)


@pytest.mark.parametrize("screen", ["phone", "desktop"])
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_pages_have_no_serious_or_critical_axe_violations(site, request, screen, axe_source, screenshot):
    page = request.getfixturevalue(screen)
    event_path = f"/events/{Event.objects.get(title=TRAINING_TITLE).pk}/"
    failures = []

    def check(name):
        path = page.url.removeprefix(site)
        violations = _blocking_violations(page, axe_source)
        screenshot(page, f"a11y-{screen}-{name}")
        if violations:
            failures.append(_describe(path, violations))

    visitor_pages = [
        ("home", "/", "h1"),
        ("home-english", "/en/", "h1"),
        ("announcement", ANNOUNCEMENT_WITH_ALBUM, "section[data-gallery] img"),
        ("event", event_path, "h1"),
        ("account-sign-up", "/accounts/signup/", "input[name=email]"),
    ]
    for name, path, shown in visitor_pages:
        page.goto(site + path)
        page.locator(shown).first.wait_for()
        check(name)
    # The form again as a person sees it after a mistake: its errors must stay readable and named.
    page.fill("input[name=email]", "volunteer@example.org")
    page.fill("input[name=password1]", "demo-2563-a")
    page.fill("input[name=password2]", "demo-2563-b")
    page.locator("main form button[type=submit]").click()
    page.locator("main .errorlist").first.wait_for()
    check("account-sign-up-errors")

    log_in(page, site, "volunteer@example.org")
    page.goto(site + event_path)
    register = page.get_by_role("button", name="ลงทะเบียน")
    check("event-registration-form")
    register.click()
    page.wait_for_url(site + "/events/mine/")
    assert page.locator("figure.qr img").count() == 1
    check("my-events")

    page.context.clear_cookies()
    log_in(page, site, "coordinator@example.org")
    page.goto(site + event_path + "check-in/")
    page.fill("input[name=q]", "มานะ")
    page.get_by_role("button", name="ค้นหา").click()
    page.locator(".checkin-list").get_by_text("มานะ").first.wait_for()
    check("check-in")

    assert not failures, "axe found serious or critical violations:\n" + "\n".join(failures)
