"""Quotes of the asked person under another speaker key: a name cut one character short or long
at the verb, or the document they wrote.

Attribution reads a name's boundary from the words around it, and a verb whose first character
could end a name moves it: 沈国放说 is read 沈国 | 放说, 梁华坚称 is read 梁华坚 | 称. The article
itself settles it: it writes the asked name (沈国放 elsewhere, 梁华 standing alone), so a quote of
the one-character-off form in that article is the asked person's. Asked for 沈国放, such a quote
is a statement of 沈国放 like any other, shown under the asked name.

Only people's names of at least two characters on both sides count, never a collective speaker.

A document's words are its author's: 「文章指出，…」 in a report whose title or first paragraph says
that a journal publishes 某某's article (《求是》杂志发表某某的重要文章) is a statement of 某某.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .cache import query_cache

if TYPE_CHECKING:
    from ..index.news_index import NewsIndex
    from ..index.speaker_index import SpeakerIndex


def _person(speakers: SpeakerIndex, key: str) -> bool:
    entry = speakers.entries.get(key)
    return entry is not None and entry.kind == "person" and not entry.collective


def _by_prefix(speakers: SpeakerIndex) -> dict[str, list[str]]:
    """People's keys by the key one character shorter (梁华 -> 梁华坚), built once per index."""
    cache = query_cache(speakers)
    if cache.by_prefix is None:
        by_prefix: dict[str, list[str]] = {}
        for key in speakers.entries:
            if len(key) >= 3 and _person(speakers, key):
                by_prefix.setdefault(key[:-1], []).append(key)
        cache.by_prefix = by_prefix
    return cache.by_prefix


def _article_text(index: NewsIndex, article: int) -> str:
    return "\n".join(index.articles[article].paragraphs)


def _misread_of(index: NewsIndex, key: str) -> list[int]:
    """The quotes of ``key``'s one-character-off forms in articles that write ``key`` itself."""
    speakers = index.speakers
    name = speakers.entries[key].name  # as written, as the article is matched
    found: list[int] = []
    shorter = key[:-1]
    if len(shorter) >= 2 and _person(speakers, shorter):  # 沈国 for 沈国放: the article writes 沈国放
        found += [q for q in speakers.entries[shorter].quotes if name in _article_text(index, index.quotes[q].article)]
    for longer in _by_prefix(speakers).get(key, ()):  # 梁华坚 for 梁华: the article writes 梁华 alone too
        longer_name = speakers.entries[longer].name
        for q in speakers.entries[longer].quotes:
            text = _article_text(index, index.quotes[q].article)
            if text.count(name) > text.count(longer_name):
                found.append(q)
    return sorted(found)


DOCUMENTS = ("文章", "署名文章", "贺信", "贺电", "致辞", "讲话", "书面讲话", "信")
"""Speaker keys that are a document, whose author an article names beside the document's noun."""


def _document_heads(index: NewsIndex) -> list[tuple[int, str]]:
    """(quote id, title and first paragraph) of every DOCUMENTS quote whose article's head names
    the document, built once per index."""
    cache = query_cache(index.speakers)
    if cache.document_heads is None:
        heads: list[tuple[int, str]] = []
        for document in DOCUMENTS:
            entry = index.speakers.entries.get(document)
            for q in entry.quotes if entry is not None else ():
                article = index.articles[index.quotes[q].article]
                head = (article.title or "") + "\n" + (article.paragraphs[0] if article.paragraphs else "")
                if document in head:
                    heads.append((q, head))
        cache.document_heads = heads
    return cache.document_heads


def _authored_by(index: NewsIndex, key: str) -> list[int]:
    """The quotes of a document (DOCUMENTS) in articles whose title or first paragraph writes the
    name of ``key`` and the document's noun (某某的重要文章, 某某发来贺信)."""
    name = index.speakers.entries[key].name
    return [q for q, head in _document_heads(index) if name in head]


def misread_quotes(index: NewsIndex, keys: list[str]) -> dict[int, str]:
    """Quote id -> the asked key (of ``keys``, people only) whose name it was misread from, or whose
    document it quotes."""
    speakers = index.speakers
    cache = query_cache(speakers).misread
    found: dict[int, str] = {}
    for key in keys:
        if not _person(speakers, key):
            continue
        if key not in cache:
            cache[key] = sorted(_misread_of(index, key) + _authored_by(index, key))
        for quote_id in cache[key]:
            if speakers.quote_keys[quote_id] not in keys:
                found.setdefault(quote_id, key)
    return found
