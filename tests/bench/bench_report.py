"""Benchmark: our report renders against WeasyPrint alone, and a large network against the demo.

    .venv/bin/python tests/bench/bench_report.py [--repeats 5] [--villages 80]
        [--applications 3000]
    DATABASE_URL=postgres://… .venv/bin/python tests/bench/bench_report.py

In one run on the configured database (migrate it first), inside one transaction
that is rolled back at the end, so the database is left as it was:

(a) the demo network's monthly report for 2550-10 through its kind's ``render``
    (queries, template, WeasyPrint, our glyph map) against WeasyPrint alone
    writing the same HTML, captured once from ``core.pdf.render_pdf_html``, with
    the project's fetcher and font configuration: our overhead;
(b) the monthly report and the village board of a large network (80 villages,
    3,000 applications in a welfare programme, the October 2550 meeting with a
    representative of every village) against the demo network's.

Each render is repeated after a warm-up and the median is printed, with pages per
second and the queries of one render; then the peak memory of one render of each:
tracemalloc's peak (Python allocations only: Pango, HarfBuzz and cairo allocate
in C) and ``ru_maxrss``, the process's high-water mark so far. Not a timed test,
and not collected by pytest (its name does not start with ``test_``).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import translation  # noqa: E402

import core.pdf  # noqa: E402
from core.pdf.engine import StaticFilesFetcher, asset_base_url, font_config  # noqa: E402
from core.reporting import Rendered, get_report_kind, no_progress  # noqa: E402
from network.demo import SINPRAETHONG, load_demo  # noqa: E402
from network.models import Attendance, AttendanceKind, Network, Village  # noqa: E402
from network.services.meetings import create_meeting  # noqa: E402
from tests.welfare.test_page_queries import add_applications, grow  # noqa: E402
from welfare import services  # noqa: E402
from welfare.models import Programme  # noqa: E402

MONTH = "2550-10"
LANGUAGE = "th"
MIB = 1024 * 1024


class Rollback(Exception):
    """Leave the database as it was."""


@dataclasses.dataclass
class Timing:
    """The median of several runs of one step, and what one run produced."""

    seconds: float
    pages: int
    queries: int = 0

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds


def timed(step: Callable[[], int], repeats: int) -> tuple[float, int]:
    """(median seconds, pages) of a step that returns its page count, after a warm-up."""
    pages = step()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times), pages


def report_renderer(kind_key: str, network: Network, raw: dict[str, str]) -> Callable[[], Rendered]:
    """A render of a report through its registered kind, as the archive and the command do."""
    kind = get_report_kind(kind_key)
    assert kind is not None, kind_key
    params = kind.parse(network, raw)

    def render() -> Rendered:
        with translation.override(LANGUAGE):
            return kind.render(network, params, LANGUAGE, no_progress)

    return render


def measure_report(render: Callable[[], Rendered], repeats: int) -> Timing:
    seconds, pages = timed(lambda: render().pages, repeats)
    with CaptureQueriesContext(connection) as queries:
        render()
    return Timing(seconds, pages, len(queries))


def captured_html(render: Callable[[], Rendered]) -> str:
    """The HTML a render hands to WeasyPrint, from ``core.pdf.render_pdf_html``."""
    seen: list[str] = []
    original = core.pdf.render_pdf_html

    def recording(*args, **kwargs) -> str:
        html = original(*args, **kwargs)
        seen.append(html)
        return html

    core.pdf.render_pdf_html = recording
    try:
        render()
    finally:
        core.pdf.render_pdf_html = original
    assert len(seen) == 1, f"expected one HTML document, the render made {len(seen)}"
    return seen[0]


def measure_weasyprint(html: str, repeats: int) -> Timing:
    """WeasyPrint alone: the saved HTML to PDF bytes, with the project's fetcher and fonts."""
    import weasyprint

    def write() -> int:
        document = weasyprint.HTML(
            string=html, base_url=asset_base_url(), url_fetcher=StaticFilesFetcher()
        ).render(font_config=font_config())
        document.write_pdf()
        return len(document.pages)

    seconds, pages = timed(write, repeats)
    return Timing(seconds, pages)


def peak_memory(render: Callable[[], Rendered]) -> tuple[float, float]:
    """(tracemalloc peak, ru_maxrss) of one render, in MiB."""
    tracemalloc.start()
    try:
        render()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Kibibytes on Linux, bytes on macOS.
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    maxrss_bytes = maxrss if sys.platform == "darwin" else maxrss * 1024
    return peak / MIB, maxrss_bytes / MIB


