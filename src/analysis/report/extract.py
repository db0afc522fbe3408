"""Every quantitative statement of a work report as a tidy, typed table.

:func:`extract_report` reads a report (a path or the text), cleans it
(:mod:`analysis.report.text`), finds the parts and years (:mod:`analysis.report.sections`), every
quantity (:mod:`analysis.report.numbers`), the indicator phrase before it and its key
(:mod:`analysis.report.keys`), and returns one row per number.

Conventions
-----------
- ``kind``: ``result`` (a number of the review: achieved in year Y-1), ``target`` (a number of the
  plan: year Y or later), ``context`` (labels and counts of programmes such as ``15项重大工程``,
  ``4个万亿级产业基地``, durations and anniversaries such as ``75周年``, numbers of the preamble).
- A decline keeps its value as written (positive) and has qualifier ``下降`` (any of 下降, 降低,
  减少, 下滑, 回落); ``is_growth`` is True for rates of change (增长, 上涨, 下降, 提高 x 个百分点,
  增速, 涨幅), False for levels (``提高到56.7%`` is a level). A growth multiple (``增长1.7倍``) keeps
  ``value`` 1.7 and ``unit`` 倍 as written, with ``value_std`` 170 and ``unit_std`` % (up 170 %); a
  multiple that is not a growth rate (``是全国的2倍``) stays in 倍.
- ``qualifier``: the words around the number as written, joined by "、" when there are several,
  in reading order: ``累计`` , a verb (``达``, ``达到``, ``超过``, ``超``, ``突破``, ``提高到``, ``增至``,
  ``近``, ``约``, ``下降``), an approximation mark (``余``, ``多``), a suffix (``左右``, ``以上``,
  ``以内``...). Framing verbs (``控制在``, ``稳定在``, ``保持在``) are not qualifiers. Ranges have
  ``value`` (low), ``value_high`` and the qualifier ``区间``.
- A pair ``城镇和农村居民人均可支配收入分别增长4.3%和7.9%`` gives two rows, ``城镇居民人均可支配收入``
  and ``农村居民人均可支配收入``.
- A target without a number (``居民人均可支配收入增长与经济增长基本同步``,
  ``单位地区生产总值能耗完成国家下达任务``) is a row with value NaN, has_number False and the
  phrase as qualifier.
- ``line``: the 1-based line of the original file where the number starts (for a target without a
  number: where its phrase starts).
- ``year`` of a target: the year of the plan, unless its sentence says otherwise before the number:
  ``到2027年`` gives 2027; a target reached *through* a multi-year programme whose years the text
  gives (``通过全面振兴新突破三年行动，推动...过万亿...``, with ``三年行动首战告捷`` in the review of
  2023) gives the programme's last year (:mod:`analysis.report.programmes`).
- Numbers in Chinese numerals (``两项``, ``超百个``, ``至少一人``, ``三年行动``, ``过万亿``) are read
  by the small grammar of :data:`analysis.report.numbers.CN_QUANTITY`. A programme's length
  (``三年行动``) is context, with the programme's name as indicator. A size written before the
  things of ``一批`` (``一批超百亿项目``) and a count of an existing set whose building is to be
  sped up (``加快20个国家新型工业化产业示范基地建设``) are context too, and so is a threshold that
  picks out the things counted (``5000万元以上项目1180个``, ``超过10亿元的项目56个``: the 个 count is
  the statistic). A count of days (``优良天数达到320天``) is a statistic, other durations are not.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from analysis.errors import InputError
from analysis.report import header as _header
from analysis.report import keys as _keys
from analysis.report import numbers as _numbers
from analysis.report import programmes as _programmes
from analysis.report import sections as _sections
from analysis.report import text as _text
from analysis.vocabulary import HEADLINE_KEYS

COLUMNS: tuple[str, ...] = (
    "section",
    "part",
    "kind",
    "year",
    "year_start",
    "period",
    "indicator",
    "key",
    "value",
    "value_high",
    "unit",
    "value_std",
    "value_high_std",
    "unit_std",
    "qualifier",
    "is_growth",
    "is_headline",
    "has_number",
    "text",
    "line",
)
HEADLINE_COLUMNS: tuple[str, ...] = (
    "key",
    "indicator",
    "value",
    "unit",
    "qualifier",
    "value_std",
    "unit_std",
    "text",
    "has_number",
)

_CLAUSE_DELIMS = "，。；：！？,;:!?（）()\n"
_CLAUSE_DELIM = re.compile("[" + re.escape(_CLAUSE_DELIMS) + "]")
_CONNECTORS = "、和与及,，"
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
            *[(v, "decline") for v in ("下降", "降低", "减少", "下滑", "回落")],
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
                    "不超过",
                    "低于",
                    "高于",
                    "累计",
                    "逾",
                    "至少",
                    "跨过",
                    "跨越",
                    "迈上",
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
#: words opening a subject that name an addition, not a stock (新增两院院士6人，总数达61人)
_NEW_WORDS = re.compile(r"^(?:新增|新建|新引进|新认定)")
_RATE_ENDINGS = ("增速", "涨幅", "增幅", "增长率", "增长")
#: nouns naming programmes: a count written before them is a label (context), not a statistic
LABEL_NOUNS: tuple[str, ...] = ("重大工程", "万亿级", "千亿", "产业集群", "政策举措", "硬措施", "具体举措")
_NOUN_AFTER = re.compile(r"(?:[^，。；：！？、\n（）()\d]|\d+(?=[A-Za-z]))+")
#: where the noun written after a count stops (组建97个省级现代产业学院, 4家企业入选...)
_NOUN_STOP = re.compile(r"(入选|获评|获批|实现|全部|加快|建设|稳妥|投入|开工|落地|荣获|取得|给予|在|等)")
#: predicates after a one-word noun that say what is counted (2个团队获评国家卓越工程师奖)
_PREDICATE = re.compile(r"(?:入选|获评|获批|荣获|实现)[^，。；：！？\n]{1,24}")
#: a short verb-only subject and the action named in the clause before it (…废弃矿山复绿行动，治理14.8万亩)
_ACTION_BEFORE = re.compile(r"(?:[^，。；：、\n]*等)?(?P<object>[^，。；：、等\n]{2,12}?)(?:行动|工程)$")
#: a short subject whose object is written after the number (投入4.8亿元给予人才支持奖励和服务保障)
_OBJECT_AFTER = re.compile(r"(?:给予|用于)(?P<object>[^，。；：！？\n]{2,16})")
#: what a duration written without a subject is about (三年新冠疫情防控转段后, 十年来首次超过全国增速)
_TIME_NOUN_STOP = re.compile(r"转段|以来|后|的")
#: a count that sizes the things of 一批 (一批超百亿项目): a label, not a statistic
_BATCH_BEFORE = re.compile(r"一批(?:超过?|过|逾|近)?$")
_NO_NUMBER = re.compile(
    r"(?P<phrase>[^，。；：、\n]*?)(?P<verb>增长)?(?P<qual>(?:与|和|同)经济(?:增长|发展)(?:基本|保持)?同步"
    r"|(?:不折不扣|全面)?完成(?:国家|省|市|自治区|上级)下达(?:的)?(?P<task>[^，。；：、\n\d]{0,24}?)任务)"
)
#: the words without which :data:`_NO_NUMBER` cannot match (a cheap test before the costly search)
_NO_NUMBER_CUE = re.compile(r"同步|下达")
#: number-less targets recognised inside the main-expected-targets passage only
_NO_NUMBER_HEADLINE = re.compile(
    r"(?P<phrase>[^，。；：、\n]*?)(?P<verb>增长|增速)?(?P<qual>只增不减|实现正增长|保持正增长|高于经济增[速长]"
    r"|(?:保持)?基本平衡|促稳提质|稳量提质|稳中提质|稳中有升|稳中有增"
    r"|完成(?:国家|省|市|自治区|上级)下达(?:的)?[^，。；：、\n\d]{0,14}?目标"
    r"|控制在(?:国家|省|上级)下达(?:的)?目标(?:以)?内)"
)
#: a number-less task of energy saving (完成国家下达的节能减排任务): the energy-intensity target
_ENERGY_TASK = re.compile(r"下达的?(?:节能|能耗|能源消耗)")
_TARGET_YEAR = re.compile(r"到((?:19|20)\d\d)年")


@dataclass
class _Phrase:
    indicator: str
    verb: str
    qualifiers: list[str]
    is_growth: bool
    decline: bool


def _read_phrase(phrase: str) -> _Phrase:
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
    indicator = _LEADING_FRAME.sub("", indicator.lstrip(_CONNECTORS))
    indicator = re.sub(r"(?:19|20)\d\d年(?:末|底)?$", "", indicator)  # 国内生产总值2000年达...
    if any(indicator.endswith(e) for e in _RATE_ENDINGS[:4]):
        growth = True
    if decline:
        quals = ["下降"] + quals
    return _Phrase(indicator, verb, quals, growth, decline)


def _split_pair(subject: str, n: int) -> list[str]:
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


def _noun_after(paragraph: str, q: _numbers.Quantity) -> tuple[str, int]:
    """The noun a count is written before and the offset where it ends.

    ``组建97个省级现代产业学院`` -> ``省级现代产业学院``; a noun of one word gets the predicate of
    its clause (``4家企业入选国家产业技术基础公共服务平台`` -> ``企业入选国家产业技术基础公共服务平台``).
    """
    m = _NOUN_AFTER.match(paragraph, q.end) if q.end < len(paragraph) else None
    if not m:
        return "", q.end
    noun = _NOUN_STOP.split(m.group(0), maxsplit=1)[0]
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


def _counts(q: _numbers.Quantity) -> bool:
    """A count of things or people (个, 家, 项, 名...), the kind written before its noun."""
    base = _numbers.base_unit(q.unit)
    return base in _numbers.COUNT_UNITS or base in ("人", "名")


def _is_threshold(text: str, q: _numbers.Quantity) -> bool:
    """A size that picks out the things counted next (``5000万元以上项目``, ``超过10亿元的项目``).

    A quantity (not a rate) written with 以上/以下 or after 超过/超/过/逾, and followed at once by
    a noun (optionally after 的) rather than by punctuation or a goal word (目标, 规模, 水平).
    """
    if q.unit_std in ("%", "百分点", "倍", "‰") or q.is_range:
        return False
    after = text[q.end : q.end + 6]
    if q.suffix in ("以上", "以下"):
        pass
    elif text[max(0, q.start - 2) : q.start].endswith(("超过", "超", "过", "逾")) and after.startswith("的"):
        pass
    else:
        return False
    after = after.removeprefix("的")
    return bool(after) and "\u4e00" <= after[0] <= "\u9fff" and not any(w in after for w in _GOAL_WORDS)


#: nouns after a bounded quantity that make it a goal, not a threshold (1万亿元以上目标,
#: 万亿以上发展水平)
_GOAL_WORDS: tuple[str, ...] = ("目标", "规模", "水平", "任务", "台阶", "大关")
#: a duration that is itself the statistic: a count of days, a time limit (优良天数达到320天)
_TIME_STATISTIC = re.compile(
    r"(?:天数|日数|时限|时长|用时|周期)(?:达到|达|为|缩短[到至]|压缩[到至]|压减[到至]|"
    r"减少[到至]|降[到至]|控制在|保持在|稳定在)?$"
)


def _is_label(text: str, q: _numbers.Quantity) -> bool:
    """A count written before a programme's name (``15项重大工程``), a duration (``75周年``) or a
    threshold that picks out the things counted (``5000万元以上项目``)."""
    if q.is_time:
        clause = re.split(r"[，。；：！？\n]", text[: q.start])[-1]
        return not _TIME_STATISTIC.search(clause)
    if _is_threshold(text, q):
        return True
    before = text[max(0, q.start - 4) : q.start]
    if _BATCH_BEFORE.search(before):
        return True
    after = text[q.end : q.end + 20]
    if before.endswith("加快") and re.match(r"[^，。；：！？\n]{1,20}建设", after):
        return True  # 加快20个国家新型工业化产业示范基地建设: an existing set, not a number to reach
    if not after or after[0] in "，。；：！？\n":
        return False
    clause = re.split(r"[，。；：！？\n]", after, maxsplit=1)[0]
    return any(noun in clause for noun in LABEL_NOUNS)


def _empty_frame():
    import pandas as pd

    frame = pd.DataFrame({c: pd.Series(dtype="object") for c in COLUMNS})
    return _typed(frame)


_FLOATS = ("value", "value_high", "value_std", "value_high_std")
_BOOLS = ("is_growth", "is_headline", "has_number")
_TEXTS = ("section", "part", "kind", "period", "indicator", "key", "unit", "unit_std", "qualifier", "text")


def _typed(frame):
    import pandas as pd

    for c in _FLOATS:
        frame[c] = pd.to_numeric(frame[c], errors="coerce").astype("float64")
    for c in _BOOLS:
        frame[c] = frame[c].astype(bool)
    frame["year"] = frame["year"].astype("Int64")
    frame["line"] = frame["line"].astype("int64")
    frame["year_start"] = frame["year_start"].astype("Int64")
    for c in _TEXTS:
        frame[c] = frame[c].fillna("").astype(str)
    return frame[list(COLUMNS)]


def _frame_of(rows: list[dict]):
    """The typed extraction table of ``rows`` (dicts with the :data:`COLUMNS` and ``_offset``,
    ``_order``), in reading order."""
    import numpy as np
    import pandas as pd

    rows = sorted(rows, key=lambda r: (r["_offset"], r["_order"]))
    data = {}
    for c in COLUMNS:
        values = [r[c] for r in rows]
        if c in _FLOATS:
            data[c] = np.array([np.nan if v is None else v for v in values], dtype="float64")
        elif c in _BOOLS:
            data[c] = np.array(values, dtype=bool)
        elif c in ("year", "year_start"):
            data[c] = pd.array(values, dtype="Int64")
        elif c == "line":
            data[c] = np.array(values, dtype="int64")
        else:
            data[c] = [v if isinstance(v, str) else "" for v in values]
    return pd.DataFrame(data, columns=list(COLUMNS))


def load_text(source: str | Path | bytes) -> tuple[str, str | None]:
    """The text of ``source`` (a path, bytes or the text itself) and the file name, if any."""
    if isinstance(source, bytes):
        return _text.decode_report(source, file="<bytes>"), None
    if isinstance(source, Path):
        return _text.read_report(source), str(source)
    if isinstance(source, str):
        if "\n" not in source and len(source) < 1024 and source.endswith((".txt", ".text", ".md")):
            return _text.read_report(source), source
        if "\n" not in source and len(source) < 1024 and Path(source).is_file():
            return _text.read_report(source), source
        return source, None
    raise InputError(f"a report must be a path or its text, not {type(source).__name__}", field="source")


def extract_report(source, year: int | None = None, *, review_of: int | None = None, name: str | None = None):
    """Every quantitative statement of a work report, one row per number.

    Parameters
    ----------
    source : path of the report text (UTF-8 with or without BOM, or GB18030), the text itself, or
        its :class:`~analysis.report.text.CleanText` (already cleaned).
    year : year the report plans for; default: read from the text (:mod:`analysis.report.header`).
    name : the file name to use in warnings (default: the path's, when ``source`` is a path).
    review_of : read the whole text as a review of this year (a statistical communiqué): every
        number is a result of ``review_of`` (or of the span or part of a year its sentence names).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS`, in reading order: section (heading of the main part), part
        (preamble/review/plan/other), kind (result/target/context), year (int, the year the
        number speaks of), indicator (Chinese subject phrase), key (vocabulary key or ""), value,
        value_high (ranges), unit (as written), value_std, value_high_std, unit_std (standard
        units, see :mod:`analysis.report.numbers`), qualifier, is_growth, is_headline (in the
        主要预期目标 sentence), has_number, text (the clean source clause), line (1-based line of
        the original file). A text without numbers gives an empty frame with these columns.

    Raises
    ------
    InputError
        empty, binary or undecodable file, missing file.
    """

    if isinstance(source, _text.CleanText):
        clean = source
    else:
        raw, found = load_text(source)
        name = name or found
        clean = _text.clean_text(raw)
    text = clean.text
    if review_of is not None:
        year = int(review_of) + 1
        sections = [_sections.Section(0, len(text), "", "review", int(review_of))]
        passages, headline = [], []
    else:
        if year is None:
            year = _header.read_header(text).year or _year_of_file(name)
        sections = _sections.find_sections(text, year)
        passages = _sections.target_passages(text, sections)
        headline = _sections.headline_spans(text, sections)
        if not headline and name is not None:
            _warn_no_headline(name, year)
    span = _Spans(headline, [(p.start, p.end) for p in passages if not p.annual], _own_names(text, name))
    spans = _programmes.calendar(
        (paragraph, section.year) for section in sections for paragraph in text[section.start : section.end].split("\n")
    )
    rows: list[dict] = []
    for section in sections:
        _extract_section(text, section, span, clean, rows, spans)
    if not rows:
        return _empty_frame()
    _price_index_as_rate(rows)
    if review_of is None:
        _headline_gdp(rows, year)
    return _frame_of(rows)


def _price_index_as_rate(rows: list[dict]) -> None:
    """A consumer-price outcome or target written as an index (居民消费价格指数为100.9%, 控制在103以内):
    ``value`` stays as written, ``value_std`` is the change in % (0.9, 3)."""
    for r in rows:
        if (
            r["key"] in ("cpi_inflation", "cpi_index")
            and r["has_number"]
            and r["unit_std"] in ("%", "")
            and r["value"] > 50
            and r["unit"] in ("%", "")
        ):
            r["key"], r["unit_std"] = "cpi_inflation", "%"
            r["value_std"] = float(f"{r['value'] - 100.0:.10g}")
            if r["value_high"] is not None and r["value_high"] == r["value_high"]:
                r["value_high_std"] = float(f"{r['value_high'] - 100.0:.10g}")


def _headline_gdp(rows: list[dict], year: int | None) -> None:
    """When the main-targets passage sets no GDP-growth target but the plan sets one for the year in a
    sentence of its own (综合考虑各方面因素，今年全省地区生产总值增长8%), that target is the headline."""
    if any(r["is_headline"] and r["key"] == "gdp_real_growth" for r in rows):
        return
    for r in sorted(rows, key=lambda r: r["_offset"]):
        if (
            r["kind"] == "target"
            and r["key"] == "gdp_real_growth"
            and r["has_number"]
            and r["unit_std"] == "%"
            and r["year"] == year
            and "下降" not in r["qualifier"]
        ):
            r["is_headline"] = True
            return


def _extract_section(text: str, section, span, clean, rows: list[dict], spans: dict) -> None:
    body = text[section.start : section.end]
    offset0 = section.start
    paragraph_start = 0
    for paragraph in body.split("\n"):
        base = offset0 + paragraph_start
        paragraph_start += len(paragraph) + 1
        if not paragraph or (section.heading and paragraph == section.heading):
            continue
        _extract_paragraph(paragraph, base, section, span, clean, rows, spans)


def _extract_paragraph(paragraph: str, base: int, section, span, clean, rows: list[dict], spans: dict) -> None:
    quantities = _numbers.find_quantities(paragraph)
    programmes = _programmes.mentions(paragraph) if "年" in paragraph and "行动" in paragraph else []
    # chains: quantities joined only by a connector (4.3%和7.9%, 753元和601元)
    chains: list[list[_numbers.Quantity]] = []
    for q in quantities:
        if chains and paragraph[chains[-1][-1].end : q.start] in ("和", "、", "与", "及"):
            if chains[-1][-1].unit_std == q.unit_std:
                chains[-1].append(q)
                continue
        chains.append([q])
    previous_end = 0
    previous_subject = ""
    sentence_of_previous = -1
    delimiters = [m.start() for m in _CLAUSE_DELIM.finditer(paragraph)] if chains else []
    for chain in chains:
        first = chain[0]
        cut = bisect.bisect_left(delimiters, first.start)
        clause_start = (delimiters[cut - 1] if cut else -1) + 1
        if previous_end > clause_start:
            clause_start = previous_end
        phrase_text = paragraph[clause_start : first.start]
        phrase = _read_phrase(phrase_text)
        sentence = paragraph.rfind("。", 0, first.start)
        subject = phrase.indicator
        key_subject = ""
        noun, noun_end = (
            _noun_after(paragraph, chain[-1]) if _counts(chain[-1]) and not phrase.is_growth else ("", chain[-1].end)
        )
        programme = next((p for p in programmes if p.start <= first.start < p.end), None)
        if programme:  # 全面振兴新突破三年行动: the programme's length, named by the programme
            subject, phrase = programme.label, _Phrase(programme.label, "", [], False, False)
        elif noun:  # a count before its noun: the noun says what is counted
            head = _PREDICATE.split(noun, maxsplit=1)[0]
            if len(head) <= 4 and len(subject) >= 3:  # 农村宅基地两项试点任务, 零就业家庭至少一人实现就业
                subject = subject + noun
            else:
                subject = noun
        elif not subject and first.is_time:  # 三年新冠疫情防控, 十年来首次超过全国增速
            after = re.split(r"[，。；：！？\n]", paragraph[first.end : first.end + 30], maxsplit=1)[0]
            subject = _TIME_NOUN_STOP.split(after.removeprefix("来"), maxsplit=1)[0][:12]
        elif _BATCH_BEFORE.search(paragraph[max(0, first.start - 4) : first.start]):
            # 一批超百亿项目: the label as written
            after = _NOUN_STOP.split(
                _NOUN_AFTER.match(paragraph, first.end).group(0) if _NOUN_AFTER.match(paragraph, first.end) else "",
                maxsplit=1,
            )[0]
            subject = "".join(phrase.qualifiers) + paragraph[first.start : first.end] + after
        elif sentence == sentence_of_previous and (
            (not subject and phrase_text.strip(_CONNECTORS)) or subject in _TOTAL_WORDS
        ):
            # 旅游总收入5022.6亿元，同比增长1.7倍; ...，总量突破3万亿; 新增两院院士6人，总数达61人
            key_subject = previous_subject or subject
            if (
                subject in _TOTAL_WORDS
                and previous_subject
                and (_NEW_WORDS.match(previous_subject) or subject == "总投资")
            ):
                subject = _NEW_WORDS.sub("", previous_subject) + subject
            else:
                subject = key_subject
        elif len(subject) <= 2 and _OBJECT_AFTER.match(paragraph, first.end):
            subject = _OBJECT_AFTER.match(paragraph, first.end)["object"] + subject  # 人才...保障投入
        elif len(subject) <= 2 and not _counts(first):
            action = _ACTION_BEFORE.search(paragraph[max(sentence + 1, 0) : clause_start].rstrip(_CLAUSE_DELIMS))
            if action:  # 实施...废弃矿山复绿行动，治理14.8万亩 -> 废弃矿山复绿治理
                subject = action["object"] + subject
        if "分别" in phrase_text and len(chain) == 1:  # 能耗和二氧化碳排放量分别下降3.5%: one number, each subject
            parts = [p for p in re.split(r"和|、|与|及", subject) if p]
            if len(parts) > 1 and len(_split_pair(subject, len(parts))) == len(parts):
                chain = chain * len(parts)
            elif subject.startswith("城乡"):  # 城乡居民人均收入分别增长10%
                chain = chain * 2
        names = _split_pair(subject, len(chain)) if "分别" in phrase_text or len(chain) > 1 else [subject] * len(chain)
        # a bound written once after a pair covers both (失业率分别控制在5.5%和3.5%以内)
        shared_suffix = (
            chain[-1].suffix
            if len(chain) > 1 and "分别" in phrase_text and not any(q.suffix for q in chain[:-1])
            else ""
        )
        clause_end = max(noun_end, programme.end) if programme else noun_end
        clause_text = paragraph[clause_start:clause_end].lstrip(_CONNECTORS)
        for order, (q, name) in enumerate(zip(chain, names)):
            absolute = base + q.start
            in_headline = span.headline(absolute)
            kind = _kind(paragraph, q, section)
            quals = list(phrase.qualifiers)
            if q.approx:
                quals.append(q.approx)
            if q.is_range:
                quals.append("区间")
            if q.suffix or shared_suffix:
                quals.append(q.suffix or shared_suffix)
            is_growth = phrase.is_growth or (q.unit_std == "百分点" and bool(phrase.verb))
            if q.unit_std == "百分点" and not phrase.verb:
                is_growth = False
            value_std, high_std, unit_std = q.value_std, q.value_high_std, q.unit_std
            if unit_std == "倍" and is_growth:  # 增长1.7倍: up 170 %
                value_std, high_std = (
                    _numbers.growth_multiple_to_percent(value_std),
                    _numbers.growth_multiple_to_percent(high_std),
                )
                unit_std = "%"
            year, year_start, period = section.year, None, ""
            if kind == "target":
                before = paragraph[sentence + 1 : q.start]
                m = _TARGET_YEAR.search(before)
                if m:
                    year = int(m.group(1))
                elif programmes:
                    year = _programmes.target_year(before, spans) or year
                if not in_headline and _is_goal(span, section, paragraph, base, q, phrase_text):
                    kind = "goal"
                    year_start, end = _goal_years(paragraph[: q.start], section, year)
                    year = int(m.group(1)) if m else end
            elif kind == "result" and section.year is not None:
                reviewed = section.year if section.part == "review" else section.year - 1
                year, year_start, period = _result_period(paragraph, q.start, phrase_text, reviewed)
            rows.append(
                {
                    "section": section.heading,
                    "part": section.part,
                    "kind": kind,
                    "year": year,
                    "year_start": year_start,
                    "period": period,
                    "indicator": name,
                    "key": _keys.key_for(
                        key_subject or name, verb=phrase.verb, is_growth=is_growth, own=span.own, unit_std=unit_std
                    ),
                    "value": q.value,
                    "value_high": q.value_high,
                    "unit": q.unit,
                    "value_std": value_std,
                    "value_high_std": high_std,
                    "unit_std": unit_std,
                    "qualifier": "、".join(quals),
                    "is_growth": is_growth,
                    "is_headline": in_headline and kind == "target",
                    "has_number": True,
                    "text": clause_text,
                    "line": clean.line_of(absolute),
                    "_offset": absolute,
                    "_order": order,
                }
            )
        previous_end = clause_end
        if not first.is_time:  # a duration (十年来) is no subject for the next clause
            previous_subject = subject if subject else previous_subject
        sentence_of_previous = sentence
    if section.part in ("plan", "other"):
        found = [
            item
            for m in (_NO_NUMBER.finditer(paragraph) if _NO_NUMBER_CUE.search(paragraph) else ())
            for item in _listed(paragraph, m)
        ]
        taken = [(start, start + len(text)) for start, _, _, _, text in found]
        if span.overlaps(base, base + len(paragraph)):
            for m in _NO_NUMBER_HEADLINE.finditer(paragraph):
                if span.headline(base + m.start("qual")) and not _overlaps(m.start("qual"), m.end("qual"), taken):
                    found.append((m.start("phrase"), m["phrase"], m["verb"] or "", m["qual"], m.group(0)))
                    taken.append((m.start(), m.end()))
            found += _worded_targets(paragraph, base, span, taken)
        for start, phrase_text, verb, qual, matched in sorted(found):
            subject = _read_phrase(phrase_text).indicator
            absolute = base + start + (len(phrase_text) - len(phrase_text.lstrip(_CONNECTORS)))
            is_growth = bool(verb) or subject.endswith(_RATE_ENDINGS) or bool(re.search("同步|增长|增速|提质", qual))
            rows.append(
                {
                    "section": section.heading,
                    "part": section.part,
                    "kind": "target",
                    "year": section.year,
                    "year_start": None,
                    "period": "",
                    "indicator": subject,
                    "key": (
                        _keys.key_for(subject, verb=verb, is_growth=is_growth, own=span.own)
                        or _keys.key_for(subject, own=span.own)
                        or ("energy_intensity" if _ENERGY_TASK.search(qual) else "")
                    ),
                    "value": float("nan"),
                    "value_high": float("nan"),
                    "unit": "",
                    "value_std": float("nan"),
                    "value_high_std": float("nan"),
                    "unit_std": "",
                    "qualifier": qual,
                    "is_growth": is_growth,
                    "is_headline": span.headline(absolute),
                    "has_number": False,
                    "text": matched.lstrip(_CONNECTORS),
                    "line": clean.line_of(absolute),
                    "_offset": absolute,
                    "_order": 0,
                }
            )


def _listed(paragraph: str, m: re.Match) -> list[tuple]:
    """The targets of one :data:`_NO_NUMBER` match: one per item when the subject is a list
    (粮食产量及播种面积、生态环境质量等指标完成国家下达年度目标任务: two targets)."""
    start = m.start("phrase")
    phrase = m["phrase"] or _task_subject(m["task"])
    if start > 0 and paragraph[start - 1] == "、":
        first = max(paragraph.rfind(c, 0, start) for c in "，。；：\n") + 1
        items = [re.sub(r"等(?:指标|方面)?$", "", i) for i in paragraph[first : m.end("phrase")].split("、")]
        if all(len(i) >= 2 for i in items):
            return [(first, item, m["verb"] or "", m["qual"], m.group(0)) for item in items]
    return [(start, phrase, m["verb"] or "", m["qual"], m.group(0))]


def _task_subject(task: str | None) -> str:
    """The indicator named inside a task (完成国家下达的单位地区生产总值二氧化碳排放降低任务 ->
    单位地区生产总值二氧化碳排放), or ""."""
    if not task:
        return ""
    inner = re.sub(r"(?:降低|下降|减排|目标|约束性|的)+$", "", task)
    return inner if _keys.key_for(inner) else ""


def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(a < end and start < b for a, b in taken)


#: the predicate of a target in words (居民消费价格保持合理水平, 单位生产总值二氧化碳排放进一步下降)
_WORDED = re.compile(
    r"^(?P<phrase>[^，。；：\n\d]{2,24}?)(?P<qual>(?:全面|不折不扣)?完成|落实|保持|实现|与|和|同|只增不减|进一步|合理|稳|"
    r"提质|基本|高于|持续|逐步|回升|确保|达到国家|提升|继续|取得新|有效|重点|提高$)(?P<rest>[^，。；：\n\d]*)$"
)
#: clauses of a headline passage that are exhortations, not targets
_NOT_A_TARGET = re.compile(r"^(?:在实际工作中|努力争取|力争|争取|加快|对标|在全国|全力|奋力|确保完成全年)")


def _worded_targets(paragraph: str, base: int, span, taken) -> list[tuple]:
    """Targets without a number in the headline passage that no pattern of :data:`_NO_NUMBER` reads:
    a clause naming an indicator of the vocabulary (or a task to complete) and how it is to move."""
    out = []
    for m in re.finditer(r"[^，。；：\n]+", paragraph):
        clause = m.group(0)
        if (
            not span.headline(base + m.start())
            or re.search(r"\d|百分之", clause)
            or _overlaps(m.start(), m.end(), taken)
        ):
            continue
        w = _WORDED.match(clause)
        if not w or _NOT_A_TARGET.match(clause):
            continue
        subject = _read_phrase(w["phrase"]).indicator
        if not (
            _keys.key_for(subject, is_growth=True)
            or _keys.key_for(subject)
            or re.match("完成|不折不扣|落实|高于|达到|提升|稳|继续|取得|基本|有效|进一步|重点", w["qual"])
            or "、" in subject
        ):
            continue
        phrase = re.sub(r"^(?:同时)?(?:要在|要|在)", "", w["phrase"])
        listed = re.match(r"^(?P<items>.+[、和及].+?)(?:等)?(?:指标|方面|任务)?$", phrase)
        items = re.split("、" if "、" in phrase else "、|和|及", listed["items"]) if listed else [phrase]
        for item in items if all(len(i) >= 2 for i in items) else [phrase]:
            out.append((m.start(), item, "", w["qual"] + w["rest"], clause))
    return out


def _year_of_file(name: str | None) -> int | None:
    """The year of a report file named ``<year>_<region>.txt`` (the corpus convention), else None."""
    m = re.match(r"((?:19|20)\d\d)_", Path(name).name) if name else None
    return int(m.group(1)) if m else None


def _own_names(text: str, name: str | None) -> tuple[str, ...]:
    """The report's own region as its text may name it before an indicator (北京市生产总值增长9%):
    the place of its header and, for a file named ``<year>_<region>.txt``, the region's Chinese name
    with and without 省/市/自治区."""
    from analysis.vocabulary import BY_REGION

    names = set()
    place = _header.read_header(text).place
    if place:
        names.add(place)
        names.add(re.sub(r"(?:省|市|自治区|自治州|州|盟|地区|县)$", "", place))
    m = re.match(r"(?:19|20)\d\d_([a-z0-9]+)", Path(name).name) if name else None
    region = BY_REGION.get(m.group(1)) if m else None
    if region is not None and region.level != "nation":
        names.update(
            {
                region.name,
                region.name
                + (
                    "市"
                    if region.level == "city" or region.tier == "municipality"
                    else "自治区"
                    if region.tier == "autonomous region"
                    else "省"
                ),
            }
        )
    return tuple(sorted(n for n in names if len(n) >= 2))


class _Spans:
    """The headline passages and the multi-year target passages of a report (clean-text offsets)."""

    def __init__(self, headline: list[tuple[int, int]], multi_year: list[tuple[int, int]], own: tuple[str, ...] = ()):
        self.headline_spans = headline
        self.multi_year = multi_year
        self.own = own  # the report's own region as the text may name it (北京市, 北京): a whole-region word

    def headline(self, offset: int) -> bool:
        return any(a <= offset < b for a, b in self.headline_spans)

    def overlaps(self, start: int, end: int) -> bool:
        """True when ``start``..``end`` shares a character with a headline passage."""
        return any(a < end and start < b for a, b in self.headline_spans)

    def in_multi_year(self, offset: int) -> bool:
        return any(a <= offset < b for a, b in self.multi_year)


class ReportWarning(UserWarning):
    """A report that reads but lacks something a work report has (its main expected targets)."""


def _warn_no_headline(name: str, year) -> None:
    import warnings

    warnings.warn(
        ReportWarning(
            f"{name}: no main-expected-targets passage (主要预期目标, 预期目标为..., 主要目标是) found"
            f"{f' for {year}' if year else ''}: the report yields no headline targets"
        ),
        stacklevel=3,
    )


#: words of a clause that make its number a multi-year figure (an annual average)
_AVERAGE = re.compile(r"年均|平均每年|每年平均")
#: a span of years named in the review: the plan period, the last five years
_FIVE_YEARS = re.compile(r"五年来|过去五年|这五年|近五年|(?<![十第])五年(?=全|累|共|间|里|中|内|新|来|总|合计)")
#: part of a year (a result for Q1-Q3, the first half)
_PART_OF_YEAR = re.compile(r"前三季度|上半年|一季度|第一季度|前两个季度|(?<!\d)1[-—至~]\d{1,2}月|前\d{1,2}个月")
#: the whole year named after a part of it (上半年追平全国增速...，全年地区生产总值增长7%)
_WHOLE_YEAR = re.compile(r"全年|全省|全市|全区")
#: the year under review named in words (去年全市实现生产总值...): the report's year less one
_LAST_YEAR_WORDS = re.compile(r"去年|上年(?!增长|同期|基础|的基础)|过去一年|过去的一年")
_PERIOD_NAMES = {"前三季度": "Q1-Q3", "上半年": "H1", "前两个季度": "H1", "一季度": "Q1", "第一季度": "Q1"}
#: a year written as the base of a comparison (比2020年增长...): the change runs from the next year
_BASE_YEAR = re.compile(r"(?:比|较|与|相比)((?:19|20)\d\d)年(?:末|底)?")
_PLAN_EDGE = re.compile(r"“?[一二三四五六七八九十]{1,3}”?(?:规划)?(?:的)?(?:收官|开局|起步|首|末|最后|第一)")
_SINGLE_YEAR = re.compile(r"(?<![\d比较与])((?:19|20)\d\d)年(?!以来|来|[-—至~到])")


def _is_goal(span: _Spans, section, paragraph: str, base: int, q, phrase_text: str) -> bool:
    """A number of the plan that sets a multi-year goal: in a five-year passage or part, or an
    annual average (``年均增长5%左右``)."""
    if span.in_multi_year(base + q.start):
        return True
    if section.heading and _sections.plan_periods_named(section.heading) and "今年" not in section.heading:
        return True
    return bool(_AVERAGE.search(phrase_text))


def _goal_years(before: str, section, year: int | None) -> tuple[int | None, int | None]:
    """First and last year of a goal: the five-year plan named last in the words of its paragraph
    before it (``before``), else in the heading of its part, else the report's year for five years."""
    named = _sections.plan_periods_named(before)
    if not named and section.heading:
        named = _sections.plan_periods_named(section.heading)
    if named:
        return named[-1][1], named[-1][2]
    if year is None:
        return None, None
    return year, year + 4


@lru_cache(maxsize=256)
def _time_marks(text: str) -> tuple[tuple, ...]:
    """(offset, kind, value) of every time a text names: a year (``2025年``), the last five years
    (``五年来``), a plan period (``“十四五”时期``; not ``“十四五”收官之年``, which names a year)."""
    marks = [(m.start(), "year", int(m.group(1))) for m in _SINGLE_YEAR.finditer(text)]
    marks += [(m.start(), "five", None) for m in _FIVE_YEARS.finditer(text)]
    marks += [(o, "plan", (a, b)) for o, a, b in _sections.plan_periods_named(text) if not _PLAN_EDGE.match(text, o)]
    marks += [(m.start(), "last", None) for m in _LAST_YEAR_WORDS.finditer(text)]
    return tuple(marks)


def _result_period(paragraph: str, start: int, phrase_text: str, year: int) -> tuple[int, int | None, str]:
    """(year, first year of a span or None, part of a year) of a result at ``start`` of ``paragraph``.

    The review speaks of ``year`` (the report's year less one) unless the sentence says otherwise:
    a part of the year (``前三季度``), a single earlier year (``2024年``), the plan period or the
    last five years (``“十四五”时期``, ``五年来``; with 年均 an average over them), or a base year
    (``比2020年增长``: the change over the years after it).
    """
    sentence_start = max(paragraph.rfind(c, 0, start) for c in "。！？；") + 1
    sentence = paragraph[sentence_start:start]
    clause = phrase_text
    parts = list(_PART_OF_YEAR.finditer(sentence))
    if parts and _WHOLE_YEAR.search(sentence, parts[-1].end()) is None:
        name = parts[-1].group(0)  # 前三季度...增长: a part of the year, unless 全年 follows it (上半年...，全年增长7%)
        return year, None, _PERIOD_NAMES.get(name, name.replace("—", "-").replace("至", "-"))
    base = _BASE_YEAR.search(clause) or _BASE_YEAR.search(sentence)
    if base and int(base.group(1)) < year - 1:
        return year, int(base.group(1)) + 1, ""
    marks = [(o, "year", year) if kind == "last" else (o, kind, v) for o, kind, v in _time_marks(sentence)]
    average = bool(_AVERAGE.search(clause)) or bool(_AVERAGE.search(sentence[-12:]))
    if "累计" in clause:
        marks.append((len(sentence), "five", None))
    if not marks:  # the span or year said earlier in the paragraph (五年来，...。...增长)
        marks = [
            (o, "year", year) if kind == "last" else (o, kind, v)
            for o, kind, v in _time_marks(paragraph[:sentence_start])
        ]
        if not marks and average:
            return year, year - 4, ""
    marks = [
        m for m in marks if (m[1] == "year" and m[2] <= year) or (m[1] == "plan" and m[2][1] <= year) or m[1] == "five"
    ]
    if not marks:
        return (year, year - 4, "") if average else (year, None, "")
    _, kind, value = max(marks, key=lambda m: m[0])
    if kind == "year":  # 2000年达89404亿元，平均每年增长8.3%: the average of the five years to 2000
        return (value, value - 4, "") if average else (value, None, "")
    if kind == "plan":
        return value[1], value[0], ""
    return year, year - 4, ""


#: a sentence of the plan that looks back (过去一年，...; 去年...): its numbers are results
_LOOKING_BACK = re.compile(r"^(?:过去一年|去年|上年|过去的一年)")


#: the starting level of a change written from-to (从11.37万亿元提高到14.58万亿元): context, not an outcome
_FROM = re.compile(r"(?:从|由)[^，。；从由]{0,24}$")
_TO = re.compile(r"(?:增加|提高|增长|上升|扩大|跃升|提升|跨越|发展|下降|降低|减少)?(?:到|至)")


def _kind(paragraph: str, q: _numbers.Quantity, section) -> str:
    if section.part == "preamble" or _is_label(paragraph, q):
        return "context"
    if _TO.match(paragraph, q.end) and _FROM.search(paragraph, max(0, q.start - 26), q.start):
        return "context"
    if section.part == "review":
        return "result"
    sentences = re.split(r"(?<=[。！？])", paragraph[: q.start])
    current = sentences[-1] if sentences else ""
    previous = sentences[-2] if len(sentences) > 1 else ""
    if "今年" not in current and (_LOOKING_BACK.match(current) or _LOOKING_BACK.match(previous)):
        return "result"
    return "target"


def headline_lines(source: str | Path | bytes) -> tuple[int, int]:
    """First and last line of the original file that hold the main-expected-targets sentence.

    The sentence runs from 主要预期目标 (else the first 预期目标 or 主要目标) to the next 。 of the
    clean text (:func:`analysis.report.sections.headline_span`); its two ends are mapped back to
    the 1-based lines of the file as printed, page furniture in between included. For showing the
    cleaning of that passage (:func:`analysis.report.text.before_after`).

    Parameters
    ----------
    source : path of the report text, its bytes, or the text itself.

    Raises
    ------
    InputError
        when the report has no such sentence.
    """
    raw, name = load_text(source)
    clean = _text.clean_text(raw)
    span = _sections.headline_span(clean.text)
    if span is None:
        raise InputError(
            "no main-expected-targets sentence (主要预期目标, 预期目标 or 主要目标) in the report", file=name
        )
    return clean.line_of(span[0]), clean.line_of(span[1])


def headline_targets(frame):
    """The main expected targets (主要预期目标), one row per headline key, in vocabulary order.

    Includes targets without a number (value NaN, has_number False). Keys of
    :data:`analysis.vocabulary.HEADLINE_KEYS` not found in the report are absent.
    """
    rows = frame[frame["is_headline"] & (frame["kind"] == "target") & frame["key"].isin(HEADLINE_KEYS)]
    rows = rows.drop_duplicates("key", keep="first")
    order = {k: i for i, k in enumerate(HEADLINE_KEYS)}
    return rows.sort_values("key", key=lambda s: s.map(order), kind="stable").reset_index(drop=True)


def save_tables(frame, output_dir: str | Path) -> tuple[Path, Path]:
    """Write ``indicators_all.csv`` and ``indicators_headline.csv`` into ``output_dir``.

    Written atomically (see :func:`analysis.tables.write_table`); floats with up to 10
    significant digits.
    """
    from analysis.tables import write_table

    headline = headline_targets(frame)[list(HEADLINE_COLUMNS)]
    return (
        write_table(frame, output_dir, "indicators_all.csv", float_format="%.10g"),
        write_table(headline, output_dir, "indicators_headline.csv", float_format="%.10g"),
    )
