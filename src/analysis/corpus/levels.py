"""Level goals of a work report, and the levels and growth rates a region states of itself.

A *level goal* is a money level a report sets out to reach or to hold: a number in 亿元 (1 万亿元 =
10000 亿元) or 亿美元 written with a word of crossing (过万亿, 突破, 跨过, 迈上…台阶, 达到, 超过) or of
staying above (巩固…万亿以上), in the plan part of the report (a target of the year or a multi-year
goal). Its year is the year the extraction gives the statement (the programme's end year: 到2025年,
三年行动), never before the report's year. Its subject is keyed to a level series of the suite
(:data:`LEVEL_KEYS`), for the report's region or for a region the subject names (沈阳、大连跨入地区
生产总值过万亿: the two cities). A 万亿 phrase that is not a level of a series is listed too, with
the reason it cannot be evaluated (a count of 万亿级产业基地; a subject no series measures); an
amount to invest or spend (储备重点项目…项目总投资超过3万亿元) is not a level goal.

The goals are read from the whole extraction of one report (:func:`analysis.report.extract.extract_report`
on the text the panel read, with the year the panel gives it): the panel keeps only keyed rows, and a
goal whose subject lists several series (工业增加值、社会消费品零售总额) has no single key.

:func:`stated_levels` and :func:`stated_growth` give what a region's own work reports first state
about a past year (the panel's ``outcomes_stated``): the level (预计地区生产总值完成5870亿元) and the
growth rate, each with its report and line.
"""

from __future__ import annotations

import re
import warnings

import pandas as pd

from analysis import vocabulary
from analysis.corpus.build import Panel, load_panel
from analysis.corpus.panel import signed_outcome
from analysis.corpus.read import report_for
from analysis.errors import InputError
from analysis.report.extract import ReportWarning, extract_report
from analysis.report.keys import key_for
from analysis.series.vintages import vintage_class

#: the level series a goal may be set against (vocabulary keys, money levels)
LEVEL_KEYS: tuple[str, ...] = ("gdp_nominal", "retail_sales", "industrial_va", "fai", "trade_total", "budget_revenue")
#: qualifier words (as the extractor splits them) that make a money level a level to reach
CROSS_WORDS: tuple[str, ...] = (
    "过",
    "跨过",
    "跨越",
    "跨入",
    "迈上",
    "迈入",
    "突破",
    "超过",
    "超",
    "达到",
    "达",
    "以上",
    "增加到",
    "增加至",
    "不低于",
)
#: words of a goal that presume the level is already above the line (巩固…万亿以上)
STAY_WORDS: tuple[str, ...] = ("巩固", "保持", "稳住")
#: verbs that open a goal's subject (推动沈阳、大连跨入…)
_LEAD = ("推动", "推进", "巩固", "确保", "力争", "争取", "努力", "实现", "保持", "稳住", "加快")
#: words that make a stated level a bound rather than the level (总量突破3万亿)
BOUND_WORDS: tuple[str, ...] = ("突破", "超过", "跨过", "跨越", "跨入", "迈上", "迈入", "逾", "近", "以上", "过万亿")
#: money units of a level goal
MONEY_UNITS: tuple[str, ...] = ("亿元", "亿美元")
#: a subject that is an amount to invest or spend (项目总投资超过3万亿元, 专项债券), not a level to reach
AMOUNT_SUBJECT = re.compile(r"总投资|计划投资|项目投资|资金|债券|国债|赤字|预算内")

GOAL_COLUMNS = [
    "region",
    "report_year",
    "report",
    "line",
    "goal",
    "subject",
    "key",
    "threshold",
    "unit",
    "goal_year",
    "wording",
    "evaluable",
    "reason",
]
STATED_LEVEL_COLUMNS = ["region", "key", "year", "value", "unit", "vintage_class", "bound", "report", "line", "text"]
STATED_GROWTH_COLUMNS = ["region", "key", "year", "value", "report", "line", "text"]


def _report_year(region: str, year: int, panel: Panel) -> tuple[object, int]:
    """The report of ``region`` for ``year`` and the year the panel read it as (its plan year)."""
    report = report_for(region, int(year))
    read = panel.reports[panel.reports["file"].astype(str) == report.name]
    if read.empty or str(read["status"].iloc[0]) != "read":
        raise InputError("the corpus panel has no reading of this report", file=report.name, field="status")
    return report, int(read["year"].iloc[0])


