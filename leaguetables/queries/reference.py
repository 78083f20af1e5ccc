"""Reads of the reference data (ODS trusts, catchments, places) for public pages and search.

The reference tables hold no NOF results and nothing embargoed; which trusts a page or search
shows as being in a league still comes from `public.trust_quarters`, so a draft trust stays
invisible here as everywhere.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Case, Q, When

from leaguetables.models import (
    CatchmentShare,
    FormerDistrict,
    League,
    LocalAuthority,
    OdsTrust,
    Quarter,
    TrustSuccession,
)
from leaguetables.nof import population
from leaguetables.queries import public
from leaguetables.queries.public import Scope

PART_OF_NAME = 3  # the shortest query matched within a place's or a trust's name
ODS_FIELDS = ("ods_code", "name", "address", "town", "postcode", "opened_on", "closed_on")


@dataclass(frozen=True)
class OdsRecord:
    ods_code: str
    name: str
    address: str
    town: str
    postcode: str
    opened_on: date | None
    closed_on: date | None


@dataclass
class PopulationInputs:
    """What a trust page's population panel needs, read in four queries whatever the trust."""

    code: str
    ods: OdsRecord | None
    league_codes: list[str]
    catchments: dict[str, dict[str, float]] = field(default_factory=dict)
    areas: dict[str, population.Area] = field(default_factory=dict)
    successions: list[population.Succession] = field(default_factory=list)
    closed: dict[str, date] = field(default_factory=dict)
    illustrative: set[str] = field(default_factory=set)  # codes with an invented catchment


def _successions() -> list[population.Succession]:
    return [
        population.Succession(old, new, on)
        for old, new, on in TrustSuccession.objects.values_list(
            "old_code", "new_code", "succeeded_on"
        )
    ]


def population_inputs(code: str, league: League, quarter: Quarter) -> PopulationInputs:
    league_codes = list(
        public.trust_quarters(Scope.LEAGUE_OF_TRUST)
        .filter(league=league, quarter=quarter)
        .values_list("trust__ods_code", flat=True)
    )
    successions = _successions()
    inputs = PopulationInputs(code, None, league_codes, successions=successions)
    for values in OdsTrust.objects.filter(Q(closed_on__isnull=False) | Q(ods_code=code)).values(
        *ODS_FIELDS
    ):
        if values["closed_on"] is not None:
            inputs.closed[values["ods_code"]] = values["closed_on"]
        if values["ods_code"] == code:
            inputs.ods = OdsRecord(**values)
    wanted = {code, *league_codes} | {s.old_code for s in successions}
    for trust_code, area, name, score, ruc, share, invented in CatchmentShare.objects.filter(
        trust_code__in=sorted(wanted)
    ).values_list(
        "trust_code", "local_authority__code", "local_authority__name",
        "local_authority__imd_average_score", "local_authority__ruc", "proportion", "illustrative",
    ):  # fmt: skip
        held = inputs.catchments.setdefault(trust_code, {})
        held[area] = held.get(area, 0.0) + share
        inputs.areas[area] = population.Area(
            area, name, score, {"Rural": True, "Urban": False}.get(ruc)
        )
        if invented:
            inputs.illustrative.add(trust_code)
    return inputs


# Search -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """A local authority, or a former district (2021) now part of one."""

    code: str
    name: str
    now_part_of: str = ""  # the 2024 authority's name, for a former district


@dataclass
class PlaceMatches:
    places: list[Place] = field(default_factory=list)
    # trust code -> [(place name, share of the trust's catchment from that place, illustrative)]
    served: dict[str, list[tuple[str, float, bool]]] = field(default_factory=dict)
    ods: dict[str, OdsRecord] = field(default_factory=dict)  # open ODS trusts, matching or serving
    town_codes: set[str] = field(default_factory=set)
    name_codes: set[str] = field(default_factory=set)
    successions: list[population.Succession] = field(default_factory=list)


