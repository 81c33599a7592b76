"""A question -> everything a reply shows: answers plus what frames them.

``rank`` (ranking.py) orders answers; this module decides which ranking a question needs and
what goes with it: the date window and whether the answers lie outside it. The bot, ``newsbot
chat`` and ``newsbot ask --json`` all read the same ``AnswerSet``.

The entry points over an index (exported by the package): ask, answer, compare, source, search
and warm_up. ``ask`` tries QUESTION_KINDS in order.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import zip_longest
from typing import TYPE_CHECKING

import numpy as np

from ..models import Answer
from ..normalize import normalize_question
from ..speakers import PERSON_TITLES, name_parts
from ..time_window import DateWindow
from ..tokenize import is_single_verb, prepare
from .cache import query_cache
from .comparison import COMPARE_WORDS, Comparison, compared_speakers, comparison_of, top_topics
from .name_variants import head_key
from .people import Person, article_mask, parse_ref, persons_with_role, role_before_name, shares_any_piece, split_people
from .question import ParsedQuestion, parse
from .quote_match import SourceMatch, find_source, phrase_hits, source_line
from .ranking import article_coverage, chunk_answer, rank
from .topic_speakers import TopicSpeaker, speakers_on_topic, topic_weights, topic_words

_WHO_ELSE = re.compile(r"(?:谁|哪些人|哪几位|哪些专家|哪些官员)(?:都|还|曾|也|曾经)?(?:谈到|谈过|谈及|谈论|提到|提及|说到|讲到|论及|评论过|关注)")
"""谁谈到了Y: the answer is followed by the other speakers on Y."""

if TYPE_CHECKING:
    from ..index.news_index import NewsIndex


@dataclass(slots=True)
class AnswerSet:
    """The answers to one question and what the reply says around them."""

    question: str
    answers: list[Answer]
    window: DateWindow | None = None
    """The dates the question named, resolved (去年 -> 2025年)."""
    outside_window: bool = False
    """Nothing in the window fitted: the answers are the best from other dates."""
    source: SourceMatch | None = None
    """For 「“……”是谁说的」 and /source: how close the best source is (answers follow its candidates)."""
    topic: str = ""
    """The topic words of a 谁谈到了Y question."""
    speakers: list[TopicSpeaker] = field(default_factory=list)
    """Other speakers who spoke on ``topic`` (most quotes first)."""
    comparison: Comparison | None = None
    """For 甲和乙怎么看Y and /compare: a section per speaker (answers interleave the sections)."""
    person: Person | None = None
    """The bearer of an ambiguous name the answers are about."""
    alternatives: list[Person] = field(default_factory=list)
    """The other bearers of the name, when nothing in the question decided between them."""
    not_found: str | None = None
    """没有找到某某谈Y的说法: the person never spoke on the topic (or holds no such role)."""
    spoken_topics: list[str] = field(default_factory=list)
    """With ``not_found``: what the person did speak about."""
    chatter: bool = False
    """The message names no person, quotation, date or topic word (你好, 吃了吗): a front end
    answers with its help, not with a quote that shares a character with it."""

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "question": self.question,
            "answers": [a.to_json() for a in self.answers],
            "date_window": None if self.window is None else {**self.window.to_json(), "outside": self.outside_window},
        }
        if self.topic:
            data["speakers_on_topic"] = {"topic": self.topic, "speakers": [s.to_json() for s in self.speakers]}
        if self.person is not None and self.alternatives:
            data["person"] = self.person.to_json()
            data["alternatives"] = [p.to_json() for p in self.alternatives]
        if self.chatter:
            data["chatter"] = True
        if self.not_found is not None:
            data["not_found"] = {"message": self.not_found, "spoken_topics": self.spoken_topics}
        if self.comparison is not None:
            data["comparison"] = self.comparison.to_json()
        if self.source is not None:
            best = self.source.best
            data["source"] = {
                "line": self.source.line,
                "closeness": self.source.closeness,
                "similarity": round(best.similarity, 3) if best else 0.0,
                "differences": [{"asked": d.asked, "source": d.source} for d in best.differences] if best else [],
            }
        return data


def trace_source(index: NewsIndex, question: str, line: str, top_k: int) -> AnswerSet:
    """Who said ``line``: its sources, best first, and how close the best one is.

    The question's other words (谁说芝加哥“不会屈服”: 芝加哥) decide between sources that hold
    the line equally well."""
    rest = normalize_question(question).replace(line, " ")
    context = topic_words(index.tokenizer.tokenize_question(rest))
    match = find_source(index, line, max(top_k, 1), context)
    parsed = ParsedQuestion(text=line, kind="who", tokens=index.tokenizer.tokenize_question(line))
    answers = [chunk_answer(index, c.chunk, c.quote_id, round(c.similarity, 4), parsed) for c in match.candidates]
    return AnswerSet(question, answers, source=match)


@dataclass
class Asked:
    """One question being answered: what was asked, and its parse, made on first use (a
    remembered line is answered without one)."""

    index: NewsIndex
    question: str
    top_k: int
    today: date | None
    person: str | None
    """A Person.ref, from a 你指的是哪一位 button: which bearer of the name is meant."""

    @functools.cached_property
    def parsed(self) -> ParsedQuestion:
        return parse(self.index, self.question, self.today)


def _remembered_line(asked: Asked) -> AnswerSet | None:
    """「“……”是谁说的」: the sources of the quoted line."""
    line = source_line(normalize_question(asked.question))
    return None if line is None else trace_source(asked.index, asked.question, line, asked.top_k)


def _chatter(asked: Asked) -> AnswerSet | None:
    """你好, 吃了吗: no answer, so that a front end shows its help."""
    return AnswerSet(asked.question, [], chatter=True) if is_chatter(asked.parsed) else None


def _two_speakers(asked: Asked) -> AnswerSet | None:
    """甲和乙怎么看Y: the two side by side."""
    parsed, index = asked.parsed, asked.index
    if parsed.kind == "speaker" and (pair := compared_speakers(parsed.text, parsed.speakers, speakers=index.speakers)):
        return side_by_side(index, asked.question, pair, parsed.tokens, parsed.window)
    return None


def _ranked(asked: Asked) -> AnswerSet:
    """Everything else: the ranked answers, for the one bearer of a shared name when the question
    decides which (or a 没有找到 answer), outside the date window when nothing inside it fits,
    with the other speakers on the topic for 谁谈到了Y."""
    index, question, parsed, top_k = asked.index, asked.question, asked.parsed, asked.top_k
    allowed = None if parsed.window is None else parsed.window.article_mask(index.article_dates)
    chosen: Person | None = None
    others: list[Person] = []
    named = [k for k in parsed.speakers if not index.speakers.entries[k].collective]  # 外交部发言人 is no person
    full = written_in_full(parsed.text, named)
    if parsed.kind == "speaker" and len(full) != 1 and _nothing_decides(parsed) and _one_written_part(parsed.text, named):
        parsed, chosen, others = _most_quoted_bearer(index, parsed, named)
    elif parsed.kind == "speaker" and len(full) == 1:
        decided = which_person(index, parsed, full[0], asked.person)
        if len(named) > 1 and (isinstance(decided, AnswerSet) or decided[0] is None or not (decided[1] or asked.person)):
            decided = None, []  # other names share the written one: only a split of it is worth a choice
        if isinstance(decided, AnswerSet):
            decided.question, decided.window = question, parsed.window
            return decided
        chosen, others = decided
        if chosen is None and len(named) > 1 and _nothing_decides(parsed):
            parsed, chosen, others = _most_quoted_bearer(index, parsed, named)
    if chosen is not None:
        mask = article_mask(index, chosen)
        allowed = mask if allowed is None else allowed & mask
    result = AnswerSet(question, rank(index, parsed, top_k, allowed), parsed.window, person=chosen, alternatives=others)
    if parsed.window is not None and not result.answers:
        allowed = None if chosen is None else article_mask(index, chosen)
        result.answers = rank(index, parsed, top_k, allowed)
        result.outside_window = bool(result.answers)
        allowed = None
    if parsed.kind == "who" and not parsed.quoted and _WHO_ELSE.search(parsed.text):
        add_topic_speakers(index, result, topic_words(parsed.topic_tokens), allowed)
    return result


QUESTION_KINDS: tuple[tuple[str, Callable[[Asked], AnswerSet | None]], ...] = (
    ("remembered line", _remembered_line),
    ("chatter", _chatter),
    ("two speakers", _two_speakers),
    ("ranked", _ranked),
)
"""The kinds of question, in the order they are tried: the first that answers (not None) does."""

MAX_QUESTION_CHARS = 2000
"""Longer questions are cut: ranking costs grow with the question's words."""


