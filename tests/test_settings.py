"""Settings come from the environment and fail loudly on a bad value."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def load_settings(code: str = "", **env: str) -> subprocess.CompletedProcess:
    code = code or (
        "import leaguetables.settings as s; print(s.DATABASES['default']['ENGINE'], s.DEBUG)"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_defaults_to_sqlite_without_debug():
    done = load_settings()
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["django.db.backends.sqlite3", "False"]


def test_postgres_from_database_url():
    done = load_settings(DATABASE_URL="postgres://user@localhost:5432/db")
    assert done.stdout.split()[0] == "django.db.backends.postgresql"


@pytest.mark.parametrize(
    ("env", "words"),
    [
        ({"DEBUG": "maybe"}, "DEBUG='maybe' is not a boolean"),
        ({"DATABASE_URL": "mongodb://x/y"}, "DATABASE_URL"),
        ({"ALLOWED_HOSTS": " , "}, "ALLOWED_HOSTS is set but names no host"),
        ({"REQUIRE_SECRET_KEY": "true"}, "SECRET_KEY must be set"),
    ],
)
def test_bad_values_stop_start_up_with_a_message(env, words):
    done = load_settings(**env)
    assert done.returncode != 0
    assert words in done.stderr
