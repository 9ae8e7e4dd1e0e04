"""Benchmark: the committee's village board at 80 villages × 40 applications.

    .venv/bin/python tests/bench/bench_board.py [--villages 80] [--per-village 40]
    DATABASE_URL=postgres://… .venv/bin/python tests/bench/bench_board.py

Builds the network in one transaction on the configured database (migrate it
first), asks for each page through Django's test client as a committee member
(the whole request: middleware, view, template), and prints for each page its
query count, the median server time of several requests and its ratio to the
village list of the same network, measured in the same run as the baseline.
The transaction is rolled back at the end, so the database is left as it was.
Not collected by pytest (its name does not start with ``test_``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from core.roles import Role  # noqa: E402
from network.models import Membership, Network  # noqa: E402
from tests.welfare.test_page_queries import grow  # noqa: E402
from welfare import services  # noqa: E402


class Rollback(Exception):
    """Leave the database as it was."""


def measure(client: Client, url: str, repeats: int, headers: dict | None = None) -> tuple:
    """(queries, median seconds) of a page, after one warm-up request."""
    client.get(url, headers=headers or {})
    reset_queries()  # DEBUG keeps a log that each request clears: start it empty
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers or {})
    assert response.status_code == 200, response.status_code
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        client.get(url, headers=headers or {})
        times.append(time.perf_counter() - start)
    return len(queries), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--villages", type=int, default=80)
    parser.add_argument("--per-village", type=int, default=40)
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    setup_test_environment()
    try:
        with transaction.atomic():
            network = Network.objects.create(
                name="เครือข่ายทดสอบ", slug="bench-board", sub_district="ทดสอบ"
            )
            user = get_user_model().objects.create_user("bench-committee", password="x")
            Membership.objects.create(user=user, network=network, role=Role.COMMITTEE)
            reviewers = [get_user_model().objects.create_user(f"bench-r{n}") for n in range(2)]
            programme = services.create_programme(
                network=network, name="เยาวชน", year=2007, total_budget=Decimal("100000000")
            )
            started = time.perf_counter()
            grow(programme, args.villages, args.per_village, reviewers)
            built = time.perf_counter() - started
            client = Client()
            client.force_login(user)
            slug = network.slug
            pages = {
                "village list (baseline)": (reverse("network:village_list", args=[slug]), {}),
                "welfare board": (
                    reverse("welfare:programme_board", args=[slug, programme.pk]),
                    {},
                ),
                "village panel (HTMX)": (
                    reverse("welfare:board_village", args=[slug, programme.pk, 1]),
                    {"HX-Request": "true", "HX-Target": "village-panel"},
                ),
            }
            results = {
                name: measure(client, url, args.repeats, headers)
                for name, (url, headers) in pages.items()
            }
            raise Rollback
    except Rollback:
        pass
    applications = args.villages * args.per_village
    print(  # noqa: T201
        f"{connection.vendor}: {args.villages} villages × {args.per_village} applications "
        f"= {applications} (built in {built:.1f} s), median of {args.repeats} requests"
    )
    baseline = results["village list (baseline)"][1]
    for name, (queries, seconds) in results.items():
        print(  # noqa: T201
            f"  {name:26} {queries:3} queries  {seconds * 1000:7.1f} ms  "
            f"×{seconds / baseline:5.2f} of the village list"
        )


if __name__ == "__main__":
    main()
