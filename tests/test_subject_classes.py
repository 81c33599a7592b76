"""Subjects decided by word classes from the tagger (retrieval/subject_classes.py): constructions
with generated fillers, so that a rule covering only the variants someone has seen fails, and a
registry check that switching each rule off changes what it must fire on and spares the rest."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from retrieval import rules, subject_classes
from retrieval.attribution import attribute_quotes
from retrieval.tagger import tag

CONTENT = "这项工作将在明年完成。"

# Names of several kinds, composed from parts (none taken from an evaluation set).
_CHINESE = st.builds(lambda s, g: s + g, st.sampled_from(["王", "李", "孔", "欧阳", "赵", "郑", "司马", "钟"]), st.sampled_from(["德明", "海峰", "晓燕", "建国", "雨桐", "志强", "丽华"]))
_JAPANESE = st.builds(lambda s, g: s + g, st.sampled_from(["佐野", "中村", "渡边", "小林", "松本", "田中"]), st.sampled_from(["健太郎", "美咲", "由美", "大辅", "直树"]))
_TRANSLITERATED = st.sampled_from(["斯韦尔森", "霍尔贝格", "马丁内斯", "彼得松", "克努森", "奥尔森"])
_DOTTED = st.builds(lambda a, b: f"{a}·{b}", st.sampled_from(["卡琳娜", "约翰", "索菲亚", "米哈伊尔", "托马斯"]), _TRANSLITERATED)
_SURNAME_LAST = st.builds(lambda a, b: f"{a}·{b}", st.sampled_from(["艾米莉", "约翰", "玛丽亚", "凯文", "杰西卡"]), st.sampled_from(list("陈李王黄林")))
NAMES = st.one_of(_CHINESE, _JAPANESE, _TRANSLITERATED, _DOTTED, _SURNAME_LAST)
# Titles in the inventories (部长, 教授) and outside them (副场长, 渔业大臣, 执行董事 …).
TITLES = st.sampled_from(["", "部长", "教授", "副场长", "渔业大臣", "编辑", "首席科学家", "项目经理", "执行董事", "市议员", "总工程师", "副镇长"])
# Time expressions of every granularity: day, part of day, week, month, part of month, year, relative.
TIMES = st.sampled_from(["", "14日", "当地时间14日", "周二上午", "上周三", "本周一", "3月中旬", "9月初", "今年2月", "上月", "去年年底", "2024年5月", "次日", "当天", "近日", "日前"])
ADVERBIALS = st.sampled_from(["", "坚定地", "笑着", "一再", "随后", "也"])

_SETTINGS = settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def _reads_name(phrase: str, name: str) -> bool:
    """The tagger reads ``phrase`` as ending in the PER span ``name`` (joined at dots and side by side)."""
    words = subject_classes._joined_at_dots(tag(phrase))
    return bool(words) and words[-1] == (name, "PER")


def _inside_person(phrase: str, start: int, size: int) -> bool:
    """Every character of phrase[start:start + size] lies in a PER span of the tagger's reading."""
    at, classes = 0, []
    for word, cls in tag(phrase):
        classes += [cls] * len(word)
        at += len(word)
    return all(cls == "PER" for cls in classes[start : start + size])


def _ends_noun(phrase: str, end: int) -> bool:
    """A noun or organisation word of the tagger's reading of ``phrase`` ends at ``end``."""
    at = 0
    for word, cls in tag(phrase):
        at += len(word)
        if at == end:
            return cls in ("n", "nz", "nt", "ORG")
    return False


def _reads_word(phrase: str, start: int, word: str) -> bool:
    """The tagger reads ``word`` at ``start`` of ``phrase`` as one word (队 | 医 is its misreading)."""
    at = 0
    for token, _ in tag(phrase):
        if at == start:
            return token == word
        at += len(token)
    return False


def _speakers(paragraph: str) -> list[tuple[str, str | None]]:
    return [(q.speaker.name, q.speaker.role) for q in attribute_quotes([paragraph])]


