"""The minutes as a PDF in the Thai standard form (รายงานการประชุม), through the page.

A meeting is built through the services as a secretary would run it, then its
PDF is fetched from the meeting's URL. Text read back with pdftotext is compared
after ``normalise`` (Thai marks removed, ำ read as า: the PDF text layer is
lossy, PLATFORM.md); the rendered HTML is checked for the exact Thai strings.
Tests that need poppler-utils skip without it, except under CI, where they fail.
"""

import datetime as dt
import re
import time

import pytest
from django.urls import reverse
from django.utils import translation

from core.pdf import render_pdf_html
from core.roles import Role
from network.minutes import TEMPLATE, minutes_context, minutes_filename, minutes_pdf
from network.models import Attendance, AttendanceKind, Meeting, MeetingStatus, Title
from network.services.meetings import (
    add_action,
    add_agenda_item,
    add_resolution,
    adopt_previous_minutes,
    amend,
    change_meeting_status,
    create_meeting,
    save_text,
)
from tests.factories import PartnerFactory, PersonFactory, UserFactory, VillageFactory
from tests.pdf_tools import normalise, run_poppler, run_tool

OCT_9_2007 = dt.date(2007, 10, 9)
NOV_13_2007 = dt.date(2007, 11, 13)

HEADINGS = [
    "รายงานการประชุม",
    "ผู้มาประชุม",
    "ผู้ไม่มาประชุม",
    "ผู้เข้าร่วมประชุม",
    "เริ่มประชุมเวลา",
    "ระเบียบวาระที่ 1 เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ",
    "ระเบียบวาระที่ 2 รับรองรายงานการประชุมครั้งที่แล้ว",
    "ระเบียบวาระที่ 3 เรื่องสืบเนื่อง",
    "ระเบียบวาระที่ 4 เรื่องเพื่อพิจารณา",
    "ระเบียบวาระที่ 5 เรื่องอื่น ๆ",
    "มติ",
    "เลิกประชุมเวลา",
    "ผู้จดรายงานการประชุม",
    "ผู้ตรวจรายงานการประชุม",
]

FACTS = [
    "เครือข่ายตำบลหนองบัว",
    "การประชุมครั้งที่ 10/2550",
    "เมื่อวันที่ 9 ตุลาคม 2550",
    "ณ ศาลาประชาคมบ้านหนองบัว",
    "เริ่มประชุมเวลา 09.30 น.",
    "เลิกประชุมเวลา 12.15 น.",
    # Present, absent with the reason, the partner's representative, the observer.
    "นายสมชาย ใจดี",
    "นางบุญมี ขาดประชุม",
    "ติดภารกิจราชการ",
    "นางสาวมาลี ศรีสุข",
    "องค์การบริหารส่วนตำบลหนองบัว",
    "นายสมปอง มาดู",
    # The agenda: titles, discussion, resolutions, actions with their due dates.
    "แจ้งกำหนดการอบรมอาสาสมัคร",
    "ประธานแจ้งว่าจะจัดอบรมอาสาสมัครในเดือนหน้า",
    "ติดตามการจัดซื้อเมล็ดพันธุ์",
    "พิจารณาซ่อมแซมฝายน้ำล้น",
    "ที่ประชุมหารือเรื่องงบประมาณซ่อมฝาย",
    "ที่ประชุมมีมติเห็นชอบให้ซ่อมฝาย",
    "สำรวจฝายและประมาณราคา",
    "31 ตุลาคม 2550",
    # Who signs.
    "นางสาวสมศรี รักงาน",
    "นายมานพ ตรวจดี",
]


