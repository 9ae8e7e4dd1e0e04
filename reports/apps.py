from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from core.navigation import Landing, NavEntry, in_app, register_landing, register_nav
        from core.reporting import register_background_render
        from reports import permissions
        from reports.kinds import register_core_kinds
        from reports.permissions import ReportPerm
        from reports.views import render_in_background

        permissions.register()
        register_core_kinds()
        register_background_render(render_in_background)
        register_nav(
            NavEntry(
                "reports", _("Reports"), "reports:list", ReportPerm.VIEW_REPORTS, in_app("reports")
            ),
            order=70,
        )
        # A partner, who may not see the network's pages, lands on the reports shared with them.
        register_landing(Landing("reports", "reports:list", ReportPerm.VIEW_REPORTS), order=10)
