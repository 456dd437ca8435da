"""The feed fetcher, against real local servers (pytest-httpserver and raw sockets).

No network is mocked. A tripwire (an audit hook on ``socket.connect``) records every
connection the code under test attempts, so tests can say "refused before connecting";
it also makes any attempt to reach a non-loopback address fail loudly instead of sending
traffic, should a regression ever let one through.
"""

import contextlib
import email.utils
import ipaddress
import shutil
import socket
import ssl
import subprocess
import sys
import threading
import time
import tracemalloc
import zlib
from datetime import UTC, datetime, timedelta

import pytest
from pytest_httpserver import HTTPServer

from ecosystem.news.ingestion import fetch as fetch_module
from ecosystem.news.ingestion.fetch import FetchError, FetchResult, fetch, is_public_address

RSS = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Mi</title></channel></rss>'
MB = 1024 * 1024


# --- Tripwire -------------------------------------------------------------------------


def _is_loopback(host: str) -> bool:
    try:
        ip = ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        return False
    mapped = getattr(ip, "ipv4_mapped", None)
    return (mapped or ip).is_loopback


class _ConnectTripwire:
    """Audit hook: records socket connects while armed, and blocks non-loopback ones."""

    def __init__(self):
        self.armed = False
        self.attempts: list[str] = []

    def __call__(self, event, args):
        if event != "socket.connect" or not self.armed:
            return
        address = args[1]
        if not isinstance(address, tuple):
            return
        host = str(address[0])
        self.attempts.append(host)
        if not _is_loopback(host):
            raise RuntimeError(f"test tried to connect to {host}: no traffic may leave the host")


_TRIPWIRE = _ConnectTripwire()
sys.addaudithook(_TRIPWIRE)  # audit hooks cannot be removed; it is inert while disarmed


@pytest.fixture(autouse=True)
def connects():
    """Every address the code under test tried to connect to during the test."""
    _TRIPWIRE.attempts = []
    _TRIPWIRE.armed = True
    yield _TRIPWIRE.attempts
    _TRIPWIRE.armed = False


@pytest.fixture(autouse=True)
def feed_settings(settings):
    settings.FEEDS_ALLOW_PRIVATE_NETWORKS = False
    settings.FEEDS_CONNECT_TIMEOUT = 2
    settings.FEEDS_TOTAL_TIMEOUT = 5
    settings.FEEDS_MAX_BYTES = MB
    settings.FEEDS_MAX_REDIRECTS = 5
    return settings


# --- Raw socket servers, for misbehaviour werkzeug will not produce --------------------


def _read_request_head(conn: socket.socket) -> None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            return
        data += chunk


@contextlib.contextmanager
def raw_server(serve):
    """Serve each connection with ``serve(conn, stop)`` on 127.0.0.1; yields the base URL."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.1)
    stop = threading.Event()

    def run():
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                conn.settimeout(5)
                try:
                    _read_request_head(conn)
                    serve(conn, stop)
                except OSError:
                    pass  # the client hung up, which is what these tests expect

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(5)
        listener.close()


# The misbehaving servers give up on their own after a while (TRICKLE_FOR seconds, or
# 64 MB), so that a regression fails its test instead of hanging the suite.
TRICKLE_FOR = 8


def trickle_body(conn, stop):
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n\r\n<rss>")
    give_up = time.monotonic() + TRICKLE_FOR
    while not stop.wait(0.5) and time.monotonic() < give_up:
        conn.sendall(b" ")


def trickle_headers(conn, stop):
    conn.sendall(b"HTTP/1.1 200 OK\r\nX-Slow: ")
    give_up = time.monotonic() + TRICKLE_FOR
    while not stop.wait(0.5) and time.monotonic() < give_up:
        conn.sendall(b"z")


def endless_chunked_body(conn, stop):
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n"
    )
    data = b"x" * 65536
    frame = b"%x\r\n%s\r\n" % (len(data), data)
    for _ in range(64 * MB // len(data)):
        if stop.is_set():
            break
        conn.sendall(frame)


def garbage(conn, stop):
    conn.sendall(b"SPAM SPAM SPAM\r\n\r\n")


# --- Helpers --------------------------------------------------------------------------


def loopback_url(httpserver: HTTPServer, path: str = "/feed", host: str = "127.0.0.1") -> str:
    return f"http://{host}:{httpserver.port}{path}"


def refused(url: str, **kwargs) -> FetchError:
    with pytest.raises(FetchError) as caught:
        fetch(url, **kwargs)
    return caught.value


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    """100 MB of zeros, gzip-compressed in a stream (about 100 KB)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(MB)
    parts = [compressor.compress(block) for _ in range(100)]
    parts.append(compressor.flush())
    return b"".join(parts)


