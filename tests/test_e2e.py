"""End to end: the unchanged ``newsbot run`` process against the HTTP Bot API stand-in.

Each test starts its own stand-in server and bot process on free loopback ports and stops
them; the bot reaches the stand-in only through NEWSBOT_API_BASE_URL.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import quote

import pytest

from retrieval import open_index

from .botapi_server import BotApiServer, free_port
from .conftest import ROOT, make_bot_corpus
from .fake_telegram import BOT_USERNAME

TOKEN = "123456789:E2E-test-token"
pytestmark = pytest.mark.requires_shared

ADMIN = 4242
USER = 1001
OTHER = 1002
GROUP = -100555


@pytest.fixture(scope="module")
def e2e_corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("e2e")
    corpus = make_bot_corpus(base / "corpus")
    open_index([corpus], base / "idx", workers=1)
    return corpus, base / "idx"


class BotProcess:
    """``newsbot run`` as a subprocess, its log in a file."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.log_path = log
        executable = shutil.which("newsbot")
        command = [executable, "run"] if executable else [sys.executable, "-m", "bot.cli", "run"]
        base = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")}
        self._log = open(log, "wb")
        self.process = subprocess.Popen(
            command, env={**base, "PYTHONPATH": str(ROOT), **env}, stdout=self._log, stderr=subprocess.STDOUT, cwd=log.parent
        )

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self, timeout: float = 15) -> int:
        if self.alive():
            self.process.send_signal(signal.SIGTERM)
        try:
            code = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            code = self.process.wait(5)
        self._log.close()
        return code


def bot_env(server: BotApiServer, corpus: Path, index_dir: Path, tmp: Path, **extra: str) -> dict[str, str]:
    return {
        "NEWSBOT_BOT_TOKEN": TOKEN,
        "NEWSBOT_API_BASE_URL": server.url,
        "NEWSBOT_ADMIN_IDS": str(ADMIN),
        "NEWSBOT_CORPUS_PATHS": str(corpus),
        "NEWSBOT_INDEX_DIR": str(index_dir),
        "NEWSBOT_CACHE_DIR": str(tmp / "cache"),
        "NEWSBOT_STATE_DIR": str(tmp / "state"),
        "NEWSBOT_LOG_LEVEL": "INFO",
        **extra,
    }


@pytest.fixture()
def polling_bot(e2e_corpus: tuple[Path, Path], tmp_path: Path) -> Iterator[tuple[BotApiServer, BotProcess]]:
    corpus, index_dir = e2e_corpus
    with BotApiServer(TOKEN) as server:
        bot = BotProcess(bot_env(server, corpus, index_dir, tmp_path), tmp_path / "bot.log")
        try:
            server.wait_for(lambda: server.get_updates_calls > 0 or not bot.alive(), 60, "the bot to start polling")
            assert bot.alive(), bot.log()
            yield server, bot
        finally:
            code = bot.stop()
            assert code == 0, bot.log()
        assert server.telegram.violations == [], [(c.method, c.response) for c in server.telegram.violations]
        assert TOKEN not in bot.log()


def assert_no_secret(log: str, *secrets: str) -> None:
    for secret in secrets:
        assert secret not in log and quote(secret, safe="") not in log, f"a secret is in the log:\n{log}"


def _text(call: Any) -> str:
    return call.response["result"]["text"]


def _buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for row in message.get("reply_markup", {}).get("inline_keyboard", []) for b in row]


# --- polling ---------------------------------------------------------------------------------


def test_startup_calls(polling_bot: tuple[BotApiServer, BotProcess]) -> None:
    server, _ = polling_bot
    methods = [c.method for c in server.calls()]
    for method in ("getMe", "deleteWebhook", "setMyCommands", "getUpdates"):
        assert method in methods, methods
    assert methods.index("getMe") < methods.index("getUpdates")
    scopes = [c.params.get("scope", {}).get("type") for c in server.calls("setMyCommands")]
    assert "default" in scopes and "chat" in scopes


def test_private_question_answered_with_quote_and_link(polling_bot: tuple[BotApiServer, BotProcess]) -> None:
    server, _ = polling_bot
    server.message("李明说了什么？", USER, USER)
    (call,) = server.wait_for(lambda: server.calls("sendMessage", USER), what="an answer")
    assert "<b>李明</b>" in call.params["text"]
    assert '<a href="https://example.org/a?x=1&amp;y=&lt;2&gt;">' in call.params["text"]
    assert "A<B>C & D" in _text(call)


