"""Meetings: numbering, the standard agenda, the status path, live minutes, adoption,
amendments and quorum, through the service layer."""

import datetime as dt
import itertools
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, close_old_connections, connection, transaction
from django.utils import timezone

from core.audit import audit_context
from network.models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    AgendaSection,
    Amendment,
    AttendanceKind,
    Meeting,
    MeetingStatus,
    Resolution,
)
from network.services.meetings import (
    MinutesLocked,
    SaveResult,
    add_action,
    add_agenda_item,
    add_resolution,
    adopt_previous_minutes,
    amend,
    carry_forward_actions,
    change_meeting_status,
    create_meeting,
    quorum,
    save_text,
    set_action_status,
)
from tests.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
    PartnerFactory,
    ResolutionFactory,
    UserFactory,
    VillageFactory,
)

pytestmark = pytest.mark.django_db

JAN = dt.date(2024, 1, 15)
FEB = dt.date(2024, 2, 15)
MAR = dt.date(2024, 3, 15)
APR = dt.date(2024, 4, 15)


def section(meeting: Meeting, number: int) -> list[AgendaItem]:
    return list(AgendaItem.objects.filter(meeting=meeting, section=number).order_by("position"))


def advance(meeting: Meeting, *statuses: str) -> Meeting:
    for status in statuses:
        meeting = change_meeting_status(meeting=meeting, to_status=status)
    return meeting


def status_history(meeting: Meeting) -> list[str]:
    return list(meeting.history.order_by("history_date", "pk").values_list("status", flat=True))


# Creating a meeting: its number and its standard agenda


def test_it_numbers_meetings_within_their_year(network, other_network):
    MeetingFactory(network=other_network, date=dt.date(2024, 1, 5), number=7)

    first = create_meeting(network=network, date=JAN)
    second = create_meeting(network=network, date=FEB)
    next_year = create_meeting(network=network, date=dt.date(2025, 1, 10))

    assert (first.year, first.number) == (2024, 1)
    assert (second.year, second.number) == (2024, 2)
    assert (next_year.year, next_year.number) == (2025, 1)


def test_it_keeps_a_number_given_by_the_secretary(network):
    meeting = create_meeting(network=network, date=dt.date(2007, 10, 3), number=10)
    assert Meeting.objects.get(pk=meeting.pk).number == 10
    assert create_meeting(network=network, date=dt.date(2007, 11, 7)).number == 11


def test_it_labels_a_meeting_with_its_number_and_the_buddhist_year(network):
    meeting = MeetingFactory(network=network, date=dt.date(2007, 10, 3), number=10)
    assert meeting.year == 2007
    assert meeting.number_label == "10/2550"


def test_it_gives_the_first_meeting_of_a_network_no_previous_minutes(network):
    meeting = create_meeting(network=network, date=JAN)
    assert section(meeting, AgendaSection.PREVIOUS_MINUTES) == []


def test_it_puts_the_previous_minutes_in_section_2(network, other_network):
    first = create_meeting(network=network, date=JAN)
    # Another network's meeting in between is not this network's previous meeting.
    MeetingFactory(network=other_network, date=dt.date(2024, 2, 1))

    second = create_meeting(network=network, date=FEB)

    (item,) = section(second, AgendaSection.PREVIOUS_MINUTES)
    assert item.previous_meeting == first
    assert item.network == network
    assert item.position == 1
    assert first.number_label in item.title


def test_it_links_section_2_to_the_latest_earlier_meeting(network):
    create_meeting(network=network, date=JAN)
    february = create_meeting(network=network, date=FEB)
    create_meeting(network=network, date=APR)

    march = create_meeting(network=network, date=MAR)

    (item,) = section(march, AgendaSection.PREVIOUS_MINUTES)
    assert item.previous_meeting == february


