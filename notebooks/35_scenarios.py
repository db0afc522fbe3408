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

# %% [markdown] papermill={"duration": 0.003372, "end_time": "2026-11-25T16:05:57.653711+00:00", "exception": false, "start_time": "2026-11-25T16:05:57.650339+00:00", "status": "completed"}
# # 35 · The "万亿" scenarios: when do the levels cross 1 万亿元?
#
# The 2024 Liaoning government work report sets multi-year goals in 万亿元 (1 万亿元 = 10000 亿元):
# Shenyang and Dalian to join the cities with GDP above 1 万亿元; industrial value added and retail
# sales to stay above 1 万亿元; fixed-asset investment and foreign trade to cross it.
# For each goal we simulate nominal levels year by year to 2030 — nominal growth = (1 + real growth)
# × (1 + deflator growth) − 1, both drawn from the region's own recent history in **one data vintage**
# (2011-2017 growth years excluded: the data-falsification episode and its correction), with the
# uncertainty of the estimated mean and spread carried into each path.
# The method is in `analysis.models.scenarios`; this notebook calls it and says what the numbers mean.

# %% papermill={"duration": 0.012342, "end_time": "2026-11-25T16:05:57.669356+00:00", "exception": false, "start_time": "2026-11-25T16:05:57.657014+00:00", "status": "completed"} tags=["parameters"]
region: str = "liaoning"  # region key (pinyin) of the report
year: int = 2024  # report year; start levels must be for year - 1 or later
seed: int = 20240123  # seed of the Monte Carlo
n_paths: int = 20000  # Monte Carlo paths per scenario
output_dir: str = "../figures"  # where the table and figure for the briefing are written

# %% papermill={"duration": 0.28069, "end_time": "2026-11-25T16:05:57.951812+00:00", "exception": false, "start_time": "2026-11-25T16:05:57.671122+00:00", "status": "completed"}
from pathlib import Path

import pandas as pd
from IPython.display import Image

from analysis import figures
from analysis.models import scenarios
from analysis.paths import report_path

end_year = 2030  # last simulated year (the horizon of the 万亿 goals discussed here)
out = Path(output_dir)
out.mkdir(parents=True, exist_ok=True)
report_text = report_path(region, year).read_text(encoding="utf-8")

# %% [markdown] papermill={"duration": 0.002233, "end_time": "2026-11-25T16:05:57.957007+00:00", "exception": false, "start_time": "2026-11-25T16:05:57.954774+00:00", "status": "completed"}
# ## The goals, as the report words them
# Every scenario carries the report's phrase; the check below confirms each phrase is in the text.

# %% papermill={"duration": 0.024906, "end_time": "2026-11-25T16:05:57.984161+00:00", "exception": false, "start_time": "2026-11-25T16:05:57.959255+00:00", "status": "completed"}
goals = pd.DataFrame({"scenario": [s.name for s in scenarios.SCENARIOS],
                      "goal": [s.goal for s in scenarios.SCENARIOS],
                      "in_report": [scenarios.report_has_goal(s.goal, report_text) for s in scenarios.SCENARIOS]})
goals

# %% [markdown] papermill={"duration": 0.002362, "end_time": "2026-11-25T16:05:57.989521+00:00", "exception": false, "start_time": "2026-11-25T16:05:57.987159+00:00", "status": "completed"}
# ## Crossing probabilities
# `p_cross` is the probability that the level has reached 1 万亿元 in some year up to the year shown
# (for a level already above it, 1); `p_above` that it is above in that year; `p_stay` that it never
# fell below from the start year on. The 2025 figures in the data are unverified secondary numbers
# (LOW CONFIDENCE) and are **not** used: the start levels are the latest verified ones.

# %% papermill={"duration": 0.445879, "end_time": "2026-11-25T16:05:58.437725+00:00", "exception": false, "start_time": "2026-11-25T16:05:57.991846+00:00", "status": "completed"}
table = scenarios.scenario_table(seed=seed, n_paths=n_paths, end_year=end_year, report_year=year)
tmp = out / "scenarios_crossing.csv.tmp"
table.to_csv(tmp, index=False, lineterminator="\n", float_format="%.6g")
tmp.replace(out / "scenarios_crossing.csv")
table.dropna(subset=["year"]).pivot(index="scenario", columns="year", values="p_cross").round(2)

# %% papermill={"duration": 0.024448, "end_time": "2026-11-25T16:05:58.465405+00:00", "exception": false, "start_time": "2026-11-25T16:05:58.440957+00:00", "status": "completed"}
table.dropna(subset=["year"]).pivot(index="scenario", columns="year", values="p_above").round(2)

