"""Network scoping: the one path by which views reach tenant data.

Every tenant-owned model inherits ``NetworkOwned`` (a direct ``network`` foreign
key and a ``for_network`` queryset method). Every view under ``/n/<slug>/`` is
wrapped in ``network_view``, which resolves the network through the user's
membership (404 for anyone without one, so a network's existence is never
confirmed), checks the role's permission (403) and puts the network and the
membership on the request. A test walks the URL resolver to prove that no
network URL escapes the decorator.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, Self

from django.apps import apps
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django_htmx.http import HttpResponseClientRedirect

from core.limits import check_limits
from core.roles import HIDDEN_REFUSAL_ROLES

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from core.types import Actor
    from core.types import TenantMembership as Membership
    from core.types import TenantNetwork as Network


class UserRequest(HttpRequest):
    """A request that has passed ``user_view`` or ``network_view``: a signed-in user."""

    user: Actor


class NetworkRequest(UserRequest):
    """A request that has passed ``network_view``."""

    network: Network
    membership: Membership
    htmx: HtmxDetails


class NetworkQuerySet(models.QuerySet):
    """Querysets of tenant-owned rows."""

    def for_network(self, network: Network) -> Self:
        """Rows of this network only: the filter every view goes through."""
        return self.filter(network=network)


class NetworkOwned(models.Model):
    """Abstract base of every tenant-owned table: a direct network foreign key."""

    network = models.ForeignKey(
        settings.TENANCY_NETWORK_MODEL, on_delete=models.CASCADE, related_name="+"
    )

    objects = NetworkQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save, refusing text past its declared length limit (core.limits)."""
        check_limits(self)
        super().save(*args, **kwargs)


def login_response(request: HttpRequest) -> HttpResponse:
    """Send an anonymous user to the login page; HTMX requests get a full redirect."""
    htmx: HtmxDetails | None = getattr(request, "htmx", None)
    if htmx:
        from django.shortcuts import resolve_url
        from django.utils.http import urlencode

        next_url = htmx.current_url_abs_path or request.get_full_path()
        return HttpResponseClientRedirect(
            f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': next_url})}"
        )
    return redirect_to_login(request.get_full_path())


View = Callable[..., HttpResponse]


def require_perm(membership: Any, perm: str) -> None:
    """Refuse a member whose role lacks the permission: 403, or 404 for a role that
    must not learn what the network's pages are (a partner)."""
    if membership.can(perm):
        return
    if membership.role in HIDDEN_REFUSAL_ROLES:
        raise Http404
    raise PermissionDenied


def network_view(perm: str | None = None) -> Callable[[View], View]:
    """Scope a view to the network in its URL and require a permission there."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, network_slug: str, *args: Any, **kwargs: Any):
            if not request.user.is_authenticated:
                return login_response(request)
            membership_model = apps.get_model(settings.TENANCY_MEMBERSHIP_MODEL)
            membership = (
                membership_model.objects.select_related("network")
                .filter(user=request.user, network__slug=network_slug)
                .first()
            )
            if membership is None:
                raise Http404
            if perm is not None:
                require_perm(membership, perm)
            request.network = membership.network  # type: ignore[attr-defined]
            request.membership = membership  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        wrapper.network_scoped = True  # type: ignore[attr-defined]
        wrapper.required_perm = perm  # type: ignore[attr-defined]
        return wrapper

    return decorator


def user_view(view: View) -> View:
    """A view outside any network that still needs a signed-in user."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any):
        if not request.user.is_authenticated:
            return login_response(request)
        return view(request, *args, **kwargs)

    return wrapper
