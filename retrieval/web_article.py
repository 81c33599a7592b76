"""Web pages as articles: the bytes of a news page -> an :class:`Article`.

The main text is found by trafilatura (made for news pages: it drops navigation, share bars,
related lists and footers, and reads title, date and author from the page's markup). What is
left of the site furniture inside the article's own container — a 来源/发布时间 line, 本文作者,
责任编辑, 上一篇/下一篇 — is removed by the same rules as the scraped-text format, so a page and
its scraped text give the same article.

trafilatura takes about a second to import, so it is imported on first use: a corpus without
web pages never pays for it.
"""

from __future__ import annotations

import codecs
import contextlib
import re
from typing import Any

from .formats import FormatError, parse_scraped_text
from .models import Article
from .normalize import clean_line

_META_OPEN = re.compile(rb"<meta\b", re.IGNORECASE)
_CHARSET_VALUE = re.compile(rb"""charset\s*=\s*(?:["']\s*)?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_MAX_TAG = 1024
"""A <meta> tag longer than this is not looked into for a charset (keeps the scan linear)."""
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "hz-gb-2312"}
_NOT_PAGE_CODECS = {"undefined", "idna", "punycode", "unicode-escape", "raw-unicode-escape", "charmap", "utf-7"}
"""Text codecs that no web page is written in (utf-7 is barred by the HTML standard)."""
_HEAD_BYTES = 8192
_MIN_TEXT_CHARS = 40
"""Less main text than this and the page is not an article (a list page, a navigation shell)."""
_RAW_TEXT = re.compile(r"<(script|style)\b")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_INFO_FIELD = {
    "source": re.compile(r"(?:来源|稿源|出处)\s*[:：]\s*([^\s|｜/，,、　]{2,20})"),
    "author": re.compile(r"(?:作者|记者|撰稿)\s*[:：]\s*([^\s|｜/，,、　]{2,20})"),
}


def _codec(name: str | None) -> str | None:
    """A Python text codec for a declared charset, None when the name is unknown or not a text
    encoding (``hex``, ``rot13``, ``bz2`` … would raise or garble); the GB family maps to its
    superset GB18030."""
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    if name in _GB_FAMILY:
        return "gb18030"
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_PAGE_CODECS:
        return None
    return info.name


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a <meta charset> or http-equiv tag near its start.

    A <meta> cannot declare UTF-16/32 (the HTML standard reads such a page as UTF-8: its
    markup is ASCII, so it is not UTF-16).
    """
    head = data[:_HEAD_BYTES]
    for opener in _META_OPEN.finditer(head):
        end = head.find(b">", opener.end(), opener.end() + _MAX_TAG)
        tag = head[opener.end() : end if end >= 0 else opener.end() + _MAX_TAG]
        if m := _CHARSET_VALUE.search(tag):
            codec = _codec(m.group(1).decode("ascii", "replace"))
            return "utf-8" if codec and codec.startswith(("utf-16", "utf-32")) else codec
    return None


def decode_page(data: bytes, http_charset: str | None = None) -> str:
    """Decode a page: BOM, then the HTTP charset, then <meta charset>, then UTF-8, then GB18030.

    A declared charset that does not fit the bytes is passed over rather than trusted (sites
    often say gb2312 and send UTF-8); if nothing fits, the first candidate decodes with
    replacement characters. Raises ValueError for binary data.
    """
    if b"\x00" in data[:65536] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ValueError("binary file (contains NUL bytes)")
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(codec, "replace")
    declared = [c for c in (_codec(http_charset), declared_charset(data)) if c]
    for codec in dict.fromkeys(declared):
        try:
            return _text_only(data.decode(codec))
        except UnicodeError:
            continue
    try:
        return _text_only(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    fits = {}
    for codec in ("gb18030", "big5"):
        with contextlib.suppress(UnicodeDecodeError):
            fits[codec] = data.decode(codec)
    if len(fits) == 2:
        return _text_only(fits[_chinese_codec(data)])
    if fits:
        return _text_only(next(iter(fits.values())))
    return _text_only(data.decode(declared[0] if declared else "utf-8", "replace"))


def _chinese_codec(data: bytes) -> str:
    """GB18030 or Big5 for undeclared bytes that decode in both.

    GB18030 maps nearly every byte pair to some character, so Big5 text also "decodes" as
    GB18030, into rare characters (mojibake). charset-normalizer (already installed with
    trafilatura) judges which decoding reads as language; on a tie GB18030 stays, as the corpus
    is mainland news.
    """
    import charset_normalizer

    best = charset_normalizer.from_bytes(data, cp_isolation=["gb18030", "big5"]).best()
    return "big5" if best is not None and best.encoding == "big5" else "gb18030"


def _text_only(text: str) -> str:
    """Refuse decoded data with many control characters: a binary file, not a page."""
    head = text[:65536]
    if sum(1 for ch in head if ord(ch) < 32 and ch not in "\r\n\t\f") > max(8, len(head) // 100):
        raise ValueError("binary file (control characters)")
    return text


_INLINE_TAGS = {"a", "span", "strong", "b", "em", "i", "font", "u", "img", "sup", "sub", "small", "big"}
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")


def _segment_text(segment: list[object]) -> str:
    return "".join(item if isinstance(item, str) else item.text_content() for item in segment)  # type: ignore[attr-defined]


def split_line_breaks(root: Any) -> Any:
    """Turn text blocks whose lines are separated by <br> into one <p> per line, in place.

    Older site templates write the whole body as ``&nbsp;&nbsp;line<br>`` runs inside one
    container; extractors then see one block and tend to drop its first line. Only blocks that
    hold nothing but text, inline elements and <br> are rewritten.
    """
    import lxml.html

    for parent in list(root.iter("div", "td", "p", "section", "article")):
        children = [child for child in parent if isinstance(child.tag, str)]
        if not any(child.tag == "br" for child in children):
            continue
        if any(child.tag != "br" and child.tag not in _INLINE_TAGS for child in children):
            continue
        segments: list[list[object]] = [[parent.text or ""]]
        for child in list(parent):
            tail, child.tail = child.tail or "", None
            parent.remove(child)
            if child.tag == "br":
                segments.append([tail])
            elif isinstance(child.tag, str):
                segments[-1].extend([child, tail])
        parent.text = None
        if parent.tag == "p":
            parent.tag = "div"  # a <p> may not hold paragraphs
        for segment in segments:
            if not _segment_text(segment).strip():
                continue
            paragraph = lxml.html.Element("p")
            last = None
            for item in segment:
                if not isinstance(item, str):
                    paragraph.append(item)
                    last = item
                elif last is None:
                    paragraph.text = (paragraph.text or "") + item
                else:
                    last.tail = (last.tail or "") + item
            parent.append(paragraph)
    return root


def _extract(page: str, url: str | None) -> tuple[str | None, str | None, str | None, str | None, list[str]]:
    """(title, date, author, site name, text lines) of the page's main content."""
    import lxml.etree
    import lxml.html
    import trafilatura  # heavy import: only when a page is read
    from trafilatura.settings import use_config

    try:
        tree = split_line_breaks(lxml.html.fromstring(_XML_DECLARATION.sub("", page, count=1)))
    except (lxml.etree.ParserError, ValueError):
        return None, None, None, None, []

    config = use_config()
    # the default threshold (250 characters) is tuned for alphabetic text; below it trafilatura
    # falls back to the whole page. A short Chinese news item of four sentences is ~130 characters.
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", str(_MIN_TEXT_CHARS))
    document = trafilatura.bare_extraction(
        tree,
        url=url,
        config=config,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        deduplicate=False,
    )
    if document is None:
        return None, None, None, None, []
    lines = [line for line in (document.text or "").split("\n") if line.strip()]
    return document.title, document.date, document.author, document.sitename, lines


def strip_markup(page: str) -> str:
    """The page's text with tags, comments, scripts and styles replaced by spaces, in linear time.

    A scan with ``str.find`` that only moves forward (a regex such as
    ``<script.*?</script>|<[^>]*>`` rescans to the end from every unclosed opener: quadratic).
    As in a browser, an unclosed tag, comment, script or style runs to the end of the page.
    """
    folded = page.translate(_ASCII_LOWER)  # same length as the page, so positions carry over
    parts: list[str] = []
    position = 0
    while (start := folded.find("<", position)) >= 0:
        parts.append(page[position:start])
        if folded.startswith("<!--", start):
            end = folded.find("-->", start + 4)
            position = end + 3
        elif raw := _RAW_TEXT.match(folded, start):
            closer = folded.find(f"</{raw.group(1)}", raw.end())
            end = folded.find(">", closer) if closer >= 0 else -1
            position = end + 1
        else:
            end = folded.find(">", start)
            position = end + 1
        if end < 0:
            return "".join(parts)
        parts.append(" ")
    parts.append(page[position:])
    return "".join(parts)


def info_fields(page: str) -> dict[str, str]:
    """来源 and 作者 as a site's info bar under the headline states them (first occurrence)."""
    text = strip_markup(page).replace("&nbsp;", " ")
    return {key: m.group(1) for key, pattern in _INFO_FIELD.items() if (m := pattern.search(text))}


def parse_html(
    data: bytes | str,
    article_id: str,
    origin: str = "",
    *,
    url: str | None = None,
    http_charset: str | None = None,
) -> Article:
    """A news page as an article: metadata and the body paragraphs without site chrome.

    Raises :class:`FormatError` when the page has no readable main text.
    """
    try:
        page = data if isinstance(data, str) else decode_page(data, http_charset)
    except ValueError as exc:
        raise FormatError(str(exc)) from None
    if "<" not in page:
        raise FormatError("not an HTML page: no markup")
    try:
        title, date, author, site, lines = _extract(page, url)
    except (ValueError, RecursionError, MemoryError) as exc:  # lxml/trafilatura on pathological markup
        raise FormatError(f"page could not be read: {type(exc).__name__}") from None
    title = clean_line(title) if title else None
    if title:
        lines = [line for line in lines if clean_line(line) != title]
    if sum(len(line.strip()) for line in lines) < _MIN_TEXT_CHARS:
        raise FormatError("no article text found in the page")
    try:
        # the scraped-text rules strip what chrome sits inside the article container
        article = parse_scraped_text("\n".join([title or lines[0], *lines]), article_id, origin)
    except FormatError:
        raise FormatError("no article text found in the page (only site furniture)") from None
    if not title:  # the first text line stood in for the title: it is body text
        article.title = None
        article.paragraphs.insert(0, clean_line(lines[0]))
    article.url = article.url or url
    article.date = article.date or date
    info = info_fields(page) if not (article.author and article.source) else {}
    article.author = article.author or (clean_line(author) if author else None) or info.get("author")
    article.source = article.source or info.get("source") or (clean_line(site) if site else None)
    return article


def read_page(data: bytes, article_id: str, file: str) -> tuple[list[Article], list[FormatError]]:
    """A corpus page file: its article, or the reason it cannot be used (never an exception)."""
    try:
        article = parse_html(data, article_id, file)
    except FormatError as exc:
        return [], [exc]
    article.file = file
    return [article], []