@_SETTINGS
@given(NAMES, TITLES, TIMES, ADVERBIALS)
def test_named_speaker_through_time_and_manner_words(name: str, title: str, time: str, adverbial: str) -> None:
    """{title}{name}{time}{adverbial}表示，…: the name whatever its kind, the title its role, the time and
    manner words peeled off (subject.peel_time_manner, subject.person_span, subject.name_boundary).
    Given only that the tagger reads the title and name as ending in that name, and reads every
    character of the name as part of a PER span in the whole phrase (its own misreadings, 中村 as
    中 'in' after 董事 or 佐野健 | 太郎 as a name and an adverb, are the model's, not the rules')."""
    assume(_reads_name(title + name, name) and _inside_person(title + name + time + adverbial, len(title), len(name)))
    found = _speakers(f"{title}{name}{time}{adverbial}表示，{CONTENT}")
    assert found, "no speaker"
    assert found[0][0] == name
    if title:
        assert (found[0][1] or "").endswith(title)


ORGANISATION_MODIFIERS = st.sampled_from(["海岸", "边防", "大会", "省渔业", "市应急", "行业", "赛事"])
ORGANISATION_HEADS = st.sampled_from(["分队", "协会", "委员会", "支队", "管理处", "联合会", "指挥部"])


@_SETTINGS
@given(ORGANISATION_MODIFIERS, ORGANISATION_HEADS, TIMES)
def test_organisation_heads_outside_the_lists(modifier: str, head: str, time: str) -> None:
    """{modifier}{head}{time}表示，…: an institution named by its head noun speaks (subject.noun_head,
    subject.organisation_head), its time word peeled off; given that the tagger ends a noun at the
    head (边防联合 | 会 read as an organisation and a verb is its error)."""
    assume(_ends_noun(f"{modifier}{head}{time}", len(modifier + head)))
    found = _speakers(f"{modifier}{head}{time}表示，{CONTENT}")
    assert found and found[0][0] == modifier + head


@_SETTINGS
@given(TITLES.filter(bool), TIMES)
def test_title_alone_speaks(title: str, time: str) -> None:
    """首席{title}{time}在会见时说，…: a title with no name (its holder unnamed) is the speaker, given
    that the tagger ends a noun at the title (副镇 | 长 read as an adjective is its error)."""
    assume(_ends_noun(f"首席{title}{time}在会见时", len("首席" + title)))
    found = _speakers(f"首席{title}{time}在会见时说，{CONTENT}")
    assert found and found[0][0].endswith(title)


@pytest.mark.parametrize("paragraph", [
    f"公司表示，{CONTENT}",  # a bare generic word refers back: no speaker of its own
    f"该公司表示，{CONTENT}",  # an anaphor: resolved by the string rules or not at all
    f"在北京表示，{CONTENT}",  # a place is a setting
    f"会见了佐野健太郎后表示，{CONTENT}",  # the name is the object of 会见
])
def test_spared(paragraph: str) -> None:
    assert _speakers(paragraph) == []


# The rules' fire- and spare-examples are registered with them (retrieval/subject_classes.py) and
# checked by tests/test_rules.py for every rule of the registry.

CLAUSE_OPENINGS = st.sampled_from(["将", "已", "已经", "今年", "明年", "下月", "仍", "正在"])


@_SETTINGS
@given(st.one_of(_JAPANESE, _TRANSLITERATED, _DOTTED), TITLES, st.sampled_from(["称", "预测", "预计"]), CLAUSE_OPENINGS)
def test_content_straight_after_the_cue(name: str, title: str, cue: str, opening: str) -> None:
    """{title}{name}{cue}{opening}…: no comma after the cue, the content opens a clause (cue.tight_content)."""
    assume(_reads_name(title + name, name))
    paragraph = f"{title}{name}{cue}{opening}扩大合作范围。"
    found = [(q.speaker.name, q.text) for q in attribute_quotes([paragraph])]
    assert found == [(name, f"{opening}扩大合作范围")]


def test_every_subject_class_rule_is_registered() -> None:
    """The rules of subject_classes.py are in the registry (and so under tests/test_rules.py)."""
    names = {"subject.peel_time_manner", "subject.person_span", "subject.name_boundary", "cue.tight_content", "subject.organisation_head", "subject.noun_head"}
    assert names <= set(rules.REGISTRY)
    assert all(rules.REGISTRY[name].fires for name in names - {"subject.organisation_head"})


VIEWS = st.sampled_from(["配额制度需要改革", "市场仍然疲软", "这是一次难得的机会"])


