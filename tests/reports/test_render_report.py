"""``manage.py render_report``: any kind to a PDF (and a workbook), one line per mistake."""

import dataclasses
import datetime as dt
import io
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone, translation

from core import reporting as registry
from reports.management.commands import render_report
from tests.factories import (
    AllocationFactory,
    ApplicationFactory,
    MeetingFactory,
    ProgrammeFactory,
    VillageFactory,
)
from tests.pdf_tools import normalise, run_tool
from welfare.models import ApplicationStatus, StatusChange

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
FROZEN = timezone.make_aware(dt.datetime(2007, 10, 20, 9, 30))


@pytest.fixture(autouse=True)
def _english_messages(settings):
    """The command speaks the site's language; these tests read its English lines.
    (The reports themselves are Thai unless --lang en.)"""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _frozen_clock(monkeypatch):
    """One moment for every render, so that two renders of one report read the same."""
    monkeypatch.setattr(timezone, "now", lambda: FROZEN)


@pytest.fixture
def meeting(network):
    return MeetingFactory(network=network, date=dt.date(2007, 10, 9), number=10)


@pytest.fixture
def programme(network):
    programme = ProgrammeFactory(network=network, name="กองทุนสวัสดิการเยาวชน", year=2007)
    for number, name in enumerate(["บ้านลำสินธุ์", "บ้านควนโหนด"], start=1):
        village = VillageFactory(network=network, number=number, name=name)
        AllocationFactory(network=network, programme=programme, village=village)
        application = ApplicationFactory(
            network=network,
            programme=programme,
            village=village,
            status=ApplicationStatus.APPROVED,
            approved_amount=Decimal("2500.00"),
        )
        # Approved with its step, as the app records it: the board stands at a moment.
        StatusChange.objects.create(
            network=network,
            application=application,
            from_status=ApplicationStatus.UNDER_REVIEW,
            to_status=ApplicationStatus.APPROVED,
            changed_at=FROZEN - dt.timedelta(days=1),
        )
    return programme


def render(*args: str) -> str:
    """Run the command and return the line it printed."""
    out = io.StringIO()
    call_command("render_report", *args, stdout=out)
    return out.getvalue()


def pdf_text(path: Path) -> str:
    return normalise(run_tool("pdftotext", str(path), "-"))


def describe(kind: str, network, params: dict, language: str = "th") -> str:
    with translation.override(language):
        return registry.get_report_kind(kind).describe(network, params)


# Each kind writes a real PDF


def test_it_writes_the_monthly_report(network, meeting, tmp_path, poppler):
    output = tmp_path / "monthly.pdf"

    line = render(
        "monthly", "--network", network.slug, "--month", "2550-10", "--output", str(output)
    )

    assert output.read_bytes().startswith(b"%PDF-")
    title = describe("monthly", network, {"month": "2007-10"})
    assert normalise(title) in pdf_text(output)
    assert normalise("ตุลาคม 2550") in pdf_text(output)
    assert line.count("\n") == 1
    assert line.startswith(title)
    assert "bytes" in line
    assert str(output) in line


@pytest.mark.parametrize("meeting_arg", ["10/2550", "10/2007", "id"])
def test_it_writes_the_minutes_of_a_meeting(network, meeting, tmp_path, poppler, meeting_arg):
    output = tmp_path / "minutes.pdf"
    value = str(meeting.pk) if meeting_arg == "id" else meeting_arg

    line = render("minutes", "--network", network.slug, "--meeting", value, "--output", str(output))

    assert output.read_bytes().startswith(b"%PDF-")
    text = pdf_text(output)
    assert normalise("10/2550") in text
    assert normalise("9 ตุลาคม 2550") in text
    assert normalise(network.name) in text
    assert line.startswith(describe("minutes", network, {"meeting": meeting.pk}))


