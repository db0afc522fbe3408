"""A model over the features: ridge logistic regression with a common year shock integrated out.

Model
-----
For a target of region r, indicator k, year T::

    logit P(met) = a + Σ_j b_j z_j + u_T,      u_T ~ N(0, τ²)

where the z_j are the standardised features known when the report came out
(:mod:`analysis.models.feasibility.inputs`): the logits of the indicator's base rate, of its recent
record and of the region's own record; how far the target lies above last year's outcome
(``gap_last``) and above the nation's target (``gap_nat``); last year's miss (``last_miss``); the bound
(左右, 以上, a bare number, a range) and the kind (ceiling, level). Missing gaps enter as 0 with an
indicator of their own. ``u_T`` is the shock common to every region in year T (2014's slowdown,
2020's pandemic, 2021's rebound): unknown when the reports come out, so the forecast integrates it
out, P = Φ-approximation σ(η / √(1 + π τ² / 8)) (the probit approximation of the logistic-normal
integral), with τ² the variance of the yearly shocks in the training years (the spread of each
year's log-odds of the share met around the model's mean for that year).

The coefficients are the posterior mode under a N(0, 1/(2λ)) prior on each standardised slope
(ridge, λ = :data:`RIDGE`), fitted on the cases of the :data:`WINDOW` years before T only: the
record is a sequence of regimes, and recent years say more about the next one than the 2000s.

Why this model: a target is met when the outcome clears it, and the outcome is close to a region's
trend unless the year brings a common shock; the gaps measure the ambition of the target against
that trend (Li, Liu, Weng and Zhou 2019 on how each level of government sets its target above the one
above it; Lyu, Wang,
Zhang and Zhang 2018 on outcomes bunching at targets), the records measure the habits of the
indicator and the region, and the year shock is the part nobody can forecast (Gelman and Hill 2007,
ch. 14, on varying intercepts). A hierarchical model with region intercepts was the alternative;
the region's shrunk record stands in for the intercept as a feature, which keeps the fit a few
milliseconds per origin.

References
----------
Li, X., Liu, C., Weng, X. and Zhou, L.-A. (2019). Target setting in tournaments: theory and evidence
from China. The Economic Journal 129(623), 2888-2915.
Lyu, C., Wang, K., Zhang, F. and Zhang, X. (2018). GDP management to meet or beat growth targets.
Journal of Accounting and Economics 66(1), 318-338.
Gelman, A. and Hill, J. (2007). Data Analysis Using Regression and Multilevel/Hierarchical Models.
Cambridge University Press.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import minimize

NAME = "model"
#: years of cases before the origin that the model is fitted on
WINDOW = 6
#: ridge penalty on the standardised slopes
RIDGE = 5.0
#: gaps are clipped to this many points (a typo or a level target in the wrong unit cannot dominate)
CLIP = 8.0
_GAPS = ("gap_last", "gap_nat", "last_miss")
_RECORDS = ("p_base", "p_recent", "p_own")
_BOUNDS = ("about", "at_least", "exact", "range")
_KINDS = ("ceiling", "level")
#: the words a feature is described with on the page
DESCRIPTIONS: dict[str, str] = {
    "p_base": "the indicator's long record",
    "p_recent": "the indicator's record in the last three years",
    "p_own": "the region's own record",
    "gap_last": "the target against last year's outcome",
    "gap_nat": "the target against the nation's",
    "last_miss": "last year's miss or beat",
    "gap_last_missing": "no outcome stated for last year",
    "gap_nat_missing": "no national target to compare",
    "last_miss_missing": "no target of last year to compare",
    "bound_about": "a target 'about' (左右)",
    "bound_at_least": "a floor (以上)",
    "bound_exact": "a bare number",
    "bound_range": "a range",
    "kind_ceiling": "a ceiling (met by staying below)",
    "kind_level": "a level target (an amount, not a rate)",
}


def _logit(p: pd.Series) -> pd.Series:
    q = p.astype(float).clip(1e-3, 1 - 1e-3)
    return np.log(q / (1 - q))


def design(rows: pd.DataFrame) -> pd.DataFrame:
    """The feature matrix (unstandardised) of rows with the case and record features."""
    x = pd.DataFrame(index=rows.index)
    for name in _RECORDS:
        x[name] = _logit(rows[name].fillna(0.5))
    for name in _GAPS:
        x[name] = rows[name].astype(float).fillna(0.0).clip(-CLIP, CLIP)
        x[f"{name}_missing"] = rows[name].isna().astype(float)
    for bound in _BOUNDS:
        x[f"bound_{bound}"] = (rows["bound"] == bound).astype(float)
    for kind in _KINDS:
        x[f"kind_{kind}"] = (rows["kind"] == kind).astype(float)
    return x


@dataclass(frozen=True)
class Fit:
    """A fitted model: feature means and scales, coefficients (intercept first), the year-shock variance."""

    columns: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    tau2: float
    n: int


def _standardise(x: pd.DataFrame, fit_mean: np.ndarray, fit_scale: np.ndarray) -> np.ndarray:
    return np.c_[np.ones(len(x)), (x.to_numpy() - fit_mean) / fit_scale]


def fit(cases: pd.DataFrame) -> Fit:
    """Fit on ``cases`` (rows with features and ``met``); the year-shock variance from their years."""
    x = design(cases)
    mean = x.mean().to_numpy()
    scale = x.std().replace(0.0, 1.0).fillna(1.0).to_numpy()
    a = _standardise(x, mean, scale)
    y = cases["met"].astype(float).to_numpy()

    def loss(w):
        z = a @ w
        return np.sum(np.logaddexp(0.0, z) - y * z) + RIDGE * np.sum(w[1:] ** 2)

    def grad(w):
        p = 1.0 / (1.0 + np.exp(-(a @ w)))
        g = a.T @ (p - y)
        g[1:] += 2.0 * RIDGE * w[1:]
        return g

    coef = minimize(loss, np.zeros(a.shape[1]), jac=grad, method="L-BFGS-B").x
    fitted = 1.0 / (1.0 + np.exp(-(a @ coef)))
    by_year = (
        pd.DataFrame({"year": cases["year"].to_numpy(), "met": y, "p": fitted})
        .groupby("year")
        .agg(n=("met", "size"), met=("met", "mean"), p=("p", "mean"))
    )
    by_year = by_year[by_year["n"] >= 15]
    shocks = _logit((by_year["met"] * by_year["n"] + 0.5) / (by_year["n"] + 1.0)) - _logit(by_year["p"])
    tau2 = float(np.var(shocks)) if len(shocks) >= 3 else 0.3
    return Fit(tuple(x.columns), mean, scale, coef, tau2, len(cases))


def predict(model: Fit, rows: pd.DataFrame) -> pd.Series:
    """P(met) of ``rows``, the year shock integrated out."""
    eta = _standardise(design(rows)[list(model.columns)], model.mean, model.scale) @ model.coef
    return pd.Series(1.0 / (1.0 + np.exp(-eta / np.sqrt(1.0 + np.pi * model.tau2 / 8.0))), index=rows.index, name=NAME)


def contributions(model: Fit, rows: pd.DataFrame) -> pd.DataFrame:
    """Each feature's contribution to the log-odds of each row (coefficient times standardised value)."""
    z = (design(rows)[list(model.columns)].to_numpy() - model.mean) / model.scale
    return pd.DataFrame(z * model.coef[1:], index=rows.index, columns=list(model.columns))


