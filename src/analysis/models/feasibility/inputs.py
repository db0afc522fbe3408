"""What the feasibility family reads: the record of targets and outcomes, as cases with their features.

A **case** is a target of the corpus panel with the outcome the next report states (the panel's
``scorecard``: region, year, key, target, outcome, ``met``). Its **features** are what was known
when the report came out, nothing from the target year:

- ``gap_last``: target minus last year's outcome as the same report states it (percentage points for
  rates; % of the outcome for levels such as 万人 or 万吨), signed so that positive is harder (for a
  ceiling such as CPI, a target below last year's outcome is the harder one);
- ``gap_nat``: target minus the nation's target of the same year and indicator (rates only), signed
  the same way (missing for the nation itself and for levels: a province's jobs are not the nation's);
- ``last_miss``: last year's outcome minus last year's target of the same region and indicator (points
  for rates, % of the target for levels), signed so that positive is better (known when the report
  came out: the report states last year's outcome);
- ``p_base``: the indicator's hit rate over every earlier year (Jeffreys: (met + ½) / (n + 1)); an
  indicator with fewer than :data:`MIN_CASES` earlier cases takes its kind's rate (growth rates,
  levels, ceilings), and ``fallback`` says so;
- ``p_recent``: the indicator's hit rate over the last three years, weights 1, ½, ¼ going back, with
  two pseudo-cases at ``p_base`` (the regime the targets are set in);
- ``p_own``, ``own_met``, ``own_n``: the region's own record on the indicator (met k of n earlier
  years), shrunk toward ``p_base`` with :data:`OWN_PRIOR` pseudo-cases;
- ``bound`` (about, at_least, exact, range, at_most) and ``kind``.

Cases are pooled by level: the nation and the provinces together, the cities apart
(:data:`POOLS`). Data-revision years (``data/raw/regions/revisions.csv``) are cases like any other:
the outcome a report states is what the government said it achieved.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.corpus import rules
from analysis.corpus.build import Panel
from analysis.corpus.panel import DECLINE_MEASURES
from analysis.errors import InputError
from analysis.vocabulary import BY_KEY

#: fewer earlier cases than this and an indicator takes its kind's hit rate
MIN_CASES = 10
#: pseudo-cases at the base rate that a region's own record is shrunk toward
OWN_PRIOR = 4.0
#: pseudo-cases at the base rate that the recent record is shrunk toward
RECENT_PRIOR = 2.0
#: the weights of the last three years in the recent record
RECENT_WEIGHTS: tuple[float, ...] = (1.0, 0.5, 0.25)
#: the pools of cases: a province or the nation is judged by the record of provinces and nation
POOLS: dict[str, tuple[str, ...]] = {"provinces": ("nation", "province"), "cities": ("city",)}
KIND_NAMES: dict[str, str] = {"rate": "growth rates", "level": "levels", "ceiling": "ceilings"}
CASE_COLUMNS = [
    "region",
    "level",
    "year",
    "key",
    "target",
    "target_value",
    "target_high",
    "bound",
    "ceiling",
    "outcome",
    "met",
    "kind",
    "last",
    "gap_last",
    "gap_nat",
    "last_miss",
    "target_report",
]


def kind_of(key: str) -> str:
    """``ceiling`` (CPI, unemployment: met by staying below), ``rate`` (a growth rate in %) or ``level``."""
    spec = BY_KEY[key]
    if spec.ceiling and key not in DECLINE_MEASURES:
        return "ceiling"
    return "rate" if spec.unit == "%" else "level"


def pool_of(level: str) -> str:
    """The pool of cases a region of ``level`` is judged by."""
    for pool, levels in POOLS.items():
        if level in levels:
            return pool
    raise InputError("no pool of cases for this level", field="level", value=level)


def _difference(key: pd.Series, a: pd.Series, b: pd.Series) -> pd.Series:
    """a - b in percentage points for rates, in % of b for levels."""
    rate = key.map(lambda k: BY_KEY[k].unit == "%").astype(bool)
    relative = 100.0 * (a / b.where(b != 0) - 1.0)
    return (a - b).where(rate, relative)


def _last_outcomes(panel: Panel) -> pd.DataFrame:
    """Last year's outcome of each region, year (the report's) and key, signed as the scorecard signs it."""
    o = panel.outcomes_stated
    last = o["value"].where(~(o["decline"].astype(bool) & ~o["key"].isin(DECLINE_MEASURES)), -o["value"])
    return pd.DataFrame({"region": o["region"], "year": o["year"] + 1, "key": o["key"], "last": last})


def _national_targets(panel: Panel) -> pd.DataFrame:
    t = panel.targets
    nat = t[(t["region"] == "china") & t["has_number"] & t["headline"]]
    return nat[["year", "key", "value"]].drop_duplicates(["year", "key"]).rename(columns={"value": "nat"})


def _with_gaps(frame: pd.DataFrame, panel: Panel) -> pd.DataFrame:
    """Add last, gap_last, gap_nat and last_miss to rows with region, year, key, target_value, ceiling."""
    frame = frame.merge(_last_outcomes(panel), on=["region", "year", "key"], how="left")
    frame = frame.merge(_national_targets(panel), on=["year", "key"], how="left")
    previous = panel.scorecard[["region", "year", "key", "gap", "target_value"]].copy()
    previous["year"] += 1
    previous = previous.rename(columns={"gap": "prev_gap", "target_value": "prev_target"})
    frame = frame.merge(previous, on=["region", "year", "key"], how="left")
    sign = np.where(frame["ceiling"].astype(bool), -1.0, 1.0)
    frame["gap_last"] = _difference(frame["key"], frame["target_value"], frame["last"]) * sign
    rate = frame["key"].map(lambda k: BY_KEY[k].unit == "%").astype(bool)
    frame["gap_nat"] = (frame["target_value"] - frame["nat"]).where(rate & (frame["region"] != "china")) * sign
    # a level's miss in % of its target (2432.5万吨 against 2380万吨: +2.2%), a rate's in points
    outcome = frame["prev_target"] + frame["prev_gap"]
    frame["last_miss"] = _difference(frame["key"], outcome, frame["prev_target"]) * sign
    return frame.drop(columns=["nat", "prev_gap", "prev_target"])


def cases(panel: Panel, pool: str = "provinces") -> pd.DataFrame:
    """Every target of ``pool`` with a stated outcome, with its features (see the module docstring)."""
    levels = POOLS[pool]
    s = panel.scorecard
    s = s[s["level"].isin(levels) & s["key"].isin(list(BY_KEY))].copy()
    frame = pd.DataFrame(
        {
            "region": s["region"],
            "level": s["level"],
            "year": s["year"].astype(int),
            "key": s["key"],
            "target": s["target"],
            "target_value": s["target_value"].astype(float),
            "target_high": s["target_high"].astype(float),
            "bound": s["bound"],
            "ceiling": s["ceiling"].astype(bool),
            "outcome": s["outcome"].astype(float),
            "met": s["met"].astype(bool),
            "kind": s["key"].map(kind_of),
            "target_report": s["target_report"],
        }
    )
    frame = _with_gaps(frame, panel)
    return frame[CASE_COLUMNS].sort_values(["year", "region", "key"], kind="mergesort").reset_index(drop=True)


def report_targets(panel: Panel, region: str, year: int) -> pd.DataFrame:
    """The targets of ``region``'s report for ``year`` (headline and secondary, with or without a
    number), with the features of a case (no outcome). ``InputError`` when the corpus has no report of
    that region and year."""
    reports = panel.reports
    read = reports[(reports["kind"] == "report") & (reports["status"] == "read") & (reports["region"] == region)]
    if not (read["year"] == int(year)).any():
        have = ", ".join(str(y) for y in sorted(read["year"].unique())) or "none"
        raise InputError(
            f"no work report of {region} for {year} in the corpus (years: {have})", field="year", value=year
        )
    t = panel.targets
    t = t[(t["region"] == region) & (t["year"] == int(year)) & t["key"].isin(list(BY_KEY))].copy()
    ceiling = [rules.is_ceiling(k, rules.rule_qualifier(q)) for k, q in zip(t["key"], t["qualifier"])]
    frame = pd.DataFrame(
        {
            "region": t["region"],
            "level": t["level"],
            "year": t["year"].astype(int),
            "key": t["key"],
            "target": t["written"],
            "target_value": t["value"].astype(float),
            "target_high": t["value_high"].astype(float),
            "bound": t["bound"],
            "ceiling": ceiling,
            "has_number": t["has_number"].astype(bool),
            "headline": t["headline"].astype(bool),
            "place": t["place"],
            "unit": t["unit"],
            "kind": t["key"].map(kind_of),
            "target_report": t["report"],
            "line": t["line"],
        }
    )
    frame = _with_gaps(frame, panel)
    order = {k: i for i, k in enumerate(BY_KEY)}
    frame["_o"] = frame["key"].map(order)
    frame = frame.sort_values(["headline", "_o"], ascending=[False, True], kind="mergesort").drop(columns="_o")
    return frame.reset_index(drop=True)


def _cumulative(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Met and n of every group of ``by`` over the years before each year (years 1990..last+1)."""
    counts = frame.groupby([*by, "year"])["met"].agg(["sum", "count"]).reset_index()
    counts = counts.sort_values([*by, "year"])
    counts[["sum", "count"]] = counts.groupby(by)[["sum", "count"]].cumsum()
    counts["year"] += 1  # what is known before the next year
    return counts.rename(columns={"sum": "k", "count": "n"})


