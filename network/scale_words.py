"""Thai words for scale data: place names, people's names, phones and national IDs.

Every name is put together from common parts (a place-name stem and a suffix, a
surname from two auspicious words), so the data looks like a Thai sub-district's
without naming anyone real. National IDs carry a valid check digit but start
with 0 and the province code 99, which no real card has (as in the demo).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

from core import thai

# Place names: a landscape word and a word that tells one place from the next.
PLACE_STEMS = (
    "ควน",
    "หนอง",
    "ทุ่ง",
    "นา",
    "ดอน",
    "โคก",
    "ห้วย",
    "ป่า",
    "บึง",
    "คลอง",
    "วัง",
    "ท่า",
    "บาง",
    "สวน",
    "เขา",
    "โนน",
    "แหลม",
    "หาด",
    "ลำ",
    "พรุ",
)
PLACE_SUFFIXES = (
    "ใหญ่",
    "น้อย",
    "ทอง",
    "แดง",
    "ยาว",
    "ใหม่",
    "เหนือ",
    "ใต้",
    "กลาง",
    "ไผ่",
    "ยาง",
    "มะม่วง",
    "ขาม",
    "บัว",
    "จันทร์",
    "โพธิ์",
    "ตะเคียน",
    "สะแก",
    "หว้า",
    "เสม็ด",
    "ประดู่",
    "กระทิง",
    "พยอม",
    "ตาล",
    "มะพร้าว",
    "ขี้เหล็ก",
    "หิน",
    "ทราย",
    "เตย",
    "สำโรง",
)
# Province names as they are (public), each network gets one.
PROVINCES = (
    "พัทลุง",
    "สงขลา",
    "นครศรีธรรมราช",
    "ตรัง",
    "สุราษฎร์ธานี",
    "ขอนแก่น",
    "อุดรธานี",
    "มหาสารคาม",
    "ร้อยเอ็ด",
    "สุรินทร์",
    "บุรีรัมย์",
    "นครราชสีมา",
    "ชัยภูมิ",
    "เชียงใหม่",
    "เชียงราย",
    "น่าน",
    "แพร่",
    "ลำปาง",
    "พิษณุโลก",
    "นครสวรรค์",
    "สุพรรณบุรี",
    "ราชบุรี",
    "เพชรบุรี",
    "จันทบุรี",
    "ฉะเชิงเทรา",
)

MALE_NAMES = (
    "สมชาย",
    "สมศักดิ์",
    "ประเสริฐ",
    "วิชัย",
    "สุชาติ",
    "บุญมี",
    "ทองดี",
    "สมบัติ",
    "ประยูร",
    "มานพ",
    "ชาญ",
    "เกรียงไกร",
    "อนุชา",
    "ณรงค์",
    "สุรชัย",
    "ไพโรจน์",
    "บุญเลิศ",
    "เสถียร",
    "ปรีชา",
    "วีระ",
    "สุทธิพงษ์",
    "ธนากร",
    "กิตติศักดิ์",
    "อภิชาติ",
    "จักรพันธ์",
    "ศุภชัย",
    "พงศกร",
    "ธีรวัฒน์",
    "ณัฐพล",
    "ภานุวัฒน์",
    "สิทธิชัย",
    "อำนาจ",
    "ยุทธนา",
    "เฉลิม",
    "บรรจง",
    "สายัณห์",
    "ชัยวัฒน์",
    "วรวุฒิ",
    "ธวัชชัย",
    "นิพนธ์",
)
FEMALE_NAMES = (
    "สมศรี",
    "สมหญิง",
    "มาลี",
    "บุญเรือน",
    "ประไพ",
    "วันเพ็ญ",
    "สุดารัตน์",
    "อรทัย",
    "กาญจนา",
    "จันทร์เพ็ญ",
    "ละเอียด",
    "สำราญ",
    "พรทิพย์",
    "นงลักษณ์",
    "รัชนี",
    "อุไรวรรณ",
    "ศิริพร",
    "ปราณี",
    "ทองใบ",
    "บุญมา",
    "สุภาพร",
    "วิไลวรรณ",
    "ชนิดา",
    "ธิดารัตน์",
    "ปิยะนุช",
    "กัลยา",
    "เพ็ญศรี",
    "อัมพร",
    "ลำดวน",
    "สายสุนีย์",
    "ณัฐธิดา",
    "พิมพ์ชนก",
    "กนกวรรณ",
    "จิราพร",
    "รุ่งนภา",
    "ศิริลักษณ์",
    "อารีย์",
    "นิตยา",
    "ยุพิน",
    "ดวงใจ",
)
# Surnames: two words, as many Thai surnames are made.
SURNAME_FIRST = (
    "ศรี",
    "ทอง",
    "แก้ว",
    "บุญ",
    "สุข",
    "ใจ",
    "คง",
    "เพชร",
    "มณี",
    "จันทร์",
    "พรหม",
    "รัตน",
    "ชัย",
    "วงศ์",
    "นาค",
    "เรือง",
    "สม",
    "ปาน",
    "เกตุ",
    "อินทร์",
)
SURNAME_SECOND = (
    "สุข",
    "ดี",
    "งาม",
    "ทอง",
    "แก้ว",
    "ศรี",
    "มี",
    "สวัสดิ์",
    "ประเสริฐ",
    "รักษา",
    "ภักดี",
    "วงศ์",
    "สกุล",
    "พันธ์",
    "เจริญ",
    "ยิ่ง",
    "พงษ์",
    "ชนะ",
    "รุ่งเรือง",
    "มั่น",
)


@dataclasses.dataclass(frozen=True)
class Place:
    """Where a network is: its sub-district, district and province."""

    sub_district: str
    district: str
    province: str


def place_name(rng: random.Random) -> str:
    """A made-up place name: ควนมะพร้าว, หนองบัว."""
    return rng.choice(PLACE_STEMS) + rng.choice(PLACE_SUFFIXES)


def network_place(rng: random.Random) -> Place:
    """A made-up sub-district and district in a real province."""
    return Place(place_name(rng), place_name(rng), rng.choice(PROVINCES))


def village_names(rng: random.Random, count: int) -> list[str]:
    """Names for a network's villages, บ้าน…, all different while the words last."""
    every = [stem + suffix for stem in PLACE_STEMS for suffix in PLACE_SUFFIXES]
    if count <= len(every):
        return ["บ้าน" + name for name in rng.sample(every, count)]
    return ["บ้าน" + rng.choice(every) for _ in range(count)]


