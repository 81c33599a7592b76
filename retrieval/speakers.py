"""Who is the subject of a reporting verb: split a subject phrase into role and name.

``parse_subject('闵行区区长陈华文在致辞中')`` gives Speaker(name='陈华文', role='闵行区区长').
The rules are lexical: trailing adverbials (在…时, 日前, 则, 也 …) are removed, the name is
the tail after the last role or organisation word, and it must look like a person's name
(a Chinese surname with one or two characters, a transliterated foreign name, or names
joined by ·). Collective subjects (闵行区领导, 外交部发言人, 中方) are speakers too.
"""

from __future__ import annotations

import functools
import re

from . import inventories
from .inventories import words
from .models import Speaker
from .tokenize import jieba_dictionary, plain_cut, word_frequency

HAN = r"\u3400-\u4dbf\u4e00-\u9fff"

SURNAMES_SINGLE: frozenset[str] = inventories.single_surnames()
SURNAMES_DOUBLE: frozenset[str] = inventories.compound_surnames()
COMMON_SURNAMES: frozenset[str] = inventories.common_surnames()
TRANSLIT_CHARS: frozenset[str] = inventories.transliteration_chars()
JAPANESE_SURNAMES: frozenset[str] = inventories.japanese_surnames()
COUNTRIES: frozenset[str] = inventories.countries()
"""The inventories (retrieval/data/*.txt, each naming its source); the rules below use them."""
COUNTRY_ABBREVIATIONS = frozenset(words("country_abbreviation"))
"""One-character country names of news style (俄称…, 乌军): a state speaking, an organization."""

ORDINARY_WORD_FREQ = 300
"""A string jieba's dictionary counts at least this often is an ordinary word (公正, 荣誉, 上海), not a name;
jieba's part-of-speech tag alone is no evidence (it tags 公正 and 荣誉 as names, 普京 as a place)."""
_GIVEN_WORD_FREQ_COMMON = 10000
"""After a common surname, a given name that is this frequent a word (关 + 研究) means a clause, not a name."""
_GIVEN_WORD_FREQ_RARE = 100
_VERB_GIVEN_FREQ = 1000
"""A verb this frequent (调查, 报道) is no two-character given name."""
_SURNAME_SCORES = inventories.surname_scores()
_LEAST_SURNAME_SCORE = 6.0
"""Surnames at the modern list's floor (5) or only in 百家姓 are too rare to make a name by themselves."""
"""After a rare surname (但, 红) the given name must not be a word this frequent (但 + 苹果, 红 + 树林)."""

_GRAMMATICAL_TAGS = frozenset("tdrpcufm")
"""jieba tag classes of time words, adverbs, pronouns, prepositions, conjunctions, particles,
directions and numerals: never a given name (以前, 现在, 那样)."""
_PLACE_TIME_CHARS = frozenset(words("localiser_char"))
"""Localisers (会谈后, 会上, 期间): after a one-character 'surname' they make a time or place word."""
_OFFICE_CHARS = frozenset(words("office_char"))
"""Last characters of office names (工程处, 公安局): not a one-character given name."""
FUNCTION_CHARS = frozenset(words("function_char"))
"""Particles, pronouns and adverbs that never occur in a name: a string containing one is a clause fragment."""
_ADVERBS = "".join(words("adverb_char"))
"""Adverbs and conjunctions: inside a name they can be given-name characters (张又侠, 钱其琛), at an edge
they mark a clause fragment (华为已, 关税都)."""
_NOT_FIRST = frozenset(words("clause_opening_char")) | frozenset(_ADVERBS)
"""Prepositions, conjunctions and adverbs that open a clause fragment (但苹果, 对记者), not a name."""
VERB_FIRST_FREQ = 3000
"""A frequent verb at the start (强调, 认为) makes a clause, not a name."""
_NOT_LAST = frozenset(words("clause_closing_char")) | frozenset(_ADVERBS)
"""Adverbs, particles and verb pieces that end a clause fragment (华为已, 关税都), not a name."""
_SHARED_SYLLABLES = frozenset(words("shared_syllable"))
"""Grammatical characters (a complement particle, an adverb, an adverbial particle) that conventional
transliterations also use: 彼得 (Peter), 雅各 (Jacob), 诺曼地. They close a name only as the last
character of a word jieba's dictionary tags as a transliterated name (``nrt``), never after a verb
(觉得, 获得 are no such words)."""
_LEAST_CONVENTIONAL_FREQ = 10
"""A conventional transliteration must be a dictionary word this frequent (彼得 336, 雅各 129)."""

_DOCUMENT_HEADS = frozenset(words("document_head"))
"""A meeting or document that 指出/强调/称 speaks as an organization (会议指出, 声明称)."""
_ROLE_END = set(words("role_end_char"))
"""Last characters of role and organisation words (区长, 经济学家, 委员, 中金公司 …)."""

_NOT_ROLE_END = set(words("not_role_end_char"))
"""Characters that cannot end a role: a name after them is part of a clause, not a title."""
_COUNTED = re.compile(r"[一二两三四五六七八九十几数多][名位个些]|[的了是在和与着过]")
"""Counted groups (两名) and function characters never make a name."""

PERSON_TITLES: tuple[str, ...] = tuple(sorted(words("person_title"), key=len, reverse=True))
"""Titles that can follow a name or a bare surname (孔令智委员, 李院士, 陈区长)."""
ADDRESS_FORMS = words("address_form")
"""Forms of address after a bare surname (王女士): a person even where the article gives no fuller
name, and never part of a name (洪先生 is no 洪先 + 生)."""
_ROLE_END_WORDS = words("role_end_word")
"""Titles that end a role though their last character ends few other role words (新闻秘书 but 赠书):
a role may end with the whole word."""
_TITLES_IN_NAMES = tuple(t for t in PERSON_TITLES if len(t) >= 2 and t not in words("kin_title"))
"""Titles that never occur inside a name (主席巴赫 is a role glued to a name)."""
_TITLE_IN_NAME = re.compile("|".join(map(re.escape, _TITLES_IN_NAMES)))
_PERSON_TITLE_SET = frozenset(PERSON_TITLES)

