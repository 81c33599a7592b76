"""The Telegram stand-ins' HTML check says what Telegram says: visible text for HTML it accepts,
its error (with the UTF-8 byte offset) for HTML it refuses."""

from __future__ import annotations

import pytest

from .botapi_checks import EntityError, parse_html, text_error


def test_visible_text_of_accepted_html() -> None:
    html = '问：<i>张三&amp;李四</i> 说 <b>“好”</b> &lt;&#65;&#x4e2d;&quot;&gt; a>b <a href="https://x.test/?a=1&b=2">来源</a>'
    assert parse_html(html) == '问：张三&李四 说 “好” <A中"> a>b 来源'


@pytest.mark.parametrize(
    ("html", "message"),
    [
        ("中文<div>x</div>", 'Unsupported start tag "div" at byte offset 6'),
        ("中<", "Unsupported start tag at byte offset 3"),
        ("甲乙</b>", "Unexpected end tag at byte offset 6"),
        ("<b>中<i>x</b></i>", 'Unmatched end tag at byte offset 10, expected "</i>", found "</b>"'),
        ("<b>中文", 'Can\'t find end tag corresponding to start tag "b"'),
        ("中 & 文", "Character entity expected at byte offset 4"),
        ("&bogus;", "Character entity expected at byte offset 0"),
    ],
)
def test_refused_html_gets_telegrams_error(html: str, message: str) -> None:
    with pytest.raises(EntityError) as refused:
        parse_html(html)
    assert str(refused.value) == message
    assert text_error(html, "HTML") == f"Bad Request: can't parse entities: {message}"


def test_long_message_is_checked_on_its_visible_length() -> None:
    assert text_error("<b>" + "字" * 4096 + "</b>", "HTML") is None
    assert text_error("<b>" + "字" * 4097 + "</b>", "HTML") == "Bad Request: message is too long"
    assert text_error("<b> </b>", "HTML") == "Bad Request: message text is empty"
