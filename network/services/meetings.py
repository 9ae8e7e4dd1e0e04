"""Meetings: creating them with their standard agenda, the status path, live text,
adoption and amendments, attendance and quorum. Each function is one transaction."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import refuse_null_characters
from core.limits import check_text
from core.roles import Workstream
from core.types import Actor
from core.workflow import Member, transition, workflow_of
from network.models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    AgendaSection,
    Amendment,
    Attendance,
    AttendanceKind,
    Meeting,
    MeetingStatus,
    Network,
    Resolution,
    Village,
)

LOCKED_MESSAGE = gettext_lazy("These minutes are adopted and locked: record an amendment instead.")


class MinutesLocked(ValidationError):
    """The minutes are adopted: changes must be recorded amendments."""


@dataclasses.dataclass(frozen=True)
class SaveResult:
    """The outcome of a live save: saved, or refused because someone saved first."""

    saved: bool
    version: int
    text: str  # on a conflict: the text saved by the other person
    # On a conflict: who saved that text, and when (shown; not part of the outcome).
    saved_by: str = dataclasses.field(default="", compare=False)
    saved_at: dt.datetime | None = dataclasses.field(default=None, compare=False)


def last_saved_by(obj: AgendaItem | Resolution) -> tuple[str, dt.datetime | None]:
    """Who last saved the object's text, and when, read from its audit history."""
    record = obj.history.select_related("history_user").order_by("-history_date", "-pk").first()
    if record is None:
        return "", None
    user = record.history_user
    name = (user.get_full_name() or user.get_username()) if user is not None else ""
    return name, record.history_date


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The network's last meeting before this one."""
    return (
        Meeting.objects.for_network(meeting.network)
        .filter(date__lt=meeting.date)
        .exclude(pk=meeting.pk)
        .order_by("-date", "-number")
        .first()
    )


def next_meeting_number(network: Network, year: int) -> int:
    """The next free number within a year."""
    last = Meeting.objects.for_network(network).filter(year=year).aggregate(n=Max("number"))["n"]
    return (last or 0) + 1


@transaction.atomic
def create_meeting(
    *,
    network: Network,
    date: dt.date,
    number: int | None = None,
    place: str = "",
    **details: Any,
) -> Meeting:
    """Create a meeting with section 2 (the previous minutes) and section 3 (open actions)."""
    meeting = Meeting.objects.create(
        network=network,
        year=date.year,
        number=number or next_meeting_number(network, date.year),
        date=date,
        place=place,
        **details,
    )
    previous = previous_meeting(meeting)
    if previous is not None:
        AgendaItem.objects.create(
            network=network,
            meeting=meeting,
            section=AgendaSection.PREVIOUS_MINUTES,
            position=1,
            title=_("Adoption of the minutes of meeting %(number)s")
            % {"number": previous.number_label},
            previous_meeting=previous,
        )
    carry_forward_actions(meeting=meeting)
    return meeting


@transaction.atomic
def carry_forward_actions(*, meeting: Meeting) -> list[AgendaItem]:
    """Put every open action item of earlier meetings under this meeting's matters arising.

    Each action appears once per meeting however often this runs (a unique
    constraint backs the check).
    """
    already = set(
        meeting.items.exclude(carried_action=None).values_list("carried_action_id", flat=True)
    )
    open_actions = (
        ActionItem.objects.for_network(meeting.network)
        .open()
        .filter(item__meeting__date__lt=meeting.date)
        .exclude(pk__in=already)
        .select_related("item__meeting")
        .order_by("item__meeting__date", "pk")
    )
    position = _next_position(meeting, AgendaSection.MATTERS_ARISING)
    created = []
    for action in open_actions:
        created.append(
            AgendaItem.objects.create(
                network=meeting.network,
                meeting=meeting,
                section=AgendaSection.MATTERS_ARISING,
                position=position,
                title=action.description[:300],
                workstream=action.item.workstream,
                carried_action=action,
            )
        )
        position += 1
    return created


def _next_position(meeting: Meeting, section: int) -> int:
    last = meeting.items.filter(section=section).aggregate(n=Max("position"))["n"]
    return (last or 0) + 1


@transaction.atomic
def add_agenda_item(
    *, meeting: Meeting, section: int, title: str, workstream: str = Workstream.GENERAL
) -> AgendaItem:
    """Add an item at the end of a section."""
    _refuse_if_locked(meeting)
    if section == AgendaSection.PREVIOUS_MINUTES:
        raise ValidationError(
            _("Section 2 is created by the app from the previous meeting."), code="section"
        )
    return AgendaItem.objects.create(
        network=meeting.network,
        meeting=meeting,
        section=section,
        position=_next_position(meeting, section),
        title=title,
        workstream=workstream,
    )


def _refuse_if_locked(meeting: Meeting) -> None:
    if meeting.is_locked:
        raise MinutesLocked(LOCKED_MESSAGE, code="locked")


