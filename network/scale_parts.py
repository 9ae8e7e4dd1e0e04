"""The network core's parts of the scale data: villages, people in households,
members, partners with their vetting, and monthly meetings with their minutes.

Each part builds plain model instances and hands them to ``ScaleBatch.insert``
(bulk, in batches). Every row keeps the rules the services keep: a household's
people live in its village, house numbers are unique in a village, national IDs
carry their check digit, a partner's status is the end of its recorded steps, a
meeting's status the end of its steps, adopted minutes name the meeting that
adopted them, section 2 adopts the previous meeting, and every action item still
open when a meeting is set up is carried into its matters arising exactly once.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from core import thai
from core.roles import Role, Workstream
from network import scale_words as words
from network.models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    AgendaSection,
    Attendance,
    AttendanceKind,
    Household,
    Meeting,
    MeetingStatus,
    MeetingStatusChange,
    Membership,
    Network,
    Partner,
    PartnerKind,
    PartnerStatus,
    PartnerStatusChange,
    Person,
    Resolution,
    Title,
    Village,
)
from network.scale import (
    BATCH,
    ScaleBatch,
    ScalePart,
    moment,
    register_scale_part,
    scale_user_username,
    shares_before,
    split_weighted,
    village_representatives,
)

# Villages


def generate_villages(batch: ScaleBatch) -> Mapping[str, int]:
    """หมู่ที่ 1..n of each network, each with its own บ้าน… name."""
    rows: list[Village] = []
    for network in batch.networks:
        count = batch.share(batch.sizes.villages, network)
        names = words.village_names(batch.rng(network, "villages"), count)
        rows.extend(
            Village(network=network, number=number, name=name)
            for number, name in enumerate(names, start=1)
        )
    return {"villages": len(batch.insert(Village, rows))}


def villages_of(batch: ScaleBatch) -> dict[int, list[Village]]:
    """The chunk's villages by network id, in number order."""
    found: dict[int, list[Village]] = defaultdict(list)
    villages = Village.objects.using(batch.using).filter(network__in=batch.networks)
    for village in villages.order_by("network_id", "number").only("network_id", "number", "name"):
        found[village.network_id].append(village)
    return found


# People in households


def people_day(batch: ScaleBatch) -> dt.date:
    """The day ages are reckoned on: the end of the last year, never after today."""
    return min(dt.date(batch.sizes.end_year, 12, 31), dt.date.today())


@dataclass
class _Household:
    household: Household
    people: list[Person] = field(default_factory=list)


class _PeopleWriter:
    """Households and their people, inserted a batch at a time (households first,
    for their keys)."""

    def __init__(self, batch: ScaleBatch) -> None:
        self.batch = batch
        self.pending: list[_Household] = []
        self.waiting = 0
        self.households = 0
        self.people = 0

    def add(self, home: _Household) -> None:
        self.pending.append(home)
        self.waiting += len(home.people)
        if self.waiting >= BATCH:
            self.flush()

    def flush(self) -> None:
        self.batch.insert(Household, [home.household for home in self.pending])
        people = []
        for home in self.pending:
            for person in home.people:
                person.household_id = home.household.pk
                people.append(person)
        self.batch.insert(Person, people)
        self.households += len(self.pending)
        self.people += len(people)
        self.pending, self.waiting = [], 0


def _household_size(rng: random.Random) -> int:
    """Thai rural households: mostly three or four people."""
    return rng.choices((1, 2, 3, 4, 5, 6, 7), weights=(8, 20, 25, 22, 14, 7, 4))[0]


def _title(male: bool, age: int, married: bool) -> str:
    if age < 15:
        return Title.BOY if male else Title.GIRL
    if male:
        return Title.MR
    return Title.MRS if married else Title.MISS


