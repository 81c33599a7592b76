"""The speaker of a cue from word classes: rules over the tags of a trained lexical analyser
(retrieval/tagger.py, Baidu LAC) instead of enumerated strings.

They run where the string rules of attribution.py found no subject (or a suspicious one), on the
subject region before the cue. The inventories (titles, organisation endings, surnames) stay as
evidence inside the string rules; here the model's classes decide: a PER span is a name whether or
not an inventory knows it, a TIME span between subject and cue is peeled off whatever its
granularity, and the head noun of a nominal subject decides whether it names a person (a title),
an organisation or a group.

Each rule is a named function registered in retrieval/rules.py; tests/test_subject_classes.py
generates the fillers (names of several kinds, titles in and out of the inventories, time
expressions of every granularity, organisation heads) that each must fire on or spare.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .inventories import surname_scores, words
from .models import Speaker
from .rules import enabled, fired, rule
from .speakers import _ROLE_END, COUNTRY_ABBREVIATIONS, TRANSLIT_CHARS, _word_starts
from .tagger import MAX_REGION, Token, tag

_CONTENT = "这项工作将在明年完成。"
PEEL_TIME_MANNER = rule(
    "subject.peel_time_manner",
    "TIME words, adverbs and manner adverbials (…地, …着) between the subject and the cue are not part of the subject.",
    fires=(f"渔业大臣斯韦尔森3月中旬表示，{_CONTENT}", f"佐野健太郎次日说，{_CONTENT}", f"海岸分队上周三坚定地表示，{_CONTENT}", f"首席大法官在宣判前说，{_CONTENT}"),
    spares=(f"渔业大臣斯韦尔森表示，{_CONTENT}", f"海岸分队表示，{_CONTENT}"),
)
PERSON_SPAN = rule(
    "subject.person_span",
    "A PER span closing the subject is the speaker's name, even outside the name inventories; the nominal words before it are the role.",
    fires=(f"渔业大臣斯韦尔森表示，{_CONTENT}", f"佐野健太郎说，{_CONTENT}"),
    spares=(f"海岸分队表示，{_CONTENT}", f"主办方表示，{_CONTENT}"),
)
NAME_BOUNDARY = rule(
    "subject.name_boundary",
    "Where the string rules cut a name differently from the PER span closing the subject (山本翔|太, 斯韦尔森次日), the PER span's boundaries win.",
    fires=(f"司马丽华表示，{_CONTENT}", f"部长司马丽华表示，{_CONTENT}", f"海岸委员会次日表示，{_CONTENT}"),
    spares=(f"部长王海峰表示，{_CONTENT}", f"佐野健太郎说，{_CONTENT}"),
)
TIGHT_CONTENT = rule(
    "cue.tight_content",
    "称/说/预测/预计 with the content straight after it, no comma (某某称将…, 某某预测今年…), when the word classes name the subject and the content opens a clause (a time expression, a modal or adverb); a party or institution before 称 is cue.tight_party_claim.",
    fires=("首席经济学家佐野健太郎预测今年经济增长将放缓。", "渔业大臣斯韦尔森称明年配额不会增加。"),
    spares=("王海峰说，将继续努力。", "小说将于明年出版。", "据称将于明年完工。", "他说明年再来。"),
)
ORGANISATION_HEAD = rule(
    "subject.organisation_head",
    "An ORG span closing the subject names an organisation speaking.",
    fires=(f"东盟称，{_CONTENT}",),
    spares=(f"佐野健太郎说，{_CONTENT}",),
)
NOUN_HEAD = rule(
    "subject.noun_head",
    "A nominal subject (no verb in it) is decided by its head noun: a person word is a title speaking, an institution or group word an organisation or group.",
    fires=(f"海岸分队表示，{_CONTENT}", f"主办方表示，{_CONTENT}", f"首席大法官在宣判前说，{_CONTENT}", f"纺织、服装等多家行业协会代表呼吁，{_CONTENT}"),
    spares=(f"渔业大臣斯韦尔森表示，{_CONTENT}", f"佐野健太郎说，{_CONTENT}"),
)

TAGGED_WITH_CUE = rule(
    "subject.tagged_with_cue",
    "The subject region is tagged together with its cue: the analyser reads a name by what follows it (热瓦甫 alone is an adjective, 热瓦甫说 a PER span), so an unlisted name right before the cue is read as one; a cue read as the end of a longer word (高度评价) has no subject of its own.",
    fires=(f"我们上路了。热合曼说，{_CONTENT}", f"早饭后，依明说，{_CONTENT}"),
    spares=(f"王德明说，{_CONTENT}",),
)
COMMON_NOUN_HEAD = rule(
    "subject.common_noun_head",
    "A noun phrase with a modifier or quantifier whose head is a common noun outside the person and institution word classes (两国元首, 不少嘉宾, 主治医生) speaks when the cue is a reporting verb (not an evidential one: 这种做法表明); a bare common noun (橘子, 公司) does not.",
    fires=(f"两国元首宣布，{_CONTENT}", f"不少嘉宾表示，{_CONTENT}", f"多国元首认为，{_CONTENT}"),
    spares=(f"北京表示，{_CONTENT}", f"该公司表示，{_CONTENT}", f"公司表示，{_CONTENT}", f"这种做法表明，{_CONTENT}", f"俗话说，{_CONTENT}", f"但橘子表示，{_CONTENT}", f"试验数据指出，{_CONTENT}"),
)
LEADING_CONJUNCTION = rule(
    "subject.leading_conjunction",
    "A conjunction opening the subject's clause (但, 而, 不过) joins the clause to the one before; it is no part of the subject.",
    fires=(f"许多公司撤出了，但组织者于周二坚称，{_CONTENT}", f"预算减少了，不过主办方于周二表示，{_CONTENT}"),
    spares=(f"组织者于周二坚称，{_CONTENT}",),
)
PRONOUN_THROUGH_ADVERBIALS = rule(
    "subject.pronoun_through_adverbials",
    "A third-person pronoun between a conjunction and adverbials (但他继续警告, 而她随后表示, 不过他们同时指出) is the subject of the cue, resolved as any pronoun is.",
    fires=("王德明表示，工作进展顺利，但他继续警告，资金仍然短缺。",),
    spares=("王德明表示，工作进展顺利，资金仍然短缺。",),
)
PLACE_FRAME = rule(
    "subject.place_frame",
    "在/于 + a place (在曼谷, 于日内瓦) between the subject and the cue is where the words were said, not part of the subject.",
    fires=(f"佐野健太郎曾在日内瓦表示，{_CONTENT}", f"海岸分队在日内瓦表示，{_CONTENT}"),
    spares=(f"佐野健太郎表示，{_CONTENT}",),
)
RELATIVE_MODIFIER = rule(
    "subject.relative_modifier",
    "A clause modifying the subject through 的 (设在某国的…公司, 负责此案的检察官) only describes it: the noun phrase after the last 的 speaks, as the attribution README names unnamed sources.",
    fires=(f"据设在北欧的船舶管理公司11日称，{_CONTENT}", f"负责调查的海岸分队表示，{_CONTENT}"),
    spares=(f"海岸分队表示，{_CONTENT}",),
)
LATIN_GLOSS = rule(
    "subject.latin_gloss",
    "A name's gloss in Latin script in brackets right before the cue (英特尔(Intel)表示) is no part of the subject; the name before it speaks.",
    fires=("脸书、推特和英特尔(Intel)表示其员工不会参加艺术节。",),
    spares=("脸书、推特和英特尔表示其员工不会参加艺术节。",),
)
COORDINATED_STATES = rule(
    "subject.coordinated_states",
    "Two or more places joined by 和/与/、 as the subject of a cue (甲国和乙国都认为) are those states speaking together; a place alone stays a setting.",
    fires=(f"芬兰和挪威都认为，{_CONTENT}", f"巴西、阿根廷与智利表示，{_CONTENT}"),
    spares=(f"北京表示，{_CONTENT}",),
)
SIDE_SUFFIX = rule(
    "subject.side_suffix",
    "A place, state or organisation followed by 方面 (乌克兰方面, 医院方面) is that party speaking; 方面 (\"side\") is not part of its name.",
    fires=(f"乌克兰方面称，{_CONTENT}", f"中国方面周一表示，{_CONTENT}", f"医院方面认为，{_CONTENT}"),
    spares=(f"乌克兰称，{_CONTENT}", f"医院表示，{_CONTENT}"),
)

_PEELED = frozenset(("TIME", "t", "d", "ad"))
"""Tags of words peeled off the end of a subject: time expressions and adverbs."""
_NOMINAL = frozenset(("n", "nz", "nw", "nt", "ns", "LOC", "ORG", "PER", "an", "vn", "m", "q", "a", "f", "s", "TIME"))
"""Tags that may stand inside a noun phrase before its head (modifiers, measure words, places)."""
_JOINERS = frozenset(("、", "和", "与", "及", "等", "的"))
"""Words that join the parts of a noun phrase (纺织、服装等多家行业协会代表; 该公司的发言人)."""
_DETERMINERS = ("该", "这", "那", "此", "某", "各", "本", "这位", "那位", "这名", "该名", "多位", "多名", "一位", "一名")
_PERSON_HEAD_ENDS = frozenset("长家员师人士者官席理统使卿相帅将尉臣督监编记导练手警兵农民生客众友表事")
"""Last characters of words for people (场长, 法官, 大臣, 编辑 has 编 — see _PERSON_HEAD_WORDS)."""
_PERSON_HEAD_WORDS = frozenset(("编辑", "秘书", "主任", "主管", "总裁", "顾问", "助理", "教授", "博士", "院士", "代表", "干部", "领导", "骨干", "患者", "选民", "网友", "村民", "居民"))
_GROUP_HEAD_ENDS = frozenset("队会方部局委院组团军社所厅署处办司行台站馆府党协盟")
"""Last characters of words for institutions and organised groups (分队, 协会, 主办方, 海军)."""
_PLURAL_MARKS = ("们", "多家", "多名", "多位", "各", "等", "、")
_MAX_NOUN_PHRASE = 16

_FRAME_PREPOSITIONS = frozenset("在于当")
"""Prepositions opening a time or occasion frame closed by a locative (在宣判前, 在会见时)."""
_AUDIENCE_PREPOSITIONS = frozenset("对向跟同给")
"""Prepositions of the one spoken to (对记者, 向与会代表)."""
_NAME_DOTS = "·・•‧．-－"
_SURNAMES = surname_scores()
_FRAME_ENDS = ("前", "后", "时", "上", "中", "期间", "之际", "以后", "之后", "以来")


def _peel(tokens: Sequence[Token]) -> list[Token]:
    """subject.peel_time_manner: drop trailing time words, adverbs, manner adverbials, an occasion
    frame (在宣判前) and the one spoken to (对记者)."""
    words = _joined_at_dots(tokens)
    if not enabled(PEEL_TIME_MANNER):
        return words
    closing = len(words)  # the word right before the cue is still there
    while words:
        if len(words) > 1 and words[-2][1] == "PER" and _dot_in(words[-2][0]) > 0 and _peelable(*words[-1]):
            if len(split := _split_name(words[-2][0] + words[-1][0])) > 1:
                words[-2:] = split  # 艾米莉·陈上 | 周三
        elif words[-1][1] == "PER" and (_dot_in(words[-1][0]) > 0 or len(words[-1][0]) >= 4):
            words[-1:] = _split_name(words[-1][0])  # 艾米莉·陈次日, 王某某日前
        if len(words) == 1:
            break
        word, cls = words[-1]
        if _peelable(word, cls) or (cls == "v" and word.endswith("着") and len(word) >= 2):
            words.pop()  # 3月中旬, 次日, 上周三, 当地时间 | 普遍, 一再 | 笑着
        elif (frame := _frame_start(words)) is not None:
            del words[frame:]
        elif (cls in ("a", "ad") and len(word) <= 2) or (cls in ("v", "vd") and len(word) == 2 and len(words) > 1 and words[-2][1] in ("TIME", "PER") and len(words) == closing):
            words.pop()  # 明确 | 表示: an adjective or a verb used as the cue's adverb, right after the subject or its time
        elif word == "地" and cls == "u" and len(words) > 2 and words[-2][1] in ("a", "ad", "d", "v", "vd", "an"):
            words.pop()
            words.pop()  # 坚定地, 语重心长地
        elif cls == "w" and word in "，,":
            words.pop()
        elif word in "）)" and len(words) > 3 and words[-2][1] in ("TIME", "t") and words[-3][0] in "（(":
            del words[-3:]  # 今天（6月7日）: a date in brackets
        elif word in "）)" and enabled(LATIN_GLOSS) and (gloss := _latin_gloss_start(words)) is not None:
            fired(LATIN_GLOSS)
            del words[gloss:]  # 英特尔(Intel): the name in Latin script, a gloss
        elif cls == "p" and word in _FRAME_PREPOSITIONS and len(words) < closing:
            words.pop()  # 于 | 周二: the preposition of a time already peeled
        else:
            break
    return words


def _joined_at_dots(tokens: Sequence[Token]) -> list[Token]:
    """卡琳娜 | · | 彼得松, 卡琳娜 | ·彼得松: the parts of a dotted name, which the tagger may cut at
    the dot, joined into one PER; so are two PER spans side by side (one name cut in two)."""
    words: list[Token] = []
    for word, cls in tokens:
        if words and (word[:1] in _NAME_DOTS or words[-1][0][-1:] in _NAME_DOTS) and words[-1][1] in ("PER", "w", "nz", "n"):
            words[-1] = (words[-1][0] + word, "PER")
        elif words and cls == "PER" and words[-1][1] == "PER":
            words[-1] = (words[-1][0] + word, "PER")  # 科 | 瓦尔斯基, 松本健 | 太郎: two names never stand side by side
        else:
            words.append((word, cls))
    return words


def _dot_in(name: str) -> int:
    """Where the last name dot of ``name`` stands, -1 without one."""
    return max(name.rfind(dot) for dot in _NAME_DOTS)


def _split_name(name: str) -> list[Token]:
    """艾米莉·陈次日, 王某某日前, read by the tagger as one name: a tail that the tagger reads as a time
    expression (then adverbs) after a pronoun (他 | 次日) is cut off, leaving two characters at least;
    an adverb only after a dot (佐野健太郎 is no 佐野健 | 太郎)."""
    dot = _dot_in(name)
    shortest = dot + 2 if dot > 0 else 2
    # the tagger's TIME swallows characters before it: without a dot the longest name is taken
    # (王某明 | 日前, not 王某 | 明日前); after a dot the longest time expression, unless it opens with
    # a transliteration character that is not a word of two characters or more in jieba's dictionary
    # (艾米莉·陈 | 上周三, 卡琳娜·某某格 | 日前)
    cuts = range(shortest, len(name)) if dot > 0 else range(len(name) - 1, shortest - 1, -1)
    for k in cuts:
        if name[k - 1].isdigit() or not name[k - 1].isalpha():
            continue  # a name does not end in a digit (斯韦尔森1 | 4日)
        inner = tag("他" + name[k:])
        if dot > 0 and len(inner) > 1 and inner[1][1] == "TIME" and name[k] in TRANSLIT_CHARS and min((at for at in _word_starts(name[k:]) if at > 0), default=len(name) - k) < 2:
            continue
        if len(inner) > 1 and inner[0][0] == "他" and all(_peelable(word, cls) or _manner(word, cls) for word, cls in inner[1:]) and (inner[1][1] in ("TIME", "t") or inner[1][0].endswith(("着", "时间")) or (dot > 0 and inner[1][1] == "d")):
            return [(name[:k], "PER"), *inner[1:]]
    return [(name, "PER")]


def _manner(word: str, cls: str) -> bool:
    """笑着, 坚定地, 明确: a manner adverbial word."""
    return (cls == "v" and word.endswith("着") and len(word) >= 2) or (cls in ("a", "ad") and len(word) >= 2) or (word.endswith("地") and len(word) >= 3)


def _peelable(word: str, cls: str) -> bool:
    return cls in _PEELED or (cls == "n" and word.endswith("时间") and len(word) >= 3)


def _frame_start(words: Sequence[Token]) -> int | None:
    """Where a closing prepositional phrase starts: 在…前/时/后 (an occasion) or 对/向 + a noun
    phrase (the audience); None when the words do not end in one or nothing would be left."""
    for k in range(len(words) - 1, 0, -1):
        word, cls = words[k]
        if cls != "p":
            continue
        rest = words[k + 1 :]
        if not rest:
            return None
        if word in _FRAME_PREPOSITIONS and rest[-1][0].endswith(_FRAME_ENDS) and rest[-1][1] in ("f", "TIME", "t", "n", "s"):
            return k
        if word in _FRAME_PREPOSITIONS and all(cls in ("TIME", "t") for _, cls in rest):
            return k  # 于周二, 在3月中旬: a time frame
        if word in "在于" and all(cls in ("LOC", "ns", "s") for _, cls in rest) and enabled(PLACE_FRAME):
            fired(PLACE_FRAME)
            return k  # 在曼谷, 于日内瓦: where the words were said
        if word in _AUDIENCE_PREPOSITIONS and _is_nominal(rest) and len(rest) <= 4:
            return k
        return None
    return None


def _latin_gloss_start(words: Sequence[Token]) -> int | None:
    """Where a closing gloss in brackets of Latin-script words starts (英特尔 | (Intel)); None when
    the words do not end in one or nothing would be left before it."""
    for k in range(len(words) - 2, 0, -1):
        if words[k][0] in "（(":
            inner = "".join(word for word, _ in words[k + 1 : -1])
            return k if inner and all(ch.isascii() for ch in inner) else None
    return None


def peel_time_manner(span: str) -> str:
    """The subject span without the time words and manner adverbials that close it (李强今年2月
    -> 李强); the span itself when nothing is peeled or everything would be."""
    tokens = tag(span)
    kept = sum(len(word) for word, _ in _peel(tokens))
    seen = sum(len(word) for word, _ in tokens)
    if kept in (0, seen):
        return span
    end = len(span.rstrip()) - (seen - kept)  # the tagger saw the span's tail only
    fired(PEEL_TIME_MANNER)
    return span[:end]


def _is_nominal(words: Sequence[Token]) -> bool:
    return all(cls in _NOMINAL or word in _JOINERS or word in _DETERMINERS or (cls == "r" and word.startswith(_DETERMINERS)) for word, cls in words)


def _titled(words: Sequence[Token]) -> bool:
    """A title whose modifiers include verbs (执行董事, 常务副主任): nouns and verbs only, the last a
    word for a person."""
    return all(cls in _NOMINAL or cls in ("v", "vn", "vd") for _, cls in words) and words[-1][1] in ("n", "nz") and _person_word(words[-1][0])


def _person_word(word: str) -> bool:
    return word in _PERSON_HEAD_WORDS or (len(word) >= 2 and word[-1] in _PERSON_HEAD_ENDS)


def _group_word(word: str) -> bool:
    return len(word) >= 2 and word[-1] in _GROUP_HEAD_ENDS


def person_span(words: Sequence[Token]) -> Speaker | None:
    """subject.person_span: 渔业大臣斯韦尔森 -> 斯韦尔森 (role 渔业大臣), 佐野健太郎, 艾米莉·陈."""
    if not enabled(PERSON_SPAN):
        return None
    if not words or words[-1][1] != "PER" or len(words[-1][0]) < 2:
        return None
    name = words[-1][0]
    before = list(words[:-1])
    while before and before[0][0] in _DETERMINERS:
        before.pop(0)
    if before and not (_is_nominal(before) or _titled(before)):
        return None  # 会见了某某: a name as the object of a verb, not the subject
    if any(cls == "PER" for _, cls in before):
        return None  # two names in a row: a coordination or an apposition, left to the string rules
    role = "".join(word for word, _ in before) or None
    fired(PERSON_SPAN)
    return Speaker(name=name, role=role)


_EVIDENTIAL = frozenset(("表明", "说明", "显示", "证明", "反映", "揭示"))
"""Verbs whose subject is evidence (这种做法表明, 经验说明), not a speaker: no common-noun subject."""


_EVIDENCE_NOUNS = words("measurement_noun")
"""Heads of evidence (试验数据, 最新民调): what they show is a finding, not a statement (the README's
evidential verbs 数据显示, 研究表明), whatever the verb."""


def _common_noun(head: str, cls: str) -> bool:
    """subject.common_noun_head: a common or proper noun (not a verbal noun, place or time word)
    that names no evidence."""
    return enabled(COMMON_NOUN_HEAD) and cls in ("n", "nz", "nw", "nt") and len(head) >= 2 and not head.endswith(_EVIDENCE_NOUNS)


def nominal_phrase(phrase: str) -> bool:
    """The analyser reads ``phrase`` as a noun phrase: nominal words only, a noun last (相关负责人)."""
    words = tag(phrase)
    return bool(words) and _is_nominal(words) and words[-1][1] in ("n", "nz", "nt", "nw", "ORG")


def without_side(name: str) -> str:
    """subject.side_suffix: 乌克兰方面 -> 乌克兰, 医院方面 -> 医院; any other name unchanged."""
    if len(name) > 2 and name.endswith("方面") and enabled(SIDE_SUFFIX):
        fired(SIDE_SUFFIX)
        return name[:-2]
    return name


def organisation_head(words: Sequence[Token]) -> Speaker | None:
    """subject.organisation_head: an ORG span closes the subject (…外交部, 某某协会)."""
    if not enabled(ORGANISATION_HEAD):
        return None
    if not words or words[-1][1] != "ORG" or not _is_nominal(words[:-1]):
        return None
    name = "".join(word for word, cls in words if cls != "r" or word not in _DETERMINERS)
    fired(ORGANISATION_HEAD)
    return Speaker(name=name, collective=True, speaker_type="organization")


def noun_head(words: Sequence[Token], cue: str = "") -> Speaker | None:
    """subject.noun_head: 首席大法官 (a title speaking), 海岸分队 / 主办方 (an organisation),
    纺织、服装等多家行业协会代表 (a group)."""
    if not enabled(NOUN_HEAD):
        return None
    if words and words[-1][0] == "则" and len(words) > 1:
        words = words[:-1]  # 其他人 | 则: the contrastive 则 joins the clause, it names no one
    prefix_ok = all(cls in _NOMINAL or (cls == "r" and not word.startswith(_DETERMINERS)) for word, cls in words[:-1])
    if words and prefix_ok and sum(len(w) for w, _ in words) <= _MAX_NOUN_PHRASE and _people_of(words):
        fired(NOUN_HEAD)
        return Speaker(name="".join(word for word, _ in words), collective=True, speaker_type="collective")
    if not words or not _is_nominal(words) and not (words[-1][1] == "v" and _is_nominal(words[:-1]) and _person_word(words[-1][0])):
        return None  # LAC tags 代表 as a verb even as a head noun: a person word at the end is a noun
    if len(words) >= 2 and words[-1][0] == "方面" and words[-2][1] in ("LOC", "ORG", "n", "nz", "nt", "ns") and enabled(SIDE_SUFFIX):
        words = words[:-1]  # 乌克兰方面, 医院方面: the party itself
        fired(SIDE_SUFFIX)
        if words[-1][1] == "LOC" and _is_nominal(words):
            fired(NOUN_HEAD)
            return Speaker(name="".join(word for word, _ in words), collective=True, speaker_type="organization")
    head, cls = words[-1]
    text = "".join(word for word, _ in words)
    if len(text) > _MAX_NOUN_PHRASE or cls in ("PER", "TIME", "m", "q", "f", "a") or len(head) < 2:
        return None
    if cls == "LOC":
        if enabled(COORDINATED_STATES) and sum(c == "LOC" for _, c in words) >= 2 and all(c == "LOC" or w in ("和", "与", "、", "及") for w, c in words):
            fired(COORDINATED_STATES)  # 美国和中国都认为: states acting together
            return Speaker(name=text, collective=True, speaker_type="organization")
        return None  # a place alone (北京) is a setting far more often than a speaker
    distributive = words[0][0].startswith("各") and len(words) > 1 and enabled(DISTRIBUTIVE_GROUP)
    if (words[0][0] in _DETERMINERS or words[0][0].startswith(_DETERMINERS)) and not distributive or words[0][1] == "m" and len(words) == 1:
        return None  # 该公司, 这位官员: an anaphor whose antecedent the string rules resolve, not a name
    if distributive:
        fired(DISTRIBUTIVE_GROUP)  # 各地渔民, 各方领导人: every member of a group, no anaphor
    classed = _person_word(head) or _group_word(head)
    common = bool(cue) and cue not in _EVIDENTIAL and len(words) > 1 and _common_noun(head, cls)  # only as a speaker of words
    if len(words) == 1 and (len(head) < 3 or head[0] in "一二两三四五六七八九十几数多"):
        if classed or head[0] in "一二两三四五六七八九十几数多" or not common:
            return None  # 公司, 三人: a bare generic word refers back; only a specific one (主办方) names a speaker
    plural = any(word in _PLURAL_MARKS or word.startswith(_PLURAL_MARKS) for word, _ in words) or head.endswith("们")
    if not classed:
        if not common:
            return None
        fired(COMMON_NOUN_HEAD)  # 两国元首, 不少嘉宾, 队医: a speaker whatever its head's class
        return Speaker(name=text, collective=True, speaker_type="collective")
    fired(NOUN_HEAD)
    if _person_word(head):
        if plural:
            return Speaker(name=text, collective=True, speaker_type="collective")
        return Speaker(name=text, collective=True, speaker_type="person")  # a title with no name: one person
    return Speaker(name=text, collective=True, speaker_type="organization")


PEOPLE_OF = rule(
    "subject.people_of",
    "人 after a place, an organisation, a part-word or a quantity (朝鲜人, 当地人, 丰田人, 部分人, 其他冰岛人), or a word ending in 人 whose first part is of the analyser's pronoun or numeral class (其他人, 一些人), names a group of speakers; a determiner (这些人, 本人) refers back instead.",
    fires=("冰岛人表示，要加强行业自律。", "当地人说，要加强行业自律。", "其他人则认为，要加强行业自律。", "一些人表示，要加强行业自律。", "其他冰岛人表示，要加强行业自律。"),
    spares=("本人表示，要加强行业自律。", "这些人表示，要加强行业自律。"),
)


def _people_of(words: Sequence[Token]) -> bool:
    """subject.people_of: the noun phrase ``words`` ends in 人 after a place, organisation or
    part-word (冰岛 | 人), or in one pronoun or numeral word of three or more characters ending in
    人 (其他人, 一些人)."""
    if not enabled(PEOPLE_OF):
        return False
    last, cls = words[-1]
    if last == "人" and len(words) >= 2 and words[-2][1] in ("LOC", "ORG", "s", "nz", "ns", "n", "m", "r") and not words[-2][0].startswith(_DETERMINERS):
        fired(PEOPLE_OF)
        return True
    if len(last) >= 3 and last.endswith("人") and not last.startswith(_DETERMINERS) and (cls in ("r", "m") or (cls == "n" and tag(last[:-1])[:1] and tag(last[:-1])[0][1] in ("m", "r"))):
        fired(PEOPLE_OF)
        return True
    return False


DISTRIBUTIVE_GROUP = rule(
    "subject.distributive_group",
    "各 or a word opening with it (各地, 各国, 各方, 各界) before a person or group head (各地渔民, 各方领导人, 各国代表) names a group of speakers, unlike the anaphoric determiners 该, 这, 此.",
    fires=("各地渔民表示，要加强行业自律。", "各方领导人表示，要加强行业自律。"),
    spares=("该渔民表示，要加强行业自律。",),
)


CALLED_NAME = rule(
    "subject.called_name",
    "A subject 名叫/叫做/名为 + a PER span + 的 + a person word (一位名叫某某的渔民) is that person by name, the head noun the role.",
    fires=("一位名叫王德明的渔民说，今年的收成不错。", "一名叫做马丁内斯的记者表示，现场秩序良好。"),
    spares=("渔民王德明说，今年的收成不错。", "一位渔民说，今年的收成不错。"),
)
_CALLING = ("名叫", "叫做", "名为", "叫作", "名字叫", "叫")
"""Words that introduce a name inside a noun phrase (一位名叫…的渔民)."""


def called_name(span: str) -> Speaker | None:
    """subject.called_name: 一位名叫王德明的渔民 -> 王德明 (role 渔民); None for any other subject."""
    if not any(calling in span for calling in _CALLING) or not enabled(CALLED_NAME):
        return None
    words = _peel(tag(span))
    for k in range(1, len(words) - 2):
        if words[k][1] == "PER" and words[k + 1][0] == "的":
            before, head = "".join(word for word, _ in words[:k]), words[k + 2 :]
            if before.endswith(_CALLING) and _is_nominal(head) and _person_word(head[-1][0]):
                fired(CALLED_NAME)
                return Speaker(name=words[k][0], role="".join(word for word, _ in head))
            return None
    return None


PLACE_NOT_PERSON = rule(
    "subject.place_not_person",
    "A person the string rules found whose name the tagger reads as a place is none: a town with its place ending (迈阿密海滩市) speaks as its administration, a bare place after another (新疆玛纳斯) is a setting.",
    fires=("迈阿密海滩市19日宣布，全市进入紧急状态。", "新疆玛纳斯：让绿色成为发展主色"),
    spares=("市长王海峰19日宣布，全市进入紧急状态。", "斯韦尔森表示，这项工作将在明年完成。"),
)
_PLACE_ENDS = frozenset("市县省州区镇乡村岛湾港")


def place_not_person(span: str, parsed: Speaker) -> Speaker | None:
    """subject.place_not_person: ``parsed`` itself unless its name is a place (海滩市 of 迈阿密海滩市 ->
    the organisation 迈阿密海滩市; 玛纳斯 after 新疆 -> None). Asked only of a name with a place
    ending or a short role that is no title, so that most subjects cost no tagging."""
    if parsed.collective or not enabled(PLACE_NOT_PERSON):
        return parsed
    role = parsed.role or ""
    if parsed.name[-1] not in _PLACE_ENDS and not (role and len(role) <= 4 and not _person_word(role)):
        return parsed
    words = _peel(tag(span.rstrip(" ，,：:")))
    if not words or words[-1][1] != "LOC":
        return parsed
    place = words[-1][0]
    if parsed.name[-1] in _PLACE_ENDS and place.endswith(parsed.name):
        fired(PLACE_NOT_PERSON)
        return Speaker(name=place, collective=True, speaker_type="organization")  # 迈阿密海滩市
    if place == parsed.name and len(words) > 1 and words[-2][1] == "LOC":
        fired(PLACE_NOT_PERSON)
        return None  # 新疆 | 玛纳斯 (巴西卢拉, one LOC to the tagger, may be a person)
    return parsed


UNTITLED_NON_NAME = rule(
    "subject.untitled_non_name",
    "A person the string rules found after words that are no title (a preposition or verb in them: 随着第三批…骨干 | 冷链) is no speaker unless the tagger reads the name as a PER span.",
    fires=("随着第三批国家骨干冷链物流基地公布，我国冷链物流设施更加完善。",),
    spares=("渔业大臣斯韦尔森表示，这项工作将在明年完成。", "会见结束后王海峰表示，这项工作将在明年完成。"),
)


def untitled_non_name(span: str, parsed: Speaker) -> bool:
    """subject.untitled_non_name: True when ``parsed`` is a fragment: its role is no title (the
    tagger finds a preposition or verb in it) and no PER span of the tagger's covers its name.
    Asked only of a role that does not end in a word for a person, so most subjects cost nothing."""
    role = parsed.role or ""
    if parsed.collective or not role or _person_word(role) or not enabled(UNTITLED_NON_NAME):
        return False
    region = span.rstrip(" ，,：:")[-MAX_REGION:].strip()
    name_at = region.rfind(parsed.name)
    words = tag(region)
    if name_at < 0 or any(cls == "PER" and parsed.name in word for word, cls in _joined_at_dots(words)):
        return False
    at, before = 0, []
    for word, cls in words:
        at += len(word)
        if at > name_at:
            break
        before.append(cls)
    return any(cls in ("p", "v", "c") for cls in before)


GROUP_FRAGMENT = rule(
    "subject.group_fragment",
    "A group or organisation speaker is a noun phrase: a name opening with a time expression (1月6日终) or with a one-character preposition before its object (与东盟国家领导人, 当某市…领导), holding a time word or an adverb before a verb (某大会11日召开…会议, 某州长已请求…), or two verbs in a row without 的 (受…谈判未能达成协议及美方), is a clause fragment and no speaker; a time word closing it (以方近期) is cut off.",
    fires=("海事局11日召开紧急特别会议，要求各方立即停火。", "双方提出共建五大家园，与东盟国家领导人共同宣布建立全面战略伙伴关系。", "受两国谈判未能达成协议及美方宣称将封锁海峡的影响，油价大涨。", "据媒体报道，以方近期向美方表示，对方的计划构成威胁。", "当临江市和电力系统各级领导得知他是退伍军人时，发自内心地感叹道：“这样的人太少了。”"),
    spares=("与会专家学者认为，这项工作将在明年完成。", "参会代表表示，这项工作将在明年完成。", "对华友好人士表示，这项工作将在明年完成。", "以警方称，中部地区有19人受伤。", "以监狱部门称，已收到释放名单。", "加密货币制造商和观察人士表示，这番表态很可能是为了安抚市场。"),
)


_TITLE_ADVERBS = frozenset(("总", "特别", "常务", "副"))
"""Words the tagger reads as adverbs that open titles inside a name (总检察长, 特别代表)."""


def group_fragment(name: str) -> str | None:
    """subject.group_fragment: the group speaker ``name`` itself, without a closing time word
    (以方近期 -> 以方), or None when it is a clause fragment (与东盟国家领导人, 1月6日终, 某大会11日召开
    特别会议, 某州长已请求联邦政府). A relative clause closed by 的 (参加抗议活动的日本民众) is a noun phrase."""
    if not (len(name) >= 3 or name[:1].isdigit()) or not enabled(GROUP_FRAGMENT):
        return name
    words = tag(name)
    if not words:
        return name
    last_de = max((k for k, (word, _) in enumerate(words) if word == "的"), default=-1)
    clause = words[last_de + 1 :]  # the words after the last 的: the head noun phrase
    if last_de < 0 and (words[0][1] == "TIME" or (len(words) > 1 and words[0][1] == "p" and len(words[0][0]) == 1 and words[0][0] not in COUNTRY_ABBREVIATIONS and len(words[1][0]) >= 2 and 1 in _word_starts(name))):
        fired(GROUP_FRAGMENT)
        return None  # 与会 | 工商界 in jieba: no preposition
    if "《" not in name and any((a[1] == "TIME" and b[1] in ("v", "p", "d")) or (a[1] == "d" and a[0] not in _TITLE_ADVERBS and b[1] == "v") for a, b in zip(clause, clause[1:])):
        fired(GROUP_FRAGMENT)
        return None  # 某大会 | 11日 | 召开…, 某州长 | 已 | 请求…: a time word or an adverb before a verb inside the name
    if last_de < 0 and any(a[1] == "v" and b[1] == "v" for a, b in zip(words, words[1:])):
        fired(GROUP_FRAGMENT)
        return None  # 未能 | 达成: two verbs in a row are a predicate (加密 | 货币 | 制造商 is a compound)
    if len(words) > 1 and words[-1][1] == "TIME" and len(kept := name[: len(name) - len(words[-1][0])]) >= 2:
        fired(GROUP_FRAGMENT)
        return kept
    return name


TITLE_AFTER_NAME = rule(
    "subject.title_after_name",
    "A PER span followed by a word for a person (某某支队长, 某某副经理) is the name with its title after it; a surname with 副 before a title (石副经理) is the surname and the title 副经理, not a name 石副.",
    fires=("孔德明副场长表示，这项工作将在明年完成。", "李海峰副经理介绍说，这项工作将在明年完成。", "场里的副经理石正东也在。石副经理分析说：“它们可能是吃得太胖了。”"),
    spares=("副场长孔德明表示，这项工作将在明年完成。", "陈云副总理说，这项工作将在明年完成。", "伯恩斯等人表示，总统的言论可能会被误读。", "Waymo发言人证实，该公司已在中国成立子公司。", "在外企工作的欧阳一平也在。欧阳女士说，今年春天失业了。"),
)
_TITLE_PREFIXES = ("副", "代", "常务副")


def title_after_name(span: str, parsed: Speaker | str | None) -> Speaker | str | None:
    """subject.title_after_name: 孔德明副场长 -> 孔德明 (role 副场长), 石副 | 经理 -> 石副经理 (a surname and
    the title 副经理); ``parsed`` itself otherwise. Asked only where the string rules found no one
    or a name ending in a title or in 副, so most subjects cost no tagging."""
    if not enabled(TITLE_AFTER_NAME):
        return parsed
    if isinstance(parsed, Speaker) and parsed.name.endswith(_TITLE_PREFIXES) and parsed.role and len(parsed.name) <= 3 and not parsed.collective:
        prefix = next(p for p in _TITLE_PREFIXES if parsed.name.endswith(p))
        if len(parsed.name) - len(prefix) == 1 or _SURNAMES.get(parsed.name[: -len(prefix)], 0) > 0:
            fired(TITLE_AFTER_NAME)
            return Speaker(name=parsed.name + parsed.role, role=prefix + parsed.role, alias=parsed.alias)  # 石副 | 经理: 石 + 副经理
    if parsed is not None and not (isinstance(parsed, Speaker) and len(parsed.name) >= 4 and (_person_word(parsed.name) or parsed.name.endswith(_TITLE_PREFIXES) or parsed.name.endswith(tuple(_PERSON_HEAD_WORDS)))):
        return parsed
    return _person_then_title(_peel(tag(span))) or parsed


def _person_then_title(words: list[Token]) -> Speaker | None:
    """孔德明 | 副场长, 贾廷寅 | 支队长, 陈云 | 副: a PER span and a word for a person closing the subject."""
    if not enabled(TITLE_AFTER_NAME):
        return None
    if len(words) >= 3 and words[-2][0] in _TITLE_PREFIXES and _person_word(words[-1][0]):
        words = [*words[:-2], (words[-2][0] + words[-1][0], words[-1][1])]  # 副 | 场长
    if len(words) >= 2 and words[-2][1] == "PER" and len(words[-2][0]) >= 2 and _SURNAMES.get(words[-2][0], 0) == 0 and any("\u4e00" <= ch <= "\u9fff" for ch in words[-2][0]) and words[-1][1] in ("n", "nz") and (_person_word(words[-1][0]) or words[-1][0] in _TITLE_PREFIXES) and not words[-1][0].startswith(_PLURAL_MARKS):  # 某某等人: a group
        before = words[:-2]
        if not before or _is_nominal(before) or _titled(before):
            role = "".join(word for word, _ in before) + (words[-1][0] if words[-1][0] not in _TITLE_PREFIXES else "")
            fired(TITLE_AFTER_NAME)
            return Speaker(name=words[-2][0], role=role or None)
    return None


def tag_before_cue(span: str, cue: str = "") -> tuple[Token, ...]:
    """subject.tagged_with_cue: the words of ``span`` as the analyser reads them with the cue after
    them; the span alone when the cue is not given or the reading joins the span's end to the cue."""
    span = span.rstrip()
    if not cue or not enabled(TAGGED_WITH_CUE):
        return tag(span)
    tokens = tag(span + cue)
    at = sum(len(word) for word, _ in tokens) - len(cue)  # where the cue starts in the tagged region
    kept: list[Token] = []
    total = 0
    for word, cls in tokens:
        if total >= at:
            break
        kept.append((word, cls))
        total += len(word)
    if total != at or not kept:
        fired(TAGGED_WITH_CUE)
        return ()  # 全会高度评价: the cue is the end of a longer verb, no cue of its own to have a subject
    alone = tag(span)
    if tuple(kept) != alone:
        fired(TAGGED_WITH_CUE)
    return tuple(kept)


