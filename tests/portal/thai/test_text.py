"""The rule for text that reaches paper and staff screens (portal/thai/text.py), as properties over
any text: well-formed Thai and Latin writing passes as typed; a bidirectional control, any other
invisible character, a line break in a one-line field, a mark with no letter, or marks stacked
beyond what Thai writing stacks is refused with a Thai message; nothing else ever escapes."""

import re
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from portal.thai.text import (
    ABOVE,
    BELOW,
    MESSAGES,
    THAI_CONSONANTS,
    TONES_AND_SIGNS,
    line_problems,
    printable,
    text_problems,
    validate_line,
    validate_text,
)

THAI = re.compile("[\u0e01-\u0e5b]")
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
OTHER_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\U000e0041\ue000\u2028\u2029\u3164\u115f"
CONTROLS = "\x00\x07\x1b\x7f\x85\r\n\t\x0b\x0c"

consonant = st.sampled_from(sorted(THAI_CONSONANTS))
above, below, tone = (st.sampled_from(sorted(kind)) for kind in (ABOVE, BELOW, TONES_AND_SIGNS))
spacing_vowel = st.sampled_from(list("ะาเแโใไๅ"))


@st.composite
def thai_syllable(draw):
    """A consonant with at most one upper vowel, one lower vowel and one tone mark, maybe ำ, maybe ะ/เ…"""
    letter = draw(consonant)
    marks = [draw(st.one_of(st.none(), above)), draw(st.one_of(st.none(), below)), draw(st.one_of(st.none(), tone))]
    syllable = letter + "".join(mark for mark in marks if mark)
    if draw(st.booleans()) and not marks[0]:
        syllable += "ำ"
    leading = draw(st.one_of(st.none(), spacing_vowel))
    return (leading or "") + syllable


latin_word = st.text(
    alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéüñ-'."), min_size=1, max_size=8
)
word = st.one_of(
    st.lists(thai_syllable(), min_size=1, max_size=5).map("".join),
    latin_word,
    st.from_regex(r"[0-9๐-๙]{1,4}", fullmatch=True),
)
good_line = st.lists(word, min_size=1, max_size=6).map(" ".join)


def thai_messages(error):
    with translation.override("th"):
        return [str(message) for message in error.messages]


@given(st.text(max_size=40))
def test_any_text_passes_or_is_refused_in_thai_and_nothing_else(text):
    for problems, validate in ((line_problems, validate_line), (text_problems, validate_text)):
        found = problems(text)
        assert set(found) <= set(MESSAGES)
        try:
            validate(text)
        except ValidationError as error:
            assert found
            assert all(THAI.search(message) for message in thai_messages(error))
        else:
            assert not found


@given(good_line)
def test_thai_and_latin_as_people_write_them_pass(text):
    assert line_problems(text) == []
    assert printable(text) == text


@given(good_line, st.sampled_from(BIDI_CONTROLS + OTHER_INVISIBLE), st.integers(min_value=0))
def test_an_invisible_character_anywhere_is_refused(text, invisible, where):
    at = where % (len(text) + 1)
    spoiled = text[:at] + invisible + text[at:]
    assert "invisible" in line_problems(spoiled)
    assert "invisible" in text_problems(spoiled)
    assert line_problems(printable(spoiled)) == []


@given(good_line, st.sampled_from(CONTROLS), st.integers(min_value=1))
def test_a_control_character_is_refused_on_one_line(text, control, where):
    at = where % len(text) or 1
    spoiled = text[:at] + control + text[at:]
    assert line_problems(spoiled), repr(spoiled)
    assert line_problems(printable(spoiled)) == [] or line_problems(printable(spoiled)) == line_problems(
        text[:at] + text[at:]
    )


@given(st.lists(good_line, min_size=2, max_size=4), st.sampled_from(["\n", "\r\n", "\n\n", "\t"]))
def test_several_lines_are_fine_where_several_lines_are_asked_for(lines, separator):
    text = separator.join(lines)
    assert text_problems(text) == []
    assert "control" in line_problems(text)
    assert printable(text, multiline=True) == text


@given(consonant, st.sampled_from([ABOVE, BELOW, TONES_AND_SIGNS]), st.data())
def test_two_marks_of_one_kind_on_a_letter_are_refused(letter, kind, data):
    first, second = data.draw(st.sampled_from(sorted(kind))), data.draw(st.sampled_from(sorted(kind)))
    assert line_problems(letter + first + second) == ["stacked"]
    assert line_problems(letter + first) == []


@pytest.mark.parametrize("stacked", ["ก่่่่", "ก้้", "กิิ", "กุุ", "ที่่", "ก่์", "นำ้้", "ก็ิ", "a\u0301\u0302\u0303"])
def test_stacked_marks_that_climb_into_the_line_above_are_refused(stacked):
    assert line_problems(stacked) == ["stacked"]


@pytest.mark.parametrize("lone", ["่", "ั้", " ่", "a่", "ะ่", "\u0301", "สม ่ชาย"])
def test_a_mark_without_a_letter_to_sit_on_is_refused(lone):
    assert line_problems(lone) == ["lone_mark"]


@pytest.mark.parametrize(
    "word",
    [
        "น้ำ",
        "นำ้",
        "ที่",
        "ปู่",
        "สิทธิ์",
        "ศิลป์",
        "เก็บ",
        "กั้น",
        "พระพุทธรูป",
        "ฤๅษี",
        "Nguyễn",
        "José",
        "O'Brien",
        "ดร.สมชาย",
        "พ.ต.ท. สมศักดิ์",
        "๑๒๓",
    ],
)
def test_real_names_and_words_pass(word):
    assert line_problems(unicodedata.normalize("NFC", word)) == []


def test_the_reversed_name_of_the_issue_is_refused_with_a_thai_message():
    with translation.override("th"), pytest.raises(ValidationError) as refused:
        validate_line("สมชาย \u202eใจดี")
    assert refused.value.messages == [str(MESSAGES["invisible"])]
    assert THAI.search(refused.value.messages[0])
