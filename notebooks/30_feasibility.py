# ---
# jupyter:
#   jupytext:
#     cell_metadata_filter: -papermill,-execution,-ExecuteTime
#     formats: ipynb,py:percent
#     notebook_metadata_filter: -papermill,-widgets,-varInspector
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.7
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 30 · How likely is each target to be met?
#
# Every target of the report with a number gets odds, learnt from the record: every target the
# provinces and the nation set since 2000 against the outcome the next report first stated (the
# corpus panel; cities are judged by the cities' record, apart). Five methods:
#
# 1. **base rate**: how often targets of the same indicator were met before (Jeffreys share); an
#    indicator with fewer than ten earlier targets takes its kind's rate (growth rates, levels,
#    ceilings), and the table says so. The comparator of every other method.
# 2. **recent record**: the indicator's hit rate in the last three years (weights 1, ½, ¼), shrunk
#    toward the base rate: the regime the target is set in.
# 3. **region's record**: how often this region met its targets on this indicator (k of n), shrunk
#    toward the base rate with four pseudo-cases.
# 4. **model**: a ridge logistic regression over what was known when the report came out — the three
#    records, the target against last year's outcome and against the nation's target, last year's miss,
#    the bound (左右, 以上, a range) and the kind — fitted on the six years before, with the shock
#    common to every region in a year integrated out (its variance estimated from the training years).
#    References: Li, Liu, Weng and Zhou (2019, *Economic Journal*) on target setting; Lyu, Wang, Zhang
#    and Zhang (2018, *JAE*) on outcomes and targets; Gelman and Hill (2007) on varying intercepts.
# 5. **combined**: the mean of the model and the recent record (Bates and Granger 1969).
#
# **The headline** odds are, at each year, the method with the lowest Brier score on every earlier
# target forecast out of sample (a rule fixed before the final scoring). The Brier score is the mean
# squared difference between a probability and what happened (1 met, 0 missed): 0 is perfect, 0.25 is
# a coin flip. The features, the six-year window and the combination were chosen while looking at
# backtest scores on these same cases, so the skill shown below is not an untouched test of them.
# **Met**: a floor (以上, a bare number, 左右, the low end of a range) when the outcome reaches it; a
# ceiling (以内; CPI, unemployment) when the outcome stays within it.

# %% tags=["parameters"]
region: str = "liaoning"  # region key (pinyin) of the report
year: int = 2024  # the year the report sets targets for
as_of: str = ""  # ISO date for the in-year update with the releases out by then; empty for none
output_dir: str = "../figures"  # where the tables and figures are written, relative to this notebook

# %%
import pandas as pd
from IPython.display import Image

from analysis import contract, paths
from analysis.briefing.params import check_notebook
from analysis.corpus.as_of import parse_as_of
from analysis.figures import odds as charts
from analysis.models.feasibility import outputs, run
from analysis.vocabulary import REGION_NAMES

region = check_notebook(region=region, year=year, as_of=as_of)
out = paths.notebook_path(output_dir)
result = run(region, year, {"as_of": parse_as_of(as_of, region=region, year=year)})
name = REGION_NAMES.get(region, region)
for spec in (outputs.TARGETS, outputs.SKILL, outputs.CALIBRATION, outputs.IN_YEAR):
    contract.write(spec, result[spec.name], out)
f"{name} {year}: headline method {result.method}, pool {result.pool}"

# %% [markdown]
# ## The targets and their odds
# `last_outcome` is last year's outcome as this report states it; `gap` the target against it
# (percentage points for rates, % for levels; positive = harder); `own_met` of `own_n` the region's
# record on the indicator; `p` the headline odds, `p_low`-`p_high` the range across the methods;
# `drivers` the features that move the model's odds most from the average case (log-odds).

# %%
targets = result["feasibility_targets"]
targets[["indicator", "target", "last_outcome", "gap", "own_met", "own_n", "p", "p_low", "p_high", "call",
         "base_rate", "fallback", "drivers"]].round(3)

# %%
charts.odds_chart(targets, out, title=f"{name} {year}: odds that each target is met", sources=result.sources)
Image(filename=str(out / "feasibility_odds.png"))

# %% [markdown]
# ## The year so far
# With `as_of`, the cumulative growth released by then gives the growth the remaining quarters need
# (weights: the quarters' share of a year's level on one basis, never a data-revision year) and odds
# updated from past surprises between the year-to-date rate and the year.

# %%
result["feasibility_in_year"] if as_of else "no as-of date given: no in-year update"

# %% [markdown]
# ## How good are the odds? The rolling-origin backtest
# Every target from 2008 on, forecast with data of the years before it only. `skill` = 1 − Brier of
# the headline / Brier of the base rate (0: no better than the base rate).

# %%
result["feasibility_skill"]

# %% [markdown]
# **Reliability**: the forecasts binned by probability, against the share met. A bin with 30 or more
# cases is checked against a bound of ±0.05. Shocks common to a whole year (the 2014 slowdown, the
# 2020 pandemic, the 2021 rebound) move every target of the year together; no record foresees them,
# and a bin that one such year dominates misses the bound (`largest_year`). How far calibrated odds
# would stray with such shocks is measured by drawing outcomes from odds calibrated by construction,
# with a shock per year of the size the scored years show: `band_low`-`band_high` is each bin's 90 %
# range of the share met (Bröcker and Smith 2007), `consistent` whether the bin lies in it. A bin
# outside it strays more than the year shocks explain.

# %%
calibration = result["feasibility_calibration"]
charts.reliability_chart(calibration, out, title="Reliability of the headline odds (backtest 2008-)",
                         sources=result.sources)
calibration

# %% [markdown]
# With these bins and year shocks, how often would odds that are calibrated by construction keep every
# checked bin within ±0.05 (`all_within`), and how often without the year shocks, outcomes independent
# (`all_within_no_shock`)? `tau2`: the variance of the year shock on the log-odds.

# %%
pd.Series(calibration.attrs, name="calibrated odds, drawn")
