"""The grant letter (หนังสือแจ้งอนุมัติทุน) and the receipt (ใบสำคัญรับเงิน) as PDFs.

Grants are built through the services as a committee would decide them. Text read
back with pdftotext is compared after ``normalise`` (Thai marks removed, ำ read as
า: the PDF text layer is lossy, PLATFORM.md); the rendered HTML is checked for the
exact Thai. Only data is checked, not the template's labels, whose Thai comes
from the compiled catalogue. Tests that need poppler-utils skip without it,
except under CI, where they fail.
"""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from core.pdf import render_pdf_html
from core.roles import Role
from network.models import Title
from network.services.meetings import add_agenda_item, add_resolution, create_meeting
from reports.models import GeneratedReport, ReportStatus
from reports.services import run_render
from tests.factories import (
    HouseholdFactory,
    NetworkFactory,
    PersonFactory,
    UserFactory,
    VillageFactory,
)
from tests.pdf_tools import normalise, run_poppler, run_tool
from welfare import services
from welfare.documents import (
    GRANT_LETTER_TEMPLATE,
    RECEIPT_TEMPLATE,
    grant_letter_context,
    grant_letter_filename,
    grant_letter_pdf,
    receipt_context,
    receipt_filename,
    receipt_pdf,
)
from welfare.models import (
    Application,
    ApplicationStatus,
    Disbursement,
    DisbursementMethod,
    FollowUpResult,
    GrantKind,
)

pytestmark = pytest.mark.django_db

S = ApplicationStatus
# 01:30 on 9 October 2007 in Bangkok, still the 8th in UTC: the letter shows the local day.
DECIDED_AT = dt.datetime(2007, 10, 8, 18, 30, tzinfo=dt.UTC)
DECIDED_ON_BE = "9 ตุลาคม 2550"
PAY_DAY = dt.date(2007, 10, 15)
PAID_ON_BE = "15 ตุลาคม 2550"
REPORT_DUE = dt.date(2008, 4, 15)
PROGRAMME = "กองทุนสวัสดิการชุมชนเพื่อการประกอบอาชีพ"
PURPOSE = "ซื้อพันธุ์ไก่ไข่และอาหารไก่ เพื่อเลี้ยงไก่ไข่ขายในชุมชน"
RULES = "ผู้รับทุนต้องใช้เงินตามวัตถุประสงค์ที่ระบุในคำขอเท่านั้น"


@pytest.fixture(autouse=True)
def _frozen_now(monkeypatch) -> None:
    """Decisions are dated: every timestamp the services take is DECIDED_AT."""
    monkeypatch.setattr(timezone, "now", lambda: DECIDED_AT)


@pytest.fixture
def village(network):
    return VillageFactory(network=network, name="บ้านโนนสว่าง")


@pytest.fixture
def applicant(network, village):
    household = HouseholdFactory(network=network, village=village, house_number="112/4")
    return PersonFactory(
        network=network,
        village=village,
        household=household,
        title=Title.MRS,
        first_name="บุญเรือน",
        last_name="ศรีสุข",
    )


@pytest.fixture
def programme(network, village):
    programme = services.create_programme(
        network=network,
        name=PROGRAMME,
        year=2007,
        total_budget=Decimal("100000"),
        grant_kinds=[GrantKind.OCCUPATIONAL],
        rules=RULES,
    )
    services.set_allocations_equal(programme=programme, amount=Decimal("50000"))
    return programme


@pytest.fixture
def recorder():
    return UserFactory(username="somsri", first_name="สมศรี", last_name="รักงาน")


@pytest.fixture
def make_application(programme, applicant) -> Callable[..., Application]:
    def make(requested: str = "12000") -> Application:
        return services.create_application(
            programme=programme,
            applicant=applicant,
            kind=GrantKind.OCCUPATIONAL,
            purpose=PURPOSE,
            requested_amount=Decimal(requested),
        )

    return make


def under_review(application: Application) -> Application:
    services.submit(application=application, actor=None)
    return services.start_review(application=application, actor=None)


def approved(application: Application, amount: str = "10000", **kwargs) -> Application:
    under_review(application)
    return services.approve(application=application, amount=Decimal(amount), actor=None, **kwargs)


def pay(application: Application, amount: str, *, receipt_number: str = "R-2550/001", **kwargs):
    kwargs.setdefault("method", DisbursementMethod.CASH)
    kwargs.setdefault("actor", None)
    return services.disburse(
        application=application,
        amount=Decimal(amount),
        date=PAY_DAY,
        receipt_number=receipt_number,
        **kwargs,
    )


