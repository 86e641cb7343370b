"""The text layer of our PDFs is the Thai that was printed: copied, searched or read aloud, ตำบล stays
ตำบล, and the printed page is the one WeasyPrint prints with the package's own Sarabun, pixel for pixel."""

import io
import subprocess

import fontpkg
import pytest
from fontTools.ttLib import TTFont
from PIL import Image, ImageChops
from weasyprint import HTML

from portal.thai import actual_text, fonts, text_layer_font
from portal.thai.pdf import for_the_text_layer, write_pdf

from .pdf_text import CONTENT_WORDS, readers, syllables, words_read

WORDS = CONTENT_WORDS + list(syllables())


def _page(words, weight=400, font_family=None, font_file=None):
    family = font_family or fonts.FAMILY
    source = font_file or fonts.pdf_fonts()["font_bold" if weight == 700 else "font_regular"]
    style = f'@font-face {{ font-family: "{family}"; src: url("{source}"); }} body {{ font-family: "{family}"; }}'
    head = f'<head><meta charset="utf-8"><style>{style}</style></head>'
    return f'<html lang="th">{head}<body><p>{" ".join(words)}</p></body></html>'


@pytest.mark.parametrize("weight", [400, 700])
def test_every_reader_gives_back_every_thai_word_as_printed(weight):
    pdf = write_pdf(_page(WORDS, weight), base_url="/")
    for reader, text in readers(pdf).items():
        got = words_read(text, WORDS)
        wrong = [(printed, read) for printed, read in zip(WORDS, got) if printed != read]
        assert not wrong and len(got) == len(WORDS), f"{reader}: {len(wrong)} words read wrong, first {wrong[:5]}"


def test_sara_am_and_sara_aa_do_not_decide_each_other_in_either_order():
    """Whichever comes first in the document, a SARA AM, a SARA AA, a tone mark before SARA AM or the
    same tone mark elsewhere each reads as itself."""
    for words in (["ตำบล", "อาสาสมัคร", "น้ำ", "ผู้"], ["อาสาสมัคร", "ผู้", "ตำบล", "น้ำ"], ["ป้ำ", "ป้า", "ปำ", "ปา"]):
        pdf = write_pdf(_page(words), base_url="/")
        for reader, text in readers(pdf).items():
            assert words_read(text, words) == words, reader


def _pixels(pdf, tmp_path, name):
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(path), str(tmp_path / name)], check=True)
    return [Image.open(page).convert("L") for page in sorted(tmp_path.glob(f"{name}-*.png"))]


@pytest.mark.parametrize("weight", [400, 700])
def test_the_printed_page_is_the_one_the_package_font_prints(weight, tmp_path):
    package_font = fontpkg.path("Sarabun", weight=weight).as_uri()
    plain = HTML(string=_page(WORDS, font_family="Sarabun", font_file=package_font)).write_pdf()  # WeasyPrint alone
    before = _pixels(plain, tmp_path, "before")
    after = _pixels(write_pdf(_page(WORDS, weight), "/"), tmp_path, "after")
    assert len(before) == len(after) >= 2
    for page_before, page_after in zip(before, after):
        assert ImageChops.difference(page_before, page_after).getbbox() is None
        assert ImageChops.invert(page_after).getbbox() is not None  # the page has ink on it


@pytest.mark.parametrize(
    "typed, reads_as",
    [
        ("ตําบล", "ตำบล"),  # SARA AM typed as NIKHAHIT + SARA AA
        ("นํ้า", "น้ำ"),
        ("น้ํา", "น้ำ"),
        ("ก์ำ", "ก์ำ"),  # a mark before SARA AM that is not one tone mark
        ("กิ่ำ", "กิ่ำ"),
        ("ก่่ำ", "ก่่ำ"),
    ],
)
def test_a_misspelt_sara_am_reads_as_it_looks_and_spoils_nothing_after_it(typed, reads_as):
    words = [typed, "ตำบล", "ลายมือชื่อ", "สมศักดิ์", "กิ่ง", "น้ำ", "ก่อน"]
    pdf = write_pdf(_page(words), base_url="/")
    for reader, text in readers(pdf).items():
        assert words_read(text, words) == [reads_as, *words[1:]], reader


def test_the_text_layer_leaves_good_thai_alone():
    text = " ".join(WORDS)
    assert for_the_text_layer(text) == text


def test_the_font_is_built_once_and_kept(settings, tmp_path, monkeypatch):
    settings.PDF_FONT_DIR = tmp_path
    fonts._rebuilt.cache_clear()
    builds = []
    real_build = text_layer_font.build
    monkeypatch.setattr(text_layer_font, "build", lambda source: builds.append(source) or real_build(source))
    try:
        first = fonts.pdf_fonts()
        fonts._rebuilt.cache_clear()  # another process: finds the files
        assert fonts.pdf_fonts() == first and len(builds) == 2
        assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
            path.rsplit("/", 1)[1] for key, path in first.items() if key != "font_family"
        )
    finally:
        fonts._rebuilt.cache_clear()


def test_the_copied_glyphs_draw_and_sit_exactly_as_their_originals():
    package = TTFont(fontpkg.path("Sarabun", weight=400))
    built = TTFont(io.BytesIO(text_layer_font.build(fontpkg.path("Sarabun", weight=400))))
    added = built.getGlyphOrder()[len(package.getGlyphOrder()) :]
    assert built.getGlyphOrder()[: len(package.getGlyphOrder())] == package.getGlyphOrder()
    assert len(added) == 15 and "uni0E32.am0E49" in added  # 10 NIKHAHIT glyphs, SARA AA for none and 4 tone marks
    originals = {name: name.split(".am")[0] if not name.startswith("uni0E32") else "uni0E32" for name in added}
    for name, original in originals.items():
        assert built["hmtx"][name] == package["hmtx"][original]
        outline = built["glyf"][name].getCoordinates(built["glyf"])
        assert outline == package["glyf"][original].getCoordinates(package["glyf"])


def test_weasyprint_still_draws_text_the_way_the_finisher_reads_it():
    """Guard for upgrades (docs/upgrading.md): the finisher reads WeasyPrint's content streams (TJ arrays of
    four-digit glyph ids, Tf, Ts) and its fonts' ToUnicode maps. If WeasyPrint writes them otherwise, the
    finisher finds no word to span and this fails before any reader does."""
    pdf = HTML(string=_page(["ฝั่ง", "ตำบล"])).write_pdf(finisher=actual_text.add_actual_text, uncompressed_pdf=True)
    assert pdf.count(b"/ActualText") == 2 and b" Tc" in pdf
    assert b"<feff0e1d0e310e480e07>" in pdf  # ฝั่ง, as the glyphs' ToUnicode text gives it
