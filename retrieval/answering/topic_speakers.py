"""Who else spoke on a topic: speakers whose own words cover the topic, with counts and dates.

A quote is "on the topic" when its words (with the speaker's name and role) hold at least
``ON_TOPIC`` of the topic's idf mass: the rare words of the topic weigh most. Candidates come
from BM25 over the topic words, so a list costs one postings merge plus a scan of the quotes in
the best paragraphs.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from .name_variants import head_key, reads_as_speaker
from .people import main_role

if TYPE_CHECKING:
    from ..index.news_index import NewsIndex

ON_TOPIC = 0.6
"""Share of the topic's idf mass a quote's own words must hold."""
CANDIDATE_CHUNKS = 1500
"""Paragraphs (best BM25 first) whose quotes are checked for a speaker list."""
SPEECH_WORDS = frozenset(
    "谈到 谈过 谈及 谈论 提到 提及 提过 说到 讲到 论及 评论 评价 关注 表示 认为 说过 讲过 发言 看法 观点 说法 表态 "
    "谈 说 讲 问题 方面 有关 关于 回应 介绍 宣布 解读 回答 强调 指出 透露 呼吁 警告 建议 批评 反驳 解释 形容 描述 总结 "
    "盘点 分析 判断 预测 预计 谈谈 提出 什么 哪些".split()
)
"""Words of the question that ask about speech, not the topic (谁谈到了Y: the topic is Y)."""


@dataclass(slots=True)
class TopicSpeaker:
    """One speaker's quotes on a topic."""

    key: str
    name: str
    role: str | None
    quotes: list[int] = field(default_factory=list)
    """Quote ids on the topic, newest first."""
    first: str | None = None
    last: str | None = None

    def to_json(self) -> dict[str, object]:
        return {"speaker": self.name, "role": self.role, "quotes": len(self.quotes), "first": self.first, "last": self.last}


def topic_words(tokens: list[str]) -> list[str]:
    """The topic of a question's tokens: without the words that ask about speech."""
    return [t for t in dict.fromkeys(tokens) if t not in SPEECH_WORDS]


def topic_weights(index: NewsIndex, tokens: list[str]) -> dict[str, float]:
    """idf of each distinct topic token that the corpus has."""
    return {t: index.bm25.token_idf(t) for t in topic_words(tokens) if index.bm25.document_frequency(t)}


def on_topic(index: NewsIndex, quote_ids: list[int], weights: dict[str, float]) -> list[int]:
    """The quotes among ``quote_ids`` whose own words hold the topic (see ON_TOPIC)."""
    total = sum(w for w in weights.values() if w > 0) or sum(weights.values())
    if total <= 0:
        return []
    texts = index.quote_text_keys
    if min(weights.values()) <= 0:  # a word in most paragraphs: no early decision is safe
        return [q for q in quote_ids if sum(w for t, w in weights.items() if t in texts[q]) / total >= ON_TOPIC - 1e-9]
    needed = (ON_TOPIC - 1e-9) * total
    heaviest = sorted(weights.items(), key=lambda item: -item[1])
    kept = []
    for qid in quote_ids:
        said, held, left = texts[qid], 0.0, total
        for token, weight in heaviest:  # the rare words first: most quotes fail on the first ones
            if token in said:
                held += weight
                if held >= needed:
                    kept.append(qid)
                    break
            else:
                left -= weight
                if left < needed:
                    break
    return kept


def topic_quotes(
    index: NewsIndex, tokens: list[str], allowed: np.ndarray | None = None, keys: list[str] | None = None
) -> list[int]:
    """Quote ids on the topic ``tokens``: of the speakers ``keys`` if given, else of anyone.

    ``allowed`` (a flag per article) keeps only quotes from those articles (a date window).
    """
    weights = topic_weights(index, tokens)
    if not weights:
        return []
    if keys is not None:
        candidates = index.speakers.quotes_of(keys)
    else:
        chunk_ids, scores = index.bm25.score_candidates(list(weights))
        if len(chunk_ids) > CANDIDATE_CHUNKS:
            chunk_ids = chunk_ids[np.argpartition(-scores, CANDIDATE_CHUNKS - 1)[:CANDIDATE_CHUNKS]]
        candidates = index.quotes_by_chunk(np.sort(chunk_ids))[1]
    if allowed is not None:
        candidates = [q for q in candidates if allowed[index.quotes[q].article]]
    return on_topic(index, candidates, weights)


def newest_first(index: NewsIndex, quote_ids: list[int]) -> list[int]:
    return sorted(
        quote_ids,
        key=lambda q: (index.quote_dates[q] or "", -index.quotes[q].article, -index.quotes[q].paragraph),
        reverse=True,
    )


def speakers_on_topic(
    index: NewsIndex,
    tokens: list[str],
    allowed: np.ndarray | None = None,
    exclude: set[str] | None = None,
    limit: int = 8,
) -> list[TopicSpeaker]:
    """The individual speakers who spoke on the topic, most quotes first (then most recent).

    The keys that write one person's name are one line (name_variants.head_key); strings the
    index gives no evidence of being a name or an organisation (长会议) are left out.
    """
    speakers = index.speakers
    excluded = {head_key(speakers, key) for key in exclude or ()}
    heads: dict[str, str | None] = {}
    by_key: dict[str, list[int]] = {}
    for qid in topic_quotes(index, tokens, allowed):
        key = speakers.quote_keys[qid]
        if key not in heads:  # 特朗普 and 唐纳德·特朗普 are one line
            listed = not speakers.entries[key].collective and reads_as_speaker(speakers, key)
            heads[key] = head_key(speakers, key) if listed else None
        head = heads[key]
        if head is not None and head not in excluded:
            by_key.setdefault(head, []).append(qid)

    date_of = index.quote_dates.__getitem__
    last = {key: max(filter(None, map(date_of, ids)), default=None) for key, ids in by_key.items()}
    chosen = sorted(by_key)
    chosen.sort(key=lambda key: last[key] or "", reverse=True)
    chosen.sort(key=lambda key: len(by_key[key]), reverse=True)  # stable: most quotes, then most recent
    found = []
    for key in chosen[:limit]:
        ids = newest_first(index, by_key[key])
        dates = [d for d in map(date_of, ids) if d]
        roles = [index.quotes[q].speaker.role for q in ids if index.quotes[q].speaker.role]
        found.append(TopicSpeaker(key, speakers.entries[key].name, main_role(Counter(roles)), ids, min(dates, default=None), last[key]))
    return found