@pytest.fixture
def grant(make_application) -> Application:
    """A 10,000 baht occupational grant, approved on 9 October 2550."""
    return approved(make_application())


@pytest.fixture
def disbursement(grant, recorder) -> Disbursement:
    """The whole grant paid in cash on 15 October 2550."""
    return pay(grant, "10000", actor=recorder)


def pdf_text(pdf: bytes, tmp_path) -> str:
    return normalise(run_poppler("pdftotext", pdf, tmp_path))


def letter_html(application: Application) -> str:
    with translation.override("th"):
        return render_pdf_html(GRANT_LETTER_TEMPLATE, grant_letter_context(application))


def receipt_html(disbursement: Disbursement) -> str:
    with translation.override("th"):
        return render_pdf_html(RECEIPT_TEMPLATE, receipt_context(disbursement))


# The grant letter: text of the PDF


def test_it_prints_the_grant_in_figures_and_thai_words(grant, tmp_path, poppler):
    text = pdf_text(grant_letter_pdf(grant), tmp_path)

    for fact in [
        "เครือข่ายตำบลหนองบัว",
        "นางบุญเรือน ศรีสุข",
        "บ้านโนนสว่าง",
        PROGRAMME,
        PURPOSE,
        "10,000.00 บาท",
        "(หนึ่งหมื่นบาทถ้วน)",
        DECIDED_ON_BE,
        RULES,
    ]:
        assert normalise(fact) in text, fact


def test_it_writes_satang_in_words(make_application, tmp_path, poppler):
    application = approved(make_application(requested="3000"), amount="2500.50")

    text = pdf_text(grant_letter_pdf(application), tmp_path)

    assert normalise("2,500.50 บาท") in text
    assert normalise("(สองพันห้าร้อยบาทห้าสิบสตางค์)") in text


def test_it_prints_the_letter_in_thai_whatever_the_active_language(grant, tmp_path, poppler):
    with translation.override("en"):
        text = pdf_text(grant_letter_pdf(grant), tmp_path)

    assert normalise(DECIDED_ON_BE) in text
    assert "October" not in text


def test_it_embeds_sarabun_and_no_other_font_in_both_documents(disbursement, tmp_path, poppler):
    for pdf in (grant_letter_pdf(disbursement.application), receipt_pdf(disbursement)):
        listing = run_poppler("pdffonts", pdf, tmp_path).splitlines()[2:]

        fonts = [line.split() for line in listing]
        assert fonts
        assert all(font[0].split("+")[-1].startswith("Sarabun") for font in fonts), listing
        # Columns from the end: emb sub uni object-number generation.
        assert all(font[-5] == "yes" for font in fonts), listing


def test_it_renders_the_letter_to_a_png_with_ink_on_it(grant, tmp_path, poppler):
    path = tmp_path / "letter.pdf"
    path.write_bytes(grant_letter_pdf(grant))

    run_tool("pdftoppm", "-r", "40", "-png", "-singlefile", str(path), str(tmp_path / "page"))

    with Image.open(tmp_path / "page.png") as image:
        grey = image.convert("L")
        dark = sum(grey.histogram()[:128])
        assert grey.size == (331, 468)  # A4 at 40 dpi
    # Text and rules cover a visible share of the page, and not all of it.
    assert 500 < dark < grey.size[0] * grey.size[1] // 4


# The grant letter: its HTML and context


def test_it_cites_the_meeting_resolution(make_application, network):
    meeting = create_meeting(network=network, date=dt.date(2007, 10, 9), number=10)
    item = add_agenda_item(meeting=meeting, section=4, title="พิจารณาคำขอรับทุน")
    resolution = add_resolution(item=item, text="ที่ประชุมมีมติอนุมัติทุนประกอบอาชีพ")
    application = approved(make_application(), resolution=resolution)

    html = letter_html(application)

    assert "10/2550" in html
    assert "ที่ประชุมมีมติอนุมัติทุนประกอบอาชีพ" in html


def test_it_shortens_a_long_resolution(make_application, network):
    meeting = create_meeting(network=network, date=dt.date(2007, 10, 9))
    item = add_agenda_item(meeting=meeting, section=4, title="พิจารณาคำขอรับทุน")
    resolution = add_resolution(item=item, text="ที่ประชุมมีมติ" * 100)

    context = grant_letter_context(approved(make_application(), resolution=resolution))

    shortened = context["resolution_text"]
    assert shortened.endswith("…")
    assert resolution.text.startswith(shortened[:-1])
    assert len(shortened) < len(resolution.text) // 2


