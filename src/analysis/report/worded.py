"""Targets written without a number: ``居民人均可支配收入增长与经济增长基本同步``, ``完成国家下达任务``.

Each is a row of the extraction with value NaN, ``has_number`` False and its predicate as qualifier.
Anywhere in the plan, two forms are read (:data:`_NO_NUMBER`): growth in step with the economy
(与经济增长同步) and a task set from above (完成国家下达的...任务, whose indicator may be named inside
the task). Inside the main-expected-targets passage, more predicates are targets
(:data:`_NO_NUMBER_HEADLINE`: 只增不减, 基本平衡, 稳中有升, 控制在国家下达目标以内...), and so is any
clause naming an indicator of the vocabulary, or a task, with how it is to move (:data:`_WORDED`:
居民消费价格保持合理水平, 单位生产总值二氧化碳排放进一步下降).
"""

from __future__ import annotations

import re

from analysis.report import keys as _keys
from analysis.report.phrases import CONNECTORS, RATE_ENDINGS, read_phrase
from analysis.report.sections import Passages, Section
from analysis.report.text import CleanText

_NO_NUMBER = re.compile(
    r"(?P<phrase>[^，。；：、\n]*?)(?P<verb>增长)?(?P<qual>(?:与|和|同)经济(?:增长|发展)(?:基本|保持)?同步"
    r"|(?:不折不扣|全面)?完成(?:国家|省|市|自治区|上级)下达(?:的)?(?P<task>[^，。；：、\n\d]{0,24}?)任务)"
)
#: the words without which :data:`_NO_NUMBER` cannot match (a cheap test before the costly search)
_NO_NUMBER_CUE = re.compile(r"同步|下达")
#: number-less targets recognised inside the main-expected-targets passage only
_NO_NUMBER_HEADLINE = re.compile(
    r"(?P<phrase>[^，。；：、\n]*?)(?P<verb>增长|增速)?(?P<qual>只增不减|实现正增长|保持正增长|高于经济增[速长]"
    r"|(?:保持)?基本平衡|促稳提质|保稳提质|稳量提质|稳中提质|稳中有升|稳中有增"
    r"|完成(?:国家|省|市|自治区|上级)下达(?:的)?[^，。；：、\n\d]{0,14}?目标"
    r"|控制在(?:国家|省|上级)下达(?:的)?目标(?:以)?内)"
)
#: a number-less task of energy saving (完成国家下达的节能减排任务): the energy-intensity target
_ENERGY_TASK = re.compile(r"下达的?(?:节能|能耗|能源消耗)")


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
    """True when ``start``..``end`` shares a character with one of the ``taken`` (start, end) pairs."""
    return any(a < end and start < b for a, b in taken)


#: 与/和/同 as a predicate only before what the target keeps pace with (和经济增长同步, 与全国同步); else
#: 和 joins two subjects (社会消费品零售总额和外贸进出口增速高于全国平均水平)
_IN_STEP_WITH = r"(?:与|和|同)(?=经济|国民经济|GDP|国内生产总值|地区生产总值|生产总值|全国|全省|全市|上年)"
#: the predicate of a target in words (居民消费价格保持合理水平, 单位生产总值二氧化碳排放进一步下降)
_WORDED = re.compile(
    r"^(?P<phrase>[^，。；：\n\d]{2,32}?)(?P<qual>(?:全面|不折不扣)?完成|落实|保持|实现|控制在|按照|跨|同步|"
    + _IN_STEP_WITH
    + r"|只增不减|进一步|合理|稳|提质|基本|高于|持续|逐步|回升|确保|达到国家|提升|继续|取得新|有效|重点|提高$)"
    r"(?P<rest>[^，。；：\n\d]*)$"
)
#: clauses of a headline passage that are exhortations, not targets
_NOT_A_TARGET = re.compile(r"^(?:在实际工作中|努力争取|力争|争取|加快|对标|在全国|全力|奋力|确保完成全年)")


