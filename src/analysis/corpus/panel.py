"""The panel of the corpus: targets from each report's plan, outcomes from the next report's review.

Read as a series, the reports are the record of what governments aimed at and what they first said
they achieved:

- ``targets``: region, year, key, value, value_high, unit, qualifier, bound, decline, has_number,
  headline, report, line, text. The year's headline targets (the 主要预期目标 passage), one row per
  key; for the national report also the fiscal and monetary targets of its plan (赤字率, 财政赤字,
  M2, 地方政府专项债券), with ``headline`` False.
- ``outcomes_stated``: region, year, key, value, unit, decline, report, line, text. The whole-year
  result for year Y-1 as the report of year Y states it (first-stated: preliminary figures said before
  the statistical communique), one row per key; spans (五年来年均...) and parts of a year (前三季度)
  are left out.
- ``goals``: region, year_start, year, key, value, value_high, unit, qualifier, report, line, text.
  The multi-year goals (年均增长..., 到2030年...), kept apart from the year's targets.

:func:`reconcile` sets each against the hand-compiled tables of ``data/raw/public`` (targets and
outcomes loaded by :func:`analysis.series.load.load_targets` / ``load_outcomes``): one row per
region, year and key found in both, with both values, their sources and whether they agree.
"""
from __future__ import annotations

import math

import pandas as pd

from analysis.corpus.display import format_target
from analysis.vocabulary import HEADLINE_KEYS

#: targets of the national plan outside the 主要预期目标 passage that the panel keeps
NATIONAL_PLAN_KEYS: tuple[str, ...] = ("deficit_ratio", "fiscal_deficit", "m2_growth", "special_bonds")
#: keys a target or outcome of the panel may have: the headline keys and the other indicators a
#: report's main-expected-targets passage sets
PANEL_KEYS: tuple[str, ...] = HEADLINE_KEYS + (
    "va_primary_real_growth", "va_secondary_real_growth", "va_tertiary_real_growth", "income_urban_growth",
    "income_rural_growth", "exports_growth", "urban_registered_unemployment", "co2_intensity",
    "urbanization_rate", "rd_intensity", "gdp_nominal", "budget_revenue") + NATIONAL_PLAN_KEYS

TARGET_COLUMNS = ["region", "year", "key", "value", "value_high", "unit", "qualifier", "bound", "decline",
                  "has_number", "headline", "written", "report", "line", "text"]
OUTCOME_COLUMNS = ["region", "year", "key", "value", "unit", "decline", "written", "tolerance", "report", "line",
                   "text"]
GOAL_COLUMNS = ["region", "year_start", "year", "key", "value", "value_high", "unit", "qualifier", "report",
                "line", "text"]
#: the bound a qualifier states, in the order tried
_BOUNDS = (("区间", "range"), ("以上", "at_least"), ("不低于", "at_least"), ("高于", "at_least"),
           ("以内", "at_most"), ("以下", "at_most"), ("不超过", "at_most"), ("低于", "at_most"),
           ("左右", "about"), ("上下", "about"))


def bound_of(qualifier: str, has_number: bool = True) -> str:
    """``about`` | ``at_least`` | ``at_most`` | ``range`` | ``exact`` (a number without a bound word) |
    ``words`` (a target without a number) for an extracted qualifier (``左右``, ``下降、左右``...)."""
    if not has_number:
        return "words"
    for word, bound in _BOUNDS:
        if word in (qualifier or ""):
            return bound
    return "exact"


def _unit(row) -> str:
    return row["unit_std"] or row["unit"]


def _value(row, column: str) -> float:
    """The value in the standard unit (grain in 万吨, money in 亿元), NaN when absent."""
    std = row[f"{column}_std"] if f"{column}_std" in row else row[column]
    value = std if std == std else row[column]
    return float(value) if value == value else math.nan


def _rounding(row) -> float:
    """Half a unit of the last digit written, in the standard unit (6.66万亿元 -> 50 亿元; 5.3% -> 0.05)."""
    text = f"{row['value']:.10g}"
    decimals = len(text.split(".")[1]) if "." in text else 0
    factor = row["value_std"] / row["value"] if row["value"] and row["value_std"] == row["value_std"] else 1.0
    return max(0.05, 0.5 * 10 ** -decimals * factor)


def _rows_of(reading, predicate) -> pd.DataFrame:
    frame = reading.frame
    if frame.empty:
        return frame
    return frame[predicate(frame)]


