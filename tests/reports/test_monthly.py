"""The monthly progress report (รายงานความก้าวหน้า) of the demo network for October 2550.

The demo is loaded once for the module inside a transaction that is rolled back
at the end (each test runs in a savepoint of it), and the Thai and English
reports are rendered once each. Text read back with pdftotext is compared after
``normalise`` (Thai marks removed, ำ read as า: the PDF text layer is lossy,
PLATFORM.md). Labels are looked up through gettext, so the tests hold before
and after the Thai translations are filled in.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.pdf import render_pdf_html
from core.reporting import Table, monthly_sections
from core.roles import Workstream
from network.demo import BANGKOK
from network.models import Network, Person, Village
from reports import monthly
from tests.pdf_tools import normalise, require_poppler, run_poppler
from welfare import services
from welfare.models import (
    Allocation,
    Application,
    ApplicationStatus,
    Disbursement,
    Programme,
    StatusChange,
)
from welfare.report import count_and_amount as count_amount
from welfare.report import welfare_monthly_section

pytestmark = pytest.mark.django_db

MD5 = ["django.contrib.auth.hashers.MD5PasswordHasher"]
OCTOBER = {"month": "2007-10"}
FIRST, LAST = dt.date(2007, 10, 1), dt.date(2007, 10, 31)

# Every figure and date of the seed (shared/seed/000_8409879c62147012.txt), as the
# demo stores it, and where the report prints it.
SEED_FACTS = [
    # "ณ 9 ตุลาคม 2550": the October meeting's heading and the summary.
    "9 ตุลาคม 2550",
    # "เมื่อต้นเดือนกันยายน 2550": agenda 4.1 (welfare).
    "ต้นเดือนกันยายน 2550",
    # "หมู่บ้านละ 10,000 บาท": agenda 4.1 and its resolution; the welfare section
    # prints the allocation per village as 10,000.00 บาท (checked below).
    "หมู่บ้านละ 10,000 บาท",
    "10,000.00 บาท",
    # "จำนวน 32 ราย": agenda 3.1, 4.1 and its resolution; the welfare section's
    # recipients to date (checked below).
    "32 ราย",
    # The proposal's four objectives 1)-4): agenda 4.1 ("4 ข้อ") and the welfare
    # section, which lists them as the seed words them.
    "4 ข้อ",
    "1) ให้เกิดแผนงานยุทธศาสตร์และแผนปฏิบัติการการจัดสวัสดิการ",
    "2) เพื่อแลกเปลี่ยนข้อมูลการจัดสวัสดิการของกลุ่มเป้าหมาย",
    "3) เพื่อยกระดับความร่วมมือของภาคประชาชนกับภาคี",
    "4) เพื่อให้เกิดศูนย์เรียนรู้การจัดสวัสดิการชุมชน",
    # Land rights (no section provider yet: agenda 4.2): "3 ล้านบาท", "3 กิจกรรม",
    # the aerial photographs at 1:25000 (the demo writes 1:25,000), "2 วัน" at พอช.
    "3 ล้านบาท",
    "3 กิจกรรม",
    "1:25,000",
    "2 วัน",
    "พอช.",
    # "12-13 ตค. 50": the youth health volunteer training, agenda 4.4.
    "12-13 ตุลาคม 2550",
    # "ปี พ.ศ. 2550-2554": the strategic plan, agenda 4.5 (title and discussion).
    "2550-2554",
    # "ประมาณวันที่ 7-9 พ.ย. 50": the plan's launch and MOU signing, agenda 4.5.
    "7-9 พฤศจิกายน 2550",
]


def render(network, language: str = "th", params=OCTOBER):
    steps = []
    rendered = monthly.render(network, params, language, lambda p, s: steps.append((p, s)))
    return rendered, steps


def pdf_text(pdf: bytes, tmp_path) -> str:
    return normalise(run_poppler("pdftotext", pdf, tmp_path))


@pytest.fixture(scope="module")
def october(sinpraethong, django_db_blocker):
    """The Thai report of October 2550, rendered once."""
    with django_db_blocker.unblock():
        return render(sinpraethong)


@pytest.fixture(scope="module")
def october_text(october, tmp_path_factory):
    require_poppler()
    return pdf_text(october[0].pdf, tmp_path_factory.mktemp("october"))


@pytest.fixture(scope="module")
def october_en(sinpraethong, django_db_blocker):
    with django_db_blocker.unblock():
        return render(sinpraethong, "en")[0]


def figures(network, language: str = "th") -> dict[str, str]:
    with translation.override(language):
        return dict(welfare_monthly_section(network, FIRST, LAST).figures)


# The demo's October 2550 report


def test_it_renders_the_october_report_as_a_pdf(october):
    rendered, steps = october
    assert rendered.pdf.startswith(b"%PDF-")
    assert rendered.pages >= 5
    assert rendered.filename == "progress-sinpraethong-2550-10"
    with translation.override("th"):
        assert rendered.title == _("Progress report, %(month)s") % {"month": "ตุลาคม 2550"}
    # Progress is reported between steps, rising.
    percents = [percent for percent, _step in steps]
    assert len(percents) >= 3
    assert percents == sorted(percents)
    assert all(0 < percent < 90 for percent in percents)


@pytest.mark.parametrize("fact", SEED_FACTS)
def test_every_figure_and_date_of_the_seed_is_in_the_report(october_text, fact):
    assert normalise(fact) in october_text


def test_the_welfare_section_gives_the_seeds_figures(sinpraethong):
    with translation.override("th"):
        shown = figures(sinpraethong)
        assert shown[_("Allocation per village")] == "10,000.00 บาท"
        assert shown[_("Total allocation")] == "100,000.00 บาท"
        assert shown[_("Recipients to date")] == "32"
        assert shown[_("Approved to date")].startswith("32 ")
        assert shown[_("Programmes")] == "1"
        # October: the second round was received, nothing approved, one part-payment.
        assert shown[_("Applications received in the month")] == "8"
        assert shown[_("Approved in the month")].startswith("0 ")
        assert shown[_("Paid in the month")] == "1 · 2,000.00 บาท"


def test_the_cover_names_the_network_the_place_and_the_month(sinpraethong, october_text):
    network = sinpraethong
    for text in (network.name, network.sub_district, network.district, network.province):
        assert normalise(text) in october_text
    assert normalise("ตุลาคม 2550") in october_text
    assert normalise("October 2007") not in october_text


def test_the_month_meeting_is_there_grouped_by_workstream(sinpraethong):
    with translation.override("th"):
        context, _tables = monthly.report_context(sinpraethong, FIRST, LAST, lambda p, s: None)
        html = render_pdf_html(monthly.TEMPLATE, context)
    (view,) = context["meetings"]
    assert view.meeting.number_label == "10/2550"
    assert [group.workstream for group in view.groups] == [
        Workstream.GENERAL,
        Workstream.WELFARE,
        Workstream.LANDRIGHTS,
        Workstream.DISTRIBUTION,
        Workstream.TRAINING,
        Workstream.STRATEGY,
    ]
    landrights = next(g for g in view.groups if g.workstream == Workstream.LANDRIGHTS)
    assert [item.number for item in landrights.items] == ["3.2", "4.2"]
    with translation.override("th"):
        expected = _("%(present)s of %(expected)s village representatives") % {
            "present": 8,
            "expected": 10,
        }
    assert view.attendance.startswith(expected)
    # The rendered HTML has the exact Thai text, resolutions included.
    assert "มาตราส่วน 1:25,000" in html
    assert "เห็นชอบร่างโครงการ 3 กิจกรรม ให้คณะทำงานส่งโครงการเสนอจังหวัด" in html


def test_the_open_action_items_are_those_open_at_the_months_end(sinpraethong, october_text):
    actions = monthly.open_actions(sinpraethong, LAST)
    assert len(actions) == 6
    assert {a.item.meeting.number_label for a in actions} == {"10/2550"}
    # September's actions were done at the October meeting: not open at its end.
    assert monthly.open_actions(sinpraethong, dt.date(2007, 9, 30))
    assert all(a.item.meeting.number <= 9 for a in monthly.open_actions(sinpraethong, FIRST))
    # Description, owner and BE due date are printed (a table's cells wrap, and
    # pdftotext interleaves their lines: the HTML has them whole).
    with translation.override("th"):
        context, _tables = monthly.report_context(sinpraethong, FIRST, LAST, lambda p, s: None)
        html = render_pdf_html(monthly.TEMPLATE, context)
    section = html[html.index('id="actions"') :]
    for action in actions:
        assert action.description in section
        assert action.owner_label in section
    assert "<td>30 พฤศจิกายน 2550</td>" in section
    assert normalise("30 พฤศจิกายน 2550") in october_text
    trained_by = next(a for a in actions if "IT" in a.description).owner
    assert trained_by is not None  # a village representative, a person of the network
    assert normalise(trained_by.full_name) in october_text


def test_every_table_goes_to_the_spreadsheet(october):
    rendered, _steps = october
    assert all(isinstance(table, Table) for table in rendered.tables)
    welfare, resolutions, actions = rendered.tables
    # The village table holds amounts as Decimal, for Excel to sum.
    assert len(welfare.rows) == 10
    assert welfare.number_columns == frozenset({2, 3, 4, 5})
    first = welfare.rows[0]
    assert first[:2] == (1, "บ้านลำสินธุ์")
    assert all(isinstance(value, Decimal) for value in first[2:])
    assert first[2] == Decimal("10000.00")
    assert sum(row[2] for row in welfare.rows) == Decimal("100000.00")
    # The meeting's resolutions and its open action items.
    assert any("3 ล้านบาท" in row[-1] or "3 กิจกรรม" in row[-1] for row in resolutions.rows)
    assert len(actions.rows) == 6
    assert {row[2] for row in actions.rows} >= {"31 ตุลาคม 2550", "13 พฤศจิกายน 2550"}


def test_it_embeds_its_fonts(october, tmp_path, poppler):
    listing = run_poppler("pdffonts", october[0].pdf, tmp_path).splitlines()[2:]
    fonts = [line.split() for line in listing]
    assert fonts
    assert {font[0].split("+")[-1] for font in fonts} <= {"Sarabun", "Sarabun-Bold"}
    # Columns from the end: emb sub uni object-number generation.
    assert all(font[-5] == "yes" for font in fonts)


def test_a_change_in_the_data_shows_in_the_next_render(sinpraethong, tmp_path, poppler):
    application = Application.objects.get(network=sinpraethong, purpose="ทำขนมจีนเส้นสดส่งร้านในหมู่บ้าน")
    committee = get_user_model().objects.get(username="committee")
    services.approve(application=application, amount=Decimal("800"), actor=committee)
    # Dated on the demo's calendar, as the demo dates its own steps.
    step = application.status_changes.order_by("-pk").first()
    StatusChange.objects.filter(pk=step.pk).update(
        changed_at=dt.datetime(2007, 10, 20, 10, tzinfo=BANGKOK)
    )

    rendered, _steps = render(sinpraethong)

    text = pdf_text(rendered.pdf, tmp_path)
    assert normalise("96,050.50") in text  # approved to date: 95,250.50 + 800
    with translation.override("th"):
        assert normalise(count_amount(33, Decimal("96050.50"))) in text
        assert normalise(count_amount(1, Decimal("800"))) in text  # approved in the month
    village_2 = rendered.tables[0].rows[1]
    assert village_2[3] == Decimal("9800.00")
    assert village_2[5] == Decimal("200.00")


def test_an_allocation_change_shows_in_the_next_render_of_its_month(
    sinpraethong, tmp_path, poppler
):
    programme = Programme.objects.get(network=sinpraethong)
    village = Village.objects.get(network=sinpraethong, number=10)
    services.set_allocation(programme=programme, village=village, amount=Decimal("9750"))

    # October stands as it was (tests/reports/test_as_of.py); this month has the change.
    rendered, _steps = render(
        sinpraethong, params={"month": timezone.localdate().strftime("%Y-%m")}
    )

    assert rendered.tables[0].rows[9][2] == Decimal("9750.00")
    text = pdf_text(rendered.pdf, tmp_path)
    assert normalise("99,750.00 บาท") in text  # the total allocation
    with translation.override("th"):
        per_village = _("%(low)s to %(high)s") % {"low": "9,750.00", "high": "10,000.00 บาท"}
    assert normalise(per_village) in text


def test_a_network_without_welfare_has_no_welfare_section(sinpraethong):
    neighbour = Network.objects.exclude(pk=sinpraethong.pk).get()
    assert not Programme.objects.filter(network=neighbour).exists()

    assert welfare_monthly_section(neighbour, FIRST, LAST) is None
    assert monthly_sections(neighbour, FIRST, LAST) == []
    with translation.override("th"):
        context, tables = monthly.report_context(neighbour, FIRST, LAST, lambda p, s: None)
        html = render_pdf_html(monthly.TEMPLATE, context)
        assert str(Workstream.WELFARE.label) not in html
        assert _("No meeting was held this month.") in html
    assert [table.title for table in tables] == [_("Resolutions"), _("Open action items")]
    rendered, _steps = render(neighbour)
    assert rendered.pdf.startswith(b"%PDF-")


def test_a_month_before_the_programme_has_no_welfare_section(network):
    Programme.objects.create(network=network, name="ทุนปีหน้า", year=2008, total_budget=0)
    assert welfare_monthly_section(network, FIRST, LAST) is None


def test_english_has_ce_months_and_english_headings(october_en, sinpraethong, tmp_path, poppler):
    text = pdf_text(october_en.pdf, tmp_path)
    assert october_en.title == "Progress report, October 2007"
    for heading in (
        "Progress report, October 2007",
        "Contents",
        "Summary",
        "Community welfare",
        "Open action items",
        "Meeting No. 10/2550",
        "9 October 2007",
        "Allocation per village",
        "10,000.00 baht",
        "Summary · October 2007",
    ):
        assert normalise(heading) in text, heading


def test_thai_is_the_default_with_be_dates(sinpraethong):
    with translation.override("th"):
        context, _tables = monthly.report_context(sinpraethong, FIRST, LAST, lambda p, s: None)
        html = render_pdf_html(monthly.TEMPLATE, context)
    assert '<html lang="th">' in html
    assert "ตุลาคม 2550" in context["title"]
    assert "9 ตุลาคม 2550" in html
    assert "2007" not in context["title"]
    # Charts are inline SVG, with Thai labels.
    assert html.count("<svg") == 2
    assert "หมู่ที่ 1 บ้านลำสินธุ์" in html or "Village No. 1 บ้านลำสินธุ์" in html


def test_month_params_and_choices(sinpraethong):
    assert monthly.parse_params(sinpraethong, {"month": "ตุลาคม 2550"}) == OCTOBER
    assert monthly.parse_params(sinpraethong, {"month": "10/2550"}) == OCTOBER
    with pytest.raises(ValueError):
        monthly.parse_params(sinpraethong, {"month": ""})
    assert monthly.month_of({"month": "2008-02"}) == (dt.date(2008, 2, 1), dt.date(2008, 2, 29))
    values = [value for value, _label in monthly.month_choices(sinpraethong)]
    assert {"2007-08", "2007-09", "2007-10", "2007-11"} <= set(values)


# Tables as printed


def test_a_table_view_formats_amounts_and_totals_them():
    table = Table(
        title="t",
        headers=["หมู่ที่", "หมู่บ้าน", "วงเงิน (บาท)"],
        rows=[(1, "บ้านหนึ่ง", Decimal("10000")), (2, "บ้านสอง", Decimal("2500.5"))],
        number_columns=frozenset({2}),
    )
    with translation.override("th"):
        view = monthly.table_view(table)
    assert [cell.text for cell in view.rows[0]] == ["1", "บ้านหนึ่ง", "10,000.00"]
    assert [cell.number for cell in view.rows[0]] == [False, False, True]
    assert view.total[2].text == "12,500.50"
    assert view.total[0].text
    assert sum(view.widths) == 100


def test_a_table_without_amounts_has_no_total():
    view = monthly.table_view(Table(title="t", headers=["a", "b"], rows=[("x", "y")]))
    assert view.total is None
    assert sum(view.widths) == 100


# Queries do not grow with the network


def grow(network, programme, villages: int) -> None:
    """Villages with an allocation, applications received and approved in October, a payment."""
    have = Village.objects.filter(network=network).count()
    new = Village.objects.bulk_create(
        Village(network=network, number=n, name=f"บ้าน {n}") for n in range(have + 1, villages + 1)
    )
    Allocation.objects.bulk_create(
        Allocation(network=network, programme=programme, village=v, amount=Decimal("10000"))
        for v in new
    )
    people = Person.objects.bulk_create(
        Person(network=network, village=v, first_name=f"ผู้ขอ{v.number}") for v in new
    )
    applications = Application.objects.bulk_create(
        Application(
            network=network,
            programme=programme,
            village=person.village,
            applicant=person,
            kind="occupational",
            purpose="ทุนอาชีพ",
            requested_amount=Decimal("3000"),
            approved_amount=Decimal("2000"),
            status=ApplicationStatus.REPORTING,
            report_due=dt.date(2007, 10, 15),
        )
        for person in people
    )
    moment = timezone.make_aware(dt.datetime(2007, 10, 5, 10))
    StatusChange.objects.bulk_create(
        StatusChange(
            network=network, application=a, from_status=a_from, to_status=a_to, changed_at=moment
        )
        for a in applications
        for a_from, a_to in (
            (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED),
            (ApplicationStatus.UNDER_REVIEW, ApplicationStatus.APPROVED),
            (ApplicationStatus.APPROVED, ApplicationStatus.DISBURSED),
            (ApplicationStatus.DISBURSED, ApplicationStatus.REPORTING),
        )
    )
    Disbursement.objects.bulk_create(
        Disbursement(
            network=network,
            application=a,
            date=dt.date(2007, 10, 8),
            amount=Decimal("2000"),
            method="cash",
            receipt_number=f"R{a.pk}",
        )
        for a in applications
    )


def queries(network) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        found = welfare_monthly_section(network, FIRST, LAST)
    assert found is not None
    return len(captured), [q["sql"] for q in captured.captured_queries]


def test_the_welfare_section_runs_as_many_queries_for_30_villages_as_for_3(network):
    programme = Programme.objects.create(
        network=network, name="ทุนเยาวชน", year=2007, total_budget=Decimal("300000")
    )
    grow(network, programme, 3)
    small = queries(network)
    grow(network, programme, 30)
    large = queries(network)

    print(f"QUERYCOUNT monthly-welfare 3={small[0]} 30={large[0]}")  # noqa: T201
    assert small[0] == large[0], "\n".join(["SMALL:", *small[1], "LARGE:", *large[1]])
    with translation.override("th"):
        shown = dict(welfare_monthly_section(network, FIRST, LAST).figures)
        assert shown[_("Recipients to date")] == "30"
        assert shown[_("Applications received in the month")] == "30"
        assert shown[_("Outcome reports overdue at the month's end")] == "30"


def test_the_whole_report_reads_as_many_queries_for_30_villages_as_for_3(network):
    programme = Programme.objects.create(
        network=network, name="ทุนเยาวชน", year=2007, total_budget=Decimal("300000")
    )

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            monthly.report_context(network, FIRST, LAST, lambda p, s: None)
        return len(captured)

    grow(network, programme, 3)
    small = count()
    grow(network, programme, 30)
    # People on October's register, deleted since: counted from their deletion records.
    leavers = [
        Person.objects.create(network=network, first_name=f"ย้ายออก{n}", registered_on=LAST)
        for n in range(27)
    ]
    Person.objects.filter(pk__in=[p.pk for p in leavers]).delete()
    large = count()
    print(f"QUERYCOUNT monthly-report 3={small} 30+27 deleted={large}")  # noqa: T201
    assert large == small
    with translation.override("th"):
        context, _tables = monthly.report_context(network, FIRST, LAST, lambda p, s: None)
        # grow()'s villages and people are registered today: October counts the leavers.
        assert dict(context["key_figures"])[_("People")] == "27"