class _PersonMaker:
    """Made-up people of one network, with national IDs numbered from its serial."""

    def __init__(self, batch: ScaleBatch, network: Network, rng: random.Random) -> None:
        self.network, self.rng = network, rng
        self.day = people_day(batch)
        sizes = batch.sizes
        self.serial = shares_before(sizes.people, sizes.networks, batch.index(network))

    def person(
        self, village: Village, family: str, *, male: bool, age: int, married: bool = False
    ) -> Person:
        rng = self.rng
        self.serial += 1  # counted for everyone, so IDs stay unique however many have one
        has_id = rng.random() < (0.97 if age >= 15 else 0.85)
        born = words.birth_date(rng, self.day, age, age)
        return Person(
            network=self.network,
            village=village,
            title=_title(male, age, married),
            first_name=words.first_name(rng, male=male),
            last_name=family,
            national_id=words.national_id(self.serial) if has_id else "",
            birth_date=born if rng.random() < 0.97 else None,
            phone=words.phone(rng) if age >= 15 and rng.random() < 0.7 else "",
        )

    def household(self, village: Village, house_number: str, size: int) -> _Household:
        """A head, often a spouse, then children (a grandparent in big homes)."""
        rng = self.rng
        home = _Household(Household(network=self.network, village=village, house_number=""))
        home.household.house_number = house_number
        family = words.surname(rng)
        head_male = rng.random() < 0.65
        head_age = rng.randint(28, 80)
        married = size >= 2 and rng.random() < 0.8
        home.people.append(
            self.person(village, family, male=head_male, age=head_age, married=married)
        )
        if married:
            spouse_age = max(20, min(90, head_age + rng.randint(-8, 8)))
            spouse_family = family if rng.random() < 0.8 else words.surname(rng)
            home.people.append(
                self.person(
                    village, spouse_family, male=not head_male, age=spouse_age, married=True
                )
            )
        if len(home.people) < size and size >= 5 and head_age <= 60 and rng.random() < 0.5:
            elder_age = min(95, head_age + rng.randint(20, 30))
            home.people.append(self.person(village, family, male=rng.random() < 0.4, age=elder_age))
        while len(home.people) < size:
            child_age = rng.randint(max(0, head_age - 42), head_age - 18)
            home.people.append(self.person(village, family, male=rng.random() < 0.5, age=child_age))
        return home


def generate_people(batch: ScaleBatch) -> Mapping[str, int]:
    """Every person in a household of their village; villages differ in size."""
    writer = _PeopleWriter(batch)
    villages = villages_of(batch)
    for network in batch.networks:
        rng = batch.rng(network, "people")
        maker = _PersonMaker(batch, network, rng)
        own = villages[network.pk]
        counts = split_weighted(
            batch.share(batch.sizes.people, network), [rng.uniform(0.6, 1.4) for _ in own]
        )
        for village, count in zip(own, counts, strict=True):
            house = 0
            while count > 0:
                size = min(count, _household_size(rng))
                house += rng.randint(1, 3)
                number = f"{house}/{rng.randint(1, 3)}" if rng.random() < 0.05 else str(house)
                writer.add(maker.household(village, number, size))
                count -= size
    writer.flush()
    return {"households": writer.households, "people": writer.people}


# Members: one user per role, the committee linked to their person


MEMBER_ROLES: tuple[tuple[str, int], ...] = (
    (Role.ADMIN, 0),
    (Role.SECRETARY, 0),
    (Role.COMMITTEE, 1),
    (Role.COMMITTEE, 2),
    (Role.COMMITTEE, 3),
    (Role.ACCOUNTANT, 0),
    (Role.COORDINATOR, 0),
    (Role.VIEWER, 0),
)


def generate_members(batch: ScaleBatch) -> Mapping[str, int]:
    """A user per role in each network (no usable password: set one to sign in);
    committee members are village representatives, so conflicts of interest apply."""
    user_model = get_user_model()
    joined = moment(dt.date(batch.years()[0], 1, 1), 9)
    reps = village_representatives(batch)
    users, memberships = [], []
    for network in batch.networks:
        rng = batch.rng(network, "members")
        own_reps = [reps[network.pk][n] for n in sorted(reps[network.pk])]
        for role, number in MEMBER_ROLES:
            male = rng.random() < 0.5
            user = user_model(
                username=scale_user_username(network, role, number),
                first_name=words.first_name(rng, male=male),
                last_name=words.surname(rng),
                date_joined=joined,
            )
            user.set_unusable_password()
            users.append(user)
            person = None
            if role == Role.COMMITTEE and own_reps:
                person = own_reps[(number - 1) % len(own_reps)]
            memberships.append(
                Membership(
                    network=network,
                    user=user,
                    role=role,
                    person_id=person,
                    workstreams=[Workstream.WELFARE] if role == Role.COORDINATOR else [],
                )
            )
    batch.insert(user_model, users)
    batch.insert(Membership, memberships)
    return {"users": len(users), "memberships": len(memberships)}


