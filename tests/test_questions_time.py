"""Time in questions: expressions -> date windows, and answers limited to the window."""

from __future__ import annotations

from datetime import date

import pytest

from retrieval import NewsIndex, answering
from retrieval.time_window import article_days, cn_number, find_window

from .question_corpus import TODAY, question_index

T = date.fromisoformat(TODAY)


@pytest.fixture(scope="module")
def index() -> NewsIndex:
    return question_index()


@pytest.mark.parametrize(
    ("question", "start", "end", "label"),
    [
        ("2025年3月王明谈港口说了什么", "2025-03-01", "2025-03-31", "2025年3月"),
        ("1998年1月下旬刘强说了什么", "1998-01-21", "1998-01-31", "1998年1月下旬"),
        ("2024年谁谈到了渔业", "2024-01-01", "2024-12-31", "2024年"),
        ("2019年底的讲话", "2019-11-01", "2019-12-31", "2019年底"),
        ("2020年初谁谈到了港口", "2020-01-01", "2020-02-29", "2020年初"),  # a leap year
        ("１９９８年１月周明说了什么", "1998-01-01", "1998-01-31", "1998年1月"),
        ("二〇一九年三月五日的发言", "2019-03-05", "2019-03-05", "二〇一九年三月五日"),
        ("2023年3月他谈到港口，3月5日呢", "2023-03-05", "2023-03-05", "3月5日（2023年）"),
        ("2025年第二季度谁谈到了出口", "2025-04-01", "2025-06-30", "2025年第二季度"),
        ("去年谁谈到关税", "2025-01-01", "2025-12-31", "去年（2025年）"),
        ("今年", "2026-01-01", "2026-12-31", "今年（2026年）"),
        ("上个月谁谈到了渔业", "2026-10-01", "2026-10-31", "上个月（2026年10月）"),
        ("上周", "2026-11-16", "2026-11-22", "上周（2026-11-16 至 2026-11-22）"),
        ("最近李华说了什么", "2026-10-28", "2026-11-27", "最近（2026-10-28 至 2026-11-27）"),
        ("去年3月", "2025-03-01", "2025-03-31", "去年3月（2025年3月）"),
    ],
)
def test_time_expressions_resolve_to_windows(question: str, start: str, end: str, label: str) -> None:
    window = find_window(question, T).window
    assert window is not None
    assert (window.start.isoformat(), window.end.isoformat(), window.label) == (start, end, label)


def test_a_day_without_a_year_takes_the_year_named_in_the_question_or_matches_every_year() -> None:
    in_context = find_window("2023年春天，3月5日那天刘强说了什么", T).window
    assert in_context and (in_context.start, in_context.end) == (date(2023, 3, 5), date(2023, 3, 5))
    alone = find_window("3月5日刘强说了什么", T).window
    assert alone and alone.every_year and alone.label == "3月5日（各年）"
    days = article_days(["2019-03-06", "2021-03-05", "2021-04-05", None, "坏日期"])
    assert alone.article_mask(days).tolist() == [True, True, False, False, False]  # +3 days: reports follow events


def test_a_year_that_is_what_was_said_about_stays_a_search_word() -> None:
    assert find_window("刘强怎么评价1997年的出口", T).window is None
    assert find_window("哪位经理说，2024年营业额翻了一番", T).window is None
    assert find_window("马力怎么谈最近的港口事件", T).window is None
    assert find_window("开店20年的老板说了什么", T).window is None
    assert find_window("周明怎么看2027年的粮价", T).window is None  # the object of 怎么看
    assert find_window("孙立怎么看2027年粮食产量", T).window is None
    assert find_window("谁说过2035年前建成新港区", T).window is None  # a deadline, not a date said
    since = find_window("2019年以来谁谈到了港口", T).window
    assert since is not None and since.start.isoformat() == "2019-01-01"


def test_a_month_that_a_statistic_follows_is_what_the_figures_cover() -> None:
    assert find_window("北港3月物价指数上涨后，谁谈到了房租", T).window is None  # published later
    assert find_window("南岛5月份出口数据下滑，厂长怎么看", T).window is None
    dated = find_window("2025年3月北港物价指数上涨后，谁谈到了房租", T).window  # a year dates the release
    assert dated is not None and dated.label == "2025年3月"
    assert find_window("3月王海燕谈了什么", T).window is not None  # no statistic: when it was said


def test_a_month_a_survey_follows_is_when_it_was_taken() -> None:
    """北港央行5月的企业调查: the survey was taken in May and reported after it, in June."""
    assert find_window("北港央行5月的企业调查里，受访企业提到关税多少次？", T).window is None
    assert find_window("南岛9月份民调显示支持率是多少", T).window is None
    assert find_window("5月王海燕在调查组会上说了什么", T).window is not None  # when it was said


def test_relative_words_need_a_today() -> None:
    assert find_window("去年谁谈到关税", None).window is None


def test_chinese_numerals() -> None:
    assert [cn_number(x) for x in ("十二", "二十一", "三十", "一九九八", "二〇一九", "７", "十", "亿")] == [
        12, 21, 30, 1998, 2019, 7, 10, None,
    ]


def test_date_words_are_not_search_words(index: NewsIndex) -> None:
    parsed = answering.parse(index, "2025年3月李晓东谈新能源汽车说了什么", T)
    assert parsed.window is not None
    assert not any(t in ("2025", "3", "年", "月") for t in parsed.tokens)


def test_answers_are_limited_to_the_window(index: NewsIndex) -> None:
    unbounded = answering.answer(index, "李晓东怎么看新能源汽车", 5, T)
    assert {a.article["id"] for a in unbounded[:2]} == {"q-01", "q-02"}
    result = answering.ask(index, "2024年李晓东怎么看新能源汽车", 5, T)
    assert result.window is not None and not result.outside_window
    assert result.answers and {a.article["date"][:4] for a in result.answers} == {"2024"}
    assert result.answers[0].speaker == "李晓东"
    assert result.to_json()["date_window"] == {
        "label": "2024年", "start": "2024-01-01", "end": "2024-12-31", "every_year": False, "month_day": None, "outside": False,
    }


def test_a_relative_window_counts_from_the_given_today(index: NewsIndex) -> None:
    result = answering.ask(index, "上个月赵明谈人工智能说了什么", 5, T)
    assert result.window is not None and result.window.label == "上个月（2026年10月）"
    assert [a.article["id"] for a in result.answers] == ["q-08"]
    a_year_later = answering.ask(index, "上个月赵明谈人工智能说了什么", 5, date(2027, 11, 27))
    assert a_year_later.outside_window  # nothing in October 2027: the best answers from other dates
    assert a_year_later.answers[0].speaker == "赵明"


def test_nothing_in_the_window_shows_the_best_answers_outside_it_labelled(index: NewsIndex) -> None:
    result = answering.ask(index, "去年谁谈到了粮食安全", 5, T)
    assert result.window is not None and result.window.label == "去年（2025年）"
    assert result.outside_window
    assert result.answers and result.answers[0].speaker == "李晓东"
    assert result.answers[0].article["date"] == "2023-11-20"
    assert result.to_json()["date_window"]["outside"] is True
    assert not answering.ask(index, "2023年谁谈到了粮食安全", 5, T).outside_window
