"""Does a reload answer exactly as a full build? On a private copy of the corpus (by default
../shared/data/news and corpus/, or corpus/ alone without ../shared): build and save the index, change one article in a small file
and one line of the largest JSON Lines file, reload as the bot does (the old index in memory, its
postings kept as a base segment beside a delta), build the changed files from nothing, and compare
quotes, speakers, chunks, every term's document frequency and idf, sampled postings, the
candidates and scores of random queries and the top 10 answers of generated questions.

    python -m bench.reload_identity [--corpus PATH ...] [--queries N] [--questions N]

Prints one line per comparison; exit status 1 when any differs. The full build takes as long as
`newsbot index` (one to two minutes on the shared corpus).
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

from retrieval import NewsIndex, answering, open_index

from .reload_probe import add_paragraph, edit_one_line
from .run import ROOT, SHARED, generate_questions


def _top10(index: NewsIndex, question: str) -> list[tuple]:
    return [(a.speaker, a.quote, a.score, a.article["id"]) for a in answering.answer(index, question, 10)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.reload_identity", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", action="append", help="corpus paths (default: ../shared/data/news and corpus/)")
    parser.add_argument("--queries", type=int, default=2000, help="random keyword queries scored by both")
    parser.add_argument("--questions", type=int, default=1200, help="generated questions whose top 10 answers are compared")
    args = parser.parse_args(argv)
    if args.corpus:
        sources = [Path(p) for p in args.corpus]
    else:
        sources = [SHARED / "news", ROOT / "corpus"] if (SHARED / "news").is_dir() else [ROOT / "corpus"]
    work = Path(tempfile.mkdtemp(prefix="newsbot-reload-identity-"))
    try:
        corpus = []
        for i, source in enumerate(sources):  # a private copy: two of its files are changed
            target = work / "corpus" / f"{i}-{source.name}"
            (shutil.copytree if source.is_dir() else shutil.copy)(source, target)
            corpus.append(target)
        old, _ = open_index(corpus, work / "index")
        small = next((p for c in corpus if c.is_dir() for p in sorted(c.glob("*.txt"))), None)
        if small is not None:
            add_paragraph(small)
        edit_one_line(max((p for c in corpus for p in ([c] if c.is_file() else c.rglob("*.jsonl"))), key=lambda p: p.stat().st_size))
        reloaded, report = open_index(corpus, work / "index", old.bm25.params, current=old, defer_save=True)
        fresh, _ = open_index(corpus, None)
        seg, block = reloaded.bm25, fresh.bm25
        rng = random.Random(3)
        tokens = list(block.vocabulary)
        sample = rng.sample(tokens, min(len(tokens), 20000))
        worst, same_top = 0.0, 0
        for _ in range(args.queries):
            query = rng.choices(tokens, k=rng.randint(1, 6))
            ids, scores = seg.score_candidates(query)
            expected_ids, expected_scores = block.score_candidates(query)
            if not np.array_equal(ids, expected_ids):
                worst = float("inf")
            elif len(scores):
                worst = max(worst, float(np.abs(scores - expected_scores).max()))
            same_top += [d for d, _ in seg.top(query, 10)] == [d for d, _ in block.top(query, 10)]
        questions = generate_questions(fresh, args.questions)
        checks = {
            f"reload kept the old postings as a base segment ({type(seg).__name__}; reused {report.reused})": type(seg).__name__ == "SegmentedIndex",
            "quotes": reloaded.quotes == fresh.quotes,
            "speaker index (names, roles, aliases, quote ids)": reloaded.speakers.to_json() == fresh.speakers.to_json() and reloaded.speakers.entries == fresh.speakers.entries,
            "chunk table": np.array_equal(reloaded.chunks, fresh.chunks),
            "N and avgdl": seg.corpus_size == block.corpus_size and seg.avgdl == block.avgdl,
            f"document frequency and idf of all {len(tokens):,} terms": all(
                seg.document_frequency(t) == block.document_frequency(t) and abs(seg.token_idf(t) - block.token_idf(t)) <= 1e-12 for t in tokens
            ),
            f"postings of {len(sample):,} sampled terms": all(
                all(np.array_equal(a, b) for a, b in zip(seg.postings(t), block.postings(t))) for t in sample
            ),
            f"{args.queries:,} random queries: same candidates, scores within 1e-9 (largest difference {worst:g})": worst <= 1e-9,
            f"{args.queries:,} random queries: same top 10 ({same_top:,})": same_top == args.queries,
            f"{len(questions):,} generated questions: same top 10 answers with the same scores": all(_top10(reloaded, q) == _top10(fresh, q) for q in questions),
        }
        for what, ok in checks.items():
            print(f"{'same' if ok else 'DIFFERS'}  {what}", flush=True)
        return 0 if all(checks.values()) else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
