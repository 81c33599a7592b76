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
import threading
import time
from collections.abc import Sequence

import numpy as np

from ..chunking import chunk_table
from ..models import Article, Quote
from ..segments import Segment, SegmentedIndex
from ..tagger import load_tagger
from ..tokenize import make_spare_jieba, prepare, prepare_all, suggest_name_freqs
from .bm25 import BM25Params, ForwardIndex, ParagraphIndex, ranges, stable_order
from .news_index import (
    NewsIndex,
    Progress,
    attribute_articles,
    collection_paused,
    default_workers,
    load_attribution_tables,
    quote_raw_key,
    tokenize_and_flag,
)
from .speaker_delta import updated_speakers
from .speaker_index import SpeakerIndex, name_key


def _chunks_by_article(chunks: np.ndarray, n_articles: int) -> np.ndarray:
    """bounds[a]..bounds[a + 1] are article a's rows (chunks are stored article by article)."""
    return np.searchsorted(chunks[:, 0], np.arange(n_articles + 1), side="left")


def _paragraphs_containing(articles: Sequence[Article], words: set[str], converted: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """(article, paragraph) pairs whose prepared (Simplified) text contains any of ``words``.

    Names are Han characters, so width folding and lower-casing cannot matter; only the
    paragraphs that Simplified conversion changes (``converted``) are converted before searching.
    Searched paragraph by paragraph (joining the corpus's text into one string first took four
    times as long on the shared corpus).
    """
    if not words:
        return set()
    search = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))).search
    found = {(a, p) for a, article in enumerate(articles) for p, text in enumerate(article.paragraphs) if search(text)}
    found.update(key for key in converted if search(prepare(articles[key[0]].paragraphs[key[1]])))
    return found


def prepare_reloads(index: NewsIndex, tagger_ahead: bool = False) -> None:
    """Do ahead what a serving process's first reload would do on top of later ones: load what
    attribution consults, make the jieba tokenizer a reload that learns a name takes
    (tokenize.make_spare_jieba), and fill the speaker index's per-name caches by building it once
    over ``index``'s quotes. A server calls this in the background once it serves.

    With ``tagger_ahead`` the tagger is loaded too: about 0.2 s less on the first reload for about
    100 MB more in a process that may never reload (NEWSBOT_PRELOAD_TAGGER). Its native (ONNX)
    session is then created in a thread of its own that is not a daemon: interpreter exit waits
    for it (0.2 s at most) instead of tearing the runtime down while the session is being made,
    which a daemon thread doing it at SIGTERM once turned into a SIGABRT."""
    tagger = threading.Thread(target=load_tagger if tagger_ahead else lambda: None, name="load-tagger", daemon=False)
    tagger.start()
    load_attribution_tables()
    make_spare_jieba()  # for the tokenizer of a reload that learns a name
    for quote in index.quotes:  # the keys a reload files quotes under (speaker_delta), cached
        name_key(quote.speaker.name)
    SpeakerIndex(index.quotes, articles=index.articles, previous=index.speakers)
    tagger.join()