# --- Successful fetches ----------------------------------------------------------------


def test_it_returns_the_body_and_the_caching_headers_of_a_200(httpserver):
    httpserver.expect_request("/feed").respond_with_data(
        RSS,
        content_type="application/rss+xml; charset=utf-8",
        headers={
            "ETag": '"v1"',
            "Last-Modified": "Wed, 21 Oct 2015 07:28:00 GMT",
            "Cache-Control": "public, max-age=600",
        },
    )

    result = fetch(httpserver.url_for("/feed"), allow_private=True)

    assert result == FetchResult(
        url=httpserver.url_for("/feed"),
        status=200,
        body=RSS,
        content_type="application/rss+xml; charset=utf-8",
        etag='"v1"',
        last_modified="Wed, 21 Oct 2015 07:28:00 GMT",
        retry_after=None,
        max_age=timedelta(seconds=600),
    )


def test_it_identifies_itself_and_asks_for_feeds(httpserver, settings):
    httpserver.expect_request("/feed").respond_with_data(RSS)

    fetch(httpserver.url_for("/feed"), allow_private=True)

    (request, _response), *_ = httpserver.log
    assert request.headers["User-Agent"] == settings.FEEDS_USER_AGENT
    assert request.headers["Accept"].startswith("application/rss+xml, application/atom+xml")
    assert request.headers["Accept-Encoding"] == "gzip, deflate"
    assert "If-None-Match" not in request.headers
    assert "If-Modified-Since" not in request.headers


def test_it_sends_the_validators_and_reports_a_304_without_a_body(httpserver):
    httpserver.expect_request(
        "/feed",
        headers={"If-None-Match": '"v1"', "If-Modified-Since": "Wed, 21 Oct 2015 07:28:00 GMT"},
    ).respond_with_data(b"", status=304, headers={"ETag": '"v1"', "Cache-Control": "max-age=60"})

    result = fetch(
        httpserver.url_for("/feed"),
        etag='"v1"',
        last_modified="Wed, 21 Oct 2015 07:28:00 GMT",
        allow_private=True,
    )

    assert (result.status, result.body) == (304, b"")
    assert result.etag == '"v1"'
    assert result.last_modified == "Wed, 21 Oct 2015 07:28:00 GMT"  # kept from the request
    assert result.max_age == timedelta(seconds=60)


def test_it_does_not_send_a_validator_that_would_inject_a_header(httpserver):
    httpserver.expect_request("/feed").respond_with_data(RSS)

    result = fetch(httpserver.url_for("/feed"), etag='"v1"\r\nX-Evil: 1', allow_private=True)

    assert result.status == 200
    (request, _response), *_ = httpserver.log
    assert "If-None-Match" not in request.headers
    assert "X-Evil" not in request.headers


@pytest.mark.parametrize(
    ("encoding", "compress"),
    [
        ("gzip", lambda data: zlib.compress(data, wbits=31)),
        ("deflate", zlib.compress),
        ("deflate", lambda data: zlib.compress(data, wbits=-15)),
    ],
    ids=["gzip", "zlib_deflate", "raw_deflate"],
)
def test_it_decompresses_the_body(httpserver, encoding, compress):
    httpserver.expect_request("/feed").respond_with_data(
        compress(RSS * 50), headers={"Content-Encoding": encoding}
    )

    assert fetch(httpserver.url_for("/feed"), allow_private=True).body == RSS * 50


def test_it_refuses_a_content_encoding_it_did_not_offer(httpserver):
    httpserver.expect_request("/feed").respond_with_data(b"???", headers={"Content-Encoding": "br"})

    error = refused(httpserver.url_for("/feed"), allow_private=True)

    assert str(error) == "unsupported content encoding 'br'"
    assert not error.transient


