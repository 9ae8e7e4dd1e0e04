"""List filters for people and partners."""

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from network.models import Partner, PartnerKind, PartnerStatus, Person, Village


class SearchInput(forms.TextInput):
    input_type = "search"


class PersonFilter(django_filters.FilterSet):
    """Search people by name, phone or house number; filter by village and title."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=SearchInput(attrs={"placeholder": _("Name, phone or house number")}),
    )
    village = django_filters.ModelChoiceFilter(
        label=_("Village"), queryset=Village.objects.none(), empty_label=_("All villages")
    )
    has_national_id = django_filters.BooleanFilter(
        label=_("National ID"),
        method="filter_has_national_id",
        widget=forms.Select(
            choices=[("", _("Any")), ("true", _("Recorded")), ("false", _("Missing"))]
        ),
    )

    class Meta:
        model = Person
        fields = ["q", "village", "has_national_id"]

    def __init__(self, *args: Any, network: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.network = network
        self.filters["village"].queryset = Village.objects.for_network(network)

    def search(self, queryset: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        return queryset.search(value, network=self.network)

    def filter_has_national_id(
        self, queryset: QuerySet[Person], name: str, value: bool | None
    ) -> QuerySet[Person]:
        if value is None:
            return queryset
        return queryset.exclude(national_id="") if value else queryset.filter(national_id="")


class PartnerFilter(django_filters.FilterSet):
    """Filter partners by vetting status and kind; search by name or contact."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=SearchInput(attrs={"placeholder": _("Name or contact person")}),
    )
    status = django_filters.ChoiceFilter(
        label=_("Vetting status"), choices=PartnerStatus.choices, empty_label=_("All statuses")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=PartnerKind.choices, empty_label=_("All kinds")
    )

    class Meta:
        model = Partner
        fields = ["q", "status", "kind"]

    def search(self, queryset: QuerySet[Partner], name: str, value: str) -> QuerySet[Partner]:
        for word in value.split():
            queryset = queryset.filter(
                Q(name__icontains=word)
                | Q(short_name__icontains=word)
                | Q(contact_name__icontains=word)
            )
        return queryset
