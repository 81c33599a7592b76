"""Question -> ranked answers: BM25 candidates, speaker quotes, and a score that joins them.

Every candidate is a chunk, with the quote in it that best fits the question (if any).
Its score adds up, each part in [0, 1]:

* the chunk's BM25 score relative to the best candidate's;
* how much of the topic its article holds, and its context adds: the paragraph before, the
  article's lead and title as fields of their own (context_fields.py: the occasion, the place);
* how much of the question's topic the quote's own words cover (idf-weighted);
* for questions naming a speaker, whether the quote is theirs (weighted most);
* whether the chunk carries an attributed quote at all (who-said-what prefers quotes).

A question whose words barely occur in the corpus gets no answers rather than noise.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

import numpy as np

from ..index.bm25 import distinct
from ..models import Answer, Quote
from ..tokenize import prepare
from . import context_fields
from .cache import query_cache
from .name_forms import misread_quotes
from .narration import narration_flags
from .question import ParsedQuestion

if TYPE_CHECKING:
    from ..index.news_index import NewsIndex

BM25_CANDIDATES = 300
SPEAKER_CANDIDATES = 300
SPEAKER_WEIGHT = 2.0
COLLECTIVE_SPEAKER_WEIGHT = 0.6
QUOTE_WEIGHT = 0.5
SPOKEN_TOPIC_QUOTE_WEIGHT = 1.0
"""A topic question that asks what was said (有什么说法) wants attributed words even more."""
PERSON_WEIGHT = 0.1
COVERAGE_WEIGHT = 0.6
ARTICLE_WEIGHT = 0.3
QUOTED_WEIGHT = 1.0
DESCRIPTION_WEIGHT = 1.0
"""A speaker whose name and roles hold the words that describe whom the question asks about."""
INTRODUCTION_CHARS = 30
MIN_COVERAGE = 0.2
"""Below this share of the question's idf mass in the best candidate, answer nothing."""

_SENTENCES = re.compile(r"[^。！？!?；;]+[。！？!?；;]?")


def _weights(index: NewsIndex, tokens: list[str]) -> dict[str, float]:
    """idf of each distinct query token; a token the corpus lacks weighs like the rarest."""
    rare = math.log(index.bm25.corpus_size + 0.5) if index.bm25.corpus_size else 1.0
    weights: dict[str, float] = {}
    for token in tokens:
        if token not in weights:
            weights[token] = index.bm25.token_idf(token) if index.bm25.document_frequency(token) else rare
    return weights


def _text_coverage(text: str, weights: dict[str, float], total: float) -> float:
    """Share of the idf mass of the question's tokens found in ``text`` (already prepared)."""
    if total <= 0:
        return 0.0
    return sum(w for token, w in weights.items() if token in text) / total


def phrase_query(index: NewsIndex, phrase: str) -> list[str]:
    """A quoted phrase's search words as the index knows them: a word the index never saw (各唱,
    cut so only when the phrase stands alone) is replaced by its pieces, as running text cuts it."""
    query: list[str] = []
    for token in index.tokenizer.tokenize_question(phrase):
        if index.bm25.document_frequency(token) or len(token) < 2:
            query.append(token)
        else:
            query.extend(t for t in index.tokenizer.tokenize(" ".join(token)) if index.bm25.document_frequency(t))
    return query


def _with_quoted_pieces(index: NewsIndex, tokens: list[str], quoted: str | None) -> list[str]:
    """The question's tokens, those of its quoted words as running text cuts them (phrase_query):
    a quoted word the index never saw is a different cut, not a rare word to be missed."""
    if not quoted:
        return tokens
    unseen = {t for t in index.tokenizer.tokenize_question(quoted) if not index.bm25.document_frequency(t)}
    if not unseen:
        return tokens
    pieces = {t: phrase_query(index, t) for t in unseen}
    return [p for t in tokens for p in (pieces[t] if t in pieces else [t])]


def membership(index: NewsIndex, token: str, chunks: np.ndarray) -> np.ndarray:
    """For each chunk id in ``chunks``, whether it contains ``token`` (postings are sorted)."""
    doc_ids, _ = index.bm25.postings(token)
    if not len(doc_ids):
        return np.zeros(len(chunks), dtype=bool)
    pos = np.minimum(np.searchsorted(doc_ids, chunks), len(doc_ids) - 1)
    return doc_ids[pos] == chunks


