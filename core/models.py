"""Core's own tables: spreadsheet import jobs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.files import NetworkFilePath
from core.tenancy import NetworkOwned

# Kept by this name for the migrations that refer to it.
import_file_path = NetworkFilePath("imports")


class ImportJob(NetworkOwned):
    """One uploaded spreadsheet: previewed by a dry run, then imported at most once."""

    class Status(models.TextChoices):
        READY = "ready", _("Ready to import")
        INVALID = "invalid", _("Has errors")
        IMPORTED = "imported", _("Imported")
        DISCARDED = "discarded", _("Discarded")

    kind = models.CharField(_("kind"), max_length=50)
    file = models.FileField(
        _("file"), upload_to=NetworkFilePath("imports"), max_length=255, blank=True
    )
    original_name = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(_("format"), max_length=10)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.READY
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    total_rows = models.PositiveIntegerField(default=0)
    new_rows = models.PositiveIntegerField(default=0)
    updated_rows = models.PositiveIntegerField(default=0)
    unchanged_rows = models.PositiveIntegerField(default=0)
    error_rows = models.PositiveIntegerField(default=0)
    # The dry run's findings: columns, every row with errors, a sample of valid rows.
    preview = models.JSONField(default=dict, blank=True)
    imported_at = models.DateTimeField(_("imported"), null=True, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["network", "kind", "-created_at"], name="importjob_kind_idx")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.original_name}"

    @property
    def can_commit(self) -> bool:
        return self.status == self.Status.READY
