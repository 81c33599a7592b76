"""Admin replies: /stats and the /reload outcome with the corpus problems it met."""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import timedelta

from retrieval import Problem

from ..formatting import escape, limit_html, shorten
from ..service import IndexService, ReloadReport
from .base import Reply


def _duration(seconds: float) -> str:
    return str(timedelta(seconds=int(seconds)))


def stats_reply(service: IndexService) -> Reply:
    stats = service.index.stats
    now = time.time()
    lines = [
        "<b>统计</b>",
        f"文章 {stats.articles:,} · 段落 {stats.paragraphs:,} · 引语 {stats.quotes:,} · 说话人 {stats.speakers:,}",
        f"索引建于 {_duration(now - stats.built_at)} 前，载入于 {_duration(now - service.loaded_at)} 前",
        f"运行时间 {_duration(now - service.started_at)}",
        f"已回答问题 {service.questions_answered:,} 个",
    ]
    if service.reloading:
        lines.append("正在重新载入…")
    return Reply("\n".join(lines))


PROBLEM_LIST_CHARS = 3000
"""Room in the /reload reply for the list of corpus problems (the message limit is 4096)."""


def reload_reply(report: ReloadReport, problem_chars: int = PROBLEM_LIST_CHARS) -> Reply:
    """The /reload outcome: done, refused (too many articles would go) or failed, then the
    corpus problems by path and line, as many as fit."""
    counts = [
        f"文章 {report.articles:,} · 段落 {report.paragraphs:,} · 引语 {report.quotes:,} · 说话人 {report.speakers:,}",
        f"新增 {report.added} 篇 · 删除 {report.removed} 篇 · 修改 {report.changed} 篇",
    ]
    if report.refused:
        lines = [
            f"⚠️ 新索引{escape(report.refused)}；继续使用原来的索引。",
            *(f"新索引：{line}" for line in counts),
            "请检查下面列出的文件；确需删除时可调高 NEWSBOT_RELOAD_MAX_DROP，或重启。",
        ]
    elif not report.ok:
        lines = [f"❌ 重新载入失败，继续使用原来的索引。\n原因：{escape(report.error or '未知错误')}"]
    else:
        lines = [f"✅ 重新载入完成，用时 {report.seconds:.1f} 秒。", *counts]
    return Reply(limit_html("\n".join(lines + problem_lines(report.problems, problem_chars))))


def problem_lines(problems: Sequence[Problem], max_chars: int) -> list[str]:
    """Corpus problems as reply lines (path:line: reason), as many as fit in ``max_chars``."""
    if not problems:
        return []
    lines = [f"跳过或略去 {len(problems)} 处："]
    used = 0
    for shown, problem in enumerate(problems):
        where = f"{problem.path}:{problem.line}" if problem.line else problem.path
        where = where if len(where) <= 120 else "…" + where[-119:]  # the end names the file and line
        line = f"• {escape(where)}: {escape(shorten(problem.reason, 120))}"
        if used + len(line) + 1 > max_chars:
            lines.append(f"…还有 {len(problems) - shown} 处")
            break
        lines.append(line)
        used += len(line) + 1
    return lines