def test_group_ask_and_mention(polling_bot: tuple[BotApiServer, BotProcess]) -> None:
    server, _ = polling_bot
    server.telegram.chat(GROUP, "supergroup")
    server.message("大家好，今天开会", GROUP, USER, kind="supergroup")
    server.message(f"/ask@{BOT_USERNAME} 陈华文说了什么？", GROUP, USER, kind="supergroup")
    server.wait_for(lambda: server.calls("sendMessage", GROUP), what="the /ask answer")
    server.message(f"@{BOT_USERNAME} 彭文生说了什么？", GROUP, OTHER, kind="supergroup")
    calls = server.wait_for(lambda: len(server.calls("sendMessage", GROUP)) >= 2 and server.calls("sendMessage", GROUP), what="the mention answer")
    time.sleep(0.5)  # room for a wrong answer to the chatter to show up
    calls = server.calls("sendMessage", GROUP)
    assert len(calls) == 2
    assert "<b>陈华文</b>" in calls[0].params["text"] and "<b>彭文生</b>" in calls[1].params["text"]


def test_inline_query_with_next_offset(polling_bot: tuple[BotApiServer, BotProcess]) -> None:
    server, _ = polling_bot
    server.inline("习近平", USER)
    (call,) = server.wait_for(lambda: server.calls("answerInlineQuery"), what="inline results")
    assert len(call.params["results"]) == 50 and call.params["next_offset"] == "50"
    server.inline("习近平", USER, offset="50")
    calls = server.wait_for(lambda: len(server.calls("answerInlineQuery")) == 2 and server.calls("answerInlineQuery"), what="page 2")
    assert calls[1].params["results"][0]["id"] == "50" and calls[1].params["next_offset"] == "100"
    # the last page and a query with no answer: no next page, and no "[]" on the wire (PTB #4295)
    server.inline("习近平", USER, offset="150")
    server.inline("量子纠缠超导体火星殖民地", USER)
    calls = server.wait_for(lambda: len(server.calls("answerInlineQuery", ok=False)) == 4 and server.calls("answerInlineQuery", ok=False), what="pages 3 and 4")
    last, empty = calls[2:]
    assert last.status == 200 and 0 < len(last.params["results"]) < 50 and last.params["results"][0]["id"] == "150"
    assert empty.status == 200 and empty.params["results"] == []
    for call in (last, empty):
        assert call.params.get("next_offset", "") == "", call.params.get("next_offset")


def test_more_answers_button_edits_the_message(polling_bot: tuple[BotApiServer, BotProcess]) -> None:
    server, _ = polling_bot
    server.message("谁提到了绿色转型？", USER, USER)
    (call,) = server.wait_for(lambda: server.calls("sendMessage", USER), what="an answer")
    message = call.response["result"]
    (more,) = [b for b in _buttons(message) if b["text"] == "更多回答 ▶"]  # other buttons open speakers
    server.press(message, more["callback_data"], USER)
    (edit,) = server.wait_for(lambda: server.calls("editMessageText"), what="the edit")
    assert edit.params["message_id"] == message["message_id"]
    assert "第 4–6 条" in _text(edit)
    server.wait_for(lambda: server.calls("answerCallbackQuery"), what="the callback answer")


def test_non_admin_reload_is_refused(polling_bot: tuple[BotApiServer, BotProcess]) -> None:
    server, bot = polling_bot
    server.message("/reload", USER, USER)
    (call,) = server.wait_for(lambda: server.calls("sendMessage", USER), what="the refusal")
    assert call.params["text"] == "抱歉，这个命令只对管理员开放。"
    server.wait_for(lambda: f"refused /reload from non-admin user id {USER}" in bot.log(), 10, "the log line")


