"""The words before a number: the verb and qualifiers peeled off the end, the subject they leave.

:func:`read_phrase` reads the words of a clause before its number (``城镇居民人均可支配收入增长``) into
the indicator (``城镇居民人均可支配收入``), the verb of change (``增长``; a decline: ``下降``, ...), the
qualifiers kept as written (``达到``, ``累计``, ...) and whether the number is a rate of change.
:func:`subject_of` decides what the number is about when those words do not say it alone (a count
written before its noun, a clause about "the total" of the previous one, a programme's length), and
:func:`each_subject` pairs the numbers of a ``分别`` clause with their subjects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from analysis import vocabulary
from analysis.report import keys as _keys
from analysis.report import numbers as _numbers
from analysis.report.programmes import Mention

#: the characters that end a clause
CLAUSE_DELIMS = "，。；：！？,;:!?（）()\n"
#: words and marks that join the items of a list (stripped from the start of a subject)
CONNECTORS = "、和与及,，"
#: verbs read back from the end of the phrase: (verb as written, role)
#: role: growth | decline | level (a qualifier kept as written) | frame (dropped)
_VERBS: tuple[tuple[str, str], ...] = tuple(
    sorted(
        (
            *[
                (v, "growth")
                for v in (
                    "增长",
                    "增加",
                    "上涨",
                    "提高",
                    "提升",
                    "扩大",
                    "年均增长",
                    "平均增长",
                    "平均每年增长",
                    "每年平均增长",
                    "年平均增长",
                    "实际增长",
                    "增",
                )
            ],
            *[(v, "decline") for v in ("下降", "降低", "减少", "下滑", "回落", "降幅")],
            *[
                (v, "level")
                for v in (
                    "提高到",
                    "提高至",
                    "提升到",
                    "提升至",
                    "增至",
                    "增加到",
                    "增加至",
                    "降至",
                    "降到",
                    "下降到",
                    "下降至",
                    "降低到",
                    "降低至",
                    "减少到",
                    "减少至",
                    "达到",
                    "达",
                    "超过",
                    "超",
                    "突破",
                    "近",
                    "约",
                    "不低于",
                    "不少于",
                    "不超过",
                    "低于",
                    "高于",
                    "累计",
                    "逾",
                    "至少",
                    "跨过",
                    "连跨",
                    "跨越",
                    "迈上",
                    "跃上",
                    "首次跃上",
                    "过",
                    "平均",
                )
            ],
            *[
                (v, "frame")
                for v in (
                    "控制在",
                    "稳定在",
                    "保持在",
                    "为",
                    "是",
                    "拟按",
                    "按",
                    "分别",
                    "同比",
                    "比上年",
                    "同口径",
                    "总计",
                    "合计",
                    "实现",
                    "完成",
                    "实际",
                    "名义",
                    "拟安排",
                    "安排",
                    "预期",
                    "预计",
                    "力争",
                    "争取",
                    "确保",
                    "通过",
                    "创",
                    "稳步",
                    "等",
                    "定为",
                    "确定为",
                    "预期目标",
                    "的预期目标",
                    "调控目标",
                    "主要预期目标",
                    "的主要预期目标",
                    "速度预期",
                    "速度",
                    "继续保持",
                    "保持",
                    "在",
                    "全年",
                    "从",
                    "由",
                    "力保",
                    "要",
                    "可比价",
                    "按可比价计算",
                    "按可比价格计算",
                    "可比",
                    "平均值",
                )
            ],
        ),
        key=lambda vr: -len(vr[0]),
    )
)
_VERB_ROLES: dict[str, str] = dict(_VERBS)
#: the lengths of the verbs, longest first (the longest verb ending a phrase is read first)
_VERB_SIZES: tuple[int, ...] = tuple(sorted({len(v) for v, _ in _VERBS}, reverse=True))
#: words opening a clause that are not the subject (其中..., 拟安排..., 比上年...)
_LEADING_FRAME = re.compile(
    r"^(?:(?:党)?中央提出|国务院提出|其中|[一二三四五六七八九十]是|拟安排|拟|预计|(?:要|必须)?力争|争取|比(?:上年|去年)(?:年初预算)?|(?:持续|深入)?(?:推动|推进)|巩固|确保|完成|建成|[^，]{0,6}出台)"
)
#: a clause whose subject is only "the total" speaks of the previous clause's subject
_TOTAL_WORDS = ("总量", "总额", "规模", "总规模", "总数", "总投资")
#: growth of quarters without a subject earlier in the sentence (三季度增长4.6%): the economy's, told by quarter
_QUARTERS_BEFORE = re.compile(r"[一二三四]季度(?:经济)?增长\d")


def _named_before(text: str) -> str:
    """The indicator name of the vocabulary that ``text`` (the sentence before a clause) names last, or ""."""
    found, end = "", -1
    for name in _indicator_names():
        at = text.rfind(name)
        if at >= 0 and (at + len(name) > end or (at + len(name) == end and len(name) > len(found))):
            found, end = name, at + len(name)
    return found


#: a clause opened by a verb of a level, without a subject (…，达到5154.75亿元)
_LEVEL_VERB = re.compile(r"^(?:达到|达|突破)")
#: words that may open a sentence before the indicator it is about (——全市地区生产总值…)
_OPENING = re.compile(r"^[—\-\s]*(?:全市|全省|全区|全年|我市|我省)?")


def _opening_name(text: str) -> str:
    """The level indicator of the vocabulary that opens ``text`` (a sentence before a clause), after a
    whole-region word (全市地区生产总值再次跨过一个千亿级台阶), or ""."""
    rest = text[_OPENING.match(text).end() :]
    return next((name for name in _indicator_names() if rest.startswith(name)), "")


@lru_cache(maxsize=1)
def _indicator_names() -> tuple[str, ...]:
    """Every level name and alias of the vocabulary (growth names left out: a total is a level)."""
    names = {n for ind in vocabulary.INDICATORS if ind.unit != "%" for n in (ind.name, *ind.aliases)}
    return tuple(sorted(names, key=len, reverse=True))


#: a crop's output written after its area (粮食播种面积…、产量…): the output of the same crop
_OUTPUT_WORDS = ("产量", "总产量")
_AREA_WORDS = ("播种面积", "种植面积")
#: words opening a subject that name an addition, not a stock (新增两院院士6人，总数达61人)
_NEW_WORDS = re.compile(r"^(?:新增|新建|新引进|新认定)")
#: endings of a subject that name a rate of change (工业增加值增速)
RATE_ENDINGS = ("增速", "涨幅", "增幅", "增长率", "增长")
#: the noun written after a count (letters after digits belong to it: 5G基站)
NOUN_AFTER = re.compile(r"(?:[^，。；：！？、\n（）()\d]|\d+(?=[A-Za-z]))+")
#: where the noun written after a count stops (组建97个省级现代产业学院, 4家企业入选...)
NOUN_STOP = re.compile(r"(入选|获评|获批|实现|全部|加快|建设|稳妥|投入|开工|落地|荣获|取得|给予|在|等)")
#: predicates after a one-word noun that say what is counted (2个团队获评国家卓越工程师奖)
_PREDICATE = re.compile(r"(?:入选|获评|获批|荣获|实现)[^，。；：！？\n]{1,24}")
#: a short verb-only subject and the action named in the clause before it (…废弃矿山复绿行动，治理14.8万亩)
_ACTION_BEFORE = re.compile(r"(?:[^，。；：、\n]*等)?(?P<object>[^，。；：、等\n]{2,12}?)(?:行动|工程)$")
#: a short subject whose object is written after the number (投入4.8亿元给予人才支持奖励和服务保障)
_OBJECT_AFTER = re.compile(r"(?:给予|用于)(?P<object>[^，。；：！？\n]{2,16})")
#: what a duration written without a subject is about (三年新冠疫情防控转段后, 十年来首次超过全国增速)
_TIME_NOUN_STOP = re.compile(r"转段|以来|后|的")
#: a count that sizes the things of 一批 (一批超百亿项目): a label, not a statistic
BATCH_BEFORE = re.compile(r"一批(?:超过?|过|逾|近)?$")


@dataclass
class Phrase:
    """The words before a number, read: the indicator, the verb of change, the qualifiers kept."""

    indicator: str
    verb: str
    qualifiers: list[str]
    is_growth: bool
    decline: bool


def read_phrase(phrase: str) -> Phrase:
    """Peel verbs off the end of the words before a number."""
    indicator = phrase
    verb, quals, growth, decline = "", [], False, False
    changed = True
    while changed and indicator:
        changed = False
        for size in _VERB_SIZES:
            role = _VERB_ROLES.get(indicator[-size:]) if len(indicator) >= size else None
            if role is not None:
                word = indicator[-size:]
                indicator = indicator[:-size]
                changed = True
                if role == "growth":
                    growth = True
                    verb = verb or word
                elif role == "decline":
                    growth = decline = True
                    verb = verb or word
                elif role == "level":
                    quals.insert(0, word)
                break
    if "累计" in indicator and "累计" not in quals:
        quals.insert(0, "累计")
    indicator = _LEADING_FRAME.sub("", indicator.lstrip(CONNECTORS))
    indicator = re.sub(r"(?:19|20)\d\d年(?:末|底)?$", "", indicator)  # 国内生产总值2000年达...
    if any(indicator.endswith(e) for e in RATE_ENDINGS[:4]):
        growth = True
    if decline:
        quals = ["下降"] + quals
    return Phrase(indicator, verb, quals, growth, decline)


def split_pair(subject: str, n: int) -> list[str]:
    """``城镇和农村居民人均可支配收入`` with n=2 -> the two subjects; ``一产、二产、三产增加值`` with
    n=3 -> the three; else n copies.

    The heads before the last are as long as the first; the last part holds the common ending.
    """
    if n == 2 and subject.startswith("城乡") and not re.search(r"和|、|与|及", subject):
        return ["城镇" + subject[2:], "农村" + subject[2:]]  # 城乡居民人均收入分别增长...: urban, then rural
    parts = re.split(r"和|、|与|及", subject)
    if n >= 2 and len(parts) == n and all(parts):
        head = len(parts[0])
        last = parts[-1]
        common = last[head:]
        if common and len(last) > head and all(len(p) == head for p in parts[:-1]):
            return [p + common for p in parts[:-1]] + [last]
        if all(len(p) >= 4 for p in parts):  # 规上工业增加值、规上服务业营收: each a subject of its own
            return parts
    return [subject] * n


def noun_after(paragraph: str, q: _numbers.Quantity) -> tuple[str, int]:
    """The noun a count is written before and the offset where it ends.

    ``组建97个省级现代产业学院`` -> ``省级现代产业学院``; a noun of one word gets the predicate of
    its clause (``4家企业入选国家产业技术基础公共服务平台`` -> ``企业入选国家产业技术基础公共服务平台``).
    """
    m = NOUN_AFTER.match(paragraph, q.end) if q.end < len(paragraph) else None
    if not m:
        return "", q.end
    noun = NOUN_STOP.split(m.group(0), maxsplit=1)[0]
    if m.end() < len(paragraph) and paragraph[m.end()].isdigit() and noun == m.group(0):
        # 15条硬措施和我省50条具体举措: the words after the connector belong to the next count
        cut = max(noun.rfind(c) for c in "和与及")
        if cut > 0:
            noun = noun[:cut]
    noun = noun.rstrip("和与及")
    end = q.end + len(noun)
    if len(noun) <= 3:  # 4家企业入选国家产业技术基础公共服务平台: say what the count is of
        rest = paragraph[q.end + len(noun) : m.end() + 40]
        rest = re.split(r"[，。；：！？\n]", rest, maxsplit=1)[0]
        predicate = _PREDICATE.search(rest)
        if predicate and (noun or predicate.start() == 0):
            noun = noun + predicate.group(0)
    return noun, end


def is_count(q: _numbers.Quantity) -> bool:
    """A count of things or people (个, 家, 项, 名...), the kind written before its noun."""
    base = _numbers.base_unit(q.unit)
    return base in _numbers.COUNT_UNITS or base in ("人", "名")


def subject_of(
    paragraph: str,
    chain: list[_numbers.Quantity],
    phrase: Phrase,
    phrase_text: str,
    *,
    noun: str,
    programme: Mention | None,
    clause_start: int,
    sentence: int,
    previous_subject: str,
    same_sentence: bool,
) -> tuple[str, Phrase, str]:
    """What the numbers of ``chain`` are about: (subject, phrase, subject of the key or "").

    The subject is the indicator of ``phrase`` unless: the number is a programme's length (the
    programme's name, and a phrase of its own); a count is written before its noun (``组建97个省级现代
    产业学院``: the noun, ``noun``); a duration has no subject (``三年新冠疫情防控``: the words after it);
    the count sizes the things of 一批 (``一批超百亿项目``: the label as written); the clause speaks of
    the previous clause's subject (``旅游总收入5022.6亿元，同比增长1.7倍``, ``...，总量突破3万亿``, a verb
    after an aside ``达到5.53万亿元、稳居全国前十强、增长4.8%``: the key is read from
    ``previous_subject``); a verb-only subject has its object after the number
    (``投入4.8亿元给予人才支持奖励``) or in the action named before it (``...复绿行动，治理14.8万亩``).

    Parameters
    ----------
    paragraph : the paragraph of the clause.
    chain : the numbers of the clause joined by a connector (4.3%和7.9%).
    phrase, phrase_text : the words before the first number, read (:func:`read_phrase`) and as written.
    noun : the noun written after the last number when it is a count (:func:`noun_after`), else "".
    programme : the programme mention the first number is the length of, or None.
    clause_start : offset of the clause in ``paragraph``.
    sentence : offset of the 。 before the first number (-1 at the start of the paragraph).
    previous_subject : the subject of the previous clause that had one.
    same_sentence : the previous clause is in the same sentence.
    """
    first = chain[0]
    subject = phrase.indicator
    key_subject = ""
    if programme:  # 全面振兴新突破三年行动: the programme's length, named by the programme
        subject, phrase = programme.label, Phrase(programme.label, "", [], False, False)
    elif noun:  # a count before its noun: the noun says what is counted
        head = _PREDICATE.split(noun, maxsplit=1)[0]
        if len(head) <= 4 and len(subject) >= 3:  # 农村宅基地两项试点任务, 零就业家庭至少一人实现就业
            subject = subject + noun
        else:
            subject = noun
    elif not subject and first.is_time:  # 三年新冠疫情防控, 十年来首次超过全国增速
        after = re.split(r"[，。；：！？\n]", paragraph[first.end : first.end + 30], maxsplit=1)[0]
        subject = _TIME_NOUN_STOP.split(after.removeprefix("来"), maxsplit=1)[0][:12]
    elif BATCH_BEFORE.search(paragraph[max(0, first.start - 4) : first.start]):
        # 一批超百亿项目: the label as written
        after = NOUN_STOP.split(
            NOUN_AFTER.match(paragraph, first.end).group(0) if NOUN_AFTER.match(paragraph, first.end) else "",
            maxsplit=1,
        )[0]
        subject = "".join(phrase.qualifiers) + paragraph[first.start : first.end] + after
    elif (
        subject in _TOTAL_WORDS
        and not (same_sentence and previous_subject)
        and _named_before(paragraph[max(sentence + 1, 0) : clause_start])
    ):
        # 全年地区生产总值迈上新台阶，总量突破5万亿元，增长4.6%: the total of the indicator the sentence named
        key_subject = subject = _named_before(paragraph[max(sentence + 1, 0) : clause_start])
    elif (
        same_sentence
        and not subject
        and phrase_text.strip(CONNECTORS).startswith("全年")
        and _QUARTERS_BEFORE.search(paragraph[max(sentence + 1, 0) : clause_start])
    ):
        # 实现三季度增长4.6%、追平全国，四季度增长5.6%、…，全年增长4.8%: the economy told by quarter, then the year
        key_subject = subject = "地区生产总值"
    elif (
        not subject
        and not (same_sentence and previous_subject)
        and _LEVEL_VERB.match(phrase_text.strip(CONNECTORS))
        and _opening_name(paragraph[max(sentence + 1, 0) : clause_start])
    ):
        # 全市地区生产总值再次跨过一个千亿级台阶，达到5154.75亿元、同比增长6%: the sentence's subject, named first
        key_subject = subject = _opening_name(paragraph[max(sentence + 1, 0) : clause_start])
    elif same_sentence and subject == "增加值" and "工业" in previous_subject:
        # 规模以上工业企业达7.6万家、增加值增长3%: the value added of the industry counted before
        subject = previous_subject[: previous_subject.index("工业") + 2] + subject
    elif same_sentence and subject in _OUTPUT_WORDS and previous_subject.endswith(_AREA_WORDS):
        # 粮食播种面积3320万亩、产量1285万吨以上: the crop of the area before, its output
        subject = previous_subject[: -len(next(w for w in _AREA_WORDS if previous_subject.endswith(w)))] + subject
    elif same_sentence and (
        (not subject and phrase_text.strip(CONNECTORS))
        or subject in _TOTAL_WORDS
        or (subject.endswith("、") and (phrase.verb or phrase.qualifiers) and previous_subject)
    ):
        # 旅游总收入5022.6亿元，同比增长1.7倍; ...，总量突破3万亿; 新增两院院士6人，总数达61人;
        # 地区生产总值达到5.53万亿元、稳居全国前十强、增长4.8%: an aside between the level and its growth
        key_subject = previous_subject or subject
        if subject in _TOTAL_WORDS and previous_subject and (_NEW_WORDS.match(previous_subject) or subject == "总投资"):
            subject = _NEW_WORDS.sub("", previous_subject) + subject
        else:
            subject = key_subject
    elif len(subject) <= 2 and _OBJECT_AFTER.match(paragraph, first.end):
        subject = _OBJECT_AFTER.match(paragraph, first.end)["object"] + subject  # 人才...保障投入
    elif len(subject) <= 2 and not is_count(first):
        action = _ACTION_BEFORE.search(paragraph[max(sentence + 1, 0) : clause_start].rstrip(CLAUSE_DELIMS))
        if action:  # 实施...废弃矿山复绿行动，治理14.8万亩 -> 废弃矿山复绿治理
            subject = action["object"] + subject
    return subject, phrase, key_subject


def each_subject(
    subject: str, chain: list[_numbers.Quantity], phrase_text: str
) -> tuple[list[_numbers.Quantity], list[str]]:
    """The numbers of a clause and the subject of each.

    ``分别`` pairs them: several numbers, several subjects (``城镇和农村居民人均可支配收入分别增长4.3%和
    7.9%``); one number for each of several subjects (``能耗和二氧化碳排放量分别下降3.5%``, ``城乡居民人均
    收入分别增长10%``: the number is repeated). Without 分别, several numbers of one subject are split as
    a pair when they can be (:func:`split_pair`); one number after a list of indicators (``地区生产总值、
    固定资产投资增长5%左右``) is the number of each.
    """
    if "分别" in phrase_text and len(chain) == 1:  # 能耗和二氧化碳排放量分别下降3.5%: one number, each subject
        parts = [p for p in re.split(r"和|、|与|及", subject) if p]
        if len(parts) > 1 and len(split_pair(subject, len(parts))) == len(parts):
            chain = chain * len(parts)
        elif subject.startswith("城乡"):  # 城乡居民人均收入分别增长10%
            chain = chain * 2
    listed = [p for p in subject.split("、") if p] if "分别" not in phrase_text and len(chain) == 1 else []
    if len(listed) > 1 and chain[0].unit_canonical == "%" and all(_keys.key_for(p, is_growth=True) for p in listed):
        # 地区生产总值、规模以上工业增加值、固定资产投资、社会消费品零售总额增长5%左右: the number of each
        return chain * len(listed), listed
    names = split_pair(subject, len(chain)) if "分别" in phrase_text or len(chain) > 1 else [subject] * len(chain)
    return chain, names
