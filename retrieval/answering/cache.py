"""What answering works out once per index and reuses for every later question, in one object
held beside the index instead of inside it (or inside its speaker index)."""

from __future__ import annotations

import threading
import weakref
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .people import Person

if TYPE_CHECKING:
    from ..index.speaker_index import SpeakerIndex


@dataclass(slots=True, weakref_slot=True)
class QueryCache:
    """Per index: each value depends only on the index, so it is computed on first use."""

    people: dict[str, list[Person]] = field(default_factory=dict)
    """A speaker key's bearers (people.split_people, through asking.people_of)."""
    spoken_words: dict[str, Counter[str]] = field(default_factory=dict)
    """A speaker key's words over all its quotes (comparison.spoken_words)."""
    heads: dict[str, str] = field(default_factory=dict)
    """A speaker key's one key per person (name_variants.head_key)."""
    by_last_part: dict[str, list[str]] | None = None
    """Full foreign names by their last part (name_variants), built at the first look-up."""
    by_prefix: dict[str, list[str]] | None = None
    """People's keys by the key one character shorter (name_forms), built at the first look-up."""
    misread: dict[str, list[int]] = field(default_factory=dict)
    """A person's key -> the quotes of its one-character-off forms (name_forms.misread_quotes)."""
    document_heads: list[tuple[int, str]] | None = None
    """Document quotes with their article's title and first paragraph (name_forms)."""
    introductions: dict[int, str] = field(default_factory=dict)
    """A quote id's introduction, prepared (ranking.introduction)."""
    titles: list[str] | None = None
    """Every article's title as question tokens see it (context_fields.prepared_titles)."""


_caches: weakref.WeakKeyDictionary[SpeakerIndex, QueryCache] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def query_cache(speakers: SpeakerIndex) -> QueryCache:
    """The cache of the index whose speaker index is ``speakers`` (``index.speakers``): every index
    builds its own speaker index and shares it with no other, and name look-ups that have only the
    speaker index reach the cache too. It goes when the index goes (a reload drops the old one)."""
    with _lock:
        cache = _caches.get(speakers)
        if cache is None:
            cache = _caches[speakers] = QueryCache()
        return cache
