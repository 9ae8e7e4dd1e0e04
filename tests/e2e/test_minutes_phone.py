"""The minutes page at 390 px in Chromium: jump links, correcting a resolution,
removing and completing action items, focus on a new box, and the conflict view
with who saved the other text and "use the saved text" fetching the latest."""

import re

import pytest
from django.db import OperationalError
from playwright.sync_api import expect

from network.models import ActionItem, ActionStatus, AgendaItem, Resolution

from .conftest import PASSWORD
from .test_minutes import log_in, minutes  # noqa: F401 - the fixture

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def on_phone(page, live_server, e2e_data, minutes) -> list[str]:  # noqa: F811
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
    page.set_viewport_size(PHONE)
    log_in(page, live_server, e2e_data.username)
    page.goto(minutes.url)
    return errors


def wait_until(check, page, timeout_ms: int = 5_000) -> None:
    """Poll ``check``; the test database (SQLite in memory, shared with the live
    server's thread) answers "table is locked" while the server writes: try again."""
    for _ in range(timeout_ms // 100):
        try:
            if check():
                return
        except OperationalError:
            pass
        page.wait_for_timeout(100)
    assert check()


def test_a_jump_link_moves_to_its_section(page, live_server, e2e_data, minutes):  # noqa: F811
    errors = on_phone(page, live_server, e2e_data, minutes)
    section = page.locator("#section-4")
    assert section.bounding_box()["y"] > PHONE["height"], "section 4 starts below the fold"

    page.locator("#jump-links a[href='#section-4']").click()

    expect(page).to_have_url(re.compile(r"#section-4$"))
    wait_until(lambda: 0 <= section.bounding_box()["y"] < 100, page)
    # The attendance is a summary: the first item is near the top, not 3,000 px down.
    page.goto(minutes.url)
    expect(page.locator("#attendance-list")).not_to_have_attribute("open", "")
    assert page.locator(f"#item-{minutes.item.pk}").bounding_box()["y"] < 2_000
    assert errors == []


def test_a_new_resolution_takes_the_focus_and_is_corrected_in_place(
    page,
    live_server,
    e2e_data,
    minutes,  # noqa: F811
):
    errors = on_phone(page, live_server, e2e_data, minutes)
    block = page.locator(f"#item-{minutes.item.pk}")

    block.get_by_role("button", name="เพิ่มมติ").click()

    box = block.locator("textarea.resolution-text")
    expect(box).to_have_count(1)
    expect(box).to_be_focused()
    page.keyboard.type("เห็นชอบให้ซ่อมฝาย", delay=5)
    resolution = Resolution.objects.get(item=minutes.item)
    wait_until(lambda: Resolution.objects.get(pk=resolution.pk).text == "เห็นชอบให้ซ่อมฝาย", page)

    # Corrected: typed over in place and saved again.
    box.fill("เห็นชอบให้ซ่อมฝายหมู่ที่ 3")
    wait_until(lambda: Resolution.objects.get(pk=resolution.pk).text == "เห็นชอบให้ซ่อมฝายหมู่ที่ 3", page)
    # Removed: confirmed, gone from the page and from the minutes.
    page.once("dialog", lambda dialog: dialog.accept())
    block.get_by_role("button", name="ลบมตินี้").click()
    expect(block.locator("textarea.resolution-text")).to_have_count(0)
    assert not Resolution.objects.filter(pk=resolution.pk).exists()
    assert errors == []


def test_an_action_item_is_marked_done_corrected_and_removed(
    page,
    live_server,
    e2e_data,
    minutes,  # noqa: F811
):
    action = ActionItem.objects.create(
        network=minutes.meeting.network, item=minutes.item, description="ซ่อมฝาย"
    )
    errors = on_phone(page, live_server, e2e_data, minutes)
    row = page.locator(f"#action-{action.pk}")

    row.get_by_role("button", name="เสร็จแล้ว").click()
    expect(row.get_by_role("button", name="เปิดใหม่")).to_be_visible()
    assert ActionItem.objects.get(pk=action.pk).status == ActionStatus.DONE

    row.locator("summary", has_text="แก้ไข").click()
    row.locator(f"#action-{action.pk}-description").fill("ซ่อมฝายหมู่ที่ 3")
    row.get_by_role("button", name="บันทึกการแก้ไข").click()
    expect(row.locator(".action-description")).to_have_text("ซ่อมฝายหมู่ที่ 3")
    assert ActionItem.objects.get(pk=action.pk).description == "ซ่อมฝายหมู่ที่ 3"

    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="ลบรายการนี้").click()
    expect(page.locator(f"#action-{action.pk}")).to_have_count(0)
    assert not ActionItem.objects.filter(pk=action.pk).exists()
    assert errors == []


def test_the_conflict_view_says_who_saved_and_use_saved_fetches_the_latest(
    page,
    browser,
    live_server,
    e2e_data,
    minutes,  # noqa: F811
    browser_context_args,
):
    from django.contrib.auth.models import User

    from network.models import Membership
    from network.services.meetings import save_text

    other = User.objects.create_user(
        "e2e-secretary-2", password=PASSWORD, first_name="สมศรี", last_name="รักงาน"
    )
    Membership.objects.create(user=other, network=e2e_data.network, role="secretary")
    context_b = browser.new_context(**browser_context_args, viewport=PHONE)
    page_b = context_b.new_page()
    try:
        errors = on_phone(page, live_server, e2e_data, minutes)
        log_in(page_b, live_server, other.username)
        page_b.goto(minutes.url)
        key = minutes.key

        # B saves first; A, typing on the old version, gets the conflict view.
        page_b.locator(f"#text-{key}").fill("งบ 5,000 บาท ซ่อมฝาย")
        wait_until(lambda: minutes.discussion() == "งบ 5,000 บาท ซ่อมฝาย", page)
        page.locator(f"#text-{key}").fill("งบ 6,000 บาท ซ่อมฝาย")
        panel = page.locator(f"#conflict-{key}")
        expect(panel.locator(".conflict-who")).to_contain_text("สมศรี รักงาน", timeout=5_000)
        expect(panel.locator(".conflict-who time")).to_have_count(1)
        expect(panel.locator(".conflict-theirs ins")).to_have_text("5,000")
        expect(panel.locator(".conflict-mine del")).to_have_text("6,000")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"]

        # Meanwhile B saves again: "use the saved text" takes that, not the copy shown.
        item = AgendaItem.objects.get(pk=minutes.item.pk)
        save_text(obj=item, field="discussion", text="งบ 5,500 บาท", base_version=item.version)
        panel.locator("[data-take-theirs]").click()
        expect(page.locator(f"#text-{key}")).to_have_value("งบ 5,500 บาท")
        expect(panel).to_be_empty()
        # Typing on goes onto the latest version: saved, no new conflict.
        page.locator(f"#text-{key}").press("End")
        page.keyboard.type(" ต่อ", delay=5)
        wait_until(lambda: minutes.discussion() == "งบ 5,500 บาท ต่อ", page)
        assert errors == []
    finally:
        context_b.close()
