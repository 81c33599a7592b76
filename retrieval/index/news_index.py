"""NewsIndex: one corpus as plain data with array views, and how it is built.

Build order follows the data: articles -> quotes and speakers (which also teach the tokenizer
the corpus's names) -> chunks -> tokens (in parallel worker processes) -> BM25 postings.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import logging
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from ..attribution import attribute_quotes
from ..chunking import chunk_table
from ..models import Article, Quote
from ..speakers import load_tables
from ..time_window import article_days
from ..tokenize import NewsTokenizer, plain_jieba, prepare_all, suggest_name_freqs
from .bm25 import BM25Params, ForwardIndex, ParagraphIndex
from .speaker_index import SpeakerIndex

if TYPE_CHECKING:
    from ..segments import SegmentedIndex

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]
"""progress(stage, done, total): called as a build advances."""

_BATCH = 2000
_worker_tokenizer: NewsTokenizer | None = None

RemoteMap = Callable[[Callable, list, Callable | None, tuple], list]
"""remote(func, batches, initializer, initargs): ``func`` over the batches on other machines'
workers, each worker running ``initializer(*initargs)`` first; results in the batches' order."""
_remote_map: RemoteMap | None = None


@contextlib.contextmanager
def remote_workers(remote: RemoteMap) -> Iterator[None]:
    """Builds and reloads inside run their attribution and tokenization batches through
    ``remote`` (retrieval.cluster.dask_map) instead of local worker processes. The batches and
    the order their results are put together in are the local build's, so the index is too."""
    global _remote_map
    previous, _remote_map = _remote_map, remote
    try:
        yield
    finally:
        _remote_map = previous


@dataclass(slots=True)
class IndexStats:
    articles: int
    paragraphs: int
    chunks: int
    quotes: int
    speakers: int
    build_seconds: float = 0.0
    built_at: float = field(default_factory=time.time)


def _init_tokenizer(names: list[tuple[str, int]], plain_freqs: dict[str, int]) -> None:
    global _worker_tokenizer
    _worker_tokenizer = NewsTokenizer(names, plain_freqs)


def _tokenize_batch(texts: list[str]) -> list[tuple[list[str], bool]]:
    assert _worker_tokenizer is not None
    return _worker_tokenizer.tokenize_flagged(texts)


def _forward_batch(texts: list[str]) -> tuple[ForwardIndex, np.ndarray]:
    done = _tokenize_batch(texts)
    return ForwardIndex.from_tokens(tokens for tokens, _ in done), np.fromiter((flag for _, flag in done), dtype=bool, count=len(done))


def _attribute_batch(batch: list[tuple[int, list[str]]]) -> list[list[Quote]]:
    return [attribute_quotes(paragraphs, a) for a, paragraphs in batch]


def _pool_context() -> multiprocessing.context.BaseContext:
    """fork where it is safe (a single-threaded process), forkserver inside a threaded server."""
    import threading

    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn")


def _parallel_map(func, batches: list, workers: int, stage: str, progress: Progress | None, initializer=None, initargs=(), context=None) -> list:  # type: ignore[no-untyped-def]
    """Run ``func`` over batches, in worker processes when there is more than one worker
    (on a cluster's workers inside remote_workers)."""
    if _remote_map is not None and batches:
        results = _remote_map(func, batches, initializer, initargs)
        if progress:
            progress(stage, len(batches), len(batches))
        return results
    results = []
    if workers <= 1 or len(batches) <= 1:
        if initializer is not None:
            initializer(*initargs)
        for i, batch in enumerate(batches):
            results.append(func(batch))
            if progress:
                progress(stage, i + 1, len(batches))
        return results
    with (context or _pool_context()).Pool(workers, initializer=initializer, initargs=initargs) as pool:
        for i, result in enumerate(pool.imap(func, batches)):
            results.append(result)
            if progress:
                progress(stage, i + 1, len(batches))
    return results


