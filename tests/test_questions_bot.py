"""The new question forms through the bot, against the spec-checking Telegram stand-in."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from .question_corpus import TODAY, built_corpus
from .test_bot import USER, Harness, run

pytestmark = pytest.mark.requires_shared  # the Telegram stand-ins check against the Bot API spec

T = date.fromisoformat(TODAY)


@pytest.fixture(scope="module")
def question_bot(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return built_corpus(tmp_path_factory.mktemp("question-bot"))


def _run(question_bot: tuple[Path, Path], *texts: str) -> Harness:
    async def scenario(h: Harness) -> None:
        h.service.today = lambda: T
        for text in texts:
            await h.private(text)

    return run(*question_bot, scenario)


def test_the_reply_shows_the_resolved_window_and_labels_answers_outside_it(question_bot: tuple[Path, Path]) -> None:
    h = _run(question_bot, "去年谁谈到了粮食安全", "2023年谁谈到了粮食安全")
    outside, inside = (call.params["text"] for call in h.telegram.sent("sendMessage", USER))
    assert "时间：去年（2025年）" in outside
    assert "这段时间内没有找到相关说法" in outside and "<b>李晓东</b>" in outside
    assert "时间：2023年" in inside and "没有找到" not in inside


def test_source_command_marks_the_differences(question_bot: tuple[Path, Path]) -> None:
    h = _run(
        question_bot,
        "/source “人工智能不是万能的,但是没有人工智能地工厂将会落后”",
        "“港口扩建要兼顾生态保护”是谁说的？",
        "/source 月亮上的工厂将会落后于地球",
    )
    close, verbatim, missing = (call.params["text"] for call in h.telegram.sent("sendMessage", USER))
    assert "近似" in close and "<s>地</s><u>的</u>" in close and "<b>赵明</b>" in close
    assert "原话" in verbatim and "<b>张伟</b> · 海港集团董事长" in verbatim
    assert "没有找到" in missing


def test_who_else_lists_speakers_with_buttons_that_open_their_quotes(question_bot: tuple[Path, Path]) -> None:
    async def scenario(h: Harness) -> None:
        h.service.today = lambda: T
        await h.private("谁谈到了新能源汽车")
        (reply,) = h.replies(USER)
        h.listing = reply  # type: ignore[attr-defined]
        (button,) = [b for row in reply["reply_markup"]["inline_keyboard"] for b in row if "（2）" in b["text"]]
        h.person = button["text"].split("（")[0]  # type: ignore[attr-defined]
        await h.feed(h.telegram.callback_update(reply, button["callback_data"], USER))
        await h.private("/who 李晓东 新能源汽车 2024年")
        await h.private("/who 新能源汽车")
        await h.private("/who 李晓东 流感")

    h = run(*question_bot, scenario)
    listing = h.listing["text"]  # type: ignore[attr-defined]
    assert "还有谁谈到了「新能源汽车」" in listing and "2 段" in listing
    (edited,) = h.telegram.sent("editMessageText")
    assert f"<b>{h.person}</b>" in edited.params["text"] and "话题：新能源汽车" in edited.params["text"]  # type: ignore[attr-defined]
    assert "共 2 段话" in edited.params["text"]
    dated, topic_only, off_topic = (c.params["text"] for c in h.telegram.sent("sendMessage", USER)[1:])
    assert "时间：2024年" in dated and "共 1 段话" in dated and "因地制宜" in dated and "充电网络" not in dated
    assert "还有谁谈到了「新能源汽车」" in topic_only
    assert "没有找到 <b>李晓东</b>谈流感的说法" in off_topic


def test_who_of_a_shared_name_lists_one_bearer_under_their_own_role(question_bot: tuple[Path, Path]) -> None:
    """Two 张伟 (a port chairman, a doctor): /who lists one of them with that one's role and names
    the other; a topic only the doctor spoke on lists the doctor, with the doctor's role."""
    h = _run(question_bot, "/who 张伟", "/who 张伟 流感")
    plain, on_topic = (c.params["text"] for c in h.telegram.sent("sendMessage", USER))
    assert plain.startswith("<b>张伟</b> · 海港集团董事长\n同名的还有：张伟（青山医院主任医师）")
    assert "共 2 段话" in plain and "集装箱" in plain and "流感" not in plain
    assert on_topic.startswith("<b>张伟</b> · 青山医院主任医师\n话题：流感") and "同名的还有" not in on_topic
    assert "共 2 段话" in on_topic and "港口" not in on_topic


def test_compare_command_and_question_in_one_message(question_bot: tuple[Path, Path]) -> None:
    h = _run(question_bot, "/compare 李晓东 王海燕 新能源汽车", "李晓东和王海燕怎么看", "/compare 李晓东 钱多多")
    command, untopical, missing = h.telegram.sent("sendMessage", USER)
    text = command.params["text"]
    assert text.index("━━ <b>李晓东</b>") < text.index("━━ <b>王海燕</b>")
    assert "因地制宜" in text and "价格战" in text and "耕地红线" not in text and "2024-06-02" in text
    assert "两人都谈到的话题" in untopical.params["text"]
    assert untopical.params.get("reply_markup")  # the other shared topics as buttons
    assert "没有找到这些人说过的话" in missing.params["text"] and "钱多多" in missing.params["text"]


def test_choice_keyboard_for_an_ambiguous_name(question_bot: tuple[Path, Path]) -> None:
    async def scenario(h: Harness) -> None:
        h.service.today = lambda: T
        await h.private("张伟说了什么")
        (reply,) = h.replies(USER)
        h.first = reply  # type: ignore[attr-defined]
        rows = reply["reply_markup"]["inline_keyboard"]
        await h.feed(h.telegram.callback_update(reply, rows[1][0]["callback_data"], USER))
        await h.private("外交部发言人张伟怎么回应")

    h = run(*question_bot, scenario)
    first = h.first  # type: ignore[attr-defined]
    assert "你指的是哪一位？" in first["text"] and "集装箱" in first["text"]
    labels = [row[0]["text"] for row in first["reply_markup"]["inline_keyboard"]]
    assert labels == ["✓ 张伟 · 海港集团董事长 · 2001-06-12", "张伟 · 青山医院主任医师 · 2025-01-15"]
    (edited,) = h.telegram.sent("editMessageText")
    assert "流感" in edited.params["text"] and "集装箱" not in edited.params["text"]
    missing = h.telegram.sent("sendMessage", USER)[-1].params["text"]
    assert "没有找到外交部发言人张伟的说法" in missing and "/who 张伟" in missing


def test_inline_mode_accepts_a_date_and_a_second_name(question_bot: tuple[Path, Path]) -> None:
    """@bot 2024年李晓东说了什么 answers from 2024 only, with the window shown; @bot 李晓东和王海燕怎么看
    新能源汽车 gives both speakers' quotes."""

    async def scenario(h: Harness) -> None:
        h.service.today = lambda: T
        await h.feed(h.telegram.inline_update("2024年李晓东说了什么", USER))
        await h.feed(h.telegram.inline_update("李晓东和王海燕怎么看新能源汽车", USER))

    h = run(*question_bot, scenario)
    dated, compared = (call.params["results"] for call in h.telegram.sent("answerInlineQuery"))
    texts = [r["input_message_content"]["message_text"] for r in dated]
    assert texts and all("2024-" in t and "时间：2024年" in t for t in texts)
    speakers = {r["title"].split(" · ")[0] for r in compared}
    assert {"李晓东", "王海燕"} <= speakers
