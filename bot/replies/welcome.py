"""/start, /help, example questions and deep links (t.me/bot?start=q…)."""

from __future__ import annotations

import base64
import binascii

from ..formatting import escape, shorten
from ..service import IndexService
from .answers import answer_reply
from .base import EXAMPLE, Button, PagedQueries, Reply, callback_data, parse_callback, small_number


def deep_link_payload(question: str) -> str | None:
    """A /start parameter carrying ``question`` (A-Z a-z 0-9 _ -, at most 64 characters)."""
    payload = "q" + base64.urlsafe_b64encode(question.encode("utf-8")).decode().rstrip("=")
    return payload if len(payload) <= 64 else None


def question_from_payload(payload: str) -> str | None:
    if not payload.startswith("q"):
        return None
    body = payload[1:]
    try:
        return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)).decode("utf-8").strip() or None
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None


def example_questions(service: IndexService, count: int = 3) -> list[str]:
    """Questions about the most quoted people in the corpus (so they always have answers)."""
    entries = [e for e in service.index.speakers.entries.values() if not e.collective and len(e.name) >= 2]
    entries.sort(key=lambda e: (-len(e.quotes), e.name))
    names = [e.name for e in entries[:count]]
    templates = ["{}说了什么？", "{}强调了什么？", "{}谈到了什么？"]
    return [templates[i % len(templates)].format(name) for i, name in enumerate(names)]


def example_reply(service: IndexService, paging: PagedQueries, data: str | None, per_page: int) -> Reply | None:
    """The answer to the example question an ``ex:N:0`` button stands for; None for anything else."""
    parsed = parse_callback(data)
    if parsed is None or parsed[0] != EXAMPLE:
        return None
    number = small_number(parsed[1])
    examples = example_questions(service)
    if number is None or number >= len(examples):
        return None
    return answer_reply(service, paging, examples[number], per_page)


def start_reply(service: IndexService, bot_username: str | None) -> Reply:
    examples = example_questions(service)
    lines = [
        "你好！我回答<b>谁说了什么</b>：在新闻报道里找出某人的原话、他的身份和出处。",
        "",
        "直接发问题就行，例如：",
        *[f"• <i>{escape(q)}</i>" for q in examples],
        "",
        "也可以用 /who 名字 查看某人说过的话，用 /search 关键词 搜索段落。",
    ]
    if bot_username:
        lines.append(f"在任何聊天里输入 <code>@{escape(bot_username)} 问题</code> 也能搜索。")
    buttons = [[Button(shorten(q, 40), callback_data(EXAMPLE, str(i), 0))] for i, q in enumerate(examples)]
    return Reply("\n".join(lines), buttons)


def help_reply(bot_username: str | None, is_admin: bool) -> Reply:
    lines = [
        "<b>怎么用</b>",
        "• 私聊里直接发问题：<i>陈华文说了什么？</i> <i>谁谈到了绿色转型？</i> <i>彭文生 一带一路</i>",
        "• /ask 问题 — 在群里提问（也可以 @我 或回复我的消息）",
        "• /who 名字 — 某人说过的话，最新的在前",
        "• /timeline 名字 [话题] — 某人每月说法的柱状图（可只看某个话题）",
        "• /search 关键词 — 搜索新闻段落",
        "• /compare 甲 乙 [话题] — 两人的说法并排对照（也可以问 <i>甲和乙怎么看Y</i>）",
        "• /source “一句话” — 这句话是谁说的：原话、近似（标出差异）还是没有找到",
        "• 问题里可以带时间：<i>2025年3月李强谈就业说了什么</i>、<i>去年谁谈到了关税</i>",
    ]
    if bot_username:
        lines.append(f"• 在任何聊天里输入 <code>@{escape(bot_username)} 问题</code> — 行内搜索")
    if is_admin:
        lines += [
            "",
            "<b>管理员</b>",
            "• /reload — 重新读取语料库并重建索引",
            "• /stats — 语料规模、索引时间、运行时间、回答次数",
        ]
        lines += ["• 发来 .txt/.md/.jsonl/.html 文件或新闻链接 — 加入语料库", "• /feeds — 订阅源状态"]
    return Reply("\n".join(lines))
