from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WelfareConfig(AppConfig):
    name = "welfare"
    verbose_name = _("Community welfare")

    def ready(self) -> None:
        from core.navigation import NavEntry, in_app, register_nav
        from core.reporting import register_monthly_section, register_report_kind
        from core.roles import Workstream
        from network.demo import WorkstreamDemo, register_workstream_demo
        from network.progress import register_progress_provider
        from network.sections import VillageSection, register_village_section
        from welfare import demo as welfare_demo
        from welfare import (
            permissions,
            workflows,  # noqa: F401  (declares the status machines)
        )
        from welfare import scale as welfare_scale
        from welfare.board_report import board_report_kind
        from welfare.documents import document_report_kinds
        from welfare.permissions import WelfarePerm
        from welfare.progress import welfare_progress
        from welfare.report import welfare_monthly_section
        from welfare.sections import village_section

        # Welfare comes first among the workstreams wherever they are listed.
        order = 100
        permissions.register()
        self._register_audited()
        register_nav(
            NavEntry(
                "welfare",
                _("Welfare"),
                "welfare:programme_list",
                WelfarePerm.VIEW_WELFARE,
                in_app("welfare"),
            ),
            order=40,
        )
        register_progress_provider(Workstream.WELFARE, welfare_progress, order=order)
        register_monthly_section(Workstream.WELFARE, welfare_monthly_section, order=order)
        register_workstream_demo(
            Workstream.WELFARE,
            WorkstreamDemo(load=welfare_demo.load, counts=welfare_demo.counts),
            order=order,
        )
        register_village_section(
            VillageSection(
                key=Workstream.WELFARE,
                template="welfare/village_section.html",
                perm=WelfarePerm.VIEW_WELFARE,
                context=village_section,
            ),
            order=order,
        )
        register_report_kind(board_report_kind(), order=order)
        for offset, kind in enumerate(document_report_kinds(), start=1):
            register_report_kind(kind, order=order + offset)
        welfare_scale.register()

    @staticmethod
    def _register_audited() -> None:
        """Programmes, applications, payments and projects among the recent changes."""
        from django.db.models import F, Value
        from django.db.models.functions import Concat

        from core.audit import register_audited
        from welfare.models import Application, CapacityProject, Disbursement, Programme
        from welfare.permissions import WelfarePerm

        register_audited(
            Programme,
            order=100,
            label=lambda: F("name"),
            url_name="welfare:programme_board",
            url_kwarg="programme_id",
            perm=WelfarePerm.VIEW_WELFARE,
        )
        register_audited(
            Application,
            order=110,
            label=lambda: Concat(
                "applicant__title", "applicant__first_name", Value(" "), "applicant__last_name"
            ),
            url_name="welfare:application_detail",
            url_kwarg="application_id",
            perm=WelfarePerm.VIEW_WELFARE,
        )
        register_audited(
            Disbursement,
            order=120,
            label=lambda: F("receipt_number"),
            url_name="welfare:application_detail",
            url_kwarg="application_id",
            url_field="application_id",
            perm=WelfarePerm.VIEW_WELFARE,
        )
        register_audited(
            CapacityProject,
            order=130,
            label=lambda: F("title"),
            url_name="welfare:capacity_detail",
            url_kwarg="project_id",
            perm=WelfarePerm.VIEW_WELFARE,
        )