def pronoun_subject(span: str, cue: str) -> str | None:
    """subject.pronoun_through_adverbials: 但他继续 | 警告, 而她随后 | 表示: the third-person pronoun
    the words around it only join or qualify; None for any other subject."""
    if not enabled(PRONOUN_THROUGH_ADVERBIALS) or not any(p in span for p in "他她"):
        return None
    words = list(tag_before_cue(span, cue))
    while words and words[0][1] == "c":
        words.pop(0)
    while len(words) > 1 and words[-1][1] in ("d", "ad", "vd", "TIME"):
        words.pop()
    if len(words) == 1 and words[0][0] in ("他", "她", "他们", "她们"):
        fired(PRONOUN_THROUGH_ADVERBIALS)
        return words[0][0]
    return None


def classed_subject(span: str, cue: str = "") -> Speaker | None:
    """The speaker the subject span names by word classes, after peeling time and manner words;
    None when the classes name no one (a verb phrase, a place, an ordinary noun)."""
    tokens = tag_before_cue(span, cue)
    words = _peel(tokens)
    if "的" in (marks := [word for word, _ in words]) and enabled(RELATIVE_MODIFIER):
        head = words[len(marks) - marks[::-1].index("的") :]
        if head and head != words and _is_nominal(head) and not _is_nominal(words) and (named := organisation_head(head) or noun_head(head)):
            fired(RELATIVE_MODIFIER)
            return named  # 设在某国的油轮管理公司: the clause before 的 only describes the one speaking
    if len(words) > 1 and words[0][1] == "c" and enabled(LEADING_CONJUNCTION):
        words = words[1:]  # 但 | 组织者坚称: the conjunction joins the clause, it names no one
        fired(LEADING_CONJUNCTION)
    if not words or words[-1][1] in _PEELED:
        return None
    if sum(len(word) for word, _ in words) < sum(len(word) for word, _ in tokens):
        fired(PEEL_TIME_MANNER)
    return person_span(words) or organisation_head(words) or noun_head(words, cue)


