"""Answers -> Telegram HTML within Telegram's limits, and HTML -> plain text for the terminal.

Every piece of corpus text and every user string goes through ``escape``. A message never
exceeds 4096 characters after entity parsing: paragraphs, then quotes, are shortened until the
visible text fits.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from retrieval import Answer

MESSAGE_LIMIT = 4096
"""Telegram's limit for message text, counted after entity parsing."""
CAPTION_ELLIPSIS = "…"

_TAG = re.compile(r"<[^>]+>")


def escape(text: str) -> str:
    """Escape <, > and & (and quotes, for attributes) for Telegram's HTML parse mode.

    A lone surrogate (what an undecodable byte in a file name becomes) is written as its
    ``\\udcff`` escape: it cannot be encoded, and the name stays recognisable.
    """
    return html.escape(text.encode("utf-8", "backslashreplace").decode("utf-8"), quote=True)


def visible_length(message_html: str) -> int:
    """Length Telegram counts for a message: tags removed, entities decoded, UTF-16 units."""
    text = html.unescape(_TAG.sub("", message_html))
    return len(text.encode("utf-16-le")) // 2


def shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, with an ellipsis when cut."""
    if limit <= 0:
        return ""
    if len(text) <= limit:
        return text
    return text[: max(0, limit - 1)].rstrip() + CAPTION_ELLIPSIS


def speaker_line(answer: Answer) -> str:
    if not answer.speaker:
        return "<b>相关段落</b>"
    line = f"<b>{escape(answer.speaker)}</b>"
    if answer.alias:
        line += f" ({escape(answer.alias)})"
    if answer.role:
        line += f" · {escape(answer.role)}"
    return line


def source_line(answer: Answer) -> str:
    article = answer.article
    title = escape(article.get("title") or article.get("id") or "")
    url = article.get("url")
    if url and url.startswith(("http://", "https://")):
        title = f'<a href="{escape(url)}">{title}</a>'
    parts = [title] + [escape(str(x)) for x in (article.get("date"), article.get("source")) if x]
    return " · ".join(p for p in parts if p)


def answer_html(answer: Answer, quote_limit: int = 1000, paragraph_limit: int = 1500) -> str:
    """One answer: speaker and role, the quote, the paragraph (expandable) where it adds context, the source."""
    lines = [speaker_line(answer), f"<blockquote>{escape(shorten(answer.quote, quote_limit))}</blockquote>"]
    if paragraph_limit > 0 and len(answer.paragraph) > len(answer.quote) + 20:
        lines.append(f"<blockquote expandable>{escape(shorten(answer.paragraph, paragraph_limit))}</blockquote>")
    lines.append(source_line(answer))
    return "\n".join(lines)


_BUDGETS = [(1000, 1500), (800, 800), (600, 400), (500, 0), (300, 0), (150, 0), (60, 0)]


def answers_html(header: str, answers: Sequence[Answer], footer: str = "", limit: int = MESSAGE_LIMIT) -> str:
    """A message with several answers, shortened step by step until it fits ``limit``."""
    message = header
    for quote_limit, paragraph_limit in _BUDGETS:
        body = "\n\n".join(answer_html(a, quote_limit, paragraph_limit) for a in answers)
        message = "\n\n".join(part for part in (header, body, footer) if part)
        if visible_length(message) <= limit:
            return message
    return fit_text(message, limit)


def limit_html(message_html: str, limit: int = MESSAGE_LIMIT) -> str:
    """The message as it is when it fits Telegram's limit, else cut by whole lines."""
    return message_html if visible_length(message_html) <= limit else fit_text(message_html, limit)


def fit_text(message_html: str, limit: int = MESSAGE_LIMIT) -> str:
    """Last resort: keep whole lines while they fit and every tag they open is closed."""
    lines = message_html.split("\n")
    kept: list[str] = []
    for line in lines:
        if visible_length("\n".join(kept + [line, CAPTION_ELLIPSIS])) > limit:
            break
        kept.append(line)
    while kept and _unbalanced("\n".join(kept)):
        kept.pop()
    return "\n".join(kept + [CAPTION_ELLIPSIS])


def _unbalanced(message_html: str) -> bool:
    """Does the text open a tag it does not close (a line cut may not split a block)?"""
    opened = len(re.findall(r"<(?!/)[a-z]", message_html))
    closed = len(re.findall(r"</[a-z]", message_html))
    return opened != closed


# --- plain text for the terminal --------------------------------------------------------------

_BLOCKQUOTE = re.compile(r"<blockquote(?: expandable)?>(.*?)</blockquote>", re.S)
_LINK = re.compile(r'<a href="([^"]*)">(.*?)</a>', re.S)


def html_to_plain(message_html: str) -> str:
    """Render Telegram HTML as terminal text: quotes indented, links with their address."""

    def quote(m: re.Match[str]) -> str:
        return "\n".join("  │ " + line for line in m.group(1).split("\n"))

    text = _BLOCKQUOTE.sub(quote, message_html)
    text = _LINK.sub(lambda m: f"{m.group(2)} ({m.group(1)})", text)
    text = _TAG.sub("", text)
    return html.unescape(text)
