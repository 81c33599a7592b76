"""The speaker index of a reloaded corpus, updated from the old one for the changed articles only.

A reload changes a few articles; rebuilding the speaker index over every quote costs about
0.2 s of the reload on the shared corpus. Everything the index holds about one speaker key comes
from the articles that quote it (its name and kind from its first quote, its roles and quoted
aliases, the part-name quotes expanded to it within an article, the aliases and forms of address
harvested from those articles). So only the *touched* keys can change: those quoted by a removed,
changed or new article. They are rebuilt by a SpeakerIndex over the articles that quote any of
them (with all of those articles' quotes, since expansion and harvests read the whole article);
every other key keeps its entry from the old index, its quote ids renumbered. The result equals
``SpeakerIndex(quotes, articles=articles)`` (tests/test_speaker_delta.py).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..models import Article, Quote
from .speaker_index import SpeakerEntry, SpeakerIndex, name_key


def updated_speakers(
    old: SpeakerIndex, old_quotes: Sequence[Quote], quotes: Sequence[Quote], source: np.ndarray, articles: Sequence[Article]
) -> SpeakerIndex:
    """The speaker index of ``quotes`` over ``articles``, reusing ``old`` (the index of ``old_quotes``).

    ``source[i]`` is the old quote id of new quote ``i`` when its article was reused unchanged,
    else -1. Reused quotes must keep their relative order (else the caller builds afresh: which
    quote comes first decides a speaker's name form).
    """
    raw = [name_key(q.speaker.name) for q in quotes]  # the key each quote is filed under before expansion
    new_of_old = np.full(len(old_quotes), -1, dtype=np.int64)
    reused = source >= 0
    new_of_old[source[reused]] = np.flatnonzero(reused)
    final: list[str | None] = [None] * len(quotes)
    for i, j in zip(np.flatnonzero(reused).tolist(), source[reused].tolist()):
        final[i] = old.quote_keys[j]
    touched = {r for r, f in zip(raw, final) if f is None}
    for j in np.flatnonzero(new_of_old < 0).tolist():  # quotes of removed or changed articles
        touched.add(old.quote_keys[j])
        touched.add(name_key(old_quotes[j].speaker.name))
    affected = {q.article for q, r, f in zip(quotes, raw, final) if r in touched or f in touched}
    sub_ids = [i for i, q in enumerate(quotes) if q.article in affected]
    sub = SpeakerIndex([quotes[i] for i in sub_ids], articles=articles, previous=old)

    index = SpeakerIndex.__new__(SpeakerIndex)
    moved = np.flatnonzero(new_of_old != np.arange(len(old_quotes)))
    unmoved_below = int(moved[0]) if len(moved) else len(old_quotes)  # old ids below keep their number
    entries: dict[str, SpeakerEntry] = {}
    for key in dict.fromkeys(raw):  # entries in the order their first quote files them
        if key in touched:
            entry = sub.entries.get(key)
            if entry is not None:
                entry.quotes = [sub_ids[q] for q in entry.quotes]
        else:
            entry = old.entries.get(key)
            if entry is not None and entry.quotes[-1] >= unmoved_below:
                entry = SpeakerEntry(entry.name, entry.collective, entry.kind, new_of_old[entry.quotes].tolist(), entry.roles, entry.aliases)
        if entry is not None:
            entries[key] = entry
    index.entries = entries
    sub_keys = dict(zip(sub_ids, sub.quote_keys))
    index.quote_keys = [f if f is not None else sub_keys[i] for i, f in enumerate(final)]
    for name in SpeakerIndex._LOOKUPS:
        lookup = dict(getattr(old, name))  # the old sets are shared until a touched key changes them
        for k, keys in lookup.items():
            if not keys.isdisjoint(touched):
                lookup[k] = keys - touched
        for k, keys in getattr(sub, name).items():
            mine = keys & touched
            if mine:
                lookup[k] = lookup.get(k, set()) | mine
        setattr(index, name, {k: v for k, v in lookup.items() if v})
    index.common_words = (old.common_words - touched) | (sub.common_words & touched)
    index.unlike_names = (old.unlike_names - touched) | (sub.unlike_names & touched)
    return index
