"""The monthly progress report (รายงานความก้าวหน้า) of a network, as PDF and tables.

Page by page: a cover (the network, where it is, the month, the date of the
data, contents); a one-page summary of key figures (villages, people, active
partners, the month's meeting and its attendance, each workstream's figures,
open action items); one section per workstream that registered a provider
(``core.reporting.monthly_sections``: figures, paragraphs, tables, SVG
charts); the month's meetings, their agenda grouped by workstream with the
discussion and resolutions; the action items still open at the month's end.

The tables (every section's, the resolutions, the open action items) go into
``Rendered.tables`` for the Excel companion. The render runs in the report's
language: Thai by default with BE dates, English on request with CE dates.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Case, Count, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core import thai
from core.charts import text_width
from core.pdf import render_pdf_pages
from core.reporting import MonthlySection, Progress, Rendered, Table, monthly_sections
from core.roles import Workstream
from network.minutes import agenda_items
from network.models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    Attendance,
    AttendanceKind,
    Meeting,
    Network,
    Partner,
    PartnerStatus,
    PartnerStatusChange,
    Person,
    Village,
    register_count,
)

TEMPLATE = "reports/monthly_pdf.html"
# Workstreams in the order the report shows them: general matters first, as minutes do.
WORKSTREAM_ORDER = {value: index for index, value in enumerate(Workstream.values)}


def parse_params(network: Network, raw: Mapping[str, str]) -> dict[str, Any]:
    """{"month": "2007-10"} from 2550-10, 10/2550, ตุลาคม 2550 (BE or CE)."""
    if not str(raw.get("month", "")).strip():
        raise ValueError(_("Choose a month."))
    month = thai.parse_month(raw["month"])
    return {"month": month.strftime("%Y-%m")}


def month_of(params: Mapping[str, Any]) -> tuple[dt.date, dt.date]:
    """The first and last day of the report's month."""
    first = dt.date.fromisoformat(f"{params['month']}-01")
    following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return first, following - dt.timedelta(days=1)


def describe(network: Network, params: Mapping[str, Any]) -> str:
    """The report's title: "Progress report, ตุลาคม 2550" (the month in the active language)."""
    first, _last = month_of(params)
    return _("Progress report, %(month)s") % {"month": thai.format_month(first)}


def month_choices(network: Network) -> list[tuple[str, str]]:
    """The months with a meeting, newest first, then the current month."""
    months = sorted(
        {
            m.replace(day=1)
            for m in Meeting.objects.for_network(network).values_list("date", flat=True)
        },
        reverse=True,
    )
    current = timezone.localdate().replace(day=1)
    if current not in months:
        months.insert(0, current)
    return [(m.strftime("%Y-%m"), thai.format_month(m)) for m in months]


# Tables as the PDF shows them


@dataclasses.dataclass(frozen=True)
class Cell:
    """A table cell as printed: its text, and whether it is an amount (right-aligned)."""

    text: str
    number: bool = False


@dataclasses.dataclass(frozen=True)
class TableView:
    """A ``Table`` ready to print: formatted cells, a total row, column widths."""

    title: str
    headers: list[Cell]
    rows: list[list[Cell]]
    total: list[Cell] | None
    widths: list[int]  # percent


