"""Rule constants that tools/switch_one_off.py found unpinned (every attribution test stayed green
with the constant made inert): each gets a construction here, with invented sentences and
generated fillers, that fails when the constant stops doing its work."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from retrieval.attribution import attribute_quotes

from .test_subject_classes import _CHINESE, _DOTTED, _SETTINGS, _TRANSLITERATED

NAMES = st.one_of(_CHINESE, _TRANSLITERATED, _DOTTED)
TOPIC_VERBS = st.sampled_from(["谈到", "谈及", "提到", "谈道"])
PRAISE_VERBS = st.sampled_from(["称赞", "称道", "盛赞"])
OBJECTS = st.sampled_from(["公司的投资计划和人才培养", "他的勇气和担当", "当地的生态环境"])
LATER_CLAUSES = st.sampled_from(["这将是一次难得的机会", "会议已经结束", "大家可以回家了"])


def _quotes(paragraph: str) -> list[tuple[str, str]]:
    return [(q.speaker.name, q.text) for q in attribute_quotes([paragraph])]


@_SETTINGS
@given(NAMES, st.one_of(TOPIC_VERBS, PRAISE_VERBS), OBJECTS, LATER_CLAUSES)
def test_a_clause_mark_in_a_later_clause_makes_no_statement(name: str, verb: str, obj: str, later: str) -> None:
    """_CLAUSE_END: {name}谈到/称赞{object}，{a clause with 将/是/已经…}。 — a topic or praise verb
    with a noun-phrase object reports a topic, not words; the clause mark that would make its
    object a clause of content must stand in the verb's own clause, not in the next one."""
    assert _quotes(f"{name}{verb}{obj}，{later}。") == []
