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

import bisect
import functools
import heapq
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from .clause_cues import CLAIM_CLAUSE_CONTINUING, CRITIQUE_BY_CLASSES, clause_follows, clause_words, is_clause, is_event
from .coref_classes import DESCRIPTOR_SOURCE, descriptor_source, is_description, not_a_person, sentence_group
from .coreference import BARE_TITLES, Referents, _clause_start, inside, quoted_spans
from .models import Quote, Speaker
from .normalize import fold_width
from .rules import enabled, fired, new_trace, rule, untraced
from .speaker_form import checked_form
from .speakers import (
    _NARRATIVE_VERBS,
    ADDRESS_FORMS,
    COLLECTIVE_HEADS,
    COUNTRY_ABBREVIATIONS,
    FUNCTION_CHARS,
    HAN,
    ORGANIZATION_ENDINGS,
    PERSON_TITLES,
    TRANSLIT_CHARS,
    VERB_FIRST_FREQ,
    _dictionary_tags,
    _word_starts,
    is_fragment,
    looks_like_name,
    parse_subject,
    speaker_type,
    strip_adverbials,
    titled_in,
    word_frequency,
)
from .subject_classes import (
    GROUP_FRAGMENT,
    SIDE_SUFFIX,
    called_name,
    group_fragment,
    manner_only,
    name_boundary,
    nominal_phrase,
    place_not_person,
    pronoun_subject,
    subject_by_classes,
    tag_before_cue,
    tight_content,
    title_after_name,
    untitled_non_name,
    without_side,
)
from .subject_classes import _joined_at_dots as subject_classes_joined
from .subject_classes import _person_word as person_word
from .tagger import MAX_REGION, tag

# The attribution sieves, in the order a paragraph meets them; each decision is a registered rule
# (retrieval/rules.py) with the invented paragraphs it must fire on and must spare.
HEADLINE_COLON = rule(
    "headline.colon",
    "A short paragraph opening with a subject and a colon (瑞典分析人士：…) is that source's statement after the colon.",
    fires=("北欧分析人士：能源价格将继续上涨",),
    spares=("王海峰说，公司将扩大投资。",),
)
HEADLINE_CLAIM = rule(
    "headline.claim",
    "Each part of a short headline without punctuation that reads source + 称/表示/说 + claim is that source's claim.",
    fires=("甲方称坚持停火谈判立场 乙方称对方阻碍谈判",),
    spares=("京味小说赠予读者",),
)
FRAME_CREDITED = rule(
    "frame.credited",
    "据X介绍/称/透露 and 记者从X了解到: information credited to a named source is that source's statement.",
    fires=("记者从水利部了解到，今年汛期的堤坝已经全部加固。", "据水利部消息，今年汛期的堤坝已经全部加固。"),
    spares=("数据显示，今年汛期的降雨偏多。", "据水利部介绍，今年汛期的堤坝已经全部加固。"),
)
FRAME_AS_SAID = rule(
    "frame.as_said",
    "正如X所说/所言，…: the rest of the sentence is X's view.",
    fires=("正如王海峰所说，市场仍然疲软，需要耐心。",),
    spares=("王海峰说，市场仍然疲软。",),
)
FRAME_MEDIA_REPORT = rule(
    "frame.media_report",
    "据 + a medium (the analyser's organisation, or a noun ending in 媒体, 社, 报, 台, 网, 电视) + 报道，… with no speaker of its own in the words that follow is that medium's report; with one (据某媒体报道，某某表示…) the inner speaker alone speaks.",
    fires=("据海岸通讯社报道，渔船当天在北部海域遭到扣押。", "据北欧媒体报道，渔船当天在北部海域遭到扣押。"),
    spares=("据北欧媒体报道，渔业大臣王德明表示，渔船当天在北部海域遭到扣押。", "据报道，渔船当天在北部海域遭到扣押。"),
)
_REPORT_HEAD = "报道"
"""The speaker of a report that speaks for itself (subject.report_itself): no group 他们 refers to."""
_MEDIUM_ENDS = ("媒体", "社", "报", "台", "网", "电视", "新闻", "日报", "时报", "通讯")


def _medium(source: str) -> bool:
    """frame.media_report: ``source`` (its time words already off) names a medium (ends in a medium
    word, or the analyser reads one organisation), not 据报道's empty source."""
    if len(source) < 2:
        return False
    if source.endswith(_MEDIUM_ENDS) or source.endswith("》"):
        return True  # 北欧媒体, 某通讯社, 挪威《晚邮报》
    words = [w for w in tag(source) if w[1] != "w"]
    return len(words) == 1 and words[0][1] == "ORG"


def _inner_speaker(text: str, at: int) -> bool:
    """The sentence from ``at`` has a reporting verb used as speech (某某表示, or a later 强调 of the
    subject that opens it): an inner speaker's words, not the medium's."""
    end = _sentence_end(text, at, at + _SENTENCE_WINDOW)
    return any(_is_speech_verb(text, v.start(), v.end()) for v in _VERB.finditer(text, at, end))


REPORT_ITSELF = rule(
    "subject.report_itself",
    "报道说/报道称 opening a sentence (…。报道说，…) is the report's statement, its speaker the document head 报道; mid-sentence (…，报道称，…) it stays no one's.",
    fires=("多家北欧媒体24日报道说，渔船遭到扣押。报道说，北部海域的渔民已经撤离。",),
    spares=("渔船遭到扣押，报道称，北部海域的渔民已经撤离。",),
)


FRAME_AS_POINTED_QUOTATION = rule(
    "frame.as_pointed_quotation",
    "正如/正是 X 指出的 + a colon + a quotation (正如某某同志指出的：“…”) gives X the quotation, not the rest of the sentence.",
    fires=("正如王海峰同志指出的：“市场仍然疲软，需要耐心。”我们要坚持下去。",),
    spares=("正如王海峰同志指出的，市场仍然疲软，需要耐心。",),
)
FRAME_IN_VIEW = rule(
    "frame.in_view",
    "在X看来，…: the rest of the sentence is X's view.",
    fires=("在经济学家王海峰看来，市场仍然疲软。",),
    spares=("在北京，市场仍然疲软。",),
)
FRAME_AS_POINTED = rule(
    "frame.as_pointed",
    "正如/诚如/正像/正是 X 指出的（那样），…: the rest of the sentence is X's view.",
    fires=("正如经济学家王海峰指出的，市场仍然疲软。", "改革的要义，正是王海峰同志指出的，要一天不放松地抓。"),
    spares=("正如预料的那样，市场仍然疲软。",),
)
CUE_REPORTING_VERB = rule(
    "cue.reporting_verb",
    "A reporting verb of the lexicon (说, 表示, 指出, 强调指出, …) used as speech, with a subject before it, opens a statement.",
    fires=("王海峰说，公司将扩大投资。", "“公司将扩大投资。”王海峰说。", "据水利部介绍，今年汛期的堤坝已经全部加固。"),
    spares=("北欧分析人士：能源价格将继续上涨", "记者从水利部了解到，今年汛期的堤坝已经全部加固。"),
)
CUE_LIGHT_VERB_OBJECT = rule(
    "cue.light_verb_object",
    "A cue word right after a light verb (提出警告, 发表评论, 作出说明) is a noun, no cue.",
    fires=("王海峰提出警告，市场仍然疲软。", "王海峰作出说明，市场仍然疲软。"),
    spares=("王海峰警告，市场仍然疲软。",),
)
CUE_EXPRESSIVE_ACT = rule(
    "cue.expressive_act",
    "表示 + an expressive noun (表示感谢, 表示亲切的慰问, 表示强烈谴责) is an expressive act, no statement.",
    fires=("王海峰对各方的支持表示感谢，公司将扩大投资。",),
    spares=("王海峰表示，感谢各方的支持。",),
)
CUE_TOPIC_ONLY = rule(
    "cue.topic_only",
    "A topic verb (谈到, 介绍, 提到) followed by its object and no clause of content (谈到他的理念) reports a topic, not words.",
    fires=("王海峰谈到公司的投资计划和人才培养。",),
    spares=("王海峰谈到，公司将扩大投资。",),
)
SUBJECT_NEGATED = rule(
    "subject.negated",
    "A cue negated or refused (未表示, 拒绝透露, 没有说明) reports no statement.",
    fires=("王海峰没有说明，公司将扩大投资。",),
    spares=("王海峰说明，公司将扩大投资。",),
)
SUBJECT_AUDIENCE = rule(
    "subject.audience",
    "X对/向/跟Y说: the one after the co-verb is spoken to; X speaks.",
    fires=("公司总裁王海峰对记者李明说，公司将扩大投资。",),
    spares=("王海峰说，公司将扩大投资。",),
)
SUBJECT_GROUP_PRONOUN = rule(
    "subject.group_pronoun",
    "他们/她们/大家 before a cue is the latest group the paragraph names (代表们…。他们呼吁…; 广大干部群众深入学习…。大家表示…), not a person of an earlier sentence.",
    fires=("各地代表们交流了经验。他们呼吁，加强行业自律。", "各地代表们交流了经验。大家表示，要加强行业自律。"),
    spares=("王海峰说，公司将扩大投资。",),
)
_GROUP_PRONOUNS = ("他们", "她们", "大家")
SUBJECT_DOCUMENT = rule(
    "subject.document",
    "A document or meeting as subject of a cue of stating (声明指出, 会议强调, 报告认为) is the source, as an organization.",
    fires=("该组织发表的年度报告认为，全球经济增长将放缓。", "这份白皮书指出，两国将加强合作。"),
    spares=("王海峰说，两国将加强合作。",),
)
SUBJECT_UNNAMED = rule(
    "subject.unnamed",
    "An unnamed source (有人, 一位专家, 许多居民, 观战的围棋行家) is named by its head noun.",
    fires=("有人说，这是一次难得的机会。", "一位山东口音的旅客说，这是一次难得的机会。", "几名员工说，这是一次难得的机会。"),
    spares=("王海峰表示，这是一次难得的机会。",),
)
SUBJECT_CONTINUING = rule(
    "subject.continuing",
    "A cue with no subject of its own (并表示, 但表示, 他还说 after the speaker) goes on with the one the sentence is about: the last statement's speaker or a subject opening a clause since.",
    fires=("王海峰拒绝讨论细节，但表示，公司将扩大投资。",),
    spares=("王海峰说，公司将扩大投资。",),
)
SPAN_QUOTE_BEFORE = rule(
    "span.quote_before",
    "A quotation right before the speaker clause (“…，”X说) is that speaker's.",
    fires=("“公司将扩大投资，”王海峰说。",),
    spares=("王海峰说：“公司将扩大投资。”",),
)
SPAN_SENTENCE_BEFORE = rule(
    "span.sentence_before",
    "…，X说。 with nothing after the cue: the words of the sentence before the speaker clause are the statement.",
    fires=("公司今年将扩大投资规模，一位分析师说。",),
    spares=("王海峰说，公司将扩大投资。",),
)
SPAN_CUT_AT_NEXT_SPEAKER = rule(
    "span.cut_at_next_speaker",
    "An indirect statement ends where the next speaker's clause begins.",
    fires=("王海峰表示，公司将扩大投资，李明则表示，投资规模有限。",),
    spares=("王海峰表示，公司将扩大投资。李明表示，投资规模有限。",),
)
SPAN_ACT_ENDS_STATEMENT = rule(
    "span.act_ends_statement",
    "A reporting verb + 了 + object reports an act (宣布了禁令): no statement, but it ends the statement before it.",
    fires=("交通部门说，道路已经封闭，并宣布了新的禁令措施。",),
    spares=("交通部门说，道路已经封闭。",),
)
SPAN_CONTINUED_QUOTATION = rule(
    "span.continued_quotation",
    "A quotation closing the paragraph, a whole sentence right after a statement with no speaker clause, is that statement's speaker's.",
    fires=("王海峰表示，公司将扩大投资。“这是一次难得的机会。”",),
    spares=("王海峰表示，公司将扩大投资。有评论认为：“这是一次难得的机会。”",),
)
COREF_PRONOUN = rule(
    "coref.pronoun",
    "A pronoun subject (他说, 她表示) is the person the article's referents give for it.",
    fires=("记者采访了公司总裁王海峰。他说，公司将扩大投资。",),
    spares=("王海峰说，公司将扩大投资。",),
)
COREF_SURNAME_TITLE = rule(
    "coref.surname_title",
    "Surname + title or form of address (王院士, 陈女士) is the person of that surname the article names.",
    fires=("中国科学院院士王海峰出席了论坛。王院士表示，科研成果转化需要耐心。",),
    spares=("中国科学院院士王海峰表示，科研成果转化需要耐心。",),
)
COREF_TITLE_HOLDER = rule(
    "coref.title_holder",
    "A bare title as subject (部长表示) is the holder of that title the article names.",
    fires=("交通部长王海峰视察了工地。部长表示，道路将在年底通车。",),
    spares=("交通部长王海峰表示，道路将在年底通车。",),
)
COREF_FULL_NAME = rule(
    "coref.full_name",
    "A short form of a name the article gave in full (冯德莱恩 after 乌尔苏拉·冯德莱恩) is the full name.",
    fires=("欧盟委员会主席乌尔苏拉·冯德莱恩出席了会议。冯德莱恩表示，欧盟将加强合作。",),
    spares=("冯德莱恩表示，欧盟将加强合作。",),
)
COREF_NAME_START = rule(
    "coref.name_start",
    "A speaker called by the first two or three characters of an undotted name of four or more that the article gave earlier (a Japanese surname: 中村 after 中村健太郎) is that person.",
    fires=("日本代表团团长中村健太郎说，目标是获得两块金牌。中村还说，队员们状态很好。", "教练小林美咲表示，比赛很激烈。小林说，队员们状态很好。"),
    spares=("中村说，队员们状态很好。", "教练王海峰表示，比赛很激烈。王海说，队员们状态很好。"),
)
SPEAKER_ROLE_FROM_INTRODUCTION = rule(
    "speaker.role_from_introduction",
    "A speaker named without a title takes the role the article introduced them with (公司总裁王海峰 … 王海峰表示).",
    fires=("公司总裁王海峰出席了发布会。王海峰表示，公司将扩大投资。",),
    spares=("王海峰表示，公司将扩大投资。",),
)


def is_word(text: str) -> bool:
    """A word of jieba's dictionary."""
    return text in _dictionary_tags()

REPORTING_VERBS = (
    "表示 指出 强调 认为 提到 提出 介绍说 介绍 坦言 透露 告诉 回应 呼吁 承认 解释说 解释 建议 宣布 谈到 谈及 说道 "
    "写道 声称 宣称 直言 重申 补充道 补充说 表态 警告 坦承 感慨 感叹 回忆说 回忆 说 称 道出 主张 证实 否认 批评 "
    "谴责 反驳 质疑 笑称 评价说 评价 说明 告诫 分析说 分析 预测 预计 认定 相信 希望 表明 谈道 补充 说过 "
    "坚称 辩称 指称 回答说 回答 问道 举例说 警告称 指控 要求 估计 透露说 强调指出 公布 问 称赞 称道 盛赞 讲 意识到 报道说 报道称 "
    "敦促 提示 叮嘱 嘱咐 询问 鼓励 威胁 抱怨 扬言 提议 指责 抨击"
).split()
_REPORT_VERBS = {"报道说", "报道称"}
"""A medium's report (美国媒体报道说): its subject is the medium, never a person the report is about."""
_DEMANDS = {"要求"}
"""要求 is a statement only from a person or a document (声明要求…); from an authority it is a directive."""
_VERB_ALTERNATION = "|".join(sorted(set(REPORTING_VERBS), key=len, reverse=True))
_VERB = re.compile(rf"(?:{_VERB_ALTERNATION})")
_VERB_AT_END = re.compile(rf"(?:{_VERB_ALTERNATION})$")
_SHORT_VERBS = {"说", "称", "公布", "问", "回答", "补充", "分析", "回忆", "评价", "相信", "希望", "预计", "预测", "主张", "提出", "说明", "表明", "批评"}
"""Verbs that are also parts of ordinary words; they need punctuation after them."""
_NOT_SPEECH_BEFORE = ("据", "听", "小", "虽", "再", "是", "来", "所", "传", "如", "或", "就", "难", "胡", "游", "劝", "解", "演", "学", "俗", "总", "堪", "号", "简", "名", "昵", "戏", "著", "美", "见", "自", "访", "顾", "慰", "提")
_SPEECH_AFTER = "，,：:。“\"「"
_ADDRESSING_CUES = {"叮嘱", "嘱咐", "询问", "鼓励", "威胁"}
"""Verbs of urging, asking and threatening: speech only when what is said follows at once."""
ADDRESSING_CUE = rule(
    "cue.addressing",
    "叮嘱, 嘱咐, 询问, 鼓励, 威胁 introduce what is said when a comma, colon or quotation follows them or the one addressed (大家, 记者), never before an object (鼓励企业投资).",
    fires=("场长孔德明叮嘱，冬季防火一刻也不能放松。", "王海峰鼓励大家：“只要坚持，就一定能成功。”", "武装组织发言人威胁，如果不撤军将采取报复行动。", "李晓燕询问：“这批货什么时候能到？”"),
    spares=("政府鼓励企业加大研发投入。", "干旱威胁着当地的粮食生产。", "警方询问了在场的目击者。"),
)
_HABIT_SAY = re.compile(r"(?:总是|老是|总爱|老爱|就爱|最爱|常爱|喜欢)$")
HABIT_SAY = rule(
    "cue.habitual_say",
    "说 after a habit word (总是, 老是, 总爱, 喜欢) is a cue and the habit word no part of the subject (某某总爱说，…).",
    fires=("老船长总爱说，大海从来不欺负勤快人。", "渔民们总是说，这项工作将在明年完成。"),
    spares=("也就是说，这项工作将在明年完成。", "王海峰说，这项工作将在明年完成。"),
)
_BOUNDARY = "，。；！？：,;!?“”\"「」『』\n"
_SENTENCE_END = "。！？!?；;"
_OPEN_QUOTES = "“\"「『"
_CLOSE_QUOTES = "”\"」』"
_MAX_SUBJECT = 80
_MIN_QUOTE = 4
_MAX_QUOTE = 400


BRACKET_OPENS = rule(
    "subject.bracket_opens",
    "A clause that starts inside an opening bracket not closed before the cue (…去世后（公司说，…) has its subject after the bracket.",
    fires=("董事长王海峰去世后（集团公司说，他今年7月在外地旅行时去世），业务已经重组。",),
    spares=("发言人陆一姗（音）称，系统随后会通知饲养人。", "美国总统特朗普（Donald Trump）说，这项工作将在明年完成。"),
)


def _subject_start(text: str, verb_start: int) -> int:
    """Start of the clause that ends at the verb: after the last boundary character, a dash (——),
    a space between two Han characters (两则标题 in one line: 甲称… 乙表示…) or an opening bracket
    still open at the verb (subject.bracket_opens)."""
    i = verb_start - 1
    closed = 0
    while i >= 0 and verb_start - i <= _MAX_SUBJECT:
        if text[i] in _BOUNDARY:
            term = _quoted_term_before(text, i) if enabled(QUOTED_TERM_IN_SUBJECT) else None
            if term is None:
                break
            fired(QUOTED_TERM_IN_SUBJECT)
            i = term - 1  # 某某在“齐鲁粮仓”山东考察时提出: a quoted term inside the clause, no boundary
            continue
        if text[i] == "—" or (text[i] in " \u3000" and i > 0 and _is_han(text[i - 1]) and _is_han(text[i + 1 : i + 2]) and _claim_before(text, i)):
            break
        if text[i] in "）)":
            closed += 1
        elif text[i] in "（(":
            if not closed and enabled(BRACKET_OPENS):
                fired(BRACKET_OPENS)
                break
            closed = max(0, closed - 1)
        i -= 1
    return i + 1


