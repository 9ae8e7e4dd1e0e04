"""The welfare pages: programmes, the committee's village board with reviews and
decisions in place (HTMX, out-of-band rows), applications, payments and documents."""

import dataclasses
import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from core.roles import PERMISSIONS, Role
from network.models import Village
from tests.factories import HouseholdFactory, PersonFactory, VillageFactory
from tests.htmx_swap import swapped
from welfare import services
from welfare.models import (
    Application,
    ApplicationStatus,
    Attachment,
    DisbursementMethod,
    GrantKind,
    Programme,
    Review,
)

pytestmark = pytest.mark.django_db

S = ApplicationStatus
HX = {"HX-Request": "true"}


@pytest.fixture
def programme(network):
    programme = services.create_programme(
        network=network,
        name="สมทบกองทุนสวัสดิการเยาวชน",
        year=2007,
        total_budget=Decimal("30000"),
        grant_kinds=[GrantKind.OCCUPATIONAL, GrantKind.EDUCATION],
    )
    for number in (1, 2, 3):
        VillageFactory(network=network, number=number, name=f"บ้านที่ {number}")
    services.set_allocations_equal(programme=programme, amount=Decimal("10000"))
    return programme


def village(programme, number):
    return Village.objects.get(network=programme.network, number=number)


def application_in(programme, number, status=S.UNDER_REVIEW, amount="4000", **person):
    where = village(programme, number)
    applicant = PersonFactory(network=programme.network, village=where, **person)
    application = services.create_application(
        programme=programme,
        applicant=applicant,
        kind=GrantKind.OCCUPATIONAL,
        purpose="ทุนเลี้ยงไก่ไข่",
        requested_amount=Decimal(amount),
    )
    if status != S.DRAFT:
        services.submit(application=application, actor=None)
    if status == S.UNDER_REVIEW:
        services.start_review(application=application, actor=None)
    application.refresh_from_db()
    return application


def th(message: str) -> str:
    """A message as a Thai user reads it."""
    with translation.override("th"):
        return translation.gettext(message)


def board_url(programme):
    return reverse("welfare:programme_board", args=[programme.network.slug, programme.pk])


def village_url(programme, number):
    return reverse("welfare:board_village", args=[programme.network.slug, programme.pk, number])


def url(name, application, *more):
    return reverse(f"welfare:{name}", args=[application.network.slug, application.pk, *more])


def oob_row(html, number):
    match = re.search(
        rf'<tr id="board-row-{number}" hx-swap-oob="true"[^>]*>(.*?)</tr>', html, re.S
    )
    assert match, f"no out-of-band row for village {number}"
    return match.group(1)


def remaining_in(html):
    match = re.search(r"data-remaining>([^<]+)<", html)
    return match.group(1).strip()


# Programmes


def test_it_lists_programmes_with_their_money(member, programme):
    application = application_in(programme, 1)
    services.approve(application=application, amount=Decimal("3000"), actor=None)

    response = member(Role.VIEWER).get(
        reverse("welfare:programme_list", args=[programme.network.slug])
    )

    assert response.status_code == 200
    listed = response.context["programmes"][0]
    assert (listed.allocated, listed.approved, listed.applications_count) == (
        Decimal("30000"),
        Decimal("3000"),
        1,
    )
    assert "2550" in response.text


def test_it_creates_a_programme_with_the_year_typed_in_buddhist_era(member, network):
    response = member(Role.SECRETARY).post(
        reverse("welfare:programme_create", args=[network.slug]),
        {
            "name": "ทุนการศึกษาเยาวชน",
            "year": "2551",
            "target_group": "youth",
            "grant_kinds": ["education"],
            "total_budget": "50000.00",
            "rules": "",
        },
    )

    programme = Programme.objects.get(network=network)
    assert response.status_code == 302 and response.url == programme.get_absolute_url()
    assert (programme.year, programme.grant_kinds, programme.total_budget) == (
        2008,
        ["education"],
        Decimal("50000.00"),
    )


def test_it_refuses_a_budget_below_what_is_allocated(member, programme):
    response = member(Role.SECRETARY).post(
        reverse("welfare:programme_edit", args=[programme.network.slug, programme.pk]),
        {"name": programme.name, "year": "2550", "target_group": "youth", "total_budget": "100"},
    )

    assert response.status_code == 422
    assert "30,000.00" in response.text
    programme.refresh_from_db()
    assert programme.total_budget == Decimal("30000")