def _describe(name: str, row: pd.Series) -> str:
    """A feature of one row in words, with its value."""
    value = row.get(name)
    unit = "pp" if row.get("unit", "%") in ("%", "") else "%"
    if name == "gap_last" and value == value:
        return f"target {abs(value):.1f} {unit} {'above' if value >= 0 else 'below'} last year's outcome"
    if name == "gap_nat" and value == value:
        return f"target {abs(value):.1f} {unit} {'above' if value >= 0 else 'below'} the nation's"
    if name == "last_miss" and value == value:
        return f"last year's target {'beaten' if value >= 0 else 'missed'} by {abs(value):.1f} {unit}"
    if name == "p_own" and value == value:
        met, n = row.get("own_met"), row.get("own_n")
        counted = f" ({int(met)} of {int(n)})" if n == n and n and met == met else ""
        return f"the region's own record{counted}, shrunk toward the pool's: {value:.0%}"
    if name in ("p_base", "p_recent") and value == value:
        return f"{DESCRIPTIONS[name]}: {value:.0%} met"
    if name == "last_miss_missing" and row.get("gap_last") != row.get("gap_last"):
        return "no outcome stated for last year"  # last year's target may exist: its outcome is what is missing
    if name == "gap_nat_missing" and row.get("level") == "nation":
        return "the nation's own target (no higher level to compare)"
    return DESCRIPTIONS.get(name, name)


def drivers(model: Fit, rows: pd.DataFrame, top: int = 2) -> pd.Series:
    """In words, the features that move each row's odds most from the average case (with their sign
    on the log-odds): the records and gaps, and the bound or kind a target has (not those it lacks)."""
    c = contributions(model, rows)
    x = design(rows)[list(model.columns)]
    out = []
    for i in c.index:
        shown = [
            n
            for n in c.columns
            if (
                not n.startswith(("bound_", "kind_"))
                and not n.endswith("_missing")
                and not (n in _GAPS and rows.loc[i, n] != rows.loc[i, n])
            )
            or x.loc[i, n] == 1.0
        ]
        ranked = c.loc[i, shown].abs().sort_values(ascending=False).index[:top]
        parts, said = [], set()
        for name in ranked:
            words = _describe(name, rows.loc[i])
            if abs(c.loc[i, name]) < 0.05 or words in said:
                continue  # two features may say one thing (no outcome last year): said once
            said.add(words)
            parts.append(f"{words} ({'+' if c.loc[i, name] >= 0 else '−'}{abs(c.loc[i, name]):.1f})")
        out.append("; ".join(parts))
    return pd.Series(out, index=rows.index, name="drivers")
