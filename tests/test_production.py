"""Production mode, as deploy/production.env.example selects it: Django's deployment checks pass,
the site refuses to start on what a public deployment must not run with, and the responses and
logs are what a site in public should give (run in fresh processes: settings are read once)."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "deploy" / "production.env.example"


def run(script: str, extra: dict[str, str] | None = None):
    """`script` run by bash with the example's environment (plus `extra`), in the repository."""
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp")}
    prefix = "set -a; . deploy/production.env.example; "
    for key, value in (extra or {}).items():
        prefix += f"export {key}={shlex.quote(value)}; "
    return subprocess.run(["bash", "-c", prefix + script], cwd=REPO, env=env, text=True,
                          capture_output=True, timeout=300)  # fmt: skip


def test_the_deployment_checks_pass_with_the_example_environment():
    done = run(f"{sys.executable} manage.py check --deploy --fail-level WARNING")
    assert done.returncode == 0, done.stderr + done.stdout
    assert "no issues" in done.stdout


@pytest.mark.parametrize(
    ("extra", "refusal"),
    [
        ({"SECRET_KEY": "insecure-local-only-key-set-SECRET_KEY-in-production"},
         "the development key is public"),
        ({"SECRET_KEY": ""}, "production mode needs its own SECRET_KEY"),
        ({"SECRET_KEY": "$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')"},
         "unexpanded shell expression"),
        ({"SECRET_KEY": "short"}, "too short"),
        ({"DEBUG": "true"}, "DEBUG=true in production mode"),
        ({"ALLOWED_HOSTS": ""}, "production mode needs ALLOWED_HOSTS"),
        ({"ADMIN_URL": "../x"}, "ADMIN_URL"),
        ({"LOG_FORMAT": "xml"}, "LOG_FORMAT"),
    ],
)  # fmt: skip
def test_production_mode_refuses_to_start_on_what_a_public_site_must_not_run_with(extra, refusal):
    done = run(f"{sys.executable} manage.py check", extra)
    assert done.returncode != 0
    assert refusal in done.stderr


PROBE = r"""
import json, logging, sys
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.contrib.auth import get_user_model
get_user_model().objects.create_user("comms", password="right-password-1")
from django.test import Client
found = {}
plain = Client()
found["http"] = plain.get("/account/sign-in/", HTTP_HOST="leaguetables.example.org")
c = Client(HTTP_HOST="leaguetables.example.org", HTTP_X_FORWARDED_PROTO="https")
page = c.get("/account/sign-in/")
signed_in = c.post("/account/sign-in/", {"username": "comms", "password": "right-password-1"},
                   HTTP_REFERER="https://leaguetables.example.org/account/sign-in/")
admin = c.get("/editors/")
missing = c.get("/trusts/%00/")
print(json.dumps({
    "http": [found["http"].status_code, found["http"].get("Location")],
    "headers": dict(page.headers),
    "signed_in": signed_in.status_code,
    "cookies": {k: dict(v) for k, v in signed_in.cookies.items()},
    "admin": [admin.status_code, admin.get("Location"), admin.get("Content-Security-Policy")],
    "missing": missing.status_code,
}))
"""


def test_responses_and_logs_in_production_mode(tmp_path):
    database = tmp_path / "production.sqlite3"
    probe = tmp_path / "probe.py"
    probe.write_text(PROBE)
    done = run(f"{sys.executable} {probe}", {
        "DATABASE_URL": f"sqlite:///{database}", "PYTHONPATH": str(REPO),
        "DJANGO_SETTINGS_MODULE": "leaguetables.settings",
    })  # fmt: skip
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["http"] == [301, "https://leaguetables.example.org/account/sign-in/"]
    headers = found["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "script-src 'self';" in headers["Content-Security-Policy"]
    assert found["signed_in"] == 302
    for name in ("sessionid", "csrftoken"):
        cookie = found["cookies"][name]
        assert cookie["secure"] is True, name
        assert cookie["samesite"] == "Lax", name
    assert found["cookies"]["sessionid"]["httponly"] is True
    # The admin at its configured address, with its own CSP.
    status, location, policy = found["admin"]
    assert status == 302 and location.startswith("/editors/login/")
    assert policy and "frame-ancestors 'none'" in policy
    # Logs: JSON lines; the sign-in and the 4xx are there, without a traceback or the raw NUL.
    assert found["missing"] in (400, 404)
    lines = [json.loads(line) for line in done.stderr.splitlines() if line.startswith("{")]
    assert any(line.get("event") == "sign_in" and line.get("actor") == "comms" for line in lines)
    client_errors = [line for line in lines if line.get("status_code") in (400, 404)]
    assert client_errors, done.stderr
    for line in client_errors:
        assert "exc_info" not in line and "Traceback" not in json.dumps(line)
        assert "\x00" not in json.dumps(line, ensure_ascii=False)
    assert "Traceback" not in done.stderr