def test_a_corrupt_gzip_body_becomes_a_fetch_error(httpserver):
    httpserver.expect_request("/feed").respond_with_data(
        b"\x1f\x8b\x08\x00not really gzip", headers={"Content-Encoding": "gzip"}
    )

    error = refused(httpserver.url_for("/feed"), allow_private=True)

    assert str(error) == "cannot decode the compressed response body"


def test_it_accepts_a_body_of_exactly_the_maximum_size(httpserver, settings):
    settings.FEEDS_MAX_BYTES = 1000
    httpserver.expect_request("/feed").respond_with_data(b"x" * 1000)

    assert len(fetch(httpserver.url_for("/feed"), allow_private=True).body) == 1000


@pytest.mark.parametrize(
    ("cache_control", "max_age"),
    [
        ('public, max-age="300"', timedelta(seconds=300)),
        ("MAX-AGE=5, must-revalidate", timedelta(seconds=5)),
        ("max-age=99999999999999999999", timedelta(days=365)),
        ("no-cache", None),
        ("max-age=soon", None),
    ],
)
def test_it_reads_max_age_from_cache_control(httpserver, cache_control, max_age):
    httpserver.expect_request("/feed").respond_with_data(
        RSS, headers={"Cache-Control": cache_control}
    )

    assert fetch(httpserver.url_for("/feed"), allow_private=True).max_age == max_age


# --- Redirects ------------------------------------------------------------------------


def test_it_follows_redirects_and_reports_the_final_url(httpserver):
    httpserver.expect_request("/old").respond_with_data(
        b"", status=301, headers={"Location": "/moved"}
    )
    httpserver.expect_request("/moved").respond_with_data(
        b"", status=307, headers={"Location": httpserver.url_for("/feed")}
    )
    httpserver.expect_request("/feed").respond_with_data(RSS)

    result = fetch(httpserver.url_for("/old"), allow_private=True)

    assert result.url == httpserver.url_for("/feed")
    assert result.body == RSS
    assert [request.path for request, _ in httpserver.log] == ["/old", "/moved", "/feed"]


def test_it_gives_up_on_a_redirect_loop(httpserver, settings):
    settings.FEEDS_MAX_REDIRECTS = 3
    httpserver.expect_request("/loop").respond_with_data(
        b"", status=302, headers={"Location": "/loop"}
    )

    error = refused(httpserver.url_for("/loop"), allow_private=True)

    assert str(error) == "too many redirects (more than 3)"
    assert not error.transient
    assert len(httpserver.log) == 4  # the first request and three redirects


def test_it_treats_a_redirect_without_a_location_as_permanent(httpserver):
    httpserver.expect_request("/feed").respond_with_data(b"", status=302)

    error = refused(httpserver.url_for("/feed"), allow_private=True)

    assert str(error) == "HTTP 302 Found without a Location"
    assert not error.transient


def test_it_refuses_a_redirect_to_an_unsupported_scheme(httpserver):
    httpserver.expect_request("/feed").respond_with_data(
        b"", status=302, headers={"Location": "file:///etc/passwd"}
    )

    error = refused(httpserver.url_for("/feed"), allow_private=True)

    assert str(error) == "unsupported scheme 'file' (only http and https)"
    assert not error.transient


