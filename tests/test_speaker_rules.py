"""Cues of urging, asking and threatening, habit verbs before 说, and speakers that must be whole
names, titles or organisations (issue 20 classes 2, 5, 6 and the garbage speakers): constructions
with generated fillers, and each registered rule held to its fire and spare examples."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from retrieval import attribution, rules, subject_classes
from retrieval.attribution import attribute_quotes
from retrieval.tagger import tag

from .test_subject_classes import (
    _CHINESE,
    _DOTTED,
    _JAPANESE,
    _SETTINGS,
    _TRANSLITERATED,
    TIMES,
    TITLES,
    _inside_person,
    _reads_name,
)

NAMES = st.one_of(_CHINESE, _JAPANESE, _TRANSLITERATED, _DOTTED)
STATEMENTS = st.sampled_from(["冬季防火一刻也不能放松", "只要坚持就一定能成功", "如果不撤军将采取报复行动", "这批货什么时候能到"])


def _quotes(paragraph: str) -> list[tuple[str, str, str]]:
    return [(q.speaker.name, q.text, q.kind) for q in attribute_quotes([paragraph])]


@_SETTINGS
@given(NAMES, TITLES, st.sampled_from(sorted(attribution._ADDRESSING_CUES)), st.sampled_from(["，", "：", "大家，", "记者："]), STATEMENTS)
def test_addressing_cues(name: str, title: str, cue: str, after: str, statement: str) -> None:
    """{title}{name}{cue}{，|：|大家，}…: cue.addressing gives the name and the words after the cue."""
    assume(_reads_name(title + name, name))
    assert _quotes(f"{title}{name}{cue}{after}{statement}。") == [(name, statement, "indirect")]


@pytest.mark.parametrize("paragraph", ["政府鼓励企业加大研发投入。", "干旱威胁着当地的粮食生产。", "警方询问了在场的目击者。", "医生叮嘱他按时服药。", "洪水威胁到下游村庄的安全。"])
def test_addressing_verbs_before_an_object_are_no_cue(paragraph: str) -> None:
    assert _quotes(paragraph) == []


@_SETTINGS
@given(NAMES, TITLES, st.sampled_from(["总是", "老是", "总爱", "喜欢"]), STATEMENTS)
def test_habitual_say(name: str, title: str, habit: str, statement: str) -> None:
    """{title}{name}{总是|总爱|…}说，…: cue.habitual_say, the habit word no part of the subject."""
    assume(_reads_name(title + name, name))
    assert _quotes(f"{title}{name}{habit}说，{statement}。") == [(name, statement, "indirect")]


MINE = [name for name in rules.REGISTRY if name in {attribution.ADDRESSING_CUE, attribution.HABIT_SAY, attribution.BRACKET_OPENS, subject_classes.CALLED_NAME, subject_classes.PLACE_NOT_PERSON, subject_classes.UNTITLED_NON_NAME, subject_classes.GROUP_FRAGMENT, subject_classes.TITLE_AFTER_NAME}]


@pytest.mark.parametrize("name", MINE)
def test_rule_examples(name: str) -> None:
    """Each rule's fire-examples change when it is switched off; its spare-examples do not."""
    rule = rules.REGISTRY[name]
    on = {p: _quotes(p) for p in rule.fires + rule.spares}
    with rules.switched_off(name):
        off = {p: _quotes(p) for p in rule.fires + rule.spares}
    assert [p for p in rule.fires if on[p] == off[p]] == []
    assert [p for p in rule.spares if on[p] != off[p]] == []


@_SETTINGS
@given(NAMES, st.sampled_from(["一位", "一名", "", "有位"]), st.sampled_from(["名叫", "叫做", "名为"]), st.sampled_from(["渔民", "工程师", "记者", "志愿者", "老教师"]), TIMES)
def test_name_inside_a_calling_phrase(name: str, determiner: str, calling: str, head: str, time: str) -> None:
    """{一位}{名叫}{name}的{head}{time}说，…: subject.called_name gives the name, the head noun its role."""
    subject = f"{determiner}{calling}{name}的{head}{time}"
    assume(_reads_name(calling + name, name) and _inside_person(subject, len(determiner + calling), len(name)))  # 松本由 | 美/ORG is the tagger's error
    quotes = attribute_quotes([f"{subject}说，今年的收成不错。"])
    assert [(q.speaker.name, q.speaker.role) for q in quotes] == [(name, head)]


