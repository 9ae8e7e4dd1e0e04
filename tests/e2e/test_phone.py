"""At phone width the pages fit the screen and list tables render as cards."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def assert_fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide"


def assert_rows_are_cards(page) -> None:
    row = page.locator("table.list tbody tr").first
    expect(row).to_be_visible()
    assert row.evaluate("tr => getComputedStyle(tr).display") == "block"
    labelled = page.locator("table.list tbody td[data-label]").first
    label = labelled.get_attribute("data-label")
    before = labelled.evaluate("td => getComputedStyle(td, '::before').content")
    assert label in before
    header = page.locator("table.list thead")
    assert header.evaluate("h => h.getBoundingClientRect().right") <= 0


def test_people_and_partner_pages_fit_a_phone(page, live_server, e2e_data, login):
    page.set_viewport_size(PHONE)
    login()
    base = f"{live_server.url}/n/{e2e_data.network.slug}"

    for path in ("/people/", "/partners/"):
        page.goto(base + path)
        assert_fits(page)
        assert_rows_are_cards(page)

    for path in (
        f"/people/{e2e_data.people[0].pk}/",
        f"/partners/{e2e_data.partner.pk}/",
        "/partners/new/",
    ):
        page.goto(base + path)
        assert_fits(page)