def _worded_targets(paragraph: str, base: int, passages: Passages, taken: list[tuple[int, int]]) -> list[tuple]:
    """Targets without a number in the headline passage that no pattern of :data:`_NO_NUMBER` reads:
    a clause naming an indicator of the vocabulary (or a task to complete) and how it is to move."""
    out = []
    for m in re.finditer(r"[^，。；：\n]+", paragraph):
        clause = m.group(0)
        if (
            not passages.in_headline(base + m.start())
            or re.search(r"\d|百分之", clause)
            or _overlaps(m.start(), m.end(), taken)
        ):
            continue
        w = _WORDED.match(clause)
        if not w or _NOT_A_TARGET.match(clause):
            continue
        subject = read_phrase(w["phrase"]).indicator
        if not (
            _keys.key_for(subject, is_growth=True)
            or _keys.key_for(subject)
            or re.match("完成|不折不扣|落实|高于|达到|提升|稳|继续|取得|基本|有效|进一步|重点", w["qual"])
            or re.search("[、和及]", subject)
        ):
            continue
        phrase = re.sub(r"^(?:同时)?(?:要在|要|在)", "", w["phrase"])
        listed = re.match(r"^(?P<items>.+[、和及].+?)(?:等)?(?:指标|方面|任务)?$", phrase)
        items = re.split("、" if "、" in phrase else "、|和|及", listed["items"]) if listed else [phrase]
        rate = next((e for e in RATE_ENDINGS if items[-1].endswith(e)), "")
        if rate and len(items) > 1:  # 社会消费品零售总额和外贸进出口增速高于…: the rate of each item
            items = [i if i.endswith(RATE_ENDINGS) else i + rate for i in items]
        for item in items if all(len(i) >= 2 for i in items) else [phrase]:
            out.append((m.start(), item, "", w["qual"] + w["rest"], clause))
    return out


def targets_without_number(
    paragraph: str, base: int, section: Section, passages: Passages, clean: CleanText
) -> list[dict]:
    """The extraction rows (with ``_offset`` and ``_order``) of the targets without a number of one
    paragraph of the plan that starts at offset ``base`` of the clean text, in reading order."""
    found = [
        item
        for m in (_NO_NUMBER.finditer(paragraph) if _NO_NUMBER_CUE.search(paragraph) else ())
        for item in _listed(paragraph, m)
    ]
    taken = [(start, start + len(text)) for start, _, _, _, text in found]
    if passages.overlaps_headline(base, base + len(paragraph)):
        for m in _NO_NUMBER_HEADLINE.finditer(paragraph):
            if passages.in_headline(base + m.start("qual")) and not _overlaps(m.start("qual"), m.end("qual"), taken):
                found.append((m.start("phrase"), m["phrase"], m["verb"] or "", m["qual"], m.group(0)))
                taken.append((m.start(), m.end()))
        found += _worded_targets(paragraph, base, passages, taken)
    rows = []
    for start, phrase_text, verb, qual, matched in sorted(found):
        subject = read_phrase(phrase_text).indicator
        absolute = base + start + (len(phrase_text) - len(phrase_text.lstrip(CONNECTORS)))
        is_growth = bool(verb) or subject.endswith(RATE_ENDINGS) or bool(re.search("同步|增长|增速|提质", qual))
        key = (
            _keys.key_for(subject, verb=verb, is_growth=is_growth, own=passages.own)
            or _keys.key_for(subject, own=passages.own)
            or ("energy_intensity" if _ENERGY_TASK.search(qual) else "")
        )
        rows.append(
            _row(section, "target", subject, key, qual, matched, absolute, clean)
            | {"is_growth": is_growth, "is_headline": passages.in_headline(absolute)}
        )
    return rows


def _row(section: Section, kind: str, indicator: str, key: str, qualifier: str, text: str, offset: int, clean) -> dict:
    """An extraction row without a number (value NaN, ``has_number`` False) of ``section``'s year."""
    return {
        "section": section.heading,
        "part": section.part,
        "kind": kind,
        "year": section.year,
        "year_start": None,
        "period": "",
        "indicator": indicator,
        "key": key,
        "value": float("nan"),
        "value_high": float("nan"),
        "unit": "",
        "value_canonical": float("nan"),
        "value_high_canonical": float("nan"),
        "unit_canonical": "",
        "qualifier": qualifier,
        "is_growth": False,
        "is_headline": False,
        "has_number": False,
        "text": text.lstrip(CONNECTORS),
        "line": clean.line_of(offset),
        "_offset": offset,
        "_order": 0,
    }