def ask(index: NewsIndex, question: str, top_k: int = 5, today: date | None = None, person: str | None = None) -> AnswerSet:
    """The answers to ``question`` and what frames them (date window, …). ``today`` resolves
    relative dates (None leaves them as words); ``person`` (a Person.ref) fixes which bearer of
    a shared name is meant."""
    if not question or not question.strip() or top_k <= 0:
        return AnswerSet(question or "", [])
    asked = Asked(index, question[:MAX_QUESTION_CHARS], top_k, today, person)
    for _, answer_kind in QUESTION_KINDS:
        if (result := answer_kind(asked)) is not None:
            return result
    raise AssertionError("the last question kind answers every question")


def answer(index: NewsIndex, question: str, top_k: int = 5, today: date | None = None) -> list[Answer]:
    """Up to ``top_k`` answers, best first; [] when nothing in the corpus fits."""
    return ask(index, question, top_k, today).answers


def compare(index: NewsIndex, keys: list[str], topic: str = "", today: date | None = None) -> AnswerSet:
    """Two speakers (index keys) side by side on ``topic`` (which may name a time)."""
    parsed = parse(index, topic, today) if topic.strip() else None
    tokens = parsed.tokens if parsed else []
    return side_by_side(index, " ".join([*keys, topic]).strip(), keys, tokens, parsed.window if parsed else None)


