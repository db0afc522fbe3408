"""Method 5 of :mod:`analysis.models.feasibility` and the past-performance combination (round 3).

See the feasibility module docstring for the place of these methods among the others.
"""

from __future__ import annotations

import math

from analysis.models.feasibility.probability import LEVEL, ROUNDING_HALF, nan_result, normal_p

METHOD_TREND = "trend (median of 5)"
METHOD_WEIGHTED = "combined (past-performance weights)"
#: Pre-stated design of the trend method (round 3), fixed before any score was computed:
#: the forecast is the median of the region's last TREND_WINDOW known outcomes (years T-5..T-1, at
#: least TREND_MIN_KNOWN of them); the forecast error (outcome minus trend) is pooled over every
#: region of the indicator in the TREND_ERROR_YEARS years before T (at least TREND_MIN_ERRORS errors),
#: located by its median and scaled by 1.4826 x its median absolute deviation, floored at
#: TREND_SD_FLOOR pp. Only these values were ever run.
TREND_WINDOW = 5
TREND_MIN_KNOWN = 3
TREND_ERROR_YEARS = 10
TREND_MIN_ERRORS = 20
TREND_SD_FLOOR = 0.5
MAD_TO_SD = 1.482602218505602  # 1 / Φ^-1(3/4): the MAD of a normal is 0.6745 sd
#: the combination's weights need this many past cases scored by all its members (else equal weights)
MIN_WEIGHT_CASES = 10
#: the method the headline ``p_meet`` reports, chosen by the pre-stated rule "lower Brier score on the
#: validation cases (years up to 2018) between the two round-3 candidates, trend and the
#: past-performance combination; ties: trend" (:data:`ROUND3_CANDIDATES`), applied before the
#: 2019-2025 scores were looked at (the round-2 ambition models and UC were not candidates — they had
#: already failed on the test years). notebooks/30_feasibility shows the validation table and
#: tests/test_feasibility_cli.py checks that the rule, applied to the backtest, picks this method.
PRIMARY_METHOD = METHOD_TREND
#: the candidates of the rule that chose :data:`PRIMARY_METHOD`, in tie-break order
ROUND3_CANDIDATES = (METHOD_TREND, METHOD_WEIGHTED)


def trend_forecasts(
    outcome_table, *, window: int = TREND_WINDOW, min_known: int = TREND_MIN_KNOWN, exclude_revision: bool = True
):
    """The trend forecast of every region, indicator and year, from the outcomes known before the year.

    Economic grounds
    ----------------
    A province's growth is a slowly moving trend (capital deepening, demography, its industrial
    structure) plus transitory shocks (a flood, an export slump, a pandemic lockdown) that do not
    persist. A forecaster who wants the trend of year T and knows the outcomes up to T-1 takes a
    *robust* average of the last few years: the median of five ignores one or two shock years
    without anyone having to name them (2020 drops out of the 2021 forecast because it is the lowest
    of five, not because it is the pandemic), while a level shift that lasts three years moves it.
    NBS made the same point when it reported 2021 growth also as a two-year average (两年平均增长)
    to look through the 2020 base. A random-walk or last-year-based forecast instead carries every
    shock one-for-one into next year. This method was added in round 3, after the round-2 backtest
    showed the last-outcome-based methods failing in 2021 (see the notebook); its design (window,
    median, error pool, sd floor) was fixed in advance on these grounds and not tuned.

    Parameters
    ----------
    outcome_table : frame region, year, key, value — one outcome per region, year and indicator (first
        release, else the NBS index for GDP; :func:`analysis.models.feasibility.track_record.outcome_table`).
    window : years before T whose outcomes enter (T-window .. T-1).
    min_known : fewest known outcomes in the window; fewer gives no forecast.
    exclude_revision : Liaoning 2011-2017 (data-revision years) are not known outcomes.

    Returns
    -------
    DataFrame region, key, year (the forecast year T), trend (median of the known outcomes of
    T-window..T-1, in the indicator's unit), n_known, outcome (year T's own outcome, NaN if not in the
    table or excluded), error (outcome minus trend). One row per region, key and year from the first
    year with ``min_known`` earlier outcomes to one year after the last outcome; sorted by region,
    key, year. Year T's row depends on outcomes of years < T only (its ``outcome`` and ``error``
    columns are the scoring, not the forecast).
    """
    import numpy as np
    import pandas as pd

    from analysis.series.vintages import is_revision_year

    o = outcome_table[["region", "year", "key", "value"]].copy()
    o["value"] = pd.to_numeric(o["value"], errors="coerce").astype(float)
    o["year"] = o["year"].astype(int)
    o = o[o["value"].notna()]
    if exclude_revision:
        o = o[[not is_revision_year(r, y) for r, y in zip(o["region"], o["year"])]]
    o = o.sort_values(["region", "key", "year"], kind="stable").drop_duplicates(["region", "key", "year"])
    rows = []
    for (region, key), g in o.groupby(["region", "key"], sort=True):
        known = dict(zip(g["year"].astype(int), g["value"].astype(float)))
        for year in range(int(g["year"].min()) + 1, int(g["year"].max()) + 2):
            vals = [known[y] for y in range(year - window, year) if y in known]
            if len(vals) < min_known:
                continue
            trend = float(np.median(vals))
            outcome = known.get(year, math.nan)
            rows.append(
                {
                    "region": region,
                    "key": key,
                    "year": year,
                    "trend": trend,
                    "n_known": len(vals),
                    "outcome": outcome,
                    "error": outcome - trend,
                }
            )
    return pd.DataFrame(rows, columns=["region", "key", "year", "trend", "n_known", "outcome", "error"])


