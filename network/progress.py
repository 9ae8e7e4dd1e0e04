"""Workstream progress in the agenda: what each workstream did since the last meeting.

Workstream apps register a provider at start-up; the meeting page asks every
provider for the period since the previous meeting and shows the summary on the
agenda items tagged with that workstream. The network app imports no workstream.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from core.registry import Registry

if TYPE_CHECKING:
    from network.models import Network


@dataclasses.dataclass(frozen=True)
class ProgressSummary:
    """A short summary: figures (label, value) and a sentence."""

    figures: list[tuple[str, str]]
    sentence: str = ""


ProgressProvider = Callable[["Network", dt.date | None, dt.date], ProgressSummary | None]

PROVIDERS: Registry[ProgressProvider] = Registry("progress providers")


def register_progress_provider(workstream: str, provider: ProgressProvider, *, order: int) -> None:
    """Let a workstream summarise its progress for meetings (one provider each)."""
    PROVIDERS.register(provider, key=workstream, order=order)


def unregister_progress_provider(workstream: str) -> None:
    """Remove a provider (tests)."""
    PROVIDERS.unregister(workstream)


def progress_since(
    network: Network, since: dt.date | None, until: dt.date
) -> dict[str, ProgressSummary]:
    """Each registered workstream's summary for the period; those with nothing are left out."""
    summaries = {}
    for workstream, provider in PROVIDERS.items():
        summary = provider(network, since, until)
        if summary is not None:
            summaries[workstream] = summary
    return summaries
