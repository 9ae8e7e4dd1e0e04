"""Welfare grants: allocations, the application path, reviews, decisions, disbursements
and follow-up. Each change is one transaction that locks the rows it decides on."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from core.roles import Workstream
from core.types import Actor
from core.workflow import Member, transition, transition_to
from network.models import Network, Partner, Person, Resolution, Village
from welfare.models import (
    AWAITING_REVIEW_STATUSES,
    COMMITTED_STATUSES,
    REQUESTED_STATUSES,
    Allocation,
    Application,
    ApplicationStatus,
    Attachment,
    CapacityObjective,
    CapacityProject,
    CapacityStatus,
    Disbursement,
    DisbursementMethod,
    FollowUpResult,
    GrantKind,
    Programme,
    Recommendation,
    Review,
    StatusChange,
    TargetGroup,
)
from welfare.permissions import WelfarePerm
from welfare.workflows import APPLICATION_WORKFLOW

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=12, decimal_places=2)


def _same_network(network: Network, *objs: object) -> None:
    """Refuse rows of another network: a welfare row's parents all share its network."""
    for obj in objs:
        if obj is not None and getattr(obj, "network_id", None) != network.pk:
            raise ValidationError(
                _("%(object)s belongs to another network.") % {"object": obj},
                code="other_network",
            )


def _positive(amount: Decimal, *, code: str = "amount") -> Decimal:
    amount = Decimal(amount)
    if amount <= 0:
        raise ValidationError(_("The amount must be more than zero."), code=code)
    return amount


# Programmes and allocations


@transaction.atomic
def update_programme(
    *, programme: Programme, funders: Sequence[Partner] = (), **facts: Any
) -> Programme:
    """Change a programme's facts; its budget may not fall below what is allocated."""
    locked = _lock_programme(programme)
    _same_network(locked.network, facts.get("adopted_by"), *funders)
    budget = Decimal(facts.get("total_budget", locked.total_budget))
    allocated = Allocation.objects.filter(programme=locked).aggregate(
        total=Coalesce(Sum("amount"), Value(ZERO), output_field=MONEY)
    )["total"]
    if budget < allocated:
        raise ValidationError(
            _("%(allocated)s baht is already allocated to villages: the budget cannot be less.")
            % {"allocated": f"{allocated:,.2f}"},
            code="below_allocated",
        )
    for name, value in facts.items():
        setattr(locked, name, value)
    locked.save()
    locked.funders.set(funders)
    programme.refresh_from_db()
    return programme


@transaction.atomic
def create_programme(
    *,
    network: Network,
    name: str,
    year: int,
    total_budget: Decimal,
    target_group: str = TargetGroup.OTHER,
    grant_kinds: Sequence[str] = (),
    rules: str = "",
    adopted_by: Resolution | None = None,
    workstream: str = Workstream.WELFARE,
    funders: Sequence[Partner] = (),
) -> Programme:
    """Create a programme of this network, with its funders."""
    _same_network(network, adopted_by, *funders)
    unknown = [kind for kind in grant_kinds if kind not in GrantKind.values]
    if unknown:
        raise ValidationError(
            _("Unknown grant kind: %(kinds)s.") % {"kinds": ", ".join(unknown)}, code="grant_kind"
        )
    if Decimal(total_budget) < 0:
        raise ValidationError(_("The budget cannot be negative."), code="amount")
    programme = Programme.objects.create(
        network=network,
        name=name,
        year=year,
        total_budget=total_budget,
        target_group=target_group,
        grant_kinds=list(grant_kinds),
        rules=rules,
        adopted_by=adopted_by,
        workstream=workstream,
    )
    programme.funders.set(funders)
    return programme


def _committed_in(programme: Programme, village: Village) -> Decimal:
    """The approved amounts counted against a village's allocation, summed in the database."""
    return Application.objects.filter(
        network=programme.network,
        programme=programme,
        village=village,
        status__in=COMMITTED_STATUSES,
    ).aggregate(total=Coalesce(Sum("approved_amount"), Value(ZERO), output_field=MONEY))["total"]