def test_it_keeps_welfare_from_partners(member, programme):
    client = member(Role.PARTNER)
    assert client.get(board_url(programme)).status_code == 404
    assert (
        client.get(reverse("welfare:programme_list", args=[programme.network.slug])).status_code
        == 404
    )


# The board


def test_it_shows_one_row_per_village_with_totals(member, programme):
    application_in(programme, 2, amount="2500")

    response = member(Role.VIEWER).get(board_url(programme))

    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row.number for row in rows] == [1, 2, 3]
    assert rows[1].requested == Decimal("2500") and rows[1].awaiting_review == 1
    assert response.context["totals"]["allocation"] == Decimal("30000")
    # The chart is the report's own SVG, with no inline style (the CSP allows none).
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-hbar"' in response.text
    assert "style=" not in str(response.context["chart"])


def test_it_puts_first_the_villages_awaiting_my_review(member, programme):
    committee = member(Role.COMMITTEE)
    application_in(programme, 3)
    reviewed = application_in(programme, 2)
    services.record_review(
        application=reviewed, reviewer=committee.user, reviewer_person=None, recommendation="yes"
    )

    response = committee.get(board_url(programme))

    rows = response.context["rows"]
    assert [row.number for row in rows] == [3, 1, 2]
    assert [row.awaiting_mine for row in rows] == [1, 0, 0]
    assert response.context["mine_total"] == 1


def test_it_opens_a_village_in_place(member, programme):
    application = application_in(programme, 2)

    response = member(Role.COMMITTEE).get(
        village_url(programme, 2), headers={**HX, "HX-Target": "village-panel"}
    )

    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="village-panel"')
    assert application.applicant.full_name in response.text
    assert "<html" not in response.text


def test_it_opens_a_village_as_its_own_page(member, programme):
    application_in(programme, 2)

    response = member(Role.VIEWER).get(village_url(programme, 2))

    assert response.status_code == 200
    assert "<html" in response.text and 'id="board"' in response.text
    assert 'id="board-row-2" class="current"' in response.text


def test_it_sets_every_allocation_in_one_action(member, programme):
    response = member(Role.SECRETARY).post(
        reverse("welfare:allocations_equal", args=[programme.network.slug, programme.pk]),
        {"amount": "8000"},
    )

    assert response.status_code == 302
    amounts = set(programme.allocations.values_list("amount", flat=True))
    assert amounts == {Decimal("8000")}


def test_it_refuses_an_allocation_below_what_is_approved(member, programme):
    application = application_in(programme, 1)
    services.approve(application=application, amount=Decimal("4000"), actor=None)

    response = member(Role.SECRETARY).post(
        reverse("welfare:allocation_set", args=[programme.network.slug, programme.pk, 1]),
        {"amount": "3000"},
        headers={**HX, "HX-Target": "village-panel"},
    )

    assert programme.allocations.get(village__number=1).amount == Decimal("10000")
    panel = swapped(response)  # the status code must be one htmx swaps
    assert panel.lstrip().startswith('<section id="village-panel"')
    assert "4,000.00" in panel  # what is already approved, in the message
    assert 'value="3000"' in panel  # what the secretary typed is kept


# Reviews and decisions in place


def test_a_review_answers_with_the_card_and_the_board_row_out_of_band(member, programme):
    committee = member(Role.COMMITTEE)
    application = application_in(programme, 2)
    prefix = f"review-{application.pk}"

    response = committee.post(
        url("application_review", application),
        {f"{prefix}-recommendation": "yes", f"{prefix}-comment": "ครอบครัวยากจนจริง"},
        headers={**HX, "HX-Target": f"application-{application.pk}"},
    )

    assert response.status_code == 200
    review = Review.objects.get(application=application)
    assert (review.reviewer, review.recommendation, review.comment) == (
        committee.user,
        "yes",
        "ครอบครัวยากจนจริง",
    )
    assert response.text.lstrip().startswith(f'<article id="application-{application.pk}"')
    assert 'id="village-totals" class="stats" hx-swap-oob="true"' in response.text
    assert "for you" not in oob_row(response.text, 2)  # nothing left for this member


