"""The inbox behind uploads, links, feeds and the watcher: coalesced reloads, checks, back-off, debounce."""

from __future__ import annotations

import asyncio
import json
import logging
import shutil
from pathlib import Path

import pytest

from bot.corpus_inbox import CorpusInbox, diff_html, example_question, own_diff, resolve_inbox, safe_file_name
from bot.service import IndexService
from bot.settings import Settings, load_settings
from retrieval import answering, open_index

from .conftest import SEED
from .web_server import NewsSite, Route, rss

ARTICLE = """---
title: 北港码头新泊位投入使用
date: 2024-03-08
---

北港码头两个新建泊位今天投入使用。

港务集团总经理石承宇表示，新泊位投用后，码头年吞吐能力将提高三成。
"""


def make_inbox(tmp_path: Path, **settings: object) -> tuple[CorpusInbox, Path]:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    config: Settings = load_settings(corpus_paths=[corpus], **settings)
    index, report = open_index([corpus], tmp_path / "idx", workers=1)
    return CorpusInbox(config, IndexService(index, [corpus], tmp_path / "idx", files=report.files)), corpus


def test_concurrent_requests_share_reloads_and_never_overlap(tmp_path: Path) -> None:
    inbox, corpus = make_inbox(tmp_path)
    service = inbox.service
    started: list[asyncio.Task] = []  # type: ignore[type-arg]
    real_start = service.start_reload

    def counting_start():  # type: ignore[no-untyped-def]
        running = service.reloading
        task = real_start()  # raises ReloadInProgress while another runs
        assert not running
        started.append(task)
        return task

    service.start_reload = counting_start  # type: ignore[method-assign]

    async def scenario() -> None:
        admin_reload = real_start()  # an admin's /reload is already running
        (corpus / "beigang.md").write_text(ARTICLE, encoding="utf-8")
        diffs = await asyncio.gather(inbox.reload(), inbox.reload(), inbox.reload())
        await admin_reload
        assert all(d.report.ok for d in diffs)
        assert diffs[1] is diffs[2]  # the requests that waited share one reload

    asyncio.run(scenario())
    assert len(started) == 2
    assert answering.answer(service.index, "石承宇说了什么？", 1)[0].speaker == "石承宇"


def test_an_upload_is_saved_only_when_it_parses(tmp_path: Path) -> None:
    inbox, corpus = make_inbox(tmp_path)

    async def scenario() -> None:
        saved, error = await inbox.add_document("../../etc/bad.jsonl", b'{"id": "a", "paragraphs": ["x"]}\n{oops}\n')
        assert saved is None and error is not None and error.startswith("第 2 行：invalid JSON")
        saved, error = await inbox.add_document("page.html", "<html><body><nav>首页</nav></body></html>".encode())
        assert saved is None and error is not None and "no article text" in error
        saved, error = await inbox.add_document("../北港 码头.md", ARTICLE.encode())
        assert error is None and saved == corpus / "inbox" / "北港_码头.md"
        other = ARTICLE.replace("两个新建泊位", "三个新建泊位")
        again, _ = await inbox.add_document("北港 码头.md", other.encode())
        assert again == corpus / "inbox" / "北港_码头-2.md"  # never overwrites
        diff = await inbox.reload()
        assert diff.report.added == 2 and diff.quotes_added >= 1
        assert example_question(diff.index, str(saved)) == "石承宇说了什么？"  # type: ignore[arg-type]
        assert "新增 2" in diff_html(diff, saved.name) and "石承宇" in diff_html(diff, saved.name)

    asyncio.run(scenario())
    assert sorted(p.name for p in (corpus / "inbox").iterdir()) == ["北港_码头-2.md", "北港_码头.md"]  # no staging left


def test_an_upload_the_corpus_already_holds_or_that_takes_another_files_id_is_refused(tmp_path: Path) -> None:
    inbox, corpus = make_inbox(tmp_path)
    seed = inbox.service.index.articles[0]
    other = ARTICLE.replace("两个新建泊位", "三个新建泊位")

    async def scenario() -> None:
        saved, error = await inbox.add_document("twice.md", ARTICLE.encode())
        assert error is None and saved is not None
        await inbox.reload()
        again, error = await inbox.add_document("twice.md", ARTICLE.encode())  # the same upload twice
        assert again is None and error is not None and "内容相同" in error and "twice.md" in error
        quick, error = await inbox.add_document("quick.md", other.encode())
        assert error is None and quick is not None
        quick_again, error = await inbox.add_document("quick-again.md", other.encode())  # before any reload read it
        assert quick_again is None and error is not None and "quick.md" in error
        renamed, error = await inbox.add_document("other-name.txt", SEED.read_bytes())  # a corpus file under another name
        assert renamed is None and error is not None and "内容相同" in error
        foreign = json.dumps({"id": seed.id, "title": "冒名顶替", "paragraphs": ["张三说，这篇要替换种子文章。"]}, ensure_ascii=False)
        taken, error = await inbox.add_document("takeover.jsonl", (foreign + "\n").encode())
        assert taken is None and error is not None and f"「{seed.id}」" in error and SEED.name in error
        own = json.dumps({"title": "没有 id 的一行", "paragraphs": ["李四说，这一行的 id 来自文件名。"]}, ensure_ascii=False)
        fine, error = await inbox.add_document("lines.jsonl", (own + "\n").encode())
        assert error is None and fine is not None
        diff = await inbox.reload()
        assert diff.report.ok and diff.report.added == 2 and diff.report.changed == 0 and diff.report.removed == 0

    asyncio.run(scenario())
    assert sorted(p.name for p in (corpus / "inbox").iterdir()) == ["lines.jsonl", "quick.md", "twice.md"]
    assert inbox.service.index.articles[0].title == seed.title  # the seed article was not replaced


