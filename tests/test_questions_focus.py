"""Which of the people a question names is the speaker (issue 9, question side).

「甲怎么看乙的…」 asks 甲; 「会见甲时，乙怎么评价…」 and 「甲宣布…后，乙有什么反应」 ask 乙; an
audience (对甲说) is not the speaker; an organisation or a misread string beside one person's name
does not compete with it. Invented names and sentences only.
"""

from __future__ import annotations

from datetime import date

import pytest

from retrieval import NewsIndex
from retrieval.models import Article, Quote, Speaker
from retrieval.question import speaker_in_focus
from retrieval.speaker_index import SpeakerIndex


@pytest.fixture(scope="module")
def speakers() -> SpeakerIndex:
    named = [
        Speaker("卡多索", "南岛外长"),
        Speaker("波特曼", "北港银行行长"),
        Speaker("杰克·波特曼", "北港银行行长"),
        Speaker("北港银行", collective=True, speaker_type="organization"),
    ]
    return SpeakerIndex([Quote(s, "利率还会再降。", i, 0, 0, 5) for i, s in enumerate(named)], common_words=set())


@pytest.mark.parametrize(
    ("question", "speaker", "others"),
    [
        ("卡多索怎么看波特曼提出的加息计划", ["卡多索"], ["波特曼"]),
        ("会见卡多索时，波特曼怎么评价两国贸易", ["波特曼", "杰克·波特曼"], ["卡多索"]),
        ("波特曼宣布加息后，卡多索有什么反应", ["卡多索"], ["波特曼"]),
        ("波特曼对卡多索说了什么", ["波特曼", "杰克·波特曼"], ["卡多索"]),  # 卡多索 is the audience
        ("北港银行波特曼怎么看利率", ["波特曼", "杰克·波特曼"], []),  # an organisation is a role here
    ],
)
def test_the_speaker_among_several_names(speakers: SpeakerIndex, question: str, speaker: list[str], others: list[str]) -> None:
    keys = [k for k in ("卡多索", "波特曼", "杰克·波特曼", "北港银行") if k in question or k == "杰克·波特曼" and "波特曼" in question]
    assert speaker_in_focus(question, keys, speakers) == (speaker, others)


def test_one_name_written_several_ways_is_left_alone(speakers: SpeakerIndex) -> None:
    assert speaker_in_focus("波特曼怎么看利率", ["波特曼", "杰克·波特曼"], speakers) == (["波特曼", "杰克·波特曼"], [])


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
        answers = index.ask(question, 3, date(2026, 11, 27)).answers
        assert answers[0].article["id"] == "f-2"
        # 波特曼 is what 卡多索 is asked about: his own words do not outrank 卡多索's other quote
        assert [a.speaker for a in answers[:2]] == ["卡多索", "卡多索"]
