"""Settings of the server the web latency benchmark starts: the production settings, plus a floor page.

Only :mod:`bench.web_latency` uses them (``DJANGO_SETTINGS_MODULE=bench.settings``); the site itself
never loads them.
"""

from shinchoku.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
