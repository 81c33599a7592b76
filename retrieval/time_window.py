"""Time expressions in questions -> a window of article dates.

Absolute dates and periods (2025年3月, 1998年1月下旬, 2024年, 2019年底, 二〇一九年三月五日,
full-width digits) and relative ones (今年, 去年, 上个月, 最近, 上周, 近三年 …) become a
``DateWindow``. Relative words are resolved against ``today``, which the caller passes in: the
core never reads the clock. A month or day without a year takes the year named elsewhere in the
question; without one it matches that month or day in every year (an archive spans decades).

A year that describes what was said rather than when (俄罗斯1997年的外交工作, 预计2026年全球…)
is content, not a window: a year-only expression followed by 的, or one inside the reported
words after a speech verb, stays a search word.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_NUM = r"[0-9〇零○一二两三四五六七八九十]"

RECENT_DAYS = 30
"""最近 / 近期 / 这段时间: the last month."""
REPORTING_LAG_DAYS = 3
"""News of a day is dated a day or two later: a window also takes articles this many days after it."""


@dataclass(frozen=True, slots=True)
class DateWindow:
    """Articles dated ``start``..``end`` (inclusive); with ``every_year`` only month and day count."""

    start: date
    end: date
    label: str
    """What the reply shows: the words as asked and, for relative ones, the dates they mean."""
    every_year: bool = False

    def article_mask(self, days: np.ndarray) -> np.ndarray:
        """For article dates as yyyymmdd integers (0 = unknown): which lie in the window.

        The end is extended by ``REPORTING_LAG_DAYS``: a statement made on the last day of the
        window is reported after it.
        """
        end = self.end + timedelta(days=REPORTING_LAG_DAYS)
        if not self.every_year:
            return (days >= _yyyymmdd(self.start)) & (days <= _yyyymmdd(end))
        month_day = days % 10000
        low, high = _yyyymmdd(self.start) % 10000, _yyyymmdd(end) % 10000
        inside = (month_day >= low) | (month_day <= high) if high < low else (month_day >= low) & (month_day <= high)
        return inside & (days > 0)

    def to_json(self) -> dict[str, object]:
        return {
            "label": self.label,
            "start": None if self.every_year else self.start.isoformat(),
            "end": None if self.every_year else self.end.isoformat(),
            "every_year": self.every_year,
            "month_day": [self.start.strftime("%m-%d"), self.end.strftime("%m-%d")] if self.every_year else None,
        }


@dataclass(frozen=True, slots=True)
class TimeFound:
    """The window a question asks about and the question with its time words removed."""

    window: DateWindow | None
    rest: str


def cn_number(text: str) -> int | None:
    """'12', '十二', '二十一', '一九九八', '二〇一九' -> int; None for anything else."""
    text = text.translate(_FULL_WIDTH)
    if text.isdigit():
        return int(text)
    if "十" not in text:
        if all(ch in _CN_DIGITS for ch in text) and text:
            return int("".join(str(_CN_DIGITS[ch]) for ch in text))
        return None
    tens, _, ones = text.partition("十")
    if (tens and tens not in _CN_DIGITS) or (ones and ones not in _CN_DIGITS):
        return None
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


# year month day, with an optional part of a year or month after it
_ABSOLUTE = re.compile(
    r"(?:(?P<year>(?:1[89]|20)[0-9]{2}|[一二][〇零○九][〇零○一二三四五六七八九]{2})年(?:度)?)?"
    r"(?:(?P<month>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月(?:份)?)?"
    r"(?:(?P<day>3[01]|[12][0-9]|0?[1-9]|三十一?|二?十[一二三四五六七八九]?|[一二三四五六七八九])[日号])?"
    r"(?P<part>上旬|中旬|下旬|月初|月中|月底|月末|年初|年中|年底|年末|上半年|下半年|初|底|末|"
    r"(?:第?[一二三四1-4]季度))?"
)
_RELATIVE = re.compile(
    r"今年|去年|前年|明年|本月|这个月|上个月|上月|本周|这周|这个星期|上周|上个星期|上星期|"
    r"最近|近期|近来|这段时间|今天|昨天|前天|"
    rf"(?:近|过去|最近)(?P<n>{_NUM}{{1,3}}|几|两)(?P<unit>年|个月|周|天)(?:来|里|中|内)?|这几年|近几年"
)
_CONTENT_BEFORE = re.compile(
    r"(?:预计|预测|预期|估计|说|说过|表示|认为|介绍|称|指出|提到|谈到|谈及|强调|警告|宣布|目标|怎么看|如何看|怎样看|看待|评价)[，,：:]?$"
)
"""A verb of saying or judging right before a year: the year is in what was said about (怎么看2026年经济)."""
_REPORTED_WORDS_BEFORE = re.compile(r"(?:说|表示|认为|指出|强调|警告|称|预计|宣布)[，,：:]")
"""A speech verb and a comma before a year: the year is inside the reported words (哪位官员说，受危机影响，
1997年游客减少了)."""
_CONTENT_AFTER = re.compile(r"前(?!后)|之前|以前")
"""A year as a deadline (2030年前实现…) is a target, not when something was said."""
_DATA_AFTER = re.compile(r"[^，,。；;？?！!]{0,10}?(?:指数|数据|增速|同比|环比|销量|产量|失业率|通胀率|物价|cpi|ppi|pmi|gdp)", re.I)
"""Statistics a month may describe: 4月服务业价格指数 is April's index, published later."""
_SURVEY_AFTER = re.compile(r"份?的?[^，,。；;？?！!\s在于对从和与]{0,4}?(?:调查|民调|普查)")
"""A survey right after a month (5月的企业调查, 9月份民调) was taken in that month and reported
after it; a preposition between (5月某某在调查组会上) makes the month when something was said."""
_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def _normalize(text: str) -> str:
    return text.translate(_FULL_WIDTH)


