"""Feed parsers side by side on a folder of real feeds: speed, entries found, failures,
and the fidelity of the product's parser to feedparser 6.

    .venv/bin/python bench/parsers.py [CORPUS_DIR] [--rounds N]

CORPUS_DIR defaults to ../shared/corpus/real-feeds beside the repository. Every file is
parsed by every candidate in turn (the order rotates from file to file), so that all of
them see the machine in the same state. A feed has failed for a candidate when it raised
or found no entries. "vs feedparser" is the candidate's total time over feedparser's.

fastfeedparser caches the dates it has read; its caches are emptied before each of its
parses so that it is not timed on dates another candidate's run already taught it.

The fidelity table then compares, feed by feed, what parse_feed reads with what
feedparser 6 (the reference) reads: how many entries each finds, and for the entries of
a feed taken in document order, whether the titles, the links and the dates are equal.
Titles are compared as text (tags removed, entities decoded, whitespace collapsed);
links after both are resolved against the same feed address (feedparser through a
Content-Location, ours as clean.py resolves them); dates to the second, in UTC, the
publication date or else the update date. Every difference is listed after the table.
"""

import argparse
import calendar
import datetime
import html
import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "real-feeds"

sys.path.insert(0, str(REPO))


@dataclass
class Candidate:
    name: str
    parse: Callable[[bytes], int]  # the number of entries found; raises on failure
    times: list[float] = field(default_factory=list)
    entries: dict[str, int] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)


def candidates() -> list[Candidate]:
    import fastfeedparser
    import fastfeedparser.main
    import feedparser
    import feedparser_rs

    from ecosystem.news.ingestion.parse import parse_feed

    date_caches = [
        getattr(fastfeedparser.main, name, None)
        for name in ("_parse_date", "_slow_dateutil_parse", "_slow_dateparser")
    ]
    date_caches = [cache for cache in date_caches if hasattr(cache, "cache_clear")]

    def cold(parse: Callable[[bytes], int]) -> Callable[[bytes], int]:
        def run(body: bytes) -> int:
            for cache in date_caches:
                cache.cache_clear()
            return parse(body)

        return run

    return [
        Candidate(
            f"feedparser {version('feedparser')}",
            lambda body: len(feedparser.parse(body).entries),
        ),
        Candidate(
            f"feedparser-rs {version('feedparser-rs')}",
            lambda body: len(feedparser_rs.parse(body).entries),
        ),
        Candidate(
            f"fastfeedparser {version('fastfeedparser')}",
            cold(lambda body: len(fastfeedparser.parse(body)["entries"])),
        ),
        Candidate(
            "parse_feed (fastfeedparser + guards + feedparser for the constructs it drops)",
            cold(lambda body: len(parse_feed(body).entries)),
        ),
    ]


def run(corpus: Path, rounds: int) -> list[Candidate]:
    files = sorted(path for path in corpus.iterdir() if path.is_file())
    if not files:
        sys.exit(f"bench: no files in {corpus}")
    bodies = [(path.name, path.read_bytes()) for path in files]
    field_ = candidates()
    size = sum(len(body) for _, body in bodies)
    print(f"{len(bodies)} feeds, {size / 1e6:.1f} MB, from {corpus}; {rounds} round(s)\n")
    for round_ in range(rounds):
        totals = [0.0] * len(field_)
        for index, (name, body) in enumerate(bodies):
            shift = (index + round_) % len(field_)
            for position in range(len(field_)):
                which = (position + shift) % len(field_)
                candidate = field_[which]
                start = time.perf_counter()
                try:
                    found = candidate.parse(body)
                except Exception as exc:
                    found = 0
                    candidate.failures[name] = f"{type(exc).__name__}: {exc}"[:120]
                elapsed = time.perf_counter() - start
                totals[which] += elapsed
                if round_ == 0:
                    candidate.times.append(elapsed)
                    candidate.entries[name] = found
                    if found == 0 and name not in candidate.failures:
                        candidate.failures[name] = "no entries"
                else:
                    candidate.times[index] = min(candidate.times[index], elapsed)
    return field_


def report(field_: list[Candidate]) -> None:
    reference = field_[0]
    reference_total = sum(reference.times)
    header = (
        "| parser | total | median per feed | entries found | feeds failed "
        "| feeds with another count than feedparser | vs feedparser |"
    )
    print(header)
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for candidate in field_:
        total = sum(candidate.times)
        median = statistics.median(candidate.times)
        differ = sum(
            1 for name, count in candidate.entries.items() if count != reference.entries.get(name)
        )
        print(
            f"| {candidate.name} | {total:.2f} s | {median * 1000:.2f} ms "
            f"| {sum(candidate.entries.values()):,} | {len(candidate.failures)} "
            f"| {differ} | {_ratio(total / reference_total)} |"
        )
    print()
    for candidate in field_:
        for name, why in sorted(candidate.failures.items()):
            print(f"failed  {candidate.name}: {name}: {why}")
    for candidate in field_[1:]:
        for name, count in sorted(candidate.entries.items()):
            expected = reference.entries.get(name)
            if count != expected:
                print(f"entries {candidate.name}: {name}: {count} (feedparser {expected})")


