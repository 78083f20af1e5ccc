"""The public pages in a real Chromium: accessible (axe-core, WCAG 2.2 AA), usable at 360 px wide,
sortable and filterable with JavaScript off, and free of console errors under a strict
Content-Security-Policy.

The data is the fictional demo, loaded through the real importer: the mental health and community
and ambulance leagues are enough (the acute league's files take seconds more). `live_server`
flushes the database after each test, so `demo_data` imports once and copies the rows back for
each later test. Screenshots at 360 px go to test-artifacts/ (gitignored).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import Model
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from leaguetables import actions, demo, queries
from leaguetables.models import Quarter, TrustQuarter
from leaguetables.presentation import services as service_pages

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
LEAGUE = "mental-health-and-community"
QUARTER = "2025-26-q4"
LEAGUE_URL = f"/leagues/{LEAGUE}/{QUARTER}/"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# What the site promises it can run under: no inline script, no inline style, nothing off-site.
STRICT_CSP = settings.CONTENT_SECURITY_POLICY
# An HTML tag in the text a reader sees: markup escaped twice.
ESCAPED_MARKUP = re.compile(r"</?(a|p|span|strong|em|br|div|abbr|ul|li)\b[^<>]*>")
# app.js hands each [data-figure] box to plotly, which marks the ones it has drawn.
FIGURES_DRAWN = """() => [...document.querySelectorAll("[data-figure]")]
  .every(box => box.classList.contains("js-plotly-plot"))"""
SMALL_SCREEN = {"width": 360, "height": 740}
CSP_REPORTER = """document.addEventListener("securitypolicyviolation", event =>
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`));"""
SCREENSHOTS = ("home", "league", "trust")  # saved in test-artifacts/ at 360 px wide


def import_demo_leagues(tmp_path: Path) -> None:
    """Mental health and community (named "non-acute hospital" in Q1) and ambulance demo files,
    in the order NHS England published them."""
    wanted = ("mental-health-and-community", "non-acute-hospital", "ambulance")
    for path in demo.write_demo_files(tmp_path):
        if any(league in path.name for league in wanted):
            actions.import_file(content=path.read_bytes(), source=path.name, illustrative=True)


@pytest.fixture(scope="module")
def imported_rows() -> list[tuple[type[Model], list[dict]]]:
    """Every row the first import wrote, so later tests in this module need not import again."""
    return []


@pytest.fixture
def demo_data(imported_rows, transactional_db, tmp_path) -> None:
    """The demo leagues in the database: imported through the real importer by the first test
    (about 6 s), then copied back row for row after each flush (well under a second)."""
    if imported_rows:
        # Foreign keys are deferred to commit, so the order of models does not matter here.
        with transaction.atomic():
            for model, rows in imported_rows:
                model.objects.bulk_create([model(**row) for row in rows], batch_size=2000)
        return
    import_demo_leagues(tmp_path)
    for model in apps.get_app_config("leaguetables").get_models():
        imported_rows.append((model, list(model.objects.values())))


class Browsing:
    """A browser context whose pages record console errors, uncaught exceptions, failed
    responses and off-site requests, and whose documents carry a strict CSP."""

    def __init__(self, browser, base_url: str, **context_options):
        self.base_url = base_url
        self.problems: list[str] = []
        self.javascript = context_options.get("java_script_enabled", True)
        self.context = browser.new_context(base_url=base_url, **context_options)
        self.context.route("**/*", self._route)
        # Any violation of the policy, reported where the test sees it.
        self.context.add_init_script(CSP_REPORTER)

    def _route(self, route) -> None:
        request = route.request
        if not request.url.startswith(self.base_url):
            self.problems.append(f"off-site request to {request.url}")
            route.abort()
        elif request.resource_type == "document":
            # Redirects reach the browser as they are, so that it shows the address it lands on.
            response = route.fetch(max_redirects=0)
            # The site's own policy is on the page, and is the strict one.
            own = response.headers.get("content-security-policy")
            if own != STRICT_CSP:
                self.problems.append(f"{request.url}: Content-Security-Policy is {own!r}")
            route.fulfill(response=response)
        else:
            route.continue_()

    def open(self, url: str):
        page = self.context.new_page()
        page.on("console", lambda msg: self._console(url, msg))
        page.on("pageerror", lambda error: self.problems.append(f"{url}: uncaught {error}"))
        page.on("response", lambda response: self._response(url, response))
        response = page.goto(url)
        status = response.status if response else None
        assert status == 200, f"{url}: status {status}"
        self.check(page, url)
        return page

    def check(self, page, url: str) -> None:
        """What every page shown must hold: no markup shown as text, every chart drawn."""
        if shown := ESCAPED_MARKUP.search(page.inner_text("body")):
            self.problems.append(f"{url}: markup shown as text: {shown.group()}")
        if self.javascript and page.locator("[data-figure]").count():
            try:
                page.wait_for_function(FIGURES_DRAWN, timeout=5000)
            except PlaywrightTimeout:
                self.problems.append(f"{url}: a chart was not drawn")

    def _console(self, url: str, message) -> None:
        if message.type in {"error", "warning"} or "Content Security Policy" in message.text:
            self.problems.append(f"{url}: console {message.type}: {message.text}")

    def _response(self, url: str, response) -> None:
        if response.status >= 400:
            self.problems.append(f"{url}: {response.status} for {response.url}")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def browsing(chromium, live_server):
    sessions: list[Browsing] = []

    def start(**context_options) -> Browsing:
        session = Browsing(chromium, live_server.url, **context_options)
        sessions.append(session)
        return session

    yield start
    for session in sessions:
        session.close()


def first_trust_quarter() -> TrustQuarter:
    """The top-ranked trust of the league-quarter shown."""
    year, number = Quarter.parse_slug(QUARTER)
    tq = (
        TrustQuarter.objects.filter(
            league__slug=LEAGUE, quarter__financial_year=year, quarter__quarter=number
        )
        .select_related("trust", "league", "quarter")
        .order_by("league_rank", "name")
        .first()
    )
    assert tq is not None, f"the demo data has no {LEAGUE} trust in {QUARTER}"
    return tq


def violation_report(url: str, violations: list[dict]) -> str:
    lines = [f"{url}: {len(violations)} axe violation(s)"]
    for v in violations:
        targets = [" ".join(node["target"]) for node in v["nodes"][:3]]
        more = f" (+{len(v['nodes']) - 3} more)" if len(v["nodes"]) > 3 else ""
        lines.append(f"  {v['id']} [{v['impact']}] {v['help']}: {'; '.join(targets)}{more}")
    return "\n".join(lines)


def public_pages() -> dict[str, str]:
    """One of each kind of public page, by name."""
    tq = first_trust_quarter()
    code = tq.trust.ods_code
    service = next(iter(service_pages.services(queries.league_metrics(tq.league, tq.quarter))))
    return {
        "home": "/",
        "league": LEAGUE_URL,
        "league-filtered-sorted": f"{LEAGUE_URL}?segment=3&sort=-average_score",
        "trust": f"/trusts/{code}/",
        "service": f"{LEAGUE_URL}services/{service}/",
        "metric": f"{LEAGUE_URL}metrics/OF0005/",
        "search": f"/trusts/?q={code[:2]}",
        "about": "/about/",
        "methodology": "/about/methodology/",
        "reading": "/about/reading/",
        "data": "/about/data/",
    }


def axe_violations(page) -> list[dict]:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    return results.response["violations"]


def test_every_public_page_has_no_wcag_22_aa_violation_and_no_console_error(browsing, demo_data):
    session = browsing()
    reports = []
    for url in public_pages().values():
        page = session.open(url)
        if violations := axe_violations(page):
            reports.append(violation_report(url, violations))
        page.close()
    assert not reports, "\n".join(reports)
    assert not session.problems, "\n".join(session.problems)


SCROLLERS_EXCLUDED_OVERFLOW = """
() => {
  const limit = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (el.parentElement.closest(".lt-table-wrap")) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if (box.right > limit + 0.5) {
      const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
        + (el.className && typeof el.className === "string"
           ? "." + el.className.trim().split(/\\s+/).join(".") : "");
      wide.push(`${name} (${Math.round(box.left)} to ${Math.round(box.right)})`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, limit, wide: wide.slice(0, 10)};
}
"""


def test_pages_fit_a_360px_screen_with_search_and_table_in_view(browsing, demo_data):
    session = browsing(viewport=SMALL_SCREEN, device_scale_factor=1)
    ARTIFACTS.mkdir(exist_ok=True)
    failures = []
    for name, url in public_pages().items():
        page = session.open(url)
        fit = page.evaluate(SCROLLERS_EXCLUDED_OVERFLOW)
        if fit["scrollWidth"] > SMALL_SCREEN["width"] or fit["wide"]:
            failures.append(f"{url}: page {fit['scrollWidth']}px wide; too wide: {fit['wide']}")
        if not page.locator("header input[name=q]").is_visible():
            failures.append(f"{url}: the header search is hidden")
        table_row = page.locator("main table tbody tr").first
        if name in SCREENSHOTS and name != "home":
            box = table_row.bounding_box()
            if not table_row.is_visible() or box is None or box["x"] >= SMALL_SCREEN["width"]:
                failures.append(f"{url}: the first table row is not visible")
        if name in SCREENSHOTS:
            page.screenshot(path=ARTIFACTS / f"360px-{name}.png", full_page=True)
            # Target sizes and reflow depend on the width: check these pages again at 360 px.
            if violations := axe_violations(page):
                failures.append(violation_report(f"{url} at 360px", violations))
        page.close()
    assert not failures, "\n".join(failures)
    assert not session.problems, "\n".join(session.problems)


def trust_names(page) -> list[str]:
    return page.locator("table.lt-league tbody th.lt-trust a").all_inner_texts()


def sorted_column(page) -> tuple[str, str] | None:
    headers = page.locator("table.lt-league thead th[aria-sort]")
    if headers.count() == 0:
        return None
    return headers.first.inner_text().strip(), headers.first.get_attribute("aria-sort")


def query_of(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def shown_count(page) -> int:
    text = page.get_by_role("status").first.inner_text()
    match = re.search(r"Showing (\d+) of (\d+)", text)
    assert match, text
    return int(match.group(1))


def test_every_column_sorts_with_javascript_off(browsing, demo_data):
    session = browsing(java_script_enabled=False)
    page = session.open(LEAGUE_URL)
    default_order = trust_names(page)
    assert len(default_order) > 10
    labels = [label.strip() for label in page.locator("a.lt-sort-link").all_inner_texts()]
    assert len(labels) >= 5, labels
    for label in labels:
        page.goto(LEAGUE_URL)
        page.locator("a.lt-sort-link", has_text=label).click()
        assert sorted_column(page) == (label, "ascending"), (label, page.url)
        ascending = trust_names(page)
        assert sorted(ascending) == sorted(default_order), label
        page.locator("a.lt-sort-link", has_text=label).click()
        assert sorted_column(page) == (label, "descending"), (label, page.url)
        descending = trust_names(page)
        assert descending != ascending, f"sorting by {label} descending changed nothing"
        if label == "Trust":
            assert ascending == sorted(ascending, key=str.lower)
            assert descending == ascending[::-1]
        if label == "Rank":
            assert ascending == default_order
    assert not session.problems, "\n".join(session.problems)


def test_every_filter_works_with_javascript_off_and_keeps_the_sort(browsing, demo_data):
    session = browsing(java_script_enabled=False)
    page = session.open(f"{LEAGUE_URL}?sort=trust")
    total = shown_count(page)
    assert total == len(trust_names(page))
    names = page.locator("form.lt-filters select").evaluate_all("els => els.map(e => e.name)")
    assert set(names) >= {"region", "subtype", "segment", "override", "recovery"}, names
    for name in names:
        options = page.locator(f"form.lt-filters select[name={name}] option").evaluate_all(
            "els => els.map(e => e.value).filter(Boolean)"
        )
        changed = None
        for value in options:
            page.goto(f"{LEAGUE_URL}?sort=trust")
            page.locator(f"form.lt-filters select[name={name}]").select_option(value)
            page.get_by_role("button", name="Apply filters").click()
            query = query_of(page)
            assert query.get(name) == [value], (name, value, page.url)
            assert query.get("sort") == ["trust"], f"the sort was lost: {page.url}"
            assert sorted_column(page) == ("Trust", "ascending"), page.url
            shown = trust_names(page)
            assert shown_count(page) == len(shown)
            assert shown == sorted(shown, key=str.lower), page.url
            selected = page.locator(f"form.lt-filters select[name={name}]").input_value()
            assert selected == value, f"{name} shows {selected!r} after filtering on {value!r}"
            if len(shown) != total:
                changed = value
                break
        assert changed is not None, f"no {name} option changed the {total} rows"
        page.get_by_role("link", name="Clear filters").click()
        assert query_of(page) == {"sort": ["trust"]}, page.url
        assert len(trust_names(page)) == total
    assert not session.problems, "\n".join(session.problems)


# Trust teams' pages --------------------------------------------------------------------------

PASSWORD = "a-long-test-password-1"


def sign_in(session: Browsing, username: str):
    page = session.open("/account/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/team/")
    session.check(page, page.url)
    return page


def test_trust_team_and_editor_pages_are_accessible_and_keep_the_csp(
    browsing, demo_data, django_user_model
):
    from datetime import timedelta

    from django.utils import timezone

    from leaguetables.models import Release

    tq = first_trust_quarter()
    code = tq.trust.ods_code
    tomorrow = timezone.now() + timedelta(days=1)
    Release.objects.filter(league__slug=LEAGUE, quarter=tq.quarter).update(
        state="scheduled", scheduled_at=tomorrow, published_at=None
    )
    member = django_user_model.objects.create_user("comms", "comms@example.org", PASSWORD)
    actions.add_team_member(user=member, trust=tq.trust)
    editor = django_user_model.objects.create_user("editor", "editor@example.org", PASSWORD)
    actions.make_editor(user=editor)

    ARTIFACTS.mkdir(exist_ok=True)
    reports, failures = [], []

    def audit(page, name: str, session: Browsing | None = None) -> None:
        """axe on the page as it is; then, loaded again at 360 and 1280 px, inside the screen."""
        if violations := axe_violations(page):
            reports.append(violation_report(page.url, violations))
        for width in (SMALL_SCREEN["width"], 1280) if session else ():
            page.set_viewport_size({"width": width, "height": 800})
            page.reload()
            session.check(page, page.url)
            fit = page.evaluate(SCROLLERS_EXCLUDED_OVERFLOW)
            if fit["scrollWidth"] > width or fit["wide"]:
                failures.append(f"{page.url} at {width}px: too wide: {fit['wide']}")
            page.screenshot(path=ARTIFACTS / f"{width}px-{name}.png", full_page=True)

    team = browsing()
    audit(team.open("/account/sign-in/"), "sign-in", team)
    home = sign_in(team, "comms")
    assert "(preview)" in home.inner_text("main")
    audit(home, "team", team)
    statement = team.open(f"/team/{code}/statement/")
    audit(statement, "statement", team)
    statement.get_by_role("button", name="Send to the editors").click()  # empty: an error
    assert statement.locator(".nhsuk-error-summary").is_visible()
    audit(statement, "statement-error")
    statement.get_by_label("Your statement").fill("Our waiting times have fallen again.")
    statement.get_by_role("button", name="Send to the editors").click()
    statement.wait_for_url("**/team/")
    assert "Your statement is with the editors." in statement.inner_text("main")
    audit(team.open(f"/team/{code}/report/"), "report", team)
    preview = team.open(f"/trusts/{code}/{QUARTER}/")
    assert preview.get_by_text("Preview — not public").first.is_visible()
    audit(preview, "preview", team)
    audit(team.open("/releases/"), "releases", team)

    editors = browsing()
    sign_in(editors, "editor")
    audit(editors.open("/team/upload/"), "upload", editors)
    audit(editors.open(f"/releases/{LEAGUE}/{QUARTER}/"), "release", editors)
    audit(editors.open(LEAGUE_URL), "league-preview", editors)

    assert not reports, "\n".join(reports)
    assert not failures, "\n".join(failures)
    problems = team.problems + editors.problems
    assert not problems, "\n".join(problems)
