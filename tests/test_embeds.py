"""Embeds and chart images: a trust's headline that other sites may frame (and no other page),
and its rank chart as SVG; both carry the source, the period and the context notes."""

from __future__ import annotations

import http.server
import threading
import xml.etree.ElementTree as ET

import pytest
from markupsafe import escape

from leaguetables import actions
from leaguetables.presentation import images
from leaguetables.presentation.rows import QuarterRef
from leaguetables.presentation.trust import HistoryRow
from tests import nof_files

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def site():
    actions.import_file(content=nof_files.data_file(), source="data-q1.csv")
    rows = nof_files.trust_rows() + nof_files.trust_rows("Q2 2025/26")
    actions.import_file(content=nof_files.data_file(rows), source="data-q2.csv")
    actions.import_file(content=nof_files.league_file(nof_files.league_rows("Q2 2025/26")),
                        source="league-q2.csv")  # fmt: skip


def test_the_embed_carries_source_period_notes_and_licence_and_may_be_framed(client, site):
    response = client.get("/embed/trusts/ZZ1/")
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors *" in csp and "script-src 'self'" in csp
    html = response.content.decode()
    assert "Q2 2025/26" in html
    assert "data-q2.csv" in html and "league-q2.csv" in html  # the source files
    assert "Open Government Licence v3.0" in html
    assert "likely range" in html
    assert 'href="http://testserver/trusts/ZZ1/2025-26-q2/"' in html  # the link back
    assert 'src="rank.svg"' in html
    assert "<script" not in html and "style=" not in html  # the strict CSP still holds


def test_the_embed_shows_every_note_of_the_quarter(client, site):
    html = client.get("/embed/trusts/ZZ2/").content.decode()
    notes = client.get("/api/v1/trusts/ZZ2").json()["latest"]["notes"]
    assert notes, "the fixture has notes"
    for note in notes:
        assert str(escape(note["short"])) in html


def test_the_rank_chart_is_svg_with_source_period_and_notes(client, site):
    response = client.get("/embed/trusts/ZZ2/rank.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    root = ET.fromstring(response.content)
    assert root.tag == f"{SVG}svg"
    text = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    assert "Period: Q1 2025/26 to Q2 2025/26" in text
    assert "data-q2.csv" in text and "Source: NHS England" in text
    assert "Open Government Licence v3.0" in text
    for note in client.get("/api/v1/trusts/ZZ2").json()["latest"]["notes"]:
        assert note["short"][:40] in text
    assert len(list(root.iter(f"{SVG}circle"))) == 2  # one point per ranked quarter


def test_chart_text_is_escaped():
    quarter = QuarterRef("Q1 2025/26", "2025-26-q1", 2025, 1, None)
    row = HistoryRow(quarter, 2, None, 3, 1, 5, "NHS England", 2.1, False, False, 2)
    svg = images.rank_svg(images.RankChart("A & B <script>", "ZZ1", [row], 1, [], "S<1>"))
    root = ET.fromstring(svg.encode())  # well-formed
    assert "<script>" not in svg and "A &amp; B &lt;script&gt;" in svg
    assert "A & B <script>" in "".join(root.itertext())


def test_only_the_embeds_may_be_framed(client, site):
    for url in ("/", "/leagues/mental-health-and-community/2025-26-q2/", "/trusts/ZZ1/",
                "/releases/", "/about/", "/api/v1/leagues", "/api/v1/docs",
                "/embed/trusts/NOPE/"):  # fmt: skip
        response = client.get(url)
        assert response["X-Frame-Options"] == "DENY", url
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"], url


def test_embeds_redirect_to_the_canonical_code_and_404_for_unknown_trusts(client, site):
    assert client.get("/embed/trusts/zz1/")["Location"] == "/embed/trusts/ZZ1/"
    assert client.get("/embed/trusts/NOPE/").status_code == 404
    assert client.get("/embed/trusts/NOPE/rank.svg").status_code == 404


@pytest.fixture
def another_site():
    """A page on another origin (127.0.0.1 on its own port) that frames what it is given: a
    real local server, as Chromium lets only a local page frame a local one."""
    html: list[bytes] = [b""]

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the standard library's name)
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(html[0])

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def framing(*urls: str) -> str:
        html[0] = "".join(f'<iframe title="{n}" src="{u}"></iframe>'
                          for n, u in enumerate(urls)).encode()  # fmt: skip
        return f"http://127.0.0.1:{server.server_port}/"

    yield framing
    server.shutdown()
    server.server_close()


@pytest.mark.browser
def test_another_site_frames_the_embed_and_nothing_else_and_the_api_docs_run_under_the_csp(
    chromium, live_server, transactional_db, another_site
):
    actions.import_file(content=nof_files.data_file(), source="data-q1.csv")
    page = chromium.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    embed_url, page_url = f"{live_server.url}/embed/trusts/ZZ1/", f"{live_server.url}/trusts/ZZ1/"
    page.goto(another_site(embed_url, page_url))
    page.wait_for_timeout(1500)
    frames = {frame.url: frame for frame in page.frames if frame != page.main_frame}
    assert embed_url in frames, (list(frames), problems)
    assert "Q1 2025/26" in frames[embed_url].content()
    assert frames[embed_url].locator("img").count() == 1
    assert page_url not in frames  # refused: an error page instead
    assert any("frame-ancestors 'none'" in text for text in problems), problems
    problems.clear()
    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_selector(".opblock", timeout=10_000)  # Swagger UI drew the operations
    assert page.locator(".opblock").count() >= 10
    assert not [text for text in problems if "Content Security Policy" in text], problems
    page.close()


def test_trust_and_data_pages_say_how_to_reuse_the_figures(client, site):
    page = client.get("/trusts/ZZ1/").content.decode()
    for link in ('href="/embed/trusts/ZZ1/"', 'href="/embed/trusts/ZZ1/rank.svg"',
                 'href="/api/v1/trusts/ZZ1"', 'href="/feeds/trusts/ZZ1.atom"'):  # fmt: skip
        assert link in page
    # The snippet to paste is shown as text, not as a frame.
    assert '&lt;iframe src="http://testserver/embed/trusts/ZZ1/"' in page
    assert "<iframe" not in page
    data = client.get("/about/data/").content.decode()
    for link in ('href="/api/v1/"', 'href="/api/v1/openapi.json"',
                 'href="/data/bulk/datapackage.json"', 'href="/feeds/releases.atom"'):  # fmt: skip
        assert link in data
    for address in ("/api/v1/trusts/ZZ1", "/feeds/trusts/ZZ1.atom", "/data/bulk/datapackage.json"):
        assert client.get(address).status_code == 200
