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
# # 40 · Where growth comes from
#
# Real GDP growth split four ways: by **sector** (第一/第二/第三产业, NBS 拉动 and 贡献率), into **prices and
# volume** (the implicit deflator), into **people and output per head**, and against the **nation**
# (industry mix versus within-sector performance). A growth-accounting section builds a capital stock
# by the perpetual-inventory method and says which inputs are missing.
#
# Rules kept throughout: every year is computed within **one data vintage** (the `vintage` column says
# which); every table carries a **residual** against the published total, never forced to zero; the
# methods live in `analysis.models.decomposition` and `analysis.models.decomposition.accounting`.

# %% tags=["parameters"]
region: str = "liaoning"  # region key (pinyin)
year: int = 2024  # report year; the waterfall shows the year before it (the last full year reported)
start_year: int = 2001  # first year of the tables and charts
end_year: int = 2024  # last year of the tables and charts
output_dir: str = "../figures"  # where decomposition_sectors.csv, money_terms.csv and the figures are written

# %%
from IPython.display import Image

from analysis import paths
from analysis.briefing.params import check_notebook
from analysis.figures import decomposition as charts
from analysis.models.decomposition import accounting
from analysis.models import decomposition as dec
from analysis.tables import write_table
from analysis.vocabulary import REGION_NAMES

region = check_notebook(region=region, year=year, start_year=start_year, end_year=end_year)
name = REGION_NAMES.get(region, region)
waterfall_year = dec.waterfall_year(region, year)
out = output_dir = paths.notebook_path(output_dir)  # relative to this notebook, wherever the kernel started

# %% [markdown]
# ## Sector contributions (拉动, 百分点) and shares (贡献率, %)
# NBS values the increments at constant prices of a five-yearly base year (2000, 2005, ...); we follow
# that where the base-year levels are in the same vintage (`price_basis` "nbs base ...") and otherwise
# value them at the year's own prices, so that levels and growth rates come from one release. `share`
# is against the published growth (the residual gets its own share); `share_nbs` is the yearbook
# convention (the three sectors sum to 100). The method reproduces the Fujian Statistical Yearbook's
# published shares (see the tests).

# %%
sectors = dec.decompose(region, "sectors", start=start_year, end=end_year)
write_table(sectors, out, "decomposition_sectors.csv", float_format="%.4f")
dec.by_year(sectors, index=["year", "vintage"]).round(2)

# %%
charts.sectors_chart(sectors, out, title=f"{name}: 三次产业对GDP增长的拉动", sources=dec.sources_for(sectors, region))
waterfall = dec.waterfall_frame(region, waterfall_year)  # whatever start..end
charts.waterfall_chart(waterfall, waterfall_year, out, title=f"{name} {waterfall_year}: GDP增长的来源",
                       sources=dec.sources_for(waterfall, region, years=[waterfall_year]))
Image(filename=str(out / "decomposition_sectors.png"))

# %% [markdown]
# The dotted lines mark a change of vintage: NBS post-4th-census exports to 2019 (Liaoning's inflated
# 2011-2014 levels already revised down), first releases for 2021-2023, the post-5th-census export
# for 2024. 2020 is missing: no vintage has both the 2020 sector levels and growth rates.
#
# **How much the price basis matters** in the waterfall year: industrial prices fell in 2023, so
# valuing the increments at the previous year's prices gives industry more weight.

# %%
dec.by_year(dec.compare_price_bases(region, waterfall_year), index="price_basis").round(2)

# %%
Image(filename=str(out / "decomposition_waterfall.png"))

# %% [markdown]
# ## Against the nation: industry mix or within-sector performance?
# gap = Σ(w_region − w_nation)·g_nation (**mix**) + Σ w_region·(g_region − g_nation) (**within**) + residual,
# with previous-year nominal shares w and sector real growth g, both regions in the same vintage.

# %%
gap = dec.decompose(region, "shift-share", start=start_year, end=end_year)
charts.gap_chart(gap, out, title=f"{name} − 全国: 增长差距的分解", sources=dec.sources_for(gap, region))
dec.by_year(gap).round(2)

# %%
Image(filename=str(out / "decomposition_gap.png"))

# %% [markdown]
# ## Prices, people, and the 2011-2017 revision
# Nominal growth = real growth + implicit deflator + interaction; real growth = growth per head +
# population growth + interaction (average resident population). Liaoning's population shrinks, so
# output per head grows faster than output.

# %%
prices_people = dec.decompose_methods(region, ("deflator", "per-capita"), start=start_year, end=end_year)
write_table(dec.money_terms(prices_people), out, "money_terms.csv", float_format="%.4f")
dec.by_year(prices_people, columns=["method", "component"]).round(2)

# %% [markdown]
# The revision break: nominal GDP in each NBS vintage, 2009-2019 (the 2011-2017 episode and two years
# either side). `revision_nbs_post4` is how far the pre-2018 vintage lies above the revised one (%);
# growth is only ever computed within a column.

# %%
dec.revision_levels(region).round(1)

# %% [markdown]
# ## Growth accounting
# Capital by the perpetual-inventory method from 固定资本形成总额 (gfcf), put on the production basis
# through the investment rate (gfcf over the same export's expenditure-side GDP, times production-side
# GDP: the export revised the production side but not the expenditure side, which still carries the
# inflated 2011-2014 levels), deflated by the implicit GDP deflator (**no investment price index is
# in the data**), depreciation 9.6 % (Zhang Jun 2004/2008),
# initial stock K0 = I0/(g + δ) with g the mean real growth of the first five years (Harberger). Capital
# share α = 0.5. Provincial gfcf stops in 2017. **Total employment is not in the data for provinces**:
# labour and TFP are reported together; 城镇单位就业人员 is offered below only as a flagged proxy.

# %%
dec.by_year(dec.decompose(region, "accounting", start=start_year, end=end_year)).round(2)

# %% [markdown]
# Sensitivity: mean annual contributions (pp) over 2006-2017 (after the initial-stock years) for
# α ∈ {0.4, 0.5, 0.6} and δ ∈ {0.05, 0.096, 0.12}, with labour missing and with the urban-units proxy;
# and the nation, where total employment exists.

# %%
accounting.sensitivity_table(region, start=2006, reference="china").round(2)
