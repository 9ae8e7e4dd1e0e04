"""Reports' permissions and the roles that hold them (registered in ``ready()``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.roles import Role, register_permissions


class ReportPerm(models.TextChoices):
    """A permission over the reports and their sharing."""

    VIEW_REPORTS = "view_reports", _("See and download reports")
    MAKE_REPORTS = "make_reports", _("Render reports")
    SHARE_REPORTS = "share_reports", _("Share reports with partners and by link")


_VIEW: set[str] = {ReportPerm.VIEW_REPORTS}

HELD_BY: dict[str, set[str]] = {
    Role.SECRETARY: _VIEW | {ReportPerm.MAKE_REPORTS, ReportPerm.SHARE_REPORTS},
    Role.COMMITTEE: _VIEW,
    Role.COORDINATOR: _VIEW | {ReportPerm.MAKE_REPORTS},
    Role.ACCOUNTANT: _VIEW,
    # Partners follow progress through the reports shared with them, and nothing else.
    Role.PARTNER: _VIEW,
    Role.VIEWER: _VIEW,
}


def register() -> None:
    """Reports' permissions, after the workstreams' in the matrix."""
    register_permissions(ReportPerm, held_by=HELD_BY, order=800)
