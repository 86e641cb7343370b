"""Text that reads on paper as it was typed.

A name or a title is printed on sign-in sheets and certificates and shown on staff screens, so it
must not hold what changes how the text around it reads: bidirectional controls (U+202E turns
"สมชาย" and everything after it backwards), other invisible format characters (zero-width
spaces and joiners, soft hyphens, tag characters), control characters (line breaks in a one-line
field end up in e-mail headers and CSV rows), private-use and unassigned code points (a box on
paper). Nor may marks pile up: a Thai consonant carries at most one upper vowel, one lower vowel
and one tone mark or sign (ก่่่่ climbs into the line above), and a mark needs a letter to sit on.

`line_problems()` / `text_problems()` say what is wrong; `validate_line` and `validate_text` are
Django validators for one-line and multi-line fields. `printable()` strips what cannot be shown
from text that did not pass through them (older data, names from LINE) before it is written out.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

THAI_CONSONANTS = frozenset(chr(code) for code in range(0x0E01, 0x0E2F))  # ก … ฮ, with ฤ and ฦ
SARA_AM = "\u0e33"  # ำ: a spacing vowel after its consonant; people also type the tone mark after it
ABOVE = frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47\u0e4d")  # ั ิ ี ึ ื ็ ํ
BELOW = frozenset("\u0e38\u0e39\u0e3a")  # ุ ู ฺ
TONES_AND_SIGNS = frozenset("\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4e")  # ่ ้ ๊ ๋ ์ ๎
THAI_MARKS = ABOVE | BELOW | TONES_AND_SIGNS
# Other scripts: a letter with two accents (Vietnamese ệ written apart) is writing; more is stacking.
MOST_OTHER_MARKS = 2
# Letters that show as nothing at all (Hangul fillers), used to make a name look empty or different.
INVISIBLE_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
INVISIBLE_CATEGORIES = {"Cf", "Co", "Cn", "Cs", "Zl", "Zp"}
MULTILINE_CONTROLS = frozenset("\n\r\t")
# A web address as people write one: with a scheme, "www.", or a host name ending in a Latin top-level
# domain (or .ไทย). "ดร.สมชาย" and "พ.ต.ท." are abbreviations, not addresses.
WEB_ADDRESS = re.compile(
    r"[a-z][a-z0-9+.-]*:/*[^\s/]|www\.|(?:[^\W_][\w-]*\.)+(?:[a-z]{2,24}|ไทย)(?!\w)", re.IGNORECASE
)

MESSAGES = {
    "invisible": _(
        "Remove the invisible characters (such as text-direction marks or zero-width spaces) from this "
        "text: they change how it reads on paper and on screen."
    ),
    "control": _("This text must be on one line: remove line breaks, tabs and other control characters."),
    "lone_mark": _("A vowel or tone mark must sit on a letter: check the spelling."),
    "stacked": _(
        "Too many marks on one letter: a Thai letter takes at most one upper vowel, one lower vowel and one tone mark."
    ),
}


def _is_invisible(char):
    return unicodedata.category(char) in INVISIBLE_CATEGORIES or char in INVISIBLE_LETTERS


def _cluster_problem(base, marks):
    """What is wrong with one letter and the marks after it, or None."""
    thai = [mark for mark in marks if mark in THAI_MARKS]
    other = len(marks) - len(thai)
    if thai and base not in THAI_CONSONANTS:
        return "lone_mark"
    for kind in (ABOVE, BELOW, TONES_AND_SIGNS):
        if sum(mark in kind for mark in thai) > 1:
            return "stacked"
    if other > MOST_OTHER_MARKS:
        return "stacked"
    return None


def _problems(value, allowed_controls):
    found = []

    def note(code):
        if code not in found:
            found.append(code)

    base, marks = None, []
    for char in value:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me"):
            if base is None:
                note("lone_mark")
            else:
                marks.append(char)
            continue
        if char == SARA_AM and base in THAI_CONSONANTS:
            continue  # น ำ ้ (tone typed after ำ) belongs to น as much as น ้ ำ does
        if base is not None and (problem := _cluster_problem(base, marks)):
            note(problem)
        base, marks = char, []
        if _is_invisible(char):
            note("invisible")
            base = None
        elif unicodedata.category(char) == "Cc" and char not in allowed_controls:
            note("control")
            base = None
        elif char.isspace() or unicodedata.category(char) == "Cc":
            base = None  # a mark after a space has nothing to sit on
    if base is not None and (problem := _cluster_problem(base, marks)):
        note(problem)
    return found


def line_problems(value):
    """The problems of one-line text (a name, a title, a subject), as codes of MESSAGES."""
    return _problems(value, allowed_controls=frozenset())


def text_problems(value):
    """The same for text of several lines: line breaks and tabs are allowed there."""
    return _problems(value, allowed_controls=MULTILINE_CONTROLS)


def _raise(problems):
    if problems:
        raise ValidationError([ValidationError(MESSAGES[code], code=code) for code in problems])


def validate_line(value):
    _raise(line_problems(str(value)))


def validate_text(value):
    _raise(text_problems(str(value)))


def has_web_address(value):
    """True when `value` holds something a mail program or a phone would turn into a link."""
    return bool(WEB_ADDRESS.search(unicodedata.normalize("NFKC", value)))


def printable(value, multiline=False):
    """`value` without invisible and control characters, for writing out text that was never validated."""
    keep = MULTILINE_CONTROLS if multiline else frozenset()
    return "".join(
        char for char in value if not _is_invisible(char) and (unicodedata.category(char) != "Cc" or char in keep)
    )
