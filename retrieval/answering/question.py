"""Questions -> what is asked: the speaker named (if any), the topic words, and the kind.

Kinds: ``speaker`` (某某说了什么 / 某某怎么看Y / 关于Y，某某怎么说), ``who`` (谁说过“…” /
谁谈到了Y / 哪位…认为Y) and ``topic`` (no one named). Traditional characters are converted
first, so 藍欽揚說了什麼 is the same question as 蓝钦扬说了什么.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from ..index.speaker_index import SpeakerIndex
from ..normalize import normalize_question
from ..speakers import DOTS, PERSON_TITLES
from ..time_window import DateWindow, find_window
from ..tokenize import NewsTokenizer, content_tokens, prepare

if TYPE_CHECKING:
    from ..index.news_index import NewsIndex

_WHO = re.compile(
    r"谁|哪位|哪一位|哪个人|哪些人|什么人|何人|哪国|哪家|哪名|哪些专家|"
    r"哪(?:个|些|一个)(?:官员|机构|部门|组织|单位|国家|政府|媒体|公司|企业|政党|团体|官方|专家|学者|人士)"
)
"""A question asking for a speaker: 谁, or 哪个/哪些 with a noun for people or bodies (哪个机构), not
哪个季度 or 哪些方面."""
_QUOTED = re.compile(r"[“\"「『]([^”\"」』]{2,})[”\"」』]")
_MAX_NGRAM = 4
_SPEECH_CUE = re.compile(r"说|讲|谈|表示|表态|看法|观点|评价|怎么看|如何看|认为|定性|回应|反驳|建议|解释|称|批评|呼吁|主张")
_DOTTED_NAME = re.compile(rf"[\u4e00-\u9fff]{{1,8}}(?:{DOTS}[\u4e00-\u9fff]{{1,8}})+")
_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z'’\-]*(?: [A-Za-z][A-Za-z'’\-]*)*")
_TITLE_WORDS = frozenset(PERSON_TITLES)


@dataclass(slots=True)
class ParsedQuestion:
    """A question as the ranker uses it."""

    text: str
    kind: str
    speakers: list[str] = field(default_factory=list)
    """Speaker-index keys the question names (empty for who/topic questions)."""
    tokens: list[str] = field(default_factory=list)
    """Content tokens for BM25, the speaker's name included."""
    topic_tokens: list[str] = field(default_factory=list)
    """Content tokens minus the speaker's name and title."""
    quoted: str | None = None
    """Words the question quotes (谁说过“灭人国者必先亡其史”)."""
    asks_for_words: bool = False
    """The question asks what was said (怎么说, 说法, 讲了什么 …), not just about a topic."""
    window: DateWindow | None = None
    """The dates the question asks about (2025年3月, 去年 …); its words are not search words."""
    mentioned: list[str] = field(default_factory=list)
    """Speakers the question names but does not ask about (谁批评了某某的讲话, 某某被召回，学者怎么看):
    part of its topic, so not whom it asks for."""
    role_words: list[str] = field(default_factory=list)
    """Words that say what the asked speaker is (法国 and 外长 of 法国外长某某, 华为 for 华为's
    founder): they pick the person the name already binds, so they are neither topic nor search
    words (a paragraph repeating 法国外长 is not the more likely to be that person's statement)."""
    described: list[list[str]] = field(default_factory=list)
    """Words that describe whom the question asks about instead of naming them (哪位德国经济学家说,
    美国国会议员怎么批评), one list per alternative (新西兰和澳大利亚怎么表态): matched against
    speakers' names and roles, not against their words."""


def _located_spans(raw_tokens: list[str], text: str) -> list[tuple[int, int]]:
    """Offsets of each token in ``text``, which may hold characters the tokens dropped."""
    spans, cursor = [], 0
    for token in raw_tokens:
        at = text.find(token, cursor)
        if at < 0:
            at = cursor
        spans.append((at, at + len(token)))
        cursor = at + len(token)
    return spans


def _tokens_within(spans: list[tuple[int, int]], start: int, end: int) -> set[int]:
    return {i for i, (a, b) in enumerate(spans) if a >= start and b <= end}


