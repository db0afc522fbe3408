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
# # 20 · Track record: how have work-report targets fared?
#
# Every target with a number in the shipped target files, set against its outcome: Liaoning (every
# year with data), the national GDP target 2002-2026, and the provincial GDP-target panel.
#
# **Met** (the convention used everywhere in the suite): 以上, a bare number, 左右 and the low end of a
# range are floors on "higher is better" indicators (met when outcome ≥ target); 以内 and ceiling
# indicators (unemployment, CPI) are ceilings (outcome ≤ target). 左右 is also scored as a band:
# `in_band` when the outcome is within ±0.5 percentage points.
#
# **Outcomes** are first releases (announced the following January). Where none was found for GDP,
# the NBS database GDP index (上年=100) stands in — a later, revised vintage, marked `nbs_index`.
# **Liaoning 2011-2017** (inflated data admitted in January 2017, then squeezed out) is flagged and
# summarised separately. Misses are only ever averaged within one indicator and one unit (a grain
# miss in 万吨 never enters a mean of percentage-point misses). The methods live in
# `analysis.models.feasibility.track_record`.

# %% tags=["parameters"]
region: str = "liaoning"  # region key (pinyin) whose own record is shown in detail
snapshot: str = ""  # raw data snapshot; empty means the shipped data
output_dir: str = "../figures"  # where track_record_summary.csv and the figure are written

# %%
from IPython.display import Image, Markdown, display

from analysis import paths
from analysis.briefing.params import check_notebook
from analysis.figures import feasibility as charts
from analysis.models.feasibility import pipeline as fp
from analysis.models.feasibility import target_data
from analysis.models.feasibility.track_record import own_record_sentences, panel_of, yearly_summary
from analysis.vocabulary import REGION_NAMES

region = check_notebook(region=region, snapshot=snapshot)
pairs, summary = fp.track_record(snapshot=snapshot)
name = REGION_NAMES.get(region, region)
output_dir = paths.notebook_path(output_dir)  # relative to this notebook, wherever the kernel started
fp.write_csv(summary, output_dir, "track_record_summary.csv").name

# %% [markdown]
# ## GDP growth targets: hit rates and misses by panel and period
# `miss` = outcome − target in percentage points; `hit_rate` the share met; `band_rate` the share of
# 左右 targets landing within ±0.5 pp; `n_nbs_index` how many outcomes come from the revised index.

# %%
cols = ["panel", "period", "n", "n_met", "hit_rate", "band_rate", "mean_miss", "median_miss", "sd_miss",
        "q10_miss", "q90_miss", "n_nbs_index", "n_revision_period"]
summary[summary["key"] == "gdp_real_growth"][cols].round(2).reset_index(drop=True)

# %% [markdown]
# The national target was beaten by wide margins until 2011 (targets were floors set well below
# trend), then hugged from 2012 on. Provinces met roughly half of their GDP targets in the years
# covered, with the pandemic years 2020 and 2022 missed almost everywhere. Year by year (GDP, all
# panels; one row per panel and year):

# %%
by_year = yearly_summary(pairs)
by_year[(by_year["key"] == "gdp_real_growth") & (by_year["year"] >= 2012)][
    ["panel", "year", "unit", "n", "n_met", "hit_rate", "mean_miss", "median_miss"]].round(2).reset_index(drop=True)

# %% [markdown]
# How much of a miss is the year, how much the region? The misses split into a shock common to every
# region in a year (a slowdown, a pandemic, a rebound), a habit of the region (targets it sets too
# high or too low year after year) and the rest (Davies & Lahiri's decomposition of panel forecast
# errors; `analysis.models.feasibility.miss_components`). `share_year` is the common shock's share of
# the miss variance; periods with fewer than three years are left out.

# %%
from analysis.models.feasibility.miss_components import miss_variance_table

miss_variance_table(pairs, by_period=True).round(2)

# %%
charts.misses_chart(pairs, output_dir, title="GDP增长目标与实际: outcome − target",
                    sources=target_data.sources(snapshot=snapshot))
Image(filename=f"{output_dir}/track_record_misses.png")

# %% [markdown]
# ## The region's own record, every indicator
# Rows without an outcome are targets whose outcome was not found (they stay NaN, never filled).

# %%
own = pairs[pairs["region"] == region]
own[["year", "key", "target", "qualifier", "unit", "outcome", "outcome_basis", "miss", "met", "in_band",
     "revision_period"]].round(2).reset_index(drop=True)

# %% [markdown]
# The same by period, one row per indicator and unit (`mean_miss` in the indicator's own unit:
# pp for rates, 万吨 for grain, 万人 for jobs):

# %%
summary[summary["panel"] == panel_of(region)][
    ["key", "unit", "period", "n", "n_met", "hit_rate", "mean_miss"]].round(2).reset_index(drop=True)

# %% [markdown]
# In words, from the pairs above (Liaoning's revision years are flagged; a 左右 target missed by no
# more than half a point is "inside the band"):

# %%
display(Markdown(own_record_sentences(pairs, region, name=name)))
