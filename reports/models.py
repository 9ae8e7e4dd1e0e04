"""The report archive, shared links and their downloads."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.files import NetworkFilePath
from core.tenancy import NetworkOwned

# The salt of shared-link tokens: a token signed for anything else never opens a report.
LINK_SALT = "reports.share-link"


def link_signer() -> signing.Signer:
    """The signer of shared-link tokens (the project's secret key, this salt)."""
    return signing.Signer(salt=LINK_SALT)


# Kept by this name for the migrations that refer to it.
report_file_path = NetworkFilePath("reports")


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Rendering")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class GeneratedReport(NetworkOwned):
    """One rendering of a report: kept unchanged, downloadable again, shareable.

    Regenerating the same kind and parameters makes a new version; the old file
    stays as it was, with the checksum taken when it was written.
    """

    kind = models.CharField(_("report"), max_length=50)
    params = models.JSONField(default=dict, blank=True)
    # The same kind and parameters, as one string: versions are counted per key.
    params_key = models.CharField(max_length=200)
    title = models.CharField(_("title"), max_length=300, blank=True)
    language = models.CharField(_("language"), max_length=5, default="th")
    version = models.PositiveIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    pdf = models.FileField(upload_to=NetworkFilePath("reports"), max_length=255, blank=True)
    xlsx = models.FileField(upload_to=NetworkFilePath("reports"), max_length=255, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    xlsx_sha256 = models.CharField(max_length=64, blank=True)
    pdf_size = models.PositiveIntegerField(default=0)
    pages = models.PositiveIntegerField(default=0)
    filename = models.CharField(max_length=200, blank=True)
    data_as_of = models.DateTimeField(_("data as of"), null=True, blank=True)
    shared_with_partners = models.BooleanField(_("shared with partners"), default=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("generated report")
        verbose_name_plural = _("generated reports")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "kind", "params_key", "language", "version"],
                name="reports_generated_unique_version",
            ),
        ]
        indexes = [
            models.Index(fields=["network", "-requested_at"], name="reports_generated_recent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title or self.kind} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse(
            "reports:detail", kwargs={"network_slug": self.network.slug, "report_id": self.pk}
        )

    @property
    def is_finished(self) -> bool:
        return self.status in (ReportStatus.DONE, ReportStatus.FAILED)


class ShareLink(NetworkOwned):
    """A signed link that opens one archived report without an account, until it
    expires or is revoked. The token in the URL is signed; this row says whether
    it still works."""

    report = models.ForeignKey(GeneratedReport, on_delete=models.CASCADE, related_name="links")
    label = models.CharField(
        _("for whom"),
        max_length=200,
        blank=True,
        help_text=_("Who the link is for, such as a partner's name."),
    )
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("shared link")
        verbose_name_plural = _("shared links")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["network", "report"], name="reports_link_report_idx")]

    def __str__(self) -> str:
        return f"{self.report} → {self.label or self.pk}"

    @property
    def token(self) -> str:
        """The signed token of the link's URL: it names the link and cannot be altered."""
        # No timestamp in it (the expiry is this row's): the same link, the same URL.
        payload = {"link": self.pk, "network": self.network_id}
        return link_signer().sign_object(payload)

    def is_active(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now


class LinkDownload(NetworkOwned):
    """One download through a shared link: when, and which link."""

    link = models.ForeignKey(ShareLink, on_delete=models.CASCADE, related_name="downloads")
    file_format = models.CharField(max_length=10, default="pdf")
    downloaded_at = models.DateTimeField(default=timezone.now)
    user_agent = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("download")
        verbose_name_plural = _("downloads")
        ordering = ["-downloaded_at", "-pk"]
        indexes = [models.Index(fields=["network", "link"], name="reports_download_link_idx")]

    def __str__(self) -> str:
        return f"{self.link_id} @ {self.downloaded_at:%Y-%m-%d %H:%M}"


class ReportSharing(NetworkOwned):
    """One change of whether partners may download a report: who, when, shared or not."""

    report = models.ForeignKey(GeneratedReport, on_delete=models.CASCADE, related_name="sharings")
    shared = models.BooleanField(_("shared with partners"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("report sharing change")
        verbose_name_plural = _("report sharing changes")
        ordering = ["changed_at", "pk"]
        indexes = [models.Index(fields=["network", "report"], name="reports_sharing_report_idx")]

    def __str__(self) -> str:
        return f"{self.report_id}: {'shared' if self.shared else 'not shared'}"