@dataclass(slots=True)
class Mention:
    """Where the question names speakers: token positions and the keys the name binds."""

    tokens: set[int]
    keys: list[str]
    person: bool = True
    """A person's name (not an organisation's: 以色列 in 以色列外长某某 is the role's)."""


def find_speakers(
    raw_tokens: list[str], question: str, speakers: SpeakerIndex
) -> tuple[list[str], set[int], list[Mention]]:
    """Speaker keys named in the question, the positions of the tokens that name them, and each
    mention (a surname + title has no tokens of its own and is no mention).

    Looked up, in order: original (English) names (Christopher Lee, or Lee when only one speaker has
    that word), dotted names as a whole (阿伦·布朗, whose part 布朗 then binds nobody else), token
    n-grams, and surname + title (王部长). Only speakers the index may bind are kept (no collectives,
    no ordinary words the corpus never introduces as a speaker).
    """
    found: list[str] = []
    used: set[int] = set()
    mentions: list[Mention] = []
    joined = "".join(raw_tokens)
    spans = _located_spans(raw_tokens, joined)
    for m in _LATIN_NAME.finditer(question):
        words = m.group(0).lower().split()
        keys = speakers.lookup_alias(" ".join(words))
        if not keys:  # a single word of the original, when unambiguous (Lee)
            keys = [k for word in words for k in speakers.lookup_alias(word)]
        keys = [k for k in keys if speakers.bindable(k)]
        if keys:
            found.extend(keys)
            named = {i for i, token in enumerate(raw_tokens) if token.lower() in words}
            used |= named
            mentions.append(Mention(named, keys))
    for m in _DOTTED_NAME.finditer(question):  # 阿伦·布朗: the dot is not a token
        keys = [k for k in speakers.lookup(m.group(0)) if speakers.bindable(k)]
        if keys:
            found.extend(keys)
            named = set()
            bare = re.sub(r"[^\u4e00-\u9fff]", "", m.group(0))
            if (at := joined.find(bare)) >= 0:
                named |= _tokens_within(spans, at, at + len(bare))
            for part in re.split(r"[^\u4e00-\u9fff]+", m.group(0)):
                if part and (at := joined.find(part)) >= 0:
                    named |= _tokens_within(spans, at, at + len(part))
            used |= named
            mentions.append(Mention(named, keys))
    i = 0
    while i < len(raw_tokens):
        if i in used:
            i += 1
            continue
        match = None
        for n in range(min(_MAX_NGRAM, len(raw_tokens) - i), 0, -1):
            if any(j in used for j in range(i, i + n)):
                continue
            span = "".join(raw_tokens[i : i + n])
            if len(span) < 2 or (n == 1 and span in speakers.common_words and not speakers.bindable(prepare(span))):
                continue
            keys = [k for k in speakers.lookup(span) if speakers.bindable(k)]
            if keys:
                match = (n, keys)
                break
        if match is None:
            i += 1
            continue
        n, keys = match
        found.extend(keys)
        used.update(range(i, i + n))
        mentions.append(Mention(set(range(i, i + n)), keys))
        i += n
    for key in speakers.titled(joined, {start for start, _ in spans}):
        if key not in found:
            found.append(key)
    for mention in mentions:
        mention.person = any(_is_person(speakers, k) for k in mention.keys)
    return list(dict.fromkeys(found)), used, mentions


def _is_person(speakers: SpeakerIndex, key: str) -> bool:
    entry = speakers.entries[key]
    return entry.kind == "person" and not entry.collective


_CLAUSE_END = re.compile(r"[，,。；;：:？?！!]")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
_ADVERBIAL_START = re.compile(r"在|对|就|关于|针对|对于|从|当|又|还|则|也|再|那么|那|此后|随后|后来|当时")
_MEETING = re.compile(r"会谈|会见|会晤|通话|见面|谈判|磋商|交谈|签署|举行|共同")
_PREDICATE_START = re.compile(
    r"觉得|感觉|感到|看待|认为|表示|指出|强调|声称|说(?!明)|要求|希望|呼吁|提出|提到|谈到|主张|建议|宣布|警告|承认|否认|"
    r"称赞|赞扬|祝愿|介绍|透露|坦言|解释|回应|重申|敦促|号召"
)
"""A clause that opens with a verb of saying, feeling or asking (…在贺信里，要求…) has no subject of
its own: it goes on from the one before."""
_RELATIVES = re.compile(
    r"的[^，,。；;：:？?！!]{0,6}?(?:盟友|顾问|幕僚|助手|助理|发言人|同事|家人|亲属|朋友|支持者|批评者|反对者|律师|"
    r"女儿|儿子|妻子|丈夫|父亲|母亲|哥哥|弟弟|姐姐|妹妹|部下|下属|前任|继任者|传记作者|历史学家|学生|老师|邻居|粉丝)"
)
"""Someone of a person's (甲的盟友和历史学家, 甲的前顾问): the subject of the verb is no name."""
_COORDINATION = re.compile(r"\s*(?:和|与|跟|同|及|以及|、|还有)\s*")


