"""/search 关键词: plain paragraph search (BM25 only, no speaker logic), paged."""

from __future__ import annotations

from retrieval import Answer, answering
from retrieval.answering.ranking import best_sentences
from retrieval.normalize import clean_text

from ..formatting import answers_html, escape, shorten
from ..service import IndexService
from .base import SEARCH, PagedQueries, Reply, pager

SEARCH_PER_PAGE = 5


def search_reply(
    service: IndexService, paging: PagedQueries, text: str, page: int = 0, token: str | None = None
) -> Reply:
    """Plain paragraph search: BM25 only, no speaker logic."""
    text = clean_text(text).strip()
    if not text:
        return Reply("用法：<code>/search 关键词</code>，例如 <code>/search 绿色转型</code>")
    index = service.index
    hits = answering.search(index, text, 50)
    if not hits:
        return Reply(f"没有找到包含 <b>{escape(shorten(text, 50))}</b> 的段落。")
    pages = (len(hits) + SEARCH_PER_PAGE - 1) // SEARCH_PER_PAGE
    page = min(max(page, 0), pages - 1)
    tokens = index.tokenizer.tokenize_question(text)
    answers = []
    for chunk, score in hits[page * SEARCH_PER_PAGE : (page + 1) * SEARCH_PER_PAGE]:
        a, p, _, _ = index.chunks[chunk].tolist()
        article = index.articles[a]
        snippet = best_sentences(index.chunk_text(chunk), tokens)
        answers.append(Answer(None, None, snippet, article.paragraphs[p], article.meta(), round(score, 3)))
    header = f"搜索：<i>{escape(shorten(text, 100))}</i>（共 {len(hits)} 段，第 {page + 1}/{pages} 页）"
    if token is None and pages > 1:
        token = paging.put(SEARCH, text, service.generation)
    return Reply(answers_html(header, answers), pager(SEARCH, token, page, pages) if token else [])