def source(index: NewsIndex, line: str, top_k: int = 5) -> AnswerSet:
    """Where a remembered line comes from (see quote_match.py)."""
    line = line.strip().strip("“”\"「」『』‘’'")
    return trace_source(index, line, line, top_k)


def search(index: NewsIndex, text: str, top_k: int = 10) -> list[tuple[int, float]]:
    """Plain BM25 paragraph search (no speaker logic): (chunk id, score) pairs.

    Paragraphs that hold a query term verbatim come first: jieba may cut an unknown word
    (元宇宙 -> 元 / 宇宙), and BM25 alone would rank paragraphs with only its parts higher.
    """
    text = text[:MAX_QUESTION_CHARS]
    chunk_ids, scores = index.bm25.score_candidates(index.tokenizer.tokenize_question(text))
    if not len(chunk_ids):
        return []
    hits = phrase_hits(index, text, chunk_ids, scores)
    order = np.lexsort((chunk_ids, -scores, -hits))[:top_k]
    return [(int(chunk_ids[i]), float(scores[i])) for i in order.tolist()]


WARM_UP_QUESTION = "热身：谁说了什么？"


def warm_up(index: NewsIndex) -> None:
    """Load the lazily initialised parts (character conversion, word tags) before serving: a
    server's first question then costs what every later one does."""
    answer(index, WARM_UP_QUESTION, 1)


PHATIC = frozenset("你好 您好 大家好 谢谢 多谢 谢了 再见 拜拜 早上好 早安 午安 晚上好 晚安 在吗 在不在 哈哈 哈哈哈 嗯 嗯嗯 好的 好吧 hi hello hey thanks ok".split())
"""The closed class of phatic messages: greetings, thanks, farewells, acknowledgements."""


