"""The minutes of a meeting as a PDF in the Thai standard form (รายงานการประชุม)."""

from __future__ import annotations

import difflib
import re
from typing import Any

from django.db.models import Count, Prefetch, Sum
from django.db.models.functions import Length
from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString, mark_safe

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
    Partner,
    Resolution,
    Village,
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


def word_diff(mine: str, theirs: str) -> list[tuple[str, str]]:
    """Two texts as one run of words (spaces kept): ("same", w), ("del", w) only in
    ``mine``, ("ins", w) only in ``theirs``. What the conflict view highlights."""
    a, b = re.findall(r"\s+|\S+", mine), re.findall(r"\s+|\S+", theirs)
    out: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("del", "".join(a[i1:i2])))
        if j2 > j1:
            out.append(("ins", "".join(b[j1:j2])))
    return out


def attendance_counts(attendance: list[Attendance]) -> dict[str, int]:
    """How many on the list are present and absent: the summary above the list."""
    present = sum(1 for row in attendance if row.present)
    return {"present": present, "absent": len(attendance) - present}


def attendance_of(meeting: Meeting) -> list[Attendance]:
    """Everyone on the attendance list, by kind and village."""
    return list(
        meeting.attendance.select_related("person", "village", "partner").order_by(
            "kind", "village__number", "pk"
        )
    )


def names_in_minutes(
    meeting: Meeting, attendance: list[Attendance], items: list[AgendaItem]
) -> list[str]:
    """Names of people and places the minutes mention: the network's sub-district,
    villages and partners, and the people on the list, in the heading and owning actions."""
    network = meeting.network
    names = {network.sub_district}
    for village in Village.objects.for_network(network).only("name"):
        names.add(village.name)
    for partner in Partner.objects.for_network(network).only("name", "short_name"):
        names.update((partner.name, partner.short_name))
    people = [row.person for row in attendance if row.person is not None]
    people += [meeting.chair, meeting.minute_taker, meeting.checker]
    people += [action.owner for item in items for action in item.actions.all()]
    names.update(person.full_name for person in people if person is not None)
    names.update(row.name for row in attendance if row.name)
    # At least two letters, longest first: บ้านลำสินธุ์ wins over ลำสินธุ์.
    return sorted((n.strip() for n in names if len(n.strip()) > 1), key=len, reverse=True)


def keep_names(text: str, names: list[str], *, paragraphs: bool = False) -> SafeString:
    """The text, escaped, with each name in a no-break span (``.name``) so that a
    line never breaks inside it (บ้านลำ|สินธุ์, seen in print)."""
    html = escape(text)
    if names:
        pattern = "|".join(re.escape(escape(name)) for name in names)
        html = re.sub(f"({pattern})", r'<span class="name">\1</span>', html)
    if paragraphs:
        return mark_safe(linebreaks(html))  # noqa: S308 - escaped above
    return mark_safe(html.replace("\n", "<br>"))  # noqa: S308 - escaped above


def minutes_context(meeting: Meeting) -> dict[str, Any]:
    """Everything the minutes print: heading, attendance, the five sections, signatures."""
    attendance = attendance_of(meeting)
    items = agenda_items(meeting)
    names = names_in_minutes(meeting, attendance, items)
    for item in items:
        item.discussion_html = keep_names(item.discussion, names, paragraphs=True)
        for resolution in item.resolutions.all():
            resolution.text_html = keep_names(resolution.text, names)
        for action in item.actions.all():
            action.description_html = keep_names(action.description, names)
    return {
        "meeting": meeting,
        "network": meeting.network,
        # ผู้มาประชุม are the network's own (village representatives); partner
        # representatives and observers are ผู้เข้าร่วมประชุม, as the Thai form has it.
        "present": [a for a in attendance if a.present and a.kind == AttendanceKind.VILLAGE_REP],
        "absent": [a for a in attendance if not a.present],
        "observers": [a for a in attendance if a.present and a.kind != AttendanceKind.VILLAGE_REP],
        "sections": agenda_sections(items),
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
