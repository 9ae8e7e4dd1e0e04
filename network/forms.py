"""Forms for villages, people and partners."""

from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from core import limits
from core.forms import NetworkModelForm, ThaiDateField
from core.limits import TextLimit
from core.picker import PickerField
from core.thai import national_id_digits
from core.workflow import Member, workflow_of
from network.models import Partner, PartnerStatus, Person, Village
from network.models.community import validate_birth_date


class VillageForm(NetworkModelForm):
    """Add or edit a village."""

    class Meta:
        model = Village
        fields = ["number", "name"]


class PersonForm(NetworkModelForm):
    """Add or edit a person."""

    birth_date = ThaiDateField(label=_("birth date"), required=False)
    house_number = forms.CharField(
        label=_("house number"),
        max_length=20,
        required=False,
        help_text=_("People with the same house number in a village share a household."),
    )

    class Meta:
        model = Person
        fields = [
            "title",
            "first_name",
            "last_name",
            "national_id",
            "birth_date",
            "village",
            "phone",
        ]
        widgets = {
            "national_id": forms.TextInput(attrs={"inputmode": "numeric"}),
            "phone": forms.TextInput(attrs={"inputmode": "tel"}),
        }

    field_order = [
        "title",
        "first_name",
        "last_name",
        "national_id",
        "birth_date",
        "village",
        "house_number",
        "phone",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Room for the dashes and spaces of 1-2345-67890-12-3; the model's own
        # 13-character limit applies to the digits, after clean_national_id.
        national_id = self.fields["national_id"]
        national_id.max_length = 17
        national_id.widget.attrs["maxlength"] = 17
        national_id.validators = [
            *(v for v in national_id.validators if not isinstance(v, MaxLengthValidator)),
            MaxLengthValidator(17),
        ]
        if self.instance.household_id and not self.is_bound:
            self.initial["house_number"] = self.instance.household.house_number

    def clean_birth_date(self) -> Any:
        birth_date = self.cleaned_data["birth_date"]
        validate_birth_date(birth_date)
        return birth_date

    def clean_national_id(self) -> str:
        digits = national_id_digits(self.cleaned_data["national_id"])
        # The constraint is conditional (blank IDs repeat), so Django would report a
        # duplicate only as a form-wide "constraint violated": say it on the field.
        if (
            digits
            and Person.objects.for_network(self.network)
            .filter(national_id=digits)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            raise forms.ValidationError(
                _("%(field)s is already used in this network.")
                % {"field": self.fields["national_id"].label},
                code="unique",
            )
        return digits

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("house_number") and not cleaned.get("village"):
            self.add_error("village", _("A house number needs its village."))
        return cleaned


class PartnerForm(NetworkModelForm):
    """Add or edit a partner; status changes go through vetting, not this form."""

    parent = PickerField("partners", label=_("part of"), required=False)

    class Meta:
        model = Partner
        fields = [
            "name",
            "short_name",
            "kind",
            "parent",
            "contact_name",
            "contact_phone",
            "contact_email",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class PartnerStatusForm(forms.Form):
    """Move a partner to its next vetting status, with the reason."""

    to_status = forms.ChoiceField(label=_("new status"), choices=())
    reason = forms.CharField(
        label=_("reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[TextLimit(limits.REASON)],
        help_text=_("For example: what the network checked about this partner."),
    )

    def __init__(
        self, *args: Any, partner: Partner, member: Member | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # The vetting workflow's steps open to this member, and nothing else.
        self.fields["to_status"].choices = [
            (step.target, PartnerStatus(step.target).label)
            for step in workflow_of(Partner).available(partner, member)
        ]
