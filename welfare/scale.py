"""Welfare's part of the scale data: a programme a year in every network, its village
allocations, and applications at every step of their path.

The rows keep the rules ``welfare.services`` keeps: an application's network is
its programme's, its village its applicant's; its status is where its recorded
steps lead (draft → submitted → under review → approved / returned / rejected →
disbursed → reporting → closed, or withdrawn), each step dated after the one
before and made by the role allowed to make it; an approved amount is at most the
request, a village's approved amounts at most its allocation, the allocations at
most the budget; payments never pass the approved amount and their receipt
numbers are unique in the network; reviewers are committee members outside the
applicant's household. Decisions cite the resolution of the last meeting before
them, and each programme the January resolution that adopted it.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from core import thai
from core.roles import Role, Workstream
from network.models import (
    Membership,
    Network,
    PartnerKind,
    PartnerStatus,
    Person,
    Resolution,
    Village,
)
from network.models import Partner as NetworkPartner
from network.scale import ScaleBatch, ScalePart, moment, register_scale_part, share
from network.scale_parts import members_of, people_day, villages_of
from welfare.models import (
    Allocation,
    Application,
    ApplicationStatus,
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

S = ApplicationStatus
# Where applications of a programme stand at the end of its year.
STATUS_WEIGHTS = {
    S.DRAFT: 4,
    S.SUBMITTED: 6,
    S.UNDER_REVIEW: 10,
    S.RETURNED: 4,
    S.REJECTED: 7,
    S.WITHDRAWN: 3,
    S.APPROVED: 8,
    S.DISBURSED: 14,
    S.REPORTING: 16,
    S.CLOSED: 28,
}
# The steps (by transition) that lead from draft to each status.
PATHS: dict[str, tuple[tuple[str, str], ...]] = {
    S.DRAFT: (),
    S.SUBMITTED: ((S.DRAFT, S.SUBMITTED),),
    S.WITHDRAWN: ((S.DRAFT, S.SUBMITTED), (S.SUBMITTED, S.WITHDRAWN)),
    S.UNDER_REVIEW: ((S.DRAFT, S.SUBMITTED), (S.SUBMITTED, S.UNDER_REVIEW)),
}
for _decision in (S.APPROVED, S.RETURNED, S.REJECTED):
    PATHS[_decision] = (*PATHS[S.UNDER_REVIEW], (S.UNDER_REVIEW, _decision))
PATHS[S.DISBURSED] = (*PATHS[S.APPROVED], (S.APPROVED, S.DISBURSED))
PATHS[S.REPORTING] = (*PATHS[S.DISBURSED], (S.DISBURSED, S.REPORTING))
PATHS[S.CLOSED] = (*PATHS[S.REPORTING], (S.REPORTING, S.CLOSED))
COMMITTED = frozenset({S.APPROVED, S.DISBURSED, S.REPORTING, S.CLOSED})
REVIEWED = COMMITTED | {S.UNDER_REVIEW, S.RETURNED, S.REJECTED}
PAID = frozenset({S.DISBURSED, S.REPORTING, S.CLOSED})

# (kind, weight, smallest and largest request in hundreds of baht, purposes)
KINDS: tuple[tuple[str, int, int, int, tuple[str, ...]], ...] = (
    (
        GrantKind.OCCUPATIONAL,
        50,
        30,
        200,
        (
            "เลี้ยงไก่ไข่ ซื้อแม่พันธุ์และสร้างเล้า",
            "เพาะเห็ดนางฟ้าขาย ซื้อก้อนเชื้อเห็ดและสร้างโรงเรือน",
            "ปลูกผักปลอดสารพิษขายในตลาดนัดชุมชน",
            "เลี้ยงปลาดุกในบ่อซีเมนต์ ซื้อลูกปลาและอาหาร",
            "ทำขนมพื้นบ้านขาย ซื้อเตาและอุปกรณ์",
            "ซ่อมรถจักรยานยนต์รับจ้าง ซื้ออะไหล่และเครื่องมือ",
        ),
    ),
    (
        GrantKind.EDUCATION,
        25,
        20,
        80,
        (
            "ค่าเล่าเรียนและชุดนักเรียน ภาคเรียนที่ 1",
            "ค่าเดินทางไปเรียนวิทยาลัยเทคนิคในตัวจังหวัด",
            "ค่าอุปกรณ์การเรียนและหนังสือเรียน",
        ),
    ),
    (
        GrantKind.EMERGENCY,
        15,
        10,
        50,
        (
            "ซ่อมหลังคาบ้านที่เสียหายจากพายุ",
            "ค่าเดินทางไปรักษาตัวที่โรงพยาบาลจังหวัด",
            "ช่วยเหลือครอบครัวที่ประสบอุทกภัย",
        ),
    ),
    (
        GrantKind.OTHER,
        10,
        10,
        100,
        ("ซื้อรถเข็นสำหรับผู้พิการ", "ปรับปรุงห้องน้ำให้ผู้สูงอายุใช้ได้สะดวก"),
    ),
)
# Recommendations (yes, maybe, no) by the decision that followed (or none yet).
REVIEW_WEIGHTS: dict[str, tuple[int, int, int]] = {
    S.REJECTED: (10, 20, 70),
    S.RETURNED: (20, 60, 20),
    S.UNDER_REVIEW: (60, 30, 10),
}
COMMENTS = ("", "", "เห็นควรสนับสนุน", "ควรติดตามผลอย่างใกล้ชิด", "เอกสารครบถ้วน")
RETURN_REASONS = ("ขอสำเนาบัตรประชาชนเพิ่มเติม", "ขอรายละเอียดค่าใช้จ่ายให้ชัดเจนกว่านี้")
REJECT_REASONS = (
    "ไม่ตรงกับหลักเกณฑ์ของโครงการ",
    "วงเงินของหมู่บ้านไม่พอ ขอให้ยื่นใหม่ในปีหน้า",
)
WITHDRAW_REASONS = ("ผู้ขอแจ้งขอถอนคำขอ", "ผู้ขอย้ายไปทำงานต่างจังหวัด")
FOLLOW_UP_NOTES = {
    FollowUpResult.RUNNING: "กิจการยังดำเนินอยู่ มีรายได้สม่ำเสมอ",
    FollowUpResult.STOPPED: "หยุดกิจการชั่วคราวเพราะขาดทุน",
    FollowUpResult.OTHER: "ใช้เงินตามวัตถุประสงค์แล้ว",
}
ZERO = Decimal("0.00")


@dataclass
class _Network:
    """What one network's applications draw on."""

    network: Network
    villages: list[Village]
    applicants: list[tuple[int, int, int | None]]  # (person, village, household)
    committee: list[tuple[int, int | None]]  # (user, household of their person)
    coordinator: int
    accountant: int
    decisions: list[tuple[dt.date, int]]  # (meeting day, welfare resolution) in order
    adoptions: dict[int, int]  # year -> the January resolution
    funders: list[int]