def cell_text(value: Any) -> str:
    """A value as printed: amounts 10,000.00, dates in BE (Thai), nothing for None."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return thai.format_amount(value)
    if isinstance(value, dt.date):
        return thai.format_date(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}" if abs(value) >= 10_000 else str(value)
    return str(value)


# The A4 text column (210 mm less 42 mm of margins) in points, and a cell's padding.
COLUMN_PT = 476
PADDING_PT = 16
TABLE_FONT_PT = 10
# A column whose longest text is at most this wide keeps it on one line.
SHORT_PT = 100
HEADER_PT = 70


def _widths(headers: list[Cell], rows: list[list[Cell]]) -> list[int]:
    """Column widths in percent: short columns (numbers, dates, codes) fit their
    longest text on one line; long ones share the rest by their length."""
    fixed: dict[int, float] = {}
    flexible: dict[int, float] = {}
    for index, header in enumerate(headers):
        longest = max((text_width(row[index].text, TABLE_FONT_PT) for row in rows), default=0)
        heading = min(text_width(header.text, TABLE_FONT_PT), HEADER_PT)
        if longest <= SHORT_PT:
            fixed[index] = max(longest, heading) + PADDING_PT
        else:
            flexible[index] = min(longest, 3 * COLUMN_PT / 4)
    fixed_total = sum(fixed.values())
    if flexible:
        room = max(COLUMN_PT - fixed_total, COLUMN_PT / 4)
        share = room / sum(flexible.values())
        points = {**fixed, **{i: w * share for i, w in flexible.items()}}
    else:
        points = fixed
    total = sum(points.values()) or 1
    widths = [max(3, round(100 * points[i] / total)) for i in range(len(headers))]
    widths[widths.index(max(widths))] -= sum(widths) - 100
    return widths


def table_view(table: Table) -> TableView:
    """Format a table for the PDF; amount columns get a total when every value is a number."""
    numbers = table.number_columns
    headers = [Cell(str(header), index in numbers) for index, header in enumerate(table.headers)]
    rows = [
        [Cell(cell_text(value), index in numbers) for index, value in enumerate(row)]
        for row in table.rows
    ]
    total = None
    summable = numbers and table.rows
    if summable and all(
        isinstance(row[index], Decimal | int) and not isinstance(row[index], bool)
        for row in table.rows
        for index in numbers
    ):
        label_at = min((i for i in range(len(headers)) if i not in numbers), default=None)
        total = [
            Cell(cell_text(sum(row[i] for row in table.rows)), True)
            if i in numbers
            else Cell(_("Total") if i == label_at else "")
            for i in range(len(headers))
        ]
    return TableView(
        title=table.title,
        headers=headers,
        rows=rows,
        total=total,
        widths=_widths(headers, rows + ([total] if total else [])),
    )


@dataclasses.dataclass(frozen=True)
class SectionView:
    """A workstream's section with its tables formatted."""

    section: MonthlySection
    tables: list[TableView]
    anchor: str


# The month's meetings


@dataclasses.dataclass(frozen=True)
class AgendaGroup:
    """The agenda items of one workstream."""

    workstream: str
    label: str
    items: list[AgendaItem]


@dataclasses.dataclass(frozen=True)
class MeetingView:
    """A meeting of the month: its attendance and its agenda grouped by workstream."""

    meeting: Meeting
    attendance: str
    groups: list[AgendaGroup]
    anchor: str


def workstream_label(value: str) -> str:
    """A workstream's name in the active language; untagged items are general."""
    try:
        return str(Workstream(value or Workstream.GENERAL).label)
    except ValueError:
        return value


def _attendance(meeting: Meeting) -> str:
    """Who came, in one line; empty when no attendance was recorded."""
    counts = Attendance.objects.filter(network=meeting.network, meeting=meeting).aggregate(
        n_expected=Count("pk", filter=Q(kind=AttendanceKind.VILLAGE_REP)),
        n_present=Count("pk", filter=Q(kind=AttendanceKind.VILLAGE_REP, present=True)),
        n_partners=Count("pk", filter=Q(kind=AttendanceKind.PARTNER_REP, present=True)),
        n_observers=Count("pk", filter=Q(kind=AttendanceKind.OBSERVER, present=True)),
    )
    if not any(counts.values()):
        return ""
    parts = [
        _("%(present)s of %(expected)s village representatives")
        % {"present": counts["n_present"], "expected": counts["n_expected"]}
    ]
    if counts["n_partners"]:
        parts.append(_("%(count)s partner representatives") % {"count": counts["n_partners"]})
    if counts["n_observers"]:
        parts.append(_("%(count)s observers") % {"count": counts["n_observers"]})
    return ", ".join(parts)


def meeting_view(meeting: Meeting) -> MeetingView:
    """The meeting's agenda (a fixed number of queries) grouped by workstream, in order."""
    items = agenda_items(meeting)
    groups: dict[str, list[AgendaItem]] = {}
    for item in items:  # in agenda order: each group keeps it
        groups.setdefault(item.workstream or Workstream.GENERAL, []).append(item)
    ordered = sorted(groups.items(), key=lambda pair: WORKSTREAM_ORDER.get(pair[0], 99))
    return MeetingView(
        meeting=meeting,
        attendance=_attendance(meeting),
        groups=[
            AgendaGroup(workstream=key, label=workstream_label(key), items=value)
            for key, value in ordered
        ],
        anchor=f"meeting-{meeting.pk}",
    )


def open_actions(network: Network, last: dt.date) -> list[ActionItem]:
    """Action items of meetings up to the month's end that were still open at its end."""
    end = timezone.make_aware(dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min))
    return list(
        ActionItem.objects.for_network(network)
        .filter(item__meeting__date__lte=last)
        .filter(Q(status=ActionStatus.OPEN) | Q(closed_at__gte=end))
        .select_related("owner", "item__meeting")
        .order_by("due_date", "item__meeting__date", "pk")
    )


