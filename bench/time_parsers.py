"""Time expressions in questions, ours against JioNLP: ``python -m bench.time_parsers``.

Each case is a question, the window a reader means (or none, where a year describes what was
said rather than when), all relative to one fixed today. Prints, per parser, how many cases it
resolves exactly, the misses, and the time per question. JioNLP (``pip install jionlp``) is
measured only when installed; it is not a dependency of newsbot.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, datetime

from retrieval.time_window import find_window

TODAY = date(2026, 11, 27)
Window = tuple[str, str] | None

CASES: list[tuple[str, Window]] = [
    ("2025年3月王明谈港口说了什么", ("2025-03-01", "2025-03-31")),
    ("1998年1月下旬刘强说了什么", ("1998-01-21", "1998-01-31")),
    ("1998年1月上旬谁谈到了春运", ("1998-01-01", "1998-01-10")),
    ("2024年谁谈到了渔业", ("2024-01-01", "2024-12-31")),
    ("2019年底的讲话", ("2019-11-01", "2019-12-31")),
    ("2020年初谁谈到了口罩", ("2020-01-01", "2020-02-29")),
    ("１９９８年１月周明说了什么", ("1998-01-01", "1998-01-31")),
    ("二〇一九年三月五日的发言", ("2019-03-05", "2019-03-05")),
    ("2025年第二季度谁谈到了出口", ("2025-04-01", "2025-06-30")),
    ("2023年5月12日张华说了什么", ("2023-05-12", "2023-05-12")),
    ("2019年6月任正非怎么看禁令", ("2019-06-01", "2019-06-30")),
    ("去年谁谈到关税", ("2025-01-01", "2025-12-31")),
    ("前年李华说了什么", ("2024-01-01", "2024-12-31")),
    ("今年", ("2026-01-01", "2026-12-31")),
    ("今年3月王明说了什么", ("2026-03-01", "2026-03-31")),
    ("去年3月谁谈到了港口", ("2025-03-01", "2025-03-31")),
    ("上个月谁谈到了渔业", ("2026-10-01", "2026-10-31")),
    ("本月谁谈到了渔业", ("2026-11-01", "2026-11-30")),
    ("上周", ("2026-11-16", "2026-11-22")),
    ("昨天谁谈到了降温", ("2026-11-26", "2026-11-26")),
    ("最近李华说了什么", ("2026-10-28", "2026-11-27")),
    # a year or month that describes what was said, not when: no window
    ("王明怎么评价俄罗斯1997年的外交工作", None),
    ("李华怎么看2026年全球经济增长", None),
    ("谁说过2030年前实现碳达峰", None),
]


def ours(question: str) -> Window:
    window = find_window(question, TODAY).window
    if window is None or window.every_year:
        return None
    return window.start.isoformat(), window.end.isoformat()


def jionlp_parser() -> Callable[[str], Window] | None:
    """JioNLP's time extraction over the whole question, or None when it is not installed."""
    try:
        import jionlp  # type: ignore[import-not-found]
    except ImportError:
        return None
    base = time.mktime(datetime(TODAY.year, TODAY.month, TODAY.day).timetuple())

    def parse(question: str) -> Window:
        found = jionlp.ner.extract_time(question, time_base=base)
        spans = [f["detail"]["time"] for f in found if isinstance(f.get("detail", {}).get("time"), list)]
        if not spans:
            return None
        start, end = spans[0]
        return start[:10], end[:10]

    return parse


def measure(name: str, parse: Callable[[str], Window]) -> None:
    parse(CASES[0][0])  # first call loads dictionaries; not counted
    misses: list[str] = []
    started = time.perf_counter()
    for question, expected in CASES:
        got = parse(question)
        if got != expected:
            misses.append(f"    {question}: expected {expected}, got {got}")
    per_question = (time.perf_counter() - started) / len(CASES) * 1000
    print(f"{name}: {len(CASES) - len(misses)}/{len(CASES)} exact, {per_question:.2f} ms per question")
    for line in misses:
        print(line)


def main() -> None:
    measure("newsbot time_window", ours)
    started = time.perf_counter()
    parse = jionlp_parser()
    if parse is None:
        print("jionlp: not installed (pip install jionlp to compare)")
        return
    print(f"jionlp import: {time.perf_counter() - started:.2f} s")
    measure("jionlp ner.extract_time", parse)


if __name__ == "__main__":
    main()
