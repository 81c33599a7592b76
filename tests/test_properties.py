"""Property-based tests (Hypothesis): whatever a user types, taps or scrolls, the bot answers
with something Telegram accepts and never raises.

Questions are arbitrary Unicode, lone surrogates and control characters included, up to 10,000
characters; button data and inline offsets are arbitrary strings. The example budget is the
"ci" profile in conftest.py (HYPOTHESIS_PROFILE; 200 examples per test in CI).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import replies
from bot.chat import respond
from bot.replies import PagedQueries, Reply
from bot.service import IndexService
from retrieval import NewsIndex

from .botapi_checks import INLINE_RESULTS_LIMIT, NEXT_OFFSET_LIMIT, keyboard_error, text_error
from .conftest import ROOT, skip_without_shared
from .test_bot import USER, Harness

ANY_CHARACTER = st.characters(exclude_categories=())  # surrogates (Cs) and controls (Cc) included
FRAGMENTS = ["陈华文", "彭文生", "说了什么？", "谁", "谈到了", "绿色转型", "“", "”", "<b>", "&amp;", "/1", "@", "\u200d", "\x00", "\ud800"]

questions = st.one_of(
    st.text(ANY_CHARACTER, max_size=200),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(ANY_CHARACTER, max_size=8)), max_size=30).map("".join),
    st.builds(lambda piece, times: (piece * times)[:10_000], st.text(ANY_CHARACTER, min_size=1, max_size=12), st.integers(1, 10_000)),
)
forged = st.one_of(
    st.text(ANY_CHARACTER, max_size=80),
    st.tuples(st.sampled_from(["a", "w", "s", "ex", ""]), st.text(ANY_CHARACTER, max_size=10), st.text(ANY_CHARACTER, max_size=10)).map(":".join),
)
slow_ok = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def service(shipped_index: NewsIndex) -> IndexService:
    return IndexService(shipped_index, [ROOT / "corpus"], None)


def assert_accepted(reply: Reply) -> None:
    """What sendMessage / editMessageText would be checked for: HTML, length, buttons."""
    assert text_error(reply.html, "HTML") is None, (text_error(reply.html, "HTML"), reply.html[:300])
    reply.html.encode("utf-8")
    markup = {"inline_keyboard": [[{"text": b.text, "callback_data": b.callback} for b in row] for row in reply.buttons]}
    assert keyboard_error(markup) is None


@slow_ok
@given(question=questions)
def test_any_question_gets_a_reply_telegram_accepts(service: IndexService, question: str) -> None:
    paging = PagedQueries()
    reply = replies.answer_reply(service, paging, question, 3)
    assert_accepted(reply)
    for row in reply.buttons:  # paging on works too
        for button in row:
            page = replies.page_reply(service, paging, button.callback, 3)
            assert page is not None
            assert_accepted(page)
    assert_accepted(replies.who_reply(service, paging, question))
    assert_accepted(replies.search_reply(service, paging, question))


@slow_ok
@given(question=questions)
def test_any_inline_query_gets_results_telegram_accepts(service: IndexService, question: str) -> None:
    results, next_offset = replies.inline_results(service, question, "")
    assert len(results) <= INLINE_RESULTS_LIMIT
    assert isinstance(next_offset, str) and len(next_offset.encode("utf-8")) <= NEXT_OFFSET_LIMIT
    assert len({r.id for r in results}) == len(results)
    for result in results:
        assert text_error(result.html, "HTML") is None
        assert result.title and 1 <= len(result.id.encode()) <= 64
        (result.title + result.description).encode("utf-8")


@slow_ok
@given(data=forged)
def test_any_button_data_is_answered_or_refused_never_raised(service: IndexService, data: str) -> None:
    paging = PagedQueries()
    for reply in (replies.page_reply(service, paging, data, 3), replies.example_reply(service, paging, data, 3)):
        if reply is not None:
            assert_accepted(reply)


@slow_ok
@given(offset=forged)
def test_any_inline_offset_gives_a_valid_page(service: IndexService, offset: str) -> None:
    results, next_offset = replies.inline_results(service, "习近平", offset)
    assert len(results) <= INLINE_RESULTS_LIMIT
    assert isinstance(next_offset, str) and len(next_offset.encode("utf-8")) <= NEXT_OFFSET_LIMIT


@slow_ok
@given(line=st.one_of(questions, forged.map(lambda s: "/" + s)))
def test_any_chat_line_gets_a_reply_or_nothing(service: IndexService, line: str) -> None:
    paging = PagedQueries()
    start = replies.start_reply(service, None)
    reply = respond(service, paging, line, start, 3)
    if reply is not None:
        assert_accepted(reply)


# --- the same through the Application and the spec-checking stand-in -------------------------


@pytest.fixture(scope="module")
def harness(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Harness, asyncio.AbstractEventLoop]]:
    skip_without_shared()  # set up before the autouse check of the marker runs
    harness = Harness(ROOT / "corpus", tmp_path_factory.mktemp("prop") / "idx")
    loop = asyncio.new_event_loop()
    loop.run_until_complete(harness.start())
    yield harness, loop
    loop.run_until_complete(harness.stop())
    loop.close()


def _handled_cleanly(harness: Harness, before: int) -> None:
    calls = harness.telegram.calls[before:]
    assert [c for c in calls if c.status != 200] == [], [(c.method, c.response) for c in calls if c.status != 200]
    assert not any(c.text.startswith("抱歉，处理") for c in calls), "a handler raised (the error handler apologised)"


@pytest.mark.requires_shared
@slow_ok
@given(question=questions, offset=forged, data=forged)
def test_any_update_is_handled_without_error_and_accepted(
    harness: tuple[Harness, asyncio.AbstractEventLoop], question: str, offset: str, data: str
) -> None:
    h, loop = harness
    before = len(h.telegram.calls)
    loop.run_until_complete(h.private(question))
    loop.run_until_complete(h.feed(h.telegram.inline_update(question, USER, offset=offset)))
    sent = [c for c in h.telegram.calls[before:] if c.method == "sendMessage"]
    if sent:
        loop.run_until_complete(h.feed(h.telegram.callback_update(sent[-1].response["result"], data, USER)))
    _handled_cleanly(h, before)
