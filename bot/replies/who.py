"""/who 名字 [话题] [时间]: the speaker's quotes as found by retrieval.answering.who, grouped by article, paged."""

from __future__ import annotations

from retrieval.answering.people import Person
from retrieval.answering.who import WhoAnswer, who

from ..formatting import escape, limit_html, shorten, source_line
from ..service import IndexService
from .answers import answer_reply
from .base import WHO, PagedQueries, Reply, pager

WHO_PER_PAGE = 5
OTHERS_SHOWN = 3
"""At most this many other bearers of the name are named in the header."""
WHO_USAGE_HTML = (
    "用法：<code>/who 名字 [话题] [时间]</code>，"
    "例如 <code>/who 彭文生</code>、<code>/who 彭文生 一带一路 2023年</code>"
)


def who_reply(
    service: IndexService, paging: PagedQueries, text: str, page: int = 0, token: str | None = None, per_page: int = 3
) -> Reply:
    """/who 名字 [话题] [时间]: a speaker's quotes, newest first, grouped by article.

    Without a name it is 谁谈到了…: the best answer and the other speakers on the topic.
    """
    found = who(service.index, text, service.today())
    if found.outcome == "empty":
        return Reply(WHO_USAGE_HTML)
    if found.outcome == "topic":
        return answer_reply(service, paging, f"谁谈到了{found.query}", per_page)
    if found.outcome == "unknown":
        return Reply(f"没有找到 <b>{escape(shorten(found.query, 50))}</b> 说过的话。试试全名，或用 /search 搜索。")
    if found.outcome == "none":
        about = f"谈{found.topic}" if found.topic else ""
        when = f"（{found.window.label}）" if found.window is not None else ""
        return Reply(f"没有找到 <b>{escape(shorten(found.name, 50))}</b>{escape(about)}的说法{escape(when)}。")
    pages = (len(found.quotes) + WHO_PER_PAGE - 1) // WHO_PER_PAGE
    page = min(max(page, 0), pages - 1)
    if token is None and pages > 1:
        token = paging.put(WHO, found.query, service.generation)
    return Reply(who_page_html(found, page, pages), pager(WHO, token, page, pages) if token else [])


def who_page_html(found: WhoAnswer, page: int, pages: int) -> str:
    """One page of a /who answer: the speaker, the topic and window, then quotes under their article."""
    shown = found.quotes[page * WHO_PER_PAGE : (page + 1) * WHO_PER_PAGE]
    header = f"<b>{escape(found.name)}</b>"
    if found.role:
        header += f" · {escape(shorten(found.role, 60))}"
    if found.others:
        header += "\n同名的还有：" + "、".join(_bearer_label(p) for p in found.others[:OTHERS_SHOWN])
    if found.topic:
        header += f"\n话题：{escape(found.topic)}"
    if found.window is not None:
        header += f"\n时间：{escape(found.window.label)}"
    header += f"\n共 {len(found.quotes)} 段话，第 {page + 1}/{pages} 页"
    blocks: list[str] = []
    for article_id in dict.fromkeys(a.article["id"] for a in shown):
        said = [a for a in shown if a.article["id"] == article_id]
        quotes = "\n".join(f"<blockquote>{escape(shorten(a.quote, 600))}</blockquote>" for a in said)
        blocks.append(f"{source_line(said[0])}\n{quotes}")
    return limit_html(header + "\n\n" + "\n\n".join(blocks))


def _bearer_label(person: Person) -> str:
    """张伟（青山医院主任医师）: another bearer of the name, told apart by role."""
    role = f"（{escape(shorten(person.role, 30))}）" if person.role else ""
    return escape(shorten(person.name, 30)) + role
