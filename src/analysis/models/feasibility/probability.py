"""Primitives shared by the target-probability methods (:mod:`analysis.models.feasibility`).

A method's result is a dict ``p, p_low, p_high, n_obs, method, note``; probabilities are of the
outcome meeting the target under :mod:`analysis.corpus.rules`.
"""

from __future__ import annotations

import math

#: smallest pool of past cases a method or prior is built on
MIN_POOL = 10
#: coverage of the reported intervals (p_low, p_high)
LEVEL = 0.90
#: published outcomes are rounded to 0.1: met <=> unrounded signed miss >= -0.05
ROUNDING_HALF = 0.05


def nan_result(method: str, note: str) -> dict:
    """The result of a method that could not run: NaN probabilities, ``note`` says why."""
    return {"p": math.nan, "p_low": math.nan, "p_high": math.nan, "n_obs": 0, "method": method, "note": note}


def normal_p(mean: float, sd: float, target: float, ceiling: bool) -> float:
    """P(outcome >= target) (``ceiling``: <= target) for a normal outcome; a point mass when sd is 0."""
    from scipy import stats

    if not sd > 0:
        return float((mean <= target) if ceiling else (mean >= target))
    z = (target - mean) / sd
    return float(stats.norm.cdf(z) if ceiling else stats.norm.sf(z))