QUOTED_TERM_IN_SUBJECT = rule(
    "subject.quoted_term_in_clause",
    "A short quoted term inside the speaker's clause (在“齐鲁粮仓”山东考察时, 为“三北”工程) is part of the clause, not its start: the clause runs back past it to its real boundary.",
    fires=("夏收时节，王德明在“齐鲁粮仓”山东考察时提出，要推进高标准农田建设。",),
    spares=("“我们会赢，”马丁内斯说。", "他说“不”，王德明表示，要推进高标准农田建设。"),
)
_MAX_TERM = 8


def _quoted_term_before(text: str, at: int) -> int | None:
    """subject.quoted_term_in_clause: where the quoted term whose closing mark is text[at] opens,
    when it is a term (at most _MAX_TERM characters, no punctuation) with Han text right after it
    and right before its opening mark; None for any other boundary."""
    if text[at] not in "”」』" or not _is_han(text[at + 1 : at + 2]):
        return None
    opening = max(text.rfind(mark, max(0, at - _MAX_TERM - 1), at) for mark in "“「『")
    if opening < 1 or not _is_han(text[opening - 1]):
        return None
    inner = text[opening + 1 : at]
    if not inner or any(ch in inner for ch in _BOUNDARY):
        return None
    return opening


def _claim_before(text: str, space: int) -> bool:
    """The words before a space are a headline of their own (甲称… 乙表示…; in a headline line any
    part is), not a list inside a sentence."""
    if len(text) <= 60 and not any(mark in text for mark in "。！？"):
        return True
    start = space
    while start > 0 and text[start - 1] not in _BOUNDARY and text[start - 1] not in " \u3000":
        start -= 1
    return _VERB.search(text, start, space) is not None


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _matching_mark(text: str, at: int, forward: bool) -> int | None:
    """Position of the quotation mark that pairs with the one at ``at`` (nesting respected), or of
    a straight quotation mark (") met first. A curly mark's partner comes from the paragraph's
    pairs, found once (_quote_pairs): a paragraph of unpaired marks costs no rescan per mark."""
    if text[at] not in ("“「『" if forward else "”」』"):
        return _scan_for_mark(text, at, forward)
    forward_pairs, backward_pairs, straight = _quote_pairs(text)
    partner = (forward_pairs if forward else backward_pairs).get(at)
    k = bisect.bisect_right(straight, at) if forward else bisect.bisect_left(straight, at) - 1
    if 0 <= k < len(straight) and (partner is None or (straight[k] < partner if forward else straight[k] > partner)):
        return straight[k]
    return partner


_QUOTATION_MARK = re.compile('[“「『”」』"]')


@functools.lru_cache(maxsize=16)
def _quote_pairs(text: str) -> tuple[dict[int, int], dict[int, int], list[int]]:
    """The paragraph's curly quotation marks paired (nesting respected, any of the three kinds):
    each opening mark's closing partner read forwards, each closing mark's opening partner read
    backwards; and the offsets of straight marks (")."""
    marks = [(m.start(), m.group(0)) for m in _QUOTATION_MARK.finditer(text)]
    forward_pairs: dict[int, int] = {}
    backward_pairs: dict[int, int] = {}
    for pairs, order, opens, closes in ((forward_pairs, marks, "“「『", "”」』"), (backward_pairs, marks[::-1], "”」』", "“「『")):
        waiting: list[int] = []
        for at, ch in order:
            if ch in opens:
                waiting.append(at)
            elif ch in closes and waiting:
                pairs[waiting.pop()] = at
    return forward_pairs, backward_pairs, [at for at, ch in marks if ch == '"']


def _scan_for_mark(text: str, at: int, forward: bool) -> int | None:
    """_matching_mark read mark by mark, for a mark at ``at`` that opens nothing in that direction."""
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


def _sentence_end(text: str, start: int, limit: int) -> int:
    """Index just past the sentence starting at ``start`` (quotation marks are respected), or
    ``limit`` (at most the text's end) when it runs on that far: callers read a bounded stretch."""
    depth = 0
    limit = min(limit, len(text))
    for i in range(start, limit):
        ch = text[i]
        if ch in "“「『":
            depth += 1
        elif ch in "”」』":
            depth = max(0, depth - 1)
        elif ch in _SENTENCE_END and depth == 0:
            return i + 1
    return limit


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
    if after == "的" or text[start - 1 : start] in ("的", "所"):  # 他提到的商务部, 提出的建议, 利益所要求: not speech
        return False
    if _inside_word(text, start, end):  # 加强调度: 强调 is not a word here
        return False
    if text[max(0, start - 2) : start] in _LIGHT_VERBS and enabled(CUE_LIGHT_VERB_OBJECT):  # 提出警告, 发表评论: the verb used as a noun
        return False
    if verb in _MENTAL and after not in "，,：:":  # 希望“…”: a wish, not reported speech
        return False
    if verb in _ADDRESSING_CUES:
        if verb == "威胁" and _proposal_clause(text, start, end):
            return True  # 威胁要对…加征关税: the threat is what is said
        addressed = _TOLD_WHOM.match(text, end)
        if enabled(ADDRESSING_CUE) and (after in "，,：:" or (addressed is not None and addressed.end() > end and text[addressed.end() : addressed.end() + 1] in "，,：:")):
            fired(ADDRESSING_CUE)
            return True
        return False
    if verb == "说" and text[start - 1 : start] == "是" and enabled(HABIT_SAY) and _HABIT_SAY.search(text, max(0, start - 2), start):
        if after in _SPEECH_AFTER:  # 总是说，… (是说 alone is 'that is to say')
            fired(HABIT_SAY)
            return True
        return False
    if verb in _CLASS_CHECKED_CUES and manner_only(text[_subject_start(text, start) : start]):
        return False  # 温馨提示: an adverb before the word, no one prompting
    if verb in _COLON_ONLY:  # 讲：“…” / 意识到：“…”, but not 总的来讲, 意识到问题
        return after in "：:" and text[end + 1 : end + 2] in _OPEN_QUOTES
    if verb in _PRAISE:  # 称赞这是一种文明行为 (a clause), not 称赞他的勇气 (a noun phrase)
        return after not in "了着过" and _CLAUSE_MARK.search(text, end, _clause_end(text, end)) is not None
    if verb in _TOPIC_VERBS and after not in "，,：:" and enabled(CUE_TOPIC_ONLY):  # 谈到他的理念, 介绍了情况: a topic, not content
        return after == "说" or (after != "了" and _CLAUSE_MARK.search(text, end, _clause_end(text, end)) is not None)
    if verb == "建议" and _MOTION_AHEAD.match(text, end):  # 建议批准该报告: a procedural motion, a decision
        return False
    if verb == "表示" and _EXPRESSIVE_AHEAD.match(text, end) and enabled(CUE_EXPRESSIVE_ACT):  # 表示感谢, 表示亲切的慰问: an expressive act
        return False
    if (after.isdigit() and not _DATE_AHEAD.match(text, end)) or after in _NOUN_AFTER:  # 代表建议8721件, 委员建议后, 决议要求落到实处: a noun
        return False
    if len(verb) >= 2 and _COUNTED_BEFORE.search(text, max(0, start - 3), start):  # 这项建议, 一些批评: a noun
        return False
    if verb in _NOUN_CUES and (_MODIFIED_BEFORE.search(text, max(0, start - 2), start) or _FRAME_BEFORE.search(text, max(_clause_start(text, start), start - _FRAME_REACH), start)):
        return False  # 新要求, 意见建议, 期盼和建议, 按照…要求: the head of a noun phrase
    if verb in _CRITIQUE and after not in "，,：:":  # 批评会谈没有取得结果 (a clause), not 批评美国的政策
        if after in "了着过":
            return False
        if _CRITIQUE_CLAUSE.match(text, end, _clause_end(text, end)) is not None:
            return True
        if enabled(CRITIQUE_BY_CLASSES) and is_clause(words := clause_words(text[end:])) and not (verb == "谴责" and is_event(words)):
            fired(CRITIQUE_BY_CLASSES)  # 谴责某些国家将…, 抱怨对手窃取…: a clause in the analyser's reading
            return True
        return False
    if verb in _SHORT_VERBS:
        if start > 0 and text[start - 1] in _NOT_SPEECH_BEFORE:
            return False
        if after == "道" or (after == "得" and _MANNER_COMPLEMENT.match(text, end)):
            return True  # 回答道, 回答得很干脆：“…”
        if verb == "说" and _NO_MATTER_WHAT.match(text, end) and enabled(NO_MATTER_WHAT):
            return False  # 她说什么也得记着改: "whatever happens", no saying
        return (
            after == ""
            or after in _SPEECH_AFTER
            or _tight_speech(text, start, end)
            or _tight_by_classes(text, start, end)
            or _party_claim(text, start, end)
            or _issued_claim(text, start, end)
            or _proposal_clause(text, start, end)
            or _continuing_claim(text, start, end)
        )
    return True


def _continuing_claim(text: str, start: int, end: int) -> bool:
    """cue.claim_clause_continuing: 称/说 opening a later clause (…，称此举违反宪法), its subject
    the sentence's, with a clause right after it in the analyser's reading."""
    if text[start:end] not in _TIGHT_VERBS or not enabled(CLAIM_CLAUSE_CONTINUING):
        return False
    if text[end : end + 1] in _NOT_AFTER_TIGHT or not "\u4e00" <= text[end : end + 1] <= "\u9fff":
        return False
    clause_at = _subject_start(text, start)
    if clause_at == 0 or text[clause_at - 1] not in "，," or strip_adverbials(text[clause_at:start]).strip():
        return False  # only a subject-less later clause: 某某称… is the other rules' (tight_speech, party_claim)
    if not clause_follows(text, end):
        return False
    fired(CLAIM_CLAUSE_CONTINUING)
    return True


_CLAUSE_MARK = re.compile(r"将|已经|已|正在|是|会|要|能|可以|有望|预计")
_DATE_AHEAD = re.compile(r"\d{1,4}(?:年|月|日|号)")
"""A date right after a cue (…称2日晚…) opens the content; any other number (建议8721件) makes the cue a noun."""
NO_MATTER_WHAT = rule(
    "cue.no_matter_what",
    "说什么也/说什么都/说啥也 is the idiom 'whatever happens', not a cue.",
    fires=("王德明说什么也不肯放弃这项工作。",),
    spares=("王德明说，什么也不能阻止这项工作。",),
)
_NO_MATTER_WHAT = re.compile(r"(?:什么|啥)(?:也|都)")
_CRITIQUE = {"批评", "谴责", "指责", "抨击", "抱怨"}
_CRITIQUE_CLAUSE = re.compile(
    r"[^，。；,;]{1,30}?(?:是|没有|未能|不能|不会|无法|将会|只会|已经|正在|违反|违背|损害|破坏|危害|阻碍|严重|堪比|就像|如同|无异于|意在|旨在|企图|妄图|试图)"
)
"""谴责/批评 report words only with a proposition after them (…封锁违反国际法, …会谈没有取得结果);
谴责 + an event or a noun phrase (谴责这一袭击事件) is an expressive act (the attribution README)."""


def _clause_end(text: str, start: int) -> int:
    """Where the clause from ``start`` ends, looking no further than _SENTENCE_WINDOW characters."""
    limit = min(len(text), start + _SENTENCE_WINDOW)
    m = _CLAUSE_END.search(text, start, limit)
    return m.start() if m else limit


_CLAUSE_END = re.compile(r"[，。；！？,;!?]")


_LIGHT_VERBS = {"提出", "发出", "作出", "做出", "发布", "发表", "给予", "受到", "进行", "予以", "加以"}
_MENTAL = {"希望", "相信"}
_COLON_ONLY = {"讲", "意识到"}
_PRAISE = {"称赞", "称道", "盛赞"}
_TOPIC_VERBS = {"谈到", "谈及", "介绍", "提到", "谈道"}
_EXPRESSIVE = tuple("感谢 谢意 慰问 祝贺 欢迎 哀悼 同情 抗议 敬意 问候 赞赏 钦佩 歉意 道歉 祝愿 感激 愤慨 震惊 关切 强烈谴责 谴责".split())


_EXPRESSIVE_AHEAD = re.compile(rf"[^，。；！？,;]{{0,4}}?(?:{'|'.join(_EXPRESSIVE)})")
"""Plain verbs of saying: 他说了一句 still introduces words."""


def _act_with_object(text: str, start: int, end: int) -> bool:
    """谴责了暴力, 宣布了一系列措施, 强调了两个因素: a reporting verb + 了 + its object reports an
    act, not words (the attribution README leaves talk with only a topic out). The clause still
    ends the statement before it."""
    return text[end : end + 1] == "了" and text[end + 1 : end + 2] not in "，,：:"  # 说了, 讲了, 问了 are no cues at all (_SHORT_VERBS, _COLON_ONLY)


_MOTION_AHEAD = re.compile(r"(?:批准|通过|任命|免去|撤销|提请|表决)")
"""建议 + a procedural verb (建议批准, 建议提请…审议): a motion of a body, not a statement (the
attribution README leaves decisions and directives out)."""
_COUNTED_BEFORE = re.compile(r"(?:这|那|该|此|每|一|两|几|多|各|本|数|某)[项条份点些种番封个]$")
"""A determiner or numeral with a measure word before a cue makes it a counted noun (这项建议, 一些批评,
各项要求). Only two-character cues: after 一条 a plain 说 is still a verb (一条说：“…”)."""
_NOUN_CUES = {"要求", "建议", "提议"}
"""Cues that are as often nouns; a modifier or a prepositional frame before one makes it a noun."""
_MODIFIED_BEFORE = re.compile(r"(?:(?<!重)新|意见|[和与及、])$")
_FRAME_BEFORE = re.compile(r"(?:按照|根据|依照|依据|遵照|对照|按|(?<![相适回反供答效响])应(?![该当]))[^，。；：,;]{0,24}$")
"""按照…要求, 根据…建议, 应…要求 (at someone's request): the cue closes a prepositional phrase."""
_FRAME_REACH = 2 + 24
"""The longest text _FRAME_BEFORE can match (its lookbehind reads before the search start)."""


_NOUN_AFTER = set("后件落等项条")
"""After a cue these make it a noun (建议后, 要求落到实处, 建议8721件)."""


def _inside_word(text: str, start: int, end: int) -> bool:
    """The verb's first character closes a word with the one before it, and its last opens one
    with the next (加强|调度): jieba would not cut a verb here."""
    if start == 0 or end >= len(text) or end - start < 2:
        return False
    return is_word(text[start - 1 : start + 1]) and is_word(text[end - 1 : end + 1])


_TIGHT_VERBS = {"说", "称"}
_NOT_AFTER_TIGHT = set("之明服法话为赞号呼作谎笑出起过完了着得不是成做道给")


def _subject_before(text: str, start: int) -> str:
    """The subject clause of the cue at ``start`` without a bracket closing it (某某（音）称…)."""
    return _BRACKET_AT_END.sub("", text[_subject_start(text, start) : start])


_BRACKET_AT_END = re.compile(r"\s*[（(][^（）()]*[)）]$")


def _tight_speech(text: str, start: int, end: int) -> bool:
    """他说还有… / 某某称此举…: 说 or 称 straight after a name or pronoun, content with no comma."""
    if text[start:end] not in _TIGHT_VERBS or text[end : end + 1] in _NOT_AFTER_TIGHT or not text[end : end + 1]:
        return False
    if text[end] in "，。！？；,;!?" or not ("\u4e00" <= text[end] <= "\u9fff" or text[end] in _OPEN_QUOTES or _DATE_AHEAD.match(text, end)):
        return False
    subject = strip_adverbials(_subject_before(text, start))
    if subject in ("他", "她", "他们", "她们"):
        return True
    parsed = parse_subject(subject) if subject else None
    return isinstance(parsed, Speaker) and not parsed.collective and subject.endswith(parsed.name)


TIGHT_PARTY_CLAIM = rule(
    "cue.tight_party_claim",
    "称 straight after a party or institution (某方还称, 某国防部14日称) with a clause right after it (a verb phrase, a time word, a place phrase: 袭击了…, 2日晚打击了…, 在某州收复…) is that party's claim, comma or not.",
    fires=("甲方还称袭击了对方的一处仓库。", "海岸警卫队14日称在北部海域救起三名渔民。", "边防总局还称2日晚击退了越境人员。"),
    spares=("甲方还称之为一次意外。", "甲方称号已被取消。"),
)


def _party_claim(text: str, start: int, end: int) -> bool:
    """cue.tight_party_claim: a party or institution names the subject of 称 at text[start:end] (by
    the string rules or the word classes) and what follows opens a clause of its own."""
    after = text[end : end + 24]
    if text[start:end] != "称" or not enabled(TIGHT_PARTY_CLAIM) or after[:1] in _NOT_AFTER_TIGHT or not after[:1]:
        return False
    if len(text) <= 60 and not any(ch in text for ch in "。，！？"):
        return False  # a short headline's claims are headline.claim's, one per part
    if after[0] in "，。！？；,;!?" or not ("\u4e00" <= after[0] <= "\u9fff" or _DATE_AHEAD.match(after)):
        return False
    subject = strip_adverbials(_subject_before(text, start))
    if not subject:
        return False
    parsed = parse_subject(subject)
    if not (isinstance(parsed, Speaker) and parsed.collective) and not isinstance(subject_by_classes(subject, parse_subject, "称"), Speaker):
        return False
    words = tag(after)
    if not words or not any(cls.startswith("v") for _, cls in words) or any(word == "为" for word, _ in words[:4]):
        return False  # 称其为…, 称他们为…: a name given, no claim
    opens = words[0][1] in ("v", "TIME", "p", "m", "d")
    if not opens and enabled(TIGHT_PARTY_CLAIM_SUBJECT) and words[0][1] in ("n", "nz", "nt", "r", "LOC", "ORG", "PER") and any(cls.startswith("v") for _, cls in itertools.takewhile(lambda w: w[1] != "w", words[1:])):
        fired(TIGHT_PARTY_CLAIM_SUBJECT)  # 某官员称中国准备…, 声明称这些设施由…使用: a clause with its own subject
        opens = True
    if not opens:
        return False
    fired(TIGHT_PARTY_CLAIM)
    return True


TIGHT_PARTY_CLAIM_SUBJECT = rule(
    "cue.tight_party_claim_subject",
    "The claim straight after a party's 称 may be a clause with its own subject (某国官员称中国准备多购买…, 声明称这些设施由…使用), as long as a verb follows that subject and no 为 makes it a name given (称其为…).",
    fires=("在本周的谈判期间，海岸分队的官员称渔民准备多捕捞两千吨。", "风浪很大。海岸分队14日发布声明。声明称这些设施由渔民使用。"),
    spares=("海岸分队称其为一次意外。",),
)


_TIGHT_BY_CLASSES = {"说", "称", "预测", "预计"}
_CLAUSE_START_CHARS = set("将已会要正可能今明去本昨近上下前后次当每还也都并均仍再0123456789")
"""First characters of a clause right after a cue (将, 已经, 今年 …): only then is the tagger asked."""


def _tight_by_classes(text: str, start: int, end: int) -> bool:
    """某国外交部称将…, 某某预测今年…: content straight after the cue when word classes name the
    subject (subject_classes.tight_content, rule cue.tight_content)."""
    verb, after = text[start:end], text[end : end + 12]
    if verb not in _TIGHT_BY_CLASSES or after[:1] not in _CLAUSE_START_CHARS or (verb == "说" and after[:1] in _NOT_AFTER_TIGHT):
        return False
    subject = _subject_before(text, start)
    return tight_content(subject, after, parse_subject, verb)


