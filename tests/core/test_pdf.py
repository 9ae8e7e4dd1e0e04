"""The PDF engine: Thai typography in the PDF, page furniture, the static-only fetcher.

Text read back from a PDF is compared after ``normalise``: Thai tone marks and
upper/lower vowels can come out split or reordered by pdftotext (PLATFORM.md).
Tests that need poppler-utils skip without it, except under CI, where they fail.
"""

import datetime as dt
import logging
import os
import re
import subprocess
import sys
import threading
import unicodedata
from pathlib import Path
from urllib.parse import urljoin

import pytest
from django.template import engines
from django.templatetags.static import static
from django.utils import translation
from django.utils.translation import pgettext

import core.pdf.engine
from core.pdf import (
    AssetRefusedError,
    asset_base_url,
    content_disposition,
    page_counter_css,
    pdf_response,
    render_pdf,
    render_pdf_html,
    safe_pdf_filename,
)
from core.pdf.engine import StaticFilesFetcher, font_config
from tests.pdf_tools import normalise, run_poppler, run_tool

ROOT = Path(__file__).resolve().parent.parent.parent
STACKED = "ที่ ผู้ ปี่ น้ำ ปั้น สินธุ์ ตุ๊กตา"
OCT_9_2007 = dt.date(2007, 10, 9)
PAGE_LABEL_TH = "หน้า %(number)s/%(total)s"

# 25 rows fill two A4 pages, not one or three; the table header repeats on page 2.
TWO_PAGES = """{% extends "pdf/base.html" %}
{% block title %}รายงานทดสอบ{% endblock %}
{% block pdf_header %}เครือข่ายตำบลหนองบัว{% endblock %}
{% block content %}
<h1>รายงานความก้าวหน้าโครงการ</h1>
<p>STACKED วันที่ประชุม {{ meeting|thaidate }}</p>
<p>การประชุมคณะกรรมการ ตำบล จำนวน</p>
<table>
<thead><tr><th>ลำดับ</th><th>ผู้รับผิดชอบ</th><th>กิจกรรม</th></tr></thead>
<tbody>{% for i in rows %}<tr><td>{{ i }}</td><td>นางสาวสมศรี ใจดี</td>
<td>ปรับปรุงบ้านผู้สูงอายุตามโครงการบ้านมั่นคงชนบท ซึ่งต้องใช้ข้อความยาวเพื่อให้ตัดบรรทัดภายในช่อง
ตารางอย่างน้อยสองบรรทัดหรือสามบรรทัดในแต่ละแถว</td></tr>{% endfor %}</tbody>
</table>
{% endblock %}""".replace("STACKED", STACKED)


def print_template(source: str):
    """A print template from a string, as ``get_template`` would return it."""
    return engines["django"].from_string(source)


def simple_template(body: str):
    """A print template whose content block is ``body``."""
    return print_template(
        '{% extends "pdf/base.html" %}{% block content %}' + body + "{% endblock %}"
    )


@pytest.fixture(scope="module")
def two_page_pdf() -> bytes:
    with translation.override("en"):
        return render_pdf(print_template(TWO_PAGES), {"meeting": OCT_9_2007, "rows": range(1, 26)})


@pytest.fixture(scope="module")
def thai_two_page_pdf() -> bytes:
    with translation.override("th"):
        return render_pdf(
            print_template(TWO_PAGES),
            {"meeting": OCT_9_2007, "rows": range(1, 26), "page_label": PAGE_LABEL_TH},
        )


# The PDF and its fonts


def test_it_renders_a_pdf(two_page_pdf):
    assert two_page_pdf.startswith(b"%PDF-")


def test_it_renders_two_a4_pages(two_page_pdf, tmp_path, poppler):
    info = run_poppler("pdfinfo", two_page_pdf, tmp_path)
    assert re.search(r"^Pages:\s+2$", info, re.MULTILINE)
    assert "(A4)" in info
    assert "รายงานทดสอบ" in info


