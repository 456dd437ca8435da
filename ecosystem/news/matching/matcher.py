"""Find the brands that a news title and summary name.

How a match is decided
----------------------
1. Normalising. Text and patterns (aliases and exclusion phrases) go through the
   same steps: Unicode NFKC (full-width "ＸＩＡＯＭＩ" becomes "XIAOMI", the
   no-break space a space), typographic dashes become "-", typographic
   apostrophes become "'", runs of white space become one space. Matching then
   runs on the casefolded text; the NFKC text, before casefolding, is kept beside
   it for the checks in step 3.

2. One pass. Every alias and every exclusion phrase of every brand is a pattern
   of a single Aho-Corasick automaton (ahocorasick-rs), built once in
   `Matcher()`. The title and the summary are scanned once, together (`Text`),
   whatever the number of brands; the automaton reports every occurrence of
   every pattern, overlapping ones included. (pyahocorasick searches a node's
   transitions one by one, so thousands of Chinese names, with as many
   different first characters, made every step of its scan slow;
   ahocorasick-rs does not slow down with them.)

3. Checks on each occurrence, cheapest first:
   - Word boundaries. An end of a pattern that is a letter or digit of a script
     written with spaces (Latin, Cyrillic, ...) must not touch another such
     letter or digit in the text: "Redmi" does not match in "Redmine", "Mi" not
     in "Xiaomi". Hyphens and apostrophes separate words, so "Xiaomi's" and
     "Xiaomi-Handy" name Xiaomi (the German genitive "Xiaomis" is an alias of its
     own). A Chinese or Japanese character is no word character here: CJK aliases
     match inside running text ("小米发布新手机"), and "Redmi" matches in
     "Redmi新机发布".
   - Case. A case-sensitive alias must appear exactly as stored (after NFKC), so
     "POCO" is not the Spanish and Italian "poco", "Black Shark" not a black shark,
     "YI" not the surname "Yi". Other aliases match in any case.
   - Ambiguous short names. Case alone does not settle a case-sensitive alias of
     at most three letters ("Mi", "YI"): Spanish "Mi casa" starts a sentence,
     German "Mi." is Mittwoch, "YI GANG" is a headline in capitals. Such an alias
     counts only when a space and a model number follow it ("Mi 11", "Mi 10T",
     "Mi A3", "YI 4K"), and not when that "number" is a date or time ("Mi 12.03.",
     "Mi 12. März", "Mi 14 Uhr"); the helicopters "Mi-8" and "Mi-24" have a hyphen,
     not a space. Product lines are data, not code: "Mi Band", "Mi TV" or
     "YI Home Camera" are aliases of their own and match like any other.
   - Exclusions. An alias occurrence that lies inside an occurrence of one of its
     own brand's exclusion phrases does not count (小米 inside 小米粥, "POCO" inside
     "POCO A POCO", "米家" inside "米家有品"). Exclusion phrases match in any case,
     with the same word-boundary rule.

   - Evidence. Some aliases are also ordinary words that case does not settle
     (a title-case "Poco" starts Spanish sentences, 黑鲨 is a black shark, a
     sentence-initial Spanish "Mi 2 hijos" looks like a model). Editors mark
     such an alias as needing evidence: "context" counts only when one of the
     brand's context words (its own list in the data file and the admin:
     "smartphone", "Android", 手机, 游戏 ...) is also in the text;
     "model_or_context" counts before a model number ("Poco F5", "Poco X6 Pro")
     or with a context word. Context words match like exclusion phrases, in
     any case and on word boundaries, anywhere in the text.
   - Content. The feed's full content, when there is one, is matched after
     the title and the summary; a brand named only there (long articles name
     many things in passing) counts when it is named there at least
     CONTENT_MIN_MENTIONS times or one of its context words is in the text.

4. Result. Brands whose alias occurrences survive are found; each brand is
   reported once, with the alias of its first occurrence (the longest one if
   several start there) and the field it was found in, the title before the
   summary before the content. Aliases of different brands may overlap: "Xiaomi SU7" names both
   Xiaomi and Xiaomi EV, "Xiaomi's Redmi Note 13" names Xiaomi and Redmi, while
   "Redmi Note 13" names only Redmi. An exclusion phrase of one brand can stop
   such an overlap where a name is not meant ("米家有品" is Youpin, not Mijia).

The language of an alias is bookkeeping for editors; every alias is looked for
in every text, because news in one language quotes names in another.
"""

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TypeVar, cast

import ahocorasick_rs

from ecosystem.brands.models import Alias, ContextWord, ExclusionPhrase


@dataclass(frozen=True)
class AliasSpec:
    brand_id: int
    text: str
    case_sensitive: bool = False
    evidence: str = ""  # Alias.Evidence: "", "model_or_context" or "context"


@dataclass(frozen=True)
class Found:
    brand_id: int
    alias: str  # the alias text as stored
    field: str  # "title", "summary" or "content" (in that order when several match)


