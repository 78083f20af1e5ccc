"""The API's Pydantic schemas, generated from the typed rows the pages use
(`presentation/`'s dataclasses), so a field is declared once: a column added to `LeagueRow`
is in the API and its OpenAPI schema with no second declaration here.

`schema_of(cls)` reads a dataclass's fields (and any properties asked for) with their types,
and builds a django-ninja `Schema` that reads the same attributes (`from_attributes`): the
API returns the very rows a page renders. Types JSON has no word for are mapped once:
tuples to arrays, integer-keyed mappings to string-keyed objects, the model `Metric` to a
`ModelSchema`, a `Note` to `{kind, short, long, source}`.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping, Sequence
from datetime import datetime
from functools import cache
from typing import Annotated, Any, Union

from ninja import ModelSchema, Schema
from pydantic import BeforeValidator, create_model

from leaguetables.models import Metric
from leaguetables.presentation.rows import LICENCE, LICENCE_TEXT, LICENCE_URL, Note, Source

API_VERSION = "1"


class NoteSchema(Schema):
    """A context note as every download carries it (`Note.as_dict`)."""

    kind: str
    label: str
    short: str
    long: str
    source: str
    automatic: bool
    facts: dict[str, Any]


class MetricSchema(ModelSchema):
    class Meta:
        model = Metric
        fields = ["metric_id", "units", "description", "domain", "sub_domain", "kind",
                  "direction", "paired_metric_id", "counts_towards_average"]  # fmt: skip


class Licence(Schema):
    name: str = LICENCE
    url: str = LICENCE_URL
    text: str = LICENCE_TEXT


class Error(Schema):
    """A refusal: 400 for a bad query, 404 for an address naming nothing public, 410 for a
    withdrawn release (saying when and why)."""

    detail: str


# Types a dataclass field may have that JSON spells differently.
OVERRIDES: dict[Any, Any] = {Note: NoteSchema, Metric: MetricSchema}


def _string_keys(value: Any) -> Any:
    return {str(key): item for key, item in value.items()} if isinstance(value, Mapping) else value


def annotation(hint: Any) -> Any:
    """The Pydantic annotation of a dataclass field's type hint."""
    if hint in OVERRIDES:
        return OVERRIDES[hint]
    if dataclasses.is_dataclass(hint):
        return schema_of(hint)
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (Union, types.UnionType):
        return Union[tuple(annotation(arg) for arg in args)]  # noqa: UP007
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return list[annotation(args[0])]
        return tuple[tuple(annotation(arg) for arg in args)]
    if origin in (list, Sequence):
        return list[annotation(args[0])]
    if origin in (dict, Mapping):
        key, value = args
        if key is not str:
            return Annotated[dict[str, annotation(value)], BeforeValidator(_string_keys)]
        return dict[str, annotation(value)]
    return hint


@cache
def schema_of(
    cls: type, exclude: tuple[str, ...] = (), properties: tuple[str, ...] = ()
) -> type[Schema]:
    """A Schema of a dataclass's fields, less `exclude`, plus read-only `properties`."""
    hints = typing.get_type_hints(cls)
    fields: dict[str, Any] = {
        f.name: (annotation(hints[f.name]), ...)
        for f in dataclasses.fields(cls)
        if f.name not in exclude
    }
    for name in properties:
        returns = typing.get_type_hints(getattr(cls, name).fget)["return"]
        fields[name] = (annotation(returns), ...)
    return create_model(cls.__name__, __base__=Schema, __doc__=_doc(cls), **fields)


def _doc(cls: type) -> str | None:
    doc = cls.__doc__ or ""
    # A dataclass with no docstring gets its signature as one: not worth showing.
    return None if doc.startswith(cls.__name__ + "(") else doc.strip() or None


SourceSchema = schema_of(Source)


class Context(Schema):
    """What every response says about itself: the API version, the licence and where the
    numbers came from."""

    api_version: str = API_VERSION
    licence: Licence = Licence()
    source: str
    source_files: list[SourceSchema]  # type: ignore[valid-type]
    illustrative: bool
    generated_at: datetime


__all__ = ["API_VERSION", "Context", "Error", "Licence", "NoteSchema", "schema_of"]
