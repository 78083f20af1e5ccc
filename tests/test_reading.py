"""Read as a new reader, a journalist and a trust's team would: the site says it is independent
and shows no NHS logo, notes are labelled sentences that open to their source, the quote sentence
stays true once pasted, the home page says what changed, and errors speak plainly."""

from __future__ import annotations

import html
import re

import pytest
from django.test import RequestFactory

from leaguetables import actions, demo
from leaguetables.models import ContextNote, TrustQuarter
from leaguetables.nof.movement import SegmentChange
from leaguetables.presentation.words import quote
from leaguetables.web.views import pages
from tests import nof_files
from tests.conftest import REAL_DATA_FILE, REAL_LEAGUE_FILE

pytestmark = pytest.mark.django_db

LEAGUE = "/leagues/mental-health-and-community/2025-26-q1/"
SMALL_PAGES = [
    "/",
    LEAGUE,
    "/trusts/",
    "/trusts/ZZ2/",
    f"{LEAGUE}services/elective-care/",
    f"{LEAGUE}metrics/OF0005/",
    "/about/",
    "/releases/",
]
SENTENCE = re.compile(r'<p class="nhsuk-body" id="safe-sentence">(.*?)</p>', re.S)


@pytest.fixture
def small_league():
    actions.import_file(content=nof_files.data_file(), source="data.csv")
    two = nof_files.trust_rows("Q2 2025/26")
    actions.import_file(content=nof_files.data_file(two), source="data-q2.csv")


