"""The shared core of every network: villages, people, partners and memberships."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Count, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import limits, thai
from core.audit import audited_history
from core.limits import TextLimit
from core.roles import Role, Workstream, member_can
from core.tenancy import NetworkOwned, NetworkQuerySet
from core.workflow import StatusChangeRecord


class Network(models.Model):
    """A community organisation network of one sub-district (ตำบล)."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=60, unique=True)
    sub_district = models.CharField(_("sub-district"), max_length=100)
    district = models.CharField(_("district"), max_length=100)
    province = models.CharField(_("province"), max_length=100)
    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum (percent of villages)"),
        default=50,
        help_text=_("A meeting is quorate when more than this share of villages is represented."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = audited_history()

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name"]
        # Core's tables point at settings.TENANCY_NETWORK_MODEL (as at AUTH_USER_MODEL).
        swappable = "TENANCY_NETWORK_MODEL"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:home", kwargs={"network_slug": self.slug})


class Membership(models.Model):
    """A user's role in one network: the only way a user reaches a network."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    # A list of Workstream values (JSON, so the same on SQLite and PostgreSQL).
    workstreams = models.JSONField(
        _("workstreams"),
        default=list,
        blank=True,
        help_text=_(
            "For coordinators: the workstreams they coordinate. A coordinator holds a "
            "workstream's permissions only for these."
        ),
    )
    person = models.ForeignKey(
        "network.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("person"),
        help_text=_(
            "The user as a person of the network: the conflict-of-interest rule "
            "reads their household from here."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = audited_history()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["network", "user"], name="membership_unique_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.network}: {self.role}"

    def clean(self) -> None:
        """Only known workstreams, each once, in the order they are declared."""
        chosen = set(self.workstreams or [])
        unknown = chosen - set(Workstream.values)
        if unknown:
            raise ValidationError(
                {
                    "workstreams": _("Unknown workstream: %(names)s")
                    % {"names": ", ".join(sorted(unknown))}
                }
            )
        self.workstreams = [value for value in Workstream.values if value in chosen]

    def can(self, perm: str) -> bool:
        """Whether this member holds the permission: their role's, and for a coordinator
        a workstream's permission only if they coordinate that workstream."""
        return member_can(self.role, self.workstreams or (), perm)

    @property
    def workstream_labels(self) -> list[str]:
        """The workstreams coordinated, by name, for pages."""
        return [
            str(Workstream(value).label)
            for value in self.workstreams or ()
            if value in Workstream.values
        ]


class RegisterQuerySet(NetworkQuerySet):
    """Querysets of rows on the network's register (villages, people)."""

    def registered_by(self, day: dt.date) -> Self:
        """Rows already on the register at the end of ``day``."""
        return self.filter(registered_on__lte=day)


def validate_not_future(value: dt.date | None) -> None:
    """A registration date is not after today: a report cannot count someone ahead of time."""
    if value is not None and value > timezone.localdate():
        raise ValidationError(_("The date cannot be later than today."), code="date_in_future")


def registered_on_field() -> models.DateField:
    """The day a row joined the network's register: reports of earlier months leave it out."""
    return models.DateField(
        _("registered on"),
        default=timezone.localdate,
        validators=[validate_not_future],
        help_text=_("The day it joined the network's register. Reports count it from this day on."),
    )


def _count_in_village(model: type[models.Model]) -> Coalesce:
    """How many rows of ``model`` the outer village holds: one index range per village.

    Counted in a correlated subquery rather than ``Count(..., distinct=True)`` over
    two joins, which multiplies people by households (31 million rows at 100,000
    people) before counting.
    """
    rows = (
        model._default_manager.filter(network=OuterRef("network"), village=OuterRef("pk"))
        .order_by()
        .values("village")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=models.IntegerField()), 0)


class VillageQuerySet(RegisterQuerySet):
    """Querysets of villages."""

    def with_counts(self) -> VillageQuerySet:
        """Each village with ``people_count`` and ``household_count``."""
        return self.annotate(
            people_count=_count_in_village(Person), household_count=_count_in_village(Household)
        )


