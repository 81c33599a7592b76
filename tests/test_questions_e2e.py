"""End to end: the 你指的是哪一位 keyboard from the real ``newsbot run`` process, over HTTP."""

from __future__ import annotations

from pathlib import Path

import pytest

from .botapi_server import BotApiServer
from .question_corpus import built_corpus
from .test_e2e import TOKEN, USER, BotProcess, bot_env

pytestmark = pytest.mark.requires_shared  # the HTTP stand-in checks every request against the Bot API spec


@pytest.fixture(scope="module")
def question_corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return built_corpus(tmp_path_factory.mktemp("question-e2e"))


def test_choice_keyboard_and_choosing_a_person(question_corpus: tuple[Path, Path], tmp_path: Path) -> None:
    corpus, index_dir = question_corpus
    with BotApiServer(TOKEN) as server:
        bot = BotProcess(bot_env(server, corpus, index_dir, tmp_path), tmp_path / "bot.log")
        try:
            server.wait_for(lambda: server.get_updates_calls > 0 or not bot.alive(), 60, "the bot to start polling")
            assert bot.alive(), bot.log()
            server.message("张伟说了什么", USER, USER)
            (call,) = server.wait_for(lambda: server.calls("sendMessage", USER), what="an answer")
            message = call.response["result"]
            assert "你指的是哪一位？" in message["text"] and "集装箱" in message["text"]
            rows = message["reply_markup"]["inline_keyboard"]
            assert [row[0]["text"] for row in rows] == ["✓ 张伟 · 海港集团董事长 · 2001-06-12", "张伟 · 青山医院主任医师 · 2025-01-15"]
            server.press(message, rows[1][0]["callback_data"], USER)
            (edit,) = server.wait_for(lambda: server.calls("editMessageText"), what="the chosen person's answers")
            assert "流感" in edit.params["text"] and "集装箱" not in edit.params["text"]
            server.inline("2024年张伟怎么看流感", USER)
            (inline,) = server.wait_for(lambda: server.calls("answerInlineQuery"), what="inline results")
            texts = [r["input_message_content"]["message_text"] for r in inline.params["results"]]
            assert texts and all("时间：2024年" in t for t in texts) and "秋季" in texts[0]
        finally:
            code = bot.stop()
            assert code == 0, bot.log()
        assert server.telegram.violations == [], [(c.method, c.response) for c in server.telegram.violations]
        assert TOKEN not in bot.log()
