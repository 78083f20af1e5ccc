"""Trust search results: each trust as its latest public quarter names it."""

from __future__ import annotations

from dataclasses import dataclass

from leaguetables import queries


@dataclass(frozen=True)
class SearchResult:
    code: str
    name: str
    league_name: str
    region: str
    subtype: str

    @property
    def href(self) -> str:
        return f"/trusts/{self.code}/"


def search(query: str) -> list[SearchResult]:
    return [
        SearchResult(tq.trust.ods_code, tq.name, tq.league.name, tq.region, tq.subtype)
        for tq in queries.search(query)
    ]
