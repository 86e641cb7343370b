"""Thai slugs that keep their vowels and tone marks.

Django takes a slug letter by letter as a letter, a digit, "_" or "-". Thai vowels written above or
below a consonant, and the tone marks, are none of these (they are combining marks), so Django
refuses "ข่าว" (news) as a slug, and its slugify(), which Wagtail uses to make a slug from a title,
and Wagtail's slug field both drop them: "ข่าว" became "ขาว" (white). Here the Thai marks count as
part of a slug in Django's check, in the slugs made on the server, in the admin's slug field
(static/cms/thai_slug.js does there what Wagtail's slug controller does, keeping the marks), and in
the addresses pages are served at."""

import re
import unicodedata

from django.core import validators
from django.db import models
from django.forms import TextInput
from django.urls import re_path
from django.utils.functional import keep_lazy_text
from django.utils.text import slugify as django_slugify

THAI_MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
# A mark sits on a letter (or on the mark before it), never alone.
THAI_SLUG = re.compile(rf"^(?:[-\w]|(?<=[\w{THAI_MARKS}])[{THAI_MARKS}])+\Z")
PAGE_SERVE_ROUTE = rf"^((?:[-\w{THAI_MARKS}]+/)*)$"


@keep_lazy_text
def slugify(value, allow_unicode=False):
    """Django's slugify, keeping Thai marks when Unicode is allowed. NFC, not Django's NFKC, which
    would split SARA AM (ำ) in two and make a slug that differs from the one the admin makes."""
    if not allow_unicode:
        return django_slugify(value)
    value = unicodedata.normalize("NFC", str(value)).lower()
    value = re.sub(rf"[^\w\s{THAI_MARKS}-]", "", value)
    value = re.sub(rf"(?<![\w{THAI_MARKS}])[{THAI_MARKS}]+", "", value)  # a mark with no letter to sit on
    return re.sub(r"[-\s]+", "-", value).strip("-_")


class ThaiSlugInput(TextInput):
    """The admin's slug field, filled from the title as Wagtail's is (the title's w-sync events)."""

    def __init__(self, attrs=None, **_wagtail_slug_options):
        super().__init__({
            "data-controller": "thai-slug",
            "data-action": "blur->thai-slug#slugify w-sync:check->thai-slug#compare "
                           "w-sync:apply->thai-slug#apply:prevent",
            **(attrs or {}),
        })


def keep_thai_marks_in_slugs():
    from wagtail.admin.forms.models import register_form_field_override
    from wagtail.admin.forms.pages import CopyForm
    from wagtail.models import Page, pages

    class CopyFormKeepingThaiMarks(CopyForm):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["new_slug"].widget = ThaiSlugInput()

    validators.validate_unicode_slug.regex = THAI_SLUG
    pages.slugify = slugify
    register_form_field_override(models.SlugField, override={"widget": ThaiSlugInput})
    Page.copy_form_class = CopyFormKeepingThaiMarks  # Wagtail's copy view asks the page type for its form


def page_urls():
    """Wagtail's front-end URLs, serving pages at addresses whose slugs hold Thai marks (Wagtail's
    own pattern takes letters, digits, "_" and "-" only: such a page had no address at all). Its
    private-page log-in leads to the portal's one log-in page, and its form for a page's shared
    password is limited as log-ins are (portal/accounts/staff_login.py)."""
    from django.urls import path
    from wagtail import urls as wagtail_urls
    from wagtail import views

    from portal.accounts.staff_login import page_login, throttled_shared_password

    replaced = ("wagtail_serve", "wagtailcore_login", "wagtailcore_authenticate_with_password")
    others = [pattern for pattern in wagtail_urls.urlpatterns if pattern.name not in replaced]
    return [
        *others,
        path("_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
             throttled_shared_password(views.authenticate_with_password),
             name="wagtailcore_authenticate_with_password"),
        path("_util/login/", page_login, name="wagtailcore_login"),
        re_path(PAGE_SERVE_ROUTE, views.serve, name="wagtail_serve"),
    ]
