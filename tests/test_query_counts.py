"""List pages run as many queries for 1,000 rows as for 10: no query per row.

Each page is measured with 10 rows, then with 1,000 (added with bulk_create), and
the two counts must match. The counts are printed (run with -s to see them) as
``QUERYCOUNT <page> 10=<n> 1000=<n>``; a failure shows the SQL of both runs.
Meeting pages are measured the same way at their own sizes: the list at 10 and
200 meetings, a meeting at 3 and 30 agenda items (each with 2 resolutions and 2
action items) and 5 and 50 attendance rows.
"""

import datetime as dt
import itertools
from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.roles import Role
from network.models import (
    ActionItem,
    AgendaItem,
    AgendaSection,
    Amendment,
    Attendance,
    AttendanceKind,
    Household,
    Meeting,
    MeetingStatus,
    Partner,
    PartnerKind,
    PartnerStatus,
    Person,
    Resolution,
    Village,
)
from tests.factories import (
    AgendaItemFactory,
    MeetingFactory,
    PartnerFactory,
    PersonFactory,
    UserFactory,
    VillageFactory,
)

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


# Meeting pages


def assert_same_count(page: str, sizes: tuple[str, str], small, large) -> None:
    (small_count, small_sql), (large_count, large_sql) = small, large
    print(f"QUERYCOUNT {page} {sizes[0]}={small_count} {sizes[1]}={large_count}")  # noqa: T201
    assert small_count == large_count, (
        f"{page}: {small_count} queries for {sizes[0]}, {large_count} for {sizes[1]}.\n"
        f"--- {sizes[0]}:\n" + "\n".join(small_sql) + f"\n--- {sizes[1]}:\n" + "\n".join(large_sql)
    )


def grow_meetings(network, have: int, total: int) -> None:
    """Meetings numbered 1… in 2024, each adopted in the next."""
    Meeting.objects.bulk_create(
        Meeting(
            network=network,
            year=2024,
            number=n + 1,
            date=dt.date(2024, 1, 1) + dt.timedelta(days=n),
            place=f"ศาลา {n}",
            status=MeetingStatus.LOCKED,
        )
        for n in range(have, total)
    )
    meetings = list(Meeting.objects.filter(network=network).order_by("number"))
    for earlier, later in itertools.pairwise(meetings):
        earlier.adopted_in = later
    Meeting.objects.bulk_update(meetings, ["adopted_in"])
    assert len(meetings) == total


def test_it_lists_200_meetings_in_as_many_queries_as_10(member, network):
    alice = member(Role.SECRETARY)
    url = reverse("network:meeting_list", args=[network.slug])
    grow_meetings(network, 0, 10)
    alice.get(url)

    small = count_queries(alice, url)
    grow_meetings(network, 10, 200)
    large = count_queries(alice, url)

    assert_same_count("meeting_list", ("10", "200"), small, large)


class MeetingData:
    """A meeting whose agenda and attendance grow; a third of its items are carried
    forward from an earlier meeting's open actions (section 3)."""

    def __init__(self, network, *, locked: bool):
        self.network = network
        self.locked = locked
        self.village = VillageFactory(network=network)
        self.partner = PartnerFactory(network=network)
        self.owner = PersonFactory(network=network, village=self.village)
        self.author = UserFactory()
        earlier = MeetingFactory(
            network=network, date=dt.date(2024, 1, 10), status=MeetingStatus.LOCKED
        )
        self.source = AgendaItemFactory(network=network, meeting=earlier)
        self.meeting = MeetingFactory(
            network=network, date=dt.date(2024, 2, 10), status=MeetingStatus.IN_SESSION
        )
        self.items = self.rows = 0

    def grow_to(self, items: int, rows: int) -> None:
        network, meeting = self.network, self.meeting
        if self.locked:
            Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.IN_SESSION)
        for n in range(self.items, items):
            section = (AgendaSection.ANNOUNCEMENTS, AgendaSection.MATTERS_ARISING)[n % 2]
            carried = None
            if n % 3 == 0:
                section = AgendaSection.MATTERS_ARISING
                carried = ActionItem.objects.create(
                    network=network, item=self.source, description=f"ค้างจากครั้งก่อน {n}"
                )
            elif n % 3 == 1:
                section = AgendaSection.FOR_DECISION
            item = AgendaItem.objects.create(
                network=network,
                meeting=meeting,
                section=section,
                position=n + 1,
                title=f"เรื่องที่ {n}",
                discussion=f"ที่ประชุมหารือเรื่องที่ {n}",
                carried_action=carried,
            )
            resolutions = Resolution.objects.bulk_create(
                Resolution(network=network, item=item, position=p, text=f"มติ {n}.{p}")
                for p in (1, 2)
            )
            ActionItem.objects.bulk_create(
                [
                    ActionItem(
                        network=network,
                        item=item,
                        description=f"งาน {n}.1",
                        owner=self.owner,
                        due_date=dt.date(2024, 3, 1),
                    ),
                    ActionItem(
                        network=network, item=item, description=f"งาน {n}.2", owner_name="กลุ่ม"
                    ),
                ]
            )
            Amendment.objects.bulk_create(
                Amendment(
                    network=network,
                    item=item,
                    resolution=resolution,
                    original=resolution.text,
                    amended=f"{resolution.text} (แก้)",
                    reason="พิมพ์ผิด",
                    author=self.author,
                )
                for resolution in resolutions
            )
        people = Person.objects.bulk_create(
            Person(network=network, village=self.village, first_name=f"ผู้แทน {n}", national_id="")
            for n in range(self.rows, rows)
        )
        kinds = [AttendanceKind.VILLAGE_REP, AttendanceKind.PARTNER_REP, AttendanceKind.OBSERVER]
        Attendance.objects.bulk_create(
            Attendance(
                network=network,
                meeting=meeting,
                kind=kinds[n % 3],
                person=person if n % 3 == 0 else None,
                name="" if n % 3 == 0 else f"แขก {n}",
                village=self.village if n % 3 == 0 else None,
                partner=self.partner if n % 3 == 1 else None,
                present=n % 4 != 0,
                absence_reason="" if n % 4 else "ติดธุระ",
            )
            for n, person in zip(range(self.rows, rows), people, strict=True)
        )
        self.items, self.rows = items, rows
        if self.locked:
            Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.LOCKED)
        assert meeting.items.count() == items
        assert Resolution.objects.filter(item__meeting=meeting).count() == 2 * items
        assert ActionItem.objects.filter(item__meeting=meeting).count() == 2 * items
        assert meeting.attendance.count() == rows


@pytest.mark.parametrize(
    ("state", "role"),
    [("live", Role.SECRETARY), ("locked", Role.SECRETARY), ("live", Role.VIEWER)],
)
def test_it_shows_a_meeting_of_30_items_in_as_many_queries_as_3(member, network, state, role):
    alice = member(role)
    data = MeetingData(network, locked=state == "locked")
    url = data.meeting.get_absolute_url()
    data.grow_to(3, 5)
    alice.get(url)

    small = count_queries(alice, url)
    data.grow_to(30, 50)
    large = count_queries(alice, url)

    assert_same_count(
        f"meeting_detail_{state}_{role}", ("3items/5rows", "30items/50rows"), small, large
    )
