"""Corpus ingestion: every accepted format, encodings, and bad input reported and skipped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from retrieval import CorpusPathError, answering, load_corpus
from retrieval.formats import parse_markdown, parse_scraped_text

from .conftest import SEED


def test_seed_article_parsed_as_scraped_text() -> None:
    article = parse_scraped_text(SEED.read_text(encoding="utf-8"), "seed")
    assert article.title.startswith("共推国际经贸投资")
    assert article.section == "素质教育"
    assert article.date == "2023-11-06"
    assert article.author == "黄勇娣"
    assert article.paragraphs[0].startswith("紧扣“一带一路”倡议")
    assert article.paragraphs[-1].startswith("闵行区领导表示")
    text = "\n".join(article.paragraphs)
    for chrome in ("手机版", "上一篇", "下一篇", "最近更新", "本文作者"):
        assert chrome not in text


def test_scraped_text_url_line() -> None:
    text = "标题\n栏目:要闻  时间:2024-1-5\n链接: https://example.org/a.html\n正文第一段。\n"
    article = parse_scraped_text(text, "x")
    assert article.url == "https://example.org/a.html"
    assert article.date == "2024-01-05"
    assert article.paragraphs == ["正文第一段。"]


def test_markdown_with_front_matter() -> None:
    text = (
        "---\ntitle: 测试标题\nurl: https://example.org/m\ndate: 2024-03-01\nauthor: 张三\nsource: 测试报\n---\n\n"
        "第一段第一行，\n第一段第二行。\n\n第二段。\n"
    )
    article = parse_markdown(text, "m")
    assert (article.title, article.url, article.date, article.author, article.source) == (
        "测试标题", "https://example.org/m", "2024-03-01", "张三", "测试报",
    )
    assert article.paragraphs == ["第一段第一行，第一段第二行。", "第二段。"]


def _write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def test_mixed_corpus_with_bad_files(tmp_path: Path) -> None:
    good = {"id": "a1", "title": "标题", "url": None, "date": "2024-01-01", "source": "测试", "paragraphs": ["王明说，今天天气很好。"]}
    _write(tmp_path / "c" / "news.jsonl", json.dumps(good, ensure_ascii=False) + "\n{broken json\n" + json.dumps({"id": "a2", "paragraphs": "not a list"}) + "\n")
    _write(tmp_path / "c" / "gbk.txt", "国标文章\n时间:2024-02-02\n李华表示，这篇文章用国标编码保存。\n".encode("gb18030"))
    _write(tmp_path / "c" / "sub" / "note.md", "---\ntitle: 笔记\n---\n\n赵强指出，子目录也会被读取。\n")
    _write(tmp_path / "c" / "empty.txt", "")
    _write(tmp_path / "c" / "image.txt", bytes(range(256)) * 4)
    _write(tmp_path / "c" / "data.csv", "a,b\n")
    _write(tmp_path / "c" / "README.md", "# not an article\n\ntext\n")
    load = load_corpus([tmp_path / "c"])

    assert sorted(a.id for a in load.articles) == ["a1", "gbk", "sub/note"]
    gbk = next(a for a in load.articles if a.id == "gbk")
    assert gbk.paragraphs == ["李华表示，这篇文章用国标编码保存。"]
    problems = {(Path(p.path).name, p.line): p.reason for p in load.problems}
    assert problems[("news.jsonl", 2)].startswith("invalid JSON")
    assert "paragraphs" in problems[("news.jsonl", 3)]
    assert problems[("empty.txt", None)] == "empty file"
    assert problems[("image.txt", None)] == "binary file (NUL byte at line 1)"
    assert "unsupported file type" in problems[("data.csv", None)]
    assert all(name != "README.md" for name, _ in problems)
    assert str(tmp_path / "c" / "news.jsonl") + ":2" in [str(p) .split(": ")[0] for p in load.problems]


def test_duplicate_ids_later_wins_and_reported(tmp_path: Path) -> None:
    first = {"id": "dup", "paragraphs": ["第一版。"]}
    second = {"id": "dup", "paragraphs": ["第二版。"]}
    _write(tmp_path / "a.jsonl", json.dumps(first, ensure_ascii=False) + "\n")
    _write(tmp_path / "b.jsonl", json.dumps(second, ensure_ascii=False) + "\n")
    load = load_corpus([tmp_path])
    assert [a.paragraphs for a in load.articles] == [["第二版。"]]
    assert load.duplicates == ["dup"]


def test_missing_corpus_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusPathError, match="not found"):
        load_corpus([tmp_path / "nope"])


def test_full_width_digits_match_ascii(tmp_path: Path) -> None:
    from retrieval import NewsIndex

    _write(tmp_path / "pd.jsonl", json.dumps({"id": "pd", "paragraphs": ["１９９８年元旦，张伟说，ＷＴＯ谈判进展顺利。"]}, ensure_ascii=False) + "\n")
    index = NewsIndex.build(load_corpus([tmp_path]).articles, workers=1)
    hits = answering.search(index, "1998年 WTO")
    assert hits and index.chunk_text(hits[0][0]).startswith("１９９８年")


# --- front matter and dates: nothing a file says can crash or hang the load -----------------


def _md(front_matter: str, body: str = "王明说，今天天气很好。") -> str:
    return f"---\n{front_matter}\n---\n\n{body}\n"


def _problems(load) -> dict[tuple[str, int | None], str]:  # type: ignore[no-untyped-def]
    return {(Path(p.path).name, p.line): p.reason for p in load.problems}


@pytest.mark.parametrize("bad", ["2024-13-45", "2024-02-30", "'2023-02-29'", "yesterday", "2024-5"])
def test_markdown_impossible_date_keeps_article_without_date(tmp_path: Path, bad: str) -> None:
    _write(tmp_path / "c" / "a.md", _md(f"title: 标题\ndate: {bad}\nsource: 测试报"))
    _write(tmp_path / "c" / "b.md", _md("title: 另一篇\ndate: 2024-05-01"))
    load = load_corpus([tmp_path / "c"])
    by_id = {a.id: a for a in load.articles}
    assert set(by_id) == {"a", "b"}
    assert (by_id["a"].title, by_id["a"].date, by_id["a"].source) == ("标题", None, "测试报")
    assert by_id["b"].date == "2024-05-01"
    (problem,) = load.problems
    assert (Path(problem.path).name, problem.line) == ("a.md", 3)
    assert "not a valid date" in problem.reason and "kept without a date" in problem.reason


@pytest.mark.parametrize(
    "written",
    ["2024-05-01", "2024/5/1", "2024.05.01", "2024年5月1日", "'2024年5月1号'", "2024-05-01 08:30", "2024-05-01T08:30:00+08:00",
     "２０２４－０５－０１", "20240501", "'2024-5-1'"],
)
def test_date_forms_are_normalised(written: str) -> None:
    article = parse_markdown(_md(f"date: {written}".replace("２０２４－０５－０１", "２０２４-０５-０１")), "m")
    assert article.date == "2024-05-01"


def test_front_matter_values_are_text_as_written() -> None:
    notes: list = []
    article = parse_markdown(_md("title: 1.50\nid: 007\nurl: null\nauthor: [张三, 李四]\nsource: {name: 报}"), "m", notes=notes)
    assert (article.title, article.id, article.url, article.author, article.source) == ("1.50", "007", None, None, None)
    assert [(n.line, n.reason) for n in notes] == [
        (6, "'source' must be text, not a mapping; left out"),
        (5, "'author' must be text, not a list; left out"),
    ]


ALIAS_BOMB = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(f"{b}: &{b} [{', '.join(['*' + a] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi"))
).rstrip("\n")


@pytest.mark.parametrize(
    ("front_matter", "line", "reason"),
    [
        ("title: t\ndate: !!timestamp 'zzz'", 3, "YAML tags are not allowed (!!timestamp)"),
        ("title: !!float abc", 2, "YAML tags are not allowed (!!float)"),
        ("title: !!python/object/apply:os.system ['true']", 2, "YAML tags are not allowed (!!python/object/apply:os.system)"),
        ("title: !custom x", 2, "YAML tags are not allowed (!custom)"),
        (ALIAS_BOMB, 2, "YAML anchors are not allowed (&a)"),
        ("title: *x", 2, "YAML aliases are not allowed (*x)"),
        ("title: " + "[" * 5000 + "]" * 5000, 2, "nesting depth"),
        ("title: " + "{a: " * 5000 + "}" * 5000, 2, "nested deeper than 16 levels"),
        ("title: " + "\n  - " * 1, 2, None),
        ("- just\n- a list", 2, "must be a mapping of fields, not a list"),
        ("title: [unclosed", 2, "not valid YAML"),
        ("title: '" + "长" * 40_000 + "'", 1, "longer than 32,768 characters"),
    ],
)
def test_front_matter_refused_before_anything_is_built(tmp_path: Path, front_matter: str, line: int, reason: str | None) -> None:
    _write(tmp_path / "c" / "bad.md", _md(front_matter))
    _write(tmp_path / "c" / "good.md", _md("title: 好"))
    load = load_corpus([tmp_path / "c"])
    if reason is None:  # a valid if odd front matter: the article loads
        assert {a.id for a in load.articles} == {"bad", "good"}
        return
    assert [a.id for a in load.articles] == ["good"]
    (problem,) = load.problems
    assert Path(problem.path).name == "bad.md" and problem.line is not None and problem.line >= 1
    assert reason in problem.reason
    if "tags" in reason or "anchors" in reason or "aliases" in reason:
        assert problem.line == line


def test_scraped_text_impossible_date_keeps_article(tmp_path: Path) -> None:
    _write(tmp_path / "c" / "s.txt", "标题\n\n栏目:要闻  时间:2024-02-30\n王明表示，正文。\n")
    load = load_corpus([tmp_path / "c"])
    (article,) = load.articles
    assert article.date is None and article.section == "要闻" and article.paragraphs == ["王明表示，正文。"]
    (problem,) = load.problems
    assert problem.line == 3 and "'2024-02-30' is not a valid date" in problem.reason


# --- JSON Lines: a bad line costs that line only ---------------------------------------------


def _record(i: int, **extra: object) -> bytes:
    return json.dumps({"id": f"n{i}", "title": f"第{i}篇", "paragraphs": [f"李{i}表示，内容{i}。"], **extra}, ensure_ascii=False).encode()


def test_jsonl_invalid_byte_costs_one_line(tmp_path: Path) -> None:
    lines = [_record(i) for i in range(1, 6)]
    lines[2] = lines[2].replace("内容".encode(), b"\xff\xfe")
    _write(tmp_path / "c" / "news.jsonl", b"\n".join(lines) + b"\n")
    load = load_corpus([tmp_path / "c"])
    assert [a.id for a in load.articles] == ["n1", "n2", "n4", "n5"]
    assert load.articles[1].paragraphs == ["李2表示，内容2。"]
    (problem,) = load.problems
    assert problem.line == 3 and problem.reason.startswith("not valid UTF-8 (byte 0xff")


def test_jsonl_truncated_last_line_reported_as_truncated(tmp_path: Path) -> None:
    whole = b"\n".join(_record(i) for i in range(1, 4))
    _write(tmp_path / "c" / "news.jsonl", whole[:-4])  # cut inside the third article, inside the character 。
    load = load_corpus([tmp_path / "c"])
    assert [a.id for a in load.articles] == ["n1", "n2"]
    assert [(p.line, p.reason) for p in load.problems] == [(3, "truncated: the last line has no newline and ends inside a character")]


def test_jsonl_truncated_at_a_character_boundary(tmp_path: Path) -> None:
    whole = b"\n".join(_record(i) for i in range(1, 4))
    _write(tmp_path / "c" / "news.jsonl", whole[:-7])  # '。"]}' cut off: still valid UTF-8, not JSON
    load = load_corpus([tmp_path / "c"])
    assert [a.id for a in load.articles] == ["n1", "n2"]
    assert [(p.line, p.reason) for p in load.problems] == [(3, "truncated: the last line has no newline and is not complete JSON")]


def test_jsonl_line_separator_inside_a_string_is_not_a_line_break(tmp_path: Path) -> None:
    record = {"id": "ls", "paragraphs": ["张三说，第一句\u2028第二句\x85第三句。"]}
    _write(tmp_path / "c" / "news.jsonl", json.dumps(record, ensure_ascii=False) + "\n" + _record(2).decode() + "\n")
    load = load_corpus([tmp_path / "c"])
    assert [a.id for a in load.articles] == ["ls", "n2"] and load.problems == []


def test_jsonl_field_types_converted_or_reported(tmp_path: Path) -> None:
    rows = [
        json.dumps({"id": 17, "title": 2024, "date": "2024/5/1", "source": 1.5, "paragraphs": ["甲说，数字字段。"]}),
        json.dumps({"id": "b", "title": ["x"], "author": {"n": 1}, "url": True, "paragraphs": ["乙说，坏字段。"]}),
        json.dumps({"id": "c", "date": "2024-13-45", "paragraphs": ["丙说，坏日期。"]}),
        json.dumps({"id": "d", "date": 20240501, "paragraphs": ["丁说，数字日期。"]}),
        json.dumps(["not", "an", "object"]),
        json.dumps("just a string"),
        json.dumps({"id": "e", "paragraphs": ["戊说，\ud800孤立代理。"]}),
        json.dumps({"id": "f", "title": "\udc00", "paragraphs": ["己说，标题坏了。"]}),
        "[" * 100_000,
        '{"id": ' + "9" * 5000 + ', "paragraphs": ["庚说，数字太长。"]}',
    ]
    _write(tmp_path / "c" / "news.jsonl", "\n".join(rows) + "\n")
    load = load_corpus([tmp_path / "c"])
    by_id = {a.id: a for a in load.articles}
    assert list(by_id) == ["17", "b", "c", "d", "f"]
    assert (by_id["17"].title, by_id["17"].date, by_id["17"].source) == ("2024", "2024-05-01", "1.5")
    assert (by_id["b"].title, by_id["b"].author, by_id["b"].url) == (None, None, None)
    assert by_id["c"].date is None and by_id["d"].date == "2024-05-01" and by_id["f"].title is None
    problems = [(p.line, p.reason) for p in load.problems]
    assert (2, "'title' must be a string, not list; left out") in problems
    assert (2, "'url' must be a string, not true/false; left out") in problems
    assert (2, "'author' must be a string, not object; left out") in problems
    assert any(line == 3 and "'2024-13-45' is not a valid date" in reason for line, reason in problems)
    assert (5, "expected a JSON object, got a list") in problems
    assert (6, "expected a JSON object, got a string") in problems
    assert (7, "'paragraphs' is not valid text (lone surrogate)") in problems
    assert (8, "'title' is not valid text (lone surrogate); left out") in problems
    assert any(line == 9 and reason.startswith("invalid JSON") for line, reason in problems)
    assert (10, "invalid JSON: Exceeds the limit (4300 digits) for integer string conversion") in problems


def test_gb18030_jsonl_decoded_line_by_line(tmp_path: Path) -> None:
    lines = [_record(i).decode().encode("gb18030") for i in range(1, 5)]
    lines[1] = lines[1][:20] + b"\x80" + lines[1][20:]  # 0x80 alone is not GB18030
    _write(tmp_path / "c" / "gb.jsonl", b"\n".join(lines) + b"\n")
    load = load_corpus([tmp_path / "c"])
    assert [a.id for a in load.articles] == ["n1", "n3", "n4"]
    assert load.articles[0].paragraphs == ["李1表示，内容1。"]
    (problem,) = load.problems
    assert problem.line == 2 and "not valid UTF-8 or GB18030" in problem.reason


def test_utf8_file_with_bad_bytes_is_never_read_as_gb18030(tmp_path: Path) -> None:
    text = "标题\n时间:2024-01-02\n王明表示，这是正文第一段。\n李华指出，这是正文第二段。\n".encode()
    broken = text.replace("第二".encode(), "第二".encode()[:-1])  # one character cut: valid GB18030, bad UTF-8
    _write(tmp_path / "c" / "t.txt", broken)
    _write(tmp_path / "c" / "m.md", b"---\ntitle: x\n---\n\n" + broken)
    load = load_corpus([tmp_path / "c"])
    assert load.articles == []
    assert [(Path(p.path).name, p.line) for p in load.problems] == [("m.md", 8), ("t.txt", 4)]
    assert all(p.reason.startswith("not valid UTF-8 (byte 0x") for p in load.problems)


def test_binary_jsonl_reported_once(tmp_path: Path) -> None:
    _write(tmp_path / "c" / "blob.jsonl", bytes(range(256)) * 64)
    load = load_corpus([tmp_path / "c"])
    assert load.articles == []
    assert [(p.line, p.reason) for p in load.problems] == [(None, "binary file: no line is a JSON article")]


def test_many_bad_lines_are_counted_not_listed(tmp_path: Path) -> None:
    _write(tmp_path / "c" / "news.jsonl", b"\n".join([_record(1)] + [b"{oops"] * 250) + b"\n")
    load = load_corpus([tmp_path / "c"])
    assert [a.id for a in load.articles] == ["n1"]
    assert len(load.problems) == 101
    assert load.problems[-1].reason == "150 more problems not listed, the first at line 102"


# --- the corpus as a whole -------------------------------------------------------------------


def _deny_open(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Tests run as root, who can open mode-000 entries: opening ``name`` (by a directory
    descriptor, as the corpus reader does) is refused by simulation."""
    import os

    real_open = os.open

    def open_(path, flags, mode=0o777, *, dir_fd=None):  # type: ignore[no-untyped-def]
        if dir_fd is not None and os.fspath(path) == name:
            raise PermissionError(13, "Permission denied", path)
        return real_open(path, flags, mode, dir_fd=dir_fd)

    monkeypatch.setattr(os, "open", open_)


