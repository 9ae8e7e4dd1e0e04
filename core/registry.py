"""One helper for every registry: apps fill them at start-up, core and network read them.

A ``Registry`` holds entries under a key. Each entry is registered with an
explicit ``order`` number, and the registry is read in that order (ties by key),
so what a page or a report shows first is declared, not whatever order the apps
happen to load in. Registering a key twice fails at start-up with
``ImproperlyConfigured``, naming both registrants, instead of one silently
replacing the other. Tests that need a stand-in entry use ``replaced()``.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.core.exceptions import ImproperlyConfigured


@dataclasses.dataclass(frozen=True)
class Entry[T]:
    """One registered value, where it sits in the order, and who registered it."""

    key: str
    value: T
    order: int
    registrant: str


def _caller(skip: set[str]) -> str:
    """The first module up the stack that is neither this one nor a registry's own."""
    frame = sys._getframe(1)
    while frame is not None:
        module = frame.f_globals.get("__name__", "?")
        if module != __name__ and module not in skip:
            return f"{module} (line {frame.f_lineno})"
        frame = frame.f_back  # type: ignore[assignment]
    return "?"


class Registry[T]:
    """Entries by key, read in their declared order; a duplicate key is an error."""

    def __init__(
        self, name: str, *, key: Callable[[T], str] | None = None, owner: str | None = None
    ) -> None:
        self.name = name
        self._key = key
        self._entries: dict[str, Entry[T]] = {}
        self._sorted: list[Entry[T]] | None = None
        # The module that owns the registry (and its register_* wrapper) is not a
        # registrant: the error names the app module that called the wrapper.
        self._home = {owner or sys._getframe(1).f_globals.get("__name__", "")}

    def register(self, value: T, *, order: int, key: str | None = None) -> T:
        """Add an entry at its place in the order; refuse a key already taken."""
        if key is None:
            if self._key is None:
                raise TypeError(f"The {self.name} registry needs an explicit key.")
            key = self._key(value)
        key = str(key)
        registrant = _caller(self._home)
        if key in self._entries:
            first = self._entries[key].registrant
            raise ImproperlyConfigured(
                f"{self.name}: the key {key!r} is registered twice, "
                f"first by {first} and again by {registrant}."
            )
        self._entries[key] = Entry(key, value, order, registrant)
        self._sorted = None
        return value

    def unregister(self, key: str) -> None:
        """Remove an entry (tests)."""
        self._entries.pop(str(key), None)
        self._sorted = None

    @contextmanager
    def replaced(self, key: str, value: T, *, order: int | None = None) -> Iterator[T]:
        """Stand a value in for the entry under ``key`` (or add it) while the block runs."""
        key = str(key)
        previous = self._entries.get(key)
        if order is None:
            order = previous.order if previous else 0
        self._entries[key] = Entry(key, value, order, _caller(self._home))
        self._sorted = None
        try:
            yield value
        finally:
            if previous is None:
                self._entries.pop(key, None)
            else:
                self._entries[key] = previous
            self._sorted = None

    def entries(self) -> list[Entry[T]]:
        """Every entry in its declared order."""
        if self._sorted is None:
            self._sorted = sorted(self._entries.values(), key=lambda e: (e.order, e.key))
        return self._sorted

    def keys(self) -> list[str]:
        """Every key in order."""
        return [entry.key for entry in self.entries()]

    def items(self) -> list[tuple[str, T]]:
        """(key, value) pairs in order."""
        return [(entry.key, entry.value) for entry in self.entries()]

    def __iter__(self) -> Iterator[T]:
        return iter([entry.value for entry in self.entries()])

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        return str(key) in self._entries

    def get(self, key: str) -> T | None:
        """The value under this key, if any."""
        entry = self._entries.get(str(key))
        return entry.value if entry else None

    def __getitem__(self, key: str) -> T:
        return self._entries[str(key)].value
