"""Constructions of issue 9, round 3: each pinned on invented sentences."""

from __future__ import annotations

import pytest

from retrieval.attribution import attribute_quotes
from retrieval.models import Speaker
from retrieval.speakers import looks_like_name, parse_subject, speaker_type


def _pairs(paragraphs: list[str]) -> list[tuple[str, str]]:
    return [(q.speaker.name, q.text) for q in attribute_quotes(paragraphs)]


@pytest.mark.parametrize(
    "paragraph, name",
    [
        ("世界卫生组织顾问彼得·欧文斯说，疫苗研发需要更多资金。", "彼得·欧文斯"),
        ("彼得说，他下周会再来这座城市看看。", "彼得"),
        ("工程师雅各表示，这座桥明年就能完工。", "雅各"),
        ("前议员贝拉·彼得称，选举结果令人意外。", "贝拉·彼得"),
    ],
)
def test_a_conventional_transliteration_ending_in_a_grammatical_character_is_a_name(paragraph: str, name: str) -> None:
    """得 / 各 / 地 end verb pieces (觉得) but also conventional transliterations (彼得, 雅各)."""
    assert [speaker for speaker, _ in _pairs([paragraph])] == [name]


@pytest.mark.parametrize("fragment", ["觉得", "获得", "他觉得", "只记得", "多劳多得", "经济学家觉得"])
def test_a_verb_piece_ending_in_de_is_still_no_name(fragment: str) -> None:
    assert not looks_like_name(fragment)
    parsed = parse_subject(fragment)
    assert parsed is None or isinstance(parsed, str) or not parsed.name.endswith("得")


@pytest.mark.parametrize(
    "paragraph, words",
    [
        ("校长王明远说，要求每个学生每天锻炼一小时会增加家长的负担。", "要求每个学生每天锻炼一小时会增加家长的负担"),
        ("经济学家邓丽芬表示，认为利率还会下降的看法过于乐观。", "认为利率还会下降的看法过于乐观"),
    ],
)
def test_a_reporting_verb_that_opens_the_reported_words_stays_in_them(paragraph: str, words: str) -> None:
    """X说，要求…: 要求 is the first word of what X said, not a second cue that cuts it off."""
    assert [text for _, text in _pairs([paragraph])] == [words]


@pytest.mark.parametrize(
    "paragraphs, name",
    [
        (["来自荷兰的参展商扬·德弗里斯此次带来了新款农机，收获满满，他告诉记者，这里的客户很专业。"], "扬·德弗里斯"),
        (["萨哈罗夫斯基当天与来访的邻国外长交换了意见。他在随后举行的记者会上警告说，局势可能进一步恶化。"], "萨哈罗夫斯基"),
        (["防长科瓦连科当天与来访的邻国外长交换了意见。", "他在随后举行的记者会上警告说，局势可能进一步恶化。"], "科瓦连科"),
        (["现年52岁的马丁·克劳斯（Martin Kraus）是一家零件厂的老板，他说订单比去年少了一半。"], "马丁·克劳斯"),
        (["那项新规也让德里克·霍尔感到不快。但他说，工厂的复苏让他看到了机会。"], "德里克·霍尔"),
    ],
)
def test_a_pronoun_refers_to_a_person_introduced_by_a_clause_that_is_not_speech(paragraphs: list[str], name: str) -> None:
    """The referent of 他 is the subject (or the one 让 affects) of a narrative clause, not only an earlier speaker."""
    quotes = attribute_quotes(paragraphs)
    assert [(q.speaker.name, q.resolved_from) for q in quotes] == [(name, "pronoun")]


def test_an_unresolvable_pronoun_gives_no_quote_rather_than_the_articles_main_person() -> None:
    paragraphs = [
        "国家主席习近平周二在论坛上说，中国将继续扩大开放。",
        "分析人士认为，这番讲话的对象主要是外国投资者。",
        "在南方一座港口城市，许多小店的生意并不好。",
        "“今年的客人少了一半，”她说。",
    ]
    speakers = [(q.speaker.name, q.paragraph) for q in attribute_quotes(paragraphs)]
    assert ("习近平", 3) not in speakers
    assert all(paragraph != 3 for _, paragraph in speakers)


