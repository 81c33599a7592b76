"""Attribution's time grows linearly with the paragraph, whatever the paragraph repeats.

A paragraph is untrusted input (a fetched page, an upload): one that repeats a speaker clause
(王五表示，× n), runs one clause on without punctuation, or piles up quotations must cost each
reporting verb a bounded amount of work. Measured as a ratio of CPU times between a paragraph and
one twice as long (best of five, so that a busy machine does not decide), never as a wall-clock
limit. The sizes are well past the 1,000-character window a verb reads back, and the old code
(a rescan of the sentence per verb) took 3-4 times as long for twice the text.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval.attribution import attribute_quotes

from .linear_time import MAX_RATIO, growth_ratio

SIZE = 600
"""Repetitions of the short unit in the smaller paragraph (about 3,000-3,600 characters, three times the window a verb reads back)."""

SURNAMES = "王李张刘陈杨赵黄周吴"
GIVEN = "明华强伟芳军杰磊敏静丽勇"
VERBS = ("表示", "说", "指出", "强调", "认为")


def _ratio(make: object, n: int) -> float:
    """CPU time for the paragraph of 2n units over the time for n units (tests/linear_time.py)."""
    return growth_ratio(make, lambda text: attribute_quotes([text]), n)  # type: ignore[arg-type]


name = st.builds(lambda s, g: s + g, st.sampled_from(SURNAMES), st.text(GIVEN, min_size=1, max_size=2))
verb = st.sampled_from(VERBS)


@settings(max_examples=2)
@given(name=name, verb=verb)
def test_repeated_openers_cost_linear_time(name: str, verb: str) -> None:
    """王五表示，王五表示，…: every verb's subject search stops at the clause before it."""
    assert _ratio(lambda n: f"{name}{verb}，" * n, SIZE) <= MAX_RATIO


@settings(max_examples=2)
@given(name=name, verb=verb)
def test_one_long_clause_and_repeated_pronouns_cost_linear_time(name: str, verb: str) -> None:
    """A speaker, then 他表示，他表示，… with no full stop; and 他说：“ never closed."""
    assert _ratio(lambda n: f"{name}说，" + f"他{verb}，" * n, SIZE) <= MAX_RATIO
    assert _ratio(lambda n: f"{name}说：“" + f"他{verb}：“" * n, SIZE) <= MAX_RATIO


@settings(max_examples=2)
@given(name=name, verb=verb)
def test_many_quotations_and_names_cost_linear_time(name: str, verb: str) -> None:
    """“……”王五说。 × n, and a different name opening each clause."""
    assert _ratio(lambda n: f"“经济会好起来，很好。”{name}{verb}。" * (n // 2), SIZE) <= MAX_RATIO
    names = [s + g1 + g2 for g1 in GIVEN for g2 in GIVEN for s in SURNAMES]
    assert _ratio(lambda n: "".join(f"{names[k % len(names)]}{verb}，" for k in range(n)), SIZE) <= MAX_RATIO


def test_titles_groups_and_runs_of_one_clause_cost_linear_time() -> None:
    """总统表示，× n (a title's holder looked up each time), 他们表示，× n (the group looked up),
    closing marks nobody opened, 批评 and 谈到 over one clause with no comma, the 的 before names,
    、 and ， runs."""
    shapes = [  # (paragraph of n units, n): the cheap shapes repeated more, so that their time is measurable
        (lambda n: "总统表示，" * n, SIZE),
        (lambda n: "代表们说，" + "他们表示，" * n, SIZE),
        (lambda n: "”王五说，" * n, SIZE),  # a closing mark before each speaker, none opened
        (lambda n: "王五批评" * n + "。", 4 * SIZE),
        (lambda n: "王五谈到" * n + "。", 4 * SIZE),
        (lambda n: "的王五是" * n, 8 * SIZE),
        (lambda n: "王五、" * n + "表示，很好。", 16 * SIZE),
        (lambda n: "王五表示" + "，" * n + "很好。", 64 * SIZE),
    ]
    for make, n in shapes:
        ratio = _ratio(make, n)
        assert ratio <= MAX_RATIO, (make(3), ratio)
