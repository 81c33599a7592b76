"""Reload probe, run in a fresh process by the benchmark: a serving process that opened the index
from disk (as the bot does at start) gets one changed corpus file and reloads, as on /reload.

    python -m bench.reload_probe --index-dir DIR --corpus PATH ... --change FILE --edit small|line

The process does what ``newsbot run`` does: it opens the index, loads what a reload's attribution
consults in the background (IndexService.prepare_reloads), and reloads through IndexService, whose
report gives the seconds until the new index serves. Prints one JSON object: those seconds for the
process's first reload and for a second one after a second edit, the seconds to save the first,
and what it reused.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from pathlib import Path

from bot.service import IndexService
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
    service = IndexService(index, corpus, Path(args.index_dir), index.bm25.params)
    service.prepare_reloads().join()  # the bot serves meanwhile; a /reload comes later

    async def reload() -> dict:
        EDITS[args.edit](Path(args.change))
        started = time.perf_counter()
        report = await service.start_reload()
        assert report.ok, report.error or report.refused
        return {"ready": report.seconds, "saved": time.perf_counter() - started - report.seconds, "reused": report.reused}

    first = asyncio.run(reload())  # the process's first reload, then the next one
    second = asyncio.run(reload())
    print(json.dumps({**first, "next_ready": second["ready"]}))


if __name__ == "__main__":
    main()
