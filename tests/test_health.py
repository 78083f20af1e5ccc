"""Health checks for the load balancer: liveness without the database, readiness with it."""

from __future__ import annotations

import pytest
from django.db import DatabaseError


def test_live_answers_without_the_database(client):
    # No django_db mark: any database access would fail the test.
    response = client.get("/health/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_ready_asks_the_database(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_ready_is_503_when_the_database_does_not_answer(client, monkeypatch, caplog):
    from leaguetables.web.views import health

    class Broken:
        def __enter__(self):
            raise DatabaseError("connection refused")

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr(health.connection, "cursor", lambda: Broken())
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable"}
    assert "database does not answer" in caplog.text


def test_health_is_never_cached(client, settings):
    settings.PAGE_CACHE = True
    response = client.get("/health/live", headers={"Accept-Encoding": "br"})
    assert "X-Cache" not in response and "ETag" not in response
