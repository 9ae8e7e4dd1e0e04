"""The PDF engine: print templates rendered to A4 PDF by WeasyPrint, and the HTTP response.

Every app builds a context in a service and calls ``render_pdf`` with a
template that extends ``pdf/base.html``; a view returns ``pdf_response``. The
base template gives A4 pages in Sarabun, a header and a footer slot, page
numbers in the active language, a generated-on line with a BE date, and a
``draft=True`` watermark. Assets load only through ``core.pdf.assets``: the
app's own static files, never the network or the file system.

WeasyPrint is imported on the first render, not when this module is imported,
so that views which merely link to a PDF do not pay for it at start-up.
"""

from __future__ import annotations

import re
import unicodedata
from types import ModuleType
from typing import Any, Protocol
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.template.loader import get_template
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import pgettext

from core.deadline import check_deadline
from core.pdf.assets import AssetRefusedError, asset_base_url, fetch_static_asset

__all__ = [
    "AssetRefusedError",
    "asset_base_url",
    "content_disposition",
    "fetch_static_asset",
    "page_counter_css",
    "pdf_response",
    "render_pdf",
    "render_pdf_html",
    "render_pdf_pages",
    "safe_pdf_filename",
    "start_engine",
]


class PrintTemplate(Protocol):
    """A template as the template backends return it: ``get_template`` or ``from_string``."""

    def render(
        self, context: dict[str, Any] | None = ..., request: HttpRequest | None = ...
    ) -> str:
        """Render with a plain dict and an optional request."""
        ...


_PAGE_PLACEHOLDER = re.compile(r"%\((number|total)\)s")
_PAGE_COUNTERS = {"number": "counter(page)", "total": "counter(pages)"}
# Characters that could end a <style> element or a CSS string if left as they are.
_CSS_UNSAFE = frozenset("\"'\\<>&")


def css_string(text: str) -> str:
    """A double-quoted CSS string with quotes, backslashes, markup and controls escaped."""
    escaped = "".join(
        f"\\{ord(char):x} " if char in _CSS_UNSAFE or ord(char) < 0x20 else char for char in text
    )
    return f'"{escaped}"'


def page_counter_css(label: str) -> SafeString:
    """The CSS ``content`` for a label like "Page %(number)s of %(total)s"."""
    parts = []
    for index, piece in enumerate(_PAGE_PLACEHOLDER.split(label)):
        if index % 2:
            parts.append(_PAGE_COUNTERS[piece])
        elif piece:
            parts.append(css_string(piece))
    # Safe by construction: every literal went through css_string, and it goes
    # inside <style>, where HTML escaping would corrupt rather than protect it.
    return mark_safe(" ".join(parts) or '""')  # noqa: S308


def pdf_context(context: dict[str, Any]) -> dict[str, Any]:
    """The caller's context over the base template's defaults."""
    merged = {
        "draft": False,
        "generated_on": timezone.localdate(),
        # The Thai translation is "หน้า %(number)s/%(total)s": the usual form on Thai documents.
        "page_label": pgettext("PDF page footer", "Page %(number)s of %(total)s"),
        **context,
    }
    merged["page_counter_css"] = page_counter_css(str(merged["page_label"]))
    return merged


def render_pdf_html(
    template: str | PrintTemplate,
    context: dict[str, Any],
    *,
    request: HttpRequest | None = None,
) -> str:
    """The HTML a print template renders to, as WeasyPrint will read it."""
    print_template = get_template(template) if isinstance(template, str) else template
    return print_template.render(pdf_context(context), request)


def render_pdf(
    template: str | PrintTemplate,
    context: dict[str, Any],
    *,
    request: HttpRequest | None = None,
) -> bytes:
    """Render a print template (a name or a template object) to A4 PDF bytes."""
    return render_pdf_pages(template, context, request=request)[0]


def render_pdf_pages(
    template: str | PrintTemplate,
    context: dict[str, Any],
    *,
    request: HttpRequest | None = None,
) -> tuple[bytes, int]:
    """Render a print template to A4 PDF bytes, with the number of pages."""
    html = render_pdf_html(template, context, request=request)
    check_deadline()
    return start_engine().html_to_pdf_pages(html)


def start_engine() -> ModuleType:
    """The WeasyPrint glue, imported on first use (WeasyPrint takes over a second to
    import), with this thread's font configuration ready.

    A PDF's time budget starts after this: the once-per-process start-up is not
    the document's time, and would otherwise count against the first PDF a web
    worker makes.
    """
    from core.pdf import engine

    engine.font_config()
    return engine


_MAX_STEM = 120


def safe_pdf_filename(filename: str) -> str:
    """A download name with no folders, controls or reserved characters, ending in .pdf."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    # Category C holds controls and invisible format marks (bidi overrides that
    # disguise "fdp.exe" as "exe.pdf"); Thai vowels and tone marks are M, so stay.
    name = "".join(
        char for char in name if unicodedata.category(char)[0] != "C" and char not in '"*:<>?|'
    )
    stem = name.strip(" .")
    if stem.lower().endswith(".pdf"):
        stem = stem[:-4].rstrip(" .")
    return f"{stem[:_MAX_STEM] or 'document'}.pdf"


def content_disposition(filename: str, *, inline: bool = True) -> str:
    """An RFC 6266 Content-Disposition: an ASCII filename plus a UTF-8 filename*."""
    name = safe_pdf_filename(filename)
    ascii_stem = re.sub(r"[^A-Za-z0-9._-]+", "-", name[:-4]).strip("-.") or "document"
    disposition = "inline" if inline else "attachment"
    return f"{disposition}; filename=\"{ascii_stem}.pdf\"; filename*=UTF-8''{quote(name, safe='')}"


def pdf_response(pdf: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    """An HTTP response carrying a PDF, shown in the browser or (inline=False) downloaded."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    response["Content-Length"] = str(len(pdf))
    response["X-Content-Type-Options"] = "nosniff"
    # Reports carry names, ID numbers and amounts: no shared or disk caches.
    patch_cache_control(response, private=True, no_store=True)
    return response
