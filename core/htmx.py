"""HTMX helpers: one rule for fragment-or-page, one for refusals, and the
redirects/messages middleware.

Refusals (one mechanism for every form in the app)
--------------------------------------------------
A form action the app refuses (a field that does not validate, an amount over
the village's cap, a version someone else has already moved on) answers with
``render_refusal()``: the same page or fragment as before, with the bound form
(so the user's input is kept) and its errors, and the status ``REFUSED`` (422).

- HTMX swaps it in place. htmx 2 drops every 4xx by default, so ``base.html``
  sets ``htmx.config.responseHandling`` with one extra rule: 422 is swapped into
  the request's target like a 200 and is not an error. The rest keeps htmx's
  defaults (other 4xx and 5xx are not swapped).
- It is the same with DEBUG on and off: django-htmx's debug script (loaded with
  DEBUG on) replaces the whole document only for 400, 403, 404 and 500, so a
  422 never reaches it, and Django's technical pages answer only real errors.
- A page that is only a form uses ``render_form_page()``: 422 once its form is
  refused, 200 when it is first shown.
- A plain (non-HTMX) POST gets the whole page with the form in place, also 422:
  browsers show a 422 page as they show a 200 one.
- ``static/js/app.js`` makes the refusal visible wherever the form sits: it
  opens a ``<details>`` around it, moves focus to the first field in error and
  announces the message in the page's ``aria-live`` region. It also disables a
  form's buttons while its HTMX request runs (no double submit).
- The refusal's message is drawn by ``components/form_errors.html`` (its root
  carries ``data-refusal``, which app.js looks for).

422 rather than 200 keeps "refused" visible to tests, logs and monitoring,
and stays out of the DEBUG handler that swallowed the 400s.
"""

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


REFUSED = 422  # Unprocessable Content: the request was understood and refused.


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


def render_refusal(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    partials: Iterable[str] = (),
) -> HttpResponse:
    """A refused form action: the page or fragment again, with the bound form's errors.

    The context must hold the bound form (its data is what the user typed). The
    answer is ``REFUSED``, which HTMX swaps in place (see this module's docstring).
    """
    return render_page(request, template, context, partials=partials, status=REFUSED)


def render_form_page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    form: Any,
    partials: Iterable[str] = (),
) -> HttpResponse:
    """A page whose form was just shown, or refused: ``REFUSED`` when it is bound
    and has errors (an invalid POST), else an ordinary page."""
    status = REFUSED if form.is_bound and form.errors else 200
    return render_page(request, template, context, partials=partials, status=status)


def refused(response: HttpResponse) -> HttpResponse:
    """Mark a response built by hand (several fragments joined) as a refusal.

    A redirect stays a redirect (a plain request sent back with a message)."""
    if not 300 <= response.status_code < 400:
        response.status_code = REFUSED
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
            and (response.status_code < 300 or response.status_code == REFUSED)
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
