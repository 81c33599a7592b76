"""One corpus with every kind of bad input next to good articles.

Exactly the good articles load (by id); every bad file, line, directory or value is reported by
path (and line), as is every symbolic link (out of the corpus, dangling, looping or not) and a
file swapped for a FIFO between listing and reading, and nothing outside the corpus is read; /reload over the same corpus, through the spec-checking Telegram stand-in,
reports the same problems. And a reload that would drop too much of the corpus is refused.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from retrieval import load_corpus, open_index

from .conftest import ROOT
from .test_bot import ADMIN, USER, Harness, run

ALIAS_BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{b}: &{b} [{','.join(['*' + a] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi")
)


def _md(front_matter: str, body: str) -> str:
    return f"---\n{front_matter.rstrip()}\n---\n\n{body}\n"


def _line(**record: object) -> bytes:
    return json.dumps(record, ensure_ascii=False).encode()


def good_files(corpus: Path) -> None:
    """Articles that load as they are."""
    corpus.mkdir(parents=True, exist_ok=True)
    (corpus / "good.md").write_text(_md("title: 好文章\ndate: 2024/5/1", "贺兰山表示，好文章应当被读到。"), encoding="utf-8")
    (corpus / "scraped.txt").write_text("抓取的文章\n栏目:要闻  时间:2024-01-02\n沈清秋指出，抓取的文章也能读。\n", encoding="utf-8")


def bad_files(corpus: Path) -> None:
    """Every bad case next to more good articles (kept ones marked)."""
    (corpus / "date-month13.md").write_text(_md("title: 月份不对\ndate: 2024-13-45", "甲某说，日期不对但文章保留。"), encoding="utf-8")
    (corpus / "date-feb30.md").write_text(_md("title: 二月三十\ndate: 2024-02-30", "乙某说，二月没有三十日。"), encoding="utf-8")
    (corpus / "tag-timestamp.md").write_text(_md("date: !!timestamp 'zzz'", "丙某说，标签被拒绝。"), encoding="utf-8")
    (corpus / "tag-float.md").write_text(_md("title: !!float abc", "丁某说，浮点标签。"), encoding="utf-8")
    (corpus / "deep.md").write_text(_md("title: " + "[" * 5000 + "]" * 5000, "戊某说，嵌套太深。"), encoding="utf-8")
    (corpus / "bomb.md").write_text(_md(ALIAS_BOMB, "己某说，别名炸弹。"), encoding="utf-8")
    (corpus / "scraped-bad-date.txt").write_text("抓取日期错\n时间:2023-02-29\n庚某说，平年没有二月二十九日。\n", encoding="utf-8")
    lines = [
        _line(id="j1", title="第一", date="2024-03-01", paragraphs=["辛某表示，第一行是好的。"]),
        _line(id="j2", title="第二", paragraphs=["壬某表示，第二行坏了一个字节。"]).replace("坏了".encode(), b"\xff"),
        _line(id="j3", title=["列表"], author={"x": 1}, date="2024-02-30", paragraphs=["周海涛表示，字段类型不对但文章仍然保留。"]),
        b'["not", "an", "object"]',
        _line(id="j5", paragraphs="不是列表"),
        _line(id="j6", title=2024, paragraphs=["子某表示，数字标题会转成文字。"]),
        _line(id="j7", paragraphs=["丑某表示，这一行被截断了。"])[:-6],
    ]
    (corpus / "news.jsonl").write_bytes(b"\n".join(lines))  # no newline at the end: the last line is cut
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    (corpus / "blob.txt").write_bytes(bytes(range(256)) * 16)
    (corpus / "table.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (corpus / "locked").mkdir()
    (corpus / "locked" / "hidden.md").write_text(_md("title: 看不见", "寅某说，这个目录读不了。"), encoding="utf-8")
    os.mkfifo(corpus / "pipe.txt")
    hostile_links(corpus)
    (corpus / "swapped.md").write_text(_md("title: 换成管道", "卯某说，读之前被换成了管道。"), encoding="utf-8")  # see swap_to_fifo


OUTSIDE_SECRET = "outside-the-corpus-secret"


def hostile_links(corpus: Path) -> None:
    """Links out of the corpus (to a secret file, to a folder), dangling, looping, and inside."""
    outside = corpus.parent / "outside"
    (outside / "folder").mkdir(parents=True, exist_ok=True)
    (outside / "outside.env").write_text(f"NEWSBOT_BOT_TOKEN=1:{OUTSIDE_SECRET}\n午某说，{OUTSIDE_SECRET}。\n", encoding="utf-8")
    (outside / "folder" / "far.md").write_text(_md("title: 外面", f"未某说，{OUTSIDE_SECRET}。"), encoding="utf-8")
    (corpus / "leak.txt").symlink_to(outside / "outside.env")
    (corpus / "linked-folder").symlink_to(outside / "folder")
    (corpus / "dangling.md").symlink_to(outside / "missing.md")
    (corpus / "loop.md").symlink_to(corpus / "loop.md")
    (corpus / "inside.md").symlink_to(corpus / "good.md")


GOOD_IDS = {"good", "scraped", "date-month13", "date-feb30", "scraped-bad-date", "j1", "j3", "j6"}

EXPECTED = [  # (path below the corpus, line, the start of the reason)
    ("date-month13.md", 3, "date '2024-13-45' is not a valid date"),
    ("date-feb30.md", 3, "date '2024-02-30' is not a valid date"),
    ("tag-timestamp.md", 2, "YAML tags are not allowed (!!timestamp)"),
    ("tag-float.md", 2, "YAML tags are not allowed (!!float)"),
    ("deep.md", 2, "front matter is not valid YAML: exceeded maximum nesting depth"),
    ("bomb.md", 2, "YAML anchors are not allowed (&a)"),
    ("scraped-bad-date.txt", 2, "date '2023-02-29' is not a valid date"),
    ("news.jsonl", 2, "not valid UTF-8 (byte 0xff"),
    ("news.jsonl", 3, "'title' must be a string, not list"),
    ("news.jsonl", 3, "'author' must be a string, not object"),
    ("news.jsonl", 3, "date '2024-02-30' is not a valid date"),
    ("news.jsonl", 4, "expected a JSON object, got a list"),
    ("news.jsonl", 5, "'paragraphs' must be a list of strings"),
    ("news.jsonl", 7, "truncated: the last line has no newline"),
    ("empty.txt", 0, "empty file"),
    ("blob.txt", 0, "binary file (NUL byte at line 1)"),
    ("table.csv", 0, "unsupported file type '.csv'"),
    ("locked", 0, "cannot read directory: Permission denied"),
    ("pipe.txt", 0, "not a regular file"),
    ("swapped.md", 0, "not a regular file"),
    *((name, 0, "symbolic link: not followed") for name in ("leak.txt", "linked-folder", "dangling.md", "loop.md", "inside.md")),
]


def _check_problems(problems: list, corpus: Path) -> None:  # type: ignore[type-arg]
    """Every expected problem reported, by path and line, and nothing else."""
    found = sorted((os.path.relpath(p.path, corpus), p.line or 0, p.reason) for p in problems)
    assert len(found) == len(EXPECTED), found
    for got, want in zip(found, sorted(EXPECTED)):
        assert got[:2] == want[:2] and got[2].startswith(want[2]), (got, want)


@pytest.fixture()
def locked_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    """Directories named ``locked`` cannot be opened. Simulated: tests run as root, who can open
    a mode-000 directory; the corpus reader opens each folder by name in its parent's descriptor.
    And swapped.md is replaced by a FIFO between the listing and the reading (swap_to_fifo)."""
    real_open = os.open

    def open_(path, flags, mode=0o777, *, dir_fd=None):  # type: ignore[no-untyped-def]
        if dir_fd is not None and os.fspath(path) == "locked":
            raise PermissionError(13, "Permission denied", path)
        return real_open(path, flags, mode, dir_fd=dir_fd)

    monkeypatch.setattr(os, "open", open_)
    swap_to_fifo(monkeypatch)


def swap_to_fifo(monkeypatch: pytest.MonkeyPatch) -> None:
    """After each corpus listing, a regular swapped.md becomes a FIFO nobody writes to (a
    reader that opened it blocking would wait forever)."""
    from retrieval import ingest

    real_discover = ingest.discover_files

    def discover_then_swap(paths):  # type: ignore[no-untyped-def]
        listed = real_discover(paths)
        for file, _root in listed[0]:
            if file.name == "swapped.md" and file.is_file():
                file.unlink()
                os.mkfifo(file)
        return listed

    monkeypatch.setattr(ingest, "discover_files", discover_then_swap)


def test_exactly_the_good_articles_load(tmp_path: Path, locked_directory: None) -> None:
    corpus = tmp_path / "corpus"
    good_files(corpus)
    bad_files(corpus)
    load = load_corpus([corpus])
    assert {a.id for a in load.articles} == GOOD_IDS
    by_id = {a.id: a for a in load.articles}
    assert by_id["good"].date == "2024-05-01" and by_id["scraped"].date == "2024-01-02"
    assert by_id["date-month13"].date is None and by_id["date-month13"].title == "月份不对"
    assert by_id["j3"].title is None and by_id["j3"].date is None and by_id["j6"].title == "2024"
    assert not [a for a in load.articles if OUTSIDE_SECRET in (a.title or "") + "".join(a.paragraphs)]
    _check_problems(load.problems, corpus)


@pytest.mark.requires_shared
def test_reload_over_the_fault_matrix_reports_the_same(tmp_path: Path, locked_directory: None) -> None:
    corpus = tmp_path / "corpus"
    good_files(corpus)
    open_index([corpus], tmp_path / "idx", workers=1)

    async def scenario(h: Harness) -> None:
        bad_files(corpus)
        await h.private("/reload", user=ADMIN)
        await h.until(lambda: bool(h.telegram.sent("editMessageText", ADMIN)))
        await h.private("周海涛说了什么？")

    h = run(corpus, tmp_path / "idx", scenario)
    expected = load_corpus([corpus]).problems
    _check_problems(expected, corpus)
    (report,) = h.telegram.sent("editMessageText", ADMIN)
    text = report.response["result"]["text"]
    assert text.startswith("✅ 重新载入完成") and f"文章 {len(GOOD_IDS)} " in text
    assert f"新增 {len(GOOD_IDS) - 2} 篇 · 删除 0 篇" in text
    assert f"跳过或略去 {len(expected)} 处：" in text
    listed = [line.removeprefix("• ") for line in text.splitlines() if line.startswith("• ")]
    assert len(listed) >= 10 and listed == [str(p) for p in expected[: len(listed)]]  # by path and line, in load order
    assert len(listed) == len(expected) or text.splitlines()[-1] == f"…还有 {len(expected) - len(listed)} 处"  # the rest counted
    assert OUTSIDE_SECRET not in text
    (answer,) = h.telegram.sent("sendMessage", USER)
    assert "字段类型不对但文章仍然保留" in answer.params["text"]


def _shipped_corpus(directory: Path) -> Path:
    directory.mkdir(parents=True)
    for item in (ROOT / "corpus").iterdir():
        if item.is_file() and item.name != "README.md":
            shutil.copy(item, directory / item.name)
    return directory


@pytest.mark.requires_shared
def test_reload_dropping_too_much_is_refused_and_not_saved(tmp_path: Path) -> None:
    corpus = _shipped_corpus(tmp_path / "corpus")
    index_dir = tmp_path / "idx"
    open_index([corpus], index_dir, workers=1)
    manifest_before = (index_dir / "manifest.json").read_bytes()
    jsonl = corpus / "xwlb-sample.jsonl"
    lines = jsonl.read_bytes().split(b"\n")
    kept = b"\n".join(lines[:120])  # cut mid-line: 119 lines + the seed stay, 81 of 201 would go
    dropped = json.loads(lines[150])

    async def scenario(h: Harness) -> None:
        jsonl.write_bytes(kept[:-10])
        await h.private("/reload", user=ADMIN)
        await h.until(lambda: bool(h.telegram.sent("editMessageText", ADMIN)))
        await h.private("/stats", user=ADMIN)

    h = run(corpus, index_dir, scenario)
    (report,) = h.telegram.sent("editMessageText", ADMIN)
    text = report.response["result"]["text"]
    assert text.startswith("⚠️ 新索引会删除 81 篇（占 40%），超过上限 20%，未替换；继续使用原来的索引。")
    assert "新索引：文章 120 " in text
    assert f"{jsonl}:120: truncated: the last line has no newline" in text
    assert {a.id for a in h.service.index.articles} >= {dropped["id"]}  # the old index still serves
    assert h.service.index.stats.articles == 201  # the shipped seed article and 200 JSON lines
    stats = h.telegram.sent("sendMessage", ADMIN)[-1].response["result"]["text"]
    assert "文章 201" in stats
    assert (index_dir / "manifest.json").read_bytes() == manifest_before  # the refused index was not saved


@pytest.mark.requires_shared
def test_old_index_still_answers_after_a_refused_reload(tmp_path: Path) -> None:
    corpus = _shipped_corpus(tmp_path / "corpus")
    open_index([corpus], tmp_path / "idx", workers=1)

    async def scenario(h: Harness) -> None:
        (corpus / "000_fda4e5a990aaeddb.txt").unlink()  # 1 of 201: allowed by 20 % ...
        (corpus / "xwlb-sample.jsonl").write_bytes(b"")  # ... but not with the other 200
        await h.private("/reload", user=ADMIN)
        await h.until(lambda: bool(h.telegram.sent("editMessageText", ADMIN)))
        await h.private("陈华文说了什么？")

    h = run(corpus, tmp_path / "idx", scenario)
    (report,) = h.telegram.sent("editMessageText", ADMIN)
    assert "会删除 201 篇（占 100%），超过上限 20%，未替换" in report.response["result"]["text"]
    (answer,) = h.telegram.sent("sendMessage", USER)
    assert "<b>陈华文</b>" in answer.params["text"]


@pytest.mark.requires_shared
def test_reload_reply_lists_problems_within_telegram_limits() -> None:
    from bot.replies import reload_reply
    from bot.service import ReloadReport
    from retrieval import Problem

    from .fake_telegram import FakeTelegram

    problems = [Problem(f"/srv/corpus/very/long/path/{'子目录/' * 20}news-{i}.jsonl", "invalid JSON: Expecting value (column 1)", i) for i in range(1, 500)]
    for report in (
        ReloadReport(ok=True, seconds=1.0, articles=10, problems=problems),
        ReloadReport(ok=False, seconds=1.0, articles=10, removed=90, problems=problems, refused="会删除 90 篇（占 90%），超过上限 20%，未替换"),
    ):
        html = reload_reply(report).html
        telegram = FakeTelegram()
        status, body = telegram.handle("sendMessage", {"chat_id": 1, "text": html, "parse_mode": "HTML"})
        assert status == 200, body
        text = body["result"]["text"]
        shown = [line for line in text.splitlines() if line.startswith("• ")]
        assert 5 <= len(shown) < 499
        assert shown[0].startswith("• …") and shown[0].endswith("子目录/news-1.jsonl:1: invalid JSON: Expecting value (column 1)")
        assert text.splitlines()[-1] == f"…还有 {499 - len(shown)} 处"
        assert "跳过或略去 499 处：" in text


# --- hostile web pages in a corpus (issue 19: a charset that is no text encoding stopped the
# load for good; 32,000 unclosed <script openers froze it for a minute) ----------------------


def hostile_pages(corpus: Path) -> dict[str, str]:
    """Hostile .html files next to a good one: file name -> the id it loads as (all of them load)."""
    from .web_server import article_page

    corpus.mkdir(parents=True, exist_ok=True)
    good = article_page(0)
    files = {
        "a-charset-hex.html": good.replace(b'charset="utf-8"', b'charset="hex"'),
        "b-charset-bz2.html": good.replace(b'charset="utf-8"', b'charset="bz2"'),
        "c-charset-rot13.htm": good.replace(b'<meta charset="utf-8">', b'<meta http-equiv="Content-Type" content="text/html; charset=rot13">'),
        "d-script-openers.html": good.replace(b"</body>", b"<p>" + b"<script x" * 32_000 + b"</body>"),
        "e-comment-openers.html": good.replace(b"</body>", b"<p>" + b"<!--" * 32_000 + b"</body>"),
        "z-after.html": article_page(1, "gb18030"),
    }
    for name, data in files.items():
        (corpus / name).write_bytes(data)
    return {name: name.rsplit(".", 1)[0] for name in files}


def test_hostile_pages_load_and_the_files_after_them_too(tmp_path: Path) -> None:
    from .test_cli import newsbot

    corpus = tmp_path / "corpus"
    ids = hostile_pages(corpus)
    load = load_corpus([corpus])
    assert sorted(a.id for a in load.articles) == sorted(ids.values()) and load.problems == []
    assert all(a.paragraphs and a.title for a in load.articles)
    result = newsbot("index", "--corpus", str(corpus), "--index-dir", str(tmp_path / "idx"), env={"NEWSBOT_CACHE_DIR": str(tmp_path / "cache")})
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
