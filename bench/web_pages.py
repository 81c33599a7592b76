"""Chinese news pages wrapped in realistic site chrome, built from real corpus articles.

The extraction-quality check (``python -m bench.web_extraction`` and tests/test_web_article.py)
wraps articles of the shared corpus in the furniture of a Chinese local news site — navigation
bar, breadcrumbs, a share bar, 上一篇/下一篇, a related-articles list, a ranking sidebar and a
footer with ICP filing and copyright — and checks that the extractor returns the body paragraphs
and none of the chrome lines.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path

NAV = ["首页", "新闻中心", "本地要闻", "政务公开", "教育", "民生", "视频", "专题", "图片新闻"]
SHARE = ["分享到：", "微信", "微博", "QQ空间", "复制链接"]
RANKING_TITLE = "热点排行"


@dataclass(frozen=True, slots=True)
class ChromePage:
    """A page, the body paragraphs it wraps and every line of chrome around them."""

    html: str
    title: str
    paragraphs: list[str]
    chrome: list[str]
    date: str | None
    source: str | None
    charset: str = "utf-8"

    def data(self) -> bytes:
        """The page as the site serves it, in its declared charset."""
        return self.html.encode(self.charset)


def _links(items: list[str], href: str = "#") -> str:
    return "".join(f'<li><a href="{href}">{html.escape(item)}</a></li>' for item in items)


def chrome_page(
    title: str,
    paragraphs: list[str],
    *,
    date: str | None,
    source: str | None,
    author: str | None = None,
    related: list[str] | None = None,
    charset: str = "utf-8",
    site: str = "闵行新闻网",
    layout: str = "p",
) -> ChromePage:
    """One article page as a Chinese local news site would serve it (a <meta charset> included).

    ``layout="p"`` puts each paragraph in a <p>; ``layout="br"`` writes the body as indented
    lines separated by <br>, with the author line and 上一篇/下一篇 inside the same container,
    as older site templates (and the seed article's site) do.
    """
    related = related or ["区政府召开常务会议 部署下阶段重点工作", "第十届社区文化节开幕", "全区安全生产工作会议召开"]
    previous, following = related[0], related[-1]
    ranking = related[::-1] + ["暑期托管班报名开始"]
    meta_line = "　".join(
        part for part in (
            f"来源：{source}" if source else "",
            f"发布时间：{date}" if date else "",
            f"作者：{author}" if author else "",
            "浏览次数：1024",
        ) if part
    )
    footer = [
        "关于我们 | 联系我们 | 网站地图 | 法律声明",
        f"版权所有 © 2023 {site} 主办单位：上海市闵行区融媒体中心",
        "沪ICP备12045678号-1",
        "沪公网安备 31011202001234号",
        "地址：上海市闵行区沪闵路6258号　电话：021-64121234",
    ]
    chrome = [
        site, *NAV, "当前位置：首页 > 新闻中心 > 本地要闻", meta_line, *SHARE,
        "【字体：大 中 小】", "【打印本页】", "【关闭窗口】",
        f"上一篇：{previous}", f"下一篇：{following}", "相关新闻", *related, RANKING_TITLE, *ranking,
        "责任编辑：王晓", *footer,
    ]
    if layout == "br":
        inner = [f"&nbsp;&nbsp;{html.escape(p)}" for p in paragraphs]
        inner += [f"本文作者：{html.escape(author or '李文')}", f"上一篇：{html.escape(previous)}", f"下一篇：{html.escape(following)}"]
        body = "<br>\n".join(inner)
        chrome += [f"本文作者：{author or '李文'}"]
    else:
        body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    page = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="{charset}">
<title>{html.escape(title)}_{site}</title>
<meta name="keywords" content="闵行,新闻">
<meta name="description" content="{html.escape(paragraphs[0][:60])}">
<link rel="stylesheet" href="/static/css/main.css">
<script>var _hmt = _hmt || []; (function() {{ var hm = document.createElement("script"); }})();</script>
</head>
<body>
<div class="top-bar"><div class="wrap"><span>{site}</span><a href="/m/">手机版</a><a href="/login">登录</a></div></div>
<div class="header"><div class="logo"><a href="/"><img src="/static/logo.png" alt="{site}"></a></div>
<div class="nav"><ul>{_links(NAV)}</ul></div></div>
<div class="main wrap">
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/news/">新闻中心</a> &gt; <a href="/news/local/">本地要闻</a></div>
<div class="left">
<div class="article">
<h1 class="title">{html.escape(title)}</h1>
<div class="info">{html.escape(meta_line)}</div>
<div class="share"><span>分享到：</span><a class="wx">微信</a><a class="wb">微博</a><a class="qz">QQ空间</a><a class="cp">复制链接</a></div>
<div class="font-size">【字体：<a>大</a> <a>中</a> <a>小</a>】</div>
<div class="content" id="zoom">
{body}
</div>
<div class="editor">责任编辑：王晓</div>
<div class="tools"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
<div class="prev-next">
<p>上一篇：<a href="/news/local/1.html">{html.escape(previous)}</a></p>
<p>下一篇：<a href="/news/local/3.html">{html.escape(following)}</a></p>
</div>
</div>
<div class="related"><h3>相关新闻</h3><ul>{_links(related, "/news/local/r.html")}</ul></div>
</div>
<div class="right"><div class="rank"><h3>{RANKING_TITLE}</h3><ol>{_links(ranking, "/news/hot.html")}</ol></div></div>
</div>
<div class="footer"><div class="wrap">
<p><a href="/about">关于我们</a> | <a href="/contact">联系我们</a> | <a href="/map">网站地图</a> | <a href="/law">法律声明</a></p>
<p>版权所有 © 2023 {site} 主办单位：上海市闵行区融媒体中心</p>
<p><a href="https://beian.miit.gov.cn/">沪ICP备12045678号-1</a></p>
<p>沪公网安备 31011202001234号</p>
<p>地址：上海市闵行区沪闵路6258号　电话：021-64121234</p>
</div></div>
</body>
</html>
"""
    return ChromePage(page, title, list(paragraphs), chrome, date, source, charset)


def sample_articles(news_dir: Path, count: int = 5, min_paragraphs: int = 4) -> list[dict[str, object]]:
    """``count`` real articles from the shared corpus, spread over its files, each with a body
    of at least ``min_paragraphs`` paragraphs (deterministic: the first that qualify per file)."""
    files = sorted(news_dir.glob("*.jsonl"))
    picked: list[dict[str, object]] = []
    per_file = -(-count // max(1, len(files)))
    for file in files:
        taken = 0
        with file.open(encoding="utf-8") as stream:
            for number, line in enumerate(stream):
                if number % 97:  # spread the sample over the file
                    continue
                record = json.loads(line)
                paragraphs = [p.strip() for p in record.get("paragraphs") or [] if p.strip()]
                if len(paragraphs) < min_paragraphs or sum(map(len, paragraphs)) < 300:
                    continue
                picked.append({**record, "paragraphs": paragraphs})
                taken += 1
                if taken == per_file or len(picked) == count:
                    break
        if len(picked) == count:
            break
    return picked


def pages_from_articles(records: list[dict[str, object]], layout: str = "p", charset: str = "utf-8") -> list[ChromePage]:
    """Wrap each record in chrome; the related list names the other records' titles."""
    titles = [str(r.get("title") or str(r["paragraphs"][0])[:24]) for r in records]  # type: ignore[index]
    pages = []
    for number, record in enumerate(records):
        others = [t for i, t in enumerate(titles) if i != number][:3]
        pages.append(chrome_page(
            titles[number],
            list(record["paragraphs"]),  # type: ignore[arg-type]
            date=record.get("date"),  # type: ignore[arg-type]
            source=record.get("source"),  # type: ignore[arg-type]
            related=others,
            layout=layout,
            charset=charset,
        ))
    return pages
