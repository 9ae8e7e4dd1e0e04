"""Welfare grants through the service layer: the application path and its refusals,
allocations, caps, the conflict-of-interest rule, the village board and tenancy."""

import datetime as dt
import itertools
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tests.core.test_workflow import APPLICATION_STEPS, pairs
from tests.factories import (
    AllocationFactory,
    ApplicationFactory,
    HouseholdFactory,
    PartnerFactory,
    PersonFactory,
    ProgrammeFactory,
    ResolutionFactory,
    UserFactory,
    VillageFactory,
)
from welfare import services
from welfare.models import (
    Allocation,
    Application,
    ApplicationStatus,
    CapacityObjective,
    CapacityProject,
    CapacityStatus,
    Disbursement,
    DisbursementMethod,
    FollowUpResult,
    GrantKind,
    Review,
    StatusChange,
)

pytestmark = pytest.mark.django_db

S = ApplicationStatus
PAY_DAY = dt.date(2024, 3, 1)
_receipts = itertools.count(1)


def pay(application: Application, amount: str = "3000", **kwargs) -> Disbursement:
    kwargs.setdefault("receipt_number", f"R-{next(_receipts)}")
    return services.disburse(
        application=application,
        amount=Decimal(amount),
        date=PAY_DAY,
        method=DisbursementMethod.CASH,
        actor=None,
        **kwargs,
    )


def _close(application: Application) -> Application:
    if application.status == S.REPORTING:
        services.record_follow_up(
            application=application, result=FollowUpResult.RUNNING, actor=None
        )
    return services.close(application=application, actor=None)


# One service call per target status, as a committee would take the step.
STEP: dict[str, Callable[[Application], object]] = {
    S.SUBMITTED: lambda a: services.submit(application=a, actor=None),
    S.UNDER_REVIEW: lambda a: services.start_review(application=a, actor=None),
    S.RETURNED: lambda a: services.return_for_info(application=a, actor=None, reason="ขาดเอกสาร"),
    S.REJECTED: lambda a: services.reject(application=a, actor=None, reason="ไม่ตรงกลุ่มเป้าหมาย"),
    S.WITHDRAWN: lambda a: services.withdraw(application=a, actor=None, reason="ย้ายไปทำงานที่อื่น"),
    S.APPROVED: lambda a: services.approve(application=a, amount=Decimal("3000"), actor=None),
    S.DISBURSED: lambda a: pay(a),
    S.REPORTING: lambda a: services.start_reporting(
        application=a, actor=None, report_due=dt.date(2024, 9, 1)
    ),
    S.CLOSED: _close,
}

# How to reach each status from a draft.
PATH: dict[str, list[str]] = {
    S.DRAFT: [],
    S.SUBMITTED: [S.SUBMITTED],
    S.UNDER_REVIEW: [S.SUBMITTED, S.UNDER_REVIEW],
    S.RETURNED: [S.SUBMITTED, S.UNDER_REVIEW, S.RETURNED],
    S.REJECTED: [S.SUBMITTED, S.UNDER_REVIEW, S.REJECTED],
    S.APPROVED: [S.SUBMITTED, S.UNDER_REVIEW, S.APPROVED],
    S.DISBURSED: [S.SUBMITTED, S.UNDER_REVIEW, S.APPROVED, S.DISBURSED],
    S.REPORTING: [S.SUBMITTED, S.UNDER_REVIEW, S.APPROVED, S.DISBURSED, S.REPORTING],
    S.CLOSED: [S.SUBMITTED, S.UNDER_REVIEW, S.APPROVED, S.DISBURSED, S.REPORTING, S.CLOSED],
    S.WITHDRAWN: [S.WITHDRAWN],
}


def reach(application: Application, status: str) -> Application:
    for step in PATH[status]:
        STEP[step](application)
        application.refresh_from_db()
    assert application.status == status
    return application


@pytest.fixture
def village(network):
    return VillageFactory(network=network)


@pytest.fixture
def programme(network, village):
    programme = ProgrammeFactory(network=network, total_budget=Decimal("100000"))
    AllocationFactory(network=network, programme=programme, village=village, amount=10000)
    return programme


