"""A committee member's round on the welfare board, in Chromium: open the board,
open a village, review and approve an application, and watch the village's
remaining amount change on the board row and the village totals without a reload."""

import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from network.models import Household, Membership, Person
from welfare import services
from welfare.models import Application, ApplicationStatus, Review

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MARKER = "window.__e2eMarker"


@pytest.fixture
def board(e2e_data):
    """A youth programme: 10,000 baht per village; two applications awaiting review."""
    network = e2e_data.network
    committee = User.objects.create_user(
        "e2e-committee", password=e2e_data.password, first_name="บุญเลิศ", last_name="ชูช่วย"
    )
    Membership.objects.create(user=committee, network=network, role="committee")
    programme = services.create_programme(
        network=network, name="สมทบกองทุนสวัสดิการเยาวชน", year=2007, total_budget=Decimal("20000")
    )
    services.set_allocations_equal(programme=programme, amount=Decimal("10000"))
    applications = []
    for person, amount in ((e2e_data.people[2], "3500"), (e2e_data.people[3], "4000")):
        application = services.create_application(
            programme=programme,
            applicant=person,
            kind="occupational",
            purpose="ทุนตั้งต้นอาชีพเลี้ยงไก่ไข่",
            requested_amount=Decimal(amount),
        )
        services.submit(application=application, actor=None)
        services.start_review(application=application, actor=None)
        applications.append(application)
    return programme, applications


def test_committee_reviews_and_approves_in_place(
    page, live_server, e2e_data, board, login, console_errors
):
    programme, (first, _second) = board
    slug = e2e_data.network.slug
    login("e2e-committee")

    # The board, from the main menu; the village awaiting this member's review comes first.
    page.locator(f"nav.mainnav a[href='/n/{slug}/welfare/']").click()
    page.get_by_role("link", name="สมทบกองทุนสวัสดิการเยาวชน").click()
    page.wait_for_url(f"{live_server.url}/n/{slug}/welfare/programmes/{programme.pk}/")
    rows = page.locator("#board tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_have_attribute("id", "board-row-2")
    row = page.locator("#board-row-2")
    expect(row.locator("[data-remaining]")).to_have_text("10,000.00")
    expect(row).to_contain_text("2")  # awaiting review
    page.evaluate(f"{MARKER} = 'same-page'")

    # Open the village in place: its panel loads, the URL follows.
    row.get_by_role("link").click()
    card = page.locator(f"#application-{first.pk}")
    expect(card).to_be_visible()
    expect(card).to_contain_text("มาลี ศรีสุข")
    page.wait_for_url(f"**/programmes/{programme.pk}/villages/2/")
    expect(page.locator("#village-remaining")).to_have_text("10,000.00")

    # Review: recommend, with a comment.
    card.locator("input[name$='-recommendation'][value='yes']").check()
    card.locator("textarea[name$='-comment']").fill("ตั้งใจจริง มีแผนขายไข่ในหมู่บ้าน")
    card.get_by_role("button", name="บันทึกความเห็น").click()
    expect(page.locator(f"#application-{first.pk} .badge-active")).to_be_visible()

    # Decide: approve 3,000 of the 3,500 requested.
    card = page.locator(f"#application-{first.pk}")
    card.locator("summary", has_text="พิจารณา").click()
    card.locator("input[name$='-decision'][value='approve']").check()
    card.locator("input[name$='-amount']").fill("3000")
    card.get_by_role("button", name="บันทึกผลการพิจารณา").click()

    # The card, the village totals and the board row change; the page did not reload.
    expect(page.locator(f"#application-{first.pk} .badge-approved")).to_be_visible()
    expect(page.locator("#village-remaining")).to_have_text("7,000.00")
    expect(page.locator("#board-row-2 [data-remaining]")).to_have_text("7,000.00")
    expect(page.locator("#board-totals")).to_contain_text("17,000.00")
    assert page.evaluate(f"{MARKER} ?? null") == "same-page"

    first.refresh_from_db()
    assert (first.status, first.approved_amount) == (ApplicationStatus.APPROVED, Decimal("3000"))
    assert Review.objects.get(application=first).recommendation == "yes"
    assert Application.objects.filter(status=ApplicationStatus.UNDER_REVIEW).count() == 1
    assert console_errors == []


# Set SCREENSHOTS to a folder to also save the application page as the relative sees it.
SHOTS = os.environ.get("SCREENSHOTS", "")


def test_a_committee_member_of_the_applicants_household_can_neither_review_nor_decide(
    page, live_server, e2e_data, board, login, console_errors
):
    programme, (first, second) = board
    slug = e2e_data.network.slug
    # The committee member is, as a person of the network, in the first applicant's household.
    applicant = e2e_data.people[2]
    household = Household.objects.create(
        network=e2e_data.network, village=applicant.village, house_number="45/1"
    )
    Person.objects.filter(pk=applicant.pk).update(household=household)
    relative = Person.objects.create(
        network=e2e_data.network,
        title="นาย",
        first_name="บุญเลิศ",
        last_name="ศรีสุข",
        village=applicant.village,
        household=household,
    )
    Membership.objects.filter(user__username="e2e-committee").update(person=relative)
    login("e2e-committee")

    # The board counts only the other application as awaiting this member's review.
    page.goto(f"{live_server.url}/n/{slug}/welfare/programmes/{programme.pk}/")
    expect(page.locator("#mine-note")).to_contain_text("1")
    expect(page.locator("#board-row-2")).to_contain_text("รอท่าน 1")

    # The application page: the notice, and neither a review nor a decision form.
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/n/{slug}/welfare/applications/{first.pk}/")
        expect(page.locator("p.notice", has_text="ครัวเรือนเดียวกับผู้ขอรับทุน")).to_be_visible()
        expect(page.locator(f"form[action$='/applications/{first.pk}/decision/']")).to_have_count(0)
        expect(page.locator(f"form[action$='/applications/{first.pk}/review/']")).to_have_count(0)
        if SHOTS:
            page.screenshot(
                path=str(Path(SHOTS) / f"conflict-application-{width}.png"), full_page=True
            )

    # The other application, outside their household, they may decide.
    page.goto(f"{live_server.url}/n/{slug}/welfare/applications/{second.pk}/")
    expect(page.locator(f"form[action$='/applications/{second.pk}/decision/']")).to_have_count(1)
    first.refresh_from_db()
    assert first.status == ApplicationStatus.UNDER_REVIEW
    assert console_errors == []
