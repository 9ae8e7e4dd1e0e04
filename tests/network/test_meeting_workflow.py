"""The meeting workflow walked through the real services and pages: every step in the
hand-written table succeeds for the secretary and is recorded, every other pair is
refused; adoption is two recorded steps in one action; locked minutes refuse the
heading and attendance in the service, not only the page."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.roles import Role
from network.models import (
    AgendaItem,
    AgendaSection,
    Attendance,
    AttendanceKind,
    Meeting,
    MeetingStatus,
    MeetingStatusChange,
)
from network.services import meetings as services
from tests.core.test_workflow import MEETING_STEPS, pairs, unlisted
from tests.factories import MeetingFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

M = MeetingStatus
# Steps the secretary takes with a button on the meeting's page.
BY_HAND = {(M.PLANNED, M.IN_SESSION), (M.IN_SESSION, M.DRAFTED), (M.DRAFTED, M.CIRCULATED)}
# Steps taken only by adopting the minutes in section 2 of a later meeting.
BY_ADOPTION = pairs(MEETING_STEPS) - BY_HAND


def _meeting_page(meeting: Meeting) -> str:
    return reverse("network:meeting_detail", args=[meeting.network.slug, meeting.pk])


def _status_url(meeting: Meeting) -> str:
    return reverse("network:meeting_status", args=[meeting.network.slug, meeting.pk])


def _adopt(network, previous: Meeting, *, actor=None) -> Meeting:
    later = services.create_meeting(network=network, date=previous.date + dt.timedelta(days=30))
    item = AgendaItem.objects.get(meeting=later, section=AgendaSection.PREVIOUS_MINUTES)
    return services.adopt_previous_minutes(item=item, actor=actor)


@pytest.mark.parametrize(("from_status", "to_status"), sorted(BY_HAND))
def test_the_secretary_takes_each_step_by_its_button_and_it_is_recorded(
    network, member, from_status, to_status
):
    secretary = member(Role.SECRETARY)
    meeting = MeetingFactory(network=network, status=from_status)
    page = secretary.get(_meeting_page(meeting)).content.decode()
    step = next(s for s in MEETING_STEPS if s[:2] == (from_status, to_status))
    assert step[2] == "edit_minutes"

    buttons = [name for name in ("open", "close", "circulate") if f'value="{name}"' in page]
    assert len(buttons) == 1
    secretary.post(_status_url(meeting), {"step": buttons[0]})

    meeting.refresh_from_db()
    assert meeting.status == to_status
    (change,) = MeetingStatusChange.objects.filter(meeting=meeting)
    assert (change.from_status, change.to_status) == (from_status, to_status)
    assert change.changed_by == secretary.user
    assert change.network == network


@pytest.mark.parametrize("role", [Role.VIEWER, Role.COMMITTEE, Role.PARTNER])
def test_a_member_without_the_minutes_permission_gets_no_button_and_no_step(network, member, role):
    client = member(role)
    meeting = MeetingFactory(network=network, status=M.PLANNED)
    page = client.get(_meeting_page(meeting))
    assert b'value="open"' not in page.content
    response = client.post(_status_url(meeting), {"step": "open"})
    assert response.status_code in (403, 404)
    assert Meeting.objects.get(pk=meeting.pk).status == M.PLANNED
    assert not MeetingStatusChange.objects.exists()


@pytest.mark.parametrize(("from_status", "to_status"), unlisted(M, MEETING_STEPS))
def test_every_unlisted_step_is_refused_and_writes_nothing(network, from_status, to_status):
    meeting = MeetingFactory(network=network, status=from_status)
    with pytest.raises(ValidationError) as refused:
        services.change_meeting_status(meeting=meeting, to_status=to_status)
    assert refused.value.code == "invalid_transition"
    assert Meeting.objects.get(pk=meeting.pk).status == from_status
    assert not MeetingStatusChange.objects.exists()


@pytest.mark.parametrize("to_status", [M.ADOPTED, M.LOCKED])
def test_adoption_steps_cannot_be_taken_by_the_status_button(network, to_status):
    source = M.CIRCULATED if to_status == M.ADOPTED else M.ADOPTED
    meeting = MeetingFactory(network=network, status=source)
    with pytest.raises(ValidationError):
        services.change_meeting_status(meeting=meeting, to_status=to_status)
    assert Meeting.objects.get(pk=meeting.pk).status == source


@pytest.mark.parametrize("from_status", [M.DRAFTED, M.CIRCULATED])
def test_adoption_records_adopted_then_locked_in_one_action(network, from_status):
    alice = UserFactory()
    previous = MeetingFactory(network=network, status=from_status, date=dt.date(2007, 10, 9))
    _adopt(network, previous, actor=alice)
    previous.refresh_from_db()
    assert previous.status == M.LOCKED
    changes = list(MeetingStatusChange.objects.filter(meeting=previous))
    assert [(c.from_status, c.to_status) for c in changes] == [
        (from_status, M.ADOPTED),
        (M.ADOPTED, M.LOCKED),
    ]
    assert {(c.from_status, c.to_status) for c in changes} <= BY_ADOPTION
    assert all(c.changed_by == alice and c.reason for c in changes)
    assert changes[0].changed_at == changes[1].changed_at == previous.adopted_at


def test_the_meeting_page_lists_its_path(network, member):
    secretary = member(Role.SECRETARY)
    meeting = MeetingFactory(network=network, status=M.PLANNED)
    secretary.post(_status_url(meeting), {"step": "open"})
    page = secretary.get(_meeting_page(meeting)).content.decode()
    assert "status-changes" in page
    assert secretary.user.get_full_name() in page


# The locked-minutes rule, in the services


@pytest.fixture
def locked_meeting(network):
    previous = MeetingFactory(network=network, status=M.CIRCULATED, date=dt.date(2007, 10, 9))
    _adopt(network, previous)
    previous.refresh_from_db()
    assert previous.is_locked
    return previous


def test_the_service_refuses_to_change_the_heading_of_locked_minutes(locked_meeting):
    with pytest.raises(services.MinutesLocked):
        services.update_meeting_heading(meeting=locked_meeting, place="วัดใหม่")
    assert Meeting.objects.get(pk=locked_meeting.pk).place != "วัดใหม่"


def test_the_service_changes_the_heading_of_open_minutes(network):
    meeting = MeetingFactory(network=network, status=M.DRAFTED)
    services.update_meeting_heading(meeting=meeting, place="วัดใหม่")
    assert Meeting.objects.get(pk=meeting.pk).place == "วัดใหม่"


def test_the_service_refuses_attendance_added_to_locked_minutes(network, locked_meeting):
    attendance = Attendance(kind=AttendanceKind.OBSERVER, name="ผู้สังเกตการณ์")
    with pytest.raises(services.MinutesLocked):
        services.add_attendance(meeting=locked_meeting, attendance=attendance)
    assert not Attendance.objects.filter(meeting=locked_meeting).exists()


def test_the_service_refuses_attendance_marked_on_locked_minutes(network, locked_meeting):
    person = PersonFactory(network=network)
    attendance = Attendance.objects.create(
        network=network, meeting=locked_meeting, kind=AttendanceKind.VILLAGE_REP, person=person
    )
    with pytest.raises(services.MinutesLocked):
        services.mark_attendance(attendance=attendance, present=False, absence_reason="ป่วย")
    assert Attendance.objects.get(pk=attendance.pk).present is True


def test_the_service_requires_the_reason_for_an_absence(network):
    meeting = MeetingFactory(network=network)
    attendance = Attendance.objects.create(
        network=network, meeting=meeting, kind=AttendanceKind.OBSERVER, name="นายก"
    )
    with pytest.raises(ValidationError) as refused:
        services.mark_attendance(attendance=attendance, present=False, absence_reason="  ")
    assert refused.value.code == "reason_required"
    services.mark_attendance(attendance=attendance, present=False, absence_reason="ติดราชการ")
    attendance.refresh_from_db()
    assert (attendance.present, attendance.absence_reason) == (False, "ติดราชการ")
