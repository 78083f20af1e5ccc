"""Lighter pages: what a first visit downloads, compressed as served, everything included, on
NHS England's real data; and static files hashed, pre-compressed and immutable."""

from __future__ import annotations

import brotli
import pytest
from django.core.management import call_command
from django.test import RequestFactory, override_settings

from benchmarks.weight import first_visit
from leaguetables import actions
from leaguetables.models import TrustQuarter
from tests.conftest import REAL_DATA_FILE, REAL_LEAGUE_FILE

pytestmark = [pytest.mark.django_db, pytest.mark.realdata]
LEAGUE = "/leagues/mental-health-and-community/2025-26-q4/"
KB = 1024


@pytest.fixture(scope="module")
def real_site(shared_data, django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        for path in (REAL_DATA_FILE, REAL_LEAGUE_FILE):
            actions.import_file(content=path.read_bytes(), source=path.name)
        yield
        call_command("flush", interactive=False, verbosity=0)


def test_the_trust_page_with_its_charts_weighs_under_400_kb_on_a_first_visit(client, real_site):
    tq = TrustQuarter.objects.filter(quarter__quarter=4).select_related("trust").first()
    weight = first_visit(client, f"/trusts/{tq.trust.ods_code}/")
    assert "/static/vendor/plotly/plotly-basic.min.js" in weight.assets, "drawn with plotly"
    assert weight.total < 400 * KB, weight.describe()


def test_the_league_page_weighs_under_60_kb_plus_cached_assets(client, real_site):
    weight = first_visit(client, LEAGUE)
    assert weight.page < 60 * KB, weight.describe()
    assert not [a for a in weight.assets if "plotly" in a], "no chart, no plotly"


def test_the_league_page_is_sent_compressed_at_that_weight(client, real_site, settings):
    settings.PAGE_CACHE = True
    response = client.get(LEAGUE, headers={"Accept-Encoding": "br"})
    assert response["Content-Encoding"] == "br"
    assert len(response.content) < 60 * KB
    assert brotli.decompress(response.content).startswith(b"<!DOCTYPE html>")


def test_static_files_are_hashed_precompressed_and_immutable(tmp_path):
    from whitenoise.middleware import WhiteNoiseMiddleware

    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "leaguetables.web.static.HashedCompressedStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages, WHITENOISE_USE_FINDERS=False):
        # The plotly bundle is the slowest to compress and tested by the weight tests.
        call_command("collectstatic", "--no-input", "-v", "0", "-i", "plotly-basic*")
        from django.contrib.staticfiles.storage import staticfiles_storage

        app = staticfiles_storage.url("js/app.js")
        assert app != "/static/js/app.js" and app.startswith("/static/js/app.")
        hashed = tmp_path / app.removeprefix("/static/")
        assert hashed.with_name(hashed.name + ".br").is_file()
        assert hashed.with_name(hashed.name + ".gz").is_file()
        # app.js imports NHS.UK frontend's module by its hashed name.
        module = staticfiles_storage.url("vendor/nhsuk-frontend/nhsuk-frontend.min.js")
        assert module.rsplit("/", 1)[-1] in hashed.read_text()
        middleware = WhiteNoiseMiddleware(lambda request: None)
        response = middleware(RequestFactory().get(app, headers={"Accept-Encoding": "br"}))
        assert response.status_code == 200
        assert "immutable" in response["Cache-Control"]
        assert response["Content-Encoding"] == "br"
        response.close()  # WhiteNoise's response holds the file open
