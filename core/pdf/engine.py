"""WeasyPrint glue: the static-only URL fetcher, per-thread fonts, HTML to PDF bytes,
and the time limit's checkpoints inside WeasyPrint.

Importing this module imports WeasyPrint (over a second, cold), so ``core.pdf``
imports it only when a PDF is first rendered.
"""

from __future__ import annotations

import functools
import io
import logging
import threading
import unicodedata
from collections.abc import Mapping
from typing import Any

import weasyprint
from fontTools import agl
from fontTools.ttLib import TTFont
from weasyprint.logger import PROGRESS_LOGGER
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from core.deadline import RenderTimeout, check_deadline, interruptible
from core.pdf.assets import asset_base_url, fetch_static_asset

_local = threading.local()


class _DeadlineCheckpoints(logging.Filter):
    """WeasyPrint announces each step (parsing, styling, every page laid out, drawing)
    on its progress logger: each announcement is a checkpoint of the thread's time
    limit (``core.deadline``). Records go no further: the steps are not logged."""

    def filter(self, record: logging.LogRecord) -> bool:
        check_deadline()
        return False


# The logger must pass INFO to its filters; a LOGGING setting that raises this
# logger's level would switch the checkpoints off (a test renders past a deadline).
PROGRESS_LOGGER.setLevel(logging.INFO)
PROGRESS_LOGGER.addFilter(_DeadlineCheckpoints())


class StaticFilesFetcher(URLFetcher):
    """A WeasyPrint fetcher that serves the app's static files and refuses everything else."""

    def __init__(self) -> None:
        # fail_on_errors=False makes WeasyPrint log a refused URL and render on
        # without it; no protocol is allowed for the urllib machinery we replace.
        super().__init__(allowed_protocols=(), fail_on_errors=False)

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> URLFetcherResponse:
        """The static file at ``url``; raises for any other URL, never opens a socket."""
        asset = fetch_static_asset(url)
        content_type = asset.media_type
        if content_type == "text/css":
            content_type += "; charset=utf-8"
        return URLFetcherResponse(url, asset.content, {"Content-Type": content_type})


def font_config() -> FontConfiguration:
    """This thread's font configuration, created once and reused by every render.

    Reuse skips fetching and registering the @font-face fonts again (they are
    cached by descriptor). It is safe because the fetcher only ever serves our
    own fonts, so nothing one document loads can leak into another; it is kept
    per thread because fontconfig and Pango objects are not thread-safe.
    """
    config = getattr(_local, "font_config", None)
    if config is None:
        config = _local.font_config = FontConfiguration()
    return config


@functools.lru_cache(maxsize=16)
def glyph_texts(font_file: bytes, index: int) -> Mapping[int, str]:
    """The text each glyph of a font stands for: its cmap code point, else its AGL name.

    Marks drawn as ligatures (Sarabun's ``uni0E4D0E49`` for nikhahit with mai
    tho) have no cmap entry but a name that spells their characters.
    """
    font = TTFont(io.BytesIO(font_file), fontNumber=index, lazy=True)
    glyph_ids = font.getReverseGlyphMap()
    texts: dict[int, str] = {}
    for codepoint, name in sorted(font.getBestCmap().items()):
        texts.setdefault(glyph_ids[name], chr(codepoint))
    for name, glyph_id in glyph_ids.items():
        if glyph_id not in texts and (text := agl.toUnicode(name)):
            texts[glyph_id] = text
    return texts


def _same_text(first: str, second: str) -> bool:
    """Whether two strings are the same text once compatibility forms are unfolded."""
    return unicodedata.normalize("NFKC", first) == unicodedata.normalize("NFKC", second)


class _GlyphTextMap(dict[int, str]):
    """A font's glyph-to-text map that prefers what the glyph itself stands for.

    WeasyPrint maps each glyph to the text of the first cluster it is drawn in,
    and one glyph has one mapping for the whole PDF. Thai clusters hold several
    glyphs (Sarabun draws ำ as nikhahit plus sara aa), so the sara aa of น้ำ
    made every later า copy as "้ำ". The glyph's own character fixes that,
    except for a ligature such as ﬁ, whose cluster text (fi) is the better copy.
    """

    def __init__(self, texts: Mapping[int, str]) -> None:
        super().__init__()
        self._texts = texts

    def __setitem__(self, glyph_id: int, cluster_text: str) -> None:
        own = self._texts.get(glyph_id)
        if own is None or _same_text(own, cluster_text):
            super().__setitem__(glyph_id, cluster_text)
        else:
            super().__setitem__(glyph_id, own)


class _DocumentFonts(dict[Any, Any]):
    """``Document.fonts`` that gives each font a glyph-to-text map as it is added."""

    def __setitem__(self, key: Any, font: Any) -> None:
        font_file = getattr(font, "file_content", None)
        if isinstance(font_file, bytes):
            font.to_unicode = _GlyphTextMap(glyph_texts(font_file, font.index))
        super().__setitem__(key, font)


def html_to_pdf(html: str) -> bytes:
    """Lay out an HTML document and write it as PDF, loading assets only through the fetcher."""
    return html_to_pdf_pages(html)[0]


def html_to_pdf_pages(html: str) -> tuple[bytes, int]:
    """The PDF of an HTML document and its number of pages; ``RenderTimeout`` past the
    thread's time limit, if it has one."""
    try:
        with interruptible():
            document = weasyprint.HTML(
                string=html, base_url=asset_base_url(), url_fetcher=StaticFilesFetcher()
            ).render(font_config=font_config())
            check_deadline()
            # WeasyPrint 70 adds fonts to this dict while it draws pages in write_pdf:
            # swapped in between, it gives each font the better glyph-to-text map.
            document.fonts = _DocumentFonts()
            return document.write_pdf(), len(document.pages)
    except RenderTimeout:
        # The alarm may have struck while fonts were being registered: the thread's
        # next document starts with a fresh configuration, not a half-built one.
        _local.font_config = None
        raise
