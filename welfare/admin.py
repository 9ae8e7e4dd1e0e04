from django.contrib import admin

from core.workflow import WorkflowAdminMixin
from welfare.models import Allocation, Application, CapacityProject, Disbursement, Programme


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "total_budget", "target_group", "workstream", "network"]
    list_filter = ["network", "year", "workstream"]


@admin.register(Allocation)
class AllocationAdmin(admin.ModelAdmin):
    list_display = ["programme", "village", "amount"]
    list_filter = ["network"]
    list_select_related = ["programme", "village"]


@admin.register(Application)
class ApplicationAdmin(WorkflowAdminMixin, admin.ModelAdmin):
    list_display = ["applicant", "programme", "village", "kind", "requested_amount", "status"]
    list_filter = ["network", "status", "kind"]
    list_select_related = ["applicant", "programme", "village"]


@admin.register(Disbursement)
class DisbursementAdmin(admin.ModelAdmin):
    list_display = ["receipt_number", "application", "date", "amount", "method"]
    list_filter = ["network", "method"]


@admin.register(CapacityProject)
class CapacityProjectAdmin(WorkflowAdminMixin, admin.ModelAdmin):
    list_display = ["title", "status", "network"]
    list_filter = ["network", "status"]
