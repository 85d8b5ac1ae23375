"""Settings for the test run: the project's settings with a test key and the chosen database.

``SHINCHOKU_TEST_DATABASE=postgres`` runs the suite against a PostgreSQL server started for the
run; anything else (the default) uses SQLite.
"""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("SHINCHOKU_SECRET_KEY", "test-only-key-0123456789abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("SHINCHOKU_DATA_DIR", tempfile.mkdtemp(prefix="shinchoku-test-data-"))
os.environ.setdefault("SHINCHOKU_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
TEST_DATABASE = os.environ.get("SHINCHOKU_TEST_DATABASE", "sqlite")
if TEST_DATABASE == "postgres":
    from tests import postgres_server

    os.environ["DATABASE_URL"] = postgres_server.start()
elif TEST_DATABASE == "sqlite":
    os.environ["DATABASE_URL"] = f"sqlite:///{os.environ['SHINCHOKU_DATA_DIR']}/test.sqlite3"
else:
    raise RuntimeError(f"SHINCHOKU_TEST_DATABASE must be 'sqlite' or 'postgres', not {TEST_DATABASE!r}")

from shinchoku.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast logins in tests
# Pages show every change at once; tests/web/test_page_cache.py turns serving stale pages on.
PAGE_STALE_WINDOW = 0.0
if TEST_DATABASE == "sqlite":
    # A file, as in production, rather than Django's shared in-memory database: threads writing
    # at once (tests/accounts/test_concurrent_logins.py) then wait for SQLite's lock as the server
    # does, instead of failing with "database table is locked".
    DATABASES["default"]["TEST"] = {"NAME": f"{os.environ['SHINCHOKU_DATA_DIR']}/test-run.sqlite3"}  # noqa: F405