def _attached_say(text: str, at: int) -> int:
    """How much completes the verb ending at ``at``: 1 when 道, or 说 / 称 before a separator
    (说道, 警告说，); a complement of manner before a colon and a quotation (回答得很干脆：“…”)."""
    if m := _MANNER_COMPLEMENT.match(text, at):
        return m.end() - at
    after = text[at : at + 1]
    return int(after == "道" or (after in ("说", "称") and text[at + 1 : at + 2] in "，,：:" and text[at + 1 : at + 2] != ""))


_MANNER_COMPLEMENT = re.compile(r"得[^，。；：:“”\"「」]{1,6}(?=[：:]\s*[“\"「])")


def _quote_after(text: str, verb_end: int, opens_sentence: bool = False) -> tuple[int, int, str]:
    """The words a verb introduces: a quotation, or reported speech up to where the statement ends.

    A statement whose speaker clause opens the sentence (某某强调，A。B。) runs on until a sentence
    shows a new source or narration; one introduced mid-sentence goes on only over sentences that
    continue it explicitly (要…, first person)."""
    i = verb_end
    i += _attached_say(text, i)
    if m := _TOLD_WHOM.match(text, i):  # 告诉记者称，…
        i = m.end()
    elif text[verb_end - 2 : verb_end] == "告诉" and enabled(TOLD_ADDRESSEE) and (past := _past_addressee(text, i)) != i:
        i = past  # 告诉助手某某，…: the one told is no part of the words
        fired(TOLD_ADDRESSEE)
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
        if after in ("", " ", "。", "！", "？", "!", "?") or text[end - 2 : end - 1] in "，。！？,.!?…" or (after in "，," and end - i >= 6):
            return i, end, "direct"
        # “安全带”由长103米……组成: a quoted term opening reported speech, not a quotation
    reach = i + _MAX_QUOTE + _GLOSS_REACH  # past this the words are cut below anyway
    end = _sentence_end(text, i, reach)
    while end < len(text):  # reported speech goes on only while the next sentence is still the speaker's
        nxt = _sentence_end(text, end, reach)
        semicolon = text[end - 1] in "；;" and enabled(SEMICOLON_CONTINUES)  # …收复一个定居点；过去一周内，…
        if nxt - i > _MAX_QUOTE or not continues_statement(text[end:nxt], opens_sentence or semicolon):
            break
        if semicolon and not opens_sentence:
            fired(SEMICOLON_CONTINUES)
        end = nxt
    if addition := _NARRATOR_ADDITION.search(text, i, end):  # …，但未说明…: the narrator on what was not said
        end = addition.start()
    if enabled(NARRATOR_WITHHELD) and (withheld := _WITHHELD.search(text, i, end)):  # …，但没有给出具体时间表
        end = withheld.start()
        fired(NARRATOR_WITHHELD)
    if gloss := _GLOSS.search(text, i, end):  # …，这位45岁的企业家…: the narrator describing someone
        end = gloss.start()
    if end - i > _MAX_QUOTE:  # cut a run-on clause at the last comma inside the limit
        cut = max(text.rfind("，", i, i + _MAX_QUOTE), text.rfind(",", i, i + _MAX_QUOTE))
        end = cut + 1 if cut > i else i + _MAX_QUOTE
    return i, end, "mixed" if own_words_inside(text[i:end]) else "indirect"


SEMICOLON_CONTINUES = rule(
    "span.semicolon_continues",
    "Reported speech runs on past a semicolon (the same sentence goes on) unless the next clause names a new source or turns to a third person, as it does after a speaker clause opening the paragraph.",
    fires=("风浪很大。海岸分队14日称在北部海域又救起三名渔民；过去一周内，救援队共救起29名渔民。",),
    spares=("风浪很大。海岸分队14日称在北部海域又救起一名渔民；他随后被送往医院。",),
)


TOLD_ADDRESSEE = rule(
    "span.told_addressee",
    "告诉 + the one told + comma (告诉助手某某，… / 告诉《某报》，…): the words begin after the addressee, which the word classes read as a noun phrase (a name, a title, an organisation, a pronoun).",
    fires=("王德明告诉助手李海峰，这项工作将在明年完成。", "王德明告诉来访的渔业大臣，这项工作将在明年完成。"),
    spares=("王德明告诉记者，这项工作将在明年完成。", "王德明告诉工人们要加快进度，这项工作将在明年完成。"),
)
_ADDRESSEE_CLASSES = frozenset(("n", "nz", "nw", "nt", "ns", "PER", "ORG", "LOC", "r", "vn", "a", "m", "q", "f", "s", "u"))
_MAX_ADDRESSEE = 20


def _past_addressee(text: str, at: int) -> int:
    """span.told_addressee: where the words told begin, past an addressee closed by a comma at
    ``at``; ``at`` itself when what stands there is no noun phrase (a verb outside a 的-modifier)."""
    comma = _clause_end(text, at)
    if comma >= len(text) or text[comma] not in "，," or not 0 < comma - at <= _MAX_ADDRESSEE:
        return at
    words = subject_classes_joined(tag(text[at:comma]))  # 索菲亚 | ·霍尔贝格 joined at the dot
    modifier_end = max((k for k, (word, _) in enumerate(words) if word == "的"), default=-1)
    for k, (word, cls) in enumerate(words):
        if cls not in _ADDRESSEE_CLASSES and word not in "《》·・•‧∙．" and not (k < modifier_end and cls.startswith("v")):
            return at
    return comma + 1


_NARRATOR_ADDITION = re.compile(
    r"[，,](?=(?:但|但是|不过|而|却)(?:他|她|其|该[\u4e00-\u9fff]{1,4})?(?:并|也|则)?(?:未|没有|没|拒绝|不愿|并未|未能)(?:具体|详细|进一步)?"
    r"(?:说明|透露|表示|回应|提及|说出|解释|置评|证实|披露))"
)
"""span.narrator_addition: …，但未说明… after reported speech is the narrator telling what the speaker
did not say, not the speaker's words."""
NARRATOR_WITHHELD = rule(
    "span.narrator_withheld",
    "…，但没有给出具体时间表 / 但未提供任何证据 / 但没有回答… after reported speech is the narrator telling what the speaker did not give (details, evidence, a timetable, an answer), not the speaker's words.",
    fires=("王德明说，这项工作将在明年完成，但没有给出具体时间表。", "王德明说，这项工作将在明年完成，不过他并未提供任何证据。", "王德明说，这项工作将在明年完成，但没有回答记者关于资金的问题。"),
    spares=("王德明说，政府承诺支持这项工作，但没有提供资金。", "王德明说，这项工作将在明年完成，但没有人知道资金从哪里来。"),
)
_WITHHELD = re.compile(
    r"[，,](?=(?:但|但是|不过|而|却)(?:他|她|其|该[\u4e00-\u9fff]{1,4})?(?:并|也|则)?(?:未|没有|没|拒绝|不愿|并未|未能)"
    r"(?:回答|详述|阐述|交代|(?:给出|提供|出示|拿出|公布)(?:任何|更多|具体|详细|进一步|相关)?的?(?:细节|证据|信息|时间表|理由|依据|数据|说明|解释)))"
)
_GLOSS = re.compile(r"[，,](?=(?:这位|这名|该名|此人|他是|她是|其中一位|那是)[^，。]{2,})")
_GLOSS_REACH = 16
"""Characters past _MAX_QUOTE that _quote_after reads: a gloss found there (at most 7 long) could
only end the words past the limit, where they are cut anyway."""
_CONTINUATION = re.compile(
    r"^\s*(?:(?:同时|此外|另外|一方面|另一方面|首先|其次|再次|最后|第[一二三四五六七八九十]+|当前|今后|下一步)[，,]?)?"
    r"(?:要|必须|应当|应该|应|需要|务必|一定要|坚决|我们|我|咱们)"
)
"""A sentence that goes on with the same statement: the xwlb 要…。要…。 series, or first person."""
_NEW_SOURCE = re.compile(
    r"^\s*(?:据|另据|又据|此外据|与此同时|报道|消息|截至|此前|随后|此后|当天|当日|当地时间|就在|同日|同一天|(?:本台|总台|本报)?记者|"
    r"\d{1,2}月\d{1,2}日|\d{1,2}日|[上下]午|晚些时候|会上|会前|会后|会谈后|活动中|期间)"
)
"""Openings of a sentence that bring a new source or go back to narration."""
_THIRD_PERSON = re.compile(r"[他她它](?!们)")


def continues_statement(sentence: str, after_opening_clause: bool = False) -> bool:
    """Does this sentence still belong to the statement before it (no new source, no new speaker)?"""
    if not sentence.strip() or sentence.lstrip()[0] in _OPEN_QUOTES or _NEW_SOURCE.match(sentence):
        return False
    if not any(_is_han(ch) for ch in sentence):
        return False  # a photo credit in Latin script (Jane Doe/Agence X — Getty Images): no words of anyone
    if any(_is_speech_verb(sentence, v.start(), v.end()) and _names_a_source(sentence, v.start()) for v in _VERB.finditer(sentence)):
        return False  # a new subject with its own reporting verb
    if enabled(REPORT_ITSELF) and sentence.lstrip().startswith(tuple(_REPORT_VERBS)):
        return False  # 报道说，…: the report speaks anew (subject.report_itself)
    if _CONTINUATION.match(sentence):
        return True
    return after_opening_clause and not _THIRD_PERSON.search(sentence)


def _names_a_source(sentence: str, verb_start: int) -> bool:
    """Is there a third-party subject before this verb (not 我 / 我们, not nothing)?"""
    span = strip_adverbials(_TRAILING_TIME.sub("", _DATE_IN_PARENS.sub("", sentence[_subject_start(sentence, verb_start) : verb_start])))
    if not span or span.startswith(("我", "咱")):
        return False
    return parse_subject(span) is not None or _DOCUMENT_HEAD_END.search(span) is not None


_DOCUMENT_HEAD_END = re.compile(r"(?:声明|报告|白皮书|公报|会议|全会)$")
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


_DEMONSTRATIVE_MANNER = re.compile(r"(?:这么|这样|如此|这般)$")


def _direct_speech_around(text: str, subject_start: int, verb_end: int) -> bool:
    """A quotation right before the speaker clause (“……”某某这样说) or after the verb and a colon
    (某某这样回答：“……”): a demonstrative of manner there points at those words."""
    after = verb_end + _attached_say(text, verb_end)
    return _quote_before(text, subject_start) is not None or _QUOTATION_AHEAD.match(text, after) is not None


_QUOTATION_AHEAD = re.compile(r"[：:]?\s*[“\"「]")


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
    if start > 0 and text[start - 1] not in "。！？!?：: \n":  # 但如此规模的违约“相当罕见”，某某说: mixed
        lead = _sentence_start(text, start)
        lead += len(_CONNECTIVE.match(text, lead).group(0))
        if lead < start and not any(ch in text[lead:start] for ch in "”」』，,"):
            return lead, j + 1
    return start, j + 1


_CONNECTIVE = re.compile(r"(?:但是|但|而且|而|不过|可是|然而|所以|因此)?[，,]?")


_TOLD_WHOM = re.compile(r"(?:本台|总台|本报|新华社|央视)?(?:记者|媒体|我们|大家)(?:说|称|表示)?")
_HEADLINE = re.compile(rf"^([{HAN}·]{{2,24}})[：:](?=\s*[{HAN}“])")
_HEADLINE_CLAIM = re.compile(rf"^([{HAN}·]{{1,12}}?)(称|表示|说)([{HAN}“].{{3,40}})$")
"""以方称坚持停火谈判立场: a short headline where the source and 称 run straight into the claim."""

_DOCUMENT_HEADS = "声明 联合声明 报告 白皮书 财报 公报 社论 评论 文章 决议 会议 全会 纪要 通报 评论员文章 调查报告".split()
_DOCUMENT_VERBS = {"指出", "强调", "认为", "称", "表示", "警告", "警告称", "呼吁", "说", "写道", "预计", "预测", "重申", "批评", "谴责", "宣布", "提到", "透露"}
_NEGATED = re.compile(r"(?:未|没有|没|不|拒绝|无法|不愿|不便|尚未|并未|从未|不再)$")
_TRAILING_TIME = re.compile(
    r"(?:于|在)?(?:(?:本|上|下|这)?(?:周|星期)[一二三四五六日天末]?|今天|昨天|当天|当日|日前|近日|同日|"
    r"\d{1,2}月\d{1,2}日|(?:\d{1,2}|[一二三四五六七八九十]{1,3})日(?:晚|早|凌晨|夜间)?|[上下]午|晚间|早间|晚些时候|稍早|早些时候|此前)*(?:于)?$"
)


def _strip_trailing_time(span: str) -> str:
    """``span`` without the time words at its end, and without a progressive 在 before the verb
    (某某在呼吁); a 在 that ends a word stays (王毅现在, 展商正在: not 王毅现 + 在)."""
    stripped = _TRAILING_TIME.sub("", span)
    if len(stripped) == len(span) - 1 and span.endswith("在") and len(stripped) not in _word_starts(span):
        return span
    return stripped


_MANNER = re.compile(r"(?:点点头|点了点头|摇摇头|摇了摇头|笑着|笑了笑|想了想|顿了顿|叹了口气|叹息着|同一天|当天|随后|接着)$")


def _strip_manner(span: str) -> str:
    """激动地 / 很有感触地 / 点点头: a manner adverbial before the verb (the word before 地 must be a
    word, the longest one: 信誓旦旦地, not 信誓 + 旦旦地)."""
    span = _MANNER.sub("", span)
    for size in (4, 3, 2):
        if len(span) >= size + 1 and span.endswith("地") and is_word(span[-size - 1 : -1]):
            head = span[: -size - 1]
            return re.sub(r"(?:很|非常|十分|颇|很有|深有|颇有|满怀|不无)$", "", head)
    return span


_AUDIENCE_ONLY = re.compile(r"^(?:就|便|又|也|还|曾|则)?(?:对|向|跟|给)[^，。；的]{1,16}$")
"""就对全体教师讲: only an audience before the verb, the subject left out."""
_AUDIENCE = re.compile(r"^(.+?)(?:对|向|跟|同|给)([^，。；]{1,30})$")
"""某某对记者某某说: what follows 对/向/跟 is the addressee, not the speaker."""
_QUANTIFIED = re.compile(
    r"^(?:[^，。；的]{0,20}的)?(?:这|那|该|此|其中)?(?:一些|许多|不少|很多|部分|多数|少数|大多数|[一两二三四五六七八九十几数多]+(?![国次遍回度]))(?:名|位|个|些|家|批)?(.+)$"
)
_HEAD_NOUN_END = set("员工人士家者生师民客众友商长官手户兵警农")
_ELLIPSIS = re.compile(r"^(?:并|并且|同时|随后|还|也|又|而且|进而|继而|则|再次|再|另外|此外|最后|接着)+")
_CREDITED = re.compile(
    r"(?:(?:记者|本台|本报|笔者)?从([^，。；：“”]{2,30}?)(了解到|获悉|得知)|据([^，。；：“”]{2,30}?)(消息|证实|通报|披露|透露|报道))[，,]"
)
"""记者从水利部了解到，… / 据某办公室消息，…: information credited to a named source."""
_ISSUED_SOURCE = re.compile(r"(?:(?:\d{1,2}日)?(?:透露|披露|发布|公布|提供|发表|发回|了解到|获悉|得知)的|(?:口中|那里|这里|处)?(?:可以|能够|可|才))$")
"""埃及官员8日透露的 (消息), 从某某口中可以 (了解到): the source without the verb around it."""
_REPORTER_FROM = re.compile(r"^.*?(?:记者|报道员|通讯员|本台|总台|本报)从")
_REPORTER = re.compile(r"(?:记者|报道员|通讯员|笔者|本报|本台|总台)$")
"""据总台报道员了解到的消息: what a reporter learned names no source (no speaker at all)."""
_WORD_BEFORE_JU = set("数证占依盘割")
"""Characters that make a word with 据 (数据, 证据, 占据): no source credited there."""
_AS_SAID = re.compile(r"(?:正如|如同|诚如|如)([^，。；：“”]{2,30}?)所(说|言|指出|强调|称|提到|表示)(?:的)?(?:那样)?[，,]")
_CLASS_CHECKED_CUES = {"敦促", "提示"}
"""Cues added with word classes as the check: the words before them must not be an adverb alone."""
_IN_VIEW = re.compile(r"在([^，。；：“”「」]{1,30}?)看来[，,]")
_AS_POINTED = re.compile(r"(?:正如|诚如|正像|正是)([^，。；：“”「」]{2,30}?)(指出|强调|提到|说|表示|所说|所言)的(?:那样)?([，,：:])")


def _framed_views(text: str, state: _ArticleState, quoted: list[tuple[int, int]]) -> list[_Found]:
    """frame.in_view (在某某看来，…) and frame.as_pointed (正如某某指出的，…): a view framed before the
    sentence that states it; the speaker by the string rules, else by word classes."""
    found = []
    for pattern, name in ((_IN_VIEW, FRAME_IN_VIEW), (_AS_POINTED, FRAME_AS_POINTED)):
        for m in pattern.finditer(text) if enabled(name) else ():
            if inside(quoted, m.start()):
                continue
            trace = new_trace()
            fired(name)
            phrase = m.group(1)
            subject = parse_subject(phrase) or subject_by_classes(phrase, parse_subject)
            if subject is None:
                continue
            if isinstance(subject, Speaker):
                subject = name_boundary(phrase, subject, state.text)
            speaker, how = state.resolve(subject)
            if speaker is not None:
                start, end, kind = m.end(), _sentence_end(text, m.end(), m.end() + _SENTENCE_WINDOW), "indirect"
                if pattern is _AS_POINTED and m.group(3) in "：:" and m.end() < len(text) and text[m.end()] in _OPEN_QUOTES and enabled(FRAME_AS_POINTED_QUOTATION):
                    fired(FRAME_AS_POINTED_QUOTATION)  # 正如某某同志指出的：“…”: the quotation is the words
                    start, end, kind = m.end(), _closing_quote(text, m.end()), "direct"
                if end - start >= _MIN_QUOTE:
                    found.append(_Found(speaker, [(start, end)], kind, how, "看来" if pattern is _IN_VIEW else m.group(2), rules=trace))
    return found


_UNNAMED_VERBS = {"说", "表示", "称", "指出", "认为", "透露", "介绍", "强调", "写道", "坦言"}