def test_a_pronoun_reaches_back_one_paragraph_and_over_a_caption_and_a_pronoun_chain() -> None:
    paragraphs = [
        "“订单在减少，”工厂主陈立伟说。",
        "一家工厂的车间。 Jane Doe for The New York Times",
        "但他对前景很谨慎，因为他也希望工厂能撑下去。",
        "“厂子停了三年，没人愿意投资，”他说。",
    ]
    quotes = attribute_quotes(paragraphs)
    assert [(q.speaker.name, q.paragraph) for q in quotes] == [("陈立伟", 0), ("陈立伟", 3)]


def test_a_title_opening_a_clause_is_a_mention_of_its_holder() -> None:
    paragraphs = [
        "国家主席习近平出席会议并讲话。",
        "代表们深受鼓舞。",
        "会上，习主席重点围绕能力建设提出要求。他强调，关键是要在一体化上下功夫。",
    ]
    assert [(q.speaker.name, q.resolved_from) for q in attribute_quotes(paragraphs)] == [("习近平", "pronoun")]


@pytest.mark.parametrize(
    "name, kind",
    [
        ("该知情人士", "person"),  # a determiner picks out one source
        ("一位在展台值班的人士", "person"),
        ("这三名知情人士", "collective"),
        ("有些同志", "collective"),  # a quantifier makes a group, even of a title
        ("许多老师", "collective"),
        ("东盟", "organization"),  # 盟: a league
        ("非盟", "organization"),
        ("法检方", "organization"),  # X方: one side of a case or of talks
        ("辩方", "organization"),
        ("英防长", "person"),
        ("中美双方", "collective"),
    ],
)
def test_speaker_type_of_unnamed_and_abbreviated_subjects(name: str, kind: str) -> None:
    assert speaker_type(Speaker(name=name, collective=True)) == kind


def test_a_quantified_group_of_analysts_is_a_collective() -> None:
    (quote,) = attribute_quotes(["一些市场分析家认为，明年的增长会放缓。"])
    assert quote.speaker.speaker_type == "collective"


def _speakers(paragraph: str) -> list[str]:
    return [q.speaker.name for q in attribute_quotes([paragraph])]


def test_a_subject_before_a_time_word_and_a_verb_is_not_run_on_over_the_object() -> None:
    """以军当天要求…居民撤离，声称…: the speaker of 声称 is 以军, not 以军当天要求…居民."""
    paragraph = "俄军当天要求东部多个村庄居民立即撤离，声称将对当地军事目标发动打击。"
    quotes = attribute_quotes([paragraph])
    assert [(q.speaker.name, q.speaker.speaker_type) for q in quotes] == [("俄军", "organization")]


def test_an_existential_before_a_group_is_not_part_of_its_name() -> None:
    paragraph = "有人说他太天真，也有不少村民对他投来怀疑的目光，认为他只是来走个过场。"
    assert "不少村民" in _speakers(paragraph)
    assert not any(name.startswith(("也有", "有不少")) for name in _speakers(paragraph))


@pytest.mark.parametrize(
    "paragraph",
    [
        "去年5月，总理女士成功对我国进行正式访问，两国签署了多项合作文件。",  # 访问 is no 问
        "开展基因研究应将生命伦理要求贯穿研究全过程。",  # 要求 as a noun after a common noun
        "此前，交流团师生向校长致信，介绍今年3月他们来访并开展交流的经历，表示此行收获很大。",  # a verb phrase
        "局长提出，要落实好调研报告提出的建议，坚持问题导向。",  # 的建议: a noun, not a cue
    ],
)
def test_clause_fragments_never_become_speakers(paragraph: str) -> None:
    for name in _speakers(paragraph):
        assert name in ("局长", "交流团师生"), name  # 交流团师生…，表示…: the group opening the sentence (clause.group_subject_by_classes)


