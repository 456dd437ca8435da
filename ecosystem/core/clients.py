"""Who is asking: the client's address, also behind the proxies we trust.

Behind a TLS proxy every request comes from the proxy's address; the client's
is in X-Forwarded-For, which anyone can also send. So the header is believed
only from the proxies named in TRUSTED_PROXIES, read from the right: each
trusted proxy appended the address it got the request from, and the first
address that is not a trusted proxy is the client's. Sign-in lockouts, rate
limits and the logs all use this address.
"""

import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(text: str, proxies: list[Network]) -> bool:
    address = _address(text)
    return address is not None and any(address in network for network in proxies)


def client_address(remote_addr: str, forwarded_for: str, proxies: list[Network]) -> str:
    """The client's address, given the peer's address and the X-Forwarded-For header."""
    if not _trusted(remote_addr, proxies):
        return remote_addr
    for hop in reversed([hop for hop in forwarded_for.split(",") if hop.strip()]):
        if _address(hop) is None:
            # A malformed hop: whatever lies left of it cannot be trusted either.
            return remote_addr
        if not _trusted(hop, proxies):
            return hop.strip()
    return remote_addr


def client_ip(request: HttpRequest) -> str:
    """The client address of a request (django-axes calls this: AXES_CLIENT_IP_CALLABLE)."""
    return request.META.get("REMOTE_ADDR", "")


class TrustedProxyMiddleware:
    """Puts the real client address in REMOTE_ADDR, first of all middleware, so
    that everything after it (rate limits, axes, logs) sees the same address."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        proxies = settings.TRUSTED_PROXIES
        if proxies:
            request.META["REMOTE_ADDR"] = client_address(
                request.META.get("REMOTE_ADDR", ""),
                request.META.get("HTTP_X_FORWARDED_FOR", ""),
                proxies,
            )
        return self.get_response(request)
