"""Answers over an index: functions that take a NewsIndex (ask, answer, compare, source, search,
parse, warm_up); the index never imports them."""

from .asking import QUESTION_KINDS, AnswerSet, answer, ask, compare, search, source, warm_up
from .cache import QueryCache, query_cache
from .question import ParsedQuestion, parse

__all__ = [
    "QUESTION_KINDS",
    "AnswerSet",
    "ParsedQuestion",
    "QueryCache",
    "answer",
    "ask",
    "compare",
    "parse",
    "query_cache",
    "search",
    "source",
    "warm_up",
]
