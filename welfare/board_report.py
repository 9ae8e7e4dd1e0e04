"""The committee's village board as a report kind (``welfare-board``): a PDF and its table.

The rows are the spreadsheet's (``exports.board_rows``: one per village, then the
totals), so the PDF, the Excel companion and the board download stay one board.
Two queries whatever the number of villages: the programme, then the board.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import thai
from core.imports.files import unescape_formula
from core.pdf import render_pdf_pages
from core.reporting import Progress, Rendered, ReportKind, Table
from network.models import Network
from welfare import exports
from welfare.models import Programme
from welfare.permissions import WelfarePerm

KEY = "welfare-board"
TEMPLATE = "welfare/board_pdf.html"
# Above this many columns the board is printed on A4 landscape.
PORTRAIT_COLUMNS = 6
# The amounts follow the village's number and name in ``exports.board_rows``.
AMOUNT_COLUMNS = frozenset(range(2, 2 + len(exports.AMOUNTS)))
# "Youth fund 2550", "Youth fund (2550)": a name and a year, BE or CE.
_NAME_AND_YEAR = re.compile(r"(.+?)\s*\(?\s*(\d{4})\s*\)?")


def find_programme(network: Network, value: str) -> Programme:
    """A welfare programme of the network by its id, or by its name and year."""
    text = " ".join(str(value).split())
    programmes = Programme.objects.for_network(network)
    if text.isdigit():
        programme = programmes.filter(pk=int(text)).first()
    elif match := _NAME_AND_YEAR.fullmatch(text):
        year = thai.to_gregorian_year(int(match.group(2)))
        programme = programmes.filter(name=match.group(1), year=year).first()
    else:
        raise ValueError(
            _("Give the programme as its id, or as its name and year, such as “Youth fund 2550”.")
        )
    # Another network's programme gets the same answer as none: do not confirm it exists.
    if programme is None:
        raise ValueError(
            _("This network has no welfare programme %(programme)s.") % {"programme": text}
        )
    return programme


def parse(network: Network, raw: Mapping[str, str]) -> dict[str, Any]:
    """{"programme": 12} from the programme's id or its name and year."""
    if not str(raw.get("programme", "")).strip():
        raise ValueError(_("Choose a welfare programme."))
    return {"programme": find_programme(network, raw["programme"]).pk}


def board_title(programme: Programme) -> str:
    """Village board: <programme> <year>, BE in Thai and CE in English."""
    return _("Village board: %(programme)s %(year)s") % {
        "programme": programme.name,
        "year": programme.year_be if thai.is_thai() else programme.year,
    }


def describe(network: Network, params: Mapping[str, Any]) -> str:
    """The report's title, for the archive and the command line."""
    programme = Programme.objects.for_network(network).filter(pk=params.get("programme")).first()
    if programme is None:
        return _("Village board of a removed programme")
    return board_title(programme)


def programme_choices(network: Network) -> list[tuple[str, str]]:
    """The network's programmes, newest year first."""
    return [
        (str(programme.pk), f"{programme.name} ({programme.year_be})")
        for programme in Programme.objects.for_network(network).order_by("-year", "name")
    ]


def board_table(programme: Programme, *, language: str | None = None) -> Table:
    """The board as a report table: the spreadsheet's rows, amounts as Decimals."""
    return Table(
        title=exports.board_title(programme),
        headers=exports.board_headers(lang=language),
        rows=exports.board_rows(programme, lang=language),
        number_columns=AMOUNT_COLUMNS,
    )


def _cell(value: Any, column: int) -> str:
    """A table cell as printed: amounts as 10,000.00, texts as typed."""
    if value is None:
        return ""
    if column in AMOUNT_COLUMNS or isinstance(value, Decimal):
        return thai.format_amount(value)
    if isinstance(value, int):
        return f"{value:,}"
    # The spreadsheet's formula guard means nothing on paper.
    return unescape_formula(str(value))


def _column_kind(column: int, rows: Sequence[Sequence[Any]]) -> str:
    """How a column is laid out: the village number, the name, an amount or a count."""
    if column in AMOUNT_COLUMNS:
        return "amount"
    values = [row[column] for row in rows if row[column] is not None]
    if values and all(isinstance(value, int | Decimal) for value in values):
        return "number" if column == 0 else "count"
    return "text"


def pdf_context(programme: Programme, table: Table, as_of: dt.datetime) -> dict[str, Any]:
    """What the print template needs: the title, the programme's facts, rows and totals."""
    body, totals = list(table.rows[:-1]), table.rows[-1]
    kinds = [_column_kind(column, body) for column in range(len(table.headers))]
    return {
        "network": programme.network,
        "programme": programme,
        "title": board_title(programme),
        "as_of": timezone.localtime(as_of),
        "landscape": len(table.headers) > PORTRAIT_COLUMNS,
        "columns": [
            {"header": header, "kind": kind}
            for header, kind in zip(table.headers, kinds, strict=True)
        ],
        "rows": [
            [(_cell(value, column), kinds[column]) for column, value in enumerate(row)]
            for row in body
        ],
        "totals": [(_cell(value, column), kinds[column]) for column, value in enumerate(totals)],
    }


def render(
    network: Network, params: Mapping[str, Any], language: str, progress: Progress
) -> Rendered:
    """The board as a PDF with its table, in the given language."""
    programme = Programme.objects.for_network(network).get(pk=params["programme"])
    # The network is already at hand: spare the board a query to load it again.
    programme.network = network
    as_of = timezone.now()
    with translation.override(language):
        progress(10, _("Adding up the villages"))
        table = board_table(programme, language=language)
        progress(40, _("Typesetting the board"))
        pdf, pages = render_pdf_pages(TEMPLATE, pdf_context(programme, table, as_of))
        title = board_title(programme)
    return Rendered(
        pdf=pdf,
        tables=[table],
        title=title,
        filename=exports.board_filename(programme).removesuffix(".xlsx"),
        data_as_of=as_of,
        pages=pages,
    )


def board_report_kind() -> ReportKind:
    """The village board as a report kind, for ``register_report_kind``."""
    return ReportKind(
        key=KEY,
        label=gettext_lazy("Welfare village board"),
        perm=WelfarePerm.VIEW_WELFARE,
        parse=parse,
        describe=describe,
        render=render,
        params=("programme",),
        choices={"programme": programme_choices},
    )