def test_admin_reload_while_questions_are_answered(e2e_corpus: tuple[Path, Path], tmp_path: Path) -> None:
    corpus = make_bot_corpus(tmp_path / "corpus")
    index_dir = tmp_path / "idx"
    open_index([corpus], index_dir, workers=1)
    with BotApiServer(TOKEN) as server:
        bot = BotProcess(bot_env(server, corpus, index_dir, tmp_path), tmp_path / "bot.log")
        try:
            server.wait_for(lambda: server.get_updates_calls > 0, 60, "polling")
            # a long added article, so that the reload takes seconds however fast reloads become:
            # the questions below must be answered while it runs, not after it
            filler = "\n\n".join(f"第{k}位受访的渔民王德{k}表示，今年第{k}批渔船将在{k % 12 + 1}月出海作业。" for k in range(3000))
            (corpus / "extra.md").write_text(f"---\ntitle: 增补\n---\n\n赵六表示，重新载入之后就能找到这句话。\n\n{filler}\n", encoding="utf-8")
            server.message("/reload", ADMIN, ADMIN)
            server.wait_for(lambda: server.calls("sendMessage", ADMIN), what="the reload to start")
            for _ in range(3):
                server.message("陈华文说了什么？", USER, USER)
            server.wait_for(lambda: len(server.calls("sendMessage", USER)) >= 3, 60, "answers during the reload")
            (report,) = server.wait_for(lambda: server.calls("editMessageText", ADMIN), 120, "the reload report")
            answered_during = [c for c in server.calls("sendMessage", USER) if server.telegram.calls.index(c) < server.telegram.calls.index(report)]
            assert answered_during, "no question was answered while the reload ran"
            assert "重新载入完成" in _text(report) and "新增 1 篇" in _text(report)
            server.message("赵六说了什么？", USER, USER)
            server.wait_for(lambda: any("<b>赵六</b>" in c.params["text"] for c in server.calls("sendMessage", USER)), what="the new article")
        finally:
            assert bot.stop() == 0, bot.log()
        assert server.telegram.violations == []


# --- webhook ---------------------------------------------------------------------------------


def test_webhook_registers_and_checks_the_secret(e2e_corpus: tuple[Path, Path], tmp_path: Path) -> None:
    corpus, index_dir = e2e_corpus
    port = free_port()
    hook = f"http://127.0.0.1:{port}/telegram-hook"
    with BotApiServer(TOKEN) as server:
        env = bot_env(
            server, corpus, index_dir, tmp_path,
            NEWSBOT_MODE="webhook", NEWSBOT_WEBHOOK_URL=hook, NEWSBOT_WEBHOOK_SECRET="s3cret-token",
            NEWSBOT_LISTEN_HOST="127.0.0.1", NEWSBOT_LISTEN_PORT=str(port), NEWSBOT_LOG_LEVEL="DEBUG",
        )
        bot = BotProcess(env, tmp_path / "bot.log")
        try:
            (registration,) = server.wait_for(lambda: server.calls("setWebhook"), 60, "setWebhook")
            assert registration.params["url"] == hook
            assert registration.params["secret_token"] == "s3cret-token"
            time.sleep(0.5)
            wrong = server.telegram.message_update("陈华文说了什么？", USER, USER)
            assert server.post_to_webhook(hook, wrong, "not-the-secret") == 403
            assert server.post_to_webhook(hook, server.telegram.message_update("彭文生说了什么？", USER, USER), None) == 403
            right = server.telegram.message_update("蓝钦扬说了什么？", USER, USER)
            assert server.post_to_webhook(hook, right, "s3cret-token") == 200
            (call,) = server.wait_for(lambda: server.calls("sendMessage", USER), what="the webhook answer")
            assert "<b>蓝钦扬</b>" in call.params["text"]
            time.sleep(0.5)
            assert len(server.calls("sendMessage", USER)) == 1  # the rejected updates were never processed
            assert server.get_updates_calls == 0
        finally:
            assert bot.stop() == 0, bot.log()
        assert " DEBUG " in bot.log() and "setWebhook" in bot.log()
        assert_no_secret(bot.log(), TOKEN, "s3cret-token")


# --- faults ----------------------------------------------------------------------------------


