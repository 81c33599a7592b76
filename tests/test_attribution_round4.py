"""Constructions of issue 9, round 4: each pinned on invented sentences."""

from __future__ import annotations

import pytest

from retrieval.attribution import attribute_quotes
from retrieval.speakers import looks_like_name


def _records(paragraphs: list[str]) -> list[tuple[str, str, str]]:
    return [(q.speaker.name, q.speaker.speaker_type, q.text) for q in attribute_quotes(paragraphs)]


def _speakers(paragraphs: list[str]) -> list[str]:
    return [q.speaker.name for q in attribute_quotes(paragraphs)]


# 1. the subject phrase ends at the name, not at the occasion or the reporter's learning


def test_an_issuer_before_its_statement_speaks_not_the_statement_fragment() -> None:
    """某公司在此前的声明中谴责了…，并表示…: the company speaks; 谴责了 + object is an act, not speech."""
    records = _records(["远洋快运公司在此前的声明中谴责了破坏活动，对港口当局表示了支持，并表示，公司将如期恢复航线。"])
    assert records == [("远洋快运公司", "organization", "公司将如期恢复航线")]


def test_what_a_reporter_learned_names_no_speaker() -> None:
    assert _records(["据本台报道员了解到的消息，山区公路已经重新开放。"]) == []
    assert _records(["据交通部门官员透露的消息，山区公路已经重新开放。"]) == [("交通部门官员", "collective", "山区公路已经重新开放")]
    assert _speakers(["据本台记者从中国驻某国大使馆了解到的消息，目前暂无中国公民受伤。"]) == ["中国驻某国大使馆"]


# 2. 包括X在内的Y: the head Y speaks


def test_the_head_of_an_including_phrase_is_the_speaker() -> None:
    records = _records(["包括法国历史学家在内的多国学者表示，这批档案极具研究价值。"])
    assert records == [("多国学者", "collective", "这批档案极具研究价值")]


def test_a_leading_ye_of_a_country_is_kept_when_the_preposition_is_dropped() -> None:
    assert _speakers(["据也门胡塞武装消息，港口昨晚遭到空袭。"]) == ["也门胡塞武装"]


# 3. verb phrases and common nouns are no speakers


def test_a_verb_phrase_before_a_noun_cue_is_no_speaker() -> None:
    """花钱买批评: 批评 is the object of 买, and 花钱买 no name."""
    assert _records(["花钱买批评，这种事倒也少见。"]) == []
    assert not looks_like_name("花钱买")


def test_an_object_of_a_citing_verb_is_not_the_speaker() -> None:
    """媒体引用雷达…数据报道称: 雷达 is the object of 引用 (and 跟踪 no preposition), not a person."""
    speakers = _speakers(["北欧多家媒体12日引用雷达跟踪网站数据报道称，那架货机已经安全降落。"])
    assert "雷达" not in speakers


# 4. NAME + time + 就 + topic + verb: NAME's statement, and 他 afterwards is NAME


@pytest.mark.parametrize(
    "statement",
    ["联合国特使安德森9日就难民安置局势发表声明说，各国应当分担责任。", "安德森早些时候就难民安置局势表示，各国应当分担责任。"],
)
def test_a_topic_adverbial_with_jiu_keeps_the_name_as_speaker(statement: str) -> None:
    paragraphs = ["教育部长刘文涛说，新学期的教材已经全部到位。", statement, "他说，国际社会不能袖手旁观。"]
    assert _speakers(paragraphs) == ["刘文涛", "安德森", "安德森"]


def test_jiu_as_then_is_no_topic() -> None:
    assert _speakers(["老师就对学生们说：“明天的考试要带好文具。”"]) != ["老师就"]
    assert _speakers(["某港口运营公司15日就这一裁决回应说，公司将提出上诉。"]) == ["某港口运营公司"]


# 5. procedural motions of a presiding body


def test_a_procedural_motion_is_no_statement_and_no_presiding_person_gets_it() -> None:
    paragraphs = [
        "大会主席团常务主席王立群主持会议。",
        "主席团常务主席根据各代表团的审议意见和修改情况，建议批准这份工作报告，并代拟了决议草案。",
    ]
    assert _records(paragraphs) == []


# 6. military ranks after a name


@pytest.mark.parametrize(
    "paragraph, name",
    [("海军陆战队发言人黄伟国中校说，演习将持续三天。", "黄伟国"), ("巡逻队的孟德尔准尉表示，边境一切正常。", "孟德尔")],
)
def test_a_name_followed_by_a_military_rank_is_the_speaker(paragraph: str, name: str) -> None:
    assert _speakers([paragraph]) == [name]