COLLECTIVE_ENDINGS = list(words("collective_ending"))

ORGANIZATION_ENDINGS = list(words("organisation_ending"))
"""Heads of institution, state, media, meeting and document names (外交部, 中金公司, 会议, 声明)."""
COLLECTIVE_HEADS = list(words("group_head"))
"""Heads of group names (专家, 业内人士, 与会代表, 网友): many people speaking as one."""
_INDIVIDUAL_ROLES = words("individual_role") + tuple(t for t in PERSON_TITLES if t not in words("group_title"))
"""A role with no name (外交部发言人, 英国首相) still names one person."""

PRONOUNS = set(words("pronoun"))
_PLURAL_PRONOUNS = set(words("plural_pronoun"))

_NOT_NAMES = set(words("not_a_name"))

_TRAILING_ADVERBIALS = [
    re.compile(p)
    for p in (
        r"在[^，。；：,;]{1,40}?(?:时|中|上|后|前|期间|之际|里|间|当中|现场|之时)$",
        r"在[^，。；：,;]{1,30}?(?:论坛|会议|大会|峰会|发布会|记者会|座谈会|研讨会|仪式|活动|场合|节目|演讲|讲话|声明|报告|"
        r"文章|推文|Twitter|博客|信|电话|视频|直播|电视|广播|网站|社交媒体|电台)$",
        r"(?:于|在)?\d{1,2}月\d{1,2}日(?:[上下]午|晚间?|早间?)?$",
        r"(?:于|在)?(?:\d{1,2}|[一二三四五六七八九十]{1,3})日(?:[上下]午|晚间?|早间?)?$",
        r"(?:于|在)(?:周[一二三四五六日末]|星期[一二三四五六日天]|当天|当日|今天|昨天|日前|近日|本月|上月|本周|上周)$",
        r"(?:本月初|上月初|本月底|上月底|本周初|本月中旬|上月中旬|月中|年中|日前|近日|当天|当日|今天|昨天|同日|此前|随后|最近|近期|今年|去年|目前|当时|后来|此后|之后|当晚|今年初|年初|"
        r"本月|上月|本周|上周|当月|近来|日来|现在|如今|(?:上|下|本|这)?周[一二三四五六日]晚?|月初|月底|年底|"
        r"上午|下午|晚上|早上|(?:上|下|本|这)?周[一二三四五六日末]|星期[一二三四五六日天])$",
        r"(?:接受|在接受)[^，。；,;]{0,20}?(?:采访|专访|访问|提问|询问)(?:时)?$",
        r"(?:对|向|告诉|跟|和)(?:本台|总台|本报|新华社|央视|中新社)?(?:记者|媒体|笔者|我们|来访者|大家|观众|听众|外界|与会者)$",
        r"(?:发表|发布|发出)[^，。；：,;]{0,12}?(?:声明|公报|通报|通告|公告|消息|谈话)$",  # X发表声明称, X发布消息说: X speaks; a report speaks itself
        r"[（(][^）)A-Za-z]{0,8}\d[^）)A-Za-z]{0,8}[）)]$",
        r"(?:通报|发文|撰文)$",
        r"在[^，。；：,;]{2,30}?(?:总部|官邸|大楼|总统府|机场|会场)$",
        r"(?:代表[^，。；,;]{1,20}?)?(?:发言|讲话|致辞|演讲|作答|答问|回答|作报告|做报告|发表讲话|发表演讲|发表声明|撰文|发文|"
        r"发推|发帖|发表文章|致信|写信|在信中)(?:时)?$",
        r"(?:对此|为此|就此|据此|对于此事|就此事|针对此事|针对这一情况)$",
        r"(?<![一两几这那每某该种项份些个])(?:进一步|初步|深入)?(?:分析|评估)$",  # 媒体分析称: the subject analyses, then speaks
        r"(?:就|对|针对|围绕|关于)[^，。；,;]{1,24}?(?:问题|事件|情况|议题|话题|事宜|一事|计划|政策|决定|举措|报道|前景|形势)$",
        r"(?:再次|一再|多次|反复|进一步|同时|明确|特别|首先|最后|接着|随即|继而|还曾|曾经|也曾|此前曾|公开|坦率|直接|强硬|"
        r"当即|立即|专门|认真|补充|总结|深有感触|感慨|动情|激动|微笑着|笑着|高兴|自豪|骄傲|兴奋|坚定|郑重|严肃|一直|常常|经常|总是|"
        r"强烈|坚决|严厉|高度|严正|断然|公开地|"
        r"早就|早已|曾|也|还|又|则|更|均|都|就|却|亦|便|即|才|仍|仍然|依然|始终|也都|纷纷|先后|共同|一致|分别|各自|常|常说|时常|"
        r"不止一次|不断|反复地|一针见血地|一方面|另一方面)$",
        rf"[{HAN}]{{2}}地$",
    )
]
_DATELINE = re.compile(r"^[^，。；：,;]{0,30}?(?:\d{1,2}日电|\d{1,2}日讯|讯)(?:[（(][^）)]{0,20}[）)])?")
"""新华社北京1月6日电 / 本报讯（记者 …）: the dateline before the first sentence."""
_LEADING_JUNK = re.compile(
    r"^(?:在[^，。；：,;]{1,30}?(?:时|中|上|后|之际)|如果|假如|即使|即便|据|而|但|但是|并且|同时|同一天|同日|同一时间|此外|另外|然而|不过|随后|其中|对此|会上|会后|会中|当时|如今|目前|现在|为此|因此|所以|"
    r"于是|并|又|还|也|就此|对于|至于|其后|之后|最后|首先|其次|再次|另据|又据|正如|如|像|诚如|就像|恰如|"
    r"因为|由于|尤其是|特别是|例如|比如|甚至|包括[^，。；：,;]{1,30}?在内的)+"
)
_ALIAS = re.compile(r"^(.*?)\s*[（(]\s*([A-Za-z][A-Za-z .,'’\-&]*?)\s*[)）]$")
_INNER_PAREN = re.compile(r"[（(][^（()）]{0,60}[)）]")
NAME_DOTS = "·・•‧∙．"
"""Middle dots that join the parts of a foreign name (U+00B7, U+30FB, U+2022, U+2027, U+2219, U+FF0E)."""
NAME_DOT = re.compile(f"[{NAME_DOTS}]")
DOTS = rf"[{NAME_DOTS}\-－]"
_PART = rf"(?:[{HAN}]{{1,8}}|[A-Z]\.?)"
"""A part of a foreign name: characters, or a Latin initial (玛丽·L·格林)."""
_FOREIGN = re.compile(rf"[{HAN}]{{1,8}}(?:{DOTS}{_PART})*{DOTS}[{HAN}]{{1,8}}$")
_FOREIGN_START = re.compile(rf"[{HAN}]{{1,8}}(?:{DOTS}{_PART})*{DOTS}[{HAN}]{{1,8}}")
_HAN_ONLY = re.compile(rf"^[{HAN}]+$")
_ANY_DOT = re.compile(DOTS)


