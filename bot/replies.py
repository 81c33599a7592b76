"""What the bot says: replies built from the engine's answers, as plain data.

Handlers turn a Reply into a Telegram message; ``newsbot chat`` prints the same Reply as text,
so both go through one answer-and-format path. Callback data stays within Telegram's 64 bytes
by keeping the query server-side (``PagedQueries``) and sending only a short token and a page.
"""

from __future__ import annotations

import base64
import binascii
import secrets
import time
from collections import Counter, OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from retrieval import Answer, Problem
from retrieval.answering import best_sentences
from retrieval.asking import AnswerSet
from retrieval.compare import resolve_names
from retrieval.people import Person, main_role
from retrieval.speakers import SURNAMES_DOUBLE, SURNAMES_SINGLE, is_common_word
from retrieval.topic_speakers import newest_first, topic_quotes, topic_words
from retrieval.normalize import clean_text

from .formatting import MESSAGE_LIMIT, answer_html, answers_html, escape, limit_html, shorten, source_line, visible_length
from .service import IndexService, ReloadReport

MAX_ANSWERS = 30
"""Answers fetched for paging through a question."""
INLINE_PAGE = 50
"""Inline results per page: Telegram's maximum."""
INLINE_MAX = 200
WHO_PER_PAGE = 5
SEARCH_PER_PAGE = 5
SOURCE_ANSWERS = 3
"""Sources shown for a remembered line: the best and the nearest others."""

NO_ANSWER_HTML = (
    "没有找到合适的回答。\n"
    "可以试试：一个人名（<i>陈华文说了什么？</i>）、一个话题（<i>谁谈到了绿色转型？</i>），或者少用几个词。"
)


@dataclass(frozen=True, slots=True)
class Button:
    text: str
    callback: str | None = None
    url: str | None = None
    switch_inline: str | None = None


