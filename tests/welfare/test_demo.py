"""The welfare demo: the youth top-up of September 2550 and the capacity proposal,
built through the services, within every cap, and the same on every run.

The demo is loaded once for the module (it takes a second or two) inside a
transaction that is rolled back at the end; each test runs in a savepoint of it.
"""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Sum

from network.demo import BANGKOK, SEED_MEETING_DAY, SINPRAETHONG, load_demo
from network.models import Membership, Network, Village
from tests.core.test_workflow import APPLICATION_STEPS, pairs
from welfare import services
from welfare.models import (
    COMMITTED_STATUSES,
    Allocation,
    Application,
    ApplicationStatus,
    CapacityProject,
    CapacityStatus,
    Disbursement,
    GrantKind,
    Programme,
    Recommendation,
    StatusChange,
    TargetGroup,
)

pytestmark = pytest.mark.django_db

S = ApplicationStatus
PROGRAMME_NAME = "สมทบกองทุนสวัสดิการหมู่บ้าน เพื่อผู้ด้อยโอกาส (เยาวชน)"
CAPACITY_TITLE = "โครงการส่งเสริมพัฒนายกระดับขีดความสามารถการจัดสวัสดิการชุมชนท้องถิ่น"
SEED_OBJECTIVES = [
    "ให้เกิดแผนงานยุทธศาสตร์และแผนปฏิบัติการการจัดสวัสดิการ",
    "เพื่อแลกเปลี่ยนข้อมูลการจัดสวัสดิการของกลุ่มเป้าหมาย",
    "เพื่อยกระดับความร่วมมือของภาคประชาชนกับภาคี",
    "เพื่อให้เกิดศูนย์เรียนรู้การจัดสวัสดิการชุมชน",
]
MD5 = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def programme(sinpraethong):
    return Programme.objects.for_network(sinpraethong).get(year=2007, name=PROGRAMME_NAME)


@pytest.fixture
def applications(programme):
    return Application.objects.for_network(programme.network).filter(programme=programme)


