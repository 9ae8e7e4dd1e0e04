"""Forms of the reports pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ThaiDateField
from core.reporting import ReportKind
from reports.permissions import ReportPerm

PARAM_LABELS = {
    "month": _("month"),
    "meeting": _("meeting"),
    "programme": _("programme"),
    "as_of": _("figures as of"),
}
PARAM_HELP = {
    "as_of": _(
        "A past day gives the figures as they stood at its end, the same whenever the "
        "report is made again (9/10/2550 or 9/10/2007). Left empty: now."
    ),
}


class RequestForm(forms.Form):
    """Which report to make: the kind's parameters, a language, and sharing."""

    language = forms.ChoiceField(
        label=_("language"), choices=[("th", "ไทย"), ("en", "English")], initial="th"
    )
    shared_with_partners = forms.BooleanField(
        label=_("Share with the network's partners"), required=False
    )

    def __init__(self, *args: Any, kind: ReportKind, network: Any, membership: Any, **kwargs: Any):
        kwargs.setdefault("prefix", kind.key)
        super().__init__(*args, **kwargs)
        self.kind = kind
        for name in kind.params:
            choices = kind.choices.get(name)
            label = PARAM_LABELS.get(name, name)
            required = name not in kind.optional_params
            if choices is not None:
                self.fields[name] = forms.ChoiceField(
                    label=label, choices=choices(network), required=required
                )
            else:
                self.fields[name] = forms.CharField(
                    label=label, required=required, help_text=PARAM_HELP.get(name, "")
                )
        # Parameters first, then the language and sharing.
        order = [*kind.params, "language", "shared_with_partners"]
        self.order_fields(order)
        if not membership.can(ReportPerm.SHARE_REPORTS):
            del self.fields["shared_with_partners"]

    def raw_params(self) -> dict[str, str]:
        """The kind's parameters as typed, for the kind's own parser."""
        return {name: str(self.cleaned_data[name]) for name in self.kind.params}


class LinkForm(forms.Form):
    """A shared link: for whom, and until when."""

    label = forms.CharField(
        label=_("for whom"),
        max_length=200,
        required=False,
        help_text=_("Who the link is for, such as a partner's name."),
    )
    expires_on = ThaiDateField(label=_("works until"))