def test_it_embeds_sarabun_and_no_other_font(thai_two_page_pdf, tmp_path, poppler):
    listing = run_poppler("pdffonts", thai_two_page_pdf, tmp_path).splitlines()[2:]
    fonts = [line.split() for line in listing]
    names = {font[0].split("+")[-1] for font in fonts}
    assert names == {"Sarabun", "Sarabun-Bold"}
    # Columns from the end: emb sub uni object-number generation.
    assert all(font[-5] == "yes" for font in fonts)


def test_it_keeps_thai_text_and_the_be_date(thai_two_page_pdf, tmp_path, poppler):
    text = normalise(run_poppler("pdftotext", thai_two_page_pdf, tmp_path))
    assert normalise(STACKED) in text
    assert normalise("วันที่ประชุม 9 ตุลาคม 2550") in text
    assert normalise("รายงานความก้าวหน้าโครงการ") in text


def test_it_copies_sara_am_words_as_their_letters(thai_two_page_pdf, tmp_path, poppler):
    # น้ำ comes first: unfixed, its sara aa glyph made every later า copy as "้ำ".
    text = unicodedata.normalize("NFKC", run_poppler("pdftotext", thai_two_page_pdf, tmp_path))
    for word in ("การประชุมคณะกรรมการ", "ตำบล", "จำนวน", "รายงานความก้าวหน้าโครงการ"):
        assert unicodedata.normalize("NFKC", word) in text


def test_it_numbers_pages_in_english(two_page_pdf, tmp_path, poppler):
    text = run_poppler("pdftotext", two_page_pdf, tmp_path)
    assert "Page 1 of 2" in text
    assert "Page 2 of 2" in text


def test_it_numbers_pages_in_thai(thai_two_page_pdf, tmp_path, poppler):
    text = normalise(run_poppler("pdftotext", thai_two_page_pdf, tmp_path))
    assert normalise("หน้า 1/2") in text
    assert normalise("หน้า 2/2") in text


def test_it_uses_the_catalog_page_label_by_default(tmp_path, poppler):
    with translation.override("th"):
        pdf = render_pdf(simple_template("<p>หนึ่งหน้า</p>"), {})
        expected = pgettext("PDF page footer", "Page %(number)s of %(total)s") % {
            "number": 1,
            "total": 1,
        }
    assert normalise(expected) in normalise(run_poppler("pdftotext", pdf, tmp_path))


def test_it_repeats_the_table_header_on_page_two(two_page_pdf, tmp_path, poppler):
    page_two = run_poppler("pdftotext", two_page_pdf, tmp_path, "-f", "2", "-l", "2")
    assert normalise("ลำดับ ผู้รับผิดชอบ กิจกรรม") in normalise(page_two)
    assert normalise("เครือข่ายตำบลหนองบัว") in normalise(page_two)


def test_it_prints_the_generated_on_date_in_be(tmp_path, poppler):
    with translation.override("th"):
        pdf = render_pdf(simple_template("<p>ทดสอบ</p>"), {"generated_on": OCT_9_2007})
    assert normalise("9 ตุลาคม 2550") in normalise(run_poppler("pdftotext", pdf, tmp_path))


def test_it_renders_page_one_to_png(two_page_pdf, tmp_path, poppler):
    path = tmp_path / "document.pdf"
    path.write_bytes(two_page_pdf)
    run_tool(
        "pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")
    )
    png = next(tmp_path.glob("page*.png")).read_bytes()
    assert png.startswith(b"\x89PNG")
    assert len(png) > 1000


def test_it_marks_drafts_on_every_page(tmp_path, poppler):
    context = {"meeting": OCT_9_2007, "rows": range(1, 26), "draft": True}
    pdf = render_pdf(print_template(TWO_PAGES), context)
    text = run_poppler("pdftotext", pdf, tmp_path, "-raw")
    assert text.count("DRAFT") == 2
    assert normalise("ร่าง") in normalise(text)