def row_counts() -> dict[str, int]:
    """How many rows every installed model has."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def local_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone(BANGKOK).date()


def test_it_sets_up_the_youth_programme_of_2550(programme):
    network = programme.network
    villages = Village.objects.for_network(network)
    assert programme.target_group == TargetGroup.YOUTH
    assert GrantKind.OCCUPATIONAL in programme.grant_kinds
    assert programme.total_budget == Decimal("10000.00") * villages.count()
    # Set up by the resolution of the August meeting (8/2550) on the welfare item.
    assert programme.adopted_by.item.meeting.number_label == "8/2550"
    assert "10,000" in programme.adopted_by.text
    # The seed says the network put up the money itself: no partner is a funder.
    assert not programme.funders.exists()


def test_it_gives_every_village_10000_baht(programme):
    allocations = Allocation.objects.for_network(programme.network).filter(programme=programme)
    villages = Village.objects.for_network(programme.network)
    assert sorted(allocations.values_list("village", flat=True)) == sorted(
        villages.values_list("pk", flat=True)
    )
    assert set(allocations.values_list("amount", flat=True)) == {Decimal("10000.00")}


def test_it_has_the_seeds_32_recipients_mostly_for_an_occupation(applications):
    recipients = applications.filter(status__in=COMMITTED_STATUSES)
    assert recipients.count() == 32
    occupational = recipients.filter(kind=GrantKind.OCCUPATIONAL).count()
    assert occupational > 32 / 2
    # Every village has recipients, all approved in early September 2550.
    villages = Village.objects.for_network(applications.first().network)
    assert recipients.values("village").distinct().count() == villages.count()
    assert all(
        dt.date(2007, 9, 1) <= local_date(decided) <= dt.date(2007, 9, 10)
        for decided in recipients.values_list("decided_at", flat=True)
    )


def test_it_has_an_application_in_every_status(applications):
    assert set(applications.values_list("status", flat=True)) == set(S.values)


def test_no_village_is_approved_more_than_its_allocation(programme, applications):
    for village in services.village_board(programme):
        approved = applications.filter(village=village, status__in=COMMITTED_STATUSES).aggregate(
            total=Sum("approved_amount")
        )["total"]
        assert village.approved == approved <= village.allocation == Decimal("10000.00"), village
        assert village.remaining >= 0


def test_no_grant_is_paid_more_than_approved(applications):
    paid = applications.filter(disbursements__isnull=False).distinct()
    assert paid.count() >= 20
    for application in paid:
        total = application.disbursements.aggregate(total=Sum("amount"))["total"]
        assert total <= application.approved_amount, application
        assert application.status in (S.DISBURSED, S.REPORTING, S.CLOSED)
    # One grant paid in two parts, and both ways of paying used.
    assert any(application.disbursements.count() == 2 for application in paid)
    assert set(Disbursement.objects.values_list("method", flat=True)) == {"cash", "transfer"}


def test_receipts_are_numbered_once_per_network_in_payment_order(sinpraethong):
    payments = Disbursement.objects.for_network(sinpraethong).order_by("receipt_number")
    numbers = list(payments.values_list("receipt_number", flat=True))
    assert all(re.fullmatch(r"สว\.50/\d{3}", number) for number in numbers)
    assert len(numbers) == len(set(numbers))
    days = list(payments.values_list("date", flat=True))
    assert days == sorted(days)
    assert all(dt.date(2007, 9, 1) <= day <= dt.date(2007, 10, 31) for day in days)


def test_each_application_went_step_by_step_through_the_services(applications):
    for application in applications.prefetch_related("status_changes"):
        steps = list(application.status_changes.all())
        status = S.DRAFT
        for step in steps:
            assert step.from_status == status, application
            assert (status, step.to_status) in pairs(APPLICATION_STEPS), application
            assert step.changed_by is not None
            status = step.to_status
        assert application.status == status
        # Dated on the demo's calendar, in order.
        times = [step.changed_at for step in steps]
        assert times == sorted(times), application
        assert all(
            dt.date(2007, 9, 1) <= local_date(moment) <= dt.date(2007, 10, 31)
            for moment in [application.created_at, *times]
        )


def test_applicants_live_in_the_village_they_apply_in_and_youth_come_first(applications):
    recipients = applications.filter(status__in=COMMITTED_STATUSES).select_related("applicant")
    for application in applications.select_related("applicant"):
        assert application.applicant.village_id == application.village_id
        assert application.applicant.network_id == application.network_id
    ages = [r.applicant.age_on(SEED_MEETING_DAY) for r in recipients]
    youth = [age for age in ages if age is not None and 15 <= age <= 25]
    assert len(youth) >= 15


def test_declined_applications_carry_their_reason(applications):
    for status in (S.RETURNED, S.REJECTED, S.WITHDRAWN):
        for application in applications.filter(status=status):
            step = application.status_changes.get(to_status=status)
            assert step.reason, application
    for application in applications.filter(status__in=(S.RETURNED, S.REJECTED)):
        assert application.decision_reason and application.decided_by


def test_the_committee_has_reviews_done_and_waiting(sinpraethong, applications):
    committee = get_user_model().objects.get(username="committee")
    under_review = applications.filter(status=S.UNDER_REVIEW)
    assert under_review.count() >= 3
    assert under_review.values("village").distinct().count() >= 2
    assert under_review.filter(reviews__reviewer=committee).exists()
    assert services.awaiting_review_by(under_review, committee).exists()
    # Every September decision followed the committee's recommendation.
    for application in applications.filter(status__in=COMMITTED_STATUSES):
        review = application.reviews.get(reviewer=committee)
        assert review.recommendation == Recommendation.YES


def test_the_committee_member_may_not_review_a_grant_of_their_own_home(sinpraethong, applications):
    membership = Membership.objects.get(network=sinpraethong, user__username="committee")
    person = membership.person
    assert person is not None and person.household_id is not None
    assert person.full_name.endswith(f"{membership.user.first_name} {membership.user.last_name}")
    own_home = applications.get(status=S.UNDER_REVIEW, applicant__household=person.household_id)
    # Another member (the admin) reviewed it; the committee member is refused.
    assert list(own_home.reviews.values_list("reviewer__username", flat=True)) == ["admin"]
    with pytest.raises(ValidationError) as refused:
        services.record_review(
            application=own_home,
            reviewer=membership.user,
            reviewer_person=person,
            recommendation=Recommendation.YES,
        )
    assert refused.value.code == "conflict_of_interest"


def test_grants_are_followed_up_one_report_late_and_some_closed(applications):
    reporting = applications.filter(status=S.REPORTING)
    assert any(application.is_report_late(SEED_MEETING_DAY) for application in reporting)
    assert all(application.report_due for application in reporting)
    closed = applications.filter(status=S.CLOSED)
    assert closed.exists()
    assert all(application.follow_up_result for application in closed)
    assert closed.filter(follow_up_result="running").exists()


def test_it_records_the_capacity_proposal_under_consideration(sinpraethong):
    project = CapacityProject.objects.for_network(sinpraethong).get()
    assert project.title == CAPACITY_TITLE
    assert project.status == CapacityStatus.CONSIDERING
    assert list(project.objectives.values_list("position", "text")) == list(
        enumerate(SEED_OBJECTIVES, start=1)
    )


def test_the_second_network_has_no_welfare_data(sinpraethong):
    neighbour = Network.objects.exclude(pk=sinpraethong.pk).get()
    assert not Programme.objects.for_network(neighbour).exists()
    assert not Application.objects.for_network(neighbour).exists()
    assert not CapacityProject.objects.for_network(neighbour).exists()
    # Every welfare row's network is its parent's.
    for application in Application.objects.select_related("programme"):
        assert application.network_id == application.programme.network_id
    for step in StatusChange.objects.select_related("application")[:50]:
        assert step.network_id == step.application.network_id


def test_a_second_load_changes_nothing(sinpraethong, settings):
    settings.PASSWORD_HASHERS = MD5
    first = row_counts()
    result = load_demo()
    assert row_counts() == first
    assert first["welfare.Application"] == result.counts[SINPRAETHONG]["welfare applications"]
    assert result.counts[SINPRAETHONG]["welfare programmes"] == 1
