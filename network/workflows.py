"""The status machines of the network core: partner vetting and meetings (declared once)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.roles import Perm
from core.workflow import Transition, Workflow
from network.models import (
    Meeting,
    MeetingStatus,
    MeetingStatusChange,
    Partner,
    PartnerStatus,
    PartnerStatusChange,
)

P = PartnerStatus


def _stamp_partner(partner: Any, step: Transition, actor: Any, now: dt.datetime) -> None:
    """The partner row shows its latest step at a glance: when, and by whom."""
    partner.status_changed_at = now
    partner.status_changed_by = actor


PARTNER_WORKFLOW = Workflow(
    model=Partner,
    states=PartnerStatus,
    change_model=PartnerStatusChange,
    change_fk="partner",
    refused_message=_("A partner cannot go from “%(from)s” to “%(to)s”."),
    on_step=_stamp_partner,
    transitions=[
        Transition(
            "vet", (P.PROPOSED,), P.VETTED, Perm.VET_PARTNERS, True, _("Vetted: standing checked")
        ),
        Transition(
            "activate", (P.VETTED, P.INACTIVE), P.ACTIVE, Perm.VET_PARTNERS, True, _("Activate")
        ),
        Transition(
            "deactivate",
            (P.PROPOSED, P.VETTED, P.ACTIVE),
            P.INACTIVE,
            Perm.VET_PARTNERS,
            True,
            _("Deactivate"),
            style="secondary",
        ),
        Transition(
            "repropose",
            (P.INACTIVE,),
            P.PROPOSED,
            Perm.VET_PARTNERS,
            True,
            _("Propose again"),
            style="secondary",
        ),
    ],
)

M = MeetingStatus


def _stamp_meeting(meeting: Any, step: Transition, actor: Any, now: dt.datetime) -> None:
    """Opening and closing a meeting stamp its start and closing times if empty."""
    minute = timezone.localtime(now).time().replace(second=0, microsecond=0)
    if step.target == M.IN_SESSION and meeting.start_time is None:
        meeting.start_time = minute
    if step.target == M.DRAFTED and meeting.end_time is None:
        meeting.end_time = minute


MEETING_WORKFLOW = Workflow(
    model=Meeting,
    states=MeetingStatus,
    change_model=MeetingStatusChange,
    change_fk="meeting",
    refused_message=_("A meeting cannot go from “%(from)s” to “%(to)s”."),
    on_step=_stamp_meeting,
    transitions=[
        Transition(
            "open", (M.PLANNED,), M.IN_SESSION, Perm.EDIT_MINUTES, label=_("Open the meeting")
        ),
        Transition(
            "close", (M.IN_SESSION,), M.DRAFTED, Perm.EDIT_MINUTES, label=_("Close the meeting")
        ),
        Transition(
            "circulate",
            (M.DRAFTED,),
            M.CIRCULATED,
            Perm.EDIT_MINUTES,
            label=_("Circulate the minutes"),
        ),
        # Adoption happens in section 2 of a later meeting, then the minutes lock:
        # two steps, both recorded, taken together by ``adopt_previous_minutes``.
        Transition(
            "adopt",
            (M.DRAFTED, M.CIRCULATED),
            M.ADOPTED,
            Perm.EDIT_MINUTES,
            label=_("Adopt the minutes"),
            button=False,
        ),
        Transition(
            "lock", (M.ADOPTED,), M.LOCKED, Perm.EDIT_MINUTES, label=_("Lock"), button=False
        ),
    ],
)
