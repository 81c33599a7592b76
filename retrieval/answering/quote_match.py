"""Where does a remembered line come from? Near-verbatim matching of quote spans.

A reader half-remembers a line: a particle differs (的/地), a clause is missing, it is typed in
Traditional characters or with a half-width comma. Candidates come from BM25 over the line's
words (a generous pool); each candidate's quote text is then compared character by character:
how much of the remembered line, in order, the source contains (difflib's matching blocks over
punctuation-free Simplified text). The verdict says how close the best source is:

* ``verbatim`` (原话): the line, punctuation aside, is a substring of the source;
* ``close`` (近似): most of it is there in order; the differences are listed;
* ``none`` (没有找到): the nearest candidates are shown, labelled as such.

Exact phrases in plain search: ``phrase_hits`` finds paragraphs that contain a query term as a
substring even when jieba cuts it differently there (元宇宙 -> 元 / 宇宙 alone, 低碳元 / 宇宙 in the
text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

import numpy as np

from ..normalize import fold_width
from ..tokenize import prepare
from .ranking import article_coverage, chunk_coverage, membership, phrase_query

if TYPE_CHECKING:
    from ..index.news_index import NewsIndex

CANDIDATE_CHUNKS = 200
"""Chunks (by BM25 over the line's words) whose quotes are compared character by character."""
ALIGNED = 30
"""Candidates that survive the quick bigram filter and are aligned exactly."""
CLOSE = 0.6
"""Share of the line's characters found in order in the source for a close match."""
CONTEXT_WEIGHT = 0.15
"""How much the rest of the question (谁说芝加哥“不会屈服”: 芝加哥) adds to a source's closeness:
enough to decide between sources that hold the line equally well, too little to prefer a loose
match with the context over a verbatim one without it."""
NEAREST = 3
MAX_PHRASE_CHECKS = 3000
"""Paragraphs whose text is read to confirm a phrase (those holding all its words)."""

_NOT_TEXT = re.compile(r"[\s\W_]+", re.UNICODE)
_QUOTE_MARKS = re.compile(r"[“\"「『‘']([^”\"」』’']{2,})[”\"」』’']")
_ASKS_SOURCE = re.compile(r"谁说|谁讲|谁的话|出自|出处|原话|哪里说|说过这句|这句话")


@dataclass(frozen=True, slots=True)
class Difference:
    """One place where the remembered line and the source differ ('' when one side has nothing)."""

    asked: str
    source: str


@dataclass(slots=True)
class SourceCandidate:
    """A quote (or a paragraph without one) compared with the line."""

    chunk: int
    quote_id: int | None
    similarity: float
    """Share of the line's characters found, in order, in the source."""
    text: str
    """The source text as written (the quote, or the paragraph's best-matching sentence)."""
    segments: list[tuple[str, str, str]] = field(default_factory=list)
    """The aligned source as (op, asked, source) runs: op is equal, replace, delete or insert."""

    @property
    def differences(self) -> list[Difference]:
        return [Difference(a, s) for op, a, s in self.segments if op != "equal"]


@dataclass(slots=True)
class SourceMatch:
    """The verdict on a remembered line: the closeness and the candidates, best first."""

    line: str
    closeness: str
    """``verbatim``, ``close`` or ``none``."""
    candidates: list[SourceCandidate]

    @property
    def best(self) -> SourceCandidate | None:
        return self.candidates[0] if self.candidates else None


def plain(text: str) -> str:
    """Simplified, width-folded, lower-cased, without punctuation or spaces: what matching sees."""
    return _NOT_TEXT.sub("", prepare(text))


def source_line(question: str) -> str | None:
    """The remembered line of a source question (“……”是谁说的 / 这句话出自谁), else None."""
    m = _QUOTE_MARKS.search(question)
    if m is None:
        return None
    rest = question[: m.start()] + question[m.end() :]
    line = m.group(1).strip()
    if len(plain(line)) < 4 or not _ASKS_SOURCE.search(rest) or len(plain(rest)) > 12:
        return None
    return line


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _align(line: str, source: str) -> tuple[float, list[tuple[str, str, str]]]:
    """How much of ``line`` ``source`` holds in order, and the aligned runs (both already plain)."""
    matcher = SequenceMatcher(None, line, source, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    if not blocks:
        return 0.0, []
    matched = sum(b.size for b in blocks if b.size >= 2 or len(line) < 6)
    lo, hi = blocks[0].b, blocks[-1].b + blocks[-1].size  # the span of the source the line covers
    segments = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, line, source[lo:hi], autojunk=False).get_opcodes():
        segments.append((op, line[i1:i2], source[lo + j1 : lo + j2]))
    return matched / len(line), segments


def _best_chunks(index: NewsIndex, query: list[str], limit: int) -> np.ndarray:
    chunk_ids, scores = index.bm25.score_candidates(query)
    if len(chunk_ids) > limit:
        chunk_ids = chunk_ids[np.argpartition(-scores, limit - 1)[:limit]]
    return chunk_ids


def _context_share(index: NewsIndex, chunks: np.ndarray, context: list[str]) -> np.ndarray:
    """For each chunk, the idf-weighted share of the context words in it or its article."""
    weights = {t: index.bm25.token_idf(t) for t in dict.fromkeys(context) if index.bm25.document_frequency(t)}
    weights = {t: w for t, w in weights.items() if w > 0}
    total = sum(weights.values())
    if not total:
        return np.zeros(len(chunks))
    in_chunk = chunk_coverage(index, chunks, weights, total)
    in_article = article_coverage(index, index.chunk_article[chunks], weights, total)
    return np.maximum(in_chunk, in_article)


def find_source(index: NewsIndex, line: str, limit: int = NEAREST, context: list[str] | None = None) -> SourceMatch:
    """The best sources of ``line`` in the corpus, with the verdict on the best one.

    ``context`` are the question's other words (谁说芝加哥“不会屈服”: 芝加哥): a source whose
    paragraph or article holds them goes before one that holds the line as well but not them.
    """
    wanted = plain(line)
    if len(wanted) < 2:
        return SourceMatch(line, "none", [])
    query = phrase_query(index, line)
    pools = [_best_chunks(index, query, CANDIDATE_CHUNKS)]
    if context:
        pools.append(_best_chunks(index, query + list(context), CANDIDATE_CHUNKS))
    chunk_ids = np.unique(np.concatenate(pools)).astype(np.int64)
    around = _context_share(index, chunk_ids, context or [])
    context_of = dict(zip(chunk_ids.tolist(), (CONTEXT_WEIGHT * around).tolist()))
    wanted_bigrams = _bigrams(wanted)
    quick: list[tuple[float, int, int | None, str]] = []
    quotes_of = {int(chunk_ids[i]): ids for i, ids in index.quotes_in_chunks(chunk_ids)}
    for chunk in chunk_ids.tolist():
        texts = [(qid, index.quotes[qid].text) for qid in quotes_of.get(chunk, ())]
        texts.append((None, index.chunk_text(chunk)))  # the paragraph too: a line may lack a quote
        for qid, text in texts:
            overlap = len(wanted_bigrams & _bigrams(plain(text))) / max(1, len(wanted_bigrams))
            quick.append((overlap + context_of[chunk], chunk, qid, text))
    quick.sort(key=lambda item: (-item[0], item[1], item[2] is None))
    found: dict[int, SourceCandidate] = {}
    for _, chunk, qid, text in quick[:ALIGNED]:
        similarity, segments = _align(wanted, plain(text))
        previous = found.get(chunk)
        # a quote beats its own paragraph at equal similarity: it says who spoke
        if previous is None or similarity > previous.similarity + 1e-9:
            found[chunk] = SourceCandidate(chunk, qid, similarity, text, segments)
    ranked = sorted(
        found.values(), key=lambda c: (-(c.similarity + context_of[c.chunk]), c.quote_id is None, c.chunk)
    )[:limit]
    if not ranked:
        return SourceMatch(line, "none", [])
    best = ranked[0]
    if wanted in plain(best.text):
        closeness = "verbatim"
    elif best.similarity >= CLOSE:
        closeness = "close"
    else:
        closeness = "none"
    return SourceMatch(line, closeness, ranked)


def phrase_hits(index: NewsIndex, text: str, chunks: np.ndarray, scores: np.ndarray | None = None) -> np.ndarray:
    """For each chunk, how many of the query's terms (split at spaces) it contains verbatim.

    Only terms of two or more characters count. The text is read of chunks holding any of the
    term's tokens (元宇宙: 元 or 宇宙), not only those holding all of them: running text may cut
    the term otherwise (低碳元|宇宙), and such a paragraph holds the phrase all the same. At most
    MAX_PHRASE_CHECKS chunks are read per term, the best-scoring first when ``scores`` is given.
    """
    hits = np.zeros(len(chunks), dtype=np.int32)
    by_score = np.argsort(-scores, kind="stable") if scores is not None else np.arange(len(chunks))
    for term in sorted({t for t in re.split(r"[\s,，、;；]+", prepare(text)) if len(t) >= 2}):
        tokens = [t for t in index.tokenizer.tokenize(term) if index.bm25.document_frequency(t)]
        if not tokens:
            continue
        if tokens == [term]:  # one word of the dictionary: holding the token is holding the term
            hits += membership(index, term, chunks)
            continue
        holds = np.zeros(len(chunks), dtype=bool)
        for token in tokens:
            holds |= membership(index, token, chunks)
        checked = 0
        for i in by_score[holds[by_score]].tolist():
            if checked == MAX_PHRASE_CHECKS:
                break
            checked += 1
            if term in _searchable(index, int(chunks[i])):
                hits[i] += 1
    return hits


def _searchable(index: NewsIndex, chunk: int) -> str:
    """A chunk's text as queries are prepared (converting only chunks that need it: it is slow)."""
    text = index.chunk_text(chunk)
    return prepare(text) if index.chunk_converted[chunk] else fold_width(text).lower()