def members_of(batch: ScaleBatch) -> dict[int, dict[str, list[int]]]:
    """The chunk's members' user ids by network id and role (committee in order)."""
    found: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    rows = (
        Membership.objects.using(batch.using)
        .filter(network__in=batch.networks)
        .order_by("pk")
        .values_list("network_id", "role", "user_id")
    )
    for network_id, role, user_id in rows:
        found[network_id][role].append(user_id)
    return found


# Partners, each with its vetting steps


P = PartnerStatus
# The steps after "proposed" that lead to each status.
PARTNER_PATHS: dict[str, tuple[str, ...]] = {
    P.PROPOSED: (),
    P.VETTED: (P.VETTED,),
    P.ACTIVE: (P.VETTED, P.ACTIVE),
    P.INACTIVE: (P.VETTED, P.ACTIVE, P.INACTIVE),
}
STEP_REASONS: dict[str, str] = {
    P.PROPOSED: "เสนอเป็นภาคีใหม่",
    P.VETTED: "ที่ประชุมสอบถามที่มาและบทบาทแล้ว เห็นว่าเป็นหน่วยงานที่มีตัวตนจริง",
    P.ACTIVE: "เริ่มทำงานร่วมกับเครือข่าย",
    P.INACTIVE: "สิ้นสุดโครงการที่ทำร่วมกัน",
}


def _partner_specs(network: Network, village: str) -> list[tuple[str, str, str, str]]:
    """(name, short name, kind, status) of a network's partners."""
    return [
        (
            f"องค์การบริหารส่วนตำบล{network.sub_district}",
            "อบต.",
            PartnerKind.LOCAL_GOVERNMENT,
            P.ACTIVE,
        ),
        (f"โรงพยาบาลส่งเสริมสุขภาพตำบล{village}", "รพ.สต.", PartnerKind.HEALTH, P.ACTIVE),
        ("สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน)", "พอช.", PartnerKind.GOVERNMENT_AGENCY, P.ACTIVE),
        (
            f"สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัด{network.province}",
            "พมจ.",
            PartnerKind.GOVERNMENT_AGENCY,
            P.VETTED,
        ),
        (f"มหาวิทยาลัยราชภัฏ{network.province}", "มรภ.", PartnerKind.ACADEMIC, P.PROPOSED),
        (f"กลุ่มออมทรัพย์เพื่อการผลิต{village}", "", PartnerKind.COMMUNITY, P.INACTIVE),
    ]


def generate_partners(batch: ScaleBatch) -> Mapping[str, int]:
    """Six partners a network, each status reached through its recorded steps."""
    villages = villages_of(batch)
    members = members_of(batch)
    first_day = dt.date(batch.years()[0], 1, 1)
    partners: list[Partner] = []
    steps: list[PartnerStatusChange] = []
    for network in batch.networks:
        rng = batch.rng(network, "partners")
        secretary = members[network.pk][Role.SECRETARY][0]
        village = villages[network.pk][0].name.removeprefix("บ้าน")
        for name, short, kind, status in _partner_specs(network, village):
            day = first_day - dt.timedelta(days=rng.randint(60, 900))
            path: list[tuple[str, str]] = [("", P.PROPOSED)]
            for target in PARTNER_PATHS[status]:
                path.append((path[-1][1], target))
            moments = []
            for _step in path:
                moments.append(moment(day, rng.randint(9, 15), rng.choice((0, 15, 30, 45))))
                day += dt.timedelta(days=rng.randint(20, 120))
            contact_male = rng.random() < 0.5
            partner = Partner(
                network=network,
                name=name,
                short_name=short,
                kind=kind,
                contact_name=f"{words.first_name(rng, male=contact_male)} {words.surname(rng)}",
                contact_phone=words.phone(rng),
                status=status,
                status_changed_at=moments[-1],
                status_changed_by_id=secretary,
            )
            partners.append(partner)
            steps.extend(
                PartnerStatusChange(
                    network=network,
                    partner=partner,
                    from_status=source,
                    to_status=target,
                    changed_by_id=secretary,
                    changed_at=at,
                    reason=STEP_REASONS[target],
                )
                for (source, target), at in zip(path, moments, strict=True)
            )
    batch.insert(Partner, partners)
    batch.insert(PartnerStatusChange, steps)
    return {"partners": len(partners), "partner steps": len(steps)}


