"""Serving probe, run in a fresh process by the benchmark: load an index, answer, report.

    python -m bench.probe --index-dir DIR --questions FILE

Prints one JSON object: load seconds, latency percentiles of the whole answer path
(question parsing, retrieval, attribution look-up, Telegram HTML formatting) and the peak
resident memory of this serving process, which, like the bot, has also prepared its first reload
(retrieval.prepare_reloads).
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

from bot.formatting import answers_html, escape
from retrieval import answering, prepare_reloads
from retrieval.index.persist import load_index


def percentiles(values_ms: list[float]) -> dict[str, float]:
    ordered = sorted(values_ms)

    def at(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 3)

    return {"p50": at(0.50), "p95": at(0.95), "p99": at(0.99), "max": round(ordered[-1], 3), "n": len(ordered)}


def peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM). Unlike ru_maxrss it is not inherited from
    the parent that forked the process before exec."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def resident_mb() -> dict[str, float]:
    """This process's resident memory now, split into private (RssAnon) and file-backed pages
    (RssFile: the mapped index arrays, shared with every process mapping them)."""
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines() if ":" in line)
    return {key: round(int(fields[key].split()[0]) / 1024, 1) for key in ("RssAnon", "RssFile") if key in fields}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index-dir", required=True)
    parser.add_argument("--questions", required=True)
    parser.add_argument("--top", type=int, default=3)
    args = parser.parse_args()
    questions = [q for q in Path(args.questions).read_text(encoding="utf-8").splitlines() if q.strip()]

    started = time.perf_counter()
    index = load_index(Path(args.index_dir))
    assert index is not None, "no index in that directory"
    answering.warm_up(index)
    load_seconds = time.perf_counter() - started
    prepare_reloads(index)  # as `newsbot run` does once it serves: its memory counts in the peak

    latencies = []
    answered = 0
    for question in questions:  # each question once, in a process that has answered none before
        t0 = time.perf_counter()
        answers = answering.answer(index, question, args.top)
        answers_html(f"问：<i>{escape(question)}</i>", answers)
        latencies.append((time.perf_counter() - t0) * 1000)
        answered += bool(answers)
    rss_mb = peak_rss_mb()
    print(
        json.dumps(
            {
                "load_seconds": round(load_seconds, 3),
                "latency_ms": percentiles(latencies),
                "answered_share": round(answered / len(questions), 3),
                "peak_rss_mb": round(rss_mb, 1),
                "resident_mb": resident_mb(),
                "chunks": int(len(index.chunks)),
            }
        )
    )


if __name__ == "__main__":
    main()
