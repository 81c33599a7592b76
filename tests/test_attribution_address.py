"""Surname + form of address (王女士, 洪先生): the person the article names with that surname, a
foreign name whose last part it is, or, when the article gives no fuller name, the form itself.
Invented sentences."""

from __future__ import annotations

import pytest

from retrieval.attribution import attribute_quotes


def _speakers_of_last(paragraphs: list[str]) -> list[tuple[str, str | None]]:
    last = len(paragraphs) - 1
    return [(q.speaker.name, q.speaker.role) for q in attribute_quotes(paragraphs) if q.paragraph == last]


@pytest.mark.parametrize(
    "paragraphs, speaker",
    [
        (["“房租又涨了，”周女士说。"], "周女士"),  # no fuller name anywhere: kept as the article writes it
        (["骆先生表示，店里的生意比去年好。"], "骆先生"),
        (["“这家店很受欢迎，”来自成都的店主罗伯特·骆说。", "骆先生表示，店里的生意比去年好。"], "罗伯特·骆"),  # the foreign name's last part
        (["名叫安娜·祁的学生在网上发帖。", "祁小姐说，学校已经停课。"], "安娜·祁"),  # introduced by another verb, followed by 的
        (["工程师骆国强参加了会议。", "骆先生以前在工厂工作。", "“效率提高了，”骆先生说。"], "骆国强"),
    ],
)
def test_surname_and_form_of_address(paragraphs: list[str], speaker: str) -> None:
    assert {name for name, _ in _speakers_of_last(paragraphs)} == {speaker}


def test_form_of_address_is_never_cut_into_a_name() -> None:
    """骆先生 said twice: 骆先 is no person (it was taken for one, being in the text twice)."""
    paragraphs = ["骆先生以前在工厂工作，骆先生的同事都认识他。", "“效率提高了，”骆先生说。"]
    names = {name for name, _ in _speakers_of_last(paragraphs)}
    assert names == {"骆先生"}


def test_form_of_address_is_no_role() -> None:
    (found,) = _speakers_of_last(["名叫安娜·祁的学生在网上发帖。", "祁小姐说，学校已经停课。"])
    assert found == ("安娜·祁", None)


@pytest.mark.parametrize(
    "sentence, speaker, role",
    [
        ("某国总统新闻秘书伊万诺夫斯基12日对媒体表示，该国愿意谈判。", "伊万诺夫斯基", "某国总统新闻秘书"),
        ("白宫新闻秘书卡尔森称，美方愿意谈判。", "卡尔森", "白宫新闻秘书"),
        ("某国联邦安全会议秘书帕夫洛维奇表示，局势正在好转。", "帕夫洛维奇", "某国联邦安全会议秘书"),
        ("该组织秘书长维拉斯克斯表示，各方应当克制。", "维拉斯克斯", "该组织秘书长"),
    ],
)
def test_a_role_ends_with_the_title_secretary(sentence: str, speaker: str, role: str) -> None:
    """秘书 ends a role (新闻秘书 + a transliterated name), and 秘书长 is never cut into 秘书 + 长…."""
    assert _speakers_of_last([sentence]) == [(speaker, role)]


def test_secretary_general_is_not_cut() -> None:
    assert _speakers_of_last(["会议通过了秘书长、副秘书长人选名单。"]) == []


@pytest.mark.parametrize(
    "sentence, speaker",
    [
        ("与会嘉宾表示，两国合作前景广阔。", "与会嘉宾"),  # 与 opens the word 与会, not a clause
        ("当地警方表示，事故原因正在调查。", "当地警方"),  # 当 opens 当地
        ("与会代表表示，会议开得很成功。", "与会代表"),
        ("自然资源部表示，耕地面积保持稳定。", "自然资源部"),  # 自 opens 自然
        ("当地政府表示，道路已经恢复通行。", "当地政府"),
    ],
)
def test_a_first_character_inside_a_content_word_opens_no_clause(sentence: str, speaker: str) -> None:
    assert [name for name, _ in _speakers_of_last([sentence])] == [speaker]


