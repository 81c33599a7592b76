"""Cues read by what follows them (retrieval/clause_cues.py) and the parties a later clause
continues (clause.party_opening), with generated fillers: names, titles, time words, parties and
clause subjects the rules were not written for."""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from retrieval.attribution import attribute_quotes
from retrieval.clause_cues import clause_words, is_clause, is_event
from retrieval.rules import switched_off
from retrieval.subject_classes import _joined_at_dots
from retrieval.tagger import tag
from tests.test_subject_classes import _SETTINGS, NAMES, TIMES, TITLES

# Subjects of the reported clause, of several word classes: pronoun, demonstrative, noun, place, name.
CLAUSE_SUBJECTS = st.sampled_from(["此举", "这些措施", "对方", "该法案", "渔民", "北部港口", "市政府", "这家公司", "孔德明"])
CLAUSE_PREDICATES = st.sampled_from(["违反了宪法", "损害了当地渔民的利益", "不符合国际惯例", "破坏了地区稳定", "延长了这场争端"])
ACTS = st.sampled_from(["起诉了市政府", "扣押了两艘渔船", "走访了三个县", "发表了演讲", "参观了港口"])
PARTIES = st.sampled_from(["日本", "芬兰", "警方", "冰岛", "丹麦"])
PARTY_ACTS = st.sampled_from(["起诉了市政府", "扣押了两艘渔船", "公布了新一批排除清单", "逮捕了两名嫌疑人"])
COMPLAINTS = st.sampled_from(["抱怨", "指责", "抨击"])
# Predicates none of the older string list (_CRITIQUE_CLAUSE: 违反, 损害, 破坏 …) knows.
COMPLAINED_PREDICATES = st.sampled_from(["延长了这场争端", "窃取了他们的客户", "抬高了鱼价", "拖欠了三个月的工资"])


def _said(paragraph: str) -> list[tuple[str, str]]:
    return [(q.speaker.name, q.text) for q in attribute_quotes(["新闻。", paragraph])]


@_SETTINGS
@given(title=TITLES, name=NAMES, time=TIMES, act=ACTS, subject=CLAUSE_SUBJECTS, predicate=CLAUSE_PREDICATES)
def test_a_later_clause_claims_what_follows_it(title: str, name: str, time: str, act: str, subject: str, predicate: str) -> None:
    """cue.claim_clause_continuing: 某某…，称 + clause is the claim of the sentence's subject."""
    paragraph = f"{title}{name}{time}{act}，称{subject}{predicate}。"
    # The construction is under test, not the analyser's reading of names (孔德明日前, 中村由美 as a place,
    # 佐野美 | 咲 are its own misreadings): only sentences where it reads the name as a person.
    assume((name, "PER") in _joined_at_dots(tag(paragraph)))
    said = _said(paragraph)
    assert (name, f"{subject}{predicate}") in said or any(speaker.endswith(name) and text == f"{subject}{predicate}" for speaker, text in said), (paragraph, said)
    with switched_off("cue.claim_clause_continuing"):
        assert not any(text == f"{subject}{predicate}" for _, text in _said(paragraph))


@_SETTINGS
@given(name=NAMES, act=ACTS, object_=st.sampled_from(["其", "之", "他们", "这一做法"]), label=st.sampled_from(["一次冒险", "违宪行为", "老朋友"]))
def test_a_name_given_is_no_claim(name: str, act: str, object_: str, label: str) -> None:
    """称X为Y gives a name, whoever X is: nothing is reported."""
    assert _said(f"{name}{act}，称{object_}为{label}。") == []


@_SETTINGS
@given(name=NAMES, verb=COMPLAINTS, subject=CLAUSE_SUBJECTS, predicate=COMPLAINED_PREDICATES)
def test_a_complaint_reports_the_clause_after_it(name: str, verb: str, subject: str, predicate: str) -> None:
    """cue.critique_by_classes: 抱怨/指责/抨击 + a clause (no comma) report that clause."""
    assume(subject not in name)
    paragraph = f"{name}{verb}{subject}{predicate}。"
    said = _said(paragraph)
    assert any(speaker.endswith(name) and text == f"{subject}{predicate}" for speaker, text in said), (paragraph, said)
    with switched_off("cue.critique_by_classes"):
        assert not any(text == f"{subject}{predicate}" for _, text in _said(paragraph))


@_SETTINGS
@given(name=NAMES, verb=st.sampled_from(["谴责", "抱怨", "指责", "抨击"]), noun=st.sampled_from(["这一袭击事件", "对方的政策", "天气", "这种做法"]))
def test_a_noun_phrase_after_a_complaint_is_no_statement(name: str, verb: str, noun: str) -> None:
    """谴责这一袭击事件, 抱怨天气: an act about a thing, nothing said."""
    assert _said(f"{name}{verb}{noun}。") == []