def test_faults_429_500_and_timeout_do_not_stop_the_bot(polling_bot: tuple[BotApiServer, BotProcess]) -> None:
    server, bot = polling_bot
    server.fault("429", 1)
    server.fault("500")
    server.fault("timeout", 8)
    server.message("陈华文说了什么？", USER, USER)
    server.wait_for(lambda: len(server.calls("sendMessage", USER, ok=False)) >= 3, 60, "the three faults")
    statuses = [c.status for c in server.calls("sendMessage", USER, ok=False)][:3]
    assert statuses == [429, 500, 504]
    time.sleep(1)
    server.message("彭文生说了什么？", USER, USER)
    server.wait_for(
        lambda: any("<b>彭文生</b>" in c.params.get("text", "") for c in server.calls("sendMessage", USER)), 60, "the next answer"
    )
    assert bot.alive()
    log = bot.log()
    assert "error while handling update" in log


# --- shutdown and restart --------------------------------------------------------------------


def test_sigterm_stops_cleanly_and_updates_are_not_processed_twice(e2e_corpus: tuple[Path, Path], tmp_path: Path) -> None:
    corpus, index_dir = e2e_corpus
    with BotApiServer(TOKEN) as server:
        env = bot_env(server, corpus, index_dir, tmp_path)
        bot = BotProcess(env, tmp_path / "bot1.log")
        server.wait_for(lambda: server.get_updates_calls > 0, 60, "polling")
        server.message("陈华文说了什么？", USER, USER)
        server.wait_for(lambda: server.calls("sendMessage", USER), what="the answer")
        started = time.monotonic()
        assert bot.stop() == 0, bot.log()
        assert time.monotonic() - started < 10
        polls = server.get_updates_calls
        bot2 = BotProcess(env, tmp_path / "bot2.log")
        try:
            # its first poll would bring back any update not confirmed before the stop
            server.wait_for(lambda: server.get_updates_calls > polls, 60, "the restarted bot to poll")
            server.message("彭文生说了什么？", USER, USER)
            server.wait_for(lambda: len(server.calls("sendMessage", USER)) >= 2, what="the second answer")
            time.sleep(0.5)
            texts = [c.params["text"] for c in server.calls("sendMessage", USER)]
            assert len(texts) == 2 and "<b>陈华文</b>" in texts[0] and "<b>彭文生</b>" in texts[1]
        finally:
            assert bot2.stop() == 0, bot2.log()


# --- start-up errors -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "variable"),
    [
        ({"NEWSBOT_BOT_TOKEN": ""}, "NEWSBOT_BOT_TOKEN"),
        ({"NEWSBOT_ADMIN_IDS": "42,not-a-number"}, "NEWSBOT_ADMIN_IDS"),
        ({"NEWSBOT_CORPUS_PATHS": "/nonexistent/corpus"}, "NEWSBOT_CORPUS_PATHS"),
        ({"NEWSBOT_MODE": "webhook", "NEWSBOT_WEBHOOK_URL": "https://bot.example.org/hook"}, "NEWSBOT_WEBHOOK_SECRET"),
        (
            {"NEWSBOT_MODE": "webhook", "NEWSBOT_WEBHOOK_URL": "https://bot.example.org/hook", "NEWSBOT_WEBHOOK_SECRET": "not allowed!"},
            "NEWSBOT_WEBHOOK_SECRET",
        ),
    ],
)
def test_startup_errors_exit_2_with_one_line(e2e_corpus: tuple[Path, Path], tmp_path: Path, extra: dict[str, str], variable: str) -> None:
    corpus, index_dir = e2e_corpus
    with BotApiServer(TOKEN) as server:
        bot = BotProcess(bot_env(server, corpus, index_dir, tmp_path, **extra), tmp_path / "bot.log")
        code = bot.process.wait(60)
        bot.stop()
        lines = bot.log().strip().splitlines()
        assert code == 2
        assert len(lines) == 1 and variable in lines[0], lines
        assert server.calls() == []
        assert_no_secret(bot.log(), TOKEN, "not allowed!")


def test_rejected_token_exits_2_in_one_line_and_is_never_logged(e2e_corpus: tuple[Path, Path], tmp_path: Path) -> None:
    corpus, index_dir = e2e_corpus
    wrong = "987654321:WRONG-secret-token"
    with BotApiServer(TOKEN) as server:  # answers 401 Unauthorized to any other token, getMe first
        env = bot_env(server, corpus, index_dir, tmp_path, NEWSBOT_BOT_TOKEN=wrong, NEWSBOT_LOG_LEVEL="DEBUG")
        bot = BotProcess(env, tmp_path / "bot.log")
        code = bot.process.wait(120)
        bot.stop()
    log = bot.log()
    assert "Calling Bot API endpoint `getMe`" in log
    assert code == 2, log
    assert log.strip().splitlines()[-1] == "newsbot: NEWSBOT_BOT_TOKEN was rejected by the Bot API server"
    assert "Traceback" not in log and " DEBUG " in log
    assert_no_secret(log, wrong)


