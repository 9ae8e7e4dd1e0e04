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

The monthly meetings of August to November 2550 are built the same way: through
the meeting services (create, agenda, live text, resolutions, actions, status,
adoption in section 2), and only when the meeting (network, year, number) does
not exist yet. October, the seed's meeting, has circulated minutes that the
planned November meeting is to adopt; its open action items wait in November's
matters arising.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TextIO
from zoneinfo import ZoneInfo

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import AbstractUser
from django.db import transaction
from django.utils import translation

from core import thai
from core.registry import Registry
from core.roles import Role, Workstream
from network.models import (
    ActionItem,
    ActionStatus,
    AgendaSection,
    Attendance,
    AttendanceKind,
    Meeting,
    MeetingStatus,
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
from network.services.meetings import (
    add_action,
    add_agenda_item,
    add_resolution,
    adopt_previous_minutes,
    change_meeting_status,
    create_meeting,
    save_text,
    set_action_status,
)

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
    workstream: str = ""  # those coordinated, comma-separated


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

# The day the network's register was drawn up (villages and their households), and the
# day the youth joined it for the welfare fund that was being prepared (opened in
# September 2550): made up, but before October, so the October report counts them all.
REGISTER_OPENED: dict[str, dt.date] = {
    SINPRAETHONG: dt.date(2007, 1, 9),
    NEIGHBOUR: dt.date(2007, 6, 12),
}
YOUTH_REGISTERED = dt.date(2007, 8, 9)

# ---------------------------------------------------------------------------
# Users: one per role in Sinprae Thong, plus an outsider of the neighbour
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class UserSpec:
    """A demo user and the memberships it holds."""

    username: str
    first_name: str
    last_name: str
    # (network slug, role, the workstreams a coordinator coordinates)
    memberships: tuple[tuple[str, str, tuple[str, ...]], ...]


USERS: tuple[UserSpec, ...] = (
    UserSpec(
        "admin",
        "ประเสริฐ",
        "แก้วประดับ",
        ((SINPRAETHONG, Role.ADMIN, ()), (NEIGHBOUR, Role.ADMIN, ())),
    ),
    UserSpec("secretary", "สุนีย์", "ศรีสุข", ((SINPRAETHONG, Role.SECRETARY, ()),)),
    UserSpec("committee", "บุญเลิศ", "ชูช่วย", ((SINPRAETHONG, Role.COMMITTEE, ()),)),
    UserSpec(
        "coordinator",
        "จิราภรณ์",
        "หนูแก้ว",
        ((SINPRAETHONG, Role.COORDINATOR, (Workstream.WELFARE,)),),
    ),
    UserSpec("accountant", "วันเพ็ญ", "ทองขาว", ((SINPRAETHONG, Role.ACCOUNTANT, ()),)),
    UserSpec("partner", "อนุชา", "เพชรรัตน์", ((SINPRAETHONG, Role.PARTNER, ()),)),
    UserSpec("viewer", "ปิยะนุช", "สงแก้ว", ((SINPRAETHONG, Role.VIEWER, ()),)),
    UserSpec("other", "สมพร", "ด้วงแก้ว", ((NEIGHBOUR, Role.SECRETARY, ()),)),
)

# The committee member is a villager too: their person lives in this village, in
# its first home with a youth, whose welfare application they may not review.
COMMITTEE_VILLAGE = 2
COMMITTEE_BORN = dt.date(1961, 5, 20)

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
# Meetings: the monthly meetings of August to November 2550
# ---------------------------------------------------------------------------
#
# The seed reports the meeting of 9 October 2550. The two before it are made up
# so that the October minutes have a history: section 2 adopts September's
# minutes and section 3 follows up September's action items. November is only
# planned: its section 2 waits to adopt October's (circulated) minutes and its
# section 3 carries October's open action items. All texts restate the seed's
# facts in our own words; the people are the made-up villagers above (each
# village is represented by its first adult), the guests' names are invented.

MEETING_PLACE = "ศาลาประชาคมบ้านลำสินธุ์ หมู่ที่ 1 ตำบลลำสินธุ์"
# Which village's representative chairs, takes the minutes and checks them.
CHAIR_VILLAGE, MINUTE_TAKER_VILLAGE, CHECKER_VILLAGE = 1, 3, 2

HEALTH_STATION = "สถานีอนามัยบ้านลำสินธุ์"
SAO = "องค์การบริหารส่วนตำบลลำสินธุ์"
NEWCOMER_TEAM = "ทีมจัดการความรู้ชุมชนเข้มแข็ง"


@dataclass(frozen=True)
class ActionSpec:
    """An action item, and how the next meeting followed it up (none: still open)."""

    description: str
    due: dt.date
    owner_name: str = ""
    owner_village: int = 0  # owned by that village's representative instead of a group
    follow_up: str = ""  # the discussion of the matter arising at the next meeting
    follow_up_resolution: str = ""  # its resolution; the action is then done


@dataclass(frozen=True)
class ItemSpec:
    """An agenda item of section 1, 4 or 5 with its minuted discussion."""

    section: int
    title: str
    discussion: str
    resolutions: tuple[str, ...] = ()
    actions: tuple[ActionSpec, ...] = ()
    workstream: str = Workstream.GENERAL


@dataclass(frozen=True)
class Guest:
    """Someone at a meeting who is not in the people list: a partner's envoy, an observer."""

    name: str
    kind: str
    partner: str = ""


@dataclass(frozen=True)
class MeetingSpec:
    """One monthly meeting, held (attendance and minutes) or only planned."""

    number: int
    date: dt.date
    status: str
    start: dt.time
    end: dt.time | None
    items: tuple[ItemSpec, ...]
    absent: tuple[tuple[int, str], ...] = ()  # (village number, reason)
    guests: tuple[Guest, ...] = ()
    # Section 2: what the meeting said on the previous minutes before adopting them.
    previous_minutes: tuple[str, str] | None = None


ANNOUNCEMENTS, FOR_DECISION, OTHER = 1, 4, 5

AUGUST = MeetingSpec(
    number=8,
    date=dt.date(2007, 8, 9),
    status=MeetingStatus.CIRCULATED,
    start=dt.time(9, 30),
    end=dt.time(12, 0),
    absent=((7, "ติดธุระราชการที่ที่ว่าการอำเภอ"),),
    guests=(Guest("นางอุไรวรรณ ทองมาก", AttendanceKind.PARTNER_REP, HEALTH_STATION),),
    items=(
        ItemSpec(
            ANNOUNCEMENTS,
            "หน่วยงานด้านสุขภาพเสนอสนับสนุนการอบรมเยาวชนของตำบล",
            "ผู้แทนสถานีอนามัยแจ้งว่า ศูนย์ฝึกอบรมและพัฒนาสุขภาพภาคประชาชนภาคใต้ "
            "ซึ่งอยู่ในสายงานของกระทรวงสาธารณสุข ยินดีให้งบอบรมเยาวชนของตำบลขึ้นเป็น "
            "อสม. พันธุ์ใหม่ ฝ่ายเลขานุการลงทะเบียนศูนย์ฯ และหน่วยต้นสังกัดไว้เป็นภาคีที่เสนอเข้ามา "
            "และตรวจสอบสถานภาพเบื้องต้นแล้ว",
            ("รับทราบ และรอหนังสือยืนยันงบก่อนรับเป็นภาคีในการประชุมครั้งหน้า",),
            workstream=Workstream.TRAINING,
        ),
        ItemSpec(
            FOR_DECISION,
            "สมทบกองทุนสวัสดิการหมู่บ้านเพื่อเยาวชนผู้ด้อยโอกาส",
            "คณะทำงานสวัสดิการเสนอให้เครือข่ายนำงบไปเติมกองทุนสวัสดิการของทุกหมู่บ้าน "
            "หมู่บ้านละ 10,000 บาท โดยให้เยาวชนที่ด้อยโอกาสเป็นผู้ได้รับ "
            "และเน้นใช้เป็นทุนตั้งต้นประกอบอาชีพ",
            (
                "เห็นชอบให้สมทบกองทุนสวัสดิการหมู่บ้านละ 10,000 บาท "
                "ให้คณะกรรมการกองทุนของแต่ละหมู่บ้านคัดเลือกผู้รับทุน",
            ),
            (
                ActionSpec(
                    "คัดเลือกเยาวชนผู้ด้อยโอกาสที่จะได้รับทุน และส่งรายชื่อให้คณะทำงานสวัสดิการ",
                    dt.date(2007, 8, 31),
                    owner_name="คณะกรรมการกองทุนสวัสดิการของแต่ละหมู่บ้าน",
                    follow_up=(
                        "คณะทำงานสวัสดิการได้รับรายชื่อครบทุกหมู่บ้านแล้ว "
                        "และเริ่มโอนเงินสมทบให้กองทุนหมู่บ้านตั้งแต่ต้นเดือนกันยายน"
                    ),
                    follow_up_resolution="รับทราบ ถือว่าเรื่องนี้ดำเนินการแล้ว",
                ),
            ),
            workstream=Workstream.WELFARE,
        ),
        ItemSpec(
            FOR_DECISION,
            "ความคืบหน้าการทำแผนยุทธศาสตร์พัฒนาคนและสังคมของตำบล",
            "ตัวแทนที่ร่วมทำแผนกับ อบต.ลำสินธุ์ และสถานีอนามัยรายงานว่า "
            "จัดเวทีประชาคมครบทุกหมู่บ้านแล้ว เหลือการเรียบเรียงเป็นร่างแผนระดับตำบล",
            ("ให้คณะทำงานเรียบเรียงร่างแผนให้เสร็จ แล้วรายงานที่ประชุมครั้งหน้า",),
            (
                ActionSpec(
                    "เรียบเรียงผลเวทีประชาคมเป็นร่างแผนยุทธศาสตร์พัฒนาคนและสังคม ปี 2550-2554",
                    dt.date(2007, 9, 7),
                    owner_name="คณะทำงานแผนยุทธศาสตร์",
                    follow_up=(
                        "คณะทำงานเรียบเรียงร่างแผนเสร็จแล้ว "
                        "กำลังให้ อบต. สถานีอนามัย และผู้นำชุมชนอ่านทวนเป็นรอบสุดท้าย"
                    ),
                    follow_up_resolution="รับทราบ",
                ),
            ),
            workstream=Workstream.STRATEGY,
        ),
        ItemSpec(
            OTHER,
            "นัดประชุมครั้งต่อไป",
            "วันที่ 9 กันยายน 2550 ตรงกับวันอาทิตย์ จึงขอเลื่อนไปเป็นวันจันทร์ถัดไป",
            ("นัดประชุมครั้งที่ 9/2550 วันจันทร์ที่ 10 กันยายน 2550 เวลา 09.30 น. ที่เดิม",),
        ),
    ),
)

SEPTEMBER = MeetingSpec(
    number=9,
    date=dt.date(2007, 9, 10),
    status=MeetingStatus.CIRCULATED,
    start=dt.time(9, 30),
    end=dt.time(12, 0),
    absent=((4, "ป่วย พักรักษาตัวที่บ้าน"),),
    guests=(
        Guest("นางอุไรวรรณ ทองมาก", AttendanceKind.PARTNER_REP, HEALTH_STATION),
        Guest("นายวีระพงษ์ ศรีทอง", AttendanceKind.PARTNER_REP, SAO),
    ),
    previous_minutes=(
        "ฝ่ายเลขานุการแจกรายงานการประชุมครั้งที่ 8/2550 ให้ตัวแทนหมู่บ้านอ่านล่วงหน้าแล้ว ไม่มีผู้ขอแก้ไข",
        "รับรองรายงานการประชุมครั้งที่ 8/2550 โดยไม่มีการแก้ไข",
    ),
    items=(
        ItemSpec(
            ANNOUNCEMENTS,
            "รับหน่วยงานด้านสุขภาพเป็นภาคีของเครือข่าย",
            "หนังสือยืนยันงบอบรม อสม. พันธุ์ใหม่มาถึงแล้ว ฝ่ายเลขานุการจึงปรับสถานะ "
            "กระทรวงสาธารณสุข กรมสนับสนุนบริการสุขภาพ กองสนับสนุนสุขภาพภาคประชาชน "
            "และศูนย์ฝึกอบรมฯ ภาคใต้ เป็นภาคีที่ร่วมงานกับเครือข่ายแล้ว",
            ("รับทราบ",),
            workstream=Workstream.TRAINING,
        ),
        ItemSpec(
            FOR_DECISION,
            "การโอนเงินสมทบกองทุนสวัสดิการหมู่บ้าน",
            "คณะทำงานสวัสดิการเริ่มโอนเงินสมทบหมู่บ้านละ 10,000 บาท "
            "ให้กองทุนสวัสดิการของหมู่บ้านตั้งแต่ต้นเดือนนี้ ยังโอนไม่ครบทุกหมู่บ้าน",
            ("ให้โอนให้ครบทุกหมู่บ้าน แล้วสรุปจำนวนเยาวชนผู้ได้รับทุนเสนอที่ประชุมครั้งหน้า",),
            (
                ActionSpec(
                    "โอนเงินสมทบกองทุนสวัสดิการให้ครบทุกหมู่บ้าน และสรุปรายชื่อเยาวชนผู้ได้รับทุน",
                    dt.date(2007, 9, 30),
                    owner_name="คณะทำงานสวัสดิการชุมชน",
                    follow_up=(
                        "โอนเงินสมทบครบทุกหมู่บ้านแล้ว มีเยาวชนได้รับทุนรวม 32 ราย "
                        "รายละเอียดรายงานไว้ในวาระที่ 4.1"
                    ),
                    follow_up_resolution="รับทราบ ถือว่าเรื่องนี้ดำเนินการแล้ว",
                ),
            ),
            workstream=Workstream.WELFARE,
        ),
        ItemSpec(
            FOR_DECISION,
            "งบนำร่องแก้ปัญหาสิทธิทำกินของจังหวัดพัทลุง",
            "จังหวัดพัทลุงถูกเลือกให้นำร่องแก้ปัญหาสิทธิทำกิน ได้งบสนับสนุน 3 ล้านบาท "
            "และให้แต่ละพื้นที่เขียนโครงการของตนเสนอจังหวัด",
            ("มอบคณะทำงานสิทธิทำกินยกร่างโครงการของตำบล แล้วนำเข้าที่ประชุมครั้งหน้า",),
            (
                ActionSpec(
                    "ยกร่างโครงการแก้ปัญหาสิทธิทำกินของตำบลลำสินธุ์เพื่อเสนอจังหวัด",
                    dt.date(2007, 10, 5),
                    owner_name="คณะทำงานสิทธิทำกิน",
                    follow_up="คณะทำงานยกร่างเสร็จแล้ว มี 3 กิจกรรม นำเสนอไว้ในวาระที่ 4.2",
                    follow_up_resolution="รับทราบ ถือว่าเรื่องนี้ดำเนินการแล้ว",
                ),
            ),
            workstream=Workstream.LANDRIGHTS,
        ),
        ItemSpec(
            FOR_DECISION,
            "เตรียมการอบรมเยาวชนเป็น อสม. พันธุ์ใหม่",
            "สถานีอนามัยเสนอจัดอบรมร่วมกับชุมชนและผู้นำท้องถิ่นช่วงกลางเดือนตุลาคม "
            "และขอให้ทุกหมู่บ้านคัดเยาวชนมาเข้าอบรม",
            ("เห็นชอบ ให้ทุกหมู่บ้านส่งรายชื่อเยาวชนให้สถานีอนามัย",),
            (
                ActionSpec(
                    "ส่งรายชื่อเยาวชนผู้เข้าอบรม อสม. พันธุ์ใหม่ให้สถานีอนามัยบ้านลำสินธุ์",
                    dt.date(2007, 10, 5),
                    owner_name="ตัวแทนหมู่บ้านทุกหมู่บ้าน",
                    follow_up=(
                        "สถานีอนามัยได้รับรายชื่อเยาวชนครบทุกหมู่บ้านแล้ว กำหนดการอบรมแจ้งไว้ในวาระที่ 4.4"
                    ),
                    follow_up_resolution="รับทราบ ถือว่าเรื่องนี้ดำเนินการแล้ว",
                ),
            ),
            workstream=Workstream.TRAINING,
        ),
        ItemSpec(
            OTHER,
            "นัดประชุมครั้งต่อไป",
            "ประชุมประจำเดือนตามปกติในวันที่ 9 ของเดือน",
            ("นัดประชุมครั้งที่ 10/2550 วันอังคารที่ 9 ตุลาคม 2550 เวลา 09.30 น. ที่เดิม",),
        ),
    ),
)

OCTOBER = MeetingSpec(
    number=10,
    date=SEED_MEETING_DAY,
    status=MeetingStatus.CIRCULATED,
    start=dt.time(9, 30),
    end=dt.time(12, 30),
    absent=(
        (6, "ติดงานบวชของญาติในหมู่บ้าน"),
        (9, "ไปรับการรักษาที่โรงพยาบาลอำเภอ"),
    ),
    guests=(
        Guest("นางอุไรวรรณ ทองมาก", AttendanceKind.PARTNER_REP, HEALTH_STATION),
        Guest("นายวีระพงษ์ ศรีทอง", AttendanceKind.PARTNER_REP, SAO),
        Guest("นางสาวรัชนี บุญประเสริฐ", AttendanceKind.OBSERVER, NEWCOMER_TEAM),
        Guest("นายธวัชชัย มณีรัตน์", AttendanceKind.OBSERVER, NEWCOMER_TEAM),
    ),
    previous_minutes=(
        "ฝ่ายเลขานุการแจกรายงานการประชุมครั้งที่ 9/2550 ให้ตัวแทนหมู่บ้านอ่านล่วงหน้าแล้ว ไม่มีผู้ขอแก้ไข",
        "รับรองรายงานการประชุมครั้งที่ 9/2550 โดยไม่มีการแก้ไข",
    ),
    items=(
        ItemSpec(
            ANNOUNCEMENTS,
            "ทีมจัดการความรู้ชุมชนเข้มแข็งแนะนำตัวต่อที่ประชุม",
            "ทีมจัดการความรู้ชุมชนเข้มแข็ง 2 คนเข้าร่วมประชุมประจำเดือนของเครือข่าย"
            "อย่างเป็นทางการเป็นครั้งแรก ทีมเล่าว่าอยากเข้าใจว่าอะไรทำให้คนในตำบลรวมกลุ่มกัน"
            "ได้เข้มแข็ง เพื่อนำบทเรียนไปช่วยชุมชนที่ยังรวมกลุ่มไม่ได้\n"
            "ตัวแทนหมู่บ้านหลายคนถามอย่างละเอียดว่าทีมมาจากที่ใด ใครส่งมา จะเก็บข้อมูลอะไร "
            "และจะนำข้อมูลไปใช้อย่างไร ทีมตอบจนครบทุกข้อ ทีมเห็นว่าการซักถามเช่นนี้แสดงว่า"
            "ตัวแทนตั้งใจดูแลให้งานของเครือข่ายได้ผล",
            ("รับทราบ ให้ทีมร่วมประชุมในฐานะผู้สังเกตการณ์จนกว่าจะตรวจสอบสถานภาพเสร็จ",),
        ),
        ItemSpec(
            ANNOUNCEMENTS,
            "การตรวจสอบสถานภาพของภาคีที่เข้ามาร่วมงาน",
            "ประธานย้ำแนวทางของเครือข่ายว่า ภาคีทุกรายที่เข้ามาทำงานด้วยต้องผ่าน"
            "การตรวจสอบสถานภาพก่อน ฝ่ายเลขานุการลงทะเบียนทีมจัดการความรู้ชุมชนเข้มแข็ง"
            "ไว้ในทะเบียนภาคีแล้ว สถานะ \u201cเสนอ\u201d (ยังไม่ผ่านการตรวจสอบ) "
            "โดยบันทึกว่ามาร่วมประชุมครั้งแรกเมื่อ 9 ตุลาคม 2550",
            ("ให้ฝ่ายเลขานุการตรวจสอบสถานภาพของทีม แล้วเสนอที่ประชุมครั้งหน้าพิจารณารับเป็นภาคี",),
            (
                ActionSpec(
                    "ตรวจสอบสถานภาพของทีมจัดการความรู้ชุมชนเข้มแข็ง และเสนอที่ประชุมพิจารณารับเป็นภาคี",
                    dt.date(2007, 11, 13),
                    owner_name="ฝ่ายเลขานุการเครือข่าย",
                ),
            ),
        ),
        ItemSpec(
            FOR_DECISION,
            "งานสวัสดิการชุมชน: เงินสมทบเพื่อเยาวชน และโครงการยกระดับการจัดสวัสดิการ",
            "คณะทำงานสวัสดิการรายงานว่า ช่วงต้นเดือนกันยายน 2550 เครือข่ายนำงบไปเติม"
            "กองทุนสวัสดิการของหมู่บ้านเพื่อช่วยเยาวชนที่ด้อยโอกาส หมู่บ้านละ 10,000 บาท "
            "มีผู้ได้รับรวม 32 ราย เกือบทั้งหมดได้ไปเป็นทุนตั้งต้นประกอบอาชีพ\n"
            "จังหวัดเลือกตำบลลำสินธุ์เป็นพื้นที่นำร่องส่งเสริมการจัดสวัสดิการชุมชนท้องถิ่น "
            "คณะทำงานจึงไปแลกเปลี่ยนกับพื้นที่อื่นในเวทีระดับจังหวัดมาแล้วหลายครั้ง "
            "และได้เสนอโครงการส่งเสริมพัฒนายกระดับขีดความสามารถการจัดสวัสดิการชุมชนท้องถิ่น "
            "ซึ่งตั้งเป้าไว้ 4 ข้อ:\n"
            "1) มีแผนยุทธศาสตร์และแผนปฏิบัติการด้านสวัสดิการของตำบล\n"
            "2) แลกเปลี่ยนข้อมูลสวัสดิการของกลุ่มเป้าหมายระหว่างกัน\n"
            "3) ยกระดับความร่วมมือระหว่างภาคประชาชนกับภาคี\n"
            "4) ตั้งศูนย์เรียนรู้การจัดสวัสดิการชุมชน\n"
            "ขณะนี้โครงการยังรอการพิจารณา",
            (
                "รับทราบผลการสมทบกองทุนสวัสดิการหมู่บ้าน หมู่บ้านละ 10,000 บาท ผู้ได้รับทุน 32 ราย",
                "มอบคณะทำงานสวัสดิการจัดทำรายละเอียดโครงการยกระดับการจัดสวัสดิการชุมชนท้องถิ่น "
                "(กิจกรรม งบประมาณ ผู้รับผิดชอบ) แล้วเสนอที่ประชุมพิจารณาอีกครั้ง",
            ),
            (
                ActionSpec(
                    "จัดทำรายละเอียดโครงการส่งเสริมพัฒนายกระดับขีดความสามารถ"
                    "การจัดสวัสดิการชุมชนท้องถิ่น เสนอที่ประชุมพิจารณา",
                    dt.date(2007, 11, 13),
                    owner_name="คณะทำงานสวัสดิการชุมชน",
                ),
            ),
            workstream=Workstream.WELFARE,
        ),
        ItemSpec(
            FOR_DECISION,
            "โครงการแก้ปัญหาสิทธิทำกินของเครือข่าย",
            "จังหวัดพัทลุงเป็นหนึ่งในจังหวัดนำร่องแก้ปัญหาสิทธิทำกิน ได้งบสนับสนุน 3 ล้านบาท "
            "จังหวัดให้แต่ละพื้นที่เขียนโครงการเสนอเป็นแผนงาน โดยมุ่งให้ชาวบ้านมีชีวิตที่มั่นคง"
            "หลังได้สิทธิทำกินแล้ว\n"
            "คณะทำงานของเครือข่ายยกร่างโครงการไว้ 3 กิจกรรม:\n"
            "1) ระบบข้อมูลด้วย IT: ซื้อภาพถ่ายทางอากาศของตำบลลำสินธุ์ มาตราส่วน 1:25,000 "
            "และวางระบบเก็บและบันทึกข้อมูลที่ดินด้วยคอมพิวเตอร์ โดยส่งแกนนำไปฝึกทักษะที่ พอช. "
            "2 วันก่อนเริ่มงาน\n"
            "2) ตั้งกองทุนสวัสดิการช่วยผู้เดือดร้อน\n"
            "3) ทุนประกอบอาชีพและทุนจัดการผลผลิต",
            (
                "เห็นชอบร่างโครงการ 3 กิจกรรม ให้คณะทำงานส่งโครงการเสนอจังหวัด",
                "เห็นชอบให้ส่งแกนนำไปฝึกทักษะการเก็บและบันทึกข้อมูลด้วยระบบ IT ที่ พอช. 2 วัน",
            ),
            (
                ActionSpec(
                    "ส่งแกนนำเข้าฝึกทักษะการเก็บและบันทึกข้อมูลด้วยระบบ IT ที่ พอช. 2 วัน",
                    dt.date(2007, 11, 30),
                    owner_village=2,
                ),
            ),
            workstream=Workstream.LANDRIGHTS,
        ),
        ItemSpec(
            FOR_DECISION,
            "ปัญหาการบริหารศูนย์รวมผลผลิตและกระจายสินค้า",
            "คณะกรรมการศูนย์รายงานว่าการบริหารงานยังติดขัด โดยเฉพาะการทำบัญชี "
            "ที่ประชุมเห็นว่าต้องวางคนให้ตรงกับงาน และต้องปรับวิธีการขายใหม่\n"
            "ตัวแทนหลายหมู่บ้านชี้ว่าเรื่องที่ต้องตอบให้ได้ก่อนคือศูนย์มีไว้เพื่ออะไร: "
            "เพื่อสวัสดิการของชาวบ้าน หรือเพื่อกำไรของศูนย์ เพราะสองทางนี้ทำให้ราคารับซื้อ "
            "ราคาขาย และการแบ่งส่วนเกินต่างกัน",
            (
                "ให้คณะกรรมการศูนย์ทบทวนระบบบัญชีและการจัดคนทำงาน และเสนอแนวทางปรับกลยุทธ์การขาย",
                "ให้นำเรื่องเป้าหมายของศูนย์ (สวัสดิการชาวบ้านหรือกำไรของศูนย์) เข้าที่ประชุมพิจารณาในครั้งต่อไป",
            ),
            (
                ActionSpec(
                    "ทบทวนระบบบัญชีและการจัดคนทำงานของศูนย์รวมผลผลิตฯ พร้อมเสนอแนวทางปรับกลยุทธ์การขาย",
                    dt.date(2007, 10, 31),
                    owner_name="คณะกรรมการศูนย์รวมผลผลิตและกระจายสินค้า",
                ),
            ),
            workstream=Workstream.DISTRIBUTION,
        ),
        ItemSpec(
            FOR_DECISION,
            "อบรมเชิงปฏิบัติการเยาวชนเป็น อสม. พันธุ์ใหม่",
            "ศูนย์ฝึกอบรมและพัฒนาสุขภาพภาคประชาชนภาคใต้ จังหวัดนครศรีธรรมราช "
            "(กองสนับสนุนสุขภาพภาคประชาชน กรมสนับสนุนบริการสุขภาพ กระทรวงสาธารณสุข) "
            "เห็นว่าเครือข่ายสุขภาพของตำบลทำงานได้ผล จึงให้งบพัฒนาเยาวชนขึ้นเป็น "
            "อสม. พันธุ์ใหม่ สถานีอนามัยร่วมกับชุมชนและผู้นำท้องถิ่นจะจัดอบรม"
            "ในวันที่ 12-13 ตุลาคม 2550 หัวข้ออบรม:\n"
            "- เยาวชนมีบทบาทอย่างไรในการพัฒนาชุมชน\n"
            "- เยาวชนมองการพัฒนาชุมชนอย่างไร\n"
            "- ปลูกจิตสำนึกรักบ้านเกิด\n"
            "- ถอดบทเรียนองค์กรชุมชนในตำบลลำสินธุ์",
            ("รับทราบ ให้ตัวแทนหมู่บ้านช่วยติดตามให้เยาวชนที่ส่งชื่อไว้เข้าอบรมครบทั้ง 2 วัน",),
            (
                ActionSpec(
                    "รายงานผลการอบรม อสม. พันธุ์ใหม่ (ผู้เข้าอบรมและข้อเสนอของเยาวชน) ในการประชุมครั้งหน้า",
                    dt.date(2007, 11, 13),
                    owner_name=HEALTH_STATION,
                ),
            ),
            workstream=Workstream.TRAINING,
        ),
        ItemSpec(
            FOR_DECISION,
            "แผนยุทธศาสตร์พัฒนาคนและสังคมตำบลลำสินธุ์ ปี 2550-2554",
            "กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์เลือกตำบลลำสินธุ์เป็นพื้นที่นำร่อง"
            "ทำแผนยุทธศาสตร์พัฒนาคนและสังคม ช่วงปี พ.ศ. 2550-2554 แผนนี้ทำร่วมกันระหว่าง "
            "อบต.ลำสินธุ์ สถานีอนามัยบ้านลำสินธุ์ เครือข่าย และผู้นำชุมชน "
            "บัดนี้ทำครบทุกขั้นตอนแล้ว\n"
            "ขั้นต่อไปคือจัดงานประกาศขับเคลื่อนแผน และลงนามบันทึกความร่วมมือ (MOU) กับภาคี "
            "ราววันที่ 7-9 พฤศจิกายน 2550 ยังไม่ได้ตกลงวันที่แน่นอนและยังหาสถานที่อยู่ "
            "คาดว่าจะมีหน่วยราชการ ประชาชน และสื่อมวลชนมาร่วมงาน",
            (
                "เห็นชอบให้จัดงานประกาศขับเคลื่อนแผนยุทธศาสตร์และลงนาม MOU กับภาคี ในช่วง 7-9 พฤศจิกายน 2550",
                "มอบคณะทำงานแผนยุทธศาสตร์ประสาน อบต.ลำสินธุ์ กำหนดวันและสถานที่ให้เสร็จ"
                "ภายใน 31 ตุลาคม 2550 แล้วแจ้งตัวแทนหมู่บ้าน",
            ),
            (
                ActionSpec(
                    "กำหนดวันและสถานที่จัดงานประกาศขับเคลื่อนแผนยุทธศาสตร์ "
                    "และลงนามบันทึกความร่วมมือ (MOU) กับภาคี",
                    dt.date(2007, 10, 31),
                    owner_name="คณะทำงานแผนยุทธศาสตร์",
                ),
            ),
            workstream=Workstream.STRATEGY,
        ),
        ItemSpec(
            OTHER,
            "นัดประชุมครั้งต่อไป",
            "วันที่ 9 พฤศจิกายน 2550 อาจตรงกับงานประกาศแผนยุทธศาสตร์ จึงเลื่อนประชุมประจำเดือนพฤศจิกายนออกไป",
            ("นัดประชุมครั้งที่ 11/2550 วันอังคารที่ 13 พฤศจิกายน 2550 เวลา 09.30 น. ที่เดิม",),
        ),
    ),
)

# Planned: only the items the October meeting sent on (titles, no minutes yet).
NOVEMBER = MeetingSpec(
    number=11,
    date=dt.date(2007, 11, 13),
    status=MeetingStatus.PLANNED,
    start=dt.time(9, 30),
    end=None,
    items=(
        ItemSpec(
            FOR_DECISION,
            "พิจารณาโครงการส่งเสริมพัฒนายกระดับขีดความสามารถการจัดสวัสดิการชุมชนท้องถิ่น",
            "",
            workstream=Workstream.WELFARE,
        ),
        ItemSpec(
            FOR_DECISION,
            "เป้าหมายของศูนย์รวมผลผลิตฯ: สวัสดิการชาวบ้านหรือกำไรของศูนย์",
            "",
            workstream=Workstream.DISTRIBUTION,
        ),
        ItemSpec(
            FOR_DECISION,
            "สรุปงานประกาศขับเคลื่อนแผนยุทธศาสตร์และการลงนาม MOU",
            "",
            workstream=Workstream.STRATEGY,
        ),
    ),
)

# In date order: each meeting adopts the minutes of the one before it.
MEETINGS: tuple[MeetingSpec, ...] = (AUGUST, SEPTEMBER, OCTOBER, NOVEMBER)

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
            network=network,
            number=number,
            defaults={"name": name, "illustrative": True, "registered_on": REGISTER_OPENED[slug]},
        )
    return network


