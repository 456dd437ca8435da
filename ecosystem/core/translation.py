"""Text kept in the database in each of the site's languages.

A translated field `name` has siblings `name_de` and `name_zh_hans`; the
English text is the field itself, and the fallback when a translation is empty.
"""

from django.utils import translation


def field_suffix(language: str | None = None) -> str:
    """ "_de" for German, "_zh_hans" for Simplified Chinese, "" for English."""
    language = (language or translation.get_language() or "en").lower()
    if language.startswith("de"):
        return "_de"
    if language.startswith("zh"):
        return "_zh_hans"
    return ""


def localized(obj: object, field: str, language: str | None = None) -> str:
    """`obj.<field>` in the current (or given) language, English when not translated."""
    suffix = field_suffix(language)
    text = getattr(obj, f"{field}{suffix}", "") if suffix else ""
    return text or getattr(obj, field)
