"""The Telegram bot against the spec-checking stand-in, one test per user path.

Updates are built by hand as Telegram sends them and fed through Application.process_update;
every Bot API call the bot makes is checked against shared/telegram/bot-api.json and the HTML
and length rules, and a call real Telegram would refuse fails the test.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from telegram import Update

from bot.app import build_application, register_commands
from bot.replies import deep_link_payload
from bot.service import IndexService
from bot.settings import Settings
from retrieval import NewsIndex, open_index

from .conftest import make_bot_corpus
from .fake_telegram import BOT_ID, BOT_USERNAME, FakeTelegram, StandInRequest

pytestmark = pytest.mark.requires_shared

ADMIN = 4242
USER = 1001
GROUP = -100777

@pytest.fixture(scope="session")
def bot_corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("bot")
    corpus = make_bot_corpus(base / "corpus")
    open_index([corpus], base / "idx", workers=1)  # built once; each harness loads it
    return corpus, base / "idx"


class Harness:
    """A bot Application wired to the fake Telegram, plus helpers to play a user."""

    def __init__(self, corpus: Path, index_dir: Path) -> None:
        self.telegram = FakeTelegram()
        self.settings = Settings(
            bot_token="123456:TEST-TOKEN", admin_ids=[ADMIN], corpus_paths=[corpus], index_dir=index_dir, answers_per_reply=3
        )
        index, _ = open_index([corpus], index_dir, workers=1)
        self.service = IndexService(index, [corpus], index_dir)
        request = StandInRequest(self.telegram)
        self.app = build_application(self.settings, self.service, request=request, updates_request=request)

    async def start(self) -> None:
        await self.app.initialize()
        await register_commands(self.app)  # what post_init does when the bot runs
        await self.app.start()

    async def stop(self) -> None:
        await self.app.stop()
        await self.app.shutdown()

    async def feed(self, update: dict[str, Any]) -> None:
        await self.app.process_update(Update.de_json(update, self.app.bot))

    async def private(self, text: str, user: int = USER) -> None:
        await self.feed(self.telegram.message_update(text, chat_id=user, user_id=user))

    async def group(self, text: str, user: int = USER, reply_to: dict[str, Any] | None = None) -> None:
        self.telegram.chats.setdefault(GROUP, self.telegram.chat(GROUP, "supergroup"))
        await self.feed(self.telegram.message_update(text, chat_id=GROUP, user_id=user, kind="supergroup", reply_to=reply_to))

    def replies(self, chat_id: int) -> list[dict[str, Any]]:
        return [call.response["result"] for call in self.telegram.sent("sendMessage", chat_id)]

    async def until(self, condition: Callable[[], bool], within: float = 60) -> None:
        deadline = asyncio.get_running_loop().time() + within
        while not condition():
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError("timed out waiting for the bot")
            await asyncio.sleep(0.05)


def run(corpus: Path, index_dir: Path, scenario: Callable[[Harness], Awaitable[None]]) -> Harness:
    harness = Harness(corpus, index_dir)

    async def main() -> None:
        await harness.start()
        try:
            await scenario(harness)
        finally:
            await harness.stop()

    asyncio.run(main())
    assert harness.telegram.violations == [], [(c.method, c.response["description"]) for c in harness.telegram.violations]
    return harness


PAGER = ("◀ 上一页", "更多回答 ▶")


def _buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for row in message.get("reply_markup", {}).get("inline_keyboard", []) for b in row]


# --- private chat ----------------------------------------------------------------------------


def test_private_question_gets_quote_and_link(bot_corpus: tuple[Path, Path]) -> None:
    async def scenario(h: Harness) -> None:
        await h.private("陈华文说了什么？")

    h = run(*bot_corpus, scenario)
    (call,) = h.telegram.sent("sendMessage", USER)
    assert call.params["parse_mode"] == "HTML"
    assert call.params["link_preview_options"] == {"is_disabled": True}
    html = call.params["text"]
    assert "<b>陈华文</b> · 闵行区区长" in html
    assert "<blockquote>今天的闵行" in html
    assert "共推国际经贸投资" in html and "2023-11-06" in html


def test_article_link_and_expandable_paragraph(bot_corpus: tuple[Path, Path]) -> None:
    async def scenario(h: Harness) -> None:
        await h.private("李明说了什么？")

    h = run(*bot_corpus, scenario)
    (call,) = h.telegram.sent("sendMessage", USER)
    html = call.params["text"]
    assert '<a href="https://example.org/a?x=1&amp;y=&lt;2&gt;">测试 &lt;特殊&gt; &amp; 字符</a>' in html
    visible = call.response["result"]["text"]
    assert "A<B>C & D" in visible and "测试 <特殊> & 字符" in visible


def test_long_paragraph_is_trimmed_to_telegram_limit(bot_corpus: tuple[Path, Path]) -> None:
    async def scenario(h: Harness) -> None:
        await h.private("王五表示了什么")

    h = run(*bot_corpus, scenario)
    (call,) = h.telegram.sent("sendMessage", USER)
    visible = call.response["result"]["text"]
    assert "王五" in visible
    assert len(visible.encode("utf-16-le")) // 2 <= 4096
    assert "…" in visible


def test_nothing_found_is_said_honestly(bot_corpus: tuple[Path, Path]) -> None:
    async def scenario(h: Harness) -> None:
        await h.private("量子纠缠超导体火星殖民地")
        await h.private("<script>&&&</script>")

    h = run(*bot_corpus, scenario)
    first, second = h.telegram.sent("sendMessage", USER)
    assert "没有找到合适的回答" in first.response["result"]["text"]
    assert "&lt;script&gt;" in second.params["text"] or "没有找到" in second.response["result"]["text"]


def test_more_answers_button_edits_the_message(bot_corpus: tuple[Path, Path]) -> None:
    async def scenario(h: Harness) -> None:
        await h.private("谁提到了绿色转型？")
        message = h.replies(USER)[0]
        (more,) = [b for b in _buttons(message) if b["text"] == "更多回答 ▶"]
        assert len(more["callback_data"].encode()) <= 64
        await h.feed(h.telegram.callback_update(message, more["callback_data"], USER))
        edited = h.telegram.sent("editMessageText")
        assert len(edited) == 1
        page2 = edited[0].response["result"]
        assert "第 4–6 条" in page2["text"]
        assert [b["text"] for b in _buttons(page2) if b["text"] in PAGER] == ["◀ 上一页", "更多回答 ▶"]
        assert h.telegram.sent("answerCallbackQuery")
        await h.feed(h.telegram.callback_update(message, "a:expired:1", USER))

    h = run(*bot_corpus, scenario)
    answers = h.telegram.sent("answerCallbackQuery")
    assert answers[-1].params.get("text") == "这个结果已过期，请重新提问。"


# --- groups ----------------------------------------------------------------------------------


def test_group_ask_command(bot_corpus: tuple[Path, Path]) -> None:
    async def scenario(h: Harness) -> None:
        await h.group(f"/ask@{BOT_USERNAME} 蓝钦扬强调了什么？")

    h = run(*bot_corpus, scenario)
    (call,) = h.telegram.sent("sendMessage", GROUP)
    assert "<b>蓝钦扬</b>" in call.params["text"]
    assert call.params["reply_parameters"]["message_id"]  # answers the asker's message


def test_group_mention_and_reply_to_bot_are_answered_chatter_ignored(bot_corpus: tuple[Path, Path]) -> None:
    async def scenario(h: Harness) -> None:
        await h.group("今天天气不错，陈华文说了什么？")  # chatter: not addressed to the bot
        assert h.telegram.sent("sendMessage", GROUP) == []
        await h.group(f"@{BOT_USERNAME} 陈华文说了什么？")
        bot_message = h.replies(GROUP)[0]
        await h.group("彭文生说了什么？", reply_to=bot_message)
        other_user_message = {"message_id": 1, "date": 0, "chat": h.telegram.chats[GROUP], "from": h.telegram.user(55), "text": "hi"}
        await h.group("蓝钦扬说了什么？", reply_to=other_user_message)

    h = run(*bot_corpus, scenario)
    texts = [c.params["text"] for c in h.telegram.sent("sendMessage", GROUP)]
    assert len(texts) == 2
    assert "<b>陈华文</b>" in texts[0]
    assert "<b>彭文生</b>" in texts[1]


# --- commands --------------------------------------------------------------------------------


def test_start_shows_examples_and_deep_link_opens_a_question(bot_corpus: tuple[Path, Path]) -> None:
    payload = deep_link_payload("彭文生说了什么？")
    assert payload is not None

    async def scenario(h: Harness) -> None:
        await h.private("/start")
        start = h.replies(USER)[0]
        examples = _buttons(start)
        assert len(examples) == 3
        await h.feed(h.telegram.callback_update(start, examples[0]["callback_data"], USER))
        await h.private(f"/start {payload}")

    h = run(*bot_corpus, scenario)
    start, example_answer, deep = h.telegram.sent("sendMessage", USER)
    assert "谁说了什么" in start.response["result"]["text"]
    assert example_answer.params["text"].startswith("问：")
    assert "<b>彭文生</b>" in deep.params["text"]


def test_commands_registered_with_admin_scope(bot_corpus: tuple[Path, Path]) -> None:
    async def scenario(h: Harness) -> None:
        return None

    h = run(*bot_corpus, scenario)
    calls = h.telegram.sent("setMyCommands")
    scopes = {c.params.get("scope", {}).get("type"): c for c in calls}
    public = {c["command"] for c in scopes["default"].params["commands"]}
    admin = {c["command"] for c in scopes["chat"].params["commands"]}
    assert public == {"start", "help", "ask", "who", "timeline", "search", "compare", "source"}
    assert admin == public | {"reload", "stats", "feeds"}
    assert scopes["chat"].params["scope"]["chat_id"] == ADMIN


def test_help(bot_corpus: tuple[Path, Path]) -> None:
    async def scenario(h: Harness) -> None:
        await h.private("/help")
        await h.private("/help", user=ADMIN)

    h = run(*bot_corpus, scenario)
    (user_help,) = h.telegram.sent("sendMessage", USER)
    (admin_help,) = h.telegram.sent("sendMessage", ADMIN)
    assert "/reload" not in user_help.params["text"] and "/reload" in admin_help.params["text"]
    assert "/timeline 名字 [话题]" in user_help.params["text"]


def test_who_lists_quotes_newest_first_with_paging(bot_corpus: tuple[Path, Path]) -> None:
    async def scenario(h: Harness) -> None:
        await h.private("/who 习近平")
        message = h.replies(USER)[0]
        buttons = _buttons(message)
        assert [b["text"] for b in buttons] == ["下一页 ▶"]
        await h.feed(h.telegram.callback_update(message, buttons[0]["callback_data"], USER))
        await h.private("/who 钱多多")  # a name nobody in the corpus has
        await h.private("/who")

    h = run(*bot_corpus, scenario)
    first, missing, usage = h.telegram.sent("sendMessage", USER)
    text = first.response["result"]["text"]
    assert text.startswith("习近平") and "第 1/" in text
    dates = [line.split(" · ")[1] for line in text.splitlines() if " · 20" in line]
    assert dates == sorted(dates, reverse=True) and len(dates) >= 1
    (edited,) = h.telegram.sent("editMessageText")
    assert "第 2/" in edited.response["result"]["text"]
    assert "没有找到" in missing.response["result"]["text"]
    assert "/who 名字" in usage.response["result"]["text"]


def test_search_is_plain_paragraph_search(bot_corpus: tuple[Path, Path]) -> None:
    async def scenario(h: Harness) -> None:
        await h.private("/search 绿色转型")

    h = run(*bot_corpus, scenario)
    (call,) = h.telegram.sent("sendMessage", USER)
    text = call.response["result"]["text"]
    assert text.startswith("搜索：绿色转型")
    assert "相关段落" in text and "绿色" in text


# --- inline mode -----------------------------------------------------------------------------


def test_inline_query_with_paging(bot_corpus: tuple[Path, Path]) -> None:
    async def scenario(h: Harness) -> None:
        await h.feed(h.telegram.inline_update("习近平", USER))
        first = h.telegram.sent("answerInlineQuery")[-1]
        assert first.params["next_offset"] == "50"
        await h.feed(h.telegram.inline_update("习近平", USER, offset="50"))

    h = run(*bot_corpus, scenario)
    first, second = h.telegram.sent("answerInlineQuery")
    results = first.params["results"]
    assert len(results) == 50
    assert results[0]["title"].startswith("习近平 · ")
    assert results[0]["description"]
    content = results[0]["input_message_content"]
    assert content["parse_mode"] == "HTML" and "<b>习近平</b>" in content["message_text"]
    assert first.params["cache_time"] == 30 and first.params["is_personal"] is False
    assert {r["id"] for r in second.params["results"]}.isdisjoint({r["id"] for r in results})


def test_inline_next_offset_on_the_wire_for_middle_last_and_empty_pages(bot_corpus: tuple[Path, Path]) -> None:
    """With Defaults set, an explicit "" next_offset would reach the wire as [] (PTB #4295)."""

    async def scenario(h: Harness) -> None:
        for offset in ("", "50"):
            await h.feed(h.telegram.inline_update("习近平", USER, offset=offset))
        await h.feed(h.telegram.inline_update("习近平", USER, offset="150"))  # the last page
        await h.feed(h.telegram.inline_update("陈华文", USER))  # fewer than 50: the first page is the last
        await h.feed(h.telegram.inline_update("量子纠缠超导体火星殖民地", USER))  # nothing found

    h = run(*bot_corpus, scenario)
    first, middle, last, short, empty = h.telegram.sent("answerInlineQuery")
    assert first.params["next_offset"] == "50" and middle.params["next_offset"] == "100"
    assert [len(c.params["results"]) for c in (first, middle)] == [50, 50]
    assert 0 < len(last.params["results"]) < 50 and last.params["results"][0]["id"] == "150"
    assert 0 < len(short.params["results"]) < 50 and empty.params["results"] == []
    for call in (last, short, empty):
        assert call.params.get("next_offset", "") == "", call.params.get("next_offset")


def test_stand_in_refuses_a_next_offset_that_is_not_a_string() -> None:
    telegram = FakeTelegram()
    status, body = telegram.handle("answerInlineQuery", {"inline_query_id": "1", "results": [], "next_offset": []})
    assert (status, body["description"]) == (400, 'Bad Request: field "next_offset" must be of type String')
    assert telegram.handle("answerInlineQuery", {"inline_query_id": "1", "results": [], "next_offset": ""})[0] == 200


def test_empty_inline_query_offers_private_chat(bot_corpus: tuple[Path, Path]) -> None:
    async def scenario(h: Harness) -> None:
        await h.feed(h.telegram.inline_update("", USER))

    h = run(*bot_corpus, scenario)
    (call,) = h.telegram.sent("answerInlineQuery")
    assert call.params["results"] == []
    assert call.params["button"]["start_parameter"] == "inline-help"


# --- admins ----------------------------------------------------------------------------------


def test_non_admin_is_refused_and_logged(bot_corpus: tuple[Path, Path], caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="bot.handlers")

    async def scenario(h: Harness) -> None:
        await h.private("/reload")
        await h.private("/stats")

    h = run(*bot_corpus, scenario)
    refusals = h.telegram.sent("sendMessage", USER)
    assert [c.params["text"] for c in refusals] == ["抱歉，这个命令只对管理员开放。"] * 2
    assert f"refused /reload from non-admin user id {USER}" in caplog.text
    assert not h.service.reloading


def test_stats(bot_corpus: tuple[Path, Path]) -> None:
    async def scenario(h: Harness) -> None:
        await h.private("陈华文说了什么？")
        await h.private("/stats", user=ADMIN)

    h = run(*bot_corpus, scenario)
    (call,) = h.telegram.sent("sendMessage", ADMIN)
    text = call.response["result"]["text"]
    assert "文章 202" in text and "已回答问题 1 个" in text and "运行时间" in text


@pytest.fixture()
def own_corpus(tmp_path: Path) -> tuple[Path, Path]:
    corpus = make_bot_corpus(tmp_path / "corpus")
    open_index([corpus], tmp_path / "idx", workers=1)
    return corpus, tmp_path / "idx"


def test_reload_success_reports_changes_and_skipped_files(own_corpus: tuple[Path, Path]) -> None:
    corpus, _ = own_corpus

    async def scenario(h: Harness) -> None:
        await h.private("赵六说了什么？")
        (corpus / "special.md").unlink()
        (corpus / "new.md").write_text("---\ntitle: 新闻\n---\n\n赵六表示，新的文章已经加入语料库。\n", encoding="utf-8")
        (corpus / "broken.jsonl").write_text("{not json\n", encoding="utf-8")
        await h.private("/reload", user=ADMIN)
        await h.until(lambda: bool(h.telegram.sent("editMessageText", ADMIN)))
        await h.private("赵六说了什么？")

    h = run(*own_corpus, scenario)
    before, after = h.telegram.sent("sendMessage", USER)
    assert "没有找到" in before.response["result"]["text"]
    assert "<b>赵六</b>" in after.params["text"]
    (report,) = h.telegram.sent("editMessageText", ADMIN)
    text = report.response["result"]["text"]
    assert "重新载入完成" in text and "文章 202" in text
    assert "新增 1 篇 · 删除 1 篇 · 修改 0 篇" in text
    assert f"{corpus / 'broken.jsonl'}:1: invalid JSON" in text
    assert h.telegram.sent("sendChatAction", ADMIN)


def test_failed_reload_keeps_the_old_index(own_corpus: tuple[Path, Path]) -> None:
    corpus, _ = own_corpus

    async def scenario(h: Harness) -> None:
        shutil.rmtree(corpus)
        await h.private("/reload", user=ADMIN)
        await h.until(lambda: bool(h.telegram.sent("editMessageText", ADMIN)))
        await h.private("陈华文说了什么？")

    h = run(*own_corpus, scenario)
    (report,) = h.telegram.sent("editMessageText", ADMIN)
    assert "重新载入失败，继续使用原来的索引" in report.response["result"]["text"]
    assert "corpus path not found" in report.response["result"]["text"]
    (answer,) = h.telegram.sent("sendMessage", USER)
    assert "<b>陈华文</b>" in answer.params["text"]


def test_a_reload_readies_and_saves_its_index_with_garbage_collection_paused(own_corpus: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """The steps between a reload's new index and serving it (warm-up, change counts, content
    generation) and its save run with cyclic garbage collection paused, as open_index does: a full
    collection there walks both indexes (0.1 s of a reload of the shared corpus). It is back on after."""
    import gc

    from bot import service as service_module
    from retrieval import answering
    from retrieval.index import persist

    corpus, directory = own_corpus
    index, _ = open_index([corpus], directory, workers=1)
    service = IndexService(index, [corpus], directory)
    collecting: dict[str, bool] = {}

    def recording(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def step(*args: Any) -> Any:
            collecting[name] = gc.isenabled()
            return real(*args)
        return step

    for module, name in ((answering, "warm_up"), (service_module, "article_changes"), (service_module, "content_generation"), (persist, "save_index")):
        monkeypatch.setattr(module, name, recording(name, getattr(module, name)))
    (corpus / "new.md").write_text("---\ntitle: 新闻\n---\n\n赵六表示，新的文章已经加入语料库。\n", encoding="utf-8")

    async def reload() -> Any:
        return await service.start_reload()

    assert gc.isenabled()
    report = asyncio.run(reload())
    assert report.ok and report.added == 1
    assert collecting == {"warm_up": False, "article_changes": False, "content_generation": False, "save_index": False}
    assert gc.isenabled()


def test_second_reload_while_one_runs_is_told_so(own_corpus: tuple[Path, Path]) -> None:
    corpus, _ = own_corpus

    async def scenario(h: Harness) -> None:
        (corpus / "new.md").write_text("---\ntitle: 新闻\n---\n\n赵六表示，重建需要一点时间。\n", encoding="utf-8")
        await h.private("/reload", user=ADMIN)
        await h.private("/reload", user=ADMIN)
        await h.until(lambda: bool(h.telegram.sent("editMessageText", ADMIN)))

    h = run(*own_corpus, scenario)
    texts = [c.response["result"]["text"] for c in h.telegram.sent("sendMessage", ADMIN)]
    assert "已经在重新载入中，请稍候。" in texts
    assert len(h.telegram.sent("editMessageText", ADMIN)) == 1


# --- errors ----------------------------------------------------------------------------------


def test_handler_exception_is_logged_with_update_id_and_apologised(
    bot_corpus: tuple[Path, Path], caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    caplog.set_level(logging.ERROR, logger="bot.handlers")

    async def scenario(h: Harness) -> None:
        def broken(question: str, top_k: int, count: bool = True, **_: object) -> list:
            raise RuntimeError("index exploded")

        monkeypatch.setattr(h.service, "ask", broken)
        update = h.telegram.message_update("陈华文说了什么？", chat_id=USER, user_id=USER)
        await h.feed(update)
        h.update_id = update["update_id"]  # type: ignore[attr-defined]

    h = run(*bot_corpus, scenario)
    assert f"error while handling update {h.update_id}" in caplog.text  # type: ignore[attr-defined]
    assert "index exploded" in caplog.text
    (apology,) = h.telegram.sent("sendMessage", USER)
    assert apology.params["text"].startswith("抱歉")


def test_stand_in_refuses_what_telegram_refuses() -> None:
    telegram = FakeTelegram()
    status, body = telegram.handle("sendMessage", {"chat_id": 1, "text": "x" * 4097})
    assert (status, body["description"]) == (400, "Bad Request: message is too long")
    status, body = telegram.handle("sendMessage", {"chat_id": 1, "text": "<b>bold", "parse_mode": "HTML"})
    assert body["description"] == "Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"b\""
    results = [{"type": "article", "id": str(i), "title": "t", "input_message_content": {"message_text": "x"}} for i in range(51)]
    status, body = telegram.handle("answerInlineQuery", {"inline_query_id": "1", "results": results})
    assert body["description"] == "Bad Request: RESULTS_TOO_MUCH"
    keyboard = {"inline_keyboard": [[{"text": "x", "callback_data": "y" * 65}]]}
    status, body = telegram.handle("sendMessage", {"chat_id": 1, "text": "x", "reply_markup": keyboard})
    assert body["description"] == "Bad Request: BUTTON_DATA_INVALID"
    status, body = telegram.handle("sendMessage", {"text": "x"})
    assert status == 400 and "chat_id" in body["description"]
    status, body = telegram.handle("sendMessage", {"chat_id": 1, "text": "ok", "parse_mode": "HTML"})
    assert status == 200 and body["result"]["from"]["id"] == BOT_ID
    assert len(telegram.violations) == 5


def test_article_changes_count_by_id_and_content() -> None:
    """Reload reports count added, removed and changed articles; an article object the reload
    reused counts as unchanged without being hashed, a re-read one by its content."""
    from bot.service import article_changes
    from retrieval.models import Article

    kept = Article(id="kept", title="t", paragraphs=["某人说，不变。"])
    same_text = Article(id="same", title="t", paragraphs=["某人说，内容一样。"])
    edited = Article(id="edited", title="t", paragraphs=["某人说，旧的。"])
    gone = Article(id="gone", title="t", paragraphs=["某人说，删掉。"])
    old = NewsIndex.build([kept, same_text, edited, gone], workers=1)
    reread = [Article(id="same", title="t", paragraphs=["某人说，内容一样。"]), Article(id="edited", title="t", paragraphs=["某人说，新的。"])]
    new = NewsIndex.build([kept, *reread, Article(id="added", title="t", paragraphs=["某人说，新增。"])], workers=1)
    assert article_changes(old, new) == (1, 1, 1)


def test_routes_table_every_admin_command_refused_to_others_and_every_command_in_help(bot_corpus: tuple[Path, Path]) -> None:
    from bot import routes

    admin_commands = [c.name for c in routes.COMMANDS if c.admin]
    public_commands = [c.name for c in routes.COMMANDS if not c.admin]

    async def scenario(h: Harness) -> None:
        for name in admin_commands:
            await h.private(f"/{name}")
        await h.private("/help")
        await h.private("/stats", user=ADMIN)

    h = run(*bot_corpus, scenario)
    sent = [c.params["text"] for c in h.telegram.sent("sendMessage", USER)]
    assert sent[: len(admin_commands)] == ["抱歉，这个命令只对管理员开放。"] * len(admin_commands)
    help_text = sent[-1]
    assert all(f"/{name}" in help_text or name in ("start", "help") for name in public_commands), help_text
    (stats,) = h.telegram.sent("sendMessage", ADMIN)
    assert "<b>统计</b>" in stats.params["text"]