class Village(NetworkOwned):
    """A village (หมู่บ้าน) of the sub-district, numbered หมู่ที่ 1..n."""

    number = models.PositiveSmallIntegerField(_("village number"))
    name = models.CharField(_("name"), max_length=100)
    registered_on = registered_on_field()
    illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("Made-up demo data, not taken from a source."),
    )

    history = audited_history()

    objects: ClassVar = VillageQuerySet.as_manager()

    class Meta:
        verbose_name = _("village")
        verbose_name_plural = _("villages")
        ordering = ["network", "number"]
        constraints = [
            models.UniqueConstraint(fields=["network", "number"], name="village_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{_('Village No.')} {self.number} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse(
            "network:village_detail",
            kwargs={"network_slug": self.network.slug, "village_number": self.number},
        )


class Household(NetworkOwned):
    """A household (ครัวเรือน), identified by its house number in a village."""

    village = models.ForeignKey(Village, on_delete=models.RESTRICT, related_name="households")
    house_number = models.CharField(_("house number"), max_length=20)

    history = audited_history()

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["village__number", "house_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "village", "house_number"], name="household_unique_number"
            ),
        ]
        indexes = [
            # Searching people by house number (PersonQuerySet.search): any village.
            models.Index(F("network"), Upper("house_number"), name="household_number_search_idx"),
        ]

    def __str__(self) -> str:
        return f"{_('House No.')} {self.house_number} {_('Village No.')} {self.village.number}"


class Title(models.TextChoices):
    """Thai name prefixes (คำนำหน้าชื่อ)."""

    MR = "นาย", _("Mr")
    MRS = "นาง", _("Mrs")
    MISS = "นางสาว", _("Miss")
    BOY = "เด็กชาย", _("Master (boy)")
    GIRL = "เด็กหญิง", _("Miss (girl)")


# A house number names a handful of households in a network (one per village at most).
MAX_HOUSEHOLDS_PER_WORD = 200


class PersonQuerySet(RegisterQuerySet):
    """Querysets of people."""

    def search(self, text: str, *, network: Network) -> PersonQuerySet:
        """People of ``network`` whose name or phone contains every word typed, or
        whose house number is one of the words.

        Names and phone are matched by substring (a trigram index on PostgreSQL,
        see network/migrations/0009); the house number through the network's own
        households, so a search never joins every network's households.
        """
        queryset = self.for_network(network)
        for word in text.split():
            match = (
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(phone__icontains=word)
            )
            # Read first (an index lookup), so that the people query stays one OR of
            # indexable conditions: a subquery inside the OR made PostgreSQL scan
            # every person of the network (300 ms at 100,000 people).
            households = list(
                Household.objects.for_network(network)
                .filter(house_number__iexact=word)
                .order_by()
                .values_list("pk", flat=True)[:MAX_HOUSEHOLDS_PER_WORD]
            )
            if households:
                match |= Q(household_id__in=households)
            queryset = queryset.filter(match)
        return queryset.best_first(text)

    def best_first(self, text: str) -> PersonQuerySet:
        """Names that start with the first word typed first, then by name.

        The ranking is also what keeps a search fast: ordered by the plain name
        columns, PostgreSQL walks the name index from ก looking for 25 matches,
        and the matches of a name sit together far along it (270 ms at 100,000
        people); ordered by an expression it reads the matches and sorts them.
        """
        words = text.split()
        if not words:
            return self
        starts = Case(
            When(first_name__istartswith=words[0], then=Value(0)),
            default=Value(1),
            output_field=models.IntegerField(),
        )
        return self.alias(starts=starts).order_by("starts", "first_name", "last_name", "pk")


def validate_birth_date(value: dt.date | None) -> None:
    """A birth date is not after today (9/10/3000 is a typing slip, not a person)."""
    if value is not None and value > timezone.localdate():
        raise ValidationError(
            _("A birth date cannot be later than today."), code="birth_date_in_future"
        )