@dataclass
class _Rows:
    """Rows of a chunk, in the order they are inserted."""

    programmes: list[Programme] = field(default_factory=list)
    funders: list[tuple[Programme, int]] = field(default_factory=list)
    allocations: list[Allocation] = field(default_factory=list)
    applications: list[Application] = field(default_factory=list)
    steps: list[StatusChange] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    payments: list[Disbursement] = field(default_factory=list)


def _adult_applicants(batch: ScaleBatch) -> dict[int, list[tuple[int, int, int | None]]]:
    """People 18 or older (or of unknown age) with a village, by network."""
    adult_before = people_day(batch).replace(year=people_day(batch).year - 18)
    found: dict[int, list[tuple[int, int, int | None]]] = defaultdict(list)
    rows = (
        Person.objects.using(batch.using)
        .filter(network__in=batch.networks, village__isnull=False)
        .exclude(birth_date__gt=adult_before)
        .order_by("pk")
        .values_list("network_id", "pk", "village_id", "household_id")
    )
    for network_id, pk, village_id, household_id in rows.iterator(chunk_size=10_000):
        found[network_id].append((pk, village_id, household_id))
    return found


def _committee(batch: ScaleBatch) -> dict[int, list[tuple[int, int | None]]]:
    found: dict[int, list[tuple[int, int | None]]] = defaultdict(list)
    rows = (
        Membership.objects.using(batch.using)
        .filter(network__in=batch.networks, role=Role.COMMITTEE)
        .order_by("pk")
        .values_list("network_id", "user_id", "person__household_id")
    )
    for network_id, user_id, household_id in rows:
        found[network_id].append((user_id, household_id))
    return found


