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


# --- the reported-speech clause: invented sentences, one per construction ----------------------


def _records(paragraphs: list[str]) -> list[tuple[str, str, str, str | None]]:
    return [(q.speaker.name, q.text, q.kind, q.resolved_from) for q in attribute_quotes(paragraphs)]


def test_indirect_speech_stops_at_a_new_source() -> None:
    (first, second) = attribute_quotes(["赵红梅表示，新厂房明年投产。另据当地媒体报道，工厂已招聘五百人。钱伟说，招聘还没有结束。"])
    assert (first.speaker.name, first.text) == ("赵红梅", "新厂房明年投产")
    assert (second.speaker.name, second.text) == ("钱伟", "招聘还没有结束")


def test_indirect_speech_stops_where_narration_resumes() -> None:
    (quote,) = attribute_quotes(["会后，孙立平说他支持这项改革。就在同一天，市政府公布了新的预算。"])
    assert quote.text == "他支持这项改革"


def test_directive_series_continues_the_statement() -> None:
    (quote,) = attribute_quotes(["周建国强调，要守住耕地红线，稳定粮食生产。要加快农田水利建设。要保障农民收益。"])
    assert quote.text == "要守住耕地红线，稳定粮食生产。要加快农田水利建设。要保障农民收益"


def test_first_person_sentences_continue_the_statement() -> None:
    text = "记者问起这件事时，林海燕在电话里说，这是一场误会。我们已经向对方道歉。"
    (quote,) = attribute_quotes([text])
    assert quote.text == "这是一场误会。我们已经向对方道歉"


def test_interrupted_quotation_gives_two_records() -> None:
    records = _records(["“这条路修了三年，”镇长吴德清说。“今天终于通车了。”"])
    assert records == [("吴德清", "这条路修了三年，", "direct", None), ("吴德清", "今天终于通车了。", "direct", None)]


def test_own_words_quoted_inside_reported_speech_are_mixed_but_slogans_are_not() -> None:
    (mixed,) = attribute_quotes(["分析师贺晓峰称这次调价“来得太突然”。"])
    assert mixed.kind == "mixed" and mixed.text == "这次调价“来得太突然”"
    (plain,) = attribute_quotes(["区长马永安说，全区要落实“三个一批”的要求，做好安置工作。"])
    assert plain.kind == "indirect"


def test_documents_and_meetings_are_sources() -> None:
    records = _records(["两国外交部发表联合声明。声明指出，双方将扩大贸易往来。会议强调，要保持物价稳定。"])
    assert [(name, text) for name, text, _, _ in records] == [("声明", "双方将扩大贸易往来"), ("会议", "要保持物价稳定")]
    assert {q.speaker.speaker_type for q in attribute_quotes(["声明指出，双方将扩大贸易往来。"])} == {"organization"}


def test_quantified_and_unnamed_sources_take_the_head_noun() -> None:
    (quote,) = attribute_quotes(["几名店员说，顾客比去年少了一半。"])
    assert quote.speaker.name == "店员" and quote.speaker.speaker_type == "collective"
    (one,) = attribute_quotes(["一位来自四川的游客说，景区的服务很周到。"])
    assert one.speaker.name == "游客" and one.speaker.speaker_type == "person"


def test_the_addressee_is_not_the_speaker() -> None:
    (quote,) = attribute_quotes(["厂长郑国华对记者方小军说，今年的订单已经排满。"])
    assert quote.speaker.name == "郑国华"


def test_time_and_manner_adverbials_are_peeled_off() -> None:
    names = [q.speaker.name for q in attribute_quotes(["邱少云于周四表示，谈判仍在进行。", "钟晓明点点头说，方案可行。"])]
    assert names == ["邱少云", "钟晓明"]


def test_negated_verbs_are_not_statements() -> None:
    assert attribute_quotes(["罗家伟周三未回应采访请求，也没有表示任何意见。"]) == []


def test_a_second_verb_keeps_the_subject_of_the_first() -> None:
    records = _records(["商会会长冯志远表示，出口形势好转，并强调，企业仍需谨慎投资。"])
    assert [(name, text) for name, text, _, _ in records] == [("冯志远", "出口形势好转"), ("冯志远", "企业仍需谨慎投资")]


def test_speaker_after_unquoted_reported_speech() -> None:
    (quote,) = attribute_quotes(["这种病毒在低温下可以存活数周，一位农业大学的兽医教授说。"])
    assert quote.text == "这种病毒在低温下可以存活数周" and quote.speaker.name.endswith("教授")


def test_as_someone_said() -> None:
    (quote,) = attribute_quotes(["正如经济学家梁启明所说，利率下调需要时间才能见效。"])
    assert (quote.speaker.name, quote.text, quote.cue) == ("梁启明", "利率下调需要时间才能见效", "所说")


