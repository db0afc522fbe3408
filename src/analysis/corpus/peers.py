"""A region's targets beside its peers': every province's target of the same year and the nation's.

:func:`peer_targets` takes the targets of one year from the corpus panel (each report's headline
targets) and, for GDP growth, the hand-compiled provincial targets where no report of that province
is shipped (labelled by source). :func:`weighted_mean` weighs the provinces' GDP targets by their
nominal GDP of the year before (one NBS vintage class per province, the newest; the classes used are
listed). :func:`peer_outcomes` sets last year's targets against the outcomes the reports state.
"""

from __future__ import annotations

import math

import pandas as pd

from analysis.corpus import rules
from analysis.corpus.display import format_target
from analysis.errors import InputError
from analysis.series.load import load_series
from analysis.vocabulary import BY_KEY, PROVINCES, REGION_NAMES

#: indicators shown beside the peers (rates in %, comparable across regions)
PEER_KEYS: tuple[str, ...] = (
    "gdp_real_growth",
    "cpi_inflation",
    "urban_unemployment_rate",
    "budget_revenue_growth",
    "industrial_va_growth",
    "fai_growth",
    "retail_sales_growth",
    "income_per_capita_growth",
)
PEER_COLUMNS = ["region", "name", "key", "value", "value_high", "bound", "written", "source"]