@_SETTINGS
@given(st.one_of(_CHINESE, _JAPANESE, _TRANSLITERATED, _DOTTED), TITLES, VIEWS)
def test_framed_views(name: str, title: str, view: str) -> None:
    """frame.in_view (在{title}{name}看来，…) and frame.as_pointed (正如{title}{name}指出的，…): the
    speaker from the frame, the view the rest of the sentence."""
    assume(_reads_name(title + name, name))
    for paragraph in (f"在{title}{name}看来，{view}。", f"正如{title}{name}指出的，{view}。"):
        assert [(q.speaker.name, q.text) for q in attribute_quotes([paragraph])] == [(name, view)]


@pytest.mark.parametrize("cue", ["敦促", "提示"])
def test_calls_and_prompts_are_cues(cue: str) -> None:
    """敦促 and 提示 voiced by a party are statements (the attribution guideline's calls and demands);
    an adverb before 提示 (温馨提示) is no party."""
    assert [(q.speaker.name, q.text) for q in attribute_quotes([f"气象部门{cue}，未来三天有大风。"])] == [("气象部门", "未来三天有大风")]
    assert attribute_quotes([f"温馨{cue}：请勿吸烟。"]) == []


@pytest.mark.parametrize("paragraphs, name", [
    (["外交部发言人扎米罗娃表示，对方的做法是挑衅。"], "扎米罗娃"),  # the tagger reads 扎 | 米罗娃: no title ends in 扎
    (["出版署署长王友先说，出版业要改革。", "王友先说，要加强管理。"], "王友先"),  # 先 read as an adverb
    (["总司令波卢日内表示，局势困难。", "波卢日内表示，部队将坚守。"], "波卢日内"),  # 日内 read as time, but the name recurs whole
    (["省长杰克·福特表示，将提高工资。", "杰克·福特表示，这很重要。"], "杰克·福特"),
    (["总统阿努拉·库马拉通加表示，和平进程将继续。"], "阿努拉·库马拉通加"),
])
def test_name_boundary_keeps_whole_names_the_tagger_cuts(paragraphs: list[str], name: str) -> None:
    """subject.name_boundary shortens a name only by a title's last character at the front or a time
    word at the end that the article never writes with the name: the tagger's own cuts of
    transliterations and given names do not make fragments (米罗娃, 王友, 波卢, 杰克·福)."""
    assert {q.speaker.name for q in attribute_quotes(paragraphs)} == {name}


@_SETTINGS
@given(st.one_of(_CHINESE, _DOTTED), st.sampled_from(["但未说明", "但他没有透露", "不过并未具体说明", "但拒绝证实"]), st.sampled_from(["何时出发", "具体金额", "消息来源"]))
def test_narrator_addition_ends_the_statement(name: str, addition: str, what: str) -> None:
    """span.narrator_addition: 某某表示，A，但未说明B。: the narrator's note on what was not said is not
    the speaker's words; a plain 但 clause of the speaker stays."""
    quotes = attribute_quotes([f"{name}表示，公司将扩大投资，{addition}{what}。"])
    assert [(q.speaker.name, q.text) for q in quotes] == [(name, "公司将扩大投资")]
    quotes = attribute_quotes([f"{name}表示，公司将扩大投资，但投资规模有限。"])
    assert [q.text for q in quotes] == ["公司将扩大投资，但投资规模有限"]


# Common nouns for people outside the person and institution word classes (their last characters are
# not in _PERSON_HEAD_ENDS / _GROUP_HEAD_ENDS), quantifiers and cues: subject.common_noun_head.
COMMON_HEADS = st.sampled_from(["元首", "嘉宾", "队医", "导购", "司机", "房东", "店主", "邻居", "船医", "门卫"])
QUANTIFIERS = st.sampled_from(["不少", "两国", "许多", "部分", "现场", "多国"])
CUES = st.sampled_from(["表示", "说", "称", "认为", "指出", "强调"])


@_SETTINGS
@given(QUANTIFIERS, COMMON_HEADS, TIMES, CUES)
def test_common_noun_heads_speak(quantifier: str, head: str, time: str, cue: str) -> None:
    """{quantifier}{head}{time}{cue}，…: a noun phrase headed by a common noun for people speaks
    whatever its head's last character (subject.common_noun_head), given that the tagger reads the
    head as a noun ending there; the bare noun or an evidential verb does not."""
    assume(_ends_noun(f"{quantifier}{head}{time}{cue}", len(quantifier + head)) and _reads_word(f"{quantifier}{head}{time}{cue}", len(quantifier), head))
    found = [(q.speaker.name, q.text) for q in attribute_quotes([f"{quantifier}{head}{time}{cue}，{CONTENT}"])]
    assert found and found[0][0].endswith(head) and found[0][1] == CONTENT.rstrip("。")
    assert all("subject.common_noun_head" not in q.rules for q in attribute_quotes([f"{quantifier}{head}{time}表明，{CONTENT}"]))


