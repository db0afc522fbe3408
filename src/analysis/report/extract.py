"""Every quantitative statement of a work report as a tidy, typed table.

:func:`extract_report` reads a report (a path or the text), cleans it
(:mod:`analysis.report.text`), finds the parts and years (:mod:`analysis.report.sections`), every
quantity (:mod:`analysis.report.numbers`), the indicator phrase before it
(:mod:`analysis.report.phrases`) and its key (:mod:`analysis.report.keys`), what the number is
(:mod:`analysis.report.kinds`) and the year it speaks of (:mod:`analysis.report.dating`), adds the
targets written without a number (:mod:`analysis.report.worded`), and returns one row per number
(:mod:`analysis.report.columns`).

Conventions
-----------
- ``kind``: ``result`` (a number of the review: achieved in year Y-1), ``target`` (a number of the
  plan: year Y or later), ``context`` (labels and counts of programmes such as ``15项重大工程``,
  ``4个万亿级产业基地``, durations and anniversaries such as ``75周年``, numbers of the preamble).
- A decline keeps its value as written (positive) and has qualifier ``下降`` (any of 下降, 降低,
  减少, 下滑, 回落); ``is_growth`` is True for rates of change (增长, 上涨, 下降, 提高 x 个百分点,
  增速, 涨幅), False for levels (``提高到56.7%`` is a level). A growth multiple (``增长1.7倍``) keeps
  ``value`` 1.7 and ``unit`` 倍 as written, with ``value_canonical`` 170 and ``unit_canonical`` % (up 170 %); a
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
  2023) gives the programme's last year (:mod:`analysis.report.programmes`), and so does a count of
  the plan in such a sentence (``打造…4个万亿级产业基地``).
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
import warnings
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.errors import InputError
from analysis.report import dating as _dating
from analysis.report import header as _header
from analysis.report import keys as _keys
from analysis.report import numbers as _numbers
from analysis.report import programmes as _programmes
from analysis.report import sections as _sections
from analysis.report import text as _text
from analysis.report.columns import empty_frame, frame_of
from analysis.report.kinds import kind_of
from analysis.report.phrases import (
    CLAUSE_DELIMS,
    CONNECTORS,
    Phrase,
    each_subject,
    is_count,
    noun_after,
    read_phrase,
    subject_of,
)
from analysis.report.sections import Passages, Section
from analysis.report.worded import misses_in_words, targets_without_number
from analysis.vocabulary import BY_REGION

_CLAUSE_DELIM = re.compile("[" + re.escape(CLAUSE_DELIMS) + "]")


class ReportWarning(UserWarning):
    """A report that reads but lacks something a work report has (its main expected targets)."""


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


def extract_report(
    source, year: int | None = None, *, review_of: int | None = None, name: str | None = None
) -> pd.DataFrame:
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
        Columns :data:`~analysis.report.columns.COLUMNS`, in reading order: section (heading of the
        main part), part (preamble/review/plan/other), kind (result/target/goal/context), year (int,
        the year the number speaks of), year_start (first year of a span or goal), period (part of a
        year: Q1-Q3, H1...), indicator (Chinese subject phrase), key (vocabulary key or ""), value,
        value_high (ranges), unit (as written), value_canonical, value_high_canonical,
        unit_canonical (the value in the suite's canonical unit, see :mod:`analysis.report.numbers`),
        qualifier, is_growth, is_headline (in the 主要预期目标 sentence), has_number, text (the clean
        source clause), line (1-based line of the original file). A text without numbers gives an
        empty frame with these columns.

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
        sections = [Section(0, len(text), "", "review", int(review_of))]
        target_passages, headline = [], []
    else:
        if year is None:
            year = _header.read_header(text).year or _year_of_file(name)
        sections = _sections.find_sections(text, year)
        target_passages = _sections.target_passages(text, sections)
        headline = _sections.headline_spans(text, sections)
        if not headline and name is not None:
            _warn_no_headline(name, year)
    passages = Passages(
        tuple(headline),
        tuple((p.start, p.end) for p in target_passages if not p.annual),
        _own_names(text, name),
    )
    calendar = _programmes.calendar(
        (paragraph, section.year) for section in sections for paragraph in text[section.start : section.end].split("\n")
    )
    rows: list[dict] = []
    for section in sections:
        _extract_section(text, section, passages, clean, rows, calendar)
    if not rows:
        return empty_frame()
    _price_index_as_rate(rows)
    if review_of is None:
        _headline_gdp(rows, year)
    return frame_of(rows)


def _price_index_as_rate(rows: list[dict]) -> None:
    """A consumer-price outcome or target written as an index (居民消费价格指数为100.9%, 控制在103以内):
    ``value`` stays as written, ``value_canonical`` is the change in % (0.9, 3)."""
    for r in rows:
        if (
            r["key"] in ("cpi_inflation", "cpi_index")
            and r["has_number"]
            and r["unit_canonical"] in ("%", "")
            and r["value"] > 50
            and r["unit"] in ("%", "")
        ):
            r["key"], r["unit_canonical"] = "cpi_inflation", "%"
            r["value_canonical"] = float(f"{r['value'] - 100.0:.10g}")
            if r["value_high"] is not None and r["value_high"] == r["value_high"]:
                r["value_high_canonical"] = float(f"{r['value_high'] - 100.0:.10g}")


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
            and r["unit_canonical"] == "%"
            and r["year"] == year
            and "下降" not in r["qualifier"]
        ):
            r["is_headline"] = True
            return


def _extract_section(
    text: str, section: Section, passages: Passages, clean: _text.CleanText, rows: list[dict], calendar: dict
) -> None:
    body = text[section.start : section.end]
    paragraph_start = 0
    for paragraph in body.split("\n"):
        base = section.start + paragraph_start
        paragraph_start += len(paragraph) + 1
        if not paragraph or (section.heading and paragraph == section.heading):
            continue
        _extract_paragraph(paragraph, base, section, passages, clean, rows, calendar)


def _chains(paragraph: str, quantities: list[_numbers.Quantity]) -> list[list[_numbers.Quantity]]:
    """The quantities of a paragraph grouped into chains: quantities of one unit joined only by a
    connector (4.3%和7.9%, 753元和601元) form one chain."""
    chains: list[list[_numbers.Quantity]] = []
    for q in quantities:
        if chains and paragraph[chains[-1][-1].end : q.start] in ("和", "、", "与", "及"):
            if chains[-1][-1].unit_canonical == q.unit_canonical:
                chains[-1].append(q)
                continue
        chains.append([q])
    return chains


@dataclass(frozen=True)
class _Clause:
    """What the numbers of one clause share: the words before them, read and as written, the subject
    the key is read from when it is not the number's own (""), a bound written once after a pair
    (``失业率分别控制在5.5%和3.5%以内``), the clause as written and where its sentence starts."""

    phrase: Phrase
    phrase_text: str
    key_subject: str
    shared_suffix: str
    text: str
    sentence_start: int


def _extract_paragraph(
    paragraph: str,
    base: int,
    section: Section,
    passages: Passages,
    clean: _text.CleanText,
    rows: list[dict],
    calendar: dict,
) -> None:
    """Append the rows of one paragraph starting at offset ``base`` of the clean text: a row per number
    (clause by clause, each subject carried to the next clause of its sentence), then, in the plan, the
    targets without a number (:mod:`analysis.report.worded`)."""
    programmes = _programmes.mentions(paragraph) if "年" in paragraph and "行动" in paragraph else []
    chains = _chains(paragraph, _numbers.find_quantities(paragraph))
    previous_end = 0
    previous_subject = ""
    sentence_of_previous = -1
    delimiters = [m.start() for m in _CLAUSE_DELIM.finditer(paragraph)] if chains else []
    for chain in chains:
        first = chain[0]
        cut = bisect.bisect_left(delimiters, first.start)
        clause_start = max((delimiters[cut - 1] if cut else -1) + 1, previous_end)
        phrase_text = paragraph[clause_start : first.start]
        phrase = read_phrase(phrase_text)
        sentence = paragraph.rfind("。", 0, first.start)
        noun, noun_end = (
            noun_after(paragraph, chain[-1]) if is_count(chain[-1]) and not phrase.is_growth else ("", chain[-1].end)
        )
        programme = next((p for p in programmes if p.start <= first.start < p.end), None)
        subject, phrase, key_subject = subject_of(
            paragraph,
            chain,
            phrase,
            phrase_text,
            noun=noun,
            programme=programme,
            clause_start=clause_start,
            sentence=sentence,
            previous_subject=previous_subject,
            same_sentence=sentence == sentence_of_previous,
        )
        chain, names = each_subject(subject, chain, phrase_text)
        shared_suffix = (
            chain[-1].suffix
            if len(chain) > 1 and "分别" in phrase_text and not any(q.suffix for q in chain[:-1])
            else ""
        )
        clause_end = max(noun_end, programme.end) if programme else noun_end
        clause = _Clause(
            phrase,
            phrase_text,
            key_subject,
            shared_suffix,
            paragraph[clause_start:clause_end].lstrip(CONNECTORS),
            sentence + 1,
        )
        for order, (q, name) in enumerate(zip(chain, names)):
            rows.append(
                _number_row(
                    q, order, name, clause, paragraph, base, section, passages, clean, calendar if programmes else None
                )
            )
        previous_end = clause_end
        if not first.is_time:  # a duration (十年来) is no subject for the next clause
            # a count's subject names what is counted (连跨4个千亿台阶): the next clause speaks of the
            # count's own subject (…，2024年达到1.3万亿元、增长5.8%)
            carried = (
                phrase.indicator if noun and phrase.indicator and subject.startswith(phrase.indicator) else subject
            )
            previous_subject = carried if carried else previous_subject
        sentence_of_previous = sentence
    if section.part in ("plan", "other"):
        rows += targets_without_number(paragraph, base, section, passages, clean)
    if section.part == "review" and section.year is not None:
        rows += misses_in_words(paragraph, base, section, passages, clean)


def _number_row(
    q: _numbers.Quantity,
    order: int,
    name: str,
    clause: _Clause,
    paragraph: str,
    base: int,
    section: Section,
    passages: Passages,
    clean: _text.CleanText,
    calendar: dict | None,
) -> dict:
    """The extraction row (with ``_offset`` and ``_order``) of the number ``q`` of ``paragraph``, the
    ``order``-th of its clause, named ``name``."""
    absolute = base + q.start
    in_headline = passages.in_headline(absolute)
    kind = kind_of(paragraph, q, section)
    phrase = clause.phrase
    quals = list(phrase.qualifiers)
    if q.approx:
        quals.append(q.approx)
    if q.is_range:
        quals.append("区间")
    if q.suffix or clause.shared_suffix:
        quals.append(q.suffix or clause.shared_suffix)
    is_growth = phrase.is_growth or (q.unit_canonical == "百分点" and bool(phrase.verb))
    if q.unit_canonical == "百分点" and not phrase.verb:
        is_growth = False
    value_canonical, high_canonical, unit_canonical = q.value_canonical, q.value_high_canonical, q.unit_canonical
    if unit_canonical == "倍" and is_growth:  # 增长1.7倍: up 170 %
        value_canonical, high_canonical = (
            _numbers.growth_multiple_to_percent(value_canonical),
            _numbers.growth_multiple_to_percent(high_canonical),
        )
        unit_canonical = "%"
    year, year_start, period = section.year, None, ""
    if kind == "target":
        kind, year, year_start = _dating.date_plan_number(
            paragraph,
            q.start,
            clause.sentence_start,
            clause.phrase_text,
            section,
            calendar=calendar,
            in_multi_year=passages.in_multi_year(absolute),
            in_headline=in_headline,
        )
    elif kind == "context" and calendar is not None and section.part == "plan":
        # 通过…三年行动，…打造4个万亿级产业基地: a count built through the programme is dated by it
        year = _programmes.target_year(paragraph[clause.sentence_start : q.start], calendar) or year
    elif kind == "result" and section.year is not None:
        reviewed = section.year if section.part == "review" else section.year - 1
        year, year_start, period = _dating.result_period(paragraph, q.start, clause.phrase_text, reviewed)
    return {
        "section": section.heading,
        "part": section.part,
        "kind": kind,
        "year": year,
        "year_start": year_start,
        "period": period,
        "indicator": name,
        "key": _keys.key_for(
            clause.key_subject or name,
            verb=phrase.verb,
            is_growth=is_growth,
            own=passages.own,
            unit_canonical=unit_canonical,
        ),
        "value": q.value,
        "value_high": q.value_high,
        "unit": q.unit,
        "value_canonical": value_canonical,
        "value_high_canonical": high_canonical,
        "unit_canonical": unit_canonical,
        "qualifier": "、".join(quals),
        "is_growth": is_growth,
        "is_headline": in_headline and kind == "target",
        "has_number": True,
        "text": clause.text,
        "line": clean.line_of(absolute),
        "_offset": absolute,
        "_order": order,
    }


def _year_of_file(name: str | None) -> int | None:
    """The year of a report file named ``<year>_<region>.txt`` (the corpus convention), else None."""
    m = re.match(r"((?:19|20)\d\d)_", Path(name).name) if name else None
    return int(m.group(1)) if m else None


def _own_names(text: str, name: str | None) -> tuple[str, ...]:
    """The report's own region as its text may name it before an indicator (北京市生产总值增长9%):
    the place of its header and, for a file named ``<year>_<region>.txt``, the region's Chinese name
    with and without 省/市/自治区."""
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


def _warn_no_headline(name: str, year) -> None:
    warnings.warn(
        ReportWarning(
            f"{name}: no main-expected-targets passage (主要预期目标, 预期目标为..., 主要目标是) found"
            f"{f' for {year}' if year else ''}: the report yields no headline targets"
        ),
        stacklevel=3,
    )


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
