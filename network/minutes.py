"""The minutes of a meeting as a PDF in the Thai standard form (รายงานการประชุม)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from core.pdf import render_pdf
from network.models import (
    ActionItem,
    AgendaSection,
    Amendment,
    AttendanceKind,
    Meeting,
    Resolution,
)

TEMPLATE = "network/minutes_pdf.html"


def minutes_context(meeting: Meeting) -> dict[str, Any]:
    """Everything the minutes print: heading, attendance, the five sections, signatures."""
    attendance = list(
        meeting.attendance.select_related("person", "village", "partner").order_by(
            "kind", "village__number", "pk"
        )
    )
    items = list(
        meeting.items.select_related("previous_meeting", "carried_action__item__meeting")
        .prefetch_related(
            Prefetch("resolutions", queryset=Resolution.objects.order_by("position", "pk")),
            Prefetch("actions", queryset=ActionItem.objects.select_related("owner")),
            Prefetch("amendments", queryset=Amendment.objects.select_related("resolution")),
        )
        .order_by("section", "position", "pk")
    )
    return {
        "meeting": meeting,
        "network": meeting.network,
        "present": [a for a in attendance if a.present and a.kind != AttendanceKind.OBSERVER],
        "absent": [a for a in attendance if not a.present],
        "observers": [a for a in attendance if a.present and a.kind == AttendanceKind.OBSERVER],
        "sections": [
            {"section": section, "items": [i for i in items if i.section == section]}
            for section in AgendaSection
        ],
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
