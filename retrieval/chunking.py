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


def chunk_table(articles: Sequence[Article], first_article: int = 0) -> np.ndarray:
    """int32 rows (article, paragraph, start, end) for every chunk of ``articles``, in order."""
    rows = [
        (a, p, start, end)
        for a, article in enumerate(articles, start=first_article)
        for p, paragraph in enumerate(article.paragraphs)
        for start, end in split_paragraph(paragraph, MAX_CHUNK_CHARS)
    ]
    return np.asarray(rows, dtype=np.int32).reshape(-1, 4)
