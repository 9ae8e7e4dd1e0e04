"""Status machines, declared once: every workflow of the app goes through this engine.

A ``Workflow`` names the model, its status field and choices, the model that
records each step (who, when, from, to, why) and its transitions: a name, the
states it starts from, the state it leads to, the permission it needs, whether a
reason is required, and the button's label and style. From that one declaration:

- ``transition()`` applies a step in one transaction: it locks the row, re-reads
  its status, checks the step, the member's permission and the reason, writes the
  status and a status-change row, or refuses with ``TransitionRefused`` (a
  ``ValidationError`` whose message the page shows);
- ``Workflow.buttons()`` lists the steps a member may take now, and the template
  component ``components/workflow_buttons.html`` draws them, so no template
  compares status strings;
- ``WorkflowAdminMixin`` shows the status field read-only in the admin, so the
  admin cannot step around the rules.

Core imports no app: models and permissions come in as arguments.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import limits
from core.limits import TextLimit, check_text
from core.tenancy import NetworkOwned

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class StatusChangeRecord(NetworkOwned):
    """Abstract base of every status-change row: who made the step, when and why.

    A machine's own model adds the object it records (a foreign key) and
    ``from_status``/``to_status`` with that machine's choices.
    """

    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(
        gettext_lazy("reason"), blank=True, validators=[TextLimit(limits.REASON)]
    )

    class Meta:
        abstract = True


class Member(Protocol):
    """Whoever acts, as far as the engine cares: something that holds permissions."""

    def can(self, perm: str) -> bool: ...


class TransitionRefused(ValidationError):
    """A step that is not allowed now: the message says why, for the page to show."""


@dataclasses.dataclass(frozen=True)
class Transition:
    """One step of a status machine."""

    name: str
    sources: tuple[str, ...]
    target: str
    permission: str
    reason_required: bool = False
    label: StrOrPromise = ""
    # "" (the main button), "secondary" or "danger": a CSS class of the button.
    style: str = ""
    # False for a step taken through its own form (a decision with an amount, a
    # payment) or elsewhere (adoption in a later meeting): no plain button for it.
    button: bool = True

    def row(self) -> set[tuple[str, str, str, bool]]:
        """The step as (from, to, permission, reason required) rows, one per source."""
        return {
            (source, self.target, self.permission, self.reason_required) for source in self.sources
        }


# A hook run on the locked row before it is saved: (row, transition, actor, now).
StepHook = Callable[[Any, Transition, Any, dt.datetime], None]

_WORKFLOWS: dict[type[models.Model], Workflow] = {}


class Workflow:
    """A model's status machine: its transitions and where each step is recorded."""

    def __init__(
        self,
        *,
        model: type[models.Model],
        states: type[models.TextChoices],
        change_model: type[models.Model],
        change_fk: str,
        transitions: Sequence[Transition],
        refused_message: StrOrPromise,
        field: str = "status",
        on_step: StepHook | None = None,
    ) -> None:
        self.model = model
        self.states = states
        self.change_model = change_model
        self.change_fk = change_fk
        self.field = field
        self.refused_message = refused_message
        self.on_step = on_step
        self.transitions: dict[str, Transition] = {}
        pairs: set[tuple[str, str]] = set()
        for step in transitions:
            if step.name in self.transitions:
                raise ValueError(f"{model.__name__}: transition {step.name!r} declared twice")
            for state in (*step.sources, step.target):
                if state not in states.values:
                    raise ValueError(f"{model.__name__}: unknown state {state!r} in {step.name!r}")
            for source in step.sources:
                if (source, step.target) in pairs:
                    raise ValueError(f"{model.__name__}: two transitions {source} → {step.target}")
                pairs.add((source, step.target))
            self.transitions[step.name] = step
        if model in _WORKFLOWS:
            raise ValueError(f"{model.__name__} already has a workflow")
        _WORKFLOWS[model] = self

    def __repr__(self) -> str:
        return f"<Workflow of {self.model.__name__}>"

    def table(self) -> set[tuple[str, str, str, bool]]:
        """Every (from, to, permission, reason required) row of the machine."""
        return set().union(*(step.row() for step in self.transitions.values()))

    def get(self, name: str) -> Transition:
        """The transition of that name, or a refusal."""
        step = self.transitions.get(name)
        if step is None:
            raise TransitionRefused(_("This step is not possible."), code="invalid_transition")
        return step

    def step_between(self, source: str, target: str) -> Transition | None:
        """The transition from one state to another, if the machine has one."""
        return next(
            (s for s in self.transitions.values() if source in s.sources and s.target == target),
            None,
        )

    def next_statuses(self, status: str) -> tuple[str, ...]:
        """The states reachable in one step from this one."""
        return tuple(s.target for s in self.transitions.values() if status in s.sources)

    def status_of(self, obj: models.Model) -> str:
        return str(getattr(obj, self.field))

    def available(self, obj: models.Model, member: Member | None) -> list[Transition]:
        """The steps this member may take on the object now."""
        status = self.status_of(obj)
        return [
            step
            for step in self.transitions.values()
            if status in step.sources and (member is None or member.can(step.permission))
        ]

    def buttons(self, obj: models.Model, member: Member | None) -> list[Transition]:
        """The steps drawn as buttons for this member (those without a form of their own)."""
        return [step for step in self.available(obj, member) if step.button]

    def label_of(self, status: str) -> StrOrPromise:
        return self.states(status).label if status in self.states.values else status

    def refusal(self, source: str, target: str) -> TransitionRefused:
        return TransitionRefused(
            self.refused_message % {"from": self.label_of(source), "to": self.label_of(target)},
            code="invalid_transition",
        )