def targets(readings) -> pd.DataFrame:
    """The ``targets`` table of the panel from a list of :class:`analysis.corpus.read.Reading`."""
    out = []
    for reading in readings:
        report = reading.report
        frame = reading.frame
        if frame.empty:
            continue
        plan = frame[(frame["kind"] == "target") & frame["key"].isin(PANEL_KEYS)]
        headline = plan[plan["is_headline"]]
        chosen = [headline]
        if report.region == "china":
            chosen.append(plan[~plan["is_headline"] & plan["key"].isin(NATIONAL_PLAN_KEYS)
                               & (plan["year"] == report.year)])
        rows = pd.concat(chosen).drop_duplicates("key", keep="first")
        for _, row in rows.iterrows():
            out.append({
                "region": report.region, "year": int(row["year"]) if row["year"] is not pd.NA else report.year,
                "key": row["key"], "value": _value(row, "value"), "value_high": _value(row, "value_high"),
                "unit": _unit(row), "qualifier": row["qualifier"],
                "bound": bound_of(row["qualifier"], bool(row["has_number"])),
                "decline": "下降" in row["qualifier"].split("、"), "has_number": bool(row["has_number"]),
                "headline": bool(row["is_headline"]),
                "written": format_target(row["value"], row["value_high"], row["unit"], row["qualifier"],
                                         bool(row["has_number"])),
                "report": report.name, "line": int(row["line"]),
                "text": row["text"],
            })
    return _frame(out, TARGET_COLUMNS, ["region", "year", "key"])


def outcomes_stated(readings) -> pd.DataFrame:
    """The ``outcomes_stated`` table: each report's whole-year results for the year before it."""
    out = []
    for reading in readings:
        report = reading.report
        rows = _rows_of(reading, lambda f: (f["kind"] == "result") & f["key"].isin(PANEL_KEYS)
                        & (f["year"] == report.year - 1) & f["year_start"].isna() & (f["period"] == ""))
        if rows.empty:
            continue
        for _, row in rows.drop_duplicates("key", keep="first").iterrows():
            out.append({
                "region": report.region, "year": report.year - 1, "key": row["key"], "value": _value(row, "value"),
                "unit": _unit(row), "decline": "下降" in row["qualifier"].split("、"),
                "written": f"{row['value']:.10g}{row['unit']}", "tolerance": _rounding(row),
                "report": report.name,
                "line": int(row["line"]), "text": row["text"],
            })
    return _frame(out, OUTCOME_COLUMNS, ["region", "year", "key"])


def goals(readings) -> pd.DataFrame:
    """The ``goals`` table: multi-year goals with their span of years."""
    out = []
    for reading in readings:
        report = reading.report
        rows = _rows_of(reading, lambda f: (f["kind"] == "goal") & (f["key"] != ""))
        for _, row in rows.iterrows():
            out.append({
                "region": report.region, "year_start": row["year_start"], "year": row["year"], "key": row["key"],
                "value": _value(row, "value"), "value_high": _value(row, "value_high"), "unit": _unit(row),
                "qualifier": row["qualifier"], "report": report.name, "line": int(row["line"]), "text": row["text"],
            })
    frame = _frame(out, GOAL_COLUMNS, ["region", "year", "key", "line"])
    for c in ("year_start", "year"):
        frame[c] = frame[c].astype("Int64")
    return frame


