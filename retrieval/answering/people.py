"""Which person? Splitting one speaker name into the different people who bear it.

Two 张勇 (a restaurant chain's chairman and an internet company's), three 罗德里格斯: one
speaker key, several people. A key's quotes are grouped by article (one article, one person),
articles are joined when their roles are compatible (one role's organisation found in the
other's, or sharing a two-character word that is not a bare title, or a four-character title
such as 国务院总理), articles without a role join the person nearest in time. Two groups stay
separate people only when clearly different: incompatible roles, each seen in at least two
articles (a role seen once may be a misreading).

A question decides between people by a role next to the name (海底捞的张勇, 古巴外长罗德里格斯)
or by its topic (only one of them spoke on it); otherwise the most quoted person answers and
the others are offered as alternatives.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from ..speakers import PERSON_TITLES
from ..tokenize import prepare

if TYPE_CHECKING:
    from ..index.news_index import NewsIndex

_TITLE_BIGRAMS = frozenset(
    t[i : i + 2] for t in (*PERSON_TITLES, "董事长", "董事局主席", "首席执行官", "发言人", "负责人", "总经理", "副总统", "主任医师")
    for i in range(len(t) - 1)
) | frozenset("主席 部长 总统 总理 董事 执行 首席 委员 主任 国家 中国 中央 政府 前任 现任 副部 常务 秘书 书记 院长".split())
"""Two-character pieces of bare titles: sharing one of them does not make two roles the same."""
_ROLE_END = re.compile(r"(?:人|长|员|家|师|官|主席|总统|总理|董事|主任|书记|代表|委员|教授|医生|记者|经理|创始人|外长)$")
MIN_ARTICLES = 2
"""A person apart needs at least this many articles with their own role."""
_SPLIT_PREFIX = re.compile(r"[，,。！？!?；;：:、\s“”\"「」]")


HONORIFICS = frozenset({"同志", "先生", "女士", "夫人", "阁下", "小姐"})
"""Forms of address, not roles: 王毅同志 says nothing of what 王毅 is."""


def main_role(roles: Mapping[str, int]) -> str | None:
    """The role a speaker is quoted with most often (the shorter on a tie), forms of address aside."""
    held = [r for r in roles if r not in HONORIFICS]
    return min(held, key=lambda r: (-roles[r], len(r))) if held else None


@dataclass(slots=True)
class Person:
    """One bearer of a speaker name: their quotes, roles, dates and outlets."""

    key: str
    number: int
    """0 for the most quoted bearer of the name, 1 for the next …"""
    name: str
    quotes: list[int] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    """Roles, most frequent first."""
    articles: set[int] = field(default_factory=set)
    first: str | None = None
    last: str | None = None
    sources: set[str] = field(default_factory=set)

    @property
    def role(self) -> str | None:
        return next((r for r in self.roles if r not in HONORIFICS), None)

    @property
    def ref(self) -> str:
        """A reference to this person that fits in a button: key#number."""
        return f"{self.key}#{self.number}"

    def to_json(self) -> dict[str, object]:
        return {"speaker": self.name, "role": self.role, "quotes": len(self.quotes), "first": self.first, "last": self.last, "ref": self.ref}


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _distinctive(roles: set[str]) -> set[str]:
    """The two-character pieces of roles that are not bare titles (海底, 底捞, 古巴 …)."""
    return set().union(*map(_role_pieces, roles))


@functools.lru_cache(maxsize=1 << 16)
def _role_pieces(role: str) -> frozenset[str]:
    """_distinctive of one role, cached: splitting a much-quoted name compares the same roles often."""
    return frozenset(b for b in _bigrams(prepare(role)) if b not in _TITLE_BIGRAMS and not b.isascii())


_ROLE_CUT = re.compile(r".*(?:会见|会晤|与|的|同|——|—|－|:|：)")
_ROLE_TIME = re.compile(r"^(?:(?:去年|今年|前年|当年|\d{2,4}年)(?:\d{1,2}月)?|\d{1,2}月)")
_PAST_ROLE = re.compile(r"^(?:时任|曾任|原任|前任)")
"""A past role (时任浙江省委书记) describes the same person at another time: no evidence of a
different person."""


@functools.lru_cache(maxsize=1 << 16)
def clean_role(role: str) -> str:
    """The role itself, without a sentence it was cut from (…在北京会见委内瑞拉副总统 -> 委内瑞拉副总统),
    a dateline (华盛顿——总统 -> 总统) or a time before it (2014年主席 -> 主席)."""
    role = _ROLE_TIME.sub("", _ROLE_CUT.sub("", prepare(role)).strip("、，, "))
    return role if _ROLE_END.search(role) else ""


