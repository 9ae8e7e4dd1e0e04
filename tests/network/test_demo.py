"""The demo loader: the seed's facts as data, idempotent, on every database."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from core import thai
from core.roles import Role, Workstream
from network.demo import DEMO_PASSWORD, SEED_MEETING_DAY, load_demo
from network.models import (
    Household,
    Membership,
    Network,
    Partner,
    PartnerKind,
    PartnerStatus,
    PartnerStatusChange,
    Person,
    Village,
)

pytestmark = pytest.mark.django_db

BANGKOK = ZoneInfo("Asia/Bangkok")

# Every partner the seed names: (kind, status, parent).
SEED_PARTNERS = {
    "องค์การบริหารส่วนตำบลลำสินธุ์": (PartnerKind.LOCAL_GOVERNMENT, PartnerStatus.ACTIVE, None),
    "สถานีอนามัยบ้านลำสินธุ์": (PartnerKind.HEALTH, PartnerStatus.ACTIVE, None),
    "สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน)": (
        PartnerKind.GOVERNMENT_AGENCY,
        PartnerStatus.ACTIVE,
        None,
    ),
    "กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์": (
        PartnerKind.GOVERNMENT_AGENCY,
        PartnerStatus.ACTIVE,
        None,
    ),
    "จังหวัดพัทลุง": (PartnerKind.GOVERNMENT_AGENCY, PartnerStatus.ACTIVE, None),
    "กรมสนับสนุนบริการสุขภาพ": (PartnerKind.HEALTH, PartnerStatus.ACTIVE, "กระทรวงสาธารณสุข"),
    "กองสนับสนุนสุขภาพภาคประชาชน": (
        PartnerKind.HEALTH,
        PartnerStatus.ACTIVE,
        "กรมสนับสนุนบริการสุขภาพ",
    ),
    "ศูนย์ฝึกอบรมและพัฒนาสุขภาพภาคประชาชนภาคใต้ นครศรีธรรมราช": (
        PartnerKind.HEALTH,
        PartnerStatus.ACTIVE,
        "กองสนับสนุนสุขภาพภาคประชาชน",
    ),
}
NEWCOMER = "ทีมจัดการความรู้ชุมชนเข้มแข็ง"


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    """Hash passwords quickly: the demo hashes one password per run."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def row_counts() -> dict[str, int]:
    """How many rows every installed model has."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_it_creates_nothing_new_when_run_again():
    load_demo()
    first = row_counts()
    load_demo()
    assert row_counts() == first
    assert first["network.Person"] > 0
    assert first["network.PartnerStatusChange"] > 0


def test_it_keeps_the_vetting_history_of_partners_a_user_has_changed():
    load_demo()
    newcomer = Partner.objects.get(name=NEWCOMER)
    Partner.objects.filter(pk=newcomer.pk).update(status=PartnerStatus.VETTED)
    load_demo()
    newcomer.refresh_from_db()
    assert newcomer.status == PartnerStatus.VETTED
    assert newcomer.status_changes.count() == 1


def test_it_builds_the_sinpraethong_network_from_the_seed():
    load_demo()
    network = Network.objects.get(slug="sinpraethong")
    assert network.name == "เครือข่ายสินธุ์แพรทอง"
    assert (network.sub_district, network.district, network.province) == (
        "ลำสินธุ์",
        "ศรีนครินทร์",
        "พัทลุง",
    )
    villages = Village.objects.for_network(network)
    assert 8 <= villages.count() <= 11
    assert list(villages.values_list("number", flat=True)) == list(range(1, villages.count() + 1))
    assert all(village.illustrative for village in villages)
    assert villages.get(number=1).name == "บ้านลำสินธุ์"


def test_it_records_every_named_partner_with_its_kind_status_and_parent():
    load_demo()
    network = Network.objects.get(slug="sinpraethong")
    secretary = get_user_model().objects.get(username="secretary")
    for name, (kind, status, parent) in SEED_PARTNERS.items():
        partner = Partner.objects.for_network(network).select_related("parent").get(name=name)
        assert (partner.kind, partner.status) == (kind, status), name
        assert (partner.parent.name if partner.parent else None) == parent, name
        assert partner.status_changed_by == secretary
        steps = list(partner.status_changes.order_by("changed_at"))
        assert [step.to_status for step in steps] == ["proposed", "vetted", "active"], name
        assert all(step.reason and step.changed_by == secretary for step in steps)
        # Dated in 2550 (2007), Thailand's time, and the partner shows its last step.
        assert all(step.changed_at.astimezone(BANGKOK).year == 2007 for step in steps)
        assert partner.status_changed_at == steps[-1].changed_at
    assert Partner.objects.get(short_name="อบต.ลำสินธุ์").network == network
    assert Partner.objects.get(short_name="พอช.").network == network


def test_it_leaves_the_newcomer_proposed_with_the_meeting_in_the_reason():
    load_demo()
    newcomer = Partner.objects.get(network__slug="sinpraethong", name=NEWCOMER)
    assert newcomer.kind == PartnerKind.ACADEMIC
    assert newcomer.status == PartnerStatus.PROPOSED
    proposal = newcomer.status_changes.get()
    assert proposal.to_status == PartnerStatus.PROPOSED
    assert "9 ตุลาคม 2550" in proposal.reason
    assert "ซักถาม" in proposal.reason
    assert proposal.changed_at.astimezone(BANGKOK).date() == SEED_MEETING_DAY


def test_it_gives_every_role_a_user_with_a_membership():
    result = load_demo()
    user_model = get_user_model()
    memberships = Membership.objects.filter(network__slug="sinpraethong").select_related("user")
    assert {membership.role for membership in memberships} == set(Role.values)
    for membership in memberships:
        assert membership.user.check_password(DEMO_PASSWORD)
        assert membership.user.first_name and membership.user.last_name
    assert memberships.get(user__username="coordinator").workstream == Workstream.WELFARE
    assert not user_model.objects.filter(is_superuser=True).exists()
    assert {(login.username, login.role, login.network_slug) for login in result.logins} == {
        (m.user.username, m.role, m.network.slug)
        for m in Membership.objects.select_related("user", "network")
    }


def test_it_keeps_the_second_network_apart():
    load_demo()
    neighbour = Network.objects.exclude(slug="sinpraethong").get()
    assert Village.objects.for_network(neighbour).count() == 3
    assert all(village.illustrative for village in Village.objects.for_network(neighbour))
    assert Person.objects.for_network(neighbour).exists()
    assert Partner.objects.for_network(neighbour).count() == 1
    other = get_user_model().objects.get(username="other")
    assert list(other.memberships.values_list("network__slug", flat=True)) == [neighbour.slug]
    admin = get_user_model().objects.get(username="admin")
    assert set(admin.memberships.values_list("network__slug", flat=True)) == {
        "sinpraethong",
        neighbour.slug,
    }


def test_it_makes_people_with_valid_ids_households_and_youth():
    load_demo()
    network = Network.objects.get(slug="sinpraethong")
    people = Person.objects.for_network(network).select_related("village", "household")
    assert 24 <= people.count() <= 80
    ids = [person.national_id for person in Person.objects.exclude(national_id="")]
    assert ids
    assert all(thai.national_id_is_valid(national_id) for national_id in ids)
    assert all(national_id.startswith("0999") for national_id in ids)
    youth = [person for person in people if 15 <= (person.age_on(SEED_MEETING_DAY) or 0) <= 25]
    assert len(youth) >= 5
    for person in people:
        assert person.village.network_id == network.pk
        assert person.household.village_id == person.village_id
        assert person.household.network_id == network.pk
    # People spread over most villages, sharing households.
    assert people.values("village").distinct().count() >= 8
    assert Household.objects.for_network(network).count() < people.count()
    assert people.exclude(phone="").exists()
    assert people.filter(birth_date__isnull=True).exists()


def test_it_is_the_same_data_on_every_run():
    load_demo()
    first = sorted(Person.objects.values_list("national_id", "first_name", "last_name"))
    Person.objects.all().delete()
    Household.objects.all().delete()
    load_demo()
    assert sorted(Person.objects.values_list("national_id", "first_name", "last_name")) == first


def test_it_dates_partner_steps_in_order():
    load_demo()
    for partner in Partner.objects.all():
        # In the order the steps were taken (pk), the dates never go back.
        times = list(partner.status_changes.order_by("pk").values_list("changed_at", flat=True))
        assert times == sorted(times), partner.name
    assert all(
        dt.date(2007, 1, 1) <= change.changed_at.astimezone(BANGKOK).date() <= SEED_MEETING_DAY
        for change in PartnerStatusChange.objects.all()
    )


def test_the_command_prints_every_login_and_the_password():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    printed = out.getvalue()
    lines = printed.splitlines()
    for membership in Membership.objects.select_related("user", "network"):
        assert any(
            membership.user.username in line
            and membership.role in line
            and membership.network.slug in line
            for line in lines
        ), membership
    assert DEMO_PASSWORD in printed


def test_the_command_refuses_a_production_site(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("load_demo", stdout=io.StringIO())
    assert not Network.objects.exists()
