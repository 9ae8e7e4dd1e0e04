"""The monthly progress report (รายงานความก้าวหน้า): a first, plain version.

Owned by the monthly-report work: cover, summary, one section per registered
workstream, the month's meeting, open action items, SVG charts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from core import thai
from core.pdf import render_pdf_pages
from network.models import Meeting, Network
from reports.registry import Progress, Rendered, monthly_sections

TEMPLATE = "reports/monthly_pdf.html"


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


def render(
    network: Network, params: Mapping[str, Any], language: str, progress: Progress
) -> Rendered:
    first, last = month_of(params)
    as_of = timezone.now()
    progress(10, _("Gathering the workstreams"))
    sections = monthly_sections(network, first, last)
    meeting = (
        Meeting.objects.for_network(network)
        .filter(date__range=(first, last))
        .order_by("date")
        .first()
    )
    progress(40, _("Typesetting the report"))
    pdf, pages = render_pdf_pages(
        TEMPLATE,
        {
            "network": network,
            "first": first,
            "last": last,
            "sections": sections,
            "meeting": meeting,
            "title": describe(network, params),
        },
    )
    tables = [table for section in sections for table in section.tables]
    return Rendered(
        pdf=pdf,
        tables=tables,
        title=describe(network, params),
        filename=f"progress-{network.slug}-{thai.be_year(first.year)}-{first.month:02d}",
        data_as_of=as_of,
        pages=pages,
    )