def _check_budget(programme: Programme, new_amounts: dict[int, Decimal]) -> None:
    """Refuse allocations whose total would pass the programme's budget."""
    others = (
        Allocation.objects.filter(programme=programme)
        .exclude(village_id__in=new_amounts)
        .aggregate(total=Coalesce(Sum("amount"), Value(ZERO), output_field=MONEY))["total"]
    )
    total = others + sum(new_amounts.values(), ZERO)
    if total > programme.total_budget:
        raise ValidationError(
            _("Allocations would total %(total)s baht, more than the budget of %(budget)s baht.")
            % {"total": f"{total:,.2f}", "budget": f"{programme.total_budget:,.2f}"},
            code="over_budget",
        )


def _write_allocations(programme: Programme, amounts: dict[Village, Decimal]) -> list[Allocation]:
    # Lock the existing rows first (as approvals do), so no approval lands between
    # the check against approved amounts and the write.
    list(
        Allocation.objects.select_for_update()
        .filter(programme=programme, village__in=list(amounts))
        .values_list("pk", flat=True)
    )
    for village, amount in amounts.items():
        if amount < 0:
            raise ValidationError(_("An allocation cannot be negative."), code="amount")
        committed = _committed_in(programme, village)
        if amount < committed:
            raise ValidationError(
                _(
                    "%(village)s already has %(committed)s baht approved: "
                    "its allocation cannot be less."
                )
                % {"village": village, "committed": f"{committed:,.2f}"},
                code="below_approved",
            )
    _check_budget(programme, {village.pk: amount for village, amount in amounts.items()})
    allocations = []
    for village, amount in amounts.items():
        allocation, _created = Allocation.objects.get_or_create(
            network=programme.network,
            programme=programme,
            village=village,
            defaults={"amount": amount},
        )
        if allocation.amount != amount:
            allocation.amount = amount
            allocation.save(update_fields=["amount"])
        allocations.append(allocation)
    return allocations


def _lock_programme(programme: Programme) -> Programme:
    return Programme.objects.select_for_update().get(pk=programme.pk, network=programme.network)


@transaction.atomic
def set_allocations_equal(*, programme: Programme, amount: Decimal) -> list[Allocation]:
    """Give every village of the network the same allocation, in one action."""
    locked = _lock_programme(programme)
    villages = Village.objects.for_network(locked.network).order_by("number")
    return _write_allocations(locked, dict.fromkeys(villages, Decimal(amount)))


@transaction.atomic
def set_allocation(*, programme: Programme, village: Village, amount: Decimal) -> Allocation:
    """Set one village's allocation."""
    _same_network(programme.network, village)
    locked = _lock_programme(programme)
    (allocation,) = _write_allocations(locked, {village: Decimal(amount)})
    return allocation


# Applications and their path


@transaction.atomic
def create_application(
    *,
    programme: Programme,
    applicant: Person,
    kind: str,
    purpose: str,
    requested_amount: Decimal,
    village: Village | None = None,
    actor: Actor | None = None,
) -> Application:
    """Start a draft application; its network is the programme's."""
    village = village or applicant.village
    if village is None:
        raise ValidationError(
            _("Choose a village: the applicant has none recorded."), code="village_required"
        )
    _same_network(programme.network, applicant, village)
    if kind not in GrantKind.values or not programme.allows_kind(kind):
        raise ValidationError(
            _("This programme does not make grants of this kind."), code="grant_kind"
        )
    if not purpose.strip():
        raise ValidationError(_("Describe what the grant is for."), code="purpose_required")
    return Application.objects.create(
        network=programme.network,
        programme=programme,
        applicant=applicant,
        village=village,
        kind=kind,
        purpose=purpose.strip(),
        requested_amount=_positive(requested_amount),
    )


def _lock(application: Application, *, version: int | None = None) -> Application:
    """The application's row, locked; given the version a form was opened at, a
    change made since is refused rather than silently overwritten."""
    locked = Application.objects.select_for_update().get(
        pk=application.pk, network=application.network
    )
    if version is not None and version != locked.version:
        raise ValidationError(
            _(
                "This application was changed by someone else after you opened it. "
                "Reload the page to see the change, then try again."
            ),
            code="stale",
        )
    return locked


@transaction.atomic
def update_application(
    *,
    application: Application,
    version: int,
    kind: str,
    purpose: str,
    requested_amount: Decimal,
    village: Village,
) -> Application:
    """Change a draft's or returned application's details, if no one changed it meanwhile."""
    locked = _lock(application, version=version)
    _same_network(locked.network, village)
    if not locked.is_editable:
        raise ValidationError(
            _("Only a draft or an application returned for more information can be changed."),
            code="not_editable",
        )
    if kind not in GrantKind.values or not locked.programme.allows_kind(kind):
        raise ValidationError(
            _("This programme does not make grants of this kind."), code="grant_kind"
        )
    if not purpose.strip():
        raise ValidationError(_("Describe what the grant is for."), code="purpose_required")
    locked.kind = kind
    locked.purpose = purpose.strip()
    locked.requested_amount = _positive(requested_amount)
    locked.village = village
    locked.version += 1
    locked.save()
    application.refresh_from_db()
    return application


