"""Refusals the user sees, in Chromium, with DEBUG on and off (core/htmx.py).

A refused action comes back in place: the form with its message and what was
typed, opened if it sat in a collapsed section, and nothing changes in the
database. Each test runs twice: with DEBUG on, django-htmx's debug script is on
the page (it replaced the whole page with the bare fragment of a 400 before);
with DEBUG off it is not (htmx then dropped the 4xx and nothing showed).
"""

import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from network.models import ActionItem, AgendaSection, Membership
from network.services.meetings import add_agenda_item, create_meeting
from welfare import services
from welfare.models import Application, ApplicationStatus

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MARKER = "window.__e2eMarker"
DEBUG_SCRIPT = "script[src*='django-htmx']"
# Set SCREENSHOTS to a folder to also save what each refusal looks like.
SHOTS = os.environ.get("SCREENSHOTS", "")


@pytest.fixture(params=[True, False], ids=["debug-on", "debug-off"])
def debug(request, settings) -> bool:
    """DEBUG as the live server reads it on every request (settings are process-wide)."""
    settings.DEBUG = request.param
    return request.param


def check_debug_handler(page: Page, debug: bool) -> None:
    """The page really runs with the DEBUG handler on, or really without it."""
    expect(page.locator(DEBUG_SCRIPT)).to_have_count(1 if debug else 0)


def expect_whole_page(page: Page) -> None:
    """Still the app's page, styled, around the refusal: not a bare fragment in its place."""
    expect(page.locator("nav.mainnav")).to_be_visible()
    expect(page.locator("link[rel=stylesheet][href*='app']")).to_have_count(1)


def shot(page: Page, name: str, debug: bool) -> None:
    """A screenshot to look at, when SCREENSHOTS names a folder."""
    if SHOTS:
        width = page.viewport_size["width"] if page.viewport_size else 0
        state = "debug-on" if debug else "debug-off"
        page.screenshot(path=str(Path(SHOTS) / f"{name}-{width}-{state}.png"), full_page=False)


@pytest.fixture
def board(e2e_data):
    """10,000 baht per village. Village 1: 8,000 approved, a 3,000 request awaiting the
    decision (2,000 left). Village 2: a 4,000 request awaiting the decision."""
    network = e2e_data.network
    committee = User.objects.create_user(
        "e2e-committee", password=e2e_data.password, first_name="บุญเลิศ", last_name="ชูช่วย"
    )
    Membership.objects.create(user=committee, network=network, role="committee")
    programme = services.create_programme(
        network=network, name="สมทบกองทุนสวัสดิการเยาวชน", year=2007, total_budget=Decimal("20000")
    )
    services.set_allocations_equal(programme=programme, amount=Decimal("10000"))

    def under_review(person, amount):
        application = services.create_application(
            programme=programme,
            applicant=person,
            kind="occupational",
            purpose="ทุนตั้งต้นอาชีพเลี้ยงไก่ไข่",
            requested_amount=Decimal(amount),
        )
        services.submit(application=application, actor=None)
        services.start_review(application=application, actor=None)
        return application

    approved = under_review(e2e_data.people[0], "8000")
    services.approve(application=approved, amount=Decimal("8000"), actor=None)
    over_cap = under_review(e2e_data.people[1], "3000")
    village_two = under_review(e2e_data.people[2], "4000")
    return programme, over_cap, village_two


def open_village(page: Page, live_server, e2e_data, programme, number: int) -> None:
    slug = e2e_data.network.slug
    page.goto(f"{live_server.url}/n/{slug}/welfare/programmes/{programme.pk}/")
    page.locator(f"#board-row-{number}").get_by_role("link").click()
    page.wait_for_url(f"**/programmes/{programme.pk}/villages/{number}/")


def approve(card, amount: str) -> None:
    card.locator("summary", has_text="พิจารณา").click()
    card.locator("input[name$='-decision'][value='approve']").check()
    card.locator("input[name$='-amount']").fill(amount)
    card.get_by_role("button", name="บันทึกผลการพิจารณา").click()


def assert_unchanged(application: Application) -> None:
    application.refresh_from_db()
    assert application.status == ApplicationStatus.UNDER_REVIEW
    assert application.approved_amount is None


@pytest.mark.parametrize("width", [390, 1280])
def test_an_approval_over_the_village_cap_is_shown_in_place(
    page, live_server, e2e_data, board, login, console_errors, debug, width
):
    programme, over_cap, _ = board
    page.set_viewport_size({"width": width, "height": 900})
    login("e2e-committee")
    open_village(page, live_server, e2e_data, programme, 1)
    check_debug_handler(page, debug)
    page.evaluate(f"{MARKER} = 'same-page'")

    card = page.locator(f"#application-{over_cap.pk}")
    approve(card, "3000")

    card = page.locator(f"#application-{over_cap.pk}")
    message = card.locator(".form-errors")
    expect(message).to_be_visible()
    expect(message).to_contain_text("2,000.00")
    expect(card.locator("input[name$='-amount']")).to_have_value("3000")
    expect(card.locator("input[name$='-decision'][value='approve']")).to_be_checked()
    # The page is still the board, styled (not a bare fragment), and nothing moved on it.
    assert page.evaluate(f"{MARKER} ?? null") == "same-page"
    expect_whole_page(page)
    expect(page.locator("#board-row-1 [data-remaining]")).to_have_text("2,000.00")
    expect(page.locator("#refusal-live")).to_contain_text("2,000.00")
    shot(page, "board-over-cap", debug)
    assert_unchanged(over_cap)
    assert console_errors == []


