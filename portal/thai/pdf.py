"""Thai PDFs: WeasyPrint, from HTML whose Thai is first made safe for the text layer."""

import re

from weasyprint import HTML

from portal.thai.actual_text import add_actual_text

SARA_AM, ZERO_WIDTH_NON_JOINER = "\u0e33", "\u200c"
TONE_MARKS = "\u0e48-\u0e4b"
# SARA AM typed as its two halves, NIKHAHIT and SARA AA, with a tone mark before or after NIKHAHIT.
_HALVES_OF_SARA_AM = re.compile(f"([{TONE_MARKS}])?\u0e4d([{TONE_MARKS}])?\u0e32")
# The marks above a letter that HarfBuzz moves SARA AM's NIKHAHIT back over.
_MARKS_BEFORE_SARA_AM = re.compile(f"([\u0e31\u0e34-\u0e37\u0e3b\u0e47-\u0e4e]+){SARA_AM}")


def for_the_text_layer(html):
    """The same Thai, written so that the PDF's text layer reads back as it was printed.

    Two misspellings would otherwise spoil the text layer of the whole document (text_layer_font.py
    says why): SARA AM typed as NIKHAHIT + SARA AA becomes SARA AM, which it looks like; and before a
    SARA AM that carries more than one tone mark, or a mark that is not a tone mark (ก์ำ, กิ่ำ), a
    zero-width non-joiner keeps HarfBuzz from stacking those marks into the SARA AM's cluster."""
    html = _HALVES_OF_SARA_AM.sub(lambda match: (match[1] or "") + (match[2] or "") + SARA_AM, html)
    return _MARKS_BEFORE_SARA_AM.sub(_one_tone_mark_or_apart, html)


def _one_tone_mark_or_apart(match):
    marks = match[1]
    if re.fullmatch(f"[{TONE_MARKS}]", marks):
        return match[0]
    return marks + ZERO_WIDTH_NON_JOINER + SARA_AM


def write_pdf(html, base_url):
    """The PDF of `html`, a template that takes its font from portal.thai.fonts.pdf_fonts()."""
    return HTML(string=for_the_text_layer(html), base_url=base_url).write_pdf(finisher=add_actual_text)
