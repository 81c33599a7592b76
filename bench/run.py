"""newsbot's benchmark: every performance figure, and the rank-bm25 baseline, in one run.

    python -m bench [--corpus PATH ...] [--questions N] [--baseline-queries N] [--scale N]

Prints: full build seconds and MB/s; index size on disk and save seconds; load-from-disk seconds; peak RSS while serving; answer
latency p50/p95/p99 over the dev questions plus generated ones (whole answer path, measured in
a fresh serving process); rank-bm25 BM25Okapi full-scan latency on the same questions' keyword
queries and the ratio; the share of keyword queries whose top 10 equals BM25Okapi's; reload
seconds after one file changes (in a fresh serving process that opened the index from disk, as
the bot does); bot throughput through Application.process_update; and with --scale, the same
serving figures on a corpus grown to N paragraphs.

Without ../shared (the development data folder beside the checkout) it measures the shipped
corpus/ plus articles generated from its sentences (--generated N, 5,000 by default) and says so;
the bot step then runs without checking requests against the Bot API spec, and says that too.
It needs neither pytest nor aiohttp: the bot step uses the tests' request-layer stand-in only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from retrieval import NewsIndex, answering, load_corpus, open_index  # noqa: E402
from retrieval.index.bm25 import ForwardIndex, ParagraphIndex  # noqa: E402
from retrieval.index.persist import BuildReport, corpus_fingerprint, save_index  # noqa: E402
from retrieval.models import Article  # noqa: E402
from tests.shared_data import SHARED as SHARED_ROOT  # noqa: E402
from tests.shared_data import SHARED_WHAT, SPEC_PATH  # noqa: E402

from .probe import percentiles  # noqa: E402

SHARED = SHARED_ROOT / "data"


def say(label: str, value: str) -> None:
    print(f"{label:<48} {value}", flush=True)


# --- questions ------------------------------------------------------------------------------


def generate_questions(index: NewsIndex, n: int, seed: int = 7) -> list[str]:
    """Dev questions plus questions made from the corpus's own speakers and words."""
    rng = random.Random(seed)
    questions: list[str] = []
    dev = SHARED / "qa" / "dev.jsonl"
    if dev.exists():
        questions += [json.loads(line)["question"] for line in dev.read_text(encoding="utf-8").splitlines() if line.strip()]
    people = sorted(k for k, e in index.speakers.entries.items() if not e.collective and len(e.quotes) >= 2)
    vocabulary = list(index.bm25.vocabulary)
    df = np.diff(index.bm25.indptr)

    def topic_word(text: str) -> str | None:
        words = [t for t in index.tokenizer.tokenize_question(text) if len(t) >= 2 and 20 <= index.bm25.document_frequency(t) <= 3000]
        return rng.choice(words) if words else None

    while len(questions) < n:
        kind = rng.random()
        if kind < 0.3 and people:
            questions.append(f"{rng.choice(people)}说了什么？")
        elif kind < 0.55 and people:
            name = rng.choice(people)
            quote = index.quotes[rng.choice(index.speakers.entries[name].quotes)]
            word = topic_word(quote.text)
            if word:
                questions.append(f"{name}怎么看{word}？")
        elif kind < 0.8:
            quote = index.quotes[rng.randrange(len(index.quotes))]
            word = topic_word(quote.text)
            if word:
                questions.append(f"谁谈到了{word}？")
        else:
            term = rng.randrange(len(vocabulary))
            other = rng.randrange(len(vocabulary))
            if 20 <= df[term] <= 5000 and 20 <= df[other] <= 5000 and len(vocabulary[term]) >= 2:
                questions.append(f"{vocabulary[term]} {vocabulary[other]}")
    return questions[:n]


# --- the rank-bm25 baseline -------------------------------------------------------------------