@contextlib.contextmanager
def collection_paused() -> Iterator[None]:
    """Cyclic garbage collection off while a build, load or reload makes hundreds of thousands of
    objects that all live on: every collection would only walk them again (and the whole serving
    index with them). Reference counting still frees what is dropped; the earlier state comes back."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def load_attribution_tables() -> None:
    """Load what attribution consults now (jieba's dictionary, the tables made from it, the
    plain tokenizer); each is loaded on first use otherwise. Workers forked after this share one
    copy; a serving process that loads them once it has started pays nothing for them at its
    first reload (about 1 s of CPU and 75 MB)."""
    plain_jieba(), load_tables()


def attribute_articles(
    numbered: list[tuple[int, Article]], workers: int, progress: Progress | None = None
) -> list[list[Quote]]:
    """Quotes of each (article number, article), in parallel for large inputs."""
    work = [(a, article.paragraphs) for a, article in numbered]
    batches = [work[i : i + _BATCH // 8] for i in range(0, len(work), _BATCH // 8)]
    if workers > 1 and len(batches) > 1 and _remote_map is None:
        load_attribution_tables()  # loaded once before forking
    done = _parallel_map(_attribute_batch, batches, workers, "attributing", progress)
    return [qs for batch in done for qs in batch]


def tokenize_texts(texts: list[str], tokenizer: NewsTokenizer, workers: int, progress: Progress | None = None) -> list[list[str]]:
    """Index tokens of every text, in worker processes for large inputs."""
    return tokenize_and_flag(texts, tokenizer, workers, progress)[0]


def tokenize_and_flag(
    texts: list[str], tokenizer: NewsTokenizer, workers: int, progress: Progress | None = None
) -> tuple[list[list[str]], np.ndarray]:
    """Index tokens of every text, and whether conversion to Simplified changes it
    (normalize.simplified_differs), in worker processes for large inputs."""
    done = _map_tokenizer(_tokenize_batch, texts, tokenizer, workers, progress)
    tokens = [tokens for batch in done for tokens, _ in batch]
    flags = np.fromiter((flag for batch in done for _, flag in batch), dtype=bool, count=len(texts))
    return tokens, flags


def forward_index(
    texts: list[str], tokenizer: NewsTokenizer, workers: int, progress: Progress | None = None
) -> tuple[ForwardIndex, np.ndarray]:
    """The forward index of the texts' index tokens, and each text's conversion flag (as
    tokenize_and_flag): each worker counts its batch, so arrays come back, not token lists."""
    done = _map_tokenizer(_forward_batch, texts, tokenizer, workers, progress)
    forward = ForwardIndex.concatenate([part for part, _ in done])
    flags = np.concatenate([flags for _, flags in done]) if done else np.zeros(0, dtype=bool)
    return forward, flags


def _map_tokenizer(func, texts: list[str], tokenizer: NewsTokenizer, workers: int, progress: Progress | None) -> list:  # type: ignore[no-untyped-def]
    """``func`` over batches of ``texts`` with ``tokenizer`` as the worker tokenizer."""
    global _worker_tokenizer
    batches = [texts[i : i + _BATCH] for i in range(0, len(texts), _BATCH)]
    context = _pool_context()
    if _remote_map is None and (workers <= 1 or len(batches) <= 1 or context.get_start_method() == "fork"):
        _worker_tokenizer, init, init_args = tokenizer, None, ()  # this process, or a fork of it, is the worker
    else:
        init, init_args = _init_tokenizer, (list(tokenizer.names.items()), tokenizer.plain_freqs)
    try:
        return _parallel_map(func, batches, workers, "tokenizing", progress, init, init_args, context)
    finally:
        _worker_tokenizer = None


def quote_raw_key(quote: Quote) -> str:
    """A quote's role, name and words, before prepare()."""
    return f"{quote.speaker.role or ''} {quote.speaker.name} {quote.text}"


def content_generation(index: NewsIndex) -> str:
    """A fingerprint of what ``index`` ranks: its articles in order, their quote count and the BM25
    parameters. The same for the same corpus whether the index was built or loaded, so a paging
    button made before a restart can tell whether its ranking still holds."""
    digest = hashlib.blake2b(repr((index.bm25.params, len(index.quotes))).encode(), digest_size=12)
    for number in range(len(index.articles)):
        digest.update(index.article_digest(number).encode())
    return digest.hexdigest()