class _ArticleState:
    """What one article has said so far: its people for pronouns, short forms and titles."""

    def __init__(self, paragraphs: Sequence[str]) -> None:
        self.refs = Referents(paragraphs)
        self.text = self.refs.text
        self._clauses: dict[tuple[int, int], _ClauseReading] = {}
        self._clauses_of = ""

    def clause(self, text: str, at: int, end: int) -> _ClauseReading:
        """The reading of the clause text[at:end] of the paragraph ``text``, made once per paragraph."""
        if text is not self._clauses_of:
            self._clauses, self._clauses_of = {}, text
        reading = self._clauses.get((at, end))
        if reading is None:
            reading = self._clauses[(at, end)] = _read_clause(text, at, end, self.refs)
        return reading

    def resolve(self, subject: Speaker | str) -> tuple[Speaker | None, str | None]:
        """The speaker a parsed subject names, and how it was resolved (None when named in full)."""
        refs = self.refs
        if isinstance(subject, str):  # a pronoun
            if not enabled(COREF_PRONOUN):
                return None, None
            fired(COREF_PRONOUN)
            return refs.pronoun(subject), "pronoun"
        speaker, how = subject, None
        if speaker.collective:
            if speaker.name in BARE_TITLES:
                holder = refs.title_holder(speaker.name) if enabled(COREF_TITLE_HOLDER) else None
                if holder:
                    fired(COREF_TITLE_HOLDER)
                return (holder, "title") if holder else (None, None)
            return speaker, None
        if speaker.role and speaker.name.endswith(speaker.role) and enabled(COREF_SURNAME_TITLE):  # 李院士 / 王女士
            fired(COREF_SURNAME_TITLE)
            surname = speaker.name[: len(speaker.name) - len(speaker.role)]
            person = self._surname_title(speaker)
            if person.name == speaker.name:
                if speaker.role not in ADDRESS_FORMS:
                    return None, None
                found = refs.surname_form(surname)
                if found is None:  # the article calls this person 孙女士 and nothing more
                    return Speaker(speaker.name), None
                person = Speaker(found.name, found.role, found.alias)  # 女士 is no role
            return person, "surname"
        if enabled(COREF_NAME_START) and (longer := refs.name_starting(speaker.name)) is not None:
            fired(COREF_NAME_START)  # 小林 after 小林美咲: the family name of a full name given before
            return Speaker(longer.name, speaker.role or longer.role, speaker.alias), "surname"
        if m := re.fullmatch(r"[老小]([\u4e00-\u9fff])", speaker.name):
            found = refs.surname_form(m.group(1))
            return (found, "surname") if found else (None, None)
        full = refs.full_name(speaker.name)
        if full != speaker.name and enabled(COREF_FULL_NAME):
            fired(COREF_FULL_NAME)
            speaker, how = Speaker(full, speaker.role, speaker.alias), "surname"
        return speaker, how

    def with_role(self, speaker: Speaker) -> Speaker:
        """A missing role from where the article introduces the same person with a title
        (…理事长蓝钦扬 … 蓝钦扬强调), never from a clause that only happens to contain the name."""
        name = speaker.name
        person = self.refs.latest(("role", name), lambda p: bool(p.role) and not _CLAUSE_IN_ROLE.search(p.role or ""), name)
        if person is not None:
            return Speaker(name, person.role, speaker.alias or person.alias)
        introduced = self.refs.from_text(("role", name), lambda: self._introduced(name))
        if introduced is None:
            return speaker
        role, alias = introduced  # type: ignore[misc]
        return Speaker(name, role, speaker.alias or alias)

    def _introduced(self, name: str) -> tuple[str, str | None] | None:
        """The role and alias of the first place the text writes a title right before ``name``."""
        speaker = Speaker(name)
        for m in re.finditer(re.escape(speaker.name), self.text):
            clause_start = _subject_start(self.text, m.start())
            role = self.text[clause_start : m.start()]
            role = role.strip(" ")
            if not role or not _ROLE_ONLY.fullmatch(role) or _FUNCTION_IN_ROLE.search(role) or role[-1] not in _ROLE_END_CHARS:
                continue
            parsed = parse_subject(self.text[clause_start : m.end()])
            if isinstance(parsed, Speaker) and parsed.name == speaker.name and parsed.role:
                return parsed.role, parsed.alias
        return None

    def _surname_title(self, speaker: Speaker) -> Speaker:
        """李院士 -> 李德仁 when the article names a 李 who is a 院士."""
        title = speaker.role or ""
        surname = speaker.name[: len(speaker.name) - len(title)]
        person = self.refs.latest(
            ("surname title", surname, title, speaker.name),
            lambda p: p.name.startswith(surname) and p.name != speaker.name and title in (p.role or ""),
        )
        if person is not None:
            return person
        named = self.refs.from_text(("surname title", surname, title, speaker.name), lambda: self._titled_in_text(speaker))
        return speaker if named is None else Speaker(name=named, role=title, alias=speaker.alias)  # type: ignore[arg-type]

    def _titled_in_text(self, speaker: Speaker) -> str | None:
        """The name the text writes with the surname and title of 李院士, if any."""
        title = speaker.role or ""
        surname = speaker.name[: len(speaker.name) - len(title)]
        pattern = re.compile(rf"(?:{re.escape(title)}({re.escape(surname)}[{HAN}]{{1,2}}))|(?:({re.escape(surname)}[{HAN}]{{1,2}}){re.escape(title)})")
        for m in pattern.finditer(self.text):
            name = m.group(1) or m.group(2)
            for candidate in (name, name[:-1]):
                if looks_like_name(candidate) and candidate != speaker.name:
                    return candidate
        return None


_ROLE_ONLY = re.compile(rf"[{HAN}、()（）A-Za-z0-9 ]{{2,80}}")
_ROLE_END_CHARS = set("长家员师人士者官席理统记任授表监裁问事使卿相帅将尉书相言监")
_CLAUSE_IN_ROLE = re.compile(r"我们|我|你们|陪同|随同|有幸|作为")
"""A role holding a pronoun or a verb of accompanying is a clause about the person, not a title."""
_FUNCTION_IN_ROLE = re.compile(r"会见|会谈|看来|对|向|与|给|把|被|让|是|了|着|过|在|从|称|说|表示|面对|来看")


def attribute_quotes(paragraphs: Sequence[str], article: int = 0) -> list[Quote]:
    """All attributed quotes in an article's paragraphs, in reading order."""
    state = _ArticleState(paragraphs)
    quotes: list[Quote] = []
    for number, original in enumerate(paragraphs):
        text = fold_width(original)
        state.refs.number = number
        if not _is_heading(text):
            state.refs.paragraph += 1  # a subheading between two paragraphs does not put a referent out of reach
        for found in _paragraph_quotes(text, state):
            naming = new_trace()  # the rules source_name decides by join this record's
            speaker = found.speaker if not found.speaker.collective else source_name(found.speaker)
            found.rules.extend(name for name in naming if name not in found.rules)
            if speaker is not None and speaker.collective and (name := group_fragment(speaker.name)) != speaker.name:
                speaker = Speaker(name, speaker.role, speaker.alias, True, speaker.speaker_type) if name else None
                found.rules.append(GROUP_FRAGMENT)  # decided after the candidate's trace closed
            if speaker is None:
                continue
            if speaker.collective and found.segments and (fuller := descriptor_source(speaker.name, "\n".join([*paragraphs[:number], original[: found.segments[0][0]]]))):
                speaker = Speaker(fuller, speaker.role, speaker.alias, True, speaker.speaker_type)  # 该消息人士 -> 军方消息人士
                found.rules.append(DESCRIPTOR_SOURCE)
            if speaker.collective and (side := without_side(speaker.name)) != speaker.name:
                speaker = Speaker(side, speaker.role, speaker.alias, True, "organization")  # 乌克兰方面 -> 乌克兰
                found.rules.append(SIDE_SUFFIX)
            if speaker.role is None and not speaker.collective and enabled(SPEAKER_ROLE_FROM_INTRODUCTION):
                with_role = state.with_role(speaker)
                if with_role.role is not None:
                    found.rules.append(SPEAKER_ROLE_FROM_INTRODUCTION)
                speaker = with_role
            form = new_trace()  # speaker.*: the name as a whole noun phrase of its paragraph (speaker_form.py)
            speaker = checked_form(speaker, text, (found.segments[0][0], found.segments[-1][1]) if found.segments else (0, 0))
            found.rules.extend(name for name in form if name not in found.rules)
            if speaker is None:
                continue
            speaker = typed(speaker)
            for a, b in found.segments:  # an interrupted quotation gives one record per quoted segment
                a, b = _trim(original, a, b)
                words = original[a:b]
                if len(words) < _MIN_QUOTE:
                    continue
                kind = "direct" if _is_quotation(original, a, b) else "mixed" if own_words_inside(words) else "indirect"
                quotes.append(Quote(speaker, words, article, number, a, b, kind, found.cue, found.resolved, found.headline, tuple(found.rules), found.nested))
    return quotes


def _is_heading(text: str) -> bool:
    """A subheading (重塑交警新形象: short, with no sentence in it) or a photo caption that ends in
    its credit (…的一场活动。 Jane Doe/Agence X, … for The New York Times)."""
    return (len(text) <= 30 and not any(mark in text for mark in "。！？!?")) or _CAPTION_CREDIT.search(text) is not None


_CAPTION_CREDIT = re.compile(r"[。！？”]\s+[A-Z][^\u4e00-\u9fff。，]{2,60}?(?:/[^\u4e00-\u9fff]{3,60}| for The New York Times)$")


_LEADING_CONNECTIVE = re.compile(
    r"^(?:[•·\s]|尽管|虽然|以及|另一方面是|另一方面|而且|并且|但是|但|而|的|其中|根据|随着|按照|依据|另有|还有|也有|甚至|同一天|同日|"
    r"近日|日前|当天|当日|今天|昨天|此前|周[一二三四五六日末]|星期[一二三四五六日天]|\d{1,2}日|[上下]午)+"
)
_TRAILING_ISSUE = re.compile(
    r"(?:(?:\d{1,2}|[一二三四五六七八九十]{1,3})日)?(?:[上下]午|晚间|晚)?(?:发布|公布|提供|发表|援引|签署|发出)?(?:的|并)$"
)
_OPEN_STARTS = set("的了着过是们么吗呢吧啊很没却被把给")
_OPEN_ENDS = (FUNCTION_CHARS - {"们"}) | set("已将曾称说等对向在和与及也还又就而并则均仍亦便即再才都")
"""Last characters that leave a phrase open (有的已, 华为已): never the end of a name."""
_CLAUSE_PREPOSITIONS = {"在", "向", "对", "从", "跟", "于", "据", "援引", "就", "针对", "通过", "给"}


def _without_trailing_joiner(name: str) -> str:
    """The name without a joiner left at its end (甲国和 -> 甲国), but not a last character that
    belongs to a word (埃及, 参与)."""
    while name and name[-1] in "、和与及 " and (name[-1] in "、 " or len(name) - 1 in _word_starts(name)):
        name = name[:-1]
    return name


def source_name(speaker: Speaker) -> Speaker | None:
    """A group or institution's name as a noun phrase: connectives before it (尽管, 以及), a date or an
    issuing verb after it (二日, 发布的) and a clause from a preposition on (…向安理会) are peeled
    off; None when nothing nameable is left (今年两会上总书记, 向检方)."""
    name = _LEADING_CONNECTIVE.sub("", speaker.name.lstrip("（("))  # （美国当局称…: an aside's opening bracket
    if "是" in name:
        return None  # 关键是要当事方…: a copula makes a clause, not a name
    if name.startswith("有") and 1 in _word_starts(name):  # 有日本分析人士: existential 有, not 有关
        name = name[1:].lstrip("篇位名个家些则份种")
    name = _LEADING_SETTING.sub("", name)
    if (when := _TIME_INSIDE.search(name, 2)) and name[: when.start()].endswith(_NAMED_BEFORE_TIME) and not _DOCUMENT_HEAD_END.search(name):
        name = name[: when.start()]  # 某军方今天发布战报, 某总局今天联合…: the time word opens the predicate
    starts = sorted(_word_starts(name))
    for start, word_end in zip(starts, starts[1:] + [len(name)]):
        word = name[start:word_end]
        if word in _CLAUSE_PREPOSITIONS and ("的" not in name[word_end:] or (start == 0 and word in "向给跟")):
            name = name[:start]  # …向安理会, 向…的同志们: a clause (but 对…有所了解的人士 is a modifier)
            name = _without_modal(name)
            break
    for _ in range(2):
        name = _TRAILING_TIME.sub("", _DATE_IN_PARENS.sub("", _TRAILING_ISSUE.sub("", _without_trailing_joiner(name)))) or name
    name = _LEADING_CONNECTIVE.sub("", name)
    if not name or (len(name) < 2 and name not in COUNTRY_ABBREVIATIONS) or name.endswith(("上", "中")) or name[0] in _OPEN_STARTS or (name[-1] in _OPEN_ENDS and len(name) - 1 in _word_starts(name)):
        return None  # 有的已, …新闻中, …会上: a clause fragment (but 埃及 ends in a word of its own)
    if any(mark in name for mark in "“”「」『』") or name.count("《") != name.count("》"):
        return None  # “继承, 某市发布《…: a piece of a quotation or a title
    if _PRONOUN_IN.search(name) or _verb_phrase(name) or _reports_inside(name):
        return None  # 至少它们, 希望台湾当局, 报道称有…官员: a clause, not a group or institution
    name = _TRAILING_ADVERB.sub("", name) or name  # 以色列军方随后, 程序仅
    if name[-1] in _OPEN_ENDS and len(name) - 1 in _word_starts(name):
        return None
    predicate, head = _subject_before_predicate(name)
    if predicate and head is not None and not head.collective:  # 吴邦国首先代表国务院: a person, an adverb, a verb phrase
        return head
    if name == speaker.name:
        return speaker
    if name in BARE_TITLES and name not in COLLECTIVE_HEADS:
        return None  # 今年两会上总书记: a title whose holder is not resolved
    parsed = parse_subject(name)
    if isinstance(parsed, Speaker) and not parsed.collective:
        return parsed  # 美国总统特朗普29日在社交媒体 -> 特朗普
    return Speaker(name, speaker.role, speaker.alias, True, speaker.speaker_type)


_TIME_INSIDE = re.compile(r"今天|昨天|此前|当天|当日|日前|近日|\d{1,2}日(?:[上下]午|晚|早)?")
_NAMED_BEFORE_TIME = tuple(ORGANIZATION_ENDINGS) + tuple(COLLECTIVE_HEADS) + PERSON_TITLES
"""An institution, group or title before a time word (某军方 | 今天发布战报): the name ends there; a
document the phrase ends in speaks itself (…今天发表声明 stays the 声明 of the attribution README)."""
_TRAILING_ADVERB = re.compile(r"(?:\d{1,2}日)?(?:同一天|同日|就此|对此|随后|随即|首先|同时|仅|也|还|则|都|已|曾|均|亦|又)+$")
_PRONOUN_IN = re.compile(r"[它我你][们]|[我你]国(?!家)|我们|咱们")
_LEADING_SETTING = re.compile(r"^(?:今年|去年|当天|此前|日前)?[^，。；的]{0,16}?(?:会上|会议上|期间|现场)")
"""今年全国两会上总书记: the occasion before a subject."""


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
    rules: list[str] = field(default_factory=list)
    """The rules that decided this statement (the candidate's trace, retrieval/rules.py)."""
    nested: bool = False
    """Reported inside another statement's words (span.nested_statement)."""


_ISSUED_BY = re.compile(r"^(.+?)(?:(?:发表|发布|提交|公布|发出)(?:了)?|发了)")
_ISSUED = re.compile(r".*(?:(?:发表|发布|提交|公布|发出|通过|签署)(?:了)?|发了)")


def _document_subject(phrase: str, verb: str) -> Speaker | None:
    """声明指出 / 会议强调 / 美国国会的一份报告警告称: a document or meeting as the source."""
    if verb not in _DOCUMENT_VERBS or len(phrase) > 30:
        return None
    for head in _DOCUMENT_HEADS:
        if phrase.endswith(head):
            if head in ("会议", "全会") and verb in ("宣布",):
                return None
            if m := _ISSUED.search(phrase):  # 两国25日发表联合声明，声明指出: the document, not the clause
                phrase = phrase[m.end() :]
            if "了" in phrase:
                return None  # 随后谴责了该声明: an act on the document, not the document speaking
            return Speaker(name=phrase, collective=True, speaker_type="organization")
    return None


_SOMEONE = re.compile(r"^(?:还|也|另|又|但也|但)?(有(?:些|的)?人)$")
_GROUP_ENDINGS = ("成员", "代表们", "专家们", "学者们", "人们", "网民", "消费者", "投资者", "分析人士", "行家", "同行", "业者")


_BARE_GROUP = re.compile(
    r"^(?:那些|这些|许多|一些|不少|很多|部分|多数|大多数|有些|多名|多位)?"
    r"([^，。；“”]{0,16}?(?:专家|学者|企业|批评者|批评人士|分析人士|分析师|经济学家|科学家|官员|人士|居民|网民|民众|消费者|"
    r"投资者|受访者|议员|律师|观察家|评论家|的人|[^我你他她咱人]们))$"
)
_ONE_OF = re.compile(r"^(.{2,}?)(?:中的|之中的|里的)?(?:一位|一名|一人|之一)$")


def _unnamed_subject(phrase: str) -> Speaker | None:
    """几名员工 / 一位山东口音的旅客 / 观战的围棋行家 / 有人 / 专家 / 那些主张…的人: an unnamed
    source, named by its head noun."""
    if m := _SOMEONE.match(phrase):
        return Speaker(name=m.group(1), collective=True, speaker_type="collective")
    if m := _ONE_OF.match(phrase):  # 上述知情人士中的一位
        phrase = m.group(1)
    if (m := _BARE_GROUP.match(phrase)) and not looks_like_name(m.group(1)) and "是" not in m.group(1):  # not 原因是人们
        return Speaker(name=m.group(1), collective=True, speaker_type="collective")
    m = _QUANTIFIED.match(phrase)
    if not m:
        if "的" in phrase or phrase.endswith(_GROUP_ENDINGS):
            tail = phrase.rpartition("的")[2]
            if 2 <= len(tail) <= 8 and (tail.endswith(_GROUP_ENDINGS) or tail[-1] in "家者") and not looks_like_name(tail):
                return Speaker(name=tail, collective=True, speaker_type="collective")
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
    if phrase[:1] == "一" and phrase[1:2] != "些":  # one unnamed individual (一些 is a group)
        return Speaker(name=head, speaker_type="person")
    return Speaker(name=head, collective=True, speaker_type="collective")


_DATE_IN_PARENS = re.compile(r"[（(][^（）()]{0,14}(?:年|月|日|时)[^（）()]{0,6}[)）]")
_LIKE_BEFORE = re.compile(r"(?:仍|仍然|依然|再次|一再)?(?:像|如|同)[^，。]{0,8}(?:那样|一样)$")
_ORG_SUFFIX = set("处署局部委院办厅所社台团司行")


FRAME_ACCOUNT_OF = rule(
    "frame.account_of",
    "根据/按照/据 + a source + 的说法/的话 + comma (根据一名监督员的说法，…) credits what follows to that source.",
    fires=("根据海岸分队一名队员的说法，救援工作将持续到周末。",),
    spares=("根据这种说法，救援工作将持续到周末。", "根据规定，救援工作将持续到周末。"),
)
_ACCOUNT_OF = re.compile(r"(?:根据|按照|据)([^，。；：“”]{2,30}?)的(?:说法|话)[，,]")


ACCORDING_TO = rule(
    "subject.according_to",
    "据 + a named source + a reporting verb (据船舶管理公司称, 据当地向导介绍) credits the words to that source: 据 is no part of the subject.",
    fires=("据海岸分队11日称，这项工作将在明年完成。",),
    spares=("据悉，这项工作将在明年完成。", "据报道，这项工作将在明年完成。"),
)
_ACCORDING_TO = re.compile(r"\s*据(?!(?:悉|了解|报道|说|称|介绍|透露|统计|估计)(?:[，,]|$))")


STATEMENT_ISSUER = rule(
    "subject.statement_issuer",
    "Whoever issues a statement, notice or post right before the cue (某部队同一天发表声明称, 某公司在微博上发表声明，称…) is the speaker of what it says.",
    fires=("海岸分队今天发表声明称，这项工作将在明年完成。",),
    spares=("海岸分队表示，这项工作将在明年完成。", "声明称，这项工作将在明年完成。"),
)
_STATEMENT_ISSUED = re.compile(r"(?:发表|发布|发出|公布|发)了?(?:一份|一则|一篇|一条)?(?:书面|联合|电视|广播|电视广播|视频)?(?:声明|公告|通告|谈话|讲话|推文|帖子|公报)\s*[，,]?\s*$")
"""A statement issued at the end of a subject span (…发表声明, …发布公告，). A report or an article
has a voice of its own (某科学院发布报告指出 → 报告, the attribution README), so it is not here."""


