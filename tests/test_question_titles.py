"""Surname + title in questions: the surname must begin a word and the title must head the role.

Invented articles: presidents react to a tariff, an adviser whose role merely contains a title,
and a country name that ends in a character that is also a surname.
"""

from __future__ import annotations

import pytest

from retrieval import NewsIndex, answering
from retrieval.answering.question import parse_question
from retrieval.models import Article

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


def test_a_role_no_quote_records_is_found_in_the_persons_article() -> None:
    """红叶火锅创始人陈志远: his quotes carry no role, but his article names 红叶火锅, so he is meant
    (not 没有找到); a role whose organisation none of the bearer's articles names stays not found."""
    articles = [
        Article(id="r-1", title="星河集团年报", date="2024-03-01", source="晨报", url="https://example.org/r-1", paragraphs=[
            "星河集团首席执行官陈志远表示，集团今年的利润将增长两成。",
        ]),
        Article(id="r-2", title="红叶火锅上市", date="2024-05-01", source="晨报", url="https://example.org/r-2", paragraphs=[
            "红叶火锅今年在香港上市，门店超过三百家。",
            "陈志远年轻时是一名电焊工。“我不会做菜，但我知道客人想要什么，”陈志远告诉记者。",
        ]),
        Article(id="r-3", title="天气", date="2024-05-02", source="晨报", url="https://example.org/r-3", paragraphs=[
            "气象台预报员钱文说，本周有小雨，气温略有下降。",
        ]),
    ]
    index = NewsIndex.build(articles, workers=1)
    result = answering.ask(index, "红叶火锅创始人陈志远怎么说自己的经历？", 3, None)
    assert result.not_found is None
    assert result.answers and result.answers[0].article["id"] == "r-2"
    assert answering.ask(index, "外交部发言人陈志远怎么说？", 3, None).not_found
