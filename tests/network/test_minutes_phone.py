"""The minutes page on a phone and the minutes in print (issue 11, point 4):
jump links, the attendance summary, resolutions and action items corrected or
removed until adoption, unique field ids, the conflict view, the PDF's wording."""

import datetime as dt
import html
import re
from collections import Counter
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from core.pdf import render_pdf_html
from core.roles import Role
from network.minutes import TEMPLATE, minutes_context, word_diff
from network.models import (
    ActionItem,
    ActionStatus,
    AgendaSection,
    Meeting,
    MeetingStatus,
    Resolution,
)
from network.services.meetings import (
    MinutesLocked,
    create_meeting,
    remove_action,
    remove_resolution,
    update_action,
)
from tests.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
    PersonFactory,
    ResolutionFactory,
    VillageFactory,
)

MAR = dt.date(2024, 3, 15)


def url(name: str, meeting: Meeting, *ids: int) -> str:
    return reverse(f"network:{name}", args=[meeting.network.slug, meeting.pk, *ids])


def hx(target: str) -> dict[str, str]:
    return {"HX-Request": "true", "HX-Target": target}


@pytest.fixture
def alice(member):
    return member(Role.SECRETARY)


@pytest.fixture
def meeting(network):
    return MeetingFactory(network=network, date=MAR, status=MeetingStatus.IN_SESSION)


@pytest.fixture
def item(network, meeting):
    return AgendaItemFactory(
        network=network, meeting=meeting, section=AgendaSection.FOR_DECISION, title="เรื่องฝาย"
    )


def lock(meeting: Meeting) -> None:
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.LOCKED)
    meeting.refresh_from_db()


