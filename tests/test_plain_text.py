"""Plain `newsbot ask` says what the bot says: no answer reads as something it is not.

A line nobody said shows its nearest paragraphs as not its source; a person who never spoke on a
topic gets 没有找到 and what they did speak about; chatter gets the help; a comparison shows its
two sides; a paragraph without a speaker is not put in quotation marks. On the invented question
corpus, and once through the real command."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.plain_text import CHATTER, NO_ANSWER, answer_set_text
from retrieval import NewsIndex, answering

from .question_corpus import question_index, write_corpus
from .test_cli import newsbot


@pytest.fixture(scope="module")
def index() -> NewsIndex:
    return question_index()


def text(index: NewsIndex, question: str) -> str:
    return answer_set_text(question, answering.ask(index, question, 3))


def test_a_line_nobody_said_is_shown_as_not_found_and_its_neighbours_as_not_its_source(index: NewsIndex) -> None:
    out = text(index, "“人工智能将取代所有的医生和律师”是谁说的")
    assert "❌ 没有找到这句话" in out and "不是出处" in out
    verbatim = text(index, "“港口扩建要兼顾生态保护”是谁说的")
    assert "✅ 原话" in verbatim and "不是出处" not in verbatim
    close = text(index, "“人工智能不是万能的,但是没有人工智能地工厂将会落后”是谁说的")
    assert "≈ 近似" in close and "[-地-]{+的+}" in close


def test_never_said_names_the_person_the_topic_and_what_they_did_speak_about(index: NewsIndex) -> None:
    result = answering.ask(index, "赵明怎么看粮食安全？", 3)
    assert result.not_found is not None
    out = answer_set_text("赵明怎么看粮食安全？", result)
    assert f"❌ {result.not_found}" in out and "谈到过：" in out and NO_ANSWER not in out


def test_chatter_gets_the_help(index: NewsIndex) -> None:
    out = text(index, "吃了吗")
    assert CHATTER in out and "1." not in out


def test_a_comparison_shows_both_sides(index: NewsIndex) -> None:
    out = text(index, "李晓东和王海燕怎么看新能源汽车？")
    assert "━━ 李晓东" in out and "━━ 王海燕" in out


def test_a_paragraph_without_a_speaker_is_not_a_quotation(index: NewsIndex) -> None:
    result = answering.ask(index, "白菜 土豆 票价", 3)
    unsigned = [a for a in result.answers if not a.speaker]
    assert unsigned, [a.speaker for a in result.answers]
    out = answer_set_text("白菜 土豆 票价", result)
    assert "（未署名段落，不是引语）" in out and f"“{unsigned[0].quote}”" not in out


def test_the_command_prints_the_framing(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    env = {"NEWSBOT_CACHE_DIR": str(tmp_path / "cache")}
    result = newsbot("ask", "--corpus", str(corpus), "“人工智能将取代所有的医生和律师”是谁说的", "你好", env=env)
    assert result.returncode == 0, result.stderr
    assert "❌ 没有找到这句话" in result.stdout and CHATTER in result.stdout
