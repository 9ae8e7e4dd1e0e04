"""Welfare grants: programmes, per-village allocations, applications, reviews, disbursements."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import limits
from core.audit import audited_history
from core.files import NetworkFilePath
from core.limits import TextLimit
from core.roles import Workstream
from core.tenancy import NetworkOwned
from core.workflow import StatusChangeRecord

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def money(verbose_name: StrOrPromise | None = None, **options: Any) -> models.DecimalField:
    """A baht amount: Decimal with two places, never float."""
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2, **options)


class TargetGroup(models.TextChoices):
    """Whom a programme serves."""

    YOUTH = "youth", _("Youth")
    ELDERLY = "elderly", _("Elderly")
    DISABLED = "disabled", _("People with disabilities")
    POOR = "poor", _("People in poverty")
    OTHER = "other", _("Other")


class GrantKind(models.TextChoices):
    """What a grant is for."""

    OCCUPATIONAL = "occupational", _("Occupational start-up")
    EDUCATION = "education", _("Education")
    EMERGENCY = "emergency", _("Emergency")
    OTHER = "other", _("Other")


class Programme(NetworkOwned):
    """A grant programme of one year, with its budget split into village allocations."""

    name = models.CharField(_("name"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year (CE)"))
    funders = models.ManyToManyField(
        "network.Partner", blank=True, related_name="welfare_programmes", verbose_name=_("funders")
    )
    total_budget = money(_("total budget"))
    target_group = models.CharField(
        _("target group"), max_length=20, choices=TargetGroup.choices, default=TargetGroup.OTHER
    )
    grant_kinds = models.JSONField(
        _("grant kinds allowed"),
        default=list,
        blank=True,
        help_text=_("Empty means every kind is allowed."),
    )
    rules = models.TextField(_("rules"), blank=True, validators=[TextLimit(limits.TEXT)])
    adopted_by = models.ForeignKey(
        "network.Resolution",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("adopted by resolution"),
    )
    workstream = models.CharField(
        _("workstream"), max_length=20, choices=Workstream.choices, default=Workstream.WELFARE
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = audited_history()

    class Meta:
        verbose_name = _("welfare programme")
        verbose_name_plural = _("welfare programmes")
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "year", "name"], name="welfare_programme_unique_name"
            ),
            models.CheckConstraint(
                condition=Q(total_budget__gte=0), name="welfare_programme_budget_not_negative"
            ),
        ]
        indexes = [models.Index(fields=["network", "-year"], name="welfare_programme_year_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.year_be})"

    def get_absolute_url(self) -> str:
        return reverse(
            "welfare:programme_board",
            kwargs={"network_slug": self.network.slug, "programme_id": self.pk},
        )

    @property
    def year_be(self) -> int:
        """The programme's year in the Buddhist era, as users speak of it."""
        return self.year + 543

    def allows_kind(self, kind: str) -> bool:
        """Whether applications of this kind are accepted."""
        return not self.grant_kinds or kind in self.grant_kinds


class Allocation(NetworkOwned):
    """The share of a programme's budget set aside for one village: its approval cap."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="allocations")
    village = models.ForeignKey(
        "network.Village", on_delete=models.RESTRICT, related_name="welfare_allocations"
    )
    amount = money(_("allocation"))

    history = audited_history()

    class Meta:
        verbose_name = _("village allocation")
        verbose_name_plural = _("village allocations")
        ordering = ["village__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "programme", "village"], name="welfare_allocation_unique_village"
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="welfare_allocation_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} – {self.village}: {self.amount}"


class ApplicationStatus(models.TextChoices):
    """Where an application stands on its path."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned for more information")
    REJECTED = "rejected", _("Rejected")
    DISBURSED = "disbursed", _("Disbursed")
    REPORTING = "reporting", _("Reporting")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


S = ApplicationStatus
# Statuses whose approved amount counts against the village allocation.
COMMITTED_STATUSES = frozenset({S.APPROVED, S.DISBURSED, S.REPORTING, S.CLOSED})
# Statuses that count as requested on the village board.
REQUESTED_STATUSES = frozenset(set(S) - {S.DRAFT, S.WITHDRAWN})
AWAITING_REVIEW_STATUSES = frozenset({S.SUBMITTED, S.UNDER_REVIEW})
del S


