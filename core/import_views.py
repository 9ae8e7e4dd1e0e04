"""Pages of the import/export pipeline, for every registered kind, under /n/<network>/.

The permission depends on the kind (importing people needs ``edit_people``,
exporting them ``view_people``), so ``network_view`` only scopes these views to
the network and each view checks the kind's permission (403).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from core.downloads import download_response
from core.htmx import render_page
from core.imports import services
from core.imports.files import size_text
from core.imports.forms import UploadForm
from core.imports.registry import ImportKind, get_kind
from core.models import ImportJob
from core.tenancy import NetworkRequest, network_view, require_perm

ERRORS_PER_PAGE = 50
# Room for the multipart envelope around a file of the largest allowed size.
MULTIPART_OVERHEAD = 64 * 1024


def _kind(request: NetworkRequest, key: str, perm_of: str) -> ImportKind:
    """The kind named in the URL (404 if none), if the member holds its permission (403)."""
    kind = get_kind(key)
    if kind is None:
        raise Http404
    require_perm(request.membership, getattr(kind, perm_of))
    return kind


def _job(request: NetworkRequest, job_id: int) -> tuple[ImportJob, ImportKind]:
    """One of this network's jobs, if the member may import its kind."""
    job = get_object_or_404(
        ImportJob.objects.for_network(request.network).select_related("uploaded_by"), pk=job_id
    )
    return job, _kind(request, job.kind, "edit_perm")


def _job_url(request: NetworkRequest, job: ImportJob) -> str:
    return reverse("imports:job", kwargs={"network_slug": request.network.slug, "job_id": job.pk})


def _call(value: Any) -> Any:
    return value() if callable(value) else value


def _columns(kind: ImportKind, resource: Any) -> list[dict[str, Any]]:
    return [
        {
            "name": column,
            "required": column in resource.required_columns,
            "help": _call(resource.column_help.get(column, "")),
            "example": kind.example.get(column, ""),
        }
        for column in resource.columns()
    ]


def _body_too_large(request: NetworkRequest) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > settings.IMPORT_MAX_FILE_BYTES + MULTIPART_OVERHEAD


# The body of an upload is checked for size before anything reads it, so CSRF (which
# reads the form) is checked by ``_upload`` once the size is known to be allowed.
@csrf_exempt
@network_view()
def import_upload(request: NetworkRequest, kind: str) -> HttpResponse:
    """Choose a file to import: the template, the columns explained, the upload form."""
    import_kind = _kind(request, kind, "edit_perm")
    if request.method == "POST" and _body_too_large(request):
        form = UploadForm(resource=None)
        form.cleaned_data = {}
        form.add_error(
            None,
            _("This file is larger than the limit of %(limit)s. Split it into smaller files.")
            % {"limit": size_text(settings.IMPORT_MAX_FILE_BYTES)},
        )
        return _upload_page(request, import_kind, form)
    return _upload(request, import_kind)


@csrf_protect
def _upload(request: NetworkRequest, kind: ImportKind) -> HttpResponse:
    resource = kind.resource(network=request.network, membership=request.membership)
    form = UploadForm(request.POST or None, request.FILES or None, resource=resource)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        assert form.table is not None  # set by a valid form's clean_file()
        job = services.start_import(
            network=request.network,
            kind=kind,
            user=request.user,
            membership=request.membership,
            name=upload.name,
            data=form.content,
            table=form.table,
        )
        return redirect(_job_url(request, job))
    return _upload_page(request, kind, form)


def _upload_page(request: NetworkRequest, kind: ImportKind, form: UploadForm) -> HttpResponse:
    resource = kind.resource(network=request.network, membership=request.membership)
    recent = (
        ImportJob.objects.for_network(request.network)
        .filter(kind=kind.key)
        .select_related("uploaded_by")
        .defer("preview")[:5]
    )
    context = {
        "kind": kind,
        "form": form,
        "columns": _columns(kind, resource),
        "recent": recent,
        "max_size": size_text(settings.IMPORT_MAX_FILE_BYTES),
        "max_rows": settings.IMPORT_MAX_ROWS,
    }
    return render_page(request, "core/import_upload.html", context)


