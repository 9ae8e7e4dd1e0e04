"""Rendering, archiving and sharing reports.

A render is requested (a ``GeneratedReport`` row, queued) and runs as a
background task (``reports.tasks``) that reports its progress on the row. The
files it writes are never changed again: their SHA-256 is kept, and a new render
of the same report is a new version. A shared link is a signed token for one
archived report, refused once expired or revoked; each download through it is
recorded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.deadline import RenderTimeout, check_deadline, time_limit
from core.imports.files import Sheet, write_workbook
from core.reporting import ReportKind, Table, get_report_kind
from core.types import Actor
from network.models import Network
from reports.models import (
    GeneratedReport,
    LinkDownload,
    ReportSharing,
    ReportStatus,
    ShareLink,
    link_signer,
)

LANGUAGES = ("th", "en")


def params_key(params: Mapping[str, Any]) -> str:
    """The parameters as one stable string: versions are counted per kind and key."""
    return json.dumps(dict(params), sort_keys=True, ensure_ascii=True, default=str)[:200]


def kind_or_error(key: str) -> ReportKind:
    """The registered kind, or a clear refusal."""
    kind = get_report_kind(key)
    if kind is None:
        raise ValidationError(_("There is no report called “%(kind)s”.") % {"kind": key})
    return kind


def parse_params(kind: ReportKind, network: Network, raw: Mapping[str, str]) -> dict[str, Any]:
    """Clean parameters for a kind, or a ``ValidationError`` saying what is wrong."""
    try:
        return kind.parse(network, raw)
    except ValueError as error:
        raise ValidationError(str(error), code="params") from error


@transaction.atomic
def request_render(
    *,
    network: Network,
    kind: ReportKind,
    params: Mapping[str, Any],
    language: str = "th",
    actor: Actor | None = None,
    shared_with_partners: bool = False,
) -> GeneratedReport:
    """Queue a new version of a report; the background task renders it."""
    if language not in LANGUAGES:
        raise ValidationError(_("Choose Thai or English."), code="language")
    key = params_key(params)
    # Lock the network's row: two requests for the same report get versions n and n+1.
    Network.objects.select_for_update().get(pk=network.pk)
    latest = GeneratedReport.objects.filter(
        network=network, kind=kind.key, params_key=key, language=language
    ).aggregate(latest=Max("version"))["latest"]
    report = GeneratedReport.objects.create(
        network=network,
        kind=kind.key,
        params=dict(params),
        params_key=key,
        title=kind.describe(network, params),
        language=language,
        version=(latest or 0) + 1,
        requested_by=actor,
        shared_with_partners=shared_with_partners,
    )
    if shared_with_partners:
        ReportSharing.objects.create(network=network, report=report, shared=True, changed_by=actor)
    transaction.on_commit(lambda: _enqueue(report))
    return report


@transaction.atomic
def request_render_once(
    *,
    network: Network,
    kind: ReportKind,
    params: Mapping[str, Any],
    language: str = "th",
    actor: Actor | None = None,
) -> GeneratedReport:
    """The render of these parameters already waiting or running, else a new one queued:
    many people asking at once for one large PDF start one render, not one each."""
    Network.objects.select_for_update().get(pk=network.pk)
    waiting = (
        GeneratedReport.objects.filter(
            network=network,
            kind=kind.key,
            params_key=params_key(params),
            language=language,
            status__in=[ReportStatus.QUEUED, ReportStatus.RUNNING],
        )
        .order_by("-version")
        .first()
    )
    if waiting is not None:
        return waiting
    return request_render(network=network, kind=kind, params=params, language=language, actor=actor)


def _enqueue(report: GeneratedReport) -> None:
    from reports.tasks import render_report_task

    result = render_report_task.enqueue(report.pk)
    GeneratedReport.objects.filter(pk=report.pk).update(task_id=str(result.id)[:64])


def _set_progress(report: GeneratedReport, percent: int, step: str) -> None:
    GeneratedReport.objects.filter(pk=report.pk).update(progress=min(percent, 99), step=step[:200])


def run_render(report_id: int) -> GeneratedReport:
    """Render a queued report, store its files and checksums; the task's body.

    Any failure, the time limit included, leaves the row failed with a message
    for the page, and no file. The limit (``core.deadline``) is checked at each
    progress step and at each of WeasyPrint's steps, and in the worker's main
    thread an alarm also stops WeasyPrint in the middle of a step.
    """
    report = GeneratedReport.objects.select_related("network").get(pk=report_id)
    if report.is_finished:
        return report
    kind = get_report_kind(report.kind)
    limit = settings.REPORT_RENDER_SECONDS
    GeneratedReport.objects.filter(pk=report.pk).update(
        status=ReportStatus.RUNNING, started_at=timezone.now(), progress=1
    )

    def progress(percent: int, step: str) -> None:
        check_deadline()
        _set_progress(report, percent, step)

    try:
        if kind is None:
            raise ValidationError(_("This kind of report no longer exists."))
        with translation.override(report.language), time_limit(limit):
            rendered = kind.render(report.network, report.params, report.language, progress)
            progress(90, _("Writing the spreadsheet"))
            workbook = tables_xlsx(rendered.tables)
    except RenderTimeout:
        return _fail(
            report,
            _("The report took longer than %(seconds)s seconds and was stopped.")
            % {"seconds": limit},
        )
    except Exception as error:
        message = " ".join(getattr(error, "messages", [])) or _(
            "The report could not be made: %(error)s"
        ) % {"error": error.__class__.__name__}
        return _fail(report, message)
    return _store(report, rendered, workbook)


def _fail(report: GeneratedReport, message: str) -> GeneratedReport:
    GeneratedReport.objects.filter(pk=report.pk).update(
        status=ReportStatus.FAILED, error=message, finished_at=timezone.now()
    )
    report.refresh_from_db()
    return report


def _store(report: GeneratedReport, rendered: Any, workbook: bytes | None) -> GeneratedReport:
    report.pdf.save(f"{rendered.filename}.pdf", ContentFile(rendered.pdf), save=False)
    report.pdf_sha256 = hashlib.sha256(rendered.pdf).hexdigest()
    report.pdf_size = len(rendered.pdf)
    if workbook:
        report.xlsx.save(f"{rendered.filename}.xlsx", ContentFile(workbook), save=False)
        report.xlsx_sha256 = hashlib.sha256(workbook).hexdigest()
    report.filename = rendered.filename
    report.title = rendered.title or report.title
    report.pages = rendered.pages
    report.data_as_of = rendered.data_as_of
    report.status = ReportStatus.DONE
    report.progress = 100
    report.step = ""
    report.finished_at = timezone.now()
    report.save()
    return report


def tables_xlsx(tables: Sequence[Table]) -> bytes | None:
    """The report's tables as a workbook, a sheet each; none for a report without tables."""
    if not tables:
        return None
    return write_workbook(
        Sheet(
            title=table.title,
            headers=list(table.headers),
            rows=table.rows,
            amount_columns=[table.headers[i] for i in table.number_columns],
        )
        for table in tables
    )


