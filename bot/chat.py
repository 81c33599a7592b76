"""``newsbot chat``: the bot's conversation in the terminal, without Telegram.

Questions go through the same answer and formatting path as in Telegram (replies.py); the
HTML is rendered as plain text and buttons are numbered: type /1, /2 … to press one.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable

from retrieval.normalize import clean_text

from .formatting import escape, html_to_plain
from .replies import (
    PagedQueries,
    Reply,
    answer_reply,
    compare_reply,
    example_reply,
    help_reply,
    page_reply,
    render_buttons,
    search_reply,
    small_number,
    source_reply,
    start_reply,
    stats_reply,
    timeline_reply,
    who_reply,
)
from .service import IndexService

PROMPT = "问> "


def respond(service: IndexService, paging: PagedQueries, line: str, last: Reply | None, per_page: int) -> Reply | None:
    """The reply to one line typed in the chat (None for a line that asks nothing).

    ``/N`` (ASCII digits only) presses button N of ``last``, the latest reply that had buttons.
    """
    line = clean_text(line).strip()
    if not line:
        return None
    pressed = small_number(line[1:]) if line.startswith("/") else None
    if pressed is not None:
        buttons = [b for row in last.buttons for b in row] if last is not None else []
        if not 1 <= pressed <= len(buttons):
            return Reply("没有这个按钮。")
        data = buttons[pressed - 1].callback or ""
        if data.startswith("ex:"):
            return example_reply(service, paging, data, per_page) or Reply("没有这个按钮。")
        return page_reply(service, paging, data, per_page) or Reply("这个结果已过期，请重新提问。")
    command, _, rest = line.partition(" ")
    if command == "/start":
        return start_reply(service, None)
    if command == "/help":
        return help_reply(None, is_admin=True)
    if command == "/who":
        return who_reply(service, paging, rest, per_page=per_page)
    if command == "/timeline":
        reply = timeline_reply(service, rest)
        if reply.photo is not None:  # a terminal shows no picture: the caption, and how to save the chart
            reply = Reply(reply.html + f"\n（图表：<code>newsbot timeline {escape(rest.strip())} --png 文件名.png</code>）")
        return reply
    if command == "/search":
        return search_reply(service, paging, rest)
    if command == "/compare":
        return compare_reply(service, paging, rest)
    if command == "/source":
        return source_reply(service, rest)
    if command == "/stats":
        return stats_reply(service)
    if command == "/ask":
        return answer_reply(service, paging, rest, per_page)
    return answer_reply(service, paging, line, per_page)


def render(reply: Reply) -> str:
    text = html_to_plain(reply.html)
    if reply.buttons:
        text += "\n" + render_buttons(reply.buttons) + "   (输入 /1、/2 … 按下按钮)"
    return text


def run_chat(
    service: IndexService,
    per_page: int,
    lines: Iterable[str] | None = None,
    write: Callable[[str], object] = print,
) -> None:
    """Read questions until EOF, 'exit' or 'quit', and print the replies."""
    paging = PagedQueries()
    interactive = lines is None and sys.stdin.isatty()
    last: Reply | None = start_reply(service, None)  # its buttons are pressed with /1, /2 …
    write(render(last) + "\n")
    source = lines if lines is not None else _stdin_lines(interactive)
    for line in source:
        if line.strip().lower() in {"exit", "quit", "/exit", "/quit"}:
            break
        reply = respond(service, paging, line, last, per_page)
        if reply is None:
            continue
        if reply.buttons:
            last = reply
        write(render(reply) + "\n")


def _stdin_lines(interactive: bool) -> Iterable[str]:
    while True:
        try:
            yield input(PROMPT) if interactive else next(sys.stdin)
        except (EOFError, StopIteration, KeyboardInterrupt):
            return
