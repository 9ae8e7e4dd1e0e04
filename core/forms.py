"""Form fields and helpers shared by every app."""

import datetime as dt
from typing import Any

from django import forms

from core import thai


class ThaiDateInput(forms.TextInput):
    """A text date input showing dd/mm/yyyy, BE in Thai and CE in English."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        base = {"inputmode": "numeric", "autocomplete": "off", "placeholder": "วว/ดด/ปปปป"}
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
    a related tenant-owned model, and validates unique constraints that include
    ``network`` (a plain ModelForm skips them, as ``network`` is not a form field).
    """

    def __init__(self, *args: Any, network: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.network = network
        self.instance.network = network
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and hasattr(queryset, "for_network"):
                field.queryset = queryset.for_network(network)

    def _get_validation_exclusions(self) -> set[str]:
        exclusions = super()._get_validation_exclusions()
        exclusions.discard("network")
        return exclusions
