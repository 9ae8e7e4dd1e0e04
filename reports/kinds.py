"""The report kinds the reports app itself knows: the monthly progress report and
the minutes of a meeting. Workstreams register theirs in their own ``ready()``."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import thai
from core.pdf import render_pdf_pages
from core.reporting import Progress, Rendered, ReportKind, Table, register_report_kind
from core.roles import Perm
from network.minutes import TEMPLATE as MINUTES_TEMPLATE
from network.minutes import minutes_context
from network.models import ActionItem, Meeting, Network, Resolution
from reports import monthly

# Minutes


def find_meeting(network: Network, value: str) -> Meeting:
    """A meeting of the network by its number (10/2550, BE or CE year) or its id."""
    text = str(value).strip()
    meetings = Meeting.objects.for_network(network)
    if match := re.fullmatch(r"(\d{1,3})\s*/\s*(\d{4})", text):
        year = thai.to_gregorian_year(int(match.group(2)))
        meeting = meetings.filter(number=int(match.group(1)), year=year).first()
    elif text.isdigit():
        meeting = meetings.filter(pk=int(text)).first()
    else:
        raise ValueError(_("Give the meeting as its number and year, such as 10/2550, or its id."))
    if meeting is None:
        raise ValueError(_("This network has no meeting %(meeting)s.") % {"meeting": text})
    return meeting


def parse_minutes(network: Network, raw: Mapping[str, str]) -> dict[str, Any]:
    if not str(raw.get("meeting", "")).strip():
        raise ValueError(_("Choose a meeting."))
    return {"meeting": find_meeting(network, raw["meeting"]).pk}


def describe_minutes(network: Network, params: Mapping[str, Any]) -> str:
    meeting = Meeting.objects.for_network(network).filter(pk=params.get("meeting")).first()
    label = meeting.number_label if meeting else "?"
    return _("Minutes of meeting No. %(number)s") % {"number": label}


def render_minutes(
    network: Network, params: Mapping[str, Any], language: str, progress: Progress
) -> Rendered:
    meeting = Meeting.objects.for_network(network).get(pk=params["meeting"])
    progress(10, _("Reading the meeting"))
    as_of = timezone.now()
    resolutions = Resolution.objects.for_network(network).filter(item__meeting=meeting)
    actions = ActionItem.objects.for_network(network).filter(item__meeting=meeting)
    tables = [
        Table(
            title=_("Resolutions"),
            headers=[_("Agenda item"), _("Resolution")],
            rows=[
                (f"{r.item.section}.{r.item.position} {r.item.title}", r.text)
                for r in resolutions.select_related("item").order_by(
                    "item__section", "item__position", "position"
                )
            ],
        ),
        Table(
            title=_("Action items"),
            headers=[_("Action"), _("Responsible"), _("Due"), _("Status")],
            rows=[
                (
                    a.description,
                    a.owner_label,
                    thai.format_date(a.due_date),
                    a.get_status_display(),
                )
                for a in actions.select_related("owner").order_by(
                    "item__section", "item__position", "pk"
                )
            ],
        ),
    ]
    progress(30, _("Typesetting the minutes"))
    pdf, pages = render_pdf_pages(MINUTES_TEMPLATE, minutes_context(meeting))
    number, year = meeting.number_label.split("/")
    return Rendered(
        pdf=pdf,
        tables=tables,
        title=describe_minutes(network, params),
        filename=f"minutes-{network.slug}-{number}-{year}",
        data_as_of=as_of,
        pages=pages,
    )


def meeting_choices(network: Network) -> list[tuple[str, str]]:
    return [
        (meeting.number_label, f"{meeting.number_label} · {thai.format_date(meeting.date)}")
        for meeting in Meeting.objects.for_network(network).order_by("-date")[:24]
    ]


def register_core_kinds() -> None:
    register_report_kind(
        ReportKind(
            key="monthly",
            label=gettext_lazy("Monthly progress report"),
            perm=Perm.VIEW_MEETINGS,
            parse=monthly.parse_params,
            describe=monthly.describe,
            render=monthly.render,
            params=("month",),
            choices={"month": monthly.month_choices},
        ),
        order=10,
    )
    register_report_kind(
        ReportKind(
            key="minutes",
            label=gettext_lazy("Minutes of a meeting"),
            perm=Perm.VIEW_MEETINGS,
            parse=parse_minutes,
            describe=describe_minutes,
            render=render_minutes,
            params=("meeting",),
            choices={"meeting": meeting_choices},
        ),
        order=20,
    )
