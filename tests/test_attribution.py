"""Who said what: speakers, roles, quote forms and pronouns."""

from __future__ import annotations

from retrieval.attribution import attribute_quotes
from retrieval.formats import parse_scraped_text
from retrieval.speakers import parse_subject

from .conftest import SEED


def _by_speaker(paragraphs: list[str]) -> dict[str, list]:
    found: dict[str, list] = {}
    for quote in attribute_quotes(paragraphs):
        found.setdefault(quote.speaker.name, []).append(quote)
    return found


def test_seed_article_speakers() -> None:
    article = parse_scraped_text(SEED.read_text(encoding="utf-8"), "seed")
    quotes = _by_speaker(article.paragraphs)
    assert set(quotes) == {"陈华文", "蓝钦扬", "彭文生", "闵行区领导"}
    chen = quotes["陈华文"][0]
    assert chen.speaker.role is not None and chen.speaker.role.endswith("区长")
    assert chen.text.startswith("今天的闵行")
    assert any("加快培育绿色低碳元宇宙" in q.text for q in quotes["陈华文"])  # the reported speech after 表示 too
    assert quotes["蓝钦扬"][0].text.startswith("科研成果转化")
    assert "理事长" in (quotes["蓝钦扬"][0].speaker.role or "")  # role found where he is first named
    peng = quotes["彭文生"][0]
    assert "绿色转型" in peng.text and "首席经济学家" in (peng.speaker.role or "")
    assert quotes["闵行区领导"][0].speaker.collective


def test_direct_quote_with_speaker_after_and_alias() -> None:
    paragraphs = ["“现在的情况是，商务部想要的人没有全部到位，”曾四次担任北京美国商会(American Chamber)主席的吉莫曼(James Zimmerman)说。"]
    (quote,) = attribute_quotes(paragraphs)
    assert quote.speaker.name == "吉莫曼"
    assert quote.speaker.alias == "James Zimmerman"
    assert quote.speaker.role == "曾四次担任北京美国商会主席"
    assert quote.text == "现在的情况是，商务部想要的人没有全部到位，"  # punctuation inside the marks is kept
    assert quote.kind == "direct"


def test_direct_quote_with_speaker_before() -> None:
    (quote,) = attribute_quotes(["史剑道说：“我们曾经让中国人表示认同，但这并没有改变什么。”"])
    assert quote.speaker.name == "史剑道"
    assert quote.text == "我们曾经让中国人表示认同，但这并没有改变什么。"


def test_pronoun_resolves_to_last_named_speaker_across_paragraphs() -> None:
    paragraphs = [
        "“我们在全力以赴，”中国农大教授王楚端说。",
        "“东北民猪是所有本地猪种中最重要的，”他说。",
        "她补充说，保护工作需要更多资金。",
    ]
    quotes = attribute_quotes(paragraphs)
    assert [q.speaker.name for q in quotes] == ["王楚端", "王楚端", "王楚端"]
    assert quotes[1].via_pronoun and quotes[1].speaker.role == "中国农大教授"


def test_pronoun_after_a_mention_without_speech() -> None:
    quotes = attribute_quotes(["面对执行难题，鲍卫忠的办法就是用心用情。他常说：“我们办理的不仅是案件，更是边疆的稳定。”"])
    assert [(q.speaker.name, q.text[:8]) for q in quotes] == [("鲍卫忠", "我们办理的不仅是")]


def test_role_before_name_and_foreign_names() -> None:
    cases = {
        "中金公司首席经济学家彭文生": ("彭文生", "中金公司首席经济学家"),
        "法国军事专家洛朗·亨宁格": ("洛朗·亨宁格", "法国军事专家"),
        "委内瑞拉副总统罗德里格斯": ("罗德里格斯", "委内瑞拉副总统"),
        "据专家委员会主席雅苗尔科斯基": ("雅苗尔科斯基", "专家委员会主席"),
        "大型国有投资基金丝路基金会主席金琦": ("金琦", "大型国有投资基金丝路基金会主席"),
        "戏剧评论家王蕴明激动地": ("王蕴明", "戏剧评论家"),
        "孔令智委员代表台盟中央发言": ("孔令智", "委员"),
    }
    for span, (name, role) in cases.items():
        speaker = parse_subject(span)
        assert speaker is not None and not isinstance(speaker, str), span
        assert (speaker.name, speaker.role) == (name, role), span


def test_collective_and_non_speakers() -> None:
    leaders = parse_subject("闵行区领导")
    assert leaders is not None and not isinstance(leaders, str) and leaders.collective
    for span in ("文章", "大家", "很多人"):
        assert parse_subject(span) is None, span


def test_surname_and_title_resolved_in_article() -> None:
    paragraphs = ["中国科学院院士李德仁出席活动。", "李院士说，遥感卫星通俗地讲就是给卫星装上眼睛。"]
    quotes = attribute_quotes(paragraphs)
    assert [q.speaker.name for q in quotes] == ["李德仁"]


def test_headline_with_colon() -> None:
    (quote,) = attribute_quotes(["瑞典分析人士：美国破坏“北溪”对欧洲国家犯下罪行"])
    assert quote.speaker.name == "瑞典分析人士" and quote.headline


def test_non_speech_uses_of_verbs_are_ignored() -> None:
    assert attribute_quotes(["据说这部小说很受欢迎。", "这一名称被称为奇迹。", "他提到的商务部历来负责贸易问题。"]) == []


def test_quotation_after_one_speaker_is_not_claimed_by_the_next() -> None:
    """甲说：“……”乙说：“……”: each quotation belongs to the speaker before it, once."""
    text = "周明远说：“明年要把河道清理干净。”吴晓兰说：“堤岸的绿化也要跟上。”"
    pairs = [(q.speaker.name, q.text) for q in attribute_quotes([text])]
    assert pairs == [("周明远", "明年要把河道清理干净。"), ("吴晓兰", "堤岸的绿化也要跟上。")]
