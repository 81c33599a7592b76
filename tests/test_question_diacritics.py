"""A Latin name is the same name with or without its diacritics (José Núñez, Jose Nunez, ＪＯＳＥ):
folded on both sides, letter for letter, so a question binds the speaker whose original the
article gives in parentheses, however either side writes the accents.

Names and accents are generated; the articles are invented."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval import answering
from retrieval.normalize import fold_width

from .test_questions_quoted import _index

ACCENTS = {"a": "áàâäãå", "e": "éèêë", "i": "íìîï", "o": "óòôöõ", "u": "úùûü", "n": "ñń", "c": "çč", "s": "šś", "z": "žź", "r": "ř"}
NAMES = [("何塞·努涅斯", "jose nunez"), ("弗朗索瓦·加西亚", "francois garcia"), ("安东宁·德沃夏克", "antonin dvorak")]


def accented(word: str, draw: st.DrawFn) -> str:
    """``word`` with some letters replaced by accented forms of themselves (the case kept)."""
    out = []
    for ch in word:
        options = ACCENTS.get(ch.lower(), "")
        if options and draw(st.booleans()):
            letter = draw(st.sampled_from(options))
            ch = letter.upper() if ch.isupper() else letter
        out.append(ch)
    return "".join(out)


@st.composite
def spellings(draw: st.DrawFn, plain: str) -> str:
    words = [w.capitalize() if draw(st.booleans()) else w.upper() for w in plain.split()]
    return " ".join(accented(w, draw) for w in words)


def test_accents_fold_letter_for_letter() -> None:
    assert fold_width("José Núñez Dvořák") == "Jose Nunez Dvorak"
    assert len(fold_width("Ærø ß Đ")) == len("Ærø ß Đ")  # letters without an ASCII base stay


@settings(max_examples=10, deadline=None)
@given(st.sampled_from(NAMES), st.data())
def test_a_latin_name_binds_whatever_its_accents(name: tuple[str, str], data: st.DataObject) -> None:
    chinese, plain = name
    in_article = data.draw(spellings(plain))
    in_question = data.draw(spellings(plain))
    index = _index([
        ("h-1", "访谈", [f"建筑师{chinese}({in_article})说，这座建筑要让阳光照进每一个房间。"]),
        ("h-2", "另一位", ["建筑师王德明说，老城区的改造要慢一点。"]),
    ])
    parsed = answering.parse(index, f"{in_question}说了什么？")
    assert parsed.speakers == [chinese], (in_article, in_question, parsed)
    assert answering.ask(index, f"{in_question}怎么看阳光？", 3).answers[0].speaker == chinese