# Meetings


M = MeetingStatus
# What the meeting services write in Thai (the catalogue's words), written out here so
# that the data does not depend on whether the catalogue is compiled.
ADOPTION_TITLE = "รับรองรายงานการประชุมครั้งที่ %s"
ADOPTION_RESOLUTION = "ที่ประชุมรับรองรายงานการประชุมครั้งที่ %s"
ADOPTED_AT = "รับรองในการประชุมครั้งที่ %s"
HELD_STEPS = ((M.PLANNED, M.IN_SESSION), (M.IN_SESSION, M.DRAFTED), (M.DRAFTED, M.CIRCULATED))
ADOPTION_STEPS = ((M.CIRCULATED, M.ADOPTED), (M.ADOPTED, M.LOCKED))
ABSENCE_REASONS = ("ติดภารกิจ", "เจ็บป่วย", "เดินทางไปต่างจังหวัด", "ติดงานในสวนยาง", "ไปราชการ")
ANNOUNCEMENTS = (
    (
        "ประธานแจ้งเพื่อทราบ",
        "ประธานแจ้งว่า{partner} จะจัดเวทีแลกเปลี่ยนเรื่องการจัดสวัสดิการชุมชนในเดือนหน้า "
        "ขอให้แต่ละหมู่บ้านส่งผู้แทนเข้าร่วมหมู่บ้านละ {n} คน",
    ),
    (
        "แจ้งข่าวจากภาคี",
        "ผู้แทน{partner} แจ้งว่าเปิดรับข้อเสนอโครงการของกลุ่มในชุมชนถึงสิ้นเดือน กลุ่มที่สนใจให้ติดต่อเลขานุการเครือข่าย",
    ),
    (
        "แจ้งกำหนดการประชุมครั้งต่อไป",
        "เลขานุการแจ้งว่าการประชุมประจำเดือนครั้งต่อไปจะจัดที่ศาลาประชาคม{village} "
        "ขอให้ผู้แทนหมู่บ้านแจ้งเรื่องที่จะเสนอเข้าวาระล่วงหน้า",
    ),
)
DECISIONS: dict[str, tuple[tuple[str, str, str], ...]] = {
    Workstream.WELFARE: (
        (
            "พิจารณาการจ่ายเงินกองทุนสวัสดิการชุมชน",
            "คณะกรรมการกองทุนรายงานว่ามีผู้ยื่นขอรับทุน {n} ราย จาก {v} หมู่บ้าน "
            "ที่ประชุมอภิปรายความจำเป็นของแต่ละราย และให้ตรวจสอบเอกสารให้ครบก่อนจ่าย",
            "ที่ประชุมมีมติเห็นชอบให้จ่ายตามที่คณะกรรมการกองทุนเสนอ",
        ),
    ),
    Workstream.LANDRIGHTS: (
        (
            "ความคืบหน้าการสำรวจแปลงที่ดินทำกิน",
            "คณะทำงานรายงานว่าสำรวจแปลงที่ดินในหมู่ที่ {n} แล้วเสร็จ "
            "ยังเหลือแปลงที่ต้องตรวจสอบแนวเขตกับเพื่อนบ้านอีกบางส่วน",
            "ที่ประชุมมีมติให้คณะทำงานสำรวจต่อให้ครบทุกหมู่บ้าน",
        ),
    ),
    Workstream.DISTRIBUTION: (
        (
            "รายงานยอดรับซื้อผลผลิตของศูนย์รวมผลผลิต",
            "ผู้จัดการศูนย์รายงานยอดรับซื้อผลผลิตของเดือนที่ผ่านมา และเสนอให้เพิ่มจุดรับซื้อที่หมู่ที่ {n}",
            "ที่ประชุมมีมติเห็นชอบให้ทดลองเปิดจุดรับซื้อเพิ่มหนึ่งจุด",
        ),
    ),
    Workstream.TRAINING: (
        (
            "การคัดเลือกเยาวชนเข้ารับการอบรม อสม. พันธุ์ใหม่",
            "ผู้ประสานงานเสนอรายชื่อเยาวชน {n} คน ที่ผ่านการคัดเลือกจากหมู่บ้าน "
            "ที่ประชุมสอบถามความพร้อมของผู้ปกครองและการเดินทาง",
            "ที่ประชุมมีมติเห็นชอบรายชื่อตามที่เสนอ",
        ),
    ),
    Workstream.STRATEGY: (
        (
            "ทบทวนแผนยุทธศาสตร์พัฒนาคนและสังคมของตำบล",
            "คณะทำงานนำเสนอผลตามตัวชี้วัดของปีที่ผ่านมา "
            "ที่ประชุมเห็นว่าควรปรับเป้าหมายด้านรายได้ให้สอดคล้องกับสถานการณ์",
            "ที่ประชุมมีมติให้คณะทำงานปรับแผนแล้วนำเสนอในการประชุมครั้งหน้า",
        ),
    ),
    Workstream.GENERAL: (
        (
            "การเตรียมงานวันผู้สูงอายุของตำบล",
            "ผู้แทนหมู่บ้านเสนอให้แต่ละหมู่บ้านรับผิดชอบซุ้มกิจกรรมหนึ่งซุ้ม และขอสนับสนุนงบประมาณจาก{partner}",
            "ที่ประชุมมีมติเห็นชอบตามที่เสนอ",
        ),
    ),
}
ACTIONS = (
    "ประสานงานกับ{partner} เรื่องงบประมาณสนับสนุน",
    "รวบรวมรายชื่อผู้เข้าร่วมจากทุกหมู่บ้าน",
    "จัดทำรายงานการเงินเสนอในการประชุมครั้งหน้า",
    "ติดตามผลการใช้เงินของผู้รับทุนในหมู่ที่ {n}",
    "แจ้งมติที่ประชุมให้ผู้แทนหมู่บ้านที่ไม่ได้มาประชุมทราบ",
)
OTHER_BUSINESS = (
    "ผู้แทนหมู่ที่ {n} เสนอให้จัดทำป้ายประชาสัมพันธ์กองทุนสวัสดิการในทุกหมู่บ้าน",
    "ผู้แทนหมู่ที่ {n} แจ้งปัญหาน้ำท่วมขังถนนในหมู่บ้าน ขอให้เครือข่ายประสานกับ{partner}",
)