def _resolutions_table(views: Sequence[MeetingView]) -> Table:
    return Table(
        title=_("Resolutions"),
        headers=[
            _("Meeting No."),
            capfirst(_("agenda item")),
            capfirst(_("workstream")),
            _("Resolution"),
        ],
        rows=[
            (
                view.meeting.number_label,
                f"{item.number} {item.title}",
                workstream_label(item.workstream),
                resolution.text,
            )
            for view in views
            for item in sorted(
                (i for group in view.groups for i in group.items),
                key=lambda i: (i.section, i.position, i.pk),
            )
            for resolution in item.resolutions.all()
            if resolution.text
        ],
    )


def _actions_table(actions: Sequence[ActionItem]) -> Table:
    return Table(
        title=_("Open action items"),
        headers=[
            capfirst(_("action item")),
            capfirst(_("owner")),
            capfirst(_("due date")),
            _("Meeting No."),
        ],
        rows=[
            (
                action.description,
                action.owner_label,
                thai.format_date(action.due_date),
                action.item.meeting.number_label,
            )
            for action in actions
        ],
    )


def active_partners(network: Network, end: dt.datetime) -> int:
    """Partners active just before ``end``: by their last vetting step before it (one
    recorded without steps counts by its status now)."""
    steps = PartnerStatusChange.objects.filter(partner=OuterRef("pk"))
    status_then = Coalesce(
        Subquery(
            steps.filter(changed_at__lt=end).order_by("-changed_at", "-pk").values("to_status")[:1]
        ),
        Case(When(Exists(steps), then=Value("")), default=F("status")),
    )
    return (
        Partner.objects.for_network(network)
        .alias(status_then=status_then)
        .filter(status_then=PartnerStatus.ACTIVE)
        .count()
    )


def _key_figures(network: Network, last: dt.date) -> list[tuple[str, str]]:
    end = timezone.make_aware(dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min))
    # Each counted as the register stood at the month's end (network.models.register_count).
    return [
        (_("Villages"), str(register_count(Village, network, last))),
        (_("People"), f"{register_count(Person, network, last):,}"),
        (_("Active partners"), str(active_partners(network, end))),
    ]


def _location(network: Network) -> str:
    return _("Sub-district %(sub_district)s, district %(district)s, province %(province)s") % {
        "sub_district": network.sub_district,
        "district": network.district,
        "province": network.province,
    }


def report_context(
    network: Network, first: dt.date, last: dt.date, progress: Progress
) -> tuple[dict[str, Any], list[Table]]:
    """Everything the report prints, and its tables for the spreadsheet."""
    as_of = timezone.now()
    progress(5, _("Counting villages, people and partners"))
    key_figures = _key_figures(network, last)
    progress(15, _("Gathering the workstreams"))
    sections = monthly_sections(network, first, last)
    progress(45, _("Reading the month's meetings"))
    meetings = list(
        Meeting.objects.for_network(network)
        .filter(date__range=(first, last))
        .select_related("network")
        .order_by("date", "number")
    )
    views = [meeting_view(meeting) for meeting in meetings]
    actions = open_actions(network, last)
    section_views = [
        SectionView(
            section=section,
            tables=[table_view(table) for table in section.tables],
            anchor=f"section-{index}",
        )
        for index, section in enumerate(sections, start=1)
    ]
    actions_table = _actions_table(actions)
    tables = [table for section in sections for table in section.tables]
    tables += [_resolutions_table(views), actions_table]
    local = timezone.localtime(as_of)
    context = {
        "network": network,
        "first": first,
        "last": last,
        "title": describe(network, {"month": first.strftime("%Y-%m")}),
        "location": _location(network),
        "month_label": thai.format_month(first),
        "as_of": local,
        "as_of_label": f"{thai.format_date(local)} {thai.format_time(local.time())}",
        # Every figure stands as of the month's end (corrections since are listed).
        "period_end_label": thai.format_date(last),
        "key_figures": key_figures,
        "sections": section_views,
        "meetings": views,
        "actions": actions,
        "actions_table": table_view(actions_table),
    }
    return context, tables


def render(
    network: Network, params: Mapping[str, Any], language: str, progress: Progress
) -> Rendered:
    """The month's progress report as PDF, with its tables for the spreadsheet."""
    first, last = month_of(params)
    with translation.override(language):
        context, tables = report_context(network, first, last, progress)
        progress(60, _("Typesetting the report"))
        pdf, pages = render_pdf_pages(TEMPLATE, context)
        title = describe(network, params)
    return Rendered(
        pdf=pdf,
        tables=tables,
        title=title,
        filename=f"progress-{network.slug}-{thai.be_year(first.year)}-{first.month:02d}",
        data_as_of=context["as_of"],
        pages=pages,
    )
