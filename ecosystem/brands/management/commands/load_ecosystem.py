from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ecosystem.brands.seed import DATA_FILE, SeedDataError, load_ecosystem


class Command(BaseCommand):
    help = (
        "Apply the bundled ecosystem data file: create or update its brands, categories, "
        "ties and announcements without duplicating them or touching what editors added."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--file", type=Path, default=DATA_FILE, help="Data file to apply.")

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            report = load_ecosystem(path=file)
        except SeedDataError as exc:
            raise CommandError(f"Nothing was changed: {exc}") from None
        self.stdout.write(self.style.SUCCESS(f"Loaded {report.summary()}."))