# 7. negated belief or speech


@pytest.mark.parametrize("paragraph", ["他并不相信，这项改革能在年内完成。", "她从来没有说过，工厂会在年底关闭。", "陈立新不认为，房价会继续下跌。"])
def test_negated_belief_or_speech_is_no_statement(paragraph: str) -> None:
    assert _records([paragraph]) == []


# 8. types


@pytest.mark.parametrize(
    "paragraph, name, kind",
    [
        ("六国外长表示，各方应当立即停火。", "六国外长", "collective"),
        ("大连海关表示，今年一季度进出口总额增长明显。", "大连海关", "organization"),
        ("某县检方表示，此案仍在进一步调查之中。", "某县检方", "organization"),
        ("德国药剂师协会一名代表表示，药品短缺问题十分严重。", "德国药剂师协会一名代表", "person"),
        ("交通运输部和国家铁路局相关负责人表示，春运期间将增开列车。", "交通运输部和国家铁路局相关负责人", "collective"),
        ("交通运输部相关负责人表示，春运期间将增开列车。", "交通运输部相关负责人", "person"),
        ("科学和技术部相关负责人表示，春运期间将增开列车。", "科学和技术部相关负责人", "person"),
        ("甲国总统和乙国总统表示，两国将加强合作。", "甲国总统和乙国总统", "collective"),
    ],
)
def test_speaker_types_of_counted_states_customs_one_representative_and_joint_officials(paragraph: str, name: str, kind: str) -> None:
    assert [(n, k) for n, k, _ in _records([paragraph])] == [(name, kind)]


# 3b. a reporting verb + 了 + object tells an act, not words; it still ends the statement before it


def test_a_verb_with_le_and_an_object_is_an_act_that_ends_the_statement_before_it() -> None:
    records = _records(["某市交通局说，它发现该公司做了虚假陈述，并宣布了暂停其运营资格的决定。"])
    assert records == [("某市交通局", "organization", "它发现该公司做了虚假陈述")]
    assert _records(["刘振华强调了两个因素。"]) == []


def test_the_actor_of_an_act_goes_on_speaking_in_the_same_sentence() -> None:
    records = _records(["救援队在山谷里找到了车辆残骸。北山游击武装组织否认了这一说法，并表示，照片是伪造的。"])
    assert records == [("北山游击武装组织", "organization", "照片是伪造的")]


def test_a_negated_verb_in_a_short_headline_is_no_claim() -> None:
    assert _records(["多干实事不说空话"]) == []
    assert _records(["光干不说包含深意"]) == []


# 3c. verb phrases and clause pieces are no group, institution or name


@pytest.mark.parametrize(
    "paragraph",
    [
        "北岛市政府发布防灾手册，呼吁居民为可能到来的台风做好准备，建议每户储备三天的饮用水。",
        "南城爆发游行，抗议政府对进口粮食征税伤害本地农民，并呼吁议会重新表决。",
        "多次有人建议他把这段经历写成小说。",
        "这首歌走红的原因之一是人们认为它唱出了年轻人的心声。",
        "双方表示，协议的关键是要两国将承诺要求落到实处。",
    ],
)
def test_a_verb_phrase_or_a_clause_is_no_speaker(paragraph: str) -> None:
    bad = {"呼吁居民", "抗议政府", "次有人", "原因之一是人们", "关键是要两国将承诺"}
    assert not bad & set(_speakers([paragraph]))


def test_a_title_split_by_an_office_name_stays_in_the_role() -> None:
    """美国农业部长某某·某某: 部长 is the title, so the name does not start with 长."""
    assert _speakers(["法国农业部长卡尔·韦伯表示，粮食出口将恢复。"]) == ["卡尔·韦伯"]


def test_an_opening_bracket_is_not_part_of_an_institution() -> None:
    assert _speakers(["（某国当局称，她参与了规避制裁的计划。"]) == ["某国当局"]


def test_an_act_on_a_document_does_not_make_the_document_a_speaker() -> None:
    paragraph = "去年，王明远曾表示支持发布一份联合公报，但随后愤怒地谴责了该声明，并在网上宣布他不会签字。"
    assert {name for name, _, _ in _records([paragraph])} == {"王明远"}


def test_a_modifier_verb_before_a_group_noun_keeps_the_group() -> None:
    paragraph = "这些活动人士用古典学说作为论据，声称工厂的做法是在剥削工人。"
    assert _records([paragraph]) == [("这些活动人士", "collective", "工厂的做法是在剥削工人")]