@pytest.mark.parametrize("saying", ["俗话", "老话", "古话", "谚语"])
def test_a_saying_has_no_speaker(saying: str) -> None:
    """俗话说，…: a saying with no particular source is not a statement (attribution README)."""
    assert _speakers(f"{saying}说，{CONTENT}") == []


PARTIES = st.sampled_from(["乌克兰", "以色列", "医院", "校方", "巴勒斯坦", "主办方", "北约", "厄瓜多尔"])


@_SETTINGS
@given(PARTIES, TIMES, st.sampled_from(["称", "表示", "认为"]))
def test_side_suffix_is_no_part_of_the_name(party: str, time: str, cue: str) -> None:
    """{party}方面{time}{cue}，…: the party speaks; 方面 is dropped from its name (subject.side_suffix)."""
    found = _speakers(f"{party}方面{time}{cue}，{CONTENT}")
    assert found and found[0][0] == party


@_SETTINGS
@given(st.sampled_from(["但", "而", "不过", "然而"]), st.sampled_from(["组织者", "主办方", "主治医生", "海岸分队"]), TIMES)
def test_leading_conjunction_is_no_part_of_the_subject(conjunction: str, subject: str, time: str) -> None:
    """…，{conjunction}{subject}{time}坚称，…: the conjunction joins clauses (subject.leading_conjunction)."""
    assume(_ends_noun(f"{conjunction}{subject}{time}坚称", len(conjunction + subject)))
    found = _speakers(f"许多展商取消了行程，{conjunction}{subject}{time}坚称，{CONTENT}")
    assert found and found[-1][0] == subject


@_SETTINGS
@given(st.sampled_from(["组织者", "主办方", "海岸分队", "主治医生"]), st.sampled_from(["于", "在"]), st.sampled_from(["周二", "3月中旬", "今年2月", "次日", "上周三", "9月初"]))
def test_time_frame_with_preposition_is_peeled(subject: str, preposition: str, time: str) -> None:
    """{subject}于{time}表示，…: a preposition with only a time after it is peeled with the time."""
    assume(_ends_noun(f"{subject}{preposition}{time}表示", len(subject)))
    found = _speakers(f"{subject}{preposition}{time}表示，{CONTENT}")
    assert found and found[0][0] == subject


@pytest.mark.parametrize("modifier", ["相关", "有关"])
@pytest.mark.parametrize("head", ["负责人", "专家", "人士"])
def test_noun_phrase_opening_with_a_dictionary_verb_is_a_name(modifier: str, head: str) -> None:
    """{相关/有关}{head}表示，…: 相关 is a verb in jieba's dictionary, but the analyser reads the phrase
    as a noun phrase, so it names a source (source.nominal_by_classes)."""
    found = _speakers(f"{modifier}{head}表示，{CONTENT}")
    assert found and found[0][0].endswith(head)


def test_a_cue_read_inside_a_longer_verb_has_no_subject_by_classes() -> None:
    """全会高度 + 评价 is read as 全会 | 高度评价: the cue is the end of a longer verb
    (subject.tagged_with_cue), so the word classes name no subject before it."""
    assert subject_classes.tag_before_cue("全会高度", "评价") == ()
    assert subject_classes.tag_before_cue("热合曼", "说") == (("热合曼", "PER"),)


_JAPANESE_PARTS = st.tuples(st.sampled_from(["佐野", "中村", "渡边", "小林", "松本", "田中", "八田", "森本"]), st.sampled_from(["健太郎", "美咲", "由美子", "大辅", "直树"]))


@_SETTINGS
@given(_JAPANESE_PARTS, st.sampled_from(["教练", "团长", "经济学家", ""]), st.sampled_from(["还说", "说", "表示", "也认为"]))
def test_family_name_after_the_full_name(parts: tuple[str, str], title: str, cue: str) -> None:
    """{title}{family}{given}说，A。{family}{cue}，B。: the family name alone is the person given in full
    before (coref.name_start), and A ends where that sentence names its own speaker
    (span.cut_at_next_speaker)."""
    family, given_name = parts
    full = family + given_name
    assume(_reads_name(title + full, full))
    quotes = attribute_quotes([f"{title}{full}说，目标是获得两块金牌。{family}{cue}，队员们状态很好。"])
    assert [(q.speaker.name, q.text) for q in quotes] == [(full, "目标是获得两块金牌"), (full, "队员们状态很好")]


