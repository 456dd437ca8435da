"""Settings of the fault tests' child processes: the product's, with two test-only changes.

- Static files are served unhashed, as in the rest of the suite (no collectstatic run).
- FAULTS_BEAT_SECONDS, when set, makes every beat entry tick that often instead of every
  minute, so a test sees several scheduler ticks in seconds. How a tick behaves is unchanged.
"""

import os

from ecosystem import settings as _product

globals().update({name: getattr(_product, name) for name in dir(_product) if name.isupper()})

STORAGES = {
    **_product.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

if os.environ.get("FAULTS_BEAT_SECONDS"):
    _tick = float(os.environ["FAULTS_BEAT_SECONDS"])
    CELERY_BEAT_SCHEDULE = {
        name: {**entry, "schedule": _tick} for name, entry in _product.CELERY_BEAT_SCHEDULE.items()
    }
