"""Rule constants that tools/switch_one_off.py found unpinned (every attribution test stayed green
with the constant made inert): each gets a construction here, with invented sentences and
generated fillers, that fails when the constant stops doing its work."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from retrieval.attribution import attribute_quotes

from .test_subject_classes import _CHINESE, _DOTTED, _SETTINGS, _TRANSLITERATED

NAMES = st.one_of(_CHINESE, _TRANSLITERATED, _DOTTED)
_ONE_CHARACTER_SURNAME = st.builds(lambda s, g: s + g, st.sampled_from(list("王李孔赵郑钟")), st.sampled_from(["德明", "海峰", "晓燕", "建国", "雨桐", "志强"]))
TOPIC_VERBS = st.sampled_from(["谈到", "谈及", "提到", "谈道"])
PRAISE_VERBS = st.sampled_from(["称赞", "称道", "盛赞"])
OBJECTS = st.sampled_from(["公司的投资计划和人才培养", "他的勇气和担当", "当地的生态环境"])
LATER_CLAUSES = st.sampled_from(["这将是一次难得的机会", "会议已经结束", "大家可以回家了"])


def _quotes(paragraph: str) -> list[tuple[str, str]]:
    return [(q.speaker.name, q.text) for q in attribute_quotes([paragraph])]


@_SETTINGS
@given(NAMES, st.one_of(TOPIC_VERBS, PRAISE_VERBS), OBJECTS, LATER_CLAUSES)
def test_a_clause_mark_in_a_later_clause_makes_no_statement(name: str, verb: str, obj: str, later: str) -> None:
    """_CLAUSE_END: {name}谈到/称赞{object}，{a clause with 将/是/已经…}。 — a topic or praise verb
    with a noun-phrase object reports a topic, not words; the clause mark that would make its
    object a clause of content must stand in the verb's own clause, not in the next one."""
    assert _quotes(f"{name}{verb}{obj}，{later}。") == []


CONTENTS = st.sampled_from(["公司将扩大投资", "市场仍然疲软", "这项工作将在明年完成"])


@_SETTINGS
@given(NAMES, st.sampled_from(["讲", "意识到"]), CONTENTS)
def test_colon_only_cues_need_a_colon_and_a_quotation(name: str, verb: str, content: str) -> None:
    """_COLON_ONLY: 讲 and 意识到 report words only as {name}讲：“…”; with a comma (意识到，…) they
    report a realisation or a talk, no statement."""
    assert _quotes(f"{name}{verb}，{content}。") == []
    assert _quotes(f"{name}{verb}：“{content}。”") == [(name, f"{content}。")]


@_SETTINGS
@given(st.one_of(NAMES, st.sampled_from(["委员会", "决议", "代表团"])), st.sampled_from(["建议", "要求"]), st.sampled_from(["后", "落到实处", "等"]), CONTENTS)
def test_a_cue_word_before_a_noun_ending_is_a_noun(subject: str, verb: str, tail: str, content: str) -> None:
    """_NOUN_AFTER: 建议后, 要求落到实处, 建议等 — the cue word heads a noun phrase (or a time
    clause), so nothing after it is anyone's statement."""
    assert _quotes(f"{subject}{verb}{tail}，{content}。") == []


@_SETTINGS
@given(NAMES, st.sampled_from(["说起这件事就很激动", "说出了自己的想法", "称为此感到骄傲"]))
def test_say_glued_to_a_word_character_is_no_tight_cue(name: str, rest: str) -> None:
    """_NOT_AFTER_TIGHT: {name}说起…, 说出了…, 称为此…: 说/称 with no comma is a cue only when the
    next character does not make a word with it (说起, 说出, 称为 are other verbs)."""
    assert _quotes(f"{name}{rest}。") == []


GLOSSES = st.sampled_from(["这位企业家此前曾多次访问当地", "他是当地最大的投资者", "此人曾在海外工作多年", "这名官员来自北方"])
CUES = st.sampled_from(["表示", "强调", "说", "指出"])


@_SETTINGS
@given(NAMES, CUES, CONTENTS, GLOSSES)
def test_a_narrators_gloss_after_a_comma_ends_the_statement(name: str, cue: str, content: str, gloss: str) -> None:
    """_GLOSS: {name}表示，{content}，这位…/他是…: the clause describing the speaker is the narrator's."""
    assert _quotes(f"{name}{cue}，{content}，{gloss}。") == [(name, content)]


@_SETTINGS
@given(NAMES, CUES, CONTENTS, st.sampled_from(["他随后离开了会场", "她随即返回了北京", "它的规模很大"]))
def test_a_sentence_about_him_is_narration_not_his_statement(name: str, cue: str, content: str, narration: str) -> None:
    """_THIRD_PERSON: {name}表示，{content}。他随后…。 — a sentence with a third person in it after a
    statement that opens the paragraph is the narrator's, not more of the speaker's words."""
    assert _quotes(f"{name}{cue}，{content}。{narration}。") == [(name, content)]


