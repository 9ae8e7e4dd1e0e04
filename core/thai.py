"""Thai formatting and parsing: Buddhist-era dates, baht amounts, national IDs."""

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

BE_OFFSET = 543
# A year above this is read as Buddhist era (BE 2400 = CE 1857, before any record here).
BE_THRESHOLD = 2400

THAI_MONTHS = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
THAI_MONTHS_SHORT = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)
ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def is_thai(language: str | None = None) -> bool:
    """Whether the given (or active) language is Thai."""
    return (language or get_language() or "th").startswith("th")


def be_year(year: int) -> int:
    """The Buddhist-era year of a Gregorian year."""
    return year + BE_OFFSET


def format_date(value: dt.date | None, language: str | None = None, short: bool = False) -> str:
    """9 ตุลาคม 2550 in Thai, 9 October 2007 in English; empty for no date."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        # A stored time is UTC; the day shown is the local one (Bangkok is UTC+7).
        value = (timezone.localtime(value) if timezone.is_aware(value) else value).date()
    if is_thai(language):
        months = THAI_MONTHS_SHORT if short else THAI_MONTHS
        return f"{value.day} {months[value.month - 1]} {be_year(value.year)}"
    month = ENGLISH_MONTHS[value.month - 1]
    return f"{value.day} {month[:3] if short else month} {value.year}"


def format_time(value: dt.time | None, language: str | None = None) -> str:
    """09.30 น. in Thai documents, 09:30 in English; empty for no time."""
    if value is None:
        return ""
    if is_thai(language):
        return f"{value.hour:02d}.{value.minute:02d} น."
    return f"{value.hour:02d}:{value.minute:02d}"


def format_date_input(value: dt.date | None, language: str | None = None) -> str:
    """The value a date input shows: dd/mm/yyyy with the year in BE for Thai."""
    if value is None:
        return ""
    year = be_year(value.year) if is_thai(language) else value.year
    return f"{value.day:02d}/{value.month:02d}/{year}"


def _month_number(name: str) -> int | None:
    cleaned = name.strip().lower().rstrip(".")
    for index, (thai, short, english) in enumerate(
        zip(THAI_MONTHS, THAI_MONTHS_SHORT, ENGLISH_MONTHS, strict=True), start=1
    ):
        if cleaned in {thai, short.rstrip("."), english.lower(), english[:3].lower()}:
            return index
    return None


_NUMERIC_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_NUMERIC_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_WORDS = re.compile(r"^(\d{1,2})\s+([^\d\s]+(?:\s?[^\d\s]+)?)\s+(\d{4})$")


def to_gregorian_year(year: int) -> int:
    """A year typed by a user: above 2400 it is BE and is converted to CE."""
    return year - BE_OFFSET if year > BE_THRESHOLD else year


_MONTH_YM = re.compile(r"^(\d{4})[-/.](\d{1,2})$")
_MONTH_MY = re.compile(r"^(\d{1,2})[-/.](\d{4})$")
_MONTH_WORDS = re.compile(r"^([^\d\s]+(?:\s?[^\d\s]+)?)\s+(\d{4})$")


def parse_month(text: str) -> dt.date:
    """The first day of a month typed as 2550-10, 2007-10, 10/2550, ตุลาคม 2550 or
    October 2007 (a year above 2400 is BE). Raises ValueError with a user-facing message."""
    cleaned = " ".join(str(text).split())
    month = year = None
    if match := _MONTH_YM.match(cleaned):
        year, month = int(match.group(1)), int(match.group(2))
    elif match := _MONTH_MY.match(cleaned):
        month, year = int(match.group(1)), int(match.group(2))
    elif match := _MONTH_WORDS.match(cleaned):
        month, year = _month_number(match.group(1)), int(match.group(2))
    if month is None or year is None or not 1 <= month <= 12:
        raise ValueError(
            _("“%(text)s” is not a month: write it as 2550-10, 10/2550 or ตุลาคม 2550.")
            % {"text": text}
        )
    year = to_gregorian_year(year)
    if not 1900 <= year <= 2200:
        raise ValueError(_("The year %(year)s is out of range.") % {"year": year})
    return dt.date(year, month, 1)


def format_month(value: dt.date, language: str | None = None) -> str:
    """ตุลาคม 2550 in Thai, October 2007 in English."""
    if is_thai(language):
        return f"{THAI_MONTHS[value.month - 1]} {be_year(value.year)}"
    return f"{ENGLISH_MONTHS[value.month - 1]} {value.year}"


def parse_date(text: str) -> dt.date:
    """Parse a date typed in Thai or English, with a BE or CE year.

    Accepts 9/10/2550, 09-10-2007, 2007-10-09, 2550-10-09, 9 ตุลาคม 2550,
    9 ต.ค. 2550 and 9 October 2007. Raises ValueError with a user-facing message.
    """
    text = " ".join(text.strip().split())
    day = month = year = None
    if match := _NUMERIC_DMY.match(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _NUMERIC_YMD.match(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _WORDS.match(text):
        day, year = int(match.group(1)), int(match.group(3))
        month = _month_number(match.group(2))
    if day is None or month is None or year is None:
        raise ValueError(str(_("Enter a date as day/month/year, for example 9/10/2550.")))
    try:
        return dt.date(to_gregorian_year(year), month, day)
    except ValueError as exc:
        raise ValueError(str(_("This date does not exist."))) from exc


TWO_PLACES = Decimal("0.01")


def format_amount(amount: Decimal | int | None) -> str:
    """10,000.00: an amount for a column headed in baht; empty for no amount."""
    if amount is None or amount == "":
        return ""
    value = Decimal(amount).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
    return f"{value:,.2f}"


def format_baht(amount: Decimal | int | None, language: str | None = None) -> str:
    """10,000.00 บาท (Thai) or 10,000.00 baht (English); empty for no amount."""
    if amount is None or amount == "":
        return ""
    unit = "บาท" if is_thai(language) else "baht"
    return f"{format_amount(amount)} {unit}"


THAI_DIGITS = ("ศูนย์", "หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "หก", "เจ็ด", "แปด", "เก้า")
# Place names within one group of six digits, units first; ล้าน joins the groups.
THAI_PLACES = ("", "สิบ", "ร้อย", "พัน", "หมื่น", "แสน")
MILLION = 1_000_000


def _thai_group(number: int, after_higher: bool) -> str:
    """Read 0..999,999; ``after_higher``: a more significant digit of the amount is non-zero."""
    words = []
    digits = f"{number:06d}"
    for place, char in zip(range(5, -1, -1), digits, strict=True):
        digit = int(char)
        if digit == 0:
            continue
        if place == 1:
            words.append({1: "", 2: "ยี่"}.get(digit, THAI_DIGITS[digit]) + "สิบ")
        elif place == 0 and digit == 1 and (after_higher or number > 1):
            words.append("เอ็ด")
        else:
            words.append(THAI_DIGITS[digit] + THAI_PLACES[place])
    return "".join(words)


def _thai_number(number: int) -> str:
    """Read a non-negative whole number in Thai, repeating ล้าน above a million."""
    if number == 0:
        return THAI_DIGITS[0]
    groups = []
    while number:
        number, group = divmod(number, MILLION)
        groups.append(group)
    words = []
    higher = False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group:
            words.append(_thai_group(group, higher))
            higher = True
        if index:
            # ล้าน goes after every group below the top one, even an empty group
            # (1,000,000,000,000 = หนึ่งล้านล้าน).
            words.append("ล้าน")
    return "".join(words)


def baht_text(amount: Decimal | int | str) -> str:
    """An amount in Thai words as written on receipts and grant letters (บาทถ้วน).

    10,000.50 → หนึ่งหมื่นบาทห้าสิบสตางค์, 21 → ยี่สิบเอ็ดบาทถ้วน, 0.25 → ยี่สิบห้าสตางค์.

    The amount is first rounded half-up to whole satang (1.005 → 1.01). Whole baht
    end in บาทถ้วน; otherwise the satang follow as ...บาท...สตางค์, and the baht part is
    left out when it is zero. Zero is ศูนย์บาทถ้วน. Each ล้าน starts a new group of six
    digits, so ล้าน repeats for larger amounts (10**12 = หนึ่งล้านล้านบาทถ้วน).

    Convention for a final 1 (the common Thai banking one):
    a 1 in the units place reads เอ็ด whenever any more significant digit of the
    number is non-zero, even across ล้าน (11 สิบเอ็ด, 101 หนึ่งร้อยเอ็ด,
    1,000,001 หนึ่งล้านเอ็ด, 11,000,000 สิบเอ็ดล้าน); a 1 standing alone reads หนึ่ง
    (1 หนึ่ง, 1,000,000 หนึ่งล้าน). Baht and satang are read separately, so
    21.01 → ยี่สิบเอ็ดบาทหนึ่งสตางค์. In the tens place 1 is just สิบ and 2 is ยี่สิบ.

    Raises TypeError for a float or bool (money is Decimal) or any other type, and
    ValueError for a negative, non-numeric, NaN or infinite amount.
    """
    if isinstance(amount, bool | float) or not isinstance(amount, Decimal | int | str):
        raise TypeError(f"baht_text takes a Decimal, int or str, not {type(amount).__name__}")
    try:
        value = Decimal(amount.strip() if isinstance(amount, str) else amount)
    except ArithmeticError as exc:  # decimal.InvalidOperation
        raise ValueError(f"Not an amount of money: {amount!r}") from exc
    if not value.is_finite():
        raise ValueError(f"Not an amount of money: {amount!r}")
    if value < 0:
        raise ValueError(f"A negative amount cannot be written in words: {amount!r}")
    satang_total = int(value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP) * 100)
    baht, satang = divmod(satang_total, 100)
    if satang == 0:
        return f"{_thai_number(baht)}บาทถ้วน"
    baht_part = f"{_thai_number(baht)}บาท" if baht else ""
    return f"{baht_part}{_thai_number(satang)}สตางค์"


NATIONAL_ID_LENGTH = 13


def national_id_digits(value: str) -> str:
    """The digits of a national ID typed with or without dashes and spaces."""
    return re.sub(r"[\s\-]", "", value or "")


def national_id_check_digit(first_twelve: str) -> str:
    """The mod-11 check digit that completes the first twelve digits of an ID."""
    total = sum(int(digit) * (13 - index) for index, digit in enumerate(first_twelve))
    return str((11 - total % 11) % 10)


def national_id_is_valid(value: str) -> bool:
    """Check a Thai 13-digit national ID against its mod-11 check digit."""
    digits = national_id_digits(value)
    if len(digits) != NATIONAL_ID_LENGTH or not digits.isdigit():
        return False
    return national_id_check_digit(digits[:12]) == digits[12]


def validate_national_id(value: str) -> None:
    """Model and form validator for a Thai national ID."""
    digits = national_id_digits(value)
    if len(digits) != NATIONAL_ID_LENGTH or not digits.isdigit():
        raise ValidationError(_("A national ID has 13 digits."), code="national_id_length")
    if not national_id_is_valid(digits):
        raise ValidationError(
            _("This national ID's check digit is wrong: please check the number."),
            code="national_id_checksum",
        )


def mask_national_id(value: str) -> str:
    """Show only the last three digits: x-xxxx-xxxxx-12-3."""
    digits = national_id_digits(value)
    if len(digits) != NATIONAL_ID_LENGTH:
        return ""
    return f"x-xxxx-xxxxx-{digits[10:12]}-{digits[12]}"


def format_national_id(value: str) -> str:
    """The full ID grouped as printed on the card: 1-2345-67890-12-3."""
    d = national_id_digits(value)
    if len(d) != NATIONAL_ID_LENGTH:
        return value
    return f"{d[0]}-{d[1:5]}-{d[5:10]}-{d[10:12]}-{d[12]}"
