"""What `newsbot ask` prints for an answer set: the answers and what frames them, as plain text.

The bot says the same things in HTML (bot/replies/answers.py): whether a remembered line was
found (原话, 近似 with the differences, 没有找到), that a person never spoke on a topic and what
they did speak about, which bearer of a shared name is meant, the two sides of a comparison and
who else spoke on a topic. A terminal reader gets every one of them, so no answer reads as
something it is not (the nearest paragraphs to a line nobody said are not its source).
"""

from __future__ import annotations

from collections.abc import Sequence

from retrieval import Answer
from retrieval.answering.asking import AnswerSet

NO_ANSWER = "没有找到合适的回答。试试一个人名、一个话题，或者少用几个词。 (No answer found: try a name, a topic, or fewer words.)"
CHATTER_HINT = "这不像是一个问题。可以问某人说了什么（陈华文说了什么？）、谁谈到了某个话题（谁谈到了绿色转型？），或者“一句话”是谁说的。"
"""What every front end says to chatter (你好, 吃了吗) instead of an answer."""
CHATTER = CHATTER_HINT + " (Not a question: ask what someone said, who spoke on a topic, or who said a line.)"
CLOSENESS = {"verbatim": "✅ 原话", "close": "≈ 近似", "none": "❌ 没有找到这句话"}


def answer_text(rank: int, answer: Answer) -> str:
    """One answer: the speaker and role, the words (in quotation marks only when someone said
    them), the article and its link."""
    if answer.speaker:
        who = answer.speaker + (f"（{answer.role}）" if answer.role else "")
        said = f"“{answer.quote}”"
    else:
        who, said = "（未署名段落，不是引语）", answer.quote
    meta = " · ".join(
        str(x)
        for x in (answer.article.get("title") or answer.article["id"], answer.article.get("date"), answer.article.get("source"))
        if x
    )
    lines = [f" {rank}. {who}", f"    {said}", f"    — {meta}"]
    if answer.article.get("url"):
        lines.append(f"      {answer.article['url']}")
    return "\n".join(lines)


def differences_text(segments: Sequence[tuple[str, str, str]]) -> str:
    """The source aligned with the remembered line: [-what was asked-]{+what the source says+}."""
    parts = []
    for op, asked, said in segments:
        if op == "equal":
            parts.append(said)
            continue
        parts.append((f"[-{asked}-]" if asked else "") + (f"{{+{said}+}}" if said else ""))
    return "".join(parts)


def framing_lines(result: AnswerSet) -> list[str]:
    """What the terminal shows above the answers."""
    if result.chatter:
        return [CHATTER]
    lines = []
    if result.window is not None:
        lines.append(f"时间：{result.window.label}")
        if result.outside_window:
            lines.append("这段时间内没有找到，以下是其他时间的回答：")
    if (match := result.source) is not None:
        best = match.best
        verdict = CLOSENESS[match.closeness]
        if best is not None and match.closeness != "verbatim":
            verdict += f"（相似度 {best.similarity:.0%}）"
        lines.append(verdict)
        if match.closeness == "close" and best is not None:
            lines.append(f"差异：{differences_text(best.segments)}（[-…-] 是你记的，{{+…+}} 是原文）")
        if match.closeness == "none":
            lines.append("原文里没有这句话。" + ("以下是最接近的说法，不是出处：" if result.answers else ""))
    if result.not_found is not None:
        lines.append(f"❌ {result.not_found}。")
        if (person := result.person) is not None:
            span = person.last if person.first == person.last else f"{person.first} 至 {person.last}"
            lines.append(f"语料里的{_person(person.name, person.role)}共有 {len(person.quotes)} 段话（{span or '日期不详'}）。")
        if result.spoken_topics:
            lines.append("谈到过：" + "、".join(result.spoken_topics))
    elif result.person is not None and result.alternatives:
        others = "、".join(_person(p.name, p.role) for p in result.alternatives)
        lines.append(f"同名的不止一位：以下是{_person(result.person.name, result.person.role)}的说法；另有 {others}。")
    return lines


def comparison_text(result: AnswerSet) -> list[str]:
    """A comparison's sections: each speaker's best quotes on the topic, or that there are none."""
    comparison = result.comparison
    assert comparison is not None
    lines = [f"话题：{comparison.topic}"] if comparison.topic else []
    if comparison.shared_topics:
        lines.append("两人都谈到的话题：" + "、".join(comparison.shared_topics))
    for section in comparison.sections:
        lines.append(f"━━ {_person(section.name, section.role)}")
        if not section.on_topic or not section.answers:
            about = comparison.topic or "这个话题"
            lines.append(f" ❌ 没有找到{section.name}谈{about}的说法" + ("；以下是其最接近的说法：" if section.answers else "。"))
        lines.extend(answer_text(i, a) for i, a in enumerate(section.answers, 1))
    return lines


def topic_speakers_text(result: AnswerSet) -> list[str]:
    """Who else spoke on the topic of a 谁谈到了Y question, with their count of quotes and dates."""
    if not result.speakers:
        return []
    lines = [f"还有谁谈到了「{result.topic}」："]
    for speaker in result.speakers:
        span = speaker.first if speaker.first == speaker.last else f"{speaker.first or '?'} 至 {speaker.last or '?'}"
        lines.append(f" • {_person(speaker.name, speaker.role)} — {len(speaker.quotes)} 段（{span or '日期不详'}）")
    return lines


def answer_set_text(question: str, result: AnswerSet) -> str:
    """The whole terminal reply to one question."""
    lines = [f"问：{question}", *(f" {line}" for line in framing_lines(result))]
    if result.comparison is not None:
        lines.extend(comparison_text(result))
    elif result.answers:
        lines.extend(answer_text(i, a) for i, a in enumerate(result.answers, 1))
        lines.extend(topic_speakers_text(result))
    elif not result.chatter and result.not_found is None:
        lines.append(f" {NO_ANSWER}")
    return "\n".join(lines) + "\n"


def _person(name: str, role: str | None) -> str:
    return name + (f"（{role}）" if role else "")
