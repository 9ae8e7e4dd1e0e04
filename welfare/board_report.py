"""The committee's village board as a report kind (``welfare-board``): a PDF and its table.

The rows are the spreadsheet's (``exports.board_rows``: one per village, then the
totals), so the PDF, the Excel companion and the board download stay one board.
Two queries whatever the number of villages: the programme, then the board.

The board stands at a moment kept in its parameters (``as_of``): the end of a past
day, or the moment it was asked for. Its figures come from ``village_board(as_of=)``
(statuses from their dated steps, payments by their dates, allocations from their
history), so a board made for a moment gives the same figures whenever it is made
again. Payments count by their date: one dated back into the board's day, or dated
today and recorded after a board of today was made, joins it, as a correction does
in the monthly report. An archived board asked for before the moment was kept shows
the board now.
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


def parse_as_of(value: str) -> dt.datetime:
    """The moment the board stands at: the last moment of a past day; now for today or
    when no day is given. A later day is refused: its figures are not known yet."""
    text = str(value or "").strip()
    now = timezone.now()
    if not text:
        return now
    day = thai.parse_date(text)  # its ValueError carries the message for people
    today = timezone.localdate(now)
    if day > today:
        raise ValueError(_("The board cannot stand at a day after today."))
    if day == today:
        return now
    following = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))
    return following - dt.timedelta(microseconds=1)


def as_of_of(params: Mapping[str, Any]) -> dt.datetime | None:
    """The moment kept in the parameters; None for a board archived before it was kept."""
    value = params.get("as_of")
    return dt.datetime.fromisoformat(value) if value else None


def parse(network: Network, raw: Mapping[str, str]) -> dict[str, Any]:
    """{"programme": 12, "as_of": "2007-10-31T23:59:59.999999+07:00"} from the programme's
    id or its name and year, and a day (BE or CE; none: now)."""
    if not str(raw.get("programme", "")).strip():
        raise ValueError(_("Choose a welfare programme."))
    programme = find_programme(network, raw["programme"])
    as_of = timezone.localtime(parse_as_of(raw.get("as_of", "")))
    return {"programme": programme.pk, "as_of": as_of.isoformat()}


def as_of_label(as_of: dt.datetime) -> str:
    """A moment as the board prints it: 31 ตุลาคม 2550 23:59."""
    local = timezone.localtime(as_of)
    return f"{thai.format_date(local)} {thai.format_time(local.time())}"


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
    return dated_title(programme, as_of_of(params))


def dated_title(programme: Programme, as_of: dt.datetime | None) -> str:
    """The board's title with its moment, so that the archive tells boards apart."""
    if as_of is None:
        return board_title(programme)
    return _("%(title)s, as of %(date)s") % {
        "title": board_title(programme),
        "date": as_of_label(as_of),
    }


def programme_choices(network: Network) -> list[tuple[str, str]]:
    """The network's programmes, newest year first."""
    return [
        (str(programme.pk), f"{programme.name} ({programme.year_be})")
        for programme in Programme.objects.for_network(network).order_by("-year", "name")
    ]


def board_table(
    programme: Programme, *, language: str | None = None, as_of: dt.datetime | None = None
) -> Table:
    """The board as a report table: the spreadsheet's rows, amounts as Decimals."""
    return Table(
        title=exports.board_title(programme),
        headers=exports.board_headers(lang=language),
        rows=exports.board_rows(programme, lang=language, as_of=as_of),
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
    kept = as_of_of(params)
    # A board archived before its moment was kept: the board now, as it was then made.
    as_of = kept or timezone.now()
    with translation.override(language):
        progress(10, _("Adding up the villages"))
        table = board_table(programme, language=language, as_of=kept)
        progress(40, _("Typesetting the board"))
        pdf, pages = render_pdf_pages(TEMPLATE, pdf_context(programme, table, as_of))
        title = dated_title(programme, kept)
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
        params=("programme", "as_of"),
        optional_params=frozenset({"as_of"}),
        choices={"programme": programme_choices},
    )
