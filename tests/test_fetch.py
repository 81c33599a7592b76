"""newsbot fetch against a news site served on 127.0.0.1: what it saves, what it reports, what it refuses."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import httpx
import pytest

from retrieval import load_corpus
from retrieval.feeds import FeedError, parse_feed
from retrieval.fetch import STATE_FILE, Fetcher, FetchError, FetchOptions, refused_address, write_atomic
from retrieval.formats import parse_markdown

from .test_cli import newsbot
from .web_server import ARTICLES, BILLION_LAUGHS, NewsSite, add_feed

PRIVATE_OK = {"NEWSBOT_FETCH_ALLOW_PRIVATE": "true"}


def lines_for(stdout: str, status: str) -> list[str]:
    return [line for line in stdout.splitlines() if line.startswith(status + " ")]


def test_feed_and_pages_are_saved_failures_reported_and_a_second_run_adds_nothing(site: NewsSite, tmp_path: Path) -> None:
    feed = add_feed(site)
    into = tmp_path / "corpus" / "inbox"
    urls = [feed, site.url("/a1.html"), site.url("/photo.jpg")]
    options = ["--into", str(into), "--timeout", "2", "--max-mb", "2", "--delay", "0"]
    first = newsbot("fetch", *urls, *options, env=PRIVATE_OK)
    assert "Traceback" not in first.stderr
    assert first.returncode == 1, first.stdout  # some URLs failed
    out = first.stdout
    assert [line.split()[1] for line in lines_for(out, "new")] == [site.url(p) for p in ("/a1.html", "/a2.html", "/moved.html")]
    failed = "\n".join(lines_for(out, "failed"))
    assert f"{site.url('/error.html')}  HTTP 500" in failed
    assert f"{site.url('/slow.html')}  timed out after 2 s" in failed
    assert f"{site.url('/huge.html')}  too large" in failed
    assert "refused: content type image/jpeg" in "\n".join(lines_for(out, "refused"))
    assert "feed: 6 entries, 3 new, 0 seen before, 3 failed" in out
    assert out.splitlines()[-1].startswith("fetch: 3 new")

    saved = sorted(into.glob("*.md"))
    assert len(saved) == 3
    articles = {a.title: a for a in (parse_markdown(p.read_text(encoding="utf-8"), p.stem) for p in saved)}
    for title, date, source, paragraphs in ARTICLES:
        article = articles[title]
        assert article.paragraphs == paragraphs  # body only: no nav, share bar, 上一篇/下一篇 or footer
        assert (article.date, article.source) == (date, source)
    assert articles[ARTICLES[1][0]].url == site.url("/a2.html")  # the GB18030 page, charset only in <meta>
    assert articles[ARTICLES[2][0]].url == site.url("/moved.html")  # named by the URL the feed gave
    load = load_corpus([tmp_path / "corpus"])
    assert len(load.articles) == 3 and not load.problems  # the state file is not an article
    assert not [p for p in into.iterdir() if p.name.endswith(".tmp")]

    before = list(site.paths_requested())
    second = newsbot("fetch", *urls, *options, env=PRIVATE_OK)
    assert not lines_for(second.stdout, "new") and not lines_for(second.stdout, "updated")
    assert "feed: 6 entries, 0 new, 3 seen before, 3 failed" in second.stdout
    assert f"unchanged {site.url('/a1.html')}  not modified (304)" in second.stdout
    again = site.paths_requested()[len(before):]
    assert "/a2.html" not in again and "/moved.html" not in again  # seen entries are not fetched again
    a1_requests = [headers for path, headers in site.requests[len(before):] if path == "/a1.html"]
    assert [h.get("if-none-match") for h in a1_requests] == ['"a1-v1"']
    assert sorted(into.glob("*.md")) == saved


def test_a_feed_without_failures_is_not_modified_on_the_next_run(site: NewsSite, tmp_path: Path) -> None:
    from .web_server import Route, rss

    site.routes["/good.xml"] = Route(
        rss([(ARTICLES[0][0], site.url("/a1.html"), "g1"), (ARTICLES[2][0], site.url("/a3.html"), "g3")]),
        content_type="application/rss+xml", etag='"good"',
    )
    options = ["--into", str(tmp_path), "--delay", "0"]
    first = newsbot("fetch", site.url("/good.xml"), *options, env=PRIVATE_OK)
    assert first.returncode == 0 and len(lines_for(first.stdout, "new")) == 2, first.stdout
    second = newsbot("fetch", site.url("/good.xml"), *options, env=PRIVATE_OK)
    assert second.returncode == 0
    assert second.stdout.splitlines()[0] == f"unchanged {site.url('/good.xml')}  not modified (304)"
    # the same entries under a new feed URL are recognised by GUID and link
    site.routes["/mirror.xml"] = Route(site.routes["/good.xml"].body, content_type="application/rss+xml")
    third = newsbot("fetch", site.url("/mirror.xml"), *options, env=PRIVATE_OK)
    assert "feed: 2 entries, 0 new, 2 seen before, 0 failed" in third.stdout


def test_malformed_feeds_and_xml_bombs_fail_with_one_line(site: NewsSite, tmp_path: Path) -> None:
    result = newsbot("fetch", site.url("/malformed.xml"), site.url("/bomb.xml"), "--into", str(tmp_path), "--delay", "0", env=PRIVATE_OK)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"failed    {site.url('/malformed.xml')}  malformed XML: mismatched tag: line 1" in result.stdout
    assert f"failed    {site.url('/bomb.xml')}  refused XML: EntitiesForbidden" in result.stdout
    assert not list(tmp_path.glob("*.md"))


def test_private_addresses_are_refused_without_the_override(site: NewsSite, tmp_path: Path) -> None:
    result = newsbot("fetch", site.url("/a1.html"), "--into", str(tmp_path), env={"NEWSBOT_FETCH_ALLOW_PRIVATE": "false"})
    assert result.returncode == 1
    assert f"refused   {site.url('/a1.html')}  refused: 127.0.0.1 resolves to a non-public address (127.0.0.1)" in result.stdout
    assert site.requests == []  # nothing was sent


def test_a_redirect_to_a_private_address_is_refused_at_that_hop() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        if request.url.host == "93.184.216.34":
            return httpx.Response(302, headers={"Location": "http://10.20.30.40/admin"})
        return httpx.Response(200, text="<p>internal</p>", headers={"Content-Type": "text/html"})

    async def run() -> None:
        fetcher = Fetcher(FetchOptions(host_delay=0), httpx.AsyncClient(transport=httpx.MockTransport(handler)))
        with pytest.raises(FetchError) as caught:
            await fetcher.get("http://93.184.216.34/news")
        assert caught.value.refused and "10.20.30.40" in caught.value.reason
        with pytest.raises(FetchError, match="scheme 'file'"):
            await fetcher.get("file:///etc/passwd")
        await fetcher.aclose()

    asyncio.run(run())
    assert seen == ["http://93.184.216.34/news"]  # the private hop was never requested


@pytest.mark.parametrize(("address", "refused"), [
    ("10.1.2.3", True), ("172.16.0.1", True), ("192.168.1.1", True), ("127.0.0.1", True), ("169.254.169.254", True),
    ("::1", True), ("fe80::1", True), ("fd00::1", True), ("::ffff:127.0.0.1", True), ("100.64.0.1", True),
    ("0.0.0.0", True), ("93.184.216.34", False), ("2606:2800:220:1::1", False),
])
def test_address_ranges(address: str, refused: bool) -> None:
    assert refused_address(address) is refused


def test_requests_to_one_host_are_spaced_by_the_polite_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    waits: list[float] = []
    real_sleep = asyncio.sleep

    async def recording_sleep(seconds: float) -> None:
        waits.append(seconds)
        await real_sleep(0)

    monkeypatch.setattr("retrieval.fetch.asyncio.sleep", recording_sleep)

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text="<p>x</p>", headers={"Content-Type": "text/html"})

    async def run() -> None:
        fetcher = Fetcher(FetchOptions(host_delay=30), httpx.AsyncClient(transport=httpx.MockTransport(handler)))
        await fetcher.get("http://93.184.216.34/a")
        await fetcher.get("http://93.184.216.35/b")  # another host: no wait
        assert waits == []
        await fetcher.get("http://93.184.216.34/c")
        await fetcher.aclose()

    asyncio.run(run())
    assert len(waits) == 1 and 29 < waits[0] <= 30


def test_feed_parser_reads_rss_atom_and_rdf_and_refuses_bombs() -> None:
    atom = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
    <entry><title>A</title><id>tag:x,2024:1</id><link rel="alternate" href="/news/1.html"/><published>2024-05-02T08:00:00+08:00</published>
    <author><name>Li</name></author></entry><entry><title>no link</title><id>2</id></entry></feed>"""
    entries = parse_feed(atom, "https://news.example/feeds/atom.xml")
    assert [(e.link, e.guid, e.title, e.date, e.author) for e in entries] == [
        ("https://news.example/news/1.html", "tag:x,2024:1", "A", "2024-05-02", "Li")
    ]
    rdf = b"""<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"><item><title>B</title><link>https://n.example/b</link><dc:date>2024-01-02</dc:date></item></rdf:RDF>"""
    assert [(e.link, e.guid, e.date) for e in parse_feed(rdf)] == [("https://n.example/b", "https://n.example/b", "2024-01-02")]
    with pytest.raises(FeedError, match="EntitiesForbidden"):
        parse_feed(BILLION_LAUGHS)
    with pytest.raises(FeedError, match="not a feed"):
        parse_feed(b"<html><body>x</body></html>")


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "web-1.md"
    target.write_text("old", encoding="utf-8")

    def crash(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        write_atomic(target, b"new")
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["web-1.md"]
    assert STATE_FILE.startswith(".")  # corpus loading passes over hidden files


def test_the_connection_goes_to_the_checked_address_with_the_name_in_host_and_sni(monkeypatch: pytest.MonkeyPatch) -> None:
    answers = {"news.example": "93.184.216.34", "intranet.example": "10.0.0.8"}

    def resolve(host: str, port: int, *args: object, **kwargs: object) -> list[tuple[object, ...]]:
        return [(2, 1, 6, "", (answers[host], port))]

    monkeypatch.setattr("socket.getaddrinfo", resolve)
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, text="<p>x</p>", headers={"Content-Type": "text/html"})

    async def run() -> None:
        fetcher = Fetcher(FetchOptions(host_delay=0), httpx.AsyncClient(transport=httpx.MockTransport(handler)))
        response = await fetcher.get("https://news.example:8443/a?b=1")
        assert response.url == "https://news.example:8443/a?b=1"
        with pytest.raises(FetchError, match=r"intranet.example resolves to a non-public address \(10.0.0.8\)"):
            await fetcher.get("http://intranet.example/")
        await fetcher.aclose()

    asyncio.run(run())
    [request] = seen
    assert str(request.url) == "https://93.184.216.34:8443/a?b=1"
    assert request.headers["host"] == "news.example:8443"
    assert request.extensions["sni_hostname"] == "news.example"
