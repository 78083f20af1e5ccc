"""`make load`: publication day. 200 connections for 60 s on the league, trust (and API) pages
of gunicorn on the real data, and, 20 s in, an import and a publication, as an editor would do
them (manage.py, in their own processes).

Passes (exit 0) when wrk counts no error (no socket error, no 4xx or 5xx), and a watcher that
asks for a trust page and the home page all through the run sees the new quarter from the first
request it starts after the publication committed, never the old one again, and no error.
Run on PostgreSQL (BENCH_DATABASE_URL, default the local lt_bench database).
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import server  # noqa: E402
from benchmarks.http_bench import API_TABLE, get, parse_wrk  # noqa: E402

CONNECTIONS = int(os.environ.get("LOAD_CONNECTIONS", "200"))
SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
PUBLISH_AFTER = SECONDS / 3
NEW = b"Q4 2025/26"
LEAGUE = f"/leagues/{server.LEAGUE}"
ROTATE = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1],
                    {["Accept-Encoding"] = "br, gzip"})
end
"""


@dataclass
class Seen:
    started: float
    path: str
    status: int
    new: bool


def watch(base: str, paths: list[str], stop: threading.Event, seen: list[Seen]) -> None:
    while not stop.is_set():
        for path in paths:
            started = time.monotonic()
            status, _, body = get(base + path, **{"Accept-Encoding": "identity"})
            seen.append(Seen(started, path, status, NEW in body))
        time.sleep(0.05)


def publish(done: dict[str, float]) -> None:
    time.sleep(PUBLISH_AFTER)
    done["import started"] = time.monotonic()
    server.manage("import_nof", "--draft", str(server.LEAGUE_FILE))
    done["imported"] = time.monotonic()
    server.manage("publish", "--league", server.LEAGUE, "--quarter", "2025-26-q4")
    done["published"] = time.monotonic()


def main() -> int:
    import subprocess

    print(f"database: {server.database_url().split('@')[-1]}; {CONNECTIONS} connections for "
          f"{SECONDS} s; import and publication at {PUBLISH_AFTER:.0f} s")  # fmt: skip
    server.prepare(draft_latest=True)
    broken = []
    with server.gunicorn() as base:
        _, _, html = get(base + f"{LEAGUE}/2025-26-q3/", **{"Accept-Encoding": "identity"})
        code = re.search(rb'href="/trusts/([A-Z0-9]+)/2025-26-q3/"', html).group(1).decode()
        trust = f"/trusts/{code}/"
        paths = [f"{LEAGUE}/2025-26-q3/", trust, "/", f"{LEAGUE}/2025-26-q3/?sort=-change"]
        api = API_TABLE.replace("q4", "q3")
        assert get(base + api)[0] == 200, f"{api} does not answer 200"
        paths.append(api)
        # The API's list of a league's quarters shows Q4 from its publication, as the pages do.
        api_quarters = f"/api/v1/leagues/{server.LEAGUE}"
        assert NEW not in get(base + trust, **{"Accept-Encoding": "identity"})[2]
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(ROTATE % ", ".join(f'"{p}"' for p in paths))
        seen: list[Seen] = []
        stop, done = threading.Event(), {}
        watched = [trust, "/", api_quarters]
        watcher = threading.Thread(target=watch, args=(base, watched, stop, seen))
        editor = threading.Thread(target=publish, args=(done,))
        started = time.monotonic()
        watcher.start()
        editor.start()
        run = subprocess.run(
            ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", "--timeout", "20s",
             "-s", script.name, base],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        editor.join()
        stop.set()
        watcher.join()
    result = parse_wrk(run.stdout)
    print(f"pages: {', '.join(paths)}")
    print(f"wrk: {result.rps:.0f} req/s, p50 {result.p50_ms:.1f} ms, p99 {result.p99_ms:.1f} ms, "
          f"{result.errors} errors")  # fmt: skip
    print("\n".join("  " + line for line in run.stdout.strip().splitlines()[-8:]))
    if result.errors:
        broken.append(f"{result.errors} errors under load")
    published = done["published"]
    print(
        f"import {done['imported'] - done['import started']:.1f} s and publication "
        f"{published - done['imported']:.1f} s, committed at {published - started:.1f} s"
    )
    after = [s for s in seen if s.started >= published]
    before = [s for s in seen if s.started < done["import started"]]
    stale = [s for s in after if not s.new]
    failed = [s for s in seen if s.status != 200]
    print(f"watcher: {len(seen)} requests, {len(before)} before the import showed the old quarter "
          f"({sum(not s.new for s in before)}), {len(after)} started after the publication: "
          f"{len(after) - len(stale)} new, {len(stale)} stale; {len(failed)} not 200")  # fmt: skip
    if any(s.new for s in before):
        broken.append("the new quarter was visible before its publication")
    if not after or stale:
        broken.append(f"{len(stale)} stale pages after the publication")
    if failed:
        broken.append(f"{len(failed)} watcher requests failed: {failed[:3]}")
    for line in broken:
        print(f"FAILED: {line}")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