def surname(rng: random.Random) -> str:
    first, second = rng.choice(SURNAME_FIRST), rng.choice(SURNAME_SECOND)
    while second == first:
        second = rng.choice(SURNAME_SECOND)
    return first + second


def first_name(rng: random.Random, *, male: bool) -> str:
    return rng.choice(MALE_NAMES if male else FEMALE_NAMES)


def phone(rng: random.Random) -> str:
    """A Thai mobile number: 08x-xxx-xxxx (06x and 09x too)."""
    prefix = f"0{rng.choice('689')}{rng.randint(0, 9)}"
    return f"{prefix}-{rng.randint(100, 999)}-{rng.randint(0, 9999):04d}"


# A bijection of 0..10⁹-1 (3¹⁸ is prime to 10⁹), so consecutive serials look
# scattered but never collide.
_SPREAD, _SPACE = 387_420_489, 10**9


def national_id(serial: int) -> str:
    """A valid 13-digit national ID that belongs to no one: 0, province 99, a
    scattered serial and its check digit. Distinct serials give distinct IDs."""
    stem = f"099{serial * _SPREAD % _SPACE:09d}"
    return stem + thai.national_id_check_digit(stem)


def birth_date(rng: random.Random, on: dt.date, youngest: int, oldest: int) -> dt.date:
    """A day making someone between ``youngest`` and ``oldest`` years old on ``on``."""
    latest = on.toordinal() - youngest * 365
    earliest = on.toordinal() - (oldest + 1) * 365 + 1
    return dt.date.fromordinal(rng.randint(earliest, latest))
