"""Server-rendered SVG charts: well-formed, escaped, proportional, the same size everywhere."""

import unicodedata
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.charts import (
    WIDTH,
    Series,
    column_chart,
    fit,
    format_number,
    hbar_chart,
    nice_scale,
    text_width,
    wrap,
)

SVG = "{http://www.w3.org/2000/svg}"
VILLAGES = ["หมู่ที่ 1 บ้านลำสินธุ์", "หมู่ที่ 2 บ้านควนโหนด", "หมู่ที่ 9 บ้านโหล๊ะจันทร์"]


def parse(markup: str) -> ET.Element:
    """The chart as XML: fails on markup that is not well-formed."""
    return ET.fromstring(markup)  # noqa: S314 - our own markup, under test


def bars(root: ET.Element) -> list[ET.Element]:
    return [rect for rect in root.iter(f"{SVG}rect") if rect.get("class") == "bar"]


def texts(root: ET.Element) -> list[str]:
    return [element.text or "" for element in root.iter(f"{SVG}text")]


def hbar(**options):
    defaults = {
        "title": "อนุมัติเทียบกับวงเงินจัดสรร",
        "categories": VILLAGES,
        "series": [
            Series("วงเงินจัดสรร", [Decimal("10000"), Decimal("10000"), Decimal("10000")]),
            Series("อนุมัติ", [Decimal("9500"), Decimal("9000"), Decimal("10000")]),
        ],
    }
    return hbar_chart(**{**defaults, **options})


CHARTS = {
    "hbar": lambda: hbar(),
    "hbar overlay": lambda: hbar(overlay=True),
    "column": lambda: column_chart(
        title="คำขอรายเดือน",
        categories=["ก.ย. 50", "ต.ค. 50"],
        series=[Series("ได้รับ", [34, 8]), Series("อนุมัติ", [32, 0])],
    ),
    "empty hbar": lambda: hbar_chart(title="ไม่มีข้อมูล", categories=[], series=[]),
    "empty column": lambda: column_chart(title="ไม่มีข้อมูล", categories=[], series=[]),
}


@pytest.mark.parametrize("kind", CHARTS)
def test_it_is_well_formed_svg_of_a_fixed_size(kind):
    markup = CHARTS[kind]()

    root = parse(markup)

    assert isinstance(markup, SafeString)
    assert root.tag == f"{SVG}svg"
    assert root.get("width") == str(WIDTH)
    width, height = root.get("viewBox").split()[2:]
    assert width == str(WIDTH)
    assert int(height) > 0
    # No height: browsers and WeasyPrint both keep the viewBox's proportions when it scales.
    assert root.get("height") is None
    assert root.get("style") is None  # no inline style: the page's CSP allows none
    # Inline in an HTML page as it is: no XML declaration, no script, no external reference.
    assert not markup.startswith("<?xml")
    assert "<script" not in markup
    assert "href" not in markup
    assert root.find(f"{SVG}title").text


def test_it_keeps_thai_labels_whole():
    root = parse(hbar())
    assert set(VILLAGES) <= set(texts(root))
    assert {"วงเงินจัดสรร", "อนุมัติ"} <= set(texts(root))


@pytest.mark.parametrize("overlay", [False, True])
def test_it_escapes_every_text(overlay):
    evil = '<script>alert("x")</script> & บ้าน'
    markup = hbar_chart(
        title=evil,
        categories=[evil, "A & B"],
        series=[Series(evil, [1, 2]), Series("<b>", [2, 1])],
        value_format=lambda value: f"<{value}>&",
        overlay=overlay,
    )

    root = parse(markup)

    assert "<script" not in markup
    assert "<b>" not in markup
    assert "&lt;script&gt;" in markup
    assert root.find(f"{SVG}title").text == evil
    assert root.get("aria-label") == evil
    assert "A & B" in texts(root)
    assert "<b>" in texts(root)
    assert any(text.startswith("<1>&") for text in texts(root))


def test_it_escapes_column_labels_too():
    markup = column_chart(title="t", categories=["<i>", "&amp;"], series=[Series("</svg>", [1, 2])])
    root = parse(markup)
    assert {"<i>", "&amp;", "</svg>"} <= set(texts(root))
    assert markup.count("</svg>") == 1


def test_it_drops_characters_xml_cannot_hold():
    root = parse(
        column_chart(title="a\x00b\x1bc\nd", categories=["x\x0c"], series=[Series("", [1])])
    )
    assert root.find(f"{SVG}title").text == "a b c d"


def test_it_refuses_a_colour_that_is_not_hex():
    with pytest.raises(ValueError, match="rrggbb"):
        hbar_chart(title="t", categories=["a"], series=[Series("s", [1], colour='red"/><x y="')])


