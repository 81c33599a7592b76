"""Antecedents from the tagger's word classes (retrieval/coref_classes.py): constructions that
introduce a person or an organisation, filled by generated names, titles and time words, then a
pronoun or descriptor that must reach them; and the coref.* rules held to their examples."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from retrieval.attribution import attribute_quotes
from retrieval.rules import REGISTRY, switched_off
from retrieval.subject_classes import _joined_at_dots
from retrieval.tagger import tag

from .test_subject_classes import _DOTTED, _TRANSLITERATED, NAMES

# Fillers composed from parts (none taken from an evaluation set); the names are test_subject_classes'.
TITLES = st.sampled_from(["", "画家", "教授", "副场长", "渔业大臣", "编辑", "首席科学家", "项目经理", "执行董事", "总工程师", "副镇长"])
TIMES = st.sampled_from(["14日", "当地时间14日", "周二上午", "上周三", "本周一", "3月中旬", "9月初", "今年2月", "上月", "去年年底", "2024年5月", "次日", "当天", "近日"])
STATEMENTS = st.sampled_from(["这里的变化非常大", "明年还要继续干下去", "大家的支持最重要"])

_SETTINGS = settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def _reads_person(sentence: str, name: str) -> bool:
    """The tagger reads ``name`` as one PER span in the clause of ``sentence`` that holds it (its own
    misreadings, 中村 as 'in the village' or 佐野美 | 咲, are the model's, not the rules')."""
    clause = next(c for c in re.split("[，。；：]", sentence) if name in c)
    return (name, "PER") in _joined_at_dots(tag(clause))


def _speakers(paragraphs: list[str]) -> list[tuple[str, str]]:
    return [(q.speaker.name, q.text) for q in attribute_quotes(paragraphs)]


# --- coref.tagged_person: introductions the string rules do not read as a mention --------------

INTRODUCTIONS = [
    "{title}{name}{time}参观了新建的博物馆。",  # name + date + verb
    "干了二十年{title}的{name}，对这片林子再熟悉不过。",  # a descriptive modifier closed by 的, then a comma
    "直到{time}，{title}{name}才回到家乡。",  # a fronted clause, then 才
    "{title}{name}的作品在展览中引起关注。",  # inside a possessive
    "{time}退休后，{title}{name}回到了家乡。",  # after a temporal clause
]


@_SETTINGS
@given(st.sampled_from(INTRODUCTIONS), NAMES, TITLES, TIMES, STATEMENTS, st.booleans())
def test_pronoun_reaches_a_person_introduced_by_any_construction(template: str, name: str, title: str, time: str, statement: str, same_paragraph: bool) -> None:
    """An introduction of {name} in any of these constructions, then 他说，…, in the next paragraph or
    the same one: the pronoun's speaker is {name}, given that the tagger reads the name as a person."""
    if template.startswith("干了") and not title:
        title = "护林员"
    introduction = template.format(name=name, title=title, time=time)
    assume(_reads_person(introduction, name))
    said = f"他说，{statement}。"
    paragraphs = [introduction + said] if same_paragraph else [introduction, said]
    assert _speakers(paragraphs) == [(name, statement)]


@_SETTINGS
@given(NAMES, STATEMENTS)
def test_quoted_names_are_no_antecedents(name: str, statement: str) -> None:
    """A name inside someone's quoted words is not who 他 refers to: with no other person, no speaker."""
    assume(_reads_person(f"王德明15日参观了博物馆。{name}15日参观了博物馆。", name))
    assert _speakers([f"“{name}15日参观了博物馆。”他说，{statement}。"]) == []


# --- coref.common_word_not_person -----------------------------------------------------------

ORDINARY_WORDS = st.sampled_from(["高峰", "高潮", "黄昏", "午饭", "早饭", "春节", "晚饭", "黎明"])


@_SETTINGS
@given(ORDINARY_WORDS, st.sampled_from(["过后", "结束后", "前后"]), STATEMENTS)
def test_ordinary_word_before_a_time_clause_is_no_speaker(word: str, after: str, statement: str) -> None:
    """{word}{after}，他说，…: an ordinary word the tagger reads as no person never becomes the speaker
    (with no person named, there is none); a person named before it still is."""
    assume(not _reads_person(f"{word}{after}", word))
    assert all(speaker != word for speaker, _ in _speakers([f"{word}{after}，他说，{statement}。"]))
    assert _speakers([f"王德明来到车站。{word}{after}，他说，{statement}。"]) == [("王德明", statement)]


# --- coref.described_organisation -----------------------------------------------------------

_BRANDS = st.sampled_from(["华信", "恒远", "新航", "东岳", "启明", "瑞丰"])
_FIELDS = st.sampled_from(["科技", "能源", "医药", "物流", "汽车"])
_HEADS = st.sampled_from(["公司", "集团", "股份有限公司"])