def subject_by_classes(span: str, parse: Callable[[str], Speaker | str | None], cue: str = "") -> Speaker | str | None:
    """The fallback attribution.py asks when its string rules found no subject in ``span``: the
    string rules again on the span without its closing time and manner words (the inventories
    are evidence), else the speaker the word classes name."""
    peeled = peel_time_manner(span)
    if peeled != span and (parsed := parse(peeled)) is not None:
        return parsed
    return classed_subject(span, cue)


def name_boundary(span: str, parsed: Speaker, article: str = "") -> Speaker:
    """subject.name_boundary: the person the string rules found, with the name the PER span closing
    the subject gives when the two overlap but differ (山本翔 -> 山本翔太, 斯韦尔森次日 -> 斯韦尔森).
    Asked only when the name is long or something stands between it and the cue, so that most
    subjects (某某表示) cost no tagging."""
    if not enabled(NAME_BOUNDARY) or parsed.collective:
        return parsed
    bare = span.rstrip(" ，,")
    if len(parsed.name) < 4 and bare.endswith(parsed.name) and (parsed.role or "")[-1:] != bare[-len(parsed.name) - 1 : -len(parsed.name)]:
        return parsed  # 某某 | 表示 with nothing glued to the name (部长司 | 马某某 has its 司 in the role)
    tokens = tag(bare)
    words = _peel(tokens)
    kept = "".join(word for word, _ in words)
    timed = any(_peelable(word, cls) and cls != "d" for word, cls in tokens) and parsed.name not in kept  # 会次日: the "name" took in a time word
    if words and words[-1][1] != "PER" and (timed or (words[-1][0].endswith(parsed.name) and _group_word(words[-1][0]))):
        # 某某管理处 (an institution, no person named 管理处), 海岸委员 | 会次日, 首席部长 | 当地时间:
        # a "name" the tagger reads as a head noun or as time words is none
        if (named := _person_then_title(words) or organisation_head(words) or noun_head(words)) is not None:
            fired(NAME_BOUNDARY)
            return named
        return parsed
    if not words or words[-1][1] != "PER":
        return parsed
    name = words[-1][0]
    if name == parsed.name or len(name) < 2 or not (name in parsed.name or parsed.name in name):
        return parsed
    if parsed.name in name and not bare.endswith(name) and bare.find(name) != bare.rfind(name):
        return parsed
    if name in parsed.name:  # shorter: only a title's last character off the front, a time word off the end
        front, back = parsed.name[: parsed.name.find(name)], parsed.name[parsed.name.find(name) + len(name) :]
        if front and not _person_word((parsed.role or "") + front):
            return parsed  # 扎 | 哈罗娃: the tagger cut a transliteration, no title ends there
        if back and (article.count(parsed.name) > 1 or not any(_peelable(w, c) and c != "d" for w, c in tag("他" + back)[1:])):
            return parsed  # 于友 | 先, 扎卢 | 日内: the longer name recurs in the article, or no time word was cut
    elif name.endswith(parsed.name) and (absorbed := name[: len(name) - len(parsed.name)]) and absorbed[-1] in _ROLE_END and _SURNAMES.get(absorbed + parsed.name[0], 0) == 0:
        return parsed  # 院长 | 武某某: a title's last character is no part of the name unless they make a surname (司马)
    role = parsed.role
    if role and name.endswith(parsed.name) and role.endswith(absorbed := name[: len(name) - len(parsed.name)]):
        role = role[: len(role) - len(absorbed)] or None  # 部长司 | 马某某 -> 部长 | 司马某某
    fired(NAME_BOUNDARY)
    return Speaker(name=name, role=role, alias=parsed.alias)


