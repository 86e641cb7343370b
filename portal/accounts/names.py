"""What a person's name (or a village's) may hold, wherever it is typed: the profile, the guardian
forms, a name that arrives from LINE. It is printed on sign-in sheets and certificates, read by
staff and, for a guardian, put in front of another person in an e-mail, so it holds letters, no
markup symbols, no web address, and nothing that changes how the text reads (portal/thai/text.py)."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.thai.text import has_web_address, validate_line

FORBIDDEN_IN_NAMES = set("<>{}[]\\|@#$%^*=+~`")


def validate_person_name(value):
    validate_line(value)
    if any(ch in FORBIDDEN_IN_NAMES for ch in unicodedata.normalize("NFKC", value)):  # ＝ ＠ as well as = @
        raise ValidationError(_("A name cannot contain symbols such as < > { } or @."), code="symbols")
    if has_web_address(value):
        raise ValidationError(_("A name cannot contain a web address."), code="web_address")
    if not any(unicodedata.category(ch).startswith("L") for ch in value):
        raise ValidationError(_("A name needs at least one letter."), code="no_letters")


def is_acceptable_name(value):
    try:
        validate_person_name(value)
    except ValidationError:
        return False
    return True
