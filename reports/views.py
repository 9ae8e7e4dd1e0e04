"""Pages of the reports app: the reports page of a network, one report with its
progress, files and links, and the public page a shared link opens.

A member sees the archived reports of the kinds their role may see; a partner
sees only the finished reports shared with partners, and no other page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.downloads import download_response
from core.htmx import render_page, render_refusal
from core.nesting import Nested, get_nested
from core.pagination import paginate
from core.pdf import pdf_response
from core.reporting import ReportKind, get_report_kind, report_kinds
from core.roles import HIDDEN_REFUSAL_ROLES, MATRIX, Role
from core.tenancy import NetworkRequest, network_view
from reports import services
from reports.forms import LinkForm, RequestForm
from reports.models import GeneratedReport, ReportStatus, ShareLink
from reports.permissions import ReportPerm


def _partner_only(request: NetworkRequest) -> bool:
    """Whether the member reads only what is shared with partners."""
    return request.membership.role in HIDDEN_REFUSAL_ROLES


def _visible_kinds(request: NetworkRequest) -> list[ReportKind]:
    return [kind for kind in report_kinds() if request.membership.can(kind.perm)]


def _visible_reports(request: NetworkRequest) -> QuerySet[GeneratedReport]:
    """The archived reports this member may see."""
    reports = GeneratedReport.objects.for_network(request.network).select_related("requested_by")
    if _partner_only(request):
        return reports.filter(shared_with_partners=True, status=ReportStatus.DONE)
    return reports.filter(kind__in=[kind.key for kind in _visible_kinds(request)])


def _report(request: NetworkRequest, report_id: int) -> GeneratedReport:
    report = get_object_or_404(_visible_reports(request), pk=report_id)
    report.network = request.network
    return report


def _kind_rows(request: NetworkRequest, refused: Any = None) -> list[dict[str, Any]]:
    """Each kind with who may see it, and a form to make it for those who may
    (the ``refused`` form, bound, for its own kind)."""
    can_make = request.membership.can(ReportPerm.MAKE_REPORTS)
    rows = []
    for kind in _visible_kinds(request):
        if not kind.listed:
            continue
        rows.append(
            {
                "kind": kind,
                "roles": [role.label for role in Role if kind.perm in MATRIX[role]],
                "form": refused
                if refused is not None and refused.kind == kind
                else RequestForm(kind=kind, network=request.network, membership=request.membership)
                if can_make
                else None,
            }
        )
    return rows


@network_view(ReportPerm.VIEW_REPORTS)
def report_list(request: NetworkRequest) -> HttpResponse:
    """The network's reports: what can be made, by whom it may be seen, and the archive."""
    return render_page(
        request, "reports/report_list.html", _list_context(request), partials=["archive"]
    )


def _list_context(request: NetworkRequest, refused: Any = None) -> dict[str, Any]:
    reports = (
        _visible_reports(request)
        .annotate(link_count=Count("links", filter=Q(links__revoked_at=None)))
        .order_by("-requested_at", "-pk")
    )
    context = {
        "page": paginate(request, reports),
        "kinds": [] if _partner_only(request) else _kind_rows(request, refused),
        "partner_only": _partner_only(request),
    }
    return context


