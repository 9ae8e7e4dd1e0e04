"""URLs of the import/export pipeline, under /n/<network_slug>/ beside the network's own."""

from django.urls import path, register_converter

from core import import_views as views
from core.imports.files import FORMATS


class FileFormatConverter:
    """``xlsx`` or ``csv``: the formats the pipeline reads and writes."""

    regex = "|".join(FORMATS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FileFormatConverter, "fileformat")

app_name = "imports"

urlpatterns = [
    path("import/<slug:kind>/", views.import_upload, name="upload"),
    path(
        "import/<slug:kind>/template.<fileformat:file_format>",
        views.import_template,
        name="template",
    ),
    path("imports/<int:job_id>/", views.import_job, name="job"),
    path("imports/<int:job_id>/commit/", views.import_commit, name="commit"),
    path("imports/<int:job_id>/discard/", views.import_discard, name="discard"),
    path("export/<slug:kind>.<fileformat:file_format>", views.export, name="export"),
]
