"""Function words are never a question's topic: a pronoun or a demonstrative with a measure word
(那座, 这栋, 这位) names nothing, so it neither finds paragraphs nor counts as a missed topic.

The demonstrative and measure word are generated (Hypothesis), with words in and out of jieba's
dictionary; the articles are invented."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval import answering
from retrieval.tokenize import DEMONSTRATIVES, NewsTokenizer, is_function_word

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
