"""Forms of the welfare pages. They validate input; the services decide."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from core import limits
from core.forms import BLANK_CHOICE_LABEL, NetworkModelForm, ThaiDateField
from core.imports.files import size_text
from core.limits import TextLimit
from core.picker import PickerField, PickerMultipleField
from network.models import Village
from welfare.models import (
    Application,
    DisbursementMethod,
    FollowUpResult,
    GrantKind,
    Programme,
    Recommendation,
)
from welfare.workflows import APPLICATION_WORKFLOW, CAPACITY_WORKFLOW

MONEY_ATTRS = {"inputmode": "decimal", "step": "0.01", "min": "0"}


def money_field(label: Any, **options: Any) -> forms.DecimalField:
    """A baht amount typed by a person: two places, more than zero."""
    return forms.DecimalField(
        label=label,
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        widget=forms.NumberInput(attrs=MONEY_ATTRS),
        **options,
    )


class ProgrammeForm(NetworkModelForm):
    """A programme's facts; the year is typed in the Buddhist era."""

    year = forms.IntegerField(
        label=_("year (BE)"), min_value=2500, max_value=2700, help_text=_("For example 2550.")
    )
    grant_kinds = forms.MultipleChoiceField(
        label=_("grant kinds allowed"),
        choices=GrantKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick none to allow every kind."),
    )
    total_budget = money_field(_("total budget"))
    adopted_by = PickerField("resolutions", required=False, label=_("adopted by resolution"))
    funders = PickerMultipleField("partners", required=False, label=_("funders"))

    class Meta:
        model = Programme
        fields = [
            "name",
            "year",
            "target_group",
            "grant_kinds",
            "total_budget",
            "funders",
            "rules",
            "adopted_by",
        ]
        widgets = {"rules": forms.Textarea({"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["year"] = self.instance.year_be

    def clean_year(self) -> int:
        return self.cleaned_data["year"] - 543


class EqualAllocationForm(forms.Form):
    """The same allocation for every village, in one action."""

    amount = money_field(_("amount per village"))


class AllocationForm(forms.Form):
    """One village's allocation (zero is allowed: the village takes no part)."""

    amount = forms.DecimalField(
        label=_("allocation"),
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0"),
        widget=forms.NumberInput(attrs=MONEY_ATTRS),
    )


class ApplicationForm(forms.ModelForm):
    """An application's details, for one programme of one network."""

    applicant = PickerField("people", label=_("applicant"))
    requested_amount = money_field(_("requested amount"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Application
        fields = ["applicant", "village", "kind", "purpose", "requested_amount"]
        widgets = {"purpose": forms.Textarea({"rows": 3})}

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.programme = programme
        network = programme.network
        village = self.initial.get("village")
        # Opened from a village: the search offers its people first.
        self.fields["applicant"].for_network(network, village=getattr(village, "pk", None))
        self.fields["village"].queryset = Village.objects.for_network(network).order_by("number")
        self.fields["village"].required = False
        self.fields["village"].help_text = _("Leave empty for the applicant's own village.")
        self.fields["kind"].choices = [
            (value, label) for value, label in GrantKind.choices if programme.allows_kind(value)
        ]
        self.fields["village"].empty_label = BLANK_CHOICE_LABEL
        if self.instance.pk:
            self.fields["applicant"].disabled = True
            self.initial["version"] = self.instance.version

    def _post_clean(self) -> None:
        # The services build and check the row; the model's own clean needs the
        # network and programme, which the form does not carry.
        pass


class StepForm(forms.Form):
    """A step on the application's path that needs no more than a reason."""

    # The steps drawn as plain buttons; the others have forms of their own.
    STEPS = tuple(step.name for step in APPLICATION_WORKFLOW.transitions.values() if step.button)

    step = forms.ChoiceField(choices=[(step, step) for step in STEPS])
    reason = forms.CharField(
        label=_("reason"),
        required=False,
        widget=forms.Textarea({"rows": 2}),
        validators=[TextLimit(limits.REASON)],
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReviewForm(forms.Form):
    """A committee member's recommendation, or their declared conflict of interest."""

    recommendation = forms.ChoiceField(
        label=_("recommendation"),
        choices=Recommendation.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("comment"),
        required=False,
        widget=forms.Textarea({"rows": 2}),
        validators=[TextLimit(limits.TEXT)],
    )
    conflict_declared = forms.BooleanField(
        label=_("I have a conflict of interest and will not review this application"),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("conflict_declared") and not cleaned.get("recommendation"):
            self.add_error("recommendation", _("Choose a recommendation."))
        return cleaned


class Decision:
    APPROVE = "approve"
    RETURN = "return"
    REJECT = "reject"


class DecisionForm(forms.Form):
    """The committee's decision: approve an amount, return for information, or reject."""

    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[
            (Decision.APPROVE, _("Approve")),
            (Decision.RETURN, _("Return for more information")),
            (Decision.REJECT, _("Reject")),
        ],
        widget=forms.RadioSelect,
    )
    amount = money_field(_("approved amount"), required=False)
    reason = forms.CharField(
        label=_("reason"),
        required=False,
        widget=forms.Textarea({"rows": 2}),
        validators=[TextLimit(limits.REASON)],
        help_text=_("Required when returning or rejecting."),
    )
    resolution = PickerField("resolutions", required=False, label=_("cited resolution"))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, application: Application, cite: bool = True, **kwargs: Any
    ) -> None:
        kwargs.setdefault("prefix", f"decide-{application.pk}")
        super().__init__(*args, **kwargs)
        if cite:
            self.fields["resolution"].for_network(application.network)
        else:
            # On the board, a card per application: no list of resolutions in each.
            del self.fields["resolution"]
        self.initial.setdefault("amount", application.requested_amount)
        self.initial.setdefault("version", application.version)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision == Decision.APPROVE and not cleaned.get("amount"):
            self.add_error("amount", _("Enter the approved amount."))
        if decision in (Decision.RETURN, Decision.REJECT) and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Give a reason for this step."))
        return cleaned


class DisbursementForm(forms.Form):
    """A payment of an approved grant."""

    date = ThaiDateField(label=_("date paid"))
    amount = money_field(_("amount"))
    method = forms.ChoiceField(label=_("method"), choices=DisbursementMethod.choices)
    receipt_number = forms.CharField(label=_("receipt number"), max_length=50)


class ReportingForm(forms.Form):
    """Ask for the outcome report by a date."""

    report_due = ThaiDateField(label=_("outcome report due"))
    version = forms.IntegerField(widget=forms.HiddenInput)


class FollowUpForm(forms.Form):
    """How the funded activity is doing."""

    result = forms.ChoiceField(label=_("follow-up result"), choices=FollowUpResult.choices)
    note = forms.CharField(
        label=_("note"),
        required=False,
        widget=forms.Textarea({"rows": 2}),
        validators=[TextLimit(limits.TEXT)],
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


# Attachments: what a file must be, checked on its first bytes, not its name.
ATTACHMENT_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
}
ATTACHMENT_ACCEPT = ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"


def sniff_content_type(head: bytes) -> str | None:
    """The type of a file from its first bytes, if it is one we accept."""
    for content_type, signatures in ATTACHMENT_SIGNATURES.items():
        if any(head.startswith(signature) for signature in signatures):
            return content_type
    return None


class AttachmentForm(forms.Form):
    """A supporting document: a PDF, PNG or JPEG of limited size."""

    file = forms.FileField(
        label=_("document"),
        widget=forms.ClearableFileInput(attrs={"accept": ATTACHMENT_ACCEPT}),
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        limit = settings.WELFARE_ATTACHMENT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s; the limit is %(limit)s.")
                % {"size": size_text(upload.size), "limit": size_text(limit)},
                code="too_large",
            )
        upload.seek(0)
        content_type = sniff_content_type(upload.read(16))
        upload.seek(0)
        if content_type is None:
            raise forms.ValidationError(
                _("Attach a PDF, PNG or JPEG file: this file is none of them."),
                code="file_type",
            )
        self.cleaned_data["content_type"] = content_type
        return upload


class CapacityProjectForm(forms.Form):
    """A capacity-building proposal with its objectives, one per line."""

    title = forms.CharField(label=_("title"), max_length=300)
    objectives = forms.CharField(
        label=_("objectives"),
        widget=forms.Textarea({"rows": 5}),
        validators=[TextLimit(limits.TEXT)],
        help_text=_("One objective per line."),
    )

    def objective_list(self) -> list[str]:
        return [
            line.strip() for line in self.cleaned_data["objectives"].splitlines() if line.strip()
        ]


class CapacityStepForm(forms.Form):
    """A step of a capacity-building proposal's workflow, with its reason if it needs one."""

    step = forms.ChoiceField(choices=[(name, name) for name in CAPACITY_WORKFLOW.transitions])
    reason = forms.CharField(
        label=_("reason"),
        required=False,
        widget=forms.Textarea({"rows": 2}),
        validators=[TextLimit(limits.REASON)],
    )
