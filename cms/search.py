"""Site search that finds Thai words inside running Thai text.

Thai is written without spaces between words, so a word-based full-text index (PostgreSQL's
tsvector, SQLite's FTS) sees "การเยี่ยมบ้านผู้ประสบปัญหาทางสังคม" as one token and misses
"เยี่ยมบ้าน". Each searchable page therefore keeps a lower-cased plain-text copy of itself, and a
query matches when every one of its terms occurs in that copy as a substring. Results are ranked
by how often the terms occur, title matches counting ten times; the same SQL runs on PostgreSQL
and SQLite."""

import html
import re

from django.db.models import IntegerField, Value
from django.db.models.functions import Cast, Length, Lower, Replace
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

MAX_QUERY_LENGTH = 100
MAX_TERMS = 6
TITLE_WEIGHT = 10
# Stream block values that hold no words a reader would search for.
SKIPPED_BLOCK_TYPES = {"embed"}
SKIPPED_KEYS = {"id", "type", "level", "image", "document"}


def _strings_in(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        if value.get("type") in SKIPPED_BLOCK_TYPES:
            return
        for key, item in value.items():
            if key not in SKIPPED_KEYS:
                yield from _strings_in(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings_in(item)


def _clean(text):
    return re.sub(r"\s+", " ", html.unescape(strip_tags(text))).strip()


def plain_text_of(page):
    """Everything a reader could search a page for, on one line."""
    parts = [page.title, getattr(page, "summary", ""), getattr(page, "intro", ""), getattr(page, "place", "")]
    body = getattr(page, "body", None)
    if body is not None:
        parts.extend(_strings_in(list(body.raw_data)))
    tags = getattr(page, "tags", None)
    if tags is not None:
        parts.extend(tag.name for tag in tags.all())
    return " ".join(cleaned for part in parts if part and (cleaned := _clean(part)))


def terms_of(query):
    """The distinct terms of a query, lower-cased; at most MAX_TERMS, from at most MAX_QUERY_LENGTH characters."""
    query = (query or "").replace("\x00", "")[:MAX_QUERY_LENGTH].lower()
    terms = []
    for term in query.split():
        if term not in terms:
            terms.append(term)
    return terms[:MAX_TERMS]


def _occurrences(field_expression, term):
    removed = Replace(field_expression, Value(term), Value(""))
    return Cast((Length(field_expression) - Length(removed)) / len(term), IntegerField())


def search_pages(queryset, terms):
    """Pages of `queryset` that contain every term, annotated with `rank` and best first."""
    if not terms:
        return queryset.none()
    rank = Value(0)
    for term in terms:
        queryset = queryset.filter(search_text__icontains=term)
        rank = rank + TITLE_WEIGHT * _occurrences(Lower("title"), term) + _occurrences(Lower("search_text"), term)
    return queryset.annotate(rank=rank).order_by("-rank", "-first_published_at")


def _pattern(terms):
    return re.compile("|".join(re.escape(escape(term)) for term in sorted(terms, key=len, reverse=True)), re.IGNORECASE)


def highlight(text, terms):
    """HTML-escaped text with each term wrapped in <mark>."""
    escaped = escape(text or "")
    if not terms:
        return mark_safe(escaped)
    return mark_safe(_pattern(terms).sub(lambda match: f"<mark>{match.group(0)}</mark>", escaped))


def excerpt(text, terms, width=200):
    """About `width` characters of text around the first term found, highlighted."""
    text = text or ""
    lowered = text.lower()
    positions = [position for term in terms if (position := lowered.find(term)) >= 0]
    if not positions or len(text) <= width:
        snippet = text[:width]
        return highlight(snippet + ("…" if len(text) > width else ""), terms)
    start = max(0, min(positions) - width // 3)
    snippet = text[start : start + width]
    return highlight(("…" if start else "") + snippet + ("…" if start + width < len(text) else ""), terms)