# %% [markdown] papermill={"duration": 0.003151, "end_time": "2026-11-25T16:05:58.471831+00:00", "exception": false, "start_time": "2026-11-25T16:05:58.468680+00:00", "status": "completed"}
# ## Start levels, growth assumptions, and what could not be evaluated
# Growth rates are decimals (0.04 = 4 %); `*_sd` is the spread of annual log growth.
# A scenario whose data are missing or in another currency has NaN probabilities and a `status`
# saying why — nothing is filled in.

# %% papermill={"duration": 0.021069, "end_time": "2026-11-25T16:05:58.495764+00:00", "exception": false, "start_time": "2026-11-25T16:05:58.474695+00:00", "status": "completed"}
summary = table.drop_duplicates("scenario")[["scenario", "unit", "start_year", "start_value", "vintage",
                                              "history_vintage", "history_years", "n_obs", "real_mu",
                                              "real_sd", "defl_mu", "defl_sd", "corr", "status"]]
summary.round(3)

# %% [markdown] papermill={"duration": 0.006362, "end_time": "2026-11-25T16:05:58.504404+00:00", "exception": false, "start_time": "2026-11-25T16:05:58.498042+00:00", "status": "completed"}
# ## Fan charts
# Shaded: the 5-95 % and 25-75 % ranges of the simulated levels; line: the median; dots: observed
# levels; red line: 1 万亿元.

# %% papermill={"duration": 2.024557, "end_time": "2026-11-25T16:06:00.532291+00:00", "exception": false, "start_time": "2026-11-25T16:05:58.507734+00:00", "status": "completed"}
fan = scenarios.fan_data(seed=seed, n_paths=n_paths, end_year=end_year, report_year=year)
shown = fan[fan["scenario"].isin(table.loc[table["p_cross"].notna(), "scenario"])]
roles = figures.palette("roles")
fig, axes = figures.new_figure("辽宁“万亿”目标情景：名义水平与 1 万亿元线", unit="亿元", nrows=2, ncols=2,
                               figsize=(10, 7))
for ax, (name, g) in zip(axes.flat, shown.groupby("scenario", sort=False)):
    obs, proj = g[g["kind"] == "observed"], g[g["kind"] == "projection"]
    ax.fill_between(proj["year"], proj["q05"], proj["q95"], color=roles["projection"], alpha=0.2, lw=0)
    ax.fill_between(proj["year"], proj["q25"], proj["q75"], color=roles["projection"], alpha=0.35, lw=0)
    ax.plot(proj["year"], proj["q50"], color=roles["projection"], label="模拟中位数")
    ax.plot(obs["year"], obs["value"], "o-", color=roles["observed"], ms=3, label="实际")
    ax.axhline(scenarios.WANYI_IN_YIYUAN, color=roles["target"], lw=1, label="1万亿元")
    ax.set_title(name, fontsize=10)
axes.flat[0].legend(fontsize=8, loc="upper left")
figures.save_figure(fig, "scenarios_fan", out, sources=shown[["source_title"]].drop_duplicates(), data=shown)
Image(filename=str(out / "scenarios_fan.png"))

# %% [markdown] papermill={"duration": 0.003107, "end_time": "2026-11-25T16:06:00.538890+00:00", "exception": false, "start_time": "2026-11-25T16:06:00.535783+00:00", "status": "completed"}
# ## Does the model's uncertainty match its record? (rolling-origin backtest)
# From every past origin with at least four usable growth years the model is re-estimated on data up to
# the origin and simulated 1-3 years ahead, within each data vintage. Coverage should be near 0.8 and 0.9;
# `mean_p_cross` against `share_crossed` checks the threshold probabilities in the large
# (thresholds: multiples of 1000 亿元). Origins whose forecasts run through 2011-2017 are left out here.

# %% papermill={"duration": 0.433451, "end_time": "2026-11-25T16:06:00.975371+00:00", "exception": false, "start_time": "2026-11-25T16:06:00.541920+00:00", "status": "completed"}
backtest = scenarios.backtest(seed=seed)
scenarios.backtest_summary(backtest).round(2)

# %% [markdown] papermill={"duration": 0.008082, "end_time": "2026-11-25T16:06:00.993879+00:00", "exception": false, "start_time": "2026-11-25T16:06:00.985797+00:00", "status": "completed"}
# **Reading.** Intervals from a handful of years are too narrow in a boom (the mid-2000s, when growth
# kept accelerating), so coverage falls short of nominal at longer horizons: read the fans as a lower
# bound on the uncertainty. On the current (post-5th-census) vintage the few forecasts all fell inside.
