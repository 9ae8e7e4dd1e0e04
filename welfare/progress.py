"""Welfare's "since the last meeting" summary for the meetings agenda."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from core.thai import format_baht
from network.models import Network
from network.progress import ProgressSummary
from welfare.models import ApplicationStatus, Disbursement, StatusChange, applications_received


def _period(queryset, field: str, since: dt.date | None, until: dt.date):
    """Rows after the previous meeting's day, up to and including this meeting's day."""
    queryset = queryset.filter(**{f"{field}__lte": until})
    return queryset.filter(**{f"{field}__gt": since}) if since else queryset


def welfare_progress(
    network: Network, since: dt.date | None, until: dt.date
) -> ProgressSummary | None:
    """Applications received and approved, and grants paid by village, in the period."""
    steps = _period(StatusChange.objects.for_network(network), "changed_at__date", since, until)
    received = steps.aggregate(n=applications_received())["n"]
    approved = steps.filter(to_status=ApplicationStatus.APPROVED).aggregate(
        n=Count("pk"), amount=Sum("application__approved_amount")
    )
    paid_by_village = list(
        _period(Disbursement.objects.for_network(network), "date", since, until)
        .values("application__village__number", "application__village__name")
        .annotate(amount=Sum("amount"), n=Count("application", distinct=True))
        .order_by("application__village__number")
    )
    if not received and not approved["n"] and not paid_by_village:
        return None
    paid = sum((row["amount"] for row in paid_by_village), Decimal(0))
    figures = [
        (_("Applications received"), str(received)),
        (_("Approved"), f"{approved['n']} · {format_baht(approved['amount'] or 0)}"),
        (_("Paid"), format_baht(paid)),
    ]
    sentence = ", ".join(
        _("Village No. %(number)s %(name)s: %(amount)s to %(count)s recipients")
        % {
            "number": row["application__village__number"],
            "name": row["application__village__name"],
            "amount": format_baht(row["amount"]),
            "count": row["n"],
        }
        for row in paid_by_village
    )
    return ProgressSummary(figures=figures, sentence=sentence)
