"""The 万亿 scenarios: when does a level a work report sets as a goal cross its line, and how likely is it?

Inputs (:mod:`.inputs`), the growth model (:mod:`.estimate`), the seeded Monte Carlo (:mod:`.simulate`),
the split-conformal bands and their backtest (:mod:`.bands`), the tables (:mod:`.outputs`) and
``run(region, year, params)`` (:mod:`.run`). This module only re-exports.
"""

from analysis.models.scenarios.bands import (
    BAND_LEVEL,
    HORIZONS,
    backtest,
    band_table,
    calibrate_paths,
    conformal_quantiles,
    measured_bands,
    widen,
)
from analysis.models.scenarios.estimate import (
    GrowthParams,
    InsufficientHistory,
    estimate_growth,
    estimate_stated_growth,
)
from analysis.models.scenarios.inputs import HISTORY_CLASSES, START_CLASSES, revision_episode
from analysis.models.scenarios.outputs import BANDS, CROSSING, FAN, GOALS
from analysis.models.scenarios.run import Outputs, Params, Scenario, run
from analysis.models.scenarios.simulate import (
    crossing_probabilities,
    simulate_growth,
    simulate_levels,
    staying_probabilities,
)

__all__ = [
    "BANDS",
    "BAND_LEVEL",
    "CROSSING",
    "FAN",
    "GOALS",
    "HISTORY_CLASSES",
    "HORIZONS",
    "START_CLASSES",
    "GrowthParams",
    "InsufficientHistory",
    "Outputs",
    "Params",
    "Scenario",
    "backtest",
    "band_table",
    "measured_bands",
    "calibrate_paths",
    "conformal_quantiles",
    "crossing_probabilities",
    "estimate_growth",
    "estimate_stated_growth",
    "revision_episode",
    "run",
    "simulate_growth",
    "simulate_levels",
    "staying_probabilities",
    "widen",
]
