"""Workstream sections of the village page: each workstream app adds its own.

An app registers a section at start-up (in its ``ready()``) with its place in
the page's order; the village page shows, in that order, every section whose
permission the member holds. The network app imports no workstream.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from core.registry import Registry

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


SECTIONS: Registry[VillageSection] = Registry("village sections", key=lambda section: section.key)


def register_village_section(section: VillageSection, *, order: int) -> None:
    """Add a workstream's section of the village page at its place in the order."""
    SECTIONS.register(section, order=order)


def village_sections(request: NetworkRequest, village: Village) -> list[RenderedSection]:
    """The sections this member may see on this village's page, in their declared order."""
    return [
        RenderedSection(section.key, section.template, section.context(request, village))
        for section in SECTIONS
        if request.membership.can(section.perm)
    ]
