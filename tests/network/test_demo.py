"""The demo loader: the seed's facts as data, idempotent, on every database."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from core import thai
from core.roles import Role, Workstream
from network.demo import DEMO_PASSWORD, SEED_MEETING_DAY, load_demo
from network.models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    AgendaSection,
    AttendanceKind,
    Household,
    Meeting,
    MeetingStatus,
    Membership,
    Network,
    Partner,
    PartnerKind,
    PartnerStatus,
    PartnerStatusChange,
    Person,
    Village,
)
from network.services.meetings import adopt_previous_minutes, carry_forward_actions, quorum
from welfare.models import Application, Disbursement

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
NETWORK_SLUGS = ["sinpraethong", "khuanhindaeng"]


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    """Hash passwords quickly: the demo hashes one password per run."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# Tests that only read the demo take the module-scoped ``sinpraethong`` fixture
# (tests/conftest.py): the demo is loaded once per module, not once per test.


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


def test_it_builds_the_sinpraethong_network_from_the_seed(sinpraethong):
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


def test_it_records_every_named_partner_with_its_kind_status_and_parent(sinpraethong):
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


def test_it_leaves_the_newcomer_proposed_with_the_meeting_in_the_reason(sinpraethong):
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
    coordinator = memberships.get(user__username="coordinator")
    assert coordinator.workstreams == ["welfare"]
    assert coordinator.can("edit_welfare")
    assert not user_model.objects.filter(is_superuser=True).exists()
    assert {(login.username, login.role, login.network_slug) for login in result.logins} == {
        (m.user.username, m.role, m.network.slug)
        for m in Membership.objects.select_related("user", "network")
    }


def test_it_keeps_the_second_network_apart(sinpraethong):
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


def test_it_makes_people_with_valid_ids_households_and_youth(sinpraethong):
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
    # Grants keep their applicants (a restricted key): remove the welfare demo first.
    Disbursement.objects.all().delete()
    Application.objects.all().delete()
    Person.objects.all().delete()
    Household.objects.all().delete()
    load_demo()
    assert sorted(Person.objects.values_list("national_id", "first_name", "last_name")) == first


def test_it_dates_partner_steps_in_order(sinpraethong):
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
    before = row_counts()
    with pytest.raises(CommandError):
        call_command("load_demo", stdout=io.StringIO())
    assert row_counts() == before


# ---------------------------------------------------------------------------
# Meetings: August to November 2550, the seed's October meeting in the middle
# ---------------------------------------------------------------------------

# The figures of each workstream's report in October, as the minutes must hold them.
OCTOBER_WORKSTREAM_FIGURES = {
    Workstream.WELFARE: ("10,000", "32", "4 ข้อ"),
    Workstream.LANDRIGHTS: ("3 ล้าน", "1:25,000", "พอช.", "2 วัน", "3 กิจกรรม"),
    Workstream.DISTRIBUTION: ("บัญชี", "การขาย", "สวัสดิการ", "กำไร"),
    Workstream.TRAINING: ("12-13", "นครศรีธรรมราช", "กรมสนับสนุนบริการสุขภาพ", "อสม. พันธุ์ใหม่"),
    Workstream.STRATEGY: ("2550-2554", "7-9", "MOU", "อบต.ลำสินธุ์", "สถานีอนามัยบ้านลำสินธุ์"),
}


def sinpraethong_meeting(number: int) -> Meeting:
    return Meeting.objects.get(network__slug="sinpraethong", year=2007, number=number)


def test_it_holds_the_monthly_meetings_of_august_to_november_2550(sinpraethong):
    network = Network.objects.get(slug="sinpraethong")
    meetings = Meeting.objects.for_network(network).order_by("date")
    assert [(m.number_label, m.status) for m in meetings] == [
        ("8/2550", MeetingStatus.LOCKED),
        ("9/2550", MeetingStatus.LOCKED),
        ("10/2550", MeetingStatus.CIRCULATED),
        ("11/2550", MeetingStatus.PLANNED),
    ]
    assert not Meeting.objects.exclude(network=network).exists()