def robust_error_scale(errors, *, sd_floor: float = TREND_SD_FLOOR) -> tuple[float, float]:
    """(location, scale) of forecast errors: the median and 1.4826 x the median absolute deviation
    (a consistent estimate of the sd under normality that a few shock years cannot inflate; Huber
    1981, §5.1), the scale floored at ``sd_floor`` (pp) so that a run of quiet years never gives
    near-certain probabilities."""
    import numpy as np

    e = np.asarray(errors, float)
    e = e[np.isfinite(e)]
    loc = float(np.median(e))
    return loc, max(MAD_TO_SD * float(np.median(np.abs(e - loc))), float(sd_floor))


def trend_probability(
    trends,
    *,
    region: str,
    key: str,
    year: int,
    target: float,
    ceiling: bool = False,
    error_years: int = TREND_ERROR_YEARS,
    min_errors: int = TREND_MIN_ERRORS,
    sd_floor: float = TREND_SD_FLOOR,
    level: float = LEVEL,
) -> dict:
    """Probability that the year's outcome meets ``target`` under the trend method (method 5).

    Parameters
    ----------
    trends : frame of :func:`trend_forecasts` (every region, so the errors can be pooled).
    region, key, year : the target's region, indicator and year T.
    target : threshold in the indicator's unit (% for growth rates).
    ceiling : True for an upper-bound target.
    error_years : the errors of years T-error_years .. T-1 (every region of ``key``) are pooled.
    min_errors : fewest pooled errors; fewer gives NaN.
    sd_floor : floor of the error scale (pp).

    Returns
    -------
    dict p, p_low, p_high, n_obs (pooled errors), method, note, mean, sd.

    Notes
    -----
    Outcome ~ N(trend + loc, scale²) with (loc, scale) from :func:`robust_error_scale` of the pooled
    errors (outcome minus trend): ``loc`` corrects the trend's typical bias (in a decelerating
    economy the median of the last five years over-predicts). Published growth rates are rounded to
    0.1, so P(met) = Φ((trend + loc - target + 0.05) / scale) for a floor and
    Φ((target + 0.05 - trend - loc) / scale) for a ceiling. The interval moves ``loc`` by ±z times
    the standard error of a median (1.2533 scale / √n) and the scale to its chi-square bounds.
    Everything uses outcomes of years before T only.
    """
    import numpy as np
    from scipy import stats

    t = trends
    own = t[(t["region"] == region) & (t["key"] == key) & (t["year"] == int(year))]
    if own.empty or not np.isfinite(float(own["trend"].iloc[0])):
        return nan_result(
            METHOD_TREND,
            f"no history: fewer than {TREND_MIN_KNOWN} known outcomes in the {TREND_WINDOW} years before {year}",
        )
    trend = float(own["trend"].iloc[0])
    pool = t[(t["key"] == key) & (t["year"] < int(year)) & (t["year"] >= int(year) - error_years)]
    errors = pool["error"].to_numpy(float)
    errors = errors[np.isfinite(errors)]
    if len(errors) < min_errors:
        return {
            **nan_result(METHOD_TREND, f"no history: {len(errors)} past {key} trend errors (< {min_errors})"),
            "n_obs": int(len(errors)),
        }
    loc, scale = robust_error_scale(errors, sd_floor=sd_floor)
    mean = trend + loc
    shift = ROUNDING_HALF if not ceiling else -ROUNDING_HALF
    p = normal_p(mean, scale, target - shift, ceiling)
    n = len(errors)
    alpha = (1.0 - level) / 2.0
    z = stats.norm.ppf(1 - alpha)
    se_loc = math.sqrt(math.pi / 2.0) * scale / math.sqrt(n)
    s_lo = max(scale * math.sqrt(n / stats.chi2.ppf(1 - alpha, n)), sd_floor)
    s_hi = scale * math.sqrt(n / stats.chi2.ppf(alpha, n))
    corners = [normal_p(mean + s * z * se_loc, sx, target - shift, ceiling) for s in (-1, 1) for sx in (s_lo, s_hi)]
    note = (
        f"trend {trend:.2f} (median of {int(own['n_known'].iloc[0])} outcomes {int(year) - TREND_WINDOW}-"
        f"{int(year) - 1}); past errors (outcome - trend, {key}, all regions, {int(year) - error_years}-"
        f"{int(year) - 1}, n={n}): median {loc:+.2f}, robust sd {scale:.2f}; forecast {mean:.2f}"
    )
    return {
        "p": p,
        "p_low": min(corners + [p]),
        "p_high": max(corners + [p]),
        "n_obs": int(n),
        "method": METHOD_TREND,
        "note": note,
        "mean": mean,
        "sd": scale,
    }


