"""Pages of the welfare workstream, all under /n/<network>/welfare/.

Views stay thin: scope with ``network_view``, load through ``for_network``,
validate with a form, call a service, render. Reviews and decisions answer an
HTMX request with the application's card, and the village's board row and
totals as out-of-band swaps, so the board is right without a reload.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import (
    Case,
    Count,
    DecimalField,
    Prefetch,
    QuerySet,
    Value,
    When,
)
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.audit import history_of
from core.downloads import download_response
from core.htmx import (
    is_fragment_request,
    refused,
    render_form_page,
    render_page,
    render_refusal,
)
from core.nesting import Nested, get_nested
from core.pdf.budget import pdf_within_budget
from core.tenancy import NetworkRequest, network_view, require_perm
from network.models import Village
from welfare import documents, exports, services
from welfare.forms import (
    AllocationForm,
    ApplicationForm,
    AttachmentForm,
    CapacityProjectForm,
    CapacityStepForm,
    Decision,
    DecisionForm,
    DisbursementForm,
    EqualAllocationForm,
    FollowUpForm,
    ProgrammeForm,
    ReportingForm,
    ReviewForm,
    StepForm,
)
from welfare.models import (
    Application,
    ApplicationStatus,
    Attachment,
    CapacityProject,
    Disbursement,
    Programme,
    Review,
)
from welfare.permissions import WelfarePerm
from welfare.report import board_chart
from welfare.workflows import APPLICATION_WORKFLOW, CAPACITY_WORKFLOW

MONEY = DecimalField(max_digits=14, decimal_places=2)
# A village's panel: what awaits the committee first, then the path in its order.
PANEL_ORDER = Case(
    *(
        When(status=status, then=Value(position))
        for position, status in enumerate(
            [
                ApplicationStatus.UNDER_REVIEW,
                ApplicationStatus.SUBMITTED,
                ApplicationStatus.RETURNED,
                ApplicationStatus.APPROVED,
                ApplicationStatus.DISBURSED,
                ApplicationStatus.REPORTING,
                ApplicationStatus.CLOSED,
                ApplicationStatus.REJECTED,
                ApplicationStatus.WITHDRAWN,
            ]
        )
    ),
    default=Value(99),
)
REVIEWS_WITH_REVIEWERS = Prefetch("reviews", queryset=Review.objects.select_related("reviewer"))


def _programme(request: NetworkRequest, programme_id: int) -> Programme:
    programme = get_object_or_404(Programme.objects.for_network(request.network), pk=programme_id)
    programme.network = request.network
    return programme


def _application(
    request: NetworkRequest, application_id: int, *, with_reviews: bool = False
) -> Application:
    applications = Application.objects.for_network(request.network).select_related(
        "programme", "applicant__village", "applicant__household", "village"
    )
    if with_reviews:
        applications = applications.prefetch_related(REVIEWS_WITH_REVIEWERS)
    application = get_object_or_404(applications, pk=application_id)
    # The request's network is this row's: links need its slug, not another query.
    application.network = application.programme.network = request.network
    return application


def _village(request: NetworkRequest, village_number: int) -> Village:
    return get_object_or_404(Village.objects.for_network(request.network), number=village_number)


# Programmes


@network_view(WelfarePerm.VIEW_WELFARE)
def programme_list(request: NetworkRequest) -> HttpResponse:
    """The network's programmes with their money in one line each, and capacity projects."""
    network = request.network
    programmes = services.programmes_with_money(network)
    projects = CapacityProject.objects.for_network(network).annotate(
        objectives_count=Count("objectives")
    )
    context = {"programmes": programmes, "projects": projects}
    return render_page(request, "welfare/programme_list.html", context)


def _programme_form_page(request: NetworkRequest, programme: Programme | None) -> HttpResponse:
    form = ProgrammeForm(request.POST or None, instance=programme, network=request.network)
    if request.method == "POST" and form.is_valid():
        facts = {
            name: form.cleaned_data[name]
            for name in ("name", "year", "total_budget", "target_group", "rules", "adopted_by")
        }
        facts["grant_kinds"] = list(form.cleaned_data["grant_kinds"])
        funders = list(form.cleaned_data["funders"])
        try:
            if programme is None:
                saved = services.create_programme(network=request.network, funders=funders, **facts)
            else:
                saved = services.update_programme(programme=programme, funders=funders, **facts)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved: %(programme)s") % {"programme": saved})
            return redirect(saved)
    return render_form_page(
        request,
        "welfare/programme_form.html",
        {"form": form, "programme": programme},
        form=form,
        partials=["programme-form"],
    )


