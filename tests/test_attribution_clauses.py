"""Clause structure around a cue (issue 20, classes 8-10): statements nested in other statements,
concessive clauses, a cue as a later predicate of the sentence's opening subject, and sources
coordinated after 据. Each construction is a template filled by Hypothesis generators (names of
several kinds, titles in and out of the inventories, time words of every granularity,
organisation heads), and each rule is held to its own fire and spare examples."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from retrieval import attribution, subject_classes
from retrieval.attribution import attribute_quotes
from retrieval.coreference import Referents
from retrieval.models import Quote
from retrieval.rules import REGISTRY, switched_off
from retrieval.speakers import parse_subject
from retrieval.tagger import tag
from tests.test_subject_classes import (
    _SETTINGS,
    NAMES,
    ORGANISATION_HEADS,
    ORGANISATION_MODIFIERS,
    TIMES,
    TITLES,
    _inside_person,
    _reads_name,
)

CONTENT = "这项工作将在明年完成"
CUES = st.sampled_from(["表示", "强调", "指出", "认为", "说"])


def _quotes(paragraph: str) -> list[tuple[str, str, bool]]:
    return [(q.speaker.name, q.text, q.nested) for q in attribute_quotes([paragraph])]


def _read_whole(name: str) -> bool:
    """The string rules read the name whole (佐野健 | 太郎 is a cut of the name readers, whose own rules
    and tests are elsewhere)."""
    parsed = parse_subject(name)
    return Referents([name + "说。"]).name_at(name + "说。", 0) in (None, name) and (parsed is None or getattr(parsed, "name", name) == name)


def _named(title: str, name: str, time: str) -> bool:
    """The tagger reads the title and name as ending in that name, the name whole inside a PER span
    (its own misreadings are the model's, not the clause rules')."""
    return _reads_name(title + name, name) and _inside_person(title + name + time, len(title), len(name))


@_SETTINGS
@given(NAMES, NAMES, TITLES, TIMES, st.sampled_from(["表示", "指出", "强调"]), st.sampled_from(["强调指出", "表示", "强调", "指出"]))
def test_statement_nested_at_the_opening_of_another(outer: str, inner: str, title: str, time: str, outer_cue: str, cue: str) -> None:
    """{outer}{表示}，{title}{inner}{time}{cue}，…: two records, the outer one over the whole inner
    clause, the inner one nested (span.nested_statement)."""
    assume(outer != inner and not outer.endswith(inner) and not inner.endswith(outer))
    assume(_named("", outer, "") and _named(title, inner, time))
    inner_clause = f"{title}{inner}{time}{cue}，{CONTENT}"
    found = _quotes(f"{outer}{outer_cue}，{inner_clause}。")
    assert (outer, inner_clause, False) in found
    assert (inner, CONTENT, True) in found


@_SETTINGS
@given(NAMES, ORGANISATION_MODIFIERS, ORGANISATION_HEADS, TIMES, st.sampled_from(["表示", "强调", "指出", "认为"]))
def test_statement_nested_in_a_later_sentence_of_another(outer: str, modifier: str, head: str, time: str, cue: str) -> None:
    """{outer}{cue}，A。{organisation}{time}发表声明，宣布…。B。: the organisation's announcement is nested
    and the outer statement runs on over it to B (span.nested_statement)."""
    assume(_named("", outer, ""))
    organisation = modifier + head
    paragraph = f"{outer}{cue}，双方的合作进展顺利。{organisation}{time}发表声明，宣布将在明年完成这项工作。各方将继续加强合作。"
    found = _quotes(paragraph)
    outer_words = [text for name, text, _ in found if name == outer]
    assert outer_words and outer_words[0].endswith("各方将继续加强合作")
    assert (organisation, "将在明年完成这项工作", True) in found


def test_separate_statements_are_not_nested() -> None:
    """A second speaker in a sentence of their own is no statement inside the first."""
    found = _quotes("王德明说，这项工作将在明年完成。李海峰表示，明年的任务更重。")
    assert found == [("王德明", CONTENT, False), ("李海峰", "明年的任务更重", False)]


@_SETTINGS
@given(st.sampled_from(["尽管", "虽然", "即使", "即便"]), NAMES, TITLES, TIMES, st.sampled_from(["表示", "认为", "强调", "指出"]), st.sampled_from(["但", "但是", "可是", "然而", "不过"]))
def test_concessive_statement_ends_at_the_main_clause(conjunction: str, name: str, title: str, time: str, cue: str, but: str) -> None:
    """{尽管}{title}{name}{time}{cue}…，{但}…: the statement is the concessive clause only, and the
    conjunction is no part of the speaker or the role (span.concession_main_clause)."""
    assume(_named(title, name, time))
    quotes = attribute_quotes([f"{conjunction}{title}{name}{time}{cue}{CONTENT}，{but}许多家长仍然担心费用问题。"])
    assert [(q.speaker.name, q.text) for q in quotes] == [(name, CONTENT)]
    assert conjunction not in (quotes[0].speaker.role or "")


def test_a_plain_but_clause_stays_in_the_statement() -> None:
    """Without a concessive opening, …，但… is still the speaker's (no cut)."""
    assert _quotes("王德明表示，这项工作将在明年完成，但需要更多的资金。") == [("王德明", "这项工作将在明年完成，但需要更多的资金", False)]


