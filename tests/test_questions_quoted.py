"""Questions that quote a few words: the rest of the question decides between sources that hold
the words equally well, and the quoted words are matched however the segmenter cuts them alone.

Invented articles; the fillers (places, people) vary so no one string carries the behaviour."""

from __future__ import annotations

import pytest

from retrieval import NewsIndex, answering
from retrieval.models import Article

PLACES = [("芝加哥", "市长约翰逊"), ("鹿特丹", "港务局长范德伯格"), ("乌兰察布", "盟长巴特尔")]


FILLER = [
    ("f-1", "天气", ["气象台说，明天有小雨，气温下降。"]),
    ("f-2", "交通", ["交通局表示，地铁三号线下月通车。"]),
    ("f-3", "农业", ["农业专家介绍，今年小麦长势良好。"]),
    ("f-4", "教育", ["校长说，新学期开设编程课。"]),
]
"""Other articles, so that idf is positive for words only the test's own articles use."""


def _index(articles: list[tuple[str, str, list[str]]]) -> NewsIndex:
    articles = articles + FILLER
    return NewsIndex.build(
        [Article(id=i, title=t, paragraphs=p, url=f"https://example.org/{i}", date="2025-03-01", source="晨报") for i, t, p in articles],
        workers=1,
    )


@pytest.mark.parametrize(("place", "speaker"), PLACES)
def test_the_rest_of_a_source_question_decides_between_equal_sources(place: str, speaker: str) -> None:
    """谁说X“不会屈服”: both speakers said the words; only one spoke about X."""
    name = speaker[-3:] if "·" not in speaker else speaker
    index = _index([
        ("a-1", "球队输球以后", ["球队教练王德明说：“我们不会屈服，下一场一定赢回来。”"]),
        ("a-2", f"{place}回应联邦部署", [f"{place}{speaker}当天表示，{place}“不会屈服”，城市将继续依法自治。"]),
    ])
    result = answering.ask(index, f"谁说{place}“不会屈服”？", 3)
    assert result.source is not None and result.source.closeness == "verbatim"
    assert result.answers[0].article["id"] == "a-2"
    assert result.answers[0].speaker.endswith(name)
    # without the context both hold the words verbatim, and the first article comes first
    alone = answering.ask(index, "“不会屈服”是谁说的？", 3)
    assert {a.article["id"] for a in alone.answers[:2]} == {"a-1", "a-2"}


def test_a_quoted_phrase_cut_otherwise_alone_still_earns_its_bonus() -> None:
    """各唱各的调 alone is cut 各唱|各|调, in the sentence 各|唱|各|调: the phrase is searched and
    matched as running text has it, so the expert who said it ranks above one who only shares
    the rest of the question's words (and the unseen cut 各唱 does not count as a missed word)."""
    index = _index([
        ("b-1", "两国谈判", ["专家刘文涛说，两国谈判各有各的调子，两国谈判很难。"]),
        ("b-2", "评论", ["专家孙海说，双方在这个问题上各唱各的调。"]),
    ])
    assert "各唱" in index.tokenizer.tokenize_question("各唱各的调")
    assert "各唱" not in index.tokenizer.tokenize("专家孙海说，双方在这个问题上各唱各的调。")
    result = answering.ask(index, "哪位专家说两国谈判“各唱各的调”？", 3)
    assert [a.speaker for a in result.answers] == ["孙海", "刘文涛"]


def test_search_puts_the_exact_phrase_first_however_the_text_is_cut() -> None:
    """/search 元宇宙: the one paragraph holding the phrase comes first although the segmenter cut
    it 低碳元|宇宙 there (no token 元), while the others hold 元 and 宇宙 apart, more often."""
    index = _index([
        ("g-1", "宇宙", ["宇宙每一元都重要，宇宙一元。"]),
        ("g-2", "票价", ["一元看宇宙，宇宙一元钱。"]),
        ("g-3", "新区", ["新区负责人表示，将推动低碳元宇宙产业发展。"]),
    ])
    assert "元" not in index.tokenizer.tokenize("将推动低碳元宇宙产业发展")
    assert index.bm25.top(index.tokenizer.tokenize_question("元宇宙"), 3)[-1][0] == 2  # BM25 alone: last
    hits = answering.search(index, "元宇宙", 3)
    assert "元宇宙" in index.chunk_text(hits[0][0])
    assert all("元宇宙" not in index.chunk_text(c) for c, _ in hits[1:])
