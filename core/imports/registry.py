"""The kinds of rows that can be imported and exported, registered by the apps that own them.

Core knows no workstream: an app declares its kinds in its own ``imports.py``
(``register_kind(ImportKind(...), order=...)``), and the registry finds those modules the
first time it is asked, as the admin finds ``admin.py`` modules. So no app needs
a ``ready()`` hook for it, and a kind exists once its module is written.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.utils.module_loading import autodiscover_modules

from core.registry import Registry

if TYPE_CHECKING:
    from core.imports.resources import NetworkResource


@dataclasses.dataclass(frozen=True)
class ImportKind:
    """One kind of row: its resource, who may see and change it, and a template row."""

    key: str  # in URLs: /n/<network>/import/<key>/
    label: Any  # plural, lazily translated: "People"
    resource_class: type[NetworkResource]
    view_perm: str  # to export
    edit_perm: str  # to import
    example: Mapping[str, str]  # column header → value, the template's example row
    list_url_name: str = ""  # the list page that links here, e.g. "network:person_list"
    notes: tuple[Any, ...] = ()  # extra lines for the upload page

    def resource(self, *, network: Any, user: Any = None, membership: Any = None) -> Any:
        """A resource for one import or export in one network."""
        return self.resource_class(
            network=network, user=user, membership=membership, example=self.example
        )


KINDS: Registry[ImportKind] = Registry("import kinds", key=lambda kind: kind.key)
_discovered = False
_lock = threading.Lock()


def register_kind(kind: ImportKind, *, order: int) -> ImportKind:
    """Make a kind importable and exportable (called from an app's ``imports.py``)."""
    return KINDS.register(kind, order=order)


def _discover() -> None:
    global _discovered
    if _discovered:
        return
    with _lock:
        if not _discovered:
            autodiscover_modules("imports")
            _discovered = True


def get_kind(key: str) -> ImportKind | None:
    """The kind registered under this key, if any."""
    _discover()
    return KINDS.get(key)


def all_kinds() -> list[ImportKind]:
    """Every registered kind, in its declared order."""
    _discover()
    return list(KINDS)
