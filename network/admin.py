from django.contrib import admin

from core.workflow import WorkflowAdminMixin
from network.models import Household, Meeting, Membership, Network, Partner, Person, Village


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "sub_district", "district", "province"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "network", "role", "workstream"]
    list_filter = ["network", "role"]
    list_select_related = ["user", "network"]


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


@admin.register(Partner)
class PartnerAdmin(WorkflowAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "status", "network"]
    readonly_fields = ["status_changed_at", "status_changed_by"]
    list_filter = ["network", "status", "kind"]


@admin.register(Meeting)
class MeetingAdmin(WorkflowAdminMixin, admin.ModelAdmin):
    list_display = ["number", "year", "date", "status", "network"]
    readonly_fields = ["adopted_in", "adopted_at"]
    list_filter = ["network", "status"]