def test_a_group_word_inside_a_longer_word_does_not_cut_an_organisation() -> None:
    """…合作委员 | 会首脑会议: 委员 ends no word there, so it is no group of 委员."""
    paragraph = "第12届南部非洲发展共同体委员会首脑会议8日通过联合宣言，呼吁各方立即停火。"
    assert not any(name.endswith("委员") for name in _speakers(paragraph))


def test_a_long_transliteration_is_not_cut_short() -> None:
    paragraphs = ["冰岛议长约翰内斯多蒂尔今天会见了代表团。", "约翰内斯多蒂尔高度评价两国关系，表示双方合作潜力巨大。"]
    assert {q.speaker.name for q in attribute_quotes(paragraphs)} == {"约翰内斯多蒂尔"}


@pytest.mark.parametrize("fragment", ["向警方", "曾报道", "于副", "连最基本", "欧日", "中美"])
def test_a_preposition_or_adverb_before_a_word_is_no_name(fragment: str) -> None:
    """向 / 曾 / 于 are surnames too, but not before a dictionary word or a function character."""
    assert not looks_like_name(fragment)


@pytest.mark.parametrize(
    "paragraph, unwanted",
    [
        ("德外长称下周访问北京 多国表示欢迎这一决定", "称"),  # two headline claims in one line
        ("她说那晚他把她送回了家——她向法庭说。", "向"),  # a dash ends the clause before the subject
        ("来自交通运输部数据中心的最新消息，今年春运前十天，客流同比增长。", "中心"),  # 据 inside 数据
        ("如果要领导这个行业，就需要思考我们的利益所要求控制的技术。", "利益"),  # 所要求: no cue
        ("他再次发出呼吁，希望对方当局认真回应我们的主张，并进一步指出，和平是大势所趋。", "希望"),
    ],
)
def test_clause_pieces_around_a_cue_are_not_taken_as_the_speaker(paragraph: str, unwanted: str) -> None:
    assert not any(unwanted in name for name in _speakers(paragraph))


def test_a_source_credited_by_a_message_loses_the_issuing_verb() -> None:
    quotes = attribute_quotes(["根据埃塞俄比亚官员9日透露的消息，谈判各方将于下周返回会场。"])
    assert [q.speaker.name for q in quotes] == ["埃塞俄比亚官员"]


@pytest.mark.parametrize("fragment", ["会商后", "谈判时", "因东京", "曾讲", "于副"])
def test_time_clauses_and_prepositions_before_words_are_no_names(fragment: str) -> None:
    assert not looks_like_name(fragment)


def test_a_country_that_starts_with_an_adverb_survives_the_stripping_of_connectives() -> None:
    """据 | 也门…: 也 is the first character of 也门 here, not the adverb."""
    (quote,) = attribute_quotes(["据也门国防部称，当晚的袭击造成多处设施受损。"])
    assert quote.speaker.name == "也门国防部"


def test_an_addressee_with_a_manner_adverb_is_not_a_title_holder_speaking() -> None:
    assert _speakers("他扶起老人，坚定地对身边的同志说：“雪再大，也要把房子建好。”") != ["坚定地对身边的同志"]


@pytest.mark.parametrize(
    "paragraph, speaker",
    [
        ("甲乙两国签署联合声明，声明指出，双方同意恢复外交关系。", "声明"),  # the document, not the signing clause
        ("从多位返乡务工人员口中可以了解到，今年的工资普遍上涨了。", "多位返乡务工人员"),
    ],
)
def test_a_source_is_cut_from_the_verbs_around_it(paragraph: str, speaker: str) -> None:
    assert _speakers(paragraph) == [speaker]


@pytest.mark.parametrize("fragment", ["李调查", "根本目标", "王草局", "田商后"])
def test_a_verb_an_ordinary_noun_or_an_office_after_a_surname_is_no_name(fragment: str) -> None:
    assert not looks_like_name(fragment)


