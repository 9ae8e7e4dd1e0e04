"""Scale data (``manage.py make_scale_data``): the small preset, seeded, keeping every
rule the app keeps, so that its pages render; cleared without touching real data."""

import itertools
from collections import defaultdict
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import F, Sum
from django.test import Client
from django.urls import reverse

from core import thai
from core.workflow import workflow_of
from network.models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    AgendaSection,
    Household,
    Meeting,
    MeetingStatus,
    Membership,
    Partner,
    Person,
    Village,
)
from network.scale import (
    PRESETS,
    clear_scale_data,
    make_scale_data,
    scale_checksum,
    scale_networks,
    tenant_models,
)
from tests.factories import PersonFactory
from welfare.models import (
    COMMITTED_STATUSES,
    Allocation,
    Application,
    ApplicationStatus,
    Disbursement,
    Programme,
    Review,
)

SMALL = PRESETS["small"]


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    """The small preset, generated once for the module and rolled back after it."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        make_scale_data(SMALL)
        yield list(scale_networks().order_by("slug"))
        transaction.set_rollback(True)


def test_the_same_seed_gives_the_same_rows_and_another_seed_others(db):
    make_scale_data(SMALL, seed=11)
    first = scale_checksum()
    clear_scale_data()
    make_scale_data(SMALL, seed=11)
    assert scale_checksum() == first
    clear_scale_data()
    make_scale_data(SMALL, seed=12)
    assert scale_checksum() != first


def test_the_small_preset_has_its_sizes(generated):
    ids = [network.pk for network in generated]
    assert [n.slug for n in generated] == ["scale-00001", "scale-00002", "scale-00003"]
    assert Village.objects.filter(network__in=ids).count() == SMALL.villages
    assert Person.objects.filter(network__in=ids).count() == SMALL.people
    assert Person.objects.filter(network__in=ids, household=None).count() == 0
    assert Application.objects.filter(network__in=ids).count() == SMALL.applications
    for network in generated:
        meetings = Meeting.objects.for_network(network)
        assert meetings.count() == 12 * SMALL.years
        assert sorted(meetings.values_list("number", flat=True)) == list(range(1, 13))


def test_every_row_passes_its_models_validation(generated):
    """Choices, lengths (SQLite does not enforce them), national ID check digits, text limits."""
    ids = [network.pk for network in generated]
    checked = 0
    for model in tenant_models():
        if not hasattr(model, "full_clean") or model._meta.auto_created:
            continue
        if model.__name__.startswith("Historical"):
            continue
        # The first rows of each table (uniqueness and checks are the database's job).
        for row in model._base_manager.filter(network__in=ids).order_by("pk")[:300]:
            row.full_clean(validate_unique=False, validate_constraints=False)
            checked += 1
    assert checked > 2000
    national_ids = Person.objects.filter(network__in=ids).exclude(national_id="")
    assert all(
        thai.national_id_is_valid(value)
        for value in national_ids.values_list("national_id", flat=True)
    )
    assert national_ids.count() > 0.8 * SMALL.people


def test_every_reference_stays_in_its_network(generated):
    """A row's network equals the network of every tenant row it points at."""
    ids = [network.pk for network in generated]
    checked = 0
    for model in tenant_models():
        if model._meta.auto_created or model.__name__.startswith("Historical"):
            continue
        for field in model._meta.concrete_fields:
            target = field.related_model
            if not field.is_relation or field.name == "network" or target is None:
                continue
            if not any(f.name == "network" for f in target._meta.concrete_fields):
                continue
            rows = model._base_manager.filter(network__in=ids, **{f"{field.name}__isnull": False})
            assert not rows.exclude(**{f"{field.name}__network": F("network")}).exists(), (
                model,
                field.name,
            )
            checked += 1
    assert checked > 20
    people = Person.objects.filter(network__in=ids)
    assert not people.exclude(household__village=F("village")).exists()
    applications = Application.objects.filter(network__in=ids)
    assert not applications.exclude(applicant__village=F("village")).exists()


def _chain(changes) -> list[tuple[str, str]]:
    return [(change.from_status, change.to_status) for change in changes]


def _assert_path(obj, steps, start: str) -> None:
    """The steps, in time order, go from ``start`` to the object's status, each allowed."""
    workflow = workflow_of(obj)
    status = start
    previous_at = None
    for step in steps:
        assert step.from_status == status, (obj, _chain(steps))
        assert workflow.step_between(step.from_status, step.to_status) is not None
        assert previous_at is None or step.changed_at >= previous_at
        status, previous_at = step.to_status, step.changed_at
    assert status == obj.status, (obj, _chain(steps))


def test_statuses_are_where_their_recorded_steps_lead(generated):
    ids = [network.pk for network in generated]
    applications = Application.objects.filter(network__in=ids).prefetch_related("status_changes")
    statuses = set()
    for application in applications:
        _assert_path(application, list(application.status_changes.all()), ApplicationStatus.DRAFT)
        statuses.add(application.status)
        assert application.version == 1 + application.status_changes.count() + bool(
            application.follow_up_result
        )
    assert statuses == set(ApplicationStatus.values)
    for meeting in Meeting.objects.filter(network__in=ids).prefetch_related("status_changes"):
        _assert_path(meeting, list(meeting.status_changes.all()), MeetingStatus.PLANNED)
    for partner in Partner.objects.filter(network__in=ids).prefetch_related("status_changes"):
        steps = sorted(partner.status_changes.all(), key=lambda s: s.changed_at)
        assert steps[0].from_status == ""
        _assert_path(partner, steps[1:], steps[0].to_status)