def is_chatter(parsed: ParsedQuestion) -> bool:
    """A message that asks nothing of the corpus: no speaker, quotation or date, and nothing but
    phatic expressions (你好, 谢谢) and one-character verbs (吃了吗). A one-character noun (碳) is
    a topic."""
    if parsed.speakers or parsed.quoted or parsed.window is not None:
        return False
    if re.sub(r"[\W_]+", "", parsed.text).lower() in PHATIC:
        return True
    return not parsed.described and all(t in PHATIC or is_single_verb(t) for t in parsed.tokens)


def written_in_full(question: str, keys: list[str]) -> list[str]:
    """The one key the question writes in full when the others only share a part with it
    (罗德里格斯 binds 德尔西·罗德里格斯 too, but names 罗德里格斯); else ``keys`` unchanged."""
    text = prepare(question)
    full = [k for k in keys if k in text]
    if len(full) == 1 and all(full[0] in name_parts(k) for k in keys if k != full[0]):
        return full
    return keys


NEVER_SPOKE = 1e-6
"""A person never spoke on a topic when none of its words occurs in any of their articles: words
overlap too little with paraphrase (督察/督查) for a higher bar to be safe."""
SHORT_TOPIC = 2
"""A topic of at most this many words is what the person is asked about, not context around it
(「…在2026年两会民生主题记者会上介绍了哪些旅游数据」 has six words, most of them the occasion)."""
SHORT_TOPIC_REACH = 0.5
"""A short topic counts as spoken on only when one of the person's articles holds this share of
it, or the paragraphs of the person's own quotes hold any of its words: 美国 in an article where
a patient speaks about hospitals is not 美国关税."""


def _said_any(index: NewsIndex, person: Person, weights: dict[str, float]) -> bool:
    """Does a paragraph the person is quoted in hold any of the topic's words?"""
    paragraphs = {(index.quotes[q].article, index.quotes[q].paragraph) for q in person.quotes}
    return any(any(t in text for t in weights) for text in (prepare(index.articles[a].paragraphs[n]) for a, n in paragraphs))


def _spoke_on(index: NewsIndex, person: Person, weights: dict[str, float]) -> bool:
    """Did the person speak on the topic of ``weights`` anywhere in the corpus (see NEVER_SPOKE)?"""
    reach = _topic_reach(index, person, weights, None)  # a date window has its own fallback
    if reach < NEVER_SPOKE:
        return False
    return reach >= SHORT_TOPIC_REACH or len(weights) > SHORT_TOPIC or _said_any(index, person, weights)


def _named_on_topic(index: NewsIndex, key: str, weights: dict[str, float], others: set[int]) -> bool:
    """Does an article that writes the name of ``key`` (and is not one of ``others``, another
    bearer's) hold SHORT_TOPIC_REACH of the topic? Its statement may be narration (某某祝愿…) or a
    quote attribution read under another form of the name (某某放说 read as 某某 | 放说): not a
    reason to say the person never spoke on it."""
    chunks: np.ndarray | None = None
    for token in dict.fromkeys(index.tokenizer.tokenize(index.speakers.entries[key].name)):
        doc_ids, _ = index.bm25.postings(token)
        chunks = doc_ids if chunks is None else np.intersect1d(chunks, doc_ids, assume_unique=True)
    if chunks is None or not len(chunks):
        return False
    articles = np.setdiff1d(np.unique(index.chunk_article[chunks]), np.fromiter(others, dtype=np.int64, count=len(others)))
    if not len(articles):
        return False
    return float(article_coverage(index, articles, weights, sum(weights.values())).max()) >= SHORT_TOPIC_REACH


def _topic_reach(index: NewsIndex, person: Person, weights: dict[str, float], allowed: np.ndarray | None) -> float:
    """The best share of the topic found in any of the person's articles (within ``allowed``)."""
    articles = np.asarray(sorted(a for a in person.articles if allowed is None or allowed[a]), dtype=np.int64)
    if not len(articles):
        return 0.0
    return float(article_coverage(index, articles, weights, sum(weights.values())).max())


