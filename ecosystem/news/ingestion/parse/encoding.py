"""Encodings: whatever comes in, libxml2 gets UTF-8 bytes that say they are UTF-8."""

import codecs
import re

from ecosystem.news.ingestion.parse.sniff import declared_language

_RE_XML_ENCODING = re.compile(
    rb"<\?xml[^>]{0,200}?\bencoding\s*=\s*[\"']([A-Za-z][A-Za-z0-9._:-]{0,39})[\"']"
)
_ENCODING_DECL_WINDOW = 1024

# The legacy encodings a declaration may name. A label Python knows but that is not a text
# encoding ("base64", "rot13", "undefined") is treated as no label at all.
_MULTIBYTE_CODECS = frozenset(
    {"gb2312", "gbk", "gb18030", "hz", "big5", "big5hkscs", "cp950"}
    | {"shift_jis", "cp932", "euc_jp", "iso2022_jp", "euc_kr", "cp949"}
)
_LEGACY_CODECS = _MULTIBYTE_CODECS | frozenset(
    {"ascii", "cp1125", "cp866", "cp874", "koi8-r", "koi8-u", "mac-roman", "tis-620"}
    | {f"iso8859-{n}" for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16)}
    | {f"cp{n}" for n in range(1250, 1259)}
)
_UNICODE_CODECS = frozenset(
    {"utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"}
)
# What a label means on the web (WHATWG Encoding Standard): the superset is what
# publishers actually write when they name the smaller set.
_SUPERSETS = {
    "ascii": "cp1252",
    "iso8859-1": "cp1252",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "big5": "cp950",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
}
# A feed's language, when its bytes are in no encoding they declare, names the likely one.
_LANGUAGE_CODECS = {
    "zh": ("gb18030", "cp950"),
    "ja": ("cp932", "euc_jp"),
    "ko": ("cp949",),
    **dict.fromkeys(("ru", "uk", "bg", "be", "sr", "mk"), ("cp1251",)),
    **dict.fromkeys(("pl", "cs", "sk", "hu", "sl", "hr", "ro", "bs"), ("cp1250",)),
    "el": ("cp1253",),
    "tr": ("cp1254",),
    "he": ("cp1255",),
    **dict.fromkeys(("ar", "fa", "ur"), ("cp1256",)),
    **dict.fromkeys(("lt", "lv", "et"), ("cp1257",)),
    "vi": ("cp1258",),
    "th": ("cp874",),
}
_ZH_TRADITIONAL = ("zh-tw", "zh-hk", "zh-mo", "zh-hant")

# windows-1252 for every byte, with the five bytes it leaves undefined read as Latin-1 (C1
# controls), which is what browsers do.
_CP1252_TABLE = tuple(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256))