@_SETTINGS
@given(_BRANDS, _FIELDS, _HEADS, st.sampled_from(["该{head}", "这家{field}企业", "这家企业", "该{field}企业"]), st.booleans())
def test_descriptor_reaches_the_organisation(brand: str, field: str, head: str, descriptor: str, same_paragraph: bool) -> None:
    """{brand}{field}{head}发布了新产品。 / {descriptor}表示，…: the descriptor's speaker is the
    organisation, given that the tagger reads it as one; a descriptor whose head differs from the
    organisation's (该银行 after a company) finds none."""
    organisation = brand + field + head
    introduction = f"{organisation}发布了新产品。"
    assume((organisation, "ORG") in tag(introduction))
    description = descriptor.format(head=head[-2:], field=field)
    said = f"{description}表示，产品将于明年上市。"
    paragraphs = [introduction + said] if same_paragraph else [introduction, said]
    assert _speakers(paragraphs) == [(organisation, "产品将于明年上市")]
    assert all(speaker != organisation for speaker, _ in _speakers([introduction, "该银行表示，产品将于明年上市。"]))


def test_descriptor_never_reaches_an_organisation_named_after_it() -> None:
    assert _speakers(["该公司表示，产品将于明年上市。华信科技公司随后发布了公告。"]) == []


# --- coref.headline_title_named_below -------------------------------------------------------

_COUNTRIES = st.sampled_from([("芬", "芬兰"), ("挪", "挪威"), ("瑞", "瑞典"), ("丹", "丹麦"), ("冰", "冰岛")])
_OFFICES = st.sampled_from(["外长", "防长", "总理", "财长"])


@_SETTINGS
@given(_COUNTRIES, _OFFICES, st.one_of(_TRANSLITERATED, _DOTTED), TIMES)
def test_headline_short_title_is_the_person_named_below(country: tuple[str, str], office: str, name: str, time: str) -> None:
    """{short}{office}：… over {country}{office}{name}{time}在记者会上介绍了情况。: the headline's speaker
    is {name}; when the next paragraph names someone of another office, not that person."""
    short, full = country
    below = f"{full}{office}{name}{time}在记者会上介绍了情况。"
    assume(_reads_person(below, name))
    headline = f"{short}{office}：将继续支持对话"
    assert _speakers([headline, below])[0] == (name, "将继续支持对话")
    assert (name, "将继续支持对话") not in _speakers([headline, f"{full}副议长{name}{time}在记者会上介绍了情况。"])


# --- the registry: each coref rule changes its fire-examples and spares the rest ------------

COREF_RULES = sorted(name for name in REGISTRY if name.startswith("coref."))


def test_coref_rules_are_registered() -> None:
    assert {"coref.tagged_person", "coref.common_word_not_person", "coref.described_organisation", "coref.headline_title_named_below"} <= set(COREF_RULES)


def _example_quotes(example: str) -> list[tuple[str, str, str]]:
    """An example's quotes; a newline separates the paragraphs of a multi-paragraph example."""
    return [(q.speaker.name, q.text, q.kind) for q in attribute_quotes(example.split("\n"))]


@pytest.mark.parametrize("name", COREF_RULES)
def test_switching_a_coref_rule_off_changes_exactly_its_examples(name: str) -> None:
    rule = REGISTRY[name]
    assert rule.fires and rule.spares
    on = {p: _example_quotes(p) for p in rule.fires + rule.spares}
    with switched_off(name):
        off = {p: _example_quotes(p) for p in rule.fires + rule.spares}
    assert [p for p in rule.fires if off[p] == on[p]] == []
    assert [p for p in rule.spares if off[p] != on[p]] == []


# --- coref.group_in_sentence ----------------------------------------------------------------

_GROUPS = st.sampled_from(["渔民", "学员", "参赛者", "志愿者", "职工", "村民", "护林员", "游客"])
_GROUP_CONTEXTS = st.sampled_from(["记者采访了几位{group}，", "参加活动的{group}都很认真，", "当地的{group}早已习惯了这种天气，但"])


@_SETTINGS
@given(_GROUPS, _GROUP_CONTEXTS, STATEMENTS, st.booleans())
def test_they_is_the_group_of_its_own_sentence(group: str, context: str, statement: str, earlier_group: bool) -> None:
    """{context with group}他们说，…: 他们 is the group its sentence names (as subject or object), even
    when an earlier sentence named another group; given that the tagger reads the group as a noun."""
    sentence = context.format(group=group)
    assume(any(word.endswith(group) and cls == "n" for word, cls in tag(sentence.rstrip("，但"))))
    paragraphs = (["网友们议论纷纷。"] if earlier_group else []) + [f"{sentence}他们说，{statement}。"]
    assert _speakers(paragraphs) == [(group, statement)]


LATIN_FIRST = st.sampled_from(["Kenneth", "Yan", "Gilles", "Lauren", "Chang W.", "Bryan"])
LATIN_LAST = st.sampled_from(["Tsang", "Cong", "Sabrié", "Lee", "Denton", "O'Neill"])
CREDITS = st.sampled_from(["for The New York Times", "/Agence France-Presse — Getty Images", "/Reuters"])


