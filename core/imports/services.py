"""Import and export, as the views (and anything else) call them.

An import is two steps over the same stored file. ``start_import`` keeps the file
in an ``ImportJob`` and previews it with a dry run that writes nothing (the
resource skips every write), recording counts and every row's errors.
``commit_import`` locks the job, runs the import for real in one transaction under
``audit_context(source="import:<kind>")``, and keeps nothing unless every row is
valid; a job is imported at most once.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_context
from core.imports.files import (
    CSV,
    ImportFileError,
    Table,
    read_table,
    write_csv,
    write_xlsx,
)
from core.imports.registry import ImportKind, get_kind
from core.models import ImportJob

logger = logging.getLogger(__name__)

SAMPLE_SIZE = 10


def run(resource: Any, table: Table, *, dry_run: bool) -> tuple[Any, Any]:
    """Import a table through a resource: (dataset, result); nothing kept unless all rows pass."""
    dataset = resource.dataset_from(table)
    result = resource.import_data(
        dataset,
        dry_run=dry_run,
        use_transactions=True,
        rollback_on_validation_errors=True,
        raise_errors=False,
    )
    return dataset, result


def summarize(resource: Any, dataset: Any, result: Any) -> dict[str, Any]:
    """What a person needs to see of a run: counts, every row with errors, a sample."""
    problems: dict[int, list[list[str]]] = {}
    for invalid in result.invalid_rows:
        messages = problems.setdefault(invalid.number, [])
        for key, texts in invalid.error_dict.items():
            column = "" if key == NON_FIELD_ERRORS else resource.column_for(key)
            messages.extend([column, str(text)] for text in texts)
    for number, errors in result.row_errors():
        for error in errors:
            logger.warning("Import row %s failed: %r", number, error.error)
            problems.setdefault(number, []).append(
                [
                    "",
                    _("This row could not be read (%(error)s).")
                    % {"error": type(error.error).__name__},
                ]
            )
    base_errors = []
    for error in result.base_errors:
        logger.warning("Import failed: %r", error.error)
        base_errors.append(
            _(
                "The database refused the rows (%(error)s), so nothing was imported. "
                "Another person may have changed the same rows meanwhile: upload the file again."
            )
            % {"error": type(error.error).__name__}
        )
    sample: list[dict[str, Any]] = []
    for number, row_result in enumerate(result.rows, start=1):
        if len(sample) >= SAMPLE_SIZE:
            break
        if row_result.is_valid():
            sample.append(
                {
                    "line": resource.line_of(number),
                    "values": list(dataset[number - 1]),
                    "action": row_result.import_type,
                }
            )
    totals = result.totals
    return {
        "total_rows": len(dataset),
        "new_rows": totals["new"],
        "updated_rows": totals["update"],
        "unchanged_rows": totals["skip"],
        "error_rows": len(problems),
        "preview": {
            "headers": list(dataset.headers),
            "errors": [
                {
                    "line": resource.line_of(number),
                    "values": list(dataset[number - 1]),
                    "messages": messages,
                }
                for number, messages in sorted(problems.items())
            ],
            "sample": sample,
            "base_errors": base_errors,
        },
    }


def _apply(job: ImportJob, summary: dict[str, Any]) -> None:
    for name, value in summary.items():
        setattr(job, name, value)


def _failed(result: Any) -> bool:
    return result.has_errors() or result.has_validation_errors()


def start_import(
    *,
    network: Any,
    kind: ImportKind,
    user: Any,
    membership: Any,
    name: str,
    data: bytes,
    table: Table,
) -> ImportJob:
    """Keep an uploaded file and preview it: a dry run that writes no row."""
    resource = kind.resource(network=network, user=user, membership=membership)
    dataset, result = run(resource, table, dry_run=True)
    job = ImportJob(
        network=network,
        kind=kind.key,
        original_name=name[:255],
        file_format=table.file_format,
        uploaded_by=user,
    )
    _apply(job, summarize(resource, dataset, result))
    job.status = ImportJob.Status.INVALID if _failed(result) else ImportJob.Status.READY
    job.file.save(name, ContentFile(data), save=False)
    job.save()
    return job


class NotReady(Exception):
    """The job was imported, discarded or has errors: it cannot be imported now."""


@dataclasses.dataclass
class CommitOutcome:
    job: ImportJob
    imported: bool


def commit_import(*, job: ImportJob, user: Any, membership: Any) -> CommitOutcome:
    """Import a previewed job for real: every row or none, and only once.

    The job row is locked (on PostgreSQL; SQLite's write transaction serialises),
    so two confirmations at once import the file once.
    """
    kind = get_kind(job.kind)
    if kind is None:
        raise NotReady
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk, network=job.network)
        if locked.status != ImportJob.Status.READY:
            raise NotReady
        resource = kind.resource(network=locked.network, user=user, membership=membership)
        try:
            with locked.file.open("rb") as stream:
                data = stream.read()
            table = read_table(data, name=locked.original_name)
            with audit_context(source=f"import:{kind.key}", user=user):
                dataset, result = run(resource, table, dry_run=False)
        except (ImportFileError, OSError) as error:
            message = getattr(error, "message", "") or _("The uploaded file is no longer there.")
            locked.status = ImportJob.Status.INVALID
            locked.preview = {**locked.preview, "base_errors": [message]}
            locked.save(update_fields=["status", "preview"])
            return CommitOutcome(locked, imported=False)
        _apply(locked, summarize(resource, dataset, result))
        if _failed(result):
            # import_data has rolled its rows back; only the job's new findings stay.
            locked.status = ImportJob.Status.INVALID
        else:
            locked.status = ImportJob.Status.IMPORTED
            locked.imported_at = timezone.now()
            locked.imported_by = user
        locked.save()
    return CommitOutcome(locked, imported=locked.status == ImportJob.Status.IMPORTED)


def discard_import(*, job: ImportJob) -> None:
    """Forget a job that will not be imported, and delete its file."""
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk, network=job.network)
        if locked.status == ImportJob.Status.IMPORTED:
            raise NotReady
        if locked.file:
            locked.file.delete(save=False)
        locked.status = ImportJob.Status.DISCARDED
        locked.save(update_fields=["status", "file"])


def _file(headers: list[str], rows: Any, *, file_format: str, title: str, text: Any) -> bytes:
    if file_format == CSV:
        return write_csv(headers, rows)
    return write_xlsx(headers, rows, title=title, text_columns=text)


def export_file(*, kind: ImportKind, network: Any, membership: Any, file_format: str) -> bytes:
    """The network's rows of a kind in the template's columns, safe to open in Excel."""
    resource = kind.resource(network=network, membership=membership)
    dataset = resource.export(resource.export_queryset())
    return _file(
        list(dataset.headers),
        dataset,
        file_format=file_format,
        title=str(kind.label),
        text=resource.text_columns,
    )


def template_file(*, kind: ImportKind, network: Any, file_format: str) -> bytes:
    """An empty file with the kind's Thai headers and one example row."""
    resource = kind.resource(network=network)
    headers = resource.columns()
    return _file(
        headers,
        [[kind.example.get(column, "") for column in headers]],
        file_format=file_format,
        title=str(kind.label),
        text=resource.text_columns,
    )
