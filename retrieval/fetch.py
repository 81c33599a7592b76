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
Addresses with an IPv4 address inside (NAT64, 6to4, Teredo, IPv4-compatible or -mapped) are
judged by that IPv4 address. A ``user:password@`` in a URL is used for the request only: what is
saved, shown, remembered and logged carries the URL without it.

Time is bounded: page extraction and feed parsing run in a worker process (page_worker.py) with
a deadline, off the event loop; every failure of one URL, whatever raised it, is that URL's
failed outcome and the run goes on.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import hashlib
import ipaddress
import json
import logging
import os
import re
import socket
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import httpx
import yaml

from .feeds import FeedEntry, FeedError, looks_like_feed, parse_feed
from .formats import FormatError, parse_markdown, parse_scraped_text
from .models import Article
from .page_worker import PageWorker, ParseTimeout, shared_worker
from .web_article import decode_page, parse_html

log = logging.getLogger(__name__)
T = TypeVar("T")

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
    parse_timeout: float = 30.0
    """Seconds to extract one page's article or parse one feed (in the worker process)."""
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


_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_EMBEDDED_V4 = (ipaddress.ip_network("::/96"), ipaddress.ip_network("::ffff:0:0:0/96"))
"""IPv4-compatible (::a.b.c.d) and SIIT IPv4-translated (::ffff:0:a.b.c.d) addresses."""
_NEVER_PUBLIC = (ipaddress.ip_network("64:ff9b:1::/48"), ipaddress.ip_network("fec0::/10"))
"""Local-use NAT64 (RFC 8215) and the deprecated site-local block."""


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address carries (mapped, 6to4, Teredo, NAT64, compatible, SIIT)."""
    if ip.ipv4_mapped is not None:
        return [ip.ipv4_mapped]
    if ip.sixtofour is not None:
        return [ip.sixtofour]
    if ip.teredo is not None:
        return list(ip.teredo)  # the Teredo server and the (de-obfuscated) client
    if ip in _NAT64 or any(ip in network for network in _EMBEDDED_V4):
        return [ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)]
    return []


def refused_address(address: str) -> bool:
    """Whether an IP address is outside the public internet (private, loopback, link-local, ...).

    An IPv6 address with an IPv4 address inside is judged by that IPv4 address: a NAT64, 6to4
    or Teredo gateway would connect to it.
    """
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if any(ip in network for network in _NEVER_PUBLIC):
            return True
        embedded = _embedded_ipv4(ip)
        if embedded:
            return any(refused_address(str(v4)) for v4 in embedded)
    return not ip.is_global or ip.is_multicast


_USERINFO = re.compile(r"\A([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@")
"""The authority's part up to its last '@' (anchored: one linear attempt)."""


def public_url(url: str) -> str:
    """``url`` without a ``user:password@`` part: the form that is saved, shown and logged."""
    return _USERINFO.sub(r"\1", url, count=1)


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
        """The folder's state; missing, unreadable or malformed state counts as empty (every
        URL is new), and a malformed one is reported as a warning."""
        path = directory / STATE_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as exc:
            log.warning("ignoring %s: %s", path, getattr(exc, "strerror", None) or exc)
            return cls()
        resources = data.get("resources", {}) if isinstance(data, dict) else None
        seen = data.get("seen", {}) if isinstance(data, dict) else None
        if not (_is_str_map(seen) and isinstance(resources, dict) and all(
            isinstance(k, str) and _is_str_map(v) for k, v in resources.items()
        )):
            log.warning("ignoring %s: not the shape this version writes", path)
            return cls()
        return cls(dict(resources), dict(seen))

    def save(self, directory: Path) -> None:
        data = {"version": 1, "resources": self.resources, "seen": self.seen}
        write_atomic(directory / STATE_FILE, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))


def _is_str_map(value: object) -> bool:
    return isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())


# --- network -------------------------------------------------------------------------------


_HELD_LOCATION = "x-newsbot-location"


async def _hold_location(response: httpx.Response) -> None:
    """Move a redirect's Location header aside: httpx prepares the next request of a redirect
    even when not following it, and raises InvalidURL on a Location such as ``mailto:x@y``
    before the hop could be judged (and refused) here."""
    if "location" in response.headers:
        response.headers[_HELD_LOCATION] = response.headers.pop("location")