def _known_before(rows: pd.DataFrame, cumulative: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """For each row, the cumulative k and n of its group up to the year before it (as-of merge)."""
    left = rows[[*by, "year"]].reset_index().sort_values("year")
    right = cumulative.sort_values("year")
    merged = pd.merge_asof(left, right, on="year", by=by, direction="backward")
    return merged.set_index("index").reindex(rows.index)[["k", "n"]].fillna(0.0)


def history(rows: pd.DataFrame, record: pd.DataFrame) -> pd.DataFrame:
    """The record features of ``rows`` (cases or a report's targets): p_base, fallback, p_recent,
    p_own, own_met, own_n — each from the ``record`` (cases) of years before the row's year."""
    out = pd.DataFrame(index=rows.index)
    by_key = _known_before(rows, _cumulative(record, ["key"]), ["key"])
    by_kind = _known_before(rows, _cumulative(record, ["kind"]), ["kind"])
    use_key = by_key["n"] >= MIN_CASES
    k = by_key["k"].where(use_key, by_kind["k"])
    n = by_key["n"].where(use_key, by_kind["n"])
    out["p_base"] = ((k + 0.5) / (n + 1.0)).where(n > 0)
    out["base_n"] = n
    out["fallback"] = np.where(
        use_key, "", np.where(by_kind["n"] > 0, "kind: " + rows["kind"].map(KIND_NAMES), "no record of this kind")
    )
    yearly = record.groupby(["key", "year"])["met"].agg(["sum", "count"])
    recent_k = np.zeros(len(rows))
    recent_n = np.zeros(len(rows))
    for lag, weight in enumerate(RECENT_WEIGHTS, start=1):
        idx = pd.MultiIndex.from_arrays([rows["key"], rows["year"] - lag])
        got = yearly.reindex(idx)
        recent_k += weight * got["sum"].fillna(0.0).to_numpy()
        recent_n += weight * got["count"].fillna(0.0).to_numpy()
    out["p_recent"] = (recent_k + RECENT_PRIOR * out["p_base"]) / (recent_n + RECENT_PRIOR)
    own = _known_before(rows, _cumulative(record, ["region", "key"]), ["region", "key"])
    out["own_met"], out["own_n"] = own["k"].astype(int), own["n"].astype(int)
    out["p_own"] = (own["k"] + OWN_PRIOR * out["p_base"]) / (own["n"] + OWN_PRIOR)
    return out


def landing(rows: pd.DataFrame, record: pd.DataFrame) -> pd.DataFrame:
    """For a target 'about' (左右) of a ceiling indicator in % (CPI 2%左右): how often such targets
    landed near the mark. ``land_k`` of ``land_n`` earlier cases (years before the row's year) of the
    same indicator and bound had an outcome within ±0.5 pp of the target, and ``land_rate`` is their
    share. Such a target is a level to reach as much as a ceiling: the odds say whether prices stay
    under it, this says how often they came close to it. NaN and 0 for every other target."""
    out = pd.DataFrame({"land_k": 0, "land_n": 0, "land_rate": np.nan}, index=rows.index)
    rate = rows["key"].map(lambda k: BY_KEY[k].unit == "%").astype(bool)
    mask = rows["ceiling"].astype(bool) & (rows["bound"] == "about") & rows["target_value"].notna() & rate
    about = record[record["ceiling"].astype(bool) & (record["bound"] == "about") & record["outcome"].notna()]
    near = (about["outcome"] - about["target_value"]).abs() <= rules.BAND_PP + rules.TOLERANCE
    for i in rows.index[mask]:
        earlier = (about["key"] == rows.at[i, "key"]) & (about["year"] < rows.at[i, "year"])
        k, n = int(near[earlier].sum()), int(earlier.sum())
        out.loc[i, ["land_k", "land_n"]] = k, n
        out.loc[i, "land_rate"] = k / n if n else np.nan
    return out
