"""Who a pronoun, a surname, a title or a short form refers to, within one article.

Candidate referents are the people the article mentions outside quotations: speakers already
found, names that open a clause (某某在会上批评…), and names after a title anywhere in a
sentence (会见…总理某某, 总书记某某来到…), including the previous paragraphs. A mention only
counts when it is credible as a person: a dotted foreign name, a name jieba knows as one, or a
name the article uses more than once. Addressees (对记者某某说) never become referents.
When no referent is credible the caller drops the quote rather than guess.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Sequence

from . import coref_classes
from .inventories import words
from .models import Speaker
from .rules import fired
from .speakers import (
    _MENTION_NEXT,
    _ROLE_END,
    ADDRESS_FORMS,
    COMMON_SURNAMES,
    HAN,
    NAME_DOT,
    NAME_DOTS,
    PERSON_TITLES,
    TRANSLIT_CHARS,
    _dictionary_tags,
    _predicate_at,
    _predicate_word_at,
    clause_initial_names,
    fully_transliterated,
    is_common_word,
    parse_subject,
    speaker_type,
    strip_adverbials,
    word_frequency,
)
from .speakers import ORDINARY_WORD_FREQ as _WORD_FREQ
from .speakers import _word_starts as word_starts
from .speakers import looks_like_name as _looks_like_name

looks_like_name = functools.lru_cache(maxsize=1 << 16)(_looks_like_name)
"""The name test, cached: coreference asks about the same strings many times."""

_DOTS = NAME_DOTS
_DOTTED = re.compile(rf"[{HAN}]{{1,8}}(?:[{_DOTS}][{HAN}A-Z]{{1,8}})+")
_PRONOUN_CHARS = set(words("pronoun_char"))
_FEMALE = re.compile(r"女士|女性|女子|夫人|小姐|女儿|母亲|妈妈|阿姨|大妈|大姐|奶奶|姐姐|妹妹|女")
BARE_TITLES = tuple(sorted(set(PERSON_TITLES) | set(words("bare_title")), key=len, reverse=True))
_STOP = "在于曾已将对向和与跟同把被从为以就也还又都则"
_CLAUSES = re.compile(r"[^，。；！？：,;!?“”「」]+")
_HEAD = re.compile(rf"[^{_STOP}]{{2,40}}?(?=[{_STOP}])")
"""Characters after a subject: 在 (place), 曾 (time), 对 (audience) …"""
_TITLE_THEN_NAME = re.compile(rf"(?:{'|'.join(BARE_TITLES)})(?=([{HAN}{_DOTS}]{{2,16}}))")


_HEAD_TITLES = words("head_title")
"""Titles that name their holder when they open a clause (总书记多次来到…, 习主席强调…)."""
_OPENING_WORD_FREQ = 1000
_MARKED_NAME = re.compile(r"[的让使令]")
"""Characters after which a name opens a clause of its own (…的某某是, 让某某感到)."""
_CLAUSE_CHARS = set(words("clause_char"))
"""Adverbs and particles: a clause character, never the first of a name."""
_GOVERNORS = set("让使令对向与和跟同把被给将由据")
_GOVERNOR = re.compile(f"[{''.join(sorted(_GOVERNORS))}]")
"""Characters before a name that make it an object or an adverbial (让某某感到…, 与某某会谈)."""
_NAME_THEN_TITLE = re.compile(r"(?:总书记|国家主席|总统|总理|首相)(?=[^\u4e00-\u9fff·]|首次|再次|多次|来到|考察|指出|强调|表示|在|对|向|与|同|会见|主持|出席|发表|说)")
_CONNECTIVES = re.compile(r"^(?:但是|但|而且|而|可是|不过|然而|因为|所以|于是|同时|后来|随后|如今|此后)")
_PREDICATE_WORDS = list(words("predicate_word"))
_PREDICATE = re.compile("|".join(_PREDICATE_WORDS))
_PREDICATE_AT = re.compile(f"(?=({'|'.join(_PREDICATE_WORDS)}))")
"""Every offset a _PREDICATE word starts at, overlapping ones too."""
"""A verb before a title (再次赞扬了…主席某某, 会见…总理某某): the name after it is an object."""


@functools.lru_cache(maxsize=16)
def quoted_spans(text: str) -> tuple[tuple[int, int], ...]:
    """The spans inside “…” (nesting respected), marks included, in order and disjoint. Cached:
    a paragraph's spans are asked for at each of its reporting verbs."""
    if "“" not in text and "「" not in text and "『" not in text:
        return ()
    spans, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "“「『":
            if depth == 0:
                start = i
            depth += 1
        elif ch in "”」』" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    return tuple(spans)


