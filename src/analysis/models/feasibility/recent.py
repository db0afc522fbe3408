"""The recent record: how often targets of this indicator were met in the last three years.

P(met) = (Σ w_l met_{T-l} + 2 p_base) / (Σ w_l n_{T-l} + 2), l = 1, 2, 3, w = 1, ½, ¼: the hit rate of
the regime in which the target is set (GDP targets were met almost everywhere until 2013 and often
missed since; investment targets collapsed after 2014), shrunk toward the base rate by two
pseudo-cases so that a year with few cases does not swing it.
"""

from __future__ import annotations

import pandas as pd

NAME = "recent record"


def predict(features: pd.DataFrame) -> pd.Series:
    """P(met) from the ``p_recent`` feature."""
    return features["p_recent"].rename(NAME)