@pytest.fixture
def make_application(network, programme, village):
    def make(**kwargs) -> Application:
        applicant = kwargs.pop("applicant", None) or PersonFactory(network=network, village=village)
        return services.create_application(
            programme=programme,
            applicant=applicant,
            kind=kwargs.pop("kind", GrantKind.OCCUPATIONAL),
            purpose=kwargs.pop("purpose", "ทุนเลี้ยงไก่ไข่"),
            requested_amount=Decimal(kwargs.pop("requested_amount", "3000")),
            **kwargs,
        )

    return make


@pytest.fixture
def application(make_application):
    return make_application()


# The path: every allowed step succeeds, every other one is refused and changes nothing

ALL_PAIRS = [(f, t) for f in PATH for t in STEP if f != t]
# The path as written out by hand in tests/core/test_workflow.py, not read from the code.
ALLOWED = pairs(APPLICATION_STEPS)


def test_the_path_covers_every_status():
    assert set(PATH) == set(S)
    assert set(STEP) == set(S) - {S.DRAFT}
    assert len(ALL_PAIRS) == 10 * 9 - 9  # no step back to a draft


@pytest.mark.parametrize(("from_status", "to_status"), sorted(ALLOWED))
def test_it_takes_every_allowed_step(application, from_status, to_status):
    reach(application, from_status)
    before = application.status_changes.count()
    STEP[to_status](application)
    application.refresh_from_db()
    assert application.status == to_status
    last = application.status_changes.order_by("-pk").first()
    assert (last.from_status, last.to_status) == (from_status, to_status)
    assert application.status_changes.count() == before + 1


@pytest.mark.parametrize(("from_status", "to_status"), [p for p in ALL_PAIRS if p not in ALLOWED])
def test_it_refuses_every_step_off_the_path_and_changes_nothing(
    application, from_status, to_status
):
    reach(application, from_status)
    snapshot = (
        Application.objects.values().get(pk=application.pk),
        StatusChange.objects.count(),
        Disbursement.objects.count(),
    )
    with pytest.raises(ValidationError) as refused:
        STEP[to_status](application)
    assert refused.value.code == "invalid_transition"
    assert snapshot == (
        Application.objects.values().get(pk=application.pk),
        StatusChange.objects.count(),
        Disbursement.objects.count(),
    )


def test_it_names_both_statuses_in_a_refusal(application):
    with translation.override("en"), pytest.raises(ValidationError, match=r"Draft.*Approved"):
        STEP[S.APPROVED](application)


def test_it_records_every_step_with_who_when_and_why(application):
    alice = UserFactory()
    services.submit(application=application, actor=alice)
    services.start_review(application=application, actor=alice)
    services.return_for_info(application=application, actor=alice, reason="  ขอสำเนาบัตร  ")
    services.submit(application=application, actor=alice)
    changes = list(application.status_changes.all())
    assert [(c.from_status, c.to_status) for c in changes] == [
        (S.DRAFT, S.SUBMITTED),
        (S.SUBMITTED, S.UNDER_REVIEW),
        (S.UNDER_REVIEW, S.RETURNED),
        (S.RETURNED, S.SUBMITTED),
    ]
    assert {c.changed_by for c in changes} == {alice}
    assert all(c.changed_at is not None for c in changes)
    assert changes[2].reason == "ขอสำเนาบัตร"


def test_it_keeps_the_path_in_the_audit_history(application):
    reach(application, S.CLOSED)
    statuses = list(
        application.history.order_by("history_date", "history_id").values_list("status", flat=True)
    )
    assert statuses[0] == S.DRAFT
    assert statuses[-1] == S.CLOSED


@pytest.mark.parametrize(
    ("service", "from_status"),
    [
        (services.return_for_info, S.UNDER_REVIEW),
        (services.reject, S.UNDER_REVIEW),
        (services.withdraw, S.SUBMITTED),
    ],
)
@pytest.mark.parametrize("reason", ["", "   "])
def test_it_requires_a_reason_to_return_reject_or_withdraw(
    application, service, from_status, reason
):
    reach(application, from_status)
    with pytest.raises(ValidationError) as refused:
        service(application=application, actor=None, reason=reason)
    assert refused.value.code == "reason_required"
    application.refresh_from_db()
    assert application.status == from_status
    assert application.status_changes.count() == len(PATH[from_status])


def test_it_records_the_decision_with_the_cited_resolution(network, application):
    bob = UserFactory()
    resolution = ResolutionFactory(network=network)
    reach(application, S.UNDER_REVIEW)
    services.approve(
        application=application,
        amount=Decimal("2500"),
        actor=bob,
        reason="ตามมติ",
        resolution=resolution,
    )
    application.refresh_from_db()
    assert application.approved_amount == Decimal("2500.00")
    assert application.decided_by == bob
    assert application.decided_at is not None
    assert application.resolution == resolution
    assert application.decision_reason == "ตามมติ"


def test_it_refuses_a_resolution_of_another_network(application, other_network):
    reach(application, S.UNDER_REVIEW)
    with pytest.raises(ValidationError) as refused:
        services.reject(
            application=application,
            actor=None,
            reason="x",
            resolution=ResolutionFactory(network=other_network),
        )
    assert refused.value.code == "other_network"


@pytest.mark.parametrize(("amount", "code"), [("3000.01", "over_request"), ("0", "amount")])
def test_it_approves_no_more_than_requested_and_more_than_nothing(application, amount, code):
    reach(application, S.UNDER_REVIEW)
    with pytest.raises(ValidationError) as refused:
        services.approve(application=application, amount=Decimal(amount), actor=None)
    assert refused.value.code == code
    application.refresh_from_db()
    assert (application.status, application.approved_amount) == (S.UNDER_REVIEW, None)


def test_it_needs_the_follow_up_before_closing(application):
    reach(application, S.REPORTING)
    with pytest.raises(ValidationError) as refused:
        services.close(application=application, actor=None)
    assert refused.value.code == "follow_up_required"
    services.record_follow_up(
        application=application, result=FollowUpResult.STOPPED, note=" ขาดทุน ", actor=None
    )
    services.close(application=application, actor=None)
    application.refresh_from_db()
    assert (application.status, application.follow_up_result, application.follow_up_note) == (
        S.CLOSED,
        FollowUpResult.STOPPED,
        "ขาดทุน",
    )


def test_it_records_follow_up_only_in_reporting(application):
    reach(application, S.DISBURSED)
    with pytest.raises(ValidationError) as refused:
        services.record_follow_up(application=application, result="running", actor=None)
    assert refused.value.code == "invalid_transition"


def test_it_flags_a_late_outcome_report(application):
    reach(application, S.REPORTING)
    assert application.report_due == dt.date(2024, 9, 1)
    assert not application.is_report_late(today=dt.date(2024, 9, 1))
    assert application.is_report_late(today=dt.date(2024, 9, 2))
    _close(application)
    application.refresh_from_db()
    assert not application.is_report_late(today=dt.date(2024, 9, 2))


def test_it_accepts_only_the_kinds_a_programme_allows(network, village):
    programme = ProgrammeFactory(network=network, grant_kinds=[GrantKind.EDUCATION])
    applicant = PersonFactory(network=network, village=village)
    with pytest.raises(ValidationError) as refused:
        services.create_application(
            programme=programme,
            applicant=applicant,
            kind=GrantKind.OCCUPATIONAL,
            purpose="x",
            requested_amount=Decimal("100"),
        )
    assert refused.value.code == "grant_kind"


def test_it_needs_a_village_when_the_applicant_has_none(network, make_application):
    with pytest.raises(ValidationError) as refused:
        make_application(applicant=PersonFactory(network=network, village=None))
    assert refused.value.code == "village_required"
    assert not Application.objects.exists()


# Allocations


def test_it_sets_every_village_the_same_allocation_in_one_action(network):
    villages = VillageFactory.create_batch(3, network=network)
    VillageFactory(network=ProgrammeFactory().network)  # another network's village
    programme = ProgrammeFactory(network=network, total_budget=Decimal("30000"))
    services.set_allocations_equal(programme=programme, amount=Decimal("10000"))
    assert sorted(programme.allocations.values_list("village", "amount")) == [
        (v.pk, Decimal("10000.00")) for v in villages
    ]
    services.set_allocations_equal(programme=programme, amount=Decimal("5000"))
    assert set(programme.allocations.values_list("amount", flat=True)) == {Decimal("5000.00")}
    assert programme.allocations.count() == 3