def documents_from_forward(forward: ForwardIndex) -> list[list[str]]:
    """Token lists with the same counts and first-appearance order as the indexed chunks."""
    vocabulary = forward.vocabulary
    docs = []
    terms, tfs, indptr = forward.terms.tolist(), forward.tfs.tolist(), forward.indptr.tolist()
    for d in range(len(indptr) - 1):
        doc: list[str] = []
        for t, f in zip(terms[indptr[d] : indptr[d + 1]], tfs[indptr[d] : indptr[d + 1]]):
            doc.extend([vocabulary[t]] * f)
        docs.append(doc)
    return docs


def same_top10(ours: list[tuple[int, float]], scores: np.ndarray) -> bool:
    """Our top 10 equals BM25Okapi's: same scores rank by rank, same documents up to ties."""
    order = np.argsort(scores)[::-1]
    theirs = [(int(d), float(scores[d])) for d in order[:10] if scores[d] != 0.0]
    mine = [(d, s) for d, s in ours[:10] if s != 0.0]
    if [s for _, s in mine] != [s for _, s in theirs]:
        return False
    for rank, (doc, score) in enumerate(mine):
        if doc != theirs[rank][0] and scores[doc] != score:  # a different document only if tied
            return False
    return True


def run_baseline(index: NewsIndex, forward: ForwardIndex, questions: list[str], n: int) -> dict[str, float]:
    from rank_bm25 import BM25Okapi

    started = time.perf_counter()
    reference = BM25Okapi(documents_from_forward(forward), k1=index.bm25.params.k1, b=index.bm25.params.b, epsilon=index.bm25.params.epsilon)
    build_seconds = time.perf_counter() - started
    queries = [q for q in (answering.parse(index, question).tokens for question in questions) if q][:n]
    full_scan, fast, identical = [], [], 0
    for query in queries:
        t0 = time.perf_counter()
        scores = reference.get_scores(query)
        np.argsort(scores)[::-1][:10]
        full_scan.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        top = index.bm25.top(query, 10)
        fast.append((time.perf_counter() - t0) * 1000)
        identical += same_top10(top, scores)
    return {
        "build_seconds": build_seconds,
        "queries": len(queries),
        "full_scan_p50": statistics.median(full_scan),
        "fast_p50": statistics.median(fast),
        "identical_share": identical / len(queries),
    }


# --- serving probe ------------------------------------------------------------------------------


def resident(served: dict) -> str:
    """A probe's resident memory after answering: private and file-backed (shared) parts."""
    memory = served.get("resident_mb", {})
    return f"resident {memory.get('RssAnon', 0):.0f} MB private + {memory.get('RssFile', 0):.0f} MB mapped files"


def probe(index_dir: Path, questions_file: Path) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "bench.probe", "--index-dir", str(index_dir), "--questions", str(questions_file)],
        capture_output=True, text=True, cwd=ROOT, check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- bot throughput -----------------------------------------------------------------------------


def bot_throughput(index: NewsIndex, questions: list[str], corpus: list[Path], index_dir: Path) -> dict[str, float]:
    from telegram import Update

    from bot.app import build_application
    from bot.service import IndexService
    from bot.settings import Settings
    from tests.fake_telegram import FakeTelegram, StandInRequest

    telegram = FakeTelegram(check_spec=SPEC_PATH.exists())
    settings = Settings(bot_token="1:BENCH", corpus_paths=corpus, index_dir=index_dir)
    service = IndexService(index, corpus, index_dir)
    request = StandInRequest(telegram)
    app = build_application(settings, service, request=request, updates_request=request, flood_control=False)

    async def main() -> tuple[float, list[float]]:
        await app.initialize()
        updates = [Update.de_json(telegram.message_update(q, chat_id=10_000 + i % 50, user_id=10_000 + i % 50), app.bot) for i, q in enumerate(questions)]
        latencies = []
        started = time.perf_counter()
        for update in updates:
            t0 = time.perf_counter()
            await app.process_update(update)
            latencies.append((time.perf_counter() - t0) * 1000)
        elapsed = time.perf_counter() - started
        await app.shutdown()
        return elapsed, latencies

    elapsed, latencies = asyncio.run(main())
    assert not telegram.violations, telegram.violations[:3]
    sent = len(telegram.sent("sendMessage"))
    figures = {k: v for k, v in percentiles(latencies).items() if k != "n"}
    return {"qps": len(questions) / elapsed, "sent": sent, "checked": telegram.check_spec, **figures}