def _after_issuing(text: str, subject_start: int) -> bool:
    """subject.statement_issuer: the clause before this comma ends in issuing a statement (某公司在
    微博上发表声明，| 称…); the clause's subject is then found by the clause readings."""
    if subject_start < 2 or text[subject_start - 1] not in "，," or not enabled(STATEMENT_ISSUER):
        return False
    start = max(_clause_start(text, subject_start - 1), _sentence_start(text, subject_start - 1))
    return _STATEMENT_ISSUED.search(text[start : subject_start - 1]) is not None


PROPOSAL_CLAUSE = rule(
    "cue.proposal_clause",
    "提出/主张/威胁 with a clause straight after it that opens with a modal or 把 (提出要完善…, 提出把…建设成为…, 主张应…, 威胁要加征…) states a proposal or a threat, comma or not; 提出要求 + a noun phrase does not.",
    fires=("秋收时节，王德明走进安徽，提出要完善农业支持政策。", "王德明发出总动员令，提出把这项工程建设成为绿色长城。", "王德明周日威胁要对进口商品加征更多关税。"),
    spares=("王德明提出要求。", "王德明提出了三点建议。"),
)
_PROPOSAL_OPENINGS = frozenset(("要", "把", "将", "应", "应当", "应该", "必须", "需要", "会"))


def _proposal_clause(text: str, start: int, end: int) -> bool:
    """cue.proposal_clause: 提出/主张 + a modal or 把 + a verb phrase (see the rule)."""
    if text[start:end] not in ("提出", "主张", "威胁") or not enabled(PROPOSAL_CLAUSE) or text[end : end + 1] not in "要把将应必需会":
        return False
    words = tag(text[end : end + 16])
    if len(words) < 2 or words[0][0] not in _PROPOSAL_OPENINGS or not any(cls.startswith("v") for _, cls in words[1:]):
        return False
    fired(PROPOSAL_CLAUSE)
    return True


def _issued_claim(text: str, start: int, end: int) -> bool:
    """subject.statement_issuer: …发表声明，称 + content with no comma: 称 opens the clause right
    after the statement was issued, and says what it says."""
    if text[start:end] != "称" or text[end : end + 1] in _NOT_AFTER_TIGHT or not text[end : end + 1]:
        return False
    subject_start = _subject_start(text, start)
    if subject_start == start and _after_issuing(text, subject_start):
        fired(STATEMENT_ISSUER)
        return True
    return False


def _subject(
    span: str, verb: str, state: _ArticleState, earlier: list[_Found], subject_at: int = -1, mentioned: tuple[int, Speaker] | None = None
) -> tuple[Speaker, str | None] | None:
    """The speaker of a reporting verb from the clause before it: subject phrase, then
    adverbials (time, place, manner, audience) that are peeled off."""
    if enabled(STATEMENT_ISSUER) and (issued := _STATEMENT_ISSUED.search(span)) and issued.start() > 0:
        fired(STATEMENT_ISSUER)
        issuer = span[: issued.start()]  # 某部队同一天发表声明 | 称: the one who issued it speaks
        span = _TRAILING_ADVERB.sub("", issuer) or issuer  # 同一天, 随后: not part of the issuer
    if (according := _ACCORDING_TO.match(span)) and enabled(ACCORDING_TO):
        fired(ACCORDING_TO)
        span = span[according.end() :]  # 据 | 当地陪同介绍: the source after "according to"
    written = span  # as the text has it, for the tagger (which reads time words better than the strips below)
    if _NEGATED.search(span) and enabled(SUBJECT_NEGATED):
        return None  # 未回应, 拒绝表示: no statement
    if _CAUSED.search(span):
        return None  # 旨在让农民相信…: the one made to believe states nothing
    if verb in _DEMANDS and re.match(r"\s*(?:应|按照|按|根据|依照|经)", span):
        return None  # 应美国要求: at someone's request, not a demand voiced
    span = _DATE_IN_PARENS.sub("", span)
    span = _strip_trailing_time(span.strip()).rstrip(" ，,")
    for _ in range(3):
        span = _strip_trailing_time(_strip_manner(span)).rstrip(" ，,") or span
    span = _strip_adverb_words(span)
    phrase = _strip_adverb_words(strip_adverbials(span))
    if not phrase:
        return _continuing(earlier, mentioned, state)
    if enabled(SUBJECT_DOCUMENT) and (document := _document_subject(phrase, verb if verb not in _DEMANDS else "警告")):
        fired(SUBJECT_DOCUMENT)
        return document, None
    if len(phrase) == 1 and looks_like_name(state.refs.full_name(phrase)):  # 李说 -> 菲利普·李
        return Speaker(name=state.refs.full_name(phrase)), "surname"
    parsed = called_name(written) or title_after_name(span, parse_subject(span))
    if isinstance(parsed, Speaker) and not parsed.collective and len(phrase) >= 4 and phrase[-1] in _ORG_SUFFIX and phrase != f"{parsed.name}{parsed.role}":
        return Speaker(name=phrase, collective=True, speaker_type="organization"), None  # …救济工程处, not a name
    m = _AUDIENCE.match(phrase) if enabled(SUBJECT_AUDIENCE) else None
    if m and not is_word(phrase[m.end(1) : m.end(1) + 2]) and (parsed is None or (isinstance(parsed, Speaker) and parsed.role and m.group(1) in parsed.role)):
        first = parse_subject(_without_modal(m.group(1)))  # 某某对记者某某说: the one after 对 is spoken to
        if first is None and enabled(ADDRESSEE):  # 某某转身 / 随即对秘书某某说: the person before the manner words
            classed = subject_by_classes(m.group(1), parse_subject)
            first = _opening_person(m.group(1)) or (classed if isinstance(classed, Speaker) and not classed.collective else None)
            if first is not None:
                fired(ADDRESSEE)
        if first is not None:
            fired(SUBJECT_AUDIENCE)
            parsed = first
    if not isinstance(parsed, str) and enabled(ADDRESSEE) and _addressee_only(phrase, parsed):
        fired(ADDRESSEE)
        return _continuing(earlier, mentioned, state)  # …，对助手某某说: the subject came before; the one named is spoken to
    if parsed is None:
        parsed = _before_topic(phrase)  # 某某8日就边境问题表示: 就 + topic is an adverbial
    if parsed is None and (placed := _PLACE_AT_END.sub("", phrase)) != phrase and placed:
        parsed = parse_subject(placed)  # 某某曾在曼谷表示: a place adverbial before the verb
    if parsed is None and (dotted := _trailing_foreign_name(phrase)):
        parsed = dotted
    if parsed is None and state.refs.from_text(("titled", phrase), lambda: titled_in(phrase, state.text)):
        parsed = Speaker(name=phrase)  # 冯德莱恩表示, after 欧盟委员会主席冯德莱恩 earlier in the article
    if parsed is None or (isinstance(parsed, Speaker) and parsed.role and _JOINED_IN_ROLE.search(parsed.role)):
        parsed = _named_before_adverbial(phrase) or parsed  # 甲与到访的乙国总统某某会谈时: 甲 speaks
    if parsed is None and is_description(phrase) and (organisation := state.refs.described(phrase, subject_at)):
        return organisation, "descriptor"  # 该公司表示: the organisation the article last named with that head
    described = parsed is None or (isinstance(parsed, Speaker) and parsed.collective and parsed.name.startswith(_DEMONSTRATIVE_PERSON))
    if described and enabled(DESCRIBED_PERSON) and _describes_a_person(written, verb) and (person := state.refs.pronoun("他")) is not None:
        fired(DESCRIBED_PERSON)
        return person, "descriptor"  # “…，”这个7岁就开始打球的学生说: the person named just before
    if parsed is None and enabled(SUBJECT_UNNAMED) and (unnamed := _unnamed_subject(phrase)):
        fired(SUBJECT_UNNAMED)
        return unnamed, None
    if parsed is None and phrase in BARE_TITLES:
        parsed = Speaker(name=phrase, collective=True)
    if parsed is None and enabled(COREF_NAME_START) and (longer := state.refs.name_starting(phrase)) is not None:
        fired(COREF_NAME_START)  # 中村还说 after 中村健太郎: a family name the tagger reads as a place
        return longer, "surname"
    if parsed is None:
        parsed = subject_by_classes(written, parse_subject, verb)  # word classes from the tagger (subject_classes.py)
    if parsed is None:
        parsed = pronoun_subject(written, verb)  # 但他继续 | 警告: a pronoun, resolved below
    if parsed is None and enabled(PERSON_THROUGH_PREDICATE) and (person := _person_through_predicate(written)) is not None:
        fired(PERSON_THROUGH_PREDICATE)
        parsed = person  # 某某坐在总理身边说 / 经济学家某某在杂志上发文章写道: the person opening the clause
    if parsed is None:
        rest = _LIKE_BEFORE.sub("", _ELLIPSIS.sub("", phrase))
        if rest in ("", "仍", "仍然", "依然", "也", "还", "但", "但是", "不过", "再次", "一再") or not _strip_manner(rest) or (verb in ("说", "讲", "说道") and _AUDIENCE_ONLY.match(rest)):
            return _continuing(earlier, mentioned, state)
        if enabled(ADVERBS_ONLY_CONTINUE) and _adverbs_only(rest, verb):
            fired(ADVERBS_ONLY_CONTINUE)
            return _continuing(earlier, mentioned, state)  # 与会代表在讨论中，纷纷表示: the sentence's subject
        return None
    if isinstance(parsed, Speaker) and not parsed.collective and len(parsed.name) >= 3 and _dictionary_tags().get(parsed.name[-1]) == "v" and enabled(PERSON_THROUGH_PREDICATE):
        person = _person_through_predicate(written)  # 某某坐 | 在总理身边: a verb glued to the name
        if person is not None and person.name != parsed.name and parsed.name.startswith(person.name):
            fired(PERSON_THROUGH_PREDICATE)
            parsed = person
    if isinstance(parsed, Speaker):
        parsed = name_boundary(written, parsed, state.text)  # the tagger's PER span where the string rules cut the name
        if (parsed := place_not_person(written, parsed)) is None or untitled_non_name(written, parsed):
            return None  # 新疆玛纳斯: a place the string rules took for a name; 随着…骨干 | 冷链: a word cut
    speaker, how = state.resolve(parsed)
    if speaker is None or (verb in _DEMANDS and speaker.collective):
        return None
    return speaker, how


ADDRESSEE = rule(
    "subject.addressee_after_coverb",
    "The person after a co-verb of address (对/向/跟/给 助手某某 说) is the one spoken to: the speaker is the subject before the co-verb phrase, or the sentence's subject when the clause has none.",
    fires=("部长王德明昨天视察了工地，对助手李海峰说，这项工作将在明年完成。", "王德明转身对秘书李海峰说，这项工作将在明年完成。"),
    spares=("王德明的同事李海峰说，这项工作将在明年完成。", "王德明的对手李海峰说，这项工作将在明年完成。"),
)
_COVERB_OPENING = re.compile(r"^(?:就|便|又|也|还|曾|则|随即|随后|当即|转身|回头)?(?:对|向|跟|给)")


def _addressee_only(phrase: str, parsed: Speaker | None) -> bool:
    """subject.addressee_after_coverb: the words before the cue are only a co-verb (a word of its
    own, not 对手 or 给予) and a person it addresses (a name by the string rules or the tagger's
    PER), not a topic (对…成绩表示满意)."""
    m = _COVERB_OPENING.match(phrase)
    if not m or m.end() >= len(phrase):
        return False
    starts = _word_starts(phrase)
    if m.end() not in starts or m.end() - 1 not in starts:
        return False
    if isinstance(parsed, Speaker):
        return not parsed.collective
    return any(cls == "PER" for _, cls in tag(phrase[m.end() :]))


_CAUSED = re.compile(r"(?:^|[^\u4e00-\u9fff]|旨在|为了|以|需要|试图|努力|希望|想)(?:让|使|令|促使|迫使)[^，。；：,;]{1,12}$")
"""A causative before the subject (旨在让中国农民 | 相信): the verb is what someone is made to do."""


_MODAL_TAIL = re.compile(r"(?:将会|将|会|要|应该|应|能|可以|可能)$")


def _without_modal(name: str) -> str:
    """警方会 | 向检方建议: a modal before the audience belongs to the predicate, not to the subject;
    only when the rest ends in a group or institution word and the whole does not (委员会, 组委会 and
    中央委员会 keep their 会)."""
    bare = _MODAL_TAIL.sub("", name)
    if bare == name or not bare.endswith(_MODAL_HEADS) or name.endswith(tuple(ORGANIZATION_ENDINGS)) or (name[-1] == "会" and name[-2:-1] in "委协学议联基商工"):
        return name
    return bare


_MODAL_HEADS = ("方", "警方", "检方", "军方", "当局", "政府") + tuple(COLLECTIVE_HEADS)
_ADVERB_SUBJECT_MAX = 8
"""Only a short subject loses its adverb (特朗普显然); a long span is a clause (在…等国中央银行相继)."""


def _strip_adverb_words(phrase: str) -> str:
    """特朗普显然 | 认为, 某某似乎 | 认为: frequent adverb words (jieba tag d or ad) between the
    subject and the verb are peeled off where jieba cuts them as words."""
    tags = _dictionary_tags()
    while 3 < len(phrase) <= _ADVERB_SUBJECT_MAX and tags.get(phrase[-2:], "") in ("d", "ad") and word_frequency(phrase[-2:]) >= 1000 and len(phrase) - 2 in _word_starts(phrase):
        phrase = phrase[:-2]
    return phrase


_JOINED_IN_ROLE = re.compile(r"[与同跟][^，。]*(?:总统|总理|主席|首相|国王|部长|外长|秘书长)")
"""A role that holds another person (…与到访的某国总统): the name is an object, not the subject."""
_ADVERBIAL_START = "在于对向跟同从为当据就"
_ADVERBIAL_END = re.compile(r"(?:后|时|以后|之后|之际|期间|着|地)$")


def _named_before_adverbial(phrase: str) -> Speaker | None:
    """某某获释后在接受采访时哭着说 / 某某谈及此事时说: a person's name (with its role) opening the
    subject, then an adverbial clause (one opening with a preposition, or closing with 后 / 时 /
    a manner 着 or 地) that reaches the verb. The longest such name wins, unless it ends in a verb
    (何某 | 参加…时, not 何某参加)."""
    inside_person: set[int] | None = None
    for cut in range(min(len(phrase) - 1, 30), 1, -1):
        head, tail = phrase[:cut], phrase[cut:]
        if tail[0] not in _ADVERBIAL_START and not _ADVERBIAL_END.search(tail):
            continue
        if inside_person is None:
            inside_person = _inside_person_spans(phrase)
        if cut in inside_person:
            fired(CUT_OUTSIDE_PERSON)
            continue  # 副场长佐野健 | 太郎…: never inside the analyser's person span
        if cut not in _word_starts(phrase) or tail[0] in "·・•‧∙．-－" or (tail[0] in TRANSLIT_CHARS and head[-1] in TRANSLIT_CHARS):
            continue  # not inside a word, nor inside a transliteration (迪亚斯-卡 | 内尔)
        parsed = parse_subject(head)
        if not isinstance(parsed, Speaker) or parsed.collective:
            continue
        bare = head.removesuffix(next((form for form in ADDRESS_FORMS if head.endswith(form)), ""))  # 王一平先生
        if bare.endswith(parsed.name) and not _JOINED_IN_ROLE.search(parsed.role or "") and not _ends_in_verb(parsed.role):
            if _dictionary_tags().get(parsed.name[-2:], "")[:1] != "v" and parsed.name[-1] not in _OPEN_ENDS:  # not 何某参加
                return parsed
    return None


CUT_OUTSIDE_PERSON = rule(
    "subject.cut_outside_person",
    "A name before an adverbial clause is never cut inside the analyser's PER span (副场长佐野健 | 太郎视察…时 is no name of 3 characters).",
    fires=("副场长佐野健太郎视察了工地时，对助手王德明说，这项工作将在明年完成。",),
    spares=("副场长王德明视察了工地时，对助手孔德明说，这项工作将在明年完成。",),
)


def _inside_person_spans(phrase: str) -> set[int]:
    """subject.cut_outside_person: offsets strictly inside a PER span of the analyser's reading."""
    if not enabled(CUT_OUTSIDE_PERSON):
        return set()
    inside, at = set(), 0
    for word, cls in subject_classes_joined(tag(phrase[:MAX_REGION])):
        if cls == "PER":
            inside.update(range(at + 1, at + len(word)))
        at += len(word)
    return inside


DESCRIBED_PERSON = rule(
    "coref.described_person",
    "A subject opening with a demonstrative (这个, 这位, 这名, 那位) whose noun phrase ends in a person word (这个7岁就开始打球的学生, 这位老渔民) is the person the article named last in this or the previous paragraph, as 他 would be.",
    fires=("“船已经修好了，”站在码头边的王德明笑着说。\n“今年的收成不错，”这个干了二十年的老渔民说。",),
    spares=("“今年的收成不错，”这个干了二十年的老渔民说。",),
)
_DEMONSTRATIVE_PERSON = ("这个", "这位", "这名", "那位", "那个")


def _describes_a_person(subject: str, cue: str) -> bool:
    """coref.described_person: ``subject`` is a demonstrative + a noun phrase whose head is a
    person word by the word classes (这个…的学生; not 这个问题)."""
    subject = subject.strip()
    if not subject.startswith(_DEMONSTRATIVE_PERSON) or len(subject) > _MAX_DESCRIPTION:
        return False
    words = [w for w in tag_before_cue(subject, cue) if w[1] != "w"]
    return bool(words) and words[-1][1] in ("n", "nz") and person_word(words[-1][0])


_MAX_DESCRIPTION = 24


_TOPIC_MARK = re.compile(r"就|针对")
_MODAL_END = tuple("要应需将会能可得")
"""A head ending in a modal (书记处要 | 围绕…) is a clause with its own predicate, not a subject."""
_NOT_TOPIC = set("对向跟给在是要会能把被")
"""After 就 these make it the adverb 'then' (父亲就对儿子说), not 'regarding'."""


def _before_topic(phrase: str) -> Speaker | None:
    """某某8日就边境问题(发表声明)表示 / 某公司针对此事回应: the subject before a topic adverbial
    (就 = regarding, a word of its own), its time words peeled off; the name must end the head."""
    starts = _word_starts(phrase)
    for m in _TOPIC_MARK.finditer(phrase):
        cut = m.start()
        if cut < 2 or cut not in starts or m.end() not in starts or phrase[m.end() : m.end() + 1] in _NOT_TOPIC | {""}:
            continue
        head = _TRAILING_TIME.sub("", phrase[:cut]).rstrip(" ，,")
        parsed = parse_subject(head) if head and not head.endswith(_MODAL_END) else None
        if isinstance(parsed, Speaker) and (parsed.collective or head.endswith(parsed.name)):
            return parsed
    return None


def _ends_in_verb(role: str | None) -> bool:
    """A 'role' whose last word is a verb (…媒体29日引用 | 雷达): the name is that verb's object."""
    if not role:
        return False
    last = max(_word_starts(role))
    return _dictionary_tags().get(role[last:], "")[:1] == "v" and len(role) - last >= 2


