"""Trigram indexes for substring search, on PostgreSQL only.

Thai has no spaces between words, so search is by substring (``icontains``,
which Django writes as ``UPPER(col) LIKE UPPER('%…%')``). Only a trigram GIN index
over ``UPPER(col)`` serves that; a plain B-tree cannot. The index leads with
``network_id`` (through btree_gin) so that a search reads one network's entries,
never another's. SQLite has no such index: there the operation does nothing and
search stays a scan of the network's rows.

The index is invisible to Django's model state (it is not in ``Meta.indexes``,
which cannot express an operator class on SQLite), so ``makemigrations`` neither
adds nor drops it; the migration that creates it is its only declaration.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

EXTENSIONS = ("pg_trgm", "btree_gin")


class TrigramIndex(migrations.operations.base.Operation):
    """Create a GIN index on (network_id, UPPER(column) gin_trgm_ops, …) on PostgreSQL."""

    reversible = True
    reduces_to_sql = True

    def __init__(self, model_name: str, name: str, columns: list[str]) -> None:
        self.model_name = model_name
        self.name = name
        self.columns = list(columns)

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return (
            self.__class__.__qualname__,
            [],
            {"model_name": self.model_name, "name": self.name, "columns": self.columns},
        )

    def state_forwards(self, app_label: str, state: Any) -> None:
        """No change to the model state: see the module's docstring."""

    def _table(self, app_label: str, state: Any) -> str:
        return state.apps.get_model(app_label, self.model_name)._meta.db_table

    def database_forwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        quote = schema_editor.quote_name
        for extension in EXTENSIONS:
            schema_editor.execute(f"CREATE EXTENSION IF NOT EXISTS {extension}")
        parts = [quote("network_id")] + [
            f"UPPER({quote(column)}) gin_trgm_ops" for column in self.columns
        ]
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {quote(self.name)} "
            f"ON {quote(self._table(app_label, to_state))} USING gin ({', '.join(parts)})"
        )

    def database_backwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(self.name)}")

    def describe(self) -> str:
        return f"Trigram index {self.name} on {self.model_name} ({', '.join(self.columns)})"

    @property
    def migration_name_fragment(self) -> str:
        return f"{self.model_name}_{self.name}"