def _move(
    application: Application,
    step: str,
    *,
    actor: Actor | None,
    member: Member | None = None,
    reason: str = "",
    fields: dict[str, object] | None = None,
    locked: Application | None = None,
    version: int | None = None,
) -> Application:
    """Take one step of the application workflow on the locked row, and record it."""
    locked = locked or _lock(application, version=version)
    transition(
        application, step, actor=actor, member=member, reason=reason, fields=fields, locked=locked
    )
    if locked is not application:
        application.refresh_from_db()
    return application


@transaction.atomic
def submit(
    *,
    application: Application,
    actor: Actor | None,
    member: Member | None = None,
    version: int | None = None,
) -> Application:
    """Send a draft (or a returned application, completed) to the committee."""
    return _move(application, "submit", actor=actor, member=member, version=version)


@transaction.atomic
def start_review(
    *,
    application: Application,
    actor: Actor | None,
    member: Member | None = None,
    version: int | None = None,
) -> Application:
    """Put a submitted application before the committee."""
    return _move(application, "start_review", actor=actor, member=member, version=version)


def _lock_for_decision(
    application: Application,
    *,
    actor: Actor | None,
    member: Member | None,
    version: int | None,
) -> Application:
    """The locked row, refused to a member who may not review it (their household, or a
    conflict they declared): who may not review may not decide either."""
    locked = _lock(application, version=version)
    person = getattr(member, "person", None)
    if member is not None and shares_household(locked, person):
        raise ValidationError(
            _("A member of the applicant's household cannot decide this application."),
            code="conflict_of_interest",
        )
    if actor is not None and declared_conflict(locked, actor):
        raise ValidationError(
            _("You declared a conflict of interest on this application: you cannot decide it."),
            code="conflict_of_interest",
        )
    return locked


def _decision(actor: Actor | None, reason: str, resolution: Resolution | None) -> dict[str, object]:
    return {
        "decided_by": actor,
        "decided_at": timezone.now(),
        "decision_reason": reason.strip(),
        "resolution": resolution,
    }


@transaction.atomic
def return_for_info(
    *,
    application: Application,
    actor: Actor | None,
    member: Member | None = None,
    reason: str,
    resolution: Resolution | None = None,
    version: int | None = None,
) -> Application:
    """Send an application back to the applicant for more information."""
    _same_network(application.network, resolution)
    locked = _lock_for_decision(application, actor=actor, member=member, version=version)
    return _move(
        application,
        "return_for_info",
        actor=actor,
        member=member,
        reason=reason,
        fields=_decision(actor, reason, resolution),
        locked=locked,
    )


@transaction.atomic
def reject(
    *,
    application: Application,
    actor: Actor | None,
    member: Member | None = None,
    reason: str,
    resolution: Resolution | None = None,
    version: int | None = None,
) -> Application:
    """Refuse a grant, with the reason."""
    _same_network(application.network, resolution)
    locked = _lock_for_decision(application, actor=actor, member=member, version=version)
    return _move(
        application,
        "reject",
        actor=actor,
        member=member,
        reason=reason,
        fields=_decision(actor, reason, resolution),
        locked=locked,
    )


@transaction.atomic
def withdraw(
    *,
    application: Application,
    actor: Actor | None,
    member: Member | None = None,
    reason: str,
    version: int | None = None,
) -> Application:
    """Withdraw an application before any money is paid; an approval frees its allocation."""
    return _move(
        application, "withdraw", actor=actor, member=member, reason=reason, version=version
    )


