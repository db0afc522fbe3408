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

import re
from dataclasses import dataclass
from pathlib import Path

from analysis.errors import InputError
from analysis.report import keys as _keys
from analysis.report import numbers as _numbers
from analysis.report import programmes as _programmes
from analysis.report import sections as _sections
from analysis.report import text as _text
from analysis.vocabulary import HEADLINE_KEYS

COLUMNS: tuple[str, ...] = (
    "section", "part", "kind", "year", "indicator", "key", "value", "value_high", "unit", "value_std",
    "value_high_std", "unit_std", "qualifier", "is_growth", "is_headline", "has_number", "text", "line",
)
HEADLINE_COLUMNS: tuple[str, ...] = (
    "key", "indicator", "value", "unit", "qualifier", "value_std", "unit_std", "text", "has_number",
)

_CLAUSE_DELIMS = "，。；：！？,;:!?（）()\n"
_CONNECTORS = "、和与及,，"
#: verbs read back from the end of the phrase: (verb as written, role)
#: role: growth | decline | level (a qualifier kept as written) | frame (dropped)
_VERBS: tuple[tuple[str, str], ...] = tuple(sorted((
    *[(v, "growth") for v in ("增长", "增加", "上涨", "提高", "提升", "扩大", "年均增长", "平均增长")],
    *[(v, "decline") for v in ("下降", "降低", "减少", "下滑", "回落")],
    *[(v, "level") for v in ("提高到", "提高至", "提升到", "提升至", "增至", "增加到", "增加至", "降至",
                             "降到", "下降到", "下降至", "降低到", "降低至", "减少到", "减少至", "达到", "达", "超过", "超", "突破", "近", "约", "不低于", "不超过",
                             "低于", "高于", "累计", "逾", "至少", "跨过", "过", "平均")],
    *[(v, "frame") for v in ("控制在", "稳定在", "保持在", "为", "是", "拟按", "按", "分别", "同比",
                             "比上年", "同口径", "总计", "合计", "实现", "完成", "实际", "名义", "拟安排", "安排",
                             "预期", "预计", "力争", "争取", "确保", "通过", "创", "稳步", "等")],
), key=lambda vr: -len(vr[0])))
#: words opening a clause that are not the subject (其中..., 拟安排..., 比上年...)
_LEADING_FRAME = re.compile(r"^(?:其中|拟安排|拟|预计|力争|争取|比(?:上年|去年)(?:年初预算)?|(?:持续|深入)?(?:推动|推进)|巩固|确保|完成|建成|[^，]{0,6}出台)")
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
    r"(?P<phrase>[^，。；：、\n]*?)(?P<verb>增长)?(?P<qual>(?:与|和|同)经济增长(?:基本|保持)?同步"
    r"|完成(?:国家|省|市|自治区|上级)下达(?:的)?[^，。；：、\n\d]{0,10}?任务)")
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
        for word, role in _VERBS:
            if indicator.endswith(word):
                indicator = indicator[: -len(word)]
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
    if any(indicator.endswith(e) for e in _RATE_ENDINGS[:4]):
        growth = True
    if decline:
        quals = ["下降"] + quals
    return _Phrase(indicator, verb, quals, growth, decline)


def _split_pair(subject: str, n: int) -> list[str]:
    """``城镇和农村居民人均可支配收入`` with n=2 -> the two subjects; else n copies."""
    m = re.match(r"^(?P<a>[^和、与及]+)(?:和|、|与|及)(?P<rest>.+)$", subject)
    if n == 2 and m and len(m["rest"]) > len(m["a"]):
        a, rest = m["a"], m["rest"]
        common = rest[len(a):]
        if common:
            return [a + common, rest]
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
        rest = paragraph[q.end + len(noun): m.end() + 40]
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
    after = text[q.end: q.end + 6]
    if q.suffix in ("以上", "以下"):
        pass
    elif text[max(0, q.start - 2): q.start].endswith(("超过", "超", "过", "逾")) and after.startswith("的"):
        pass
    else:
        return False
    after = after.removeprefix("的")
    return bool(after) and "\u4e00" <= after[0] <= "\u9fff" and not any(w in after for w in _GOAL_WORDS)


#: nouns after a bounded quantity that make it a goal, not a threshold (1万亿元以上目标,
#: 万亿以上发展水平)
_GOAL_WORDS: tuple[str, ...] = ("目标", "规模", "水平", "任务", "台阶", "大关")
#: a duration that is itself the statistic: a count of days, a time limit (优良天数达到320天)
_TIME_STATISTIC = re.compile(r"(?:天数|日数|时限|时长|用时|周期)(?:达到|达|为|缩短[到至]|压缩[到至]|压减[到至]|"
                             r"减少[到至]|降[到至]|控制在|保持在|稳定在)?$")