class NewsIndex:
    """Everything needed to answer questions over one corpus."""

    def __init__(
        self,
        articles: list[Article],
        chunks: np.ndarray,
        quotes: list[Quote],
        bm25: ParagraphIndex | SegmentedIndex,
        tokenizer: NewsTokenizer,
        stats: IndexStats,
        common_words: set[str] | None = None,
        chunk_converted: np.ndarray | None = None,
        speakers: SpeakerIndex | None = None,
        quote_text_keys: list[str] | None = None,
    ) -> None:
        self.articles = articles
        self.chunks = chunks
        """int32 array of rows (article, paragraph, start, end)."""
        self.quotes = quotes
        self.bm25 = bm25
        """The chunks' postings: one block, or after a reload a base and a delta segment scored as
        one (segments.SegmentedIndex) until the index is saved (see update.fold)."""
        self.tokenizer = tokenizer
        self.stats = stats
        self.speakers = speakers if speakers is not None else SpeakerIndex(quotes, common_words, articles)
        self.chunk_converted = chunk_converted if chunk_converted is not None else np.zeros(len(chunks), dtype=bool)
        """Per chunk: does conversion to Simplified change its text (see update.py)."""
        self.chunk_article = np.ascontiguousarray(chunks[:, 0]) if len(chunks) else np.zeros(0, np.int32)
        self.quote_chunk = self._link_quotes()
        """Per quote, the chunk holding its start."""
        in_order = bool(np.all(np.diff(self.quote_chunk) >= 0))  # quotes are found article by article
        self._by_chunk = None if in_order else np.argsort(self.quote_chunk, kind="stable")
        self._sorted_quote_chunk = self.quote_chunk if self._by_chunk is None else self.quote_chunk[self._by_chunk]
        self._chunk_quotes_from = np.searchsorted(self._sorted_quote_chunk, np.arange(len(chunks) + 1), side="left")
        """Per chunk, where its quotes begin among the quotes sorted by chunk (and, one on, end)."""
        self.quote_text_keys = quote_text_keys if quote_text_keys is not None else prepare_all([quote_raw_key(q) for q in quotes])
        """Each quote's role, name and words as tokens see them (prepared once, for all quotes:
        topic questions test hundreds of quotes, and preparing one costs a conversion)."""
        self.forward: ForwardIndex | None = None
        """The forward index of a fresh build or a reload's fold, kept until saved (not loaded for
        serving; a reload's segments carry their own)."""
        self.by_file: dict[str, list[Article]] = {}
        """What each corpus file held (see CorpusLoad.by_file), so a reload reads only changed files."""
        self._article_dates: np.ndarray | None = None
        self.digests: list[str | None] = [None] * len(articles)
        """Each article's Article.digest once computed (article_digests); a reload passes on those of
        the articles it reuses, so that it hashes only the new and changed ones."""

    def article_digest(self, number: int) -> str:
        """Article.digest of article ``number``, computed once per article and index."""
        digest = self.digests[number]
        if digest is None:
            digest = self.digests[number] = self.articles[number].digest()
        return digest

    # --- building --------------------------------------------------------------------------

    @classmethod
    @collection_paused()
    def build(
        cls,
        articles: Sequence[Article],
        params: BM25Params = BM25Params(),
        workers: int | None = None,
        progress: Progress | None = None,
    ) -> NewsIndex:
        """Attribute quotes, learn names, chunk, tokenize and index ``articles``."""
        started = time.perf_counter()
        articles = list(articles)
        workers = default_workers() if workers is None else max(1, workers)
        quotes = [q for qs in attribute_articles(list(enumerate(articles)), workers, progress) for q in qs]
        speakers = SpeakerIndex(quotes, articles=articles)
        tokenizer = NewsTokenizer(suggest_name_freqs(speakers.person_names()))
        chunks = chunk_table(articles)
        texts = [articles[a].paragraphs[p][s:e] for a, p, s, e in chunks.tolist()]
        forward, converted = forward_index(texts, tokenizer, workers, progress)
        bm25 = ParagraphIndex.from_forward(forward, params)
        return cls.assemble(articles, chunks, quotes, bm25, tokenizer, started, forward, converted, speakers)

    @classmethod
    def assemble(
        cls,
        articles: list[Article],
        chunks: np.ndarray,
        quotes: list[Quote],
        bm25: ParagraphIndex | SegmentedIndex,
        tokenizer: NewsTokenizer,
        started: float,
        forward: ForwardIndex | None = None,
        chunk_converted: np.ndarray | None = None,
        speakers: SpeakerIndex | None = None,
        quote_text_keys: list[str] | None = None,
    ) -> NewsIndex:
        stats = IndexStats(
            articles=len(articles),
            paragraphs=sum(len(a.paragraphs) for a in articles),
            chunks=len(chunks),
            quotes=len(quotes),
            speakers=0,
        )
        index = cls(articles, chunks, quotes, bm25, tokenizer, stats, None, chunk_converted, speakers, quote_text_keys)
        index.forward = forward
        index.stats.speakers = len(index.speakers)
        index.stats.build_seconds = time.perf_counter() - started
        return index

    def _link_quotes(self) -> np.ndarray:
        """Map each quote to the chunk holding its start."""
        if not self.quotes or not len(self.chunks):
            return np.zeros(0, dtype=np.int64)
        rows = self.chunks.astype(np.int64)
        chunk_keys = (rows[:, 0] << 36) | (rows[:, 1] << 18) | rows[:, 2]  # sorted: article, paragraph, start
        quote_keys = np.fromiter(
            ((q.article << 36) | (q.paragraph << 18) | q.start for q in self.quotes), dtype=np.int64, count=len(self.quotes)
        )
        return np.searchsorted(chunk_keys, quote_keys, side="right") - 1

    def quotes_in_chunks(self, chunks: np.ndarray) -> Iterator[tuple[int, Sequence[int]]]:
        """(position in ``chunks``, quote ids) for each of ``chunks`` that holds quotes, read from
        where each chunk's quotes begin among the quotes sorted by chunk."""
        starts, ends = self._chunk_quotes_from[chunks], self._chunk_quotes_from[chunks + 1]
        for i in np.flatnonzero(ends > starts).tolist():
            lo, hi = int(starts[i]), int(ends[i])
            yield i, range(lo, hi) if self._by_chunk is None else self._by_chunk[lo:hi].tolist()

    @functools.cached_property
    def quote_dates(self) -> list[str | None]:
        """Each quote's article date, listed once (topic speakers date and sort hundreds of quotes)."""
        return [self.articles[q.article].date for q in self.quotes]

    def quotes_by_chunk(self, chunks: np.ndarray) -> tuple[list[int], list[int]]:
        """The quotes of ``chunks`` flat, as quotes_in_chunks gives them in turn: (position in
        ``chunks`` of each quote's chunk, quote id), made by array operations instead of one step
        per chunk (a question reads the quotes of hundreds of candidate chunks)."""
        starts = self._chunk_quotes_from[chunks]
        counts = self._chunk_quotes_from[chunks + 1] - starts
        total = int(counts.sum())
        if not total:
            return [], []
        positions = np.repeat(np.arange(len(chunks)), counts)
        first = np.cumsum(counts) - counts  # where each chunk's run begins in the flat list
        flat = starts[positions] + (np.arange(total) - first[positions])
        ids = flat if self._by_chunk is None else self._by_chunk[flat]
        return positions.tolist(), ids.tolist()

    # --- views -----------------------------------------------------------------------------

    def quote_text_key(self, quote_id: int) -> str:
        """A quote's role, name and words as tokens see them."""
        return self.quote_text_keys[quote_id]

    def chunk_text(self, chunk: int) -> str:
        a, p, start, end = self.chunks[chunk].tolist()
        return self.articles[a].paragraphs[p][start:end]

    @property
    def article_dates(self) -> np.ndarray:
        """Each article's date as a yyyymmdd integer (0 when unknown), computed on first use."""
        days = self._article_dates
        if days is None or len(days) != len(self.articles):
            days = self._article_dates = article_days([a.date for a in self.articles])
        return days
