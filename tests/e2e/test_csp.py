"""In a real browser the site's pages raise no Content Security Policy violation: the album viewer, the
event page with its sign-up form, the coordinator's check-in page and the userbar editors see work with
scripts and styles from static files only; the Wagtail admin and its page preview work under its own policy."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from portal.events import services
from portal.events.demo import TRAINING_TITLE
from portal.events.models import Event
from tests.e2e.conftest import log_in

ANNOUNCEMENT_WITH_ALBUM = "/news/training-social-innovators-dan-mae-lamao/"
# Installed before any page script runs (through the DevTools protocol, which the policy does not cover).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline") + " " +
                              (event.sourceFile || "") + ":" + event.lineNumber);
});
"""


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_pages_raise_no_content_security_policy_violation(site, desktop, screenshot):
    page = desktop
    page.add_init_script(RECORD_VIOLATIONS)
    console_reports = []
    page.on(
        "console",
        lambda message: console_reports.append(message.text) if "Content Security Policy" in message.text else None,
    )
    violations = []

    def record(name):
        found = page.evaluate("window.__cspViolations")
        violations.extend(f"{name}: {violation}" for violation in found)

    page.goto(site + "/")
    assert page.evaluate("window.__cspViolations") is not None  # the recorder is in place
    screenshot(page, "csp-home")
    record("home")

    page.goto(site + ANNOUNCEMENT_WITH_ALBUM)
    page.locator("[data-gallery] .gallery__item").first.click()
    viewer = page.locator("dialog.viewer")
    expect(viewer).to_be_visible()
    expect(viewer.locator("img")).to_have_js_property("complete", True)
    # The viewer's look comes from site.css: a full-screen dark dialog.
    assert viewer.evaluate("element => getComputedStyle(element).backgroundColor") == "rgb(17, 17, 17)"
    screenshot(page, "csp-album-viewer")
    record("announcement with the album viewer open")
    page.keyboard.press("Escape")

    event = Event.objects.get(title=TRAINING_TITLE)
    page.goto(site + f"/events/{event.pk}/")
    record("event")

    volunteer = get_user_model().objects.get(username="volunteer")
    services.sign_up(volunteer, event)
    log_in(page, site, "coordinator@example.org")
    page.goto(site + f"/events/{event.pk}/check-in/")
    page.fill("form.search-form input[name=q]", "มานะ")
    page.locator("form.search-form button[type=submit]").click()
    page.locator(".checkin-list").get_by_text("มานะ").first.wait_for()
    screenshot(page, "csp-check-in")
    record("check-in")

    page.context.clear_cookies()
    log_in(page, site, "editor@example.org")
    page.goto(site + ANNOUNCEMENT_WITH_ALBUM)
    page.locator("wagtail-userbar").wait_for(state="attached")
    record("announcement with the userbar an editor sees")

    assert not violations, "CSP violations:\n" + "\n".join(violations)
    assert not console_reports, "CSP reports in the console:\n" + "\n".join(console_reports)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_wagtail_admin_and_its_page_preview_work_under_the_admin_policy(site, desktop):
    from cms.models import AnnouncementPage

    page = desktop
    page.add_init_script(RECORD_VIOLATIONS)
    announcement = AnnouncementPage.objects.get(
        slug="training-social-innovators-dan-mae-lamao", locale__language_code="th"
    )
    log_in(page, site, "admin@example.org", next_url="/admin/")
    violations = [f"dashboard: {violation}" for violation in page.evaluate("window.__cspViolations")]

    page.goto(site + f"/admin/pages/{announcement.pk}/edit/")
    page.locator("[data-side-panel-toggle='preview']").click()
    preview = page.frame_locator("iframe#w-preview-iframe")
    expect(preview.locator("h1")).to_contain_text("อบรมเสริมพลัง", timeout=15_000)
    violations += [f"page editor: {violation}" for violation in page.evaluate("window.__cspViolations")]

    assert not violations, "CSP violations in the admin:\n" + "\n".join(violations)
