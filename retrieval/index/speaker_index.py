"""The speaker index: name -> quotes, plus the look-ups a question needs.

Keys are names as tokenized text sees them (Simplified, lower-cased). A foreign name is also
found by each of its parts (亨宁格 -> 洛朗·亨宁格) and written without its dots (洛朗亨宁格), a
name by the original the corpus gives in parentheses (李国宜(Christopher Lee) -> "Christopher Lee",
and "Lee" when no other speaker has that word), and a surname with a title (陈区长) finds the
speakers of that surname whose role carries the title, those whose role matches the words
before it (生态环境部黄部长) first.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..models import Article, Quote, Speaker
from ..speakers import (
    ADDRESS_FORMS,
    NAME_DOT,
    NAME_DOTS,
    PERSON_TITLES,
    SURNAMES_DOUBLE,
    SURNAMES_SINGLE,
    is_common_word,
    looks_like_name,
    name_parts,
    speaker_type,
)
from ..tokenize import prepare, prepare_all

_SURNAME_TITLE = re.compile(
    "(" + "|".join(sorted(SURNAMES_DOUBLE, key=len, reverse=True)) + "|[" + "".join(sorted(SURNAMES_SINGLE)) + "])"
    "(" + "|".join(PERSON_TITLES) + ")"
)
_SURNAME_ADDRESS = re.compile(
    "(?:" + "|".join(sorted(SURNAMES_DOUBLE, key=len, reverse=True)) + "|[" + "".join(sorted(SURNAMES_SINGLE)) + "])"
    "(?:" + "|".join(ADDRESS_FORMS) + ")"
)
_ADDRESS_FORM = re.compile("|".join(ADDRESS_FORMS))
_TITLE_PREFIX = re.compile(r"[\u4e00-\u9fff]{1,10}$")
_ALIAS_WORD = re.compile(r"[a-z][a-z'’\-]{2,}")
_GLOSSED = re.compile(
    rf"([\u4e00-\u9fff{NAME_DOTS}]{{2,16}})\s*[（(]\s*([A-Z][A-Za-z'’\-]*\.?(?: [A-Z][A-Za-z'’\-]*\.?){{0,4}})\s*[)）]"
)
"""A name followed by its original in parentheses: 韩飞龙(Peter Humphrey)."""
_ORIGINAL = re.compile(r"[（(]\s*([A-Z][A-Za-z'’\-]*\.?(?: [A-Z][A-Za-z'’\-]*\.?){0,4})\s*[)）]")
_NAME_CHAR = re.compile(rf"[\u4e00-\u9fff{NAME_DOTS}]")


def glossed_names(paragraph: str) -> list[tuple[str, str]]:
    """(name, original) for every 韩飞龙(Peter Humphrey) in ``paragraph``: what ``_GLOSSED`` finds,
    found from the parentheses backwards (scanning for the name first costs 16 tries a character)."""
    found = []
    for m in _ORIGINAL.finditer(paragraph):
        end = m.start()
        while end > 0 and paragraph[end - 1].isspace():
            end -= 1
        start = end
        while start > 0 and end - start < 16 and _NAME_CHAR.match(paragraph[start - 1]):
            start -= 1
        if end - start >= 2:
            found.append((paragraph[start:end], m.group(1)))
    return found

MIN_PART = 3
"""A part of a foreign name is looked up alone only from this length (约翰逊, not 维尔)."""
MAX_TITLED = 5
"""At most this many holders of a surname + title are bound (most quoted first)."""


@dataclass(slots=True)
class SpeakerEntry:
    """Everything known about one speaker name."""

    name: str
    collective: bool
    kind: str = "person"
    """person, organization or collective (speakers.speaker_type)."""
    quotes: list[int] = field(default_factory=list)
    roles: dict[str, int] = field(default_factory=dict)
    """Roles the corpus gives the speaker, with how many quotes carry each."""
    aliases: set[str] = field(default_factory=set)
    """Originals the corpus gives in parentheses (Christopher Lee)."""

    @property
    def introduced(self) -> int:
        """Quotes where the corpus introduces the speaker with a role or an original: structural
        evidence that the string names someone."""
        return sum(self.roles.values())


def _alias_key(alias: str) -> str:
    return " ".join(alias.lower().split())


@functools.lru_cache(maxsize=1 << 17)
def name_key(name: str) -> str:
    """A speaker name as an index key (prepared): cached, since a reload meets the same names again."""
    return prepare(name)


_name_parts = functools.lru_cache(maxsize=1 << 17)(name_parts)


@functools.lru_cache(maxsize=1 << 17)
def _type_of(speaker: Speaker) -> str:
    """The type attribution stored with the speaker (attribution.typed), recomputed only when it
    cannot be from there: loading an index must not consult jieba's dictionary for every speaker."""
    stored = speaker.speaker_type
    if stored != "person" and speaker.collective:
        return stored
    return speaker_type(speaker)


