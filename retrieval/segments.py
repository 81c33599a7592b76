"""BM25Okapi over a list of immutable segments with tombstones, scored as one collection.

A segment is a ParagraphIndex over some documents (its own term ids, document ids from 0) plus
a mask of which of them are still live: a deleted or changed document is a tombstone in the
segment that holds it, and a changed one is added again in a newer segment. Scores must equal
those of one index built over the live documents, so the collection statistics are summed over
the live documents of every segment: the number of documents N, the average length avgdl and
each term's document frequency, from which the idf (with BM25Okapi's floor over the live
vocabulary) is computed once. Each segment then scores its own postings with those statistics;
dead documents are dropped from its candidates (a document's score depends only on its own
postings, so dropping it changes no other score).

Merging (``merge_segments``) rebuilds one segment from the live documents of several, in order,
from their forward indexes: the merged collection scores exactly as before.

A reload serves one (index/update.py): the old postings stay as they are as the base segment, the
new and changed articles' chunks form a small delta segment, and each segment's documents carry
their number in the new chunk table (``ids``), so the collection ranks and breaks ties exactly as a
full build of the new corpus; saving the index folds the two into one block (update.fold).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .index.bm25 import BM25Params, ForwardIndex, ParagraphIndex, best_first, okapi_idf, ranges


@dataclass(slots=True)
class Segment:
    """One immutable segment: its index, its forward index (for merging) and its tombstones."""

    index: ParagraphIndex
    forward: ForwardIndex
    live: np.ndarray
    """bool per document of the segment: False once the document was deleted or replaced."""

    @classmethod
    def build(cls, documents: Sequence[Sequence[str]], params: BM25Params = BM25Params()) -> Segment:
        forward = ForwardIndex.from_tokens(documents)
        return cls(ParagraphIndex.from_forward(forward, params), forward, np.ones(len(documents), dtype=bool))

    def deleted(self, docs: Sequence[int]) -> Segment:
        """This segment with more tombstones (a new mask: segments are never changed in place)."""
        live = self.live.copy()
        live[np.asarray(docs, dtype=np.int64)] = False
        return Segment(self.index, self.forward, live)

    def live_document_frequencies(self) -> np.ndarray:
        """Per term of this segment, how many live documents hold it: the dead documents' terms
        (read from the forward index, one entry per distinct term) taken off the postings' counts."""
        counts = np.diff(self.index.indptr)
        dead = np.flatnonzero(~self.live)
        if not len(dead):
            return counts
        forward = self.forward
        starts, ends = forward.indptr[dead], forward.indptr[dead + 1]
        return counts - np.bincount(forward.terms[ranges(starts, ends - starts)], minlength=len(counts))