def test_it_writes_the_welfare_board(network, programme, tmp_path, poppler):
    output = tmp_path / "board.pdf"

    line = render(
        "welfare-board",
        "--network",
        network.slug,
        "--programme",
        str(programme.pk),
        "--output",
        str(output),
    )

    assert output.read_bytes().startswith(b"%PDF-")
    text = pdf_text(output)
    assert normalise(describe("welfare-board", network, {"programme": programme.pk})) in text
    assert normalise("บ้านควนโหนด") in text
    assert normalise("5,000.00") in text  # the approved total
    title = describe("welfare-board", network, {"programme": programme.pk})
    assert title == "กระดานหมู่บ้าน: กองทุนสวัสดิการเยาวชน ปี 2550"
    # No --as-of: the board as of the moment it was made, which its title names.
    assert line.startswith(f"{title} ณ 20 ตุลาคม 2550 09.30 น.: 1 page,")


def test_it_writes_the_welfare_board_as_of_a_past_day(network, programme, tmp_path, poppler):
    output = tmp_path / "board.pdf"

    line = render(
        "welfare-board",
        "--network",
        network.slug,
        "--programme",
        str(programme.pk),
        "--as-of",
        "18/10/2550",
        "--output",
        str(output),
    )

    text = pdf_text(output)
    # The approvals were recorded on the 19th: the board of the 18th has none.
    assert normalise("18 ตุลาคม 2550 23.59 น.") in text
    assert normalise("5,000.00") not in text
    assert "ณ 18 ตุลาคม 2550 23.59 น.: 1 page," in line


def test_it_renders_in_english_when_asked(network, meeting, tmp_path, poppler):
    output = tmp_path / "monthly.pdf"

    line = render(
        "monthly",
        "--network",
        network.slug,
        "--month",
        "2550-10",
        "--lang",
        "en",
        "--output",
        str(output),
    )

    text = pdf_text(output)
    assert normalise("October 2007") in text
    assert normalise("ตุลาคม") not in text
    assert line.startswith(describe("monthly", network, {"month": "2007-10"}, "en"))


def test_it_writes_the_tables_to_a_workbook(network, programme, tmp_path):
    output, xlsx = tmp_path / "board.pdf", tmp_path / "board.xlsx"

    line = render(
        "welfare-board",
        "--network",
        network.slug,
        "--programme",
        str(programme.pk),
        "--output",
        str(output),
        "--xlsx",
        str(xlsx),
    )

    sheet = openpyxl.load_workbook(xlsx).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("หมู่ที่", "หมู่บ้าน", "วงเงินจัดสรร (บาท)")
    assert [row[1] for row in rows[1:]] == ["บ้านลำสินธุ์", "บ้านควนโหนด", "รวม"]
    assert rows[-1][4] == 5000
    assert str(xlsx) in line


def test_it_writes_a_workbook_for_the_minutes_and_for_the_monthly_report(
    network, meeting, tmp_path
):
    for kind, option, value in [
        ("minutes", "--meeting", "10/2550"),
        ("monthly", "--month", "2007-10"),
    ]:
        xlsx = tmp_path / f"{kind}.xlsx"
        render(
            kind,
            "--network",
            network.slug,
            option,
            value,
            "--output",
            str(tmp_path / f"{kind}.pdf"),
            "--xlsx",
            str(xlsx),
        )
        assert openpyxl.load_workbook(xlsx).sheetnames


def test_a_month_in_be_and_in_ce_gives_the_same_report(network, meeting, tmp_path, poppler):
    be, ce = tmp_path / "be.pdf", tmp_path / "ce.pdf"

    be_line = render(
        "monthly", "--network", network.slug, "--month", "2550-10", "--output", str(be)
    )
    ce_line = render(
        "monthly", "--network", network.slug, "--month", "2007-10", "--output", str(ce)
    )

    assert pdf_text(be) == pdf_text(ce)
    assert be_line.split(" bytes")[0] == ce_line.split(" bytes")[0]