def test_it_marks_no_final_document_as_draft(two_page_pdf, tmp_path, poppler):
    text = run_poppler("pdftotext", two_page_pdf, tmp_path, "-raw")
    assert "DRAFT" not in text


# The HTML the print template renders


def test_it_sets_the_document_language():
    with translation.override("th"):
        html = render_pdf_html(simple_template("<p>ทดสอบ</p>"), {})
    assert '<html lang="th">' in html


def test_it_links_the_print_stylesheet_under_the_asset_origin():
    html = render_pdf_html(simple_template(""), {})
    assert f'href="{static("css/print.css")}"' in html
    assert urljoin(asset_base_url(), static("css/print.css")).startswith(asset_base_url())


def test_it_renders_a_template_by_name():
    with translation.override("th"):
        html = render_pdf_html("pdf/base.html", {"generated_on": OCT_9_2007})
    assert "9 ตุลาคม 2550" in html


def test_it_passes_the_request_to_context_processors(rf):
    request = rf.get("/n/nong-bua/reports/1.pdf")
    html = render_pdf_html(simple_template("<p>{{ request.path }}</p>"), {}, request=request)
    assert "<p>/n/nong-bua/reports/1.pdf</p>" in html


def test_it_escapes_the_page_label_for_css():
    css = page_counter_css('Page "%(number)s"</style><script>\\ of %(total)s')
    assert css.startswith('"Page \\22 " counter(page)')
    assert "counter(pages)" in css
    assert "<" not in css
    assert ">" not in css
    assert css.count('"') == 4


# The fetcher: only the app's static files


REFUSED = [
    "file:///etc/passwd",
    "http://127.0.0.1/static/css/print.css",
    "http://169.254.169.254/latest/meta-data",
    "https://example.org/x.css",
    "https://testserver/static/css/print.css",
    "http://pdf-assets.invalid/static/css/print.css",
    "https://pdf-assets.invalid:8443/static/css/print.css",
    "https://user@pdf-assets.invalid/static/css/print.css",
    "data:text/css,body{background:url(http://169.254.169.254/)}",
    "data:image/png;base64,iVBORw0KGgo=",
    "https://pdf-assets.invalid/static/../../etc/passwd",
    "https://pdf-assets.invalid/static/css/%2e%2e/%2e%2e/config/settings.py",
    "https://pdf-assets.invalid/static/css/..%5c..%5cprint.css",
    "https://pdf-assets.invalid/static//etc/passwd",
    "https://pdf-assets.invalid/etc/passwd",
    "https://pdf-assets.invalid/static/fonts/OFL-Sarabun.txt",
    "/etc/passwd",
    "../../etc/passwd",
]


@pytest.mark.parametrize("url", REFUSED)
def test_it_refuses_anything_but_a_static_file(url):
    with pytest.raises(AssetRefusedError):
        StaticFilesFetcher().fetch(url)


def test_it_refuses_a_static_name_that_does_not_exist():
    with pytest.raises(FileNotFoundError):
        StaticFilesFetcher().fetch(asset_base_url() + "css/missing.css")


def test_it_serves_the_print_stylesheet_as_static_resolves_it():
    url = urljoin(asset_base_url(), static("css/print.css"))
    response = StaticFilesFetcher().fetch(url)
    assert response.content_type == "text/css"
    assert response.charset == "utf-8"
    assert b"@font-face" in response.read()


def test_it_serves_a_font():
    response = StaticFilesFetcher().fetch(asset_base_url() + "fonts/Sarabun-Regular.ttf")
    assert response.content_type == "font/ttf"
    assert response.read() == (ROOT / "static/fonts/Sarabun-Regular.ttf").read_bytes()


def test_it_serves_a_hashed_name_from_the_storage(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "print.0123abcd.css").write_text("p { color: red }")
    response = StaticFilesFetcher().fetch(asset_base_url() + "css/print.0123abcd.css")
    assert response.read() == b"p { color: red }"


