"""YAML front matter read as plain data, with limits that no file can get around.

PyYAML's loaders construct whatever the document asks for: ``!!timestamp``/``!!float`` values
that raise on bad input, aliases that expand exponentially (a few hundred bytes can cost
gigabytes), and a recursive composer that overflows the stack on deeply nested brackets.
Front matter only ever needs a mapping of short text fields, so this module reads PyYAML's
*event stream* (its parser is iterative and well tested) and builds the data itself:

* scalars stay the text as written (``date: 2024-05-01`` is the string ``"2024-05-01"``;
  ``title: 123`` is ``"123"``); a plain ``null``/``~``/empty value is ``None``;
* anchors, aliases and explicit tags (``!!float``, ``!!python/...``, ``!foo``) are refused
  before anything is built;
* nesting deeper than :data:`MAX_DEPTH` and front matter longer than :data:`MAX_CHARS`
  are refused, so time and memory stay linear in the (capped) input.

A refusal raises :class:`FrontMatterError` with the 1-based line within the front matter.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import yaml
from yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)

MAX_CHARS = 32_768
"""Longest front matter accepted; real article metadata is a few hundred characters."""
MAX_DEPTH = 16
"""Deepest nesting of lists and mappings accepted (the top-level mapping is depth 1)."""

_NULLS = {"", "~", "null", "Null", "NULL"}


class FrontMatterError(ValueError):
    """Front matter that is refused as a whole; ``line`` is 1-based within the front matter."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


@dataclass(frozen=True, slots=True)
class Value:
    """A front-matter value as written: text (or None), a list, or a mapping, with its line."""

    data: str | list[Value] | dict[str, Value] | None
    line: int

    def kind(self) -> str:
        """``text``, ``null``, ``list`` or ``mapping``: what a report says the value was."""
        if self.data is None:
            return "null"
        return "list" if isinstance(self.data, list) else "mapping" if isinstance(self.data, dict) else "text"


def load_front_matter(text: str) -> dict[str, Value]:
    """The top-level mapping of ``text`` (empty for an empty document); raises FrontMatterError."""
    if len(text) > MAX_CHARS:
        raise FrontMatterError(f"front matter longer than {MAX_CHARS:,} characters", 1)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise FrontMatterError("front matter is not valid text (lone surrogate)", text.count("\n", 0, exc.start) + 1) from None
    events = _checked_events(text)
    try:
        _expect(events, StreamStartEvent)
        first = next(events)
        if isinstance(first, StreamEndEvent):
            return {}
        if not isinstance(first, DocumentStartEvent):
            raise FrontMatterError("front matter is not a YAML document", _line(first))
        root = _build(next(events), events, depth=1)
        end = next(events)
        if not isinstance(end, DocumentEndEvent):
            raise FrontMatterError("front matter holds more than one YAML document", _line(end))
        if not isinstance(_expect(events, DocumentStartEvent, StreamEndEvent), StreamEndEvent):
            raise FrontMatterError("front matter holds more than one YAML document", None)
    except StopIteration:  # the parser ended mid-document; it raises before that, but be sure
        raise FrontMatterError("front matter ends in the middle of a value", None) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise FrontMatterError(f"front matter is not valid YAML: {problem}", mark.line + 1 if mark else None) from None
    if root.data is None:
        return {}
    if not isinstance(root.data, dict):
        raise FrontMatterError(f"front matter must be a mapping of fields, not a {root.kind()}", root.line)
    return root.data


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser when PyYAML has it: it caps flow nesting itself and is much faster on
pathological input (5,000 nested brackets cost the pure-Python scanner about a second)."""


def _checked_events(text: str) -> Iterator[Event]:
    """PyYAML's events for ``text``, refusing anchors, aliases and tags as they appear."""
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, AliasEvent):
            raise FrontMatterError(f"YAML aliases are not allowed (*{event.anchor})", _line(event))
        if isinstance(event, NodeEvent) and event.anchor is not None:
            raise FrontMatterError(f"YAML anchors are not allowed (&{event.anchor})", _line(event))
        if isinstance(event, (ScalarEvent, CollectionStartEvent)) and event.tag is not None:
            raise FrontMatterError(f"YAML tags are not allowed ({_short_tag(event.tag)})", _line(event))
        yield event


def _build(event: Event, events: Iterator[Event], depth: int) -> Value:
    """The value that starts with ``event``, consuming its events; depth-limited recursion."""
    line = _line(event)
    if isinstance(event, ScalarEvent):
        plain = event.implicit[0]  # True only for an untagged, unquoted scalar
        return Value(None if plain and event.value in _NULLS else event.value, line)
    if depth > MAX_DEPTH:
        raise FrontMatterError(f"front matter nested deeper than {MAX_DEPTH} levels", line)
    if isinstance(event, SequenceStartEvent):
        items: list[Value] = []
        while not isinstance(item := next(events), SequenceEndEvent):
            items.append(_build(item, events, depth + 1))
        return Value(items, line)
    if isinstance(event, MappingStartEvent):
        fields: dict[str, Value] = {}
        while not isinstance(key := next(events), MappingEndEvent):
            built_key = _build(key, events, depth + 1)
            if not isinstance(built_key.data, str):
                raise FrontMatterError("front matter keys must be plain text", built_key.line)
            fields[built_key.data] = _build(next(events), events, depth + 1)
        return Value(fields, line)
    raise FrontMatterError(f"unexpected YAML {event.__class__.__name__}", line)


def _expect(events: Iterator[Event], *kinds: type[Event]) -> Event:
    event = next(events)
    if not isinstance(event, kinds):
        raise FrontMatterError(f"unexpected YAML {event.__class__.__name__}", _line(event))
    return event


def _line(event: Event) -> int:
    return event.start_mark.line + 1 if event.start_mark is not None else 1


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag
