"""The index the bot serves, and reloading it without downtime.

``IndexService`` holds the current NewsIndex. ``start_reload()`` builds a new one in a worker thread
while questions keep being answered from the old one; the new index replaces the old in one
assignment, only when the build succeeded and it keeps enough of the served articles. A failed
or refused reload leaves the old index serving, and the refused index is not saved either.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TypeVar

from retrieval import Answer, BM25Params, NewsIndex, Problem, answering, open_index, prepare_reloads
from retrieval.answering.asking import AnswerSet
from retrieval.index.news_index import collection_paused, content_generation
from retrieval.index.persist import verify_forward
from retrieval.ingest import SourceFile

log = logging.getLogger(__name__)

T = TypeVar("T")


class ReloadInProgress(Exception):
    """A reload is already running."""


@dataclass(slots=True)
class ReloadReport:
    """What a reload did: the new counts, the article changes, skipped files, time taken."""

    ok: bool
    seconds: float
    articles: int = 0
    paragraphs: int = 0
    quotes: int = 0
    speakers: int = 0
    added: int = 0
    removed: int = 0
    changed: int = 0
    problems: list[Problem] = field(default_factory=list)
    error: str | None = None
    refused: str | None = None
    """Why a built index was not swapped in (it would drop too many articles)."""
    reused: dict[str, int] | None = None
    """What an incremental rebuild reused and redid (see update_index); None after a full build."""
    files: list[SourceFile] | None = None
    """The corpus files' stamps the built index was read from; None when nothing was built."""


def article_changes(old: NewsIndex, new: NewsIndex) -> tuple[int, int, int]:
    """How many articles ``new`` adds, removes and changes against ``old``, by id and content.

    An article a reload did not re-read is the very object the old index holds: only the
    others are hashed.
    """
    before = {article.id: article for article in old.articles}
    after = {article.id: article for article in new.articles}
    changed = sum(1 for key, article in after.items() if (was := before.get(key)) is not None and was is not article and was.digest() != article.digest())
    return len(after.keys() - before.keys()), len(before.keys() - after.keys()), changed


def drop_refusal(served: int, removed: int, max_drop: float) -> str | None:
    """Why a reload that removes ``removed`` of ``served`` articles must not swap, or None if it may."""
    if not served or removed <= max_drop * served:
        return None
    return f"会删除 {removed:,} 篇（占 {removed / served:.0%}），超过上限 {max_drop:.0%}，未替换"


