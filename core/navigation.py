"""The main navigation and a member's landing page, filled by the apps that own the pages.

Each app registers its navigation entries in its ``ready()``: the label, the URL
name (reversed with the network's slug), the permission a member needs to see
it, its place in the bar, and how the entry knows it is the current page. The
base template loops over ``nav_for()``; it names no app.

A member whose role may not see the network's home page (a partner) is sent to
the first landing page, in order, whose permission they hold.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.urls import ResolverMatch, reverse

from core.registry import Registry

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def in_app(app_name: str) -> Callable[[ResolverMatch], bool]:
    """Current on every page of an app (its URL namespace)."""
    return lambda match: match.app_name == app_name


def url_name_has(word: str, app_name: str | None = None) -> Callable[[ResolverMatch], bool]:
    """Current on pages whose URL name contains a word (``village`` in ``village_detail``)."""
    return lambda match: (
        word in (match.url_name or "") and (app_name is None or match.app_name == app_name)
    )


@dataclasses.dataclass(frozen=True)
class NavEntry:
    """One link of the main navigation."""

    key: str
    label: StrOrPromise
    url_name: str  # namespaced, takes the network slug: "welfare:programme_list"
    perm: str
    current: Callable[[ResolverMatch], bool]


@dataclasses.dataclass(frozen=True)
class NavLink:
    """A navigation entry as the template shows it."""

    key: str
    label: StrOrPromise
    url: str
    current: bool


@dataclasses.dataclass(frozen=True)
class Landing:
    """A page a member lands on when they may not see the network's home page."""

    key: str
    url_name: str  # namespaced, takes the network slug
    perm: str


NAVIGATION: Registry[NavEntry] = Registry("navigation", key=lambda entry: entry.key)
LANDINGS: Registry[Landing] = Registry("landing pages", key=lambda landing: landing.key)


def register_nav(entry: NavEntry, *, order: int) -> NavEntry:
    """Add an entry to the main navigation at its place."""
    return NAVIGATION.register(entry, order=order)


def register_landing(landing: Landing, *, order: int) -> Landing:
    """Offer a page to land on for members who may not see the home page."""
    return LANDINGS.register(landing, order=order)


def nav_for(membership: Any, match: ResolverMatch | None) -> list[NavLink]:
    """The entries this member may see, in order, with the current one marked."""
    slug = membership.network.slug
    return [
        NavLink(
            entry.key,
            entry.label,
            reverse(entry.url_name, kwargs={"network_slug": slug}),
            match is not None and entry.current(match),
        )
        for entry in NAVIGATION
        if membership.can(entry.perm)
    ]


def landing_url(membership: Any) -> str | None:
    """The first landing page this member may open, if any."""
    for landing in LANDINGS:
        if membership.can(landing.perm):
            return reverse(landing.url_name, kwargs={"network_slug": membership.network.slug})
    return None
