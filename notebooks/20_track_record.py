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
# # 20 · Track record: how has this region fared against its targets?
#
# From the corpus panel: every target with a number that the region set, against the outcome its
# next report first stated, per indicator; its pool (the provinces with the nation, or the cities)
# and the nation beside it as context. **Met**: a floor (以上, a bare number, 左右, the low end of a
# range) when the outcome reaches it; a ceiling (以内; CPI, unemployment) when the outcome stays within
# it. Outcomes are as first stated (preliminary, before the statistical communiqué and later revisions);
# a region's data-revision years (Liaoning 2011-2017, Inner Mongolia 2016-2017) are cases like any
# other: the record is what the governments said.

# %% tags=["parameters"]
region: str = "liaoning"  # region key (pinyin) whose record is shown
year: int = 2024  # the record of the years before this one, and last year's scorecard
output_dir: str = "../figures"  # where the tables and the figure are written, relative to this notebook

# %%
from IPython.display import Image

from analysis import contract, paths
from analysis.briefing.params import check_notebook
from analysis.figures import odds as charts
from analysis.models.feasibility import outputs, run
from analysis.vocabulary import REGION_NAMES

region = check_notebook(region=region, year=year)
out = paths.notebook_path(output_dir)
result = run(region, year)
name = REGION_NAMES.get(region, region)
for spec in (outputs.RECORD, outputs.YEARLY, outputs.SCORECARD):
    contract.write(spec, result[spec.name], out)
f"{name}: record before {year}, pool {result.pool}"

# %% [markdown]
# ## Per indicator: the region, its pool, the nation
# `region_met` of `region_n` targets met; `region_missed` the years missed.

# %%
result["track_record"]

# %% [markdown]
# ## GDP growth targets met, year by year
# The share of the pool's GDP targets met drops from nearly all before 2013 to about half after; 2020
# and 2022 were missed almost everywhere, 2021 met almost everywhere.

# %%
charts.record_chart(result["track_record_yearly"], out, title=f"{name}: GDP growth targets met, by year",
                    sources=result.sources, pool=result.pool)
Image(filename=str(out / "track_record_gdp.png"))

# %% [markdown]
# ## Last year's scorecard
# Last year's targets against the outcomes this report states: met as written, and, for a target in %,
# whether the outcome lies within ±0.5 pp of it. A target 'about' (左右) on a ceiling such as CPI that the
# outcome undershoots by more than half a point is below the ceiling but not on target.

# %%
result["scorecard_last_year"]