def test_an_approval_updates_the_remaining_amount_out_of_band(member, programme):
    application = application_in(programme, 2, amount="4000")
    prefix = f"decide-{application.pk}"

    response = member(Role.COMMITTEE).post(
        url("application_decide", application),
        {
            f"{prefix}-decision": "approve",
            f"{prefix}-amount": "3500",
            f"{prefix}-version": str(application.version),
        },
        headers={**HX, "HX-Target": f"application-{application.pk}"},
    )

    assert response.status_code == 200
    application.refresh_from_db()
    assert (application.status, application.approved_amount) == (S.APPROVED, Decimal("3500"))
    assert remaining_in(oob_row(response.text, 2)) == "6,500.00"
    assert 'id="village-remaining">6,500.00<' in response.text
    assert 'id="board-totals" hx-swap-oob="true"' in response.text
    assert 'id="board-chart" class="chart" hx-swap-oob="true"' in response.text
    assert "3,500 / 10,000" in response.text  # the chart's label for the village


def test_an_approval_over_the_allocation_is_refused_and_changes_nothing(member, programme):
    first = application_in(programme, 1, amount="8000")
    services.approve(application=first, amount=Decimal("8000"), actor=None)
    second = application_in(programme, 1, amount="3000")
    prefix = f"decide-{second.pk}"

    response = member(Role.COMMITTEE).post(
        url("application_decide", second),
        {
            f"{prefix}-decision": "approve",
            f"{prefix}-amount": "3000",
            f"{prefix}-version": str(second.version),
        },
        headers={**HX, "HX-Target": f"application-{second.pk}"},
    )

    second.refresh_from_db()
    assert second.status == S.UNDER_REVIEW and second.approved_amount is None
    assert second.status_changes.filter(to_status=S.APPROVED).count() == 0
    card = swapped(response)  # the status code must be one htmx swaps
    assert card.lstrip().startswith(f'<article id="application-{second.pk}"')
    message = th("Only %(remaining)s baht of this village's allocation remains.")
    assert message % {"remaining": "2,000.00"} in card


def test_a_decision_on_a_changed_application_is_refused(member, programme):
    application = application_in(programme, 1)
    opened_at = application.version
    services.return_for_info(application=application, actor=None, reason="ขาดเอกสาร")
    prefix = f"decide-{application.pk}"

    response = member(Role.COMMITTEE).post(
        url("application_decide", application),
        {f"{prefix}-decision": "reject", f"{prefix}-reason": "ซ้ำ", f"{prefix}-version": opened_at},
        headers={**HX, "HX-Target": f"application-{application.pk}"},
    )

    application.refresh_from_db()
    assert application.status == S.RETURNED
    assert application.version == opened_at + 1
    card = swapped(response)  # the status code must be one htmx swaps
    assert card.lstrip().startswith(f'<article id="application-{application.pk}"')
    assert (
        th(
            "This application was changed by someone else after you opened it. "
            "Reload the page to see the change, then try again."
        )
        in card
    )


def test_a_rejection_needs_a_reason(member, programme):
    application = application_in(programme, 1)
    prefix = f"decide-{application.pk}"

    response = member(Role.COMMITTEE).post(
        url("application_decide", application),
        {f"{prefix}-decision": "reject", f"{prefix}-version": application.version},
        headers={**HX, "HX-Target": f"application-{application.pk}"},
    )

    assert response.status_code == 422
    application.refresh_from_db()
    assert application.status == S.UNDER_REVIEW


HOUSEHOLD_NOTICE = (
    "You live in the applicant's household: you can neither review nor decide this application."
)


def relative_on_committee(member, programme, household):
    """A committee member who lives in ``household``, as a person of the network."""
    committee = member(Role.COMMITTEE)
    committee.membership.person = PersonFactory(
        network=programme.network, village=village(programme, 1), household=household
    )
    committee.membership.save()
    return committee


def test_a_household_member_cannot_review(member, programme, network):
    household = HouseholdFactory(network=network, village=village(programme, 1))
    application = application_in(programme, 1, household=household)
    committee = relative_on_committee(member, programme, household)

    page = committee.get(village_url(programme, 1))
    assert th(HOUSEHOLD_NOTICE) in page.text
    assert f"review-{application.pk}-recommendation" not in page.text
    assert f"decide-{application.pk}-decision" not in page.text

    prefix = f"review-{application.pk}"
    response = committee.post(
        url("application_review", application),
        {f"{prefix}-recommendation": "yes"},
        headers={**HX, "HX-Target": f"application-{application.pk}"},
    )
    assert response.status_code == 422
    assert not Review.objects.filter(application=application).exists()


