"""Welfare's section of the monthly progress report (registered in ``WelfareConfig.ready``).

Two kinds of figure, each labelled as such: what happened **in the month**
(applications received, approved, paid; dated by the status change or the
payment) and where each programme stood **to date** at the end of the month,
as the village board of that moment shows it (statuses from the dated steps,
payments by their dates, allocations from their history), so a month's report
gives the same figures whenever it is made. Steps and payments recorded after
the month's end but dated inside it, and decisions reversed since, are listed as
corrections. The queries do not grow with the number of villages: one village
board per programme (at most ``LATEST_PROGRAMMES``) and a handful of aggregates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from core import thai
from core.charts import Series, column_chart, hbar_chart
from core.reporting import MonthlySection, Table
from core.roles import Workstream
from network.models import Network, Village
from welfare.models import (
    COMMITTED_STATUSES,
    Application,
    ApplicationStatus,
    CapacityObjective,
    CapacityProject,
    CapacityStatus,
    CapacityStatusChange,
    Disbursement,
    Programme,
    StatusChange,
    applications_received,
)
from welfare.services import status_as_of, village_board

ZERO = Decimal("0.00")
LATEST_PROGRAMMES = 3
CHART_MONTHS = 6
# A short list: the corrections to a month are few, and the archive keeps each render.
CORRECTIONS_SHOWN = 10
# Outcome reports are late while the grant is paid and not yet closed.
REPORT_OPEN_STATUSES = (ApplicationStatus.DISBURSED, ApplicationStatus.REPORTING)


def _day_start(day: dt.date) -> dt.datetime:
    """Midnight at the start of a day, in the network's time (Thailand)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _month_back(first: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` before ``first``."""
    index = first.year * 12 + first.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def _short_month(day: dt.date) -> str:
    """ต.ค. 50 in Thai, Oct 2007 in English: a chart's column label."""
    if thai.is_thai():
        return f"{thai.THAI_MONTHS_SHORT[day.month - 1]} {thai.be_year(day.year) % 100:02d}"
    return f"{thai.ENGLISH_MONTHS[day.month - 1][:3]} {day.year}"


def count_and_amount(count: int, amount: Decimal | None) -> str:
    """A number of grants and their amount: 32 · 95,250.50 บาท."""
    return _("%(count)s · %(amount)s") % {
        "count": count,
        "amount": thai.format_baht(amount or ZERO),
    }


def _per_village(allocations: list[Decimal]) -> str:
    """One amount when every village has the same allocation, else the range."""
    given = [amount for amount in allocations if amount > 0]
    if not given:
        return thai.format_baht(ZERO)
    low, high = min(given), max(given)
    if low == high:
        return thai.format_baht(low)
    return _("%(low)s to %(high)s") % {
        "low": thai.format_amount(low),
        "high": thai.format_baht(high),
    }


def _village_label(number: int, name: str) -> str:
    return f"{_('Village No.')} {number} {name}"


def _monthly_activity(network: Network, programmes: list[Programme], last: dt.date) -> str:
    """A column chart of applications received and approved, month by month."""
    months = [_month_back(last.replace(day=1), back) for back in range(CHART_MONTHS - 1, -1, -1)]
    rows = (
        StatusChange.objects.for_network(network)
        .filter(
            application__programme__in=programmes,
            to_status__in=(ApplicationStatus.SUBMITTED, ApplicationStatus.APPROVED),
            changed_at__gte=_day_start(months[0]),
            changed_at__lt=_day_start(last + dt.timedelta(days=1)),
        )
        .annotate(month=TruncMonth("changed_at"))
        .values("month", "to_status")
        .annotate(n=Count("application", distinct=True))
        .order_by()
    )
    counts: dict[tuple[dt.date, str], int] = {}
    for row in rows:
        month = row["month"]
        if isinstance(month, dt.datetime):
            month = timezone.localtime(month).date() if timezone.is_aware(month) else month.date()
        counts[(month.replace(day=1), row["to_status"])] = row["n"]
    return column_chart(
        title=_("Applications received and approved, by month"),
        categories=[_short_month(month) for month in months],
        series=[
            Series(
                _("Received"),
                [counts.get((m, ApplicationStatus.SUBMITTED), 0) for m in months],
            ),
            Series(
                _("Approved"),
                [counts.get((m, ApplicationStatus.APPROVED), 0) for m in months],
            ),
        ],
    )


