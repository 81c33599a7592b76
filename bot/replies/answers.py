"""Replies to questions: a page of answers, a comparison, a source, and the choices under them
(你指的是哪一位, 还有谁谈到了, shared topics)."""

from __future__ import annotations

from collections.abc import Sequence

from retrieval.answering.asking import AnswerSet
from retrieval.answering.comparison import resolve_names
from retrieval.answering.people import Person
from retrieval.normalize import clean_text

from ..formatting import MESSAGE_LIMIT, answers_html, escape, limit_html, shorten, source_line, visible_length
from ..plain_text import CHATTER_HINT
from ..service import IndexService
from .base import ANSWERS, COMPARE, PERSON, WHO, Button, PagedQueries, Reply, callback_data, pager

MAX_ANSWERS = 30
"""Answers fetched for paging through a question."""
SOURCE_ANSWERS = 3
"""Sources shown for a remembered line: the best and the nearest others."""

NO_ANSWER_HTML = (
    "没有找到合适的回答。\n"
    "可以试试：一个人名（<i>陈华文说了什么？</i>）、一个话题（<i>谁谈到了绿色转型？</i>），或者少用几个词。"
)

CHATTER_HTML = f"{escape(CHATTER_HINT)}\n发 /help 看全部用法。"
"""The reply to a message that asks nothing of the corpus (AnswerSet.chatter)."""


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
            title = f"━━ <b>{escape(section.name)}</b>" + (
                f" · {escape(shorten(section.role, 40))}" if section.role else ""
            )
            said = [
                f"<blockquote>{escape(shorten(a.quote, quote_limit))}</blockquote>\n{source_line(a)}"
                for a in section.answers
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
        Button(shorten(topic, 20), callback_data(COMPARE, paging.put(COMPARE, f"{names} {topic}"), 0))
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
    if result.chatter:
        return Reply(f"问：{escape(shorten(question, 200))}\n\n{CHATTER_HTML}")
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
        token = paging.put(ANSWERS, question if person is None else f"{person}\t{question}", service.generation)
    buttons = pager(ANSWERS, token, page, pages) if token else []
    if result.alternatives and page == 0:
        footer = "\n\n".join(part for part in (footer, "<b>你指的是哪一位？</b>") if part)
        buttons = person_buttons(paging, question, result) + buttons
    if result.speakers and page == 0:
        footer = "\n\n".join(part for part in (footer, topic_speakers_html(result)) if part)
        buttons = topic_speaker_buttons(paging, result) + buttons
    return Reply(answers_html(header, shown, footer), buttons)


def person_label(person: Person) -> str:
    """A bearer of a name as a button shows them: name, role, latest date."""
    parts = [person.name, shorten(person.role or "身份不详", 16), person.last or "日期不详"]
    return shorten(" · ".join(parts), 60)


def person_buttons(paging: PagedQueries, question: str, result: AnswerSet) -> list[list[Button]]:
    """你指的是哪一位: one button per bearer of the name, the one answered first marked ✓."""
    people = [p for p in (result.person, *result.alternatives) if p is not None]
    return [
        [
            Button(
                ("✓ " if p is result.person else "") + person_label(p),
                callback_data(PERSON, paging.put(PERSON, f"{p.ref}\t{question}"), 0),
            )
        ]
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
        lines.append(
            f"• <b>{escape(speaker.name)}</b>{role} — {len(speaker.quotes)} 段（{escape(span or '日期不详')}）"
        )
    lines.append(
        f"点按钮，或发 <code>/who 名字 {escape(shorten(result.topic, 30))}</code>，看此人谈这个话题的全部说法。"
    )
    return "\n".join(lines)


def topic_speaker_buttons(paging: PagedQueries, result: AnswerSet) -> list[list[Button]]:
    """One button per listed speaker: opens /who 名字 话题 (two to a row)."""
    buttons = [
        Button(
            shorten(f"{s.name}（{len(s.quotes)}）", 30),
            callback_data(WHO, paging.put(WHO, f"{s.name} {result.topic}"), 0),
        )
        for s in result.speakers
    ]
    return [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
