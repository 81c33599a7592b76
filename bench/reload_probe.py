"""Reload probe, run in a fresh process by the benchmark: a serving process that opened the index
from disk (as the bot does at start) gets one changed corpus file and reloads, as on /reload.

    python -m bench.reload_probe --index-dir DIR --corpus PATH ... --change FILE --edit small|line

Prints one JSON object: seconds until the new index can serve, seconds to save it, and what the
reload reused, for the process's first reload, which also loads what attribution consults
(jieba's dictionary and the tables made from it) as the bot's first /reload does; and seconds
until a second reload after a second edit can serve.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from retrieval import open_index


def add_paragraph(path: Path) -> None:
    """A new statement by a new speaker in a scraped article (before its 本文作者 line)."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("本文作者", "新来的嘉宾许明远表示，基准测试改动了这一篇文章。\n本文作者", 1), encoding="utf-8")


def edit_one_line(path: Path) -> None:
    """A new paragraph in the middle article of a JSON Lines file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    row = json.loads(lines[len(lines) // 2])
    row["paragraphs"].append("新来的嘉宾许明远表示，基准测试改动了这一篇文章。")
    lines[len(lines) // 2] = json.dumps(row, ensure_ascii=False)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


EDITS = {"small": add_paragraph, "line": edit_one_line}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index-dir", required=True)
    parser.add_argument("--corpus", action="append", required=True)
    parser.add_argument("--change", required=True)
    parser.add_argument("--edit", choices=sorted(EDITS), required=True)
    args = parser.parse_args()
    corpus = [Path(p) for p in args.corpus]
    index, _ = open_index(corpus, Path(args.index_dir))
    index.warm_up()
    results = []
    for _ in range(2):  # the process's first reload, then the next one
        EDITS[args.edit](Path(args.change))
        started = time.perf_counter()
        index, report = open_index(corpus, Path(args.index_dir), index.bm25.params, current=index, defer_save=True)
        ready = time.perf_counter() - started
        started = time.perf_counter()
        if report.save is not None:
            report.save()
        results.append({"ready": ready, "saved": time.perf_counter() - started, "reused": report.reused})
    print(json.dumps({**results[0], "next_ready": results[1]["ready"]}))


if __name__ == "__main__":
    main()
