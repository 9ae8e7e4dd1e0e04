"""The role matrix, the views that enforce it, and the help page that shows it."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from core.roles import MATRIX, Perm, Role, Workstream, matrix_rows, role_can
from network.models import PartnerStatus, PartnerStatusChange, Person
from reports.permissions import ReportPerm
from tests.factories import PartnerFactory, PersonFactory, VillageFactory
from welfare.permissions import WelfarePerm

# Every permission the apps declare, in the matrix's order (the network's, welfare's,
# reports', then managing members), written out here rather than read from the registry.
ALL_PERMS = [
    Perm.VIEW_NETWORK,
    Perm.VIEW_VILLAGES,
    Perm.EDIT_VILLAGES,
    Perm.VIEW_PEOPLE,
    Perm.EDIT_PEOPLE,
    Perm.VIEW_PARTNERS,
    Perm.EDIT_PARTNERS,
    Perm.VET_PARTNERS,
    Perm.VIEW_MEETINGS,
    Perm.EDIT_MINUTES,
    WelfarePerm.VIEW_WELFARE,
    WelfarePerm.EDIT_WELFARE,
    WelfarePerm.REVIEW_WELFARE,
    WelfarePerm.DECIDE_WELFARE,
    WelfarePerm.DISBURSE_WELFARE,
    ReportPerm.VIEW_REPORTS,
    ReportPerm.MAKE_REPORTS,
    ReportPerm.SHARE_REPORTS,
    Perm.MANAGE_MEMBERS,
]

# The expected matrix, written out here rather than read back from MATRIX.
EXPECTED = {
    Role.ADMIN: set(ALL_PERMS),
    Role.SECRETARY: {
        Perm.VIEW_NETWORK,
        Perm.VIEW_VILLAGES,
        Perm.EDIT_VILLAGES,
        Perm.VIEW_PEOPLE,
        Perm.EDIT_PEOPLE,
        Perm.VIEW_PARTNERS,
        Perm.EDIT_PARTNERS,
        Perm.VET_PARTNERS,
        Perm.VIEW_MEETINGS,
        Perm.EDIT_MINUTES,
        WelfarePerm.VIEW_WELFARE,
        WelfarePerm.EDIT_WELFARE,
        ReportPerm.VIEW_REPORTS,
        ReportPerm.MAKE_REPORTS,
        ReportPerm.SHARE_REPORTS,
    },
    Role.COMMITTEE: {
        Perm.VIEW_NETWORK,
        Perm.VIEW_VILLAGES,
        Perm.VIEW_PEOPLE,
        Perm.VIEW_PARTNERS,
        Perm.VET_PARTNERS,
        Perm.VIEW_MEETINGS,
        WelfarePerm.VIEW_WELFARE,
        WelfarePerm.REVIEW_WELFARE,
        WelfarePerm.DECIDE_WELFARE,
        ReportPerm.VIEW_REPORTS,
    },
    Role.COORDINATOR: {
        Perm.VIEW_NETWORK,
        Perm.VIEW_VILLAGES,
        Perm.VIEW_PEOPLE,
        Perm.EDIT_PEOPLE,
        Perm.VIEW_PARTNERS,
        Perm.VIEW_MEETINGS,
        WelfarePerm.VIEW_WELFARE,
        WelfarePerm.EDIT_WELFARE,
        ReportPerm.VIEW_REPORTS,
        ReportPerm.MAKE_REPORTS,
    },
    Role.ACCOUNTANT: {
        Perm.VIEW_NETWORK,
        Perm.VIEW_VILLAGES,
        Perm.VIEW_PEOPLE,
        Perm.VIEW_PARTNERS,
        Perm.VIEW_MEETINGS,
        WelfarePerm.VIEW_WELFARE,
        WelfarePerm.DISBURSE_WELFARE,
        ReportPerm.VIEW_REPORTS,
    },
    # Partners follow progress through the reports shared with them, and nothing else.
    Role.PARTNER: {ReportPerm.VIEW_REPORTS},
    Role.VIEWER: {
        Perm.VIEW_NETWORK,
        Perm.VIEW_VILLAGES,
        Perm.VIEW_PEOPLE,
        Perm.VIEW_PARTNERS,
        Perm.VIEW_MEETINGS,
        WelfarePerm.VIEW_WELFARE,
        ReportPerm.VIEW_REPORTS,
    },
}


@pytest.mark.parametrize("role", list(Role))
def test_it_gives_each_role_exactly_its_permissions(role):
    held = {perm for perm in ALL_PERMS if role_can(role, perm)}
    assert held == EXPECTED[role]


def test_it_has_a_matrix_row_for_every_role():
    assert set(MATRIX) == set(Role)


def test_it_keeps_partners_to_the_reports():
    assert {perm for perm in ALL_PERMS if role_can(Role.PARTNER, perm)} == {ReportPerm.VIEW_REPORTS}


def test_it_lets_no_viewer_edit():
    changes = [
        Perm.EDIT_VILLAGES,
        Perm.EDIT_PEOPLE,
        Perm.EDIT_PARTNERS,
        Perm.VET_PARTNERS,
        Perm.EDIT_MINUTES,
        WelfarePerm.EDIT_WELFARE,
        WelfarePerm.REVIEW_WELFARE,
        WelfarePerm.DECIDE_WELFARE,
        WelfarePerm.DISBURSE_WELFARE,
    ]
    assert not any(role_can(Role.VIEWER, perm) for perm in [*changes, Perm.MANAGE_MEMBERS])


def test_it_lets_secretaries_and_committee_vet_partners():
    vetters = {role for role in Role if role_can(role, Perm.VET_PARTNERS)}
    assert vetters == {Role.ADMIN, Role.SECRETARY, Role.COMMITTEE}


def test_it_lets_only_admins_manage_members():
    assert [role for role in Role if role_can(role, Perm.MANAGE_MEMBERS)] == [Role.ADMIN]


def test_it_gives_an_unknown_role_nothing():
    assert not any(role_can("janitor", perm) for perm in ALL_PERMS)
    assert not any(role_can("", perm) for perm in ALL_PERMS)


def test_it_asks_the_matrix_through_the_membership(member):
    bob = member(Role.VIEWER)
    assert bob.membership.can(Perm.VIEW_PEOPLE)
    assert not bob.membership.can(Perm.EDIT_PEOPLE)


# Views


def test_it_refuses_vetting_to_a_viewer(member, network):
    partner = PartnerFactory(network=network)
    bob = member(Role.VIEWER)
    url = reverse("network:partner_vet", args=[network.slug, partner.pk])

    response = bob.post(url, {"to_status": PartnerStatus.VETTED, "reason": "ตรวจแล้ว"})

    assert response.status_code == 403
    partner.refresh_from_db()
    assert partner.status == PartnerStatus.PROPOSED
    assert not PartnerStatusChange.objects.exists()


def test_it_lets_a_secretary_vet(member, network):
    partner = PartnerFactory(network=network)
    alice = member(Role.SECRETARY)
    url = reverse("network:partner_vet", args=[network.slug, partner.pk])

    response = alice.post(url, {"to_status": PartnerStatus.VETTED, "reason": "ตรวจแล้ว"})

    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.status == PartnerStatus.VETTED


def test_it_refuses_the_add_person_page_to_a_viewer(member, network):
    bob = member(Role.VIEWER)
    url = reverse("network:person_create", args=[network.slug])
    assert bob.get(url).status_code == 403
    assert bob.post(url, {"first_name": "สมชาย"}).status_code == 403
    assert not Person.objects.exists()
    assert member(Role.COORDINATOR).get(url).status_code == 200


def test_it_refuses_people_to_a_partner(member, network):
    person = PersonFactory(network=network)
    bob = member(Role.PARTNER)
    # Refused as if the pages did not exist: a partner learns nothing of the people.
    assert bob.get(reverse("network:person_list", args=[network.slug])).status_code == 404
    assert bob.get(person.get_absolute_url()).status_code == 404


def test_it_sends_a_partner_from_the_network_home_to_the_reports(member, network):
    village = VillageFactory(network=network)
    PersonFactory(network=network, village=village, first_name="สมศรีลับเฉพาะ")
    bob = member(Role.PARTNER)

    home = bob.get(reverse("network:home", args=[network.slug]))

    assert home.status_code == 302
    assert home.url == reverse("reports:list", args=[network.slug])
    assert bob.get(village.get_absolute_url()).status_code == 404
    page = bob.get(home.url)
    assert "สมศรีลับเฉพาะ" not in page.text
    assert reverse("network:village_list", args=[network.slug]) not in page.text


def test_it_hides_edit_buttons_from_a_viewer(member, network):
    village = VillageFactory(network=network)
    edit = reverse("network:village_edit", args=[network.slug, village.number])
    assert edit not in member(Role.VIEWER).get(village.get_absolute_url()).text
    assert edit in member(Role.SECRETARY).get(village.get_absolute_url()).text


# Help page


@pytest.mark.parametrize("language", ["th", "en"])
def test_it_shows_every_role_and_permission_on_the_help_page(member, language):
    alice = member(Role.VIEWER)
    alice.post(reverse("set_language"), {"language": language})

    response = alice.get(reverse("roles_help"))

    assert response.status_code == 200
    with translation.override(language):
        labels = [str(role.label) for role in Role] + [str(perm.label) for perm in ALL_PERMS]
    for label in labels:
        assert escape(label) in response.text, label
    held = sum(len(perms) for perms in MATRIX.values())
    assert response.text.count('class="yes"') == held
    assert response.text.count('class="no"') == len(Role) * len(ALL_PERMS) - held


def test_it_shows_the_help_page_in_matrix_order():
    rows = matrix_rows()
    assert [label for label, _held in rows] == [perm.label for perm in ALL_PERMS]
    viewer_column = list(Role).index(Role.VIEWER)
    assert [held[viewer_column] for _label, held in rows] == [
        (perm in EXPECTED[Role.VIEWER], "") for perm in ALL_PERMS
    ]
    coordinator_column = list(Role).index(Role.COORDINATOR)
    scoped = {
        str(label): str(only) for label, held in rows if (only := held[coordinator_column][1])
    }
    # Of what a coordinator holds, only welfare's editing depends on their workstreams.
    assert scoped == {str(WelfarePerm.EDIT_WELFARE.label): str(Workstream.WELFARE.label)}


def test_it_sends_anonymous_visitors_from_the_help_page_to_login(client):
    response = client.get(reverse("roles_help"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_keeps_applicants_from_partners():
    assert not role_can(Role.PARTNER, WelfarePerm.VIEW_WELFARE)


def test_it_separates_deciding_a_grant_from_paying_it():
    deciders = {role for role in Role if role_can(role, WelfarePerm.DECIDE_WELFARE)}
    payers = {role for role in Role if role_can(role, WelfarePerm.DISBURSE_WELFARE)}
    assert deciders == {Role.ADMIN, Role.COMMITTEE}
    assert payers == {Role.ADMIN, Role.ACCOUNTANT}
