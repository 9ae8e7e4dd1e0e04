"""Thai formats: national ID checksum, Buddhist-era dates, baht amounts."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import translation

from core import thai
from core.forms import ThaiDateField
from tests.factories import national_id

OCT_9_2007 = dt.date(2007, 10, 9)
# A hand-worked example: weights 13..2 over 110170012345 sum to 148,
# 148 mod 11 = 5, and (11 - 5) mod 10 = 6.
HAND_CHECKED_ID = "1101700123456"


def some_valid_ids(count: int = 60) -> list[str]:
    return [national_id(f"{1_100_700_000_000 + 7919 * i:013d}"[1:]) for i in range(count)]


# National ID


def test_it_accepts_a_hand_checked_national_id():
    assert national_id("110170012345") == HAND_CHECKED_ID
    assert thai.national_id_is_valid(HAND_CHECKED_ID)


def test_it_accepts_national_ids_with_a_correct_check_digit():
    ids = some_valid_ids()
    # The edge cases of the rule (11 - 0 → 1 and 11 - 1 → 0) are among them.
    remainders = {
        sum(int(d) * w for d, w in zip(i[:12], range(13, 1, -1), strict=True)) % 11 for i in ids
    }
    assert {0, 1} <= remainders
    assert all(thai.national_id_is_valid(value) for value in ids)


@pytest.mark.parametrize("valid", some_valid_ids(12))
def test_it_refuses_every_other_check_digit(valid):
    for digit in "0123456789":
        if digit != valid[-1]:
            assert not thai.national_id_is_valid(valid[:-1] + digit)


@pytest.mark.parametrize(
    "value",
    ["", "110170012345", "11017001234567", "110170012345x", "abcdefghijklm", "1101700123457"],
)
def test_it_refuses_malformed_national_ids(value):
    assert not thai.national_id_is_valid(value)


@pytest.mark.parametrize(
    "typed", ["1-1017-00123-45-6", "1 1017 00123 45 6", " 1101700123456 ", "1-1017 00123-45 6"]
)
def test_it_accepts_dashes_and_spaces_in_a_national_id(typed):
    assert thai.national_id_digits(typed) == HAND_CHECKED_ID
    assert thai.national_id_is_valid(typed)
    thai.validate_national_id(typed)


def test_it_tells_a_short_id_from_a_wrong_check_digit():
    with pytest.raises(ValidationError) as short:
        thai.validate_national_id("12345")
    assert short.value.code == "national_id_length"
    with pytest.raises(ValidationError) as wrong:
        thai.validate_national_id("1101700123457")
    assert wrong.value.code == "national_id_checksum"


def test_it_masks_all_but_the_last_three_digits():
    masked = thai.mask_national_id("1-1017-00123-45-6")
    assert masked == "x-xxxx-xxxxx-45-6"
    assert re.sub(r"\D", "", masked) == HAND_CHECKED_ID[-3:]
    assert thai.mask_national_id("") == ""
    assert thai.mask_national_id("12345") == ""


def test_it_formats_a_national_id_as_on_the_card():
    assert thai.format_national_id(HAND_CHECKED_ID) == "1-1017-00123-45-6"


# Dates


@pytest.mark.parametrize(
    "typed",
    [
        "9/10/2550",
        "09/10/2550",
        "09/10/2007",
        "9-10-2007",
        "9.10.2550",
        "2007-10-09",
        "2550-10-09",
        "9 ตุลาคม 2550",
        "9 ต.ค. 2550",
        "9 ต.ค 2550",
        "9 October 2007",
        "9 Oct 2007",
        "  9   ตุลาคม   2550 ",
    ],
)
def test_it_parses_thai_and_english_dates_in_be_or_ce(typed):
    assert thai.parse_date(typed) == OCT_9_2007


@pytest.mark.parametrize(
    "typed",
    [
        "31/02/2550",
        "29/02/2550",
        "32/01/2007",
        "9/13/2550",
        "",
        "garbage",
        "9 Octobre 2007",
        "9/10",
    ],
)
def test_it_refuses_dates_that_do_not_exist_or_do_not_parse(typed):
    with pytest.raises(ValueError, match=r"\S"):
        thai.parse_date(typed)


def test_it_accepts_february_29_of_a_leap_year_in_be():
    assert thai.parse_date("29/02/2551") == dt.date(2008, 2, 29)


def test_it_reads_years_above_2400_as_buddhist_era():
    assert thai.to_gregorian_year(2567) == 2024
    assert thai.to_gregorian_year(2024) == 2024
    assert thai.be_year(2024) == 2567


def test_it_formats_dates_in_the_active_language():
    with translation.override("th"):
        assert thai.format_date(OCT_9_2007) == "9 ตุลาคม 2550"
        assert thai.format_date(OCT_9_2007, short=True) == "9 ต.ค. 2550"
        assert thai.format_date_input(OCT_9_2007) == "09/10/2550"
    with translation.override("en"):
        assert thai.format_date(OCT_9_2007) == "9 October 2007"
        assert thai.format_date(OCT_9_2007, short=True) == "9 Oct 2007"
        assert thai.format_date_input(OCT_9_2007) == "09/10/2007"
    assert thai.format_date(None) == ""


def test_it_formats_a_datetime_by_its_date():
    assert thai.format_date(dt.datetime(2007, 10, 9, 23, 59), "th") == "9 ตุลาคม 2550"


def test_it_formats_an_aware_datetime_by_its_local_day():
    # Bangkok is UTC+7: 17:00 UTC is midnight there.
    assert (
        thai.format_date(dt.datetime(2007, 10, 8, 16, 59, tzinfo=dt.UTC), "en") == "8 October 2007"
    )
    assert (
        thai.format_date(dt.datetime(2007, 10, 8, 17, 0, tzinfo=dt.UTC), "en") == "9 October 2007"
    )


def test_it_round_trips_every_month_name():
    for month in range(1, 13):
        day = dt.date(2024, month, 1)
        for language in ("th", "en"):
            for short in (False, True):
                assert thai.parse_date(thai.format_date(day, language, short=short)) == day


# Baht


def test_it_formats_baht_in_the_active_language():
    with translation.override("th"):
        assert thai.format_baht(Decimal("10000")) == "10,000.00 บาท"
    with translation.override("en"):
        assert thai.format_baht(Decimal("10000")) == "10,000.00 baht"
    assert thai.format_baht(None) == ""
    assert thai.format_baht(1234567, "th") == "1,234,567.00 บาท"


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        ("0.125", "0.13"),
        ("2.675", "2.68"),
        ("2.665", "2.67"),
        ("0.124", "0.12"),
        ("999.995", "1,000.00"),
    ],
)
def test_it_rounds_baht_half_up(amount, shown):
    assert thai.format_baht(Decimal(amount), "en") == f"{shown} baht"


def test_it_offers_template_filters_for_dates_and_baht():
    template = Template("{{ day|thaidate }}|{{ day|thaidate:'short' }}|{{ amount|baht }}")
    context = Context({"day": OCT_9_2007, "amount": Decimal("10000")})
    with translation.override("th"):
        assert template.render(context) == "9 ตุลาคม 2550|9 ต.ค. 2550|10,000.00 บาท"
    with translation.override("en"):
        assert template.render(context) == "9 October 2007|9 Oct 2007|10,000.00 baht"


# ThaiDateField


class BirthForm(forms.Form):
    birth_date = ThaiDateField(required=False)


def test_it_shows_a_date_field_initial_value_in_be_for_thai():
    with translation.override("th"):
        html = str(BirthForm(initial={"birth_date": OCT_9_2007})["birth_date"])
    assert 'value="09/10/2550"' in html
    with translation.override("en"):
        html = str(BirthForm(initial={"birth_date": OCT_9_2007})["birth_date"])
    assert 'value="09/10/2007"' in html


@pytest.mark.parametrize("typed", ["9/10/2550", "9 ต.ค. 2550", "2007-10-09"])
def test_it_cleans_a_typed_date(typed):
    form = BirthForm({"birth_date": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["birth_date"] == OCT_9_2007


def test_it_refuses_an_impossible_date_with_a_message():
    form = BirthForm({"birth_date": "31/02/2550"})
    assert not form.is_valid()
    assert form.errors.as_data()["birth_date"][0].code == "invalid"


def test_it_keeps_what_the_user_typed_when_the_date_is_wrong():
    html = str(BirthForm({"birth_date": "31/02/2550"})["birth_date"])
    assert 'value="31/02/2550"' in html
