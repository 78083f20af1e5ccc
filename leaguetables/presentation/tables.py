"""django-tables2 tables: column definitions, their sort keys and plain-link sort headers.

django-tables2 validates and applies the ordering; the rows themselves are rendered by a lean
Jinja2 template (its default per-cell rendering costs ~49 ms for 140 rows; ours a few).
Rows are dicts from `presenters`; every column sorts on a `*_sort` key that is never None.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import django_tables2 as tables
from django.core.exceptions import BadRequest
from django.http import QueryDict

from leaguetables.presentation import words

SORT_PARAM = "sort"


class BadSort(BadRequest):
    """A sort value that names no sortable column: the page answers 400 with this message."""


def _column(label: str, key: str, orderable: bool = True) -> tables.Column:
    return tables.Column(
        verbose_name=label, accessor=key, order_by=f"{key}_sort", orderable=orderable
    )


class LeagueTable(tables.Table):
    rank = _column("Rank", "rank")
    trust = _column("Trust", "trust")
    segment = _column("Segment", "segment")
    context = _column("Context", "context")
    average_score = _column("Average score", "average_score")
    change = _column("Change since last quarter", "change")

    class Meta:
        order_by_field = SORT_PARAM
        orderable = True


def dynamic_table(columns: Sequence[tuple[str, str]]) -> type[tables.Table]:
    """A table class for columns known only from the data (a service's metrics)."""
    attrs = {key: _column(label, key) for key, label in columns}
    attrs["Meta"] = type("Meta", (), {"order_by_field": SORT_PARAM, "orderable": True})
    return type("DynamicTable", (tables.Table,), attrs)


@dataclass(frozen=True)
class Header:
    key: str
    label: str
    href: str | None
    aria_sort: str | None  # "ascending" / "descending" on the column the rows are sorted by
    numeric: bool = False


def order(table: tables.Table, sort: str | None) -> None:
    """Apply `?sort=`: a column name, "-" for descending. Anything else is refused."""
    if not sort:
        return
    valid = {c.name for c in table.columns if c.orderable}
    if sort.removeprefix("-") not in valid:
        raise BadSort(f"We cannot sort by {sort!r}. Use one of {', '.join(sorted(valid))}.")
    table.order_by = sort


def known(query: QueryDict, names: Iterable[str] = ()) -> QueryDict:
    """The query string with only the parameters a page reads (its filters and `sort`): links
    built from it never carry a parameter someone typed onto the address."""
    allowed = {SORT_PARAM, *names}
    kept = QueryDict(mutable=True)
    for name in query:
        if name in allowed:
            kept.setlist(name, query.getlist(name))
    return kept


@dataclass(frozen=True)
class SortOption:
    value: str
    text: str
    selected: bool


def sort_options(table: tables.Table, query: QueryDict, default: str) -> list[SortOption]:
    """Every order the table offers, for a sort form that works where the column headers are
    hidden (the table shown as blocks on a phone)."""
    current = query.get(SORT_PARAM) or default
    found = []
    for column in table.columns:
        if not column.orderable:
            continue
        ascending, descending = words.sort_words(column.name, str(column.header))
        for value, text in ((column.name, ascending), (f"-{column.name}", descending)):
            found.append(SortOption(value, text, value == current))
    return found


def headers(
    table: tables.Table, query: QueryDict, numeric: set[str] = frozenset(),
    filters: Iterable[str] = (),
) -> list[Header]:  # fmt: skip
    """Column headers whose links sort the table, keeping every filter in the query string (and
    nothing else)."""
    query = known(query, filters)
    current = query.get(SORT_PARAM, "")
    result = []
    for column in table.columns:
        if not column.orderable:
            result.append(Header(column.name, str(column.header), None, None))
            continue
        name = column.name
        if current == name:
            aria, following = "ascending", f"-{name}"
        elif current == f"-{name}":
            aria, following = "descending", name
        else:
            aria, following = None, name
        params = query.copy()
        params[SORT_PARAM] = following
        result.append(
            Header(name, str(column.header), "?" + params.urlencode(), aria, name in numeric)
        )
    return result


def sorted_rows(table: tables.Table) -> list[dict]:
    return list(table.data)
