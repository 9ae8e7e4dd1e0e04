"""Meeting pages: live autosave with conflicts, the in-place actions, the forms, and roles.

Alice and Bob are secretaries of network A taking the same minutes ("two people");
in-place actions are posted as HTMX would post them and answer with a fragment.
"""

import dataclasses
import datetime as dt
import html
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from core.roles import Role, Workstream
from network import progress
from network.meeting_forms import AgendaItemForm
from network.models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    AgendaSection,
    Amendment,
    Attendance,
    AttendanceKind,
    Meeting,
    MeetingStatus,
    Resolution,
)
from network.progress import (
    ProgressSummary,
)
from network.services.meetings import create_meeting
from tests.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
    PersonFactory,
    ResolutionFactory,
    VillageFactory,
)

JAN = dt.date(2024, 1, 15)
FEB = dt.date(2024, 2, 15)
MAR = dt.date(2024, 3, 15)


def th(message: str, **values: object) -> str:
    """A message as a Thai user reads it."""
    with translation.override("th"):
        text = gettext(message)
    return text % values if values else text


def url(name: str, meeting: Meeting, *ids: int) -> str:
    return reverse(f"network:{name}", args=[meeting.network.slug, meeting.pk, *ids])


def hx(target: str) -> dict[str, str]:
    return {"HX-Request": "true", "HX-Target": target}


def messages_in(response) -> list[str]:
    """The messages a response shows: out-of-band in a fragment, or on a full page."""
    return [
        html.unescape(m)
        for m in re.findall(r'<div class="message [^"]*">(.*?)</div>', response.text)
    ]


def add_item_form(response) -> str:
    """The "add an agenda item" form of a response (the agenda fragment or the page)."""
    match = re.search(r'<section class="card" id="add-item">.*?</form>', response.text, re.S)
    assert match, "no add-item form in the response"
    return match.group(0)


def followed_messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


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


@pytest.fixture
def resolution(network, item):
    return ResolutionFactory(network=network, item=item, text="")


# Autosave: one text field of an item or a resolution


@dataclasses.dataclass
class LiveText:
    obj: AgendaItem | Resolution
    field: str
    url: str
    key: str

    @property
    def headers(self) -> dict[str, str]:
        return hx(f"state-{self.key}")

    def stored(self) -> tuple[str, int]:
        self.obj.refresh_from_db()
        return getattr(self.obj, self.field), self.obj.version


@pytest.fixture(params=["item", "resolution"])
def live(request, meeting, item, resolution) -> LiveText:
    if request.param == "item":
        return LiveText(item, "discussion", url("item_text", meeting, item.pk), f"item-{item.pk}")
    return LiveText(
        resolution,
        "text",
        url("resolution_text", meeting, item.pk, resolution.pk),
        f"resolution-{resolution.pk}",
    )


def version_oob(html_text: str, key: str) -> str | None:
    match = re.search(
        rf'<input type="hidden" id="version-{key}" name="version" value="(\d+)" '
        r'hx-swap-oob="true">',
        html_text,
    )
    return match.group(1) if match else None


def keep_my_text_version(html_text: str) -> str:
    """The version the "Keep my text" button posts."""
    match = re.search(r"""hx-vals='\{"version": "(\d+)"\}'""", html_text)
    assert match, html_text
    return match.group(1)


def test_it_autosaves_live_text_and_answers_the_save_state(alice, live):
    response = alice.post(
        live.url, {"text": "ที่ประชุมหารือเรื่องฝาย", "version": 1}, headers=live.headers
    )

    assert response.status_code == 200
    assert "<html" not in response.text
    assert f'id="state-{live.key}" class="save-state saved"' in response.text
    assert version_oob(response.text, live.key) == "2"
    assert 'class="conflict"' not in response.text
    assert live.stored() == ("ที่ประชุมหารือเรื่องฝาย", 2)


def test_it_shows_the_later_of_two_people_both_texts(member, live):
    alice, bob = member(Role.SECRETARY), member(Role.SECRETARY)
    alice.post(live.url, {"text": "ข้อความของอลิซ", "version": 1}, headers=live.headers)

    response = bob.post(live.url, {"text": "ข้อความของบ็อบ", "version": 1}, headers=live.headers)

    assert response.status_code == 200
    assert "<html" not in response.text
    assert f'id="state-{live.key}" class="save-state conflict"' in response.text
    conflict = response.text.split(f'<div id="conflict-{live.key}" class="conflict"', 1)
    assert len(conflict) == 2, response.text
    assert "ข้อความของบ็อบ" in conflict[1]
    assert "ข้อความของอลิซ" in conflict[1]
    assert version_oob(response.text, live.key) is None
    assert keep_my_text_version(response.text) == "2"
    assert live.stored() == ("ข้อความของอลิซ", 2)


def test_it_saves_my_text_when_i_keep_it_after_a_conflict(member, live):
    alice, bob = member(Role.SECRETARY), member(Role.SECRETARY)
    alice.post(live.url, {"text": "ข้อความของอลิซ", "version": 1}, headers=live.headers)
    conflict = bob.post(live.url, {"text": "ข้อความของบ็อบ", "version": 1}, headers=live.headers)

    kept = bob.post(
        live.url,
        {"text": "ข้อความของบ็อบ", "version": keep_my_text_version(conflict.text)},
        headers=live.headers,
    )

    assert 'class="save-state saved"' in kept.text
    assert version_oob(kept.text, live.key) == "3"
    assert live.stored() == ("ข้อความของบ็อบ", 3)


@pytest.mark.parametrize("version", [None, "", "abc", "2.0", "1e3"])
def test_it_refuses_a_save_without_a_valid_version(alice, live, version):
    data = {"text": "ข้อความใหม่"}
    if version is not None:
        data["version"] = version

    response = alice.post(live.url, data, headers=live.headers)

    assert response.status_code == 400
    assert live.stored() == ("", 1)


