"""Thai is the staff's language: every admin screen an editor, an approver, a coordinator or the admin meets
shows no English words, neither in its text nor in the placeholders, labels and titles of its visible controls.

Each journey reads every screen it passes (open menus, modals and side panels included) and reports the lines
that still hold English, screen by screen, so one run shows all that is left to translate."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from cms.models import AnnouncementIndexPage, AnnouncementPage
from portal.events import services
from portal.events.demo import TRAINING_TITLE
from portal.events.models import Event, SignupStatus
from tests.e2e.admin_reading import (
    Reader,
    read_autosave_states,
    read_filters,
    read_page_editor,
    read_schedule_dialog,
    read_side_panels,
    read_sidebar_and_account_menu,
    still_screenshot,
    upload_a_duplicate_image,
)
from tests.e2e.test_editorial_journey import (
    FOOTER,
    NEWS,
    add_block,
    add_gallery_block,
    add_paragraph_block,
    admin_screenshot,
    approve_with_comment,
    fill_announcement_fields,
    log_in,
    open_actions_menu,
    set_slug,
)
from tests.e2e.test_event_form_journey import assert_nothing_scrolls_sideways


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_editor_screens_are_thai(site, desktop, screenshot):
    page = desktop
    reader = Reader(page)
    index = AnnouncementIndexPage.objects.get(locale__language_code="th", slug="news")
    home = index.get_parent()

    # Staff log in, and reset a password, where everyone does: the portal's pages, which the admin leads to.
    page.goto(site + "/admin/")
    page.wait_for_url(lambda url: url.startswith(site + "/accounts/login/"))
    reader.read("login")
    page.goto(site + "/accounts/password/reset/")
    reader.read("password reset")
    page.fill("main input[name=email]", "editor@example.org")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(site + "/accounts/password/reset/done/")
    reader.read("password reset sent")

    log_in(page, site, "editor")
    read_sidebar_and_account_menu(page, reader, "editor")

    page.goto(site + f"/admin/pages/{index.pk}/")
    reader.read("page explorer")
    page.goto(site + f"/admin/pages/{home.pk}/add_subpage/")
    reader.read("add child page")
    page.goto(site + "/admin/pages/search/?q=" + "ตำบล")
    reader.read("page search")

    page.goto(site + f"/admin/pages/add/cms/announcementpage/{index.pk}/")
    read_page_editor(page, reader, "new announcement")
    read_schedule_dialog(page, reader, "new announcement")
    page.locator(f"{FOOTER} button[type=submit]").first.click()  # saving an empty form
    expect(page.locator(".messages")).to_be_visible()
    reader.read("new announcement: validation errors")

    page.goto(site + f"/admin/pages/add/cms/announcementpage/{index.pk}/")
    fill_announcement_fields(page, NEWS)
    set_slug(page, NEWS.slug)
    page.locator("#body-root button.c-sf-add-button").last.click()
    reader.read("new announcement: block chooser")
    page.keyboard.press("Escape")
    add_paragraph_block(page, NEWS.paragraph)
    add_gallery_block(page, NEWS.album_title, NEWS.photos)
    reader.read("new announcement: gallery block")
    page.locator("[data-contentpath=cover_image] [data-chooser-action-choose]").click()
    expect(page.locator(".modal input[name=q]")).to_be_visible()
    reader.read("image chooser")
    page.locator(".modal button[data-dismiss=modal]").click()
    block, _prefix = add_block(page, "event_card")
    block.locator("[data-chooser-action-choose]").first.click()
    expect(page.locator(".modal a[data-chooser-modal-choice]").first).to_be_visible()
    reader.read("event chooser")
    training = Event.objects.get(title=TRAINING_TITLE)  # not the demo's finished first run, "… รุ่นที่ 1"
    page.locator(f".modal a[data-chooser-modal-choice][href$='/chosen/{training.pk}/']").click()
    page.locator("#id_tags").focus()
    reader.read("new announcement: filled in")
    page.locator("[data-contentpath=summary] .w-field__comment-button").click()
    comment = page.locator("textarea.comment__input").first
    expect(comment).to_be_visible()
    reader.read("new announcement: a new comment")
    # The comment moves into place as the panel opens: a real click would wait for it to settle.
    page.locator(".comment__actions button:not(.comment__button--primary)").first.dispatch_event("click")
    admin_screenshot(page, screenshot, "thai-admin-1-editor-form-desktop")

    open_actions_menu(page)
    page.locator(f"{FOOTER} button[name=action-submit]").click()
    page.wait_for_url(site + f"/admin/pages/{index.pk}/")
    reader.read("after submitting for review")
    draft = AnnouncementPage.objects.get(slug=NEWS.slug)
    page.goto(site + f"/admin/pages/{draft.pk}/edit/")
    read_page_editor(page, reader, "announcement in review")

    page.goto(site + "/admin/images/")
    reader.read("images")
    page.goto(site + "/admin/images/multiple/add/")
    reader.read("image upload")
    upload_a_duplicate_image(page, reader)
    page.goto(site + "/admin/documents/")
    reader.read("documents")
    page.goto(site + "/admin/documents/multiple/add/")
    reader.read("document upload")

    assert reader.report() == {}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_autosave_speaks_thai(site, desktop):
    page = desktop
    reader = Reader(page)
    published = AnnouncementIndexPage.objects.get(locale__language_code="th", slug="news").get_children().first()
    log_in(page, site, "editor")
    page.goto(site + f"/admin/pages/{published.pk}/edit/")
    read_autosave_states(page, reader, "published announcement")
    assert reader.report() == {}


def page_in_review(index):
    """An announcement the editor has sent for review."""
    editor = get_user_model().objects.get(username="editor")
    draft = index.add_child(
        instance=AnnouncementPage(
            title=NEWS.title,
            slug=NEWS.slug,
            date=NEWS.date,
            place=NEWS.place,
            summary=NEWS.summary,
            live=False,
            owner=editor,
        )
    )
    draft.save_revision(user=editor)
    draft.get_workflow().start(draft, editor)
    return draft


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_approver_screens_are_thai(site, staff, staff_screen, screenshot):
    """At a desk and on a phone: approvers review from either."""
    page = staff
    reader = Reader(page)
    index = AnnouncementIndexPage.objects.get(locale__language_code="th", slug="news")
    draft = page_in_review(index)

    log_in(page, site, "approver")
    read_sidebar_and_account_menu(page, reader, "approver")

    page.goto(site + f"/admin/pages/{draft.pk}/edit/")
    reader.read("review")
    open_actions_menu(page)
    reader.read("review: actions menu")
    still_screenshot(page, screenshot, f"thai-admin-2-approver-actions-{staff_screen}")
    for action in ("approve", "reject"):
        page.locator(f"{FOOTER} button[data-workflow-action-name={action}][data-workflow-action-modal-url]").click()
        expect(page.locator(".modal textarea[name=comment]")).to_be_visible()
        reader.read(f"review: {action} modal")
        still_screenshot(page, screenshot, f"thai-admin-3-approver-{action}-modal-{staff_screen}")
        page.locator(".modal button[data-dismiss=modal]").click()
        expect(page.locator(".modal")).to_be_hidden()
        open_actions_menu(page)
    page.keyboard.press("Escape")
    read_side_panels(page, reader, "review")

    page.goto(site + f"/admin/pages/{draft.pk}/workflow_history/")
    reader.read("workflow history")
    page.locator("main a[href*='/workflow_history/detail/']").first.click()
    page.wait_for_url("**/workflow_history/detail/**")
    reader.read("workflow history detail")

    page.goto(site + f"/admin/pages/{draft.pk}/edit/")
    approve_with_comment(page, "ตรวจแล้ว เผยแพร่ได้")
    page.locator(".modal form button[type=submit]").click()
    page.wait_for_url(site + f"/admin/pages/{index.pk}/")
    reader.read("after approving")
    page.goto(site + f"/admin/pages/{draft.pk}/history/")
    reader.read("page history")

    assert reader.report() == {}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_coordinator_screens_are_thai(site, phone, make_volunteer, screenshot):
    """On a phone, as on the event day."""
    page = phone
    reader = Reader(page)
    event = Event.objects.get(title=TRAINING_TITLE)
    event.requires_approval = True
    event.save(update_fields=["requires_approval"])
    for number in range(3):
        services.sign_up(make_volunteer(f"person{number}"), event)
    pending = services.sign_up(make_volunteer("waiting"), event)
    assert pending.status == SignupStatus.PENDING

    log_in(page, site, "coordinator")
    read_sidebar_and_account_menu(page, reader, "coordinator")

    page.goto(site + "/admin/programmes/")
    reader.read("programmes")
    page.goto(site + "/admin/snippets/portal_events/event/")
    reader.read("events")
    page.goto(site + f"/admin/snippets/portal_events/event/edit/{event.pk}/")
    reader.read("event form")
    page.goto(site + "/admin/volunteers/")
    reader.read("volunteers")

    page.goto(site + f"/admin/signups/?event={event.pk}")
    reader.read("sign-ups")
    read_filters(page, reader, "sign-ups")
    page.locator(f"input[data-bulk-action-checkbox][data-object-id='{pending.pk}']").check()
    reader.read("sign-ups: bulk actions")
    still_screenshot(page, screenshot, "thai-admin-4-coordinator-signups-phone")
    page.locator("[data-bulk-action-footer] a[href*='/bulk/portal_events/signup/approve/']").click()
    page.wait_for_url("**/bulk/portal_events/signup/approve/**")
    reader.read("bulk approve confirmation")
    still_screenshot(page, screenshot, "thai-admin-5-coordinator-bulk-approve-phone")
    page.goto(site + f"/admin/signups/?event={event.pk}&q=person")
    reader.read("sign-ups search")
    page.goto(site + f"/admin/signups/inspect/{pending.pk}/")
    reader.read("sign-up in detail")
    walk_the_coordinators_day(page, site, reader, screenshot, "phone", event, pending)

    assert reader.report() == {}


def walk_the_coordinators_day(page, site, reader, screenshot, screen, event, signup):
    """The screens of the event day, each read, pictured and kept within the screen's width."""
    screens = {
        "new event": "/admin/snippets/portal_events/event/add/",
        "events": "/admin/snippets/portal_events/event/",
        "sign-ups": f"/admin/signups/?event={event.pk}",
        "volunteer": f"/admin/volunteers/inspect/{signup.user.profile.pk}/",
        "check-in": f"/events/{event.pk}/check-in/",
        "walk-in": f"/admin/events/{event.pk}/walk-in/",
        "compose": f"/admin/notifications/compose/?event={event.pk}",
        "reminders now": f"/admin/notifications/events/{event.pk}/send-reminders/",
        "programme report": "/admin/exports/programme-report/",
    }
    for name, url in screens.items():
        page.goto(site + url)
        reader.read(f"{name} ({screen})")
        still_screenshot(page, screenshot, f"thai-admin-day-{name.replace(' ', '-')}-{screen}")
        assert_nothing_scrolls_sideways(page)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_admin_screens_are_thai(site, desktop, make_volunteer, screenshot):
    page = desktop
    reader = Reader(page)
    log_in(page, site, "admin")
    read_sidebar_and_account_menu(page, reader, "admin")
    still_screenshot(page, screenshot, "thai-admin-6-admin-dashboard-desktop")
    page.goto(site + "/admin/notifications/deliveries/")
    reader.read("delivery log")
    read_filters(page, reader, "delivery log")
    event = Event.objects.get(title=TRAINING_TITLE)
    signup = services.sign_up(make_volunteer("deskperson"), event)
    walk_the_coordinators_day(page, site, reader, screenshot, "desktop", event, signup)
    assert reader.report() == {}
