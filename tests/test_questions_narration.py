"""Narration and "nothing found" (issue 21, item 4), in the library and in every front end.

* A topic question is answered by attributed narration (试验数据显示，… / 调查发现，…) when no quote
  covers the topic: the finding with its source is scored as a quote would be, instead of losing
  to any quote on part of the topic because of the quote bonus. The same finding without its
  source stays behind the quotes: the construction, not the coverage, lifts it.
* A question with no answer says so, and a message that asks nothing (你好, 吃了吗) gets the help,
  never a quote: in the library's AnswerSet, plain ``newsbot ask``, ``newsbot ask --json``,
  ``newsbot chat``, and the bot (messages and inline mode) against the Bot API stand-in.

Articles, sources and topics are invented fillers. The evidence nouns are those that name a
measurement (数据, 调查 …): a document that 指出 (报告, 公报) is a speaker to attribution, so its
finding is a quote and does not test narration.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.plain_text import CHATTER, NO_ANSWER
from retrieval import NewsIndex, answering
from retrieval.answering.narration import REPORTING_VERBS, is_attributed_narration
from retrieval.models import Article

from .test_cli import newsbot

MEASUREMENTS = ["数据", "调查", "统计", "研究", "监测结果", "评估", "民调", "测算", "普查", "分析"]
"""Evidence nouns (narration.EVIDENCE_NOUNS) that name a measurement, not a document."""
QUALIFIERS = ["", "试验", "最新", "一项", "去年的", "第三方"]
TOPICS = [
    ("新药", "复发率", "肺癌患者"),
    ("电动车", "续航里程", "北方用户"),
    ("稻田", "甲烷排放", "南方农户"),
    ("地铁", "客流量", "郊区居民"),
    ("光伏板", "发电效率", "高原牧民"),
]
SPEAKERS = [("研究员", "张立明"), ("教授", "欧阳秀兰"), ("工程师", "马克·韦伯"), ("局长", "佐藤健")]
FILLER = [
    ("f-1", "天气", ["气象台说，明天有小雨，气温下降。"]),
    ("f-2", "交通", ["交通局表示，地铁三号线下月通车。"]),
    ("f-3", "农业", ["农业专家介绍，今年小麦长势良好。"]),
    ("f-4", "教育", ["校长说，新学期开设编程课。"]),
]
"""Other articles, so that idf is positive for words only a test's own articles use."""


def _articles(finding: str, thing: str, measure: str, people: str, speakers: tuple[tuple[str, str], ...]) -> list[Article]:
    """The finding, and two quotes that each cover two of the topic's three words."""
    (title1, name1), (title2, name2) = speakers
    rows = [
        ("n-1", "试验", [finding]),
        ("n-2", "访谈", [f"{title1}{name1}说，{thing}的{measure}还要看更多试验。"]),
        ("n-3", "报道", [f"{name2}说：“{thing}的价格太高，很多{people}用不起。”{title2}{name2}是在会上说这番话的。"]),
        *FILLER,
    ]
    return [Article(id=i, title=t, paragraphs=p, url=f"https://example.org/{i}", date="2025-03-01", source="晨报") for i, t, p in rows]


def _question(thing: str, measure: str, people: str) -> str:
    return f"关于{thing}对{people}的{measure}，有什么说法？"


sources = st.builds(lambda q, n, v: q + n + v, st.sampled_from(QUALIFIERS), st.sampled_from(MEASUREMENTS), st.sampled_from(REPORTING_VERBS))
speaker_pairs = st.lists(st.sampled_from(SPEAKERS), min_size=2, max_size=2, unique=True).map(tuple)
topics = st.sampled_from(TOPICS)


# --- the library: narration answers a topic question -----------------------------------------


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sources, topics, speaker_pairs)
@example("监测结果显示", TOPICS[0], tuple(SPEAKERS[:2]))  # the segmenter joins noun and verb: 结果显示
@example("分析表明", TOPICS[1], tuple(SPEAKERS[1:3]))
def test_a_sourced_finding_answers_a_topic_question_no_quote_covers(source: str, topic: tuple[str, str, str], speakers: tuple[tuple[str, str], ...]) -> None:
    thing, measure, people = topic
    finding = f"{source}，{thing}能把{people}的{measure}降低三成。"
    index = NewsIndex.build(_articles(finding, thing, measure, people, speakers), workers=1)
    answers = answering.ask(index, _question(*topic), 3).answers
    assert answers[0].paragraph == finding and answers[0].speaker is None, [(a.speaker, a.paragraph) for a in answers]
    assert {a.speaker for a in answers[1:]} == {name for _, name in speakers}  # the quotes still follow


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(topics, speaker_pairs)
def test_the_same_finding_without_its_source_stays_behind_the_quotes(topic: tuple[str, str, str], speakers: tuple[tuple[str, str], ...]) -> None:
    """What lifts the finding is its source: unsourced narration covering the topic as well does not."""
    thing, measure, people = topic
    bare = f"{thing}能把{people}的{measure}降低三成。"
    index = NewsIndex.build(_articles(bare, thing, measure, people, speakers), workers=1)
    answers = answering.ask(index, _question(*topic), 3).answers
    assert answers[0].speaker is not None and answers[0].paragraph != bare


@pytest.mark.parametrize("noun", MEASUREMENTS)
@pytest.mark.parametrize("verb", REPORTING_VERBS)
def test_the_construction_is_an_evidence_noun_right_before_a_reporting_verb(noun: str, verb: str) -> None:
    assert is_attributed_narration(f"{noun}{verb}，今年的产量增长了一成。")
    assert not is_attributed_narration(f"他{verb}了自己的看法。")  # a person, not a measurement
    assert not is_attributed_narration(f"今年的产量增长了一成，{verb}出回暖的势头。")  # no source before the verb


