"""List pages run the same, pinned number of queries for 1,000 rows as for 10.

Each page is measured with 10 rows, then with 1,000 (added with bulk_create), and
both counts must equal the number pinned for the page in ``QUERIES`` below; a
failure prints the SQL of both runs (tests/queries.py). Meeting pages are measured
the same way at their own sizes: the list at 10 and 200 meetings, a meeting at 3
and 30 agenda items (each with 2 resolutions and 2 action items) and 5 and 50
attendance rows.
"""

import datetime as dt
import itertools
from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

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
from reports.models import GeneratedReport, ReportStatus, ShareLink
from tests.factories import (
    AgendaItemFactory,
    MeetingFactory,
    PartnerFactory,
    PersonFactory,
    UserFactory,
    VillageFactory,
)
from tests.queries import assert_num_queries, measure

# The pinned counts, one per page (for an admin; the meeting pages for the role
# named). A page changed on purpose may need a new number: read the SQL that the
# failure prints, check that no query runs per row, then change the number here.
QUERIES: dict[str, int] = {
    "people_list": 7,
    "people_search": 6,  # the results fragment of the active search (HTMX)
    "partner_list": 6,
    "village_list": 5,
    "village_detail": 9,
    "network_home": 8,
    "report_list": 9,
    "meeting_list": 6,
    "meeting_detail_live_secretary": 19,
    "meeting_detail_locked_secretary": 18,
    "meeting_detail_live_viewer": 18,
}

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
        self.extra_villages = self.people = self.extra_partners = self.reports = 0

    def grow_to(self, total: int) -> None:
        """Bring villages, people (each in a household), partners and reports up to ``total``."""
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
        GeneratedReport.objects.bulk_create(
            GeneratedReport(
                network=network,
                kind="monthly",
                params={"month": f"2007-{n % 12 + 1:02d}"},
                params_key=f"month=2007-{n % 12 + 1:02d}",
                title=f"รายงานความก้าวหน้า {n:04d}",
                version=n // 12 + 1,
                status=ReportStatus.DONE,
                progress=100,
                requested_by=self.actor,
                shared_with_partners=n % 2 == 0,
            )
            for n in range(self.reports, total)
        )
        # A share link on every third report, so the archive's link count has rows.
        ShareLink.objects.bulk_create(
            ShareLink(
                network=network,
                report=report,
                expires_at=timezone.now() + dt.timedelta(days=30),
                created_by=self.actor,
            )
            for report in GeneratedReport.objects.filter(network=network).order_by("pk")[
                self.reports : total : 3
            ]
        )
        self.extra_villages = self.extra_partners = total - 1
        self.people = self.reports = total
        assert Village.objects.filter(network=network).count() == total
        assert Person.objects.filter(network=network).count() == total
        assert Partner.objects.filter(network=network).count() == total
        assert GeneratedReport.objects.filter(network=network).count() == total


# Each page: its URL, and the headers it is asked with.
PAGES: dict[str, Callable[[Data], tuple[str, dict[str, str]]]] = {
    "people_list": lambda d: (reverse("network:person_list", args=[d.network.slug]), {}),
    "people_search": lambda d: (
        reverse("network:person_list", args=[d.network.slug]) + "?q=คนที่",
        {"HX-Request": "true", "HX-Target": "results"},
    ),
    "partner_list": lambda d: (reverse("network:partner_list", args=[d.network.slug]), {}),
    "village_list": lambda d: (reverse("network:village_list", args=[d.network.slug]), {}),
    "village_detail": lambda d: (d.village.get_absolute_url(), {}),
    "network_home": lambda d: (d.network.get_absolute_url(), {}),
    "report_list": lambda d: (reverse("reports:list", args=[d.network.slug]), {}),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_it_runs_the_pinned_number_of_queries_for_10_and_for_1000_rows(member, network, page):
    alice = member(Role.ADMIN)
    data = Data(network, actor=UserFactory())
    url, headers = PAGES[page](data)
    data.grow_to(SMALL)
    alice.get(url, headers=headers)  # warm up: a first request may fill caches

    small = measure(alice, url, f"{SMALL} rows", **headers)
    data.grow_to(LARGE)
    large = measure(alice, url, f"{LARGE} rows", **headers)

    assert_num_queries(page, QUERIES[page], small, large)


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


def test_a_count_off_the_pin_fails_with_the_sql(member, network):
    """The helper fails on a count other than the pinned one, and prints the SQL."""
    alice = member(Role.ADMIN)
    url = reverse("network:village_list", args=[network.slug])
    measured = measure(alice, url, "now")
    with pytest.raises(AssertionError) as failed:
        assert_num_queries("village_list", measured.count + 1, measured)
    assert f"now={measured.count}" in str(failed.value)
    assert measured.sql[-1] in str(failed.value)


# Meeting pages


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

    small = measure(alice, url, "10 meetings")
    grow_meetings(network, 10, 200)
    large = measure(alice, url, "200 meetings")

    assert_num_queries("meeting_list", QUERIES["meeting_list"], small, large)


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

    small = measure(alice, url, "3 items, 5 attendance rows")
    data.grow_to(30, 50)
    large = measure(alice, url, "30 items, 50 attendance rows")

    page = f"meeting_detail_{state}_{role}"
    assert_num_queries(page, QUERIES[page], small, large)
