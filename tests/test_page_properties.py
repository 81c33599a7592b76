"""Hostile pages (Hypothesis) and the page parser's time growing linearly with its input.

Generated pages mix article text with unclosed script/style/comment openers, stray ``<``, deep
nesting and <meta> charsets that are no text encoding, encoded in assorted charsets: reading
them gives an article or a FormatError, never another exception. Linear time is asserted as
the ratio of process times for an input and one twice its size (best of three, so that noise
on a shared machine does not flake), never as a wall-clock limit.
"""

from __future__ import annotations

import codecs

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from retrieval.feeds import _first_element_is_feed, looks_like_feed
from retrieval.formats import FormatError
from retrieval.web_article import _NOT_PAGE_CODECS, declared_charset, decode_page, info_fields, parse_html, strip_markup

from .linear_time import MAX_RATIO, growth_ratio
from .web_server import article_page

HOSTILE = ["<script x", "<style", "<!--", "<", "<a ", "<div>", "</div>", "<meta charset=", "<p>", "-->", "</script",
           "<![CDATA[", "<?xml ", "&nbsp;", "来源：", "作者：", "\x00", "\ufffd", ">"]
CHARSETS = ["utf-8", "gb18030", "gbk", "big5", "hex", "rot13", "base64", "zlib", "bz2", "utf-16", "utf-7", "undefined",
            "x-no-such", "latin-1", "", "'", "shift_jis"]
TEXT = ["春风社区主任林晓雯表示，邻里节要办成居民自己的节日。", "记者 张三 报道", "Hello, world.", "１２３"]

pages = st.builds(
    lambda charset, pieces, depth, encoding: (
        f'<html><head><meta charset="{charset}"></head><body>' + "<div>" * depth + "".join(pieces)
    ).encode(encoding, "replace"),
    st.sampled_from(CHARSETS),
    st.lists(st.one_of(st.sampled_from(HOSTILE), st.sampled_from(TEXT), st.sampled_from(HOSTILE).map(lambda s: s * 200),
                       st.text(max_size=20)), max_size=40),
    st.integers(0, 3000),
    st.sampled_from(["utf-8", "gb18030", "big5", "latin-1"]),
)
hostile_settings = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@hostile_settings
@given(pages, st.sampled_from([None, *CHARSETS]))
def test_a_hostile_page_is_an_article_or_a_format_error(page: bytes, http_charset: str | None) -> None:
    try:
        text = decode_page(page, http_charset)
    except ValueError:  # binary: NUL bytes or control characters
        text = None
    if text is not None:
        assert "<script" not in strip_markup(text).lower()
        assert isinstance(info_fields(text), dict)
    declared = declared_charset(page)
    assert declared is None or (codecs.lookup(declared)._is_text_encoding and declared not in _NOT_PAGE_CODECS)
    looks_like_feed(page, "text/html")
    try:
        article = parse_html(page, "page", http_charset=http_charset)
    except FormatError:
        return
    assert article.paragraphs and all(isinstance(p, str) and p for p in article.paragraphs)


@pytest.mark.parametrize("opener", ["<script x", "<STYLE y", "<!--", "<", "<a href='", "<script>x</script"])
def test_markup_stripping_is_linear_in_repeated_openers(opener: str) -> None:
    ratio = growth_ratio(lambda n: "<p>来源：新华社</p>" + opener * n, lambda page: info_fields(page), 200_000)  # type: ignore[arg-type]
    assert ratio <= MAX_RATIO, ratio


def test_page_parser_is_linear_in_repeated_script_openers() -> None:
    def page(n: int) -> bytes:
        return article_page(0).replace(b"</body>", b"<p>" + b"<script x" * n + b"</body>")

    ratio = growth_ratio(page, lambda data: parse_html(data, "page"), 100_000)  # type: ignore[arg-type]
    assert ratio <= MAX_RATIO, ratio


def test_page_parser_is_linear_in_a_huge_flat_page() -> None:
    def page(n: int) -> bytes:
        return ("<html><body>" + "<p>这是一个很长的页面里的又一个段落，市民表示没有什么内容。</p>\n" * n + "</body></html>").encode()

    ratio = growth_ratio(page, lambda data: parse_html(data, "page"), 3_000)  # type: ignore[arg-type]
    assert ratio <= MAX_RATIO, ratio


def test_charset_and_feed_sniffing_are_linear_in_repeated_openers() -> None:
    head = b'<html><head><meta name="x" content="' + b"charset= " * 900  # adjacent optional runs, as the old regex had
    assert declared_charset(head) is None
    # the sniffer reads 4 KB of a response; its scan itself, given more, must stay linear (the
    # regex it replaced backtracked exponentially in the number of comments)
    ratio = growth_ratio(lambda n: b"<!--a-->" * n + b"<html>", _first_element_is_feed, 200_000)  # type: ignore[arg-type]
    assert ratio <= MAX_RATIO, ratio
    assert _first_element_is_feed(b"<!--a-->" * 600 + b"<rss>") and not looks_like_feed(b"<!--a-->" * 600 + b"<html>")
