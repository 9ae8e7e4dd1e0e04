"""Audit history: who changed what, when, and through which path.

Built on django-simple-history: each audited model declares ``history =
audited_history()``, which keeps a full snapshot of the row in a history table on
every save and delete (the tables copy the ``network`` column, so history is
scoped like the data). Bulk writes do not send signals, so they go through
``bulk_create_audited`` / ``bulk_update_audited``, which write the history rows
in the same transaction.

Who made a change comes from one context: the request's user (set by
``AuditContextMiddleware``), or a source label for work outside a request
(``manage.py <command>`` sets ``command:<name>``; imports set ``import:<kind>``).
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import datetime as dt
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

from django.db import connection, models
from django.db.models import CharField, F, Value
from django.db.models.functions import Cast
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core import thai
from core.registry import Registry

SOURCE_WEB = "web"
SOURCE_SYSTEM = "system"


@dataclasses.dataclass(frozen=True)
class AuditContext:
    """Who is acting: a request (its user is read when a change is written) or a label."""

    source: str
    request: HttpRequest | None = None
    user: Any = None

    def actor(self) -> Any:
        """The acting user, if any and signed in."""
        if self.user is not None:
            return self.user
        user = getattr(self.request, "user", None)
        return user if user is not None and user.is_authenticated else None


_context: contextvars.ContextVar[AuditContext | None] = contextvars.ContextVar(
    "audit_context", default=None
)


def _default_source() -> str:
    """Outside a request: the management command being run, else the system."""
    if len(sys.argv) > 1 and Path(sys.argv[0]).name == "manage.py":
        return f"command:{sys.argv[1]}"
    return SOURCE_SYSTEM


def current_context() -> AuditContext:
    """The acting context; outside any, the command being run or the system."""
    return _context.get() or AuditContext(source=_default_source())


@contextlib.contextmanager
def audit_context(
    *, source: str, user: Any = None, request: HttpRequest | None = None
) -> Iterator[AuditContext]:
    """Attribute every change made inside the block to this user or source."""
    context = AuditContext(source=source, user=user, request=request)
    token = _context.set(context)
    try:
        yield context
    finally:
        _context.reset(token)


class AuditContextMiddleware:
    """Attribute changes made while answering a request to its user."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with audit_context(source=SOURCE_WEB, request=request):
            return self.get_response(request)


def _history_user(instance: Any = None, request: Any = None, **kwargs: Any) -> Any:
    return current_context().actor()


class AuditedHistoryBase(models.Model):
    """Extra columns of every history table: the path a change came through."""

    source = models.CharField(max_length=100, blank=True, default="")

    class Meta:
        abstract = True


class AuditedHistoricalRecords(HistoricalRecords):
    """History that records a save only when a recorded field actually changed.

    A form saved unchanged, or a re-run of an idempotent command, is not a change
    and would only bury the real ones. Costs one query per update.
    """

    def create_historical_record(self, instance: Any, history_type: str, using: Any = None) -> None:
        if history_type == "~" and self._unchanged(instance):
            return
        super().create_historical_record(instance, history_type, using)

    def get_meta_options(self, model: type[models.Model]) -> dict[str, Any]:
        options = super().get_meta_options(model)
        if any(field.name == "network" for field in model._meta.fields):
            # A network's recent changes: one index range, newest first.
            options["indexes"] = (
                *options.get("indexes", ()),
                models.Index(fields=["network", "-history_date"]),
            )
        return options

    def _unchanged(self, instance: Any) -> bool:
        latest = getattr(instance, self.manager_name).order_by("-history_date", "-pk").first()
        if latest is None:
            return False
        return all(
            getattr(latest, field.attname) == getattr(instance, field.attname)
            for field in self.fields_included(instance)
        )


def audited_history(**options: Any) -> HistoricalRecords:
    """The ``history`` field of an audited model."""
    options.setdefault("excluded_fields", [])
    return AuditedHistoricalRecords(
        bases=[AuditedHistoryBase],
        get_user=_history_user,
        user_related_name="+",
        **options,
    )


@receiver(pre_create_historical_record)
def _stamp_source(sender: Any, history_instance: Any, **kwargs: Any) -> None:
    history_instance.source = current_context().source


def _custom_attrs() -> dict[str, str]:
    return {"source": current_context().source}


def bulk_create_audited(
    model: type[models.Model], objs: Sequence[models.Model], *, batch_size: int = 500
) -> list[models.Model]:
    """``bulk_create`` that also writes each row's history, in one transaction."""
    return bulk_create_with_history(
        list(objs),
        model,
        batch_size=batch_size,
        default_user=current_context().actor(),
        custom_historical_attrs=_custom_attrs(),
    )


def bulk_update_audited(
    model: type[models.Model],
    objs: Sequence[models.Model],
    fields: Sequence[str],
    *,
    batch_size: int = 500,
) -> int:
    """``bulk_update`` that also writes each row's history, in one transaction."""
    return bulk_update_with_history(
        list(objs),
        model,
        list(fields),
        batch_size=batch_size,
        default_user=current_context().actor(),
        custom_historical_attrs=_custom_attrs(),
    )


# Reading history


@dataclasses.dataclass
class FieldChange:
    """One field's value before and after a change."""

    label: str
    old: Any
    new: Any


@dataclasses.dataclass
class HistoryEntry:
    """One change to one object, as people read it."""

    at: dt.datetime
    action: str  # "+", "~" or "-" (created, changed, deleted)
    actor: Any
    source: str
    changes: list[FieldChange]
    object_label: str = ""
    model_label: str = ""
    url: str = ""

    @property
    def action_name(self) -> str:
        return {"+": "created", "~": "changed", "-": "deleted"}[self.action]