def test_it_prints_the_report_due_date_once_set(grant):
    assert "15 เมษายน 2551" not in letter_html(grant)

    pay(grant, "10000")
    services.start_reporting(application=grant, actor=None, report_due=REPORT_DUE)

    assert "15 เมษายน 2551" in letter_html(grant)


def test_it_prints_the_exact_thai_of_the_grant(grant):
    html = letter_html(grant)

    assert '<html lang="th">' in html
    assert "นางบุญเรือน ศรีสุข" in html
    assert "112/4" in html
    assert '<span class="amount">10,000.00 บาท</span>' in html
    assert '<span class="words">(หนึ่งหมื่นบาทถ้วน)</span>' in html
    assert f"{PROGRAMME} (" in html and "2550)" in html
    with translation.override("th"):
        assert str(GrantKind.OCCUPATIONAL.label) in html


@pytest.mark.parametrize("status", [S.APPROVED, S.DISBURSED, S.REPORTING, S.CLOSED])
def test_it_writes_a_letter_for_every_approved_grant(grant, status):
    if status != S.APPROVED:
        pay(grant, "10000")
    if status in (S.REPORTING, S.CLOSED):
        services.start_reporting(application=grant, actor=None, report_due=REPORT_DUE)
    if status == S.CLOSED:
        services.record_follow_up(application=grant, result=FollowUpResult.RUNNING, actor=None)
        services.close(application=grant, actor=None)
    assert grant.status == status

    context = grant_letter_context(grant)

    assert context["amount"] == Decimal("10000.00")
    assert context["amount_words"] == "หนึ่งหมื่นบาทถ้วน"


def _returned(application: Application) -> Application:
    under_review(application)
    return services.return_for_info(application=application, actor=None, reason="ขาดเอกสาร")


def _rejected(application: Application) -> Application:
    under_review(application)
    return services.reject(application=application, actor=None, reason="ไม่ตรงกลุ่มเป้าหมาย")


def _withdrawn_after_approval(application: Application) -> Application:
    approved(application)
    return services.withdraw(application=application, actor=None, reason="ย้ายไปทำงานที่อื่น")


REFUSED: dict[str, Callable[[Application], Application]] = {
    "draft": lambda a: a,
    "submitted": lambda a: services.submit(application=a, actor=None),
    "under_review": under_review,
    "returned": _returned,
    "rejected": _rejected,
    "withdrawn_after_approval": _withdrawn_after_approval,
}


@pytest.mark.parametrize("case", REFUSED)
def test_it_refuses_a_letter_without_an_approved_grant(make_application, case):
    application = REFUSED[case](make_application())

    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            grant_letter_pdf(application)
        status_label = str(ApplicationStatus(application.status).label)

    assert refused.value.code == "no_grant"
    assert "approved grant" in refused.value.messages[0]
    assert status_label in refused.value.messages[0]


def test_it_builds_the_letter_in_one_query(grant, django_assert_num_queries):
    application = Application.objects.get(pk=grant.pk)

    with django_assert_num_queries(1):
        letter_html(application)


def test_it_names_the_letter_by_network_and_application(grant):
    assert grant_letter_filename(grant) == f"grant-letter-nong-bua-{grant.pk}.pdf"


# The receipt


def test_it_prints_the_receipt_number_payee_and_amount(disbursement, tmp_path, poppler):
    text = pdf_text(receipt_pdf(disbursement), tmp_path)

    for fact in [
        "R-2550/001",
        PAID_ON_BE,
        "เครือข่ายตำบลหนองบัว",
        "นางบุญเรือน ศรีสุข",
        "บ้านโนนสว่าง",
        "10,000.00 บาท",
        "(หนึ่งหมื่นบาทถ้วน)",
        "สมศรี รักงาน",
    ]:
        assert normalise(fact) in text, fact


def test_it_writes_a_part_payment_in_words(make_application, tmp_path, poppler):
    application = approved(make_application(requested="3000"), amount="2500.50")
    first = pay(application, "1250.25", receipt_number="R-2550/002")

    text = pdf_text(receipt_pdf(first), tmp_path)

    assert normalise("1,250.25 บาท") in text
    assert normalise("หนึ่งพันสองร้อยห้าสิบบาทยี่สิบห้าสตางค์") in text
    assert normalise("2,500.50") not in text


@pytest.mark.parametrize("method", DisbursementMethod.values)
def test_it_prints_how_the_grant_was_paid(grant, method):
    disbursement = pay(grant, "10000", method=method)

    html = receipt_html(disbursement)

    with translation.override("th"):
        label = str(DisbursementMethod(method).label)
        others = {str(m.label) for m in DisbursementMethod if m != method}
    assert f": {label}</p>" in html
    assert not any(f": {other}</p>" in html for other in others)