def test_it_refuses_a_series_of_the_wrong_length():
    with pytest.raises(ValueError, match="categories"):
        column_chart(title="t", categories=["a", "b"], series=[Series("s", [1])])


def test_horizontal_bars_are_proportional_to_their_values():
    root = parse(
        hbar_chart(title="t", categories=["a", "b", "c", "d"], series=[Series("", [10, 20, 40, 0])])
    )

    widths = [float(rect.get("width")) for rect in bars(root)]

    # Coordinates are written to 0.1 unit: proportional within that rounding.
    assert [w / widths[2] for w in widths[:3]] == pytest.approx([1 / 4, 1 / 2, 1], abs=0.002)
    assert widths[3] == 0
    assert max(widths) < WIDTH


def test_overlaid_bars_are_proportional_on_one_scale():
    root = parse(hbar(overlay=True))

    allocation, approved = [], []
    for rect in bars(root):
        (allocation if rect.get("fill") == "#9fb8cf" else approved).append(float(rect.get("width")))

    assert allocation[0] == allocation[1] == allocation[2]
    assert approved[0] / allocation[0] == pytest.approx(0.95, abs=0.001)
    assert approved[1] / allocation[1] == pytest.approx(0.90, abs=0.001)
    assert approved[2] == allocation[2]
    assert "9,500 / 10,000" in texts(root)


def test_columns_are_proportional_to_their_values():
    root = parse(
        column_chart(title="t", categories=["a", "b", "c"], series=[Series("", [5, 15, 30])])
    )

    heights = [float(rect.get("height")) for rect in bars(root)]
    bottoms = {round(float(r.get("y")) + float(r.get("height")), 1) for r in bars(root)}

    # Coordinates are written to 0.1 unit: proportional within that rounding.
    assert [h / heights[2] for h in heights] == pytest.approx([1 / 6, 1 / 2, 1], abs=0.002)
    assert len(bottoms) == 1  # they stand on one baseline


@pytest.mark.parametrize("chart", [hbar_chart, column_chart])
def test_all_zero_and_negative_values_draw_empty_bars(chart):
    root = parse(chart(title="t", categories=["a", "b"], series=[Series("s", [0, Decimal("-5")])]))

    sizes = [float(r.get("width" if chart is hbar_chart else "height")) for r in bars(root)]

    assert sizes == [0, 0]
    assert "-5" in texts(root)


@pytest.mark.parametrize("chart", [hbar_chart, column_chart])
def test_no_data_says_so(chart):
    with override("en"):
        root = parse(chart(title="t", categories=[], series=[Series("s", [])]))
        assert _("No data") in texts(root)
    root = parse(chart(title="t", categories=["a"], series=[], empty_text="ยังไม่มีคำขอ"))
    assert "ยังไม่มีคำขอ" in texts(root)
    assert not bars(root)


def test_a_long_title_wraps_and_a_long_label_is_cut_at_a_letter():
    title = "อนุมัติเทียบกับวงเงินจัดสรรรายหมู่บ้าน: " + "โครงการสมทบกองทุนสวัสดิการ " * 6
    label = "บ้าน" + "โหล๊ะจันทร์" * 12

    root = parse(hbar_chart(title=title, categories=[label], series=[Series("s", [1])]))
    lines = [t for t in texts(root) if t.startswith(("อนุมัติ", "โครงการ"))]

    assert 1 < len(lines) <= 2
    cut = next(t for t in texts(root) if t.startswith("บ้านโหล"))
    assert cut.endswith("…")
    assert label.startswith(cut[:-1].rstrip())
    # Never a tone mark or vowel left without its letter, nor cut from it.
    assert not unicodedata.combining(label[len(cut) - 1])


def test_text_helpers():
    assert fit("สั้น", 100, 12) == "สั้น"
    assert wrap("a b c", 1000, 12) == ["a b c"]
    assert len(wrap("word " * 100, 200, 12)) == 2
    # Marks above and below the line take no width.
    assert text_width("ที่", 10) == text_width("ท", 10)
    assert format_number(Decimal("10000.00")) == "10,000"
    assert format_number(Decimal("9250.5")) == "9,250.50"
    assert format_number(3) == "3"


@pytest.mark.parametrize(
    ("largest", "integer", "top", "step"),
    [
        (34, True, 40, 10),
        (10000, False, 10000, 2000),
        (9250.5, False, 10000, 2000),
        (1, True, 1, 1),
        (3, True, 3, 1),
        (0.3, False, 0.3, 0.1),
        (0, True, 4, 1),
        (0, False, 1, 0.25),
    ],
)
def test_the_scale_is_round(largest, integer, top, step):
    assert nice_scale(largest, integer=integer) == (pytest.approx(top), pytest.approx(step))
