"""List pages run as many queries for 1,000 rows as for 10: no query per row.

Each page is measured with 10 rows, then with 1,000 (added with bulk_create), and
the two counts must match. The counts are printed (run with -s to see them) as
``QUERYCOUNT <page> 10=<n> 1000=<n>``; a failure shows the SQL of both runs.
"""

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.roles import Role
from network.models import Household, Partner, PartnerKind, PartnerStatus, Person, Village
from tests.factories import UserFactory, VillageFactory

SMALL, LARGE = 10, 1000
STATUSES = list(PartnerStatus)


class Data:
    """A network's rows that every page draws on, grown in bulk."""

    def __init__(self, network, actor):
        self.network = network
        self.actor = actor
        self.village = VillageFactory(network=network, number=1)
        self.parent = Partner.objects.create(
            network=network, name="หน่วยงานแม่", kind=PartnerKind.GOVERNMENT_AGENCY
        )
        # Rows added so far besides the village and the parent partner above.
        self.extra_villages = self.people = self.extra_partners = 0

    def grow_to(self, total: int) -> None:
        """Bring villages, people (each in a household) and partners up to ``total``."""
        network = self.network
        new_villages = [
            Village(network=network, number=100 + n, name=f"บ้าน {n}")
            for n in range(self.extra_villages, total - 1)
        ]
        Village.objects.bulk_create(new_villages)
        households = Household.objects.bulk_create(
            Household(network=network, village=self.village, house_number=f"{n}/1")
            for n in range(self.people, total)
        )
        Person.objects.bulk_create(
            Person(
                network=network,
                village=self.village,
                household=household,
                first_name=f"คนที่ {n:04d}",
                national_id="",
            )
            for n, household in zip(range(self.people, total), households, strict=True)
        )
        Partner.objects.bulk_create(
            Partner(
                network=network,
                name=f"ภาคี {n:04d}",
                kind=PartnerKind.NGO,
                status=STATUSES[n % len(STATUSES)],
                parent=self.parent,
                status_changed_by=self.actor,
            )
            for n in range(self.extra_partners, total - 1)
        )
        self.extra_villages = self.extra_partners = total - 1
        self.people = total
        assert Village.objects.filter(network=network).count() == total
        assert Person.objects.filter(network=network).count() == total
        assert Partner.objects.filter(network=network).count() == total


PAGES: dict[str, Callable[[Data], str]] = {
    "people_list": lambda d: reverse("network:person_list", args=[d.network.slug]),
    "partner_list": lambda d: reverse("network:partner_list", args=[d.network.slug]),
    "village_list": lambda d: reverse("network:village_list", args=[d.network.slug]),
    "village_detail": lambda d: d.village.get_absolute_url(),
    "network_home": lambda d: d.network.get_absolute_url(),
}


def count_queries(client, url: str) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), [query["sql"] for query in queries.captured_queries]


@pytest.mark.parametrize("page", list(PAGES))
def test_it_runs_as_many_queries_for_1000_rows_as_for_10(member, network, page):
    alice = member(Role.ADMIN)
    data = Data(network, actor=UserFactory())
    url = PAGES[page](data)
    data.grow_to(SMALL)
    alice.get(url)  # warm up: a first request may fill caches (content types, session)

    small, small_sql = count_queries(alice, url)
    data.grow_to(LARGE)
    large, large_sql = count_queries(alice, url)

    print(f"QUERYCOUNT {page} {SMALL}={small} {LARGE}={large}")  # noqa: T201
    assert small == large, (
        f"{page}: {small} queries for {SMALL} rows, {large} for {LARGE}.\n"
        f"--- {SMALL} rows:\n"
        + "\n".join(small_sql)
        + f"\n--- {LARGE} rows:\n"
        + "\n".join(large_sql)
    )


def test_it_would_catch_a_query_per_row(member, network):
    """The measure itself works: a page that reads a relation per row is caught."""
    data = Data(network, actor=UserFactory())
    data.grow_to(SMALL)
    with CaptureQueriesContext(connection) as small:
        [p.household.house_number for p in Person.objects.filter(network=network)[:25]]
    data.grow_to(LARGE)
    with CaptureQueriesContext(connection) as large:
        [p.household.house_number for p in Person.objects.filter(network=network)[:25]]
    assert len(small) != len(large)