@pytest.fixture(scope="module")
def acute_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The fictional acute league, every quarter, through the real importer: it has specialist
    trusts, the override, few metrics, recovery support, movement and data notes."""
    folder = tmp_path_factory.mktemp("acute-demo")
    with django_db_blocker.unblock():
        for path in demo.write_demo_files(folder):
            if "-acute-" in path.name:
                actions.import_file(content=path.read_bytes(), source=path.name,
                                    illustrative=True)  # fmt: skip
        yield
        from django.core.management import call_command

        call_command("flush", interactive=False, verbosity=0)


def sentence_on(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    found = SENTENCE.search(response.content.decode())
    assert found, f"{url} has no sentence to quote"
    return html.unescape(found.group(1))


# Independent, and says so ------------------------------------------------------------------


@pytest.mark.parametrize("url", [*SMALL_PAGES, "/no-such-page/", f"{LEAGUE}?sort=bogus"])
def test_no_page_shows_the_nhs_logo_and_every_page_says_it_is_independent(
    client, small_league, url
):
    page = client.get(url).content.decode()
    assert "nhsuk-header__logo" not in page  # the NHS logo's own SVG
    assert "nhsuk-icon-180" not in page and "favicon.ico" not in page  # NHS favicons
    assert 'src="/static/img/wordmark.svg"' in page
    assert "An independent site presenting NHS England's published data" in html.unescape(page)
    assert "It is not an NHS website." in page


def test_the_server_error_page_says_it_is_independent_without_reading_the_database():
    response = pages.server_error(RequestFactory().get("/"))
    text = html.unescape(response.content.decode())
    assert response.status_code == 500
    assert "Something went wrong on our side" in text
    assert "An independent site presenting NHS England's published data" in text


def test_signed_in_readers_get_their_trusts_and_a_sign_out_button(
    client, small_league, django_user_model
):
    anonymous = client.get("/").content.decode()
    assert "Sign out" not in anonymous and 'href="/team/"' not in anonymous
    user = django_user_model.objects.create_user("comms", "comms@example.org", "pw-12345678")
    actions.add_team_member(user=user, trust=TrustQuarter.objects.first().trust)
    client.force_login(user)
    response = client.get(LEAGUE)
    page = response.content.decode()
    header = page[page.index("<header") : page.index("</header>")]
    assert 'href="/team/"' in header and "Your trusts" in header
    form = re.search(r'<form[^>]*action="/account/sign-out/"[^>]*>(.*?)</form>', header, re.S)
    assert form and 'method="post"' in form.group(0)
    assert 'name="csrfmiddlewaretoken"' in form.group(1) and "Sign out" in form.group(1)
    assert response["Cache-Control"] == "private, no-store"
    assert client.post("/account/sign-out/").status_code == 302
    assert "Sign out" not in client.get("/").content.decode()


# Notes: a label and a sentence, opening to the full text ----------------------------------


def test_notes_are_a_label_and_a_sentence_that_open_to_their_text_and_source(client, small_league):
    for url in (LEAGUE, f"{LEAGUE}services/elective-care/", f"{LEAGUE}metrics/OF0005/"):
        page = client.get(url).content.decode()
        summaries = re.findall(r'<summary class="lt-note__summary">(.*?)</summary>', page, re.S)
        assert summaries, url
        for summary in summaries:
            assert "<a " not in summary, f"{url}: a note's kind is a label, not a link"
            assert 'class="nhsuk-tag' in summary
        assert page.count('<details class="lt-note">') == len(summaries)
        assert page.count("Source: ") >= len(summaries)


# Links carry only what a page reads; downloads name their formats ------------------------------


@pytest.mark.parametrize(
    "url",
    [
        f"{LEAGUE}?sort=trust&segment=1&utm_source=x&fbclid=y",
        f"{LEAGUE}services/elective-care/?utm_source=x",
        f"{LEAGUE}metrics/OF0005/?sort=-score&utm_source=x",
        "/trusts/ZZ2/?utm_source=x",
    ],
)
def test_unknown_query_parameters_are_not_copied_into_links(client, small_league, url):
    page = client.get(url).content.decode()
    links = re.findall(r'href="([^"]*)"', page)
    assert not [link for link in links if "utm_source" in link or "fbclid" in link]
    if "sort=trust" in url:
        # Every sort and download link keeps the filter ("Clear filters" keeps only the sort).
        sorting = [
            html.unescape(link) for link in links if "sort=" in link and link != "?sort=trust"
        ]
        assert sorting and all("segment=1" in link for link in sorting)
        assert any(html.unescape(link) == "?sort=trust&segment=1&download=csv" for link in links)


@pytest.mark.parametrize(
    "url", [LEAGUE, f"{LEAGUE}services/elective-care/", f"{LEAGUE}metrics/OF0005/", "/trusts/ZZ2/"]
)
def test_a_download_in_an_unknown_format_is_a_400_naming_the_formats(client, small_league, url):
    response = client.get(f"{url}?download=xlsx")
    assert response.status_code == 400
    text = html.unescape(response.content.decode())
    assert "We cannot download this table as 'xlsx'" in text
    assert "?download=csv" in text and "?download=json" in text


def test_error_pages_say_what_happened_and_what_to_do(client, small_league, django_user_model):
    cases = {
        "/trusts/NOPE/": (404, "There is no page at this address"),
        f"{LEAGUE}?sort=bogus": (400, "We cannot sort by 'bogus'"),
        "/team/upload/": (403, "You cannot see this page"),
    }
    client.force_login(django_user_model.objects.create_user("reader", password="pw-12345678"))
    for url, (status, words) in cases.items():
        response = client.get(url)
        assert response.status_code == status, url
        text = html.unescape(response.content.decode())
        assert words in text and "Go to the list of league tables" in text, url
        assert "Traceback" not in text


def test_a_form_sent_without_its_token_is_a_403_in_plain_words(small_league, django_user_model):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/account/sign-in/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "Your form could not be sent" in html.unescape(response.content.decode())


# The sentence a journalist can paste ----------------------------------------------------------


def test_a_quote_names_the_trust_league_quarter_rank_and_whose_range(client, small_league):
    sentence = sentence_on(client, "/trusts/ZZ2/2025-26-q1/")
    assert sentence.startswith("Brindlemoor Mental Health NHS Trust was ranked ")
    assert " of 3 mental health and community trusts in " in sentence
    assert "league table for Q1 2025/26" in sentence
    assert quote.OUR_ESTIMATE in sentence or "likely range" not in sentence


@pytest.mark.realdata
def test_the_real_rxg_q1_quote_names_the_trust_and_the_deficit_reason(client, shared_data):
    actions.import_file(content=REAL_DATA_FILE.read_bytes(), source=REAL_DATA_FILE.name)
    actions.import_file(content=REAL_LEAGUE_FILE.read_bytes(), source=REAL_LEAGUE_FILE.name)
    sentence = sentence_on(client, "/trusts/RXG/2025-26-q1/")
    assert sentence.startswith("South West Yorkshire Partnership NHS Foundation Trust was ranked "
                               "26th of 61 mental health and community trusts")  # fmt: skip
    assert "Q1 2025/26" in sentence
    assert "an estimate by leaguetables from NHS England's data" in sentence
    assert (
        "NHS England's financial override placed it in segment 3 because it was in financial "
        "deficit or receiving deficit support; on its scores alone it would be in segment 1 and "
        "rank 3rd." in sentence
    )
    # Q4's likely ranges are NHS England's own, and said to be.
    q4 = sentence_on(client, "/trusts/RYY/2025-26-q4/")
    assert q4.startswith("Kent Community Health NHS Foundation Trust was ranked 1st of 61")
    assert "(likely range 1st–11th, NHS England's estimate)" in q4


def test_a_leagues_first_quarter_has_nothing_to_compare(client):
    actions.import_file(content=nof_files.data_file(), source="data.csv")
    page = html.unescape(client.get("/").content.decode())
    assert "there is no earlier quarter to compare it with" in page
    league = client.get(LEAGUE).content.decode()
    assert "First quarter published" in league and "New this quarter" not in league


# Tests on the acute demo last: the module keeps it to the end, and real data and the demo
# never share a database.


def test_the_specialist_note_does_not_repeat_its_label(client, acute_demo):
    note = ContextNote.objects.filter(kind="specialist").select_related("trust_quarter").first()
    assert note is not None, "the acute demo has a specialist trust"
    tq = note.trust_quarter
    page = html.unescape(
        client.get(f"/trusts/{tq.trust.ods_code}/{tq.quarter.slug}/").content.decode()
    )
    assert "Specialist trust: Specialist trust" not in page
    assert f"Treats a narrower range of patients ({tq.subtype})" in page


# What each kind of note adds to the sentence, on the acute demo.
QUOTED = {
    "financial_override": "because it was in financial deficit or receiving deficit support",
    "specialist": "It is a specialist trust (",
    "few_metrics": "metrics, where other trusts in its league are scored on up to ",
    "uncertainty": "(likely range ",
    "recovery_support": "It is in NHS England's Recovery Support Programme (segment 5).",
    "movement": " was ranked ",
    "data": " was ranked ",
}


@pytest.mark.parametrize("kind", QUOTED)
def test_the_quote_of_a_demo_trust_with_each_kind_of_note(client, acute_demo, kind):
    note = (
        ContextNote.objects.filter(kind=kind, trust_quarter__league_rank__isnull=False)
        .select_related("trust_quarter__trust", "trust_quarter__quarter")
        .order_by("trust_quarter__quarter__quarter", "trust_quarter__league_rank")
        .first()
    )
    assert note is not None, f"the acute demo has a {kind} note"
    tq = note.trust_quarter
    sentence = sentence_on(client, f"/trusts/{tq.trust.ods_code}/{tq.quarter.slug}/")
    assert sentence.startswith(f"{tq.name} was ranked "), sentence
    assert tq.quarter.label in sentence
    assert QUOTED[kind] in sentence, sentence
    if kind == "specialist":
        assert f"its rank rests on {tq.metrics_scored} metrics, where other trusts" in sentence
    for avoided in ("worst", "failing", "our estimate"):
        assert avoided not in sentence


# The home page: what changed -------------------------------------------------------------------


def test_the_home_page_says_what_changed_in_the_latest_quarter(client, acute_demo):
    latest = TrustQuarter.objects.filter(league__slug="acute", quarter__quarter=4)
    changes = list(latest.values_list("segment_change", flat=True))
    changed = sum(1 for c in changes if c and c != SegmentChange.UNCHANGED)
    override = changes.count(SegmentChange.FINANCIAL_OVERRIDE)
    beyond = latest.filter(movement_beyond_noise=True).count()
    page = html.unescape(client.get("/").content.decode())
    section = page[page.index('id="what-changed"') : page.index("Find a trust</h2>")]
    assert "Acute trusts, Q4 2025/26" in section or "Q4 2025/26" in section
    assert f"{changed} of {latest.count()} trusts changed segment since the previous quarter" in (
        section
    )
    if changed:
        assert f": {override} because the financial override was applied or lifted" in section
    assert f"{beyond} trust{'' if beyond == 1 else 's'} moved by more than the likely range" in (
        section
    )
    movers = re.findall(r'<a href="/trusts/([A-Z0-9]+)/2025-26-q4/">', section)
    assert len(movers) <= 3
    for code in movers:
        tq = latest.get(trust__ods_code=code)
        assert tq.movement_beyond_noise and tq.segment_change != SegmentChange.FINANCIAL_OVERRIDE
    assert 'href="/leagues/acute/2025-26-q4/"' in section
