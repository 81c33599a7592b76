"""Property-based tests of corpus parsing (Hypothesis; budget from the profile in conftest.py).

Whatever bytes a corpus file holds, in any format: no exception escapes read_file or
load_corpus, every problem names its file, what loads is well formed, and the good articles
next to it (in the same directory, or on other lines of the same JSON Lines file) all load.
And whatever a corpus tree holds (links in and out, FIFOs, files swapped or deleted between
listing and reading): the regular files load, the rest is reported by name, nothing outside
the root is read, and the load never blocks.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import threading
from pathlib import Path
from unittest import mock

from hypothesis import given
from hypothesis import strategies as st

from retrieval import Article, ingest, load_corpus
from retrieval.formats import normalise_date
from retrieval.ingest import read_file
from retrieval.normalize import clean_line

SUFFIXES = (".txt", ".md", ".jsonl")

YAML_PIECES = [
    "title: ", "date: ", "id: ", "url: ", "author: ", "source: ", "\n", "  ", "- ", "[", "]", "{", "}", ", ", ": ",
    "&a ", "*a", "!!float ", "!!timestamp ", "!!python/object/apply:os.system ", "!x ", "'", '"', "\\u00e9", "\\ud800",
    "|", ">", "#", "? ", "...", "%YAML 1.1", "\t", "\x00", "\x85", "\u2028", "2024-02-30", "2024-05-01", "2024年5月1日",
    "null", "~", "123", "1.5", "true", "王明", "---",
]
front_matter = st.lists(st.sampled_from(YAML_PIECES) | st.text(max_size=8), max_size=40).map("".join)

texts = st.text(max_size=60)  # Hypothesis' text never holds lone surrogates: what JSON can carry as text
paragraph = st.text(min_size=1, max_size=80).filter(lambda s: clean_line(s) != "")
good_records = st.fixed_dictionaries(
    {
        "title": st.none() | texts,
        "date": st.none() | st.dates().map(lambda d: d.isoformat()),
        "source": st.none() | texts,
        "paragraphs": st.lists(paragraph, min_size=1, max_size=4),
    }
)

file_bytes = st.one_of(
    st.binary(max_size=2048),
    st.text(max_size=400).map(lambda t: t.encode("utf-8")),
    st.text(max_size=400).map(lambda t: t.encode("gb18030")),
    st.tuples(front_matter, st.text(max_size=200)).map(lambda fb: f"---\n{fb[0]}\n---\n\n{fb[1]}".encode()),
    st.lists(st.binary(max_size=80) | st.text(max_size=80).map(str.encode), max_size=12).map(b"\n".join),
)

GOOD_MD = "---\ntitle: 好文章\ndate: 2024-05-01\n---\n\n王明表示，这一篇总会载入。\n"


def _well_formed(article: Article) -> None:
    assert article.id and isinstance(article.id, str)
    assert article.paragraphs and all(isinstance(p, str) and p == clean_line(p) and p for p in article.paragraphs)
    for value in (article.id, article.title, article.url, article.date, article.source, article.author, *article.paragraphs):
        assert value is None or isinstance(value, str) and value.encode("utf-8")  # no lone surrogate
    assert article.date is None or normalise_date(article.date) == article.date
    article.digest()  # what indexing computes first


@given(data=file_bytes, suffix=st.sampled_from(SUFFIXES))
def test_any_bytes_in_any_format(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        file = root / f"fuzzed{suffix}"
        file.write_bytes(data)
        (root / "good.md").write_text(GOOD_MD, encoding="utf-8")
        articles, problems = read_file(file, root)
        for article in articles:
            _well_formed(article)
        assert all(p.path == str(file) for p in problems)
        assert all(p.line is None or p.line >= 1 for p in problems)
        if suffix != ".jsonl":
            assert len(articles) + sum("left out" not in p.reason and "kept" not in p.reason for p in problems) == 1
        load = load_corpus([root])
        assert "good" in {a.id for a in load.articles}
        good = next(a for a in load.articles if a.id == "good")
        assert (good.title, good.date, good.paragraphs) == ("好文章", "2024-05-01", ["王明表示，这一篇总会载入。"])


@given(front=front_matter)
def test_markdown_front_matter_never_loses_the_body_silently(front: str) -> None:
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        file = root / "a.md"
        file.write_text(f"---\n{front}\n---\n\n王明说，正文总在这里。\n", encoding="utf-8")
        articles, problems = read_file(file, root)
        if articles:
            (article,) = articles
            _well_formed(article)
            assert article.paragraphs[-1] == "王明说，正文总在这里。"
        else:  # refused: said, with a line inside the file
            (problem,) = problems
            if problem.reason.startswith("binary file"):
                assert "at line" in problem.reason
            else:
                assert problem.line is not None and 1 <= problem.line <= front.count("\n") + 6


garbage_line = st.one_of(
    st.binary(max_size=120),
    st.text(max_size=60).map(lambda t: t.encode("utf-8")),
    st.text(max_size=60).map(lambda t: t.encode("gb18030")),
    st.sampled_from([b"{", b"[]", b"null", b'"text"', b'{"paragraphs": "x"}', b'{"paragraphs": []}', b"\xff\xfe", b"\x00"]),
).map(lambda b: b.replace(b"\n", b" "))


@given(
    records=st.lists(good_records, min_size=1, max_size=6),
    garbage=st.lists(garbage_line, max_size=10),
    order=st.randoms(use_true_random=False),
    crlf=st.booleans(),
    cut_tail=st.binary(max_size=40).map(lambda b: b.replace(b"\n", b" ")),
)
def test_jsonl_good_articles_survive_garbage_lines(
    records: list[dict[str, object]], garbage: list[bytes], order, crlf: bool, cut_tail: bytes  # type: ignore[no-untyped-def]
) -> None:
    good = [{"id": f"good-{i}", **record} for i, record in enumerate(records)]
    lines: list[tuple[str, bytes]] = [(r["id"], json.dumps(r, ensure_ascii=False).encode("utf-8")) for r in good]  # type: ignore[misc]
    lines += [("", g) for g in garbage]
    order.shuffle(lines)
    end = b"\r\n" if crlf else b"\n"
    data = b"".join(raw + end for _id, raw in lines) + cut_tail  # a last line without newline, maybe
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        file = root / "news.jsonl"
        file.write_bytes(data)
        articles, problems = read_file(file, root)
        load = load_corpus([root])
    for article in articles:
        _well_formed(article)
    loaded = {a.id: a for a in articles}
    assert {a.id for a in load.articles} == set(loaded)
    for record in good:
        article = loaded[record["id"]]  # type: ignore[index]
        assert article.paragraphs == [clean_line(p) for p in record["paragraphs"] if clean_line(p)]  # type: ignore[union-attr]
        assert article.date == record["date"]
        assert article.title == ((record["title"] or "").strip() or None)  # type: ignore[union-attr]
    reported = {p.line for p in problems}
    for number, (good_id, raw) in enumerate(lines, start=1):
        if good_id:
            assert number not in reported
        elif raw.strip(b" \t\r") and f"news#{number}" not in loaded:
            assert number in reported
    if cut_tail.strip(b" \t\r"):
        assert len(lines) + 1 in reported or f"news#{len(lines) + 1}" in loaded


@given(st.text(alphabet=st.sampled_from("０９ＡＺａｚ\u3000\u00a0．％中文 a1%,"), max_size=40))
def test_width_folding_maps_each_wide_character_and_keeps_offsets(text: str) -> None:
    """fold_width translates only the runs of wide characters; the result is what a translation
    of every character gives (offsets into folded text are offsets into the original)."""
    from retrieval.normalize import _WIDTH_TABLE, fold_width

    assert fold_width(text) == text.translate(_WIDTH_TABLE)
    assert len(fold_width(text)) == len(text)


# --- hostile corpus trees: links, FIFOs, swaps and deletions during a load -----------------------

OUTSIDE_MARK = "外面的秘密不可读到"
FOLDERS = ("", "a", "a/b", "c")
STILL = ("file", "link_in", "link_out", "link_out_dir", "dangling", "loop", "fifo")
"""Kinds of entry that are what they are when the corpus is listed and read."""
DURING = ("swap_fifo", "swap_link", "delete", "swap_dir_link")
"""Kinds that are a regular file (or, for swap_dir_link, a folder of one) when listed and change
before they are read."""
entries = st.lists(st.tuples(st.sampled_from(STILL + DURING), st.sampled_from(FOLDERS)), min_size=1, max_size=14)


def _build_tree(root: Path, outside: Path, plan: list[tuple[str, str]]) -> tuple[set[str], dict[str, str], list]:  # type: ignore[type-arg]
    """Write ``plan`` under ``root``: the ids that must load, each refused entry's path with the
    start of its reason, and the changes to make between listing and reading."""
    good: set[str] = set()
    refused: dict[str, str] = {}
    changes = []
    link = "symbolic link: not followed"
    for n, (kind, folder) in enumerate(plan):
        where = root / folder
        where.mkdir(parents=True, exist_ok=True)
        path = where / f"e{n}.md"
        article = f"---\ntitle: 第{n}篇\n---\n\n王明表示，第{n}篇总会载入。\n"
        if kind == "file":
            path.write_text(article, encoding="utf-8")
            good.add((Path(folder) / f"e{n}").as_posix())
        elif kind == "link_in":
            path.symlink_to(root / "anchor.md")
            refused[str(path)] = link
        elif kind == "link_out":
            path.symlink_to(outside / "secret.md")
            refused[str(path)] = link
        elif kind == "link_out_dir":
            path = where / f"e{n}"
            path.symlink_to(outside)
            refused[str(path)] = link
        elif kind == "dangling":
            path.symlink_to(outside / "missing.md")
            refused[str(path)] = link
        elif kind == "loop":
            path.symlink_to(path)
            refused[str(path)] = link
        elif kind == "fifo":
            os.mkfifo(path)
            refused[str(path)] = "not a regular file"
        elif kind == "swap_dir_link":
            inner = where / f"e{n}"
            inner.mkdir()
            path = inner / "inner.md"
            path.write_text(article, encoding="utf-8")
            refused[str(path)] = link
            changes.append((kind, inner))
        else:
            path.write_text(article, encoding="utf-8")
            refused[str(path)] = {"swap_fifo": "not a regular file", "swap_link": link, "delete": "cannot read: No such file"}[kind]
            changes.append((kind, path))
    return good, refused, changes


def _change(kind: str, path: Path, outside: Path) -> None:
    if kind == "swap_dir_link":
        shutil.rmtree(path)
        path.symlink_to(outside)
        return
    path.unlink()
    if kind == "swap_fifo":
        os.mkfifo(path)
    elif kind == "swap_link":
        path.symlink_to(outside / "secret.md")


@given(entries)
def test_a_hostile_corpus_tree_loads_every_regular_file_and_reports_the_rest(plan: list[tuple[str, str]]) -> None:
    """Links (inside, outside, to folders, dangling, looping), FIFOs, and files swapped or
    deleted between listing and reading: every regular file inside the root loads, everything
    else is reported by name and skipped, nothing outside is read, and the load never blocks."""
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        root, outside = base / "corpus", base / "outside"
        outside.mkdir()
        (outside / "secret.md").write_text(f"---\ntitle: {OUTSIDE_MARK}\n---\n\n王明表示，{OUTSIDE_MARK}。\n", encoding="utf-8")
        (outside / "far.md").write_text(f"---\ntitle: 远\n---\n\n王明表示，{OUTSIDE_MARK}。\n", encoding="utf-8")
        root.mkdir()
        (root / "anchor.md").write_text(GOOD_MD, encoding="utf-8")
        good, refused, changes = _build_tree(root, outside, plan)
        real_discover = ingest.discover_files

        def discover_then_change(paths):  # type: ignore[no-untyped-def]
            listed = real_discover(paths)
            for kind, path in changes:
                _change(kind, path, outside)
            return listed

        loaded: list[ingest.CorpusLoad] = []
        with mock.patch.object(ingest, "discover_files", discover_then_change):
            worker = threading.Thread(target=lambda: loaded.append(load_corpus([root])), daemon=True)
            worker.start()
            worker.join(20)
        for kind, path in changes:  # release a reader a FIFO may have caught, so its thread ends
            if kind == "swap_fifo":
                with contextlib.suppress(OSError):
                    os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        assert loaded, "the load blocked"
        load = loaded[0]
        assert {a.id for a in load.articles} == good | {"anchor"}
        assert not [a for a in load.articles if OUTSIDE_MARK in (a.title or "") + "".join(a.paragraphs)]
        reported = {p.path: p.reason for p in load.problems}
        assert set(reported) == set(refused), (reported, refused)
        for path, reason in refused.items():
            assert reported[path].startswith(reason), (path, reported[path], reason)