def test_each_coalesced_upload_reply_counts_what_that_upload_added(tmp_path: Path) -> None:
    inbox, _corpus = make_inbox(tmp_path)
    second = ARTICLE.replace("北港码头", "南湾码头").replace("石承宇", "蓝海平")

    async def scenario() -> list[str]:
        first_saved, _ = await inbox.add_document("first.md", ARTICLE.encode())
        second_saved, _ = await inbox.add_document("second.md", second.encode())
        # both were saved before either reload read the corpus: the first reload adds both, the
        # second (requested while the first ran) adds nothing new
        first, later = await asyncio.gather(inbox.reload(), inbox.reload())
        assert first.report.added == 2 and later.report.added == 0
        return [diff_html(own_diff(diff, [str(path)]), path.name) for diff, path in ((first, first_saved), (later, second_saved))]

    for reply in asyncio.run(scenario()):
        assert "新增 1" in reply and "（+1）" in reply, reply


def test_an_upload_never_waits_for_a_feed_poll(tmp_path: Path, site: NewsSite) -> None:
    """A poll holds its own lock while it fetches (here a page that takes 4 s): an upload
    made meanwhile is saved at once, and the poll still saves its article."""
    site.routes["/feed.xml"] = Route(rss([("慢", site.url("/slow-entry.html"), "s1")]), content_type="application/rss+xml")
    site.routes["/slow-entry.html"] = Route(site.routes["/a1.html"].body, delay=4.0)
    inbox, corpus = make_inbox(tmp_path, feeds=[site.url("/feed.xml")], fetch_allow_private=True, fetch_delay=0, feed_interval=10)

    async def scenario() -> None:
        poll = asyncio.ensure_future(inbox.poll_feeds())
        for _ in range(200):  # until the poll is fetching the slow page
            if "/slow-entry.html" in site.paths_requested():
                break
            await asyncio.sleep(0.02)
        assert not poll.done()
        saved, error = await asyncio.wait_for(inbox.add_document("beigang.md", ARTICLE.encode()), timeout=2.0)
        assert error is None and saved is not None
        assert not poll.done()  # the upload did not wait for the poll
        diff = await poll
        assert diff is not None and diff.report.ok

    asyncio.run(scenario())
    assert len(list((corpus / "inbox").glob("web-*.md"))) == 1


def test_a_failing_feed_backs_off_and_the_others_still_load(tmp_path: Path, site: NewsSite) -> None:
    site.routes["/feed.xml"] = Route(rss([("a", site.url("/a1.html"), "g1")]), content_type="application/rss+xml")
    site.routes["/bad.xml"] = Route(b"<rss><channel><item>", content_type="application/rss+xml")
    inbox, _corpus = make_inbox(
        tmp_path, feeds=[site.url("/bad.xml"), site.url("/feed.xml")], fetch_allow_private=True, fetch_delay=0, feed_interval=10
    )

    async def scenario() -> None:
        diff = await inbox.poll_feeds(now=1000.0)
        assert diff is not None and diff.report.added == 1 and "林晓雯" in diff.new_speakers
        bad, good = inbox.feeds[site.url("/bad.xml")], inbox.feeds[site.url("/feed.xml")]
        assert bad.failures == 1 and "malformed XML" in (bad.last_error or "") and bad.next_due - bad.last_fetch == 1200  # type: ignore[operator]
        assert good.failures == 0 and good.new_articles == 1 and good.last_error is None
        requests = len(site.requests)
        assert await inbox.poll_feeds(now=bad.last_fetch) is None  # nothing new, the bad feed is not due
        assert site.paths_requested()[requests:] == ["/feed.xml"]

    asyncio.run(scenario())


