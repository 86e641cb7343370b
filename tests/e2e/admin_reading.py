"""How the Thai-admin journeys read a screen (tests/e2e/test_admin_speaks_thai.py): its visible text and the
placeholders, labels and titles of its controls, kept per screen wherever they still hold English."""

import contextlib
import re

from django.conf import settings
from django.contrib.auth import get_user_model
from playwright.sync_api import expect
from wagtail.images import get_image_model
from wagtail.models import Page

from tests.e2e.test_editorial_journey import open_actions_menu

# Latin words that are not English UI text: names staff know as they are (the product, file formats, units, LINE).
ALLOWED_WORDS = {
    "Wagtail",
    "CSV",
    "Excel",
    "XLSX",
    "PDF",
    "LINE",
    "GIF",
    "JPG",
    "JPEG",
    "PNG",
    "WEBP",
    "KB",
    "MB",
    "GB",
    "RSS",
    "English",
}  # (the portal's pages, where staff log in: its language switch, its feed)
# Web and e-mail addresses, and LINE ids (the office's, in the portal's footer).
ADDRESSES = re.compile(r"https?://\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<![\w@])@[\w.-]+")
# A run of Latin letters that touches no digit: "3d" in a format's help text or "h1" is notation, not a word.
LATIN_WORD = re.compile(r"(?<![0-9A-Za-z])[A-Za-z]+(?:['’][A-Za-z]+)*(?![0-9A-Za-z])")

VISIBLE_TEXT = """() => {
    const shown = (element) => element.getClientRects().length > 0 && getComputedStyle(element).visibility !== "hidden";
    const texts = [document.title, document.body.innerText];
    for (const element of document.querySelectorAll("[placeholder], [aria-label], [title]")) {
        if (!shown(element)) continue;
        for (const name of ["placeholder", "aria-label", "title"]) {
            if (element.hasAttribute(name)) texts.push(element.getAttribute(name));
        }
    }
    return texts.join("\\n");
}"""


def content_names():
    """What the content and the accounts call themselves in Latin letters: usernames, image titles and files, the
    English site's page titles and the name of its language, which the settings give in English."""
    return [
        *get_user_model().objects.values_list("username", flat=True),
        *get_image_model().objects.values_list("title", flat=True),
        *(name.rsplit("/", 1)[-1] for name in get_image_model().objects.values_list("file", flat=True)),
        *Page.objects.filter(locale__language_code="en").values_list("title", flat=True),
        *(name for code, name in settings.LANGUAGES if code == "en"),
    ]


class Reader:
    """Reads screens and keeps, per screen, the lines that hold English."""

    def __init__(self, page):
        self.page = page
        self.english = {}
        self.seen = set()

    def read(self, screen):
        """Keeps the lines with English that no earlier screen showed (the sidebar's, say, once)."""
        self.page.wait_for_load_state()
        lines = set()
        names = sorted(content_names(), key=len, reverse=True)
        for line in self.page.evaluate(VISIBLE_TEXT).splitlines():
            text = ADDRESSES.sub(" ", line)
            for name in names:
                text = re.sub(re.escape(name), " ", text, flags=re.IGNORECASE)
            if any(word not in ALLOWED_WORDS for word in LATIN_WORD.findall(text)):
                lines.add(line.strip()[:160])
        lines -= self.seen
        self.seen |= lines
        if lines:
            self.english.setdefault(screen, set()).update(lines)

    def report(self):
        return {screen: sorted(lines) for screen, lines in self.english.items()}


def still_screenshot(page, screenshot, name):
    """A picture once menus and modals have finished sliding and fading in or out."""
    page.wait_for_function("() => document.getAnimations().every(animation => animation.playState !== 'running')")
    screenshot(page, name)


def expand_sidebar(page):
    toggle = page.locator(".sidebar-nav-toggle")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":  # on a phone it folds away
        toggle.click()
        expect(toggle).to_have_attribute("aria-expanded", "true")


def read_sidebar_and_account_menu(page, reader, role):
    reader.read(f"{role}: dashboard")
    expand_sidebar(page)
    for submenu in page.locator(".sidebar-main-menu button[aria-expanded]").all():
        submenu.click()
        expect(submenu).to_have_attribute("aria-expanded", "true")
        reader.read(f"{role}: sidebar submenu {submenu.inner_text()}")
        page.keyboard.press("Escape")
        expect(submenu).to_have_attribute("aria-expanded", "false")
        # Escape folds a phone's sidebar away when the sidebar's key listener still holds "no submenu open".
        expand_sidebar(page)
    page.locator(".sidebar-footer__account").click()
    reader.read(f"{role}: account menu")
    page.keyboard.press("Escape")