@pytest.mark.parametrize(
    ("target", "shown_as"),
    [
        ("http://127.0.0.2:{port}/feed", "127.0.0.2"),
        ("http://0x7f000002:{port}/feed", "the address of 0x7f000002 is not"),
        ("http://[::ffff:127.0.0.2]:{port}/feed", "::ffff:127.0.0.2"),
        ("http://[::1]:{port}/feed", "::1"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
        ("http://10.0.0.1/admin", "10.0.0.1"),
    ],
    ids=[
        "loopback",
        "hex_loopback",
        "mapped_loopback",
        "ipv6_loopback",
        "cloud_metadata",
        "rfc1918",
    ],
)
def test_it_checks_the_address_again_on_every_redirect_hop(
    httpserver, monkeypatch, connects, target, shown_as
):
    # Stand-in for a public feed server: this test treats 127.0.0.1, and only it, as public.
    real_policy = fetch_module.is_public_address
    monkeypatch.setattr(
        fetch_module,
        "is_public_address",
        lambda address: str(address) == "127.0.0.1" or real_policy(address),
    )
    httpserver.expect_request("/feed").respond_with_data(
        b"", status=302, headers={"Location": target.format(port=httpserver.port)}
    )

    error = refused(loopback_url(httpserver), allow_private=False)

    assert str(error).startswith(f"refused: {shown_as}")
    assert not error.transient
    assert connects == ["127.0.0.1"]  # the first hop, and nothing after it
    assert len(httpserver.log) == 1


# --- Address policy -------------------------------------------------------------------

LOOPBACK_SPELLINGS = {
    "a_name": "localhost",
    "a_dotted_quad": "127.0.0.1",
    "a_decimal_integer": "2130706433",
    "a_hex_integer": "0x7f000001",
    "a_short_form": "127.1",
    "octal": "0177.0.0.1",
    "ipv6": "[::1]",
    "ipv4_mapped_ipv6": "[::ffff:127.0.0.1]",
}


@pytest.mark.parametrize("host", LOOPBACK_SPELLINGS.values(), ids=LOOPBACK_SPELLINGS.keys())
def test_it_refuses_loopback_spelled_as(httpserver, connects, host):
    httpserver.expect_request("/feed").respond_with_data(RSS)

    started = time.monotonic()
    error = refused(loopback_url(httpserver, host=host), allow_private=False)

    assert str(error).startswith("refused: ")
    assert str(error).endswith("is not a public address")
    assert not error.transient
    assert time.monotonic() - started < 1
    assert connects == []
    assert httpserver.log == []


@pytest.mark.parametrize(
    "host",
    [host for host in LOOPBACK_SPELLINGS.values() if not host.startswith("[")],
    ids=[key for key, host in LOOPBACK_SPELLINGS.items() if not host.startswith("[")],
)
def test_the_same_loopback_spellings_do_reach_the_server_when_private_networks_are_allowed(
    httpserver, connects, host
):
    """Proof that the refusals above are about the address, not a malformed URL."""
    httpserver.expect_request("/feed").respond_with_data(RSS)

    assert fetch(loopback_url(httpserver, host=host), allow_private=True).body == RSS
    assert connects == ["127.0.0.1"]


def test_it_takes_the_default_from_the_private_networks_setting(httpserver, settings):
    httpserver.expect_request("/feed").respond_with_data(RSS)

    settings.FEEDS_ALLOW_PRIVATE_NETWORKS = True
    assert fetch(loopback_url(httpserver)).body == RSS

    settings.FEEDS_ALLOW_PRIVATE_NETWORKS = False
    assert str(refused(loopback_url(httpserver))) == "refused: 127.0.0.1 is not a public address"
    assert len(httpserver.log) == 1


@pytest.mark.parametrize(
    "host",
    [
        "100.64.0.1",
        "169.254.169.254",
        "10.0.0.1",
        "172.16.0.1",
        "192.168.1.1",
        "0.0.0.0",
        "224.0.0.1",
        "255.255.255.255",
        "[fe80::1]",
        "[fd00::1]",
        "[ff02::1]",
        "[::ffff:169.254.169.254]",
        "[64:ff9b::a9fe:a9fe]",
    ],
    ids=[
        "shared_cgnat",
        "cloud_metadata_link_local",
        "rfc1918_10",
        "rfc1918_172",
        "rfc1918_192",
        "unspecified",
        "multicast",
        "broadcast",
        "ipv6_link_local",
        "ipv6_unique_local",
        "ipv6_multicast",
        "ipv4_mapped_metadata",
        "nat64_metadata",
    ],
)
def test_it_refuses_non_public_addresses_without_any_connection_attempt(connects, host):
    started = time.monotonic()
    error = refused(f"http://{host}/feed.xml", allow_private=False)

    assert time.monotonic() - started < 1
    assert str(error) == f"refused: {host.strip('[]')} is not a public address"
    assert not error.transient
    assert connects == []


@pytest.mark.parametrize(
    "address",
    ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"],
)
def test_public_addresses_are_public(address):
    assert is_public_address(address)


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.255.255.254",
        "10.1.2.3",
        "172.31.255.255",
        "192.168.0.1",
        "169.254.169.254",
        "100.64.0.1",
        "100.127.255.254",
        "0.0.0.0",
        "192.0.2.1",
        "198.18.0.1",
        "224.0.0.1",
        "239.255.255.250",
        "240.0.0.1",
        "::",
        "::1",
        "fe80::1",
        "fc00::1",
        "fec0::1",
        "ff0e::1",
        "2001:db8::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "::127.0.0.1",
        "64:ff9b::7f00:1",
        "2002:7f00:1::1",
        "2002:a00:1::1",
        "not an address",
    ],
)
def test_non_public_addresses_are_not_public(address):
    assert not is_public_address(address)


