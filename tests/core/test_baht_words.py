"""Amounts in Thai words (บาทถ้วน) for receipts and grant letters."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from core import thai


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "ศูนย์บาทถ้วน"),
        (1, "หนึ่งบาทถ้วน"),
        (2, "สองบาทถ้วน"),
        (10, "สิบบาทถ้วน"),
        (11, "สิบเอ็ดบาทถ้วน"),
        (15, "สิบห้าบาทถ้วน"),
        (20, "ยี่สิบบาทถ้วน"),
        (21, "ยี่สิบเอ็ดบาทถ้วน"),
        (32, "สามสิบสองบาทถ้วน"),
        (99, "เก้าสิบเก้าบาทถ้วน"),
        (100, "หนึ่งร้อยบาทถ้วน"),
        (101, "หนึ่งร้อยเอ็ดบาทถ้วน"),
        (111, "หนึ่งร้อยสิบเอ็ดบาทถ้วน"),
        (120, "หนึ่งร้อยยี่สิบบาทถ้วน"),
        (1_000, "หนึ่งพันบาทถ้วน"),
        (1_001, "หนึ่งพันเอ็ดบาทถ้วน"),
        (10_000, "หนึ่งหมื่นบาทถ้วน"),
        (100_000, "หนึ่งแสนบาทถ้วน"),
        (250_000, "สองแสนห้าหมื่นบาทถ้วน"),
        (999_999, "เก้าแสนเก้าหมื่นเก้าพันเก้าร้อยเก้าสิบเก้าบาทถ้วน"),
        (1_000_000, "หนึ่งล้านบาทถ้วน"),
        (1_000_001, "หนึ่งล้านเอ็ดบาทถ้วน"),
        (1_000_010, "หนึ่งล้านสิบบาทถ้วน"),
        (1_001_000, "หนึ่งล้านหนึ่งพันบาทถ้วน"),
        (3_000_000, "สามล้านบาทถ้วน"),
        (11_000_000, "สิบเอ็ดล้านบาทถ้วน"),
        (21_000_021, "ยี่สิบเอ็ดล้านยี่สิบเอ็ดบาทถ้วน"),
        (101_000_000, "หนึ่งร้อยเอ็ดล้านบาทถ้วน"),
        (2_000_000_021, "สองพันล้านยี่สิบเอ็ดบาทถ้วน"),
        (1_000_000_000_000, "หนึ่งล้านล้านบาทถ้วน"),
        (1_000_001_000_000, "หนึ่งล้านเอ็ดล้านบาทถ้วน"),
        (2_000_000_000_001, "สองล้านล้านเอ็ดบาทถ้วน"),
    ],
)
def test_it_reads_whole_baht(amount, words):
    assert thai.baht_text(amount) == words
    assert thai.baht_text(Decimal(amount)) == words
    assert thai.baht_text(str(amount)) == words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("0.25", "ยี่สิบห้าสตางค์"),
        ("0.01", "หนึ่งสตางค์"),
        ("0.10", "สิบสตางค์"),
        ("0.11", "สิบเอ็ดสตางค์"),
        ("0.21", "ยี่สิบเอ็ดสตางค์"),
        ("1.01", "หนึ่งบาทหนึ่งสตางค์"),
        ("21.01", "ยี่สิบเอ็ดบาทหนึ่งสตางค์"),
        ("100.99", "หนึ่งร้อยบาทเก้าสิบเก้าสตางค์"),
        ("10000.50", "หนึ่งหมื่นบาทห้าสิบสตางค์"),
        ("1000000.75", "หนึ่งล้านบาทเจ็ดสิบห้าสตางค์"),
        ("10000.00", "หนึ่งหมื่นบาทถ้วน"),
        ("0.00", "ศูนย์บาทถ้วน"),
    ],
)
def test_it_reads_satang(amount, words):
    assert thai.baht_text(Decimal(amount)) == words
    assert thai.baht_text(amount) == words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("1.005", "หนึ่งบาทหนึ่งสตางค์"),
        ("1.004", "หนึ่งบาทถ้วน"),
        ("0.005", "หนึ่งสตางค์"),
        ("0.004", "ศูนย์บาทถ้วน"),
        ("0.125", "สิบสามสตางค์"),
        ("9.995", "สิบบาทถ้วน"),
        ("999999.999", "หนึ่งล้านบาทถ้วน"),
    ],
)
def test_it_rounds_half_up_to_whole_satang_first(amount, words):
    assert thai.baht_text(Decimal(amount)) == words


@pytest.mark.parametrize(
    "amount", [-1, Decimal("-0.01"), "-5", "abc", "", "1,000", "NaN", "Infinity"]
)
def test_it_refuses_negative_and_non_numeric_amounts(amount):
    with pytest.raises(ValueError):
        thai.baht_text(amount)


@pytest.mark.parametrize("amount", [1.5, 0.0, True, None, [1]])
def test_it_refuses_floats_and_other_types(amount):
    with pytest.raises(TypeError):
        thai.baht_text(amount)


@pytest.mark.parametrize(
    "amount", [Decimal("0"), Decimal("21.01"), Decimal("10000.50"), 2_000_000_021, "0.25"]
)
def test_it_renders_the_same_words_in_a_template(amount):
    rendered = Template("{{ amount|baht_words }}").render(Context({"amount": amount}))
    assert rendered == thai.baht_text(amount)


@pytest.mark.parametrize("amount", [None, "", "abc", Decimal("-1"), 1.5])
def test_it_renders_nothing_for_an_amount_it_cannot_read(amount):
    assert Template("{{ amount|baht_words }}").render(Context({"amount": amount})) == ""
