"""Changes to the network core that touch several rows or record history."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.types import Actor
from core.workflow import Member, transition_to
from network.models import Household, Partner, PartnerStatus, PartnerStatusChange, Person


@transaction.atomic
def change_partner_status(
    *,
    partner: Partner,
    to_status: str,
    actor: Actor | None,
    reason: str,
    at: datetime | None = None,
    member: Member | None = None,
) -> PartnerStatusChange:
    """Move a partner along its vetting path and record who did it, when and why.

    The step is the vetting workflow's (``network.workflows``): the row is locked
    and re-read, so two people acting at once cannot both apply a step decided
    against a stale status; a reason is always required.
    """
    change = transition_to(partner, to_status, actor=actor, member=member, reason=reason, at=at)
    assert isinstance(change, PartnerStatusChange)
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