class SegmentedIndex:
    """Segments scored as one collection, with ParagraphIndex's way of asking (postings, document
    frequencies, idf, candidates, top).

    ``ids[s][d]`` is the collection's number for document ``d`` of segment ``s`` (-1: dead). By
    default documents are numbered in segment order (segment 0's first, then segment 1's …), dead
    ones included, so an id never changes; a reload passes the new chunk table's numbers instead."""

    def __init__(self, segments: Sequence[Segment], params: BM25Params = BM25Params(), ids: Sequence[np.ndarray] | None = None) -> None:
        self.segments = list(segments)
        self.params = params
        self.offsets = np.zeros(len(self.segments) + 1, dtype=np.int64)
        np.cumsum([len(s.live) for s in self.segments], out=self.offsets[1:])
        if ids is None:
            ids = [np.where(s.live, offset + np.arange(len(s.live)), -1) for offset, s in zip(self.offsets.tolist(), self.segments)]
        self.ids = [np.asarray(i, dtype=np.int64) for i in ids]
        self.corpus_size = int(sum(int(s.live.sum()) for s in self.segments))
        total_length = sum(int(s.index.doc_len[s.live].sum()) for s in self.segments)
        self.avgdl = total_length / self.corpus_size if self.corpus_size else 0.0
        # the collection's vocabulary: segment 0's term ids, then the terms only later segments
        # hold, in segment order (vectorized over segment 0: it is the large one after a reload)
        self._first = self.segments[0].index.vocabulary if self.segments else {}
        self._extra: dict[str, int] = {}
        to_space = []
        for number, segment in enumerate(self.segments):
            vocabulary = segment.index.vocabulary
            if number == 0:
                to_space.append(np.arange(len(vocabulary), dtype=np.int64))
                continue
            n_first, first, extra = len(self._first), self._first, self._extra
            to_space.append(np.fromiter(
                (first[t] if t in first else n_first + extra.setdefault(t, len(extra)) for t in vocabulary),
                dtype=np.int64, count=len(vocabulary),
            ))
        self.df = np.zeros(len(self._first) + len(self._extra), dtype=np.int64)
        """Per collection term, how many live documents hold it."""
        for segment, space in zip(self.segments, to_space):
            self.df[space] += segment.live_document_frequencies()  # a segment's terms are distinct
        present = np.flatnonzero(self.df)
        self.idf = np.zeros(len(self.df))
        """Per collection term, BM25Okapi's idf (with its floor) over the live documents."""
        self.idf[present] = okapi_idf(self.df[present], self.corpus_size, params.epsilon)
        self._views = [self._scoring_view(s, space) for s, space in zip(self.segments, to_space)] if self.corpus_size else []

    def _scoring_view(self, segment: Segment, space: np.ndarray) -> ParagraphIndex:
        """The segment's postings with the collection's idf and avgdl."""
        index = segment.index
        return ParagraphIndex(index.vocabulary, index.indptr, index.doc_ids, index.term_freqs, index.doc_len, self.idf[space], self.params, avgdl=self.avgdl)

    def _term(self, token: str) -> int | None:
        term = self._first.get(token)
        if term is None and token in self._extra:
            term = len(self._first) + self._extra[token]
        return term

    def document_frequency(self, token: str) -> int:
        term = self._term(token)
        return 0 if term is None else int(self.df[term])

    def token_idf(self, token: str) -> float:
        term = self._term(token)
        return 0.0 if term is None else float(self.idf[term])

    def _gathered(self, parts: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
        """Each segment's (local ids, values) as collection ids, dead ones dropped, ascending by id."""
        ids, values = [], []
        for numbers, (local, found) in zip(self.ids, parts):
            if len(local):
                mapped = numbers[local]
                keep = mapped >= 0
                ids.append(mapped[keep])
                values.append(found[keep])
        if len(ids) <= 1:
            return (ids[0], values[0]) if ids else (np.zeros(0, np.int64), parts[0][1][:0] if parts else np.zeros(0))
        all_ids, all_values = np.concatenate(ids), np.concatenate(values)
        order = np.argsort(all_ids, kind="stable")
        return all_ids[order], all_values[order]

    def postings(self, token: str) -> tuple[np.ndarray, np.ndarray]:
        """Live document ids and term frequencies of ``token``, ascending by id (empty if unknown)."""
        return self._gathered([s.index.postings(token) for s in self.segments])

    def score_candidates(self, query: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(ids, scores) of every live document holding a query token, ascending by id."""
        return self._gathered([view.score_candidates(query) for view in self._views])

    def score_documents(self, query: Sequence[str], docs: np.ndarray) -> np.ndarray:
        """Scores of the given documents (any ids), as ParagraphIndex.score_documents."""
        docs = np.asarray(docs, dtype=np.int64)
        ids, scores = self.score_candidates(query)
        result = np.zeros(len(docs))
        if len(ids):
            pos = np.minimum(np.searchsorted(ids, docs), len(ids) - 1)
            hit = ids[pos] == docs
            result[hit] = scores[pos[hit]]
        return result

    def top(self, query: Sequence[str], k: int) -> list[tuple[int, float]]:
        """The ``k`` best (id, score) pairs, best first, ties by id (as ParagraphIndex.top)."""
        return best_first(*self.score_candidates(query), k)

    def locate(self, doc: int) -> tuple[int, int]:
        """(segment number, document number in it) of a collection document id (default numbering)."""
        segment = int(np.searchsorted(self.offsets, doc, side="right")) - 1
        return segment, doc - int(self.offsets[segment])


def live_forward(segment: Segment) -> ForwardIndex:
    """The forward index of the segment's live documents only, in order, its terms renumbered by
    first appearance among them: exactly ForwardIndex.from_tokens over those documents."""
    forward = segment.forward
    docs = np.flatnonzero(segment.live)
    lengths = forward.indptr[docs + 1] - forward.indptr[docs]
    indptr = np.zeros(len(docs) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    entries = np.repeat(forward.indptr[docs] - indptr[:-1], lengths) + np.arange(indptr[-1])
    terms = forward.terms[entries]
    present, first = np.unique(terms, return_index=True)
    by_appearance = present[np.argsort(first, kind="stable")]
    renumber = np.zeros(len(forward.vocabulary), dtype=np.int32)
    renumber[by_appearance] = np.arange(len(by_appearance), dtype=np.int32)
    return ForwardIndex(indptr, renumber[terms], forward.tfs[entries], [forward.vocabulary[t] for t in by_appearance.tolist()])


def merge_segments(segments: Sequence[Segment], params: BM25Params = BM25Params()) -> Segment:
    """One segment holding the live documents of ``segments`` in order, without tombstones:
    the very segment a build over those documents gives."""
    forward = ForwardIndex.concatenate([live_forward(s) for s in segments])
    return Segment(ParagraphIndex.from_forward(forward, params), forward, np.ones(len(forward.indptr) - 1, dtype=bool))


def tiers(sizes: Sequence[int], factor: int = 10, per_tier: int = 10) -> list[list[int]]:
    """Size-tiered merge plan (as Lucene's tiered policy): segments are grouped by the power of
    ``factor`` of their live size; a tier holding ``per_tier`` segments or more is merged.
    Returns runs of consecutive segment numbers to merge (consecutive, so ids keep their order)."""
    def tier(size: int) -> int:
        level = 0
        while size >= factor:
            size //= factor
            level += 1
        return level

    plans, run = [], []
    for number, size in enumerate(sizes):
        if run and tier(sizes[run[0]]) != tier(size):
            if len(run) >= per_tier:
                plans.append(run)
            run = []
        run.append(number)
    if len(run) >= per_tier:
        plans.append(run)
    return plans
