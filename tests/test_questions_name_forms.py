"""A quote whose speaker attribution read one character short or long at the verb (某国放说 read as
某国 | 放说, 某华坚称 as 某华坚 | 称) is the asked person's when its article writes the asked name:
「某某说了什么」 finds it, under the asked name (name_forms.py).

Names and articles are invented. Each test first checks that attribution misreads the name (a
fix there makes that line fail: then the case no longer tests this module and can go)."""

from __future__ import annotations

import pytest

from retrieval import answering

from .test_questions_quoted import _index


def _speakers_of(index, article_id: str) -> set[str]:
    return {q.speaker.name for q in index.quotes if index.articles[q.article].id == article_id}


@pytest.mark.parametrize("name", ["陈国放"])  # 林志放, 黄永放: attribution now reads them whole (speaker.whole_word)
def test_a_name_cut_short_at_the_verb_is_the_asked_person(name: str) -> None:
    index = _index([
        ("short-1", "答记者问", [f"外交部发言人{name}今天在记者招待会上表示，中方欢迎各国企业来华投资兴业。"]),
        ("short-2", "记者会", [
            f"外交部发言人{name}今天在记者招待会上回答了提问。",
            f"{name}说，双方的民间经贸往来不会受到影响，但官方往来必须停止。",
        ]),
    ])
    assert _speakers_of(index, "short-1") == {name} and _speakers_of(index, "short-2") == {name[:-1]}  # as attribution reads them today
    answers = answering.ask(index, f"{name}对民间经贸往来是什么态度？", 3).answers
    assert answers[0].article["id"] == "short-2" and answers[0].quote.startswith("双方的民间经贸往来")
    assert answers[0].speaker == name


@pytest.mark.parametrize("name", ["林华", "赵立"])
def test_a_name_read_long_at_the_verb_is_the_asked_person(name: str) -> None:
    index = _index([
        ("long-1", "招聘计划", [f"公司董事长{name}表示，公司明年将扩大招聘，重点招收应届毕业生。"]),
        ("long-2", "发布会", [
            f"在上周于广州举行的新闻发布会上，公司董事长{name}坚称公司不会构成威胁，“我们绝不会伤害任何客户。”",
            "他说，公司没有为任何机构安装后门。",
            f"会后，{name}与记者交谈。",
        ]),
    ])
    assert _speakers_of(index, "long-1") == {name} and _speakers_of(index, "long-2") == {f"{name}坚"}  # as attribution reads them today
    answers = answering.ask(index, f"{name} 后门", 3).answers
    assert answers[0].article["id"] == "long-2" and "后门" in answers[0].quote
    assert answers[0].speaker == name


def test_a_longer_name_the_article_never_writes_alone_is_someone_else() -> None:
    """林华坚 in an article that never writes 林华 on its own is another person's name."""
    index = _index([
        ("other-1", "招聘计划", ["公司董事长林华表示，公司明年将扩大招聘，重点招收应届毕业生。"]),
        ("other-2", "发布会", ["在上周于广州举行的新闻发布会上，公司董事长林华坚称公司不会构成威胁，“我们没有为任何机构安装后门。”"]),
    ])
    assert "林华坚" in _speakers_of(index, "other-2")
    answers = answering.ask(index, "林华 后门", 3).answers
    assert all(a.speaker != "林华" or a.article["id"] != "other-2" for a in answers)


@pytest.mark.parametrize(("name", "wish"), [("韩志远", "中泰友谊"), ("马卫东", "两校合作"), ("欧阳明", "中非友谊")])
def test_a_person_named_on_the_topic_without_a_quote_is_no_never_spoke(name: str, wish: str) -> None:
    """「某某 中泰友谊」: the paragraph naming them on the topic has no quote (祝愿 reports no
    statement), their quotes elsewhere are on other topics. The question is ranked (the paragraph
    is among the answers), not answered with 没有找到某某谈…的说法; a topic no article naming them
    holds still is."""
    index = _index([
        ("named-1", "座谈会", [f"全国政协副主席{name}表示，要做好基层调研工作，听取群众意见。"]),
        ("named-2", "茶话会", [
            "茶话会在北京举行。",
            f"全国政协副主席{name}出席茶话会，并祝愿{wish}“万古长青”。",
        ]),
    ])
    result = answering.ask(index, f"{name} {wish}", 3)
    assert result.not_found is None
    assert "named-2" in {a.article["id"] for a in result.answers}
    assert answering.ask(index, f"{name} 人工智能", 3).not_found is not None


@pytest.mark.parametrize(("name", "journal"), [("韩志远", "《求索》"), ("马卫东", "《前线》")])
def test_a_documents_words_are_its_authors(name: str, journal: str) -> None:
    """「文章指出，…」 in a report that a journal publishes 某某's article is 某某's statement,
    shown under 某某; the same words in a report naming nobody stay the document's."""
    index = _index([
        ("doc-0", "座谈会", [f"{name}表示，要做好基层调研工作，听取群众意见。"]),
        ("doc-1", f"{journal}杂志发表{name}的重要文章", [
            f"{journal}杂志今天发表{name}的重要文章《谈谈湿地保护》。",
            "文章指出，湿地保护要坚持自然恢复为主，人工修复为辅，因地制宜。",
        ]),
        ("doc-2", "杂志刊文", [
            "一份杂志今天发表评论。",
            "文章指出，湿地保护要多听农民的意见，不能一刀切。",
        ]),
    ])
    assert {q.speaker.name for q in index.quotes if index.articles[q.article].id == "doc-1"} == {"文章"}
    answers = answering.ask(index, f"{name}在文章里怎么谈湿地保护？", 3).answers
    assert answers[0].article["id"] == "doc-1" and answers[0].speaker == name
    assert all(a.speaker != name for a in answers if a.article["id"] == "doc-2")