def test_it_refuses_live_text_on_locked_minutes(alice, live, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.LOCKED)

    response = alice.post(live.url, {"text": "แก้ทีหลัง", "version": 1}, headers=live.headers)

    assert response.status_code == 409
    assert th("These minutes are adopted and locked: record an amendment instead.") in (
        response.text
    )
    assert live.stored() == ("", 1)


def test_it_redirects_a_plain_autosave_to_the_meeting(alice, live, meeting):
    response = alice.post(live.url, {"text": "ไม่มีจาวาสคริปต์", "version": 1})

    assert response.status_code == 302
    assert response["Location"] == meeting.get_absolute_url()
    assert live.stored() == ("ไม่มีจาวาสคริปต์", 2)


def test_it_tells_a_plain_stale_save_that_it_was_not_saved(member, live, meeting):
    alice, bob = member(Role.SECRETARY), member(Role.SECRETARY)
    alice.post(live.url, {"text": "ของอลิซ", "version": 1})

    response = bob.post(live.url, {"text": "ของบ็อบ", "version": 1}, follow=True)

    assert response.redirect_chain == [(meeting.get_absolute_url(), 302)]
    assert th("Someone else saved this text first; yours was not saved.") in followed_messages(
        response
    )
    assert live.stored() == ("ของอลิซ", 2)


def test_it_stores_crlf_as_lf(alice, live):
    alice.post(live.url, {"text": "บรรทัดแรก\r\nบรรทัดสอง\r\n", "version": 1}, headers=live.headers)
    assert live.stored() == ("บรรทัดแรก\nบรรทัดสอง\n", 2)


def test_it_refuses_live_text_with_a_null_character_and_says_why(alice, live):
    response = alice.post(live.url, {"text": "มติ\x00ที่ประชุม", "version": 1}, headers=live.headers)

    assert response.status_code == 400
    assert th("Null characters are not allowed.") in response.text
    assert th("Null characters are not allowed.") != "Null characters are not allowed."
    assert live.stored() == ("", 1)


def test_it_tells_a_plain_autosave_with_a_null_character_that_it_was_not_saved(
    alice, live, meeting
):
    response = alice.post(live.url, {"text": "มติ\x00", "version": 1}, follow=True)

    assert response.redirect_chain == [(meeting.get_absolute_url(), 302)]
    assert th("Null characters are not allowed.") in followed_messages(response)
    assert live.stored() == ("", 1)


def test_it_does_not_save_text_of_an_item_of_another_meeting(alice, network, live):
    other = MeetingFactory(network=network, date=FEB)
    wrong = re.sub(r"/meetings/\d+/", f"/meetings/{other.pk}/", live.url)

    response = alice.post(wrong, {"text": "ผิดที่", "version": 1}, headers=live.headers)

    assert response.status_code == 404
    assert live.stored() == ("", 1)


# Agenda items


def item_titles(meeting: Meeting) -> list[str]:
    return list(meeting.items.order_by("section", "position").values_list("title", flat=True))


def test_it_adds_an_item_and_answers_the_agenda(alice, meeting, item):
    response = alice.post(
        url("item_create", meeting),
        {"section": AgendaSection.OTHER, "title": "เรื่องงานบุญประจำปี", "workstream": "welfare"},
        headers=hx("agenda"),
    )

    assert response.status_code == 200
    assert "<html" not in response.text
    assert response.text.lstrip().startswith('<div id="agenda">')
    new = meeting.items.get(title="เรื่องงานบุญประจำปี")
    assert (new.section, new.position, new.workstream) == (5, 1, "welfare")
    assert f'id="item-{new.pk}"' in response.text
    assert f'id="item-{item.pk}"' in response.text
    assert messages_in(response) == []


def test_it_numbers_a_new_item_after_the_last_of_its_section(alice, meeting, item):
    alice.post(
        url("item_create", meeting),
        {"section": item.section, "title": "เรื่องที่สอง", "workstream": "general"},
        headers=hx("agenda"),
    )
    assert meeting.items.get(title="เรื่องที่สอง").position == item.position + 1


def test_it_refuses_an_item_in_section_2_with_a_message(alice, meeting):
    data = {"section": AgendaSection.PREVIOUS_MINUTES, "title": "รับรองเอง", "workstream": "general"}
    with translation.override("th"):
        expected = AgendaItemForm(data).errors["section"][0]

    response = alice.post(url("item_create", meeting), data, headers=hx("agenda"))

    # Refused in place: the agenda's add form again, with the message and the title typed.
    assert response.status_code == 422
    form = add_item_form(response)
    assert html.escape(expected) in form
    assert 'value="รับรองเอง"' in form
    assert not meeting.items.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"section": 4, "title": "", "workstream": "general"},
        {"section": 9, "title": "เรื่อง", "workstream": "general"},
        {"section": 4, "title": "เรื่อง", "workstream": "nonsense"},
        {"section": 4, "title": "ก" * 301, "workstream": "general"},
    ],
)
def test_it_adds_no_item_from_an_invalid_form(alice, meeting, data):
    response = alice.post(url("item_create", meeting), data, headers=hx("agenda"))
    assert response.status_code == 422
    assert 'class="errorlist"' in add_item_form(response)
    assert not meeting.items.exists()


def test_it_adds_no_item_to_locked_minutes(alice, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.LOCKED)
    response = alice.post(
        url("item_create", meeting),
        {"section": 4, "title": "เรื่องใหม่", "workstream": "general"},
        headers=hx("agenda"),
    )
    assert th("These minutes are adopted and locked: record an amendment instead.") in (
        messages_in(response)
    )
    assert not meeting.items.exists()


def test_it_redirects_a_plain_item_create(alice, meeting):
    response = alice.post(
        url("item_create", meeting), {"section": 1, "title": "แจ้งให้ทราบ", "workstream": "general"}
    )
    assert response["Location"] == meeting.get_absolute_url()
    assert item_titles(meeting) == ["แจ้งให้ทราบ"]


# Resolutions and action items


def test_it_adds_a_resolution_and_answers_the_item(alice, meeting, item):
    response = alice.post(url("resolution_create", meeting, item.pk), headers=hx(f"item-{item.pk}"))

    assert response.status_code == 200
    assert "<html" not in response.text
    assert response.text.lstrip().startswith(f'<article id="item-{item.pk}"')
    new = Resolution.objects.get(item=item)
    assert (new.text, new.position, new.network) == ("", 1, meeting.network)
    assert f'id="text-resolution-{new.pk}"' in response.text


def test_it_adds_no_resolution_to_locked_minutes(alice, meeting, item):
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.LOCKED)
    response = alice.post(url("resolution_create", meeting, item.pk), headers=hx(f"item-{item.pk}"))
    assert th("These minutes are adopted and locked: record an amendment instead.") in (
        messages_in(response)
    )
    assert not Resolution.objects.exists()


def test_it_adds_no_resolution_with_a_null_character(alice, meeting, item):
    response = alice.post(
        url("resolution_create", meeting, item.pk),
        {"text": "อนุมัติ\x00"},
        headers=hx(f"item-{item.pk}"),
    )

    assert response.status_code == 200
    assert th("Null characters are not allowed.") in messages_in(response)
    assert not Resolution.objects.exists()


def test_it_adds_an_action_with_a_due_date_typed_in_be(alice, network, meeting, item):
    owner = PersonFactory(network=network, first_name="สมศรี")

    response = alice.post(
        url("action_create", meeting, item.pk),
        {"description": "ซ่อมฝายหมู่ที่ 3", "owner": owner.pk, "due_date": "31/10/2550"},
        headers=hx(f"item-{item.pk}"),
    )

    assert response.status_code == 200
    action = ActionItem.objects.get()
    assert (action.item, action.network, action.owner) == (item, network, owner)
    assert action.due_date == dt.date(2007, 10, 31)
    assert action.status == ActionStatus.OPEN
    assert "ซ่อมฝายหมู่ที่ 3" in response.text
    assert "31 ตุลาคม 2550" in response.text


@pytest.mark.parametrize(
    "data",
    [
        {"description": "", "due_date": "31/10/2550"},
        {"description": "ซ่อมฝาย", "due_date": "31/02/2550"},
        {"description": "ซ่อมฝาย", "due_date": "พรุ่งนี้"},
        {"description": "ซ่อมฝาย", "owner": "999999"},
    ],
)
def test_it_adds_no_action_from_an_invalid_form(alice, meeting, item, data):
    response = alice.post(
        url("action_create", meeting, item.pk), data, headers=hx(f"item-{item.pk}")
    )
    # Refused in place: the item again, its action form open with the errors and the input.
    assert response.status_code == 422
    assert response.text.lstrip().startswith(f'<article id="item-{item.pk}"')
    assert '<details class="add-box" open>' in response.text
    assert 'class="errorlist"' in response.text
    if data["description"]:
        assert f'value="{data["description"]}"' in response.text
    assert not ActionItem.objects.exists()


def test_it_offers_no_owner_from_another_network(alice, other_network, meeting, item):
    outsider = PersonFactory(network=other_network)
    response = alice.post(
        url("action_create", meeting, item.pk),
        {"description": "ซ่อมฝาย", "owner": outsider.pk},
        headers=hx(f"item-{item.pk}"),
    )
    assert not ActionItem.objects.exists()
    assert response.status_code == 422
    assert response.text.lstrip().startswith(f'<article id="item-{item.pk}"')
    refusal = th("No one in this network matches “%(text)s”.", text=str(outsider.pk))
    assert refusal in html.unescape(response.text)


@pytest.fixture
def carried(network):
    """An open action of January, carried into February's matters arising."""
    january = MeetingFactory(network=network, date=JAN, status=MeetingStatus.DRAFTED)
    action = ActionItemFactory(
        network=network, item=AgendaItemFactory(network=network, meeting=january)
    )
    february = create_meeting(network=network, date=FEB)
    return february, february.items.get(carried_action=action), action


@pytest.mark.parametrize(
    ("status", "button"),
    [("done", "Reopen"), ("dropped", "Reopen")],
)
def test_it_closes_a_carried_action(alice, carried, status, button):
    february, item, action = carried

    response = alice.post(
        url("action_status", february, item.pk, action.pk),
        {"status": status},
        headers=hx(f"item-{item.pk}"),
    )

    action.refresh_from_db()
    assert action.status == status
    assert action.closed_at is not None
    assert response.text.lstrip().startswith(f'<article id="item-{item.pk}"')
    assert th(button) in response.text
    assert """hx-vals='{"status": "open"}'""" in response.text
    assert """hx-vals='{"status": "done"}'""" not in response.text


def test_it_reopens_a_closed_action(alice, carried):
    february, item, action = carried
    status_url = url("action_status", february, item.pk, action.pk)
    alice.post(status_url, {"status": "done"}, headers=hx(f"item-{item.pk}"))

    response = alice.post(status_url, {"status": "open"}, headers=hx(f"item-{item.pk}"))

    action.refresh_from_db()
    assert (action.status, action.closed_at) == (ActionStatus.OPEN, None)
    assert """hx-vals='{"status": "done"}'""" in response.text


@pytest.mark.parametrize("status", ["", "finished", "DONE"])
def test_it_ignores_an_unknown_action_status(alice, carried, status):
    february, item, action = carried
    alice.post(
        url("action_status", february, item.pk, action.pk),
        {"status": status},
        headers=hx(f"item-{item.pk}"),
    )
    action.refresh_from_db()
    assert (action.status, action.closed_at) == (ActionStatus.OPEN, None)