@transaction.atomic
def approve(
    *,
    application: Application,
    amount: Decimal,
    actor: Actor | None,
    member: Member | None = None,
    reason: str = "",
    resolution: Resolution | None = None,
    version: int | None = None,
) -> Application:
    """Approve a grant of at most the requested amount, within the village's allocation.

    The village's allocation row is locked first, so approvals in one village are
    decided one after another; the approved total is then summed afresh from the
    database, so two committee members approving at once cannot both pass the cap.
    """
    _same_network(application.network, resolution)
    amount = _positive(Decimal(amount))
    allocation = (
        Allocation.objects.select_for_update()
        .filter(
            network=application.network,
            programme_id=application.programme_id,
            village_id=application.village_id,
        )
        .first()
    )
    locked = _lock_for_decision(application, actor=actor, member=member, version=version)
    if locked.status not in APPLICATION_WORKFLOW.get("approve").sources:
        return _move(application, "approve", actor=actor, member=member, locked=locked)
    if amount > locked.requested_amount:
        raise ValidationError(
            _("The approved amount cannot be more than the %(requested)s baht requested.")
            % {"requested": f"{locked.requested_amount:,.2f}"},
            code="over_request",
        )
    if allocation is None:
        raise ValidationError(
            _("This village has no allocation in this programme."), code="no_allocation"
        )
    committed = _committed_in(locked.programme, locked.village)
    remaining = allocation.amount - committed
    if amount > remaining:
        raise ValidationError(
            _("Only %(remaining)s baht of this village's allocation remains.")
            % {"remaining": f"{remaining:,.2f}"},
            code="over_allocation",
        )
    return _move(
        application,
        "approve",
        actor=actor,
        member=member,
        reason=reason,
        locked=locked,
        fields={"approved_amount": amount, **_decision(actor, reason, resolution)},
    )


def _receipt_used(network: Network, receipt_number: str) -> bool:
    return Disbursement.objects.filter(network=network, receipt_number=receipt_number).exists()


def _duplicate_receipt(receipt_number: str) -> ValidationError:
    return ValidationError(
        _("Receipt number %(number)s is already used.") % {"number": receipt_number},
        code="duplicate_receipt",
    )


@transaction.atomic
def disburse(
    *,
    application: Application,
    amount: Decimal,
    date: dt.date,
    method: str,
    receipt_number: str,
    actor: Actor | None,
    member: Member | None = None,
) -> Disbursement:
    """Record a payment against an approved grant, never more than is left of it.

    The application row is locked and the paid total summed afresh, so two
    payments recorded at once cannot together pass the approved amount.
    """
    amount = _positive(Decimal(amount))
    locked = _lock(application)
    if locked.status not in (ApplicationStatus.APPROVED, ApplicationStatus.DISBURSED):
        raise APPLICATION_WORKFLOW.refusal(locked.status, ApplicationStatus.DISBURSED)
    if method not in DisbursementMethod.values:
        raise ValidationError(_("Choose how the grant was paid."), code="method")
    receipt_number = receipt_number.strip()
    if not receipt_number:
        raise ValidationError(_("Enter the receipt number."), code="receipt_required")
    if _receipt_used(locked.network, receipt_number):
        raise _duplicate_receipt(receipt_number)
    paid = locked.disbursements.aggregate(
        total=Coalesce(Sum("amount"), Value(ZERO), output_field=MONEY)
    )["total"]
    left = (locked.approved_amount or ZERO) - paid
    if amount > left:
        raise ValidationError(
            _("Only %(left)s baht of the approved grant is left to pay.")
            % {"left": f"{left:,.2f}"},
            code="over_approved",
        )
    try:
        # A savepoint: a payment of another application with the same receipt
        # number, committed after the check above, fails the unique constraint
        # here, and the refusal must leave this transaction usable.
        with transaction.atomic():
            disbursement = Disbursement.objects.create(
                network=locked.network,
                application=locked,
                date=date,
                amount=amount,
                method=method,
                receipt_number=receipt_number,
                recorded_by=actor,
            )
    except IntegrityError:
        if _receipt_used(locked.network, receipt_number):
            raise _duplicate_receipt(receipt_number) from None
        raise
    if locked.status == ApplicationStatus.APPROVED:
        _move(application, "disburse", actor=actor, member=member, locked=locked)
    else:
        application.refresh_from_db()
    return disbursement


@transaction.atomic
def start_reporting(
    *,
    application: Application,
    actor: Actor | None,
    member: Member | None = None,
    report_due: dt.date,
    version: int | None = None,
) -> Application:
    """Ask for the outcome report by a due date."""
    if report_due is None:
        raise ValidationError(_("Set the date the report is due."), code="report_due_required")
    return _move(
        application,
        "start_reporting",
        actor=actor,
        member=member,
        fields={"report_due": report_due},
        version=version,
    )


