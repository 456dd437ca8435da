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