@collection_paused()
def update_index(
    old: NewsIndex,
    old_forward: ForwardIndex,
    articles: Sequence[Article],
    params: BM25Params = BM25Params(),
    workers: int | None = None,
    progress: Progress | None = None,
) -> tuple[NewsIndex, dict[str, int]]:
    """The index of ``articles``, reusing ``old`` where articles are unchanged.

    ``old_forward`` is the forward index of ``old``'s chunks (unused when ``old`` holds a reload's
    segments: they carry their own). Returns the index and counts of what was reused and redone.
    """
    started = time.perf_counter()
    articles = list(articles)
    workers = default_workers() if workers is None else max(1, workers)
    old_bm25 = old.bm25
    if isinstance(old_bm25, SegmentedIndex):  # a reload's index not yet saved: its delta folded in first
        old_bm25, old_forward = fold(old_bm25)
    same_object = {id(a): i for i, a in enumerate(old.articles)}  # from files that were not re-read
    by_id = {a.id: i for i, a in enumerate(old.articles)}

    def reusable(article: Article) -> int | None:
        j = same_object.get(id(article))
        if j is not None:
            return j
        j = by_id.get(article.id)
        return j if j is not None and old.article_digest(j) == article.digest() else None

    reused_from = [reusable(a) for a in articles]
    fresh = [(i, a) for i, a in enumerate(articles) if reused_from[i] is None]
    fresh_quotes = dict(zip((i for i, _ in fresh), attribute_articles(fresh, workers, progress)))
    old_quotes: dict[int, list[int]] = {}
    for quote_id, quote in enumerate(old.quotes):
        old_quotes.setdefault(quote.article, []).append(quote_id)

    # chunk rows: reused articles' rows are gathered from the old table in one step
    old_bounds = _chunks_by_article(old.chunks, len(old.articles))
    fresh_tables = {i: chunk_table([a], first_article=i) for i, a in fresh}
    quotes: list[Quote] = []
    quote_source: list[int] = []  # per quote, its id in ``old`` when its article is reused, else -1
    text_keys: list[str | None] = []  # reused quotes keep their prepared text; fresh ones get it below
    starts = np.zeros(len(articles), dtype=np.int64)
    lengths = np.zeros(len(articles), dtype=np.int64)
    for i in range(len(articles)):
        j = reused_from[i]
        if j is None:
            quotes.extend(fresh_quotes[i])
            quote_source.extend([-1] * len(fresh_quotes[i]))
            text_keys.extend([None] * len(fresh_quotes[i]))
            starts[i], lengths[i] = -1, len(fresh_tables[i])
        else:
            for q in old_quotes.get(j, ()):
                quote = old.quotes[q]
                quotes.append(quote if quote.article == i else dataclasses.replace(quote, article=i))
                quote_source.append(q)
                text_keys.append(old.quote_text_keys[q])
            starts[i], lengths[i] = old_bounds[j], old_bounds[j + 1] - old_bounds[j]
    is_reused = starts >= 0
    source = np.full(int(lengths.sum()), -1, dtype=np.int64)
    position = np.cumsum(lengths) - lengths
    source[ranges(position[is_reused], lengths[is_reused])] = ranges(starts[is_reused], lengths[is_reused])
    chunks = np.empty((len(source), 4), dtype=np.int32)
    from_old = source >= 0
    chunks[from_old] = old.chunks[source[from_old]]
    chunks[from_old, 0] = np.repeat(np.flatnonzero(is_reused), lengths[is_reused])
    converted = np.zeros(len(source), dtype=bool)
    converted[from_old] = old.chunk_converted[source[from_old]]
    for i, table in fresh_tables.items():
        chunks[position[i] : position[i] + len(table)] = table

    # the names the new corpus teaches the tokenizer; frequencies of known names are reused
    quote_from = np.array(quote_source, dtype=np.int64)
    kept_quotes = quote_from[quote_from >= 0]
    if bool(np.all(kept_quotes[1:] > kept_quotes[:-1])):  # reused quotes keep their order: update
        speakers = updated_speakers(old.speakers, old.quotes, quotes, quote_from, articles)
    else:
        speakers = SpeakerIndex(quotes, articles=articles, previous=old.speakers)
    names = dict(old.tokenizer.names)
    person_names = speakers.person_names()
    keys = [name_key(n) for n in person_names]
    freqs = {key: names[key] for key in keys if key in names}
    unknown = [n for n, key in zip(person_names, keys) if key not in names]
    tokenizer = old.tokenizer
    if unknown or len(freqs) != len(names):
        freqs.update(suggest_name_freqs(unknown))  # new names are sized on the plain dictionary
        tokenizer = old.tokenizer.with_names(sorted(freqs.items()))
    changed_names = set(freqs) ^ set(names)

    retokenize = ~from_old
    if tokenizer.reserve != old.tokenizer.reserve:  # the names outgrew their reserve: every cut may change
        retokenize[:] = True
    elif changed_names:  # every chunk of a paragraph naming an added or dropped name is cut again
        converted_paragraphs = {(int(a), int(p)) for a, p in chunks[converted & from_old, :2].tolist()}
        hit = _paragraphs_containing(articles, changed_names, converted_paragraphs)
        if hit:
            keys = chunks[:, 0].astype(np.int64) << 20 | chunks[:, 1]
            wanted = np.fromiter((a << 20 | p for a, p in hit), dtype=np.int64, count=len(hit))
            retokenize |= np.isin(keys, wanted) & from_old
    todo = np.flatnonzero(retokenize)
    todo_texts = [_text(articles, row) for row in chunks[todo].tolist()]
    tokens, todo_converted = tokenize_and_flag(todo_texts, tokenizer, workers, progress)
    todo_fresh = ~from_old[todo]
    converted[todo[todo_fresh]] = todo_converted[todo_fresh]
    bm25, forward = _reloaded_postings(old_bm25, old_forward, np.where(retokenize, -1, source), todo, ForwardIndex.from_tokens(tokens), params)
    fresh_keys = iter(prepare_all([quote_raw_key(q) for q, key in zip(quotes, text_keys) if key is None]))
    prepared = [key if key is not None else next(fresh_keys) for key in text_keys]
    index = NewsIndex.assemble(articles, chunks, quotes, bm25, tokenizer, started, forward, converted, speakers, prepared)
    index.digests = [None if j is None else old.digests[j] for j in reused_from]
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


