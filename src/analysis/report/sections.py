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

from analysis.report.header import read_header
from analysis.report.text import UNNUMBERED_HEADING_BODY

_HEADING_LINE = re.compile(
    rf"^(?P<heading>[一二三四五六七八九十]{{1,3}}[、，][^\n。]{{1,40}}|{UNNUMBERED_HEADING_BODY})$", re.M
)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)年")
_REVIEW_WORDS = ("回顾", "过去", "总结", "去年")
_PLAN_WORDS = ("安排", "任务", "目标", "今年", "总体要求", "政策取向", "计划")
_REVIEW_CUES = re.compile(r"过去一年|过去的一年|去年|一年来")
_PLAN_CUES = re.compile(r"今年|主要预期目标|明年")

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


def _classify(heading: str, year: int | None) -> tuple[str, int | None]:
    y = _YEAR.search(heading)
    heading_year = int(y.group(1)) if y else None
    if any(w in heading for w in _REVIEW_WORDS) or (year and heading_year == year - 1):
        return "review", heading_year or (year - 1 if year else None)
    if any(w in heading for w in _PLAN_WORDS) or (year and heading_year == year):
        return "plan", heading_year or year
    return "other", year


def _classify_by_content(opening: str, year: int | None, part: str, part_year: int | None):
    """The first part of a report whose heading names no part (a slogan) is the review when its
    opening words speak of last year (``过去一年``, ``2025年``, ``一年来``)."""
    if _REVIEW_CUES.search(opening) or (year and f"{year - 1}年" in opening and f"{year}年" not in opening):
        return "review", (year - 1 if year else None)
    return part, part_year


def _preamble_as_review(text: str, sections: list[Section], year: int | None) -> list[Section]:
    """A report without a review part that reviews last year before its first heading (2002's
    national report): its preamble is the review when it speaks of last year at length."""
    if any(s.part == "review" for s in sections) or not sections or sections[0].part != "preamble":
        return sections
    first = sections[0]
    body = text[first.start : first.end]
    if len(body) > 1500 and (_REVIEW_CUES.search(body) or (year and f"{year - 1}年" in body)):
        sections[0] = Section(first.start, first.end, "", "review", year - 1 if year else None)
    return sections


#: a sentence anywhere in a paragraph that proposes the year's targets (我们经过认真研究，提出了...主要预期目标是：)
_PLAN_PROPOSAL = re.compile(
    r"(?:提出|建议|综合考虑)[^。\n]{0,30}?(?:主要(?:预期|调控)*(?:目标|指标)(?:是|为|[：:])|"
    r"今年[^。\n]{0,12}(?:生产总值|经济)增长)"
    r"|今年[^。\n]{0,16}(?:总体要求|总的要求|主要预期目标|预期目标)(?:是|为|[：:])"
)
#: a paragraph that opens the plan for the year (今年政府工作的总体要求是, 2004年是..., 新的一年)
_PLAN_START = re.compile(
    r"^(?:[^。\n]{0,40}?(?:今年|明年|新的一年|本年度)[^。\n]{0,24}?(?:总体要求|总的要求|指导思想|基本思路|总体思路|"
    r"主要预期目标|主要目标|预期目标|预期指标|工作重点|主要任务|总体部署|是[^。\n]{0,60}?(?:一年|之年))"
    r"|(?:今后|未来)(?:五|5)年[^。\n]{0,30}?(?:主要目标|总体要求|指导思想|奋斗目标|发展目标|是)"
    r"|(?P<year>(?:19|20)\d\d)年[，,]?(?:是|的?(?:政府)?工作|全省|全市|全区|经济社会发展|我省|我市|我区)[^。\n]{0,40}?"
    r"(?:总体要求|总的要求|总体部署|指导思想|基本思路|主要预期目标|主要目标|预期目标|一年|之年))"
)


def _inherit_review(sections: list[Section]) -> list[Section]:
    """Numbered parts that name no part (一、产业培育力度加大) between a review heading and the plan
    heading (2008年政府工作建议) are the review's subsections."""
    first_plan = next((i for i, s in enumerate(sections) if s.part == "plan"), None)
    if first_plan is None:
        return sections
    out = list(sections)
    review = None
    for i in range(first_plan):
        if out[i].part == "review":
            review = out[i]
        elif out[i].part == "other" and review is not None:
            out[i] = Section(out[i].start, out[i].end, out[i].heading, "review", review.year)
    return out


