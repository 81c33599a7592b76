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
    line_digest: str = ""
    """For an article read cleanly from a JSON Lines line, a hash of that line: a reload of a
    changed file reuses the articles of its unchanged lines instead of parsing them again."""
    sources: list[int] = field(default_factory=list)
    """For each paragraph, its position in the source's own paragraph list, when the two differ
    (an empty source paragraph left out, a long one split); empty when paragraph i is source i."""

    def source_paragraph(self, paragraph: int) -> int:
        """The source's position of ``paragraph`` (what annotations and ``quotes --json`` count)."""
        return self.sources[paragraph] if self.sources else paragraph

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
    """True for organisations and groups (ranking treats them apart from named people)."""
    speaker_type: str = "person"
    """``person``, ``organization`` (institutions, states, meetings, documents) or ``collective``."""


SPEAKER_TYPES = ("person", "organization", "collective")
QUOTE_TYPES = ("direct", "indirect", "mixed")
RESOLUTIONS = ("pronoun", "surname", "title", "descriptor", "context")


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
    """``direct`` (inside quotation marks), ``indirect`` (reported speech) or ``mixed`` (reported
    speech that quotes some of the speaker's own words)."""
    cue: str = ""
    """The reporting verb as written (说, 表示, 强调指出, ：); "" when there is none."""
    resolved_from: str | None = None
    """How the speaker was found when not named in full at the cue: one of RESOLUTIONS, or None."""
    headline: bool = False
    """Attributed in a headline (瑞典分析人士：……)."""
    rules: tuple[str, ...] = ()
    """The registered rules (retrieval/rules.py) that decided this quote, in the order they fired."""
    nested: bool = False
    """Reported inside another quote's words (某某说，某某强调指出，…): the inner record."""

    @property
    def via_pronoun(self) -> bool:
        return self.resolved_from == "pronoun"

    def record(self, article: Article) -> dict[str, object]:
        """The quote as one JSON-friendly record (the ``newsbot quotes`` line); its paragraph is
        counted in the source's paragraph list, as annotations count it."""
        return {
            "article_id": article.id,
            "paragraph_index": article.source_paragraph(self.paragraph),
            "speaker": self.speaker.name,
            "speaker_type": self.speaker.speaker_type,
            "role": self.speaker.role or "",
            "cue": self.cue,
            "quote": self.text,
            "type": self.kind,
            "resolved_from": self.resolved_from,
            "rules": list(self.rules),
            "nested": self.nested,
        }


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
