"""Property-based fuzzing (hypothesis), seeded and bounded so it runs in `make test`: no address
or query string gives a server error, and no corruption of NHS England's real files gives
anything but a clear refusal naming the file, row and column, with the database unchanged, or
a clean import."""

from __future__ import annotations

import functools
import string
from urllib.parse import quote, urlencode

import pytest
from django.apps import apps
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leaguetables import actions
from leaguetables.nof.files import NOFFileError
from tests import nof_files
from tests.conftest import REAL_DATA_FILE, REAL_LEAGUE_FILE

pytestmark = pytest.mark.django_db

# Seeded (the same examples every run), bounded, and no example database left behind.
FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=150,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

LEAGUE = "mental-health-and-community"
ROUTES = [
    "/",
    "/leagues/{league}/",
    "/leagues/{league}/{quarter}/",
    "/leagues/{league}/{quarter}/services/{service}/",
    "/leagues/{league}/{quarter}/metrics/{metric}/",
    "/trusts/",
    "/trusts/{code}/",
    "/trusts/{code}/{quarter}/",
    "/releases/",
    "/releases/{league}/{quarter}/",
    "/about/",
    "/about/{page}/",
    "/compare/",
    "/account/sign-in/",
    "/team/",
    # Open data: the API, feeds, embeds, bulk files.
    "/api/v1/leagues",
    "/api/v1/leagues/{league}",
    "/api/v1/leagues/{league}/{quarter}",
    "/api/v1/leagues/{league}/{quarter}/notes",
    "/api/v1/leagues/{league}/{quarter}/metrics/{metric}",
    "/api/v1/leagues/{league}/{quarter}/services/{service}",
    "/api/v1/trusts",
    "/api/v1/trusts/{code}",
    "/api/v1/trusts/{code}/{quarter}",
    "/api/v1/releases",
    "/feeds/releases.atom",
    "/feeds/leagues/{league}.atom",
    "/feeds/trusts/{code}.atom",
    "/embed/trusts/{code}/",
    "/embed/trusts/{code}/rank.svg",
    "/data/bulk/{file}",
]
KNOWN = {
    "league": [LEAGUE, "acute", "ambulance", "dentists"],
    "quarter": ["2025-26-q1", "2025-26-q2", "2025-26-q5", "2024-25-q4", "2025-26-Q1", "q1"],
    "service": ["elective-care", "urgent-and-emergency-care", "nothing"],
    "metric": ["OF0005", "OF1016", "OF5000", "of0005", "OF0005a"],
    "code": ["ZZ1", "zz2", "ZZ9", "R1A"],
    "page": ["methodology", "reading", "data", "secret"],
    "file": ["datapackage.json", f"{LEAGUE}.csv", f"{LEAGUE}-notes.csv", "acute.csv"],
}
KEYS = ["q", "segment", "sort", "override", "recovery", "region", "subtype", "download", "page",
        "next", "format", "compare", "trusts", "quarter"]  # fmt: skip
NASTY = ["", "0", "-1", "1e309", "NaN", "%00", "\x00", "\n", "'", '"', "<script>", "../..",
         "=1+1", "9" * 400, "ＯＦ０００５", "١", "🙂", "\ud800", "-average_score", "csv", "json",
         "xlsx", "yes", "no", "3", "ZZ1,ZZ2", "ZZ1,ZZ2,ZZ3,ZZ9,R1A", "zz2"]  # fmt: skip
# Any text, and the surrogates and control characters a forged address can carry.
text = st.one_of(st.sampled_from(NASTY), st.text(max_size=40),
                 st.text(st.characters(codec="utf-8"), max_size=12))  # fmt: skip


def segment(name: str) -> st.SearchStrategy[str]:
    """A path part: one this site has, a near miss, or anything at all, escaped."""
    return st.one_of(st.sampled_from(KNOWN[name]), text).map(
        lambda part: quote(part.encode("utf-8", "surrogatepass"), safe="")
    )


@st.composite
def addresses(draw) -> str:
    route = draw(st.sampled_from(ROUTES))
    parts = {name: draw(segment(name)) for name in KNOWN if "{" + name + "}" in route}
    path = route.format(**parts)
    pairs = draw(st.lists(st.tuples(st.one_of(st.sampled_from(KEYS), text), text), max_size=4))
    if pairs:
        encoded = [(k.encode("utf-8", "surrogatepass"), v.encode("utf-8", "surrogatepass"))
                   for k, v in pairs]  # fmt: skip
        path += "?" + urlencode(encoded)
    return path


@pytest.fixture
def site():
    actions.import_file(content=nof_files.data_file(), source="data-q1.csv")
    rows = nof_files.trust_rows() + nof_files.trust_rows("Q2 2025/26")
    actions.import_file(content=nof_files.data_file(rows), source="data-q2.csv")
    actions.import_file(content=nof_files.league_file(nof_files.league_rows("Q2 2025/26")),
                        source="league-q2.csv")  # fmt: skip