def test_a_household_member_is_shown_no_decision_form_and_cannot_decide(member, programme, network):
    household = HouseholdFactory(network=network, village=village(programme, 1))
    application = application_in(programme, 1, household=household)
    committee = relative_on_committee(member, programme, household)

    page = committee.get(url("application_detail", application))
    assert th(HOUSEHOLD_NOTICE) in page.text
    assert reverse("welfare:application_decide", args=[network.slug, application.pk]) not in (
        page.text
    )
    assert reverse("welfare:application_review", args=[network.slug, application.pk]) not in (
        page.text
    )

    prefix = f"decide-{application.pk}"
    response = committee.post(
        url("application_decide", application),
        {
            f"{prefix}-decision": "approve",
            f"{prefix}-amount": "200",
            f"{prefix}-version": application.version,
        },
    )
    assert response.status_code == 422
    assert th("A member of the applicant's household cannot decide this application.") in (
        response.text
    )
    application.refresh_from_db()
    assert (application.status, application.approved_amount) == (S.UNDER_REVIEW, None)


def test_the_board_counts_for_a_member_only_what_they_may_review(member, programme, network):
    household = HouseholdFactory(network=network, village=village(programme, 1))
    application_in(programme, 1, household=household)  # their own household's
    neighbours = HouseholdFactory(network=network, village=village(programme, 1))
    application_in(programme, 1, household=neighbours)
    declared = application_in(programme, 3)
    committee = relative_on_committee(member, programme, household)
    services.record_review(
        application=declared,
        reviewer=committee.user,
        reviewer_person=committee.membership.person,
        conflict_declared=True,
    )

    response = committee.get(board_url(programme))

    rows = response.context["rows"]
    assert [row.number for row in rows] == [1, 2, 3]  # only village 1 has one for them
    assert [row.awaiting_mine for row in rows] == [1, 0, 0]
    assert [row.awaiting_review for row in rows] == [2, 0, 1]  # everyone's count unchanged
    assert response.context["mine_total"] == 1


def test_the_board_puts_first_only_villages_with_applications_a_member_may_review(
    member, programme, network
):
    household = HouseholdFactory(network=network, village=village(programme, 2))
    application_in(programme, 2, household=household)
    committee = relative_on_committee(member, programme, household)

    response = committee.get(board_url(programme))

    assert [row.number for row in response.context["rows"]] == [1, 2, 3]
    assert response.context["mine_total"] == 0


def test_roles_without_the_permission_cannot_review_or_decide(member, programme):
    application = application_in(programme, 1)
    secretary = member(Role.SECRETARY)

    assert secretary.post(url("application_review", application), {}).status_code == 403
    assert secretary.post(url("application_decide", application), {}).status_code == 403
    application.refresh_from_db()
    assert application.status == S.UNDER_REVIEW


# The application's path from its page


def test_a_secretary_records_and_submits_an_application(member, programme, network):
    secretary = member(Role.SECRETARY)
    applicant = PersonFactory(network=network, village=village(programme, 3))

    response = secretary.post(
        reverse("welfare:application_create", args=[network.slug, programme.pk]),
        {
            "applicant": applicant.pk,
            "kind": "occupational",
            "purpose": "ซื้อพันธุ์ปลาดุก",
            "requested_amount": "2500.50",
        },
    )
    application = Application.objects.get(applicant=applicant)
    assert response.status_code == 302
    assert (application.status, application.village, application.requested_amount) == (
        S.DRAFT,
        village(programme, 3),
        Decimal("2500.50"),
    )

    secretary.post(
        url("application_step", application), {"step": "submit", "version": application.version}
    )
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    assert application.status_changes.get().changed_by == secretary.user


def test_an_application_opened_from_a_village_offers_its_people_first(member, programme, network):
    elsewhere = PersonFactory(network=network, village=village(programme, 1), first_name="ก่อน")
    here = PersonFactory(network=network, village=village(programme, 3), first_name="ฮา")

    response = member(Role.SECRETARY).get(
        reverse("welfare:application_create", args=[network.slug, programme.pk]) + "?village=3"
    )

    # The applicant search on this form says which village it was opened from...
    hint = village(programme, 3).pk
    assert f'hx-vals="{{&quot;village&quot;: &quot;{hint}&quot;}}"' in response.text
    assert response.context["form"].initial["village"] == village(programme, 3)
    # ...and the search lists that village's people first.
    found = member(Role.SECRETARY).get(
        reverse("picker:search", args=[network.slug, "people"]), {"q": "ใจ", "village": hint}
    )
    names = [here.full_name, elsewhere.full_name]
    assert all(name in found.text for name in names)
    assert found.text.index(here.full_name) < found.text.index(elsewhere.full_name)


