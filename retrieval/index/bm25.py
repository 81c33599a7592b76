"""BM25 over paragraph chunks with rank-bm25's BM25Okapi definition, scored candidate-only.

rank-bm25 scores every document for every query term. Only documents that contain a query
term can score non-zero, so this index keeps postings (document ids and term frequencies per
term) and scores just those documents, with the same float64 operations in the same order,
giving the very scores ``BM25Okapi.get_scores`` gives. Documents outside the candidates score 0.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class BM25Params:
    """BM25Okapi's parameters, as in rank-bm25 (k1=1.5, b=0.75, epsilon=0.25)."""

    k1: float = 1.5
    b: float = 0.75
    epsilon: float = 0.25


@dataclass(slots=True)
class ForwardIndex:
    """Per document, its distinct terms in order of first appearance, with their counts.

    Term ids number the vocabulary in order of first appearance over the corpus (the order
    rank-bm25's dictionaries have). Kept on disk so that a reload can reuse the tokens of
    unchanged articles instead of tokenizing everything again.
    """

    indptr: np.ndarray
    """int64, n_docs + 1: document d's entries are terms[indptr[d]:indptr[d + 1]]."""
    terms: np.ndarray
    tfs: np.ndarray
    vocabulary: list[str]

    @classmethod
    def from_tokens(cls, documents: Iterable[Sequence[str]]) -> ForwardIndex:
        vocabulary: dict[str, int] = {}
        terms: list[int] = []
        tfs: list[int] = []
        indptr = [0]
        for tokens in documents:
            frequencies = Counter(tokens)  # counted in C, keys in order of first occurrence
            terms.extend([vocabulary.setdefault(token, len(vocabulary)) for token in frequencies])
            tfs.extend(frequencies.values())
            indptr.append(len(terms))
        return cls(
            np.asarray(indptr, dtype=np.int64),
            np.asarray(terms, dtype=np.int32),
            np.asarray(tfs, dtype=np.int32),
            list(vocabulary),
        )

    @classmethod
    def concatenate(cls, parts: Sequence[ForwardIndex]) -> ForwardIndex:
        """The forward indexes of consecutive batches of documents as one, equal to from_tokens
        over all the documents: each part's vocabulary, in its own order of first appearance, is
        renumbered into the whole's, so term ids still follow first appearance over the corpus.
        Lets workers count their batches' tokens and send arrays instead of token lists."""
        vocabulary: dict[str, int] = {}
        terms, tfs, lengths = [], [], []
        for part in parts:
            renumber = np.fromiter(
                (vocabulary.setdefault(token, len(vocabulary)) for token in part.vocabulary), dtype=np.int32, count=len(part.vocabulary)
            )
            terms.append(renumber[part.terms])
            tfs.append(part.tfs)
            lengths.append(np.diff(part.indptr))
        indptr = np.zeros(sum(len(n) for n in lengths) + 1, dtype=np.int64)
        if lengths:
            np.cumsum(np.concatenate(lengths), out=indptr[1:])
        return cls(
            indptr,
            np.concatenate(terms) if terms else np.zeros(0, np.int32),
            np.concatenate(tfs) if tfs else np.zeros(0, np.int32),
            list(vocabulary),
        )

    def document(self, doc: int) -> tuple[np.ndarray, np.ndarray]:
        lo, hi = self.indptr[doc], self.indptr[doc + 1]
        return self.terms[lo:hi], self.tfs[lo:hi]


def stable_order(keys: np.ndarray) -> np.ndarray:
    """``np.argsort(keys, kind="stable")`` for non-negative 32-bit keys, as two radix sorts of
    16-bit halves (numpy sorts 16-bit keys by radix, wider ones by merging: about twice as slow)."""
    if not len(keys) or keys.dtype.itemsize > 4 or keys.min() < 0:
        return np.argsort(keys, kind="stable")
    order = np.argsort((keys & 0xFFFF).astype(np.uint16), kind="stable")
    high = (keys >> 16).astype(np.uint16)[order]
    return order if not high.any() else order[np.argsort(high, kind="stable")]


def ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """concatenate(arange(s, s + n) for s, n in zip(starts, lengths)), vectorized."""
    total = int(lengths.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    offsets = np.repeat(np.cumsum(lengths) - lengths, lengths)
    return np.repeat(starts, lengths) + (np.arange(total) - offsets)


def distinct(values: np.ndarray, runs: bool = False) -> np.ndarray:
    """``np.unique(values)`` of a 1-D array (its distinct values, sorted, same dtype) by sorting
    and masking: numpy 2's np.unique hashes first and takes several times as long on the
    thousands of ids a question handles. ``runs``: the values are sorted runs (posting lists
    concatenated), which a stable sort (timsort) merges instead of sorting from scratch."""
    ordered = np.sort(values, kind="stable" if runs else None)
    if not len(ordered):
        return ordered
    first = np.empty(len(ordered), dtype=bool)
    first[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    return ordered[first]


class ParagraphIndex:
    """An inverted index over tokenized chunks, scoring like rank_bm25.BM25Okapi."""

    def __init__(
        self,
        vocabulary: dict[str, int],
        indptr: np.ndarray,
        doc_ids: np.ndarray,
        term_freqs: np.ndarray,
        doc_len: np.ndarray,
        idf: np.ndarray,
        params: BM25Params,
        avgdl: float | None = None,
    ) -> None:
        """``avgdl``: the collection's average length when these documents are one segment of
        a larger collection (segments.SegmentedIndex); by default their own."""
        self.vocabulary = vocabulary
        self.indptr = indptr
        self.doc_ids = doc_ids
        self.term_freqs = term_freqs
        self.doc_len = doc_len
        self.idf = idf
        self.params = params
        self.corpus_size = int(len(doc_len))
        if avgdl is None:
            avgdl = float(doc_len.sum()) / self.corpus_size if self.corpus_size else 0.0
        self.avgdl = avgdl
        # rank-bm25 computes k1 * (1 - b + b * doc_len / avgdl) per query term; it only depends
        # on the document, so it is computed once here with the very same operations.
        if self.corpus_size:
            doc_len_f = doc_len.astype(np.float64)
            self._norm = params.k1 * (1 - params.b + params.b * doc_len_f / self.avgdl)
        else:
            self._norm = np.zeros(0)

    @classmethod
    def build(cls, documents: Iterable[Sequence[str]], params: BM25Params = BM25Params()) -> ParagraphIndex:
        """Index token lists; term ids follow first appearance, as rank-bm25's dict order does."""
        return cls.from_forward(ForwardIndex.from_tokens(documents), params)

    @classmethod
    def from_forward(
        cls,
        forward: ForwardIndex,
        params: BM25Params = BM25Params(),
        order: np.ndarray | None = None,
        postings: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
    ) -> ParagraphIndex:
        """Invert a forward index into postings (vectorized). When the caller has them, ``order``
        is ``stable_order(forward.terms)``, or ``postings`` are the inverted (indptr, doc ids,
        term frequencies) themselves (a reload merges them from the old ones)."""
        n_docs = len(forward.indptr) - 1
        n_terms = len(forward.vocabulary)
        if postings is not None:
            indptr, doc_ids, term_freqs = postings
            df = np.diff(indptr)
        else:
            terms = forward.terms
            doc_of_entry = np.repeat(np.arange(n_docs, dtype=np.int32), np.diff(forward.indptr))
            if order is None:
                order = stable_order(terms)  # postings stay in document order per term
            doc_ids = doc_of_entry[order]
            term_freqs = forward.tfs[order]
            df = np.bincount(terms, minlength=n_terms) if n_terms else np.zeros(0, np.int64)
            indptr = np.zeros(n_terms + 1, dtype=np.int64)
            np.cumsum(df, out=indptr[1:])
        summed = np.zeros(len(forward.tfs) + 1, dtype=np.int64)
        np.cumsum(forward.tfs, out=summed[1:])
        doc_len = (summed[forward.indptr[1:]] - summed[forward.indptr[:-1]]).astype(np.int32)
        idf = okapi_idf(df, n_docs, params.epsilon)
        vocabulary = dict(zip(forward.vocabulary, range(n_terms)))
        return cls(vocabulary, indptr, doc_ids, term_freqs, doc_len, idf, params)

    def document_frequency(self, token: str) -> int:
        term = self.vocabulary.get(token)
        return 0 if term is None else int(self.indptr[term + 1] - self.indptr[term])

    def token_idf(self, token: str) -> float:
        term = self.vocabulary.get(token)
        return 0.0 if term is None else float(self.idf[term])

    def postings(self, token: str) -> tuple[np.ndarray, np.ndarray]:
        """Document ids and term frequencies of ``token`` (empty if unknown)."""
        term = self.vocabulary.get(token)
        if term is None:
            return np.zeros(0, np.int32), np.zeros(0, np.int32)
        lo, hi = self.indptr[term], self.indptr[term + 1]
        return self.doc_ids[lo:hi], self.term_freqs[lo:hi]

    def score_candidates(self, query: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(doc ids, scores) of every document containing a query token, ascending by id.

        Repeated query tokens count again, as in rank-bm25.
        """
        if not self.corpus_size:
            return np.zeros(0, np.int32), np.zeros(0)
        parts = [self.postings(token) for token in query]
        touched = sum(len(ids) for ids, _ in parts)
        if not touched:
            return np.zeros(0, np.int32), np.zeros(0)
        k1 = self.params.k1
        if touched * 16 < self.corpus_size:  # few postings: merge them sparsely
            candidates = distinct(np.concatenate([ids for ids, _ in parts]), runs=True)
            scores = np.zeros(len(candidates))
            for token, (ids, tfs) in zip(query, parts):
                if len(ids):
                    q_freq = tfs.astype(np.float64)
                    scores[np.searchsorted(candidates, ids)] += self.token_idf(token) * (
                        q_freq * (k1 + 1) / (q_freq + self._norm[ids])
                    )
            return candidates, scores
        # many postings: accumulate into a dense array (same operations, same order per document)
        dense = np.zeros(self.corpus_size)
        seen = np.zeros(self.corpus_size, dtype=bool)
        for token, (ids, tfs) in zip(query, parts):
            if len(ids):
                q_freq = tfs.astype(np.float64)
                dense[ids] += self.token_idf(token) * (q_freq * (k1 + 1) / (q_freq + self._norm[ids]))
                seen[ids] = True
        candidates = np.flatnonzero(seen)
        return candidates, dense[candidates]

    def score_documents(self, query: Sequence[str], docs: np.ndarray) -> np.ndarray:
        """Scores of the given documents (any ids), like BM25Okapi.get_batch_scores."""
        docs = np.asarray(docs, dtype=np.int64)
        ids, scores = self.score_candidates(query)
        result = np.zeros(len(docs))
        if len(ids):
            pos = np.searchsorted(ids, docs)
            pos_clipped = np.minimum(pos, len(ids) - 1)
            hit = ids[pos_clipped] == docs
            result[hit] = scores[pos_clipped[hit]]
        return result

    def get_scores(self, query: Sequence[str]) -> np.ndarray:
        """Dense scores for every document, for comparison with rank-bm25."""
        dense = np.zeros(self.corpus_size)
        ids, scores = self.score_candidates(query)
        dense[ids] = scores
        return dense

    def top(self, query: Sequence[str], k: int) -> list[tuple[int, float]]:
        """The ``k`` best (doc id, score) pairs among documents containing a query token.

        Best first, ties by doc id. In a tiny corpus every idf can be negative (rank-bm25's
        floor is then negative too); matching documents are still returned, in score order.
        """
        return best_first(*self.score_candidates(query), k)


def okapi_idf(df: np.ndarray, corpus_size: int, epsilon: float) -> np.ndarray:
    """BM25Okapi's idf with its floor: negative idfs become epsilon * the average idf.

    The same logarithms and the same sum in term order as rank-bm25's loop (tests compare the
    scores for exact equality).
    """
    df = np.asarray(df, dtype=np.int64)
    idf = np.log(corpus_size - df + 0.5) - np.log(df + 0.5)
    if len(df):
        idf_sum = float(np.cumsum(idf)[-1])  # added one by one in term order, as rank-bm25's loop does
        idf[idf < 0] = epsilon * (idf_sum / len(df))
    return idf


def best_first(ids: np.ndarray, scores: np.ndarray, k: int) -> list[tuple[int, float]]:
    """The ``k`` best (id, score) pairs, best first, ties by id."""
    if not len(ids) or k <= 0:
        return []
    if len(ids) > k:
        keep = np.argpartition(-scores, k - 1)[:k]
        ids, scores = ids[keep], scores[keep]
    order = np.lexsort((ids, -scores))
    return [(int(ids[i]), float(scores[i])) for i in order]