def test_it_refuses_allocations_past_the_budget(network):
    first, second = VillageFactory.create_batch(2, network=network)
    programme = ProgrammeFactory(network=network, total_budget=Decimal("15000"))
    with pytest.raises(ValidationError) as refused:
        services.set_allocations_equal(programme=programme, amount=Decimal("10000"))
    assert refused.value.code == "over_budget"
    assert not programme.allocations.exists()
    services.set_allocation(programme=programme, village=first, amount=Decimal("10000"))
    with pytest.raises(ValidationError) as refused:
        services.set_allocation(programme=programme, village=second, amount=Decimal("5000.01"))
    assert refused.value.code == "over_budget"
    services.set_allocation(programme=programme, village=second, amount=Decimal("5000"))
    services.set_allocation(programme=programme, village=first, amount=Decimal("9000"))
    assert sorted(programme.allocations.values_list("amount", flat=True)) == [
        Decimal("5000.00"),
        Decimal("9000.00"),
    ]


def test_it_refuses_to_allocate_less_than_already_approved(programme, village, application):
    reach(application, S.APPROVED)
    with pytest.raises(ValidationError) as refused:
        services.set_allocation(programme=programme, village=village, amount=Decimal("2999"))
    assert refused.value.code == "below_approved"
    services.set_allocation(programme=programme, village=village, amount=Decimal("3000"))


def test_it_refuses_a_village_of_another_network(programme, other_network):
    with pytest.raises(ValidationError) as refused:
        services.set_allocation(
            programme=programme, village=VillageFactory(network=other_network), amount=1
        )
    assert refused.value.code == "other_network"


# Caps (one after another; the concurrent cases are in test_concurrency)


def test_it_never_approves_past_the_village_allocation(make_application, programme, village):
    services.set_allocation(programme=programme, village=village, amount=Decimal("5000"))
    first, second = make_application(), make_application()
    reach(first, S.UNDER_REVIEW)
    reach(second, S.UNDER_REVIEW)
    services.approve(application=first, amount=Decimal("3000"), actor=None)
    with pytest.raises(ValidationError, match=r"2,000\.00") as refused:
        services.approve(application=second, amount=Decimal("2000.01"), actor=None)
    assert refused.value.code == "over_allocation"
    second.refresh_from_db()
    assert (second.status, second.approved_amount) == (S.UNDER_REVIEW, None)
    services.approve(application=second, amount=Decimal("2000"), actor=None)


def test_it_frees_the_allocation_when_an_approved_grant_is_withdrawn(make_application):
    first, second = make_application(requested_amount="10000"), make_application()
    reach(first, S.UNDER_REVIEW)
    reach(second, S.UNDER_REVIEW)
    services.approve(application=first, amount=Decimal("10000"), actor=None)
    with pytest.raises(ValidationError):
        services.approve(application=second, amount=Decimal("1"), actor=None)
    services.withdraw(application=first, actor=None, reason="สละสิทธิ์")
    services.approve(application=second, amount=Decimal("3000"), actor=None)


def test_it_refuses_approval_in_a_village_without_allocation(network, programme):
    application = ApplicationFactory(network=network, programme=programme)
    reach(application, S.UNDER_REVIEW)
    with pytest.raises(ValidationError) as refused:
        services.approve(application=application, amount=Decimal("1"), actor=None)
    assert refused.value.code == "no_allocation"


def test_it_never_pays_more_than_approved(application):
    reach(application, S.UNDER_REVIEW)
    services.approve(application=application, amount=Decimal("3000"), actor=None)
    pay(application, "2000")
    application.refresh_from_db()
    assert application.status == S.DISBURSED
    with pytest.raises(ValidationError, match=r"1,000\.00") as refused:
        pay(application, "1000.01")
    assert refused.value.code == "over_approved"
    pay(application, "1000")
    assert application.disbursements.count() == 2
    with pytest.raises(ValidationError):
        pay(application, "0.01")


def test_it_refuses_a_receipt_number_used_before(make_application):
    first, second = make_application(), make_application()
    reach(first, S.APPROVED)
    reach(second, S.APPROVED)
    pay(first, "100", receipt_number="001/2567")
    with pytest.raises(ValidationError) as refused:
        pay(second, "100", receipt_number="001/2567")
    assert refused.value.code == "duplicate_receipt"
    second.refresh_from_db()
    assert second.status == S.APPROVED


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [({"method": "gold"}, "method"), ({"receipt_number": " "}, "receipt_required")],
)
def test_it_needs_a_method_and_a_receipt_to_pay(application, kwargs, code):
    reach(application, S.APPROVED)
    kwargs = {"method": DisbursementMethod.CASH, "receipt_number": "R-x", **kwargs}
    with pytest.raises(ValidationError) as refused:
        services.disburse(
            application=application, amount=Decimal("1"), date=PAY_DAY, actor=None, **kwargs
        )
    assert refused.value.code == code