def _part_range(year: int, month: int | None, part: str | None) -> tuple[date, date] | None:
    """The dates of a year or month, narrowed by a part (下旬, 年底, 第二季度 …)."""
    if month is None:
        if not part:
            return date(year, 1, 1), date(year, 12, 31)
        if part in ("年初", "初"):
            return date(year, 1, 1), _month_end(year, 2)
        if part in ("年底", "年末", "底", "末"):
            return date(year, 11, 1), date(year, 12, 31)
        if part == "年中":
            return date(year, 6, 1), date(year, 7, 31)
        if part == "上半年":
            return date(year, 1, 1), date(year, 6, 30)
        if part == "下半年":
            return date(year, 7, 1), date(year, 12, 31)
        if "季度" in part:
            q = _QUARTERS[part.lstrip("第")[0]]
            return date(year, 3 * q - 2, 1), _month_end(year, 3 * q)
        return None
    end = _month_end(year, month)
    if not part:
        return date(year, month, 1), end
    if part in ("上旬", "月初", "初"):
        return date(year, month, 1), date(year, month, 10)
    if part in ("中旬", "月中"):
        return date(year, month, 11), date(year, month, 20)
    if part in ("下旬", "月底", "月末", "底", "末"):
        return date(year, month, 21), end
    return None


def _absolute(m: re.Match[str], context_year: int | None) -> DateWindow | None:
    """The window of one absolute expression; None when it is not a date (e.g. 3日 alone)."""
    year = cn_number(m.group("year")) if m.group("year") else None
    month = cn_number(m.group("month")) if m.group("month") else None
    day = cn_number(m.group("day")) if m.group("day") else None
    part = m.group("part")
    if month is not None and not 1 <= month <= 12:
        return None
    if year is None and month is None:
        return None  # a bare day or part is not enough
    label = m.group(0)
    every_year = year is None and context_year is None
    y = year if year is not None else (context_year if context_year is not None else 2000)  # 2000: a leap year
    try:
        if day is not None:
            if month is None:
                return None
            start = end = date(y, month, day)
        else:
            span = _part_range(y, month, part)
            if span is None:
                return None
            start, end = span
    except ValueError:
        return None
    if year is None and context_year is not None:
        label = f"{label}（{context_year}年）"
    elif every_year:
        label = f"{label}（各年）"
    return DateWindow(start, end, label, every_year)


def _relative(word: str, n_text: str | None, unit: str | None, today: date) -> DateWindow | None:
    if unit:
        n = 3 if n_text == "几" else cn_number(n_text or "") or (2 if n_text == "两" else None)
        if not n:
            return None
        days = {"年": 365, "个月": 30, "周": 7, "天": 1}[unit] * n
        return DateWindow(today - timedelta(days=days), today, f"{word}（{(today - timedelta(days=days)).isoformat()} 至 {today.isoformat()}）")
    if word in ("这几年", "近几年"):
        start = date(today.year - 3, 1, 1)
        return DateWindow(start, today, f"{word}（{start.year}年至今）")
    if word in ("今年", "去年", "前年", "明年"):
        year = today.year + {"今年": 0, "去年": -1, "前年": -2, "明年": 1}[word]
        return DateWindow(date(year, 1, 1), date(year, 12, 31), f"{word}（{year}年）")
    if word in ("本月", "这个月", "上个月", "上月"):
        first = today.replace(day=1)
        if word in ("上个月", "上月"):
            first = (first - timedelta(days=1)).replace(day=1)
        return DateWindow(first, _month_end(first.year, first.month), f"{word}（{first.year}年{first.month}月）")
    if word in ("本周", "这周", "这个星期", "上周", "上个星期", "上星期"):
        monday = today - timedelta(days=today.weekday())
        if word.startswith("上"):
            monday -= timedelta(days=7)
        sunday = monday + timedelta(days=6)
        return DateWindow(monday, sunday, f"{word}（{monday.isoformat()} 至 {sunday.isoformat()}）")
    if word in ("今天", "昨天", "前天"):
        day = today - timedelta(days={"今天": 0, "昨天": 1, "前天": 2}[word])
        return DateWindow(day, day, f"{word}（{day.isoformat()}）")
    start = today - timedelta(days=RECENT_DAYS)  # 最近 and its synonyms
    return DateWindow(start, today, f"{word}（{start.isoformat()} 至 {today.isoformat()}）")


