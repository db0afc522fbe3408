"""The base rate: how often targets of this indicator were met before (the comparator of every method).

P(met) = (met + ½) / (n + 1) over every earlier case of the indicator in the pool (the Jeffreys
estimate of a binomial share); an indicator with fewer than ten earlier cases takes the rate of its
kind (growth rates, levels, ceilings). A base rate says how often such targets are met, not whether
this one will be: every other method is judged by how much it improves on it (Brier skill).
"""

from __future__ import annotations

import pandas as pd

NAME = "base rate"


def predict(features: pd.DataFrame) -> pd.Series:
    """P(met) for rows with the record features of :func:`analysis.models.feasibility.inputs.history`."""
    return features["p_base"].rename(NAME)