def test_a_kind_the_programme_does_not_fund_is_not_offered(member, programme):
    response = member(Role.SECRETARY).get(
        reverse("welfare:application_create", args=[programme.network.slug, programme.pk])
    )
    kinds = [value for value, _label in response.context["form"].fields["kind"].choices]
    assert kinds == ["occupational", "education"]


def test_an_edit_made_after_another_is_refused(member, programme):
    application = application_in(programme, 1, status=S.DRAFT)
    secretary = member(Role.SECRETARY)
    stale = application.version
    services.update_application(
        application=application,
        version=stale,
        kind="occupational",
        purpose="แก้โดยอีกคน",
        requested_amount=Decimal("4000"),
        village=application.village,
    )

    response = secretary.post(
        url("application_edit", application),
        {
            "kind": "education",
            "purpose": "แก้ทับ",
            "requested_amount": "1000",
            "version": stale,
        },
    )

    assert response.status_code == 422
    application.refresh_from_db()
    assert application.purpose == "แก้โดยอีกคน"


def test_a_step_the_role_may_not_take_is_refused(member, programme):
    application = application_in(programme, 1, status=S.SUBMITTED)

    member(Role.COORDINATOR).post(
        url("application_step", application),
        {"step": "start_review", "version": application.version},
    )

    application.refresh_from_db()
    assert application.status == S.SUBMITTED


def test_withdrawing_needs_a_reason(member, programme):
    application = application_in(programme, 1, status=S.SUBMITTED)
    secretary = member(Role.SECRETARY)

    secretary.post(
        url("application_step", application), {"step": "withdraw", "version": application.version}
    )
    application.refresh_from_db()
    assert application.status == S.SUBMITTED

    secretary.post(
        url("application_step", application),
        {"step": "withdraw", "reason": "ได้ทุนอื่นแล้ว", "version": application.version},
    )
    application.refresh_from_db()
    assert application.status == S.WITHDRAWN


def test_the_accountant_records_a_payment_and_gets_its_receipt(member, programme):
    application = application_in(programme, 1)
    services.approve(application=application, amount=Decimal("4000"), actor=None)
    accountant = member(Role.ACCOUNTANT)

    response = accountant.post(
        url("application_disburse", application),
        {"date": "15/10/2550", "amount": "4000", "method": "cash", "receipt_number": "สว.50/001"},
    )

    assert response.status_code == 302
    application.refresh_from_db()
    payment = application.disbursements.get()
    assert (application.status, payment.date, payment.amount) == (
        S.DISBURSED,
        dt.date(2007, 10, 15),
        Decimal("4000"),
    )
    receipt = accountant.get(url("receipt", application, payment.pk))
    assert receipt.status_code == 200 and receipt["Content-Type"] == "application/pdf"
    assert receipt.content.startswith(b"%PDF-")


def test_a_payment_over_the_approved_amount_changes_nothing(member, programme):
    application = application_in(programme, 1)
    services.approve(application=application, amount=Decimal("3000"), actor=None)

    member(Role.ACCOUNTANT).post(
        url("application_disburse", application),
        {"date": "15/10/2550", "amount": "3000.01", "method": "cash", "receipt_number": "1"},
    )

    application.refresh_from_db()
    assert application.status == S.APPROVED and not application.disbursements.exists()


def test_the_grant_letter_exists_once_an_amount_is_approved(member, programme):
    application = application_in(programme, 1)
    viewer = member(Role.VIEWER)

    refused = viewer.get(url("grant_letter", application))
    assert refused.status_code == 302 and refused.url == application.get_absolute_url()

    services.approve(application=application, amount=Decimal("4000"), actor=None)
    letter = viewer.get(url("grant_letter", application))
    assert letter.status_code == 200 and letter.content.startswith(b"%PDF-")


def test_reporting_late_is_flagged_and_follow_up_closes_the_grant(member, programme):
    application = application_in(programme, 1)
    services.approve(application=application, amount=Decimal("4000"), actor=None)
    services.disburse(
        application=application,
        amount=Decimal("4000"),
        date=dt.date(2007, 10, 1),
        method=DisbursementMethod.CASH,
        receipt_number="R1",
        actor=None,
    )
    secretary = member(Role.SECRETARY)
    application.refresh_from_db()

    secretary.post(
        url("application_reporting", application),
        {"report_due": "31/12/2550", "version": application.version},
    )
    page = secretary.get(application.get_absolute_url())
    assert page.context["late"] is True

    application.refresh_from_db()
    secretary.post(
        url("application_follow_up", application),
        {"result": "running", "note": "ขายไข่ได้ทุกวัน", "version": application.version},
    )
    application.refresh_from_db()
    secretary.post(
        url("application_step", application), {"step": "close", "version": application.version}
    )
    application.refresh_from_db()
    assert (application.status, application.follow_up_result) == (S.CLOSED, "running")