# --- coreference within the article ------------------------------------------------------------


def test_pronoun_refers_to_a_person_introduced_by_another_verb() -> None:
    paragraphs = ["某国副总统卡洛斯·门多萨在会上批评了这项法案。", "他说，法案会伤害小企业。"]
    (quote,) = attribute_quotes(paragraphs)
    assert (quote.speaker.name, quote.resolved_from) == ("卡洛斯·门多萨", "pronoun")


def test_names_inside_quotations_and_conjunctions_are_not_referents() -> None:
    paragraphs = ["“国际社会都看得很清楚，”发言人华永年说。", "但他没有说明细节。“但现在我们还要等待，”他说。"]
    assert {q.speaker.name for q in attribute_quotes(paragraphs)} == {"华永年"}


def test_she_prefers_the_woman_the_article_names() -> None:
    paragraphs = ["工程师陶志刚和女工程师方丽娟一起完成了测试。", "她说，数据比预想的更稳定。"]
    (quote,) = attribute_quotes(paragraphs)
    assert quote.speaker.name == "方丽娟"


def test_short_forms_expand_to_the_full_name() -> None:
    paragraphs = ["美国商会会长约瑟夫·卡尔伯特出席了论坛。", "“市场需要信心，”卡尔伯特说。"]
    (quote,) = attribute_quotes(paragraphs)
    assert (quote.speaker.name, quote.resolved_from) == ("约瑟夫·卡尔伯特", "surname")


def test_title_only_subject_resolves_to_the_holder_or_is_dropped() -> None:
    paragraphs = ["巴西总统卢西亚诺·佩雷拉访问了港口。", "总统表示，港口扩建将在年底完工。"]
    (quote,) = attribute_quotes(paragraphs)
    assert (quote.speaker.name, quote.resolved_from) == ("卢西亚诺·佩雷拉", "title")
    assert attribute_quotes(["总统表示，港口扩建将在年底完工。"]) == []


def test_pronoun_with_no_credible_referent_is_dropped() -> None:
    assert attribute_quotes(["他说，明天会下雨。"]) == []


def test_role_is_not_taken_from_an_unrelated_clause() -> None:
    paragraphs = ["总理韩德明在北京会见了航空公司首席执行官马丁·克劳斯。", "马丁·克劳斯表示，公司将扩大投资。"]
    quote = attribute_quotes(paragraphs)[-1]
    assert quote.speaker.name == "马丁·克劳斯"
    assert "会见" not in (quote.speaker.role or "")


def test_information_credited_to_a_named_source() -> None:
    records = _records(["记者从省交通厅了解到，新线路将于下月开通。据市气象台消息，本周将有大风降温。"])
    assert [(name, text) for name, text, _, _ in records] == [("省交通厅", "新线路将于下月开通"), ("市气象台", "本周将有大风降温")]
    assert attribute_quotes(["据报道，新线路将于下月开通。"]) == []  # unsourced hearsay


def test_expressive_acts_topics_and_requests_are_not_statements() -> None:
    paragraphs = [
        "市长韩立新对各方的支持表示感谢。",
        "工程师宋光明向杂志谈到他的设计理念。",
        "应邻国要求，两国将举行会谈。",
        "水务部门加强调度和巡查。",
    ]
    assert attribute_quotes(paragraphs) == []


def test_manner_adverbial_ending_in_di_is_peeled_off_without_eating_the_name() -> None:
    (quote,) = attribute_quotes(["音乐评论家柯文涛激动地说：“这是我听过最好的演出。”"])
    assert (quote.speaker.name, quote.speaker.role) == ("柯文涛", "音乐评论家")


def test_names_inside_reported_words_do_not_take_the_pronoun() -> None:
    paragraphs = ["发言人苗建新说，代表团成员石立将于周末访问灾区。他还说，救灾物资已经运到。"]
    assert [q.speaker.name for q in attribute_quotes(paragraphs)] == ["苗建新", "苗建新"]


def test_headline_with_two_claims() -> None:
    records = _records(["甲方称谈判取得进展 乙方称对方缺乏诚意"])
    assert [(name, text) for name, text, _, _ in records] == [("甲方", "谈判取得进展"), ("乙方", "对方缺乏诚意")]


def test_elided_subject_is_the_group_or_person_opening_the_sentence() -> None:
    (quote,) = attribute_quotes(["乡领导来到受灾农户家中察看灾情，并表示救灾款将在一周内发放到位。"])
    assert quote.speaker.name == "乡领导" and quote.text == "救灾款将在一周内发放到位"
    (other,) = attribute_quotes(["卢国栋拒绝讨论合同细节，但表示公司不会裁员。"])
    assert other.speaker.name == "卢国栋"


