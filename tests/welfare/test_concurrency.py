"""The caps hold when two committee members act at the same moment (real transactions,
two threads, PostgreSQL row locks)."""

import datetime as dt
import threading
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection
from django.db.models import Sum
from django.test import Client
from django.urls import reverse
from django.utils import translation

from core.roles import Role
from tests.factories import AllocationFactory, ApplicationFactory, ProgrammeFactory, VillageFactory
from welfare import services
from welfare.models import Application, ApplicationStatus, Disbursement, DisbursementMethod

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL row locks; SQLite serialises whole-database writes",
    ),
    pytest.mark.django_db(transaction=True),
]


def race(*actions: Callable[[], object]) -> tuple[list[object], list[ValidationError]]:
    """Run each action in its own thread and transaction, all starting together."""
    start = threading.Barrier(len(actions), timeout=10)
    results: list[object] = []
    refusals: list[ValidationError] = []
    errors: list[BaseException] = []

    def run(action: Callable[[], object]) -> None:
        try:
            start.wait()
            results.append(action())
        except ValidationError as refusal:
            refusals.append(refusal)
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    return results, refusals


@pytest.fixture
def slow_sums(monkeypatch):
    """Make each check dawdle after reading, so both threads are inside together:
    without the row locks both would read the same total and both would write."""
    real = services._committed_in

    def slow(*args, **kwargs):
        total = real(*args, **kwargs)
        threading.Event().wait(0.3)
        return total

    monkeypatch.setattr(services, "_committed_in", slow)


def under_review(**kwargs) -> Application:
    application = ApplicationFactory(**kwargs)
    services.submit(application=application, actor=None)
    services.start_review(application=application, actor=None)
    return application


def test_only_one_of_two_concurrent_approvals_past_the_allocation_goes_through(network, slow_sums):
    village = VillageFactory(network=network)
    programme = ProgrammeFactory(network=network)
    AllocationFactory(network=network, programme=programme, village=village, amount=5000)
    first, second = (
        under_review(network=network, programme=programme, village=village) for _ in range(2)
    )

    def approve(application: Application) -> Callable[[], object]:
        return lambda: services.approve(
            application=Application.objects.get(pk=application.pk),
            amount=Decimal("3000"),
            actor=None,
        )

    results, refusals = race(approve(first), approve(second))

    assert len(results) == 1
    assert [refusal.code for refusal in refusals] == ["over_allocation"]
    statuses = sorted(
        Application.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True)
    )
    assert statuses == sorted([ApplicationStatus.APPROVED, ApplicationStatus.UNDER_REVIEW])
    approved = Application.objects.filter(status=ApplicationStatus.APPROVED).aggregate(
        total=Sum("approved_amount")
    )["total"]
    assert approved == Decimal("3000.00")


def test_only_one_of_two_concurrent_payments_past_the_approval_goes_through(network, monkeypatch):
    village = VillageFactory(network=network)
    programme = ProgrammeFactory(network=network)
    AllocationFactory(network=network, programme=programme, village=village, amount=5000)
    application = under_review(
        network=network, programme=programme, village=village, requested_amount=5000
    )
    services.approve(application=application, amount=Decimal("5000"), actor=None)

    real_create = Disbursement.objects.create

    def slow_create(**kwargs):
        threading.Event().wait(0.3)
        return real_create(**kwargs)

    monkeypatch.setattr(Disbursement.objects, "create", slow_create)

    def pay(receipt: str) -> Callable[[], object]:
        return lambda: services.disburse(
            application=Application.objects.get(pk=application.pk),
            amount=Decimal("3000"),
            date=dt.date(2024, 3, 1),
            method=DisbursementMethod.TRANSFER,
            receipt_number=receipt,
            actor=None,
        )

    results, refusals = race(pay("A-1"), pay("A-2"))

    assert len(results) == 1
    assert [refusal.code for refusal in refusals] == ["over_approved"]
    assert Disbursement.objects.aggregate(total=Sum("amount"))["total"] == Decimal("3000.00")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DISBURSED


def test_two_committee_members_approving_at_once_through_the_board(network, member, slow_sums):
    """The same race through real requests: the whole stack, two logged-in members."""
    village = VillageFactory(network=network)
    programme = ProgrammeFactory(network=network)
    AllocationFactory(network=network, programme=programme, village=village, amount=5000)
    first, second = (
        under_review(network=network, programme=programme, village=village) for _ in range(2)
    )
    alice, bob = member(Role.COMMITTEE), member(Role.COMMITTEE)

    def decide(client, application: Application) -> Callable[[], object]:
        prefix = f"decide-{application.pk}"
        url = reverse("welfare:application_decide", args=[network.slug, application.pk])
        return lambda: (
            client.post(
                url,
                {
                    f"{prefix}-decision": "approve",
                    f"{prefix}-amount": "3000",
                    f"{prefix}-version": application.version,
                },
                headers={"HX-Request": "true", "HX-Target": f"application-{application.pk}"},
            ).status_code
        )

    statuses, refusals = race(decide(alice, first), decide(bob, second))

    assert sorted(statuses) == [200, 422] and refusals == []
    approved = Application.objects.filter(status=ApplicationStatus.APPROVED)
    assert approved.count() == 1
    assert approved.aggregate(total=Sum("approved_amount"))["total"] == Decimal("3000.00")


def test_twenty_payments_at_once_with_one_receipt_number_leave_one_and_tell_the_others(
    network, member, monkeypatch
):
    """Twenty payments of twenty grants typed with the same receipt number: each
    passes the check before any is saved, so the constraint decides; every loser
    is told the number is used, on the page, and none gets a server error."""
    village = VillageFactory(network=network)
    programme = ProgrammeFactory(network=network)
    AllocationFactory(network=network, programme=programme, village=village, amount=100000)
    applications = []
    for _ in range(20):
        application = under_review(
            network=network, programme=programme, village=village, requested_amount=1000
        )
        services.approve(application=application, amount=Decimal("1000"), actor=None)
        applications.append(Application.objects.get(pk=application.pk))
    accountant = member(Role.ADMIN)

    real_create = Disbursement.objects.create

    def slow_create(**kwargs):
        threading.Event().wait(0.3)  # every thread has passed the check by now
        return real_create(**kwargs)

    monkeypatch.setattr(Disbursement.objects, "create", slow_create)

    def pay(application: Application) -> Callable[[], object]:
        client = Client()
        client.force_login(accountant.user)
        url = reverse("welfare:application_disburse", args=[network.slug, application.pk])
        return lambda: client.post(
            url,
            {
                "amount": "1000",
                "date": "1/3/2567",
                "method": DisbursementMethod.CASH,
                "receipt_number": "ใบเสร็จ 17/2567",
            },
        )

    responses, refusals = race(*(pay(application) for application in applications))

    assert refusals == []
    assert sorted(response.status_code for response in responses) == [302] + [422] * 19
    with translation.override("th"):
        message = translation.gettext("Receipt number %(number)s is already used.") % {
            "number": "ใบเสร็จ 17/2567"
        }
    for response in responses:
        if response.status_code == 422:
            assert message in response.content.decode()
    assert Disbursement.objects.filter(receipt_number="ใบเสร็จ 17/2567").count() == 1
