"""The persisted index round-trips, and a changed or broken index directory is rebuilt."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import json

import numpy as np

from retrieval import NewsIndex, load_corpus, open_index
from retrieval.persist import load_index

from .test_incremental import assert_same_index


def _answers(index, questions):
    return [[(a.speaker, a.quote, a.score) for a in index.answer(q)] for q in questions]


QUESTIONS = ["陈华文说了什么？", "谁提到了绿色转型？", "蓝钦扬强调了什么？"]


def test_round_trip(seed_dir: Path, tmp_path: Path) -> None:
    built, report = open_index([seed_dir], tmp_path / "idx", workers=1)
    assert not report.loaded
    loaded, report = open_index([seed_dir], tmp_path / "idx", workers=1)
    assert report.loaded
    for name in ("indptr", "doc_ids", "term_freqs", "doc_len", "idf"):
        assert np.array_equal(getattr(built.bm25, name), getattr(loaded.bm25, name)), name
    assert built.bm25.vocabulary == loaded.bm25.vocabulary
    assert np.array_equal(built.chunks, loaded.chunks)
    assert built.quotes == loaded.quotes
    assert built.tokenizer.names == loaded.tokenizer.names
    assert _answers(built, QUESTIONS) == _answers(loaded, QUESTIONS)


def test_changed_corpus_is_rebuilt(tmp_path: Path, seed_dir: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(seed_dir, corpus)
    index, _ = open_index([corpus], tmp_path / "idx", workers=1)
    assert index.answer("王小明说了什么") == []
    extra = corpus / "new.md"
    extra.write_text("---\ntitle: 新文章\n---\n\n王小明表示，新文章会被重新索引。\n", encoding="utf-8")
    index, report = open_index([corpus], tmp_path / "idx", workers=1)
    assert not report.loaded
    assert index.answer("王小明说了什么")[0].speaker == "王小明"
    os.utime(extra, ns=(1, 1))  # a touched file changes the fingerprint too
    assert load_index(tmp_path / "idx", "another-fingerprint") is None


def test_broken_index_directory_is_rebuilt(seed_dir: Path, tmp_path: Path) -> None:
    open_index([seed_dir], tmp_path / "idx", workers=1)
    (tmp_path / "idx" / "corpus.pickle").write_bytes(b"garbage")
    index, report = open_index([seed_dir], tmp_path / "idx", workers=1)
    assert not report.loaded
    assert index.answer("陈华文说了什么？")[0].speaker == "陈华文"
    _, report = open_index([seed_dir], tmp_path / "idx", workers=1)
    assert report.loaded


def test_skipped_files_are_remembered_with_the_index(tmp_path: Path, seed_dir: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(seed_dir, corpus)
    (corpus / "bad.jsonl").write_text("{not json\n", encoding="utf-8")
    _, first = open_index([corpus], tmp_path / "idx", workers=1)
    _, second = open_index([corpus], tmp_path / "idx", workers=1)
    assert second.loaded and second.problems == first.problems and len(first.problems) == 1


def test_changed_file_triggers_an_incremental_rebuild_equal_to_a_full_build(tmp_path: Path, seed_dir: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(seed_dir, corpus)
    rows = [{"id": f"a{i}", "paragraphs": [f"第{i}篇文章。张{i}明说，这是第{i}篇。"]} for i in range(30)]
    many = corpus / "many.jsonl"
    many.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    _, report = open_index([corpus], tmp_path / "idx", workers=1)
    assert report.reused is None and not report.loaded

    rows[5]["paragraphs"] = ["王大锤表示，第五篇改过了。"]
    many.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    updated, report = open_index([corpus], tmp_path / "idx", workers=1)
    assert report.reused is not None
    assert report.reused["articles_new"] == 1 and report.reused["articles_reused"] == 30
    assert updated.answer("王大锤说了什么？")[0].speaker == "王大锤"

    saved, report = open_index([corpus], tmp_path / "idx", workers=1)
    assert report.loaded
    full = NewsIndex.build(load_corpus([corpus]).articles, workers=1)
    saved.forward = full.forward  # forward indexes are compared in test_incremental
    assert_same_index(saved, full)
