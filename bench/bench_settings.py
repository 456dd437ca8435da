"""The project's settings, with static files collected into a folder of the benchmark's own.

Production collects static files at build time (see Dockerfile) and serves them
through whitenoise from STATIC_ROOT; a benchmark collects them into the temporary
folder BENCH_STATIC_ROOT instead of the repository's var/, and changes nothing else.
"""

import os

from ecosystem.settings import *  # noqa: F403

STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
