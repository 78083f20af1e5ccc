"""Every page reads the database a fixed number of times, however many trusts or quarters:
pinned on the demo's 134-trust acute league and its 10-trust ambulance league."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.text import slugify

from leaguetables import actions, demo
from leaguetables.models import Metric, TrustQuarter

QUARTER = "2025-26-q4"


@pytest.fixture(scope="module")
def demo_leagues(django_db_setup, django_db_blocker, tmp_path_factory):
    """The acute and ambulance demo leagues, four quarters each, loaded once for the module."""
    folder = tmp_path_factory.mktemp("demo")
    with django_db_blocker.unblock():
        for path in demo.write_demo_files(folder):
            if "data-q4" in path.name and ("acute" in path.name or "ambulance" in path.name):
                actions.import_file(content=path.read_bytes(), source=path.name, illustrative=True)
        yield
        call_command("flush", interactive=False, verbosity=0)


def pages(league: str) -> dict[str, str]:
    tq = (
        TrustQuarter.objects.filter(league__slug=league, quarter__quarter=4)
        .select_related("trust")
        .order_by("league_rank")
        .first()
    )
    metric = Metric.objects.filter(kind="value", results__trust_quarter=tq).first()
    service = slugify(metric.sub_domain)
    return {
        "league": f"/leagues/{league}/{QUARTER}/",
        "league filtered and sorted": f"/leagues/{league}/{QUARTER}/?segment=3&sort=-average_score",
        "league csv": f"/leagues/{league}/{QUARTER}/?download=csv",
        "trust": f"/trusts/{tq.trust.ods_code}/",
        "trust csv": f"/trusts/{tq.trust.ods_code}/{QUARTER}/?download=csv",
        "service": f"/leagues/{league}/{QUARTER}/services/{service}/",
        "metric": f"/leagues/{league}/{QUARTER}/metrics/{metric.metric_id}/",
        "metric json": f"/leagues/{league}/{QUARTER}/metrics/{metric.metric_id}/?download=json",
    }


# Pinned: a change here is a change in how a page reads the database; say why in the commit.
# Every download also reads its source files and whether the data is illustrative (its
# metadata); the trust page reads its league's latest quarter (to say when a trust has no row).
EXPECTED = {
    "league": 8,
    "league filtered and sorted": 8,
    "league csv": 7,
    "trust": 9,
    "trust csv": 8,
    "service": 8,
    "metric": 8,
    "metric json": 8,
    "home": 3,
    "search": 3,
    "about": 1,
}


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("page", [p for p in EXPECTED if p not in ("home", "search", "about")])
def test_page_query_count_does_not_grow_with_the_league(client, demo_leagues, page):
    big = count_queries(client, pages("acute")[page])
    small = count_queries(client, pages("ambulance")[page])
    assert big == small == EXPECTED[page], f"{page}: {big} queries (134 trusts), {small} (10)"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("page", "url"), [("home", "/"), ("search", "/trusts/?q=trust"), ("about", "/about/")]
)
def test_fixed_pages_query_counts(client, demo_leagues, page, url):
    assert count_queries(client, url) == EXPECTED[page]
