"""Meeting pages: the list, the heading form, and the live minutes page with its
in-place actions (attendance, agenda items, live text, resolutions, action items,
adoption, amendments). Every change answers an HTMX request with the fragment it
changed, and a plain request with a redirect back to the meeting. A refused form
(core.htmx.render_refusal) comes back in place with its errors and the input kept:
the fragment for HTMX, the whole page for a plain request."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.audit import history_of
from core.htmx import (
    REFUSED,
    is_fragment_request,
    refused,
    render_form_page,
    render_page,
    render_refusal,
)
from core.nesting import Nested, get_nested
from core.pagination import paginate
from core.pdf.budget import RequestPdf, pdf_within_budget
from core.roles import Perm
from core.tenancy import NetworkRequest, network_view
from network.meeting_forms import (
    AbsenceForm,
    ActionItemForm,
    AgendaItemForm,
    AmendmentForm,
    AttendanceForm,
    MeetingForm,
)
from network.minutes import (
    agenda_items,
    agenda_sections,
    attendance_counts,
    attendance_of,
    minutes_estimate,
    minutes_filename,
    minutes_pdf,
    word_diff,
)
from network.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Meeting,
    MeetingStatus,
    Resolution,
)
from network.progress import progress_since
from network.services import meetings as services
from network.workflows import MEETING_WORKFLOW

TEMPLATE = "network/meeting_detail.html"


def _meetings(request: NetworkRequest):
    return Meeting.objects.for_network(request.network)


def _meeting(request: NetworkRequest, meeting_id: int) -> Meeting:
    return get_object_or_404(_meetings(request), pk=meeting_id)


def _item(request: NetworkRequest, meeting_id: int, item_id: int) -> AgendaItem:
    """An agenda item of the meeting in the URL (404 for an item of another meeting)."""
    meeting, item = get_nested(
        request.network,
        Nested(_meetings(request), meeting_id),
        Nested(AgendaItem.objects.all(), item_id, parent="meeting"),
    )
    item.meeting = meeting
    return item


def _carries(item: AgendaItem) -> Q:
    """The action items an agenda item holds: its own, and the one it carries forward."""
    return Q(item=item) | Q(carried_into=item)


@network_view(Perm.VIEW_MEETINGS)
def meeting_list(request: NetworkRequest) -> HttpResponse:
    """Meetings, newest first."""
    meetings = (
        _meetings(request).select_related("network", "adopted_in").order_by("-date", "-number")
    )
    return render_page(
        request,
        "network/meeting_list.html",
        {"page": paginate(request, meetings)},
        partials=["results"],
    )


@network_view(Perm.EDIT_MINUTES)
def meeting_create(request: NetworkRequest) -> HttpResponse:
    """Plan a meeting; sections 2 and 3 are filled from earlier meetings."""
    form = MeetingForm(request.POST or None, network=request.network)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        meeting = services.create_meeting(network=request.network, **data)
        messages.success(
            request, _("Meeting %(number)s planned.") % {"number": meeting.number_label}
        )
        return redirect(meeting)
    return render_form_page(
        request, "network/meeting_form.html", {"form": form}, form=form, partials=["meeting-form"]
    )


@network_view(Perm.EDIT_MINUTES)
def meeting_edit(request: NetworkRequest, meeting_id: int) -> HttpResponse:
    """Edit a meeting's heading (number, date, times, place, chair, minute-taker, checker)."""
    meeting = _meeting(request, meeting_id)
    if meeting.is_locked:
        messages.error(
            request, _("These minutes are adopted and locked: record an amendment instead.")
        )
        return redirect(meeting)
    form = MeetingForm(request.POST or None, instance=meeting, network=request.network)
    if request.method == "POST" and form.is_valid():
        heading = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            meeting = services.update_meeting_heading(meeting=meeting, **heading)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved: %(meeting)s") % {"meeting": meeting})
            return redirect(meeting)
    return render_form_page(
        request,
        "network/meeting_form.html",
        {"form": form, "meeting": meeting},
        form=form,
        partials=["meeting-form"],
    )


def _add_progress(meeting: Meeting, items: list[AgendaItem]) -> None:
    """Put each workstream's progress since the previous meeting on its items."""
    previous = services.previous_meeting(meeting)
    progress = progress_since(meeting.network, previous.date if previous else None, meeting.date)
    for item in items:
        item.progress = progress.get(item.workstream) if item.section != 2 else None