@dataclass(slots=True)
class Reply:
    html: str
    buttons: list[list[Button]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class InlineResult:
    id: str
    title: str
    description: str
    html: str


class PagedQueries:
    """token -> (kind, query): what a paging button refers to, kept for a while (LRU)."""

    def __init__(self, capacity: int = 20000, ttl: float = 7 * 24 * 3600) -> None:
        self._items: OrderedDict[str, tuple[str, str, float]] = OrderedDict()
        self.capacity = capacity
        self.ttl = ttl

    def put(self, kind: str, query: str) -> str:
        token = secrets.token_urlsafe(6)
        self._items[token] = (kind, query, time.time())
        while len(self._items) > self.capacity:
            self._items.popitem(last=False)
        return token

    def get(self, token: str) -> tuple[str, str] | None:
        item = self._items.get(token)
        if item is None or time.time() - item[2] > self.ttl:
            return None
        self._items.move_to_end(token)
        return item[0], item[1]


_MAX_NUMBER_DIGITS = 6


def small_number(text: str) -> int | None:
    """``text`` as a non-negative int if it is 1-6 ASCII digits, else None.

    ``str.isdigit`` also accepts superscripts and other scripts' digits that ``int`` refuses
    (``'²'``), and ``int`` refuses more than 4,300 digits: data from a button or an inline
    offset can be forged, so only plain short numbers count.
    """
    if 0 < len(text) <= _MAX_NUMBER_DIGITS and text.isascii() and text.isdigit():
        return int(text)
    return None


def callback_data(kind: str, token: str, page: int) -> str:
    data = f"{kind}:{token}:{page}"
    assert len(data.encode()) <= 64
    return data


def parse_callback(data: str | None) -> tuple[str, str, int] | None:
    """'a:token:2' -> ('a', 'token', 2); None for anything else."""
    if not data:
        return None
    parts = data.split(":")
    page = small_number(parts[2]) if len(parts) == 3 else None
    if page is None:
        return None
    return parts[0], parts[1], page


def _pager(kind: str, token: str, page: int, pages: int) -> list[list[Button]]:
    row = []
    if page > 0:
        row.append(Button("◀ 上一页", callback_data(kind, token, page - 1)))
    if page + 1 < pages:
        row.append(Button("更多回答 ▶" if kind == "a" else "下一页 ▶", callback_data(kind, token, page + 1)))
    return [row] if row else []


# --- questions ----------------------------------------------------------------------------------


def framing_html(result: AnswerSet) -> str:
    """Lines under the question: the date window it named and whether anything lay in it."""
    lines = []
    if result.window is not None:
        lines.append(f"时间：{escape(result.window.label)}")
        if result.outside_window:
            lines.append("<b>这段时间内没有找到相关说法</b>，以下是其他时间的回答：")
    return "".join("\n" + line for line in lines)


CLOSENESS_HTML = {"verbatim": "✅ <b>原话</b>", "close": "≈ <b>近似</b>", "none": "❌ <b>没有找到</b>"}


def differences_html(segments: Sequence[tuple[str, str, str]]) -> str:
    """The source as aligned with the remembered line: <s>what was asked</s><u>what the source says</u>."""
    parts = []
    for op, asked, said in segments:
        if op == "equal":
            parts.append(escape(said))
            continue
        if asked:
            parts.append(f"<s>{escape(asked)}</s>")
        if said:
            parts.append(f"<u>{escape(said)}</u>")
    return "".join(parts)


def source_verdict_html(result: AnswerSet) -> str:
    """How close the best source is: 原话, 近似 (with the differences marked), or 没有找到."""
    match = result.source
    if match is None:
        return ""
    best = match.best
    line = CLOSENESS_HTML[match.closeness]
    if best is not None and match.closeness != "verbatim":
        line += f"（相似度 {best.similarity:.0%}）"
    if match.closeness == "close" and best is not None:
        line += f"\n差异：{differences_html(best.segments)}\n（<s>删除线</s>是你记的，<u>下划线</u>是原文）"
    if match.closeness == "none":
        line += "，原文里没有这句话。" + ("最接近的说法：" if result.answers else "")
    return line


COMPARE_BUDGETS = (500, 300, 200, 120, 60)
"""Quote lengths tried, longest first, until a comparison fits one message."""


def comparison_html(header: str, result: AnswerSet) -> str:
    """A section per speaker, their best quotes on the topic with date and link, in one message."""
    comparison = result.comparison
    assert comparison is not None
    lines = [header]
    if comparison.topic:
        lines.append(f"话题：{escape(comparison.topic)}")
    if comparison.shared_topics:
        lines.append("两人都谈到的话题：" + "、".join(escape(t) for t in comparison.shared_topics))
    intro = "".join("\n" + line for line in lines[1:])
    message = ""
    for quote_limit in COMPARE_BUDGETS:
        blocks = []
        for section in comparison.sections:
            title = f"━━ <b>{escape(section.name)}</b>" + (f" · {escape(shorten(section.role, 40))}" if section.role else "")
            said = [
                f"<blockquote>{escape(shorten(a.quote, quote_limit))}</blockquote>\n{source_line(a)}" for a in section.answers
            ]
            if not section.on_topic or not said:
                missing = f"（没有找到{escape(section.name)}谈{escape(comparison.topic or '这个话题')}的说法"
                said.insert(0, missing + ("；以下是其最接近的说法，不是谈这个话题的）" if said else "）"))
            blocks.append("\n".join([title, *said]))
        message = header + intro + "\n\n" + "\n\n".join(blocks)
        if visible_length(message) <= MESSAGE_LIMIT:
            return message
    return limit_html(message)


def compare_reply(service: IndexService, paging: PagedQueries, text: str) -> Reply:
    """/compare 甲 乙 [话题] [时间]: two speakers side by side."""
    names = clean_text(text).split()
    if len(names) < 2:
        return Reply("用法：<code>/compare 甲 乙 [话题]</code>，例如 <code>/compare 彭文生 陈华文 绿色转型</code>")
    keys, missing = resolve_names(service.index, names[:2])
    if missing:
        return Reply("没有找到这些人说过的话：" + "、".join(f"<b>{escape(shorten(n, 30))}</b>" for n in missing))
    if keys[0] == keys[1]:
        return Reply("请给出两个不同的人名。")
    result = service.compare(keys, " ".join(names[2:]))
    return compared_reply(paging, result, f"<b>{escape(names[0])}</b> 与 <b>{escape(names[1])}</b>")


def compared_reply(paging: PagedQueries, result: AnswerSet, header: str) -> Reply:
    """A comparison, with a button per shared topic (without a topic in the question)."""
    assert result.comparison is not None
    if result.window is not None:
        header += f"\n时间：{escape(result.window.label)}"
    names = " ".join(s.name for s in result.comparison.sections)
    buttons = [
        Button(shorten(topic, 20), callback_data("c", paging.put("c", f"{names} {topic}"), 0))
        for topic in result.comparison.shared_topics[1:]
    ]
    return Reply(comparison_html(header, result), [buttons[i : i + 3] for i in range(0, len(buttons), 3)])


def source_reply(service: IndexService, line: str) -> Reply:
    """/source “……”: where a remembered line comes from and how close the match is."""
    line = clean_text(line).strip().strip("“”\"「」『』‘’'").strip()
    if len(line) < 2:
        return Reply("用法：<code>/source “记得的一句话”</code>，例如 <code>/source 绿色转型是大势所趋</code>")
    result = service.source(line, SOURCE_ANSWERS)
    return Reply(_source_html(f"出处：<i>“{escape(shorten(line, 200))}”</i>", result))


def _source_html(header: str, result: AnswerSet) -> str:
    return answers_html(f"{header}\n{source_verdict_html(result)}", result.answers)


def answer_reply(
    service: IndexService,
    paging: PagedQueries,
    question: str,
    per_page: int,
    page: int = 0,
    token: str | None = None,
    person: str | None = None,
) -> Reply:
    """A page of answers to ``question``, with buttons to page through the rest.

    ``person`` (a Person.ref) is the bearer of an ambiguous name chosen with a button.
    """
    question = clean_text(question).strip()
    if not question:
        return Reply("请发一个问题，例如：<i>陈华文说了什么？</i>")
    result = service.ask(question, MAX_ANSWERS, count=page == 0, person=person)
    answers = result.answers
    if result.not_found is not None:
        return Reply(f"问：<i>{escape(shorten(question, 200))}</i>{framing_html(result)}\n\n{not_found_html(result)}")
    if result.source is not None:
        return Reply(_source_html(f"问：<i>{escape(shorten(question, 200))}</i>", result))
    if result.comparison is not None:
        return compared_reply(paging, result, f"问：<i>{escape(shorten(question, 200))}</i>")
    if not answers:
        return Reply(f"问：{escape(shorten(question, 200))}{framing_html(result)}\n\n{NO_ANSWER_HTML}")
    pages = (len(answers) + per_page - 1) // per_page
    page = min(max(page, 0), pages - 1)
    shown = answers[page * per_page : (page + 1) * per_page]
    header = f"问：<i>{escape(shorten(question, 200))}</i>{framing_html(result)}"
    first, last = page * per_page + 1, page * per_page + len(shown)
    span = str(first) if first == last else f"{first}–{last}"
    footer = f"第 {span} 条，共 {len(answers)} 条" if pages > 1 else ""
    if token is None and pages > 1:
        token = paging.put("a", question if person is None else f"{person}\t{question}")
    buttons = _pager("a", token, page, pages) if token else []
    if result.alternatives and page == 0:
        footer = "\n\n".join(part for part in (footer, "<b>你指的是哪一位？</b>") if part)
        buttons = person_buttons(paging, question, result) + buttons
    if result.speakers and page == 0:
        footer = "\n\n".join(part for part in (footer, topic_speakers_html(result)) if part)
        buttons = topic_speaker_buttons(paging, result) + buttons
    return Reply(answers_html(header, shown, footer), buttons)


def who_reply(
    service: IndexService, paging: PagedQueries, text: str, page: int = 0, token: str | None = None, per_page: int = 3
) -> Reply:
    """/who 名字 [话题] [时间]: a speaker's quotes, newest first, grouped by article.

    Without a name it is 谁谈到了…: the best answer and the other speakers on the topic.
    """
    text = clean_text(text).strip()
    if not text:
        return Reply("用法：<code>/who 名字 [话题] [时间]</code>，例如 <code>/who 彭文生</code>、<code>/who 彭文生 一带一路 2023年</code>")
    index = service.index
    keys = index.speakers.lookup(text) or index.speakers.titled(text)
    topic: list[str] = []
    window = None
    if not keys:
        parsed = index.parse(text, service.today())
        keys, window = parsed.speakers, parsed.window
        topic = topic_words(parsed.topic_tokens)
        if not keys:
            if topic and not looks_like_name(text):
                return answer_reply(service, paging, f"谁谈到了{text}", per_page)
            return Reply(f"没有找到 <b>{escape(shorten(text, 50))}</b> 说过的话。试试全名，或用 /search 搜索。")
    quote_ids = index.speakers.quotes_of(keys)
    allowed = window.article_mask(index.article_dates) if window is not None else None
    if topic or allowed is not None:
        quote_ids = topic_quotes(index, topic, allowed, keys) if topic else [q for q in quote_ids if allowed[index.quotes[q].article]]
    if not quote_ids:
        name = index.speakers.entries[keys[0]].name if keys else text
        about = f"谈{''.join(topic)}" if topic else ""
        when = f"（{window.label}）" if window is not None else ""
        return Reply(f"没有找到 <b>{escape(shorten(name, 50))}</b>{escape(about)}的说法{escape(when)}。")
    quotes = [index.quotes[q] for q in newest_first(index, quote_ids)]
    pages = (len(quotes) + WHO_PER_PAGE - 1) // WHO_PER_PAGE
    page = min(max(page, 0), pages - 1)
    shown = quotes[page * WHO_PER_PAGE : (page + 1) * WHO_PER_PAGE]
    role = main_role(Counter(q.speaker.role for q in quotes if q.speaker.role))
    header = f"<b>{escape(shown[0].speaker.name)}</b>"
    if role:
        header += f" · {escape(shorten(role, 60))}"
    if topic:
        header += f"\n话题：{escape(''.join(topic))}"
    if window is not None:
        header += f"\n时间：{escape(window.label)}"
    header += f"\n共 {len(quotes)} 段话，第 {page + 1}/{pages} 页"
    blocks: list[str] = []
    for article_id in dict.fromkeys(q.article for q in shown):
        article = index.articles[article_id]
        said = "\n".join(
            f"<blockquote>{escape(shorten(q.text, 600))}</blockquote>" for q in shown if q.article == article_id
        )
        meta = Answer(None, None, "", "", article.meta(), 0.0)
        blocks.append(f"{source_line(meta)}\n{said}")
    message = header + "\n\n" + "\n\n".join(blocks)
    if token is None and pages > 1:
        token = paging.put("w", text)
    return Reply(limit_html(message), _pager("w", token, page, pages) if token else [])


def looks_like_name(text: str) -> bool:
    """An unknown Chinese name (钱多多) rather than a topic: 2-4 Han characters after a surname."""
    text = text.strip()
    if not 2 <= len(text) <= 4 or not all("\u4e00" <= ch <= "\u9fff" for ch in text) or is_common_word(text):
        return False
    return text[:2] in SURNAMES_DOUBLE or text[0] in SURNAMES_SINGLE


def person_label(person: Person) -> str:
    """A bearer of a name as a button shows them: name, role, latest date."""
    parts = [person.name, shorten(person.role or "身份不详", 16), person.last or "日期不详"]
    return shorten(" · ".join(parts), 60)


def person_buttons(paging: PagedQueries, question: str, result: AnswerSet) -> list[list[Button]]:
    """你指的是哪一位: one button per bearer of the name, the one answered first marked ✓."""
    people = [p for p in (result.person, *result.alternatives) if p is not None]
    return [
        [Button(("✓ " if p is result.person else "") + person_label(p), callback_data("p", paging.put("p", f"{p.ref}\t{question}"), 0))]
        for p in people
    ]


def not_found_html(result: AnswerSet) -> str:
    """没有找到某某谈Y的说法, and what the person did speak about."""
    lines = [f"<b>{escape(result.not_found or '')}</b>。"]
    person = result.person
    if person is not None:
        who = escape(person.name) + (f"（{escape(shorten(person.role, 40))}）" if person.role else "")
        span = person.last if person.first == person.last else f"{person.first} 至 {person.last}"
        lines.append(f"语料里的{who}共有 {len(person.quotes)} 段话（{escape(span or '日期不详')}）。")
    if result.spoken_topics:
        lines.append("谈到过：" + "、".join(escape(t) for t in result.spoken_topics))
    if person is not None:
        lines.append(f"发 <code>/who {escape(person.name)}</code> 看此人的全部说法。")
    return "\n".join(lines)


def topic_speakers_html(result: AnswerSet) -> str:
    """The compact list under a 谁谈到了Y answer: other speakers, their count of quotes, their dates."""
    if not result.speakers:
        return ""
    lines = [f"<b>还有谁谈到了「{escape(result.topic)}」</b>"]
    for speaker in result.speakers:
        role = f" · {escape(shorten(speaker.role, 30))}" if speaker.role else ""
        span = speaker.first if speaker.first == speaker.last else f"{speaker.first or '?'} 至 {speaker.last or '?'}"
        lines.append(f"• <b>{escape(speaker.name)}</b>{role} — {len(speaker.quotes)} 段（{escape(span or '日期不详')}）")
    lines.append(f"点按钮，或发 <code>/who 名字 {escape(shorten(result.topic, 30))}</code>，看此人谈这个话题的全部说法。")
    return "\n".join(lines)


def topic_speaker_buttons(paging: PagedQueries, result: AnswerSet) -> list[list[Button]]:
    """One button per listed speaker: opens /who 名字 话题 (two to a row)."""
    buttons = [
        Button(shorten(f"{s.name}（{len(s.quotes)}）", 30), callback_data("w", paging.put("w", f"{s.name} {result.topic}"), 0))
        for s in result.speakers
    ]
    return [buttons[i : i + 2] for i in range(0, len(buttons), 2)]


def search_reply(service: IndexService, paging: PagedQueries, text: str, page: int = 0, token: str | None = None) -> Reply:
    """Plain paragraph search: BM25 only, no speaker logic."""
    text = clean_text(text).strip()
    if not text:
        return Reply("用法：<code>/search 关键词</code>，例如 <code>/search 绿色转型</code>")
    index = service.index
    hits = index.search(text, 50)
    if not hits:
        return Reply(f"没有找到包含 <b>{escape(shorten(text, 50))}</b> 的段落。")
    pages = (len(hits) + SEARCH_PER_PAGE - 1) // SEARCH_PER_PAGE
    page = min(max(page, 0), pages - 1)
    tokens = index.tokenizer.tokenize_question(text)
    answers = []
    for chunk, score in hits[page * SEARCH_PER_PAGE : (page + 1) * SEARCH_PER_PAGE]:
        a, p, _, _ = index.chunks[chunk].tolist()
        article = index.articles[a]
        snippet = best_sentences(index.chunk_text(chunk), tokens)
        answers.append(Answer(None, None, snippet, article.paragraphs[p], article.meta(), round(score, 3)))
    header = f"搜索：<i>{escape(shorten(text, 100))}</i>（共 {len(hits)} 段，第 {page + 1}/{pages} 页）"
    if token is None and pages > 1:
        token = paging.put("s", text)
    return Reply(answers_html(header, answers), _pager("s", token, page, pages) if token else [])


def page_reply(service: IndexService, paging: PagedQueries, data: str | None, per_page: int) -> Reply | None:
    """The page a button asks for; None when the button is unknown or has expired."""
    parsed = parse_callback(data)
    if parsed is None:
        return None
    kind, token, page = parsed
    stored = paging.get(token)
    if stored is None or stored[0] != kind:
        return None
    query = stored[1]
    if kind == "a":
        person, tab, question = query.partition("\t")
        if not tab:
            person, question = "", query
        return answer_reply(service, paging, question, per_page, page, token, person or None)
    if kind == "p":  # 你指的是哪一位: the question again, about the chosen person
        person, _, question = query.partition("\t")
        return answer_reply(service, paging, question, per_page, 0, None, person)
    if kind == "w":
        return who_reply(service, paging, query, page, token, per_page)
    if kind == "s":
        return search_reply(service, paging, query, page, token)
    if kind == "c":
        return compare_reply(service, paging, query)
    return None


# --- inline mode --------------------------------------------------------------------------------


def inline_results(service: IndexService, query: str, offset: str) -> tuple[list[InlineResult], str]:
    """One page (≤ 50) of inline results and the next offset ('' when there are no more)."""
    start = small_number(offset) or 0
    query = clean_text(query).strip()
    if start >= INLINE_MAX or not query:
        return [], ""
    result = service.ask(query, min(start + INLINE_PAGE, INLINE_MAX), count=start == 0)
    answers = result.answers
    page = answers[start : start + INLINE_PAGE]
    results = []
    header = f"问：<i>{escape(shorten(query, 200))}</i>{framing_html(result)}"
    if result.not_found is not None and start == 0:
        html = f"{header}\n\n{not_found_html(result)}"
        return [InlineResult("nf", shorten(result.not_found, 120), shorten(" ".join(result.spoken_topics), 120), html)], ""
    for i, answer in enumerate(page, start=start):
        title = answer.article.get("title") or answer.article.get("id") or ""
        who = answer.speaker or "相关段落"
        results.append(
            InlineResult(
                id=str(i),
                title=shorten(f"{who} · {title}", 120),
                description=shorten(answer.quote, 120),
                html=answers_html(header, [answer]),
            )
        )
    more = len(answers) == start + INLINE_PAGE and start + INLINE_PAGE < INLINE_MAX
    return results, str(start + INLINE_PAGE) if more else ""


# --- deep links and examples --------------------------------------------------------------------


def deep_link_payload(question: str) -> str | None:
    """A /start parameter carrying ``question`` (A-Z a-z 0-9 _ -, at most 64 characters)."""
    payload = "q" + base64.urlsafe_b64encode(question.encode("utf-8")).decode().rstrip("=")
    return payload if len(payload) <= 64 else None


def question_from_payload(payload: str) -> str | None:
    if not payload.startswith("q"):
        return None
    body = payload[1:]
    try:
        return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)).decode("utf-8").strip() or None
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None


