"""Reading and writing spreadsheet files, with the checks a hostile file must pass.

A file is refused with a message for the user (``ImportFileError``) before any row
reaches the database: too large, not the type its name says (an XLSX must be a
real zip holding ``xl/workbook.xml``), a zip that would expand too far (checked
from the zip's own directory and then by decompressing with a budget, before
openpyxl opens it), text in an encoding we cannot read, or too many rows.

Every cell is read as text (``cell_text``), so the resources' widgets see one type.
Writing escapes cells that a spreadsheet would run as a formula (``escape_formula``).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import logging
import re
import zipfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

logger = logging.getLogger(__name__)

CSV = "csv"
XLSX = "xlsx"
FORMATS = (XLSX, CSV)
CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 (.xls) and encrypted XLSX
# CSV encodings tried in order: UTF-8 (Excel's "CSV UTF-8" adds a BOM), then the
# Thai Windows code page (a superset of TIS-620) that older Excel writes.
CSV_ENCODINGS = ("utf-8-sig", "cp874")
MAX_COLUMNS = 100
MAX_ZIP_MEMBERS = 1000

# A cell starting with one of these is run as a formula by Excel, LibreOffice or
# Google Sheets (tab and carriage return too: some strip them and read what
# follows). Full-width forms are included as Excel reads them with Asian input.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


class ImportFileError(Exception):
    """A file refused as a whole, before any row is read; the messages are for the user."""

    def __init__(self, *messages: str) -> None:
        super().__init__(*messages)
        self.messages = list(messages)
        self.message = " ".join(messages)


@dataclasses.dataclass
class Table:
    """A spreadsheet's first sheet as text: its header row and its non-blank rows."""

    headers: list[str]
    rows: list[list[str]]
    # The spreadsheet row number of each row (the header is row 1), as people see it.
    lines: list[int]
    file_format: str


def size_text(size: int) -> str:
    """A size for people, in their language: 5.0 MB, 1000 ไบต์."""
    return str(filesizeformat(size))


def file_format_of(name: str) -> str | None:
    """The format a file's name claims (its content must then agree)."""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return suffix if suffix in FORMATS else None


def read_table(data: bytes, *, name: str) -> Table:
    """Read an uploaded file after checking its size, type, container and rows."""
    limit = settings.IMPORT_MAX_FILE_BYTES
    if len(data) > limit:
        raise ImportFileError(
            _("This file is %(size)s; the limit is %(limit)s. Split it into smaller files.")
            % {"size": size_text(len(data)), "limit": size_text(limit)}
        )
    if not data.strip():
        raise ImportFileError(_("This file is empty."))
    file_format = file_format_of(name)
    if file_format is None:
        raise ImportFileError(
            _("Upload an Excel file (.xlsx) or a CSV file (.csv), such as the template.")
        )
    if data.startswith(OLE_MAGIC):
        raise ImportFileError(
            _(
                "This is an old Excel file (.xls) or a password-protected one: open it in "
                "Excel and save it as “Excel Workbook (.xlsx)” without a password."
            )
        )
    if file_format == XLSX:
        return read_xlsx(data)
    if data.startswith(ZIP_MAGIC):
        raise ImportFileError(
            _("This file is named .csv but is an Excel workbook: rename it to .xlsx.")
        )
    return read_csv(data)