def _add_action_forms(
    request: NetworkRequest, items: list[AgendaItem], edit_forms: dict[int, Any] | None = None
) -> None:
    """Give each item its own "add an action" form and each of its actions a
    correction form, every one under its own prefix so no field id repeats on the page."""
    if not request.membership.can(Perm.EDIT_MINUTES):
        return
    edit_forms = edit_forms or {}
    for item in items:
        item.action_form = ActionItemForm(network=request.network, auto_id=f"item-{item.pk}-%s")
        for action in item.actions.all():
            action.edit_form = edit_forms.get(action.pk) or ActionItemForm(
                instance=action, network=request.network, auto_id=f"action-{action.pk}-%s"
            )


def _detail_context(request: NetworkRequest, meeting: Meeting) -> dict[str, Any]:
    items = agenda_items(meeting)
    _add_progress(meeting, items)
    _add_action_forms(request, items)
    can_edit = request.membership.can(Perm.EDIT_MINUTES)
    attendance = attendance_of(meeting)
    return {
        "meeting": meeting,
        "sections": agenda_sections(items),
        "attendance": attendance,
        "attendance_counts": attendance_counts(attendance),
        "quorum": services.quorum(meeting),
        "can_edit": can_edit,
        "editable": can_edit and not meeting.is_locked,
        "item_form": AgendaItemForm(),
        "attendance_form": AttendanceForm(network=request.network) if can_edit else None,
        "today": timezone.localdate(),
        "history": history_of(meeting),
        "steps": MEETING_WORKFLOW.buttons(meeting, request.membership),
        "status_changes": meeting.status_changes.select_related("changed_by"),
    }


def _page_refusal(
    request: NetworkRequest, meeting: Meeting, *, item_id: int | None = None, **forms: Any
) -> HttpResponse:
    """The whole minutes page with a refused form in place: a plain (non-HTMX) POST.

    ``item_id`` puts a refused action form under its own item only."""
    context = _detail_context(request, meeting)
    if item_id is not None and "action_form" in forms:
        action_form = forms.pop("action_form")
        for section in context["sections"]:
            for item in section["items"]:
                if item.pk == item_id:
                    item.refused_action_form = action_form
    context.update(forms)
    return render_refusal(request, TEMPLATE, context)


@network_view(Perm.VIEW_MEETINGS)
def meeting_detail(request: NetworkRequest, meeting_id: int) -> HttpResponse:
    """The live minutes page."""
    meeting = get_object_or_404(
        _meetings(request).select_related(
            "chair", "minute_taker", "checker", "adopted_in", "network"
        ),
        pk=meeting_id,
    )
    return render_page(request, TEMPLATE, _detail_context(request, meeting), partials=["agenda"])


@network_view(Perm.EDIT_MINUTES)
@require_POST
def meeting_status(request: NetworkRequest, meeting_id: int) -> HttpResponse:
    """Start, close or circulate a meeting."""
    meeting = _meeting(request, meeting_id)
    try:
        meeting = services.change_meeting_status(
            meeting=meeting,
            step=request.POST.get("step", ""),
            to_status=request.POST.get("to_status", ""),
            actor=request.user,
            member=request.membership,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Meeting %(number)s: %(status)s.")
            % {"number": meeting.number_label, "status": MeetingStatus(meeting.status).label},
        )
    return redirect(meeting)


@network_view(Perm.VIEW_MEETINGS)
def meeting_pdf(request: NetworkRequest, meeting_id: int) -> HttpResponse:
    """The minutes as a PDF in the Thai standard form; marked draft until adopted."""
    meeting = get_object_or_404(
        _meetings(request).select_related("network", "chair", "minute_taker", "checker"),
        pk=meeting_id,
    )
    return pdf_within_budget(
        request,
        RequestPdf(
            kind="minutes",
            params={"meeting": meeting.pk},
            title=str(meeting.number_label),
            filename=minutes_filename(meeting),
            estimate=minutes_estimate(meeting),
            render=lambda: minutes_pdf(meeting),
        ),
    )


# Fragments answered to in-place changes


def _fragment(request: NetworkRequest, name: str, context: dict[str, Any]) -> HttpResponse:
    """Render one fragment of the meeting page."""
    return render(request, f"{TEMPLATE}#{name}", context)


