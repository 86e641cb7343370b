"""Thai dictionary order, for names and places wherever they are listed.

Ordered by character code, every name that begins with a leading vowel (เ แ โ ใ ไ) comes after
every other: เชียงใหม่, แพร่ and เลย after อุไรวรรณ and อุทัยธานี. The Thai dictionary sorts by
the consonant and puts the leading vowel second, as ICU's Thai collation does.

In Python, `sort_key` is ICU's (PyICU). In the database, ordering goes through a collation named
COLLATION: PostgreSQL has it from ICU; on SQLite (the demo) `register_on_sqlite` gives each new
connection a collation of the same name that compares by the same keys."""

import functools

import icu
from django.db.models import F
from django.db.models.functions import Collate

# The name of PostgreSQL's built-in ICU collation for Thai; SQLite gets one under the same name.
COLLATION = "th-x-icu"

_COLLATOR = icu.Collator.createInstance(icu.Locale("th_TH"))


@functools.lru_cache(maxsize=20000)
def sort_key(text):
    """The key that puts `text` in Thai dictionary order (Latin letters, case aside, as usual)."""
    return _COLLATOR.getSortKey(text or "")


def sorted_choices(choices):
    """(value, label) pairs in the Thai order of their labels."""
    return sorted(choices, key=lambda choice: sort_key(str(choice[1])))


def _compare(left, right):
    return (sort_key(left) > sort_key(right)) - (sort_key(left) < sort_key(right))


def register_on_sqlite(sender, connection, **kwargs):
    """connection_created receiver: teaches a new SQLite connection the COLLATION ordering."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(COLLATION, _compare)


def in_thai_order(*fields):
    """order_by() arguments that sort the text `fields` ("name", "-name", "user__first_name") in Thai order."""
    ordering = []
    for field in fields:
        descending = field.startswith("-")
        expression = Collate(F(field.lstrip("-")), COLLATION)
        ordering.append(expression.desc() if descending else expression.asc())
    return ordering
