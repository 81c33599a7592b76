"""Tokenization with jieba, identical at index and query time.

Text is width-folded, converted to Simplified characters and lower-cased, cut by jieba in
accurate mode, and stripped of punctuation and function words. Question words (说 什么 谁 …)
are dropped from questions only, so they cannot outscore a question's content words.
Person names learned from the corpus are added to the jieba dictionary so that a name such
as 陈华文 is one token on both sides.
"""

from __future__ import annotations

import functools
import logging
import marshal
import os
import re
from collections.abc import Iterable
from pathlib import Path

import jieba

from .normalize import fold_width, to_simplified
from .safedir import default_cache_dir, private_cache_dir

jieba.setLogLevel(logging.WARNING)

_jieba_cache_dir: str | None = None
"""Where jieba keeps its dictionary cache (jieba.cache); set by use_cache_dir."""


def use_cache_dir(directory: str | os.PathLike[str]) -> None:
    """Keep jieba's dictionary cache in ``directory`` (newsbot's cache dir), not in the shared
    temporary directory where another user may have made it first. The directory is created
    private; UnsafeDirectoryError if another user could write to it (jieba loads the cache
    with marshal)."""
    global _jieba_cache_dir
    _jieba_cache_dir = str(private_cache_dir(Path(directory)))
    jieba.dt.tmp_dir = _jieba_cache_dir  # the global tokenizer, which attribution consults


def jieba_cache_dir() -> str:
    """The directory jieba's cache goes to: the configured one, else newsbot's default."""
    if _jieba_cache_dir is None:
        use_cache_dir(default_cache_dir())
    assert _jieba_cache_dir is not None
    return _jieba_cache_dir


def initialize_jieba() -> None:
    """Load jieba's global dictionary, with its cache in newsbot's cache directory."""
    if not jieba.dt.initialized and jieba.dt.dictionary == jieba.DEFAULT_DICT:
        _load_plain(jieba.dt)
    jieba.initialize()


@functools.cache
def _plain_dictionary() -> tuple[dict[str, int], int]:
    """jieba's default prefix dictionary (word -> frequency) and its total, read once per process.

    The same cache file jieba itself writes and reads (jieba.cache in newsbot's cache dir), but
    read into memory first: marshal.load on the open file costs about three times as much as
    marshal.loads on its bytes. Without a usable cache, jieba builds (and writes) it.
    """
    path = os.path.join(jieba_cache_dir(), "jieba.cache")
    try:
        with open(path, "rb") as fh:
            freq, total = marshal.loads(fh.read())
        if isinstance(freq, dict) and isinstance(total, int):
            return freq, total
    except (OSError, EOFError, ValueError, TypeError):
        pass
    built = jieba.Tokenizer()
    built.tmp_dir = jieba_cache_dir()
    built.initialize()
    return built.FREQ, built.total


def _load_plain(tokenizer: jieba.Tokenizer) -> None:
    """Give a jieba tokenizer its own copy of the default dictionary, as initialize() would."""
    freq, total = _plain_dictionary()
    tokenizer.tmp_dir = jieba_cache_dir()
    tokenizer.FREQ = dict(freq)
    tokenizer.total = total
    tokenizer.initialized = True

