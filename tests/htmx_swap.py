"""What the browser shows of an HTMX response: whether htmx swaps it, and what into the target.

htmx 2 decides from the status code alone, through ``htmx.config.responseHandling``:
by default a 2xx other than 204 is swapped and a 4xx or 5xx is dropped, so a refusal
answered with a 400 shows the user nothing, whatever its body says. The app may
change the list in base.html's ``<meta name="htmx-config">``; ``swapped`` reads the
same list, so a test asks the question the browser answers. If the list is set in
JavaScript instead (static/js), copy its entries to ``APP_RESPONSE_HANDLING`` here:
the helper fails until then rather than judge by the wrong list.
"""

from __future__ import annotations

import json
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import get_template

# htmx 2.0's default (htmx.config.responseHandling), in the order it is tried.
HTMX_DEFAULT_RESPONSE_HANDLING: list[dict[str, Any]] = [
    {"code": "204", "swap": False},
    {"code": "[23]..", "swap": True},
    {"code": "[45]..", "swap": False, "error": True},
]
# Entries the app sets outside base.html's meta tag (none today).
APP_RESPONSE_HANDLING: list[dict[str, Any]] = []

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


class _HtmxConfig(HTMLParser):
    """The content of ``<meta name="htmx-config">``, however it is quoted."""

    def __init__(self) -> None:
        super().__init__()
        self.content: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta" and values.get("name") == "htmx-config":
            self.content = values.get("content") or "{}"


@cache
def response_handling() -> list[dict[str, Any]]:
    """The response handling the page's htmx runs with."""
    parser = _HtmxConfig()
    parser.feed(get_template("base.html").template.source)
    config = json.loads(parser.content) if parser.content else {}
    scripts = Path(settings.BASE_DIR, "static", "js")
    set_in_js = [p.name for p in scripts.glob("*.js") if "responseHandling" in p.read_text()]
    assert not set_in_js or APP_RESPONSE_HANDLING, (
        f"{set_in_js} set htmx's responseHandling: copy its entries to APP_RESPONSE_HANDLING "
        "in tests/htmx_swap.py"
    )
    return APP_RESPONSE_HANDLING + config.get("responseHandling", HTMX_DEFAULT_RESPONSE_HANDLING)


def htmx_swaps(status: int) -> bool:
    """Whether htmx puts a response with this status into the page."""
    for rule in response_handling():
        if re.search(rule["code"], str(status)):
            return bool(rule.get("swap"))
    return False


class _MainPart(HTMLParser):
    """The response less its top-level out-of-band elements: what goes into the target."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.parts: list[str] = []
        self.depth = 0
        self.skipping_at: int | None = None

    def _keep(self, text: str) -> None:
        if self.skipping_at is None:
            self.parts.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if (
            self.depth == 0
            and self.skipping_at is None
            and any(name == "hx-swap-oob" for name, _value in attrs)
        ):
            self.skipping_at = 0
        self._keep(self.get_starttag_text() or "")
        if tag not in VOID:
            self.depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._keep(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        self._keep(f"</{tag}>")
        self.depth -= 1
        if self.depth == self.skipping_at:
            self.skipping_at = None

    def handle_data(self, data: str) -> None:
        self._keep(data)

    def handle_entityref(self, name: str) -> None:
        self._keep(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._keep(f"&#{name};")


def swapped(response: HttpResponse) -> str:
    """The HTML that htmx puts into the request's target; fails if htmx would drop it."""
    assert htmx_swaps(response.status_code), (
        f"htmx drops a {response.status_code} (responseHandling {response_handling()}): "
        "the user would see nothing of this response"
    )
    assert response.get("HX-Reswap") != "none", "HX-Reswap: none: nothing is swapped"
    text = response.content.decode()
    assert "<html" not in text, "a whole page, not a fragment, would be swapped into the target"
    parser = _MainPart()
    parser.feed(text)
    parser.close()
    return "".join(parser.parts)
