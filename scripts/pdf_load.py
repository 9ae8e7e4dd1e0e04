"""Serve the app with gunicorn as the Dockerfile starts it, ask for a heavy PDF several
times at once, and time /healthz meanwhile (issue 11).

    .venv/bin/python scripts/pdf_load.py
    .venv/bin/python scripts/pdf_load.py --parallel 6 --chars 55000
    .venv/bin/python scripts/pdf_load.py --gunicorn-args "config.wsgi:application --workers 2"
    .venv/bin/python scripts/pdf_load.py --root /tmp/older-checkout   # another copy of the app

On its own it makes a fresh SQLite database in a temporary folder (migrated: about
ten seconds) with a meeting whose minutes are just within the size budget of a PDF
made while you wait, collects the static files (hashed, as in the image), and starts
gunicorn with the Dockerfile's CMD on 127.0.0.1 only, under production settings.
It prints one JSON line: every PDF answer's status and time, and /healthz's times.
The exit status is 1 if /healthz was ever slower than ``--healthz-bound`` seconds
or any answer was a server error. tests/test_serving.py runs the same load against
the test database. Everything is bounded: each request times out, the server is
stopped at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import http.client
import json
import os
import re
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
# Every request is given up after this long: nothing here waits without end.
REQUEST_TIMEOUT = 60.0
HEALTHZ_EVERY = 0.1
BOOT_TIMEOUT = 60.0


def dockerfile_command(root: Path = ROOT) -> list[str]:
    """gunicorn's arguments in the Dockerfile's CMD, with the image's defaults for the
    variables a shell form uses (``${WEB_CONCURRENCY:-3}``), and without ``--bind``."""
    for line in (root / "Dockerfile").read_text(encoding="utf-8").splitlines():
        if line.startswith("CMD "):
            command = json.loads(line.removeprefix("CMD "))
            if command[:2] == ["sh", "-c"]:
                expanded = re.sub(r"\$\{(\w+)(?::-([^}]*))?\}", r"\2", command[-1])
                command = shlex.split(expanded.removeprefix("exec "))
            if not command or command[0] != "gunicorn":
                raise SystemExit(f"The Dockerfile's CMD does not start gunicorn: {line}")
            return without_bind(command[1:])
    raise SystemExit("The Dockerfile has no CMD.")


def without_bind(args: list[str]) -> list[str]:
    """The arguments less any address to listen on: the load listens on loopback only."""
    kept: list[str] = []
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in {"--bind", "-b"}:
            skip = True
        elif not arg.startswith(("--bind=", "-b")):
            kept.append(arg)
    return kept


def free_port() -> int:
    """A port on the loopback address that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def server_environment(
    *, database_url: str, secret_key: str, static_root: Path, media_root: Path
) -> dict[str, str]:
    """Production settings, as the image runs them, on this machine's loopback only."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "PDF_REQUEST_", "GUNICORN_", "WEB_CONCURRENCY"))
    }
    env.update(
        {
            "DJANGO_PRODUCTION": "1",
            "DJANGO_SECRET_KEY": secret_key,
            "DJANGO_ALLOWED_HOSTS": HOST,
            "DATABASE_URL": database_url,
            "DJANGO_STATIC_ROOT": str(static_root),
            "DJANGO_MEDIA_ROOT": str(media_root),
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


# collectstatic with Django's manifest storage: the hashed names and the manifest that
# the production storage (WhiteNoise's, a subclass) reads, without its gzip and
# Brotli copies, which take half a minute on a busy two-core machine and change
# nothing measured here.
_COLLECT = """
import django
from django.conf import settings
from django.core.management import call_command
from django.test.utils import override_settings

