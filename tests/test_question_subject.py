"""Which of the names in a question it asks about: the subject of its verb, not the names in its topic."""

from __future__ import annotations

import pytest

from retrieval import NewsIndex
from retrieval.question import parse_question

from .question_corpus import question_index


@pytest.fixture(scope="module")
def index() -> NewsIndex:
    return question_index()


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("李晓东怎么看王海燕说的价格战？", ["李晓东"]),  # a name after the verb is the topic
        ("在与李晓东座谈时，王海燕说了什么", ["王海燕"]),  # the clause of the verb has the subject
        ("王海燕到展会见李晓东时，怎么评价新能源汽车", ["王海燕"]),  # the verb's clause has none
        ("王海燕对李晓东的充电网络计划怎么看", ["王海燕"]),  # an object before the verb
        ("李晓东和王海燕怎么看新能源汽车", ["李晓东", "王海燕"]),  # coordinated: both
        ("李晓东说了什么", ["李晓东"]),
        ("李晓东发布充电网络计划后，业内专家怎么评价", []),  # the verb's own subject is no name
        ("王海燕同李晓东会谈时，在充电网络问题上怎么说", ["王海燕"]),  # an adverbial is no subject
    ],
)
def test_the_question_asks_about_the_subject_of_its_verb(index: NewsIndex, question: str, asked: list[str]) -> None:
    parsed = parse_question(question, index.tokenizer, index.speakers)
    assert [index.speakers.entries[k].name for k in parsed.speakers] == asked


def test_a_name_in_the_topic_stays_a_search_word(index: NewsIndex) -> None:
    parsed = parse_question("李晓东怎么看王海燕说的价格战？", index.tokenizer, index.speakers)
    assert "王海燕" in parsed.topic_tokens and "李晓东" not in parsed.topic_tokens
    (top, *_) = index.answer("李晓东怎么看王海燕说的价格战？")
    assert top.speaker == "李晓东"
