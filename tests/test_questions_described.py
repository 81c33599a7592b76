"""Questions that describe the speaker instead of naming them (issue 9, question side).

「哪位德国经济学家说…」 and 「…之后，议员们怎么批评？」 ask for a speaker by role, origin or group: the
description is matched against how each speaker is introduced (name, role, the words before the
quote, the article's first mention), not against the quoted words. Invented names and sentences only.
"""

from __future__ import annotations

from datetime import date

import pytest

from retrieval import NewsIndex, answering
from retrieval.answering.question import describe_speaker, parse_question
from retrieval.answering.ranking import introduction
from retrieval.models import Article
from retrieval.time_window import find_window


@pytest.mark.parametrize(
    ("question", "description"),
    [
        ("哪位北岛经济学家说，关税会推高物价？", "北岛经济学家"),
        ("游戏公司处罚选手之后，参议员怎么批评？", "参议员"),
        ("南港海关对走私案是什么态度？", "南港海关"),  # 对… is an adverbial after the subject
        ("两国边界谈判，双方会见时怎么说？", "双方"),  # a time clause is no part of the subject
        ("新任委员获得委任后有什么表态？", "新任委员"),
        ("谁说关税会推高物价？", ""),  # 谁 describes nobody
        ("谁在论坛上说关税会推高物价？", ""),
        ("工科教育该怎么改革？", ""),  # 怎么改革 asks for no one's words
        ("北港电子厂的老板说现在招工是什么情况？", "北港电子厂的老板"),  # the subject of a plain 说
        ("疫情刚暴发时，南岛的小店店主表示还能撑多久？", "南岛的小店店主"),
        ("这条新闻说明了什么？", ""),
    ],
)
def test_the_words_that_describe_whom_a_question_asks_about(question: str, description: str) -> None:
    assert describe_speaker(question) == description


@pytest.fixture(scope="module")
def index() -> NewsIndex:
    articles = [
        Article(id="d-1", title="选手被罚", paragraphs=[
            "赛事方发言人林可说，游戏公司处罚选手是依照规则，处罚选手有据可依。",
            "国会议员葛明朗说，游戏公司处罚选手是压制言论。",
        ], url="https://example.org/d-1", date="2025-03-01", source="晨报"),
        Article(id="d-2", title="台长召回", paragraphs=[
            "电视台台长柯岩表示，自己被召回国内是正常的工作调动。",
            "大学新闻学教授范舟说，台长被召回可能与海外报道有关。",
        ], url="https://example.org/d-2", date="2025-03-02", source="晨报"),
        Article(id="d-3", title="自贸协定", paragraphs=[
            "来看本台记者对北港商务局党组成员、副局长闻雪的专访。",
            "闻雪表示，北港已与十个伙伴签署了自贸协定，贸易往来更加便利。",
            "北港商务局局长高远说，今年还要签署更多协定。",
        ], url="https://example.org/d-3", date="2025-03-03", source="晨报"),
    ]
    return NewsIndex.build(articles, workers=1)


def _top_speaker(index: NewsIndex, question: str) -> str | None:
    answers = answering.ask(index, question, top_k=3, today=date(2026, 11, 27)).answers
    assert answers, question
    return answers[0].speaker


def test_a_described_speaker_is_found_by_role_not_by_the_words_of_the_topic(index: NewsIndex) -> None:
    parsed = parse_question("游戏公司处罚选手之后，议员怎么批评？", index.tokenizer, index.speakers)
    assert parsed.described == [["议员"]] and "议员" not in parsed.topic_tokens
    assert "批评" not in parsed.tokens  # 怎么批评 asks for words; 批评 is not what they are about
    assert _top_speaker(index, "游戏公司处罚选手之后，议员怎么批评？") == "葛明朗"
    assert _top_speaker(index, "游戏公司处罚选手之后，赛事方发言人怎么解释？") == "林可"


def test_a_person_named_in_the_topic_is_not_the_answer(index: NewsIndex) -> None:
    parsed = parse_question("台长柯岩被召回，学者教授怎么解读？", index.tokenizer, index.speakers)
    assert "柯岩" in parsed.mentioned and not parsed.speakers
    assert _top_speaker(index, "台长柯岩被召回，学者教授怎么解读？") == "范舟"


