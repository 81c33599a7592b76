"""Questions to answers over the seed article and the shipped corpus."""

from __future__ import annotations

import pytest

from retrieval import NewsIndex, answering


def test_speaker_question(seed_index: NewsIndex) -> None:
    (top, *_) = answering.answer(seed_index, "陈华文说了什么？")
    assert top.speaker == "陈华文"
    assert top.role is not None and top.role.endswith("区长")
    assert top.quote.startswith("今天的闵行")
    assert top.article["title"].startswith("共推国际经贸投资")
    assert top.article["date"] == "2023-11-06"


def test_who_question(seed_index: NewsIndex) -> None:
    (top, *_) = answering.answer(seed_index, "谁提到了绿色转型？")
    assert top.speaker == "彭文生"
    assert "绿色转型" in top.quote


def test_emphasis_question(seed_index: NewsIndex) -> None:
    (top, *_) = answering.answer(seed_index, "蓝钦扬强调了什么？")
    assert top.speaker == "蓝钦扬"
    assert "科研成果转化" in top.quote and "科研成果转化" in top.paragraph


def test_collective_speaker(seed_index: NewsIndex) -> None:
    assert "闵行区领导" in seed_index.speakers.entries
    (top, *_) = answering.answer(seed_index, "闵行区领导对闵行未来发展有什么表态")
    assert top.speaker == "闵行区领导"


@pytest.mark.parametrize("question", ["藍欽揚說了什麼？", "蓝钦扬说了什么"])
def test_traditional_and_simplified_alike(seed_index: NewsIndex, question: str) -> None:
    assert answering.answer(seed_index, question)[0].speaker == "蓝钦扬"


def test_surname_and_title_question(seed_index: NewsIndex) -> None:
    assert answering.answer(seed_index, "陈区长在论坛致辞里讲了些什么？")[0].speaker == "陈华文"


def test_short_query_without_question_words(seed_index: NewsIndex) -> None:
    top = answering.answer(seed_index, "彭文生 一带一路")[0]
    assert top.speaker == "彭文生" and "一带一路" in top.paragraph


@pytest.mark.parametrize("question", ["", "   ", "？？？", "😀😀", "x" * 5000, "<b>&amp;</b>", "说了什么", "量子纠缠超导体火星殖民地"])
def test_odd_input_never_crashes_and_nonsense_gets_nothing(seed_index: NewsIndex, question: str) -> None:
    answers = answering.answer(seed_index, question)
    assert answers == [] or all(a.quote for a in answers)
    if question.strip() in ("", "？？？", "😀😀", "说了什么", "量子纠缠超导体火星殖民地"):
        assert answers == []


def test_answers_on_shipped_corpus(shipped_index: NewsIndex) -> None:
    assert shipped_index.stats.articles == 201
    top = answering.answer(shipped_index, "陈华文说了什么？")[0]
    assert top.speaker == "陈华文" and top.quote.startswith("今天的闵行")
    assert "彭文生" in [a.speaker for a in answering.answer(shipped_index, "谁提到了绿色转型？", 3)]


def test_quote_is_the_carrying_sentences_not_the_whole_paragraph(shipped_index: NewsIndex) -> None:
    answers = answering.answer(shipped_index, "习近平强调了什么", 5)
    assert answers and any(len(a.quote) < len(a.paragraph) for a in answers)


def test_one_answer_per_paragraph_and_speaker() -> None:
    """A long paragraph split into many chunks, each with a quote, is one answer per speaker."""
    from retrieval.models import Article

    speakers = ["王建国"] * 6 + ["李秀梅"] * 6  # later chunks hold only 李秀梅's quotes
    said = "".join(f"{name}说：“第{i}项海洋牧场计划要把珊瑚修复做细做实，让渔民的收入稳步增长。”" for i, name in enumerate(speakers))
    article = Article(id="a1", title="海洋牧场", paragraphs=["海洋牧场建设进入新阶段。", said, "赵小红表示，海洋牧场计划让渔村换了面貌。"])
    index = NewsIndex.build([article, Article(id="a2", title="别的", paragraphs=["今天天气晴朗。"])], workers=1)
    assert len(index.chunks) > 4  # the long paragraph really is several chunks
    for question in ("谁谈到了海洋牧场计划？", "王建国怎么看海洋牧场计划？"):
        answers = answering.answer(index, question, 10)
        pairs = [(a.paragraph, a.speaker) for a in answers]
        assert len(pairs) == len(set(pairs)), pairs
        assert {a.speaker for a in answers if a.paragraph == said} == {"王建国", "李秀梅"}
