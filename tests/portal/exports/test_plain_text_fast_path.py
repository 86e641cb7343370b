"""Exports skip the per-character clean-up for text made only of ordinary characters: what they write
is exactly what the full clean-up (portal.thai.text.printable) would write, for any text."""

from hypothesis import given
from hypothesis import strategies as st

from portal.exports.writers import _printable, printable_rows
from portal.thai.text import printable

THAI_AND_TRAPS = st.text(alphabet=st.one_of(
    st.characters(min_codepoint=0x0E00, max_codepoint=0x0E7F),  # the Thai block with its unassigned points
    st.sampled_from("\u200b\u200d\u202e\ufeff\u00ad\u0000\u001b\u0085\u2028\n\r\t \u00a0\u3000=+-@"),
    st.characters(),
))


@given(THAI_AND_TRAPS)
def test_the_fast_path_writes_what_the_full_clean_up_writes(text):
    assert _printable(text) == printable(text, multiline=True)


def test_a_name_with_a_right_to_left_override_is_still_cleaned():
    assert list(printable_rows([("สมชาย\u202eใจดี", 3)])) == [("สมชายใจดี", 3)]
