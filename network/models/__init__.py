"""Models of the network core: the community (people, villages, partners) and meetings."""

from network.models.community import (
    PARTNER_TRANSITIONS,
    Household,
    Membership,
    Network,
    Partner,
    PartnerKind,
    PartnerStatus,
    PartnerStatusChange,
    Person,
    PersonQuerySet,
    Title,
    Village,
)

__all__ = [
    "PARTNER_TRANSITIONS",
    "Household",
    "Membership",
    "Network",
    "Partner",
    "PartnerKind",
    "PartnerStatus",
    "PartnerStatusChange",
    "Person",
    "PersonQuerySet",
    "Title",
    "Village",
]
