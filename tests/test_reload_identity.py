"""A reload after a few changed articles (the incremental path a serving process takes) answers
exactly as a fresh build of the same files: same quotes, same speaker index, same top 10 with
the same scores, in memory and once saved and opened again."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from retrieval import NewsIndex, answering, open_index
from retrieval.index.bm25 import ParagraphIndex
from retrieval.index.persist import load_index
from retrieval.segments import SegmentedIndex

from .conftest import ROOT
from .test_incremental import assert_same_postings


def _top10(index: NewsIndex, questions: list[str]) -> list[list[tuple]]:
    return [[(a.speaker, a.quote, a.score, a.article["id"]) for a in answering.answer(index, q, top_k=10)] for q in questions]


def _questions(index: NewsIndex) -> list[str]:
    """Questions about the most quoted people of the old index, plus a topic and the new speaker."""
    people = sorted((e for e in index.speakers.entries.values() if not e.collective), key=lambda e: (-len(e.quotes), e.name))
    return [f"{e.name}说了什么？" for e in people[:4]] + ["谁谈到了经济？", "许明远说了什么？"]


def test_a_reloaded_index_answers_as_a_fresh_build(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    directory = tmp_path / "index"
    old, _ = open_index([corpus], directory, workers=1)
    questions = _questions(old)
    most_quoted = questions[0].removesuffix("说了什么？")

    jsonl = next(corpus.glob("*.jsonl"))
    lines = jsonl.read_text(encoding="utf-8").splitlines()
    middle = json.loads(lines[len(lines) // 2])
    middle["paragraphs"].append("新来的嘉宾许明远表示，这一篇文章改动了。")
    lines[len(lines) // 2] = json.dumps(middle, ensure_ascii=False)
    del lines[len(lines) // 3]  # one article removed
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (corpus / "added.md").write_text(f"---\ntitle: 新文章\n---\n\n{most_quoted}表示，新的一篇文章也谈到了经济。\n", encoding="utf-8")

    reloaded, report = open_index([corpus], directory, workers=1, current=old, defer_save=True)
    assert report.reused is not None and report.reused["articles_new"] <= 3  # the incremental path
    fresh, _ = open_index([corpus], None, workers=1)
    assert isinstance(reloaded.bm25, SegmentedIndex)  # the old postings and a delta segment, not merged
    assert_same_postings(reloaded.bm25, fresh.bm25)  # BM25 scores to 1e-9, postings, df, idf
    assert reloaded.quotes == fresh.quotes
    assert reloaded.speakers.to_json() == fresh.speakers.to_json()
    assert reloaded.speakers.entries == fresh.speakers.entries  # with each speaker's quote ids
    expected = _top10(fresh, questions)
    assert expected[-1] and expected[-1][0][0] == "许明远"
    assert _top10(reloaded, questions) == expected
    assert report.save is not None
    report.save()
    assert isinstance(reloaded.bm25, ParagraphIndex) and _top10(reloaded, questions) == expected  # folded on saving
    saved = load_index(directory)
    assert saved is not None and _top10(saved, questions) == expected


def test_the_reload_identity_tool_finds_a_reload_identical_to_a_full_build() -> None:
    """bench.reload_identity (the check behind docs/evaluation.md's figure on the shared corpus)
    runs on the shipped corpus and finds every comparison the same."""
    import subprocess
    import sys

    command = [sys.executable, "-m", "bench.reload_identity", "--corpus", "corpus", "--questions", "60", "--queries", "200"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    lines = result.stdout.splitlines()
    assert len(lines) == 10 and all(line.startswith("same  ") for line in lines), result.stdout
    assert "SegmentedIndex" in lines[0]
