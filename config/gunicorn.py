"""Gunicorn's settings for the production image (the Dockerfile starts
``gunicorn config.wsgi:application -c config/gunicorn.py``).

Threaded workers: a PDF made inside a request holds its thread for up to
``PDF_REQUEST_MAX_SECONDS`` (core.pdf.budget), not its whole process, so /healthz
and ordinary pages are answered by the other threads meanwhile. With two sync
workers, four people opening a long minutes PDF at once held both workers and
/healthz waited for them (issue 11; tests/test_serving.py measures it).

The environment tunes it: ``PORT``, ``WEB_CONCURRENCY`` (processes),
``GUNICORN_THREADS`` (threads per process) and ``GUNICORN_TIMEOUT``.
"""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"  # inside the container
# Processes: WeasyPrint and Django are Python, so a process lays out one page at a
# time (the GIL); two use both cores of a small server.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
# Threads per process: more than the PDFs that may render in one process at once,
# so that a thread is always free for /healthz and for pages.
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
# A worker whose main loop stops answering the arbiter this long is restarted
# (issue 12). In a threaded worker that loop keeps running while requests work,
# so this is not a request time limit: PDF_REQUEST_MAX_SECONDS is.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# Behind the TLS proxy: keep its connections open a little between requests.
keepalive = 5
accesslog = "-"


def post_worker_init(worker: object) -> None:
    """Import WeasyPrint as each worker starts (about 1.5 s), not in its first PDF request."""
    from core.pdf import start_engine

    start_engine()
