"""Person-name recognition, garbage rejection and speaker typing (invented names and sentences)."""

from __future__ import annotations

import pytest

from retrieval import answering, inventories
from retrieval.attribution import attribute_quotes
from retrieval.models import Speaker
from retrieval.speakers import looks_like_name, parse_subject, speaker_type


def test_inventories_are_data_files_that_name_their_source() -> None:
    for name in ("surnames.txt", "transliteration_chars.txt", "japanese_surnames.txt", "countries.txt"):
        text = (inventories.DATA_DIR / name).read_text(encoding="utf-8")
        header = [line for line in text.splitlines() if line.startswith("#")]
        assert any("Source" in line for line in header), name
    assert {"欧阳", "司马", "诸葛"} <= inventories.compound_surnames()
    assert len(inventories.single_surnames()) > 900
    assert len(inventories.transliteration_chars()) > 300
    assert {"岸田", "长谷川"} <= inventories.japanese_surnames()


@pytest.mark.parametrize(
    "name",
    [
        "图洛克",  # every character from the transliteration tables, no hand list needed
        "米尔扎约耶夫",  # a long Central Asian name, first character included
        "普斯京",  # a transliteration jieba would not know
        "欧阳明远",  # compound surname
        "岸田光彦",  # Japanese surname in kanji + given name
        "长谷川亮",  # three-character Japanese surname
        "匡乐成",  # a rare surname whose given name is no word
        "凯萨琳∙莫尔",  # U+2219 between the parts
        "杰夫•洛根",  # U+2022 between the parts
    ],
)
def test_names_from_the_inventories(name: str) -> None:
    assert looks_like_name(name)


@pytest.mark.parametrize(
    "fragment",
    [
        "但橘子",  # conjunction + word
        "关研究",  # surname-looking character + a frequent verb
        "腾达已",  # ends with an adverb
        "关税都",  # ends with 都
        "红树林",  # a rare surname followed by an ordinary word
        "公正",  # an ordinary word jieba tags as a name
        "荣誉",
        "上海",  # a place, e.g. from a dateline
        "法方",  # X方 is a side, not a person
        "委内瑞拉",  # a country
        "他们的",
    ],
)
def test_fragments_and_ordinary_words_are_not_names(fragment: str) -> None:
    assert not looks_like_name(fragment)


def test_a_transliterated_name_is_not_truncated_into_the_role() -> None:
    speaker = parse_subject("塔吉克斯坦总统米尔扎约耶夫")
    assert speaker == Speaker(name="米尔扎约耶夫", role="塔吉克斯坦总统")


def test_a_name_outside_the_inventories_after_a_title_or_with_its_original() -> None:
    assert parse_subject("日本首相高市春香") == Speaker(name="高市春香", role="日本首相")
    glossed = parse_subject("欧洲议会议员缪禾(Mia Ho)")
    assert isinstance(glossed, Speaker) and glossed.name == "缪禾" and glossed.alias == "Mia Ho"


def test_place_tagged_transliterations_are_people_and_countries_organizations() -> None:
    person = parse_subject("普斯京")
    assert isinstance(person, Speaker) and not person.collective
    country = parse_subject("委内瑞拉")
    assert isinstance(country, Speaker) and speaker_type(country) == "organization"


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("外交部发言人", "person"),
        ("英国首相", "person"),
        ("中方", "organization"),
        ("中金公司", "organization"),
        ("会议", "organization"),
        ("声明", "organization"),
        ("文章", "organization"),  # a document (文章指出)
        ("俄", "organization"),  # a state by its first character (俄称…)
        ("中美", "organization"),
        ("业内人士", "collective"),
        ("与会代表", "collective"),
        ("网友", "collective"),
        ("当地居民", "collective"),
    ],
)
def test_speaker_types_come_from_the_head_of_the_phrase(name: str, kind: str) -> None:
    assert speaker_type(Speaker(name=name, collective=True)) == kind


def test_named_people_are_persons() -> None:
    assert speaker_type(Speaker(name="普斯京")) == "person"


def test_garbage_subjects_give_no_quote() -> None:
    paragraphs = ["但橘子表示，今年的销量还会增长。", "有关研究表明，睡眠不足影响记忆。"]
    assert [q.speaker.name for q in attribute_quotes(paragraphs)] == []


def test_an_unlisted_transliteration_is_a_speaker() -> None:
    quotes = attribute_quotes(["波兰总统图洛克表示，两国将加强合作。"])
    assert [(q.speaker.name, q.speaker.role) for q in quotes] == [("图洛克", "波兰总统")]


# --- question binding -------------------------------------------------------------------------