def applications_received() -> models.Count:
    """Applications received, over status-change rows: the distinct applications
    submitted in the rows' period. An application returned and submitted again
    counts once; the agenda's progress and the monthly report both count this way."""
    return models.Count(
        "application", distinct=True, filter=Q(to_status=ApplicationStatus.SUBMITTED)
    )


class FollowUpResult(models.TextChoices):
    """How a funded activity is doing at follow-up."""

    RUNNING = "running", _("Business running")
    STOPPED = "stopped", _("Stopped")
    OTHER = "other", _("Other")


class Application(NetworkOwned):
    """A person's request for a grant under a programme, followed from draft to close."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.RESTRICT,
        related_name="applications",
        verbose_name=_("programme"),
    )
    applicant = models.ForeignKey(
        "network.Person",
        on_delete=models.RESTRICT,
        related_name="welfare_applications",
        verbose_name=_("applicant"),
    )
    village = models.ForeignKey(
        "network.Village",
        on_delete=models.RESTRICT,
        related_name="welfare_applications",
        verbose_name=_("village"),
    )
    kind = models.CharField(_("grant kind"), max_length=20, choices=GrantKind.choices)
    purpose = models.TextField(_("purpose"), validators=[TextLimit(limits.TEXT)])
    requested_amount = money(_("requested amount"))
    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus.choices, default="draft"
    )
    approved_amount = money(_("approved amount"), null=True, blank=True)
    decision_reason = models.TextField(
        _("reason for the decision"), blank=True, validators=[TextLimit(limits.REASON)]
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    resolution = models.ForeignKey(
        "network.Resolution",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cited resolution"),
    )
    report_due = models.DateField(_("outcome report due"), null=True, blank=True)
    follow_up_result = models.CharField(
        _("follow-up result"), max_length=20, choices=FollowUpResult.choices, blank=True
    )
    follow_up_note = models.TextField(
        _("follow-up note"), blank=True, validators=[TextLimit(limits.TEXT)]
    )
    # Bumped by every change, so a form opened before another change is refused.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    history = audited_history()

    class Meta:
        verbose_name = _("welfare application")
        verbose_name_plural = _("welfare applications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(requested_amount__gt=0), name="welfare_application_requested_positive"
            ),
            models.CheckConstraint(
                condition=Q(approved_amount__isnull=True)
                | Q(approved_amount__gt=0, approved_amount__lte=models.F("requested_amount")),
                name="welfare_application_approved_within_request",
            ),
        ]
        indexes = [
            models.Index(
                fields=["network", "programme", "village", "status"],
                name="welfare_app_board_idx",
            ),
            models.Index(fields=["network", "status"], name="welfare_app_status_idx"),
            models.Index(fields=["network", "applicant"], name="welfare_app_applicant_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.applicant} – {self.get_kind_display()} {self.requested_amount}"

    def get_absolute_url(self) -> str:
        return reverse(
            "welfare:application_detail",
            kwargs={"network_slug": self.network.slug, "application_id": self.pk},
        )

    @property
    def is_editable(self) -> bool:
        """Whether the applicant's details may still change (before the committee has it)."""
        return self.status in (ApplicationStatus.DRAFT, ApplicationStatus.RETURNED)

    @property
    def has_grant(self) -> bool:
        """Whether an amount is approved (so a grant letter exists)."""
        return self.status in COMMITTED_STATUSES and self.approved_amount is not None

    def allowed_next_statuses(self) -> tuple[str, ...]:
        """The statuses this application may move to from its current one."""
        from core.workflow import workflow_of

        return workflow_of(self).next_statuses(self.status)

    def is_report_late(self, today: dt.date | None = None) -> bool:
        """Whether the outcome report is overdue and the application not yet closed."""
        today = today or timezone.localdate()
        return (
            self.report_due is not None
            and self.report_due < today
            and self.status in (ApplicationStatus.DISBURSED, ApplicationStatus.REPORTING)
        )