def build_large_network(villages: int, applications: int) -> tuple[Network, Programme]:
    """A network of many villages: a programme's applications and a meeting they all attend."""
    network = Network.objects.create(
        name="เครือข่ายทดสอบขนาดใหญ่",
        slug=f"bench-report-{os.getpid()}",
        sub_district="ทดสอบ",
        district="ทดสอบ",
        province="ทดสอบ",
    )
    reviewers = [get_user_model().objects.create_user(f"bench-report-r{n}") for n in range(2)]
    programme = services.create_programme(
        network=network, name="เยาวชน", year=2007, total_budget=Decimal("100000000")
    )
    per_village, extra = divmod(applications, villages)
    grow(programme, villages, per_village, reviewers)
    # The remainder: one more application in each of the first villages.
    for village in Village.objects.filter(network=network).order_by("number")[:extra]:
        add_applications(programme, village, per_village + 1, reviewers)
    meeting = create_meeting(network=network, date=dt.date(2007, 10, 9), number=10, place="ศาลา")
    Attendance.objects.bulk_create(
        Attendance(
            network=network,
            meeting=meeting,
            kind=AttendanceKind.VILLAGE_REP,
            village=village,
            name=f"ผู้แทน {village.number}",
        )
        for village in Village.objects.filter(network=network)
    )
    return network, programme


def line(label: str, timing: Timing, note: str = "") -> str:
    queries = f"{timing.queries:3} queries" if timing.queries else " " * 11
    return (
        f"  {label:34} {timing.seconds:7.3f} s  {timing.pages:3} pages  "
        f"{timing.pages_per_second:6.1f} pages/s  {queries}  {note}"
    ).rstrip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--villages", type=int, default=80)
    parser.add_argument("--applications", type=int, default=3000)
    args = parser.parse_args()
    out: list[str] = []
    memory: dict[str, tuple[float, float]] = {}
    try:
        with transaction.atomic():
            started = time.perf_counter()
            load_demo()
            demo = Network.objects.get(slug=SINPRAETHONG)
            demo_programme = Programme.objects.for_network(demo).order_by("pk").first()
            assert demo_programme is not None, "the demo has no welfare programme"
            demo_loaded = time.perf_counter() - started
            started = time.perf_counter()
            large, large_programme = build_large_network(args.villages, args.applications)
            built = time.perf_counter() - started

            renders = {
                "monthly, demo": report_renderer("monthly", demo, {"month": MONTH}),
                "monthly, large": report_renderer("monthly", large, {"month": MONTH}),
                "village board, demo": report_renderer(
                    "welfare-board", demo, {"programme": str(demo_programme.pk)}
                ),
                "village board, large": report_renderer(
                    "welfare-board", large, {"programme": str(large_programme.pk)}
                ),
            }
            # (a) Our render against WeasyPrint alone, on the same HTML.
            html = captured_html(renders["monthly, demo"])
            weasy = measure_weasyprint(html, args.repeats)
            # (b) Every report, demo and large.
            timings = {
                name: measure_report(render, args.repeats) for name, render in renders.items()
            }
            for name, render in renders.items():
                memory[name] = peak_memory(render)
            raise Rollback
    except Rollback:
        pass

    out.append(
        f"Report benchmark on {connection.vendor}: median of {args.repeats} renders after a "
        f"warm-up, language {LANGUAGE} (demo loaded in {demo_loaded:.1f} s)"
    )
    out.append(f"(a) monthly report {MONTH} of the demo network ({SINPRAETHONG}), same HTML")
    ours = timings["monthly, demo"]
    out.append(line("WeasyPrint alone (saved HTML)", weasy))
    out.append(
        line("render through the kind", ours, f"×{ours.seconds / weasy.seconds:.2f} of WeasyPrint")
    )
    out.append(
        f"(b) large network: {args.villages} villages, {args.applications:,} applications "
        f"(built in {built:.1f} s) against the demo network"
    )
    for report in ("monthly", "village board"):
        small, big = timings[f"{report}, demo"], timings[f"{report}, large"]
        out.append(line(f"{report}, demo", small))
        out.append(line(f"{report}, large", big, f"×{big.seconds / small.seconds:.2f} of the demo"))
    out.append(
        "Peak memory of one render (tracemalloc: Python allocations only; "
        "ru_maxrss: the process's high-water mark so far)"
    )
    for name, (traced, maxrss) in memory.items():
        out.append(f"  {name:34} tracemalloc {traced:7.1f} MiB   ru_maxrss {maxrss:7.1f} MiB")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
