"""Reports' registries, kept in core so that the apps which fill them import no report code.

Three registries, filled in each app's ``ready()``:

- **report kinds** (``register_report_kind``): a report that can be rendered,
  archived, shared and written by ``manage.py render_report``: the monthly
  progress report and the minutes (registered by reports), the welfare village
  board (registered by welfare), and whatever later workstreams add;
- **monthly sections** (``register_monthly_section``): each workstream's part of the
  monthly progress report. A workstream with no provider is simply absent;
- **the background render** (``register_background_render``): how a PDF too large
  for its request's budget (``core.pdf.budget``) is queued instead. The reports
  archive registers the one function that queues a report kind and answers with
  the report's page and its progress bar.

Reports imports no workstream and no workstream imports reports: both sides meet
here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from core.registry import Registry

if TYPE_CHECKING:
    from django.http import HttpResponse

    from core.types import TenantNetwork as Network

# Progress callback: (percent 0-100, what is being done).
Progress = Callable[[int, str], None]


def no_progress(percent: int, step: str) -> None:
    """The progress callback of a render nobody watches."""


@dataclasses.dataclass(frozen=True)
class Table:
    """A table of a report: shown in the PDF and written to the Excel companion."""

    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Any]]
    # Indexes of the columns holding amounts (right-aligned, summed in Excel).
    number_columns: frozenset[int] = frozenset()


@dataclasses.dataclass(frozen=True)
class Rendered:
    """A finished report: its PDF, its tables (for Excel), and the moment its data is of."""

    pdf: bytes
    tables: Sequence[Table]
    title: str
    filename: str  # ASCII, without extension
    data_as_of: dt.datetime
    pages: int = 0


@dataclasses.dataclass(frozen=True)
class ReportKind:
    """A report that can be rendered for a network.

    ``parse`` turns raw parameters (from a form or the command line: strings)
    into clean ones or raises ``ValueError`` with a message for the user;
    ``describe`` names a parameter set for people ("ตุลาคม 2550");
    ``render`` builds the report (parameters already clean).
    """

    key: str  # in URLs and on the command line: "monthly"
    label: Any  # lazily translated
    perm: str  # who may see and make it
    parse: Callable[[Network, Mapping[str, str]], dict[str, Any]]
    describe: Callable[[Network, Mapping[str, Any]], str]
    render: Callable[[Network, Mapping[str, Any], str, Progress], Rendered]
    # Parameter names the command line accepts (--month, --meeting, --programme).
    params: tuple[str, ...] = ()
    # Those of ``params`` that may be left out (``parse`` then picks the default).
    optional_params: frozenset[str] = frozenset()
    # Choices for each parameter on the page: name -> callable(network) -> [(value, label)].
    choices: Mapping[str, Callable[[Network], list[tuple[str, str]]]] = dataclasses.field(
        default_factory=dict
    )
    # Offered on the reports page. A document of one record (a grant letter) is not:
    # it is opened from its record, and archived when too large to make at once.
    listed: bool = True


@dataclasses.dataclass(frozen=True)
class MonthlySection:
    """A workstream's part of the monthly report."""

    workstream: str
    title: str
    figures: Sequence[tuple[str, str]] = ()  # (label, value), the summary page shows them too
    paragraphs: Sequence[str] = ()
    tables: Sequence[Table] = ()
    charts: Sequence[str] = ()  # server-rendered SVG markup (core-safe, see core.charts)


# (network, first day of the month, last day of the month) -> section or None
MonthlySectionProvider = Callable[["Network", dt.date, dt.date], MonthlySection | None]

# (request, report kind key, clean parameters) -> the page that follows the render
BackgroundRender = Callable[[Any, str, Mapping[str, Any]], "HttpResponse"]

REPORT_KINDS: Registry[ReportKind] = Registry("report kinds", key=lambda kind: kind.key)
BACKGROUND_RENDERS: Registry[BackgroundRender] = Registry("background renders")
MONTHLY_SECTIONS: Registry[MonthlySectionProvider] = Registry("monthly sections")


def register_report_kind(kind: ReportKind, *, order: int) -> ReportKind:
    """Make a report kind available (called from an app's ``ready()``) at its place in lists."""
    return REPORT_KINDS.register(kind, order=order)


def get_report_kind(key: str) -> ReportKind | None:
    """The kind registered under this key, if any."""
    return REPORT_KINDS.get(key)


def report_kinds() -> list[ReportKind]:
    """Every registered kind, in its declared order."""
    return list(REPORT_KINDS)


def register_monthly_section(
    workstream: str, provider: MonthlySectionProvider, *, order: int
) -> None:
    """Let a workstream contribute its section to the monthly report (one provider each)."""
    MONTHLY_SECTIONS.register(provider, key=workstream, order=order)


def monthly_sections(network: Network, first: dt.date, last: dt.date) -> list[MonthlySection]:
    """Each registered workstream's section for the month; those with nothing are left out."""
    sections = []
    for provider in MONTHLY_SECTIONS:
        section = provider(network, first, last)
        if section is not None:
            sections.append(section)
    return sections


def register_background_render(render: BackgroundRender) -> None:
    """Say how a report kind is rendered in the background (one function: the archive's)."""
    BACKGROUND_RENDERS.register(render, key="archive", order=10)


def background_render(request: Any, kind: str, params: Mapping[str, Any]) -> HttpResponse | None:
    """Queue a report kind's render and answer with its progress page; None when no app
    queues renders (then the caller refuses the PDF with a page saying why)."""
    render = BACKGROUND_RENDERS.get("archive")
    return render(request, kind, params) if render is not None else None
