"""HTMX helpers: one rule for fragment-or-page, and redirects/messages middleware."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails


def _fragment_htmx(request: HttpRequest) -> HtmxDetails | None:
    """The HTMX details of a request that wants a fragment, else None."""
    htmx: HtmxDetails | None = getattr(request, "htmx", None)
    if not htmx or htmx.boosted or htmx.history_restore_request:
        return None
    return htmx


def is_fragment_request(request: HttpRequest) -> bool:
    """An HTMX request that wants a fragment: not boosted, not a history restore."""
    return _fragment_htmx(request) is not None


def render_page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    partials: Iterable[str] = (),
    status: int = 200,
) -> HttpResponse:
    """Render a page, or only the partial whose name is the HTMX target's id.

    A partial's name matches its root element's id, so ``hx-target="#results"``
    gets ``template#results``; any other request gets the whole page.
    """
    name = template
    htmx = _fragment_htmx(request)
    if htmx is not None and htmx.target in set(partials):
        name = f"{template}#{htmx.target}"
    response = render(request, name, context, status=status)
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response


class HtmxResponseMiddleware:
    """Make plain views HTMX-friendly.

    A redirect answering an HTMX request becomes ``HX-Location`` (htmx loads the
    page into the body and pushes the URL) instead of a page swapped into a
    fragment. A fragment answer carries pending messages as an out-of-band swap.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not is_fragment_request(request):
            return response
        if 300 <= response.status_code < 400 and response.has_header("Location"):
            location = response["Location"]
            converted = HttpResponse(status=200)
            converted["HX-Location"] = json.dumps({"path": location, "target": "body"})
            return converted
        if (
            response.get("Content-Type", "").startswith("text/html")
            and not response.streaming
            and response.status_code < 300
            and "HX-Redirect" not in response
        ):
            pending = list(messages.get_messages(request))
            if pending:
                response.content += render_to_string(
                    "components/messages.html",
                    {"messages": pending, "oob": True},
                    request=request,
                ).encode()
        return response