class Person(NetworkOwned):
    """A person of the network: villager, representative, applicant or trainee."""

    title = models.CharField(_("title"), max_length=20, choices=Title.choices, blank=True)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    national_id = models.CharField(
        _("national ID"),
        max_length=13,
        blank=True,
        validators=[thai.validate_national_id],
        help_text=_("13 digits; shown masked to everyone but editors."),
    )
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    village = models.ForeignKey(
        Village,
        on_delete=models.RESTRICT,
        related_name="people",
        null=True,
        blank=True,
        verbose_name=_("village"),
    )
    household = models.ForeignKey(
        Household,
        on_delete=models.SET_NULL,
        related_name="members",
        null=True,
        blank=True,
        verbose_name=_("household"),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    registered_on = registered_on_field()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar = PersonQuerySet.as_manager()
    history = audited_history(excluded_fields=["updated_at"])
    # History shows a national ID as masked as the person page does.
    audit_display = {"national_id": thai.mask_national_id}

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["first_name", "last_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "national_id"],
                condition=~Q(national_id=""),
                name="person_unique_national_id",
            ),
        ]
        indexes = [
            models.Index(fields=["network", "first_name", "last_name"], name="person_name_idx"),
            models.Index(fields=["network", "village"], name="person_village_idx"),
            models.Index(fields=["network", "registered_on"], name="person_registered_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        """Title, first and last name as written in Thai: นายสมชาย ใจดี."""
        return f"{self.title}{self.first_name} {self.last_name}".strip()

    @property
    def masked_national_id(self) -> str:
        return thai.mask_national_id(self.national_id)

    def age_on(self, day: dt.date) -> int | None:
        """Age in whole years on a day, if the birth date is known."""
        if self.birth_date is None:
            return None
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - before_birthday

    def get_absolute_url(self) -> str:
        return reverse(
            "network:person_detail",
            kwargs={"network_slug": self.network.slug, "person_id": self.pk},
        )


def register_count(model: type[Village] | type[Person], network: Network, day: dt.date) -> int:
    """How many villages or people were on the network's register at the end of ``day``:
    those registered by then and still here, and those deleted since, whose deletion
    the audit history keeps with the row as it was. Two queries, whatever the size."""
    end = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))
    present = model.objects.for_network(network).registered_by(day)
    removed_since = (
        model.history.filter(
            network=network, history_type="-", history_date__gte=end, registered_on__lte=day
        )
        # A row deleted and later restored under its id is counted once, as present.
        .exclude(id__in=present.values("pk"))
        .values("id")
        .distinct()
    )
    return present.count() + removed_since.count()


class PartnerKind(models.TextChoices):
    """The kind of organisation a partner (ภาคี) is."""

    LOCAL_GOVERNMENT = "local_government", _("Local government")
    HEALTH = "health", _("Health service")
    GOVERNMENT_AGENCY = "government_agency", _("Government agency")
    NGO = "ngo", _("Non-governmental organisation")
    ACADEMIC = "academic", _("Academic institution")
    PRIVATE = "private", _("Private sector")
    COMMUNITY = "community", _("Community organisation")


class PartnerStatus(models.TextChoices):
    """A partner's vetting status: the network checks every partner's standing."""

    PROPOSED = "proposed", _("Proposed")
    VETTED = "vetted", _("Vetted")
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")


class Partner(NetworkOwned):
    """An outside organisation working with the network, joined only after vetting."""

    name = models.CharField(_("name"), max_length=250)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=PartnerKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="units",
        verbose_name=_("part of"),
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    status = models.CharField(
        _("vetting status"),
        max_length=20,
        choices=PartnerStatus.choices,
        default=PartnerStatus.PROPOSED,
    )
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("status changed by"),
    )
    notes = models.TextField(_("notes"), blank=True, validators=[TextLimit(limits.TEXT)])
    created_at = models.DateTimeField(auto_now_add=True)

    history = audited_history()

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["network", "name"], name="partner_unique_name"),
        ]
        indexes = [models.Index(fields=["network", "status"], name="partner_status_idx")]

    def __str__(self) -> str:
        return self.name

    def allowed_next_statuses(self) -> tuple[str, ...]:
        """The statuses this partner may move to from its current one."""
        from core.workflow import workflow_of

        return workflow_of(self).next_statuses(self.status)

    def get_absolute_url(self) -> str:
        return reverse(
            "network:partner_detail",
            kwargs={"network_slug": self.network.slug, "partner_id": self.pk},
        )


class PartnerStatusChange(StatusChangeRecord):
    """One step of a partner's vetting: who moved it, when, from what to what, and why."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=PartnerStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=PartnerStatus.choices)
    # Vetting always says why (the base allows a blank reason).
    reason = models.TextField(_("reason"), validators=[TextLimit(limits.REASON)])

    class Meta:
        verbose_name = _("partner status change")
        verbose_name_plural = _("partner status changes")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.partner}: {self.from_status} → {self.to_status}"
