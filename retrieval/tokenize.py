"""Tokenization with jieba's dictionary and algorithm, identical at index and query time.

Text is width-folded, converted to Simplified characters and lower-cased, cut in jieba's
accurate mode, and stripped of punctuation and function words. Question words (说 什么 谁 …)
are dropped from questions only, so they cannot outscore a question's content words.
Person names learned from the corpus are added to the dictionary so that a name such as
陈华文 is one token on both sides.

The cutting itself is done by jieba-rs (the ``rjieba`` package), the Rust port of jieba: the
same dictionary, word graph, dynamic programme and HMM, about twelve times faster than the
pure-Python jieba, which stays the source of the dictionary file (word, frequency, tag) that
speaker recognition reads. The two cut alike without the HMM; with it they differ only inside
runs of Latin letters and digits (jieba-rs keeps ``s-300`` whole where jieba gives ``s`` ``300``).
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Mapping

import jieba
import rjieba

from .inventories import read_table
from .normalize import encodable, fold_width, to_simplified


@functools.cache
def jieba_dictionary() -> dict[str, tuple[int, str]]:
    """jieba's dictionary as word -> (frequency, part-of-speech tag).

    Read straight from jieba's dict.txt (word, frequency, tag per line), the dictionary
    jieba-rs also ships; much cheaper than initialising jieba.posseg.
    """
    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    entries: dict[str, tuple[int, str]] = {}
    tags: dict[str, str] = {}  # one string per tag, not one per line
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 3:
                entries[parts[0]] = (int(parts[1]), tags.setdefault(parts[2], parts[2]))
    return entries


def word_frequency(word: str) -> int:
    """How often jieba's dictionary counts ``word`` (0 when it is not a word there)."""
    entry = jieba_dictionary().get(word)
    return entry[0] if entry else 0


_spare_jiebas: list[rjieba.Jieba] = []
"""Plain jieba-rs tokenizers made ahead (make_spare_jieba), each taken by one NewsTokenizer."""


def make_spare_jieba() -> None:
    """Make a plain jieba-rs tokenizer now for the next NewsTokenizer to take: loading the
    dictionary is most of the 0.1 s a reload that learns a new name spends on its new tokenizer.
    A server does it in the background (update.prepare_reloads)."""
    if not _spare_jiebas:
        _spare_jiebas.append(rjieba.Jieba())


def _new_jieba() -> rjieba.Jieba:
    """A plain jieba-rs tokenizer: a spare one if there is one (list.pop is atomic), else made now."""
    try:
        return _spare_jiebas.pop()
    except IndexError:
        return rjieba.Jieba()


@functools.cache
def plain_jieba() -> rjieba.Jieba:
    """A jieba-rs tokenizer with the plain dictionary (no names): word boundaries for
    attribution and name frequencies are judged against it."""
    return rjieba.Jieba()


def plain_cut(text: str) -> list[str]:
    """``text`` cut by the plain dictionary without the HMM (attribution's word boundaries)."""
    return plain_jieba().cut(encodable(text), False)


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


NAME_RESERVE = 1 << 20
"""Dictionary frequency held back for names (about 1.7 % of jieba's total). jieba-rs adds a
word's frequency to the dictionary total, and the total weighs every cut (each word costs
log(total)); a reserve entry gives back what the names add, so the total stays fixed and text
without any of the names is cut alike whatever names the corpus teaches."""

_RESERVE_WORD = "\ue000"
"""The reserve's dictionary entry: a private-use character, which jieba-rs never puts in a word
block, so no text can match it."""


