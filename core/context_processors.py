"""Template context shared by every page."""

from typing import Any

from django.apps import apps
from django.http import HttpRequest

from core.roles import role_can


class Permissions:
    """``{% if can.vet_partners %}`` in templates: the role matrix, read by name."""

    def __init__(self, role: str) -> None:
        self.role = role

    def __getitem__(self, perm: str) -> bool:
        return role_can(self.role, perm)


def tenancy(request: HttpRequest) -> dict[str, Any]:
    """The current network, membership, and the user's networks for the switcher."""
    membership = getattr(request, "membership", None)
    context: dict[str, Any] = {
        "network": getattr(request, "network", None),
        "membership": membership,
        "can": Permissions(membership.role if membership else ""),
    }
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        membership_model = apps.get_model("network", "Membership")
        context["my_memberships"] = lambda: list(
            membership_model.objects.filter(user=user)
            .select_related("network")
            .order_by("network__name")
        )
    return context
