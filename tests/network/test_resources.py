"""The network's import resources on their own: widgets, scoping, queries, bulk writes."""

import datetime as dt

import pytest
import tablib
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from core.audit import audit_context
from core.imports import get_kind
from core.imports.files import Table
from core.imports.resources import ChoiceWidget
from network.models import Household, PartnerKind, Person, Title
from network.resources import (
    NationalIdWidget,
    PartnerResource,
    PersonResource,
    PhoneWidget,
    VillageNumberWidget,
    VillageResource,
)
from tests.factories import PersonFactory, UserFactory, VillageFactory, national_id

PEOPLE = ["ชื่อ", "หมู่ที่", "บ้านเลขที่", "เลขประจำตัวประชาชน"]


def table(headers, rows) -> Table:
    return Table(
        headers=list(headers),
        rows=[list(row) for row in rows],
        lines=list(range(2, len(rows) + 2)),
        file_format="csv",
    )


def run(resource, headers, rows, *, dry_run=True):
    dataset = resource.dataset_from(table(headers, rows))
    return resource.import_data(dataset, dry_run=dry_run, use_transactions=True)


@pytest.mark.parametrize("text", ["3", "หมู่ที่ 3", "หมู่ 3", "ม.3", "Moo 3", " 3 "])
def test_it_reads_village_numbers_written_in_several_ways(text):
    assert VillageNumberWidget().clean(text) == 3


def test_it_refuses_a_village_number_that_is_not_whole():
    with pytest.raises(ValueError, match="3"):
        VillageNumberWidget().clean("3.5")


def test_it_puts_back_the_leading_zero_that_excel_drops_from_phones():
    assert PhoneWidget().clean("812345678") == "0812345678"
    assert PhoneWidget().clean("0812345678") == "0812345678"
    assert PhoneWidget().clean("+66812345678") == "+66812345678"
    assert PhoneWidget().clean("'+66812345678") == "+66812345678"  # our export's escape


def test_it_explains_a_national_id_that_excel_turned_into_a_number():
    with translation.override("en"), pytest.raises(ValueError, match="as text"):
        NationalIdWidget().clean("3.10060044593E+12")
    assert NationalIdWidget().clean("3-1006-00445-93-1") == "3100600445931"


def test_it_reads_choices_by_value_or_by_thai_or_english_label():
    kinds = ChoiceWidget(PartnerKind)
    assert kinds.clean("ngo") == PartnerKind.NGO
    assert kinds.clean("องค์กรปกครองส่วนท้องถิ่น") == PartnerKind.LOCAL_GOVERNMENT
    assert kinds.clean("local government") == PartnerKind.LOCAL_GOVERNMENT
    with pytest.raises(ValueError, match="ดาวอังคาร"):
        kinds.clean("ดาวอังคาร")
    titles = ChoiceWidget(Title, aliases={"น.ส.": Title.MISS})
    assert titles.clean("น.ส.") == Title.MISS


def test_it_registers_the_three_kinds():
    assert {key: get_kind(key).resource_class for key in ("villages", "people", "partners")} == {
        "villages": VillageResource,
        "people": PersonResource,
        "partners": PartnerResource,
    }


def test_it_only_reads_rows_of_its_own_network(network, other_network):
    VillageFactory(network=other_network, number=1)
    PersonFactory(network=other_network)
    assert not PersonResource(network=network).get_queryset().exists()
    assert not VillageResource(network=network).get_queryset().exists()


def test_it_previews_with_a_constant_number_of_queries(network):
    village = VillageFactory(network=network, number=1)
    PersonFactory(network=network, village=village, national_id=national_id("310060044593"))

    def queries(count: int) -> int:
        rows = [
            [f"คนที่{n}", "1", f"{n}/1", national_id(f"{200000000000 + n:012d}")]
            for n in range(count)
        ]
        with CaptureQueriesContext(connection) as context:
            result = run(PersonResource(network=network), PEOPLE, rows)
        assert not result.has_validation_errors()
        return len(context.captured_queries)

    assert queries(10) == queries(300)


def test_it_creates_households_in_bulk_and_shares_them(network):
    VillageFactory(network=network, number=1)
    rows = [["ก", "1", "12/3", ""], ["ข", "1", "12/3", ""], ["ค", "1", "5", ""]]
    user = UserFactory()

    with audit_context(source="import:people", user=user):
        result = run(PersonResource(network=network, user=user), PEOPLE, rows, dry_run=False)

    assert not result.has_errors() and not result.has_validation_errors()
    households = Household.objects.filter(network=network)
    assert sorted(h.house_number for h in households) == ["12/3", "5"]
    first, second = Person.objects.filter(first_name__in=["ก", "ข"])
    assert first.household_id == second.household_id
    assert {h.history.get().source for h in households} == {"import:people"}


def test_it_updates_people_matched_by_national_id_and_skips_unchanged_ones(network):
    village = VillageFactory(network=network, number=1)
    same = national_id("310060044593")
    moved = national_id("110170020345")
    PersonFactory(network=network, village=village, first_name="เหมือนเดิม", national_id=same)
    PersonFactory(network=network, village=village, first_name="ชื่อเก่า", national_id=moved)
    headers = ["ชื่อ", "เลขประจำตัวประชาชน", "วันเกิด"]
    rows = [["เหมือนเดิม", same, ""], ["ชื่อใหม่", moved, "1/1/2520"], ["ไม่มีเลข", "", ""]]

    result = run(PersonResource(network=network), headers, rows, dry_run=False)

    assert dict(result.totals) == {
        "new": 1,
        "update": 1,
        "delete": 0,
        "skip": 1,
        "error": 0,
        "invalid": 0,
    }
    person = Person.objects.get(national_id=moved)
    assert (person.first_name, person.birth_date) == ("ชื่อใหม่", dt.date(1977, 1, 1))
    assert person.history.latest("history_date").history_type == "~"
    assert Person.objects.get(national_id=same).history.count() == 1


