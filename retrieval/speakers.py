"""Who is the subject of a reporting verb: split a subject phrase into role and name.

``parse_subject('闵行区区长陈华文在致辞中')`` gives Speaker(name='陈华文', role='闵行区区长').
The rules are lexical: trailing adverbials (在…时, 日前, 则, 也 …) are removed, the name is
the tail after the last role or organisation word, and it must look like a person's name
(a Chinese surname with one or two characters, a transliterated foreign name, or names
joined by ·). Collective subjects (闵行区领导, 外交部发言人, 中方) are speakers too.
"""

from __future__ import annotations

import functools
import os
import re

from .models import Speaker

HAN = r"\u3400-\u4dbf\u4e00-\u9fff"

SURNAMES_SINGLE = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季"
    "裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦"
    "戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻"
    "苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练"
    "廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜"
    "印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由习逄郇蒯钮眭郦扶堵"
)
SURNAMES_DOUBLE = set(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 钟离 端木 南宫 西门 独孤 呼延 万俟 澹台 公羊 闻人 申屠".split()
)
TRANSLIT_CHARS = set(
    "阿埃艾爱安昂奥巴拜班邦贝本比彼毕宾波伯博布达代丹道德登迪蒂杜多厄恩法凡范菲费芬丰夫福弗盖甘冈高戈格"
    "根贡古瓜哈海汉豪赫亨胡华怀霍基吉加贾杰金久卡凯坎康考柯科克肯库夸奎拉莱兰朗劳勒雷蕾里利莉连林琳卢鲁"
    "路伦罗洛吕马迈麦曼芒梅门蒙米敏明莫默穆纳奈南内尼涅宁努诺欧帕潘佩彭皮珀普齐奇恰乔切钦琼丘屈让瑞若萨"
    "塞赛桑瑟森沙莎尚舍圣施什舒斯松苏索塔泰坦汤唐特提廷托瓦万旺威韦维温沃乌伍西希锡夏谢辛休雅亚扬耶伊因英"
    "尤于约泽扎詹兹佐左茨策查柴徹哲津铁特曼兹莱蒂娜娅丽莲芙黛妮薇姆缪妮尔雅苗蒂凯尼斯诺维奇茨基夫娃卜玛翰琪瑟蒂"
    "逊珀堡赖迦嘉莎媞皓乌鲍杰贡卓哥戴迈梭澳冯方丁汀庞列朱茹琴萝璐邦"
)
_ROLE_END = set(
    "长家员师人士者官席理统记任授表监裁问事使卿相帅将尉工民生手板东主户傅姐哥叔姨妈爷奶导编播练星客伴友众"
    "司部局院会委社行府所厂团处校馆台报网队组署厅办站党军警方令宾"
)
"""Last characters of role and organisation words (区长, 经济学家, 委员, 中金公司 …)."""

_NOT_ROLE_END = set("是的了和与及或向对在把被给让且而但就也还又都说称要会将曾已从于为以·・•‧．-－")
"""Characters that cannot end a role: a name after them is part of a clause, not a title."""
_COUNTED = re.compile(r"[一二两三四五六七八九十几数多][名位个些]|[的了是在和与着过]")
"""Counted groups (两名) and function characters never make a name."""

_PERSON_TITLES = (
    "总书记 首席执行官 委员 院士 教授 部长 副部长 区长 市长 省长 县长 书记 主席 副主席 总统 副总统 总理 副总理 议长 大使 先生 女士 "
    "博士 老师 师傅 代表 主任 局长 校长 院长 会长 董事长 总裁 经理 总经理 首相 外长 国务卿 秘书长 司令 将军 上将 "
    "研究员 工程师 律师 医生 专家 村长 镇长 厅长 处长 队长 书记员 干事 同志 大爷 大妈 阿姨 大姐 大哥"
).split()
PERSON_TITLES: tuple[str, ...] = tuple(sorted(set(_PERSON_TITLES), key=len, reverse=True))
"""Titles that can follow a name or a bare surname (孔令智委员, 李院士, 陈区长)."""

