"""Side by side: two speakers' best quotes on a topic, in one message within Telegram's limits."""

from __future__ import annotations

from datetime import date

import pytest

from bot.formatting import MESSAGE_LIMIT, visible_length
from bot.replies import comparison_html
from retrieval import NewsIndex, answering
from retrieval.answering.asking import AnswerSet
from retrieval.answering.comparison import CompareSection, Comparison, compared_speakers
from retrieval.models import Answer

from .botapi_checks import parse_html
from .question_corpus import TODAY, question_index

T = date.fromisoformat(TODAY)


@pytest.fixture(scope="module")
def index() -> NewsIndex:
    return question_index()


def test_two_joined_names_ask_for_a_comparison() -> None:
    assert compared_speakers("李晓东和王海燕怎么看汽车", ["李晓东", "王海燕"]) == ["李晓东", "王海燕"]
    assert compared_speakers("王海燕与李晓东在汽车上的分歧", ["李晓东", "王海燕"]) == ["王海燕", "李晓东"]
    assert compared_speakers("会见李晓东时，王海燕怎么看汽车", ["李晓东", "王海燕"]) is None  # not side by side
    assert compared_speakers("李晓东和王海燕", ["李晓东", "王海燕"]) is None  # nothing asks for views


def test_a_name_the_tokenizer_did_not_bind_is_read_beside_the_joiner(index: NewsIndex) -> None:
    # the tokenizer may glue the second name to the joiner (和王海燕): only the first is bound
    assert compared_speakers("李晓东和王海燕怎么看", ["李晓东"]) is None
    assert compared_speakers("李晓东和王海燕怎么看", ["李晓东"], speakers=index.speakers) == ["李晓东", "王海燕"]
    assert compared_speakers("王海燕与李晓东的看法", ["李晓东"], speakers=index.speakers) == ["王海燕", "李晓东"]
    assert compared_speakers("李晓东和粮食怎么看", ["李晓东"], speakers=index.speakers) is None  # 粮食 is nobody


def test_a_side_with_nothing_on_the_topic_shows_its_nearest_quotes_labelled(index: NewsIndex) -> None:
    result = answering.ask(index, "李晓东和王海燕怎么看粮食安全", 5, T)
    assert result.comparison is not None
    first, second = result.comparison.sections
    assert first.on_topic and all("粮食" in a.quote for a in first.answers)
    assert not second.on_topic and second.answers and {a.speaker for a in second.answers} == {"王海燕"}
    assert result.to_json()["comparison"]["sections"][1]["on_topic"] is False
    html = comparison_html("<b>李晓东</b> 与 <b>王海燕</b>", result)
    assert "没有找到王海燕谈粮食安全的说法；以下是其最接近的说法" in html
    assert html.index("以下是其最接近的说法") < html.index(second.answers[0].quote[:10])


@pytest.mark.parametrize("question", ["李晓东和王海燕怎么看新能源汽车", "李晓东与王海燕在新能源汽车上的分歧"])
def test_each_speaker_gets_a_section_of_quotes_on_the_topic(index: NewsIndex, question: str) -> None:
    result = answering.ask(index, question, 5, T)
    assert result.comparison is not None and result.comparison.topic == "新能源汽车"
    sections = {s.name: s for s in result.comparison.sections}
    assert list(sections) == ["李晓东", "王海燕"]
    for name, section in sections.items():
        assert len(section.answers) == 2 and {a.speaker for a in section.answers} == {name}
        assert all("新能源汽车" in a.quote for a in section.answers)  # 粮食安全 is off the topic
    assert [a.speaker for a in result.answers[:2]] == ["李晓东", "王海燕"]  # interleaved
    assert result.to_json()["comparison"]["sections"][1]["speaker"] == "王海燕"


def test_without_a_topic_the_shared_topics_are_offered(index: NewsIndex) -> None:
    result = answering.ask(index, "李晓东和王海燕怎么看", 5, T)
    assert result.comparison is not None
    assert set(result.comparison.shared_topics) >= {"新能源", "汽车"}
    assert result.comparison.topic == result.comparison.shared_topics[0]
    assert all(s.answers for s in result.comparison.sections)


def test_compare_with_a_time(index: NewsIndex) -> None:
    result = answering.compare(index, ["李晓东", "王海燕"], "2024年 新能源汽车", T)
    assert result.window is not None and result.window.label == "2024年"
    by_name = {s.name: s.answers for s in result.comparison.sections}
    assert [a.article["id"] for a in by_name["李晓东"]] == ["q-02"] and by_name["王海燕"] == []


def test_a_comparison_of_long_quotes_fits_one_message() -> None:
    def answer(name: str, i: int) -> Answer:
        article = {"id": f"x{i}", "title": "标题" * 40, "url": f"https://example.org/{i}?a=1&b=2", "date": "2024-01-01", "source": "报"}
        return Answer(name, "角色", "很长的话<&>" * 600, "段落", article, 1.0)

    sections = [CompareSection(n, n, "某机构负责人", [answer(n, i) for i in range(3)]) for n in ("甲某", "乙某")]
    result = AnswerSet("q", [], comparison=Comparison("话题", sections))
    html = comparison_html("<b>甲某</b> 与 <b>乙某</b>", result)
    assert visible_length(html) <= MESSAGE_LIMIT
    parse_html(html)  # well-formed Telegram HTML
    assert html.count("<blockquote>") == 6 and html.index("甲某") < html.index("━━ <b>乙某</b>")


def test_a_form_of_address_is_not_shown_as_the_role() -> None:
    """王某同志 in one article, 外交部长 in two: the section says 外交部长."""
    from retrieval.answering.people import main_role

    assert main_role({"同志": 5, "外交部长": 2}) == "外交部长"
    assert main_role({"外交部长": 2, "中共中央政治局委员、外交部长": 2}) == "外交部长"
    assert main_role({"先生": 1}) is None