def _frame(rows: list[dict], columns: list[str], order: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    if frame.empty:
        return frame
    return frame.sort_values(order, kind="mergesort").reset_index(drop=True)


def _close(a: float, b: float, tolerance: float) -> bool:
    return (a != a and b != b) or (a == a and b == b and abs(a - b) <= tolerance)


def reconcile(panel_targets: pd.DataFrame, panel_outcomes: pd.DataFrame, public_targets: pd.DataFrame,
              public_outcomes: pd.DataFrame) -> pd.DataFrame:
    """Corpus against hand-compiled tables, one row per (table, region, year, key) found in both.

    Columns: table (targets | outcomes), region, year, key, corpus_value, corpus_high, corpus_bound,
    corpus_report, corpus_line, public_value, public_high, public_qualifier, public_file, public_source,
    agree (targets: values within 0.05 and, where the public row states a qualifier, the same range end
    and bound; outcomes: within the rounding of the number as the report writes it, e.g. 6.66万亿元
    agrees with 66632.79 亿元). Both values are kept; neither overwrites the other.
    """
    rows = []
    pub_t = public_targets.set_index(["region", "year", "key"])
    for _, t in panel_targets.iterrows():
        index = (t["region"], t["year"], t["key"])
        if index not in pub_t.index:
            continue
        p = pub_t.loc[[index]].iloc[0]
        low, high = float(p["target_low"]), float(p["target_high"])
        high = math.nan if high == low else high
        public_bound = bound_of(p["qualifier"] or "", bool(p["has_number"])) if p["qualifier"] else ""
        corpus_high = t["value_high"]
        agree = _close(t["value"], low, 0.05) and _close(corpus_high, high, 0.05) and (
            not public_bound or public_bound == "exact" or public_bound == t["bound"])
        rows.append({"table": "targets", "region": t["region"], "year": t["year"], "key": t["key"],
                     "corpus_value": t["value"], "corpus_high": corpus_high, "corpus_bound": t["bound"],
                     "corpus_report": t["report"], "corpus_line": t["line"], "public_value": low,
                     "public_high": high, "public_qualifier": p["qualifier"], "public_file": p["file"],
                     "public_source": p["source_title"], "agree": bool(agree)})
    pub_o = public_outcomes.set_index(["region", "year", "key"])
    for _, o in panel_outcomes.iterrows():
        index = (o["region"], o["year"], o["key"])
        if index not in pub_o.index:
            continue
        p = pub_o.loc[[index]].iloc[0]
        value = float(p["value"])
        corpus = -o["value"] if o["decline"] and value < 0 else o["value"]
        rows.append({"table": "outcomes", "region": o["region"], "year": o["year"], "key": o["key"],
                     "corpus_value": o["value"], "corpus_high": math.nan, "corpus_bound": "",
                     "corpus_report": o["report"], "corpus_line": o["line"], "public_value": value,
                     "public_high": math.nan, "public_qualifier": "", "public_file": p["file"],
                     "public_source": p["source_title"], "agree": _close(corpus, value, o["tolerance"] + 1e-9)})
    columns = ["table", "region", "year", "key", "corpus_value", "corpus_high", "corpus_bound", "corpus_report",
               "corpus_line", "public_value", "public_high", "public_qualifier", "public_file", "public_source",
               "agree"]
    return _frame(rows, columns, ["table", "region", "year", "key"])


#: keys whose decline is the measure itself (单位GDP能耗下降3%: the outcome is the decline, 3)
DECLINE_MEASURES: tuple[str, ...] = ("energy_intensity", "co2_intensity")


def _rule_qualifier(row) -> str:
    """The one qualifier word of :mod:`analysis.models.feasibility.target_rules` for a panel target."""
    if row["decline"]:
        return "下降"
    return {"range": "区间", "about": "左右", "at_least": "以上", "at_most": "以内"}.get(row["bound"], "")


def as_track_record_inputs(panel_targets: pd.DataFrame, panel_outcomes: pd.DataFrame, public_targets: pd.DataFrame,
                           public_outcomes: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The corpus targets and outcomes that the hand-compiled tables lack, in their columns.

    A (region, year, key) that ``public_targets`` (``public_outcomes``) already has is left to it:
    the public tables were reconciled with the corpus (:func:`reconcile`) and keep their sources.
    Targets: region, year, key, indicator, target_low, target_high, qualifier (one word of
    :mod:`analysis.models.feasibility.target_rules`: 左右/以上/以内/区间/下降/""), has_number, unit, file. Outcomes:
    region, year, key, indicator, period "Y", value (a decline of a rate is negative, except for the
    intensities whose target is the decline itself), unit, vintage, vintage_class, file.
    """
    have_t = set(zip(public_targets["region"], public_targets["year"], public_targets["key"]))
    t = panel_targets[panel_targets["has_number"].astype(bool)]
    t = t[[k not in have_t for k in zip(t["region"], t["year"], t["key"])]]
    targets = pd.DataFrame({
        "region": t["region"], "year": t["year"].astype(int), "key": t["key"], "indicator": t["key"],
        "target_low": t["value"].astype(float),
        "target_high": t["value_high"].where(t["value_high"].notna(), t["value"]).astype(float),
        "qualifier": [_rule_qualifier(r) for _, r in t.iterrows()], "has_number": True, "unit": t["unit"],
        "target_text": t["text"], "source_title": "work report text (corpus)", "file": t["report"]})
    have_o = set(zip(public_outcomes["region"], public_outcomes["year"], public_outcomes["key"]))
    o = panel_outcomes[[k not in have_o for k in zip(panel_outcomes["region"], panel_outcomes["year"],
                                                     panel_outcomes["key"])]]
    sign = [-1.0 if d and k not in DECLINE_MEASURES else 1.0 for d, k in zip(o["decline"], o["key"])]
    outcomes = pd.DataFrame({
        "region": o["region"], "year": o["year"].astype(int), "key": o["key"], "indicator": o["key"], "period": "Y",
        "value": o["value"].astype(float) * sign, "unit": o["unit"],
        "vintage": [f"first stated in the next year's work report ({r})" for r in o["report"]],
        "vintage_class": "first_release", "source_title": "work report text (corpus)", "file": o["report"]})
    return targets.reset_index(drop=True), outcomes.reset_index(drop=True)
