"""`make bench`: import time, page server time and weight, and the likely-range simulation.

Runs against a throwaway SQLite file unless DATABASE_URL is set (then that database is
flushed first: never point it at one you need). Prints one line per figure and exits 1 when a
budget is broken:
- importing NHS England's real 8,771-row metric data file: under 3 s (skipped when ../shared
  is absent);
- the 134-trust league page: under 40 ms median server time without caching, under 60 KB
  gzipped; the other pages are reported. (25 ms until each row carried its notes' full text
  and source, for phones and readers without JavaScript: 25.2 -> 34.4 ms measured in one run,
  569 KB of HTML from 245 KB. A public page is built once per data version and process; the
  page cache serves the rest, measured by benchmarks/http_bench.py);
- a first visit (benchmarks/weight.py): the trust page with its charts under 400 KB compressed,
  everything included; the league page under 60 KB compressed plus cached static files;
- the simulation (benchmarks/bench_simulation.py): 134 trusts, 2,000 draws, under 1 s.
"""

from __future__ import annotations

import gzip
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REAL_DATA = (
    REPO.parent / "shared" / "data" / "nhs-oversight-framework"
    / "nhs-oversight-framework-mental-health-and-community-trust-data-q4-25-26.csv"
)  # fmt: skip
IMPORT_BUDGET_S = 3.0
PAGE_BUDGET_MS = 40.0
PAGE_WEIGHT_BUDGET_KB = 60.0
FIRST_VISIT_BUDGET_KB = 400.0  # the trust page with its charts, everything included
RUNS = 30

_scratch = tempfile.mkdtemp(prefix="leaguetables-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_scratch}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leaguetables.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
# Server time here is the time to build a page; http_bench.py measures the page cache.
os.environ.setdefault("PAGE_CACHE", "false")
sys.path.insert(0, str(REPO))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from benchmarks.weight import first_visit  # noqa: E402
from leaguetables import actions, demo  # noqa: E402
from leaguetables.models import Metric, TrustQuarter  # noqa: E402


def fresh_database() -> None:
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)


def bench_import() -> list[str]:
    if not REAL_DATA.is_file():
        print(f"import: skipped, {REAL_DATA} is missing")
        return []
    content = REAL_DATA.read_bytes()
    times = []
    for _ in range(3):
        fresh_database()
        start = time.perf_counter()
        actions.import_file(content=content, source=REAL_DATA.name)
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(f"import real data file (8,771 rows, parse + write + derive): median {median:.2f} s "
          f"of 3 (budget {IMPORT_BUDGET_S:.0f} s)")  # fmt: skip
    return [f"import took {median:.2f} s"] if median > IMPORT_BUDGET_S else []


def time_page(client: Client, url: str) -> tuple[float, int, int]:
    client.get(url)  # first request warms template compilation, as a running server has
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
    assert response.status_code == 200, (url, response.status_code)
    return (
        statistics.median(times) * 1000,
        len(response.content),
        len(gzip.compress(response.content)),
    )


def bench_pages() -> list[str]:
    fresh_database()
    with tempfile.TemporaryDirectory() as folder:
        for path in demo.write_demo_files(Path(folder)):
            actions.import_file(content=path.read_bytes(), source=path.name, illustrative=True)
    client = Client()
    acute = TrustQuarter.objects.filter(league__slug="acute").order_by("-quarter__quarter")
    trust = acute.select_related("trust", "quarter").first()
    metric = Metric.objects.filter(kind="value", results__trust_quarter=trust).first()
    quarter = trust.quarter.slug
    pages = {
        "league, acute (134 trusts)": f"/leagues/acute/{quarter}/",
        "league, ambulance (10 trusts)": f"/leagues/ambulance/{quarter}/",
        "league, acute, filtered and sorted": f"/leagues/acute/{quarter}/?segment=3&sort=-change",
        "trust": f"/trusts/{trust.trust.ods_code}/",
        "service": f"/leagues/acute/{quarter}/services/elective-care/",
        "metric": f"/leagues/acute/{quarter}/metrics/{metric.metric_id}/",
        "home": "/",
        "search": "/trusts/?q=hospital",
        "about": "/about/methodology/",
    }
    broken = []
    for name, url in pages.items():
        median, size, gzipped = time_page(client, url)
        print(f"page {name}: median {median:.1f} ms of {RUNS}, {size / 1024:.0f} KB, "
              f"{gzipped / 1024:.1f} KB gzipped")  # fmt: skip
        if name.startswith("league, acute (134"):
            if median > PAGE_BUDGET_MS:
                broken.append(f"league page took {median:.1f} ms")
            if gzipped / 1024 > PAGE_WEIGHT_BUDGET_KB:
                broken.append(f"league page weighs {gzipped / 1024:.1f} KB gzipped")
    for name in ("league, acute (134 trusts)", "trust"):
        weight = first_visit(client, pages[name])
        print(f"first visit, {name}: {weight.describe()}")
        if name == "trust" and weight.total / 1024 > FIRST_VISIT_BUDGET_KB:
            broken.append(f"trust page first visit {weight.total / 1024:.0f} KB")
        if name != "trust" and weight.page / 1024 > PAGE_WEIGHT_BUDGET_KB:
            broken.append(f"league page {weight.page / 1024:.0f} KB compressed")
    return broken


def bench_simulation() -> list[str]:
    done = subprocess.run([sys.executable, str(REPO / "benchmarks" / "bench_simulation.py")])
    return ["simulation over budget"] if done.returncode else []


if __name__ == "__main__":
    broken = bench_import() + bench_pages() + bench_simulation()
    for line in broken:
        print(f"OVER BUDGET: {line}")
    sys.exit(1 if broken else 0)