def _clause_start(text: str, at: int) -> int:
    """Where the clause holding offset ``at`` starts (after the last separator or quotation mark)."""
    bounds = _clause_bounds(text)
    k = bisect_left(bounds, at) - 1  # the last separator before ``at``
    return bounds[k] + 1 if k >= 0 else 0


_CLAUSE_BOUND = re.compile("[，。；！？：,;!?“”「」\n]")


@functools.lru_cache(maxsize=16)
def _clause_bounds(text: str) -> list[int]:
    """Offsets of the paragraph's separators and quotation marks, found once per paragraph."""
    return [m.start() for m in _CLAUSE_BOUND.finditer(text)]


def _free_prefix(text: str, start: int, end: int) -> bool:
    """text[start:end] holds no verb of _PREDICATE and no governing character (让, 对, 与 …): the
    name after it opens its clause. Read from the paragraph's occurrences (found once)."""
    governors, predicate_starts, predicate_ends = _prefix_marks(text)
    k = bisect_left(governors, start)
    if k < len(governors) and governors[k] < end:
        return False
    k = bisect_left(predicate_starts, start)  # the earliest-ending verb that starts in the prefix
    return k == len(predicate_starts) or predicate_ends[k] > end


@functools.lru_cache(maxsize=16)
def _prefix_marks(text: str) -> tuple[list[int], list[int], list[int]]:
    """Offsets of governing characters; starts of every _PREDICATE word (overlaps included) and,
    for each, the least end of the words starting there or later."""
    governors = [m.start() for m in _GOVERNOR.finditer(text)]
    found = [(m.start(), m.end(1)) for m in _PREDICATE_AT.finditer(text)]  # no word is a prefix of another: one per offset
    starts = [a for a, _ in found]
    least, ends = len(text) + 1, [0] * len(found)
    for k in range(len(found) - 1, -1, -1):
        least = ends[k] = min(least, found[k][1])
    return governors, starts, ends




def _covered(found: dict[int, str], longest: int, at: int, low: int) -> bool:
    """A name in ``found`` (offset -> name, none longer than ``longest``) starts before ``low`` and
    runs past ``at``: only the offsets such a name could start at are looked up, not every name."""
    if len(found) <= longest:  # a few names (most paragraphs): look at each
        return any(a < low and a + len(name) > at for a, name in found.items())
    return any((name := found.get(a)) is not None and a + len(name) > at for a in range(max(0, at - longest), low))


def is_word(text: str) -> bool:
    """A word of jieba's dictionary."""
    return text in _dictionary_tags()


def _cuts_word(text: str, at: int) -> bool:
    """A name cannot start at ``at``: the character is an adverb, particle or preposition (也让 |
    德里克), or it closes a role word with the one before it (主任 | 拉里, but 外长 | 于贝尔)."""
    ch = text[at]
    return ch in _GOVERNORS or ch in _CLAUSE_CHARS or (at > 0 and ch in _ROLE_END and is_word(text[at - 1 : at + 1]))


def inside(spans: Sequence[tuple[int, int]], at: int) -> bool:
    """``at`` lies strictly inside one of ``spans`` (sorted and disjoint, as quoted_spans gives
    them): a binary search, so a paragraph of many quotations costs no more per verb."""
    k = bisect_left(spans, (at,)) - 1  # the last span starting before ``at``
    return k >= 0 and at < spans[k][1]


def _run_on(text: str, at: int, name: str) -> str:
    """The string rules' ``name`` at ``at`` as the analyser reads it (coref.person_span) when Han
    characters follow it with no separator or predicate word between (佐野健 | 太郎), or when it is
    dotted (卡琳娜·斯韦尔森本 | 周一)."""
    after = at + len(name)
    if after >= len(text) or not "\u4e00" <= text[after] <= "\u9fff":
        return name
    if any(dot in name for dot in _DOTS) or (text[after] not in _MENTION_NEXT and not _predicate_word_at(text, after)):
        return coref_classes.person_span(text, at, name)
    return name


