"""Welfare's summary in the meetings agenda: what happened since the last meeting."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from core.roles import Role, Workstream
from network.models import AgendaSection
from network.progress import progress_since
from network.services import meetings as meeting_services
from tests.factories import AllocationFactory, PersonFactory, ProgrammeFactory, VillageFactory
from welfare import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_grant(network):
    village = VillageFactory(network=network, number=4, name="บ้านหัวควน")
    programme = ProgrammeFactory(network=network)
    AllocationFactory(network=network, programme=programme, village=village, amount=10000)
    application = services.create_application(
        programme=programme,
        applicant=PersonFactory(network=network, village=village),
        kind="occupational",
        purpose="เลี้ยงไก่ไข่",
        requested_amount=Decimal("3000"),
    )
    services.submit(application=application, actor=None)
    services.start_review(application=application, actor=None)
    services.approve(application=application, amount=Decimal("2500"), actor=None)
    services.disburse(
        application=application,
        amount=Decimal("2500"),
        date=timezone.localdate(),
        method="cash",
        receipt_number="R-1",
        actor=None,
    )
    return application


def test_it_summarises_the_period_since_the_last_meeting(network, paid_grant):
    today = timezone.localdate()
    with translation.override("en"):
        summary = progress_since(network, today - dt.timedelta(days=30), today)[Workstream.WELFARE]
    figures = dict(summary.figures)
    assert figures["Applications received"] == "1"
    assert figures["Approved"] == "1 · 2,500.00 baht"
    assert figures["Paid"] == "2,500.00 baht"
    assert "Village No. 4 บ้านหัวควน: 2,500.00 baht to 1 recipients" in summary.sentence


def test_it_leaves_welfare_out_of_a_period_with_nothing_in_it(network, paid_grant):
    today = timezone.localdate()
    assert Workstream.WELFARE not in progress_since(network, today, today + dt.timedelta(days=30))


def test_it_keeps_to_the_network(network, other_network, paid_grant):
    today = timezone.localdate()
    assert Workstream.WELFARE not in progress_since(other_network, None, today)


def test_it_shows_the_summary_on_a_welfare_item_of_the_meeting(member, network, paid_grant):
    alice = member(Role.SECRETARY)
    today = timezone.localdate()
    meeting = meeting_services.create_meeting(network=network, date=today)
    meeting_services.add_agenda_item(
        meeting=meeting,
        section=AgendaSection.FOR_DECISION,
        title="สวัสดิการ",
        workstream=Workstream.WELFARE,
    )
    page = alice.get(f"/n/{network.slug}/meetings/{meeting.pk}/").content.decode()
    assert "progress-box" in page
    assert "2,500.00 บาท" in page
