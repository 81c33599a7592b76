"""The form of a speaker string (retrieval/speaker_form.py): constructions with generated fillers,
checked on `checked_form` directly (the speaker string a sieve gave, its paragraph) and end to end
through attribute_quotes, so that a check covering only the strings someone has seen fails."""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from retrieval import speaker_form
from retrieval.attribution import attribute_quotes
from retrieval.models import Speaker
from retrieval.rules import switched_off
from retrieval.tagger import tag

from .test_subject_classes import _SETTINGS, ADVERBIALS, CONTENT, NAMES, TIMES, TITLES

_CUES = st.sampled_from(["表示", "说", "指出", "认为"])
# Places and bodies of several kinds (states, provinces, ministries), none from an evaluation set.
_STATES = st.sampled_from(["巴西", "阿根廷", "智利", "秘鲁", "法国", "比利时", "荷兰", "丹麦", "瑞典", "挪威", "日本", "韩国", "埃及", "肯尼亚"])
_GROUP_HEADS = st.sampled_from(["代表", "外长", "领导人", "驻华大使", "专家", "官员"])
_REGIONS = st.sampled_from(["得克萨斯州", "阿肯色州", "巴伐利亚州", "昆士兰州", "广东省", "四川省", "安大略省"])


def _near(text: str) -> tuple[int, int]:
    """Where the statement lies (the content after the cue's comma)."""
    return text.index(CONTENT), text.index(CONTENT) + len(CONTENT)


def _checked(name: str, text: str, collective: bool = False) -> str | None:
    speaker = speaker_form.checked_form(Speaker(name, collective=collective), text, _near(text))
    return None if speaker is None else speaker.name


def _person_word(text: str, name: str) -> bool:
    """The tagger reads ``name`` as one PER word where it stands in ``text``."""
    at, found = 0, False
    start = text.index(name)
    for word, cls in tag(text[: start + len(name) + 6]):
        if at == start:
            found = word == name and cls == "PER"
        at += len(word)
    return found


@_SETTINGS
@given(NAMES, TITLES, TIMES, ADVERBIALS, _CUES)
def test_a_whole_name_is_left_whole(name: str, title: str, time: str, adverbial: str, cue: str) -> None:
    """{title}{name}{time}{adverbial}{cue}，…: whatever the name's kind and whatever stands around
    it, a complete name is never extended, cut or dropped by the form checks."""
    text = f"{title}{name}{time}{adverbial}{cue}，{CONTENT}"
    assert _checked(name, text) == name


@_SETTINGS
@given(NAMES, TITLES, TIMES, _CUES)
def test_a_name_cut_before_its_last_character_is_made_whole(name: str, title: str, time: str, cue: str) -> None:
    """speaker.whole_word: a sieve that kept {name} without its last character (某某|通) gets the
    whole name back where the tagger reads the name as one person word."""
    cut = name[:-1]
    assume(len(cut) >= 2 and cut[-1] != "·")
    text = f"{title}{name}{time}{cue}，{CONTENT}"
    assume(_person_word(text, name))
    assert _checked(cut, text) == name
    with switched_off(speaker_form.WHOLE_WORD):
        assert _checked(cut, text) == cut


_COMPANIES = st.sampled_from(["DoorDash", "FoodNow", "Zeta", "蓝海科技公司", "北方航空公司", "星河传媒集团"])
_GLUED_VERBS = st.sampled_from(["报称", "声称", "宣称"])


@_SETTINGS
@given(_COMPANIES, _GLUED_VERBS, TIMES)
def test_a_verb_character_glued_to_a_name_is_cut_off(company: str, verb: str, time: str) -> None:
    """speaker.whole_word: {company}{verb}，… with the verb's first character glued to the speaker
    (某公司报 of 某公司报称) gives the company; the whole company name is left alone."""
    text = f"{time}{company}{verb}，{CONTENT}"
    assert _checked(company + verb[0], text, collective=True) == company
    assert _checked(company, text, collective=True) == company


@_SETTINGS
@given(st.lists(_STATES, min_size=2, max_size=5, unique=True), _GROUP_HEADS, TIMES, _CUES)
def test_a_coordination_cut_after_its_first_member_gets_it_back(states: list[str], head: str, time: str, cue: str) -> None:
    """speaker.leading_mark: 、乙、丙{head} (the first members lost) becomes 甲、乙、丙{head}, whatever
    the number of members, the head and the time word before the cue; preceded in its clause by a
    verb (会见了甲、乙代表) the fragment is no speaker."""
    whole = "、".join(states) + head
    text = f"会上，{whole}{time}{cue}，{CONTENT}"
    fragment = whole[whole.index("、") :]
    assert _checked(fragment, text, collective=True) == whole
    text = f"会上，部长会见了{whole}，{CONTENT}"
    assert _checked(fragment, text, collective=True) is None


