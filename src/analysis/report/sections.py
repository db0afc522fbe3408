"""Parts of a work report and the year each number speaks of.

A work report has a review of the past year (``一、2023年工作回顾``: its numbers are results of
year Y-1 when the report is delivered in year Y), the plan for the year (``二、2024年工作安排``,
national: ``二、2024年经济社会发展总体要求和政策取向``, ``三、2024年政府工作任务``: targets of
year Y), with the paragraph of main expected targets (``主要预期目标``: the headline targets), and
closing parts (``三、全面加强政府自身建设``: targets). Text before the first heading is the preamble.
Texts without headings (excerpts) are split by cues: ``过去一年``/``去年`` open a review,
``今年``/``主要预期目标`` a plan.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_HEADING_LINE = re.compile(r"^(?P<heading>[一二三四五六七八九十]{1,3}、[^\n]{1,40})$", re.M)
_YEAR_IN_TITLE = re.compile(r"(?P<year>(?:19|20)\d\d)年(?:[^\n]{0,12})政府工作报告")
_DELIVERY_DATE = re.compile(r"(?P<year>(?:19|20)\d\d)年(?P<month>\d{1,2})月(?P<day>\d{1,2})日")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)年")
_REVIEW_WORDS = ("回顾", "过去", "总结", "去年")
_PLAN_WORDS = ("安排", "任务", "目标", "今年", "总体要求", "政策取向", "计划")
_REVIEW_CUES = re.compile(r"过去一年|过去的一年|去年|一年来")
_PLAN_CUES = re.compile(r"今年|主要预期目标|明年")
_HEADLINE = re.compile(r"主要预期目标")
_HEADLINE_FALLBACK = re.compile(r"预期目标|主要目标")

PARTS = ("preamble", "review", "plan", "other")


@dataclass(frozen=True)
class Section:
    """A part of the report in the clean text: ``start``..``end`` offsets.

    part : preamble | review | plan | other.  year : the year its numbers speak of (or None).
    """

    start: int
    end: int
    heading: str
    part: str
    year: int | None


def report_year(text: str) -> int | None:
    """Year the report was delivered: from its title (``2024年省政府工作报告``), else the date
    line (``2024年1月23日在...``), else one more than the year of the review heading."""
    head = text[:800]
    for pattern in (_YEAR_IN_TITLE, _DELIVERY_DATE):
        m = pattern.search(head)
        if m:
            return int(m["year"])
    for m in _HEADING_LINE.finditer(text):
        y = _YEAR.search(m["heading"])
        if y:
            year = int(y.group(1))
            return year + 1 if any(w in m["heading"] for w in _REVIEW_WORDS) else year
    return None


def delivery_date(text: str) -> "datetime.date | None":
    """Date the report was delivered, from the date line of its header (``2024年1月23日在...``).

    ``text`` is the clean text (:func:`analysis.report.text.clean_text`: no spaces inside lines);
    only its first 800 characters are searched. None when the header has no such date.
    """
    import datetime

    m = _DELIVERY_DATE.search(text[:800])
    if not m:
        return None
    try:
        return datetime.date(int(m["year"]), int(m["month"]), int(m["day"]))
    except ValueError:
        return None


def _classify(heading: str, year: int | None) -> tuple[str, int | None]:
    y = _YEAR.search(heading)
    heading_year = int(y.group(1)) if y else None
    if any(w in heading for w in _REVIEW_WORDS) or (year and heading_year == year - 1):
        return "review", heading_year or (year - 1 if year else None)
    if any(w in heading for w in _PLAN_WORDS) or (year and heading_year == year):
        return "plan", heading_year or year
    return "other", year


def find_sections(text: str, year: int | None = None) -> list[Section]:
    """Sections of a clean text (one paragraph per line), in order, covering the whole text.

    Parameters
    ----------
    text : clean text (:func:`analysis.report.text.clean_text`).
    year : year the report was delivered (None: numbers of the plan get no year).
    """
    headings = list(_HEADING_LINE.finditer(text))
    # a report's main parts: keep headings that classify (a list "一、...二、..." inside a
    # paragraph is not a heading because it is not on its own line)
    sections: list[Section] = []
    if headings:
        if headings[0].start() > 0:
            sections.append(Section(0, headings[0].start(), "", "preamble", None))
        for i, m in enumerate(headings):
            end = headings[i + 1].start() if i + 1 < len(headings) else len(text)
            part, part_year = _classify(m["heading"], year)
            sections.append(Section(m.start(), end, m["heading"], part, part_year))
        return sections
    # no headings: split at paragraphs with cues, starting as a plan (excerpts of targets)
    part, start, offset = None, 0, 0
    for paragraph in text.split("\n"):
        cue = ("review" if _REVIEW_CUES.search(paragraph) and not _PLAN_CUES.search(paragraph)
               else "plan" if _PLAN_CUES.search(paragraph) else None)
        if part is None:
            part = cue or "plan"
        elif cue and cue != part:
            sections.append(Section(start, offset, "", part, _part_year(part, year)))
            part, start = cue, offset
        offset += len(paragraph) + 1
    sections.append(Section(start, len(text), "", part or "plan", _part_year(part or "plan", year)))
    return sections


def _part_year(part: str, year: int | None) -> int | None:
    if year is None:
        return None
    return year - 1 if part == "review" else year


def headline_span(text: str) -> tuple[int, int] | None:
    """Offsets of the main-expected-targets sentence: from 主要预期目标 (else the first 预期目标
    or 主要目标, e.g. in a heading ``二、2025年主要目标``) to the next 。."""
    m = _HEADLINE.search(text) or _HEADLINE_FALLBACK.search(text)
    if not m:
        return None
    end = text.find("。", m.end())
    return m.start(), (end if end >= 0 else len(text))