class Fetcher:
    """HTTP GET with the safety rules, limits and per-host delay of one run."""

    def __init__(self, options: FetchOptions, client: httpx.AsyncClient | None = None) -> None:
        self.options = options
        self._client = client or httpx.AsyncClient(
            follow_redirects=False,
            timeout=httpx.Timeout(options.timeout),
            headers={"User-Agent": options.user_agent, "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5"},
            trust_env=False,
            event_hooks={"response": [_hold_location]},
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
        """GET ``url`` following redirects by hand (each hop checked). Raises FetchError only."""
        try:
            async with asyncio.timeout(self.options.timeout):
                return await self._get(url, validators or {})
        except TimeoutError:
            raise FetchError(f"timed out after {self.options.timeout:g} s") from None
        except httpx.TimeoutException:
            raise FetchError(f"timed out after {self.options.timeout:g} s") from None
        except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError) as exc:
            raise FetchError(f"{type(exc).__name__}: {public_url(str(exc))}") from None
        except (UnicodeError, ValueError) as exc:  # an IDNA label such as xn--, a bad port, ...
            raise FetchError(f"invalid URL: {type(exc).__name__}: {public_url(str(exc))}") from None

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
            # (and with the userinfo as an Authorization header, never in the URL that httpx logs)
            pinned = current.copy_with(host=address, userinfo=b"")
            auth = httpx.BasicAuth(current.username, current.password) if current.userinfo else None
            extensions = {"sni_hostname": current.host} if current.scheme == "https" else {}
            hop_headers = {**headers, "Host": current.netloc.decode("ascii")}
            async with self._client.stream("GET", pinned, headers=hop_headers, extensions=extensions, auth=auth) as response:
                location = response.headers.get("location") or response.headers.get(_HELD_LOCATION)
                if response.status_code in _REDIRECTS and location:
                    try:
                        current = current.join(location)
                    except (httpx.InvalidURL, UnicodeError, ValueError) as exc:
                        raise FetchError(f"redirect to an invalid URL: {type(exc).__name__}", refused=True) from None
                    headers = {}  # validators belong to the first URL
                    continue
                if response.status_code == 304:
                    return Response(public_url(str(current)), 304, "", None, b"")
                if response.status_code >= 400:
                    raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}".rstrip())
                content_type = response.headers.get("content-type", "")
                media = content_type.split(";")[0].strip().lower()
                if media and media not in ACCEPTED_TYPES:
                    raise FetchError(f"refused: content type {media} (only HTML, XML and text)", refused=True)
                body = await self._read_capped(response)
                return Response(
                    public_url(str(current)),
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


def page_article(response: Response, url: str, entry: FeedEntry | None) -> tuple[Article, str] | str:
    """The article of a fetched page and its Markdown, or why there is none (runs in the worker).

    ``url`` is the public form of the URL asked for; a feed entry fills what the page lacks.
    """
    article_id = article_file_name(url)[:-3]
    try:
        if response.content_type == "text/plain":
            article = parse_scraped_text(decode_page(response.body, response.charset), article_id, url)
        else:
            article = parse_html(response.body, article_id, url, url=url, http_charset=response.charset)
    except FormatError as exc:
        return f"not an article: {exc.reason}"
    except (ValueError, LookupError) as exc:  # decode_page on a binary body, a codec it refuses
        return f"not an article: {exc}"
    article.url = public_url(article.url) if article.url else url
    if entry is not None:  # the page's own metadata first, the feed's where the page has none
        article.title = article.title or entry.title
        article.date = article.date or entry.date
        article.author = article.author or entry.author
    text = article_markdown(article, url)
    try:
        parse_markdown(text, article_file_name(url))  # what is saved must read back as an article
    except FormatError as exc:
        return f"not saved: {exc.reason}"
    return article, text


def feed_entries(body: bytes, base_url: str) -> list[FeedEntry] | str:
    """A feed's entries (GUIDs without userinfo: they are remembered), or why it cannot be read
    (runs in the worker)."""
    try:
        entries = parse_feed(body, base_url)
    except FeedError as exc:
        return str(exc)
    return [dataclasses.replace(e, guid=public_url(e.guid)) if "@" in e.guid else e for e in entries]


def _failure(url: str, exc: Exception) -> Outcome:
    """Any exception while fetching one URL, as that URL's outcome (logged with its traceback)."""
    if isinstance(exc, FetchError):
        return Outcome(url, "refused" if exc.refused else "failed", exc.reason)
    log.info("fetching %s failed", url, exc_info=True)  # the bot's log keeps the traceback; the CLI shows the line
    reason = public_url(str(exc))
    return Outcome(url, "failed", f"{type(exc).__name__}: {reason}" if reason else type(exc).__name__)


class FetchRun:
    """Fetch URLs into one folder, remembering what was seen in the folder's state file."""

    def __init__(self, into: Path, options: FetchOptions, fetcher: Fetcher | None = None, worker: PageWorker | None = None) -> None:
        self.into = into
        self.options = options
        self.fetcher = fetcher or Fetcher(options)
        self.worker = worker or shared_worker
        self.state = FetchState.load(into)

    def _save_article(self, article: Article, text: str, url: str, keys: Sequence[str]) -> Outcome:
        name = article_file_name(url)
        path = self.into / name
        existed = path.exists()
        if existed and path.read_text(encoding="utf-8", errors="replace") == text:
            status = "unchanged"
        else:
            write_atomic(path, text.encode("utf-8"))
            status = "updated" if existed else "new"
        for key in keys:
            self.state.seen[key] = name
        detail = article.title or article.paragraphs[0][:30]
        return Outcome(url, status, f"{name}  {detail}", str(path), article if status != "unchanged" else None)

    async def page(self, url: str, entry: FeedEntry | None = None) -> Outcome:
        """Fetch one page (conditionally, when its file is still there) and save its article;
        never raises: whatever goes wrong is this URL's failed outcome."""
        shown = public_url(url)
        try:
            response = await self.fetcher.get(url, self._validators(shown))
            if response.status == 304:
                return Outcome(shown, "unchanged", "not modified (304)")
            if looks_like_feed(response.body, response.content_type):
                return Outcome(shown, "failed", "a feed where a page was expected")
            return await self._save_response(shown, response, entry)
        except Exception as exc:
            return _failure(shown, exc)

    async def source(self, url: str) -> list[Outcome]:
        """A page URL or a feed URL: one outcome for the URL, plus one per entry page fetched;
        never raises."""
        shown = public_url(url)
        try:
            return await self._source(url, shown)
        except Exception as exc:
            return [_failure(shown, exc)]

    async def _source(self, url: str, shown: str) -> list[Outcome]:
        response = await self.fetcher.get(url, self._validators(shown))
        if response.status == 304:
            return [Outcome(shown, "unchanged", "not modified (304)")]
        if not looks_like_feed(response.body, response.content_type):
            return [await self._save_response(shown, response, None)]
        entries = await self._in_worker(feed_entries, response.body, response.url)
        if isinstance(entries, str):
            return [Outcome(shown, "failed", entries)]
        looked_at = entries[: self.options.max_entries]
        fresh = [e for e in looked_at if not self._seen(e)]
        outcomes = [await self.page(entry.link, entry) for entry in fresh]
        failed = sum(o.status in ("failed", "refused") for o in outcomes)
        if not failed:  # with a failed entry, the feed is read again in full next run
            self._remember(shown, response, {"feed": "1"})
        new = sum(o.status == "new" for o in outcomes)
        over_cap = len(entries) - len(looked_at)
        summary = f"feed: {len(entries)} entries, {new} new, {len(looked_at) - len(fresh)} seen before, {failed} failed"
        summary += f", {over_cap} skipped (over the cap of {self.options.max_entries})" if over_cap else ""
        return [Outcome(shown, "feed", summary), *outcomes]

    async def _in_worker(self, function: Callable[..., T], *args: object) -> T:
        """``function(*args)`` in the worker process under the parse deadline."""
        try:
            return await self.worker.run(function, *args, deadline=self.options.parse_timeout)
        except ParseTimeout as exc:
            raise FetchError(f"parsing {exc}, abandoned") from None

    async def _save_response(self, url: str, response: Response, entry: FeedEntry | None) -> Outcome:
        prepared = await self._in_worker(page_article, response, url, entry)
        if isinstance(prepared, str):
            return Outcome(url, "failed", prepared)
        article, text = prepared
        try:
            outcome = self._save_article(article, text, url, [url, response.url, *([entry.guid] if entry else [])])
        except OSError as exc:
            return Outcome(url, "failed", f"cannot write {self.into}: {exc.strerror or exc}")
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
    await asyncio.to_thread(into.mkdir, parents=True, exist_ok=True)
    run = FetchRun(into, options)
    outcomes: list[Outcome] = []
    try:
        for url in urls:
            outcomes.extend(await run.source(url))
    finally:
        await run.fetcher.aclose()
    return outcomes
