"""Villages: list, detail with its people, add and edit; the network's home page."""

import re

from django.urls import reverse
from django.utils import translation

from core.roles import Role
from network.models import PartnerStatus, Village
from tests.factories import HouseholdFactory, PartnerFactory, PersonFactory, VillageFactory

FORM = {"HX-Request": "true", "HX-Target": "village-form"}


def already_used(field_label: str) -> str:
    with translation.override("th"):
        return translation.gettext("%(field)s is already used in this network.") % {
            "field": field_label
        }


def test_it_numbers_villages_per_network(network, other_network):
    assert [VillageFactory(network=network).number for _ in range(3)] == [1, 2, 3]
    assert VillageFactory(network=other_network).number == 1


def test_it_lists_villages_with_people_and_household_counts(member, network, other_network):
    first = VillageFactory(network=network, name="บ้านหนองบัว")
    VillageFactory(network=network, name="บ้านว่าง")
    VillageFactory(network=other_network, name="บ้านต่างเครือข่าย")
    household = HouseholdFactory(network=network, village=first)
    PersonFactory.create_batch(3, network=network, village=first, household=household)
    PersonFactory(network=network, village=first)

    response = member(Role.VIEWER).get(reverse("network:village_list", args=[network.slug]))

    assert response.status_code == 200
    assert "บ้านหนองบัว" in response.text and "บ้านว่าง" in response.text
    assert "บ้านต่างเครือข่าย" not in response.text
    counts = {v.name: (v.people_count, v.household_count) for v in response.context["villages"]}
    assert counts == {"บ้านหนองบัว": (4, 1), "บ้านว่าง": (0, 0)}


def test_it_shows_a_village_with_its_people(member, network):
    village = VillageFactory(network=network)
    elsewhere = VillageFactory(network=network)
    here = PersonFactory(network=network, village=village, first_name="อยู่ที่นี่")
    PersonFactory(network=network, village=elsewhere, first_name="อยู่ที่อื่น")

    response = member(Role.VIEWER).get(village.get_absolute_url())

    assert response.status_code == 200
    assert here.full_name in response.text
    assert "อยู่ที่อื่น" not in response.text


def test_it_pages_a_villages_people_as_a_fragment(member, network, settings):
    settings.PAGE_SIZE = 2
    village = VillageFactory(network=network)
    PersonFactory.create_batch(5, network=network, village=village)

    response = member(Role.VIEWER).get(
        village.get_absolute_url(),
        {"page": 3},
        headers={"HX-Request": "true", "HX-Target": "results"},
    )

    assert "<html" not in response.text
    assert len(re.findall(r'<td class="primary">', response.text)) == 1


def test_it_adds_a_village(member, network):
    alice = member(Role.SECRETARY)

    response = alice.post(
        reverse("network:village_create", args=[network.slug]), {"number": "4", "name": "บ้านใหม่"}
    )

    village = Village.objects.get()
    assert (village.network, village.number, village.name) == (network, 4, "บ้านใหม่")
    assert response["Location"] == village.get_absolute_url()


def test_it_refuses_a_duplicate_village_number_on_the_number_field(member, network, other_network):
    VillageFactory(network=network, number=4)
    VillageFactory(network=other_network, number=5)
    alice = member(Role.SECRETARY)
    url = reverse("network:village_create", args=[network.slug])

    response = alice.post(url, {"number": "4", "name": "บ้านซ้ำ"}, headers=FORM)

    assert response.status_code == 422
    assert response.text.lstrip().startswith('<form id="village-form"')
    form = response.context["form"]
    assert form.non_field_errors() == []
    assert form.errors["number"] == [already_used(form.fields["number"].label)]
    assert 'id="id_number_error"' in response.text
    assert Village.objects.filter(network=network).count() == 1

    # The same number in another network is no obstacle.
    response = alice.post(url, {"number": "5", "name": "บ้านห้า"})
    assert response.status_code == 302


def test_it_edits_a_village_and_follows_its_new_number(member, network):
    village = VillageFactory(network=network, number=1)
    url = reverse("network:village_edit", args=[network.slug, 1])

    response = member(Role.ADMIN).post(url, {"number": "2", "name": "บ้านย้าย"})

    village.refresh_from_db()
    assert (village.number, village.name) == (2, "บ้านย้าย")
    assert response["Location"] == reverse("network:village_detail", args=[network.slug, 2])


def test_it_refuses_renumbering_onto_another_village(member, network):
    VillageFactory(network=network, number=1)
    village = VillageFactory(network=network, number=2, name="เดิม")
    url = reverse("network:village_edit", args=[network.slug, 2])

    response = member(Role.ADMIN).post(url, {"number": "1", "name": "ใหม่"})

    assert response.status_code == 422
    assert "number" in response.context["form"].errors
    village.refresh_from_db()
    assert (village.number, village.name) == (2, "เดิม")


def test_it_shows_the_networks_counts_on_its_home(member, network, other_network):
    VillageFactory.create_batch(2, network=network)
    PersonFactory.create_batch(3, network=network)
    PartnerFactory.create_batch(2, network=network, status=PartnerStatus.VETTED)
    PartnerFactory(network=network, status=PartnerStatus.ACTIVE)
    PartnerFactory.create_batch(4, network=other_network)

    response = member(Role.VIEWER).get(network.get_absolute_url())

    assert response.status_code == 200
    # PersonFactory adds a village for each person.
    assert response.context["village_count"] == 5
    assert response.context["people_count"] == 3
    assert response.context["partner_count"] == 3
    counts = {status.value: n for status, n in response.context["partner_counts"]}
    assert counts == {"proposed": 0, "vetted": 2, "active": 1, "inactive": 0}
