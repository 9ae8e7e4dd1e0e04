"""Two people taking a step on the same row at once: the engine's row lock lets one
through and refuses the other, with one status-change row (PostgreSQL row locks)."""

import threading

import pytest
from django.db import connection

from core import workflow
from network.models import Partner, PartnerStatus, PartnerStatusChange
from tests.factories import PartnerFactory
from tests.welfare.test_concurrency import race

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL row locks; SQLite serialises whole-database writes",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def slow_lock(monkeypatch):
    """Dawdle after locking and reading the row, so both threads are inside together:
    without the lock both would read "proposed" and both would write a step."""
    real = workflow._lock

    def slow(*args, **kwargs):
        row = real(*args, **kwargs)
        threading.Event().wait(0.3)
        return row

    monkeypatch.setattr(workflow, "_lock", slow)


def test_only_one_of_two_people_vetting_a_partner_at_once_vets_it(network, slow_lock):
    partner = PartnerFactory(network=network, status=PartnerStatus.PROPOSED)

    def vet():
        stale = Partner.objects.get(pk=partner.pk)
        return workflow.transition(stale, "vet", actor=None, reason="ตรวจแล้ว")

    results, refusals = race(vet, vet)

    assert (len(results), len(refusals)) == (1, 1)
    assert refusals[0].code == "invalid_transition"
    assert Partner.objects.get(pk=partner.pk).status == PartnerStatus.VETTED
    assert PartnerStatusChange.objects.filter(partner=partner).count() == 1
