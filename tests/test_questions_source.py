"""Did they really say that? Near-verbatim source finding, and exact phrases first in /search."""

from __future__ import annotations

import pytest

from retrieval import NewsIndex, answering
from retrieval.answering.quote_match import plain, source_line

from .question_corpus import question_index

LINE = "人工智能不是万能的，但是没有人工智能的工厂将会落后"


@pytest.fixture(scope="module")
def index() -> NewsIndex:
    return question_index()


def test_source_questions_are_recognised() -> None:
    assert source_line(f"“{LINE}”是谁说的？") == LINE
    assert source_line("「港口扩建要兼顾生态保护」這句話出自誰") == "港口扩建要兼顾生态保护"
    assert source_line("王海燕怎么看“价格战”？") is None  # a quoted word in an ordinary question
    assert plain("Ａ，ｂ 人工。") == "ab人工"


def test_verbatim_line(index: NewsIndex) -> None:
    result = answering.ask(index, f"“{LINE}”是谁说的", 3)
    assert result.source is not None and result.source.closeness == "verbatim"
    assert result.answers[0].speaker == "赵明"
    assert result.answers[0].article["id"] == "q-09"
    assert result.to_json()["source"]["closeness"] == "verbatim"


def test_a_changed_particle_and_a_half_width_comma_are_close_with_the_difference_marked(index: NewsIndex) -> None:
    result = answering.ask(index, "“人工智能不是万能的,但是没有人工智能地工厂将会落后”是谁说的", 3)
    assert result.source is not None and result.source.closeness == "close"
    assert result.answers[0].speaker == "赵明"
    best = result.source.best
    assert best is not None and best.similarity > 0.9
    assert [(d.asked, d.source) for d in best.differences] == [("地", "的")]


def test_a_traditional_variant_with_a_missing_clause_is_found(index: NewsIndex) -> None:
    result = answering.ask(index, "「人工智能不是萬能的，沒有人工智能的工廠會落後」是誰說的", 3)
    assert result.source is not None and result.source.closeness == "close"
    assert result.answers[0].speaker == "赵明"
    asked = "".join(d.asked for d in result.source.best.differences)
    said = "".join(d.source for d in result.source.best.differences)
    assert asked == "" and "但是" in said and "将" in said  # what the reader left out, marked


def test_a_line_nobody_said_is_not_found_but_the_nearest_are_shown(index: NewsIndex) -> None:
    result = answering.ask(index, "“人工智能将取代所有的医生和律师”是谁说的", 3)
    assert result.source is not None and result.source.closeness == "none"
    assert result.answers and result.answers[0].speaker == "赵明"  # the nearest, labelled as not found
    assert result.source.best.similarity < 0.6


def test_source_through_the_engine_entry(index: NewsIndex) -> None:
    result = answering.source(index, "“港口扩建要兼顾生态保护”")
    assert result.source is not None and result.source.closeness == "verbatim"
    assert result.answers[0].speaker == "张伟" and result.answers[0].role == "海港集团董事长"


def test_an_exact_phrase_ranks_first_in_search(index: NewsIndex) -> None:
    tokens = index.tokenizer.tokenize_question("元宇宙")
    assert tokens == ["元", "宇宙"]  # jieba does not know the word
    plain_bm25 = index.bm25.top(tokens, 3)
    assert "元宇宙" not in index.chunk_text(plain_bm25[0][0])  # BM25 alone prefers the parts
    hits = answering.search(index, "元宇宙", 3)
    assert "元宇宙" in index.chunk_text(hits[0][0])
    assert all("元宇宙" not in index.chunk_text(c) for c, _ in hits[1:])