@functools.lru_cache(maxsize=1 << 16)
def strip_adverbials(span: str) -> str:
    """Remove leading connectives and trailing adverbials around the subject of a verb."""
    span = span.strip(" \t、")
    span = _leading_circumstance_cut(_DATELINE.sub("", span))
    stripped = _LEADING_JUNK.sub("", span)
    removed = len(span) - len(stripped)
    kept = next((k for k in range(removed) if _starts_with_country(span[k:]) and (k == 0 or _LEADING_JUNK.fullmatch(span[:k]))), None)
    span = span[kept:] if kept is not None else stripped  # 据 | 也门胡塞武装: the 也 of 也门 stays
    for _ in range(6):
        before = span
        for pattern in _TRAILING_ADVERBIALS:
            stripped = pattern.sub("", span)
            if stripped and stripped != span:
                if span.endswith("地") and plain_cut(span[-8:])[-1] == "地" and len(stripped) not in (starts := _word_starts(span)):
                    at = len(stripped)  # 他信誓旦旦地: a manner word is removed whole (信誓 | 旦旦地 is no cut)
                    while at > 0 and at not in starts:
                        at -= 1
                    stripped = span[:at]
                span = stripped.rstrip(" ，,、")
        if coverb := _COVERB.search(span):
            starts, at = _word_starts(span), coverb.start()
            while at > 0 and at not in starts:
                at -= 1  # the whole verb: 老赵 | 微笑着…, not 老赵微 | 笑着…
            if at > 0 and _names_someone(span[:at]):
                span = span[:at]  # 某某拉着记者的手 (说): a co-verb phrase of manner after its subject
        if span == before:
            break
    return span.strip()


_CIRCUMSTANCE_END = re.compile(r"时|中|上|后|之际")


def _leading_circumstance_cut(span: str) -> str:
    """在考察中国历史研究院时 | 总书记: a leading 在… clause ends at a 时/中/上/后 that is a word of its
    own, not at the first such character (中 of 中国); left alone when none is (在会上 is one word)."""
    if not span.startswith("在"):
        return span
    starts = _word_starts(span[:40])
    for m in _CIRCUMSTANCE_END.finditer(span, 2, 32):
        if m.start() in starts and m.end() in starts and m.end() < len(span):
            return span[m.end() :]
    return span


_COVERB = re.compile(rf"[{HAN}]着[^，。；：,;“”\"]{{1,12}}$")
"""A verb with the durative 着 and its object (拉着记者的手, 指着地图): how the subject speaks."""


def _names_someone(phrase: str) -> bool:
    """The phrase ends in a personal pronoun or a name (…的某某): a subject is complete before what
    follows. 一位穿着红衣服的女士 is no such case: there the 着 phrase modifies the head noun."""
    if phrase.endswith(("他", "她", "他们", "她们")) or (phrase[-2:-1] in ("老", "小") and phrase[-1:] in SURNAMES_SINGLE):
        return True  # a pronoun, or 老张 / 小李
    return any(looks_like_name(phrase[-n:]) for n in (4, 3, 2) if len(phrase) >= n)


_dictionary = jieba_dictionary


@functools.cache
def _dictionary_tags() -> dict[str, str]:
    return {word: tag for word, (_, tag) in _dictionary().items()}


def is_ordinary_word(word: str) -> bool:
    """A frequent dictionary word (公正, 荣誉, 上海, 华为): not a person's name by itself.

    Frequent words jieba knows as names stay names when the name tag is backed by more: a
    transliterated-name tag (``nrt``: 布朗, 约翰), three or more characters (毛泽东), or a common
    surname first (李鹏). 公正 (公 is a rare surname) and 荣誉 stay ordinary words.
    """
    entry = _dictionary().get(word)
    if entry is None or entry[0] < ORDINARY_WORD_FREQ:
        return False
    tag = entry[1]
    if tag == "nrt":
        return False
    return not (tag.startswith("nr") and (len(word) >= 3 or word[0] in COMMON_SURNAMES))


def is_common_word(word: str) -> bool:
    """A dictionary word that is not a person's name (高峰, 中心): ambiguous as a speaker name."""
    entry = _dictionary().get(word)
    return entry is not None and (not entry[1].startswith("nr") or is_ordinary_word(word))


def conventional_transliteration(word: str) -> bool:
    """彼得, 雅各: a transliterated-name word of jieba's dictionary that ends in a character
    grammar also uses (see _SHARED_SYLLABLES); the tables do not produce it, convention does."""
    if len(word) < 2 or word[-1] not in _SHARED_SYLLABLES:
        return False
    freq, tag = _dictionary().get(word, (0, ""))
    return tag == "nrt" and freq >= _LEAST_CONVENTIONAL_FREQ


def _ends_conventionally(name: str) -> bool:
    """The name ends in a conventional transliteration (皮特·彼得, 彼得), not in a verb piece."""
    return any(conventional_transliteration(name[-size:]) for size in (4, 3, 2))


