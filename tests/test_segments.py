"""Segments with tombstones score exactly as one index over the live documents, and merging
them gives the very segment a build of those documents gives."""

from __future__ import annotations

import random

import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from retrieval.index.bm25 import BM25Params, ForwardIndex, ParagraphIndex
from retrieval.segments import Segment, SegmentedIndex, merge_segments, tiers

from .test_bm25 import _random_corpus


def _edited_collection(rng: random.Random, params: BM25Params) -> tuple[list[Segment], list[tuple[int, int]], dict[tuple[int, int], list[str]]]:
    """Segments after a random run of edits, each segment's keys, and the live documents by key.

    A key (article, version) names a document; a change adds the article's next version in a new
    segment and tombstones the old one, a deletion only tombstones."""
    vocabulary = rng.randint(10, 200)
    segments: list[Segment] = []
    keys: list[list[tuple[int, int]]] = []
    live: dict[tuple[int, int], list[str]] = {}
    where: dict[int, tuple[int, int]] = {}  # article -> (segment, position) of its live version
    next_article = 0
    for _ in range(rng.randint(1, 12)):
        batch: list[tuple[tuple[int, int], list[str]]] = []
        for _ in range(rng.randint(0, 40)):  # new articles
            batch.append(((next_article, 0), _random_corpus(rng, 1, vocabulary)[0]))
            next_article += 1
        for article in rng.sample(sorted(where), k=min(len(where), rng.randint(0, 6))):  # changes and deletions
            s, position = where.pop(article)
            old_key = keys[s][position]
            segments[s] = segments[s].deleted([position])
            del live[old_key]
            if rng.random() < 0.6:
                batch.append(((article, old_key[1] + 1), _random_corpus(rng, 1, vocabulary)[0]))
        if batch:
            segments.append(Segment.build([tokens for _, tokens in batch], params))
            keys.append([key for key, _ in batch])
            for position, (key, tokens) in enumerate(batch):
                live[key] = tokens
                where[key[0]] = (len(segments) - 1, position)
    order = [key for segment_keys in keys for key in segment_keys]
    return segments, order, {key: live[key] for key in order if key in live}


@pytest.mark.parametrize("seed", range(40))
def test_segments_after_random_edits_score_as_a_full_build(seed: int) -> None:
    rng = random.Random(seed)
    params = BM25Params(k1=rng.choice([1.2, 1.5]), b=rng.choice([0.5, 0.75]), epsilon=rng.choice([0.1, 0.25]))
    segments, order, live = _edited_collection(rng, params)
    if not live:
        return
    collection = SegmentedIndex(segments, params)
    documents = list(live.values())
    position = {key: i for i, key in enumerate(live)}
    reference = BM25Okapi(documents, k1=params.k1, b=params.b, epsilon=params.epsilon)
    words = sorted({w for doc in documents for w in doc} | {w for s in segments for w in s.index.vocabulary})
    for _ in range(15):
        query = rng.choices(words, k=rng.randint(1, 5))
        expected = reference.get_scores(query)
        ids, scores = collection.score_candidates(query)
        got = {position[order[i]]: score for i, score in zip(ids.tolist(), scores.tolist())}
        assert set(got) == {i for i, doc in enumerate(documents) if set(doc) & set(query)}
        assert all(abs(score - expected[i]) <= 1e-9 for i, score in got.items())
        top = [(position[order[i]], score) for i, score in collection.top(query, 10)]
        full = ParagraphIndex.build(documents, params).top(query, 10)
        assert all(abs(expected[i] - score) <= 1e-9 for i, score in top)  # the right documents (ties may swap)
        assert np.allclose([s for _, s in top], [s for _, s in full], rtol=0, atol=1e-9)


@pytest.mark.parametrize("seed", range(20))
def test_merging_segments_gives_what_a_build_of_their_live_documents_gives(seed: int) -> None:
    rng = random.Random(1000 + seed)
    params = BM25Params()
    segments, _, live = _edited_collection(rng, params)
    merged = merge_segments(segments, params)
    built = ForwardIndex.from_tokens(list(live.values()))
    assert merged.forward.vocabulary == built.vocabulary
    for name in ("indptr", "terms", "tfs"):
        assert np.array_equal(getattr(merged.forward, name), getattr(built, name)), name
    expected = ParagraphIndex.from_forward(built, params)
    assert merged.index.vocabulary == expected.vocabulary
    for name in ("indptr", "doc_ids", "term_freqs", "doc_len", "idf"):
        assert np.array_equal(getattr(merged.index, name), getattr(expected, name)), name
    if live:  # one merged segment scores exactly as the index built in one go
        query = rng.choices(sorted(expected.vocabulary), k=3)
        _, scores = SegmentedIndex([merged], params).score_candidates(query)
        assert np.array_equal(scores, expected.score_candidates(query)[1])


def test_size_tiers_merge_runs_of_similar_segments_only() -> None:
    sizes = [5000, 3, 4, 2, 9, 1, 7000, 12, 15]
    assert tiers(sizes, factor=10, per_tier=3) == [[1, 2, 3, 4, 5]]
    assert tiers(sizes, factor=10, per_tier=6) == []
    assert tiers([1] * 4 + [20] * 3, factor=10, per_tier=3) == [[0, 1, 2, 3], [4, 5, 6]]


def test_a_collection_with_every_document_deleted_finds_nothing() -> None:
    segment = Segment.build([["a", "b"], ["b"]]).deleted([0, 1])
    assert SegmentedIndex([segment]).top(["a"], 10) == []
