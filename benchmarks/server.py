"""A production-like server for the HTTP benchmarks: NHS England's real files imported into
PostgreSQL (BENCH_DATABASE_URL, default the local lt_bench database; SQLite when no PostgreSQL
answers), static files collected with the hashed, compressed storage, and gunicorn started with
gunicorn.conf.py, as a deployment runs it."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data" / "nhs-oversight-framework"
STEM = "nhs-oversight-framework-mental-health-and-community-trust"
DATA_FILE = DATA / f"{STEM}-data-q4-25-26.csv"
LEAGUE_FILE = DATA / f"{STEM}-league-table-q4-25-26.csv"
LEAGUE = "mental-health-and-community"
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/lt_bench"
SCRATCH = Path(tempfile.mkdtemp(prefix="leaguetables-http-bench-"))


def database_url() -> str:
    chosen = os.environ.get("BENCH_DATABASE_URL")
    if chosen:
        return chosen
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return DEFAULT_PG
    except OSError:
        return f"sqlite:///{SCRATCH}/bench.sqlite3"


def fresh_database() -> None:
    """An empty database of our own: created on a new machine, and dropped and made again
    each run, so no earlier run's data or migration history is measured."""
    url = database_url()
    if not url.startswith("postgres"):
        return  # SQLite: a new file in this run's scratch folder
    import psycopg
    from psycopg import sql

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def environment(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url(),
        DJANGO_SETTINGS_MODULE="leaguetables.settings",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DEBUG="false",
        STATIC_ROOT=str(REPO / "var" / "bench-static"),
        WHITENOISE_USE_FINDERS="false",
        GUNICORN_ACCESS_LOG="",
        GUNICORN_LOG_LEVEL="warning",
        PYTHONPATH=str(REPO),
    )
    env.update(extra)
    return env


def manage(*args: str, **extra: str) -> str:
    done = subprocess.run(
        [sys.executable, str(REPO / "manage.py"), *args],
        env=environment(**extra),
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def prepare(draft_latest: bool = False) -> None:
    """A fresh database holding the real files: every quarter published, or (for the load
    test) the latest left a draft for the test to publish while under load."""
    if not DATA_FILE.is_file():
        raise SystemExit(f"the real data is missing: {DATA_FILE}")
    fresh_database()
    manage("migrate", "--no-input", "-v", "0")
    if draft_latest:
        manage("import_nof", "--draft", str(DATA_FILE))
        for quarter in ("2025-26-q1", "2025-26-q2", "2025-26-q3"):
            manage("publish", "--league", LEAGUE, "--quarter", quarter)
    else:
        manage("import_nof", str(DATA_FILE), str(LEAGUE_FILE))
    manage("collectstatic", "--no-input", "-v", "0")


master_pid: int | None = None  # the running gunicorn's


def workers_cpu_seconds() -> float:
    """CPU time (user + system) of the running gunicorn's workers so far: unlike requests per
    second, hardly changed by other work on a shared machine."""
    if master_pid is None:
        return 0.0
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master_pid:  # ppid
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(**extra: str) -> Iterator[str]:
    """gunicorn on a free port; yields its base URL once /health/ answers."""
    port = free_port()
    env = environment(GUNICORN_BIND=f"127.0.0.1:{port}", **extra)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(REPO / "gunicorn.conf.py")],
        env=env,
        cwd=REPO,
    )
    base = f"http://127.0.0.1:{port}"
    global master_pid
    master_pid = process.pid
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(base + "/health/", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("gunicorn did not answer /health/ within 20 s")
        yield base
    finally:
        master_pid = None
        process.terminate()
        process.wait(timeout=30)
