"""A question's surname + form of address (徐女士, 洪先生) binds the people of that surname whom an
article calls so: the surname first in a Chinese name (王一平), last in a dotted name in Western
order (雪莉·徐), and never a namesake the articles do not address that way.

Names are generated from fillers (given names in either order, surnames, forms of address);
the articles are invented."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval import answering
from retrieval.index.speaker_index import _surnames_of

from .test_questions_quoted import _index

WESTERN_GIVEN = ["凯特", "杰弗瑞", "雪莉", "安娜", "彼得", "玛丽亚"]
CHINESE_GIVEN = ["一平", "秀兰", "志强", "海燕"]
SURNAMES = ["张", "洪", "徐", "林", "黄", "欧阳"]
FORMS = ["女士", "先生", "小姐"]


def test_the_surname_of_a_name_in_either_order() -> None:
    assert _surnames_of("雪莉·徐") == ["徐"]
    assert _surnames_of("徐立") == ["徐"]
    assert _surnames_of("欧阳娜娜") == ["欧阳"]
    assert _surnames_of("约翰·史密斯") == []  # a transliteration has no Chinese surname


@settings(max_examples=15, deadline=None)
@given(st.sampled_from(SURNAMES), st.sampled_from(FORMS), st.booleans(), st.data())
def test_surname_and_form_of_address_bind_the_person_the_article_calls_so(
    surname: str, form: str, western: bool, data: st.DataObject
) -> None:
    given_name = data.draw(st.sampled_from(WESTERN_GIVEN if western else CHINESE_GIVEN))
    full = f"{given_name}·{surname}" if western else surname + given_name
    index = _index([
        ("e-1", "求职", [f"在外企做市场营销的{full}说，今年春天失业了。", f"“这次找工作比以往都要难，”{surname}{form}说。"]),
        ("e-2", "地铁", [f"市长{surname}建国表示，地铁票价不会上涨。"]),
    ])
    speakers = {q.speaker.name for q in index.quotes}
    assert full in speakers, speakers  # attribution resolved the form of address to the full name
    question = f"{surname}{form}说现在找工作难不难？"
    assert answering.parse(index, question).speakers == [full]  # not the namesake 建国
    answers = answering.ask(index, question, 3).answers
    assert answers and answers[0].speaker == full and answers[0].quote.startswith("这次找工作")
