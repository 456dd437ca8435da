"""HTTP download of news feeds, hardened for URLs that editors (or feeds) supply.

One call to :func:`fetch` is one conditional GET of one feed, following redirects by hand.
Everything that can go wrong on the network comes back as a :class:`FetchError` whose
message is a single line fit for the admin, and whose ``transient`` flag tells the caller
whether trying again later can help.

Server-side request forgery
    The address check happens in :meth:`_CheckedConnectMixin._new_conn`, the one place where
    urllib3 opens a socket. There the host name is resolved exactly once, every address it
    resolved to is checked, and the socket is connected to one of those checked addresses.
    No second lookup happens between check and connect, so a name whose DNS answer changes
    (DNS rebinding) cannot slip a private address past the check. Because the check works
    on the resolved address, however the host was spelled (``localhost``, ``2130706433``,
    ``0x7f000001``, ``127.1``, ``0177.0.0.1``, ``[::ffff:127.0.0.1]``, a name that points at
    10.0.0.1) makes no difference; and since every redirect hop opens its own connection
    through the same code, every hop is checked too. For HTTPS the TLS layer still gets the
    real host name, so SNI and certificate verification are unchanged. urllib3's
    ``PoolManager`` never uses proxy settings from the environment, so nothing bypasses it.

Time limits
    ``FEEDS_CONNECT_TIMEOUT`` bounds each TCP connect, ``FEEDS_TOTAL_TIMEOUT`` the whole fetch.
    Per-read socket timeouts cannot enforce the latter (a server sending a byte every second
    never trips them), so a watchdog timer shuts the fetch's sockets down at the deadline,
    which wakes any blocked read. Name resolution itself is left to the system resolver and
    its own time limits: ``getaddrinfo`` cannot be interrupted.

Size limit
    The body is streamed and counted after decompression, and the fetch stops as soon as it
    passes ``FEEDS_MAX_BYTES``. urllib3 (2.6 and later) inflates at most the amount asked
    for per read and keeps the rest compressed, so a gzip bomb never grows in memory; the
    compressed byte count is capped as well. Only gzip and deflate are offered and accepted:
    brotli and zstd would need extra packages.

URLs carrying credentials (``http://user:pass@host/``) are refused rather than stripped:
feeds here are public, and a URL with a password in it is more likely a mistake than a
feed.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import re
import socket
import sys
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from urllib3 import PoolManager, Timeout
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import (
    ConnectTimeoutError,
    DecodeError,
    HTTPError,
    LocationValueError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
    SSLError,
)
from urllib3.response import BaseHTTPResponse
from urllib3.util import parse_url
from urllib3.util.connection import allowed_gai_family

from ecosystem.news.ingestion.messages import one_line

__all__ = ["FetchError", "FetchResult", "fetch", "is_public_address"]

ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"
)
ACCEPT_ENCODING = "gzip, deflate"

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Statuses where waiting and trying again is the expected remedy.
TRANSIENT_CLIENT_STATUSES = frozenset({408, 429})
# Ceiling for Retry-After and max-age as read from the headers: longer values are nonsense,
# and unbounded ones could overflow timedelta. (The scheduler caps them much lower.)
HEADER_DELAY_CEILING = timedelta(days=365)
READ_CHUNK = 64 * 1024
SUPPORTED_CODINGS = frozenset({"gzip", "x-gzip", "deflate"})

_DIGITS = re.compile(r"[0-9]+")
_NAT64_PREFIX = ipaddress.IPv6Network("64:ff9b::/96")
_SHARED_ADDRESS_SPACE = ipaddress.IPv4Network("100.64.0.0/10")


@dataclass(frozen=True)
class FetchResult:
    url: str  # final URL after redirects
    status: int  # 200 or 304
    body: bytes  # b"" for 304; decompressed
    content_type: str  # Content-Type header or ""
    etag: str  # "" if none (on a 304 without one: the ETag that was sent)
    last_modified: str  # "" if none (on a 304 without one: the date that was sent)
    retry_after: timedelta | None  # from Retry-After (seconds or HTTP date)
    max_age: timedelta | None  # from Cache-Control max-age


class FetchError(Exception):
    """A feed could not be fetched. ``str(error)`` is one human-readable line.

    ``transient`` is True when the same fetch may well succeed later (timeouts, 5xx, 429,
    connection trouble) and False when retrying is pointless until something changes
    (refused address, bad URL, 404, too large, redirect loop). ``status`` is the HTTP
    status when the server answered with an error, None otherwise.
    """

    def __init__(
        self,
        message: str,
        *,
        transient: bool,
        retry_after: timedelta | None = None,
        status: int | None = None,
    ):
        message = " ".join(str(message).split())
        super().__init__(message)
        self.message = message
        self.transient = transient
        self.retry_after = retry_after
        self.status = status

    def __repr__(self) -> str:
        return (
            f"FetchError({self.message!r}, transient={self.transient!r}, "
            f"retry_after={self.retry_after!r})"
        )


def fetch(
    url: str,
    *,
    etag: str = "",
    last_modified: str = "",
    allow_private: bool | None = None,
    accept: str = ACCEPT,
    max_bytes: int | None = None,
) -> FetchResult:
    """GET ``url``, conditionally if ``etag`` or ``last_modified`` is given.

    Returns a 200 or 304 result; raises :class:`FetchError` for anything else. With
    ``allow_private`` None, ``settings.FEEDS_ALLOW_PRIVATE_NETWORKS`` decides whether
    loopback, private and other non-public addresses may be contacted. ``accept`` is the
    Accept header (feeds by default; article pages ask for HTML), ``max_bytes`` a size
    limit below ``FEEDS_MAX_BYTES``.
    """
    if allow_private is None:
        allow_private = bool(settings.FEEDS_ALLOW_PRIVATE_NETWORKS)
    total_timeout = float(settings.FEEDS_TOTAL_TIMEOUT)
    connect_timeout = float(settings.FEEDS_CONNECT_TIMEOUT)
    feed_limit = int(settings.FEEDS_MAX_BYTES)
    max_bytes = feed_limit if max_bytes is None else min(int(max_bytes), feed_limit)
    max_redirects = int(settings.FEEDS_MAX_REDIRECTS)

    current = _checked_url(url)
    headers = {
        "User-Agent": str(settings.FEEDS_USER_AGENT),
        "Accept": accept,
        "Accept-Encoding": ACCEPT_ENCODING,
    }
    if _usable_header_value(etag):
        headers["If-None-Match"] = etag.strip()
    if _usable_header_value(last_modified):
        headers["If-Modified-Since"] = last_modified.strip()

    guard = _FetchGuard(
        total_timeout=total_timeout, connect_timeout=connect_timeout, allow_private=allow_private
    )
    manager = _GuardedPoolManager(guard, maxsize=1, block=False, retries=False)
    watchdog = threading.Timer(total_timeout, guard.expire)
    watchdog.daemon = True
    watchdog.start()
    try:
        for _hop in range(max_redirects + 1):
            response = _get(manager, guard, current, headers)
            try:
                location = response.headers.get("Location", "")
                if response.status in REDIRECT_STATUSES and location.strip():
                    current = _checked_url(urljoin(current, location.strip()))
                    continue
                result = _result_for(response, current, max_bytes, etag, last_modified)
            finally:
                response.close()
            break
        else:
            raise FetchError(f"too many redirects (more than {max_redirects})", transient=False)
    except FetchError:
        if guard.expired:
            raise guard.timeout_error() from None
        raise
    except (HTTPError, OSError, http.client.HTTPException, ValueError) as exc:
        raise _translate(exc, guard) from exc
    finally:
        watchdog.cancel()
        expired = guard.finish()
        manager.clear()
    if expired:
        # The watchdog cut the connection: what was read may be silently truncated.
        raise guard.timeout_error()
    return result


def is_public_address(address: str | ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """True if ``address`` is a globally routable unicast address that feeds may live on.

    Refuses loopback, RFC 1918, link-local, shared (100.64/10), multicast, reserved,
    unspecified, documentation and every other special-purpose range, including IPv4
    addresses wrapped in IPv6 (IPv4-mapped, NAT64 64:ff9b::/96, 6to4).
    """
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    candidates: list[ipaddress.IPv4Address | ipaddress.IPv6Address] = [ip]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            candidates = [ip.ipv4_mapped]
        elif ip in _NAT64_PREFIX:
            candidates = [ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)]
        elif ip.sixtofour is not None:
            candidates.append(ip.sixtofour)
    return all(_is_public_unicast(candidate) for candidate in candidates)


def _is_public_unicast(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if not ip.is_global:
        return False
    if ip.is_multicast or ip.is_reserved or ip.is_unspecified or ip.is_loopback:
        return False
    if ip.is_private or ip.is_link_local:
        return False
    if isinstance(ip, ipaddress.IPv4Address):
        return ip not in _SHARED_ADDRESS_SPACE
    return not ip.is_site_local


# --- Connections ------------------------------------------------------------------------


class _FetchGuard:
    """Per-fetch state shared with the connections: address policy, deadline, watchdog."""

    def __init__(self, *, total_timeout: float, connect_timeout: float, allow_private: bool):
        self.total_timeout = total_timeout
        self.connect_timeout = connect_timeout
        self.allow_private = allow_private
        self.deadline = time.monotonic() + total_timeout
        self.expired = False
        self._finished = False
        self._lock = threading.Lock()
        # Duplicates of the fetch's sockets: shutting one down shuts down the connection
        # it shares with the original, even after the original was wrapped in TLS.
        self._handles: list[socket.socket] = []

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def timeout_error(self) -> FetchError:
        return FetchError(f"timed out after {_seconds(self.total_timeout)} s", transient=True)

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            if self.expired or self._finished:
                raise self.timeout_error()
            self._handles.append(sock.dup())

    def expire(self) -> None:
        """Watchdog: the deadline has passed, wake up whatever is blocked on a socket."""
        with self._lock:
            if self._finished:
                return
            self.expired = True
            for handle in self._handles:
                with contextlib.suppress(OSError):
                    handle.shutdown(socket.SHUT_RDWR)

    def finish(self) -> bool:
        """Stop watching; returns whether the deadline had passed."""
        with self._lock:
            self._finished = True
            handles, self._handles = self._handles, []
        for handle in handles:
            handle.close()
        return self.expired

    def open_socket(self, conn: HTTPConnection) -> socket.socket:
        """Resolve once, check every address, connect to a checked one."""
        host = conn._dns_host  # what urllib3 itself would hand to getaddrinfo
        port = conn.port
        if self.remaining() <= 0:
            raise self.timeout_error()
        # An address literal is judged as written, whether or not this host can reach its
        # family; what it resolves to is checked again below.
        if not self.allow_private and _is_ip_literal(host) and not is_public_address(host):
            raise FetchError(f"refused: {host} is not a public address", transient=False)
        try:
            addresses = socket.getaddrinfo(host, port, allowed_gai_family(), socket.SOCK_STREAM)
        except socket.gaierror as exc:
            if exc.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", None)):
                raise FetchError(f"DNS: no address for {host}", transient=True) from None
            raise FetchError(
                f"DNS: lookup of {host} failed ({exc.strerror})", transient=True
            ) from None
        except (UnicodeError, OSError) as exc:
            raise FetchError(f"DNS: lookup of {host} failed ({exc})", transient=True) from None
        if not addresses:
            raise FetchError(f"DNS: no address for {host}", transient=True)
        if not self.allow_private:
            for *_, sockaddr in addresses:
                address = str(sockaddr[0])
                if not is_public_address(address):
                    if _same_address(host, address):
                        message = f"refused: {address} is not a public address"
                    else:
                        # Which internal address a name has is for whoever runs the
                        # network to know, not for the admin page that shows this.
                        message = f"refused: the address of {host} is not a public address"
                    raise FetchError(message, transient=False)

        last_error: OSError | None = None
        for family, kind, proto, _name, sockaddr in addresses:
            remaining = self.remaining()
            if remaining <= 0:
                raise self.timeout_error()
            sock = socket.socket(family, kind, proto)
            try:
                self.watch(sock)
                for option in conn.socket_options or ():
                    sock.setsockopt(*option)
                sock.settimeout(min(_as_seconds(conn.timeout, self.connect_timeout), remaining))
                if conn.source_address:
                    sock.bind(conn.source_address)
                sock.connect(sockaddr)  # the address checked above, not the name
            except OSError as exc:
                sock.close()
                last_error = exc
                continue
            except BaseException:
                sock.close()
                raise
            sys.audit("http.client.connect", conn, conn.host, conn.port)
            return sock

        if self.expired:
            raise self.timeout_error()
        if isinstance(last_error, TimeoutError):
            raise FetchError(
                f"timed out connecting to {host} after {_seconds(self.connect_timeout)} s",
                transient=True,
            )
        reason = getattr(last_error, "strerror", None) or str(last_error) or "unknown error"
        raise FetchError(f"cannot connect to {host}: {reason}", transient=True)


class _CheckedConnectMixin:
    """Connections that take their socket from the fetch guard instead of connecting freely."""

    def __init__(self, *args: Any, fetch_guard: _FetchGuard, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._fetch_guard = fetch_guard

    def _new_conn(self) -> socket.socket:
        assert isinstance(self, HTTPConnection)  # mixed into urllib3's connections only
        return self._fetch_guard.open_socket(self)


class _GuardedHTTPConnection(_CheckedConnectMixin, HTTPConnection):
    pass


class _GuardedHTTPSConnection(_CheckedConnectMixin, HTTPSConnection):
    # Only _new_conn changes: HTTPSConnection.connect() still wraps the socket with SNI and
    # certificate verification for self.host, the name from the URL.
    pass


class _GuardedHTTPConnectionPool(HTTPConnectionPool):
    ConnectionCls = _GuardedHTTPConnection


class _GuardedHTTPSConnectionPool(HTTPSConnectionPool):
    ConnectionCls = _GuardedHTTPSConnection


class _GuardedPoolManager(PoolManager):
    """A pool manager whose connections all go through one fetch's guard."""

    def __init__(self, guard: _FetchGuard, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._guard = guard
        self.pool_classes_by_scheme = {
            "http": _GuardedHTTPConnectionPool,
            "https": _GuardedHTTPSConnectionPool,
        }

    def _new_pool(
        self, scheme: str, host: str, port: int, request_context: dict[str, Any] | None = None
    ) -> HTTPConnectionPool:
        pool = super()._new_pool(scheme, host, port, request_context)
        pool.conn_kw["fetch_guard"] = self._guard
        return pool


# --- Requests and responses --------------------------------------------------------------


def _get(
    manager: PoolManager, guard: _FetchGuard, url: str, headers: dict[str, str]
) -> BaseHTTPResponse:
    remaining = guard.remaining()
    if remaining <= 0:
        raise guard.timeout_error()
    return manager.urlopen(
        "GET",
        url,
        headers=headers,
        redirect=False,
        retries=False,
        preload_content=False,
        decode_content=True,
        timeout=Timeout(connect=min(guard.connect_timeout, remaining), read=remaining),
    )


def _result_for(
    response: BaseHTTPResponse, url: str, max_bytes: int, etag: str, last_modified: str
) -> FetchResult:
    status = response.status
    if status not in (200, 304):
        raise _status_error(response)
    headers = response.headers
    got_etag = headers.get("ETag", "").strip()
    got_last_modified = headers.get("Last-Modified", "").strip()
    if status == 304:
        body = b""
        # A 304 confirms the validators that were sent, even when it does not repeat them.
        got_etag = got_etag or etag.strip()
        got_last_modified = got_last_modified or last_modified.strip()
    else:
        body = _read_capped(response, max_bytes)
    return FetchResult(
        url=url,
        status=status,
        body=body,
        content_type=headers.get("Content-Type", "").strip(),
        etag=got_etag,
        last_modified=got_last_modified,
        retry_after=_parse_retry_after(headers.get("Retry-After", "")),
        max_age=_parse_max_age(headers.get("Cache-Control", "")),
    )


def _read_capped(response: BaseHTTPResponse, max_bytes: int) -> bytes:
    too_large = FetchError(f"too large: more than {_size(max_bytes)}", transient=False)
    encoded = _check_content_codings(response.headers.get("Content-Encoding", ""))
    declared = response.headers.get("Content-Length", "").strip()
    if not encoded and _DIGITS.fullmatch(declared) and int(declared[:20]) > max_bytes:
        raise too_large
    body = bytearray()
    for chunk in response.stream(min(READ_CHUNK, max_bytes + 1), decode_content=True):
        body += chunk
        # Compressed bytes count too: a stream that inflates to nothing must still end.
        if len(body) > max_bytes or response.tell() > max_bytes:
            raise too_large
    return bytes(body)


def _check_content_codings(header: str) -> bool:
    """Whether the body is compressed; refuses codings urllib3 would pass through raw."""
    codings = [coding.strip().lower() for coding in header.split(",")]
    codings = [coding for coding in codings if coding and coding != "identity"]
    for coding in codings:
        if coding not in SUPPORTED_CODINGS:
            raise FetchError(f"unsupported content encoding {coding[:40]!r}", transient=False)
    return bool(codings)


def _status_error(response: BaseHTTPResponse) -> FetchError:
    status = response.status
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = " ".join(str(response.reason or "").split())[:80]
    transient = status >= 500 or status in TRANSIENT_CLIENT_STATUSES
    retry_after = _parse_retry_after(response.headers.get("Retry-After", "")) if transient else None
    message = f"HTTP {status} {phrase}".rstrip()
    if status in REDIRECT_STATUSES:
        message += " without a Location"
    if retry_after is not None:
        message += f" (retry after {_seconds(retry_after.total_seconds())} s)"
    return FetchError(message, transient=transient, retry_after=retry_after, status=status)


def _translate(exc: BaseException, guard: _FetchGuard) -> FetchError:
    """Map urllib3 / socket / http.client failures to a FetchError."""
    if guard.expired or isinstance(exc, ReadTimeoutError):
        return guard.timeout_error()
    detail = _describe(exc)
    if isinstance(exc, ConnectTimeoutError) and not isinstance(exc, NewConnectionError):
        return FetchError(
            f"timed out connecting after {_seconds(guard.connect_timeout)} s", transient=True
        )
    if isinstance(exc, TimeoutError):
        return guard.timeout_error()
    if isinstance(exc, NewConnectionError):
        return FetchError(f"cannot connect: {detail}", transient=True)
    if isinstance(exc, SSLError):
        return FetchError(f"TLS error: {detail}", transient=True)
    if isinstance(exc, DecodeError):
        return FetchError("cannot decode the compressed response body", transient=True)
    if isinstance(exc, LocationValueError):
        return FetchError(f"invalid URL: {detail}", transient=False)
    if isinstance(exc, ProtocolError | http.client.HTTPException | OSError):
        return FetchError(f"connection broken: {detail}", transient=True)
    if isinstance(exc, ValueError):
        return FetchError(f"invalid request: {detail}", transient=False)
    return FetchError(f"HTTP client error: {detail}", transient=True)


# --- URLs and headers --------------------------------------------------------------------


def _checked_url(url: str) -> str:
    """The URL if it is an absolute http(s) URL with a host and no credentials."""
    if not isinstance(url, str):
        raise FetchError(f"invalid URL: {url!r}", transient=False)
    url = url.strip()
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in url):
        raise FetchError("invalid URL: control characters in the URL", transient=False)
    try:
        parsed = parse_url(url)
    except LocationValueError as exc:
        raise FetchError(f"invalid URL: {_describe(exc)}", transient=False) from None
    scheme = (parsed.scheme or "").lower()
    if not scheme:
        raise FetchError(
            f"invalid URL {url[:200]!r}: no scheme (only http and https)", transient=False
        )
    if scheme not in ("http", "https"):
        raise FetchError(
            f"unsupported scheme {scheme[:20]!r} (only http and https)", transient=False
        )
    if parsed.auth is not None:
        raise FetchError("refused: credentials in the URL are not supported", transient=False)
    if not parsed.host:
        raise FetchError(f"invalid URL {url[:200]!r}: no host", transient=False)
    return url


