"""Forms of the meeting pages."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core import limits
from core.forms import NetworkModelForm, ThaiDateField
from core.limits import TextLimit
from core.picker import PickerField
from core.roles import Workstream
from network.models import (
    ActionItem,
    AgendaSection,
    Attendance,
    AttendanceKind,
    Meeting,
    Village,
)
from network.services.meetings import next_meeting_number


class MeetingForm(NetworkModelForm):
    """A meeting's heading: number, date, times, place and who chairs and minutes it."""

    date = ThaiDateField(label=_("date"))
    chair = PickerField("people", label=_("chair"), required=False)
    minute_taker = PickerField("people", label=_("minute-taker"), required=False)
    checker = PickerField("people", label=_("minutes checker"), required=False)

    class Meta:
        model = Meeting
        fields = [
            "number",
            "date",
            "start_time",
            "end_time",
            "place",
            "chair",
            "minute_taker",
            "checker",
        ]
        widgets = {
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["number"].required = False
        self.fields["number"].help_text = _("Leave empty for the next number of the year.")

    def _get_validation_exclusions(self) -> set[str]:
        # The year comes from the date; the (network, year, number) rule needs it.
        # Without a valid date there is no year to check (and no field to show an
        # error on "year"), so the rule waits until the date is right.
        exclusions = super()._get_validation_exclusions()
        if "date" not in exclusions:
            exclusions.discard("year")
        return exclusions

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("date"):
            self.instance.year = cleaned["date"].year
            if not cleaned.get("number"):
                cleaned["number"] = next_meeting_number(self.network, cleaned["date"].year)
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end < start:
            self.add_error("end_time", _("The meeting cannot close before it starts."))
        return cleaned


class AgendaItemForm(forms.Form):
    """A new agenda item in a section."""

    section = forms.TypedChoiceField(
        label=_("section"),
        coerce=int,
        choices=[(s.value, s.label) for s in AgendaSection if s != AgendaSection.PREVIOUS_MINUTES],
    )
    title = forms.CharField(label=_("topic"), max_length=300)
    workstream = forms.ChoiceField(
        label=_("workstream"), choices=Workstream.choices, initial=Workstream.GENERAL
    )


class ActionItemForm(NetworkModelForm):
    """A new action item on an agenda item."""

    due_date = ThaiDateField(label=_("due date"), required=False)
    owner = PickerField("people", label=_("owner"), required=False)

    class Meta:
        model = ActionItem
        fields = ["description", "owner", "owner_name", "due_date"]
        widgets = {"description": forms.TextInput()}


class AttendanceForm(NetworkModelForm):
    """Someone at (or missing from) a meeting."""

    person = PickerField("people", label=_("person"), required=False)
    partner = PickerField("partners", label=_("partner represented"), required=False)

    class Meta:
        model = Attendance
        fields = ["kind", "person", "name", "village", "partner", "present", "absence_reason"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].initial = AttendanceKind.VILLAGE_REP
        self.fields["village"].queryset = Village.objects.for_network(self.network)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("person") and not cleaned.get("name", "").strip():
            self.add_error("name", _("Choose a person or type a name."))
        if cleaned.get("present") is False and not cleaned.get("absence_reason", "").strip():
            self.add_error("absence_reason", _("Give the reason for the absence."))
        if cleaned.get("person") and not cleaned.get("village") and cleaned["person"].village_id:
            cleaned["village"] = cleaned["person"].village
            self.instance.village = cleaned["person"].village
        return cleaned


class AbsenceForm(forms.Form):
    """Mark someone absent, with the reason."""

    absence_reason = forms.CharField(label=_("reason for absence"), max_length=250)


class AmendmentForm(forms.Form):
    """An amendment to locked minutes."""

    amended = forms.CharField(
        label=_("amended text"),
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[TextLimit(limits.LONG_TEXT)],
    )
    reason = forms.CharField(label=_("reason"), validators=[TextLimit(limits.REASON)])