# --- URLs -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("file:///etc/passwd", "unsupported scheme 'file' (only http and https)"),
        ("ftp://example.com/feed.xml", "unsupported scheme 'ftp' (only http and https)"),
        ("gopher://example.com/", "unsupported scheme 'gopher' (only http and https)"),
        ("data:text/xml,<rss/>", "unsupported scheme 'data' (only http and https)"),
        ("javascript:alert(1)", "unsupported scheme 'javascript' (only http and https)"),
        ("example.com/feed.xml", "invalid URL 'example.com/feed.xml': no scheme"),
        ("http:///feed.xml", "invalid URL 'http:///feed.xml': no host"),
        ("https://user:secret@example.com/feed", "refused: credentials in the URL"),
        ("http://exa mple.com/", "invalid URL: Failed to parse"),
    ],
)
def test_it_refuses_urls_it_cannot_or_will_not_fetch(connects, url, message):
    error = refused(url, allow_private=True)

    assert str(error).startswith(message)
    assert not error.transient
    assert connects == []


# --- Limits ---------------------------------------------------------------------------


@pytest.mark.parametrize("serve", [trickle_body, trickle_headers], ids=["body", "headers"])
def test_it_cuts_off_a_trickling_server_at_the_total_time_limit(settings, serve):
    settings.FEEDS_TOTAL_TIMEOUT = 2
    with raw_server(serve) as base:
        started = time.monotonic()
        error = refused(f"{base}/feed", allow_private=True)
        elapsed = time.monotonic() - started

    assert str(error) == "timed out after 2 s"
    assert error.transient
    assert 1.5 < elapsed < 3.5


def test_it_stops_reading_an_endless_body(settings):
    with raw_server(endless_chunked_body) as base:
        error = refused(f"{base}/feed", allow_private=True)

    assert str(error) == "too large: more than 1 MB"
    assert not error.transient


def test_it_refuses_a_body_over_the_maximum_size(httpserver, settings):
    settings.FEEDS_MAX_BYTES = 1000
    httpserver.expect_request("/feed").respond_with_data(b"x" * 1001)

    assert str(refused(httpserver.url_for("/feed"), allow_private=True)) == (
        "too large: more than 1000 bytes"
    )


def test_it_defuses_a_gzip_bomb_without_inflating_it(gzip_bomb):
    assert len(gzip_bomb) < 2 * MB

    def serve_bomb(conn, stop):
        head = "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: {}\r\n\r\n"
        conn.sendall(head.format(len(gzip_bomb)).encode() + gzip_bomb)

    # A raw server rather than pytest-httpserver: werkzeug's request handling alone
    # sometimes allocates about 10 MB, which would swamp what is measured here.
    with raw_server(serve_bomb) as base:
        tracemalloc.start()
        try:
            error = refused(f"{base}/feed", allow_private=True)
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()

    assert str(error) == "too large: more than 1 MB"
    assert not error.transient
    assert peak < 4 * MB  # against 100 MB inflated


# --- HTTP errors ----------------------------------------------------------------------


def test_a_404_is_a_permanent_error(httpserver):
    httpserver.expect_request("/feed").respond_with_data(b"nope", status=404)

    error = refused(httpserver.url_for("/feed"), allow_private=True)

    assert str(error) == "HTTP 404 Not Found"
    assert not error.transient
    assert error.retry_after is None


