"""The population a trust serves: the panel on a trust's page (numbers; words in the template).

For an acute trust, from OHID's catchment: the catchment-weighted IMD 2025 score, the share of
the catchment living in rural local authorities, where each places the trust among its league's
trusts with a catchment, and the local authorities it draws most from. For other trusts OHID
publishes no catchment: the panel says so and shows only what ODS records (its headquarters'
address), not a deprivation figure we would have to invent.
"""

from __future__ import annotations

from dataclasses import dataclass

from leaguetables import queries
from leaguetables.models import League, Quarter
from leaguetables.nof import population
from leaguetables.presentation.words.notes import POPULATION_SOURCE

ACUTE = "acute"
TOP_AREAS = 5
RUC_SOURCE = "ONS / Defra, Rural-Urban Classification 2021 (local authorities)"
ODS_SOURCE = "NHS England, Organisation Data Service (trusts, July 2026)"


@dataclass(frozen=True)
class AreaShare:
    name: str
    share: float  # of the trust's catchment population
    imd_score: float | None
    rural: bool | None


@dataclass(frozen=True)
class PopulationPanel:
    acute: bool
    has_catchment: bool
    illustrative: bool = False
    imd_score: float | None = None
    rural_share: float | None = None
    deprivation: population.Placing | None = None
    rurality: population.Placing | None = None
    areas: tuple[AreaShare, ...] = ()
    source_code: str = ""  # whose catchment: the trust's own code, or its predecessor's
    headquarters: str = ""  # from ODS: address and postcode
    closed_on: str = ""
    sources: tuple[str, ...] = ()


def panel(code: str, league: League, quarter: Quarter) -> PopulationPanel:
    inputs = queries.population_inputs(code, league, quarter)
    ods = inputs.ods
    headquarters = ", ".join(part for part in (ods.address.title(), ods.postcode) if part) if ods \
        else ""  # fmt: skip
    closed_on = ods.closed_on.strftime("%-d %B %Y") if ods and ods.closed_on else ""
    acute = league.slug == ACUTE
    on = population.first_day(quarter.financial_year, quarter.quarter)
    weighted = {}
    for other in inputs.league_codes:
        resolved = population.resolve(
            other, inputs.catchments, inputs.successions, inputs.closed, on
        )
        if resolved is not None:
            weighted[other] = population.weigh(resolved, inputs.areas)
    mine = weighted.get(code) if acute else None
    if mine is None:
        return PopulationPanel(
            acute, False, headquarters=headquarters, closed_on=closed_on,
            sources=(ODS_SOURCE,) if ods else (),
        )  # fmt: skip
    deprivation = population.placings({c: w.imd_score for c, w in weighted.items()})
    rurality = population.placings({c: w.rural_share for c, w in weighted.items()})
    shares = inputs.catchments[mine.source_code]
    areas = sorted(
        (
            AreaShare(inputs.areas[a].name, s, inputs.areas[a].imd_score, inputs.areas[a].rural)
            for a, s in shares.items()
        ),
        key=lambda area: -area.share,
    )
    return PopulationPanel(
        acute=True,
        has_catchment=True,
        illustrative=mine.source_code in inputs.illustrative,
        imd_score=mine.imd_score,
        rural_share=mine.rural_share,
        deprivation=deprivation.get(code),
        rurality=rurality.get(code),
        areas=tuple(areas[:TOP_AREAS]),
        source_code=mine.source_code,
        headquarters=headquarters,
        closed_on=closed_on,
        sources=(POPULATION_SOURCE, RUC_SOURCE, *((ODS_SOURCE,) if ods else ())),
    )