@transaction.atomic
def change_meeting_status(
    *,
    meeting: Meeting,
    to_status: str = "",
    step: str = "",
    actor: Actor | None = None,
    member: Member | None = None,
    reason: str = "",
    at: dt.datetime | None = None,
) -> Meeting:
    """Take a step of the meeting workflow (by name, or to a status); opening and
    closing stamp the times if empty. Adoption is not taken here but in section 2."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk, network=meeting.network)
    workflow = workflow_of(Meeting)
    found = workflow.get(step) if step else workflow.step_between(locked.status, to_status)
    if found is None or not found.button:
        raise workflow.refusal(locked.status, found.target if found else to_status)
    transition(meeting, found.name, actor=actor, member=member, reason=reason, locked=locked, at=at)
    return meeting


def _lock_unlocked_meeting(meeting: Meeting) -> Meeting:
    """The meeting's row, locked and re-read; refused once its minutes are adopted."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk, network=meeting.network)
    _refuse_if_locked(locked)
    return locked


@transaction.atomic
def update_meeting_heading(*, meeting: Meeting, **heading: Any) -> Meeting:
    """Change a meeting's heading (number, date, times, place, chair, minute-taker,
    checker); refused once the minutes are adopted: then only amendments change them."""
    locked = _lock_unlocked_meeting(meeting)
    for name, value in heading.items():
        setattr(locked, name, value)
    if "date" in heading:
        locked.year = locked.date.year
    locked.save()
    meeting.refresh_from_db()
    return meeting


@transaction.atomic
def add_attendance(*, meeting: Meeting, attendance: Attendance) -> Attendance:
    """Put someone on a meeting's attendance list; refused once the minutes are adopted."""
    locked = _lock_unlocked_meeting(meeting)
    attendance.network = locked.network
    attendance.meeting = locked
    attendance.save()
    return attendance


@transaction.atomic
def mark_attendance(
    *, attendance: Attendance, present: bool, absence_reason: str = ""
) -> Attendance:
    """Mark someone present, or absent with a reason; refused once the minutes are adopted."""
    _lock_unlocked_meeting(attendance.meeting)
    absence_reason = absence_reason.strip()
    if not present and not absence_reason:
        raise ValidationError(_("Give the reason for the absence."), code="reason_required")
    attendance.present = present
    attendance.absence_reason = "" if present else absence_reason
    attendance.save()
    return attendance


@transaction.atomic
def adopt_previous_minutes(
    *,
    item: AgendaItem,
    actor: Actor | None = None,
    member: Member | None = None,
    at: dt.datetime | None = None,
) -> Meeting:
    """Adopt the previous minutes in section 2: two recorded steps, adopted then locked,
    in one transaction."""
    if item.section != AgendaSection.PREVIOUS_MINUTES or item.previous_meeting_id is None:
        raise ValidationError(_("Only section 2 adopts previous minutes."), code="section")
    _refuse_if_locked(item.meeting)
    previous = Meeting.objects.select_for_update().get(
        pk=item.previous_meeting_id, network=item.network
    )
    if previous.status not in workflow_of(Meeting).get("adopt").sources:
        raise ValidationError(
            _("Minutes can be adopted once drafted, and only once (now: %(status)s).")
            % {"status": MeetingStatus(previous.status).label},
            code="not_adoptable",
        )
    reason = _("Adopted at meeting %(number)s.") % {"number": item.meeting.number_label}
    now = at or timezone.now()
    transition(
        previous,
        "adopt",
        actor=actor,
        member=member,
        reason=reason,
        locked=previous,
        at=now,
        fields={"adopted_in": item.meeting, "adopted_at": now},
    )
    transition(previous, "lock", actor=actor, member=member, reason=reason, locked=previous, at=now)
    if not item.resolutions.exists():
        Resolution.objects.create(
            network=item.network,
            item=item,
            text=_("The meeting adopted the minutes of meeting %(number)s.")
            % {"number": previous.number_label},
        )
    return previous


@transaction.atomic
def save_text(
    *, obj: AgendaItem | Resolution, field: str, text: str, base_version: int
) -> SaveResult:
    """Save live-typed text if nobody saved since ``base_version``; never overwrite.

    The row is locked and its version compared, so of two people typing in the
    same item the later save is refused and gets the other text back.
    """
    refuse_null_characters(text)
    model = type(obj)
    check_text(model, field, text)
    current = (
        model.objects.select_for_update()
        .select_related("network")
        .get(pk=obj.pk, network=obj.network)
    )
    meeting = current.meeting if isinstance(current, AgendaItem) else current.item.meeting
    _refuse_if_locked(meeting)
    if current.version != base_version:
        if getattr(current, field) == text:
            return SaveResult(saved=True, version=current.version, text=text)
        by, at = last_saved_by(current)
        return SaveResult(
            saved=False,
            version=current.version,
            text=getattr(current, field),
            saved_by=by,
            saved_at=at,
        )
    if getattr(current, field) != text:
        setattr(current, field, text)
        current.version += 1
        current.save()
    return SaveResult(saved=True, version=current.version, text=text)


