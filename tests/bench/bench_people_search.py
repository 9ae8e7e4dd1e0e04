"""Benchmark: people search on an existing large database, with and without the
trigram index.

    DATABASE_URL=postgres://… .venv/bin/python tests/bench/bench_people_search.py \
        --network big-network-slug [--words สมชาย 0812 "12/3"]

Asks the people list for each search word through Django's test client as a
viewer of the given network (the whole request), and prints its query count and
median time; then drops the trigram index inside a transaction, measures again and
rolls back, so both columns come from the same run on the same data. The database
is left as it was. Make the data with ``manage.py make_scale_data`` or any bulk load.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from core.roles import Role  # noqa: E402
from network.models import Membership, Network, Person  # noqa: E402

INDEX = "person_search_trgm"


class Rollback(Exception):
    """Leave the database as it was."""


def measure(client: Client, url: str, repeats: int) -> tuple[int, float]:
    """(queries, median seconds) of one page, after a warm-up request."""
    client.get(url)
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - start)
    return len(queries), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--network", required=True, help="slug of the network to search in")
    parser.add_argument("--words", nargs="+", default=["สมชาย", "ใจดี", "0812", "12/3"])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    setup_test_environment()
    network = Network.objects.get(slug=args.network)
    total = Person.objects.count()
    in_network = Person.objects.for_network(network).count()
    print(  # noqa: T201
        f"{total:,} people in all, {in_network:,} in {network.slug}; {connection.vendor}"
    )
    try:
        with transaction.atomic():
            user = get_user_model().objects.create_user("bench-search-viewer", password="x")
            Membership.objects.create(user=user, network=network, role=Role.VIEWER)
            client = Client()
            client.force_login(user)
            base = f"/n/{network.slug}/people/"
            with_index = {
                w: measure(client, f"{base}?{urlencode({'q': w})}", args.repeats)
                for w in args.words
            }
            with connection.cursor() as cursor:
                cursor.execute(f"DROP INDEX IF EXISTS {INDEX}")
            without = {
                w: measure(client, f"{base}?{urlencode({'q': w})}", args.repeats)
                for w in args.words
            }
            raise Rollback
    except Rollback:
        pass
    print(  # noqa: T201
        f"{'search':<12} {'queries':>7} {'with index':>11} {'without':>9} {'ratio':>6}"
    )
    for word in args.words:
        (queries, fast), (_, slow) = with_index[word], without[word]
        print(  # noqa: T201
            f"{word:<12} {queries:>7} {fast * 1000:>9.1f}ms {slow * 1000:>7.1f}ms "
            f"{slow / fast:>5.1f}x"
        )


if __name__ == "__main__":
    main()
