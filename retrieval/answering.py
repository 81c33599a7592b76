"""Question -> ranked answers: BM25 candidates, speaker quotes, and a score that joins them.

Every candidate is a chunk, with the quote in it that best fits the question (if any).
Its score adds up, each part in [0, 1]:

* the chunk's BM25 score relative to the best candidate's;
* how much of the question's topic the quote's own words cover (idf-weighted);
* for questions naming a speaker, whether the quote is theirs (weighted most);
* whether the chunk carries an attributed quote at all (who-said-what prefers quotes).

A question whose words barely occur in the corpus gets no answers rather than noise.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .models import Answer, Quote
from .question import ParsedQuestion
from .tokenize import prepare

if TYPE_CHECKING:
    from .engine import NewsIndex

BM25_CANDIDATES = 300
SPEAKER_WEIGHT = 2.0
COLLECTIVE_SPEAKER_WEIGHT = 0.6
QUOTE_WEIGHT = 0.5
PERSON_WEIGHT = 0.1
COVERAGE_WEIGHT = 0.6
ARTICLE_WEIGHT = 0.3
QUOTED_WEIGHT = 1.0
MIN_COVERAGE = 0.2
"""Below this share of the question's idf mass in the best candidate, answer nothing."""

_SENTENCES = re.compile(r"[^。！？!?；;]+[。！？!?；;]?")


@dataclass(slots=True)
class _Candidate:
    chunk: int
    quote: int | None
    bm25: float
    coverage: float
    speaker_match: bool
    article_coverage: float = 0.0
    quoted: float = 0.0
    collective: bool = False
    score: float = 0.0


def _weights(index: NewsIndex, tokens: list[str]) -> dict[str, float]:
    """idf of each distinct query token; a token the corpus lacks weighs like the rarest."""
    rare = math.log(index.bm25.corpus_size + 0.5) if index.bm25.corpus_size else 1.0
    weights: dict[str, float] = {}
    for token in tokens:
        if token not in weights:
            weights[token] = index.bm25.token_idf(token) if index.bm25.document_frequency(token) else rare
    return weights


def _coverage(text: str, weights: dict[str, float], total: float) -> float:
    """Share of the idf mass of the question's tokens that occurs in ``text``."""
    if total <= 0:
        return 0.0
    seen = prepare(text)
    return sum(w for token, w in weights.items() if token in seen) / total


def _article_coverage(index: NewsIndex, articles: np.ndarray, weights: dict[str, float], total: float) -> np.ndarray:
    """For each article in ``articles``, the share of topic idf mass found anywhere in it."""
    covered = np.zeros(len(articles))
    if total <= 0 or not len(articles):
        return covered
    for token, weight in weights.items():
        doc_ids, _ = index.bm25.postings(token)
        if not len(doc_ids):
            continue
        owners = index.chunk_article[doc_ids]  # non-decreasing: chunks are stored article by article
        pos = np.minimum(np.searchsorted(owners, articles), len(owners) - 1)
        covered += weight * (owners[pos] == articles)
    return covered / total