def chunk_coverage(index: NewsIndex, chunks: np.ndarray, weights: dict[str, float], total: float) -> np.ndarray:
    """For each chunk, the share of the question's idf mass among its tokens."""
    covered = np.zeros(len(chunks))
    if total <= 0:
        return covered
    for token, weight in weights.items():
        covered += weight * membership(index, token, chunks)
    return covered / total


def article_coverage(index: NewsIndex, articles: np.ndarray, weights: dict[str, float], total: float) -> np.ndarray:
    """For each article in ``articles``, the share of topic idf mass found anywhere in it."""
    covered = np.zeros(len(articles))
    if total <= 0 or not len(articles):
        return covered
    for token, weight in weights.items():
        doc_ids, _ = index.bm25.postings(token)
        if not len(doc_ids):
            continue
        owners = index.chunk_article[doc_ids]  # non-decreasing: chunks are stored article by article
        pos = np.minimum(np.searchsorted(owners, articles), len(owners) - 1)
        covered += weight * (owners[pos] == articles)
    return covered / total


def introduction(index: NewsIndex, quote_id: int) -> str:
    """How a quote's speaker is introduced, prepared: name, this quote's role, the roles the corpus
    gives the name, and the words just before the quote and before the article's first mention of the
    name (商务部副部长某某…。某某表示，…: no role was kept with the quote). Kept per index: a
    described speaker's question reads the introductions of hundreds of quotes."""
    introductions = query_cache(index.speakers).introductions
    if quote_id not in introductions:
        introductions[quote_id] = _introduction(index, quote_id)
    return introductions[quote_id]


def _introduction(index: NewsIndex, quote_id: int) -> str:
    quote = index.quotes[quote_id]
    entry = index.speakers.entries[index.speakers.quote_keys[quote_id]]
    paragraphs = index.articles[quote.article].paragraphs
    leads = [paragraphs[quote.paragraph][max(0, quote.start - INTRODUCTION_CHARS) : quote.start]]
    name = quote.speaker.name
    for paragraph in paragraphs[: quote.paragraph + 1]:  # where the article first names the speaker
        if (at := paragraph.find(name)) >= 0:
            leads.append(paragraph[max(0, at - INTRODUCTION_CHARS) : at])
            break
    return prepare(" ".join([name, quote.speaker.role or "", *entry.roles, *leads]))


def _top(ids: np.ndarray, scores: np.ndarray, k: int) -> np.ndarray:
    if len(ids) <= k:
        return ids
    return ids[np.argpartition(-scores, k - 1)[:k]]