@_SETTINGS
@given(name=NAMES, first=LATIN_FIRST, last=LATIN_LAST, credit=CREDITS)
def test_a_photo_credit_is_no_antecedent(name: str, first: str, last: str, credit: str) -> None:
    """coref.latin_not_antecedent: 他 after a captioned photo is still the person quoted before it."""
    paragraphs = [f"{name}说，商场的功能仍然有价值。", f"港口的一座咖啡馆。 {first} {last} {credit}", "“商场要创造出一种体验，”他说。"]
    assume([q.speaker.name for q in attribute_quotes([paragraphs[0], paragraphs[2]])] == [name, name])  # the pronoun reaches the name without the caption
    speakers = [q.speaker.name for q in attribute_quotes(paragraphs)]
    assert speakers == [name, name], speakers
    assert not any(ch.isascii() and ch.isalpha() for speaker in speakers for ch in speaker)


GROUP_MODIFIERS = st.sampled_from(["广大", "许多", "当地", "沿海", "各地"])
GROUP_HEADS = st.sampled_from(["渔民", "村民", "教师", "志愿者", "牧民", "医务人员", "快递员"])
GROUP_PRONOUNS = st.sampled_from(["大家", "他们"])


@_SETTINGS
@given(modifier=GROUP_MODIFIERS, head=GROUP_HEADS, pronoun=GROUP_PRONOUNS)
def test_a_group_pronoun_refers_to_the_group_of_the_previous_sentence(modifier: str, head: str, pronoun: str) -> None:
    """subject.group_pronoun with coref.group_referent_by_classes: 广大渔民深入学习…。大家表示… is the group's statement."""
    said = [(q.speaker.name, q.text) for q in attribute_quotes([f"连日来，{modifier}{head}深入学习会议精神。{pronoun}表示，要加强行业自律。"])]
    assert len(said) == 1 and said[0][0].endswith(head) and said[0][1] == "要加强行业自律", said


@_SETTINGS
@given(head=GROUP_HEADS, pronoun=GROUP_PRONOUNS)
def test_a_group_pronoun_refers_to_the_group_its_sentence_names(head: str, pronoun: str) -> None:
    """coref.group_in_sentence: 会议引发各地渔民热烈反响，大家表示…: the group an adjective follows."""
    said = [q.speaker.name for q in attribute_quotes([f"会议引发各地{head}热烈反响，{pronoun}表示，要加强行业自律。"])]
    assert len(said) == 1 and said[0].endswith(head), said


@_SETTINGS
@given(determiner=st.sampled_from(["各地", "各国", "各方", "各省", "各界"]), head=GROUP_HEADS, cue=st.sampled_from(["表示", "认为", "呼吁"]))
def test_a_distributive_group_speaks(determiner: str, head: str, cue: str) -> None:
    """subject.distributive_group: 各地渔民表示… is the group's statement; 该渔民 (an anaphor) is not read as a name."""
    said = [(q.speaker.name, q.text) for q in attribute_quotes([f"{determiner}{head}{cue}，要加强行业自律。"])]
    assert said == [(f"{determiner}{head}", "要加强行业自律")], said
    with switched_off("subject.distributive_group"):
        assert (f"{determiner}{head}", "要加强行业自律") not in [(q.speaker.name, q.text) for q in attribute_quotes([f"{determiner}{head}{cue}，要加强行业自律。"])]


@_SETTINGS
@given(quantity=st.sampled_from(["其他", "一些", "许多", "不少", "部分"]), place=st.sampled_from(["", "冰岛", "芬兰", "当地"]), cue=st.sampled_from(["表示", "认为"]))
def test_people_of_a_place_or_quantity_speak(quantity: str, place: str, cue: str) -> None:
    """subject.people_of: 其他人, 一些冰岛人, 当地人 … name a group; 这些人 refers back and names no one."""
    said = [q.speaker.name for q in attribute_quotes([f"{quantity}{place}人{cue}，要加强行业自律。"])]
    assert said and said[0].endswith(f"{place}人"), said
    assert [q.speaker.name for q in attribute_quotes([f"这些{place}人{cue}，要加强行业自律。"])] in ([], [f"这些{place}人"])


@_SETTINGS
@given(name=NAMES, demonstrative=st.sampled_from(["这个", "这位", "这名"]), modifier=st.sampled_from(["", "干了二十年的", "7岁就开始打球的", "来自山区的"]), head=st.sampled_from(["老渔民", "学生", "工程师", "志愿者", "教练"]))
def test_a_described_person_is_the_one_named_before(name: str, demonstrative: str, modifier: str, head: str) -> None:
    """coref.described_person: “…，”这个…的学生说 after a quote of 某某 is 某某's."""
    paragraphs = [f"“船已经修好了，”站在码头边的{name}笑着说。", f"“今年的收成不错，”{demonstrative}{modifier}{head}说。"]
    first = [q.speaker.name for q in attribute_quotes(paragraphs[:1])]
    assume(first == [name])  # the name itself is read (the analyser's names are tested elsewhere)
    assert [q.speaker.name for q in attribute_quotes(paragraphs)] == [name, name]
    with switched_off("coref.described_person"):
        assert [q.speaker.name for q in attribute_quotes(paragraphs)][1:] != [name]
