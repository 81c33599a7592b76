"""End to end over the HTTP Bot API stand-in: buttons survive a restart, a page after the corpus
changed is not taken from another ranking, /who equals ``newsbot ask --json "/who …"``, and
/timeline sends a chart with sendPhoto (multipart)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.formatting import html_to_plain, shorten
from retrieval import answering, open_index

from .botapi_server import BotApiServer
from .conftest import ROOT, make_bot_corpus
from .test_e2e import ADMIN, TOKEN, USER, BotProcess, bot_env

pytestmark = pytest.mark.requires_shared

QUESTION = "谁提到了绿色转型？"


def _buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for row in message.get("reply_markup", {}).get("inline_keyboard", []) for b in row]


@pytest.fixture()
def corpus(tmp_path: Path) -> tuple[Path, Path]:
    corpus = make_bot_corpus(tmp_path / "corpus")
    open_index([corpus], tmp_path / "idx", workers=1)
    return corpus, tmp_path / "idx"


class Bot:
    """Start and stop ``newsbot run`` processes against one stand-in, one at a time."""

    def __init__(self, server: BotApiServer, env: dict[str, str], tmp: Path) -> None:
        self.server, self.env, self.tmp = server, env, tmp
        self.process: BotProcess | None = None
        self.runs = 0

    def start(self) -> BotProcess:
        self.runs += 1
        polls = self.server.get_updates_calls
        self.process = BotProcess(self.env, self.tmp / f"bot{self.runs}.log")
        process = self.process
        self.server.wait_for(
            lambda: self.server.get_updates_calls > polls or not process.alive(), 60, "the bot to poll"
        )
        assert process.alive(), process.log()
        return process

    def stop(self) -> None:
        if self.process is not None:
            code = self.process.stop()
            assert code == 0, self.process.log()
            assert TOKEN not in self.process.log()
            self.process = None


@pytest.fixture()
def bot(corpus: tuple[Path, Path], tmp_path: Path) -> Iterator[Bot]:
    with BotApiServer(TOKEN) as server:
        runner = Bot(server, bot_env(server, *corpus, tmp_path), tmp_path)
        try:
            yield runner
        finally:
            runner.stop()
        assert server.telegram.violations == [], [(c.method, c.response) for c in server.telegram.violations]


def ask_first_page(server: BotApiServer) -> dict[str, Any]:
    server.message(QUESTION, USER, USER)
    (call,) = server.wait_for(lambda: server.calls("sendMessage", USER), what="an answer")
    return call.response["result"]


def more_button(message: dict[str, Any]) -> str:
    (more,) = [b for b in _buttons(message) if b["text"] == "更多回答 ▶"]
    return more["callback_data"]


@pytest.mark.parametrize("how", ["SIGTERM", "SIGKILL"])
def test_paging_button_works_after_a_restart(bot: Bot, corpus: tuple[Path, Path], how: str) -> None:
    server = bot.server
    bot.start()
    message = ask_first_page(server)
    data = more_button(message)
    saved = bot.tmp / "state" / "buttons.json"
    if how == "SIGKILL":  # a crash: what the periodic save wrote is all there is
        token = data.split(":")[1]
        server.wait_for(lambda: saved.exists() and token in saved.read_text(encoding="utf-8"), 15, "the periodic save")
        assert bot.process is not None
        bot.process.process.kill()
        bot.process.stop()
        bot.process = None
    else:
        bot.stop()
    assert saved.exists() and oct(saved.stat().st_mode & 0o777) == "0o600"

    bot.start()  # a new process: nothing of the first one's memory is left
    server.press(message, data, USER)
    (edit,) = server.wait_for(lambda: server.calls("editMessageText"), what="page 2 after the restart")
    page2 = edit.response["result"]["text"]
    assert edit.params["message_id"] == message["message_id"] and "第 4–6 条" in page2
    index, _ = open_index([corpus[0]], corpus[1], workers=1)
    expected = answering.ask(index, QUESTION, 30).answers[3:6]
    for answer in expected:  # the next page of the very ranking page 1 came from
        assert html_to_plain(shorten(answer.quote, 1000))[:40] in page2
    answers = server.wait_for(lambda: server.calls("answerCallbackQuery"), what="the callback answer")
    assert all(not a.params.get("text") for a in answers)  # no "expired"


NEW_ARTICLE = """---
title: 绿色转型论坛
date: 2024-06-01
source: 测试报
---