class NewsTokenizer:
    """A jieba-rs tokenizer of its own plus the corpus's names.

    The dictionary total never changes with the names (see NAME_RESERVE), so text that
    contains none of the names is cut as by a tokenizer without them: the tokens of a
    paragraph depend only on the names it contains. That is what lets a reload re-tokenize
    only what a change touches.
    """

    def __init__(self, names: Iterable[tuple[str, int]] = (), plain_freqs: Mapping[str, int] | None = None) -> None:
        self._jieba = _new_jieba()
        self.names: dict[str, int] = {}
        self.plain_freqs: dict[str, int] = {}
        """What the plain dictionary says of each name (0 where it lacks the word); saved with the
        index so that loading one never reads the dictionary file."""
        self.reserve = NAME_RESERVE
        """The frequency held back for names: NAME_RESERVE unless the names outgrow it (doubled
        until they fit), which changes every cut (see update.py)."""
        self._added = 0
        self.add_names(names, plain_freqs)

    def add_names(self, names: Iterable[tuple[str, int]], plain_freqs: Mapping[str, int] | None = None) -> None:
        """Add names with fixed frequencies (see suggest_name_freqs) so cuts are reproducible.
        ``plain_freqs`` gives the plain dictionary's frequency of names it holds (else looked up)."""
        known = plain_freqs or {}
        for word, freq in names:
            if word in self.names:
                continue
            plain = known[word] if word in known else word_frequency(word)
            self.names[word] = freq
            self.plain_freqs[word] = plain
            self._added += freq - plain  # jieba-rs replaces a known word's frequency in the total
            self._jieba.add_word(word, freq, "nr")
        while self._added > self.reserve:
            self.reserve *= 2
        self._jieba.add_word(_RESERVE_WORD, self.reserve - self._added, "x")

    def with_names(self, names: Iterable[tuple[str, int]]) -> NewsTokenizer:
        """A new tokenizer with exactly ``names`` (this one, which may still be serving, is left
        untouched); cuts equal those of a tokenizer made fresh with ``names``."""
        return NewsTokenizer(names, self.plain_freqs)

    def cut(self, text: str) -> list[str]:
        """All word-like jieba tokens of ``text``, function words included."""
        return self._cut_prepared(prepare(text))

    def _cut_prepared(self, prepared: str) -> list[str]:
        return [tok for tok in self._jieba.cut(prepared) if is_wordlike(tok)]

    def tokenize(self, text: str) -> list[str]:
        """Index-side tokens: word-like, no function words, and the character pairs of words the
        HMM guessed (see _IndexTokens)."""
        kept = _IndexTokens(self._jieba)
        return [piece for tok in self._jieba.cut(prepare(text)) for piece in kept[tok]]

    def tokenize_flagged(self, texts: Iterable[str]) -> list[tuple[list[str], bool]]:
        """tokenize() of each text, and whether Simplified conversion changes it (see
        prepare_flagged). Which tokens are kept is decided once per distinct token of the batch."""
        kept = _IndexTokens(self._jieba)
        done = []
        for text in texts:
            prepared, converted = prepare_flagged(text)
            done.append(([piece for tok in self._jieba.cut(prepared) for piece in kept[tok]], converted))
        return done

    def tokenize_question(self, text: str) -> list[str]:
        """Query-side tokens: as tokenize(), minus question words."""
        return content_tokens(self.cut(text))


_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]{3,}")


class _IndexTokens(dict[str, tuple[str, ...]]):
    """token -> the index tokens it gives, filled on first sight: none for punctuation and
    function words; the token itself; and for a word of three or more Han characters that the
    dictionary lacks (the HMM glued it from single characters: 分装|成小份), also its character
    pairs, so that 小份 written on its own elsewhere still finds it."""

    def __init__(self, cutter: rjieba.Jieba) -> None:
        super().__init__()
        self._cutter = cutter

    def __missing__(self, token: str) -> tuple[str, ...]:
        if not is_wordlike(token) or token in STOPWORDS:
            pieces: tuple[str, ...] = ()
        elif _HAN_RUN.fullmatch(token) and self._cutter.cut(token, False) != [token]:
            pieces = (token, *(token[i : i + 2] for i in range(len(token) - 1)))
        else:
            pieces = (token,)
        self[token] = pieces
        return pieces


FUNCTION_TAGS = ("r", "u", "p", "c", "y", "e", "o")
"""jieba's part-of-speech classes that carry no topic: pronouns (那些, 这位), particles,
prepositions, conjunctions, modal particles, interjections, onomatopoeia."""