def _other_regions(own: str) -> list[tuple[str, str]]:
    """(Chinese name, key) of every province and city but ``own``, longest names first (the nation's name,
    全国, is a comparison in a subject, never its region)."""
    names = [(r.name, r.key) for r in vocabulary.REGION_TABLE if r.level in ("province", "city") and r.key != own]
    return sorted(names, key=lambda item: len(item[0]), reverse=True)


def parse_subject(phrase: str, own: str) -> tuple[list[str], list[str]]:
    """(regions, level keys) a goal's subject names.

    ``推动沈阳、大连跨入地区生产总值`` -> (["shenyang", "dalian"], ["gdp_nominal"]);
    ``巩固工业增加值、社会消费品零售总额`` -> ([], ["industrial_va", "retail_sales"]);
    ``力争到2030年地区生产总值`` -> ([], ["gdp_nominal"]) (the year is the goal's year). Regions other than
    ``own`` are found by their Chinese names (:data:`analysis.vocabulary.REGIONS`); the rest is split at
    、和与及 and each part keyed by :func:`analysis.report.keys.key_for` (money units), keeping the
    keys of :data:`LEVEL_KEYS`.
    """
    text = phrase.strip()
    changed = True
    while changed:
        changed = False
        for lead in _LEAD:
            if text.startswith(lead):
                text, changed = text[len(lead) :], True
        timed = re.match(r"(?:到|至|在)?\d{4}年(?:底|末)?", text)  # 力争到2030年地区生产总值: the year is dated apart
        if timed:
            text, changed = text[timed.end() :], True
    own_name = vocabulary.REGION_NAMES.get(own, "")
    if own_name:
        text = re.sub(rf"^{own_name}[省市]?", "", text)
    regions = []
    for name, key in _other_regions(own):
        if name in text:
            regions.append((text.index(name), key))
            text = text.replace(name, "")
    text = re.sub(r"^[、和与及]+|跨入|跨过|等$", "", text)
    keys = []
    for item in re.split(r"[、和与及]", text):
        key = key_for(item.strip(), unit_canonical="亿元")
        if key in LEVEL_KEYS and key not in keys:
            keys.append(key)
    return [key for _, key in sorted(regions)], keys


def _wording(words: list[str], text: str) -> str:
    """``stay_above`` for a goal worded as holding a level (巩固…以上), else ``cross``."""
    return "stay_above" if any(w in text for w in STAY_WORDS) and "以上" in words + [text[-2:]] else "cross"


def goal_row(base: dict, subject: str, key: str, threshold: float, unit: str, reason: str = "") -> dict:
    """One goal: evaluable when it names a subject and a level series and no reason rules it out."""
    evaluable = bool(subject and key and not reason)
    return {
        **base,
        "subject": subject,
        "key": key,
        "threshold": threshold,
        "unit": unit,
        "evaluable": evaluable,
        "reason": reason,
    }


