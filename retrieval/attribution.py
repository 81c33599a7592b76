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

from .models import Quote, Speaker
from .normalize import fold_width
from .speakers import HAN, clause_initial_names, is_plural_pronoun, looks_like_name, parse_subject, speaker_type

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
_RUN_ON = 160
"""Reported speech goes on to the next sentences until about this many characters."""


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
        return after == "" or after in _SPEECH_AFTER
    return True


def _quote_after(text: str, verb_end: int) -> tuple[int, int, str]:
    """The words a verb introduces: a quotation, or the rest of the sentence."""
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
    while end < len(text) and end - i < _RUN_ON:  # reported speech runs on over sentences
        nxt = _sentence_end(text, end)
        if nxt - i > _MAX_QUOTE:
            break
        end = nxt
    if end - i > _MAX_QUOTE:  # cut a run-on clause at the last comma inside the limit
        cut = max(text.rfind("，", i, i + _MAX_QUOTE), text.rfind(",", i, i + _MAX_QUOTE))
        end = cut + 1 if cut > i else i + _MAX_QUOTE
    return i, end, "indirect"


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


class _ArticleState:
    """Speakers seen so far in one article, for pronouns and surname + title forms."""

    def __init__(self, paragraphs: Sequence[str]) -> None:
        self.last_person: Speaker | None = None
        self.people: list[Speaker] = []
        self.text = "\n".join(paragraphs)

    def mention(self, name: str) -> None:
        """A person named in passing becomes the referent of the next pronoun."""
        if self.last_person is None or self.last_person.name != name:
            known = next((p for p in reversed(self.people) if p.name == name), None)
            self.last_person = known or Speaker(name=name)

    def resolve(self, subject: Speaker | str) -> tuple[Speaker | None, bool]:
        if isinstance(subject, str):  # a pronoun
            if is_plural_pronoun(subject) or self.last_person is None:
                return None, True
            return self.last_person, True
        speaker = subject
        if speaker.role and not speaker.collective and speaker.name.endswith(speaker.role):
            speaker = self._surname_title(speaker)
        if not speaker.collective:
            self.last_person = speaker
            self.people.append(speaker)
        return speaker, False

    def with_role(self, speaker: Speaker) -> Speaker:
        """Fill a missing role from elsewhere in the article (…理事长蓝钦扬, then 蓝钦扬强调)."""
        for person in reversed(self.people):
            if person.name == speaker.name and person.role:
                return Speaker(speaker.name, person.role, speaker.alias or person.alias)
        for m in re.finditer(re.escape(speaker.name), self.text):
            clause_start = _subject_start(self.text, m.start())
            if clause_start == m.start():
                continue
            parsed = parse_subject(self.text[clause_start : m.end()])
            if isinstance(parsed, Speaker) and parsed.name == speaker.name and parsed.role:
                return Speaker(speaker.name, parsed.role, speaker.alias or parsed.alias)
        return speaker

    def _surname_title(self, speaker: Speaker) -> Speaker:
        """李院士 -> 李德仁 when the article names a 李 who is a 院士."""
        title = speaker.role or ""
        surname = speaker.name[: len(speaker.name) - len(title)]
        for person in reversed(self.people):
            if person.name.startswith(surname) and title in (person.role or ""):
                return person
        pattern = re.compile(rf"(?:{re.escape(title)}({re.escape(surname)}[{HAN}]{{1,2}}))|(?:({re.escape(surname)}[{HAN}]{{1,2}}){re.escape(title)})")
        for m in pattern.finditer(self.text):
            name = m.group(1) or m.group(2)
            for candidate in (name, name[:-1]):
                if looks_like_name(candidate) and candidate != speaker.name:
                    return Speaker(name=candidate, role=title, alias=speaker.alias)
        return speaker


def attribute_quotes(paragraphs: Sequence[str], article: int = 0) -> list[Quote]:
    """All attributed quotes in an article's paragraphs, in reading order."""
    state = _ArticleState(paragraphs)
    quotes: list[Quote] = []
    for number, original in enumerate(paragraphs):
        text = fold_width(original)
        for speaker, segments, kind, via_pronoun, cue in _paragraph_quotes(text, state):
            if speaker.role is None and not speaker.collective:
                speaker = state.with_role(speaker)
            speaker = typed(speaker)
            resolved = "pronoun" if via_pronoun else None
            for a, b in segments:  # an interrupted quotation gives one record per quoted segment
                a, b = _trim(original, a, b)
                words = original[a:b]
                if len(words) < _MIN_QUOTE:
                    continue
                headline = kind == "headline"
                quotes.append(
                    Quote(speaker, words, article, number, a, b, "indirect" if headline else kind, cue, resolved, headline)
                )
    return quotes


def typed(speaker: Speaker) -> Speaker:
    """The speaker with its type: a person, an organisation (institution, state, document) or a
    group, decided from the name's head by speakers.speaker_type."""
    kind = speaker_type(speaker)
    if speaker.speaker_type == kind:
        return speaker
    return Speaker(speaker.name, speaker.role, speaker.alias, speaker.collective, kind)


_Found = tuple[Speaker, list[tuple[int, int]], str, bool, str]


def _paragraph_quotes(text: str, state: _ArticleState) -> list[_Found]:
    found: list[_Found] = []
    if m := _HEADLINE.match(text):
        if len(text) <= 80 and not _VERB_AT_END.search(m.group(1)):
            subject = parse_subject(m.group(1))
            if isinstance(subject, Speaker):
                speaker, _ = state.resolve(subject)
                if speaker is not None:
                    found.append((speaker, [(m.end(), len(text))], "headline", False, "："))
    covered_until = -1
    mentions = clause_initial_names(text)
    for verb in _VERB.finditer(text):
        if verb.start() < covered_until or not _is_speech_verb(text, verb.start(), verb.end()):
            continue
        subject_start = _subject_start(text, verb.start())
        while mentions and mentions[0][0] < subject_start:
            state.mention(mentions.pop(0)[1])
        span = text[subject_start : verb.start()]
        if not span.strip():
            continue
        subject = parse_subject(span)
        if subject is None:
            continue
        speaker, via_pronoun = state.resolve(subject)
        if speaker is None:
            continue
        start, end, kind = _quote_after(text, verb.end())
        segments = [(start, end)] if end - start >= _MIN_QUOTE else []
        before = _quote_before(text, subject_start)
        if before is not None and any(before in f[1] for f in found):
            before = None  # 甲说：“……”乙说：“……”: the quotation before 乙 is already 甲's
        if before is not None:
            segments.insert(0, before)
            kind = "direct"
        if not segments:
            continue
        if found and found[-1][1][-1][1] > segments[0][0] and found[-1][2] == "indirect":
            # the previous indirect quote ran on into this speaker's clause: end it there
            prev = found[-1]
            prev_segments = prev[1][:-1] + [(prev[1][-1][0], subject_start)]
            found[-1] = (prev[0], prev_segments, prev[2], prev[3], prev[4])
        cue = text[verb.start() : verb.end() + (text[verb.end() : verb.end() + 1] == "道")]
        found.append((speaker, segments, kind, via_pronoun, cue))
        covered_until = segments[-1][1] if kind == "direct" else verb.end()
        mentions = [m for m in mentions if m[0] > verb.end()]
    for _, name in mentions:
        state.mention(name)
    return found
