"""End to end: the corpus grows while ``newsbot run`` serves — admin uploads and links, feed
polling and a watched folder — against the HTTP Bot API stand-in and a news site on 127.0.0.1."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from bench.web_pages import chrome_page
from retrieval import open_index

from .botapi_server import BotApiServer
from .conftest import make_bot_corpus
from .test_e2e import ADMIN, TOKEN, USER, BotProcess, bot_env
from .web_server import NewsSite, Route, rss

pytestmark = pytest.mark.requires_shared  # the Telegram stand-ins check against the Bot API spec

UPLOAD = """---
title: 东湖街道启动老旧小区加装电梯
date: 2024-06-03
source: 东湖新闻
---

东湖街道今年计划为十二个老旧小区加装电梯，首批四部电梯已经开工。

街道办事处主任邵明哲表示，加装电梯是居民最关心的民生实事，街道将为每部电梯补贴二十万元。

居民代表柏春燕说，住在六楼的老人终于可以方便地下楼了。
"""

BROKEN = '{"id": "ok-1", "title": "t", "paragraphs": ["第一段。"]}\n{"id": "bad", "paragraphs": [\n'

WATCHED = """---
title: 西岭村修通最后一段山路
date: 2024-06-09
---

西岭村最后一段三公里的山路昨天正式通车。