# The address both parsers resolve relative links against.
FEED_URL = "https://feeds.example.org/feed.xml"
_TAG = re.compile(r"<[^>]+>")
TARGET_ENTRIES = 0.995
TARGET_FIELDS = 0.99


@dataclass
class Fidelity:
    reference_entries: int = 0
    entries: int = 0
    compared: int = 0
    equal: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    differences: list[str] = field(default_factory=list)


FIELDS = ("title", "link", "date")


def _text(value: str | None) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", value or "")).split())


def _reference_date(entry) -> datetime.datetime | None:
    moment = entry.get("published_parsed") or entry.get("updated_parsed")
    if moment is None:
        return None
    return datetime.datetime.fromtimestamp(calendar.timegm(moment), datetime.UTC)


def fidelity(corpus: Path) -> Fidelity:
    import feedparser

    from ecosystem.news.ingestion.clean import absolute_url
    from ecosystem.news.ingestion.parse import FeedParseError, parse_feed

    result = Fidelity()
    for path in sorted(p for p in corpus.iterdir() if p.is_file()):
        body = path.read_bytes()
        reference = feedparser.parse(body, response_headers={"content-location": FEED_URL})
        try:
            ours = parse_feed(body).entries
        except FeedParseError:
            ours = []
        result.reference_entries += len(reference.entries)
        result.entries += len(ours)
        if len(ours) != len(reference.entries):
            result.differences.append(
                f"entries {path.name}: {len(ours)} (feedparser {len(reference.entries)})"
            )
        for number, (theirs, mine) in enumerate(zip(reference.entries, ours, strict=False)):
            result.compared += 1
            pairs = {
                "title": (_text(theirs.get("title")), _text(mine.title)),
                "link": (
                    (theirs.get("link") or "").strip(),
                    absolute_url(mine.link, FEED_URL) if mine.link else "",
                ),
                # feedparser keeps whole seconds only.
                "date": (
                    _reference_date(theirs),
                    mine.published.replace(microsecond=0) if mine.published else None,
                ),
            }
            for name, (expected, found) in pairs.items():
                if expected == found:
                    result.equal[name] += 1
                else:
                    result.differences.append(
                        f"{name:<7} {path.name} #{number}: {found!r} (feedparser {expected!r})"
                    )
    return result


def report_fidelity(result: Fidelity) -> None:
    def share(count: int, total: int) -> str:
        return f"{count / total:.2%}" if total else "—"

    entries_ok = result.entries >= TARGET_ENTRIES * result.reference_entries
    print("\nFidelity of parse_feed to feedparser 6 (the reference):\n")
    print("| | feedparser 6 | parse_feed | share | target |")
    print("| --- | ---: | ---: | ---: | --- |")
    print(
        f"| entries found | {result.reference_entries:,} | {result.entries:,} "
        f"| {share(result.entries, result.reference_entries)} "
        f"| ≥ {TARGET_ENTRIES:.1%}: {'met' if entries_ok else 'NOT met'} |"
    )
    for name in FIELDS:
        equal = result.equal[name]
        met = equal >= TARGET_FIELDS * result.compared
        print(
            f"| {name}s equal | {result.compared:,} compared | {equal:,} "
            f"| {share(equal, result.compared)} | ≥ {TARGET_FIELDS:.0%}: "
            f"{'met' if met else 'NOT met'} |"
        )
    print()
    for line in result.differences:
        print(f"differs {line}")


def _ratio(ratio: float) -> str:
    return f"{ratio:.3f}" if ratio >= 0.5 else f"{ratio:.3f} (1/{1 / ratio:.0f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "corpus",
        nargs="?",
        type=Path,
        default=DEFAULT_CORPUS,
        help=f"folder of feed files (default: {DEFAULT_CORPUS})",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="parse everything this many times and keep each feed's fastest time (default 1)",
    )
    args = parser.parse_args()
    if not args.corpus.is_dir():
        sys.exit(
            f"bench: corpus folder not found: {args.corpus}\n"
            "Pass a folder of feed files, e.g. .venv/bin/python bench/parsers.py "
            "../shared/corpus/real-feeds"
        )
    report(run(args.corpus, max(1, args.rounds)))
    report_fidelity(fidelity(args.corpus))


if __name__ == "__main__":
    main()