def _shares_title(a: set[str], b: set[str]) -> bool:
    """Do the roles share a four-character piece (国务院总理 in 中共中央政治局常委、国务院总理)?"""
    pieces = {r[i : i + 4] for r in a for i in range(len(r) - 3)}
    return any(r[i : i + 4] in pieces for r in b for i in range(len(r) - 3))


def roles_compatible(a: set[str], b: set[str]) -> bool:
    """Do two sets of roles plausibly describe one person? Unknown (empty) roles always do."""
    if not a or not b:
        return True
    mine, theirs = _distinctive(a), _distinctive(b)
    if not mine or not theirs or mine & theirs or _shares_title(a, b):  # a bare title fits anyone
        return True
    return any(x[0] == y[0] for x in a for y in b)  # 以总理 and 以色列总理: one country, abbreviated


def roles_agree(a: set[str], b: set[str]) -> bool:
    """Positive evidence that two sets of roles describe one person: a role in common, two shared
    distinctive pieces (美联储, not just the country 南岛 of 南岛外长 and 南岛大学教授) or a shared
    four-character piece (首席执行). Unknown roles are no evidence."""
    return bool(a & b or len(_distinctive(a) & _distinctive(b)) >= 2 or _shares_title(a, b))


@dataclass(slots=True)
class _Group:
    articles: list[int]
    """Units (an article's quotes of one person), by number."""
    roles: set[str]
    dates: list[str]
    sources: set[str]


def _article_units(index: NewsIndex, qids: list[int]) -> list[list[int]]:
    """One article's quotes of a name, split by person: an article may quote two bearers of one
    surname (古巴外长 and 委内瑞拉代总统), so quotes whose roles are incompatible are apart; a quote
    without a role stays with the quote before it (or the first person)."""
    units: list[tuple[set[str], list[int]]] = []
    current: tuple[set[str], list[int]] | None = None
    pending: list[int] = []
    for qid in sorted(qids, key=lambda q: (index.quotes[q].paragraph, index.quotes[q].start)):
        role = clean_role(index.quotes[qid].speaker.role or "")
        if role and not _PAST_ROLE.match(role) and _distinctive({role}):
            current = next((u for u in units if roles_compatible(u[0], {role})), None)
            if current is None:
                current = (set(), [])
                units.append(current)
            current[0].add(role)
            current[1].append(qid)
        elif current is not None:
            current[1].append(qid)
        else:
            pending.append(qid)
    if not units:
        return [pending]
    units[0][1].extend(pending)
    return [sorted(unit) for _, unit in units]


def split_people(index: NewsIndex, key: str) -> list[Person]:
    """The different people behind one speaker key, most quoted first (one person when unsure).

    The units joined are an article's quotes of one person (``_article_units``).
    """
    entry = index.speakers.entries.get(key)
    if entry is None:
        return []
    by_article: dict[int, list[int]] = {}
    for qid in entry.quotes:
        by_article.setdefault(index.quotes[qid].article, []).append(qid)
    by_unit: dict[int, list[int]] = {}
    unit_article: dict[int, int] = {}
    for article, qids in by_article.items():
        for unit in _article_units(index, qids) if not entry.collective else [qids]:
            unit_article[len(by_unit)] = article
            by_unit[len(by_unit)] = unit
    groups: list[_Group] = []
    for unit, qids in sorted(by_unit.items(), key=lambda item: index.articles[unit_article[item[0]]].date or ""):
        roles = {r for q in qids if not _PAST_ROLE.match(r := clean_role(index.quotes[q].speaker.role or ""))} - {""}
        if entry.collective or not roles or not _distinctive(roles):  # bare titles decide nothing
            continue
        meta = index.articles[unit_article[unit]]
        joined = [g for g in groups if roles_compatible(g.roles, roles)]
        target = joined[0] if joined else None
        for other in joined[1:]:  # this article links groups: they are one person
            target.articles += other.articles
            target.roles |= other.roles
            target.dates += other.dates
            target.sources |= other.sources
            groups.remove(other)
        if target is None:
            target = _Group([], set(), [], set())
            groups.append(target)
        target.articles.append(unit)
        target.roles |= roles
        target.dates += [meta.date] if meta.date else []
        target.sources |= {meta.source} if meta.source else set()
    groups = _merge_unclear(groups, unit_article)
    placed = {u for g in groups for u in g.articles}
    unroled = [u for u in by_unit if u not in placed]
    if len(groups) <= 1:
        return [_person(index, key, 0, list(by_unit), by_unit, unit_article)]
    group_days = [sorted(_days(d) for d in g.dates) for g in groups]  # the dates do not change below
    for unit in unroled:  # nearest in time
        day = index.articles[unit_article[unit]].date or ""
        at = _days(day)
        nearest = min(
            range(len(groups)),
            key=lambda i: (_distance(group_days[i], at) if group_days[i] and day else 10**9, -len(groups[i].articles)),
        )
        groups[nearest].articles.append(unit)
    people = [_person(index, key, 0, g.articles, by_unit, unit_article) for g in groups]
    people.sort(key=lambda p: (-len(p.quotes), p.last or ""))
    for number, person in enumerate(people):
        person.number = number
    return people