@_SETTINGS
@given(state=st.sampled_from(["某国", "对方军队", "邻国海军"]), time=TIMES, event=st.sampled_from(["在边境升级了军事行动", "袭击边境村庄", "在北部海域扣押渔船"]))
def test_a_condemned_event_is_no_statement(state: str, time: str, event: str) -> None:
    """After 谴责, a clause telling an event (placed in time, or with no adverb of manner) is condemned, not said."""
    words = clause_words(f"{state}{time}{event}。")
    assert is_event(words)
    assert not any(text.startswith(state) for _, text in _said(f"王德明谴责{state}{time}{event}。"))


def test_a_characterisation_after_condemn_is_said() -> None:
    """谴责某些国家一味将…: an adverb of habit before the verb characterises; that is what is said."""
    words = clause_words("某些国家一味将其意志强加于他国。")
    assert is_clause(words) and not is_event(words)


@_SETTINGS
@given(party=PARTIES, act=PARTY_ACTS, subject=CLAUSE_SUBJECTS, predicate=CLAUSE_PREDICATES)
def test_a_party_opening_the_sentence_goes_on_speaking(party: str, act: str, subject: str, predicate: str) -> None:
    """clause.party_opening: 某国/警方 + act，并表示 + words: the party says them."""
    paragraph = f"{party}{act}，并表示{subject}{predicate}。"
    assert (party, f"{subject}{predicate}") in _said(paragraph), (paragraph, _said(paragraph))
    with switched_off("clause.party_opening"):
        assert (party, f"{subject}{predicate}") not in _said(paragraph)


@_SETTINGS
@given(group=st.sampled_from(["职工们", "村民们", "会员们"]), verb=st.sampled_from(["推举", "选出", "派出"]), subject=CLAUSE_SUBJECTS, predicate=CLAUSE_PREDICATES)
def test_a_verb_phrase_before_a_group_word_names_no_group(group: str, verb: str, subject: str, predicate: str) -> None:
    """clause.group_not_pronoun: 职工们推举两名代表，代表他们…，说… never gives 代表他们 or the verb phrase as a speaker."""
    said = _said(f"{group}{verb}两名代表，代表他们给领导拜年，说{subject}{predicate}。")
    assert not any(verb in speaker or speaker.endswith("他们") for speaker, _ in said), said


MEDIA = st.sampled_from(["海岸通讯社", "北欧媒体", "冰岛国家电视台", "当地媒体", "挪威《晚邮报》"])
EVENTS = st.sampled_from(["渔船当天在北部海域遭到扣押", "两国将于下月举行新一轮谈判", "港口的罢工已经结束"])


@_SETTINGS
@given(medium=MEDIA, time=st.sampled_from(["", "14日", "当地时间周二"]), event=EVENTS)
def test_a_medium_credited_with_no_inner_speaker_reports(medium: str, time: str, event: str) -> None:
    """frame.media_report: 据某媒体报道，<event>。 is the medium's; with an inner speaker only the inner speaker speaks."""
    said = _said(f"据{medium}{time}报道，{event}。")
    assert said and said[0][0] == medium and said[0][1].startswith(event), said
    with switched_off("frame.media_report"):
        assert _said(f"据{medium}{time}报道，{event}。") == []
    inner = _said(f"据{medium}{time}报道，渔业大臣王德明表示，{event}。")
    assert [speaker for speaker, _ in inner] == ["王德明"], inner


@_SETTINGS
@given(medium=MEDIA, event=EVENTS, verb=st.sampled_from(["报道说", "报道称"]))
def test_a_report_opening_a_sentence_speaks(medium: str, event: str, verb: str) -> None:
    """subject.report_itself: …。报道说，… is the report's (speaker 报道); mid-sentence it is no one's."""
    said = _said(f"{medium}24日报道说，港口发生了罢工。{verb}，{event}。")
    assert ("报道", event) in said, said
    assert not any(text == event for _, text in _said(f"港口发生了罢工，{verb}，{event}。"))


@_SETTINGS
@given(name=NAMES, honorific=st.sampled_from(["", "同志"]), verb=st.sampled_from(["指出", "说", "强调"]))
def test_as_someone_noted_frames_their_words(name: str, honorific: str, verb: str) -> None:
    """frame.as_pointed_quotation and frame.as_pointed: 正如X指出的：“…” and 正是X指出的，… are X's words."""
    assume(_said(f"{name}{honorific}表示，要一天不放松地抓。") and _said(f"{name}{honorific}表示，要一天不放松地抓。")[0][0] == name)
    assert _said(f"正如{name}{honorific}{verb}的：“改革要一天不放松地抓。”") == [(name, "改革要一天不放松地抓。")]
    assert _said(f"改革的要义，正是{name}{honorific}{verb}的，要一天不放松地抓。") == [(name, "要一天不放松地抓")]