@transaction.atomic
def record_follow_up(
    *,
    application: Application,
    result: str,
    note: str = "",
    actor: Actor | None,
    version: int | None = None,
) -> Application:
    """Record how the funded activity is doing."""
    locked = _lock(application, version=version)
    if locked.status != ApplicationStatus.REPORTING:
        raise ValidationError(
            _("Follow-up is recorded while the application is in reporting."),
            code="invalid_transition",
        )
    if result not in FollowUpResult.values:
        raise ValidationError(_("Choose a follow-up result."), code="follow_up_result")
    locked.follow_up_result = result
    locked.follow_up_note = note.strip()
    locked.version += 1
    locked.save(update_fields=["follow_up_result", "follow_up_note", "version"])
    application.refresh_from_db()
    return application


@transaction.atomic
def close(
    *,
    application: Application,
    actor: Actor | None,
    member: Member | None = None,
    version: int | None = None,
) -> Application:
    """Close a grant once its follow-up is recorded."""
    locked = _lock(application, version=version)
    if locked.status == ApplicationStatus.REPORTING and not locked.follow_up_result:
        raise ValidationError(
            _("Record the follow-up result before closing."), code="follow_up_required"
        )
    return _move(application, "close", actor=actor, member=member, locked=locked)


# Attachments


def takes_attachments(application: Application) -> bool:
    """Whether documents may still be attached (not once closed or withdrawn)."""
    return application.status not in (ApplicationStatus.CLOSED, ApplicationStatus.WITHDRAWN)


@transaction.atomic
def add_attachment(
    *,
    application: Application,
    upload: UploadedFile,
    content_type: str,
    actor: Actor | None,
) -> Attachment:
    """Keep a supporting document (already checked by type and size) with an application."""
    locked = _lock(application)
    if not takes_attachments(locked):
        raise ValidationError(
            _("A closed or withdrawn application takes no more documents."), code="locked"
        )
    size = upload.size
    assert size is not None  # an upload's size is known: the form refused it on its size
    return Attachment.objects.create(
        network=locked.network,
        application=locked,
        file=upload,
        original_name=(upload.name or "document")[:255],
        content_type=content_type,
        size=size,
        uploaded_by=actor,
    )


# Committee review


def shares_household(application: Application, person: Person | None) -> bool:
    """Whether a reviewer (as a person of the network) lives in the applicant's household."""
    household_id = application.applicant.household_id
    return person is not None and household_id is not None and person.household_id == household_id


def declared_conflict(application: Application, user: Actor) -> bool:
    """Whether this user declared a conflict of interest on the application
    (read from the prefetched reviews when the page has them)."""
    cached = getattr(application, "_prefetched_objects_cache", {}).get("reviews")
    if cached is not None:
        return any(r.reviewer_id == user.pk and r.conflict_declared for r in cached)
    return Review.objects.filter(
        network=application.network, application=application, reviewer=user, conflict_declared=True
    ).exists()


@dataclasses.dataclass(frozen=True)
class Eligibility:
    """What one member may do on one application in the committee's review, and why not."""

    household_conflict: bool
    declared_conflict: bool
    can_review: bool
    can_decide: bool


def eligibility(application: Application, *, member: Member, user: Actor) -> Eligibility:
    """Whether a member may review and decide the application now: the same rules the
    services apply (under review; the right permission; not the applicant's
    household; no conflict they declared)."""
    under_review = application.status == ApplicationStatus.UNDER_REVIEW
    household = shares_household(application, getattr(member, "person", None))
    declared = declared_conflict(application, user)
    eligible = under_review and not household and not declared
    return Eligibility(
        household_conflict=under_review and household,
        declared_conflict=declared,
        can_review=eligible and member.can(WelfarePerm.REVIEW_WELFARE),
        can_decide=eligible and member.can(WelfarePerm.DECIDE_WELFARE),
    )


