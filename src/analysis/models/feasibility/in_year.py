"""In-year arithmetic: what the rest of the year must deliver, and the updated probability.

Accounting identity (real growth, cumulative quarters)
------------------------------------------------------
Annual real growth is a weighted mean of the growth of the cumulative period already published
(year to date, YTD) and of the remaining quarters, the weights being the shares of the two parts in
*last year's* annual level (NBS 累计增速 arithmetic)::

    1 + g_year = w (1 + g_ytd) + (1 - w) (1 + g_rest),     w = level_{T-1}(YTD quarters) / level_{T-1}(year)

so the growth the remaining quarters need for the year to reach a target ``g*`` is::

    g_rest* = ((1 + g*) - w (1 + g_ytd)) / (1 - w) - 1.

With a constant growth path (every quarter grows at ``g*``) ``g_rest* = g*`` whatever ``w``.
Nominal shares stand in for real ones (same-year prices, so the shares coincide up to within-year
deflator differences); where last year's cumulative level is not published, the share comes from
the latest year where both levels are published on one basis (one vintage, or a first-release
cumulative level over the unrevised annual level), else from equal quarters
(Q1 = 1/4, H1 = 1/2, Q1-Q3 = 3/4). The output says which (``weight_basis``).

The year-to-date data are the cumulative first releases of ``data/raw/public`` (quarterly
releases are public from the last day of the month their vintage names, "quarterly release
2024-10" -> 2024-10-31; without a month, from the end of the month after the period). Only regions
whose quarterly releases are shipped get the update; the others say so. Weights never come from a
data-revision year (``data/raw/regions/revisions.csv``).

Updated probability
-------------------
Outcome = YTD growth + a surprise ``d``. The surprise is scaled by the share of the year still to
come: ``d = (1 - w) (g_rest - g_ytd)``. The remaining-quarter surprise ``g_rest - g_ytd`` is taken as
Student-t with scale the root-mean-square of past surprises (same region and indicator, every
cumulative period, first releases; ``n`` degrees of freedom), centred at zero (the rest of the year
grows like the part already seen). Then

    P(met) = P(d >= g* - g_ytd) = 1 - F_t,n((g* - g_ytd) / ((1 - w) s))      (floor targets)

and the mirror image for ceilings. The interval takes the scale at the 5% and 95% chi-square
bounds of ``s`` (n degrees of freedom).
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
from scipy import stats

from analysis.series import catalogue, load_series
from analysis.series.vintages import is_revision_year, release_date

#: share of the year in each cumulative period when quarters are equal (the fallback assumption)
EQUAL_QUARTER_SHARES: dict[str, float] = {"Q1": 0.25, "H1": 0.5, "Q1-Q3": 0.75}


def required_growth(target: float, ytd_growth: float, weight: float) -> float:
    """Growth (%) the remaining quarters need for the year to reach ``target``.

    Parameters
    ----------
    target : annual real growth target, % (e.g. 5.5).
    ytd_growth : cumulative year-to-date real growth, % y/y (e.g. 4.9 for Q1-Q3).
    weight : share of the year-to-date quarters in last year's annual level, in (0, 1).

    Returns
    -------
    float
        Required y/y growth of the remaining quarters, %.

    Examples
    --------
    >>> round(required_growth(5.0, 5.0, 0.7), 12)
    5.0
    """
    if not 0.0 < weight < 1.0:
        raise ValueError(f"weight must be in (0, 1), got {weight!r}")
    g, y = target / 100.0, ytd_growth / 100.0
    return (((1.0 + g) - weight * (1.0 + y)) / (1.0 - weight) - 1.0) * 100.0


def annual_growth(ytd_growth: float, rest_growth: float, weight: float) -> float:
    """Annual growth (%) implied by year-to-date and remaining-quarter growth (the identity above)."""
    return (weight * (1.0 + ytd_growth / 100.0) + (1.0 - weight) * (1.0 + rest_growth / 100.0) - 1.0) * 100.0


def in_year_probability(
    target: float, ytd_growth: float, weight: float, surprises, *, ceiling: bool = False, level: float = 0.90
) -> tuple[float, float, float]:
    """Probability that the year meets ``target`` given year-to-date growth, with an interval.

    Parameters
    ----------
    target, ytd_growth : % (annual target; cumulative y/y growth so far).
    weight : share of the year-to-date part in last year's level (0-1).
    surprises : past remaining-quarter surprises ``g_rest - g_ytd`` (pp), at least 2.
    ceiling : True when the target is an upper bound.
    level : coverage of the interval on the probability.

    Returns
    -------
    (p, p_low, p_high)
    """
    s = np.asarray([x for x in surprises if not math.isnan(x)], dtype=float)
    n = len(s)
    if n < 2:
        return math.nan, math.nan, math.nan
    rms = float(np.sqrt(np.mean(s**2)))
    alpha = (1.0 - level) / 2.0
    scales = [rms, rms * math.sqrt(n / stats.chi2.ppf(1 - alpha, n)), rms * math.sqrt(n / stats.chi2.ppf(alpha, n))]
    gap = target - ytd_growth
    probs = []
    for sc in scales:
        z = gap / ((1.0 - weight) * sc) if sc > 0 else math.copysign(math.inf, gap) if gap else 0.0
        p_floor = float(stats.t.sf(z, df=n))
        probs.append(1.0 - p_floor if ceiling else p_floor)
    return probs[0], min(probs), max(probs)


def surprises_from_releases(releases, weights=None):
    """Past remaining-quarter surprises from cumulative and annual first releases.

    Parameters
    ----------
    releases : frame with columns year, period ("Q1", "H1", "Q1-Q3", "Y"), value (% y/y).
    weights : optional mapping period -> share; default :data:`EQUAL_QUARTER_SHARES`.

    Returns
    -------
    DataFrame year, period, ytd, annual, surprise where
    ``surprise = (annual - ytd) / (1 - w)`` (pp of remaining-quarter growth above the YTD rate).
    """
    weights = weights or EQUAL_QUARTER_SHARES
    r = releases.copy()
    annual = r[r["period"] == "Y"].drop_duplicates("year").set_index("year")["value"]
    rows = []
    for x in r[r["period"].isin(list(weights))].itertuples(index=False):
        if x.year in annual.index and not math.isnan(float(annual[x.year])):
            w = weights[x.period]
            rows.append(
                {
                    "year": int(x.year),
                    "period": x.period,
                    "ytd": float(x.value),
                    "annual": float(annual[x.year]),
                    "surprise": (float(annual[x.year]) - float(x.value)) / (1.0 - w),
                }
            )
    return pd.DataFrame(rows, columns=["year", "period", "ytd", "annual", "surprise"])


#: annual vintages that may stand beside a first-release cumulative level, nearest the first release first
ANNUAL_FOR_FIRST_RELEASE: tuple[str, ...] = ("first_release", "nbs_pre4")


def period_weight(region: str, year: int, period: str, as_of: dt.date) -> tuple[float, str]:
    """Share of cumulative ``period`` in the annual GDP level, and how it was obtained: last year's
    cumulative and annual nominal levels if both are published on one basis, else the latest earlier
    year with both (never a data-revision year), released by ``as_of``; else equal quarters."""
    rows = load_series("gdp_nominal", region, vintage="all", period=None)
    rows = rows[rows["value"].notna() & (rows["year"] < year)]
    rows = rows[[not is_revision_year(region, y) for y in rows["year"]]]
    if "preferred" in rows.columns:
        rows = rows[rows["preferred"].astype(bool)]
    cum, ann = rows[rows["period"] == period], rows[rows["period"] == "Y"]
    for y in sorted(set(cum["year"]), reverse=True):
        for r in cum[cum["year"] == y].itertuples(index=False):
            if release_date(r.vintage, y, period) > as_of:
                continue
            classes = (r.vintage_class,) if r.vintage_class != "first_release" else ANNUAL_FOR_FIRST_RELEASE
            for vclass in classes:
                same = ann[(ann["year"] == y) & (ann["vintage_class"] == vclass)]
                if not len(same):
                    continue
                w = float(r.value) / float(same["value"].iloc[0])
                if 0.0 < w < 1.0:
                    basis = "last year's levels" if y == year - 1 else f"levels of {y} (latest year with both)"
                    classes_text = r.vintage_class if vclass == r.vintage_class else f"{r.vintage_class} / {vclass}"
                    return w, (
                        f"{basis}: {period} {float(r.value):g} / year {float(same['value'].iloc[0]):g} 亿元, "
                        f"{classes_text}"
                    )
    return EQUAL_QUARTER_SHARES[
        period
    ], "assumption: equal quarters (the data hold no cumulative and annual levels of one release)"


def year_to_date(region: str, year: int, as_of: dt.date, keys) -> dict:
    """For each key with a cumulative first release of ``year`` by ``as_of``: ytd_growth, period,
    weight, weight_basis, surprises (past remaining-quarter surprises), released (the date)."""
    out = {}
    available = set(catalogue(region)["indicator"])
    for key in keys:
        if key not in available:
            continue
        rel = load_series(key, region, vintage="first_release", period=None)
        rel = rel[rel["value"].notna()].copy()
        if rel.empty:
            continue
        rel["released"] = [release_date(v, y, p) for v, y, p in zip(rel["vintage"], rel["year"], rel["period"])]
        now = rel[(rel["year"] == year) & rel["period"].isin(list(EQUAL_QUARTER_SHARES)) & (rel["released"] <= as_of)]
        if now.empty:
            continue
        order = {p: i for i, p in enumerate(EQUAL_QUARTER_SHARES)}
        latest = now.assign(_o=now["period"].map(order)).sort_values(["_o"]).iloc[-1]
        period = str(latest["period"])
        past = rel[(rel["year"] < year) & (rel["released"] <= as_of)]
        past = past[[not is_revision_year(region, y) for y in past["year"]]].drop_duplicates(["year", "period"])
        surprises = surprises_from_releases(
            pd.DataFrame(
                {
                    "year": past["year"].astype(int),
                    "period": past["period"].astype(str),
                    "value": past["value"].astype(float),
                }
            )
        )
        weight, basis = (
            period_weight(region, year, period, as_of)
            if key == "gdp_real_growth"
            else (EQUAL_QUARTER_SHARES[period], "assumption: equal quarters")
        )
        out[key] = {
            "ytd_growth": float(latest["value"]),
            "period": period,
            "weight": weight,
            "weight_basis": basis,
            "surprises": surprises["surprise"].tolist(),
            "released": latest["released"].isoformat(),
        }
    return out


def no_update_reason(region: str, year: int, as_of: dt.date) -> str:
    """Why GDP growth of ``region`` in ``year`` has no year-to-date update by ``as_of``, in words: no
    quarterly data shipped; the year's quarters published after ``as_of``; single-quarter rates only
    (the arithmetic reads cumulative periods); or quarters of other years only."""
    rows = catalogue(region)
    if not (rows["period"] != "Y").any():
        return "the data hold no quarterly figures for this region"
    if "gdp_real_growth" not in set(rows["indicator"]):
        return "the data hold no quarterly GDP growth for this region"
    quarters = load_series("gdp_real_growth", region, vintage="all", period=None)
    quarters = quarters[(quarters["period"] != "Y") & quarters["value"].notna()]
    if quarters.empty:
        return "the data hold no quarterly GDP growth for this region"
    this_year = quarters[quarters["year"] == year]
    if this_year.empty:
        years = ", ".join(str(int(y)) for y in sorted(set(quarters["year"])))
        return f"the data's quarterly GDP growth for this region covers {years}, not {year}"
    released = [
        release_date(v, int(y), str(p)) for v, y, p in zip(this_year["vintage"], this_year["year"], this_year["period"])
    ]
    periods = ", ".join(dict.fromkeys(this_year["period"].astype(str)))
    if min(released) > as_of:
        return (
            f"the data hold {year}'s quarterly GDP growth ({periods}) only as published in {min(released):%Y-%m}, "
            "after that date; the year-to-date figures released before it are not in the data"
        )
    if not set(this_year["period"]) & set(EQUAL_QUARTER_SHARES):
        return f"the quarterly GDP growth of {year} in the data ({periods}) is single-quarter, not year-to-date"
    return f"no year-to-date GDP growth of {year} was released by that date"


def update(region: str, year: int, as_of: dt.date, targets: pd.DataFrame) -> pd.DataFrame:
    """The in-year table: for each numeric target in % (``targets`` of
    :func:`analysis.models.feasibility.inputs.report_targets`) with year-to-date data by ``as_of``, the
    growth the rest of the year needs and the updated odds (the ``feasibility_in_year`` table)."""
    columns = [
        "key",
        "as_of",
        "period",
        "ytd_growth",
        "target",
        "weight",
        "weight_basis",
        "required_rest",
        "p",
        "p_low",
        "p_high",
        "released",
    ]
    numeric = targets[targets["has_number"] & (targets["unit"] == "%")].drop_duplicates("key")
    found = year_to_date(region, year, as_of, list(numeric["key"]))
    rows = []
    for r in numeric.itertuples(index=False):
        if r.key not in found:
            continue
        ytd = found[r.key]
        ceiling = bool(r.ceiling)
        target = float(r.target_high) if ceiling and r.target_high == r.target_high else float(r.target_value)
        p, low, high = in_year_probability(target, ytd["ytd_growth"], ytd["weight"], ytd["surprises"], ceiling=ceiling)
        rows.append(
            {
                "key": r.key,
                "as_of": as_of.isoformat(),
                "period": ytd["period"],
                "ytd_growth": ytd["ytd_growth"],
                "target": target,
                "weight": round(ytd["weight"], 4),
                "weight_basis": ytd["weight_basis"],
                "required_rest": round(required_growth(target, ytd["ytd_growth"], ytd["weight"]), 4),
                "p": p,
                "p_low": low,
                "p_high": high,
                "released": ytd["released"],
            }
        )
    return pd.DataFrame(rows, columns=columns)