@network_view(WelfarePerm.EDIT_WELFARE)
def programme_create(request: NetworkRequest) -> HttpResponse:
    """Set up a programme; its allocations follow on the board."""
    return _programme_form_page(request, None)


@network_view(WelfarePerm.EDIT_WELFARE)
def programme_edit(request: NetworkRequest, programme_id: int) -> HttpResponse:
    """Change a programme's facts."""
    return _programme_form_page(request, _programme(request, programme_id))


# The committee's village board


def _board(request: NetworkRequest, programme: Programme) -> QuerySet[Village]:
    if not request.membership.can(WelfarePerm.REVIEW_WELFARE):
        return services.village_board(programme)
    return services.village_board(
        programme, reviewer=request.user, reviewer_person_id=request.membership.person_id
    )


def _totals(rows: list[Village]) -> dict[str, Any]:
    return services.board_totals(rows)


def _board_context(request: NetworkRequest, programme: Programme) -> dict[str, Any]:
    rows = list(_board(request, programme))
    return {
        "programme": programme,
        "rows": rows,
        # Built from the rows above: the same SVG as in the monthly report, no query.
        "chart": board_chart(programme.name, sorted(rows, key=lambda row: row.number)),
        "totals": _totals(rows),
        "mine_total": sum(getattr(row, "awaiting_mine", 0) for row in rows),
        "equal_form": EqualAllocationForm(),
    }


@network_view(WelfarePerm.VIEW_WELFARE)
def programme_board(request: NetworkRequest, programme_id: int) -> HttpResponse:
    """The village board: one row per village; a committee member's own reviews first."""
    programme = _programme(request, programme_id)
    return render_page(
        request, "welfare/board.html", _board_context(request, programme), partials=["board"]
    )


@network_view(WelfarePerm.VIEW_WELFARE)
def board_xlsx(request: NetworkRequest, programme_id: int) -> HttpResponse:
    """The village board as a spreadsheet."""
    programme = _programme(request, programme_id)
    return download_response(
        exports.board_xlsx(programme), "xlsx", exports.board_filename(programme)
    )