def asked_mentions(
    mentions: list[Mention], raw_tokens: list[str], text: str, verb_at: int | None
) -> tuple[list[Mention], list[Mention]]:
    """The mentions a question asks about (the subject of its verb and names coordinated with it),
    and the organisations that only qualify that subject (以色列 of 以色列外长某某).

    ``raw_tokens`` were cut from ``text`` (punctuation dropped); ``verb_at`` is where the verb phrase
    starts in ``text``. The subject is the first name in the clause of the verb (在与甲会谈时，乙说了
    什么 asks about 乙) or, when that clause has none, the first name of the nearest clause before it
    (甲到某地见乙时，怎么评价 asks about 甲), unless the verb's clause has a subject of its own that
    is no name (甲被召回，国内学者怎么看: no name is asked about). A name after the verb (甲怎么看乙的
    决定) or the object of another verb is part of the topic; 甲和乙怎么看 asks about both. A person
    is the subject before an organisation in the same clause.
    """
    if not mentions or verb_at is None:
        return mentions, []
    spans = _located_spans(raw_tokens, text)
    ordered = sorted((m for m in mentions if m.tokens), key=lambda m: min(m.tokens))
    before = [m for m in ordered if spans[max(m.tokens)][1] <= verb_at]
    if not before:
        return mentions, []
    clause_starts = [0] + [c.end() for c in _CLAUSE_END.finditer(text, 0, verb_at)]

    def clause_of(m: Mention) -> int:
        start = spans[min(m.tokens)][0]
        return max(c for c in clause_starts if c <= start)

    verb_clause = clause_starts[-1]
    nearest = max(clause_of(m) for m in before)
    if nearest < verb_clause and _names_a_subject(text[verb_clause:verb_at]):
        return [m for m in mentions if not m.tokens], []  # its own subject is no name: 甲被召回，学者怎么看
    in_clause = [m for m in before if clause_of(m) == nearest]
    subject = next((m for m in in_clause if m.person), in_clause[0])
    if _RELATIVES.match(text, spans[max(subject.tokens)][1], verb_at):
        return [m for m in mentions if not m.tokens], []  # 甲的盟友说: the subject is someone of 甲's, not 甲
    qualifiers = [m for m in in_clause if not m.person and min(m.tokens) < min(subject.tokens)]
    asked = [subject]
    for m in ordered[ordered.index(subject) + 1 :]:
        gap = text[spans[max(asked[-1].tokens)][1] : spans[min(m.tokens)][0]]
        if not _COORDINATION.fullmatch(gap):
            break
        asked.append(m)
    if len(asked) > 1 and _MEETING.match(text, spans[max(asked[-1].tokens)][1]):
        asked = [subject]  # 甲同乙会谈时: 同 is "with", 乙 is no speaker
    return asked + [m for m in mentions if not m.tokens], qualifiers


def _names_a_subject(words: str) -> bool:
    """Do the words before a verb hold a subject (业内专家), not just an adverbial (在台湾问题上) or
    a verb of saying or feeling that goes on from the subject before (甲换了手机后，觉得新手机…)?"""
    words = words.strip()
    return bool(_HAN_RUN.match(words)) and not _ADVERBIAL_START.match(words) and not _PREDICATE_START.match(words)


