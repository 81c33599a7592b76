"""Web pages as a corpus format: extraction quality, charsets, metadata, bad pages, lazy import."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bench.web_extraction import VARIANTS, measure, newsbot_lines
from bench.web_pages import chrome_page, pages_from_articles, sample_articles
from retrieval import load_corpus
from retrieval.formats import FormatError
from retrieval.web_article import decode_page, parse_html

from .conftest import NEWS, ROOT

INVENTED = [
    "春风社区昨天举行邻里节，三百多位居民参加了活动。",
    "社区主任林晓雯在开幕式上表示，邻里节要办成居民自己的节日，明年还将增加亲子项目。",
    "“我们楼里的老人最喜欢书法角，”志愿者周启明说，今年报名的人比去年多了一倍。",
    "活动持续到傍晚，各楼组还评选出十户“和睦家庭”。",
]


def invented_page(**options: object) -> bytes:
    page = chrome_page("春风社区举办第五届邻里节", INVENTED, date="2024-04-21", source="春风街道", **options)  # type: ignore[arg-type]
    return page.data()


@pytest.mark.requires_shared
@pytest.mark.parametrize(("layout", "charset"), VARIANTS)
def test_real_articles_in_site_chrome_lose_no_paragraph_and_keep_no_chrome(layout: str, charset: str) -> None:
    records = sample_articles(NEWS)
    assert len(records) == 5
    pages = pages_from_articles(records, layout=layout, charset=charset)
    score = measure(pages, newsbot_lines)
    print(f"{layout} {charset}: recall {score.recovered}/{score.paragraphs}, chrome kept {score.chrome_kept}/{score.chrome_lines}")
    assert score.recovered == score.paragraphs
    assert score.chrome_kept == 0


@pytest.mark.parametrize("layout", ["p", "br"])
def test_invented_page_gives_title_date_source_author_and_only_the_body(layout: str) -> None:
    article = parse_html(invented_page(layout=layout, author="陈红", charset="gb18030"), "page", "page.html")
    assert article.title == "春风社区举办第五届邻里节"
    assert article.date == "2024-04-21"
    assert article.source == "春风街道"
    assert article.author == "陈红"
    assert article.paragraphs == INVENTED


def test_declared_gbk_charset_and_undeclared_gb18030_pages_decode() -> None:
    text = "<html><head><meta http-equiv='Content-Type' content='text/html; charset=gbk'></head><body>邻里节</body></html>"
    assert decode_page(text.encode("gb18030")) == text
    plain = "<html><body><p>没有声明编码的页面</p></body></html>"
    assert decode_page(plain.encode("gb18030")) == plain
    # a page that claims gb2312 but is sent as UTF-8 is read as what it is
    wrong = "<html><head><meta charset='gb2312'></head><body>居民说</body></html>"
    assert decode_page(wrong.encode("utf-8")) == wrong
    # the HTTP charset takes precedence over the page's own declaration
    assert decode_page("<meta charset='utf-8'>邻里".encode("gb18030"), http_charset="GB2312") == "<meta charset='utf-8'>邻里"


def test_pages_without_article_text_are_refused_with_a_reason() -> None:
    with pytest.raises(FormatError, match="no article text"):
        parse_html("<html><body><div class='nav'><a href='/'>首页</a></div></body></html>".encode(), "x")
    with pytest.raises(FormatError, match="binary"):
        parse_html(b"\x89PNG\r\n\x1a\n\x00\x00\x00", "x")
    with pytest.raises(FormatError, match="control characters"):
        parse_html(b"\x1b\x02<p>\x03\x04</p>" * 200, "x")


def test_corpus_reads_html_files_and_reports_broken_ones(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_bytes(invented_page(charset="gb18030"))
    (tmp_path / "empty.htm").write_text("<html><body><nav>首页 | 新闻</nav></body></html>", encoding="utf-8")
    load = load_corpus([tmp_path])
    assert [a.id for a in load.articles] == ["page"]
    assert load.articles[0].paragraphs == INVENTED
    assert load.articles[0].file.endswith("page.html")
    assert [Path(p.path).name for p in load.problems] == ["empty.htm"]


def test_extraction_library_is_not_imported_for_corpora_without_pages(tmp_path: Path) -> None:
    code = (
        "import sys; from retrieval import load_corpus; import bot.cli; "
        f"load_corpus([{str(ROOT / 'corpus')!r}]); print('trafilatura' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.strip() == "False"
