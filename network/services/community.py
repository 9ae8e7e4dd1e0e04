"""Changes to the network core that touch several rows or record history."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.types import Actor
from network.models import Household, Partner, PartnerStatus, PartnerStatusChange, Person


@transaction.atomic
def change_partner_status(
    *,
    partner: Partner,
    to_status: str,
    actor: Actor | None,
    reason: str,
    at: datetime | None = None,
) -> PartnerStatusChange:
    """Move a partner along its vetting path and record who did it, when and why.

    The partner row is locked (on PostgreSQL) and re-read, so two people acting at
    once cannot both apply a step decided against a stale status.
    """
    locked = Partner.objects.select_for_update().get(pk=partner.pk, network=partner.network)
    if to_status not in locked.allowed_next_statuses():
        raise ValidationError(
            _("A partner cannot go from “%(from)s” to “%(to)s”.")
            % {
                "from": PartnerStatus(locked.status).label,
                "to": PartnerStatus(to_status).label
                if to_status in PartnerStatus.values
                else to_status,
            },
            code="invalid_transition",
        )
    if not reason.strip():
        raise ValidationError(_("Give a reason for this change."), code="reason_required")
    now = at or timezone.now()
    change = PartnerStatusChange.objects.create(
        network=locked.network,
        partner=locked,
        from_status=locked.status,
        to_status=to_status,
        changed_by=actor,
        changed_at=now,
        reason=reason.strip(),
    )
    locked.status = to_status
    locked.status_changed_at = now
    locked.status_changed_by = actor
    locked.save(update_fields=["status", "status_changed_at", "status_changed_by"])
    partner.refresh_from_db()
    return change


@transaction.atomic
def propose_partner(
    *,
    partner: Partner,
    actor: Actor | None,
    reason: str,
    at: datetime | None = None,
) -> Partner:
    """Save a new partner as proposed and record the proposal as its first step."""
    partner.status = PartnerStatus.PROPOSED
    partner.status_changed_by = actor
    partner.status_changed_at = at or timezone.now()
    partner.save()
    PartnerStatusChange.objects.create(
        network=partner.network,
        partner=partner,
        from_status="",
        to_status=PartnerStatus.PROPOSED,
        changed_by=actor,
        changed_at=partner.status_changed_at,
        reason=reason.strip() or _("Proposed as a new partner."),
    )
    return partner


@transaction.atomic
def save_person(*, person: Person, house_number: str = "") -> Person:
    """Save a person, joining them to the household at that house number in their village."""
    house_number = house_number.strip()
    if house_number and person.village_id:
        person.household, _created = Household.objects.get_or_create(
            network=person.network, village=person.village, house_number=house_number
        )
    else:
        person.household = None
    person.save()
    return person
