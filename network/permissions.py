"""The network core's permissions and the roles that hold them (registered in ``ready()``).

The permissions themselves are ``core.roles.Perm``, which every app checks.
"""

from core.roles import Perm, Role, register_permissions

# Everyone of the network but a partner sees its villages, people, partners and meetings.
_READ: set[str] = {Perm.VIEW_NETWORK, Perm.VIEW_VILLAGES, Perm.VIEW_PARTNERS}
_READ_PEOPLE = _READ | {Perm.VIEW_PEOPLE, Perm.VIEW_MEETINGS}

HELD_BY: dict[str, set[str]] = {
    Role.SECRETARY: _READ_PEOPLE
    | {
        Perm.EDIT_VILLAGES,
        Perm.EDIT_PEOPLE,
        Perm.EDIT_PARTNERS,
        Perm.VET_PARTNERS,
        Perm.EDIT_MINUTES,
    },
    Role.COMMITTEE: _READ_PEOPLE | {Perm.VET_PARTNERS},
    Role.COORDINATOR: _READ_PEOPLE | {Perm.EDIT_PEOPLE},
    Role.ACCOUNTANT: _READ_PEOPLE,
    Role.VIEWER: _READ_PEOPLE,
}


def register() -> None:
    """The network's permissions first in the matrix; managing members last."""
    register_permissions(
        [perm for perm in Perm if perm != Perm.MANAGE_MEMBERS], held_by=HELD_BY, order=100
    )
    register_permissions([Perm.MANAGE_MEMBERS], held_by={}, order=900)