def _load_users(networks: dict[str, Network], result: DemoResult) -> dict[str, AbstractUser]:
    """Create or refresh the demo users and their memberships; none is staff."""
    user_model = get_user_model()
    # One hash for all users: hashing is deliberately slow, and a fresh salt per
    # user buys nothing for a password printed on the screen.
    password_hash = make_password(DEMO_PASSWORD)
    # Hashes already known to be the demo password (checked once each: all demo
    # users normally share one).
    demo_hashes: set[str] = set()
    users: dict[str, AbstractUser] = {}
    for spec in USERS:
        existing = user_model.objects.filter(username=spec.username).first()
        # The printed password must always be true; but a new hash of it would log the
        # user out (the session is bound to the hash), so a hash that already is the
        # demo password stays.
        if existing is not None and (
            existing.password in demo_hashes or check_password(DEMO_PASSWORD, existing.password)
        ):
            demo_hashes.add(existing.password)
            kept_hash = existing.password
        else:
            kept_hash = password_hash
        user, _created = user_model.objects.update_or_create(
            username=spec.username,
            defaults={
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "is_staff": False,
                "is_superuser": False,
                "is_active": True,
                "password": kept_hash,
            },
        )
        users[spec.username] = user
        for slug, role, workstreams in spec.memberships:
            Membership.objects.update_or_create(
                user=user,
                network=networks[slug],
                defaults={"role": role, "workstreams": [str(w) for w in workstreams]},
            )
            result.logins.append(
                DemoLogin(spec.username, str(role), slug, ", ".join(str(w) for w in workstreams))
            )
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


