"""No reply carries a configured secret (bot token, webhook secret), whatever the corpus holds.

The bot's one HTTP layer masks them in every Bot API call's parameters; the CLI masks them in
what it prints. Tested on the real ``newsbot run`` against the Bot API stand-in, and on the
real ``newsbot ask`` / ``newsbot chat``.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from telegram.request import BaseRequest, RequestData
from telegram.request._requestparameter import RequestParameter

from bot.redact import REPLY_MASK, RedactingRequest
from retrieval import open_index

from .botapi_server import BotApiServer
from .conftest import make_bot_corpus
from .test_cli import env, newsbot  # noqa: F401 - env is a fixture
from .test_e2e import TOKEN, USER, BotProcess, bot_env

WEBHOOK_SECRET = "whsec-Zq81-unique"
LEAKY = f"""---
title: 密钥泄露事件调查
date: 2024-06-03
---

网络安全中心昨天通报了一起密钥泄露事件，泄露的令牌是 {TOKEN} ，回调密钥是 {WEBHOOK_SECRET} 。

安全中心主任邵明哲表示，令牌 {TOKEN} 已经作废，回调密钥 {WEBHOOK_SECRET} 也已更换。
"""


class Recorder(BaseRequest):
    """An HTTP layer that records what it would send and answers ok."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, dict[str, Any]]] = []

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        self.sent.append((url, request_data.parameters if request_data else {}))
        return 200, b'{"ok": true, "result": true}'


def _post(request: BaseRequest, method: str, **params: Any) -> None:
    data = RequestData([RequestParameter.from_input(key, value) for key, value in params.items()])
    asyncio.run(request.post(f"https://api.example/bot{TOKEN}/{method}", data))


def test_every_parameter_is_masked_but_the_webhook_secret_is_sent_as_set() -> None:
    inner = Recorder()
    request = RedactingRequest(inner, [TOKEN, WEBHOOK_SECRET])
    _post(request, "sendMessage", chat_id=1, text=f"令牌 {TOKEN} 与 {WEBHOOK_SECRET}")
    results = [{"type": "article", "id": "1", "title": TOKEN, "input_message_content": {"message_text": f"<b>{WEBHOOK_SECRET}</b>"}}]
    _post(request, "answerInlineQuery", inline_query_id="9", results=results)
    _post(request, "setWebhook", url="https://bot.example/hook", secret_token=WEBHOOK_SECRET)
    (_, message), (_, inline), (_, webhook) = inner.sent
    assert message["text"] == f"令牌 {REPLY_MASK} 与 {REPLY_MASK}"
    sent = json.dumps(inline, ensure_ascii=False)
    assert TOKEN not in sent and WEBHOOK_SECRET not in sent and sent.count(REPLY_MASK) == 2
    assert webhook["secret_token"] == WEBHOOK_SECRET


@pytest.mark.requires_shared  # the Telegram stand-in checks against the Bot API spec
def test_questions_search_and_inline_never_reply_a_secret(tmp_path: Path) -> None:
    corpus = make_bot_corpus(tmp_path / "corpus")
    (corpus / "leak.md").write_text(LEAKY, encoding="utf-8")
    open_index([corpus], tmp_path / "idx", workers=1)
    with BotApiServer(TOKEN) as server:
        bot = BotProcess(bot_env(server, corpus, tmp_path / "idx", tmp_path, NEWSBOT_WEBHOOK_SECRET=WEBHOOK_SECRET), tmp_path / "bot.log")
        try:
            server.wait_for(lambda: server.get_updates_calls > 0 or not bot.alive(), 90, "the bot to start polling")
            assert bot.alive(), bot.log()
            server.message("邵明哲说了什么？", USER, USER)
            server.message("/search 密钥泄露 令牌", USER, USER)
            server.inline("邵明哲 令牌", USER)
            server.wait_for(lambda: len(server.calls("sendMessage", USER)) >= 2 and server.calls("answerInlineQuery"), 60, "the replies")
        finally:
            assert bot.stop() == 0, bot.log()
    replies = [c.params for c in server.calls() if c.method != "getUpdates"]
    sent = json.dumps(replies, ensure_ascii=False)
    question, search = (c.params["text"] for c in server.calls("sendMessage", USER)[:2])
    (inline,) = server.calls("answerInlineQuery")
    for shown in (question, search, json.dumps(inline.params, ensure_ascii=False)):
        assert "邵明哲" in shown or "密钥泄露" in shown, shown  # the article was found and shown ...
        assert REPLY_MASK in shown, shown  # ... with its secrets masked
    assert TOKEN not in sent and WEBHOOK_SECRET not in sent
    assert server.telegram.violations == [], [(c.method, c.response) for c in server.telegram.violations]


def test_ask_and_chat_never_print_a_secret(tmp_path: Path, env: dict[str, str]) -> None:  # noqa: F811
    corpus = make_bot_corpus(tmp_path / "corpus")
    (corpus / "leak.md").write_text(LEAKY, encoding="utf-8")
    secrets = {"NEWSBOT_BOT_TOKEN": TOKEN, "NEWSBOT_WEBHOOK_SECRET": WEBHOOK_SECRET}
    args = ("--corpus", str(corpus), "--index-dir", str(tmp_path / "idx"))
    asked = newsbot("ask", *args, "邵明哲说了什么？", env={**env, **secrets})
    chatted = newsbot("chat", *args, env={**env, **secrets}, stdin="邵明哲说了什么？\n")
    for result in (asked, chatted):
        assert result.returncode == 0, result.stderr
        assert "邵明哲" in result.stdout and REPLY_MASK in result.stdout
        assert TOKEN not in result.stdout + result.stderr and WEBHOOK_SECRET not in result.stdout + result.stderr