FOLLOWING = "解决冲突的根本出路是落实协议。各方应当保持克制。"


@_SETTINGS
@given(NAMES, TITLES, TIMES, st.sampled_from(["强调", "指出", "表示", "认为"]), st.sampled_from(["阐明原则立场", "发表看法", "回答记者提问"]))
def test_cue_as_a_later_predicate_of_the_opening_subject(name: str, title: str, time: str, cue: str, act: str) -> None:
    """{title}{name}{time}就当前局势{act}，{cue}A。B。C。: the cue is a later predicate of the subject
    that opens the paragraph, so the statement runs on as an opening one (span.opening_subject_predicate)."""
    assume(_named(title, name, time))
    paragraph = f"{title}{name}{time}就当前局势{act}，{cue}当务之急是尽快停火止战。{FOLLOWING}"
    assume(Referents([paragraph]).name_at(paragraph, len(title)) in (None, name))  # names cut by the name reader (佐野健|太郎) are another rule's
    quotes = attribute_quotes([paragraph])
    assert [(q.speaker.name, q.text) for q in quotes] == [(name, "当务之急是尽快停火止战。" + FOLLOWING.rstrip("。"))]


@_SETTINGS
@given(NAMES, TITLES, TIMES)
def test_a_later_demand_is_its_object_clause_only(name: str, title: str, time: str) -> None:
    """{name}对…表示不满，并要求…。<narration>: a demand is its object clause, never run on over the
    narrator's next sentence as a statement opening the paragraph would be."""
    assume(_named(title, name, time))
    found = _quotes(f"{title}{name}{time}对相关言论表示不满，并要求对方撤回错误言论。这些言论违反了宪法。")
    assert found == [(name, "对方撤回错误言论", False)]


@_SETTINGS
@given(NAMES, TITLES, TIMES, st.sampled_from(["称", "表示", "说"]), st.sampled_from(["并", "同时", "还"]), st.sampled_from(["预计", "预测", "称"]), st.sampled_from(["两国贸易到明年大约将翻一番", "今年的产量会大幅增长", "美国对华出口明年将继续增加"]))
def test_conjoined_cue_is_a_second_statement(name: str, title: str, time: str, cue: str, joiner: str, second: str, content: str) -> None:
    """{name}{cue}，A，{并}{预计}B。: two statements of the same speaker, the first ending before the
    joined clause (cue.conjoined_statement)."""
    assume(_named(title, name, time))
    found = _quotes(f"{title}{name}{time}{cue}，这项工作进展顺利，{joiner}{second}{content}。")
    assert found == [(name, "这项工作进展顺利", False), (name, content, False)]


@_SETTINGS
@given(NAMES, TITLES, TIMES, st.sampled_from(["说", "表示", "强调"]), st.sampled_from(["但", "但是", "不过"]), st.sampled_from(["", "他", "她"]), st.sampled_from(["没有", "未", "并未", "拒绝"]),
       st.sampled_from(["给出具体时间表", "提供任何证据", "提供更多细节", "出示相关数据", "回答记者关于资金的问题"]))