@network_view(ReportPerm.MAKE_REPORTS)
@require_POST
def report_request(request: NetworkRequest, kind: str) -> HttpResponse:
    """Queue a new version of a report; its page shows the render's progress."""
    report_kind = get_report_kind(kind)
    if report_kind is None or not request.membership.can(report_kind.perm):
        raise Http404
    form = RequestForm(
        request.POST, kind=report_kind, network=request.network, membership=request.membership
    )
    if form.is_valid():
        try:
            params = services.parse_params(report_kind, request.network, form.raw_params())
            report = services.request_render(
                network=request.network,
                kind=report_kind,
                params=params,
                language=form.cleaned_data["language"],
                actor=request.user,
                shared_with_partners=form.cleaned_data.get("shared_with_partners", False),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The report is being made: %(title)s") % {"title": report})
            return redirect(report)
    return render_refusal(request, "reports/report_list.html", _list_context(request, form))


def render_in_background(
    request: NetworkRequest, kind: str, params: Mapping[str, Any]
) -> HttpResponse:
    """A PDF too large for its request (core.pdf.budget), made by the background
    worker: the answer is the report's page with its progress bar, at once."""
    report_kind = get_report_kind(kind)
    if report_kind is None or not request.membership.can(report_kind.perm):
        raise Http404
    language = "en" if (translation.get_language() or "th").startswith("en") else "th"
    report = services.request_render_once(
        network=request.network,
        kind=report_kind,
        params=params,
        language=language,
        actor=request.user,
    )
    messages.info(
        request,
        _("This document is large, so it is being made in the background: %(title)s")
        % {"title": report},
    )
    return redirect(report)


def _detail_context(request: NetworkRequest, report: GeneratedReport) -> dict[str, Any]:
    context: dict[str, Any] = {"report": report, "partner_only": _partner_only(request)}
    if _partner_only(request):
        return context
    context["versions"] = (
        GeneratedReport.objects.for_network(request.network)
        .filter(kind=report.kind, params_key=report.params_key, language=report.language)
        .order_by("-version")
    )
    if request.membership.can(ReportPerm.SHARE_REPORTS):
        context["links"] = report.links.annotate(download_count=Count("downloads")).select_related(
            "created_by", "revoked_by"
        )
        context["sharings"] = report.sharings.select_related("changed_by")
        context["link_form"] = LinkForm(
            initial={
                "expires_on": timezone.localdate() + dt.timedelta(days=settings.REPORT_LINK_DAYS)
            }
        )
    return context


@network_view(ReportPerm.VIEW_REPORTS)
def report_detail(request: NetworkRequest, report_id: int) -> HttpResponse:
    """One report: its progress while it renders, then its files, versions and links."""
    report = _report(request, report_id)
    return render_page(
        request, "reports/report_detail.html", _detail_context(request, report), partials=["status"]
    )


@never_cache
@network_view(ReportPerm.VIEW_REPORTS)
def report_status(request: NetworkRequest, report_id: int) -> HttpResponse:
    """The progress part of a report's page, polled while the report renders."""
    report = _report(request, report_id)
    response = render(request, "reports/report_detail.html#status", {"report": report})
    if report.is_finished and not _partner_only(request):
        # Done: reload the page once, so that its sharing and versions show the result.
        response["HX-Refresh"] = "true"
    return response


def _download(request: HttpRequest, report: GeneratedReport, file_format: str) -> HttpResponse:
    if report.status != ReportStatus.DONE:
        raise Http404
    try:
        content = services.stored_file(report, file_format)
    except FileNotFoundError:
        raise Http404 from None
    except ValidationError as error:
        # Never serve a file that is not what was archived.
        return render(
            request,
            "reports/shared_refused.html",
            {"message": " ".join(error.messages)},
            status=409,
        )
    name = f"{report.filename}-v{report.version}"
    if file_format == "pdf":
        return pdf_response(content, f"{name}.pdf", inline=False)
    return download_response(content, "xlsx", f"{name}.xlsx")


@network_view(ReportPerm.VIEW_REPORTS)
def report_pdf(request: NetworkRequest, report_id: int) -> HttpResponse:
    """The archived PDF, byte for byte as it was written."""
    return _download(request, _report(request, report_id), "pdf")


@network_view(ReportPerm.VIEW_REPORTS)
def report_xlsx(request: NetworkRequest, report_id: int) -> HttpResponse:
    """The report's tables as a spreadsheet (its Excel companion)."""
    return _download(request, _report(request, report_id), "xlsx")


@network_view(ReportPerm.SHARE_REPORTS)
@require_POST
def report_share(request: NetworkRequest, report_id: int) -> HttpResponse:
    """Share a report with the network's partner users, or stop sharing it."""
    report = _report(request, report_id)
    shared = request.POST.get("shared") == "1"
    services.set_shared_with_partners(report=report, shared=shared, actor=request.user)
    if shared:
        messages.success(request, _("Partners of the network can now download this report."))
    else:
        messages.success(request, _("This report is no longer shared with partners."))
    return redirect(report)


@network_view(ReportPerm.SHARE_REPORTS)
@require_POST
def link_create(request: NetworkRequest, report_id: int) -> HttpResponse:
    """A signed link that opens this report without an account, until it expires."""
    report = _report(request, report_id)
    form = LinkForm(request.POST)
    if form.is_valid():
        try:
            link = services.create_link(
                report=report,
                expires_on=form.cleaned_data["expires_on"],
                label=form.cleaned_data["label"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Link made: copy it from the list below."))
            return redirect(f"{report.get_absolute_url()}#link-{link.pk}")
    context = {**_detail_context(request, report), "link_form": form}
    return render_refusal(request, "reports/report_detail.html", context)


@network_view(ReportPerm.SHARE_REPORTS)
@require_POST
def link_revoke(request: NetworkRequest, report_id: int, link_id: int) -> HttpResponse:
    """Stop a link from working."""
    report, link = get_nested(
        request.network,
        Nested(_visible_reports(request), report_id),
        Nested(ShareLink.objects.all(), link_id, parent="report"),
    )
    report.network = request.network
    services.revoke_link(link=link, actor=request.user)
    messages.success(request, _("The link no longer works."))
    return redirect(report)


# The public page of a shared link (no account)


def _shared(request: HttpRequest, token: str) -> ShareLink | HttpResponse:
    try:
        return services.open_link(token)
    except services.LinkRefused as refused:
        status = 404 if refused.reason == "invalid" else 410
        return render(
            request,
            "reports/shared_refused.html",
            {"message": refused.message, "reason": refused.reason},
            status=status,
        )


@never_cache
def shared_report(request: HttpRequest, token: str) -> HttpResponse:
    """What a shared link opens: the report's title, its network and its files."""
    link = _shared(request, token)
    if isinstance(link, HttpResponse):
        return link
    return render(request, "reports/shared_report.html", {"link": link, "token": token})


def _shared_download(request: HttpRequest, token: str, file_format: str) -> HttpResponse:
    link = _shared(request, token)
    if isinstance(link, HttpResponse):
        return link
    response = _download(request, link.report, file_format)
    services.record_download(
        link, file_format=file_format, user_agent=request.headers.get("User-Agent", "")
    )
    return response


@never_cache
def shared_pdf(request: HttpRequest, token: str) -> HttpResponse:
    """The shared report's PDF; each download is recorded."""
    return _shared_download(request, token, "pdf")


@never_cache
def shared_xlsx(request: HttpRequest, token: str) -> HttpResponse:
    """The shared report's spreadsheet; each download is recorded."""
    return _shared_download(request, token, "xlsx")
