"""schemathesis against the API's own OpenAPI schema, in-process (WSGI): no generated request
gives a server error, and no response violates the schema (status codes, content types,
bodies, headers)."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, settings

from leaguetables.wsgi import application
from tests.test_api import site  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


# Loaded at collection, outside any test's database: the schema is the code's, not the data's,
# so the page cache (which reads the data version) stays out of it.
with override_settings(PAGE_CACHE=False):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture(autouse=True)
def one_connection():
    """The WSGI app called directly would close the test's database connection at the end
    of each request (PostgreSQL); Django's own test client holds it open the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=40, derandomize=True, database=None, deadline=None,
          suppress_health_check=list(HealthCheck))  # fmt: skip
def test_no_request_gives_a_server_error_or_breaks_the_schema(case, site):  # noqa: F811
    case.call_and_validate()


LEAGUE = {"league": "mental-health-and-community", "quarter": "2025-26-q1"}
KNOWN = [
    ("/", {}), ("/leagues", {}), ("/leagues/{league}", {"league": LEAGUE["league"]}),
    ("/leagues/{league}/{quarter}", LEAGUE), ("/leagues/{league}/{quarter}/notes", LEAGUE),
    ("/leagues/{league}/{quarter}/metrics", LEAGUE),
    ("/leagues/{league}/{quarter}/metrics/{metric_id}", {**LEAGUE, "metric_id": "OF0005"}),
    ("/leagues/{league}/{quarter}/services", LEAGUE),
    ("/leagues/{league}/{quarter}/services/{service}", {**LEAGUE, "service": "elective-care"}),
    ("/trusts", {}), ("/trusts/{code}", {"code": "ZZ1"}),
    ("/trusts/{code}/{quarter}", {"code": "ZZ1", "quarter": "2025-26-q1"}), ("/releases", {}),
]  # fmt: skip


TABLES = {"/leagues/{league}/{quarter}", "/leagues/{league}/{quarter}/notes", "/trusts/{code}",
          "/leagues/{league}/{quarter}/metrics/{metric_id}", "/trusts/{code}/{quarter}",
          "/leagues/{league}/{quarter}/services/{service}"}  # fmt: skip


@pytest.mark.parametrize(
    "path,parameters,format",
    [(path, parameters, "json") for path, parameters in KNOWN]
    + [(path, parameters, "csv") for path, parameters in KNOWN if path in TABLES],
)
def test_every_operation_answers_a_known_address_within_its_schema(site, path, parameters,  # noqa: F811
                                                                   format):  # fmt: skip
    operation = schema["/api/v1" + path]["GET"]
    query = {"format": format} if path in TABLES else {}
    response = operation.Case(path_parameters=parameters, query=query).call_and_validate()
    assert response.status_code == 200
    headers = {name.lower(): value for name, value in response.headers.items()}
    found = headers["content-type"]
    found = found[0] if isinstance(found, list) else found
    assert found.startswith("text/csv" if format == "csv" else "application/json")