# Typographic variants mapped to the ASCII character writers mean; the soft hyphen goes.
_PUNCTUATION = str.maketrans(
    {
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2212\ufe63\uff0d", "-"),
        **dict.fromkeys("\u2018\u2019\u02bc\u2032\uff07", "'"),
        "\u00ad": None,
    }
)
_TYPOGRAPHIC = re.compile("[" + "".join(map(chr, _PUNCTUATION)) + "]")

# After a short ambiguous name: a space and a model number ("Mi 11", "Mi 10T", "Mi A3",
# "YI 4K+"), not followed by more letters or digits, nor making a date or a time.
# German dates put a dot after the day: "Mi 12. März" is Wednesday, 12 March.
_MONTHS_DE = "Jan|Feb|Mär|Apr|Mai|Jun|Jul|Aug|Sep|Okt|Nov|Dez"
_MODEL_NUMBER = re.compile(
    r" (?:[A-Z]\d{1,2}|\d{1,2}[A-Za-z]{0,2})\+?"
    r"(?![A-Za-z0-9%°])"
    r"(?![.:/]\d)"
    rf"(?!\. ?(?:{_MONTHS_DE})[a-zä]*\b)"
    r"(?! ?Uhr\b)"
)
SHORT_NAME_LETTERS = 3
# Alias.Evidence.MODEL_OR_CONTEXT, without importing the choices into the hot loop.
EVIDENCE_MODEL_OR_CONTEXT = "model_or_context"
# How often a brand named only in the feed's full content must be named there.
CONTENT_MIN_MENTIONS = 2


def _is_cjk(char: str) -> bool:
    """Han, kana and CJK punctuation: scripts written without spaces between words."""
    code = ord(char)
    return (
        0x2E80 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0xFF61 <= code <= 0xFF9F
        or 0x20000 <= code <= 0x3FFFF
    )


def _is_word_char(char: str) -> bool:
    return char.isalnum() and not _is_cjk(char)


def normalise(text: str) -> str:
    """NFKC, ASCII dashes and apostrophes, single spaces: the form that is matched."""
    if not text.isascii():  # ASCII is in NFKC already and has no typographic marks
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
        if _TYPOGRAPHIC.search(text):
            text = text.translate(_PUNCTUATION)
    return " ".join(text.split())


def needs_model_number(text: str, case_sensitive: bool) -> bool:
    """Whether an alias counts only before a model number: the ambiguous short names.

    Case-sensitive aliases of at most SHORT_NAME_LETTERS letters ("Mi", "YI"),
    measured in their normalised form (see "Ambiguous short names" above).
    """
    exact = normalise(text)
    return case_sensitive and len(exact) <= SHORT_NAME_LETTERS and exact.isalpha()


def _fold(text: str) -> tuple[str, list[int] | None]:
    """Casefold `text`; where that changes its length, also map folded to original offsets."""
    folded = text.casefold()
    if len(folded) == len(text):  # casefolding never shortens a character
        return folded, None
    offsets = []
    for position, char in enumerate(text):
        offsets.extend([position] * len(char.casefold()))
    offsets.append(len(text))
    return folded, offsets


# Per class, the last object from_database() built, and the rows it was built from.
_built: dict[type, tuple[tuple, object]] = {}

_T = TypeVar("_T")


def built_from(cls: type[_T], rows: tuple, build: Callable[[], _T]) -> _T:
    """`build()`, or the object it returned last time for the same `rows`.

    Reading the rows takes milliseconds; building an automaton from thousands of
    aliases takes hundreds. Rows that differ in anything build anew, so a reused
    object never matches with aliases or keywords that have changed since.
    """
    last = _built.get(cls)
    if last is not None and last[0] == rows:
        return cast(_T, last[1])  # what build() made for `cls` last time
    made = build()
    _built[cls] = (rows, made)
    return made


class Text:
    """A title, a summary and the feed's full content, normalised once for any number
    of matchers.

    All are matched in one string, the title, a line break, the summary, a line
    break, the content: no normalised pattern or text holds a line break, so no
    occurrence spans two fields, and the break is no word character, as the end
    of a field is not.
    """

    __slots__ = ("content_start", "exact", "folded", "offsets", "summary_start")

    def __init__(self, title: str, summary: str = "", content: str = "") -> None:
        title, summary, content = normalise(title), normalise(summary), normalise(content)
        fields = [title, summary, content] if content else [title, summary] if summary else [title]
        self.exact = "\n".join(fields)
        self.folded, self.offsets = _fold(self.exact)
        # Casefolding only lengthens characters: the breaks still mark the fields.
        beyond = len(self.folded) + 1
        self.summary_start = self.folded.find("\n") + 1 if len(fields) > 1 else beyond
        self.content_start = self.folded.find("\n", self.summary_start) + 1 if content else beyond

    def field_at(self, position: int) -> str:
        if position >= self.content_start:
            return "content"
        return "summary" if position >= self.summary_start else "title"


@dataclass(frozen=True, slots=True)
class _Pattern:
    brand_id: int
    text: str  # as stored
    exact: str | None  # the NFKC form that must appear as it is (case-sensitive aliases)
    needs_model_number: bool
    is_exclusion: bool
    evidence: str = ""
    is_context: bool = False


