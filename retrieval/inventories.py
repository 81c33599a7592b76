"""Inventories read from the data files under ``retrieval/data/`` (each names its source).

The files hold facts (which characters transliterate foreign names, which strings are surnames,
which words are titles or organisation heads); the rules that use them live in ``speakers.py``,
``coreference.py`` and ``coref_classes.py``. Lines starting with ``#`` are comments; the first
tab-separated field of every other line is the entry. ``lexicon.tsv`` holds the attribution
lexicon, one row per word and class (word, class, note, source); ``words(class)`` reads a class.
"""

from __future__ import annotations

import functools
from pathlib import Path

DATA_DIR = Path(__file__).with_name("data")

LEXICON = "lexicon.tsv"
LEXICON_COLUMNS = ("word", "class", "note", "source")
"""The attribution lexicon's file and its columns (its header comment describes every class)."""

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


@functools.cache
def lexicon() -> dict[str, tuple[str, ...]]:
    """Lexicon class -> its words in table order, read once from ``lexicon.tsv``.

    A row without exactly the four columns is an error naming its line: a broken table must
    not silently drop a word from the rules."""
    classes: dict[str, list[str]] = {}
    for row in read_table(LEXICON):
        if len(row) != len(LEXICON_COLUMNS) or not row[0] or not row[1]:
            raise ValueError(f"{LEXICON}: a row needs {len(LEXICON_COLUMNS)} tab-separated columns {LEXICON_COLUMNS}, got {row!r}")
        classes.setdefault(row[1], []).append(row[0])
    return {word_class: tuple(words) for word_class, words in classes.items()}


def words(word_class: str) -> tuple[str, ...]:
    """The words (or characters) of one lexicon class, in table order; an unknown class is a
    programming error (KeyError), never an empty class."""
    return lexicon()[word_class]
