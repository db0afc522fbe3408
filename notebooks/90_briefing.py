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
# # 政府工作报告，用数字读 · The briefing
#
# What the work report promised for the year, how likely each headline target is to be met, how
# such targets fared in the past, and where growth came from. Sources are listed at the end.

# %% tags=["parameters"]
region: str = "liaoning"  # region key (pinyin) of the work report
year: int = 2024  # year the work report was delivered; its targets are for this year
output_dir: str = "../figures"  # folder where the phase notebooks wrote their tables and figures

# %%
from IPython.display import HTML, Image, Markdown, display

from analysis import paths, vocabulary
from analysis.briefing import content
from analysis.briefing.params import check_notebook

region = check_notebook(region=region, year=year)
content.reader_display()  # tables in full: no cell cut off with "..."
region_name = vocabulary.REGION_NAMES[region]
output_dir = paths.notebook_path(output_dir)  # relative to this notebook, wherever the kernel started
feasibility = content.read_table(output_dir, "feasibility_headline.csv")
rule = content.read_table(output_dir, "feasibility_rule.csv")
indicators = content.read_table(output_dir, "indicators_headline.csv")
track_record = content.read_table(output_dir, "track_record_summary.csv")
scenarios = content.read_table(output_dir, "scenarios_crossing.csv")
goals = content.read_table(output_dir, "scenarios_goals.csv")
decomposition = content.read_table(output_dir, "decomposition_sectors.csv")
peers = content.read_table(output_dir, "peers_targets.csv")
weighted = content.read_table(output_dir, "peers_weighted.csv").iloc[0].to_dict()
peer_outcomes = content.read_table(output_dir, "peers_outcomes.csv")
card = content.read_table(output_dir, "scorecard_last_year.csv")
money = content.read_table(output_dir, "money_terms.csv")
cited = content.sources(output_dir, region=region, year=year)  # numbered: the figures cite them
display(Markdown(f"## {region_name} · {year} 年政府工作报告 · 主要预期目标"))
in_year = content.read_table(output_dir, "feasibility_in_year.csv")
display(Markdown(content.cutoff_line(in_year)))

# %% [markdown]
# ## In brief

# %%
display(Markdown(content.summary(feasibility, peers, weighted, peer_outcomes, region=region, year=year, card=card)))
if len(card):
    display(content.scorecard_table(card))
display(Markdown(content.reading_facts(feasibility, money, in_year, year=year)))

# %% [markdown]
# ## Beside its peers
#
# Each province's target of the same year, the region in red, the national target as a line and, for
# GDP, the provinces' targets averaged with their GDP as weights (dashed).

# %%
display(Markdown(content.peers_sentence(peers, region)))
if content.optional_figure(output_dir, "peers_targets", "Fewer than five regions' targets of this year are in "
                           "the corpus: no peers chart."):
    display(Markdown(content.figure_caption(cited, "peers_targets", 1)))
northeast = content.northeast_table(peers, peer_outcomes, region, year)
if northeast is not None:
    display(Markdown(content.northeast_sentence(peers, region, year)))
    display(content.text_table(northeast, "northeast"))

# %% [markdown]
# ## Headline: each target and the probability it is met
#
# 达成概率 is the probability that the year's outcome meets the target, with its interval: 以上, a
# bare number and 左右 are read as floors (met when the outcome is at least the number), 以内 and
# the unemployment and CPI targets as ceilings; whether a 左右 outcome fell within ±0.5 points is
# shown beside it. 方法 says how it was estimated. 实际 and 是否达成 are filled where the outcome is published; "—" marks
# what is not known, never a guess. Targets worded without a number (与经济增长基本同步,
# 完成国家下达任务) get no probability.

# %%
display(Markdown(content.headline_summary(feasibility)))
display(Markdown(content.headline_caveat(rule)))
content.text_table(content.headline_table(feasibility), "headline", nowrap=("目标", "达成概率", "实际"))

# %%
display(Image(filename=content.figure_path(output_dir, "feasibility_probabilities")))
display(Markdown(content.figure_caption(cited, "feasibility_probabilities", 2)))

# %% [markdown]
# ## In the year so far
#
# What the quarters already published say: the growth the rest of the year must reach for the
# target, and the probability updated with it.