def test_a_503_with_retry_after_is_transient_and_says_when_to_retry(httpserver):
    httpserver.expect_request("/feed").respond_with_data(
        b"busy", status=503, headers={"Retry-After": "120"}
    )

    error = refused(httpserver.url_for("/feed"), allow_private=True)

    assert str(error) == "HTTP 503 Service Unavailable (retry after 120 s)"
    assert error.transient
    assert error.retry_after == timedelta(seconds=120)


def test_a_429_with_an_http_date_retry_after_is_transient(httpserver):
    later = datetime.now(UTC) + timedelta(seconds=120)
    httpserver.expect_request("/feed").respond_with_data(
        b"slow down", status=429, headers={"Retry-After": email.utils.format_datetime(later, True)}
    )

    error = refused(httpserver.url_for("/feed"), allow_private=True)

    assert error.transient
    assert timedelta(seconds=100) < error.retry_after <= timedelta(seconds=120)
    assert str(error).startswith("HTTP 429 Too Many Requests (retry after ")


@pytest.mark.parametrize(
    ("status", "transient"),
    [(400, False), (401, False), (403, False), (410, False), (408, True), (500, True)]
    + [(502, True), (504, True), (429, True), (204, False)],
)
def test_it_classifies_other_statuses(httpserver, status, transient):
    httpserver.expect_request("/feed").respond_with_data(b"", status=status)

    error = refused(httpserver.url_for("/feed"), allow_private=True)

    assert str(error).startswith(f"HTTP {status} ")
    assert error.transient is transient
    assert error.retry_after is None


# --- Connection trouble ---------------------------------------------------------------


def test_a_refused_connection_is_transient():
    with socket.create_server(("127.0.0.1", 0)) as placeholder:
        port = placeholder.getsockname()[1]
    # Nothing listens on the port any more.

    error = refused(f"http://127.0.0.1:{port}/feed", allow_private=True)

    assert str(error).startswith("cannot connect to 127.0.0.1: ")
    assert error.transient


def test_a_garbled_response_becomes_a_fetch_error():
    with raw_server(garbage) as base:
        error = refused(f"{base}/feed", allow_private=True)

    assert str(error).startswith("connection broken: ")
    assert error.transient


def test_an_error_message_is_one_line():
    error = FetchError("first\nsecond  \r\n third", transient=False)

    assert str(error) == "first second third"


# --- HTTPS ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory):
    """An HTTPS server for "localhost" with a self-signed certificate made by openssl."""
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command to make a certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"]
        + ["-nodes", "-keyout", str(key), "-out", str(cert), "-days", "2"]
        + ["-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"],
        check=True,
        capture_output=True,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = HTTPServer(host="localhost", port=0, ssl_context=context)
    server.start()
    yield server, cert
    server.clear()
    server.stop()


def test_it_verifies_the_certificate_against_the_host_name_over_https(tls_server, monkeypatch):
    server, cert = tls_server
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # trust the test certificate
    server.expect_request("/feed").respond_with_data(RSS)

    # Connected to the checked address, verified for the name in the URL (SNI too).
    assert fetch(f"https://localhost:{server.port}/feed", allow_private=True).body == RSS

    # The same server, by address: the certificate does not name 127.0.0.1.
    error = refused(f"https://127.0.0.1:{server.port}/feed", allow_private=True)
    assert str(error).startswith("TLS error: ")
    assert error.transient


def test_it_refuses_loopback_over_https_before_the_handshake(tls_server, connects):
    server, _cert = tls_server

    error = refused(f"https://localhost:{server.port}/feed", allow_private=False)

    # The internal address itself is not told.
    assert str(error) == "refused: the address of localhost is not a public address"
    assert connects == []


def test_a_long_error_detail_is_cut_as_a_parse_error_is():
    guard = fetch_module._FetchGuard(total_timeout=5, connect_timeout=5, allow_private=False)
    error = fetch_module._translate(ValueError("no such\nthing " * 100), guard)

    assert str(error).startswith("invalid request: no such thing")
    assert len(str(error)) == len("invalid request: ") + 300 and str(error).endswith("…")
