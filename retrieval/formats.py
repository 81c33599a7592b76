"""Parsers for the accepted article formats: pure functions from decoded text to articles.

* scraped plain text (``.txt``), the form of the seed article;
* Markdown with YAML front matter (``.md``);
* JSON Lines in the shared corpus schema (``.jsonl``), one article per line.

A parser raises :class:`FormatError` for input it cannot use; the caller reports and skips it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import yaml

from .models import Article
from .normalize import clean_line, fold_width


class FormatError(ValueError):
    """The text is not a usable article; ``line`` is 1-based where known."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


# --- scraped plain text -------------------------------------------------------------------

_SECTION = re.compile(r"栏目\s*[:：]\s*(\S+)")
_DATE = re.compile(r"(?:时间|日期|发布时间|发布日期)\s*[:：]\s*(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})")
_SOURCE = re.compile(r"来源\s*[:：]\s*(\S+)")
_AUTHOR = re.compile(r"^(?:本文作者|作者|记者|文)\s*[:：]\s*(.+)$")
_URL = re.compile(r"^(?:链接|原文链接|URL|url|网址)\s*[:：]\s*(\S+)$")
_META_LINE = re.compile(r"^(?:栏目|时间|日期|来源|发布时间)\s*[:：]")
_NAV_END = re.compile(r"^(?:上一篇|下一篇|上一条|下一条|相关阅读|相关新闻|推荐阅读)\s*[:：]?")
_CHROME = re.compile(
    r"^(?:手机版|电脑版|返回顶部|返回首页|打印本页|关闭窗口|分享到.*|【?打印】?|【?关闭】?|"
    r"最近更新.*|责任编辑\s*[:：].*|编辑\s*[:：].*|扫一扫.*|点击.*二维码.*)$"
)


def _iso_date(year: str, month: str, day: str) -> str:
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


def parse_scraped_text(text: str, article_id: str, origin: str = "") -> Article:
    """A scraped article: title line, 栏目/时间 line, body lines, 本文作者, site navigation."""
    lines = [clean_line(line) for line in text.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        raise FormatError("empty file: no text")
    title = lines[0]
    section = date = source = author = url = None
    paragraphs: list[str] = []
    for line in lines[1:]:
        folded = fold_width(line)
        if _NAV_END.match(folded):
            break  # everything after 上一篇/下一篇 is site navigation
        if _META_LINE.match(folded):
            if m := _SECTION.search(folded):
                section = m.group(1)
            if m := _DATE.search(folded):
                date = _iso_date(*m.groups())
            if m := _SOURCE.search(folded):
                source = m.group(1)
            continue
        if m := _URL.match(folded):
            url = m.group(1)
            continue
        if m := _AUTHOR.match(folded):
            author = m.group(1).strip()
            continue
        if _CHROME.match(folded):
            continue
        paragraphs.append(line)
    if not paragraphs:
        raise FormatError("no body paragraphs after the title")
    return Article(
        id=article_id,
        title=title,
        paragraphs=paragraphs,
        url=url,
        date=date,
        source=source,
        author=author,
        section=section,
        origin=origin,
    )


# --- Markdown with front matter -----------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")


def _optional_str(meta: dict[str, object], key: str) -> str | None:
    value = meta.get(key)
    if value is None or value == "":
        return None
    return str(value).strip()


def parse_markdown(text: str, article_id: str, origin: str = "") -> Article:
    """Markdown: optional YAML front matter (title, url, date, author, source, id), blank-line paragraphs."""
    meta: dict[str, object] = {}
    body = text
    if m := _FRONT_MATTER.match(text):
        try:
            loaded = yaml.safe_load(m.group(1))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 2 if mark is not None else None
            raise FormatError(f"front matter is not valid YAML: {getattr(exc, 'problem', exc)}", line) from None
        if loaded is not None and not isinstance(loaded, dict):
            raise FormatError("front matter must be a mapping of fields", 2)
        meta = loaded or {}
        body = text[m.end():]
    title = _optional_str(meta, "title")
    paragraphs: list[str] = []
    block: list[str] = []
    for raw in body.splitlines() + [""]:
        line = clean_line(raw)
        if not line:
            if block:
                paragraphs.append("".join(block))
                block = []
            continue
        if heading := _HEADING.match(line):
            if block:
                paragraphs.append("".join(block))
                block = []
            if title is None:
                title = heading.group(1)
            else:
                paragraphs.append(heading.group(1))
            continue
        block.append(line)
    if not paragraphs:
        raise FormatError("no body paragraphs")
    date = meta.get("date")
    return Article(
        id=_optional_str(meta, "id") or article_id,
        title=title,
        paragraphs=paragraphs,
        url=_optional_str(meta, "url"),
        date=str(date) if date is not None else None,
        source=_optional_str(meta, "source"),
        author=_optional_str(meta, "author"),
        origin=origin,
    )


# --- JSON Lines ---------------------------------------------------------------------------


def _article_from_record(record: object, fallback_id: str, origin: str) -> Article:
    if not isinstance(record, dict):
        raise FormatError("expected a JSON object")
    paragraphs = record.get("paragraphs")
    if not isinstance(paragraphs, list) or not all(isinstance(p, str) for p in paragraphs):
        raise FormatError("'paragraphs' must be a list of strings")
    paragraphs = [clean_line(p) for p in paragraphs]
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        raise FormatError("no non-empty paragraphs")
    for key in ("id", "title", "url", "date", "source"):
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            raise FormatError(f"'{key}' must be a string or null")
    return Article(
        id=record.get("id") or fallback_id,
        title=record.get("title") or None,
        paragraphs=paragraphs,
        url=record.get("url") or None,
        date=record.get("date") or None,
        source=record.get("source") or None,
        author=record.get("author") if isinstance(record.get("author"), str) else None,
        origin=origin,
    )


def parse_jsonl(text: str, path_id: str, origin: str) -> Iterator[Article | FormatError]:
    """Yield one article per non-blank line, or a FormatError carrying the line number."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield FormatError(f"invalid JSON: {exc.msg} (column {exc.colno})", number)
            continue
        try:
            yield _article_from_record(record, f"{path_id}#{number}", f"{origin}:{number}")
        except FormatError as exc:
            yield FormatError(exc.reason, number)