# %%
display(Markdown(content.in_year_text(in_year)))

# %% [markdown]
# ## What the report says
#
# The headline targets in the report's own words, as extracted from its text (主要预期目标).

# %%
content.report_wording(indicators)

# %% [markdown]
# ## Track record: how often such targets were met
#
# Past targets set against the outcomes later published, every year with data (the year of this
# report included once its outcome is out). A high hit rate says targets were set within reach; the
# misses (outcome − target, in the indicator's unit) show which indicators tend to fall short. The
# last column counts Liaoning's 2011-2017 data-revision years among them.

# %%
display(content.track_record_table(track_record))
display(Image(filename=content.figure_path(output_dir, "track_record_misses")))
display(Markdown(content.figure_caption(cited, "track_record_misses", 3)))

# %% [markdown]
# ## The 万亿 goals: when do the levels cross 1 万亿元?
#
# Every level goal of the report comes first, each with the series it is set against and its latest
# level; a goal that cannot be evaluated says why. For the evaluated ones, the probability (%) that
# the goal is met by the year shown, from simulated nominal growth: for a level below 1 万亿元, that
# it has crossed the line [跨过]; for a level already above it (巩固...万亿以上), that it has stayed
# above in every year so far [保持]. Where the report words a goal as staying above but the data
# level is below the line, the row says so. The fan's 90 % band is widened to the errors of the
# model's own past forecasts; its legend gives the share of past outcomes it held at one to three
# years ahead. Observed levels of different statistical vintages are not joined by a line.

# %%
if len(goals):
    display(content.text_table(content.goals_table(goals), "goals", nowrap=("序列", "门槛", "最新水平", "评估")))
else:
    display(Markdown("The report sets no level goal (过万亿, 迈上…台阶, 万亿级)."))
if len(scenarios.dropna(subset=["year"])):
    display(content.crossing_table(scenarios))
if content.optional_figure(output_dir, "scenarios_fan", "No goal of this report can be set against a series "
                           "of its own (the reasons are in the table above): nothing to simulate."):
    fan = content.read_table(output_dir, "scenarios_fan.csv")
    display(Markdown(content.figure_caption(cited, "scenarios_fan", 4, content.band_note(fan))))

# %% [markdown]
# ## Where growth comes from
#
# Contributions (拉动) of the primary, secondary and tertiary sectors to real growth, in
# percentage points (百分点), each year in the price basis its data allow (price basis: the NBS
# base-year prices, or current-year prices where one vintage has no base-year levels; at
# previous-year prices the shares, and so the contributions, would differ when sector prices
# diverge). The second chart splits the gap between the region's growth and the
# nation's into industry **mix** (the region's sector weights against the nation's),
# **within**-sector performance and a residual (what neither explains: interaction and rounding,
# large relative to a small gap).

# %%
display(content.sector_table(decomposition))
display(Image(filename=content.figure_path(output_dir, "decomposition_sectors")))
display(Markdown(content.figure_caption(cited, "decomposition_sectors", 5)))

# %%
display(Image(filename=content.figure_path(output_dir, "decomposition_gap")))
display(Markdown(content.figure_caption(cited, "decomposition_gap", 6)))

# %% [markdown]
# ## Growth in money terms and per head
#
# Targets are set in real terms; revenue, wages and debt ratios move with nominal GDP. Nominal growth
# is real growth compounded with the GDP deflator (the implicit price index: nominal over real GDP),
# and real growth is growth per head compounded with population growth (average resident
# population). Each pair of columns comes from one statistical release, named beside it; growth is
# never computed across two releases, and a first release of the year after an economic census
# (2019, 2024) is left out because its level stands on the revised basis and the year before's does not.

# %%
display(Markdown(content.money_text(money, region_name=region_name, year=year)))
if len(money):
    display(content.money_table(money, year=year))

# %% [markdown]
# ## Sources
#
# Built from the provenance that travels with the data: the source named on every row of the tables
# behind this briefing, and the provenance file of each raw table and of the report text (a repost
# is labelled as one, with the outlet whose text it carries). The figures cite these by number;
# "every section" marks the public tables all the statistics are built from.

# %%
HTML(content.sources_html(cited))
