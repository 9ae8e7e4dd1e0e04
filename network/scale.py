"""Scale data: many made-up networks, seeded, to measure pages at the size of the country.

``make_scale_data`` (the management command) creates networks in chunks and, for
each chunk, runs every registered ``ScalePart`` in its declared order: the network
core registers villages, households and people, members, partners and meetings;
welfare its programmes, allocations and applications with their steps, reviews
and payments; later workstreams add theirs with ``register_scale_part`` from
their ``ready()``, as they add demo parts.

- **Seeded**: each part draws from a generator seeded by (seed, network slug,
  part), so the same seed gives the same rows whatever the chunk size, on
  SQLite and PostgreSQL alike.
- **Marked**: every generated network's slug starts with ``scale-`` and every
  generated user's username too; ``clear_scale_data`` deletes exactly those,
  table by table in bulk (no per-row signals, no deletion history).
- **Bulk**: rows are inserted with ``bulk_create`` in batches and never saved one
  by one; memory is bounded by a chunk of networks (or, inside one big network, by
  a batch of villages), not by the whole run.
- **No audit history by default**: generated rows were made by no one at no real
  moment, so a history row saying otherwise would be invented, and it would
  double the rows written. The app reads rows without history correctly (the
  report "as of" a date counts an allocation without history as it stands).
  ``history=True`` (``--history``) writes one "created" history row per audited
  row, for measuring the pages that read history (a network's recent changes).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import connections, models, transaction
from django.db.models import Min

from core.registry import Registry
from network.models import Network, Person

PREFIX = "scale-"
BANGKOK = ZoneInfo("Asia/Bangkok")
DEFAULT_SEED = 2550
# Rows per INSERT (SQLite lowers it to what its parameter limit allows).
BATCH = 2000
# People per chunk of networks: how much one transaction and the parts' lookups hold.
PEOPLE_PER_CHUNK = 20_000


@dataclasses.dataclass(frozen=True)
class Sizes:
    """How much to generate: totals over all networks, shared out evenly between them."""

    networks: int
    villages: int
    people: int
    applications: int
    # Years of monthly meetings (twelve a year) and of yearly welfare programmes,
    # ending with ``end_year`` (CE).
    years: int = 1
    end_year: int = 2025

    def __post_init__(self) -> None:
        if self.networks < 1 or self.years < 1:
            raise ValueError("At least one network and one year.")
        if self.villages < self.networks:
            raise ValueError("Every network needs at least one village.")
        if min(self.people, self.applications) < 0:
            raise ValueError("Sizes cannot be negative.")


PRESETS: dict[str, Sizes] = {
    # Runs in CI in seconds.
    "small": Sizes(networks=3, villages=10, people=1_000, applications=90),
    # One sub-district network at the size of the largest.
    "big-network": Sizes(networks=1, villages=80, people=100_000, applications=5_500),
    # Every sub-district of Thailand in one installation.
    "national": Sizes(networks=7_000, villages=75_000, people=1_000_000, applications=100_000),
}


def share(total: int, parts: int, index: int) -> int:
    """Part ``index`` of ``total`` split into ``parts`` as evenly as whole numbers allow."""
    base, extra = divmod(total, parts)
    return base + (1 if index < extra else 0)


def shares_before(total: int, parts: int, index: int) -> int:
    """The sum of the parts before part ``index`` (where that part's numbering starts)."""
    base, extra = divmod(total, parts)
    return base * index + min(index, extra)


def split_weighted(total: int, weights: Sequence[float]) -> list[int]:
    """``total`` split in proportion to the weights, in whole numbers adding up exactly."""
    whole = sum(weights) or 1.0
    counts, running, previous = [], 0.0, 0
    for weight in weights:
        running += weight
        upto = round(running / whole * total)
        counts.append(upto - previous)
        previous = upto
    return counts


def moment(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    """A time of day in Bangkok, as the app stores moments (aware)."""
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=BANGKOK)


@dataclasses.dataclass
class ScaleBatch:
    """A chunk of generated networks, handed to every part in turn."""

    networks: list[Network]
    sizes: Sizes
    seed: int
    using: str
    history: bool = False

    def index(self, network: Network) -> int:
        """The network's position among all generated networks (0-based, from its slug)."""
        return int(network.slug.removeprefix(PREFIX)) - 1

    def share(self, total: int, network: Network) -> int:
        """This network's part of a total over all networks."""
        return share(total, self.sizes.networks, self.index(network))

    def rng(self, network: Network, part: str) -> random.Random:
        """The part's own random generator for this network: the same on every run."""
        return random.Random(f"{self.seed}:{network.slug}:{part}")  # noqa: S311 (made-up data)

    def insert[M: models.Model](self, model: type[M], objs: Iterable[M]) -> list[M]:
        """Insert rows in batches (primary keys set on each object), with their
        "created" history rows when asked for.

        Rows may point at objects inserted before (``item.meeting = meeting``):
        ``bulk_create`` copies their keys and keeps them cached. Setting
        ``item.meeting_id`` by hand instead would drop the cached object, and a
        later ``item.meeting`` would cost a query per row."""
        rows = list(objs)
        if not rows:
            return rows
        model._base_manager.using(self.using).bulk_create(rows, batch_size=BATCH)
        if self.history:
            write_created_history(model, rows, using=self.using)
        return rows

    def years(self) -> range:
        """The calendar years (CE) that meetings and programmes cover."""
        return range(self.sizes.end_year - self.sizes.years + 1, self.sizes.end_year + 1)


class Buffer[M: models.Model]:
    """Rows waiting to be inserted together: flushed once a batch is full, so a part
    streams one big network in pieces instead of holding all of it."""

    def __init__(self, batch: ScaleBatch, model: type[M], size: int = BATCH) -> None:
        self.batch, self.model, self.size = batch, model, size
        self.rows: list[M] = []
        self.count = 0

    def add(self, row: M) -> None:
        self.rows.append(row)
        if len(self.rows) >= self.size:
            self.flush()

    def flush(self) -> None:
        self.batch.insert(self.model, self.rows)
        self.count += len(self.rows)
        self.rows = []


def write_created_history(model: type[models.Model], rows: Sequence[Any], *, using: str) -> None:
    """One "created" history row per row of an audited model (no-op for the others)."""
    manager = getattr(model, "history", None)
    if manager is None:
        return
    history_model = manager.model
    now = dt.datetime.now(tz=dt.UTC)
    fields = [field.attname for field in history_model.tracked_fields]
    history_model._base_manager.using(using).bulk_create(
        [
            history_model(
                history_date=now,
                history_type="+",
                history_change_reason="",
                source="command:make_scale_data",
                **{name: getattr(row, name) for name in fields},
            )
            for row in rows
        ],
        batch_size=BATCH,
    )


# The registry


# A part's work on a chunk of networks: returns the rows it made, by table.
Generate = Callable[[ScaleBatch], Mapping[str, int]]


@dataclasses.dataclass(frozen=True)
class ScalePart:
    """An app's part of the scale data: its name and what it generates for a chunk."""

    name: str
    generate: Generate


SCALE_PARTS: Registry[ScalePart] = Registry("scale data parts", key=lambda part: part.name)


def register_scale_part(part: ScalePart, *, order: int) -> ScalePart:
    """Let an app generate its rows for scale data (called from its ``ready()``), in order."""
    return SCALE_PARTS.register(part, order=order)


# Running the parts


class ScaleDataExists(Exception):
    """Generated networks are already there: clear them first."""


@dataclasses.dataclass
class PartReport:
    """What one part did over the whole run."""

    seconds: float = 0.0
    rows: Counter[str] = dataclasses.field(default_factory=Counter)


@dataclasses.dataclass
class ScaleReport:
    """What a run made, part by part, in the order the parts ran."""

    parts: dict[str, PartReport] = dataclasses.field(default_factory=dict)
    seconds: float = 0.0

    def add(self, name: str, seconds: float, rows: Mapping[str, int]) -> None:
        part = self.parts.setdefault(name, PartReport())
        part.seconds += seconds
        part.rows.update(rows)

    @property
    def rows(self) -> int:
        return sum(sum(part.rows.values()) for part in self.parts.values())

    def lines(self) -> list[str]:
        """One line per part: time, rows, and rows by table."""
        lines = []
        for name, part in self.parts.items():
            detail = ", ".join(f"{table} {count:,}" for table, count in part.rows.items())
            lines.append(
                f"{name:<12} {part.seconds:8.1f} s {sum(part.rows.values()):>11,} rows  ({detail})"
            )
        lines.append(f"{'total':<12} {self.seconds:8.1f} s {self.rows:>11,} rows")
        return lines


def scale_networks(using: str = "default") -> models.QuerySet[Network]:
    """The generated networks (and nothing else)."""
    return Network.objects.using(using).filter(slug__startswith=PREFIX)


def chunk_size(sizes: Sizes) -> int:
    """Networks per chunk: enough to batch inserts well, few enough to bound memory."""
    per_network = max(1, sizes.people // sizes.networks)
    return max(1, min(sizes.networks, 500, PEOPLE_PER_CHUNK // per_network))


def make_scale_data(
    sizes: Sizes,
    *,
    seed: int = DEFAULT_SEED,
    using: str = "default",
    history: bool = False,
    stdout: TextIO | None = None,
) -> ScaleReport:
    """Generate the networks in chunks, each chunk through every part in one transaction."""
    if scale_networks(using).exists():
        raise ScaleDataExists("Generated networks exist already: clear them first (--clear).")
    report = ScaleReport()
    started = time.perf_counter()
    step = chunk_size(sizes)
    for first in range(0, sizes.networks, step):
        indexes = range(first, min(first + step, sizes.networks))
        batch = ScaleBatch([], sizes, seed, using, history)
        _make_chunk(batch, indexes, report)
        if stdout is not None and sizes.networks > step:
            stdout.write(f"  {indexes.stop:,}/{sizes.networks:,} networks, {report.rows:,} rows")
    clock = time.perf_counter()
    if analyze(using):
        report.add("analyze", time.perf_counter() - clock, {})
    report.seconds = time.perf_counter() - started
    return report


def _make_chunk(batch: ScaleBatch, indexes: range, report: ScaleReport) -> None:
    """One chunk of networks through every part, in one transaction."""
    with transaction.atomic(using=batch.using):
        clock = time.perf_counter()
        batch.networks = batch.insert(Network, (_network(batch.seed, i) for i in indexes))
        report.add("networks", time.perf_counter() - clock, {"networks": len(indexes)})
        for part in SCALE_PARTS:
            clock = time.perf_counter()
            rows = part.generate(batch)
            report.add(part.name, time.perf_counter() - clock, rows)
            # With DEBUG on, every INSERT's text is kept in the query log (up to 9,000
            # of them): emptied here, or a big run holds gigabytes of SQL.
            connections[batch.using].queries_log.clear()


def analyze(using: str) -> bool:
    """Refresh the planner's statistics after a bulk load (PostgreSQL only)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return True


def _network(seed: int, index: int) -> Network:
    from network.scale_words import network_place

    place = network_place(random.Random(f"{seed}:network:{index}"))  # noqa: S311
    return Network(
        slug=f"{PREFIX}{index + 1:05d}",
        name=f"เครือข่ายองค์กรชุมชนตำบล{place.sub_district}",
        sub_district=place.sub_district,
        district=place.district,
        province=place.province,
        quorum_percent=50,
    )


# Lookups the parts share


def village_representatives(batch: ScaleBatch) -> dict[int, dict[int, int]]:
    """Each village's representative (its first person), by network id and village
    number: they attend meetings, chair them and sit on the committee."""
    rows = (
        Person.objects.using(batch.using)
        .filter(network__in=batch.networks)
        .values("network_id", "village__number")
        .annotate(first=Min("pk"))
        .order_by()
    )
    reps: dict[int, dict[int, int]] = defaultdict(dict)
    for row in rows:
        reps[row["network_id"]][row["village__number"]] = row["first"]
    return reps


def scale_user_username(network: Network, role: str, number: int = 0) -> str:
    """A generated user's username: the network's slug, the role, a number if several."""
    return f"{network.slug}-{role}{number or ''}"


# Clearing


def _network_field(model: type[models.Model]) -> models.Field | None:
    """The model's foreign key to the network, if it has one."""
    try:
        field = model._meta.get_field("network")
    except FieldDoesNotExist:
        return None
    if isinstance(field, models.ForeignKey) and field.related_model is Network:
        return field
    return None


def _between_tenant_rows(model: type[models.Model]) -> bool:
    """A many-to-many table whose rows point at tenant rows (a programme's funders)."""
    return model._meta.auto_created is not False and any(
        f.is_relation and f.related_model and _network_field(f.related_model)
        for f in model._meta.concrete_fields
    )


def tenant_models() -> list[type[models.Model]]:
    """Every table with a ``network`` column (history tables included), and the
    many-to-many tables between tenant rows."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        if model is Network:
            continue
        if _network_field(model) is not None or _between_tenant_rows(model):
            found.append(model)
    return found


def clear_scale_data(*, using: str = "default") -> Counter[str]:
    """Delete every generated network with all its rows and its users, table by table.

    Plain DELETEs in one transaction (foreign keys are checked at commit), so
    neither a per-row signal nor a deletion history row is written.
    """
    removed: Counter[str] = Counter()
    ids = scale_networks(using).values("pk")
    with transaction.atomic(using=using):
        for model in tenant_models():
            queryset = model._base_manager.using(using)
            if _network_field(model) is not None:
                queryset = queryset.filter(network__in=ids)
            else:
                fk = next(
                    f
                    for f in model._meta.concrete_fields
                    if f.is_relation and f.related_model and _network_field(f.related_model)
                )
                queryset = queryset.filter(**{f"{fk.name}__network__in": ids})
            count = queryset._raw_delete(using)
            if count:
                removed[model._meta.label] += count
        history = getattr(Network, "history", None)
        if history is not None:
            history.model._base_manager.using(using).filter(id__in=ids)._raw_delete(using)
        removed["network.Network"] = scale_networks(using)._raw_delete(using)
        users = (
            get_user_model()
            ._base_manager.using(using)
            .filter(username__startswith=PREFIX)
            .exclude(memberships__isnull=False)
        )
        removed["users"] = users.delete()[1].get(get_user_model()._meta.label, 0)
    return +removed


# A checksum of the generated rows, to show that a seed gives the same data


def _normalise(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


def _stamped(field: models.Field) -> bool:
    """Fields the database or Django stamps with the moment of writing."""
    return bool(getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))


def _rows(model: type[models.Model], queryset: models.QuerySet, bases: dict) -> Iterator[list]:
    fields = [f for f in model._meta.concrete_fields if not f.primary_key and not _stamped(f)]
    for values in queryset.order_by("pk").values_list(*[f.attname for f in fields]).iterator():
        row = []
        for field, value in zip(fields, values, strict=True):
            if field.is_relation and value is not None:
                # Keys differ between runs; their distance from the first generated
                # row of the table they point at does not.
                value = value - bases[field.related_model]
            row.append(_normalise(value))
        yield row


def scale_checksum(*, using: str = "default") -> str:
    """SHA-256 over every generated row (keys made relative, write-time stamps left out)."""
    networks = scale_networks(using)
    user_model = get_user_model()
    bases: dict[Any, int] = {
        Network: networks.aggregate(m=Min("pk"))["m"] or 0,
        user_model: user_model._base_manager.using(using)
        .filter(username__startswith=PREFIX)
        .aggregate(m=Min("pk"))["m"]
        or 0,
    }
    models_ = [m for m in tenant_models() if _network_field(m) and not _is_history(m)]
    for model in models_:
        bases[model] = (
            model._base_manager.using(using)
            .filter(network__in=networks.values("pk"))
            .aggregate(m=Min("pk"))["m"]
            or 0
        )
    digest = hashlib.sha256()
    ordered: list[type[models.Model]] = [Network, *sorted(models_, key=lambda m: m._meta.label)]
    for model in ordered:
        queryset = model._base_manager.using(using)
        if model is Network:
            queryset = queryset.filter(slug__startswith=PREFIX)
        else:
            queryset = queryset.filter(network__in=networks.values("pk"))
        digest.update(model._meta.label.encode())
        for row in _rows(model, queryset, bases):
            digest.update(json.dumps(row, ensure_ascii=False, default=str).encode())
    return digest.hexdigest()


def _is_history(model: type[models.Model]) -> bool:
    return hasattr(model, "instance_type") and model.__name__.startswith("Historical")
