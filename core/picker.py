"""The one picker for every list that grows: people, households, resolutions, partners.

A form never renders a whole growing table as ``<option>``s. A ``PickerField`` draws
a text input that asks a search view (``/n/<slug>/pick/<source>/?q=``) for at most
``MAX_RESULTS`` matches as you type, a listbox for them and a hidden input holding
the chosen row's id (``static/js/picker.js``). Without JavaScript the text input is
a plain one: the user types the row's id, or an exact key the source knows (a
national ID, a phone number, a full name), and the server resolves it.

Each app declares what can be picked as a ``PickerSource`` (network declares its
sources in ``network/picker_sources.py``); this module knows no app.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.registry import Registry
from core.tenancy import NetworkRequest, network_view, require_perm

MAX_RESULTS = 20
MIN_QUERY = 1
# How many near matches a refused typed value names, so a user without JavaScript
# can retype the one they mean by its id.
SUGGESTIONS = 5


@dataclass(frozen=True)
class PickerSource:
    """What can be picked, from which rows of a network, and who may search it."""

    key: str
    perm: str
    # The network's rows, with what ``label`` and ``detail`` read already joined.
    rows: Callable[[Any], QuerySet]
    # Rows matching what was typed, best first (``MAX_RESULTS`` are shown).
    search: Callable[[QuerySet, str, dict[str, str]], QuerySet]
    # Rows that the text names exactly (no JavaScript): a national ID, a phone...
    exact: Callable[[QuerySet, str], QuerySet]
    label: Callable[[Any], str]
    # Shown beside the label: a person's village, a resolution's meeting.
    detail: Callable[[Any], str]
    # Lazy strings are immutable: safe as shared defaults.
    placeholder: Any = gettext_lazy("Type to search")  # noqa: RUF009
    # Said under the field when JavaScript is off: what may be typed instead.
    typed_hint: Any = gettext_lazy("Without JavaScript, type the number shown as ID.")  # noqa: RUF009
    not_found: Any = gettext_lazy("Nothing in this network matches “%(text)s”.")  # noqa: RUF009


# The sources, by key, in the order they are declared.
SOURCES: Registry[PickerSource] = Registry("picker sources", key=lambda source: source.key)


def register_source(source: PickerSource, *, order: int) -> PickerSource:
    """Declare a source; a key declared twice fails at start-up."""
    return SOURCES.register(source, order=order)


def get_source(key: str) -> PickerSource:
    """The source declared under a key."""
    source = SOURCES.get(key)
    if source is None:
        raise ImproperlyConfigured(f"No picker source {key!r} is declared.")
    return source


def resolve(source: PickerSource, rows: QuerySet, text: str) -> list[Model]:
    """The rows a typed or posted value names: by id first, then by the source's keys.

    At most ``SUGGESTIONS + 1`` rows, so a caller can tell one from several.
    """
    text = text.strip()
    if not text:
        return []
    if text.isdigit() and not text.startswith("0") and len(text) < 13:
        by_id = list(rows.filter(pk=int(text))[:1])
        if by_id:
            return by_id
    return list(source.exact(rows, text)[: SUGGESTIONS + 1])


class PickerWidget(forms.Widget):
    """A search box, its listbox and the hidden chosen id; a plain input without JS."""

    template_name = "components/picker.html"

    def __init__(
        self, attrs: dict[str, Any] | None = None, source_key: str = "", multiple: bool = False
    ) -> None:
        super().__init__(attrs)
        self.source_key = source_key
        self.multiple = multiple
        self.rows: QuerySet | None = None
        self.search_url = ""
        self.hints: dict[str, str] = {}

    @property
    def source(self) -> PickerSource | None:
        return get_source(self.source_key) if self.source_key else None

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        typed = str(data.get(f"{name}_q", "") or "").strip()
        if self.multiple:
            # The ticked chips, and one more typed in the box.
            chosen = [str(v) for v in data.getlist(name)] if hasattr(data, "getlist") else []
            return [*chosen, typed] if typed else chosen
        # What was typed wins over the hidden id: the script empties the box when a
        # row is chosen, and clears the id when the user types again.
        return typed or str(data.get(name, "") or "").strip()

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and f"{name}_q" not in data

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        source = self.source
        if self.multiple:
            return self._multiple_context(context, name, value, source)
        chosen = None
        text = "" if value is None else str(value.pk if isinstance(value, Model) else value)
        if isinstance(value, Model):
            chosen = value
        elif text and source is not None and self.rows is not None:
            found = resolve(source, self.rows, text)
            chosen = found[0] if len(found) == 1 else None
        widget = context["widget"]
        widget_id = widget["attrs"].get("id") or f"id_{name}"
        widget.update(
            {
                "id": widget_id,
                "chosen": chosen,
                "chosen_label": source.label(chosen) if chosen and source else "",
                "chosen_detail": source.detail(chosen) if chosen and source else "",
                "typed": "" if chosen else text,
                "search_url": self.search_url,
                "hints_json": json.dumps(self.hints) if self.hints else "",
                "placeholder": source.placeholder if source else "",
                "typed_hint": source.typed_hint if source else "",
                "required": self.is_required,
            }
        )
        return context

    def _multiple_context(
        self, context: dict[str, Any], name: str, value: Any, source: PickerSource | None
    ) -> dict[str, Any]:
        values = value if isinstance(value, list | tuple) else ([value] if value else [])
        ids = [str(v) for v in values if not isinstance(v, Model) and str(v).isdigit()]
        # The chosen ones in one query, however many there are.
        by_id = (
            {str(row.pk): row for row in self.rows.filter(pk__in=ids)}
            if ids and self.rows is not None
            else {}
        )
        rows, typed = [], []
        for item in values:
            if isinstance(item, Model):
                rows.append(item)
            elif str(item) in by_id:
                rows.append(by_id[str(item)])
            elif source is not None and self.rows is not None and str(item).strip():
                found = resolve(source, self.rows, str(item))
                if len(found) == 1:
                    rows.append(found[0])
                else:
                    typed.append(str(item))
        widget = context["widget"]
        widget.update(
            {
                "id": widget["attrs"].get("id") or f"id_{name}",
                "multiple": True,
                "chosen_rows": [
                    {"pk": row.pk, "label": source.label(row), "detail": source.detail(row)}
                    for row in rows
                ]
                if source
                else [],
                "typed": typed[-1] if typed else "",
                "search_url": self.search_url,
                "hints_json": json.dumps(self.hints) if self.hints else "",
                "placeholder": source.placeholder if source else "",
                "typed_hint": source.typed_hint if source else "",
            }
        )
        return context

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        # The project's templates directory, not the form renderer's app-only one;
        # the template escapes every value it prints.
        html = render_to_string(self.template_name, self.get_context(name, value, attrs))
        return mark_safe(html)  # noqa: S308

    def id_for_label(self, id_: str) -> str:
        return id_


class PickerField(forms.ModelChoiceField):
    """Choose one row of a source by searching, never from a list of all of them.

    ``NetworkModelForm`` binds it to its network; any other form calls
    ``for_network(network)`` in its ``__init__``.
    """

    widget = PickerWidget

    def __init__(self, source: str, **kwargs: Any) -> None:
        # The source is looked up when the form is bound to a network, so that
        # forms modules may be imported before the apps have declared theirs.
        self.source_key = source
        kwargs.setdefault("empty_label", None)
        kwargs.setdefault("widget", PickerWidget(source_key=source))
        super().__init__(queryset=None, **kwargs)

    @property
    def source(self) -> PickerSource:
        return get_source(self.source_key)

    def _get_rows(self) -> QuerySet | None:
        return self._queryset

    def _set_rows(self, queryset: Any) -> None:
        # No choices are ever listed: the widget searches instead.
        self._queryset = None if queryset is None else queryset.all()
        self.widget.rows = self._queryset

    queryset = property(_get_rows, _set_rows)

    def for_network(self, network: Any, **hints: Any) -> PickerField:
        """Pick only from this network's rows; hints go to the search (a village first)."""
        self.queryset = self.source.rows(network)
        widget: PickerWidget = self.widget  # type: ignore[assignment]
        widget.search_url = reverse(
            "picker:search", kwargs={"network_slug": network.slug, "source": self.source_key}
        )
        widget.hints = {key: str(value) for key, value in hints.items() if value is not None}
        return self

    def to_python(self, value: Any) -> Model | None:
        if value in self.empty_values:
            return None
        if isinstance(value, Model):
            return value
        if self.queryset is None:
            raise ImproperlyConfigured(f"{self!r} was never bound to a network.")
        text = str(value).strip()
        found = resolve(self.source, self.queryset, text)
        if len(found) == 1:
            return found[0]
        if not found:
            raise forms.ValidationError(
                self.source.not_found % {"text": text[:60]}, code="invalid_choice"
            )
        names = ", ".join(self._suggestion(row) for row in found[:SUGGESTIONS])
        raise forms.ValidationError(
            _("Several match “%(text)s”: %(names)s. Choose one from the list or type its ID.")
            % {"text": text[:60], "names": names},
            code="ambiguous",
        )

    def _suggestion(self, row: Model) -> str:
        detail = self.source.detail(row)
        name = f"{self.source.label(row)} · {detail}" if detail else self.source.label(row)
        return _("%(name)s (ID %(id)s)") % {"name": name, "id": row.pk}

    def has_changed(self, initial: Any, data: Any) -> bool:
        initial_pk = initial.pk if isinstance(initial, Model) else initial
        return str(initial_pk or "") != str(data or "")