def _registered_on(network: Network, spec: PersonSpec) -> dt.date:
    """When a demo person joined the register: the youth for the welfare fund, the rest
    when the register was drawn up."""
    if network.slug == SINPRAETHONG and spec.birth_date is not None:
        # 15 to 25 at the seed's meeting, as _youth_birth_date makes them.
        youngest, oldest = _years_after(SEED_MEETING_DAY, -15), _years_after(SEED_MEETING_DAY, -26)
        if oldest < spec.birth_date <= youngest:
            return YOUTH_REGISTERED
    return REGISTER_OPENED[network.slug]


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
        person.registered_on = _registered_on(network, spec)
        save_person(person=person, house_number=spec.house_number)


def _link_committee_person(network: Network, user: AbstractUser) -> None:
    """Make the committee user a person of their village and name it on their membership.

    They live in the village's first home with a youth (15-25), so the welfare demo
    can show the household conflict-of-interest rule.
    """
    people = (
        Person.objects.for_network(network)
        .filter(village__number=COMMITTEE_VILLAGE)
        .exclude(household=None)
        .select_related("household")
        .order_by("pk")
    )
    home = next(
        (p.household for p in people if 15 <= (p.age_on(SEED_MEETING_DAY) or 0) <= 25), None
    )
    spec = PersonSpec(
        village_number=COMMITTEE_VILLAGE,
        house_number=home.house_number if home else "",
        title=Title.MR,
        first_name=user.first_name,
        last_name=user.last_name,
        birth_date=COMMITTEE_BORN,
        national_id="",
        phone="",
    )
    _load_people(network, [spec])
    person = Person.objects.for_network(network).get(
        national_id="",
        first_name=spec.first_name,
        last_name=spec.last_name,
        village__number=COMMITTEE_VILLAGE,
    )
    membership = Membership.objects.get(network=network, user=user)
    if membership.person_id != person.pk:
        membership.person = person
        membership.save(update_fields=["person"])