COLLECTIVE_ENDINGS = (
    "领导 官员 人士 专家 学者 发言人 负责人 代表 方面 当局 政府 部门 机构 媒体 团队 委员会 办公室 研究所 研究院 "
    "外交部 国防部 商务部 财政部 卫生部 教育部 公安部 部 局 委 院 公司 集团 银行 协会 组织 联盟 议会 法院 检察院 "
    "警方 军方 中方 美方 俄方 外方 双方 各方 校方 厂方 资方 院方 网友 民众 居民 村民 市民 农民 群众 业内人士 "
    "分析人士 分析师 经济学家 科学家 研究人员 工作人员 消息人士 知情人士 观察人士 报告 声明 公报 社论"
).split()

PRONOUNS = {"他", "她", "他们", "她们", "其", "该人士", "这位人士", "这位官员", "这位专家", "此人", "对方"}
_PLURAL_PRONOUNS = {"他们", "她们"}

_NOT_NAMES = set(
    "文章 报告 声明 研究 调查 数据 分析 评论 社论 公报 通知 意见 方案 规划 会议 讲话 消息 报道 资料 统计 结果 大家 人们 "
    "有人 记者 外界 舆论 大会 会上 人士 专家 官员 领导 我们 你们 自己 本人 对此 此外 同时 其中 随后 然而 不过 他说 她说 "
    "公司 政府 部门 方面 国家 社会 中国 美国 日本 俄罗斯 欧洲 世界 全国 各地 地方 群众 网友 民众 党员 干部 代表 委员 "
    "文件 决定 纪要 条例 法律 规定 指南 白皮书 新闻 调查显示 研究显示 统计显示 数据显示 事实 历史 实践 经验 "
    "作者 笔者 编者 本报 本台 央视 新华社 万人 千人 百人 一位 一名 有关 相关 当地 村里 家里 这里 那里 现在 目前 "
    "过去 如今 今天 昨天 明天 当天 当时 同期 来自 所有 不少 很多 许多 多数 少数 部分 乘客 游客 顾客 患者 学生 "
    "孩子 家长 老人 工人 农民 村民 居民 市民 选手 球员 教练 医生 护士 老师 师生 员工 职工 网民 观众 读者".split()
)

