"""Thai phone numbers: typed any common way, stored as one E.164 number, shown the Thai way."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MOBILE_PREFIXES = ("6", "8", "9")  # after the leading 0: 06x, 08x, 09x


def normalise_phone(value, mobile_only=True):
    """'0812345678', '081-234-5678', '+66 81 234 5678' → '+66812345678'; ValidationError otherwise."""
    text = (value or "").strip()
    if not text:
        raise ValidationError(_("Enter a phone number."), code="required")
    if len(text) > 30 or any(ch.isalpha() for ch in text):
        raise ValidationError(_("Enter a phone number using digits only, for example 081-234-5678."), code="invalid")
    try:
        number = phonenumbers.parse(text, "TH")
    except phonenumbers.NumberParseException:
        raise ValidationError(_("Enter a phone number using digits only, for example 081-234-5678."), code="invalid")
    if number.country_code != 66 or not phonenumbers.is_valid_number(number):
        raise ValidationError(_("This is not a valid Thai phone number."), code="invalid")
    national = str(number.national_number)
    if mobile_only and not (len(national) == 9 and national.startswith(MOBILE_PREFIXES)):
        raise ValidationError(_("Enter a Thai mobile number: 10 digits starting with 06, 08 or 09."), code="not_mobile")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164):
    """'+66812345678' → '081-234-5678'; anything unparseable is shown as stored."""
    if not e164:
        return ""
    if e164.startswith("+66") and e164[3:].isdigit() and len(e164) in (11, 12):
        # What normalise_phone stored needs no parsing again: with phonenumbers parsing every row,
        # phones took half the time of a 50,000-row export.
        return _national_display(e164[3:])
    try:
        national = str(phonenumbers.parse(e164, "TH").national_number)
    except phonenumbers.NumberParseException:
        return e164
    return _national_display(national)


def _national_display(national):
    if len(national) == 9 and national.startswith(MOBILE_PREFIXES):
        return f"0{national[:2]}-{national[2:5]}-{national[5:]}"
    if national.startswith("2"):
        return f"0{national[:1]}-{national[1:4]}-{national[4:]}"
    return f"0{national[:2]}-{national[2:5]}-{national[5:]}"
