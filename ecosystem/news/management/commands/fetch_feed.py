import logging
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import URLValidator

from ecosystem.news.ingestion.pipeline import SourceBusy, ingest_claimed
from ecosystem.news.models import Source


class Command(BaseCommand):
    help = (
        "Fetch one feed now, creating its Source if needed, and print "
        "'N new, N updated, N unchanged'. Exits 1 with one line on stderr when it fails."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("url", help="The feed's http(s) URL.")
        parser.add_argument("--name", help="Name for a new Source (default: the URL's host).")
        parser.add_argument("--language", default="", help='Language code, e.g. "en", "de".')

    def handle(self, *args: Any, url: str, name: str | None, language: str, **options: Any) -> None:
        if options["verbosity"] < 2:
            # The command prints each outcome itself; the pipeline's log would repeat it.
            logging.getLogger("ecosystem.news").setLevel(logging.WARNING)
        try:
            URLValidator(schemes=["http", "https"])(url)
            has_credentials = "@" in urlsplit(url).netloc
        except (ValidationError, ValueError):
            raise CommandError(f"not a http(s) URL: {url!r}") from None
        longest = Source._meta.get_field("url").max_length
        assert longest is not None  # a URLField has one
        if len(url) > longest:
            raise CommandError(f"URL too long: {len(url)} characters, at most {longest}")
        if has_credentials:
            # Said without the URL: it holds a password, and stderr ends up in logs.
            raise CommandError("refused: credentials in the URL are not supported")
        source, _ = Source.objects.get_or_create(
            url=url, defaults={"name": name or url.split("/")[2][:200], "language": language}
        )
        try:
            result = ingest_claimed(source.pk)
        except SourceBusy:
            raise CommandError(
                f"{url}: another worker is fetching it right now; try again later"
            ) from None
        assert result is not None  # None only when asked to skip a fetched source
        if not result.ok:
            raise CommandError(f"{url}: {result.error}")
        self.stdout.write(str(result.report))
