"""A small INVENTED corpus for the question tests: dates, two people of one name, two speakers
on one topic, a line to trace, and an out-of-dictionary word. No text comes from real news."""

from __future__ import annotations

import json
from pathlib import Path

from retrieval import NewsIndex, open_index
from retrieval.models import Article

TODAY = "2026-11-27"

_ARTICLES = [
    ("q-01", "2025-03-10", "晨报", "新能源汽车论坛开幕", [
        "市交通局局长李晓东表示，新能源汽车产业要加快充电网络建设，明年实现乡镇全覆盖。",
        "汽车协会秘书长王海燕说：“新能源汽车的价格战不会持续太久，行业终将回归理性。”",
    ]),
    ("q-02", "2024-06-02", "晚报", "新能源汽车下乡", [
        "李晓东表示，新能源汽车下乡要因地制宜，先解决充电桩不足的问题。",
    ]),
    ("q-03", "2023-11-20", "晨报", "汽车出口与粮食", [
        "王海燕指出，新能源汽车出口面临新的贸易壁垒，企业要提前布局海外工厂。",
        "李晓东说，粮食安全是头等大事，耕地红线一寸也不能退。",
    ]),
    ("q-04", "2001-05-01", "海港日报", "海港集团年报", [
        "海港集团董事长张伟表示，集装箱吞吐量今年将突破一百万标箱。",
    ]),
    ("q-05", "2001-06-12", "海港日报", "港口扩建", [
        "海港集团董事长张伟说，港口扩建要兼顾生态保护，不能只算经济账。",
    ]),
    ("q-06", "2024-09-03", "健康周刊", "秋季防病", [
        "青山医院主任医师张伟说，秋季要注意预防流感，老人和儿童尤其要及时接种疫苗。",
    ]),
    ("q-07", "2025-01-15", "健康周刊", "疫苗接种", [
        "青山医院主任医师张伟介绍，今年流感疫苗接种人数比往年增加了两成。",
    ]),
    ("q-08", "2026-10-20", "科技日报", "人工智能监管", [
        "研究员赵明说，人工智能监管需要国际合作，各国应当共同制定规则。",
    ]),
    ("q-09", "2025-07-08", "科技日报", "人工智能的边界", [
        "研究员赵明说：“人工智能不是万能的，但是没有人工智能的工厂将会落后。”",
        "他还表示，年轻人应当学会与机器合作。",
    ]),
    ("q-10", "2022-04-18", "财经周刊", "宇宙与元", [
        "天文学家孙立说，宇宙探索需要长期投入，宇宙观测站每年经费超过十亿元，每一元都要花在刀刃上。",
        "孙立表示，宇宙飞船的票价可能降到一百万元，宇宙旅游将不再遥远。",
        "分析师周洁认为，元宇宙概念股近期波动剧烈，不少公司借新概念炒作股价，业绩却没有跟上，"
        "监管部门已经多次提示风险，投资者应保持谨慎，不要盲目追高，更不要借钱入市。",
    ]),
    ("q-11", "2022-04-19", "财经周刊", "物价", [
        "菜市场的白菜每斤两元，土豆每斤三元。",
        "公交票价两元，地铁票价三元起。",
        "一杯咖啡二十元，一份午饭三十元。",
        "电影票价四十元，周末五十元。",
        "宇宙主题展览门票八十元，宇宙模型一百元。",
    ]),
]


def question_articles() -> list[Article]:
    return [
        Article(id=i, title=title, paragraphs=paras, url=f"https://example.org/{i}", date=day, source=source)
        for i, day, source, title, paras in _ARTICLES
    ]


def question_index() -> NewsIndex:
    return NewsIndex.build(question_articles(), workers=1)


def write_corpus(directory: Path) -> Path:
    """The invented articles as a JSON Lines corpus file (for the bot and end-to-end tests)."""
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / "questions.jsonl", "w", encoding="utf-8") as out:
        for article in question_articles():
            record = {k: getattr(article, k) for k in ("id", "title", "url", "date", "source", "paragraphs")}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return directory


def built_corpus(base: Path) -> tuple[Path, Path]:
    """The corpus written under ``base`` and its index built once: (corpus dir, index dir)."""
    corpus = write_corpus(base / "corpus")
    open_index([corpus], base / "idx", workers=1)
    return corpus, base / "idx"