_QUESTION_PHRASES = re.compile(
    r"怎么看待|怎么看|怎样看待|怎样看|如何看待|如何看|怎么说|怎样说|怎么评价|如何评价|怎么谈|如何谈|说了什么|说了些什么|"
    r"讲了什么|讲了些什么|谈了什么|谈了些什么|说过什么|有什么看法|有何看法|有什么说法|有哪些说法|有什么评价|有什么表态|"
    r"是怎么|是如何|怎么|如何|为什么|是谁|谁|哪位|什么|"
    r"(?P<verb>[\u4e00-\u9fff]{1,2})不(?P=verb)|(?P<have>[\u4e00-\u9fff])没(?P=have)"
)
"""Question phrases; they separate words for jieba (怎么看瑞幸 must not become 看瑞幸). An A-not-A
verb (会不会, 能不能, 算不算, 有没有) asks yes or no: none of its pieces (不会, 不能) is a topic word."""


_REPORTING = re.compile(r"(?<![据小])说(?!明)|表示|认为|指出|强调|透露|声称|宣称")
"""Reporting verbs that end a subject (某某说，…做了什么): stricter than the cues that mark a question
as asking for words (谈 is also in 会谈)."""


def _verb_offset(text: str) -> int | None:
    """Where the question's verb phrase starts, in the text after question phrases became "，"."""
    found = [m for m in (_QUESTION_PHRASES.search(text), _REPORTING.search(text)) if m is not None]
    if not found:
        m = _SPEECH_CUE.search(text)
        if m is None:
            return None
        found = [m]
    first = min(m.start() for m in found)
    return len(_QUESTION_PHRASES.sub("，", text[:first]))


_WHICH = re.compile(r"哪位|哪一位|哪个|哪名|哪些|哪家|哪国")
_DESCRIPTION_END = re.compile(
    r"怎么|怎样|如何|是什么|有什么|有哪些|有何|说|讲|谈|表示|表态|认为|指出|强调|透露|称|介绍|提到|提出|回应|解释|"
    r"解读|评价|批评|警告|呼吁|预计|预测|承认|主张|建议|反驳|质疑|撰文|写道"
)
_AFTER_SUBJECT = re.compile(
    r"在|对|就|关于|针对|对于|向|跟|同|从|当|把|将|被|又|还|也|都|则|是|曾|已|到底|[0-9０-９]|[今昨明前]天|当天|此前|日前|近日|随后|\s|(?:[^，\s]{2}){1,2}[时后]$"
)
"""What ends a subject: a preposition, an adverb, a time (德国统计局8月公布时, 双方会见时)."""
_ASKS_FOR_WORDS = re.compile(
    rf"(?:怎么|怎样|如何)(?:{_SPEECH_CUE.pattern}|分析|解读|预测|形容|回答|劝|盘点|介绍)|(?:是什么|有什么|有何|有哪些)"
    rf"(?:{_SPEECH_CUE.pattern}|态度|立场|反应|表态)|(?:说|讲|谈)了(?:些)?什么"
)
"""A question verb that asks for someone's words (怎么解释, 是什么态度, 说了什么); 怎么改革 asks for none."""


def describe_speaker(text: str) -> str:
    """The words that describe, without naming, whom a question asks about: what follows 哪位 up to
    the verb (哪位德国参展商说 -> 德国参展商), or the subject of the question's verb in its clause
    (暴雪处罚选手后，美国国会议员怎么批评 -> 美国国会议员). 谁 asks with no description; a phrase
    that starts with an adverbial (在会上, 把某物) is none either."""
    if which := _WHICH.search(text):
        end = _DESCRIPTION_END.search(text, which.end())
        words = text[which.end() : end.start()] if end else ""
    elif _WHO.search(text):
        return ""
    else:
        asks = list(_ASKS_FOR_WORDS.finditer(text)) or list(_REPORTING.finditer(text))[:1]  # 工厂的老板说…
        if not asks:
            return ""
        verb = asks[-1]
        start = max([0] + [c.end() for c in _CLAUSE_END.finditer(text, 0, verb.start())])
        words = text[start : verb.start()]
        if cut := _AFTER_SUBJECT.search(words, 1):
            words = words[: cut.start()]
    words = words.strip()
    if not words or _AFTER_SUBJECT.match(words) or _CLAUSE_END.search(words):
        return ""
    return words


def _alternatives(tokens: list[str], kept: set[str]) -> list[list[str]]:
    """The content words of a description, split where it coordinates (日本共产党和地方政界人士)."""
    groups: list[list[str]] = [[]]
    for token in tokens:
        if _COORDINATION.fullmatch(token):
            groups.append([])
        elif token in kept:
            groups[-1].append(token)
    return [words for words in groups if words]


