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