def test_a_name_start_of_a_chinese_name_is_not_resolved() -> None:
    """王海 after 王海峰: a Chinese given name is never cut to its first character (coref.name_start
    needs a name of four or more)."""
    quotes = attribute_quotes(["教练王海峰表示，比赛很激烈。王海说，队员们状态很好。"])
    assert [q.speaker.name for q in quotes] == ["王海峰", "王海"]


PREDICATES = st.sampled_from(["坐在总理身边", "今年7月在杂志上发文章", "在社交媒体上发帖", "放下手中的文件"])


@_SETTINGS
@given(st.one_of(_CHINESE, _JAPANESE, _TRANSLITERATED, _DOTTED), st.sampled_from(["", "经济学家", "教练", "市议员"]), PREDICATES, st.sampled_from(["说", "写道", "表示"]))
def test_person_speaks_through_a_predicate(name: str, title: str, predicate: str, cue: str) -> None:
    """“…，”{title}{name}{predicate}{cue}。: the person opening the clause speaks the quotation before it
    (subject.person_through_predicate), given that the tagger reads the name as one PER span."""
    assume(_reads_name(title + name, name) and _inside_person(f"{title}{name}{predicate}", len(title), len(name)))
    quotes = attribute_quotes([f"“经济会好转，”{title}{name}{predicate}{cue}。"])
    assert [(q.speaker.name, q.text) for q in quotes] == [(name, "经济会好转，")]


@pytest.mark.parametrize("hand_over", ["让助手王海峰", "听王海峰", "请王海峰", "让助手", "请他的助手转告"])
def test_predicate_handing_the_words_over(hand_over: str) -> None:
    """马丁内斯{让/听/请}…说: the words are someone else's, never the opening person's, in a
    statement after the clause or a quotation before it."""
    assert all(q.speaker.name != "马丁内斯" for q in attribute_quotes([f"马丁内斯{hand_over}说，{CONTENT}"]))
    assert all(q.speaker.name != "马丁内斯" for q in attribute_quotes([f"“经济会好转，”马丁内斯{hand_over}说。"]))


@_SETTINGS
@given(st.sampled_from(["甲方", "海岸警卫队", "边防总局", "国防部", "北约", "反对派武装"]), st.sampled_from(["", "还", "14日", "当天", "3月中旬"]), st.sampled_from(["袭击了对方的一处仓库", "2日晚击退了越境人员", "在北部海域救起三名渔民", "已收复两个村庄"]))
def test_party_claim_without_comma(party: str, between: str, claim: str) -> None:
    """{party}{between}称{claim}。: 称 with a clause straight after it is the party's claim
    (cue.tight_party_claim), given that the tagger reads the party as a noun phrase."""
    assume(isinstance(subject_classes.classed_subject(party, "称"), subject_classes.Speaker) or party in ("甲方",))
    quotes = attribute_quotes([f"{party}{between}称{claim}。"])
    assert [(q.speaker.name, q.text) for q in quotes] == [(party, claim)]


@_SETTINGS
@given(st.sampled_from(["海岸分队", "边防总局", "主办方", "马丁内斯", "佐野健太郎"]), st.sampled_from(["", "今天", "同一天", "3月中旬", "在官网上", "在社交媒体上"]), st.sampled_from(["发表声明", "发布公告", "发表书面声明", "发布推文"]), st.sampled_from(["称，", "，称"]))
def test_statement_issuer_speaks(issuer: str, between: str, issued: str, cue: str) -> None:
    """{issuer}{between}{issued}称，… / …，称…: whoever issued the statement is its speaker
    (subject.statement_issuer), given that the tagger reads the issuer as a name or noun phrase."""
    assume(isinstance(subject_classes.classed_subject(issuer, "表示"), subject_classes.Speaker))
    assume(issuer not in ("马丁内斯", "佐野健太郎") or cue == "称，")  # …，称: the clause readings' string names (佐野健 | 太郎) decide
    quotes = attribute_quotes([f"{issuer}{between}{issued}{cue}{CONTENT}"])
    assert [(q.speaker.name, q.text) for q in quotes] == [(issuer, CONTENT.rstrip("。"))]