def workflow_of(model_or_obj: type[models.Model] | models.Model) -> Workflow:
    """The workflow declared for a model."""
    model = model_or_obj if isinstance(model_or_obj, type) else type(model_or_obj)
    return _WORKFLOWS[model._meta.concrete_model or model]


def workflows() -> Iterable[Workflow]:
    """Every declared workflow (for the admin check and tests)."""
    return tuple(_WORKFLOWS.values())


def _lock(workflow: Workflow, obj: models.Model) -> Any:
    """The object's row, locked (on PostgreSQL) and re-read, within its network."""
    manager = workflow.model._default_manager
    filters: dict[str, Any] = {"pk": obj.pk}
    if hasattr(obj, "network_id"):
        filters["network_id"] = obj.network_id
    return manager.select_for_update().get(**filters)


@transaction.atomic
def transition(
    obj: models.Model,
    name: str,
    *,
    actor: Any,
    member: Member | None = None,
    reason: str = "",
    fields: dict[str, object] | None = None,
    locked: models.Model | None = None,
    at: dt.datetime | None = None,
) -> models.Model:
    """Take one step on an object, record who, when and why, and return the change row.

    The row is locked and its status re-read, so two people acting at once cannot
    both take a step decided against a stale status. Given a member, the step's
    permission is checked; ``fields`` are written with the status (a decision's
    amount, a due date). ``locked`` is the row already locked by the caller.
    """
    workflow = workflow_of(obj)
    step = workflow.get(name)
    row = locked if locked is not None else _lock(workflow, obj)
    source = workflow.status_of(row)
    if source not in step.sources:
        raise workflow.refusal(source, step.target)
    if member is not None and not member.can(step.permission):
        raise TransitionRefused(
            _("You may not take this step: %(step)s.") % {"step": step.label or step.name},
            code="permission_denied",
        )
    reason = reason.strip()
    if step.reason_required and not reason:
        raise TransitionRefused(_("Give a reason for this change."), code="reason_required")
    try:
        check_text(workflow.change_model, "reason", reason)
    except ValidationError as error:
        raise TransitionRefused(error.messages, code="max_length") from None
    now = at or timezone.now()
    change_fields: dict[str, Any] = {
        workflow.change_fk: row,
        "from_status": source,
        "to_status": step.target,
        "changed_by": actor,
        "changed_at": now,
        "reason": reason,
    }
    if hasattr(row, "network_id"):
        change_fields["network_id"] = row.network_id
    change = workflow.change_model._default_manager.create(**change_fields)
    setattr(row, workflow.field, step.target)
    for field_name, value in (fields or {}).items():
        setattr(row, field_name, value)
    if workflow.on_step is not None:
        workflow.on_step(row, step, actor, now)
    row.save()
    if row is not obj:
        obj.refresh_from_db()
    return change


@transaction.atomic
def transition_to(
    obj: models.Model,
    target: str,
    *,
    actor: Any,
    member: Member | None = None,
    reason: str = "",
    fields: dict[str, object] | None = None,
    at: dt.datetime | None = None,
) -> models.Model:
    """Take the step that leads from the object's current status to ``target``."""
    workflow = workflow_of(obj)
    row = _lock(workflow, obj)
    source = workflow.status_of(row)
    step = workflow.step_between(source, target)
    if step is None:
        raise workflow.refusal(source, target)
    return transition(
        obj, step.name, actor=actor, member=member, reason=reason, fields=fields, locked=row, at=at
    )


class WorkflowAdminMixin:
    """Admin mixin: the workflow's status field is read-only (steps go through the app)."""

    model: type[models.Model]

    def get_readonly_fields(self, request: Any, obj: Any = None) -> Sequence[str]:
        fields = list(super().get_readonly_fields(request, obj))  # type: ignore[misc]
        workflow = _WORKFLOWS.get(self.model)
        if workflow is not None and workflow.field not in fields:
            fields.append(workflow.field)
        return fields