_TRAILING_ADVERBIALS = [
    re.compile(p)
    for p in (
        r"在[^，。；：,;]{1,40}?(?:时|中|上|后|前|期间|之际|里|间|当中|现场|之时)$",
        r"在[^，。；：,;]{1,30}?(?:论坛|会议|大会|峰会|发布会|记者会|座谈会|研讨会|仪式|活动|场合|节目|演讲|讲话|声明|报告|"
        r"文章|推文|Twitter|博客|信|电话|视频|直播|电视|广播|网站|社交媒体|电台)$",
        r"(?:于|在)?\d{1,2}月\d{1,2}日(?:[上下]午|晚间?|早间?)?$",
        r"(?:于|在)?\d{1,2}日(?:[上下]午|晚间?|早间?)?$",
        r"(?:日前|近日|当天|当日|今天|昨天|同日|此前|随后|最近|近期|今年|去年|目前|当时|后来|此后|之后|当晚|今年初|年初|"
        r"本月|上月|本周|上周|当月|近来|日来|周[一二三四五六日]晚?|月初|月底|年底|"
        r"上午|下午|晚上|早上|周[一二三四五六日末]|星期[一二三四五六日天])$",
        r"(?:接受|在接受)[^，。；,;]{0,20}?(?:采访|专访|访问|提问|询问)(?:时)?$",
        r"(?:对|向|告诉|跟|和)(?:本台|总台|本报|新华社|央视|中新社)?(?:记者|媒体|笔者|我们|来访者|大家|观众|听众|外界|与会者)$",
        r"(?:代表[^，。；,;]{1,20}?)?(?:发言|讲话|致辞|演讲|作答|答问|回答|作报告|做报告|发表讲话|发表演讲|发表声明|撰文|发文|"
        r"发推|发帖|发表文章|致信|写信|在信中)(?:时)?$",
        r"(?:对此|为此|就此|据此|对于此事|就此事|针对此事|针对这一情况)$",
        r"(?:就|对|针对|围绕|关于)[^，。；,;]{1,24}?(?:问题|事件|情况|议题|话题|事宜|一事|计划|政策|决定|举措|报道|前景|形势)$",
        r"(?:再次|一再|多次|反复|进一步|同时|明确|特别|首先|最后|接着|随即|继而|还曾|曾经|也曾|此前曾|公开|坦率|直接|强硬|"
        r"当即|立即|专门|认真|补充|总结|深有感触|感慨|动情|激动|笑着|高兴|自豪|骄傲|兴奋|坚定|郑重|严肃|一直|常常|经常|总是|"
        r"早就|早已|曾|也|还|又|则|更|均|都|就|却|亦|便|即|才|仍|仍然|依然|始终|也都|纷纷|先后|共同|一致|分别|各自|常|常说|时常|"
        r"不止一次|不断|反复地|一针见血地)$",
        rf"[{HAN}]{{2}}地$",
    )
]
_DATELINE = re.compile(r"^[^，。；：,;]{0,30}?(?:\d{1,2}日电|\d{1,2}日讯|讯)(?:[（(][^）)]{0,20}[）)])?")
"""新华社北京1月6日电 / 本报讯（记者 …）: the dateline before the first sentence."""
_LEADING_JUNK = re.compile(
    r"^(?:在[^，。；：,;]{1,30}?(?:时|中|上|后|之际)|据|而|但|但是|并且|同时|此外|另外|然而|不过|随后|其中|对此|会上|会后|会中|当时|如今|目前|现在|为此|因此|所以|"
    r"于是|并|又|还|也|就此|对于|至于|其后|之后|最后|首先|其次|再次|另据|又据|正如|如|像|诚如|就像|恰如)+"
)
_ALIAS = re.compile(r"^(.*?)\s*[（(]\s*([A-Za-z][A-Za-z .,'’\-&]*?)\s*[)）]$")
_INNER_PAREN = re.compile(r"[（(][^（()）]{0,60}[)）]")
_FOREIGN = re.compile(rf"[{HAN}]{{1,8}}(?:[·・•‧．\-－][{HAN}]{{1,8}})+$")
_FOREIGN_START = re.compile(rf"[{HAN}]{{1,8}}(?:[·・•‧．\-－][{HAN}]{{1,8}})+")
_HAN_ONLY = re.compile(rf"^[{HAN}]+$")


def strip_adverbials(span: str) -> str:
    """Remove leading connectives and trailing adverbials around the subject of a verb."""
    span = span.strip(" \t、")
    span = _DATELINE.sub("", span)
    span = _LEADING_JUNK.sub("", span)
    for _ in range(6):
        before = span
        for pattern in _TRAILING_ADVERBIALS:
            stripped = pattern.sub("", span)
            if stripped and stripped != span:
                span = stripped.rstrip(" ，,、")
        if span == before:
            break
    return span.strip()


@functools.cache
def _dictionary_tags() -> dict[str, str]:
    """jieba's dictionary as word -> part-of-speech tag, to tell common words from names.

    Read straight from jieba's dict.txt (word, frequency, tag per line), which is much
    cheaper than initialising jieba.posseg.
    """
    import jieba

    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    tags: dict[str, str] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 3:
                tags[parts[0]] = parts[2]
    return tags


def is_common_word(word: str) -> bool:
    """A dictionary word that is not a person's name (高峰, 中心): ambiguous as a speaker name."""
    tag = _dictionary_tags().get(word)
    return tag is not None and not tag.startswith("nr")


def _has_surname(name: str) -> bool:
    return name[:2] in SURNAMES_DOUBLE or name[0] in SURNAMES_SINGLE