def _conventional_spans(name: str) -> set[int]:
    """Offsets inside the conventional transliterations a name contains (彼得斯 -> 0, 1)."""
    covered: set[int] = set()
    for start in range(len(name)):
        for size in (4, 3, 2):
            if conventional_transliteration(name[start : start + size]):
                covered.update(range(start, start + size))
                break
    return covered


def is_fragment(text: str) -> bool:
    """A clause fragment rather than a name or organisation: a function character anywhere, a
    preposition first, an adverb or verb piece last, a pronoun or adverb word first (但苹果, 华为已,
    关税都, 那样坚). A country first (也门胡塞武装) is no preposition; a conventional
    transliteration last (彼得) is no verb piece."""
    if any(ch in FUNCTION_CHARS for ch in text):
        return True
    if text[-1:] in _NOT_LAST and not _ends_conventionally(text):
        return True
    if _starts_with_country(text):
        return False
    return text[:1] in _NOT_FIRST and text[:2] not in SURNAMES_DOUBLE and not _opens_with_content_word(text)  # 令 opens 令中国官员, not 令狐


_CONTENT_TAGS = ("n", "s", "ns", "nt", "nz", "v", "vn", "j", "l")
"""jieba tags of a first word that makes its first character no preposition or adverb (当地警方,
与会代表, 从业人员, 将军): nouns, places, organisations, verbs used as modifiers."""


def _opens_with_content_word(text: str) -> bool:
    """The first word jieba cuts is a content word of two or more characters, not a preposition,
    conjunction, adverb or pronoun (当 in 当地, 与 in 与会 open no clause); 据悉 and 据说 still do."""
    first = plain_cut(text[:8])[0] if text else ""
    tag = _dictionary().get(first, (0, ""))[1]
    if tag == "v" and first[0] in _ADVERBS:
        return False  # 已有多家公司: an adverb's verb
    return len(first) >= 2 and tag in _CONTENT_TAGS and first[0] != "据"


def _opens_clause(name: str) -> bool:
    """A name does not start with a pronoun, adverb or time word (那样坚) or a frequent verb (强调要);
    an organisation may (北方工业公司)."""
    freq, tag = _dictionary().get(name[:2], (0, ""))
    if len(name) > 2 and tag[:1] in _GRAMMATICAL_TAGS and freq >= _GIVEN_WORD_FREQ_RARE:
        return True
    return len(name) > 2 and tag == "v" and freq >= _VERB_GIVEN_FREQ  # 祝贺 + 岑


def _starts_with_country(text: str) -> bool:
    return any(text.startswith(country) for country in _country_heads(text[:2]))


@functools.cache
def _countries_by_head() -> dict[str, tuple[str, ...]]:
    heads: dict[str, list[str]] = {}
    for country in COUNTRIES:
        heads.setdefault(country[:2], []).append(country)
    return {head: tuple(names) for head, names in heads.items()}


@functools.cache
def _countries_by_tail() -> dict[str, tuple[str, ...]]:
    tails: dict[str, list[str]] = {}
    for country in COUNTRIES:
        tails.setdefault(country[-2:], []).append(country)
    return {tail: tuple(names) for tail, names in tails.items()}


def _country_tails(tail: str) -> tuple[str, ...]:
    return _countries_by_tail().get(tail, ())


def _country_heads(head: str) -> tuple[str, ...]:
    return _countries_by_head().get(head, ())


def _surname_of(name: str) -> str | None:
    if name[:2] in SURNAMES_DOUBLE:
        return name[:2]
    return name[0] if name[:1] in SURNAMES_SINGLE else None


def _has_surname(name: str) -> bool:
    return _surname_of(name) is not None


_PREPOSITION_SURNAMES = frozenset(words("preposition_surname"))
"""Surnames that are also prepositions or adverbs (向, 于, 曾): before a dictionary word (向警方,
曾报道) or a frequent character (于副, 曾讲) they open a clause."""


def chinese_name(name: str) -> bool:
    """Surname (single or compound, from the inventory) + a one- or two-character given name.

    The given name must not read as an ordinary word: 关 + 研究 and 但 + 苹果 are clause pieces.
    A rare surname needs a given name that is hardly a word at all.
    """
    surname = _surname_of(name)
    if surname is None or not 1 <= len(name) - len(surname) <= 2:
        return False
    given = name[len(surname) :]
    if surname in _PREPOSITION_SURNAMES and word_frequency(given) >= (1 if len(given) == 2 else _GIVEN_WORD_FREQ_COMMON):
        return False  # 向 + 警方, 曾 + 报道, 于 + 副: a preposition or adverb before a word, not a surname
    distinctive = len(surname) == 2 and word_frequency(surname) < ORDINARY_WORD_FREQ  # 令狐, 司徒; not 东方
    if _SURNAME_SCORES.get(surname, 0.0) < _LEAST_SURNAME_SCORE and not distinctive:
        return False  # 答 + 页面: the rarest surnames need a title before them (see _unlisted_name)
    common = surname in COMMON_SURNAMES
    if len(given) == 2 and _word_then_verb(name):
        return False  # 花钱 + 买: a noun word and a verb, a verb phrase (花钱买批评), not a name
    if len(given) == 1:  # 王毅 and 欧阳修, but not 法方 or 高峰: a dictionary word is a word
        if given in _OFFICE_CHARS or given in _PLACE_TIME_CHARS:
            return False  # 程处, 门局: the tail of an office name cut in two; 谈后, 会上: a time or place word
        entry = _dictionary().get(name)
        return entry is None or (entry[1].startswith("nr") and (common or len(name) >= 3))
    if given[-1] in "后时" or (len(given) == 2 and given[-1] in "局部委院厂署厅站"):
        return False  # 会 + 商后, 王 + 谈时: a time clause; 林 + 草局: an office
    freq, tag = _dictionary().get(given, (0, ""))
    if tag.startswith("v") and freq >= _VERB_GIVEN_FREQ:
        return False  # 韩 + 调查: a frequent verb after a surname is a clause
    if tag[:1] in _GRAMMATICAL_TAGS and freq >= _GIVEN_WORD_FREQ_RARE:
        return False  # 李 + 以前, 王 + 现在: a time word or adverb after a surname is a clause
    if tag[:2] in ("ns", "nr") and freq >= _GIVEN_WORD_FREQ_RARE and all(ch in TRANSLIT_CHARS for ch in given):
        return False  # 向 + 普京: a preposition before a foreign name, not a surname
    return freq < (_GIVEN_WORD_FREQ_COMMON if common else _GIVEN_WORD_FREQ_RARE)