DEMONSTRATIVES = frozenset("这那哪该此每某各")
"""The closed class of demonstratives: with a measure word (那座, 这栋, 每件) they point at
something the question names elsewhere; the pair names nothing itself."""

_NAMES_A_THING = ("ns", "nr", "nz", "nt")
"""Tags that keep a demonstrative-initial word a word of its own (那曲 is a place); jieba's other
tags on such pairs are noise (每辆 n, 每批 v, 这件 mq)."""


FREE_VERB_FREQ = 3000
"""A one-character verb this frequent in jieba's dictionary stands as a word of its own (玩 4207,
吃, 走); rarer ones are bound morphemes jieba also tags v (展 1961, 吩 39)."""


def word_class_rows(dictionary: Mapping[str, tuple[int, str]]) -> list[tuple[str, str]]:
    """The rows of data/word_classes.txt, derived from jieba's dictionary: words of a FUNCTION_TAGS
    class (``function``), measure words (``measure``: 几 + the character is a numeral phrase, 几座,
    not 几国), demonstrative-initial words that name a place or person (``named``: 那曲) and
    free one-character verbs (``verb``: 吃, 走; see FREE_VERB_FREQ)."""
    rows = [(w, "function") for w, (_, tag) in dictionary.items() if tag.startswith(FUNCTION_TAGS)]
    rows += [(w[1], "measure") for w, (_, tag) in dictionary.items() if len(w) == 2 and w[0] == "几" and tag == "m"]
    rows += [
        (w, "named") for w, (_, tag) in dictionary.items() if len(w) == 2 and w[0] in DEMONSTRATIVES and tag.startswith(_NAMES_A_THING)
    ]
    rows += [
        (w, "verb") for w, (freq, tag) in dictionary.items() if len(w) == 1 and tag in ("v", "vg") and freq >= FREE_VERB_FREQ
    ]
    return sorted(set(rows), key=lambda row: (row[1], row[0]))


@functools.cache
def _word_classes() -> dict[str, frozenset[str]]:
    classes: dict[str, set[str]] = {"function": set(), "measure": set(), "named": set(), "verb": set()}
    for row in read_table("word_classes.txt"):
        classes[row[1]].add(row[0])
    return {name: frozenset(words) for name, words in classes.items()}


def is_function_word(token: str) -> bool:
    """A word of a class that names no topic: a demonstrative with a measure word (whatever tag
    jieba's dictionary gives the pair), unless it names a place or person; or a word jieba's
    dictionary tags as a pronoun, particle, preposition, conjunction, modal particle, interjection
    or onomatopoeia. Read from data/word_classes.txt, so serving never parses the dictionary."""
    classes = _word_classes()
    if len(token) == 2 and token[0] in DEMONSTRATIVES and token[1] in classes["measure"]:
        return token not in classes["named"]
    return token in classes["function"]


def is_single_verb(token: str) -> bool:
    """A one-character verb (吃, 走), with or without an aspect or sentence-final particle the
    segmenter glued to it (改了, 去过, 关吧, 增吗): alone it names no topic."""
    if len(token) == 2 and token[1] in "了过着吗吧呢啊呀嘛":
        token = token[0]
    return token in _word_classes()["verb"]


def content_tokens(tokens: list[str]) -> list[str]:
    """Question tokens worth searching: no function or question words, and no single Han
    characters (高, 大, 层 …) when the question has at least two longer words."""
    words = [t for t in tokens if t not in STOPWORDS and t not in QUESTION_WORDS and not is_function_word(t)]
    if sum(1 for t in words if len(t) > 1) >= 2:
        words = [t for t in words if len(t) > 1 or t.isascii()]
    return words


def suggest_name_freqs(names: Iterable[str]) -> list[tuple[str, int]]:
    """Dictionary frequencies that keep each name whole, in a reproducible order.

    Each frequency is computed against the plain dictionary, so a name's frequency does not
    depend on which other names the corpus has.
    """
    plain = plain_jieba()
    result: dict[str, int] = {}
    for name in sorted(set(names)):
        word = prepare(name)
        if len(word) >= 2 and word not in result:
            result[word] = max(plain.suggest_freq(word), 5)
    return sorted(result.items())
