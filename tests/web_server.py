"""A news site on 127.0.0.1 for fetch tests: a feed, Chinese pages in site chrome, and faults.

Routes are plain data (path -> Route); the server records every request. Pages honour
If-None-Match when the route has an ETag. Faults: a status code, a delay before the answer,
a huge streamed body without Content-Length, a redirect.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

from bench.web_pages import chrome_page

# Invented articles (not from any corpus), each a few paragraphs with attributed speech.
ARTICLES = [
    ("春风社区举办第五届邻里节", "2024-04-21", "春风街道", [
        "春风社区昨天举行邻里节，三百多位居民参加了活动。",
        "社区主任林晓雯在开幕式上表示，邻里节要办成居民自己的节日，明年还将增加亲子项目。",
        "“我们楼里的老人最喜欢书法角，”志愿者周启明说，今年报名的人比去年多了一倍。",
        "活动持续到傍晚，各楼组还评选出十户“和睦家庭”。",
    ]),
    ("滨江步道二期工程年底贯通", "2024-05-02", "城建日报", [
        "滨江步道二期工程目前已完成主体施工，预计年底全线贯通。",
        "项目负责人孟凡宇介绍，二期沿线新增三座观景平台和两处驿站，夜间照明全部采用节能灯具。",
        "市民郑佳怡说，步道通了以后，下班可以沿着江边骑车回家。",
    ]),
    ("青石镇茶农试水直播带货", "2024-05-10", "青石融媒", [
        "青石镇今年春茶上市以来，已有二十多户茶农开起了直播间。",
        "镇党委书记韩志远表示，镇里将为茶农提供免费的直播培训，并统一打造“青石春茶”品牌。",
        "茶农吕秀兰说，第一场直播就卖出了四十多斤茶叶，比往年赶集强多了。",
        "电商服务站负责人宋可欣透露，下一步将建设冷链仓储，解决鲜叶运输的难题。",
    ]),
]


@dataclass(slots=True)
class Route:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    delay: float = 0.0
    etag: str | None = None
    location: str | None = None
    stream_bytes: int = 0
    """Send this many filler bytes after ``body``, without Content-Length."""


@dataclass
class NewsSite:
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def base(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def start(self) -> NewsSite:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                site.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                route = site.routes.get(self.path)
                if route is None:
                    self._send(404, b"not found", "text/plain")
                    return
                if route.delay:
                    time.sleep(route.delay)
                if route.location is not None:
                    self.send_response(route.status)
                    self.send_header("Location", route.location)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if route.etag and self.headers.get("If-None-Match") == route.etag:
                    self.send_response(304)
                    self.send_header("ETag", route.etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if route.stream_bytes:
                    self._stream(route)
                    return
                self._send(route.status, route.body, route.content_type, route.etag)

            def _send(self, status: int, body: bytes, content_type: str, etag: str | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                if etag:
                    self.send_header("ETag", etag)
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            def _stream(self, route: Route) -> None:
                self.send_response(200)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Connection", "close")
                self.end_headers()
                self.close_connection = True
                filler = ("<p>" + "填充文字" * 2000 + "</p>\n").encode("utf-8")
                sent = 0
                try:
                    self.wfile.write(route.body)
                    while sent < route.stream_bytes:
                        self.wfile.write(filler)
                        sent += len(filler)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up, as it should

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    def paths_requested(self) -> list[str]:
        return [path for path, _ in self.requests]


def article_page(number: int, charset: str = "utf-8") -> bytes:
    title, date, source, paragraphs = ARTICLES[number]
    return chrome_page(title, paragraphs, date=date, source=source, charset=charset).data()


def rss(items: list[tuple[str, str, str]], title: str = "测试新闻网") -> bytes:
    """An RSS 2.0 feed of (title, link, guid) items."""
    entries = "".join(
        f"<item><title>{escape(t)}</title><link>{escape(link)}</link><guid isPermaLink=\"false\">{escape(guid)}</guid>"
        f"<pubDate>Sun, 21 Apr 2024 08:00:00 +0800</pubDate></item>"
        for t, link, guid in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>http://127.0.0.1/</link><description>本地新闻</description>{entries}</channel></rss>"
    ).encode()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title></channel></rss>
"""


def news_site() -> NewsSite:
    """The site every fetch test uses; the feed lists the good pages and the faulty ones."""
    site = NewsSite()
    site.routes.update({
        "/a1.html": Route(article_page(0), etag='"a1-v1"'),
        "/a2.html": Route(article_page(1, "gb18030"), content_type="text/html"),  # charset only in <meta>
        "/a3.html": Route(article_page(2)),
        "/moved.html": Route(status=301, location="/a3.html"),
        "/error.html": Route(b"<h1>Internal Server Error</h1>", status=500),
        "/slow.html": Route(article_page(2), delay=6.0),
        "/huge.html": Route(b"<html><body>", stream_bytes=30 * 2**20),
        "/photo.jpg": Route(b"\xff\xd8\xff\xe0" + b"\x00" * 64, content_type="image/jpeg"),
        "/malformed.xml": Route(b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>x</titl></item>',
                                content_type="application/rss+xml"),
        "/bomb.xml": Route(BILLION_LAUGHS, content_type="application/rss+xml"),
    })
    return site


def add_feed(site: NewsSite) -> str:
    """/feed.xml: the three articles (one through a redirect) plus a 500, a slow page and a 30 MB page."""
    items = [
        (ARTICLES[0][0], site.url("/a1.html"), "guid-a1"),
        (ARTICLES[1][0], site.url("/a2.html"), "guid-a2"),
        (ARTICLES[2][0], site.url("/moved.html"), "guid-a3"),
        ("服务器错误", site.url("/error.html"), "guid-error"),
        ("很慢的页面", site.url("/slow.html"), "guid-slow"),
        ("很大的页面", site.url("/huge.html"), "guid-huge"),
    ]
    site.routes["/feed.xml"] = Route(rss(items), content_type="application/rss+xml; charset=utf-8", etag='"feed-v1"')
    return site.url("/feed.xml")