_PLACE_AT_END = re.compile(r"(?:曾经|曾|也|还|已经|已|则|又)?(?:在|于|从)[^，。；在于]{1,15}$")
_DOTTED_TAIL = re.compile(rf"([{HAN}]+)([·・•‧∙．][{HAN}]{{1,8}})+$")


def _trailing_foreign_name(phrase: str) -> Speaker | None:
    """…研究主管卢卡·索尔卡: a dotted transliteration closing the subject, its role before it."""
    phrase = re.sub(r"[（(][^（）()]*[)）]", "", phrase)
    m = _DOTTED_TAIL.search(phrase)
    if not m:
        return None
    first = m.group(1)
    cut = len(first)
    while cut > 0 and first[cut - 1] in TRANSLIT_CHARS:
        cut -= 1
    while cut < len(first) and phrase[: m.start() + cut + 1].endswith(PERSON_TITLES):
        cut += 1  # 农业部长 | 某某·某某: the 长 closes the title, it does not open the name
    if len(first) - cut < 1:
        return None
    name = phrase[m.start() + cut :]
    if not looks_like_name(name):
        return None
    role = phrase[: m.start() + cut] or None
    return Speaker(name=name, role=role)


_DOCUMENT_START = re.compile(r"[^，。；]{0,16}?(?:声明|报告|白皮书|公报|会议|全会|财报)")


_DESCRIPTOR = re.compile(r"(?:这|那|该|此)[位名][\u4e00-\u9fff]{2}")
"""这位贸易代表, 这名官员: a person named by a description. A pronoun after it in the sentence is that
person, whom the article may not name: the sentence's subject is unknown, not the last person named."""


def _sentence_subject(text: str, before: int, state: _ArticleState) -> tuple[int, Speaker] | None:
    """The latest clause of this sentence (before ``before``) that opens with a subject: a person
    the article names, a title (总书记 -> its holder), a group (县领导, 负责人) or a document.

    Only the sentence's last _SENTENCE_WINDOW characters are read, and what a clause says on its
    own is worked out once per paragraph (state.clause): each verb costs a bounded amount of work,
    however long the sentence runs."""
    refs = state.refs
    start = _sentence_start(text, before, after_quotes=False)
    if start == before - _SENTENCE_WINDOW and start > 0 and text[start - 1] not in "。！？!?；;":
        cut = _CLAUSE_CUT.search(text, start, before)  # the window cut a clause: begin at the next whole one
        if cut is None:
            return None
        start = cut.end()
    clauses = _clauses_back(text, start, before)
    visited: list[tuple[int, int]] = []
    for run, at, end in clauses:  # from the last clause back: the latest subject wins
        reading = state.clause(text, at, end)
        if reading.named is not None:
            return at, reading.named
        if reading.described:
            return None  # 这位贸易代表坦陈，他…: someone named only by description
        if reading.pronoun and (person := refs.pronoun(reading.pronoun)):
            if not any(state.clause(text, a, e).described for _, a, e in _clauses_back(text, start, run)):
                return at, person  # 他围绕…，分析了…，并要求…: the pronoun opening the sentence (not one after a description)
        if reading.adverbial is not None:
            return at, reading.adverbial  # 县长某某谈起此事时，高兴地称赞…: the person the time clause opens with
        if reading.title and (holder := refs.title_holder(reading.title)):
            return at, holder
        if reading.rest is not None:
            return at, reading.rest
        visited.append((at, end))
    if visited and enabled(OPENING_SUBJECT_BY_CLASSES) and (person := _opening_person(text[visited[-1][0] : before])):
        fired(OPENING_SUBJECT_BY_CLASSES)
        return visited[-1][0], person  # 马丁内斯走访了三个县，认为…: the person the word classes read opening the sentence
    if enabled(GROUP_SUBJECT_BY_CLASSES):
        for at, end in visited[:_GROUP_CLAUSES_READ]:
            if group := _opening_group(text[at:end]):
                fired(GROUP_SUBJECT_BY_CLASSES)
                return at, group  # 多个渔业团体代表日前会晤…，强调…: the group opening the latest clause that has one
    return None


GROUP_SUBJECT_BY_CLASSES = rule(
    "clause.group_subject_by_classes",
    "A subject-less later clause continues the organisation or group the word classes read opening one of the clauses before it (a noun phrase whose head is an institution or group word, then a verb).",
    fires=("省渔业联合会等多个渔业团体代表日前会晤经济大臣，强调不会改变反对排海的立场。",),
    spares=("当前的经济形势依然严峻，认为明年会更好。",),
)
_GROUP_CLAUSES_READ = 3
"""How many clauses back (the latest first) a verb with no subject has read by the tagger: each
costs one tagging of at most MAX_REGION characters."""
_IN_NOUN_PHRASE = frozenset(("n", "nz", "nw", "nt", "ns", "LOC", "ORG", "an", "vn", "a", "f", "s", "m", "q", "c", "u", "r"))
"""Word classes inside a subject noun phrase (modifiers, measure words, 和/等, 的, 多个)."""


def _opening_group(clause: str) -> Speaker | None:
    """clause.group_subject_by_classes: the organisation or group whose noun phrase opens ``clause``
    and is followed by a predicate (its head noun decides, by subject_classes' noun-head rules)."""
    words = tag(clause[:MAX_REGION])
    k = 0
    while k < len(words) and (words[k][1] in _IN_NOUN_PHRASE or words[k][0] == "、" or (k and words[k][1] == "v" and person_word(words[k][0]))):
        k += 1  # LAC tags 代表 as a verb even as the head noun
    if k == 0 or k == len(words) or words[0][1] in ("c", "u", "r", "q") or (words[0][1] == "m" and words[1][1] not in ("n", "nz")):
        return None  # 这次…, 并…, 三个…: no noun phrase opening the clause (两国领导人 is one)
    rest = [cls for _, cls in words[k:]]
    if not any(cls.startswith("v") or cls == "p" for cls in rest[:4]):
        return None
    if party := _opening_party(words, k):
        return party
    while k > 0 and words[k - 1][1] not in ("n", "nz", "nt", "ORG", "vn", "v"):
        k -= 1  # the noun phrase ends in its head
    for first in range(k):  # the longest phrase the noun-head rules take (they read at most 16 characters)
        parsed = subject_by_classes("".join(w for w, _ in words[first:k]), parse_subject)
        if isinstance(parsed, Speaker) and parsed.collective:
            return parsed
    return None


def _opening_party(words: list[tuple[str, str]], k: int) -> Speaker | None:
    """clause.party_opening: the first ``k`` words, a whole noun phrase, are a state or party the
    string rules know (中国, 警方, 以军)."""
    if not enabled(PARTY_OPENING) or words[0][1] not in ("LOC", "ORG", "n", "nt"):
        return None
    for j in range(min(len(words), k + _PARTY_REACH), k - 1, -1):  # the longest: 某机构 | 运行(v) 安全 评估团 is one body
        if j > k and (words[j - 1][1] not in ("n", "nz", "nt", "ORG") or any(cls in ("w", "u", "p") for _, cls in words[k:j])):
            continue
        phrase = "".join(w for w, _ in words[:j])
        known = parse_subject(phrase)
        if isinstance(known, Speaker) and known.collective and known.name == phrase:
            fired(PARTY_OPENING)  # 某国公布了清单，并表示…: a state or party opens the sentence
            return Speaker(name=phrase, collective=True, speaker_type="organization")
    return None


_PARTY_REACH = 5
"""Words past the noun phrase the analyser read that may still belong to a party's name."""


PARTY_OPENING = rule(
    "clause.party_opening",
    "A subject-less later clause continues the state or party the string rules know (中国, 警方, 以军) when it opens the sentence as a whole noun phrase followed by a predicate (某国公布了清单，并表示…).",
    fires=("日本公布了新一批排除清单，并表示未来数周将公布更多清单。", "警方逮捕了两名嫌疑人，并表示这项调查将在明年完成。", "国际渔业机构运行安全评估团到沿海考察，认为当地的周报制度值得推广。"),
    spares=("市场形势公布了新一批排除清单，并表示未来数周将公布更多清单。",),
)


OPENING_SUBJECT_BY_CLASSES = rule(
    "clause.opening_subject_by_classes",
    "A subject-less later clause (…，认为…) continues the person the word classes read opening the sentence (title and PER span, then time words or adverbs, then a verb), whether or not the name inventories know the name.",
    fires=("马丁内斯走访了三个县，认为当地的发展潜力很大。",),
    spares=("这次走访了三个县，认为当地的发展潜力很大。",),
)


PERSON_THROUGH_PREDICATE = rule(
    "subject.person_through_predicate",
    "A cue's clause that opens with a person (a PER span, a title before it) and goes on with a predicate of their own before the cue (坐在…身边说, 在杂志上发文章写道, 拉着…的手说) is that person's statement, unless the predicate hands the words to someone else (让/请/听/叫 … 说).",
    fires=("“我们会赢，”马丁内斯坐在总理身边说。", "“经济会好转，”经济学家佐野健太郎放下手中的文件说。"),
    spares=("马丁内斯让助手王海峰说，这项工作将在明年完成。", "马丁内斯听王海峰说，这项工作将在明年完成。"),
)
_HANDS_OVER = re.compile(r"让|请|听|叫|使|令|派|委托|要求|邀请|通过")
"""Verbs in a predicate that hand the words that follow to another speaker (让某某说, 听某某说)."""


def _person_through_predicate(span: str) -> Speaker | None:
    """subject.person_through_predicate: the person opening ``span`` when the rest is their own
    predicate (see the rule); None otherwise."""
    person = _opening_person(span)
    if person is None or (at := span.find(person.name)) < 0:
        return None
    predicate = span[at + len(person.name) :]
    if _HANDS_OVER.search(predicate) or any(cls == "PER" for _, cls in tag(predicate)[:1]):
        return None
    return person


_BEFORE_NAME = frozenset(("n", "nz", "nw", "nt", "ns", "LOC", "ORG", "an", "vn", "a", "f", "s"))
"""Word classes of a title or organisation before a name (执行|董事, 渔业|大臣, 外交部)."""


def _opening_person(sentence: str) -> Speaker | None:
    """clause.opening_subject_by_classes: the person named by a PER span whose clause then goes on
    with a verb (after time words, adverbs or a preposition phrase), read in the sentence's first
    MAX_REGION characters."""
    words = subject_classes_joined(tag(sentence[:MAX_REGION]))  # 小 | 林健太郎: PER spans side by side are one
    k = next((i for i, (_, cls) in enumerate(words[:4]) if cls == "PER" or cls not in _BEFORE_NAME), None)
    if k is not None and words[k][1] != "PER" and (titled := _titled_person_at(words)) is not None:
        k = titled  # 执行(v) 董事(n) 佐野健太郎(PER): a title the analyser splits into a verb and a noun
    if k is None or words[k][1] != "PER":
        return None  # 这次走访…: no noun phrase (title, organisation) before a name
    clause = []
    for _word, cls in words[k + 1 :]:
        if cls == "w":
            break
        clause.append(cls)
    if not any(cls.startswith("v") for cls in clause):
        return None  # 马丁内斯, | 李海峰…: no predicate of its own
    parsed = subject_by_classes("".join(w for w, _ in words[: k + 1]), parse_subject)
    if isinstance(parsed, Speaker) and not parsed.collective:
        return parsed
    title = "".join(w for w, _ in words[:k])
    if len(words[k][0]) >= 2 and (k == 0 or _titled_person_at(words) == k):
        return Speaker(name=words[k][0], role=title or None)  # 副场长(n) 佐野美咲(PER) 起诉…: a title and a name, inventories or not
    return None


def _titled_person_at(words: Sequence[tuple[str, str]]) -> int | None:
    """Where a PER span follows a title of at most three words (nouns, or a verb then nouns:
    副场长 | 佐野美咲, 执行 | 董事 | 佐野健太郎), the title ending in a noun; None otherwise."""
    for k in range(1, min(len(words), 4)):
        if words[k][1] == "PER":
            before = [cls for _, cls in words[:k]]
            if before[-1] in ("n", "nz") and all(cls in ("n", "nz", "v", "vn") for cls in before):
                return k
            return None
    return None


_SENTENCE_WINDOW = 1000
"""How far back a verb looks for its sentence's start and subject: twice the longest sentence of
the development corpus but one (its longest, 1,978 characters, has no reporting verb that far in).
A run-on text with no full stop then costs each verb a bounded amount of work."""
_CLAUSE_CUT = re.compile(r"[，,；;：:]")


@functools.lru_cache(maxsize=16)
def _clause_cuts(text: str) -> list[int]:
    """Offsets of the paragraph's clause separators (，；：), found once per paragraph."""
    return [m.start() for m in _CLAUSE_CUT.finditer(text)]


def _clauses_back(text: str, start: int, end: int) -> Iterator[tuple[int, int, int]]:
    """The clauses of text[start:end] (runs between separators) as (run start, start after its
    leading spaces, end), last first: a search that stops at the latest subject reads only what it needs."""
    cuts = _clause_cuts(text)
    for k in range(bisect.bisect_left(cuts, end) - 1, bisect.bisect_left(cuts, start) - 1, -1):
        if cuts[k] + 1 < end:
            yield cuts[k] + 1, end - len(text[cuts[k] + 1 : end].lstrip(" ")), end
        end = cuts[k]
    if start < end:
        yield start, end - len(text[start:end].lstrip(" ")), end


@dataclass(frozen=True, slots=True)
class _ClauseReading:
    """What one clause says about the sentence's subject by itself, in the order _sentence_subject
    weighs it: the parts that depend on the article so far (the pronoun's referent, the title's
    holder) are looked up at each verb."""

    named: Speaker | None
    """A person the article names opens the clause."""
    described: bool
    """这位贸易代表…: someone named only by a description."""
    pronoun: str
    """他 or 她 opening the clause, else ""."""
    adverbial: Speaker | None
    """县长某某谈起此事时: the person an adverbial clause opens with."""
    title: str | None
    """A bare title opening the clause (its holder is looked up)."""
    rest: Speaker | None
    """A document, its issuer, an organisation or a group opening the clause."""


def _read_clause(text: str, at: int, end: int, refs: Referents) -> _ClauseReading:
    """The clause text[at:end] read on its own (see _ClauseReading)."""
    body = text[at:end]
    name = refs.name_at(text, at)
    if name and refs.credible(name, text, at):
        return _ClauseReading(Speaker(name=name), False, "", None, None, None)
    if _DESCRIPTOR.match(body):
        return _ClauseReading(None, True, "", None, None, None)
    pronoun = body[0] if body[:1] in ("他", "她") and body[1:2] != "们" else ""
    adverbial = _named_before_adverbial(body) if _ADVERBIAL_END.search(body) else None
    if adverbial is not None and body.startswith(adverbial.name) and not_a_person(text, at, adverbial.name):
        adverbial = None  # 高峰过后: an ordinary word the tagger reads as no person
    title = next((t for t in BARE_TITLES if body.startswith(t)), None)
    if title and len(body) > len(title) and len(title) not in _word_starts(body[: len(title) + 4]):
        title = None  # 主席团常务主席: 主席 opens the word 主席团, a body, not the title
    return _ClauseReading(None, False, pronoun, adverbial, title, None if adverbial else _clause_subject(body))


def _clause_subject(body: str) -> Speaker | None:
    """The document, issuer, organisation or group a clause opens with, if any."""
    if _opens_with_verb(body, _CLAUSE_VERB_FREQ) or body.startswith(_NARRATIVE_VERBS):
        return None  # 呼吁民众为…做好准备, 祝贺…全会召开: a predicate whose subject came before
    doc = _DOCUMENT_START.match(body)
    if doc and (body[doc.end() : doc.end() + 1] == "的" or _verb_count(doc.group(0)) >= 2):
        doc = None  # 大多数出席会议的官员, 大家深入学习贯彻四中全会: no meeting or document speaking
    if doc and (issuer := _issuer_in_document(doc.group(0))):
        return issuer  # 某航空公司在此前的声明中…，并表示: the issuer speaks
    if doc and "了" not in doc.group(0):  # not 随后谴责了该声明: an act on a document
        name = doc.group(0)
        if issued := _ISSUED_BY.match(name):  # 三国25日发表联合声明，呼吁…: the issuers speak
            name = _without_time_words(_TRAILING_ADVERB.sub("", _TRAILING_TIME.sub("", issued.group(1)).rstrip(" ，,"))) or name
        return Speaker(name=name, collective=True, speaker_type="organization")
    predicate, subject = _subject_before_predicate(body)
    if subject is not None:
        return subject  # 以军当天要求…居民撤离，声称…: the subject before the time word and verb
    if predicate or body.startswith(("我", "你", "他", "她", "咱", "人们")) or _opens_with_verb(body):
        return None  # 介绍今年4月他们…, 某某此前批评…民众: a verb phrase, not a group
    for n in range(min(len(body), 16), 2, -1):
        head = body[:n]
        if not head.endswith(_GROUP_HEADS) or (n != len(body) and n not in _word_starts(body)):
            continue  # 合作委员 | 会: a group word must end a word
        head = _EXISTENTIAL.sub("", head)  # 也有不少干部群众 -> 不少干部群众
        if head.endswith(_PERSONAL_PLURALS) and enabled(GROUP_NOT_PRONOUN):
            fired(GROUP_NOT_PRONOUN)
            return None  # 代表他们给…拜年: a verb and its pronoun object, no group named
        if len(head) >= 2 and not _VERBAL.search(head) and not _clause_before_group(head) and not _counted_object(head):
            return Speaker(name=head, collective=True, speaker_type="collective")
        return None
    return None


GROUP_NOT_PRONOUN = rule(
    "clause.group_not_pronoun",
    "A clause opening with words that end in a personal pronoun (代表他们给…, 带领我们…), or with a verb and a count before the group word (职工们推举两名代表: the group is the verb's object), names no group, though 们 and 代表 end group words (代表们, 与会代表).",
    fires=("职工们推举两名代表，代表他们给领导拜年，说这项工作将在明年完成。", "职工们推举两名代表，说这项工作将在明年完成。"),
    spares=("代表们交流了经验，认为这项工作将在明年完成。",),
)
_PERSONAL_PLURALS = ("他们", "她们", "我们", "你们", "它们", "咱们")


def _counted_object(head: str) -> bool:
    """clause.group_not_pronoun: the group word is the counted object of a verb before it in the
    analyser's reading (职工们 推举(v) 两名(m) 代表), so the clause names no speaking group."""
    if not enabled(GROUP_NOT_PRONOUN):
        return False
    classes = [cls for _, cls in tag(head)]
    if "v" in classes and "m" in classes[classes.index("v") + 1 :]:
        fired(GROUP_NOT_PRONOUN)
        return True
    return False


ISSUER_TIME = rule(
    "clause.issuer_time",
    "The issuer of a document (某协会上月发表声明，宣布…) is named without the time words the tagger reads after it, of any granularity (上月, 3月中旬, 次日).",
    fires=("海岸分队当地时间14日发表声明，宣布将在明年完成这项工作。",),
    spares=("海岸协会发表声明，宣布将在明年完成这项工作。",),
)


def _without_time_words(issuer: str) -> str:
    """clause.issuer_time: the issuer without the TIME words that close it (海岸协会 | 上月)."""
    if not enabled(ISSUER_TIME) or not issuer:
        return issuer
    words = list(tag(issuer))
    while len(words) > 1 and (words[-1][1] in ("TIME", "t") or words[-1][0].endswith("时间")):
        words.pop()  # 上月, 3月中旬 | 当地时间 14日
    named = "".join(word for word, _ in words) if "".join(w for w, _ in tag(issuer)) == issuer else issuer
    if named != issuer:
        fired(ISSUER_TIME)
    return named