def peer_targets(targets: pd.DataFrame, year: int, public_targets: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every region's target of ``year`` for :data:`PEER_KEYS` (``china`` included), one row per region and key.

    ``targets``: the corpus panel's targets; ``public_targets`` (``load_targets``): the compiled GDP
    targets of provinces whose report is not shipped, with source ``compiled table``.
    """
    rows = targets[(targets["year"] == int(year)) & targets["key"].isin(PEER_KEYS) & targets["has_number"]]
    out = pd.DataFrame(
        {
            "region": rows["region"],
            "name": rows["region"].map(REGION_NAMES),
            "key": rows["key"],
            "value": rows["value"].astype(float),
            "value_high": rows["value_high"].astype(float),
            "bound": rows["bound"],
            "written": rows["written"],
            "source": "work report text",
        }
    )
    if public_targets is not None and len(public_targets):
        p = public_targets[
            (public_targets["year"] == int(year))
            & (public_targets["key"] == "gdp_real_growth")
            & public_targets["has_number"].astype(bool)
        ]
        have = set(zip(out["region"], out["key"]))
        p = p[[(r, "gdp_real_growth") not in have for r in p["region"]]]
        if len(p):
            high = p["target_high"].where(p["target_high"] != p["target_low"])
            extra = pd.DataFrame(
                {
                    "region": p["region"],
                    "name": p["region"].map(REGION_NAMES),
                    "key": "gdp_real_growth",
                    "value": p["target_low"].astype(float),
                    "value_high": high.astype(float),
                    "bound": p["qualifier"].fillna(""),
                    "written": [
                        format_target(float(v), float(h), "%", q if isinstance(q, str) else "")
                        for v, h, q in zip(p["target_low"], high, p["qualifier"])
                    ],
                    "source": "compiled table (press and government sites)",
                }
            )
            out = pd.concat([out, extra], ignore_index=True)
    return out[PEER_COLUMNS].sort_values(["key", "value", "region"], kind="mergesort").reset_index(drop=True)


def _gdp_weight(region: str, year: int) -> tuple[float, str, int]:
    """Nominal GDP of ``region`` in the latest year up to ``year`` that the NBS database has, its
    vintage class and that year; (NaN, "", 0) without one."""
    try:
        s = load_series("gdp_nominal", region, vintage="all")
    except (InputError, KeyError):  # a region without the series: no weight
        return math.nan, "", 0
    s = s[(s["year"] <= year) & s["vintage_class"].astype(str).str.startswith("nbs")]
    if s.empty:
        return math.nan, "", 0
    order = {"nbs_post5": 0, "nbs_post4": 1, "nbs_pre4": 2}
    s = s.assign(_o=s["vintage_class"].astype(str).map(order).fillna(9)).sort_values(
        ["year", "_o"], ascending=[False, True]
    )
    return float(s["value"].iloc[0]), str(s["vintage_class"].iloc[0]), int(s["year"].iloc[0])


def weighted_mean(peers: pd.DataFrame, year: int) -> dict:
    """GDP-weighted mean of the provinces' GDP-growth targets of ``year`` (range targets at their
    midpoint), weights the nominal GDP of ``year - 1`` (or the latest year before it in the NBS
    database); with the national target beside it.

    Returns dict mean, n (provinces weighted), national, vintages (the NBS classes of the weights),
    weight_years (the years the weights are of: the latest the database has up to ``year - 1``),
    missing (provinces with a target but no weight)."""
    gdp = peers[(peers["key"] == "gdp_real_growth")]
    provinces = gdp[gdp["region"].isin(PROVINCES.values())]
    total, weight, vintages, missing, years = 0.0, 0.0, set(), [], set()
    for _, r in provinces.iterrows():
        w, cls, wy = _gdp_weight(r["region"], int(year) - 1)
        years.add(wy)
        if not w == w:
            missing.append(r["region"])
            continue
        mid = r["value"] if not r["value_high"] == r["value_high"] else (r["value"] + r["value_high"]) / 2
        total += w * mid
        weight += w
        vintages.add(cls)
    national = gdp.loc[gdp["region"] == "china", "value"]
    return {
        "mean": total / weight if weight else math.nan,
        "n": len(provinces) - len(missing),
        "national": float(national.iloc[0]) if len(national) else math.nan,
        "vintages": sorted(vintages),
        "weight_years": sorted(y for y in years if y),
        "missing": missing,
    }


def peer_outcomes(targets_last_year: pd.DataFrame, outcomes: pd.DataFrame, year: int) -> pd.DataFrame:
    """Last year's GDP-growth target of every province against the outcome its ``year`` report states.

    ``targets_last_year``: GDP targets of ``year - 1`` (region, value, value_high, bound, source);
    ``outcomes``: the corpus ``outcomes_stated``. Columns region, name, target, outcome, met (floor
    at the lower end), gap (outcome minus target, percentage points).
    """
    o = outcomes[(outcomes["year"] == int(year) - 1) & (outcomes["key"] == "gdp_real_growth")]
    t = targets_last_year[targets_last_year["key"] == "gdp_real_growth"]
    merged = t.merge(o[["region", "value"]].rename(columns={"value": "outcome"}), on="region")
    merged = merged.assign(
        target=merged["value"], met=merged["outcome"] >= merged["value"] - 1e-9, gap=merged["outcome"] - merged["value"]
    )
    return merged[["region", "name", "target", "outcome", "met", "gap"]].sort_values("gap").reset_index(drop=True)


def scorecard_last_year(
    region: str,
    year: int,
    corpus_targets: pd.DataFrame,
    corpus_outcomes: pd.DataFrame,
    public_targets: pd.DataFrame,
    public_outcomes: pd.DataFrame,
) -> pd.DataFrame:
    """Last year's targets of ``region`` (the ``year - 1`` report from the corpus, else the compiled
    tables) against the outcomes the ``year`` report states (else the compiled first releases).

    Columns key, name (indicator), target (as written), outcome, met (是/否 by the rules of
    :mod:`analysis.corpus.rules`), in_band (for 左右 targets in %: within ±0.5
    points), target_source, outcome_source. Targets without a number, or without an outcome, are left out.
    """
    y = int(year) - 1
    rows = []
    t = corpus_targets[
        (corpus_targets["region"] == region) & (corpus_targets["year"] == y) & corpus_targets["has_number"].astype(bool)
    ]
    for _, r in t.iterrows():
        rows.append(
            (
                r["key"],
                r["value"],
                r["value_high"],
                rules.rule_qualifier(r["qualifier"]),
                r["unit"],
                r["written"],
                "work report",
            )
        )
    have = {row[0] for row in rows}
    p = public_targets[
        (public_targets["region"] == region) & (public_targets["year"] == y) & public_targets["has_number"].astype(bool)
    ]
    for _, r in p.iterrows():
        if r["key"] in have or r["key"] not in BY_KEY:
            continue
        high = r["target_high"] if r["target_high"] != r["target_low"] else math.nan
        rows.append(
            (
                r["key"],
                r["target_low"],
                high,
                r["qualifier"] or "",
                r["unit"],
                f"{r['target_low']:g}{r['unit']}{r['qualifier'] or ''}",
                "compiled table",
            )
        )
    o = corpus_outcomes[(corpus_outcomes["region"] == region) & (corpus_outcomes["year"] == y)]
    stated = {k: (v, u, d) for k, v, u, d in zip(o["key"], o["value"], o["unit"], o["decline"])}
    po = public_outcomes[(public_outcomes["region"] == region) & (public_outcomes["year"] == y)]
    compiled = {k: (v, u) for k, v, u in zip(po["key"], po["value"], po["unit"])}
    out = []
    for key, low, high, qualifier, unit, written, source in rows:
        if key in stated:
            value, o_unit, decline = stated[key]
            if decline and key not in ("energy_intensity", "co2_intensity"):
                value = -value
            o_source = f"stated in the {year} report"
        elif key in compiled:
            value, o_unit = compiled[key]
            o_source = "compiled first release"
        else:
            continue
        value = rules.convert(float(value), o_unit, unit) if o_unit and unit else float(value)
        if not value == value:
            continue
        ceiling = rules.is_ceiling(key, qualifier)
        threshold = rules.threshold(low, high, ceiling)
        met = rules.is_met(value, threshold, ceiling)
        out.append(
            {
                "key": key,
                "name": BY_KEY[key].name,
                "target": written,
                "outcome": value,
                "met": "是" if met == 1.0 else "否",
                "in_band": rules.in_band(value, low, qualifier, unit),
                "target_source": source,
                "outcome_source": o_source,
            }
        )
    return pd.DataFrame(
        out, columns=["key", "name", "target", "outcome", "met", "in_band", "target_source", "outcome_source"]
    )
