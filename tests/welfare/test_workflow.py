"""Welfare's workflows through the services, by role: each step of the hand-written
tables succeeds for a role that holds its permission and is refused to one that does
not; capacity projects walk their table; a member who may not review may not decide;
"applications received" counts the same on the agenda and in the monthly report."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from core.roles import Role, role_can
from tests.core.test_workflow import APPLICATION_STEPS, CAPACITY_STEPS, unlisted
from tests.factories import (
    AllocationFactory,
    HouseholdFactory,
    MembershipFactory,
    PersonFactory,
    ProgrammeFactory,
    VillageFactory,
)
from welfare import services
from welfare.models import (
    Application,
    ApplicationStatus,
    CapacityProject,
    CapacityStatus,
    CapacityStatusChange,
    DisbursementMethod,
    FollowUpResult,
    Review,
    StatusChange,
)
from welfare.progress import welfare_progress
from welfare.report import welfare_monthly_section

pytestmark = pytest.mark.django_db

S = ApplicationStatus


@pytest.fixture
def village(network):
    return VillageFactory(network=network)


@pytest.fixture
def programme(network, village):
    programme = ProgrammeFactory(network=network, total_budget=Decimal("100000"), year=2024)
    AllocationFactory(network=network, programme=programme, village=village, amount=10000)
    return programme


@pytest.fixture
def application(network, programme, village):
    return services.create_application(
        programme=programme,
        applicant=PersonFactory(network=network, village=village),
        kind="occupational",
        purpose="ทุนเลี้ยงไก่ไข่",
        requested_amount=Decimal("3000"),
    )


def _role_with(perm: str) -> str:
    return next(
        role for role in (Role.SECRETARY, Role.COMMITTEE, Role.ACCOUNTANT) if role_can(role, perm)
    )


def _role_without(perm: str) -> str:
    return next(role for role in (Role.VIEWER, Role.PARTNER) if not role_can(role, perm))


_receipts = iter(range(1, 10_000))


def _take(application: Application, source: str, target: str, member) -> None:
    """The service a page calls for one step, as this member."""
    user = member.user
    common = {"application": application, "actor": user, "member": member}
    if target == S.SUBMITTED:
        services.submit(**common)
    elif target == S.UNDER_REVIEW:
        services.start_review(**common)
    elif target == S.APPROVED:
        services.approve(amount=Decimal("3000"), **common)
    elif target == S.RETURNED:
        services.return_for_info(reason="ขาดเอกสาร", **common)
    elif target == S.REJECTED:
        services.reject(reason="ไม่ตรงกลุ่มเป้าหมาย", **common)
    elif target == S.WITHDRAWN:
        services.withdraw(reason="ย้ายไปทำงานที่อื่น", **common)
    elif target == S.DISBURSED:
        services.disburse(
            amount=Decimal("3000"),
            date=dt.date(2024, 3, 1),
            method=DisbursementMethod.CASH,
            receipt_number=f"R-{next(_receipts)}",
            **common,
        )
    elif target == S.REPORTING:
        services.start_reporting(report_due=dt.date(2024, 9, 1), **common)
    elif target == S.CLOSED:
        services.record_follow_up(
            application=application, result=FollowUpResult.RUNNING, actor=user
        )
        services.close(**common)


# How to reach each source status from a draft, as (from, to) steps.
PATH = {
    S.DRAFT: [],
    S.SUBMITTED: [(S.DRAFT, S.SUBMITTED)],
    S.UNDER_REVIEW: [(S.DRAFT, S.SUBMITTED), (S.SUBMITTED, S.UNDER_REVIEW)],
    S.RETURNED: [
        (S.DRAFT, S.SUBMITTED),
        (S.SUBMITTED, S.UNDER_REVIEW),
        (S.UNDER_REVIEW, S.RETURNED),
    ],
    S.APPROVED: [
        (S.DRAFT, S.SUBMITTED),
        (S.SUBMITTED, S.UNDER_REVIEW),
        (S.UNDER_REVIEW, S.APPROVED),
    ],
    S.DISBURSED: [
        (S.DRAFT, S.SUBMITTED),
        (S.SUBMITTED, S.UNDER_REVIEW),
        (S.UNDER_REVIEW, S.APPROVED),
        (S.APPROVED, S.DISBURSED),
    ],
    S.REPORTING: [
        (S.DRAFT, S.SUBMITTED),
        (S.SUBMITTED, S.UNDER_REVIEW),
        (S.UNDER_REVIEW, S.APPROVED),
        (S.APPROVED, S.DISBURSED),
        (S.DISBURSED, S.REPORTING),
    ],
}


def _reach(application, network, status):
    admin = MembershipFactory(network=network, role=Role.ADMIN)
    for source, target in PATH[status]:
        _take(application, source, target, admin)
    application.refresh_from_db()
    assert application.status == status


@pytest.mark.parametrize(("source", "target", "perm", "reason_required"), sorted(APPLICATION_STEPS))
def test_each_application_step_succeeds_for_a_role_holding_its_permission(
    network, application, source, target, perm, reason_required
):
    _reach(application, network, source)
    member = MembershipFactory(network=network, role=_role_with(perm))
    before = StatusChange.objects.filter(application=application).count()
    _take(application, source, target, member)
    application.refresh_from_db()
    assert application.status == target
    last = StatusChange.objects.filter(application=application).order_by("-pk").first()
    assert (last.from_status, last.to_status, last.changed_by) == (source, target, member.user)
    if reason_required:
        assert last.reason
    assert StatusChange.objects.filter(application=application).count() == before + 1


@pytest.mark.parametrize(("source", "target", "perm", "reason_required"), sorted(APPLICATION_STEPS))
def test_each_application_step_is_refused_to_a_role_without_its_permission(
    network, application, source, target, perm, reason_required
):
    _reach(application, network, source)
    member = MembershipFactory(network=network, role=_role_without(perm))
    before = StatusChange.objects.filter(application=application).count()
    with pytest.raises(ValidationError) as refused:
        _take(application, source, target, member)
    assert refused.value.code == "permission_denied"
    application.refresh_from_db()
    assert application.status == source
    assert StatusChange.objects.filter(application=application).count() == before


def test_the_accountant_may_pay_but_not_decide(network, application):
    _reach(application, network, S.UNDER_REVIEW)
    accountant = MembershipFactory(network=network, role=Role.ACCOUNTANT)
    with pytest.raises(ValidationError):
        _take(application, S.UNDER_REVIEW, S.APPROVED, accountant)


# Capacity-building projects

C = CapacityStatus
CAPACITY_PATH = {
    C.CONSIDERING: [],
    C.APPROVED: ["approved"],
    C.REJECTED: ["rejected"],
    C.DONE: ["approved", "done"],
}


def _capacity(network, status, member):
    project = services.create_capacity_project(network=network, title="ยกระดับ", objectives=["หนึ่ง"])
    for target in CAPACITY_PATH[status]:
        services.set_capacity_status(
            project=project, status=target, actor=member.user, member=member, reason="ตามมติ"
        )
    project.refresh_from_db()
    assert project.status == status
    return project


@pytest.mark.parametrize(("source", "target", "perm", "reason_required"), sorted(CAPACITY_STEPS))
def test_each_capacity_step_succeeds_for_the_secretary_and_is_recorded(
    network, source, target, perm, reason_required
):
    secretary = MembershipFactory(network=network, role=_role_with(perm))
    project = _capacity(network, source, secretary)
    before = CapacityStatusChange.objects.count()
    services.set_capacity_status(
        project=project, status=target, actor=secretary.user, member=secretary, reason="ตามมติ"
    )
    assert CapacityProject.objects.get(pk=project.pk).status == target
    last = CapacityStatusChange.objects.order_by("-pk").first()
    assert (last.from_status, last.to_status, last.changed_by) == (source, target, secretary.user)
    assert CapacityStatusChange.objects.count() == before + 1
    if reason_required:
        with pytest.raises(ValidationError):
            services.set_capacity_status(
                project=_capacity(network, source, secretary),
                status=target,
                actor=secretary.user,
                member=secretary,
                reason=" ",
            )


@pytest.mark.parametrize(("source", "target"), unlisted(C, CAPACITY_STEPS))
def test_every_unlisted_capacity_step_is_refused(network, source, target):
    secretary = MembershipFactory(network=network, role=Role.SECRETARY)
    project = _capacity(network, source, secretary)
    before = CapacityStatusChange.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.set_capacity_status(
            project=project, status=target, actor=secretary.user, member=secretary, reason="x"
        )
    assert refused.value.code == "invalid_transition"
    assert CapacityProject.objects.get(pk=project.pk).status == source
    assert CapacityStatusChange.objects.count() == before


def test_a_viewer_cannot_step_a_capacity_project(network):
    project = _capacity(network, C.CONSIDERING, MembershipFactory(network=network))
    viewer = MembershipFactory(network=network, role=Role.VIEWER)
    with pytest.raises(ValidationError):
        services.set_capacity_status(
            project=project, status=C.APPROVED, actor=viewer.user, member=viewer
        )
    assert CapacityProject.objects.get(pk=project.pk).status == C.CONSIDERING


def test_the_capacity_page_offers_the_declared_steps_and_takes_them(network, member):
    secretary = member(Role.SECRETARY)
    project = _capacity(network, C.CONSIDERING, secretary.membership)
    url = project.get_absolute_url()
    page = secretary.get(url).content.decode()
    assert 'value="approve"' in page and 'value="reject"' in page
    assert 'value="complete"' not in page
    secretary.post(url, {"step": "approve"})
    assert CapacityProject.objects.get(pk=project.pk).status == C.APPROVED
    viewer_page = member(Role.VIEWER).get(url).content.decode()
    assert 'value="complete"' not in viewer_page


# Who may not review may not decide


@pytest.fixture
def under_review(network, programme, village):
    household = HouseholdFactory(network=network, village=village)
    application = services.create_application(
        programme=programme,
        applicant=PersonFactory(network=network, village=village, household=household),
        kind="occupational",
        purpose="ทุน",
        requested_amount=Decimal("3000"),
    )
    _reach(application, network, S.UNDER_REVIEW)
    return application


def test_a_committee_member_of_the_applicants_household_may_not_decide(network, under_review):
    relative = PersonFactory(
        network=network,
        household=under_review.applicant.household,
        village=under_review.village,
    )
    member = MembershipFactory(network=network, role=Role.COMMITTEE, person=relative)
    allowed = services.eligibility(under_review, member=member, user=member.user)
    assert (allowed.can_review, allowed.can_decide, allowed.household_conflict) == (
        False,
        False,
        True,
    )
    for decide in (
        lambda: services.approve(
            application=under_review, amount=Decimal("1000"), actor=member.user, member=member
        ),
        lambda: services.reject(
            application=under_review, actor=member.user, member=member, reason="x"
        ),
        lambda: services.return_for_info(
            application=under_review, actor=member.user, member=member, reason="x"
        ),
    ):
        with pytest.raises(ValidationError) as refused:
            decide()
        assert refused.value.code == "conflict_of_interest"
    under_review.refresh_from_db()
    assert under_review.status == S.UNDER_REVIEW


def test_a_member_who_declared_a_conflict_may_not_decide(network, under_review):
    member = MembershipFactory(network=network, role=Role.COMMITTEE)
    services.record_review(
        application=under_review,
        reviewer=member.user,
        reviewer_person=None,
        conflict_declared=True,
    )
    assert not services.eligibility(under_review, member=member, user=member.user).can_decide
    with pytest.raises(ValidationError) as refused:
        services.approve(
            application=under_review, amount=Decimal("1000"), actor=member.user, member=member
        )
    assert refused.value.code == "conflict_of_interest"


def test_an_unconflicted_committee_member_may_review_and_decide(network, under_review):
    member = MembershipFactory(
        network=network, role=Role.COMMITTEE, person=PersonFactory(network=network)
    )
    allowed = services.eligibility(under_review, member=member, user=member.user)
    assert (allowed.can_review, allowed.can_decide, allowed.household_conflict) == (
        True,
        True,
        False,
    )
    services.approve(
        application=under_review, amount=Decimal("1000"), actor=member.user, member=member
    )
    assert Application.objects.get(pk=under_review.pk).status == S.APPROVED
    # Once decided, nobody is asked to review or decide it.
    under_review.refresh_from_db()
    after = services.eligibility(under_review, member=member, user=member.user)
    assert (after.can_review, after.can_decide) == (False, False)
    assert not Review.objects.exists()


# One definition of "applications received"


def _received(figures) -> str:
    (value,) = [value for label, value in figures if "received" in str(label)]
    return value


def _received_on_agenda_and_in_report(network) -> tuple[str, str]:
    today = timezone.localdate()
    month_start = today.replace(day=1)
    with translation.override("en"):
        agenda = welfare_progress(network, month_start - dt.timedelta(days=1), today)
        section = welfare_monthly_section(network, month_start, today)
    assert agenda is not None and section is not None
    return _received(agenda.figures), _received(section.figures)


def test_an_application_returned_and_resubmitted_is_received_once_on_the_agenda_and_in_the_report(
    network, application
):
    admin = MembershipFactory(network=network, role=Role.ADMIN)
    _take(application, S.DRAFT, S.SUBMITTED, admin)
    _take(application, S.SUBMITTED, S.UNDER_REVIEW, admin)
    _take(application, S.UNDER_REVIEW, S.RETURNED, admin)
    _take(application, S.RETURNED, S.SUBMITTED, admin)
    assert StatusChange.objects.filter(to_status=S.SUBMITTED).count() == 2
    assert _received_on_agenda_and_in_report(network) == ("1", "1")


def test_two_applications_submitted_are_two_received_in_both(network, programme, village):
    admin = MembershipFactory(network=network, role=Role.ADMIN)
    for _ in range(2):
        application = services.create_application(
            programme=programme,
            applicant=PersonFactory(network=network, village=village),
            kind="occupational",
            purpose="ทุน",
            requested_amount=Decimal("1000"),
        )
        _take(application, S.DRAFT, S.SUBMITTED, admin)
    assert _received_on_agenda_and_in_report(network) == ("2", "2")


# Money figures from the services


def test_the_programme_list_money_counts_committed_amounts_and_not_drafts(
    network, programme, application
):
    admin = MembershipFactory(network=network, role=Role.ADMIN)
    _reach(application, network, S.APPROVED)
    services.create_application(
        programme=programme,
        applicant=PersonFactory(network=network, village=application.village),
        kind="occupational",
        purpose="ร่าง",
        requested_amount=Decimal("500"),
    )
    (row,) = services.programmes_with_money(network)
    assert (row.allocated, row.applications_count, row.approved) == (
        Decimal("10000.00"),
        1,
        Decimal("3000.00"),
    )
    assert services.paid_total(application) == Decimal("0.00")
    _take(application, S.APPROVED, S.DISBURSED, admin)
    assert services.paid_total(application) == Decimal("3000.00")
