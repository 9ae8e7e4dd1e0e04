"""Demo data: the Sinprae Thong network as its October 2550 meeting describes it.

The source (``shared/seed/000_8409879c62147012.txt``) names the network, its
sub-district and its partners, and tells how a newcomer was questioned at the
monthly meeting of 9 October 2550. It names no villages, people or users, so
those are made up here: villages carry ``illustrative=True``, national IDs start
with the impossible prefix 0-9999 / 0-9998, and every name is invented.

``load_demo`` is idempotent: each row is found by its natural key and updated, so
running it again changes no row count. Partner vetting goes through the same
services a user's click does, and only when the partner is first created, so a
rerun never appends a second history.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import TextIO
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import AbstractUser
from django.db import transaction

from core import thai
from core.roles import Role, Workstream
from network.models import (
    Membership,
    Network,
    Partner,
    PartnerKind,
    PartnerStatus,
    Person,
    Title,
    Village,
)
from network.services import change_partner_status, propose_partner, save_person

DEMO_PASSWORD = "demo-pass-2550"  # noqa: S105 (a published demo password, by design)
SINPRAETHONG = "sinpraethong"
NEIGHBOUR = "khuanhindaeng"
BANGKOK = ZoneInfo("Asia/Bangkok")
# The meeting the seed describes; ages of the youth are reckoned on this day.
SEED_MEETING_DAY = dt.date(2007, 10, 9)


@dataclass(frozen=True)
class DemoLogin:
    """One demo sign-in: a user's role in one network."""

    username: str
    role: str
    network_slug: str
    workstream: str = ""


@dataclass
class DemoResult:
    """What ``load_demo`` built: the logins to show, and row counts per network."""

    logins: list[DemoLogin] = field(default_factory=list)
    password: str = DEMO_PASSWORD
    counts: dict[str, dict[str, int]] = field(default_factory=dict)


# ---------------------------------------------------------------------------
# Networks and villages
# ---------------------------------------------------------------------------

NETWORKS: dict[str, dict[str, str]] = {
    SINPRAETHONG: {
        "name": "เครือข่ายสินธุ์แพรทอง",
        "sub_district": "ลำสินธุ์",
        "district": "ศรีนครินทร์",
        "province": "พัทลุง",
    },
    # Fictional: a neighbour in the same district, only so that tenancy shows.
    NEIGHBOUR: {
        "name": "เครือข่ายองค์กรชุมชนตำบลควนหินแดง",
        "sub_district": "ควนหินแดง",
        "district": "ศรีนครินทร์",
        "province": "พัทลุง",
    },
}

# The seed lists no villages; these names follow the area's naming habits
# (ควน hill, โหนด sugar palm, พรุ peat swamp, หาร pond) and are all made up.
VILLAGES: dict[str, list[str]] = {
    SINPRAETHONG: [
        "บ้านลำสินธุ์",
        "บ้านควนโหนด",
        "บ้านทุ่งยาว",
        "บ้านหัวควน",
        "บ้านหนองหว้า",
        "บ้านป่าพรุ",
        "บ้านนาโพธิ์",
        "บ้านห้วยหาร",
        "บ้านโหล๊ะจันทร์",
        "บ้านปลายคลอง",
    ],
    NEIGHBOUR: ["บ้านควนหินแดง", "บ้านทุ่งเสม็ด", "บ้านหนองบัว"],
}

# ---------------------------------------------------------------------------
# Users: one per role in Sinprae Thong, plus an outsider of the neighbour
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class UserSpec:
    """A demo user and the memberships it holds."""

    username: str
    first_name: str
    last_name: str
    memberships: tuple[tuple[str, str, str], ...]  # (network slug, role, workstream)


