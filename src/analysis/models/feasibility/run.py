"""``run(region, year, params)``: the odds of every target of one report, with the record behind them.

Load the corpus panel → build the cases of the region's pool (:mod:`.inputs`) → run (or read back)
the rolling backtest (:mod:`.backtest`) → forecast the report's targets with every method, fitted on
the years before the report → take the headline by the fixed rule (:mod:`.headline`) → the tables of
:mod:`.outputs`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis import paths
from analysis.corpus.as_of import report_date
from analysis.corpus.build import Panel, load_panel
from analysis.corpus.display import fall_word
from analysis.errors import InputError
from analysis.models.feasibility import (
    backtest,
    base_rate,
    headline,
    in_year,
    inputs,
    logistic,
    outputs,
    recent,
    region_record,
)
from analysis.report.numbers import SUFFIX_QUALIFIERS
from analysis.vocabulary import BY_KEY, check_region, indicator_name

#: the odds called likely at or above, unlikely below
LIKELY, UNLIKELY = 0.65, 0.35


@dataclass
class Outputs:
    """The tables of one run, by declared name, and the headline method of the origin."""

    tables: dict[str, pd.DataFrame]
    method: str
    pool: str
    sources: list[str]

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]


def call(p: float) -> str:
    """likely / toss-up / unlikely, or "" without odds."""
    if p != p:
        return ""
    return "likely" if p >= LIKELY else "unlikely" if p < UNLIKELY else "toss-up"


def read_through_backtest(p: float, calibration: pd.DataFrame) -> float:
    """How often the backtest's targets with odds in the same tenth as ``p`` were met (the reliability
    table's share met, all years, for a bin of :data:`backtest.CHECKED_BIN` cases or more); ``p`` itself
    where the bin is not checked; NaN without odds."""
    if p != p:
        return math.nan
    rows = calibration[(calibration["sample"] == "all years") & calibration["checked"].astype(bool)]
    hit = rows[rows["bin"] == backtest.bin_of(p)]
    return float(hit["observed"].iloc[0]) if len(hit) else float(p)


def forecast_targets(
    targets: pd.DataFrame,
    cases: pd.DataFrame,
    forecasts: pd.DataFrame,
    year: int,
    written: pd.Series | None = None,
    calibration: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, str]:
    """Every method's odds for the report's numeric targets (fitted on cases before ``year``), the
    headline by the rule, and the table of :data:`outputs.TARGETS`. The verbal call reads the odds
    through the backtest's ``calibration`` table (:func:`read_through_backtest`), when given."""
    numeric = targets[targets["has_number"]].copy()
    features = inputs.history(numeric, cases[cases["year"] < year])
    train = cases[(cases["year"] < year) & (cases["year"] >= year - logistic.WINDOW)]
    train = pd.concat([train, inputs.history(train, cases)], axis=1)
    rows = pd.concat([numeric, features], axis=1)
    p = pd.DataFrame(
        {
            base_rate.NAME: base_rate.predict(features),
            recent.NAME: recent.predict(features),
            region_record.NAME: region_record.predict(features),
        },
        index=numeric.index,
    )
    model = logistic.fit(train) if len(train) >= 50 else None
    p[logistic.NAME] = logistic.predict(model, rows) if model is not None else p[recent.NAME]
    p[headline.COMBINED] = headline.combine(p[logistic.NAME], p[recent.NAME])
    method = headline.choose(forecasts[forecasts["year"] < year])
    drivers = logistic.drivers(model, rows) if model is not None else pd.Series("", index=rows.index)
    out = targets[["key", "headline", "place", "target", "unit", "has_number"]].copy()
    regions = targets["region"] if "region" in targets else pd.Series("", index=targets.index)
    out.insert(1, "indicator", [indicator_name(k, r) for k, r in zip(out["key"], regions)])
    out["last_outcome"] = targets["last"]
    out["last_written"] = out["key"].map(written).fillna("") if written is not None else ""
    out["gap"] = targets["gap_last"]
    out["own_met"] = features["own_met"].reindex(out.index)
    out["own_n"] = features["own_n"].reindex(out.index)
    out["p"] = p[method].reindex(out.index).astype(float)
    methods = p[list(headline.CANDIDATES)].astype(float)
    out["p_low"] = methods.min(axis=1).reindex(out.index)
    out["p_high"] = methods.max(axis=1).reindex(out.index)
    out["came_true"] = (
        [read_through_backtest(x, calibration) for x in out["p"]] if calibration is not None else out["p"]
    )
    out["call"] = [call(x) for x in out["came_true"]]
    out["method"] = np.where(out["p"].notna(), method, "")
    out["base_rate"] = features["p_base"].reindex(out.index)
    fallback = features["fallback"].reindex(out.index).fillna("")
    out["fallback"] = np.where(out["has_number"], fallback, "no odds: a target without a number")
    allocation = out["key"].map(lambda k: BY_KEY[k].allocation if k in BY_KEY else False).astype(bool)
    out.loc[allocation, "fallback"] = "no odds: a budget allocation the government sets, not an outcome to meet"
    no_record = (out["fallback"] == "no record of this kind") | allocation
    out.loc[no_record, ["p", "p_low", "p_high", "base_rate", "came_true"]] = np.nan
    out.loc[no_record, ["call", "method"]] = ""
    out["drivers"] = drivers.reindex(out.index).fillna("")
    landing = inputs.landing(targets, cases[cases["year"] < year])
    out["land_rate"], out["land_n"] = landing["land_rate"], landing["land_n"]
    if method == headline.COMBINED:  # the two halves of the headline, so its number can be traced
        halves = [
            f"model {m:.0%}, recent record {r:.0%}; " if m == m and r == r else ""
            for m, r in zip(p[logistic.NAME].reindex(out.index), p[recent.NAME].reindex(out.index))
        ]
        out["drivers"] = [h + d for h, d in zip(halves, out["drivers"])]
    out.loc[no_record, "drivers"] = ""
    out.loc[~out["has_number"], "own_met"] = 0
    out.loc[~out["has_number"], "own_n"] = 0
    out[["own_met", "own_n"]] = out[["own_met", "own_n"]].fillna(0).astype(int)
    return out[outputs.TARGETS.column_names].reset_index(drop=True), method