# --- a corpus without ../shared -----------------------------------------------------------------


def generated_articles(articles: list[Article], n: int, seed: int = 5) -> list[dict]:
    """``n`` articles in the JSON Lines schema, each of six paragraphs recombined from two to four
    sentences of ``articles`` (so speakers, cues and words occur at realistic rates), dated
    2022-09 to 2026-08 like the shipped sample."""
    rng = random.Random(seed)
    sentences = sorted({s for a in articles for p in a.paragraphs for s in _SENTENCE.findall(p) if 8 <= len(s) <= 150})
    start = time.mktime((2022, 9, 1, 12, 0, 0, 0, 0, -1))
    days = 4 * 365
    generated = []
    for i in range(n):
        paragraphs = ["".join(rng.choice(sentences) for _ in range(rng.randint(2, 4))) for _ in range(6)]
        date = time.strftime("%Y-%m-%d", time.localtime(start + rng.randrange(days) * 86400))
        title = paragraphs[0][:20]
        generated.append({"id": f"generated-{i}", "title": title, "url": None, "date": date, "source": "generated", "paragraphs": paragraphs})
    return generated


def write_generated_corpus(directory: Path, n: int) -> Path:
    """A folder holding ``n`` generated articles (generated.jsonl), made from the shipped corpus."""
    directory.mkdir(parents=True)
    shipped = load_corpus([ROOT / "corpus"]).articles
    lines = (json.dumps(a, ensure_ascii=False) for a in generated_articles(shipped, n))
    (directory / "generated.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return directory


# --- reload after one change --------------------------------------------------------------------


def reload_after_change(corpus: list[Path], index_dir: Path, changed: Path, edit: str) -> dict:
    """Seconds until the new index can serve after ``changed`` is edited (the first reload of a fresh
    serving process that opened the index from disk, and the next one), and seconds to save it
    (bench.reload_probe)."""
    command = [sys.executable, "-m", "bench.reload_probe", "--index-dir", str(index_dir), "--change", str(changed), "--edit", edit]
    for path in corpus:
        command += ["--corpus", str(path)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- scale ---------------------------------------------------------------------------------------

_SENTENCE = re.compile(r"[^。！？]+[。！？]")
_SENTENCE_TOKENS: dict[str, list[str]] = {}


def scaled_index(base: NewsIndex, forward: ForwardIndex, target: int, seed: int = 11) -> NewsIndex:
    """The corpus grown to ``target`` paragraphs with new paragraphs made of sentences
    recombined across articles (not verbatim copies, which would distort document frequencies)."""
    from retrieval.index.news_index import attribute_articles, default_workers, tokenize_texts

    rng = random.Random(seed)
    if not _SENTENCE_TOKENS:  # each distinct sentence is tokenized once, for every scale
        sentences = sorted({s for a in base.articles for p in a.paragraphs for s in _SENTENCE.findall(p) if 8 <= len(s) <= 150})
        _SENTENCE_TOKENS.update(zip(sentences, tokenize_texts(sentences, base.tokenizer, default_workers())))
    tokens_of = _SENTENCE_TOKENS
    sentences = list(tokens_of)
    extra = target - len(base.chunks)
    articles: list[Article] = []
    paragraphs: list[str] = []
    while len(paragraphs) < extra:
        body = []
        for _ in range(5):
            picked = [rng.choice(sentences) for _ in range(rng.randint(2, 3))]
            body.append("".join(picked))
        paragraphs.extend(body)
        articles.append(Article(id=f"synthetic-{len(articles)}", title=f"合成文章 {len(articles)}", paragraphs=body, date="2030-01-01"))
    numbered = list(enumerate(articles, start=len(base.articles)))
    new_quotes = [q for qs in attribute_articles(numbered, default_workers()) for q in qs]
    rows = [(a, p, 0, len(text)) for a, article in numbered for p, text in enumerate(article.paragraphs)]
    docs = documents_from_forward(forward)
    for _, article in numbered:
        for text in article.paragraphs:
            docs.append([t for s in _SENTENCE.findall(text) for t in tokens_of[s]])
    grown_forward = ForwardIndex.from_tokens(docs)
    chunks = np.concatenate([base.chunks, np.asarray(rows, dtype=np.int32).reshape(-1, 4)])
    bm25 = ParagraphIndex.from_forward(grown_forward, base.bm25.params)
    return NewsIndex.assemble(base.articles + articles, chunks, base.quotes + new_quotes, bm25, base.tokenizer, time.perf_counter())


# --- main ----------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", action="append", help="corpus paths (default: ../shared/data/news and corpus/, "
                        "or without ../shared corpus/ and generated articles)")
    parser.add_argument("--generated", type=int, default=None,
                        help="add N articles generated from the shipped corpus's sentences (default without ../shared: 5000)")
    parser.add_argument("--questions", type=int, default=1200, help="questions for the latency figures (default 1200)")
    parser.add_argument("--baseline-queries", type=int, default=200, help="keyword queries for the rank-bm25 comparison")
    parser.add_argument("--bot-questions", type=int, default=600)
    parser.add_argument("--scale", type=int, action="append", help="also measure serving at N paragraphs (repeatable)")
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="newsbot-bench-"))
    try:
        shared = (SHARED / "news").is_dir()
        if args.corpus:
            sources = [Path(p) for p in args.corpus]
        else:
            sources = [SHARED / "news", ROOT / "corpus"] if shared else [ROOT / "corpus"]
        generated = args.generated if args.generated is not None else (0 if shared or args.corpus else 5000)
        corpus = [write_generated_corpus(work / "corpus" / "generated", generated)] if generated else []
        for i, source in enumerate(sources):  # a private copy, so that one file can be changed
            target = work / "corpus" / f"{i}-{source.name}"
            (shutil.copytree if source.is_dir() else shutil.copy)(source, target)
            corpus.append(target)
        index_dir = work / "index"
        described = ", ".join(str(s) for s in sources) + (f" plus {generated:,} generated articles" if generated else "")
        print("newsbot benchmark", time.strftime("%Y-%m-%d %H:%M"), "| corpus:", described, flush=True)
        if not shared:
            print(f"(no ../shared at {SHARED_ROOT}: {SHARED_WHAT}; measuring the shipped corpus"
                  f"{' plus articles generated from its sentences' if generated else ''}, not the development corpus)", flush=True)

        loaded = load_corpus(corpus)
        text_mb = sum(len(p.encode("utf-8")) for a in loaded.articles for p in a.paragraphs) / 1e6
        started = time.perf_counter()
        index = NewsIndex.build(loaded.articles, workers=args.workers)
        build_seconds = time.perf_counter() - started
        forward = index.forward
        assert forward is not None
        started = time.perf_counter()
        # saved as open_index saves a build: with what each file held and the files' stamps, so that
        # a reload re-reads only the files that changed
        index.by_file = loaded.by_file
        report = BuildReport(False, build_seconds, loaded.problems, loaded.duplicates, loaded.files)
        save_index(index, index_dir, corpus_fingerprint(loaded.files, index.bm25.params), report)
        save_seconds = time.perf_counter() - started
        say("corpus", f"{index.stats.articles:,} articles, {index.stats.paragraphs:,} paragraphs, {index.stats.chunks:,} chunks, {text_mb:.1f} MB of text")
        say("full build (read files excluded)", f"{build_seconds:.1f} s, {text_mb / build_seconds:.2f} MB/s, {index.stats.quotes:,} quotes, {index.stats.speakers:,} speakers")

        files = [p for p in index_dir.iterdir() if p.is_file()]
        say("index size on disk", f"{sum(p.stat().st_size for p in files) / 1e6:.1f} MB in {len(files)} files, saved in {save_seconds:.2f} s")
        questions = generate_questions(index, args.questions)
        questions_file = work / "questions.txt"
        questions_file.write_text("\n".join(questions) + "\n", encoding="utf-8")
        served = probe(index_dir, questions_file)
        lat = served["latency_ms"]
        say("load from disk (fresh process)", f"{served['load_seconds']:.2f} s (first load after the save: checksums verified)")
        again = probe(index_dir, questions_file)
        say("load from disk again (another process)", f"{again['load_seconds']:.2f} s (checksums recorded: arrays mapped unread)")
        say("peak RSS while serving (fresh process)", f"{served['peak_rss_mb']:.0f} MB; later process {again['peak_rss_mb']:.0f} MB, {resident(again)}")
        say(f"answer latency, {lat['n']} questions", f"p50 {lat['p50']:.2f} ms, p95 {lat['p95']:.2f} ms, p99 {lat['p99']:.2f} ms, max {lat['max']:.2f} ms")
        say("questions with an answer", f"{served['answered_share']:.0%}")

        base = run_baseline(index, forward, questions, args.baseline_queries)
        say(f"rank-bm25 full scan, {base['queries']} keyword queries", f"p50 {base['full_scan_p50']:.1f} ms (its index built in {base['build_seconds']:.1f} s)")
        say("candidate-only BM25, same queries", f"p50 {base['fast_p50']:.3f} ms ({base['full_scan_p50'] / base['fast_p50']:.0f}x faster)")
        say("whole answer path vs full scan", f"{base['full_scan_p50'] / lat['p50']:.0f}x faster (p50 vs p50)")
        say("top 10 identical to BM25Okapi", f"{base['identical_share']:.1%} of {base['queries']} keyword queries")

        seed_file = next(corpus[-1].glob("*.txt"), None) if corpus[-1].is_dir() else None
        if seed_file is not None:
            r = reload_after_change(corpus, index_dir, seed_file, "small")
            say("reload after one changed article (small file)", f"{r['ready']:.2f} s to serve (next reload {r['next_ready']:.2f} s), +{r['saved']:.2f} s to save; {r['reused']}")
        big = max((p for c in corpus for p in ([c] if c.is_file() else c.rglob("*.jsonl"))), key=lambda p: p.stat().st_size)
        r = reload_after_change(corpus, index_dir, big, "line")
        say(f"reload after one changed article in {big.name} ({big.stat().st_size / 1e6:.0f} MB)", f"{r['ready']:.2f} s to serve (next reload {r['next_ready']:.2f} s), +{r['saved']:.2f} s to save; {r['reused']}")

        current, _ = open_index(corpus, index_dir, index.bm25.params)
        bot = bot_throughput(current, questions[: args.bot_questions], corpus, index_dir)
        checked = "" if bot["checked"] else f"; requests not checked: no Bot API spec at {SPEC_PATH}"
        say(f"bot: process_update, {args.bot_questions} questions", f"{bot['qps']:.0f} questions/s, p50 {bot['p50']:.1f} ms, p99 {bot['p99']:.1f} ms (flood control off{checked})")

        for target in args.scale or []:
            started = time.perf_counter()
            grown = scaled_index(index, forward, target)
            grown_dir = work / f"index-{target}"
            save_index(grown, grown_dir, "scaled", None)
            grown_seconds = time.perf_counter() - started
            del grown
            first = probe(grown_dir, questions_file)  # verifies the checksums and records them
            served = probe(grown_dir, questions_file)
            lat = served["latency_ms"]
            say(f"scale {served['chunks']:,} paragraphs", f"p50 {lat['p50']:.2f} ms, p95 {lat['p95']:.2f} ms, p99 {lat['p99']:.2f} ms; load {served['load_seconds']:.2f} s (first load {first['load_seconds']:.2f} s); peak RSS {served['peak_rss_mb']:.0f} MB ({served['peak_rss_mb'] * 1e6 / served['chunks']:.0f} B/paragraph), {resident(served)}; built in {grown_seconds:.0f} s")
            shutil.rmtree(grown_dir, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0
