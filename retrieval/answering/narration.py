"""Attributed narration: a paragraph that reports what a document or a measurement says
(试验数据显示，… / 报告指出，… / 调查发现，…) answers a topic question as well as a quote does.

Attribution keeps quotes of people and bodies; a finding whose source is data, a survey or a
report is narration, and without this would lose to any quoted paragraph on the topic because of
the quote bonus. The construction is a closed class of evidence nouns right before a reporting verb.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

EVIDENCE_NOUNS = "数据|报告|调查|统计|研究|结果|数字|监测|评估|白皮书|公报|通报|民调|测算|普查|分析|研究报告|调查报告|统计数据"
REPORTING_VERBS = ("显示", "指出", "表明", "发现", "证实")
_ATTRIBUTED_FINDING = re.compile(rf"(?:{EVIDENCE_NOUNS})(?:{'|'.join(REPORTING_VERBS)})")
GATE_TOKENS = (*REPORTING_VERBS, *(noun + verb for noun in EVIDENCE_NOUNS.split("|") for verb in REPORTING_VERBS))
"""Tokens one of which a paragraph with the construction holds: the verb, or the noun and verb
as one word where the segmenter joins them (结果显示, 分析表明)."""


def is_attributed_narration(text: str) -> bool:
    """Does ``text`` report a finding with its source (数据显示, 报告指出, 调查发现)?"""
    return _ATTRIBUTED_FINDING.search(text) is not None


def narration_flags(
    chunks: np.ndarray,
    has_token: Callable[[str, np.ndarray], np.ndarray],
    text_of: Callable[[int], str],
    indexed: Callable[[str], bool] = lambda token: True,
) -> np.ndarray:
    """For each chunk id, whether it is attributed narration. Only chunks that hold one of
    GATE_TOKENS (``has_token``, read from the postings) have their text read; tokens the index
    lacks (``indexed``: most of the joined forms) are not looked up per chunk."""
    maybe = np.zeros(len(chunks), dtype=bool)
    for token in GATE_TOKENS:
        if indexed(token):
            maybe |= has_token(token, chunks)
    flags = np.zeros(len(chunks), dtype=bool)
    for i in np.flatnonzero(maybe).tolist():
        flags[i] = is_attributed_narration(text_of(int(chunks[i])))
    return flags
