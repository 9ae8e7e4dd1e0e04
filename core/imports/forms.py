"""The upload form: every check on a file happens here, before a job exists."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.imports.files import ImportFileError, Table, read_table, size_text


class UploadForm(forms.Form):
    """A CSV or XLSX file whose size, type, container, rows and headers pass."""

    file = forms.FileField(
        label=gettext_lazy("Spreadsheet file (.xlsx or .csv)"),
        widget=forms.FileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args: Any, resource: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.resource = resource
        self.table: Table | None = None
        self.content = b""

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_FILE_BYTES
        # Refused on its declared size before a byte of it is read into memory.
        if upload.size > limit:
            raise forms.ValidationError(
                _("This file is %(size)s; the limit is %(limit)s. Split it into smaller files.")
                % {"size": size_text(upload.size), "limit": size_text(limit)},
                code="too_large",
            )
        content = upload.read(limit + 1)
        try:
            table = read_table(content, name=upload.name)
            self.resource.dataset_from(table)
        except ImportFileError as error:
            raise forms.ValidationError(error.messages, code="refused") from error
        self.table = table
        self.content = content
        return upload
