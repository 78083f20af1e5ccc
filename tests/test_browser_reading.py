"""NHS England's real mental health and community league in a real Chromium, read as a new
reader would on a phone (360 px) and a laptop (1280 px): the context beside each rank is in
view, no table is wider than the screen, the notes open without JavaScript, sorting and
filtering work with JavaScript off, and axe-core finds nothing. Screenshots go to
test-artifacts/reading/ (look at them).
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from leaguetables import actions
from tests.conftest import REAL_DATA_FILE, REAL_LEAGUE_FILE
from tests.test_browser import ARTIFACTS, Browsing, axe_violations, violation_report

pytestmark = [pytest.mark.browser, pytest.mark.realdata]

SHOTS = ARTIFACTS / "reading"
LEAGUE = "/leagues/mental-health-and-community"
WIDTHS = (360, 1280)
HEIGHT = 800
QUARTERS = ("2025-26-q1", "2025-26-q4")

# Each of the first ten rows: its rank, trust name, segment and first context note, scrolled
# into view, must lie inside the window (not cut off, not inside a sideways scroller) and be
# what a reader sees at that point (not covered by anything).
FIRST_ROWS_IN_VIEW = """
() => {
  const width = document.documentElement.clientWidth;
  const height = document.documentElement.clientHeight;
  const parts = {rank: ".lt-rank", trust: "th.lt-trust a", segment: ".lt-cell-segment .nhsuk-tag",
                 note: ".lt-context .lt-note summary"};
  const rows = [...document.querySelectorAll("table.lt-league tbody tr")].slice(0, 10);
  const problems = rows.length === 10 ? [] : [`only ${rows.length} rows`];
  rows.forEach((row, index) => {
    for (const [name, selector] of Object.entries(parts)) {
      const element = row.querySelector(selector);
      if (!element) { problems.push(`row ${index + 1}: no ${name}`); continue; }
      element.scrollIntoView({block: "center", inline: "nearest"});
      const box = element.getBoundingClientRect();
      // A name wrapping over two lines: test a point on its first line, not the box's middle.
      const line = element.getClientRects()[0] || box;
      const inside = box.width > 0 && box.height > 0 && box.left >= -0.5
        && box.right <= width + 0.5 && box.top >= -0.5 && box.bottom <= height + 0.5;
      const hit = document.elementFromPoint(line.left + line.width / 2, line.top + line.height / 2);
      if (!inside || !(hit && (element === hit || element.contains(hit)))) {
        problems.push(`row ${index + 1} ${name} at ${Math.round(box.left)}-${Math.round(box.right)}`
          + ` of ${width}px: ${inside ? "covered" : "outside the window"}`);
      }
    }
  });
  window.scrollTo(0, 0);
  return problems;
}
"""

# No table wider than the window, and none scrolled sideways inside its box.
TABLES_FIT = """
() => {
  const width = document.documentElement.clientWidth;
  const problems = [];
  if (document.documentElement.scrollWidth > width) {
    problems.push(`page ${document.documentElement.scrollWidth}px wide`);
  }
  document.querySelectorAll("main table").forEach((table, index) => {
    const box = table.getBoundingClientRect();
    const wrap = table.closest(".lt-table-wrap");
    const name = table.querySelector("caption")?.innerText.slice(0, 40) || `table ${index + 1}`;
    if (box.left < -0.5 || box.right > width + 0.5) {
      problems.push(`${name}: ${Math.round(box.left)} to ${Math.round(box.right)} of ${width}px`);
    }
    if (wrap && wrap.scrollWidth > wrap.clientWidth + 1) {
      problems.push(`${name}: ${wrap.scrollWidth}px inside a ${wrap.clientWidth}px box`);
    }
  });
  return problems;
}
"""


@pytest.fixture
def browsing(chromium, live_server):
    """Browser contexts that record console errors, failed responses and CSP violations."""
    sessions: list[Browsing] = []

    def start(**context_options) -> Browsing:
        sessions.append(Browsing(chromium, live_server.url, **context_options))
        return sessions[-1]

    yield start
    for session in sessions:
        session.close()


@pytest.fixture
def real_league(shared_data, transactional_db) -> None:
    """The real metric data file (Q1 to Q4) and the Q4 league table file."""
    for path in (REAL_DATA_FILE, REAL_LEAGUE_FILE):
        actions.import_file(content=path.read_bytes(), source=path.name)


def pages() -> dict[str, str]:
    q1, q4 = (f"{LEAGUE}/{quarter}/" for quarter in QUARTERS)
    return {
        "league-q1": q1,
        "league-q4": q4,
        "service-q1": f"{q1}services/patient-safety/",
        "metric-q1": f"{q1}metrics/OF0005/",
        "trust-q1": "/trusts/RXG/2025-26-q1/",
        "trust-q4": "/trusts/RYY/2025-26-q4/",
        "home": "/",
    }


def test_real_league_keeps_the_context_in_view_at_360_and_1280px(browsing, real_league):
    SHOTS.mkdir(parents=True, exist_ok=True)
    failures, reports = [], []
    for width in WIDTHS:
        session = browsing(viewport={"width": width, "height": HEIGHT}, device_scale_factor=1)
        for name, url in pages().items():
            page = session.open(url)
            if name.startswith("league"):
                failures += [f"{url} at {width}px: {p}" for p in page.evaluate(FIRST_ROWS_IN_VIEW)]
                # The first rows as a reader meets them, and the table's start.
                top = page.locator("table.lt-league").bounding_box()["y"]
                page.screenshot(path=SHOTS / f"{width}px-{name}-first-rows.png", full_page=True,
                                clip={"x": 0, "y": max(top - 80, 0), "width": width,
                                      "height": 1600})  # fmt: skip
            failures += [f"{url} at {width}px: {p}" for p in page.evaluate(TABLES_FIT)]
            page.screenshot(path=SHOTS / f"{width}px-{name}.png")
            if violations := axe_violations(page):
                reports.append(violation_report(f"{url} at {width}px", violations))
            page.close()
        assert not session.problems, "\n".join(session.problems)
    assert not failures, "\n".join(failures)
    assert not reports, "\n".join(reports)


def test_a_note_opens_to_its_full_text_and_source_without_javascript(browsing, real_league):
    session = browsing(java_script_enabled=False, viewport={"width": 360, "height": HEIGHT})
    page = session.open(f"{LEAGUE}/2025-26-q1/?segment=3")
    row = page.locator("table.lt-league tbody tr", has_text="South West Yorkshire Partnership")
    note = row.locator("details.lt-note", has_text="Financial override")
    assert note.locator("summary .nhsuk-tag").inner_text().strip() == "Financial override"
    assert note.locator("summary a").count() == 0, "a note's kind is a label, not a link"
    detail = note.locator(".lt-note__detail")
    assert not detail.is_visible()
    note.locator("summary").click()
    assert detail.is_visible()
    assert "deficit" in detail.inner_text() and "Source:" in detail.inner_text()
    page.screenshot(path=SHOTS / "360px-note-open.png")
    assert not session.problems, "\n".join(session.problems)


def test_sorting_and_filtering_work_on_a_phone_with_javascript_off(browsing, real_league):
    session = browsing(java_script_enabled=False, viewport={"width": 360, "height": HEIGHT})
    page = session.open(f"{LEAGUE}/2025-26-q1/?utm_source=newsletter")
    # The column headers are hidden on a phone; the sort form does their job.
    assert not page.locator("a.lt-sort-link").first.is_visible()
    page.get_by_label("Sort by").select_option("-average_score")
    page.get_by_role("button", name="Sort", exact=True).click()
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"sort": ["-average_score"]}, page.url
    scores = [
        float(text.split()[-1])
        for text in page.locator("table.lt-league tbody .lt-cell-score").all_inner_texts()
    ]
    assert scores == sorted(scores, reverse=True)
    page.get_by_label("Segment", exact=True).select_option("3")
    page.get_by_role("button", name="Apply filters").click()
    assert parse_qs(urlsplit(page.url).query) == {"segment": ["3"], "sort": ["-average_score"]}
    shown = page.locator("table.lt-league tbody tr").count()
    assert 0 < shown < 61
    # Sorting again keeps the filter.
    page.get_by_label("Sort by").select_option("trust")
    page.get_by_role("button", name="Sort", exact=True).click()
    query = parse_qs(urlsplit(page.url).query)
    assert query["segment"] == ["3"] and query["sort"] == ["trust"], page.url
    assert page.locator("table.lt-league tbody tr").count() == shown
    assert not session.problems, "\n".join(session.problems)


def test_error_pages_are_plain_and_accessible(browsing, real_league):
    session = browsing(viewport={"width": 360, "height": HEIGHT})
    reports = []
    for url, status in ((f"{LEAGUE}/2025-26-q1/?download=xlsx", 400), ("/trusts/NOPE/", 404)):
        page = session.context.new_page()
        response = page.goto(url)
        assert response is not None and response.status == status, url
        text = page.inner_text("main")
        assert "Go to the list of league tables" in text, url
        assert "independent site" in page.inner_text("body"), url
        page.screenshot(path=SHOTS / f"360px-error-{status}.png")
        if violations := axe_violations(page):
            reports.append(violation_report(url, violations))
        page.close()
    assert not reports, "\n".join(reports)
    assert not session.problems, "\n".join(session.problems)