def _word_then_verb(name: str) -> bool:
    """A frequent ordinary word that takes the surname in, then a one-character verb that is
    among the most frequent words (花钱 + 买, 挂号 + 看): a verb phrase cut out of a clause."""
    freq, tag = _dictionary().get(name[-1], (0, ""))
    return tag == "v" and freq >= _GIVEN_WORD_FREQ_COMMON and is_common_word(name[:2]) and word_frequency(name[:2]) >= ORDINARY_WORD_FREQ


def japanese_name(name: str) -> bool:
    """A Japanese surname in kanji (岸田, 长谷川) + a one- or two-character given name."""
    return any(
        name[:size] in JAPANESE_SURNAMES and 1 <= len(name) - size <= 2 and not (len(name) - size == 2 and (_grammatical_word(name[size:]) or word_frequency(name[size:]) >= ORDINARY_WORD_FREQ))
        for size in (3, 2)
    )  # not 根本 + 不会: a verb after a surname is a clause


def _grammatical_word(word: str) -> bool:
    """A frequent adverb, verb, conjunction, preposition, pronoun, time word or numeral (根本, 不会)."""
    freq, tag = _dictionary().get(word, (0, ""))
    return freq >= VERB_FIRST_FREQ and tag[:1] in "dvcprtm"


def _ordinary_noun(word: str) -> bool:
    """A frequent dictionary word that is no name (科技, 伦理)."""
    freq, tag = _dictionary().get(word, (0, ""))
    return freq >= ORDINARY_WORD_FREQ and not tag.startswith(("nr", "nt"))


_CLAUSE_ADVERBS = frozenset(words("clause_adverb_char"))
"""Adverbs, prepositions and conjunctions that no transliteration uses (其 and 各 it does: 乌其尔勒)."""


def _outside_tables(part: str) -> list[int]:
    """Offsets of characters neither the transliteration tables nor a conventional transliteration cover."""
    covered = _conventional_spans(part) if any(ch in _SHARED_SYLLABLES for ch in part) else set()
    return [i for i, ch in enumerate(part) if ch not in TRANSLIT_CHARS and i not in covered]


def fully_transliterated(name: str) -> bool:
    """Every character from the tables or a conventional transliteration (科瓦连科, not 汤吉夫阐明):
    the evidence needed to take a long name out of running text without a word boundary. A long
    one must not open with a place name (巴勒斯坦 | 伊斯兰…)."""
    if not TRANSLIT_CHARS.issuperset(name) and _SHARED_SYLLABLES.isdisjoint(name):
        return False  # the same answer as below, quickly: most strings fail here
    if len(name) >= 5 and any(_dictionary_tags().get(name[:k], "").startswith("ns") for k in (2, 3, 4)):
        return False
    return transliterated(name) and not _outside_tables(name)


def transliterated(name: str) -> bool:
    """Every character is one the transliteration tables use (图斯克, 米尔济约耶夫); from four
    characters on, one conventional character outside the tables is allowed inside (穆罕默德, 威廉姆斯)."""
    if len(name) < 2 or (len(name) == 2 and (name[1] == "方" or name[0] == name[1])):
        return False  # 法方 is a side, 津津 a reduplication
    if name[-1] == "方":
        return False  # 印尼方, 巴方: a side of talks; no transliteration table ends a name in 方
    if len(name) >= 3 and (_grammatical_word(name[:2]) or _grammatical_word(name[-2:])):
        return False  # 根本不会: ordinary words whose characters the tables happen to use
    if name[0] in _PREPOSITION_SURNAMES and word_frequency(name[1:]) >= ORDINARY_WORD_FREQ:
        return False  # 因 + 东京: a preposition before a word
    if len(name) == 4 and _ordinary_noun(name[:2]) and _ordinary_noun(name[2:]):
        return False  # 科技 + 伦理: a compound of two common nouns
    outside = _outside_tables(name)
    if not outside:
        return True
    if any(name[at] in _CLAUSE_ADVERBS for at in outside):
        return False  # 连最基本: an adverb is no conventional character
    return len(outside) == 1 and len(name) >= 4 and 0 < outside[0] < len(name) - 1


def _foreign_name(name: str) -> bool:
    """洛朗·亨宁格, 冯·皮尔, 伊莱恩·孙: dot-joined parts that read as a transliteration."""
    if not _FOREIGN.fullmatch(name) or any(ch in FUNCTION_CHARS for ch in name) or (name[-1] in _NOT_LAST and not _ends_conventionally(name)):
        return False  # 某某·某某与 / 某某·某某称: a clause piece glued to the name
    parts = re.split(DOTS, name)
    if any(parts[0].startswith(title) and len(parts[0]) > len(title) for title in _TITLES_IN_NAMES):
        return False  # 经理克雷格·科施纳, 主任拉里·库德洛: a title glued to the name
    for i, part in enumerate(parts):
        outside = _outside_tables(part)
        if any(part[at] in _NOT_FIRST for at in outside):
            return False  # 法也让德里克·金: an adverb or preposition is a clause glued to the name
        if i == len(parts) - 1 and len(part) >= 3 and outside == [len(part) - 1] and len(parts[0]) >= 2:
            return False  # 伊万卡·特朗普关: a character of the clause glued to the last part
        if re.fullmatch(r"[A-Z]\.?", part) or len(outside) <= (1 if len(part) >= 3 else 0):
            continue  # the dot is evidence enough for one conventional character (贾斯汀, 柯林斯)
        if i == 0 and len(part) <= 2 and _has_surname(part):
            continue  # 冯·皮尔
        if i == len(parts) - 1 and len(part) <= 2 and i > 0:
            continue  # 伊莱恩·孙
        if len(part) <= 2 and i not in (0, len(parts) - 1):
            continue  # 穆罕默德·本·萨勒曼: short middle parts
        return False
    return True