django.setup()
manifest = "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
with override_settings(STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": manifest}}):
    call_command("collectstatic", interactive=False, verbosity=0)
"""


def collect_static(root: Path, env: Mapping[str, str]) -> None:
    """Static files with hashed names and their manifest, as the image's build has them."""
    subprocess.run(  # noqa: S603
        [sys.executable, "-c", _COLLECT],
        cwd=root,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings", "PYTHONPATH": str(root)},
        check=True,
        timeout=300,
    )


def get(
    port: int, path: str, *, cookie: str = "", timeout: float = REQUEST_TIMEOUT
) -> tuple[int, float, dict[str, str]]:
    """One GET on a new connection, as through the TLS proxy: (status, seconds, headers)."""
    headers = {"Host": HOST, "X-Forwarded-Proto": "https", "Connection": "close"}
    if cookie:
        headers["Cookie"] = cookie
    started = time.monotonic()
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status, time.monotonic() - started, dict(response.getheaders())
    finally:
        connection.close()


@contextlib.contextmanager
def gunicorn(
    root: Path, args: list[str], env: Mapping[str, str], log: Path
) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    """gunicorn serving ``root`` on 127.0.0.1:<a free port>, stopped on the way out."""
    port = free_port()
    command = [
        *(sys.executable, "-m", "gunicorn", *without_bind(args)),
        *("--bind", f"{HOST}:{port}", "--control-socket", str(log.with_suffix(".ctl"))),
    ]
    with log.open("wb") as output:
        server = subprocess.Popen(  # noqa: S603
            command, cwd=root, env=dict(env), stdout=output, stderr=subprocess.STDOUT
        )
        try:
            wait_until_serving(port, server, log)
            yield port, server
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=35)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=10)


def wait_until_serving(port: int, server: subprocess.Popen[bytes], log: Path) -> None:
    """Until /healthz answers 200 (every worker booted or not, one is enough)."""
    deadline = time.monotonic() + BOOT_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{log.read_text(errors='replace')[-3000:]}")
        with contextlib.suppress(OSError):
            if get(port, "/healthz", timeout=5)[0] == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer in time:\n{log.read_text(errors='replace')}")


@dataclasses.dataclass
class LoadResult:
    """What the clients saw: each PDF answer, and /healthz while they were running."""

    pdf: list[tuple[int, float, str]]  # (status, seconds, where a redirect leads)
    healthz: list[tuple[int, float]]  # (status, seconds); status 0: no answer
    wall: float

    def summary(self) -> dict[str, object]:
        """The numbers, rounded, as printed."""
        times = [seconds for _, seconds in self.healthz]
        return {
            "pdf_statuses": sorted(status for status, _, _ in self.pdf),
            "pdf_seconds": sorted(round(seconds, 2) for _, seconds, _ in self.pdf),
            "healthz_count": len(times),
            "healthz_max": round(max(times), 3) if times else None,
            "healthz_median": round(statistics.median(times), 3) if times else None,
            "healthz_failures": [status for status, _ in self.healthz if status != 200],
            "wall_seconds": round(self.wall, 2),
        }

    def problems(self, healthz_bound: float) -> list[str]:
        """Why the run fails: a slow or failed /healthz, a server error, no PDF answer."""
        found = []
        if not self.healthz:
            found.append("/healthz was never asked while the PDFs were made")
        found += [
            f"/healthz answered {status} after {seconds:.2f} s"
            for status, seconds in self.healthz
            if status != 200 or seconds > healthz_bound
        ]
        found += [
            f"the PDF answered {status} after {seconds:.2f} s"
            for status, seconds, _ in self.pdf
            if status == 0 or status >= 500
        ]
        return found


def run_load(port: int, path: str, cookie: str, *, parallel: int) -> LoadResult:
    """``parallel`` requests for ``path`` at once, and /healthz every 0.1 s until they end."""
    pdf: list[tuple[int, float, str]] = []
    healthz: list[tuple[int, float]] = []
    start = threading.Barrier(parallel + 1)
    done = threading.Event()

    def ask_for_pdf() -> None:
        start.wait()
        try:
            status, seconds, headers = get(port, path, cookie=cookie)
            pdf.append((status, seconds, headers.get("Location", "")))
        except OSError:
            pdf.append((0, REQUEST_TIMEOUT, ""))

    def watch_health() -> None:
        start.wait()
        time.sleep(HEALTHZ_EVERY)  # the PDF requests are in first
        while not done.is_set():
            try:
                status, seconds, _ = get(port, "/healthz")
            except OSError:
                status, seconds = 0, REQUEST_TIMEOUT
            healthz.append((status, seconds))
            done.wait(HEALTHZ_EVERY)

    clients = [threading.Thread(target=ask_for_pdf) for _ in range(parallel)]
    watcher = threading.Thread(target=watch_health)
    for thread in [*clients, watcher]:
        thread.start()
    began = time.monotonic()
    for thread in clients:
        thread.join(REQUEST_TIMEOUT + 5)
    wall = time.monotonic() - began
    done.set()
    watcher.join(REQUEST_TIMEOUT + 5)
    return LoadResult(pdf=pdf, healthz=healthz, wall=wall)


