"""Who said what: find the quotes in an article's paragraphs and attribute them to speakers.

Forms recognised, in news style:

* indirect speech after a reporting verb: 蓝钦扬强调，科研成果转化……。
* direct quotes with the speaker before (某某说：“……”) or after (“……，”某某说。), and a
  quotation that precedes the speaker clause (“今天的闵行……。” 闵行区区长陈华文在致辞中表示,……);
* headlines with a colon (瑞典分析人士：美国破坏……);
* pronouns (他说, 她补充说) resolved to the last named speaker of the article;
* surname + title (李院士, 陈区长) resolved to the full name the article gives.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from dataclasses import dataclass

from .coreference import BARE_TITLES, Referents, inside, quoted_spans
from .models import Quote, Speaker
from .normalize import fold_width
from .speakers import HAN, looks_like_name, parse_subject, speaker_type, strip_adverbials

REPORTING_VERBS = (
    "表示 指出 强调 认为 提到 提出 介绍说 介绍 坦言 透露 告诉 回应 呼吁 承认 解释说 解释 建议 宣布 谈到 谈及 说道 "
    "写道 声称 宣称 直言 重申 补充道 补充说 表态 警告 坦承 感慨 感叹 回忆说 回忆 说 称 道出 主张 证实 否认 批评 "
    "谴责 反驳 质疑 笑称 评价说 评价 说明 告诫 分析说 分析 预测 预计 认定 相信 希望 表明 谈道 补充 说过"
).split()
_VERB_ALTERNATION = "|".join(sorted(set(REPORTING_VERBS), key=len, reverse=True))
_VERB = re.compile(rf"(?:{_VERB_ALTERNATION})")
_VERB_AT_END = re.compile(rf"(?:{_VERB_ALTERNATION})$")
_SHORT_VERBS = {"说", "称", "补充", "分析", "回忆", "评价", "相信", "希望", "预计", "预测", "主张", "提出", "说明", "表明", "批评"}
"""Verbs that are also parts of ordinary words; they need punctuation after them."""
_NOT_SPEECH_BEFORE = ("据", "听", "小", "虽", "再", "是", "来", "所", "传", "如", "或", "就", "难", "胡", "游", "劝", "解", "演", "学", "俗", "总", "堪", "号", "简", "名", "昵", "戏", "著", "美", "见", "自")
_SPEECH_AFTER = "，,：:。“\"「"
_BOUNDARY = "，。；！？：,;!?“”\"「」『』\n"
_SENTENCE_END = "。！？!?；;"
_OPEN_QUOTES = "“\"「『"
_CLOSE_QUOTES = "”\"」』"
_MAX_SUBJECT = 80
_MIN_QUOTE = 4
_MAX_QUOTE = 400


def _subject_start(text: str, verb_start: int) -> int:
    """Start of the clause that ends at the verb: after the last boundary character."""
    i = verb_start - 1
    while i >= 0 and text[i] not in _BOUNDARY and verb_start - i <= _MAX_SUBJECT:
        i -= 1
    return i + 1


def _matching_mark(text: str, at: int, forward: bool) -> int | None:
    """Position of the quotation mark that pairs with the one at ``at`` (nesting respected)."""
    opens, closes = ("“「『", "”」』") if forward else ("”」』", "“「『")
    depth = 0
    for i in range(at, len(text)) if forward else range(at, -1, -1):
        ch = text[i]
        if ch in opens:
            depth += 1
        elif ch in closes:
            depth -= 1
            if depth <= 0:
                return i
        elif ch == '"' and i != at:
            return i
    return None


def _closing_quote(text: str, open_at: int) -> int:
    """Index just past the quotation that opens at ``open_at`` (or the paragraph end)."""
    end = _matching_mark(text, open_at, forward=True)
    return len(text) if end is None else end + 1


def _opening_quote(text: str, close_at: int) -> int | None:
    """Index of the opening mark for the quotation closing at ``close_at``."""
    return _matching_mark(text, close_at, forward=False)


def _sentence_end(text: str, start: int) -> int:
    """Index just past the sentence starting at ``start`` (quotation marks are respected)."""
    depth = 0
    for i in range(start, len(text)):
        ch = text[i]
        if ch in "“「『":
            depth += 1
        elif ch in "”」』":
            depth = max(0, depth - 1)
        elif ch in _SENTENCE_END and depth == 0:
            return i + 1
    return len(text)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The quoted words of a segment: inside the quotation marks (their punctuation kept), or
    reported speech without the separators before it and the full stop after it."""
    while start < end and text[start] in " \u3000，,：:。":
        start += 1
    while end > start and text[end - 1] in " \u3000\n":
        end -= 1
    if end - start >= 2 and text[start] in _OPEN_QUOTES and text[end - 1] in _CLOSE_QUOTES:
        return start + 1, end - 1
    if start < end and text[start] in _OPEN_QUOTES and _matching_mark(text, start, forward=True) is None:
        start += 1  # a quotation that runs to the paragraph end without closing
    while end > start and text[end - 1] in "。，,；;":
        end -= 1
    return start, end