def test_the_october_meeting_is_the_seeds(sinpraethong):
    october = sinpraethong_meeting(10)
    assert october.number_label == "10/2550"
    assert october.date == SEED_MEETING_DAY == dt.date(2007, 10, 9)
    assert october.status == MeetingStatus.CIRCULATED
    assert not october.is_locked
    assert (october.start_time, october.end_time) == (dt.time(9, 30), dt.time(12, 30))
    assert "ลำสินธุ์" in october.place
    people = Person.objects.for_network(october.network)
    for role in (october.chair, october.minute_taker, october.checker):
        assert role is not None and people.filter(pk=role.pk).exists()
    assert len({october.chair_id, october.minute_taker_id, october.checker_id}) == 3


def test_the_october_meeting_has_a_quorum_absentees_partners_and_the_newcomer(sinpraethong):
    october = sinpraethong_meeting(10)
    result = quorum(october)
    assert result.met
    assert result.total == Village.objects.for_network(october.network).count()
    assert result.total - 2 <= result.represented < result.total
    reps = october.attendance.filter(kind=AttendanceKind.VILLAGE_REP)
    assert reps.count() == result.total
    absent = reps.filter(present=False)
    assert 1 <= absent.count() <= 2
    assert all(row.absence_reason and row.person_id for row in absent)
    assert october.attendance.filter(person=october.chair, present=True).exists()
    envoys = october.attendance.filter(kind=AttendanceKind.PARTNER_REP, present=True)
    assert {row.partner.name for row in envoys} >= {
        "สถานีอนามัยบ้านลำสินธุ์",
        "องค์การบริหารส่วนตำบลลำสินธุ์",
    }
    observers = october.attendance.filter(kind=AttendanceKind.OBSERVER)
    assert observers.exists()
    assert all(row.partner.name == NEWCOMER and row.name and row.present for row in observers)
    assert observers.first().partner.status == PartnerStatus.PROPOSED


def test_the_october_minutes_follow_the_five_sections(sinpraethong):
    october = sinpraethong_meeting(10)
    items = october.items.all()
    assert {item.section for item in items} == set(AgendaSection.values)
    announcements = " ".join(
        item.title + item.discussion for item in items.filter(section=AgendaSection.ANNOUNCEMENTS)
    )
    assert NEWCOMER in announcements
    assert "ซักถาม" in announcements or "ถาม" in announcements
    assert "ตรวจสอบสถานภาพ" in announcements
    # Every held item is minuted and resolved; the text went through the live save.
    for item in items:
        assert item.discussion, item
        assert item.resolutions.exists(), item
        assert item.version > 1, item
    assert AgendaItem.objects.filter(meeting=october, section=AgendaSection.OTHER).exists()


def test_the_october_minutes_hold_each_workstreams_report_and_figures(sinpraethong):
    october = sinpraethong_meeting(10)
    decisions = october.items.filter(section=AgendaSection.FOR_DECISION)
    assert sorted(decisions.values_list("workstream", flat=True)) == sorted(
        OCTOBER_WORKSTREAM_FIGURES
    )
    for workstream, figures in OCTOBER_WORKSTREAM_FIGURES.items():
        item = decisions.get(workstream=workstream)
        for figure in figures:
            assert figure in item.discussion, (workstream, figure)
        assert item.resolutions.exists(), workstream
    # The welfare project's four objectives are listed one by one.
    welfare = decisions.get(workstream=Workstream.WELFARE)
    assert all(f"{n})" in welfare.discussion for n in range(1, 5))
    assert "กันยายน 2550" in welfare.discussion


def test_the_october_meeting_leaves_open_action_items_with_owners_and_due_dates(sinpraethong):
    october = sinpraethong_meeting(10)
    actions = ActionItem.objects.filter(item__meeting=october)
    assert actions.count() >= 4
    assert all(action.status == ActionStatus.OPEN for action in actions)
    assert all(action.owner_label and action.due_date for action in actions)
    centre = actions.get(item__workstream=Workstream.DISTRIBUTION)
    assert centre.due_date == dt.date(2007, 10, 31)
    assert "บัญชี" in centre.description
    launch = actions.get(item__workstream=Workstream.STRATEGY)
    assert launch.due_date == dt.date(2007, 10, 31)
    assert "MOU" in launch.description
    assert actions.filter(item__workstream=Workstream.WELFARE).exists()
    assert actions.filter(item__workstream=Workstream.LANDRIGHTS, description__contains="พอช.")