@transaction.atomic
def add_resolution(*, item: AgendaItem, text: str = "") -> Resolution:
    """Add a resolution (มติ) to an item."""
    refuse_null_characters(text)
    _refuse_if_locked(item.meeting)
    position = (item.resolutions.aggregate(n=Max("position"))["n"] or 0) + 1
    return Resolution.objects.create(network=item.network, item=item, text=text, position=position)


def _lock_item_meeting(item: AgendaItem) -> None:
    """Lock the item's meeting row and refuse once its minutes are adopted."""
    _lock_unlocked_meeting(item.meeting)


@transaction.atomic
def remove_resolution(*, resolution: Resolution) -> None:
    """Remove a resolution typed by mistake; refused once the minutes are adopted
    (the audit history keeps the removed text)."""
    _lock_item_meeting(resolution.item)
    resolution.delete()


@transaction.atomic
def add_action(
    *,
    item: AgendaItem,
    description: str,
    owner: Any = None,
    owner_name: str = "",
    due_date: dt.date | None = None,
) -> ActionItem:
    """Record an action item decided on an agenda item."""
    _refuse_if_locked(item.meeting)
    return ActionItem.objects.create(
        network=item.network,
        item=item,
        description=description,
        owner=owner,
        owner_name=owner_name,
        due_date=due_date,
    )


@transaction.atomic
def update_action(
    *,
    action: ActionItem,
    description: str,
    owner: Any = None,
    owner_name: str = "",
    due_date: dt.date | None = None,
) -> ActionItem:
    """Correct an action item in its own meeting; refused once the minutes are adopted."""
    _lock_item_meeting(action.item)
    action.description = description
    action.owner = owner
    action.owner_name = owner_name
    action.due_date = due_date
    action.save()
    return action


@transaction.atomic
def remove_action(*, action: ActionItem) -> None:
    """Remove an action item recorded by mistake; refused once the minutes are adopted
    or once a later meeting has carried it forward (its record there would vanish)."""
    _lock_item_meeting(action.item)
    if action.carried_into.exclude(meeting=action.item.meeting).exists():
        raise ValidationError(
            _("A later meeting has taken this action item up: mark it dropped instead."),
            code="carried",
        )
    action.delete()


@transaction.atomic
def set_action_status(
    *, action: ActionItem, status: str, at_meeting: Meeting | None = None
) -> ActionItem:
    """Close (done or dropped) or reopen an action item.

    Given the meeting whose page the change is made from, refuse it once that
    meeting's minutes are adopted: what a locked meeting recorded stays as it was.
    """
    if status not in ActionStatus.values:
        raise ValidationError(_("Unknown status."), code="invalid_status")
    if at_meeting is not None:
        _refuse_if_locked(at_meeting)
    action.status = status
    action.closed_at = None if status == ActionStatus.OPEN else timezone.now()
    action.save()
    return action


@transaction.atomic
def amend(
    *,
    item: AgendaItem,
    amended: str,
    reason: str,
    author: Actor | None,
    resolution: Resolution | None = None,
) -> Amendment:
    """Record an amendment to locked minutes; the original text is kept as it was."""
    if not item.meeting.is_locked:
        raise ValidationError(
            _("These minutes are not locked: edit them directly."), code="not_locked"
        )
    if not reason.strip():
        raise ValidationError(_("Give a reason for this change."), code="reason_required")
    target = resolution if resolution is not None else item
    field = "text" if resolution is not None else "discussion"
    latest = (
        Amendment.objects.filter(item=item, resolution=resolution).order_by("-created_at", "-pk")
    ).first()
    original = latest.amended if latest else getattr(target, field)
    return Amendment.objects.create(
        network=item.network,
        item=item,
        resolution=resolution,
        original=original,
        amended=amended,
        reason=reason.strip(),
        author=author,
    )


@dataclasses.dataclass(frozen=True)
class Quorum:
    """How many villages are represented against the network's rule."""

    represented: int
    total: int
    percent_required: int

    @property
    def met(self) -> bool:
        """More than the required share of villages is represented."""
        return self.total > 0 and self.represented * 100 > self.percent_required * self.total


def quorum(meeting: Meeting) -> Quorum:
    """The meeting's quorum: villages with a representative present."""
    represented = (
        Attendance.objects.for_network(meeting.network)
        .filter(meeting=meeting, kind=AttendanceKind.VILLAGE_REP, present=True)
        .exclude(village=None)
        .values("village")
        .distinct()
        .count()
    )
    total = Village.objects.for_network(meeting.network).count()
    return Quorum(represented, total, meeting.network.quorum_percent)
