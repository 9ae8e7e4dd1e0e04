"""Views outside any network: choosing a network, the roles help page, health."""

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from core.roles import Role, matrix_rows
from core.tenancy import UserRequest, user_view


@user_view
def choose_network(request: UserRequest) -> HttpResponse:
    """Send a member of one network straight to it; others choose."""
    membership_model = apps.get_model(settings.TENANCY_MEMBERSHIP_MODEL)
    memberships = list(
        membership_model.objects.filter(user=request.user)
        .select_related("network")
        .order_by("network__name")
    )
    if len(memberships) == 1:
        return redirect(memberships[0].network)
    return render(request, "core/choose_network.html", {"memberships": memberships})


@user_view
def roles_help(request: HttpRequest) -> HttpResponse:
    """The role → permission matrix, rendered from the one place it is kept."""
    membership_model = apps.get_model(settings.TENANCY_MEMBERSHIP_MODEL)
    mine = (
        membership_model.objects.filter(user=request.user)
        .select_related("network")
        .order_by("network__name")
    )
    return render(
        request,
        "core/roles_help.html",
        {"roles": list(Role), "rows": matrix_rows(), "my_roles": list(mine)},
    )


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """Health check for load balancers: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