def _usable_header_value(value: str) -> bool:
    """A validator worth sending: non-empty, printable Latin-1, no line breaks."""
    if not isinstance(value, str) or not value.strip():
        return False
    return all(0x20 <= ord(char) <= 0xFF and ord(char) != 0x7F for char in value)


def _parse_retry_after(value: str, *, now: datetime | None = None) -> timedelta | None:
    """Retry-After as delta-seconds or HTTP-date; None if absent or unreadable."""
    value = (value or "").strip()
    if not value:
        return None
    if _DIGITS.fullmatch(value):
        return _bounded(int(value[:12]))
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    delay = (when - (now or datetime.now(UTC))).total_seconds()
    return _bounded(max(0, int(delay)))


def _parse_max_age(value: str) -> timedelta | None:
    """The max-age directive of a Cache-Control header; None if absent or unreadable."""
    for directive in (value or "").split(","):
        name, _, argument = directive.partition("=")
        if name.strip().lower() != "max-age":
            continue
        argument = argument.strip().strip('"').strip()
        if _DIGITS.fullmatch(argument):
            return _bounded(int(argument[:12]))
    return None


def _bounded(seconds: int) -> timedelta:
    return min(timedelta(seconds=seconds), HEADER_DELAY_CEILING)


# --- Formatting ------------------------------------------------------------------------


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _same_address(host: str, address: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")) == ipaddress.ip_address(address)
    except ValueError:
        return False


def _as_seconds(value: object, default: float) -> float:
    return float(value) if isinstance(value, int | float) and value > 0 else default


def _seconds(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _size(count: int) -> str:
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if count >= factor and count % factor == 0:
            return f"{count // factor} {unit}"
    return f"{count} bytes"


def _describe(exc: BaseException) -> str:
    return one_line(str(exc)) or type(exc).__name__