def _display(record: Any, field_name: str) -> Any:
    """A field's value as people read it.

    A model may mask or format a field (``audit_display``, e.g. a national ID);
    a choice shows its label, a related row its name, a date its Thai form.
    """
    model = record.instance_type
    field = model._meta.get_field(field_name)
    value = getattr(record, field.attname)
    if value in (None, ""):
        return value
    formatter = getattr(model, "audit_display", {}).get(field_name)
    if formatter is not None:
        return formatter(value)
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.is_relation:
        related = getattr(record, field.name, None)
        return str(related) if related is not None else value
    if isinstance(value, dt.date):
        return thai.format_date(value)
    return value


def _related_names(model: type[models.Model]) -> list[str]:
    return [
        f.name for f in model._meta.concrete_fields if f.is_relation and f.name not in HIDDEN_FIELDS
    ]


# Bookkeeping, not facts: the row id, its tenant, timestamps, the edit-conflict counter.
HIDDEN_FIELDS = {"id", "network", "created_at", "updated_at", "version"}


class HasHistory(Protocol):
    """An instance of an audited model: ``history = audited_history()`` gives it the
    manager of its history rows (django-simple-history is untyped, hence ``Any``)."""

    history: Any


def history_of(obj: HasHistory, *, limit: int = 50) -> list[HistoryEntry]:
    """The newest changes of one object, each with its field-by-field differences.

    One query: consecutive snapshots are compared in memory.
    """
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-pk")[: limit + 1]
    )
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        entries.append(_entry(record, previous))
    return entries


def _entry(record: Any, previous: Any | None) -> HistoryEntry:
    meta = record.instance_type._meta
    names = [
        f.name
        for f in meta.concrete_fields
        if f.name not in HIDDEN_FIELDS and hasattr(record, f.attname)
    ]
    changes = []
    if record.history_type == "~" and previous is not None:
        delta = record.diff_against(previous, included_fields=names)
        for change in delta.changes:
            changes.append(
                FieldChange(
                    label=str(meta.get_field(change.field).verbose_name),
                    old=_display(previous, change.field),
                    new=_display(record, change.field),
                )
            )
    elif record.history_type == "+":
        for name in names:
            value = _display(record, name)
            if value not in (None, ""):
                changes.append(
                    FieldChange(label=str(meta.get_field(name).verbose_name), old=None, new=value)
                )
    return HistoryEntry(
        at=record.history_date,
        action=record.history_type,
        actor=record.history_user,
        source=getattr(record, "source", ""),
        changes=changes,
    )


@dataclasses.dataclass(frozen=True)
class AuditedModel:
    """How recent changes name a row of a model and link to its page."""

    model: type[models.Model]
    label: Callable[[], Any]  # an expression over the history row, naming it
    url_name: str | None = None
    url_kwarg: str = ""
    url_field: str = "id"
    perm: str | None = None  # members without it do not see these changes


# Which models are audited, for the network-wide recent-changes list.
AUDITED: Registry[AuditedModel] = Registry(
    "audited models", key=lambda audited: audited.model._meta.label_lower
)


def register_audited(
    model: type[models.Model],
    *,
    order: int,
    label: Callable[[], Any],
    url_name: str | None = None,
    url_kwarg: str = "",
    url_field: str = "id",
    perm: str | None = None,
) -> None:
    """List a model's changes among a network's recent changes."""
    AUDITED.register(AuditedModel(model, label, url_name, url_kwarg, url_field, perm), order=order)


def recent_changes(network: Any, *, membership: Any, limit: int = 20) -> list[HistoryEntry]:
    """The network's newest changes that this member may see, in one query."""
    visible = {
        key: audited
        for key, audited in AUDITED.items()
        if audited.perm is None or membership.can(audited.perm)
    }
    if not visible:
        return []
    parts = []
    for key, audited in visible.items():
        # The history manager is set on each audited model by simple-history, not on Model.
        history_model = audited.model.history.model  # type: ignore[attr-defined]
        parts.append(
            history_model.objects.filter(network=network)
            .order_by()  # history tables sort by date; a UNION part may not
            .annotate(
                model_key=Value(key, output_field=CharField()),
                row_label=Cast(audited.label(), CharField()),
                url_value=Cast(F(audited.url_field), CharField()),
                actor_username=F("history_user__username"),
                actor_first=F("history_user__first_name"),
                actor_last=F("history_user__last_name"),
            )
            .values_list(
                "history_date",
                "history_type",
                "source",
                "model_key",
                "row_label",
                "url_value",
                "actor_username",
                "actor_first",
                "actor_last",
            )
        )
    if connection.features.supports_slicing_ordering_in_compound:
        # Each part reads only its newest rows through its (network, date) index;
        # the union of whole parts read every history row of the network (132,420
        # rows, 140 ms at 100,000 people). SQLite cannot order inside a UNION.
        parts = [part.order_by("-history_date")[:limit] for part in parts]
    first, *rest = parts
    rows = first.union(*rest, all=True).order_by("-history_date")[:limit]
    entries = []
    for at, action, source, key, row_label, url_value, username, first_name, last_name in rows:
        audited = AUDITED[key]
        url = ""
        if action != "-" and audited.url_name and url_value is not None:
            url = reverse(
                audited.url_name,
                kwargs={"network_slug": network.slug, audited.url_kwarg: url_value},
            )
        entries.append(
            HistoryEntry(
                at=at,
                action=action,
                actor=f"{first_name or ''} {last_name or ''}".strip() or username,
                source=source,
                changes=[],
                object_label=row_label,
                model_label=str(audited.model._meta.verbose_name),
                url=url,
            )
        )
    return entries