@pytest.fixture
def fetches(monkeypatch) -> list[tuple[str, str]]:
    """Every URL the engine's fetcher is asked for, with "served" or the refusal."""
    calls: list[tuple[str, str]] = []
    real_fetch = core.pdf.engine.fetch_static_asset

    def spy(url: str):
        try:
            asset = real_fetch(url)
        except Exception as exc:
            calls.append((url, type(exc).__name__))
            raise
        calls.append((url, "served"))
        return asset

    monkeypatch.setattr(core.pdf.engine, "fetch_static_asset", spy)
    return calls


HOSTILE_HTML = """<img src="file:///etc/passwd">
<p style="background: url(http://169.254.169.254/latest/meta-data)">ผู้ใช้</p>
<link rel="stylesheet" href="https://example.org/x.css">
<img src="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E">"""


def test_it_leaves_escaped_user_text_as_text(fetches, tmp_path, poppler):
    template = simple_template("<p>{{ note }}</p>")
    pdf = render_pdf(template, {"note": HOSTILE_HTML})
    assert all(outcome == "served" for _url, outcome in fetches)
    assert "file:///etc/passwd" in run_poppler("pdftotext", pdf, tmp_path)


def test_it_refuses_urls_in_user_html_and_still_renders(fetches, caplog):
    template = simple_template("<div>{{ note|safe }}</div>")
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = render_pdf(template, {"note": HOSTILE_HTML})
    assert pdf.startswith(b"%PDF-")
    served = [url for url, outcome in fetches if outcome == "served"]
    refused = [url for url, outcome in fetches if outcome != "served"]
    assert all(url.startswith(asset_base_url()) for url in served)
    assert "file:///etc/passwd" in refused
    assert "http://169.254.169.254/latest/meta-data" in refused
    assert "https://example.org/x.css" in refused
    assert any(url.startswith("data:") for url in refused)
    assert "169.254.169.254" in caplog.text


# Speed and import cost


def test_it_reuses_one_font_configuration_per_thread():
    other: list[object] = []
    thread = threading.Thread(target=lambda: other.append(font_config()))
    thread.start()
    thread.join()
    assert font_config() is font_config()
    assert other[0] is not font_config()


def test_it_does_not_import_weasyprint_with_core_pdf():
    code = "import django; django.setup(); import sys, core.pdf; print('weasyprint' in sys.modules)"
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        capture_output=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"},
        timeout=60,
    )
    assert result.stdout.decode().strip() == "False"


# The HTTP response


def test_it_sends_a_pdf_inline_with_a_thai_file_name():
    response = pdf_response(b"%PDF-1.7", "รายงานความก้าวหน้า 2568.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Length"] == "8"
    assert "no-store" in response["Cache-Control"]
    disposition = response["Content-Disposition"]
    assert disposition.startswith('inline; filename="2568.pdf"; ')
    assert "filename*=UTF-8''%E0%B8%A3%E0%B8%B2" in disposition
    assert disposition.endswith("%202568.pdf")


def test_it_sends_a_download_when_asked():
    response = pdf_response(b"%PDF-1.7", "minutes.pdf", inline=False)
    assert response["Content-Disposition"] == (
        "attachment; filename=\"minutes.pdf\"; filename*=UTF-8''minutes.pdf"
    )


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("../../etc/passwd", "passwd.pdf"),
        ("C:\\reports\\บันทึก.PDF", "บันทึก.pdf"),
        ('a"b\r\nSet-Cookie: x.pdf', "abSet-Cookie x.pdf"),
        ("\u202efdp.exe", "fdp.exe.pdf"),
        ("...", "document.pdf"),
        ("", "document.pdf"),
    ],
)
def test_it_cleans_the_file_name(given, expected):
    assert safe_pdf_filename(given) == expected


def test_it_keeps_header_injection_out_of_the_disposition():
    disposition = content_disposition('x"\r\nSet-Cookie: a=b')
    assert "\r" not in disposition
    assert "\n" not in disposition
    assert disposition.count('"') == 2