def test_the_watcher_reloads_once_changes_have_settled(tmp_path: Path) -> None:
    inbox, corpus = make_inbox(tmp_path)

    async def scenario() -> None:
        assert await inbox.check_files() is None  # the baseline
        assert await inbox.check_files() is None  # nothing changed
        (corpus / "beigang.md").write_text(ARTICLE, encoding="utf-8")
        assert await inbox.check_files() is None  # changed: wait one more round
        diff = await inbox.check_files()
        assert diff is not None and diff.report.added == 1
        assert await inbox.check_files() is None  # loaded: no second reload

    asyncio.run(scenario())


def test_the_watcher_starts_from_the_stamps_the_index_was_read_from(tmp_path: Path) -> None:
    """A file written after the index was read but before the watcher's first look is loaded."""
    inbox, corpus = make_inbox(tmp_path)
    (corpus / "beigang.md").write_text(ARTICLE, encoding="utf-8")

    async def scenario() -> None:
        assert await inbox.check_files() is None  # changed since the index was read: wait one round
        diff = await inbox.check_files()
        assert diff is not None and diff.report.added == 1
        assert await inbox.check_files() is None

    asyncio.run(scenario())
    assert answering.answer(inbox.service.index, "石承宇说了什么？", 1)[0].speaker == "石承宇"


def test_the_watcher_never_picks_up_a_link_out_of_the_corpus(tmp_path: Path) -> None:
    inbox, corpus = make_inbox(tmp_path)
    (tmp_path / "outside.env").write_text("NEWSBOT_BOT_TOKEN=1:leaked-token\nNEWSBOT_WEBHOOK_SECRET=leaked-secret\n", encoding="utf-8")
    (corpus / "leak.txt").symlink_to(tmp_path / "outside.env")

    async def scenario() -> None:
        diffs = [await inbox.check_files() for _ in range(4)]
        (diff,) = [d for d in diffs if d is not None]  # one reload, which reports the link, never reads it
        assert diff.report.ok and diff.report.added == 0
        assert [(Path(p.path).name, p.reason.split(":")[0]) for p in diff.report.problems] == [("leak.txt", "symbolic link")]

    asyncio.run(scenario())
    assert not [a for a in inbox.service.index.articles if "leaked" in (a.title or "") + "".join(a.paragraphs)]


def test_inbox_must_lie_inside_the_corpus_and_names_stay_inside_it(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    assert resolve_inbox(load_settings(corpus_paths=[corpus])) == (corpus / "inbox").resolve()
    assert resolve_inbox(load_settings(corpus_paths=[corpus], inbox_dir=tmp_path / "elsewhere")) is None
    assert resolve_inbox(load_settings(corpus_paths=[corpus], inbox_dir=corpus / "a" / "b")) == (corpus / "a" / "b").resolve()
    assert safe_file_name("../../x/..\\evil name?.MD") == "evil_name.md"
    assert safe_file_name(".hidden.txt") == "hidden.txt"


def test_one_bad_entry_does_not_back_off_its_feed_and_credentials_stay_out_of_logs_and_replies(
    tmp_path: Path, site: NewsSite, caplog: pytest.LogCaptureFixture
) -> None:
    from bot.corpus_inbox import feeds_html

    port = site.base.rsplit(":", 1)[1]
    secret = f"http://reader:s3cr3t-pw@127.0.0.1:{port}"
    site.routes["/to-mailto.html"] = Route(status=302, location="mailto:editor@example.com")
    site.routes["/feed.xml"] = Route(rss([("m", "http://xn--/", "g0"), ("bad", site.url("/to-mailto.html"), "g1"),
                                          ("a", site.url("/a1.html"), "g2")]), content_type="application/rss+xml")
    site.routes["/gone.xml"] = Route(b"gone", status=500, content_type="text/plain")
    inbox, _corpus = make_inbox(
        tmp_path, feeds=[f"{secret}/feed.xml", f"{secret}/gone.xml"], fetch_allow_private=True, fetch_delay=0, feed_interval=10
    )

    async def scenario() -> None:
        with caplog.at_level(logging.INFO):
            diff = await inbox.poll_feeds(now=1000.0)
        assert diff is not None and diff.report.added == 1  # the entry after the bad ones was fetched
        feed, gone = inbox.feeds[f"{secret}/feed.xml"], inbox.feeds[f"{secret}/gone.xml"]
        assert feed.failures == 0 and feed.next_due == 0.0 and feed.last_error and feed.last_error.startswith("2 篇失败")
        assert gone.failures == 1 and "HTTP 500" in (gone.last_error or "")
        shown = feeds_html(inbox)
        assert f"{site.url('/feed.xml')}" in shown and f"feed {site.url('/gone.xml')}: HTTP 500" in caplog.text
        for text in (caplog.text, shown, *(p.read_text(encoding="utf-8") for p in (inbox.directory or tmp_path).iterdir())):
            assert "s3cr3t-pw" not in text

    asyncio.run(scenario())
