"""The base of every import/export resource: django-import-export scoped to one network.

``NetworkResource`` is a ``ModelResource`` that

- reads and writes only the rows of its network (``get_queryset``, ``init_instance``);
- matches the file's headers to its columns, Thai or English, naming the missing
  and unknown ones (``dataset_from``);
- finds existing rows in a few queries for the whole file (``NetworkInstanceLoader``),
  never one per row, and treats a blank key as "new";
- validates each row with the model's own ``full_clean`` but without a query per
  row: relations come from the network's own rows, cached per import, and
  uniqueness inside the file is checked in memory (a repeated key names the row
  that had it first);
- skips rows that change nothing, cheaply (no diff objects: ``skip_diff``);
- writes through ``core.audit.bulk_create_audited`` / ``bulk_update_audited`` so
  that every row gets its history in the same transaction, and writes nothing at
  all in a dry run (the preview);
- never resets database sequences after an import (the library's default), which
  would race with other writers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from itertools import batched
from typing import Any, ClassVar

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from import_export import resources, widgets
from import_export.instance_loaders import ModelInstanceLoader

from core import thai
from core.audit import bulk_create_audited, bulk_update_audited
from core.forms import refuse_null_characters
from core.imports.files import ImportFileError, Table, cell_text, unescape_formula


def normalize_header(text: str) -> str:
    """A header as compared: spaces collapsed, case folded, a trailing * dropped."""
    return " ".join(str(text).replace("\ufeff", "").split()).casefold().rstrip("*").strip()


# Widgets: every cell arrives as text (core.imports.files.cell_text).


class TextWidget(widgets.Widget):
    """Text as typed, trimmed; the ``'`` our export adds before a formula is removed."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        text = unescape_formula(cell_text(value))
        try:
            refuse_null_characters(text)
        except ValidationError as error:
            raise ValueError(error.messages[0]) from error
        return text

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return "" if value is None else str(value)


class WholeNumberWidget(widgets.Widget):
    """A whole number such as 3 (an Excel 3.0 arrives as "3")."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> int | None:
        text = self.strip(cell_text(value))
        if not text:
            return None
        if not text.isdigit():
            raise ValueError(_("Enter a whole number, such as 3."))
        return int(text)

    def strip(self, text: str) -> str:
        """The text with any accepted prefix removed (none by default)."""
        return text

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> Any:
        return "" if value is None else value


class ThaiDateWidget(widgets.Widget):
    """A date as people type it: 9/10/2550 (BE), 9/10/2007, 2007-10-09, 9 ต.ค. 2550."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> dt.date | None:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = cell_text(value)
        if not text:
            return None
        return thai.parse_date(text)  # its ValueError carries the message for people

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return thai.format_date_input(value) if value else ""


class ChoiceWidget(widgets.Widget):
    """One of a model's choices, typed as its stored value or its Thai or English label."""

    def __init__(
        self,
        choices: type[models.Choices],
        aliases: dict[str, str] | None = None,
        *,
        render_value: bool = False,
    ) -> None:
        super().__init__(coerce_to_string=True)
        self.choices = choices
        self.aliases = aliases or {}
        # Export the stored value (already Thai, as for titles) rather than the label.
        self.render_value = render_value
        self._table: dict[str, str] | None = None

    def table(self) -> dict[str, str]:
        if self._table is None:
            table = {str(value).casefold(): value for value in self.choices.values}
            for language in ("en", "th"):
                with translation.override(language):
                    for member in self.choices:
                        table[str(member.label).casefold()] = member.value
            table.update({alias.casefold(): value for alias, value in self.aliases.items()})
            self._table = table
        return self._table

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        text = " ".join(unescape_formula(cell_text(value)).split())
        if not text:
            return ""
        try:
            return self.table()[text.casefold()]
        except KeyError:
            raise ValueError(
                _("“%(value)s” is not one of: %(choices)s.")
                % {
                    "value": text,
                    "choices": ", ".join(str(m.label) for m in self.choices),
                }
            ) from None

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        if value in (None, ""):
            return ""
        if self.render_value:
            return str(value)
        try:
            return str(self.choices(value).label)
        except ValueError:
            return str(value)


