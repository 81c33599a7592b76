"""Who a pronoun, a surname, a title or a short form refers to, within one article.

Candidate referents are the people the article mentions outside quotations: speakers already
found, names that open a clause (某某在会上批评…), and names after a title anywhere in a
sentence (会见…总理某某, 总书记某某来到…), including the previous paragraphs. A mention only
counts when it is credible as a person: a dotted foreign name, a name jieba knows as one, or a
name the article uses more than once. Addressees (对记者某某说) never become referents.
When no referent is credible the caller drops the quote rather than guess.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from .models import Speaker
from .speakers import HAN, PERSON_TITLES, TRANSLIT_CHARS, clause_initial_names, is_common_word, looks_like_name
from .speakers import _word_starts as word_starts

_DOTS = "·・•‧∙．"
_DOTTED = re.compile(rf"[{HAN}]{{1,8}}(?:[{_DOTS}][{HAN}A-Z]{{1,8}})+")
_PRONOUN_CHARS = set("他她你我您它们咱")
_FEMALE = re.compile(r"女士|女性|女子|夫人|小姐|女儿|母亲|妈妈|阿姨|大妈|大姐|奶奶|姐姐|妹妹|女")
BARE_TITLES = tuple(
    sorted(
        set(PERSON_TITLES)
        | set("总书记 总统 副总统 总理 副总理 首相 外长 国务卿 主席 国家主席 部长 发言人 秘书长 议长 大使 市长 省长 州长 总裁 董事长 首席执行官 教练 主教练".split()),
        key=len,
        reverse=True,
    )
)
_TITLE_THEN_NAME = re.compile(rf"(?:{'|'.join(BARE_TITLES)})(?=([{HAN}{_DOTS}]{{2,16}}))")


def quoted_spans(text: str) -> list[tuple[int, int]]:
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
    return spans


def inside(spans: Sequence[tuple[int, int]], at: int) -> bool:
    return any(s < at < e for s, e in spans)


def _name_at(text: str, at: int) -> str | None:
    """The person's name that starts at ``at`` (a dotted foreign name, or 3 then 2 Han characters)."""
    if m := _DOTTED.match(text, at):
        name = m.group(0)
        last = max(name.rfind(dot) for dot in _DOTS)
        for end in range(len(name), last + 2, -1):  # 卡洛斯·门多萨在会上…: the name ends before 在
            if looks_like_name(name[:end]) and all(ch in TRANSLIT_CHARS for ch in name[last + 1 : end]):
                return name[:end]
        return name if looks_like_name(name) else None
    for size in (3, 2):
        name = text[at : at + size]
        if len(name) == size and looks_like_name(name):
            return name
    return None


class Referents:
    """The people of one article, in the order they are mentioned, for resolving short forms."""

    def __init__(self, paragraphs: Sequence[str]) -> None:
        self.text = "\n".join(paragraphs)
        self.counts: Counter[str] = Counter()
        self.history: list[Speaker] = []
        """Credible person mentions and speakers, oldest first."""
        self.groups: list[Speaker] = []
        self._full: dict[str, str] = {}

    # --- mentions --------------------------------------------------------------------------

    def credible(self, name: str, context: str = "", at: int = 0) -> bool:
        """Is this mention a person the article talks about (not 但他, 国际社, 红树林)?

        A name used once must also end where jieba ends a word in its sentence (国际社 is the
        start of 国际社会)."""
        if not name or _PRONOUN_CHARS & set(name) or not looks_like_name(name):
            return False
        if any(dot in name for dot in _DOTS):
            return True
        if is_common_word(name):
            return False
        if self.text.count(name) >= 2:
            return True
        if not context:
            return False
        window = context[at : at + len(name) + 6]
        return len(name) in word_starts(window) or len(name) == len(window)

    def mentions(self, text: str) -> list[tuple[int, str]]:
        """Credible person mentions in a paragraph, outside quotations: (offset, name) in order."""
        quoted = quoted_spans(text)
        found = {at: name for at, name in clause_initial_names(text) if not inside(quoted, at)}
        for m in _TITLE_THEN_NAME.finditer(text):
            if inside(quoted, m.start()):
                continue
            name = _name_at(text, m.start(1))
            if name:
                found.setdefault(m.start(1), name)
        return sorted((at, name) for at, name in found.items() if self.credible(name, text, at))

    def mention(self, name: str, role: str | None = None) -> None:
        known = next((p for p in reversed(self.history) if p.name == name), None)
        person = known or Speaker(name=name, role=role)
        if self.history and self.history[-1].name == name:
            return
        self.history.append(person)

    def speaker(self, speaker: Speaker) -> None:
        """A speaker found at a reporting verb becomes the latest referent."""
        if speaker.collective:
            self.groups.append(speaker)
        else:
            self.history.append(speaker)

    # --- resolution ------------------------------------------------------------------------

    def pronoun(self, pronoun: str) -> Speaker | None:
        """他/她 -> the latest credible person (她 prefers one the article calls a woman); 他们 -> a group."""
        if pronoun in ("他们", "她们"):
            return self.groups[-1] if self.groups else None
        candidates = [p for p in reversed(self.history[-6:])]
        if not candidates:
            return None
        if pronoun == "她":
            female = [p for p in candidates if self.female(p.name)]
            if female:
                return female[0]
        return candidates[0]

    def female(self, name: str) -> bool:
        """The article calls this person a woman (a 女士 / 女 word within a few characters of the name)."""
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
            for m in re.finditer(rf"[{_DOTS}]{re.escape(name)}(?![{_DOTS}])", self.text):
                begin = m.start()
                while begin > 0 and (self.text[begin - 1] in TRANSLIT_CHARS or self.text[begin - 1] in _DOTS or self.text[begin - 1].isupper()):
                    begin -= 1
                candidate = self.text[begin : m.end()].lstrip(_DOTS)
                if candidate != name and looks_like_name(candidate):
                    longer[candidate] += 1
            if longer:
                full = longer.most_common(1)[0][0]
        self._full[name] = full
        return full

    def title_holder(self, title: str) -> Speaker | None:
        """总统 -> the person the article calls 总统 (the latest such mention or speaker)."""
        for person in reversed(self.history):
            if person.role and person.role.endswith(title):
                return person
        found: list[tuple[int, str]] = []
        for m in re.finditer(re.escape(title), self.text):
            name = _name_at(self.text, m.end())
            if name:
                found.append((m.start(), name))
        if not found:
            return None
        names = Counter(name for _, name in found)
        name = names.most_common(1)[0][0]
        return Speaker(name=self.full_name(name), role=title)

    def surname_form(self, surname: str) -> Speaker | None:
        """老王 / 王女士 / 李 -> the person with that surname the article names."""
        for person in reversed(self.history):
            if person.name.startswith(surname) and person.name != surname:
                return person
        for m in re.finditer(rf"{re.escape(surname)}[{HAN}]{{1,2}}", self.text):
            for size in (len(surname) + 2, len(surname) + 1):
                name = self.text[m.start() : m.start() + size]
                if self.credible(name):
                    return Speaker(name=name)
        return None
