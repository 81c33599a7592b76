"""Cues whose content follows with no comma, decided by the analyser's reading of what follows.

A reporting verb such as 称, 指控 or 谴责 may be followed straight away by what is said
(某某起诉政府，称此举违反宪法; 某某谴责某些国家将其意志强加于他国) or by a noun phrase that is no
statement at all (谴责这一袭击事件, 称其为一次意外). The difference is whether a clause follows:
a subject word and then a verb. Baidu's LAC tells a verb (v) from a verbal noun (vn), so
袭击事件 reads as a noun phrase and 窃取他们的内容 as a predicate, whatever the words.
"""

from __future__ import annotations

from .rules import rule
from .tagger import Token, tag

SUBJECT_CLASSES = frozenset(("n", "nz", "nw", "nr", "ns", "nt", "r", "PER", "ORG", "LOC", "TIME", "m", "s"))
"""Word classes that can open a clause as its subject (a noun, pronoun, name, place, time or number)."""
_NAMING_VERB = "为"
"""称其为…, 称他们为…: a name given to someone, never a claim about them."""
_NAMING_REACH = 4
"""How many words after the cue a naming 为 is looked for in (称 | 其 | 为, 称 | 某某 | 为)."""
_CLAUSE_READ = 24
"""Characters after the cue the analyser reads: enough for a subject and its verb."""


def clause_words(after: str) -> list[Token]:
    """The analyser's words of the clause that starts ``after`` (up to its first punctuation)."""
    words: list[Token] = []
    for word, cls in tag(after[:_CLAUSE_READ]):
        if cls == "w":
            break
        words.append((word, cls))
    return words


def is_clause(words: list[Token]) -> bool:
    """A subject word followed by a verb (v, not a verbal noun vn), and no naming 为 near the
    start: 此举 | 违反 | 宪法 and 是 | 中国 | 延长 … are clauses; 这 | 一 | 袭击(vn) | 事件 and
    其 | 为 | 一次 | 意外 are not."""
    if any(word == _NAMING_VERB for word, _ in words[:_NAMING_REACH]) or (words and words[0][1] == "c"):
        return False  # 称其为…: a name given; 谴责并称…: the cue comes after the conjunction
    seen_subject = False
    for _word, cls in words:
        if cls in SUBJECT_CLASSES:
            seen_subject = True
        elif cls == "v" and seen_subject:
            return True
    return False


def clause_follows(text: str, end: int) -> bool:
    """A clause (is_clause) starts right at ``end`` of ``text``."""
    return is_clause(clause_words(text[end:]))


def is_event(words: list[Token]) -> bool:
    """A clause telling an event rather than characterising someone: it is placed in time (a TIME
    word, 了 or 过 after a verb) or has no adverb of manner or habit (d) before its verb
    (美国近期在…升级军事行动 and 以色列袭击加沙 are events; 美方一味将其意志强加于他国 is a
    characterisation)."""
    if any(cls == "TIME" or (word in ("了", "过") and cls == "u") for word, cls in words):
        return True
    for _word, cls in words:
        if cls == "v":
            return True
        if cls in ("d", "ad"):
            return False
    return True


CLAIM_CLAUSE_CONTINUING = rule(
    "cue.claim_clause_continuing",
    "称 or 说 opening a later clause of a sentence (…起诉政府，称此举违反宪法) introduces a claim of the sentence's subject when a clause follows it at once in the analyser's reading (a subject word, then a verb), comma or not; a name given (称其为…) is no claim.",
    fires=("律师王德明起诉了市政府，称此举违反宪法。", "海岸分队扣押了两艘渔船，称渔民越界捕捞了两千吨鱼。"),
    spares=("律师王德明起诉了市政府，称之为一次冒险。", "律师王德明起诉了市政府，称其为违宪行为。"),
)
CRITIQUE_BY_CLASSES = rule(
    "cue.critique_by_classes",
    "谴责, 批评, 指责, 抨击 and 抱怨 with no comma after them report words when a clause follows in the analyser's reading (指责是对方延长了…, 抱怨对手窃取他们的内容), not when a noun phrase does (谴责这一袭击事件: 袭击 reads as a verbal noun); after 谴责, a clause telling an event (某国近期在…升级军事行动) is condemned, not reported, and only a characterisation (某些国家一味将…强加于…) is said.",
    fires=("王德明谴责某些国家一味将其意志强加于他国。", "几家渔业公司抱怨对手窃取他们的客户。", "王德明继续指责是对方延长了这场争端。"),
    spares=("王德明谴责这一袭击事件。", "几家渔业公司抱怨天气。", "王德明谴责某国近期在边境升级军事行动。", "王德明谴责某国军队袭击边境村庄。"),
)