class BoundWidget(widgets.Widget):
    """A widget that looks rows up in its resource's per-import caches."""

    resource: Any = None

    def bind(self, resource: NetworkResource) -> None:
        self.resource = resource


class NetworkInstanceLoader(ModelInstanceLoader):
    """The network's existing rows for the file's keys, in one query per 2,000 keys.

    Unlike the library's ``CachedInstanceLoader``, a blank key means a new row (it
    must never match some existing row with a blank key), and a key that does not
    parse leaves the row new so that the field reports the error.
    """

    CHUNK = 2000

    def __init__(self, resource: Any, dataset: tablib.Dataset | None = None) -> None:
        super().__init__(resource, dataset)
        (name,) = resource.get_import_id_fields()
        self.field = resource.fields[name]
        self.instances: dict[Any, models.Model] = {}
        if dataset is None or self.field.column_name not in (dataset.headers or ()):
            return
        index = dataset.headers.index(self.field.column_name)
        keys = set()
        for values in dataset:
            try:
                key = self.field.widget.clean(values[index])
            except (ValueError, ValidationError):
                continue
            if key not in (None, ""):
                keys.add(key)
        attribute = self.field.attribute
        for chunk in batched(sorted(keys), self.CHUNK):
            for instance in self.get_queryset().filter(**{f"{attribute}__in": chunk}):
                self.instances[getattr(instance, attribute)] = instance

    def get_instance(self, row: dict[str, Any]) -> models.Model | None:
        try:
            key = self.field.clean(row)
        except (ValueError, ValidationError, KeyError):
            return None
        if key in (None, ""):
            return None
        return self.instances.get(key)