@_SETTINGS
@given(st.sampled_from(["海岸分队", "船舶管理公司", "主办方", "边防总局"]), st.sampled_from(["", "11日", "当天", "3月中旬"]), st.sampled_from(["称", "表示", "透露"]))
def test_according_to_a_named_source(source: str, time: str, cue: str) -> None:
    """据{source}{time}{cue}，…: the source speaks (subject.according_to); 据悉/据报道 name nobody."""
    assume(_ends_noun(f"{source}{time}{cue}", len(source)))
    quotes = attribute_quotes([f"据{source}{time}{cue}，{CONTENT}"])
    assert [(q.speaker.name, q.text) for q in quotes] == [(source, CONTENT.rstrip("。"))]


@_SETTINGS
@given(st.sampled_from(["设在北欧的", "负责调查的", "参与救援的", "承办这次展会的"]), st.sampled_from(["海岸分队", "船舶管理公司", "边防总局"]), TIMES)
def test_relative_clause_before_the_subject(modifier: str, subject: str, time: str) -> None:
    """{modifier}{subject}{time}表示，…: the clause before 的 only describes the subject, which speaks
    (subject.relative_modifier), given the tagger reads the subject as a noun ending there."""
    assume(_ends_noun(f"{modifier}{subject}{time}表示", len(modifier + subject)))
    quotes = attribute_quotes([f"{modifier}{subject}{time}表示，{CONTENT}"])
    assert quotes and quotes[0].speaker.name.endswith(subject) and quotes[0].text == CONTENT.rstrip("。")


@_SETTINGS
@given(st.one_of(_CHINESE, _TRANSLITERATED, _DOTTED), st.sampled_from(["曼谷", "日内瓦", "北京", "开罗"]), st.sampled_from(["曾", "", "日前"]))
def test_place_frame_is_peeled(name: str, place: str, adverb: str) -> None:
    """{name}{adverb}在{place}表示，…: where the words were said is not part of the subject
    (subject.place_frame), given the tagger reads the name as one PER span."""
    assume(_inside_person(f"{name}{adverb}在{place}表示", 0, len(name)))
    quotes = attribute_quotes([f"{name}{adverb}在{place}表示，{CONTENT}"])
    assert [(q.speaker.name, q.text) for q in quotes] == [(name, CONTENT.rstrip("。"))]


@pytest.mark.parametrize("term", ["齐鲁粮仓", "三北", "一带一路"])
def test_a_quoted_term_inside_the_speaker_clause(term: str) -> None:
    """王德明在“{term}”考察时提出，…: the quoted term is inside the clause (subject.quoted_term_in_clause)."""
    quotes = attribute_quotes([f"夏收时节，王德明在“{term}”考察时提出，要推进高标准农田建设。"])
    assert [(q.speaker.name, q.text) for q in quotes] == [("王德明", "要推进高标准农田建设")]


@_SETTINGS
@given(st.lists(st.sampled_from(["芬兰", "挪威", "巴西", "阿根廷", "智利", "埃及", "越南"]), min_size=2, max_size=3, unique=True), st.sampled_from(["和", "与", "、"]), st.sampled_from(["都", "均", "", "一致"]), st.sampled_from(["认为", "表示", "强调"]))
def test_coordinated_states_speak_together(states: list[str], joiner: str, adverb: str, cue: str) -> None:
    """{甲}和{乙}{都}认为，…: states joined by 和/与/、 speak together (subject.coordinated_states)."""
    subject = joiner.join(states)
    assume(all(cls in ("LOC", "c", "w") for _, cls in tag(subject + adverb + cue)[:-1 - bool(adverb)]))
    quotes = attribute_quotes([f"{subject}{adverb}{cue}，{CONTENT}"])
    assert [(q.speaker.name, q.text) for q in quotes] == [(subject, CONTENT.rstrip("。"))]


@_SETTINGS
@given(st.sampled_from([("英特尔", "Intel"), ("海岸分队", "Coast Unit"), ("诺基亚", "Nokia")]), st.sampled_from(["表示", "称，", "表示，"]))
def test_latin_gloss_is_no_part_of_the_subject(names: tuple[str, str], cue: str) -> None:
    """{name}({Latin})表示…: the gloss in brackets is dropped from the speaker (subject.latin_gloss)."""
    name, gloss = names
    quotes = attribute_quotes([f"{name}({gloss}){cue}其员工不会参加这次活动。"])
    assert [(q.speaker.name, q.text) for q in quotes] == [(name, "其员工不会参加这次活动")]