def _error_row(entry: dict[str, Any], headers: list[str]) -> dict[str, Any]:
    """A row with errors as the page shows it: each value with its column's errors."""
    by_column: dict[str, list[str]] = {}
    general = []
    for column, message in entry["messages"]:
        if column in headers:
            by_column.setdefault(column, []).append(message)
        else:
            general.append(f"{column}: {message}" if column else message)
    return {
        "line": entry["line"],
        "general": general,
        "cells": [
            {"column": column, "value": value, "errors": by_column.get(column, [])}
            for column, value in zip(headers, entry["values"], strict=False)
        ],
    }


@network_view()
def import_job(request: NetworkRequest, job_id: int) -> HttpResponse:
    """A job: its preview (counts, every row with errors, a sample) or its result."""
    job, kind = _job(request, job_id)
    preview = job.preview or {}
    headers = preview.get("headers", [])
    page = Paginator(preview.get("errors", []), ERRORS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "job": job,
        "kind": kind,
        "headers": headers,
        "page": page,
        "error_rows": [_error_row(entry, headers) for entry in page.object_list],
        "sample": [
            {**row, "cells": list(zip(headers, row["values"], strict=False))}
            for row in preview.get("sample", [])
        ],
        "base_errors": preview.get("base_errors", []),
        "to_write": job.new_rows + job.updated_rows,
    }
    template = (
        "core/import_result.html"
        if job.status == ImportJob.Status.IMPORTED
        else "core/import_preview.html"
    )
    return render_page(request, template, context, partials=["results"])


@network_view()
@require_POST
def import_commit(request: NetworkRequest, job_id: int) -> HttpResponse:
    """Import a previewed file for real: all its rows or none, once."""
    job, _unused = _job(request, job_id)
    try:
        outcome = services.commit_import(job=job, user=request.user, membership=request.membership)
    except services.NotReady:
        messages.warning(request, _("This file cannot be imported (again): see its status."))
        return redirect(_job_url(request, job))
    if outcome.imported:
        count = outcome.job.new_rows + outcome.job.updated_rows
        messages.success(
            request,
            ngettext("Imported: %(count)s row saved.", "Imported: %(count)s rows saved.", count)
            % {"count": f"{count:,}"},
        )
    else:
        messages.error(
            request,
            _(
                "Nothing was imported: the rows no longer pass the checks (the data may have "
                "changed since the preview). See the errors below."
            ),
        )
    return redirect(_job_url(request, job))


@network_view()
@require_POST
def import_discard(request: NetworkRequest, job_id: int) -> HttpResponse:
    """Drop a file that will not be imported; its copy on the server is deleted."""
    job, kind = _job(request, job_id)
    try:
        services.discard_import(job=job)
    except services.NotReady:
        messages.warning(request, _("An imported file cannot be discarded."))
        return redirect(_job_url(request, job))
    messages.success(request, _("The file was discarded; nothing was imported."))
    return redirect("imports:upload", network_slug=request.network.slug, kind=kind.key)


@network_view()
def import_template(request: NetworkRequest, kind: str, file_format: str) -> HttpResponse:
    """The kind's template: Thai headers and one example row."""
    import_kind = _kind(request, kind, "edit_perm")
    content = services.template_file(
        kind=import_kind, network=request.network, file_format=file_format
    )
    return download_response(content, file_format, f"{import_kind.key}-template.{file_format}")


@network_view()
def export(request: NetworkRequest, kind: str, file_format: str) -> HttpResponse:
    """The network's rows of a kind, in the template's columns, formula cells escaped."""
    import_kind = _kind(request, kind, "view_perm")
    content = services.export_file(
        kind=import_kind,
        network=request.network,
        membership=request.membership,
        file_format=file_format,
    )
    filename = f"{request.network.slug}-{import_kind.key}-{timezone.localdate()}.{file_format}"
    return download_response(content, file_format, filename)
