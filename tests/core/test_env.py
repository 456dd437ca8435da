"""The helpers that read settings from the environment."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from ecosystem.core.env import database_from_url, env_bool, env_int, env_list, redis_url


@pytest.mark.parametrize("raw", ["1", "true", "True", "YES", "on"])
def test_env_bool_reads_true(monkeypatch, raw):
    monkeypatch.setenv("FLAG", raw)
    assert env_bool("FLAG", default=False) is True


@pytest.mark.parametrize("raw", ["0", "false", "no", "off", ""])
def test_env_bool_reads_false(monkeypatch, raw):
    monkeypatch.setenv("FLAG", raw)
    assert env_bool("FLAG", default=True) is False


def test_env_bool_falls_back_to_default_when_unset(monkeypatch):
    monkeypatch.delenv("FLAG", raising=False)
    assert env_bool("FLAG", default=True) is True


def test_env_bool_rejects_what_it_cannot_read(monkeypatch):
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FLAG='maybe' is not a boolean"):
        env_bool("FLAG", default=False)


def test_env_int_rejects_words(monkeypatch):
    monkeypatch.setenv("COUNT", "ten")
    with pytest.raises(ImproperlyConfigured, match="COUNT='ten' is not a whole number"):
        env_int("COUNT", 1)


def test_env_list_drops_blanks(monkeypatch):
    monkeypatch.setenv("HOSTS", " a.example , ,b.example,")
    assert env_list("HOSTS") == ["a.example", "b.example"]


def test_database_url_selects_postgresql():
    config = database_from_url("postgres://tracker:pw@db.internal:5433/tracker")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.internal", 5433, "tracker")


def test_database_url_selects_sqlite(tmp_path):
    config = database_from_url(f"sqlite:///{tmp_path}/x.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"


@pytest.mark.parametrize(
    "url",
    [
        "postgres://host:notaport/db",
        "mysql://root@localhost/db",
        "not a url",
        "postgres://host:5432/",
    ],
)
def test_database_url_rejects_what_it_cannot_use(url):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        database_from_url(url)


def test_redis_url_is_none_when_unset(monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert redis_url("REDIS_URL") is None


@pytest.mark.parametrize(
    "raw", ["localhost:6379", "http://localhost:6379", "redis://:x:y@h:port/0"]
)
def test_redis_url_rejects_malformed(monkeypatch, raw):
    monkeypatch.setenv("REDIS_URL", raw)
    with pytest.raises(ImproperlyConfigured, match="REDIS_URL"):
        redis_url("REDIS_URL")


def test_email_url_reads_the_three_schemes(monkeypatch):
    from ecosystem.core.env import email_from_url

    monkeypatch.setenv("EMAIL_URL", "smtp+tls://user%40site:p%3Ass@mail.example.com")
    tls = email_from_url("EMAIL_URL", fallback_folder="var/mail")
    assert (tls.host, tls.port, tls.user, tls.password) == (
        "mail.example.com",
        587,
        "user@site",
        "p:ss",
    )
    assert tls.use_tls and not tls.use_ssl
    monkeypatch.setenv("EMAIL_URL", "smtps://mail.example.com")
    assert email_from_url("EMAIL_URL", fallback_folder="x")[6:] == (False, True)
    monkeypatch.setenv("EMAIL_URL", "smtp://localhost:2525")
    assert email_from_url("EMAIL_URL", fallback_folder="x").port == 2525


def test_without_email_url_mails_are_written_as_files(monkeypatch):
    from ecosystem.core.env import email_from_url

    monkeypatch.delenv("EMAIL_URL", raising=False)
    config = email_from_url("EMAIL_URL", fallback_folder="/srv/var/mail")
    assert config.backend.endswith("filebased.EmailBackend") and config.file_path == "/srv/var/mail"


@pytest.mark.parametrize(
    "raw", ["http://mail.example.com", "smtp://", "smtp://host:port", "mail.example.com"]
)
def test_a_malformed_email_url_is_a_clear_error(monkeypatch, raw):
    from ecosystem.core.env import email_from_url

    monkeypatch.setenv("EMAIL_URL", raw)
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL"):
        email_from_url("EMAIL_URL", fallback_folder="x")


@pytest.mark.parametrize(
    "raw", ["tracker.example.com", "ftp://x.example", "https://x.example/?a=1"]
)
def test_a_malformed_site_url_is_a_clear_error(monkeypatch, raw):
    from ecosystem.core.env import site_url

    monkeypatch.setenv("SITE_URL", raw)
    with pytest.raises(ImproperlyConfigured, match="SITE_URL"):
        site_url("SITE_URL", default=None)