def test_it_carries_only_open_actions_of_earlier_meetings_into_section_3(network, other_network):
    earlier = AgendaItemFactory(network=network, meeting__date=JAN, workstream="welfare")
    still_open = ActionItemFactory(network=network, item=earlier, description="ซ่อมฝาย")
    ActionItemFactory(network=network, item=earlier, status=ActionStatus.DONE)
    ActionItemFactory(network=network, item=earlier, status=ActionStatus.DROPPED)
    ActionItemFactory(network=network, item__meeting__date=APR)  # a later meeting's
    ActionItemFactory(network=other_network, item__meeting__date=JAN)  # another network's

    meeting = create_meeting(network=network, date=MAR)

    (carried,) = section(meeting, AgendaSection.MATTERS_ARISING)
    assert carried.carried_action == still_open
    assert carried.title == "ซ่อมฝาย"
    assert carried.workstream == "welfare"
    assert carried.network == network
    assert carried.position == 1


def test_it_carries_open_actions_oldest_first(network):
    older = ActionItemFactory(network=network, item__meeting__date=FEB)
    oldest = ActionItemFactory(network=network, item__meeting__date=JAN)

    meeting = create_meeting(network=network, date=MAR)

    carried = section(meeting, AgendaSection.MATTERS_ARISING)
    assert [(i.position, i.carried_action) for i in carried] == [(1, oldest), (2, older)]


# Carrying actions forward is idempotent


def test_it_carries_each_open_action_once_however_often_it_runs(network):
    first = create_meeting(network=network, date=JAN)
    item = add_agenda_item(meeting=first, section=AgendaSection.FOR_DECISION, title="ฝาย")
    one = add_action(item=item, description="ขอประมาณการ")
    two = add_action(item=item, description="นัดช่าง")

    second = create_meeting(network=network, date=FEB)
    assert carry_forward_actions(meeting=second) == []
    assert carry_forward_actions(meeting=second) == []

    carried = section(second, AgendaSection.MATTERS_ARISING)
    assert [i.carried_action for i in carried] == [one, two]

    # A new action on the earlier meeting is carried on the next run, after the others.
    three = add_action(item=item, description="แจ้งผู้ใหญ่บ้าน")
    (added,) = carry_forward_actions(meeting=second)
    assert (added.carried_action, added.position) == (three, 3)
    assert carry_forward_actions(meeting=second) == []
    assert AgendaItem.objects.filter(meeting=second).exclude(carried_action=None).count() == 3


def test_it_carries_a_still_open_action_into_every_next_meeting_once(network):
    action = ActionItemFactory(network=network, item__meeting__date=JAN)

    february = create_meeting(network=network, date=FEB)
    march = create_meeting(network=network, date=MAR)
    carry_forward_actions(meeting=march)

    assert AgendaItem.objects.filter(meeting=february, carried_action=action).count() == 1
    assert AgendaItem.objects.filter(meeting=march, carried_action=action).count() == 1

    set_action_status(action=action, status=ActionStatus.DONE)
    april = create_meeting(network=network, date=APR)
    assert section(april, AgendaSection.MATTERS_ARISING) == []


def test_it_refuses_a_second_carried_item_for_one_action_in_the_database(network):
    action = ActionItemFactory(network=network, item__meeting__date=JAN)
    meeting = create_meeting(network=network, date=FEB)

    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.create(
            network=network,
            meeting=meeting,
            section=AgendaSection.MATTERS_ARISING,
            position=9,
            title="ซ้ำ",
            carried_action=action,
        )

    assert AgendaItem.objects.filter(meeting=meeting, carried_action=action).count() == 1


# The status path

# The steps a secretary may take by hand, written out rather than read from the model.
MANUAL_STEPS = {
    ("planned", "in_session"),
    ("in_session", "drafted"),
    ("drafted", "circulated"),
}
REFUSED_STEPS = sorted(set(itertools.product(MeetingStatus.values, repeat=2)) - MANUAL_STEPS)

