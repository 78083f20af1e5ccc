"""Shared fixtures. Tests that need real data or a browser skip outside CI, fail under CI=true."""

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO.parent / "shared" / "data" / "nhs-oversight-framework"
REAL_STEM = "nhs-oversight-framework-mental-health-and-community-trust"
REAL_DATA_FILE = SHARED_DATA / f"{REAL_STEM}-data-q4-25-26.csv"
REAL_LEAGUE_FILE = SHARED_DATA / f"{REAL_STEM}-league-table-q4-25-26.csv"
IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture(scope="session", autouse=True)
def plain_static_files_and_no_page_cache():
    """Tests read the static files where they are (no collectstatic before every run: one test
    collects with the hashed storage) and build every page afresh: a page cache shared between
    tests whose databases are rolled back to the same data version would serve one test's pages
    to another. tests/test_caching.py turns the cache on."""
    from django.test import override_settings

    override = override_settings(
        PAGE_CACHE=False,
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    )
    override.enable()
    yield
    override.disable()


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
    present = REAL_DATA_FILE.is_file() and REAL_LEAGUE_FILE.is_file()
    require(present, f"real NOF data in {SHARED_DATA}")
    return SHARED_DATA


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="module")
def chromium():
    """Debian's Chromium driven by Playwright's sync API, one per test module.

    Playwright's sync API runs an asyncio loop in this thread, so Django would refuse database
    access from the test (SynchronousOnlyOperation); the flag that allows it is set only while
    the browser is open.
    """
    require(CHROMIUM.is_file(), f"Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous
