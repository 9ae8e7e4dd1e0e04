"""Thai lines in PDFs break between words. Thai is written without spaces between
words; Pango finds the word boundaries with libthai's dictionary (libthai-data), and
without it breaks lines inside words. `make` checks that the libraries are there;
this test checks that they work."""

from django.template import engines
from django.utils import translation

from core.pdf import render_pdf
from tests.pdf_tools import normalise, run_poppler

# A sentence without spaces, as Thai is written, in its words: "the community
# organisation network meets every month to consider welfare for the members of
# every village".
WORDS = [
    "เครือข่าย",
    "องค์กร",
    "ชุมชน",
    "ประชุม",
    "ประจำ",
    "เดือน",
    "เพื่อ",
    "พิจารณา",
    "การ",
    "จัด",
    "สวัสดิการ",
    "ให้",
    "สมาชิก",
    "ของ",
    "หมู่บ้าน",
    "ทุก",
    "แห่ง",
]


def lines_of(sentence: str, text: str) -> list[str]:
    """The consecutive lines of ``text`` that together spell ``sentence`` (both
    normalised: pdftotext reorders Thai marks)."""
    lines = [normalise(line) for line in text.splitlines() if normalise(line)]
    target = normalise(sentence)
    for start in range(len(lines)):
        joined, taken = "", []
        for line in lines[start:]:
            if not target.startswith(joined + line):
                break
            joined += line
            taken.append(line)
            if joined == target:
                return taken
    raise AssertionError(f"the sentence is not in the PDF's text: {text!r}")


def test_it_breaks_a_narrow_thai_paragraph_between_words(tmp_path, poppler):
    sentence = "".join(WORDS)
    template = engines["django"].from_string(
        '{% extends "pdf/base.html" %}{% block content %}'
        f'<p style="width: 35mm">{sentence}</p>'
        "{% endblock %}"
    )
    with translation.override("th"):
        pdf = render_pdf(template, {})
    # -raw: in the order drawn, one line per line (the layout mode splits off marks).
    lines = lines_of(sentence, run_poppler("pdftotext", pdf, tmp_path, "-raw"))

    # 35 mm holds about 18 Thai letters: the sentence wraps, it does not overflow.
    assert len(lines) >= 4, f"one long line: are Pango and libthai installed? {lines}"
    boundaries, end = set(), 0
    for word in WORDS:
        end += len(normalise(word))
        boundaries.add(end)
    ends, end = [], 0
    for line in lines:
        end += len(line)
        ends.append(end)
    inside_words = [line for line, end in zip(lines, ends, strict=True) if end not in boundaries]
    assert inside_words == [], (
        f"lines broken inside words (is libthai-data, libthai's dictionary, installed?): {lines}"
    )