@pytest.mark.parametrize("sentence", ["据悉，会议开得很成功。", "但会议开得很成功，大家表示满意。"])
def test_a_preposition_or_adverb_still_opens_a_clause(sentence: str) -> None:
    assert all(not name.startswith(("据", "但")) for name, _ in _speakers_of_last([sentence]))


def test_an_adverb_before_a_verb_is_no_speaker() -> None:
    assert [name for name, _ in _speakers_of_last(["已有多家航运公司表示，将暂停航行。"])] != ["已有多家航运公司"]


@pytest.mark.parametrize(
    "paragraphs, speaker",
    [
        (["某国媒体报道说，军队将撤出该地区。"], "某国媒体"),
        (["某国有线电视新闻网10日报道称，军队将撤出该地区。"], "某国有线电视新闻网"),
        (["总统王大明称经济很好，报道称，两国有意恢复谈判。"], None),  # the report says it, not 王大明
        (["据某国媒体报道，军队将撤出该地区。"], "某国媒体"),  # frame.media_report: no inner speaker, the medium reports
        (["据某国媒体报道，国防部长王大明表示，军队将撤出该地区。"], None),  # the inner speaker alone speaks (the guideline)
        (["据报道，军队将撤出该地区。"], None),  # no source named: unsourced hearsay
    ],
)
def test_a_medium_reports(paragraphs: list[str], speaker: str | None) -> None:
    reported = [(q.speaker.name, q.speaker.speaker_type) for q in attribute_quotes(paragraphs) if q.cue.startswith("报道")]
    assert reported == ([(speaker, "organization")] if speaker else [])


@pytest.mark.parametrize("sentence, speaker", [("以军表示，已经打击了多个目标。", "以军"), ("美媒称，谈判陷入僵局。", "美媒"), ("乌军称，击退了多次进攻。", "乌军")])
def test_a_state_abbreviation_with_army_or_media_is_an_organisation(sentence: str, speaker: str) -> None:
    assert [(q.speaker.name, q.speaker.speaker_type) for q in attribute_quotes([sentence])] == [(speaker, "organization")]


@pytest.mark.parametrize("sentence, speaker", [("某国外交部29日发布消息称，电力供应中断。", "某国外交部"), ("外交大臣李明远21日发表谈话说，英国支持和平进程。", "李明远")])
def test_the_act_of_issuing_before_the_cue(sentence: str, speaker: str) -> None:
    """X发布消息称 / X发表谈话说: X speaks; the act of issuing is no part of the subject."""
    assert [q.speaker.name for q in attribute_quotes([sentence])] == [speaker]


def test_a_manner_word_before_the_verb_is_removed_whole() -> None:
    """他信誓旦旦地说: the idiom before 地 goes whole (信誓 | 旦旦地 is no cut), and a noun in 地
    (基地, 当地) is no manner word."""
    from retrieval.speakers import strip_adverbials

    assert strip_adverbials("他信誓旦旦地") == "他"
    assert strip_adverbials("信誓旦旦地") == ""
    assert strip_adverbials("当地") == "当地"


@pytest.mark.parametrize(
    "paragraphs, speaker",
    [
        (["总书记李明远同某油田的员工视频连线。他强调，要保障能源安全。"], "李明远"),  # 同 + a body is no speaker
        (["同一天某国气象局称，中部地区将有暴雨。"], "某国气象局"),  # 同一天 is a time word
    ],
)
def test_with_preposition_opens_no_subject(paragraphs: list[str], speaker: str) -> None:
    assert [q.speaker.name for q in attribute_quotes(paragraphs)] == [speaker]


@pytest.mark.parametrize("headline", ["京味小说赠京城老字号", "某国高官四处游说盟友"])
def test_a_headline_verb_inside_a_word_is_no_claim(headline: str) -> None:
    """小说 (a novel), 游说 (lobbying): the 说 is no claim of an unknown source."""
    assert attribute_quotes([headline]) == []


