"""Which person: one name, two people; a choice when nothing decides; 没有找到 when they never spoke on it."""

from __future__ import annotations

from datetime import date

import pytest

from bot.chat import respond
from bot.replies import PagedQueries
from bot.service import IndexService
from retrieval import NewsIndex, answering
from retrieval.answering.asking import people_of
from retrieval.answering.people import clean_role, roles_compatible
from retrieval.models import Article

from .question_corpus import TODAY, question_index

T = date.fromisoformat(TODAY)


@pytest.fixture(scope="module")
def index() -> NewsIndex:
    return question_index()


def test_roles() -> None:
    assert clean_role("国家副主席王华在北京会见南岛共和国副总统") == "南岛共和国副总统"
    assert roles_compatible({"南岛外长"}, {"南岛共和国外交部长"})  # one country
    assert roles_compatible({"北湖省省长"}, {"北湖省委书记、省长"})
    assert not roles_compatible({"海港集团董事长"}, {"青山医院主任医师"})
    assert roles_compatible({"研究员"}, {"青山医院主任医师"})  # a bare title says nothing
    assert clean_role("南港——总统") == "总统"  # a dateline is not part of the role
    assert clean_role("2019年主席") == clean_role("去年3月主席") == "主席"


def test_a_past_role_does_not_make_another_person() -> None:
    articles = [
        Article(id=f"r-{i}", title="标题", url=f"https://example.org/r-{i}", date=f"202{i}-01-0{i}", source="晨报", paragraphs=[text])
        for i, text in enumerate([
            "北湖省省长马文涛说，今年要新建三百所幼儿园。",
            "北湖省省长马文涛表示，农村公路要在两年内全部硬化。",
            "时任南岛县委书记马文涛说，县里要先修路再招商。",
            "时任南岛县委书记马文涛表示，干部要多下乡走访。",
        ], start=1)
    ]
    index = NewsIndex.build(articles, workers=1)
    assert len(people_of(index, "马文涛")) == 1  # one career, not two people


def test_two_people_of_one_name_are_split_one_person_is_not(index: NewsIndex) -> None:
    zhang = people_of(index, "张伟")
    assert [(p.role, len(p.quotes), p.first, p.last) for p in zhang] == [
        ("海港集团董事长", 2, "2001-05-01", "2001-06-12"),
        ("青山医院主任医师", 2, "2024-09-03", "2025-01-15"),
    ]
    assert len(people_of(index, "李晓东")) == 1  # two outlets, one role: one person
    assert len(people_of(index, "赵明")) == 1


def test_an_ambiguous_name_answers_for_the_most_quoted_and_offers_the_others(index: NewsIndex) -> None:
    result = answering.ask(index, "张伟说了什么", 5, T)
    assert result.person is not None and result.person.role == "海港集团董事长"
    assert [p.role for p in result.alternatives] == ["青山医院主任医师"]
    assert {a.article["id"] for a in result.answers} == {"q-04", "q-05"}  # only that person's words
    data = result.to_json()
    assert [a["role"] for a in data["alternatives"]] == ["青山医院主任医师"]
    assert data["alternatives"][0]["last"] == "2025-01-15"
    chosen = answering.ask(index, "张伟说了什么", 5, T, person=result.alternatives[0].ref)
    assert {a.article["id"] for a in chosen.answers} == {"q-06", "q-07"} and chosen.alternatives == []


@pytest.mark.parametrize(
    ("question", "role"),
    [("海港集团的张伟说了什么", "海港集团董事长"), ("青山医院张伟说了什么", "青山医院主任医师"), ("张伟怎么看流感疫苗", "青山医院主任医师")],
)
def test_a_role_or_a_topic_decides_without_asking(index: NewsIndex, question: str, role: str) -> None:
    result = answering.ask(index, question, 5, T)
    assert result.alternatives == [] and result.answers
    assert {a.role for a in result.answers} == {role}


def test_a_topic_the_person_never_spoke_on_is_not_answered_with_another_topic(index: NewsIndex) -> None:
    result = answering.ask(index, "李晓东怎么看房地产市场", 5, T)
    assert result.answers == [] and result.not_found == "没有找到李晓东谈房地产市场的说法"
    assert result.spoken_topics  # what he did speak about
    assert answering.ask(index, "青山医院张伟怎么看港口扩建", 5, T).not_found == "没有找到张伟谈港口扩建的说法"


def test_a_role_nobody_of_that_name_holds(index: NewsIndex) -> None:
    result = answering.ask(index, "外交部发言人李晓东怎么回应", 5, T)
    assert result.answers == [] and result.not_found == "没有找到外交部发言人李晓东的说法"
    assert result.to_json()["not_found"]["message"] == result.not_found


def test_chat_offers_numbered_options(index: NewsIndex) -> None:
    service = IndexService(index, [], None)
    service.today = lambda: T
    paging = PagedQueries()
    reply = respond(service, paging, "张伟说了什么", None, 3)
    assert reply is not None and "你指的是哪一位？" in reply.html
    labels = [b.text for row in reply.buttons for b in row]
    assert labels[0].startswith("✓ 张伟 · 海港集团董事长") and labels[1].startswith("张伟 · 青山医院主任医师 · 2025-01-15")
    second = respond(service, paging, "/2", reply, 3)
    assert second is not None and "流感" in second.html and "集装箱" not in second.html


def test_a_short_topic_only_the_article_around_the_person_mentions_is_not_spoken_on() -> None:
    articles = [
        Article(id="h-1", title="看病难", url="https://example.org/h-1", date="2024-05-01", source="晚报", paragraphs=[
            "北港医院的病人林晓雨说，看病要排很长的队，挂号太难了。",
            "记者了解到，美国的医疗费用比这里更高。",
        ]),
        Article(id="h-2", title="贸易", url="https://example.org/h-2", date="2024-06-01", source="晚报", paragraphs=[
            "商务厅官员周明说，美国加征关税将推高进口商品的价格。",
        ]),
    ]
    index = NewsIndex.build(articles, workers=1)
    result = answering.ask(index, "林晓雨怎么回应美国关税", 5, T)  # only 美国, in a line he did not say, is near him
    assert result.answers == [] and result.not_found == "没有找到林晓雨谈美国关税的说法"
    assert answering.ask(index, "周明怎么回应美国关税", 5, T).answers[0].speaker == "周明"
    assert answering.ask(index, "林晓雨怎么看美国的医疗", 5, T).answers  # his article's words, a short topic covered
