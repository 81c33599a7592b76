"""Lists of dataclass records as JSON columns, generic over the dataclass's fields.

One list per field (columnar: compact, and quick to turn back into objects). A field whose
type is a frozen dataclass (a Quote's Speaker) is stored once per distinct value, in a table
the records point into, so shared values stay shared after loading; so is a field declared as a
tuple of JSON values (a Quote's rules), given back as tuples. A field added to a record
type round-trips without changes here, as long as its values are JSON values (str, int,
float, bool, None, or lists and dicts of them).
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Sequence
from typing import Any

_JSON_TYPES = (str, int, float, bool, type(None), list, dict)


@functools.cache
def _nested_type(cls: type, name: str) -> type | None:
    """The dataclass a field of ``cls`` holds (also as ``X | None``), or None."""
    hint = typing.get_type_hints(cls)[name]
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        members = [h for h in typing.get_args(hint) if h is not type(None)]
        hint = members[0] if len(members) == 1 else None
    return hint if isinstance(hint, type) and dataclasses.is_dataclass(hint) else None


@functools.cache
def _tuple_field(cls: type, name: str) -> bool:
    """True for a field declared as a tuple (``tuple[str, ...]``)."""
    return typing.get_origin(typing.get_type_hints(cls)[name]) is tuple


def encode_records(cls: type, records: Sequence[Any]) -> dict[str, Any]:
    """``records`` (instances of the dataclass ``cls``) as {field: column}.

    Raises TypeError for a value JSON would not give back as it was (a tuple, a set, an object).
    """
    columns: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        values = [getattr(r, f.name) for r in records]
        nested = _nested_type(cls, f.name)
        if nested is not None:
            table: dict[Any, int] = {}
            refs = [-1 if v is None else table.setdefault(v, len(table)) for v in values]
            columns[f.name] = {"table": encode_records(nested, list(table)), "refs": refs}
            continue
        if _tuple_field(cls, f.name):
            if not all(type(v) is tuple for v in values):
                raise TypeError(f"{cls.__name__}.{f.name} holds a value that is not a tuple")
            tuples: dict[tuple[Any, ...], int] = {}
            refs = [tuples.setdefault(v, len(tuples)) for v in values]
            columns[f.name] = {"tuples": [list(t) for t in tuples], "refs": refs}
            continue
        odd = {type(v) for v in values} - set(_JSON_TYPES)
        if odd:
            raise TypeError(f"{cls.__name__}.{f.name} holds {', '.join(sorted(t.__name__ for t in odd))}, which JSON does not round-trip")
        columns[f.name] = values
    return columns


def decode_records(cls: type, columns: dict[str, Any], count: int) -> list[Any]:
    """The ``count`` records encode_records wrote. Raises ValueError if a column is missing,
    has another length or points outside its table."""
    if not isinstance(columns, dict):
        raise ValueError(f"{cls.__name__} records are not a JSON object")
    decoded = []
    for f in dataclasses.fields(cls):
        if f.name not in columns:
            raise ValueError(f"{cls.__name__} records lack the field {f.name!r}")
        column = columns[f.name]
        nested = _nested_type(cls, f.name)
        if nested is not None:
            if not isinstance(column, dict) or not isinstance(column.get("refs"), list) or "table" not in column:
                raise ValueError(f"{cls.__name__}.{f.name} is not a table of {nested.__name__} records")
            refs = column["refs"]
            table_columns = column["table"]
            size = len(next(iter(table_columns.values()))) if isinstance(table_columns, dict) and table_columns else 0
            table = decode_records(nested, table_columns, size)
            if refs and (not all(type(r) is int for r in refs) or min(refs) < -1 or max(refs) >= len(table)):
                raise ValueError(f"{cls.__name__}.{f.name} points outside its table")
            column = [None if r < 0 else table[r] for r in refs]
        elif _tuple_field(cls, f.name):
            if not isinstance(column, dict) or not isinstance(column.get("refs"), list) or not isinstance(column.get("tuples"), list):
                raise ValueError(f"{cls.__name__}.{f.name} is not a table of tuples")
            shared = [tuple(t) if isinstance(t, list) else t for t in column["tuples"]]
            refs = column["refs"]
            if refs and (not all(type(r) is int for r in refs) or min(refs) < 0 or max(refs) >= len(shared)):
                raise ValueError(f"{cls.__name__}.{f.name} points outside its table")
            column = [shared[r] for r in refs]
        if not isinstance(column, list) or len(column) != count:
            raise ValueError(f"{cls.__name__}.{f.name} has {len(column) if isinstance(column, list) else 'no'} values, expected {count}")
        decoded.append(column)
    return [cls(*values) for values in zip(*decoded)] if decoded else [cls() for _ in range(count)]