_CLAUSE_OPENING = frozenset(("TIME", "t", "d", "vd"))
"""Tags of a word that opens a clause of content (将, 已经, 今年, 明年 …) right after a cue."""


FORECAST_BY_AGENT = rule(
    "cue.forecast_by_agent",
    "预计/预测/估计 with the content straight after it is a forecast only when the analyser reads its subject as a person or an organisation (某机构预计将…); a thing or a budget before it (某运动会预计将有…, 中央财政预计将投入…) is what is expected, no forecaster.",
    fires=("全运会和残运会预计将有三万名运动员参赛。", "中央财政预计将投入超过百亿元。"),
    spares=("首席经济学家佐野健太郎预测今年经济增长将放缓。", "国际货币基金组织预计明年经济将增长3%。"),
)
_FORECASTS = frozenset(("预计", "预测", "估计"))


def _forecaster(subject: str) -> bool:
    """cue.forecast_by_agent: the subject ends in a PER or ORG span or a title."""
    words = _peel(tag(subject))
    if not words:
        return False
    word, cls = words[-1]
    return cls in ("PER", "ORG") or (cls == "n" and (word in _PERSON_HEAD_WORDS or word.endswith(("家", "员", "人士", "长", "官"))))


def tight_content(subject: str, after: str, parse: Callable[[str], Speaker | str | None], verb: str = "") -> bool:
    """cue.tight_content: the content follows the cue with no comma (某国外交部称将…, 某某预测今年…):
    the first word after the cue opens a clause (a time expression, a modal or adverb) and the
    subject names someone, by the string rules (a person, an institution) or by word classes."""
    if not enabled(TIGHT_CONTENT) or not subject.strip():
        return False
    head = tag(after[:8])
    if not head or head[0][1] not in _CLAUSE_OPENING:
        return False
    if verb in _FORECASTS and enabled(FORECAST_BY_AGENT) and not _forecaster(subject):
        fired(FORECAST_BY_AGENT)
        return False  # 中央财政预计将投入…: what is expected, not who expects it
    parsed = parse(subject)
    if isinstance(parsed, Speaker):
        tight = not parsed.collective or subject.rstrip().endswith(parsed.name)
    else:
        tight = parsed is None and classed_subject(subject) is not None
    if tight:
        fired(TIGHT_CONTENT)
    return tight


def manner_only(span: str) -> bool:
    """The words before a cue are one adverb or adjective (温馨 | 提示): no subject at all."""
    words = tag(span)
    return len(words) == 1 and words[0][1] in ("a", "ad", "d", "vd")
