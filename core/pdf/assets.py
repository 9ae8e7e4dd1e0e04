"""What a PDF may load: the app's own static files, nothing else.

WeasyPrint resolves every URL in a document (stylesheets, fonts, images, SVG
references, attachments) against a base URL and asks a fetcher for the bytes.
The base URL here is a fake origin that no network can reach, and the only
URLs served are the static files under it, read through the staticfiles
finders (development, no collectstatic needed) or the staticfiles storage
(production, hashed names). Everything else is refused: other hosts including
our own, ``file:``, ``data:``, traversal, absolute paths. This module does not
import WeasyPrint, so it stays cheap to import.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage

# RFC 2606 reserves .invalid: the name can never resolve, so a URL that slipped
# past the fetcher still could not reach a server.
ASSET_SCHEME = "https"
ASSET_HOST = "pdf-assets.invalid"

# Only types a print document needs; a static folder may hold other things.
ALLOWED_TYPES = {
    ".css": "text/css",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
}


class AssetRefusedError(ValueError):
    """A PDF asked for something that is not one of the app's static files."""


@dataclasses.dataclass(frozen=True)
class StaticAsset:
    """A static file's bytes and media type, as served to WeasyPrint."""

    name: str
    content: bytes
    media_type: str


def static_path() -> str:
    """The path part of STATIC_URL, with leading and trailing slashes."""
    path = urlsplit(settings.STATIC_URL).path
    return "/" + path.strip("/") + "/"


def asset_base_url() -> str:
    """The base URL of every PDF document: STATIC_URL under the fake origin.

    ``{% static %}`` gives ``/static/…``, which resolves against it to a URL the
    fetcher serves; relative ``url()`` in print.css resolves the same way.
    """
    return f"{ASSET_SCHEME}://{ASSET_HOST}{static_path()}"


def static_name(url: str) -> str:
    """The static file name a URL asks for; AssetRefusedError for any other URL."""
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise AssetRefusedError(f"Malformed URL refused: {url[:200]!r}") from exc
    if (parts.scheme.lower(), parts.netloc.lower()) != (ASSET_SCHEME, ASSET_HOST):
        # Shortened: a refused data: URL can be megabytes long in the log.
        raise AssetRefusedError(f"Only the app's static files can be used: {url[:200]!r}")
    path = unquote(parts.path)
    prefix = static_path()
    if not path.startswith(prefix):
        raise AssetRefusedError(f"Not a static file: {path!r}")
    name = path.removeprefix(prefix)
    segments = name.split("/")
    # Unquoting first catches %2e%2e and %2f; a backslash, NUL or drive colon has no
    # place in a static name.
    if any(segment in {"", ".", ".."} for segment in segments) or any(
        char in name for char in "\\\x00:"
    ):
        raise AssetRefusedError(f"Unsafe static path refused: {name!r}")
    if PurePosixPath(name).suffix.lower() not in ALLOWED_TYPES:
        raise AssetRefusedError(f"File type not allowed in a PDF: {name!r}")
    return name


def read_static_file(name: str) -> bytes | None:
    """The bytes of a static file by name, from the finders or else the storage."""
    # Finders first: in development they read the source folders, so a fresh
    # edit counts without collectstatic. Hashed names (production) exist only
    # in the storage. Both refuse names that escape their folders (safe_join).
    found = finders.find(name)
    if isinstance(found, str):
        return Path(found).read_bytes()
    if staticfiles_storage.exists(name):
        with staticfiles_storage.open(name) as file:
            return file.read()
    return None


def fetch_static_asset(url: str) -> StaticAsset:
    """The static file a PDF URL points to: AssetRefusedError or FileNotFoundError if none."""
    name = static_name(url)
    content = read_static_file(name)
    if content is None:
        raise FileNotFoundError(f"No such static file: {name!r}")
    media_type = ALLOWED_TYPES[PurePosixPath(name).suffix.lower()]
    return StaticAsset(name=name, content=content, media_type=media_type)
