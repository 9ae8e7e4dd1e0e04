"""Files handed to the browser to download: one helper for the headers they all need."""

from django.http import HttpResponse

from core.imports.files import CONTENT_TYPES


def download_response(content: bytes, file_format: str, filename: str) -> HttpResponse:
    """A spreadsheet to download, never cached (it holds the network's data)."""
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
