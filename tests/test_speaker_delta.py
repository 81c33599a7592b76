"""The speaker index a reload updates for the changed articles only (retrieval/index/speaker_delta.py)
equals the one built over every quote, whatever the edits: removed, changed and new articles
that quote new speakers, speakers other articles quote too, part names expanded to a full name
within an article, originals in parentheses, forms of address and collectives."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval.index.speaker_delta import updated_speakers
from retrieval.index.speaker_index import SpeakerIndex
from retrieval.models import Article, Quote, Speaker

# invented speakers: (name, role, alias, collective, kind)
_CHINESE = [(s + g, None, None, False, "person") for s in ("徐", "王", "欧阳") for g in ("立", "晓燕")]
_FOREIGN = [("洛朗·亨宁格", "研究员", None, False, "person"), ("亨宁格", "教授", None, False, "person"),
            ("雪莉·徐", "经理", None, False, "person"), ("韩飞龙", None, "Peter Humphrey", False, "person"),
            ("约翰·史密斯", "部长", "John Smith", False, "person"), ("史密斯", None, "Smith", False, "person")]
_GROUPS = [("专家", None, None, True, "collective"), ("海关总署", None, None, True, "organization")]
SPEAKERS = st.sampled_from(_CHINESE + _FOREIGN + _GROUPS)
# paragraphs the harvests read: an original in parentheses, forms of address
EXTRA = st.sampled_from(["", "英国私家侦探韩飞龙(Peter Humphrey)来到上海。", "徐女士当天也在场。", "记者见到了王先生和欧阳女士。",
                         "约翰·史密斯（John Smith）出席了会议。"])


@st.composite
def articles_with_quotes(draw: st.DrawFn, prefix: str) -> tuple[Article, list[tuple[Speaker, str, int]]]:
    """An article and its quotes as (speaker, words, paragraph): the quote's article is set on use."""
    said = draw(st.lists(SPEAKERS, min_size=0, max_size=4))
    extra = draw(EXTRA)
    paragraphs = [f"{name}说，第{k}件事办好了。" for k, (name, *_rest) in enumerate(said)] + ([extra] if extra else [])
    number = draw(st.integers(0, 10**6))
    article = Article(id=f"{prefix}-{number}", title="题", paragraphs=paragraphs or ["没有人说话。"])
    quotes = [(Speaker(name, role, alias, coll, kind), f"第{k}件事办好了", k) for k, (name, role, alias, coll, kind) in enumerate(said)]
    return article, quotes


def _quotes(corpus: list[tuple[Article, list]]) -> list[Quote]:
    return [Quote(speaker, words, a, p, 0, len(words)) for a, (_, said) in enumerate(corpus) for speaker, words, p in said]


@st.composite
def edits(draw: st.DrawFn) -> tuple[list, list]:
    """(old corpus, new corpus): the new one keeps some old articles (the same objects, in order),
    drops others, changes some and inserts new ones."""
    old = draw(st.lists(articles_with_quotes("old"), min_size=1, max_size=14))
    new: list = []
    for item in old:
        action = draw(st.sampled_from(["keep", "keep", "keep", "drop", "change", "insert"]))
        if action == "keep":
            new.append(item)
        elif action == "change":
            new.append(draw(articles_with_quotes("changed")))
        elif action == "insert":
            new.extend([draw(articles_with_quotes("new")), item])
    return old, new


def _sources(old: list, new: list) -> np.ndarray:
    """Per new quote, its old id when its article is an old one kept, else -1 (as update_index)."""
    first, at = {}, 0
    for item in old:
        first[id(item)] = at
        at += len(item[1])
    out: list[int] = []
    for item in new:
        start = first.get(id(item))
        out.extend(range(start, start + len(item[1])) if start is not None else [-1] * len(item[1]))
    return np.array(out, dtype=np.int64)


@settings(max_examples=300)
@given(edits())
def test_updated_speaker_index_equals_a_full_build(corpora: tuple[list, list]) -> None:
    old, new = corpora
    old_quotes, new_quotes = _quotes(old), _quotes(new)
    old_index = SpeakerIndex(old_quotes, articles=[a for a, _ in old])
    articles = [a for a, _ in new]
    updated = updated_speakers(old_index, old_quotes, new_quotes, _sources(old, new), articles)
    full = SpeakerIndex(new_quotes, articles=articles)
    assert updated.to_json() == full.to_json()
    assert updated.quote_keys == full.quote_keys
    assert updated.entries == full.entries  # each speaker's quote ids too, which to_json leaves out


def test_untouched_speakers_keep_their_entries() -> None:
    """Only the speakers a changed article quotes are rebuilt: the others' entries are the old
    ones (the same objects while their quote ids do not move), which is what makes a reload quick."""
    said = [[(Speaker(f"王{g}"), f"话{g}", 0)] for g in "甲乙丙丁戊己"]
    old = [(Article(id=f"a{k}", title=None, paragraphs=[f"王{g}说，话{g}。"]), s) for k, (g, s) in enumerate(zip("甲乙丙丁戊己", said))]
    changed = (Article(id="a5", title=None, paragraphs=["钟立说，新话。"]), [(Speaker("钟立"), "新话", 0)])
    new = old[:5] + [changed]
    old_index = SpeakerIndex(_quotes(old), articles=[a for a, _ in old])
    updated = updated_speakers(old_index, _quotes(old), _quotes(new), _sources(old, new), [a for a, _ in new])
    assert all(updated.entries[f"王{g}"] is old_index.entries[f"王{g}"] for g in "甲乙丙丁戊")
    assert "王己" not in updated.entries and updated.entries["钟立"].quotes == [5]


def test_a_removed_part_name_quote_leaves_the_part_names_entry() -> None:
    """A part name quoted next to its full name files its role under the part name before the quote
    moves to the full name: removing that article changes the part name's entry, which another
    article keeps alive."""
    both = (Article(id="x", title=None, paragraphs=["洛朗·亨宁格说，甲。", "亨宁格说，乙。"]),
            [(Speaker("洛朗·亨宁格"), "甲", 0), (Speaker("亨宁格", "教授"), "乙", 1)])
    alone = (Article(id="y", title=None, paragraphs=["亨宁格说，丙。"]), [(Speaker("亨宁格"), "丙", 0)])
    old, new = [both, alone], [alone]
    old_index = SpeakerIndex(_quotes(old), articles=[a for a, _ in old])
    assert old_index.entries["亨宁格"].roles == {"教授": 1}
    updated = updated_speakers(old_index, _quotes(old), _quotes(new), _sources(old, new), [alone[0]])
    full = SpeakerIndex(_quotes(new), articles=[alone[0]])
    assert updated.to_json() == full.to_json() and updated.entries == full.entries
    assert updated.entries["亨宁格"].roles == {}
