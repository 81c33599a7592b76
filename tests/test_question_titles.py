"""Surname + title in questions: the surname must begin a word and the title must head the role.

Invented articles: presidents react to a tariff, an adviser whose role merely contains a title,
and a country name that ends in a character that is also a surname.
"""

from __future__ import annotations

import pytest

from retrieval import NewsIndex
from retrieval.models import Article
from retrieval.question import parse_question

_ARTICLES = [
    Article(id="d-1", title="钢铁关税引发反应", date="2025-05-02", source="晨报", url="https://example.org/d-1", paragraphs=[
        "北方国宣布对进口钢铁征收四成关税。",
        "钢铁商会会长吴家明表示，北方国对进口钢铁征收关税，将推高南湖国造船成本。"
        "南湖国总统卡萨诺瓦表示，北方国对进口钢铁征收关税不公平，本国将坚持贸易多元化。",
        "西岭国总统贝拉斯科说，西岭国愿意通过谈判解决分歧。",
    ]),
    Article(id="d-2", title="顾问谈征兵", date="2025-06-10", source="晨报", url="https://example.org/d-2", paragraphs=[
        "东原国总统顾问利斯坦科表示，征兵年龄不应再降低，前线需要的是更多装备。",
    ]),
    Article(id="d-3", title="港口", date="2025-06-12", source="晨报", url="https://example.org/d-3", paragraphs=[
        "港务局局长陈立新说，港口吞吐量上半年增长一成，进口钢铁到港量有所下降。",
    ]),
]


@pytest.fixture(scope="module")
def index() -> NewsIndex:
    return NewsIndex.build(_ARTICLES, workers=1)


def test_surname_must_begin_a_word(index: NewsIndex) -> None:
    """In 意大利总统 the 利 ends a country name: it is not 利 + 总统."""
    parsed = parse_question("意大利总统怎么看进口钢铁关税？", index.tokenizer, index.speakers)
    assert "利斯坦科" not in parsed.speakers


def test_title_must_be_the_head_of_the_role(index: NewsIndex) -> None:
    """利总统 does not name a 总统顾问; 陈局长 names the 港务局局长."""
    assert "利斯坦科" not in index.speakers.titled("利总统怎么看征兵")
    assert index.speakers.titled("陈局长怎么看港口") == ["陈立新"]