def test_it_refuses_an_action_change_from_adopted_minutes(alice, carried):
    february, item, action = carried
    Meeting.objects.filter(pk=february.pk).update(status=MeetingStatus.ADOPTED)
    february.refresh_from_db()
    assert february.is_locked

    response = alice.post(
        url("action_status", february, item.pk, action.pk),
        {"status": "done"},
        headers=hx(f"item-{item.pk}"),
    )

    action.refresh_from_db()
    assert (action.status, action.closed_at) == (ActionStatus.OPEN, None)
    assert th("These minutes are adopted and locked: record an amendment instead.") in (
        response.text
    )


@pytest.fixture
def welfare_progress(monkeypatch):
    # Stands in for the welfare app's own provider, which comes back after the test.
    summary = ProgressSummary(figures=[("สมาชิกใหม่", "12")], sentence="รับสมาชิกใหม่ 12 คน")
    with progress.PROVIDERS.replaced(Workstream.WELFARE, lambda network, since, until: summary):
        yield


def test_it_keeps_the_workstream_progress_on_an_item_changed_in_place(
    alice, network, meeting, welfare_progress
):
    item = AgendaItemFactory(network=network, meeting=meeting, workstream=Workstream.WELFARE)
    page = alice.get(meeting.get_absolute_url())
    assert "รับสมาชิกใหม่ 12 คน" in page.text

    response = alice.post(url("resolution_create", meeting, item.pk), headers=hx(f"item-{item.pk}"))

    assert "รับสมาชิกใหม่ 12 คน" in response.text


# Adoption and amendments


@pytest.fixture
def adoption(network):
    """January's drafted minutes, up for adoption in February's section 2."""
    january = create_meeting(network=network, date=JAN, place="ศาลาวัด")
    item = AgendaItemFactory(
        network=network, meeting=january, section=4, title="เรื่องถนน", discussion="หารือเรื่องถนน"
    )
    Meeting.objects.filter(pk=january.pk).update(status=MeetingStatus.DRAFTED)
    february = create_meeting(network=network, date=FEB)
    section_2 = february.items.get(section=AgendaSection.PREVIOUS_MINUTES)
    return january, item, february, section_2


def test_it_adopts_and_locks_the_previous_minutes_from_section_2(alice, adoption):
    january, _item, february, section_2 = adoption

    response = alice.post(
        url("item_adopt", february, section_2.pk), headers=hx(f"item-{section_2.pk}")
    )

    january.refresh_from_db()
    assert january.status == MeetingStatus.LOCKED
    assert january.adopted_in == february
    assert january.adopted_at is not None
    assert response.text.lstrip().startswith(f'<article id="item-{section_2.pk}"')
    assert url("item_adopt", february, section_2.pk) not in response.text
    assert th("The minutes of meeting %(number)s are adopted and locked.", number="1/2567") in (
        messages_in(response)
    )
    assert section_2.resolutions.count() == 1


def test_it_shows_adopted_minutes_with_the_amendment_form_and_no_live_text(alice, adoption):
    january, item, february, section_2 = adoption
    before = alice.get(january.get_absolute_url())
    assert 'class="live-text' in before.text

    alice.post(url("item_adopt", february, section_2.pk), headers=hx(f"item-{section_2.pk}"))
    page = alice.get(january.get_absolute_url())

    assert page.status_code == 200
    assert url("amendment_create", january, item.pk) in page.text
    assert 'class="live-text' not in page.text
    assert "data-autosave" not in page.text
    assert f'"{url("item_create", january)}"' not in page.text
    assert f'"{url("attendance_add", january)}"' not in page.text
    assert f'"{url("meeting_edit", january)}"' not in page.text
    assert "หารือเรื่องถนน" in page.text


def test_it_does_not_adopt_minutes_twice(alice, adoption):
    january, _item, february, section_2 = adoption
    adopt = url("item_adopt", february, section_2.pk)
    alice.post(adopt, headers=hx(f"item-{section_2.pk}"))

    response = alice.post(adopt, headers=hx(f"item-{section_2.pk}"))

    assert messages_in(response)
    assert section_2.resolutions.count() == 1
    assert Meeting.objects.get(pk=january.pk).adopted_in == february


def test_it_does_not_adopt_from_an_item_outside_section_2(alice, adoption, network):
    january, _item, february, _section_2 = adoption
    other = AgendaItemFactory(
        network=network, meeting=february, section=4, previous_meeting=january
    )

    alice.post(url("item_adopt", february, other.pk), headers=hx(f"item-{other.pk}"))

    assert Meeting.objects.get(pk=january.pk).status == MeetingStatus.DRAFTED


@pytest.fixture
def locked_item(network):
    meeting = MeetingFactory(network=network, date=JAN, status=MeetingStatus.LOCKED)
    item = AgendaItemFactory(network=network, meeting=meeting, section=4, discussion="ข้อความเดิม")
    ResolutionFactory(network=network, item=item, text="มติเดิม")
    return item


def amend_url(item: AgendaItem) -> str:
    return url("amendment_create", item.meeting, item.pk)


def test_it_records_an_amendment_and_keeps_the_original_text(alice, locked_item):
    response = alice.post(
        amend_url(locked_item),
        {"amended": "ข้อความที่แก้", "reason": "พิมพ์ผิด"},
        headers=hx(f"item-{locked_item.pk}"),
    )

    amendment = Amendment.objects.get()
    assert (amendment.original, amendment.amended, amendment.reason) == (
        "ข้อความเดิม",
        "ข้อความที่แก้",
        "พิมพ์ผิด",
    )
    assert (amendment.author, amendment.resolution) == (alice.user, None)
    locked_item.refresh_from_db()
    assert locked_item.discussion == "ข้อความเดิม"
    assert "ข้อความที่แก้" in response.text and "พิมพ์ผิด" in response.text
    assert th("Amendment recorded.") in messages_in(response)