def _asking_verb_tokens(spans: list[tuple[int, int]], phrased: str, text: str) -> set[int]:
    """Positions of the verb of 怎么批评 / 是什么态度, given the tokens' ``spans`` in ``phrased`` (where
    the question phrase became "，"): it asks for words, it is not what they are about."""
    found: set[int] = set()
    for m in _ASKS_FOR_WORDS.finditer(text):
        verb = _QUESTION_PHRASES.sub("", m.group(0))
        cursor = 0
        while verb and (at := phrased.find("，" + verb, cursor)) >= 0:
            found |= _tokens_within(spans, at + 1, at + 1 + len(verb))
            cursor = at + 1
    return found


def parse_question(
    question: str, tokenizer: NewsTokenizer, speakers: SpeakerIndex, today: date | None = None
) -> ParsedQuestion:
    """Analyse a question; never raises, whatever the text. ``today`` resolves 今年, 最近 …"""
    found = find_window(normalize_question(question), today)
    text = found.rest
    phrased = _QUESTION_PHRASES.sub("，", text)
    raw = tokenizer.cut(phrased)
    keys, used, mentions = find_speakers(raw, text, speakers)
    asked, qualifiers = asked_mentions(mentions, raw, phrased, _verb_offset(text))
    asked_keys = {k for m in asked for k in m.keys}
    if len(asked) < len(mentions):  # the other names are what the question is about
        keys = [k for k in keys if k in asked_keys or not any(k in m.keys for m in mentions)]
        used = {i for m in [*asked, *qualifiers] for i in m.tokens}
    kept = set(content_tokens(raw))
    spans = _located_spans(raw, phrased)
    asking = _asking_verb_tokens(spans, phrased, text)
    content = [(i, t) for i, t in enumerate(raw) if t in kept and i not in asking]
    tokens = [t for _, t in content]
    topic = [t for i, t in content if i not in used]
    # a title right after a name (刘鹤副总理) or a surname+title (陈区长) is not the topic
    role_words: list[str] = []
    if keys:
        roles = {role for k in keys for role in speakers.entries[k].roles}
        role_words = [t for t in topic if len(t) > 1 and (t in _TITLE_WORDS or any(t in role for role in roles))]
        topic = [t for t in topic if len(t) > 1 and t not in role_words]
    quoted = None
    if m := _QUOTED.search(text):
        quoted = m.group(1)
    who = bool(_WHO.search(text))
    mentioned = list(dict.fromkeys(k for m in mentions for k in m.keys if k not in asked_keys and k not in keys))
    described: list[list[str]] = []
    if (who or not any(_is_person(speakers, k) for k in keys)) and (words := describe_speaker(text)):
        at = phrased.find(words)
        if at >= 0:
            inside = _tokens_within(spans, at, at + len(words))
            described = _alternatives([t for i, t in enumerate(raw) if i in inside], kept)
        mentioned = [k for k in mentioned if k not in prepare(words)]  # 哪位俄罗斯部长: a description, not a topic
    if who:
        kind = "who"
        mentioned, keys = list(dict.fromkeys([*keys, *mentioned])), []  # 哪位…说 asks for the speaker; a name inside is part of the topic
        topic = tokens
    elif keys:
        kind = "speaker"
    else:
        kind = "topic"
    if described:  # they tell who speaks, not what about
        topic = [t for t in topic if not any(t in words for words in described)]
    return ParsedQuestion(
        text=text,
        kind=kind,
        speakers=keys,
        tokens=tokens,
        topic_tokens=topic,
        quoted=quoted,
        asks_for_words=bool(_SPEECH_CUE.search(text)),
        window=found.window,
        mentioned=mentioned,
        role_words=[t for t in role_words if t not in mentioned] if kind == "speaker" else [],  # 熟悉某某的: a person, no role
        described=described,
    )


def parse(index: NewsIndex, question: str, today: date | None = None) -> ParsedQuestion:
    """``question`` analysed with ``index``'s tokenizer and speakers (see parse_question)."""
    return parse_question(question, index.tokenizer, index.speakers, today)
