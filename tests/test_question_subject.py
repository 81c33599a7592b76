"""Which of the names in a question it asks about: the subject of its verb, not the names in its topic."""

from __future__ import annotations

import pytest

from retrieval import NewsIndex, answering
from retrieval.answering.question import parse_question

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
        ("李晓东在给论坛的贺信里，要求车企把什么搞好？", ["李晓东"]),  # a clause opening with a verb of saying goes on
        ("王海燕在会上，呼吁大家关注什么", ["王海燕"]),
        ("据李晓东的盟友和传记作者说，他为什么坚持建充电网络？", []),  # someone of 李晓东's speaks
        ("王海燕的前顾问怎么评价价格战", []),
        ("李晓东在给员工的信里说了什么", ["李晓东"]),  # 的信 is his letter, not someone else
        ("王海燕的发言怎么评价价格战", ["王海燕"]),
    ],
)
def test_the_question_asks_about_the_subject_of_its_verb(index: NewsIndex, question: str, asked: list[str]) -> None:
    parsed = parse_question(question, index.tokenizer, index.speakers)
    assert [index.speakers.entries[k].name for k in parsed.speakers] == asked


def test_a_name_in_the_topic_stays_a_search_word(index: NewsIndex) -> None:
    parsed = parse_question("李晓东怎么看王海燕说的价格战？", index.tokenizer, index.speakers)
    assert "王海燕" in parsed.topic_tokens and "李晓东" not in parsed.topic_tokens
    (top, *_) = answering.answer(index, "李晓东怎么看王海燕说的价格战？")
    assert top.speaker == "李晓东"


def test_a_name_in_a_who_question_is_not_whom_it_asks_for() -> None:
    """谁批评了甲的计划: 甲 is the topic; of two speakers in one paragraph the answer is the one who
    criticised it, even where 甲's own words match the question better."""
    from retrieval.models import Article

    articles = [
        Article(id="w-1", title="新区计划", date="2025-04-01", source="晨报", url="https://example.org/w-1", paragraphs=[
            "规划局局长韩立新说，有人批评新区计划，但新区计划将在三年内建成。"
            "城市规划专家苏明远批评了这项计划，认为它没有算清楚交通账。",
        ]),
        *(
            Article(id=f"w-{i}", title="天气", date="2025-04-02", source="晨报", url=f"https://example.org/w-{i}",
                    paragraphs=[f"气象台预报员{name}说，本周{day}有小雨，气温略有下降。"])
            for i, (name, day) in enumerate([("钱文", "一"), ("孙洁", "三"), ("赵刚", "五")], start=2)
        ),
    ]
    index = NewsIndex.build(articles, workers=1)
    parsed = parse_question("谁批评了韩立新的新区计划？", index.tokenizer, index.speakers)
    assert parsed.kind == "who" and parsed.mentioned == ["韩立新"]
    (top, *_) = answering.answer(index, "谁批评了韩立新的新区计划？")
    assert top.speaker == "苏明远"


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("王海燕提到的价格战数据，是哪个机构公布的？", "who"),  # 哪个 + a body asks for a speaker
        ("李晓东的充电网络计划，哪些专家批评过？", "who"),
        ("哪些部门回应了李晓东的充电网络计划？", "who"),
        ("王海燕在哪个季度谈到价格战？", "speaker"),  # 哪个季度 asks when, 王海燕 is asked about
        ("李晓东在哪些方面谈到充电网络？", "speaker"),
    ],
)
def test_which_with_a_body_asks_for_the_speaker(index: NewsIndex, question: str, kind: str) -> None:
    parsed = parse_question(question, index.tokenizer, index.speakers)
    assert parsed.kind == kind
    assert (parsed.speakers == []) == (kind == "who")
