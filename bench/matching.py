"""Brand matching with the real aliases against the real ones plus 3,000 synthetic brands.

    .venv/bin/python bench/matching.py [--texts 10000] [--brands 3000] [--rounds 7]

The real aliases and exclusion phrases are the seeded ones, read by
Matcher.from_database() from a scratch SQLite database that migrate fills (in a
temporary folder, removed at the end). The synthetic brands get several aliases
each, the way real ones have them: a Latin name and its company forms ("Voranix",
"Voranix Technology", "Voranix Inc", "Voranix GmbH"), Chinese names ("沃然科技"),
for one brand in ten a case-sensitive acronym ("VRX") and an exclusion phrase.

The texts are 10,000 titles and plain-text summaries of generate_demo_news
(English, German, Chinese, naming the brands). Each round matches all of them
with both matchers, in alternating order; the figure is the ratio of the
medians, extended / real, against a target of at most 1.5.
"""

import argparse
import datetime
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _support  # noqa: E402

TARGET = 1.5
_SYLLABLE_TEXT = (
    "ba be bi bo da de di do fa fe fi ka ke ki ko la le li lo lu ma me mi mo na ne ni no "
    "pa pe pi po ra re ri ro sa se si so ta te ti to va ve vi vo xa xi za ze zo "
    "bor dan fen gor kan lin mar nor pix quan rex sun tek vor wen xen yun zor"
)
SYLLABLES = _SYLLABLE_TEXT.split()
ENDINGS = ["", "", "x", "n", "s", "ix", "io", "on", "ar", "ex", "um", "ia"]
# Characters common in Chinese company names.
HAN = (
    "云星光海天博信新微达华创联智汇宇泰德锐安康思源恒美卓越腾飞瑞祥鼎盛嘉和睿捷凯"
    "驰迅朗域航启明灵犀极简优众鸿宏远佳途乐享雅阳晨曦"
)


def synthetic_brands(count: int, seed: int = 3000):
    """(aliases, exclusions) for `count` invented brands with ids from 1,000,000."""
    from ecosystem.news.matching.matcher import AliasSpec

    rng = random.Random(seed)
    aliases, exclusions, names, han_names = [], [], set(), set()
    for n in range(count):
        brand_id = 1_000_000 + n
        while True:
            name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))
            name = (name + rng.choice(ENDINGS)).capitalize()
            if name not in names and len(name) > 4:
                names.add(name)
                break
        while True:
            han = "".join(rng.sample(HAN, 2))
            if han not in han_names:
                han_names.add(han)
                break
        texts = [name, f"{name} Technology", f"{name} Inc", f"{name} Group", f"{name} GmbH"]
        texts += [f"{han}科技", f"{han}智能", f"{han}集团"]
        aliases += [AliasSpec(brand_id, text) for text in texts]
        if n % 10 == 0:
            acronym = "".join(rng.choice("ABCDEFGHJKLMNPRSTVWXZ") for _ in range(3))
            aliases.append(AliasSpec(brand_id, acronym, case_sensitive=True))
            exclusions.append((brand_id, f"{name} Street"))
    return aliases, exclusions


def texts(count: int) -> list[tuple[str, str]]:
    from django.db import transaction
    from django.utils import timezone

    from ecosystem.news.demo import generator, planner, writers
    from ecosystem.news.ingestion.clean import plain_text

    end = datetime.datetime.combine(timezone.now().date(), datetime.time(), datetime.UTC)
    with transaction.atomic():
        plan = planner.plan(writers.demo_sources())
        rows = [row for row, _, _ in generator.generate(plan, 7, count, 1, end)]
        transaction.set_rollback(True)
    return [(title, plain_text(summary)) for _, _, _, _, title, summary, *_ in rows]


def run(count: int, brands: int, rounds: int) -> None:
    from django.core.management import call_command

    from ecosystem.brands.models import Alias, ExclusionPhrase
    from ecosystem.news.matching.matcher import AliasSpec, Matcher

    call_command("migrate", verbosity=0)
    corpus = texts(count)
    alias_rows = Alias.objects.order_by("pk").values_list("brand_id", "text", "case_sensitive")
    real_aliases = [AliasSpec(*row) for row in alias_rows]
    real_exclusions = list(ExclusionPhrase.objects.order_by("pk").values_list("brand_id", "text"))
    extra_aliases, extra_exclusions = synthetic_brands(brands)

    builds: dict[str, list[float]] = {"real": [], "extended": []}

    def build(name):
        start = time.perf_counter()
        if name == "real":
            matcher = Matcher(real_aliases, real_exclusions)
        else:
            matcher = Matcher(real_aliases + extra_aliases, real_exclusions + extra_exclusions)
        builds[name].append(time.perf_counter() - start)
        return matcher

    matchers = {name: build(name) for name in builds}

    def match_all(matcher) -> tuple[float, int]:
        start = time.perf_counter()
        found = 0
        for title, summary in corpus:
            found += len(matcher.match(title, summary))
        return time.perf_counter() - start, found

    times: dict[str, list[float]] = {name: [] for name in matchers}
    hits = {}
    for round_ in range(rounds + 1):
        order = list(matchers) if round_ % 2 else list(matchers)[::-1]
        for name in order:
            elapsed, hits[name] = match_all(matchers[name])
            if round_:
                times[name].append(elapsed)
        if round_:
            build("real"), build("extended")

    # The synthetic brands must not change what is found for the real ones.
    real_ids = {alias.brand_id for alias in real_aliases}
    changed = sum(
        1
        for title, summary in corpus
        if [f for f in matchers["extended"].match(title, summary) if f.brand_id in real_ids]
        != matchers["real"].match(title, summary)
    )

    print(_support.machine())
    print(
        f"{count:,} texts (title + summary, {sum(len(t) + len(s) for t, s in corpus) / count:.0f}"
        f" characters on average); {rounds} timed rounds after one warm-up, order alternating\n"
    )
    alias_counts = {"real": len(real_aliases), "extended": len(real_aliases) + len(extra_aliases)}
    brand_counts = {
        "real": len(real_ids),
        "extended": len(real_ids) + brands,
    }
    reference = _support.median(times["real"])
    rows = []
    for name in matchers:
        middle = _support.median(times[name])
        rows.append(
            [
                f"{name} brand set",
                f"{brand_counts[name]:,}",
                f"{alias_counts[name]:,}",
                f"{_support.median(builds[name]) * 1000:.0f} ms",
                f"{middle:.3f} s",
                f"{middle / count * 1e6:.1f} µs",
                f"{hits[name]:,}",
                f"{middle / reference:.2f}",
            ]
        )
    print(
        _support.table(
            ["", "brands", "aliases", "build", "match all texts", "per text", "found", "× real"],
            rows,
        )
    )
    ratio = _support.median(times["extended"]) / reference
    print(
        f"\n{alias_counts['extended'] / alias_counts['real']:.0f}× the aliases: "
        f"{ratio:.2f}× the matching time (target ≤ {TARGET}): {_support.verdict(ratio <= TARGET)}"
        f"; texts whose real brands differ between the two: {changed}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=10_000)
    parser.add_argument("--brands", type=int, default=3_000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-matching-") as folder:
        _support.setup_django(f"sqlite:///{folder}/db.sqlite3")
        run(args.texts, args.brands, args.rounds)


if __name__ == "__main__":
    main()
