"""The budget of a PDF rendered inside a request: its size, estimated before, and its time.

WeasyPrint holds a web worker for as long as it lays out: four viewers opening a
1,000,000-character minutes PDF at once tied up every gunicorn worker for 30 s
(issue 11). So every PDF a view makes while the user waits goes through
``pdf_within_budget``:

- **size**: the view estimates its PDF before rendering (characters of text and
  rows, cheap aggregates); past ``settings.PDF_REQUEST_MAX_CHARS`` or
  ``PDF_REQUEST_MAX_ROWS`` it is not rendered in the request at all;
- **time**: a render within the size budget runs under a time limit of
  ``settings.PDF_REQUEST_MAX_SECONDS`` (``core.deadline``: checked at each of
  WeasyPrint's steps and pages, and by an alarm where the request runs on the main
  thread); past it the render stops and the request lets go of the worker.

Either way the render goes to the background worker through the reports archive
(``core.reporting.background_render``) and the answer is the report's page with
its progress bar. Without an archive the answer is a page that says why the PDF
cannot be made now (413 for its size, 503 for its time).
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.deadline import RenderTimeout, time_limit
from core.pdf import pdf_response, start_engine
from core.reporting import background_render

logger = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class PdfEstimate:
    """What a PDF will hold, known before it is rendered."""

    chars: int
    rows: int

    @property
    def over_budget(self) -> bool:
        """Whether rendering it inside a request would hold a worker too long."""
        return (
            self.chars > settings.PDF_REQUEST_MAX_CHARS or self.rows > settings.PDF_REQUEST_MAX_ROWS
        )


@dataclasses.dataclass(frozen=True)
class RequestPdf:
    """A PDF a view offers: how to make it now, and how the archive makes it later.

    ``kind`` and ``params`` name the registered report kind that renders the same
    document in the background.
    """

    kind: str
    params: Mapping[str, Any]
    title: str
    filename: str
    estimate: PdfEstimate
    render: Callable[[], bytes]


def pdf_within_budget(request: HttpRequest, pdf: RequestPdf) -> HttpResponse:
    """The PDF itself when it fits the request's budget; otherwise its background render."""
    if pdf.estimate.over_budget:
        return render_elsewhere(request, pdf, too_slow=False)
    start_engine()
    started = time.monotonic()
    try:
        with time_limit(settings.PDF_REQUEST_MAX_SECONDS):
            content = pdf.render()
    except RenderTimeout:
        logger.warning(
            "PDF %s %s stopped after %.1f s in the request; sent to the background worker",
            pdf.kind,
            dict(pdf.params),
            time.monotonic() - started,
        )
        return render_elsewhere(request, pdf, too_slow=True)
    return pdf_response(content, pdf.filename)


def render_elsewhere(request: HttpRequest, pdf: RequestPdf, *, too_slow: bool) -> HttpResponse:
    """Answer a PDF request past its budget: queued with a progress page, or refused."""
    response = background_render(request, pdf.kind, pdf.params)
    if response is not None:
        return response
    refusal = render(
        request,
        "core/pdf_too_large.html",
        {
            "title": pdf.title,
            "too_slow": too_slow,
            "max_chars": settings.PDF_REQUEST_MAX_CHARS,
            "max_rows": settings.PDF_REQUEST_MAX_ROWS,
            "max_seconds": settings.PDF_REQUEST_MAX_SECONDS,
        },
        status=503 if too_slow else 413,
    )
    if too_slow:
        refusal["Retry-After"] = "60"
    return refusal
