"""Method 7 of :mod:`analysis.models.feasibility`: error components of past misses (round 4).

See the feasibility module docstring for the place of this method among the others.
"""

from __future__ import annotations

import math

from analysis.models.feasibility.probability import LEVEL, MIN_POOL, ROUNDING_HALF, nan_result
from analysis.models.feasibility.trend import TREND_ERROR_YEARS, TREND_SD_FLOOR

METHOD_COMPONENTS = "error components (year + region)"
#: Round 4, added after every year 2012-2025 had been scored by rounds 1-3 (so it has no untouched
#: test years; it is reported, not made primary). Its settings are the project's existing ones, not
#: searched: the ten-year window of the trend's error pool (TREND_ERROR_YEARS), the trend's sd floor,
#: at least COMPONENTS_MIN_YEARS years and MIN_POOL past misses.
COMPONENTS_MIN_YEARS = 3


def miss_components(
    history, *, key: str, year: int | None = None, window: int | None = TREND_ERROR_YEARS, exclude_revision: bool = True
) -> dict | None:
    """Split past target misses into a common year shock, a region habit and the rest.

    The panel of misses (outcome minus target, signed so that >= 0 is met) is modelled as
    ``miss[i, t] = m + λ[t] + α[i] + ε[i, t]``: ``λ`` the shock common to every region in year t (a
    slowdown, a pandemic, a rebound), ``α`` how ambitious region i habitually is, ``ε`` the rest —
    the decomposition of panel forecast errors into aggregate shocks, individual biases and
    idiosyncratic errors of Davies & Lahiri (1995). Estimated by moments on an unbalanced panel:
    ``λ̂[t]`` the mean miss of year t; ``m̂`` the mean of the ``λ̂[t]`` (one vote per year: each year is
    one draw of the common shock, however many regions reported); ``e = miss - λ̂[t]``; ``σ²_ε`` the
    within-region variance of ``e`` (N - R degrees of freedom); ``σ²_α`` the excess of the region
    means' squares over ``σ²_ε / n_i`` (case-weighted, floored at 0); ``σ²_λ`` the variance of the
    ``λ̂[t]`` less their sampling part (floored at 0). The region effect is the BLUP
    ``α̂_i = w_i ē_i`` with ``w_i = n_i σ²_α / (n_i σ²_α + σ²_ε)`` (shrunk toward 0 when the region has
    few cases; Harville 1977).

    Parameters
    ----------
    history : track-record pairs (:func:`analysis.models.feasibility.track_record.pair_targets_outcomes`).
    key : indicator key; only its misses enter.
    year : the forecast year T (years before T only); None uses every year.
    window : years T-window .. T-1 (None: all earlier years).
    exclude_revision : leave Liaoning 2011-2017 out.

    Returns
    -------
    None with fewer than :data:`COMPONENTS_MIN_YEARS` years or :data:`MIN_POOL` misses; else a dict:
    m, var_year, var_region, var_idio, var_mean (sampling variance of m̂), n_years, n_cases,
    first_year, last_year, share_year (σ²_λ over the total), and regions: frame region, n, raw
    (ē_i), weight (w_i), effect (α̂_i), effect_var (posterior variance of α_i).
    """
    import numpy as np
    import pandas as pd

    h = history[(history["key"] == key) & history["outcome"].notna() & history["signed_miss"].notna()]
    if exclude_revision and "revision_period" in h.columns:
        h = h[~h["revision_period"].astype(bool)]
    if year is not None:
        h = h[h["year"] < int(year)]
        if window is not None:
            h = h[h["year"] >= int(year) - int(window)]
    miss = h["signed_miss"].to_numpy(float)
    years = h["year"].to_numpy(int)
    regions = h["region"].to_numpy(object)
    uy, yi = np.unique(years, return_inverse=True)
    if len(uy) < COMPONENTS_MIN_YEARS or len(miss) < MIN_POOL:
        return None
    n_t = np.bincount(yi)
    lam = np.bincount(yi, weights=miss) / n_t
    e = miss - lam[yi]
    ur, ri = np.unique(regions, return_inverse=True)
    n_i = np.bincount(ri)
    raw = np.bincount(ri, weights=e) / n_i
    dof_idio = len(e) - len(ur)
    var_idio = float(np.sum((e - raw[ri]) ** 2) / dof_idio) if dof_idio > 0 else float(np.mean(e**2))
    var_region = max(float(np.sum(n_i * (raw**2 - var_idio / n_i)) / np.sum(n_i)), 0.0)
    var_lam = float(np.var(lam, ddof=1))
    within = float(np.mean(e**2) * len(e) / max(len(e) - len(uy), 1))  # σ²_α + σ²_ε, per case
    var_year = max(var_lam - within * float(np.mean(1.0 / n_t)), 0.0)
    w = n_i * var_region / (n_i * var_region + var_idio) if var_region > 0 else np.zeros(len(ur))
    regions_frame = pd.DataFrame(
        {"region": ur, "n": n_i, "raw": raw, "weight": w, "effect": w * raw, "effect_var": var_region * (1.0 - w)}
    )
    total = var_year + var_region + var_idio
    return {
        "m": float(lam.mean()),
        "var_year": var_year,
        "var_region": var_region,
        "var_idio": var_idio,
        "var_mean": var_lam / len(uy),
        "n_years": int(len(uy)),
        "n_cases": int(len(miss)),
        "first_year": int(uy[0]),
        "last_year": int(uy[-1]),
        "share_year": var_year / total if total > 0 else math.nan,
        "regions": regions_frame,
    }


