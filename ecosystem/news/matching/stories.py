"""Group items of different sources that report the same story.

How it decides (a missed grouping shows one row too many; a wrong one hides a
story, so every rule must agree before two items group):

- Two items can only be one story if they come from different sources, were
  published within STORY_WINDOW of each other and name at least one brand in
  common.
- Same title: the same title, normalised (case, white space, width), is the
  same story.
- Near duplicates: otherwise, the title and the start of the summary are cut
  into shingles, words for scripts written with spaces and overlapping pairs of
  characters for Chinese, with filler words left out. MinHash signatures of the
  shingles go into a locality-sensitive hashing index (datasketch) built for
  the candidates of one store, so each new item is compared only with the few
  that share bands of its signature; those are then checked exactly: the
  Jaccard similarity of the shingle sets must reach MIN_SIMILARITY.
- Model names must agree: if both titles name models (words with a short
  number, "14", "S8", "SU7", "Q3", and the variant words of VARIANTS that
  go with them), they must name the same ones, so "Redmi Note 14 goes on sale"
  and "Redmi Note 14 Pro review" stay apart, as do the Note 13 and the Note 14.

Candidates are the items of other sources published within the window that
name one of the new items' brands, read through the (published_at) index and
capped at MAX_CANDIDATES: grouping never reads the whole table, and when no
other source has items in the window (a first fetch), it computes nothing.

An item joins the story of the candidate it resembles most; the story's first
item is its anchor (NewsItem.story points to it) and "covered by N sources"
counts the sources of the anchor and its coverage.
"""

import datetime
import itertools
import re
import unicodedata
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from datasketch import MinHash, MinHashLSH

from ecosystem.news.models import Mention, NewsItem

STORY_WINDOW = datetime.timedelta(days=3)
MIN_SIMILARITY = 0.3
# The index finds pairs from a little below MIN_SIMILARITY, so that MinHash's
# estimate errs towards more candidates; the exact check decides.
LSH_THRESHOLD = 0.2
NUM_PERM = 64
SUMMARY_CHARS = 300
MAX_CANDIDATES = 5000

_CJK_RANGES = "\u3400-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_CJK_RANGES}]+|[^\W_{_CJK_RANGES}]+", re.UNICODE)
_CJK = re.compile(rf"[{_CJK_RANGES}]")
_TAG = re.compile(r"<[^>]*>")
# A model name in a title: letters and a short number ("S8", "SU7", "Q3", "8s"), or a
# short number after a capitalised word or a Chinese character ("Note 14",
# "小米17"); not a price, a share or a count ("1,499", "60%", "21-day", "um 60").
_MODEL = re.compile(
    r"(?<![\w,.])(?:[A-Za-z]{1,3}\d{1,3}[A-Za-z]{0,2}|(\d{1,3})[A-Za-z]{0,2})"
    r"(?![\w%]|[.,]\d|-)"
)
_NAMED_BEFORE = re.compile(rf"(?:\b[A-Z][\w-]*|[{_CJK_RANGES}])\s?$")
# Words that make another product of the same number (the Note 14 and the Note 14 Pro).
VARIANTS = frozenset(
    ["pro", "ultra", "max", "plus", "lite", "mini", "fold", "flip", "se", "turbo", "neo"]
)
# Words too common to say two texts tell the same story (English, German, Chinese).
_FILLER_WORDS = """
    a an the and or of in on at to for with by from as is are be new its it this that
    will has have after over up out now what how why who than more but not
    der die das ein eine einen und oder mit von im am auf für ist sind neue neuen neues
    den dem des zu zum zur nach bei wird werden jetzt auch sich als
    的 了 和 在 是 将 与 及
"""
_FILLER = frozenset(_FILLER_WORDS.split())


def _hash(shingle: bytes) -> int:
    # crc32 is four times faster than datasketch's default sha1 and spreads short
    # shingles well enough: the exact check, not the hash, has the last word.
    return zlib.crc32(shingle)


@dataclass(frozen=True, slots=True)
class Shingles:
    words: frozenset[str]  # the shingles of the title and the start of the summary
    title: str  # the title, normalised, for the same-title rule
    models: frozenset[str]  # model names in the title, with their variant words


def tokens(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).casefold()
    return _TOKEN.findall(text)


def shingles(title: str, summary: str = "") -> Shingles:
    """The shingles of an item: words, and pairs of characters for Chinese."""
    summary = _TAG.sub(" ", summary)[:SUMMARY_CHARS]
    title_tokens = tokens(title)
    words: set[str] = set()
    for token in title_tokens + tokens(summary):
        if _CJK.match(token):
            # Chinese has no spaces: overlapping two-character chunks stand for words.
            words.update(token[i : i + 2] for i in range(max(1, len(token) - 1)))
        elif token not in _FILLER and (len(token) > 1 or token.isdigit()):
            words.add(token)
    models = models_in(title)
    # Models are compared on their own (same_story); left in the shingles, they
    # would make every story about one product look alike.
    words.difference_update(*(model.split() for model in models))
    return Shingles(frozenset(words), " ".join(title_tokens), models)


def models_in(title: str) -> frozenset[str]:
    """The model names of a title, each with the variant words after it ("14 pro")."""
    title = unicodedata.normalize("NFKC", title)
    models = set()
    for match in _MODEL.finditer(title):
        if match.group(1) and not _NAMED_BEFORE.search(title, 0, match.start()):
            continue
        following = tokens(title[match.end() : match.end() + 20])[:2]
        variants = list(itertools.takewhile(VARIANTS.__contains__, following))
        models.add(" ".join([match.group().casefold(), *variants]))
    return frozenset(models)


