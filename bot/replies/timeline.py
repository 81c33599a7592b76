"""/timeline 名字 [话题]: a chart of the person's statements per month, with a short caption."""

from __future__ import annotations

from retrieval.answering.timeline import Timeline, timeline

from ..chart import month_label, timeline_chart
from ..formatting import escape, shorten
from ..service import IndexService
from .base import Reply

CAPTION_LIMIT = 1024
"""Telegram's limit for a photo caption, in characters after entity parsing."""
TIMELINE_USAGE_HTML = (
    "用法：<code>/timeline 名字 [话题]</code>，"
    "例如 <code>/timeline 彭文生</code>、<code>/timeline 彭文生 绿色转型</code>"
)


def timeline_caption(data: Timeline) -> str:
    """Who, on what, how many statements, the busiest month, the first and last date (≤ 1024 characters)."""
    counts = data.counts
    lines = [f"<b>{escape(shorten(data.name, 40))}</b>" + (f" · {escape(shorten(data.role, 60))}" if data.role else "")]
    if data.topic:
        lines.append(f"话题：{escape(shorten(data.topic, 60))}")
    if data.window is not None:
        lines.append(f"时间：{escape(data.window.label)}")
    total = f"共 {data.total} 段话"
    if counts.undated:
        total += f"（{counts.undated} 段日期不详，未计入图中）"
    lines.append(total)
    if (busiest := counts.busiest) is not None:
        lines.append(f"最多：{month_label(busiest[0])}（{busiest[1]} 段）")
        lines.append(f"最早 {counts.first} · 最近 {counts.last}")
    return "\n".join(lines)


def timeline_reply(service: IndexService, text: str) -> Reply:
    """The chart and its caption, or one line saying why there is none."""
    data = timeline(service.index, text, service.today())
    if data.outcome == "empty":
        return Reply(TIMELINE_USAGE_HTML)
    if data.outcome in ("unknown", "topic"):
        return Reply(f"没有找到 <b>{escape(shorten(data.query, 50))}</b> 说过的话。试试全名，或用 /who 查看。")
    if data.outcome == "none" or not data.counts.months:
        about = f"谈{data.topic}" if data.topic else ""
        why = "的说法" if data.outcome == "none" else "注明日期的说法"
        return Reply(f"没有找到 <b>{escape(shorten(data.name, 50))}</b>{escape(about)}{why}。")
    service.questions_answered += 1
    return Reply(timeline_caption(data), photo=timeline_chart(data).png)
