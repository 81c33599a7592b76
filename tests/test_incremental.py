"""A reload that reuses unchanged articles gives the same index as a full build."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest

from retrieval import NewsIndex, answering
from retrieval.index.bm25 import ParagraphIndex
from retrieval.index.update import fold, update_index
from retrieval.models import Article
from retrieval.segments import SegmentedIndex

from .conftest import NEWS, ROOT


def assert_same_postings(segmented: SegmentedIndex, block: ParagraphIndex, seed: int = 0) -> None:
    """A reload's segments answer every look-up a question makes as the full build's block does:
    postings, document frequencies, idf and the candidates' scores of random queries (to 1e-9),
    for every token of both, including tokens only dead chunks held."""
    assert segmented.corpus_size == block.corpus_size and segmented.avgdl == block.avgdl
    tokens = sorted(set(block.vocabulary) | {t for s in segmented.segments for t in s.index.vocabulary}) + ["从未出现"]
    for token in tokens:
        assert segmented.document_frequency(token) == block.document_frequency(token), token
        assert abs(segmented.token_idf(token) - block.token_idf(token)) <= 1e-12, token
        ids, tfs = segmented.postings(token)
        expected_ids, expected_tfs = block.postings(token)
        assert np.array_equal(ids, expected_ids) and np.array_equal(tfs, expected_tfs), token
    rng = random.Random(seed)
    for _ in range(60):
        query = rng.choices(tokens, k=rng.randint(1, 6))
        ids, scores = segmented.score_candidates(query)
        expected_ids, expected_scores = block.score_candidates(query)
        assert np.array_equal(ids, expected_ids)
        assert np.allclose(scores, expected_scores, rtol=0, atol=1e-9)
        assert [d for d, _ in segmented.top(query, 10)] == [d for d, _ in block.top(query, 10)]


def assert_same_index(a: NewsIndex, b: NewsIndex) -> None:
    assert [x.id for x in a.articles] == [x.id for x in b.articles]
    assert np.array_equal(a.chunks, b.chunks)
    assert np.array_equal(a.chunk_converted, b.chunk_converted)
    assert a.quotes == b.quotes
    assert a.tokenizer.names == b.tokenizer.names
    assert a.speakers.to_json() == b.speakers.to_json()  # names, roles, aliases, look-ups, quote owners
    assert a.speakers.entries == b.speakers.entries  # and each speaker's quote ids
    assert a.quote_text_keys == b.quote_text_keys
    bm25, forward = a.bm25, a.forward
    if isinstance(bm25, SegmentedIndex):  # a reload's segments: they score as the block, and fold into it
        assert_same_postings(bm25, b.bm25)
        bm25, forward = fold(bm25)
    assert bm25.vocabulary == b.bm25.vocabulary  # same tokens, numbered the same way
    for name in ("indptr", "doc_ids", "term_freqs", "doc_len", "idf"):
        assert np.array_equal(getattr(bm25, name), getattr(b.bm25, name)), name
    assert forward is not None and b.forward is not None
    assert np.array_equal(forward.terms, b.forward.terms) and np.array_equal(forward.tfs, b.forward.tfs)


def _articles(n: int) -> list[Article]:
    source = NEWS / "nyt-cn-business.jsonl" if (NEWS / "nyt-cn-business.jsonl").exists() else ROOT / "corpus" / "xwlb-sample.jsonl"
    lines = source.read_text(encoding="utf-8").splitlines()[:n]
    return [Article(id=r["id"], title=r.get("title"), paragraphs=r["paragraphs"], date=r.get("date")) for r in map(json.loads, lines)]


@pytest.mark.parametrize("seed", [1, 2])
def test_incremental_update_equals_full_build(seed: int) -> None:
    rng = random.Random(seed)
    base = _articles(60)
    # an article that names the future speaker in Traditional characters: it must be re-cut too
    base.append(Article(id="trad-1", title="繁體", paragraphs=["鍾離子墨的公司去年在香港上市。"]))
    old = NewsIndex.build(base, workers=1)
    assert old.forward is not None

    changed = list(base)
    assert not old.chunk_converted[:-1].all() and old.chunk_converted[-1]
    # edit one article: a new speaker whose name also appears in an unchanged article's text
    victim = rng.randrange(len(changed))
    elsewhere = (victim + 1) % len(changed)
    name = "钟离子墨"
    changed[elsewhere] = Article(
        id=changed[elsewhere].id, title=changed[elsewhere].title, date=changed[elsewhere].date,
        paragraphs=changed[elsewhere].paragraphs + [f"{name}的公司去年上市。"],
    )
    changed[victim] = Article(
        id=changed[victim].id, title=changed[victim].title, date=changed[victim].date,
        paragraphs=changed[victim].paragraphs[:-1] + [f"{name}表示，市场前景依然乐观。"],
    )
    del changed[rng.randrange(len(changed))]  # one removed
    changed.insert(rng.randrange(len(changed)), Article(id="new-1", title="新", paragraphs=["王小明说，新文章来了。", "“很好，”他说。"]))

    updated, counts = update_index(old, old.forward, changed, workers=1)
    full = NewsIndex.build(changed, workers=1)
    assert_same_index(updated, full)
    assert counts["articles_new"] <= 4 and counts["articles_reused"] >= len(changed) - 4
    assert counts["names_changed"] >= 1
    assert counts["chunks_tokenized"] < len(full.chunks) // 2
    question = f"{name}说了什么？"
    assert [(x.speaker, x.quote) for x in answering.answer(updated, question)] == [(x.speaker, x.quote) for x in answering.answer(full, question)]
    assert answering.answer(updated, question)[0].speaker == name


def test_unchanged_corpus_reuses_everything() -> None:
    base = _articles(20)
    old = NewsIndex.build(base, workers=1)
    assert old.forward is not None
    updated, counts = update_index(old, old.forward, base, workers=1)
    assert counts == {"articles_reused": 20, "articles_new": 0, "chunks_tokenized": 0, "names_changed": 0}
    assert_same_index(updated, NewsIndex.build(base, workers=1))


@pytest.mark.parametrize("workers", [1, 2])
def test_tokens_and_conversion_flags_come_from_one_pass(workers: int) -> None:
    """A build tokenizes each text and flags whether Simplified conversion changes it in the same
    pass: the tokens are tokenize()'s and the flags simplified_differs()'s (full width, Traditional)."""
    from retrieval.index.news_index import tokenize_and_flag
    from retrieval.normalize import simplified_differs
    from retrieval.tokenize import NewsTokenizer

    texts = ["發言人王大明說，經濟很好。", "ＡＢＣ公司的Ｌｅｅ说：明年１０％", "乾燥的天氣", "今天天气不错。", "ＸＹＺ臺灣"] * 700
    tokenizer = NewsTokenizer([("王大明", 50)])
    tokens, flags = tokenize_and_flag(texts, tokenizer, workers)
    assert tokens == [tokenizer.tokenize(t) for t in texts]
    assert np.array_equal(flags, simplified_differs(texts))
    assert flags[:5].tolist() == [True, False, True, False, True]


def test_prepare_reloads_loads_attribution_tables_and_leaves_the_index_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a server does in the background once it serves: the first reload then finds
    attribution's dictionary tables and the tagger loaded (the tagger in a thread that is not a
    daemon, so that interpreter exit waits for its native session); the serving index is not touched."""
    import threading

    from retrieval import prepare_reloads, speakers, tagger, tokenize
    from retrieval.index import speaker_index, update

    index = NewsIndex.build(_articles(5), workers=1)
    before = index.speakers.to_json()
    speakers._predicate_words.cache_clear()
    speaker_index.name_key.cache_clear()
    monkeypatch.setattr(tagger, "_model", None)
    monkeypatch.setattr(tokenize, "_spare_jiebas", [])
    loaded_by = []
    monkeypatch.setattr(update, "load_tagger", lambda: loaded_by.append(threading.current_thread().daemon) or tagger.load_tagger())
    server = threading.Thread(target=prepare_reloads, args=(index,), daemon=True)  # as IndexService.prepare_reloads
    server.start()
    server.join()
    assert tagger._model is None and loaded_by == []  # by default the tagger waits for a reload (its 100 MB)
    server = threading.Thread(target=prepare_reloads, args=(index, True), daemon=True)  # NEWSBOT_PRELOAD_TAGGER=true
    server.start()
    server.join()
    assert tagger._model is not None and loaded_by == [False]
    assert len(tokenize._spare_jiebas) == 1  # the jieba dictionary a reload that learns a name takes
    assert speakers._predicate_words.cache_info().currsize == 1
    misses = speaker_index.name_key.cache_info().misses
    for quote in index.quotes:  # the speaker keys a reload looks up are cached
        speaker_index.name_key(quote.speaker.name)
    assert speaker_index.name_key.cache_info().misses == misses
    assert index.speakers.to_json() == before