def _is_speech_verb(text: str, start: int, end: int) -> bool:
    verb = text[start:end]
    after = text[end : end + 1]
    if after == "的":  # 他提到的商务部: an attributive clause, not speech
        return False
    if verb in _SHORT_VERBS:
        if start > 0 and text[start - 1] in _NOT_SPEECH_BEFORE:
            return False
        if after == "道":
            return True
        return after == "" or after in _SPEECH_AFTER or _tight_speech(text, start, end)
    return True


_TIGHT_VERBS = {"说", "称"}
_NOT_AFTER_TIGHT = set("明服法话为赞号呼作谎笑出起过完了着得不是成做道给")


def _tight_speech(text: str, start: int, end: int) -> bool:
    """他说还有… / 某某称此举…: 说 or 称 straight after a name or pronoun, content with no comma."""
    if text[start:end] not in _TIGHT_VERBS or text[end : end + 1] in _NOT_AFTER_TIGHT or not text[end : end + 1]:
        return False
    if text[end] in "，。！？；,;!?" or not ("\u4e00" <= text[end] <= "\u9fff" or text[end] in _OPEN_QUOTES):
        return False
    subject = strip_adverbials(text[_subject_start(text, start) : start])
    if subject in ("他", "她", "他们", "她们"):
        return True
    parsed = parse_subject(subject) if subject else None
    return isinstance(parsed, Speaker) and not parsed.collective and subject.endswith(parsed.name)


def _quote_after(text: str, verb_end: int, opens_sentence: bool = False) -> tuple[int, int, str]:
    """The words a verb introduces: a quotation, or reported speech up to where the statement ends.

    A statement whose speaker clause opens the sentence (某某强调，A。B。) runs on until a sentence
    shows a new source or narration; one introduced mid-sentence goes on only over sentences that
    continue it explicitly (要…, first person)."""
    i = verb_end
    if text[i : i + 1] == "道":
        i += 1
    if m := _TOLD_WHOM.match(text, i):  # 告诉记者称，…
        i = m.end()
    while i < len(text) and text[i] in " ，,：:":
        i += 1
    if i < len(text) and text[i] in "。！？!?":  # “……，”某某说。“……” continues, or nothing follows
        j = i + 1
        while j < len(text) and text[j] == " ":
            j += 1
        if j < len(text) and text[j] in _OPEN_QUOTES:
            return j, _closing_quote(text, j), "direct"
        return i, i, "indirect"
    if i >= len(text):
        return i, i, "indirect"
    if text[i] in _OPEN_QUOTES:
        end = _closing_quote(text, i)
        after = text[end : end + 1]
        if after in ("", " ", "。", "！", "？", "!", "?") or text[end - 2 : end - 1] in "，。！？,.!?…":
            return i, end, "direct"
        # “安全带”由长103米……组成: a quoted term opening reported speech, not a quotation
    end = _sentence_end(text, i)
    while end < len(text):  # reported speech goes on only while the next sentence is still the speaker's
        nxt = _sentence_end(text, end)
        if nxt - i > _MAX_QUOTE or not continues_statement(text[end:nxt], opens_sentence):
            break
        end = nxt
    if end - i > _MAX_QUOTE:  # cut a run-on clause at the last comma inside the limit
        cut = max(text.rfind("，", i, i + _MAX_QUOTE), text.rfind(",", i, i + _MAX_QUOTE))
        end = cut + 1 if cut > i else i + _MAX_QUOTE
    return i, end, "mixed" if own_words_inside(text[i:end]) else "indirect"


