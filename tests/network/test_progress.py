"""Workstream progress on the agenda: each registered provider's summary since the last meeting."""

import datetime as dt

import pytest

from core.roles import Workstream
from network import progress
from network.progress import (
    ProgressSummary,
    progress_since,
    register_progress_provider,
    unregister_progress_provider,
)
from network.services.meetings import create_meeting, previous_meeting

pytestmark = pytest.mark.django_db

WELFARE = ProgressSummary(figures=[("สมาชิกใหม่", "12")], sentence="รับสมาชิกใหม่ 12 คน")


class RecordingProvider:
    """A provider that remembers what it was asked and answers with a fixed summary."""

    def __init__(self, summary: ProgressSummary | None) -> None:
        self.summary = summary
        self.calls: list[tuple] = []

    def __call__(self, network, since, until):
        self.calls.append((network, since, until))
        return self.summary


@pytest.fixture
def register(request):
    """``register(workstream, summary)``: a test provider; the app's own comes back after."""

    def make(workstream: str, summary: ProgressSummary | None) -> RecordingProvider:
        provider = RecordingProvider(summary)
        previous = progress.PROVIDERS.get(workstream)
        unregister_progress_provider(workstream)
        register_progress_provider(workstream, provider, order=100)

        def restore():
            unregister_progress_provider(workstream)
            if previous:
                register_progress_provider(workstream, previous, order=100)

        request.addfinalizer(restore)
        return provider

    return make


def period(meeting) -> tuple[dt.date | None, dt.date]:
    """The period a meeting reports on: since the previous meeting, until this one."""
    previous = previous_meeting(meeting)
    return (previous.date if previous else None), meeting.date


def test_it_asks_each_provider_for_the_period_since_the_previous_meeting(network, register):
    welfare = register(Workstream.WELFARE, WELFARE)
    january = create_meeting(network=network, date=dt.date(2024, 1, 15))
    february = create_meeting(network=network, date=dt.date(2024, 2, 15))

    summaries = progress_since(network, *period(february))

    assert summaries[Workstream.WELFARE] == WELFARE
    assert welfare.calls == [(network, january.date, february.date)]


def test_it_reports_from_the_start_for_a_network_s_first_meeting(network, register):
    welfare = register(Workstream.WELFARE, WELFARE)
    first = create_meeting(network=network, date=dt.date(2024, 1, 15))

    summaries = progress_since(network, *period(first))

    assert summaries[Workstream.WELFARE] == WELFARE
    assert welfare.calls == [(network, None, first.date)]


def test_it_leaves_out_workstreams_with_nothing_to_report(network, register):
    register(Workstream.WELFARE, WELFARE)
    quiet = register(Workstream.LANDRIGHTS, None)

    summaries = progress_since(network, None, dt.date(2024, 2, 15))

    assert quiet.calls == [(network, None, dt.date(2024, 2, 15))]  # asked, but silent
    assert Workstream.LANDRIGHTS not in summaries
    assert summaries[Workstream.WELFARE] == WELFARE


def test_it_forgets_an_unregistered_provider(network, register):
    welfare = register(Workstream.WELFARE, WELFARE)
    unregister_progress_provider(Workstream.WELFARE)

    assert Workstream.WELFARE not in progress_since(network, None, dt.date(2024, 2, 15))
    assert welfare.calls == []