def test_september_is_adopted_in_october_and_locked(sinpraethong):
    august, september, october = (sinpraethong_meeting(n) for n in (8, 9, 10))
    assert september.status == MeetingStatus.LOCKED
    assert september.adopted_in == october
    assert september.adopted_at.astimezone(BANGKOK).date() == october.date
    assert august.status == MeetingStatus.LOCKED
    assert august.adopted_in == september
    assert august.adopted_at.astimezone(BANGKOK).date() == september.date
    section_2 = october.items.get(section=AgendaSection.PREVIOUS_MINUTES)
    assert section_2.previous_meeting == september
    assert "9/2550" in section_2.resolutions.get().text
    assert october.adopted_in is None


def test_each_demo_meetings_path_is_recorded_on_the_days_it_happened(sinpraethong):
    august, september, october = (sinpraethong_meeting(n) for n in (8, 9, 10))
    path = [
        (c.from_status, c.to_status, c.changed_at.astimezone(BANGKOK).date())
        for c in september.status_changes.order_by("changed_at", "pk")
    ]
    assert path == [
        (MeetingStatus.PLANNED, MeetingStatus.IN_SESSION, september.date),
        (MeetingStatus.IN_SESSION, MeetingStatus.DRAFTED, september.date),
        (MeetingStatus.DRAFTED, MeetingStatus.CIRCULATED, september.date),
        (MeetingStatus.CIRCULATED, MeetingStatus.ADOPTED, october.date),
        (MeetingStatus.ADOPTED, MeetingStatus.LOCKED, october.date),
    ]
    assert (
        august.status_changes.filter(to_status=MeetingStatus.LOCKED)
        .get()
        .changed_at.astimezone(BANGKOK)
        .date()
        == september.date
    )


def test_septembers_action_items_were_followed_up_in_october(sinpraethong):
    september, october = sinpraethong_meeting(9), sinpraethong_meeting(10)
    actions = ActionItem.objects.filter(item__meeting=september)
    assert actions.exists()
    arising = october.items.filter(section=AgendaSection.MATTERS_ARISING)
    assert sorted(arising.values_list("carried_action", flat=True)) == sorted(
        actions.values_list("pk", flat=True)
    )
    for item in arising:
        assert item.discussion and item.resolutions.exists()
    for action in actions:
        assert action.status == ActionStatus.DONE
        assert action.closed_at.astimezone(BANGKOK).date() == october.date


def test_november_is_planned_to_adopt_october_and_follow_up_its_actions(sinpraethong):
    october, november = sinpraethong_meeting(10), sinpraethong_meeting(11)
    assert november.number_label == "11/2550"
    assert november.date == dt.date(2007, 11, 13)
    assert november.status == MeetingStatus.PLANNED
    assert not november.attendance.exists()
    section_2 = november.items.get(section=AgendaSection.PREVIOUS_MINUTES)
    assert section_2.previous_meeting == october
    assert not section_2.resolutions.exists()
    # Each open October action exactly once, and nothing else, in matters arising.
    open_actions = ActionItem.objects.filter(item__meeting=october).open()
    carried = list(
        november.items.filter(section=AgendaSection.MATTERS_ARISING).values_list(
            "carried_action", flat=True
        )
    )
    assert sorted(carried) == sorted(open_actions.values_list("pk", flat=True))
    assert len(carried) == len(set(carried)) == open_actions.count() > 0
    assert carry_forward_actions(meeting=november) == []
    # Adoption of October is November's job, still to do.
    assert october.status == MeetingStatus.CIRCULATED


