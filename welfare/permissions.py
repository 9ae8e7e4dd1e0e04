"""Welfare's permissions and the roles that hold them (registered in ``ready()``).

Setting up programmes and recording applications, reviewing, deciding and paying
belong to the welfare workstream: a coordinator holds them only when their
membership names welfare. Seeing welfare is open to every member but partners.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.roles import Role, Workstream, register_permissions


class WelfarePerm(models.TextChoices):
    """A permission over the welfare workstream."""

    VIEW_WELFARE = "view_welfare", _("See welfare programmes, applications and the board")
    EDIT_WELFARE = "edit_welfare", _("Set up welfare programmes and record applications")
    REVIEW_WELFARE = "review_welfare", _("Review welfare applications")
    DECIDE_WELFARE = "decide_welfare", _("Decide welfare grants")
    DISBURSE_WELFARE = "disburse_welfare", _("Record welfare payments")


_VIEW: set[str] = {WelfarePerm.VIEW_WELFARE}

HELD_BY: dict[str, set[str]] = {
    Role.SECRETARY: _VIEW | {WelfarePerm.EDIT_WELFARE},
    # The committee reviews grants village by village and decides them.
    Role.COMMITTEE: _VIEW | {WelfarePerm.REVIEW_WELFARE, WelfarePerm.DECIDE_WELFARE},
    Role.COORDINATOR: _VIEW | {WelfarePerm.EDIT_WELFARE},
    # The accountant pays approved grants; deciding them is not theirs.
    Role.ACCOUNTANT: _VIEW | {WelfarePerm.DISBURSE_WELFARE},
    Role.VIEWER: _VIEW,
}


def register() -> None:
    """Welfare's permissions, after the network's in the matrix."""
    register_permissions(
        WelfarePerm,
        held_by=HELD_BY,
        order=200,
        workstream=Workstream.WELFARE,
        scoped=[perm for perm in WelfarePerm if perm != WelfarePerm.VIEW_WELFARE],
    )
