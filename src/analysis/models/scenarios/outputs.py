"""The tables the 万亿 scenario family writes, declared once in the table contract, and how each is built.

Notebook ``35_scenarios`` writes them through :func:`analysis.contract.write`; the briefing's "The 万亿 goals"
section reads them. Every table is built from the prepared and simulated scenarios of
:func:`analysis.models.scenarios.run.run` (the same calibrated paths for probabilities, quantiles and
fans).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import contract

FAMILY, NOTEBOOK, SECTION = "scenarios", "35_scenarios", "The 万亿 goals"
QUANTILES = (0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95)
QUANTILE_COLUMNS = [f"q{round(q * 100):02d}" for q in QUANTILES]

_GOAL = [
    ("scenario", "", "scenario key: region and series (dalian_gdp); empty for a goal no series measures"),
    ("goal", "text", "the goal in the report's words"),
    ("region", "", "region key of the level the goal is about"),
    ("indicator", "", "level series key (gdp_nominal, retail_sales, ...)"),
    ("threshold", "threshold_unit", "the level to reach or to hold"),
    ("threshold_unit", "", "unit of the threshold (亿元, 亿美元; 个 for a count)"),
    ("goal_year", "year", "the year the goal is for"),
]
_LEVEL = [
    ("unit", "", "unit of the levels (亿元 or 亿美元)"),
    ("start_year", "year", "year of the start level"),
    ("start_value", "unit", "the start level: latest official level"),
    ("vintage", "", "vintage class of the start level"),
]

CROSSING = contract.declare(
    "scenarios_crossing",
    family=FAMILY,
    notebook=NOTEBOOK,
    section=SECTION,
    description="Probability that each level goal is reached by year, from the calibrated simulated paths",
    columns=[
        *_GOAL,
        ("goal_kind", "", "cross (level below the threshold at the start) or stay_above"),
        ("worded_stay_above", "bool", "the report words the goal as holding a level (巩固…以上)"),
        *_LEVEL,
        ("year", "year", "simulated year (empty for a goal that cannot be simulated)"),
        ("p_cross", "probability", "level at or above the threshold in some year up to this one"),
        ("p_above", "probability", "level at or above the threshold in this year"),
        ("p_stay", "probability", "level at or above the threshold in every year from the start"),
        ("q05", "unit", "5 % quantile of the level (calibrated band)"),
        ("q50", "unit", "median level"),
        ("q95", "unit", "95 % quantile of the level (calibrated band)"),
        ("model_q05", "unit", "the model's own 5 % quantile"),
        ("model_q95", "unit", "the model's own 95 % quantile"),
        ("band_coverage", "share", "measured coverage of the 90 % band at this horizon (empty: not measured)"),
        ("history_vintage", "", "where the growth history comes from"),
        ("history_years", "years", "growth years used"),
        ("n_obs", "count", "number of growth years"),
        ("real_mu", "decimal", "median annual real growth"),
        ("real_sd", "decimal", "sd of annual real log growth"),
        ("defl_mu", "decimal", "median annual deflator growth"),
        ("defl_sd", "decimal", "sd of annual deflator log growth"),
        ("corr", "", "correlation of real and deflator log growth"),
        ("method", "text", "the growth model, in words"),
        ("reason", "text", "why the goal cannot be evaluated (empty when it is)"),
    ],
)
GOALS = contract.declare(
    "scenarios_goals",
    family=FAMILY,
    notebook=NOTEBOOK,
    section=SECTION,
    description="Every level goal of the report: evaluated, with its probability, or with the reason it is not",
    columns=[
        *_GOAL,
        ("line", "line", "line of the report text"),
        *_LEVEL,
        ("start_source", "text", "where the start level comes from"),
        ("outcome", "unit", "the level of the goal year, when the data or the region's own reports hold one"),
        ("outcome_source", "text", "where that level comes from"),
        ("evaluated", "bool", "the goal is simulated"),
        ("p_goal", "probability", "probability the goal is met in its year (p_cross, or p_stay for stay_above)"),
        ("reason", "text", "for an evaluated goal, where its growth comes from; else why it cannot be"),
    ],
)
FAN = contract.declare(
    "scenarios_fan",
    family=FAMILY,
    notebook=NOTEBOOK,
    section=SECTION,
    description="Observed levels and the calibrated simulated quantiles, for the fan charts",
    columns=[
        ("scenario", "", "scenario key"),
        ("region", "", "region key"),
        ("indicator", "", "level series key"),
        ("unit", "", "unit of the levels"),
        ("threshold", "unit", "the goal's level"),
        ("threshold_unit", "", "unit of the threshold"),
        ("goal_year", "year", "the year the goal is for"),
        ("kind", "", "observed or projection (the start year repeated so the fan joins the history)"),
        ("year", "year", "year"),
        ("value", "unit", "observed level, or the projected median"),
        *[(c, "unit", f"{c[1:]} % quantile of the calibrated level") for c in QUANTILE_COLUMNS],
        ("model_q05", "unit", "the model's own 5 % quantile"),
        ("model_q95", "unit", "the model's own 95 % quantile"),
        ("band_coverage", "share", "measured coverage of the 90 % band at this horizon (empty: not measured)"),
        ("p_cross", "probability", "level reached by this year"),
        ("vintage", "", "vintage class of the observed level"),
        ("source_title", "text", "source of the level or of the growth history"),
    ],
)
BANDS = contract.declare(
    "scenarios_bands",
    family=FAMILY,
    notebook=NOTEBOOK,
    section=SECTION,
    description="The 90 % bands' split-conformal ends and their measured coverage, per series and horizon",
    columns=[
        ("indicator", "", "level series key; all: every series pooled"),
        ("horizon", "years", "years after the start"),
        ("n", "count", "backtest forecasts"),
        ("z_low", "sd", "lower end of the conformal band, in sds of the simulated log level"),
        ("z_high", "sd", "upper end of the conformal band, in sds of the simulated log level"),
        ("nominal", "share", "nominal coverage of the conformal band, (n + 1 - 2k) / (n + 1)"),
        ("coverage_90", "share", "share of outcomes inside the band drawn (leave-one-region-out)"),
        ("coverage_90_model", "share", "share of outcomes inside the model's own 5-95 % band"),
    ],
)


def _goal_fields(s) -> dict:
    return {
        "scenario": s.name,
        "goal": s.goal,
        "region": s.subject,
        "indicator": s.key,
        "threshold": s.threshold,
        "threshold_unit": s.threshold_unit,
        "goal_year": s.goal_year,
    }


def _level_fields(s) -> dict:
    start = s.start
    return {
        "unit": s.unit,
        "start_year": int(start["year"]) if start is not None else np.nan,
        "start_value": float(start["value"]) if start is not None else np.nan,
        "vintage": str(start["vintage_class"]) if start is not None else "",
    }


def source_of(level: pd.Series | None) -> str:
    """Where a level comes from: its source, and what the report says when a report states it."""
    if level is None:
        return ""
    return str(level["source"]) + (f": {level['words']}" if level["words"] else "")


def crossing_table(scenarios) -> pd.DataFrame:
    """:data:`CROSSING`: one row per scenario and simulated year; one row with no year for a scenario
    that cannot be simulated."""
    rows = []
    for s in scenarios:
        p = s.params
        base = {
            **_goal_fields(s),
            "goal_kind": s.goal_kind,
            "worded_stay_above": s.wording == "stay_above",
            **_level_fields(s),
            "history_vintage": s.history_label,
            "history_years": f"{p.years[0]}-{p.years[-1]}" if p else "",
            "n_obs": p.n_obs if p else 0,
            "real_mu": p.real_mu if p else np.nan,
            "real_sd": p.real_sd if p else np.nan,
            "defl_mu": p.defl_mu if p else np.nan,
            "defl_sd": p.defl_sd if p else np.nan,
            "corr": p.corr if p else np.nan,
            "method": s.method,
            "reason": "; ".join(s.reasons),
        }
        if s.paths is None:
            rows.append(base)
            continue
        qs = np.quantile(s.paths, [0.05, 0.5, 0.95], axis=0)
        for j, year in enumerate(s.years):
            rows.append(
                {
                    **base,
                    "year": year,
                    "p_cross": s.p_cross[j],
                    "p_above": s.p_above[j],
                    "p_stay": s.p_stay[j],
                    "q05": qs[0, j],
                    "q50": qs[1, j],
                    "q95": qs[2, j],
                    "model_q05": s.model_q05[j],
                    "model_q95": s.model_q95[j],
                    "band_coverage": s.coverage[j],
                }
            )
    frame = pd.DataFrame(rows, columns=CROSSING.column_names)
    for column in ("year", "start_year", "goal_year"):
        frame[column] = frame[column].astype("Int64")
    return frame


def goals_table(goals: pd.DataFrame, scenarios) -> pd.DataFrame:
    """:data:`GOALS`: every goal row of the report (:func:`analysis.corpus.levels.level_goals`), the
    evaluated ones with their probability in the goal year, the others with their reason."""
    by_row = {(s.line, s.subject, s.key, s.threshold): s for s in scenarios}
    rows = []
    for g in goals.itertuples(index=False):
        s = by_row.get((int(g.line), g.subject, g.key, float(g.threshold)))
        if s is None:
            rows.append(
                {
                    "scenario": "",
                    "goal": g.goal,
                    "region": g.subject or np.nan,
                    "indicator": g.key or np.nan,
                    "threshold": g.threshold,
                    "threshold_unit": g.unit,
                    "goal_year": g.goal_year,
                    "line": g.line,
                    "evaluated": False,
                    "reason": g.reason,
                }
            )
            continue
        start = s.start
        rows.append(
            {
                **_goal_fields(s),
                "line": s.line,
                **_level_fields(s),
                "start_source": source_of(start),
                "outcome": float(s.outcome["value"]) if s.outcome is not None else np.nan,
                "outcome_source": source_of(s.outcome),
                "evaluated": s.paths is not None and not s.reasons,
                "p_goal": s.p_goal,
                "reason": s.growth_note if not s.reasons else "; ".join(s.reasons),
            }
        )
    frame = pd.DataFrame(rows, columns=GOALS.column_names)
    for column in ("start_year", "goal_year", "line"):
        frame[column] = frame[column].astype("Int64")
    return frame


def fan_table(scenarios) -> pd.DataFrame:
    """:data:`FAN`: for each simulated scenario, its observed levels, then the start year (all quantiles
    at the start level) and the calibrated quantiles of each simulated year."""
    parts = []
    for s in scenarios:
        if s.paths is None:
            continue
        meta = {
            "scenario": s.name,
            "region": s.subject,
            "indicator": s.key,
            "unit": s.unit,
            "threshold": s.threshold,
            "threshold_unit": s.threshold_unit,
            "goal_year": s.goal_year,
        }
        h = s.history
        parts.append(
            pd.DataFrame(
                {
                    **meta,
                    "kind": "observed",
                    "year": h["year"].astype(int).to_numpy(),
                    "value": h["value"].to_numpy(float),
                    "vintage": h["vintage_class"].astype(str).to_numpy(),
                    "source_title": h["source"].astype(str).to_numpy(),
                }
            )
        )
        start, source = s.start, "; ".join(s.sources)
        anchor = {
            **meta,
            "kind": "projection",
            "year": int(start["year"]),
            "value": float(start["value"]),
            "vintage": str(start["vintage_class"]),
            "source_title": source,
        }
        anchor.update({c: float(start["value"]) for c in [*QUANTILE_COLUMNS, "model_q05", "model_q95"]})
        qs = np.quantile(s.paths, QUANTILES, axis=0)
        projected = pd.DataFrame(
            {
                **meta,
                "kind": "projection",
                "year": s.years,
                "value": qs[QUANTILES.index(0.50)],
                **{c: qs[i] for i, c in enumerate(QUANTILE_COLUMNS)},
                "model_q05": s.model_q05,
                "model_q95": s.model_q95,
                "band_coverage": s.coverage,
                "p_cross": s.p_cross,
                "vintage": str(start["vintage_class"]),
                "source_title": source,
            }
        )
        parts += [pd.DataFrame([anchor]), projected]
    if not parts:
        return pd.DataFrame(columns=FAN.column_names)
    frame = pd.concat(parts, ignore_index=True).reindex(columns=FAN.column_names)
    frame["year"] = frame["year"].astype(int)
    return frame


def by_year(crossing: pd.DataFrame) -> pd.DataFrame:
    """The probability that each goal is met by year, one row per scenario: ``p_stay`` for a level already
    at or above its threshold (``stay_above``), else ``p_cross``; columns the simulated years."""
    rows = crossing.dropna(subset=["year"])
    p = rows["p_stay"].where(rows["goal_kind"] == "stay_above", rows["p_cross"])
    return rows.assign(p=p).pivot(index="scenario", columns="year", values="p")


_HORIZON_WORDS = {1: "one", 2: "two", 3: "three"}


def coverage_sentence(bands: pd.DataFrame) -> str:
    """What the backtest measured, in one sentence, from the ``all`` rows of the bands table."""
    pooled = bands[bands["indicator"] == "all"].sort_values("horizon")
    if pooled.empty:
        return "The backtest measured no forecast: the bands are the model's own, their coverage not measured."
    shares = ", ".join(f"{100 * c:.0f} %" for c in pooled["coverage_90"])
    model = ", ".join(f"{100 * c:.0f} %" for c in pooled["coverage_90_model"])
    years = ", ".join(_HORIZON_WORDS.get(int(h), str(int(h))) for h in pooled["horizon"])
    counts = ", ".join(f"{int(n):,}" for n in pooled["n"])
    return (
        f"Judged without its own region, the 90 % band drawn held {shares} of past outcomes {years} years "
        f"ahead ({counts} forecasts); the model's own 5-95 % band held {model}."
    )
