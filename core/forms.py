"""Form fields and helpers shared by every app."""

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.validators import ProhibitNullCharactersValidator
from django.forms.utils import ErrorDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import thai
from core.picker import PickerField

# Django's blank-choice label has no Thai in Django's own catalog; naming the same
# message id here puts it in ours, which Django reads first.
BLANK_CHOICE_LABEL = gettext_lazy("- Select an option -")

# Every form's text field refuses a NUL character with Django's message (it has
# no Thai in Django's catalog: naming it here puts it in ours). Text that does not
# pass through a form (live minutes, resolutions, import cells) is refused by
# ``refuse_null_characters`` with the same message: PostgreSQL cannot store it.
NULL_CHARACTERS_REFUSED = gettext_lazy("Null characters are not allowed.")
_prohibit_null_characters = ProhibitNullCharactersValidator(message=NULL_CHARACTERS_REFUSED)


def refuse_null_characters(*texts: str) -> None:
    """Raise the forms' ValidationError if any text holds a NUL character."""
    for text in texts:
        _prohibit_null_characters(text)


class ThaiDateInput(forms.TextInput):
    """A text date input showing dd/mm/yyyy, BE in Thai and CE in English."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        base = {
            "inputmode": "numeric",
            "autocomplete": "off",
            "placeholder": gettext_lazy("dd/mm/yyyy"),
        }
        super().__init__({**base, **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, dt.date):
            return thai.format_date_input(value)
        return super().format_value(value)


class ThaiDateField(forms.DateField):
    """A date typed in Thai or English with a BE (above 2400) or CE year."""

    widget = ThaiDateInput

    def to_python(self, value: Any) -> dt.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return thai.parse_date(str(value))
        except ValueError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from exc


class NetworkModelForm(forms.ModelForm):
    """A model form for a tenant-owned row of one network.

    It sets the row's network, offers only that network's rows in every choice of
    a related tenant-owned model (and binds every picker to the network), and
    validates unique constraints that include
    ``network`` (a plain ModelForm skips them, as ``network`` is not a form field).
    """

    def __init__(self, *args: Any, network: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.network = network
        self.instance.network = network
        for field in self.fields.values():
            if isinstance(field, PickerField):
                field.for_network(network)
                continue
            # Only model choice fields (and their subclasses) have a queryset and an empty label.
            if not isinstance(field, forms.ModelChoiceField):
                continue
            queryset = field.queryset
            if queryset is not None and hasattr(queryset, "for_network"):
                field.queryset = queryset.for_network(network)
            if field.empty_label is not None:
                field.empty_label = BLANK_CHOICE_LABEL

    # Django's private form API, which django-stubs does not declare.
    _errors: ErrorDict  # filled by full_clean() before it calls _post_clean()

    def _get_validation_exclusions(self) -> set[str]:
        exclusions = super()._get_validation_exclusions()  # type: ignore[misc]  # private API
        exclusions.discard("network")
        return exclusions

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]  # private API, not in django-stubs
        self._move_unique_errors_to_fields()

    def _move_unique_errors_to_fields(self) -> None:
        """Show "already used" on the field itself, not as a form-wide error.

        A (network, field) uniqueness error is raised form-wide by Django; the
        network is implied here, so it belongs to the one field the user typed.
        """
        if NON_FIELD_ERRORS not in self._errors:
            return
        remaining = []
        for error in self._errors[NON_FIELD_ERRORS].as_data():
            params = error.params or {}
            fields = [name for name in params.get("unique_check", ()) if name != "network"]
            if len(fields) == 1 and fields[0] in self.fields:
                field = self.fields[fields[0]]
                self._errors.setdefault(fields[0], self.error_class(renderer=self.renderer))
                self._errors[fields[0]].append(
                    _("%(field)s is already used in this network.") % {"field": field.label}
                )
                self.cleaned_data.pop(fields[0], None)
            else:
                remaining.append(error)
        if remaining:
            self._errors[NON_FIELD_ERRORS] = self.error_class(
                remaining, error_class="nonfield", renderer=self.renderer
            )
        else:
            del self._errors[NON_FIELD_ERRORS]
