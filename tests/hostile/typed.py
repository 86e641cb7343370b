"""Whatever a person types, anywhere they can type it: it is shown escaped, refused with a message
in the person's language (Thai by default), or stored exactly as typed. Never a server error.

The test client re-raises a view's exception, so a 500 fails here with its traceback. What is typed,
and how a test checks what came back, are here; the tests are in this folder's test_*.py."""

import re

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
TEN_THOUSAND = "ก" * 10_000
NULL_BYTE = "\x00สม\x00ชาย"
# A tone mark, and a vowel with a tone mark, with no consonant to sit on.
LONE_MARKS = ["่", "ั้"]
HOSTILE = [SCRIPT, ATTRIBUTE, TEN_THOUSAND, NULL_BYTE, *LONE_MARKS, "9" * 30, "-1", "1e5", "31/02/2563"]
HOSTILE_IDS = [
    "script",
    "attribute",
    "10000 chars",
    "null byte",
    "lone tone mark",
    "lone vowel and tone",
    "30 nines",
    "minus one",
    "1e5",
    "31 Feb",
]
THAI = re.compile("[\u0e01-\u0e5b]")
# What reads differently on paper than it was typed, or turns a name into something else: a reversed
# name, stacked tone marks, a zero-width space, a line break (an e-mail header), a tab, a web address,
# a full-width formula.
PAPER_LIARS = ["สมชาย \u202eใจดี", "ก่่่่", "สม\u200bชาย", "สม\r\nชาย", "สม\tชาย", "https://evil.example/x"]
PAPER_LIAR_IDS = ["reversed", "stacked marks", "zero-width space", "CR LF", "tab", "web address"]


def assert_safe(response):
    """No markup of ours comes back live, whatever the status."""
    assert response.status_code < 500
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    body = raw.decode("utf-8", errors="replace")
    assert SCRIPT not in body
    assert "<img src=x onerror" not in body


def form_errors(response):
    form = response.context["form"] if response.context and "form" in response.context else None
    return [message for messages in (form.errors.values() if form else []) for message in messages]


def strings_in(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


def assert_refused_in_thai(response):
    errors = form_errors(response)
    assert errors, "the form came back without saying what is wrong"
    untranslated = [message for message in errors if not THAI.search(message)]
    assert not untranslated, f"messages not in Thai: {untranslated}"
