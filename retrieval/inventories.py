"""Name inventories read from the data files under ``retrieval/data/`` (each names its source).

The files hold facts (which characters transliterate foreign names, which strings are surnames);
the rules that use them live in ``speakers.py``. Lines starting with ``#`` are comments; the first
tab-separated field of every other line is the entry.
"""

from __future__ import annotations

import functools
from pathlib import Path

DATA_DIR = Path(__file__).with_name("data")

COMMON_SURNAME_SCORE = 100.0
"""Surnames at or above this frequency score (about the 160 most frequent) count as common."""


def read_table(name: str) -> list[list[str]]:
    """The tab-separated rows of a data file, comments and blank lines skipped."""
    rows = []
    for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


@functools.cache
def transliteration_chars() -> frozenset[str]:
    """Characters the Xinhua tables (and attested Western names) use to write foreign names."""
    return frozenset(row[0] for row in read_table("transliteration_chars.txt"))


@functools.cache
def surname_scores() -> dict[str, float]:
    """Chinese surnames (single and compound) -> frequency score (0 when only 百家姓 lists it)."""
    return {row[0]: float(row[1]) if row[1] != "-" else 0.0 for row in read_table("surnames.txt")}


@functools.cache
def single_surnames() -> frozenset[str]:
    return frozenset(s for s in surname_scores() if len(s) == 1)


@functools.cache
def compound_surnames() -> frozenset[str]:
    return frozenset(s for s in surname_scores() if len(s) == 2)


@functools.cache
def common_surnames() -> frozenset[str]:
    """Surnames frequent enough that surname + one or two characters reads as a name by itself."""
    return frozenset(s for s, score in surname_scores().items() if score >= COMMON_SURNAME_SCORE)


@functools.cache
def japanese_surnames() -> frozenset[str]:
    return frozenset(row[0] for row in read_table("japanese_surnames.txt"))


@functools.cache
def countries() -> frozenset[str]:
    return frozenset(row[0] for row in read_table("countries.txt"))
