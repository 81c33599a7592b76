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


@pytest.mark.parametrize("seed", range(30))
def test_a_base_and_an_interleaved_delta_answer_as_the_block_of_the_new_sequence(seed: int) -> None:
    """A reload's layout: the old documents (some replaced or gone) as the base, the new and
    changed ones as a delta, each document carrying its number in the new sequence, so that new
    documents fall between old ones. Every look-up a question makes equals the block built over
    the new sequence: postings (ascending ids), df, idf, candidates' scores, the top 10 by id."""
    rng = random.Random(seed)
    params = BM25Params(epsilon=rng.choice([0.1, 0.25]))
    old_docs = _random_corpus(rng, rng.randint(1, 40), rng.randint(5, 60))
    fresh = _random_corpus(rng, rng.randint(0, 8), rng.randint(5, 80))
    kept = sorted(rng.sample(range(len(old_docs)), k=rng.randint(0, len(old_docs))))
    sequence = [("old", i) for i in kept] + [("new", k) for k in range(len(fresh))]
    rng.shuffle(sequence)  # new documents anywhere; kept old ones keep their order
    olds = iter(kept)
    sequence = [next(olds) if kind == "old" else ("new", k) for kind, k in sequence]
    base_ids = np.full(len(old_docs), -1, dtype=np.int64)
    delta_ids = np.zeros(len(fresh), dtype=np.int64)
    for position, item in enumerate(sequence):
        if isinstance(item, tuple):
            delta_ids[item[1]] = position
        else:
            base_ids[item] = position
    order = np.argsort(delta_ids)  # the delta's documents in sequence order, as a reload builds it
    base = Segment.build(old_docs, params)
    base = Segment(base.index, base.forward, base_ids >= 0)
    delta = Segment.build([fresh[k] for k in order.tolist()], params)
    collection = SegmentedIndex([base, delta], params, ids=[base_ids, delta_ids[order]])
    documents = [fresh[item[1]] if isinstance(item, tuple) else old_docs[item] for item in sequence]
    if not documents:
        assert collection.top(["w1"], 10) == []
        return
    block = ParagraphIndex.build(documents, params)
    assert collection.corpus_size == block.corpus_size and collection.avgdl == block.avgdl
    words = sorted({w for doc in old_docs + fresh for w in doc}) + ["never"]
    for word in words:
        assert collection.document_frequency(word) == block.document_frequency(word), word
        assert abs(collection.token_idf(word) - block.token_idf(word)) <= 1e-12, word
        ids, tfs = collection.postings(word)
        expected_ids, expected_tfs = block.postings(word)
        assert np.array_equal(ids, expected_ids) and np.array_equal(tfs, expected_tfs), word
    for _ in range(20):
        query = rng.choices(words, k=rng.randint(1, 5))
        ids, scores = collection.score_candidates(query)
        expected_ids, expected_scores = block.score_candidates(query)
        assert np.array_equal(ids, expected_ids)
        assert np.allclose(scores, expected_scores, rtol=0, atol=1e-9)
        assert [d for d, _ in collection.top(query, 10)] == [d for d, _ in block.top(query, 10)]
        docs = np.array(rng.choices(range(len(documents)), k=5))
        assert np.allclose(collection.score_documents(query, docs), block.score_documents(query, docs), rtol=0, atol=1e-9)