def _is_content(text: str, start: int, end: int, coarse: bool) -> bool:
    """Time words that name what was said about (1997年的外交, 预计2026年全球能源价格, 最近的事件,
    2030年前实现).

    Only coarse expressions (a year, a quarter, a relative word) are read so; a month or a day
    is when something was said.
    """
    if not coarse:
        return False
    return (
        text[end : end + 1] == "的"
        or bool(_CONTENT_BEFORE.search(text[:start]))
        or bool(_REPORTED_WORDS_BEFORE.search(text, 0, start))
        or bool(_CONTENT_AFTER.match(text, end))
    )


def _describes_data(text: str, m: re.Match[str]) -> bool:
    """A month without a year or day that a statistic follows (美国4月服务业价格指数创新高) is the
    month the figures cover, not when anyone spoke: they come out in a later month (a survey's too). With a year
    (2026年1月…指数), the question dates the release, and the window stays."""
    follows = _DATA_AFTER.match(text, m.end()) or _SURVEY_AFTER.match(text, m.end())
    return bool(m.group("month") and not m.group("year") and not m.group("day") and follows)


def _coarse(m: re.Match[str]) -> bool:
    part = m.group("part") or ""
    return not m.group("month") and (not part or "季度" in part)


_RELATIVE_YEAR = re.compile(r"(今年|去年|前年)(?=(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月|初|底|末|上半年|下半年|第?[一二三四1-4]季度)")
_RELATIVE_YEAR_OFFSET = {"今年": 0, "去年": -1, "前年": -2}


def _spell_relative_years(text: str, today: date) -> tuple[str, dict[int, str]]:
    """去年3月 -> 2025年3月 (for today in 2026), remembering where each such year starts."""
    spelled: dict[int, str] = {}
    out, last = [], 0
    for m in _RELATIVE_YEAR.finditer(text):
        out.append(text[last : m.start()])
        spelled[sum(map(len, out))] = m.group(1)
        out.append(f"{today.year + _RELATIVE_YEAR_OFFSET[m.group(1)]}年")
        last = m.end()
    out.append(text[last:])
    return "".join(out), spelled


def find_window(question: str, today: date | None = None) -> TimeFound:
    """The date window a question names (the first one that is a date), and the rest of it.

    With ``today`` None, relative words (今年, 最近 …) are left alone: nothing to resolve them by.
    """
    text = _normalize(question)
    spelled: dict[int, str] = {}
    if today is not None:
        text, spelled = _spell_relative_years(text, today)
    matches = [m for m in _ABSOLUTE.finditer(text) if m.group("year") or m.group("month")]
    dated = [m for m in matches if not _is_content(text, m.start(), m.end(), _coarse(m)) and not _describes_data(text, m)]
    context_year = next((cn_number(m.group("year")) for m in dated if m.group("year")), None)
    found = []
    for m in dated:  # the narrowest wins: 2023年…3月5日 asks about 3月5日
        window = _absolute(m, context_year)
        if window is not None:
            if m.start() in spelled:  # say it as asked: 去年3月（2025年3月）
                window = DateWindow(window.start, window.end, f"{spelled[m.start()]}{m.group(0)[5:]}（{m.group(0)}）")
            found.append((window.end - window.start, m.start(), window, m))
    if found:
        _, _, window, m = min(found, key=lambda item: item[:2])
        return TimeFound(window, _cut(text, m.start(), m.end()))
    if today is not None:
        for m in _RELATIVE.finditer(text):
            if _is_content(text, m.start(), m.end(), True):
                continue
            window = _relative(m.group(0), m.group("n"), m.group("unit"), today)
            if window is not None:
                return TimeFound(window, _cut(text, m.start(), m.end()))
    return TimeFound(None, question)


def _cut(text: str, start: int, end: int) -> str:
    """The question without the time words (a separator keeps its neighbours apart)."""
    return (text[:start] + " " + text[end:]).strip()


def _yyyymmdd(day: date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def article_days(dates: list[str | None]) -> np.ndarray:
    """Articles' date fields (ISO, possibly with a time) as yyyymmdd integers; 0 when missing or odd."""
    out = np.zeros(len(dates), dtype=np.int32)
    for i, value in enumerate(dates):
        if value and len(value) >= 10 and value[4] == "-" and value[7] == "-" and value[:4].isdigit():
            digits = value[:4] + value[5:7] + value[8:10]
            if digits.isdigit():
                out[i] = int(digits)
    return out
