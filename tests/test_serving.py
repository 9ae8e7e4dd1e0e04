"""The app served as in production keeps answering /healthz while heavy PDFs are made
(issue 11: four parallel requests for a long minutes PDF held every gunicorn worker
for 30 s, and /healthz waited 31 s).

gunicorn starts with the Dockerfile's own CMD (config/gunicorn.py: threaded
workers) under production settings, on 127.0.0.1 only, against this run's test
database, and ``scripts/pdf_load.py`` sends the requests. Each PDF may come back
(200) or go to the background worker with its progress page (302): never a
server error, and /healthz is answered within HEALTHZ_BOUND throughout. With the
image's former two or three sync workers /healthz waited 9 to 10 s here.
About 20 s: static files collected, two workers started, one round of PDFs.
"""

import sqlite3
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import pdf_load  # noqa: E402

pytestmark = [pytest.mark.serving, pytest.mark.django_db(transaction=True)]

# Well under the Docker HEALTHCHECK's 5 s and under PDF_REQUEST_MAX_SECONDS (5 s):
# a /healthz queued behind a PDF takes at least that long.
HEALTHZ_BOUND = 2.0
PARALLEL = 4
# Minutes just within the size budget (60,000): rendered in the request, a few
# seconds each when four run at once on two cores.
CHARS = 50_000


def server_database_url(tmp_path: Path) -> str:
    """A URL to this test's database for another process: PostgreSQL's test database
    itself; SQLite's in-memory one copied to a file."""
    database = connection.settings_dict
    if connection.vendor == "postgresql":
        password = f":{quote(database['PASSWORD'], safe='')}" if database["PASSWORD"] else ""
        return (
            f"postgres://{quote(database['USER'], safe='')}{password}"
            f"@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"
        )
    path = tmp_path / "served.sqlite3"
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    try:
        connection.connection.backup(copy)
    finally:
        copy.close()
    return f"sqlite:///{path}"


def test_healthz_answers_while_heavy_pdfs_are_made_and_none_fails(tmp_path, settings):
    path, cookie = pdf_load.seed_heavy_minutes(CHARS)

    result = pdf_load.serve_and_load(
        root=ROOT,
        gunicorn_args=pdf_load.dockerfile_command(ROOT),
        database_url=server_database_url(tmp_path),
        secret_key=settings.SECRET_KEY,
        path=path,
        cookie=cookie,
        parallel=PARALLEL,
        workdir=tmp_path,
    )

    summary = result.summary()
    assert result.problems(HEALTHZ_BOUND) == [], summary
    assert len(result.pdf) == PARALLEL, summary
    assert {status for status, _, _ in result.pdf} <= {200, 302}, summary
    assert all("/reports/" in where for status, _, where in result.pdf if status == 302), summary
    assert summary["healthz_count"] >= 3, summary