def _capacity_paragraphs(network: Network, last: dt.date) -> list[str]:
    """The capacity-building proposals recorded by the month's end, with their objectives
    and their status as it stood then."""
    end = _day_start(last + dt.timedelta(days=1))
    # Its status at the month's end: the last step before then, else as proposed.
    status_then = Coalesce(
        Subquery(
            CapacityStatusChange.objects.filter(project=OuterRef("pk"), changed_at__lt=end)
            .order_by("-changed_at", "-pk")
            .values("to_status")[:1]
        ),
        Value(CapacityStatus.CONSIDERING),
    )
    projects = (
        CapacityProject.objects.for_network(network)
        .filter(created_at__lt=end)
        .annotate(status_then=status_then)
        .exclude(status_then=CapacityStatus.REJECTED)
        .prefetch_related(
            Prefetch("objectives", queryset=CapacityObjective.objects.order_by("position", "pk"))
        )
        .order_by("-created_at", "-pk")
    )
    paragraphs = []
    for project in projects:
        objectives = list(project.objectives.all())
        lines = [
            _("Capacity-building proposal: %(title)s (%(status)s), %(count)s objectives")
            % {
                "title": project.title,
                "status": CapacityStatus(project.status_then).label,
                "count": len(objectives),
            }
        ]
        lines += [f"{index}) {objective.text}" for index, objective in enumerate(objectives, 1)]
        paragraphs.append("\n".join(lines))
    return paragraphs


def _corrections(
    network: Network, programmes: list[Programme], last: dt.date, end: dt.datetime
) -> list[str]:
    """What was recorded after the month's end but changes it: steps and payments
    dated inside it (counted in the figures), and decisions reversed since (not)."""
    changes = StatusChange.objects.for_network(network).filter(
        application__programme__in=programmes
    )
    approved_by_then = Exists(
        StatusChange.objects.filter(
            application=OuterRef("application"),
            to_status=ApplicationStatus.APPROVED,
            changed_at__lt=end,
        )
    )
    dated_back = changes.filter(changed_at__lt=end, recorded_at__gte=end)
    reversed_since = changes.filter(
        approved_by_then,
        changed_at__gte=end,
        from_status__in=COMMITTED_STATUSES,
    ).exclude(to_status__in=COMMITTED_STATUSES)
    lines: list[tuple[dt.datetime, str]] = []
    for change in (dated_back | reversed_since).select_related("application__applicant")[
        :CORRECTIONS_SHOWN
    ]:
        text = _("%(applicant)s: %(from)s → %(to)s, dated %(dated)s") % {
            "applicant": change.application.applicant,
            "from": change.get_from_status_display(),
            "to": change.get_to_status_display(),
            "dated": thai.format_date(timezone.localtime(change.changed_at).date()),
        }
        if change.changed_at >= end:
            text = _("%(change)s (a decision counted above, reversed since)") % {"change": text}
        lines.append((change.recorded_at, text))
    payments = (
        Disbursement.objects.for_network(network)
        .filter(application__programme__in=programmes, date__lte=last, created_at__gte=end)
        .select_related("application__applicant")[:CORRECTIONS_SHOWN]
    )
    for payment in payments:
        text = _("%(applicant)s: payment of %(amount)s, dated %(dated)s") % {
            "applicant": payment.application.applicant,
            "amount": thai.format_baht(payment.amount),
            "dated": thai.format_date(payment.date),
        }
        lines.append((payment.created_at, text))
    if not lines:
        return []
    lines.sort(key=lambda line: line[0])
    heading = _("Corrections recorded after the month's end:")
    shown = [
        _("%(recorded)s: %(text)s")
        % {"recorded": thai.format_date(timezone.localtime(when).date()), "text": text}
        for when, text in lines[:CORRECTIONS_SHOWN]
    ]
    return ["\n".join([heading, *shown])]


def board_chart(label: str, board: Sequence[Village]) -> SafeString:
    """Approved against allocation, a bar per village: in the report and on the board page."""
    return hbar_chart(
        title=_("Approved against allocation by village: %(programme)s") % {"programme": label},
        categories=[_village_label(v.number, v.name) for v in board],
        series=[
            Series(_("Allocation"), [v.allocation for v in board]),
            Series(_("Approved"), [v.approved for v in board]),
        ],
        overlay=True,
    )


