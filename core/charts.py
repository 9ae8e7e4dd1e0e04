"""Charts as server-rendered SVG: the same markup in a web page and in a WeasyPrint PDF.

Pure Python, no JavaScript and no chart library. Every chart has a fixed
``viewBox`` and width (``WIDTH`` user units, 600 px = 159 mm, inside the A4 text
column), so it looks the same wherever it is shown; in a narrower box it scales
down (``max-width: 100%``). There is no height attribute: Chromium and WeasyPrint
both take the height from the viewBox's proportions then, whereas CSS
``height: auto`` makes WeasyPrint draw a square box. Text is set in Sarabun,
Thai labels included (the page or the PDF provides the font).

Every piece of text (titles, labels, legend, values) is escaped before it goes
into the markup, and colours must be ``#rrggbb``: the result is marked safe only
once it is built from escaped parts, so a label such as ``<script>`` or ``&``
shows as typed and cannot inject markup. The markup is well-formed XML.

Bars are proportional to their values: a bar's length is its value over the top
of the scale (the first gridline at or above the largest value, gridlines being
1, 2 or 5 times a power of ten apart). Negative values are drawn as zero (their
label still shows them); no data gives a chart that says so rather than an error.
"""

from __future__ import annotations

import dataclasses
import html
import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from decimal import Decimal

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

Number = Decimal | int | float

WIDTH = 600
FONT = "Sarabun, sans-serif"
TITLE_SIZE = 14
LABEL_SIZE = 12
VALUE_SIZE = 11
TEXT_COLOUR = "#1d2430"
MUTED_COLOUR = "#5b6574"
GRID_COLOUR = "#dfe3e8"
AXIS_COLOUR = "#8a94a3"
# Colour-blind-safe, and distinct when printed in greys: light track, dark fill, accent.
PALETTE = ("#9fb8cf", "#1f5f8b", "#d08a1e", "#5a8f3d", "#8c4f9f")
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
# Characters XML 1.0 cannot hold (besides tab, newline, return, which become spaces).
_NOT_XML = re.compile("[\x00-\x1f\x7f\ufffe\uffff]")


@dataclasses.dataclass(frozen=True)
class Series:
    """One set of values, a value per category, with its legend label and colour."""

    label: str
    values: Sequence[Number]
    colour: str = ""


def format_number(value: Number) -> str:
    """10,000 for a whole number, 9,250.50 otherwise."""
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if number == number.to_integral_value():
        return f"{number:,.0f}"
    return f"{number:,.2f}"


def text(value: object) -> str:
    """Text for SVG markup: escaped, on one line, without characters XML refuses."""
    cleaned = _NOT_XML.sub(" ", str(value))
    return html.escape(cleaned, quote=True)


def text_width(value: str, size: float) -> float:
    """An estimate of how wide a text is set in Sarabun at ``size`` (no font metrics).

    Thai vowels and tone marks above and below the line take no width; digits
    and Thai letters about 0.56 em, Latin lower case less, spaces and punctuation
    less still (within a few per cent of Pango's widths for Thai and digits).
    """
    width = 0.0
    for char in value:
        if unicodedata.combining(char) or unicodedata.category(char) == "Mn":
            continue
        if char in " ,.:;'!|()/-":
            width += 0.3
        elif char.isupper() or char in "MW@%&":
            width += 0.68
        elif "a" <= char <= "z":
            width += 0.47
        else:
            width += 0.56
    return width * size


def fit(value: str, width: float, size: float) -> str:
    """The text, cut with an ellipsis if it is wider than ``width``; marks stay on their letter."""
    if text_width(value, size) <= width:
        return value
    kept = ""
    for index, char in enumerate(value):
        starts_cluster = not (unicodedata.combining(char) or unicodedata.category(char) == "Mn")
        if starts_cluster and text_width(value[:index] + "…", size) > width:
            break
        kept += char
    return kept.rstrip() + "…"


def nice_scale(largest: float, *, integer: bool = False, steps: int = 5) -> tuple[float, float]:
    """The top of the scale and the step between gridlines: a step of 1, 2 or 5 times a
    power of ten, at most ``steps`` of them to reach ``largest`` (whole steps for counts)."""
    if largest <= 0:
        return (4.0, 1.0) if integer else (1.0, 0.25)
    power = 10 ** math.floor(math.log10(largest / steps))
    step = 10.0 * power
    for multiple in (1, 2, 5, 10):
        candidate = multiple * power
        if integer and candidate < 1:
            continue
        if largest <= candidate * steps * (1 + 1e-9):
            step = candidate
            break
    return math.ceil(largest / step - 1e-9) * step, step


def _ticks(top: float, step: float) -> list[float]:
    return [step * index for index in range(round(top / step) + 1)]


def _scale(series: Sequence[Series]) -> tuple[float, list[float]]:
    values = [value for one in series for value in one.values]
    integer = all(isinstance(value, int) for value in values)
    top, step = nice_scale(max(_amount(value) for value in values), integer=integer)
    return top, _ticks(top, step)