#: a miss of last year's targets admitted in words: ``地区生产总值、投资、进出口等预期性指标未达到年初
#: 目标`` (Hunan 2025), ``固定资产投资增长0.5％左右，没有达到预期目标`` (Liaoning 2020)
_MISSED = re.compile(
    r"(?P<verb>未能完成|没有完成|未完成|未能达到|没有达到|未达到|没有实现|未能实现|未实现)"
    r"(?P<what>[^，。；：\n]{0,30}?)(?:目标|计划|预期)"
)
#: the words without which :data:`_MISSED` cannot match (a cheap test before the costly search)
_MISSED_CUE = re.compile(r"(?:未|没有|没能)(?:能)?(?:完成|达到|实现)")
#: a miss of a plan period's goals (“十三五”规划部分目标…未能完成), not of last year's targets
_PLAN_PERIOD = re.compile(r"规划|五年|[八九]五|十[一二三四五]五|三年|任期")
#: the words around the list of indicators that missed (等部分指标, 增速, 预计)
_MISSED_TRIM = re.compile(
    r"^(?:需要特别说明的是|需要说明的是|其中|去年|同时|但|从经济指标看|[一二三四五]是)?[，,]?"
    r"(?:(?:部分|一些|主要)?(?:经济)?指标如)?"
    r"|(?:等)?(?:部分|一些|主要)?(?:经济|预期性|主要)?(?:指标)?(?:增速|增幅|均|都|预计)*$"
)
#: a bare word for an indicator in such a list (地区生产总值、投资、进出口): the indicator it names
_MISSED_NAMES = {"投资": "固定资产投资"}
#: keys of a growth target that a miss in words can speak of (rates; a level's key is not one)
_MISSED_KEYS = re.compile(r"_growth$|^cpi_inflation$|^energy_intensity$|^co2_intensity$|^unemployment")


def misses_in_words(paragraph: str, base: int, section: Section, passages: Passages, clean: CleanText) -> list[dict]:
    """Rows of kind ``missed``: the indicators a paragraph of the review says missed last year's
    targets, in words (:data:`_MISSED`), each keyed as a growth target of the year reviewed. A clause
    whose indicator carries a number (增长0.5%左右，没有达到预期目标) names it in the clause before; a miss
    of a plan period's goals (:data:`_PLAN_PERIOD`) is not read. No number: value NaN."""
    rows = []
    for m in _MISSED.finditer(paragraph) if _MISSED_CUE.search(paragraph) else ():
        start = max(paragraph.rfind(c, 0, m.start()) for c in "，。；：\n") + 1
        window = paragraph[max(0, start - 40) : m.end() + 40]
        if _PLAN_PERIOD.search(window):
            continue
        subject = paragraph[start : m.start()]
        if not subject.strip():  # 固定资产投资增长0.5%左右，没有达到预期目标: the clause before
            before = max(paragraph.rfind(c, 0, start - 1) for c in "，。；：\n") + 1
            subject = re.split(r"[\d（(]|增长|下降|上升|回落|放缓", paragraph[before : start - 1])[0]
        subject = _MISSED_TRIM.sub("", _MISSED_TRIM.sub("", subject.strip()))
        items = [i for i in re.split(r"[、和及]", subject) if len(i) >= 2]
        for item in items:
            indicator = read_phrase(_MISSED_NAMES.get(item, item)).indicator or item
            key = _keys.key_for(indicator, is_growth=True, own=passages.own)
            if not key or not _MISSED_KEYS.search(key):
                continue
            absolute = base + paragraph.index(item, start if item in paragraph[start:] else 0)
            text = paragraph[start : m.end()]
            rows.append(
                _row(section, "missed", indicator, key, m.group(0), text, absolute, clean) | {"is_growth": True}
            )
    return rows