def test_it_replaces_an_older_file_and_leaves_nothing_else(network, programme, tmp_path):
    output = tmp_path / "board.pdf"
    output.write_bytes(b"last month")

    render(
        "welfare-board",
        "--network",
        network.slug,
        "--programme",
        str(programme.pk),
        "--output",
        str(output),
    )

    assert output.read_bytes().startswith(b"%PDF-")
    assert [path.name for path in tmp_path.iterdir()] == ["board.pdf"]


# Every mistake is one line and a non-zero exit


@pytest.fixture
def bad_args(network, other_network, meeting, programme, tmp_path):
    """Each mistake, as arguments, with a piece of the message it gets."""
    theirs = ProgrammeFactory(network=other_network)
    out = ["--output", str(tmp_path / "report.pdf")]
    slug = ["--network", network.slug]
    return {
        # Every known kind is named; later workstreams may add theirs.
        "unknown kind": (["yearly", *slug, *out], "Reports: "),
        "unknown network": (
            ["monthly", "--network", "nowhere", "--month", "2550-10", *out],
            "There is no network “nowhere”",
        ),
        "no network": (["monthly", "--month", "2550-10", *out], "--network"),
        "a parameter the kind does not take": (
            ["monthly", *slug, "--month", "2550-10", "--meeting", "10/2550", *out],
            "does not take --meeting",
        ),
        "a missing parameter": (["monthly", *slug, *out], "needs --month"),
        "a bad month": (["monthly", *slug, "--month", "2550-13", *out], "is not a month"),
        "not a month at all": (["monthly", *slug, "--month", "soon", *out], "is not a month"),
        "an unknown meeting": (
            ["minutes", *slug, "--meeting", "11/2550", *out],
            "no meeting 11/2550",
        ),
        "a meeting that is not one": (["minutes", *slug, "--meeting", "next", *out], "10/2550"),
        "an unknown programme": (
            ["welfare-board", *slug, "--programme", "999999", *out],
            "no welfare programme 999999",
        ),
        "another network's programme": (
            ["welfare-board", *slug, "--programme", str(theirs.pk), *out],
            "no welfare programme",
        ),
        "a folder that does not exist": (
            [
                "welfare-board",
                *slug,
                "--programme",
                str(programme.pk),
                "--output",
                str(tmp_path / "missing" / "report.pdf"),
            ],
            "Cannot write",
        ),
        "a folder as the output": (
            ["welfare-board", *slug, "--programme", str(programme.pk), "--output", str(tmp_path)],
            "Cannot write",
        ),
        "no output": (["welfare-board", *slug, "--programme", str(programme.pk)], "--output"),
        "the same file twice": (
            ["welfare-board", *slug, "--programme", str(programme.pk), *out, "--xlsx", out[1]],
            "two different files",
        ),
        "a bad language": (
            ["welfare-board", *slug, "--programme", str(programme.pk), *out, "--lang", "fr"],
            "th or en",
        ),
        "an unknown option": (
            ["monthly", *slug, "--month", "2550-10", "--year", "2550", *out],
            "--year",
        ),
        "a board of a day not yet come": (
            ["welfare-board", *slug, "--programme", str(programme.pk), "--as-of", "1/1/2551", *out],
            "a day after today",
        ),
        "a board of no day": (
            ["welfare-board", *slug, "--programme", str(programme.pk), "--as-of", "soon", *out],
            "day/month/year",
        ),
        "a day for a report that takes none": (
            ["monthly", *slug, "--month", "2550-10", "--as-of", "31/10/2550", *out],
            "does not take --as-of",
        ),
    }