def _amount(value: Number) -> float:
    """A value as a length: negatives are drawn as zero."""
    return max(float(value), 0.0)


def _colour(series: Series, index: int) -> str:
    colour = series.colour or PALETTE[index % len(PALETTE)]
    if not _COLOUR.fullmatch(colour):
        raise ValueError(f"A chart colour must be #rrggbb, not {colour!r}")
    return colour


def _check(categories: Sequence[str], series: Sequence[Series]) -> None:
    for one in series:
        if len(one.values) != len(categories):
            raise ValueError(
                f"Series {one.label!r} has {len(one.values)} values "
                f"for {len(categories)} categories"
            )


def _f(number: float) -> str:
    """A coordinate: one decimal place, no trailing zero."""
    return f"{number:.1f}".removesuffix(".0")


def _text(
    x: float,
    y: float,
    content: str,
    *,
    size: float = LABEL_SIZE,
    anchor: str = "start",
    colour: str = TEXT_COLOUR,
    bold: bool = False,
) -> str:
    weight = ' font-weight="700"' if bold else ""
    return (
        f'<text x="{_f(x)}" y="{_f(y)}" font-size="{_f(size)}" text-anchor="{anchor}" '
        f'fill="{colour}"{weight}>{text(content)}</text>'
    )


def _rect(x: float, y: float, width: float, height: float, colour: str, css: str = "") -> str:
    extra = f' class="{css}"' if css else ""
    return (
        f'<rect x="{_f(x)}" y="{_f(y)}" width="{_f(width)}" height="{_f(height)}" '
        f'fill="{colour}"{extra}/>'
    )


def _line(x1: float, y1: float, x2: float, y2: float, colour: str) -> str:
    return (
        f'<line x1="{_f(x1)}" y1="{_f(y1)}" x2="{_f(x2)}" y2="{_f(y2)}" '
        f'stroke="{colour}" stroke-width="1"/>'
    )


def _svg(title: str, height: float, parts: list[str], kind: str) -> SafeString:
    height = math.ceil(height)
    markup = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{kind}" role="img" '
        f'width="{WIDTH}" viewBox="0 0 {WIDTH} {height}" '
        f'font-family="{FONT}" '
        f'aria-label="{text(title)}"><title>{text(title)}</title>' + "".join(parts) + "</svg>"
    )
    # Safe: every text and attribute value above went through text() or is a
    # number or a checked colour.
    return mark_safe(markup)  # noqa: S308


def wrap(value: str, width: float, size: float, lines: int = 2) -> list[str]:
    """Break a text at spaces into at most ``lines`` lines; the last is cut if need be."""
    words = value.split()
    result: list[str] = []
    current = ""
    for position, word in enumerate(words):
        trial = f"{current} {word}".strip()
        if current and text_width(trial, size) > width:
            result.append(current)
            current = word
            if len(result) == lines - 1:
                current = " ".join(words[position:])
                break
        else:
            current = trial
    result.append(current)
    return [fit(line, width, size) for line in result if line]


def _head(title: str, series: Sequence[Series]) -> tuple[list[str], float]:
    """The title (up to two lines) and the legend; returns the parts and where the plot starts."""
    parts = []
    y = 0.0
    for line in wrap(title, WIDTH, TITLE_SIZE) or [""]:
        y += 18
        parts.append(_text(0, y, line, size=TITLE_SIZE, bold=True))
    if len(series) < 2 and not (series and series[0].label):
        return parts, y + 14
    x = 0.0
    for index, one in enumerate(series):
        label = fit(one.label, 220, LABEL_SIZE)
        parts.append(_rect(x, y + 11, 11, 11, _colour(one, index), "legend-key"))
        parts.append(_text(x + 16, y + 21, label, colour=MUTED_COLOUR))
        x += 16 + text_width(label, LABEL_SIZE) + 18
    return parts, y + 34


def _empty(title: str, message: str, kind: str) -> SafeString:
    parts, top = _head(title, [])
    parts += [
        _rect(0, top - 4, WIDTH, 44, "#f4f6f8"),
        _text(WIDTH / 2, top + 23, message or _("No data"), anchor="middle", colour=MUTED_COLOUR),
    ]
    return _svg(title, top + 44, parts, kind)


