"""What a report says about itself: the year it plans for, the day it was delivered, the place.

A work report plans for one year (the year whose targets it sets) and reviews the one before. The
year is read from the text, never from a file name, in this order of trust:

1. the date line of the header (``——2024年1月23日在...``, ``二〇〇三年一月八日``): delivered from
   January to September, the report plans for that year; delivered in October to December (cities
   that meet before the new year), for the next;
2. the title (``2024年辽宁省政府工作报告``);
3. the headings of the parts: a review heading names last year (``一、2023年工作回顾``,
   ``2013年工作回顾``, ``首先报告2001年的工作``), a plan heading this year (``二、2024年工作安排``);
4. the review part's opening (``一、过去一年的工作回顾`` then ``2003年是极不平凡的一年``: 2004) or,
   for a five-year review, the latest year it names, plus one;
5. the years the text speaks of: the year most named as ``YYYY年是...``, before a plan word
   (``2013年经济社会发展的主要预期目标``) or in sentences with 今年.

:func:`read_header` returns the year with the rule that gave it (``basis``), so that a reader of the
corpus sees why a file named ``2003_jiangsu.txt`` is read as the report of 2010.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass

_CN_DIGIT = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "0": 0,
    "О": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_YEAR = "[〇○零0О一二三四五六七八九]"
_CN_SMALL = "[一二三四五六七八九十]{1,3}"
_DATE = re.compile(
    rf"(?P<year>(?:19|20)\d\d|[一二]{_CN_YEAR}{{3}})年(?P<month>\d{{1,2}}|{_CN_SMALL})月"
    rf"(?P<day>\d{{1,2}}|{_CN_SMALL})[日号]"
)
_TITLE = re.compile(r"(?P<year>(?:19|20)\d\d)年(?:[^\n。，]{0,16})政府工作报告")
_REVIEW_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}、)?(?:首先报告)?(?P<year>(?:19|20)\d\d)年(?:[^\n]{0,12}?)"
    r"(?:工作回顾|回顾|主要工作(?!任务)|工作总结|的(?:政府)?工作(?!任务|安排|重点|的总体)|工作的基本估[计价]|基本情况)",
    re.M,
)
_PLAN_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}、)?(?P<year>(?:19|20)\d\d)年(?:[^\n]{0,12}?)"
    r"(?:工作安排|工作任务|主要任务|总体要求|工作的总体要求|重点工作|主要工作任务|目标任务|奋斗目标)",
    re.M,
)
_ANY_YEAR = re.compile(r"(?<![\d])((?:19|20)\d\d)年")
_PLACE = re.compile(
    r"(?:在|^|\n)(?P<place>[\u4e00-\u9fff]{2,8}?(?:省|市|自治区|自治州|州|盟|地区|县))"
    r"(?:第[^\n]{1,8}届)?人民代表大会"
)
_TITLE_PLACE = re.compile(
    r"(?:19|20)\d\d年(?P<place>[\u4e00-\u9fff]{2,8}?(?:省|市|自治区|自治州|州|盟|地区|县))"
    r"(?:人民)?政府工作报告"
)


@dataclass(frozen=True)
class Header:
    """What a report text says about itself.

    year : the year the report plans for (sets targets for), or None when the text does not say.
    basis : the rule that gave the year: ``date line``, ``title``, ``review heading``, ``plan heading``,
        ``year reviewed``, ``years named`` (see the module docstring), or "".
    delivered : the day of the date line, or None.
    place : the place named in the header (``绵阳市``, ``辽宁省``), or "".
    """

    year: int | None
    basis: str
    delivered: datetime.date | None
    place: str


def cn_year(text: str) -> int:
    """``二〇〇三`` -> 2003; ``2024`` -> 2024."""
    if text.isdigit() and text.isascii():
        return int(text)
    return int("".join(str(_CN_DIGIT[c]) for c in text))


def cn_small(text: str) -> int:
    """``十二`` -> 12, ``二十五`` -> 25, ``8`` -> 8."""
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return _CN_DIGIT[text]
    tens, _, ones = text.partition("十")
    return (_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[ones] if ones else 0)


def delivery_date(text: str, head: int = 800) -> datetime.date | None:
    """The date of the header's date line (``2024年1月23日``, ``二〇〇三年一月八日``), or None.

    Only the first ``head`` characters are searched, where a report names the day it is delivered.
    """
    for m in _DATE.finditer(text[:head]):
        try:
            return datetime.date(cn_year(m["year"]), cn_small(m["month"]), cn_small(m["day"]))
        except (ValueError, KeyError):
            continue
    return None


def planned_year(delivered: datetime.date) -> int:
    """The year a report delivered on ``delivered`` plans for: that year, or the next when delivered
    from October on (a city meeting before the new year)."""
    return delivered.year + 1 if delivered.month >= 10 else delivered.year


_PLAN_YEAR = re.compile(
    r"((?:19|20)\d\d)年(?:是|(?:经济社会发展|全省|全市|全区|全国|政府)?(?:工作|经济)?的?"
    r"(?:总体要求|主要预期目标|预期目标|主要目标|工作安排|重点工作|主要任务))"
)


def _years_named(text: str) -> int | None:
    """The plan year the text's own years point to: the year most named as ``YYYY年是...`` or before
    a plan word (``2013年经济社会发展的主要预期目标``), counted twice, and in sentences with 今年."""
    votes: Counter = Counter()
    for sentence in re.split("[。\n]", text):
        for m in _PLAN_YEAR.finditer(sentence):
            votes[int(m.group(1))] += 2
        if "今年" in sentence:
            votes.update(int(y) for y in _ANY_YEAR.findall(sentence))
    return votes.most_common(1)[0][0] if votes else None


def read_header(text: str) -> Header:
    """The year, delivery date and place of a clean report text (see the module docstring)."""
    delivered = delivery_date(text)
    head = text[:800]
    place_m = _TITLE_PLACE.search(head) or _PLACE.search(head)
    place = place_m["place"] if place_m else ""
    if delivered is not None and 1949 < delivered.year <= 2100:
        return Header(planned_year(delivered), "date line", delivered, place)
    title = _TITLE.search(head)
    if title:
        return Header(int(title["year"]), "title", None, place)
    review = _REVIEW_HEADING.search(text[: max(3000, len(text) // 3)])
    if review:
        return Header(int(review["year"]) + 1, "review heading", None, place)
    plan = _PLAN_HEADING.search(text)
    if plan:
        return Header(int(plan["year"]), "plan heading", None, place)
    reviewed = _year_reviewed(text)
    if reviewed:
        return Header(reviewed + 1, "year reviewed", None, place)
    year = _years_named(text)
    return Header(year, "years named" if year else "", None, place)


#: the heading of a review part whose heading names no year (一、过去一年的工作回顾, 一、去年及“九五”工作回顾)
_REVIEW_PART = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}、)?[^\n]{0,24}(?:回顾|基本情况|完成情况|主要工作|工作成效)[^\n]{0,12}$", re.M
)
_LONG_REVIEW = re.compile(r"五年|本届|届|“?十[一二三四五]?五”?|时期")


def _year_reviewed(text: str) -> int | None:
    """The year a review part speaks of, from its first 200 characters (``2003年是极不平凡的一年``,
    ``刚刚过去的2004年``) when its heading reviews one year; from the latest year it names when the
    heading reviews five years or a term (``一、过去五年工作的回顾``). None without a review heading."""
    m = _REVIEW_PART.search(text[: max(3000, len(text) // 3)])
    if not m:
        return None
    heading = m.group(0)
    following = re.search(r"^(?:[一二三四五六七八九十]{1,3}、)[^\n]{1,40}$", text[m.end() :], re.M)
    part = text[m.end() : m.end() + (following.start() if following else len(text) // 3)]
    years = [int(y.group(1)) for y in re.finditer(r"(?<![到至\d])((?:19|20)\d\d)年(?!前|以前|底前|末前|以后)", part)]
    if not years:
        return None
    if _LONG_REVIEW.search(heading):
        return max(years)
    opening = [int(y) for y in _ANY_YEAR.findall(part[:200])]
    return opening[0] if opening else max(years)
