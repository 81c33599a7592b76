"""The registry of attribution rules (retrieval/rules.py): every rule is held to its invented
examples. Switched off alone, a rule changes the quotes of each of its fire-examples and of none
of its spare-examples; each quote names the rules that decided it."""

from __future__ import annotations

import json
import re

import pytest

import retrieval.attribution  # noqa: F401  (registers the attribution rules)
from retrieval.attribution import attribute_quotes
from retrieval.rules import REGISTRY, Rule, enabled, fired, new_trace, rule, switched_off

from .test_cli import env, newsbot  # noqa: F401 - env is a fixture

RULES = sorted(REGISTRY)


def _quotes(example: str) -> list[tuple[str, str | None, str, str, str]]:
    """What a reader of the quotes sees: speaker (name, role, type), words and kind. An example
    holds one paragraph per line (a rule may need the paragraph before)."""
    return [(q.speaker.name, q.speaker.role, q.speaker.speaker_type, q.text, q.kind) for q in attribute_quotes(example.split("\n"))]


def test_names_are_dotted_and_unique_and_every_rule_has_a_fire_example() -> None:
    assert len(RULES) >= 20
    for name, registered in REGISTRY.items():
        assert re.fullmatch(r"[a-z]+(?:\.[a-z_]+)+", name), name
        assert registered.name == name and registered.statement.strip()
        assert registered.fires, f"{name} has no fire-example"


def test_a_name_registered_twice_with_another_text_is_refused() -> None:
    first = REGISTRY[RULES[0]]
    assert rule(first.name, first.statement, first.fires, first.spares) == first.name  # the same text again is fine
    with pytest.raises(ValueError, match="registered twice"):
        rule(first.name, first.statement + " (changed)", first.fires, first.spares)
    assert REGISTRY[first.name] == first
    with pytest.raises(KeyError):
        enabled("no.such_rule")


@pytest.mark.parametrize("name", RULES)
def test_switching_a_rule_off_changes_exactly_its_examples(name: str) -> None:
    registered: Rule = REGISTRY[name]
    on = {p: _quotes(p) for p in registered.fires + registered.spares}
    with switched_off(name):
        assert not enabled(name)
        off = {p: _quotes(p) for p in registered.fires + registered.spares}
    assert enabled(name)
    assert [p for p in registered.fires if off[p] == on[p]] == [], "fire-examples the rule does not decide"
    assert [p for p in registered.spares if off[p] != on[p]] == [], "spare-examples the rule changes"


@pytest.mark.parametrize("name", RULES)
def test_each_fire_example_names_its_rule(name: str) -> None:
    """A quote's ``rules`` lists the rule that decided it: in every fire-example that still has
    quotes with the rule on, some quote (or the quotes' absence with it off) shows the rule."""
    registered = REGISTRY[name]
    for paragraph in registered.fires:
        quotes = attribute_quotes(paragraph.split("\n"))
        if quotes:
            assert any(name in q.rules for q in quotes), (paragraph, [q.rules for q in quotes])


def test_rules_of_a_quote_in_order() -> None:
    quotes = attribute_quotes(["公司总裁王海峰出席了发布会。他表示，公司将扩大投资。“这是一次难得的机会。”"])
    assert [(q.speaker.name, q.kind, q.rules) for q in quotes] == [
        ("王海峰", "indirect", ("cue.reporting_verb", "coref.pronoun", "speaker.role_from_introduction")),
        ("王海峰", "direct", ("span.continued_quotation", "cue.reporting_verb", "coref.pronoun", "speaker.role_from_introduction")),
    ]


def test_the_trace_records_each_rule_once_in_order_and_only_when_open() -> None:
    name_a, name_b = RULES[0], RULES[1]
    trace = new_trace()
    fired(name_b)
    fired(name_a)
    fired(name_b)
    assert trace == [name_b, name_a]
    fresh = new_trace()
    fired(name_a)
    assert trace == [name_b, name_a] and fresh == [name_a]


def test_cli_prints_the_catalogue(env: dict[str, str]) -> None:  # noqa: F811
    """newsbot rules: every rule in the declared order with its statement and example counts."""
    result = newsbot("rules", "--json", env=env)
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["name"] for row in rows] == list(REGISTRY)
    assert all(row == {"name": r.name, "statement": r.statement, "fires": len(r.fires), "spares": len(r.spares)} for row, r in zip(rows, REGISTRY.values()))
    plain = newsbot("rules", env=env)
    assert plain.returncode == 0 and len(plain.stdout.splitlines()) == len(REGISTRY)
    first = REGISTRY[next(iter(REGISTRY))]
    assert plain.stdout.splitlines()[0].split()[:5] == [first.name, "fires", str(len(first.fires)), "spares", str(len(first.spares))]
