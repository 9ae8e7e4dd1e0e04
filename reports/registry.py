"""What the reports app knows of the rest: registries that the apps fill.

Two registries, filled in each app's ``ready()``:

- **report kinds** (``register_report_kind``): a report that can be rendered,
  archived, shared and written by ``manage.py render_report``: the monthly
  progress report and the minutes (registered here), the welfare village board
  (registered by welfare), and whatever later workstreams add;
- **monthly sections** (``register_monthly_section``): each workstream's part of the
  monthly progress report. A workstream with no provider is simply absent.

Reports imports no workstream: it only calls what was registered.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from network.models import Network

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
    # Choices for each parameter on the page: name -> callable(network) -> [(value, label)].
    choices: Mapping[str, Callable[[Network], list[tuple[str, str]]]] = dataclasses.field(
        default_factory=dict
    )


@dataclasses.dataclass(frozen=True)
class MonthlySection:
    """A workstream's part of the monthly report."""

    workstream: str
    title: str
    figures: Sequence[tuple[str, str]] = ()  # (label, value), the summary page shows them too
    paragraphs: Sequence[str] = ()
    tables: Sequence[Table] = ()
    charts: Sequence[str] = ()  # server-rendered SVG markup (core-safe, see reports.charts)


# (network, first day of the month, last day of the month) -> section or None
MonthlySectionProvider = Callable[["Network", dt.date, dt.date], MonthlySection | None]

_KINDS: dict[str, ReportKind] = {}
_SECTIONS: dict[str, MonthlySectionProvider] = {}


def register_report_kind(kind: ReportKind) -> ReportKind:
    """Make a report kind available (called from an app's ``ready()``)."""
    _KINDS[kind.key] = kind
    return kind


def get_report_kind(key: str) -> ReportKind | None:
    """The kind registered under this key, if any."""
    return _KINDS.get(key)


def report_kinds() -> list[ReportKind]:
    """Every registered kind, in registration order."""
    return list(_KINDS.values())


def register_monthly_section(workstream: str, provider: MonthlySectionProvider) -> None:
    """Let a workstream contribute its section to the monthly report (one provider each)."""
    _SECTIONS[workstream] = provider


def monthly_sections(network: Network, first: dt.date, last: dt.date) -> list[MonthlySection]:
    """Each registered workstream's section for the month; those with nothing are left out."""
    sections = []
    for provider in _SECTIONS.values():
        section = provider(network, first, last)
        if section is not None:
            sections.append(section)
    return sections