def test_bare_groups_and_one_of_a_group_are_sources() -> None:
    records = _records(["但专家警告，房价仍有下行压力。上述知情人士中的一位说，谈判已接近尾声。"])
    assert [(name, text) for name, text, _, _ in records] == [("专家", "房价仍有下行压力"), ("上述知情人士", "谈判已接近尾声")]


def test_place_adverbial_before_the_verb() -> None:
    (quote,) = attribute_quotes(["此前，吕家豪曾在香港表示愿意出售股份。"])
    assert (quote.speaker.name, quote.text) == ("吕家豪", "愿意出售股份")


def test_verbs_used_as_nouns_and_wishes_are_not_statements() -> None:
    paragraphs = ["数月来，东京一直向邻国提出警告，但对方不予理会。", "工程师们希望“探路者”号下周进入轨道。"]
    assert attribute_quotes(paragraphs) == []


def test_a_pronoun_opening_the_sentence_is_the_subject_of_a_later_verb() -> None:
    paragraphs = ["教练组组长贺振邦在会上讲话。", "他回顾了球队一年来的成绩，但认为防守仍是短板，并要求队员加强体能训练。"]
    assert {q.speaker.name for q in attribute_quotes(paragraphs)} == {"贺振邦"}


def test_a_given_name_that_is_also_a_word_is_still_a_referent() -> None:
    paragraphs = ["市政协主席柯沪宁出席并讲话。他表示，要把调研成果转化为具体措施。"]
    (quote,) = attribute_quotes(paragraphs)
    assert (quote.speaker.name, quote.resolved_from) == ("柯沪宁", "pronoun")


def test_the_issuer_of_a_statement_is_named_without_the_issuing_clause() -> None:
    records = _records(["甲乙两国25日发表联合声明，呼吁各方保持克制。", "某国科学院3日发布报告指出，冰川正在加速消融。"])
    assert [name for name, _, _, _ in records] == ["甲乙两国", "报告"]


def test_plural_pronoun_refers_to_the_group_the_paragraph_names() -> None:
    paragraphs = ["昨天，参加培训的教师们走进了新建的实验室。他们表示，这样的设备让课堂更加生动。"]
    (quote,) = attribute_quotes(paragraphs)
    assert quote.speaker.name == "教师们" and quote.resolved_from == "pronoun"
    assert quote.text == "这样的设备让课堂更加生动"


def test_plural_pronoun_refers_to_counted_title_holders() -> None:
    paragraphs = ["甲国外长与乙国外长在湖畔举行会谈。会后，两国外长对合作前景给予了积极评价。他们还表示，双方将扩大人文交流。"]
    (quote,) = attribute_quotes(paragraphs)
    assert quote.speaker.name == "两国外长"
    assert quote.text == "双方将扩大人文交流"


def test_plural_pronoun_is_not_a_verb_or_an_earlier_institution() -> None:
    paragraphs = [
        "省卫生健康委员会表示，下月起调整门诊时间。",
        "文章回顾了几位老人领导全村修路的经过。他们说，路通了，日子就有了盼头。",
    ]
    quotes = attribute_quotes(paragraphs)
    assert [q.speaker.name for q in quotes] == ["省卫生健康委员会"]  # neither 领导 (a verb here) nor the commission


def test_quotation_closing_a_statement_continues_its_speaker() -> None:
    paragraphs = ["站长周明远说，新线路开通后客流翻了一番。他表示，下一步将增加夜班车。“乘客满意，我们就有干劲。”"]
    quotes = attribute_quotes(paragraphs)
    assert [(q.speaker.name, q.resolved_from) for q in quotes] == [("周明远", None), ("周明远", "pronoun"), ("周明远", "context")]
    assert quotes[-1].text == "乘客满意，我们就有干劲。" and quotes[-1].kind == "direct"


def test_quotation_after_narration_is_not_given_to_the_earlier_speaker() -> None:
    paragraphs = ["站长周明远说，新线路开通后客流翻了一番。记者在车站看到，候车的人排起了长队。“这趟车太方便了，天天都坐。”"]
    quotes = attribute_quotes(paragraphs)
    assert [q.speaker.name for q in quotes] == ["周明远"]


def test_group_sources_lose_connectives_dates_and_issuing_verbs() -> None:
    paragraphs = [
        "尽管多数经济学家认为，明年的增长会放缓。",
        "某国海岸警卫队三日发布的声明称，两艘渔船已经安全返港。",
        "以及部分行业协会表示，新规有助于规范市场。",
    ]
    names = [q.speaker.name for q in attribute_quotes(paragraphs)]
    assert names == ["多数经济学家", "某国海岸警卫队", "部分行业协会"]


