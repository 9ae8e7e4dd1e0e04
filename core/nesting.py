"""Nested URL objects, resolved through their parents.

A URL such as ``meetings/<meeting_id>/items/<item_id>/actions/<action_id>/`` names
a chain of rows: the action of an item of a meeting of the network. Each id is
looked up inside the row before it (and every row inside ``request.network``), so
an id that exists in the network but under another parent answers 404, exactly as
an id of another network does. Every view that takes two or more object ids from
its URL resolves them here; a test walks every such URL with mismatched parents.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Q
from django.http import Http404

# How a row hangs from the row before it: the name of its foreign key to the
# parent, or a function of the parent giving the filter (for a row reached two ways).
Parent = str | Callable[[Any], Q]


@dataclass(frozen=True)
class Nested:
    """One link of a URL's chain: where to look, the URL's value, how it hangs."""

    source: type[models.Model] | models.QuerySet
    value: object
    parent: Parent | None = None
    field: str = "pk"


def get_nested(network: Any, *chain: Nested) -> list[Any]:
    """The rows of a URL's chain, each inside the one before it and all inside the
    network; 404 at the first link that does not belong (no hint of which)."""
    found: list[Any] = []
    for link in chain:
        rows = link.source if isinstance(link.source, models.QuerySet) else None
        if rows is None:
            rows = link.source._default_manager.all()  # type: ignore[union-attr]
        rows = rows.filter(network=network).filter(**{link.field: link.value})
        if link.parent is not None:
            if not found:
                raise TypeError("The first link of a chain has no parent.")
            parent = found[-1]
            if callable(link.parent):
                rows = rows.filter(link.parent(parent))
            else:
                rows = rows.filter(**{link.parent: parent})
        row = rows.first()
        if row is None:
            raise Http404
        found.append(row)
    return found