@pytest.mark.parametrize(
    "mistake",
    [
        "unknown kind",
        "unknown network",
        "no network",
        "a parameter the kind does not take",
        "a missing parameter",
        "a bad month",
        "not a month at all",
        "an unknown meeting",
        "a meeting that is not one",
        "an unknown programme",
        "another network's programme",
        "a folder that does not exist",
        "a folder as the output",
        "no output",
        "the same file twice",
        "a bad language",
        "an unknown option",
        "a board of a day not yet come",
        "a board of no day",
        "a day for a report that takes none",
    ],
)
def test_each_mistake_is_one_clear_line(bad_args, tmp_path, mistake):
    args, expected = bad_args[mistake]

    with pytest.raises(CommandError) as refused:
        render(*args)

    message = str(refused.value)
    assert expected in message
    if mistake == "unknown kind":
        assert all(key in message for key in ("minutes", "monthly", "welfare-board"))
    assert "\n" not in message
    assert not (tmp_path / "report.pdf").exists()
    assert not list(tmp_path.glob("*.part")) and not list(tmp_path.glob(".*.part"))


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # The site speaks Thai: ไม่มีรายงานชื่อ = there is no report called.
        (["yearly", "--network", "x", "--output", "report.pdf"], "ไม่มีรายงานชื่อ"),
        (["monthly", "--network", "x", "--bogus"], "unrecognized arguments: --bogus"),
    ],
)
def test_from_the_shell_a_mistake_is_one_line_on_stderr_and_an_exit_status(
    tmp_path, args, expected
):
    python = ROOT / ".venv" / "bin" / "python"
    result = subprocess.run(  # noqa: S603
        [str(python if python.exists() else sys.executable), "manage.py", "render_report", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode != 0
    assert expected in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


# Failures leave no half-written file


def test_a_failing_render_leaves_the_old_file_as_it_was(network, programme, tmp_path, monkeypatch):
    output = tmp_path / "board.pdf"
    output.write_bytes(b"last month")
    kind = registry.get_report_kind("welfare-board")

    def explode(*args, **kwargs):
        raise RuntimeError("the font\nis missing")

    with (
        registry.REPORT_KINDS.replaced(kind.key, dataclasses.replace(kind, render=explode)),
        pytest.raises(CommandError, match="could not be made: RuntimeError: the font is missing"),
    ):
        render(
            "welfare-board",
            "--network",
            network.slug,
            "--programme",
            str(programme.pk),
            "--output",
            str(output),
            "--xlsx",
            str(tmp_path / "board.xlsx"),
        )

    assert output.read_bytes() == b"last month"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["board.pdf"]


def test_a_full_disk_leaves_the_old_file_as_it_was(network, programme, tmp_path, monkeypatch):
    output = tmp_path / "board.pdf"
    output.write_bytes(b"last month")

    def full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(render_report.os, "fsync", full)

    with pytest.raises(CommandError, match="No space left on device"):
        render(
            "welfare-board",
            "--network",
            network.slug,
            "--programme",
            str(programme.pk),
            "--output",
            str(output),
        )

    assert output.read_bytes() == b"last month"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["board.pdf"]


def test_the_workbook_is_not_written_when_the_pdf_cannot_be(
    network, programme, tmp_path, monkeypatch
):
    xlsx = tmp_path / "board.xlsx"
    real_replace = Path.replace

    def refuse_pdf(self, target):
        if str(target).endswith(".pdf"):
            raise PermissionError(13, "Permission denied")
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", refuse_pdf)

    with pytest.raises(CommandError, match="Permission denied"):
        render(
            "welfare-board",
            "--network",
            network.slug,
            "--programme",
            str(programme.pk),
            "--output",
            str(tmp_path / "board.pdf"),
            "--xlsx",
            str(xlsx),
        )

    assert list(tmp_path.iterdir()) == []


def test_it_speaks_thai_when_the_site_does(settings, bad_args):
    settings.LANGUAGE_CODE = "th"
    with pytest.raises(CommandError) as refused:
        render("nope", "--network", "x", "--output", "x.pdf")
    with translation.override("th"):
        expected = translation.gettext("There is no report called “%(kind)s”.") % {"kind": "nope"}
    assert expected in str(refused.value)