def test_an_amendment_without_a_reason_comes_back_with_its_text(alice, locked_item):
    response = alice.post(
        amend_url(locked_item),
        {"amended": "ข้อความที่แก้", "reason": ""},
        headers=hx(f"item-{locked_item.pk}"),
    )

    assert response.status_code == 422
    form = re.search(r'<details class="add-box" open>.*?</form>', response.text, re.S)
    assert form, "the amendment form is not open"
    assert "data-refusal" in form.group(0) and 'class="errorlist"' in form.group(0)
    assert "ข้อความที่แก้</textarea>" in form.group(0)
    assert not Amendment.objects.exists()


def test_it_amends_a_resolution(alice, locked_item):
    resolution = locked_item.resolutions.get()
    alice.post(
        amend_url(locked_item),
        {"resolution": resolution.pk, "amended": "มติที่แก้", "reason": "ตกหล่น"},
        headers=hx(f"item-{locked_item.pk}"),
    )
    amendment = Amendment.objects.get()
    assert (amendment.resolution, amendment.original) == (resolution, "มติเดิม")
    resolution.refresh_from_db()
    assert resolution.text == "มติเดิม"


@pytest.mark.parametrize(
    "data", [{"amended": "แก้", "reason": ""}, {"amended": "แก้", "reason": "   "}, {"reason": "x"}]
)
def test_it_needs_the_amended_text_and_a_reason(alice, locked_item, data):
    response = alice.post(amend_url(locked_item), data, headers=hx(f"item-{locked_item.pk}"))
    assert response.status_code == 422
    form = re.search(r'<details class="add-box" open>.*?</form>', response.text, re.S)
    assert form and th("An amendment needs the new text and the reason.") in form.group(0)
    assert not Amendment.objects.exists()


def test_it_amends_only_locked_minutes(alice, item):
    response = alice.post(
        amend_url(item), {"amended": "แก้", "reason": "เหตุผล"}, headers=hx(f"item-{item.pk}")
    )
    assert th("These minutes are not locked: edit them directly.") in messages_in(response)
    assert not Amendment.objects.exists()


@pytest.mark.parametrize("resolution", ["abc", "999999", "1.5"])
def test_it_answers_404_for_an_unknown_resolution_to_amend(alice, locked_item, resolution):
    response = alice.post(
        amend_url(locked_item),
        {"resolution": resolution, "amended": "แก้", "reason": "เหตุผล"},
        headers=hx(f"item-{locked_item.pk}"),
    )
    assert response.status_code == 404
    assert not Amendment.objects.exists()


def test_it_refuses_a_resolution_of_another_item_to_amend(alice, network, locked_item):
    other = ResolutionFactory(
        network=network, item=AgendaItemFactory(network=network, meeting=locked_item.meeting)
    )
    response = alice.post(
        amend_url(locked_item),
        {"resolution": other.pk, "amended": "แก้", "reason": "เหตุผล"},
        headers=hx(f"item-{locked_item.pk}"),
    )
    assert response.status_code == 404
    assert not Amendment.objects.exists()


# Attendance


@pytest.fixture
def villages(network):
    return [VillageFactory(network=network, name=f"บ้านที่ {n}") for n in range(1, 4)]


def quorum_line(represented: int, total: int = 3) -> str:
    return th(
        "%(represented)s of %(total)s villages represented (more than %(percent)s%% needed)",
        represented=represented,
        total=total,
        percent=50,
    )


def test_it_adds_a_village_representative_and_updates_the_quorum(alice, network, meeting, villages):
    person = PersonFactory(network=network, village=villages[0], first_name="สมหมาย")
    before = alice.get(meeting.get_absolute_url())
    assert quorum_line(0) in before.text

    response = alice.post(
        url("attendance_add", meeting),
        {"kind": AttendanceKind.VILLAGE_REP, "person": person.pk, "present": "on"},
        headers=hx("attendance-panel"),
    )

    assert response.status_code == 200
    assert "<html" not in response.text
    assert response.text.lstrip().startswith('<section id="attendance-panel"')
    row = Attendance.objects.get()
    assert (row.meeting, row.network, row.person, row.village) == (
        meeting,
        network,
        person,
        villages[0],
    )
    assert row.present
    assert "สมหมาย" in response.text
    assert quorum_line(1) in response.text
    assert th("No quorum yet") in response.text


def test_it_shows_the_quorum_met(alice, network, meeting, villages):
    AttendanceFactory(network=network, meeting=meeting, village=villages[0])
    person = PersonFactory(network=network, village=villages[1])

    response = alice.post(
        url("attendance_add", meeting),
        {"kind": AttendanceKind.VILLAGE_REP, "person": person.pk, "present": "on"},
        headers=hx("attendance-panel"),
    )

    assert quorum_line(2) in response.text
    assert th("Quorum met") in response.text


def test_it_adds_someone_by_name_absent_with_a_reason(alice, meeting):
    alice.post(
        url("attendance_add", meeting),
        {"kind": AttendanceKind.OBSERVER, "name": "นายแขก มาเยือน", "absence_reason": "ติดธุระ"},
        headers=hx("attendance-panel"),
    )
    row = Attendance.objects.get()
    assert (row.display_name, row.present, row.absence_reason) == (
        "นายแขก มาเยือน",
        False,
        "ติดธุระ",
    )


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"kind": "observer", "present": "on"}, "Choose a person or type a name."),
        ({"kind": "observer", "name": "   ", "present": "on"}, "Choose a person or type a name."),
        ({"kind": "observer", "name": "นายขาด"}, "Give the reason for the absence."),
        (
            {"kind": "observer", "name": "นายขาด", "absence_reason": "  "},
            "Give the reason for the absence.",
        ),
    ],
)
def test_it_adds_no_attendance_from_an_invalid_form(alice, meeting, data, error):
    response = alice.post(url("attendance_add", meeting), data, headers=hx("attendance-panel"))
    assert response.status_code == 422
    assert th(error) in response.text
    assert not Attendance.objects.exists()


