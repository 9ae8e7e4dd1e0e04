"""Print the role → permission matrix as Markdown (the README embeds it)."""

from django.core.management.base import BaseCommand

from core.roles import matrix_markdown


class Command(BaseCommand):
    help = "Print the role → permission matrix as a Markdown table."

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write(matrix_markdown())