def test_amounts_stay_within_requests_allocations_and_budgets(generated):
    ids = [network.pk for network in generated]
    for programme in Programme.objects.filter(network__in=ids):
        allocations = Allocation.objects.filter(programme=programme)
        assert allocations.count() == Village.objects.for_network(programme.network).count()
        assert allocations.aggregate(t=Sum("amount"))["t"] <= programme.total_budget
        for allocation in allocations:
            approved = Application.objects.filter(
                programme=programme, village=allocation.village, status__in=COMMITTED_STATUSES
            ).aggregate(t=Sum("approved_amount"))["t"] or Decimal(0)
            assert approved <= allocation.amount
    applications = Application.objects.filter(network__in=ids)
    assert not applications.filter(approved_amount__gt=F("requested_amount")).exists()
    committed = applications.filter(status__in=COMMITTED_STATUSES)
    assert not committed.filter(approved_amount=None).exists()
    for application in committed.exclude(status=ApplicationStatus.APPROVED):
        paid = Disbursement.objects.filter(application=application).aggregate(t=Sum("amount"))["t"]
        assert 0 < paid <= application.approved_amount
    assert (
        not Disbursement.objects.filter(network__in=ids)
        .exclude(application__status__in=COMMITTED_STATUSES)
        .exists()
    )


def test_reviews_come_from_the_committee_outside_the_applicants_household(generated):
    ids = [network.pk for network in generated]
    committee = defaultdict(dict)
    for membership in Membership.objects.filter(network__in=ids, role="committee"):
        committee[membership.network_id][membership.user_id] = membership.person.household_id
    reviews = Review.objects.filter(network__in=ids).select_related("application__applicant")
    assert reviews.exists()
    for review in reviews:
        households = committee[review.network_id]
        assert review.reviewer_id in households
        assert households[review.reviewer_id] != review.application.applicant.household_id


def test_minutes_adopt_the_meeting_before_and_carry_its_actions(generated):
    for network in generated:
        meetings = list(Meeting.objects.for_network(network).order_by("date"))
        assert [m.status for m in meetings[-2:]] == [
            MeetingStatus.CIRCULATED,
            MeetingStatus.PLANNED,
        ]
        for before, meeting in itertools.pairwise(meetings):
            if before.status == MeetingStatus.LOCKED:
                assert before.adopted_in == meeting
            adoption = AgendaItem.objects.get(
                meeting=meeting, section=AgendaSection.PREVIOUS_MINUTES
            )
            assert adoption.previous_meeting == before
            carried = set(
                AgendaItem.objects.filter(meeting=meeting)
                .exclude(carried_action=None)
                .values_list("carried_action", flat=True)
            )
            assert carried == set(
                ActionItem.objects.filter(item__meeting=before).values_list("pk", flat=True)
            )
        # What is still open waits in the planned meeting's matters arising.
        open_actions = set(
            ActionItem.objects.for_network(network)
            .filter(status=ActionStatus.OPEN)
            .values_list("pk", flat=True)
        )
        assert open_actions
        assert open_actions <= set(
            meetings[-1].items.exclude(carried_action=None).values_list("carried_action", flat=True)
        )


def test_a_generated_networks_pages_open(generated):
    network = generated[0]
    client = Client()
    client.force_login(get_user_model().objects.get(username=f"{network.slug}-admin"))
    meetings = Meeting.objects.for_network(network).order_by("date")
    programme = Programme.objects.for_network(network).get()
    application = Application.objects.for_network(network).filter(status="reporting").first()
    slug = {"network_slug": network.slug}
    urls = [
        reverse("network:home", kwargs=slug),
        reverse("network:person_list", kwargs=slug),
        reverse("network:village_list", kwargs=slug),
        reverse("network:village_detail", kwargs={**slug, "village_number": 1}),
        meetings.first().get_absolute_url(),
        meetings.last().get_absolute_url(),
        programme.get_absolute_url(),
        application.get_absolute_url(),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
    board = client.get(programme.get_absolute_url()).content.decode()
    assert Village.objects.for_network(network).first().name in board


def test_clear_removes_generated_networks_and_their_users_only(db, network):
    real = PersonFactory(network=network)
    out = StringIO()
    call_command("make_scale_data", "--history", stdout=out)
    assert "people" in out.getvalue() and "welfare" in out.getvalue()
    ids = list(scale_networks().values_list("pk", flat=True))
    history = Person.history.model.objects.filter(network__in=ids)
    assert history.count() == SMALL.people
    call_command("make_scale_data", "--clear", stdout=StringIO())
    assert not scale_networks().exists()
    assert not get_user_model().objects.filter(username__startswith="scale-").exists()
    assert not history.exists()
    for model in (Person, Household, Village, Meeting, Application, Membership):
        assert not model._base_manager.exclude(network=network).exists(), model
    assert Person.objects.get() == real


def test_it_refuses_to_generate_over_existing_scale_data(db):
    call_command(
        "make_scale_data",
        "--networks",
        "1",
        "--villages",
        "2",
        "--people",
        "20",
        "--applications",
        "5",
        stdout=StringIO(),
    )
    with pytest.raises(Exception, match="clear them first"):
        call_command("make_scale_data", stdout=StringIO())


def test_every_tenant_table_is_cleared():
    """A table added later with a network column is cleared too (found, not listed)."""
    found = {model._meta.label for model in tenant_models()}
    assert {"network.Person", "welfare.Application", "welfare.Programme_funders"} <= found
    assert "network.HistoricalPerson" in found
    assert apps.get_model("network", "Network") not in tenant_models()