@dataclass
class _Context:
    """What a network's meetings draw on: its villages, representatives, partners."""

    network: Network
    rng: random.Random
    villages: list[Village]
    reps: dict[int, int]
    partners: list[tuple[int, str, str]]  # (id, name, contact) of active partners
    secretary: int

    def fill(self, text: str) -> str:
        rng = self.rng
        partner = self.partners[rng.randrange(len(self.partners))][1] if self.partners else ""
        village = rng.choice(self.villages)
        return text.format(
            partner=partner,
            village=village.name,
            n=rng.randint(1, max(1, len(self.villages))),
            v=rng.randint(1, len(self.villages)),
        )

    def rep(self, number: int) -> int | None:
        if not self.reps:
            return None
        ordered = sorted(self.reps)
        return self.reps[ordered[(number - 1) % len(ordered)]]


@dataclass
class _Plan:
    """One meeting as planned, before its rows get keys."""

    meeting: Meeting
    held: bool
    items: list[AgendaItem] = field(default_factory=list)
    resolutions: list[tuple[AgendaItem, str]] = field(default_factory=list)
    actions: list[ActionItem] = field(default_factory=list)


def _meeting_day(rng: random.Random, year: int, month: int) -> dt.date:
    """The second week of the month, on a weekday."""
    day = dt.date(year, month, rng.randint(8, 14))
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _plan_meetings(context: _Context, years: range) -> list[_Plan]:
    """Twelve meetings a year: all locked but the last two (the one before last
    circulated, the last planned)."""
    rng = context.rng
    months = [(year, month) for year in years for month in range(1, 13)]
    plans = []
    for index, (year, month) in enumerate(months):
        day = _meeting_day(rng, year, month)
        held = index < len(months) - 1
        status = M.PLANNED
        if held:
            status = M.CIRCULATED if index == len(months) - 2 else M.LOCKED
        village = context.villages[index % len(context.villages)]
        meeting = Meeting(
            network=context.network,
            year=year,
            number=month,
            date=day,
            place=f"ศาลาประชาคม{village.name} หมู่ที่ {village.number}",
            start_time=dt.time(9, 30) if held else None,
            end_time=dt.time(rng.randint(12, 15), rng.choice((0, 30))) if held else None,
            chair_id=context.rep(1),
            minute_taker_id=context.rep(3),
            checker_id=context.rep(2),
            status=status,
        )
        plans.append(_Plan(meeting, held))
    return plans