_CONTINUATION = re.compile(
    r"^\s*(?:(?:同时|此外|另外|一方面|另一方面|首先|其次|再次|最后|第[一二三四五六七八九十]+|当前|今后|下一步)[，,]?)?"
    r"(?:要|必须|应当|应该|应|需要|务必|一定要|坚决|我们|我|咱们)"
)
"""A sentence that goes on with the same statement: the xwlb 要…。要…。 series, or first person."""
_NEW_SOURCE = re.compile(
    r"^\s*(?:据|另据|又据|此外据|与此同时|报道|消息|截至|此前|随后|此后|当天|当日|当地时间|就在|同日|同一天|"
    r"\d{1,2}月\d{1,2}日|\d{1,2}日|[上下]午|晚些时候|会上|会前|会后|会谈后|活动中|期间)"
)
"""Openings of a sentence that bring a new source or go back to narration."""
_THIRD_PERSON = re.compile(r"[他她它]")


def continues_statement(sentence: str, after_opening_clause: bool = False) -> bool:
    """Does this sentence still belong to the statement before it (no new source, no new speaker)?"""
    if not sentence.strip() or sentence.lstrip()[0] in _OPEN_QUOTES or _NEW_SOURCE.match(sentence):
        return False
    if any(_is_speech_verb(sentence, v.start(), v.end()) and v.start() > 1 for v in _VERB.finditer(sentence)):
        return False  # a new subject with its own reporting verb
    if _CONTINUATION.match(sentence):
        return True
    return after_opening_clause and not _THIRD_PERSON.search(sentence)


_TERM = re.compile(r"^[一二两三四五六七八九十百千\d]|[“「『][^”」』]{0,3}[”」』]")


def own_words_inside(span: str) -> bool:
    """Reported speech that quotes the speaker's own words (此举“相当激进”), not a slogan or a term."""
    for m in re.finditer(r"[“「『]([^“”「」『』]{4,})[”」』]", span):
        inner, after = m.group(1), span[m.end() : m.end() + 1]
        if _TERM.match(inner) or after in ("的", "等", "、", "和", "与", "及", "》"):
            continue
        if after in ("", "，", "。", "；", ",", "！", "？") or inner[-1] in "。！？，":
            return True
    return False


def _quote_before(text: str, subject_start: int) -> tuple[int, int] | None:
    """A quotation that ends right before the speaker clause: “……，”某某说。"""
    j = subject_start - 1
    comma = False
    while j >= 0 and text[j] in " ，,":
        comma = comma or text[j] != " "
        j -= 1
    if j < 1 or text[j] not in _CLOSE_QUOTES:
        return None
    if not comma and text[j - 1] not in "，。！？,.!?…—；;":
        return None  # only a complete utterance (“……，”他说 / “……”，他说), not a term like “全面”
    start = _opening_quote(text, j)
    if start is None:
        return None
    return start, j + 1


_TOLD_WHOM = re.compile(r"(?:本台|总台|本报|新华社|央视)?(?:记者|媒体|我们|大家)(?:说|称|表示)?")
_HEADLINE = re.compile(rf"^([{HAN}·]{{2,24}})[：:](?=\s*[{HAN}“])")
_HEADLINE = re.compile(rf"^([{HAN}·]{{2,24}})[：:](?=\s*[{HAN}“])")
_HEADLINE_CLAIM = re.compile(rf"^([{HAN}·]{{2,12}}?)(称|表示|说)([{HAN}“].{{3,40}})$")
"""以方称坚持停火谈判立场: a short headline where the source and 称 run straight into the claim."""

_DOCUMENT_HEADS = "声明 联合声明 报告 白皮书 财报 公报 社论 评论 文章 决议 会议 全会 纪要 通报 评论员文章 调查报告".split()
_DOCUMENT_VERBS = {"指出", "强调", "认为", "称", "表示", "警告", "呼吁", "说", "写道", "预计", "预测", "重申", "批评", "谴责", "宣布", "提到", "透露"}
_NEGATED = re.compile(r"(?:未|没有|没|不|拒绝|无法|不愿|不便|尚未|并未|从未|不再)$")
_TRAILING_TIME = re.compile(
    r"(?:于|在)?(?:本周|上周|周[一二三四五六日末]|星期[一二三四五六日天]|今天|昨天|当天|当日|日前|近日|同日|"
    r"\d{1,2}月\d{1,2}日|\d{1,2}日|[上下]午|晚间|早间|晚些时候|稍早|早些时候)*(?:于)?$"
)
_MANNER = re.compile(
    rf"(?:点点头|点了点头|摇摇头|摇了摇头|笑着|笑了笑|想了想|顿了顿|叹了口气|叹息着|激动地|[{HAN}]{{1,6}}地|同一天|当天|随后|接着)$"
)
_AUDIENCE = re.compile(r"^(.+?)(?:对|向|跟|同|给)([^，。；]{1,30})$")
"""某某对记者某某说: what follows 对/向/跟 is the addressee, not the speaker."""
_QUANTIFIED = re.compile(
    r"^(?:这|那|该|此|其中)?(?:[一两二三四五六七八九十几数多]+|一些|许多|不少|很多|部分|多数|少数|大多数)(?:名|位|个|些|家|批)?(.+)$"
)
_HEAD_NOUN_END = set("员工人士家者生师民客众友商长官手户兵警农")
_ELLIPSIS = re.compile(r"^(?:并|并且|同时|随后|还|也|又|而且|进而|继而|则|再次|再|另外|此外|最后|接着)+")
_AS_SAID = re.compile(r"(?:正如|如同|诚如|如)([^，。；：“”]{2,30}?)所(说|言|指出|强调|称|提到|表示)(?:的)?(?:那样)?[，,]")
_UNNAMED_VERBS = {"说", "表示", "称", "指出", "认为", "透露", "介绍", "强调", "写道", "坦言"}