class Matcher:
    """Brands named in a text, found in one pass; build once, use for many items."""

    def __init__(
        self,
        aliases: Iterable[AliasSpec],
        exclusions: Iterable[tuple[int, str]] = (),
        context_words: Iterable[tuple[int, str]] = (),
    ) -> None:
        keys: dict[str, list[_Pattern]] = {}
        seen: set[tuple] = set()

        def add(key: str, pattern: _Pattern) -> None:
            identity = (
                key, pattern.brand_id, pattern.exact, pattern.is_exclusion, pattern.is_context
            )  # fmt: skip
            if key and identity not in seen:
                seen.add(identity)
                keys.setdefault(key, []).append(pattern)

        for alias in aliases:
            exact = normalise(alias.text)
            pattern = _Pattern(
                brand_id=alias.brand_id,
                text=alias.text,
                exact=exact if alias.case_sensitive else None,
                needs_model_number=needs_model_number(exact, alias.case_sensitive),
                is_exclusion=False,
                evidence=alias.evidence,
            )
            add(exact.casefold(), pattern)
        for brand_id, phrase in exclusions:
            add(normalise(phrase).casefold(), _Pattern(brand_id, phrase, None, False, True))
        for brand_id, word in context_words:
            add(
                normalise(word).casefold(),
                _Pattern(brand_id, word, None, False, False, is_context=True),
            )

        # Per key, in the automaton's order: whether each end must sit on a word
        # boundary, and the aliases and exclusion phrases that share the key.
        self._keys = [
            (_is_word_char(key[0]), _is_word_char(key[-1]), tuple(patterns))
            for key, patterns in keys.items()
        ]
        self._automaton = ahocorasick_rs.AhoCorasick(list(keys)) if keys else None

    @classmethod
    def from_database(cls) -> "Matcher":
        """A matcher for the aliases, exclusion phrases and context words stored now
        (three queries)."""
        aliases = tuple(
            Alias.objects.order_by("pk").values_list(
                "brand_id", "text", "case_sensitive", "evidence"
            )
        )
        exclusions = tuple(ExclusionPhrase.objects.order_by("pk").values_list("brand_id", "text"))
        context = tuple(ContextWord.objects.order_by("pk").values_list("brand_id", "text"))
        return built_from(
            cls,
            (aliases, exclusions, context),
            lambda: cls([AliasSpec(*row) for row in aliases], exclusions, context),
        )

    def match(self, title: str, summary: str = "", content: str = "") -> list[Found]:
        return self.find(Text(title, summary, content))

    def find(self, text: Text) -> list[Found]:
        """The brands `text` names, each once, in the order of their ids."""
        if self._automaton is None or not text.folded:
            return []
        exact, folded, offsets = text.exact, text.folded, text.offsets
        size = len(folded)
        hits: list[tuple[int, int, _Pattern]] = []
        blocked: dict[int, list[tuple[int, int]]] = {}
        context: set[int] = set()  # brands one of whose context words the text holds
        for key, start, end in self._automaton.find_matches_as_indexes(folded, overlapping=True):
            left, right, patterns = self._keys[key]  # `end` is exclusive
            if left and start > 0 and _is_word_char(folded[start - 1]):
                continue
            if right and end < size and _is_word_char(folded[end]):
                continue
            for pattern in patterns:
                if pattern.is_exclusion:
                    blocked.setdefault(pattern.brand_id, []).append((start, end))
                    continue
                if pattern.is_context:
                    context.add(pattern.brand_id)
                    continue
                if pattern.exact is not None:
                    # The same stretch of the text before casefolding, in its own offsets.
                    begin, stop = (
                        (start, end) if offsets is None else (offsets[start], offsets[end])
                    )
                    if exact[begin:stop] != pattern.exact:
                        continue
                    if pattern.needs_model_number and not _MODEL_NUMBER.match(exact, stop):
                        continue
                    if pattern.evidence == EVIDENCE_MODEL_OR_CONTEXT:
                        # Decided below unless a model number follows ("Poco F5").
                        model = _MODEL_NUMBER.match(exact, stop) is not None
                        pattern = replace(pattern, evidence="") if model else pattern
                hits.append((start, end, pattern))

        first: dict[int, tuple[int, int, str]] = {}
        in_content: dict[int, int] = {}
        for start, end, pattern in hits:
            spans = blocked.get(pattern.brand_id, ())
            if any(x_start <= start and end <= x_end for x_start, x_end in spans):
                continue
            if pattern.evidence and pattern.brand_id not in context:
                continue
            if start >= text.content_start:
                in_content[pattern.brand_id] = in_content.get(pattern.brand_id, 0) + 1
            rank = (start, start - end, pattern.text)  # first, then longest
            if pattern.brand_id not in first or rank < first[pattern.brand_id]:
                first[pattern.brand_id] = rank
        found = []
        for brand_id, (start, _, alias) in sorted(first.items()):
            field = text.field_at(start)
            # Long content names many things in passing: a brand named only there
            # needs to be named again, or one of its context words to be there too.
            if (
                field == "content"
                and in_content[brand_id] < CONTENT_MIN_MENTIONS
                and brand_id not in context
            ):
                continue
            found.append(Found(brand_id, alias, field))
        return found