def _merge_unclear(groups: list[_Group], unit_article: dict[int, int]) -> list[_Group]:
    """Join groups that are not clearly different people: a group of one article is not evidence."""
    solid = [g for g in groups if len({unit_article[u] for u in g.articles}) >= MIN_ARTICLES]
    if len(solid) <= 1:
        return solid or groups[:1]
    merged = True
    groups = solid
    while merged and len(groups) > 1:
        merged = False
        for i in range(len(groups)):
            for j in range(i + 1, len(groups)):
                a, b = groups[i], groups[j]
                if roles_compatible(a.roles, b.roles):
                    a.articles += b.articles
                    a.roles |= b.roles
                    a.dates += b.dates
                    a.sources |= b.sources
                    del groups[j]
                    merged = True
                    break
            if merged:
                break
    return groups


def _distance(days: list[int], at: int) -> int:
    """The distance from ``at`` to the nearest of ``days`` (sorted, not empty)."""
    i = bisect.bisect_left(days, at)
    return min(abs(days[j] - at) for j in (i - 1, i) if 0 <= j < len(days))


def _days(day: str) -> int:
    """yyyy-mm-dd as a rough day count (enough to compare distances)."""
    try:
        return int(day[:4]) * 372 + int(day[5:7]) * 31 + int(day[8:10])
    except (ValueError, IndexError):
        return 0


def _person(
    index: NewsIndex, key: str, number: int, units: list[int], by_unit: dict[int, list[int]], unit_article: dict[int, int]
) -> Person:
    quotes = sorted(q for u in units for q in by_unit[u])
    articles = sorted({unit_article[u] for u in units})
    counts: dict[str, int] = {}
    for q in quotes:
        raw = index.quotes[q].speaker.role
        role = clean_role(raw or "") or raw  # the role itself, not the sentence around it
        if role:
            counts[role] = counts.get(role, 0) + 1
    dates = [index.articles[a].date for a in articles if index.articles[a].date]
    return Person(
        key=key,
        number=number,
        name=index.speakers.entries[key].name,
        quotes=quotes,
        roles=sorted(counts, key=lambda r: (-counts[r], r)),
        articles=set(articles),
        first=min(dates, default=None),
        last=max(dates, default=None),
        sources={index.articles[a].source for a in articles if index.articles[a].source},
    )


def role_before_name(question: str, key: str, people: list[Person]) -> str | None:
    """The role a question puts right before a name (外交部发言人毛宁 -> 外交部发言人), if any.

    Words before the name count as a role when they end like one (…发言人, …外长), end in 的
    (海底捞的张勇), or share a distinctive piece with a bearer's role (青山医院张伟).
    """
    text = prepare(question)
    at = text.find(key)
    if at <= 0:
        return None
    before = _SPLIT_PREFIX.split(text[:at])[-1]
    before = before[-12:].removesuffix("的")
    if len(before) < 2:
        return None
    if text[:at].endswith("的") or _ROLE_END.search(before) or persons_with_role(people, before, strict=True):
        return before
    return None


def persons_with_role(people: list[Person], role: str, strict: bool = False) -> list[Person]:
    """The people whose roles share a distinctive piece with ``role`` (古巴外长 -> 古巴外交部长).

    A role made only of bare titles fits everyone (none with ``strict``).
    """
    wanted = {b for b in _bigrams(role) if b not in _TITLE_BIGRAMS}
    if not wanted:
        return [] if strict else list(people)
    return [p for p in people if p.roles and wanted & _distinctive(set(p.roles))]


def shares_any_piece(role: str, person: Person) -> bool:
    """Does ``role`` share any two characters with the person's roles (titles included)?

    Saying that nobody of the name holds a role needs more than "no distinctive piece":
    roles are often abbreviated or misread, so any shared piece keeps the person possible.
    """
    return bool(_bigrams(role) & {b for r in person.roles for b in _bigrams(prepare(r))})


def article_mask(index: NewsIndex, person: Person) -> np.ndarray:
    mask = np.zeros(len(index.articles), dtype=bool)
    mask[list(person.articles)] = True
    return mask


def parse_ref(ref: str) -> tuple[str, int] | None:
    key, _, number = ref.rpartition("#")
    return (key, int(number)) if key and number.isdigit() else None