def _foreign_name(name: str) -> bool:
    """洛朗·亨宁格, 冯·皮尔, 伊莱恩·孙: dot-joined parts that read as a transliteration."""
    if not _FOREIGN.fullmatch(name):
        return False
    parts = re.split(r"[·・•‧．\-－]", name)
    for i, part in enumerate(parts):
        if all(ch in TRANSLIT_CHARS for ch in part):
            continue
        if i == 0 and len(part) <= 2 and _has_surname(part):
            continue  # 冯·皮尔
        if i == len(parts) - 1 and len(part) <= 2 and i > 0:
            continue  # 伊莱恩·孙
        return False
    return True


def looks_like_name(name: str) -> bool:
    """Does ``name`` look like a person's name (Chinese or transliterated)?"""
    if not name or name in _NOT_NAMES or name in PRONOUNS:
        return False
    if _FOREIGN.fullmatch(name):
        return _foreign_name(name)
    if not _HAN_ONLY.match(name) or not 2 <= len(name) <= 7 or _COUNTED.search(name):
        return False
    if len(name) <= 4 and any(name.endswith(t) and len(name) - len(t) <= 2 for t in PERSON_TITLES):
        return False  # 李院士, 陈区长: a surname and a title, not a full name
    tag = _dictionary_tags().get(name)
    transliterated = all(ch in TRANSLIT_CHARS for ch in name)
    if tag is not None and tag.startswith("nr"):
        return True  # jieba knows it as a person's name
    if tag is not None and not (tag == "ns" and transliterated):
        return False  # a common word (领导, 政府 …), not a name; jieba tags 波尼拉 as a place
    if 2 <= len(name) <= 3 and _has_surname(name):
        return True
    if len(name) == 4 and name[:2] in SURNAMES_DOUBLE:
        return True
    return transliterated


@functools.lru_cache(maxsize=65536)
def _word_starts(phrase: str) -> frozenset[int]:
    """Offsets where jieba starts a word in ``phrase``: a name should begin at one of them."""
    import jieba

    from .tokenize import initialize_jieba

    initialize_jieba()  # its cache in newsbot's cache dir, not the shared temporary directory
    starts, offset = set(), 0
    for word in jieba.lcut(phrase, HMM=False):
        starts.add(offset)
        offset += len(word)
    return frozenset(starts)


def _split_role_name(phrase: str) -> tuple[str | None, str] | None:
    """Split 'role + name' after the first role word whose remainder looks like a name.

    Cuts where jieba starts a word are tried first (丝路基金会主席金琦, not 主 + 席金琦).
    """
    if looks_like_name(phrase):
        return None, phrase
    role_cuts = [c for c in range(1, len(phrase) - 1) if phrase[c - 1] in _ROLE_END or phrase[c - 1] == "的"]
    starts = _word_starts(phrase)
    for cuts in ([c for c in role_cuts if c in starts], role_cuts):
        for cut in cuts:
            name = phrase[cut:]
            if looks_like_name(name):
                return phrase[:cut].rstrip("的、 ") or None, name
    for cut in range(2, min(len(phrase) - 1, 12)):  # 易凯资本王冉: no role word, a name at the end
        name, before = phrase[cut:], phrase[cut - 1]
        if cut not in starts or before in TRANSLIT_CHARS or before in _NOT_ROLE_END:
            continue
        if (_FOREIGN.fullmatch(name) or len(name) <= 3) and looks_like_name(name):
            return phrase[:cut], name
    return None


def _name_then_title(phrase: str) -> Speaker | None:
    """孔令智委员 (name then title), 李院士 / 陈区长 (surname then title)."""
    for title in PERSON_TITLES:
        if phrase.endswith(title) and len(phrase) > len(title):
            head = phrase[: -len(title)]
            split = _split_role_name(head)
            if split is not None:
                role, name = split
                full_role = f"{role}{title}" if role else title
                return Speaker(name=name, role=full_role)
            if len(head) == 1 and head in SURNAMES_SINGLE or head in SURNAMES_DOUBLE:
                return Speaker(name=phrase, role=title)  # surname + title; resolved later
    return None