def _resolutions(batch: ScaleBatch) -> dict[int, list[tuple[dt.date, int, int]]]:
    """Welfare resolutions of section 4, by network: (meeting day, month, id) in order."""
    found: dict[int, list[tuple[dt.date, int, int]]] = defaultdict(list)
    rows = (
        Resolution.objects.using(batch.using)
        .filter(network__in=batch.networks, item__section=4, item__workstream=Workstream.WELFARE)
        .order_by("item__meeting__date", "pk")
        .values_list("network_id", "item__meeting__date", "pk")
    )
    for network_id, day, pk in rows:
        found[network_id].append((day, day.month, pk))
    return found


def _funders(batch: ScaleBatch) -> dict[int, list[int]]:
    found: dict[int, list[int]] = defaultdict(list)
    rows = (
        NetworkPartner.objects.using(batch.using)
        .filter(
            network__in=batch.networks,
            status=PartnerStatus.ACTIVE,
            kind__in=[PartnerKind.LOCAL_GOVERNMENT, PartnerKind.GOVERNMENT_AGENCY],
        )
        .order_by("pk")
        .values_list("network_id", "pk")
    )
    for network_id, pk in rows:
        found[network_id].append(pk)
    return found


def _networks(batch: ScaleBatch) -> list[_Network]:
    villages = villages_of(batch)
    applicants = _adult_applicants(batch)
    committee = _committee(batch)
    members = members_of(batch)
    resolutions = _resolutions(batch)
    funders = _funders(batch)
    found = []
    for network in batch.networks:
        own = resolutions.get(network.pk, [])
        found.append(
            _Network(
                network=network,
                villages=villages[network.pk],
                applicants=applicants.get(network.pk, []),
                committee=committee.get(network.pk, []),
                coordinator=members[network.pk][Role.COORDINATOR][0],
                accountant=members[network.pk][Role.ACCOUNTANT][0],
                decisions=[(day, pk) for day, _month, pk in own],
                adoptions={day.year: pk for day, month, pk in own if month == 1},
                funders=funders.get(network.pk, []),
            )
        )
    return found


def _at(day: dt.date, rng: random.Random) -> dt.datetime:
    return moment(day, rng.randint(9, 16), rng.choice((0, 10, 20, 30, 40, 50)))


