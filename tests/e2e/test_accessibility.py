"""axe-core checks the pages a visitor, a volunteer and a coordinator use, on a 360 × 740 phone and
on a desktop screen: no serious or critical violation on any of them."""

import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from portal.accounts.demo import DEMO_PASSWORD
from portal.events import services
from portal.events.demo import TRAINING_TITLE
from portal.events.models import Event

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


def _log_in(page, site, email):
    page.goto(site + "/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


@pytest.mark.parametrize("screen", ["phone", "desktop"])
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_pages_have_no_serious_or_critical_axe_violations(site, request, screen, axe_source, screenshot):
    page = request.getfixturevalue(screen)
    event = Event.objects.get(title=TRAINING_TITLE)
    services.sign_up(get_user_model().objects.get(username="volunteer"), event)
    failures = []

    def check(name, path):
        assert page.url.startswith(site), page.url
        violations = _blocking_violations(page, axe_source)
        screenshot(page, f"a11y-{screen}-{name}")
        if violations:
            failures.append(_describe(path, violations))

    for name, path in [("home", "/"), ("announcement", ANNOUNCEMENT_WITH_ALBUM), ("event", f"/events/{event.pk}/"),
                       ("signup", "/accounts/signup/")]:
        page.goto(site + path)
        check(name, path)

    _log_in(page, site, "volunteer@example.org")
    page.goto(site + "/events/mine/")
    assert page.locator("figure.qr img").count() == 1
    check("my-events", "/events/mine/")

    page.context.clear_cookies()
    _log_in(page, site, "coordinator@example.org")
    check_in_path = f"/events/{event.pk}/check-in/"
    page.goto(site + check_in_path)
    page.fill("input[name=q]", "มานะ")
    page.get_by_role("button", name="ค้นหา").click()
    page.locator(".checkin-list").get_by_text("มานะ").first.wait_for()
    check("check-in", check_in_path)

    assert not failures, "axe found serious or critical violations:\n" + "\n".join(failures)