村委会主任鲁国梁说，路修通以后，村里的猕猴桃可以当天运到县城的批发市场。
"""


def start_bot(server: BotApiServer, tmp_path: Path, **extra: str) -> tuple[BotProcess, Path]:
    corpus = make_bot_corpus(tmp_path / "corpus")
    open_index([corpus], tmp_path / "idx", workers=1)
    bot = BotProcess(bot_env(server, corpus, tmp_path / "idx", tmp_path, **extra), tmp_path / "bot.log")
    server.wait_for(lambda: server.get_updates_calls > 0 or not bot.alive(), 90, "the bot to start polling")
    assert bot.alive(), bot.log()
    return bot, corpus


def stop_bot(server: BotApiServer, bot: BotProcess) -> None:
    code = bot.stop()
    assert code == 0, bot.log()
    assert server.telegram.violations == [], [(c.method, c.response) for c in server.telegram.violations]
    assert TOKEN not in bot.log()


def texts(server: BotApiServer, chat: int) -> list[str]:
    return [c.params["text"] for c in server.calls(chat_id=chat) if c.method in ("sendMessage", "editMessageText")]


def wait_text(server: BotApiServer, chat: int, needle: str, timeout: float = 90) -> str:
    found = server.wait_for(lambda: [t for t in texts(server, chat) if needle in t], timeout, f"a reply with {needle!r}")
    return found[-1]


def edited_with(server: BotApiServer, chat: int, needle: str) -> dict[str, Any]:
    return [c.params for c in server.calls("editMessageText", chat) if needle in c.params["text"]][-1]


def test_admin_uploads_a_document_and_a_link_broken_uploads_are_refused(tmp_path: Path, site: NewsSite) -> None:
    with BotApiServer(TOKEN) as server:
        bot, corpus = start_bot(server, tmp_path, NEWSBOT_FETCH_ALLOW_PRIVATE="true", NEWSBOT_FETCH_DELAY="0")
        try:
            inbox = corpus / "inbox"
            # a non-admin is refused and the file is never downloaded
            server.document("news.md", UPLOAD.encode(), USER, USER)
            wait_text(server, USER, "只对管理员开放")
            assert not server.calls("getFile")

            # a broken file: not saved, the reply says why, the corpus is unchanged
            before = sorted(p.relative_to(corpus) for p in corpus.rglob("*") if p.is_file())
            server.document("broken.jsonl", BROKEN.encode(), ADMIN, ADMIN, mime_type="application/jsonl")
            refused = wait_text(server, ADMIN, "文件没有保存")
            assert "第 2 行" in refused and "invalid JSON" in refused
            assert sorted(p.relative_to(corpus) for p in corpus.rglob("*") if p.is_file()) == before
            assert not list(inbox.glob("*")) if inbox.exists() else True

            # a good document: downloaded through getFile, saved, loaded, the diff and an example question
            server.document("东湖 电梯.md", UPLOAD.encode(), ADMIN, ADMIN)
            done = wait_text(server, ADMIN, "已加入语料库")
            assert "新增 1" in done and "邵明哲" in done and "柏春燕" in done
            assert [c.params["file_id"] for c in server.calls("getFile")] and len(server.downloads) == 2
            assert (inbox / "东湖_电梯.md").read_text(encoding="utf-8") == UPLOAD
            message = edited_with(server, ADMIN, "已加入语料库")
            buttons = [b for row in message["reply_markup"]["inline_keyboard"] for b in row]
            assert [b["text"] for b in buttons] == ["试试：邵明哲说了什么？"]

            # the button asks the example question; anyone can now ask about the new article
            sent = server.calls("editMessageText", ADMIN)[-1].response["result"]
            server.press(sent, buttons[0]["callback_data"], ADMIN)
            wait_text(server, ADMIN, "民生实事")
            server.message("邵明哲说了什么？", USER, USER)
            answer = wait_text(server, USER, "民生实事")
            assert "东湖街道启动老旧小区加装电梯" in answer

            # a link: the page is fetched into the inbox, without its site chrome
            server.message(site.url("/a1.html"), ADMIN, ADMIN)
            linked = wait_text(server, ADMIN, "web-")
            assert "林晓雯" in linked and "新增 1" in linked
            server.message("林晓雯说了什么？", USER, USER)
            assert "邻里节要办成居民自己的节日" in wait_text(server, USER, "邻里节要办成")
            # a link to a page that is not there
            server.message(site.url("/missing.html"), ADMIN, ADMIN)
            assert "HTTP 404" in wait_text(server, ADMIN, "没有加入")
        finally:
            stop_bot(server, bot)


def test_feed_polls_and_watched_files_add_articles_while_questions_are_answered(tmp_path: Path, site: NewsSite) -> None:
    site.routes["/feed.xml"] = Route(
        rss([("a", site.url("/a1.html"), "g1"), ("b", site.url("/a2.html"), "g2"), ("c", site.url("/moved.html"), "g3")]),
        content_type="application/rss+xml",
    )
    site.routes["/gone.xml"] = Route(b"gone", status=500, content_type="text/plain")
    feeds = json.dumps([site.url("/feed.xml"), site.url("/gone.xml")])
    with BotApiServer(TOKEN) as server:
        bot, corpus = start_bot(
            server, tmp_path,
            NEWSBOT_FEEDS=feeds, NEWSBOT_FEED_INTERVAL="0.05", NEWSBOT_FETCH_ALLOW_PRIVATE="true",
            NEWSBOT_FETCH_DELAY="0", NEWSBOT_WATCH="true", NEWSBOT_WATCH_INTERVAL="0.5",
        )
        try:
            # questions keep being answered while the feed is fetched and the index reloads
            asked = 0
            for _ in range(300):
                for question in ("李明说了什么？", "韩志远说了什么？"):
                    server.message(question, USER, USER)
                    asked += 1
                    server.wait_for(lambda asked=asked: len(server.calls("sendMessage", USER)) >= asked, 30, "an answer")
                replies = [c.params["text"] for c in server.calls("sendMessage", USER)]
                assert "新的标准" in replies[-2]  # the old article is answered all along
                if "直播培训" in replies[-1]:
                    break
                time.sleep(0.2)
            assert any("直播培训" in t for t in texts(server, USER)), bot.log()[-3000:]
            assert len(list((corpus / "inbox").glob("web-*.md"))) == 3

            # /feeds: the good feed's articles, the failing feed's error and back-off
            server.message("/feeds", ADMIN, ADMIN)
            status = wait_text(server, ADMIN, "订阅源")
            assert "累计 3" in status and "HTTP 500" in status and "连续失败" in status

            # a file dropped into the corpus folder is loaded by the watcher
            (corpus / "xiling.md").write_text(WATCHED, encoding="utf-8")
            for _ in range(120):
                server.message("鲁国梁说了什么？", USER, USER)
                reply = server.wait_for(lambda: [c for c in server.calls("sendMessage", USER)][-1], 30, "an answer")
                if "猕猴桃" in reply.params["text"]:
                    break
                time.sleep(0.5)
            assert "猕猴桃" in server.calls("sendMessage", USER)[-1].params["text"], bot.log()[-3000:]
            assert "reload" in bot.log()
        finally:
            stop_bot(server, bot)


def test_an_upload_page_in_gb18030_is_read_as_an_html_article(tmp_path: Path) -> None:
    page = chrome_page("南湖公园荷花节开幕", ["南湖公园第十届荷花节今天开幕。", "公园管理处主任苗青山介绍，今年新引进了四十多个荷花品种。"],
                       date="2024-07-01", source="南湖日报", charset="gb18030").data()
    with BotApiServer(TOKEN) as server:
        bot, _corpus = start_bot(server, tmp_path)
        try:
            server.document("nanhu.html", page, ADMIN, ADMIN, mime_type="text/html")
            done = wait_text(server, ADMIN, "已加入语料库")
            assert "苗青山" in done
            server.message("苗青山说了什么？", USER, USER)
            assert "荷花品种" in wait_text(server, USER, "荷花品种")
        finally:
            stop_bot(server, bot)
