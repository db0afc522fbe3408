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
#     display_name: Python (analysis)
#     language: python
#     name: analysis
# ---

# %% [markdown]
# # 35 · The "万亿" scenarios: when do the levels cross 1 万亿元?
#
# A work report may set multi-year goals in 万亿元 (1 万亿元 = 10000 亿元): a level to cross or to
# stay above (过万亿, 迈上…台阶, 巩固…万亿以上). They are read from the report of `region` and `year`
# (the default, Liaoning 2024: Shenyang and Dalian to pass 1 万亿元 of GDP, industrial value added and
# retail sales to stay above it, fixed-asset investment and foreign trade to cross it).
# For each goal we simulate nominal levels year by year to 2030 — nominal growth = (1 + real growth)
# × (1 + deflator growth) − 1, both drawn from the region's own recent history in **one data vintage**
# (for Liaoning the 2011-2017 growth years are excluded: the data-falsification episode and its
# correction), with the uncertainty of the estimated mean and spread carried into each path.
# The method is in `analysis.models.scenarios`; this notebook calls it and says what the numbers mean.

# %% tags=["parameters"]
region: str = "liaoning"  # region key (pinyin) of the report whose level goals are read
year: int = 2024  # report year; start levels must be for year - 1 or later
horizon_year: int = 2030  # last simulated year (the horizon of the 万亿 goals discussed here)
seed: int = 20240123  # seed of the Monte Carlo
n_paths: int = 20000  # Monte Carlo paths per scenario
output_dir: str = "../figures"  # where the table and figure for the briefing are written

# %%
from IPython.display import Image, display

from analysis import paths
from analysis.briefing.params import check_notebook
from analysis.figures.scenarios import fan_chart
from analysis.models import scenarios
from analysis.tables import write_table
from analysis.vocabulary import REGION_NAMES

region = check_notebook(region=region, year=year, horizon_year=horizon_year, seed=seed, n_paths=n_paths)
name = REGION_NAMES[scenarios.check_scenarios_region(region)]
out = output_dir = paths.notebook_path(output_dir)  # relative to this notebook, wherever the kernel started

# %% [markdown]
# ## The goals, as the report words them
# Every scenario carries the report's phrase; the check below confirms each phrase is in the text.

# %%
scenarios.goals_in_report(region, year)

# %% [markdown]
# ## Crossing probabilities
# `p_cross` is the probability that the level has reached 1 万亿元 in some year up to the year shown
# (for a level already above it, 1); `p_above` that it is above in that year; `p_stay` that it never
# fell below from the start year on. The 2025 figures in the data are unverified secondary numbers
# (LOW CONFIDENCE) and are **not** used: the start levels are the latest verified ones.
# The paths are simulated once; the table and the fan charts below read the same paths.

# %%
runs = scenarios.run_scenarios(seed=seed, n_paths=n_paths, end_year=horizon_year, region=region, report_year=year)
table = scenarios.crossing_table(runs)
write_table(table, out, "scenarios_crossing.csv")
scenarios.by_year(table, "p_cross").round(2)

# %%
scenarios.by_year(table, "p_above").round(2)
# %% [markdown]
# ## Every level goal of the report
# One row per goal and series, evaluated or not: an evaluated city goal says where its growth comes
# from; a goal that cannot be evaluated says why (no recent level, too little history, a currency
# the threshold is not in, or a count of 万亿级 industries that no series measures).
# %%
goals = scenarios.goal_list(table, scenarios.other_goals(region, year))
write_table(goals, out, "scenarios_goals.csv")
goals

# %% [markdown]
# ## Start levels, growth assumptions, and what could not be evaluated
# Growth rates are decimals (0.04 = 4 %); `*_sd` is the spread of annual log growth.
# A scenario whose data are missing or in another currency has NaN probabilities and a `status`
# saying why — nothing is filled in.

# %%
scenarios.assumptions(table).round(3)

# %% [markdown]
# ## Sensitivity: growth at its most recent pace
# The eight-year window mixes the pre-pandemic years, the pandemic and a deflator that has since
# fallen to about zero. The same simulation on the last three growth years only (a slower nominal
# pace, a wider parameter uncertainty from fewer years) shows how much the timing rests on that
# choice: compare each row with the table above.

# %%
recent = scenarios.scenario_table(seed=seed, n_paths=n_paths, end_year=horizon_year, region=region,
                                  report_year=year, window=3)
scenarios.assumptions(recent)[["scenario", "history_years", "real_mu", "defl_mu"]].round(3)

# %%
scenarios.by_year(recent, "p_cross").round(2)

# %% [markdown]
# ## Does the model's uncertainty match its record? (rolling-origin backtest)
# From every past origin with at least four usable growth years the model is re-estimated on data up to
# the origin and simulated 1-3 years ahead, within each data vintage. `mean_p_cross` against
# `share_crossed` checks the threshold probabilities in the large (thresholds: multiples of 1000 亿元).
# Origins whose forecasts run through 2011-2017 are left out here.

# %%
backtest = scenarios.backtest(seed=seed)
scenarios.backtest_summary(backtest).round(2)

# %% [markdown]
# The model's own 90 % bands are too narrow: a handful of years of growth understate how far levels
# drift (in the mid-2000s growth kept accelerating), so they cover far fewer than nine outcomes in
# ten. The fans below therefore use bands scaled by the backtest's own errors: the errors of every
# past forecast, in standard deviations of the simulated log level, give the band's ends at each
# horizon (a distribution-free, "split-conformal" band). `coverage_90` is the measured share of
# outcomes inside such a band when each forecast is judged by the band built from the others.

# %%
bands = scenarios.band_backtest(backtest)
bands.round(3)

# %% [markdown]
# ## Fan charts
# Shaded: the 90 % band scaled by the backtest errors (its measured coverage at one to three years
# in the legend; beyond three years the model's own band, coverage not measured) and the model's
# 25-75 % range; line: the median; dots: observed levels; red line: 1 万亿元. Only the scenarios with
# crossing probabilities are drawn.

# %%
fan = scenarios.calibrated_fan(scenarios.fan_data(runs, evaluable_only=True), bands)
if len(fan):
    fan_chart(fan, out, title=f"{name}“万亿”目标情景：名义水平与 1 万亿元线", threshold=scenarios.WANYI_IN_YIYUAN)
    display(Image(filename=str(out / "scenarios_fan.png")))
else:
    print(f"The {year} report of {name} sets no level goal that can be evaluated against a series: no fan chart.")
