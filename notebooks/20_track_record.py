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

# %% [markdown] papermill={"duration": 0.001954, "end_time": "2026-11-25T16:14:45.181433+00:00", "exception": false, "start_time": "2026-11-25T16:14:45.179479+00:00", "status": "completed"}
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
# summarised separately. The methods live in `analysis.models.track_record`.

# %% papermill={"duration": 0.042805, "end_time": "2026-11-25T16:14:45.226368+00:00", "exception": false, "start_time": "2026-11-25T16:14:45.183563+00:00", "status": "completed"} tags=["parameters"]
region: str = "liaoning"  # region key (pinyin) whose own record is shown in detail
snapshot: str = ""  # raw data snapshot ("" = shipped data)
output_dir: str = "../figures"  # where track_record_summary.csv and the figure are written

# %% papermill={"duration": 1.057821, "end_time": "2026-11-25T16:14:46.287877+00:00", "exception": false, "start_time": "2026-11-25T16:14:45.230056+00:00", "status": "completed"}
from IPython.display import Image

from analysis.figures import feasibility as charts
from analysis.models import feasibility_pipeline as fp
from analysis.models import target_data
from analysis.vocabulary import REGION_NAMES

pairs, summary = fp.track_record(snapshot=snapshot or None)
name = REGION_NAMES.get(region, region)
fp.write_csv(summary, output_dir, "track_record_summary.csv")

# %% [markdown] papermill={"duration": 0.001407, "end_time": "2026-11-25T16:14:46.291232+00:00", "exception": false, "start_time": "2026-11-25T16:14:46.289825+00:00", "status": "completed"}
# ## GDP growth targets: hit rates and misses by panel and period
# `miss` = outcome − target in percentage points; `hit_rate` the share met; `band_rate` the share of
# 左右 targets landing within ±0.5 pp; `n_nbs_index` how many outcomes come from the revised index.

# %% papermill={"duration": 0.023471, "end_time": "2026-11-25T16:14:46.319847+00:00", "exception": false, "start_time": "2026-11-25T16:14:46.296376+00:00", "status": "completed"}
cols = ["panel", "period", "n", "n_met", "hit_rate", "band_rate", "mean_miss", "median_miss", "sd_miss",
        "q10_miss", "q90_miss", "n_nbs_index", "n_revision_period"]
summary[summary["key"] == "gdp_real_growth"][cols].round(2).reset_index(drop=True)

# %% [markdown] papermill={"duration": 0.001541, "end_time": "2026-11-25T16:14:46.323319+00:00", "exception": false, "start_time": "2026-11-25T16:14:46.321778+00:00", "status": "completed"}
# The national target was beaten by wide margins until 2011 (targets were floors set well below
# trend), then hugged from 2012 on. Provinces met roughly half of their GDP targets in the years
# covered, with the pandemic years 2020 and 2022 missed almost everywhere.

# %% papermill={"duration": 1.236559, "end_time": "2026-11-25T16:14:47.564949+00:00", "exception": false, "start_time": "2026-11-25T16:14:46.328390+00:00", "status": "completed"}
charts.misses_chart(pairs, output_dir, title="GDP增长目标与实际: outcome − target",
                    sources=target_data.sources(snapshot=snapshot or None))
Image(filename=f"{output_dir}/track_record_misses.png")

# %% [markdown] papermill={"duration": 0.004988, "end_time": "2026-11-25T16:14:47.572616+00:00", "exception": false, "start_time": "2026-11-25T16:14:47.567628+00:00", "status": "completed"}
# ## The region's own record, every indicator
# Rows without an outcome are targets whose outcome was not found (they stay NaN, never filled).

# %% papermill={"duration": 0.020702, "end_time": "2026-11-25T16:14:47.597183+00:00", "exception": false, "start_time": "2026-11-25T16:14:47.576481+00:00", "status": "completed"}
own = pairs[pairs["region"] == region]
own[["year", "key", "target", "qualifier", "unit", "outcome", "outcome_basis", "miss", "met", "in_band",
     "revision_period"]].round(2).reset_index(drop=True)

# %% papermill={"duration": 0.03163, "end_time": "2026-11-25T16:14:47.631572+00:00", "exception": false, "start_time": "2026-11-25T16:14:47.599942+00:00", "status": "completed"}
summary[summary["panel"] == ("liaoning" if region == "liaoning" else "provinces")][
    ["key", "period", "n", "n_met", "hit_rate", "mean_miss"]].round(2).reset_index(drop=True)

# %% [markdown] papermill={"duration": 0.010269, "end_time": "2026-11-25T16:14:47.644809+00:00", "exception": false, "start_time": "2026-11-25T16:14:47.634540+00:00", "status": "completed"}
# For Liaoning the history is thin: GDP targets with outcomes exist for 2015 and 2017 (revision years,
# missed by 3.0 and 2.3 pp), 2021 (missed, 5.8 against 6以上), 2023 (met, 5.3 against 5以上),
# 2024 (missed, 5.1 against 5.5左右 — inside the ±0.5 pp band) and 2025 (missed, 3.7 against 5以上).
# Other indicators have one or two years each, so the probabilities in notebook 30 lean on pooled
# histories and say so.
