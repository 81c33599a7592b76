"""The words that say what the asked person is (挪威外长 of 挪威外长某某) pick the person the name
already binds: they are neither topic nor search words. A paragraph that repeats the role (观察家:
挪威外长的侧重点…) is not for that the more likely to be the statement asked about; the one right
after the meeting the question names is.

Countries, people and the article are invented."""

from __future__ import annotations

import pytest

from retrieval import answering
from retrieval.answering.question import parse

from .test_questions_quoted import _index


@pytest.mark.parametrize(("country", "name", "guest"), [("挪威", "汉森", "苏丹"), ("智利", "罗德里戈", "秘鲁"), ("泰国", "颂猜", "老挝")])
def test_the_role_before_the_name_is_no_search_word(country: str, name: str, guest: str) -> None:
    index = _index([
        ("fm-1", "外长会谈", [
            f"{country}外长{name}今天在首都会见了来访的{guest}客人，双方举行会谈，讨论了地区局势。",
            f"{name}说：“事情发展至今，一切选择都还有可能，应该加紧寻求外交解决。”",
            f"观察家注意到，{country}外长的侧重点有所不同。{country}外长{name}表示，{country}并不反对施压。",
        ]),
    ])
    question = f"与{guest}客人会谈后，{country}外长{name}怎么说？"
    parsed = parse(index, question)
    assert set(parsed.role_words) == {country, "外长"} and guest in parsed.topic_tokens
    answers = answering.ask(index, question, 3).answers
    assert answers[0].speaker == name and answers[0].quote.startswith("事情发展至今")


def test_a_person_the_role_names_stays_a_search_word() -> None:
    """熟悉某某的 in a speaker's recorded role names another person, who stays in the query."""
    index = _index([
        ("acq-1", "贸易谈判", [
            "“他是最精明的谈判代表之一，”熟悉钱立群的前贸易官员韦斯特说。",
            "钱立群表示，谈判需要耐心。",
        ]),
    ])
    parsed = parse(index, "韦斯特怎么评价钱立群？")
    assert "钱立群" not in parsed.role_words
