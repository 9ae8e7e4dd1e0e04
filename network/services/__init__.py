"""Service functions of the network core: every change that touches several rows."""

from network.services.community import change_partner_status, propose_partner, save_person

__all__ = ["change_partner_status", "propose_partner", "save_person"]
