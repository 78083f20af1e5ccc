"""Every cell checked as NHS England writes it, with the same verdict on SQLite and PostgreSQL:
a bad file names its row and column and leaves the database exactly as it was; a bad address
is a 400 or 404, never a 500."""

from __future__ import annotations

import io

import pytest

from leaguetables import actions
from leaguetables.nof import reading
from leaguetables.nof.files import NOFFileError, parse
from tests import nof_files
from tests.test_import import snapshot
from tests.test_settings import load_settings

pytestmark = pytest.mark.django_db


def with_cell(row_index: int, column: str, value: str, league: bool = False) -> bytes:
    rows = nof_files.league_rows() if league else nof_files.trust_rows()
    rows[row_index][column] = value
    return nof_files.league_file(rows) if league else nof_files.data_file(rows)


# (what is wrong, the file, the row and column named, words of the message)
CASES = [
    ("a NUL in a name", with_cell(0, "Trust_name", "Ashcombe\x00 NHS Trust"), 2, "Trust_name",
     "control character"),
    ("a newline in a trust code", with_cell(0, "Trust_code", "ZZ1\nZZ9"), 2, "Trust_code",
     "control character"),
    ("an over-long ODS code", with_cell(0, "Trust_code", "ZZ12345678"), 2, "Trust_code",
     "ODS code"),
    ("an ODS code with a space", with_cell(0, "Trust_code", "ZZ 1"), 2, "Trust_code", "ODS code"),
    ("a name too long to store", with_cell(0, "Trust_name", "A" * 201), 2, "Trust_name",
     "at most 200"),
    ("an underscore in a number", with_cell(0, "Value", "1_5"), 2, "Value", "not a number"),
    ("Arabic-Indic digits", with_cell(0, "Value", "\u0661\u0662"), 2, "Value", "not a number"),
    ("an exponent", with_cell(0, "Value", "1e3"), 2, "Value", "not a number"),
    ("infinity", with_cell(0, "Value", "inf"), 2, "Value", "not a number"),
    ("a rank of -0", with_cell(0, "Rank", "-0"), 2, "Rank", "outside at least 1"),
    ("a rank of 0", with_cell(0, "Rank", "0.0"), 2, "Rank", "outside at least 1"),
    ("a score above 4", with_cell(1, "Value", "4.5"), 3, "Value", "outside 0 to 4"),
    ("an average of 15", with_cell(5, "Value", "15.0"), 7, "Value", "outside 1 to 4"),
    ("a segment of 6", with_cell(4, "Value", "6.0"), 6, "Value", "outside 1 to 4"),
    ("a deficit flag of 2", with_cell(7, "Value", "2.0"), 9, "Value", "outside 0 to 1"),
    ("a league average of 15", with_cell(0, "Average_score", "15.0", league=True), 2,
     "Average_score", "outside 1 to 4"),
    ("a league segment of 0", with_cell(0, "Segment", "0.0", league=True), 2, "Segment",
     "outside 1 to 5"),
    ("a likely rank below 1", with_cell(0, "Likely_range_of_rank", "0 to 3", league=True), 2,
     "Likely_range_of_rank", "outside"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "content", "row", "column", "words"), CASES,
                         ids=[case[0] for case in CASES])  # fmt: skip
def test_a_bad_cell_is_refused_naming_row_and_column_and_changes_nothing(
    case, content, row, column, words
):
    actions.import_file(content=nof_files.data_file(nof_files.trust_rows("Q2 2025/26")),
                        source="q2.csv")  # fmt: skip
    before = snapshot()
    with pytest.raises(NOFFileError) as raised:
        actions.import_file(content=content, source="bad.csv")
    error = raised.value
    assert (error.source, error.row, error.column) == ("bad.csv", row, column), str(error)
    assert words in error.message, str(error)
    assert snapshot() == before


def test_a_stray_windows_byte_is_named_where_it_is_not_read_as_another_encoding():
    content = nof_files.data_file().replace(b"Coldharbour Care", b"Coldharbour \x96 Care")
    with pytest.raises(NOFFileError) as raised:
        parse(content, "cp1252.csv")
    error = raised.value
    assert error.column == "Trust_name" and error.row is not None and error.row > 1
    assert "0x96" in error.message and "not UTF-8" in error.message


class EndlessFile(io.RawIOBase):
    """A 'file' of a header and then endless valid rows, counting what is read of it."""

    def __init__(self):
        self.read_bytes = self.rows = 0
        self.header = (",".join(nof_files.DATA_HEADER) + "\n").encode()
        self.row = nof_files.write(nof_files.trust_rows()[:1], nof_files.DATA_HEADER,
                                   bom=False).split(b"\n", 1)[1]  # fmt: skip

    def readable(self) -> bool:
        return True

    def readline(self, size: int = -1) -> bytes:
        if self.read_bytes:
            self.rows += 1
            line = self.row.replace(b",ZZ1,", f",Y{self.rows:04d},".encode())
        else:
            line = self.header
        self.read_bytes += len(line)
        return line


def test_a_huge_file_is_refused_after_reading_no_more_than_the_limit():
    endless = EndlessFile()
    with pytest.raises(NOFFileError, match="larger than 1 MB"):
        parse(endless, "huge.csv", max_bytes=1024 * 1024)
    assert endless.read_bytes <= 1024 * 1024 + reading.MAX_LINE_BYTES


def test_a_line_longer_than_any_real_one_is_refused_without_reading_it_all():
    content = nof_files.data_file() + b"x" * (reading.MAX_LINE_BYTES + 10)
    with pytest.raises(NOFFileError, match="has a line over"):
        parse(content, "long.csv")


@pytest.mark.parametrize(
    "url",
    [
        "/trusts/?q=%00",
        "/trusts/%00/",
        "/trusts/ZZ1%00/",
        "/leagues/mental-health-and-community/2025-26-q1/metrics/OF%000005/",
        "/leagues/mental-health-and-community/2025-26-q1/?region=%00",
        "/leagues/mental%00/2025-26-q1/",
        "/trusts/?q=a%0Ab",
        "/about/%00/",
    ],
)
def test_an_address_with_a_control_character_is_a_400_not_a_500(client, url):
    actions.import_file(content=nof_files.data_file(), source="data.csv")
    response = client.get(url)
    assert response.status_code in (400, 404), (url, response.status_code)
    assert b"Sorry, there is a problem" not in response.content


def test_sqlite_readers_are_not_locked_out_by_an_import():
    """The embedded default runs SQLite in WAL mode with a busy timeout (checked in a fresh
    process: the test database here may be PostgreSQL)."""
    done = load_settings(DATABASE_URL="sqlite:////tmp/leaguetables-wal-check.sqlite3")
    assert done.returncode == 0, done.stderr
    code = ("import leaguetables.settings as s; o = s.DATABASES['default']['OPTIONS']; "
            "print(o['init_command'], o['timeout'])")  # fmt: skip
    done = load_settings(code=code)
    assert "journal_mode=WAL" in done.stdout and int(done.stdout.split()[-1]) >= 5