def test_it_prints_the_exact_thai_of_the_receipt(disbursement):
    html = receipt_html(disbursement)

    assert '<html lang="th">' in html
    assert "<strong>R-2550/001</strong>" in html
    assert PAID_ON_BE in html
    assert "(หนึ่งหมื่นบาทถ้วน)" in html
    assert "<p>(นางบุญเรือน ศรีสุข)</p>" in html
    # In a table cell, where pdftotext reads the lines of the row's cells interleaved.
    assert PROGRAMME in html
    assert PURPOSE in html


def test_it_builds_the_receipt_in_one_query(disbursement, django_assert_num_queries):
    fresh = Disbursement.objects.get(pk=disbursement.pk)

    with django_assert_num_queries(1):
        receipt_html(fresh)


@pytest.mark.parametrize(
    ("number", "name"),
    [
        ("R-2550/001", "receipt-nong-bua-R-2550-001.pdf"),
        ("สวช.2550/15", "receipt-nong-bua-2550-15.pdf"),
        ('  ../"x" 7  ', "receipt-nong-bua-x-7.pdf"),
    ],
)
def test_it_names_the_receipt_with_an_ascii_receipt_number(grant, number, name):
    assert receipt_filename(pay(grant, "100", receipt_number=number)) == name


def test_it_names_a_receipt_with_an_all_thai_number_by_its_id(grant):
    disbursement = pay(grant, "100", receipt_number="ใบที่หนึ่ง")
    assert receipt_filename(disbursement) == f"receipt-nong-bua-{disbursement.pk}.pdf"


def test_it_refuses_to_read_a_receipt_of_another_network(disbursement):
    other = NetworkFactory(slug="non-sawang")
    disbursement.network = other

    with pytest.raises(Disbursement.DoesNotExist):
        receipt_context(disbursement)


# Made while the user waits within the request's PDF budget, else in the background


def document_url(document: str, disbursement: Disbursement) -> str:
    application = disbursement.application
    args = [application.network.slug, application.pk]
    if document == "receipt":
        args.append(disbursement.pk)
    return reverse(f"welfare:{document}", args=args)


KINDS = {"grant_letter": ("grant-letter", "application"), "receipt": ("receipt", "disbursement")}


def queued_document(response, document: str, disbursement: Disbursement) -> GeneratedReport:
    """The report queued for the document, after checking that the answer leads to it."""
    kind, param = KINDS[document]
    row = disbursement.application if param == "application" else disbursement
    report = GeneratedReport.objects.get()
    assert (report.kind, report.params, report.status) == (
        kind,
        {param: row.pk},
        ReportStatus.QUEUED,
    )
    assert response.status_code == 302
    assert response["Location"] == report.get_absolute_url()
    return report


@pytest.mark.parametrize("document", ["grant_letter", "receipt"])
def test_a_document_within_its_budget_comes_straight_back(member, disbursement, document):
    response = member(Role.VIEWER).get(document_url(document, disbursement))

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    assert not GeneratedReport.objects.exists()


@pytest.mark.parametrize("document", ["grant_letter", "receipt"])
def test_a_document_past_its_size_budget_is_made_in_the_background(
    member, disbursement, document, settings, tmp_path, poppler
):
    settings.PDF_REQUEST_MAX_CHARS = len(PURPOSE) - 1
    viewer = member(Role.VIEWER)

    response = viewer.get(document_url(document, disbursement))

    report = queued_document(response, document, disbursement)
    assert 'id="report-progress"' in viewer.get(response["Location"]).text
    done = run_render(report.pk)
    assert done.status == ReportStatus.DONE, done.error
    text = pdf_text(done.pdf.read(), tmp_path)
    assert normalise("บุญเรือน ศรีสุข") in text
    assert normalise("10,000.00") in text


@pytest.mark.parametrize("document", ["grant_letter", "receipt"])
def test_a_document_past_its_time_budget_is_made_in_the_background(
    member, disbursement, document, settings
):
    settings.PDF_REQUEST_MAX_SECONDS = 0.001

    response = member(Role.VIEWER).get(document_url(document, disbursement))

    report = queued_document(response, document, disbursement)
    assert run_render(report.pk).status == ReportStatus.DONE


def test_the_reports_page_does_not_offer_one_application_s_documents(member, disbursement):
    page = member(Role.SECRETARY).get(reverse("reports:list", args=["nong-bua"]))

    assert page.status_code == 200
    assert reverse("reports:request", args=["nong-bua", "welfare-board"]) in page.text
    for kind in ("grant-letter", "receipt"):
        assert reverse("reports:request", args=["nong-bua", kind]) not in page.text
