"""The minutes PDF has a budget inside a request (issue 11: four viewers opening a
1,000,000-character minutes PDF at once held every web worker for 30 s).

Past the budget the render goes to the background worker through the reports
archive, and the request answers at once with the report's page and its progress
bar; under it the PDF comes straight back, as before. The budget is a size,
estimated before rendering, and a time: a render still running after
``PDF_REQUEST_MAX_SECONDS`` is stopped and queued the same way.
"""

import time

import pytest
from django.urls import reverse

from core import limits
from core.pdf import start_engine
from core.reporting import BACKGROUND_RENDERS, register_background_render
from core.roles import Role
from network.minutes import minutes_estimate, minutes_pdf
from network.models import AgendaSection, MeetingStatus
from reports import services as report_services
from reports.models import GeneratedReport, ReportStatus
from tests.factories import AgendaItemFactory, MeetingFactory


@pytest.fixture
def meeting(network):
    return MeetingFactory(network=network, status=MeetingStatus.IN_SESSION)


@pytest.fixture
def huge(network, meeting, settings):
    """Minutes past the budget: five items typed to their full length."""
    for position in range(1, 6):
        AgendaItemFactory(
            network=network,
            meeting=meeting,
            section=AgendaSection.FOR_DECISION,
            position=position,
            discussion="ที่ประชุมหารือ " * (limits.LONG_TEXT // 15),
        )
    assert minutes_estimate(meeting).chars > settings.PDF_REQUEST_MAX_CHARS
    return meeting


def pdf_url(meeting) -> str:
    return reverse("network:meeting_pdf", args=[meeting.network.slug, meeting.pk])


def test_it_sends_a_pdf_within_budget_straight_back(member, network, meeting):
    AgendaItemFactory(network=network, meeting=meeting, discussion="สั้น ๆ")
    assert not minutes_estimate(meeting).over_budget

    response = member(Role.VIEWER).get(pdf_url(meeting))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert not GeneratedReport.objects.exists()


def test_it_queues_a_pdf_past_budget_and_answers_at_once(member, huge):
    viewer = member(Role.VIEWER)

    started = time.monotonic()
    response = viewer.get(pdf_url(huge))
    elapsed = time.monotonic() - started

    assert elapsed < 2, "the over-budget request must not render the PDF itself"
    report = GeneratedReport.objects.get()
    assert (report.kind, report.params, report.status) == (
        "minutes",
        {"meeting": huge.pk},
        ReportStatus.QUEUED,
    )
    assert response.status_code == 302
    assert response["Location"] == report.get_absolute_url()

    page = viewer.get(response["Location"])
    assert page.status_code == 200
    assert 'id="report-progress"' in page.text


def test_many_requests_for_one_large_pdf_start_one_render(member, huge):
    viewer = member(Role.VIEWER)
    for _ in range(4):
        assert viewer.get(pdf_url(huge)).status_code == 302
    assert GeneratedReport.objects.count() == 1


def test_the_queued_render_makes_the_whole_pdf(member, huge):
    member(Role.VIEWER).get(pdf_url(huge))
    report = report_services.run_render(GeneratedReport.objects.get().pk)

    assert report.status == ReportStatus.DONE
    assert report.pdf.read(5) == b"%PDF-"


def test_it_refuses_with_a_page_when_nothing_renders_in_the_background(member, huge):
    render = BACKGROUND_RENDERS.get("archive")
    BACKGROUND_RENDERS.unregister("archive")
    try:
        response = member(Role.VIEWER).get(pdf_url(huge))
    finally:
        register_background_render(render)

    assert response.status_code == 413
    assert "60,000" in response.text
    assert not GeneratedReport.objects.exists()


# The time budget


@pytest.fixture
def long_but_in_budget(network, meeting, settings):
    """Minutes of about 45,000 characters: within the size budget, a second or more to render."""
    for position in range(1, 4):
        AgendaItemFactory(
            network=network,
            meeting=meeting,
            section=AgendaSection.FOR_DECISION,
            position=position,
            discussion="ที่ประชุมหารือเรื่องกองทุน " * 600,
        )
    assert not minutes_estimate(meeting).over_budget
    return meeting


def test_a_render_past_its_time_budget_is_stopped_and_queued(member, long_but_in_budget, settings):
    settings.PDF_REQUEST_MAX_SECONDS = 0.2
    viewer = member(Role.VIEWER)
    start_engine()  # the once-per-process import is not what this test times

    started = time.monotonic()
    response = viewer.get(pdf_url(long_but_in_budget))
    elapsed = time.monotonic() - started

    report = GeneratedReport.objects.get()
    assert (report.kind, report.params, report.status) == (
        "minutes",
        {"meeting": long_but_in_budget.pk},
        ReportStatus.QUEUED,
    )
    assert response.status_code == 302
    assert response["Location"] == report.get_absolute_url()
    page = viewer.get(response["Location"])
    assert 'id="report-progress"' in page.text

    started = time.monotonic()
    whole = minutes_pdf(long_but_in_budget)
    full_render = time.monotonic() - started
    assert whole.startswith(b"%PDF-")
    assert elapsed < full_render / 2, (
        f"the request took {elapsed:.2f} s, the whole render {full_render:.2f} s: "
        "it must stop near its budget, not render to the end"
    )


def test_the_background_makes_the_pdf_the_request_gave_up_on(member, long_but_in_budget, settings):
    settings.PDF_REQUEST_MAX_SECONDS = 0.2
    member(Role.VIEWER).get(pdf_url(long_but_in_budget))

    report = report_services.run_render(GeneratedReport.objects.get().pk)

    assert report.status == ReportStatus.DONE
    assert report.pages > 5
    assert report.pdf.read(5) == b"%PDF-"


def test_a_render_within_its_time_budget_comes_straight_back(member, long_but_in_budget, settings):
    settings.PDF_REQUEST_MAX_SECONDS = 60

    response = member(Role.VIEWER).get(pdf_url(long_but_in_budget))

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    assert not GeneratedReport.objects.exists()


def test_too_slow_without_a_background_worker_says_so(member, long_but_in_budget, settings):
    settings.PDF_REQUEST_MAX_SECONDS = 0.2
    render = BACKGROUND_RENDERS.get("archive")
    BACKGROUND_RENDERS.unregister("archive")
    try:
        response = member(Role.VIEWER).get(pdf_url(long_but_in_budget))
    finally:
        register_background_render(render)

    assert response.status_code == 503
    assert response["Retry-After"]
    assert "0.2" in response.text
    assert not GeneratedReport.objects.exists()