def check_zip(data: bytes) -> zipfile.ZipFile:
    """Open an XLSX as a zip and refuse it unless it is a workbook that is safe to expand."""
    if not data.startswith(ZIP_MAGIC):
        raise ImportFileError(
            _(
                "This file is named .xlsx but is not an Excel workbook (perhaps a text "
                "file renamed). Save it from Excel as .xlsx, or upload it as .csv."
            )
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise ImportFileError(_("This Excel file is damaged and cannot be read.")) from exc
    if "xl/workbook.xml" not in {member.filename for member in members}:
        raise ImportFileError(
            _("This zip file is not an Excel workbook: save the sheet from Excel as .xlsx.")
        )
    budget = settings.IMPORT_MAX_UNCOMPRESSED_BYTES
    ratio = settings.IMPORT_MAX_COMPRESSION_RATIO
    too_large = ImportFileError(
        _(
            "This Excel file would expand to more than %(limit)s when opened, far more "
            "than a spreadsheet of this size needs, so it was refused."
        )
        % {"limit": size_text(budget)}
    )
    # First what the zip's directory claims, which costs nothing to read…
    if len(members) > MAX_ZIP_MEMBERS or sum(m.file_size for m in members) > budget:
        raise too_large
    for member in members:
        if member.file_size > max(member.compress_size, 1) * ratio and member.file_size > 2**20:
            raise too_large
    # …then what the members really expand to, as the directory may lie.
    try:
        for member in members:
            with archive.open(member) as stream:
                while chunk := stream.read(2**20):
                    budget -= len(chunk)
                    if budget < 0:
                        raise too_large
    except ImportFileError:
        raise
    except Exception as exc:  # zlib, CRC and header errors of a damaged file
        raise ImportFileError(_("This Excel file is damaged and cannot be read.")) from exc
    return archive


def read_xlsx(data: bytes) -> Table:
    """The first sheet of a workbook, after ``check_zip`` has passed it."""
    check_zip(data)
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        logger.info("Unreadable XLSX upload: %r", exc)
        raise ImportFileError(_("This Excel file is damaged and cannot be read.")) from exc
    try:
        if not workbook.worksheets:
            raise ImportFileError(_("This Excel file has no sheet."))
        sheet = workbook.worksheets[0]
        rows = (
            [cell_text(value) for value in values[:MAX_COLUMNS]]
            for values in sheet.iter_rows(values_only=True)
        )
        return _table(rows, XLSX)
    except ImportFileError:
        raise
    except Exception as exc:
        logger.info("Unreadable XLSX sheet: %r", exc)
        raise ImportFileError(_("This Excel file is damaged and cannot be read.")) from exc
    finally:
        workbook.close()


def decode_text(data: bytes) -> str:
    """CSV bytes as text: UTF-8, else the Thai Windows code page."""
    if b"\x00" in data:
        raise ImportFileError(
            _(
                "This file is not a CSV text file. In Excel choose “Save As” → "
                "“CSV UTF-8 (Comma delimited)”, or upload the .xlsx file itself."
            )
        )
    for encoding in CSV_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(
        _(
            "The text of this CSV file cannot be read. In Excel choose “Save As” → "
            "“CSV UTF-8 (Comma delimited)” and upload it again."
        )
    )


def read_csv(data: bytes) -> Table:
    """A CSV file's rows; the delimiter is a comma unless the header uses ; or tab."""
    text = decode_text(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ","
    if "," not in first_line:
        delimiter = next((d for d in (";", "\t") if d in first_line), ",")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    try:
        return _table(([cell.strip() for cell in row[:MAX_COLUMNS]] for row in reader), CSV)
    except csv.Error as exc:
        raise ImportFileError(
            _("This CSV file cannot be read (%(error)s). Save it again from Excel.")
            % {"error": exc}
        ) from exc


def _table(rows: Iterable[list[str]], file_format: str) -> Table:
    """Header (the first non-blank row) and non-blank rows, stopping past the row limit."""
    max_rows = settings.IMPORT_MAX_ROWS
    headers: list[str] | None = None
    body: list[list[str]] = []
    lines: list[int] = []
    for line, row in enumerate(rows, start=1):
        if not any(row):
            continue
        if headers is None:
            headers = row
            continue
        if len(body) >= max_rows:
            raise ImportFileError(
                ngettext(
                    "This file has more than %(limit)s row; split it into smaller files.",
                    "This file has more than %(limit)s rows; split it into smaller files.",
                    max_rows,
                )
                % {"limit": f"{max_rows:,}"}
            )
        body.append(row)
        lines.append(line)
    if headers is None:
        raise ImportFileError(_("This file is empty."))
    width = max([len(headers), *(len(row) for row in body)])
    headers = headers + [""] * (width - len(headers))
    body = [row + [""] * (width - len(row)) for row in body]
    return Table(headers=headers, rows=body, lines=lines, file_format=file_format)


def cell_text(value: Any) -> str:
    """A cell as text: dates as ISO (2007-10-09), whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float | Decimal):
        return str(value)
    return str(value).strip()


def escape_formula(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula, made inert with a ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def unescape_formula(text: str) -> str:
    """Undo ``escape_formula`` on import, so that an export imports back unchanged."""
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


def write_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """CSV in UTF-8 with a BOM (so Excel shows Thai), every formula cell escaped."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([escape_formula(header) for header in headers])
    for row in rows:
        writer.writerow(["" if value is None else escape_formula(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


@dataclasses.dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook: a header row, rows, and how to show some columns."""

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    text_columns: Iterable[str] = ()  # kept as text (IDs with leading zeros)
    amount_columns: Iterable[str] = ()  # shown as 10,000.00


def write_xlsx(
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    title: str,
    text_columns: Iterable[str] = (),
) -> bytes:
    """An XLSX workbook of one sheet: bold header, text columns kept as text."""
    return write_workbook([Sheet(title, headers, rows, text_columns)])


def write_workbook(sheets: Iterable[Sheet]) -> bytes:
    """An XLSX workbook, a sheet for each: bold header, text columns kept as text.

    Strings are escaped like CSV cells and are written as strings, never formulas;
    characters that XML cannot hold are dropped; numbers stay numbers.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    used_titles: set[str] = set()
    for spec in sheets:
        title = _sheet_title(spec.title, used_titles)
        sheet = workbook.create_sheet(title=title)
        sheet.freeze_panes = "A2"
        text = set(spec.text_columns)
        amounts = set(spec.amount_columns)
        for index, header in enumerate(spec.headers, start=1):
            dimension = sheet.column_dimensions[get_column_letter(index)]
            dimension.width = max(12, min(40, len(header) + 6))
            if header in text:
                # The whole column, so that rows typed into the template stay text too.
                dimension.number_format = "@"

        def cell(value: Any, *, header: str = "", bold: bool = False) -> WriteOnlyCell:
            if isinstance(value, str):
                value = escape_formula(ILLEGAL_CHARACTERS_RE.sub("", value)) or None
            written = WriteOnlyCell(sheet, value=value)  # noqa: B023 - used at once
            if isinstance(value, str):
                written.data_type = "s"
            if header in text:  # noqa: B023
                written.number_format = "@"
            elif header in amounts and not isinstance(value, str):  # noqa: B023
                written.number_format = "#,##0.00"
            if bold:
                written.font = Font(bold=True)
            return written

        sheet.append([cell(header, bold=True) for header in spec.headers])
        for row in spec.rows:
            sheet.append(
                [
                    cell(value, header=header)
                    for header, value in zip(spec.headers, row, strict=False)
                ]
            )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


_SHEET_TITLE_FORBIDDEN = re.compile(r"[\\/*?:\[\]]")


def _sheet_title(title: str, used: set[str]) -> str:
    """A sheet name Excel accepts: no []:*?/\\, at most 31 characters, unique."""
    base = _SHEET_TITLE_FORBIDDEN.sub(" ", title).strip() or "Sheet"
    candidate, number = base[:31], 1
    while candidate.casefold() in used:
        number += 1
        suffix = f" ({number})"
        candidate = base[: 31 - len(suffix)] + suffix
    used.add(candidate.casefold())
    return candidate
