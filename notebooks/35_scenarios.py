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
# # 35 · The "万亿" goals: will the levels a report sets be reached?
#
# A work report may set a money level to reach or to hold by a given year: Shenyang and Dalian to pass
# 1 万亿元 of GDP (过万亿), industrial value added and retail sales to stay above it (巩固…万亿以上),
# a province's GDP to reach 3 万亿元 (迈上…台阶). The goals are those of the report of `region` and
# `year`, as the corpus reads them: the level, its year, the series and the region it is about (a city
# the provincial report names is judged on its own levels). For each goal the nominal level is
# simulated year by year from the latest official level before the goal's year — the NBS series, a
# statistical first release, or the level the region's own work report states — with nominal growth =
# (1 + real growth) × (1 + price growth) − 1, both drawn from the region's own recent history in one
# data vintage, or, where it has no series (a city), from the growth its own work reports state, priced
# with its province's GDP deflator. Each path carries the uncertainty of the estimated mean and spread.
# The growth years of a data-revision episode (Liaoning 2011-2017) are left out.

# %% tags=["parameters"]
region: str = "liaoning"  # region key (pinyin) of the report whose level goals are read
year: int = 2024  # year of the report
horizon_year: int = 2030  # last simulated year; each goal's own year is always simulated
seed: int = 20240123  # seed of the Monte Carlo and of its backtest
n_paths: int = 20000  # Monte Carlo paths per goal
as_of: str = ""  # ISO date: only the levels published by then start the paths; empty for every level
output_dir: str = "../figures"  # folder of the tables and the figure the briefing reads

# %%
from IPython.display import Image, Markdown, display

from analysis import contract, paths
from analysis.briefing.params import check_notebook
from analysis.corpus.as_of import parse_as_of
from analysis.figures.scenarios import clear_fan, fan_chart
from analysis.models.scenarios import BANDS, CROSSING, FAN, GOALS, Params, run
from analysis.models.scenarios.outputs import by_year, coverage_sentence
from analysis.vocabulary import REGION_NAMES

region = check_notebook(region=region, year=year, horizon_year=horizon_year, seed=seed, n_paths=n_paths, as_of=as_of)
out = paths.notebook_path(output_dir)  # relative to this notebook, wherever the kernel started
known_by = parse_as_of(as_of, region=region, year=year)
result = run(region, year, Params(seed=seed, n_paths=n_paths, horizon_year=horizon_year, as_of=known_by))
for spec, frame in ((GOALS, result.goals), (CROSSING, result.crossing), (FAN, result.fan), (BANDS, result.bands)):
    contract.write(spec, frame, out)

# %% [markdown]
# ## Every level goal of the report
# One row per goal and series. An evaluated goal gives its start level (year, value, source), where its
# growth comes from and `p_goal`, the probability that it is met in its year. A goal that cannot be
# evaluated says why: no official level for the year before the report or later, too few years of
# growth, a currency the threshold is not in, or a count of 万亿级 industries that no series measures.

# %%
if len(result.goals):
    display(result.goals[["goal", "region", "indicator", "threshold", "threshold_unit", "goal_year", "start_year",
                          "start_value", "start_source", "p_goal", "reason"]].round(3))
else:
    print(f"The {year} report of {REGION_NAMES[region]} sets no level goal (过万亿, 迈上…台阶, 万亿级): nothing to simulate.")

# %% [markdown]
# ## Probability by year
# For a level below its threshold at the start, the probability that it has reached the threshold in
# some year up to the one shown (`p_cross`); for a level already above it, that it has stayed above in
# every year from the start (`p_stay`). The growth assumptions behind each row follow: rates in
# decimals (0.04 = 4 %), `*_sd` the spread of annual log growth.

# %%
simulated = result.crossing.dropna(subset=["year"])
if len(simulated):
    display(by_year(simulated).round(2))
    display(simulated.drop_duplicates("scenario")[["scenario", "start_year", "start_value", "vintage",
            "history_vintage", "history_years", "real_mu", "real_sd", "defl_mu", "defl_sd", "corr"]].round(3))
elif len(result.goals):
    print("No goal of this report can be set against a recent level and a growth history: no probabilities.")

# %% [markdown]
# ## The bands and their measured coverage
# A handful of years of growth understates how far levels drift, so the model's own 90 % band covers
# too few outcomes, and fewer the further ahead. The band drawn is therefore calibrated on the model's
# past errors: from every origin of every province's and the nation's level series (each vintage
# apart), the model was re-estimated on the data up to that year and its forecast one to three years
# ahead compared with the outcome, in standard deviations of the simulated log level. Per series and
# horizon the spread of these errors gives a distribution-free (split-conformal) band; the band drawn is
# the wider of it and the model's own, never narrowing with the horizon, and beyond three years it keeps
# the three-year ends on the model's growing spread (coverage not measured there). The simulated paths
# are stretched about their median to that band, so the probabilities above and the fans below read the
# same distribution. The coverage is measured on each region's forecasts with the band built from the
# other regions' errors:

# %%
if len(result.bands):  # the backtest runs when a goal is simulated
    display(Markdown(coverage_sentence(result.bands)))
    display(result.bands.round(3))

# %% [markdown]
# ## Fan charts
# Shaded: the calibrated 90 % band (its measured coverage at one to three years in the legend) and the
# 25-75 % range; dashed: the model's own 5-95 % band; line: the median; dots: observed levels, one line
# per statistical vintage; red line: the goal's level; dotted: the goal's year.

# %%
if len(result.fan):
    fan_chart(result.fan, out, title=f"{REGION_NAMES[region]}{year}年政府工作报告的水平目标：模拟名义水平")
    display(Image(filename=str(out / "scenarios_fan.png")))
else:
    clear_fan(out)
    if len(result.goals):
        print("No fan chart: no goal of this report could be simulated (the reasons are in the goals table).")