王绿表示，绿色转型是所有企业必须面对的课题，绿色转型需要长期投入。

李青指出，绿色转型带来新的机会，绿色转型也要求新的技能。
"""


def test_more_answers_after_a_reload_says_the_corpus_changed_and_asks_again(
    bot: Bot, corpus: tuple[Path, Path]
) -> None:
    server = bot.server
    bot.start()
    message = ask_first_page(server)
    data = more_button(message)
    (corpus[0] / "green.md").write_text(NEW_ARTICLE, encoding="utf-8")
    server.message("/reload", ADMIN, ADMIN)
    server.wait_for(
        lambda: any("重新载入完成" in c.params["text"] for c in server.calls("editMessageText", ADMIN)),
        120,
        "the reload",
    )

    server.press(message, data, USER)
    (edit,) = server.wait_for(lambda: server.calls("editMessageText", USER), what="the reply to the page button")
    result = edit.response["result"]
    assert "语料库已经更新" in result["text"] and "第 4–6 条" not in result["text"]
    (again,) = _buttons(result)
    assert again["text"] == "🔄 重新提问"

    server.press(result, again["callback_data"], USER)
    edits = server.wait_for(
        lambda: len(server.calls("editMessageText", USER)) == 2 and server.calls("editMessageText", USER),
        what="page 1 again",
    )
    fresh = edits[1].response["result"]
    assert "第 1–3 条" in fresh["text"] and "王绿" in fresh["text"] + json.dumps(fresh, ensure_ascii=False)
    server.press(fresh, more_button(fresh), USER)  # the new ranking pages on
    edits = server.wait_for(
        lambda: len(server.calls("editMessageText", USER)) == 3 and server.calls("editMessageText", USER), what="page 2"
    )
    assert "第 4–6 条" in edits[2].response["result"]["text"]


def newsbot(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "bot.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)


@pytest.mark.parametrize("query", ["彭文生", "习近平 一带一路"])
def test_who_answer_equals_ask_json(bot: Bot, corpus: tuple[Path, Path], query: str) -> None:
    server = bot.server
    bot.start()
    cli = newsbot(
        "ask", "--json", "--corpus", str(corpus[0]), "--index-dir", str(corpus[1]), f"/who {query}", env=bot.env
    )
    assert cli.returncode == 0, cli.stderr
    found = json.loads(cli.stdout)
    assert found["outcome"] == "quotes" and found["quotes"]

    server.message(f"/who {query}", USER, USER)
    (call,) = server.wait_for(lambda: server.calls("sendMessage", USER), what="the /who answer")
    pages = [call.response["result"]]
    while next_page := [b for b in _buttons(pages[-1]) if b["text"] == "下一页 ▶"]:
        server.press(pages[-1], next_page[0]["callback_data"], USER)
        count = len(pages)
        edits = server.wait_for(
            lambda count=count: len(server.calls("editMessageText", USER)) == count and server.calls("editMessageText", USER),
            what="the next page",
        )
        pages.append(edits[-1].response["result"])
    texts = [page["text"] for page in pages]
    assert texts[0].startswith(found["name"]) and f"共 {len(found['quotes'])} 段话" in texts[0]
    if found["topic"]:
        assert f"话题：{found['topic']}" in texts[0]
    shown = [q["quote"] for q in found["quotes"]]
    for number, text in enumerate(texts):  # the same quotes, in the same order, five to a page
        on_page = shown[number * 5 : number * 5 + 5]
        positions = [text.find(html_to_plain(shorten(q, 600))[:30]) for q in on_page]
        assert -1 not in positions and positions == sorted(positions), (number, on_page)


def test_timeline_sends_a_chart_with_caption(bot: Bot, corpus: tuple[Path, Path]) -> None:
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.image

    server = bot.server
    bot.start()
    cli = newsbot(
        "timeline", "习近平", "--corpus", str(corpus[0]), "--index-dir", str(corpus[1]), "--json", env=bot.env
    )
    assert cli.returncode == 0, cli.stderr
    counts = json.loads(cli.stdout)
    server.message("/timeline 习近平", USER, USER)
    server.message("/timeline 钱多多", USER, USER)
    (photo,) = server.wait_for(lambda: server.calls("sendPhoto", USER), 60, "the chart")
    (missing,) = server.wait_for(lambda: server.calls("sendMessage", USER), 60, "the reply about an unknown name")
    assert "没有找到" in missing.params["text"]
    upload = photo.params["photo"]
    assert upload["content_type"] == "image/png" or upload["upload"].endswith(".png") or upload["upload"]
    pixels = matplotlib.image.imread(io.BytesIO(bytes.fromhex(upload["content"])), format="png")
    assert pixels.shape[:2] == (upload["height"], upload["width"]) and upload["width"] > upload["height"] > 100
    caption = photo.response["result"]["caption"]
    busiest = counts["busiest"]["month"]
    year, month = busiest.split("-")
    assert (
        f"共 {counts['total']} 段话" in caption
        and f"{year}年{int(month)}月（{counts['busiest']['count']} 段）" in caption
    )
    assert f"最早 {counts['first']} · 最近 {counts['last']}" in caption
    assert server.calls("sendChatAction", USER)


def test_stand_in_refuses_a_bad_photo_and_a_long_caption() -> None:
    from .botapi_checks import check_request
    from .botapi_server import upload_params

    bad = upload_params("x.png", b"GIF89a not a png", "image/png")
    assert check_request("sendPhoto", {"chat_id": 1, "photo": bad}) == (400, "Bad Request: IMAGE_PROCESS_FAILED")
    header = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + (8000).to_bytes(4, "big") + (3000).to_bytes(4, "big")
    assert (
        check_request("sendPhoto", {"chat_id": 1, "photo": upload_params("x.png", header, "image/png")})[1]
        == "Bad Request: PHOTO_INVALID_DIMENSIONS"
    )
    ok = upload_params("x.png", header[:16] + (800).to_bytes(4, "big") + (400).to_bytes(4, "big"), "image/png")
    assert check_request("sendPhoto", {"chat_id": 1, "photo": ok, "caption": "<b>甲</b>", "parse_mode": "HTML"}) is None
    long = {"chat_id": 1, "photo": ok, "caption": "<b>" + "字" * 1025 + "</b>", "parse_mode": "HTML"}
    assert check_request("sendPhoto", long) == (400, "Bad Request: message caption is too long")
    assert check_request("sendPhoto", {"chat_id": 1}) == (400, 'Bad Request: parameter "photo" is required')


def test_a_state_directory_others_can_write_stops_the_start_in_one_line(
    corpus: tuple[Path, Path], tmp_path: Path
) -> None:
    shared = tmp_path / "shared-state"
    shared.mkdir()
    shared.chmod(0o777)
    with BotApiServer(TOKEN) as server:
        env = {**bot_env(server, *corpus, tmp_path), "NEWSBOT_STATE_DIR": str(shared)}
        process = BotProcess(env, tmp_path / "bot.log")
        code = process.process.wait(60)
        process.stop()
        lines = process.log().strip().splitlines()
        assert (
            code == 2 and len(lines) == 1 and "NEWSBOT_STATE_DIR" in lines[0] and "writable by other users" in lines[0]
        )
        assert server.calls() == [] and not (shared / "buttons.json").exists()
