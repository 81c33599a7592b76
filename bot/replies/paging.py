"""Pressing a paging or choice button: the page it asks for, from the ranking it was made for.

A page after the first continues a ranking. Its button records the corpus generation it was made
for; when the corpus has changed since (a reload, a restart on changed files), the next page
would come from another ranking, so the reply says the corpus changed and offers to ask again.
"""

from __future__ import annotations

from ..formatting import escape, shorten
from ..service import IndexService
from .answers import answer_reply, compare_reply
from .base import (
    ANSWERS,
    ASK_AGAIN,
    COMPARE,
    PERSON,
    SEARCH,
    WHO,
    Button,
    PagedQueries,
    Reply,
    callback_data,
    parse_callback,
)
from .search import search_reply
from .who import who_reply

RANKED = (ANSWERS, WHO, SEARCH)
"""Kinds whose pages continue one ranking."""

CORPUS_CHANGED_HTML = (
    "语料库已经更新，原来的排序已经变了，无法接着显示下一页。\n"
    "点「重新提问」，按现在的语料库从第一页看起：<i>{query}</i>"
)


def page_reply(service: IndexService, paging: PagedQueries, data: str | None, per_page: int) -> Reply | None:
    """The page a button asks for; None when the button is unknown or has expired."""
    parsed = parse_callback(data)
    if parsed is None:
        return None
    kind, token, page = parsed
    stored = paging.get(token)
    if stored is None or stored.kind != kind:
        return None
    query: str | None = stored.query
    if kind == ASK_AGAIN:
        kind, _, query = stored.query.partition("\t")
        return show(service, paging, kind, query, 0, None, per_page)
    if kind in RANKED and stored.generation != service.generation:
        if page > 0:
            return corpus_changed_reply(paging, kind, stored.query)
        token = None  # the first page again: a new question on the corpus as it is now
    return show(service, paging, kind, query, page, token, per_page)


def show(
    service: IndexService, paging: PagedQueries, kind: str, query: str, page: int, token: str | None, per_page: int
) -> Reply | None:
    """Page ``page`` of the reply of ``kind`` to ``query`` (``token`` reused for its pager)."""
    if kind == ANSWERS:
        person, tab, question = query.partition("\t")
        if not tab:
            person, question = "", query
        return answer_reply(service, paging, question, per_page, page, token, person or None)
    if kind == PERSON:  # 你指的是哪一位: the question again, about the chosen person
        person, _, question = query.partition("\t")
        return answer_reply(service, paging, question, per_page, 0, None, person)
    if kind == WHO:
        return who_reply(service, paging, query, page, token, per_page)
    if kind == SEARCH:
        return search_reply(service, paging, query, page, token)
    if kind == COMPARE:
        return compare_reply(service, paging, query)
    return None


def corpus_changed_reply(paging: PagedQueries, kind: str, query: str) -> Reply:
    """The corpus changed since the first page: say so, with a button that asks again."""
    again = paging.put(ASK_AGAIN, f"{kind}\t{query}")
    shown = query.partition("\t")[2] if kind == ANSWERS and "\t" in query else query
    html = CORPUS_CHANGED_HTML.format(query=escape(shorten(shown, 200)))
    return Reply(html, [[Button("🔄 重新提问", callback_data(ASK_AGAIN, again, 0))]])
