"""The leagues NHS England ranks organisations in, and the names its files give them.

The one table of league names and their aliases: the parser, the importer, the demo and the
pages all read it from here. Pure Python.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class LeagueSpec:
    slug: str  # in every address: /leagues/<slug>/
    name: str  # "Mental health and community trusts"
    trust_type: str  # Trust_type as NHS England writes it now
    # Every other Trust_type spelling seen for the same league, lower case.
    aliases: tuple[str, ...]
    position: int  # the order leagues are listed in
    first_year: int = 2025  # the first financial year NHS England ranked this league

    @property
    def names_in_files(self) -> tuple[str, ...]:
        return (self.trust_type.lower(), *self.aliases)


LEAGUES: tuple[LeagueSpec, ...] = (
    LeagueSpec("acute", "Acute trusts", "Acute trust", ("acute hospital trust", "acute"), 1),
    # The September 2025 files called this league "Non-acute hospital trust".
    LeagueSpec(
        "mental-health-and-community",
        "Mental health and community trusts",
        "Mental health and community trust",
        ("non-acute hospital trust",),
        2,
    ),
    LeagueSpec("ambulance", "Ambulance trusts", "Ambulance trust", ("ambulance",), 3),
    # NHS England's 2026/27 manual ranks ICBs too. No ICB file has been seen: the Trust_type
    # spellings here are the manual's words, to be checked against the first real file.
    LeagueSpec(
        "integrated-care-boards",
        "Integrated care boards",
        "Integrated care board",
        ("icb", "integrated care boards"),
        4,
        first_year=2026,
    ),
)

BY_SLUG: Mapping[str, LeagueSpec] = MappingProxyType({league.slug: league for league in LEAGUES})
_BY_NAME_IN_FILES: Mapping[str, LeagueSpec] = MappingProxyType(
    {name: league for league in LEAGUES for name in league.names_in_files}
)


def from_trust_type(text: str) -> LeagueSpec | None:
    """The league a file's Trust_type names, whichever spelling the file uses."""
    return _BY_NAME_IN_FILES.get(" ".join(text.split()).lower())


def canonical_trust_type(text: str) -> str:
    """Trust_type as NHS England writes it now: "Non-acute hospital trust" reads as the mental
    health and community league's current name; an unknown name is returned as it is."""
    league = from_trust_type(text)
    return league.trust_type if league else text


# Trust_subtype of the acute league's specialist trusts (eye, orthopaedic, cancer, heart...).
SPECIALIST_SUBTYPE = "acute - specialist"


def is_specialist(subtype: str) -> bool:
    """Whether a Trust_subtype names a specialist trust: they run no A&E and are scored on
    fewer metrics, so their rank is not directly comparable with a general hospital's."""
    return " ".join(subtype.split()).lower() == SPECIALIST_SUBTYPE
