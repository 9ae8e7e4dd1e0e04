"""Generate made-up networks at scale (or remove them): ``network.scale``."""

import dataclasses
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS

from network.scale import (
    DEFAULT_SEED,
    PRESETS,
    ScaleDataExists,
    clear_scale_data,
    make_scale_data,
    scale_checksum,
)

OVERRIDES = ("networks", "villages", "people", "applications", "years", "end_year")


class Command(BaseCommand):
    """Generate seeded scale data through every registered part, timing each."""

    help = (
        "Generate made-up networks (slugs scale-00001…) with villages, people in households, "
        "members, partners, meetings and welfare applications; --clear removes them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        """Preset, seed, size overrides, database, clear, history, checksum."""
        parser.add_argument(
            "--preset",
            choices=sorted(PRESETS),
            help="Sizes to generate (default: small; with --clear alone, nothing is generated).",
        )
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="Same seed, same data.")
        for name in OVERRIDES:
            parser.add_argument(
                f"--{name.replace('_', '-')}",
                type=int,
                help=f"Override the preset's {name.replace('_', ' ')}.",
            )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)
        parser.add_argument(
            "--clear",
            action="store_true",
            help="Remove every generated network (and its users) first.",
        )
        parser.add_argument(
            "--history",
            action="store_true",
            help="Also write a 'created' audit history row per generated row (off: see README).",
        )
        parser.add_argument(
            "--checksum",
            action="store_true",
            help="Print a SHA-256 of the generated rows (the same for the same seed).",
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Generate even when DJANGO_PRODUCTION is set.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Clear if asked, then generate and print the time and rows of each part."""
        if getattr(settings, "PRODUCTION", False) and not options["allow_production"]:
            raise CommandError(
                "Refusing to generate made-up data in a production site; "
                "pass --allow-production if you really mean it."
            )
        using = options["database"]
        if options["clear"]:
            removed = clear_scale_data(using=using)
            detail = ", ".join(f"{label} {count:,}" for label, count in removed.items())
            self.stdout.write(f"Removed generated data: {detail or 'none'}.")
            if options["preset"] is None and not any(options[n] for n in OVERRIDES):
                return
        try:
            sizes = dataclasses.replace(
                PRESETS[options["preset"] or "small"],
                **{name: options[name] for name in OVERRIDES if options[name] is not None},
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Generating {sizes.networks:,} networks, {sizes.villages:,} villages, "
            f"{sizes.people:,} people, {sizes.applications:,} applications, "
            f"{sizes.years} year(s) of meetings to {sizes.end_year} (seed {options['seed']}) "
            f"on {using}…"
        )
        try:
            report = make_scale_data(
                sizes,
                seed=options["seed"],
                using=using,
                history=options["history"],
                stdout=self.stdout if options["verbosity"] >= 1 else None,
            )
        except ScaleDataExists as error:
            raise CommandError(str(error)) from None
        for line in report.lines():
            self.stdout.write(line)
        if options["checksum"]:
            self.stdout.write(f"checksum {scale_checksum(using=using)}")