class _ArticleState:
    """What one article has said so far: its people for pronouns, short forms and titles."""

    def __init__(self, paragraphs: Sequence[str]) -> None:
        self.refs = Referents(paragraphs)
        self.text = self.refs.text

    def resolve(self, subject: Speaker | str) -> tuple[Speaker | None, str | None]:
        """The speaker a parsed subject names, and how it was resolved (None when named in full)."""
        refs = self.refs
        if isinstance(subject, str):  # a pronoun
            return refs.pronoun(subject), "pronoun"
        speaker, how = subject, None
        if speaker.collective:
            if speaker.name in BARE_TITLES:
                holder = refs.title_holder(speaker.name)
                return (holder, "title") if holder else (None, None)
            return speaker, None
        if speaker.role and speaker.name.endswith(speaker.role):  # 李院士 / 王女士
            surname = speaker.name[: len(speaker.name) - len(speaker.role)]
            person = self._surname_title(speaker)
            if person.name == speaker.name:
                found = refs.surname_form(surname) if speaker.role in ("女士", "先生", "小姐") else None
                if found is None:
                    return None, None
                person = Speaker(found.name, found.role or speaker.role, found.alias)
            return person, "surname"
        if m := re.fullmatch(r"[老小]([\u4e00-\u9fff])", speaker.name):
            found = refs.surname_form(m.group(1))
            return (found, "surname") if found else (None, None)
        full = refs.full_name(speaker.name)
        if full != speaker.name:
            speaker, how = Speaker(full, speaker.role, speaker.alias), "surname"
        return speaker, how

    def with_role(self, speaker: Speaker) -> Speaker:
        """A missing role from where the article introduces the same person with a title
        (…理事长蓝钦扬 … 蓝钦扬强调), never from a clause that only happens to contain the name."""
        for person in reversed(self.refs.history):
            if person.name == speaker.name and person.role:
                return Speaker(speaker.name, person.role, speaker.alias or person.alias)
        for m in re.finditer(re.escape(speaker.name), self.text):
            clause_start = _subject_start(self.text, m.start())
            role = self.text[clause_start : m.start()]
            role = role.strip(" ")
            if not role or not _ROLE_ONLY.fullmatch(role) or _FUNCTION_IN_ROLE.search(role) or role[-1] not in _ROLE_END_CHARS:
                continue
            parsed = parse_subject(self.text[clause_start : m.end()])
            if isinstance(parsed, Speaker) and parsed.name == speaker.name and parsed.role:
                return Speaker(speaker.name, parsed.role, speaker.alias or parsed.alias)
        return speaker

    def _surname_title(self, speaker: Speaker) -> Speaker:
        """李院士 -> 李德仁 when the article names a 李 who is a 院士."""
        title = speaker.role or ""
        surname = speaker.name[: len(speaker.name) - len(title)]
        for person in reversed(self.refs.history):
            if person.name.startswith(surname) and person.name != speaker.name and title in (person.role or ""):
                return person
        pattern = re.compile(rf"(?:{re.escape(title)}({re.escape(surname)}[{HAN}]{{1,2}}))|(?:({re.escape(surname)}[{HAN}]{{1,2}}){re.escape(title)})")
        for m in pattern.finditer(self.text):
            name = m.group(1) or m.group(2)
            for candidate in (name, name[:-1]):
                if looks_like_name(candidate) and candidate != speaker.name:
                    return Speaker(name=candidate, role=title, alias=speaker.alias)
        return speaker


