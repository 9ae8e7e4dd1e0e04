"""The 404 page as a member meets it on a phone (DEBUG off, as in every test): the
app's styled layout in Thai, no sideways scrolling, and a link that leads back.

Set SCREENSHOTS to a folder to also save it (404-390.png)."""

import os
from pathlib import Path

from playwright.sync_api import Page, expect

SHOTS = os.environ.get("SCREENSHOTS", "")
PHONE = {"width": 390, "height": 844}


def test_a_member_on_a_phone_finds_the_way_back_from_a_missing_page(
    page: Page, live_server, login, e2e_data
):
    page.set_viewport_size(PHONE)
    login()
    response = page.goto(f"{live_server.url}/n/{e2e_data.network.slug}/people/987654/")
    assert response is not None
    assert response.status == 404

    expect(page.locator("h1")).to_have_text("ไม่พบหน้านี้")
    expect(page.locator("html")).to_have_attribute("lang", "th")
    # Styled by the app's stylesheet (its brand-green top bar), not Django's bare page.
    expect(page.locator("header.topbar")).to_have_css("background-color", "rgb(31, 111, 80)")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    home = page.get_by_role("link", name="กลับไปหน้าแรก")
    expect(home).to_be_visible()
    box = home.bounding_box()
    assert box is not None
    assert box["height"] >= 44  # a thumb-sized target
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / "404-390.png"))

    home.click()
    page.wait_for_url(f"{live_server.url}/n/{e2e_data.network.slug}/")
    expect(page.locator("nav.mainnav")).to_be_visible()
