"""A bare surname-last name that several full names end in (马斯克: 埃隆·马斯克 and 金博尔·马斯克).

Asked about with nothing else to decide, the most quoted bearer answers and the others are
offered. Names and counts are generated: the rule is about how often each bearer is quoted, not
about who they are.
"""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bot.cli import who_text_lines
from retrieval import NewsIndex, answering
from retrieval.answering.question import parse
from retrieval.answering.who import who
from retrieval.models import Article

TRANSLIT = "阿贝博达德恩弗格哈伊杰卡克拉洛曼纳诺帕奎里萨斯塔图维沃西亚扎"
names = st.lists(st.sampled_from(TRANSLIT), min_size=2, max_size=3, unique=True).map("".join)
STATEMENTS = [
    "公司今年要把产量翻一番", "新工厂下个月投产", "电池成本还会继续下降", "我们不会裁员",
    "监管部门的调查没有根据", "明年要进入三个新市场", "自动驾驶还需要五年", "股价被严重低估",
]


def _corpus(elder: str, younger: str, surname: str, many: int) -> list[Article]:
    """``many`` quotes of elder·surname, one of younger·surname introduced as the elder's brother
    (his paragraph repeats the bare surname, which BM25 alone rewards)."""
    articles = [
        Article(id=f"a{i}", title="公司动态", url=f"https://example.org/a{i}", date=f"2024-0{1 + i % 9}-1{i % 9}", source="晨报",
                paragraphs=[f"首席执行官{elder}·{surname}说，{STATEMENTS[i % len(STATEMENTS)]}。"])
        for i in range(many)
    ]
    articles.append(Article(
        id="b", title="家族", url="https://example.org/b", date="2024-10-01", source="晨报",
        paragraphs=[f"“{surname}家的人都很固执，”{surname}的弟弟、董事会成员{younger}·{surname}说。“{surname}从不认输。”"],
    ))
    return articles


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names, names, names, st.integers(3, 6))
def test_the_most_quoted_bearer_of_a_bare_name_answers(surname: str, elder: str, younger: str, many: int) -> None:
    if set(elder) & set(younger) or set(surname) & (set(elder) | set(younger)):
        return  # transliterations sharing a character could be one name written two ways
    index = NewsIndex.build(_corpus(elder, younger, surname, many), workers=1)
    assume(parse(index, f"{surname}说了什么").speakers)  # a part that is also a dictionary word may not bind as a name
    result = answering.ask(index, f"{surname}说了什么")
    assert result.answers and all(a.speaker == f"{elder}·{surname}" for a in result.answers)
    assert f"{younger}·{surname}" in [p.name for p in result.alternatives]
    # with a topic, the words decide, not the count
    topic = answering.ask(index, f"{surname}怎么评价家里人的固执")
    assert topic.answers[0].speaker == f"{younger}·{surname}"


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names, names, names, st.integers(3, 6))
def test_who_lists_one_bearer_under_that_bearers_name_and_role(surname: str, elder: str, younger: str, many: int) -> None:
    """/who 马斯克: the header's name and role and the quotes listed are one person's (the most
    quoted); the brother, quoted last, neither lends his name nor mixes in, and is named apart."""
    if set(elder) & set(younger) or set(surname) & (set(elder) | set(younger)):
        return
    index = NewsIndex.build(_corpus(elder, younger, surname, many), workers=1)
    found = who(index, surname)
    assume(found.outcome == "quotes")  # a part that is also a dictionary word may not look up as a name
    assert {a.speaker for a in found.quotes} == {f"{elder}·{surname}"} and len(found.quotes) == many
    assert (found.name, found.role) == (f"{elder}·{surname}", "首席执行官")
    assert [p.name for p in found.others] == [f"{younger}·{surname}"]
    assert f" 同名的还有：{younger}·{surname}（" in who_text_lines(f"/who {surname}", found)  # plain newsbot ask says so too
    brother = who(index, f"{younger}·{surname}")  # his own full name lists him alone
    assert {a.speaker for a in brother.quotes} == {f"{younger}·{surname}"} and not brother.others


def _article(i: int, text: str, day: int = 1) -> Article:
    return Article(id=f"t{i}", title="要闻", url=f"https://example.org/t{i}", date=f"2024-03-{day:02d}", source="晨报", paragraphs=[text])


def test_keys_of_one_person_are_one_bearer_of_the_bare_name() -> None:
    """特朗普 and 唐纳德·特朗普 (one president, name_variants.head_key) are one bearer: the answers
    pool both keys and only the other person of the surname is offered."""
    said = ["关税将在下月生效", "谈判取得了进展", "盟友需要承担更多军费", "边境墙必须完工", "股市会继续上涨"]
    articles = [_article(i, f"美国总统特朗普说，{text}。", i + 1) for i, text in enumerate(said)]
    articles += [_article(10, "美国总统唐纳德·特朗普表示，选举结果必须尊重。", 20), _article(11, "美国总统唐纳德·特朗普说，制造业正在回流。", 21)]
    articles += [_article(12, "企业家弗雷德·特朗普表示，公寓的投资几乎蚀本。", 22), _article(13, "企业家弗雷德·特朗普说，公司今年不再扩张。", 23)]
    index = NewsIndex.build(articles, workers=1)
    result = answering.ask(index, "特朗普说了什么", top_k=10)
    assert {a.speaker for a in result.answers} <= {"特朗普", "唐纳德·特朗普"} and len(result.answers) == 7
    assert [p.name for p in result.alternatives] == ["弗雷德·特朗普"]


def test_a_paragraph_two_articles_carry_is_one_answer() -> None:
    """A report and its sequel repeat a paragraph word for word: it is one answer, not two."""
    repeated = "区长陈立新说，明年要新建三座桥梁，缓解过江交通压力。"
    index = NewsIndex.build([_article(1, repeated, 1), _article(2, repeated, 5), _article(3, "区长陈立新表示，老旧小区改造将在年底完成。", 9)], workers=1)
    answers = answering.ask(index, "陈立新说了什么", top_k=5).answers
    assert sorted(a.paragraph for a in answers) == sorted([repeated, "区长陈立新表示，老旧小区改造将在年底完成。"])
