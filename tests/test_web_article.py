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
from retrieval.web_article import decode_page, info_fields, parse_html, strip_markup

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


# --- hostile pages: charsets that are not text encodings, quadratic markup, Big5 --------------

NON_TEXT_CHARSETS = ["hex", "rot13", "base64", "zlib", "bz2", "uu", "quopri", "undefined", "unicode_escape", "utf-7", "no-such-codec"]


@pytest.mark.parametrize("charset", NON_TEXT_CHARSETS)
def test_a_charset_that_is_not_a_text_encoding_falls_back_to_detection(charset: str) -> None:
    page = invented_page().replace(b'charset="utf-8"', f'charset="{charset}"'.encode())
    assert f'charset="{charset}"'.encode() in page
    assert decode_page(page) == page.decode("utf-8")
    assert decode_page(page, http_charset=charset) == page.decode("utf-8")
    assert parse_html(page, "page").paragraphs == INVENTED


def test_a_page_cannot_declare_utf16_in_its_markup() -> None:
    page = "<html><head><meta charset='utf-16'></head><body>居民说</body></html>"
    assert decode_page(page.encode("utf-8")) == page


def test_corpus_page_with_a_hex_charset_loads_and_later_files_still_load(tmp_path: Path) -> None:
    (tmp_path / "a-hex.html").write_bytes(invented_page().replace(b'charset="utf-8"', b'charset="hex"'))
    (tmp_path / "b-later.html").write_bytes(invented_page(charset="gb18030"))
    load = load_corpus([tmp_path])
    assert sorted(a.id for a in load.articles) == ["a-hex", "b-later"]
    assert all(a.paragraphs == INVENTED for a in load.articles)
    assert load.problems == []


def test_undeclared_big5_page_is_read_as_big5_and_gb_pages_stay_gb() -> None:
    import opencc

    traditional = opencc.OpenCC("s2tw").convert  # Taiwan forms: all of them are in Big5
    page = traditional(invented_page().decode("utf-8")).replace("©", "(c)")
    undeclared = page.replace('<meta charset="utf-8">', "")
    assert "charset" not in undeclared
    assert decode_page(undeclared.encode("big5")) == undeclared
    assert parse_html(undeclared.encode("big5"), "page").paragraphs == [traditional(p) for p in INVENTED]
    simplified = invented_page().decode("utf-8").replace('<meta charset="utf-8">', "")
    assert decode_page(simplified.encode("gb18030")) == simplified


def test_info_fields_skip_scripts_styles_and_comments() -> None:
    page = (
        "<script>var s='来源：假的'</script><STYLE>p{}</Style><!-- 作者：注释 -->"
        "<div>来源：春风日报　作者：林晓雯</div><script x"
    )
    assert info_fields(page) == {"source": "春风日报", "author": "林晓雯"}
    assert strip_markup("a<b>c</b>d<!-- x") == "a c d"
    assert strip_markup("前<script>x</script>后<p") == "前 后"
