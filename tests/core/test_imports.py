"""The import/export pipeline through its pages: upload, preview, confirm, export.

Alice is a secretary of network A (she may import), Bob a viewer of A, Charlie a
member of network B only. Files are built here with csv, zipfile and openpyxl,
not with the code under test.
"""

import csv
import datetime as dt
import io
import os
import re
import struct
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from core.models import ImportJob
from core.roles import Role
from network import resources
from network.models import (
    Household,
    Partner,
    PartnerStatus,
    PartnerStatusChange,
    Person,
    Village,
)
from tests.factories import (
    MembershipFactory,
    PartnerFactory,
    PersonFactory,
    VillageFactory,
    national_id,
)

PEOPLE_HEADERS = [
    "คำนำหน้า",
    "ชื่อ",
    "นามสกุล",
    "เลขประจำตัวประชาชน",
    "วันเกิด",
    "หมู่ที่",
    "บ้านเลขที่",
    "โทรศัพท์",
    "วันที่ขึ้นทะเบียน",
]
ID_1 = national_id("310060044593")
ID_2 = national_id("110170020345")
ID_3 = national_id("350990012345")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def alice(member):
    return member(Role.SECRETARY)


@pytest.fixture
def village(network):
    return VillageFactory(network=network, number=1, name="บ้านหนองบัว")


def csv_file(headers, rows, *, encoding="utf-8-sig") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_file(headers, rows) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def person_row(first_name, *, national="", born="", village="1", house="", phone=""):
    return ["นาย", first_name, "ใจดี", national, born, village, house, phone]


def upload_url(network, kind):
    return reverse("imports:upload", args=[network.slug, kind])


def upload(client, network, kind, name, content, **extra):
    return client.post(
        upload_url(network, kind), {"file": SimpleUploadedFile(name, content)}, **extra
    )


def last_job(network):
    return ImportJob.objects.filter(network=network).latest("pk")


def commit(client, job):
    return client.post(reverse("imports:commit", args=[job.network.slug, job.pk]))


def state(network):
    """Every row count an import might change, history tables included."""
    models = [Village, Household, Person, Partner]
    counts = {model.__name__: model.objects.filter(network=network).count() for model in models}
    counts.update(
        {
            f"{model.__name__} history": model.history.filter(network=network).count()
            for model in models
        }
    )
    counts["status changes"] = PartnerStatusChange.objects.filter(network=network).count()
    return counts


def page_errors(response) -> str:
    """The text of the form's error messages."""
    lists = re.findall(r'<ul class="errorlist"[^>]*>(.*?)</ul>', response.text, re.S)
    return " ".join(text for found in lists for text in re.findall(r"<li>(.*?)</li>", found))


# The upload page and templates


def test_it_shows_the_upload_page_with_thai_columns_and_template_links(alice, network):
    response = alice.get(upload_url(network, "people"))

    assert response.status_code == 200
    for column in PEOPLE_HEADERS:
        assert column in response.text
    assert reverse("imports:template", args=[network.slug, "people", "xlsx"]) in response.text
    assert reverse("imports:template", args=[network.slug, "people", "csv"]) in response.text


def test_it_links_import_and_export_from_the_list_pages(alice, member, network):
    bob = member(Role.VIEWER)
    for kind, url_name in [
        ("people", "network:person_list"),
        ("villages", "network:village_list"),
        ("partners", "network:partner_list"),
    ]:
        list_url = reverse(url_name, args=[network.slug])
        import_url = upload_url(network, kind)
        export_url = reverse("imports:export", args=[network.slug, kind, "xlsx"])
        assert import_url in alice.get(list_url).text
        assert export_url in alice.get(list_url).text
        assert import_url not in bob.get(list_url).text
        assert export_url in bob.get(list_url).text


