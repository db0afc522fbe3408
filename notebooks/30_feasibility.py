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

# %% [markdown] papermill={"duration": 0.00262, "end_time": "2026-11-25T16:16:26.735831+00:00", "exception": false, "start_time": "2026-11-25T16:16:26.733211+00:00", "status": "completed"}
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

# %% papermill={"duration": 0.011471, "end_time": "2026-11-25T16:16:26.749735+00:00", "exception": false, "start_time": "2026-11-25T16:16:26.738264+00:00", "status": "completed"} tags=["parameters"]
region: str = "liaoning"  # region key (pinyin); a work report for `year` must be shipped
year: int = 2024  # report year (the targets are for this year)
as_of: str = "2024-10-31"  # ISO date for the in-year update ("" = at the report date only)
snapshot: str = ""  # raw data snapshot ("" = shipped data)
output_dir: str = "../figures"  # where feasibility_headline.csv, feasibility_backtest.csv and the figure go
seed: int = 20240123  # seed of the Monte Carlo simulation
n_paths: int = 20000  # simulated paths of the time-series model

# %% papermill={"duration": 0.021136, "end_time": "2026-11-25T16:16:26.772856+00:00", "exception": false, "start_time": "2026-11-25T16:16:26.751720+00:00", "status": "completed"}
from IPython.display import Image

from analysis.figures import feasibility as charts
from analysis.models import feasibility_pipeline as fp
from analysis.models import target_data
from analysis.vocabulary import REGION_NAMES

name = REGION_NAMES.get(region, region)
shown = ["key", "target", "qualifier", "unit", "p_meet", "p_low", "p_high", "method", "n_obs",
         "p_empirical", "p_time_series", "outcome", "met", "in_band"]

# %% [markdown] papermill={"duration": 0.001773, "end_time": "2026-11-25T16:16:26.776638+00:00", "exception": false, "start_time": "2026-11-25T16:16:26.774865+00:00", "status": "completed"}
# ## At the report date

# %% papermill={"duration": 1.642701, "end_time": "2026-11-25T16:16:28.421222+00:00", "exception": false, "start_time": "2026-11-25T16:16:26.778521+00:00", "status": "completed"}
headline = fp.headline_probabilities(region, year, seed=seed, n_paths=n_paths, snapshot=snapshot or None)
fp.write_csv(headline, output_dir, "feasibility_headline.csv")
headline[shown].round(3)

# %% [markdown] papermill={"duration": 0.002139, "end_time": "2026-11-25T16:16:28.425971+00:00", "exception": false, "start_time": "2026-11-25T16:16:28.423832+00:00", "status": "completed"}
# What history each number rests on (own cases, the pool, the series and its forecast):

# %% papermill={"duration": 0.012971, "end_time": "2026-11-25T16:16:28.441075+00:00", "exception": false, "start_time": "2026-11-25T16:16:28.428104+00:00", "status": "completed"}
print("\n".join(headline["key"] + ": " + headline["note"]))

# %% papermill={"duration": 0.727113, "end_time": "2026-11-25T16:16:29.170521+00:00", "exception": false, "start_time": "2026-11-25T16:16:28.443408+00:00", "status": "completed"}
charts.probabilities_chart(headline, output_dir, title=f"{name} {year}: 主要预期目标实现概率",
                           sources=[f"{name} {year} 政府工作报告 (targets)"] + target_data.sources(snapshot=snapshot or None))
Image(filename=f"{output_dir}/feasibility_probabilities.png")

# %% [markdown] papermill={"duration": 0.002598, "end_time": "2026-11-25T16:16:29.176334+00:00", "exception": false, "start_time": "2026-11-25T16:16:29.173736+00:00", "status": "completed"}
# ## As of a date in the year: what the remaining quarters must deliver
# `required_growth` is the y/y growth the rest of the year needs; `weight` is the share of the
# year-to-date quarters in last year's level (or equal quarters, if the levels are not published —
# the note says which).

# %% papermill={"duration": 0.173731, "end_time": "2026-11-25T16:16:29.352808+00:00", "exception": false, "start_time": "2026-11-25T16:16:29.179077+00:00", "status": "completed"}
update = fp.headline_probabilities(region, year, as_of=as_of or None, seed=seed, n_paths=n_paths,
                                   snapshot=snapshot or None)
update[["key", "target", "qualifier", "p_meet", "p_low", "p_high", "method", "ytd_period", "ytd_growth",
        "weight", "required_growth"]].round(3).head(3)

# %% [markdown] papermill={"duration": 0.002746, "end_time": "2026-11-25T16:16:29.358655+00:00", "exception": false, "start_time": "2026-11-25T16:16:29.355909+00:00", "status": "completed"}
# ## Do the probabilities deserve trust? A rolling-origin backtest
# Every target with an outcome, each predicted with what was known when its report came out, scored
# against two baselines on the same cases: the historical hit rate, and "targets are always met".
# Brier: lower is better; log score (probabilities clipped to [0.01, 0.99]): higher is better.

# %% papermill={"duration": 1.8765, "end_time": "2026-11-25T16:16:31.237911+00:00", "exception": false, "start_time": "2026-11-25T16:16:29.361411+00:00", "status": "completed"}
scores, by_period, calibration, cases = fp.backtest(snapshot=snapshot or None)
fp.write_csv(scores, output_dir, "feasibility_backtest.csv")
scores.round(3)

# %% papermill={"duration": 0.013854, "end_time": "2026-11-25T16:16:31.255351+00:00", "exception": false, "start_time": "2026-11-25T16:16:31.241497+00:00", "status": "completed"}
by_period[["period", "method", "n", "brier", "log_score"]].round(3)

# %% [markdown] papermill={"duration": 0.00309, "end_time": "2026-11-25T16:16:31.261784+00:00", "exception": false, "start_time": "2026-11-25T16:16:31.258694+00:00", "status": "completed"}
# Read honestly: every method beats "always met" by a wide margin, but over the whole sample **no
# method beats the historical hit rate** (the differences are within about one standard error for
# the empirical and combined methods). By period: in 2011-2019 the time-series and combined
# probabilities beat both baselines clearly; the pandemic years (2020 missed everywhere, then the
# 2021 rebound that a random-walk model of growth rates cannot foresee) wipe that out; from 2023 the
# combined method is level with the hit rate. The calibration table shows the time-series model is
# overconfident (its 0-0.1 bin came true 70% of the time, mostly 2021).

# %% papermill={"duration": 0.01472, "end_time": "2026-11-25T16:16:31.279441+00:00", "exception": false, "start_time": "2026-11-25T16:16:31.264721+00:00", "status": "completed"}
calibration.round(2)

# %% [markdown] papermill={"duration": 0.003168, "end_time": "2026-11-25T16:16:31.285911+00:00", "exception": false, "start_time": "2026-11-25T16:16:31.282743+00:00", "status": "completed"}
# ## Scorecard: targets against outcomes
# 2024 targets from the report text, 2025 and 2026 from the target files; `no data` where the
# outcome is not (yet) in the data.

# %% papermill={"duration": 0.064823, "end_time": "2026-11-25T16:16:31.354008+00:00", "exception": false, "start_time": "2026-11-25T16:16:31.289185+00:00", "status": "completed"}
fp.scorecards(region, (year, year + 1, year + 2), report_year=year, snapshot=snapshot or None)[
    ["year", "key", "target", "qualifier", "unit", "outcome", "status", "in_band"]].round(2)
