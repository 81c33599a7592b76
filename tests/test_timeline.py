"""/timeline's data (retrieval.answering.timeline) and drawing (bot.chart): counts per month, the chart's
bars and PNG, the caption within Telegram's limit."""

from __future__ import annotations

import io

import pytest

from bot.chart import timeline_chart
from bot.formatting import html_to_plain
from bot.replies.timeline import CAPTION_LIMIT, timeline_caption
from retrieval import NewsIndex
from retrieval.answering.timeline import MonthlyCounts, Timeline, monthly_counts, timeline
from retrieval.answering.who import WhoAnswer, who


def test_monthly_counts_fill_gaps_and_keep_undated_apart() -> None:
    counts = monthly_counts(["2024-11-03", "2025-01-20T08:00:00", "2024-11-30", None, "", "2025-13-01", "昨天"])
    assert counts.months == [("2024-11", 2), ("2024-12", 0), ("2025-01", 1)]
    assert counts.undated == 4 and counts.dated == 3
    assert (counts.first, counts.last) == ("2024-11-03", "2025-01-20")
    assert counts.busiest == ("2024-11", 2)
    assert monthly_counts([]) == MonthlyCounts()
    assert monthly_counts(["2024-02-01", "2024-03-01"]).busiest == ("2024-02", 1)  # the earliest of equals


def test_timeline_counts_what_who_lists(shipped_index: NewsIndex) -> None:
    name = most_quoted(shipped_index)
    data = timeline(shipped_index, name)
    listed = who(shipped_index, name)
    assert data.outcome == "quotes" and data.name == listed.name
    assert data.total == len(listed.quotes)
    dates = sorted(a.article["date"][:10] for a in listed.quotes if a.article.get("date"))
    assert (data.counts.first, data.counts.last) == (dates[0], dates[-1])
    per_month = {m: c for m, c in data.counts.months if c}
    assert per_month == {m: sum(d.startswith(m) for d in dates) for m in {d[:7] for d in dates}}


def test_topic_and_year_narrow_the_timeline_as_they_narrow_who(shipped_index: NewsIndex) -> None:
    name = most_quoted(shipped_index)
    everything = timeline(shipped_index, name)
    year = everything.counts.last[:4]
    in_year = timeline(shipped_index, f"{name} {year}年")
    assert in_year.window is not None and in_year.total == len(who(shipped_index, f"{name} {year}年").quotes)
    assert 0 < in_year.total < everything.total
    assert all(month.startswith(year) for month, _ in in_year.counts.months)
    assert f"时间：{in_year.window.label}" in timeline_caption(in_year)
    topic_word = next(w for w in ("发展", "经济", "合作", "一带一路") if who(shipped_index, f"{name} {w}").quotes)
    on_topic = timeline(shipped_index, f"{name} {topic_word}")
    assert on_topic.topic and 0 < on_topic.total < everything.total
    assert on_topic.total == len(who(shipped_index, f"{name} {topic_word}").quotes)
    assert on_topic.to_json()["months"] == [{"month": m, "count": c} for m, c in on_topic.counts.months]


def test_chart_has_one_bar_per_month_and_decodes(shipped_index: NewsIndex) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.image

    data = timeline(shipped_index, most_quoted(shipped_index))
    chart = timeline_chart(data)
    assert chart.bars == len(data.counts.months) > 1
    pixels = matplotlib.image.imread(io.BytesIO(chart.png), format="png")
    assert pixels.shape[:2] == (chart.height, chart.width) == (450, 900)
    assert chart.width + chart.height <= 10000
    distinct = {tuple(p) for p in pixels.reshape(-1, pixels.shape[2])[::97]}
    assert len(distinct) > 5  # bars, text and axes, not a blank image
    bar_blue = (pixels[..., 0] < 0.3) & (pixels[..., 2] > 0.6)
    assert bar_blue.sum() > 500  # the bars are drawn


def test_chart_bar_heights_follow_the_counts() -> None:
    data = Timeline(WhoAnswer("甲", "quotes", "甲"), counts=monthly_counts(["2024-01-05"] * 4 + ["2024-03-09"]))
    chart = timeline_chart(data)
    assert chart.bars == 3
    import matplotlib.image

    pixels = matplotlib.image.imread(io.BytesIO(chart.png), format="png")
    blue = (pixels[..., 0] < 0.3) & (pixels[..., 2] > 0.6)
    columns = blue.sum(axis=0)
    runs, inside = [], False
    for x, height in enumerate(columns):
        if height and not inside:
            runs.append([x, height])
        elif height:
            runs[-1][1] = max(runs[-1][1], height)
        inside = bool(height)
    assert len(runs) == 2  # January and March; February is an empty month
    assert runs[0][1] == pytest.approx(4 * runs[1][1], rel=0.05)


def test_caption_within_telegram_limit_even_for_long_names() -> None:
    counts = monthly_counts(["2024-01-05", "2024-01-06", "2024-05-01", None])
    data = Timeline(WhoAnswer("x", "quotes", "长" * 500, role="职务" * 500, topic="话题" * 500), counts=counts)
    caption = timeline_caption(data)
    visible = html_to_plain(caption)
    assert len(visible) <= CAPTION_LIMIT
    assert "共 4 段话" in visible and "2024年1月（2 段）" in visible and "最早 2024-01-05 · 最近 2024-05-01" in visible


def most_quoted(index: NewsIndex) -> str:
    """The shipped corpus's most quoted person with dated quotes (found, not hard-coded)."""
    entries = [e for e in index.speakers.entries.values() if not e.collective and len(e.name) >= 2]
    entries.sort(key=lambda e: (-len(e.quotes), e.name))
    for entry in entries:
        if len(timeline(index, entry.name).counts.months) > 1:
            return entry.name
    raise AssertionError("no person with quotes in two months")
