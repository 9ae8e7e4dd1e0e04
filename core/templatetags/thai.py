"""Template filters for Thai display: BE dates, baht, masked IDs. Loaded as builtins."""

import datetime as dt
from decimal import Decimal

from django import template

from core import thai

register = template.Library()


@register.filter
def thaidate(value: dt.date | None, style: str = "") -> str:
    """9 ตุลาคม 2550 in Thai, 9 October 2007 in English; ``|thaidate:"short"`` abbreviates."""
    return thai.format_date(value, short=style == "short")


@register.filter
def thaitime(value: dt.time | None) -> str:
    """09.30 น. in Thai, 09:30 in English."""
    return thai.format_time(value)


@register.filter
def baht(value: Decimal | int | None) -> str:
    """10,000.00 บาท."""
    return thai.format_baht(value)


@register.filter
def amount(value: Decimal | int | None) -> str:
    """10,000.00, for a column whose heading names the currency."""
    return thai.format_amount(value)


@register.filter
def masked_id(value: str) -> str:
    """x-xxxx-xxxxx-12-3."""
    return thai.mask_national_id(value)


@register.filter
def baht_words(value: Decimal | int | str | None) -> str:
    """หนึ่งหมื่นบาทห้าสิบสตางค์; empty for no amount or one that cannot be read."""
    if value is None or value == "":
        return ""
    try:
        return thai.baht_text(value)
    except (TypeError, ValueError):
        return ""