# --- every front end: the finding, nothing found, chatter ------------------------------------

THING, MEASURE, PEOPLE = TOPICS[0]
FINDING = f"试验数据显示，{THING}能把{PEOPLE}的{MEASURE}降低三成。"
ANSWERED = _question(THING, MEASURE, PEOPLE)
NOTHING = "关于量子纠缠和超导体，有什么说法？"
NEVER_SPOKE = "张立明怎么看量子纠缠？"
CHATTERS = ["你好", "吃了吗"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    """The front-end corpus as a JSON Lines file, indexed once by ``newsbot index``."""
    base = tmp_path_factory.mktemp("narration")
    (base / "corpus").mkdir()
    with open(base / "corpus" / "narration.jsonl", "w", encoding="utf-8") as out:
        for a in _articles(FINDING, THING, MEASURE, PEOPLE, tuple(SPEAKERS[:2])):
            out.write(json.dumps({"id": a.id, "title": a.title, "url": a.url, "date": a.date, "source": a.source, "paragraphs": a.paragraphs}, ensure_ascii=False) + "\n")
    env = {"NEWSBOT_CACHE_DIR": str(base / "cache")}
    built = newsbot("index", "--corpus", str(base / "corpus"), "--index-dir", str(base / "idx"), env=env)
    assert built.returncode == 0, built.stderr
    return base / "corpus", base / "idx", env


def _ask(corpus: tuple[Path, Path, dict[str, str]], *options: str) -> str:
    directory, index_dir, env = corpus
    questions = [ANSWERED, NOTHING, NEVER_SPOKE, *CHATTERS]
    result = newsbot("ask", "--corpus", str(directory), "--index-dir", str(index_dir), *options, *questions, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _blocks(stdout: str) -> list[str]:
    """Plain ``ask`` output, one block per question (each starts with 问：)."""
    return ["问：" + block for block in stdout.split("问：")[1:]]


def test_plain_ask_shows_the_finding_unquoted_says_when_nothing_is_found_and_helps_on_chatter(
    corpus: tuple[Path, Path, dict[str, str]],
) -> None:
    answered, nothing, never, *chatter = _blocks(_ask(corpus))
    first = answered.split(" 2. ")[0]
    assert "（未署名段落，不是引语）" in first and FINDING in first and f"“{FINDING}" not in first
    assert NO_ANSWER in nothing and " 1. " not in nothing
    assert "❌ 没有找到张立明谈量子纠缠的说法" in never and "谈到过：" in never and " 1. " not in never
    for block in chatter:
        assert CHATTER in block and NO_ANSWER not in block and " 1. " not in block


def test_ask_json_carries_the_same_verdicts(corpus: tuple[Path, Path, dict[str, str]]) -> None:
    answered, nothing, never, *chatter = (json.loads(line) for line in _ask(corpus, "--json").splitlines())
    assert answered["answers"][0]["paragraph"] == FINDING and answered["answers"][0]["speaker"] is None
    assert nothing["answers"] == [] and "chatter" not in nothing and "not_found" not in nothing
    assert never["answers"] == [] and never["not_found"]["message"] == "没有找到张立明谈量子纠缠的说法"
    assert all(c["chatter"] is True and c["answers"] == [] for c in chatter)


def test_chat_says_when_nothing_is_found_and_helps_on_chatter(corpus: tuple[Path, Path, dict[str, str]]) -> None:
    directory, index_dir, env = corpus
    lines = "\n".join([ANSWERED, NOTHING, NEVER_SPOKE, *CHATTERS, "quit"]) + "\n"
    result = newsbot("chat", "--corpus", str(directory), "--index-dir", str(index_dir), stdin=lines, env=env)
    assert result.returncode == 0, result.stderr
    answered, nothing, never, *chatter = _blocks(result.stdout)
    assert answered.split("\n")[2:4] == ["相关段落", f"  │ {FINDING}"]  # first, and not as anyone's words
    assert "没有找到合适的回答" in nothing
    assert "没有找到张立明谈量子纠缠的说法" in never
    for block in chatter:
        assert "这不像是一个问题" in block and "/help" in block and "没有找到" not in block


@pytest.mark.requires_shared  # the stand-in checks every call against the Bot API spec
def test_the_bot_says_when_nothing_is_found_and_helps_on_chatter(corpus: tuple[Path, Path, dict[str, str]]) -> None:
    from .test_bot import USER, Harness, run

    async def scenario(h: Harness) -> None:
        for text in [ANSWERED, NOTHING, NEVER_SPOKE, *CHATTERS]:
            await h.private(text)
        for text in [NOTHING, CHATTERS[0]]:
            await h.feed(h.telegram.inline_update(text, USER))

    h = run(corpus[0], corpus[1], scenario)
    answered, nothing, never, *chatter = (m["text"] for m in h.replies(USER))
    assert answered.split("\n")[2:4] == ["相关段落", FINDING]
    assert "没有找到合适的回答" in nothing
    assert "没有找到张立明谈量子纠缠的说法" in never
    for text in chatter:
        assert "这不像是一个问题" in text and "/help" in text and "没有找到" not in text
    for call in h.telegram.sent("answerInlineQuery"):
        assert call.params["results"] == [] and "没有找到" in call.params["button"]["text"]