@pytest.fixture
def minutes(network) -> Meeting:
    """Meeting 10/2550 of 9 October 2007, held and closed: drafted minutes."""
    first = VillageFactory(network=network, name="บ้านหนองบัว")
    second = VillageFactory(network=network, name="บ้านโนนสว่าง")
    partner = PartnerFactory(network=network, name="องค์การบริหารส่วนตำบลหนองบัว")
    chair = PersonFactory(network=network, village=first, first_name="สมชาย", last_name="ใจดี")
    absent = PersonFactory(
        network=network, village=second, title=Title.MRS, first_name="บุญมี", last_name="ขาดประชุม"
    )
    minute_taker = PersonFactory(
        network=network,
        village=first,
        title=Title.MISS,
        first_name="สมศรี",
        last_name="รักงาน",
    )
    checker = PersonFactory(network=network, village=second, first_name="มานพ", last_name="ตรวจดี")
    meeting = create_meeting(
        network=network,
        date=OCT_9_2007,
        number=10,
        place="ศาลาประชาคมบ้านหนองบัว",
        start_time=dt.time(9, 30),
        end_time=dt.time(12, 15),
        chair=chair,
        minute_taker=minute_taker,
        checker=checker,
    )
    rows = [
        {"kind": AttendanceKind.VILLAGE_REP, "person": chair, "village": first},
        {"kind": AttendanceKind.VILLAGE_REP, "person": minute_taker, "village": first},
        {
            "kind": AttendanceKind.VILLAGE_REP,
            "person": absent,
            "village": second,
            "present": False,
            "absence_reason": "ติดภารกิจราชการ",
        },
        {"kind": AttendanceKind.PARTNER_REP, "name": "นางสาวมาลี ศรีสุข", "partner": partner},
        {"kind": AttendanceKind.OBSERVER, "name": "นายสมปอง มาดู"},
    ]
    for row in rows:
        Attendance.objects.create(network=network, meeting=meeting, **row)
    meeting = change_meeting_status(meeting=meeting, to_status=MeetingStatus.IN_SESSION)

    announcement = add_agenda_item(meeting=meeting, section=1, title="แจ้งกำหนดการอบรมอาสาสมัคร")
    save_text(
        obj=announcement,
        field="discussion",
        text="ประธานแจ้งว่าจะจัดอบรมอาสาสมัครในเดือนหน้า",
        base_version=1,
    )
    add_resolution(item=announcement, text="ที่ประชุมรับทราบ")

    arising = add_agenda_item(meeting=meeting, section=3, title="ติดตามการจัดซื้อเมล็ดพันธุ์")
    save_text(obj=arising, field="discussion", text="เหรัญญิกรายงานว่าจัดซื้อแล้ว", base_version=1)
    add_action(item=arising, description="ส่งใบเสร็จให้คณะกรรมการ", owner_name="เหรัญญิก")

    weir = add_agenda_item(meeting=meeting, section=4, title="พิจารณาซ่อมแซมฝายน้ำล้น")
    save_text(
        obj=weir,
        field="discussion",
        text="ที่ประชุมหารือเรื่องงบประมาณซ่อมฝาย\nผู้แทนหมู่ที่ 2 เสนอให้สำรวจก่อน",
        base_version=1,
    )
    resolution = add_resolution(item=weir)
    save_text(obj=resolution, field="text", text="ที่ประชุมมีมติเห็นชอบให้ซ่อมฝาย", base_version=1)
    add_action(
        item=weir,
        description="สำรวจฝายและประมาณราคา",
        owner=checker,
        due_date=dt.date(2007, 10, 31),
    )
    return change_meeting_status(meeting=meeting, to_status=MeetingStatus.DRAFTED)


def adopt(meeting: Meeting) -> Meeting:
    """Adopt the minutes at the next meeting: they are locked."""
    november = create_meeting(network=meeting.network, date=NOV_13_2007)
    adopt_previous_minutes(item=november.items.get(section=2))
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.LOCKED
    return meeting


def pdf_url(meeting: Meeting) -> str:
    return reverse("network:meeting_pdf", args=[meeting.network.slug, meeting.pk])


def fetch_pdf(client, meeting: Meeting) -> bytes:
    response = client.get(pdf_url(meeting))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


def minutes_markup(meeting: Meeting) -> str:
    with translation.override("th"):
        return render_pdf_html(TEMPLATE, minutes_context(meeting))


NAME_SPAN = re.compile(r'<span class="name">([^<]*)</span>')


def minutes_html(meeting: Meeting) -> str:
    """The print HTML with the no-break spans around names taken out: the words."""
    return NAME_SPAN.sub(r"\1", minutes_markup(meeting))


def pdf_text(pdf: bytes, tmp_path, *options: str) -> str:
    return run_poppler("pdftotext", pdf, tmp_path, *options)


# The response


def test_it_sends_the_minutes_named_by_number_and_be_year(member, minutes):
    response = member(Role.VIEWER).get(pdf_url(minutes))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert response["Content-Disposition"] == (
        "inline; filename=\"minutes-10-2550.pdf\"; filename*=UTF-8''minutes-10-2550.pdf"
    )
    assert "no-store" in response["Cache-Control"]