def read_side_panels(page, reader, screen):
    for toggle in page.locator("[data-side-panel-toggle]").all():
        if not toggle.is_visible():
            continue
        name = toggle.get_attribute("data-side-panel-toggle")
        toggle.click()
        expect(page.locator(f"[data-side-panel='{name}']")).to_be_visible()
        reader.read(f"{screen}: side panel {name}")
        toggle.click()


def read_page_editor(page, reader, screen):
    """The editor as it opens, its footer's actions menu, and each side panel."""
    reader.read(screen)
    open_actions_menu(page)
    reader.read(f"{screen}: actions menu")
    page.keyboard.press("Escape")
    read_side_panels(page, reader, screen)


def read_schedule_dialog(page, reader, screen):
    """The status side panel and the schedule dialog it opens."""
    page.locator("[data-side-panel-toggle=status]").click()
    expect(page.locator("[data-side-panel=status]")).to_be_visible()
    reader.read(f"{screen}: status panel")
    page.locator("[data-side-panel=status] [data-a11y-dialog-show=schedule-publishing-dialog]").click()
    expect(page.locator("#schedule-publishing-dialog")).to_be_visible()
    reader.read(f"{screen}: schedule dialog")
    page.keyboard.press("Escape")
    page.locator("[data-side-panel-toggle=status]").click()


def upload_a_duplicate_image(page, reader):
    """The multiple upload, twice the same picture: the warning that the second is a duplicate, its buttons,
    and the form of the image kept."""
    picture = get_image_model().objects.first().file.path
    for count in (1, 2):
        page.set_input_files("#fileupload", picture)
        expect(page.locator("#upload-list li.upload-complete")).to_have_count(count, timeout=30_000)
    reader.read("image upload: a duplicate")
    page.locator("#upload-list li.upload-duplicate .confirm-upload").click()
    expect(page.locator("#upload-list li.upload-duplicate form")).to_be_visible()
    reader.read("image upload: the new image kept")


def read_filters(page, reader, screen):
    """Opens the listing's filters and each filter in turn."""
    page.locator(".w-dropdown--drilldown > [data-w-dropdown-target=toggle]").first.click()
    reader.read(f"{screen}: filters")
    for toggle in page.locator(".w-drilldown__menu .w-drilldown__toggle").all():
        toggle.click()
        reader.read(f"{screen}: filter {toggle.inner_text()}")
        page.locator(".w-drilldown__submenu:not([hidden]) .w-drilldown__back").click()
    page.keyboard.press("Escape")


def assert_reads_thai(text):
    assert re.search("[\u0e01-\u0e5b]", text) and not LATIN_WORD.findall(text), text


def read_autosave_states(page, reader, screen):
    """An editor types into a page: the indicator says it was saved; a title emptied pauses autosave, and the
    indicator and the footer say why. Each state's words, shown or in the indicator's tooltip, are Thai."""
    indicator, title = page.locator("#w-autosave-indicator"), page.locator("#id_title")
    footer = page.locator(".footer__container[data-controller=w-messages]")
    for word in (" ฉบับ", "แก้ไข", "ใหม่"):  # the first change may come before the editor watches for changes
        title.press("End")
        page.keyboard.type(word)
        with contextlib.suppress(AssertionError):
            expect(indicator).to_have_attribute("data-w-autosave-state-value", "saved", timeout=5_000)
            break
    expect(indicator).to_have_attribute("data-w-autosave-state-value", "saved")
    assert_reads_thai(indicator.inner_text() + indicator.get_attribute("data-w-tooltip-content-value"))
    reader.read(f"{screen}: autosaved")
    title.fill("")
    page.keyboard.type(" ")
    page.keyboard.press("Backspace")
    expect(indicator).to_have_attribute("data-w-autosave-state-value", "paused", timeout=15_000)
    expect(footer).to_be_visible()
    assert_reads_thai(indicator.inner_text() + indicator.get_attribute("data-w-tooltip-content-value"))
    assert_reads_thai(footer.inner_text())
    reader.read(f"{screen}: autosave paused")
