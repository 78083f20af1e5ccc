"""The pages this issue changed, in a real Chromium with the site's strict CSP: the population
panel on an acute and an ambulance trust page, place search with and without results, and the
about pages that credit and explain the reference data. axe-core (WCAG 2.2 AA) finds nothing,
and at 360 px nothing but a table's own scroller is wider than the screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from leaguetables import actions, demo
from leaguetables.actions import reference
from leaguetables.models import TrustQuarter
from tests import test_browser
from tests.test_browser import (
    ARTIFACTS,
    SCROLLERS_EXCLUDED_OVERFLOW,
    SMALL_SCREEN,
    axe_violations,
    violation_report,
)

browsing = test_browser.browsing  # the fixture: a Chromium context with the site's strict CSP

pytestmark = pytest.mark.browser


def load(tmp_path: Path) -> None:
    """The acute and ambulance demo leagues, then the reference data, as `make run` does."""
    for path in demo.write_demo_files(tmp_path):
        if "acute" in path.name and "non-acute" not in path.name or "ambulance" in path.name:
            actions.import_file(content=path.read_bytes(), source=path.name, illustrative=True)
    reference.load_reference()


def code_of(league: str) -> str:
    return (
        TrustQuarter.objects.filter(league__slug=league, quarter__quarter=4)
        .order_by("league_rank")
        .values_list("trust__ods_code", flat=True)
        .first()
    )


def test_population_and_search_pages_are_accessible_and_fit_a_phone(
    browsing,  # noqa: F811 (the fixture above)
    transactional_db,
    tmp_path,
):
    load(tmp_path)
    acute, ambulance = code_of("acute"), code_of("ambulance")
    pages = {
        "acute-trust": f"/trusts/{acute}/",
        "ambulance-trust": f"/trusts/{ambulance}/",
        "search-place": "/trusts/?q=Kirklees",
        "search-district": "/trusts/?q=Scarborough",
        "search-nothing": "/trusts/?q=Kirkleez",
        "data": "/about/data/",
        "reading": "/about/reading/",
    }
    reports = []
    for width, session in (("desktop", browsing()), ("phone", browsing(viewport=SMALL_SCREEN))):
        for name, url in pages.items():
            page = session.open(url)
            if violations := axe_violations(page):
                reports.append(f"{width} " + violation_report(url, violations))
            if width == "phone":
                overflow = page.evaluate(SCROLLERS_EXCLUDED_OVERFLOW)
                assert overflow["scrollWidth"] <= overflow["limit"], (url, overflow)
                if name in ("acute-trust", "search-place"):
                    ARTIFACTS.mkdir(exist_ok=True)
                    page.screenshot(path=str(ARTIFACTS / f"population-{name}-360.png"),
                                    full_page=True)  # fmt: skip
            body = page.inner_text("body")
            if name == "acute-trust":
                assert "The population this trust serves" in body and "Illustrative" in body
            if name == "ambulance-trust":
                assert "No catchment is published for ambulance trusts" in body
            if name == "search-nothing":
                assert "Did you mean" in body
            page.close()
        assert not session.problems, "\n".join(session.problems)
    assert not reports, "\n".join(reports)