# Documents


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_pdf_is_attached_and_downloaded_by_those_who_may_see_it(
    member, programme, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    application = application_in(programme, 1, status=S.DRAFT)

    member(Role.SECRETARY).post(
        url("attachment_upload", application),
        {"file": SimpleUploadedFile("บัตรประชาชน.pdf", PDF_BYTES, "application/pdf")},
    )

    attachment = Attachment.objects.get(application=application)
    assert (attachment.original_name, attachment.content_type, attachment.size) == (
        "บัตรประชาชน.pdf",
        "application/pdf",
        len(PDF_BYTES),
    )
    download = member(Role.VIEWER).get(url("attachment_download", application, attachment.pk))
    assert b"".join(download.streaming_content) == PDF_BYTES


def test_a_file_that_is_not_a_pdf_or_image_is_refused(member, programme, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    application = application_in(programme, 1, status=S.DRAFT)

    response = member(Role.SECRETARY).post(
        url("attachment_upload", application),
        {"file": SimpleUploadedFile("ใบสมัคร.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")},
        follow=True,
    )

    assert not Attachment.objects.exists()
    assert th("Attach a PDF, PNG or JPEG file: this file is none of them.") in response.text


PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16 + b"<script>alert(1)</script>"


@pytest.mark.parametrize("name", ["x.html", "photo.svg", "shell.php", "no-suffix"])
def test_a_file_is_stored_under_its_detected_type_not_the_uploaders_suffix(
    member, programme, tmp_path, settings, name
):
    settings.MEDIA_ROOT = tmp_path
    application = application_in(programme, 1, status=S.DRAFT)

    member(Role.SECRETARY).post(
        url("attachment_upload", application),
        {"file": SimpleUploadedFile(name, PNG_BYTES, "text/html")},
    )

    attachment = Attachment.objects.get(application=application)
    assert attachment.content_type == "image/png"
    assert attachment.file.name.endswith(".png")
    assert [p.suffix for p in tmp_path.rglob("*") if p.is_file()] == [".png"]
    assert attachment.original_name == name  # kept for the download's file name only


def test_a_file_over_the_size_limit_is_refused(member, programme, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    settings.WELFARE_ATTACHMENT_MAX_BYTES = 100
    application = application_in(programme, 1, status=S.DRAFT)

    member(Role.SECRETARY).post(
        url("attachment_upload", application),
        {"file": SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * 200, "application/pdf")},
    )

    assert not Attachment.objects.exists()


# The village page


def test_the_village_page_has_a_welfare_section(member, programme):
    application = application_in(programme, 2)
    services.approve(application=application, amount=Decimal("2500"), actor=None)

    response = member(Role.VIEWER).get(village(programme, 2).get_absolute_url())

    assert 'id="welfare-section"' in response.text
    assert programme.name in response.text and "7,500.00" in response.text


def test_the_welfare_section_shows_only_to_roles_that_may_see_welfare(member, programme):
    url = village(programme, 2).get_absolute_url()
    assert 'id="welfare-section"' in member(Role.VIEWER).get(url).text

    # Every role that sees villages sees welfare too, so take view_welfare (the
    # permission the village page checks for this section) from the viewer.
    view_welfare = PERMISSIONS["view_welfare"]
    without_viewer = dataclasses.replace(view_welfare, roles=view_welfare.roles - {Role.VIEWER})
    with PERMISSIONS.replaced("view_welfare", without_viewer):
        page = member(Role.VIEWER).get(url)
        secretary_page = member(Role.SECRETARY).get(url)

    assert page.status_code == 200
    assert village(programme, 2).name in page.text
    assert 'id="welfare-section"' not in page.text
    assert programme.name not in page.text
    assert 'id="welfare-section"' in secretary_page.text


# Recent changes


def test_welfare_changes_are_among_the_recent_changes(member, programme):
    application = application_in(programme, 2)
    network = programme.network

    page = member(Role.SECRETARY).get(reverse("network:home", args=[network.slug])).text
    assert f'href="{application.get_absolute_url()}">{application.applicant.full_name}</a>' in page
    assert f'href="{programme.get_absolute_url()}">{programme.name}</a>' in page

    hidden = member(Role.PARTNER).get(reverse("network:home", args=[network.slug])).text
    assert application.applicant.full_name not in hidden
