from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.roles import Workstream
from core.workflow import WorkflowAdminMixin
from network.models import Household, Meeting, Membership, Network, Partner, Person, Village


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "sub_district", "district", "province"]
    prepopulated_fields = {"slug": ["name"]}


class MembershipForm(forms.ModelForm):
    """A membership with its workstreams as tick boxes (a coordinator's scope)."""

    workstreams = forms.MultipleChoiceField(
        label=_("Workstreams"),
        choices=Workstream.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For coordinators: the workstreams they coordinate."),
    )

    class Meta:
        model = Membership
        fields = ["user", "network", "role", "workstreams", "person"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    form = MembershipForm
    list_display = ["user", "network", "role", "coordinates"]
    list_filter = ["network", "role"]
    list_select_related = ["user", "network"]
    # An id box, not a list of every person of every network.
    raw_id_fields = ["person"]

    @admin.display(description=_("Coordinates"))
    def coordinates(self, membership: Membership) -> str:
        return ", ".join(membership.workstream_labels)


@admin.register(Village)
class VillageAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "network"]
    list_filter = ["network"]


@admin.register(Household)
class HouseholdAdmin(admin.ModelAdmin):
    list_display = ["house_number", "village", "network"]
    list_filter = ["network"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "village", "network"]
    list_filter = ["network"]
    search_fields = ["first_name", "last_name"]
    list_select_related = ["village", "network"]
    raw_id_fields = ["household"]


@admin.register(Partner)
class PartnerAdmin(WorkflowAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "status", "network"]
    readonly_fields = ["status_changed_at", "status_changed_by"]
    list_filter = ["network", "status", "kind"]
    raw_id_fields = ["parent"]


@admin.register(Meeting)
class MeetingAdmin(WorkflowAdminMixin, admin.ModelAdmin):
    list_display = ["number", "year", "date", "status", "network"]
    readonly_fields = ["adopted_in", "adopted_at"]
    list_filter = ["network", "status"]
