"""The ``newsbot`` command: build the index, ask questions, evaluate, run the bot.

    newsbot index [--corpus PATH ...] [--index-dir DIR]
    newsbot ask [--corpus PATH ...] [--index-dir DIR] [--top K] [--json] [--batch FILE] [QUESTION ...]
    newsbot eval --questions FILE [--corpus PATH ...] [--index-dir DIR]
    newsbot eval --attribution FILE [--corpus PATH ...] [--index-dir DIR]
    newsbot quotes [--corpus PATH ...] [--index-dir DIR] [--json]
    newsbot rules [--json]
    newsbot fetch URL ... --into DIR [--timeout S] [--max-mb MB] [--delay S]
    newsbot timeline NAME [TOPIC] --png FILE [--corpus PATH ...] [--json]

A question that starts with /who (``newsbot ask --json "/who 名字 话题"``) is answered as the bot's
/who answers it: the speaker's quotes, newest first.

Exit status: 0 on success, 2 for bad usage or configuration (one line on stderr); fetch: 1 when a URL failed.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import logging
import os
import statistics
import sys
import time
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from retrieval import CorpusPathError, NewsIndex, answering, open_index
from retrieval.answering.who import WhoAnswer, who, who_query
from retrieval.attribution import CUE_REPORTING_VERB  # noqa: F401  (importing it registers every attribution rule)
from retrieval.attribution_eval import Predicted, format_rule_table, format_table, predictions_for, read_gold, score
from retrieval.evaluate import evaluate, read_questions
from retrieval.index.persist import check_index_directory
from retrieval.ingest import DUPLICATES_EXPECTED
from retrieval.normalize import clean_text
from retrieval.rules import REGISTRY
from retrieval.safedir import UnsafeDirectoryError, private_cache_dir

from .button_store import state_directory
from .plain_text import NO_ANSWER, answer_set_text, answer_text
from .redact import RedactingStream, install_redaction, redact, secret_forms
from .settings import Settings, SettingsError, load_settings

if TYPE_CHECKING:
    from .service import IndexService

log = logging.getLogger("newsbot")


class ProgressBar:
    """tqdm bars on stderr, one per build stage; silent when stderr is not a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._bar = None
        self._stage = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        from tqdm import tqdm

        if stage != self._stage:
            self.close()
            self._bar = tqdm(total=total, desc=stage, unit="batch", file=sys.stderr, leave=False)
            self._stage = stage
        assert self._bar is not None
        self._bar.update(done - self._bar.n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def _corpus_and_dir(args: argparse.Namespace, settings: Settings) -> tuple[list[Path], Path]:
    corpus = [Path(p) for p in args.corpus] if args.corpus else list(settings.corpus_paths)
    index_dir = Path(args.index_dir) if args.index_dir else settings.resolved_index_dir(corpus)
    return corpus, index_dir


def open_for_cli(args: argparse.Namespace, settings: Settings) -> NewsIndex:
    corpus, index_dir = _corpus_and_dir(args, settings)
    progress = ProgressBar(sys.stderr.isatty())  # bars only for a person watching, never into a log
    try:
        index, report = open_index(corpus, index_dir, settings.bm25, progress=progress, workers=args.workers)
    finally:
        progress.close()
    answering.warm_up(index)  # the first question then costs what the others do
    how = "loaded" if report.loaded else "built"
    log.info("%s index of %d articles in %.2f s (%s)", how, index.stats.articles, report.seconds, index_dir)
    args.report = report
    return index


def empty_corpus_line(corpus: Sequence[Path], problems: int) -> str:
    """The one line said when the corpus holds no article at all."""
    where = ", ".join(str(p) for p in corpus)
    listed = f" ({problems} files or lines skipped; newsbot index lists them)" if problems else ""
    return f"newsbot: the corpus holds no articles: {where}{listed}"


def refuse_empty(args: argparse.Namespace, settings: Settings, index: NewsIndex) -> bool:
    """Say so on stderr when the index is empty; True when it is (commands that answer stop)."""
    if index.stats.articles:
        return False
    print(empty_corpus_line(_corpus_and_dir(args, settings)[0], len(args.report.problems)), file=sys.stderr)
    return True


# --- ask ------------------------------------------------------------------------------------


def _questions(args: argparse.Namespace) -> Iterator[str]:
    """The questions from the command line, then from the batch file, cleaned; blank ones skipped.

    Undecodable bytes arrive as lone surrogates (argv and the streams use surrogateescape) and
    are removed with control characters, so they can neither crash an encoder nor reach the engine.
    """
    lines: Iterator[str] = iter(args.question)
    if args.batch:
        stream = sys.stdin if args.batch == "-" else open(args.batch, encoding="utf-8", errors="surrogateescape")
        lines = itertools.chain(lines, _lines_of(stream))
    for line in lines:
        question = clean_text(line).strip()
        if question:
            yield question


def _lines_of(stream: TextIO) -> Iterator[str]:
    with stream:
        yield from stream


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    if not args.question and not args.batch:
        print("newsbot ask: give a QUESTION or --batch FILE", file=sys.stderr)
        return 2
    if args.batch and args.batch != "-" and not Path(args.batch).is_file():
        print(f"newsbot ask: batch file not found: {args.batch}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    index = open_for_cli(args, settings)
    if refuse_empty(args, settings, index):
        return 2
    load_seconds = time.perf_counter() - started
    latencies = []
    for question in _questions(args):
        t0 = time.perf_counter()
        if (who_text := who_query(question)) is not None:
            found = who(index, who_text, args.today)
            latencies.append(time.perf_counter() - t0)
            print(json.dumps(found.to_json(), ensure_ascii=False) if args.json else who_text_lines(question, found), flush=True)
            continue
        result = answering.ask(index, question, args.top, args.today)
        latencies.append(time.perf_counter() - t0)
        if args.json:
            print(json.dumps(result.to_json(), ensure_ascii=False), flush=True)
        else:
            print(answer_set_text(question, result), flush=True)
    if args.timing and latencies:
        ms = sorted(x * 1000 for x in latencies)
        print(
            f"timing: index ready in {load_seconds:.2f} s ({'loaded' if args.report.loaded else 'built'}); "
            f"{len(ms)} questions: mean {statistics.fmean(ms):.2f} ms, p50 {ms[len(ms) // 2]:.2f} ms, "
            f"p95 {ms[min(len(ms) - 1, int(len(ms) * 0.95))]:.2f} ms, max {ms[-1]:.2f} ms",
            file=sys.stderr,
        )
    return 0


def who_text_lines(question: str, found: WhoAnswer) -> str:
    """A /who answer as terminal text: the speaker, then every quote newest first."""
    if found.outcome != "quotes":
        return f"问：{question}\n {NO_ANSWER}\n"
    head = found.name + (f"（{found.role}）" if found.role else "") + f"：{len(found.quotes)} 段话"
    lines = [f"问：{question}", f" {head}"]
    if found.others:  # the bot's 同名的还有 line: these quotes are one bearer's
        lines.append(" 同名的还有：" + "、".join(p.name + (f"（{p.role}）" if p.role else "") for p in found.others))
    lines += [answer_text(i, a) for i, a in enumerate(found.quotes, 1)]
    return "\n".join(lines) + "\n"


# --- timeline -------------------------------------------------------------------------------


def cmd_timeline(args: argparse.Namespace, settings: Settings) -> int:
    """A person's statements per month: the bar chart as a PNG (--png), the counts as text or JSON."""
    from retrieval.answering.timeline import timeline

    if not args.png and not args.json:
        print("newsbot timeline: give --png FILE (and/or --json)", file=sys.stderr)
        return 2
    if args.png and not Path(args.png).parent.is_dir():
        print(f"newsbot timeline: no such folder for --png: {Path(args.png).parent}", file=sys.stderr)
        return 2
    index = open_for_cli(args, settings)
    if refuse_empty(args, settings, index):
        return 2
    data = timeline(index, " ".join(args.who), args.today)
    if data.outcome != "quotes" or not data.counts.months:
        print(f"newsbot timeline: no dated statements found for {' '.join(args.who)!r}", file=sys.stderr)
        return 1
    if args.png:
        from .chart import timeline_chart

        chart = timeline_chart(data)
        try:
            Path(args.png).write_bytes(chart.png)
        except OSError as exc:
            print(f"newsbot timeline: cannot write {args.png}: {exc.strerror or exc}", file=sys.stderr)
            return 2
    if args.json:
        print(json.dumps(data.to_json(), ensure_ascii=False))
    else:
        busiest = data.counts.busiest
        print(f"{data.name}{' · ' + data.topic if data.topic else ''}: {data.total} statements, {len(data.counts.months)} months, "
              f"busiest {busiest[0]} ({busiest[1]}), {data.counts.first} to {data.counts.last}" if busiest else "")
        print(f"chart: {args.png}")
    return 0


# --- index ----------------------------------------------------------------------------------


def cmd_index(args: argparse.Namespace, settings: Settings) -> int:
    corpus, index_dir = _corpus_and_dir(args, settings)
    if args.force and index_dir.exists():
        import shutil

        check_index_directory(index_dir)  # never delete what another user owns
        shutil.rmtree(index_dir)
    with contextlib.ExitStack() as stack:
        if args.dask:
            from retrieval.cluster import ClusterError, dask_cluster

            try:
                cluster = stack.enter_context(dask_cluster(args.dask))
            except ClusterError as exc:
                print(f"newsbot index: {exc}", file=sys.stderr)
                return 2
        index = open_for_cli(args, settings)
    refuse_empty(args, settings, index)  # said, but the (empty) index is still built and saved
    report = args.report
    s = index.stats
    print(f"index: {index_dir}")
    print(f"{'loaded (corpus unchanged)' if report.loaded else 'built'} in {report.seconds:.2f} s")
    if args.dask:
        print(f"on the Dask cluster at {cluster.address}: {cluster.tasks} tasks on {len(cluster.workers)} workers ({', '.join(sorted(cluster.workers))})")
    print(f"articles {s.articles}, paragraphs {s.paragraphs}, chunks {s.chunks}, quotes {s.quotes}, speakers {s.speakers}")
    if report.duplicates:
        shown = ", ".join(report.duplicates[:10]) + (" …" if len(report.duplicates) > 10 else "")
        print(f"duplicate ids (later one kept; {DUPLICATES_EXPECTED}): {len(report.duplicates)}: {shown}")
    if report.problems:
        print(f"problems {len(report.problems)} (skipped files and lines, values left out):")
        for problem in report.problems:
            print(f"  {problem}")
    return 0


# --- eval -----------------------------------------------------------------------------------


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    if args.attribution:
        return cmd_eval_attribution(args, settings)
    try:
        questions = read_questions(Path(args.questions))
    except (OSError, ValueError) as exc:
        print(f"newsbot eval: {exc}", file=sys.stderr)
        return 2
    index = open_for_cli(args, settings)
    if refuse_empty(args, settings, index):
        return 2
    result = evaluate(questions, lambda q: answering.answer(index, q, 5, args.today))
    print(f"{'':14} {'n':>4} {'hit@1':>6} {'mrr@5':>6} {'speaker':>7}")

    def line(label: str, row: dict[str, float | int | None]) -> str:
        cells = [f"{row[k]:.3f}" if isinstance(row[k], float) else "   -" for k in ("hit@1", "mrr@5", "speaker_acc")]
        return f"{label:18} {row['n']:>4} {cells[0]:>6} {cells[1]:>6} {cells[2]:>7}"

    print(line("all", result.overall.row()))
    for kind, tally in sorted(result.by_kind.items()):
        print(line(f"kind={kind}", tally.row()))
    for source, tally in sorted(result.by_source.items()):
        print(line(f"source={source}", tally.row()))
    for tag, tally in sorted(result.by_tag.items()):
        print(line(f"tag={tag}", tally.row()))
    if args.show_misses:
        for question, answers in result.misses:
            top = answers[0] if answers else None
            got = f"{top.speaker} | {top.paragraph[:60]}" if top else "(no answer)"
            tags = ",".join(question.tags)
            print(f"MISS {question.id} [{question.kind}{'|' + tags if tags else ''}] {question.question} -> {got}")
    return 0


def cmd_eval_attribution(args: argparse.Namespace, settings: Settings) -> int:
    """Score the index's quotes on the annotated paragraphs (looked up by article id and paragraph)."""
    try:
        gold = read_gold(Path(args.attribution))
    except (OSError, ValueError) as exc:
        print(f"newsbot eval: {exc}", file=sys.stderr)
        return 2
    index = open_for_cli(args, settings)
    records: dict[tuple[str, int], list[Predicted]] = {}
    for quote in index.quotes:
        article = index.articles[quote.article]
        key = (article.id, article.source_paragraph(quote.paragraph))  # annotations count the source's paragraphs
        records.setdefault(key, []).append(Predicted(quote.speaker.name, quote.text, quote.kind, quote.rules))
    predictions = predictions_for(gold, records)
    missing = {p.article_id for p in gold} - {a.id for a in index.articles}
    if missing:
        print(f"newsbot eval: {len(missing)} annotated articles are not in the corpus, e.g. {sorted(missing)[0]}", file=sys.stderr)
    if args.write_predictions:
        with open(args.write_predictions, "w", encoding="utf-8") as fh:
            for para_id, found in predictions.items():
                rows = [{"speaker": p.speaker, "quote": p.quote, "type": p.type} for p in found]
                fh.write(json.dumps({"id": para_id, "quotes": rows}, ensure_ascii=False) + "\n")
    result = score(gold, predictions)
    print(format_table(result))
    quote_only = score(gold, predictions, check_speaker=False).slices["all"]
    print(f"quote only (speaker ignored): P {quote_only.precision:.3f} R {quote_only.recall:.3f} F1 {quote_only.f1:.3f}")
    print(format_rule_table(result))
    print(f"index {'loaded' if args.report.loaded else 'built'} in {args.report.seconds:.1f} s")
    if args.show_misses:
        print("\n".join(result.misses))
    return 0


# --- rules ----------------------------------------------------------------------------------


def cmd_rules(args: argparse.Namespace, settings: Settings) -> int:
    """The attribution rules in their declared order: name, statement, number of fire- and spare-examples."""
    for registered in REGISTRY.values():
        if args.json:
            row = {"name": registered.name, "statement": registered.statement, "fires": len(registered.fires), "spares": len(registered.spares)}
            print(json.dumps(row, ensure_ascii=False))
        else:
            print(f"{registered.name:34} fires {len(registered.fires)} spares {len(registered.spares)}  {registered.statement}")
    return 0


# --- quotes ---------------------------------------------------------------------------------


def cmd_quotes(args: argparse.Namespace, settings: Settings) -> int:
    """Every extracted quote, one per line (JSON with --json)."""
    index = open_for_cli(args, settings)
    out = sys.stdout
    try:
        for quote in index.quotes:
            record = quote.record(index.articles[quote.article])
            if args.json:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            else:
                who = f"{record['speaker']}（{record['role']}）" if record["role"] else record["speaker"]
                out.write(f"{record['article_id']} ¶{record['paragraph_index']} {who} [{record['type']}] {record['cue']}：{record['quote']}\n")
        out.flush()
    except BrokenPipeError:  # the reader stopped early (newsbot quotes | head): nothing more to write
        _quiet_stdout()
    return 0


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so that the interpreter's last flush of what is still buffered
    for a closed pipe does not raise again on the way out."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


# --- the bot --------------------------------------------------------------------------------


class LogProgress:
    """Build progress as log lines (every 25% of each stage)."""

    def __init__(self) -> None:
        self.reported: dict[str, int] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        quarter = done * 4 // max(total, 1)
        if quarter > self.reported.get(stage, -1):
            self.reported[stage] = quarter
            log.info("building index: %s %d/%d", stage, done, total)


def _serving_service(settings: Settings, progress: LogProgress) -> IndexService:
    from .service import IndexService

    corpus = list(settings.corpus_paths)
    index_dir = settings.resolved_index_dir(corpus)
    index, report = open_index(corpus, index_dir, settings.bm25, progress=progress)
    answering.warm_up(index)  # before the first user's question, not during it
    log.info(
        "%s index: %d articles, %d quotes, %d speakers in %.1f s; %d corpus problems (files or lines skipped, values left out)",
        "loaded" if report.loaded else "built",
        index.stats.articles,
        index.stats.quotes,
        index.stats.speakers,
        report.seconds,
        len(report.problems),
    )
    return IndexService(index, corpus, index_dir, settings.bm25, settings.reload_max_drop, report.files, settings.preload_tagger)


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    if settings.bot_token is None or not settings.bot_token.get_secret_value().strip():
        print("newsbot: NEWSBOT_BOT_TOKEN is not set (create a bot with @BotFather and put its token there)", file=sys.stderr)
        return 2
    if settings.mode == "webhook" and not settings.webhook_url:
        print("newsbot: NEWSBOT_WEBHOOK_URL is required when NEWSBOT_MODE=webhook", file=sys.stderr)
        return 2
    if settings.mode == "webhook" and (settings.webhook_secret is None or not settings.webhook_secret.get_secret_value()):
        print(
            "newsbot: NEWSBOT_WEBHOOK_SECRET is required when NEWSBOT_MODE=webhook "
            "(without it anyone who reaches the port can post updates as any user)",
            file=sys.stderr,
        )
        return 2
    for path in settings.corpus_paths:
        if not path.exists():
            print(f"newsbot: corpus path not found: {path} (NEWSBOT_CORPUS_PATHS)", file=sys.stderr)
            return 2
        if not os.access(path, os.R_OK):
            print(f"newsbot: corpus path not readable: {path} (NEWSBOT_CORPUS_PATHS)", file=sys.stderr)
            return 2
    try:
        state_directory(settings.state_dir)  # the buttons are kept there: refused if others can write it
    except (UnsafeDirectoryError, OSError) as exc:
        print(f"newsbot: {exc} (NEWSBOT_STATE_DIR)", file=sys.stderr)
        return 2
    install_redaction(settings.secrets())
    logging.getLogger("httpx").setLevel(logging.WARNING)  # a line per request: noise (its URLs are redacted too)
    from telegram.error import InvalidToken, NetworkError, TelegramError

    from .app import build_application, serve

    service = _serving_service(settings, LogProgress())
    if not service.index.stats.articles:
        print(empty_corpus_line(service.corpus_paths, 0) + " (NEWSBOT_CORPUS_PATHS); not starting", file=sys.stderr)
        return 2
    service.prepare_reloads()
    application = build_application(settings, service)
    try:
        serve(application, settings)
    except InvalidToken:
        print("newsbot: NEWSBOT_BOT_TOKEN was rejected by the Bot API server", file=sys.stderr)
        return 2
    except NetworkError as exc:  # at start-up only: once running, the bot retries network errors itself
        server = settings.api_base_url or "https://api.telegram.org"
        reason = redact(str(exc), secret_forms(settings.secrets()))
        print(f"newsbot: cannot reach the Bot API server at {server} (NEWSBOT_API_BASE_URL): {reason}", file=sys.stderr)
        return 1
    except TelegramError as exc:  # e.g. setWebhook refused
        print(f"newsbot: the Bot API server refused to start the bot: {redact(str(exc), secret_forms(settings.secrets()))}", file=sys.stderr)
        return 1
    log.info("stopped")
    return 0


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    from .chat import run_chat
    from .service import IndexService

    corpus, index_dir = _corpus_and_dir(args, settings)
    index = open_for_cli(args, settings)
    if refuse_empty(args, settings, index):
        return 2
    service = IndexService(index, corpus, index_dir, settings.bm25, settings.reload_max_drop, preload_tagger=settings.preload_tagger)
    service.today = lambda: args.today
    run_chat(service, settings.answers_per_reply)
    return 0


# --- fetch ----------------------------------------------------------------------------------


def cmd_fetch(args: argparse.Namespace, settings: Settings) -> int:
    """Fetch pages and feeds into a corpus folder; one line per URL, exit 1 when any failed."""
    import asyncio

    from retrieval.fetch import fetch_into

    options = settings.fetch_options(
        timeout=args.timeout,
        max_bytes=int(args.max_mb * 2**20) if args.max_mb else None,
        host_delay=args.delay,
    )
    into = Path(args.into)
    try:
        into.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(f"newsbot fetch: cannot use --into {into}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    if not into.is_dir():
        print(f"newsbot fetch: cannot use --into {into}: not a folder", file=sys.stderr)
        return 2
    outcomes = asyncio.run(fetch_into(args.url, into, options))
    for outcome in outcomes:
        print(outcome.line())
    counts = {status: sum(o.status == status for o in outcomes) for status in ("new", "updated", "unchanged", "failed", "refused")}
    print("fetch: " + ", ".join(f"{n} {status}" for status, n in counts.items()))
    return 1 if counts["failed"] or counts["refused"] else 0


# --- entry point ----------------------------------------------------------------------------


def _iso_day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsbot", description="Who said what in Chinese news: CLI and Telegram bot.")
    sub = parser.add_subparsers(dest="command", required=True)

    def corpus_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--corpus", action="append", metavar="PATH", help="corpus file or directory (repeatable); default: settings")
        p.add_argument("--index-dir", metavar="DIR", help="where the index is persisted; default: per corpus in the cache dir")
        p.add_argument("--workers", type=int, default=None, help="processes for building (default: all cores)")
        p.add_argument(
            "--today", type=_iso_day, default=None, metavar="YYYY-MM-DD",
            help="the date that 今年, 去年, 最近 … count from (default: the system date)",
        )

    p_index = sub.add_parser("index", help="build and persist the index")
    corpus_options(p_index)
    p_index.add_argument("--force", action="store_true", help="rebuild even if the corpus is unchanged")
    p_index.add_argument(
        "--dask", metavar="ADDRESS",
        help="attribute and tokenize on the Dask cluster whose scheduler is at ADDRESS (tcp://HOST:8786); needs newsbot[dask]",
    )

    p_ask = sub.add_parser("ask", help="answer questions in the terminal")
    corpus_options(p_ask)
    p_ask.add_argument("--top", type=int, default=3, metavar="K", help="answers per question (default 3)")
    p_ask.add_argument("--json", action="store_true", help="one JSON object per question per line")
    p_ask.add_argument("--batch", metavar="FILE", help="read one question per line ('-' for stdin)")
    p_ask.add_argument("--timing", action="store_true", help="print load time and answer latency to stderr")
    p_ask.add_argument("question", nargs="*", help="question(s) to answer")

    p_eval = sub.add_parser("eval", help="grade a question file (hit@1, MRR@5, speaker accuracy)")
    corpus_options(p_eval)
    what = p_eval.add_mutually_exclusive_group(required=True)
    what.add_argument("--questions", metavar="FILE", help="questions with accepted answers (hit@1, MRR@5, speaker accuracy)")
    what.add_argument("--attribution", metavar="FILE", help="annotated paragraphs (quote precision, recall, F1)")
    p_eval.add_argument("--show-misses", action="store_true", help="list the questions missed at rank 1 / unmatched quotes")
    p_eval.add_argument("--write-predictions", metavar="FILE", help="with --attribution: also write the predictions as JSON Lines")

    p_rules = sub.add_parser("rules", help="print the catalogue of attribution rules (name, statement, examples)")
    p_rules.add_argument("--json", action="store_true", help="one JSON object per rule per line")

    p_quotes = sub.add_parser("quotes", help="write every extracted quote (speaker, role, cue, quote, type)")
    corpus_options(p_quotes)
    p_quotes.add_argument("--json", action="store_true", help="one JSON object per quote per line")

    sub.add_parser("run", help="run the Telegram bot (settings from NEWSBOT_* variables or .env)")
    p_chat = sub.add_parser("chat", help="talk to the bot in the terminal, no Telegram needed")
    corpus_options(p_chat)

    p_timeline = sub.add_parser("timeline", help="a bar chart of a person's statements per month (optionally on a topic)")
    corpus_options(p_timeline)
    p_timeline.add_argument("who", nargs="+", metavar="NAME [TOPIC]", help="the person, then optionally a topic")
    p_timeline.add_argument("--png", metavar="FILE", help="write the chart here (PNG)")
    p_timeline.add_argument("--json", action="store_true", help="print the monthly counts as JSON")

    p_fetch = sub.add_parser("fetch", help="save web pages and feed entries as Markdown articles in a folder")
    p_fetch.add_argument("url", nargs="+", help="page or RSS/Atom feed URL(s)")
    p_fetch.add_argument("--into", required=True, metavar="DIR", help="folder the articles are saved in (e.g. inside the corpus)")
    p_fetch.add_argument("--timeout", type=float, metavar="S", help="seconds per request (default NEWSBOT_FETCH_TIMEOUT)")
    p_fetch.add_argument("--max-mb", type=float, metavar="MB", help="largest response (default NEWSBOT_FETCH_MAX_MB)")
    p_fetch.add_argument("--delay", type=float, metavar="S", help="seconds between requests to one host (default NEWSBOT_FETCH_DELAY)")
    return parser


COMMANDS = {"ask": cmd_ask, "index": cmd_index, "eval": cmd_eval, "quotes": cmd_quotes, "run": cmd_run, "chat": cmd_chat}
COMMANDS["fetch"] = cmd_fetch
COMMANDS["timeline"] = cmd_timeline
COMMANDS["rules"] = cmd_rules


def _tolerant_stdio() -> None:
    """Undecodable input bytes become lone surrogates (removed later by ``clean_text``) instead
    of ending the process, and output that cannot be encoded is replaced, never fatal."""
    for stream, errors in ((sys.stdin, "surrogateescape"), (sys.stdout, "replace"), (sys.stderr, "backslashreplace")):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors=errors)


def main(argv: Sequence[str] | None = None) -> int:
    _tolerant_stdio()
    args = build_parser().parse_args(argv)
    if getattr(args, "today", "absent") is None:
        args.today = date.today()  # the clock is read here, at the edge, never in the engine
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"newsbot: {exc}", file=sys.stderr)
        return 2
    logging.basicConfig(
        level=getattr(logging, settings.log_level if args.command in ("run",) else "WARNING"),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    stdout = sys.stdout
    if settings.secrets():  # answers are corpus text, which may quote a secret: never print or log one
        install_redaction(settings.secrets())
        sys.stdout = RedactingStream(stdout, settings.secrets())  # type: ignore[assignment]
    try:
        private_cache_dir(settings.cache_dir)  # the index's default home; refused if others can write it
        return COMMANDS[args.command](args, settings)
    except (CorpusPathError, UnsafeDirectoryError) as exc:
        print(f"newsbot: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    finally:
        sys.stdout = stdout


if __name__ == "__main__":
    sys.exit(main())
