"""/timeline 名字 [话题]: how many statements a person made each month, as plain data.

The statements are exactly those /who lists for the same text (retrieval.answering.who: the same look-up,
topic and date window); this module only counts them by the month of their article's date.
Months without a statement between the first and the last are counted as 0, so a chart of the
counts shows the gaps; statements whose article has no usable date are counted apart.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from ..time_window import DateWindow
from .who import Outcome, WhoAnswer, who

if TYPE_CHECKING:
    from ..index.news_index import NewsIndex

_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass(slots=True)
class MonthlyCounts:
    """Statements per month, every month from the first to the last (zeros included)."""

    months: list[tuple[str, int]] = field(default_factory=list)
    """("2024-05", 3) …, oldest first."""
    undated: int = 0
    first: str | None = None
    """The earliest statement's date (YYYY-MM-DD)."""
    last: str | None = None

    @property
    def dated(self) -> int:
        return sum(count for _, count in self.months)

    @property
    def busiest(self) -> tuple[str, int] | None:
        """The month with most statements (the earliest of equals); None without dates."""
        return max(self.months, key=lambda month: month[1], default=None) if self.months else None


def monthly_counts(dates: Iterable[str | None]) -> MonthlyCounts:
    """Count dates (ISO, possibly with a time) by month, filling the months between with 0."""
    days = []
    undated = 0
    for value in dates:
        m = _ISO_DAY.match(value or "")
        if m is None or not 1 <= int(m.group(2)) <= 12:
            undated += 1
        else:
            days.append(m.group(0))
    if not days:
        return MonthlyCounts(undated=undated)
    per_month = Counter(day[:7] for day in days)
    year, month = map(int, min(per_month).split("-"))
    end = max(per_month)
    months = []
    while (key := f"{year:04d}-{month:02d}") <= end:
        months.append((key, per_month.get(key, 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return MonthlyCounts(months, undated, min(days), max(days))


@dataclass(slots=True)
class Timeline:
    """A person's statements by month, for the /who text that names them (and a topic)."""

    found: WhoAnswer
    """What /who finds for the same text: its outcome, name, role, topic and date window."""
    counts: MonthlyCounts = field(default_factory=MonthlyCounts)

    @property
    def query(self) -> str:
        return self.found.query

    @property
    def outcome(self) -> Outcome:
        return self.found.outcome

    @property
    def name(self) -> str:
        return self.found.name

    @property
    def role(self) -> str:
        return self.found.role

    @property
    def topic(self) -> str:
        return self.found.topic

    @property
    def window(self) -> DateWindow | None:
        """The dates the text named (2024年, 去年 …), resolved."""
        return self.found.window

    @property
    def total(self) -> int:
        return self.counts.dated + self.counts.undated

    def to_json(self) -> dict[str, object]:
        busiest = self.counts.busiest
        return {
            "timeline": self.query,
            "outcome": self.outcome,
            "name": self.name,
            "role": self.role,
            "topic": self.topic,
            "date_window": None if self.window is None else self.window.to_json(),
            "total": self.total,
            "undated": self.counts.undated,
            "first": self.counts.first,
            "last": self.counts.last,
            "busiest": None if busiest is None else {"month": busiest[0], "count": busiest[1]},
            "months": [{"month": month, "count": count} for month, count in self.counts.months],
        }


def timeline(index: NewsIndex, text: str, today: date | None = None) -> Timeline:
    """The statements /who finds for ``text``, counted by month."""
    found = who(index, text, today)
    return Timeline(found, monthly_counts(a.article.get("date") for a in found.quotes))
