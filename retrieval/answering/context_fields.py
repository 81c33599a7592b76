"""A candidate paragraph's context as fields of their own (BM25F-style): the paragraph before it,
the article's lead and its title, each with its own weight, beside the paragraph itself.

「X到Y会见Z时说了什么」 is often answered by 「他表示，…」 in an article whose lead, title or
previous paragraph names Y and Z. Each topic word counts once, by the best field holding it (the
paragraph itself counts 1), so the occasion, place and counterpart count without diluting the
quote: a paragraph that holds a word itself gains nothing from its context holding it too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from ..tokenize import prepare_all
from .cache import query_cache

if TYPE_CHECKING:
    from ..index.news_index import NewsIndex

CONTEXT_WEIGHT = 1.5
"""What the context adds at most, relative to the other parts of a candidate's score."""
PREVIOUS_FIELD = 0.7
"""A word in the paragraph before counts this much of a word in the paragraph (他强调，… after
the paragraph naming the occasion)."""
LEAD_FIELD = 0.5
"""A word in the article's first paragraph (where a news report names the occasion once)."""
TITLE_FIELD = 0.5
"""A word in the article's title (what the whole article is about)."""

Membership = Callable[[str, np.ndarray], np.ndarray]
"""membership(token, chunks): for each chunk id, whether it holds ``token``."""

def prepared_titles(index: NewsIndex) -> list[str]:
    """Every article's title as question tokens see it (prepared once per index, in one call)."""
    cache = query_cache(index.speakers)
    if cache.titles is None or len(cache.titles) != len(index.articles):
        cache.titles = prepare_all([(a.title or "").replace("\n", " ") for a in index.articles])
    return cache.titles


def context_gain(index: NewsIndex, chunks: np.ndarray, weights: dict[str, float], membership: Membership) -> np.ndarray:
    """For each chunk, the idf share of the topic (``weights``) its context adds to what the chunk
    itself holds: each word absent from the chunk counts by the best field that holds it. Titles
    are matched as text, so only words the index holds as words count there: one it never saw
    is cut otherwise in paragraphs, and would count in the title while missing from them."""
    gain = np.zeros(len(chunks))
    total = sum(weights.values())
    if total <= 0 or not len(chunks):
        return gain
    articles = index.chunk_article[chunks]
    previous = np.maximum(chunks - 1, 0)
    has_previous = (chunks > 0) & (index.chunk_article[previous] == articles)
    lead = np.searchsorted(index.chunk_article, articles, side="left")  # each article's first chunk
    titles = prepared_titles(index)
    in_pool, owner = np.unique(articles, return_inverse=True)  # each title tested once per word
    pool_titles = [titles[a] for a in in_pool.tolist()]
    for token, weight in weights.items():
        in_chunk = membership(token, chunks)
        if in_chunk.all():
            continue
        field = PREVIOUS_FIELD * (membership(token, previous) & has_previous)
        field = np.maximum(field, LEAD_FIELD * membership(token, lead))
        if TITLE_FIELD and index.bm25.document_frequency(token):  # else text cuts it otherwise (两国 -> 两|国)
            in_title = np.fromiter((token in title for title in pool_titles), dtype=bool, count=len(pool_titles))
            field = np.maximum(field, TITLE_FIELD * in_title[owner])
        gain += weight * np.where(in_chunk, 0.0, field)
    return CONTEXT_WEIGHT * gain / total