def hbar_chart(
    *,
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    value_format: Callable[[Number], str] = format_number,
    overlay: bool = False,
    empty_text: str = "",
) -> SafeString:
    """Horizontal bars, a row per category (long Thai labels fit on the left).

    Grouped by default: a bar per series in each row. With ``overlay`` the first
    series is a light track and the later ones are drawn over it, thinner (an
    approved amount over its allocation), and the row is labelled "approved / allocation".
    """
    _check(categories, series)
    if not categories or not series:
        return _empty(title, empty_text, "hbar")
    parts, top = _head(title, series)
    labels = [str(category) for category in categories]
    # value_texts[series][category]
    value_texts = [[value_format(value) for value in one.values] for one in series]
    if overlay:
        row_values = [
            " / ".join(value_texts[s][c] for s in reversed(range(len(series))))
            for c in range(len(labels))
        ]
    else:
        row_values = [text_ for values in value_texts for text_ in values]
    label_width = min(max(text_width(label, LABEL_SIZE) for label in labels) + 10, WIDTH * 0.36)
    label_width = max(label_width, 60)
    value_width = min(max(text_width(v, VALUE_SIZE) for v in row_values) + 8, WIDTH * 0.3)
    plot_x = label_width
    plot_width = WIDTH - label_width - value_width
    scale, ticks = _scale(series)

    bar = 12.0 if overlay else 10.0
    row = (bar + 8) if overlay else len(series) * (bar + 1) + 7
    plot_top = top + 4
    plot_height = row * len(labels)
    for tick in ticks:
        x = plot_x + plot_width * tick / scale
        parts.append(_line(x, plot_top, x, plot_top + plot_height, GRID_COLOUR))
        parts.append(
            _text(
                x,
                plot_top + plot_height + 13,
                value_format(tick),
                size=VALUE_SIZE - 1,
                anchor="middle",
                colour=MUTED_COLOUR,
            )
        )
    for c, label in enumerate(labels):
        y = plot_top + c * row + 4
        centre = y + (bar if overlay else len(series) * (bar + 1) - 1) / 2
        parts.append(
            _text(
                plot_x - 6,
                centre + LABEL_SIZE * 0.35,
                fit(label, label_width - 10, LABEL_SIZE),
                anchor="end",
            )
        )
        end = plot_x
        for s, one in enumerate(series):
            length = plot_width * _amount(one.values[c]) / scale
            if overlay:
                height = bar if s == 0 else bar * 0.5
                offset = (bar - height) / 2
                parts.append(_rect(plot_x, y + offset, length, height, _colour(one, s), "bar"))
                end = max(end, plot_x + length)
            else:
                bar_y = y + s * (bar + 1)
                parts.append(_rect(plot_x, bar_y, length, bar, _colour(one, s), "bar"))
                parts.append(
                    _text(
                        plot_x + length + 4,
                        bar_y + bar - 1.5,
                        value_texts[s][c],
                        size=VALUE_SIZE - 1,
                        colour=MUTED_COLOUR,
                    )
                )
        if overlay:
            parts.append(
                _text(
                    end + 4,
                    centre + VALUE_SIZE * 0.35,
                    row_values[c],
                    size=VALUE_SIZE - 1,
                    colour=MUTED_COLOUR,
                )
            )
    parts.append(_line(plot_x, plot_top, plot_x, plot_top + plot_height, AXIS_COLOUR))
    return _svg(title, plot_top + plot_height + 20, parts, "hbar")


def column_chart(
    *,
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    value_format: Callable[[Number], str] = format_number,
    empty_text: str = "",
    height: int = 240,
) -> SafeString:
    """Vertical columns, a group per category (short labels: months, meetings)."""
    _check(categories, series)
    if not categories or not series:
        return _empty(title, empty_text, "column")
    parts, top = _head(title, series)
    scale, ticks = _scale(series)
    axis_width = max(text_width(value_format(tick), VALUE_SIZE) for tick in ticks) + 8
    plot_x, plot_top = axis_width, top + 14
    plot_width = WIDTH - axis_width - 4
    # Room for the plot even under a two-line title and a legend.
    plot_bottom = max(height, plot_top + 120) - 24
    plot_height = plot_bottom - plot_top
    for tick in ticks:
        y = plot_bottom - plot_height * tick / scale
        parts.append(_line(plot_x, y, plot_x + plot_width, y, GRID_COLOUR))
        parts.append(
            _text(
                plot_x - 4,
                y + 3.5,
                value_format(tick),
                size=VALUE_SIZE - 1,
                anchor="end",
                colour=MUTED_COLOUR,
            )
        )
    group = plot_width / len(categories)
    column = min(32.0, group * 0.75 / len(series))
    for c, category in enumerate(categories):
        left = plot_x + c * group + (group - column * len(series)) / 2
        for s, one in enumerate(series):
            value = one.values[c]
            length = plot_height * _amount(value) / scale
            x = left + s * column
            parts.append(
                _rect(x + 1, plot_bottom - length, column - 2, length, _colour(one, s), "bar")
            )
            label = value_format(value)
            # A zero column needs no label: the axis says it, and six of them are clutter.
            if float(value) != 0 and text_width(label, VALUE_SIZE - 2) <= column + 6:
                parts.append(
                    _text(
                        x + column / 2,
                        plot_bottom - length - 3,
                        label,
                        size=VALUE_SIZE - 2,
                        anchor="middle",
                        colour=MUTED_COLOUR,
                    )
                )
        parts.append(
            _text(
                plot_x + c * group + group / 2,
                plot_bottom + 15,
                fit(str(category), group - 4, LABEL_SIZE),
                anchor="middle",
            )
        )
    parts.append(_line(plot_x, plot_bottom, plot_x + plot_width, plot_bottom, AXIS_COLOUR))
    return _svg(title, plot_bottom + 24, parts, "column")
