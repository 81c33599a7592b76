"""The fetch side's fault matrix: one feed whose entries are every hostile page and redirect, next
to good ones, fetched by the real ``newsbot fetch`` from a site on 127.0.0.1.

Each bad entry is one failed (or refused) line with its reason, no traceback; the good entries
after them are saved; a page that takes longer than the parse deadline is abandoned and the
next one is still read; a URL's ``user:password@`` reaches neither the files nor the output.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from retrieval.fetch import STATE_FILE, FetchOptions, FetchRun, FetchState, public_url, refused_address

from .test_cli import newsbot
from .web_server import NewsSite, Route, article_page, rss

PRIVATE_OK = {"NEWSBOT_FETCH_ALLOW_PRIVATE": "true", "NEWSBOT_FETCH_DELAY": "0"}
SLOW_PAGE = ("<html><body>" + "<p>这是一个很长的页面里的又一个段落，没有什么内容。</p>\n" * 60_000 + "</body></html>").encode()
"""About 4 MB of flat paragraphs: seconds of trafilatura, far over a 0.5 s parse deadline."""
SCRIPT_OPENERS = article_page(0).replace(b"</body>", b"<p>" + b"<script x" * 32_000 + b"</body>")
"""The quadratic-regex page of issue 19: a short article, then 32,000 unclosed <script openers."""


def hostile_site(site: NewsSite) -> dict[str, str]:
    """Hostile routes on ``site``: path -> the start of the reason its line must give."""
    site.routes.update({
        "/to-mailto.html": Route(status=302, location="mailto:editor@example.com"),
        "/to-data.html": Route(status=302, location="data:text/html,<p>hi</p>"),
        "/to-javascript.html": Route(status=302, location="javascript:alert(1)"),
        "/to-xn.html": Route(status=302, location="http://xn--/"),
        "/nul.txt": Route(b"\xe6\x96\x87\x00\x00\x00" * 100, content_type="text/plain; charset=utf-8"),
        "/rss-as-html.html": Route(rss([("x", site.url("/a1.html"), "g-x")]), content_type="text/html"),
        "/slow-to-parse.html": Route(SLOW_PAGE),
        "/bz2-header.html": Route(article_page(1), content_type="text/html; charset=bz2"),
        "/hex-meta.html": Route(article_page(2).replace(b'charset="utf-8"', b'charset="hex"'), content_type="text/html"),
        "/script-openers.html": Route(SCRIPT_OPENERS),
    })
    return {
        "/to-mailto.html": "refused: scheme 'mailto'",
        "/to-data.html": "refused: scheme 'data'",
        "/to-javascript.html": "refused: scheme 'javascript'",
        "/to-xn.html": "",
        "/nul.txt": "not an article: binary file",
        "/rss-as-html.html": "a feed where a page was expected",
        "/slow-to-parse.html": "parsing took longer than 0.5 s, abandoned",
    }


def test_every_hostile_entry_is_one_line_and_the_feed_goes_on(site: NewsSite, tmp_path: Path) -> None:
    bad = hostile_site(site)
    good = ["/bz2-header.html", "/hex-meta.html", "/script-openers.html"]
    paths = [*bad, "/a1.html", *good]
    links = [site.url(path) for path in paths] + ["http://xn--/"]
    site.routes["/feed.xml"] = Route(rss([(p, link, f"g{n}") for n, (p, link) in enumerate(zip(paths + ["xn"], links))]),
                                     content_type="application/rss+xml")
    into = tmp_path / "inbox"
    result = newsbot("fetch", site.url("/feed.xml"), "--into", str(into), env={**PRIVATE_OK, "NEWSBOT_FETCH_PARSE_TIMEOUT": "0.5"})
    assert "Traceback" not in result.stderr and result.returncode == 1, result.stderr
    lines = {line.split()[1]: line for line in result.stdout.splitlines()[:-1]}
    for path, reason in bad.items():
        line = lines[site.url(path)]
        assert line.split()[0] in ("failed", "refused") and reason in line, line
    assert lines["http://xn--/"].startswith("failed") and "invalid URL" in lines["http://xn--/"]
    for path in ["/a1.html", *good]:  # after the bad ones and after the killed worker: read and saved
        assert lines[site.url(path)].startswith("new "), lines[site.url(path)]
    assert f"feed: {len(links)} entries, 4 new, 0 seen before, {len(bad) + 1} failed" in lines[site.url("/feed.xml")]
    assert len(list(into.glob("web-*.md"))) == 4


def test_rss_served_as_text_html_is_read_as_a_feed(site: NewsSite, tmp_path: Path) -> None:
    site.routes["/news.html"] = Route(rss([("a", site.url("/a1.html"), "g1")]), content_type="text/html; charset=utf-8")
    result = newsbot("fetch", site.url("/news.html"), "--into", str(tmp_path), env=PRIVATE_OK)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "feed: 1 entries, 1 new" in result.stdout
    assert [line.split()[1] for line in result.stdout.splitlines() if line.startswith("new ")] == [site.url("/a1.html")]


def test_userinfo_is_used_for_the_request_but_never_saved_shown_or_remembered(site: NewsSite, tmp_path: Path) -> None:
    port = site.base.rsplit(":", 1)[1]
    secret_base = f"http://reader:s3cr3t-pw@127.0.0.1:{port}"
    site.routes["/private-feed.xml"] = Route(rss([("a", f"{secret_base}/a1.html", f"{secret_base}/a1.html")]),
                                             content_type="application/rss+xml")
    into = tmp_path / "inbox"
    result = newsbot("fetch", f"{secret_base}/private-feed.xml", "--into", str(into), env={**PRIVATE_OK, "NEWSBOT_LOG_LEVEL": "DEBUG"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "feed: 1 entries, 1 new" in result.stdout
    assert site.url("/private-feed.xml") in result.stdout and site.url("/a1.html") in result.stdout
    headers = dict(site.requests)["/private-feed.xml"]
    assert headers.get("authorization", "").startswith("Basic ")  # the credentials were used for the request
    written = "\n".join(p.read_text(encoding="utf-8") for p in into.iterdir())
    for text in (result.stdout, result.stderr, written):
        assert "s3cr3t-pw" not in text and "reader:" not in text
    (saved,) = into.glob("web-*.md")
    assert f"url: {site.url('/a1.html')}" in saved.read_text(encoding="utf-8")


@pytest.mark.parametrize(("url", "shown"), [
    ("http://u:p@host/a?x=1#f", "http://host/a?x=1#f"),
    ("https://user@host:8443/", "https://host:8443/"),
    ("http://a:b@c@host/", "http://host/"),
    ("http://host/path@not-userinfo", "http://host/path@not-userinfo"),
])
def test_public_url_drops_only_the_userinfo(url: str, shown: str) -> None:
    assert public_url(url) == shown


@pytest.mark.parametrize("address", [
    "64:ff9b::a9fe:a9fe", "64:ff9b::7f00:1", "64:ff9b:1::a00:1", "2002:7f00:1::", "2002:a9fe:a9fe::1", "::127.0.0.1",
    "::10.0.0.1", "::ffff:0:7f00:1", "fec0::1", "2001:0:4136:e378:8000:63bf:80ff:fffe",  # Teredo client 127.0.0.1
])
def test_addresses_with_a_private_ipv4_inside_and_site_local_are_refused(address: str) -> None:
    assert refused_address(address)


@pytest.mark.parametrize("address", ["64:ff9b::5db8:d822", "2002:5db8:d822::1", "::ffff:93.184.216.34"])
def test_addresses_with_a_public_ipv4_inside_are_allowed(address: str) -> None:
    assert not refused_address(address)


def test_feed_summary_counts_entries_past_the_cap_as_skipped(site: NewsSite, tmp_path: Path) -> None:
    items = [(f"t{n}", site.url("/error.html"), f"g{n}") for n in range(5)]
    site.routes["/many.xml"] = Route(rss(items), content_type="application/rss+xml")

    async def run() -> list[str]:
        fetch_run = FetchRun(tmp_path, FetchOptions(allow_private=True, host_delay=0, max_entries=2))
        try:
            return [o.line() for o in await fetch_run.source(site.url("/many.xml"))]
        finally:
            await fetch_run.fetcher.aclose()

    lines = asyncio.run(run())
    assert "feed: 5 entries, 0 new, 0 seen before, 2 failed, 3 skipped (over the cap of 2)" in lines[0]
    assert len(lines) == 3


@pytest.mark.parametrize("state", ['{"seen": [1]}', '{"resources": {"u": 3}}', "[]", '"x"', '{"seen": {"a": 1}}', "{"])
def test_a_malformed_state_file_is_reported_and_treated_as_empty(tmp_path: Path, state: str, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / STATE_FILE).write_text(state, encoding="utf-8")
    loaded = FetchState.load(tmp_path)
    assert (loaded.resources, loaded.seen) == ({}, {})
    assert f"ignoring {tmp_path / STATE_FILE}" in caplog.text


def test_fetch_with_a_malformed_state_file_reports_it_and_fetches(site: NewsSite, tmp_path: Path) -> None:
    (tmp_path / STATE_FILE).write_text('{"seen": [1]}', encoding="utf-8")
    result = newsbot("fetch", site.url("/a1.html"), "--into", str(tmp_path), env=PRIVATE_OK)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert result.stdout.startswith("new ") and "ignoring" in result.stderr and len(result.stderr.splitlines()) == 1
    assert json.loads((tmp_path / STATE_FILE).read_text(encoding="utf-8"))["seen"]  # rewritten in the right shape


@pytest.mark.parametrize("into", ["file", "/proc/no-such-folder/inbox"])
def test_fetch_into_an_unusable_folder_is_one_line_and_exit_2(site: NewsSite, tmp_path: Path, into: str) -> None:
    target = tmp_path / "a-file.txt" if into == "file" else Path(into)
    if into == "file":
        target.write_text("not a folder", encoding="utf-8")
    result = newsbot("fetch", site.url("/a1.html"), "--into", str(target), env=PRIVATE_OK)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith(f"newsbot fetch: cannot use --into {target}:") and len(result.stderr.splitlines()) == 1
    assert site.requests == []


def test_the_page_worker_is_killed_at_its_deadline_and_replaced() -> None:
    import os
    import time

    from retrieval.page_worker import PageWorker, ParseTimeout

    worker = PageWorker()

    async def scenario() -> None:
        first = await worker.run(os.getpid, deadline=30)
        assert first != os.getpid()
        with pytest.raises(ParseTimeout, match="took longer than 0.5 s"):
            await worker.run(time.sleep, 60, deadline=0.5)
        with pytest.raises(ProcessLookupError):  # the stuck process is gone, not left burning a core
            os.kill(first, 0)
        assert await worker.run(os.getpid, deadline=30) not in (first, os.getpid())  # a fresh worker
        with pytest.raises(ValueError):
            await worker.run(int, "not a number", deadline=30)

    try:
        asyncio.run(scenario())
    finally:
        worker.close()