def _ends_collective(phrase: str) -> bool:
    """Ends with a group word (领导, 发言人, 外交部 …) with something before it."""
    return 2 < len(phrase) <= 24 and any(
        phrase.endswith(ending) and len(ending) >= 2 for ending in COLLECTIVE_ENDINGS
    )


def is_collective(phrase: str) -> bool:
    """闵行区领导, 外交部发言人, 中方, 委内瑞拉: an institution, group or country speaking."""
    if not 2 <= len(phrase) <= 24 or phrase in _NOT_NAMES:
        return False
    if _ends_collective(phrase) or (len(phrase) == 2 and phrase.endswith("方")):
        return True
    return _dictionary_tags().get(phrase) in {"nt", "ns"}


def parse_subject(span: str) -> Speaker | str | None:
    """The speaker named by the subject of a reporting verb.

    Returns a Speaker, the pronoun itself (``'他'``) when the subject is a pronoun, or None
    when the phrase does not name anyone.
    """
    phrase = strip_adverbials(span)
    if not phrase or len(phrase) > 80:
        return None
    if phrase in PRONOUNS:
        return phrase
    alias = None
    if m := _ALIAS.match(phrase):
        phrase, alias = m.group(1).strip(), m.group(2).strip()
    phrase = _INNER_PAREN.sub("", phrase).replace(" ", "").strip("、，,")
    if not phrase:
        return None
    if "的" in phrase:  # 曾四次担任北京美国商会主席的吉莫曼, 新来的嘉宾许明远
        role, _, tail = phrase.rpartition("的")
        if looks_like_name(tail):
            return Speaker(name=tail, role=role or None, alias=alias)
        split = _split_role_name(tail)
        if split is not None and split[0] is not None and not is_collective(tail):
            return Speaker(name=split[1], role=f"{role}的{split[0]}" if role else split[0], alias=alias)
    if is_collective(phrase):
        return Speaker(name=phrase, collective=True)
    split = _split_role_name(phrase)
    if split is not None:
        role, name = split
        if role is None or len(role) <= 40:
            return Speaker(name=name, role=role, alias=alias)
    if titled := _name_then_title(phrase):
        return Speaker(name=titled.name, role=titled.role, alias=alias)
    if any(phrase.endswith(title) for title in PERSON_TITLES) and 2 < len(phrase) <= 16:
        return Speaker(name=phrase, collective=True)  # 英国首相: a role with no name
    return None


_MENTION_NEXT = set("的在说是把对就也会已将曾称表指认告向与和则还又被从于")
_CLAUSE = re.compile(r"[^，。；！？：,;!?“”\"「」]+")


def clause_initial_names(text: str) -> list[tuple[int, str]]:
    """Names that open a clause (鲍卫忠的办法就是…, 因凡蒂诺在…): (offset, name) pairs.

    Pronouns such as 他 refer back to people mentioned this way, not only to earlier speakers.
    """
    found: list[tuple[int, str]] = []
    for clause in _CLAUSE.finditer(text):
        body = clause.group(0).lstrip(" ")
        start = clause.end() - len(body)
        if m := _FOREIGN_START.match(body):
            if looks_like_name(m.group(0)):
                found.append((start, m.group(0)))
            continue
        for size in (3, 2, 4):
            if len(body) > size and body[size] in _MENTION_NEXT and looks_like_name(body[:size]):
                found.append((start, body[:size]))
                break
    return found


def is_plural_pronoun(pronoun: str) -> bool:
    return pronoun in _PLURAL_PRONOUNS


def name_parts(name: str) -> list[str]:
    """The parts of a foreign name (洛朗·亨宁格 -> 洛朗, 亨宁格), or the name itself."""
    if not any(dot in name for dot in "·・•‧．"):
        return [name]
    parts = [p for p in re.split(r"[·・•‧．]", name) if p]
    return parts if len(parts) > 1 else [name]