def performance_weights(past, columns: dict, *, min_cases: int = MIN_WEIGHT_CASES) -> tuple[dict, str]:
    """Weights of a forecast combination from past performance only (inverse past Brier score).

    Parameters
    ----------
    past : frame of scored cases whose outcome was known before the forecast year, with ``y`` (1 met,
        0 missed) and one probability column per member.
    columns : member name -> probability column.
    min_cases : fewest past cases scored by every member; fewer gives equal weights.

    Returns
    -------
    (weights, note): member name -> weight (summing to 1), and how they were obtained.

    Notes
    -----
    Bates & Granger (1969) weight forecasts inversely to their past mean squared error; for
    probability forecasts the mean squared error is the Brier score, so ``w_m ∝ 1 / Brier_m`` on the
    past cases that every member scored (Timmermann 2006, §2.4; Stock & Watson 2004 on why such
    simple weights, rather than estimated optimal ones, are the robust choice in small samples).
    """
    import numpy as np

    cols = list(columns.values())
    ok = past.dropna(subset=cols + ["y"]) if len(past) else past
    if len(ok) < min_cases:
        w = {m: 1.0 / len(columns) for m in columns}
        return w, f"equal weights ({len(ok)} past cases scored by every member, < {min_cases})"
    y = ok["y"].to_numpy(float)
    inv = {m: 1.0 / max(float(np.mean((ok[c].to_numpy(float) - y) ** 2)), 1e-6) for m, c in columns.items()}
    total = sum(inv.values())
    w = {m: v / total for m, v in inv.items()}
    note = f"weights ∝ 1/past Brier on {len(ok)} cases before the year: " + ", ".join(
        f"{m} {w[m]:.2f}" for m in columns
    )
    return w, note


def combine_weighted(results: dict, weights: dict, *, note: str = "") -> dict:
    """Weighted linear pool of method results (name -> result dict) with ``weights`` (name -> weight).

    Members without a probability drop out and the weights of the others are rescaled to sum to 1;
    with none, NaN and method "no history". The interval ends are pooled with the same weights.
    """
    ok = {
        m: r
        for m, r in results.items()
        if r is not None and not math.isnan(r.get("p", math.nan)) and weights.get(m, 0.0) > 0
    }
    if not ok:
        return nan_result("no history", "no member of the combination had history")
    total = sum(weights[m] for m in ok)
    mean = lambda k: float(sum(weights[m] * r[k] for m, r in ok.items()) / total)  # noqa: E731
    return {
        "p": mean("p"),
        "p_low": mean("p_low"),
        "p_high": mean("p_high"),
        "n_obs": int(max(r["n_obs"] for r in ok.values())),
        "method": METHOD_WEIGHTED,
        "note": note or ("weighted pool of " + " and ".join(ok)),
    }