@functools.cache
def _name_first_chars() -> frozenset[str]:
    """Every character a Han name that looks_like_name accepts can start with: a surname's first
    character (single, compound or Japanese), a transliteration character, or the first character
    of a conventional transliteration (彼得). A dotted foreign name is tested on its own."""
    conventional = {w[0] for w in _dictionary() if len(w) >= 2 and w[-1] in _SHARED_SYLLABLES and conventional_transliteration(w)}
    return frozenset(SURNAMES_SINGLE | {s[0] for s in SURNAMES_DOUBLE} | {s[0] for s in JAPANESE_SURNAMES} | TRANSLIT_CHARS | conventional)


@functools.lru_cache(maxsize=1 << 18)
def looks_like_name(name: str) -> bool:
    """Does ``name`` look like a person's name (Chinese, Japanese or transliterated)?

    Evidence comes from the inventories (surnames, Japanese surnames, transliteration
    characters), never from jieba's tag alone; clause fragments and ordinary words are rejected.
    """
    if not name or name in _NOT_NAMES or name in PRONOUNS or name in COUNTRIES:
        return False
    if _FOREIGN.fullmatch(name):
        return _foreign_name(name)
    if not _HAN_ONLY.match(name) or not 2 <= len(name) <= 7 or _COUNTED.search(name):
        return False
    if is_fragment(name) or _opens_clause(name):
        return False
    if len(name) == 3 and name[0] == name[2]:
        return False  # 边听边, 越来越: the frame of a 边…边 / 越…越 construction
    if _starts_with_country(name):
        return False  # 南非正: a country and the clause after it
    if len(name) <= 3 and all(ch in COUNTRY_ABBREVIATIONS for ch in name):
        return False  # 欧日, 中美: states written by one character each
    if any(name.endswith(country) and len(name) > len(country) for country in _country_tails(name[-2:])):
        return False  # 敦促日本: a clause that ends in a country
    if name[-1] == "方" and _dictionary_tags().get(name[:-1], "").startswith("ns"):
        return False  # 印尼方: a place's side of talks
    if len(name) <= 4 and any(name[k:] in _PERSON_TITLE_SET for k in range(min(2, len(name) - 1) + 1)):
        return False  # 李院士, 陈区长: a surname and a title, not a full name
    if is_ordinary_word(name) or (len(name) >= 3 and _TITLE_IN_NAME.search(name)):
        return False  # 公正; 主席巴赫 (a title glued to a name)
    return chinese_name(name) or japanese_name(name) or transliterated(name)


@functools.lru_cache(maxsize=65536)
def _word_starts(phrase: str) -> frozenset[int]:
    """Offsets where jieba starts a word in ``phrase``: a name should begin at one of them."""
    starts, offset = set(), 0
    for word in plain_cut(phrase):
        starts.add(offset)
        offset += len(word)
    return frozenset(starts)


def _unlisted_name(name: str) -> bool:
    """A name the inventories do not cover, taken on structural evidence only (a title right before
    it, or its original in parentheses): 2-4 characters that are no word, fragment, role or place."""
    return (
        2 <= len(name) <= 4
        and _HAN_ONLY.match(name) is not None
        and not is_fragment(name)
        and not _opens_clause(name)
        and not is_common_word(name)
        and name not in _NOT_NAMES
        and name not in COUNTRIES
        and name[-1] not in _ROLE_END
        and not _COUNTED.search(name)
    )


def titled_in(name: str, text: str) -> bool:
    """A name outside the inventories that ``text`` (its article) puts right after a person title
    somewhere (会见欧盟委员会主席冯德莱恩。…冯德莱恩表示): the bare name is that person too."""
    if not _unlisted_name(name):
        return False
    at = text.find(name)
    while at > 0:
        if text.endswith(_INDIVIDUAL_ROLES, 0, at):
            return True
        at = text.find(name, at + 1)
    return False


def _split_role_name(phrase: str, glossed: bool = False) -> tuple[str | None, str] | None:
    """Split 'role + name' after the first role word whose remainder looks like a name.

    Cuts where jieba starts a word are tried first (丝路基金会主席金琦, not 主 + 席金琦). A name
    outside the inventories is taken right after a person title (日本首相某某) or, with ``glossed``
    (an original in parentheses follows), after any role word.
    """
    if looks_like_name(phrase):
        return None, phrase
    role_cuts = [
        c for c in range(1, len(phrase) - 1)
        if (phrase[c - 1] in _ROLE_END or phrase[c - 1] == "的" or phrase[:c].endswith(_ROLE_END_WORDS)) and not phrase[: c + 1].endswith(_SPLIT_TITLES)
    ]  # not 农业部 | 长某某: the 长 closes the title 部长
    starts = _word_starts(phrase)
    named = [c for c in role_cuts if c in starts and looks_like_name(phrase[c:])]
    if named:
        cut = named[0]
        for later in named[1:]:  # 首席 | 策略师史蒂芬·班农: a foreign name's first part opens with a role word
            if NAME_DOT.search(phrase[later:]) and _dictionary_tags().get(phrase[cut:later]) == "n":
                cut = later  # (not 查士 | 兰·哈姆津: 查士 is no word)
        return phrase[:cut].rstrip("的、 ") or None, phrase[cut:]
    for cut in reversed(role_cuts):
        role, name = phrase[:cut], phrase[cut:]
        titled = any(role.endswith(t) for t in _INDIVIDUAL_ROLES)
        if (titled or glossed) and _unlisted_name(name):
            return role.rstrip("的、 "), name
    for cut in role_cuts:  # inside a jieba word only a longer name is believed (not 工程 + 处)
        name = phrase[cut:]
        if word_frequency(phrase[cut - 1 : cut + 1]):
            continue  # 部门 + 会商: the name would start inside a word
        if len(name) >= 3 and looks_like_name(name):
            return phrase[:cut].rstrip("的、 ") or None, name
    if glossed and _unlisted_name(phrase):
        return None, phrase
    for cut in range(2, min(len(phrase) - 1, 12)):  # 易凯资本王冉: no role word, a name at the end
        name, before = phrase[cut:], phrase[cut - 1]
        if cut not in starts or before in TRANSLIT_CHARS or before in _NOT_ROLE_END:
            continue
        if (_FOREIGN.fullmatch(name) or len(name) <= 3 or japanese_name(name)) and looks_like_name(name):
            return phrase[:cut], name
    return None