def _status_steps(plans: list[_Plan], secretary: int) -> list[MeetingStatusChange]:
    """Opened, closed, circulated; and for locked minutes adopted and locked at the next."""
    steps: list[MeetingStatusChange] = []
    for index, plan in enumerate(plans):
        meeting = plan.meeting
        if not plan.held:
            continue
        opened = moment(meeting.date, 9, 30)
        end = meeting.end_time or dt.time(12)
        closed = moment(meeting.date, end.hour, end.minute)
        moments = [opened, closed, closed + dt.timedelta(days=3)]
        path = list(HELD_STEPS)
        reasons = ["", "", ""]
        if meeting.status == M.LOCKED:
            following = plans[index + 1].meeting
            adopted = moment(following.date, 9, 45)
            moments += [adopted, adopted]
            path += list(ADOPTION_STEPS)
            reason = ADOPTED_AT % following.number_label
            reasons += [reason, reason]
        steps.extend(
            MeetingStatusChange(
                network=meeting.network,
                meeting=meeting,
                from_status=source,
                to_status=target,
                changed_by_id=secretary,
                changed_at=at,
                reason=reason,
            )
            for (source, target), at, reason in zip(path, moments, reasons, strict=True)
        )
    return steps


def _item(plan: _Plan, section: int, title: str, **fields: object) -> AgendaItem:
    position = 1 + sum(1 for item in plan.items if item.section == section)
    item = AgendaItem(
        network=plan.meeting.network,
        meeting=plan.meeting,
        section=section,
        position=position,
        title=title[:300],
        **fields,
    )
    plan.items.append(item)
    return item


def _decision_topics(context: _Context) -> list[str]:
    """Welfare every month (its programme in January), and one or two others."""
    others = [w for w in DECISIONS if w != Workstream.WELFARE]
    return [Workstream.WELFARE, *context.rng.sample(others, k=context.rng.randint(1, 2))]


