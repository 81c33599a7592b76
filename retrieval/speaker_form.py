"""The form of a speaker string, checked last: whatever sieve named the speaker, the string it
gives must be a whole noun phrase of its paragraph (issue 20's one-off speakers: 诗琳 cut from
诗琳通, GrubHub报 with the 报 of 报称, 、土耳其… with the list's first member lost, 贺卡上).

Each check is a registered rule (retrieval/rules.py) written over the tagger's word classes
(retrieval/tagger.py, LAC) and jieba's word boundaries; attribution.py asks `checked_form` once
per extracted statement, after the speaker's name is final and before its type is decided.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .inventories import words
from .models import Speaker
from .rules import enabled, fired, rule
from .speakers import (
    ADDRESS_FORMS,
    COLLECTIVE_HEADS,
    COUNTRIES,
    COUNTRY_ABBREVIATIONS,
    FUNCTION_CHARS,
    NAME_DOT,
    ORGANIZATION_ENDINGS,
    PERSON_TITLES,
    _dictionary,
    _word_starts,
    chinese_name,
    looks_like_name,
)
from .tagger import MAX_REGION, Token, tag

WHOLE_WORD = rule(
    "speaker.whole_word",
    "A speaker is cut on the tagger's word boundaries of its paragraph: a name whose end or start falls inside a person, place or organisation word is extended to the whole word (某某|通 of 某某通, 某某|州), one whose last character starts a verb is cut back before it (某公司|报称 -> 某公司) or, when that word opens a modifier (某岛|所在的…) or is a preposition or adverb (利润|据估计), is no speaker; one whose start falls inside a noun is cut after it before a name (富|商某某), extended to the whole noun otherwise.",
    fires=(
        "王储瓦吉拉通接受了专访。瓦吉拉通表示，他致力于两国青年人之间的交流合作。",
        "据俄罗斯媒体报道，别尔哥罗德州等地当天称击落多架无人机。",
        "相比之下，DoorDash报称，去年共产生1.59亿份订单。",
    ),
    spares=(
        "外长王毅表示，这项工作将在明年完成。",
        "美国总统特朗普说，这项工作将在明年完成。",
        "河北省张家口地区表示，这项工作将在明年完成。",
    ),
)

LEADING_MARK = rule(
    "speaker.leading_mark",
    "A speaker never starts with punctuation or a list separator: a coordination cut after its first members (、丙国和丁国五个国家) takes back the members before it when the tagger reads them as names or nouns up to the clause start (甲国、乙国、丙国和丁国五个国家), and is no speaker otherwise.",
    fires=("法国、比利时、荷兰、丹麦和瑞典五个欧盟国家日前致信欧盟委员会，敦促欧盟委员会尽快出台相关举措。",),
    spares=("法国和瑞典日前致信欧盟委员会，敦促欧盟委员会尽快出台相关举措。", "巴西、阿根廷、智利代表也批评美方的做法，选择性执行多边规则，认为美方的行为损害了多边贸易体制的信心。"),
)

OPEN_END = rule(
    "speaker.open_end",
    "A speaker does not end in a localiser, preposition, conjunction, particle or adverb of its own: after a name such a word is cut off (某某也, 某某于 -> 某某); otherwise (信息上, 利润据) and with a relative 所 after an organisation (某委员会所设…) the string is a place, a modifier or a clause, never who spoke.",
    fires=(
        "克林顿未能说服对方。内塔尼亚胡也宣布首脑会谈并未取得一致。",
        "特朗普于上周五将关税提高至25%，并威胁要对其余商品征税。",
    ),
    spares=(
        "伊朗陆军地面部队司令海达里19日表示，这项工作将在明年完成。",
        "官员王子明指出，这项工作将在明年完成。",
        "抗议活动组织方介绍，当晚参加抗议的民众超过6000人。",
    ),
)

VERB_AND_OBJECT = rule(
    "speaker.verb_and_object",
    "A speaker is a noun phrase, not a verb and its object: a string the tagger opens with a verb followed by a person, place or organisation, no 的 making it a modifier (祝贺某方, 钦佩某某主席领导), is a predicate taken for a subject, never who spoke.",
    fires=("津巴布韦老战士联名致信中方，衷心感谢中国提供的宝贵支持，钦佩马某某主席领导人民取得卓越成就，表示倍感自豪。",),
    spares=("参会代表表示，这项工作将在明年完成。", "访问学者表示，这项工作将在明年完成。"),
)

AREA_NO_BODY = rule(
    "speaker.area_no_body",
    "Places taken whole or in part (某州全州, 某州部分地区, 某省多地) are an area, not the government that speaks for it: a speaker whose every member is a place the tagger reads followed by a word for all or part of its area is no speaker.",
    fires=("密西西比州部分地区表示，将因恶劣天气进入紧急状态。", "阿肯色州全州宣布，将因恶劣天气进入紧急状态。"),
    spares=("阿肯色州、密西西比州已宣布因恶劣天气进入紧急状态。",),
)

_ENTITIES = ("PER", "LOC", "ORG")
_PERSON_TITLE_SET = frozenset(PERSON_TITLES)
_TITLES_2 = tuple(t for t in PERSON_TITLES if len(t) >= 2)
"""Titles (常委, 州长): a piece of one is no part of a name (州 | 长某某, 某某 | 常委)."""
_OPENING_MARKS = "、，,；;：:。.！!？?·—-…）)】」』”’"
_JOINING_MARKS = "、·-—"
"""Marks that join the parts of one phrase (甲、乙代表, 某某·某某, 某某-某某机场): what precedes them
belongs to the speaker."""
_CLAUSE_MARKS = "，,。；;：:！!？?“”\"「」『』（）()\n"
_MEMBER_CLASSES = frozenset(("PER", "LOC", "ORG", "n", "nz", "nr", "ns", "nt", "j"))
"""Tagger classes of a coordination's members (names, places, organisations, nouns)."""
_OPEN_END_CLASSES = ("f", "c", "u", "p", "d")
_OPEN_END_TAGS = ("f", "c", "u", "p", "d")
"""Tagger classes of a one-character last word that leaves a phrase open (上, 所, 于, 据, 曾)."""
_ORGANISATION_ENDINGS = tuple(ORGANIZATION_ENDINGS)
_CLOSED_MEMBERS = frozenset("等们方所")
"""Last characters that close a group or body (某某等, 代表们, 组织方, 某研究所): a head, not an open
phrase (a relative 所 after an organisation's name is taken apart in _open_end)."""


Span = tuple[int, int]
"""Where the statement's words lie in the paragraph (first start, last end)."""
_REACH = 64
"""How far from its statement a speaker's name is looked for: a few clauses, so that a paragraph
of n statements by one repeated name costs linear time."""


def checked_form(speaker: Speaker, text: str, near: Span) -> Speaker | None:
    """The speaker with its name made a whole noun phrase of ``text`` (its paragraph), or None when
    no such phrase is there. ``near`` is where the statement lies: of several occurrences of the
    name around it, the nearest is read."""
    name = speaker.name
    if enabled(LEADING_MARK) and name[:1] in _OPENING_MARKS:
        fired(LEADING_MARK)
        name = _whole_coordination(name, text, near) or ""
        if len(name) < 2:
            return None
    collective = speaker.collective
    if enabled(WHOLE_WORD) and (whole := _whole_words(name, text, near))[0] != name:
        fired(WHOLE_WORD)
        name = whole[0] or ""
        collective = collective or whole[1] in ("LOC", "ORG")  # 某某 | 州: a place, no person
        if len(name) < 2:
            return None
    if enabled(OPEN_END) and (kept := _open_end(name, text, near)) != name:
        fired(OPEN_END)
        if kept is None:
            return None
        name = kept
    if enabled(VERB_AND_OBJECT) and _verb_and_object(name, text, near):
        fired(VERB_AND_OBJECT)
        return None
    if enabled(AREA_NO_BODY) and _area_only(name):
        fired(AREA_NO_BODY)
        return None
    return speaker if name == speaker.name else replace(speaker, name=name, collective=collective)


def _nearest(name: str, text: str, near: Span) -> int:
    """Offset of the occurrence of ``name`` nearest to the statement at ``near``, looked for within
    _REACH characters of its ends (a long quotation's inside is not searched); -1 when none."""
    first, last = near
    windows = [(first - _REACH, last + _REACH)] if last - first <= 4 * _REACH else [(first - _REACH, first + _REACH), (last - _REACH, last + _REACH)]
    best, distance = -1, 0
    for low, high in windows:
        at = text.find(name, max(0, low), max(0, high + len(name)))
        while at >= 0:
            gap = max(first - at - len(name), at - last, 0)
            if best < 0 or gap < distance:
                best, distance = at, gap
            at = text.find(name, at + 1, max(0, high + len(name)))
    return best


def _clause_start(text: str, at: int) -> int:
    """Where the clause holding offset ``at`` begins (after the last clause mark before it, at most
    MAX_REGION characters back)."""
    floor = max(0, at - MAX_REGION)
    return max((text.rfind(mark, floor, at) + 1 for mark in _CLAUSE_MARKS), default=0) or floor


def _reading(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """The tagger's words of text[start:end] as (start, end, class) offsets into ``text``."""
    words: list[Token] = list(tag(text[start:end])) if end - start <= MAX_REGION else []
    spans, at = [], start
    for word, cls in words:
        spans.append((at, at + len(word), cls))
        at += len(word)
    return spans


def _whole_coordination(name: str, text: str, near: Span) -> str | None:
    """、乙国、丙国代表 -> 甲国、乙国、丙国代表 (or -某某机场 -> 某某-某某机场) when what precedes it in
    its clause is names or nouns joined by separators; None otherwise."""
    body = name.lstrip(_OPENING_MARKS)
    at = _nearest(name, text, near)
    if at < 0 or name[0] not in _JOINING_MARKS:
        return None
    start = _clause_start(text, at)
    before = text[start:at]
    if not before:
        return None
    words = _reading(text, start, at + 1)
    if name[0] != "、" and words and words[-1][:2] == (at, at + 1) and len(words) >= 2 and words[-2][2] != "w" and (name[0] != "·" or words[-2][2] != "m"):
        return text[words[-2][0] : at] + name  # 某某 | -某某机场: the word the hyphen or dot joins on (7 | -11; but 1·2万 is a number)
    if not words or words[-1][:2] != (at, at + 1) or any(cls not in _MEMBER_CLASSES and text[a:b] not in _JOINING_MARKS for a, b, cls in words[:-1]):
        return None
    return before + name[0] + body


_COMMON_WORD = 100
"""A two-character word this frequent (主张, 表示) is no piece of a person's name."""
_SIDE_WORDS = frozenset(("方", "方面"))
_MENTION_NEXT = frozenset(words("mention_next_char"))
"""Characters that follow a name as its clause goes on (某某称, 某某在): never the name's last."""
_ASPECT = frozenset("着了过")
"""Aspect particles: the character before one is a verb (某某 | 拉着), not the end of a name."""
_HEADS = tuple(t for t in PERSON_TITLES if len(t) >= 2) + tuple(e for e in ORGANIZATION_ENDINGS if len(e) >= 2) + tuple(h for h in COLLECTIVE_HEADS if len(h) >= 2)
"""Titles, organisation and group heads: a name ending in one ends there (副总统 | 称 read as 统称)."""
_WORD_FREQ = 10
"""A dictionary word this frequent before the last character makes that character no part of a name."""


def _verb_at(text: str, at: int) -> bool:
    """The tagger reads a verb starting at ``at`` (所 | 设条件)."""
    return any(a == at and cls == "v" for a, _, cls in _reading(text, max(0, at - 8), min(len(text), at + 6)))


def _read_as_name(name: str) -> bool:
    return looks_like_name(name) or chinese_name(name)


def _open_end(name: str, text: str, near: Span) -> str | None:
    """The name without a word that leaves it open, or None when what is left names no one.

    The name ends in a localiser, preposition, conjunction, particle or adverb of its own
    (贺卡 | 上, 某某 | 于, 利润 | 据, 某某 | 还, 某市及其): the tagger's reading of the paragraph makes
    its last one or two characters a word of those classes, jieba starts a word there too and its
    dictionary gives the word such a tag. After a name (the name rules' or the tagger's person,
    place or organisation: 某某 | 还, 俄乌 | 分别) an adverb, preposition or conjunction is cut off;
    anything else (a localiser, a particle, a common noun before it: 贺卡上, 利润据) is no speaker.
    A string the name rules read as a person's name stays unless what precedes the character is a
    word of jieba's dictionary (贺卡 | 上, 某某 | 于): the tagger misreads 某某才 in running text. A
    relative 所 after an organisation's name (某委员会 | 所设) is one though the tagger glues it on.
    The last part of a dotted name (威廉·于) and states by their one-character names (美以) stay."""
    at = _nearest(name, text, near)
    end = at + len(name)
    if name[-1:] == "所" and name[:-1].endswith(_ORGANISATION_ENDINGS) and at >= 0 and _verb_at(text, at + len(name)):
        return None  # 某委员会 | 所设: no institute is named 委员会所
    if at < 0 or len(name) < 2 or name[-1] in _CLOSED_MEMBERS or name.endswith(_HEADS) or (_read_as_name(name) and (len(name) < 3 or _dictionary().get(name[:-1], (0,))[0] < _WORD_FREQ)) or NAME_DOT.search(name[-2:]) or all(ch in COUNTRY_ABBREVIATIONS for ch in name):
        return name
    if not any(_dictionary().get(name[-k:], (0, ""))[1][:1] in _OPEN_END_TAGS for k in (1, 2)):
        return name  # no such word at the end by jieba's dictionary, whose agreement is needed below: no tagging
    start = max(_clause_start(text, at), end + 4 - MAX_REGION)
    stop = min(len(text), end + 4)
    jieba = {start + k for k in _word_starts(text[start:stop])}
    reading = _reading(text, start, stop)
    last = next(((a, b, cls) for a, b, cls in reading if a < end <= b), None)
    if last is None or end - last[0] > 2 or last[2] not in _OPEN_END_CLASSES or last[0] not in jieba or last[0] <= at or last[1] != end:
        return name
    if _dictionary().get(text[last[0] : end], (0, ""))[1][:1] not in _OPEN_END_TAGS:
        return name  # jieba's dictionary disagrees (太郎 is no adverb)
    kept = text[at : last[0]]
    named = _read_as_name(kept) or all(ch in COUNTRY_ABBREVIATIONS for ch in kept) or any(a == at and b == last[0] and cls in _ENTITIES for a, b, cls in reading)
    return kept if named and last[2] in ("d", "p", "c") and len(kept) >= 2 else None


def _whole_words(name: str, text: str, near: Span) -> tuple[str | None, str | None]:
    """The name with its edges moved to whole words of ``text`` (see WHOLE_WORD), None when the
    cut leaves nothing, and the tagger's class of a name it was extended to. Where the tagger and
    jieba disagree about a boundary, the name is kept."""
    at = _nearest(name, text, near)
    if at < 0:
        return name, None
    end = at + len(name)
    if _whole_at_both_ends(name, text, at, end):
        return name, None
    clause = _clause_start(text, at)
    start = max(clause, end + 6 - MAX_REGION)
    stop = min(len(text), end + 6)
    words = _reading(text, start, stop)
    if not words:
        return name, None
    jieba = {start + k for k in _word_starts(text[start:stop])} | {stop}
    jieba_words = list(zip(sorted(jieba), sorted(jieba)[1:]))
    tagged = {a: cls for a, _, cls in words}
    new_start, new_end, extended = at, end, None
    crossing = [(a, b) for a, b, _ in words if a < end < b] + [(a, b) for a, b in jieba_words if a < end < b]
    cut = max((a for a, _ in crossing), default=-1)  # the later start where a word crosses the name's end
    known = any(a == cut and text[a:b] in _dictionary() for a, b in crossing)  # 报称, not 某某苗 | 称 misread as 苗称
    if cut == end - 1 > at and cut in jieba and not _read_as_name(name) and tagged.get(cut, "x")[:1] in "vpucd" and not name.endswith(_HEADS):
        if text[cut:].startswith(("所", "之")) or text[max(b for a, b in jieba_words if a == cut) :].startswith("的"):
            return None, None  # 某岛 | 所在的某省, 某委员会 | 所定…: the name is inside a modifier of another noun
        if known and tagged[cut] != "v":
            return None, None  # 某某 | 据估计, 某某 | 关于: a preposition or adverb, so a clause, no speaker
        if known:
            new_end = cut  # 某公司 | 报称: a verb's first character glued on, where both readers start a word
    for a, b, cls in words:
        if a < end < b and new_end == end and b in jieba and not near[0] <= b + 1 <= near[1] + 1 and cls in _ENTITIES and _same_kind(name, text[end:b], cls) and _runs_on(text[end:b], cls) and not _title_at(text, end) and text[b : b + 1] not in _ASPECT:
            new_end, extended = b, cls  # 某某 | 通, 某某 | 州: the tagger's name runs on to a boundary jieba also has
        if a < at < b and (start == clause or a > start) and a in jieba and at not in jieba:
            if cls in _ENTITIES and _runs_on(text[a:at], cls) and not _title_before(text, at) and text[at - 1] not in _ROLE_END:
                new_start, extended = a, cls  # 某 | 某某: the start of a name
            elif cls[:1] == "n" and cls not in _ENTITIES and b in jieba and b < new_end:
                if looks_like_name(text[b:new_end]):
                    new_start = b  # 富商 | 某某: a title's last character
                elif text[at - 1] not in _ROLE_END:
                    new_start = a  # 两伊 | 领导人 (but not 技术官 | 某某)
    if new_start >= new_end:
        return None, None
    return text[new_start:new_end], extended


def _whole_at_both_ends(name: str, text: str, at: int, end: int) -> bool:
    """What the checks below could change is ruled out without tagging: jieba starts a word at the
    name's start (every change there needs a word across it), and the name is followed by a mark or
    is followed by a character that can neither end a name nor make a dictionary word with the
    name's last (某官员 | 说, 某官员 | 对…: no extension, no cut)."""
    start_whole = at == 0 or at - max(0, at - 6) in _word_starts(text[max(0, at - 6) : end])
    following = text[end : end + 1]
    if not following or following in _CLAUSE_MARKS or following.isspace():
        return start_whole
    extends = (following not in _MENTION_NEXT and following not in FUNCTION_CHARS) or _runs_on(text[end : end + 2], "ORG")
    cuts = any(text[end - 1 : end - 1 + k] in _dictionary() for k in (2, 3, 4))
    return start_whole and not extends and not cuts


def _same_kind(name: str, part: str, cls: str) -> bool:
    """A person's name runs on into a person's name only (特朗普 is no piece of 特朗普政府, which the
    statement's clause may merely mention): a place or organisation word extends it only by the
    unit a place's name ends in (某某 | 州)."""
    return cls == "PER" or not _read_as_name(name) or part in _ADMIN_UNITS


def _title_at(text: str, at: int) -> bool:
    """A title starts at ``at`` (某某 | 常委): what follows the name is its holder's title."""
    return text.startswith(_TITLES_2, at)


_ROLE_END = frozenset(words("role_end_char"))
"""Last characters of role words (外交官, 州长, 捐资人): before a name, a title's end, not the name's start."""


def _title_before(text: str, at: int) -> bool:
    """A title ends at ``at`` (州长 | 某某): what precedes the name is a title's last character."""
    return text.endswith(_TITLES_2, 0, at)


def _runs_on(part: str, cls: str) -> bool:
    """A piece the tagger adds to a name (通 of 某某通, 州 of 某某州) that is one or two Han
    characters and no title, function word or two-character verb or adverb (某某 | 报道, 某某 | 常委);
    for a person, no frequent word either (某某 | 主张)."""
    if not 1 <= len(part) <= 2 or not all("\u4e00" <= ch <= "\u9fff" for ch in part) or any(ch in FUNCTION_CHARS for ch in part):
        return False
    if part in _PERSON_TITLE_SET or part in ADDRESS_FORMS or part in _SIDE_WORDS:
        return False  # 某某 | 先生, 某国 | 方面 (speaker.side_suffix takes 方面 off)
    freq, jieba_tag = _dictionary().get(part, (0, ""))
    if cls == "PER" and len(part) == 2 and freq >= _COMMON_WORD and not jieba_tag.startswith("nr"):
        return False
    if len(part) == 1:
        return jieba_tag[:1] not in ("c", "p", "u", "f", "d") and part not in _MENTION_NEXT  # 某某 | 通, 某某 | 州, not 某组织 | 所, 某某 | 称
    return not jieba_tag or jieba_tag[0] not in "vdpcumtfr"


def _verb_and_object(name: str, text: str, near: Span) -> bool:
    """钦佩 | 某某 | 主席 | 领导, 祝贺 | 某方: the tagger's first word a verb, its second a named
    entity, its last no noun (与会 | 某国 | 代表 and 匿名 | 某国 | 官员 are noun phrases: the verb
    modifies their head). The words are read in the paragraph where they are (领导 is a verb in
    某某主席领导人民…); a string the name rules read as a name (the tagger misreads some) stays."""
    if "的" in name or len(name) < 4 or looks_like_name(name) or _dictionary().get(name[:2], (0, "n"))[1] in _NOT_VERB_TAGS:
        return False  # the first two characters are no dictionary word, or a noun, place or body by it (中国, 官员): no tagging
    at = _nearest(name, text, near)
    end = at + len(name)
    reading = _reading(text, max(0, end + 4 - MAX_REGION), min(len(text), end + 4)) if at >= 0 else []
    inside = [(text[a:b], cls) for a, b, cls in reading if a >= at and b <= end]
    words = inside if inside and sum(len(w) for w, _ in inside) == len(name) else list(tag(name))
    return len(words) >= 2 and words[0][1] == "v" and len(words[0][0]) >= 2 and words[1][1] in _ENTITIES and words[-1][1] not in _NOUN_HEADS


_NOT_VERB_TAGS = frozenset(("n", "ns", "nt", "nz", "s", "m", "q"))
"""jieba's tags of a first word that is no verb (its tags are unreliable for verbs: 祝贺 is nr)."""
_NOUN_HEADS = ("n", "nz", "nw", "ORG")
"""Tagger classes of a noun phrase's head (代表, 官员, 某某委员会)."""
_AREA_TAIL = re.compile(r"(?:全[州省市县区境岛国]|(?:部分|大部分|大部|一些|多个|多|各)(?:地区|地方|区域|地|一带|境内))$")
"""The whole of a place (某州全州) or a part of its land (某州部分地区, 某省多地): land, not people."""
_ADMIN_UNITS = "省州市县区"
_MEMBERS = re.compile(r"[、和与及]")


def _area_only(name: str) -> bool:
    """Every member (split at 、/和/与/及) is a place the tagger reads, then its whole or part."""
    members = [m for m in _MEMBERS.split(name) if m]
    return bool(members) and len(members) <= 6 and all(_area(m) for m in members)


def _area(member: str) -> bool:
    """某州全州, 某省部分地区: a place (the tagger's LOC, or jieba's place tag, with or without its
    unit) followed by its whole or part."""
    tail = _AREA_TAIL.search(member)
    place = member[: tail.start()] if tail else ""
    if not place:
        return False
    words = tag(place)
    if words and all(cls == "LOC" or word in _ADMIN_UNITS for word, cls in words) and words[0][1] == "LOC":
        return True
    return any(_dictionary().get(p, (0, ""))[1].startswith("ns") for p in (place, place.rstrip(_ADMIN_UNITS))) or place in COUNTRIES
