"""Scoring the corpus reading against gold tables built by hand (``tests/data/corpus/gold``).

A gold table (schema in ``tests/data/corpus/GOLD_SPEC.md``) lists, for one report, the year's
headline targets, the multi-year goals and last year's results as a reader finds them. Two things
are scored, per report:

- **headline targets** (gold ``kind=target``, ``headline=1``): a gold row is *found* when the
  extraction has a headline target within one line of it with the same key (gold key ``other``:
  the same value and unit; a target without a number: the same phrase); it is *exact* when, in
  addition, value, range end and bound (左右/以上/以内/range/none; the phrase for a target without
  a number) agree. Recall = found / gold rows; exactness = exact / gold rows.
- **last year's results** (gold ``kind=result`` for the year before the report, whole year, no
  span): found when the extraction has a result of that key and year with the same value anywhere
  in the report (the first statement of an outcome need not be where the gold reader saw it), no
  span and no part-of-year; the GDP-growth result is reported on its own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.corpus.panel import bound_of


def read_gold(path: str | Path) -> pd.DataFrame:
    """A gold CSV with typed columns (value, value_high float; year, year_start, line, headline Int64)."""
    frame = pd.read_csv(path, keep_default_na=False, dtype=str)
    for c in ("value", "value_high"):
        frame[c] = pd.to_numeric(frame[c].replace("", None), errors="coerce").astype("float64")
    for c in ("year", "year_start", "line", "headline", "decline"):
        frame[c] = pd.to_numeric(frame[c].replace("", None), errors="coerce").astype("Int64")
    return frame


@dataclass
class GoldScore:
    """Per report: headline recall and exactness, results recall, GDP result found, and the misses."""

    report: str
    headline_gold: int = 0
    headline_found: int = 0
    headline_exact: int = 0
    headline_strict: int = 0
    secondary_gold: int = 0
    secondary_found: int = 0
    results_gold: int = 0
    results_found: int = 0
    gdp_result: bool | None = None
    gdp_target: bool | None = None
    missed: list[str] = field(default_factory=list)

    @property
    def headline_recall(self) -> float:
        return self.headline_found / self.headline_gold if self.headline_gold else math.nan

    @property
    def headline_exactness(self) -> float:
        return self.headline_exact / self.headline_gold if self.headline_gold else math.nan

    @property
    def results_recall(self) -> float:
        return self.results_found / self.results_gold if self.results_gold else math.nan

    def row(self) -> dict:
        return {
            "report": self.report,
            "headline_gold": self.headline_gold,
            "headline_found": self.headline_found,
            "headline_exact": self.headline_exact,
            "headline_strict": self.headline_strict,
            "headline_recall": self.headline_recall,
            "headline_exactness": self.headline_exactness,
            "secondary_gold": self.secondary_gold,
            "secondary_found": self.secondary_found,
            "results_gold": self.results_gold,
            "results_found": self.results_found,
            "results_recall": self.results_recall,
            "gdp_target": self.gdp_target,
            "gdp_result": self.gdp_result,
        }


def _same_number(a: float, b: float) -> bool:
    return (a != a and b != b) or (a == a and b == b and abs(a - b) < 1e-9)


def _bound(qualifier: str, has_number: bool) -> str:
    bound = bound_of(qualifier, has_number)
    return "none" if bound == "exact" else bound


def _subsequence(short: str, long: str) -> bool:
    chars = iter(long)
    return all(c in chars for c in short)


def _gold_bound(g) -> str:
    """A gold range written without a bound word (5%—5.5%) is a range."""
    if g["value_high"] == g["value_high"] and not g["qualifier"]:
        return "range"
    return _bound(g["qualifier"], True)


def _phrase_match(pred: str, gold: str) -> bool:
    """Two wordings of a target without a number agree when one is the other with words left out
    (完成国家下达任务 ~ 完成国家下达的单位地区生产总值二氧化碳排放降低任务)."""
    return bool(pred) and bool(gold) and (_subsequence(gold, pred) or _subsequence(pred, gold))


def score_report(frame: pd.DataFrame, gold: pd.DataFrame, report: str, year: int) -> GoldScore:
    """Score one report's extraction ``frame`` against its ``gold`` table (see the module docstring)."""
    out = GoldScore(report)
    heads = frame[frame["is_headline"] & (frame["kind"] == "target")]
    used: set[int] = set()
    for _, g in gold[(gold["kind"] == "target") & (gold["headline"] == 1)].iterrows():
        out.headline_gold += 1
        has_number = g["value"] == g["value"]
        near = heads[(heads["line"] - int(g["line"])).abs() <= 1]
        hit = None
        for i, p in near.iterrows():
            if i in used:
                continue
            if g["key"] != "other" and p["key"] == g["key"]:
                hit = (i, p)
                break
            if has_number and bool(p["has_number"]) and _same_number(p["value"], g["value"]):
                hit = (i, p)
                break
            if not has_number and not bool(p["has_number"]) and _phrase_match(p["qualifier"], g["qualifier"]):
                hit = (i, p)
                break
        label = f"headline {g['key']} {g['value']}{g['unit']} {g['qualifier']} (line {g['line']})"
        if hit is None:
            out.missed.append("missed " + label)
            continue
        i, p = hit
        used.add(i)
        out.headline_found += 1
        if has_number:
            exact = (
                bool(p["has_number"])
                and _same_number(p["value"], g["value"])
                and _same_number(p["value_high"], g["value_high"])
                and _bound(p["qualifier"], True) == _gold_bound(g)
            )
        else:
            exact = not bool(p["has_number"]) and _phrase_match(p["qualifier"], g["qualifier"])
        out.headline_exact += bool(exact)
        same_year = g["year"] is pd.NA or (p["year"] == p["year"] and int(p["year"]) == int(g["year"]))
        out.headline_strict += bool(exact and same_year)
        if g["key"] == "gdp_real_growth" and has_number:
            out.gdp_target = bool(exact and same_year)
        if not exact:
            out.missed.append(f"inexact {label}: read {p['value']} {p['value_high']} {p['qualifier']!r}")
        elif not same_year:
            out.missed.append(f"wrong year {label}: read {p['year']}")
    if (
        out.gdp_target is None
        and (
            (gold["kind"] == "target")
            & (gold["headline"] == 1)
            & (gold["key"] == "gdp_real_growth")
            & gold["value"].notna()
        ).any()
    ):
        out.gdp_target = False
    targets = frame[frame["kind"] == "target"]
    for _, g in gold[
        (gold["kind"] == "target") & (gold["headline"] == 0) & (gold["key"] != "other") & gold["value"].notna()
    ].iterrows():
        out.secondary_gold += 1
        near = targets[((targets["line"] - int(g["line"])).abs() <= 1) & (targets["key"] == g["key"])]
        found = any(_same_number(v, g["value"]) for v in near["value"])
        out.secondary_found += found
        if not found:
            out.missed.append(f"missed secondary {g['key']} {g['value']}{g['unit']} (line {g['line']})")
    results = frame[(frame["kind"] == "result") & frame["year_start"].isna() & (frame["period"] == "")]
    wanted = gold[
        (gold["kind"] == "result")
        & (gold["year"] == year - 1)
        & gold["year_start"].isna()
        & (gold["key"] != "other")
        & ~gold["note"].str.contains("Q1|Q2|Q3|H1", regex=True)
    ]
    for _, g in wanted.drop_duplicates("key").iterrows():
        out.results_gold += 1
        same = results[(results["key"] == g["key"]) & (results["year"] == year - 1)]
        found = any(_same_number(v, g["value"]) for v in same["value"])
        out.results_found += found
        if g["key"] == "gdp_real_growth":
            out.gdp_result = found
        if not found:
            out.missed.append(f"missed result {g['key']} {g['value']}{g['unit']} (line {g['line']})")
    return out