_ROLE_ONLY = re.compile(rf"[{HAN}、()（）A-Za-z0-9 ]{{2,80}}")
_ROLE_END_CHARS = set("长家员师人士者官席理统记任授表监裁问事使卿相帅将尉书相言监")
_FUNCTION_IN_ROLE = re.compile(r"会见|会谈|看来|对|向|与|给|把|被|让|是|了|着|过|在|从|称|说|表示|面对|来看")


def attribute_quotes(paragraphs: Sequence[str], article: int = 0) -> list[Quote]:
    """All attributed quotes in an article's paragraphs, in reading order."""
    state = _ArticleState(paragraphs)
    quotes: list[Quote] = []
    for number, original in enumerate(paragraphs):
        text = fold_width(original)
        for found in _paragraph_quotes(text, state):
            speaker = found.speaker
            if speaker.role is None and not speaker.collective:
                speaker = state.with_role(speaker)
            speaker = typed(speaker)
            for a, b in found.segments:  # an interrupted quotation gives one record per quoted segment
                a, b = _trim(original, a, b)
                words = original[a:b]
                if len(words) < _MIN_QUOTE:
                    continue
                kind = "direct" if found.kind == "direct" and _is_quotation(original, a, b) else found.kind
                if kind == "direct" and not _is_quotation(original, a, b):
                    kind = "mixed" if own_words_inside(words) else "indirect"
                quotes.append(Quote(speaker, words, article, number, a, b, kind, found.cue, found.resolved, found.headline))
    return quotes


def _is_quotation(text: str, start: int, end: int) -> bool:
    return start > 0 and text[start - 1] in _OPEN_QUOTES


def typed(speaker: Speaker) -> Speaker:
    """The speaker with its type: a person, an organisation (institution, state, document) or a
    group, decided from the name's head by speakers.speaker_type."""
    kind = speaker_type(speaker)
    if speaker.speaker_type == kind:
        return speaker
    return Speaker(speaker.name, speaker.role, speaker.alias, speaker.collective, kind)


@dataclass(slots=True)
class _Found:
    speaker: Speaker
    segments: list[tuple[int, int]]
    kind: str
    resolved: str | None
    cue: str
    headline: bool = False


def _document_subject(phrase: str, verb: str) -> Speaker | None:
    """声明指出 / 会议强调 / 美国国会的一份报告警告称: a document or meeting as the source."""
    if verb not in _DOCUMENT_VERBS or len(phrase) > 30:
        return None
    for head in _DOCUMENT_HEADS:
        if phrase.endswith(head):
            if head in ("会议", "全会") and verb in ("宣布",):
                return None
            return Speaker(name=phrase, collective=True, speaker_type="organization")
    return None


def _unnamed_subject(phrase: str) -> Speaker | None:
    """几名员工 / 一位山东口音的旅客 / 中国商人: an unnamed source, named by its head noun."""
    m = _QUANTIFIED.match(phrase)
    if not m:
        return None
    head = m.group(1)
    if "的" in head:
        modifier, _, tail = head.rpartition("的")
        head = tail if tail != "人" else head
    head = head.strip()
    if not 2 <= len(head) <= 10 or head[-1] not in _HEAD_NOUN_END or looks_like_name(head):
        return None
    if re.search(r"[，。、是在了把被对向]", head):
        return None
    if phrase[:1] == "一":  # one unnamed individual
        return Speaker(name=head, speaker_type="person")
    return Speaker(name=head, collective=True, speaker_type="collective")


def _subject(span: str, verb: str, state: _ArticleState, earlier: list[_Found]) -> tuple[Speaker, str | None] | None:
    """The speaker of a reporting verb from the clause before it: subject phrase, then
    adverbials (time, place, manner, audience) that are peeled off."""
    if _NEGATED.search(span):
        return None  # 未回应, 拒绝表示: no statement
    span = _TRAILING_TIME.sub("", span.strip()).rstrip(" ，,")
    for _ in range(3):
        span = _TRAILING_TIME.sub("", _MANNER.sub("", span)).rstrip(" ，,") or span
    phrase = strip_adverbials(span)
    if not phrase:
        return _continuing(earlier)
    if document := _document_subject(phrase, verb):
        return document, None
    parsed = parse_subject(span)
    if (m := _AUDIENCE.match(phrase)) and not (isinstance(parsed, Speaker) and parsed.name == phrase):
        first = parse_subject(m.group(1))
        if first is not None:
            parsed = first
    if parsed is None and (unnamed := _unnamed_subject(phrase)):
        return unnamed, None
    if parsed is None and phrase in BARE_TITLES:
        parsed = Speaker(name=phrase, collective=True)
    if parsed is None:
        if _ELLIPSIS.fullmatch(phrase) or _ELLIPSIS.sub("", phrase) in ("", "仍", "仍然", "也", "还"):
            return _continuing(earlier)
        return None
    speaker, how = state.resolve(parsed)
    if speaker is None:
        return None
    return speaker, how