class NetworkResource(resources.ModelResource):
    """A model resource for the rows of one network; see the module docstring."""

    # Columns a file must have (others may be left out: their fields stay as they are).
    required_columns: ClassVar[tuple[str, ...]] = ()
    # Columns that the XLSX template and export format as text (IDs, phones).
    text_columns: ClassVar[tuple[str, ...]] = ()
    # Help for each column on the upload page: text, or a callable that gives it.
    column_help: ClassVar[dict[str, Any]] = {}
    # Further header spellings accepted, beside the Thai header and the field name.
    aliases: ClassVar[dict[str, str]] = {}

    class Meta:
        use_bulk = True
        batch_size = 1000
        # No per-row diff objects; unchanged rows are found by ``skip_row`` below.
        skip_diff = True
        clean_model_instances = True
        use_transactions = True
        chunk_size = 2000
        instance_loader_class = NetworkInstanceLoader

    def __init__(
        self,
        *,
        network: Any,
        user: Any = None,
        membership: Any = None,
        example: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.network = network
        self.user = user
        self.membership = membership
        self.example = dict(example or {})
        self.lines: list[int] = []
        self.failed = False
        self._first_row_of: dict[Any, int] = {}
        self._current_headers: set[str] = set()
        self.force_init = False
        self._snapshots: dict[int, tuple[Any, ...]] = {}
        for field in self.fields.values():
            if isinstance(field.widget, BoundWidget):
                field.widget.bind(self)

    # Columns and headers

    def columns(self) -> list[str]:
        """The columns of the template, in order."""
        return [field.column_name for field in self.get_import_fields()]

    def header_lookup(self) -> dict[str, str]:
        """Every accepted header spelling → its column."""
        lookup = {}
        for name, field in self.fields.items():
            for spelling in (name, name.replace("_", " "), field.column_name):
                lookup[normalize_header(spelling)] = field.column_name
        for alias, column in self.aliases.items():
            lookup[normalize_header(alias)] = column
        return lookup

    def column_for(self, key: str) -> str:
        """The column an error key (a field name or attribute) belongs to; "" for none."""
        for name, field in self.fields.items():
            if key in (name, field.attribute, (field.attribute or "").removesuffix("_id")):
                return field.column_name
        return ""

    def line_of(self, row_number: int) -> int:
        """The spreadsheet row number of the n-th data row."""
        return self.lines[row_number - 1] if 0 < row_number <= len(self.lines) else row_number

    def dataset_from(self, table: Table) -> tablib.Dataset:
        """The table as a dataset with our column names; refuses headers that do not match."""
        lookup = self.header_lookup()
        columns: list[str | None] = []
        seen: set[str] = set()
        unknown: list[str] = []
        repeated: list[str] = []
        for index, header in enumerate(table.headers):
            column = lookup.get(normalize_header(header)) if header else None
            if column is None:
                if header:
                    unknown.append(header)
                elif any(row[index] for row in table.rows):
                    unknown.append(_("column %(number)s (no header)") % {"number": index + 1})
            elif column in seen:
                repeated.append(header)
                column = None
            else:
                seen.add(column)
            columns.append(column)
        missing = [column for column in self.required_columns if column not in seen]
        if missing or unknown or repeated:
            problems = [_("The columns of this file do not match the template.")]
            if missing:
                problems.append(_("Missing: %(columns)s.") % {"columns": ", ".join(missing)})
            if unknown:
                problems.append(_("Not recognised: %(columns)s.") % {"columns": ", ".join(unknown)})
            if repeated:
                problems.append(
                    _("Given more than once: %(columns)s.") % {"columns": ", ".join(repeated)}
                )
            problems.append(
                _("The template's columns are: %(columns)s.")
                % {"columns": ", ".join(self.columns())}
            )
            raise ImportFileError(*problems)
        keep = [index for index, column in enumerate(columns) if column]
        dataset = tablib.Dataset(headers=[columns[index] for index in keep])
        for row in table.rows:
            dataset.append([row[index] for index in keep])
        if not len(dataset):
            raise ImportFileError(_("This file has a header row but no rows of data."))
        self.lines = list(table.lines)
        return dataset

    # Scoping

    def get_queryset(self) -> models.QuerySet:
        return self._meta.model.objects.for_network(self.network)

    def init_instance(self, row: Any = None) -> models.Model:
        return self._meta.model(network=self.network)

    def export_queryset(self) -> models.QuerySet:
        """The rows an export writes; subclasses add joins and order."""
        return self.get_queryset()

    def _check_import_id_fields(self, headers: Any) -> None:
        """Headers are checked by ``dataset_from``; a file without the key column is all new."""

    # Rows

    def import_instance(self, instance: models.Model, row: dict[str, Any], **kwargs: Any) -> None:
        errors: dict[str, list[ValidationError]] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        number = kwargs.get("row_number", 0)
        if self.is_example(row):
            errors.setdefault(NON_FIELD_ERRORS, []).append(
                ValidationError(
                    _("This is the template's example row: replace it with real data or delete it.")
                )
            )
        self.check_repeated_key(instance, number, errors)
        if errors:
            raise ValidationError(errors)

    def is_example(self, row: dict[str, Any]) -> bool:
        """Whether a row is the template's example, left in by mistake."""
        compared = [column for column in self.example if column in row]
        return len(compared) >= 2 and all(
            cell_text(row[column]) == self.example[column] for column in compared
        )

    def check_repeated_key(
        self, instance: models.Model, number: int, errors: dict[str, list[ValidationError]]
    ) -> None:
        """A key (village number, national ID…) given on two rows of one file is an error."""
        for name in self.get_import_id_fields():
            field = self.fields[name]
            if field.attribute in errors or field.column_name not in self._current_headers:
                continue
            key = field.get_value(instance)
            if key in (None, ""):
                continue
            first = self._first_row_of.setdefault(key, number)
            if first != number:
                errors.setdefault(field.attribute, []).append(
                    ValidationError(
                        _("%(column)s %(value)s is also on row %(row)s: give it only once.")
                        % {
                            "column": field.column_name,
                            "value": key,
                            "row": self.line_of(first),
                        }
                    )
                )

    def get_or_init_instance(self, instance_loader: Any, row: Any) -> tuple[Any, bool]:
        """``force_init_instance`` for this import alone when the file has no key column.

        (The library's option lives on the class-wide Meta, shared by every import.)
        """
        if self.force_init:
            return self.init_instance(row), True
        return super().get_or_init_instance(instance_loader, row)

    def before_import(self, dataset: tablib.Dataset, **kwargs: Any) -> None:
        self._current_headers = set(dataset.headers or ())
        # Without its key column, every row of the file is new: no lookups at all.
        self.force_init = not any(
            self.fields[name].column_name in self._current_headers
            for name in self.get_import_id_fields()
        )
        self._first_row_of.clear()
        self._snapshots.clear()
        self.failed = False

    def after_init_instance(
        self, instance: models.Model, new: bool, row: Any, **kwargs: Any
    ) -> None:
        if not new:
            self._snapshots[id(instance)] = self.snapshot(instance)

    def snapshot(self, instance: models.Model) -> tuple[Any, ...]:
        """The values an import may change, to tell whether a row changed anything."""
        meta = instance._meta
        values = []
        for field in self.get_import_fields():
            try:
                model_field = meta.get_field(field.attribute)
                if not isinstance(model_field, models.Field):  # a reverse relation: no column
                    raise AttributeError(field.attribute)
                values.append(getattr(instance, model_field.attname))
            except Exception:  # a field that is not a model field
                values.append(field.get_value(instance))
        return tuple(values)

    def skip_row(
        self,
        instance: models.Model,
        original: Any,
        row: Any,
        import_validation_errors: Any = None,
    ) -> bool:
        """Skip an existing row whose values are all unchanged (no history for nothing)."""
        if import_validation_errors:
            return False
        before = self._snapshots.get(id(instance))
        return before is not None and before == self.snapshot(instance)

    def relation_names(self) -> set[str]:
        return {field.name for field in self._meta.model._meta.concrete_fields if field.is_relation}

    def validate_instance(
        self,
        instance: models.Model,
        import_validation_errors: Any = None,
        validate_unique: bool = True,
    ) -> None:
        """The model's ``full_clean`` without its per-row queries.

        Related rows come from this network's own rows (so need no existence query),
        and keys repeated in the file are caught by ``check_repeated_key``.
        """
        errors = dict(import_validation_errors or {})
        if self._meta.clean_model_instances:
            try:
                instance.full_clean(
                    exclude=set(errors) | self.relation_names(),
                    validate_unique=False,
                    validate_constraints=False,
                )
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def after_import_row(self, row: Any, row_result: Any, **kwargs: Any) -> None:
        if not row_result.is_valid():
            self.failed = True

    # Writing

    def prepare_rows(self, objs: list[models.Model]) -> None:
        """Before rows are written: create what they point at (households…) in bulk."""

    def create_rows(self, objs: list[models.Model]) -> list[models.Model]:
        """Insert new rows with their history."""
        return bulk_create_audited(self._meta.model, objs, batch_size=self._meta.batch_size)

    def after_create_rows(self, objs: list[models.Model]) -> None:
        """After new rows are written (a partner's first vetting step…)."""

    def bulk_create(
        self,
        using_transactions: bool,
        dry_run: bool,
        raise_errors: bool,
        batch_size: int | None = None,
        result: Any = None,
    ) -> None:
        objs = list(self.create_instances)
        self.create_instances.clear()
        # A dry run writes nothing; after a failed row nothing will be kept anyway.
        if not objs or dry_run or self.failed:
            return
        try:
            self.prepare_rows(objs)
            self.after_create_rows(self.create_rows(objs))
        except Exception as error:
            self.failed = True
            self.handle_import_error(result, error, raise_errors)

    def bulk_update(
        self,
        using_transactions: bool,
        dry_run: bool,
        raise_errors: bool,
        batch_size: int | None = None,
        result: Any = None,
    ) -> None:
        objs = list(self.update_instances)
        self.update_instances.clear()
        if not objs or dry_run or self.failed:
            return
        # Updated rows may point at rows created earlier in the same file.
        self.bulk_create(using_transactions, dry_run, raise_errors, result=result)
        try:
            self.prepare_rows(objs)
            fields = self.get_bulk_update_fields()
            now = timezone.now()
            for model_field in self._meta.model._meta.concrete_fields:
                if getattr(model_field, "auto_now", False):
                    fields.append(model_field.name)
                    for obj in objs:
                        setattr(obj, model_field.attname, now)
            bulk_update_audited(self._meta.model, objs, fields, batch_size=self._meta.batch_size)
        except Exception as error:
            self.failed = True
            self.handle_import_error(result, error, raise_errors)

    def bulk_delete(self, *args: Any, **kwargs: Any) -> None:
        """Imports never delete."""
        self.delete_instances.clear()

    def after_import(self, dataset: tablib.Dataset, result: Any, **kwargs: Any) -> None:
        """Nothing: the library would reset the table's id sequence here (see module)."""