# A meeting to ask for: the data, and a logged-in viewer's session cookie


def seed_heavy_minutes(chars: int) -> tuple[str, str]:
    """A network with a meeting whose minutes hold about ``chars`` characters, and a
    viewer: (the minutes PDF's path, the viewer's session cookie). Django is set up."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.urls import reverse

    from core import limits
    from core.roles import Role
    from network.models import AgendaSection, MeetingStatus
    from tests.factories import (
        AgendaItemFactory,
        MeetingFactory,
        MembershipFactory,
        NetworkFactory,
    )

    network = NetworkFactory(slug="load-test")
    meeting = MeetingFactory(network=network, status=MeetingStatus.IN_SESSION)
    sentence = "ที่ประชุมหารือเรื่องกองทุนสวัสดิการชุมชน "
    per_item = limits.LONG_TEXT - len(sentence)
    position = 0
    while chars > 0:
        position += 1
        text = sentence * (min(chars, per_item) // len(sentence) + 1)
        AgendaItemFactory(
            network=network,
            meeting=meeting,
            section=AgendaSection.FOR_DECISION,
            position=position,
            discussion=text,
        )
        chars -= len(text)
    user = MembershipFactory(network=network, role=Role.VIEWER).user
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    path = reverse("network:meeting_pdf", args=[network.slug, meeting.pk])
    return path, f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def serve_and_load(
    *,
    root: Path,
    gunicorn_args: list[str],
    database_url: str,
    secret_key: str,
    path: str,
    cookie: str,
    parallel: int,
    workdir: Path,
    extra_env: Mapping[str, str] | None = None,
) -> LoadResult:
    """Collect the static files, start gunicorn, run the load, stop gunicorn."""
    env = server_environment(
        database_url=database_url,
        secret_key=secret_key,
        static_root=workdir / "static",
        media_root=workdir / "media",
    )
    env.update(extra_env or {})
    collect_static(root, env)
    with gunicorn(root, gunicorn_args, env, workdir / "gunicorn.log") as (port, _):
        # One PDF first, alone: each worker's first PDF starts WeasyPrint (about 1.5 s),
        # a cost of the first minute after a deploy, not of the load measured here.
        for _ in range(2):
            get(port, path, cookie=cookie)
        return run_load(port, path, cookie, parallel=parallel)


def main() -> int:
    """Make a database, seed it, serve, load, print the numbers; 1 on a failed bound."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the copy of the app to serve")
    parser.add_argument(
        "--gunicorn-args", help="gunicorn's arguments instead of the Dockerfile's CMD"
    )
    parser.add_argument("--parallel", type=int, default=4, help="PDF requests at once")
    parser.add_argument("--chars", type=int, default=55_000, help="characters in the minutes")
    parser.add_argument("--healthz-bound", type=float, default=1.0, help="seconds")
    parser.add_argument(
        "--env", action="append", default=[], metavar="NAME=VALUE", help="for the server"
    )
    options = parser.parse_args()

    root = options.root.resolve()
    args = shlex.split(options.gunicorn_args) if options.gunicorn_args else dockerfile_command(root)
    with tempfile.TemporaryDirectory(prefix="pdf-load-") as folder:
        workdir = Path(folder)
        database_url = f"sqlite:///{workdir / 'load.sqlite3'}"
        os.environ["DATABASE_URL"] = database_url
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        sys.path.insert(0, str(ROOT))
        import django
        from django.conf import settings
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        path, cookie = seed_heavy_minutes(options.chars)
        result = serve_and_load(
            root=root,
            gunicorn_args=args,
            database_url=database_url,
            secret_key=settings.SECRET_KEY,
            path=path,
            cookie=cookie,
            parallel=options.parallel,
            workdir=workdir,
            extra_env=dict(item.split("=", 1) for item in options.env),
        )
    problems = result.problems(options.healthz_bound)
    print(json.dumps({"gunicorn": args, **result.summary(), "problems": problems}))  # noqa: T201
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