def stored_file(report: GeneratedReport, file_format: str) -> bytes:
    """The archived file, exactly as written, after checking it against its checksum."""
    field, checksum = (
        (report.pdf, report.pdf_sha256)
        if file_format == "pdf"
        else (report.xlsx, report.xlsx_sha256)
    )
    if not field:
        raise FileNotFoundError(file_format)
    with field.open("rb") as handle:
        content = handle.read()
    if hashlib.sha256(content).hexdigest() != checksum:
        raise ValidationError(
            _("The archived file no longer matches its checksum: render the report again."),
            code="checksum",
        )
    return content


# Sharing with the network's partner users, and shared links


@transaction.atomic
def set_shared_with_partners(
    *, report: GeneratedReport, shared: bool, actor: Actor | None
) -> GeneratedReport:
    """Share a report with the network's partner users, or stop; each change is recorded.

    Only this one column is written (the render task may be saving its progress on
    the same row), on the locked row, with a history row of who and when.
    """
    locked = GeneratedReport.objects.select_for_update().get(pk=report.pk, network=report.network)
    if locked.shared_with_partners != shared:
        locked.shared_with_partners = shared
        locked.save(update_fields=["shared_with_partners"])
        ReportSharing.objects.create(
            network=locked.network, report=locked, shared=shared, changed_by=actor
        )
    report.shared_with_partners = shared
    return report


@transaction.atomic
def create_link(
    *,
    report: GeneratedReport,
    expires_on: dt.date,
    label: str = "",
    actor: Actor | None = None,
) -> ShareLink:
    """A link to an archived report, valid until the end of ``expires_on`` (Thai time)."""
    if report.status != ReportStatus.DONE:
        raise ValidationError(_("Only a finished report can be shared."), code="not_ready")
    if expires_on < timezone.localdate():
        raise ValidationError(_("The expiry date has already passed."), code="expired")
    expires_at = timezone.make_aware(dt.datetime.combine(expires_on, dt.time.max))
    return ShareLink.objects.create(
        network=report.network,
        report=report,
        label=label.strip(),
        expires_at=expires_at,
        created_by=actor,
    )


@transaction.atomic
def revoke_link(*, link: ShareLink, actor: Actor | None) -> ShareLink:
    """Stop a link from working, at once and for good."""
    locked = ShareLink.objects.select_for_update().get(pk=link.pk, network=link.network)
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.revoked_by = actor
        locked.save(update_fields=["revoked_at", "revoked_by"])
    link.refresh_from_db()
    return link


class LinkRefused(Exception):
    """A link that does not open: its reason is for the visitor's page."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


def open_link(token: str) -> ShareLink:
    """The link a token names, if it still works; otherwise ``LinkRefused``."""
    try:
        data = link_signer().unsign_object(token)
        link = ShareLink.objects.select_related("report__network").get(
            pk=data["link"], network_id=data["network"]
        )
    except (signing.BadSignature, KeyError, TypeError, ShareLink.DoesNotExist):
        raise LinkRefused(
            "invalid", _("This link is not valid. Check that it was copied whole.")
        ) from None
    if link.revoked_at is not None:
        raise LinkRefused(
            "revoked", _("This link was withdrawn by the network. Ask them for a new one.")
        )
    if link.expires_at <= timezone.now():
        raise LinkRefused("expired", _("This link has expired. Ask the network for a new one."))
    return link


def record_download(link: ShareLink, *, file_format: str, user_agent: str = "") -> LinkDownload:
    """Note a download through a link."""
    return LinkDownload.objects.create(
        network_id=link.network_id,
        link=link,
        file_format=file_format,
        user_agent=user_agent[:300],
    )
