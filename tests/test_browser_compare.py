"""The compare page and the pages this change touched, in a real Chromium at 360 and 1280 px:
no WCAG 2.2 AA violation (axe-core), no console error under the strict CSP, no compare table
wider than the screen, and nothing added outside a scroll box that runs off it. Screenshots go
to test-artifacts/ (gitignored)."""

from __future__ import annotations

import pytest

from leaguetables import actions
from leaguetables.models import TrustQuarter
from tests import test_browser
from tests.test_browser import (
    ARTIFACTS,
    LEAGUE,
    LEAGUE_URL,
    SCROLLERS_EXCLUDED_OVERFLOW,
    axe_violations,
    violation_report,
)

pytestmark = pytest.mark.browser
# The browser and the demo data, as tests/test_browser.py sets them up (fixtures, by name).
browsing, demo_data, imported_rows = (
    test_browser.browsing,
    test_browser.demo_data,
    test_browser.imported_rows,
)

WIDTHS = (360, 1280)
TABLES_WIDER_THAN_THE_SCREEN = """
() => {
  const limit = document.documentElement.clientWidth;
  return [...document.querySelectorAll("main table")]
    .map(table => table.getBoundingClientRect())
    .filter(box => box.right > limit + 0.5 || box.left < -0.5)
    .map(box => `${Math.round(box.left)} to ${Math.round(box.right)}`);
}
"""


def codes(count: int) -> list[str]:
    return list(
        TrustQuarter.objects.filter(league__slug=LEAGUE, quarter__quarter=4)
        .order_by("league_rank", "name")
        .values_list("trust__ods_code", flat=True)[:count]
    )


def changed_pages() -> dict[str, str]:
    four, two = ",".join(codes(4)), ",".join(codes(2))
    return {
        "compare-4": f"/compare/?trusts={four}",
        "compare-2": f"/compare/?trusts={two}&quarter=2025-26-q2",
        "trust": f"/trusts/{codes(1)[0]}/",
        "metric": f"{LEAGUE_URL}metrics/OF0063/",
        "service": f"{LEAGUE_URL}services/effective-flow-and-discharge/",
        "league": LEAGUE_URL,
        "search": "/trusts/?q=trust",
        "about": "/about/",
    }


@pytest.mark.parametrize("width", WIDTHS)
def test_compare_and_changed_pages_are_accessible_and_fit_the_screen(browsing, demo_data, width):
    actions.load_seed_file()  # the caveats, as `make run` loads them
    session = browsing(viewport={"width": width, "height": 900}, device_scale_factor=1)
    ARTIFACTS.mkdir(exist_ok=True)
    failures = []
    for name, url in changed_pages().items():
        page = session.open(url)
        if violations := axe_violations(page):
            failures.append(violation_report(f"{url} at {width}px", violations))
        if name.startswith("compare") and (wide := page.evaluate(TABLES_WIDER_THAN_THE_SCREEN)):
            failures.append(f"{url} at {width}px: tables wider than the screen: {wide}")
        fit = page.evaluate(SCROLLERS_EXCLUDED_OVERFLOW)
        if name != "league" and (fit["scrollWidth"] > width or fit["wide"]):
            # The league table's own layout is another change's; what this one adds is checked
            # on every other page.
            failures.append(f"{url} at {width}px: {fit['scrollWidth']}px wide: {fit['wide']}")
        page.screenshot(path=ARTIFACTS / f"{width}px-{name}.png", full_page=True)
        page.close()
    assert not failures, "\n".join(failures)
    assert not session.problems, "\n".join(session.problems)


def test_a_notes_and_a_caveats_full_text_open_without_javascript(browsing, demo_data):
    actions.load_seed_file()
    session = browsing(java_script_enabled=False)
    page = session.open(f"/compare/?trusts={','.join(codes(3))}")
    caveat = page.locator("details.lt-caveat").first
    assert caveat.is_visible()
    caveat.locator("summary").click()
    assert page.locator("details.lt-caveat[open] .nhsuk-details__text").first.is_visible()
    form = session.open("/trusts/?q=trust")
    form.get_by_text("Compare some of these trusts side by side").click()
    boxes = form.locator("input[name=trusts]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    form.get_by_role("button", name="Compare the trusts chosen").click()
    assert "/compare/?trusts=" in form.url
    assert session.problems == [] or all("400" in p for p in session.problems)