def _reloaded_postings(
    old_bm25: ParagraphIndex, old_forward: ForwardIndex, source: np.ndarray, todo: np.ndarray, fresh: ForwardIndex, params: BM25Params
) -> tuple[ParagraphIndex | SegmentedIndex, ForwardIndex | None]:
    """The postings of the new chunk sequence (chunk ``c`` is old chunk ``source[c]``, or, when
    that is -1, the fresh document at ``c``'s place in ``todo``), and its forward index if built.

    When the reused chunks keep their order and the fresh entries are few, nothing of the old
    postings is copied: they stay as the base segment, their replaced chunks tombstones, and the
    fresh chunks are a small delta segment, scored as one collection (segments.SegmentedIndex;
    a save folds them, see fold). Otherwise the postings are rebuilt as one block."""
    kept = source[source >= 0]
    if len(fresh.terms) * 8 < len(old_forward.terms) and bool(np.all(kept[1:] > kept[:-1])):
        new_of_old = np.full(len(old_bm25.doc_len), -1, dtype=np.int64)
        new_of_old[kept] = np.flatnonzero(source >= 0)
        base = Segment(old_bm25, old_forward, new_of_old >= 0)
        delta = Segment(ParagraphIndex.from_forward(fresh, params), fresh, np.ones(len(todo), dtype=bool))
        return SegmentedIndex([base, delta], params, ids=[new_of_old, todo]), None
    forward, postings_order, postings = _merge_forward(old_forward, old_bm25, source, todo, fresh)
    return ParagraphIndex.from_forward(forward, params, postings_order, postings), forward


def fold(segmented: SegmentedIndex) -> tuple[ParagraphIndex, ForwardIndex]:
    """A reload's base and delta segments (see _reloaded_postings) as one block: the postings and
    the forward index a full build of the same chunks gives (what a save writes)."""
    base, delta = segmented.segments
    base_ids, delta_ids = segmented.ids
    source = np.full(segmented.corpus_size, -1, dtype=np.int64)
    alive = np.flatnonzero(base_ids >= 0)
    source[base_ids[alive]] = alive
    forward, postings_order, postings = _merge_forward(base.forward, base.index, source, delta_ids, delta.forward)
    return ParagraphIndex.from_forward(forward, segmented.params, postings_order, postings), forward