def _fill_agenda(context: _Context, plans: list[_Plan], index: int) -> None:
    """Sections 1, 2, 4 and 5 with their texts, resolutions and actions (section 3,
    which points at the previous meeting's actions, is added once they have keys)."""
    rng = context.rng
    plan = plans[index]
    meeting = plan.meeting
    held = plan.held
    for title, text in rng.sample(ANNOUNCEMENTS, k=rng.randint(1, 2)):
        item = _item(
            plan, AgendaSection.ANNOUNCEMENTS, title, discussion=context.fill(text) if held else ""
        )
        if held:
            plan.resolutions.append((item, "ที่ประชุมรับทราบ"))
    if index > 0:
        previous = plans[index - 1].meeting
        item = _item(
            plan,
            AgendaSection.PREVIOUS_MINUTES,
            ADOPTION_TITLE % previous.number_label,
            previous_meeting=previous,
        )
        if held:
            plan.resolutions.append(
                (
                    item,
                    ADOPTION_RESOLUTION % previous.number_label,
                )
            )
    following = plans[index + 1] if index + 1 < len(plans) else None
    next_day = following.meeting.date if following else None
    # Heard done at the next meeting if that one was held; else still open.
    done = following is not None and following.held
    for workstream in _decision_topics(context):
        title, text, resolution = DECISIONS[workstream][0]
        if workstream == Workstream.WELFARE and meeting.date.month == 1:
            title = f"พิจารณาโครงการกองทุนสวัสดิการชุมชน ประจำปี {thai.be_year(meeting.year)}"
            text = (
                "คณะกรรมการกองทุนเสนอกรอบงบประมาณและหลักเกณฑ์การให้ทุนของปีนี้ "
                "ที่ประชุมอภิปรายเรื่องการแบ่งงบประมาณให้แต่ละหมู่บ้านตามจำนวนครัวเรือน"
            )
            resolution = "ที่ประชุมมีมติเห็นชอบโครงการ หลักเกณฑ์ และการแบ่งงบประมาณรายหมู่บ้าน"
        item = _item(
            plan,
            AgendaSection.FOR_DECISION,
            title,
            workstream=workstream,
            discussion=context.fill(text) if held else "",
        )
        if not held:
            continue
        plan.resolutions.append((item, resolution))
        # The welfare item always follows something up, so open actions wait in the
        # planned meeting's matters arising.
        choices = (1, 1, 2) if workstream == Workstream.WELFARE else (0, 1, 1, 2)
        for _n in range(rng.choice(choices)):
            owner = context.rep(rng.randint(1, len(context.villages)))
            plan.actions.append(
                ActionItem(
                    network=meeting.network,
                    item=item,
                    description=context.fill(rng.choice(ACTIONS)),
                    owner_id=owner,
                    due_date=(next_day - dt.timedelta(days=2)) if next_day else None,
                    status=ActionStatus.DONE if done else ActionStatus.OPEN,
                    closed_at=moment(next_day, 10, 30) if done and next_day else None,
                )
            )
    if held and rng.random() < 0.5:
        item = _item(
            plan,
            AgendaSection.OTHER,
            "เรื่องอื่น ๆ",
            discussion=context.fill(rng.choice(OTHER_BUSINESS)),
        )
        plan.resolutions.append((item, "ที่ประชุมรับทราบ และมอบเลขานุการประสานงานต่อ"))


def _carry_actions(plans: list[_Plan], index: int) -> list[tuple[AgendaItem, str]]:
    """Section 3 of a meeting: every action of the meeting before (all still open
    when it was set up; a held meeting heard them done)."""
    if index == 0:
        return []
    plan, previous = plans[index], plans[index - 1]
    resolutions = []
    for action in previous.actions:
        item = _item(
            plan,
            AgendaSection.MATTERS_ARISING,
            action.description,
            workstream=action.item.workstream,
            carried_action_id=action.pk,
            discussion="ผู้รับผิดชอบรายงานว่าดำเนินการเรียบร้อยแล้ว" if plan.held else "",
        )
        if plan.held:
            resolutions.append((item, "ที่ประชุมรับทราบ"))
    return resolutions


def _attendance(context: _Context, plan: _Plan) -> list[Attendance]:
    """Each village's representative (present, or absent with a reason), one or two
    partners' representatives, sometimes an observer."""
    rng = context.rng
    network = context.network
    rows = []
    for village in context.villages:
        present = rng.random() < 0.88
        rows.append(
            Attendance(
                network=network,
                meeting=plan.meeting,
                kind=AttendanceKind.VILLAGE_REP,
                person_id=context.reps.get(village.number),
                village=village,
                present=present,
                absence_reason="" if present else rng.choice(ABSENCE_REASONS),
            )
        )
    for partner_id, _name, contact in rng.sample(context.partners, k=min(2, len(context.partners))):
        rows.append(
            Attendance(
                network=network,
                meeting=plan.meeting,
                kind=AttendanceKind.PARTNER_REP,
                name=contact,
                partner_id=partner_id,
            )
        )
    if rng.random() < 0.3:
        rows.append(
            Attendance(
                network=network,
                meeting=plan.meeting,
                kind=AttendanceKind.OBSERVER,
                name=f"{words.first_name(rng, male=rng.random() < 0.5)} {words.surname(rng)}",
            )
        )
    return rows


