"""The speaker index: name -> quotes, plus the look-ups a question needs.

Keys are names as tokenized text sees them (Simplified, lower-cased). A foreign name is also
found by each of its parts (亨宁格 -> 洛朗·亨宁格), and a surname with a title (陈区长) finds
the speakers of that surname whose role carries the title.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from .models import Quote
from .speakers import PERSON_TITLES, SURNAMES_DOUBLE, SURNAMES_SINGLE, is_common_word, name_parts
from .tokenize import prepare

_SURNAME_TITLE = re.compile(
    "(" + "|".join(sorted(SURNAMES_DOUBLE, key=len, reverse=True)) + "|[" + "".join(sorted(SURNAMES_SINGLE)) + "])"
    "(" + "|".join(PERSON_TITLES) + ")"
)


MIN_PART = 3
"""A part of a foreign name is looked up alone only from this length (约翰逊, not 维尔)."""


@dataclass(slots=True)
class SpeakerEntry:
    """Everything known about one speaker name."""

    name: str
    collective: bool
    quotes: list[int] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)


class SpeakerIndex:
    """name -> quote ids, with part, surname and title look-ups."""

    def __init__(self, quotes: Sequence[Quote], common_words: set[str] | None = None) -> None:
        self.entries: dict[str, SpeakerEntry] = {}
        self.by_part: dict[str, set[str]] = defaultdict(set)
        self.by_surname: dict[str, set[str]] = defaultdict(set)
        self.quote_keys: list[str] = []
        """The speaker key of every quote, by quote id."""
        keys: dict[str, str] = {}  # names repeat: prepare each once
        for quote_id, quote in enumerate(quotes):
            key = keys.get(quote.speaker.name)
            if key is None:
                key = keys[quote.speaker.name] = prepare(quote.speaker.name)
            self.quote_keys.append(key)
            entry = self.entries.get(key)
            if entry is None:
                entry = self.entries[key] = SpeakerEntry(quote.speaker.name, quote.speaker.collective)
                if not entry.collective:
                    parts = name_parts(key)
                    for part in parts if len(parts) > 1 else ():
                        if len(part) >= MIN_PART:
                            self.by_part[part].add(key)
                    surname = key[:2] if key[:2] in SURNAMES_DOUBLE else key[:1]
                    self.by_surname[surname].add(key)
            entry.quotes.append(quote_id)
            if quote.speaker.role:
                entry.roles.add(quote.speaker.role)
        self.by_part = dict(self.by_part)
        self.by_surname = dict(self.by_surname)
        if common_words is None:  # consult jieba's dictionary (at build time; saved with the index)
            common_words = {key for key in self.entries if is_common_word(key)}
        self.common_words = common_words
        """Speaker names that are also ordinary words: a question names them only in context."""

    def __len__(self) -> int:
        return len(self.entries)

    def person_names(self) -> list[str]:
        """Names of individual (not collective) speakers, for the tokenizer's dictionary."""
        names: set[str] = set()
        for key, entry in self.entries.items():
            if not entry.collective:
                names.update(part for part in name_parts(key) if len(part) >= 2)
        return sorted(names)

    def lookup(self, text: str) -> list[str]:
        """Speaker keys that ``text`` names exactly: a full name, or a part of a foreign name."""
        key = prepare(text)
        found = [key] if key in self.entries else []
        found.extend(sorted(self.by_part.get(key, ())))
        return found

    def titled(self, question: str) -> list[str]:
        """Speakers a surname + title refers to (陈区长 -> 陈华文, whose role is 闵行区区长)."""
        found: list[str] = []
        for m in _SURNAME_TITLE.finditer(question):
            surname, title = m.group(1), m.group(2)
            literal = surname + title
            if literal in self.entries:
                found.append(literal)
            for key in sorted(self.by_surname.get(surname, ())):
                if len(key) <= 4 and any(title in role for role in self.entries[key].roles):
                    found.append(key)
        return list(dict.fromkeys(found))

    def quotes_of(self, keys: Sequence[str]) -> list[int]:
        ids: list[int] = []
        for key in keys:
            entry = self.entries.get(key)
            if entry is not None:
                ids.extend(entry.quotes)
        return ids