def test_it_never_matches_a_blank_national_id_to_an_existing_person(network):
    village = VillageFactory(network=network, number=1)
    PersonFactory(network=network, village=village, first_name="คนเดิม", national_id="")

    result = run(PersonResource(network=network), ["ชื่อ", "เลขประจำตัวประชาชน"], [["คนใหม่", ""]])

    assert result.totals["new"] == 1 and result.totals["update"] == 0


def test_it_reports_a_wrong_check_digit_from_the_model_validator(network):
    bad = national_id("310060044593")[:-1] + "0"
    result = run(PersonResource(network=network), ["ชื่อ", "เลขประจำตัวประชาชน"], [["ก", bad]])
    (invalid,) = result.invalid_rows
    assert list(invalid.error_dict) == ["national_id"]


def test_it_refuses_a_birth_date_in_the_future_as_a_row_error(network):
    with translation.override("th"):
        result = run(
            PersonResource(network=network),
            ["ชื่อ", "วันเกิด"],
            [["สมศรี", "9/10/2550"], ["สมชาย", "9/10/3000"]],
        )
        message = translation.gettext("A birth date cannot be later than today.")

    (invalid,) = result.invalid_rows
    assert invalid.number == 2
    assert invalid.error_dict["birth_date"] == [message]


def test_it_refuses_a_cell_with_a_null_character_as_a_row_error(network):
    with translation.override("th"):
        result = run(PersonResource(network=network), ["ชื่อ", "นามสกุล"], [["สม\x00ศรี", "ใจดี"]])
        message = translation.gettext("Null characters are not allowed.")

    (invalid,) = result.invalid_rows
    assert invalid.error_dict["first_name"] == [message]


def test_it_writes_nothing_in_a_dry_run(network):
    VillageFactory(network=network, number=1)
    rows = [["ก", "1", "9/9", ""]]
    with CaptureQueriesContext(connection) as context:
        run(PersonResource(network=network), PEOPLE, rows)
    writes = [
        q["sql"] for q in context.captured_queries if q["sql"].startswith(("INSERT", "UPDATE"))
    ]
    assert writes == []
    assert not Household.objects.exists() and not Person.objects.exists()


def test_it_exports_in_the_template_columns(network):
    village = VillageFactory(network=network, number=2, name="บ้านสอง")
    household = Household.objects.create(network=network, village=village, house_number="7")
    PersonFactory(
        network=network,
        village=village,
        household=household,
        title="นาง",
        first_name="มาลี",
        last_name="ดีใจ",
        birth_date=dt.date(2007, 10, 9),
        registered_on=dt.date(2007, 10, 20),
    )
    resource = PersonResource(network=network)

    with translation.override("th"):
        dataset = resource.export(resource.export_queryset())

    assert isinstance(dataset, tablib.Dataset)
    assert dataset.headers == resource.columns()
    assert list(dataset[0]) == ["นาง", "มาลี", "ดีใจ", "", "09/10/2550", 2, "7", "", "20/10/2550"]


REGISTERED = ["ชื่อ", "หมู่ที่", "เลขประจำตัวประชาชน", "วันที่ขึ้นทะเบียน"]


def test_it_imports_the_day_a_person_joined_the_register(network):
    VillageFactory(network=network, number=1)
    given = national_id("310060044593")

    result = run(
        PersonResource(network=network),
        REGISTERED,
        [["สมศรี", "1", given, "1/9/2550"]],
        dry_run=False,
    )

    assert not result.has_validation_errors()
    assert Person.objects.get(network=network, national_id=given).registered_on == dt.date(
        2007, 9, 1
    )


def test_an_empty_registration_day_is_today_for_a_new_person_and_kept_for_another(network):
    village = VillageFactory(network=network, number=1)
    known = PersonFactory(
        network=network,
        village=village,
        national_id=national_id("310060044593"),
        registered_on=dt.date(2007, 1, 9),
    )
    newcomer = national_id("110170020345")

    result = run(
        PersonResource(network=network),
        REGISTERED,
        [["สมศรี", "1", known.national_id, ""], ["มาใหม่", "1", newcomer, ""]],
        dry_run=False,
    )

    assert not result.has_validation_errors()
    known.refresh_from_db()
    assert known.registered_on == dt.date(2007, 1, 9)
    assert Person.objects.get(national_id=newcomer).registered_on == timezone.localdate()


def test_it_refuses_a_registration_day_after_today(network):
    VillageFactory(network=network, number=1)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    with translation.override("en"):
        result = run(
            PersonResource(network=network),
            REGISTERED,
            [["สมศรี", "1", national_id("310060044593"), tomorrow.strftime("%d/%m/%Y")]],
        )

    (invalid,) = result.invalid_rows
    assert "later than today" in str(invalid.error_dict["registered_on"])


def test_it_treats_every_row_as_new_when_the_file_has_no_key_column(network):
    village = VillageFactory(network=network, number=1)
    PersonFactory(network=network, village=village, first_name="สมชาย", national_id="")

    with CaptureQueriesContext(connection) as context:
        result = run(PersonResource(network=network), ["ชื่อ", "หมู่ที่"], [["สมชาย", "1"]])

    assert result.totals["new"] == 1
    assert not any("network_person" in q["sql"] for q in context.captured_queries)


def test_it_reports_an_unknown_village_once_not_again_for_the_house_number(network):
    result = run(PersonResource(network=network), PEOPLE, [["ก", "9", "12/3", ""]])
    (invalid,) = result.invalid_rows
    assert list(invalid.error_dict) == ["village"]