def test_it_does_not_rebuild_meetings_users_have_moved_on():
    load_demo()
    november = sinpraethong_meeting(11)
    adopt_previous_minutes(item=november.items.get(section=AgendaSection.PREVIOUS_MINUTES))
    first = row_counts()
    load_demo()
    assert row_counts() == first
    october = sinpraethong_meeting(10)
    assert october.status == MeetingStatus.LOCKED
    assert october.adopted_in == november


# Loading again keeps sessions; --reset restores the demo exactly as shipped


def log_in(client, username: str) -> None:
    """Through the login page, as a visitor of the demo does."""
    response = client.post("/login/", {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302


def test_loading_the_demo_again_keeps_its_users_logged_in(client):
    load_demo()
    log_in(client, "secretary")
    home = Network.objects.get(slug="sinpraethong").get_absolute_url()
    assert client.get(home).status_code == 200
    load_demo()
    call_command("load_demo", stdout=io.StringIO())
    response = client.get(home)
    assert response.status_code == 200, "loading the demo logged the secretary out"
    assert response.wsgi_request.user.username == "secretary"


def test_loading_the_demo_gives_a_changed_password_back():
    load_demo()
    user = get_user_model().objects.get(username="committee")
    user.set_password("changed-by-a-visitor")
    user.save()
    load_demo()
    user.refresh_from_db()
    assert user.check_password(DEMO_PASSWORD)


def demo_snapshot(since: dt.datetime) -> dict[str, list[tuple]]:
    """Every row of the demo networks and their audit history, by model, without the
    values that differ between two loads of the same data: keys, and times of saving
    (any time after ``since``)."""
    from simple_history.models import HistoricalChanges

    def value(v: object) -> str:
        return "<saved now>" if isinstance(v, dt.datetime) and v >= since else repr(v)

    ids = list(Network.objects.filter(slug__in=NETWORK_SLUGS).values_list("pk", flat=True))
    snapshot = {}
    for model in apps.get_models():
        names = [
            f.attname
            for f in model._meta.concrete_fields
            if not (f.primary_key or f.is_relation)
            and f.name not in {"history_id", "history_user", "id"}
        ]
        if model is Network:
            rows = model.objects.filter(pk__in=ids)
        elif issubclass(model, HistoricalChanges) and model.instance_type is Network:
            rows = model.objects.filter(id__in=ids)
        elif any(f.attname == "network_id" for f in model._meta.concrete_fields):
            rows = model.objects.filter(network_id__in=ids)
        else:
            continue
        snapshot[model._meta.label] = sorted(
            tuple(map(value, row)) for row in rows.values_list(*names)
        )
    return snapshot


def test_reset_puts_the_demo_back_exactly_as_shipped(client, other_network):
    from tests.factories import MembershipFactory, PersonFactory, UserFactory, VillageFactory

    started = timezone.now()
    load_demo(reset=True)  # as shipped, even if another test of this module loaded it
    shipped = demo_snapshot(started)
    assert sum(map(len, shipped.values())) > 500
    demo = Network.objects.get(slug="sinpraethong")
    # A newcomer tries things: edits, deletions, additions and a new member.
    village = Village.objects.for_network(demo).get(number=1)
    village.name = "บ้านที่ถูกแก้ชื่อ"
    village.save()
    Partner.objects.filter(network=demo, name=NEWCOMER).update(status=PartnerStatus.VETTED)
    PersonFactory(network=demo, village=village, first_name="คนใหม่")
    MembershipFactory(network=demo, role=Role.VIEWER, user=UserFactory())
    meeting = Meeting.objects.for_network(demo).order_by("date").first()
    meeting.place = "ที่อื่น"
    meeting.save()
    elsewhere = VillageFactory(network=other_network, number=1, name="บ้านอื่น")
    log_in(client, "secretary")

    call_command("load_demo", "--reset", stdout=io.StringIO())

    assert demo_snapshot(started) == shipped
    assert Village.objects.get(pk=elsewhere.pk).name == "บ้านอื่น"  # other networks kept
    home = Network.objects.get(slug="sinpraethong").get_absolute_url()
    assert client.get(home).status_code == 200  # and the secretary still logged in
