"""Grading answers against a question file (the format of shared/data/qa/README.md).

hit@1: the top answer's paragraph contains an ``accept`` substring (and, for ``who``
questions, names the gold speaker). MRR@5: 1/rank of the first such answer in the top five.
Speaker accuracy: share of speaker and who questions whose top answer names the gold speaker.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .models import Answer


@dataclass(frozen=True, slots=True)
class EvalQuestion:
    id: str
    question: str
    kind: str
    speaker: str | None
    article_id: str | None
    accept: tuple[str, ...]
    tags: tuple[str, ...] = ()
    """Optional labels (date, pronoun, surname-title …) for a breakdown by tag."""


def read_questions(path: Path) -> list[EvalQuestion]:
    """Questions from a JSON Lines file; a malformed line raises ValueError naming it."""
    questions = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            questions.append(
                EvalQuestion(
                    id=str(row["id"]),
                    question=str(row["question"]),
                    kind=str(row["kind"]),
                    speaker=row.get("speaker"),
                    article_id=row.get("article_id"),
                    accept=tuple(row["accept"]),
                    tags=tuple(str(tag) for tag in row.get("tags") or ()),
                )
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{number}: not a question record ({exc})") from None
    return questions


def speaker_matches(predicted: str | None, gold: str | None) -> bool:
    """S matches G if equal or S ends with G, after removing whitespace."""
    if not predicted or not gold:
        return False
    s, g = re.sub(r"\s+", "", predicted), re.sub(r"\s+", "", gold)
    return s == g or s.endswith(g)


def is_hit(question: EvalQuestion, answer: Answer) -> bool:
    if not any(a in answer.paragraph for a in question.accept):
        return False
    return question.kind != "who" or speaker_matches(answer.speaker, question.speaker)


def source_of(question: EvalQuestion) -> str:
    article = question.article_id or "?"
    return article.split("-", 1)[0]


@dataclass(slots=True)
class Tally:
    n: int = 0
    hit1: float = 0.0
    mrr5: float = 0.0
    speaker_n: int = 0
    speaker_ok: int = 0

    def add(self, hit1: bool, rr: float, speaker: bool | None) -> None:
        self.n += 1
        self.hit1 += hit1
        self.mrr5 += rr
        if speaker is not None:
            self.speaker_n += 1
            self.speaker_ok += speaker

    def row(self) -> dict[str, float | int | None]:
        return {
            "n": self.n,
            "hit@1": round(self.hit1 / self.n, 3) if self.n else None,
            "mrr@5": round(self.mrr5 / self.n, 3) if self.n else None,
            "speaker_acc": round(self.speaker_ok / self.speaker_n, 3) if self.speaker_n else None,
        }


@dataclass(slots=True)
class EvalResult:
    overall: Tally = field(default_factory=Tally)
    by_kind: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_source: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_tag: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    misses: list[tuple[EvalQuestion, list[Answer]]] = field(default_factory=list)


def evaluate(questions: Iterable[EvalQuestion], ask: Callable[[str], Sequence[Answer]]) -> EvalResult:
    result = EvalResult()
    for question in questions:
        answers = list(ask(question.question))[:5]
        rr = next((1.0 / rank for rank, a in enumerate(answers, start=1) if is_hit(question, a)), 0.0)
        hit1 = bool(answers) and is_hit(question, answers[0])
        speaker = None
        if question.kind in ("speaker", "who"):
            speaker = bool(answers) and speaker_matches(answers[0].speaker, question.speaker)
        tallies = [result.overall, result.by_kind[question.kind], result.by_source[source_of(question)]]
        tallies.extend(result.by_tag[tag] for tag in question.tags)
        for tally in tallies:
            tally.add(hit1, rr, speaker)
        if not hit1:
            result.misses.append((question, answers))
    return result