def test_unreadable_subdirectory_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path / "c" / "ok.md", _md("title: 好"))
    _write(tmp_path / "c" / "locked" / "hidden.md", _md("title: 看不见"))
    _deny_open(monkeypatch, "locked")
    load = load_corpus([tmp_path / "c"])
    assert [a.id for a in load.articles] == ["ok"]
    assert [(p.path, p.reason) for p in load.problems] == [(str(tmp_path / "c" / "locked"), "cannot read directory: Permission denied")]


def test_unreadable_file_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path / "c" / "ok.md", _md("title: 好"))
    locked = _write(tmp_path / "c" / "locked.md", _md("title: 看不见"))
    _deny_open(monkeypatch, "locked.md")
    load = load_corpus([tmp_path / "c"])
    assert [a.id for a in load.articles] == ["ok"]
    assert [(p.path, p.reason) for p in load.problems] == [(str(locked), "cannot read: Permission denied")]


def test_fifo_in_corpus_is_reported_not_read(tmp_path: Path) -> None:
    import os

    _write(tmp_path / "c" / "ok.md", _md("title: 好"))
    os.mkfifo(tmp_path / "c" / "pipe.txt")  # reading it would block forever
    load = load_corpus([tmp_path / "c"])
    assert [a.id for a in load.articles] == ["ok"]
    assert [(Path(p.path).name, p.reason) for p in load.problems] == [("pipe.txt", "not a regular file")]