def example_questions(service: IndexService, count: int = 3) -> list[str]:
    """Questions about the most quoted people in the corpus (so they always have answers)."""
    entries = [e for e in service.index.speakers.entries.values() if not e.collective and len(e.name) >= 2]
    entries.sort(key=lambda e: (-len(e.quotes), e.name))
    names = [e.name for e in entries[:count]]
    templates = ["{}说了什么？", "{}强调了什么？", "{}谈到了什么？"]
    return [templates[i % len(templates)].format(name) for i, name in enumerate(names)]


def example_reply(service: IndexService, paging: PagedQueries, data: str | None, per_page: int) -> Reply | None:
    """The answer to the example question an ``ex:N:0`` button stands for; None for anything else."""
    parsed = parse_callback(data)
    if parsed is None or parsed[0] != "ex":
        return None
    number = small_number(parsed[1])
    examples = example_questions(service)
    if number is None or number >= len(examples):
        return None
    return answer_reply(service, paging, examples[number], per_page)


def start_reply(service: IndexService, bot_username: str | None) -> Reply:
    examples = example_questions(service)
    lines = [
        "你好！我回答<b>谁说了什么</b>：在新闻报道里找出某人的原话、他的身份和出处。",
        "",
        "直接发问题就行，例如：",
        *[f"• <i>{escape(q)}</i>" for q in examples],
        "",
        "也可以用 /who 名字 查看某人说过的话，用 /search 关键词 搜索段落。",
    ]
    if bot_username:
        lines.append(f"在任何聊天里输入 <code>@{escape(bot_username)} 问题</code> 也能搜索。")
    buttons = [[Button(shorten(q, 40), f"ex:{i}:0")] for i, q in enumerate(examples)]
    return Reply("\n".join(lines), buttons)


