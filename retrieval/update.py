"""Incremental rebuild: a new index that reuses the work done for unchanged articles.

The result equals a full build of the same articles (same quotes, names, tokens, postings and
scores); only the work differs. An article is unchanged when its id and content hash match
one in the old index: its quotes, chunks and tokens are reused. Changed and new articles are
attributed, chunked and tokenized. When the set of learned names changes, the paragraphs that
contain an added or dropped name are tokenized again too, since only they can cut differently
(the tokenizer keeps jieba's total frequency fixed; see tokenize.py).
"""

from __future__ import annotations

import dataclasses
import re
import time
from collections.abc import Sequence

import numpy as np

from .bm25 import BM25Params, ForwardIndex, ParagraphIndex
from .engine import NewsIndex, Progress, attribute_articles, chunk_table, default_workers, tokenize_texts
from .models import Article, Quote
from .speaker_index import SpeakerIndex
from .tokenize import prepare, suggest_name_freqs


def _chunks_by_article(chunks: np.ndarray, n_articles: int) -> np.ndarray:
    """bounds[a]..bounds[a + 1] are article a's rows (chunks are stored article by article)."""
    return np.searchsorted(chunks[:, 0], np.arange(n_articles + 1), side="left")


def _containing(texts: list[str], words: set[str]) -> np.ndarray:
    """Indexes of the texts whose prepared form contains any of ``words``."""
    if not words or not texts:
        return np.zeros(0, dtype=np.int64)
    joined = prepare("\n".join(texts))  # one conversion for all texts (much faster than one each)
    starts = np.flatnonzero(np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32) == 10) + 1
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
    hits = {int(np.searchsorted(starts, m.start(), side="right")) for m in pattern.finditer(joined)}
    return np.asarray(sorted(hits), dtype=np.int64)


def update_index(
    old: NewsIndex,
    old_forward: ForwardIndex,
    articles: Sequence[Article],
    params: BM25Params = BM25Params(),
    workers: int | None = None,
    progress: Progress | None = None,
) -> tuple[NewsIndex, dict[str, int]]:
    """The index of ``articles``, reusing ``old`` where articles are unchanged.

    Returns the index and counts of what was reused and redone.
    """
    started = time.perf_counter()
    articles = list(articles)
    workers = default_workers() if workers is None else max(1, workers)
    old_by_content = {(a.id, a.digest()): i for i, a in enumerate(old.articles)}
    old_bounds = _chunks_by_article(old.chunks, len(old.articles))
    old_quotes: dict[int, list[Quote]] = {}
    for quote in old.quotes:
        old_quotes.setdefault(quote.article, []).append(quote)

    reused_from = [old_by_content.get((a.id, a.digest())) for a in articles]
    fresh = [(i, a) for i, a in enumerate(articles) if reused_from[i] is None]
    fresh_quotes = dict(zip((i for i, _ in fresh), attribute_articles(fresh, workers, progress)))

    quotes: list[Quote] = []
    rows: list[np.ndarray] = []
    sources: list[int] = []  # per new chunk: the old chunk it reuses, or -1
    for i, article in enumerate(articles):
        j = reused_from[i]
        if j is None:
            quotes.extend(fresh_quotes[i])
            table = chunk_table([article], first_article=i)
            sources.extend([-1] * len(table))
        else:
            quotes.extend(dataclasses.replace(q, article=i) for q in old_quotes.get(j, ()))
            table = old.chunks[old_bounds[j] : old_bounds[j + 1]].copy()
            table[:, 0] = i
            sources.extend(range(int(old_bounds[j]), int(old_bounds[j + 1])))
        rows.append(table)
    chunks = np.concatenate(rows) if rows else np.zeros((0, 4), np.int32)
    source = np.asarray(sources, dtype=np.int64)

    # the names the new corpus teaches the tokenizer; frequencies of known names are reused
    names = dict(old.tokenizer.names)
    person_names = SpeakerIndex(quotes).person_names()
    known = {prepare(n) for n in person_names}
    freqs = {word: names[word] for word in known if word in names}
    freqs.update(suggest_name_freqs([n for n in person_names if prepare(n) not in names]))
    changed_names = set(freqs) ^ set(names)
    tokenizer = old.tokenizer if not changed_names else old.tokenizer.with_names(sorted(freqs.items()))

    retokenize = source < 0
    reused = np.flatnonzero(~retokenize)
    if changed_names and len(reused):
        texts = [_text(articles, row) for row in chunks[reused].tolist()]
        retokenize[reused[_containing(texts, changed_names)]] = True
    todo = np.flatnonzero(retokenize)
    tokens = tokenize_texts([_text(articles, row) for row in chunks[todo].tolist()], tokenizer, workers, progress)
    forward = _merge_forward(old_forward, source, todo, tokens)
    bm25 = ParagraphIndex.from_forward(forward, params)
    index = NewsIndex.assemble(articles, chunks, quotes, bm25, tokenizer, started, forward)
    counts = {
        "articles_reused": sum(1 for j in reused_from if j is not None),
        "articles_new": len(fresh),
        "chunks_tokenized": len(todo),
        "names_changed": len(changed_names),
    }
    return index, counts


