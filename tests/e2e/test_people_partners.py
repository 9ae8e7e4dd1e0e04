"""A secretary's day in the browser: search people, propose a partner, vet it."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from network.models import Partner, PartnerStatus

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MARKER = "window.__e2eMarker"


def set_marker(page) -> None:
    """Mark the window: a full page load forgets it, an HTMX swap keeps it."""
    page.evaluate(f"{MARKER} = 'same-page'")


def marker(page):
    return page.evaluate(f"{MARKER} ?? null")


def test_secretary_searches_people_proposes_and_vets_partner(
    page, live_server, e2e_data, login, console_errors
):
    slug = e2e_data.network.slug
    login()
    # Thai by default, whatever the browser asks for (see browser_context_args).
    expect(page.locator("html")).to_have_attribute("lang", "th")
    expect(page.locator("nav.mainnav")).to_be_visible()

    # People: the active search narrows the results in place and pushes ?q=.
    page.locator(f"nav.mainnav a[href='/n/{slug}/people/']").click()
    page.wait_for_url(f"{live_server.url}/n/{slug}/people/")
    rows = page.locator("#results tbody tr")
    expect(rows).to_have_count(len(e2e_data.people))
    set_marker(page)
    page.get_by_role("searchbox").fill("มาลี")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("มาลี ศรีสุข")
    page.wait_for_url(re.compile(r"/people/\?(.*&)?q="))
    assert parse_qs(urlsplit(page.url).query)["q"] == ["มาลี"]
    assert marker(page) == "same-page"

    # Partners: propose one, first with the name left empty.
    page.locator(f"nav.mainnav a[href='/n/{slug}/partners/']").click()
    page.wait_for_url(f"{live_server.url}/n/{slug}/partners/")
    page.locator(f"a.button[href='/n/{slug}/partners/new/']").click()
    page.wait_for_url(f"{live_server.url}/n/{slug}/partners/new/")
    set_marker(page)
    form = page.locator("#partner-form")
    form.locator("select[name=kind]").select_option("ngo")
    form.locator("input[name=contact_name]").fill("คุณวิภา")
    form.locator("button[type=submit]").click()
    expect(page.locator("#partner-form #id_name_error")).to_be_visible()
    expect(page.locator("#partner-form input[name=name]")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#partner-form .form-errors")).to_be_visible()
    # The bound form keeps what was typed.
    expect(page.locator("#partner-form input[name=contact_name]")).to_have_value("คุณวิภา")
    assert Partner.objects.filter(network=e2e_data.network).count() == 1
    assert marker(page) == "same-page"

    page.locator("#partner-form input[name=name]").fill("มูลนิธิพัฒนาชุมชนอีสาน")
    page.locator("#partner-form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/n/{slug}/partners/\d+/$"))
    expect(page.locator("h1")).to_have_text("มูลนิธิพัฒนาชุมชนอีสาน")
    vetting = page.locator("#vetting")
    expect(vetting.locator("h2 .badge-proposed")).to_be_visible()
    expect(page.locator("#messages .message.success")).to_have_count(1)
    partner = Partner.objects.get(network=e2e_data.network, name="มูลนิธิพัฒนาชุมชนอีสาน")
    assert partner.status == PartnerStatus.PROPOSED
    assert page.url.endswith(f"/n/{slug}/partners/{partner.pk}/")
    assert marker(page) == "same-page"
    history = vetting.locator("ol > li")
    expect(history).to_have_count(1)

    # Vetting: the decision swaps in the new badge and history without a reload.
    vetting.locator("select[name=to_status]").select_option("vetted")
    vetting.locator("textarea[name=reason]").fill("ตรวจสอบการจดทะเบียนมูลนิธิแล้ว")
    vetting.locator("button[type=submit]").click()
    expect(page.locator("#vetting h2 .badge-vetted")).to_be_visible()
    history = page.locator("#vetting ol > li")
    expect(history).to_have_count(2)
    expect(history.first).to_contain_text("ตรวจสอบการจดทะเบียนมูลนิธิแล้ว")
    expect(page.locator("#messages .message.success")).to_have_count(1)
    assert marker(page) == "same-page"
    partner.refresh_from_db()
    assert partner.status == PartnerStatus.VETTED
    assert partner.status_changes.count() == 2

    assert console_errors == []


def test_expired_session_during_htmx_request_goes_to_login(
    page, context, live_server, e2e_data, login
):
    slug = e2e_data.network.slug
    login()
    page.goto(f"{live_server.url}/n/{slug}/people/")
    expect(page.locator("#results tbody tr")).to_have_count(len(e2e_data.people))
    set_marker(page)

    context.clear_cookies()
    page.get_by_role("searchbox").fill("สม")

    page.wait_for_url(re.compile(r"/login/\?next="))
    assert parse_qs(urlsplit(page.url).query)["next"] == [f"/n/{slug}/people/"]
    expect(page.locator("input[name=password]")).to_be_visible()
    expect(page.locator("#results")).to_have_count(0)
    assert marker(page) is None, "the login page should be a full page load"