def name_at(text: str, at: int) -> str | None:
    """The person's name that starts at ``at`` (a dotted foreign name, or 3 then 2 Han characters)."""
    if m := _DOTTED.match(text, at):
        name = m.group(0)
        last = max(name.rfind(dot) for dot in _DOTS)
        for end in range(len(name), last + 1, -1):  # 卡洛斯·门多萨在会上…: the name ends before 在 (伊莱恩·孙 has one)
            if word_frequency(text[at + end - 1 : at + end + 1]) >= _OPENING_WORD_FREQ:
                continue  # 哈通 | 高度: the last character opens a frequent word with the next
            if looks_like_name(name[:end]) and (all(ch in TRANSLIT_CHARS for ch in name[last + 1 : end]) or (end == last + 2 and name[last + 1] in COMMON_SURNAMES)):
                return name[:end]  # 艾米莉·陈 | 上月: a surname-last name ends in its one-character surname
        return name if looks_like_name(name) else None
    for size in (7, 6, 5, 4):  # 科瓦连科 | 当天, 约翰内斯多蒂尔 | 高度: a long transliteration, longest first
        name = text[at : at + size]
        if len(name) < size or not fully_transliterated(name) or _predicate_word_at(name, size - 2) or not looks_like_name(name):
            continue  # not ending in a time word or adverb (科瓦连科当天)
        after = at + size
        if after == len(text) or text[after] in _MENTION_NEXT or _predicate_word_at(text, after) or after - at in word_starts(text[at : after + 4]):
            return name
    for size in (3, 2):
        name = text[at : at + size]
        if size == 3 and _opens_verb(text, at + 2) and looks_like_name(name[:2]) and _starts_word(text, at):
            continue  # 陈凡 | 来自: the third character opens a frequent verb with the next
        if len(name) == size and looks_like_name(name):
            return name
    return None


def _starts_word(text: str, at: int) -> bool:
    """jieba starts a word at ``at`` (not 省长江大…: 江 closes 长江)."""
    window = max(0, at - 2)
    return at - window in word_starts(text[window : at + 4])


def _opens_verb(text: str, at: int) -> bool:
    """A frequent two-character verb of jieba's dictionary starts at ``at`` (来自, 表示, 认为)."""
    word = text[at : at + 2]
    return _dictionary_tags().get(word) == "v" and word_frequency(word) >= _OPENING_WORD_FREQ


_GLUED_ADVERBS = frozenset(words("glued_adverb"))
"""One-character adverbs between a subject and its verb (森本也认为) that a name can take in by mistake."""


