"""The catalogue of attribution rules: every decision the attribution wing takes has a dotted name,
a one-line statement, and the sentences it must fire on and must spare.

A module that decides registers its rules at import time with `rule(...)` and asks
`enabled(name)` where the decision is taken, so a test can switch one rule off and see what it
changes.

The registry test (tests/test_rules.py) holds every rule to its examples: with the rule switched
off, the quotes found in each fire-example change; in each spare-example they do not.

Where a rule decides (not merely where it is consulted) the module calls `fired(name)`: the name
goes on the trace of the candidate statement being attributed, which attribution.py opens with
`new_trace()` when a candidate starts and stores in the Quote it makes (`Quote.rules`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Rule:
    """One named attribution decision."""

    name: str
    """Dotted: the sieve or stage first (cue., subject., coref., span., frame., …), then the rule."""
    statement: str
    """What the rule does, in one line."""
    fires: tuple[str, ...] = ()
    """Examples (one paragraph per line) whose quotes change when the rule is switched off."""
    spares: tuple[str, ...] = ()
    """Paragraphs the rule must leave alone: their quotes are the same with it switched off."""


REGISTRY: dict[str, Rule] = {}
"""Rule name -> rule, in the order the rules were registered (the sieves' declared order)."""

DISABLED: set[str] = set()
"""Names of rules switched off (by tests and the switch-one-off tool only)."""


def rule(name: str, statement: str, fires: tuple[str, ...] = (), spares: tuple[str, ...] = ()) -> str:
    """Register a rule and return its name (so a module can keep it in a constant)."""
    if name in REGISTRY and REGISTRY[name] != Rule(name, statement, tuple(fires), tuple(spares)):
        raise ValueError(f"rule {name} registered twice with different texts")
    REGISTRY[name] = Rule(name, statement, tuple(fires), tuple(spares))
    return name


def enabled(name: str) -> bool:
    """True unless the rule was switched off; an unregistered name is a programming error."""
    if name not in REGISTRY:
        raise KeyError(f"unregistered rule {name}")
    return name not in DISABLED


@contextmanager
def switched_off(*names: str) -> Iterator[None]:
    """Run a block with the named rules switched off."""
    for name in names:
        if name not in REGISTRY:
            raise KeyError(f"unregistered rule {name}")
    added = [name for name in names if name not in DISABLED]
    DISABLED.update(added)
    try:
        yield
    finally:
        DISABLED.difference_update(added)


_current = threading.local()
"""The trace of the candidate being attributed in this thread (builds may attribute in threads)."""


def new_trace() -> list[str]:
    """Open the trace of a new candidate statement: the names fired() records from now on."""
    trace: list[str] = []
    _current.trace = trace
    return trace


@contextmanager
def untraced() -> Iterator[None]:
    """Run a computation whose result is cached across statements with no trace: the rules it
    fires would otherwise land on whichever statement happened to compute it first."""
    saved = getattr(_current, "trace", None)
    _current.trace = None
    try:
        yield
    finally:
        _current.trace = saved


def fired(name: str) -> None:
    """Record that the rule ``name`` decided the candidate being attributed (once, in order)."""
    trace = getattr(_current, "trace", None)
    if trace is not None and name not in trace:
        trace.append(name)
