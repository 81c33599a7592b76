"""Antecedents from the tagger's word classes: the people and organisations a pronoun (他, 她) or a
descriptor (该公司, 这家…企业) can refer back to, read off LAC's PER and ORG spans instead of the
string rules' name positions.

Tagging costs time (a few thousand characters a second), so only paragraphs that can matter are
tagged: one holding, or followed by one holding, a pronoun or descriptor before a reporting verb;
and of those only the clauses outside quotations, each at most once per process (tagger's cache).

Each decision is a registered rule (retrieval/rules.py); tests/test_coreference_classes.py holds
them to their examples and to generated fillers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from . import inventories
from .models import Speaker
from .rules import enabled, fired, rule
from .speakers import _dictionary_tags
from .subject_classes import _joined_at_dots, _person_word
from .tagger import MAX_REGION, tag

TAGGED_PERSON = rule(
    "coref.tagged_person",
    "A PER span of the tagger outside quotations is a referent for a later 他/她, whatever surrounds it (X15日参观了…, 干了二十年护林员的X，…, 画家X的作品, 直到…X才…).",
    fires=(
        "王德明15日参观了新建的博物馆。\n他说，这里的展品非常丰富。",
        "干了二十年护林员的孔海峰，对这片林子再熟悉不过。\n他说，这几年林子越来越密了。",
        "画家钟雨桐的作品在展览中引起关注。\n她说，创作灵感来自家乡。",
    ),
    spares=(
        "王德明说，这里的展品非常丰富。",
        "“王德明15日参观了博物馆。”他说，这里的展品非常丰富。",
    ),
)
COMMON_WORD_NOT_PERSON = rule(
    "coref.common_word_not_person",
    "A name the string rules found that is an ordinary word the tagger reads as no person (高峰过后, 黎明时分) is no referent.",
    fires=("高峰过后，他说，客流会逐渐回落。", "王德明来到车站。\n高峰过后，他说，客流会逐渐回落。"),
    spares=("王德明说，客流会逐渐回落。", "高峰说，客流会逐渐回落。"),
)
DESCRIBED_ORGANISATION = rule(
    "coref.described_organisation",
    "该/这家/此 + (modifiers) + an organisation head (公司, 企业, 银行 …) is the latest organisation the tagger finds before it in this or the previous paragraph, when that one has the same head (any head for 企业, 机构).",
    fires=(
        "华信科技公司发布了新产品。\n该公司表示，产品将于明年上市。",
        "华信科技公司发布了新产品。\n这家科技企业表示，产品将于明年上市。",
        "麦肯锡发布了新报告。\n该公司表示，报告将于明年更新。",
    ),
    spares=(
        "华信科技公司发布了新产品。\n华信科技公司表示，产品将于明年上市。",
        "华信科技公司与恒远银行签约。\n该公司表示，产品将于明年上市。",
        "华信科技公司发布了新产品。\n展会持续三天。\n该公司表示，产品将于明年上市。",
    ),
)
HEADLINE_TITLE_NAMED_BELOW = rule(
    "coref.headline_title_named_below",
    "A headline's speaker that is a short title (芬外长) is the person the next paragraph names with that title (芬兰外长某某).",
    fires=("芬外长：将继续支持对话\n芬兰外长哈维斯托12日在记者会上介绍了情况。",),
    spares=("芬外长：将继续支持对话\n芬兰总统尼尼斯托12日在记者会上介绍了情况。",),
)

_PRONOUN_CUE = re.compile(r"(?:^|(?<=[，。；：！？、”」\s但而并也还则又就却时后]))[他她](?![们人国乡])[^，。；！？“”「」\n]{0,12}?(?:说|表示|称|指出|认为|强调|介绍|透露|坦言|坦承|告诉|写道|呼吁|提到|回忆|补充|承认|警告|解释|预计|问道|答道)")
"""A pronoun opening its clause (after a mark or a connective: 但他, 随后他 …) before a reporting verb:
the paragraph (or the one before) needs its antecedents."""
_ORGANISATION_HEADS = inventories.words("descriptor_head")
_GENERIC_HEADS = frozenset(inventories.words("generic_head"))
"""Heads that any organisation can be called (这家企业 for 华信科技公司)."""
_COMPANY_HEADS = frozenset(inventories.words("company_head"))
"""Heads a brand name without an institution word is called by (麦肯锡 … 该公司)."""
_DESCRIPTOR = re.compile(rf"^(?:该|这家|那家|此|这个|这所|该家)([\u4e00-\u9fff]{{0,12}}?)({'|'.join(sorted(_ORGANISATION_HEADS, key=len, reverse=True))})$")
_DESCRIPTOR_IN_TEXT = re.compile(rf"(?<![应活合因如从为由对彼在就借据特至于])(?:该|这家|那家|此|这所)[\u4e00-\u9fff]{{0,12}}?(?:{'|'.join(_ORGANISATION_HEADS)})")
_DESCRIPTOR_CUE = re.compile(_DESCRIPTOR_IN_TEXT.pattern + r"[^，。；！？“”「」\n]{0,8}?(?:说|表示|称|指出|认为|强调|介绍|透露|承认|回应|宣布|声明)")
"""A descriptor of an organisation before a reporting verb in its clause (该公司周三表示)."""
_CLAUSE = re.compile(r"[^，。；！？：,;!?\n]+")
_SHORT_TITLE = re.compile(r"^([\u4e00-\u9fff]{1,3}?)(外长|防长|总统|总理|首相|外相|财长|议长|国务卿|主席|央行行长|副总统|副总理)$")


def tagged_region(paragraph: str, quoted: Sequence[tuple[int, int]], following: str, following_quoted: Sequence[tuple[int, int]], named: Sequence[tuple[int, str, bool]]) -> tuple[int, int] | None:
    """The part of ``paragraph`` whose antecedents are worth tagging, or None. It ends at the last
    pronoun or descriptor of an organisation (该公司) before a reporting verb outside quotations,
    or at the paragraph's end when the next paragraph holds one, and starts where the sentence it
    ends in starts (a sentence earlier when the pronoun opens its sentence): as far back as the
    latest antecedent usually stands. None when the string
    rules already name a subject in the sentence it ends in (``named``: their mentions), unless
    that name is also a dictionary word (高峰). Tagging costs time: only what can matter is tagged."""
    ends = _pronoun_cues(paragraph, quoted) + [m.start() for m in _DESCRIPTOR_CUE.finditer(paragraph)]
    if _pronoun_cues(following, following_quoted) or _DESCRIPTOR_CUE.search(following):
        ends.append(len(paragraph))
    if not ends:
        return None
    end = max(ends)
    sentence = _sentence_start(paragraph, end)
    if any(sentence <= at < end and subject and _settled(paragraph, at, name) for at, name, subject in named):
        return None
    opens = not paragraph[sentence:end].strip(" “”")  # 他 opens its sentence: the antecedent is in the one before
    return (_sentence_start(paragraph, sentence - 1) if opens and sentence else sentence), end


def _settled(text: str, at: int, name: str) -> bool:
    """A string-rule mention the tagger could not improve on: no dictionary word (高峰), and ending
    where a clause mark or a reporting verb follows (not 佐野健 | 太郎)."""
    after = text[at + len(name) : at + len(name) + 2]
    return name not in _dictionary_tags() and (after[:1] in "，。；：、”" or after in ("表示", "指出", "认为", "强调", "介绍") or after[:1] in "说称")


def _sentence_start(text: str, end: int) -> int:
    """Where the sentence holding offset ``end`` starts (after the last 。！？ before it)."""
    return max(text.rfind(stop, 0, max(0, end - 1)) for stop in "。！？!?") + 1


def _pronoun_cues(text: str, quoted: Sequence[tuple[int, int]]) -> list[int]:
    """Offsets of the pronouns before a reporting verb outside quotations."""
    if "他" not in text and "她" not in text:
        return []
    return [m.start() for m in _PRONOUN_CUE.finditer(text) if not any(a <= m.start() < b for a, b in quoted)]


def tagged_clauses(text: str, quoted: Sequence[tuple[int, int]], start: int = 0, end: int | None = None) -> list[list[tuple[int, str, str]]]:
    """The clauses of text[start:end] outside quotations as lists of (offset, word, class), each
    clause tagged in pieces of at most MAX_REGION characters, a name cut at its dot joined again."""
    clauses = []
    for clause in _CLAUSE.finditer(text, start, len(text) if end is None else end):
        if any(a <= clause.start() < b for a, b in quoted):
            continue
        words: list[tuple[int, str, str]] = []
        for piece in range(clause.start(), clause.end(), MAX_REGION):
            chunk = text[piece : min(clause.end(), piece + MAX_REGION)]
            at = piece + len(chunk) - len(chunk.lstrip())
            for word, cls in _joined_at_dots(tag(chunk)):
                words.append((at, word, cls))
                at += len(word)
        clauses.append(words)
    return clauses


_BEFORE_SUBJECT = frozenset(("TIME", "d", "c", "n", "nz", "LOC", "ORG", "ns", "nt", "w"))
"""Classes that may stand before a clause's subject: time words, adverbs, conjunctions, and the
title and place of the person (芬兰外长X, 画家X)."""


def _subject(words: Sequence[tuple[int, str, str]], k: int) -> bool:
    """The person at words[k] is the subject of its clause: only time words, adverbs, conjunctions
    and title words before it, or a modifier closed by 的 (干了二十年护林员的X); not a possessor (X的作品)."""
    if k + 1 < len(words) and words[k + 1][1] == "的":
        return False
    return (k > 0 and words[k - 1][1] == "的") or all(cls in _BEFORE_SUBJECT for _, _, cls in words[:k])


def tagged_people(text: str, quoted: Sequence[tuple[int, int]], region: tuple[int, int]) -> list[tuple[int, str, bool]]:
    """PER spans in text[region] outside quotations: (offset, name, whether it is its clause's subject)."""
    if not enabled(TAGGED_PERSON):
        return []
    people = []
    for words in tagged_clauses(text, quoted, *region):
        for k, (at, word, cls) in enumerate(words):
            if cls == "PER" and len(word) >= 2:
                people.append((at, word, _subject(words, k)))
    return people


LATIN_NOT_ANTECEDENT = rule(
    "coref.latin_not_antecedent",
    "A person the analyser reads in Latin script (a photo credit: Kenneth Tsang for The New York Times; a gloss after a Chinese name) is no antecedent for 他/她: the articles name the people they quote in Chinese.",
    fires=("郑德明说，商场的功能仍然有价值。\n港口的一座咖啡馆。 Kenneth Tsang for The New York Times\n“商场要创造出一种体验，”他说。",),
    spares=("郑德明说，商场的功能仍然有价值。\n港口的一座咖啡馆。\n“商场要创造出一种体验，”他说。",),
)
_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z .'\-]*")


def latin_name(name: str) -> bool:
    """coref.latin_not_antecedent: ``name`` is written in Latin script (no antecedent)."""
    return enabled(LATIN_NOT_ANTECEDENT) and _LATIN_NAME.fullmatch(name) is not None


def not_a_person(text: str, at: int, name: str) -> bool:
    """The name the string rules found at ``at`` is a dictionary word (高峰, jieba's entry a name
    too) that the tagger, reading its clause, takes whole as a word of another class (高峰/n 过后):
    no referent. Only that one clause is tagged."""
    if not enabled(COMMON_WORD_NOT_PERSON) or name not in _dictionary_tags():
        return False
    start = max(text.rfind(mark, 0, at) for mark in "，。；！？：,;!?\n“”") + 1
    m = _CLAUSE.match(text, at)
    end = m.end() if m else len(text)
    if end - start > MAX_REGION:
        return False
    offset = start + len(text[start:end]) - len(text[start:end].lstrip())
    for word, cls in tag(text[start:end]):
        if offset == at:
            return word == name and cls != "PER"
        offset += len(word)
    return False


def organisations(text: str, quoted: Sequence[tuple[int, int]], region: tuple[int, int]) -> list[tuple[int, str]]:
    """ORG spans in text[region] outside quotations, with their offsets."""
    if not enabled(DESCRIBED_ORGANISATION):
        return []
    return [(at, word) for words in tagged_clauses(text, quoted, *region) for at, word, cls in words if cls == "ORG" and len(word) >= 3]


def described_organisation(description: str, candidates: Sequence[str]) -> Speaker | None:
    """该公司 / 这家科技企业: the latest of ``candidates`` (organisations, oldest first) when it ends
    in the description's head, or whatever its head for a generic one (企业, 机构), or a brand with
    no institution head for a company (阿里巴巴 for 这家企业, 麦肯锡 for 该公司)."""
    if not enabled(DESCRIBED_ORGANISATION) or not (m := _DESCRIPTOR.match(description)):
        return None
    head = m.group(2)
    if candidates and (candidates[-1].endswith(head) or head in _GENERIC_HEADS or (head in _COMPANY_HEADS and not candidates[-1].endswith(_ORGANISATION_HEADS))):
        fired(DESCRIBED_ORGANISATION)
        return Speaker(name=candidates[-1], collective=True, speaker_type="organization")
    return None  # the latest organisation has another head (该公司 after 某银行): which one is meant is unsure


def is_description(subject: str) -> bool:
    """该公司, 这家科技企业: an organisation named by a descriptor."""
    return _DESCRIPTOR.match(subject) is not None


def headline_person(title: str, following: str) -> Speaker | None:
    """芬外长 + 芬兰外长哈维斯托…: the person ``following`` (the next paragraph) names right after
    the short title's office, in a clause that opens with a place starting as the title does."""
    if not enabled(HEADLINE_TITLE_NAMED_BELOW) or not (m := _SHORT_TITLE.match(title)):
        return None
    place, office = m.groups()
    for words in tagged_clauses(following[:120], ()):
        start = words[0][0] if words else 0
        for at, word, cls in words:
            before = following[start:at]
            if cls == "PER" and before.endswith(office) and before.startswith(place) and len(before) > len(office):
                fired(HEADLINE_TITLE_NAMED_BELOW)
                return Speaker(name=word, role=before)
    return None


GROUP_IN_SENTENCE = rule(
    "coref.group_in_sentence",
    "他们/她们 is the latest group of people (a noun phrase whose head ends in 人, 民, 员, 者 …) its own sentence names before it as a subject or an object, ahead of any group named earlier.",
    fires=(
        "我们接触到的丰田人都很在乎这个问题，但他们认为，丰田一直重视中国市场。",
        "网友们议论纷纷。\n记者采访了几位渔民，他们说，今年的收成不错。",
        "会议引发各地渔民热烈反响，他们表示，要加强行业自律。",
    ),
    spares=("代表们交换了经验，他们呼吁加强合作。", "记者采访了几位渔民。\n他们说，今年的收成不错。"),
)
_GROUP_ENDS = frozenset(inventories.words("group_end_char"))
"""Last characters of a noun for a group of people (渔民, 学员, 丰田人, 参赛者, 职工)."""
_NOMINAL = frozenset(("n", "nz", "ORG", "LOC", "ns", "nt", "nw"))
_BEFORE_GROUP = frozenset(("u", "m", "v", "r", "a", "w"))


def sentence_group(text: str, quoted: Sequence[tuple[int, int]], start: int, end: int) -> Speaker | None:
    """The latest group of people named in text[start:end] (the sentence before a 他们): a run of
    nominal words ending in a group head, after 的, a quantity, a verb or the clause start, and
    before an adverb, a verb or the clause end (我们接触到的丰田人都…, 采访了几位渔民，)."""
    if not enabled(GROUP_IN_SENTENCE):
        return None
    latest = None
    for words in tagged_clauses(text, quoted, start, end):
        k = 0
        while k < len(words):
            if words[k][2] not in _NOMINAL or (k and words[k - 1][2] not in _BEFORE_GROUP):
                k += 1
                continue
            j = k
            while j + 1 < len(words) and words[j + 1][2] in _NOMINAL:
                j += 1
            name = "".join(w for _, w, _ in words[k : j + 1])
            after = words[j + 1][2] if j + 1 < len(words) else ""
            if len(name) >= 2 and (name[-1] in _GROUP_ENDS or _person_word(name)) and after in ("", "d", "v", "ad", "a"):  # 引发各地渔民热烈(a)反响, 各地教师
                latest = name
            elif len(name) >= 2 and (name[-1] in _GROUP_ENDS or _person_word(name)) and _holds_view(words, j) and enabled(GROUP_HOLDING_VIEW):
                fired(GROUP_HOLDING_VIEW)
                latest = name  # 忽视了主流经济学家的观点，他们认为…: the ones whose view it is
            k = j + 1
    if latest is None:
        return None
    fired(GROUP_IN_SENTENCE)
    return Speaker(name=latest, collective=True, speaker_type="collective")


GROUP_HOLDING_VIEW = rule(
    "coref.group_holding_view",
    "A group named as the holder of a view (渔民们的意见, 主流经济学家的观点) is what a 他们 after it refers to, as a group named as a subject or object is.",
    fires=("政府忽视了渔民们的意见，他们认为，配额太低。", "政府忽视了主流经济学家的观点，他们认为，赤字更多是储蓄决策的结果。"),
    spares=("政府忽视了渔民们的渔船，他们认为，配额太低。",),
)
_VIEWS = ("观点", "意见", "看法", "说法", "呼声", "建议", "担忧", "立场", "主张")


def _holds_view(words: Sequence[tuple[int, str, str]], j: int) -> bool:
    """coref.group_holding_view: words[j] ends a noun phrase followed by 的 and a word for a view."""
    return j + 2 < len(words) and words[j + 1][1] == "的" and words[j + 2][1] in _VIEWS


DESCRIPTOR_SOURCE = rule(
    "coref.descriptor_source",
    "An unnamed source referred back to with a demonstrative (该消息人士, 这名官员, 上述知情人士) is the fuller noun phrase the article used for it before (军方消息人士, 国防部官员).",
    fires=("据媒体援引海岸分队消息人士的话报道，救援仍在进行。该消息人士称，目前已救起三名渔民。",),
    spares=("该消息人士称，目前已救起三名渔民。",),
)
_DEMONSTRATIVE = re.compile(r"^(?:该|这名|这位|此|上述|这些|那位|那名)")


def descriptor_source(name: str, before: str) -> str | None:
    """coref.descriptor_source: the noun phrase ending in ``name``'s head (the words after the
    demonstrative) that ``before`` (the article up to the mention) last used with more modifiers
    before it; None when there is none."""
    if not enabled(DESCRIPTOR_SOURCE) or not (m := _DEMONSTRATIVE.match(name)) or len(head := name[m.end() :]) < 2:
        return None
    at = before.rfind(head)
    while at > 0 and before[at - 1 : at] in ("该", "此", "名", "位", "述"):
        at = before.rfind(head, 0, at - 1)  # 该消息人士 itself: look further back
    if at <= 0:
        return None
    words = tag(before[max(0, at - 12) : at])
    modifiers: list[str] = []
    for word, cls in reversed(words):
        if cls not in ("n", "nz", "nt", "ORG", "LOC", "ns") or word in ("的",):
            break
        modifiers.insert(0, word)
    if not modifiers:
        return None
    fired(DESCRIPTOR_SOURCE)
    return "".join(modifiers) + head


PERSON_SPAN = rule(
    "coref.person_span",
    "A name the string rules cut at 3 characters (佐野健) while more Han characters follow with no predicate or separator between is read to the end of the analyser's PER span (佐野健太郎); one they run into the next word (卡琳娜·斯韦尔森本 | 周一, 中村美咲回 | 头) ends where the analyser's PER span does.",
    fires=("佐野健太郎起诉了市政府，并表示，此举违反了宪法。", "部长佐野健太郎起诉了市政府，称此举违反了宪法。", "卡琳娜·斯韦尔森本周一起诉了市政府，称此举违反了宪法。"),
    spares=("王德明起诉了市政府，并表示，此举违反了宪法。",),
)


_NAME_RUNS_ON = 2
"""At most this many characters lengthen a 3-character name (佐野健 | 太郎); a longer PER span
is the analyser joining two names (乔石祝 | 克雷库: 乔石 wishes 克雷库)."""


def person_span(text: str, at: int, name: str) -> str:
    """coref.person_span: ``name`` (found by the string rules at ``at``) lengthened to the
    analyser's PER span starting there, when that span is longer and starts with it."""
    if not enabled(PERSON_SPAN):
        return name
    words = _words_at(text, at)
    if not words or words[0][1] != "PER":
        return name
    span = words[0][0]
    if len(name) == 3 and len(name) < len(span) <= len(name) + _NAME_RUNS_ON and span.startswith(name) and not any(dot in name for dot in "·•・"):
        fired(PERSON_SPAN)
        return span
    rest = name[len(span) :]
    if len(span) < len(name) and name.startswith(span) and len(words) > 1 and words[1][1] != "PER" and len(words[1][0]) >= 2 and words[1][0].startswith(rest):
        fired(PERSON_SPAN)  # 卡琳娜·斯韦尔森本 | 周一, 中村美咲 | 回头: the name ends where the analyser's next word starts
        return span
    return name


def reads_person(text: str, at: int, name: str) -> bool:
    """coref.person_span: the analyser reads ``name`` at ``at`` as one whole PER span (a name of
    4 or 5 characters the string rules' name shapes do not take: 佐野健太郎)."""
    if not enabled(PERSON_SPAN):
        return False
    words = _words_at(text, at)
    return bool(words) and words[0] == (name, "PER")


def _words_at(text: str, at: int) -> list[tuple[str, str]]:
    """The analyser's words from ``at`` on (MAX_REGION characters), PER spans joined at dots."""
    return _joined_at_dots(tag(text[at : at + MAX_REGION]))