def _split_review_at_plan(text: str, sections: list[Section], year: int | None) -> list[Section]:
    """A review part that runs into the year's plan without a heading (the 2000s layout: a review, then
    ``今年政府工作的总体要求是...`` and the targets, then numbered tasks) is cut where the plan opens."""
    out = []
    for section in sections:
        if section.part != "review" or year is None:
            out.append(section)
            continue
        offset = section.start
        cut = None
        for paragraph in text[section.start : section.end].split("\n"):
            if offset > section.start + 200 and paragraph != section.heading:
                m = _PLAN_START.match(paragraph)
                if (m and (not m["year"] or int(m["year"]) == year)) or _PLAN_PROPOSAL.search(paragraph):
                    cut = offset
                    break
            offset += len(paragraph) + 1
        if cut is None:
            out.append(section)
        else:
            out.append(Section(section.start, cut, section.heading, "review", section.year))
            out.append(Section(cut, section.end, "", "plan", year))
    return out


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
            if part == "other" and i == 0:  # 一、一年接着一年干...: a first part named by a slogan
                part, part_year = _classify_by_content(text[m.end() : m.end() + 400], year, part, part_year)
            sections.append(Section(m.start(), end, m["heading"], part, part_year))
        return _split_review_at_plan(text, _inherit_review(_preamble_as_review(text, sections, year)), year)
    # no headings: split at paragraphs with cues, starting as a plan (excerpts of targets)
    part, start, offset = None, 0, 0
    for paragraph in text.split("\n"):
        cue = (
            "review"
            if _REVIEW_CUES.search(paragraph) and not _PLAN_CUES.search(paragraph)
            else "plan"
            if _PLAN_CUES.search(paragraph)
            else None
        )
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


#: a passage that names the year's expected targets: the phrase and the link word after it
_TARGET_PHRASE = re.compile(
    r"(?P<phrase>主要(?:调控|经济|发展|奋斗|预期|预测|量化|综合)*(?:目标|指标)(?:和约束性?指标)?(?:任务)?"
    r"|预期性(?:目标|指标)主要|预期(?:目标|指标)|调控目标)(?:的建议)?"
    r"(?P<link>安排为|建议为|定为|确\s?定为|是|为|包括|[：:])(?:(?<![：:])[：:])?"
)
#: a phrase that introduces the year's main targets (not 预期目标 alone, which a running sentence uses)
_PRIMARY_PHRASE = re.compile(
    r"^主要(?:调控|经济|预期|预测|量化|综合)+(?:目标|指标)|^预期性(?:目标|指标)主要"
    r"|^主要(?:发展|奋斗)?目标"
)
#: a paragraph that continues a list of targets (——保持经济平稳较快增长。..., （一）..., 一是...)
_LIST_ITEM = re.compile(
    r"(?:—{1,2}|-|（[一二三四五六七八九十]）|\([一二三四五六七八九十]\)|[一二三四五六七八九十]是|\d{1,2}[.、．])"
)
#: words before the phrase that make it a multi-year passage (a five-year plan, a year after this one)
_PLAN_PERIOD_WORDS = re.compile(r"“?十[一二三四五六七八九]?五”?|五年|时期|期间|纲要|规划|(?<!\d)20\d\d年(?:前|以前)")
#: words before the phrase that make it a statement about the past (目标全面完成, 高于预期目标)
_PAST_WORDS = re.compile(r"完成|实现|超过|高于|低于|达到|好于")
#: sentences after the first of a target paragraph that explain the targets rather than set them
_EXPLAINING = re.compile(
    r"^(?:这|上述|提出|确定|设定|我们|重点|具体|综合|主要考虑|关于|做好|实现|完成|需要|为此|"
    r"要|必须|今年是|总的看)"
)


#: first year of the n-th five-year plan (一五 1953-57, 二五 1958-62; from the third, 1966 + 5(n-3))
def plan_period(ordinal: int) -> tuple[int, int]:
    """First and last year of the ``ordinal``-th five-year plan (10 -> 2001-2005, 15 -> 2026-2030)."""
    if ordinal < 1:
        raise ValueError(f"a five-year plan ordinal is 1 or more, not {ordinal}")
    start = {1: 1953, 2: 1958}.get(ordinal, 1966 + 5 * (ordinal - 3))
    return start, start + 4


_CN_DIGIT = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_PLAN_NAME = re.compile(
    r"“?(?P<name>十[一二三四五六七八九]?五|[一二三四五六七八九]五)”?(?:规划|计划|时期|期间|以来|开局|"
    r"的|发展|经济|目标|主要|末|收官|[，、])"
)


def plan_ordinal(name: str) -> int:
    """``十五五`` -> 15, ``十五`` -> 10, ``九五`` -> 9."""
    body = name[:-1]  # drop the final 五 (the five of 五年计划)
    if body == "十":
        return 10
    if body.startswith("十"):
        return 10 + _CN_DIGIT[body[1]]
    return _CN_DIGIT[body]


