"""Settings of the load test: the project's own (production values from the
environment), with the URLs of bench/load/urls.py, which add the bare view the
pages are measured against. Production URLs stay untouched."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.load.urls"
