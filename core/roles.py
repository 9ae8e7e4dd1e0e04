"""Roles and what each may do: the one matrix the whole app consults.

Views ask ``membership.can(Perm.X)``; the help page renders ``matrix_rows()``.
Add a permission here, give it to roles in ``MATRIX``, and both follow.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Role(models.TextChoices):
    """A user's role within one network."""

    ADMIN = "admin", _("Administrator")
    SECRETARY = "secretary", _("Secretary")
    COMMITTEE = "committee", _("Committee member")
    COORDINATOR = "coordinator", _("Workstream coordinator")
    ACCOUNTANT = "accountant", _("Accountant")
    PARTNER = "partner", _("Partner (read-only reports)")
    VIEWER = "viewer", _("Viewer")


class Workstream(models.TextChoices):
    """The network's five workstreams, plus the shared core."""

    GENERAL = "general", _("General")
    WELFARE = "welfare", _("Community welfare")
    LANDRIGHTS = "landrights", _("Land rights")
    DISTRIBUTION = "distribution", _("Produce centre")
    TRAINING = "training", _("Youth health volunteers")
    STRATEGY = "strategy", _("Strategic plan")


class Perm(models.TextChoices):
    """A permission that a role may hold."""

    VIEW_NETWORK = "view_network", _("See the network's home page")
    VIEW_VILLAGES = "view_villages", _("See villages")
    EDIT_VILLAGES = "edit_villages", _("Add and edit villages")
    VIEW_PEOPLE = "view_people", _("See people and their details")
    EDIT_PEOPLE = "edit_people", _("Add and edit people")
    VIEW_PARTNERS = "view_partners", _("See partners")
    EDIT_PARTNERS = "edit_partners", _("Add and edit partners")
    VET_PARTNERS = "vet_partners", _("Change a partner's vetting status")
    VIEW_MEETINGS = "view_meetings", _("See meetings and their minutes")
    EDIT_MINUTES = "edit_minutes", _("Run meetings and take their minutes")
    VIEW_WELFARE = "view_welfare", _("See welfare programmes, applications and the board")
    EDIT_WELFARE = "edit_welfare", _("Set up welfare programmes and record applications")
    REVIEW_WELFARE = "review_welfare", _("Review welfare applications")
    DECIDE_WELFARE = "decide_welfare", _("Decide welfare grants")
    DISBURSE_WELFARE = "disburse_welfare", _("Record welfare payments")
    VIEW_REPORTS = "view_reports", _("See and download reports")
    MAKE_REPORTS = "make_reports", _("Render reports")
    SHARE_REPORTS = "share_reports", _("Share reports with partners and by link")
    MANAGE_MEMBERS = "manage_members", _("Manage users and roles")


_MEMBERS = {Perm.VIEW_NETWORK, Perm.VIEW_VILLAGES, Perm.VIEW_PARTNERS, Perm.VIEW_REPORTS}
_READ_PEOPLE = _MEMBERS | {Perm.VIEW_PEOPLE, Perm.VIEW_MEETINGS, Perm.VIEW_WELFARE}

MATRIX: dict[str, frozenset[str]] = {
    Role.ADMIN: frozenset(Perm),
    Role.SECRETARY: frozenset(
        _READ_PEOPLE
        | {
            Perm.EDIT_VILLAGES,
            Perm.EDIT_PEOPLE,
            Perm.EDIT_PARTNERS,
            Perm.VET_PARTNERS,
            Perm.EDIT_MINUTES,
            Perm.EDIT_WELFARE,
            Perm.MAKE_REPORTS,
            Perm.SHARE_REPORTS,
        }
    ),
    # The committee reviews grants village by village and decides them.
    Role.COMMITTEE: frozenset(
        _READ_PEOPLE | {Perm.VET_PARTNERS, Perm.REVIEW_WELFARE, Perm.DECIDE_WELFARE}
    ),
    Role.COORDINATOR: frozenset(
        _READ_PEOPLE | {Perm.EDIT_PEOPLE, Perm.EDIT_WELFARE, Perm.MAKE_REPORTS}
    ),
    # The accountant pays approved grants; deciding them is not theirs.
    Role.ACCOUNTANT: frozenset(_READ_PEOPLE | {Perm.DISBURSE_WELFARE}),
    # Partners follow progress through the reports shared with them, and nothing else.
    Role.PARTNER: frozenset({Perm.VIEW_REPORTS}),
    Role.VIEWER: frozenset(_READ_PEOPLE),
}


# Roles refused as if a page did not exist (404), not told it is forbidden (403):
# a partner should not learn which pages a network has.
HIDDEN_REFUSAL_ROLES = frozenset({Role.PARTNER})


def role_can(role: str, perm: str) -> bool:
    """Whether a role holds a permission."""
    return perm in MATRIX.get(role, frozenset())


def matrix_rows() -> list[tuple[StrOrPromise, list[bool]]]:
    """The matrix as rows for the help page: (permission label, [held per role])."""
    return [(perm.label, [perm in MATRIX[role] for role in Role]) for perm in Perm]


def matrix_markdown() -> str:
    """The matrix as a Markdown table, for the README (kept equal by a test)."""
    roles = list(Role)
    lines = [
        "| permission | " + " | ".join(role.value for role in roles) + " |",
        "|---|" + "---|" * len(roles),
    ]
    for perm in Perm:
        marks = " | ".join("✓" if perm in MATRIX[role] else "–" for role in roles)
        lines.append(f"| {perm.value} | {marks} |")
    return "\n".join(lines)