def plan_periods_named(text: str) -> list[tuple[int, int, int]]:
    """(offset, first year, last year) of every five-year plan named in ``text`` (``“十五五”时期``)."""
    out = []
    for m in _PLAN_NAME.finditer(text):
        try:
            out.append((m.start(), *plan_period(plan_ordinal(m["name"]))))
        except (KeyError, ValueError, IndexError):
            continue
    return out


@dataclass(frozen=True)
class TargetPassage:
    """A passage that sets targets: ``start``..``end`` offsets of the clean text.

    annual : the year's expected targets (the headline); False for a multi-year passage.
    primary : introduced by 主要预期目标 (the main-expected-targets passage of a modern report).
    """

    start: int
    end: int
    annual: bool
    primary: bool


def _paragraph_bounds(text: str, offset: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, (end if end >= 0 else len(text))


def _sentence_start(text: str, offset: int) -> int:
    return max(text.rfind(c, 0, offset) for c in "。！？\n；") + 1


def _passage_end(text: str, offset: int, whole_paragraph: bool) -> int:
    """End of a target passage: the first 。 (running prose), or the paragraph's end, stopping at a
    sentence that explains rather than sets targets."""
    _, para_end = _paragraph_bounds(text, offset)
    if _LIST_ITEM.match(text, offset):  # 主要目标为：——保持经济平稳较快增长。...\n——...: one item a paragraph
        while para_end < len(text) and _LIST_ITEM.match(text, para_end + 1):
            _, para_end = _paragraph_bounds(text, para_end + 1)
        return para_end
    if not text[offset:para_end].strip() and para_end < len(text):  # 主要预期目标是：<new paragraph>
        offset = para_end + 1
        _, para_end = _paragraph_bounds(text, offset)
        if _LIST_ITEM.match(text, offset):  # a list of targets, one paragraph an item
            while para_end < len(text) and _LIST_ITEM.match(text, para_end + 1):
                _, para_end = _paragraph_bounds(text, para_end + 1)
            return para_end
    first = text.find("。", offset, para_end)
    if first < 0:
        return para_end
    if not whole_paragraph:
        return first
    end = first
    while end < para_end:
        nxt = text.find("。", end + 1, para_end)
        sentence = text[end + 1 : nxt if nxt >= 0 else para_end]
        if not sentence.strip() or _EXPLAINING.match(sentence) or not re.search(r"\d|百分之|同步|下达|任务", sentence):
            break
        end = nxt if nxt >= 0 else para_end
    return end


def target_passages(text: str, sections: list[Section] | None = None) -> list[TargetPassage]:
    """Every passage of a clean text that sets targets (``主要预期目标是：...``, ``预期目标为7%左右``,
    ``调控目标定为...``), annual or multi-year, in order.

    A passage is multi-year when the words of its sentence before the phrase, or the heading of its
    part, name a plan period (``“十五五”时期``, ``今后五年``, ``纲要``, ``规划``), or when its first
    clause speaks of an annual average (``年均增长``). A phrase preceded by words of the past
    (``目标全面完成``, ``高于预期目标``) or in the review part sets nothing.
    """
    passages = []
    for m in _TARGET_PHRASE.finditer(text):
        lead = text[_sentence_start(text, m.start()) : m.start()]
        if _PAST_WORDS.search(lead[-6:]):
            continue
        section = next((s for s in sections or () if s.start <= m.start() < s.end), None)
        if section is not None and section.part == "review":
            continue
        if m["link"] == "包括" and not m["phrase"].startswith("主要"):
            continue
        first_clause = re.split(r"[，；。]", text[m.end() : m.end() + 80], maxsplit=1)[0]
        heading = section.heading if section is not None else ""
        year = section.year if section is not None else None
        this_year = ("今年", "本年", f"{year}年") if year else ("今年", "本年")
        ahead = re.match(r"(?:到|至)((?:19|20)\d\d)年", first_clause)
        multi = (
            "年均" in first_clause
            or "年均" in lead
            or bool(ahead and year and int(ahead.group(1)) > year)
            or (bool(_PLAN_PERIOD_WORDS.search(lead)) and not any(w in lead for w in this_year))
        )
        named = (
            bool(_PRIMARY_PHRASE.match(m["phrase"]))
            and not m["phrase"].startswith("主要目标")
            and not m["phrase"].startswith(("主要发展", "主要奋斗"))
        )
        after = text[m.end() : m.end() + 120]
        if not named and not multi and not any(w in lead for w in this_year):
            multi = (
                bool(_PLAN_PERIOD_WORDS.search(heading))
                and not any(w in heading for w in this_year)
                and ("年均" in after or not any(w in after for w in this_year))
            )
        quantified = bool(re.search(r"\d|百分之", first_clause)) or first_clause.strip() == ""
        primary = not multi and (named or (bool(_PRIMARY_PHRASE.match(m["phrase"])) and quantified))
        end = _passage_end(text, m.end(), whole_paragraph=primary or m["link"] in ("：", ":"))
        passages.append(TargetPassage(m.start(), end, not multi, primary))
    return passages


def headline_spans(text: str, sections: list[Section] | None = None) -> list[tuple[int, int]]:
    """Offsets of the passages that set the year's headline targets.

    The first annual passage introduced by 主要预期目标 (or an annual 主要目标) when there is one;
    otherwise (older national reports, which set targets in running prose: ``今年经济增长预期目标为
    7%左右``, ``今年的预期目标是，新增城镇就业900万人``) every annual target passage of the plan.
    """
    passages = [p for p in target_passages(text, sections) if p.annual]
    primary = [p for p in passages if p.primary]
    chosen = primary[:1] if primary else passages
    if not chosen:
        found = _target_paragraph(text, sections)
        return [found] if found else []
    spans = [(p.start, p.end) for p in chosen]
    if primary:  # 主要预期指标是：... then a paragraph 约束性指标是：...: both are the year's targets
        nxt = text.find("\n", spans[0][1])
        if nxt >= 0 and _BINDING.match(text, nxt + 1):
            end = text.find("\n", nxt + 1)
            spans.append((nxt + 1, end if end >= 0 else len(text)))
    return spans


#: a paragraph of binding targets that follows the main expected targets
_BINDING = re.compile(r"(?:主要)?约束性指标(?:是|为|[：:])")


#: a headline indicator followed closely by a number (a target written in running prose)
_TARGET_STATEMENT = re.compile(
    r"(?P<name>生产总值|经济增长|城镇新增就业|新增城镇就业|失业率|居民消费价格|物价|财政收入|预算收入|固定资产投资|"
    r"社会消费品零售总额|进出口|出口|居民收入|可支配收入|纯收入|粮食|能耗)[^，。；\n\d]{0,12}\d"
)


def _target_paragraph(text: str, sections: list[Section] | None) -> tuple[int, int] | None:
    """The year's targets written in running prose with no phrase that announces them (2020's national
    report: 今年要优先稳就业保民生...；城镇新增就业900万人以上，城镇调查失业率6%左右...): the first
    paragraph of the plan in which three or more headline indicators stand with a number, from the
    first such sentence to the last."""
    for section in sections or ():
        if section.part != "plan":
            continue
        offset = section.start
        for paragraph in text[section.start : section.end].split("\n"):
            hits = list(_TARGET_STATEMENT.finditer(paragraph))
            if len({m["name"] for m in hits}) >= 3:
                first = max(paragraph.rfind(c, 0, hits[0].start()) for c in "。！？") + 1
                last = paragraph.find("。", hits[-1].end())
                return offset + first, offset + (last if last >= 0 else len(paragraph))
            offset += len(paragraph) + 1
    return None


def headline_span(text: str) -> tuple[int, int] | None:
    """From the start of the first headline passage to the end of the last (see :func:`headline_spans`),
    or None when the report sets no annual target in words the suite knows."""
    spans = headline_spans(text, find_sections(text, read_header(text).year))
    if not spans:
        return None
    return spans[0][0], spans[-1][1]


@dataclass(frozen=True)
class Passages:
    """Where a report's targets stand, in clean-text offsets, and how it names its own region.

    headline : the main-expected-targets passages (:func:`headline_spans`), as (start, end) pairs.
    multi_year : the multi-year target passages (:func:`target_passages` not annual), as pairs.
    own : the report's own region as its text may name it before an indicator (北京市, 北京): a
        whole-region word for :func:`analysis.report.keys.key_for`.
    """

    headline: tuple[tuple[int, int], ...] = ()
    multi_year: tuple[tuple[int, int], ...] = ()
    own: tuple[str, ...] = ()

    def in_headline(self, offset: int) -> bool:
        """True when ``offset`` falls in a headline passage."""
        return any(a <= offset < b for a, b in self.headline)

    def overlaps_headline(self, start: int, end: int) -> bool:
        """True when ``start``..``end`` shares a character with a headline passage."""
        return any(a < end and start < b for a, b in self.headline)

    def in_multi_year(self, offset: int) -> bool:
        """True when ``offset`` falls in a multi-year target passage."""
        return any(a <= offset < b for a, b in self.multi_year)
