"""Metric caveats: seeded from the shipped file, kept by editors through audited actions and
the admin, shown beside the metric on every page and in every download; what each league does
not measure, said only where its own metrics leave it out; CQC's ratings from each trust page."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from leaguetables import actions
from leaguetables.actions.caveats import SEED_FILE
from leaguetables.models import AuditEntry, MetricCaveat
from leaguetables.nof import leagues, leaves_out
from tests import nof_files

pytestmark = pytest.mark.django_db

MH = "mental-health-and-community"
LEAGUE = f"/leagues/{MH}/2025-26-q1/"
WAITS = "Long waits tell only part of the story."


@pytest.fixture
def small_league():
    actions.import_file(content=nof_files.data_file(), source="data.csv")


@pytest.fixture
def caveat(small_league) -> MetricCaveat:
    # The small league's OF0005 ("Waits over 52 weeks"); the caveat is written under its score.
    return actions.save_caveat(
        caveat=MetricCaveat(league=MH, metric_id="OF1005", text=WAITS, source="A <b>book</b>",
                            source_url="https://example.org/source"),
    )  # fmt: skip


def editor():
    user = get_user_model().objects.create_user("ed", password="x", is_staff=True)
    actions.make_editor(user=user)
    return user


# The seed ----------------------------------------------------------------------------------


def test_the_shipped_file_loads_and_loading_again_changes_nothing():
    out = io.StringIO()
    call_command("load_caveats", stdout=out)
    count = MetricCaveat.objects.count()
    assert count == len(actions.parse_caveats(SEED_FILE.read_text()))
    assert f"{count} added" in out.getvalue()
    los = MetricCaveat.objects.get(league=MH, metric_id="OF0063")
    assert "readmission" in los.text and los.source_url.startswith("https://")
    assert MetricCaveat.objects.get(league=MH, metric_id="OF0067").from_file  # OF1067's key
    call_command("load_caveats", stdout=out)
    assert MetricCaveat.objects.count() == count
    assert "0 added, 0 refreshed" in out.getvalue()
    assert AuditEntry.objects.filter(action="caveats.loaded").count() == 2


def test_every_seeded_caveat_names_a_known_league_and_a_source():
    for caveat in actions.parse_caveats(SEED_FILE.read_text()):
        assert caveat.league in leagues.BY_SLUG
        assert caveat.source and caveat.source_url.startswith("https://")
        # No typed results: a figure on a page comes from the data (a threshold may be named).
        assert not re.search(r"\d\s*%|\d\.\d|\bper cent\b", caveat.text), caveat.text


def test_an_editors_change_survives_the_next_seed(tmp_path: Path):
    actions.load_seed_file()
    los = MetricCaveat.objects.get(league=MH, metric_id="OF0063")
    los.text = "Our own words."
    actions.save_caveat(caveat=los, actor=editor())
    result = actions.load_seed_file()
    assert result.kept == 1 and result.created == 0
    assert MetricCaveat.objects.get(pk=los.pk).text == "Our own words."


def test_a_changed_seed_refreshes_caveats_no_editor_touched(tmp_path: Path):
    actions.load_seed_file()
    changed = tmp_path / "caveats.csv"
    changed.write_text(
        "League,Metric_ID,Caveat,Source,Source_URL\n"
        f"{MH},OF0063,New words.,NHS England,https://www.england.nhs.uk/\n"
    )
    result = actions.load_seed_file(path=changed)
    assert result.updated == 1
    assert MetricCaveat.objects.get(league=MH, metric_id="OF0063").text == "New words."


@pytest.mark.parametrize(
    "body, complaint",
    [
        ("League,Metric\nacute,OF0001\n", "columns"),
        ("League,Metric_ID,Caveat,Source,Source_URL\nnowhere,OF0005,x,y,\n", "line 2"),
        ("League,Metric_ID,Caveat,Source,Source_URL\nacute,OF5000,x,y,\n", "line 2"),
        ("League,Metric_ID,Caveat,Source,Source_URL\nacute,OF0005,,y,\n", "line 2"),
        ("League,Metric_ID,Caveat,Source,Source_URL\nacute,OF0005,x,y,\nacute,OF1005,z,y,\n",
         "second caveat"),
    ],
)  # fmt: skip
def test_a_malformed_caveat_file_is_refused_with_its_line(tmp_path: Path, body, complaint):
    bad = tmp_path / "bad.csv"
    bad.write_text(body)
    with pytest.raises(CommandError, match=complaint):
        call_command("load_caveats", str(bad), stdout=io.StringIO())
    assert not MetricCaveat.objects.exists()


# Editors ------------------------------------------------------------------------------------


def test_editing_a_caveat_is_audited_with_who_and_what(small_league):
    user = editor()
    written = actions.save_caveat(
        caveat=MetricCaveat(league=MH, metric_id="OF0016", text="First.", source="S"), actor=user
    )
    written.text = "Second."
    actions.save_caveat(caveat=written, actor=user)
    actions.delete_caveats(caveats=MetricCaveat.objects.filter(pk=written.pk), actor=user)
    trail = list(AuditEntry.objects.filter(action__startswith="caveat.").order_by("at", "id")
                 .values_list("action", "actor", "detail"))  # fmt: skip
    assert trail == [("caveat.written", user.pk, "First."), ("caveat.changed", user.pk, "Second."),
                     ("caveat.deleted", user.pk, "Second.")]  # fmt: skip


def test_editors_keep_caveats_in_the_admin_through_the_actions(client, small_league):
    user = editor()
    client.force_login(user)
    response = client.post(
        "/admin/leaguetables/metriccaveat/add/",
        {"league": MH, "metric_id": "of0016", "text": "Says nothing of follow-up.",
         "source": "NHS England", "source_url": ""},
    )  # fmt: skip
    assert response.status_code == 302, response.content[:2000]
    saved = MetricCaveat.objects.get()
    assert saved.metric_id == "OF0016" and not saved.from_file
    assert AuditEntry.objects.filter(action="caveat.written", actor=user).exists()
    assert b"Says nothing of follow-up." in client.get("/admin/leaguetables/metriccaveat/").content
    again = client.post(
        "/admin/leaguetables/metriccaveat/add/",
        {"league": MH, "metric_id": "OF1016", "text": "Twice.", "source": "NHS England"},
    )  # the same metric by its score's ID: refused on the form, not a server error
    assert again.status_code == 200 and MetricCaveat.objects.count() == 1


# Shown beside the metric ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [f"{LEAGUE}metrics/OF0005/", f"{LEAGUE}metrics/OF1005/", f"{LEAGUE}services/elective-care/",
     "/trusts/ZZ1/", "/compare/?trusts=ZZ1,ZZ2"],
)  # fmt: skip
def test_the_caveat_is_shown_beside_the_metric_with_its_source(client, caveat, url):
    html = client.get(url).content.decode()
    assert WAITS in html and "What this metric does not show" in html
    assert 'href="https://example.org/source"' in html
    assert "A &lt;b&gt;book&lt;/b&gt;" in html  # an editor's text is escaped


def test_a_metric_without_a_caveat_shows_none(client, caveat):
    assert (
        "What this metric does not show"
        not in client.get(f"{LEAGUE}metrics/OF0016/").content.decode()
    )


@pytest.mark.parametrize(
    "url, column",
    [(f"{LEAGUE}metrics/OF0005/", "Caveat"), ("/trusts/ZZ1/2025-26-q1/", "Caveat"),
     (f"{LEAGUE}services/elective-care/", "OF0005_caveat"), ("/compare/?trusts=ZZ1,ZZ2", "Caveat")],
)  # fmt: skip
def test_the_caveat_is_in_every_download(client, caveat, url, column):
    joiner = "&" if "?" in url else "?"
    rows = list(csv.DictReader(io.StringIO(
        client.get(f"{url}{joiner}download=csv").content.decode("utf-8-sig"))))  # fmt: skip
    waits = [r for r in rows if r.get("Metric_ID", "OF0005") == "OF0005"]
    assert waits and all(r[column] == WAITS for r in waits)
    others = [r for r in rows if r.get("Metric_ID") == "OF0016"]
    assert all(r[column] == "" for r in others)
    payload = json.loads(client.get(f"{url}{joiner}download=json").content)
    assert any(row[column] == WAITS for row in payload["rows"])
    assert column in {c["name"] for c in payload["columns"]}


# What a league leaves out ----------------------------------------------------------------------


def test_what_a_league_leaves_out_is_said_only_where_its_metrics_leave_it_out():
    mh = ["Percentage of inpatients with >60 day length of stay", "Sickness absence rate"]
    said = {entry.key for entry in leaves_out.left_out(MH, mh)}
    assert said == {"outcomes", "restrictive-practice", "readmissions", "population-health"}
    acute = ["Summary Hospital-level Mortality Indicator (SHMI)", "Staff leaver rate"]
    said = {entry.key for entry in leaves_out.left_out("acute", acute)}
    assert said == {"population-health"}  # measures mortality; no stay or discharge metric
    with_readmissions = [*mh, "Emergency readmissions within 30 days"]
    assert "readmissions" not in {e.key for e in leaves_out.left_out(MH, with_readmissions)}


def test_the_league_page_and_the_about_page_say_what_the_league_does_not_measure(
    client, small_league
):
    league = client.get(LEAGUE).content.decode()
    assert "What this league does not measure" in league
    assert "Restraint and other restrictive practice" in league
    assert "Outcomes of care, such as mortality" in league
    # The small league has no length-of-stay or discharge metric: readmissions go unsaid.
    assert "Readmissions beside length of stay" not in league
    about = client.get("/about/").content.decode()
    assert "What the leagues do not measure" not in about  # one league: said as "this league"
    assert "Mental health and community trusts" in about or "this league" in about
    assert "Restraint and other restrictive practice" in about


# CQC ---------------------------------------------------------------------------------------------


def test_each_trust_page_links_to_its_cqc_ratings_by_service(client, small_league):
    html = client.get("/trusts/ZZ2/").content.decode()
    assert 'href="https://www.cqc.org.uk/provider/ZZ2"' in html
    assert "CQC ratings for each service of" in html and "choosing where to be treated" in html
