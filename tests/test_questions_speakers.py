"""Who else spoke: the speaker list for a topic, and /who 名字 话题 时间."""

from __future__ import annotations

from datetime import date

import pytest

from retrieval import NewsIndex, answering

from .question_corpus import TODAY, question_index

T = date.fromisoformat(TODAY)


@pytest.fixture(scope="module")
def index() -> NewsIndex:
    return question_index()


def test_the_best_answer_is_followed_by_the_other_speakers_on_the_topic(index: NewsIndex) -> None:
    result = answering.ask(index, "谁谈到了新能源汽车", 3, T)
    first = result.answers[0].speaker
    assert first in ("王海燕", "李晓东")
    (other,) = result.speakers
    assert other.name == ({"王海燕", "李晓东"} - {first}).pop()
    assert result.topic == "新能源汽车"
    counts = {"李晓东": (2, "2024-06-02", "2025-03-10"), "王海燕": (2, "2023-11-20", "2025-03-10")}
    assert (len(other.quotes), other.first, other.last) == counts[other.name]
    assert result.to_json()["speakers_on_topic"]["speakers"][0]["quotes"] == 2


def test_a_speaker_off_the_topic_is_not_listed(index: NewsIndex) -> None:
    result = answering.ask(index, "谁谈到了粮食安全", 3, T)
    assert result.answers[0].speaker == "李晓东"
    assert result.speakers == []  # nobody else; 王海燕 spoke in the same article on cars only


def test_the_list_respects_the_date_window(index: NewsIndex) -> None:
    result = answering.ask(index, "2024年谁谈到了新能源汽车", 3, T)
    assert result.answers[0].speaker == "李晓东" and result.speakers == []


def test_ordinary_questions_get_no_list(index: NewsIndex) -> None:
    assert answering.ask(index, "李晓东怎么看新能源汽车", 3, T).to_json().get("speakers_on_topic") is None
