"""Rolling-origin backtest of the target probabilities: do they deserve trust?

Design
------
Every target with an outcome (every region and year in the track record) is a case. For the case
(region, year T, indicator) each method sees only what was known when the year-T report came out:
track-record pairs of years before T (the T-1 outcome is announced in January of T, before or with
the report) and the outcome series up to T-1 (leave-future-out; the NBS series are a later vintage
than was known at the time — a mild look-ahead in *vintage*, not in time, that all methods share).
No parameter is tuned on the cases: the methods are those of :mod:`analysis.models.feasibility`
with their documented defaults.

Methods scored on the same cases (cases where every method gives a probability):

* ``empirical misses`` — own-region hit rate shrunk toward the pooled rate (method 1);
* ``UC local level`` — the unobserved-components forecast, closed-form Gaussian predictive (method 2);
* ``combined`` — their equal-weight average (method 3);
* baseline ``historical hit rate`` — share of all past targets (every region and indicator) met;
* baseline ``always met`` — probability 1 ("targets are always met").

Scores
------
Brier score ``mean((p - y)^2)`` (lower is better; Brier 1950); log score ``mean(ln p(y))`` with
``p`` clipped to ``[EPS, 1 - EPS]`` so that "always met" has a finite score (higher is better; Good
1952). ``brier_diff_vs_*`` is the paired mean difference of squared errors against each baseline
with its standard error (negative = the method is better); the calibration table bins the
probabilities in tenths and compares the mean probability with the observed frequency.
"""
from __future__ import annotations

import math

EPS = 0.01
MIN_PAST_CASES = 10
BASELINE_HIT_RATE = "baseline: historical hit rate"
BASELINE_ALWAYS = "baseline: always met"


def backtest_cases(pairs, series_by_region_key, *, min_past: int = MIN_PAST_CASES, exclude_revision: bool = True):
    """Probabilities of every method for every case, from information before the case's year.

    Parameters
    ----------
    pairs : track-record pairs (all regions, years, indicators).
    series_by_region_key : mapping (region, key) -> annual series frame (year, value) for the
        time-series method; cases without a series get NaN from it.
    min_past : fewest past cases (all regions) before a year is forecast.
    exclude_revision : leave Liaoning 2011-2017 out of Liaoning's own history and series.

    Returns
    -------
    DataFrame region, year, key, target, qualifier, outcome, outcome_basis, y (1 met / 0 missed), and one
    probability column per method: p_empirical, p_time_series, p_combined, p_hit_rate, p_always.
    """
    import pandas as pd

    from analysis.models import feasibility as fz

    done = pairs[pairs["outcome"].notna() & pairs["met"].notna()].sort_values(["year", "region", "key"], kind="stable")
    rows = []
    past_by_year = {}
    for c in done.itertuples(index=False):
        if c.year not in past_by_year:
            past_by_year[c.year] = done[done["year"] < c.year]
        past = past_by_year[c.year]
        if len(past) < min_past:
            continue
        emp = fz.empirical_miss_probability(past, region=c.region, key=c.key, exclude_revision=exclude_revision)
        ts = None
        s = series_by_region_key.get((c.region, c.key))
        if s is not None and len(s):
            excl = fz.REVISION_EXCLUDE if (exclude_revision and c.region == "liaoning") else ()
            ts = fz.time_series_probability(s, c.target, year=int(c.year), ceiling=bool(c.ceiling), n_paths=0,
                                            exclude_years=excl)
        comb = fz.combine([emp, ts]) if ts is not None and not math.isnan(ts["p"]) else {"p": math.nan}
        rows.append({"region": c.region, "year": int(c.year), "period": c.period, "key": c.key, "target": c.target,
                     "qualifier": c.qualifier, "outcome": c.outcome, "outcome_basis": c.outcome_basis,
                     "y": float(c.met), "p_empirical": emp["p"], "p_time_series": ts["p"] if ts else math.nan,
                     "p_combined": comb["p"], "p_hit_rate": float(past["met"].mean()), "p_always": 1.0})
    return pd.DataFrame(rows)


METHOD_COLUMNS = {
    "empirical misses": "p_empirical",
    "UC local level": "p_time_series",
    "combined": "p_combined",
    BASELINE_HIT_RATE: "p_hit_rate",
    BASELINE_ALWAYS: "p_always",
}


def common_cases(cases):
    """The cases where every method has a probability (scored on the same cases)."""
    cols = list(METHOD_COLUMNS.values())
    return cases.dropna(subset=cols).reset_index(drop=True)


def brier(p, y) -> float:
    """Mean squared error of probabilities ``p`` for outcomes ``y`` (0/1)."""
    import numpy as np

    p, y = np.asarray(p, float), np.asarray(y, float)
    return float(np.mean((p - y) ** 2))


def log_score(p, y, eps: float = EPS) -> float:
    """Mean log probability given to what happened, ``p`` clipped to [eps, 1 - eps] (higher is better)."""
    import numpy as np

    p = np.clip(np.asarray(p, float), eps, 1 - eps)
    y = np.asarray(y, float)
    return float(np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def score_table(cases, by: str | None = None):
    """One row per method and baseline on the common cases (per group of ``by`` if given).

    Columns: method, n, brier, log_score, mean_p, hit_rate (observed), brier_diff_vs_hit_rate,
    se_vs_hit_rate, brier_diff_vs_always, se_vs_always, beats_both (Brier below both baselines).
    """
    import pandas as pd

    c = common_cases(cases)
    if by is not None:
        parts = [score_table(g, None).assign(**{by: k}) for k, g in c.groupby(by, sort=True)]
        out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
        return out[[by] + [col for col in out.columns if col != by]] if len(out) else out
    y = c["y"].to_numpy(float)
    se_sq = {m: (c[col].to_numpy(float) - y) ** 2 for m, col in METHOD_COLUMNS.items()}
    rows = []
    for m, col in METHOD_COLUMNS.items():
        row = {"method": m, "n": int(len(c)), "brier": brier(c[col], y), "log_score": log_score(c[col], y),
               "mean_p": float(c[col].mean()), "hit_rate": float(y.mean()) if len(y) else math.nan}
        for base, tag in ((BASELINE_HIT_RATE, "hit_rate"), (BASELINE_ALWAYS, "always")):
            d = se_sq[m] - se_sq[base]
            row[f"brier_diff_vs_{tag}"] = float(d.mean()) if len(d) else math.nan
            row[f"se_vs_{tag}"] = float(d.std(ddof=1) / math.sqrt(len(d))) if len(d) > 1 else math.nan
        row["beats_both"] = bool(row["brier"] < min(brier(c[METHOD_COLUMNS[BASELINE_HIT_RATE]], y),
                                                    brier(c[METHOD_COLUMNS[BASELINE_ALWAYS]], y)))
        rows.append(row)
    return pd.DataFrame(rows)


def calibration_table(cases, bins: int = 10):
    """Reliability table: for each method and probability bin, n, mean probability, observed frequency."""
    import numpy as np
    import pandas as pd

    c = common_cases(cases)
    edges = np.linspace(0, 1, bins + 1)
    rows = []
    for m, col in METHOD_COLUMNS.items():
        idx = np.clip(np.digitize(c[col].to_numpy(float), edges[1:-1], right=False), 0, bins - 1)
        for b in range(bins):
            sel = idx == b
            if sel.any():
                rows.append({"method": m, "bin": f"{edges[b]:.1f}-{edges[b + 1]:.1f}", "n": int(sel.sum()),
                             "mean_p": float(c.loc[sel, col].mean()), "observed": float(c.loc[sel, "y"].mean())})
    return pd.DataFrame(rows)