ROLE_HEADS = frozenset(PERSON_TITLES) | {"发言人", "负责人", "创始人", "创办人", "主持人"}
"""Words that say what someone is, not where: 海底捞创始人 is checked by 海底捞 alone."""


def _mentions_all(index: NewsIndex, person: Person, words: list[str]) -> bool:
    """Does one article of the person contain every one of ``words`` (海底捞, 创始人)? Read from
    the postings, as the topic reach is, not by scanning the person's articles."""
    weights = topic_weights(index, words)
    if not weights or len(weights) < len(set(topic_words(words))):
        return False  # a word the corpus lacks is in no article of theirs
    return _topic_reach(index, person, weights, None) >= 1.0 - 1e-9


def _nothing_decides(parsed: ParsedQuestion) -> bool:
    """No date window and no topic: only who is asked about."""
    return parsed.window is None and not topic_words(parsed.topic_tokens)


def _one_written_part(question: str, keys: list[str]) -> bool:
    """Do several full names share the one part the question writes (塔维 of 埃诺·塔维 and
    卡伊·塔维), with nothing else to decide between them?"""
    text = prepare(question)
    if len(keys) < 2:
        return False
    shared = set.intersection(*(set(name_parts(k)) for k in keys)) - set(keys)
    return any(part in text for part in shared) and not any(k in text for k in keys)


def _most_quoted_bearer(index: NewsIndex, parsed: ParsedQuestion, keys: list[str]) -> tuple[ParsedQuestion, Person, list[Person]]:
    """A bare name that several full names end in (马斯克: 埃隆·马斯克, 金博尔·马斯克), asked about
    with nothing else to decide: the most quoted of them answers, the others are offered. Keys of
    one person (特朗普, 唐纳德·特朗普: name_variants.head_key) count as one bearer. Ranking the
    pooled names instead puts first whoever's paragraph repeats the name most (a brother
    introduced as 马斯克的弟弟)."""
    persons = _keys_by_person(index, keys)
    quoted = {head: sum(len(index.speakers.entries[k].quotes) for k in group) for head, group in persons.items()}
    heads = sorted((h for h in persons if people_of(index, h)), key=lambda h: -quoted[h])
    bearers = [people_of(index, head)[0] for head in heads]
    chosen = _pooled(index, bearers[0], persons[heads[0]])  # their articles are where the answers may come from
    return replace(parsed, speakers=persons[heads[0]]), chosen, bearers[1:]


def _keys_by_person(index: NewsIndex, keys: list[str]) -> dict[str, list[str]]:
    """``keys`` grouped by the person they write (name_variants.head_key: 特朗普, 唐纳德·特朗普)."""
    persons: dict[str, list[str]] = {}
    for key in keys:
        persons.setdefault(head_key(index.speakers, key), []).append(key)
    return persons


def _pooled(index: NewsIndex, person: Person, keys: list[str]) -> Person:
    """``person`` with the quotes and articles of the first bearer of each of ``keys`` (the keys
    that write their name)."""
    pooled = [p for key in keys for p in people_of(index, key)[:1]]
    return replace(person, quotes=sorted({q for p in pooled for q in p.quotes}), articles={a for p in pooled for a in p.articles})


def bearers(index: NewsIndex, keys: list[str]) -> list[Person]:
    """Everyone ``keys`` name, most quoted first: the keys of one person pool their first bearer
    (as a bare name's answer does), and a key's further bearers (a second 张伟) stay apart."""
    found: list[Person] = []
    for group in _keys_by_person(index, keys).values():
        people = [people_of(index, key) for key in group]
        firsts = [p[0] for p in people if p]
        if firsts:
            found.append(_pooled(index, max(firsts, key=lambda p: len(p.quotes)), group))
        found += [p for split in people for p in split[1:]]
    return sorted(found, key=lambda p: -len(p.quotes))