class Referents:
    """The people of one article, in the order they are mentioned, for resolving short forms."""

    def __init__(self, paragraphs: Sequence[str]) -> None:
        self.text = "\n".join(paragraphs)
        self.paragraphs = list(paragraphs)
        self.number = -1
        """The position of the paragraph being read in ``paragraphs`` (set by the caller)."""
        self.organisations: list[tuple[int, int, str]] = []
        self.tagged_names: set[str] = set()
        """Names only the tagger's PER spans made referents (coref.tagged_person)."""
        self.latin_dropped: set[int] = set()
        """Paragraphs where a person in Latin script (a photo credit) was kept from the referents."""
        self.dropped: set[int] = set()
        """Paragraphs where a string-rule name the tagger reads as an ordinary word was dropped
        (coref.common_word_not_person)."""
        """(paragraph, offset, name) of the organisations the tagger found in tagged paragraphs,
        in reading order (for 该公司)."""
        self.counts: Counter[str] = Counter()
        self.history: list[Speaker] = []
        """Credible person mentions and speakers, oldest first."""
        self.subject: list[bool] = []
        """For each history entry: was the person a subject (a speaker, a clause opener)?"""
        self.where: list[int] = []
        """For each history entry: the paragraph of its latest mention."""
        self.paragraph = 0
        """The paragraph being read (set by the caller): pronouns reach back one paragraph only."""
        self.groups: list[Speaker] = []
        self._full: dict[str, str] = {}
        self._counts: dict[str, int] = {}
        self._named: dict[str, list[Speaker]] = {}
        """The history's entries by name, oldest first."""
        self._latest: dict[object, tuple[int, Speaker | None]] = {}
        self._in_text: dict[object, object] = {}
        """What was read off the article's whole text, by question: the text never changes, so
        each question costs one pass over it however often it is asked."""

    def count(self, word: str) -> int:
        """How often ``word`` occurs in the article (str.count, remembered)."""
        found = self._counts.get(word)
        if found is None:
            found = self._counts[word] = self.text.count(word)
        return found

    def latest(self, key: object, test: Callable[[Speaker], bool], name: str | None = None) -> Speaker | None:
        """The latest person of the history that passes ``test`` (``key`` names the test), among
        the entries called ``name`` when given. The history only grows, so each entry is tested
        once per key, not once per question."""
        entries = self.history if name is None else self._named.get(name, [])
        scanned, person = self._latest.get(key, (0, None))
        for candidate in reversed(entries[scanned:]):
            if test(candidate):
                person = candidate
                break
        self._latest[key] = (len(entries), person)
        return person

    def _add(self, person: Speaker, subject: bool) -> None:
        self.history.append(person)
        self._named.setdefault(person.name, []).append(person)
        self.subject.append(subject)
        self.where.append(self.paragraph)

    def from_text(self, key: object, read: Callable[[], object]) -> object:
        """``read()`` (a pass over the whole article text), once per ``key``."""
        if key not in self._in_text:
            self._in_text[key] = read()
        return self._in_text[key]

    # --- mentions --------------------------------------------------------------------------

    def credible(self, name: str, context: str = "", at: int = 0) -> bool:
        """Is this mention a person the article talks about (not 但他, 国际社, 红树林)?

        A name used once must also end where jieba ends a word in its sentence (国际社 is the
        start of 国际社会)."""
        if context and 4 <= len(name) <= 5 and looks_like_name(name[:3]) and not all(ch in TRANSLIT_CHARS for ch in name) and not _PRONOUN_CHARS & set(name) and coref_classes.reads_person(context, at, name):
            return True  # 佐野健太郎: the analyser's person span (coref.person_span)
        if not name or _PRONOUN_CHARS & set(name) or not looks_like_name(name):
            return False
        if any(dot in name for dot in _DOTS):
            return True
        if is_common_word(name):
            return False
        if len(name) == 3 and not self._person_tag(name) and (is_common_word(name[:2]) or self._function_word(name[1:])):
            return False  # 养老院, 李以前: a surname glued to a word
        if context:  # the name must end where jieba ends a word (但认|为, 国际社|会 are not names)
            window = context[at : at + len(name) + 6]
            if not (len(name) in word_starts(window) or len(name) == len(window)):
                return False
            return True
        return self.count(name) >= 2

    @staticmethod
    def _function_word(word: str) -> bool:
        """A time word, adverb, conjunction, preposition, pronoun, particle, numeral or verb (以前, 认为)."""
        from .speakers import _dictionary_tags

        return _dictionary_tags().get(word, "x")[:1] in ("t", "d", "c", "p", "r", "u", "f", "m", "v")

    @staticmethod
    def _person_tag(name: str) -> bool:
        from .speakers import _dictionary_tags

        return _dictionary_tags().get(name, "").startswith("nr")

    def mentions(self, text: str, quoted: Sequence[tuple[int, int]]) -> list[tuple[int, str, bool]]:
        """Credible person mentions in a paragraph, outside quotations, in order: (offset, name,
        whether the name is a subject rather than an object such as 会见…总理某某)."""
        found = {at: name for at, name in clause_initial_names(text) if not inside(quoted, at)}
        for clause in _CLAUSES.finditer(text):  # 某国副总统甲在会上…: a name closing the subject phrase
            head = _HEAD.match(clause.group(0))
            if head is None or inside(quoted, clause.start()):
                continue
            phrase = head.group(0)
            for size in (3, 2):
                name = phrase[-size:]
                before = phrase[-size - 1 : -size]
                stop = clause.group(0)[len(phrase) : len(phrase) + 1]
                opens = not before and not is_common_word(name[-1] + stop)  # 但认|为 is not a name
                if (opens or (before and before in _ROLE_END and len(phrase) - size in word_starts(phrase))) and looks_like_name(name):
                    found.setdefault(clause.start() + len(phrase) - size, name)
                    break
            else:  # 防长某某当天与…: a role, a name and a time word before the stop
                if not _predicate_word_at(phrase, len(phrase) - 2):
                    continue  # no time word or adverb closes the head
                stripped = strip_adverbials(phrase)
                if stripped == phrase or len(stripped) > 24 or not any(looks_like_name(stripped[-n:]) for n in (2, 3, 4, 5)):
                    continue
                if isinstance(parsed := parse_subject(stripped), Speaker):
                    if not parsed.collective and stripped.endswith(parsed.name):
                        found.setdefault(clause.start() + len(stripped) - len(parsed.name), parsed.name)
        subjects = set(found)
        for m in _TITLE_THEN_NAME.finditer(text):
            if inside(quoted, m.start()):
                continue
            name = self.name_at(text, m.start(1))
            if name:
                found.setdefault(m.start(1), name)
                clause = text[_clause_start(text, m.start()) : m.start()]
                if not any(ch in _STOP for ch in clause) and not _PREDICATE.search(clause.rpartition("的")[2]):
                    subjects.add(m.start(1))  # 联合国…总干事某某随后…: the clause's subject (赞扬了…主席某某: an object)
        for at, name in self._dotted_mentions(text, quoted):  # 现年46岁的某某·某某是…, 让某某·某某感到…
            if at not in found:
                found[at] = name
                if _free_prefix(text, _clause_start(text, at), at):
                    subjects.add(at)
        longest = max([3, *map(len, found.values())])  # the names added below have 2 or 3 characters
        for m in _MARKED_NAME.finditer(text):  # 23岁的某某是…, 最让某某担心的是…
            at = m.end()
            ends = [at + size < len(text) and (text[at + size] in _MENTION_NEXT or _predicate_word_at(text, at + size)) for size in (3, 2)]
            if not any(ends) or inside(quoted, at) or _covered(found, longest, at, at + 1):
                continue  # no name can end after 3 or 2 characters (most 的): the checks below would skip both
            for size in (3, 2):
                name = text[at : at + size]
                if len(text) <= at + size or not (text[at + size] in _MENTION_NEXT or _predicate_word_at(text, at + size)):
                    continue
                if word_frequency(name[:2]) >= _WORD_FREQ and (size == 2 or not self._person_tag(name)):
                    continue  # 的顾问 | 刚: a common word, not a surname and a given name
                if looks_like_name(name) and (text[at + size] in _MENTION_NEXT or _predicate_at(text, at + size)):
                    clause_start = _clause_start(text, at)
                    if m.group(0) == "的" and clause_start not in found and _free_prefix(text, clause_start, at):
                        subjects.add(at)  # 23岁的某某是…: the clause's subject (来到…的白马寺: an object)
                    found[at] = name
                    break
        for m in _NAME_THEN_TITLE.finditer(text):  # …后习近平总书记首次来到…: a name before its title
            for size in (3, 2):
                at = m.start() - size
                window = max(0, at - 6)
                if at < 0 or at - window not in word_starts(text[window : m.start()]):
                    continue  # 康斯坦丁 | 内斯库总统: the name starts where jieba starts a word
                if not inside(quoted, at) and at not in found and looks_like_name(text[at : m.start()]):
                    if not _covered(found, longest, at, at):
                        found[at] = text[at : m.start()]
                        subjects.add(at)
                    break
        mentions = [(at, _run_on(text, at, name), at in subjects) for at, name in found.items() if self.credible(name, text, at)]
        return sorted(self._with_tagged(text, quoted, mentions) + self._title_mentions(text, quoted))

    def _with_tagged(self, text: str, quoted: Sequence[tuple[int, int]], mentions: list[tuple[int, str, bool]]) -> list[tuple[int, str, bool]]:
        """In a paragraph whose antecedents matter (coref_classes.tagged_region): the string rules'
        mentions the tagger reads as ordinary words dropped, its PER spans that no mention overlaps
        added (or that lengthen a mention at the same offset), and its organisations kept for
        descriptors (该公司)."""
        following = self.paragraphs[self.number + 1] if 0 <= self.number < len(self.paragraphs) - 1 else ""
        region = coref_classes.tagged_region(text, quoted, following, quoted_spans(following), mentions)
        if region is None:
            return mentions
        start, end = region
        kept = [(at, name, subject) for at, name, subject in mentions if not (start <= at < end and coref_classes.not_a_person(text, at, name))]
        if len(kept) < len(mentions):
            self.dropped.add(self.number)
        for at, name, subject in coref_classes.tagged_people(text, quoted, region):
            if _PRONOUN_CHARS & set(name):
                continue
            if coref_classes.latin_name(name):
                self.latin_dropped.add(self.number)
                continue  # Kenneth Tsang for The New York Times: a photo credit, no antecedent
            shorter = [m for m in kept if m[0] == at and name.startswith(m[1]) and len(m[1]) < len(name)]
            if shorter:  # 佐野美 | 咲: the tagger's span is the whole name
                kept = [m for m in kept if m not in shorter] + [(at, name, shorter[0][2])]
                self.tagged_names.add(name)
            elif not any(a < at + len(name) and at < a + len(n) for a, n, _ in kept):
                kept.append((at, name, subject))
                self.tagged_names.add(name)
        self.organisations.extend((self.number, at, name) for at, name in coref_classes.organisations(text, quoted, region))
        return kept

    def described(self, description: str, at: int) -> Speaker | None:
        """该公司 / 这家科技企业 at offset ``at`` of the paragraph being read -> the latest
        organisation the tagger found before it, in this paragraph or the previous one."""
        before = [name for number, offset, name in self.organisations if number == self.number - 1 or (number == self.number and offset < at)]
        return coref_classes.described_organisation(description, before)

    def headline_person(self, title: str) -> Speaker | None:
        """芬外长 in a headline -> the person the next paragraph names with that office."""
        following = self.paragraphs[self.number + 1] if 0 <= self.number < len(self.paragraphs) - 1 else ""
        return coref_classes.headline_person(title, following) if following else None

    def _dotted_mentions(self, text: str, quoted: Sequence[tuple[int, int]]) -> list[tuple[int, str]]:
        """Dotted foreign names anywhere outside quotations, starting where no word is cut (参展商 | 汉斯·穆勒)."""
        found: list[tuple[int, str]] = []
        if not NAME_DOT.search(text):
            return found  # most paragraphs: spare the regex its backtracking over every Han run
        for m in _DOTTED.finditer(text):
            dot = next(i for i in range(m.start(), m.end()) if text[i] in _DOTS)
            begin = dot
            while begin > m.start() and text[begin - 1] in TRANSLIT_CHARS:
                begin -= 1  # the transliteration before the dot, not the role or clause before it
            while begin - 2 >= m.start() and Referents._person_tag(text[begin - 2 : begin]):
                begin -= 2  # a conventional given name outside the tables (威廉 of 威廉·谭)
            while begin < dot and _cuts_word(text, begin):
                begin += 1
            if begin == dot or inside(quoted, begin):
                continue
            name = name_at(text, begin)
            end = begin + len(name) if name else 0
            if name and (end > dot + 2 or not "\u4e00" <= text[end : end + 1] <= "\u9fff"):
                found.append((begin, name))  # a last part of one character only where the Han text ends (威廉·谭(…))
        return found

    def _title_mentions(self, text: str, quoted: Sequence[tuple[int, int]]) -> list[tuple[int, str, bool]]:
        """A clause opening with a bare title and no name after it (总书记多次来到…): its holder."""
        found: list[tuple[int, str, bool]] = []
        if not any(title in text for title in _HEAD_TITLES):
            return found
        for clause in _CLAUSES.finditer(text):
            body = clause.group(0).lstrip(" ")
            at = clause.end() - len(body)
            if inside(quoted, at):
                continue
            title = next((t for t in _HEAD_TITLES if body.startswith(t)), None)
            if title is not None and not name_at(body, len(title)) and (holder := self.title_holder(title)):
                found.append((at, holder.name, True))
            elif body[1:3] in _HEAD_TITLES or body[1:4] in _HEAD_TITLES:  # 习主席重点围绕…: a surname and a title
                title = body[1:4] if body[1:4] in _HEAD_TITLES else body[1:3]
                holder = self.title_holder(title)
                if holder is not None and holder.name.startswith(body[0]):
                    found.append((at, holder.name, True))
        return found

    def name_at(self, text: str, at: int) -> str | None:
        """The name starting at ``at``, in the length the article uses most (乔石, not 乔石祝)."""
        name = name_at(text, at)
        if name:
            name = _run_on(text, at, name)
        if name and len(name) == 3 and not any(dot in name for dot in _DOTS) and looks_like_name(name[:2]):
            if self.count(name[:2]) > self.count(name):
                return name[:2]
        return name

    def carry_pronoun(self, text: str, quoted: Sequence[tuple[int, int]], first_mention: int) -> None:
        """A paragraph whose first clause-opening 他 / 她 comes before any name (``first_mention``,
        the offset of its first mention) still talks about the person the pronoun refers to: that
        person stays a referent for one more paragraph (…某某说。 / 但他很谨慎。 / “…，”他说。)."""
        if "他" not in text[:first_mention] and "她" not in text[:first_mention]:
            return  # no pronoun to carry (most paragraphs): spare the clause scan
        for clause in _CLAUSES.finditer(text, 0, first_mention):
            body = _CONNECTIVES.sub("", clause.group(0).lstrip(" "))
            if body[:1] in ("他", "她") and body[1:2] != "们" and not inside(quoted, clause.start()):
                if person := self.pronoun(body[0]):
                    self.mention(person.name)
                return

    def mention(self, name: str, subject: bool = True) -> None:
        name = self.full_name(name)
        person = self.latest(("name", name), lambda p: True, name) or Speaker(name=name)
        if self.history and self.history[-1].name == name:
            self.subject[-1] = self.subject[-1] or subject
            self.where[-1] = self.paragraph
            return
        self._add(person, subject)

    def speaker(self, speaker: Speaker) -> None:
        """A speaker found at a reporting verb becomes the latest referent."""
        if speaker.collective:
            self.groups.append(speaker)
        else:
            self._add(speaker, True)

    # --- resolution ------------------------------------------------------------------------

    def pronoun(self, pronoun: str) -> Speaker | None:
        """他/她 -> the latest credible person of this or the previous paragraph (她 prefers one the
        article calls a woman); 他们 -> a group. None when nobody that recent is mentioned: the
        article's most prominent person is no referent by default."""
        person = self._pronoun(pronoun)
        if person is not None:  # the word-class rules that shaped the referents, for Quote.rules
            if person.name in self.tagged_names:
                fired(coref_classes.TAGGED_PERSON)
            if self.dropped & {self.number, self.number - 1}:
                fired(coref_classes.COMMON_WORD_NOT_PERSON)
            if self.latin_dropped & {self.number, self.number - 1}:
                fired(coref_classes.LATIN_NOT_ANTECEDENT)
        return person

    def _pronoun(self, pronoun: str) -> Speaker | None:
        if pronoun in ("他们", "她们"):  # a group of people, not an institution or a title holder
            people = [g for g in self.groups if speaker_type(g) == "collective"]
            return people[-1] if people else None
        recent = [
            (person, subject)
            for person, subject, where in zip(self.history[-6:], self.subject[-6:], self.where[-6:])
            if where >= self.paragraph - 1
        ][::-1]
        if not recent:
            return None
        if pronoun == "她":
            female = [p for p, _ in recent if self.female(p.name)]
            if female:
                return female[0]
        recent_subjects = [p for p, s in recent[:3] if s]
        return recent_subjects[0] if recent_subjects else recent[0][0]

    def female(self, name: str) -> bool:
        """The article calls this person a woman (a 女士 / 女 word within a few characters of the name)."""
        return bool(self.from_text(("female", name), lambda: self._female(name)))

    def _female(self, name: str) -> bool:
        for m in re.finditer(re.escape(name), self.text):
            before = re.split(r"[，。；、和与及,;]", self.text[max(0, m.start() - 8) : m.start()])[-1]
            if _FEMALE.search(before) or re.match(r"女士|小姐|夫人", self.text[m.end() : m.end() + 2]):
                return True
        return False

    def full_name(self, name: str) -> str:
        """A short form expanded to the full name the article gives (阿克曼 -> 约瑟夫·阿克曼)."""
        if name in self._full:
            return self._full[name]
        full = name
        if not any(dot in name for dot in _DOTS):
            longer: Counter[str] = Counter()
            for dot_at in self._dotted_occurrences(name):
                begin = dot_at
                while begin > 0 and (self.text[begin - 1] in TRANSLIT_CHARS or self.text[begin - 1] in _DOTS or self.text[begin - 1].isupper()):
                    begin -= 1
                while begin < dot_at and _cuts_word(self.text, begin):
                    begin += 1  # 主任 | 拉里·库德洛, 也让 | 德里克·金
                candidate = self.text[begin : dot_at + 1 + len(name)].lstrip(_DOTS)
                if candidate != name and looks_like_name(candidate):
                    longer[candidate] += 1
            if longer:
                full = longer.most_common(1)[0][0]
        self._full[name] = full
        return full

    def name_starting(self, name: str) -> Speaker | None:
        """coref.name_start: the latest person of the article whose undotted name of four or more
        characters starts with ``name`` (2-3 characters, not itself a person of the article):
        中村 -> 中村健太郎; None when there is none."""
        if len(name) in (3, 4) and name[-1] in _GLUED_ADVERBS:
            name = name[:-1]  # 森本也 | 认为: an adverb the string rules glued to the name
        if not 2 <= len(name) <= 3 or any(dot in name for dot in _DOTS) or name in self._named:
            return None
        for person in reversed(self.history):
            if len(person.name) >= len(name) + 2 and person.name.startswith(name) and not any(dot in person.name for dot in _DOTS):
                return person
        return None

    def _dotted_occurrences(self, name: str) -> list[int]:
        """Offsets of a dot right before ``name`` where the name ends the dotted form (·阿克曼)."""
        found = []
        at = self.text.find(name, 1)
        while at >= 1:
            end = at + len(name)
            if self.text[at - 1] in _DOTS and self.text[end : end + 1] not in _DOTS:
                found.append(at - 1)
            at = self.text.find(name, at + 1)
        return found

    def title_holder(self, title: str) -> Speaker | None:
        """总统 -> the person the article calls 总统 (the latest such mention or speaker)."""
        person = self.latest(("title", title), lambda p: bool(p.role and p.role.endswith(title)))
        return person or self.from_text(("title", title), lambda: self._title_in_text(title))  # type: ignore[return-value]

    def _title_in_text(self, title: str) -> Speaker | None:
        """The name the article writes most often next to ``title``."""
        found: list[tuple[int, str]] = []
        for m in re.finditer(re.escape(title), self.text):
            name = self.name_at(self.text, m.end())
            if name and self.credible(name, self.text, m.end()):  # not 总书记 | 高度重视
                found.append((m.start(), name))
            for size in (3, 2):  # 习近平总书记: the name before the title
                before = self.text[max(0, m.start() - size) : m.start()]
                if len(before) == size and self.credible(before):
                    found.append((m.start(), before))
                    break
        if not found:
            return None
        names = Counter(name for _, name in found)
        name = names.most_common(1)[0][0]
        return Speaker(name=self.full_name(name), role=title)

    def surname_form(self, surname: str) -> Speaker | None:
        """老王 / 王女士 / 李 -> the person with that surname the article names: a Chinese name that
        starts with it, or a foreign name whose last part it is (杰弗瑞·洪 for 洪先生)."""
        person = self.latest(("surname", surname), lambda p: p.name != surname and (p.name.startswith(surname) or NAME_DOT.split(p.name)[-1] == surname))
        return person or self.from_text(("surname", surname), lambda: self._surname_in_text(surname))  # type: ignore[return-value]

    def _surname_in_text(self, surname: str) -> Speaker | None:
        """The person with that surname the article's text names, by the same tests."""
        if not any(dot + surname in self.text for dot in NAME_DOTS):
            return self._surname_first(surname)  # no dotted name ends in it (most articles)
        # the Han words before a dotted name: at most 16 characters (a name's first part is far
        # shorter), taken whole (possessive), so a long run of Han text is not rescanned from each character
        for m in re.finditer(rf"([{HAN}]{{1,16}}+)((?:[{NAME_DOTS}][{HAN}]++)*[{NAME_DOTS}]{re.escape(surname)})(?=$|[^{HAN}]|[的和与及说表称在是曾也都等])", self.text):
            first = m.group(1)  # 乘务员凯瑟琳: the name's first part is where transliteration starts
            start = next((k for k in range(len(first) - 1) if fully_transliterated(first[k:])), None)
            if start is not None and self.credible(name := first[start:] + m.group(2)):
                return Speaker(name=name)
        return self._surname_first(surname)

    def _surname_first(self, surname: str) -> Speaker | None:
        """A Chinese name starting with ``surname`` that the article's text names (王五 for 老王)."""
        for m in re.finditer(rf"{re.escape(surname)}[{HAN}]{{1,2}}", self.text):
            if self.text.startswith(ADDRESS_FORMS, m.start() + len(surname)):
                continue  # 洪先生: 洪先 is no name
            for size in (len(surname) + 2, len(surname) + 1):
                name = self.text[m.start() : m.start() + size]
                if self.credible(name):
                    return Speaker(name=name)
        return None