def help_reply(bot_username: str | None, is_admin: bool) -> Reply:
    lines = [
        "<b>怎么用</b>",
        "• 私聊里直接发问题：<i>陈华文说了什么？</i> <i>谁谈到了绿色转型？</i> <i>彭文生 一带一路</i>",
        "• /ask 问题 — 在群里提问（也可以 @我 或回复我的消息）",
        "• /who 名字 — 某人说过的话，最新的在前",
        "• /search 关键词 — 搜索新闻段落",
        "• /compare 甲 乙 [话题] — 两人的说法并排对照（也可以问 <i>甲和乙怎么看Y</i>）",
        "• /source “一句话” — 这句话是谁说的：原话、近似（标出差异）还是没有找到",
        "• 问题里可以带时间：<i>2025年3月李强谈就业说了什么</i>、<i>去年谁谈到了关税</i>",
    ]
    if bot_username:
        lines.append(f"• 在任何聊天里输入 <code>@{escape(bot_username)} 问题</code> — 行内搜索")
    if is_admin:
        lines += ["", "<b>管理员</b>", "• /reload — 重新读取语料库并重建索引", "• /stats — 语料规模、索引时间、运行时间、回答次数"]
        lines += ["• 发来 .txt/.md/.jsonl/.html 文件或新闻链接 — 加入语料库", "• /feeds — 订阅源状态"]
    return Reply("\n".join(lines))