def _lookup(ids: np.ndarray, scores: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Scores of ``wanted`` ids given sorted (ids, scores); 0 where absent."""
    if not len(ids):
        return np.zeros(len(wanted))
    pos = np.minimum(np.searchsorted(ids, wanted), len(ids) - 1)
    return np.where(ids[pos] == wanted, scores[pos], 0.0)


def rank(index: NewsIndex, parsed: ParsedQuestion, top_k: int, allowed: np.ndarray | None = None) -> list[Answer]:
    """The best ``top_k`` answers to a parsed question, or [] when nothing fits.

    ``allowed`` (a flag per article) limits the answers to those articles, e.g. a date window.
    """
    role_words = set(parsed.role_words)  # the asked person is matched by name: their role finds no statement
    query = _with_quoted_pieces(index, [t for t in parsed.tokens if t not in role_words], parsed.quoted)
    if not query and not parsed.speakers:
        return []
    weights = _weights(index, query)
    topic_set = set(parsed.topic_tokens)
    topic_weights = {t: w for t, w in weights.items() if t in topic_set}
    topic_total = sum(topic_weights.values())
    speaker_keys = set(parsed.speakers)

    chunk_ids, bm25_scores = index.bm25.score_candidates(query)
    if allowed is not None:
        keep = allowed[index.chunk_article[chunk_ids]]
        chunk_ids, bm25_scores = chunk_ids[keep], bm25_scores[keep]
    pools = [_top(chunk_ids, bm25_scores, BM25_CANDIDATES)]
    misread = misread_quotes(index, parsed.speakers)  # 沈国 | 放说 for 沈国放: the asked person's too
    speaker_quotes = index.speakers.quotes_of(parsed.speakers) + list(misread)
    if speaker_quotes:  # the speaker's quotes: the best-scoring ones when there are many
        spoken = distinct(index.quote_chunk[np.asarray(speaker_quotes)])
        if allowed is not None:
            spoken = spoken[allowed[index.chunk_article[spoken]]]
        pools.append(_top(spoken, _lookup(chunk_ids, bm25_scores, spoken), SPEAKER_CANDIDATES))
    pool = distinct(np.concatenate(pools)).astype(np.int64)
    if not len(pool):
        return []
    bm25 = np.maximum(_lookup(chunk_ids, bm25_scores, pool), 0.0)
    best_bm25 = float(bm25.max()) or 1.0
    chunk_cov = chunk_coverage(index, pool, topic_weights, topic_total)
    article_cov = article_coverage(index, index.chunk_article[pool], topic_weights, topic_total)
    in_context = context_fields.context_gain(index, pool, topic_weights, lambda token, chunks: membership(index, token, chunks))
    base = bm25 / best_bm25 + ARTICLE_WEIGHT * article_cov
    quoted = prepare(parsed.quoted) if parsed.quoted else None
    quoted_in_chunk = np.zeros(len(pool))
    if quoted:  # check the text only of chunks that hold every word of the quoted phrase
        holds = np.ones(len(pool), dtype=bool)
        for token in phrase_query(index, quoted):
            holds &= membership(index, token, pool)
        for i in np.flatnonzero(holds).tolist():
            if quoted in prepare(index.chunk_text(int(pool[i]))):
                quoted_in_chunk[i] = 0.3
    # a chunk without a quote of its own gets half credit for covering the topic
    scores = base + COVERAGE_WEIGHT * 0.5 * chunk_cov + QUOTED_WEIGHT * quoted_in_chunk
    quote_weight = SPOKEN_TOPIC_QUOTE_WEIGHT if parsed.kind == "topic" and parsed.asks_for_words else QUOTE_WEIGHT
    quote_at, quote_ids = index.quotes_by_chunk(pool)
    if parsed.kind == "topic" and topic_total:  # 数据显示，…: a finding with its source answers as a quote does
        reported = narration_flags(
            pool, lambda token, chunks: membership(index, token, chunks), index.chunk_text, lambda token: index.bm25.document_frequency(token) > 0
        )
        reported[quote_at] = False  # a quote there (报告指出 attributed to 报告) is scored as one below
        as_quote = base + in_context + COVERAGE_WEIGHT * chunk_cov + quote_weight * (0.5 + 0.5 * chunk_cov)
        scores = np.where(reported, np.maximum(scores, as_quote), scores)
    best_quote: list[int | None] = [None] * len(pool)
    who = parsed.kind == "who"
    mentioned = set(parsed.mentioned)
    described = [(w, sum(w.values())) for w in (_weights(index, words) for words in parsed.described)]
    # plain Python numbers in the loop below: indexing numpy arrays one element at a time is slow
    quote_keys, entries, texts = index.speakers.quote_keys, index.speakers.entries, index.quote_text_keys
    # the context speaks for a statement (他表示，… after the paragraph naming the occasion), not for
    # a paragraph without one: a headline sharing one word would rise on its article's other words
    base_at, half_cov_at, in_chunk_at = (base + in_context).tolist(), (0.5 * chunk_cov).tolist(), quoted_in_chunk.tolist()
    best_at = scores.tolist()
    for i, qid in zip(quote_at, quote_ids):
        key = misread.get(qid) or quote_keys[qid]  # a misread name or a document: the asked person's quote
        match = key in speaker_keys
        said = texts[qid]
        if topic_total:
            cov = max(_text_coverage(said, topic_weights, topic_total), half_cov_at[i])
        else:
            cov = 1.0 if match else 0.0
        collective = entries[key].collective
        score = base_at[i] + COVERAGE_WEIGHT * cov + quote_weight * (0.5 + 0.5 * cov)  # words on the topic count most
        if who and not collective:
            score += PERSON_WEIGHT
        if key in mentioned:
            score -= SPEAKER_WEIGHT  # 谁批评了某某: 某某 is who was criticised, not who spoke
        if described:  # the best-fitting alternative: 新西兰和澳大利亚 asks for either
            introduced = introduction(index, qid)
            score += DESCRIPTION_WEIGHT * max(_text_coverage(introduced, w, total) for w, total in described)
        if match:
            score += COLLECTIVE_SPEAKER_WEIGHT if collective else SPEAKER_WEIGHT
        if in_chunk_at[i]:  # the question quotes words: full credit if this speaker says them
            score += QUOTED_WEIGHT * (1.0 if quoted in said else in_chunk_at[i])
        if score > best_at[i]:
            best_at[i], best_quote[i] = score, qid
    scores = np.asarray(best_at)
    # an answer covers enough of the question: its words (those describing the speaker are matched
    # against speakers, above), or the asked speaker and part of the topic, or a speaker fitting the
    # description (as far as they fit) in an article on the topic: 新任委员纷纷表示… answers
    # 香港新任政协委员获得委任后有什么表态 though the paragraph repeats neither 获得 nor 委任
    describing = {t for words in parsed.described for t in words}
    asked_words = {t: w for t, w in weights.items() if t not in describing} or weights
    matched = chunk_coverage(index, pool, asked_words, sum(asked_words.values()))
    on_topic = (article_cov > 0).tolist() if topic_total else [True] * len(pool)
    for i, quote_id in enumerate(best_quote):
        if quote_id is None:
            continue
        if index.speakers.quote_keys[quote_id] in speaker_keys or quote_id in misread:
            matched[i] = max(matched[i], 1.0 if not topic_total else 0.5 + 0.5 * float(chunk_cov[i]))
        elif described and on_topic[i]:
            fit = max(_text_coverage(introduction(index, quote_id), w, total) for w, total in described)
            matched[i] = max(matched[i], fit * (0.5 + 0.5 * float(chunk_cov[i])))
    enough = (matched >= MIN_COVERAGE).tolist()
    order = [i for i in np.lexsort((pool, -scores)).tolist() if enough[i]]
    chosen = distinct_by_paragraph_and_speaker(index, pool, best_quote, order, top_k)
    names = {qid: index.speakers.entries[key].name for qid, key in misread.items()}
    return [chunk_answer(index, int(pool[i]), best_quote[i], float(scores[i]), parsed, names.get(best_quote[i])) for i in chosen]


def distinct_by_paragraph_and_speaker(
    index: NewsIndex, pool: np.ndarray, best_quote: list[int | None], order: list[int], top_k: int
) -> list[int]:
    """The first ``top_k`` positions of ``order`` with one per (paragraph, speaker).

    A long paragraph is split into several chunks; without this, its chunks could fill the first
    answers with the same paragraph. A paragraph is known by its text, so one that two articles
    carry (a report and its sequel repeat it) is one answer. Another speaker in the same
    paragraph is a different answer.
    """
    seen: set[tuple[str, str | None]] = set()
    chosen: list[int] = []
    for i in order:
        article_no, paragraph_no = index.chunks[int(pool[i]), :2].tolist()
        quote_id = best_quote[i]
        text = index.articles[article_no].paragraphs[paragraph_no]
        key = (text, None if quote_id is None else index.speakers.quote_keys[quote_id])
        if key in seen:
            continue
        seen.add(key)
        chosen.append(i)
        if len(chosen) == top_k:
            break
    return chosen


def best_sentences(text: str, tokens: list[str], limit: int = 160) -> str:
    """The sentence of ``text`` that best covers ``tokens`` (and the next while short)."""
    sentences = [s for s in _SENTENCES.findall(text) if s.strip()]
    if len(text) <= limit or not sentences:
        return text
    wanted = set(tokens)
    scores = [sum(1 for t in wanted if t in prepared) for prepared in map(prepare, sentences)]
    i = int(np.argmax(scores))
    out = sentences[i]
    j = i + 1
    while j < len(sentences) and len(out) + len(sentences[j]) <= limit:
        out += sentences[j]
        j += 1
    return out.strip()


def chunk_answer(
    index: NewsIndex, chunk_id: int, quote_id: int | None, score: float, parsed: ParsedQuestion, speaker: str | None = None
) -> Answer:
    """The answer a chunk gives, with its quote (if any) under ``speaker`` when given (the asked
    name a misread form of it stands for: name_forms)."""
    article_no, paragraph_no = index.chunks[chunk_id, :2].tolist()
    article = index.articles[article_no]
    paragraph = article.paragraphs[paragraph_no]
    if quote_id is not None:
        quote: Quote = index.quotes[quote_id]
        return Answer(
            speaker=speaker or quote.speaker.name,
            role=quote.speaker.role,
            quote=quote.text,
            paragraph=paragraph,
            article=article.meta(),
            score=round(score, 4),
            alias=quote.speaker.alias,
        )
    return Answer(
        speaker=None,
        role=None,
        quote=best_sentences(index.chunk_text(chunk_id), parsed.tokens),
        paragraph=paragraph,
        article=article.meta(),
        score=round(score, 4),
    )
