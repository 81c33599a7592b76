"""Odd input never crashes: undecodable bytes, lone surrogates, control characters, forged
button data and inline offsets, in the reply builders, ``newsbot chat`` and ``newsbot ask``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot import replies
from bot.chat import respond, run_chat
from bot.formatting import visible_length
from bot.replies import PagedQueries, Reply
from bot.service import IndexService
from retrieval import NewsIndex
from retrieval.normalize import clean_text

from .botapi_checks import parse_html
from .conftest import ROOT

ODD_QUESTIONS = [
    "\udcff\udcfe陈华文",  # what the bytes ff fe before a name become in argv (surrogateescape)
    "\ud800陈华文说了什么？",
    "陈华文\x00说了\x07什么？\x1b[31m",
    "\x7f\x85\x9f",
    "\t\n\r",
]


@pytest.fixture(scope="module")
def service(shipped_index: NewsIndex) -> IndexService:
    return IndexService(shipped_index, [ROOT / "corpus"], None)


def test_clean_text_removes_surrogates_and_controls_keeps_the_rest() -> None:
    assert clean_text("\udcff\udcfe陈华文\x00说\t了\n什么？😀") == "陈华文说 了 什么？😀"
    assert clean_text("普通的问题 plain") == "普通的问题 plain"


def _valid(reply: Reply) -> None:
    parse_html(reply.html)  # raises on HTML Telegram would refuse
    reply.html.encode("utf-8")
    assert reply.html.strip() and visible_length(reply.html) <= 4096


@pytest.mark.parametrize("question", ODD_QUESTIONS)
def test_reply_builders_take_any_text(service: IndexService, question: str) -> None:
    paging = PagedQueries()
    _valid(replies.answer_reply(service, paging, question, 3))
    _valid(replies.who_reply(service, paging, question))
    _valid(replies.search_reply(service, paging, question))
    results, next_offset = replies.inline_results(service, question, "")
    for result in results:
        parse_html(result.html)
        (result.title + result.description).encode("utf-8")
    assert isinstance(next_offset, str)


def test_a_question_with_undecodable_bytes_is_answered_as_the_rest(service: IndexService) -> None:
    reply = replies.answer_reply(service, PagedQueries(), "\udcff\udcfe陈华文说了什么？", 3)
    assert "<b>陈华文</b>" in reply.html and "\udcff" not in reply.html


@pytest.mark.parametrize("data", ["a:x:²", "a:x:٣", "ex:²:0", "ex:1:²", "w:x:" + "9" * 5000, "s::-1", "a:x:1:2", "²"])
def test_forged_callback_data_is_refused_not_raised(service: IndexService, data: str) -> None:
    paging = PagedQueries()
    assert replies.page_reply(service, paging, data, 3) is None
    assert replies.example_reply(service, paging, data, 3) is None


@pytest.mark.parametrize("offset", ["²", "٣", "9" * 5000, "-50", "50.0", "[]"])
def test_forged_inline_offset_is_read_as_the_first_page(service: IndexService, offset: str) -> None:
    first, _ = replies.inline_results(service, "习近平", "")
    results, _ = replies.inline_results(service, "习近平", offset)
    assert [r.id for r in results] == [r.id for r in first]


def test_small_number_accepts_only_short_ascii_digits() -> None:
    assert [replies.small_number(t) for t in ("0", "12", "999999", "²", "١", "1234567", "", "-1", " 1")] == [
        0, 12, 999999, None, None, None, None, None, None
    ]


def test_chat_superscript_after_buttons_is_a_question_not_a_crash(service: IndexService) -> None:
    paging = PagedQueries()
    last = respond(service, paging, "谁提到了绿色转型？", None, 3)
    assert last is not None and last.buttons
    reply = respond(service, paging, "/²", last, 3)
    assert reply is not None and "/²" in reply.html
    more = 1 + [b.text for row in last.buttons for b in row].index("更多回答 ▶")
    assert "第 4–6 条" in (respond(service, paging, f"/{more}", last, 3) or Reply("")).html


def test_chat_buttons_of_the_start_screen_are_pressed_with_slash_number(service: IndexService) -> None:
    out: list[str] = []
    run_chat(service, 3, lines=["/1", "/9"], write=out.append)
    first_example = replies.example_questions(service)[0]
    assert f"问：{first_example}" in out[1] and "问：/1" not in out[1]
    assert out[2].strip() == "没有这个按钮。"


def test_last_page_footer_names_one_answer_once(service: IndexService) -> None:
    paging = PagedQueries()
    question = "谁提到了绿色转型？"
    total = len(service.answer(question, replies.MAX_ANSWERS))
    assert total > 2
    last = replies.answer_reply(service, paging, question, total - 1, page=1, token="t")  # one answer left
    assert f"第 {total} 条，共 {total} 条" in last.html and f"第 {total}–{total} 条" not in last.html
    first = replies.answer_reply(service, paging, question, total - 1, page=0, token="t")
    assert f"第 1–{total - 1} 条，共 {total} 条" in first.html


# --- the command line, as a process with raw bytes ------------------------------------------


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cli-cache")  # one index of the shipped corpus for these runs


def _newsbot(args: list[bytes], cwd: Path, cache: Path, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "NEWSBOT_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
    env = {k: v for k, v in env.items() if not k.startswith("NEWSBOT_") or k == "NEWSBOT_CACHE_DIR"}
    command = [sys.executable.encode(), b"-m", b"bot.cli", *args]
    return subprocess.run(command, input=stdin, capture_output=True, env=env, cwd=cwd, timeout=300)


def test_ask_with_undecodable_argv_and_json(tmp_path: Path, cache_dir: Path) -> None:
    result = _newsbot([b"ask", b"\xff\xfe\xe9\x99\x88\xe5\x8d\x8e\xe6\x96\x87"], tmp_path, cache_dir)  # ff fe 陈华文
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    assert "陈华文（闵行区区长）" in result.stdout.decode("utf-8")
    result = _newsbot([b"ask", b"--json", b"\xff\xed\xa0\x80\xe9\x99\x88\xe5\x8d\x8e\xe6\x96\x87"], tmp_path, cache_dir)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    line = json.loads(result.stdout.decode("utf-8"))
    assert line["question"] == "陈华文" and line["answers"][0]["speaker"] == "陈华文"


def test_ask_batch_and_chat_with_undecodable_lines(tmp_path: Path, cache_dir: Path) -> None:
    batch = tmp_path / "questions.txt"
    batch.write_bytes(b"\xff\n\xed\xa0\x80\x00\n\xfe\xe9\x99\x88\xe5\x8d\x8e\xe6\x96\x87\n")
    result = _newsbot([b"ask", b"--json", b"--batch", str(batch).encode()], tmp_path, cache_dir)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    lines = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
    assert [line["question"] for line in lines] == ["陈华文"]
    result = _newsbot([b"ask", b"--batch", b"-"], tmp_path, cache_dir, stdin=b"\xff\xfe\n")
    assert result.returncode == 0 and b"Traceback" not in result.stderr
    result = _newsbot([b"chat"], tmp_path, cache_dir, stdin=b"\xff\n\xff\xfe/\xc2\xb2\n\xe9\x99\x88\xe5\x8d\x8e\xe6\x96\x87\xe8\xaf\xb4\xe4\xba\x86\xe4\xbb\x80\xe4\xb9\x88\n")
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    assert "陈华文 · 闵行区区长" in result.stdout.decode("utf-8")
