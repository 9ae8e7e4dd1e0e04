"""A coordinator edits only the workstreams their membership names (issue 10, point 5)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from core.roles import Role, Workstream
from network.models import Membership
from tests.factories import MembershipFactory, UserFactory
from welfare.models import Programme

PROGRAMME = {
    "name": "ทุนการศึกษาเยาวชน",
    "year": "2551",
    "target_group": "youth",
    "grant_kinds": ["education"],
    "total_budget": "50000.00",
    "rules": "",
}


def create_url(network):
    return reverse("welfare:programme_create", args=[network.slug])


def test_a_coordinator_of_welfare_sets_up_a_programme(member, network):
    carol = member(Role.COORDINATOR, workstreams=[Workstream.WELFARE])

    assert carol.get(create_url(network)).status_code == 200
    response = carol.post(create_url(network), PROGRAMME)

    programme = Programme.objects.get(network=network)
    assert response.status_code == 302 and response.url == programme.get_absolute_url()
    assert programme.total_budget == Decimal("50000.00")


def test_a_coordinator_of_land_rights_may_not_edit_welfare(member, network):
    dave = member(Role.COORDINATOR, workstreams=[Workstream.LANDRIGHTS])

    assert dave.get(create_url(network)).status_code == 403
    assert dave.post(create_url(network), PROGRAMME).status_code == 403
    assert not Programme.objects.exists()


def test_a_coordinator_of_land_rights_still_sees_welfare_as_every_member_does(member, network):
    dave = member(Role.COORDINATOR, workstreams=[Workstream.LANDRIGHTS])

    page = dave.get(reverse("welfare:programme_list", args=[network.slug]))

    assert page.status_code == 200
    assert create_url(network) not in page.text


def test_a_coordinator_of_no_workstream_may_not_edit_welfare(member, network):
    erin = member(Role.COORDINATOR, workstreams=[])
    assert erin.post(create_url(network), PROGRAMME).status_code == 403


def test_a_coordinator_of_two_workstreams_edits_welfare(member, network):
    frank = member(Role.COORDINATOR, workstreams=[Workstream.LANDRIGHTS, Workstream.WELFARE])
    assert frank.post(create_url(network), PROGRAMME).status_code == 302


def test_the_workstreams_do_not_narrow_other_roles(member, network):
    # A secretary's membership naming land rights does not take welfare from them.
    grace = member(Role.SECRETARY, workstreams=[Workstream.LANDRIGHTS])
    assert grace.post(create_url(network), PROGRAMME).status_code == 302


def test_the_role_page_shows_what_a_coordinator_coordinates(member, network):
    carol = member(Role.COORDINATOR, workstreams=[Workstream.WELFARE])
    carol.post(reverse("set_language"), {"language": "en"})

    page = carol.get(reverse("roles_help"))

    with translation.override("en"):
        assert f"{network.name}</a>: Workstream coordinator · coordinates Community welfare" in (
            page.text
        )
        assert "coordinators of Community welfare only" in page.text
    home = carol.get(reverse("network:home", args=[network.slug]))
    assert 'id="my-role">Workstream coordinator: Community welfare</p>' in home.text


def test_the_role_page_says_when_a_coordinator_coordinates_nothing(member, network):
    erin = member(Role.COORDINATOR, workstreams=[])
    erin.post(reverse("set_language"), {"language": "en"})

    page = erin.get(reverse("roles_help"))

    assert "Workstream coordinator · coordinates no workstream yet" in page.text


@pytest.mark.parametrize(
    ("ticked", "stored"),
    [
        (["welfare"], ["welfare"]),
        (["welfare", "landrights"], ["welfare", "landrights"]),
        (["strategy", "welfare"], ["welfare", "strategy"]),  # in the workstreams' order
        ([], []),
    ],
)
def test_the_admin_sets_a_coordinator_s_workstreams(admin_client, network, ticked, stored):
    membership = MembershipFactory(network=network, role=Role.COORDINATOR, user=UserFactory())
    url = reverse("admin:network_membership_change", args=[membership.pk])
    form = admin_client.get(url)
    assert 'name="workstreams" value="landrights"' in form.text

    response = admin_client.post(
        url,
        {
            "user": membership.user.pk,
            "network": network.pk,
            "role": Role.COORDINATOR,
            "workstreams": ticked,
            "person": "",
        },
    )

    assert response.status_code == 302, response.text[:2000]
    assert Membership.objects.get(pk=membership.pk).workstreams == stored
