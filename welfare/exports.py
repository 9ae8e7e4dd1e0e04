"""The committee's village board as a spreadsheet.

One row per village (as ``services.village_board`` computes it, in one query) and
a totals row. Amounts are written as numbers, so that the spreadsheet can add
them up; texts are made formula-safe. The programme's name and BE year name the
sheet (``write_xlsx`` writes no title row above the header).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import thai
from core.imports.files import escape_formula, write_xlsx
from welfare.models import Programme
from welfare.services import village_board

TWO_PLACES = Decimal("0.01")
AMOUNTS = ("allocation", "requested", "approved", "disbursed", "remaining")
HEADERS = (
    gettext_lazy("Village No."),
    gettext_lazy("Village"),
    gettext_lazy("Allocation (baht)"),
    gettext_lazy("Requested (baht)"),
    gettext_lazy("Approved (baht)"),
    gettext_lazy("Disbursed (baht)"),
    gettext_lazy("Remaining (baht)"),
    gettext_lazy("Awaiting review"),
)
# Excel's limit on a sheet's name, and the characters it refuses in one.
SHEET_NAME_LENGTH = 31
SHEET_NAME_REFUSED = re.compile(r"[\[\]:*?/\\]")


def _language(lang: str | None) -> contextlib.AbstractContextManager[Any]:
    """The given language, or the active one when none is given."""
    return translation.override(lang) if lang else contextlib.nullcontext()


def _amount(value: Any) -> Decimal:
    return Decimal(value or 0).quantize(TWO_PLACES)


def board_headers(*, lang: str | None = None) -> list[str]:
    """The board's column headers, in the given (or the active) language."""
    with _language(lang):
        return [str(header) for header in HEADERS]


def board_rows(
    programme: Programme, *, lang: str | None = None, as_of: dt.datetime | None = None
) -> list[list[Any]]:
    """The board as spreadsheet rows: one per village, then the totals row; given
    ``as_of``, as it stood then (``village_board``).

    Amounts are Decimals and counts ints, as numbers; texts are formula-safe.
    """
    rows: list[list[Any]] = []
    totals = [Decimal("0.00")] * len(AMOUNTS)
    awaiting = 0
    for village in village_board(programme, as_of=as_of):
        amounts = [_amount(getattr(village, name)) for name in AMOUNTS]
        totals = [total + amount for total, amount in zip(totals, amounts, strict=True)]
        awaiting += village.awaiting_review
        rows.append(
            [village.number, escape_formula(village.name), *amounts, village.awaiting_review]
        )
    with _language(lang):
        label = _("Total")
    rows.append([None, label, *totals, awaiting])
    return rows


def board_title(programme: Programme) -> str:
    """The sheet's name: the programme's name and BE year, as Excel allows one."""
    year = f" {thai.be_year(programme.year)}"
    name = " ".join(SHEET_NAME_REFUSED.sub(" ", programme.name).split()).strip("'")
    room = SHEET_NAME_LENGTH - len(year)
    if len(name) > room:
        name = name[: room - 1].rstrip() + "…"
    return (name + year).strip()


def board_xlsx(programme: Programme, *, lang: str | None = None) -> bytes:
    """The village board of a programme as an XLSX workbook."""
    return write_xlsx(
        board_headers(lang=lang), board_rows(programme, lang=lang), title=board_title(programme)
    )


def board_filename(programme: Programme) -> str:
    """An ASCII file name: welfare-board-2568-12-youth-fund.xlsx (Thai names drop out)."""
    parts = ["welfare-board", str(thai.be_year(programme.year)), str(programme.pk)]
    if slug := slugify(programme.name)[:40].strip("-"):
        parts.append(slug)
    return re.sub(r"[^A-Za-z0-9._-]", "-", "-".join(parts)) + ".xlsx"
