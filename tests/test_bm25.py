"""The candidate-only BM25 gives exactly rank-bm25's BM25Okapi scores."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rank_bm25 import BM25Okapi

from retrieval.index.bm25 import BM25Params, ForwardIndex, ParagraphIndex


def _random_corpus(rng: random.Random, docs: int, vocab: int) -> list[list[str]]:
    words = [f"w{i}" for i in range(vocab)]
    weights = [1 / (i + 1) for i in range(vocab)]  # Zipf-like: some words in most documents
    return [rng.choices(words, weights, k=rng.randint(1, 40)) for _ in range(docs)]


@pytest.mark.parametrize("seed", range(6))
def test_scores_equal_rank_bm25(seed: int) -> None:
    rng = random.Random(seed)
    corpus = _random_corpus(rng, docs=rng.randint(20, 400), vocab=rng.randint(10, 300))
    params = BM25Params(k1=rng.choice([1.2, 1.5, 2.0]), b=rng.choice([0.5, 0.75, 1.0]), epsilon=rng.choice([0.1, 0.25]))
    reference = BM25Okapi(corpus, k1=params.k1, b=params.b, epsilon=params.epsilon)
    index = ParagraphIndex.build(corpus, params)
    vocabulary = sorted({w for doc in corpus for w in doc})
    for _ in range(25):
        query = rng.choices(vocabulary, k=rng.randint(1, 6)) + (["absent"] if rng.random() < 0.3 else [])
        expected = reference.get_scores(query)
        got = index.get_scores(query)
        assert np.array_equal(got, expected), (query, np.abs(got - expected).max())
        ids, scores = index.score_candidates(query)
        assert set(ids.tolist()) == {i for i, doc in enumerate(corpus) if set(doc) & set(query)}
        docs = np.array(rng.sample(range(len(corpus)), k=min(10, len(corpus))))
        assert index.score_documents(query, docs).tolist() == reference.get_batch_scores(query, docs.tolist())


def test_top_matches_full_scan_order() -> None:
    rng = random.Random(42)
    corpus = _random_corpus(rng, docs=500, vocab=200)
    reference = BM25Okapi(corpus)
    index = ParagraphIndex.build(corpus)
    for _ in range(20):
        query = rng.choices([f"w{i}" for i in range(20, 200)], k=3)
        scores = reference.get_scores(query)
        top = index.top(query, 10)
        matching = [i for i, doc in enumerate(corpus) if set(doc) & set(query)]
        assert [s for _, s in top] == sorted(scores[matching], reverse=True)[:10]
        assert all(scores[doc] == score for doc, score in top)


def test_negative_idf_floor_matches() -> None:
    corpus = [["common", "a"], ["common", "b"], ["common"], ["rare", "common"]]
    reference = BM25Okapi(corpus)
    index = ParagraphIndex.build(corpus)
    assert np.array_equal(index.get_scores(["common", "rare"]), reference.get_scores(["common", "rare"]))


@pytest.mark.parametrize("high", [0, 1 << 16, 1 << 20])
def test_stable_order_equals_a_stable_argsort(high: int) -> None:
    """Postings are ordered by two 16-bit radix sorts; ties keep document order as a stable sort does."""
    from retrieval.index.bm25 import stable_order

    rng = np.random.default_rng(high + 3)
    keys = rng.integers(0, 70_000 + high, size=20_000).astype(np.int32)
    keys[::7] = keys[0]  # many ties
    assert np.array_equal(stable_order(keys), np.argsort(keys, kind="stable"))
    assert np.array_equal(stable_order(keys.astype(np.int64)), np.argsort(keys, kind="stable"))
    assert len(stable_order(np.zeros(0, np.int32))) == 0


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.integers(0, 3000), max_size=300), max_size=5), st.sampled_from([np.int32, np.int64]))
def test_distinct_is_numpys_unique(lists: list[list[int]], dtype: type) -> None:
    """distinct() stands in for np.unique on the answer path: the same values, order and dtype,
    for posting lists merged as sorted runs and for ids in any order."""
    from retrieval.index.bm25 import distinct

    runs = [np.unique(np.asarray(values, dtype=dtype)) for values in lists]
    merged = np.concatenate(runs) if runs else np.zeros(0, dtype)
    shuffled = np.random.default_rng(len(merged)).permutation(merged)
    for values, sorted_runs in ((merged, True), (shuffled, False)):
        got, want = distinct(values, runs=sorted_runs), np.unique(values)
        assert got.dtype == want.dtype and got.tolist() == want.tolist()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from("甲乙丙丁戊己庚辛"), max_size=6), max_size=12), st.lists(st.integers(0, 12), max_size=4))
def test_forward_indexes_of_batches_concatenate_to_the_whole(documents: list[list[str]], cuts: list[int]) -> None:
    """Workers count their own batches; joined, the batches give the corpus's forward index with
    term ids in order of first appearance over all documents."""
    bounds = sorted({0, len(documents), *(min(c, len(documents)) for c in cuts)})
    parts = [ForwardIndex.from_tokens(documents[a:b]) for a, b in zip(bounds, bounds[1:])]
    joined, whole = ForwardIndex.concatenate(parts), ForwardIndex.from_tokens(documents)
    assert joined.vocabulary == whole.vocabulary
    for got, want in ((joined.indptr, whole.indptr), (joined.terms, whole.terms), (joined.tfs, whole.tfs)):
        assert got.tolist() == want.tolist()
