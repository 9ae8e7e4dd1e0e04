"""Welfare demo data: the September 2550 top-up for youth and the capacity proposal.

The seed says that early in September 2550 the network topped up each village's
welfare fund for the disadvantaged, aimed at youth, 10,000 baht a village, with
32 recipients, most of the money going to start an occupation; and that a
proposal to raise the sub-district's capacity to run community welfare, with four
objectives, is under consideration. It names no recipients and no amounts, so
those are made up: the applicants are the demo's invented villagers (youth first,
then the youngest adults of the same village), and the amounts keep each village
within its 10,000 baht.

Every row is made by ``welfare.services``, in the order a user's clicks would
make it: the coordinator records and submits, the committee reviews and decides
(citing the August resolution that set the programme up), the accountant pays
against numbered receipts, and the coordinator follows up. A second, smaller
round in October leaves applications in every other status, including one the
committee user may not review because the applicant lives in their household.

The services stamp the moment of the load; each step is then dated on the demo's
calendar (September and October 2550) through the model, inside the loader's
transaction, as ``network.demo`` dates the adoption of minutes.

Idempotent: nothing is built when the programme (network, year, name) exists
already, and the capacity project only when no project has its title, so a
rerun adds nothing and keeps what users changed since.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AbstractUser

from core.roles import Workstream
from network.demo import BANGKOK, COMMITTEE_VILLAGE, SEED_MEETING_DAY
from network.models import Membership, Network, Person, Resolution, Village
from welfare import services
from welfare.models import (
    Allocation,
    Application,
    ApplicationStatus,
    CapacityProject,
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
OCC, EDU, EMERGENCY = GrantKind.OCCUPATIONAL, GrantKind.EDUCATION, GrantKind.EMERGENCY
CASH, TRANSFER = DisbursementMethod.CASH, DisbursementMethod.TRANSFER

PROGRAMME_NAME = "สมทบกองทุนสวัสดิการหมู่บ้าน เพื่อผู้ด้อยโอกาส (เยาวชน)"
PROGRAMME_YEAR = 2007  # พ.ศ. 2550
PER_VILLAGE = Decimal("10000.00")
PROGRAMME_RULES = (
    "เครือข่ายสมทบกองทุนสวัสดิการของทุกหมู่บ้าน หมู่บ้านละ 10,000 บาท "
    "เพื่อช่วยเยาวชนที่ด้อยโอกาส\n"
    "คณะกรรมการกองทุนของแต่ละหมู่บ้านคัดเลือกผู้รับทุน เน้นทุนตั้งต้นประกอบอาชีพ "
    "และให้ทุนการศึกษาหรือช่วยเหลือฉุกเฉินได้ตามความจำเป็น\n"
    "ผู้รับทุนรายงานผลการใช้เงินตามวันที่กำหนด แล้วคณะทำงานออกติดตามผล"
)
# The seed says the network itself put up the money: no partner is a funder.

# The proposal's title and objectives, as the seed gives them.
CAPACITY_TITLE = "โครงการส่งเสริมพัฒนายกระดับขีดความสามารถการจัดสวัสดิการชุมชนท้องถิ่น"
CAPACITY_OBJECTIVES = (
    "ให้เกิดแผนงานยุทธศาสตร์และแผนปฏิบัติการการจัดสวัสดิการ",
    "เพื่อแลกเปลี่ยนข้อมูลการจัดสวัสดิการของกลุ่มเป้าหมาย",
    "เพื่อยกระดับความร่วมมือของภาคประชาชนกับภาคี",
    "เพื่อให้เกิดศูนย์เรียนรู้การจัดสวัสดิการชุมชน",
)
# Reported at the seed's meeting: the working group has put the proposal forward.
CAPACITY_RECORDED = dt.datetime(2007, 10, 9, 10, 45, tzinfo=BANGKOK)

# The September round: recorded on 1-3 September, put before the committee on the
# 4th, decided on the 5th (villages 1-5) and the 6th (villages 6-10).
REVIEW_DAY = dt.date(2007, 9, 4)
# Paid village by village; the meeting of 10 September heard that not every
# village had its money yet, the one of 9 October that all had.
PAY_DAYS = {
    1: dt.date(2007, 9, 7),
    2: dt.date(2007, 9, 7),
    3: dt.date(2007, 9, 8),
    4: dt.date(2007, 9, 8),
    5: dt.date(2007, 9, 8),
    6: dt.date(2007, 9, 14),
    7: dt.date(2007, 9, 14),
    8: dt.date(2007, 9, 20),
    9: dt.date(2007, 9, 20),
    10: dt.date(2007, 9, 25),
}
# Outcome reports: asked for a few days after payment, due about a month later.
# (asked on, due, followed up and closed on) by village; villages 8-10 were paid
# later and have not been asked yet.
REPORTS = {
    **dict.fromkeys(
        range(1, 6), (dt.date(2007, 9, 11), dt.date(2007, 10, 5), dt.date(2007, 10, 8))
    ),
    **dict.fromkeys((6, 7), (dt.date(2007, 9, 17), dt.date(2007, 10, 31), dt.date(2007, 10, 29))),
}


@dataclass(frozen=True)
class Payment:
    """One payment of an approved grant; no amount means what is left of it."""

    day: dt.date
    method: str = CASH
    amount: str = ""


@dataclass(frozen=True)
class Grant:
    """One application of the youth programme and how far along its path it went.

    Dates left empty follow the September round; the October round gives its own.
    """

    village: int
    kind: str
    purpose: str
    requested: str
    status: str
    approved: str = ""  # less than requested, when the committee cut it
    reason: str = ""  # of the decision, return, rejection or withdrawal
    payments: tuple[Payment, ...] = ()  # none: all of it on the village's pay day
    follow_up: tuple[str, str] = ("", "")  # (result, note) of a closed grant
    opened: dt.date | None = None  # recorded and (unless a draft) submitted
    review_from: dt.date = REVIEW_DAY
    decided: dt.date | None = None
    # (username, recommendation, comment); a decided September grant gets the
    # committee's recommendation that matches its decision.
    reviews: tuple[tuple[str, str, str], ...] = ()
    lives_with_committee: bool = False  # the applicant shares the committee member's home


PAID = frozenset({S.DISBURSED, S.REPORTING, S.CLOSED})
COMMITTED = PAID | {S.APPROVED}
DECIDED = COMMITTED | {S.REJECTED}
RUNNING, STOPPED, OTHER = FollowUpResult.RUNNING, FollowUpResult.STOPPED, FollowUpResult.OTHER

# Within each village the September grants come first, so they go to its youth.
GRANTS: tuple[Grant, ...] = (
    # หมู่ที่ 1: 9,500 approved
    Grant(
        1,
        OCC,
        "เลี้ยงไก่พื้นเมืองขาย เริ่มจากแม่พันธุ์ 20 ตัว พร้อมสร้างเล้า",
        "4000",
        S.CLOSED,
        approved="3500",
        reason="อนุมัติ 3,500 บาท ให้วงเงินของหมู่บ้านพอสำหรับผู้ขอรายอื่น",
        follow_up=(RUNNING, "ไก่เริ่มออกไข่ ขายลูกไก่ได้แล้วสองรุ่น"),
    ),
    Grant(1, OCC, "ทำขนมพื้นบ้านขายในตลาดนัด ซื้อเตาและพิมพ์ขนม", "3000", S.REPORTING),
    Grant(
        1,
        OCC,
        "ปลูกผักปลอดสารพิษขายในหมู่บ้าน ซื้อเมล็ดพันธุ์ ตาข่ายกันแมลง และสายยาง",
        "3000",
        S.DISBURSED,
    ),
    Grant(
        1,
        EMERGENCY,
        "ซ่อมหลังคาบ้านที่ลมพายุพัดเสียหาย",
        "2000",
        S.DRAFT,
        opened=dt.date(2007, 10, 25),
    ),
    # หมู่ที่ 2: 9,000 approved; two October requests want more than the 1,000 left
    Grant(
        2,
        EDU,
        "ค่าเล่าเรียนและชุดนักเรียน ปวช. สาขาพาณิชยการ ภาคเรียนที่ 2/2550",
        "2000",
        S.DISBURSED,
    ),
    Grant(2, OCC, "เลี้ยงปลาดุกในบ่อซีเมนต์ 2 บ่อ ซื้อลูกปลาและอาหาร", "2500", S.REPORTING),
    Grant(
        2,
        OCC,
        "เพาะเห็ดนางฟ้าขาย สร้างโรงเรือนและซื้อก้อนเชื้อเห็ด 300 ก้อน",
        "2500",
        S.CLOSED,
        follow_up=(RUNNING, "เก็บเห็ดขายได้ทุกวัน ส่งแม่ค้าในตลาดเช้า"),
    ),
    Grant(2, OCC, "ทำน้ำพริกแกงตำมือขาย ซื้อครกหินและวัตถุดิบ", "2000", S.DISBURSED),
    Grant(
        2,
        OCC,
        "ขายก๋วยเตี๋ยว ซื้อรถเข็นและหม้อต้มน้ำซุป",
        "3000",
        S.WITHDRAWN,
        reason="ผู้ขอได้งานประจำที่โรงงานในอำเภอหาดใหญ่ จึงขอถอนคำขอให้ทุนไปถึงผู้อื่น",
        decided=dt.date(2007, 9, 5),
    ),
    Grant(
        2,
        OCC,
        "ทำขนมจีนเส้นสดส่งร้านในหมู่บ้าน",
        "800",
        S.UNDER_REVIEW,
        opened=dt.date(2007, 10, 15),
        review_from=dt.date(2007, 10, 16),
        reviews=(("committee", Recommendation.YES, "ขอไม่เกินวงเงินที่หมู่บ้านยังเหลือ"),),
    ),
    Grant(
        COMMITTEE_VILLAGE,
        OCC,
        "รับซ่อมรถจักรยานยนต์ในหมู่บ้าน ซื้อชุดเครื่องมือช่าง",
        "1000",
        S.UNDER_REVIEW,
        opened=dt.date(2007, 10, 15),
        review_from=dt.date(2007, 10, 16),
        # The committee member lives in this home, so another member reviews it.
        reviews=(("admin", Recommendation.YES, "ฝึกงานที่ร้านซ่อมในตลาดมาแล้วครึ่งปี"),),
        lives_with_committee=True,
    ),
    # หมู่ที่ 3: 9,250.50 approved
    Grant(
        3,
        EDU,
        "ค่าลงทะเบียนเรียนหลักสูตรผู้ช่วยพยาบาล ตามใบแจ้งหนี้ของวิทยาลัย",
        "2750.50",
        S.DISBURSED,
    ),
    Grant(
        3,
        OCC,
        "รับจ้างตัดหญ้าในสวนยาง ซื้อเครื่องตัดหญ้าสะพายบ่า",
        "3500",
        S.REPORTING,
    ),
    Grant(
        3,
        OCC,
        "จักสานกระจูดขาย ซื้อกระจูดและสีย้อม",
        "3000",
        S.CLOSED,
        follow_up=(RUNNING, "ส่งเสื่อและกระเป๋ากระจูดขายกลุ่มแม่บ้านได้ทุกสัปดาห์"),
    ),
    Grant(3, OCC, "เพาะกล้ายางพาราขาย", "700", S.SUBMITTED, opened=dt.date(2007, 10, 29)),
    # หมู่ที่ 4: the whole 10,000 approved
    Grant(4, OCC, "เลี้ยงกบในกระชังขาย", "4000", S.REPORTING),
    Grant(4, OCC, "เลี้ยงหมูหลุม ซื้อลูกหมู 2 ตัวและวัสดุทำคอก", "3000", S.DISBURSED),
    Grant(
        4,
        OCC,
        "ปลูกแตงโมขาย ซื้อเมล็ดพันธุ์และปุ๋ยอินทรีย์",
        "3000",
        S.CLOSED,
        follow_up=(STOPPED, "น้ำท่วมแปลงปลายเดือนกันยายน ผลผลิตเสียหาย รอปลูกใหม่หลังน้ำลด"),
    ),
    Grant(
        4,
        OCC,
        "ซื้อรถจักรยานยนต์มือสองไว้รับจ้างส่งของ",
        "8000",
        S.REJECTED,
        reason=(
            "ขอเกือบเต็มวงเงินของทั้งหมู่บ้าน และรถจักรยานยนต์เป็นของใช้ในครอบครัว"
            "มากกว่าทุนตั้งต้นอาชีพ ให้เสนอใหม่ด้วยวงเงินที่น้อยลง"
        ),
    ),
    # หมู่ที่ 5: 9,000 approved
    Grant(5, OCC, "ตัดเย็บเสื้อผ้า ซื้อจักรเย็บผ้ามือสอง", "3000", S.REPORTING),
    Grant(5, OCC, "ขายขนมจีนน้ำยาตอนเช้า ซื้อหม้อและอุปกรณ์", "3000", S.DISBURSED),
    Grant(
        5,
        EMERGENCY,
        "ซ่อมหลังคาบ้านที่พายุฝนพัดเสียหายเมื่อปลายเดือนสิงหาคม",
        "3000",
        S.CLOSED,
        follow_up=(OTHER, "ซ่อมหลังคาเสร็จแล้ว ครอบครัวกลับเข้าอยู่บ้านได้ตามปกติ"),
    ),
    Grant(
        5,
        OCC,
        "เลี้ยงผึ้งโพรงเก็บน้ำผึ้งขาย",
        "1000",
        S.UNDER_REVIEW,
        opened=dt.date(2007, 10, 22),
        review_from=dt.date(2007, 10, 23),
    ),
    Grant(
        5,
        OCC,
        "เปิดร้านตัดผมในหมู่บ้าน ซื้อปัตตาเลี่ยนและเก้าอี้",
        "2500",
        S.RETURNED,
        reason=("ขอให้แนบประมาณการค่าใช้จ่ายพร้อมใบเสนอราคา และลดวงเงินที่ขอให้ไม่เกิน 1,000 บาทที่หมู่บ้านยังเหลือ"),
        opened=dt.date(2007, 10, 12),
        review_from=dt.date(2007, 10, 16),
        decided=dt.date(2007, 10, 18),
        reviews=(("committee", Recommendation.MAYBE, "ยังไม่เห็นว่าเงินจะใช้ซื้ออะไรบ้าง"),),
    ),
    # หมู่ที่ 6: 9,500 approved; an October request wants 3,000 of the 500 left
    Grant(
        6,
        EDU,
        "ค่าเรียน กศน. ระดับมัธยมศึกษาตอนปลาย และค่าเดินทางไปพบกลุ่ม",
        "2000",
        S.APPROVED,
        reason="จ่ายพร้อมค่าลงทะเบียนเมื่อเปิดภาคเรียนเดือนพฤศจิกายน",
    ),
    Grant(
        6,
        OCC,
        "รับซ่อมโทรศัพท์มือถือ ซื้อเครื่องมือซ่อมและอะไหล่ชุดแรก",
        "3000",
        S.REPORTING,
    ),
    Grant(
        6,
        OCC,
        "รับจ้างกรีดยาง ซื้อมีดกรีด ถ้วยรับน้ำยาง และไฟฉายคาดหัว",
        "2500",
        S.CLOSED,
        follow_up=(RUNNING, "กรีดยางรับจ้างได้ทุกเช้า มีรายได้พอส่งเสียครอบครัว"),
    ),
    Grant(6, OCC, "เลี้ยงไก่ไข่ 30 ตัว ขายไข่ในหมู่บ้าน", "2000", S.DISBURSED),
    Grant(
        6,
        OCC,
        "ขายอาหารตามสั่งหน้าโรงเรียน ซื้อเตาแก๊สและกระทะ",
        "3000",
        S.UNDER_REVIEW,
        opened=dt.date(2007, 10, 22),
        review_from=dt.date(2007, 10, 23),
    ),
    Grant(6, OCC, "ปลูกผักกูดขายในตลาด", "500", S.SUBMITTED, opened=dt.date(2007, 10, 26)),
    # หมู่ที่ 7: the whole 10,000 approved
    Grant(7, OCC, "ทำดอกไม้ประดิษฐ์จากผ้าใยบัวขาย", "2500", S.DISBURSED),
    Grant(
        7,
        OCC,
        "ขายน้ำปั่นที่ตลาดนัด ซื้อเครื่องปั่นและตู้แช่",
        "5000",
        S.REPORTING,
        approved="4000",
        reason="อนุมัติ 4,000 บาทสำหรับเครื่องปั่น ตู้แช่ให้ยืมของกลุ่มแม่บ้านไปก่อน",
    ),
    Grant(7, OCC, "แปรรูปกล้วยเป็นกล้วยฉาบขาย", "3500", S.DISBURSED),
    # หมู่ที่ 8: 9,500 approved
    Grant(
        8,
        OCC,
        "รับจ้างเชื่อมเหล็ก ซื้อตู้เชื่อมไฟฟ้าขนาดเล็ก",
        "3500",
        S.DISBURSED,
        payments=(Payment(PAY_DAYS[8], TRANSFER),),
    ),
    Grant(
        8,
        OCC,
        "เพาะพันธุ์ปลานิลขาย",
        "3000",
        S.DISBURSED,
        payments=(Payment(PAY_DAYS[8], TRANSFER),),
    ),
    Grant(
        8,
        EMERGENCY,
        "ค่าเดินทางและค่าใช้จ่ายระหว่างพาลูกไปรักษาตัวที่โรงพยาบาลพัทลุง",
        "3000",
        S.DISBURSED,
    ),
    Grant(
        8,
        OCC,
        "ทำปุ๋ยหมักชีวภาพขาย",
        "500",
        S.UNDER_REVIEW,
        opened=dt.date(2007, 10, 19),
        review_from=dt.date(2007, 10, 23),
        reviews=(("committee", Recommendation.MAYBE, "อยากเห็นแผนการขายก่อนตัดสิน"),),
    ),
    # หมู่ที่ 9: the whole 10,000 approved; one grant paid in two parts
    Grant(
        9,
        OCC,
        "เปิดร้านเสริมสวยเล็ก ๆ ที่บ้าน ซื้อไดร์เป่าผม เก้าอี้ และอุปกรณ์ทำผม",
        "5000",
        S.DISBURSED,
        payments=(
            Payment(PAY_DAYS[9], TRANSFER, "3000"),
            Payment(dt.date(2007, 10, 15), TRANSFER),
        ),
    ),
    Grant(9, OCC, "เลี้ยงเป็ดไข่ ซื้อลูกเป็ดและอาหาร", "2500", S.DISBURSED),
    Grant(9, OCC, "ขยายพันธุ์กิ่งตอนไม้ผลขาย", "2500", S.DISBURSED),
    # หมู่ที่ 10: 9,500 approved
    Grant(
        10,
        EDU,
        "ค่าธรรมเนียมการเรียนและอุปกรณ์การเรียนชั้นมัธยมศึกษาปีที่ 4",
        "3000",
        S.APPROVED,
        reason="จ่ายเมื่อผู้ปกครองนำใบเสร็จค่าธรรมเนียมการเรียนมาแสดง",
    ),
    Grant(
        10,
        OCC,
        "รับซ่อมเครื่องสูบน้ำและรถไถเดินตาม ซื้อชุดเครื่องมือ",
        "3500",
        S.DISBURSED,
        payments=(Payment(PAY_DAYS[10], TRANSFER),),
    ),
    Grant(10, OCC, "ทำไม้กวาดทางมะพร้าวขาย", "3000", S.DISBURSED),
)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """A moment of a day in Thailand's time."""
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=BANGKOK)