def miss_variance_table(pairs, *, by_period: bool = False, exclude_revision: bool = True):
    """How much of the miss variance is a shock common to every region in a year (:func:`miss_components`).

    One row per indicator with enough misses over all years, then (``by_period``) per period of
    :data:`analysis.models.feasibility.track_record.PERIODS` with at least :data:`COMPONENTS_MIN_YEARS` years:
    key, period, years, n_cases, n_years, mean_miss (mean of the year means), sd_year, sd_region,
    sd_idio, share_year.
    """
    import pandas as pd

    from analysis.models.feasibility.track_record import PERIODS

    groups = [("all years", pairs)]
    if by_period:
        groups += [(label, pairs[pairs["period"] == label]) for _, _, label in PERIODS]
    rows = []
    for key in sorted(pairs["key"].dropna().unique()):
        for label, h in groups:
            comp = miss_components(h, key=key, year=None, exclude_revision=exclude_revision)
            if comp is None:
                continue
            rows.append(
                {
                    "key": key,
                    "period": label,
                    "years": f"{comp['first_year']}-{comp['last_year']}",
                    "n_cases": comp["n_cases"],
                    "n_years": comp["n_years"],
                    "mean_miss": comp["m"],
                    "sd_year": math.sqrt(comp["var_year"]),
                    "sd_region": math.sqrt(comp["var_region"]),
                    "sd_idio": math.sqrt(comp["var_idio"]),
                    "share_year": comp["share_year"],
                }
            )
    return pd.DataFrame(
        rows,
        columns=[
            "key",
            "period",
            "years",
            "n_cases",
            "n_years",
            "mean_miss",
            "sd_year",
            "sd_region",
            "sd_idio",
            "share_year",
        ],
    )


def components_probability(
    history,
    *,
    region: str,
    key: str,
    year: int,
    window: int | None = TREND_ERROR_YEARS,
    sd_floor: float = TREND_SD_FLOOR,
    exclude_revision: bool = True,
    level: float = LEVEL,
) -> dict:
    """Probability of meeting the target from the error components of past misses (method 7).

    The next miss of region i is ``m̂ + α̂_i + λ[T] + ε``: the year-T shock is unknown when the report
    comes out, so its whole variance enters the forecast, with the sampling variance of ``m̂``, the
    idiosyncratic variance and the posterior variance of the region effect. With only
    ``n_years`` year shocks to learn their spread from, the miss gets a Student-t predictive with
    ``n_years - 1`` degrees of freedom: ``P(met) = P(miss >= -0.05)`` (outcomes rounded to 0.1;
    the misses are already signed so that >= 0 is met, for floors and ceilings alike). The sd is
    floored at ``sd_floor``. The interval moves the mean by ±z sd(m̂) and the sd to the chi-square
    bounds of ``n_years - 1`` degrees of freedom. See :func:`miss_components`.
    """
    from scipy import stats

    comp = miss_components(history, key=key, year=year, window=window, exclude_revision=exclude_revision)
    if comp is None:
        return nan_result(
            METHOD_COMPONENTS,
            f"no history: fewer than {COMPONENTS_MIN_YEARS} years or {MIN_POOL} past {key} misses in the window",
        )
    own = comp["regions"][comp["regions"]["region"] == region]
    effect = float(own["effect"].iloc[0]) if len(own) else 0.0
    effect_var = float(own["effect_var"].iloc[0]) if len(own) else comp["var_region"]
    n_own = int(own["n"].iloc[0]) if len(own) else 0
    mean = comp["m"] + effect
    sd = max(math.sqrt(comp["var_year"] + comp["var_mean"] + comp["var_idio"] + effect_var), sd_floor)
    df = comp["n_years"] - 1
    alpha = (1.0 - level) / 2.0

    def prob(mu, s):
        return float(stats.t.sf((-ROUNDING_HALF - mu) / s, df))

    p = prob(mean, sd)
    z = stats.norm.ppf(1 - alpha)
    s_lo = max(sd * math.sqrt(df / stats.chi2.ppf(1 - alpha, df)), sd_floor)
    s_hi = sd * math.sqrt(df / stats.chi2.ppf(alpha, df))
    corners = [prob(mean + k * z * math.sqrt(comp["var_mean"]), sx) for k in (-1, 1) for sx in (s_lo, s_hi)]
    note = (
        f"past {key} misses {comp['first_year']}-{comp['last_year']} ({comp['n_cases']} in "
        f"{comp['n_years']} years): mean {comp['m']:+.2f}; common year shock sd "
        f"{math.sqrt(comp['var_year']):.2f} ({comp['share_year']:.0%} of the miss variance), region habit sd "
        f"{math.sqrt(comp['var_region']):.2f}, idiosyncratic sd {math.sqrt(comp['var_idio']):.2f}; {region}: "
        f"{n_own} own cases, effect {effect:+.2f}; forecast miss {mean:+.2f}, sd {sd:.2f}, t({df})"
    )
    return {
        "p": p,
        "p_low": min(corners + [p]),
        "p_high": max(corners + [p]),
        "n_obs": comp["n_cases"],
        "method": METHOD_COMPONENTS,
        "note": note,
        "mean": mean,
        "sd": sd,
    }