_WRITTEN_ON = st.sampled_from(["通知", "短信", "传单", "明信片", "公告栏", "信封", "屏幕"])
_LOCALISERS = st.sampled_from(["上", "中", "里"])


@_SETTINGS
@given(_WRITTEN_ON, _LOCALISERS, st.sampled_from(["说", "写道", "称"]))
def test_a_place_on_a_thing_is_no_speaker(thing: str, localiser: str, cue: str) -> None:
    """speaker.open_end: {thing}{上/中/里}{cue}，… — words written on or in a thing have no speaker
    named by the thing with its localiser."""
    text = f"他收到了{thing}。{thing}{localiser}{cue}，{CONTENT}"
    assert _checked(thing + localiser, text) is None
    with switched_off(speaker_form.OPEN_END):
        assert _checked(thing + localiser, text) == thing + localiser


_BODIES = st.sampled_from(["监管委员会", "能源委员会", "市政府", "交通运输部"])


@_SETTINGS
@given(_BODIES, st.sampled_from(["设", "定", "提"]))
def test_a_relative_suo_after_a_body_is_no_part_of_it(body: str, verb: str) -> None:
    """speaker.open_end: {body}所{verb}的条件 — the 所 of a relative clause glued to an organisation
    (某委员会所) is no research institute; an institute's own name (某研究所) stays."""
    text = f"地方公司认为，{body}所{verb}条件过于苛刻，{CONTENT}"
    assert _checked(body + "所", text, collective=True) is None
    text = f"物理研究所表示，{CONTENT}"
    assert _checked("物理研究所", text, collective=True) == "物理研究所"


_PRAISE = st.sampled_from(["钦佩", "祝贺", "感谢", "赞赏"])


@_SETTINGS
@given(_PRAISE, NAMES, st.sampled_from(["主席", "总统", "总理"]))
def test_a_verb_and_its_named_object_is_no_speaker(verb: str, name: str, title: str) -> None:
    """speaker.verb_and_object: {verb}{name}{title}领导人民取得成就 taken as a subject is a
    predicate; a noun phrase with a verb before its head (与会某国代表) is a speaker."""
    phrase = f"{verb}{name}{title}领导"
    text = f"老战士们联名致信中方，{phrase}人民取得卓越成就，表示{CONTENT}"
    assume(_person_word(text, name))
    assert _checked(phrase, text, collective=True) is None


@_SETTINGS
@given(_STATES, _GROUP_HEADS)
def test_a_verb_modifying_a_group_head_is_a_speaker(state: str, head: str) -> None:
    """speaker.verb_and_object spares 与会/访问 + a state + a group head: the verb modifies the head."""
    for verb in ("与会", "访问", "匿名"):
        phrase = f"{verb}{state}{head}"
        assert _checked(phrase, f"{phrase}表示，{CONTENT}", collective=True) == phrase


@_SETTINGS
@given(st.lists(_REGIONS, min_size=1, max_size=3, unique=True), st.data())
def test_areas_are_no_speaker_but_their_places_are(regions: list[str], data: st.DataObject) -> None:
    """speaker.area_no_body: 某州全州、某州部分地区 (places whole or in part) is no speaker; the same
    places bare (某州、某州) are."""
    parts = [data.draw(st.sampled_from(["部分地区", "多地", "一些地区", "全" + region[-1]])) for region in regions]
    areas = "、".join(region + part for region, part in zip(regions, parts))
    assert _checked(areas, f"{areas}宣布，{CONTENT}", collective=True) is None
    places = "、".join(regions)
    assert _checked(places, f"{places}宣布，{CONTENT}", collective=True) == places


def test_the_form_rules_name_themselves_on_the_quote() -> None:
    """A quote whose speaker the form checks changed lists the rule (Quote.rules)."""
    quotes = attribute_quotes(["相比之下，DoorDash报称，去年共产生1.59亿份订单。"])
    assert [(q.speaker.name, speaker_form.WHOLE_WORD in q.rules) for q in quotes] == [("DoorDash", True)]