@_SETTINGS
@given(NAMES, CONTENTS, st.sampled_from(["全会", "二中全会", "五中全会", "七中全会"]))
def test_a_meeting_announcing_ends_the_statement_before_it(name: str, content: str, meeting: str) -> None:
    """_DOCUMENT_HEAD_END: {name}强调，{content}。全会宣布，…。 — a sentence whose subject is a
    document or meeting brings a new source: the statement before it ends there, even when the
    meeting's announcement is itself no statement (宣布 is a decision)."""
    quotes = _quotes(f"{name}强调，{content}。{meeting}宣布，市场将全面开放。")
    assert quotes[:1] == [(name, content)]


@_SETTINGS
@given(NAMES, CUES, st.sampled_from(["三个一百工程", "十大重点工程", "两个确保行动", "五项基本措施"]))
def test_a_quoted_term_opening_with_a_numeral_is_no_quotation(name: str, cue: str, term: str) -> None:
    """_TERM: 落实“三个一百工程”: a quoted programme name is a term, the statement stays indirect."""
    quotes = attribute_quotes([f"{name}{cue}，公司将继续落实“{term}”。"])
    assert [(q.speaker.name, q.kind) for q in quotes] == [(name, "indirect")]


@_SETTINGS
@given(NAMES, st.sampled_from(["但", "不过", "然而", "而且", "因此，"]), st.sampled_from(["如此规模的违约“相当罕见”", "这种做法“完全不可接受”"]))
def test_a_connective_opening_a_mixed_quotation_is_left_out(name: str, connective: str, words: str) -> None:
    """_CONNECTIVE: 但如此规模的违约“相当罕见”，{name}说。 — the speaker's words before the quotation
    are theirs from after the connective that ties the sentence to the one before."""
    quotes = attribute_quotes([f"市场很平稳。{connective}{words}，{name}说。"])
    assert [(q.speaker.name, q.text, q.kind) for q in quotes] == [(name, words, "mixed")]


@_SETTINGS
@given(NAMES, st.sampled_from(["告诉记者", "告诉本台记者", "告诉媒体", "告诉大家"]), CONTENTS)
def test_the_one_told_is_not_part_of_the_words(name: str, told: str, content: str) -> None:
    """_TOLD_WHOM: {name}告诉记者，{content}。 — the words start after the one told."""
    assert _quotes(f"{name}{told}，{content}。") == [(name, content)]


@_SETTINGS
@given(_ONE_CHARACTER_SURNAME, st.sampled_from(["拒绝讨论细节", "访问了三家工厂"]), st.sampled_from(["进而", "继而"]), st.sampled_from(["表示", "强调", "指出"]), CONTENTS)
def test_a_linking_adverb_alone_goes_on_with_the_subject(name: str, act: str, link: str, cue: str, content: str) -> None:
    """_ELLIPSIS: {name}拒绝讨论细节，进而表示，…: a clause of only a linking adverb and the cue has
    the sentence's subject as speaker (subject.continuing). (Names with a one-character surname
    only: 欧阳德明拒绝讨论细节，进而表示… or a transliterated name there is not found as the
    sentence's subject today, with or without the adverb.)"""
    assert _quotes(f"{name}{act}，{link}{cue}，{content}。") == [(name, content)]


@_SETTINGS
@given(_ONE_CHARACTER_SURNAME, st.just("我们的老朋友"), CONTENTS)
def test_a_role_holding_a_pronoun_is_not_carried_to_later_mentions(name: str, role: str, content: str) -> None:
    """_CLAUSE_IN_ROLE: 我们的老朋友{name}说，… then {name}表示，…: a role with 我/我们/你们 is the
    narrator's clause about the person, not a title to give the later statement."""
    quotes = attribute_quotes([f"{role}{name}说，道路将通车。", f"{name}表示，{content}。"])
    assert [(q.speaker.name, q.speaker.role) for q in quotes][1:] == [(name, None)]


@_SETTINGS
@given(st.sampled_from(["没有", "没"]), st.sampled_from(["专家", "医院", "官员", "企业"]), CONTENTS)
def test_a_group_opened_by_a_negation_is_no_source(negation: str, group: str, content: str) -> None:
    """_OPEN_STARTS: 没有专家表示，…: a group phrase opening with 没 is a clause (nobody said it)."""
    assert _quotes(f"{negation}{group}表示，{content}。") == []


@_SETTINGS
@given(st.sampled_from(["至少它们", "咱们医院的专家们", "咱们村的干部们"]), CONTENTS)
def test_a_group_with_a_pronoun_inside_is_no_source(group: str, content: str) -> None:
    """_PRONOUN_IN: 至少它们表示 / 咱们…的专家们表示: a group phrase holding 它们/咱们 is a clause
    fragment, not a named source."""
    assert _quotes(f"{group}表示，{content}。") == []


@_SETTINGS
@given(_ONE_CHARACTER_SURNAME, st.sampled_from(["如同过去那样", "如同往常一样", "仍像过去那样"]), CONTENTS)
def test_a_comparison_before_the_cue_goes_on_with_the_subject(name: str, like: str, content: str) -> None:
    """_LIKE_BEFORE: {name}拒绝讨论细节，如同过去那样表示，…: a clause of only a comparison and the
    cue has the sentence's subject as speaker."""
    assert _quotes(f"{name}拒绝讨论细节，{like}表示，{content}。") == [(name, content)]