# Committee review and conflicts of interest


@pytest.fixture
def household(network, village):
    return HouseholdFactory(network=network, village=village)


@pytest.fixture
def under_review(make_application, network, village, household):
    applicant = PersonFactory(network=network, village=village, household=household)
    return reach(make_application(applicant=applicant), S.UNDER_REVIEW)


def test_it_records_a_recommendation(under_review, network):
    carol = UserFactory()
    review = services.record_review(
        application=under_review,
        reviewer=carol,
        reviewer_person=PersonFactory(network=network),
        recommendation="yes",
        comment=" ดี ",
    )
    assert (review.recommendation, review.comment, review.network) == ("yes", "ดี", network)


def test_it_lets_a_reviewer_change_their_recommendation(under_review):
    carol = UserFactory()
    services.record_review(
        application=under_review, reviewer=carol, reviewer_person=None, recommendation="maybe"
    )
    services.record_review(
        application=under_review, reviewer=carol, reviewer_person=None, recommendation="no"
    )
    assert list(Review.objects.values_list("recommendation", flat=True)) == ["no"]


def test_it_refuses_a_reviewer_from_the_applicants_household(under_review, network, household):
    relative = PersonFactory(network=network, household=household, village=household.village)
    with pytest.raises(ValidationError) as refused:
        services.record_review(
            application=under_review,
            reviewer=UserFactory(),
            reviewer_person=relative,
            recommendation="yes",
        )
    assert refused.value.code == "conflict_of_interest"
    assert not Review.objects.exists()


def test_it_records_a_declared_conflict_without_a_recommendation(under_review):
    dave = UserFactory()
    review = services.record_review(
        application=under_review, reviewer=dave, reviewer_person=None, conflict_declared=True
    )
    assert (review.conflict_declared, review.recommendation) == (True, "")
    with pytest.raises(ValidationError) as refused:
        services.record_review(
            application=under_review,
            reviewer=dave,
            reviewer_person=None,
            recommendation="yes",
            conflict_declared=True,
        )
    assert refused.value.code == "conflict_of_interest"
    assert Review.objects.get().recommendation == ""


def test_it_does_not_match_people_without_a_household(network, village, make_application):
    """Two people with no household recorded do not share one: the review is taken."""
    applicant = PersonFactory(network=network, village=village, household=None)
    application = reach(make_application(applicant=applicant), S.UNDER_REVIEW)
    neighbour = PersonFactory(network=network, village=village, household=None)
    reviewer = UserFactory()

    review = services.record_review(
        application=application,
        reviewer=reviewer,
        reviewer_person=neighbour,
        recommendation="yes",
    )

    assert Review.objects.get() == review
    assert (review.application, review.reviewer, review.recommendation) == (
        application,
        reviewer,
        "yes",
    )
    assert review.conflict_declared is False


def test_it_needs_a_recommendation(under_review):
    with pytest.raises(ValidationError) as refused:
        services.record_review(
            application=under_review, reviewer=UserFactory(), reviewer_person=None
        )
    assert refused.value.code == "recommendation_required"


@pytest.mark.parametrize("status", [S.SUBMITTED, S.APPROVED])
def test_it_reviews_only_applications_under_review(application, status):
    reach(application, status)
    with pytest.raises(ValidationError) as refused:
        services.record_review(
            application=application,
            reviewer=UserFactory(),
            reviewer_person=None,
            recommendation="yes",
        )
    assert refused.value.code == "invalid_transition"


# Tenancy: every welfare row shares its parent's network


def test_every_welfare_row_has_its_parents_network(network, other_network, village):
    partner = PartnerFactory(network=network)
    programme = services.create_programme(
        network=network,
        name="กองทุนเยาวชน",
        year=2007,
        total_budget=Decimal("50000"),
        funders=[partner],
    )
    services.set_allocations_equal(programme=programme, amount=Decimal("10000"))
    applicant = PersonFactory(network=network, village=village)
    application = services.create_application(
        programme=programme,
        applicant=applicant,
        kind=GrantKind.OCCUPATIONAL,
        purpose="ขายของชำ",
        requested_amount=Decimal("4000"),
    )
    reach(application, S.UNDER_REVIEW)
    services.record_review(
        application=application, reviewer=UserFactory(), reviewer_person=None, recommendation="yes"
    )
    reach_rest = [S.APPROVED, S.DISBURSED, S.REPORTING, S.CLOSED]
    for step in reach_rest:
        STEP[step](application)
    project = services.create_capacity_project(
        network=network, title="เสริมศักยภาพ", objectives=["ก"]
    )

    assert programme.network == network
    for allocation in Allocation.objects.all():
        assert (
            allocation.network_id
            == allocation.programme.network_id
            == allocation.village.network_id
        )
    application.refresh_from_db()
    assert application.network_id == programme.network_id == applicant.network_id
    for child in [
        *application.status_changes.all(),
        *application.reviews.all(),
        *application.disbursements.all(),
    ]:
        assert child.network_id == application.network_id
    for objective in project.objectives.all():
        assert objective.network_id == project.network_id
    assert not StatusChange.objects.filter(network=other_network).exists()


