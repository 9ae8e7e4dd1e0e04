"""The welfare pages run as many queries for a large network as for a small one.

The board is measured at 5 and at 80 villages (each with applications in every
status on the board), a village's panel at 3 and 40 applications (each with
reviews), the programme list at 1 and 20 programmes, and an application's page
at 1 and 15 reviews and payments. Both sizes must run the number pinned for the
page in ``QUERIES``; a failure prints the SQL of both runs (tests/queries.py).
"""

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.urls import reverse

from core.roles import Role
from network.models import Person, Village
from tests.factories import UserFactory
from tests.queries import assert_num_queries, measure
from welfare import services
from welfare.models import (
    Allocation,
    Application,
    ApplicationStatus,
    Disbursement,
    Programme,
    Review,
)

pytestmark = pytest.mark.django_db

# The pinned counts, one per page. A page changed on purpose may need a new number:
# read the SQL that the failure prints, check that no query runs per row, then
# change the number here.
QUERIES: dict[str, int] = {
    # session, user, membership with its network, programme, the villages' rows
    # with their sums, and the memberships once more
    "welfare-board[committee]": 6,
    "welfare-board[viewer]": 6,
    "welfare-village-panel": 8,
    "welfare-programmes": 6,
    "welfare-application": 15,
}

S = ApplicationStatus
# Statuses spread over each village's applications, so every subquery has rows.
SPREAD = [S.SUBMITTED, S.UNDER_REVIEW, S.APPROVED, S.DISBURSED, S.REJECTED, S.UNDER_REVIEW]
_receipts = itertools.count(1)


def grow(programme: Programme, villages: int, per_village: int, reviewers: list) -> None:
    """Bring the programme up to ``villages`` villages of ``per_village`` applications each."""
    network = programme.network
    have = Village.objects.filter(network=network).count()
    new = Village.objects.bulk_create(
        Village(network=network, number=n, name=f"บ้าน {n}") for n in range(have + 1, villages + 1)
    )
    Allocation.objects.bulk_create(
        Allocation(network=network, programme=programme, village=v, amount=Decimal("1000000"))
        for v in new
    )
    for village in Village.objects.filter(network=network):
        add_applications(programme, village, per_village, reviewers)


def add_applications(programme, village, total: int, reviewers: list) -> None:
    network = programme.network
    have = Application.objects.filter(programme=programme, village=village).count()
    people = Person.objects.bulk_create(
        Person(network=network, village=village, first_name=f"ผู้ขอ{n}", last_name="ทดสอบ")
        for n in range(have, total)
    )
    applications = Application.objects.bulk_create(
        Application(
            network=network,
            programme=programme,
            village=village,
            applicant=person,
            kind="occupational",
            purpose="ทุนอาชีพ",
            requested_amount=Decimal("3000"),
            status=SPREAD[n % len(SPREAD)],
            approved_amount=Decimal("2000")
            if SPREAD[n % len(SPREAD)] in (S.APPROVED, S.DISBURSED)
            else None,
        )
        for n, person in enumerate(people, start=have)
    )
    Review.objects.bulk_create(
        Review(network=network, application=a, reviewer=r, recommendation="yes")
        for a in applications
        for r in reviewers
    )
    Disbursement.objects.bulk_create(
        Disbursement(
            network=network,
            application=a,
            date=dt.date(2007, 10, 1),
            amount=Decimal("2000"),
            method="cash",
            receipt_number=f"R{next(_receipts)}",
        )
        for a in applications
        if a.status == S.DISBURSED
    )


@pytest.fixture
def programme(network):
    return services.create_programme(
        network=network, name="เยาวชน", year=2007, total_budget=Decimal("100000000")
    )


@pytest.mark.parametrize("role", [Role.COMMITTEE, Role.VIEWER])
def test_the_board_of_80_villages_runs_as_many_queries_as_of_5(member, programme, role):
    client = member(role)
    reviewers = [UserFactory()]
    url = reverse("welfare:programme_board", args=[programme.network.slug, programme.pk])

    grow(programme, 5, 4, reviewers)
    small = measure(client, url, "5 villages")
    grow(programme, 80, 8, reviewers)
    large = measure(client, url, "80 villages")

    page = f"welfare-board[{role}]"
    assert_num_queries(page, QUERIES[page], small, large)


def test_a_village_of_40_applications_opens_in_as_many_queries_as_of_3(member, programme):
    client = member(Role.COMMITTEE)
    reviewers = [UserFactory(), UserFactory()]
    grow(programme, 2, 3, reviewers)
    url = reverse("welfare:board_village", args=[programme.network.slug, programme.pk, 1])
    headers = {"HX-Request": "true", "HX-Target": "village-panel"}

    small = measure(client, url, "3 applications", **headers)
    add_applications(
        programme, Village.objects.get(network=programme.network, number=1), 40, reviewers
    )
    large = measure(client, url, "40 applications", **headers)

    assert_num_queries("welfare-village-panel", QUERIES["welfare-village-panel"], small, large)


def test_the_programme_list_of_20_runs_as_many_queries_as_of_1(member, programme, network):
    client = member(Role.VIEWER)
    url = reverse("welfare:programme_list", args=[network.slug])
    grow(programme, 2, 3, [])

    small = measure(client, url, "1 programme")
    for n in range(19):
        other = services.create_programme(
            network=network, name=f"โครงการ {n}", year=2008, total_budget=Decimal("1000")
        )
        grow(other, 2, 2, [])
    large = measure(client, url, "20 programmes")

    assert_num_queries("welfare-programmes", QUERIES["welfare-programmes"], small, large)


def test_an_application_page_does_not_grow_with_reviews_and_payments(member, programme, network):
    client = member(Role.ADMIN)
    grow(programme, 1, 0, [])
    village = Village.objects.get(network=network, number=1)
    applicant = Person.objects.create(
        network=network, village=village, first_name="ก", last_name="ข"
    )
    application = services.create_application(
        programme=programme,
        applicant=applicant,
        kind="occupational",
        purpose="ทุน",
        requested_amount=Decimal("30000"),
    )
    services.submit(application=application, actor=None)
    services.start_review(application=application, actor=None)
    url = application.get_absolute_url()

    def review(n: int) -> None:
        for _ in range(n):
            services.record_review(
                application=application,
                reviewer=UserFactory(),
                reviewer_person=None,
                recommendation="yes",
            )

    review(1)
    services.approve(application=application, amount=Decimal("30000"), actor=None)
    services.disburse(
        application=application,
        amount=Decimal("100"),
        date=dt.date(2007, 10, 1),
        method="cash",
        receipt_number="A-0",
        actor=None,
    )
    small = measure(client, url, "1 review and payment")
    Review.objects.bulk_create(
        Review(
            network=network, application=application, reviewer=UserFactory(), recommendation="no"
        )
        for _ in range(14)
    )
    for n in range(1, 15):
        services.disburse(
            application=application,
            amount=Decimal("100"),
            date=dt.date(2007, 10, 1),
            method="cash",
            receipt_number=f"A-{n}",
            actor=None,
        )
    large = measure(client, url, "15 reviews and payments")

    assert_num_queries("welfare-application", QUERIES["welfare-application"], small, large)
