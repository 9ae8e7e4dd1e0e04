"""Background tasks of the reports app (Django's tasks framework)."""

from django.tasks import task

from reports.services import run_render


@task()
def render_report_task(report_id: int) -> str:
    """Render a queued report; its progress and outcome are on its row."""
    return run_render(report_id).status
