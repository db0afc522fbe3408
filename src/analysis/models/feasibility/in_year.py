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

import math

#: share of the year in each cumulative period when quarters are equal (the fallback assumption)
EQUAL_QUARTER_SHARES: dict[str, float] = {"Q1": 0.25, "H1": 0.5, "Q1-Q3": 0.75}
#: the last month of each cumulative period
PERIOD_END_MONTH: dict[str, int] = {"Q1": 3, "H1": 6, "Q1-Q3": 9}


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
    import numpy as np
    from scipy import stats

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
    import pandas as pd

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