def test_an_approval_over_the_request_is_shown_in_place(
    page, live_server, e2e_data, board, login, debug
):
    programme, _, application = board
    login("e2e-committee")
    open_village(page, live_server, e2e_data, programme, 2)
    check_debug_handler(page, debug)

    card = page.locator(f"#application-{application.pk}")
    approve(card, "5000")

    card = page.locator(f"#application-{application.pk}")
    expect(card.locator(".form-errors")).to_be_visible()
    expect(card.locator(".form-errors")).to_contain_text("4,000.00")
    expect(card.locator("input[name$='-amount']")).to_have_value("5000")
    expect_whole_page(page)
    expect(page.locator("#board-row-2")).to_be_visible()
    # The button works again once the answer is in.
    expect(card.get_by_role("button", name="บันทึกผลการพิจารณา")).to_be_enabled()
    assert_unchanged(application)


def test_a_decision_after_someone_elses_is_refused_in_place(
    page, live_server, e2e_data, board, login, debug
):
    programme, _, application = board
    login("e2e-committee")
    open_village(page, live_server, e2e_data, programme, 2)
    check_debug_handler(page, debug)

    # A second page (the same member on another device) decides first.
    other = page.context.new_page()
    other.goto(page.url)
    other_card = other.locator(f"#application-{application.pk}")
    other_card.locator("summary", has_text="พิจารณา").click()
    other_card.locator("input[name$='-decision'][value='reject']").check()
    other_card.locator("textarea[name$='-reason']").fill("ซ้ำกับคำขอเดิม")
    other_card.get_by_role("button", name="บันทึกผลการพิจารณา").click()
    expect(other.locator(f"#application-{application.pk} .badge-rejected")).to_be_visible()
    other.close()

    card = page.locator(f"#application-{application.pk}")
    approve(card, "3500")

    card = page.locator(f"#application-{application.pk}")
    message = card.locator(".form-errors")
    expect(message).to_be_visible()
    expect(message).to_contain_text("เปลี่ยน")  # "changed by someone else", in Thai
    expect(card.locator("input[name$='-amount']")).to_have_value("3500")
    expect_whole_page(page)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    assert application.approved_amount is None


@pytest.fixture
def meeting(e2e_data):
    """A planned meeting with one item for decision, open on its page."""
    import datetime as dt

    meeting = create_meeting(network=e2e_data.network, number=10, date=dt.date(2007, 10, 9))
    item = add_agenda_item(meeting=meeting, section=AgendaSection.FOR_DECISION, title="ซ่อมฝายกั้นน้ำ")
    return meeting, item


def open_action_form(page: Page, live_server, e2e_data, meeting, item):
    page.goto(f"{live_server.url}/n/{e2e_data.network.slug}/meetings/{meeting.pk}/")
    block = page.locator(f"#item-{item.pk}")
    block.locator("summary", has_text="เพิ่มสิ่งที่ต้องดำเนินการ").click()
    return block


@pytest.mark.parametrize("width", [390, 1280])
def test_an_impossible_due_date_is_shown_in_place(
    page, live_server, e2e_data, meeting, login, debug, width
):
    meeting, item = meeting
    page.set_viewport_size({"width": width, "height": 900})
    login()
    block = open_action_form(page, live_server, e2e_data, meeting, item)
    check_debug_handler(page, debug)

    block.locator("input[name=description]").fill("ซ่อมประตูน้ำ")
    block.locator("input[name=due_date]").fill("32/13/2550")
    block.get_by_role("button", name="เพิ่ม", exact=True).click()

    block = page.locator(f"#item-{item.pk}")
    due = block.locator("input[name=due_date]")
    # The section is open again, the error under the field, the input kept and focused.
    expect(block.locator("details.add-box[open] .errorlist")).to_be_visible()
    expect(due).to_have_value("32/13/2550")
    expect(due).to_be_focused()
    expect(block.locator("input[name=description]")).to_have_value("ซ่อมประตูน้ำ")
    expect_whole_page(page)
    shot(page, "action-item-date", debug)
    assert not ActionItem.objects.exists()


def test_an_action_item_without_description_is_shown_in_place(
    page, live_server, e2e_data, meeting, login, debug
):
    meeting, item = meeting
    login()
    block = open_action_form(page, live_server, e2e_data, meeting, item)
    check_debug_handler(page, debug)

    block.locator("input[name=due_date]").fill("31/10/2550")
    block.get_by_role("button", name="เพิ่ม", exact=True).click()

    block = page.locator(f"#item-{item.pk}")
    description = block.locator("input[name=description]")
    expect(block.locator("details.add-box[open] .errorlist")).to_be_visible()
    expect(description).to_be_focused()
    expect(block.locator("input[name=due_date]")).to_have_value("31/10/2550")
    expect_whole_page(page)
    assert not ActionItem.objects.exists()


def test_a_button_is_disabled_while_its_request_runs(
    page, live_server, e2e_data, meeting, login, debug
):
    """Two clicks on a slow answer add one action item, not two."""
    meeting, item = meeting
    login()
    block = open_action_form(page, live_server, e2e_data, meeting, item)
    block.locator("input[name=description]").fill("ซ่อมประตูน้ำ")

    def slow(route):
        page.wait_for_timeout(700)
        route.continue_()

    page.route("**/actions/**", slow)
    button = block.get_by_role("button", name="เพิ่ม", exact=True)
    button.click()
    expect(button).to_be_disabled()
    button.click(force=True)
    expect(page.locator(f"#item-{item.pk} .actions-list, #item-{item.pk} ul")).not_to_have_count(0)
    page.wait_for_timeout(1500)
    assert ActionItem.objects.filter(description="ซ่อมประตูน้ำ").count() == 1