def test_it_tells_a_plain_attendance_post_what_was_wrong(alice, meeting):
    response = alice.post(
        url("attendance_add", meeting), {"kind": "observer", "name": "นายขาด"}, follow=True
    )
    # The whole page again, the form open in place with its error and the name typed.
    assert response.redirect_chain == []
    assert response.status_code == 422
    panel = re.search(r'<section id="attendance-panel".*?</form>', response.text, re.S)
    assert panel and th("Give the reason for the absence.") in panel.group(0)
    assert 'value="นายขาด"' in panel.group(0)
    assert not Attendance.objects.exists()


def test_it_adds_no_attendance_to_locked_minutes(alice, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.LOCKED)
    response = alice.post(
        url("attendance_add", meeting),
        {"kind": "observer", "name": "นายมาสาย", "present": "on"},
        headers=hx("attendance-panel"),
    )
    assert th("These minutes are adopted and locked: record an amendment instead.") in (
        messages_in(response)
    )
    assert not Attendance.objects.exists()


@pytest.fixture
def attendance(network, meeting, villages):
    return AttendanceFactory(network=network, meeting=meeting, village=villages[0])


def test_it_marks_someone_absent_with_a_reason(alice, meeting, attendance):
    response = alice.post(
        url("attendance_mark", meeting, attendance.pk),
        {"absence_reason": "ป่วย"},
        headers=hx("attendance-panel"),
    )
    attendance.refresh_from_db()
    assert (attendance.present, attendance.absence_reason) == (False, "ป่วย")
    assert quorum_line(0) in response.text
    assert "ป่วย" in response.text


def test_it_needs_a_reason_to_mark_someone_absent(alice, meeting, attendance):
    response = alice.post(
        url("attendance_mark", meeting, attendance.pk), {}, headers=hx("attendance-panel")
    )
    attendance.refresh_from_db()
    assert attendance.present
    assert th("Give the reason for the absence.") in messages_in(response)
    assert quorum_line(1) in response.text


def test_it_marks_someone_present_again(alice, meeting, attendance):
    Attendance.objects.filter(pk=attendance.pk).update(present=False, absence_reason="ป่วย")
    response = alice.post(
        url("attendance_mark", meeting, attendance.pk),
        {"present": "1"},
        headers=hx("attendance-panel"),
    )
    attendance.refresh_from_db()
    assert (attendance.present, attendance.absence_reason) == (True, "")
    assert quorum_line(1) in response.text


def test_it_does_not_mark_attendance_on_locked_minutes(alice, meeting, attendance):
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.LOCKED)
    alice.post(
        url("attendance_mark", meeting, attendance.pk),
        {"absence_reason": "ป่วย"},
        headers=hx("attendance-panel"),
    )
    attendance.refresh_from_db()
    assert (attendance.present, attendance.absence_reason) == (True, "")


def test_it_does_not_mark_attendance_of_another_meeting(alice, network, attendance):
    other = MeetingFactory(network=network, date=FEB)
    response = alice.post(
        url("attendance_mark", other, attendance.pk),
        {"absence_reason": "ป่วย"},
        headers=hx("attendance-panel"),
    )
    assert response.status_code == 404
    assert Attendance.objects.get().present


# The meeting's status


def test_it_opens_a_meeting_and_stamps_the_start_time(alice, network):
    meeting = MeetingFactory(network=network, date=MAR)

    response = alice.post(url("meeting_status", meeting), {"to_status": "in_session"}, follow=True)

    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.IN_SESSION
    assert meeting.start_time is not None
    assert response.redirect_chain == [(meeting.get_absolute_url(), 302)]
    with translation.override("th"):
        label = str(MeetingStatus.IN_SESSION.label)
    assert followed_messages(response) == [
        th("Meeting %(number)s: %(status)s.", number=meeting.number_label, status=label)
    ]


@pytest.mark.parametrize("to_status", ["drafted", "locked", "adopted", "nonsense", ""])
def test_it_refuses_a_step_off_the_status_path(alice, network, to_status):
    meeting = MeetingFactory(network=network, date=MAR)

    response = alice.post(url("meeting_status", meeting), {"to_status": to_status}, follow=True)

    meeting.refresh_from_db()
    assert (meeting.status, meeting.start_time) == (MeetingStatus.PLANNED, None)
    [message] = followed_messages(response)
    assert message.startswith(th("A meeting cannot go from “%(from)s” to “%(to)s”.").split("“")[0])


def test_it_closes_a_meeting_and_stamps_the_end_time(alice, meeting):
    alice.post(url("meeting_status", meeting), {"to_status": "drafted"})
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.DRAFTED
    assert meeting.end_time is not None


# Creating and editing a meeting


def test_it_creates_a_meeting_with_the_next_number_and_a_be_date(alice, network):
    MeetingFactory(network=network, date=dt.date(2007, 9, 5), number=9)

    response = alice.post(
        reverse("network:meeting_create", args=[network.slug]),
        {"date": "9/10/2550", "place": "ศาลาประชาคม", "start_time": "09:30"},
    )

    meeting = Meeting.objects.get(date=dt.date(2007, 10, 9))
    assert response.status_code == 302
    assert response["Location"] == meeting.get_absolute_url()
    assert (meeting.number, meeting.year, meeting.number_label) == (10, 2007, "10/2550")
    assert (meeting.place, meeting.start_time) == ("ศาลาประชาคม", dt.time(9, 30))
    assert meeting.network == network
    # The standard agenda: section 2 adopts the September minutes.
    assert meeting.items.get(section=AgendaSection.PREVIOUS_MINUTES).previous_meeting.number == 9


def test_it_creates_a_meeting_from_an_htmx_form(alice, network):
    response = alice.post(
        reverse("network:meeting_create", args=[network.slug]),
        {"date": "9 ตุลาคม 2550"},
        headers=hx("meeting-form"),
    )
    meeting = Meeting.objects.get()
    assert meeting.date == dt.date(2007, 10, 9)
    assert meeting.get_absolute_url() in response["HX-Location"]