class IdCounter(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: Counter[str] = Counter()

    def handle_starttag(self, tag, attrs) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids[value] += 1


# The page


def test_it_gives_every_element_of_the_page_its_own_id(alice, network, meeting):
    for n in range(3):
        item = AgendaItemFactory(network=network, meeting=meeting, section=4, position=n + 1)
        ActionItemFactory(network=network, item=item, owner=PersonFactory(network=network))
        ResolutionFactory(network=network, item=item)
    AttendanceFactory(network=network, meeting=meeting, village=VillageFactory(network=network))

    response = alice.get(meeting.get_absolute_url())

    parser = IdCounter()
    parser.feed(response.text)
    repeated = {key: n for key, n in parser.ids.items() if n > 1}
    assert repeated == {}
    item_pks = list(meeting.items.values_list("pk", flat=True))
    for pk in item_pks:
        assert parser.ids[f"item-{pk}-description"] == 1


def test_it_links_each_part_of_the_minutes_from_the_top(alice, meeting, item):
    response = alice.get(meeting.get_absolute_url())

    nav = re.search(r'<nav class="jump-links".*?</nav>', response.text, re.S).group(0)
    targets = re.findall(r'href="#([^"]+)"', nav)
    assert targets == [
        "attendance-panel",
        "section-1",
        "section-2",
        "section-3",
        "section-4",
        "section-5",
        "add-item",
    ]
    for target in targets:
        assert f'id="{target}"' in response.text
    assert response.text.index("jump-links") < response.text.index('id="attendance-panel"')


def test_it_sums_the_attendance_up_and_folds_the_list(alice, network, meeting):
    village = VillageFactory(network=network)
    AttendanceFactory(network=network, meeting=meeting, village=village)
    AttendanceFactory(network=network, meeting=meeting, present=False, absence_reason="ไปงานบวช")

    with translation.override("th"):
        response = alice.get(meeting.get_absolute_url())

    text = response.text
    assert "มาประชุม 1 คน ไม่มาประชุม 1 คน" in text
    folded = re.search(r'<details id="attendance-list" class="attendance-list"( open)?>', text)
    assert folded and folded.group(1) is None, "the list is folded on arrival"
    assert '<td class="wrap"' in text


def test_it_keeps_the_attendance_list_open_after_a_change_in_place(alice, network, meeting):
    row = AttendanceFactory(network=network, meeting=meeting)

    response = alice.post(
        url("attendance_mark", meeting, row.pk),
        {"absence_reason": "ป่วย"},
        headers=hx("attendance-panel"),
    )

    assert '<details id="attendance-list" class="attendance-list" open>' in response.text


# Resolutions and action items, until the minutes are adopted


def test_it_removes_a_resolution_and_answers_the_item(alice, network, meeting, item):
    keep = ResolutionFactory(network=network, item=item, text="เห็นชอบ")
    gone = ResolutionFactory(network=network, item=item, text="พิมพ์ผิด")

    response = alice.post(
        url("resolution_delete", meeting, item.pk, gone.pk), headers=hx(f"item-{item.pk}")
    )

    assert response.status_code == 200
    assert f'id="item-{item.pk}"' in response.text
    assert "พิมพ์ผิด" not in response.text
    assert list(Resolution.objects.filter(item=item)) == [keep]
    # The audit history keeps what was removed.
    assert Resolution.history.filter(id=gone.pk, history_type="-").get().text == "พิมพ์ผิด"


def test_it_refuses_to_remove_a_resolution_of_adopted_minutes(alice, network, meeting, item):
    resolution = ResolutionFactory(network=network, item=item, text="เห็นชอบ")
    lock(meeting)

    with pytest.raises(MinutesLocked):
        remove_resolution(resolution=resolution)
    response = alice.post(
        url("resolution_delete", meeting, item.pk, resolution.pk), headers=hx(f"item-{item.pk}")
    )

    assert response.status_code == 422
    assert Resolution.objects.filter(pk=resolution.pk).exists()


def test_it_focuses_the_new_resolution_box(alice, network, meeting, item):
    response = alice.post(url("resolution_create", meeting, item.pk), headers=hx(f"item-{item.pk}"))

    new = Resolution.objects.get(item=item)
    box = re.search(rf'<textarea id="text-resolution-{new.pk}"[^>]*>', response.text).group(0)
    assert " autofocus" in box


def test_it_corrects_an_action_item_in_place(alice, network, meeting, item):
    action = ActionItemFactory(network=network, item=item, description="ซ่อมฝาย")
    owner = PersonFactory(network=network)

    response = alice.post(
        url("action_update", meeting, item.pk, action.pk),
        {"description": "ซ่อมฝายหมู่ที่ 3", "owner": owner.pk, "due_date": "30/11/2567"},
        headers=hx(f"item-{item.pk}"),
    )

    assert response.status_code == 200
    action.refresh_from_db()
    assert (action.description, action.owner, action.due_date) == (
        "ซ่อมฝายหมู่ที่ 3",
        owner,
        dt.date(2024, 11, 30),
    )
    assert "ซ่อมฝายหมู่ที่ 3" in response.text


def test_it_refuses_an_action_without_its_description_in_place(alice, network, meeting, item):
    action = ActionItemFactory(network=network, item=item, description="ซ่อมฝาย")

    response = alice.post(
        url("action_update", meeting, item.pk, action.pk),
        {"description": ""},
        headers=hx(f"item-{item.pk}"),
    )

    assert response.status_code == 422
    assert f'id="action-{action.pk}-description"' in response.text
    action.refresh_from_db()
    assert action.description == "ซ่อมฝาย"


def test_it_removes_an_action_item(alice, network, meeting, item):
    action = ActionItemFactory(network=network, item=item, description="พิมพ์ซ้ำ")

    response = alice.post(
        url("action_delete", meeting, item.pk, action.pk), headers=hx(f"item-{item.pk}")
    )

    assert response.status_code == 200
    assert not ActionItem.objects.filter(pk=action.pk).exists()
    assert ActionItem.history.filter(id=action.pk, history_type="-").exists()


def test_it_refuses_to_correct_or_remove_actions_of_adopted_minutes(network, meeting, item):
    action = ActionItemFactory(network=network, item=item, description="ซ่อมฝาย")
    lock(meeting)
    action.item.meeting.refresh_from_db()

    with pytest.raises(MinutesLocked):
        update_action(action=action, description="อื่น")
    with pytest.raises(MinutesLocked):
        remove_action(action=action)
    action.refresh_from_db()
    assert action.description == "ซ่อมฝาย"


def test_it_keeps_an_action_a_later_meeting_took_up(network, meeting, item):
    action = ActionItemFactory(network=network, item=item, description="ซ่อมฝาย")
    create_meeting(network=network, date=MAR + dt.timedelta(days=30))

    with pytest.raises(ValidationError) as refused:
        remove_action(action=action)

    assert refused.value.code == "carried"
    assert ActionItem.objects.filter(pk=action.pk).exists()


def test_it_marks_an_action_done_in_its_own_meeting(alice, network, meeting, item):
    action = ActionItemFactory(network=network, item=item)
    page = alice.get(meeting.get_absolute_url())
    status_url = url("action_status", meeting, item.pk, action.pk)
    assert f'hx-post="{status_url}" hx-vals=\'{{"status": "done"}}\'' in page.text

    alice.post(status_url, {"status": "done"}, headers=hx(f"item-{item.pk}"))

    action.refresh_from_db()
    assert action.status == ActionStatus.DONE


# The conflict view


def test_it_shows_who_saved_the_other_text_and_when(member, network, meeting, item):
    alice, bob = member(Role.SECRETARY), member(Role.SECRETARY)
    alice.user.first_name, alice.user.last_name = "สมศรี", "รักงาน"
    alice.user.save()
    text_url = url("item_text", meeting, item.pk)
    alice.post(text_url, {"text": "งบ 5,000 บาท ซ่อมฝาย", "version": 1}, headers=hx("x"))

    with translation.override("th"):
        response = bob.post(
            text_url, {"text": "งบ 6,000 บาท ซ่อมฝาย", "version": 1}, headers=hx("x")
        )

    panel = response.text.split('class="conflict"', 1)[1]
    assert "บันทึกโดย สมศรี รักงาน" in panel
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT', panel)
    assert "<ins>5,000</ins>" in panel
    assert "<del>6,000</del>" in panel


def test_it_answers_the_latest_saved_text_to_use_saved(member, network, meeting, item):
    alice, bob = member(Role.SECRETARY), member(Role.SECRETARY)
    text_url = url("item_text", meeting, item.pk)
    alice.post(text_url, {"text": "ฉบับแรก", "version": 1}, headers=hx("x"))
    alice.post(text_url, {"text": "ฉบับล่าสุด", "version": 2}, headers=hx("x"))

    latest = bob.get(text_url).json()

    assert latest["text"] == "ฉบับล่าสุด"
    assert latest["version"] == 3
    assert latest["saved_by"] == (alice.user.get_full_name() or alice.user.get_username())
    assert latest["saved_at"]


def test_it_refuses_the_latest_text_to_readers(member, meeting, item):
    reader = member(Role.VIEWER)

    assert reader.get(url("item_text", meeting, item.pk)).status_code == 403


def test_it_diffs_two_texts_word_by_word():
    diff = word_diff("งบ 6,000 บาท ซ่อมฝาย", "งบ 5,000 บาท ซ่อมฝายหมู่ 3")

    mine = "".join(w for op, w in diff if op != "ins")
    theirs = "".join(w for op, w in diff if op != "del")
    assert mine == "งบ 6,000 บาท ซ่อมฝาย"
    assert theirs == "งบ 5,000 บาท ซ่อมฝายหมู่ 3"
    assert ("del", "6,000") in diff and ("ins", "5,000") in diff
    assert ("same", "งบ ") in diff


# The minutes in print


def minutes_markup(meeting: Meeting) -> str:
    with translation.override("th"):
        return render_pdf_html(TEMPLATE, minutes_context(meeting))


def test_it_prints_resolutions_as_resolutions_of_the_meeting(network, meeting, item):
    ResolutionFactory(network=network, item=item, text="เห็นชอบให้ซ่อมฝาย")

    markup = minutes_markup(meeting)

    assert "<strong>มติที่ประชุม</strong>เห็นชอบให้ซ่อมฝาย" in markup


def test_it_keeps_the_signatures_with_the_closing(network, meeting, item):
    markup = minutes_markup(meeting)

    closing = markup.split('<div class="closing">', 1)[1]
    assert closing.index("เลิกประชุมเวลา") < closing.index('class="signatures-block"')
    assert ".closing { break-inside: avoid; }" in markup


def test_it_never_breaks_a_name_of_a_person_or_place(network, meeting, item):
    VillageFactory(network=network, number=1, name="บ้านลำสินธุ์")
    owner = PersonFactory(network=network, first_name="สมชาย", last_name="ใจดี")
    item.discussion = "ประชุมที่สถานีอนามัยบ้านลำสินธุ์ <ทดลอง>"
    item.save()
    ActionItemFactory(network=network, item=item, description="ไปบ้านลำสินธุ์", owner=owner)

    markup = minutes_markup(meeting)

    assert '<span class="name">บ้านลำสินธุ์</span> &lt;ทดลอง&gt;' in markup
    assert 'ไป<span class="name">บ้านลำสินธุ์</span>' in markup
    assert '<span class="name">ผู้รับผิดชอบ:</span>' in markup
    assert f'<span class="name">{html.escape(owner.full_name)}</span>' in markup
    assert ".name { white-space: nowrap; }" in markup