_IN_DOCUMENT = re.compile(r"^(.{2,16}?)(?:\d{1,2}日)?(?:在|于)(?!.*[在于])")


def _issuer_in_document(phrase: str) -> Speaker | None:
    """某航空公司在此前的声明 / 某某在报告: the subject before 在 is the one speaking, the
    document only the occasion; None when nothing nameable precedes 在."""
    m = _IN_DOCUMENT.match(phrase)
    if not m or not {m.start(0) + len(m.group(1)), m.end(0)} <= _word_starts(phrase):
        return None  # not 双方发表关 | 于…声明: 于 inside the word 关于
    head = m.group(1)
    parsed = parse_subject(head)
    if isinstance(parsed, Speaker) and (parsed.collective or head.endswith(parsed.name)):
        return parsed
    if parsed is None and not is_fragment(head) and not _verb_phrase(head) and not looks_like_name(head) and len(head) in _word_starts(head + "在"):
        return Speaker(name=head, collective=True, speaker_type="organization")  # 国泰航空: a company's name
    return None


_EXISTENTIAL = re.compile(r"^(?:也|还|又|但|而|另|却)?有(?=[不许很一些部多几数])")


def _clause_before_group(head: str) -> bool:
    """抗议欧洲对俄制裁反噬法国民众: a preposition word (对, 向, 把 …) before the group noun makes a
    clause whose object is the group; modifiers without one stay groups (与会工商界代表, 这些活动人士,
    某武装最高政治委员会官员)."""
    starts = sorted(_word_starts(head))
    return any(head[a:b] in _CLAUSE_MARKERS for a, b in zip(starts, starts[1:]))


_CLAUSE_MARKERS = frozenset("对 向 把 被 给 从 为 与 同 跟".split())


def _verb_count(phrase: str) -> int:
    """How many words of ``phrase`` jieba's dictionary tags as plain verbs (v)."""
    starts = sorted(_word_starts(phrase))
    tags = _dictionary_tags()
    return sum(tags.get(phrase[a:b], "") == "v" for a, b in zip(starts, starts[1:] + [len(phrase)]))


_GROUP_NOUN_ENDS = tuple(COLLECTIVE_HEADS) + _GROUP_ENDINGS + tuple("者 方面 机构 企业 公司 团队 组 委员会 协会 集团 银行 署 武装 部队".split())
"""Heads a verb may modify without 的 (与会专家, 参展企业, 执法机构): a group or institution."""


def _reports_inside(name: str) -> bool:
    """A reporting verb among the words (报道称有以方官员), or a person's name followed by a verb
    (某某听取…布局): a clause, not a name."""
    starts = sorted(_word_starts(name))
    words = [name[a:b] for a, b in zip(starts, starts[1:] + [len(name)])]
    if any(word in ("称", "说", "表示", "指出", "透露") for word in words[1:]):
        return True
    tags = _dictionary_tags()
    return len(words) > 2 and looks_like_name(words[0]) and tags.get(words[1], "") == "v"


SOURCE_NOMINAL_BY_CLASSES = rule(
    "source.nominal_by_classes",
    "A group or institution phrase the analyser reads as a noun phrase (modifiers, then a noun head: 相关负责人, 有关专家) is a name even when its first word is a verb in jieba's dictionary; a verb and its object (希望台湾当局) stays a clause.",
    fires=("相关负责人表示，这项工作将在明年完成。",),
    spares=("希望台湾当局表示，这项工作将在明年完成。",),
)


def _verb_phrase(name: str) -> bool:
    """A verb and its object rather than a name (希望台湾当局, 表明中方, 审议): the first word is a
    verb of jieba's dictionary, no 的 turns it into a modifier, and no group or institution noun
    heads the phrase. A one-character state before a military word (以军) is a name."""
    if "的" in name or name[:1] in COUNTRY_ABBREVIATIONS:
        return False
    starts = sorted(_word_starts(name[:12]))
    word = name[: starts[1]] if len(starts) > 1 else name[:12]
    freq, tag_ = word_frequency(word), _dictionary_tags().get(word, "")
    if not (len(word) >= 2 and tag_ == "v" and freq >= 100 and not name.endswith(_GROUP_NOUN_ENDS)):
        return False
    if enabled(SOURCE_NOMINAL_BY_CLASSES) and nominal_phrase(name):
        fired(SOURCE_NOMINAL_BY_CLASSES)
        return False  # 相关/vn 负责人/n: a modifier before a noun head, not a verb and its object
    return True


def _opens_with_verb(body: str, least: int = VERB_FIRST_FREQ) -> bool:
    """The clause starts with a verb at least this frequent (介绍…, 表示…): no subject of its own."""
    starts = sorted(_word_starts(body[:12]))
    word = body[: starts[1]] if len(starts) > 1 else body[:12]
    return _dictionary_tags().get(word, "").startswith("v") and len(word) >= 2 and word_frequency(word) >= least


_CLAUSE_VERB_FREQ = 1000
"""A clause of a sentence opening with a verb this frequent (呼吁, 听取; not 与会 as in 与会代表) is a
predicate of the sentence's subject, not a new subject."""


_JOINING = re.compile(r"[并同与和跟对向把被将]")


def _subject_before_predicate(body: str) -> tuple[bool, Speaker | None]:
    """An organisation or group, then a time word or adverb, then a verb (以军当天要求…, 该组织随后
    宣布…): whether the clause has such a predicate, and the subject phrase before the adverbial
    when it names an organisation or group."""
    tags = _dictionary_tags()
    if not any(tags.get(body[i : i + 2], "")[:1] in ("t", "d") and tags.get(body[i + 2 : i + 4], "")[:1] == "v" for i in range(1, min(len(body), 22))):
        return False, None  # no adverbial and verb pair at all: spare jieba
    starts = sorted(_word_starts(body[:24]))
    words = [body[a:b] for a, b in zip(starts, starts[1:] + [min(len(body), 24)])]
    offset = 0
    for k, word in enumerate(words[:-1]):
        if k and tags.get(word, "")[:1] in ("t", "d") and tags.get(words[k + 1], "")[:1] == "v":
            head = body[:offset]
            if head[:1] in COUNTRY_ABBREVIATIONS and head[1:] in ORGANIZATION_ENDINGS:
                return True, Speaker(name=head, collective=True, speaker_type="organization")  # 以军, 美方
            if tags.get(words[0], "")[:1] == "v":
                return True, None  # 感谢中方长期给予…: the clause opens with its verb
            parsed = parse_subject(head) if 2 <= len(head) <= 16 and not _JOINING.search(head) else None
            if isinstance(parsed, Speaker) and parsed.collective and parsed.name == head and speaker_type(parsed) != "person":
                return True, source_name(parsed)
            if isinstance(parsed, Speaker) and not parsed.collective and head == parsed.name:
                return True, parsed  # 某某首先代表…: the person before the adverb
            return True, None  # 倡议并同某某总统共同主持…: not an organisation or group
        offset += len(word)
    return False, None


_PLURAL_SUBJECT = re.compile(r"^(?:两|双方|各|[二三四五六七八九十几数多]+)(?:国|位|名|方)?[^，。；的了着过把被将]{0,8}?(?:" + "|".join(BARE_TITLES) + ")")
"""两国外长 / 三位部长: counted holders of a title, one plural subject."""


def _group_referent(text: str, before: int, found: list[_Found]) -> Speaker | None:
    """他们 / 她们 -> the latest group this paragraph names before ``before``: a clause that opens
    with a group noun (省里的领导, 代表们, 两国外长) or a collective speaker already found.

    The paragraph's clauses are read once (_group_clauses), so each 他们 costs a binary search."""
    earlier = next(((f.segments[0][0], f.speaker) for f in reversed(found) if f.speaker.collective and f.speaker.name != _REPORT_HEAD and f.segments and f.segments[0][0] < before), None)
    by_classes = enabled(GROUP_REFERENT_BY_CLASSES)
    starts, ends, latest = _group_clauses(text, by_classes)
    k = bisect.bisect_left(starts, before)  # the clauses that start before ``before``
    group: tuple[int, str, bool] | None = None
    if k and ends[k - 1] > before:  # the clause ``before`` falls in, cut there
        k -= 1
        if not inside(quoted_spans(text), starts[k]) and (named := _clause_group(text[starts[k] : before].lstrip(" "), by_classes)):
            group = (starts[k], *named)
    if group is None and k and latest[k - 1] is not None:
        group = latest[k - 1]
    if group is not None and (earlier is None or group[0] >= earlier[0]):
        if group[2]:
            fired(GROUP_REFERENT_BY_CLASSES)
        return Speaker(name=group[1], collective=True, speaker_type="collective")
    return earlier[1] if earlier else None


_GROUP_CLAUSE = re.compile(r"[^，,；;：:。！？!?“”「」『』]+")


@functools.lru_cache(maxsize=16)
def _group_clauses(text: str, by_classes: bool) -> tuple[list[int], list[int], list[tuple[int, str, bool] | None]]:
    """The paragraph's clauses (starts, ends) and, for each, the latest group named by a clause up
    to it (its start, name and whether word classes found it): the clauses outside quotations that
    open with a group noun."""
    quoted = quoted_spans(text)
    starts, ends, latest = [], [], []
    last: tuple[int, str, bool] | None = None
    for clause in _GROUP_CLAUSE.finditer(text):
        with untraced():  # cached per paragraph: the caller records coref.group_referent_by_classes itself
            named = None if inside(quoted, clause.start()) else _clause_group(clause.group(0).lstrip(" "), by_classes)
        if named:
            last = (clause.start(), *named)
        starts.append(clause.start())
        ends.append(clause.end())
        latest.append(last)
    return starts, ends, latest


def _clause_group(body: str, by_classes: bool) -> tuple[str, bool] | None:
    """The group a clause opens with (两国外长, 代表们), if any, and whether the word classes
    (coref.group_referent_by_classes) rather than the group-word inventory found it."""
    if body.startswith(("我", "你", "他", "她", "它", "咱", "人们", "据")):
        return None
    if m := _PLURAL_SUBJECT.match(body):
        return m.group(0), False
    if head := _group_head(body):
        return head, False
    if not by_classes:
        return None
    group = _opening_group(body)
    if group is not None and group.speaker_type != "organization":
        return group.name, True  # 广大渔民深入学习…。大家表示: a group of people by its head noun, inventory or not
    return None


GROUP_REFERENT_BY_CLASSES = rule(
    "coref.group_referent_by_classes",
    "The group 他们/大家 refers back to may be any group of people whose noun phrase opens a clause of the paragraph by the word classes (广大渔民深入学习…。大家表示…), whether or not the group-word inventory has its head; an institution is no such group.",
    fires=("连日来，广大渔民深入学习会议精神。大家表示，要加强行业自律。", "连日来，沿海渔民深入学习会议精神。他们表示，要加强行业自律。"),
    spares=("连日来，海岸分队深入学习会议精神。大家表示，要加强行业自律。",),
)


def _group_head(body: str) -> str | None:
    """The group noun a clause opens with (省里的领导 -> 领导, 代表们, 许多经济学家): a noun phrase
    ending in a group word where jieba ends a word, with no verb in it unless a 的 closes the verb
    into a modifier (参加会议的代表)."""
    for n in range(min(len(body), 16), 2, -1):
        head = body[:n]
        if not head.endswith(_PLURAL_HEADS) or n not in _word_starts(body) and n != len(body):
            continue
        modifier, _, noun = head.rpartition("的")
        if len(noun) < 2 or _VERBAL_NOT_DE.search(noun) or modifier.count("的") or _has_verb(noun):
            return None
        return noun if modifier else head
    return None


def _has_verb(phrase: str) -> bool:
    """A verb or adverb among jieba's words of ``phrase`` (可能会破坏…官员 is a clause, not a group)."""
    at = 0
    tags = _dictionary_tags()
    for start in sorted(_word_starts(phrase))[1:] + [len(phrase)]:
        if tags.get(phrase[at:start], "x")[:1] in ("v", "d"):
            return True
        at = start
    return False


_VERBAL_NOT_DE = re.compile(r"[了着过把被将在对向是为有]")
_PLURAL_HEADS = tuple(COLLECTIVE_HEADS) + ("领导", "负责人", "委员", "干部", "官兵", "支持者", "反对者", "批评者", "与会者", "参与者")
"""Group words a plural pronoun can refer back to (speakers.COLLECTIVE_HEADS and a few more)."""
_VERBAL = re.compile(r"[了着过把被将的]")
"""A clause head with these is a verb phrase (分析了代表团…), not a group noun."""
_GROUP_HEADS = ("领导", "负责人", "代表", "官员", "专家", "学者", "人士", "委员", "群众", "干部", "村民", "居民", "网友", "民众", "们")


ADVERBS_ONLY_CONTINUE = rule(
    "subject.adverbs_only_continue",
    "A cue whose clause holds only adverbs in the analyser's reading (纷纷表示, 都表示, 一致认为, 普遍认为) has the subject the sentence opened with (与会代表在讨论中，纷纷表示…).",
    fires=("与会代表在讨论中，纷纷表示，要坚定恪守这一原则。", "两国领导人在交流中，都表示坚定恪守这一原则。"),
    spares=("在讨论中，纷纷表示，要坚定恪守这一原则。", "政府官员提出了方案。但更广泛地说，这项工作将在明年完成。"),
)


def _adverbs_only(rest: str, verb: str) -> bool:
    """subject.adverbs_only_continue: every word of ``rest`` is an adverb to the analyser (read
    with its cue after it: 一致 | 认为)."""
    if verb in ("说", "讲", "回应") or rest.endswith("地") or "以" in rest:
        return False  # 更广泛地说 ('broadly speaking'), 以此回应 (an act): no cue of a subject
    words = tag_before_cue(rest, verb)
    return bool(words) and all(cls in ("d", "ad", "vd") for _, cls in words)


def _continuing(earlier: list[_Found], mentioned: tuple[int, Speaker] | None, state: _ArticleState) -> tuple[Speaker, str | None] | None:
    """并表示 / 但表示: the subject is the one this sentence is about, the latest of the previous
    statement's speaker and a subject opening a clause since (某某拒绝讨论细节，但表示…)."""
    if not enabled(SUBJECT_CONTINUING) or (not earlier and mentioned is None):
        return None
    fired(SUBJECT_CONTINUING)
    last_statement = earlier[-1].segments[0][0] if earlier else -1
    if mentioned is not None and mentioned[0] > last_statement:
        if mentioned[1].collective:
            return mentioned[1], None
        return state.resolve(mentioned[1])  # type: ignore[return-value]
    if not earlier:
        return None
    return earlier[-1].speaker, earlier[-1].resolved


NESTED_STATEMENT = rule(
    "span.nested_statement",
    "A statement reported inside another one (某某说，某某强调指出，…; or a later clause whose subject the outer words name) is a nested record, and the outer statement keeps its words instead of ending at the inner speaker.",
    fires=("王德明说，李海峰强调指出，这项工作将在明年完成。", "王德明表示，这项工作进展顺利。外交部昨天发表声明，宣布将在明年完成这项工作。各方将加强合作。"),
    spares=("王德明说，这项工作将在明年完成。李海峰表示，明年的任务更重。",),
)
CONCESSION_MAIN_CLAUSE = rule(
    "span.concession_main_clause",
    "A statement in a concessive clause (尽管某某表示…，但…) ends where the main clause begins, and the concessive word is no part of the speaker.",
    fires=("尽管王德明表示这项工作将在明年完成，但许多家长仍然担心。", "虽然王德明表示这项工作将在明年完成，可是许多家长仍然担心。"),
    spares=("王德明表示，这项工作将在明年完成，但需要更多的资金。",),
)
OPENING_SUBJECT_PREDICATE = rule(
    "span.opening_subject_predicate",
    "A cue in a subject-less later clause of a sentence that opens the paragraph with its speaker (某某就…阐明立场，强调A。B。) runs on over the following sentences as a cue opening the paragraph does.",
    fires=("王德明就当前局势阐明原则立场，强调当务之急是尽快停火止战。解决冲突的根本出路是落实协议。",),
    spares=("会后，王德明就当前局势阐明原则立场，强调当务之急是尽快停火止战。解决冲突的根本出路是落实协议。",),
)
COORDINATED_SOURCES = rule(
    "source.coordinated",
    "据A和B证实/消息 credits the information to each of the coordinated sources: one record for each.",
    fires=("据当地警方和消防部门证实，大火已在凌晨被扑灭，没有人员伤亡。",),
    spares=("据当地警方证实，大火已在凌晨被扑灭，没有人员伤亡。",),
)
_CONCESSION = re.compile(r"^\s*(?:尽管|虽然|虽说|即使|即便)")
_MAIN_CLAUSE = re.compile(r"[，,](?:但是|但|可是|可|然而|却|不过)")
_COORDINATOR = re.compile(r"和|与|及|以及|、")


def _nests_in(prev: _Found, speaker: Speaker, subject_start: int, subject: str, topic: tuple[int, Speaker] | None) -> bool:
    """span.nested_statement: the speaker clause at ``subject_start`` reports a statement inside
    ``prev``'s words, rather than ending them: it opens those words (某某说，某某强调指出，…), or it has
    no subject of its own and the one it continues is named inside them (…习近平主席发表讲话，宣布…)."""
    start = prev.segments[-1][0]
    if prev.kind == "direct" or speaker.name == prev.speaker.name or subject_start < start:
        return False
    return subject_start == start or (not strip_adverbials(subject).strip() and topic is not None and topic[0] >= start)


def _coordinated_sources(source: str) -> list[str]:
    """source.coordinated: the parts of 当地警方和消防部门 that each name a source by themselves,
    or [source] when the phrase is not a coordination of such names."""
    if not enabled(COORDINATED_SOURCES):
        return [source]
    parts = [part for part in _COORDINATOR.split(source)]
    if len(parts) < 2 or any(len(part) < 2 for part in parts):
        return [source]
    starts = _word_starts(source)
    at = 0
    for part in parts[:-1]:  # each joining word must stand as a word of its own (not 和 of 和平)
        at += len(part)
        end = at + len(_COORDINATOR.match(source, at).group(0))  # type: ignore[union-attr]
        if at not in starts or end not in starts:
            return [source]
        at = end
    if not all(_names_source(part) for part in parts):
        return [source]
    fired(COORDINATED_SOURCES)
    return parts


def _names_source(phrase: str) -> bool:
    """A person, organisation or group by the string rules or, failing them, by word classes."""
    if isinstance(parse_subject(phrase), Speaker) or phrase.endswith(tuple(ORGANIZATION_ENDINGS)):
        return True
    return isinstance(subject_by_classes(phrase, parse_subject), Speaker)


