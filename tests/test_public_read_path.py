"""Every public read goes through `leaguetables.queries`, so that what "public" means is one
change there: proven by watching every query a crawl of the public pages makes, and by changing
that one definition and seeing a quarter vanish from every surface."""

from __future__ import annotations

import traceback
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import Q

from leaguetables import actions, queries
from tests import nof_files

pytestmark = pytest.mark.django_db

QUERIES_PACKAGE = str(Path(queries.__file__).resolve().parent)
# Django's own tables (sessions, users) are read by its middleware, not by our pages.
FRAMEWORK_TABLES = ("django_session", "auth_", "django_content_type")
LEAGUE = "/leagues/mental-health-and-community"


@pytest.fixture
def three_quarters():
    for number in (1, 2, 3):
        rows = nof_files.trust_rows(f"Q{number} 2025/26")
        actions.import_file(content=nof_files.data_file(rows), source=f"data-q{number}.csv")
    actions.import_file(
        content=nof_files.league_file(nof_files.league_rows("Q3 2025/26")), source="league-q3.csv"
    )


def crawl(quarter: str = "2025-26-q3") -> list[str]:
    """One of every public surface: pages, downloads, search, switchers, history, about."""
    league = f"{LEAGUE}/{quarter}/"
    compare = f"/compare/?trusts=ZZ2,ZZ1&quarter={quarter}"
    urls = ["/", f"{LEAGUE}/", league, f"{league}?segment=3&sort=-average_score",
            f"{league}?override=yes", "/trusts/", "/trusts/?q=trust", "/trusts/?q=zz1",
            "/trusts/ZZ2/", f"/trusts/ZZ2/{quarter}/", f"{league}services/elective-care/",
            f"{league}metrics/OF0005/", f"{league}metrics/OF1016/", "/about/",
            "/about/methodology/", "/about/reading/", "/about/data/",
            "/compare/?trusts=ZZ1,ZZ2,ZZ3", compare]  # fmt: skip
    downloads = [league, f"/trusts/ZZ2/{quarter}/", f"{league}services/elective-care/",
                 f"{league}metrics/OF0005/", compare]  # fmt: skip
    for url in downloads:
        joiner = "&" if "?" in url else "?"
        urls += [f"{url}{joiner}download=csv", f"{url}{joiner}download=json"]
    return urls


def test_every_query_of_every_public_page_is_made_by_the_public_read_path(client, three_quarters):
    outside: dict[str, list[str]] = {}

    def watch(execute, sql, params, many, context):
        if not sql.lstrip().upper().startswith("SELECT") or any(t in sql for t in FRAMEWORK_TABLES):
            return execute(sql, params, many, context)
        stack = [frame.filename for frame in traceback.extract_stack()]
        if not any(str(Path(f).resolve()).startswith(QUERIES_PACKAGE + "/") for f in stack):
            outside.setdefault(current[0], []).append(sql[:120])
        return execute(sql, params, many, context)

    current = [""]
    with connection.execute_wrapper(watch):
        for url in crawl():
            current[0] = url
            response = client.get(url)
            assert response.status_code in (200, 302), url
    assert not outside, f"read outside leaguetables.queries: {outside}"


def test_changing_what_public_means_in_one_place_hides_a_quarter_everywhere(
    client, three_quarters, monkeypatch
):
    seen = b"".join(client.get(url).content for url in crawl())
    assert b"Q3 2025/26" in seen and b"2025-26-q3" in seen
    assert b"trusts, Q3 2025/26" in client.get("/about/methodology/").content

    # An embargo on Q3, said once.
    monkeypatch.setattr(
        queries.public, "public_rows", lambda prefix="": ~Q(**{f"{prefix}quarter__quarter": 3})
    )
    for url in crawl():
        response = client.get(url, follow=True)
        if "2025-26-q3" in url:
            assert response.status_code == 404, url
            continue
        assert response.status_code == 200, url
        assert b"2025-26-q3" not in response.content, url
        # The about pages describe NHS England's publications (ranges "from Q3 2025/26"); the
        # figures they compute must not count the hidden quarter.
        hidden = b"trusts, Q3 2025/26" if url.startswith("/about/") else b"Q3 2025/26"
        assert hidden not in response.content, url
    # The league's latest public quarter is now Q2, and the trust's page says so.
    assert client.get(f"{LEAGUE}/")["Location"].endswith("/2025-26-q2/")
    assert b"Q2 2025/26" in client.get("/trusts/ZZ2/").content


def test_nothing_is_public_when_nothing_is(client, three_quarters, monkeypatch):
    monkeypatch.setattr(queries.public, "public_rows", lambda prefix="": Q(pk__in=[]))
    assert b"No league tables have been imported yet" in client.get("/").content
    assert client.get(f"{LEAGUE}/").status_code == 404
    assert client.get("/trusts/ZZ1/").status_code == 404
    assert b"0 trusts matching" in client.get("/trusts/?q=trust").content
    for page in ("methodology", "reading", "data"):
        assert client.get(f"/about/{page}/").status_code == 200


def open_data(quarter: str = "2025-26-q3") -> list[str]:
    """The API, feeds, embeds and bulk files."""
    league = "/api/v1/leagues/mental-health-and-community"
    return ["/api/v1/leagues", f"{league}", f"{league}/{quarter}", f"{league}/{quarter}?format=csv",
            f"{league}/{quarter}/notes", f"{league}/{quarter}/metrics",
            f"{league}/{quarter}/metrics/OF0005", f"{league}/{quarter}/services",
            f"{league}/{quarter}/services/elective-care", "/api/v1/trusts", "/api/v1/trusts/ZZ2",
            f"/api/v1/trusts/ZZ2/{quarter}", "/api/v1/releases", "/feeds/releases.atom",
            "/feeds/leagues/mental-health-and-community.atom", "/feeds/trusts/ZZ2.atom",
            "/embed/trusts/ZZ2/", "/embed/trusts/ZZ2/rank.svg", "/data/bulk/datapackage.json",
            "/data/bulk/mental-health-and-community.csv"]  # fmt: skip


def test_the_open_data_surfaces_read_through_the_public_read_path(client, three_quarters):
    outside: dict[str, list[str]] = {}
    current = [""]

    def watch(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("SELECT") and not any(
            t in sql for t in FRAMEWORK_TABLES
        ):
            stack = [str(Path(frame.filename).resolve()) for frame in traceback.extract_stack()]
            if not any(f.startswith(QUERIES_PACKAGE + "/") for f in stack):
                outside.setdefault(current[0], []).append(sql[:120])
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        for url in open_data():
            current[0] = url
            assert client.get(url).status_code == 200, url
    assert not outside, f"read outside leaguetables.queries: {outside}"


def test_changing_what_public_means_hides_a_quarter_from_the_open_data_too(
    client, three_quarters, monkeypatch
):
    assert b"Q3 2025/26" in client.get("/feeds/releases.atom").content
    monkeypatch.setattr(
        queries.public, "public_rows", lambda prefix="": ~Q(**{f"{prefix}quarter__quarter": 3})
    )
    for url in open_data():
        response = client.get(url, follow=True)
        if "2025-26-q3" in url:
            assert response.status_code == 404, url
            continue
        assert response.status_code == 200, url
        assert b"2025-26-q3" not in response.content and b"Q3 2025/26" not in response.content, url
