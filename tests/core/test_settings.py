"""Start-up reads the five settings variables and refuses values it cannot use."""

import os

import pytest

from tests.subprocess_django import PRODUCTION, run_django

SHOW_CONFIG = """
from django.conf import settings
from django.db import connection
from ecosystem.celery import app
print(connection.vendor, app.conf.broker_url.split(":")[0], settings.CACHES["default"]["BACKEND"])
"""


def test_defaults_need_no_server():
    result = run_django(env=PRODUCTION, code=SHOW_CONFIG)
    assert result.returncode == 0, result.stderr
    vendor, broker, cache = result.stdout.split()
    assert (vendor, broker) == ("sqlite", "filesystem")
    assert cache.endswith("FileBasedCache")  # shared by the web server and the worker


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "maybe", **PRODUCTION}, "DEBUG='maybe' is not a boolean"),
        ({"ALLOWED_HOSTS": "tracker.example.com"}, "SECRET_KEY must be set when DEBUG is off"),
        ({"SECRET_KEY": PRODUCTION["SECRET_KEY"]}, "ALLOWED_HOSTS must be set when DEBUG is off"),
        ({"DATABASE_URL": "postgres://db:port/x", **PRODUCTION}, "DATABASE_URL cannot be read"),
        ({"DATABASE_URL": "mongodb://db/x", **PRODUCTION}, "DATABASE_URL"),
        (
            {"REDIS_URL": "localhost:6379", **PRODUCTION},
            "REDIS_URL='localhost:6379' must look like",
        ),
        (
            {"TRUSTED_PROXIES": "10.0.0.1, proxy.internal", **PRODUCTION},
            "TRUSTED_PROXIES: 'proxy.internal' is not an IP address or network",
        ),
        ({"RATE_LIMIT_SEARCH": "lots", **PRODUCTION}, "RATE_LIMIT_SEARCH='lots' is not a rate"),
        (
            {**PRODUCTION, "SITE_URL": ""},
            "SITE_URL must be set when DEBUG is off",
        ),
        ({"EMAIL_URL": "mail.example.com:25", **PRODUCTION}, "EMAIL_URL must look like smtp://"),
        ({"DIGEST_HOUR": "25", **PRODUCTION}, "DIGEST_HOUR=25 is not an hour of the day"),
    ],
)
def test_unreadable_settings_stop_start_up_with_a_clear_message(env, message):
    result = run_django("check", env=env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_debug_supplies_local_defaults_for_key_and_hosts():
    result = run_django(
        env={"DEBUG": "true"},
        code="from django.conf import settings; print(settings.DEBUG, settings.ALLOWED_HOSTS[0])",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "127.0.0.1"]


def test_production_settings_pass_the_deployment_checks():
    result = run_django("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.postgres
def test_database_url_switches_to_postgresql():
    env = {"DATABASE_URL": os.environ["DATABASE_URL"], **PRODUCTION}
    result = run_django(env=env, code=SHOW_CONFIG)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "postgresql"


@pytest.mark.redis
def test_redis_url_switches_broker_and_cache_to_redis():
    env = {"REDIS_URL": os.environ["REDIS_URL"], **PRODUCTION}
    result = run_django(env=env, code=SHOW_CONFIG)
    assert result.returncode == 0, result.stderr
    _, broker, cache = result.stdout.split()
    assert broker == "redis"
    assert cache.endswith("RedisCache")


def test_production_cookies_and_hsts_are_strict_and_the_one_way_doors_closed():
    code = (
        "from django.conf import settings as s; print(s.LANGUAGE_COOKIE_SECURE, "
        "s.LANGUAGE_COOKIE_SAMESITE, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, "
        "s.TRUSTED_PROXIES)"
    )
    result = run_django(env=PRODUCTION, code=code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "Lax", "False", "False", "[]"]


def test_hsts_for_subdomains_and_preload_when_a_deployer_says_so():
    env = {**PRODUCTION, "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true", "SECURE_HSTS_PRELOAD": "true"}
    result = run_django("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