def test_it_names_the_file_by_the_be_year_of_the_meeting(network):
    meeting = create_meeting(network=network, date=dt.date(2024, 1, 5))
    assert minutes_filename(meeting) == "minutes-1-2567.pdf"


# A warm render of these minutes takes 0.1–0.3 s on these machines
# (PLATFORM.md). The secretary downloads them during or right after the meeting;
# the budget leaves room for a loaded 2-core machine and still catches a render
# that reloads its fonts per request or waits on a fetch.
RENDER_BUDGET_SECONDS = 3.0


def test_it_sends_the_minutes_within_the_render_budget(member, minutes):
    client = member(Role.SECRETARY)
    minutes_pdf(minutes)  # WeasyPrint's import and the fonts are loaded once per process

    timings = []
    for _ in range(2):  # the better of two, so one stall of a shared machine is not a failure
        start = time.perf_counter()
        pdf = fetch_pdf(client, minutes)
        timings.append(time.perf_counter() - start)

    assert pdf.startswith(b"%PDF-")
    assert min(timings) < RENDER_BUDGET_SECONDS, (
        f"the minutes took {min(timings):.2f} s at best, over the {RENDER_BUDGET_SECONDS} s budget"
    )


# The text of the PDF


def test_it_prints_the_thai_standard_headings_in_order(member, minutes, tmp_path, poppler):
    text = normalise(pdf_text(fetch_pdf(member(Role.SECRETARY), minutes), tmp_path))

    positions = []
    for heading in HEADINGS:
        assert normalise(heading) in text, heading
        positions.append(text.index(normalise(heading)))
    sections = positions[5:10]
    assert sections == sorted(sections)


def test_it_prints_the_meetings_facts(member, minutes, tmp_path, poppler):
    text = normalise(pdf_text(fetch_pdf(member(Role.SECRETARY), minutes), tmp_path))

    for fact in FACTS:
        assert normalise(fact) in text, fact


def test_it_numbers_the_pages_in_thai(member, minutes, tmp_path, poppler):
    text = normalise(pdf_text(fetch_pdf(member(Role.SECRETARY), minutes), tmp_path))
    assert normalise("หน้า 1/") in text


def test_it_embeds_sarabun_and_no_other_font(member, minutes, tmp_path, poppler):
    pdf = fetch_pdf(member(Role.SECRETARY), minutes)

    listing = run_poppler("pdffonts", pdf, tmp_path).splitlines()[2:]

    fonts = [line.split() for line in listing]
    assert fonts
    assert all(font[0].split("+")[-1].startswith("Sarabun") for font in fonts), listing
    # Columns from the end: emb sub uni object-number generation.
    assert all(font[-5] == "yes" for font in fonts), listing


def test_it_marks_drafted_minutes_as_a_draft(member, minutes, tmp_path, poppler):
    text = pdf_text(fetch_pdf(member(Role.SECRETARY), minutes), tmp_path, "-raw")

    assert "DRAFT" in text
    assert normalise("ร่าง") in normalise(text)


def test_it_prints_adopted_minutes_without_the_draft_mark(member, minutes, tmp_path, poppler):
    adopt(minutes)

    text = pdf_text(fetch_pdf(member(Role.SECRETARY), minutes), tmp_path, "-raw")

    assert "DRAFT" not in text
    assert normalise("ที่ประชุมมีมติเห็นชอบให้ซ่อมฝาย") in normalise(text)


def test_it_prints_an_amendment_with_its_reason(member, minutes, tmp_path, poppler):
    adopt(minutes)
    weir = minutes.items.get(section=4)
    amend(
        item=weir,
        resolution=weir.resolutions.get(),
        amended="ที่ประชุมมีมติเห็นชอบให้ซ่อมฝายภายในเดือนพฤศจิกายน",
        reason="บันทึกกำหนดเวลาตกหล่น",
        author=UserFactory(),
    )

    text = normalise(pdf_text(fetch_pdf(member(Role.SECRETARY), minutes), tmp_path))

    assert normalise("แก้ไขเพิ่มเติม") in text
    assert normalise("ที่ประชุมมีมติเห็นชอบให้ซ่อมฝายภายในเดือนพฤศจิกายน") in text
    assert normalise("เหตุผล: บันทึกกำหนดเวลาตกหล่น") in text
    # The original stays beside it.
    assert normalise("ที่ประชุมมีมติเห็นชอบให้ซ่อมฝาย") in text


