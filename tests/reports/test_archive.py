"""The report archive: queued renders run as background tasks, files are kept with
their checksums and served byte for byte, regenerating makes a new version, and a
render past its time limit fails cleanly."""

import hashlib
import time

import pytest
from django.urls import reverse
from django_tasks_db.management.commands.db_worker import Worker

from core.reporting import REPORT_KINDS as KINDS
from core.reporting import Rendered, ReportKind, Table, register_report_kind
from core.roles import Role
from reports import services
from reports.models import ReportStatus
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def run_queued_tasks() -> None:
    """Run every queued task with the real database worker, in this thread, then stop."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


def request(network, kind="minutes", params=None, **kwargs):
    report_kind = services.kind_or_error(kind)
    clean = services.parse_params(report_kind, network, params or {"meeting": "10/2550"})
    return services.request_render(network=network, kind=report_kind, params=clean, **kwargs)


@pytest.fixture
def meeting(network):
    return MeetingFactory(network=network, number=10, year=2007)


# A real transaction: the task is queued on commit, and the worker, as in production,
# closes connections that are not in autocommit (a test transaction would be lost).
@pytest.mark.django_db(transaction=True)
def test_a_requested_report_is_rendered_by_the_worker(network, meeting):
    report = request(network)
    assert report.status == ReportStatus.QUEUED and report.version == 1

    run_queued_tasks()

    report.refresh_from_db()
    assert report.status == ReportStatus.DONE and report.progress == 100
    pdf = report.pdf.read()
    assert pdf.startswith(b"%PDF-") and report.pages >= 1
    assert report.pdf_sha256 == hashlib.sha256(pdf).hexdigest()
    assert report.xlsx and report.data_as_of is not None


def test_a_download_is_byte_identical_to_the_archived_file(member, network, meeting):
    report = services.run_render(request(network).pk)
    client = member(Role.SECRETARY)
    url = reverse("reports:pdf", args=[network.slug, report.pk])

    first = client.get(url).content
    second = client.get(url).content

    assert first == second
    assert hashlib.sha256(first).hexdigest() == report.pdf_sha256


def test_a_changed_archive_file_is_refused_not_served(member, network, meeting):
    report = services.run_render(request(network).pk)
    with open(report.pdf.path, "ab") as handle:
        handle.write(b"tampered")

    response = member(Role.SECRETARY).get(reverse("reports:pdf", args=[network.slug, report.pk]))

    assert response.status_code == 409
    assert b"tampered" not in response.content


def test_regenerating_makes_a_new_version_and_keeps_the_old_file(network, meeting):
    first = services.run_render(request(network).pk)
    old_bytes = first.pdf.read()
    meeting.place = "ศาลาประชาคมหมู่ 3"
    meeting.save()

    second = services.run_render(request(network).pk)

    assert (first.version, second.version) == (1, 2)
    first.refresh_from_db()
    assert first.pdf.read() == old_bytes
    assert hashlib.sha256(old_bytes).hexdigest() == first.pdf_sha256
    assert second.pdf_sha256 != first.pdf_sha256


def test_english_and_thai_are_versioned_apart(network, meeting):
    thai = request(network)
    english = request(network, language="en")
    assert (thai.version, english.version) == (1, 1)


@pytest.fixture
def slow_kind():
    """A kind whose render takes its time between steps."""

    def render(network, params, language, progress):
        for percent in (10, 20, 30, 40):
            progress(percent, "working")
            time.sleep(0.2)
        return Rendered(pdf=b"%PDF-1.4", tables=[], title="slow", filename="slow", data_as_of=None)

    kind = register_report_kind(
        ReportKind(
            key="slow-test",
            label="slow",
            perm="view_reports",
            parse=lambda network, raw: {},
            describe=lambda network, params: "slow",
            render=render,
        ),
        order=1000,
    )
    yield kind
    KINDS.unregister("slow-test")


def test_a_render_past_its_time_limit_fails_cleanly(network, slow_kind, settings):
    settings.REPORT_RENDER_SECONDS = 0.3
    report = services.request_render(network=network, kind=slow_kind, params={})

    done = services.run_render(report.pk)

    assert done.status == ReportStatus.FAILED
    assert "0.3" in done.error
    assert not done.pdf


def test_a_render_that_breaks_fails_with_a_message(network):
    def broken(network, params, language, progress):
        raise RuntimeError("boom")

    kind = register_report_kind(
        ReportKind(
            "broken-test", "broken", "view_reports", lambda n, r: {}, lambda n, p: "b", broken
        ),
        order=1000,
    )
    try:
        report = services.request_render(network=network, kind=kind, params={})
        done = services.run_render(report.pk)
    finally:
        KINDS.unregister("broken-test")
    assert done.status == ReportStatus.FAILED and "RuntimeError" in done.error


def test_the_excel_companion_holds_the_tables_with_numbers_as_numbers():
    from io import BytesIO

    from openpyxl import load_workbook

    workbook = services.tables_xlsx(
        [
            Table("หมู่บ้าน", ["หมู่", "อนุมัติ"], [("1", 1000), ("=2", 2500.5)], frozenset({1})),
            Table("หมู่บ้าน", ["x"], [("y",)]),
        ]
    )
    sheets = load_workbook(BytesIO(workbook)).worksheets
    assert [sheet.title for sheet in sheets] == ["หมู่บ้าน", "หมู่บ้าน (2)"]
    rows = list(sheets[0].iter_rows(values_only=True))
    assert rows == [("หมู่", "อนุมัติ"), ("1", 1000), ("'=2", 2500.5)]


def test_the_status_part_is_polled_until_the_report_is_done(member, network, meeting):
    client = member(Role.SECRETARY)
    report = request(network)
    url = reverse("reports:status", args=[network.slug, report.pk])

    waiting = client.get(url, headers={"HX-Request": "true"})
    assert 'hx-trigger="every 1s"' in waiting.text and "<progress" in waiting.text
    assert "HX-Refresh" not in waiting

    services.run_render(report.pk)
    done = client.get(url, headers={"HX-Request": "true"})
    assert 'hx-trigger="every 1s"' not in done.text
    assert done["HX-Refresh"] == "true"
    assert reverse("reports:pdf", args=[network.slug, report.pk]) in done.text