class StatusChange(StatusChangeRecord):
    """One step of an application: who moved it, when, from what to what, and why."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=20, choices=ApplicationStatus.choices)
    to_status = models.CharField(max_length=20, choices=ApplicationStatus.choices)
    # When the step was written, which differs from ``changed_at`` only for a step
    # dated back: a report of a closed month lists those as later corrections.
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    history = audited_history()

    class Meta:
        verbose_name = _("application status change")
        verbose_name_plural = _("application status changes")
        ordering = ["changed_at", "pk"]
        indexes = [
            models.Index(fields=["network", "application"], name="welfare_change_app_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.from_status} → {self.to_status}"


# Kept by this name for the migrations that refer to it.
attachment_path = NetworkFilePath("welfare")


class Attachment(NetworkOwned):
    """A supporting document of an application: a PDF or a photo, size-limited."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=NetworkFilePath("welfare"), max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    history = audited_history()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]
        indexes = [models.Index(fields=["network", "application"], name="welfare_attach_app_idx")]

    def __str__(self) -> str:
        return self.original_name


class Recommendation(models.TextChoices):
    """A committee member's recommendation on an application."""

    YES = "yes", _("Recommend")
    MAYBE = "maybe", _("Unsure")
    NO = "no", _("Do not recommend")


class Review(NetworkOwned):
    """One committee member's recommendation on one application, or their declared conflict."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    recommendation = models.CharField(
        _("recommendation"), max_length=10, choices=Recommendation.choices, blank=True
    )
    comment = models.TextField(_("comment"), blank=True, validators=[TextLimit(limits.TEXT)])
    conflict_declared = models.BooleanField(_("conflict of interest declared"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    history = audited_history()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "application", "reviewer"], name="welfare_review_unique_reviewer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer}: {self.recommendation or '-'}"


class DisbursementMethod(models.TextChoices):
    """How a grant was paid."""

    CASH = "cash", _("Cash")
    TRANSFER = "transfer", _("Bank transfer")
    CHEQUE = "cheque", _("Cheque")


class Disbursement(NetworkOwned):
    """A payment of (part of) an approved grant, with its receipt number."""

    application = models.ForeignKey(
        Application, on_delete=models.RESTRICT, related_name="disbursements"
    )
    date = models.DateField(_("date"))
    amount = money(_("amount"))
    method = models.CharField(_("method"), max_length=20, choices=DisbursementMethod.choices)
    receipt_number = models.CharField(_("receipt number"), max_length=50)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = audited_history()

    class Meta:
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")
        ordering = ["date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "receipt_number"], name="welfare_disbursement_unique_receipt"
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="welfare_disbursement_amount_positive"
            ),
        ]
        indexes = [
            models.Index(fields=["network", "application"], name="welfare_disb_app_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.receipt_number}: {self.amount}"


class CapacityStatus(models.TextChoices):
    """Where a capacity-building proposal stands."""

    CONSIDERING = "considering", _("Under consideration")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    DONE = "done", _("Done")


class CapacityProject(NetworkOwned):
    """A proposal to raise the sub-district's welfare capacity, with its objectives."""

    title = models.CharField(_("title"), max_length=300)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CapacityStatus.choices,
        default=CapacityStatus.CONSIDERING,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = audited_history()

    class Meta:
        verbose_name = _("capacity-building project")
        verbose_name_plural = _("capacity-building projects")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["network", "status"], name="welfare_capacity_status_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "welfare:capacity_detail",
            kwargs={"network_slug": self.network.slug, "project_id": self.pk},
        )


class CapacityStatusChange(StatusChangeRecord):
    """One step of a capacity-building proposal: who moved it, when, from what to what, and why."""

    project = models.ForeignKey(
        CapacityProject, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=20, choices=CapacityStatus.choices)
    to_status = models.CharField(max_length=20, choices=CapacityStatus.choices)

    class Meta:
        verbose_name = _("capacity project status change")
        verbose_name_plural = _("capacity project status changes")
        ordering = ["changed_at", "pk"]
        indexes = [
            models.Index(fields=["network", "project"], name="welfare_capchange_project_idx")
        ]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.from_status} → {self.to_status}"


class CapacityObjective(NetworkOwned):
    """One objective of a capacity-building project, in order."""

    project = models.ForeignKey(
        CapacityProject, on_delete=models.CASCADE, related_name="objectives"
    )
    position = models.PositiveSmallIntegerField(default=1)
    text = models.TextField(_("objective"), validators=[TextLimit(limits.TEXT)])

    history = audited_history()

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "project", "position"], name="welfare_objective_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]
