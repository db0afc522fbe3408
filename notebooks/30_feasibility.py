# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python (analysis)
#     language: python
#     name: analysis
# ---

# %% [markdown]
# # 30 · How likely is each target to be met?
#
# For every 主要预期目标 with a number (read from the report text by the extractor, never typed in):
#
# 1. **empirical misses** — the share of past outcome-minus-target misses ≥ 0 for the same region
#    and indicator (years before the target year only), shrunk toward a pooled hit rate (4
#    pseudo-observations); the note names the pool ("pooled: provincial and national GDP misses").
# 2. **UC local level** — an unobserved-components model (statsmodels) of the indicator's own annual
#    series (NBS database), simulated forward `n_paths` times with a seeded generator;
#    Liaoning 2011-2017 set to missing.
# 3. **combined** — the average of the two.
#
# Met: floors (以上, bare, 左右) need outcome ≥ target; ceilings (以内, unemployment, CPI) outcome ≤ target.
# With `as_of`, cumulative quarterly data released by that date replace the pre-year estimate
# (**in-year update**) and give the growth the remaining quarters need.
# Methods: `analysis.models.feasibility`, `in_year`, `backtest`.

# %% tags=["parameters"]
region: str = "liaoning"  # region key (pinyin); a work report for `year` must be shipped
year: int = 2024  # report year (the targets are for this year)
as_of: str = "2024-10-31"  # ISO date for the in-year update ("" = at the report date only)
snapshot: str = ""  # raw data snapshot ("" = shipped data)
output_dir: str = "../figures"  # where feasibility_headline.csv, feasibility_backtest.csv and the figure go
seed: int = 20240123  # seed of the Monte Carlo simulation
n_paths: int = 20000  # simulated paths of the time-series model

# %%
from IPython.display import Image

from analysis.figures import feasibility as charts
from analysis.models import feasibility_pipeline as fp
from analysis.models import target_data
from analysis.vocabulary import REGION_NAMES

name = REGION_NAMES.get(region, region)
shown = ["key", "target", "qualifier", "unit", "p_meet", "p_low", "p_high", "method", "n_obs",
         "p_empirical", "p_time_series", "outcome", "met", "in_band"]

# %% [markdown]
# ## At the report date

# %%
headline = fp.headline_probabilities(region, year, seed=seed, n_paths=n_paths, snapshot=snapshot or None)
fp.write_csv(headline, output_dir, "feasibility_headline.csv")
headline[shown].round(3)

# %% [markdown]
# What history each number rests on (own cases, the pool, the series and its forecast):

# %%
print("\n".join(headline["key"] + ": " + headline["note"]))

# %%
charts.probabilities_chart(headline, output_dir, title=f"{name} {year}: 主要预期目标实现概率",
                           sources=[f"{name} {year} 政府工作报告 (targets)"] + target_data.sources(snapshot=snapshot or None))
Image(filename=f"{output_dir}/feasibility_probabilities.png")

# %% [markdown]
# ## As of a date in the year: what the remaining quarters must deliver
# `required_growth` is the y/y growth the rest of the year needs; `weight` is the share of the
# year-to-date quarters in last year's level (or equal quarters, if the levels are not published —
# the note says which).

# %%
update = fp.headline_probabilities(region, year, as_of=as_of or None, seed=seed, n_paths=n_paths,
                                   snapshot=snapshot or None)
update[["key", "target", "qualifier", "p_meet", "p_low", "p_high", "method", "ytd_period", "ytd_growth",
        "weight", "required_growth"]].round(3).head(3)

# %% [markdown]
# ## Do the probabilities deserve trust? A rolling-origin backtest
# Every target with an outcome, each predicted with what was known when its report came out, scored
# against two baselines on the same cases: the historical hit rate, and "targets are always met".
# Brier: lower is better; log score (probabilities clipped to [0.01, 0.99]): higher is better.

# %%
scores, by_period, calibration, cases = fp.backtest(snapshot=snapshot or None)
fp.write_csv(scores, output_dir, "feasibility_backtest.csv")
scores.round(3)

# %%
by_period[["period", "method", "n", "brier", "log_score"]].round(3)

# %% [markdown]
# Read honestly: every method beats "always met" by a wide margin, but over the whole sample the
# combined method does **not** beat the historical hit rate — the pandemic years (2020 missed
# everywhere, the 2021 rebound that a random-walk growth model cannot foresee) outweigh the gains
# of the model in the ordinary years (2011-2019, 2023-), where the time-series and combined
# probabilities score better than both baselines. The calibration table shows the same.

# %%
calibration.round(2)

# %% [markdown]
# ## Scorecard: targets against outcomes
# 2024 targets from the report text, 2025 and 2026 from the target files; `no data` where the
# outcome is not (yet) in the data.

# %%
fp.scorecards(region, (year, year + 1, year + 2), report_year=year, snapshot=snapshot or None)[
    ["year", "key", "target", "qualifier", "unit", "outcome", "status", "in_band"]].round(2)
