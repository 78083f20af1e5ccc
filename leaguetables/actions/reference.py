"""Loading the reference data (`fixtures/`): NHS ODS trusts and successions, OHID catchments,
the 2021 -> 2024 district changes, IMD 2025 and the rural-urban classification.

Every file is read and checked before anything is written, and the whole load is one
transaction: a bad cell is named by file, row and column and leaves the database as it was.
Loading the same files again leaves the same rows. On the demo, each fictional acute trust is
given an illustrative catchment (`demo.catchments`), labelled so wherever it is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from leaguetables.actions import audit
from leaguetables.actions.versions import bump
from leaguetables.demo import catchments as demo_catchments
from leaguetables.importing import population
from leaguetables.models import (
    CatchmentShare,
    FormerDistrict,
    ImportRecord,
    LocalAuthority,
    OdsTrust,
    Trust,
    TrustSuccession,
)
from leaguetables.nof import reference_files as ref
from leaguetables.nof.cells import NOFFileError
from leaguetables.nof.population import Succession

FIXTURES = Path(__file__).resolve().parent.parent.parent / "fixtures"


@dataclass(frozen=True)
class ReferenceResult:
    trusts: int
    successions: int
    local_authorities: int
    former_districts: int
    catchment_shares: int
    illustrative_shares: int
    population_notes: int

    def summary(self) -> str:
        return (
            f"reference data: {self.trusts} ODS trusts, {self.successions} successions, "
            f"{self.local_authorities} local authorities ({self.former_districts} former "
            f"districts), {self.catchment_shares} catchment shares"
            + (f", {self.illustrative_shares} illustrative" if self.illustrative_shares else "")
            + f"; {self.population_notes} population notes"
        )


@dataclass(frozen=True)
class _Parsed:
    ods: list[ref.OdsRow]
    successions: list[Succession]
    catchments: list[ref.CatchmentRow]
    changes: list[ref.ChangeRow]
    imd: list[ref.ImdRow]
    ruc: list[ref.RucRow]


def _read(folder: Path) -> _Parsed:
    def content(name: str) -> bytes:
        path = folder / name
        if not path.is_file():
            raise NOFFileError(name, f"is missing from {folder}")
        return path.read_bytes()

    parsed = _Parsed(
        ref.read_ods(content(ref.ODS_TRUSTS)),
        ref.read_successions(content(ref.SUCCESSIONS)),
        ref.read_catchments(content(ref.CATCHMENTS)),
        ref.read_changes(content(ref.CHANGES)),
        ref.read_imd(content(ref.IMD)),
        ref.read_ruc(content(ref.RUC)),
    )
    # Every district of a catchment must be a local authority we know (after 2023's changes).
    known = {row.code for row in parsed.imd} | {row.code for row in parsed.ruc}
    new_codes = {row.old_code: row.new_code for row in parsed.changes}
    for number, row in enumerate(parsed.catchments, start=2):
        if new_codes.get(row.district_code, row.district_code) not in known:
            raise NOFFileError(
                ref.CATCHMENTS, f"{row.district_code!r} is no local authority of {ref.IMD} or "
                f"{ref.RUC}, nor a changed district of {ref.CHANGES}", number, "ltla21_code",
            )  # fmt: skip
    for number, change in enumerate(parsed.changes, start=2):
        if change.new_code not in known:
            raise NOFFileError(ref.CHANGES, f"{change.new_code!r} is unknown", number,
                               "ltla24_code")  # fmt: skip
    return parsed


def _local_authorities(parsed: _Parsed) -> dict[str, LocalAuthority]:
    imd = {row.code: row for row in parsed.imd}
    ruc = {row.code: row for row in parsed.ruc}
    names = {c.new_code: c.new_name for c in parsed.changes}
    held = {la.code: la for la in LocalAuthority.objects.all()}
    found = {}
    for code in sorted(imd.keys() | ruc.keys()):
        la = held.get(code) or LocalAuthority(code=code)
        deprivation, rurality = imd.get(code), ruc.get(code)
        la.name = deprivation.name if deprivation else names.get(code, code)
        la.imd_average_score = deprivation.score if deprivation else None
        la.imd_rank_of_average_score = deprivation.rank if deprivation else None
        la.ruc = rurality.ruc if rurality else ""
        la.ruc_classification = rurality.classification if rurality else ""
        la.save()
        found[code] = la
    LocalAuthority.objects.exclude(code__in=found).delete()
    return found


def _illustrative_catchments(areas: dict[str, LocalAuthority]) -> list[CatchmentShare]:
    """The demo's fictional acute trusts, each given an illustrative catchment."""
    if not ImportRecord.objects.filter(illustrative=True).exists():
        return []
    codes = sorted(Trust.objects.filter(league__slug="acute").values_list("ods_code", flat=True))
    england = sorted(code for code, la in areas.items() if la.imd_average_score is not None)
    return [
        CatchmentShare(trust_code=code, district_code=area, local_authority=areas[area],
                       proportion=share, illustrative=True)
        for code, shares in demo_catchments.illustrative_catchments(codes, england).items()
        for area, share in shares.items()
    ]  # fmt: skip


def load_reference(*, folder: Path = FIXTURES) -> ReferenceResult:
    """Load (or load again) every reference file of `folder`, then derive the population notes."""
    parsed = _read(folder)
    with transaction.atomic():
        CatchmentShare.objects.all().delete()
        FormerDistrict.objects.all().delete()
        OdsTrust.objects.all().delete()
        TrustSuccession.objects.all().delete()
        OdsTrust.objects.bulk_create(
            OdsTrust(ods_code=r.code, name=r.name, region_code=r.region_code, icb_code=r.icb_code,
                     address=r.address, town=r.town, postcode=r.postcode, opened_on=r.opened_on,
                     closed_on=r.closed_on)
            for r in parsed.ods
        )  # fmt: skip
        TrustSuccession.objects.bulk_create(
            TrustSuccession(old_code=s.old_code, new_code=s.new_code, succeeded_on=s.on)
            for s in parsed.successions
        )
        areas = _local_authorities(parsed)
        FormerDistrict.objects.bulk_create(
            FormerDistrict(code=c.old_code, name=c.old_name, local_authority=areas[c.new_code])
            for c in parsed.changes
        )
        new_codes = {c.old_code: c.new_code for c in parsed.changes}
        CatchmentShare.objects.bulk_create(
            (CatchmentShare(trust_code=c.trust_code, district_code=c.district_code,
                            local_authority=areas[new_codes.get(c.district_code, c.district_code)],
                            proportion=c.proportion)
             for c in parsed.catchments),
            batch_size=2000,
        )  # fmt: skip
        illustrative = _illustrative_catchments(areas)
        CatchmentShare.objects.bulk_create(illustrative, batch_size=2000)
        notes = population.refresh_all()
        result = ReferenceResult(
            len(parsed.ods), len(parsed.successions), len(areas), len(parsed.changes),
            len(parsed.catchments), len(illustrative), notes,
        )  # fmt: skip
        audit.record("reference_loaded", str(folder.name), detail=result.summary())
        bump()  # search, the population panel and its note read the reference data
    return result