USERS: tuple[UserSpec, ...] = (
    UserSpec(
        "admin",
        "ประเสริฐ",
        "แก้วประดับ",
        ((SINPRAETHONG, Role.ADMIN, ""), (NEIGHBOUR, Role.ADMIN, "")),
    ),
    UserSpec("secretary", "สุนีย์", "ศรีสุข", ((SINPRAETHONG, Role.SECRETARY, ""),)),
    UserSpec("committee", "บุญเลิศ", "ชูช่วย", ((SINPRAETHONG, Role.COMMITTEE, ""),)),
    UserSpec(
        "coordinator",
        "จิราภรณ์",
        "หนูแก้ว",
        ((SINPRAETHONG, Role.COORDINATOR, Workstream.WELFARE),),
    ),
    UserSpec("accountant", "วันเพ็ญ", "ทองขาว", ((SINPRAETHONG, Role.ACCOUNTANT, ""),)),
    UserSpec("partner", "อนุชา", "เพชรรัตน์", ((SINPRAETHONG, Role.PARTNER, ""),)),
    UserSpec("viewer", "ปิยะนุช", "สงแก้ว", ((SINPRAETHONG, Role.VIEWER, ""),)),
    UserSpec("other", "สมพร", "ด้วงแก้ว", ((NEIGHBOUR, Role.SECRETARY, ""),)),
)

# ---------------------------------------------------------------------------
# Partners: the organisations the seed names, with their vetting path
# ---------------------------------------------------------------------------


