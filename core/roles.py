"""Roles and what each may do: the one matrix the whole app consults.

Core knows no app's permissions. Each app declares its own (a ``TextChoices`` in
its ``permissions.py``) with the roles that hold them and, for a workstream's
permissions, the workstream they belong to, and registers them in its
``ready()`` with ``register_permissions``. The matrix is read from that one
registry: views ask ``membership.can(perm)``, the help page renders
``matrix_rows()``, the README embeds ``matrix_markdown()``.

A coordinator holds a workstream's permission only for the workstreams named on
their membership; other roles are not scoped by workstream.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.registry import Registry

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
    """The network core's permissions (declared to roles in ``network.permissions``).

    Kept here, importable as ``core.roles.Perm``, because every app checks them;
    a workstream's permissions live in that workstream (``welfare.permissions``).
    """

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
    MANAGE_MEMBERS = "manage_members", _("Manage users and roles")


@dataclasses.dataclass(frozen=True)
class Permission:
    """A permission, the roles that hold it, and the workstream it belongs to (if any)."""

    value: str
    label: StrOrPromise
    roles: frozenset[str]
    # A coordinator holds it only when their membership names this workstream.
    workstream: str = ""


PERMISSIONS: Registry[Permission] = Registry("permissions", key=lambda perm: perm.value)


def register_permissions(
    perms: Iterable[models.TextChoices],
    *,
    held_by: Mapping[str, Iterable[str]],
    order: int,
    workstream: str = "",
    scoped: Iterable[str] = (),
) -> None:
    """Declare an app's permissions, in this order, with the roles (besides admin) that
    hold them; those in ``scoped`` belong to ``workstream`` (coordinators, see above)."""
    scoped = {str(perm) for perm in scoped}
    for index, perm in enumerate(perms):
        roles = {Role.ADMIN.value} | {
            str(role) for role, held in held_by.items() if perm in {str(p) for p in held}
        }
        PERMISSIONS.register(
            Permission(
                value=str(perm),
                label=perm.label,
                roles=frozenset(roles),
                workstream=workstream if str(perm) in scoped else "",
            ),
            order=order + index,
        )


class _Matrix(Mapping[str, frozenset[str]]):
    """Role → the permissions it holds, read from the registry when asked."""

    def __getitem__(self, role: str) -> frozenset[str]:
        if role not in Role.values:
            raise KeyError(role)
        return frozenset(perm.value for perm in PERMISSIONS if role in perm.roles)

    def __iter__(self) -> Iterator[str]:
        return iter(Role.values)

    def __len__(self) -> int:
        return len(Role.values)


MATRIX: Mapping[str, frozenset[str]] = _Matrix()


# Roles refused as if a page did not exist (404), not told it is forbidden (403):
# a partner should not learn which pages a network has.
HIDDEN_REFUSAL_ROLES = frozenset({Role.PARTNER})


def role_can(role: str, perm: str) -> bool:
    """Whether a role holds a permission (a coordinator: for some workstream)."""
    permission = PERMISSIONS.get(str(perm))
    return permission is not None and role in permission.roles


def member_can(role: str, workstreams: Iterable[str], perm: str) -> bool:
    """Whether a member with this role, coordinating these workstreams, holds a permission."""
    permission = PERMISSIONS.get(str(perm))
    if permission is None or role not in permission.roles:
        return False
    if role == Role.COORDINATOR and permission.workstream:
        return permission.workstream in {str(w) for w in workstreams}
    return True


def coordinator_scope(perm: Permission) -> StrOrPromise:
    """For a coordinator's cell: which workstream's coordinators hold it ('' if all)."""
    if perm.workstream and Role.COORDINATOR in perm.roles:
        return Workstream(perm.workstream).label
    return ""


def matrix_rows() -> list[tuple[StrOrPromise, list[tuple[bool, StrOrPromise]]]]:
    """The matrix as rows for the help page: (label, [(held, only for workstream) per role])."""
    return [
        (
            perm.label,
            [
                (role in perm.roles, coordinator_scope(perm) if role == Role.COORDINATOR else "")
                for role in Role
            ],
        )
        for perm in PERMISSIONS
    ]


def matrix_markdown() -> str:
    """The matrix as a Markdown table, for the README (kept equal by a test)."""
    roles = list(Role)
    lines = [
        "| permission | " + " | ".join(role.value for role in roles) + " |",
        "|---|" + "---|" * len(roles),
    ]
    for perm in PERMISSIONS:
        marks = []
        for role in roles:
            mark = "✓" if role in perm.roles else "–"
            if mark == "✓" and role == Role.COORDINATOR and perm.workstream:
                mark = f"✓ ({perm.workstream})"
            marks.append(mark)
        lines.append(f"| {perm.value} | {' | '.join(marks)} |")
    lines.append("")
    lines.append(
        "✓ (workstream): a coordinator holds it only when their membership names that workstream."
    )
    return "\n".join(lines)