@_SETTINGS
@given(st.sampled_from(["迈阿密", "奥克兰", "拉各斯", "温哥华", "新泽西"]), st.sampled_from(["海滩市", "港口市", "北岸县", "河谷镇", "湾区"]), TIMES)
def test_a_town_is_no_person(region: str, town: str, time: str) -> None:
    """{region}{town}{time}宣布，…: subject.place_not_person: never a person named by the town's
    last words (海滩市 with role 迈阿密); the whole place speaks as its administration, or no one."""
    found = [(q.speaker.name, q.speaker.collective) for q in attribute_quotes([f"{region}{town}{time}宣布，全市进入紧急状态。"])]
    assert all(collective and name.endswith(town) for name, collective in found), found


@_SETTINGS
@given(NAMES, TITLES, st.sampled_from(["去世后", "离任后", "上任时"]), st.sampled_from(["公司", "集团公司", "该市政府"]))
def test_subject_inside_an_open_bracket(name: str, title: str, event: str, inner: str) -> None:
    """{title}{name}{event}（{inner}说，…）: subject.bracket_opens: the speaker is what follows the
    bracket, never a phrase that swallows the bracket."""
    found = [q.speaker.name for q in attribute_quotes([f"{title}{name}{event}（{inner}说，他今年7月在外地去世），业务已经重组。"])]
    assert all("（" not in speaker and name not in speaker for speaker in found), found


@_SETTINGS
@given(st.sampled_from(["随着", "伴随", "在"]), st.sampled_from(["第三批国家骨干", "一批省级重点", "新一轮"]), st.sampled_from(["冷链物流基地", "产业园区名单", "示范项目清单", "物流枢纽目录"]), st.sampled_from(["公布", "宣布"]))
def test_no_person_cut_out_of_a_noun(preposition: str, modifier: str, noun: str, cue: str) -> None:
    """{随着}{modifier}{noun}{公布}，…: subject.untitled_non_name: no person is cut out of the noun
    compound (冷链物 with role 随着第三批国家骨干); a person speaker must be a name the tagger reads."""
    quotes = attribute_quotes([f"{preposition}{modifier}{noun}{cue}，我国相关设施更加完善。"])
    assert all(q.speaker.collective for q in quotes), [(q.speaker.name, q.speaker.role) for q in quotes]


@_SETTINGS
@given(NAMES, st.sampled_from(["曾四次担任商会主席的", "前来参观的", "刚刚获奖的"]))
def test_described_names_kept(name: str, description: str) -> None:
    """{description}{name}说，…: subject.untitled_non_name spares a name after a relative clause that
    the tagger reads as a name (the verb in the description does not make it a fragment)."""
    assume(_reads_name(description + name, name))
    paragraph = f"{description}{name}说，这项工作将在明年完成。"
    with rules.switched_off(subject_classes.UNTITLED_NON_NAME):
        without = _quotes(paragraph)
    assert _quotes(paragraph) == without


GROUPS = st.sampled_from(["东盟国家领导人", "多国与会官员", "行业协会代表", "两国外长", "沿海省份官员"])


@_SETTINGS
@given(GROUPS, TIMES.filter(bool))
def test_group_then_time(group: str, time: str) -> None:
    """{group}{time}向美方表示，…: subject.group_fragment (with the peeling of time words): the group
    speaks, never a name that keeps the time word (given the tagger reads the time word as one:
    两 | 国外 | 长次日 is its error)."""
    assume(tag(group + time)[-1] == (time, "TIME"))
    names = [q.speaker.name for q in attribute_quotes([f"据媒体报道，{group}{time}向美方表示，对方的计划构成威胁。"])]
    assert all(time not in name for name in names), names