class SpeakerIndex:
    """name -> quote ids, with part, alias, surname and title look-ups."""

    def __init__(
        self,
        quotes: Sequence[Quote],
        common_words: set[str] | None = None,
        articles: Sequence[Article] | None = None,
        previous: SpeakerIndex | None = None,
    ) -> None:
        """``previous``, the index of an earlier state of the corpus, lends the keys and name tests
        it made (a reload then prepares and tests only new names)."""
        self.entries: dict[str, SpeakerEntry] = {}
        self.by_part: dict[str, set[str]] = defaultdict(set)
        self.by_surname: dict[str, set[str]] = defaultdict(set)
        self.by_alias: dict[str, set[str]] = defaultdict(set)
        self.by_alias_word: dict[str, set[str]] = defaultdict(set)
        self.by_address: dict[str, set[str]] = defaultdict(set)
        """徐女士 -> the people of that surname (雪莉·徐, 徐立) quoted in an article that calls someone 徐女士."""
        self.quote_keys: list[str] = []
        """The speaker key of every quote, by quote id."""
        known_keys = {e.name: key for key, e in previous.entries.items()} if previous is not None else {}
        for quote_id, quote in enumerate(quotes):
            key = known_keys.get(quote.speaker.name) or name_key(quote.speaker.name)
            self.quote_keys.append(key)
            entry = self.entries.get(key)
            if entry is None:
                entry = self.entries[key] = SpeakerEntry(
                    quote.speaker.name, quote.speaker.collective, _type_of(quote.speaker)
                )
                if not entry.collective:
                    self._index_name(key)
            entry.quotes.append(quote_id)
            if quote.speaker.role:
                entry.roles[quote.speaker.role] = entry.roles.get(quote.speaker.role, 0) + 1
            if quote.speaker.alias and not entry.collective:
                self._add_alias(key, quote.speaker.alias)
        self._expand_short_names(quotes)
        if articles is not None:
            self._harvest_aliases(quotes, articles)
            self._harvest_addresses(quotes, articles)
        for lookup in self._LOOKUPS:  # plain dicts, without the look-ups that lost every key
            setattr(self, lookup, {k: v for k, v in getattr(self, lookup).items() if v})
        if common_words is None:  # consult jieba's dictionary (at build time; saved with the index)
            common_words = {key for key in self.entries if is_common_word(key)}
        self.common_words = common_words
        """Speaker names that are also ordinary words: a question names them only in context."""
        known = previous.name_tests() if previous is not None else {}
        self.unlike_names = {key for key, e in self.entries.items() if not e.collective and not _reads_as_name(e.name, known)}
        """People whose name does not read as one (华为, 小米): decided at build, so that answering
        a question never loads the dictionary the name test reads."""

    def name_tests(self) -> dict[str, bool]:
        """looks_like_name of each person's name, as this index decided it."""
        return {e.name: key not in self.unlike_names for key, e in self.entries.items() if not e.collective}

    _LOOKUPS = ("by_part", "by_surname", "by_alias", "by_alias_word", "by_address")

    def to_json(self) -> dict[str, Any]:
        """Everything this index holds, as JSON values: saved with the index, so that loading
        skips the corpus-wide passes that build it (name expansion, alias harvest, word tests)."""
        number = {key: i for i, key in enumerate(self.entries)}
        entries = list(self.entries.values())
        return {
            "keys": list(self.entries),
            "names": [e.name for e in entries],
            "collective": [e.collective for e in entries],
            "kinds": [e.kind for e in entries],
            "roles": [[[role, n] for role, n in e.roles.items()] for e in entries],
            "aliases": [sorted(e.aliases) for e in entries],
            "quote_keys": [number[key] for key in self.quote_keys],
            **{name: {k: sorted(v) for k, v in getattr(self, name).items()} for name in self._LOOKUPS},
            "common_words": sorted(self.common_words),
            "unlike_names": sorted(self.unlike_names),
        }

    @classmethod
    def from_json(cls, data: Any, n_quotes: int) -> SpeakerIndex:
        """The index ``to_json`` wrote for ``n_quotes`` quotes. ValueError if it does not fit."""
        if not isinstance(data, dict):
            raise ValueError("the speaker index is not a JSON object")
        try:
            keys, names, collective, kinds, roles, aliases, quote_keys = (
                data[k] for k in ("keys", "names", "collective", "kinds", "roles", "aliases", "quote_keys")
            )
            lookups = {name: data[name] for name in cls._LOOKUPS}
            common_words, unlike_names = data["common_words"], data["unlike_names"]
        except KeyError as exc:
            raise ValueError(f"the speaker index lacks {exc}") from exc
        columns = (keys, names, collective, kinds, roles, aliases)
        if not all(isinstance(c, list) and len(c) == len(keys) for c in columns):
            raise ValueError("the speaker index's columns differ in length")
        if not isinstance(quote_keys, list) or len(quote_keys) != n_quotes:
            raise ValueError(f"the speaker index has keys for {len(quote_keys) if isinstance(quote_keys, list) else 'no'} quotes, expected {n_quotes}")
        if not all(type(k) is int and 0 <= k < len(keys) for k in quote_keys):
            raise ValueError("a quote's speaker is not in the speaker index")
        if not all(isinstance(m, dict) and all(isinstance(v, list) for v in m.values()) for m in lookups.values()):
            raise ValueError("a speaker look-up is not a JSON object of lists")
        if not all(isinstance(k, str) for k in keys) or len(set(keys)) != len(keys) or not isinstance(common_words, list) or not isinstance(unlike_names, list):
            raise ValueError("the speaker index's keys are not distinct strings")
        index = cls.__new__(cls)
        quotes_of: list[list[int]] = [[] for _ in keys]
        for quote_id, k in enumerate(quote_keys):
            quotes_of[k].append(quote_id)
        index.entries = {
            key: SpeakerEntry(name, bool(coll), kind, quotes, dict(map(tuple, held)), set(alias_list))
            for key, name, coll, kind, quotes, held, alias_list in zip(keys, names, collective, kinds, quotes_of, roles, aliases)
        }
        index.quote_keys = [keys[k] for k in quote_keys]
        for name, mapping in lookups.items():
            setattr(index, name, {k: set(v) for k, v in mapping.items()})
        index.common_words = set(common_words)
        index.unlike_names = set(unlike_names)
        return index

    def _expand_short_names(self, quotes: Sequence[Quote]) -> None:
        """A quote by part of a foreign name (卡塞亚) belongs to the full name (让·卡塞亚) when the same
        article quotes that full name: the article has said who 卡塞亚 is."""
        full_by_article: dict[int, dict[str, str]] = defaultdict(dict)
        parts_of: dict[str, list[str]] = {}
        for quote, key in zip(quotes, self.quote_keys):
            parts = parts_of.get(key)
            if parts is None:
                parts = parts_of[key] = _name_parts(key)
            if len(parts) > 1 and not self.entries[key].collective:
                for part in parts:
                    if len(part) >= 2:
                        full_by_article[quote.article].setdefault(part, key)
        moved: set[str] = set()
        for quote_id, (quote, key) in enumerate(zip(quotes, self.quote_keys)):
            full = full_by_article.get(quote.article, {}).get(key)
            if full is None or full == key:
                continue
            self.quote_keys[quote_id] = full
            self.entries[full].quotes.append(quote_id)
            self.entries[key].quotes.remove(quote_id)
            moved.update((key, full))
        for key in moved:
            entry = self.entries[key]
            if not entry.quotes:
                del self.entries[key]  # and from every look-up: each names existing speakers only
                for keys in (*self.by_part.values(), *self.by_surname.values(), *self.by_alias.values(), *self.by_alias_word.values()):
                    keys.discard(key)
            else:
                entry.quotes.sort()

    def _add_alias(self, key: str, alias: str) -> None:
        entry = self.entries[key]
        alias = _alias_key(alias)
        if alias not in entry.aliases:
            entry.aliases.add(alias)
            self.by_alias[alias].add(key)
            for word in _ALIAS_WORD.findall(alias):
                self.by_alias_word[word].add(key)

    def _harvest_addresses(self, quotes: Sequence[Quote], articles: Sequence[Article]) -> None:
        """Surname + form of address (徐女士, 洪先生) for the people of that surname quoted in an
        article that uses it: the surname comes first in a Chinese name (徐立) and last in a name
        in Western order (雪莉·徐). A question's 徐女士 then binds them, not every 徐."""
        people: dict[int, set[str]] = defaultdict(set)
        for quote, key in zip(quotes, self.quote_keys):
            entry = self.entries[key]
            if not entry.collective and entry.kind == "person":
                people[quote.article].add(key)
        for number, keys in people.items():
            if number >= len(articles):
                continue
            paragraphs = articles[number].paragraphs
            if not _ADDRESS_FORM.search("".join(paragraphs)):  # most articles address nobody
                continue
            addressing = [p for p in paragraphs if _ADDRESS_FORM.search(p)]
            if not addressing:
                continue
            text = "\n".join(prepare_all(addressing))  # only the paragraphs that address someone
            for key in keys:
                for surname in _surnames_of(key):
                    for form in ADDRESS_FORMS:
                        if surname + form in text:
                            self.by_address[surname + form].add(key)

    def _harvest_aliases(self, quotes: Sequence[Quote], articles: Sequence[Article]) -> None:
        """Originals an article gives anywhere (英国私家侦探韩飞龙(Peter Humphrey)) for the people
        quoted in it, not only where the quote's own subject carries them."""
        people: dict[int, set[str]] = defaultdict(set)
        for quote, key in zip(quotes, self.quote_keys):
            if not self.entries[key].collective:
                people[quote.article].add(key)
        for number, keys in people.items():
            if number >= len(articles):
                continue
            forms: list[tuple[str, str]] | None = None
            for paragraph in articles[number].paragraphs:
                if "(" not in paragraph and "（" not in paragraph:
                    continue
                for name, original in glossed_names(paragraph):
                    before = name_key(name)
                    if forms is None:  # each key as written and without its dots
                        forms = [(key, NAME_DOT.sub("", key)) for key in keys]
                    for key, dotless in forms:
                        if before.endswith(key) or before.endswith(dotless):
                            self._add_alias(key, original)

    def _index_name(self, key: str) -> None:
        parts = _name_parts(key)
        if len(parts) > 1:
            for part in parts:
                if len(part) >= MIN_PART:
                    self.by_part[part].add(key)
            self.by_part["".join(parts)].add(key)  # 凯文约翰逊 for 凯文·约翰逊
        surname = key[:2] if key[:2] in SURNAMES_DOUBLE else key[:1]
        self.by_surname[surname].add(key)

    def __len__(self) -> int:
        return len(self.entries)

    def person_names(self) -> list[str]:
        """Names of individual (not collective) speakers, for the tokenizer's dictionary."""
        names: set[str] = set()
        for key, entry in self.entries.items():
            if not entry.collective:
                names.update(part for part in _name_parts(key) if len(part) >= 2)
        return sorted(names)

    def bindable(self, key: str) -> bool:
        """May a question bind this speaker? People and organisations, on the index's own evidence.

        A collective (专家, 网友) is never bound. A person whose name is an ordinary word or does not
        read as a name (华为, 小米) is bound only when the corpus introduces them with a role or an
        original at least twice; jieba's tag alone decides nothing.
        """
        entry = self.entries.get(key)
        if entry is None or entry.kind == "collective":
            return False
        if entry.collective:
            return len(key) >= 3
        if key in self.common_words or key in self.unlike_names:
            return entry.introduced >= 2 or bool(entry.aliases)
        return True

    def lookup(self, text: str) -> list[str]:
        """Speaker keys that ``text`` names exactly: a full name, a part of a foreign name, the
        name without its dots, or an original (English) name or unambiguous word of one."""
        key = prepare(text)
        found = [key] if key in self.entries else []
        found.extend(sorted(self.by_part.get(key, ())))
        dotless = NAME_DOT.sub("", key)
        if dotless != key:
            found.extend(sorted(self.by_part.get(dotless, ())))
        return list(dict.fromkeys(found))

    def lookup_alias(self, text: str) -> list[str]:
        """Speakers whose original name is ``text`` (Christopher Lee), or who alone have the word
        ``text`` in their original (Lee)."""
        alias = _alias_key(text)
        if alias in self.by_alias:
            return sorted(self.by_alias[alias])
        holders = self.by_alias_word.get(alias, set())
        return sorted(holders) if len(holders) == 1 else []

    def titled(self, question: str, word_starts: Collection[int] | None = None) -> list[str]:
        """Speakers a surname + title refers to (陈区长 -> 陈华文, whose role is 闵行区区长).

        The words before the surname (生态环境部黄部长) pick the holder whose role shares the most
        of them; otherwise the most quoted holders come first. With ``word_starts`` (offsets where
        the question's words begin) a surname must begin a word: in 智利总统 the 利 ends 智利.
        A holder's role must carry the title as its head (总统, not 总统顾问).
        """
        found: list[str] = []
        for m in _SURNAME_TITLE.finditer(question):
            if word_starts is not None and m.start() not in word_starts:
                continue
            surname, title = m.group(1), m.group(2)
            literal = surname + title
            if literal in self.entries:
                found.append(literal)
            prefix_match = _TITLE_PREFIX.search(question[: m.start()])
            prefix = prefix_match.group(0) if prefix_match else ""
            holders = []
            for key in self.by_surname.get(surname, ()):
                entry = self.entries[key]
                if len(key) > 4 or entry.collective:
                    continue
                held = [role for role in entry.roles if _holds_title(role, title)]
                with_title = sum(entry.roles[role] for role in held)
                if not with_title:
                    continue
                overlap = max((_shared(prefix, role) for role in held), default=0)
                holders.append((-overlap, -with_title, key))
            holders.sort()
            if holders and holders[0][0] < 0:  # the words before the title pick the holder
                holders = [h for h in holders if h[0] == holders[0][0]]
            found.extend(key for _, _, key in holders[:MAX_TITLED])
        for m in _SURNAME_ADDRESS.finditer(question):  # 徐女士: whom the articles call so
            if word_starts is not None and m.start() not in word_starts:
                continue
            addressed = self.by_address.get(m.group(0), ())
            found.extend(sorted(addressed, key=lambda k: (-len(self.entries[k].quotes), k))[:MAX_TITLED])
        return list(dict.fromkeys(found))

    def quotes_of(self, keys: Sequence[str]) -> list[int]:
        ids: list[int] = []
        for key in keys:
            entry = self.entries.get(key)
            if entry is not None:
                ids.extend(entry.quotes)
        return ids