def test_an_act_inside_reported_speech_does_not_cut_the_statement() -> None:
    """某某说，欧盟各国对…表示了浓厚的兴趣: the act is part of what was said."""
    records = _records(["该国林业部副部长卡洛斯日前说，工业发达的北欧各国对本国原始森林产生的新鲜空气表示了浓厚的兴趣。"])
    assert [(name, words[:6]) for name, _, words in records] == [("卡洛斯", "工业发达的北")]


def test_guanyu_is_no_place_preposition_before_a_statement() -> None:
    speakers = _speakers(["此访期间，双方发表关于战略稳定的联合声明，强调各国应当摒弃冷战思维。"])
    assert "双方发表关" not in speakers


def test_a_modal_before_an_audience_is_not_part_of_the_subject() -> None:
    assert _speakers(["调查结束后，警方会向检方建议，应该以轻罪起诉这名司机。"]) == ["警方"]


def test_a_topic_and_an_expressive_verb_make_no_statement_of_the_sentence_before() -> None:
    """…通电话，双方就…进展表示肯定。: 表示肯定 is an attitude, the phone call no quote."""
    paragraph = "甲国外长12日与乙国外长通电话，双方就近期双边关系的进展表示肯定。"
    assert _records([paragraph]) == []


@pytest.mark.parametrize(
    "paragraph, name",
    [
        ("与会工商界代表发言并提出建议，表示愿意扩大在华投资。", "与会工商界代表"),
        ("某国武装最高政治委员会官员24日发出警告，要求外国舰船离开附近水域。", "某国武装最高政治委员会官员"),
        ("非盟称致力于扩大非洲大陆自贸区", "非盟"),
    ],
)
def test_modifiers_before_a_group_noun_and_short_headline_sources_stay_speakers(paragraph: str, name: str) -> None:
    assert _speakers([paragraph]) == [name]


# round 4, second pass: garbage found in the hand-judged samples, on invented sentences


def test_a_verb_completed_by_shuo_is_one_cue() -> None:
    assert "会警告" not in _speakers(["去年，某国议会的一个委员会警告说，邻国似乎已放松了管制。"])


def test_an_adverb_between_subject_and_verb_is_peeled_off() -> None:
    assert _speakers(["双方立场都很坚定，卡尔森显然认为这是施压的时机。"]) == ["卡尔森"]


@pytest.mark.parametrize(
    "paragraph, bad",
    [
        ("大多数出席会议的央行官员“注意到风险加剧了”，并认为应当保持耐心。", "大多数出席会议"),
        ("各地干部深入学习贯彻三中全会精神，表示要推动高质量发展。", "各地干部深入学习贯彻三中全会"),
        ("救援组织立即开启援助行动，为受灾地区和民众提供救助，并呼吁各界伸出援手。", "为受灾地区和民众"),
        ("部长考察了旧城改造项目，与商户、居民交流，要求当地推进城市更新。", "与商户、居民"),
    ],
)
def test_a_meeting_or_group_inside_a_predicate_is_no_speaker(paragraph: str, bad: str) -> None:
    assert bad not in _speakers([paragraph])


@pytest.mark.parametrize("paragraph, name", [("财经委员会向大会报告说，经济运行总体平稳。", "财经委员会"), ("边防警方会向检方建议，应当从重处罚。", "边防警方")])
def test_a_committee_keeps_its_hui_before_an_audience(paragraph: str, name: str) -> None:
    assert _speakers([paragraph]) == [name]


def test_a_conditional_ruguo_is_peeled_off_whole() -> None:
    """如果某某最终认为…: the conditional goes, not only its first character (果某某)."""
    assert not any(name.startswith("果") for name in _speakers(["如果贸易代表最终认为，规则改革没有进展，优惠将被取消。"]))


def test_a_short_verb_before_cheng_leaves_cheng_the_cue() -> None:
    assert _speakers(["“财长一直有很多的参与，”莱恩补充称。"]) == ["莱恩"]


@pytest.mark.parametrize(
    "paragraph, name",
    [
        ("北方某国外交部19日晚发表声明，谴责邻国试图强行推动制裁。", "北方某国外交部"),
        ("某国外交部此前发表声明，谴责这种举措是“盗窃”。", "某国外交部"),
        ("同一天，某国军方今天发布战报称，部队继续在东部推进。", "某国军方"),
    ],
)
def test_a_time_word_ends_the_name_of_an_institution(paragraph: str, name: str) -> None:
    assert _speakers([paragraph]) == [name]