def _at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    """A moment in Thailand's time zone (the network's monthly meetings)."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=BANGKOK)


@dataclass(frozen=True)
class PartnerSpec:
    """A partner, its place in a hierarchy, and the vetting steps it went through."""

    name: str
    short_name: str
    kind: str
    notes: str
    # (status, when, reason); the first step is always the proposal.
    steps: tuple[tuple[str, dt.datetime, str], ...]
    parent: str = ""
    contact_name: str = ""
    contact_phone: str = ""


def _active_path(
    proposed: dt.datetime, vetted: dt.datetime, active: dt.datetime, why: str, check: str, go: str
) -> tuple[tuple[str, dt.datetime, str], ...]:
    """The usual three steps: proposed, vetted after a check of standing, then active."""
    return (
        (PartnerStatus.PROPOSED, proposed, why),
        (PartnerStatus.VETTED, vetted, check),
        (PartnerStatus.ACTIVE, active, go),
    )


# Restated in our own words from the seed; dates are plausible, not sourced.
SINPRAETHONG_PARTNERS: tuple[PartnerSpec, ...] = (
    PartnerSpec(
        name="องค์การบริหารส่วนตำบลลำสินธุ์",
        short_name="อบต.ลำสินธุ์",
        kind=PartnerKind.LOCAL_GOVERNMENT,
        notes="ร่วมจัดทำแผนยุทธศาสตร์พัฒนาคนและสังคมตำบลลำสินธุ์ ปี 2550-2554 กับเครือข่าย",
        steps=_active_path(
            _at(2007, 1, 9),
            _at(2007, 1, 9, 11),
            _at(2007, 2, 9),
            "เสนอให้เป็นภาคีในฐานะองค์กรปกครองส่วนท้องถิ่นของตำบล",
            "ตรวจสอบแล้ว: เป็นหน่วยงานท้องถิ่นที่ดูแลพื้นที่ตำบลลำสินธุ์โดยตรง",
            "ที่ประชุมประจำเดือนรับเป็นภาคี เริ่มทำแผนยุทธศาสตร์ร่วมกัน",
        ),
    ),
    PartnerSpec(
        name="สถานีอนามัยบ้านลำสินธุ์",
        short_name="สอ.บ้านลำสินธุ์",
        kind=PartnerKind.HEALTH,
        notes=(
            "ร่วมทำแผนยุทธศาสตร์ของตำบล และเป็นผู้จัดอบรม อสม. พันธุ์ใหม่ "
            "ร่วมกับชุมชนและผู้นำท้องถิ่น วันที่ 12-13 ต.ค. 2550"
        ),
        steps=_active_path(
            _at(2007, 1, 9, 10, 30),
            _at(2007, 1, 9, 11, 15),
            _at(2007, 2, 9, 10, 30),
            "เสนอให้เป็นภาคีด้านสุขภาพของตำบล",
            "ตรวจสอบแล้ว: เป็นหน่วยบริการสาธารณสุขประจำตำบล",
            "ที่ประชุมรับเป็นภาคี ร่วมทำแผนยุทธศาสตร์และงานสุขภาพเยาวชน",
        ),
    ),
    PartnerSpec(
        name="สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน)",
        short_name="พอช.",
        kind=PartnerKind.GOVERNMENT_AGENCY,
        notes="ฝึกทักษะการเก็บและบันทึกข้อมูลด้วยระบบ IT ให้แกนนำของเครือข่าย 2 วัน",
        steps=_active_path(
            _at(2007, 2, 9, 11),
            _at(2007, 3, 9),
            _at(2007, 3, 9, 11),
            "เสนอให้เป็นภาคีสนับสนุนงานองค์กรชุมชน",
            "ตรวจสอบแล้ว: หน่วยงานของรัฐที่หนุนเสริมเครือข่ายองค์กรชุมชนทั่วประเทศ",
            "ที่ประชุมรับเป็นภาคี พร้อมส่งแกนนำไปพัฒนาทักษะด้านข้อมูล",
        ),
    ),
    PartnerSpec(
        name="กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์",
        short_name="พม.",
        kind=PartnerKind.GOVERNMENT_AGENCY,
        notes="เลือกตำบลลำสินธุ์เป็นพื้นที่นำร่องทำแผนยุทธศาสตร์พัฒนาคนและสังคม ปี 2550-2554",
        steps=_active_path(
            _at(2007, 3, 9, 10, 30),
            _at(2007, 4, 9),
            _at(2007, 4, 9, 11),
            "กระทรวงเลือกตำบลเป็นพื้นที่นำร่องด้านแผนพัฒนาคนและสังคม",
            "ตรวจสอบแล้ว: โครงการนำร่องมีหนังสือแจ้งจากกระทรวงอย่างเป็นทางการ",
            "ที่ประชุมรับเป็นภาคี เริ่มกระบวนการทำแผนยุทธศาสตร์",
        ),
    ),
    PartnerSpec(
        name="จังหวัดพัทลุง",
        short_name="จ.พัทลุง",
        kind=PartnerKind.GOVERNMENT_AGENCY,
        notes=(
            "เลือกตำบลลำสินธุ์เป็นพื้นที่นำร่องด้านสวัสดิการชุมชนท้องถิ่น "
            "และรับงบนำร่องแก้ปัญหาสิทธิทำกิน 3 ล้านบาท ให้พื้นที่เขียนโครงการเสนอ"
        ),
        steps=_active_path(
            _at(2007, 4, 9, 10, 30),
            _at(2007, 5, 9),
            _at(2007, 5, 9, 11),
            "จังหวัดเลือกตำบลเป็นพื้นที่นำร่องงานสวัสดิการชุมชน",
            "ตรวจสอบแล้ว: เป็นหน่วยราชการส่วนภูมิภาคที่ดูแลงานนำร่อง",
            "ที่ประชุมรับเป็นภาคี เข้าร่วมเวทีเรียนรู้ระดับจังหวัด",
        ),
    ),
    PartnerSpec(
        name="กระทรวงสาธารณสุข",
        short_name="สธ.",
        kind=PartnerKind.HEALTH,
        notes="ต้นสังกัดของหน่วยที่สนับสนุนงบอบรม อสม. พันธุ์ใหม่",
        steps=_active_path(
            _at(2007, 8, 9),
            _at(2007, 8, 9, 10, 15),
            _at(2007, 9, 10),
            "บันทึกเป็นภาคีในฐานะต้นสังกัดของหน่วยที่สนับสนุนงานสุขภาพเยาวชน",
            "ตรวจสอบแล้ว: กระทรวงที่ดูแลงานสาธารณสุขของประเทศ",
            "ที่ประชุมรับเป็นภาคีพร้อมหน่วยในสังกัด",
        ),
    ),
    PartnerSpec(
        name="กรมสนับสนุนบริการสุขภาพ",
        short_name="สบส.",
        kind=PartnerKind.HEALTH,
        parent="กระทรวงสาธารณสุข",
        notes="กรมต้นสังกัดของกองที่ดูแลงานสุขภาพภาคประชาชน",
        steps=_active_path(
            _at(2007, 8, 9, 10, 5),
            _at(2007, 8, 9, 10, 20),
            _at(2007, 9, 10, 10, 5),
            "บันทึกเป็นภาคีในฐานะกรมที่สนับสนุนงาน อสม.",
            "ตรวจสอบแล้ว: กรมในสังกัดกระทรวงสาธารณสุข",
            "ที่ประชุมรับเป็นภาคีพร้อมหน่วยในสังกัด",
        ),
    ),
    PartnerSpec(
        name="กองสนับสนุนสุขภาพภาคประชาชน",
        short_name="กองสุขภาพภาคประชาชน",
        kind=PartnerKind.HEALTH,
        parent="กรมสนับสนุนบริการสุขภาพ",
        notes="กองที่ดูแลศูนย์ฝึกอบรมสุขภาพภาคประชาชนในภูมิภาค",
        steps=_active_path(
            _at(2007, 8, 9, 10, 10),
            _at(2007, 8, 9, 10, 25),
            _at(2007, 9, 10, 10, 10),
            "บันทึกเป็นภาคีในฐานะกองที่ดูแลงานสุขภาพภาคประชาชน",
            "ตรวจสอบแล้ว: กองในสังกัดกรมสนับสนุนบริการสุขภาพ",
            "ที่ประชุมรับเป็นภาคีพร้อมศูนย์ฝึกอบรมภาคใต้",
        ),
    ),
    PartnerSpec(
        name="ศูนย์ฝึกอบรมและพัฒนาสุขภาพภาคประชาชนภาคใต้ นครศรีธรรมราช",
        short_name="ศูนย์ฝึกอบรมฯ ภาคใต้",
        kind=PartnerKind.HEALTH,
        parent="กองสนับสนุนสุขภาพภาคประชาชน",
        notes=("เห็นว่าเครือข่ายสุขภาพของตำบลทำงานได้ผล จึงสนับสนุนงบยกระดับเยาวชนให้เป็น อสม. พันธุ์ใหม่"),
        steps=_active_path(
            _at(2007, 8, 9, 10, 15),
            _at(2007, 8, 9, 10, 30),
            _at(2007, 9, 10, 10, 15),
            "ศูนย์เสนอสนับสนุนงบอบรมเยาวชนเป็น อสม. พันธุ์ใหม่",
            "ตรวจสอบแล้ว: หน่วยฝึกอบรมของรัฐ มีหนังสือยืนยันการสนับสนุนงบ",
            "ที่ประชุมรับเป็นภาคี มอบสถานีอนามัยและผู้นำชุมชนจัดการอบรม",
        ),
    ),
    PartnerSpec(
        name="ผู้นำชุมชนตำบลลำสินธุ์",
        short_name="ผู้นำชุมชน",
        kind=PartnerKind.COMMUNITY,
        notes="กำนัน ผู้ใหญ่บ้าน และผู้นำท้องถิ่นที่ร่วมทำแผนและร่วมจัดอบรมเยาวชน",
        steps=_active_path(
            _at(2007, 1, 9, 10, 45),
            _at(2007, 1, 9, 11, 30),
            _at(2007, 2, 9, 10, 45),
            "เสนอให้ผู้นำท้องถิ่นร่วมเป็นภาคีของเครือข่าย",
            "ตรวจสอบแล้ว: เป็นผู้นำที่ชาวบ้านในตำบลเลือกและรู้จัก",
            "ที่ประชุมรับเป็นภาคี ร่วมทำแผนยุทธศาสตร์ของตำบล",
        ),
    ),
    # The seed's author: first visit at the October meeting, questioned closely
    # about why they came. The network checks standing first, so it stays proposed.
    PartnerSpec(
        name="ทีมจัดการความรู้ชุมชนเข้มแข็ง",
        short_name="ทีม KM",
        kind=PartnerKind.ACADEMIC,
        notes="ต้องการศึกษาว่าอะไรทำให้การรวมกลุ่มของสินธุ์แพรทองเข้มแข็ง เพื่อนำไปใช้กับชุมชนอื่น",
        steps=(
            (
                PartnerStatus.PROPOSED,
                _at(2007, 10, 9, 10, 30),
                "มาร่วมประชุมประจำเดือนของเครือข่ายเป็นครั้งแรกเมื่อ 9 ตุลาคม 2550 "
                "ตัวแทนหมู่บ้านซักถามอย่างละเอียดว่ามาจากไหนและเข้ามาเพื่ออะไร "
                "ยังต้องตรวจสอบสถานภาพก่อนรับเป็นภาคี",
            ),
        ),
    ),
)

NEIGHBOUR_PARTNERS: tuple[PartnerSpec, ...] = (
    PartnerSpec(
        name="องค์การบริหารส่วนตำบลควนหินแดง",
        short_name="อบต.ควนหินแดง",
        kind=PartnerKind.LOCAL_GOVERNMENT,
        notes="ภาคีสมมุติของเครือข่ายสมมุติ ใช้แสดงการแยกข้อมูลระหว่างเครือข่าย",
        steps=_active_path(
            _at(2007, 6, 12),
            _at(2007, 6, 12, 11),
            _at(2007, 7, 10),
            "เสนอให้เป็นภาคีในฐานะองค์กรปกครองส่วนท้องถิ่นของตำบล",
            "ตรวจสอบแล้ว: หน่วยงานท้องถิ่นของตำบล",
            "ที่ประชุมรับเป็นภาคี",
        ),
    ),
)

# (network slug, user who records the vetting, partners)
PARTNERS: tuple[tuple[str, str, tuple[PartnerSpec, ...]], ...] = (
    (SINPRAETHONG, "secretary", SINPRAETHONG_PARTNERS),
    (NEIGHBOUR, "other", NEIGHBOUR_PARTNERS),
)

# ---------------------------------------------------------------------------
# People: made up, deterministic
# ---------------------------------------------------------------------------

MALE_NAMES = (
    "สมชาย",
    "บุญมี",
    "ประยูร",
    "สุชาติ",
    "วิชัย",
    "สมบูรณ์",
    "เจริญ",
    "ธนากร",
    "อำนาจ",
    "ชาตรี",
    "สมพงษ์",
    "ไพโรจน์",
    "สุวิทย์",
    "ณรงค์",
    "เกษม",
)
FEMALE_NAMES = (
    "สมศรี",
    "บุญเรือน",
    "มาลี",
    "สุภาพ",
    "อรุณี",
    "จันทร์เพ็ญ",
    "ละเอียด",
    "ประไพ",
    "กาญจนา",
    "วรรณา",
    "สายใจ",
    "นงลักษณ์",
    "ศรีนวล",
    "ราตรี",
    "พเยาว์",
)
YOUTH_MALE_NAMES = (
    "ธีรวัฒน์", "อนุสรณ์", "กิตติพงษ์", "ณัฐพล", "จักรพันธ์", "วีระยุทธ",
    "ศุภชัย", "อภิสิทธิ์", "ภานุวัฒน์", "สุริยา", "วรวุฒิ", "ชยพล",
)  # fmt: skip
YOUTH_FEMALE_NAMES = (
    "ศิริพร", "กมลชนก", "สุดารัตน์", "ปวีณา", "อรอุมา", "จุฑามาศ",
    "ธิดารัตน์", "วิภาวรรณ", "ณัฐธิดา", "เบญจวรรณ", "พรทิพย์", "อัจฉรา",
)  # fmt: skip
# Common southern surname stems (ชู-, หนู-, -แก้ว, -ทอง), combined freely.
SURNAMES = (
    "ชูแก้ว",
    "หนูทอง",
    "ทองสม",
    "แก้วมณี",
    "ขุนทอง",
    "จันทร์แก้ว",
    "ศรีสุวรรณ",
    "รักษ์ทอง",
    "นุ่นแก้ว",
    "อินทร์แก้ว",
    "พรหมทอง",
    "บัวแก้ว",
    "เรืองศรี",
    "คงแก้ว",
    "ยอดแก้ว",
    "ชูเกลี้ยง",
    "หนูนวล",
    "เพชรสุข",
    "ทองหนูนุ้ย",
    "แสงจันทร์",
    "ด้วงทอง",
    "สุขแก้ว",
    "ชูทอง",
    "มากแก้ว",
)

# National IDs: first digit 0 and "area" 9999/9998 exist on no real card.
ID_PREFIX = {SINPRAETHONG: "09999", NEIGHBOUR: "09998"}


@dataclass(frozen=True)
class PersonSpec:
    """A made-up villager, with the natural key it is found by on a rerun."""

    village_number: int
    house_number: str
    title: str
    first_name: str
    last_name: str
    birth_date: dt.date | None
    national_id: str
    phone: str


def national_id_with_check_digit(first_twelve: str) -> str:
    """Complete a 12-digit stem with its check digit."""
    return first_twelve + thai.national_id_check_digit(first_twelve)


def _birth_date(rng: random.Random, first_year: int, last_year: int) -> dt.date:
    """A random day in the given range of years."""
    start = dt.date(first_year, 1, 1).toordinal()
    end = dt.date(last_year, 12, 31).toordinal()
    return dt.date.fromordinal(rng.randint(start, end))


def _years_after(day: dt.date, years: int) -> dt.date:
    """The same day some years later (28 February for a 29 February birthday)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _youth_birth_date(rng: random.Random, parent_born: dt.date | None) -> dt.date | None:
    """A birth date making someone 15 to 25 at the seed's meeting, and their parent's child.

    None when no such day exists (a parent too old or too young for a youth).
    """
    earliest = _years_after(SEED_MEETING_DAY, -26) + dt.timedelta(days=1)
    latest = _years_after(SEED_MEETING_DAY, -15)
    if parent_born is not None:
        earliest = max(earliest, _years_after(parent_born, 20))
        latest = min(latest, _years_after(parent_born, 42))
    if earliest > latest:
        return None
    return dt.date.fromordinal(rng.randint(earliest.toordinal(), latest.toordinal()))


