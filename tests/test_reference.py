"""load_reference: the shipped reference files load, load again to the same rows, and a bad cell
is named by file, row and column and changes nothing."""

from __future__ import annotations

import io
import shutil
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from leaguetables.actions import reference
from leaguetables.models import (
    AuditEntry,
    CatchmentShare,
    FormerDistrict,
    LocalAuthority,
    OdsTrust,
    TrustSuccession,
)
from leaguetables.nof import reference_files as ref
from leaguetables.nof.cells import NOFFileError

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (OdsTrust, TrustSuccession, LocalAuthority, FormerDistrict, CatchmentShare)
    )


@pytest.fixture
def copied(tmp_path: Path) -> Path:
    for name in ref.FILES:
        shutil.copy(reference.FIXTURES / name, tmp_path / name)
    return tmp_path


def test_the_shipped_files_load_and_loading_again_changes_nothing():
    out = io.StringIO()
    call_command("load_reference", stdout=out)
    assert "catchment shares" in out.getvalue()
    first = counts()
    assert first == (274, 422, 318, 17, 5670)
    areas = dict(LocalAuthority.objects.values_list("code", "imd_average_score"))
    call_command("load_reference", stdout=io.StringIO())
    assert counts() == first
    assert dict(LocalAuthority.objects.values_list("code", "imd_average_score")) == areas
    assert AuditEntry.objects.filter(action="reference_loaded").count() == 2


def test_what_the_files_say_is_stored_as_they_say_it():
    reference.load_reference()
    rxg = OdsTrust.objects.get(ods_code="RXG")
    assert (rxg.town, rxg.postcode, rxg.closed_on) == ("WAKEFIELD", "WF1 3SP", None)
    assert OdsTrust.objects.get(ods_code="RVJ").closed_on == date(2026, 6, 30)
    scarborough = FormerDistrict.objects.get(name="Scarborough")
    assert scarborough.local_authority.name == "North Yorkshire"
    # A 2021 district's share is kept under its own code and counted in its 2024 authority.
    share = CatchmentShare.objects.filter(district_code="E07000168").first()
    assert share.local_authority.code == "E06000065"
    kirklees = LocalAuthority.objects.get(name="Kirklees")
    assert kirklees.ruc == "Urban" and kirklees.imd_average_score > 0
    assert LocalAuthority.objects.filter(code__startswith="W", imd_average_score=None).exists()


def break_cell(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize(
    "name, old, new, expected",
    [
        (ref.CATCHMENTS, "R0A,E06000002,3.765668157487005e-06", "R0A,E06000002,1.5",
         "row 2, column 'proportion_trust_came_from_ltla'"),
        (ref.CATCHMENTS, "R0A,E06000002,", "R0A,X1,", "row 2, column 'ltla21_code'"),
        (ref.IMD, "Hartlepool,23075.98,30.0,37.58", "Hartlepool,23075.98,30.0,lots",
         "row 2, column 'imd_average_score'"),
        (ref.RUC, "UUN,Urban: Majority nearer to a major town or city,Urban",
         "UUN,Urban: Majority nearer to a major town or city,Suburban", "row 2, column 'ruc'"),
        (ref.SUCCESSIONS, "RBZ,RH8,2022-04-01", "RBZ,RH8,2022-13-01", "row 2, column 'date'"),
        (ref.ODS_TRUSTS, '"R0A","MANCHESTER', '"r0a!","MANCHESTER', "column 'code'"),
        (ref.CHANGES, "E07000026,Allerdale,E06000063", "E07000026,Allerdale,E0600006X",
         "row 2, column 'ltla24_code'"),
    ],
)  # fmt: skip
def test_a_bad_cell_is_named_by_file_row_and_column_and_changes_nothing(
    copied, name, old, new, expected
):
    reference.load_reference(folder=copied)
    before = counts()
    break_cell(copied, name, old, new)
    with pytest.raises(NOFFileError) as caught:
        reference.load_reference(folder=copied)
    assert str(caught.value).startswith(name) and expected in str(caught.value)
    assert counts() == before


def test_a_catchment_whose_shares_do_not_sum_to_one_is_refused(copied):
    break_cell(copied, ref.CATCHMENTS, "R0A,E06000006,0.0004697863152391441", "R0A,E06000006,0.5")
    with pytest.raises(NOFFileError, match="R0A's proportions sum to"):
        reference.load_reference(folder=copied)
    assert counts() == (0, 0, 0, 0, 0)


def test_a_missing_file_or_a_non_utf8_byte_is_refused_by_the_command(copied):
    (copied / ref.RUC).unlink()
    with pytest.raises(CommandError, match="ruc21-ltla24.csv: is missing.*nothing was changed"):
        call_command("load_reference", str(copied), stdout=io.StringIO())
    shutil.copy(reference.FIXTURES / ref.RUC, copied / ref.RUC)
    (copied / ref.IMD).write_bytes((copied / ref.IMD).read_bytes().replace(b"Hartlepool", b"H\xe9"))
    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("load_reference", str(copied), stdout=io.StringIO())
    assert counts() == (0, 0, 0, 0, 0)


def test_duplicate_rows_and_missing_columns_are_refused():
    with pytest.raises(NOFFileError, match="'RBZ', 'RH8'.*appears twice|appears twice"):
        ref.read_successions(b"old_code,new_code,date\nRBZ,RH8,2022-04-01\nRBZ,RH8,2022-04-01\n")
    with pytest.raises(NOFFileError, match="has no ruc column"):
        ref.read_ruc(b"ltla24_code,ruc21_code,classification\nE06000001,UUN,Urban\n")
    with pytest.raises(NOFFileError, match="header but no rows"):
        ref.read_changes(b"ltla21_code,ltla21_name,ltla24_code,ltla24_name\n")
    with pytest.raises(NOFFileError, match="is the same code"):
        ref.read_successions(b"old_code,new_code,date\nRBZ,RBZ,2022-04-01\n")
    with pytest.raises(NOFFileError, match="not at least 12"):
        ref.read_ods(b'"R0A","X"\n')
    with pytest.raises(NOFFileError, match="is empty"):
        ref.read_ods(b"")
    bad_postcode = b'"R0A","X","Y62","QOP","A","","","TOWN","","NOT A CODE","20171001",""\n'
    with pytest.raises(NOFFileError, match="not a postcode"):
        ref.read_ods(bad_postcode)
    closes_early = b'"R0A","X","Y62","QOP","A","","","TOWN","","M13 9WL","20171001","20160101"\n'
    with pytest.raises(NOFFileError, match="before the open date"):
        ref.read_ods(closes_early)
    with pytest.raises(NOFFileError, match="control character"):
        ref.read_ods(b'"R0A","X\x01","Y62","QOP","A","","","TOWN","","M13 9WL","20171001",""\n')
