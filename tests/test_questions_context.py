"""The paragraph before a quote counts as its context: 「X到Y慰问时强调了什么」 is answered by the
「他强调，…」 right after the paragraph that names the occasion, not by X's other statement in the
same article (whose article-wide words are the same).

People and places are fillers; the article is invented."""

from __future__ import annotations

import pytest

from retrieval import answering

from .test_questions_quoted import _index


@pytest.mark.parametrize(("person", "place"), [("张国清", "兴隆县"), ("王德明", "临潼区"), ("刘海燕", "乌兰浩特市")])
def test_the_occasion_in_the_paragraph_before_picks_the_statement(person: str, place: str) -> None:
    index = _index([
        ("n-1", "抗洪救灾", [
            f"{person}来到{place}，看望慰问受灾群众。",
            "他强调，要全力加快抢修恢复进度，尽快恢复正常生产生活秩序。",
            "当天下午，他还召开了会议。",
            f"{person}强调，要做好防汛工作，加强跨部门联合会商。",
        ]),
    ])
    answers = answering.ask(index, f"{person}到{place}慰问受灾群众时强调了什么？", 3).answers
    assert answers[0].speaker == person and answers[0].quote.startswith("要全力加快抢修")


@pytest.mark.parametrize(("person", "place"), [("张国清", "兴隆县"), ("王德明", "临潼区"), ("刘海燕", "乌兰浩特市")])
def test_the_occasion_in_the_lead_outweighs_a_closer_cut_of_the_words_elsewhere(person: str, place: str) -> None:
    """The lead is a field of its own: the visit it names (place, occasion) decides for the
    statement two paragraphs on, though another statement of the person repeats the question's
    common words in its own paragraph."""
    index = _index([
        ("lead-1", "春耕生产", [
            f"{person}到{place}考察调研。",
            "随后召开座谈会，听取工作汇报。",
            f"{person}表示，要抓好春耕生产，确保粮食稳产增产。",
        ]),
        ("lead-2", "基层工作", [
            f"{person}表示，考察调研要深入基层，多听群众意见。",
        ]),
    ])
    answers = answering.ask(index, f"{person}到{place}考察调研时表示了什么？", 3).answers
    assert answers[0].speaker == person and answers[0].quote.startswith("要抓好春耕生产")


@pytest.mark.parametrize(("person", "counterpart"), [("李德胜", "匈牙利客人"), ("陈晓梅", "巴拉圭代表团"), ("周建国", "乌兹别克斯坦客人")])
def test_the_counterpart_in_the_title_decides_between_statements(person: str, counterpart: str) -> None:
    """The title is a field too: 「某某会见Z时说了什么」 prefers the statement in the article whose
    title names the meeting with Z over a shorter statement (a higher BM25 score for the name)
    in an article that names Z only in passing, far from the statement."""
    index = _index([
        ("title-1", f"{person}会见{counterpart}", [
            "双方就共同关心的问题交换了意见。",
            "会谈在友好的气氛中进行。",
            f"{person}表示，两国要扩大贸易往来，深化人文交流，推动务实合作不断取得新成果，造福两国人民。",
        ]),
        ("title-2", "经贸论坛开幕", [
            f"{person}表示，要改善营商环境。",
            "论坛为期两天，设有多场分论坛。",
            "主办方介绍了参会嘉宾的情况。",
            f"{counterpart}曾于去年到访。",
        ]),
    ])
    answers = answering.ask(index, f"{person}会见{counterpart}时说了什么？", 3).answers
    assert answers[0].speaker == person and answers[0].quote.startswith("两国要扩大贸易往来")
