import json
import logging
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import URLValidator
from django.db.models import Q

from ecosystem.news.ingestion.fulltext import read_pending
from ecosystem.news.ingestion.pipeline import SourceBusy, ingest_claimed
from ecosystem.news.ingestion.preview import Preview, preview
from ecosystem.news.models import Source


class Command(BaseCommand):
    help = (
        "Fetch one feed now, creating its Source if needed, and print "
        "'N new, N updated, N unchanged', then reads the article pages of a teaser feed's "
        "new items and says how that went. Exits 1 with one line on stderr when it fails. "
        "A web page given for a new source is read for the feed it names, which the source "
        "then follows; a page that names none is read for its links to articles. "
        "With --dry-run, fetch and read one or more feeds through the same pipeline and "
        "print the entries the next fetch would store, writing nothing; with --json, "
        'one JSON object per entry and line, and {"feed": URL, "error": ...} for a '
        "feed that fails."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "urls", nargs="+", metavar="URL", help="The feed's or the web page's http(s) URL."
        )
        parser.add_argument("--name", help="Name for a new Source (default: the URL's host).")
        parser.add_argument("--language", default="", help='Language code, e.g. "en", "de".')
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show what would be stored (one or more URLs); write nothing.",
        )
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help="With --dry-run: one JSON object per line.",
        )

    def handle(
        self,
        *args: Any,
        urls: list[str],
        name: str | None,
        language: str,
        dry_run: bool,
        as_json: bool,
        **options: Any,
    ) -> None:
        if options["verbosity"] < 2:
            # The command prints each outcome itself; the pipeline's log would repeat it.
            logging.getLogger("ecosystem.news").setLevel(logging.WARNING)
        if as_json and not dry_run:
            raise CommandError("--json goes with --dry-run")
        if dry_run:
            for url in urls:
                problem = _refused(url)
                result = Preview(url, error=problem) if problem else preview(url)
                self._print_preview(result, as_json=as_json)
            return
        if len(urls) > 1:
            raise CommandError("one URL at a time; several only with --dry-run")
        self._fetch(urls[0], name, language)

    def _fetch(self, url: str, name: str | None, language: str) -> None:
        problem = _refused(url)
        if problem:
            raise CommandError(problem)
        # The source of this URL, or of the page it was given as before its feed was found.
        source = Source.objects.filter(Q(url=url) | Q(page_url=url)).order_by("-url").first()
        if source is None:
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
        if result.note:
            self.stdout.write(f"{url}: {result.note}")
        if not result.ok:
            raise CommandError(f"{url}: {result.error}")
        if result.waiting:
            self.stdout.write(f"{result.waiting} more new articles wait for the next fetch")
        self.stdout.write(str(result.report))
        # A teaser feed's new items get their article pages read before the command ends.
        articles = read_pending(source.pk)
        if articles.read or articles.failed or articles.skipped or articles.left:
            self.stdout.write(str(articles))

    def _print_preview(self, result: Preview, *, as_json: bool) -> None:
        if as_json:
            lines: list[dict[str, object]] = (
                [{"feed": result.url, "error": result.error}]
                if result.error
                else [entry.as_json(result.url) for entry in result.entries]
            )
            for line in lines:
                self.stdout.write(_json_line(line))
            return
        if result.error:
            self.stdout.write(f"{result.url}: {result.error}")
            return
        self.stdout.write(f"{result.url}: {len(result.entries)} entries")
        if result.feed_url:
            self.stdout.write(f"  the page names the feed {result.feed_url}, read here")
        elif result.kind == Source.Kind.PAGE:
            self.stdout.write(
                f"  a page listing articles: {result.known} stored already, "
                f"{result.waiting} more new ones not read in a dry run"
            )
        for entry in result.entries:
            date = f"{entry.published_at:%Y-%m-%d %H:%M}" if entry.published_at else "no date"
            brands = ", ".join(entry.brands) or "no brand"
            self.stdout.write(f"  {date}  [{entry.language or '?'}]  {entry.title}  ({brands})")


def _json_line(value: dict[str, object]) -> str:
    # Not ASCII-escaped: Chinese titles stay readable in a terminal.
    return json.dumps(value, ensure_ascii=False)


def _refused(url: str) -> str:
    """Why `url` is not fetched at all, "" when it may be."""
    try:
        URLValidator(schemes=["http", "https"])(url)
        has_credentials = "@" in urlsplit(url).netloc
    except (ValidationError, ValueError):
        return f"not a http(s) URL: {url!r}"
    longest = Source._meta.get_field("url").max_length
    assert longest is not None  # a URLField has one
    if len(url) > longest:
        return f"URL too long: {len(url)} characters, at most {longest}"
    if has_credentials:
        # Said without the URL: it holds a password, and output ends up in logs.
        return "refused: credentials in the URL are not supported"
    return ""