class IndexService:
    """The serving index plus its reload machinery and usage counters."""

    def __init__(
        self,
        index: NewsIndex,
        corpus_paths: Sequence[Path],
        index_dir: Path | None,
        params: BM25Params = BM25Params(),
        max_drop: float = 0.2,
        files: Sequence[SourceFile] | None = None,
        preload_tagger: bool = False,
    ) -> None:
        self.index = index
        self.preload_tagger = preload_tagger
        """Load the attribution tagger when preparing reloads (Settings.preload_tagger)."""
        self.generation = content_generation(index)
        """The serving index's content_generation: paging buttons remember it (bot/replies/paging.py)."""
        self.files = list(files) if files is not None else None
        """The stamps of the corpus files the serving index was built from (None: not known)."""
        self.corpus_paths = list(corpus_paths)
        self.index_dir = index_dir
        self.params = params
        self.max_drop = max_drop
        """The largest share of served articles a reload may remove (NEWSBOT_RELOAD_MAX_DROP)."""
        self.started_at = time.time()
        self.loaded_at = time.time()
        self.questions_answered = 0
        self._reload: asyncio.Task[ReloadReport] | None = None
        self.today: Callable[[], date] = date.today
        """The date relative questions (去年, 最近 …) count from: the clock, or a fixed day in tests."""

    def prepare_reloads(self) -> threading.Thread:
        """Prepare the first reload (retrieval.prepare_reloads, and the saved forward index's
        checksums: persist.verify_forward) in a background thread, once the bot serves, so that
        the first /reload is as quick as the ones after it."""
        index, directory = self.index, self.index_dir

        def prepare() -> None:
            prepare_reloads(index, self.preload_tagger)
            if directory is not None:
                verify_forward(directory)

        thread = threading.Thread(target=prepare, name="prepare-reloads", daemon=True)
        thread.start()
        return thread

    def ask(self, question: str, top_k: int, count: bool = True, person: str | None = None) -> AnswerSet:
        """Answers and their framing; ``count=False`` for a page of a question already counted."""
        result = answering.ask(self.index, question, top_k, self.today(), person)
        self.questions_answered += count
        return result

    def compare(self, keys: list[str], topic: str) -> AnswerSet:
        """Two speakers side by side (/compare)."""
        self.questions_answered += 1
        return answering.compare(self.index, keys, topic, self.today())

    def source(self, line: str, top_k: int) -> AnswerSet:
        """Where a remembered line comes from (/source)."""
        self.questions_answered += 1
        return answering.source(self.index, line, top_k)

    def answer(self, question: str, top_k: int, count: bool = True) -> list[Answer]:
        return self.ask(question, top_k, count).answers

    @property
    def reloading(self) -> bool:
        return self._reload is not None and not self._reload.done()

    def start_reload(self) -> asyncio.Task[ReloadReport]:
        """Begin a reload now (raises ReloadInProgress if one runs); await the task for its report.

        Claiming the reload happens synchronously, so two /reload commands processed back to
        back cannot both start one.
        """
        if self.reloading:
            raise ReloadInProgress
        self._reload = asyncio.ensure_future(self._rebuild())
        return self._reload

    async def _rebuild(self) -> ReloadReport:
        """Rebuild from the corpus paths in a thread; swap in the result only if it succeeded
        and drops no more than ``max_drop`` of the served articles (else it is not saved either)."""
        started = time.perf_counter()
        old = self.index
        try:
            new, report = await asyncio.to_thread(
                open_index, self.corpus_paths, self.index_dir, self.params, None, None, old, True
            )
            await asyncio.to_thread(_uncollected, answering.warm_up, new)  # warm before it serves, as at startup
        except Exception as exc:  # noqa: BLE001 - any failure keeps the old index serving
            log.exception("reload failed; the previous index keeps serving")
            return ReloadReport(ok=False, seconds=time.perf_counter() - started, error=_describe(exc))
        added, removed, changed = await asyncio.to_thread(_uncollected, article_changes, old, new)
        stats = new.stats
        result = ReloadReport(
            ok=True,
            seconds=0.0,
            articles=stats.articles,
            paragraphs=stats.paragraphs,
            quotes=stats.quotes,
            speakers=stats.speakers,
            added=added,
            removed=removed,
            changed=changed,
            problems=report.problems,
            reused=report.reused,
            files=report.files,
        )
        result.refused = drop_refusal(len(old.articles), removed, self.max_drop)
        if result.refused is not None:  # the new index is dropped unsaved; the old one keeps serving
            log.warning("reload refused: %s", result.refused)
            result.ok, result.seconds = False, time.perf_counter() - started
            return result
        generation = await asyncio.to_thread(_uncollected, content_generation, new)
        self.index, self.generation = new, generation  # the one step that switches questions over to the new index
        self.files = report.files
        self.loaded_at = time.time()
        result.seconds = time.perf_counter() - started
        if report.save is not None:  # written after the swap: questions get the new index sooner
            await asyncio.to_thread(_uncollected, report.save)
        return result


def _uncollected(func: Callable[..., T], *args: object) -> T:
    """``func(*args)`` with cyclic garbage collection paused, as open_index runs: the steps between
    the new index and serving it make objects that live on, and a collection there walks both
    indexes (a full one cost a reload of the shared corpus 0.1 s; see news_index.collection_paused)."""
    with collection_paused():
        return func(*args)


def _describe(exc: BaseException) -> str:
    text = str(exc) or exc.__class__.__name__
    return text.splitlines()[0][:300]
