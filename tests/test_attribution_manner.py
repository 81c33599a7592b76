"""Manner between a speaker and the reporting verb: a co-verb phrase (拉着…的手说), a demonstrative
(这么回答) and a complement after the verb (回答得很干脆：“…”). Invented sentences."""

from __future__ import annotations

from retrieval.attribution import attribute_quotes


def _said(paragraphs: list[str]) -> list[tuple[str, str, str]]:
    return [(q.speaker.name, q.cue, q.text) for q in attribute_quotes(paragraphs)]


def test_a_co_verb_phrase_after_the_name_is_how_they_speak() -> None:
    said = _said(["获得本届一等奖的王小明拉着评委的手说：“这一年没有白费。”"])
    assert said == [("王小明", "说", "这一年没有白费。")]


def test_a_co_verb_phrase_after_a_pronoun() -> None:
    said = _said(["王小明在新家门口接受采访。", "她指着墙上的旧地图说：“这里就是我们的新家。”"])
    assert said == [("王小明", "说", "这里就是我们的新家。")]


def test_a_durative_phrase_that_modifies_the_head_noun_stays_in_the_subject() -> None:
    said = _said(["一位穿着红色外套的女士说：“排队的人太多了。”"])
    assert [name for name, _, _ in said] == ["一位穿着红色外套的女士"]


def test_a_demonstrative_of_manner_before_the_verb() -> None:
    said = _said(["王小明在新家门口接受采访。", "对于记者的许多问题，他这么回答：“我会一直住在这里。”"])
    assert said == [("王小明", "回答", "我会一直住在这里。")]


def test_a_complement_of_manner_after_the_verb_before_a_quotation() -> None:
    said = _said(["队员王小明回答得很干脆：“我会继续努力。”"])
    assert said == [("王小明", "回答得很干脆", "我会继续努力。")]
    assert _said(["队员王小明回答得不好。"]) == []  # no colon and quotation: a judgement, not speech


def test_a_demonstrative_pointing_back_at_words_already_reported_gives_no_quote() -> None:
    assert _said(["听王小明这么说，大家都很认同，项目很快就落地了。"]) == []


def test_a_co_verb_is_cut_where_its_verb_starts() -> None:
    said = _said(["陪同前来的村支部书记王小明微笑着对记者讲：“孩子的成绩提高了。”"])
    assert [name for name, _, _ in said] == ["王小明"]  # not 王小明微 (微 | 笑着)
    said = _said(["陪同前来的王小明微笑着握着记者的手说：“孩子的成绩提高了。”"])
    assert [name for name, _, _ in said] == ["王小明"]


def test_the_addressee_of_the_verb_is_never_its_speaker() -> None:
    said = _said(["去年冬天，王小明来到村里。", "他走进一户人家，他指着院里的玉米告诉王小明：吃不愁，就是缺钱。"])
    assert "王小明" not in [name for name, _, _ in said]


def test_an_act_of_analysis_before_the_verb_belongs_to_the_subject() -> None:
    said = _said(["法国媒体分析认为，新政策将在明年初见成效。"])
    assert [(name, cue) for name, cue, _ in said] == [("法国媒体", "认为")]
    said = _said(["一种分析认为，新政策将在明年初见成效。"])  # here the analysis itself is the subject
    assert "一种" not in [name for name, _, _ in said]
