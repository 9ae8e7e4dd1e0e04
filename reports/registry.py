"""What the reports app knows of the rest: the registries in ``core.reporting``.

They live in core so that a workstream registering its report kind or monthly
section imports nothing of reports; this module keeps reports' own imports short.
"""

from core.reporting import (
    MONTHLY_SECTIONS,
    REPORT_KINDS,
    MonthlySection,
    MonthlySectionProvider,
    Progress,
    Rendered,
    ReportKind,
    Table,
    get_report_kind,
    monthly_sections,
    no_progress,
    register_monthly_section,
    register_report_kind,
    report_kinds,
)

__all__ = [
    "MONTHLY_SECTIONS",
    "REPORT_KINDS",
    "MonthlySection",
    "MonthlySectionProvider",
    "Progress",
    "Rendered",
    "ReportKind",
    "Table",
    "get_report_kind",
    "monthly_sections",
    "no_progress",
    "register_monthly_section",
    "register_report_kind",
    "report_kinds",
]