class PickerMultipleField(PickerField):
    """Choose several rows of a source by searching: each chosen one a ticked chip."""

    def __init__(self, source: str, **kwargs: Any) -> None:
        kwargs.setdefault("widget", PickerWidget(source_key=source, multiple=True))
        super().__init__(source, **kwargs)

    def clean(self, value: Any) -> list[Model]:
        values = [v for v in (value or []) if str(v).strip()]
        if self.required and not values:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        chosen: list[Model] = []
        for item in values:
            row = self.to_python(item)
            if row is not None and row not in chosen:
                chosen.append(row)
        return chosen

    def prepare_value(self, value: Any) -> Any:
        if hasattr(value, "all") and not isinstance(value, Model):
            return list(value.all())
        return value

    def has_changed(self, initial: Any, data: Any) -> bool:
        def keys(values: Any) -> set[str]:
            return {str(getattr(v, "pk", v)) for v in (values or [])}

        return keys(initial) != keys(data)


@network_view()
def pick(request: NetworkRequest, source: str) -> HttpResponse:
    """At most ``MAX_RESULTS`` rows of the network matching ``q``, as listbox options."""
    picked = SOURCES.get(source)
    if picked is None:
        raise Http404
    require_perm(request.membership, picked.perm)
    # htmx sends the box under its own name (<field>_q); a plain link may say q.
    # No stored text holds a NUL (every input refuses it) and PostgreSQL cannot
    # compare text with one, so it is dropped from the search.
    params = {key: str(request.GET.get(key, "")).replace("\x00", "") for key in request.GET}
    text = params.get("q") or next(
        (value for key, value in params.items() if key.endswith("_q")), ""
    )
    text = text.strip()[:100]
    hints = {key: value for key, value in params.items() if key != "q" and not key.endswith("_q")}
    rows: list[Model] = []
    if len(text) >= MIN_QUERY:
        rows = list(picked.search(picked.rows(request.network), text, hints)[: MAX_RESULTS + 1])
    options = [
        {"pk": row.pk, "label": picked.label(row), "detail": picked.detail(row)}
        for row in rows[:MAX_RESULTS]
    ]
    context = {
        "options": options,
        "more": len(rows) > MAX_RESULTS,
        "text": text,
        "source": source,
        "max": MAX_RESULTS,
    }
    response = render(request, "components/picker_results.html", context)
    response["Cache-Control"] = "private, no-store"
    return response