def _on(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """A moment of a meeting day in Thailand's time."""
    return _at(day.year, day.month, day.day, hour, minute)


def _village_reps(network: Network) -> dict[int, Person]:
    """Each village's representative: its first adult (the order the loader made them)."""
    reps: dict[int, Person] = {}
    people = Person.objects.for_network(network).select_related("village").order_by("pk")
    for person in people:
        adult = person.birth_date is None or (person.age_on(SEED_MEETING_DAY) or 0) > 25
        if adult and person.village.number not in reps:
            reps[person.village.number] = person
    return reps


def _add_items(meeting: Meeting, specs: tuple[ItemSpec, ...], reps: dict[int, Person]) -> None:
    """Add agenda items through the services, with their discussion, resolutions, actions."""
    for spec in specs:
        item = add_agenda_item(
            meeting=meeting, section=spec.section, title=spec.title, workstream=spec.workstream
        )
        if spec.discussion:
            save_text(obj=item, field="discussion", text=spec.discussion, base_version=item.version)
        for text in spec.resolutions:
            add_resolution(item=item, text=text)
        for action in spec.actions:
            add_action(
                item=item,
                description=action.description,
                owner=reps.get(action.owner_village),
                owner_name=action.owner_name,
                due_date=action.due,
            )


def _adopt_previous(meeting: Meeting, spec: MeetingSpec) -> None:
    """Section 2: minute the previous minutes and adopt them (if still adoptable)."""
    item = meeting.items.filter(section=AgendaSection.PREVIOUS_MINUTES).first()
    if item is None or spec.previous_minutes is None:
        return
    previous = item.previous_meeting
    if previous is None or previous.status not in (
        MeetingStatus.DRAFTED,
        MeetingStatus.CIRCULATED,
    ):
        return  # adopted already (by a user), or never drafted
    discussion, resolution = spec.previous_minutes
    save_text(obj=item, field="discussion", text=discussion, base_version=item.version)
    add_resolution(item=item, text=resolution)
    # Dated to the meeting that adopted them, as the status history must say.
    adopt_previous_minutes(item=item, at=_on(meeting.date, 9, 45))


def _follow_up_actions(meeting: Meeting, follow_ups: dict[str, ActionSpec]) -> None:
    """Section 3: minute each carried action the demo knows the outcome of, and close it."""
    carried = (
        meeting.items.filter(section=AgendaSection.MATTERS_ARISING)
        .exclude(carried_action=None)
        .select_related("carried_action")
        .order_by("position")
    )
    for item in carried:
        action = item.carried_action
        spec = follow_ups.get(action.description)
        if spec is None or not spec.follow_up or action.status != ActionStatus.OPEN:
            continue
        save_text(obj=item, field="discussion", text=spec.follow_up, base_version=item.version)
        add_resolution(item=item, text=spec.follow_up_resolution)
        set_action_status(action=action, status=ActionStatus.DONE)
        # As with adoption: closed on the meeting's day, not on the day of the load.
        ActionItem.objects.filter(pk=action.pk).update(closed_at=_on(meeting.date, 10))


def _record_attendance(
    meeting: Meeting, spec: MeetingSpec, reps: dict[int, Person], partners: dict[str, Partner]
) -> None:
    """Who came: one representative per village (or why not), partners' envoys, observers.

    There is no attendance service yet, so the rows are written through the model.
    """
    absent = dict(spec.absent)
    for number, person in sorted(reps.items()):
        Attendance.objects.create(
            network=meeting.network,
            meeting=meeting,
            kind=AttendanceKind.VILLAGE_REP,
            person=person,
            village=person.village,
            present=number not in absent,
            absence_reason=absent.get(number, ""),
        )
    for guest in spec.guests:
        Attendance.objects.create(
            network=meeting.network,
            meeting=meeting,
            kind=guest.kind,
            name=guest.name,
            partner=partners.get(guest.partner),
        )


def _load_meetings(network: Network) -> None:
    """Build each demo meeting that does not exist yet, in date order.

    A meeting found by (network, year, number) is left as it is, content and all,
    so a rerun adds nothing and keeps what users changed since.
    """
    reps = _village_reps(network)
    partners = {partner.name: partner for partner in Partner.objects.for_network(network)}
    follow_ups = {
        action.description: action
        for spec in MEETINGS
        for item in spec.items
        for action in item.actions
    }
    for spec in MEETINGS:
        year = spec.date.year
        if Meeting.objects.for_network(network).filter(year=year, number=spec.number).exists():
            continue
        meeting = create_meeting(
            network=network,
            date=spec.date,
            number=spec.number,
            place=MEETING_PLACE,
            start_time=spec.start,
            end_time=spec.end,
            chair=reps.get(CHAIR_VILLAGE),
            minute_taker=reps.get(MINUTE_TAKER_VILLAGE),
            checker=reps.get(CHECKER_VILLAGE),
        )
        if spec.status == MeetingStatus.PLANNED:
            _add_items(meeting, spec.items, reps)
            continue
        _record_attendance(meeting, spec, reps, partners)
        opened = _on(spec.date, spec.start.hour, spec.start.minute) if spec.start else None
        meeting = change_meeting_status(
            meeting=meeting, to_status=MeetingStatus.IN_SESSION, at=opened
        )
        _adopt_previous(meeting, spec)
        _follow_up_actions(meeting, follow_ups)
        _add_items(meeting, spec.items, reps)
        closed = _on(spec.date, spec.end.hour, spec.end.minute) if spec.end else None
        for step in (MeetingStatus.DRAFTED, MeetingStatus.CIRCULATED):
            if meeting.status != spec.status:
                meeting = change_meeting_status(meeting=meeting, to_status=step, at=closed)


@dataclass(frozen=True)
class WorkstreamDemo:
    """A workstream's part of the demo: how to load it into a network, and count it."""

    load: Callable[[Network, Mapping[str, AbstractUser]], None]
    counts: Callable[[Network], dict[str, int]]


WORKSTREAM_DEMOS: Registry[WorkstreamDemo] = Registry("workstream demos")


def register_workstream_demo(workstream: str, demo: WorkstreamDemo, *, order: int) -> None:
    """Let a workstream app add its demo data (called from its ``ready()``), loaded in order."""
    WORKSTREAM_DEMOS.register(demo, key=workstream, order=order)


def _forget_demo_networks() -> None:
    """Delete the demo networks with everything in them, their audit history included
    (so that rows made again, which may reuse ids on SQLite, carry no old history)."""
    from simple_history.models import HistoricalChanges

    ids = list(Network.objects.filter(slug__in=NETWORKS).values_list("pk", flat=True))
    if not ids:
        return
    # Cascades to every tenant row (each carries its network), writing deletion records.
    Network.objects.filter(pk__in=ids).delete()
    for model in apps.get_models():
        if not issubclass(model, HistoricalChanges):
            continue
        if model.instance_type is Network:  # type: ignore[attr-defined]
            model.objects.filter(id__in=ids).delete()
        elif any(f.attname == "network_id" for f in model._meta.concrete_fields):
            model.objects.filter(network_id__in=ids).delete()


@transaction.atomic
def load_demo(*, stdout: TextIO | None = None, reset: bool = False) -> DemoResult:
    """Build (or refresh) the demo networks and everything in them; idempotent.

    ``reset`` first deletes the demo networks with everything made in them since, so
    they come back exactly as shipped; other networks and users' sessions are kept.
    """
    if reset:
        _forget_demo_networks()
    result = DemoResult()
    networks = {slug: _load_network(slug) for slug in NETWORKS}
    users = _load_users(networks, result)
    _load_people(networks[SINPRAETHONG], people_specs(SINPRAETHONG, 10, (2, 2, 3, 3)))
    _load_people(networks[NEIGHBOUR], people_specs(NEIGHBOUR, 3, (1,)))
    _link_committee_person(networks[SINPRAETHONG], users["committee"])
    for slug, actor_name, partner_specs in PARTNERS:
        for spec in partner_specs:
            _load_partner(networks[slug], spec, users[actor_name])
    # Texts the services write themselves (section 2's title) are in the demo's language.
    with translation.override("th"):
        _load_meetings(networks[SINPRAETHONG])
        # After the meetings: a workstream's demo may cite their resolutions.
        for part in WORKSTREAM_DEMOS:
            part.load(networks[SINPRAETHONG], users)
    for slug, network in networks.items():
        counts = {
            "villages": Village.objects.for_network(network).count(),
            "people": Person.objects.for_network(network).count(),
            "partners": Partner.objects.for_network(network).count(),
            "meetings": Meeting.objects.for_network(network).count(),
            "members": network.memberships.count(),
            **{
                name: count
                for part in WORKSTREAM_DEMOS
                for name, count in part.counts(network).items()
            },
        }
        result.counts[slug] = counts
        _say(
            stdout,
            f"{network.name} ({slug}): "
            + ", ".join(f"{what} {count}" for what, count in counts.items()),
        )
    return result
