"""The picker in Chromium: the secretary types part of a name, moves to the match
with the arrow keys, chooses it with Enter and saves; the saved row names the person.
Set SCREENSHOTS to a folder to also save screenshots of the open picker at phone
and desktop widths."""

import os
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from network.models import ActionItem, AgendaSection
from welfare import services
from welfare.models import Application

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("SCREENSHOTS", "")


def shoot(page, name: str) -> None:
    """Screenshots of the page as it is now, at 390 and 1280 pixels wide."""
    if not SHOTS:
        return
    size = page.viewport_size
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(150)
        # caret="initial": Playwright's caret hiding leaves style="" on every input,
        # which htmx then copies when it settles a swap (a CSP error that is not ours).
        page.screenshot(path=str(Path(SHOTS) / f"picker-{name}-{width}.png"), caret="initial")
    if size:
        page.set_viewport_size(size)


@pytest.fixture
def meeting(e2e_data):
    from django.utils import timezone

    from network.services.meetings import add_agenda_item, create_meeting

    meeting = create_meeting(network=e2e_data.network, date=timezone.localdate(), number=10)
    item = add_agenda_item(meeting=meeting, section=AgendaSection.FOR_DECISION, title="ซ่อมฝายกั้นน้ำ")
    return meeting, item


def test_the_secretary_picks_an_action_owner_with_the_keyboard(
    page, live_server, e2e_data, meeting, login, console_errors
):
    meeting, item = meeting
    malee = e2e_data.people[2]  # นางสาวมาลี ศรีสุข, หมู่ที่ 2
    login()
    page.goto(f"{live_server.url}/n/{e2e_data.network.slug}/meetings/{meeting.pk}/")
    block = page.locator(f"#item-{item.pk}")
    block.get_by_text("เพิ่มสิ่งที่ต้องดำเนินการ").click()
    block.locator("[name=description]").fill("สำรวจฝายที่ชำรุด")

    box = block.get_by_role("combobox")
    box.press_sequentially("มา", delay=60)
    listbox = block.get_by_role("listbox")
    expect(listbox).to_be_visible()
    option = listbox.get_by_role("option", name="นางสาวมาลี ศรีสุข")
    expect(option).to_contain_text("หมู่ที่ 2 บ้านโนนสว่าง")
    expect(box).to_have_attribute("aria-expanded", "true")
    shoot(page, "minutes")

    box.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    box.press("Enter")
    expect(listbox).to_be_hidden()
    chip = block.locator("[data-picker-chip]")
    expect(chip).to_contain_text("นางสาวมาลี ศรีสุข")
    expect(block.locator("input[type=hidden][name=owner]")).to_have_value(str(malee.pk))

    block.get_by_role("button", name="เพิ่ม", exact=True).click()
    expect(page.locator(f"#item-{item.pk} .actions-list")).to_contain_text("นางสาวมาลี ศรีสุข")
    action = ActionItem.objects.get(item=item)
    assert (action.description, action.owner) == ("สำรวจฝายที่ชำรุด", malee)
    assert console_errors == []


def test_the_secretary_picks_an_applicant_and_can_clear_the_choice(
    page, live_server, e2e_data, login, console_errors
):
    programme = services.create_programme(
        network=e2e_data.network,
        name="กองทุนสวัสดิการเยาวชน",
        year=2007,
        total_budget=Decimal("20000"),
    )
    services.set_allocations_equal(programme=programme, amount=Decimal("10000"))
    somchai, boonmee = e2e_data.people[0], e2e_data.people[3]
    login()
    page.goto(
        f"{live_server.url}/n/{e2e_data.network.slug}/welfare/programmes/"
        f"{programme.pk}/applications/new/"
    )
    box = page.get_by_role("combobox", name="ผู้ยื่นคำขอ")
    # By village: both people of หมู่ที่ 1 (บ้านหนองบัว) come back.
    box.press_sequentially("หนองบัว", delay=40)
    listbox = page.get_by_role("listbox")
    expect(listbox.get_by_role("option")).to_have_count(2)
    shoot(page, "application")
    box.press("Escape")
    expect(listbox).to_be_hidden()

    # A first choice, cleared, then the right one by phone-less name search.
    box.press("ArrowDown")
    box.press("Enter")
    expect(page.locator("[data-picker-chip]")).to_contain_text(somchai.full_name)
    page.get_by_role("button", name="ล้างตัวเลือก").click()
    expect(box).to_be_focused()
    box.press_sequentially("บุญ", delay=40)
    expect(listbox.get_by_role("option")).to_have_count(1)
    box.press("ArrowDown")
    box.press("Enter")

    page.locator("[name=purpose]").fill("ทุนเลี้ยงไก่ไข่")
    page.locator("[name=requested_amount]").fill("3000")
    page.get_by_role("button", name="บันทึก").click()
    page.wait_for_url("**/applications/*/")
    expect(page.locator("main")).to_contain_text(boonmee.full_name)
    assert Application.objects.get().applicant == boonmee
    assert console_errors == []