def _edited(rng: random.Random, base: list[Article], reorder: bool) -> list[Article]:
    """Random edits of the kinds a reload meets: removed, added (words no article had before) and
    changed articles; with ``reorder``, two articles also swap places."""
    changed = list(base)
    for _ in range(rng.randint(1, 3)):
        del changed[rng.randrange(len(changed))]
    for k in range(rng.randint(1, 3)):
        word = f"词{rng.randrange(10**6)}"
        changed.insert(rng.randrange(len(changed) + 1), Article(id=f"new-{k}", title="新", paragraphs=[f"李明远表示，{word}是今年的新说法。", "他说，变化很快。"]))
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(changed))
        changed[i] = Article(id=changed[i].id, title=changed[i].title, date=changed[i].date, paragraphs=changed[i].paragraphs[1:] + ["新加的一段话。"])
    if reorder:  # two unchanged articles: their chunks are reused, out of their old order
        i, j = rng.sample([k for k, a in enumerate(changed) if any(a is b for b in base)], 2)
        changed[i], changed[j] = changed[j], changed[i]
    return changed


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("reorder", [False, True])
def test_merged_postings_equal_a_full_build(seed: int, reorder: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """A reload merges the new postings into the old ones when the reused chunks keep their order
    (else it sorts all entries again); either way the index is the full build's."""
    from retrieval.index import update

    merged = []
    original = update._merged_postings
    monkeypatch.setattr(update, "_merged_postings", lambda *args: merged.append(1) or original(*args))
    base = _articles(40)
    old = NewsIndex.build(base, workers=1)
    assert old.forward is not None
    changed = _edited(random.Random(seed), base, reorder)
    updated, _ = update_index(old, old.forward, changed, workers=1)
    assert_same_index(updated, NewsIndex.build(changed, workers=1))
    assert bool(merged) is not reorder


def test_a_reload_hashes_only_new_and_changed_articles(monkeypatch: pytest.MonkeyPatch) -> None:
    """The content generation (what paging buttons check) of a reloaded index equals a full
    build's, and computing it hashes only the articles the reload did not reuse: the digests of
    the others come from the old index (hashing every article cost 0.1 s of a reload)."""
    from retrieval.index.news_index import content_generation

    base = _articles(30)
    old = NewsIndex.build(base, workers=1)
    assert old.forward is not None
    content_generation(old)  # a serving index has computed its generation
    changed = _edited(random.Random(7), base, reorder=False)
    updated, counts = update_index(old, old.forward, changed, workers=1)
    hashed = []
    original = Article.digest
    monkeypatch.setattr(Article, "digest", lambda self: hashed.append(self.id) or original(self))
    generation = content_generation(updated)
    assert len(hashed) == counts["articles_new"] < len(changed) // 4
    monkeypatch.undo()
    assert generation == content_generation(NewsIndex.build(changed, workers=1))


@pytest.mark.parametrize("seed", range(4))
def test_a_reload_keeps_the_old_postings_as_its_base_segment(seed: int, tmp_path: Path) -> None:
    """A reload after a few changed articles copies none of the old postings (on the shared corpus
    merging them into new arrays took half of a reload): they stay, untouched, as the base segment,
    the replaced chunks tombstones, and only the fresh chunks are indexed, in a delta segment.
    Saving folds the segments into the full build's block and serves that from then on."""
    from retrieval.index.persist import load_index, save_index

    base = _articles(40)
    old = NewsIndex.build(base, workers=1)
    assert old.forward is not None
    before = {name: getattr(old.bm25, name).copy() for name in ("indptr", "doc_ids", "term_freqs")}
    changed = _edited(random.Random(seed), base, reorder=False)
    updated, counts = update_index(old, old.forward, changed, workers=1)
    assert isinstance(updated.bm25, SegmentedIndex)
    base_segment, delta = updated.bm25.segments
    assert base_segment.index is old.bm25  # the very arrays, not a copy
    assert all(np.array_equal(getattr(old.bm25, name), array) for name, array in before.items())
    assert len(delta.live) == counts["chunks_tokenized"] < len(updated.chunks) // 4
    full = NewsIndex.build(changed, workers=1)
    assert_same_index(updated, full)
    assert updated.forward is None  # the segments carry their forward indexes

    save_index(updated, tmp_path / "index", "fingerprint")
    assert isinstance(updated.bm25, ParagraphIndex)  # folded on saving
    for name in ("indptr", "doc_ids", "term_freqs", "doc_len", "idf"):
        assert np.array_equal(getattr(updated.bm25, name), getattr(full.bm25, name)), name
    loaded = load_index(tmp_path / "index")
    assert loaded is not None and np.array_equal(loaded.bm25.doc_ids, full.bm25.doc_ids)