def test_it_refuses_a_duplicate_number_in_the_same_year(alice, network):
    MeetingFactory(network=network, date=dt.date(2007, 9, 5), number=10)

    response = alice.post(
        reverse("network:meeting_create", args=[network.slug]),
        {"date": "9/10/2550", "number": "10"},
    )

    assert response.status_code == 422
    errors = [e for messages in response.context["form"].errors.values() for e in messages]
    assert th("This meeting number is already used in that year.") in errors
    assert Meeting.objects.count() == 1


def test_it_allows_the_same_number_in_another_year(alice, network):
    MeetingFactory(network=network, date=dt.date(2007, 9, 5), number=1)
    alice.post(
        reverse("network:meeting_create", args=[network.slug]), {"date": "9/1/2551", "number": "1"}
    )
    assert Meeting.objects.filter(year=2008, number=1).exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"date": ""}, "date"),
        ({"date": "31/02/2550"}, "date"),
        ({"date": "9/10/2550", "start_time": "10:00", "end_time": "09:00"}, "end_time"),
    ],
)
def test_it_creates_no_meeting_from_an_invalid_form(alice, network, data, field):
    response = alice.post(reverse("network:meeting_create", args=[network.slug]), data)
    assert response.status_code == 422
    assert field in response.context["form"].errors
    assert not Meeting.objects.exists()


def test_it_edits_a_meeting_heading(alice, meeting):
    response = alice.post(
        url("meeting_edit", meeting),
        {"number": meeting.number, "date": "15/3/2567", "place": "วัดใหม่"},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.place == "วัดใหม่"


@pytest.mark.parametrize("date", ["", "31/02/2567", "เมื่อวาน"])
def test_it_shows_the_date_error_when_editing_with_a_bad_date(alice, meeting, date):
    response = alice.post(
        url("meeting_edit", meeting), {"number": meeting.number, "date": date, "place": "วัดใหม่"}
    )
    assert response.status_code == 422
    assert "date" in response.context["form"].errors
    meeting.refresh_from_db()
    assert (meeting.date, meeting.place) == (MAR, "ศาลาประชาคม")


def test_it_refuses_to_edit_a_locked_meeting(alice, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.LOCKED)

    page = alice.get(url("meeting_edit", meeting), follow=True)
    posted = alice.post(
        url("meeting_edit", meeting),
        {"number": meeting.number, "date": "15/3/2567", "place": "วัดใหม่"},
        follow=True,
    )

    locked = th("These minutes are adopted and locked: record an amendment instead.")
    for response in (page, posted):
        assert response.redirect_chain == [(meeting.get_absolute_url(), 302)]
        assert followed_messages(response) == [locked]
    meeting.refresh_from_db()
    assert meeting.place == "ศาลาประชาคม"


# The page and the list


def test_it_shows_the_live_minutes_page(alice, meeting, item, resolution):
    response = alice.get(meeting.get_absolute_url())
    assert response.status_code == 200
    assert f'id="text-item-{item.pk}"' in response.text
    assert f'id="text-resolution-{resolution.pk}"' in response.text
    assert f'id="version-item-{item.pk}" name="version" value="1"' in response.text
    assert "เรื่องฝาย" in response.text


def test_it_offers_a_search_for_the_action_owner_under_every_item_not_a_list(
    alice, network, meeting, item
):
    AgendaItemFactory(network=network, meeting=meeting, section=AgendaSection.OTHER)
    owner = PersonFactory(network=network, first_name="สมศรี")
    search = reverse("picker:search", args=[network.slug, "people"])

    response = alice.get(meeting.get_absolute_url())

    # Under each of the two items a search box asks the network's people search.
    assert response.text.count('name="owner_q"') == 2
    assert response.text.count(f'hx-get="{search}"') >= 2
    # Nobody is listed on the page itself: the list would grow with the network.
    assert owner.full_name not in response.text


def test_it_answers_the_agenda_fragment_to_htmx(alice, meeting, item):
    response = alice.get(meeting.get_absolute_url(), headers=hx("agenda"))
    assert "<html" not in response.text
    assert response.text.lstrip().startswith('<div id="agenda">')


def test_it_lists_the_networks_meetings_newest_first(alice, network, other_network):
    MeetingFactory(network=network, date=JAN)
    MeetingFactory(network=network, date=FEB)
    MeetingFactory(network=other_network, date=MAR, number=99)

    response = alice.get(reverse("network:meeting_list", args=[network.slug]))

    assert [m.date for m in response.context["page"]] == [FEB, JAN]
    assert "99/2567" not in response.text


# Roles


@pytest.fixture
def endpoints(network, meeting, item, resolution, villages) -> dict[str, tuple[str, dict]]:
    """Every POST endpoint of the meeting pages, with data that would change something."""
    action = ActionItemFactory(network=network, item=item)
    row = AttendanceFactory(network=network, meeting=meeting, village=villages[0])
    return {
        "meeting_create": (
            reverse("network:meeting_create", args=[network.slug]),
            {"date": "9/10/2550"},
        ),
        "meeting_edit": (url("meeting_edit", meeting), {"date": "9/10/2550", "place": "x"}),
        "meeting_status": (url("meeting_status", meeting), {"to_status": "drafted"}),
        "item_create": (
            url("item_create", meeting),
            {"section": 1, "title": "x", "workstream": "general"},
        ),
        "item_text": (url("item_text", meeting, item.pk), {"text": "x", "version": 1}),
        "item_adopt": (url("item_adopt", meeting, item.pk), {}),
        "resolution_create": (url("resolution_create", meeting, item.pk), {}),
        "resolution_text": (
            url("resolution_text", meeting, item.pk, resolution.pk),
            {"text": "x", "version": 1},
        ),
        "action_create": (url("action_create", meeting, item.pk), {"description": "x"}),
        "action_update": (
            url("action_update", meeting, item.pk, action.pk),
            {"description": "x"},
        ),
        "action_delete": (url("action_delete", meeting, item.pk, action.pk), {}),
        "resolution_delete": (url("resolution_delete", meeting, item.pk, resolution.pk), {}),
        "action_status": (
            url("action_status", meeting, item.pk, action.pk),
            {"status": "done"},
        ),
        "amendment_create": (
            url("amendment_create", meeting, item.pk),
            {"amended": "x", "reason": "x"},
        ),
        "attendance_add": (
            url("attendance_add", meeting),
            {"kind": "observer", "name": "x", "present": "on"},
        ),
        "attendance_mark": (
            url("attendance_mark", meeting, row.pk),
            {"absence_reason": "x"},
        ),
    }


READERS = [Role.VIEWER, Role.COMMITTEE, Role.ACCOUNTANT, Role.COORDINATOR]


@pytest.mark.parametrize("role", READERS)
def test_it_shows_readers_the_minutes_without_editing(member, role, meeting, item, resolution):
    reader = member(role)

    page = reader.get(meeting.get_absolute_url())
    pdf = reader.get(url("meeting_pdf", meeting))

    assert page.status_code == 200
    assert "เรื่องฝาย" in page.text
    assert "<textarea" not in page.text
    assert f'"{url("item_create", meeting)}"' not in page.text
    assert url("meeting_status", meeting) not in page.text
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("role", [Role.VIEWER, Role.COMMITTEE])
def test_it_refuses_every_change_to_readers(member, role, endpoints, item, meeting):
    reader = member(role)
    for name, (target, data) in endpoints.items():
        for headers in ({}, hx("agenda")):
            response = reader.post(target, data, headers=headers)
            assert response.status_code == 403, name
    item.refresh_from_db()
    meeting.refresh_from_db()
    assert (item.discussion, item.version, meeting.status) == ("", 1, MeetingStatus.IN_SESSION)
    assert Meeting.objects.count() == 1
    assert not Resolution.objects.exclude(pk__in=[r.pk for r in item.resolutions.all()]).exists()
    assert not AgendaItem.objects.exclude(pk=item.pk).exists()
    assert Attendance.objects.get().present
    assert ActionItem.objects.get().status == ActionStatus.OPEN
    assert not Amendment.objects.exists()


def _prepare_adoption(meeting: Meeting, item: AgendaItem) -> Meeting:
    """The adoption endpoint acts on section 2, with last month's minutes drafted."""
    previous = MeetingFactory(network=meeting.network, date=FEB, status=MeetingStatus.DRAFTED)
    AgendaItem.objects.filter(pk=item.pk).update(
        section=AgendaSection.PREVIOUS_MINUTES, previous_meeting=previous
    )
    return previous


def _lock(meeting: Meeting, item: AgendaItem) -> None:
    """Amendments are for locked minutes only."""
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.LOCKED)


