"""Inline mode (@bot 问题): up to 50 results a page, paged with next_offset."""

from __future__ import annotations

from retrieval.normalize import clean_text

from ..formatting import answers_html, escape, shorten
from ..service import IndexService
from .answers import framing_html, not_found_html
from .base import InlineResult, small_number

INLINE_PAGE = 50
"""Inline results per page: Telegram's maximum."""
INLINE_MAX = 200


def inline_results(service: IndexService, query: str, offset: str) -> tuple[list[InlineResult], str]:
    """One page (≤ 50) of inline results and the next offset ('' when there are no more)."""
    start = small_number(offset) or 0
    query = clean_text(query).strip()
    if start >= INLINE_MAX or not query:
        return [], ""
    result = service.ask(query, min(start + INLINE_PAGE, INLINE_MAX), count=start == 0)
    answers = result.answers
    page = answers[start : start + INLINE_PAGE]
    results = []
    header = f"问：<i>{escape(shorten(query, 200))}</i>{framing_html(result)}"
    if result.not_found is not None and start == 0:
        html = f"{header}\n\n{not_found_html(result)}"
        return [
            InlineResult("nf", shorten(result.not_found, 120), shorten(" ".join(result.spoken_topics), 120), html)
        ], ""
    for i, answer in enumerate(page, start=start):
        title = answer.article.get("title") or answer.article.get("id") or ""
        who = answer.speaker or "相关段落"
        results.append(
            InlineResult(
                id=str(i),
                title=shorten(f"{who} · {title}", 120),
                description=shorten(answer.quote, 120),
                html=answers_html(header, [answer]),
            )
        )
    more = len(answers) == start + INLINE_PAGE and start + INLINE_PAGE < INLINE_MAX
    return results, str(start + INLINE_PAGE) if more else ""
