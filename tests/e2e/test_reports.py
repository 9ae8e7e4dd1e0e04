"""Reports in Chromium: a secretary starts a render and watches its progress bar
reach done; a partner opens a signed link, without an account, and downloads the PDF."""

import datetime as dt
import hashlib
import threading

import pytest
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from playwright.sync_api import expect

from network.services.meetings import create_meeting
from reports import services
from reports.models import GeneratedReport, LinkDownload, ReportStatus

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def meeting(e2e_data):
    return create_meeting(network=e2e_data.network, date=dt.date(2007, 10, 9), number=10)


@pytest.fixture
def worker():
    """The real database worker, in a thread of this process, started on demand."""
    running: list[tuple[Worker, threading.Thread]] = []

    def start() -> None:
        task_worker = Worker(
            queue_names=["default"],
            interval=0.1,
            batch=False,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="e2e-worker",
            excluded_queue_names=[],
        )
        thread = threading.Thread(target=task_worker.run, daemon=True)
        thread.start()
        running.append((task_worker, thread))

    yield start
    for task_worker, thread in running:
        task_worker.running = False
        thread.join(timeout=10)


def test_secretary_watches_a_render_reach_done(
    page, live_server, e2e_data, meeting, login, worker, console_errors
):
    slug = e2e_data.network.slug
    login()
    page.locator(f"nav.mainnav a[href='/n/{slug}/reports/']").click()
    page.wait_for_url(f"{live_server.url}/n/{slug}/reports/")

    form = page.locator("#kind-minutes form")
    form.locator("select[name='minutes-meeting']").select_option("10/2550")
    form.get_by_role("button").click()

    # Queued: the page shows the bar at the start, and polls.
    progress = page.locator("#report-progress")
    expect(progress).to_be_visible()
    report = GeneratedReport.objects.get()
    assert report.status == ReportStatus.QUEUED
    assert page.url == f"{live_server.url}{report.get_absolute_url()}"

    # The worker picks the task up; the page follows it to the end without a click.
    worker()
    expect(page.locator("#status .badge-done")).to_be_visible(timeout=30_000)
    expect(progress).to_have_count(0)
    with page.expect_download() as download_info:
        page.locator("#status a.button", has_text="PDF").click()
    content = open(download_info.value.path(), "rb").read()  # noqa: SIM115
    report.refresh_from_db()
    assert content.startswith(b"%PDF-")
    assert hashlib.sha256(content).hexdigest() == report.pdf_sha256
    assert console_errors == []


def test_partner_opens_a_signed_link_and_downloads_the_pdf(
    browser, live_server, e2e_data, meeting, console_errors
):
    kind = services.kind_or_error("minutes")
    report = services.run_render(
        services.request_render(
            network=e2e_data.network,
            kind=kind,
            params=services.parse_params(kind, e2e_data.network, {"meeting": "10/2550"}),
        ).pk
    )
    link = services.create_link(
        report=report, expires_on=timezone.localdate() + dt.timedelta(days=30), label="อบต."
    )

    # A new browser, never logged in: the partner has no account.
    context = browser.new_context(locale="th-TH", accept_downloads=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/r/{link.token}/")
    expect(page.locator("h1")).to_have_text(report.title)
    expect(page.locator("body")).to_contain_text(e2e_data.network.name)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF").click()
    download = download_info.value
    content = open(download.path(), "rb").read()  # noqa: SIM115

    assert hashlib.sha256(content).hexdigest() == report.pdf_sha256
    assert download.suggested_filename.endswith(".pdf")
    assert LinkDownload.objects.filter(link=link, file_format="pdf").count() == 1

    # Withdrawn: the same link now answers with a clear page.
    services.revoke_link(link=link, actor=None)
    response = page.goto(f"{live_server.url}/r/{link.token}/report.pdf")
    assert response.status == 410
    expect(page.locator("h1")).to_be_visible()
    context.close()