def _youth_first(person: Person) -> tuple[bool, int, int]:
    """Youth (15-25 at the seed's meeting) first, then the youngest adults, then the rest."""
    age = person.age_on(SEED_MEETING_DAY)
    return (not (age is not None and 15 <= age <= 25), age if age is not None else 999, person.pk)


def _applicants(network: Network, committee: Person | None) -> list[Person]:
    """Who makes each application of ``GRANTS``: one person each, youth first.

    Nobody of the committee member's household applies, except the one grant
    that is meant to show the conflict-of-interest rule.
    """
    home = committee.household_id if committee is not None else None
    people = sorted(Person.objects.for_network(network).select_related("village"), key=_youth_first)
    pools: dict[int, list[Person]] = defaultdict(list)
    housemates: list[Person] = []
    for person in people:
        if home is not None and person.household_id == home:
            if person != committee:
                housemates.append(person)
        elif person.village is not None:
            pools[person.village.number].append(person)
    chosen = []
    for grant in GRANTS:
        pool = housemates if grant.lives_with_committee and housemates else pools[grant.village]
        if not pool:
            raise ValueError(f"Village {grant.village} has too few people for the welfare demo")
        chosen.append(pool.pop(0))
    return chosen


def _receipts() -> dict[tuple[int, int], str]:
    """Receipt numbers สว.50/001... in the order the payments were made."""
    payments = sorted(
        (payment.day, index, number)
        for index, grant in enumerate(GRANTS)
        for number, payment in enumerate(_payments(grant))
    )
    return {
        (index, number): f"สว.50/{serial:03d}"
        for serial, (_day, index, number) in enumerate(payments, start=1)
    }