def _text(articles: Sequence[Article], row: Sequence[int]) -> str:
    a, p, start, end = row
    return articles[a].paragraphs[p][start:end]


def _merge_forward(old: ForwardIndex, source: np.ndarray, todo: np.ndarray, tokens: list[list[str]]) -> ForwardIndex:
    """The forward index of the new chunk sequence, renumbered by first appearance."""
    n_docs = len(source)
    fresh = ForwardIndex.from_tokens(tokens)
    # put the fresh documents' terms into the old id space (new strings after the old ones)
    old_ids = {token: i for i, token in enumerate(old.vocabulary)}
    extra: dict[str, int] = {}
    to_space = np.empty(len(fresh.vocabulary), dtype=np.int64)
    for k, token in enumerate(fresh.vocabulary):
        to_space[k] = old_ids[token] if token in old_ids else len(old.vocabulary) + extra.setdefault(token, len(extra))
    space_vocabulary = old.vocabulary + list(extra)

    lengths = np.empty(n_docs, dtype=np.int64)
    old_lengths = np.diff(old.indptr)
    reused = source >= 0
    lengths[reused] = old_lengths[source[reused]]
    lengths[todo] = np.diff(fresh.indptr)
    indptr = np.zeros(n_docs + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    terms = np.empty(int(indptr[-1]), dtype=np.int64)
    tfs = np.empty(int(indptr[-1]), dtype=np.int32)
    # gather entries: each new document's slice comes from the old or the fresh forward index
    doc_of_entry = np.repeat(np.arange(n_docs), lengths)
    offset_in_doc = np.arange(len(terms)) - indptr[doc_of_entry]
    from_old = reused[doc_of_entry]
    old_pos = old.indptr[source[doc_of_entry[from_old]]] + offset_in_doc[from_old]
    terms[from_old] = old.terms[old_pos]
    tfs[from_old] = old.tfs[old_pos]
    fresh_slot = np.empty(n_docs, dtype=np.int64)
    fresh_slot[todo] = np.arange(len(todo))
    fresh_pos = fresh.indptr[fresh_slot[doc_of_entry[~from_old]]] + offset_in_doc[~from_old]
    terms[~from_old] = to_space[fresh.terms[fresh_pos]]
    tfs[~from_old] = fresh.tfs[fresh_pos]

    # renumber terms by first appearance, dropping terms no document uses any more
    first = np.full(len(space_vocabulary), len(terms), dtype=np.int64)
    np.minimum.at(first, terms, np.arange(len(terms)))
    used = np.flatnonzero(first < len(terms))
    order = used[np.argsort(first[used], kind="stable")]
    renumber = np.empty(len(space_vocabulary), dtype=np.int64)
    renumber[order] = np.arange(len(order))
    return ForwardIndex(
        indptr=indptr,
        terms=renumber[terms].astype(np.int32),
        tfs=tfs,
        vocabulary=[space_vocabulary[t] for t in order.tolist()],
    )