@FUZZ
@given(address=addresses())
def test_no_address_or_query_string_gives_a_server_error(client, site, address):
    response = client.get(address)
    assert response.status_code < 500, address
    assert response.status_code in (200, 301, 302, 400, 404, 405, 410), address


@FUZZ
@given(address=addresses(), method=st.sampled_from(["post", "head", "options", "put", "delete"]))
def test_no_method_on_any_address_gives_a_server_error(client, site, address, method):
    response = getattr(client, method)(address)
    assert response.status_code < 500, (method, address)


# The importer ---------------------------------------------------------------------------------


def _real(path) -> bytes:
    from tests.conftest import require

    require(path.is_file(), f"real NOF data in {path.parent}")
    return path.read_bytes()


def data_sample() -> bytes:
    """NHS England's real data file, cut to the rows of its first four trusts (each import a
    fraction of a second): header, rows, line endings and encoding exactly as published."""
    lines = _real(REAL_DATA_FILE).splitlines(keepends=True)
    codes: list[bytes] = []
    kept = [lines[0]]
    for line in lines[1:]:
        code = line.split(b",")[4]
        if code not in codes and len(codes) < 4:
            codes.append(code)
        if code in codes:
            kept.append(line)
    return b"".join(kept)


@st.composite
def corrupted(draw, original: bytes) -> bytes:
    """The file with one to three random corruptions: bytes changed, inserted or deleted, a
    cell replaced, lines dropped, repeated or swapped, or the file cut short."""
    content = bytearray(original)
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["byte", "insert", "delete", "cell", "drop", "repeat",
                                     "swap", "truncate"]))  # fmt: skip
        at = draw(st.integers(0, max(len(content) - 1, 0)))
        if kind == "byte" and content:
            content[at] = draw(st.integers(0, 255))
        elif kind == "insert":
            content[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif kind == "delete":
            del content[at : at + draw(st.integers(1, 40))]
        elif kind == "truncate":
            del content[at:]
        else:
            lines = bytes(content).split(b"\n")
            i = draw(st.integers(0, len(lines) - 1))
            j = draw(st.integers(0, len(lines) - 1))
            if kind == "cell":
                cells = lines[i].split(b",")
                k = draw(st.integers(0, len(cells) - 1))
                cells[k] = draw(st.sampled_from(NASTY)).encode("utf-8", "surrogatepass")
                lines[i] = b",".join(cells)
            elif kind == "drop":
                del lines[i]
            elif kind == "repeat":
                lines.insert(j, lines[i])
            else:
                lines[i], lines[j] = lines[j], lines[i]
            content = bytearray(b"\n".join(lines))
    return bytes(content)


def counts() -> dict[str, int]:
    """Every table of ours, counted: a refused file changes none of them."""
    return {m.__name__: m.objects.count() for m in apps.get_app_config("leaguetables").get_models()}


def import_verdict(content: bytes, source: str) -> str:
    """Import in a savepoint rolled back afterwards (each example starts from the same data):
    "imported", or the refusal's message, after checking that it changed nothing."""
    before = counts()
    savepoint = transaction.savepoint()
    try:
        actions.import_file(content=content, source=source)
        return "imported"
    except NOFFileError as exc:
        message = str(exc)
        assert source in message, message  # names the file
        assert counts() == before, message  # and left the database as it was
        return message
    finally:
        transaction.savepoint_rollback(savepoint)


@pytest.fixture
def real_data_imported() -> None:
    actions.import_file(content=real_files()[0], source="data.csv")


@functools.cache
def real_files() -> tuple[bytes, bytes]:
    return data_sample(), _real(REAL_LEAGUE_FILE)


@settings(FUZZ, max_examples=60)
@given(content=st.deferred(lambda: corrupted(real_files()[0])))
def test_a_corrupted_real_data_file_is_refused_cleanly_or_imported(content):
    import_verdict(content, "corrupted-data.csv")


@settings(FUZZ, max_examples=60)
@given(content=st.deferred(lambda: corrupted(real_files()[1])))
def test_a_corrupted_real_league_table_file_is_refused_cleanly_or_imported(
    real_data_imported, content
):
    import_verdict(content, "corrupted-league.csv")


def test_the_sample_is_the_real_file_and_imports_whole():
    result = actions.import_file(content=real_files()[0], source="sample.csv")
    assert result.trusts == 4 and len(result.quarters) >= 3
    assert real_files()[0].startswith(_real(REAL_DATA_FILE)[:200])


ALPHABET = string.ascii_letters + string.digits + ",.\"'-_ \r\n\t%£"


@settings(FUZZ, max_examples=60)
@given(content=st.one_of(st.binary(max_size=400), st.text(ALPHABET, max_size=400).map(str.encode)))
def test_any_bytes_at_all_are_refused_cleanly(content):
    verdict = import_verdict(content, "random.csv")
    assert verdict != "imported"