class _ApplicationMaker:
    """One programme's applications, steps, reviews and payments."""

    def __init__(self, source: _Network, programme: Programme, rng: random.Random, rows: _Rows):
        self.source, self.programme, self.rng, self.rows = source, programme, rng, rows
        self.receipts = 0

    def resolution_before(self, day: dt.date) -> int | None:
        """The welfare resolution of the last meeting on or before a day."""
        days = [d for d, _pk in self.source.decisions]
        at = bisect.bisect_right(days, day)
        return self.source.decisions[at - 1][1] if at else None

    def make(self, applicant: tuple[int, int, int | None]) -> Application:
        rng = self.rng
        person, village, household = applicant
        kind, _weight, low, high, purposes = rng.choices(KINDS, weights=[k[1] for k in KINDS])[0]
        status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
        requested = Decimal(rng.randint(low, high) * 100)
        application = Application(
            network=self.programme.network,
            programme=self.programme,
            applicant_id=person,
            village_id=village,
            kind=kind,
            purpose=rng.choice(purposes),
            requested_amount=requested,
            status=status,
        )
        if status in COMMITTED:
            cut = rng.choices((Decimal("1"), Decimal("0.8"), Decimal("0.5")), weights=(75, 15, 10))[
                0
            ]
            application.approved_amount = max(
                Decimal(100), (requested * cut / 100).quantize(1) * 100
            )
        self._steps(application, household)
        self.rows.applications.append(application)
        return application

    def _steps(self, application: Application, household: int | None) -> None:
        rng = self.rng
        year = self.programme.year
        day = dt.date(year, 1, 20) + dt.timedelta(days=rng.randint(0, 220))
        chair = self.source.committee[0][0] if self.source.committee else None
        version = 1
        for source, target in PATHS[application.status]:
            actor: int | None = self.source.coordinator
            reason = ""
            if target == S.UNDER_REVIEW:
                day += dt.timedelta(days=rng.randint(2, 7))
                actor = chair
            elif target in (S.APPROVED, S.RETURNED, S.REJECTED):
                day += dt.timedelta(days=rng.randint(10, 30))
                actor = chair
                if target == S.RETURNED:
                    reason = rng.choice(RETURN_REASONS)
                elif target == S.REJECTED:
                    reason = rng.choice(REJECT_REASONS)
            elif target == S.WITHDRAWN:
                day += dt.timedelta(days=rng.randint(1, 10))
                reason = rng.choice(WITHDRAW_REASONS)
            elif target == S.DISBURSED:
                day += dt.timedelta(days=rng.randint(3, 14))
                actor = self.source.accountant
                self._payments(application, day)
            elif target == S.REPORTING:
                day += dt.timedelta(days=rng.randint(3, 10))
                application.report_due = day + dt.timedelta(days=rng.randint(30, 60))
            elif target == S.CLOSED:
                assert application.report_due is not None
                day = application.report_due + dt.timedelta(days=rng.randint(0, 20))
            at = _at(day, rng)
            if target in (S.APPROVED, S.RETURNED, S.REJECTED):
                self._decide(application, household, target, at=at, by=chair, reason=reason)
            self.rows.steps.append(
                StatusChange(
                    network=application.network,
                    application=application,
                    from_status=source,
                    to_status=target,
                    changed_by_id=actor,
                    changed_at=at,
                    recorded_at=at,
                    reason=reason,
                )
            )
            version += 1
        if application.status == S.UNDER_REVIEW:
            self._reviews(application, household, S.UNDER_REVIEW)
        if application.status == S.CLOSED or (
            application.status == S.REPORTING and rng.random() < 0.4
        ):
            result = rng.choices(list(FOLLOW_UP_NOTES), weights=(75, 15, 10))[0]
            application.follow_up_result = result
            application.follow_up_note = FOLLOW_UP_NOTES[result]
            version += 1
        application.version = version

    def _decide(
        self,
        application: Application,
        household: int | None,
        outcome: str,
        *,
        at: dt.datetime,
        by: int | None,
        reason: str,
    ) -> None:
        """The committee's decision: who, when, why, citing the last meeting's resolution."""
        application.decided_by_id = by
        application.decided_at = at
        application.decision_reason = reason
        application.resolution_id = self.resolution_before(at.date())
        self._reviews(application, household, outcome)

    def _reviews(self, application: Application, household: int | None, outcome: str) -> None:
        rng = self.rng
        weights = REVIEW_WEIGHTS.get(outcome, (80, 15, 5))
        for user, own_household in self.source.committee:
            if household is not None and own_household == household:
                continue  # the applicant's own household: no review
            if outcome == S.UNDER_REVIEW and rng.random() < 0.5:
                continue  # not reviewed yet: awaiting this member on the board
            conflict = rng.random() < 0.02
            self.rows.reviews.append(
                Review(
                    network=application.network,
                    application=application,
                    reviewer_id=user,
                    recommendation=""
                    if conflict
                    else rng.choices(list(Recommendation.values), weights=weights)[0],
                    comment="" if conflict else rng.choice(COMMENTS),
                    conflict_declared=conflict,
                )
            )

    def _payments(self, application: Application, day: dt.date) -> None:
        rng = self.rng
        approved = application.approved_amount or ZERO
        amounts = [approved]
        if approved >= 2000 and rng.random() < 0.2:
            first = (approved / 200).quantize(1) * 100
            amounts = [first, approved - first]
            if application.status == S.DISBURSED and rng.random() < 0.5:
                amounts = [first]  # the rest not paid yet
        method = rng.choices(list(DisbursementMethod.values), weights=(50, 40, 10))[0]
        for amount in amounts:
            self.receipts += 1
            self.rows.payments.append(
                Disbursement(
                    network=application.network,
                    application=application,
                    date=day,
                    amount=amount,
                    method=method,
                    receipt_number=f"{thai.be_year(self.programme.year)}/{self.receipts:05d}",
                    recorded_by_id=self.source.accountant,
                )
            )
            day += dt.timedelta(days=rng.randint(14, 30))