def welfare_monthly_section(
    network: Network, first: dt.date, last: dt.date
) -> MonthlySection | None:
    """Welfare in the month and to date: figures, a table and a chart per programme.

    None when the network has no programme of the month's year or earlier.
    """
    programmes = list(
        Programme.objects.for_network(network)
        .filter(year__lte=last.year)
        .select_related("network")
        .order_by("-year", "name")[:LATEST_PROGRAMMES]
    )
    if not programmes:
        return None
    start, end = _day_start(first), _day_start(last + dt.timedelta(days=1))
    # The last moment of the month: every "to date" figure stands as it did then.
    moment = end - dt.timedelta(microseconds=1)
    late_on = min(last, timezone.localdate())

    boards = [(p, list(village_board(p, as_of=moment))) for p in programmes]
    month = (
        StatusChange.objects.for_network(network)
        .filter(application__programme__in=programmes, changed_at__gte=start, changed_at__lt=end)
        .aggregate(
            received=applications_received(),
            approved=Count(
                "application", distinct=True, filter=Q(to_status=ApplicationStatus.APPROVED)
            ),
            approved_amount=Sum(
                "application__approved_amount", filter=Q(to_status=ApplicationStatus.APPROVED)
            ),
        )
    )
    paid = (
        Disbursement.objects.for_network(network)
        .filter(application__programme__in=programmes, date__range=(first, last))
        .aggregate(amount=Sum("amount"), recipients=Count("application", distinct=True))
    )
    to_date = (
        Application.objects.for_network(network)
        .filter(programme__in=programmes)
        .alias(status_then=status_as_of(moment))
        .aggregate(
            approved=Count("pk", filter=Q(status_then__in=COMMITTED_STATUSES)),
            recipients=Count(
                "applicant", distinct=True, filter=Q(status_then__in=COMMITTED_STATUSES)
            ),
            late=Count(
                "pk", filter=Q(status_then__in=REPORT_OPEN_STATUSES, report_due__lt=late_on)
            ),
        )
    )

    rows = [village for _programme, board in boards for village in board]
    allocation = sum((v.allocation for v in rows), ZERO)
    approved = sum((v.approved for v in rows), ZERO)
    disbursed = sum((v.disbursed for v in rows), ZERO)
    awaiting = sum(v.awaiting_review for v in rows)
    figures = [
        (_("Programmes"), str(len(programmes))),
        (_("Allocation per village"), _per_village([v.allocation for v in rows])),
        (_("Total allocation"), thai.format_baht(allocation)),
        (_("Applications received in the month"), str(month["received"])),
        (_("Approved in the month"), count_and_amount(month["approved"], month["approved_amount"])),
        (_("Approved to date"), count_and_amount(to_date["approved"], approved)),
        (
            _("Paid in the month"),
            count_and_amount(paid["recipients"], paid["amount"]),
        ),
        (_("Paid to date"), thai.format_baht(disbursed)),
        (_("Recipients to date"), str(to_date["recipients"])),
        (_("Awaiting the committee's decision"), str(awaiting)),
        (_("Outcome reports overdue at the month's end"), str(to_date["late"])),
    ]

    paragraphs = [
        _(
            "%(name)s (year %(year)s): for %(group)s, a budget of %(budget)s, "
            "allocated to %(villages)s villages."
        )
        % {
            "name": programme.name,
            "year": thai.be_year(programme.year) if thai.is_thai() else programme.year,
            "group": programme.get_target_group_display(),
            "budget": thai.format_baht(programme.total_budget),
            "villages": sum(1 for v in board if v.allocation > 0),
        }
        for programme, board in boards
    ]
    paragraphs.append(
        _(
            "Figures “in the month” count what happened between %(first)s and %(last)s; "
            "figures “to date” and the table show each programme as it stood at the end of "
            "%(last)s, whenever the report is made."
        )
        % {"first": thai.format_date(first), "last": thai.format_date(last)}
    )
    paragraphs += _corrections(network, programmes, last, end)
    paragraphs += _capacity_paragraphs(network, last)

    tables, charts = [], []
    for programme, board in boards:
        label = f"{programme.name} ({programme.year_be if thai.is_thai() else programme.year})"
        tables.append(
            Table(
                title=label,
                headers=[
                    _("Village No."),
                    _("Village"),
                    _("Allocation (baht)"),
                    _("Approved (baht)"),
                    _("Disbursed (baht)"),
                    _("Remaining (baht)"),
                ],
                rows=[
                    (v.number, v.name, v.allocation, v.approved, v.disbursed, v.remaining)
                    for v in board
                ],
                number_columns=frozenset({2, 3, 4, 5}),
            )
        )
        charts.append(board_chart(label, board))
    charts.append(_monthly_activity(network, programmes, last))
    return MonthlySection(
        workstream=Workstream.WELFARE,
        title=str(Workstream.WELFARE.label),
        figures=figures,
        paragraphs=paragraphs,
        tables=tables,
        charts=charts,
    )
