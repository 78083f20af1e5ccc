"""Shared fixtures. Tests that need real data or a browser skip outside CI and fail under CI=true."""

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO.parent / "shared" / "data" / "nhs-oversight-framework"
REAL_DATA_FILE = SHARED_DATA / "nhs-oversight-framework-mental-health-and-community-trust-data-q4-25-26.csv"
REAL_LEAGUE_FILE = (
    SHARED_DATA / "nhs-oversight-framework-mental-health-and-community-trust-league-table-q4-25-26.csv"
)
IN_CI = os.environ.get("CI", "").lower() == "true"


def require(condition: bool, missing: str) -> None:
    """Skip with a message naming what is missing; under CI=true, fail instead."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI=true and {missing} is missing", pytrace=False)
    pytest.skip(f"{missing} is missing")


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The folder of NHS England's real files, beside the project in ../shared."""
    require(REAL_DATA_FILE.is_file() and REAL_LEAGUE_FILE.is_file(), f"real NOF data in {SHARED_DATA}")
    return SHARED_DATA