def rank(index: NewsIndex, parsed: ParsedQuestion, top_k: int) -> list[Answer]:
    """The best ``top_k`` answers to a parsed question, or [] when nothing fits."""
    query = parsed.tokens
    if not query and not parsed.speakers:
        return []
    weights = _weights(index, query)
    topic_weights = {t: w for t, w in weights.items() if t in set(parsed.topic_tokens)}
    total = sum(weights.values())
    topic_total = sum(topic_weights.values())
    speaker_keys = set(parsed.speakers)

    chunk_ids, bm25_scores = index.bm25.score_candidates(query)
    bm25_of = dict(zip(chunk_ids.tolist(), bm25_scores.tolist()))
    if len(chunk_ids) > BM25_CANDIDATES:
        keep = np.argpartition(-bm25_scores, BM25_CANDIDATES - 1)[:BM25_CANDIDATES]
        pool = set(chunk_ids[keep].tolist())
    else:
        pool = set(chunk_ids.tolist())
    speaker_quotes = index.speakers.quotes_of(parsed.speakers)
    pool.update(index.quote_chunk[q] for q in speaker_quotes)
    best_bm25 = max(max(bm25_of.values(), default=0.0), 0.0) or 1.0

    quoted = prepare(parsed.quoted) if parsed.quoted else None
    pool_list = sorted(pool)
    article_cov = dict(
        zip(pool_list, _article_coverage(index, index.chunk_article[pool_list], topic_weights, topic_total).tolist())
    ) if pool_list else {}
    candidates: list[_Candidate] = []
    for chunk in pool_list:
        bm25 = max(bm25_of.get(chunk, 0.0), 0.0) / best_bm25
        chunk_text = index.chunk_text(chunk)
        has_quoted = 0.3 if quoted is not None and quoted in prepare(chunk_text) else 0.0
        chunk_cov = _coverage(chunk_text, topic_weights, topic_total) if topic_total else 0.0
        options: list[_Candidate] = []
        for qid in index.chunk_quotes.get(chunk, []):
            quote = index.quotes[qid]
            match = prepare(quote.speaker.name) in speaker_keys
            if topic_total:
                said = f"{quote.speaker.role or ''} {quote.speaker.name} {quote.text}"
                cov = max(_coverage(said, topic_weights, topic_total), 0.5 * chunk_cov)
            else:
                cov = 1.0 if match else 0.0
            says_quoted = 1.0 if has_quoted and quoted in prepare(quote.text) else has_quoted
            options.append(
                _Candidate(chunk, qid, bm25, cov, match, article_cov[chunk], says_quoted, quote.speaker.collective)
            )
        if not options:
            options.append(_Candidate(chunk, None, bm25, 0.5 * chunk_cov, False, article_cov[chunk], has_quoted))
        for option in options:
            option.score = _score(option, parsed)
        candidates.append(max(options, key=lambda c: (c.score, -(c.quote or 0))))

    if not candidates:
        return []
    candidates.sort(key=lambda c: (-c.score, c.chunk))
    best = candidates[0]
    matched = _coverage(index.chunk_text(best.chunk), weights, total) if total else 0.0
    if best.speaker_match:
        matched = max(matched, 1.0 if not topic_total else 0.5 + 0.5 * best.coverage)
    if matched < MIN_COVERAGE:
        return []
    return [_answer(index, c, parsed) for c in candidates[:top_k]]


def _score(c: _Candidate, parsed: ParsedQuestion) -> float:
    score = c.bm25 + COVERAGE_WEIGHT * c.coverage + ARTICLE_WEIGHT * c.article_coverage
    if c.quote is not None:
        score += QUOTE_WEIGHT
        if parsed.kind == "who" and not c.collective:
            score += PERSON_WEIGHT
    if c.speaker_match:
        score += COLLECTIVE_SPEAKER_WEIGHT if c.collective else SPEAKER_WEIGHT
    score += QUOTED_WEIGHT * c.quoted  # the question quotes words: 1 if this speaker says them
    return score


def best_sentences(text: str, tokens: list[str], limit: int = 160) -> str:
    """The sentence of ``text`` that best covers ``tokens`` (and the next while short)."""
    sentences = [s for s in _SENTENCES.findall(text) if s.strip()]
    if len(text) <= limit or not sentences:
        return text
    scores = [sum(1 for t in set(tokens) if t in prepare(s)) for s in sentences]
    i = int(np.argmax(scores))
    out = sentences[i]
    j = i + 1
    while j < len(sentences) and len(out) + len(sentences[j]) <= limit:
        out += sentences[j]
        j += 1
    return out.strip()


def _answer(index: NewsIndex, c: _Candidate, parsed: ParsedQuestion) -> Answer:
    chunk = index.chunks[c.chunk]
    article = index.articles[int(chunk[0])]
    paragraph = article.paragraphs[int(chunk[1])]
    quote: Quote | None = index.quotes[c.quote] if c.quote is not None else None
    if quote is not None:
        return Answer(
            speaker=quote.speaker.name,
            role=quote.speaker.role,
            quote=quote.text,
            paragraph=paragraph,
            article=article.meta(),
            score=round(c.score, 4),
            alias=quote.speaker.alias,
        )
    return Answer(
        speaker=None,
        role=None,
        quote=best_sentences(index.chunk_text(c.chunk), parsed.tokens),
        paragraph=paragraph,
        article=article.meta(),
        score=round(c.score, 4),
    )
