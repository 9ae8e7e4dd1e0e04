"""Services of the network core: the vetting path and households."""

import itertools

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from network.models import Household, Partner, PartnerStatus, PartnerStatusChange, Person
from network.services import change_partner_status, propose_partner, save_person
from tests.factories import PartnerFactory, PersonFactory, UserFactory, VillageFactory

# The vetting path, written out here rather than read from the workflow declaration.
ALLOWED = {
    ("proposed", "vetted"),
    ("proposed", "inactive"),
    ("vetted", "active"),
    ("vetted", "inactive"),
    ("active", "inactive"),
    ("inactive", "proposed"),
    ("inactive", "active"),
}
ALL_MOVES = list(itertools.product(PartnerStatus.values, repeat=2))


@pytest.mark.parametrize(("from_status", "to_status"), sorted(ALLOWED))
def test_it_moves_a_partner_along_an_allowed_step(network, from_status, to_status):
    partner = PartnerFactory(network=network, status=from_status)
    alice = UserFactory()
    before = timezone.now()

    change = change_partner_status(
        partner=partner, to_status=to_status, actor=alice, reason="  ตรวจแล้ว  "
    )

    assert partner.status == to_status  # the caller's object is refreshed
    stored = Partner.objects.get(pk=partner.pk)
    assert stored.status == to_status
    assert stored.status_changed_by == alice
    assert before <= stored.status_changed_at <= timezone.now()
    assert PartnerStatusChange.objects.get() == change
    assert (change.network, change.partner) == (network, stored)
    assert (change.from_status, change.to_status) == (from_status, to_status)
    assert (change.changed_by, change.reason) == (alice, "ตรวจแล้ว")
    assert change.changed_at == stored.status_changed_at


@pytest.mark.parametrize(
    ("from_status", "to_status"), [move for move in ALL_MOVES if move not in ALLOWED]
)
def test_it_refuses_a_step_off_the_vetting_path(network, from_status, to_status):
    partner = PartnerFactory(network=network, status=from_status)

    with pytest.raises(ValidationError) as refused:
        change_partner_status(partner=partner, to_status=to_status, actor=None, reason="ลองดู")

    assert refused.value.code == "invalid_transition"
    assert Partner.objects.get(pk=partner.pk).status == from_status
    assert not PartnerStatusChange.objects.exists()


def test_it_names_both_statuses_when_refusing_a_step(network):
    partner = PartnerFactory(network=network, status=PartnerStatus.PROPOSED)
    with pytest.raises(ValidationError) as refused:
        change_partner_status(partner=partner, to_status="active", actor=None, reason="x")
    message = refused.value.messages[0]
    assert str(PartnerStatus.PROPOSED.label) in message
    assert str(PartnerStatus.ACTIVE.label) in message


def test_it_refuses_an_unknown_status(network):
    partner = PartnerFactory(network=network)
    with pytest.raises(ValidationError, match="bogus"):
        change_partner_status(partner=partner, to_status="bogus", actor=None, reason="x")
    assert not PartnerStatusChange.objects.exists()


@pytest.mark.parametrize("reason", ["", "   ", "\n"])
def test_it_refuses_a_step_without_a_reason(network, reason):
    partner = PartnerFactory(network=network)
    with pytest.raises(ValidationError) as refused:
        change_partner_status(partner=partner, to_status="vetted", actor=None, reason=reason)
    assert refused.value.code == "reason_required"
    assert Partner.objects.get(pk=partner.pk).status == PartnerStatus.PROPOSED
    assert not PartnerStatusChange.objects.exists()


def test_it_decides_on_the_stored_status_not_a_stale_copy(network):
    partner = PartnerFactory(network=network)
    stale = Partner.objects.get(pk=partner.pk)
    change_partner_status(partner=partner, to_status="vetted", actor=None, reason="ครั้งแรก")

    # The stale copy still says "proposed", from which "vetted" would be allowed.
    with pytest.raises(ValidationError):
        change_partner_status(partner=stale, to_status="vetted", actor=None, reason="ซ้ำ")
    assert PartnerStatusChange.objects.count() == 1


def test_it_records_a_proposal_as_the_first_step(network):
    alice = UserFactory()
    partner = Partner(network=network, name="ภาคีใหม่", kind="ngo", status=PartnerStatus.ACTIVE)

    propose_partner(partner=partner, actor=alice, reason="")

    partner.refresh_from_db()
    assert partner.status == PartnerStatus.PROPOSED
    step = PartnerStatusChange.objects.get()
    assert (step.from_status, step.to_status, step.changed_by) == ("", "proposed", alice)
    assert step.reason  # a default reason, never blank


# Households


def test_it_creates_a_household_for_a_house_number(network):
    person = PersonFactory.build(network=network, village=VillageFactory(network=network))

    save_person(person=person, house_number=" 12/3 ")

    household = Household.objects.get()
    assert person.pk is not None
    assert person.household == household
    assert (household.network, household.village, household.house_number) == (
        network,
        person.village,
        "12/3",
    )


def test_it_puts_two_people_of_one_house_in_one_household(network):
    village = VillageFactory(network=network)
    first = save_person(
        person=PersonFactory.build(network=network, village=village), house_number="5"
    )
    second = save_person(
        person=PersonFactory.build(network=network, village=village), house_number="5"
    )

    assert Household.objects.count() == 1
    assert first.household_id == second.household_id
    assert set(Household.objects.get().members.all()) == {first, second}


def test_it_keeps_the_same_house_number_in_two_villages_apart(network, other_network):
    one, two = VillageFactory(network=network), VillageFactory(network=network)
    elsewhere = VillageFactory(network=other_network)
    people = [
        save_person(person=PersonFactory.build(network=v.network, village=v), house_number="5")
        for v in (one, two, elsewhere)
    ]
    assert len({p.household_id for p in people}) == 3
    assert [p.household.network for p in people] == [network, network, other_network]


def test_it_leaves_a_person_without_a_house_number_out_of_any_household(network):
    person = save_person(
        person=PersonFactory.build(network=network, village=VillageFactory(network=network)),
        house_number="  ",
    )
    assert person.household is None
    assert not Household.objects.exists()


def test_it_moves_a_person_to_another_house(network):
    village = VillageFactory(network=network)
    person = save_person(
        person=PersonFactory.build(network=network, village=village), house_number="1"
    )

    save_person(person=person, house_number="2")
    assert Person.objects.get(pk=person.pk).household.house_number == "2"

    save_person(person=person, house_number="")
    assert Person.objects.get(pk=person.pk).household is None
    assert Household.objects.count() == 2  # a household outlives its last member's move


def test_it_needs_a_village_for_a_household(network):
    person = save_person(
        person=PersonFactory.build(network=network, village=None), house_number="9"
    )
    assert person.household is None
    assert not Household.objects.exists()
