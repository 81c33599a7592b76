"""Parsers for the accepted article formats: pure functions from decoded text to articles.

* scraped plain text (``.txt``), the form of the seed article;
* Markdown with YAML front matter (``.md``);
* JSON Lines in the shared corpus schema (``.jsonl``), one article per line.

A parser raises :class:`FormatError` for input it cannot use; the caller reports and skips it.
A value it cannot use (a date that is not a date, a title that is a list) is dropped and noted
as a :class:`FieldIssue` in the ``notes`` list the caller passes; the article is kept.
"""

from __future__ import annotations

import datetime
import json
import math
import re

from .frontmatter import FrontMatterError, Value, load_front_matter
from .models import Article
from .normalize import clean_line, fold_width


class FormatError(ValueError):
    """The text is not a usable article; ``line`` is 1-based where known."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


class FieldIssue(FormatError):
    """A value that was dropped; the article itself was kept."""


def has_surrogate(text: str) -> bool:
    """Whether ``text`` holds a lone surrogate (possible via JSON or YAML escapes): not valid text."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


# --- dates --------------------------------------------------------------------------------

_TIME_OF_DAY = r"(?:\s*[T ]\s*(?:[01]?\d|2[0-3])[:：][0-5]\d(?:[:：][0-5]\d(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?"
_DATE_FORMS = (
    re.compile(r"(\d{4})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})" + _TIME_OF_DAY),  # 2024-05-01, 2024/5/1, 2024.5.1
    re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?" + _TIME_OF_DAY),  # 2024年5月1日
    re.compile(r"(\d{4})(\d{2})(\d{2})"),  # 20240501
)


def valid_iso_date(year: str | int, month: str | int, day: str | int) -> str | None:
    """YYYY-MM-DD for a day that exists in the calendar, else None (2024-02-30 does not)."""
    try:
        return datetime.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def normalise_date(text: str) -> str | None:
    """A date written in a common form (2024-05-01, 2024/5/1, 2024年5月1日, 20240501, with an
    optional time of day; full-width digits too) as YYYY-MM-DD; None when it is not a real day."""
    if len(text) == 10 and text[4] == text[7] == "-" and text.isascii():  # already YYYY-MM-DD: most data
        try:
            return datetime.date.fromisoformat(text).isoformat()
        except ValueError:
            return None
    folded = fold_width(text).strip()
    for form in _DATE_FORMS:
        if m := form.fullmatch(folded):
            year, month, day = (g for g in m.groups() if g not in ("-", "/", "."))
            return valid_iso_date(year, month, day)
    return None


def _bad_date(value: str, line: int | None) -> FieldIssue:
    shown = value if len(value) <= 40 else value[:39] + "…"
    return FieldIssue(f"date {shown!r} is not a valid date (expected e.g. 2024-05-01); article kept without a date", line)


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


def parse_scraped_text(
    text: str, article_id: str, origin: str = "", notes: list[FormatError] | None = None
) -> Article:
    """A scraped article: title line, 栏目/时间 line, body lines, 本文作者, site navigation.

    A 时间 line with a day that does not exist is noted in ``notes`` and the date left out.
    """
    notes = [] if notes is None else notes
    numbered = [(number, clean_line(line)) for number, line in enumerate(text.splitlines(), start=1)]
    numbered = [(number, line) for number, line in numbered if line]
    if not numbered:
        raise FormatError("empty file: no text")
    title = numbered[0][1]
    section = date = source = author = url = None
    paragraphs: list[str] = []
    for number, line in numbered[1:]:
        folded = fold_width(line)
        if _NAV_END.match(folded):
            break  # everything after 上一篇/下一篇 is site navigation
        if _META_LINE.match(folded):
            if m := _SECTION.search(folded):
                section = m.group(1)
            if m := _DATE.search(folded):
                date = valid_iso_date(*m.groups())
                if date is None:
                    notes.append(_bad_date("-".join(m.groups()), number))
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


def _front_matter_text(meta: dict[str, Value], key: str, line_offset: int, notes: list[FormatError]) -> str | None:
    """A front-matter field as one line of text; None when absent, empty or unusable (noted)."""
    value = meta.get(key)
    if value is None or value.data is None:
        return None
    if not isinstance(value.data, str):
        notes.append(FieldIssue(f"'{key}' must be text, not a {value.kind()}; left out", value.line + line_offset))
        return None
    text = " ".join(clean_line(part) for part in value.data.splitlines() if clean_line(part))
    if has_surrogate(text):
        notes.append(FieldIssue(f"'{key}' is not valid text (lone surrogate); left out", value.line + line_offset))
        return None
    return text or None