def _phone(rng: random.Random) -> str:
    """A mobile number in the 08x-xxx-xxxx shape of 2550."""
    return f"08{rng.randint(1, 9)}-{rng.randint(100, 999)}-{rng.randint(0, 9999):04d}"


def people_specs(
    slug: str, village_count: int, households_per_village: tuple[int, ...]
) -> list[PersonSpec]:
    """The made-up people of one network: the same list on every run (seeded)."""
    rng = random.Random(f"demo-{slug}")  # noqa: S311 (demo data, not security)
    specs: list[PersonSpec] = []
    serial = 0
    for number in range(1, village_count + 1):
        surnames = rng.sample(SURNAMES, k=3)
        house_numbers = sorted(rng.sample(range(1, 160), k=3))
        for index in range(rng.choice(households_per_village)):
            surname = surnames[index]
            house = str(house_numbers[index])
            if rng.random() < 0.2:
                house += f"/{rng.randint(1, 3)}"
            members: list[tuple[str, str, dt.date | None]] = []
            head_is_man = rng.random() < 0.6
            head_name = rng.choice(MALE_NAMES if head_is_man else FEMALE_NAMES)
            head_born = _birth_date(rng, 1945, 1970) if rng.random() < 0.8 else None
            members.append((Title.MR if head_is_man else Title.MRS, head_name, head_born))
            if rng.random() < 0.6:
                spouse_name = rng.choice(FEMALE_NAMES if head_is_man else MALE_NAMES)
                spouse_born = None
                if head_born is not None and rng.random() < 0.8:
                    spouse_born = _birth_date(rng, head_born.year - 6, head_born.year + 6)
                members.append((Title.MRS if head_is_man else Title.MR, spouse_name, spouse_born))
            # The welfare programme of the seed targets youth: most homes have one.
            youth_born = _youth_birth_date(rng, head_born) if rng.random() < 0.75 else None
            if youth_born is not None:
                boy = rng.random() < 0.5
                youth_name = rng.choice(YOUTH_MALE_NAMES if boy else YOUTH_FEMALE_NAMES)
                members.append((Title.MR if boy else Title.MISS, youth_name, youth_born))
            for title, first_name, born in members:
                serial += 1
                national_id = ""
                if rng.random() < 0.7:
                    stem = f"{ID_PREFIX[slug]}{number:02d}{serial:03d}{rng.randint(0, 99):02d}"
                    national_id = national_id_with_check_digit(stem)
                phone = _phone(rng) if rng.random() < 0.5 else ""
                specs.append(
                    PersonSpec(
                        village_number=number,
                        house_number=house,
                        title=title,
                        first_name=first_name,
                        last_name=surname,
                        birth_date=born,
                        national_id=national_id,
                        phone=phone,
                    )
                )
    return _without_duplicate_names(specs)