def test_what_the_speaker_withheld_is_the_narrators(name: str, title: str, time: str, cue: str, but: str, pronoun: str, negation: str, withheld: str) -> None:
    """{name}{cue}，A，{但}{他}{没有}{给出具体时间表}。: the narrator's addition is cut (span.narrator_withheld);
    a negated act inside what was said (…，但没有提供资金) stays."""
    assume(_named(title, name, time))
    assert _quotes(f"{title}{name}{time}{cue}，{CONTENT}，{but}{pronoun}{negation}{withheld}。") == [(name, CONTENT, False)]
    said = f"政府承诺支持这项工作，{but}{negation}提供资金"
    assert _quotes(f"{title}{name}{time}{cue}，{said}。") == [(name, said, False)]


ADDRESSEE_TITLES = st.sampled_from(["助手", "秘书", "副场长", "渔业大臣", "身边的工作人员", "项目经理"])


@_SETTINGS
@given(NAMES, TITLES, TIMES, st.sampled_from(["对", "向", "跟"]), ADDRESSEE_TITLES, NAMES, st.sampled_from(["说", "表示"]))
def test_the_one_addressed_in_a_later_clause_is_not_the_speaker(name: str, title: str, time: str, coverb: str, addressee_title: str, addressee: str, cue: str) -> None:
    """{name}视察了工地，{对}{助手}{addressee}{说}，…: the sentence's subject speaks, not the one spoken to
    (subject.addressee_after_coverb)."""
    assume(name != addressee and not name.endswith(addressee) and not addressee.endswith(name) and _named(title, name, time) and _read_whole(name))
    paragraph = f"{title}{name}{time}视察了工地，{coverb}{addressee_title}{addressee}{cue}，{CONTENT}。"
    assume((name, "PER") in subject_classes._joined_at_dots(tag(paragraph)))  # the construction is under test, not the analyser's names
    assert _quotes(paragraph) == [(name, CONTENT, False)]


@_SETTINGS
@given(NAMES, st.sampled_from(["转身", "回头", "随即"]), st.sampled_from(["对", "向"]), ADDRESSEE_TITLES, NAMES)
def test_the_one_addressed_after_a_manner_verb_is_not_the_speaker(name: str, manner: str, coverb: str, addressee_title: str, addressee: str) -> None:
    """{name}{转身}{对}{秘书}{addressee}说，…: the person before the co-verb phrase speaks."""
    assume(name != addressee and not name.endswith(addressee) and not addressee.endswith(name) and _named("", name, manner) and _read_whole(name))
    assume(subject_classes._joined_at_dots(tag(name + manner))[0] == (name, "PER"))  # not 艾米莉·陈转身 read as one name
    assume(getattr(parse_subject(name + manner), "name", name) == name)  # not 艾米莉·陈回头 read as a name by the string rules
    assume(addressee[-1] not in attribution._NOT_SPEECH_BEFORE)  # 由美 | 说 is read as no cue at all: a cue rule's miss, reported apart
    paragraph = f"{name}{manner}{coverb}{addressee_title}{addressee}说，{CONTENT}。"
    assume((name, "PER") in subject_classes._joined_at_dots(tag(paragraph)))  # 中村美咲回头 | 向…: the analyser's own misreading in context
    assert _quotes(paragraph) == [(name, CONTENT, False)]


@_SETTINGS
@given(NAMES, TITLES, TIMES, st.sampled_from(["", "来访的", "身边的"]), ADDRESSEE_TITLES, st.one_of(NAMES, st.just("")), st.sampled_from(["", "《海岸日报》", "美联社", "他"]))
def test_the_one_told_is_not_part_of_the_words(name: str, title: str, time: str, modifier: str, addressee_title: str, addressee: str, other: str) -> None:
    """{name}告诉{来访的}{助手}{addressee}，…: the words begin after the addressee (span.told_addressee);
    告诉 + a clause (告诉工人们要加快进度，…) keeps it."""
    assume(_named(title, name, time) and name != addressee)
    told = other or f"{modifier}{addressee_title}{addressee}"
    assume(told[0] not in attribution._NOUN_AFTER)  # 告诉项目经理 is read as no cue (项 after a cue makes it a noun): a cue rule's miss, reported apart
    found = _quotes(f"{title}{name}{time}告诉{told}，{CONTENT}。")
    assert [text for _, text, _ in found] == [CONTENT]
    assert [text for _, text, _ in _quotes(f"{title}{name}{time}告诉工人们要加快进度，{CONTENT}。")] == [f"工人们要加快进度，{CONTENT}"]


