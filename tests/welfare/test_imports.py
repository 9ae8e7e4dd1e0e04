"""Welfare applications through the import pipeline, and the village board as a spreadsheet.

Alice is a secretary of network A (she may import), Bob a viewer of A. Programmes
and applications are made through ``welfare.services``; files are built here with
csv and openpyxl, not with the code under test. Messages are read in English.
"""

import csv
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from core.imports import get_kind
from core.imports import services as imports
from core.imports.files import read_table
from core.models import ImportJob
from core.roles import Role
from network.models import Person
from tests.factories import PersonFactory, VillageFactory, national_id
from welfare import exports, services
from welfare import resources as r
from welfare.models import Application, ApplicationStatus, DisbursementMethod, GrantKind
from welfare.permissions import WelfarePerm

HEADERS = [
    "โครงการ",
    "ปี (พ.ศ.)",
    "เลขประจำตัวประชาชน",
    "หมู่ที่",
    "ประเภททุน",
    "วัตถุประสงค์",
    "จำนวนเงินที่ขอ",
]
ENGLISH_HEADERS = [
    "Programme",
    "Year",
    "National ID",
    "Village number",
    "Grant kind",
    "Purpose",
    "Requested amount",
]
FUND = "กองทุนสวัสดิการเยาวชน"
ID_1 = national_id("310060044593")
ID_2 = national_id("110170020345")
ID_3 = national_id("350990012345")
NOBODY = national_id("199999999999")
THEIRS = national_id("420010000001")  # a person of the other network only
SOURCE = "import:welfare-applications"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def alice(member):
    return member(Role.SECRETARY)


@pytest.fixture
def kind():
    return get_kind("welfare-applications")


@pytest.fixture
def villages(network):
    return {
        1: VillageFactory(network=network, number=1, name="บ้านหนองบัว"),
        2: VillageFactory(network=network, number=2, name="บ้านโนนสูง"),
    }


@pytest.fixture
def people(network, villages):
    return {
        ID_1: PersonFactory(network=network, village=villages[1], national_id=ID_1),
        ID_2: PersonFactory(network=network, village=villages[2], national_id=ID_2),
        ID_3: PersonFactory(network=network, village=villages[1], national_id=ID_3),
    }


@pytest.fixture
def programme(network, villages):
    """BE 2568; occupational and education grants only."""
    return services.create_programme(
        network=network,
        name=FUND,
        year=2025,
        total_budget=Decimal("100000"),
        grant_kinds=[GrantKind.OCCUPATIONAL, GrantKind.EDUCATION],
    )


def row(
    *,
    programme=FUND,
    year="2568",
    national=ID_1,
    village="",
    kind="อาชีพ",
    purpose="ทุนเลี้ยงไก่ไข่",
    amount="3,000",
):
    return [programme, year, national, village, kind, purpose, amount]


