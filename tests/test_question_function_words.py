"""Function words are never a question's topic: a pronoun or a demonstrative with a measure word
(那座, 这栋, 这位) names nothing, so it neither finds paragraphs nor counts as a missed topic.

The demonstrative and measure word are generated (Hypothesis), with words in and out of jieba's
dictionary; the articles are invented."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from retrieval import NewsIndex, answering
from retrieval.answering.question import parse_question
from retrieval.tokenize import DEMONSTRATIVES, NewsTokenizer, is_function_word

from .question_corpus import question_index
from .test_questions_quoted import _index

MEASURE_WORDS = "座栋家项位条件所台辆间张届批"

TOKENIZER = NewsTokenizer()


@given(st.sampled_from(sorted(DEMONSTRATIVES)), st.sampled_from(MEASURE_WORDS))
def test_a_demonstrative_with_a_measure_word_is_no_topic(demonstrative: str, measure: str) -> None:
    tokens = TOKENIZER.tokenize_question(f"吴志远怎么看{demonstrative}{measure}大桥？")
    assert "大桥" in tokens
    assert not any(t.startswith(demonstrative) and len(t) <= 2 for t in tokens), tokens


def test_pronouns_and_particles_are_function_words_and_nouns_are_not() -> None:
    assert all(is_function_word(w) for w in ("那些", "这位", "那座", "我们"))
    assert not any(is_function_word(w) for w in ("大桥", "关税", "那曲", "这里面的人"))


@settings(max_examples=12, deadline=None)
@given(st.sampled_from("这那"), st.sampled_from(MEASURE_WORDS))
def test_a_speaker_question_is_not_answered_by_a_paragraph_sharing_only_a_demonstrative(
    demonstrative: str, measure: str
) -> None:
    phrase = demonstrative + measure
    index = _index([
        ("c-1", "大桥", ["交通局长吴志远说，大桥明年通车，通车后过江只要五分钟。"]),
        ("c-2", "游记", [f"{phrase}老房子已经有一百年了，导游介绍说。"]),
        ("c-3", "地铁", ["吴志远表示，地铁票价不会上涨。"]),
    ])
    answers = answering.ask(index, f"吴志远怎么看{phrase}大桥？", 5).answers
    assert answers and answers[0].quote.startswith("大桥明年通车")
    assert all(a.article["id"] != "c-2" for a in answers)


def test_the_word_class_table_is_what_jiebas_dictionary_gives() -> None:
    """data/word_classes.txt is derived, not edited: it equals word_class_rows over jieba's dict."""
    from retrieval.inventories import read_table
    from retrieval.tokenize import jieba_dictionary, word_class_rows

    assert [tuple(row[:2]) for row in read_table("word_classes.txt")] == word_class_rows(jieba_dictionary())



VERBS_ASKED_YES_OR_NO = ["会", "能", "算", "是", "要", "该", "可以", "应该", "愿意"]


@pytest.fixture(scope="module")
def question_index_once() -> NewsIndex:
    return question_index()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(verb=st.sampled_from(VERBS_ASKED_YES_OR_NO), topic=st.sampled_from(["关税", "大豆进口", "欧洲经济", "禁令"]))
def test_an_a_not_a_verb_asks_yes_or_no_and_none_of_its_pieces_is_a_topic_word(question_index_once: NewsIndex, verb: str, topic: str) -> None:
    """「甲觉得这场危机会不会拖累欧洲经济」, 「中国能不能替代进口」, 「算不算禁令」: 不会, 不能 and 算不算 are
    how the question asks, not what it is about (as 是否 is)."""
    tokenizer, speakers = question_index_once.tokenizer, question_index_once.speakers
    parsed = parse_question(f"张伟觉得{verb}不{verb}影响{topic}？", tokenizer, speakers)
    assert not {f"{verb}不{verb}", f"不{verb}", f"{verb}不", verb} & set(parsed.topic_tokens), parsed.topic_tokens
    assert set(tokenizer.tokenize_question(topic)) <= set(parsed.topic_tokens)
    have = parse_question(f"张伟有没有谈过{topic}？", tokenizer, speakers)
    assert not {"没有", "有没有", "没"} & set(have.topic_tokens), have.topic_tokens