def _active_partners(batch: ScaleBatch) -> dict[int, list[tuple[int, str, str]]]:
    found: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    rows = (
        Partner.objects.using(batch.using)
        .filter(network__in=batch.networks, status=PartnerStatus.ACTIVE)
        .order_by("pk")
        .values_list("network_id", "pk", "name", "contact_name")
    )
    for network_id, pk, name, contact in rows:
        found[network_id].append((pk, name, contact))
    return found


def generate_meetings(batch: ScaleBatch) -> Mapping[str, int]:
    """Twelve meetings a year in every network, with the five-section agenda,
    minutes, resolutions, action items carried forward, attendance and steps."""
    villages = villages_of(batch)
    reps = village_representatives(batch)
    partners = _active_partners(batch)
    members = members_of(batch)
    per_network: list[tuple[_Context, list[_Plan]]] = []
    for network in batch.networks:
        context = _Context(
            network=network,
            rng=batch.rng(network, "meetings"),
            villages=villages[network.pk],
            reps=reps.get(network.pk, {}),
            partners=partners.get(network.pk, []),
            secretary=members[network.pk][Role.SECRETARY][0],
        )
        plans = _plan_meetings(context, batch.years())
        for index in range(len(plans)):
            _fill_agenda(context, plans, index)
        per_network.append((context, plans))
    counts: dict[str, int] = defaultdict(int)
    # Latest first: a meeting's "adopted in" names the meeting after it.
    longest = max(len(plans) for _c, plans in per_network)
    for back in range(longest):
        rows = []
        for _context, plans in per_network:
            if back < len(plans):
                index = len(plans) - 1 - back
                meeting = plans[index].meeting
                if meeting.status == M.LOCKED:
                    following = plans[index + 1].meeting
                    meeting.adopted_in_id = following.pk
                    meeting.adopted_at = moment(following.date, 9, 45)
                rows.append(meeting)
        counts["meetings"] += len(batch.insert(Meeting, rows))
    all_plans = [plan for _c, plans in per_network for plan in plans]
    steps = [s for context, plans in per_network for s in _status_steps(plans, context.secretary)]
    counts["meeting steps"] = len(batch.insert(MeetingStatusChange, steps))
    batch.insert(AgendaItem, [item for plan in all_plans for item in plan.items])
    counts["actions"] = len(batch.insert(ActionItem, [a for p in all_plans for a in p.actions]))
    carried_resolutions = []
    carried_items = []
    for _context, plans in per_network:
        for index, plan in enumerate(plans):
            before = len(plan.items)
            carried_resolutions.extend(_carry_actions(plans, index))
            carried_items.extend(plan.items[before:])
    batch.insert(AgendaItem, carried_items)
    counts["agenda items"] = sum(len(plan.items) for plan in all_plans)
    resolutions = []
    for item, text in [r for p in all_plans for r in p.resolutions] + carried_resolutions:
        position = 1
        resolutions.append(
            Resolution(network=item.network, item_id=item.pk, position=position, text=text)
        )
    counts["resolutions"] = len(batch.insert(Resolution, resolutions))
    attendance = [
        row
        for context, plans in per_network
        for plan in plans
        if plan.held
        for row in _attendance(context, plan)
    ]
    counts["attendance"] = len(batch.insert(Attendance, attendance))
    return counts


def register() -> None:
    """The network core's parts, first of all: later parts build on these rows."""
    register_scale_part(ScalePart("villages", generate_villages), order=10)
    register_scale_part(ScalePart("people", generate_people), order=20)
    register_scale_part(ScalePart("members", generate_members), order=30)
    register_scale_part(ScalePart("partners", generate_partners), order=40)
    register_scale_part(ScalePart("meetings", generate_meetings), order=50)