def csv_file(headers, rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_file(headers, rows) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def preview(client, kind, content, name="applications.csv") -> ImportJob:
    return imports.start_import(
        network=client.membership.network,
        kind=kind,
        user=client.user,
        membership=client.membership,
        name=name,
        data=content,
        table=read_table(content, name=name),
    )


def commit(client, job) -> imports.CommitOutcome:
    return imports.commit_import(job=job, user=client.user, membership=client.membership)


def state(network):
    """Every row count an import might change, history included."""
    return (
        Application.objects.filter(network=network).count(),
        Application.history.filter(network=network).count(),
    )


def errors_of(job) -> dict[int, list[tuple[str, str]]]:
    """Each row with errors (its spreadsheet row number) → its (column, message) pairs."""
    return {
        entry["line"]: [tuple(message) for message in entry["messages"]]
        for entry in job.preview["errors"]
    }


def export(kind, network, file_format, membership=None) -> bytes:
    return imports.export_file(
        kind=kind, network=network, membership=membership, file_format=file_format
    )


# The kind


def test_it_registers_welfare_applications_with_the_welfare_permissions(kind):
    assert kind.resource_class is r.ApplicationResource
    assert (kind.view_perm, kind.edit_perm) == (WelfarePerm.VIEW_WELFARE, WelfarePerm.EDIT_WELFARE)
    assert str(kind.label) == "Welfare applications"
    assert kind.resource(network=None).columns() == HEADERS
    assert list(kind.example) == HEADERS
    assert kind.example[r.NATIONAL_ID].startswith("0")


def test_it_offers_a_template_with_thai_headers_and_an_example_row(network, kind):
    content = imports.template_file(kind=kind, network=network, file_format="xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert rows[1][2] == "0999900000015"
    assert sheet["C2"].number_format == "@"  # the ID stays text in Excel


# Preview and confirm


def test_it_previews_then_imports_draft_applications_with_history(
    alice, network, kind, people, villages, programme
):
    rows = [
        row(national=ID_1, kind="อาชีพ", amount="3,000"),
        row(national=ID_2, village="1", kind="education", purpose="ค่าเทอม", amount=2500.5),
        row(national=ID_3, village="หมู่ 1", kind="ทุนการศึกษา", amount="1,250.75 บาท"),
    ]
    content = xlsx_file(HEADERS, rows)

    job = preview(alice, kind, content, "applications.xlsx")

    assert (job.status, job.total_rows, job.new_rows, job.error_rows) == ("ready", 3, 3, 0)
    assert state(network) == (0, 0)

    outcome = commit(alice, job)

    assert outcome.imported
    applications = {a.applicant.national_id: a for a in Application.objects.filter(network=network)}
    assert set(applications) == {ID_1, ID_2, ID_3}
    first, second, third = (applications[i] for i in (ID_1, ID_2, ID_3))
    assert {a.status for a in applications.values()} == {ApplicationStatus.DRAFT}
    assert {a.programme for a in applications.values()} == {programme}
    assert first.village == villages[1]  # the applicant's own, by default
    assert second.village == villages[1]  # as given, though the applicant lives in 2
    assert (first.kind, second.kind, third.kind) == ("occupational", "education", "education")
    assert first.purpose == "ทุนเลี้ยงไก่ไข่" and second.purpose == "ค่าเทอม"
    assert (first.requested_amount, second.requested_amount, third.requested_amount) == (
        Decimal("3000.00"),
        Decimal("2500.50"),
        Decimal("1250.75"),
    )
    assert isinstance(second.requested_amount, Decimal)
    for application in applications.values():
        (record,) = application.history.all()
        assert (record.history_type, record.source, record.history_user) == (
            "+",
            SOURCE,
            alice.user,
        )
        assert not application.status_changes.exists()


BAD_ROWS = {
    "unknown national ID": (row(national=NOBODY), r.NATIONAL_ID, "no person with national ID"),
    "person of another network": (
        row(national=THEIRS),
        r.NATIONAL_ID,
        "no person with national ID",
    ),
    "wrong check digit": (row(national=ID_1[:-1] + "0"), r.NATIONAL_ID, "check digit"),
    "no national ID": (row(national=""), r.NATIONAL_ID, "Enter the applicant's national ID"),
    "kind not allowed": (row(kind="emergency"), r.KIND, "makes grants only of these kinds"),
    "kind not allowed, in Thai": (row(kind="ฉุกเฉิน"), r.KIND, "makes grants only of these kinds"),
    "unknown kind": (row(kind="ดาวอังคาร"), r.KIND, "is not one of"),
    "zero amount": (row(amount="0"), r.REQUESTED, "more than zero"),
    "negative amount": (row(amount="-500"), r.REQUESTED, "more than zero"),
    "amount in words": (row(amount="สามพัน"), r.REQUESTED, "“สามพัน” is not an amount"),
    "amount not a number": (row(amount="NaN"), r.REQUESTED, "is not an amount"),
    "amount below a satang": (row(amount="3000.555"), r.REQUESTED, "two decimal places"),
    "no amount": (row(amount=""), r.REQUESTED, "Enter the amount requested"),
    "no purpose": (row(purpose="  "), r.PURPOSE, "Describe what the grant is for"),
    "unknown programme": (
        row(programme="กองทุนที่ไม่มี"),
        r.PROGRAMME,
        "no programme named “กองทุนที่ไม่มี”",
    ),
    "programme of another year": (row(year="2560"), r.PROGRAMME, "not of 2560 but of: 2568"),
    "year not a year": (row(year="ปีหน้า"), r.PROGRAMME_YEAR, "year in BE"),
    "unknown village": (row(village="9"), r.VILLAGE_NUMBER, "no village number 9"),
}


@pytest.mark.parametrize(("bad", "column", "message"), BAD_ROWS.values(), ids=BAD_ROWS)
def test_it_reports_a_bad_row_naming_it_and_writes_nothing(
    alice, network, other_network, kind, people, programme, bad, column, message
):
    PersonFactory(network=other_network, national_id=THEIRS)
    rows = [row(national=ID_3 if bad[2] == ID_1 else ID_1), bad, row(national=ID_2)]

    job = preview(alice, kind, csv_file(HEADERS, rows))

    assert (job.status, job.error_rows) == ("invalid", 1)
    (messages,) = errors_of(job).values()
    assert list(errors_of(job)) == [3]  # spreadsheet rows: the header is row 1
    assert [found for found, _text in messages] == [column]
    assert message in messages[0][1]
    with pytest.raises(imports.NotReady):
        commit(alice, job)
    assert state(network) == (0, 0)


def test_it_lists_every_bad_row_of_a_file(alice, network, kind, people, programme):
    rows = [
        row(national=NOBODY),
        row(national=ID_1),
        row(national=ID_2, kind="emergency", amount="0", purpose=""),
    ]

    job = preview(alice, kind, csv_file(HEADERS, rows))

    errors = errors_of(job)
    assert sorted(errors) == [2, 4]
    assert sorted(column for column, _text in errors[4]) == sorted([r.KIND, r.REQUESTED, r.PURPOSE])
    assert state(network) == (0, 0)


def test_it_writes_nothing_if_a_row_fails_at_confirm(
    alice, network, kind, people, programme, monkeypatch
):
    late = PersonFactory(network=network, national_id=national_id("560010000001"))
    rows = [
        row(national=ID_1),
        row(national=ID_2),
        row(national=ID_3),
        row(national=late.national_id),
    ]
    job = preview(alice, kind, csv_file(HEADERS, rows))
    assert job.status == ImportJob.Status.READY
    # Between preview and confirm the last applicant is removed: their row now fails.
    late.delete()
    # Small batches, so that the rows before the bad one are written before it is read.
    monkeypatch.setattr(r.ApplicationResource._meta, "batch_size", 2)

    outcome = commit(alice, job)

    assert not outcome.imported
    assert outcome.job.status == ImportJob.Status.INVALID
    assert list(errors_of(outcome.job)) == [5]
    assert state(network) == (0, 0)


def test_it_flags_the_templates_example_row_left_in(alice, network, kind, people, programme):
    template = imports.template_file(kind=kind, network=network, file_format="csv")
    content = template + ",".join(row(national=ID_1, amount="3000")).encode() + b"\r\n"

    job = preview(alice, kind, content)

    errors = errors_of(job)
    assert list(errors) == [2]
    assert any("example row" in text for _column, text in errors[2])


# The natural key: programme, applicant and purpose


def test_it_creates_no_duplicates_when_a_file_is_imported_again(
    alice, network, kind, people, programme
):
    content = xlsx_file(HEADERS, [row(national=ID_1), row(national=ID_2, purpose="ค่าเทอม")])
    commit(alice, preview(alice, kind, content, "a.xlsx"))
    after_first = state(network)
    assert after_first == (2, 2)

    job = preview(alice, kind, content, "a.xlsx")

    assert (job.status, job.new_rows, job.updated_rows, job.unchanged_rows) == ("ready", 0, 0, 2)
    assert commit(alice, job).imported
    assert state(network) == after_first


def test_it_matches_an_existing_draft_whatever_its_spacing_and_updates_it(
    alice, network, kind, people, villages, programme
):
    draft = services.create_application(
        programme=programme,
        applicant=people[ID_1],
        kind=GrantKind.OCCUPATIONAL,
        purpose="ทุนเลี้ยง  ไก่ไข่",
        requested_amount=Decimal("3000"),
    )
    rows = [row(national=ID_1, purpose=" ทุนเลี้ยง ไก่ไข่ ", village="2", amount="4,500")]

    job = preview(alice, kind, csv_file(HEADERS, rows))
    assert (job.new_rows, job.updated_rows) == (0, 1)
    commit(alice, job)

    draft.refresh_from_db()
    assert (draft.village, draft.requested_amount) == (villages[2], Decimal("4500.00"))
    assert draft.purpose == "ทุนเลี้ยง  ไก่ไข่"  # the key is not rewritten
    assert draft.version == 2  # a form opened before the import is refused
    record = draft.history.latest("history_date")
    assert (record.history_type, record.source) == ("~", SOURCE)
    assert Application.objects.filter(network=network).count() == 1


def test_it_never_changes_an_application_past_draft(alice, network, kind, people, programme):
    application = services.create_application(
        programme=programme,
        applicant=people[ID_1],
        kind=GrantKind.OCCUPATIONAL,
        purpose="ทุนเลี้ยงไก่ไข่",
        requested_amount=Decimal("3000"),
    )
    services.submit(application=application, actor=None)
    before = state(network)

    same = preview(alice, kind, csv_file(HEADERS, [row(national=ID_1, amount="3000")]))
    changed = preview(alice, kind, csv_file(HEADERS, [row(national=ID_1, amount="5000")]))

    assert (same.status, same.unchanged_rows, same.new_rows) == ("ready", 1, 0)
    assert changed.status == "invalid"
    ((column, message),) = errors_of(changed)[2]
    assert column == "" and "already “Submitted”" in message
    assert commit(alice, same).imported
    assert state(network) == before


def test_it_reports_the_same_application_twice_in_a_file_naming_the_first_row(
    alice, network, kind, people, programme
):
    rows = [row(national=ID_1), row(national=ID_2), row(national=ID_1, amount="999")]

    job = preview(alice, kind, csv_file(HEADERS, rows))

    ((column, message),) = errors_of(job)[4]
    assert column == "" and "row 2" in message
    assert state(network) == (0, 0)


# Headers and programmes


def test_it_accepts_english_headers_and_english_kinds(alice, network, kind, people, programme):
    rows = [row(national=ID_2, village="2", kind="occupational", amount="1000")]

    job = preview(alice, kind, csv_file(ENGLISH_HEADERS, rows))

    assert (job.status, job.new_rows) == ("ready", 1), job.preview
    commit(alice, job)
    assert Application.objects.get(network=network).kind == GrantKind.OCCUPATIONAL


def test_it_needs_the_year_only_when_programme_names_repeat(
    alice, network, kind, people, programme
):
    older = services.create_programme(
        network=network, name=FUND, year=2024, total_budget=Decimal("50000")
    )
    headers = [h for h in HEADERS if h != r.PROGRAMME_YEAR]

    def without_year(**kwargs):
        values = row(**kwargs)
        del values[1]
        return values

    ambiguous = preview(alice, kind, csv_file(headers, [without_year(national=ID_1)]))
    ((column, message),) = errors_of(ambiguous)[2]
    assert column == r.PROGRAMME and "2568, 2567" in message

    rows = [row(national=ID_1, year="2567"), row(national=ID_2, year="2025")]  # BE or CE
    commit(alice, preview(alice, kind, csv_file(HEADERS, rows)))
    by_applicant = {a.applicant.national_id: a.programme for a in Application.objects.all()}
    assert by_applicant == {ID_1: older, ID_2: programme}


def test_it_never_finds_programmes_or_people_of_another_network(
    alice, network, other_network, kind, people, programme
):
    services.create_programme(
        network=other_network, name="กองทุนของเขา", year=2025, total_budget=Decimal("1")
    )

    job = preview(alice, kind, csv_file(HEADERS, [row(programme="กองทุนของเขา")]))

    ((column, _message),) = errors_of(job)[2]
    assert column == r.PROGRAMME


# Exports


def approved_application(
    network, programme, person, *, purpose="ทุนเลี้ยงไก่ไข่", allocation=Decimal("10000")
):
    """3,000 baht asked, 2,500 approved (after giving the village an allocation, if asked)."""
    if allocation is not None:
        services.set_allocation(programme=programme, village=person.village, amount=allocation)
    application = services.create_application(
        programme=programme,
        applicant=person,
        kind=GrantKind.OCCUPATIONAL,
        purpose=purpose,
        requested_amount=Decimal("3000"),
    )
    services.submit(application=application, actor=None)
    services.start_review(application=application, actor=None)
    services.approve(application=application, amount=Decimal("2500"), actor=None)
    return application


def test_it_exports_applications_with_status_and_approved_amount(network, kind, people, programme):
    approved_application(network, programme, people[ID_1])
    services.create_application(
        programme=programme,
        applicant=people[ID_2],
        kind=GrantKind.EDUCATION,
        purpose="ค่าเทอม",
        requested_amount=Decimal("1200.50"),
    )

    sheet = openpyxl.load_workbook(io.BytesIO(export(kind, network, "xlsx"))).worksheets[0]

    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [
        *HEADERS[:3],
        "ชื่อผู้ยื่นคำขอ",
        *HEADERS[3:],
        "สถานะ",
        "จำนวนเงินที่อนุมัติ",
    ]
    by_id = {values[2]: values for values in rows[1:]}
    assert by_id[ID_1] == (
        FUND,
        2568,
        ID_1,
        people[ID_1].full_name,
        1,
        "Occupational start-up",
        "ทุนเลี้ยงไก่ไข่",
        3000,
        "Approved",
        2500,
    )
    assert by_id[ID_2][7] == 1200.5 and by_id[ID_2][8:] == ("Draft", None)


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_it_reimports_its_own_export_unchanged(
    alice, network, kind, people, programme, file_format
):
    approved_application(network, programme, people[ID_1], purpose="=ทุน+1")
    services.create_application(
        programme=programme,
        applicant=people[ID_2],
        kind=GrantKind.EDUCATION,
        purpose="ค่าเทอม",
        requested_amount=Decimal("1200.50"),
    )
    content = export(kind, network, file_format, alice.membership)
    before = state(network)

    job = preview(alice, kind, content, f"export.{file_format}")

    assert (job.status, job.unchanged_rows, job.total_rows) == ("ready", 2, 2), job.preview
    commit(alice, job)
    assert state(network) == before


def test_it_escapes_formulas_in_the_application_export(network, kind, people):
    formula = '=HYPERLINK("http://evil.example","click")'
    fund = services.create_programme(
        network=network, name=formula, year=2025, total_budget=Decimal("1000")
    )
    services.create_application(
        programme=fund,
        applicant=people[ID_1],
        kind=GrantKind.OTHER,
        purpose="+1+2",
        requested_amount=Decimal("10"),
    )

    sheet = openpyxl.load_workbook(io.BytesIO(export(kind, network, "xlsx"))).worksheets[0]
    (programme_cell, *_cells) = next(sheet.iter_rows(min_row=2))
    (values,) = list(csv.reader(io.StringIO(export(kind, network, "csv").decode("utf-8-sig"))))[1:]

    assert (programme_cell.value, programme_cell.data_type) == ("'" + formula, "s")
    assert sheet.cell(row=2, column=7).value == "'+1+2"
    assert (values[0], values[6]) == ("'" + formula, "'+1+2")


def test_it_masks_national_ids_for_members_who_cannot_edit_people(
    alice, member, network, kind, people, programme
):
    approved_application(network, programme, people[ID_3])
    bob = member(Role.VIEWER)

    full = list(csv.reader(io.StringIO(export(kind, network, "csv", alice.membership).decode())))
    masked = list(csv.reader(io.StringIO(export(kind, network, "csv", bob.membership).decode())))

    assert full[1][2] == ID_3
    assert masked[1][2] == f"x-xxxx-xxxxx-{ID_3[10:12]}-{ID_3[12]}"


def test_it_exports_only_the_networks_own_applications(network, other_network, kind, programme):
    theirs = services.create_programme(
        network=other_network, name="กองทุนของเขา", year=2025, total_budget=Decimal("1000")
    )
    services.create_application(
        programme=theirs,
        applicant=PersonFactory(network=other_network),
        kind=GrantKind.OTHER,
        purpose="ของเขา",
        requested_amount=Decimal("10"),
    )

    text = export(kind, network, "csv").decode("utf-8-sig")

    assert "ของเขา" not in text
    assert len(list(csv.reader(io.StringIO(text)))) == 1


# Through the pages


def test_it_imports_and_exports_through_the_pipeline_pages(
    alice, member, network, people, programme
):
    bob = member(Role.VIEWER)
    upload_url = reverse("imports:upload", args=[network.slug, "welfare-applications"])
    export_url = reverse("imports:export", args=[network.slug, "welfare-applications", "csv"])
    content = csv_file(HEADERS, [row(national=ID_1)])

    page = alice.get(upload_url)
    alice.post(upload_url, {"file": SimpleUploadedFile("a.csv", content)})
    job = ImportJob.objects.get(network=network)
    alice.post(reverse("imports:commit", args=[network.slug, job.pk]))

    assert page.status_code == 200
    assert all(header in page.text for header in HEADERS)
    assert Application.objects.get(network=network).status == ApplicationStatus.DRAFT
    assert bob.get(upload_url).status_code == 403
    assert bob.get(export_url).status_code == 200
    assert member(Role.PARTNER).get(export_url).status_code == 404


# Scale


def test_it_previews_with_a_constant_number_of_queries(network, kind, villages, programme):
    def people_and_rows(start: int, count: int) -> list[list[str]]:
        ids = [national_id(f"{300000000000 + n:012d}") for n in range(start, start + count)]
        Person.objects.bulk_create(
            Person(network=network, village=villages[1 + n % 2], first_name=f"คน{n}", national_id=i)
            for n, i in enumerate(ids)
        )
        return [row(national=i, village=str(1 + n % 2)) for n, i in enumerate(ids)]

    def queries(rows) -> tuple[int, list[str]]:
        resource = kind.resource(network=network)
        table = read_table(csv_file(HEADERS, rows), name="a.csv")
        with CaptureQueriesContext(connection) as context:
            _dataset, result = imports.run(resource, table, dry_run=True)
        assert not result.has_errors() and not result.has_validation_errors()
        return len(context), [query["sql"] for query in context.captured_queries]

    small_rows = people_and_rows(0, 20)
    # Some rows stand for existing drafts: matching them must not cost a query each.
    for values in small_rows[:5]:
        services.create_application(
            programme=programme,
            applicant=Person.objects.get(network=network, national_id=values[2]),
            kind=GrantKind.OCCUPATIONAL,
            purpose=values[5],
            requested_amount=Decimal("1"),
        )
    small, small_sql = queries(small_rows)
    large, large_sql = queries(small_rows + people_and_rows(20, 180))

    assert small == large, "\n".join(["20 rows:", *small_sql, "200 rows:", *large_sql])
    assert not Application.objects.filter(requested_amount=Decimal("3000")).exists()


# The village board


@pytest.fixture
def board(network, villages, people, programme):
    """Applications of every kind of standing in villages 1 and 2; none in village 3."""
    VillageFactory(network=network, number=3, name="บ้านว่าง")
    services.set_allocation(programme=programme, village=villages[1], amount=Decimal("10000"))
    services.set_allocation(programme=programme, village=villages[2], amount=Decimal("8000.50"))
    paid = approved_application(network, programme, people[ID_1], allocation=None)
    services.disburse(
        application=paid,
        amount=Decimal("1000.25"),
        date=dt.date(2025, 3, 1),
        method=DisbursementMethod.CASH,
        receipt_number="R-1",
        actor=None,
    )
    approved_application(network, programme, people[ID_2], purpose="ค่าเทอม", allocation=None)
    waiting = services.create_application(
        programme=programme,
        applicant=people[ID_3],
        kind=GrantKind.EDUCATION,
        purpose="ชุดนักเรียน",
        requested_amount=Decimal("700"),
    )
    services.submit(application=waiting, actor=None)
    services.create_application(  # a draft: not on the board's requested total
        programme=programme,
        applicant=people[ID_3],
        kind=GrantKind.EDUCATION,
        purpose="หนังสือ",
        requested_amount=Decimal("400"),
    )
    return programme


def test_it_writes_the_village_board_with_numbers_and_a_totals_row(board):
    workbook = openpyxl.load_workbook(io.BytesIO(exports.board_xlsx(board, lang="en")))

    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert sheet.title == f"{FUND} 2568"
    assert list(rows[0]) == [
        "Village No.",
        "Village",
        "Allocation (baht)",
        "Requested (baht)",
        "Approved (baht)",
        "Disbursed (baht)",
        "Remaining (baht)",
        "Awaiting review",
    ]
    expected = [
        [
            v.number,
            v.name,
            *(Decimal(getattr(v, name)) for name in exports.AMOUNTS),
            v.awaiting_review,
        ]
        for v in services.village_board(board)
    ]
    body, totals = rows[1:-1], rows[-1]
    assert [v.number for v in services.village_board(board)] == [1, 2, 3]
    for values, wanted in zip(body, expected, strict=True):
        assert values[:2] == tuple(wanted[:2])
        assert all(isinstance(value, int | float) for value in values[2:])
        assert [Decimal(str(value)) for value in values[2:]] == wanted[2:]
    assert [Decimal(str(value)) for value in body[0][2:]] == [
        Decimal("10000"),
        Decimal("3700"),
        Decimal("2500"),
        Decimal("1000.25"),
        Decimal("7500"),
        Decimal("1"),
    ]
    assert totals[:2] == (None, "Total")
    assert [Decimal(str(value)) for value in totals[2:]] == [
        sum((wanted[index] for wanted in expected), Decimal(0)) for index in range(2, 8)
    ]
    assert [Decimal(str(value)) for value in totals[2:]] == [
        Decimal("18000.50"),
        Decimal("6700"),
        Decimal("5000"),
        Decimal("1000.25"),
        Decimal("13000.50"),
        Decimal("1"),
    ]


def test_it_gives_board_rows_as_decimals(board):
    rows = exports.board_rows(board, lang="en")
    assert rows[0][:3] == [1, "บ้านหนองบัว", Decimal("10000.00")]
    assert all(isinstance(value, Decimal) for value in rows[-1][2:7])


def test_it_escapes_formulas_in_the_board(network, villages, programme):
    villages[2].name = '=HYPERLINK("http://evil.example","click")'
    villages[2].save()
    programme.name = "=กองทุน/ปี:2568*"
    programme.save()

    sheet = openpyxl.load_workbook(io.BytesIO(exports.board_xlsx(programme))).worksheets[0]

    cell = sheet.cell(row=3, column=2)
    assert (cell.value, cell.data_type) == ("'" + villages[2].name, "s")
    assert sheet.title == "=กองทุน ปี 2568 2568"  # Excel refuses / : * in a sheet's name


def test_it_fits_a_long_programme_name_into_a_sheet_name(network, villages):
    programme = services.create_programme(
        network=network, name="ก" * 60, year=2025, total_budget=Decimal("1")
    )
    title = exports.board_title(programme)
    assert len(title) == 31 and title.endswith("… 2568")
    assert openpyxl.load_workbook(io.BytesIO(exports.board_xlsx(programme))).worksheets[0].title


def test_it_names_the_board_file_in_ascii(network, programme):
    english = services.create_programme(
        network=network, name='Youth "fund" / 2568', year=2025, total_budget=Decimal("1")
    )
    assert exports.board_filename(programme) == f"welfare-board-2568-{programme.pk}.xlsx"
    assert (
        exports.board_filename(english) == f"welfare-board-2568-{english.pk}-youth-fund-2568.xlsx"
    )
    assert exports.board_filename(english).isascii()
