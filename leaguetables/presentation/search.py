"""Trust search: by name, ODS code, town (NHS ODS's address) and local authority served (OHID's
catchments, 2021 district names included). Each result says why it matched.

Trusts in a published league link to their pages, named as their latest public quarter names
them. NHS trusts that no published league holds (the reference data lists every trust in
England) are listed apart, as "not in a published league", with no page: a reader searching
for a place learns which trusts serve it even where the site has no league table for them.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from leaguetables import queries
from leaguetables.nof import population

# A trust drawing less than this share of its catchment from a place is not listed as serving
# it (OHID's file gives every trust a sliver of most of England).
MIN_SHARE = 0.005
SMALL_WORDS = {"and", "of", "the", "for", "with"}
KEEP_UPPER = {"NHS", "UCLH", "ICB"}


class Reason:
    NAME = "name"
    CODE = "ODS code"
    TOWN = "town"
    REGION = "region"
    SERVES = "local authority served"


@dataclass(frozen=True)
class Served:
    """A place a trust serves: the share of the trust's catchment population living there."""

    place: str
    share: float
    illustrative: bool = False


@dataclass(frozen=True)
class SearchResult:
    code: str
    name: str
    league_name: str
    region: str
    subtype: str
    reasons: tuple[str, ...] = ()
    town: str = ""
    served: tuple[Served, ...] = ()
    in_league: bool = True

    @property
    def href(self) -> str:
        return f"/trusts/{self.code}/" if self.in_league else ""


@dataclass(frozen=True)
class SearchPage:
    found: list[SearchResult]  # trusts in a published league
    elsewhere: list[SearchResult] = field(default_factory=list)  # reference-only NHS trusts
    places: list[queries.reference.Place] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    hidden_small_shares: int = 0  # trusts drawing under MIN_SHARE from the place


def ods_name(name: str) -> str:
    """ODS writes names in capitals: "CALDERDALE AND HUDDERSFIELD NHS FOUNDATION TRUST" ->
    "Calderdale and Huddersfield NHS Foundation Trust"."""
    words = []
    for index, word in enumerate(name.split()):
        if word in KEEP_UPPER:
            words.append(word)
        elif index and word.lower() in SMALL_WORDS:
            words.append(word.lower())
        else:
            words.append("-".join(part.capitalize() for part in word.split("-")))
    return re.sub(r"'S\b", "'s", " ".join(words))


def _served_codes(
    served: dict[str, list[tuple[str, float, bool]]], codes: list[str], successions
) -> dict[str, tuple[Served, ...]]:
    """Which of `codes` serve the place: by their own catchment, or their one predecessor's."""
    found = {}
    for code in codes:
        source = code if code in served else None
        if source is None:
            earlier = [old for old in population.predecessors(code, successions) if old in served]
            source = earlier[0] if len(earlier) == 1 else None
        if source is None:
            continue
        places = tuple(
            Served(place, share, invented)
            for place, share, invented in sorted(served[source], key=lambda s: -s[1])
            if share >= MIN_SHARE
        )
        if places:
            found[code] = places
    return found


def _by_share(result: SearchResult) -> tuple:
    return (-max((s.share for s in result.served), default=0.0), result.name.lower())


def search(query: str) -> SearchPage:
    by_name = {tq.trust.ods_code: tq for tq in queries.search(query)}
    place = queries.place_search(query)
    # A trust in a league may serve the place under a predecessor's code (OHID's are 2022's).
    successors = {s.new_code for s in place.successions}
    everywhere = sorted(set(by_name) | set(place.served) | set(place.ods) | successors)
    named = queries.public_trust_names(everywhere)
    # Public trusts serving the place, by their code or a predecessor's.
    serving = _served_codes(place.served, sorted(named), place.successions)
    found = []
    for code, (name, league_name, region, subtype) in named.items():
        reasons = []
        if code.lower() == query.lower():
            reasons.append(Reason.CODE)
        elif code in by_name:
            words = query.lower().split()
            in_name = all(w in name.lower() for w in words)
            reasons.append(Reason.NAME if in_name else Reason.REGION)
        elif code in place.name_codes:  # the name ODS gives it, not the one NHS England does
            reasons.append(Reason.NAME)
        if code in place.town_codes:
            reasons.append(Reason.TOWN)
        if code in serving:
            reasons.append(Reason.SERVES)
        if reasons:
            record = place.ods.get(code)
            found.append(SearchResult(code, name, league_name, region, subtype, tuple(reasons),
                                      record.town.title() if record else "",
                                      serving.get(code, ())))  # fmt: skip
    elsewhere = []
    others = _served_codes(place.served, [c for c in place.ods if c not in named],
                           place.successions)  # fmt: skip
    for code, record in place.ods.items():
        if code in named:
            continue
        reasons = [Reason.CODE if code.lower() == query.lower() else Reason.NAME] if (
            code in place.name_codes) else []  # fmt: skip
        if code in place.town_codes:
            reasons.append(Reason.TOWN)
        if code in others:
            reasons.append(Reason.SERVES)
        if reasons:
            elsewhere.append(SearchResult(code, ods_name(record.name), "", "", "", tuple(reasons),
                                          record.town.title(), others.get(code, ()),
                                          in_league=False))  # fmt: skip
    hidden = sum(
        1 for code, shares in place.served.items()
        if all(share < MIN_SHARE for _, share, _ in shares)
    )  # fmt: skip
    page = SearchPage(
        sorted(found, key=_by_share), sorted(elsewhere, key=_by_share), place.places,
        hidden_small_shares=hidden,
    )  # fmt: skip
    if not found and not elsewhere:
        return SearchPage([], [], place.places, suggestions(query))
    return page


def suggestions(query: str, limit: int = 5) -> list[str]:
    """Near names of places and towns (a misspelling, a part of a name)."""
    vocabulary = queries.vocabulary()
    lowered = {word.lower(): word for word in vocabulary}
    close = difflib.get_close_matches(query.lower(), list(lowered), n=limit, cutoff=0.7)
    return [lowered[word] for word in close]
