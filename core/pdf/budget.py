"""The budget of a PDF rendered inside a request.

WeasyPrint holds a web worker for as long as it lays out: four viewers opening a
1,000,000-character minutes PDF at once tied up every gunicorn worker for 30 s
(issue 11). So a view estimates its PDF before rendering (characters of text and
rows, cheap aggregates) and, past ``settings.PDF_REQUEST_MAX_CHARS`` or
``PDF_REQUEST_MAX_ROWS``, sends the render to the background worker through the
reports archive (``core.reporting.background_render``) and answers at once with
the report's page and its progress bar. Without an archive the answer is a page
that says the document is too large to make now (status 413).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.reporting import background_render


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


def render_elsewhere(
    request: HttpRequest, kind: str, params: Mapping[str, Any], *, title: str
) -> HttpResponse:
    """Answer a PDF request past its budget: queued with a progress page, or refused."""
    response = background_render(request, kind, params)
    if response is not None:
        return response
    return render(
        request,
        "core/pdf_too_large.html",
        {
            "title": title,
            "max_chars": settings.PDF_REQUEST_MAX_CHARS,
            "max_rows": settings.PDF_REQUEST_MAX_ROWS,
        },
        status=413,
    )