# What each change leaves behind when an editor posts it, written out by hand.
# A change may need its state first (the adoption, the amendment).
CHANGES = {
    "meeting_create": (None, lambda m, i, r, p: Meeting.objects.count() == 2),
    "meeting_edit": (None, lambda m, i, r, p: Meeting.objects.get(pk=m.pk).place == "x"),
    "meeting_status": (
        None,
        lambda m, i, r, p: Meeting.objects.get(pk=m.pk).status == MeetingStatus.DRAFTED,
    ),
    "item_create": (None, lambda m, i, r, p: m.items.filter(title="x").count() == 1),
    "item_text": (None, lambda m, i, r, p: AgendaItem.objects.get(pk=i.pk).discussion == "x"),
    "item_adopt": (
        _prepare_adoption,
        lambda m, i, r, p: Meeting.objects.get(pk=p.pk).status == MeetingStatus.LOCKED,
    ),
    "resolution_create": (None, lambda m, i, r, p: i.resolutions.count() == 2),
    "resolution_text": (None, lambda m, i, r, p: Resolution.objects.get(pk=r.pk).text == "x"),
    "action_create": (None, lambda m, i, r, p: i.actions.filter(description="x").count() == 1),
    "action_update": (None, lambda m, i, r, p: i.actions.get().description == "x"),
    "action_delete": (None, lambda m, i, r, p: not i.actions.exists()),
    "resolution_delete": (None, lambda m, i, r, p: not Resolution.objects.filter(pk=r.pk).exists()),
    "action_status": (
        None,
        lambda m, i, r, p: i.actions.get().status == ActionStatus.DONE,
    ),
    "amendment_create": (_lock, lambda m, i, r, p: Amendment.objects.get().amended == "x"),
    "attendance_add": (None, lambda m, i, r, p: m.attendance.filter(name="x").count() == 1),
    "attendance_mark": (
        None,
        lambda m, i, r, p: m.attendance.get().absence_reason == "x",
    ),
}


@pytest.mark.parametrize("role", [Role.ADMIN, Role.SECRETARY])
@pytest.mark.parametrize("name", list(CHANGES))
def test_it_lets_editors_make_every_change(
    member, role, name, endpoints, meeting, item, resolution
):
    """A plain form post (no HTMX) by an editor is taken and answered by a redirect
    to the meeting's page (post/redirect/get), with a success and no error."""
    assert set(CHANGES) == set(endpoints)
    prepare, changed = CHANGES[name]
    previous = prepare(meeting, item) if prepare else None
    target, data = endpoints[name]

    response = member(role).post(target, data)

    assert response.status_code == 302, name
    landing = meeting if name != "meeting_create" else Meeting.objects.latest("pk")
    assert response.url == landing.get_absolute_url()
    levels = [m.level_tag for m in get_messages(response.wsgi_request)]
    assert "error" not in levels, name
    assert changed(meeting, item, resolution, previous), name


def test_it_keeps_meetings_from_partners(member, meeting):
    # A partner reads the reports shared with them; other pages do not exist for them.
    partner = member(Role.PARTNER)
    assert (
        partner.get(reverse("network:meeting_list", args=[meeting.network.slug])).status_code == 404
    )
    assert partner.get(meeting.get_absolute_url()).status_code == 404
    assert partner.get(url("meeting_pdf", meeting)).status_code == 404