def test_a_role_given_where_the_article_first_names_the_speaker_counts(index: NewsIndex) -> None:
    quote_id = next(i for i, q in enumerate(index.quotes) if q.speaker.name == "闻雪")
    assert not index.quotes[quote_id].speaker.role  # the quote itself carries no role …
    assert "副局长" in introduction(index, quote_id)  # … the article's first mention does
    assert _top_speaker(index, "北港商务局哪位副局长说已经签署了十个自贸协定？") == "闻雪"


def test_a_year_inside_the_reported_words_is_no_date_window() -> None:
    assert find_window("哪位官员说，受危机影响，1997年游客减少了？", date(2026, 11, 27)).window is None
    assert find_window("1997年哪位官员说游客减少了？", date(2026, 11, 27)).window is not None


def test_a_chunks_quotes_are_found_by_binary_search_also_when_quote_ids_do_not_follow_chunks(index: NewsIndex) -> None:
    import dataclasses

    import numpy as np

    pool = np.arange(len(index.chunks), dtype=np.int64)
    found = [(i, list(ids)) for i, ids in index.quotes_in_chunks(pool)]
    assert [q for _, ids in found for q in ids] == list(range(len(index.quotes)))  # quotes run in chunk order
    assert all(index.quote_chunk[q] == pool[i] for i, ids in found for q in ids)
    shuffled = list(reversed(index.quotes))  # quote ids no longer follow the chunks
    other = type(index)(index.articles, index.chunks, shuffled, index.bm25, index.tokenizer, dataclasses.replace(index.stats))
    last = len(shuffled) - 1
    assert [(i, [last - q for q in ids]) for i, ids in other.quotes_in_chunks(pool)] == [(i, sorted(ids, reverse=True)) for i, ids in found]
    for idx in (index, other):  # the flat form the answer path reads: the same quotes in the same order
        for chunks in (pool, pool[::3], pool[::-2], pool[:0]):
            grouped = [(i, q) for i, ids in idx.quotes_in_chunks(chunks) for q in ids]
            positions, quote_ids = idx.quotes_by_chunk(chunks)
            assert list(zip(positions, quote_ids)) == grouped
    assert index.quote_dates == [index.articles[q.article].date for q in index.quotes]


@pytest.mark.parametrize(
    ("place", "body", "group", "asked"),
    [
        ("南港", "政协", "新任委员", "新任全国政协委员"),
        ("东湖", "顾问团", "新聘顾问们", "新聘的专家顾问"),
        ("西山", "理事会", "新任理事", "新任董事会理事"),
    ],
)
def test_a_described_speakers_statement_answers_though_it_repeats_no_topic_word(place: str, body: str, group: str, asked: str) -> None:
    """「某地新任委员获得委任后有什么表态」: the statement (新任委员表示，将认真履职…) repeats neither
    获得 nor 委任, which its article's other paragraph holds. A speaker fitting the description
    covers the question as a named speaker would (as far as they fit), so the statement is listed;
    the same group speaking in an article off the topic is not."""
    statement = f"{group}表示，将认真履职，为{place}的发展多作贡献。"
    off_topic = f"{place}{group}表示，会议的茶歇安排得很周到。"
    others = [
        Article(id="a-2", title="程序", paragraphs=["律师王成说，委任程序需要更加透明，获得提名的人应当公示。"],
                url="https://example.org/a-2", date="2025-01-05", source="晨报"),
        Article(id="f-1", title="天气", paragraphs=["气象台说，明天有小雨，气温下降。"], url="https://example.org/f-1", date="2025-01-05", source="晨报"),
    ]
    on = Article(id="a-1", title="名单公布", paragraphs=[f"{place}新一届{body}名单昨日公布，四十人获得委任。", statement],
                 url="https://example.org/a-1", date="2025-01-02", source="晨报")
    off = Article(id="a-3", title="茶歇", paragraphs=[off_topic], url="https://example.org/a-3", date="2025-01-06", source="晨报")
    question = f"{place}{asked}获得委任后有什么表态？"
    for article, said, listed in ((on, statement, True), (off, off_topic, False)):
        index = NewsIndex.build([article, *others], workers=1)
        parsed = parse_question(question, index.tokenizer, index.speakers)
        assert parsed.described and not parsed.speakers  # described, not named
        answers = [(a.speaker, a.paragraph) for a in answering.ask(index, question, top_k=5).answers]
        assert any(said == paragraph and speaker and speaker.endswith(group) for speaker, paragraph in answers) is listed, answers
