"""The minutes of a meeting as a PDF in the Thai standard form (รายงานการประชุม)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Sum
from django.db.models.functions import Length

from core.pdf import render_pdf
from core.pdf.budget import PdfEstimate
from network.models import (
    ActionItem,
    AgendaItem,
    AgendaSection,
    Amendment,
    Attendance,
    AttendanceKind,
    Meeting,
    Resolution,
)

TEMPLATE = "network/minutes_pdf.html"


def agenda_items(meeting: Meeting, *, item_id: int | None = None) -> list[AgendaItem]:
    """The agenda (or one item of it) with resolutions, actions and amendments, in a
    fixed number of queries."""
    items = meeting.items.filter(pk=item_id) if item_id is not None else meeting.items.all()
    return list(
        items.select_related(
            "previous_meeting",
            # The network too: a carried action links to its meeting's page.
            "carried_action__item__meeting__network",
            "carried_action__owner",
        )
        .prefetch_related(
            Prefetch("resolutions", queryset=Resolution.objects.order_by("position", "pk")),
            Prefetch("actions", queryset=ActionItem.objects.select_related("owner")),
            Prefetch(
                "amendments", queryset=Amendment.objects.select_related("author", "resolution")
            ),
        )
        .order_by("section", "position", "pk")
    )


def agenda_sections(items: list[AgendaItem]) -> list[dict[str, Any]]:
    """The five standard sections, each with its items (an empty section is kept)."""
    return [
        {"section": section, "items": [i for i in items if i.section == section]}
        for section in AgendaSection
    ]


def attendance_of(meeting: Meeting) -> list[Attendance]:
    """Everyone on the attendance list, by kind and village."""
    return list(
        meeting.attendance.select_related("person", "village", "partner").order_by(
            "kind", "village__number", "pk"
        )
    )


def minutes_context(meeting: Meeting) -> dict[str, Any]:
    """Everything the minutes print: heading, attendance, the five sections, signatures."""
    attendance = attendance_of(meeting)
    return {
        "meeting": meeting,
        "network": meeting.network,
        # ผู้มาประชุม are the network's own (village representatives); partner
        # representatives and observers are ผู้เข้าร่วมประชุม, as the Thai form has it.
        "present": [a for a in attendance if a.present and a.kind == AttendanceKind.VILLAGE_REP],
        "absent": [a for a in attendance if not a.present],
        "observers": [a for a in attendance if a.present and a.kind != AttendanceKind.VILLAGE_REP],
        "sections": agenda_sections(agenda_items(meeting)),
        # Minutes are final once adopted; until then every page says "draft".
        "draft": not meeting.is_locked,
    }


def minutes_pdf(meeting: Meeting) -> bytes:
    """Render the meeting's minutes to PDF."""
    return render_pdf(TEMPLATE, minutes_context(meeting))


def minutes_filename(meeting: Meeting) -> str:
    """minutes-10-2550.pdf: the number and the BE year."""
    number, year = meeting.number_label.split("/")
    return f"minutes-{number}-{year}.pdf"


def minutes_estimate(meeting: Meeting) -> PdfEstimate:
    """How much the minutes PDF will hold, from aggregates (read before rendering)."""
    items = AgendaItem.objects.filter(meeting=meeting).aggregate(
        chars=Sum(Length("discussion")), rows=Count("pk")
    )
    resolutions = Resolution.objects.filter(item__meeting=meeting).aggregate(
        chars=Sum(Length("text")), rows=Count("pk")
    )
    actions = ActionItem.objects.filter(item__meeting=meeting).aggregate(
        chars=Sum(Length("description")), rows=Count("pk")
    )
    amendments = Amendment.objects.filter(item__meeting=meeting).aggregate(
        chars=Sum(Length("amended")), rows=Count("pk")
    )
    parts = (items, resolutions, actions, amendments)
    return PdfEstimate(
        chars=sum(part["chars"] or 0 for part in parts),
        rows=sum(part["rows"] for part in parts) + meeting.attendance.count(),
    )