def _merge_forward(
    old: ForwardIndex, old_bm25: ParagraphIndex, source: np.ndarray, todo: np.ndarray, fresh: ForwardIndex
) -> tuple[ForwardIndex, np.ndarray | None, tuple[np.ndarray, np.ndarray, np.ndarray] | None]:
    """The forward index of the new chunk sequence, renumbered by first appearance, with its
    postings: merged from the old postings when the reused chunks keep their order and the
    re-tokenized ones are few (see _merged_postings), else as the stable order of its entries
    by term (see ParagraphIndex.from_forward). Exactly one of the last two is not None.
    ``fresh`` is the forward index of the chunks ``todo`` (the others come from ``old``).
    """
    n_docs = len(source)
    old_ids = old_bm25.vocabulary
    # put the fresh documents' terms into the old id space (new strings after the old ones)
    extra: dict[str, int] = {}
    to_space = np.empty(len(fresh.vocabulary), dtype=np.int64)
    for k, token in enumerate(fresh.vocabulary):
        to_space[k] = old_ids[token] if token in old_ids else len(old.vocabulary) + extra.setdefault(token, len(extra))
    space_vocabulary = old.vocabulary + list(extra)

    lengths = np.empty(n_docs, dtype=np.int64)
    reused = source >= 0
    lengths[reused] = np.diff(old.indptr)[source[reused]]
    lengths[todo] = np.diff(fresh.indptr)
    indptr = np.zeros(n_docs + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    # gather entries run by run: consecutive documents that come from consecutive old documents, or
    # from consecutive fresh ones, are one slice each (a reload changes few articles: few runs)
    slot = np.where(reused, source, -1)
    slot[todo] = np.arange(len(todo))
    offset = slot - np.arange(n_docs)
    bounds = np.flatnonzero((offset[1:] != offset[:-1]) | (reused[1:] != reused[:-1])) + 1
    terms_parts: list[np.ndarray] = []
    tfs_parts: list[np.ndarray] = []
    for a, b in zip([0, *bounds.tolist()], [*bounds.tolist(), n_docs]):
        if a == b:
            continue
        part = old if reused[a] else fresh
        lo, hi = int(part.indptr[slot[a]]), int(part.indptr[slot[b - 1] + 1])
        terms_parts.append(part.terms[lo:hi] if reused[a] else to_space[fresh.terms[lo:hi]])
        tfs_parts.append(part.tfs[lo:hi])
    terms = np.concatenate(terms_parts).astype(np.int64, copy=False) if terms_parts else np.zeros(0, np.int64)
    tfs = np.concatenate(tfs_parts).astype(np.int32, copy=False) if tfs_parts else np.zeros(0, np.int32)

    kept = source[reused]
    if len(fresh.terms) * 8 < len(terms) and bool(np.all(kept[1:] > kept[:-1])):
        space_postings = _merged_postings(old_bm25, source, todo, fresh, to_space, len(space_vocabulary))
        counts = np.diff(space_postings[0])
        first = np.full(len(space_vocabulary), len(terms), dtype=np.int64)
        np.minimum.at(first, terms, np.arange(len(terms)))  # each term's first position
        used = np.flatnonzero(counts)
        order = used[np.argsort(first[used])]  # first positions are distinct
        postings_order, postings = None, _reordered(space_postings, order)
    else:
        # one stable sort of the entries by term gives each term's first position and, with its
        # blocks taken in the new numbering, the postings order
        by_term = stable_order(terms.astype(np.int32))
        counts = np.bincount(terms, minlength=len(space_vocabulary))
        starts = np.cumsum(counts) - counts
        used = np.flatnonzero(counts)
        order = used[np.argsort(by_term[starts[used]])]  # first positions are distinct
        postings_order, postings = by_term[ranges(starts[order], counts[order])], None
    # renumber terms by first appearance, dropping terms no document uses any more
    renumber = np.empty(len(space_vocabulary), dtype=np.int64)
    renumber[order] = np.arange(len(order))
    forward = ForwardIndex(
        indptr=indptr,
        terms=renumber[terms].astype(np.int32),
        tfs=tfs,
        vocabulary=[space_vocabulary[t] for t in order.tolist()],
    )
    return forward, postings_order, postings


def _merged_postings(
    old_bm25: ParagraphIndex, source: np.ndarray, todo: np.ndarray, fresh: ForwardIndex, to_space: np.ndarray, n_space: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The new postings in the old id space (indptr, doc ids, term frequencies): the old postings
    of reused chunks with their new numbers, and the fresh chunks' entries put in place.

    Reused chunks keep their order (the caller checks), so each term's old list stays sorted
    by document once renumbered; a fresh entry goes where its document falls in its term's list.
    """
    n_old_terms = len(old_bm25.indptr) - 1
    new_of_old = np.full(len(old_bm25.doc_len), -1, dtype=np.int32)
    reused = source >= 0
    new_of_old[source[reused]] = np.flatnonzero(reused)
    docs = new_of_old[old_bm25.doc_ids]
    tfs = old_bm25.term_freqs
    counts = np.zeros(n_space, dtype=np.int64)
    counts[:n_old_terms] = np.diff(old_bm25.indptr)
    dropped = np.flatnonzero(docs < 0)
    if len(dropped):  # entries of chunks that are gone or cut again
        counts -= np.bincount(np.searchsorted(old_bm25.indptr, dropped, side="right") - 1, minlength=n_space)
        keep = docs >= 0
        docs, tfs = docs[keep], tfs[keep]
    starts = np.cumsum(counts) - counts
    fresh_terms = to_space[fresh.terms]
    fresh_docs = np.repeat(todo, np.diff(fresh.indptr))
    by_entry = np.lexsort((fresh_docs, fresh_terms))
    fresh_terms, fresh_docs, fresh_tfs = fresh_terms[by_entry], fresh_docs[by_entry], fresh.tfs[by_entry]
    at = np.empty(len(fresh_terms), dtype=np.int64)
    cuts = np.flatnonzero(np.diff(fresh_terms)) + 1
    for a, b in zip([0, *cuts.tolist()], [*cuts.tolist(), len(fresh_terms)] if len(fresh_terms) else []):
        term = int(fresh_terms[a])
        lo = int(starts[term])
        at[a:b] = lo + np.searchsorted(docs[lo : lo + int(counts[term])], fresh_docs[a:b])
    counts += np.bincount(fresh_terms, minlength=n_space)
    indptr = np.zeros(n_space + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    return indptr, np.insert(docs, at, fresh_docs), np.insert(tfs, at, fresh_tfs)


def _reordered(postings: tuple[np.ndarray, np.ndarray, np.ndarray], order: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Postings with their term blocks in ``order`` (copied run by run: terms that keep their
    relative order are one slice)."""
    indptr, docs, tfs = postings
    cuts = np.flatnonzero(np.diff(order) != 1) + 1
    runs = [(int(order[a]), int(order[b - 1]) + 1) for a, b in zip([0, *cuts.tolist()], [*cuts.tolist(), len(order)]) if a < b]
    counts = np.diff(indptr)[order]
    new_indptr = np.zeros(len(order) + 1, dtype=np.int64)
    np.cumsum(counts, out=new_indptr[1:])
    pieces = [(int(indptr[a]), int(indptr[b])) for a, b in runs]
    if not pieces:
        return new_indptr, docs[:0], tfs[:0]
    return new_indptr, np.concatenate([docs[lo:hi] for lo, hi in pieces]), np.concatenate([tfs[lo:hi] for lo, hi in pieces])