def test_empty_corpus_is_a_warning_naming_the_paths(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    _write(tmp_path / "c" / "empty.txt", "")
    load = load_corpus([tmp_path / "c"])
    assert load.articles == []
    assert f"the corpus holds no articles: {tmp_path / 'c'} (problems reported: 1)" in caplog.text


def test_jsonl_with_a_few_binary_lines_is_not_dropped_as_binary(tmp_path: Path) -> None:
    lines = [_record(i) for i in range(1, 5)] + [b"\x00\x01\x02\x03" * 20, bytes(range(11, 32)) * 4]
    _write(tmp_path / "c" / "news.jsonl", b"\n".join(lines) + b"\n")
    load = load_corpus([tmp_path / "c"])
    assert [a.id for a in load.articles] == ["n1", "n2", "n3", "n4"]
    assert [p.line for p in load.problems] == [5, 6]
    assert all(p.reason.startswith("invalid JSON") for p in load.problems)


def test_file_name_that_is_not_utf8_is_reported(tmp_path: Path) -> None:
    import os

    _write(tmp_path / "c" / "ok.md", _md("title: 好"))
    with open(os.path.join(os.fsencode(tmp_path / "c"), b"\xffname.md"), "wb") as handle:
        handle.write(_md("title: 名字坏了").encode())
    load = load_corpus([tmp_path / "c"])
    assert [a.id for a in load.articles] == ["ok"]
    assert [(p.path, p.reason) for p in load.problems] == [
        (str(tmp_path / "c" / "\ufffdname.md"), "file name is not valid UTF-8; rename the file")
    ]


def test_utf16_is_named_not_called_binary(tmp_path: Path) -> None:
    text = "标题\n时间:2024-01-02\n王明表示，正文。\n"
    _write(tmp_path / "c" / "a.txt", text.encode("utf-16"))
    _write(tmp_path / "c" / "b.jsonl", (_record(1).decode() + "\n").encode("utf-16"))
    load = load_corpus([tmp_path / "c"])
    assert load.articles == []
    assert [(Path(p.path).name, p.reason) for p in load.problems] == [
        ("a.txt", "UTF-16 text is not read; save the file as UTF-8"),
        ("b.jsonl", "UTF-16 text is not read; save the file as UTF-8"),
    ]


def test_jsonl_starting_with_utf16_bom_bytes_keeps_its_good_lines(tmp_path: Path) -> None:
    """Found by Hypothesis: a garbage first line that begins like a UTF-16 BOM."""
    _write(tmp_path / "c" / "news.jsonl", b"\xfe\xff\n" + _record(1) + b"\n")
    load = load_corpus([tmp_path / "c"])
    assert [a.id for a in load.articles] == ["n1"]
    assert [p.line for p in load.problems] == [1]


def _row(id_: str, text: str, date: str = "2024-05-01") -> str:
    return json.dumps({"id": id_, "title": id_, "date": date, "paragraphs": [text]}, ensure_ascii=False)


def test_jsonl_reread_reuses_the_articles_of_unchanged_lines(tmp_path: Path) -> None:
    """A reload of a changed JSON Lines file parses only the lines that changed: the others give
    back the very articles the earlier read made (what keeps reloading a large file quick)."""
    from retrieval.ingest import read_file

    path = tmp_path / "news.jsonl"
    rows = [_row("a", "甲说，第一篇。"), _row("b", "乙说，第二篇。", date="不是日期"), _row("c", "丙说，第三篇。")]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    first, problems = read_file(path, tmp_path)
    assert [a.id for a in first] == ["a", "b", "c"] and len(problems) == 1  # b's date is reported

    rows[2] = _row("c", "丙说，第三篇改过了。")
    path.write_text("\n".join(rows + [_row("d", "丁说，新的一篇。")]) + "\n", encoding="utf-8")
    again, problems_again = read_file(path, tmp_path, first)
    assert [a.id for a in again] == ["a", "b", "c", "d"]
    assert again[0] is first[0]  # unchanged line: not parsed again
    assert again[1] is not first[1] and problems_again == problems  # a line with a note is parsed again, the note reported again
    assert again[2] is not first[2] and again[2].paragraphs == ["丙说，第三篇改过了。"]
    assert again[3].origin == f"{path}:4"


def test_jsonl_reread_does_not_reuse_a_line_that_moved(tmp_path: Path) -> None:
    """An article's fallback id and origin name its line: a line that moved is parsed again."""
    from retrieval.ingest import read_file

    path = tmp_path / "news.jsonl"
    unnamed = json.dumps({"title": "无编号", "paragraphs": ["某人说，没有编号的一篇。"]}, ensure_ascii=False)
    path.write_text(unnamed + "\n", encoding="utf-8")
    first, _ = read_file(path, tmp_path)
    path.write_text(_row("new", "新的一行在前面。") + "\n" + unnamed + "\n", encoding="utf-8")
    again, _ = read_file(path, tmp_path, first)
    assert again[1] is not first[0]
    assert (first[0].id, again[1].id) == ("news#1", "news#2")
    assert again[1].origin.endswith(":2")


def test_long_paragraphs_split_and_long_articles_cut_with_a_report(tmp_path: Path) -> None:
    """A paragraph past MAX_PARAGRAPH_CHARS is split at sentence ends and an article past
    MAX_ARTICLE_PARAGRAPHS keeps its first paragraphs; each is a problem naming the article, and
    every piece keeps its source position (what quotes --json and the gold files count)."""
    from retrieval.chunking import MAX_ARTICLE_PARAGRAPHS, MAX_PARAGRAPH_CHARS

    sentence = "王五表示，今年的经济形势会比去年更好一些。"
    long_paragraph = sentence * (2 * MAX_PARAGRAPH_CHARS // len(sentence) + 3)
    run_on = "很" * (MAX_PARAGRAPH_CHARS + 10)  # no sentence end and no comma: cut hard at the limit
    rows = [
        {"id": "long", "paragraphs": ["开头。", "", long_paragraph, run_on, "结尾。"]},
        {"id": "many", "paragraphs": [f"第{n}段。" for n in range(MAX_ARTICLE_PARAGRAPHS + 5)]},
        {"id": "plain", "paragraphs": ["一段。", "两段。"]},
    ]
    (tmp_path / "news.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    load = load_corpus([tmp_path])
    long, many, plain = load.articles
    assert "".join(long.paragraphs) == "".join(p for p in rows[0]["paragraphs"])  # nothing lost
    assert max(map(len, long.paragraphs)) <= MAX_PARAGRAPH_CHARS and len(long.paragraphs) > 5
    assert all(p.endswith("。") for p in long.paragraphs[1:-1] if p.startswith("王五"))  # at sentence ends
    assert [long.source_paragraph(k) for k in range(len(long.paragraphs))] == sorted(long.sources)
    assert long.sources[0] == 0 and long.sources[-1] == 4 and set(long.sources) == {0, 2, 3, 4}
    assert len(many.paragraphs) == MAX_ARTICLE_PARAGRAPHS and many.paragraphs[-1] == f"第{MAX_ARTICLE_PARAGRAPHS - 1}段。"
    assert plain.sources == [] and plain.paragraphs == ["一段。", "两段。"]
    reasons = {p.line: p.reason for p in load.problems}
    assert set(reasons) == {1, 2}
    assert reasons[1].startswith("article long: 2 paragraph(s) over 4,000 characters") and "split" in reasons[1]
    assert reasons[2] == f"article many: {MAX_ARTICLE_PARAGRAPHS + 5:,} paragraphs; only the first {MAX_ARTICLE_PARAGRAPHS:,} kept"
    again = load_corpus([tmp_path], unchanged={path: (stamp, load.by_file[path], load.problems) for stamp in load.files for path in [stamp.path]})
    assert [p.reason for p in again.problems] == [p.reason for p in load.problems]  # still reported on a reload


def test_a_reread_jsonl_file_caps_only_its_parsed_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A changed JSON Lines file is read again; the articles of its unchanged lines come back as
    they were (within the caps, else they would have been parsed again) and are not checked against
    the caps again (that was 0.07 s of a reload of the 34 MB development file); a capped article
    is still reported."""
    from retrieval import chunking, ingest

    rows = [{"id": f"a{n}", "paragraphs": [f"第{n}篇。"]} for n in range(30)]
    rows.append({"id": "many", "paragraphs": [f"第{n}段。" for n in range(chunking.MAX_ARTICLE_PARAGRAPHS + 5)]})
    path = tmp_path / "news.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    load = load_corpus([tmp_path])
    rows[7]["paragraphs"].append("新的一段。")
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    checked = []
    original = ingest.cap_paragraphs
    monkeypatch.setattr(ingest, "cap_paragraphs", lambda article: checked.append(article.id) or original(article))
    unchanged = {stamp.path: (stamp, load.by_file[stamp.path], load.problems) for stamp in load.files}
    again = load_corpus([tmp_path], unchanged=unchanged)
    assert sorted(checked) == ["a7", "many"]  # the changed line and the capped article, parsed again
    assert [a.paragraphs for a in again.articles] == [r["paragraphs"][: chunking.MAX_ARTICLE_PARAGRAPHS] for r in rows]
    assert [p.reason for p in again.problems] == [p.reason for p in load.problems]


_PAGE = (
    "<html><head><title>区里召开防汛会议</title></head><body><article><h1>区里召开防汛会议</h1>"
    + "".join(f"<p>第{i}段：区长在会上说，今年汛期来得早，各街道要提前排查低洼地带的积水点。</p>" for i in range(8))
    + "</article></body></html>"
)


def test_corpus_page_is_parsed_in_a_worker_process(tmp_path: Path) -> None:
    """A corpus .html page is read in the page worker, like a fetched one: its article comes back
    whole (the worker's result crosses a process boundary)."""
    (tmp_path / "flood.html").write_text(_PAGE, encoding="utf-8")
    load = load_corpus([tmp_path])
    assert [article.title for article in load.articles] == ["区里召开防汛会议"]
    assert len(load.articles[0].paragraphs) == 8 and not load.problems


def test_corpus_page_past_its_deadline_is_reported_and_the_rest_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A page whose parse outlives PAGE_DEADLINE is reported by name (the worker is killed), and
    the other files are read: a hostile page cannot hold a reload — or the bot's GIL — for long."""
    from retrieval import ingest

    long_page = _PAGE.replace("</article>", "<p>区长在会上说，今年汛期来得早，各街道要提前排查积水点。</p>" * 20_000 + "</article>")
    (tmp_path / "flood.html").write_text(long_page, encoding="utf-8")  # about 1.5 s of parsing
    (tmp_path / "note.md").write_text("# 会议纪要\n\n区长说，今年汛期来得早。\n", encoding="utf-8")
    monkeypatch.setattr(ingest, "PAGE_DEADLINE", 0.05)
    load = load_corpus([tmp_path])
    assert [article.title for article in load.articles] == ["会议纪要"]
    [problem] = load.problems
    assert problem.path.endswith("flood.html") and "took longer than" in problem.reason
    (tmp_path / "flood.html").write_text(_PAGE, encoding="utf-8")  # the killed worker is replaced on next use
    assert [article.title for article in load_corpus([tmp_path]).articles] == ["区里召开防汛会议", "会议纪要"]