def _payments(grant: Grant) -> tuple[Payment, ...]:
    if grant.status not in PAID:
        return ()
    return grant.payments or (Payment(PAY_DAYS[grant.village]),)


def _date_step(application: Application, when: dt.datetime, *, decision: bool = False) -> None:
    """Date the step just taken on the demo's calendar, not on the day of the load."""
    step = application.status_changes.order_by("-pk").first()
    StatusChange.objects.filter(pk=step.pk).update(changed_at=when, recorded_at=when)
    if decision:
        Application.objects.filter(pk=application.pk).update(decided_at=when)


class _Builder:
    """Takes each grant along its path through the services, as the users would."""

    def __init__(
        self,
        programme: Programme,
        users: Mapping[str, AbstractUser],
        committee: Person | None,
        resolution: Resolution | None,
    ) -> None:
        self.programme = programme
        self.users = users
        self.committee = committee
        self.resolution = resolution
        self.receipts = _receipts()

    def build(self, index: int, grant: Grant, applicant: Person) -> None:
        """One grant: recorded, submitted, reviewed, decided, paid, followed up."""
        coordinator, committee = self.users["coordinator"], self.users["committee"]
        opened = grant.opened or dt.date(2007, 9, 1 + (grant.village - 1) % 3)
        minute = index % 60  # keeps the grants of one day in their order
        application = services.create_application(
            programme=self.programme,
            applicant=applicant,
            kind=grant.kind,
            purpose=grant.purpose,
            requested_amount=Decimal(grant.requested),
            actor=coordinator,
        )
        Application.objects.filter(pk=application.pk).update(created_at=_at(opened, 9, minute))
        if grant.status == S.DRAFT:
            return
        services.submit(application=application, actor=coordinator)
        _date_step(application, _at(opened, 14, minute))
        if grant.status == S.SUBMITTED:
            return
        services.start_review(application=application, actor=committee)
        _date_step(application, _at(grant.review_from, 9, 30))
        self._review(application, grant, minute)
        decided = grant.decided or dt.date(2007, 9, 5 if grant.village <= 5 else 6)
        if grant.status == S.WITHDRAWN:
            services.withdraw(application=application, actor=coordinator, reason=grant.reason)
            _date_step(application, _at(decided, 9, minute))
        elif grant.status == S.RETURNED:
            services.return_for_info(application=application, actor=committee, reason=grant.reason)
            _date_step(application, _at(decided, 10, minute), decision=True)
        elif grant.status == S.REJECTED:
            services.reject(application=application, actor=committee, reason=grant.reason)
            _date_step(application, _at(decided, 10, minute), decision=True)
        elif grant.status in COMMITTED:
            services.approve(
                application=application,
                amount=Decimal(grant.approved or grant.requested),
                actor=committee,
                reason=grant.reason,
                resolution=self.resolution,
            )
            _date_step(application, _at(decided, 10, minute), decision=True)
            self._pay_and_follow_up(index, application, grant, minute)

    def _review(self, application: Application, grant: Grant, minute: int) -> None:
        """The recommendations recorded while the grant is under review.

        A grant decided in September has the committee's recommendation, made on the
        day of the review; an October one has those its spec lists, made a day later.
        """
        reviews, reviewed = grant.reviews, grant.review_from + dt.timedelta(days=1)
        if not reviews and grant.status in DECIDED:
            verdict = Recommendation.NO if grant.status == S.REJECTED else Recommendation.YES
            reviews, reviewed = (("committee", verdict, ""),), grant.review_from
        for username, recommendation, comment in reviews:
            person = self.committee if username == "committee" else None
            review = services.record_review(
                application=application,
                reviewer=self.users[username],
                reviewer_person=person,
                recommendation=recommendation,
                comment=comment,
            )
            Review.objects.filter(pk=review.pk).update(created_at=_at(reviewed, 11, minute))

    def _pay_and_follow_up(
        self, index: int, application: Application, grant: Grant, minute: int
    ) -> None:
        accountant, coordinator = self.users["accountant"], self.users["coordinator"]
        payments = _payments(grant)
        left = Decimal(grant.approved or grant.requested)
        for number, payment in enumerate(payments):
            amount = Decimal(payment.amount or left)
            left -= amount
            disbursement = services.disburse(
                application=application,
                amount=amount,
                date=payment.day,
                method=payment.method,
                receipt_number=self.receipts[(index, number)],
                actor=accountant,
            )
            when = _at(payment.day, 13, minute)
            Disbursement.objects.filter(pk=disbursement.pk).update(created_at=when)
            if number == 0:
                _date_step(application, when)
        if grant.status not in (S.REPORTING, S.CLOSED):
            return
        asked, due, closed = REPORTS[grant.village]
        services.start_reporting(application=application, actor=coordinator, report_due=due)
        _date_step(application, _at(asked, 10, minute))
        if grant.status != S.CLOSED:
            return
        result, note = grant.follow_up
        services.record_follow_up(
            application=application, result=result, note=note, actor=coordinator
        )
        services.close(application=application, actor=coordinator)
        _date_step(application, _at(closed, 10, minute))


