"""Attribution checks that need no index: score the annotated paragraphs, or survey speaker strings.

    python -m bench.quotes_check gold FILE --corpus PATH [--corpus PATH ...] [--show-misses]
    python -m bench.quotes_check speakers QUOTES.jsonl [--seed N] [--sample K] [--top T]

``gold`` runs the attribution rules only on the articles the annotated file names (seconds instead of
an index build) and prints the same table as ``newsbot eval --attribution``. ``speakers`` reads the
output of ``newsbot quotes --json`` and prints the most frequent speakers with their types and a
reproducible random sample of speaker strings that occur once, for judging garbage by hand.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

from retrieval.attribution import attribute_quotes
from retrieval.attribution_eval import Predicted, format_table, predictions_for, read_gold, score
from retrieval.ingest import load_corpus


def gold_check(gold_file: Path, corpus: list[str], show_misses: bool) -> None:
    gold = read_gold(gold_file)
    wanted = {p.article_id for p in gold}
    articles = [a for a in load_corpus(corpus).articles if a.id in wanted]
    records: dict[tuple[str, int], list[Predicted]] = {}
    for article in articles:
        for quote in attribute_quotes(article.paragraphs):
            records.setdefault((article.id, quote.paragraph), []).append(Predicted(quote.speaker.name, quote.text, quote.kind))
    result = score(gold, predictions_for(gold, records))
    print(format_table(result))
    if show_misses:
        print("\n".join(result.misses))


def speaker_survey(quotes_file: Path, seed: int, sample: int, top: int) -> None:
    counts: Counter[str] = Counter()
    types: dict[str, Counter[str]] = {}
    for line in quotes_file.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            counts[row["speaker"]] += 1
            types.setdefault(row["speaker"], Counter())[row["speaker_type"]] += 1
    once = sorted(name for name, n in counts.items() if n == 1)
    print(f"{sum(counts.values())} quotes, {len(counts)} speaker strings, {len(once)} occur once")
    print(f"\n{top} most frequent speakers:")
    for name, n in counts.most_common(top):
        print(f"{n:6}  {name}  {types[name].most_common(1)[0][0]}")
    print(f"\nrandom sample of {sample} speakers that occur once (seed {seed}):")
    for name in random.Random(seed).sample(once, min(sample, len(once))):
        print(f"{name}\t{types[name].most_common(1)[0][0]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.quotes_check")
    sub = parser.add_subparsers(dest="command", required=True)
    g = sub.add_parser("gold", help="score the rules on the annotated paragraphs' articles")
    g.add_argument("file", type=Path)
    g.add_argument("--corpus", action="append", required=True)
    g.add_argument("--show-misses", action="store_true")
    s = sub.add_parser("speakers", help="frequent speakers and a sample of those that occur once")
    s.add_argument("file", type=Path, help="output of newsbot quotes --json")
    s.add_argument("--seed", type=int, default=9)
    s.add_argument("--sample", type=int, default=100)
    s.add_argument("--top", type=int, default=30)
    args = parser.parse_args(argv)
    if args.command == "gold":
        gold_check(args.file, args.corpus, args.show_misses)
    else:
        speaker_survey(args.file, args.seed, args.sample, args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