@pytest.mark.parametrize(
    "sentence, speakers",
    [
        ("该基金为代表团付费，旨在让当地农民相信，进口饲料更好。", []),  # made to believe: no statement
        ("李明远现在表示，公司愿意谈判。", ["李明远"]),  # 现在 is one word: no 李明远现
        ("一些经济学家现在认为，增长将放缓。", ["一些经济学家"]),
        ("本地消费者在呼吁，价格应当下降。", ["本地消费者"]),  # a progressive 在 before the verb goes
    ],
)
def test_time_words_and_causatives_before_the_verb(sentence: str, speakers: list[str]) -> None:
    assert [q.speaker.name for q in attribute_quotes([sentence])] == speakers


def test_the_longest_manner_word_before_de_goes() -> None:
    """信誓旦旦地, 直言不讳地: the idiom goes whole, not its second half (信誓 | 旦旦地)."""
    assert [q.speaker.name for q in attribute_quotes(["总裁王大明直言不讳地说：“这台电脑过时了。”"])] == ["王大明"]
    told = attribute_quotes(["推销员李明远见过很多顾客。那一年，他对一位顾客，信誓旦旦地说过：“有一天我要当厂长。”"])
    assert all(q.speaker.name != "信誓" for q in told)


@pytest.mark.parametrize(
    "sentence, speakers",
    [
        ("英国几大银行正在听从央行上月发布的这项建议，禁止向个人发放贷款。", []),  # not 银行正 建议
        ("经理李明远对这些批评不予理睬。他称，合同已经签署。", ["李明远"]),  # 这些批评 is an object
    ],
)
def test_a_counted_cue_word_is_a_noun(sentence: str, speakers: list[str]) -> None:
    """A determiner or numeral with a measure word (这项, 一些, 各项) makes a two-character cue a noun."""
    assert [q.speaker.name for q in attribute_quotes([sentence])] == speakers


@pytest.mark.parametrize(
    "sentence, speakers",
    [
        ("沿海各市按照王建国书记重要指示要求，奋力推进港口建设。", []),  # 按照…要求: a prepositional frame
        ("若按李明远要求，意味着工厂将被迫裁员一千人，这不现实。", []),
        ("要适应新形势新任务新要求，做好各项工作。", []),  # 新要求: a modified noun (not 任务新)
        ("县长李明远要求，各乡镇要做好防汛准备。", ["李明远"]),  # the verb itself still reports
    ],
)
def test_a_cue_that_heads_a_noun_phrase_reports_nothing(sentence: str, speakers: list[str]) -> None:
    assert [q.speaker.name for q in attribute_quotes([sentence])] == speakers


@pytest.mark.parametrize(
    "sentence, speaker",
    [
        ("改革开放以后，王大明同志一方面强调：“我们要坚持原则。”", "王大明"),  # a discourse connective before the verb
        ("日本民主党党首山田一郎今天表示，他将辞职。", "山田一郎"),  # a Japanese surname + two-character given name, whole
    ],
)
def test_connectives_and_japanese_names_around_the_subject(sentence: str, speaker: str) -> None:
    assert [q.speaker.name for q in attribute_quotes([sentence])] == [speaker]


def test_a_causative_after_a_modal_makes_no_statement() -> None:
    """网络音乐需要让投资者相信…: the investors are to be made to believe; nobody states it."""
    assert attribute_quotes(["网络音乐需要让投资者相信，会有更多人愿意为其服务付费。"]) == []


@pytest.mark.parametrize(
    "sentence, speaker, role",
    [
        ("这家公司的前首席策略师马克·L·约翰逊表示，市场还会波动。", "马克·L·约翰逊", "这家公司的前首席策略师"),
        ("基金会执行理事卡伦·霍尔·贝克说，捐款减少了。", "卡伦·霍尔·贝克", "基金会执行理事"),
        ("物流园首席执行官贝士兰·卡里莫夫表示，货运量翻了一番。", "贝士兰·卡里莫夫", "物流园首席执行官"),  # 贝士 is no word
    ],
)
def test_a_role_word_never_opens_a_foreign_name(sentence: str, speaker: str, role: str) -> None:
    """首席 | 策略师马克·约翰逊: the foreign name starts after the whole role word (策略师, 理事)."""
    assert [(q.speaker.name, q.speaker.role) for q in attribute_quotes([sentence])] == [(speaker, role)]


