"""Thai words that carry marks, each made one /ActualText span of the PDF, so poppler reads them whole.

poppler (pdftotext, and the search and copy of every viewer built on it) builds words from where the
glyphs are drawn: a mark drawn where the mark before it was drawn is taken for duplicated text, a
raised one for text on another line. So ฝั่ง read as "ฝั่ ง", and the tone mark of สุขุ่ม turned up on
the next line. PDF's answer is marked content with /ActualText: a reader that knows it takes the
span's text as one piece over the span's extent, and a reader that does not goes on reading the
glyphs' own ToUnicode text, which text_layer_font keeps right. The span's text is that same text.

Inside those words, a mark that WeasyPrint drew back over its letter and then moved right from is
given that move as its own advance (character spacing) instead: readers that take a move right for
a word space (pypdf) read ปิ่น as "ปิ่ น" otherwise.

This is a WeasyPrint finisher: it runs over each page's content stream after WeasyPrint has drawn
it and before the file is written, and splits a text-showing operation (TJ) where a span begins or
ends. Nothing moves: the same glyphs are shown at the same places."""

import re
import unicodedata

import pydyf

SHOW = re.compile(rb"\[(.*)\] TJ", re.DOTALL)
SET_FONT = re.compile(rb"/(\S+) (\S+) Tf")
# What a TJ array of WeasyPrint's holds: glyph ids in hex (four digits each), or a position adjustment.
ELEMENT = re.compile(rb"<([0-9a-fA-F]*)>|(-?[0-9.]+)")


def add_actual_text(document, pdf):
    """The finisher: WeasyPrint calls it with the document and the PDF about to be written."""
    fonts = {font.hash.encode(): font for font in document.fonts.values() if not font.bitmap}
    for content in pdf.objects:
        if isinstance(content, pydyf.Stream) and b"BT" in content.stream:
            content.stream[:] = _with_spans(content.stream, fonts)


def _with_spans(items, fonts):
    result, text_object = [], None
    for item in items:
        if item == b"BT":
            text_object = []
        elif item == b"ET" and text_object is not None:
            result.extend(_text_object_with_spans(text_object, fonts))
            text_object = None
        elif text_object is not None:
            text_object.append(item)
            continue
        result.append(item)
    return result


class Glyph:
    def __init__(self, glyph_id, text, size):
        self.id, self.text, self.size = glyph_id, text, size
        self.is_mark = not text or unicodedata.category(text[0]).startswith("M")


class Move(bytes):
    """A position adjustment in a TJ array, in thousandths of the font size (positive: to the left)."""


def _text_object_with_spans(items, fonts):
    """The operations of one text object (BT ... ET), each word with marks in a span."""
    tokens, font, size = [], None, None
    for item in items:
        shown = SHOW.fullmatch(item) if isinstance(item, bytes) else None
        if shown is None:
            font_set = SET_FONT.fullmatch(item) if isinstance(item, bytes) else None
            if font_set:
                font, size = fonts.get(font_set[1]), float(font_set[2])
            tokens.append(item)
        elif font is None:
            return items  # a font this finisher does not read: left as WeasyPrint drew it
        else:
            tokens.extend(_elements(shown[1], font, size))
    spans = _spans(tokens)
    return list(_rebuilt(tokens, spans, _advances(tokens, spans)))


def _elements(array, font, size):
    for match in ELEMENT.finditer(array):
        if match[1] is None:
            yield Move(match[2])
            continue
        digits = match[1].decode()
        for index in range(0, len(digits), 4):
            glyph_id = int(digits[index : index + 4], 16)
            yield Glyph(glyph_id, font.to_unicode.get(glyph_id, ""), size)


def _is_rise(token):
    return isinstance(token, bytes) and not isinstance(token, Move) and token.endswith(b" Ts")


def _spans(tokens):
    """{index of a span's first glyph: (index of its last glyph, its text)}: one span over each word
    that has a mark. A word ends at a space and at any operation but a change of rise (a new line
    begins with a new text matrix)."""
    spans, word = {}, []
    for index, token in enumerate(tokens + [b"ET"]):
        if isinstance(token, Glyph) and not token.text.isspace():
            word.append(index)
        elif not isinstance(token, Move) and not _is_rise(token):
            if any(tokens[glyph].is_mark for glyph in word):
                spans[word[0]] = (word[-1], "".join(tokens[glyph].text for glyph in word))
            word = []
    return spans


def _advances(tokens, spans):
    """{index of a mark: character spacing}: a mark drawn back over its letter is followed by a move to
    the right, as wide as a word space at times. Readers that look for word spaces in those moves
    (pypdf) are spared it by giving the mark that advance of its own (Tc) instead: the next glyph is
    drawn at the same place."""
    advances = {}
    for first, (last, _text) in spans.items():
        for index in range(first, last + 1):
            if not (isinstance(tokens[index], Glyph) and tokens[index].is_mark):
                continue
            following = index + 1
            while following < last and _is_rise(tokens[following]):
                following += 1
            if following < last and isinstance(tokens[following], Move) and float(tokens[following]) < 0:
                advances[index] = (following, -float(tokens[following]) / 1000 * tokens[index].size)
    return advances


def _rebuilt(tokens, spans, advances):
    pending, moved, closing = [], {following for following, _ in advances.values()}, set()
    for index, token in enumerate(tokens):
        if index in spans:
            yield from _shown(pending)
            last, text = spans[index]
            closing.add(last)
            yield b"/Span <</ActualText <" + ("\ufeff" + text).encode("utf-16-be").hex().encode() + b">>> BDC"
        if index in moved:
            continue
        if isinstance(token, Glyph) and index in advances:
            yield from _shown(pending)
            yield b"%s Tc" % _number(advances[index][1])
            yield b"[<%04x>] TJ" % token.id
            yield b"0 Tc"
        elif isinstance(token, (Glyph, Move)):
            pending.append(b"<%04x>" % token.id if isinstance(token, Glyph) else token)
        else:
            yield from _shown(pending)
            yield token
        if index in closing:
            yield from _shown(pending)
            yield b"EMC"
    yield from _shown(pending)


def _number(value):
    return (b"%.4f" % value).rstrip(b"0").rstrip(b".")


def _shown(elements):
    if elements:
        yield b"[" + b" ".join(elements) + b"] TJ"
        elements.clear()