# --- admin ---------------------------------------------------------------------------------------


def _duration(seconds: float) -> str:
    return str(timedelta(seconds=int(seconds)))


def stats_reply(service: IndexService) -> Reply:
    stats = service.index.stats
    now = time.time()
    lines = [
        "<b>统计</b>",
        f"文章 {stats.articles:,} · 段落 {stats.paragraphs:,} · 引语 {stats.quotes:,} · 说话人 {stats.speakers:,}",
        f"索引建于 {_duration(now - stats.built_at)} 前，载入于 {_duration(now - service.loaded_at)} 前",
        f"运行时间 {_duration(now - service.started_at)}",
        f"已回答问题 {service.questions_answered:,} 个",
    ]
    if service.reloading:
        lines.append("正在重新载入…")
    return Reply("\n".join(lines))


PROBLEM_LIST_CHARS = 3000
"""Room in the /reload reply for the list of corpus problems (the message limit is 4096)."""


def reload_reply(report: ReloadReport, problem_chars: int = PROBLEM_LIST_CHARS) -> Reply:
    """The /reload outcome: done, refused (too many articles would go) or failed, then the
    corpus problems by path and line, as many as fit."""
    counts = [
        f"文章 {report.articles:,} · 段落 {report.paragraphs:,} · 引语 {report.quotes:,} · 说话人 {report.speakers:,}",
        f"新增 {report.added} 篇 · 删除 {report.removed} 篇 · 修改 {report.changed} 篇",
    ]
    if report.refused:
        lines = [
            f"⚠️ 新索引{escape(report.refused)}；继续使用原来的索引。",
            *(f"新索引：{line}" for line in counts),
            "请检查下面列出的文件；确需删除时可调高 NEWSBOT_RELOAD_MAX_DROP，或重启。",
        ]
    elif not report.ok:
        lines = [f"❌ 重新载入失败，继续使用原来的索引。\n原因：{escape(report.error or '未知错误')}"]
    else:
        lines = [f"✅ 重新载入完成，用时 {report.seconds:.1f} 秒。", *counts]
    return Reply(limit_html("\n".join(lines + problem_lines(report.problems, problem_chars))))


