"""Benchmark: 10,000 people through the import pipeline, against a plain bulk_create.

    .venv/bin/python tests/bench/bench_import.py [--rows 10000]
    DATABASE_URL=postgres://… .venv/bin/python tests/bench/bench_import.py

Measures, in one run on the configured database (migrate it first): the baseline
``Person.objects.bulk_create`` of the rows, then the pipeline's preview (reading
the CSV, checking every row, a dry run that writes nothing) and its commit (the
same checks again, then every row and its history row written in bulk). Prints
seconds and each step's ratio to the baseline. Everything happens in one
transaction that is rolled back at the end, so the database is left as it was.
Not collected by pytest (its name does not start with ``test_``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from core import thai  # noqa: E402
from core.imports import get_kind  # noqa: E402
from core.imports.files import read_table, write_csv  # noqa: E402
from core.imports.services import commit_import, start_import  # noqa: E402
from core.models import ImportJob  # noqa: E402
from network.models import Membership, Network, Person, Village  # noqa: E402

HEADERS = ["คำนำหน้า", "ชื่อ", "นามสกุล", "เลขประจำตัวประชาชน", "วันเกิด", "หมู่ที่", "โทรศัพท์"]


class Rollback(Exception):
    """Leave the database as it was."""


def national_id(n: int) -> str:
    first_twelve = f"{900000000000 + n:012d}"
    return first_twelve + thai.national_id_check_digit(first_twelve)


def rows(count: int) -> list[list[str]]:
    return [
        ["นาย", f"คนที่{n:05d}", "ทดสอบ", national_id(n), "9/10/2510", str(1 + n % 10), "0812345678"]
        for n in range(count)
    ]


def timed(step):
    start = time.perf_counter()
    result = step()
    return time.perf_counter() - start, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="bench-import-")
    settings.IMPORT_MAX_ROWS = max(settings.IMPORT_MAX_ROWS, args.rows)
    data = rows(args.rows)
    content = write_csv(HEADERS, data)
    kind = get_kind("people")
    report: dict[str, float] = {}
    try:
        with transaction.atomic():
            network = Network.objects.create(
                name="เครือข่ายวัดความเร็ว",
                slug=f"bench-import-{os.getpid()}",
                sub_district="ทดสอบ",
                district="ทดสอบ",
                province="ทดสอบ",
            )
            user = get_user_model().objects.create(username=f"bench-import-{os.getpid()}")
            membership = Membership.objects.create(user=user, network=network, role="admin")
            villages = {
                v.number: v
                for v in Village.objects.bulk_create(
                    Village(network=network, number=n, name=f"บ้าน {n}") for n in range(1, 11)
                )
            }

            baseline_rows = [
                Person(
                    network=network,
                    title=row[0],
                    first_name=row[1],
                    last_name=row[2],
                    national_id=row[3],
                    birth_date=thai.parse_date(row[4]),
                    village=villages[int(row[5])],
                    phone=row[6],
                )
                for row in data
            ]
            savepoint = transaction.savepoint()
            report["baseline"], _ = timed(
                lambda: Person.objects.bulk_create(baseline_rows, batch_size=1000)
            )
            transaction.savepoint_rollback(savepoint)

            def preview() -> ImportJob:
                return start_import(
                    network=network,
                    kind=kind,
                    user=user,
                    membership=membership,
                    name="bench.csv",
                    data=content,
                    table=read_table(content, name="bench.csv"),
                )

            report["preview"], job = timed(preview)
            assert job.status == ImportJob.Status.READY, job.preview["errors"][:3]
            report["commit"], outcome = timed(
                lambda: commit_import(job=job, user=user, membership=membership)
            )
            assert outcome.imported, outcome.job.preview
            assert Person.objects.filter(network=network).count() == args.rows
            raise Rollback
    except Rollback:
        pass
    finally:
        shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
    vendor = connection.vendor
    out = sys.stdout
    out.write(f"Import benchmark: {args.rows:,} people on {vendor}\n")
    for step in ("baseline", "preview", "commit"):
        seconds = report[step]
        ratio = seconds / report["baseline"]
        out.write(f"  {step:<9} {seconds:8.3f} s  {ratio:7.1f} × baseline\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
