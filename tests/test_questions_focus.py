"""Which of the people a question names is the speaker (issue 9, question side).

「甲怎么看乙的…」 asks 甲; 「会见甲时，乙怎么评价…」 and 「甲宣布…后，乙有什么反应」 ask 乙; an
audience (对甲说) is not the speaker; an organisation or a misread string beside one person's name
does not compete with it. Invented names and sentences only.
"""

from __future__ import annotations

from datetime import date

import pytest

from retrieval import NewsIndex, answering
from retrieval.answering.question import parse_question
from retrieval.models import Article


@pytest.fixture(scope="module")
def index() -> NewsIndex:
    articles = [
        Article(id="s-1", title="加息", paragraphs=[
            "北港银行行长波特曼宣布，北港银行下月将加息半个百分点。",
            "北港银行行长杰克·波特曼表示，利率还会再降。",
        ], url="https://example.org/s-1", date="2025-03-01", source="晨报"),
        Article(id="s-2", title="回应", paragraphs=["南岛外长卡多索说，加息计划会让南岛的出口商承受更大压力。"],
                url="https://example.org/s-2", date="2025-03-03", source="晨报"),
    ]
    return NewsIndex.build(articles, workers=1)


@pytest.mark.parametrize(
    ("question", "speaker", "topic_name"),
    [
        ("卡多索怎么看波特曼提出的加息计划", "卡多索", "波特曼"),
        ("会见卡多索时，波特曼怎么评价两国贸易", "杰克·波特曼", "卡多索"),
        ("波特曼宣布加息后，卡多索有什么反应", "卡多索", "波特曼"),
        ("波特曼对卡多索说了什么", "杰克·波特曼", "卡多索"),  # 卡多索 is the audience
        ("北港银行波特曼怎么看利率", "杰克·波特曼", None),  # an organisation is a role here
        ("波特曼怎么看利率", "杰克·波特曼", None),
    ],
)
def test_the_speaker_among_several_names(index: NewsIndex, question: str, speaker: str, topic_name: str | None) -> None:
    parsed = parse_question(question, index.tokenizer, index.speakers)
    assert parsed.speakers == [speaker]
    if topic_name is not None:
        assert topic_name in parsed.topic_tokens  # the other person is what was said about


def test_the_answer_is_the_focused_speakers_and_the_other_name_is_part_of_the_topic() -> None:
    articles = [
        Article(id="f-1", title="加息", paragraphs=["北港银行行长波特曼宣布，北港银行下月将加息半个百分点，这项加息计划已经获批。"],
                url="https://example.org/f-1", date="2025-03-01", source="晨报"),
        Article(id="f-2", title="回应", paragraphs=["南岛外长卡多索说，波特曼的加息计划会让南岛的出口商承受更大压力。"],
                url="https://example.org/f-2", date="2025-03-03", source="晨报"),
        Article(id="f-3", title="访问", paragraphs=["南岛外长卡多索表示，南岛欢迎各国游客前来观光。"],
                url="https://example.org/f-3", date="2025-04-03", source="晨报"),
    ]
    index = NewsIndex.build(articles, workers=1)
    for question in ("卡多索怎么看波特曼的加息计划", "波特曼宣布加息后，卡多索有什么反应"):
        answers = answering.ask(index, question, 3, date(2026, 11, 27)).answers
        assert answers[0].article["id"] == "f-2"
        # 波特曼 is what 卡多索 is asked about: his own words do not outrank 卡多索's other quote
        assert [a.speaker for a in answers[:2]] == ["卡多索", "卡多索"]


def test_an_organisation_before_a_name_is_its_role_not_the_speaker() -> None:
    """以色列外长卡多索: the person is asked about; 以色列 (a speaker of its own) only says which."""
    articles = [
        Article(id="o-1", title="谈判", paragraphs=[
            "以色列表示，将继续与邻国就边界问题举行谈判。",
            "以色列外长卡多索说，边界谈判还会继续，但不会很快达成协议。",
        ], url="https://example.org/o-1", date="2025-03-01", source="晨报"),
    ]
    index = NewsIndex.build(articles, workers=1)
    assert index.speakers.entries["以色列"].kind == "organization"
    parsed = parse_question("以色列外长卡多索怎么看边界谈判", index.tokenizer, index.speakers)
    assert parsed.speakers == ["卡多索"]
    assert "以色列" not in parsed.topic_tokens
