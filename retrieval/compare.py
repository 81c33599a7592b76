"""Side by side: two speakers' best quotes on one topic, or the topics they both spoke on.

「甲和乙怎么看Y」, 「甲与乙在Y上的分歧」 and ``/compare 甲 乙 [话题]`` name two speakers joined
by 和/与/跟/同/及/、 (or are asked for explicitly). Each speaker's section holds the answers the
ranker gives for that speaker alone on the topic, kept only when the quote is theirs. Without a
topic, the topics are the words both speakers' quotes use most (weighted by idf).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from .answering import rank
from .models import Answer
from .question import ParsedQuestion
from .speakers import name_parts
from .tokenize import content_tokens, prepare
from .topic_speakers import ON_TOPIC, topic_weights

if TYPE_CHECKING:
    from .engine import NewsIndex

PER_SPEAKER = 3
SHARED_TOPICS = 5
QUOTES_SCANNED = 400
"""Quotes per speaker (newest first) read to find the topics both spoke on."""
_JOINED = re.compile(r"(?:和|与|跟|同|及|、|以及|还有|对比|比较|vs\.?|VS)")
COMPARE_WORDS = frozenset("分歧 异同 对比 比较 不同 区别 一致 共识 立场 看法 观点 上 之间 两人 二人 双方 各自".split())
"""Words that ask for a comparison, not the topic (甲与乙在Y上的分歧: the topic is Y)."""
_CUES = re.compile(r"分歧|异同|对比|比较|不同|区别|一致|共识|立场|看法|怎么看|如何看|观点")


@dataclass(slots=True)
class CompareSection:
    """One speaker's side: their name, role and best quotes on the topic."""

    key: str
    name: str
    role: str | None
    answers: list[Answer] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {"speaker": self.name, "role": self.role, "answers": [a.to_json() for a in self.answers]}


@dataclass(slots=True)
class Comparison:
    topic: str
    sections: list[CompareSection]
    shared_topics: list[str] = field(default_factory=list)
    """Without a topic in the question: the topics both spoke on most (the first one is shown)."""

    def to_json(self) -> dict[str, object]:
        return {"topic": self.topic, "sections": [s.to_json() for s in self.sections], "shared_topics": self.shared_topics}


def compared_speakers(question: str, keys: list[str], explicit: bool = False) -> list[str] | None:
    """Two speaker keys the question puts side by side (甲和乙…), else None."""
    keys = list(dict.fromkeys(keys))
    if len(keys) < 2:
        return None
    if explicit:
        return keys[:2]
    text = prepare(question)
    spans: dict[int, tuple[int, str]] = {}  # where each name is written (鲍威尔 for 杰罗姆·h·鲍威尔)
    for key in keys:
        for written in sorted({key, *(p for p in name_parts(key) if len(p) >= 2)}, key=len, reverse=True):
            at = text.find(written)
            if at >= 0:
                spans.setdefault(at, (at + len(written), key))
                break
    found = sorted(spans.items())
    if len(found) < 2:
        return None
    (_, (end, first)), (start, (_, second)) = found[0], found[1]
    between = text[end:start]
    if first != second and len(between) <= 4 and _JOINED.search(between) and _CUES.search(text):
        return [first, second]
    return None


def resolve_names(index: NewsIndex, names: list[str]) -> tuple[list[str], list[str]]:
    """Speaker keys for names typed in /compare, and the names nobody in the corpus has."""
    keys, missing = [], []
    for name in names:
        found = index.speakers.lookup(name) or index.speakers.titled(name)
        if found:
            keys.append(found[0])
        else:
            missing.append(name)
    return keys, missing


def _section(index: NewsIndex, key: str, topic: list[str], allowed: np.ndarray | None) -> CompareSection:
    entry = index.speakers.entries[key]
    parsed = ParsedQuestion(text=entry.name, kind="speaker", speakers=[key], tokens=[*topic, key], topic_tokens=topic)
    weights = topic_weights(index, topic)
    total = sum(weights.values())
    answers = [
        a
        for a in rank(index, parsed, PER_SPEAKER * 4, allowed)
        if a.speaker and prepare(a.speaker) == key
        and (total <= 0 or sum(w for t, w in weights.items() if t in prepare(a.quote)) / total >= ON_TOPIC - 1e-9)
    ]
    roles = sorted(entry.roles, key=len)
    return CompareSection(key, entry.name, roles[0] if roles else None, answers[:PER_SPEAKER])


def spoken_words(index: NewsIndex, quote_ids: list[int]) -> Counter[str]:
    """In how many of the quotes (the newest ``QUOTES_SCANNED``) each content word occurs."""
    words: Counter[str] = Counter()
    names = {index.speakers.quote_keys[q] for q in quote_ids}
    for qid in sorted(quote_ids)[-QUOTES_SCANNED:]:
        tokens = content_tokens(index.tokenizer.tokenize(index.quotes[qid].text))
        words.update({t for t in tokens if len(t) >= 2 and not t.isdigit() and t not in names})
    return words


def _weighted(index: NewsIndex, words: list[str], count: Callable[[str], int], limit: int) -> list[str]:
    return sorted(words, key=lambda t: (-count(t) * max(index.bm25.token_idf(t), 0.1), t))[:limit]


def top_topics(index: NewsIndex, quote_ids: list[int], limit: int = SHARED_TOPICS) -> list[str]:
    """What a speaker talks about most: their frequent words, weighted by idf (repeated ones only)."""
    words = spoken_words(index, quote_ids)
    repeated = [t for t, n in words.items() if n > 1] or list(words)
    return _weighted(index, repeated, words.__getitem__, limit)


def shared_topics(index: NewsIndex, a: str, b: str, limit: int = SHARED_TOPICS) -> list[str]:
    """Words both speakers' quotes use, most shared first (min of the two counts × idf)."""
    first, second = (spoken_words(index, index.speakers.entries[key].quotes) for key in (a, b))
    return _weighted(index, list(first.keys() & second.keys()), lambda t: min(first[t], second[t]), limit)


def compare(index: NewsIndex, keys: list[str], topic: list[str], allowed: np.ndarray | None = None) -> Comparison:
    """Each of two speakers' best quotes on ``topic`` (or on the topic they share most)."""
    a, b = keys[:2]
    found: list[str] = []
    if not topic:
        found = shared_topics(index, a, b)
        topic = found[:1]
    sections = [_section(index, key, topic, allowed) for key in (a, b)]
    return Comparison("".join(topic), sections, found)