@pytest.mark.parametrize("credit", ["Fred Dufour/Agence France-Presse — Getty Images", "Jane Doe for The New York Times"])
def test_a_photo_credit_is_no_part_of_the_words(credit: str) -> None:
    """…。 {credit}: a sentence with no Chinese in it (a photo credit) never continues a statement."""
    quotes = attribute_quotes([f"王德明说，这项工作将在明年完成，各方都很满意。 {credit}"])
    assert [q.text for q in quotes] == ["这项工作将在明年完成，各方都很满意"]


@_SETTINGS
@given(st.one_of(_CHINESE, _DOTTED), st.sampled_from(["但", "而", "不过", ""]), st.sampled_from(["继续", "随后", "同时", "还", "一再"]), st.sampled_from(["警告", "表示", "指出", "强调"]))
def test_pronoun_between_conjunction_and_adverbials(name: str, conjunction: str, adverb: str, cue: str) -> None:
    """某某表示，A，{但}他{继续}警告，B。: the pronoun through the words around it is the speaker of B
    (subject.pronoun_through_adverbials), and A ends where that clause starts."""
    assume(_reads_name(name, name))
    quotes = attribute_quotes([f"{name}表示，工作进展顺利，{conjunction}他{adverb}{cue}，资金仍然短缺。"])
    assert [(q.speaker.name, q.text) for q in quotes] == [(name, "工作进展顺利"), (name, "资金仍然短缺")]


@_SETTINGS
@given(_CHINESE, st.sampled_from(["走进安徽", "发出总动员令", "考察了三个县"]), st.sampled_from(["提出", "主张"]), st.sampled_from(["要完善农业支持政策", "把这项工程建设成为绿色长城", "应加快建设步伐"]))
def test_proposal_clause_without_comma(name: str, act: str, cue: str, proposal: str) -> None:
    """{name}{act}，{提出}{要…/把…}: the proposal is the person's statement (cue.proposal_clause).
    Chinese names only: a dotted name before a verb of transliteration characters (某某·某某考察了) is
    glued to the verb by the clause readings' string names, a known defect left for the dotted-name work."""
    assume(_reads_name(name, name))
    quotes = attribute_quotes([f"{name}{act}，{cue}{proposal}。"])
    assert [(q.speaker.name, q.text) for q in quotes] == [(name, proposal)]


@_SETTINGS
@given(st.sampled_from(["海岸分队", "边防总局", "主办方"]), st.sampled_from(["过去一周内，救援队共救起29名渔民", "另有两艘渔船仍在搜寻中", "救援工作将持续到周末"]))
def test_semicolon_continues_the_statement(subject: str, more: str) -> None:
    """风浪很大。{subject}称，A；B。: the words run on past the semicolon (span.semicolon_continues);
    a third person after it (；他随后…) ends them."""
    quotes = attribute_quotes([f"风浪很大。{subject}称，在北部海域又救起三名渔民；{more}。"])
    assert [(q.speaker.name, q.text) for q in quotes] == [(subject, f"在北部海域又救起三名渔民；{more}")]
    quotes = attribute_quotes([f"风浪很大。{subject}称，在北部海域又救起一名渔民；他随后被送往医院。"])
    assert [q.text for q in quotes] == ["在北部海域又救起一名渔民"]


@_SETTINGS
@given(st.sampled_from(["海岸分队", "边防总局", "北约", "反对派武装"]), st.sampled_from(["", "还", "14日", "当天"]), st.sampled_from(["渔民准备多捕捞两千吨", "这些设施由渔民使用", "他们企图发动袭击"]))
def test_party_claim_with_its_own_subject(party: str, between: str, claim: str) -> None:
    """风浪很大。{party}{between}称{claim}。: the claim may have its own subject (cue.tight_party_claim_subject);
    称其为… gives a name, no claim."""
    assume(isinstance(subject_classes.classed_subject(party, "称"), subject_classes.Speaker))
    quotes = attribute_quotes([f"风浪很大。{party}{between}称{claim}。"])
    assert [(q.speaker.name, q.text) for q in quotes] == [(party, claim)]
    assert attribute_quotes([f"风浪很大。{party}{between}称其为一次意外。"]) == []