@transaction.atomic
def record_review(
    *,
    application: Application,
    reviewer: Actor,
    reviewer_person: Person | None,
    recommendation: str = "",
    comment: str = "",
    conflict_declared: bool = False,
) -> Review:
    """Record a committee member's recommendation, or their declared conflict of interest.

    A member of the applicant's household may not review; a member who declares a
    conflict has the declaration recorded but gives no recommendation.
    """
    locked = _lock(application)
    if locked.status != ApplicationStatus.UNDER_REVIEW:
        raise ValidationError(
            _("Only an application under review can be reviewed."), code="invalid_transition"
        )
    _same_network(locked.network, reviewer_person)
    if shares_household(locked, reviewer_person):
        raise ValidationError(
            _("A member of the applicant's household cannot review this application."),
            code="conflict_of_interest",
        )
    if conflict_declared and recommendation:
        raise ValidationError(
            _("A reviewer who declares a conflict of interest cannot recommend."),
            code="conflict_of_interest",
        )
    if not conflict_declared and recommendation not in Recommendation.values:
        raise ValidationError(_("Choose a recommendation."), code="recommendation_required")
    review, _created = Review.objects.select_for_update().update_or_create(
        network=locked.network,
        application=locked,
        reviewer=reviewer,
        defaults={
            "recommendation": "" if conflict_declared else recommendation,
            "comment": comment.strip(),
            "conflict_declared": conflict_declared,
        },
    )
    return review


# The committee's village board


def _total(queryset: QuerySet, field: str) -> Coalesce:
    """A correlated sum over rows of one village, as one subquery."""
    return Coalesce(
        Subquery(
            queryset.filter(village=OuterRef("pk"))
            .order_by()
            .values("village")
            .annotate(total=Sum(field))
            .values("total")[:1],
            output_field=MONEY,
        ),
        Value(ZERO),
        output_field=MONEY,
    )