def test_it_refuses_an_applicant_of_another_network(programme, other_network):
    with pytest.raises(ValidationError) as refused:
        services.create_application(
            programme=programme,
            applicant=PersonFactory(network=other_network),
            kind=GrantKind.OCCUPATIONAL,
            purpose="x",
            requested_amount=Decimal("1"),
        )
    assert refused.value.code == "other_network"
    assert not Application.objects.exists()


def test_it_refuses_a_funder_of_another_network(network, other_network):
    with pytest.raises(ValidationError):
        services.create_programme(
            network=network,
            name="x",
            year=2007,
            total_budget=Decimal("1"),
            funders=[PartnerFactory(network=other_network)],
        )


# The committee's village board


def test_the_board_sums_each_village(network, programme, village, make_application):
    quiet = VillageFactory(network=network)
    approved, paid, waiting, _draft, rejected = (make_application() for _ in range(5))
    reach(approved, S.APPROVED)
    reach(paid, S.APPROVED)
    pay(paid, "1000")
    reach(waiting, S.UNDER_REVIEW)
    reach(rejected, S.REJECTED)
    rows = {row.pk: row for row in services.village_board(programme)}
    row = rows[village.pk]
    assert (row.allocation, row.requested, row.approved, row.disbursed, row.remaining) == (
        Decimal("10000.00"),
        Decimal("12000.00"),
        Decimal("6000.00"),
        Decimal("1000.00"),
        Decimal("4000.00"),
    )
    assert row.awaiting_review == 1
    empty = rows[quiet.pk]
    assert (empty.allocation, empty.approved, empty.remaining, empty.awaiting_review) == (
        0,
        0,
        0,
        0,
    )


def test_the_board_ignores_other_programmes_and_networks(network, programme, village):
    other = ApplicationFactory(network=network, village=village)  # another programme
    reach(other, S.SUBMITTED)
    ApplicationFactory()  # another network
    (row,) = services.village_board(programme)
    assert (row.requested, row.awaiting_review) == (0, 0)


def _board_queries(network, villages: int) -> int:
    programme = ProgrammeFactory(network=network, total_budget=Decimal("10000000"))
    for _ in range(villages):
        village = VillageFactory(network=network)
        AllocationFactory(network=network, programme=programme, village=village)
        ApplicationFactory(network=network, programme=programme, village=village)
    with CaptureQueriesContext(connection) as queries:
        rows = list(services.village_board(programme))
        [(r.allocation, r.requested, r.approved, r.disbursed, r.remaining) for r in rows]
    assert len(rows) == villages
    return len(queries)


def test_the_boards_query_count_does_not_grow_with_villages(network, other_network):
    assert _board_queries(network, 5) == _board_queries(other_network, 80) == 1


# Capacity building


def test_it_records_the_capacity_proposal_with_its_objectives(network):
    project = services.create_capacity_project(
        network=network,
        title="ยกระดับศักยภาพสวัสดิการชุมชนระดับตำบล",
        objectives=["หนึ่ง", " ", "สอง", "สาม", "สี่"],
    )
    assert project.status == CapacityStatus.CONSIDERING
    assert list(project.objectives.values_list("position", "text")) == [
        (1, "หนึ่ง"),
        (2, "สอง"),
        (3, "สาม"),
        (4, "สี่"),
    ]
    services.set_capacity_status(project=project, status=CapacityStatus.APPROVED)
    assert CapacityProject.objects.get().status == CapacityStatus.APPROVED
    with pytest.raises(ValidationError):
        services.set_capacity_status(project=project, status="bogus")
    assert CapacityObjective.objects.count() == 4
