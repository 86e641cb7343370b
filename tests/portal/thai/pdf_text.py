"""Reading a PDF's text layer back, with poppler's pdftotext and with pypdf, and the Thai to check it on."""

import html.parser
import io
import re
import subprocess

import pypdf

CONSONANTS = [chr(code) for code in range(0x0E01, 0x0E2F) if chr(code) not in "ฤฦ"]
ABOVE_VOWELS = ["", "ั", "ิ", "ี", "ึ", "ื"]
BELOW_VOWELS = ["ุ", "ู", "ฺ"]
TONE_MARKS = ["", "่", "้", "๊", "๋"]
# Words of the portal's own content and of Thai official papers: every kind of cluster they use.
CONTENT_WORDS = [
    "ตำบล",
    "อำเภอ",
    "จังหวัด",
    "น้ำ",
    "ซ้ำ",
    "ค่ำ",
    "ต่ำ",
    "ย้ำ",
    "กล้ำ",
    "ลายมือชื่อ",
    "อาสาสมัคร",
    "ผู้รับรอง",
    "กิ่ง",
    "ปี่",
    "ปิ่น",
    "ฝั่ง",
    "ฟื้นฟู",
    "ป้ำ",
    "เกียรติบัตร",
    "ฯลฯ",
    "ศาสตร์พระราชา",
    "นวัตกรรม",
    "เยาวชน",
    "ภาคีเครือข่าย",
    "ความมั่นคงของมนุษย์",
    "ผู้ประสบปัญหาทางสังคม",
    "จิตอาสาพัฒนาวัด",
    "อบต.ด่านแม่ละเมา",
    "แม่สอด",
    "ใบลงทะเบียน",
    "ใบลงชื่อ",
    "ไม้ไต่คู้",
    "เด็กๆ",
    "ก็",
    "ญาติ",
    "ฐานะ",
    "ฎีกา",
    "ปฏิบัติ",
    "กตัญญู",
    "บุญญฤทธิ์",
    "ฤดู",
    "พฤษภาคม",
    "อังกฤษ",
    "ฤๅษี",
    "ฦๅ",
    "สุขุ่ม",
    "กุ๊กไก่",
    "ปู่",
    "ฎุ",
    "ฏุ",
    "ฐุ",
    "ญุ",
    "ฬุ",
    "ฬ่ำ",
    "เปี๊ยก",
    "โต๊ะ",
    "น้ำผึ้งทอง",
    "สมศักดิ์",
    "ฤทธิ์เดช",
    "เที่ยง",
    "เลื่อน",
    "แก้ว",
    "ไหม้",
    "ใช่",
    "๑๒๓",
    "พ.ศ.",
    "๒๕๖๓",
]


def syllables():
    """Every consonant with each upper or lower vowel and each tone mark or THANTHAKHAT (or none),
    with SARA AM and each tone mark, and in the leading vowels' places."""
    for consonant in CONSONANTS:
        for vowel in ABOVE_VOWELS + BELOW_VOWELS:
            for mark in TONE_MARKS + ["์"]:
                yield consonant + vowel + mark
        yield consonant + "็"
        for mark in TONE_MARKS:
            yield consonant + mark + "ำ"
            yield consonant + mark + "า"
        yield f"เ{consonant}ีย"
        yield f"แ{consonant}่ง"
        yield f"โ{consonant}๊ะ"


def pdftotext(pdf, *options):
    return subprocess.run(["pdftotext", *options, "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def pypdf_text(pdf):
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def readers(pdf, layout=True):
    """The text layer as each reader gives it back: {reader: text}. pdftotext's -layout keeps the
    columns of a table side by side, so a cell's wrapped lines come apart: for running text only."""
    text = {"pdftotext": pdftotext(pdf), "pypdf": pypdf_text(pdf)}
    return {**text, "pdftotext -layout": pdftotext(pdf, "-layout")} if layout else text


class _Text(html.parser.HTMLParser):
    """The text a page shows: every text node outside <head>, <style> and <script>."""

    def __init__(self):
        super().__init__()
        self.pieces, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        self._hidden += tag in ("head", "style", "script", "title")

    def handle_endtag(self, tag):
        self._hidden -= tag in ("head", "style", "script", "title")

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.pieces.append(" ".join(data.split()))


def shown_text(html):
    parser = _Text()
    parser.feed(html)
    return parser.pieces


def unspaced(text):
    return re.sub(r"\s+", "", text)


def leftover(extracted, pieces):
    """What the reader gave back that is none of the page's text pieces, each taken once, longest
    first; "" when the text layer holds exactly the pieces. Spaces and line ends are not compared: a
    reader puts them where the lines break and the columns of a table end."""
    rest = unspaced(extracted)
    for piece in sorted(pieces, key=len, reverse=True):
        found = rest.find(unspaced(piece))
        assert found >= 0, f"{piece!r} is not in the text layer"
        rest = rest[:found] + "\n" + rest[found + len(unspaced(piece)) :]
    return rest.replace("\n", "")


def words_read(text, printed):
    """The words a reader gave back, in order. Where a line ends inside a printed word (Thai is
    broken between words that have no space between them) the pieces on either side of the line
    break count as one word; any other difference stays."""
    lines = [row.split() for row in text.splitlines()]
    tokens = [(word, index == len(line) - 1) for line in lines for index, word in enumerate(line)]
    read, position = [], 0
    for word in printed:
        if position == len(tokens):
            break
        token, line_end = tokens[position]
        position += 1
        while token != word and line_end and word.startswith(token) and position < len(tokens):
            following, line_end = tokens[position]
            token, position = token + following, position + 1
        read.append(token)
    return read + [token for token, _ in tokens[position:]]
