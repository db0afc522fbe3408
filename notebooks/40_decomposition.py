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
# # 40 · Where growth comes from
#
# Real GDP growth split four ways: by **sector** (第一/第二/第三产业, the NBS 拉动 and 贡献率), into
# **prices and volume** (the implicit GDP deflator), into **people and output per head**, and against
# the **nation** (industry mix against growth within sectors). A growth-accounting section builds a
# capital stock by the perpetual-inventory method and says which inputs the data lack.
#
# Every year is computed within **one vintage class** of the statistics (the `vintage` column: the
# latest NBS revision where it allows the calculation, older exports, then first releases), and every
# growth rate of a level within **one release**. Every table carries a **residual** against the
# published total, never forced to zero. The methods are `analysis.models.decomposition`; this notebook
# calls `run` and writes its tables through the table contract.

# %% tags=["parameters"]
region: str = "liaoning"  # region key (pinyin) of the work report
year: int = 2024  # year the report was delivered; the one-year view shows the year before it
start_year: int = 2000  # first year of the tables and charts
as_of: str = ""  # ISO date: only the years and vintages public by then; empty for every one in the data
output_dir: str = "../figures"  # folder the tables and figures are written to

# %%
from IPython.display import Image, Markdown, display

from analysis import contract, paths, vocabulary
from analysis.briefing.params import check_notebook
from analysis.corpus.as_of import parse_as_of
from analysis.figures import decomposition as charts
from analysis.models import decomposition as dec
from analysis.models.decomposition import summary

region = check_notebook(region=region, year=year, start_year=start_year, as_of=as_of)
name = vocabulary.REGION_NAMES[region]
out = paths.notebook_path(output_dir)  # relative to this notebook, wherever the kernel started
result = dec.run(region, year, {"start_year": start_year, "as_of": parse_as_of(as_of, region=region, year=year)})
for table_name, table in result.tables().items():
    contract.write(dec.TABLES[table_name], table, out)

# %% [markdown]
# ## Sector contributions (拉动, 百分点) and shares (贡献率, %)
#
# A sector's contribution is the increase of its value added at constant prices over last year's
# GDP: the percentage points of growth it accounts for. NBS values the increases at the prices of a
# five-yearly base year (2000, 2005, ...); where the base-year levels are not in the same vintage the
# year's own prices are used, so that levels and growth rates come from one release (`price_basis`
# says which). `share` is against the published growth, the residual taking its own share;
# `share_nbs` is the yearbook's convention, the three sectors summing to 100. The method reproduces
# the published shares of the Fujian Statistical Yearbook (see the tests). A dotted line in the chart
# marks a change of vintage class.

# %%
drawn = charts.sectors_chart(
    result.result("sectors"), out, title=f"{name}: 三次产业对GDP增长的拉动", sources=result.sources.get("sectors")
)
drawn += charts.waterfall_chart(
    result.waterfall,
    result.waterfall_year,
    out,
    title=f"{name} {result.waterfall_year}: GDP增长的来源",
    sources=result.sources.get("sectors"),
)
display(*[Image(filename=str(p)) for p in drawn if p.suffix == ".png"])
display(Markdown(summary.sectors(result)))
dec.by_year(result.result("sectors"), index=["year", "vintage"]).round(2)

# %% [markdown]
# **How much the price basis matters** in the one-year view: the same year valued at the base-year
# prices NBS uses, at the year's own prices and at the previous year's (`asked`; `price_basis` is the
# basis the data allowed). Where sector prices move apart, the weights, and so the contributions, differ.

# %%
dec.by_year(result.price_bases, index=["asked", "price_basis"]).round(2)

# %% [markdown]
# ## Against the nation: industry mix or growth within sectors?
#
# gap = Σ(w_region − w_nation)·g_nation (**mix**: the region's sector weights at the nation's sector
# growth) + Σ w_region·(g_region − g_nation) (**within**: the region's own growth in each sector) +
# residual (the two regions' aggregation residuals), with sector weights w and sector real growth g,
# both regions in the same vintage class.

# %%
drawn = charts.gap_chart(
    result.result("shift-share"), out, title=f"{name} − 全国: 增长差距的分解", sources=result.sources.get("shift-share")
)
display(*[Image(filename=str(p)) for p in drawn if p.suffix == ".png"])
display(Markdown(summary.gap(result)))
dec.by_year(result.result("shift-share")).round(2)

# %% [markdown]
# ## Prices and people
#
# Nominal growth = real growth + the implicit GDP deflator + their interaction; real growth = growth per
# head + population growth + their interaction (average resident population). Nominal growth divides
# two levels of **one release**: an NBS export holds both years, while a communiqué states only its own
# year's level, so its growth in money terms is computed only where an NBS export carries the
# communiqué's level and, with it, the level of the year before that the communiqué compared with.
# `release_prices` and `release_people` in the table name the releases.

# %%
display(Markdown(summary.money(result)))
result.money.drop(columns=["release_prices", "release_people"]).set_index("year").round(2)

# %% [markdown]
# **Revisions.** Nominal GDP in each NBS export side by side (亿元), with growth within each export
# (`growth_<class>`, %) and, where the pre-2018 export is in the data, how far it lies above a revised
# one (`revision_<class>`, %). Where a region's statistics were later found inflated and corrected (a
# data-revision episode, `data/raw/regions/revisions.csv`, with the report that says so), the table
# shows the episode and two years either side. Growth is only ever computed within a column.

# %%
display(Markdown(result.statements.get("revisions", "")))
result.revisions.round(1)

# %% [markdown]
# ## Growth accounting
#
# Capital by the perpetual-inventory method from gross fixed capital formation (固定资本形成总额), put
# on the production basis through the investment rate (over the same export's expenditure-side GDP)
# and deflated by the implicit GDP deflator (**no investment price index is in the data**);
# depreciation 9.6 % a year (Zhang Jun 2004, 2008); initial stock K0 = I0/(g + δ), g the mean real
# growth of the first five years (Harberger 1978); capital share α = 0.5. Where total employment
# (就业人员) is not in the data, labour and TFP are reported together as one residual.

# %%
display(Markdown(summary.accounting(result)))
dec.by_year(result.result("accounting")).round(2)

# %% [markdown]
# Sensitivity: mean annual contributions (pp) after the initial-stock years, for α ∈ {0.4, 0.5, 0.6}
# and δ ∈ {0.05, 0.096, 0.12}; with labour as the data have it, with 城镇单位就业人员 (urban units only)
# as a flagged proxy, and for the nation, where total employment exists.

# %%
result.sensitivity.round(2)
