"""Extraction quality of web pages: ``python -m bench.web_extraction [NEWS_DIR]``.

Wraps 5 real articles of the shared corpus in Chinese news-site chrome (bench/web_pages.py),
in two templates (<p> paragraphs; <br> lines with 上一篇/下一篇 inside the body container) and two
charsets (UTF-8, GB18030), reads each page with the corpus reader (retrieval/web_article.py)
and prints paragraph recall and the number of chrome lines kept. When readability-lxml or
jusText are installed, the same figures are printed for them, as a comparison.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from retrieval.normalize import clean_line
from retrieval.web_article import decode_page, parse_html

from .web_pages import ChromePage, pages_from_articles, sample_articles

DEFAULT_NEWS = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "news"
VARIANTS = (("p", "utf-8"), ("br", "utf-8"), ("p", "gb18030"), ("br", "gb18030"))


@dataclass(slots=True)
class Score:
    """Figures for one extractor over a set of pages."""

    paragraphs: int = 0
    recovered: int = 0
    chrome_lines: int = 0
    chrome_kept: int = 0
    pages: int = 0
    seconds: float = 0.0

    @property
    def recall(self) -> float:
        return self.recovered / self.paragraphs if self.paragraphs else 0.0


def score_page(page: ChromePage, lines: list[str]) -> tuple[int, int]:
    """(body paragraphs found as output lines, chrome lines present in the output)."""
    output = [clean_line(line) for line in lines if clean_line(line)]
    found = set(output)
    recovered = sum(1 for p in page.paragraphs if clean_line(p) in found)
    body = "\n".join(page.paragraphs)
    kept = 0
    for line in page.chrome:
        chrome = clean_line(line)
        if not chrome or chrome in body or chrome == clean_line(page.title):
            continue  # text the article itself contains is not chrome
        if any(chrome == out or (len(chrome) > 3 and chrome in out) for out in output):
            kept += 1
    return recovered, kept


def newsbot_lines(page: ChromePage) -> list[str]:
    return parse_html(page.data(), "bench").paragraphs


def trafilatura_raw_lines(page: ChromePage) -> list[str]:
    """trafilatura alone, without the scraped-text rules the corpus reader applies after it."""
    import trafilatura

    document = trafilatura.bare_extraction(page.data(), include_comments=False, include_tables=False)
    return (document.text or "").split("\n") if document else []


def readability_lines(page: ChromePage) -> list[str]:
    import lxml.html
    from readability import Document

    summary = lxml.html.fromstring(Document(decode_page(page.data())).summary(html_partial=True))
    for br in summary.iter("br"):
        br.tail = "\n" + (br.tail or "")
    return [line for block in summary.iter("p", "li", "h1", "h2", "h3") for line in block.text_content().split("\n")]


def justext_lines(page: ChromePage) -> list[str]:
    import justext

    # jusText ships no Chinese stoplist; its classifier falls back to link density and length
    paragraphs = justext.justext(page.data(), justext.get_stoplist("English"), encoding=page.charset)
    return [p.text for p in paragraphs if not p.is_boilerplate]


def extractors() -> dict[str, Callable[[ChromePage], list[str]]]:
    """The corpus reader (trafilatura) and whichever alternatives are installed."""
    found: dict[str, Callable[[ChromePage], list[str]]] = {
        "newsbot (trafilatura)": newsbot_lines,
        "trafilatura alone": trafilatura_raw_lines,
    }
    for name, module, function in (("readability-lxml", "readability", readability_lines), ("jusText", "justext", justext_lines)):
        try:
            __import__(module)
        except ImportError:
            continue
        found[name] = function
    return found


def measure(pages: list[ChromePage], extract: Callable[[ChromePage], list[str]]) -> Score:
    score = Score()
    started = time.perf_counter()
    for page in pages:
        recovered, kept = score_page(page, extract(page))
        score.pages += 1
        score.paragraphs += len(page.paragraphs)
        score.recovered += recovered
        score.chrome_lines += len(page.chrome)
        score.chrome_kept += kept
    score.seconds = time.perf_counter() - started
    return score


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    news = Path(args[0]) if args else DEFAULT_NEWS
    if not news.is_dir():
        print(f"no shared news corpus at {news}", file=sys.stderr)
        return 2
    records = sample_articles(news)
    print(f"{len(records)} articles: " + ", ".join(str(r["id"]) for r in records))
    for name, extract in extractors().items():
        for layout, charset in VARIANTS:
            pages = pages_from_articles(records, layout=layout, charset=charset)
            score = measure(pages, extract)
            print(
                f"{name:22} layout={layout:2} {charset:7}  paragraph recall {score.recovered}/{score.paragraphs}"
                f" ({score.recall:.1%})  chrome lines kept {score.chrome_kept}/{score.chrome_lines}"
                f"  {1000 * score.seconds / score.pages:.0f} ms/page"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