def _without_duplicate_names(specs: list[PersonSpec]) -> list[PersonSpec]:
    """Drop a later namesake in the same village: the name is the key of ID-less people."""
    seen: set[tuple[str, str, int]] = set()
    unique = []
    for spec in specs:
        key = (spec.first_name, spec.last_name, spec.village_number)
        if key not in seen:
            seen.add(key)
            unique.append(spec)
    return unique


# ---------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------


def _say(stdout: TextIO | None, message: str) -> None:
    """Report progress when the caller gave a stream."""
    if stdout is not None:
        stdout.write(message + "\n")


def _load_network(slug: str) -> Network:
    """Create or refresh one network and its illustrative villages."""
    network, _created = Network.objects.update_or_create(slug=slug, defaults=NETWORKS[slug])
    for number, name in enumerate(VILLAGES[slug], start=1):
        Village.objects.update_or_create(
            network=network, number=number, defaults={"name": name, "illustrative": True}
        )
    return network


def _load_users(networks: dict[str, Network], result: DemoResult) -> dict[str, AbstractUser]:
    """Create or refresh the demo users and their memberships; none is staff."""
    user_model = get_user_model()
    # One hash for all users: hashing is deliberately slow, and a fresh salt per
    # user buys nothing for a password printed on the screen.
    password_hash = make_password(DEMO_PASSWORD)
    users: dict[str, AbstractUser] = {}
    for spec in USERS:
        user, _created = user_model.objects.update_or_create(
            username=spec.username,
            defaults={
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "is_staff": False,
                "is_superuser": False,
                "is_active": True,
                # Reset on every run, so the printed password is always true.
                "password": password_hash,
            },
        )
        users[spec.username] = user
        for slug, role, workstream in spec.memberships:
            Membership.objects.update_or_create(
                user=user,
                network=networks[slug],
                defaults={"role": role, "workstream": workstream},
            )
            result.logins.append(DemoLogin(spec.username, str(role), slug, str(workstream)))
    return users


