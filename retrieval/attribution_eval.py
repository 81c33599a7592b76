"""Scoring extracted quotes against hand-annotated paragraphs (../shared/data/attribution/README.md).

A predicted record matches a gold record when the speakers match (after removing whitespace the
prediction equals the gold name or ends with it) and the quote spans overlap by at least half of
the longer one. The predicted quote is located in the paragraph (every occurrence, then without
surrounding whitespace and quotation marks); if it is not found, the overlap is the longest common
substring of the two strings. Records are paired one to one per paragraph by maximum bipartite
matching; paragraphs marked ambiguous are left out. Precision, recall and F1 are counted over
records, overall, by source and by type (gold type for matches, the prediction's own type for
unmatched predictions).

Per rule (retrieval/rules.py): of the predicted records whose ``rules`` include it, how many were
matched (the records it helped make correctly) and the share that were (its precision). Recall
has no per-rule meaning (a missed gold record has no rules), so none is given.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .models import QUOTE_TYPES

_MARKS = "“”\"「」『』‘’'"
_OPENING = "“「『\""
_CLOSING = "”」』\""


@dataclass(frozen=True, slots=True)
class GoldQuote:
    speaker: str
    quote: str
    type: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class GoldParagraph:
    id: str
    article_id: str
    paragraph_index: int
    source: str
    paragraph: str
    quotes: tuple[GoldQuote, ...]
    ambiguous: bool = False


@dataclass(frozen=True, slots=True)
class Predicted:
    speaker: str
    quote: str
    type: str | None = None
    rules: tuple[str, ...] = ()
    """The rules that made the record (Quote.rules), for the per-rule figures."""


def read_gold(path: Path) -> list[GoldParagraph]:
    """Annotated paragraphs from a JSON Lines file; a malformed line raises ValueError naming it."""
    rows = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            paragraph = str(row["paragraph"])
            quotes = []
            for q in row.get("quotes", []):
                start = q.get("char_start")
                if start is None:
                    start = paragraph.find(q["quote"])
                end = q.get("char_end", start + len(q["quote"]))
                quotes.append(GoldQuote(str(q["speaker"]), str(q["quote"]), str(q["type"]), int(start), int(end)))
            rows.append(
                GoldParagraph(
                    id=str(row["id"]),
                    article_id=str(row["article_id"]),
                    paragraph_index=int(row["paragraph_index"]),
                    source=str(row["source"]),
                    paragraph=paragraph,
                    quotes=tuple(quotes),
                    ambiguous=bool(row.get("ambiguous", False)),
                )
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{number}: not an annotated paragraph ({exc})") from None
    return rows


def same_speaker(predicted: str, gold: str) -> bool:
    """Equal, or the prediction ends with the gold name (a title before the name is fine)."""
    p, g = re.sub(r"\s+", "", predicted or ""), re.sub(r"\s+", "", gold or "")
    return bool(g) and p.endswith(g)


def _occurrences(paragraph: str, quote: str) -> list[tuple[int, int]]:
    """Where the predicted quote stands in the paragraph: as given, trimmed, then without marks."""
    for form in (quote, quote.strip(), quote.strip().strip(_MARKS).strip()):
        if not form:
            continue
        spans, at = [], paragraph.find(form)
        while at >= 0:
            spans.append((at, at + len(form)))
            at = paragraph.find(form, at + 1)
        if spans:
            return spans
    return []


def longest_common_substring(a: str, b: str) -> int:
    best = 0
    previous = [0] * (len(b) + 1)
    for ca in a:
        current = [0] * (len(b) + 1)
        for j, cb in enumerate(b, start=1):
            if ca == cb:
                current[j] = previous[j - 1] + 1
                best = max(best, current[j])
        previous = current
    return best


def overlap(paragraph: str, quote: str, start: int, end: int) -> float:
    """Overlap of a predicted quote with the gold span [start, end), over the longer of the two."""
    gold_length = end - start
    spans = _occurrences(paragraph, quote)
    if spans:
        return max(max(0, min(e, end) - max(s, start)) / max(e - s, gold_length) for s, e in spans)
    trimmed = quote.strip()
    if not trimmed or gold_length <= 0:
        return 0.0
    return longest_common_substring(trimmed, paragraph[start:end]) / max(len(trimmed), gold_length)


def inferred_type(paragraph: str, quote: str) -> str:
    """direct when the span stands inside quotation marks, mixed when it contains some, else indirect."""
    spans = _occurrences(paragraph, quote)
    if not spans:
        return "mixed" if any(c in quote for c in "“”「」『』") else "indirect"
    s, e = spans[0]
    if paragraph[s - 1 : s] and paragraph[s - 1] in _OPENING and paragraph[e : e + 1] and paragraph[e] in _CLOSING:
        return "direct"
    return "mixed" if any(c in paragraph[s:e] for c in "“”「」『』") else "indirect"


def pair_up(allowed: Sequence[Sequence[bool]], n_gold: int) -> dict[int, int]:
    """Maximum bipartite matching (augmenting paths): gold index -> prediction index."""
    owner: dict[int, int] = {}

    def claim(p: int, visited: set[int]) -> bool:
        for g in range(n_gold):
            if allowed[p][g] and g not in visited:
                visited.add(g)
                if g not in owner or claim(owner[g], visited):
                    owner[g] = p
                    return True
        return False

    for p in range(len(allowed)):
        claim(p, set())
    return owner


@dataclass(slots=True)
class Count:
    gold: int = 0
    predicted: int = 0
    matched: int = 0

    @property
    def precision(self) -> float:
        if self.predicted:
            return self.matched / self.predicted
        return 1.0 if self.gold == 0 else 0.0

    @property
    def recall(self) -> float:
        if self.gold:
            return self.matched / self.gold
        return 1.0 if self.predicted == 0 else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class AttributionScore:
    slices: dict[str, Count] = field(default_factory=dict)
    excluded: int = 0
    misses: list[str] = field(default_factory=list)
    """FN / FP lines, one per unmatched record (for --show-misses)."""
    by_rule: dict[str, Count] = field(default_factory=dict)
    """Rule name -> its predicted records (``predicted``) and the correct ones among them (``matched``)."""

    def slice(self, name: str) -> Count:
        return self.slices.setdefault(name, Count())


def score(
    gold: Iterable[GoldParagraph], predictions: Mapping[str, Sequence[Predicted]], check_speaker: bool = True
) -> AttributionScore:
    """Precision, recall and F1 of ``predictions`` (paragraph id -> records) against ``gold``."""
    result = AttributionScore()
    for name in ("all", "source=xwlb", "source=nyt", "source=pd", *(f"type={t}" for t in QUOTE_TYPES)):
        result.slice(name)
    for para in gold:
        if para.ambiguous:
            result.excluded += 1
            continue
        predicted = list(predictions.get(para.id, ()))
        allowed = [
            [
                (not check_speaker or same_speaker(p.speaker, g.speaker))
                and overlap(para.paragraph, p.quote, g.start, g.end) >= 0.5
                for g in para.quotes
            ]
            for p in predicted
        ]
        owner = pair_up(allowed, len(para.quotes))
        for name in ("all", f"source={para.source}"):
            count = result.slice(name)
            count.gold += len(para.quotes)
            count.predicted += len(predicted)
            count.matched += len(owner)
        for g, record in enumerate(para.quotes):
            count = result.slice(f"type={record.type}")
            count.gold += 1
            if g in owner:
                count.matched += 1
                count.predicted += 1
            else:
                result.misses.append(f"FN {para.id} {record.speaker} «{record.quote[:60]}»")
        matched = set(owner.values())
        for p, record in enumerate(predicted):
            for name in record.rules:
                count = result.by_rule.setdefault(name, Count())
                count.predicted += 1
                count.matched += p in matched
            if p in matched:
                continue
            kind = record.type if record.type in QUOTE_TYPES else inferred_type(para.paragraph, record.quote)
            result.slice(f"type={kind}").predicted += 1
            result.misses.append(f"FP {para.id} {record.speaker} «{record.quote[:60]}»")
    return result


def format_table(result: AttributionScore) -> str:
    lines = [f"{'':14} {'gold':>5} {'pred':>5} {'TP':>5} {'P':>6} {'R':>6} {'F1':>6}"]
    for name, c in result.slices.items():
        lines.append(f"{name:14} {c.gold:>5} {c.predicted:>5} {c.matched:>5} {c.precision:>6.3f} {c.recall:>6.3f} {c.f1:>6.3f}")
    lines.append(f"ambiguous paragraphs excluded: {result.excluded}")
    return "\n".join(lines)


def format_rule_table(result: AttributionScore) -> str:
    """Per rule, most records first: ``pred`` = predicted records the rule took part in (in
    Quote.rules), ``TP`` = how many of them are correct, ``P`` = TP / pred."""
    lines = [
        "per rule: pred = predicted records whose rules include it, TP = the correct ones among them, P = TP / pred",
        f"{'rule':34} {'pred':>5} {'TP':>5} {'P':>6}",
    ]
    for name, c in sorted(result.by_rule.items(), key=lambda item: (-item[1].predicted, item[0])):
        lines.append(f"{name:34} {c.predicted:>5} {c.matched:>5} {c.matched / c.predicted:>6.3f}")
    return "\n".join(lines)


def predictions_for(
    gold: Iterable[GoldParagraph], records: Mapping[tuple[str, int], Sequence[Predicted]]
) -> dict[str, list[Predicted]]:
    """The records extracted for each annotated paragraph, looked up by (article id, paragraph index)."""
    return {para.id: list(records.get((para.article_id, para.paragraph_index), ())) for para in gold}