def test_it_downloads_templates_with_thai_headers_and_an_example_row(alice, network):
    response = alice.get(reverse("imports:template", args=[network.slug, "people", "xlsx"]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == PEOPLE_HEADERS
    assert rows[1][1] == "สมชาย"
    assert sheet["D2"].number_format == "@"  # the ID stays text in Excel…
    assert sheet.column_dimensions["D"].number_format == "@"  # …in the rows typed below too

    response = alice.get(reverse("imports:template", args=[network.slug, "villages", "csv"]))
    assert response.content.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads it as UTF-8
    header, example = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header == ["หมู่ที่", "ชื่อหมู่บ้าน"]
    assert example == ["1", "บ้านตัวอย่าง"]


def test_it_refuses_imports_to_members_without_the_edit_permission(member, network, village):
    bob = member(Role.VIEWER)
    job = ImportJob.objects.create(
        network=network, kind="people", original_name="p.csv", file_format="csv"
    )

    assert bob.get(upload_url(network, "people")).status_code == 403
    assert (
        bob.get(reverse("imports:template", args=[network.slug, "people", "csv"])).status_code
        == 403
    )
    assert bob.get(reverse("imports:job", args=[network.slug, job.pk])).status_code == 403
    assert commit(bob, job).status_code == 403
    response = upload(bob, network, "people", "p.csv", csv_file(PEOPLE_HEADERS, [person_row("ก")]))
    assert response.status_code == 403
    assert ImportJob.objects.count() == 1


def test_it_lets_a_coordinator_import_people_but_not_partners(member, network):
    carol = member(Role.COORDINATOR)
    assert carol.get(upload_url(network, "people")).status_code == 200
    assert carol.get(upload_url(network, "partners")).status_code == 403


def test_it_answers_404_for_an_unknown_kind(alice, network):
    assert alice.get(upload_url(network, "spaceships")).status_code == 404
    assert (
        alice.get(reverse("imports:export", args=[network.slug, "spaceships", "csv"])).status_code
        == 404
    )


# Preview


def test_it_previews_without_writing_anything(alice, network, village):
    PersonFactory(network=network, village=village, national_id=ID_1, first_name="เดิม")
    before = state(network)
    rows = [
        person_row("สมชาย", national=ID_1, house="12/3"),  # an update
        person_row("สมหญิง", house="12/3", born="9/10/2550"),
        person_row("มาลี", born="31/2/2550"),  # a date that does not exist
    ]

    response = upload(alice, network, "people", "people.csv", csv_file(PEOPLE_HEADERS, rows))

    job = last_job(network)
    assert response.status_code == 302
    assert response["Location"] == reverse("imports:job", args=[network.slug, job.pk])
    assert state(network) == before
    assert (job.total_rows, job.new_rows, job.updated_rows, job.error_rows) == (3, 1, 1, 1)
    assert job.status == ImportJob.Status.INVALID
    assert job.uploaded_by == alice.user
    assert job.file.name.startswith(f"imports/{network.pk}/")


def test_it_lists_every_row_with_errors_with_its_values_and_messages(alice, network, village):
    rows = [person_row(f"คนที่{n}") for n in range(60)]
    rows[3] = person_row("วันผิด", born="32/13/2550")
    rows[10] = person_row("หมู่ผิด", village="9")
    rows[59] = person_row("", national="1234")  # no first name, a short ID

    upload(alice, network, "people", "people.csv", csv_file(PEOPLE_HEADERS, rows))

    job = last_job(network)
    assert job.error_rows == 3
    page = alice.get(reverse("imports:job", args=[network.slug, job.pk])).text
    for line in (5, 12, 61):  # spreadsheet rows: the header is row 1
        assert f"แถวที่ {line}" in page
    assert "วันผิด" in page and "32/13/2550" in page
    assert "ไม่มีวันที่นี้ในปฏิทิน" in page or "ระบุวันที่" in page
    assert "9" in page and "หมู่ผิด" in page
    assert "เลขประจำตัวประชาชนต้องมี 13 หลัก" in page
    assert reverse("imports:commit", args=[network.slug, job.pk]) not in page


def test_it_pages_long_error_lists_and_answers_htmx_with_the_fragment(alice, network, village):
    rows = [person_row(f"คนที่{n}", village="9") for n in range(120)]
    upload(alice, network, "people", "people.csv", csv_file(PEOPLE_HEADERS, rows))
    job = last_job(network)
    url = reverse("imports:job", args=[network.slug, job.pk])

    first = alice.get(url).text
    third = alice.get(url, {"page": 3}, headers={"HX-Request": "true", "HX-Target": "results"})

    assert "แถวที่ 2<" in first and "แถวที่ 52<" not in first
    assert "แถวที่ 121<" in third.text
    assert "<html" not in third.text


# Confirm


def test_it_imports_every_row_on_confirm_with_audit_history(alice, network, village):
    rows = [
        person_row("สมชาย", national=ID_1, house="12/3", born="9/10/2510", phone="812345678"),
        person_row("สมหญิง", house="12/3"),
        person_row("มาลี", national=ID_2, house="5"),
    ]
    upload(alice, network, "people", "people.xlsx", xlsx_file(PEOPLE_HEADERS, rows))
    job = last_job(network)
    assert job.status == ImportJob.Status.READY

    response = commit(alice, job)

    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.IMPORTED
    assert job.imported_by == alice.user
    people = {p.first_name: p for p in Person.objects.filter(network=network)}
    assert set(people) == {"สมชาย", "สมหญิง", "มาลี"}
    assert people["สมชาย"].birth_date == dt.date(1967, 10, 9)
    assert people["สมชาย"].phone == "0812345678"  # the 0 Excel drops is put back
    assert people["สมชาย"].household == people["สมหญิง"].household
    assert Household.objects.filter(network=network).count() == 2
    for person in people.values():
        (record,) = person.history.all()
        assert record.source == "import:people"
        assert record.history_user == alice.user
        assert record.history_type == "+"
    for household in Household.objects.filter(network=network):
        assert household.history.get().source == "import:people"
    page = alice.get(reverse("imports:job", args=[network.slug, job.pk])).text
    assert reverse("network:person_list", args=[network.slug]) in page


def test_it_refuses_to_confirm_a_file_with_errors(alice, network, village):
    rows = [person_row("สมชาย"), person_row("สมหญิง"), person_row("มาลี", village="9")]
    upload(alice, network, "people", "people.csv", csv_file(PEOPLE_HEADERS, rows))
    job = last_job(network)
    before = state(network)

    commit(alice, job)

    assert state(network) == before
    job.refresh_from_db()
    assert job.status == ImportJob.Status.INVALID


def test_it_writes_nothing_if_a_row_fails_at_confirm(alice, network, village, monkeypatch):
    other = VillageFactory(network=network, number=2)
    rows = [person_row(f"คนที่{n}", house=str(n)) for n in range(5)]
    rows.append(person_row("คนหมู่สอง", village="2"))
    upload(alice, network, "people", "people.csv", csv_file(PEOPLE_HEADERS, rows))
    job = last_job(network)
    assert job.status == ImportJob.Status.READY
    # Between preview and confirm, someone removes village 2: its row now fails.
    other.delete()
    before = state(network)
    # Small batches, so that rows before the bad one are written before it is read.
    monkeypatch.setattr(resources.PersonResource._meta, "batch_size", 2)

    response = commit(alice, job)

    assert state(network) == before
    job.refresh_from_db()
    assert job.status == ImportJob.Status.INVALID
    assert job.error_rows == 1
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("ไม่ได้นำเข้า" in m for m in messages), messages


def test_it_imports_a_job_only_once(alice, network, village):
    upload(alice, network, "people", "p.csv", csv_file(PEOPLE_HEADERS, [person_row("สมชาย")]))
    job = last_job(network)
    commit(alice, job)
    after_first = state(network)

    response = commit(alice, job)

    assert response.status_code == 302
    assert state(network) == after_first
    assert Person.objects.filter(network=network).count() == 1


def test_it_discards_a_job_and_deletes_its_file(alice, network, village):
    upload(alice, network, "people", "p.csv", csv_file(PEOPLE_HEADERS, [person_row("สมชาย")]))
    job = last_job(network)
    path = job.file.path

    response = alice.post(reverse("imports:discard", args=[network.slug, job.pk]))

    assert response["Location"] == upload_url(network, "people")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DISCARDED
    assert not job.file
    assert not os.path.exists(path)
    assert commit(alice, job).status_code == 302
    assert not Person.objects.filter(network=network).exists()


def test_it_checks_csrf_on_uploads(network, village):
    alice = Client(enforce_csrf_checks=True)
    alice.force_login(MembershipFactory(network=network, role=Role.SECRETARY).user)
    content = csv_file(PEOPLE_HEADERS, [person_row("สมชาย")])

    response = upload(alice, network, "people", "p.csv", content)

    assert response.status_code == 403
    assert not ImportJob.objects.exists()


# Malformed and hostile files: a clear message, and nothing changed


def assert_refused(client, network, kind, name, content, message):
    before = state(network)
    response = upload(client, network, kind, name, content)
    assert response.status_code == 200
    assert message in response.text, page_errors(response)
    assert not ImportJob.objects.filter(network=network).exists()
    assert state(network) == before
    return response


def test_it_names_missing_and_unknown_headers(alice, network):
    content = csv_file(["เลขหมู่", "ชื่อหมู่บ้าน", "สี"], [["1", "บ้านหนองบัว", "แดง"]])
    response = assert_refused(alice, network, "villages", "v.csv", content, "หมู่ที่")
    errors = page_errors(response)
    assert "เลขหมู่" in errors and "สี" in errors and "หมู่ที่" in errors


def test_it_accepts_english_field_names_as_headers(alice, network):
    upload(alice, network, "villages", "v.csv", csv_file(["number", "Name"], [["4", "บ้านสี่"]]))
    job = last_job(network)
    assert job.status == ImportJob.Status.READY
    commit(alice, job)
    assert Village.objects.get(network=network, number=4).name == "บ้านสี่"


def test_it_reports_a_bad_date_as_a_row_error(alice, network, village):
    rows = [person_row("สมชาย", born="วันจันทร์")]
    upload(alice, network, "people", "p.csv", csv_file(PEOPLE_HEADERS, rows))
    job = last_job(network)
    assert job.status == ImportJob.Status.INVALID
    ((column, message),) = job.preview["errors"][0]["messages"]
    assert column == "วันเกิด"
    assert "9/10/2550" in message


@pytest.mark.parametrize(
    "born", ["9/10/2550", "09-10-2550", "2550-10-09", "9 ต.ค. 2550", "9/10/2007", "2007-10-09"]
)
def test_it_accepts_buddhist_era_years_and_stores_them_as_ce(alice, network, village, born):
    upload(
        alice, network, "people", "p.csv", csv_file(PEOPLE_HEADERS, [person_row("ก", born=born)])
    )
    commit(alice, last_job(network))
    assert Person.objects.get(network=network).birth_date == dt.date(2007, 10, 9)


def test_it_reads_excel_date_cells(alice, network, village):
    row = person_row("ก")
    row[4] = dt.datetime(2007, 10, 9)
    upload(alice, network, "people", "p.xlsx", xlsx_file(PEOPLE_HEADERS, [row]))
    commit(alice, last_job(network))
    assert Person.objects.get(network=network).birth_date == dt.date(2007, 10, 9)


def test_it_reports_duplicate_village_numbers_naming_the_other_row(alice, network):
    rows = [["1", "บ้านหนึ่ง"], ["2", "บ้านสอง"], ["หมู่ 1", "บ้านหนึ่งซ้ำ"]]
    upload(alice, network, "villages", "v.csv", csv_file(["หมู่ที่", "ชื่อหมู่บ้าน"], rows))
    job = last_job(network)

    assert job.status == ImportJob.Status.INVALID
    (error,) = job.preview["errors"]
    assert error["line"] == 4
    ((column, message),) = error["messages"]
    assert column == "หมู่ที่"
    assert "แถวที่ 2" in message
    assert not Village.objects.filter(network=network).exists()


def test_it_reports_duplicate_national_ids_in_one_file(alice, network, village):
    dashed = f"{ID_1[0]}-{ID_1[1:5]}-{ID_1[5:10]}-{ID_1[10:12]}-{ID_1[12]}"
    rows = [person_row("ก", national=ID_1), person_row("ข", national=dashed)]
    upload(alice, network, "people", "p.csv", csv_file(PEOPLE_HEADERS, rows))
    (error,) = last_job(network).preview["errors"]
    assert error["line"] == 3


def test_it_flags_the_templates_example_row_left_in(alice, network, village):
    template = alice.get(reverse("imports:template", args=[network.slug, "people", "csv"]))
    content = template.content + "นาย,สมศรี,ใจดี,,,1,,\r\n".encode()
    upload(alice, network, "people", "p.csv", content)
    job = last_job(network)
    (error,) = job.preview["errors"]
    assert error["line"] == 2
    assert "ตัวอย่าง" in error["messages"][0][1]


def test_it_refuses_a_text_file_renamed_xlsx(alice, network):
    content = csv_file(["หมู่ที่", "ชื่อหมู่บ้าน"], [["1", "บ้านหนึ่ง"]])
    assert_refused(alice, network, "villages", "villages.xlsx", content, "ไม่ใช่ไฟล์ Excel")


def test_it_refuses_an_old_excel_file(alice, network):
    content = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000
    assert_refused(alice, network, "villages", "villages.xlsx", content, ".xls")


def test_it_refuses_a_zip_that_is_not_a_workbook(alice, network):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hello")
    assert_refused(alice, network, "villages", "v.xlsx", buffer.getvalue(), "ไม่ใช่สมุดงาน Excel")


def zip_bomb(megabytes: int) -> bytes:
    """A workbook-shaped zip whose sheet expands from a few hundred KB to ``megabytes`` MB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            chunk = b" " * 2**20
            for _ in range(megabytes):
                sheet.write(chunk)
    return buffer.getvalue()


def test_it_refuses_an_xlsx_zip_bomb(alice, network):
    content = zip_bomb(300)
    assert len(content) < 2**20
    assert_refused(alice, network, "villages", "bomb.xlsx", content, "100.0\xa0MB")


def test_it_refuses_a_zip_whose_directory_claims_hundreds_of_megabytes(alice, network):
    content = bytearray(xlsx_file(["หมู่ที่", "ชื่อหมู่บ้าน"], [["1", "บ้านหนึ่ง"]]))
    claimed = 500 * 2**20
    start = content.find(b"PK\x01\x02")
    while start != -1:  # each central directory entry: uncompressed size at +24
        content[start + 24 : start + 28] = struct.pack("<I", claimed)
        start = content.find(b"PK\x01\x02", start + 4)
    assert_refused(alice, network, "villages", "v.xlsx", bytes(content), "100.0\xa0MB")


def test_it_refuses_a_zip_that_hides_its_real_size(alice, network):
    content = bytearray(zip_bomb(150))
    start = content.find(b"PK\x01\x02")
    while start != -1:  # claim 1 KB for every member, in both headers
        content[start + 24 : start + 28] = struct.pack("<I", 1024)
        local = struct.unpack("<I", content[start + 42 : start + 46])[0]
        content[local + 22 : local + 26] = struct.pack("<I", 1024)
        start = content.find(b"PK\x01\x02", start + 4)
    assert_refused(alice, network, "villages", "v.xlsx", bytes(content), "เสียหาย")


def test_it_refuses_a_file_over_the_size_limit(alice, network, settings):
    settings.IMPORT_MAX_FILE_BYTES = 1000
    rows = [[str(n), f"บ้านที่ {n}"] for n in range(1, 60)]
    content = csv_file(["หมู่ที่", "ชื่อหมู่บ้าน"], rows)
    assert 1000 < len(content) < 64 * 1024
    assert_refused(alice, network, "villages", "v.csv", content, "1000\xa0ไบต์")


def test_it_refuses_a_request_body_over_the_size_limit_before_reading_it(alice, network, settings):
    settings.IMPORT_MAX_FILE_BYTES = 1000
    content = b"x" * (200 * 1024)
    response = assert_refused(alice, network, "villages", "v.csv", content, "ขนาดเกิน")
    assert response.status_code == 200


def test_it_refuses_too_many_rows(alice, network, settings):
    settings.IMPORT_MAX_ROWS = 5
    rows = [[str(n), f"บ้านที่ {n}"] for n in range(1, 7)]
    assert_refused(alice, network, "villages", "v.csv", csv_file(["หมู่ที่", "ชื่อหมู่บ้าน"], rows), "5 แถว")


def test_it_refuses_an_empty_file_and_a_header_without_rows(alice, network):
    assert_refused(alice, network, "villages", "v.csv", b"\n\n", "ไฟล์ว่าง")
    content = csv_file(["หมู่ที่", "ชื่อหมู่บ้าน"], [])
    assert_refused(alice, network, "villages", "v.csv", content, "ไม่มีข้อมูล")


def test_it_refuses_binary_content_named_csv(alice, network):
    assert_refused(alice, network, "villages", "v.csv", b"\x89PNG\r\n\x1a\n\x00\x00", "CSV UTF-8")


def test_it_reads_a_csv_saved_by_thai_windows(alice, network):
    content = csv_file(["หมู่ที่", "ชื่อหมู่บ้าน"], [["3", "บ้านหนองบัว"]], encoding="cp874")
    upload(alice, network, "villages", "v.csv", content)
    commit(alice, last_job(network))
    assert Village.objects.get(network=network, number=3).name == "บ้านหนองบัว"


# Villages and partners


def test_it_renames_an_existing_village_and_records_the_change(alice, network, village):
    upload(alice, network, "villages", "v.csv", csv_file(["หมู่ที่", "ชื่อหมู่บ้าน"], [["1", "บ้านใหม่"]]))
    job = last_job(network)
    assert (job.new_rows, job.updated_rows) == (0, 1)
    commit(alice, job)
    village.refresh_from_db()
    assert village.name == "บ้านใหม่"
    record = village.history.latest("history_date")
    assert (record.history_type, record.source, record.history_user) == (
        "~",
        "import:villages",
        alice.user,
    )


def test_it_proposes_imported_partners_with_their_first_vetting_step(alice, network):
    PartnerFactory(network=network, name="กระทรวงสาธารณสุข", status=PartnerStatus.ACTIVE)
    headers = ["ชื่อภาคี", "ประเภท", "สังกัด"]
    rows = [
        ["สำนักงานสาธารณสุขจังหวัด", "หน่วยงานราชการ", "กระทรวงสาธารณสุข"],
        ["โรงพยาบาลส่งเสริมสุขภาพตำบล", "health", "สำนักงานสาธารณสุขจังหวัด"],
        ["กระทรวงสาธารณสุข", "Government agency", ""],  # an existing one: updated
    ]
    upload(alice, network, "partners", "p.xlsx", xlsx_file(headers, rows))
    job = last_job(network)
    assert job.status == ImportJob.Status.READY, job.preview
    commit(alice, job)

    office = Partner.objects.get(network=network, name="สำนักงานสาธารณสุขจังหวัด")
    station = Partner.objects.get(network=network, name="โรงพยาบาลส่งเสริมสุขภาพตำบล")
    ministry = Partner.objects.get(network=network, name="กระทรวงสาธารณสุข")
    assert station.parent == office and office.parent == ministry
    assert (office.status, office.status_changed_by) == (PartnerStatus.PROPOSED, alice.user)
    assert ministry.status == PartnerStatus.ACTIVE  # an import never changes a status
    (step,) = office.status_changes.all()
    assert (step.from_status, step.to_status, step.changed_by) == ("", "proposed", alice.user)
    assert not ministry.status_changes.exists()


def test_it_refuses_a_parent_partner_that_is_not_there(alice, network):
    rows = [["ภาคีลูก", "ngo", "ภาคีที่ไม่มี"]]
    upload(alice, network, "partners", "p.csv", csv_file(["ชื่อภาคี", "ประเภท", "สังกัด"], rows))
    ((column, message),) = last_job(network).preview["errors"][0]["messages"]
    assert column == "สังกัด" and "ภาคีที่ไม่มี" in message


# Exports


FORMULAS = [
    '=HYPERLINK("http://evil.example","click")',
    "+1+2",
    "-3+4",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
]


def test_it_escapes_formula_cells_in_csv_exports(member, network):
    bob = member(Role.VIEWER)
    for name in FORMULAS:
        PartnerFactory(network=network, name=name, contact_name="=cmd|' /C calc'!A0")

    response = bob.get(reverse("imports:export", args=[network.slug, "partners", "csv"]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "ชื่อภาคี"
    names = [row[0] for row in rows[1:]]
    assert sorted(names) == sorted("'" + name for name in FORMULAS)
    assert all(row[4] == "'=cmd|' /C calc'!A0" for row in rows[1:])


def test_it_escapes_formula_cells_in_xlsx_exports(member, network):
    bob = member(Role.VIEWER)
    for name in FORMULAS:
        PartnerFactory(network=network, name=name)

    response = bob.get(reverse("imports:export", args=[network.slug, "partners", "xlsx"]))

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    # (XML reads a carriage return back as a line feed.)
    expected = ["'" + name.replace("\r", "\n") for name in FORMULAS]
    assert sorted(cell.value for cell in cells) == sorted(expected)
    assert {cell.data_type for cell in cells} == {"s"}  # text, never a formula


def test_it_reimports_its_own_export_unchanged(alice, network, village):
    household = Household.objects.create(network=network, village=village, house_number="12/3")
    PersonFactory(
        network=network,
        village=village,
        household=household,
        national_id=ID_1,
        birth_date=dt.date(1967, 10, 9),
        phone="+66812345678",
        last_name="=ใจดี",
    )
    PartnerFactory(network=network, name="@ภาคี")
    for kind in ("people", "villages", "partners"):
        for file_format in ("xlsx", "csv"):
            exported = alice.get(reverse("imports:export", args=[network.slug, kind, file_format]))
            before = state(network)
            upload(alice, network, kind, f"export.{file_format}", exported.content)
            job = last_job(network)
            assert (job.status, job.unchanged_rows, job.total_rows) == ("ready", 1, 1), job.preview
            commit(alice, job)
            assert state(network) == before


def test_it_masks_national_ids_in_exports_for_members_who_cannot_edit_people(
    alice, member, network, village
):
    PersonFactory(network=network, village=village, national_id=ID_3)
    bob = member(Role.VIEWER)
    url = reverse("imports:export", args=[network.slug, "people", "csv"])

    full = list(csv.reader(io.StringIO(alice.get(url).content.decode("utf-8-sig"))))
    masked = list(csv.reader(io.StringIO(bob.get(url).content.decode("utf-8-sig"))))

    assert full[1][3] == ID_3
    assert masked[1][3] == f"x-xxxx-xxxxx-{ID_3[10:12]}-{ID_3[12]}"


def test_it_exports_only_the_networks_own_rows(member, network, other_network):
    VillageFactory(network=network, number=1, name="บ้านของเรา")
    VillageFactory(network=other_network, number=1, name="บ้านของเขา")
    viewer = member(Role.VIEWER)

    response = viewer.get(reverse("imports:export", args=[network.slug, "villages", "csv"]))

    assert "บ้านของเรา" in response.content.decode("utf-8-sig")
    assert "บ้านของเขา" not in response.content.decode("utf-8-sig")
    # A partner reads shared reports only: no export exists for them.
    partner = member(Role.PARTNER)
    for kind in ("villages", "people"):
        url = reverse("imports:export", args=[network.slug, kind, "csv"])
        assert partner.get(url).status_code == 404


# Tenancy


def test_it_answers_404_for_a_job_of_another_network(
    alice, member, network, other_network, village
):
    upload(alice, network, "people", "p.csv", csv_file(PEOPLE_HEADERS, [person_row("สมชาย")]))
    job = last_job(network)
    charlie = member(Role.ADMIN, network=other_network)

    for slug in (network.slug, other_network.slug):
        assert charlie.get(reverse("imports:job", args=[slug, job.pk])).status_code == 404
        assert charlie.post(reverse("imports:commit", args=[slug, job.pk])).status_code == 404
        assert charlie.post(reverse("imports:discard", args=[slug, job.pk])).status_code == 404
    job.refresh_from_db()
    assert job.status == ImportJob.Status.READY
    assert not Person.objects.exists()


def test_it_never_matches_rows_of_another_network(alice, network, other_network):
    VillageFactory(network=other_network, number=5, name="บ้านของเขา")
    PersonFactory(network=other_network, national_id=ID_1, first_name="ของเขา")
    VillageFactory(network=network, number=1)
    rows = [person_row("ของเรา", national=ID_1), person_row("ผิดหมู่", village="5")]

    upload(alice, network, "people", "p.csv", csv_file(PEOPLE_HEADERS, rows))

    job = last_job(network)
    assert (job.new_rows, job.updated_rows, job.error_rows) == (1, 0, 1)


# Scale


def test_it_imports_ten_thousand_people(alice, network, village):
    VillageFactory(network=network, number=2)
    rows = [
        person_row(
            f"คนที่{n:05d}",
            national=national_id(f"{100000000000 + n * 7919:012d}"),
            born="9/10/2550",
            village=str(1 + n % 2),
            house=f"{n // 4}/1",
            phone="0812345678",
        )
        for n in range(10_000)
    ]
    upload(alice, network, "people", "big.csv", csv_file(PEOPLE_HEADERS, rows))
    job = last_job(network)
    assert (job.status, job.new_rows) == ("ready", 10_000), job.preview["errors"][:3]

    commit(alice, job)

    job.refresh_from_db()
    assert job.status == ImportJob.Status.IMPORTED
    assert Person.objects.filter(network=network).count() == 10_000
    assert Person.history.filter(network=network, source="import:people").count() == 10_000
    assert Household.objects.filter(network=network).count() == 5_000