@network_view(WelfarePerm.EDIT_WELFARE)
@require_POST
def allocations_equal(request: NetworkRequest, programme_id: int) -> HttpResponse:
    """Give every village the same allocation in one action."""
    programme = _programme(request, programme_id)
    form = EqualAllocationForm(request.POST)
    if form.is_valid():
        try:
            services.set_allocations_equal(programme=programme, amount=form.cleaned_data["amount"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Every village's allocation is set."))
            return redirect(programme)
    context = {**_board_context(request, programme), "equal_form": form}
    return render_refusal(request, "welfare/board.html", context, partials=["board"])


# One village of the board


def _village_applications(request: NetworkRequest, programme: Programme, village: Village):
    applications = (
        Application.objects.for_network(request.network)
        .filter(programme=programme, village=village)
        .exclude(status=ApplicationStatus.DRAFT)
        .select_related("applicant__household", "village", "programme")
        .prefetch_related(REVIEWS_WITH_REVIEWERS)
        .order_by(PANEL_ORDER, "created_at", "pk")
    )
    return [_for_viewer(request, application) for application in applications]


def _for_viewer(request: NetworkRequest, application: Application) -> Application:
    """Mark what this member may do with the application, from rows already loaded."""
    reviews = application.review_list = list(application.reviews.all())
    application.review_counts = Counter(r.recommendation for r in reviews if r.recommendation)
    application.conflicts = sum(1 for r in reviews if r.conflict_declared)
    application.my_review = next((r for r in reviews if r.reviewer_id == request.user.pk), None)
    allowed = services.eligibility(application, member=request.membership, user=request.user)
    application.household_conflict = allowed.household_conflict
    application.can_review = allowed.can_review
    application.can_decide = allowed.can_decide
    application.steps = APPLICATION_WORKFLOW.buttons(application, request.membership)
    return application


def _village_context(
    request: NetworkRequest,
    programme: Programme,
    village: Village,
    rows: list[Village] | None = None,
) -> dict[str, Any]:
    """A village's panel: its board row, its applications with the member's forms."""
    rows = rows if rows is not None else list(_board(request, programme).filter(pk=village.pk))
    applications = _village_applications(request, programme, village)
    for application in applications:
        application.review_form = _review_form(application) if application.can_review else None
        application.decision_form = (
            DecisionForm(application=application, cite=False) if application.can_decide else None
        )
    return {
        "programme": programme,
        "village": village,
        "current_number": village.number,
        "row": next(row for row in rows if row.pk == village.pk),
        "applications": applications,
        "allocation_form": AllocationForm(),
    }


@network_view(WelfarePerm.VIEW_WELFARE)
def board_village(request: NetworkRequest, programme_id: int, village_number: int) -> HttpResponse:
    """One village's applications, opened from the board (in place, or as its own page)."""
    programme = _programme(request, programme_id)
    village = _village(request, village_number)
    if is_fragment_request(request) and request.htmx.target == "village-panel":
        context = _village_context(request, programme, village)
        return render_page(request, "welfare/board.html", context, partials=["village-panel"])
    board = _board_context(request, programme)
    context = {**board, **_village_context(request, programme, village, board["rows"])}
    return render_page(request, "welfare/board.html", context)


@network_view(WelfarePerm.EDIT_WELFARE)
@require_POST
def allocation_set(request: NetworkRequest, programme_id: int, village_number: int) -> HttpResponse:
    """Set one village's allocation."""
    programme = _programme(request, programme_id)
    village = _village(request, village_number)
    form = AllocationForm(request.POST)
    if form.is_valid():
        try:
            services.set_allocation(
                programme=programme, village=village, amount=form.cleaned_data["amount"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Allocation saved: %(village)s") % {"village": village})
            return _board_update(request, programme, village)
    if is_fragment_request(request):
        context = {**_village_context(request, programme, village), "allocation_form": form}
    else:  # the board with this village open, as board_village draws it
        board = _board_context(request, programme)
        village_context = _village_context(request, programme, village, board["rows"])
        context = {**board, **village_context, "allocation_form": form}
    return render_refusal(request, "welfare/board.html", context, partials=["village-panel"])


def _board_update(
    request: NetworkRequest,
    programme: Programme,
    village: Village,
    application: Application | None = None,
    invalid_form: tuple[str, Any] | None = None,
) -> HttpResponse:
    """After a change from the board: the card (or panel) and, out of band, the
    village's totals, its board row and the board's totals.

    A plain (non-HTMX) request goes back to the application's page, or the board;
    a refused one (``invalid_form``) gets the application's page with the form in place.
    """
    if not is_fragment_request(request):
        if invalid_form is not None and application is not None:
            return _detail_refusal(request, application, **{invalid_form[0]: invalid_form[1]})
        return redirect(application or programme)
    rows = list(_board(request, programme))
    context = {
        **_village_context(request, programme, village, rows),
        "totals": _totals(rows),
        "chart": board_chart(programme.name, sorted(rows, key=lambda row: row.number)),
    }
    card = None
    if application is not None and request.htmx.target == f"application-{application.pk}":
        card = next((a for a in context["applications"] if a.pk == application.pk), None)
    if card is not None:
        if invalid_form is not None:
            setattr(card, invalid_form[0], invalid_form[1])
        body = render_to_string(
            "welfare/board.html#application-card", {**context, "application": card}, request
        )
        body += render_to_string(
            "welfare/board.html#village-totals", {**context, "oob": True}, request
        )
    else:  # the panel itself, or a card that left the list: redraw the panel
        body = render_to_string("welfare/board.html#village-panel", context, request)
    for part in ("board-row", "board-totals", "board-chart"):
        body += render_to_string(f"welfare/board.html#{part}", {**context, "oob": True}, request)
    response = HttpResponse(body)
    return refused(response) if invalid_form else response


# Applications


@network_view(WelfarePerm.VIEW_WELFARE)
def application_detail(request: NetworkRequest, application_id: int) -> HttpResponse:
    """An application's whole story: path, reviews, decision, payments, follow-up, documents."""
    application = _application(request, application_id, with_reviews=True)
    context = _detail_context(request, application)
    return render_page(request, "welfare/application_detail.html", context)


def _detail_refusal(
    request: NetworkRequest, application: Application, **forms: Any
) -> HttpResponse:
    """The application's page again with a refused form in place (its input and errors)."""
    fresh = _application(request, application.pk, with_reviews=True)
    context = _detail_context(request, fresh)
    context.update(forms)
    return render_refusal(request, "welfare/application_detail.html", context)


def _detail_context(request: NetworkRequest, application: Application) -> dict[str, Any]:
    application = _for_viewer(request, application)
    membership = request.membership
    context = {
        "application": application,
        "programme": application.programme,
        "status_changes": application.status_changes.select_related("changed_by"),
        "disbursements": application.disbursements.select_related("recorded_by"),
        "attachments": application.attachments.all(),
        "history": history_of(application),
        "late": application.is_report_late(),
        "paid": services.paid_total(application),
    }
    # The forms of steps that take more than a button, offered when the step is open.
    open_steps = {step.name for step in APPLICATION_WORKFLOW.available(application, membership)}
    status = application.status
    if membership.can(WelfarePerm.EDIT_WELFARE) and services.takes_attachments(application):
        context["attachment_form"] = AttachmentForm()
    if "start_reporting" in open_steps:
        context["reporting_form"] = ReportingForm(initial={"version": application.version})
    if membership.can(WelfarePerm.EDIT_WELFARE) and status == ApplicationStatus.REPORTING:
        context["follow_up_form"] = FollowUpForm(initial={"version": application.version})
    if application.can_review:
        context["review_form"] = _review_form(application)
    if application.can_decide:
        context["decision_form"] = DecisionForm(application=application)
    if "disburse" in open_steps or (
        membership.can(WelfarePerm.DISBURSE_WELFARE) and status == ApplicationStatus.DISBURSED
    ):
        context["disbursement_form"] = DisbursementForm()
    return context


def _review_form(application: Application, data: Any = None) -> ReviewForm:
    mine = getattr(application, "my_review", None)
    initial = {"recommendation": mine.recommendation, "comment": mine.comment} if mine else {}
    return ReviewForm(data, initial=initial, prefix=f"review-{application.pk}")


def _application_form_page(
    request: NetworkRequest, programme: Programme, application: Application | None
) -> HttpResponse:
    initial = {}
    village_number = request.GET.get("village", "")
    if application is None and village_number.isdigit():
        initial["village"] = (
            Village.objects.for_network(request.network).filter(number=int(village_number)).first()
        )
    form = ApplicationForm(
        request.POST or None, instance=application, programme=programme, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if application is None:
                saved = services.create_application(
                    programme=programme,
                    applicant=data["applicant"],
                    village=data["village"],
                    kind=data["kind"],
                    purpose=data["purpose"],
                    requested_amount=data["requested_amount"],
                    actor=request.user,
                )
            else:
                saved = services.update_application(
                    application=application,
                    version=data["version"] or 0,
                    kind=data["kind"],
                    purpose=data["purpose"],
                    requested_amount=data["requested_amount"],
                    village=data["village"] or application.applicant.village,
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Application saved."))
            return redirect(saved)
    context = {"form": form, "programme": programme, "application": application}
    return render_form_page(
        request, "welfare/application_form.html", context, form=form, partials=["application-form"]
    )


@network_view(WelfarePerm.EDIT_WELFARE)
def application_create(request: NetworkRequest, programme_id: int) -> HttpResponse:
    """Record a new application as a draft."""
    return _application_form_page(request, _programme(request, programme_id), None)


@network_view(WelfarePerm.EDIT_WELFARE)
def application_edit(request: NetworkRequest, application_id: int) -> HttpResponse:
    """Change a draft or a returned application."""
    application = _application(request, application_id)
    if not application.is_editable:
        context = {"application": application, "programme": application.programme}
        return render_page(request, "welfare/application_form.html", context)
    return _application_form_page(request, application.programme, application)


# Steps on the path


@network_view(WelfarePerm.VIEW_WELFARE)
@require_POST
def application_step(request: NetworkRequest, application_id: int) -> HttpResponse:
    """Submit, put under review, withdraw or close: steps that need at most a reason."""
    application = _application(request, application_id)
    form = StepForm(request.POST)
    if not form.is_valid():
        if form.has_error("version") or form.has_error("step"):
            messages.error(request, _("This step is not possible."))
            return redirect(application)
        return _detail_refusal(request, application, step_form=form)
    step = form.cleaned_data["step"]
    require_perm(request.membership, APPLICATION_WORKFLOW.get(step).permission)
    kwargs = {
        "application": application,
        "actor": request.user,
        "member": request.membership,
        "version": form.cleaned_data["version"],
    }
    if step == "withdraw":
        kwargs["reason"] = form.cleaned_data["reason"]
    try:
        getattr(services, step)(**kwargs)
    except ValidationError as error:
        if not is_fragment_request(request):  # the page again, the refusal on it
            form.add_error(None, error)
            return _detail_refusal(request, application, step_form=form)
        messages.error(request, " ".join(error.messages))
    else:
        label = ApplicationStatus(application.status).label
        messages.success(request, _("The application is now: %(status)s") % {"status": label})
    return _board_update(request, application.programme, application.village, application)


@network_view(WelfarePerm.REVIEW_WELFARE)
@require_POST
def application_review(request: NetworkRequest, application_id: int) -> HttpResponse:
    """A committee member's recommendation, recorded in place on the board."""
    application = _for_viewer(request, _application(request, application_id))
    form = _review_form(application, request.POST)
    if form.is_valid():
        try:
            services.record_review(
                application=application,
                reviewer=request.user,
                reviewer_person=request.membership.person,
                recommendation=form.cleaned_data["recommendation"],
                comment=form.cleaned_data["comment"],
                conflict_declared=form.cleaned_data["conflict_declared"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your review is recorded."))
            return _board_update(request, application.programme, application.village, application)
    return _board_update(
        request, application.programme, application.village, application, ("review_form", form)
    )


@network_view(WelfarePerm.DECIDE_WELFARE)
@require_POST
def application_decide(request: NetworkRequest, application_id: int) -> HttpResponse:
    """The decision: approve an amount within the village's allocation, return or reject."""
    application = _application(request, application_id)
    # The board's card has no resolution to cite: a refusal there must not grow one.
    on_board = (
        is_fragment_request(request) and request.htmx.target == f"application-{application.pk}"
    )
    form = DecisionForm(request.POST, application=application, cite=not on_board)
    if form.is_valid():
        data = form.cleaned_data
        common = {
            "application": application,
            "actor": request.user,
            "member": request.membership,
            "reason": data["reason"],
            "resolution": data.get("resolution"),
            "version": data["version"],
        }
        try:
            if data["decision"] == Decision.APPROVE:
                services.approve(amount=data["amount"], **common)
            elif data["decision"] == Decision.RETURN:
                services.return_for_info(**common)
            else:
                services.reject(**common)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            label = ApplicationStatus(application.status).label
            messages.success(request, _("Decision recorded: %(status)s") % {"status": label})
            return _board_update(request, application.programme, application.village, application)
    return _board_update(
        request, application.programme, application.village, application, ("decision_form", form)
    )


@network_view(WelfarePerm.DISBURSE_WELFARE)
@require_POST
def application_disburse(request: NetworkRequest, application_id: int) -> HttpResponse:
    """Record a payment of an approved grant, with its receipt number."""
    application = _application(request, application_id)
    form = DisbursementForm(request.POST)
    if form.is_valid():
        try:
            services.disburse(
                application=application,
                actor=request.user,
                member=request.membership,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Payment recorded."))
            return redirect(application)
    return _detail_refusal(request, application, disbursement_form=form)


@network_view(WelfarePerm.EDIT_WELFARE)
@require_POST
def application_reporting(request: NetworkRequest, application_id: int) -> HttpResponse:
    """Ask for the outcome report by a due date."""
    application = _application(request, application_id)
    form = ReportingForm(request.POST)
    if form.is_valid():
        try:
            services.start_reporting(
                application=application,
                actor=request.user,
                member=request.membership,
                report_due=form.cleaned_data["report_due"],
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The outcome report is requested."))
            return redirect(application)
    return _detail_refusal(request, application, reporting_form=form)


@network_view(WelfarePerm.EDIT_WELFARE)
@require_POST
def application_follow_up(request: NetworkRequest, application_id: int) -> HttpResponse:
    """Record how the funded activity is doing."""
    application = _application(request, application_id)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            services.record_follow_up(
                application=application, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Follow-up recorded."))
            return redirect(application)
    return _detail_refusal(request, application, follow_up_form=form)


# Documents


@network_view(WelfarePerm.EDIT_WELFARE)
@require_POST
def attachment_upload(request: NetworkRequest, application_id: int) -> HttpResponse:
    """Attach a supporting document (PDF, PNG or JPEG, size-limited)."""
    application = _application(request, application_id)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_attachment(
                application=application,
                upload=form.cleaned_data["file"],
                content_type=form.cleaned_data["content_type"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Document attached."))
            return redirect(application)
    return _detail_refusal(request, application, attachment_form=form)


@network_view(WelfarePerm.VIEW_WELFARE)
def attachment_download(
    request: NetworkRequest, application_id: int, attachment_id: int
) -> FileResponse:
    """A supporting document, to those who may see the application."""
    _, attachment = get_nested(
        request.network,
        Nested(Application.objects.all(), application_id),
        Nested(Attachment.objects.all(), attachment_id, parent="application"),
    )
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=attachment.content_type == "application/pdf",
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


@network_view(WelfarePerm.VIEW_WELFARE)
def grant_letter(request: NetworkRequest, application_id: int) -> HttpResponse:
    """The grant letter PDF, once an amount is approved."""
    application = _application(request, application_id)
    if not application.has_grant:
        messages.error(request, _("A grant letter exists once an amount is approved."))
        return redirect(application)
    return pdf_within_budget(request, documents.grant_letter_request(application))


@network_view(WelfarePerm.VIEW_WELFARE)
def receipt(request: NetworkRequest, application_id: int, disbursement_id: int) -> HttpResponse:
    """The receipt PDF of one payment."""
    application, disbursement = get_nested(
        request.network,
        Nested(Application.objects.all(), application_id),
        Nested(Disbursement.objects.all(), disbursement_id, parent="application"),
    )
    disbursement.application = application
    return pdf_within_budget(request, documents.receipt_request(disbursement))


# Capacity building


@network_view(WelfarePerm.EDIT_WELFARE)
def capacity_create(request: NetworkRequest) -> HttpResponse:
    """Record a capacity-building proposal with its objectives."""
    form = CapacityProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.create_capacity_project(
                network=request.network,
                title=form.cleaned_data["title"],
                objectives=form.objective_list(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved: %(project)s") % {"project": project})
            return redirect(project)
    return render_form_page(
        request, "welfare/capacity_form.html", {"form": form}, form=form, partials=["capacity-form"]
    )


@network_view(WelfarePerm.VIEW_WELFARE)
def capacity_detail(request: NetworkRequest, project_id: int) -> HttpResponse:
    """A capacity-building proposal, its objectives and its status."""
    project = get_object_or_404(CapacityProject.objects.for_network(request.network), pk=project_id)
    if request.method == "POST":
        require_perm(request.membership, WelfarePerm.EDIT_WELFARE)
        form = CapacityStepForm(request.POST)
        if form.is_valid():
            try:
                services.set_capacity_status(
                    project=project,
                    step=form.cleaned_data["step"],
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                    member=request.membership,
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Status saved."))
        else:
            messages.error(request, _("This step is not possible."))
        return redirect(project)
    context = {
        "project": project,
        "objectives": project.objectives.all(),
        "steps": CAPACITY_WORKFLOW.buttons(project, request.membership),
        "status_changes": project.status_changes.select_related("changed_by"),
        "history": history_of(project),
    }
    return render_page(request, "welfare/capacity_detail.html", context)