def unstated_years(panel: Panel, cases: pd.DataFrame, region: str, year: int) -> dict[str, str]:
    """Key -> the years before ``year`` (as "2019, 2024") in which ``region`` set a headline numeric target
    whose outcome the next report, read in the corpus, neither states nor admits missing: the gaps of
    the record, oldest first (Guangdong's 2025 report is silent on 2024's GDP growth)."""
    t = panel.targets
    t = t[(t["region"] == region) & t["has_number"].astype(bool) & t["headline"].astype(bool) & (t["year"] < year)]
    r = panel.reports
    read = set(r.loc[(r["region"] == region) & (r["kind"] == "report") & (r["status"] == "read"), "year"].astype(int))
    own = cases[cases["region"] == region]
    scored = set(zip(own["key"], own["year"].astype(int)))
    out = {}
    for key, part in t.groupby("key"):
        years = sorted(
            {int(y) for y in part["year"] if (key, int(y)) not in scored and int(y) + 1 in read and int(y) + 1 <= year}
        )
        if years:
            out[key] = ", ".join(str(y) for y in years)
    return out


def track_record(cases: pd.DataFrame, region: str, year: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The region's record per indicator against its pool and the nation (before ``year``), and the
    yearly share of GDP targets met."""
    past = cases[cases["year"] < year]
    rows = []
    for key, part in past.groupby("key"):
        own = part[part["region"] == region]
        nation = part[part["region"] == "china"]
        if own.empty:
            continue
        missed = own.loc[~own["met"], "year"]
        rows.append(
            {
                "key": key,
                "indicator": indicator_name(key, region),
                "region_met": int(own["met"].sum()),
                "region_n": len(own),
                "region_years": f"{own['year'].min()}-{own['year'].max()}",
                "region_missed": ", ".join(str(y) for y in sorted(missed)),
                "pool_met": int(part["met"].sum()),
                "pool_n": len(part),
                "nation_met": int(nation["met"].sum()),
                "nation_n": len(nation),
            }
        )
    record = pd.DataFrame(rows, columns=[c for c in outputs.RECORD.column_names if c != "region_unstated"])
    order = {k: i for i, k in enumerate(BY_KEY)}
    record = record.sort_values("key", key=lambda s: s.map(order), kind="mergesort").reset_index(drop=True)
    gdp = past[(past["key"] == "gdp_real_growth") & (past["year"] >= 2000)]
    series = {
        "region": gdp[gdp["region"] == region],
        "pool": gdp[gdp["region"] != "china"],
        "nation": gdp[gdp["region"] == "china"],
    }
    yearly = [
        {
            "year": int(y),
            "series": name,
            "met": int(g["met"].sum()),
            "n": len(g),
            "share": round(float(g["met"].mean()), 4),
        }
        for name, frame in series.items()
        for y, g in frame.groupby("year")
    ]
    return record, pd.DataFrame(yearly, columns=outputs.YEARLY.column_names)


@lru_cache(maxsize=8)
def _report_lines(path: str) -> tuple[str, ...]:
    """The lines of a shipped report, blanks removed within each (a text's line numbers are the panel's)."""
    text = (paths.RAW_REPORTS / path).read_text(encoding="utf-8-sig", errors="replace")
    return tuple("".join(line.split()) for line in text.splitlines())


def _in_estimate(path: str | None, line: int, clause: str) -> bool:
    """Whether a stated outcome is an estimate: its clause says 预计, or the sentence it sits in says 预计
    before it (预计全年地区生产总值增长6%左右，一般公共预算收入增长12.2%，...: every figure of it)."""
    if "预计" in clause:
        return True
    if not path:
        return False
    try:
        lines = _report_lines(path)
    except OSError:
        return False
    if not 1 <= line <= len(lines):
        return False
    paragraph, clause = lines[line - 1], "".join(clause.split())
    at = paragraph.find(clause)
    if at < 0:
        return False
    start = max(paragraph.rfind(mark, 0, at) for mark in ("。", "；", "！")) + 1
    return "预计" in paragraph[start:at]


def stated_written(panel: Panel, region: str, year: int) -> pd.Series:
    """Key -> the outcome of ``year`` as the next report of ``region`` writes it, with its unit, a
    fall in the report's word where it states one (1.4万亿斤, 下降3%, 降幅超过3%: with the bound it writes),
    a 预计 where it is an estimate made before the
    year's accounts closed (a report delivered in December or January) and the bound written after the
    number (预计6%左右, 预计增长5.5%以上)."""
    stated = panel.outcomes_stated
    stated = stated[(stated["region"] == region) & (stated["year"] == year)].drop_duplicates("key")
    text, written = stated["text"].astype(str), stated["written"].astype(str)
    paths_of = dict(zip(panel.reports["file"], panel.reports["path"]))
    estimate = np.where(
        [_in_estimate(paths_of.get(r), int(n), t) for r, n, t in zip(stated["report"], stated["line"], text)],
        "预计",
        "",
    )
    # 增长6%左右: approximate; 增长5.5%以上: a floor reached (the bound the report writes after the number)
    after = np.array(
        [next((b for b in SUFFIX_QUALIFIERS if f"{w}{b}" in t), "") for w, t in zip(written, text)], dtype=object
    )
    fall = [fall_word(t) if d else "" for t, d in zip(text, stated["decline"].astype(bool))]
    bound = [_bound_before(w, t) for w, t in zip(written, text)]
    words = estimate + np.array(fall, dtype=object) + np.array(bound, dtype=object) + written.to_numpy() + after
    return pd.Series(words, index=stated["key"].to_numpy(), dtype=object)


def _bound_before(written: str, text: str) -> str:
    """超过 (or 逾, 近) where the text bounds the number with it (降幅超过3%), else ""."""
    found = re.search(r"(超过|逾|近)" + re.escape(written), text)
    return found.group(1) if found else ""


def scorecard_last_year(panel: Panel, region: str, year: int) -> pd.DataFrame:
    """Last year's targets of ``region`` against the outcomes the ``year`` report states."""
    s = panel.scorecard
    s = s[(s["region"] == region) & (s["year"] == year - 1)]
    written = s["key"].map(stated_written(panel, region, year - 1)).fillna("")
    written = written.where(s["basis"] != "in words", "no figure stated")
    out = pd.DataFrame(
        {
            "key": s["key"],
            "indicator": s["key"].map(lambda k: indicator_name(k, region)),
            "target": s["target"],
            "outcome": s["outcome"],
            "outcome_written": written,
            "gap": s["gap"],
            "met": s["met"].astype(bool),
            "met_text": np.where(s["met"].astype(bool), "是", "否"),
            "within_half_pp": s["within_half_pp"],
            "verdict": s["verdict"],
            "target_report": s["target_report"],
            "outcome_report": s["outcome_report"],
        }
    )
    return out[outputs.SCORECARD.column_names].reset_index(drop=True)


def turned_out(panel: Panel, region: str, year: int, as_of: dt.date | None = None) -> pd.DataFrame:
    """The targets of ``year`` against the outcomes the next report states (as
    :func:`scorecard_last_year` of ``year + 1``), when that report is in the corpus and was delivered by
    ``as_of`` (any day without one); else an empty table of the same columns."""
    try:
        delivered, _ = report_date(region, int(year) + 1, panel)
    except InputError:  # the next report is not in the corpus
        return pd.DataFrame(columns=outputs.SCORECARD.column_names)
    if as_of is not None and delivered > as_of:
        return pd.DataFrame(columns=outputs.SCORECARD.column_names)
    return scorecard_last_year(panel, region, int(year) + 1)


def sources(panel: Panel, pool: str) -> list[str]:
    """The sources of the record of ``pool``, for figure source lines: the work reports read, with their
    years, and the region of the briefing is among them."""
    reports = panel.reports
    read = reports[
        (reports["kind"] == "report") & (reports["status"] == "read") & reports["level"].isin(inputs.POOLS[pool])
    ]
    what = "the State Council's and the provinces'" if pool == "provinces" else "the major cities'"
    return [
        f"Government work reports (政府工作报告), {what}, {read['year'].min()}-{read['year'].max()} "
        f"({len(read)} reports): targets and the outcomes the next report states"
    ]


#: The backtest's skill and calibration tables computed in this process (the same for every region).
_SCORES: dict[tuple, tuple[pd.DataFrame, pd.DataFrame]] = {}


def _scores(scored: pd.DataFrame, pool: str, fingerprint: str | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The skill and calibration tables of the backtest's ``scored`` forecasts (copies: callers may
    change them); computed once per backtest, pool and last scored year."""
    if fingerprint is None:
        return backtest.skill_table(scored, pool), backtest.calibration_table(scored)
    key = (fingerprint, pool, int(scored["year"].max()) if len(scored) else None, len(scored))
    if key not in _SCORES:
        _SCORES[key] = (backtest.skill_table(scored, pool), backtest.calibration_table(scored))
    skill, calibration = _SCORES[key]
    return skill.copy(), calibration.copy()


def run(region: str, year: int, params: dict | None = None) -> Outputs:
    """The feasibility tables of ``region``'s report for ``year``.

    ``params``: ``as_of`` (a date: the in-year update from the year-to-date releases by then, and the
    backtest's scores over the years before ``year`` only),
    ``panel`` (a :class:`~analysis.corpus.build.Panel`, default the shipped one).
    """
    params = dict(params or {})
    region = check_region(region)
    panel = params.get("panel") or load_panel()
    level = panel.reports.loc[panel.reports["region"] == region, "level"]
    pool = inputs.pool_of(level.iloc[0] if len(level) else "province")
    cases = inputs.cases(panel, pool)
    forecasts = backtest.run_backtest(cases)
    targets = inputs.report_targets(panel, region, year)
    written = stated_written(panel, region, int(year) - 1)
    record, yearly = track_record(cases, region, int(year))
    unstated = unstated_years(panel, cases, region, int(year))
    record["region_unstated"] = record["key"].map(unstated).fillna("")
    record = record[outputs.RECORD.column_names]
    as_of = params.get("as_of")
    # read as of a day in the year: the backtest scored on the years whose outcomes were stated by then
    scored = forecasts[forecasts["year"] < int(year)] if isinstance(as_of, dt.date) else forecasts
    skill, calibration = _scores(scored, pool, forecasts.attrs.get("fingerprint"))
    # the calls read the odds through the backtest of the years before the report only
    _, before = _scores(forecasts[forecasts["year"] < int(year)], pool, forecasts.attrs.get("fingerprint"))
    table, method = forecast_targets(targets, cases, forecasts, int(year), written, before)
    tables = {
        outputs.TARGETS.name: table,
        outputs.SKILL.name: skill,
        outputs.CALIBRATION.name: calibration,
        outputs.RECORD.name: record,
        outputs.YEARLY.name: yearly,
        outputs.SCORECARD.name: scorecard_last_year(panel, region, int(year)),
        outputs.IN_YEAR.name: in_year.update(region, int(year), as_of, targets)
        if isinstance(as_of, dt.date)
        else pd.DataFrame(columns=outputs.IN_YEAR.column_names),
    }
    return Outputs(tables, method, pool, sources(panel, pool))
