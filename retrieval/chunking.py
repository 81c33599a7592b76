"""Paragraphs -> retrieval chunks: one chunk per paragraph, long ones split at sentence ends."""

from __future__ import annotations

from collections.abc import Sequence

from .models import Article, Chunk

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


def chunk_articles(articles: Sequence[Article], max_chars: int = MAX_CHUNK_CHARS) -> list[Chunk]:
    """Every chunk of every article, in corpus order."""
    chunks: list[Chunk] = []
    for a, article in enumerate(articles):
        for p, paragraph in enumerate(article.paragraphs):
            for start, end in split_paragraph(paragraph, max_chars):
                chunks.append(Chunk(a, p, start, end))
    return chunks


def chunk_text(articles: Sequence[Article], chunk: Chunk) -> str:
    return articles[chunk.article].paragraphs[chunk.paragraph][chunk.start : chunk.end]