@_SETTINGS
@given(GROUPS, st.sampled_from(["与", "当", "同"]), st.sampled_from(["共同宣布", "一致表示", "联合呼吁"]))
def test_no_group_opens_with_a_preposition(group: str, preposition: str, cue: str) -> None:
    """…，{与}{group}{共同宣布}…: the words after a preposition are its object, never the speaker's
    name with the preposition glued on (subject.group_fragment), given the tagger reads the
    preposition as one (同多国/ORG is its error)."""
    assume(tag(preposition + group)[0] == (preposition, "p"))
    names = [q.speaker.name for q in attribute_quotes([f"双方提出共建五大家园，{preposition}{group}{cue}，将建立全面战略伙伴关系。"])]
    assert not any(name.startswith(preposition) for name in names), names


@_SETTINGS
@given(st.sampled_from(["1月6日", "２月３日", "3月中旬", "上周三"]), st.sampled_from(["终于", "最终", "随后"]), st.sampled_from(["承认", "宣布", "表示"]))
def test_no_speaker_opens_with_a_time(time: str, adverb: str, cue: str) -> None:
    """{time}{终于}在法院{cue}…: no speaker named by the time expression and a piece of the adverb."""
    names = [q.speaker.name for q in attribute_quotes([f"{time}{adverb}在地方法院{cue}，犯有诈骗罪。"])]
    assert not any(name[:1].isdigit() or name.startswith(time) for name in names), names


POSTPOSED_TITLES = st.sampled_from(["副场长", "支队长", "教授", "副经理", "副市长", "总工程师", "主任"])


@_SETTINGS
@given(NAMES, POSTPOSED_TITLES, TIMES)
def test_title_after_the_name(name: str, title: str, time: str) -> None:
    """{name}{title}{time}表示，…: subject.title_after_name: the name speaks with the title as its role,
    given the tagger reads the name and the title as two words."""
    words = tag(name + title)
    peeled = "".join(word for word, _ in subject_classes._peel(tag(name + title + time)))
    assume(len(words) == 2 and words[0] == (name, "PER") and words[1][0] == title and peeled == name + title)  # 场长次日 misread is the tagger's
    quotes = attribute_quotes([f"{name}{title}{time}表示，这项工作将在明年完成。"])
    assert [(q.speaker.name, q.speaker.role) for q in quotes] == [(name, title)]


@_SETTINGS
@given(st.sampled_from(["石", "王", "孔", "李"]), st.sampled_from(["经理", "局长", "校长", "主任"]), st.sampled_from(["德明", "正东", "海峰"]))
def test_surname_with_deputy_title(surname: str, title: str, given_name: str) -> None:
    """{surname}副{title}说：“…”, after 副{title}{surname}{given} was introduced: the surname with the
    title 副{title} is that person, never a name {surname}副 (subject.title_after_name)."""
    quotes = attribute_quotes([f"场里的副{title}{surname}{given_name}也在。{surname}副{title}分析说：“它们可能是吃得太胖了。”"])
    assert [q.speaker.name for q in quotes] == [surname + given_name]


@_SETTINGS
@given(st.sampled_from(["傅平均", "王德均", "李海都", "张志也"]), st.sampled_from(["做乡村振兴的领头雁", "扎根牧区四十年"]))
def test_headline_name_kept_whole(name: str, line: str) -> None:
    """{name}：{line} (a headline naming its subject): the whole name the tagger reads (subject.name_boundary
    in the headline path), never the name without a last character that is also an adverb (傅平 | 均)."""
    assume(tag(name) == ((name, "PER"),))
    assert [q.speaker.name for q in attribute_quotes([f"{name}：{line}"])] in ([name], [])


@_SETTINGS
@given(st.sampled_from(["海事局", "行业联盟", "东盟国家领导人", "州政府"]), TIMES.filter(bool), st.sampled_from(["召开紧急特别会议", "举行记者会", "已请求联邦政府"]))
def test_no_group_holds_a_predicate(group: str, time: str, predicate: str) -> None:
    """{group}{time}{predicate}，要求…: the cue's subject is the whole clause; no speaker is named by
    the group with its time word and predicate glued on (subject.group_fragment)."""
    names = [q.speaker.name for q in attribute_quotes([f"{group}{time}{predicate}，要求各方立即停火。"])]
    assert not any(predicate in name for name in names), names