def test_unreachable_bot_api_server_exits_1_in_one_line(e2e_corpus: tuple[Path, Path], tmp_path: Path) -> None:
    corpus, index_dir = e2e_corpus
    closed = f"http://127.0.0.1:{free_port()}/bot"  # nothing listens there
    bot = BotProcess(bot_env(SimpleNamespace(url=closed), corpus, index_dir, tmp_path), tmp_path / "bot.log")  # type: ignore[arg-type]
    code = bot.process.wait(120)
    bot.stop()
    log = bot.log()
    assert code == 1, log
    assert "Traceback" not in log
    assert log.strip().splitlines()[-1].startswith(f"newsbot: cannot reach the Bot API server at {closed} (NEWSBOT_API_BASE_URL)")
    assert_no_secret(log, TOKEN)


def test_debug_log_of_a_polling_run_holds_no_secret(e2e_corpus: tuple[Path, Path], tmp_path: Path) -> None:
    corpus, index_dir = e2e_corpus
    hook_secret = "unused_SECRET-for-polling"
    with BotApiServer(TOKEN) as server:
        env = bot_env(server, corpus, index_dir, tmp_path, NEWSBOT_LOG_LEVEL="DEBUG", NEWSBOT_WEBHOOK_SECRET=hook_secret)
        bot = BotProcess(env, tmp_path / "bot.log")
        try:
            server.wait_for(lambda: server.get_updates_calls > 0, 60, "polling")
            server.message("陈华文说了什么？", USER, USER)
            server.inline("习近平", USER)
            server.wait_for(lambda: server.calls("sendMessage", USER) and server.calls("answerInlineQuery"), what="answers")
            server.fault("500")  # the handler fails: its traceback is logged
            server.message("彭文生说了什么？", USER, USER)
            server.wait_for(lambda: "error while handling update" in bot.log(), 60, "the logged error")
        finally:
            assert bot.stop() == 0, bot.log()
    log = bot.log()
    assert " DEBUG " in log and "Traceback" in log and "getUpdates" in log
    assert_no_secret(log, TOKEN, hook_secret)


# --- the stand-in itself ---------------------------------------------------------------------


def test_stand_in_refuses_what_telegram_refuses_over_http() -> None:
    with BotApiServer(TOKEN) as server:
        status, body = server.raw_call("sendMessage", {"chat_id": USER, "text": "长" * 4097})
        assert (status, body["description"]) == (400, "Bad Request: message is too long")
        status, body = server.raw_call("sendMessage", {"chat_id": USER, "text": "<b>未闭合", "parse_mode": "HTML"})
        assert status == 400 and body["description"].startswith("Bad Request: can't parse entities")
        results = [
            {"type": "article", "id": str(i), "title": "t", "input_message_content": {"message_text": "x"}} for i in range(51)
        ]
        status, body = server.raw_call("answerInlineQuery", {"inline_query_id": "1", "results": results})
        assert (status, body["description"]) == (400, "Bad Request: RESULTS_TOO_MUCH")
        # a list for next_offset: in a JSON body, or as the form field python-telegram-bot writes for it
        for payload, form in (({"inline_query_id": "1", "results": [], "next_offset": []}, False),
                              ({"inline_query_id": "1", "results": "[]", "next_offset": "[]"}, True)):
            status, body = server.raw_call("answerInlineQuery", payload, form=form)
            assert (status, body["description"]) == (400, 'Bad Request: field "next_offset" must be of type String')
        status, body = server.raw_call("answerInlineQuery", {"inline_query_id": "1", "results": "[]", "next_offset": ""}, form=True)
        assert status == 200
        status, body = server.raw_call("sendMessage", {"chat_id": USER, "text": "好"})
        assert status == 200 and body["result"]["from"]["is_bot"] is True and isinstance(body["result"]["date"], int)