def test_week_day_before_the_verb_is_not_part_of_the_name() -> None:
    (quote,) = attribute_quotes(["财政部长罗伯茨上周二表示，预算将在月底提交。"])
    assert (quote.speaker.name, quote.speaker.role) == ("罗伯茨", "财政部长")


def test_an_occasion_and_a_bare_title_make_no_source() -> None:
    assert attribute_quotes(["去年论坛会上秘书长表示，合作仍将继续。"]) == []


def test_title_is_not_glued_to_a_foreign_name() -> None:
    paragraphs = ["“订单还在增加，”木材厂经理丹尼尔·柯瓦奇说。", "行业协会主任拉斐尔·门德斯表示，出口将保持稳定。"]
    found = [(q.speaker.name, q.speaker.role) for q in attribute_quotes(paragraphs)]
    assert found == [("丹尼尔·柯瓦奇", "木材厂经理"), ("拉斐尔·门德斯", "行业协会主任")]


def test_adverbial_clause_between_the_name_and_the_verb() -> None:
    paragraphs = [
        "“日子总会好起来的，”柯明远出院后在接受电话采访时哭着说。",
        "“这太突然了。”邰文涛谈及工厂关闭的消息时说。",
        "省政协副主席、民盟省委主委鲍立新参加小组讨论时说，完全赞成这份报告。",
    ]
    found = [(q.speaker.name, q.text) for q in attribute_quotes(paragraphs)]
    assert found == [("柯明远", "日子总会好起来的，"), ("邰文涛", "这太突然了。"), ("鲍立新", "完全赞成这份报告")]


def test_frame_of_a_bian_bian_construction_is_not_a_name() -> None:
    quotes = attribute_quotes(["店主告诉记者，顾客们喜欢一边逛一边听讲解，实现边走边说。"])
    assert all(q.speaker.name != "边走边" for q in quotes)


def test_a_joint_subject_keeps_the_first_name_whole() -> None:
    paragraphs = ["甲国总统卡洛斯·门多萨与到访的乙国总统安德烈·索科洛夫会谈时表示，两国将扩大能源合作。"]
    (quote,) = attribute_quotes(paragraphs)
    assert (quote.speaker.name, quote.speaker.role) == ("卡洛斯·门多萨", "甲国总统")


def test_praise_with_a_clause_and_speech_verbs_that_need_a_colon() -> None:
    paragraphs = [
        "县长龙海生谈起此事时，高兴地称赞这是一种值得推广的做法。评论员也称赞他的坦率。",
        "白崇礼到任不久，就对全体教师讲：“有问题，你们大胆提。”总的来讲，学校变化很大。",
        "“规矩必须立起来。”白崇礼说。经过这件事，他意识到：“规矩比什么都重要。”",
    ]
    found = [(q.speaker.name, q.cue, q.text) for q in attribute_quotes(paragraphs)]
    assert found == [
        ("龙海生", "称赞", "这是一种值得推广的做法"),
        ("白崇礼", "讲", "有问题，你们大胆提。"),
        ("白崇礼", "说", "规矩必须立起来。"),
        ("白崇礼", "意识到", "规矩比什么都重要。"),
    ]


def test_clause_pieces_are_no_speakers() -> None:
    paragraphs = [
        "两人从电视台播出的新闻中得知，山区学校缺少教师。",
        "“继承传统”的说法认为，老手艺需要年轻人。",
        "双方会谈后表示，将继续保持沟通。",
    ]
    names = {q.speaker.name for q in attribute_quotes(paragraphs)}
    assert not names & {"电视台播出的新闻中", "“继承传统", "谈后"}


def test_a_name_after_a_verb_and_a_title_is_an_object_not_the_pronouns_referent() -> None:
    paragraphs = [
        "许振华总经理将新港口的开工视为自己的政绩。虽然再次赞扬了邻市市长卡雷拉，但他表示，运费不会降低。",
        "刚刚退休的造船厂总经理邓国梁感触很深，他说：“那时要是有今天的条件就好了。”",
    ]
    found = [(q.speaker.name, q.resolved_from) for q in attribute_quotes(paragraphs)]
    assert found == [("许振华", "pronoun"), ("邓国梁", "pronoun")]


def test_group_names_lose_leading_time_words_and_sources() -> None:
    paragraphs = [
        "周二部分航运公司表示，运价还会上涨。",
        "根据某省审计厅的报告，多个项目存在超支。报告指出，资金管理仍有漏洞。",
        "“这是一项好协议，”财政部长哈罗德·文斯上周末说。",
    ]
    names = [q.speaker.name for q in attribute_quotes(paragraphs)]
    assert "周二部分航运公司" not in names and "部分航运公司" in names
    assert "哈罗德·文斯" in names and not any(n.startswith("根据") for n in names)