_SPLIT_TITLES = words("split_title")
"""Titles whose first character also ends an office name or title (农业部 + 长, 秘书 + 长): a cut between them splits the title."""


def _name_then_title(phrase: str) -> Speaker | None:
    """孔令智委员 (name then title), 李院士 / 陈区长 (surname then title)."""
    for title in PERSON_TITLES:
        if phrase.endswith(title) and len(phrase) > len(title):
            head = phrase[: -len(title)]
            split = _split_role_name(head)
            if split is not None:
                role, name = split
                if title in ADDRESS_FORMS:  # 负责人王一平先生: a form of address is no part of the role
                    return Speaker(name=name, role=role)
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


_ABBREVIATED_BODIES = "".join(words("abbreviated_body"))
"""Bodies named after a state's one-character abbreviation (以军, 美媒; 以方 is a side, above)."""


def is_collective(phrase: str) -> bool:
    """闵行区领导, 外交部发言人, 中方, 委内瑞拉: an institution, group or country speaking.

    A country counts by the country inventory, an organisation by jieba's ``nt`` tag; a place tag
    (``ns``) alone does not (jieba tags 普京 as a place; 上海 before a colon is a dateline).
    """
    if not 2 <= len(phrase) <= 24:
        return False
    if phrase in COUNTRIES or phrase in _DOCUMENT_HEADS:
        return True
    if phrase in _NOT_NAMES or is_fragment(phrase):
        return False
    if _ends_collective(phrase) or (len(phrase) == 2 and phrase.endswith("方")):
        return True
    if len(phrase) == 2 and phrase[0] in COUNTRY_ABBREVIATIONS and phrase[1] in _ABBREVIATED_BODIES:
        return True  # 以军, 美媒: a state's army or media by the state's one-character abbreviation
    if len(phrase) >= 3 and phrase[-1] in _OFFICE_CHARS and phrase[-2] not in _ROLE_END:
        return True  # 交通运输部, 联合国近东救济工程处: an office name
    return _dictionary_tags().get(phrase) == "nt"


def _longest_ending(name: str, endings: tuple[str, ...] | list[str]) -> int:
    return max((len(e) for e in endings if name.endswith(e) and len(name) >= len(e)), default=0)


_SINGLE_DETERMINER = re.compile(r"^(?:该|这位|这名|那位|那名|此位|一位|一名|某位|某)(?![一二两三四五六七八九十几数多些])(?!.*(?:以及|和|与|及|、))")
"""A determiner that picks out one person (该消息人士, 一位…人士)."""
_ONE_OF_BODY = re.compile(r"(?:一位|一名)[^和与及、，]{0,10}$")
"""一名代表 after a body's name (某协会一名代表): one person of that body."""
_COUNTED_STATES = re.compile(r"^[两二三四五六七八九十几数多]+国")
"""八国外长, 两国元首: a counted set of states before a role, so several holders of it."""
_JOINED_BODIES = re.compile(r"[和与及、]")
"""商务部和海关总署 (负责人): a role shared by several bodies, so several people."""
def _joined_bodies(phrase: str) -> bool:
    """商务部和海南省, 委内瑞拉和古巴: bodies or states joined, each a complete name before the joint
    (工业和信息化部 and 国家安全与外交政策委员会 are one body: 工业 and 国家安全 are no body)."""
    parts = [p for p in _JOINED_BODIES.split(phrase) if p]
    if len(parts) < 2 or not all(_is_body(p) for p in parts[:-1]):
        return False
    return "、" not in phrase or not any(p.endswith(_INDIVIDUAL_ROLES) for p in parts)  # 某某总书记、国家主席: one person


def _is_body(part: str) -> bool:
    return (
        part in COUNTRIES
        or (len(part) >= 2 and part.endswith(tuple(ORGANIZATION_ENDINGS)))
        or _dictionary_tags().get(part, "")[:2] in ("ns", "nt")
        or part[-1:] in "省市县州区"
        or part.endswith(_INDIVIDUAL_ROLES)  # 保加利亚总统和匈牙利总统
    )


_PLURAL_DETERMINER = re.compile(r"^(?:有些|有的|一些|许多|不少|很多|众多|部分|多数|大多数|少数|多位|多名|几位|几名|广大|各位|诸位|[两二三四五六七八九十几数]+[名位个])")
"""A quantifier that makes a group (有些同志, 两名官员)."""


def speaker_type(speaker: Speaker) -> str:
    """``person``, ``organization`` or ``collective``, from the evidence in the name.

    Named people are persons; a role with no name (外交部发言人) is one person too. Otherwise the
    longest matching head decides: an institution, state, meeting or document head makes an
    organization (外交部, 中方, 会议, 声明), a group head a collective (专家, 业内人士, 网友).
    """
    name = speaker.name
    if not speaker.collective:
        return "person"
    if _PLURAL_DETERMINER.match(name):
        return "collective"  # 有些同志, 许多学者: many people
    if _SINGLE_DETERMINER.match(name) and _longest_ending(name, COLLECTIVE_HEADS + list(_INDIVIDUAL_ROLES)):
        return "person"  # 该消息人士, 一位接听电话的人士: one unnamed person
    individual = _longest_ending(name, _INDIVIDUAL_ROLES)
    if _ONE_OF_BODY.search(name) and max(individual, _longest_ending(name, COLLECTIVE_HEADS)):
        return "person"  # 某协会一名代表: one member of a body
    if individual and (_COUNTED_STATES.match(name) or _joined_bodies(name[:-individual])):
        return "collective"  # 八国外长; 商务部和海关总署负责人: the holders of one role in several states or bodies
    if name in COUNTRIES or (name.endswith("方") and not name.endswith(("双方", "各方", "多方", "有关方面"))):
        return "organization"  # 中方, 韩检方: a side of a case or of talks
    if len(name) <= 2 and all(ch in COUNTRY_ABBREVIATIONS for ch in name):
        return "organization"  # 俄, 乌, 中美: states written by one character each
    scores = {
        "person": _longest_ending(name, _INDIVIDUAL_ROLES),
        "organization": _longest_ending(name, ORGANIZATION_ENDINGS),
        "collective": _longest_ending(name, COLLECTIVE_HEADS),
    }
    best = max(scores.values())
    if best == 0:
        return "organization" if _dictionary_tags().get(name) == "nt" else "collective"
    return next(kind for kind in ("collective", "person", "organization") if scores[kind] == best)


