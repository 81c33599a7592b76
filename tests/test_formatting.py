"""Telegram HTML: escaping, Telegram's length limit, and the plain-text rendering."""

from __future__ import annotations

from bot.formatting import answer_html, answers_html, html_to_plain, limit_html, visible_length
from retrieval import Answer

from .botapi_checks import parse_html

ARTICLE = {"id": "a1", "title": "标题 <&>", "url": "https://example.org/?a=1&b=2", "date": "2024-01-01", "source": "测试报"}


def _answer(quote: str, paragraph: str | None = None, speaker: str | None = "张三") -> Answer:
    return Answer(speaker=speaker, role="部长 <特>", quote=quote, paragraph=paragraph or quote, article=ARTICLE, score=1.0)


def test_everything_is_escaped_and_parses() -> None:
    html = answer_html(_answer("A<B> & C", "前文。A<B> & C。后文很长很长很长很长很长很长很长很长。"))
    visible = parse_html(html)
    assert "A<B> & C" in visible and "部长 <特>" in visible and "标题 <&>" in visible
    assert '<a href="https://example.org/?a=1&amp;b=2">' in html
    assert "<blockquote expandable>" in html  # the paragraph adds context


def test_many_long_answers_fit_the_limit() -> None:
    answers = [_answer("很长的引语，" * 400, "很长的段落。" * 900) for _ in range(10)]
    message = answers_html("问：<i>测试</i>", answers, "第 1–10 条")
    assert visible_length(message) <= 4096
    parse_html(message)  # still well-formed after trimming


def test_limit_html_cuts_whole_lines_and_keeps_tags_closed() -> None:
    message = "<b>头</b>\n" + "\n".join("<blockquote>" + "长" * 100 + "</blockquote>" for _ in range(60))
    cut = limit_html(message)
    assert visible_length(cut) <= 4096 and cut.endswith("…")
    parse_html(cut)
    assert limit_html("<b>短</b>") == "<b>短</b>"


def test_plain_rendering_for_the_terminal() -> None:
    text = html_to_plain(answer_html(_answer("你好 & 再见")))
    assert "张三 · 部长 <特>" in text
    assert "│ 你好 & 再见" in text
    assert "标题 <&> (https://example.org/?a=1&b=2)" in text


def test_an_undecodable_file_name_in_a_reload_report_is_shown_escaped_not_fatal() -> None:
    from bot.replies import reload_reply
    from bot.service import ReloadReport
    from retrieval.ingest import Problem

    report = ReloadReport(ok=True, seconds=1.0, problems=[Problem("corpus/\udcff\udcfe.md", "not UTF-8 or GB18030", 3)])
    html = reload_reply(report).html
    html.encode("utf-8")
    assert "corpus/\\udcff\\udcfe.md:3" in parse_html(html)
