"""An editor writes a Thai announcement with a photo album and an event card in Wagtail's admin and submits it for
review; an approver approves it with a comment (both at a desk, and again both on a phone); a visitor then finds
it on the home page, in the announcement index, in the RSS feed, in the sitemap, and on its own page with the album.

The admin speaks Thai. Fields are found by their names and ids, StreamField blocks by the labels
their block classes give them (translated the way the admin shows them), so a wording change in
the translations does not break the journey. Each editing step is a small helper: a later block
(an event card, say) is one more `add_..._block` call in the test."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect
from wagtail.models import TaskState

from cms.blocks import BodyBlock
from cms.models import AnnouncementIndexPage, AnnouncementPage
from portal.events.demo import TRAINING_TITLE
from portal.events.models import Event

PASSWORD = "demo-2563"


@dataclass(frozen=True)
class Photo:
    image_title: str  # as the demo names its images: "Demo album 01" .. "Demo album 12"
    alt_text: str
    caption: str


@dataclass(frozen=True)
class Announcement:
    title: str
    slug: str
    date: datetime.date
    place: str
    summary: str
    paragraph: str
    album_title: str
    photos: tuple


NEWS = Announcement(
    title="อพม. และเยาวชนเยี่ยมบ้านผู้สูงอายุ บ้านห้วยกระโห้",
    # Editors type a Latin slug: the one made from a Thai title loses its vowel and tone marks.
    slug="home-visits-huai-kra-ho",
    date=timezone.localdate(),
    place="หมู่ 4 บ้านห้วยกระโห้ ตำบลด่านแม่ละเมา",
    summary="อาสาสมัครพัฒนาสังคมและเยาวชนเยี่ยมบ้านผู้สูงอายุที่อยู่ลำพัง 12 ครอบครัว พร้อมมอบถุงยังชีพ",
    paragraph="เช้าวันเสาร์ อพม. ร่วมกับเยาวชนในตำบลด่านแม่ละเมา ออกเยี่ยมบ้านผู้สูงอายุที่อยู่ลำพัง "
    "สอบถามความเป็นอยู่ และส่งต่อความช่วยเหลือให้หน่วยงานที่เกี่ยวข้อง",
    album_title="ภาพกิจกรรมเยี่ยมบ้าน",
    photos=(
        Photo("Demo album 08", "อพม. นั่งคุยกับผู้สูงอายุหน้าบ้าน", "เยี่ยมบ้านผู้สูงอายุ"),
        Photo("Demo album 09", "เยาวชนมอบถุงยังชีพให้ครอบครัวที่ไปเยี่ยม", "มอบถุงยังชีพ"),
    ),
)
EVENT_CARD_NOTE = "เปิดรับ อพม. เยาวชน และภาคีเครือข่าย"
APPROVAL_COMMENT = "ตรวจแล้ว ภาพและข้อความเรียบร้อย เผยแพร่ได้"

STREAM = "#body-root > [data-streamfield-stream-container]"
FOOTER = "footer"


# --- logging in and out ---------------------------------------------------------------------


def log_in(page, site, username):
    """Staff open the admin and log in where everyone does (the portal's page), with the e-mail address."""
    page.goto(site + "/admin/")
    page.wait_for_url(lambda url: url.startswith(site + "/accounts/login/"))
    page.fill("input[name=login]", f"{username}@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(site + "/admin/")


def log_out(page, site):
    account = page.locator(".sidebar-footer__account")
    if not account.is_visible():  # on a phone the sidebar is folded away behind its toggle
        page.locator(".sidebar-nav-toggle").click()
    account.click()
    page.locator("form[action='/admin/logout/'] button[type=submit]").click()
    page.wait_for_url(lambda url: url.startswith(site + "/accounts/login/"))


# --- the page editor ------------------------------------------------------------------------


def block_label(name):
    """The label the admin's block picker shows for a BodyBlock child, in Thai."""
    with translation.override("th"):
        return str(BodyBlock().child_blocks[name].label)


def open_new_announcement_form(page, site, index):
    """Pages → the Thai home page → ข่าวประกาศ → add a child page (the only type allowed there
    is an announcement, so Wagtail goes straight to its form)."""
    home = index.get_parent()
    page.goto(site + "/admin/pages/")
    page.locator(f"main a[href='/admin/pages/{home.pk}/']").first.click()
    page.locator(f"main a[href='/admin/pages/{index.pk}/']").first.click()
    page.wait_for_url(site + f"/admin/pages/{index.pk}/")
    page.locator(f"main a[href='/admin/pages/{index.pk}/add_subpage/']").first.click()
    page.wait_for_url(site + f"/admin/pages/add/cms/announcementpage/{index.pk}/")


def fill_announcement_fields(page, news):
    page.fill("#id_title", news.title)
    page.fill("#id_date", news.date.isoformat())
    page.keyboard.press("Escape")  # closes the date picker that opened on focus
    page.fill("#id_place", news.place)
    page.fill("#id_summary", news.summary)


def admin_tab(page, english_heading):
    """The editor's tab whose heading Wagtail gives in English (its ids follow the translated
    heading, so the tab is found by its role and Thai name)."""
    with translation.override("th"):
        return page.get_by_role("tab", name=gettext(english_heading), exact=True)


def set_slug(page, slug):
    admin_tab(page, "Promote").click()
    page.fill("#id_slug", slug)
    admin_tab(page, "Content").click()


def add_block(page, name):
    """Appends a block to the body StreamField through its "+" button and block picker; returns
    the new block's container and its form prefix (e.g. "body-1")."""
    blocks = page.locator(f"{STREAM} > [data-streamfield-child]")
    count = blocks.count()
    page.locator(f"{STREAM} > div:not([data-streamfield-child]) > button.c-sf-add-button").last.click()
    page.get_by_role("option", name=block_label(name), exact=True).click()
    expect(blocks).to_have_count(count + 1)
    block = blocks.nth(count)
    block_type = block.locator("input[type=hidden][name$='-type']").first
    expect(block_type).to_have_value(name)
    return block, block_type.get_attribute("name").removesuffix("-type")


def add_paragraph_block(page, text):
    block, prefix = add_block(page, "paragraph")
    block.locator("[contenteditable=true][role=textbox]").click()
    page.keyboard.type(text)
    expect(block.locator("[contenteditable=true][role=textbox]")).to_contain_text(text)
    return block, prefix


def choose_image(page, field, image_title):
    """Opens the image chooser of `field`, searches for the image by its title and picks it."""
    field.locator("[data-chooser-action-choose]").click()
    modal = page.locator(".modal")
    search = modal.locator("input[name=q]")
    expect(search).to_be_visible()
    with page.expect_response(
        lambda response: "/admin/images/chooser/results/" in response.url and "q=" in response.url
    ):
        search.fill(image_title)
    # With more than one collection (the events' albums) the chooser's title is "collection » image".
    modal.locator(f"a[data-chooser-modal-choice][title$='{image_title}']").click()
    expect(field.locator("[data-chooser-title]")).to_have_text(image_title)
    expect(modal).to_be_hidden()


def add_gallery_block(page, album_title, photos):
    """A "Photo album" (cms.blocks.GalleryBlock) with each photo chosen through the image chooser."""
    block, prefix = add_block(page, "gallery")
    page.fill(f"#{prefix}-value-title", album_title)
    items = block.locator(f"[name='{prefix}-value-photos-count'] + [data-streamfield-list-container]")
    for position, photo in enumerate(photos):
        if position:  # the album starts with one empty photo (min_num=1)
            items.locator(":scope > button[data-streamfield-list-add]").last.click()
        item = items.locator(":scope > [data-streamfield-child]").nth(position)
        expect(item).to_be_visible()
        choose_image(page, item.locator("[data-contentpath=image]"), photo.image_title)
        item.locator("input[name$='-value-alt_text']").fill(photo.alt_text)
        item.locator("input[name$='-value-caption']").fill(photo.caption)
    return block, prefix


def add_event_card_block(page, event, note):
    """An "Event card" (cms.blocks.EventCardBlock): the event chosen through the snippet chooser."""
    block, prefix = add_block(page, "event_card")
    block.locator("[data-chooser-action-choose]").click()
    modal = page.locator(".modal")
    # By its address: the demo's finished first run has the same title and "รุ่นที่ 1" after it.
    modal.locator(f"a[data-chooser-modal-choice][href$='/chosen/{event.pk}/']", has_text=event.title).click()
    expect(block.locator("[data-chooser-title]")).to_contain_text(event.title)
    expect(modal).to_be_hidden()
    page.fill(f"#{prefix}-value-note", note)
    return block, prefix


def open_actions_menu(page):
    """The footer's "more actions" menu beside the primary save button."""
    page.locator(f"{FOOTER} [data-w-dropdown-target=toggle]").first.click()


def submit_for_review(page):
    open_actions_menu(page)
    submit = page.locator(f"{FOOTER} button[name=action-submit]")
    expect(submit).to_be_visible()
    submit.click()


def approve_with_comment(page, comment):
    open_actions_menu(page)
    page.locator(f"{FOOTER} button[data-workflow-action-name=approve][data-workflow-action-modal-url]").click()
    modal = page.locator(".modal")
    modal.locator("textarea[name=comment]").fill(comment)
    return modal


def admin_screenshot(page, screenshot, name):
    """Wagtail scrolls inside <main>, so a full-page shot shows one screen: grow the window to the
    whole form for the picture, then put it back."""
    size = page.viewport_size
    height = page.evaluate("Math.max(document.querySelector('main')?.scrollHeight || 0, window.innerHeight)")
    page.set_viewport_size({"width": size["width"], "height": min(height, 6000)})
    try:
        return screenshot(page, name)
    finally:
        page.set_viewport_size(size)


# --- the journey ----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_editor_writes_an_album_announcement_approver_publishes_it_visitor_finds_it(
    site, staff, staff_screen, phone, screenshot
):
    index = AnnouncementIndexPage.objects.get(locale__language_code="th", slug="news")
    news = NEWS
    page_path = f"/news/{news.slug}/"

    # 1–2. The editor writes the announcement.
    log_in(staff, site, "editor")
    open_new_announcement_form(staff, site, index)
    fill_announcement_fields(staff, news)
    set_slug(staff, news.slug)
    add_paragraph_block(staff, news.paragraph)
    add_gallery_block(staff, news.album_title, news.photos)
    event = Event.objects.get(title=TRAINING_TITLE)
    add_event_card_block(staff, event, EVENT_CARD_NOTE)

    # 3. Editors may only ask for review: no publish action anywhere in the footer.
    open_actions_menu(staff)
    expect(staff.locator(f"{FOOTER} button[name=action-submit]")).to_be_visible()
    expect(staff.locator(f"{FOOTER} button[name=action-publish]")).to_have_count(0)
    staff.keyboard.press("Escape")
    admin_screenshot(staff, screenshot, f"journey-1-editor-form-{staff_screen}")

    submit_for_review(staff)
    staff.wait_for_url(site + f"/admin/pages/{index.pk}/")
    expect(staff.locator(".messages")).to_contain_text(news.title)
    draft = AnnouncementPage.objects.get(slug=news.slug)
    assert not draft.live
    assert draft.workflow_in_progress
    assert phone.request.get(site + page_path).status == 404  # not public before approval

    # The editor's edit view of the page under review still offers no publish action.
    staff.goto(site + f"/admin/pages/{draft.pk}/edit/")
    open_actions_menu(staff)
    expect(staff.locator(f"{FOOTER} button[name=action-publish]")).to_have_count(0)
    expect(staff.locator(f"{FOOTER} [data-workflow-action-name=approve]")).to_have_count(0)
    staff.keyboard.press("Escape")
    log_out(staff, site)

    # 4. The approver finds it on the dashboard, opens it and approves it with a comment.
    log_in(staff, site, "approver")
    awaiting = staff.locator("#awaiting-review-content")
    review_link = awaiting.locator(f"a[href='/admin/pages/{draft.pk}/edit/']").first
    expect(review_link).to_have_text(news.title)
    admin_screenshot(staff, screenshot, f"journey-2-approver-dashboard-{staff_screen}")
    review_link.click()
    staff.wait_for_url(site + f"/admin/pages/{draft.pk}/edit/")
    expect(staff.locator("#id_title")).to_have_value(news.title)
    admin_screenshot(staff, screenshot, f"journey-3-approver-edit-view-{staff_screen}")
    modal = approve_with_comment(staff, APPROVAL_COMMENT)
    screenshot(staff, f"journey-4-approve-with-comment-{staff_screen}")
    modal.locator("form button[type=submit]").click()
    staff.wait_for_url(site + f"/admin/pages/{index.pk}/")
    expect(staff.locator(".messages")).to_contain_text(news.title)

    published = AnnouncementPage.objects.get(pk=draft.pk)
    assert published.live and not published.has_unpublished_changes
    task_state = TaskState.objects.filter(workflow_state__object_id=str(published.pk)).get()
    assert (task_state.status, task_state.comment) == ("approved", APPROVAL_COMMENT)
    body = [(block.block_type, block.value) for block in published.body]
    assert [block_type for block_type, _ in body] == ["paragraph", "gallery", "event_card"]
    assert (body[2][1]["event"], body[2][1]["note"]) == (event, EVENT_CARD_NOTE)
    gallery = body[1][1]
    assert [(photo["image"].title, photo["alt_text"], photo["caption"]) for photo in gallery["photos"]] == [
        (photo.image_title, photo.alt_text, photo.caption) for photo in news.photos
    ]

    # 5. A visitor (another browser, not logged in) finds it everywhere it should be.
    phone.goto(site + "/")
    latest = phone.locator("section[aria-labelledby=latest-heading]")
    expect(latest.locator("h2")).to_have_text("ข่าวประกาศล่าสุด")
    expect(latest.locator(".card__title a").first).to_have_text(news.title)  # newest first

    phone.goto(site + "/news/")
    card_link = phone.locator("main .card__title a", has_text=news.title)
    expect(card_link).to_have_attribute("href", page_path)

    feed = phone.request.get(site + "/feed/")
    assert feed.ok and feed.headers["content-type"].startswith("application/rss+xml")
    assert f"<title>{news.title}</title>" in feed.text() and page_path in feed.text()

    sitemap = phone.request.get(site + "/sitemap.xml")
    assert sitemap.ok and f"{page_path}</loc>" in sitemap.text()

    card_link.click()
    phone.wait_for_url(site + page_path)
    expect(phone.locator("h1")).to_have_text(news.title)
    expect(phone.locator(".dateline")).to_contain_text(str(news.date.year + 543))  # Buddhist Era
    expect(phone.locator(".announcement__body")).to_contain_text(news.paragraph)
    album = phone.locator(".announcement__body section[data-gallery]")
    expect(album.locator(".gallery__title")).to_have_text(news.album_title)
    expect(album.locator("img")).to_have_count(len(news.photos))
    for number, photo in enumerate(news.photos):
        expect(album.locator("img").nth(number)).to_have_attribute("alt", photo.alt_text)
        expect(album.locator(".gallery__caption").nth(number)).to_have_text(photo.caption)
    album.scroll_into_view_if_needed()
    phone.wait_for_function(
        "() => [...document.querySelectorAll('[data-gallery] img')].every(img => img.complete && img.naturalWidth > 0)"
    )
    card = phone.locator(".announcement__body .event-card-block")
    expect(card.locator(".event-card-block__note")).to_have_text(EVENT_CARD_NOTE)
    expect(card.locator(".card__title")).to_have_text(event.title)
    expect(card.locator(".seats")).to_contain_text(f"{event.capacity}")
    expect(card.locator("a.button")).to_have_attribute("href", f"/events/{event.pk}/")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # fits the phone
    screenshot(phone, "journey-5-published-on-a-phone")
