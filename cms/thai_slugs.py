"""Thai slugs that keep their vowels and tone marks.

Django takes a slug letter by letter as a letter, a digit, "_" or "-". Thai vowels written above or
below a consonant, and the tone marks, are none of these (they are combining marks), so Django
refuses "ข่าว" (news) as a slug, and its slugify(), which Wagtail uses to make a slug from a title,
and Wagtail's slug field both drop them: "ข่าว" became "ขาว" (white). Here the Thai marks count as
part of a slug through Wagtail's extension points: our page types' base (ThaiSlugPage) checks and
makes slugs in its own full_clean and form, the admin's slug field is ThaiSlugInput
(static/cms/thai_slug.js does there what Wagtail's slug controller does, keeping the marks), and
page_urls() serves pages at such addresses. Django's own validate_unicode_slug is left as it is."""

import re
import unicodedata

from django.core import validators
from django.core.exceptions import ValidationError
from django.db import models
from django.forms import TextInput
from django.urls import re_path
from django.utils.functional import keep_lazy_text
from django.utils.text import slugify as django_slugify
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.forms.pages import CopyForm, WagtailAdminPageForm
from wagtail.models import Page

THAI_MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
# A mark sits on a letter (or on the mark before it), never alone.
THAI_SLUG = re.compile(rf"^(?:[-\w]|(?<=[\w{THAI_MARKS}])[{THAI_MARKS}])+\Z")
# Django's check for a Unicode slug, with its message, taking the marks.
validate_thai_slug = validators.RegexValidator(THAI_SLUG, validators.validate_unicode_slug.message, "invalid")
PAGE_SERVE_ROUTE = rf"^((?:[-\w{THAI_MARKS}]+/)*)$"


@keep_lazy_text
def slugify(value, allow_unicode=False):
    """Django's slugify, keeping Thai marks when Unicode is allowed. NFC, not Django's NFKC, which
    would split SARA AM (ำ) in two and make a slug that differs from the one the admin makes."""
    if not allow_unicode:
        return django_slugify(value)
    value = unicodedata.normalize("NFC", str(value)).lower()
    value = re.sub(rf"[^\w\s{THAI_MARKS}-]", "", value)
    # A mark with no letter to sit on ("_" and digits are none): it would be left alone once "_" is stripped.
    value = re.sub(rf"(?<![^\W\d_]|[{THAI_MARKS}])[{THAI_MARKS}]+", "", value)
    return re.sub(r"[-\s]+", "-", value).strip("-_")


class ThaiSlugInput(TextInput):
    """The admin's slug field, filled from the title as Wagtail's is (the title's w-sync events)."""

    def __init__(self, attrs=None, **_wagtail_slug_options):
        super().__init__(
            {
                "data-controller": "thai-slug",
                "data-action": "blur->thai-slug#slugify w-sync:check->thai-slug#compare "
                "w-sync:apply->thai-slug#apply:prevent",
                **(attrs or {}),
            }
        )


def _with_thai_marks(field_validators):
    return [validate_thai_slug if check is validators.validate_unicode_slug else check for check in field_validators]


class ThaiSlugPageForm(WagtailAdminPageForm):
    """Every page type's admin form (ThaiSlugPage.base_form_class): its slug may hold Thai marks."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].validators = _with_thai_marks(self.fields["slug"].validators)


class CopyFormKeepingThaiMarks(CopyForm):
    """Wagtail's copy view asks the page type for its form (`copy_form_class`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        new_slug = self.fields["new_slug"]
        new_slug.widget = ThaiSlugInput()
        new_slug.validators = _with_thai_marks(new_slug.validators)


class ThaiSlugPage(Page):
    """The base of our page types: a slug keeps its Thai marks when made from the title on the
    server (a page saved without one) and when checked, by the page type's own form and full_clean."""

    base_form_class = ThaiSlugPageForm
    copy_form_class = CopyFormKeepingThaiMarks

    class Meta:
        abstract = True

    def full_clean(self, exclude=None, validate_unique=True, validate_constraints=True):
        if not self.slug and self.path:
            self.slug = self._slug_from_title()
        errors = {}
        try:
            super().full_clean(
                exclude={*(exclude or ()), "slug"},
                validate_unique=validate_unique,
                validate_constraints=validate_constraints,
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if "slug" not in (exclude or ()) and (problems := self._slug_problems()):
            errors.setdefault("slug", []).extend(problems)
        if errors:
            raise ValidationError(errors)

    def _slug_problems(self):
        slug_field = self._meta.get_field("slug")
        if not self.slug:
            return [ValidationError(slug_field.error_messages["blank"], code="blank")]
        problems = []
        for check in _with_thai_marks(slug_field.validators):
            try:
                check(self.slug)
            except ValidationError as error:
                problems.extend(error.error_list)
        return problems

    def _slug_from_title(self):
        base = slugify(self.title, allow_unicode=True)
        if not base:
            return ""
        siblings = self.get_parent().get_children().exclude(pk=self.pk)
        slug, number = base, 1
        while siblings.filter(slug=slug).exists():
            number += 1
            slug = f"{base}-{number}"
        return slug


def use_the_thai_slug_input():
    """The admin's slug fields (pages' promote tab) fill from the title keeping the marks."""
    register_form_field_override(models.SlugField, override={"widget": ThaiSlugInput})


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
        path(
            "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
            throttled_shared_password(views.authenticate_with_password),
            name="wagtailcore_authenticate_with_password",
        ),
        path("_util/login/", page_login, name="wagtailcore_login"),
        re_path(PAGE_SERVE_ROUTE, views.serve, name="wagtail_serve"),
    ]