@_SETTINGS
@given(st.sampled_from(["军方", "海岸分队", "国防部", "警方"]), st.sampled_from(["消息人士", "知情人士"]), st.sampled_from(["该", "这名", "上述"]))
def test_demonstrative_source_is_the_fuller_phrase(modifier: str, head: str, demonstrative: str) -> None:
    """…援引{modifier}{head}的话报道…。{该}{head}称，…: the source is the fuller phrase used before
    (coref.descriptor_source), given the tagger reads the modifier as a noun."""
    assume(all(cls in ("n", "nz", "nt", "ORG", "LOC") for _, cls in tag(modifier)))
    quotes = attribute_quotes([f"据媒体援引{modifier}{head}的话报道，救援仍在进行。{demonstrative}{head}称，目前已救起三名渔民。"])
    assert [(q.speaker.name, q.text) for q in quotes][-1:] == [(modifier + head, "目前已救起三名渔民")]


@_SETTINGS
@given(st.sampled_from(["全运会", "信息系统", "中央财政", "新航站楼", "这批设备"]), st.sampled_from(["预计", "预测"]), st.sampled_from(["将投入使用", "今年4月正式上线", "明年完成"]))
def test_a_thing_before_a_forecast_verb_forecasts_nothing(thing: str, verb: str, what: str) -> None:
    """{thing}{预计}{将…}: what is expected, no forecaster (cue.forecast_by_agent)."""
    assert attribute_quotes([f"风浪很大。{thing}{verb}{what}。"]) == []


@_SETTINGS
@given(st.sampled_from(["根据", "按照", "据"]), st.sampled_from(["海岸分队", "中国外交部", "当地一名渔民", "他们派去的一名监督员"]), st.sampled_from(["说法", "话"]))
def test_account_of_a_source(frame: str, source: str, account: str) -> None:
    """{根据}{source}的{说法}，…: what follows is the source's (frame.account_of)."""
    quotes = attribute_quotes([f"{frame}{source}的{account}，救援工作将持续到周末。"])
    assert len(quotes) == 1 and source.endswith(quotes[0].speaker.name[-2:]) and quotes[0].text == "救援工作将持续到周末"


@_SETTINGS
@given(st.one_of(_CHINESE, _DOTTED), st.sampled_from(["", "周日", "再次"]), st.sampled_from(["要对进口商品加征更多关税", "将退出这项协议", "会采取报复行动"]))
def test_a_threat_with_its_content(name: str, time: str, threat: str) -> None:
    """{name}{time}威胁{要…}: the threat is a statement (cue.proposal_clause); 干旱威胁着… is none."""
    assume(_reads_name(name, name))
    quotes = attribute_quotes([f"{name}{time}威胁{threat}。"])
    assert [(q.speaker.name, q.text) for q in quotes] == [(name, threat)]


@_SETTINGS
@given(st.sampled_from(["与会代表", "两国领导人", "与会专家", "海岸分队"]), st.sampled_from(["在讨论中", "在交流中", "在座谈中"]), st.sampled_from(["纷纷表示", "都表示", "一致认为", "普遍认为"]))
def test_adverbs_only_clause_continues_the_subject(subject: str, occasion: str, cue: str) -> None:
    """{subject}{occasion}，{纷纷}{表示}，…: the cue's clause holds only adverbs, so the subject the
    sentence opened with speaks (subject.adverbs_only_continue)."""
    quotes = attribute_quotes([f"{subject}{occasion}，{cue}，这项工作将在明年完成。"])
    assert [(q.speaker.name, q.text) for q in quotes] == [(subject, "这项工作将在明年完成")]


@_SETTINGS
@given(st.sampled_from(["渔民们", "主流经济学家", "当地居民", "许多专家"]), st.sampled_from(["观点", "意见", "看法"]))
def test_they_refers_to_the_holder_of_a_view(group: str, view: str) -> None:
    """政府忽视了{group}的{view}，他们认为，…: 他们 is the group whose view it is (coref.group_holding_view)."""
    quotes = attribute_quotes([f"政府忽视了{group}的{view}，他们认为，配额太低。"])
    assert len(quotes) == 1 and group.endswith(quotes[0].speaker.name) and quotes[0].text == "配额太低"