def parse_markdown(text: str, article_id: str, origin: str = "", notes: list[FormatError] | None = None) -> Article:
    """Markdown: optional YAML front matter (title, url, date, author, source, id), blank-line paragraphs.

    Front matter is read by :mod:`.frontmatter` (plain data only, with limits); front matter it
    refuses makes the file unusable (FormatError). A field value that cannot be used (a date
    that is not a real day, a title that is a list) is noted in ``notes`` and left out.
    """
    notes = [] if notes is None else notes
    meta: dict[str, Value] = {}
    body = text
    line_offset = 0
    if m := _FRONT_MATTER.match(text):
        line_offset = 1  # front-matter line 1 is line 2 of the file
        try:
            meta = load_front_matter(m.group(1))
        except FrontMatterError as exc:
            raise FormatError(exc.reason, (exc.line or 0) + line_offset or 1) from None
        body = text[m.end():]
    fields = {key: _front_matter_text(meta, key, line_offset, notes) for key in ("id", "title", "url", "date", "source", "author")}
    title = fields["title"]
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
    date = fields["date"] and normalise_date(fields["date"])
    if fields["date"] and date is None:
        notes.append(_bad_date(fields["date"], meta["date"].line + line_offset))
    return Article(
        id=fields["id"] or article_id,
        title=title,
        paragraphs=paragraphs,
        url=fields["url"],
        date=date,
        source=fields["source"],
        author=fields["author"],
        origin=origin,
    )


# --- JSON Lines ---------------------------------------------------------------------------


_JSON_TEXT_FIELDS = ("id", "title", "url", "date", "source", "author")


def _record_text(
    record: dict[str, object], key: str, line: int, notes: list[FormatError], check_surrogates: bool = True
) -> str | None:
    """A JSON field as text: strings as they are, numbers written out; anything else noted and left out."""
    value = record.get(key)
    if value is None or isinstance(value, str):
        text = value
    elif isinstance(value, int) and not isinstance(value, bool) or isinstance(value, float) and math.isfinite(value):
        text = str(value)
    else:
        kind = {bool: "true/false", list: "list", dict: "object"}.get(type(value), type(value).__name__)
        notes.append(FieldIssue(f"'{key}' must be a string, not {kind}; left out", line))
        return None
    if text is not None and check_surrogates and has_surrogate(text):
        notes.append(FieldIssue(f"'{key}' is not valid text (lone surrogate); left out", line))
        return None
    return text.strip() or None if text is not None else None


def parse_jsonl_line(
    line: str, number: int, path_id: str, origin: str, notes: list[FormatError], unterminated: bool = False
) -> Article:
    """The article on line ``number`` of a JSON Lines file; raises FormatError (with the line).

    ``unterminated``: the file's last line, with no newline after it; if it is not complete
    JSON the file was most likely cut short, and the report says so.
    """
    try:
        record = json.loads(line)
    except (ValueError, RecursionError) as exc:  # ValueError also for a number of over 4,300 digits
        if unterminated:
            raise FormatError("truncated: the last line has no newline and is not complete JSON", number) from None
        if isinstance(exc, json.JSONDecodeError):
            detail = f"{exc.msg} (column {exc.colno})"
        else:
            detail = "nested too deeply" if isinstance(exc, RecursionError) else str(exc).split(":")[0]
        raise FormatError(f"invalid JSON: {detail}", number) from None
    if not isinstance(record, dict):
        kind = {list: "a list", str: "a string", type(None): "null", bool: "true/false"}.get(type(record), "a number")
        raise FormatError(f"expected a JSON object, got {kind}", number)
    paragraphs = record.get("paragraphs")
    if not isinstance(paragraphs, list) or not all(isinstance(p, str) for p in paragraphs):
        raise FormatError("'paragraphs' must be a list of strings", number)
    escaped_surrogate = "\\u" in line  # only an escape such as \ud800 gives JSON text a lone surrogate
    if escaped_surrogate and any(has_surrogate(p) for p in paragraphs):
        raise FormatError("'paragraphs' is not valid text (lone surrogate)", number)
    kept = [(at, text) for at, text in enumerate(map(clean_line, paragraphs)) if text]
    if not kept:
        raise FormatError("no non-empty paragraphs", number)
    sources = [at for at, _ in kept] if len(kept) < len(paragraphs) else []  # empty ones left out: keep the source's numbering
    fields = {key: _record_text(record, key, number, notes, escaped_surrogate) for key in _JSON_TEXT_FIELDS}
    date = fields["date"] and normalise_date(fields["date"])
    if fields["date"] and date is None:
        notes.append(_bad_date(fields["date"], number))
    return Article(
        id=fields["id"] or f"{path_id}#{number}",
        title=fields["title"],
        paragraphs=[text for _, text in kept],
        url=fields["url"],
        date=date,
        source=fields["source"],
        author=fields["author"],
        origin=f"{origin}:{number}",
        sources=sources,
    )
