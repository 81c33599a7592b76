"""Side by side: two speakers' best quotes on one topic, or the topics they both spoke on.

「甲和乙怎么看Y」, 「甲与乙在Y上的分歧」 and ``/compare 甲 乙 [话题]`` name two speakers joined
by 和/与/跟/同/及/、 (or are asked for explicitly); a name the tokenizer glued to the joiner
(和普京) is read from the text next to it, and kept only when the speaker index knows it as a
speaker. Each side pools the keys that write one person's name (鲍威尔, 杰罗姆·H·鲍威尔: see
name_variants.py). Each speaker's section holds the answers the ranker gives for that speaker
alone on the topic, kept only when the quote is theirs; a side with nothing on the topic shows the
speaker's nearest quotes, marked as off the topic. Without a topic, the topics are the words both
speakers' quotes use most (weighted by idf).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from ..index.speaker_index import SpeakerIndex
from ..models import Answer
from ..speakers import name_parts
from ..tokenize import content_tokens, prepare
from .cache import query_cache
from .name_variants import variants
from .people import main_role
from .question import ParsedQuestion
from .ranking import rank
from .topic_speakers import ON_TOPIC, topic_weights

if TYPE_CHECKING:
    from ..index.news_index import NewsIndex

PER_SPEAKER = 3
SHARED_TOPICS = 5
QUOTES_SCANNED = 120
"""Quotes per speaker (the last in the index) read to find the topics both spoke on: each is cut
by jieba, so this bounds a comparison without a topic (400 took over a second for 李强和普京)."""
_JOINED = re.compile(r"(?:和|与|跟|同|及|、|以及|还有|对比|比较|vs\.?|VS)")
COMPARE_WORDS = frozenset("分歧 异同 对比 比较 不同 区别 一致 共识 立场 看法 观点 上 之间 两人 二人 双方 各自".split())
"""Words that ask for a comparison, not the topic (甲与乙在Y上的分歧: the topic is Y)."""
_CUES = re.compile(r"分歧|异同|对比|比较|不同|区别|一致|共识|立场|看法|怎么看|如何看|怎样看|观点|态度|主张")
_JOINER = re.compile(r"和|与|跟|同")
MAX_NAME = 10
"""Longest name read from the text beside a joiner (characters)."""


@dataclass(slots=True)
class CompareSection:
    """One speaker's side: their name, role and best quotes on the topic."""

    key: str
    name: str
    role: str | None
    answers: list[Answer] = field(default_factory=list)
    on_topic: bool = True
    """False: the speaker said nothing on the topic and ``answers`` are their nearest quotes."""

    def to_json(self) -> dict[str, object]:
        return {"speaker": self.name, "role": self.role, "on_topic": self.on_topic, "answers": [a.to_json() for a in self.answers]}


@dataclass(slots=True)
class Comparison:
    topic: str
    sections: list[CompareSection]
    shared_topics: list[str] = field(default_factory=list)
    """Without a topic in the question: the topics both spoke on most (the first one is shown)."""

    def to_json(self) -> dict[str, object]:
        return {"topic": self.topic, "sections": [s.to_json() for s in self.sections], "shared_topics": self.shared_topics}


def _written_names(text: str, keys: list[str]) -> dict[int, tuple[int, str]]:
    """Where each key is written in ``text``: start -> (end, key); the part written (鲍威尔 for
    杰罗姆·h·鲍威尔) counts, and a key written exactly wins over one it is a part of."""
    spans: dict[int, tuple[int, str]] = {}
    for key in sorted(keys, key=lambda k: k not in text):
        for written in sorted({key, *(p for p in name_parts(key) if len(p) >= 2)}, key=len, reverse=True):
            at = text.find(written)
            if at >= 0:
                spans.setdefault(at, (at + len(written), key))
                break
    return spans


def _speaker_at(speakers: SpeakerIndex, text: str, before: bool) -> tuple[int, str] | None:
    """The longest speaker name ending (``before``) or starting ``text``: (length, key)."""
    for size in range(min(MAX_NAME, len(text)), 1, -1):
        written = text[-size:] if before else text[:size]
        keys = [k for k in speakers.lookup(written) if speakers.bindable(k)]
        if keys:
            return size, keys[0]
    return None


def _read_beside_joiner(text: str, spans: dict[int, tuple[int, str]], speakers: SpeakerIndex) -> None:
    """Add the names the tokenizer glued to a joiner (李强和普京: 和普京 is one token)."""
    for m in _JOINER.finditer(text):
        if m.end() not in spans and (found := _speaker_at(speakers, text[m.end() :], before=False)):
            spans[m.end()] = (m.end() + found[0], found[1])
        if not any(end == m.start() for end, _ in spans.values()) and (found := _speaker_at(speakers, text[: m.start()], before=True)):
            spans[m.start() - found[0]] = (m.start(), found[1])


def compared_speakers(
    question: str, keys: list[str], explicit: bool = False, speakers: SpeakerIndex | None = None
) -> list[str] | None:
    """Two speaker keys the question puts side by side (甲和乙…), else None.

    With ``speakers``, a name beside a joiner is also read from the text itself.
    """
    keys = list(dict.fromkeys(keys))
    if explicit:
        return keys[:2] if len(keys) >= 2 else None
    text = prepare(question)
    if not _CUES.search(text):
        return None
    spans = _written_names(text, keys)
    if speakers is not None and spans:
        _read_beside_joiner(text, spans, speakers)
    found = sorted(spans.items())
    for (_, (end, first)), (start, (_, second)) in zip(found, found[1:]):
        between = text[end:start]
        if first != second and len(between) <= 4 and _JOINED.search(between):
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
    pooled = variants(index.speakers, key)
    parsed = ParsedQuestion(text=entry.name, kind="speaker", speakers=pooled, tokens=[*topic, key], topic_tokens=topic)
    weights = topic_weights(index, topic)
    total = sum(weights.values())
    theirs = [a for a in rank(index, parsed, PER_SPEAKER * 4, allowed) if a.speaker and prepare(a.speaker) in pooled]
    answers = [
        a
        for a in theirs
        if total <= 0 or sum(w for t, w in weights.items() if t in prepare(a.quote)) / total >= ON_TOPIC - 1e-9
    ]
    section = CompareSection(key, entry.name, main_role(entry.roles), answers[:PER_SPEAKER])
    if not answers and theirs and topic:
        section.answers, section.on_topic = theirs[:PER_SPEAKER], False
    return section


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
    cache = query_cache(index.speakers).spoken_words
    for key in (a, b):
        if key not in cache:
            cache[key] = spoken_words(index, index.speakers.entries[key].quotes)
    first, second = cache[a], cache[b]
    return _weighted(index, list(first.keys() & second.keys()), lambda t: min(first[t], second[t]), limit)


def comparison_of(index: NewsIndex, keys: list[str], topic: list[str], allowed: np.ndarray | None = None) -> Comparison:
    """Each of two speakers' best quotes on ``topic`` (or on the topic they share most)."""
    a, b = keys[:2]
    found: list[str] = []
    if not topic:
        found = shared_topics(index, a, b)
        topic = found[:1]
    sections = [_section(index, key, topic, allowed) for key in (a, b)]
    return Comparison("".join(topic), sections, found)