def _is_label(text: str, q: _numbers.Quantity) -> bool:
    """A count written before a programme's name (``15项重大工程``), a duration (``75周年``) or a
    threshold that picks out the things counted (``5000万元以上项目``)."""
    if q.is_time:
        clause = re.split(r"[，。；：！？\n]", text[:q.start])[-1]
        return not _TIME_STATISTIC.search(clause)
    if _is_threshold(text, q):
        return True
    before = text[max(0, q.start - 4): q.start]
    if _BATCH_BEFORE.search(before):
        return True
    after = text[q.end: q.end + 20]
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


def _typed(frame):
    import pandas as pd

    for c in ("value", "value_high", "value_std", "value_high_std"):
        frame[c] = pd.to_numeric(frame[c], errors="coerce").astype("float64")
    for c in ("is_growth", "is_headline", "has_number"):
        frame[c] = frame[c].astype(bool)
    frame["year"] = frame["year"].astype("Int64")
    frame["line"] = frame["line"].astype("int64")
    for c in ("section", "part", "kind", "indicator", "key", "unit", "unit_std", "qualifier", "text"):
        frame[c] = frame[c].fillna("").astype(str)
    return frame[list(COLUMNS)]


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


def extract_report(source: str | Path | bytes, year: int | None = None):
    """Every quantitative statement of a work report, one row per number.

    Parameters
    ----------
    source : path of the report text (UTF-8 with or without BOM, or GB18030), or the text itself.
    year : year the report was delivered; default: read from the text (title or date line).

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
    import pandas as pd

    raw, _ = load_text(source)
    clean = _text.clean_text(raw)
    text = clean.text
    if year is None:
        year = _sections.report_year(text)
    sections = _sections.find_sections(text, year)
    span = _sections.headline_span(text)
    spans = _programmes.calendar(
        (paragraph, section.year) for section in sections
        for paragraph in text[section.start: section.end].split("\n"))
    rows: list[dict] = []
    for section in sections:
        _extract_section(text, section, span, clean, rows, spans)
    if not rows:
        return _empty_frame()
    frame = pd.DataFrame(rows)
    frame = frame.sort_values(["_offset", "_order"], kind="stable").drop(columns=["_offset", "_order"])
    return _typed(frame.reset_index(drop=True))


def _extract_section(text: str, section, span, clean, rows: list[dict], spans: dict) -> None:
    body = text[section.start: section.end]
    offset0 = section.start
    paragraph_start = 0
    for paragraph in body.split("\n"):
        base = offset0 + paragraph_start
        paragraph_start += len(paragraph) + 1
        if not paragraph or (section.heading and paragraph == section.heading):
            continue
        _extract_paragraph(paragraph, base, section, span, clean, rows, spans)


def _extract_paragraph(paragraph: str, base: int, section, span, clean, rows: list[dict],
                       spans: dict) -> None:
    quantities = _numbers.find_quantities(paragraph)
    programmes = _programmes.mentions(paragraph) if "年" in paragraph and "行动" in paragraph else []
    # chains: quantities joined only by a connector (4.3%和7.9%, 753元和601元)
    chains: list[list[_numbers.Quantity]] = []
    for q in quantities:
        if chains and paragraph[chains[-1][-1].end: q.start] in ("和", "、", "与", "及"):
            if chains[-1][-1].unit_std == q.unit_std:
                chains[-1].append(q)
                continue
        chains.append([q])
    previous_end = 0
    previous_subject = ""
    sentence_of_previous = -1
    for chain in chains:
        first = chain[0]
        clause_start = max(paragraph.rfind(d, 0, first.start) for d in _CLAUSE_DELIMS) + 1
        if previous_end > clause_start:
            clause_start = previous_end
        phrase_text = paragraph[clause_start: first.start]
        phrase = _read_phrase(phrase_text)
        sentence = paragraph.rfind("。", 0, first.start)
        subject = phrase.indicator
        key_subject = ""
        noun, noun_end = (_noun_after(paragraph, chain[-1]) if _counts(chain[-1]) and not phrase.is_growth
                          else ("", chain[-1].end))
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
            after = re.split(r"[，。；：！？\n]", paragraph[first.end: first.end + 30], maxsplit=1)[0]
            subject = _TIME_NOUN_STOP.split(after.removeprefix("来"), maxsplit=1)[0][:12]
        elif _BATCH_BEFORE.search(paragraph[max(0, first.start - 4): first.start]):
            # 一批超百亿项目: the label as written
            after = _NOUN_STOP.split(_NOUN_AFTER.match(paragraph, first.end).group(0)
                                     if _NOUN_AFTER.match(paragraph, first.end) else "", maxsplit=1)[0]
            subject = "".join(phrase.qualifiers) + paragraph[first.start: first.end] + after
        elif sentence == sentence_of_previous and (
                (not subject and phrase_text.strip(_CONNECTORS)) or subject in _TOTAL_WORDS):
            # 旅游总收入5022.6亿元，同比增长1.7倍; ...，总量突破3万亿; 新增两院院士6人，总数达61人
            key_subject = previous_subject or subject
            if subject in _TOTAL_WORDS and previous_subject and (
                    _NEW_WORDS.match(previous_subject) or subject == "总投资"):
                subject = _NEW_WORDS.sub("", previous_subject) + subject
            else:
                subject = key_subject
        elif len(subject) <= 2 and _OBJECT_AFTER.match(paragraph, first.end):
            subject = _OBJECT_AFTER.match(paragraph, first.end)["object"] + subject  # 人才...保障投入
        elif len(subject) <= 2 and not _counts(first):
            action = _ACTION_BEFORE.search(paragraph[max(sentence + 1, 0): clause_start].rstrip(_CLAUSE_DELIMS))
            if action:  # 实施...废弃矿山复绿行动，治理14.8万亩 -> 废弃矿山复绿治理
                subject = action["object"] + subject
        names = _split_pair(subject, len(chain)) if "分别" in phrase_text else [subject] * len(chain)
        clause_end = max(noun_end, programme.end) if programme else noun_end
        clause_text = paragraph[clause_start: clause_end].lstrip(_CONNECTORS)
        for order, (q, name) in enumerate(zip(chain, names)):
            absolute = base + q.start
            in_headline = bool(span and span[0] <= absolute < span[1])
            kind = _kind(paragraph, q, section)
            quals = list(phrase.qualifiers)
            if q.approx:
                quals.append(q.approx)
            if q.is_range:
                quals.append("区间")
            if q.suffix:
                quals.append(q.suffix)
            is_growth = phrase.is_growth or (q.unit_std == "百分点" and bool(phrase.verb))
            if q.unit_std == "百分点" and not phrase.verb:
                is_growth = False
            value_std, high_std, unit_std = q.value_std, q.value_high_std, q.unit_std
            if unit_std == "倍" and is_growth:  # 增长1.7倍: up 170 %
                value_std, high_std = _numbers.growth_multiple_to_percent(value_std), \
                    _numbers.growth_multiple_to_percent(high_std)
                unit_std = "%"
            year = section.year
            if kind == "target":
                before = paragraph[sentence + 1: q.start]
                m = _TARGET_YEAR.search(before)
                if m:
                    year = int(m.group(1))
                elif programmes:
                    year = _programmes.target_year(before, spans) or year
            rows.append({
                "section": section.heading, "part": section.part, "kind": kind, "year": year,
                "indicator": name,
                "key": _keys.key_for(key_subject or name, verb=phrase.verb, is_growth=is_growth,
                                     unit_std=unit_std),
                "value": q.value, "value_high": q.value_high, "unit": q.unit, "value_std": value_std,
                "value_high_std": high_std, "unit_std": unit_std, "qualifier": "、".join(quals),
                "is_growth": is_growth, "is_headline": in_headline and kind == "target", "has_number": True,
                "text": clause_text, "line": clean.line_of(absolute), "_offset": absolute, "_order": order,
            })
        previous_end = clause_end
        if not first.is_time:  # a duration (十年来) is no subject for the next clause
            previous_subject = subject if subject else previous_subject
        sentence_of_previous = sentence
    if section.part in ("plan", "other"):
        for m in _NO_NUMBER.finditer(paragraph):
            subject = _read_phrase(m["phrase"]).indicator
            absolute = base + m.start("phrase") + (len(m["phrase"]) - len(m["phrase"].lstrip(_CONNECTORS)))
            is_growth = bool(m["verb"]) or subject.endswith(_RATE_ENDINGS)
            rows.append({
                "section": section.heading, "part": section.part, "kind": "target", "year": section.year,
                "indicator": subject,
                "key": (_keys.key_for(subject, verb=m["verb"] or "", is_growth=is_growth)
                        or ("energy_intensity" if _ENERGY_TASK.search(m["qual"]) else "")),
                "value": float("nan"), "value_high": float("nan"), "unit": "", "value_std": float("nan"),
                "value_high_std": float("nan"), "unit_std": "", "qualifier": m["qual"],
                "is_growth": is_growth, "is_headline": bool(span and span[0] <= absolute < span[1]),
                "has_number": False, "text": m.group(0).lstrip(_CONNECTORS), "line": clean.line_of(absolute),
                "_offset": absolute, "_order": 0,
            })


def _kind(paragraph: str, q: _numbers.Quantity, section) -> str:
    if section.part == "preamble" or _is_label(paragraph, q):
        return "context"
    return "result" if section.part == "review" else "target"


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
        raise InputError("no main-expected-targets sentence (主要预期目标, 预期目标 or 主要目标) in the report",
                         file=name)
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
    return (write_table(frame, output_dir, "indicators_all.csv", float_format="%.10g"),
            write_table(headline, output_dir, "indicators_headline.csv", float_format="%.10g"))
