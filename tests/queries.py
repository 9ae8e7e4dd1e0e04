"""Exact query counts of a page, with the SQL printed when a count is not the one pinned.

A list page must run a fixed number of queries whatever the size of the network
(DESIGN.md: "list pages stay paginated with constant query counts"). Tests measure a
page at a small and a large size and compare both with the number pinned in the
test module's ``QUERIES`` table (one obvious place to update when a page changes on
purpose: read the SQL in the failure, then change the number).
"""

from __future__ import annotations

import dataclasses

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


@dataclasses.dataclass(frozen=True)
class Measured:
    """The queries one request ran, and under what label (e.g. the data size)."""

    label: str
    sql: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.sql)


def measure(client: Client, url: str, label: str = "", **headers: str) -> Measured:
    """GET ``url`` and record every query it ran; the page must answer 200."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    return Measured(label, tuple(query["sql"] for query in queries.captured_queries))


def assert_num_queries(page: str, expected: int, *measured: Measured) -> None:
    """Every measurement ran exactly ``expected`` queries; else fail with their SQL."""
    if all(m.count == expected for m in measured):
        return
    counts = ", ".join(f"{m.label or 'run'}={m.count}" for m in measured)
    lines = [f"{page}: expected {expected} queries, got {counts}."]
    for m in measured:
        lines.append(f"--- {m.label or 'run'} ({m.count} queries):")
        lines.extend(f"{n:3}. {sql}" for n, sql in enumerate(m.sql, start=1))
    raise AssertionError("\n".join(lines))
