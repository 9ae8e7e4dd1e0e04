"""Time limits on long work: one mechanism for the report worker and for PDFs made
inside a request.

``time_limit(seconds)`` gives the current thread a deadline, enforced two ways:

- **checkpoints**, in every thread: ``check_deadline()`` raises ``RenderTimeout``
  once the deadline has passed. Renders call it between their steps: the report
  worker's progress callback, and WeasyPrint's own steps (parsing, styling, each
  page laid out, drawing; ``core.pdf.engine`` listens to them). Checkpoints are
  what stop a render in gunicorn's gthread workers and in runserver's threads,
  where no signal can reach the thread doing the work.
- **an alarm**, inside ``interruptible()`` blocks, on the main thread only (where
  a POSIX signal is delivered: the report worker, a gunicorn sync worker): SIGALRM
  raises ``RenderTimeout`` wherever the block's Python code is, so one long step
  stops too. Only code with nothing shared left half-done may be declared
  interruptible: WeasyPrint turning HTML into PDF is (its state is the document's
  own; the font configuration it reuses is dropped after a timeout). Database code
  is not: an exception raised in the middle of a query can leave the connection
  mid-protocol, and what follows a timeout (queueing the render, marking the
  report failed) needs that connection. An alarm that strikes inside a finaliser
  or a weakref callback (garbage collection) is swallowed by Python, which prints
  "Exception ignored"; the checkpoints then stop the render at its next step.

Deadlines nest: an inner limit never extends an outer one.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


class RenderTimeout(Exception):
    """Work ran past its time limit."""


_state = threading.local()


def remaining() -> float | None:
    """Seconds left before this thread's deadline (negative once past); None without one."""
    deadline: float | None = getattr(_state, "deadline", None)
    return None if deadline is None else deadline - time.monotonic()


def check_deadline() -> None:
    """Raise ``RenderTimeout`` if this thread's deadline has passed: a checkpoint."""
    left = remaining()
    if left is not None and left <= 0:
        raise RenderTimeout


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Give the work inside a deadline ``seconds`` from now (or the outer one, if sooner)."""
    outer: float | None = getattr(_state, "deadline", None)
    deadline = time.monotonic() + seconds
    _state.deadline = deadline if outer is None else min(outer, deadline)
    try:
        yield
    finally:
        _state.deadline = outer


def _alarm_usable() -> bool:
    """Whether SIGALRM can enforce the deadline here: the main thread, no alarm of
    ours already set, and no one else's timer pending (it would be overwritten)."""
    return (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and not getattr(_state, "alarm", False)
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0
    )


def _expire(signum: int, frame: Any) -> None:
    raise RenderTimeout


@contextmanager
def interruptible() -> Iterator[None]:
    """Let the alarm stop the block at any point, when the thread has a deadline and
    runs on the main thread; elsewhere only the checkpoints inside it do."""
    left = remaining()
    if left is None or not _alarm_usable():
        yield
        return
    check_deadline()
    previous = signal.signal(signal.SIGALRM, _expire)
    _state.alarm = True
    signal.setitimer(signal.ITIMER_REAL, left)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        _state.alarm = False