def level_goals(region: str, year: int, *, panel: Panel | None = None) -> pd.DataFrame:
    """The level goals of the work report of ``region`` for ``year`` (see the module docstring).

    Parameters
    ----------
    region, year : the report (``data/raw/reports``; ``InputError`` when it is not shipped).
    panel : the corpus panel (default :func:`analysis.corpus.build.load_panel`).

    Returns
    -------
    DataFrame, columns :data:`GOAL_COLUMNS`, one row per goal and series: region, report_year (the
    report), report (file), line, goal (the report's words), subject (region key the level is about;
    "" when the subject is no series), key (level series, or ""), threshold and unit (亿元 or 亿美元;
    个 for a count of 万亿级 bases), goal_year, wording (``cross`` or ``stay_above``), evaluable
    (whether the text allows an evaluation; the data may still not) and reason (why not, in words).
    A report without level goals gives an empty frame.
    """
    panel = panel if panel is not None else load_panel()
    report, plan_year = _report_year(region, year, panel)
    with warnings.catch_warnings():  # what the reading noticed is in the panel's reports table already
        warnings.simplefilter("ignore", ReportWarning)
        frame = extract_report(report.path, year=plan_year, name=report.name)
    planned = frame["kind"].isin(["target", "goal"]) | (frame["kind"].eq("context") & frame["part"].eq("plan"))
    frame = frame[planned & frame["has_number"].astype(bool)]
    rows, seen = [], set()
    for row in frame.itertuples(index=False):
        unit, text, phrase = str(row.unit_canonical), str(row.text), str(row.indicator)
        goal_year = int(row.year) if pd.notna(row.year) else plan_year
        if goal_year < plan_year:
            continue  # a past result restated in the plan (十四五 achievements)
        words = str(row.qualifier).split("、")
        crossing = any(w in CROSS_WORDS for w in words) or "台阶" in text
        wanyi = "万亿" in phrase or "万亿" in text
        wanyi_count = unit == "个" and ("万亿级" in phrase or "万亿级" in text)
        base = {
            "region": region,
            "report_year": plan_year,
            "report": report.name,
            "line": int(row.line),
            "goal": text,
            "goal_year": goal_year,
            "wording": _wording(words, text),
        }
        if wanyi_count:
            if ("count", phrase) in seen:
                continue
            seen.add(("count", phrase))
            reason = (
                f"counts 万亿级 industries or bases ({row.value:g} 个), not the level of one series: no series "
                "measures the output of these industries"
            )
            rows.append(goal_row(base, "", "", float(row.value_canonical), unit, reason))
            continue
        if unit not in MONEY_UNITS or not crossing or row.kind == "context":
            continue
        regions, keys = parse_subject(phrase, region)
        if str(row.key) in LEVEL_KEYS and str(row.key) not in keys:
            keys = [str(row.key)]
        if not keys:
            if not wanyi or AMOUNT_SUBJECT.search(phrase) or ("subject", phrase) in seen:
                continue
            seen.add(("subject", phrase))
            reason = f"its subject ({phrase}) is not the level of a series the suite holds"
            rows.append(goal_row(base, "", "", float(row.value_canonical), unit, reason))
            continue
        for subject in regions or [region]:
            for key in keys:
                ident = (subject, key, float(row.value_canonical), goal_year)
                if ident in seen:
                    continue
                seen.add(ident)
                rows.append(goal_row(base, subject, key, float(row.value_canonical), unit))
    return pd.DataFrame(rows, columns=GOAL_COLUMNS)


def stated_levels(region: str, key: str, *, panel: Panel | None = None) -> pd.DataFrame:
    """The levels of ``key`` that ``region``'s own work reports first state (``outcomes_stated``).

    Columns :data:`STATED_LEVEL_COLUMNS`: year (the year the level is of), value and unit (亿元), the
    vintage class of a work report's number (:func:`analysis.series.vintages.vintage_class`:
    ``estimate`` when it says 预计, else ``first_release``), bound (True when the words make it a
    bound, 总量突破3万亿, not the level: :data:`BOUND_WORDS`), report, line, text.
    """
    panel = panel if panel is not None else load_panel()
    rows = panel.outcomes_stated
    rows = rows[(rows["region"] == region) & (rows["key"] == key)].drop_duplicates("year").sort_values("year")
    out = pd.DataFrame(
        {
            "region": region,
            "key": key,
            "year": rows["year"].astype(int),
            "value": rows["value"].astype(float),
            "unit": rows["unit"].astype(str),
            "vintage_class": [
                vintage_class(f"work report {r}" + (" 预计" if "预计" in t else ""), file=r)
                for r, t in zip(rows["report"].astype(str), rows["text"].astype(str))
            ],
            "bound": [any(w in str(t) for w in BOUND_WORDS) for t in rows["text"]],
            "report": rows["report"].astype(str),
            "line": rows["line"].astype(int),
            "text": rows["text"].astype(str),
        },
        columns=STATED_LEVEL_COLUMNS,
    )
    return out.reset_index(drop=True)


def stated_growth(region: str, key: str, *, panel: Panel | None = None) -> pd.DataFrame:
    """The growth rates (%) of ``key`` (``gdp_real_growth``...) that ``region``'s own work reports first
    state for each past year, signed (下降2% -> -2). Columns :data:`STATED_GROWTH_COLUMNS`."""
    panel = panel if panel is not None else load_panel()
    rows = panel.outcomes_stated
    rows = rows[(rows["region"] == region) & (rows["key"] == key)].drop_duplicates("year").sort_values("year")
    values = [signed_outcome(float(v), bool(d), key) for v, d in zip(rows["value"], rows["decline"])]
    out = pd.DataFrame(
        {
            "region": region,
            "key": key,
            "year": rows["year"].astype(int),
            "value": values,
            "report": rows["report"].astype(str),
            "line": rows["line"].astype(int),
            "text": rows["text"].astype(str),
        },
        columns=STATED_GROWTH_COLUMNS,
    )
    return out.reset_index(drop=True)
