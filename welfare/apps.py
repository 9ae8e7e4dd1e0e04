from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WelfareConfig(AppConfig):
    name = "welfare"
    verbose_name = _("Community welfare")

    def ready(self) -> None:
        from core.roles import Perm, Workstream
        from welfare import workflows  # noqa: F401  (declares the status machines)

        self._register_audited()
        from network.demo import WorkstreamDemo, register_workstream_demo
        from network.progress import register_progress_provider
        from network.sections import VillageSection, register_village_section
        from reports.registry import register_monthly_section
        from welfare import demo as welfare_demo
        from welfare.progress import welfare_progress
        from welfare.report import welfare_monthly_section
        from welfare.sections import village_section

        register_progress_provider(Workstream.WELFARE, welfare_progress)
        register_monthly_section(Workstream.WELFARE, welfare_monthly_section)
        register_workstream_demo(
            Workstream.WELFARE, WorkstreamDemo(load=welfare_demo.load, counts=welfare_demo.counts)
        )
        register_village_section(
            VillageSection(
                key=Workstream.WELFARE,
                template="welfare/village_section.html",
                perm=Perm.VIEW_WELFARE,
                context=village_section,
            )
        )
        from reports.registry import register_report_kind
        from welfare.board_report import board_report_kind

        register_report_kind(board_report_kind())

    @staticmethod
    def _register_audited() -> None:
        """Programmes, applications, payments and projects among the recent changes."""
        from django.db.models import F, Value
        from django.db.models.functions import Concat

        from core.audit import register_audited
        from core.roles import Perm
        from welfare.models import Application, CapacityProject, Disbursement, Programme

        register_audited(
            Programme,
            label=lambda: F("name"),
            url_name="welfare:programme_board",
            url_kwarg="programme_id",
            perm=Perm.VIEW_WELFARE,
        )
        register_audited(
            Application,
            label=lambda: Concat(
                "applicant__title", "applicant__first_name", Value(" "), "applicant__last_name"
            ),
            url_name="welfare:application_detail",
            url_kwarg="application_id",
            perm=Perm.VIEW_WELFARE,
        )
        register_audited(
            Disbursement,
            label=lambda: F("receipt_number"),
            url_name="welfare:application_detail",
            url_kwarg="application_id",
            url_field="application_id",
            perm=Perm.VIEW_WELFARE,
        )
        register_audited(
            CapacityProject,
            label=lambda: F("title"),
            url_name="welfare:capacity_detail",
            url_kwarg="project_id",
            perm=Perm.VIEW_WELFARE,
        )
