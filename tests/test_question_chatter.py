"""Chatter gets the help, not a quote: a greeting, thanks or a bare one-character verb (吃了吗)
asks nothing of the corpus, while a one-character noun (碳), a name or a quotation does.

Messages are generated from the closed class of phatic expressions and from jieba's
one-character verbs with sentence-final particles; the corpus is the invented question corpus."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval import NewsIndex, answering
from retrieval.answering.asking import PHATIC
from retrieval.inventories import read_table

from .question_corpus import question_index

VERBS = sorted(row[0] for row in read_table("word_classes.txt") if row[1] == "verb")
PARTICLES = ["了吗", "吗", "了没有", "了", "啊", "吧", "呢", ""]
PUNCTUATION = ["", "？", "!", "。", "～"]


@pytest.fixture(scope="module")
def index() -> NewsIndex:
    return question_index()


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(PHATIC)), st.sampled_from(PUNCTUATION))
def test_greetings_and_thanks_are_chatter(phrase: str, end: str) -> None:
    result = answering.ask(question_index_cached(), phrase + end, 3)
    assert result.chatter and result.answers == []
    assert result.to_json()["chatter"] is True


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(VERBS), st.sampled_from(PARTICLES), st.sampled_from(PUNCTUATION))
def test_a_bare_one_character_verb_is_chatter(verb: str, particle: str, end: str) -> None:
    result = answering.ask(question_index_cached(), verb + particle + end, 3)
    assert result.chatter, (verb + particle, answering.parse(question_index_cached(), verb + particle).tokens)


def test_a_noun_a_name_or_a_quotation_is_a_question(index: NewsIndex) -> None:
    assert not answering.ask(index, "宇宙", 3).chatter and answering.ask(index, "宇宙", 3).answers
    assert not answering.ask(index, "张伟说了什么", 3).chatter
    assert not answering.ask(index, "谁说“港口扩建要兼顾生态保护”", 3).chatter
    assert not answering.ask(index, "你好，李晓东怎么看新能源汽车？", 3).chatter  # a greeting before a question


_CACHE: list[NewsIndex] = []


def question_index_cached() -> NewsIndex:
    if not _CACHE:
        _CACHE.append(question_index())
    return _CACHE[0]
