"""Load the demo networks and print the logins (``make demo`` runs this)."""

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from network.demo import load_demo
from network.models import Network


class Command(BaseCommand):
    """Create or refresh the demo data; safe to run again."""

    help = "Load the Sinprae Thong demo network (and a neighbour) and print the demo logins."

    def add_arguments(self, parser: CommandParser) -> None:
        """Accept the override needed to run against a production settings module."""
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load even when DJANGO_PRODUCTION is set (creates users with a known password).",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo networks and everything changed in them, then load them "
            "again exactly as shipped (other networks are left alone).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Load the demo and print a table of logins with the shared password."""
        # The demo users' password is printed everywhere; on a real site it is a hole.
        if getattr(settings, "PRODUCTION", False) and not options["allow_production"]:
            raise CommandError(
                "Refusing to load demo users into a production site; "
                "pass --allow-production if you really mean it."
            )
        started = time.perf_counter()
        result = load_demo(
            stdout=self.stdout if options["verbosity"] >= 1 else None, reset=options["reset"]
        )
        elapsed = time.perf_counter() - started
        names = dict(Network.objects.values_list("slug", "name"))

        rows = [
            (
                login.username,
                f"{login.role} ({login.workstream})" if login.workstream else login.role,
                login.network_slug,
                names.get(login.network_slug, ""),
            )
            for login in result.logins
        ]
        header = ("username", "role", "network", "")
        # Only the last column holds Thai (whose marks take no width), so pad the rest.
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(3)]

        def line(cells: tuple[str, str, str, str]) -> str:
            """One table row: padded ASCII columns, then the network's Thai name."""
            padded = "  ".join(
                cell.ljust(width) for cell, width in zip(cells[:3], widths, strict=True)
            )
            return f"{padded}  {cells[3]}".rstrip()

        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("Demo logins"))
        self.stdout.write(line(header))
        self.stdout.write("  ".join("-" * width for width in widths))
        for row in rows:
            self.stdout.write(line(row))
        self.stdout.write("")
        self.stdout.write(f"Password for every demo login: {result.password}")
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded in {elapsed:.1f} s."))
