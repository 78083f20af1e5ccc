"""The demo data: invented trusts in NHS England's exact file formats, true to the NOF rules.

No database: these tests read the files `write_demo_files` writes.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command

from leaguetables import demo
from leaguetables.demo import catalogue as demo_metrics
from leaguetables.demo import names as demo_places
from leaguetables.nof import files, rules
from leaguetables.nof.scoring import score_metric
from leaguetables.nof.years import NOF_2025_26 as Y
from tests.conftest import REAL_DATA_FILE

STEM = "nhs-oversight-framework"
LEAGUES = ("acute", "mental-health-and-community", "ambulance")
TRUSTS = {"acute": 134, "mental-health-and-community": 61, "ambulance": 10}
QUARTERS = demo_metrics.QUARTERS
METRICS = {m.value_id: m for league in demo_metrics.LEAGUES for m in league.metrics}
RULES = {metric_id: m.rule for metric_id, m in METRICS.items() if m.rule}
IN_IMPORT_ORDER = [
    f"{STEM}-acute-trust-data.csv",
    f"{STEM}-non-acute-hospital-trust-data.csv",
    f"{STEM}-ambulance-trust-data.csv",
    *(f"{STEM}-{league}-trust-league-table.csv" for league in LEAGUES),
    *(f"{STEM}-{league}-trust-league-table-q2-25-26.csv" for league in LEAGUES),
    *(f"{STEM}-{league}-trust-league-table-q3-25-26.csv" for league in LEAGUES),
    *(f"{STEM}-{league}-trust-data-q4-25-26.csv" for league in LEAGUES),
    *(f"{STEM}-{league}-trust-league-table-q4-25-26.csv" for league in LEAGUES),
    f"{STEM}-mental-health-and-community-trust-data-q4-25-26-v2.csv",
]
SUMMARY_UNITS = {"OF5000": "segment", "OF5002": "score", "OF5003": "segment", "OF5004": "flag"}
SUMMARY_UNITS |= {"OF5005": "segment", "OF5007": "flag"}


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> list[Path]:
    return demo.write_demo_files(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="module")
def folder(written) -> Path:
    return written[0].parent


def read(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def data_file(folder: Path, league: str, revised: bool = False) -> Path:
    """The Q4 data file restating every quarter, or its "-v2" revision."""
    return folder / f"{STEM}-{league}-trust-data-q4-25-26{'-v2' if revised else ''}.csv"


def league_file(folder: Path, league: str, k: int) -> Path:
    return folder / f"{STEM}-{league}-trust-league-table{f'-q{k + 1}-25-26' if k else ''}.csv"


def final_data(folder: Path, league: str) -> list[dict[str, str]]:
    """Every quarter as finally published: the revision where there is one."""
    revised = data_file(folder, league, revised=True)
    return read(revised if revised.exists() else data_file(folder, league))


def trust_quarters(rows) -> dict[tuple[str, str], dict[tuple[str, str], dict[str, str]]]:
    """(quarter, trust code) -> (Metric_ID, Units) -> row."""
    grouped: dict = defaultdict(dict)
    for row in rows:
        grouped[(row["Quarter"], row["Trust_code"])][(row["Metric_ID"], row["Units"])] = row
    return grouped


def figure(rows: dict, metric_id: str) -> float:
    return float(rows[(metric_id, SUMMARY_UNITS[metric_id])]["Value"])


def counting_scores(rows: dict) -> dict[str, float]:
    return {
        metric_id: float(row["Value"])
        for (metric_id, _), row in rows.items()
        if Y.counts_towards_average(metric_id)
    }


@pytest.fixture(scope="module")
def final(folder) -> dict[str, dict]:
    return {league: trust_quarters(final_data(folder, league)) for league in LEAGUES}


def quarter_of(grouped: dict, quarter: str) -> dict[str, dict]:
    return {code: rows for (q, code), rows in grouped.items() if q == quarter}


# Files ----------------------------------------------------------------------------------------


def test_files_come_in_import_order_with_nhs_englands_names(written):
    assert [path.name for path in written] == IN_IMPORT_ORDER


def test_same_seed_writes_the_same_bytes_and_another_seed_does_not(written, tmp_path):
    again = demo.write_demo_files(tmp_path / "again")
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in written]
    other = demo.write_demo_files(tmp_path / "other", seed=demo.DEFAULT_SEED + 1)
    assert all(o.read_bytes() != p.read_bytes() for o, p in zip(other, written, strict=True))


def test_september_files_have_no_quarter_column_no_bom_and_crlf(written):
    for path in written[:3]:
        content = path.read_bytes()
        assert not content.startswith(b"\xef\xbb\xbf")
        assert content.count(b"\r\n") == content.count(b"\n")
        assert content.split(b"\r\n")[0].decode() == ",".join(demo.DATA_HEADER)


def test_later_files_have_a_bom_and_the_real_files_line_endings(folder):
    for league in LEAGUES:
        content = data_file(folder, league).read_bytes()
        assert content.startswith(b"\xef\xbb\xbf") and content.count(b"\r\n") == content.count(
            b"\n"
        )
        assert content[3:].split(b"\r\n")[0].decode() == "Quarter," + ",".join(demo.DATA_HEADER)
        for k in range(4):
            content = league_file(folder, league, k).read_bytes()
            assert content.startswith(b"\xef\xbb\xbf")
            assert content.count(b"\r\n") == content.count(b"\n")
            header = content[3:].split(b"\r\n")[0].decode().split(",")
            assert header == list(demo.LEAGUE_HEADER if k >= 2 else demo.SHORT_LEAGUE_HEADER)


def test_every_file_passes_the_importers_parser(written):
    leagues = {"acute": "acute", "non-acute-hospital": "mental-health-and-community"}
    for path in written:
        parsed = files.parse(path.read_bytes(), path.name)
        slug = path.name.removeprefix(f"{STEM}-").split("-trust-")[0]
        assert parsed.league == leagues.get(slug, slug)
        assert len(parsed.trust_codes) == TRUSTS[parsed.league]
    assert files.parse(written[0].read_bytes(), "q1").quarters == [(2025, 1)]


def test_the_september_mental_health_file_uses_the_old_league_name(written, folder):
    (q1,) = {row["Trust_type"] for row in read(written[1])}
    assert q1 == "Non-acute hospital trust"
    later = {row["Trust_type"] for row in read(data_file(folder, "mental-health-and-community"))}
    assert later == {"Mental health and community trust"}


def test_september_files_hold_the_same_rows_as_the_restated_q1(written, folder):
    for path, league in zip(written[:3], LEAGUES, strict=True):
        restated = [r for r in read(data_file(folder, league)) if r["Quarter"] == QUARTERS[0]]
        first = read(path)
        assert len(first) == len(restated)
        for old, new in zip(first, restated, strict=True):
            assert {**old, "Trust_type": ""} == {
                **{k: v for k, v in new.items() if k != "Quarter"},
                "Trust_type": "",
            }


def test_generation_is_quick_enough_for_make_demo(tmp_path):
    import time

    started = time.perf_counter()
    demo.write_demo_files(tmp_path)
    assert time.perf_counter() - started < 10  # about 1 s; generous for slow CI machines


def test_command_prints_the_paths_one_a_line(tmp_path):
    out = io.StringIO()
    call_command("make_demo_data", str(tmp_path / "files"), "--seed", "7", stdout=out)
    lines = out.getvalue().splitlines()
    assert [Path(line).name for line in lines] == IN_IMPORT_ORDER
    assert all(Path(line).is_file() for line in lines)


# Trusts ---------------------------------------------------------------------------------------


def test_each_league_has_its_trusts_in_every_quarter(final):
    for league, grouped in final.items():
        for quarter in QUARTERS:
            assert len(quarter_of(grouped, quarter)) == TRUSTS[league]
    subtypes = Counter(
        rows[("OF5000", "segment")]["Trust_subtype"]
        for rows in quarter_of(final["acute"], QUARTERS[0]).values()
    )
    assert set(subtypes) == {
        "Acute - Teaching", "Acute - Large", "Acute - Medium", "Acute - Small",
        "Acute - Specialist", "Acute - Multi-Service",
    }  # fmt: skip
    assert 12 <= subtypes["Acute - Specialist"] <= 16


def test_codes_are_illustrative_and_unique_across_leagues(final):
    codes = [code for grouped in final.values() for code in {c for _, c in grouped}]
    assert len(codes) == len(set(codes)) == sum(TRUSTS.values())
    assert all(re.fullmatch(r"Z[0-9A-Z]{2}", code) for code in codes)
    assert all(code.startswith(demo.ILLUSTRATIVE_CODE_PREFIX) for code in codes)


def demo_names(final) -> set[str]:
    return {
        row["Trust_name"] for g in final.values() for rows in g.values() for row in rows.values()
    }


def test_no_demo_trust_shares_a_name_or_a_place_with_a_real_trust(final, shared_data):
    real = {row["Trust_name"] for row in read(REAL_DATA_FILE)}
    names = demo_names(final)
    assert not names & real
    real_words = {word for name in real for word in re.findall(r"[A-Za-z']+", name)}
    assert not set(demo_places.PLACES) & real_words


def test_places_are_invented_not_towns_with_a_trust():
    towns_with_trusts = {
        "Ashford", "Barnsley", "Bedford", "Blackpool", "Bolton", "Bradford", "Bristol", "Burton",
        "Calderdale", "Cambridge", "Chesterfield", "Croydon", "Derby", "Doncaster", "Dorset",
        "Dudley", "Frimley", "Gateshead", "Harrogate", "Kent", "Kingston", "Leeds", "Leicester",
        "Liverpool", "Luton", "Manchester", "Medway", "Northumbria", "Nottingham", "Oxford",
        "Plymouth", "Portsmouth", "Salisbury", "Sheffield", "Southampton", "Stockport", "Torbay",
        "Walsall", "Warrington", "Wirral", "Wolverhampton", "Yeovil", "York",
    }  # fmt: skip
    assert len(set(demo_places.PLACES)) == len(demo_places.PLACES)
    assert not {p.lower() for p in demo_places.PLACES} & {t.lower() for t in towns_with_trusts}


def test_names_and_subtypes_change_as_published_each_quarter(written, final):
    names, subtypes = defaultdict(dict), defaultdict(dict)
    for grouped in final.values():
        for (quarter, code), rows in grouped.items():
            row = next(iter(rows.values()))
            names[code][quarter], subtypes[code][quarter] = row["Trust_name"], row["Trust_subtype"]
    renamed = {code: n for code, n in names.items() if len(set(n.values())) > 1}
    assert 1 <= len(renamed) <= 2
    for by_quarter in renamed.values():
        old, new = by_quarter[QUARTERS[0]], by_quarter[QUARTERS[3]]
        assert new == old.replace("NHS Trust", "NHS Foundation Trust")
    september = {row["Trust_code"]: row["Trust_name"] for path in written[:3] for row in read(path)}
    assert all(september[code] == n[QUARTERS[0]] for code, n in renamed.items())
    changed = [code for code, s in subtypes.items() if len(set(s.values())) > 1]
    assert len(changed) == 1


# The NOF rules --------------------------------------------------------------------------------


def test_average_is_the_rounded_mean_of_the_counting_scores(final, folder):
    first_q4 = trust_quarters(read(data_file(folder, "mental-health-and-community")))
    for grouped in [*final.values(), first_q4]:
        for rows in grouped.values():
            mean = Y.average_score(counting_scores(rows))
            assert rules.round_half_up(mean) == figure(rows, "OF5002")


def test_infection_metrics_weigh_a_third_and_two_carry_a_rate_and_a_count(final):
    for rows in quarter_of(final["acute"], QUARTERS[0]).values():
        for number in ("048", "088"):
            units = {u for (m, u) in rows if m == f"OF0{number}"}
            assert units in (set(), {"rate per 100,000 bed days", "count"})
            assert (f"OF1{number}", "score") in rows or not units
        assert not any(m == "OF0046" and u == "count" for m, u in rows)
    assert dict(Y.metric_weights) == {"OF1046": 1 / 3, "OF1048": 1 / 3, "OF1088": 1 / 3}


def test_domain_scores_are_the_rounded_mean_of_the_domains_scores(final):
    domains = {f"OF40{digits}": domain for domain, digits in demo_metrics.DOMAIN_CODES.items()}
    for grouped in final.values():
        for rows in grouped.values():
            for (metric_id, _), row in rows.items():
                if metric_id in domains:
                    subset = {
                        m: s
                        for m, s in counting_scores(rows).items()
                        if rows[(m, "score")]["Domain"] == domains[metric_id]
                    }
                    assert rules.round_half_up(Y.average_score(subset)) == float(row["Value"])


def test_adjusted_segment_is_the_unadjusted_one_after_the_override(final):
    for grouped in final.values():
        for rows in grouped.values():
            deficit = figure(rows, "OF5004") == 1.0
            expected = Y.apply_override(int(figure(rows, "OF5003")), deficit)
            assert figure(rows, "OF5000") == expected


def test_ranks_are_the_league_rank_and_the_rank_by_score(final):
    for grouped in final.values():
        for quarter in QUARTERS:
            trusts = quarter_of(grouped, quarter)
            segments = {c: int(figure(rows, "OF5000")) for c, rows in trusts.items()}
            averages = {c: figure(rows, "OF5002") for c, rows in trusts.items()}
            league = rules.league_ranks(segments, averages)
            by_score = rules.competition_rank({c: (a,) for c, a in averages.items()})
            for code, rows in trusts.items():
                assert float(rows[("OF5000", "segment")]["Rank"]) == league[code]
                assert float(rows[("OF5002", "score")]["Rank"]) == by_score[code]


def test_values_carry_the_leagues_quartiles_and_rank_and_score_by_the_metrics_rule(final):
    for grouped in final.values():
        values, scores = defaultdict(dict), defaultdict(dict)
        for (quarter, code), rows in grouped.items():
            for (metric_id, units), row in rows.items():
                if metric_id.startswith("OF0"):
                    values[(quarter, metric_id, units)][code] = row
                elif metric_id.startswith("OF1"):
                    scores[(quarter, "OF0" + metric_id[3:])][code] = float(row["Value"])
        for (quarter, metric_id, units), rows in values.items():
            present = {c: float(r["Value"]) for c, r in rows.items() if r["Value"]}
            stats = np.percentile(list(present.values()), (50, 25, 75))
            columns = ("Median_value", "Lower_quartile", "Upper_quartile")
            for row in rows.values():
                assert [float(row[c]) for c in columns] == [rules.round_half_up(s) for s in stats]
            sign = -1 if RULES[metric_id].higher_is_better else 1
            ranks = rules.competition_rank({c: (sign * v,) for c, v in present.items()})
            assert all(float(rows[c]["Rank"]) == rank for c, rank in ranks.items())
            if units != "count":
                assert score_metric(present, RULES[metric_id]) == scores[(quarter, metric_id)]


def test_segments_cut_the_leagues_averages_at_their_quartiles(final):
    for grouped in final.values():
        for quarter in QUARTERS:
            trusts = quarter_of(grouped, quarter).values()
            averages = [figure(rows, "OF5002") for rows in trusts]
            cuts = np.percentile(averages, (25, 50, 75))
            for rows in trusts:
                assert figure(rows, "OF5003") == rules.segment_for(figure(rows, "OF5002"), cuts)


# Drift and context the site must explain ------------------------------------------------------


def test_every_league_and_quarter_has_trusts_moved_down_by_the_override(final):
    for league, grouped in final.items():
        unaffected = 0
        for quarter in QUARTERS:
            trusts = quarter_of(grouped, quarter).values()
            moved = [r for r in trusts if figure(r, "OF5003") != figure(r, "OF5000")]
            assert len(moved) >= (2 if league != "ambulance" else 1), (league, quarter)
            flagged = [r for r in trusts if figure(r, "OF5004") == 1]
            unaffected += sum(figure(r, "OF5003") >= 3 for r in flagged)
            assert len(flagged) <= 0.35 * TRUSTS[league]
        assert league == "ambulance" or unaffected > 0


def test_ties_on_segment_and_average_share_a_rank(final):
    for league in ("acute", "mental-health-and-community"):
        for quarter in QUARTERS:
            ranks = Counter(
                rows[("OF5000", "segment")]["Rank"]
                for rows in quarter_of(final[league], quarter).values()
            )
            assert any(count > 1 for count in ranks.values()), (league, quarter)


def test_segment_5_appears_in_q1_and_q2_only(final):
    for league, grouped in final.items():
        for k, quarter in enumerate(QUARTERS):
            trusts = quarter_of(grouped, quarter).values()
            has_rows = [("OF5005", "segment") in rows for rows in trusts]
            assert all(has_rows) if k < 2 else not any(has_rows)
            if k >= 2:
                continue
            in_5 = [rows for rows in trusts if figure(rows, "OF5005") == 5]
            assert all(figure(rows, "OF5007") == 1 for rows in in_5)
            assert len(in_5) == sum(figure(rows, "OF5007") == 1 for rows in trusts)
            assert (2 <= len(in_5) <= 4) if league != "ambulance" else not in_5
            rest = [rows for rows in trusts if figure(rows, "OF5005") != 5]
            assert all(figure(rows, "OF5005") == figure(rows, "OF5000") for rows in rest)


def test_some_mental_health_trusts_are_scored_on_five_or_six_metrics(final):
    for quarter in QUARTERS:
        trusts = quarter_of(final["mental-health-and-community"], quarter).values()
        counts = sorted(Y.metrics_scored(counting_scores(rows)) for rows in trusts)
        assert counts[:2] == [5, 6] and counts[-1] >= 11  # no CQC safe rating in Q4


def test_specialist_trusts_run_no_ae_and_are_scored_on_fewer_metrics(final):
    scored = defaultdict(list)
    for rows in quarter_of(final["acute"], QUARTERS[3]).values():
        specialist = rows[("OF5000", "segment")]["Trust_subtype"] == "Acute - Specialist"
        scored[specialist].append(Y.metrics_scored(counting_scores(rows)))
        if specialist:
            assert ("OF1026", "score") not in rows and ("OF1027", "score") not in rows
    assert max(scored[True]) < np.median(scored[False])


def test_suppressed_values_are_blank_unranked_and_unscored(written, final):
    for path in written[:2]:  # the September acute and mental health files show one
        assert any(not row["Value"] for row in read(path))
    suppressed = 0
    for grouped in final.values():
        for rows in grouped.values():
            for (metric_id, _), row in rows.items():
                if metric_id.startswith("OF0") and not row["Value"]:
                    suppressed += 1
                    assert not row["Rank"] and row["Median_value"]
                    assert ("OF1" + metric_id[3:], "score") not in rows
    assert 3 <= suppressed <= 15


def test_some_metrics_are_missing_altogether(final):
    expected = {
        m.score_id for league in demo_metrics.LEAGUES for m in league.metrics if m.number != "067"
    }
    for grouped in final.values():
        seen = Counter(m for rows in grouped.values() for (m, _) in rows if m in expected)
        assert min(seen.values()) < len(grouped)


def test_some_values_are_for_an_older_period(final):
    q1 = quarter_of(final["mental-health-and-community"], QUARTERS[0]).values()
    assert {rows[("OF0082", "%")]["Reporting_date"] for rows in q1} == {"Q4 2024-25"}
    older = 0
    for grouped in final.values():
        periods = defaultdict(Counter)
        for (quarter, _), rows in grouped.items():
            for (metric_id, units), row in rows.items():
                periods[(quarter, metric_id, units)][row["Reporting_date"]] += 1
        for (quarter, metric_id, _), counted in periods.items():
            if len(counted) > 1 and metric_id.startswith("OF0"):
                usual, late = (period for period, _ in counted.most_common())
                reporting = METRICS[metric_id].reporting
                assert late == reporting[QUARTERS.index(quarter) - 1] != usual
                older += 1
    assert older >= 3


def test_the_revision_corrects_two_trusts_and_keeps_every_figure_consistent(folder):
    league = "mental-health-and-community"
    first, revised = read(data_file(folder, league)), read(data_file(folder, league, True))
    assert len(first) == len(revised)
    changed = [(a, b) for a, b in zip(first, revised, strict=True) if a != b]
    assert changed and all(a["Quarter"] == b["Quarter"] == QUARTERS[3] for a, b in changed)
    values_changed = {a["Trust_code"] for a, b in changed if a["Value"] != b["Value"]}
    assert len(values_changed) == 2
    for a, b in changed:
        assert {k for k in a if a[k] != b[k]} <= {
            "Value", "Rank", "Median_value", "Lower_quartile", "Upper_quartile"
        }  # fmt: skip
    averages = [a for a, b in changed if a["Metric_ID"] == "OF5002" and a["Value"] != b["Value"]]
    assert {a["Trust_code"] for a in averages} == values_changed


def test_league_tables_agree_with_the_data_files(written, folder, final):
    first_q1 = {
        league: trust_quarters({**r, "Quarter": QUARTERS[0]} for r in read(path))
        for league, path in zip(LEAGUES, written[:3], strict=True)
    }
    for league in LEAGUES:
        for k, quarter in enumerate(QUARTERS):
            grouped = first_q1[league] if k == 0 else final[league]
            table = read(league_file(folder, league, k))
            assert [float(r["Rank"]) for r in table] == sorted(float(r["Rank"]) for r in table)
            assert len(table) == TRUSTS[league]
            for row in table:
                rows = grouped[(quarter, row["Trust_code"])]
                summary = rows[("OF5000", "segment")]
                assert row["Quarter"] == quarter
                for column in ("Region", "Trust_type", "Trust_subtype", "Trust_name"):
                    assert row[column] == summary[column]
                assert float(row["Average_score"]) == figure(rows, "OF5002")
                assert float(row["Segment"]) == figure(rows, "OF5000")
                assert float(row["Rank"]) == float(summary["Rank"])
                assert row["Trust_in_financial_deficit"] == (
                    "Yes" if figure(rows, "OF5004") else "No"
                )
                if k < 2:
                    assert "Likely_range_of_rank" not in row
                    continue
                low, high = files.RANGE_TEXT.match(row["Likely_range_of_average_score"]).groups()
                assert float(low) <= float(row["Average_score"]) <= float(high)
                low, high = files.RANGE_TEXT.match(row["Likely_range_of_rank"]).groups()
                assert int(low) <= float(row["Rank"]) <= int(high)


def test_the_q4_league_table_shows_the_revised_figures(folder):
    league = "mental-health-and-community"
    table = {r["Trust_code"]: r for r in read(league_file(folder, league, 3))}
    first = trust_quarters(read(data_file(folder, league)))
    differs = [
        code
        for code, row in table.items()
        if float(row["Average_score"]) != figure(first[(QUARTERS[3], code)], "OF5002")
    ]
    assert len(differs) == 2