def place_search(query: str) -> PlaceMatches:
    """Places whose name contains the query, the catchment shares drawn from them, and the ODS
    trusts whose code, name or town match: five queries, whatever is found."""
    found = PlaceMatches()
    # A short query ("a", "RX") names a place only exactly: every place contains an "a".
    named = {"name__iexact" if len(query) < PART_OF_NAME else "name__icontains": query}
    authorities = list(LocalAuthority.objects.filter(**named).values_list(
        "code", "name"))  # fmt: skip
    districts = list(FormerDistrict.objects.filter(**named).values_list(
        "code", "name", "local_authority__name"))  # fmt: skip
    found.places = [Place(c, n) for c, n in authorities] + [Place(*d) for d in districts]
    shares: dict[str, list[tuple[str, float, bool]]] = defaultdict(list)
    names = dict(authorities) | {code: name for code, name, _ in districts}
    by_trust: dict[tuple[str, str], tuple[float, bool]] = {}
    for trust_code, area, district, share, invented in CatchmentShare.objects.filter(
        # Subqueries, not lists: the query runs (and counts) the same whether or not any
        # place matched.
        Q(local_authority__in=LocalAuthority.objects.filter(**named))
        | Q(district_code__in=FormerDistrict.objects.filter(**named).values("code"))
    ).values_list("trust_code", "local_authority__code", "district_code", "proportion",
                  "illustrative"):  # fmt: skip
        # A district's share under its own name, and added into its 2024 authority's.
        for place in {area, district} & names.keys():
            held, _ = by_trust.get((trust_code, place), (0.0, invented))
            by_trust[(trust_code, place)] = (held + share, invented)
    for (trust_code, place), (share, invented) in by_trust.items():
        shares[trust_code].append((names[place], share, invented))
    found.served = dict(shares)
    found.successions = _successions()
    term = Q(ods_code__iexact=query) | Q(town__iexact=query) | Q(**named)
    for values in OdsTrust.objects.filter(
        term | Q(ods_code__in=list(found.served)), closed_on__isnull=True
    ).values(*ODS_FIELDS):
        record = OdsRecord(**values)
        found.ods[record.ods_code] = record
        if record.town.lower() == query.lower():
            found.town_codes.add(record.ods_code)
        if query.lower() in record.name.lower() or record.ods_code.lower() == query.lower():
            found.name_codes.add(record.ods_code)
    return found


def public_trust_names(codes: list[str]) -> dict[str, tuple[str, str, str, str]]:
    """Code -> (name, league name, region, subtype) as each public trust's latest quarter
    names it, for trusts found through the reference data."""
    latest: dict[str, tuple] = {}
    for values in (
        public.trust_quarters()
        .filter(trust__ods_code__in=codes)
        .values_list("trust__ods_code", "name", "league__name", "region", "subtype",
                     "quarter__financial_year", "quarter__quarter")
    ):  # fmt: skip
        held = latest.get(values[0])
        if held is None or values[5:] > held[5:]:
            latest[values[0]] = values
    return {code: v[1:5] for code, v in latest.items()}


@dataclass(frozen=True)
class SearchExamples:
    """What the search box offers as examples: taken from the data this site holds, so the
    demo never names a real trust as if it were in its leagues. Empty where nothing is held."""

    code: str = ""  # a public trust's ODS code
    name_word: str = ""  # the first word of its name
    town: str = ""  # a town in ODS's list (the trust's own, where ODS holds it)
    place: str = ""  # a local authority an acute trust's catchment draws on
    former_district: str = ""  # a district merged in April 2023


def search_examples() -> SearchExamples:
    """Four small reads, the same on every search page."""
    trust = (
        public.trust_quarters()
        .order_by("trust__ods_code", "-quarter__financial_year", "-quarter__quarter")
        .values_list("trust__ods_code", "name")
        .first()
    )
    code, name = trust or ("", "")
    town = (
        OdsTrust.objects.filter(closed_on__isnull=True)
        .exclude(town="")
        .order_by(Case(When(ods_code=code, then=0), default=1), "ods_code")
        .values_list("town", flat=True)
        .first()
    )
    # The largest share of the first trust with a catchment (the order of the unique index).
    place = (
        CatchmentShare.objects.order_by("trust_code", "-proportion")
        .values_list("local_authority__name", flat=True)
        .first()
    )
    former = FormerDistrict.objects.order_by("name").values_list("name", flat=True).first()
    return SearchExamples(code, name.split()[0] if name else "", (town or "").title(),
                          place or "", former or "")  # fmt: skip


def vocabulary() -> list[str]:
    """Every place and town a reader might have meant: for suggestions when nothing matched."""
    places = list(LocalAuthority.objects.values_list("name", flat=True))
    places += list(FormerDistrict.objects.values_list("name", flat=True))
    towns = OdsTrust.objects.filter(closed_on__isnull=True).values_list("town", flat=True)
    places += sorted({town.title() for town in towns if town})
    return places
