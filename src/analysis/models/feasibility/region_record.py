"""The region's own record: how often this region met its targets on this indicator.

P(met) = (k + 4 p_base) / (n + 4), where the region met k of its n earlier targets on the indicator
(a beta-binomial posterior mean with a prior of four pseudo-cases at the indicator's base rate, so a
region with two cases is mostly the base rate and one with twenty mostly itself). Some provinces
habitually beat their targets, others habitually set them high.
"""

from __future__ import annotations

import pandas as pd

NAME = "region's record"


def predict(features: pd.DataFrame) -> pd.Series:
    """P(met) from the ``p_own`` feature."""
    return features["p_own"].rename(NAME)
