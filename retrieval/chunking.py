"""Paragraphs -> retrieval chunks: one chunk per paragraph, long ones split at sentence ends."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .models import Article

MAX_CHUNK_CHARS = 400
"""Paragraphs longer than this are split into sentence-aligned pieces of about this size."""

_SENTENCE_ENDS = "。！？!?；;"


def split_paragraph(text: str, max_chars: int = MAX_CHUNK_CHARS) -> list[tuple[int, int]]:
    """(start, end) slices covering ``text``; each ends at a sentence end where one exists."""
    if len(text) <= max_chars:
        return [(0, len(text))]
    pieces: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > max_chars:
        window = text[start : start + max_chars]
        cut = max(window.rfind(ch) for ch in _SENTENCE_ENDS)
        if cut < max_chars // 3:  # no sentence end in reach: cut at a comma, else hard
            cut = max(window.rfind("，"), window.rfind(","))
            if cut < max_chars // 3:
                cut = max_chars - 1
        pieces.append((start, start + cut + 1))
        start += cut + 1
    if start < len(text):
        pieces.append((start, len(text)))
    return pieces


MAX_PARAGRAPH_CHARS = 4000
"""A paragraph longer than this is split at ingestion (at sentence ends, else commas, else hard).
The development corpus's longest of 147,666 paragraphs has 1,978 characters (99.99th percentile
865): twice that leaves every real paragraph whole, and a page that keeps a 60,000-character
block together (a fetched page, a pasted file) reaches attribution as sentences of sane length."""
MAX_ARTICLE_PARAGRAPHS = 1000
"""An article with more paragraphs keeps the first this many. The corpus's longest has 270
(99.99th percentile 116); a page of 150,000 <p> would otherwise hold a reload for minutes."""


def cap_paragraphs(article: Article, max_chars: int = MAX_PARAGRAPH_CHARS, max_paragraphs: int = MAX_ARTICLE_PARAGRAPHS) -> list[str]:
    """Split ``article``'s paragraphs longer than ``max_chars`` and keep at most ``max_paragraphs``
    (in place; ``article.sources`` keeps each piece's source position). Returns what was done, one
    reason per kind, for the caller to report; [] for an article within the limits (nearly all)."""
    lengths = [len(p) for p in article.paragraphs]
    if max(lengths, default=0) <= max_chars and len(lengths) <= max_paragraphs:
        return []
    reasons = []
    long = [n for n in lengths if n > max_chars]
    if long:
        sources = [article.source_paragraph(p) for p in range(len(lengths))]
        pieces = [(source, text[a:b]) for source, text in zip(sources, article.paragraphs) for a, b in split_paragraph(text, max_chars)]
        article.paragraphs, article.sources = [text for _, text in pieces], [source for source, _ in pieces]
        reasons.append(f"{len(long)} paragraph(s) over {max_chars:,} characters (the longest {max(long):,}) split at sentence ends")
    if len(article.paragraphs) > max_paragraphs:
        reasons.append(f"{len(article.paragraphs):,} paragraphs; only the first {max_paragraphs:,} kept")
        del article.paragraphs[max_paragraphs:]
        del article.sources[max_paragraphs:]
    article.line_digest = ""  # parsed again at the next reload, so that this is reported again
    return reasons


def chunk_table(articles: Sequence[Article], first_article: int = 0) -> np.ndarray:
    """int32 rows (article, paragraph, start, end) for every chunk of ``articles``, in order."""
    rows = [
        (a, p, start, end)
        for a, article in enumerate(articles, start=first_article)
        for p, paragraph in enumerate(article.paragraphs)
        for start, end in split_paragraph(paragraph, MAX_CHUNK_CHARS)
    ]
    return np.asarray(rows, dtype=np.int32).reshape(-1, 4)
