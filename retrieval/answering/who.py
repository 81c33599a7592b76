"""/who 名字 [话题] [时间]: one speaker's quotes, newest first, as plain data.

The bot's /who and ``newsbot ask --json "/who …"`` both call ``who`` so they give one answer: the
look-up of the name (or a title: 外交部发言人), the topic and date window the rest of the text
names, and the order (newest first). Text that names nobody but a topic is a 谁谈到了… question.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Literal

from ..models import Answer
from ..normalize import clean_text
from ..speakers import looks_like_name
from ..time_window import DateWindow
from .asking import bearers
from .people import Person, main_role
from .question import parse
from .topic_speakers import newest_first, topic_quotes, topic_words

if TYPE_CHECKING:
    from ..index.news_index import NewsIndex

WHO_COMMAND = "/who"

Outcome = Literal["quotes", "none", "unknown", "topic", "empty"]
"""quotes: found; none: the person is known but said nothing in the topic or window;
unknown: no such speaker; topic: the text is a topic, to be asked as 谁谈到了…; empty: no text."""


@dataclass(slots=True)
class WhoAnswer:
    """What /who finds: the speaker, what narrowed the quotes, and the quotes newest first."""

    query: str
    outcome: Outcome
    name: str = ""
    role: str = ""
    topic: str = ""
    window: DateWindow | None = None
    quotes: list[Answer] = field(default_factory=list)
    others: list[Person] = field(default_factory=list)
    """Other bearers of the name with quotes on the topic and in the window (listed apart: a
    brother 金博尔·马斯克, a second 张伟)."""

    def to_json(self) -> dict[str, object]:
        return {
            "who": self.query,
            "outcome": self.outcome,
            "name": self.name,
            "role": self.role,
            "topic": self.topic,
            "date_window": None if self.window is None else self.window.to_json(),
            "quotes": [a.to_json() for a in self.quotes],
            "others": [p.to_json() for p in self.others],
        }


def who_query(question: str) -> str | None:
    """The text after ``/who`` when ``question`` is a /who command (``/who@bot`` too), else None."""
    text = clean_text(question).strip()
    command, _, rest = text.partition(" ")
    if command.split("@", 1)[0].lower() != WHO_COMMAND:
        return None
    return rest.strip()


def who(index: NewsIndex, text: str, today: date | None = None) -> WhoAnswer:
    """A speaker's quotes, newest first, narrowed to the topic and date window ``text`` names."""
    text = clean_text(text).strip()
    if not text:
        return WhoAnswer(text, "empty")
    keys = index.speakers.lookup(text) or index.speakers.titled(text)
    topic: list[str] = []
    window = None
    if not keys:
        parsed = parse(index, text, today)
        keys, window = parsed.speakers, parsed.window
        topic = topic_words(parsed.topic_tokens)
        if not keys:
            outcome: Outcome = "topic" if topic and not looks_like_name(text) else "unknown"
            return WhoAnswer(text, outcome, topic="".join(topic), window=window)
    quote_ids = index.speakers.quotes_of(keys)
    allowed = window.article_mask(index.article_dates) if window is not None else None
    if topic:
        quote_ids = topic_quotes(index, topic, allowed, keys)
    elif allowed is not None:
        quote_ids = [q for q in quote_ids if allowed[index.quotes[q].article]]
    name = index.speakers.entries[keys[0]].name
    if not quote_ids:
        return WhoAnswer(text, "none", name=name, topic="".join(topic), window=window)
    quote_ids, others = _one_bearer(index, keys, quote_ids)
    quotes = [index.quotes[q] for q in newest_first(index, quote_ids)]
    role = main_role(Counter(q.speaker.role for q in quotes if q.speaker.role)) or ""
    answers = [
        Answer(
            q.speaker.name,
            q.speaker.role,
            q.text,
            index.articles[q.article].paragraphs[q.paragraph],
            index.articles[q.article].meta(),
            0.0,
        )
        for q in quotes
    ]
    return WhoAnswer(
        text, "quotes", name=quotes[0].speaker.name, role=role, topic="".join(topic), window=window, quotes=answers, others=others
    )


def _one_bearer(index: NewsIndex, keys: list[str], quote_ids: list[int]) -> tuple[list[int], list[Person]]:
    """The quotes of the one bearer of the name with most of ``quote_ids`` (the most quoted on a
    tie), and the other bearers among them: one header, with one name and role, lists one person."""
    people = bearers(index, keys)
    found = set(quote_ids)
    shares = [found.intersection(p.quotes) for p in people]
    if not any(shares):
        return quote_ids, []
    chosen = max(range(len(people)), key=lambda i: len(shares[i]))
    others = [p for i, p in enumerate(people) if i != chosen and shares[i]]
    return [q for q in quote_ids if q in shares[chosen]], others
