"""The year a number of a report speaks of: a result's year or span, a target's year, a goal's span.

A result of the review speaks of the year under review (the report's year less one) unless its
sentence says otherwise: a part of the year (``前三季度``: ``period`` Q1-Q3), an earlier single year
(``2024年``), the plan period or the last five years (``“十四五”时期``, ``五年来``; with 年均 an average
over them), or a base year (``比2020年增长``: the change over the years after it). A target speaks of
the plan's year unless its sentence names another before the number (``到2027年``) or says it is
reached through a multi-year programme whose years the text gives (:mod:`analysis.report.programmes`).
A number of a five-year passage or part, or an annual average (``年均增长5%左右``), is a goal with its
span of years.
"""

from __future__ import annotations

import re
from functools import lru_cache

from analysis.report import programmes as _programmes
from analysis.report import sections as _sections
from analysis.report.sections import Section

#: a year named before a target: the year it is for (到2027年)
_TARGET_YEAR = re.compile(r"到((?:19|20)\d\d)年")

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
#: years counted up to now other than five (8年来, 十年来): what follows speaks of the year under review
_YEARS_SINCE = re.compile(r"(?<![\d五])(?:\d{1,2}|[一二三四六七八九十]{1,3})年来")
_PERIOD_NAMES = {"前三季度": "Q1-Q3", "上半年": "H1", "前两个季度": "H1", "一季度": "Q1", "第一季度": "Q1"}
#: a year written as the base of a comparison (比2020年增长...): the change runs from the next year
_BASE_YEAR = re.compile(r"(?:比|较|与|相比)((?:19|20)\d\d)年(?:末|底)?")
_PLAN_EDGE = re.compile(r"“?[一二三四五六七八九十]{1,3}”?(?:规划)?(?:的)?(?:收官|开局|起步|首|末|最后|第一)")
_SINGLE_YEAR = re.compile(r"(?<![\d比较与])((?:19|20)\d\d)年(?!以来|来|[-—至~到])")


def is_goal(in_multi_year: bool, section: Section, phrase_text: str) -> bool:
    """A number of the plan that sets a multi-year goal: in a five-year passage (``in_multi_year``) or
    part, or an annual average (``年均增长5%左右``)."""
    if in_multi_year:
        return True
    if section.heading and _sections.plan_periods_named(section.heading) and "今年" not in section.heading:
        return True
    return bool(_AVERAGE.search(phrase_text))


def goal_years(before: str, section: Section, year: int | None) -> tuple[int | None, int | None]:
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
    (``五年来``), a plan period (``“十四五”时期``; not ``“十四五”收官之年``, which names a year), the
    year under review (``去年``; ``8年来``: the years up to it)."""
    marks = [(m.start(), "year", int(m.group(1))) for m in _SINGLE_YEAR.finditer(text)]
    marks += [(m.start(), "five", None) for m in _FIVE_YEARS.finditer(text)]
    marks += [(o, "plan", (a, b)) for o, a, b in _sections.plan_periods_named(text) if not _PLAN_EDGE.match(text, o)]
    marks += [(m.start(), "last", None) for m in _LAST_YEAR_WORDS.finditer(text)]
    marks += [(m.start(), "last", None) for m in _YEARS_SINCE.finditer(text)]
    return tuple(marks)


def result_period(paragraph: str, start: int, phrase_text: str, year: int) -> tuple[int, int | None, str]:
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
    if not marks and "全年" in sentence + clause and not average:  # 全年GDP增长4%: the year under review
        return year, None, ""
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


def date_plan_number(
    paragraph: str,
    start: int,
    sentence_start: int,
    phrase_text: str,
    section: Section,
    *,
    calendar: dict | None,
    in_multi_year: bool,
    in_headline: bool,
) -> tuple[str, int | None, int | None]:
    """(kind, year, first year of a goal or None) of a target of the plan at ``start`` of ``paragraph``.

    The year is the one the sentence names before the number (``到2027年``), else the last year of a
    programme the target is reached through (``calendar``: the programmes' years,
    :func:`analysis.report.programmes.calendar`; None when the paragraph names no programme), else the
    plan's. Outside the headline passage, a multi-year number (:func:`is_goal`) is a ``goal`` from
    :func:`goal_years` to the year named, or to the end of its plan period.
    """
    before = paragraph[sentence_start:start]
    year = section.year
    named = _TARGET_YEAR.search(before)
    if named:
        year = int(named.group(1))
    elif calendar is not None:
        year = _programmes.target_year(before, calendar) or year
    if in_headline or not is_goal(in_multi_year, section, phrase_text):
        return "target", year, None
    year_start, end = goal_years(paragraph[:start], section, year)
    return "goal", int(named.group(1)) if named else end, year_start
