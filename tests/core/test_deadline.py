"""Time limits (core.deadline): checkpoints in every thread, an alarm on the main thread
inside interruptible blocks only, and WeasyPrint stopped between its steps.

Renders are timed against the whole render of the same document in the same run,
so a busy machine slows both alike.
"""

import threading
import time

import pytest
from django.template import engines

from core.deadline import RenderTimeout, check_deadline, interruptible, remaining, time_limit
from core.pdf import render_pdf, render_pdf_pages, start_engine
from tests.pdf_tools import normalise, run_poppler

# About 10 A4 pages of Thai text in short paragraphs: a page laid out at a time.
LONG = engines["django"].from_string(
    '{% extends "pdf/base.html" %}{% block content %}'
    "{% for i in rows %}<p>{{ i }} ที่ประชุมหารือเรื่องกองทุนสวัสดิการชุมชนและการจัดสรรทุน"
    "ให้หมู่บ้านตามมติที่ประชุมครั้งที่แล้ว ซึ่งต้องใช้ข้อความยาวพอให้ตัดบรรทัด</p>{% endfor %}"
    "{% endblock %}"
)
LONG_CONTEXT = {"rows": range(350)}
SHORT = engines["django"].from_string(
    '{% extends "pdf/base.html" %}{% block content %}<p>สินธุ์ ตุ๊กตา น้ำ</p>{% endblock %}'
)


@pytest.fixture(scope="module")
def full_render() -> float:
    """Seconds the long document takes to render whole, engine started."""
    start_engine()
    started = time.monotonic()
    _, pages = render_pdf_pages(LONG, LONG_CONTEXT)
    assert pages > 10
    return time.monotonic() - started


def test_a_checkpoint_raises_only_once_the_deadline_has_passed():
    assert remaining() is None
    check_deadline()  # no deadline: nothing to check
    with time_limit(0.2):
        check_deadline()
        time.sleep(0.25)
        with pytest.raises(RenderTimeout):
            check_deadline()
    check_deadline()
    assert remaining() is None


def test_an_inner_limit_never_extends_the_outer_one():
    with time_limit(0.1), time_limit(30):
        assert remaining() <= 0.1
    with time_limit(30), time_limit(0.1):
        assert remaining() <= 0.1


def test_on_the_main_thread_the_alarm_stops_an_interruptible_step_midway():
    assert threading.current_thread() is threading.main_thread()
    started = time.monotonic()
    with pytest.raises(RenderTimeout), time_limit(0.2), interruptible():
        time.sleep(5)
    assert time.monotonic() - started < 2


def test_outside_an_interruptible_block_no_alarm_strikes():
    """Database code runs outside: only the checkpoint after it stops the work."""
    finished = False
    with pytest.raises(RenderTimeout), time_limit(0.1):
        time.sleep(0.3)
        finished = True
        check_deadline()
    assert finished


def test_weasyprint_stops_between_its_steps_in_a_thread_without_the_alarm(full_render):
    """A gthread worker or runserver serves requests on threads, where no signal comes."""
    outcome = {}

    def render_in_thread() -> None:
        started = time.monotonic()
        try:
            with time_limit(0.2):
                render_pdf(LONG, LONG_CONTEXT)
        except RenderTimeout:
            outcome["stopped_after"] = time.monotonic() - started

    thread = threading.Thread(target=render_in_thread)
    thread.start()
    thread.join(timeout=120)

    assert "stopped_after" in outcome, "the render ran to the end"
    assert outcome["stopped_after"] < full_render / 2, (outcome, full_render)


def test_on_the_main_thread_weasyprint_stops_near_its_limit(full_render):
    started = time.monotonic()
    with pytest.raises(RenderTimeout), time_limit(0.2):
        render_pdf(LONG, LONG_CONTEXT)
    assert time.monotonic() - started < full_render / 2


def test_the_next_pdf_after_a_stopped_one_is_whole(tmp_path, poppler):
    for limit in (0.001, 0.05, 0.3):
        with pytest.raises(RenderTimeout), time_limit(limit):
            render_pdf(LONG, LONG_CONTEXT)

    pdf = render_pdf(SHORT, {})

    assert normalise("สินธุ์ ตุ๊กตา น้ำ") in normalise(run_poppler("pdftotext", pdf, tmp_path))
    assert "Sarabun" in run_poppler("pdffonts", pdf, tmp_path)
