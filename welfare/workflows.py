"""The status machines of welfare: applications and capacity-building projects (declared once)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

from core.workflow import Transition, Workflow
from welfare.models import (
    Application,
    ApplicationStatus,
    CapacityProject,
    CapacityStatus,
    CapacityStatusChange,
    StatusChange,
)
from welfare.permissions import WelfarePerm

S = ApplicationStatus


def _bump_version(application: Any, step: Transition, actor: Any, now: dt.datetime) -> None:
    """Every step changes the application: a form opened before it is then refused."""
    application.version += 1


APPLICATION_WORKFLOW = Workflow(
    model=Application,
    states=ApplicationStatus,
    change_model=StatusChange,
    change_fk="application",
    refused_message=_("An application cannot go from “%(from)s” to “%(to)s”."),
    on_step=_bump_version,
    transitions=[
        Transition(
            "submit",
            (S.DRAFT, S.RETURNED),
            S.SUBMITTED,
            WelfarePerm.EDIT_WELFARE,
            label=_("Submit to the committee"),
        ),
        Transition(
            "start_review",
            (S.SUBMITTED,),
            S.UNDER_REVIEW,
            WelfarePerm.DECIDE_WELFARE,
            label=_("Put under review"),
        ),
        # The decision form takes these three (an amount, a reason, a resolution).
        Transition(
            "approve",
            (S.UNDER_REVIEW,),
            S.APPROVED,
            WelfarePerm.DECIDE_WELFARE,
            label=_("Approve"),
            button=False,
        ),
        Transition(
            "return_for_info",
            (S.UNDER_REVIEW,),
            S.RETURNED,
            WelfarePerm.DECIDE_WELFARE,
            reason_required=True,
            label=_("Return for more information"),
            button=False,
        ),
        Transition(
            "reject",
            (S.UNDER_REVIEW,),
            S.REJECTED,
            WelfarePerm.DECIDE_WELFARE,
            reason_required=True,
            label=_("Reject"),
            button=False,
        ),
        # The payment form takes the first payment; the reporting form its due date.
        Transition(
            "disburse",
            (S.APPROVED,),
            S.DISBURSED,
            WelfarePerm.DISBURSE_WELFARE,
            label=_("Record payment"),
            button=False,
        ),
        Transition(
            "start_reporting",
            (S.DISBURSED,),
            S.REPORTING,
            WelfarePerm.EDIT_WELFARE,
            label=_("Ask for the outcome report"),
            button=False,
        ),
        Transition("close", (S.REPORTING,), S.CLOSED, WelfarePerm.EDIT_WELFARE, label=_("Close")),
        Transition(
            "withdraw",
            (S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW, S.RETURNED, S.APPROVED),
            S.WITHDRAWN,
            WelfarePerm.EDIT_WELFARE,
            reason_required=True,
            label=_("Withdraw"),
            style="secondary",
        ),
    ],
)

C = CapacityStatus

CAPACITY_WORKFLOW = Workflow(
    model=CapacityProject,
    states=CapacityStatus,
    change_model=CapacityStatusChange,
    change_fk="project",
    refused_message=_("A capacity-building project cannot go from “%(from)s” to “%(to)s”."),
    transitions=[
        Transition(
            "approve", (C.CONSIDERING,), C.APPROVED, WelfarePerm.EDIT_WELFARE, label=_("Approve")
        ),
        Transition(
            "reject",
            (C.CONSIDERING,),
            C.REJECTED,
            WelfarePerm.EDIT_WELFARE,
            reason_required=True,
            label=_("Reject"),
            style="secondary",
        ),
        Transition(
            "complete", (C.APPROVED,), C.DONE, WelfarePerm.EDIT_WELFARE, label=_("Mark done")
        ),
        Transition(
            "reconsider",
            (C.REJECTED, C.APPROVED),
            C.CONSIDERING,
            WelfarePerm.EDIT_WELFARE,
            reason_required=True,
            label=_("Consider again"),
            style="secondary",
        ),
    ],
)