NOW = dt.datetime(2024, 3, 15, 2, 30, 45, tzinfo=dt.UTC)  # 09:30:45 in Bangkok


@pytest.fixture
def fixed_now(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    return NOW


@pytest.mark.parametrize(("from_status", "to_status"), sorted(MANUAL_STEPS))
def test_it_moves_a_meeting_along_an_allowed_step(network, from_status, to_status):
    meeting = MeetingFactory(network=network, status=from_status)

    returned = change_meeting_status(meeting=meeting, to_status=to_status)

    assert returned.status == to_status
    meeting.refresh_from_db()
    assert meeting.status == to_status


def test_it_stamps_the_start_time_when_a_meeting_opens(network, fixed_now):
    meeting = MeetingFactory(network=network, status=MeetingStatus.PLANNED)

    change_meeting_status(meeting=meeting, to_status=MeetingStatus.IN_SESSION)

    meeting.refresh_from_db()
    assert meeting.start_time == dt.time(9, 30)  # local time, to the minute
    assert meeting.end_time is None


def test_it_keeps_a_start_time_already_entered(network, fixed_now):
    meeting = MeetingFactory(network=network, start_time=dt.time(13, 0))
    change_meeting_status(meeting=meeting, to_status=MeetingStatus.IN_SESSION)
    meeting.refresh_from_db()
    assert meeting.start_time == dt.time(13, 0)


def test_it_stamps_the_end_time_when_a_meeting_closes(network, fixed_now):
    meeting = MeetingFactory(
        network=network, status=MeetingStatus.IN_SESSION, start_time=dt.time(9, 0)
    )

    change_meeting_status(meeting=meeting, to_status=MeetingStatus.DRAFTED)

    meeting.refresh_from_db()
    assert (meeting.start_time, meeting.end_time) == (dt.time(9, 0), dt.time(9, 30))


def test_it_keeps_an_end_time_already_entered(network, fixed_now):
    meeting = MeetingFactory(
        network=network, status=MeetingStatus.IN_SESSION, end_time=dt.time(16, 15)
    )
    change_meeting_status(meeting=meeting, to_status=MeetingStatus.DRAFTED)
    meeting.refresh_from_db()
    assert meeting.end_time == dt.time(16, 15)


def test_it_leaves_the_times_alone_when_minutes_are_circulated(network, fixed_now):
    meeting = MeetingFactory(network=network, status=MeetingStatus.DRAFTED)
    change_meeting_status(meeting=meeting, to_status=MeetingStatus.CIRCULATED)
    meeting.refresh_from_db()
    assert (meeting.status, meeting.start_time, meeting.end_time) == ("circulated", None, None)


@pytest.mark.parametrize(("from_status", "to_status"), REFUSED_STEPS)
def test_it_refuses_a_step_off_the_status_path(network, from_status, to_status):
    meeting = MeetingFactory(network=network, status=from_status)

    with pytest.raises(ValidationError) as refused:
        change_meeting_status(meeting=meeting, to_status=to_status)

    assert refused.value.code == "invalid_transition"
    meeting.refresh_from_db()
    assert (meeting.status, meeting.start_time, meeting.end_time) == (from_status, None, None)
    assert meeting.adopted_in is None


def test_it_refuses_an_unknown_status(network):
    meeting = MeetingFactory(network=network)
    with pytest.raises(ValidationError) as refused:
        change_meeting_status(meeting=meeting, to_status="bogus")
    assert refused.value.code == "invalid_transition"
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED


# Adopting the previous minutes in section 2


@pytest.fixture
def january(network):
    return create_meeting(network=network, date=JAN)


@pytest.fixture
def february(network, january):
    return create_meeting(network=network, date=FEB)


@pytest.fixture
def section_2(february):
    (item,) = section(february, AgendaSection.PREVIOUS_MINUTES)
    return item


@pytest.mark.parametrize("path", [("drafted",), ("drafted", "circulated")])
def test_it_adopts_and_locks_the_previous_minutes(january, february, section_2, path):
    advance(january, "in_session", *path)
    before = timezone.now()

    adopted = adopt_previous_minutes(item=section_2)

    assert adopted == january
    january.refresh_from_db()
    assert january.status == MeetingStatus.LOCKED
    assert january.is_locked
    assert january.adopted_in == february
    assert before <= january.adopted_at <= timezone.now()
    (resolution,) = section_2.resolutions.all()
    assert january.number_label in resolution.text
    assert resolution.network == february.network
    assert status_history(january) == ["planned", "in_session", *path, "adopted", "locked"]


def test_it_keeps_a_resolution_already_written_on_section_2(january, section_2):
    advance(january, "in_session", "drafted")
    written = add_resolution(item=section_2, text="รับรองโดยมีการแก้ไขชื่อผู้เข้าประชุม")
    adopt_previous_minutes(item=section_2)
    assert list(section_2.resolutions.all()) == [written]


@pytest.mark.parametrize("path", [(), ("in_session",)])
def test_it_refuses_to_adopt_minutes_not_yet_drafted(january, section_2, path):
    advance(january, *path)
    status = path[-1] if path else "planned"

    with pytest.raises(ValidationError) as refused:
        adopt_previous_minutes(item=section_2)

    assert refused.value.code == "not_adoptable"
    january.refresh_from_db()
    assert (january.status, january.adopted_in, january.adopted_at) == (status, None, None)
    assert not section_2.resolutions.exists()


def test_it_refuses_to_adopt_minutes_twice(network, january, section_2):
    advance(january, "in_session", "drafted")
    adopt_previous_minutes(item=section_2)
    january.refresh_from_db()
    first_adoption = (january.adopted_in, january.adopted_at)
    later = create_meeting(network=network, date=MAR)
    later_item = AgendaItem.objects.create(
        network=network,
        meeting=later,
        section=AgendaSection.PREVIOUS_MINUTES,
        position=2,
        title="รับรองอีกครั้ง",
        previous_meeting=january,
    )

    for item in (section_2, later_item):
        with pytest.raises(ValidationError) as refused:
            adopt_previous_minutes(item=item)
        assert refused.value.code == "not_adoptable"

    january.refresh_from_db()
    assert january.status == MeetingStatus.LOCKED
    assert (january.adopted_in, january.adopted_at) == first_adoption
    assert section_2.resolutions.count() == 1
    assert not later_item.resolutions.exists()
    assert status_history(january).count("locked") == 1


def test_it_adopts_previous_minutes_only_from_section_2(network, january, february):
    advance(january, "in_session", "drafted")
    other_item = add_agenda_item(meeting=february, section=AgendaSection.OTHER, title="อื่น ๆ")
    other_item.previous_meeting = january  # even pointing at the previous meeting
    other_item.save()
    unlinked = AgendaItemFactory(
        network=network, meeting=february, section=AgendaSection.PREVIOUS_MINUTES
    )

    for item in (other_item, unlinked):
        with pytest.raises(ValidationError) as refused:
            adopt_previous_minutes(item=item)
        assert refused.value.code == "section"

    january.refresh_from_db()
    assert (january.status, january.adopted_in) == (MeetingStatus.DRAFTED, None)
    assert not Resolution.objects.exists()


# Live minutes: versioned saves that never overwrite


@pytest.fixture
def item(network):
    return AgendaItemFactory(network=network, discussion="")


def stored(item: AgendaItem) -> tuple[str, int]:
    item = AgendaItem.objects.get(pk=item.pk)
    return item.discussion, item.version


def test_it_saves_text_based_on_the_current_version(item):
    result = save_text(obj=item, field="discussion", text="ประธานแจ้ง", base_version=1)

    assert result == SaveResult(saved=True, version=2, text="ประธานแจ้ง")
    assert stored(item) == ("ประธานแจ้ง", 2)

    result = save_text(obj=item, field="discussion", text="ประธานแจ้งที่ประชุม", base_version=2)
    assert result == SaveResult(saved=True, version=3, text="ประธานแจ้งที่ประชุม")
    assert stored(item) == ("ประธานแจ้งที่ประชุม", 3)


def test_it_refuses_a_save_based_on_an_old_version(item):
    save_text(obj=item, field="discussion", text="ข้อความของสมศรี", base_version=1)

    result = save_text(obj=item, field="discussion", text="ข้อความของสมชาย", base_version=1)

    assert result == SaveResult(saved=False, version=2, text="ข้อความของสมศรี")
    assert stored(item) == ("ข้อความของสมศรี", 2)


def test_it_treats_a_retried_save_as_saved(item):
    first = save_text(obj=item, field="discussion", text="มติเอกฉันท์", base_version=1)

    retry = save_text(obj=item, field="discussion", text="มติเอกฉันท์", base_version=1)

    assert first == retry == SaveResult(saved=True, version=2, text="มติเอกฉันท์")
    assert stored(item) == ("มติเอกฉันท์", 2)


def test_it_refuses_the_later_of_two_people_typing_in_one_item(item):
    # Both open the page at version 1.
    page_a = AgendaItem.objects.get(pk=item.pk)
    page_b = AgendaItem.objects.get(pk=item.pk)
    assert page_a.version == page_b.version == 1

    saved_a = save_text(obj=page_a, field="discussion", text="ก: งบ 5,000 บาท", base_version=1)
    refused_b = save_text(obj=page_b, field="discussion", text="ข: งบ 6,000 บาท", base_version=1)

    assert saved_a.saved
    assert refused_b == SaveResult(saved=False, version=2, text="ก: งบ 5,000 บาท")
    assert stored(item) == ("ก: งบ 5,000 บาท", 2)

    # B reads A's text, merges by hand and saves on A's version.
    merged = "ก: งบ 5,000 บาท\nข: เสนอ 6,000 บาท"
    saved_b = save_text(obj=page_b, field="discussion", text=merged, base_version=refused_b.version)
    assert saved_b == SaveResult(saved=True, version=3, text=merged)
    assert stored(item) == (merged, 3)


def test_it_versions_resolution_text_too(network):
    resolution = ResolutionFactory(network=network, text="")
    assert save_text(obj=resolution, field="text", text="เห็นชอบ", base_version=1).saved

    result = save_text(obj=resolution, field="text", text="ไม่เห็นชอบ", base_version=1)

    assert result == SaveResult(saved=False, version=2, text="เห็นชอบ")
    resolution.refresh_from_db()
    assert (resolution.text, resolution.version) == ("เห็นชอบ", 2)


def test_it_records_who_saved_live_text(item):
    alice = UserFactory()

    with audit_context(source="web", user=alice):
        save_text(obj=item, field="discussion", text="บันทึกโดยอลิซ", base_version=1)

    newest = item.history.order_by("-history_date", "-pk").first()
    assert newest.history_type == "~"
    assert newest.history_user == alice
    assert newest.source == "web"
    assert (newest.discussion, newest.version) == ("บันทึกโดยอลิซ", 2)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL row locks; SQLite serialises whole-database writes",
)
@pytest.mark.django_db(transaction=True)
def test_it_lets_one_of_two_concurrent_saves_through(network, monkeypatch):
    item = AgendaItemFactory(network=network, discussion="")
    # Each save dawdles before writing, so both threads are in save_text together:
    # without the row lock both would read version 1 and both would write.
    real_save = AgendaItem.save

    def slow_save(self, *args, **kwargs):
        threading.Event().wait(0.3)
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(AgendaItem, "save", slow_save)
    start = threading.Barrier(2, timeout=10)
    results: dict[str, SaveResult] = {}
    errors: list[BaseException] = []

    def type_and_save(text: str) -> None:
        try:
            start.wait()
            page = AgendaItem.objects.get(pk=item.pk)
            results[text] = save_text(obj=page, field="discussion", text=text, base_version=1)
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [
        threading.Thread(target=type_and_save, args=(text,)) for text in ("สมศรีพิมพ์", "สมชายพิมพ์")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert len(results) == 2
    saved = [text for text, result in results.items() if result.saved]
    refused = [result for result in results.values() if not result.saved]
    assert len(saved) == 1
    assert len(refused) == 1
    assert refused[0].text == saved[0]
    assert refused[0].version == 2
    assert stored(item) == (saved[0], 2)


# Locked minutes change only by recorded amendments


@pytest.fixture
def locked_item(network):
    return AgendaItemFactory(
        network=network, meeting__status=MeetingStatus.LOCKED, discussion="งบ 5,000 บาท"
    )


@pytest.mark.parametrize("status", [MeetingStatus.ADOPTED, MeetingStatus.LOCKED])
def test_it_refuses_live_edits_to_locked_minutes(network, status):
    item = AgendaItemFactory(network=network, meeting__status=status, discussion="เดิม")
    resolution = ResolutionFactory(network=network, item=item, text="มติเดิม")

    with pytest.raises(MinutesLocked):
        save_text(obj=item, field="discussion", text="แก้", base_version=1)
    with pytest.raises(MinutesLocked):
        save_text(obj=resolution, field="text", text="แก้", base_version=1)
    with pytest.raises(MinutesLocked):
        add_resolution(item=item, text="มติใหม่")
    with pytest.raises(MinutesLocked):
        add_action(item=item, description="งานใหม่")
    with pytest.raises(MinutesLocked):
        add_agenda_item(meeting=item.meeting, section=AgendaSection.OTHER, title="เรื่องใหม่")

    assert stored(item) == ("เดิม", 1)
    resolution.refresh_from_db()
    assert (resolution.text, resolution.version) == ("มติเดิม", 1)
    assert list(Resolution.objects.all()) == [resolution]
    assert not ActionItem.objects.exists()
    assert list(AgendaItem.objects.all()) == [item]


def test_it_raises_minutes_locked_as_a_validation_error(locked_item):
    with pytest.raises(ValidationError) as refused:
        add_resolution(item=locked_item)
    assert refused.value.code == "locked"


@pytest.mark.parametrize(
    "status", ["planned", "in_session", "drafted", "circulated"], ids=lambda s: s
)
def test_it_amends_only_locked_minutes(network, status):
    item = AgendaItemFactory(network=network, meeting__status=status, discussion="เดิม")

    with pytest.raises(ValidationError) as refused:
        amend(item=item, amended="ใหม่", reason="พิมพ์ผิด", author=None)

    assert refused.value.code == "not_locked"
    assert not Amendment.objects.exists()


@pytest.mark.parametrize("reason", ["", "   ", "\n"])
def test_it_refuses_an_amendment_without_a_reason(locked_item, reason):
    with pytest.raises(ValidationError) as refused:
        amend(item=locked_item, amended="งบ 6,000 บาท", reason=reason, author=None)
    assert refused.value.code == "reason_required"
    assert not Amendment.objects.exists()


def test_it_records_an_amendment_beside_the_original_text(locked_item):
    alice = UserFactory()

    amendment = amend(item=locked_item, amended="งบ 6,000 บาท", reason="  ตัวเลขผิด  ", author=alice)

    assert Amendment.objects.get() == amendment
    assert (amendment.original, amendment.amended) == ("งบ 5,000 บาท", "งบ 6,000 บาท")
    assert (amendment.reason, amendment.author) == ("ตัวเลขผิด", alice)
    assert (amendment.item, amendment.resolution) == (locked_item, None)
    assert amendment.network == locked_item.network
    assert stored(locked_item) == ("งบ 5,000 บาท", 1)


def test_it_chains_amendments_from_the_last_amended_text(locked_item):
    first = amend(item=locked_item, amended="งบ 6,000 บาท", reason="ตัวเลขผิด", author=None)
    second = amend(item=locked_item, amended="งบ 6,500 บาท", reason="รวมค่าขนส่ง", author=None)

    assert first.original == "งบ 5,000 บาท"
    assert second.original == first.amended == "งบ 6,000 บาท"
    assert second.amended == "งบ 6,500 บาท"
    assert stored(locked_item) == ("งบ 5,000 บาท", 1)


def test_it_amends_a_resolution_on_its_own_chain(network, locked_item):
    resolution = ResolutionFactory(network=network, item=locked_item, text="เห็นชอบ 10 เสียง")
    amend(item=locked_item, amended="งบ 6,000 บาท", reason="ตัวเลขผิด", author=None)

    first = amend(
        item=locked_item,
        resolution=resolution,
        amended="เห็นชอบ 12 เสียง",
        reason="นับคะแนนผิด",
        author=None,
    )
    second = amend(
        item=locked_item,
        resolution=resolution,
        amended="เห็นชอบ 11 เสียง",
        reason="นับใหม่",
        author=None,
    )

    assert (first.resolution, first.original) == (resolution, "เห็นชอบ 10 เสียง")
    assert second.original == "เห็นชอบ 12 เสียง"
    resolution.refresh_from_db()
    assert resolution.text == "เห็นชอบ 10 เสียง"
    # The item's own chain is untouched by the resolution's.
    third = amend(item=locked_item, amended="งบ 7,000 บาท", reason="แก้อีก", author=None)
    assert third.original == "งบ 6,000 บาท"


# Quorum


@pytest.fixture
def ten_villages(network, other_network):
    VillageFactory.create_batch(3, network=other_network)
    return VillageFactory.create_batch(10, network=network)


def test_it_counts_villages_with_a_present_representative(network, ten_villages):
    meeting = MeetingFactory(network=network)
    v1, v2, v3, v4, v5, v6, *_ = ten_villages
    AttendanceFactory(network=network, meeting=meeting, village=v1)
    AttendanceFactory(network=network, meeting=meeting, village=v1)  # a second rep of v1
    AttendanceFactory(network=network, meeting=meeting, village=v2)
    AttendanceFactory(
        network=network, meeting=meeting, village=v3, present=False, absence_reason="ป่วย"
    )
    AttendanceFactory(network=network, meeting=meeting, village=v4, kind=AttendanceKind.OBSERVER)
    AttendanceFactory(
        network=network,
        meeting=meeting,
        village=v5,
        kind=AttendanceKind.PARTNER_REP,
        partner=PartnerFactory(network=network),
    )
    AttendanceFactory(network=network, meeting=meeting, village=None, person=None, name="ผู้แทน")
    AttendanceFactory(network=network, village=v6)  # at another meeting

    result = quorum(meeting)

    assert (result.represented, result.total, result.percent_required) == (2, 10, 50)
    assert not result.met


@pytest.mark.parametrize(
    ("present", "percent", "met"),
    [(5, 50, False), (6, 50, True), (0, 50, False), (10, 50, True), (7, 66, True), (6, 60, False)],
)
def test_it_needs_more_than_the_required_share_of_villages(
    network, ten_villages, present, percent, met
):
    network.quorum_percent = percent
    network.save()
    meeting = MeetingFactory(network=network)
    for village in ten_villages[:present]:
        AttendanceFactory(network=network, meeting=meeting, village=village)

    result = quorum(meeting)

    assert (result.represented, result.total) == (present, 10)
    assert result.met is met


def test_it_has_no_quorum_without_villages(network):
    meeting = MeetingFactory(network=network)
    result = quorum(meeting)
    assert (result.represented, result.total, result.met) == (0, 0, False)