def _continuing(earlier: list[_Found]) -> tuple[Speaker, str | None] | None:
    """并表示 / 同时强调: the subject is the one of the statement before it in the paragraph."""
    if not earlier:
        return None
    return earlier[-1].speaker, earlier[-1].resolved


def _paragraph_quotes(text: str, state: _ArticleState) -> list[_Found]:
    found: list[_Found] = []
    refs = state.refs
    if m := _HEADLINE.match(text):
        if len(text) <= 80 and not _VERB_AT_END.search(m.group(1)):
            subject = parse_subject(m.group(1))
            if isinstance(subject, Speaker):
                speaker, how = state.resolve(subject)
                if speaker is not None:
                    found.append(_Found(speaker, [(m.end(), len(text))], "indirect", how, "：", True))
    elif len(text) <= 48 and (m := _HEADLINE_CLAIM.match(text)) and not _VERB.search(m.group(1)):
        subject = parse_subject(m.group(1))
        if isinstance(subject, Speaker) and (subject.collective or len(subject.name) >= 2):
            speaker, how = state.resolve(subject)
            if speaker is not None:
                found.append(_Found(speaker, [(m.start(3), len(text))], "indirect", how, m.group(2), True))
    quoted = quoted_spans(text)
    covered_until = -1
    mentions = refs.mentions(text)
    for m in _AS_SAID.finditer(text):
        subject = parse_subject(m.group(1))
        if subject is not None and not inside(quoted, m.start()):
            speaker, how = state.resolve(subject)
            if speaker is not None:
                end = _sentence_end(text, m.end())
                found.append(_Found(speaker, [(m.end(), end)], "indirect", how, f"所{m.group(2)}"))
    for verb in _VERB.finditer(text):
        if verb.start() < covered_until or inside(quoted, verb.start()) or not _is_speech_verb(text, verb.start(), verb.end()):
            continue
        subject_start = _subject_start(text, verb.start())
        while mentions and mentions[0][0] < subject_start:
            refs.mention(mentions.pop(0)[1])
        span = text[subject_start : verb.start()]
        if not span.strip() and subject_start > 0 and text[subject_start - 1] not in "，,":
            continue
        result = _subject(span, verb.group(0), state, found)
        if result is None:
            continue
        speaker, how = result
        opens = subject_start == 0 or text[subject_start - 1] in "。！？!?：:"
        start, end, kind = _quote_after(text, verb.end(), opens)
        segments = [(start, end)] if end - start >= _MIN_QUOTE else []
        before = _quote_before(text, subject_start)
        if before is not None and any(before in f.segments for f in found):
            before = None  # 甲说：“……”乙说：“……”: the quotation before 乙 is already 甲's
        if before is not None:
            segments.insert(0, before)
            if len(segments) == 1:
                kind = "direct"
        elif not segments and subject_start > 0 and text[subject_start - 1] in "，," and verb.group(0) in _UNNAMED_VERBS:
            sentence_start = _sentence_start(text, subject_start - 1)
            if subject_start - 1 - sentence_start >= 6 and not inside(quoted, sentence_start):
                segments = [(sentence_start, subject_start - 1)]  # …，某大学的某教授说。
        if not segments:
            continue
        if found and found[-1].segments[-1][1] > segments[0][0] and found[-1].kind != "direct":
            # the previous indirect quote ran on into this speaker's clause: end it there
            prev = found[-1]
            prev.segments[-1] = (prev.segments[-1][0], subject_start)
        cue = text[verb.start() : verb.end() + (text[verb.end() : verb.end() + 1] == "道")]
        found.append(_Found(speaker, segments, kind, how, cue))
        refs.speaker(speaker)
        covered_until = segments[-1][1] if kind == "direct" else verb.end()
        mentions = [m for m in mentions if m[0] > verb.end()]
    for _, name in mentions:
        refs.mention(name)
    return found


def _sentence_start(text: str, before: int) -> int:
    i = before - 1
    while i >= 0 and text[i] not in "。！？!?；;”":
        i -= 1
    return i + 1
