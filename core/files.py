"""Where uploaded and generated files are kept."""

from __future__ import annotations

import uuid
from typing import Any

from django.utils.deconstruct import deconstructible

# The stored suffix of a file whose type was detected from its content: the
# uploader's name (x.html, x.svg, x.php) never decides how the file is served.
SUFFIX_BY_CONTENT_TYPE: dict[str, str] = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
}


@deconstructible
class NetworkFilePath:
    """``upload_to`` for a tenant's file: ``<folder>/<network id>/<random>.<suffix>``.

    The stored name is random, never the uploader's: it cannot be guessed, and a
    name like ``../x`` or ``report.pdf.exe`` says nothing about where it lands.
    When the row knows its detected ``content_type``, the suffix is that type's.
    """

    def __init__(self, folder: str) -> None:
        self.folder = folder

    def __call__(self, instance: Any, filename: str) -> str:
        suffix = SUFFIX_BY_CONTENT_TYPE.get(getattr(instance, "content_type", "") or "")
        if suffix is None:
            suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
        return f"{self.folder}/{instance.network_id}/{uuid.uuid4().hex}.{suffix}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NetworkFilePath) and other.folder == self.folder

    def __hash__(self) -> int:
        return hash(self.folder)
