"""Monthly meetings: attendance, the five-section agenda, resolutions, action items, amendments.

The minutes follow the Thai standard form (รายงานการประชุม). Text that the
secretary types live carries a version number: a save names the version it was
based on, and a save based on an older version is refused, never merged.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import limits, thai
from core.audit import audited_history
from core.limits import TextLimit
from core.roles import Workstream
from core.tenancy import NetworkOwned, NetworkQuerySet
from core.workflow import StatusChangeRecord
from network.models.community import Partner, Person, Village


class MeetingStatus(models.TextChoices):
    """Where a meeting and its minutes stand."""

    PLANNED = "planned", _("Planned")
    IN_SESSION = "in_session", _("In session")
    DRAFTED = "drafted", _("Minutes drafted")
    CIRCULATED = "circulated", _("Minutes circulated")
    ADOPTED = "adopted", _("Minutes adopted")
    LOCKED = "locked", _("Minutes locked")


LOCKED_STATUSES = frozenset({MeetingStatus.ADOPTED, MeetingStatus.LOCKED})


class Meeting(NetworkOwned):
    """One monthly meeting (การประชุมประจำเดือน), numbered within its year: ครั้งที่ 10/2550."""

    year = models.PositiveSmallIntegerField(_("year"), help_text=_("Gregorian year (CE)."))
    number = models.PositiveSmallIntegerField(_("meeting number"))
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("closing time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=250, blank=True)
    chair = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chair"),
    )
    minute_taker = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("minute-taker"),
    )
    checker = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("minutes checker"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    adopted_in = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adopted_minutes",
        verbose_name=_("minutes adopted at"),
    )
    adopted_at = models.DateTimeField(_("adopted at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = audited_history()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "year", "number"],
                name="meeting_unique_number",
                violation_error_message=_("This meeting number is already used in that year."),
            ),
        ]
        indexes = [models.Index(fields=["network", "-date"], name="meeting_date_idx")]

    def __str__(self) -> str:
        return f"{_('Meeting No.')} {self.number_label}"

    @property
    def number_label(self) -> str:
        """10/2550: the number within the year, with the year in BE."""
        return f"{self.number}/{thai.be_year(self.year)}"

    @property
    def is_locked(self) -> bool:
        """Adopted minutes change only by recorded amendments."""
        return self.status in LOCKED_STATUSES

    @property
    def is_adoptable(self) -> bool:
        """Whether a later meeting may adopt these minutes now (drafted or circulated)."""
        from core.workflow import workflow_of

        return self.status in workflow_of(self).get("adopt").sources

    def allowed_next_statuses(self) -> tuple[str, ...]:
        """The statuses this meeting may move to from its current one."""
        from core.workflow import workflow_of

        return workflow_of(self).next_statuses(self.status)

    def get_absolute_url(self) -> str:
        return reverse(
            "network:meeting_detail",
            kwargs={"network_slug": self.network.slug, "meeting_id": self.pk},
        )


class MeetingStatusChange(StatusChangeRecord):
    """One step of a meeting and its minutes: who moved it, when, from what to what, and why."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=MeetingStatus.choices)
    to_status = models.CharField(max_length=20, choices=MeetingStatus.choices)

    class Meta:
        verbose_name = _("meeting status change")
        verbose_name_plural = _("meeting status changes")
        ordering = ["changed_at", "pk"]
        indexes = [models.Index(fields=["network", "meeting"], name="meeting_change_meeting_idx")]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.from_status} → {self.to_status}"


class AttendanceKind(models.TextChoices):
    """In what capacity someone attends."""

    VILLAGE_REP = "village_rep", _("Village representative")
    PARTNER_REP = "partner_rep", _("Partner representative")
    OBSERVER = "observer", _("Observer")


