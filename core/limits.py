"""Length limits of user-typed text, declared once.

Every ``TextField`` a user types into carries a ``TextLimit`` validator, which
model forms run and services run through ``check_text``, so a 1,000,000-character
paste is refused with a message naming the limit instead of being stored and
rendered into every page and PDF. The limits are generous for what people write:

- ``LONG_TEXT`` (20,000 characters, about eight typed pages): an agenda item's
  minuted discussion and its amendments;
- ``TEXT`` (5,000): resolutions, purposes, rules, comments, notes, follow-ups;
- ``REASON`` (2,000): the reason given for a step, a decision or an amendment, an
  action item, an objective.

Requests are capped too: ``DATA_UPLOAD_MAX_MEMORY_SIZE`` in settings.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.formats import number_format
from django.utils.translation import gettext as _

LONG_TEXT = 20_000
TEXT = 5_000
REASON = 2_000


@deconstructible(path="core.limits.TextLimit")
class TextLimit(MaxLengthValidator):
    """At most ``limit_value`` characters, refused with a message naming the limit."""

    def __call__(self, value: object) -> None:
        length = len(str(value))
        if length > self.limit_value:
            raise ValidationError(
                _("This text is too long: at most %(limit)s characters (it has %(count)s).")
                % {
                    "limit": number_format(self.limit_value, force_grouping=True),
                    "count": number_format(length, force_grouping=True),
                },
                code="max_length",
                params={"limit_value": self.limit_value, "show_value": length},
            )


def _limit(model: type[models.Model], field: str) -> TextLimit | None:
    found = model._meta.get_field(field)
    for validator in getattr(found, "validators", ()):
        if isinstance(validator, TextLimit):
            return validator
    return None


def limit_of(model: type[models.Model], field: str) -> int | None:
    """The declared length limit of a model's text field, if it has one."""
    validator = _limit(model, field)
    return int(validator.limit_value) if validator is not None else None


def check_text(model: type[models.Model], field: str, value: str) -> None:
    """Refuse text longer than the model field's limit (services that skip forms)."""
    validator = _limit(model, field)
    if validator is not None:
        validator(value)


def check_limits(instance: models.Model) -> None:
    """Refuse a row whose text passes a declared limit, whoever saves it: the last
    guard behind forms and services (an import, a script, a new view)."""
    for field in instance._meta.concrete_fields:
        for validator in field.validators:
            if isinstance(validator, TextLimit):
                validator(getattr(instance, field.attname) or "")