def test_it_renders_page_one_to_png(member, minutes, tmp_path, poppler):
    path = tmp_path / "minutes.pdf"
    path.write_bytes(fetch_pdf(member(Role.SECRETARY), minutes))

    run_tool("pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / "p"))

    [page] = tmp_path.glob("p*.png")
    png = page.read_bytes()
    assert png.startswith(b"\x89PNG")
    assert len(png) > 1000


# The HTML the PDF is made from: exact Thai, which the PDF text layer cannot give back


def test_it_renders_the_exact_thai_headings_and_facts(minutes):
    html = minutes_html(minutes)

    assert '<html lang="th">' in html
    assert "<h1>รายงานการประชุม เครือข่ายตำบลหนองบัว</h1>" in html
    for heading in HEADINGS[1:4]:
        assert f"<h2>{heading}</h2>" in html
    for heading in HEADINGS[5:10]:
        assert f"<h2>{heading}</h2>" in html
    for fact in FACTS:
        assert fact in html, fact
    assert '<p class="time">เริ่มประชุมเวลา 09.30 น.</p>' in html
    assert '<p class="time">เลิกประชุมเวลา 12.15 น.</p>' in html
    assert "<strong>มติที่ประชุม</strong>ที่ประชุมมีมติเห็นชอบให้ซ่อมฝาย" in html
    assert "สำรวจฝายและประมาณราคา · ผู้รับผิดชอบ: นายมานพ ตรวจดี · กำหนด 31 ตุลาคม 2550" in html
    assert "<p>ที่ประชุมหารือเรื่องงบประมาณซ่อมฝาย<br>ผู้แทนหมู่ที่ 2 เสนอให้สำรวจก่อน</p>" in html
    assert '<p class="sign-name">(นางสาวสมศรี รักงาน)</p>' in html
    assert '<p class="sign-name">(นายมานพ ตรวจดี)</p>' in html


def test_it_lists_each_attendee_under_one_heading(minutes):
    html = minutes_html(minutes)
    present, rest = html.split("<h2>ผู้ไม่มาประชุม</h2>")
    absent, rest = rest.split("<h2>ผู้เข้าร่วมประชุม</h2>")
    observers = rest.split('<p class="time">')[0]

    assert "นายสมชาย ใจดี" in present and "ผู้แทน หมู่ที่ 1 บ้านหนองบัว" in present
    assert "นางสาวสมศรี รักงาน" in present
    # A partner's representative attends, but is not one of the network's own.
    assert "นางสาวมาลี ศรีสุข" in observers and "องค์การบริหารส่วนตำบลหนองบัว" in observers
    assert "นางสาวมาลี ศรีสุข" not in present
    assert "นางบุญมี ขาดประชุม" not in present
    assert "นางบุญมี ขาดประชุม" in absent and "(ติดภารกิจราชการ)" in absent
    assert "นายสมปอง มาดู" in observers
    assert "นายสมปอง มาดู" not in present + absent


def test_it_prints_none_for_an_empty_section(minutes):
    html = minutes_html(minutes)
    section_2 = html.split("<h2>ระเบียบวาระที่ 2 รับรองรายงานการประชุมครั้งที่แล้ว</h2>")[1]
    assert section_2.split("<h2>")[0].strip() == '<p class="discussion muted">ไม่มี</p>'


def test_it_marks_the_html_of_a_draft_only(minutes):
    assert "ร่าง / DRAFT" in minutes_html(minutes)
    assert "ร่าง / DRAFT" not in minutes_html(adopt(minutes))


def test_it_renders_an_amendment_with_its_reason_in_the_html(minutes):
    adopt(minutes)
    weir = minutes.items.get(section=4)
    amend(item=weir, amended="ข้อความที่แก้ไข", reason="พิมพ์ผิด", author=None)

    html = minutes_html(minutes)

    assert "<strong>แก้ไขเพิ่มเติม</strong> (" in html
    assert ": ข้อความที่แก้ไข<br>" in html
    assert '<span class="muted">เหตุผล: พิมพ์ผิด</span>' in html
