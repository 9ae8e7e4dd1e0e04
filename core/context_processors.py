"""Template context shared by every page."""

from typing import Any

from django.apps import apps
from django.conf import settings
from django.http import HttpRequest

from core.navigation import nav_for


class Permissions:
    """``{% if can.vet_partners %}`` in templates: the member's permissions, read by name."""

    def __init__(self, membership: Any) -> None:
        self.membership = membership

    def __getitem__(self, perm: str) -> bool:
        return self.membership is not None and self.membership.can(perm)


def tenancy(request: HttpRequest) -> dict[str, Any]:
    """The current network, membership, its navigation, and the user's networks."""
    membership = getattr(request, "membership", None)
    context: dict[str, Any] = {
        "network": getattr(request, "network", None),
        "membership": membership,
        "can": Permissions(membership),
        "nav": (lambda: nav_for(membership, request.resolver_match)) if membership else (),
    }
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        membership_model = apps.get_model(settings.TENANCY_MEMBERSHIP_MODEL)
        context["my_memberships"] = lambda: list(
            membership_model.objects.filter(user=user)
            .select_related("network")
            .order_by("network__name")
        )
    return context