_BINDING_ARTICLES = [
    [
        "国际观察家李国仁(Leonard Lee)说，港口的吞吐量今年会回升。",
        "他补充说，航运公司正在增加班次。",
    ],
    ["咨询公司合伙人凯瑞·约翰森表示，新规会提高合规成本。"],
    ["交通部部长王海川表示，明年将新建三条高速铁路。"],
    ["水利部部长王德茂表示，汛期前要完成堤防加固。"],
    ["小城表示，橘子的价格还会上涨。"],
    ["英国顾问韩飞虎(Peter Humbert)曾在上海工作多年。", "“这件事让我很失望，”韩飞虎说。"],
]


@pytest.fixture(scope="module")
def binding_index():  # type: ignore[no-untyped-def]
    from retrieval import Article, NewsIndex

    articles = [
        Article(id=f"bind-{i}", title=None, paragraphs=paragraphs) for i, paragraphs in enumerate(_BINDING_ARTICLES)
    ]
    return NewsIndex.build(articles, workers=1)


def test_an_english_original_finds_the_speaker(binding_index) -> None:  # type: ignore[no-untyped-def]
    assert answering.parse(binding_index, "Leonard Lee怎么看港口吞吐量？").speakers == ["李国仁"]
    assert answering.parse(binding_index, "Lee怎么看港口吞吐量？").speakers == ["李国仁"]
    assert answering.answer(binding_index, "Leonard Lee怎么看港口吞吐量？")[0].speaker == "李国仁"


def test_an_original_given_anywhere_in_the_article_is_stored(binding_index) -> None:  # type: ignore[no-untyped-def]
    assert answering.parse(binding_index, "Peter Humbert怎么看这件事？").speakers == ["韩飞虎"]


def test_a_dotted_name_with_or_without_the_dot(binding_index) -> None:  # type: ignore[no-untyped-def]
    for question in ("凯瑞·约翰森怎么看新规？", "凯瑞约翰森怎么看新规？", "约翰森怎么看新规？"):
        assert answering.parse(binding_index, question).speakers == ["凯瑞·约翰森"], question


def test_surname_and_title_prefer_the_holder_whose_role_matches(binding_index) -> None:  # type: ignore[no-untyped-def]
    assert answering.parse(binding_index, "水利部王部长对汛期有什么要求？").speakers[0] == "王德茂"
    assert answering.parse(binding_index, "交通部王部长怎么说高速铁路？").speakers[0] == "王海川"
    assert set(answering.parse(binding_index, "王部长说了什么？").speakers) == {"王德茂", "王海川"}


def test_an_ordinary_word_is_not_bound_as_a_speaker(binding_index) -> None:  # type: ignore[no-untyped-def]
    assert answering.parse(binding_index, "小城怎么看橘子价格？").speakers == []