def _surnames_of(key: str) -> list[str]:
    """The surname of a person's name: first in a Chinese name (徐立, 欧阳娜娜), last in a dotted
    name in Western order (雪莉·徐); none for a transliterated name (约翰·史密斯)."""
    parts = _name_parts(key)
    if len(parts) > 1:
        last = parts[-1]
        return [last] if last in SURNAMES_DOUBLE or last in SURNAMES_SINGLE else []
    if key[:2] in SURNAMES_DOUBLE:
        return [key[:2]]
    return [key[:1]] if key[:1] in SURNAMES_SINGLE else []


_TITLE_HEAD_END = re.compile(r"$|[、，,；;兼和及与（(/ ]")


def _holds_title(role: str, title: str) -> bool:
    """Is ``title`` the head of ``role`` or of one of its conjuncts (外长兼副总理), not a modifier (总统顾问)?"""
    at = role.find(title)
    while at >= 0:
        if _TITLE_HEAD_END.match(role, at + len(title)):
            return True
        at = role.find(title, at + 1)
    return False


def _reads_as_name(name: str, known: dict[str, bool]) -> bool:
    """looks_like_name(name), taken from ``known`` when an earlier index decided it."""
    test = known.get(name)
    return looks_like_name(name) if test is None else test


def _shared(prefix: str, role: str) -> int:
    """How many characters of ``prefix`` (the words before a surname + title) the role contains:
    文旅部 shares 旅 and 部 with 文化和旅游部部长."""
    return sum(1 for ch in set(prefix) if ch in role)
