"""Fetch news pages and feeds into a corpus folder (network I/O at the edge of the library).

``fetch_into(urls, into)`` takes page and feed URLs. A feed's entries are fetched as pages;
every article is saved as Markdown with YAML front matter under a name derived from its URL,
so a second run adds only what is new. What was seen (URLs, feed GUIDs, ETag/Last-Modified
validators) is kept in ``.fetch-state.json`` in the folder; corpus loading passes over hidden
files. Every write is atomic (temporary file + ``os.replace``).

Safety: only http(s); every hop of a redirect is resolved and refused when it points at a
private, loopback, link-local or otherwise non-public address (unless ``allow_private``), and
the connection goes to the address that was checked (no second DNS answer can swap it);
responses other than HTML/XML/text are refused; each request has a time limit and a size cap
that is enforced while streaming. Requests to one host are spaced by a polite delay.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import ipaddress
import json
import logging
import os
import socket
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import yaml

from .feeds import FeedEntry, FeedError, looks_like_feed, parse_feed
from .formats import FormatError, parse_markdown, parse_scraped_text
from .models import Article
from .web_article import decode_page, parse_html

log = logging.getLogger(__name__)

STATE_FILE = ".fetch-state.json"
ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/rss+xml",
                  "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml")
_REDIRECTS = {301, 302, 303, 307, 308}


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """Limits of one fetch run."""

    timeout: float = 20.0
    """Seconds for one request, connection to last byte."""
    max_bytes: int = 10 * 2**20
    """A response larger than this is abandoned while streaming."""
    host_delay: float = 1.0
    """Seconds between two requests to the same host."""
    allow_private: bool = False
    """Allow private, loopback and link-local addresses (tests serve pages on 127.0.0.1)."""
    max_redirects: int = 5
    max_entries: int = 50
    """Newest entries of a feed looked at per run."""
    user_agent: str = "newsbot-fetch/0.1"


class FetchError(Exception):
    """A URL that could not be fetched; ``refused`` when the safety rules stopped it."""

    def __init__(self, reason: str, refused: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.refused = refused


@dataclass(slots=True)
class Outcome:
    """What happened to one URL: new, updated, unchanged, failed or refused, and why."""

    url: str
    status: str
    detail: str = ""
    file: str | None = None
    article: Article | None = None

    def line(self) -> str:
        return f"{self.status:9} {self.url}" + (f"  {self.detail}" if self.detail else "")


@dataclass(slots=True)
class Response:
    url: str
    status: int
    content_type: str
    charset: str | None
    body: bytes
    etag: str | None = None
    last_modified: str | None = None


# --- pure helpers --------------------------------------------------------------------------


def article_file_name(url: str) -> str:
    """A stable file name for the article at ``url``: the same URL always maps to the same file."""
    return f"web-{hashlib.blake2b(url.encode('utf-8'), digest_size=8).hexdigest()}.md"


def article_markdown(article: Article, url: str) -> str:
    """The article as Markdown with YAML front matter, the corpus's .md format."""
    meta = {"title": article.title, "url": url, "date": article.date, "author": article.author, "source": article.source}
    front = yaml.safe_dump({k: v for k, v in meta.items() if v}, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{front}---\n\n" + "\n\n".join(article.paragraphs) + "\n"


def refused_address(address: str) -> bool:
    """Whether an IP address is outside the public internet (private, loopback, link-local, ...)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a crash leaves the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


# --- state ---------------------------------------------------------------------------------


@dataclass(slots=True)
class FetchState:
    """What earlier runs saw: validators per fetched URL, and the file of each seen URL or GUID."""

    resources: dict[str, dict[str, str]] = field(default_factory=dict)
    seen: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, directory: Path) -> FetchState:
        try:
            data = json.loads((directory / STATE_FILE).read_text(encoding="utf-8"))
            return cls(dict(data.get("resources", {})), dict(data.get("seen", {})))
        except (OSError, ValueError, AttributeError):
            return cls()  # no state yet, or unreadable: every URL counts as new

    def save(self, directory: Path) -> None:
        data = {"version": 1, "resources": self.resources, "seen": self.seen}
        write_atomic(directory / STATE_FILE, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))


# --- network -------------------------------------------------------------------------------


class Fetcher:
    """HTTP GET with the safety rules, limits and per-host delay of one run."""

    def __init__(self, options: FetchOptions, client: httpx.AsyncClient | None = None) -> None:
        self.options = options
        self._client = client or httpx.AsyncClient(
            follow_redirects=False,
            timeout=httpx.Timeout(options.timeout),
            headers={"User-Agent": options.user_agent, "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5"},
            trust_env=False,
        )
        self._last_request: dict[str, float] = {}

    async def aclose(self) -> None:
        await self._client.aclose()

    async def check_address(self, url: httpx.URL) -> str:
        """The address to connect to; refuse non-http(s) URLs and hosts that resolve to a
        non-public address."""
        if url.scheme not in ("http", "https"):
            raise FetchError(f"refused: scheme {url.scheme or '(none)'!r} (only http and https)", refused=True)
        if not url.host:
            raise FetchError("refused: no host in the URL", refused=True)
        port = url.port or (443 if url.scheme == "https" else 80)
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(url.host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise FetchError(f"cannot resolve host {url.host}: {getattr(exc, 'strerror', None) or exc}") from None
        addresses = [str(info[4][0]) for info in infos]
        if not addresses:
            raise FetchError(f"cannot resolve host {url.host}")
        for address in addresses if not self.options.allow_private else ():
            if refused_address(address):
                raise FetchError(f"refused: {url.host} resolves to a non-public address ({address})", refused=True)
        return addresses[0]

    async def _polite(self, host: str) -> None:
        last = self._last_request.get(host)
        if last is not None:
            wait = self.options.host_delay - (time.monotonic() - last)
            if wait > 0:
                await asyncio.sleep(wait)
        self._last_request[host] = time.monotonic()

    async def get(self, url: str, validators: dict[str, str] | None = None) -> Response:
        """GET ``url`` following redirects by hand (each hop checked). Raises FetchError."""
        try:
            async with asyncio.timeout(self.options.timeout):
                return await self._get(url, validators or {})
        except TimeoutError:
            raise FetchError(f"timed out after {self.options.timeout:g} s") from None
        except httpx.TimeoutException:
            raise FetchError(f"timed out after {self.options.timeout:g} s") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"{type(exc).__name__}: {exc}") from None

    async def _get(self, url: str, validators: dict[str, str]) -> Response:
        try:
            current = httpx.URL(url)
        except httpx.InvalidURL as exc:
            raise FetchError(f"invalid URL: {exc}") from None
        headers = {}
        if etag := validators.get("etag"):
            headers["If-None-Match"] = etag
        if modified := validators.get("last_modified"):
            headers["If-Modified-Since"] = modified
        for _hop in range(self.options.max_redirects + 1):
            address = await self.check_address(current)
            await self._polite(current.host)
            # connect to the address just checked (no second lookup that could answer differently),
            # with the name in the Host header and, for TLS, in SNI and the certificate check
            pinned = current.copy_with(host=address)
            extensions = {"sni_hostname": current.host} if current.scheme == "https" else {}
            hop_headers = {**headers, "Host": current.netloc.decode("ascii")}
            async with self._client.stream("GET", pinned, headers=hop_headers, extensions=extensions) as response:
                if response.status_code in _REDIRECTS and "location" in response.headers:
                    current = current.join(response.headers["location"])
                    headers = {}  # validators belong to the first URL
                    continue
                if response.status_code == 304:
                    return Response(str(current), 304, "", None, b"")
                if response.status_code >= 400:
                    raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}".rstrip())
                content_type = response.headers.get("content-type", "")
                media = content_type.split(";")[0].strip().lower()
                if media and media not in ACCEPTED_TYPES:
                    raise FetchError(f"refused: content type {media} (only HTML, XML and text)", refused=True)
                body = await self._read_capped(response)
                return Response(
                    str(current),
                    response.status_code,
                    media,
                    response.charset_encoding,
                    body,
                    response.headers.get("etag"),
                    response.headers.get("last-modified"),
                )
        raise FetchError(f"more than {self.options.max_redirects} redirects")

    async def _read_capped(self, response: httpx.Response) -> bytes:
        cap = self.options.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise FetchError(f"too large: {int(declared)} bytes declared, the limit is {cap}")
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > cap:
                raise FetchError(f"too large: more than {cap} bytes, abandoned")
            chunks.append(chunk)
        return b"".join(chunks)


# --- one run -------------------------------------------------------------------------------


def _article_from(response: Response, article_id: str) -> Article:
    if response.content_type == "text/plain":
        article = parse_scraped_text(decode_page(response.body, response.charset), article_id, response.url)
        article.url = article.url or response.url
        return article
    return parse_html(response.body, article_id, response.url, url=response.url, http_charset=response.charset)


class FetchRun:
    """Fetch URLs into one folder, remembering what was seen in the folder's state file."""

    def __init__(self, into: Path, options: FetchOptions, fetcher: Fetcher | None = None) -> None:
        self.into = into
        self.options = options
        self.fetcher = fetcher or Fetcher(options)
        self.state = FetchState.load(into)

    def _save_article(self, article: Article, url: str, keys: Sequence[str]) -> Outcome:
        name = article_file_name(url)
        path = self.into / name
        text = article_markdown(article, url)
        try:
            parse_markdown(text, name)  # what is saved must read back as an article
        except FormatError as exc:
            return Outcome(url, "failed", f"not saved: {exc.reason}")
        existed = path.exists()
        if existed and path.read_text(encoding="utf-8") == text:
            status = "unchanged"
        else:
            write_atomic(path, text.encode("utf-8"))
            status = "updated" if existed else "new"
        for key in keys:
            self.state.seen[key] = name
        detail = article.title or article.paragraphs[0][:30]
        return Outcome(url, status, f"{name}  {detail}", str(path), article if status != "unchanged" else None)

    async def page(self, url: str, entry: FeedEntry | None = None) -> Outcome:
        """Fetch one page (conditionally, when its file is still there) and save its article."""
        try:
            response = await self.fetcher.get(url, self._validators(url))
        except FetchError as exc:
            return Outcome(url, "refused" if exc.refused else "failed", exc.reason)
        if response.status == 304:
            return Outcome(url, "unchanged", "not modified (304)")
        if looks_like_feed(response.body, response.content_type):
            return Outcome(url, "failed", "a feed where a page was expected")
        return self._save_response(url, response, entry)

    async def source(self, url: str) -> list[Outcome]:
        """A page URL or a feed URL: one outcome for the URL, plus one per entry page fetched."""
        try:
            response = await self.fetcher.get(url, self._validators(url))
        except FetchError as exc:
            return [Outcome(url, "refused" if exc.refused else "failed", exc.reason)]
        if response.status == 304:
            return [Outcome(url, "unchanged", "not modified (304)")]
        if not looks_like_feed(response.body, response.content_type):
            return [self._save_response(url, response, None)]
        try:
            entries = parse_feed(response.body, response.url)
        except FeedError as exc:
            return [Outcome(url, "failed", str(exc))]
        fresh = [e for e in entries[: self.options.max_entries] if not self._seen(e)]
        outcomes = [await self.page(entry.link, entry) for entry in fresh]
        failed = sum(o.status in ("failed", "refused") for o in outcomes)
        if not failed:  # with a failed entry, the feed is read again in full next run
            self._remember(url, response, {"feed": "1"})
        new = sum(o.status == "new" for o in outcomes)
        summary = f"feed: {len(entries)} entries, {new} new, {len(entries) - len(fresh)} seen before, {failed} failed"
        return [Outcome(url, "feed", summary), *outcomes]

    def _save_response(self, url: str, response: Response, entry: FeedEntry | None) -> Outcome:
        try:
            article = _article_from(response, article_file_name(url)[:-3])
        except FormatError as exc:
            return Outcome(url, "failed", f"not an article: {exc.reason}")
        if entry is not None:  # the page's own metadata first, the feed's where the page has none
            article.title = article.title or entry.title
            article.date = article.date or entry.date
            article.author = article.author or entry.author
        try:
            outcome = self._save_article(article, url, [url, response.url, *([entry.guid] if entry else [])])
        except OSError as exc:
            return Outcome(url, "failed", f"cannot write {self.into}: {exc.strerror or exc}")
        if outcome.status != "failed":
            self._remember(url, response, {"file": article_file_name(url)})
        return outcome

    def _remember(self, url: str, response: Response, extra: dict[str, str]) -> None:
        validators = {"etag": response.etag, "last_modified": response.last_modified}
        self.state.resources[url] = {**{k: v for k, v in validators.items() if v}, **extra}
        try:
            self.state.save(self.into)
        except OSError as exc:  # the articles are saved; the next run only re-checks them
            log.warning("cannot save %s: %s", self.into / STATE_FILE, exc)

    def _validators(self, url: str) -> dict[str, str]:
        """ETag/Last-Modified of an earlier fetch, as long as what it produced is still there."""
        resource = self.state.resources.get(url, {})
        if resource.get("feed") or (self.into / resource.get("file", "-")).exists():
            return resource
        return {}

    def _seen(self, entry: FeedEntry) -> bool:
        return any(key in self.state.seen and (self.into / self.state.seen[key]).exists() for key in (entry.guid, entry.link))


async def fetch_into(urls: Sequence[str], into: Path, options: FetchOptions | None = None) -> list[Outcome]:
    """Fetch every URL (page or feed) into ``into``; one outcome per URL, never an exception."""
    options = options or FetchOptions()
    into.mkdir(parents=True, exist_ok=True)
    run = FetchRun(into, options)
    outcomes: list[Outcome] = []
    try:
        for url in urls:
            outcomes.extend(await run.source(url))
    finally:
        await run.fetcher.aclose()
    return outcomes