def _item_response(
    request: NetworkRequest,
    item: AgendaItem,
    *,
    action_form: Any = None,
    edit_forms: dict[int, Any] | None = None,
    **extra: Any,
) -> HttpResponse:
    """The item's block, re-read with its children; a plain request goes back to the page.

    ``action_form`` and ``edit_forms`` put refused forms back in place."""
    if not is_fragment_request(request):
        return redirect(item.meeting)
    (fresh,) = agenda_items(item.meeting, item_id=item.pk)
    # The same progress box as on the page, or it vanishes on every in-place change.
    _add_progress(item.meeting, [fresh])
    _add_action_forms(request, [fresh], edit_forms)
    if action_form is not None:
        fresh.refused_action_form = action_form
    can_edit = request.membership.can(Perm.EDIT_MINUTES)
    context = {
        "meeting": item.meeting,
        "item": fresh,
        "can_edit": can_edit,
        "editable": can_edit and not item.meeting.is_locked,
        "today": timezone.localdate(),
        **extra,
    }
    return _fragment(request, "agenda-item", context)


@network_view(Perm.EDIT_MINUTES)
@require_POST
def item_create(request: NetworkRequest, meeting_id: int) -> HttpResponse:
    """Add an agenda item to a section."""
    meeting = _meeting(request, meeting_id)
    form = AgendaItemForm(request.POST)
    if form.is_valid():
        try:
            services.add_agenda_item(meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            if meeting.is_locked:  # the add form is not drawn on locked minutes
                messages.error(request, " ".join(error.messages))
        else:
            if not is_fragment_request(request):
                return redirect(meeting)
            return _fragment(request, "agenda", _detail_context(request, meeting))
    if not is_fragment_request(request):
        return _page_refusal(request, meeting, item_form=form)
    context = {**_detail_context(request, meeting), "item_form": form}
    return render_refusal(request, TEMPLATE, context, partials=["agenda"])


def _save_response(
    request: NetworkRequest, key: str, result: services.SaveResult, url: str, mine: str
) -> HttpResponse:
    context = {
        "key": key,
        "result": result,
        "mine": mine,
        "diff": [] if result.saved else word_diff(mine, result.text),
        "text_url": url,
        "saved_at": timezone.localtime(),
    }
    return _fragment(request, "save-state", context)


@network_view(Perm.EDIT_MINUTES)
@require_http_methods(["GET", "POST"])
def item_text(request: NetworkRequest, meeting_id: int, item_id: int) -> HttpResponse:
    """Autosave an item's discussion text; refuse a save based on an old version.
    A GET answers the latest saved text ("use the saved text" in a conflict)."""
    item = _item(request, meeting_id, item_id)
    return _save_text(request, item, "discussion", f"item-{item.pk}")


@network_view(Perm.EDIT_MINUTES)
@require_http_methods(["GET", "POST"])
def resolution_text(
    request: NetworkRequest, meeting_id: int, item_id: int, resolution_id: int
) -> HttpResponse:
    """Autosave a resolution's text."""
    meeting, item, resolution = get_nested(
        request.network,
        Nested(_meetings(request), meeting_id),
        Nested(AgendaItem.objects.all(), item_id, parent="meeting"),
        Nested(Resolution.objects.all(), resolution_id, parent="item"),
    )
    item.meeting = meeting
    resolution.item = item
    return _save_text(request, resolution, "text", f"resolution-{resolution.pk}")


def _latest_text(obj: AgendaItem | Resolution, field: str) -> JsonResponse:
    """The text as saved now, its version, and who saved it when."""
    obj.refresh_from_db(fields=[field, "version"])
    by, at = services.last_saved_by(obj)
    return JsonResponse(
        {
            "text": getattr(obj, field),
            "version": obj.version,
            "saved_by": by,
            "saved_at": timezone.localtime(at).isoformat() if at else None,
        },
        headers={"Cache-Control": "no-store"},
    )


def _save_text(
    request: NetworkRequest, obj: AgendaItem | Resolution, field: str, key: str
) -> HttpResponse:
    if request.method == "GET":
        return _latest_text(obj, field)
    text = request.POST.get("text", "").replace("\r\n", "\n")
    try:
        base_version = int(request.POST.get("version", ""))
    except ValueError:
        return HttpResponse(_("The version of the text is missing."), status=400)
    try:
        result = services.save_text(obj=obj, field=field, text=text, base_version=base_version)
    except services.MinutesLocked as error:
        return HttpResponse(" ".join(error.messages), status=409)
    except ValidationError as error:
        # Not saved, and saving again cannot help: the autosave shows why (a 4xx is
        # not swapped), and the text stays kept in the browser. Too long: 413.
        if not is_fragment_request(request):
            messages.error(request, " ".join(error.messages))
            meeting = obj.meeting if isinstance(obj, AgendaItem) else obj.item.meeting
            return redirect(meeting)
        too_long = any(e.code == "max_length" for e in error.error_list)
        return HttpResponse(
            " ".join(error.messages), status=413 if too_long else 400, content_type="text/plain"
        )
    if not is_fragment_request(request):
        meeting = obj.meeting if isinstance(obj, AgendaItem) else obj.item.meeting
        if not result.saved:
            messages.error(request, _("Someone else saved this text first; yours was not saved."))
        return redirect(meeting)
    return _save_response(request, key, result, request.path, text)


@network_view(Perm.EDIT_MINUTES)
@require_POST
def item_adopt(request: NetworkRequest, meeting_id: int, item_id: int) -> HttpResponse:
    """Adopt the previous minutes (section 2): they are locked from now on."""
    item = _item(request, meeting_id, item_id)
    try:
        previous = services.adopt_previous_minutes(
            item=item, actor=request.user, member=request.membership
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The minutes of meeting %(number)s are adopted and locked.")
            % {"number": previous.number_label},
        )
    return _item_response(request, item)


@network_view(Perm.EDIT_MINUTES)
@require_POST
def resolution_create(request: NetworkRequest, meeting_id: int, item_id: int) -> HttpResponse:
    """Add an empty resolution to an item, ready to type into."""
    item = _item(request, meeting_id, item_id)
    try:
        resolution = services.add_resolution(item=item, text=request.POST.get("text", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _item_response(request, item)
    # The new box takes the focus (htmx focuses [autofocus] after the swap).
    return _item_response(request, item, new_resolution=resolution.pk)


@network_view(Perm.EDIT_MINUTES)
@require_POST
def resolution_delete(
    request: NetworkRequest, meeting_id: int, item_id: int, resolution_id: int
) -> HttpResponse:
    """Remove a resolution before the minutes are adopted."""
    item = _item(request, meeting_id, item_id)
    resolution = get_object_or_404(
        Resolution.objects.for_network(request.network), pk=resolution_id, item=item
    )
    resolution.item = item
    try:
        services.remove_resolution(resolution=resolution)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return refused(_item_response(request, item))
    messages.success(request, _("Resolution removed."))
    return _item_response(request, item)


def _own_action(request: NetworkRequest, item: AgendaItem, action_id: int) -> ActionItem:
    """An action item recorded on this very item."""
    action = get_object_or_404(
        ActionItem.objects.for_network(request.network), pk=action_id, item=item
    )
    action.item = item
    return action


@network_view(Perm.EDIT_MINUTES)
@require_POST
def action_update(
    request: NetworkRequest, meeting_id: int, item_id: int, action_id: int
) -> HttpResponse:
    """Correct an action item in place before the minutes are adopted."""
    item = _item(request, meeting_id, item_id)
    action = _own_action(request, item, action_id)
    form = ActionItemForm(
        request.POST, instance=action, network=request.network, auto_id=f"action-{action.pk}-%s"
    )
    if form.is_valid():
        try:
            services.update_action(action=action, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Action item corrected."))
            return _item_response(request, item)
    if not is_fragment_request(request):
        messages.error(request, " ".join(form.non_field_errors()) or _("Check the action item."))
        return redirect(item.meeting)
    return refused(_item_response(request, item, edit_forms={action.pk: form}))


@network_view(Perm.EDIT_MINUTES)
@require_POST
def action_delete(
    request: NetworkRequest, meeting_id: int, item_id: int, action_id: int
) -> HttpResponse:
    """Remove an action item recorded by mistake, before the minutes are adopted."""
    item = _item(request, meeting_id, item_id)
    action = _own_action(request, item, action_id)
    try:
        services.remove_action(action=action)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return refused(_item_response(request, item))
    messages.success(request, _("Action item removed."))
    return _item_response(request, item)


@network_view(Perm.EDIT_MINUTES)
@require_POST
def action_create(request: NetworkRequest, meeting_id: int, item_id: int) -> HttpResponse:
    """Record an action item on an agenda item."""
    item = _item(request, meeting_id, item_id)
    form = ActionItemForm(request.POST, network=request.network, auto_id=f"item-{item.pk}-%s")
    if form.is_valid():
        try:
            services.add_action(item=item, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _item_response(request, item)
    if not is_fragment_request(request):
        return _page_refusal(request, item.meeting, item_id=item.pk, action_form=form)
    response = _item_response(request, item, action_form=form)
    response.status_code = REFUSED
    return response


@network_view(Perm.EDIT_MINUTES)
@require_POST
def action_status(
    request: NetworkRequest, meeting_id: int, item_id: int, action_id: int
) -> HttpResponse:
    """Mark an action item done or dropped, or reopen it."""
    meeting, item, action = get_nested(
        request.network,
        Nested(_meetings(request), meeting_id),
        Nested(AgendaItem.objects.all(), item_id, parent="meeting"),
        Nested(ActionItem.objects.all(), action_id, parent=_carries),
    )
    item.meeting = meeting
    try:
        services.set_action_status(
            action=action, status=request.POST.get("status", ""), at_meeting=meeting
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _item_response(request, item)


@network_view(Perm.EDIT_MINUTES)
@require_POST
def amendment_create(request: NetworkRequest, meeting_id: int, item_id: int) -> HttpResponse:
    """Amend locked minutes, with the reason; the original text stays."""
    item = _item(request, meeting_id, item_id)
    form = AmendmentForm(request.POST)
    resolution = None
    try:
        resolution_id = int(request.POST.get("resolution") or 0)
    except ValueError:
        raise Http404 from None
    if resolution_id:
        resolution = get_object_or_404(
            Resolution.objects.for_network(request.network), pk=resolution_id, item=item
        )
    if form.is_valid():
        try:
            services.amend(
                item=item,
                resolution=resolution,
                amended=form.cleaned_data["amended"],
                reason=form.cleaned_data["reason"],
                author=request.user,
            )
        except ValidationError as error:
            if not item.meeting.is_locked:  # no amendment form is drawn: say it above
                messages.error(request, " ".join(error.messages))
                response = _item_response(request, item)
                return refused(response) if is_fragment_request(request) else response
            form.add_error(None, error)
        else:
            messages.success(request, _("Amendment recorded."))
            return _item_response(request, item)
    else:
        form.add_error(None, _("An amendment needs the new text and the reason."))
    if not is_fragment_request(request):
        messages.error(request, " ".join(form.non_field_errors()))
        return redirect(item.meeting)
    # The item again, its amendment form open with the message and the text typed.
    return refused(_item_response(request, item, amendment_form=form))


# Attendance


def _attendance_response(request: NetworkRequest, meeting: Meeting, form=None) -> HttpResponse:
    """The attendance panel; with a refused ``form``, the form in place with its errors."""
    refused = form is not None and form.is_bound and bool(form.errors)
    if not is_fragment_request(request):
        if refused:
            return _page_refusal(request, meeting, attendance_form=form)
        return redirect(meeting)
    attendance = attendance_of(meeting)
    context = {
        "meeting": meeting,
        "attendance": attendance,
        "attendance_counts": attendance_counts(attendance),
        # Changed in place: the list stays open where the user was working.
        "attendance_open": True,
        "quorum": services.quorum(meeting),
        "can_edit": True,
        "editable": not meeting.is_locked,
        "attendance_form": form or AttendanceForm(network=request.network),
    }
    response = _fragment(request, "attendance-panel", context)
    if refused:
        response.status_code = REFUSED
    return response


@network_view(Perm.EDIT_MINUTES)
@require_POST
def attendance_add(request: NetworkRequest, meeting_id: int) -> HttpResponse:
    """Add someone to the attendance list."""
    meeting = _meeting(request, meeting_id)
    form = AttendanceForm(request.POST, network=request.network)
    if form.is_valid():
        try:
            services.add_attendance(meeting=meeting, attendance=form.save(commit=False))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            return _attendance_response(request, meeting)
    return _attendance_response(request, meeting, form)


@network_view(Perm.EDIT_MINUTES)
@require_POST
def attendance_mark(request: NetworkRequest, meeting_id: int, attendance_id: int) -> HttpResponse:
    """Mark someone present, or absent with a reason."""
    meeting, attendance = get_nested(
        request.network,
        Nested(_meetings(request), meeting_id),
        Nested(Attendance.objects.all(), attendance_id, parent="meeting"),
    )
    attendance.meeting = meeting
    present = request.POST.get("present") == "1"
    form = AbsenceForm(request.POST)
    reason = form.cleaned_data["absence_reason"] if form.is_valid() else ""
    try:
        services.mark_attendance(attendance=attendance, present=present, absence_reason=reason)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _attendance_response(request, meeting)
