"""The headline: which method's probability the page shows, by a rule fixed before scoring.

At an origin year T, the headline is the method with the lowest Brier score on every earlier case
that was forecast out of sample (the backtest's forecasts of the years before T, each made with data
before its own year). Ties go to the earlier method of :data:`CANDIDATES`; with fewer than
:data:`MIN_PAST` earlier forecasts the headline is the base rate. The **combined** forecast is the
mean of the model and the recent record (an equal-weight forecast combination: Bates and Granger 1969,
Timmermann 2006).

The Brier score is the mean squared difference between a probability and what happened (1 met, 0
missed): 0 is perfect, 0.25 is what a coin flip scores. Skill = 1 - Brier(method) / Brier(base rate).

References
----------
Brier, G. W. (1950). Verification of forecasts expressed in terms of probability. Monthly Weather
Review 78(1), 1-3.
Bates, J. M. and Granger, C. W. J. (1969). The combination of forecasts. Operational Research
Quarterly 20(4), 451-468.
Timmermann, A. (2006). Forecast combinations. Handbook of Economic Forecasting 1, 135-196.
"""

from __future__ import annotations

import pandas as pd

from analysis.models.feasibility import base_rate, logistic, recent, region_record

COMBINED = "combined"
#: the methods the headline may take, in the order that breaks ties
CANDIDATES: tuple[str, ...] = (COMBINED, logistic.NAME, recent.NAME, region_record.NAME, base_rate.NAME)
#: earlier out-of-sample forecasts needed before the rule may leave the base rate
MIN_PAST = 200


def combine(model: pd.Series, recent_record: pd.Series) -> pd.Series:
    """The combined forecast: the mean of the model's and the recent record's probabilities."""
    return ((model + recent_record) / 2.0).rename(COMBINED)


def brier(p: pd.Series, met: pd.Series) -> float:
    """Mean squared difference between probabilities and outcomes (1 met, 0 missed)."""
    return float(((p.astype(float) - met.astype(float)) ** 2).mean())


def choose(past: pd.DataFrame) -> str:
    """The headline method for the next origin, from ``past`` out-of-sample forecasts (one column per
    method of :data:`CANDIDATES`, and ``met``)."""
    if len(past) < MIN_PAST:
        return base_rate.NAME
    scores = {m: brier(past[m], past["met"]) for m in CANDIDATES}
    return min(CANDIDATES, key=lambda m: (round(scores[m], 12), CANDIDATES.index(m)))
