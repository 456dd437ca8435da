"""Read settings from the environment, refusing values that cannot be understood.

Each helper raises ImproperlyConfigured naming the variable, so a typo in a
deployment stops the process at start-up instead of being silently guessed.
"""

import ipaddress
import os
from typing import NamedTuple

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use true or false.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def env_list(name: str) -> list[str]:
    """A comma-separated list; empty items are dropped."""
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def env_networks(name: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """A comma-separated list of addresses or networks ("10.0.0.5, 172.16.0.0/12")."""
    networks = []
    for item in env_list(name):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}: {item!r} is not an IP address or network (like 10.0.0.0/8)."
            ) from None
    return networks


def env_rate(name: str, default: str) -> str:
    """A rate like "60/m": a number of requests per second, minute, hour or day."""
    raw = os.environ.get(name, "").strip() or default
    count, _, period = raw.partition("/")
    if not count.isdigit() or int(count) < 1 or period not in ("s", "m", "h", "d"):
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not a rate; use requests per s, m, h or d, like 60/m."
        )
    return raw


def database_from_url(url: str) -> dj_database_url.DBConfig:
    """Django DATABASES entry for a postgres:// or sqlite:// URL."""
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL cannot be read: {exc}") from None
    engine = config.get("ENGINE", "")
    if engine not in ("django.db.backends.postgresql", "django.db.backends.sqlite3"):
        raise ImproperlyConfigured(
            "DATABASE_URL must start with postgres:// (or postgresql://) or sqlite://."
        )
    if engine == "django.db.backends.postgresql" and not config.get("NAME"):
        raise ImproperlyConfigured("DATABASE_URL names no database, e.g. postgres://host/dbname.")
    return config


def redis_url(name: str) -> str | None:
    """A redis:// or rediss:// URL, or None when the variable is unset or empty."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(raw)
        parts.port  # noqa: B018 -- raises ValueError on a port that is not a number
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r} cannot be read: {exc}") from None
    if parts.scheme not in ("redis", "rediss") or not parts.hostname:
        raise ImproperlyConfigured(f"{name}={raw!r} must look like redis://host:6379/0.")
    return raw


# EMAIL_URL schemes: (STARTTLS, TLS from the first byte, default port).
_EMAIL_SCHEMES = {
    "smtp": (False, False, 25),
    "smtp+tls": (True, False, 587),
    "smtps": (False, True, 465),
}


class EmailSettings(NamedTuple):
    backend: str
    file_path: str = ""
    host: str = "localhost"
    port: int = 25
    user: str = ""
    password: str = ""
    use_tls: bool = False
    use_ssl: bool = False


def email_from_url(name: str, *, fallback_folder: "os.PathLike[str] | str") -> EmailSettings:
    """Django's EMAIL_* settings from a URL like smtp+tls://user:password@host:587.

    Unset, mails are written as files into `fallback_folder`, one per message,
    so that a development machine needs no mail server and nothing is lost.
    """
    raw = os.environ.get(name, "").strip()
    if not raw:
        return EmailSettings(
            "django.core.mail.backends.filebased.EmailBackend", file_path=str(fallback_folder)
        )
    from urllib.parse import unquote, urlsplit

    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} cannot be read: {exc}") from None
    if parts.scheme not in _EMAIL_SCHEMES or not parts.hostname:
        raise ImproperlyConfigured(
            f"{name} must look like smtp://host:25, smtp+tls://user:password@host:587 "
            "or smtps://user:password@host:465."
        )
    starttls, implicit_tls, default_port = _EMAIL_SCHEMES[parts.scheme]
    return EmailSettings(
        "django.core.mail.backends.smtp.EmailBackend",
        host=parts.hostname,
        port=port or default_port,
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        use_tls=starttls,
        use_ssl=implicit_tls,
    )


def site_url(name: str, *, default: str | None) -> str:
    """The public address of the site, for links that leave it (mails, feeds)."""
    raw = os.environ.get(name, "").strip() or default
    if not raw:
        raise ImproperlyConfigured(
            f"{name} must be set when DEBUG is off: the public address, like https://tracker.example.com"
        )
    from urllib.parse import urlsplit

    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ImproperlyConfigured(
            f"{name}={raw!r} must be an http:// or https:// address like https://tracker.example.com"
        )
    return raw.rstrip("/")