_ADDRESSED = re.compile(r"[对向给跟]|[\u4e00-\u9fff]地")
"""An audience (对/向…) or a manner adverb (…地) before a title: the title is not the speaker."""


@functools.lru_cache(maxsize=1 << 16)
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
        named = _name_then_title(phrase)  # 王明代表, 李华委员: a deputy, not a group of deputies
        if named is not None and looks_like_name(named.name):
            return Speaker(name=named.name, role=named.role, alias=alias)
        return Speaker(name=phrase, collective=True)
    split = _split_role_name(phrase, glossed=alias is not None)
    if split is not None:
        role, name = split
        if role is None or len(role) <= 40:
            return Speaker(name=name, role=role, alias=alias)
    if titled := _name_then_title(phrase):
        return Speaker(name=titled.name, role=titled.role, alias=alias)
    head = phrase.rpartition("的")[2]  # 购买电视的熊女士: the modifier before 的 may be a clause
    if any(phrase.endswith(title) for title in PERSON_TITLES) and 2 < len(phrase) <= 16 and not is_fragment(head) and not _ADDRESSED.search(phrase):
        return Speaker(name=phrase, collective=True)  # 英国首相: a role with no name (not 她向总书记, 坚定地对同行的同志)
    return None


_MENTION_NEXT = set(words("mention_next_char"))
_CLAUSE = re.compile(r"[^，。；！？：,;!?“”\"「」]+")
_NARRATIVE_VERBS = words("narrative_verb")
"""Verbs of the news narrative that follow a person's name (某某祝贺…。他表示): the name opens the clause."""


_TITLES_BY_FIRST: dict[str, tuple[str, ...]] = {}
for _title in PERSON_TITLES:
    _TITLES_BY_FIRST[_title[0]] = (*_TITLES_BY_FIRST.get(_title[0], ()), _title)


def _title_at(text: str, at: int) -> bool:
    """A person title starts at ``at`` (某某总统将…)."""
    titles = _TITLES_BY_FIRST.get(text[at])
    return titles is not None and text.startswith(titles, at)


_PREDICATE_OPENERS = ("d", "t", "p", "v")
"""jieba tags of words that open a predicate after its subject: adverbs (首先, 一再), time words
(当天, 此次), prepositions (通过) and verbs (带来, 介绍)."""


@functools.cache
def _predicate_words() -> frozenset[str]:
    return frozenset(w for w, tag in _dictionary_tags().items() if len(w) == 2 and tag[:1] in _PREDICATE_OPENERS)


def load_tables() -> None:
    """Build the tables derived from jieba's dictionary and the inventories now (each is built on
    first use otherwise): before forking attribution workers, so that they share one copy."""
    _dictionary_tags(), _predicate_words(), _name_first_chars(), _countries_by_head(), _countries_by_tail()


def _predicate_word_at(text: str, at: int) -> bool:
    """A two-character adverb, time word, preposition or verb of jieba's dictionary starts at ``at``."""
    return text[at : at + 2] in _predicate_words()


def _predicate_at(text: str, at: int) -> bool:
    """A predicate opens at ``at`` (某某当天与…, 某某首先…): a predicate word (see
    _predicate_word_at) where jieba itself starts a word."""
    return _predicate_word_at(text, at) and at in _word_starts(text[: at + 8])


def clause_initial_names(text: str) -> list[tuple[int, str]]:
    """Names that open a clause (鲍卫忠的办法就是…, 因凡蒂诺在…): (offset, name) pairs.

    Pronouns such as 他 refer back to people mentioned this way, not only to earlier speakers.
    """
    found: list[tuple[int, str]] = []
    dotted = _ANY_DOT.search(text) is not None  # a foreign name needs one: most paragraphs have none
    first_chars = _name_first_chars()
    for clause in _CLAUSE.finditer(text):
        body = clause.group(0).lstrip(" ")
        start = clause.end() - len(body)
        if dotted and (m := _FOREIGN_START.match(body)):
            if looks_like_name(m.group(0)):
                found.append((start, m.group(0)))
            continue
        if body[:1] not in first_chars:
            continue  # no name starts with this character (most clauses): spare the checks below
        for size in (3, 2, 4, 5, 6, 7):
            if len(body) <= size:
                continue
            marked = body[size] in _MENTION_NEXT or _title_at(body, size) or body.startswith(_NARRATIVE_VERBS, size)
            predicate = not marked and size < 4 and _predicate_word_at(body, size)  # 某某当天…, 某某首先…
            if not (marked or predicate) or (size > 4 and not (fully_transliterated(body[:size]) and not _predicate_word_at(body, size - 2))):
                continue  # a long name only when every character is a transliteration's
            if not looks_like_name(body[:size]) or (size > 2 and size not in _word_starts(body[: size + 4])):
                continue  # 蔡奇 | 发表, not 蔡奇发 | 表: the name ends where jieba ends a word
            found.append((start, body[:size]))
            break
    return found


def is_plural_pronoun(pronoun: str) -> bool:
    return pronoun in _PLURAL_PRONOUNS


def name_parts(name: str) -> list[str]:
    """The parts of a foreign name (洛朗·亨宁格 -> 洛朗, 亨宁格), or the name itself."""
    if not any(dot in name for dot in NAME_DOTS):
        return [name]
    parts = [p for p in re.split(f"[{NAME_DOTS}]", name) if p]
    return parts if len(parts) > 1 else [name]
