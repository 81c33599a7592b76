"""Answering beside the index: what it works out once per index is kept in one QueryCache (never
in the index or its speaker index), each index has its own and it goes with the index; the
warm-up question is the server's to ask, on a reloaded index before it serves."""

from __future__ import annotations

import asyncio
import functools
import gc
import weakref
from datetime import date
from pathlib import Path

import pytest

from bot.service import IndexService
from retrieval import NewsIndex, answering, open_index
from retrieval.answering import query_cache
from retrieval.models import Article

from .question_corpus import TODAY, question_index, write_corpus

T = date.fromisoformat(TODAY)

QUESTIONS = (
    "张伟说了什么",  # two bearers of one name: people
    "李晓东和王海燕怎么看新能源汽车",  # side by side: spoken words, name variants
    "谁谈到了新能源汽车",  # the other speakers on the topic: name heads
)


def _answer_all(index: NewsIndex) -> None:
    for question in QUESTIONS:
        answering.ask(index, question, 5, T)
    answering.compare(index, ["李晓东", "王海燕"])  # no topic: the words both use


def test_answering_fills_one_query_cache_and_leaves_the_index_as_built() -> None:
    index = question_index()
    index_fields, speaker_fields = set(vars(index)), set(vars(index.speakers))
    _answer_all(index)
    added = set(vars(index)) - index_fields  # only views the index class declares (quote_dates)
    assert all(isinstance(getattr(NewsIndex, name, None), functools.cached_property) for name in added), added
    assert set(vars(index.speakers)) == speaker_fields
    cache = query_cache(index.speakers)
    assert cache is query_cache(index.speakers)
    assert len(cache.people["张伟"]) == 2
    assert {"李晓东", "王海燕"} <= cache.spoken_words.keys()
    assert cache.heads and cache.by_last_part is not None


def test_each_index_has_its_own_cache_and_it_goes_with_the_index() -> None:
    index = question_index()
    _answer_all(index)
    # another corpus where 张伟 is one person: the first index's two bearers must not leak into it
    other = NewsIndex.build(
        [Article(id="z-1", title="港口", url="https://example.org/z-1", date="2024-01-02", source="晨报",
                 paragraphs=["海港集团董事长张伟表示，集装箱吞吐量今年将突破一百万标箱。"])],
        workers=1,
    )
    answering.ask(other, "张伟说了什么", 5, T)
    assert query_cache(other.speakers) is not query_cache(index.speakers)
    assert len(query_cache(other.speakers).people["张伟"]) == 1
    assert len(query_cache(index.speakers).people["张伟"]) == 2
    gone = weakref.ref(query_cache(index.speakers))
    del index
    gc.collect()
    assert gone() is None


def test_a_reload_warms_the_new_index_before_it_serves(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    old, _ = open_index([corpus], None, workers=1)
    service = IndexService(old, [corpus], None)
    warmed: list[tuple[NewsIndex, NewsIndex]] = []
    monkeypatch.setattr(answering, "warm_up", lambda index: warmed.append((index, service.index)))
    async def reload():  # type: ignore[no-untyped-def]
        return await service.start_reload()

    report = asyncio.run(reload())
    assert report.ok and service.index is not old
    assert warmed == [(service.index, old)]  # the new index, warmed while the old one still served


def test_loading_an_index_asks_no_question(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    open_index([corpus], tmp_path / "idx", workers=1)
    asked: list[str] = []
    monkeypatch.setattr(answering.asking, "rank", lambda index, parsed, *rest: asked.append(parsed.text) or [])
    index, report = open_index([corpus], tmp_path / "idx", workers=1)
    assert report.loaded and asked == []
    answering.warm_up(index)
    assert asked == [answering.asking.WARM_UP_QUESTION]