def _load_partner(network: Network, spec: PartnerSpec, actor: AbstractUser) -> Partner:
    """Create a partner through its vetting path, or refresh the facts of an existing one."""
    parent = Partner.objects.get(network=network, name=spec.parent) if spec.parent else None
    facts = {
        "short_name": spec.short_name,
        "kind": spec.kind,
        "parent": parent,
        "notes": spec.notes,
        "contact_name": spec.contact_name,
        "contact_phone": spec.contact_phone,
    }
    partner = Partner.objects.filter(network=network, name=spec.name).first()
    if partner is not None:
        # Its vetting history already exists (or was changed by a user): keep it.
        Partner.objects.filter(pk=partner.pk).update(**facts)
        return partner
    (first_status, first_at, first_reason), *later = spec.steps
    if first_status != PartnerStatus.PROPOSED:
        raise ValueError(f"{spec.name}: the first vetting step must be the proposal")
    partner = propose_partner(
        partner=Partner(network=network, name=spec.name, **facts),
        actor=actor,
        reason=first_reason,
        at=first_at,
    )
    for status, when, reason in later:
        change_partner_status(
            partner=partner, to_status=status, actor=actor, reason=reason, at=when
        )
    return partner


def _load_people(network: Network, specs: list[PersonSpec]) -> None:
    """Create or refresh people, keyed by national ID or else by name and village."""
    villages = {village.number: village for village in Village.objects.for_network(network)}
    for spec in specs:
        village = villages[spec.village_number]
        people = Person.objects.for_network(network)
        if spec.national_id:
            person = people.filter(national_id=spec.national_id).first()
        else:
            person = people.filter(
                national_id="",
                first_name=spec.first_name,
                last_name=spec.last_name,
                village=village,
            ).first()
        person = person or Person(network=network)
        person.title = spec.title
        person.first_name = spec.first_name
        person.last_name = spec.last_name
        person.birth_date = spec.birth_date
        person.national_id = spec.national_id
        person.village = village
        person.phone = spec.phone
        save_person(person=person, house_number=spec.house_number)


@transaction.atomic
def load_demo(*, stdout: TextIO | None = None) -> DemoResult:
    """Build (or refresh) the demo networks, people, partners and users; idempotent."""
    result = DemoResult()
    networks = {slug: _load_network(slug) for slug in NETWORKS}
    users = _load_users(networks, result)
    _load_people(networks[SINPRAETHONG], people_specs(SINPRAETHONG, 10, (2, 2, 3, 3)))
    _load_people(networks[NEIGHBOUR], people_specs(NEIGHBOUR, 3, (1,)))
    for slug, actor_name, partner_specs in PARTNERS:
        for spec in partner_specs:
            _load_partner(networks[slug], spec, users[actor_name])
    for slug, network in networks.items():
        counts = {
            "villages": Village.objects.for_network(network).count(),
            "people": Person.objects.for_network(network).count(),
            "partners": Partner.objects.for_network(network).count(),
            "members": network.memberships.count(),
        }
        result.counts[slug] = counts
        _say(
            stdout,
            f"{network.name} ({slug}): "
            + ", ".join(f"{what} {count}" for what, count in counts.items()),
        )
    return result