def test_evaluation_breaks_figures_down_by_tag(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from retrieval.evaluate import evaluate, read_questions
    from retrieval.models import Answer

    rows = [
        {"id": "q1", "question": "甲说了什么", "kind": "speaker", "speaker": "甲", "accept": ["对"], "tags": ["pronoun"]},
        {"id": "q2", "question": "乙说了什么", "kind": "speaker", "speaker": "乙", "accept": ["对"], "tags": ["pronoun", "date"]},
    ]
    path = tmp_path / "q.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    questions = read_questions(path)
    assert questions[1].tags == ("pronoun", "date")

    def ask(question: str) -> list[Answer]:
        good = question.startswith("甲")
        return [Answer(speaker="甲" if good else "丙", role=None, quote="", paragraph="对" if good else "错", article={}, score=1.0)]

    result = evaluate(questions, ask)
    assert result.by_tag["pronoun"].row()["hit@1"] == 0.5
    assert result.by_tag["date"].row()["hit@1"] == 0.0


def test_meetings_and_documents_speak_as_organizations() -> None:
    quotes = attribute_quotes(["会议指出，要加快推进城乡供水一体化。", "声明强调，各方应保持克制。"])
    assert [(q.speaker.name, speaker_type(q.speaker)) for q in quotes] == [
        ("会议", "organization"),
        ("声明", "organization"),
    ]


@pytest.mark.parametrize(
    ("span", "name", "role"),
    [
        ("欧亚论坛主席冯德里安", "冯德里安", "欧亚论坛主席"),  # not 席冯德里安: a title is not cut in two
        ("德国交通部长施特劳斯本月初", "施特劳斯", "德国交通部长"),  # 本月初 is time, not part of the name
        ("经济学家杨立民于周日", "杨立民", "经济学家"),
    ],
)
def test_titles_and_time_words_stay_out_of_names(span: str, name: str, role: str) -> None:
    assert parse_subject(span) == Speaker(name=name, role=role)


@pytest.mark.parametrize("fragment", ["答页面", "向普京", "增加日本", "主席巴洛克", "法等国", "津津"])
def test_more_fragments_are_not_names(fragment: str) -> None:
    assert not looks_like_name(fragment)


def test_a_statement_issued_by_an_organization_names_the_organization() -> None:
    speaker = parse_subject("北欧渔业局、南欧渔业局9日发表联合声明")
    assert isinstance(speaker, Speaker) and speaker.name == "北欧渔业局、南欧渔业局"
    assert speaker_type(speaker) == "organization"


@pytest.mark.parametrize("span", ["她向总书记", "市里组织多部门会商", "强调要", "令当地官员"])
def test_clause_pieces_give_no_speaker(span: str) -> None:
    assert parse_subject(span) is None


def test_a_short_foreign_name_belongs_to_the_full_name_the_article_gives() -> None:
    from retrieval import Article, NewsIndex

    articles = [
        Article(id="a", title=None, paragraphs=["世卫官员让·卡萨维表示，疫情仍在扩散。", "卡萨维说，疫苗将在下月运抵。"]),
        Article(id="b", title=None, paragraphs=["歌手卡萨维说，巡演将在秋天开始。"]),
    ]
    index = NewsIndex.build(articles, workers=1)
    full = index.speakers.entries["让·卡萨维"]
    assert len(full.quotes) == 2  # both quotes of article a
    assert len(index.speakers.entries["卡萨维"].quotes) == 1  # the singer in article b stays apart
    assert answering.answer(index, "让·卡萨维说疫苗什么时候运到？")[0].quote.startswith("疫苗将在下月运抵")


@pytest.mark.parametrize(
    ("span", "name"),
    [
        ("某国总统办公室今天（8月1日）通报", "某国总统办公室"),
        ("某国总统图洛克12日在开罗某联盟总部", "图洛克"),
    ],
)
def test_dates_places_and_issuing_verbs_are_stripped_from_subjects(span: str, name: str) -> None:
    """A report an organisation issues (某组织发布报告指出) is not stripped: the annotation guideline makes
    the document the source (test_attribution: the issuer of a statement)."""
    speaker = parse_subject(span)
    assert isinstance(speaker, Speaker) and speaker.name == name


def test_glossed_names_are_found_from_the_parentheses_backwards() -> None:
    """The name right before an original in parentheses, at most 16 characters of it."""
    from retrieval.index.speaker_index import _GLOSSED, glossed_names

    text = "据报道，英国顾问林德华 (David Lind) 与法国学者让·马丁（Jean Martin）昨天会面，" + "很" * 20 + "(Xy Z)。"
    found = glossed_names(text)
    assert found[:2] == [("英国顾问林德华", "David Lind"), ("与法国学者让·马丁", "Jean Martin")]
    assert found == [(m.group(1), m.group(2)) for m in _GLOSSED.finditer(text)]
    assert len(found[2][0]) == 16


@pytest.mark.parametrize(
    ("paragraph", "name", "role", "kind"),
    [
        ("在代表团驻地，周立群代表告诉记者，这台设备是本地发展新产业的一个缩影。", "周立群", "代表", "person"),
        ("贺子明委员表示，要把乡村学校的校舍改造放在更突出的位置。", "贺子明", "委员", "person"),
        ("中国代表表示，各方应当坚持通过对话协商解决分歧和争端。", "中国代表", None, "collective"),
    ],
)
def test_a_name_before_a_group_title_is_one_person(paragraph: str, name: str, role: str | None, kind: str) -> None:
    """周立群代表 is a deputy named 周立群, not a group of deputies; 中国代表 stays a delegation."""
    (quote,) = attribute_quotes([paragraph])
    assert (quote.speaker.name, quote.speaker.role) == (name, role)
    assert speaker_type(quote.speaker) == kind



def test_no_name_starts_outside_the_name_first_characters() -> None:
    """clause_initial_names skips clauses whose first character starts no name: the shortcut must
    never hide a name looks_like_name would accept (every Han character, before given names,
    transliteration endings and conventional syllables)."""
    from retrieval.speakers import _name_first_chars

    first = _name_first_chars()
    outside = [chr(code) for code in range(0x4E00, 0x9FA6) if chr(code) not in first]
    assert len(outside) > 15_000 and "的" in outside and "王" not in outside
    for tail in ("明", "小明", "尔斯", "得", "斯基夫", "德"):
        assert not [c + tail for c in outside if looks_like_name(c + tail)]


def test_a_name_with_a_title_ending_in_an_office_character_is_a_person() -> None:
    said = [(q.speaker.name, q.speaker.role, q.speaker.speaker_type) for q in attribute_quotes(["王小明常委说，要加快科技成果转化。"])]
    assert said == [("王小明", "常委", "person")]  # 常委 ends in 委 like 发改委, but is a title here
