"""Run Django in a child process with an environment of the test's choosing.

Settings are read once, at start-up; testing how start-up reacts to the
environment therefore needs a fresh process.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Variables the child must not inherit from the test run, so each test states its own.
SETTINGS_VARIABLES = (
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "REDIS_URL",
    "SECURE_SSL_REDIRECT",
    "SITE_URL",
    "EMAIL_URL",
    # Set for the browser tests' event loop; a child process must not inherit it.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)
PRODUCTION = {
    "SECRET_KEY": "a-long-random-production-secret-key-for-tests-0123456789-abcdefghij",
    "ALLOWED_HOSTS": "tracker.example.com",
    "SITE_URL": "https://tracker.example.com",
}


def run_django(*args: str, env: dict, code: str | None = None, timeout: int = 60):
    """`manage.py *args`, or Python `code` after django.setup(), with exactly `env` set."""
    child_env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    child_env.update(env)
    child_env["DJANGO_SETTINGS_MODULE"] = "ecosystem.settings"
    if code is not None:
        command = [sys.executable, "-c", "import django; django.setup()\n" + code]
    else:
        command = [sys.executable, "manage.py", *args]
    return subprocess.run(
        command, cwd=ROOT, env=child_env, capture_output=True, text=True, timeout=timeout
    )