class Attendance(NetworkOwned):
    """One person expected at or attending a meeting: present, or absent with a reason."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    kind = models.CharField(_("attends as"), max_length=20, choices=AttendanceKind.choices)
    person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    name = models.CharField(
        _("name"), max_length=200, blank=True, help_text=_("For someone not in the people list.")
    )
    village = models.ForeignKey(
        Village,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("village represented"),
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partner represented"),
    )
    present = models.BooleanField(_("present"), default=True)
    absence_reason = models.CharField(_("reason for absence"), max_length=250, blank=True)

    history = audited_history()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["kind", "village__number", "pk"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.person.full_name if self.person is not None else self.name


class AgendaSection(models.IntegerChoices):
    """The five sections of Thai standard minutes (ระเบียบวาระ)."""

    ANNOUNCEMENTS = 1, _("Announcements")
    PREVIOUS_MINUTES = 2, _("Adoption of the previous minutes")
    MATTERS_ARISING = 3, _("Matters arising")
    FOR_DECISION = 4, _("Matters for decision")
    OTHER = 5, _("Other business")


class AgendaItem(NetworkOwned):
    """One agenda item: its title, the discussion as minuted, a workstream tag."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    section = models.PositiveSmallIntegerField(_("section"), choices=AgendaSection.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    title = models.CharField(_("topic"), max_length=300)
    workstream = models.CharField(
        _("workstream"), max_length=20, choices=Workstream.choices, default=Workstream.GENERAL
    )
    discussion = models.TextField(
        _("discussion"), blank=True, validators=[TextLimit(limits.LONG_TEXT)]
    )
    version = models.PositiveIntegerField(default=1)
    previous_meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("previous meeting"),
    )
    carried_action = models.ForeignKey(
        "ActionItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_into",
        verbose_name=_("action item carried forward"),
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = audited_history(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["section", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "carried_action"],
                condition=Q(carried_action__isnull=False),
                name="agenda_item_carried_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.section}.{self.position} {self.title}"

    @property
    def number(self) -> str:
        """The item's number in the minutes: 4.2."""
        return f"{self.section}.{self.position}"


class Resolution(NetworkOwned):
    """A resolution of the meeting (มติที่ประชุม) on an agenda item."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="resolutions")
    position = models.PositiveSmallIntegerField(default=1)
    text = models.TextField(_("resolution"), blank=True, validators=[TextLimit(limits.TEXT)])
    version = models.PositiveIntegerField(default=1)

    history = audited_history()

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class ActionStatus(models.TextChoices):
    """Whether an action item is still to be done."""

    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class ActionItemQuerySet(NetworkQuerySet):
    """Querysets of action items."""

    def open(self) -> ActionItemQuerySet:
        return self.filter(status=ActionStatus.OPEN)


class ActionItem(NetworkOwned):
    """Something a meeting asked someone to do, followed up until done."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField(_("action"), validators=[TextLimit(limits.REASON)])
    owner = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    owner_name = models.CharField(
        _("owner (name)"), max_length=200, blank=True, help_text=_("A group or someone not listed.")
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar = ActionItemQuerySet.as_manager()
    history = audited_history()

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["network", "status"], name="action_status_idx")]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def owner_label(self) -> str:
        return self.owner.full_name if self.owner is not None else self.owner_name

    def is_overdue(self, today: dt.date) -> bool:
        return (
            self.status == ActionStatus.OPEN and self.due_date is not None and self.due_date < today
        )


class Amendment(NetworkOwned):
    """A recorded change to locked minutes: the original text stays, this is shown beside it."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="amendments")
    resolution = models.ForeignKey(
        Resolution, on_delete=models.CASCADE, null=True, blank=True, related_name="amendments"
    )
    original = models.TextField(_("original text"), validators=[TextLimit(limits.LONG_TEXT)])
    amended = models.TextField(_("amended text"), validators=[TextLimit(limits.LONG_TEXT)])
    reason = models.TextField(_("reason"), validators=[TextLimit(limits.REASON)])
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = audited_history()

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.item}: {self.reason[:60]}"
