from django.contrib import admin

from network.models import Household, Membership, Network, Partner, Person, Village


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "sub_district", "district", "province"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "network", "role", "workstream"]
    list_filter = ["network", "role"]
    list_select_related = ["user", "network"]
    # An id box, not a list of every person of every network.
    raw_id_fields = ["person"]


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
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "status", "network"]
    list_filter = ["network", "status", "kind"]
    raw_id_fields = ["parent"]
