"""What the bot says: replies built from the engine's answers, as plain data.

Handlers turn a Reply into a Telegram message; ``newsbot chat`` prints the same Reply as text,
so both go through one answer-and-format path. One module per kind of reply:

- ``base``: Reply, Button, callback data (``kind:token:page``) and the pager
- ``answers``: questions (a page of answers, comparisons, sources, 你指的是哪一位, 还有谁谈到了)
- ``who``: /who (the look-up itself is retrieval.answering.who)
- ``search``: /search
- ``paging``: pressing a paging or choice button, from the ranking it was made for
- ``inline``: inline mode
- ``timeline``: /timeline (the counting is retrieval.answering.timeline, the drawing bot.chart)
- ``welcome``: /start, /help, examples and deep links
- ``admin``: /stats, /reload
"""

from __future__ import annotations

from .admin import PROBLEM_LIST_CHARS, problem_lines, reload_reply, stats_reply
from .answers import (
    MAX_ANSWERS,
    NO_ANSWER_HTML,
    answer_reply,
    compare_reply,
    comparison_html,
    framing_html,
    not_found_html,
    source_reply,
)
from .base import Button, InlineResult, PagedQueries, Reply, callback_data, parse_callback, render_buttons, small_number
from .inline import INLINE_MAX, INLINE_PAGE, inline_results
from .paging import page_reply
from .search import SEARCH_PER_PAGE, search_reply
from .timeline import timeline_reply
from .welcome import deep_link_payload, example_questions, example_reply, help_reply, question_from_payload, start_reply
from .who import WHO_PER_PAGE, who_reply

__all__ = [
    "INLINE_MAX",
    "INLINE_PAGE",
    "MAX_ANSWERS",
    "NO_ANSWER_HTML",
    "PROBLEM_LIST_CHARS",
    "SEARCH_PER_PAGE",
    "WHO_PER_PAGE",
    "Button",
    "InlineResult",
    "PagedQueries",
    "Reply",
    "answer_reply",
    "callback_data",
    "compare_reply",
    "comparison_html",
    "deep_link_payload",
    "example_questions",
    "example_reply",
    "framing_html",
    "help_reply",
    "inline_results",
    "not_found_html",
    "page_reply",
    "parse_callback",
    "problem_lines",
    "question_from_payload",
    "reload_reply",
    "render_buttons",
    "search_reply",
    "small_number",
    "source_reply",
    "start_reply",
    "stats_reply",
    "timeline_reply",
    "who_reply",
]