def _allocations(
    programme: Programme, source: _Network, apps: list[Application], rng: random.Random
) -> list[Allocation]:
    """Each village's allocation: what it approved, with room to spare; the budget
    their total and a reserve."""
    committed: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for application in apps:
        if application.status in COMMITTED and application.approved_amount:
            committed[application.village_id] += application.approved_amount
    allocations = []
    for village in source.villages:
        spare = Decimal(rng.randint(105, 140)) / 100
        amount = max(Decimal(10_000), (committed[village.pk] * spare / 1000).quantize(1) * 1000)
        if amount < committed[village.pk]:
            amount += 1000
        allocations.append(
            Allocation(
                network=programme.network, programme=programme, village=village, amount=amount
            )
        )
    total = sum((a.amount for a in allocations), ZERO)
    programme.total_budget = (total * Decimal("1.05") / 10_000).quantize(1) * 10_000 + 10_000
    return allocations


def _programme(source: _Network, year: int, rng: random.Random) -> Programme:
    network = source.network
    return Programme(
        network=network,
        name=f"กองทุนสวัสดิการชุมชนตำบล{network.sub_district} ปี {thai.be_year(year)}",
        year=year,
        total_budget=ZERO,
        target_group=rng.choice(list(TargetGroup.values)),
        rules=(
            "แบ่งงบประมาณให้ทุกหมู่บ้านตามจำนวนครัวเรือน คณะกรรมการพิจารณาคำขอทุกเดือน\n"
            "ผู้รับทุนประกอบอาชีพรายงานผลภายในกำหนด แล้วคณะทำงานออกติดตามผล"
        ),
        adopted_by_id=source.adoptions.get(year),
        workstream=Workstream.WELFARE,
    )


def _generate_network(batch: ScaleBatch, source: _Network, rows: _Rows) -> None:
    rng = batch.rng(source.network, "welfare")
    total = batch.share(batch.sizes.applications, source.network)
    years = batch.years()
    for position, year in enumerate(years):
        programme = _programme(source, year, rng)
        rows.programmes.append(programme)
        rows.funders.extend((programme, partner) for partner in source.funders)
        count = share(total, len(years), position)
        pool = source.applicants
        if count <= len(pool):
            chosen = rng.sample(pool, count)
        else:
            chosen = [rng.choice(pool) for _ in range(count)] if pool else []
        maker = _ApplicationMaker(source, programme, rng, rows)
        apps = [maker.make(applicant) for applicant in sorted(chosen, key=lambda a: a[1])]
        rows.allocations.extend(_allocations(programme, source, apps, rng))


def generate_welfare(batch: ScaleBatch) -> Mapping[str, int]:
    """A programme a year per network with its allocations, applications, steps,
    reviews and payments."""
    rows = _Rows()
    for source in _networks(batch):
        _generate_network(batch, source, rows)
    batch.insert(Programme, rows.programmes)
    through = Programme.funders.through
    batch.insert(
        through,
        [through(programme_id=p.pk, partner_id=partner) for p, partner in rows.funders],
    )
    batch.insert(Allocation, rows.allocations)
    batch.insert(Application, rows.applications)
    batch.insert(StatusChange, rows.steps)
    batch.insert(Review, rows.reviews)
    batch.insert(Disbursement, rows.payments)
    return {
        "programmes": len(rows.programmes),
        "allocations": len(rows.allocations),
        "applications": len(rows.applications),
        "steps": len(rows.steps),
        "reviews": len(rows.reviews),
        "payments": len(rows.payments),
    }


def register() -> None:
    """Welfare's part, after the network core's (it reads villages, people, meetings)."""
    register_scale_part(ScalePart("welfare", generate_welfare), order=100)