@pytest.mark.parametrize(
    "paragraph, speaker",
    [
        ("叙利亚军方随后表示，行动还将持续数日。", "叙利亚军方"),  # a time adverb after the subject
        ("另有非盟高级官员表示，谈判仍在进行。", "非盟高级官员"),  # 另有: existential
        ("国际粮食发展会议30日警告称，冲突阻碍了化肥运输。", "国际粮食发展会议"),  # 发 of 发展 issues nothing
        ("他表示，多数农户认为今年的收成不错。", None),  # 多数 is the quantifier, not 多 + 数农户
    ],
)
def test_adverbs_and_quantifiers_at_the_edges_of_a_group_are_peeled_off(paragraph: str, speaker: str | None) -> None:
    names = _speakers(paragraph)
    if speaker is None:
        assert not any(name.startswith("数") for name in names)
    else:
        assert speaker in names


def test_nouns_made_from_cues_and_expressive_acts_are_no_quotes() -> None:
    assert attribute_quotes(["去年，各部门共办理人大代表建议8000件，政协委员提案5000件。"]) == []
    quotes = attribute_quotes(["王立平首先代表市政府对建设者们表示亲切的慰问。他说，这项工程意义重大。"])
    assert [(q.speaker.name, q.text) for q in quotes] == [("王立平", "这项工程意义重大")]


@pytest.mark.parametrize("fragment", ["敦促法国", "称不", "王到"])
def test_clauses_ending_in_a_country_a_negation_or_a_verb_piece_are_no_names(fragment: str) -> None:
    assert not looks_like_name(fragment)


@pytest.mark.parametrize(
    "paragraph, speaker",
    [
        ("马丁·哈根高度评价两国合作，表示公司愿继续扩大投资。", "马丁·哈根"),  # 高 opens 高度, not the name
        ("秘鲁国防部同一天表示，将加强边境巡逻。", "秘鲁国防部"),
        ("同一天加拿大气象局称，东部将出现强降雪。", "加拿大气象局"),
        ("伊拉克官方发言人3日就此表示，政府将展开调查。", "伊拉克官方发言人"),
    ],
)
def test_a_name_ends_before_the_word_after_it_and_time_words_are_peeled(paragraph: str, speaker: str) -> None:
    assert _speakers(paragraph) == [speaker]


def test_a_dotted_name_with_a_one_character_last_part_and_its_original_is_a_referent() -> None:
    paragraphs = ["去年年底，28岁的工程师保罗·林(Paul Lin)用一部国产手机换掉了旧手机。", "他说，新手机运行起来相当流畅。"]
    assert [(q.speaker.name, q.resolved_from) for q in attribute_quotes(paragraphs)] == [("保罗·林", "pronoun")]


def test_a_dotted_name_whose_given_name_is_outside_the_transliteration_tables_is_a_referent() -> None:
    """威廉 (William) is a dictionary given name whose 廉 no table lists: the name is still the referent."""
    quotes = attribute_quotes(["30岁的中学教师威廉·岳(William Yue)用一台新电脑换掉了旧电脑。", "他说，新电脑运行起来相当流畅。"])
    assert [(q.speaker.name, q.resolved_from) for q in quotes] == [("威廉·岳", "pronoun")]


@pytest.mark.parametrize(
    "sentence",
    [
        "因为老书记说过，干部就是决定的因素。",  # a subordinating conjunction is no part of a speaker
        "一位司机只说自己姓宋，因为他担心被人知道。",  # 只 (only) closes no name
    ],
)
def test_a_conjunction_before_or_an_adverb_after_a_subject_is_not_kept_in_the_speaker(sentence: str) -> None:
    names = [q.speaker.name for q in attribute_quotes([sentence])]
    assert not any(name.startswith(("因为", "由于")) or name.endswith("只") for name in names)


def test_a_name_opening_a_clause_with_a_verb_of_the_news_narrative_is_the_referent_of_he() -> None:
    """某某祝贺…。他表示: 他 is 某某, the subject just named, not the speaker of the paragraph before."""
    quotes = attribute_quotes(["北国总理张强会见南国总理阿里。", "张强表示，两国关系发展很快。", "阿里祝贺北国取得成就。他表示，南国愿意加强合作。"])
    assert [(q.speaker.name, q.paragraph) for q in quotes] == [("张强", 1), ("阿里", 2)]
