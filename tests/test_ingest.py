"""Corpus ingestion: every accepted format, encodings, and bad input reported and skipped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from retrieval import CorpusPathError, load_corpus
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
    assert "binary" in problems[("image.txt", None)]
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
    hits = index.search("1998年 WTO")
    assert hits and index.chunk_text(hits[0][0]).startswith("１９９８年")
