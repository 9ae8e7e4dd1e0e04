"""Workstream sections of the village page: each workstream app adds its own.

An app registers a section at start-up (in its ``ready()``); the village page
shows every section whose permission the member's role holds. The network app
imports no workstream.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.tenancy import NetworkRequest
    from network.models import Village


@dataclasses.dataclass(frozen=True)
class VillageSection:
    """A block of the village page: its template, who may see it, and its data."""

    key: str
    template: str
    perm: str
    context: Callable[[NetworkRequest, Village], dict[str, Any]]


@dataclasses.dataclass(frozen=True)
class RenderedSection:
    """A section ready for the template: which template, with what data."""

    key: str
    template: str
    data: dict[str, Any]


_SECTIONS: dict[str, VillageSection] = {}


def register_village_section(section: VillageSection) -> None:
    """Add (or replace) a workstream's section of the village page."""
    _SECTIONS[section.key] = section


def village_sections(request: NetworkRequest, village: Village) -> list[RenderedSection]:
    """The sections this member may see on this village's page, in registration order."""
    return [
        RenderedSection(section.key, section.template, section.context(request, village))
        for section in _SECTIONS.values()
        if request.membership.can(section.perm)
    ]