def _paragraph_quotes(text: str, state: _ArticleState) -> list[_Found]:
    found: list[_Found] = []
    refs = state.refs
    if m := _HEADLINE.match(text):
        if enabled(HEADLINE_COLON) and len(text) <= 80 and not _VERB_AT_END.search(m.group(1)):
            trace = new_trace()
            fired(HEADLINE_COLON)
            subject = refs.headline_person(m.group(1))  # 芬外长：… over 芬兰外长某某…: that person
            if subject is None and isinstance(parsed := parse_subject(m.group(1)), Speaker):
                subject = place_not_person(m.group(1), name_boundary(m.group(1), parsed, state.text))
            if isinstance(subject, Speaker):
                speaker, how = state.resolve(subject)
                if speaker is not None:
                    found.append(_Found(speaker, [(m.end(), len(text))], "indirect", how, "：", True, trace))
    elif len(text) <= 60 and not any(ch in text for ch in "。，！？"):
        found.extend(_headline_claims(text, state))
    quoted = quoted_spans(text)
    covered_until = -1
    last_mention: tuple[int, str] | None = None
    actor: tuple[int, Speaker] | None = None
    mentions = _Pending(refs.mentions(text, quoted))
    refs.carry_pronoun(text, quoted, mentions.first(len(text)))
    split_cues: set[int] = set()
    """Cues of 据A和B证实 already given one record per source (source.coordinated)."""
    for m in _CREDITED.finditer(text) if enabled(FRAME_CREDITED) else ():
        trace = new_trace()
        fired(FRAME_CREDITED)
        source = _ISSUED_SOURCE.sub("", (m.group(1) or m.group(3) or "").strip())  # 埃及官员8日透露的 (消息)
        source = _REPORTER_FROM.sub("", source)  # 据总台记者从某使馆了解到的消息: the embassy is the source
        reported = m.group(4) == "报道"
        if reported:
            source = _without_time_words(_TRAILING_TIME.sub("", source).strip())  # 某通讯社当地时间周二 | 报道
        if reported and not (enabled(FRAME_MEDIA_REPORT) and _medium(source) and not _inner_speaker(text, m.end())):
            continue  # 据报道 (no source), 据某媒体报道，某某表示… (the inner speaker's words, not the medium's)
        if inside(quoted, m.start()) or (source.endswith(("报道", "媒体", "消息")) and not reported) or source in ("悉", "了解", "说") or _REPORTER.search(source):
            continue
        if reported:
            fired(FRAME_MEDIA_REPORT)
        if m.group(3) and m.start() > 0 and text[m.start() - 1] in _WORD_BEFORE_JU:
            continue  # 数据中心的最新消息: 据 is part of 数据, not "according to"
        parts = _coordinated_sources(source) if m.group(3) else [source]
        if len(parts) > 1:
            split_cues.add(m.start(4))
        for part in parts:
            subject = parse_subject(part)
            if len(parts) > 1 and part.endswith(tuple(ORGANIZATION_ENDINGS)):
                subject = Speaker(name=part, collective=True, speaker_type="organization")  # 海岸管理处: no person
            if subject is None or isinstance(subject, str):
                subject = Speaker(name=part, collective=True, speaker_type="organization") if len(part) <= 20 else None
            if subject is not None:
                speaker, how = state.resolve(subject)
                if speaker is not None:
                    start, end, kind = _quote_after(text, m.end(), _opens_paragraph(text, m.start()))
                    if end - start >= _MIN_QUOTE:
                        found.append(_Found(speaker, [(start, end)], kind, how, m.group(2) or m.group(4), rules=list(trace)))
    found.extend(_framed_views(text, state, quoted))
    for m in _ACCOUNT_OF.finditer(text) if enabled(FRAME_ACCOUNT_OF) else ():
        trace = new_trace()
        if inside(quoted, m.start()) or (result := _subject(m.group(1), "说", state, found)) is None:
            continue
        fired(FRAME_ACCOUNT_OF)
        start, end, kind = _quote_after(text, m.end(), _opens_paragraph(text, m.start()))
        if end - start >= _MIN_QUOTE:
            found.append(_Found(result[0], [(start, end)], kind, result[1], "说法", rules=list(trace)))
    for m in _AS_SAID.finditer(text) if enabled(FRAME_AS_SAID) else ():
        trace = new_trace()
        fired(FRAME_AS_SAID)
        subject = parse_subject(m.group(1))
        if subject is not None and not inside(quoted, m.start()):
            speaker, how = state.resolve(subject)
            if speaker is not None:
                end = _sentence_end(text, m.end(), m.end() + _SENTENCE_WINDOW)
                found.append(_Found(speaker, [(m.end(), end)], "indirect", how, f"所{m.group(2)}", rules=trace))
    reach = max((b for f in found for _, b in f.segments), default=-1)
    """No statement's words reach past this (ends are only ever shortened): a quotation before a
    speaker clause that starts there is nobody's yet, without looking through every statement."""
    for verb in _VERB.finditer(text) if enabled(CUE_REPORTING_VERB) else ():
        trace = new_trace()
        if verb.start() < covered_until or inside(quoted, verb.start()) or verb.start() in split_cues:
            continue
        if not (_is_speech_verb(text, verb.start(), verb.end()) or _conjoined_cue(text, verb.start(), verb.end(), found)):
            continue
        if verb.group(0) in ("说", "称") and (before := _VERB_AT_END.search(text, max(0, verb.start() - 4), verb.start())) and _is_speech_verb(text, before.start(), before.end()):
            continue  # 警告说: the 说 completes the verb before it, no cue of its own (but 补充 + 称 is one cue at 称)
        act = _act_with_object(text, verb.start(), verb.end())
        if found and found[-1].kind != "direct" and found[-1].segments[-1][0] == verb.start():
            continue  # 某某说，要求…: a verb opening the reported words is part of them, not a new cue
        subject_start = _subject_start(text, verb.start())
        for at, name, is_subject in mentions.before(subject_start):
            refs.mention(name, is_subject)
            last_mention = (at, name) if is_subject else last_mention
        span = text[subject_start : verb.start()]
        if verb.group(0) == "说" and enabled(HABIT_SAY) and (habit := _HABIT_SAY.search(span)) and habit.start() > 0:
            span = span[: habit.start()]  # 某某总爱 | 说: the habit word is no part of the subject
            fired(HABIT_SAY)
        report_itself = None
        if verb.group(0) in _REPORT_VERBS and not strip_adverbials(span).strip():
            if not (enabled(REPORT_ITSELF) and (subject_start == 0 or text[subject_start - 1] in "。！？!?")):
                continue  # …，报道称，…: the report says it; no one in the story does
            fired(REPORT_ITSELF)  # 。报道说，…: the report the paragraph credits, its head noun the speaker
            report_itself = (Speaker(name=_REPORT_HEAD, collective=True, speaker_type="organization"), None)
        if not span.strip() and subject_start > 0 and text[subject_start - 1] not in "，," and report_itself is None:
            continue
        concession = _CONCESSION.match(span) if enabled(CONCESSION_MAIN_CLAUSE) else None
        if concession:
            span = span[concession.end() :]  # 尽管 | 某某表示…，但…: the concessive word is no part of the subject
        if demonstrative := _DEMONSTRATIVE_MANNER.search(span):  # 某某这样说
            if not _direct_speech_around(text, subject_start, verb.end()):
                continue  # 听某某这么说，…: says so, of words already reported; what follows is narration
            span = span[: demonstrative.start()]
        topic = _sentence_subject(text, subject_start, state)
        if last_mention is not None and last_mention[0] < _sentence_start(text, subject_start, after_quotes=False):
            last_mention = None  # 某某当时也在场。中国政府…，并谴责…: a name of an earlier sentence is no subject here
        if topic is None or (last_mention is not None and last_mention[0] > topic[0]):
            topic = (last_mention[0], Speaker(name=last_mention[1])) if last_mention else None
        if actor is not None and actor[0] >= _sentence_start(text, subject_start, after_quotes=False) and (topic is None or actor[0] >= topic[0]):
            topic = actor  # 某组织否认了这一说法，并称…: the one who acted goes on speaking
        result = None
        if strip_adverbials(span) in _GROUP_PRONOUNS and enabled(SUBJECT_GROUP_PRONOUN):  # 代表们交换了经验。他们呼吁…: the group this paragraph names
            group = sentence_group(text, quoted, _sentence_start(text, subject_start, after_quotes=False), subject_start) or _group_referent(text, subject_start, found)
            result = (group, "pronoun") if group is not None else None
            if result:
                fired(SUBJECT_GROUP_PRONOUN)
        result = result or report_itself or _subject(span, verb.group(0), state, found, subject_start, topic)
        if result is None:
            continue
        if act:  # 某部门说，…，并宣布了禁令: the statement ends where its subject's act is told
            if found and found[-1].kind != "direct" and found[-1].segments[-1][1] > verb.start() and enabled(SPAN_ACT_ENDS_STATEMENT):
                found[-1].segments[-1] = (found[-1].segments[-1][0], subject_start)
                found[-1].rules.append(SPAN_ACT_ENDS_STATEMENT)
            actor = (subject_start, result[0])
            continue
        speaker, how = result
        if speaker.name and text.startswith(speaker.name, verb.end()):
            continue  # 他…告诉某某：: the one told is no speaker of these words (a pronoun resolved to the addressee)
        opens = _opens_paragraph(text, subject_start) or _predicate_of_opening_subject(text, span, verb.group(0), speaker, topic)
        start, end, kind = _quote_after(text, verb.end(), opens)
        if concession and (main := _MAIN_CLAUSE.search(text, start, end)):
            end = main.start()  # …，但许多家长…: the main clause is the narrator's
            fired(CONCESSION_MAIN_CLAUSE)
        segments = [(start, end)] if end - start >= _MIN_QUOTE else []
        before = _quote_before(text, subject_start) if span.strip() and enabled(SPAN_QUOTE_BEFORE) else None
        if before is not None and before[0] < reach and any(before[0] < b and a < before[1] for f in reversed(found) for a, b in f.segments):
            before = None  # that quotation already has its speaker
        if before is not None:
            if segments and text[segments[0][0]] not in _OPEN_QUOTES and text[before[1] - 2] not in "。！？!?":
                # “A，”某某说，B。: B is the narrator's gloss; a quotation opening the next sentence goes on
                segments = []
                nxt = _sentence_end(text, verb.end(), verb.end() + _SENTENCE_WINDOW)
                if nxt == verb.end() + _SENTENCE_WINDOW:
                    nxt = len(text)  # a sentence running on that far: no quotation is looked for after it
                while nxt < len(text) and text[nxt] == " ":
                    nxt += 1
                if nxt < len(text) and text[nxt] in _OPEN_QUOTES:
                    segments = [(nxt, _closing_quote(text, nxt))]
            segments.insert(0, before)
            kind = "direct"
            fired(SPAN_QUOTE_BEFORE)
        elif enabled(SPAN_SENTENCE_BEFORE) and not segments and subject_start > 0 and text[subject_start - 1] in "，," and verb.group(0) in _UNNAMED_VERBS and text[verb.end() : verb.end() + 1] in "。！？!?":
            sentence_start = _sentence_start(text, subject_start - 1)
            if subject_start - 1 - sentence_start >= 6 and not inside(quoted, sentence_start):
                segments = [(sentence_start, subject_start - 1)]  # …，某大学的某教授说。
                fired(SPAN_SENTENCE_BEFORE)
        if not segments:
            continue
        nested = False
        if found and found[-1].segments[-1][1] > segments[0][0] and found[-1].kind != "direct":
            prev = found[-1]
            if enabled(NESTED_STATEMENT) and _nests_in(prev, speaker, subject_start, span, topic):
                nested = True  # 某某说，某某强调指出，…: a statement inside the words, which go on
                fired(NESTED_STATEMENT)
            elif enabled(SPAN_CUT_AT_NEXT_SPEAKER):  # the previous indirect quote ran on into this speaker's clause: end it there
                prev.segments[-1] = (prev.segments[-1][0], subject_start)
                prev.rules.append(SPAN_CUT_AT_NEXT_SPEAKER)
        cue = text[verb.start() : verb.end() + _attached_say(text, verb.end())]
        fired(CUE_REPORTING_VERB)
        found.append(_Found(speaker, segments, kind, how, cue, rules=[CUE_REPORTING_VERB] + [name for name in trace if name != CUE_REPORTING_VERB], nested=nested))
        reach = max(reach, *(b for _, b in segments))
        refs.speaker(speaker)
        covered_until = segments[-1][1] if kind == "direct" else verb.end()
        # names inside the reported words are not referents ahead of their speaker (某某说，甲将…。他还说)
        mentions.drop_through(verb.end(), segments)
    for _, name, is_subject in mentions.before(len(text) + 1):
        refs.mention(name, is_subject)
    return found + _continued_quotations(text, found, quoted)


CONJOINED_CUE = rule(
    "cue.conjoined_statement",
    "称/说/预计/预测 with the content straight after it, in a subject-less clause joined by 并/还/同时 inside a statement just made (某某称A，并预计B), is a second statement of the same speaker, which ends the first.",
    fires=("王德明称该协议“非同寻常”，并预计两国贸易到明年大约将翻一番。", "王德明表示，这项工作进展顺利，并预测两国贸易明年会大幅增长。"),
    spares=("王德明表示，这项工作进展顺利，并称赞了工人们的努力。", "王德明表示，这项工作进展顺利，并称其为一个奇迹。"),
)
_CONJOINED = re.compile(r"(?:并且|并|还|同时|也|又|且)")


def _conjoined_cue(text: str, start: int, end: int, found: list[_Found]) -> bool:
    """cue.conjoined_statement: the verb at text[start:end] opens, after 并/还/同时, a clause inside
    the previous statement's words, and what follows it is a clause of its own (a verb in it),
    not a name given (称其为…) or a noun phrase."""
    if not enabled(CONJOINED_CUE) or text[start:end] not in _TIGHT_BY_CLASSES or not found or found[-1].kind == "direct":
        return False
    words_start, words_end = found[-1].segments[-1]
    clause = _subject_start(text, start)
    if not (words_start < clause < start < words_end) or text[clause - 1] not in "，," or not _CONJOINED.fullmatch(text[clause:start]):
        return False
    after = text[end : _clause_end(text, end)]
    if not after or after[0] in _NOT_AFTER_TIGHT or "为" in after[:6] or not ("\u4e00" <= after[0] <= "\u9fff" or after[0] in _OPEN_QUOTES):
        return False
    if any(cls.startswith("v") for _, cls in tag(after[:MAX_REGION])):
        fired(CONJOINED_CUE)
        return True
    return False


def _predicate_of_opening_subject(text: str, span: str, verb: str, speaker: Speaker, topic: tuple[int, Speaker] | None) -> bool:
    """span.opening_subject_predicate: the cue's clause has no subject of its own and continues the
    subject that opens the paragraph (某某就…阐明立场，强调A。B。), so its words run on as those of a
    speaker clause opening the paragraph do; a demand (并要求…) is its object clause only."""
    if not enabled(OPENING_SUBJECT_PREDICATE) or strip_adverbials(span).strip() or topic is None or verb in _DEMANDS:
        return False
    if topic[1].name == speaker.name and _opens_paragraph(text, _subject_start(text, topic[0])):
        fired(OPENING_SUBJECT_PREDICATE)
        return True
    return False


class _Pending:
    """A paragraph's person mentions (sorted by offset) not yet registered as referents. Taken in
    order with a cursor, and those inside a statement's words skipped, so that a paragraph of
    many names and quotes costs each verb only the mentions it passes."""

    def __init__(self, mentions: list[tuple[int, str, bool]]) -> None:
        self.mentions = mentions
        self.next = 0
        self.waiting: list[tuple[int, int]] = []
        """Spans of reported words not yet reached (a heap by start)."""
        self.covered_until = -1
        """The furthest end of the spans reached so far."""

    def first(self, default: int) -> int:
        return self.mentions[0][0] if self.mentions else default

    def before(self, end: int) -> Iterator[tuple[int, str, bool]]:
        """The mentions before ``end`` not yet taken and not inside reported words, in order."""
        while self.next < len(self.mentions) and self.mentions[self.next][0] < end:
            mention = self.mentions[self.next]
            self.next += 1
            while self.waiting and self.waiting[0][0] <= mention[0]:
                self.covered_until = max(self.covered_until, heapq.heappop(self.waiting)[1])
            if mention[0] >= self.covered_until:
                yield mention

    def drop_through(self, verb_end: int, segments: list[tuple[int, int]]) -> None:
        """A statement was found: the mentions up to its verb are passed over, and those in its
        words are never referents ahead of their speaker (某某说，甲将…。他还说)."""
        while self.next < len(self.mentions) and self.mentions[self.next][0] <= verb_end:
            self.next += 1
        for span in segments:
            heapq.heappush(self.waiting, span)


def _continued_quotations(text: str, found: list[_Found], quoted: list[tuple[int, int]]) -> list[_Found]:
    """某某表示，A。“B。”: a quotation that is a whole sentence of its own, right after a statement of
    this paragraph and with no speaker clause, goes on with that statement's speaker."""
    more: list[_Found] = []
    if not enabled(SPAN_CONTINUED_QUOTATION):
        return more
    tail = len(text.rstrip(" "))
    for start, end in quoted:
        if end - start < 8 or text[end - 2] not in "。！？!?…" or end < tail:
            continue  # only a complete utterance closing the paragraph
        if start == 0 or text[start - 1] not in "。！？!? ":
            continue
        previous = [f for f in found if f.segments and f.segments[-1][1] <= start]
        if not previous or any(a < end and start < b for f in found for a, b in f.segments):
            continue
        last = max(previous, key=lambda f: f.segments[-1][1])
        if text[last.segments[-1][1] : start].strip(" 。！？!?，,”」』"):
            continue  # narration in between: the quotation may be someone else's
        more.append(_Found(last.speaker, [(start, end)], "direct", "context", "", rules=[SPAN_CONTINUED_QUOTATION, *last.rules]))
    return more


def _headline_claims(text: str, state: _ArticleState) -> list[_Found]:
    """以方称坚持停火谈判立场 哈马斯称以方阻碍谈判: each claim of a short headline, with its source."""
    found: list[_Found] = []
    for part in re.finditer(r"[^ \u3000]+", text) if enabled(HEADLINE_CLAIM) else ():
        trace = new_trace()
        fired(HEADLINE_CLAIM)
        m = _HEADLINE_CLAIM.match(part.group(0))
        if not m or _VERB.search(m.group(1)) or m.group(3)[0] in _NOT_AFTER_TIGHT or _NEGATED.search(m.group(1)):
            continue  # 只做不说…: a negated verb is no claim
        subject = parse_subject(m.group(1))
        if subject is None and len(m.group(1)) <= 6 and not looks_like_name(m.group(1)):
            if m.group(1) in COUNTRY_ABBREVIATIONS or m.start(2) in _word_starts(part.group(0)[: m.end(2) + 4]):
                subject = Speaker(name=m.group(1), collective=True, speaker_type="organization")  # 俄称…, 以方称…
            # else 京味小说赠…, 美高官四处游说…: the verb is part of a word (小说, 游说), so no claim
        if isinstance(subject, Speaker):
            speaker, how = state.resolve(subject)
            if speaker is not None:
                found.append(_Found(speaker, [(part.start() + m.start(3), part.end())], "indirect", how, m.group(2), True, trace))
    return found


_LEAD = re.compile(r"^[^，。；]{0,30}?(?:电|讯|消息|报道)(?:[（(][^）)]{0,20}[）)])?[：:]?")


def _opens_paragraph(text: str, subject_start: int) -> bool:
    """The speaker clause is the paragraph's first (after a dateline, or after a question the
    statement answers): then the paragraph is that speaker's statement."""
    before = text[:subject_start].strip()
    if not before:
        return True
    lead = _LEAD.match(before)
    if lead and lead.end() == len(before):
        return True
    return before[-1] in "？?" and before.count("。") == 0


def _sentence_start(text: str, before: int, after_quotes: bool = True) -> int:
    """Where the sentence holding ``before`` starts (a closing quotation mark ends one too, unless
    ``after_quotes`` is false), or _SENTENCE_WINDOW characters before ``before`` if it starts earlier."""
    stops = "。！？!?；;”" if after_quotes else "。！？!?；;"
    floor = max(0, before - _SENTENCE_WINDOW)  # a run-on text: no further back than the window
    return max(text.rfind(stop, floor, before) for stop in stops) + 1 or floor
