"""End to end: ``newsbot run`` over the Bot API stand-in keeps answering while an admin's link
is a hostile page, and every failed link ends in a reply that says why (never a progress
message left at 「⏳ 正在抓取网页…」)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .botapi_server import BotApiServer
from .test_e2e import ADMIN, TOKEN, USER
from .test_fetch_faults import SLOW_PAGE
from .test_inbox_e2e import start_bot, stop_bot, wait_text
from .web_server import NewsSite, Route

pytestmark = pytest.mark.requires_shared  # the Telegram stand-ins check against the Bot API spec

FAILED_LINK = "没有加入"


def test_questions_are_answered_while_a_hostile_page_is_parsed_and_it_is_abandoned(tmp_path: Path, site: NewsSite) -> None:
    site.routes["/slow-to-parse.html"] = Route(SLOW_PAGE)
    with BotApiServer(TOKEN) as server:
        bot, _corpus = start_bot(server, tmp_path, NEWSBOT_FETCH_ALLOW_PRIVATE="true", NEWSBOT_FETCH_DELAY="0",
                                 NEWSBOT_FETCH_PARSE_TIMEOUT="4")
        try:
            server.message(site.url("/slow-to-parse.html"), ADMIN, ADMIN)
            wait_text(server, ADMIN, "正在抓取网页")
            server.wait_for(lambda: "/slow-to-parse.html" in site.paths_requested(), 30, "the page to be requested")
            server.message("李明说了什么？", USER, USER)
            answer = wait_text(server, USER, "李明")
            outcome = wait_text(server, ADMIN, FAILED_LINK, timeout=120)
            assert "took longer than 4 s" in outcome
            calls = [c for c in server.calls() if c.method in ("sendMessage", "editMessageText")]
            answered_at = next(n for n, c in enumerate(calls) if c.params.get("text") == answer)
            failed_at = next(n for n, c in enumerate(calls) if FAILED_LINK in c.params.get("text", ""))
            assert answered_at < failed_at  # the question was answered while the page was being read
        finally:
            stop_bot(server, bot)


def test_a_link_that_fails_in_any_way_gets_a_reply_saying_why(tmp_path: Path, site: NewsSite) -> None:
    site.routes["/to-mailto.html"] = Route(status=302, location="mailto:editor@example.com")
    site.routes["/nul.txt"] = Route(b"\x00\x01" * 200, content_type="text/plain")
    links = {
        site.url("/to-mailto.html"): "scheme &#x27;mailto&#x27;",
        site.url("/nul.txt"): "binary file",
        "http://xn--/": "invalid URL",
    }
    with BotApiServer(TOKEN) as server:
        bot, _corpus = start_bot(server, tmp_path, NEWSBOT_FETCH_ALLOW_PRIVATE="true", NEWSBOT_FETCH_DELAY="0")
        try:
            for number, (link, reason) in enumerate(links.items(), start=1):
                server.message(link, ADMIN, ADMIN)
                server.wait_for(lambda number=number: len([t for t in _edits(server) if FAILED_LINK in t]) >= number, 60, f"the outcome of {link}")
                assert reason in _edits(server)[-1], _edits(server)[-1]
            progress = [c.response["result"]["message_id"] for c in server.calls("sendMessage", ADMIN) if "正在抓取网页" in c.params["text"]]
            edited = [c.params["message_id"] for c in server.calls("editMessageText", ADMIN)]
            assert len(progress) == len(links) and sorted(edited) == sorted(progress)  # each progress message became its outcome
            assert "Traceback" not in bot.log()
        finally:
            stop_bot(server, bot)


def _edits(server: BotApiServer) -> list[str]:
    return [c.params["text"] for c in server.calls("editMessageText", ADMIN)]