def people_of(index: NewsIndex, key: str) -> list[Person]:
    """``split_people`` computed once per key and index."""
    cache = query_cache(index.speakers).people
    if key not in cache:
        cache[key] = split_people(index, key)
    return cache[key]


def which_person(
    index: NewsIndex, parsed: ParsedQuestion, key: str, ref: str | None
) -> tuple[Person | None, list[Person]] | AnswerSet:
    """The bearer of the one name a question names, the others to offer, or a 没有找到 answer.

    A role before the name that nobody of that name holds, or a topic that no bearer's articles
    cover, gives the 没有找到 answer with what the person did speak about.
    """
    text = prepare(parsed.text)
    if index.speakers.entries[key].collective or key in index.speakers.common_words or f"·{key}" in text or f"{key}·" in text:
        return None, []  # 古巴方面, or one part of 阿伦·布朗: not a name that people share
    people = people_of(index, key)
    if not people:
        return None, []
    if ref is not None and (wanted := parse_ref(ref)) and wanted[0] == key and wanted[1] < len(people):
        return people[wanted[1]], []
    candidates = people
    role = role_before_name(parsed.text, key, people)
    if role and any(p.roles for p in people):
        candidates = persons_with_role(people, role, strict=True) or [p for p in people if shares_any_piece(role, p)]
        if not candidates:  # no role on record: an article of theirs naming the role's organisation will do
            words = index.tokenizer.tokenize_question(role)
            words = [w for w in words if w not in ROLE_HEADS] or words
            candidates = [p for p in people if words and _mentions_all(index, p, words)]
        if not candidates:
            return _not_found(index, people[0], f"没有找到{role}{people[0].name}的说法")
    topic_tokens = topic_words(parsed.topic_tokens)
    weights = topic_weights(index, topic_tokens)
    if topic_tokens and not weights:  # the corpus has none of the topic's words
        return _not_found(index, candidates[0], f"没有找到{candidates[0].name}谈{''.join(topic_tokens)}的说法")
    if weights:
        spoke = [p for p in candidates if _spoke_on(index, p, weights)]
        others = {a for p in people if p not in candidates for a in p.articles}
        if not spoke and _named_on_topic(index, key, weights, others):
            return None, []  # an article on the topic names them without a quote of theirs: rank, decide nothing
        if not spoke:
            topic = "".join(weights)
            return _not_found(index, candidates[0], f"没有找到{candidates[0].name}谈{topic}的说法")
        candidates = spoke
    if len(people) == 1:
        return None, []
    return candidates[0], candidates[1:]


def _not_found(index: NewsIndex, person: Person, message: str) -> AnswerSet:
    return AnswerSet("", [], person=person, not_found=message, spoken_topics=top_topics(index, person.quotes))


def side_by_side(
    index: NewsIndex, question: str, keys: list[str], tokens: list[str], window: DateWindow | None
) -> AnswerSet:
    """Two speakers' best quotes on the topic of ``tokens`` (or on the topics they share)."""
    names = {p for key in keys for p in (key, *name_parts(key)) if len(p) >= 2}
    topic = [t for t in topic_words(tokens) if t not in COMPARE_WORDS and not any(n in t or t in n for n in names)]
    allowed = None if window is None else window.article_mask(index.article_dates)
    comparison = comparison_of(index, keys, topic, allowed)
    columns = [section.answers for section in comparison.sections]
    answers = [a for row in zip_longest(*columns) for a in row if a is not None]
    return AnswerSet(question, answers, window, comparison=comparison)


def add_topic_speakers(index: NewsIndex, result: AnswerSet, topic: list[str], allowed: np.ndarray | None) -> None:
    """List the speakers on ``topic`` other than the one who answers first."""
    if not topic:
        return
    first = {prepare(result.answers[0].speaker)} if result.answers and result.answers[0].speaker else set()
    result.topic = "".join(topic)
    result.speakers = speakers_on_topic(index, topic, allowed, exclude=first)
