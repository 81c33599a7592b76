"""A question -> everything a reply shows: answers plus what frames them.

``rank`` (answering.py) orders answers; this module decides which ranking a question needs and
what goes with it: the date window and whether the answers lie outside it. The bot, ``newsbot
chat`` and ``newsbot ask --json`` all read the same ``AnswerSet``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from itertools import zip_longest
from typing import TYPE_CHECKING

import numpy as np

from .answering import _answer, rank
from .compare import COMPARE_WORDS, Comparison, compare, compared_speakers
from .models import Answer
from .normalize import normalize_question
from .question import ParsedQuestion
from .quote_match import SourceMatch, find_source, source_line
from .time_window import DateWindow
from .tokenize import prepare
from .topic_speakers import TopicSpeaker, speakers_on_topic, topic_words

_WHO_ELSE = re.compile(r"(?:谁|哪些人|哪几位|哪些专家|哪些官员)(?:都|还|曾|也|曾经)?(?:谈到|谈过|谈及|谈论|提到|提及|说到|讲到|论及|评论过|关注)")
"""谁谈到了Y: the answer is followed by the other speakers on Y."""

if TYPE_CHECKING:
    from .engine import NewsIndex


@dataclass(slots=True)
class AnswerSet:
    """The answers to one question and what the reply says around them."""

    question: str
    answers: list[Answer]
    window: DateWindow | None = None
    """The dates the question named, resolved (去年 -> 2025年)."""
    outside_window: bool = False
    """Nothing in the window fitted: the answers are the best from other dates."""
    source: SourceMatch | None = None
    """For 「“……”是谁说的」 and /source: how close the best source is (answers follow its candidates)."""
    topic: str = ""
    """The topic words of a 谁谈到了Y question."""
    speakers: list[TopicSpeaker] = field(default_factory=list)
    """Other speakers who spoke on ``topic`` (most quotes first)."""
    comparison: Comparison | None = None
    """For 甲和乙怎么看Y and /compare: a section per speaker (answers interleave the sections)."""

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "question": self.question,
            "answers": [a.to_json() for a in self.answers],
            "date_window": None if self.window is None else {**self.window.to_json(), "outside": self.outside_window},
        }
        if self.topic:
            data["speakers_on_topic"] = {"topic": self.topic, "speakers": [s.to_json() for s in self.speakers]}
        if self.comparison is not None:
            data["comparison"] = self.comparison.to_json()
        if self.source is not None:
            best = self.source.best
            data["source"] = {
                "line": self.source.line,
                "closeness": self.source.closeness,
                "similarity": round(best.similarity, 3) if best else 0.0,
                "differences": [{"asked": d.asked, "source": d.source} for d in best.differences] if best else [],
            }
        return data


def trace_source(index: NewsIndex, question: str, line: str, top_k: int) -> AnswerSet:
    """Who said ``line``: its sources, best first, and how close the best one is."""
    match = find_source(index, line, max(top_k, 1))
    parsed = ParsedQuestion(text=line, kind="who", tokens=index.tokenizer.tokenize_question(line))
    answers = [_answer(index, c.chunk, c.quote_id, round(c.similarity, 4), parsed) for c in match.candidates]
    return AnswerSet(question, answers, source=match)


def ask(index: NewsIndex, question: str, top_k: int, today: date | None) -> AnswerSet:
    """Answer ``question`` (``today`` resolves relative dates; None leaves them as words)."""
    line = source_line(normalize_question(question))
    if line is not None:
        return trace_source(index, question, line, top_k)
    parsed = index.parse(question, today)
    allowed = None if parsed.window is None else parsed.window.article_mask(index.article_dates)
    if parsed.kind == "speaker" and (pair := compared_speakers(parsed.text, parsed.speakers)):
        return side_by_side(index, question, pair, parsed.tokens, parsed.window)
    result = AnswerSet(question, rank(index, parsed, top_k, allowed), parsed.window)
    if allowed is not None and not result.answers:
        result.answers = rank(index, parsed, top_k)
        result.outside_window = bool(result.answers)
        allowed = None
    if parsed.kind == "who" and not parsed.quoted and _WHO_ELSE.search(parsed.text):
        add_topic_speakers(index, result, topic_words(parsed.topic_tokens), allowed)
    return result


def side_by_side(
    index: NewsIndex, question: str, keys: list[str], tokens: list[str], window: DateWindow | None
) -> AnswerSet:
    """Two speakers' best quotes on the topic of ``tokens`` (or on the topics they share)."""
    topic = [t for t in topic_words(tokens) if t not in COMPARE_WORDS and t not in keys]
    allowed = None if window is None else window.article_mask(index.article_dates)
    comparison = compare(index, keys, topic, allowed)
    columns = [section.answers for section in comparison.sections]
    answers = [a for row in zip_longest(*columns) for a in row if a is not None]
    return AnswerSet(question, answers, window, comparison=comparison)


def add_topic_speakers(index: NewsIndex, result: AnswerSet, topic: list[str], allowed: np.ndarray | None) -> None:
    """List the speakers on ``topic`` other than the one who answers first."""
    if not topic:
        return
    first = {prepare(result.answers[0].speaker)} if result.answers and result.answers[0].speaker else set()
    result.topic = "".join(topic)
    result.speakers = speakers_on_topic(index, topic, allowed, exclude=first)