@pytest.mark.parametrize(
    "sentence, quotes",
    [
        ("同一天，约旦外长阿里批评三方会谈没有取得任何实际结果。", [("阿里", "三方会谈没有取得任何实际结果")]),
        ("农业部长王建国批评邻国的补贴政策违反了贸易规则。", [("王建国", "邻国的补贴政策违反了贸易规则")]),
        ("约旦外长阿里强烈谴责这起针对外交官的袭击事件。", []),  # 谴责 + an event: an expressive act
        ("约旦外长阿里批评邻国的补贴政策。", []),  # 批评 + a noun phrase: no proposition
    ],
)
def test_a_criticism_reports_a_proposition_only(sentence: str, quotes: list[tuple[str, str]]) -> None:
    assert [(q.speaker.name, q.text) for q in attribute_quotes([sentence])] == quotes


def test_a_bare_name_the_article_gave_a_title_is_a_person() -> None:
    """会见…委员会主席某某。某某表示…: a name outside the inventories, titled earlier in the article."""
    paragraphs = ["总理今天在京会见欧亚委员会主席冯塞莱恩。", "冯塞莱恩表示，双方应加强合作。"]
    assert [(q.speaker.name, q.text) for q in attribute_quotes(paragraphs)] == [("冯塞莱恩", "双方应加强合作")]
    # never titled: the tagger's PER span is the evidence now (subject.person_span), not the inventories
    assert [q.speaker.name for q in attribute_quotes(["冯塞莱恩表示，双方应加强合作。"])] == ["冯塞莱恩"]


def test_a_pronoun_after_a_descriptive_subject_is_not_the_last_person_named() -> None:
    """这位外交官坦陈，他…，但表示…: 他 is the diplomat the sentence describes, not the president named last."""
    paragraphs = ["总统李大海宣布，谈判取得了胜利。", "这位外交官在听证会上坦陈，他不确定谈判能否成功，但表示强硬比软弱好。"]
    assert [q.speaker.name for q in attribute_quotes(paragraphs) if q.paragraph == 1] == []


@pytest.mark.parametrize(
    "paragraphs",
    [
        ["王建国书记高度重视考古工作，王建国多次到发掘现场调研。", "在考察中国历史博物馆时书记强调，考古要坚持保护第一。"],  # not 时书 / 国历史博物馆
        ["王建国书记高度重视考古工作，王建国多次到发掘现场调研。", "书记强调，考古要坚持保护第一。"],  # the holder is not 高度重
    ],
)
def test_a_bare_title_goes_to_its_holder_after_a_circumstance(paragraphs: list[str]) -> None:
    """在…时 ends at a 时 that is a word of its own (not at the 中 of 中国); the holder of a title is a
    name that ends where a word ends (王建国书记, not 书记 | 高度重视)."""
    assert [q.speaker.name for q in attribute_quotes(paragraphs) if q.paragraph == 1] == ["王建国"]


def test_a_name_whose_third_character_opens_a_verb_is_two_characters() -> None:
    """代表李立来自…。他告诉记者: 李立 | 来自, not a name 李立来, so 他 is 李立 and not the speaker before."""
    paragraphs = ["部长王海峰在会上发言。", "全国人大代表李立来自一家种子研究所。他告诉记者，新品种的产量更高。"]
    assert [q.speaker.name for q in attribute_quotes(paragraphs) if q.paragraph == 1] == ["李立"]


def test_a_name_after_a_verb_of_attending_is_an_object() -> None:
    """王海峰应邀出席…总统卢拉主持的午宴并致辞，表示…: 卢拉 is where he went, not who spoke."""
    sentence = "当天，部长王海峰应邀出席巴西总统卢拉主持的午宴并致辞，表示两国合作前景广阔。"
    assert [q.speaker.name for q in attribute_quotes([sentence])] == ["王海峰"]
