"""Full-page screenshots of the main pages at phone and desktop widths.

    python scripts/screenshots.py --base-url http://127.0.0.1:8000 --out /tmp/shots \\
        --username secretary --password demo-pass-2550 --network sinpraethong [--lang en]

Logs in through the login form with Playwright on the system Chromium and writes
<lang>-<width>-<nn>-<page>.png files. Needs a running server (``make demo``).
"""

import argparse
import sys
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WIDTHS = (390, 1280)
FIRST_LINK = "table.list tbody td.primary a"


def settle(page: Page) -> None:
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready.then(() => true)")


def first_link(page: Page, base: str, url: str, selector: str = FIRST_LINK) -> str | None:
    """The first row's link on a list page (a village, person or partner)."""
    page.goto(url)
    links = page.locator(selector)
    return base + (links.first.get_attribute("href") or "") if links.count() else None


def _opened_village(page: Page, base: str, url: str) -> str | None:
    """The first programme's board with its first village opened."""
    board = first_link(page, base, url)
    return first_link(page, base, board) if board else None


def page_urls(page: Page, base: str, network: str) -> list[tuple[str, str]]:
    """(name, url) of each page to capture; a detail page is the list's first row."""
    n = f"{base}/n/{network}"
    village = _opened_village(page, base, f"{n}/welfare/")
    application = first_link(page, base, village, "article h3 a") if village else None
    pages = [
        ("home", f"{n}/"),
        ("villages", f"{n}/villages/"),
        ("village", first_link(page, base, f"{n}/villages/")),
        ("people", f"{n}/people/"),
        ("person", first_link(page, base, f"{n}/people/")),
        ("partners", f"{n}/partners/"),
        ("partner", first_link(page, base, f"{n}/partners/")),
        ("partner-new-errors", f"{n}/partners/new/"),
        ("welfare", f"{n}/welfare/"),
        ("welfare-board", first_link(page, base, f"{n}/welfare/")),
        ("welfare-village", village),
        ("welfare-application", application),
    ]
    return [(name, url) for name, url in pages if url]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--out", type=Path, required=True, help="folder for the PNG files")
    parser.add_argument("--username", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--network", required=True, help="the network's slug")
    parser.add_argument("--lang", choices=["th", "en"], default="th")
    args = parser.parse_args()
    base = args.base_url.rstrip("/")
    args.out.mkdir(parents=True, exist_ok=True)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(f"{base}/login/")
        page.locator("input[name=username]").fill(args.username)
        page.locator("input[name=password]").fill(args.password)
        with page.expect_navigation():
            page.locator("form[action='/login/'] button[type=submit]").click()
        if "/login/" in page.url:
            sys.stderr.write("Login failed: check --username and --password.\n")
            return 1

        # The app is Thai unless the language switch says otherwise: use the switch.
        with page.expect_navigation():
            page.locator(f".lang button[value={args.lang}]").click()

        pages = page_urls(page, base, args.network)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            for number, (name, url) in enumerate(pages, start=1):
                page.goto(url)
                if name == "partner-new-errors" and page.locator("#partner-form").count():
                    # Submit the empty form: HTMX swaps in the inline errors.
                    page.locator("#partner-form button[type=submit]").click()
                    page.locator("#partner-form .errorlist").first.wait_for()
                settle(page)
                path = args.out / f"{args.lang}-{width}-{number:02d}-{name}.png"
                page.screenshot(path=str(path), full_page=True)
                sys.stdout.write(f"{path}\n")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
