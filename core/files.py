"""Where uploaded and generated files are kept."""

from __future__ import annotations

import uuid
from typing import Any

from django.utils.deconstruct import deconstructible


@deconstructible
class NetworkFilePath:
    """``upload_to`` for a tenant's file: ``<folder>/<network id>/<random>.<suffix>``.

    The stored name is random, never the uploader's: it cannot be guessed, and a
    name like ``../x`` or ``report.pdf.exe`` says nothing about where it lands.
    """

    def __init__(self, folder: str) -> None:
        self.folder = folder

    def __call__(self, instance: Any, filename: str) -> str:
        suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
        return f"{self.folder}/{instance.network_id}/{uuid.uuid4().hex}.{suffix}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NetworkFilePath) and other.folder == self.folder

    def __hash__(self) -> int:
        return hash(self.folder)