_WORDLIKE = re.compile(r"[0-9a-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

STOPWORDS: frozenset[str] = frozenset(
    "的 了 着 过 是 在 和 与 及 或 而 并 也 都 就 又 还 把 被 对 于 从 向 给 将 让 以 之 其 此 这 那 这个 那个 "
    "这些 那些 一个 我们 他们 她们 你们 它们 我 你 他 她 它 等 等等 上 中 下 里 之一 已 已经 为 因为 所以 "
    "但 但是 如果 虽然 就是 还是 以及 并且 而且 或者 及其 不 没有 很 更 最 非常 地 得 所 则 即 啊 吧".split()
)
"""Function words dropped on both sides: they carry no topic and only inflate lengths."""

QUESTION_WORDS: frozenset[str] = frozenset(
    "说 说了 说过 讲 讲了 讲过 谈 谈了 谈到 谈过 谈及 提到 提及 提过 聊 什么 些 了些 哪些 啥 谁 是谁 哪位 "
    "哪个 哪些人 哪国 怎么 怎样 怎么样 如何 怎么看 看 看待 看法 观点 想法 态度 评价 评论 表态 表示 认为 "
    "指出 强调 介绍 称 呢 吗 么 嘛 是否 有没有 能否 可否 请问 一下 关于 对于 有 有人 有何 都 曾 曾经 "
    "主张 说法 意见 回应 解释 宣布 透露 坦言 承认 呼吁 建议 告诉 反驳 质疑 方面 怎么回事 为什么 为何 "
    "多少 几 要 会 能 该 不该 应该 到底 究竟 自己".split()
)
"""Words that shape a question rather than name its topic; dropped from questions only."""


def is_wordlike(token: str) -> bool:
    """True for tokens with a letter, digit or Han character (not punctuation or space)."""
    return _WORDLIKE.search(token) is not None


SHORT_TEXT = 24
"""Texts up to this long (names, question words, n-grams) are prepared once per process: a
question looks up dozens of its n-grams as speaker names."""


def prepare(text: str) -> str:
    """The text jieba sees: width-folded, Simplified, lower-cased."""
    if len(text) <= SHORT_TEXT:
        return _prepare_short(text)
    return to_simplified(fold_width(text)).lower()


@functools.lru_cache(maxsize=1 << 17)
def _prepare_short(text: str) -> str:
    return to_simplified(fold_width(text)).lower()


def prepare_flagged(text: str) -> tuple[str, bool]:
    """prepare(text), and whether conversion to Simplified alone changes ``text``: one conversion
    serves both unless width folding changes the text (a full build used to convert the corpus twice)."""
    simplified = to_simplified(text)
    if fold_width(text) == text:
        return simplified.lower(), simplified != text
    return prepare(text), simplified != text


def prepare_all(texts: list[str]) -> list[str]:
    """prepare() of each text, in one conversion of the texts joined by line breaks: OpenCC's
    cost is mostly per call, and no dictionary entry spans a line break, so each line comes out
    as prepare() alone gives it. Texts that hold a line break themselves are prepared alone."""
    if not texts:
        return []
    if any("\n" in t for t in texts):
        return [prepare(t) for t in texts]
    prepared = prepare("\n".join(texts)).split("\n")
    return prepared if len(prepared) == len(texts) else [prepare(t) for t in texts]


class NewsTokenizer:
    """A jieba tokenizer of its own (the global one is left alone) plus the corpus's names.

    Adding names never changes jieba's total frequency, so text that contains none of the
    names is cut exactly as by the plain dictionary: the tokens of a paragraph depend only on
    the names it contains. That is what lets a reload re-tokenize only what a change touches.
    """

    def __init__(self, names: Iterable[tuple[str, int]] = ()) -> None:
        self._jieba = jieba.Tokenizer()
        _load_plain(self._jieba)
        self._total = self._jieba.total
        self._plain_freq: dict[str, int] = {}
        """What the plain dictionary says of each added name (0 if it lacks the word)."""
        self.names: dict[str, int] = {}
        self.add_names(names)

    def add_names(self, names: Iterable[tuple[str, int]]) -> None:
        """Add names with fixed frequencies (see suggest_name_freqs) so cuts are reproducible."""
        for word, freq in names:
            if word not in self.names:
                self._plain_freq.setdefault(word, self._jieba.FREQ.get(word, 0))
                self.names[word] = freq
                self._jieba.add_word(word, freq, "nr")
        self._jieba.total = self._total

    def with_names(self, names: Iterable[tuple[str, int]]) -> NewsTokenizer:
        """A new tokenizer with exactly ``names``, made from this one's dictionary (fast).

        This tokenizer is left untouched (it may still be serving). Every name first gets back
        the plain dictionary's frequency (zero, which jieba treats as absent, for a word it
        lacks), so cuts equal those of a tokenizer made fresh with ``names``.
        """
        clone = NewsTokenizer.__new__(NewsTokenizer)
        clone._jieba = jieba.Tokenizer()
        clone._jieba.FREQ = dict(self._jieba.FREQ)
        clone._jieba.total = self._total
        clone._jieba.initialized = True
        clone._total = self._total
        clone._plain_freq = {}
        clone.names = {}
        for word in self.names:
            clone._jieba.FREQ[word] = self._plain_freq[word]
        clone.add_names(names)
        return clone

    def cut(self, text: str) -> list[str]:
        """All word-like jieba tokens of ``text``, function words included."""
        return self._cut_prepared(prepare(text))

    def _cut_prepared(self, prepared: str) -> list[str]:
        return [tok for tok in self._jieba.lcut(prepared) if is_wordlike(tok) and not tok.isspace()]

    def tokenize(self, text: str) -> list[str]:
        """Index-side tokens: word-like, no function words."""
        return [tok for tok in self.cut(text) if tok not in STOPWORDS]

    def tokenize_flagged(self, text: str) -> tuple[list[str], bool]:
        """tokenize(text), and whether Simplified conversion changes ``text`` (see prepare_flagged)."""
        prepared, converted = prepare_flagged(text)
        return [tok for tok in self._cut_prepared(prepared) if tok not in STOPWORDS], converted

    def tokenize_question(self, text: str) -> list[str]:
        """Query-side tokens: as tokenize(), minus question words."""
        return content_tokens(self.cut(text))


def content_tokens(tokens: list[str]) -> list[str]:
    """Question tokens worth searching: no function or question words, and no single Han
    characters (高, 大, 层 …) when the question has at least two longer words."""
    words = [t for t in tokens if t not in STOPWORDS and t not in QUESTION_WORDS]
    if sum(1 for t in words if len(t) > 1) >= 2:
        words = [t for t in words if len(t) > 1 or t.isascii()]
    return words


@functools.cache
def _plain_tokenizer() -> NewsTokenizer:
    return NewsTokenizer()


def suggest_name_freqs(names: Iterable[str], plain: NewsTokenizer | None = None) -> list[tuple[str, int]]:
    """Dictionary frequencies that keep each name whole, in a reproducible order.

    Each frequency is computed against the plain dictionary (``plain``: a tokenizer without
    names), so a name's frequency does not depend on which other names the corpus has.
    """
    jieba_plain = (plain or _plain_tokenizer())._jieba
    result: dict[str, int] = {}
    for name in sorted(set(names)):
        word = prepare(name)
        if len(word) >= 2 and word not in result:
            result[word] = max(jieba_plain.suggest_freq(word, False), 5)
    return sorted(result.items())
