"""A topic question can be answered by attributed narration (数据显示, 报告指出, 调查发现): a finding
with its source competes with quotes on what it covers, not losing to any quote on the topic
because of the quote bonus.

The articles are invented; the source phrases and topics are fillers."""

from __future__ import annotations

import pytest

from retrieval import answering
from retrieval.answering.narration import is_attributed_narration

from .test_questions_quoted import _index

SOURCES = ["试验数据显示", "最新报告指出", "一项调查发现", "统计表明", "监测结果证实"]
TOPICS = [("新药", "复发率", "肺癌患者"), ("电动车", "续航里程", "北方用户"), ("稻田", "甲烷排放", "南方农户")]


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize(("thing", "measure", "people"), TOPICS)
def test_a_sourced_finding_answers_a_topic_question_before_quotes_on_part_of_it(
    source: str, thing: str, measure: str, people: str
) -> None:
    index = _index([
        ("n-1", "试验", [f"{source}，{thing}能把{people}的{measure}降低三成。"]),
        ("n-3", "访谈", [f"研究员张立明说，{thing}能否推广还要看更多试验。"]),
        ("n-2", "报道", [f"王海说：“{thing}的价格太高，很多{people}用不起。”"]),
    ])
    answers = answering.ask(index, f"关于{thing}对{people}的{measure}，有什么说法？", 3).answers
    assert answers[0].paragraph.startswith(source)  # its source may be attributed (报告) or not (数据)


@pytest.mark.parametrize("source", SOURCES)
def test_the_construction_is_an_evidence_noun_before_a_reporting_verb(source: str) -> None:
    assert is_attributed_narration(f"{source}，今年的产量增长了一成。")
    assert not is_attributed_narration(f"他{source[-2:]}了自己的看法。")  # a person, not a document
    assert not is_attributed_narration("今年的产量增长了一成，显示出回暖的势头。")