def _august_resolution(network: Network) -> Resolution | None:
    """The August 2550 resolution that set up the top-up (meeting 8/2550, welfare item)."""
    return (
        Resolution.objects.for_network(network)
        .filter(
            item__meeting__year=PROGRAMME_YEAR,
            item__meeting__number=8,
            item__workstream=Workstream.WELFARE,
        )
        .order_by("item__position", "position")
        .first()
    )


def _committee_person(network: Network, users: Mapping[str, AbstractUser]) -> Person | None:
    membership = (
        Membership.objects.filter(network=network, user=users["committee"])
        .select_related("person")
        .first()
    )
    return membership.person if membership is not None else None


def _load_programme(network: Network, users: Mapping[str, AbstractUser]) -> None:
    """The youth top-up of September 2550, with every application, if not there yet."""
    programmes = Programme.objects.for_network(network)
    if programmes.filter(year=PROGRAMME_YEAR, name=PROGRAMME_NAME).exists():
        return
    resolution = _august_resolution(network)
    programme = services.create_programme(
        network=network,
        name=PROGRAMME_NAME,
        year=PROGRAMME_YEAR,
        total_budget=PER_VILLAGE * Village.objects.for_network(network).count(),
        target_group=TargetGroup.YOUTH,
        grant_kinds=(OCC, EDU, EMERGENCY),
        rules=PROGRAMME_RULES,
        adopted_by=resolution,
    )
    Programme.objects.filter(pk=programme.pk).update(created_at=_at(dt.date(2007, 9, 1), 8, 30))
    services.set_allocations_equal(programme=programme, amount=PER_VILLAGE)
    # The allocations were set with the programme, so reports of 2550 find them.
    Allocation.history.filter(programme_id=programme.pk).update(
        history_date=_at(dt.date(2007, 9, 1), 8, 30)
    )
    committee = _committee_person(network, users)
    builder = _Builder(programme, users, committee, resolution)
    for index, (grant, applicant) in enumerate(
        zip(GRANTS, _applicants(network, committee), strict=True)
    ):
        builder.build(index, grant, applicant)


def _load_capacity_project(network: Network) -> None:
    """The proposal under consideration, with its four objectives, if not there yet."""
    if CapacityProject.objects.for_network(network).filter(title=CAPACITY_TITLE).exists():
        return
    project = services.create_capacity_project(
        network=network,
        title=CAPACITY_TITLE,
        objectives=CAPACITY_OBJECTIVES,
    )
    CapacityProject.objects.filter(pk=project.pk).update(created_at=CAPACITY_RECORDED)


def load(network: Network, users: Mapping[str, AbstractUser]) -> None:
    """Build the network's welfare demo (after its meetings, whose resolution it cites)."""
    _load_programme(network, users)
    _load_capacity_project(network)


def counts(network: Network) -> dict[str, int]:
    """Welfare row counts of one network, for the loader's summary."""
    applications = Application.objects.for_network(network)
    return {
        "welfare programmes": Programme.objects.for_network(network).count(),
        "welfare applications": applications.count(),
        "welfare payments": Disbursement.objects.for_network(network).count(),
    }
