"""Django and Wagtail form messages that their own Thai catalogues leave in English. Listing them here
puts them in locale/th, whose translations take precedence, so every message a user sees is in Thai."""

from django.utils.translation import gettext_noop, ngettext_lazy

MISSING_FROM_DJANGO_THAI = [
    gettext_noop("Null characters are not allowed."),
    gettext_noop("Enter a valid “slug” consisting of Unicode letters, numbers, underscores, or hyphens."),
    gettext_noop("Enter a valid JSON."),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop("This password is too common."),
    gettext_noop("This password is entirely numeric."),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
    ngettext_lazy(
        "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
]

# What the Wagtail admin says when it refuses a page, a document or a tag.
MISSING_FROM_WAGTAIL_THAI = [
    gettext_noop("The page could not be created due to validation errors."),
    gettext_noop("The page could not be saved due to validation errors."),
    gettext_noop("The document could not be created due to errors."),
    gettext_noop("The document could not be saved due to errors."),
    gettext_noop("Tag(s) %(value_too_long)s are over %(max_tag_length)d characters."),
]
