"""Plain data that flows through the pipeline: articles, speakers, quotes, answers."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field


@dataclass(slots=True)
class Article:
    """One news article: metadata plus its body as a list of paragraphs (original text)."""

    id: str
    title: str | None
    paragraphs: list[str]
    url: str | None = None
    date: str | None = None
    source: str | None = None
    author: str | None = None
    section: str | None = None
    origin: str = ""
    """Where the article was read from (``path`` or ``path:line``), for error reports."""
    file: str = ""
    """The corpus file it came from: a reload re-reads only files that changed."""

    def digest(self) -> str:
        """A hash of the content: a reload reuses the work done for an unchanged article."""
        parts = (self.id, self.title or "", self.url or "", self.date or "", self.source or "", *self.paragraphs)
        return hashlib.blake2b("\x00".join(parts).encode("utf-8"), digest_size=16).hexdigest()

    def meta(self) -> dict[str, str | None]:
        """The article fields an answer carries."""
        return {
            "id": self.id,
            "title": self.title,
            "url": self.url,
            "date": self.date,
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who is talking, as written: a name (or a collective such as 闵行区领导) and a role."""

    name: str
    role: str | None = None
    alias: str | None = None
    """The original form given in parentheses, e.g. Christopher Lee for 李国宜."""
    collective: bool = False


@dataclass(frozen=True, slots=True)
class Quote:
    """Words attributed to a speaker inside one paragraph of one article."""

    speaker: Speaker
    text: str
    article: int
    paragraph: int
    start: int
    """Offset of the quoted words in the paragraph (the quote may extend before the verb)."""
    end: int
    kind: str = "indirect"
    """``direct`` (quotation marks), ``indirect`` (reported speech) or ``headline``."""
    via_pronoun: bool = False


@dataclass(slots=True)
class Answer:
    """One result for a question, in the shape the CLI prints as JSON."""

    speaker: str | None
    role: str | None
    quote: str
    paragraph: str
    article: dict[str, str | None]
    score: float
    alias: str | None = None
    extra: dict[str, object] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data.pop("extra")
        data.pop("alias")
        return data