def _cp1252_for_undecodable(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: read the bytes a decoder could not as windows-1252."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    chunk = exc.object[exc.start : exc.end]
    return "".join(_CP1252_TABLE[b] for b in chunk), exc.end


_CP1252_FALLBACK = "ecosystem.news.feeds.cp1252"
codecs.register_error(_CP1252_FALLBACK, _cp1252_for_undecodable)


def as_utf8(body: bytes) -> tuple[bytes, bool]:
    """The document as UTF-8 bytes whose XML declaration, if any, says UTF-8, and whether
    those bytes are known to be valid UTF-8.

    A byte-order mark wins over a declaration. Bytes that are valid UTF-8 are read as UTF-8
    whatever they declare: text in a legacy encoding is practically never valid UTF-8 by
    accident, while UTF-8 labelled ISO-8859-1 is common. Other bytes go to _decode_legacy.
    A document that says it is UTF-8 (or says nothing) is passed on unchecked, and _parse
    checks it only if what libxml2 made of it holds U+FFFD: a full UTF-8 check of every
    document would cost about a tenth of the parse.
    """
    for bom, codec in _WIDE_BOMS:
        if body.startswith(bom):
            return _encode(body[len(bom) :].decode(codec, errors="replace")), True
    wide = _sniff_wide_encoding(body)
    if wide:
        return _encode(body.decode(wide, errors="replace")), True
    bom_utf8 = body.startswith(codecs.BOM_UTF8)
    if bom_utf8:
        body = body[len(codecs.BOM_UTF8) :]
    declaration = _RE_XML_ENCODING.search(body, 0, _ENCODING_DECL_WINDOW)
    label = _codec_name(declaration.group(1)) if declaration else ""
    says_utf8 = declaration is None or label == "utf-8"
    if body.isascii():
        return (body if says_utf8 else _relabel(body, declaration)), True
    if says_utf8:
        return body, False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return _encode(_decode_legacy(body, "utf-8" if bom_utf8 else label)), True
    return _relabel(body, declaration), True


def valid_utf8(data: bytes) -> bytes:
    """`data` itself when it is valid UTF-8, else its text re-encoded (see _decode_legacy)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return _encode(_decode_legacy(data, "utf-8"))
    return data


def _relabel(data: bytes, declaration: re.Match[bytes] | None) -> bytes:
    assert declaration is not None  # only a document that declares another encoding
    return data[: declaration.start(1)] + b"utf-8" + data[declaration.end(1) :]


_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _sniff_wide_encoding(body: bytes) -> str:
    """UTF-16 or UTF-32 without a byte-order mark, told by where the zero bytes fall."""
    first = body[:4]
    if len(first) < 4 or b"\x00" not in first:
        return ""
    if first[1:] == b"\x00\x00\x00":
        return "utf-32-le"
    if first[:3] == b"\x00\x00\x00":
        return "utf-32-be"
    if first[0] and not first[1] and first[2] and not first[3]:
        return "utf-16-le"
    if not first[0] and first[1] and not first[2] and first[3]:
        return "utf-16-be"
    return ""


# Web labels Python does not know.
_LABEL_ALIASES = {
    "x-gbk": "gbk",
    "x-sjis": "shift_jis",
    "x-euc-jp": "euc_jp",
    "windows-874": "cp874",
}


def _codec_name(label: bytes) -> str:
    """Python's name for an encoding label, "" for none or one that is not a text encoding."""
    text = label.decode("ascii", errors="replace").lower()
    try:
        name = codecs.lookup(_LABEL_ALIASES.get(text, text)).name
    except LookupError:
        return ""
    if name == "utf-8-sig":
        return "utf-8"
    return name if name in _LEGACY_CODECS or name in _UNICODE_CODECS else ""


def _decode_legacy(body: bytes, declared: str) -> str:
    """Text from bytes that are not valid UTF-8.

    Mostly valid UTF-8 with some stray bytes (a feed assembled from UTF-8 and windows-1252
    parts): UTF-8, the stray bytes read as windows-1252. Otherwise the first of these that
    decodes the whole document: the declared legacy encoding (taken as its web superset:
    ISO-8859-1 as windows-1252, GB2312 and GBK as GB18030); the encoding the feed's
    <language> points to; GB18030 when non-ASCII bytes come in pairs and runs, as in Chinese
    text, rather than alone, as in German; windows-1252.
    """
    lenient = body.decode("utf-8", errors="replace")
    broken = lenient.count("\ufffd")
    non_ascii = len(lenient) - len(lenient.encode("ascii", errors="ignore"))
    if non_ascii - broken >= broken:
        return body.decode("utf-8", errors=_CP1252_FALLBACK)
    for codec in _legacy_candidates(body, declared):
        if codec not in _MULTIBYTE_CODECS:
            # A single-byte encoding reads any bytes: the first one named is taken.
            return body.decode(codec, errors=_CP1252_FALLBACK)
        try:
            return body.decode(codec)
        except UnicodeDecodeError:
            continue
    raise AssertionError("unreachable: the candidates end with windows-1252")


def _legacy_candidates(body: bytes, declared: str) -> list[str]:
    candidates = []
    if declared and declared not in _UNICODE_CODECS:
        candidates.append(_SUPERSETS.get(declared, declared))
    language = declared_language(body).lower()
    if language.startswith(_ZH_TRADITIONAL):
        candidates.append("cp950")
    candidates.extend(_LANGUAGE_CODECS.get(language.partition("-")[0], ()))
    if _looks_double_byte(body):
        candidates.append("gb18030")
    candidates.append("cp1252")
    return candidates


_RE_HIGH_RUN = re.compile(rb"[\x80-\xff]+")


def _looks_double_byte(body: bytes) -> bool:
    """Whether non-ASCII bytes mostly stand in runs (CJK) rather than alone (Latin umlauts)."""
    runs = single = 0
    for match in _RE_HIGH_RUN.finditer(body):
        runs += 1
        single += match.end() - match.start() == 1
    return runs > 0 and single * 2 < runs


def _encode(text: str) -> bytes:
    data = text.removeprefix("\ufeff").encode("utf-8", errors="replace")
    declaration = _RE_XML_ENCODING.search(data, 0, _ENCODING_DECL_WINDOW)
    return data if declaration is None else _relabel(data, declaration)
