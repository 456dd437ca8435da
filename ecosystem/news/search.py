"""Full-text search in English, German and Chinese: how text is indexed and how
a visitor's query is read.

PostgreSQL does the searching (a stored tsvector column with a GIN index, see
migration 0003): each item's title and summary are indexed in its own language
(stemming for English and German, so "robots" finds "robot" and "Saugrobotern"
finds "Saugroboter"), titles weighted above summaries. PostgreSQL cannot split
Chinese into words, so Python does it here, with jieba (rjieba, its Rust
port) in search mode, and the words are stored beside the text for the index.
Latin model names glued to Chinese ("小米汽车SU7") come out as words of their own.

Queries follow web-search syntax (PostgreSQL's websearch_to_tsquery): all words
must match, "a phrase", -word to exclude, OR between alternatives. Before a
query reaches the database it is normalised and bounded, so that no visitor can
send one that costs the server more than an ordinary search.

SQLite, the embedded default, has no such index: there every word is matched
as a case-insensitive substring of the title or summary.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import rjieba
import snowballstemmer  # type: ignore[import-untyped]
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# Chinese, Japanese and Korean script.
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+")
# What a segmenter returns that is no word: punctuation and spaces.
_WORD = re.compile(r"\w", re.UNICODE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")

# Bounds on a query, generous for a person and small for the database.
MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
MAX_TERM_LENGTH = 40
MAX_CJK_RUNS = 4
# A search ranks at most this many of its newest matches (see NewsItemQuerySet.ranked).
RANKED_CANDIDATES = 1000

# The text search configurations of the languages items come in; anything else
# is indexed and queried without stemming.
CONFIGS = ("english", "german", "simple")


class QueryError(ValueError):
    """A query the search refuses; the message says why, for the visitor."""


def segment(text: str, *, html: bool = False) -> str:
    """The words of `text` (plain, or sanitised HTML) for the index when it has
    Chinese in it ("" otherwise).

    Search mode yields the long words and the shorter words inside them
    ("扫地机器人" gives 扫地, 机器, 机器人), so a query for any of them finds it.
    """
    if not text or not CJK.search(text):
        return ""
    if html:
        text = strip_tags(text)
    # isalnum() settles most words without the regular expression (what it accepts, \w finds).
    words = rjieba.cut_for_search(text)
    return " ".join(word for word in words if word.isalnum() or _WORD.search(word))


def _split_cjk(text: str) -> str:
    """A query's Chinese runs split into words (the precise mode: one reading)."""
    return CJK_RUN.sub(
        lambda run: " " + " ".join(w for w in rjieba.cut(run.group()) if _WORD.search(w)) + " ",
        text,
    )


def normalise(raw: str) -> str:
    """Full-width forms folded (ＳＵ７ → SU7), control characters gone, spaces collapsed."""
    text = unicodedata.normalize("NFKC", raw)
    return " ".join(_CONTROL.sub(" ", text).split())


@dataclass(frozen=True)
class SearchQuery:
    """A visitor's query, checked, with what the database and the highlighter need."""

    text: str  # as normalised, shown back to the visitor
    tsquery_text: str  # for websearch_to_tsquery: Chinese split into words
    terms: tuple[str, ...] = field(default=())  # words to highlight (not excluded ones)

    @classmethod
    def parse(cls, raw: str) -> "SearchQuery":
        text = normalise(raw)
        if len(text) > MAX_QUERY_LENGTH:
            raise QueryError(
                _("A search may be at most %(count)d characters long.")
                % {"count": MAX_QUERY_LENGTH}
            )
        words = [word for word in text.replace('"', " ").split() if word.upper() != "OR"]
        if len(words) > MAX_TERMS:
            raise QueryError(_("A search may have at most %(count)d words.") % {"count": MAX_TERMS})
        if any(len(word.lstrip("-")) > MAX_TERM_LENGTH for word in words):
            raise QueryError(
                _("A word in a search may be at most %(count)d characters long.")
                % {"count": MAX_TERM_LENGTH}
            )
        if len(CJK_RUN.findall(text)) > MAX_CJK_RUNS:
            raise QueryError(
                _("A search may have at most %(count)d runs of Chinese characters.")
                % {"count": MAX_CJK_RUNS}
            )
        return cls(text, _for_tsquery(text), _highlight_terms(words))

    def __bool__(self) -> bool:
        return bool(self.tsquery_text.strip())


def _for_tsquery(text: str) -> str:
    # A quoted phrase of Chinese would need its words next to each other in the
    # index, where search mode puts the shorter words in between: it is matched
    # as all of its words instead. Excluded Chinese stays one phrase to exclude.
    def unquote_chinese(match: re.Match[str]) -> str:
        inside = match.group(1)
        return f" {inside} " if CJK.search(inside) else match.group(0)

    text = re.sub(r'"([^"]*)"', unquote_chinese, text)
    text = re.sub(
        r"(?<!\S)-(\S*" + CJK_RUN.pattern + r"\S*)",
        lambda m: ' -"' + _split_cjk(m.group(1)).strip() + '"',
        text,
    )
    text = " ".join(_split_cjk(text).split())
    return re.sub(r'"\s*([^"]*?)\s*"', r'"\1"', text)


def _highlight_terms(words: list[str]) -> tuple[str, ...]:
    terms: list[str] = []
    for word in words:
        if word.startswith("-"):
            continue
        word = word.strip("'\"").lower()
        if CJK.search(word):
            terms.extend(w for w in rjieba.cut(word) if _WORD.search(w))
        elif word:
            terms.append(word)
    return tuple(dict.fromkeys(terms))


@lru_cache(maxsize=4)
def _stemmer(language: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(language)


# Stemming is pure Python (about 0.1 ms a word): without the cache, marking the
# words of one page of results took longer than finding them. News repeats words.
@lru_cache(maxsize=65536)
def _stems(word: str) -> frozenset[str]:
    word = word.lower()
    return frozenset(
        {word, *(_stemmer(language).stemWord(word) for language in ("english", "german"))}
    )


_TOKEN = re.compile(r"\w+", re.UNICODE)


def highlight(text: str, query: SearchQuery | None) -> SafeString:
    """`text` escaped, with the words the query matched in <mark>.

    Nothing from the text becomes markup: it is escaped first, and only <mark>
    tags are added, around whole words whose stem a query word shares (English
    or German), or around the query's Chinese words wherever they occur.
    """
    if not query or not query.terms or not text:
        return escape(text)
    latin = {stem for term in query.terms if not CJK.search(term) for stem in _stems(term)}
    chinese = sorted((t for t in query.terms if CJK.search(t)), key=len, reverse=True)
    spans: list[tuple[int, int]] = []
    for token in _TOKEN.finditer(text):
        if not CJK.search(token.group()) and _stems(token.group()) & latin:
            spans.append(token.span())
    for term in chinese:
        spans.extend(m.span() for m in re.finditer(re.escape(term), text))
    if not spans:
        return escape(text)
    parts: list[str] = []
    position = 0
    for start, end in _merged(spans):
        parts.append(escape(text[position:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 -- every piece above is escaped


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