def _count(queryset: QuerySet) -> Coalesce:
    """A correlated count of rows of one village, as one subquery."""
    return Coalesce(
        Subquery(
            queryset.filter(village=OuterRef("pk"))
            .order_by()
            .values("village")
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def awaiting_review_by(
    applications: QuerySet, reviewer: Actor, *, person_id: int | None = None
) -> QuerySet:
    """Applications under review that this member may review and has not yet.

    A review already recorded (a declared conflict is one) takes an application
    off; so does the applicant's household being the member's own (``person_id``,
    the member as a person of the network), which ``record_review`` refuses. The
    household is compared inside the query: no query to read it first.
    """
    awaiting = applications.filter(status=ApplicationStatus.UNDER_REVIEW).exclude(
        reviews__reviewer=reviewer
    )
    if person_id is not None:
        same_household = Person.objects.filter(
            pk=person_id, household_id=OuterRef("applicant__household_id")
        )
        awaiting = awaiting.exclude(Exists(same_household))
    return awaiting


def status_as_of(moment: dt.datetime) -> Subquery:
    """An application's status at a moment: where its last step at or before it put it
    (NULL before its first step). Annotate applications with it."""
    return Subquery(
        StatusChange.objects.filter(application=OuterRef("pk"), changed_at__lte=moment)
        .order_by("-changed_at", "-pk")
        .values("to_status")[:1]
    )


def _allocation_as_of(moment: dt.datetime) -> Coalesce:
    """An allocation's amount at a moment, from its history rows; one written without
    history (a bulk load) counts as it stands now."""
    history = Allocation.history.filter(id=OuterRef("pk"))
    return Coalesce(
        Subquery(
            history.filter(history_date__lte=moment)
            .order_by("-history_date", "-history_id")
            .values("amount")[:1],
            output_field=MONEY,
        ),
        Case(When(Exists(history), then=Value(ZERO)), default=F("amount"), output_field=MONEY),
        output_field=MONEY,
    )


def village_board(
    programme: Programme,
    *,
    reviewer: Actor | None = None,
    reviewer_person_id: int | None = None,
    as_of: dt.datetime | None = None,
) -> QuerySet[Village]:
    """One row per village of the programme's network, in one query.

    Each village carries ``allocation``, ``requested``, ``approved``,
    ``disbursed``, ``remaining`` (allocation less approved) and
    ``awaiting_review``. Given a reviewer, each also carries ``awaiting_mine``
    (under review, not yet reviewed by them, and not of their own household:
    ``reviewer_person_id``), and villages with some come first.
    Given ``as_of``, every figure is as it stood then: statuses from the steps
    dated at or before it, payments dated on or before its day, allocations from
    their history (no reviewer then: the board of a past moment has no queue),
    and only the villages on the register by its day (one registered later with
    money already against it is still shown, so that no amount drops out).
    """
    network = programme.network
    applications = Application.objects.filter(network=network, programme=programme)
    allocations = Allocation.objects.filter(network=network, programme=programme)
    disbursements = Disbursement.objects.filter(
        network=network, application__programme=programme
    ).annotate(village=F("application__village"))
    status, amount = "status", "amount"
    if as_of is not None:
        applications = applications.alias(status_then=status_as_of(as_of))
        allocations = allocations.alias(amount_then=_allocation_as_of(as_of))
        disbursements = disbursements.filter(date__lte=timezone.localtime(as_of).date())
        status, amount = "status_then", "amount_then"
    board = (
        Village.objects.for_network(network)
        .annotate(
            allocation=_total(allocations, amount),
            requested=_total(
                applications.filter(**{f"{status}__in": REQUESTED_STATUSES}), "requested_amount"
            ),
            approved=_total(
                applications.filter(**{f"{status}__in": COMMITTED_STATUSES}), "approved_amount"
            ),
            disbursed=_total(disbursements, "amount"),
            awaiting_review=_count(
                applications.filter(**{f"{status}__in": AWAITING_REVIEW_STATUSES})
            ),
        )
        .annotate(remaining=F("allocation") - F("approved"))
    )
    if as_of is not None:
        figures = ("allocation", "requested", "approved", "disbursed", "awaiting_review")
        board = board.filter(
            Q(registered_on__lte=timezone.localtime(as_of).date())
            | Q(*[~Q(**{name: 0}) for name in figures], _connector=Q.OR)
        )
    if reviewer is None or as_of is not None:
        return board.order_by("number")
    return (
        board.annotate(
            awaiting_mine=_count(
                awaiting_review_by(applications, reviewer, person_id=reviewer_person_id)
            )
        )
        .alias(has_mine=ExpressionWrapper(Q(awaiting_mine__gt=0), output_field=BooleanField()))
        .order_by("-has_mine", "number")
    )


def board_totals(rows: Sequence[Village]) -> dict[str, Any]:
    """The board's totals line: the sums of its village rows (no query)."""
    names = ("allocation", "requested", "approved", "disbursed", "remaining", "awaiting_review")
    return {name: sum((getattr(row, name) for row in rows), 0) for name in names}


def programmes_with_money(network: Network) -> QuerySet[Programme]:
    """The network's programmes, each with ``allocated``, ``applications_count`` (not
    drafts) and ``approved`` (committed amounts), in one query."""
    allocated = (
        Allocation.objects.filter(programme=OuterRef("pk"))
        .order_by()
        .values("programme")
        .annotate(total=Sum("amount"))
        .values("total")[:1]
    )
    return (
        Programme.objects.for_network(network)
        .annotate(
            allocated=Coalesce(
                Subquery(allocated, output_field=MONEY), Value(ZERO), output_field=MONEY
            ),
            applications_count=Count(
                "applications", filter=~Q(applications__status=ApplicationStatus.DRAFT)
            ),
            approved=Coalesce(
                Sum(
                    "applications__approved_amount",
                    filter=Q(applications__status__in=COMMITTED_STATUSES),
                ),
                Value(ZERO),
                output_field=MONEY,
            ),
        )
        .order_by("-year", "name")
    )


def paid_total(application: Application) -> Decimal:
    """What has been paid of an application's grant so far."""
    return application.disbursements.aggregate(
        total=Coalesce(Sum("amount"), Value(ZERO), output_field=MONEY)
    )["total"]


# Capacity building


@transaction.atomic
def create_capacity_project(
    *,
    network: Network,
    title: str,
    objectives: Sequence[str],
) -> CapacityProject:
    """Record a capacity-building proposal, under consideration, with its objectives in order."""
    if not title.strip():
        raise ValidationError(_("Give the project a title."), code="title_required")
    project = CapacityProject.objects.create(
        network=network, title=title.strip(), status=CapacityStatus.CONSIDERING
    )
    for position, text in enumerate((t.strip() for t in objectives if t.strip()), start=1):
        CapacityObjective.objects.create(
            network=network, project=project, position=position, text=text
        )
    return project


@transaction.atomic
def set_capacity_status(
    *,
    project: CapacityProject,
    status: str = "",
    step: str = "",
    actor: Actor | None = None,
    member: Member | None = None,
    reason: str = "",
) -> CapacityProject:
    """Take a step of a capacity-building proposal (by name, or to a status), recorded."""
    if step:
        transition(project, step, actor=actor, member=member, reason=reason)
    else:
        transition_to(project, status, actor=actor, member=member, reason=reason)
    return project
