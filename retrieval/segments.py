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

This is the scoring core of the segmented index of issue 23; the saved index and reloads do not
use it yet (they still write and serve one block, persist.py and update.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .index.bm25 import BM25Params, ForwardIndex, ParagraphIndex, best_first, okapi_idf


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
        """Per term of this segment, how many live documents hold it."""
        index = self.index
        if self.live.all():
            return np.diff(index.indptr)
        alive = np.zeros(len(index.doc_ids) + 1, dtype=np.int64)
        np.cumsum(self.live[index.doc_ids], out=alive[1:])
        return alive[index.indptr[1:]] - alive[index.indptr[:-1]]


class SegmentedIndex:
    """Segments scored as one collection; document ids number the segments' documents in order
    (segment 0's first, then segment 1's …), dead ones included, so an id never changes."""

    def __init__(self, segments: Sequence[Segment], params: BM25Params = BM25Params()) -> None:
        self.segments = list(segments)
        self.params = params
        self.offsets = np.zeros(len(self.segments) + 1, dtype=np.int64)
        np.cumsum([len(s.live) for s in self.segments], out=self.offsets[1:])
        self.corpus_size = int(sum(int(s.live.sum()) for s in self.segments))
        total_length = sum(int(s.index.doc_len[s.live].sum()) for s in self.segments)
        self.avgdl = total_length / self.corpus_size if self.corpus_size else 0.0
        # the collection's vocabulary: every term with a live document, in segment order
        frequency: dict[str, int] = {}
        for segment in self.segments:
            counts = segment.live_document_frequencies()
            for token, term in segment.index.vocabulary.items():
                if counts[term]:
                    frequency[token] = frequency.get(token, 0) + int(counts[term])
        idf = okapi_idf(np.fromiter(frequency.values(), dtype=np.int64, count=len(frequency)), self.corpus_size, params.epsilon)
        self.idf = dict(zip(frequency, idf.tolist()))
        self._views = [self._scoring_view(s) for s in self.segments] if self.corpus_size else []

    def _scoring_view(self, segment: Segment) -> ParagraphIndex:
        """The segment's postings with the collection's idf and avgdl."""
        index = segment.index
        idf = np.zeros(len(index.vocabulary))
        for token, term in index.vocabulary.items():
            idf[term] = self.idf.get(token, 0.0)
        return ParagraphIndex(index.vocabulary, index.indptr, index.doc_ids, index.term_freqs, index.doc_len, idf, self.params, avgdl=self.avgdl)

    def score_candidates(self, query: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(ids, scores) of every live document holding a query token, ascending by id."""
        all_ids, all_scores = [np.zeros(0, np.int64)], [np.zeros(0)]
        for offset, segment, view in zip(self.offsets, self.segments, self._views):
            ids, scores = view.score_candidates(query)
            keep = segment.live[ids]
            all_ids.append(ids[keep].astype(np.int64) + offset)
            all_scores.append(scores[keep])
        return np.concatenate(all_ids), np.concatenate(all_scores)

    def top(self, query: Sequence[str], k: int) -> list[tuple[int, float]]:
        """The ``k`` best (id, score) pairs, best first, ties by id (as ParagraphIndex.top)."""
        return best_first(*self.score_candidates(query), k)

    def locate(self, doc: int) -> tuple[int, int]:
        """(segment number, document number in it) of a collection document id."""
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
