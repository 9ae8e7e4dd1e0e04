"""The workflow engine and every status machine declared with it.

Each machine's table is written out here by hand, (from, to, permission, reason
required), and compared with the declaration: a step added, removed or changed in
the code fails here until this table says the same. The walks through the real
services (every listed step succeeds and is recorded, every other pair is refused)
live with each app's tests and read these tables.
"""

import itertools
import re
from pathlib import Path

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from core.roles import Role, role_can
from core.workflow import TransitionRefused, WorkflowAdminMixin, transition, workflow_of, workflows
from network.models import Meeting, MeetingStatus, Partner, PartnerStatus, PartnerStatusChange
from tests.factories import PartnerFactory, UserFactory
from welfare.models import Application, ApplicationStatus, CapacityProject, CapacityStatus

PARTNER_STEPS = {
    ("proposed", "vetted", "vet_partners", True),
    ("proposed", "inactive", "vet_partners", True),
    ("vetted", "active", "vet_partners", True),
    ("vetted", "inactive", "vet_partners", True),
    ("active", "inactive", "vet_partners", True),
    ("inactive", "proposed", "vet_partners", True),
    ("inactive", "active", "vet_partners", True),
}

MEETING_STEPS = {
    ("planned", "in_session", "edit_minutes", False),
    ("in_session", "drafted", "edit_minutes", False),
    ("drafted", "circulated", "edit_minutes", False),
    # Adopted in section 2 of a later meeting, then locked in the same action.
    ("drafted", "adopted", "edit_minutes", False),
    ("circulated", "adopted", "edit_minutes", False),
    ("adopted", "locked", "edit_minutes", False),
}

APPLICATION_STEPS = {
    ("draft", "submitted", "edit_welfare", False),
    ("returned", "submitted", "edit_welfare", False),
    ("submitted", "under_review", "decide_welfare", False),
    ("under_review", "approved", "decide_welfare", False),
    ("under_review", "returned", "decide_welfare", True),
    ("under_review", "rejected", "decide_welfare", True),
    ("approved", "disbursed", "disburse_welfare", False),
    ("disbursed", "reporting", "edit_welfare", False),
    ("reporting", "closed", "edit_welfare", False),
    ("draft", "withdrawn", "edit_welfare", True),
    ("submitted", "withdrawn", "edit_welfare", True),
    ("under_review", "withdrawn", "edit_welfare", True),
    ("returned", "withdrawn", "edit_welfare", True),
    ("approved", "withdrawn", "edit_welfare", True),
}

CAPACITY_STEPS = {
    ("considering", "approved", "edit_welfare", False),
    ("considering", "rejected", "edit_welfare", True),
    ("approved", "done", "edit_welfare", False),
    ("approved", "considering", "edit_welfare", True),
    ("rejected", "considering", "edit_welfare", True),
}

TABLES = [
    (Partner, PARTNER_STEPS),
    (Meeting, MEETING_STEPS),
    (Application, APPLICATION_STEPS),
    (CapacityProject, CAPACITY_STEPS),
]


def pairs(table: set[tuple[str, str, str, bool]]) -> set[tuple[str, str]]:
    """The (from, to) pairs of a table."""
    return {(source, target) for source, target, _perm, _reason in table}


def unlisted(states: type, table: set[tuple[str, str, str, bool]]) -> list[tuple[str, str]]:
    """Every (from, to) pair of distinct states that the table does not list."""
    return [
        pair
        for pair in itertools.product(states.values, repeat=2)
        if pair[0] != pair[1] and pair not in pairs(table)
    ]


@pytest.mark.parametrize(("model", "table"), TABLES, ids=lambda v: getattr(v, "__name__", ""))
def test_each_machine_is_declared_exactly_as_written_here(model, table):
    assert workflow_of(model).table() == table


def test_every_status_machine_of_the_app_is_in_these_tables():
    assert {workflow.model for workflow in workflows()} == {model for model, _t in TABLES}


@pytest.mark.parametrize(
    ("states", "table"),
    [
        (PartnerStatus, PARTNER_STEPS),
        (MeetingStatus, MEETING_STEPS),
        (ApplicationStatus, APPLICATION_STEPS),
        (CapacityStatus, CAPACITY_STEPS),
    ],
)
def test_every_state_is_reachable_or_a_start(states, table):
    targets = {target for _s, target, _p, _r in table}
    sources = {source for source, _t, _p, _r in table}
    # Only the first state (the default of a new row) is entered by no step.
    assert set(states.values) - targets <= {states.values[0]}
    assert sources | targets == set(states.values)


@pytest.mark.django_db
def test_the_partner_steps_are_buttons_for_a_committee_member_but_not_a_viewer(network):
    partner = PartnerFactory(network=network, status=PartnerStatus.PROPOSED)
    workflow = workflow_of(Partner)

    class Member:
        def __init__(self, role):
            self.role = role

        def can(self, perm):
            return role_can(self.role, perm)

    committee = {step.target for step in workflow.buttons(partner, Member(Role.COMMITTEE))}
    assert committee == {PartnerStatus.VETTED, PartnerStatus.INACTIVE}
    assert workflow.buttons(partner, Member(Role.VIEWER)) == []


@pytest.mark.django_db
def test_it_refuses_a_member_without_the_steps_permission_and_writes_nothing(network):
    partner = PartnerFactory(network=network)

    class Viewer:
        def can(self, perm):
            return False

    with pytest.raises(TransitionRefused) as refused:
        transition(partner, "vet", actor=UserFactory(), member=Viewer(), reason="ตรวจแล้ว")
    assert refused.value.code == "permission_denied"
    assert Partner.objects.get(pk=partner.pk).status == PartnerStatus.PROPOSED
    assert not PartnerStatusChange.objects.exists()


@pytest.mark.django_db
def test_it_refuses_an_unknown_step_with_a_message(network):
    partner = PartnerFactory(network=network)
    with pytest.raises(ValidationError) as refused:
        transition(partner, "promote", actor=None, reason="x")
    assert refused.value.code == "invalid_transition"
    assert refused.value.messages


@pytest.mark.django_db
def test_it_decides_on_the_stored_status_not_the_callers_copy(network):
    partner = PartnerFactory(network=network)
    stale = Partner.objects.get(pk=partner.pk)
    transition(partner, "vet", actor=None, reason="ครั้งแรก")
    with pytest.raises(TransitionRefused):
        transition(stale, "vet", actor=None, reason="ซ้ำ")
    assert PartnerStatusChange.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("model", [model for model, _t in TABLES], ids=lambda m: m.__name__)
def test_the_admin_shows_every_workflow_status_read_only(model, admin_user):
    model_admin = admin.site._registry[model]
    assert isinstance(model_admin, WorkflowAdminMixin)
    request = RequestFactory().get("/")
    request.user = admin_user
    assert "status" in model_admin.get_readonly_fields(request, None)
    form = model_admin.get_form(request, None)
    assert "status" not in form.base_fields


def test_no_template_decides_a_workflow_step_from_status_strings():
    """Buttons and step forms come from the declaration: a template comparing a
    workflow object's status (or reading its next statuses) would drift from it."""
    from django.conf import settings

    names = r"(application|meeting|previous_meeting|partner|project)"
    pattern = re.compile(
        rf"\b{names}\.status\s*(==|!=|in\b)|\b{names}\.allowed_next_statuses|\bin\s+\w+\.allowed_next"
    )
    offending = [
        f"{path.relative_to(settings.BASE_DIR)}:{number}"
        for path in Path(settings.BASE_DIR, "templates").rglob("*.html")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if pattern.search(line)
    ]
    assert offending == []