def similarity(a: Shingles, b: Shingles) -> float:
    if not a.words or not b.words:
        return 0.0
    return len(a.words & b.words) / len(a.words | b.words)


def same_story(a: Shingles, b: Shingles) -> bool:
    """Whether two items' texts tell one story (brands, sources and dates aside)."""
    # One title may name fewer models than the other (the phone, or the phone and
    # its chip), but not others: the Note 14 is not the Note 14 Pro.
    if a.models and b.models and not (a.models <= b.models or b.models <= a.models):
        return False
    if a.title and a.title == b.title:
        return True
    return similarity(a, b) >= MIN_SIMILARITY


@dataclass(slots=True)
class Entry:
    """What grouping needs of an item."""

    pk: int
    source_id: int
    published_at: datetime.datetime
    brands: frozenset[int]
    text: Shingles
    story_id: int | None = None


@dataclass
class StoryIndex:
    """Items that new ones may join, indexed by the bands of their MinHash signatures."""

    entries: dict[int, Entry] = field(default_factory=dict)
    _lsh: MinHashLSH = field(
        default_factory=lambda: MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    )
    _titles: dict[str, list[int]] = field(default_factory=dict)

    @staticmethod
    def signatures(entries: Sequence[Entry]) -> list[MinHash]:
        return MinHash.bulk(
            [[w.encode() for w in e.text.words] for e in entries], num_perm=NUM_PERM, hashfunc=_hash
        )

    def add(self, entries: Sequence[Entry], signatures: Iterable[MinHash] | None = None) -> None:
        for entry, signature in zip(entries, signatures or self.signatures(entries), strict=True):
            self.entries[entry.pk] = entry
            if entry.text.words:
                self._lsh.insert(entry.pk, signature, check_duplication=False)
            self._titles.setdefault(entry.text.title, []).append(entry.pk)

    def story_of(self, entry: Entry, signature: MinHash) -> int | None:
        """The story `entry` joins: the anchor of the candidate it resembles most."""
        found = set(self._titles.get(entry.text.title, ()))
        if entry.text.words:
            found.update(self._lsh.query(signature))
        best: tuple[float, datetime.datetime, int] | None = None
        for pk in found:
            other = self.entries[pk]
            if (
                other.source_id == entry.source_id
                or abs(other.published_at - entry.published_at) > STORY_WINDOW
                or not (other.brands & entry.brands)
                or not same_story(entry.text, other.text)
            ):
                continue
            # The closest text first; among equals the earlier item.
            rank = (-similarity(entry.text, other.text), other.published_at, other.pk)
            if best is None or rank < best:
                best = rank
        if best is None:
            return None
        anchor = self.entries[best[2]]
        return anchor.story_id or anchor.pk


def assign_stories(items: list, brands_of: dict[int, frozenset[int]]) -> None:
    """Point each new item that repeats a story of another source at that story's anchor.

    `items` are NewsItems or any objects with their pk, source_id, title,
    summary, published_at and story_id; `brands_of` maps their ids to the ids
    of the brands they name. Sets story_id on those that join a story.
    """
    items = [item for item in items if brands_of.get(item.pk)]
    if not items:
        return
    earliest = min(item.published_at for item in items) - STORY_WINDOW
    latest = max(item.published_at for item in items) + STORY_WINDOW
    all_brands = set().union(*(brands_of[item.pk] for item in items))
    # Not the new items' own sources: that leaves out the new items themselves (no
    # list of their ids to send) and items that none of them could join anyway.
    sources = {item.source_id for item in items}
    candidates = list(
        NewsItem.objects.story_candidates(all_brands, earliest, latest)
        .exclude(source_id__in=sources)
        .only("pk", "source_id", "title", "summary", "published_at", "story_id")[:MAX_CANDIDATES]
    )
    if not candidates:
        return
    candidate_brands: dict[int, set[int]] = {}
    for item_id, brand_id in Mention.objects.filter(
        news_item__in=[c.pk for c in candidates]
    ).values_list("news_item_id", "brand_id"):
        candidate_brands.setdefault(item_id, set()).add(brand_id)
    index = StoryIndex()
    index.add(
        [
            Entry(
                c.pk,
                c.source_id,
                c.published_at,
                frozenset(candidate_brands.get(c.pk, ())),
                shingles(c.title, c.summary),
                c.story_id,
            )
            for c in candidates
        ]
    )
    # Only new items that share a brand with some candidate need a signature.
    known = set().union(*candidate_brands.values())
    entries = [
        (
            item,
            Entry(
                item.pk,
                item.source_id,
                item.published_at,
                brands_of[item.pk],
                shingles(item.title, item.summary),
            ),
        )  # fmt: skip
        for item in items
        if brands_of[item.pk] & known
    ]
    changed = []
    signatures = StoryIndex.signatures([entry for _, entry in entries])
    for (item, entry), signature in zip(entries, signatures, strict=True):
        story = index.story_of(entry, signature)
        if story is not None:
            item.story_id = story
            changed.append(NewsItem(pk=item.pk, story_id=story))
    NewsItem.objects.bulk_update(changed, ["story"])
