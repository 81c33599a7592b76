"""One name, several keys and several people: glued characters, middle initials, surname-only
foreign names pooled; two bearers of one name quoted in one article kept apart.

Invented speakers and sentences only; the first tests build the speaker index from Quote records
so each name is exactly as written.
"""

from __future__ import annotations

from datetime import date

import pytest

from retrieval import NewsIndex, answering
from retrieval.answering.asking import people_of, written_in_full
from retrieval.answering.name_variants import base_key, head_key, reads_as_speaker, variants
from retrieval.answering.topic_speakers import speakers_on_topic
from retrieval.index.speaker_index import SpeakerIndex
from retrieval.models import Article, Quote, Speaker


def _quotes(*rows: tuple[str, str | None, int]) -> list[Quote]:
    """(name, role, how many quotes), each quote in its own article."""
    quotes, article = [], 0
    for name, role, count in rows:
        for _ in range(count):
            quotes.append(Quote(Speaker(name, role), "北港的利率还会再降一次。", article, 0, 0, 10))
            article += 1
    return quotes


def _speakers(*rows: tuple[str, str | None, int]) -> SpeakerIndex:
    return SpeakerIndex(_quotes(*rows), common_words=set())


def test_a_surname_only_name_pools_with_the_full_name_whose_role_agrees() -> None:
    speakers = _speakers(
        ("波特曼", "北港银行行长", 6),
        ("杰克·波特曼", "北港银行行长", 3),
        ("杰克·M·波特曼", None, 1),  # a middle initial
        ("席杰克·波特曼", None, 2),  # 主席 cut off before the name: its last character glued on
        ("露西·波特曼", None, 4),  # someone else of that surname: no role, no evidence
    )
    assert base_key(speakers, "席杰克·波特曼") == "杰克·波特曼"
    assert base_key(speakers, "杰克·m·波特曼") == "杰克·波特曼"
    assert set(variants(speakers, "波特曼")) == {"波特曼", "杰克·波特曼", "杰克·m·波特曼", "席杰克·波特曼"}
    assert variants(speakers, "杰克·波特曼")[0] == "杰克·波特曼"
    assert head_key(speakers, "席杰克·波特曼") == head_key(speakers, "杰克·波特曼") == "波特曼"
    assert variants(speakers, "露西·波特曼") == ["露西·波特曼"]


def test_full_names_with_other_roles_stay_apart() -> None:
    speakers = _speakers(("波特曼", "北港银行行长", 5), ("杰克·波特曼", "南岛大学校长", 3))
    assert variants(speakers, "波特曼") == ["波特曼"]


def test_a_short_name_without_a_role_goes_only_to_a_clearly_most_quoted_full_name() -> None:
    clear = _speakers(("马尔科", None, 1), ("伊万·马尔科", "北港汽车公司创始人", 9), ("彼得·马尔科", "马尔科的弟弟", 3))
    assert variants(clear, "马尔科") == ["马尔科", "伊万·马尔科"]
    unclear = _speakers(("马尔科", None, 1), ("伊万·马尔科", "北港汽车公司创始人", 4), ("彼得·马尔科", "南岛电台主持人", 3))
    assert variants(unclear, "马尔科") == ["马尔科"]


def test_a_piece_of_a_meeting_name_is_no_speaker() -> None:
    speakers = _speakers(("长会议", "外长", 3), ("杰克·波特曼", None, 1))
    assert not reads_as_speaker(speakers, "长会议")
    assert reads_as_speaker(speakers, "杰克·波特曼")


_ARTICLES = [
    ("n-01", "2024-01-05", ["南岛外长卡多索说，南岛愿与各国加强合作。"]),
    ("n-02", "2024-03-08", ["南岛外长卡多索表示，南岛反对任何单边制裁。"]),
    ("n-03", "2024-05-10", ["北湖国副总统卡多索说，北湖国将在年底举行大选。"]),
    ("n-04", "2024-06-12", ["北湖国副总统卡多索表示，北湖国经济正在复苏。"]),
    # one article quotes both bearers of the name: it must not make them one person
    ("n-05", "2024-07-01", ["北湖国副总统卡多索说，两国友谊深厚。", "南岛外长卡多索表示，南岛支持北湖国自主选择发展道路。"]),
    ("n-06", "2024-08-01", ["北港银行行长波特曼说，海水淡化项目需要长期低息贷款。"]),
    ("n-07", "2024-09-01", ["北港银行行长杰克·波特曼表示，海水淡化的成本正在下降。"]),
    ("n-08", "2024-09-02", ["南岛大学教授玛丽亚·卡多索说，海水淡化会影响近海的鱼类。"]),
]


@pytest.fixture(scope="module")
def index() -> NewsIndex:
    articles = [
        Article(id=i, title="标题", paragraphs=paras, url=f"https://example.org/{i}", date=day, source="晨报")
        for i, day, paras in _ARTICLES
    ]
    return NewsIndex.build(articles, workers=1)


def test_two_bearers_quoted_in_one_article_stay_two_people(index: NewsIndex) -> None:
    people = people_of(index, "卡多索")
    assert sorted((p.role, len(p.quotes)) for p in people) == [("北湖国副总统", 3), ("南岛外长", 3)]
    shared = index.articles.index(next(a for a in index.articles if a.id == "n-05"))
    assert all(shared in p.articles for p in people)


def test_a_name_written_in_full_is_the_one_asked_about(index: NewsIndex) -> None:
    assert written_in_full("卡多索说了什么", ["卡多索", "玛丽亚·卡多索"]) == ["卡多索"]
    assert written_in_full("卡多索和波特曼", ["卡多索", "波特曼"]) == ["卡多索", "波特曼"]
    result = answering.ask(index, "卡多索说了什么", 5, date(2026, 11, 27))
    assert result.person is not None and len(result.alternatives) == 1  # 玛丽亚·卡多索 does not hide the choice
    assert {result.person.role, result.alternatives[0].role} == {"北湖国副总统", "南岛外长"}


def test_the_speaker_list_pools_the_ways_a_name_is_written(index: NewsIndex) -> None:
    listed = {s.key: len(s.quotes) for s in speakers_on_topic(index, index.tokenizer.tokenize_question("海水淡化"))}
    assert listed == {"波特曼": 2, "玛丽亚·卡多索": 1}  # 杰克·波特曼 is 波特曼: one line