def test_later_predicate_after_a_lead_in_stays_one_sentence() -> None:
    """A sentence that does not open the paragraph (会后，…) gives the cue no run-on."""
    found = _quotes("会后，王德明就当前局势阐明原则立场，强调当务之急是尽快停火止战。" + FOLLOWING)
    assert found == [("王德明", "当务之急是尽快停火止战", False)]


@_SETTINGS
@given(ORGANISATION_MODIFIERS, ORGANISATION_HEADS, st.sampled_from(["", "等多个行业协会代表", "的两名代表"]), TIMES, st.sampled_from(["会晤了经济大臣", "到三个县考察", "召开座谈会"]), st.sampled_from(["强调", "认为", "指出", "表示"]))
def test_later_clause_continues_the_group_opening_the_sentence(modifier: str, head: str, group: str, time: str, act: str, cue: str) -> None:
    """{organisation}{group}{time}{act}，{cue}…: the cue's clause has no subject; the organisation or
    group the word classes read opening the sentence speaks (clause.group_subject_by_classes)."""
    subject = modifier + head + group
    found = _quotes(f"{subject}{time}{act}，{cue}{CONTENT}。")
    assert len(found) == 1 and found[0][1] == CONTENT
    assert subject.endswith(found[0][0]) and found[0][0].endswith(group[-2:] if group else head)


@_SETTINGS
@given(ORGANISATION_MODIFIERS, ORGANISATION_HEADS, st.sampled_from(["当地警方", "市消防部门", "卫生部", "外交部"]), st.sampled_from(["和", "与", "及", "、"]), st.sampled_from(["证实", "消息", "通报"]))
def test_coordinated_sources_give_one_record_each(modifier: str, head: str, other: str, joiner: str, cue: str) -> None:
    """据{organisation}{和}{other}{证实}，…: one record per source (source.coordinated)."""
    organisation = modifier + head
    found = {name for name, text, _ in _quotes(f"据{organisation}{joiner}{other}{cue}，{CONTENT}，没有人员伤亡。")}
    assert found == {organisation, other}


def test_a_coordination_inside_a_word_is_one_source() -> None:
    """据中国和平发展基金会证实: 和 of 和平 joins nothing."""
    assert {name for name, _, _ in _quotes(f"据中国和平发展基金会证实，{CONTENT}。")} == {"中国和平发展基金会"}


def test_nested_is_in_the_quote_record() -> None:
    """`quotes --json` says which record is nested."""
    quote = next(q for q in attribute_quotes(["王德明说，李海峰强调指出，这项工作将在明年完成。"]) if q.speaker.name == "李海峰")
    assert isinstance(quote, Quote) and quote.nested


_RULES = [attribution.TOLD_ADDRESSEE, attribution.ADDRESSEE, attribution.NARRATOR_WITHHELD, attribution.CONJOINED_CUE, attribution.GROUP_SUBJECT_BY_CLASSES, attribution.NO_MATTER_WHAT, attribution.OPENING_SUBJECT_BY_CLASSES, attribution.ISSUER_TIME, attribution.NESTED_STATEMENT, attribution.CONCESSION_MAIN_CLAUSE, attribution.OPENING_SUBJECT_PREDICATE, attribution.COORDINATED_SOURCES]


@pytest.mark.parametrize("name", _RULES)
def test_rule_fires_on_its_examples_and_spares_the_rest(name: str) -> None:
    """Switching the rule off changes the quotes of each fire-example and none of the spare-examples."""
    rule = REGISTRY[name]
    assert rule.fires and rule.spares
    for paragraph in rule.fires:
        on = _quotes(paragraph)
        with switched_off(name):
            assert _quotes(paragraph) != on, paragraph
    for paragraph in rule.spares:
        on = _quotes(paragraph)
        with switched_off(name):
            assert _quotes(paragraph) == on, paragraph