def problem_lines(problems: Sequence[Problem], max_chars: int) -> list[str]:
    """Corpus problems as reply lines (path:line: reason), as many as fit in ``max_chars``."""
    if not problems:
        return []
    lines = [f"跳过或略去 {len(problems)} 处："]
    used = 0
    for shown, problem in enumerate(problems):
        where = f"{problem.path}:{problem.line}" if problem.line else problem.path
        where = where if len(where) <= 120 else "…" + where[-119:]  # the end names the file and line
        line = f"• {escape(where)}: {escape(shorten(problem.reason, 120))}"
        if used + len(line) + 1 > max_chars:
            lines.append(f"…还有 {len(problems) - shown} 处")
            break
        lines.append(line)
        used += len(line) + 1
    return lines


def render_buttons(buttons: Sequence[Sequence[Button]]) -> str:
    """Buttons as terminal text, numbered."""
    labels = [b.text for row in buttons for b in row]
    return "  ".join(f"[{i}] {label}" for i, label in enumerate(labels, 1))


__all__ = [
    "Button",
    "InlineResult",
    "PagedQueries",
    "Reply",
    "answer_html",
    "answer_reply",
    "compare_reply",
    "deep_link_payload",
    "example_questions",
    "example_reply",
    "help_reply",
    "inline_results",
    "page_reply",
    "question_from_payload",
    "reload_reply",
    "render_buttons",
    "search_reply",
    "source_reply",
    "start_reply",
    "stats_reply",
    "who_reply",
]
