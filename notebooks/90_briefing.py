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

# %% [markdown] tags=["remove-cell"]
# # The briefing
#
# This notebook lays out the page from the tables and figures the phase notebooks wrote (10 the report
# and its peers, 20 the track record, 30 the odds, 35 the 万亿 goals, 40 where growth comes from); it
# computes nothing. Its executed copy, without code and without this cell (tag `remove-cell`), is the HTML
# briefing.

# %% tags=["parameters"]
region: str = "liaoning"  # region key (pinyin) of the report
year: int = 2024  # the year the report sets targets for
as_of: str = ""  # ISO date of the in-year update, empty for none (the same as 30_feasibility's)
output_dir: str = "../figures"  # folder where the phase notebooks wrote their tables and figures

# %%
from IPython.display import HTML, Markdown, display

from analysis import paths
from analysis.briefing.page import (
    appendix,
    bottom_line,
    budget,
    common,
    growth,
    in_year,
    levels,
    peers,
    record,
    scorecard,
    style,
    targets,
)
from analysis.briefing.page import sources as page_sources
from analysis.briefing.params import check_notebook
from analysis.corpus.as_of import parse_as_of
from analysis.corpus.build import load_panel
from analysis.corpus.peers import peers_missed_in_words
from analysis.models.feasibility.run import turned_out
from analysis.vocabulary import BY_REGION, region_level

region = check_notebook(region=region, year=year, as_of=as_of)
out = paths.notebook_path(output_dir)
panel = load_panel()
info = BY_REGION[region]
name = f"{info.name} {info.name_en}"
kind = "cities" if region_level(region) == "city" else "provinces"
odds = common.read("feasibility_targets", out)
card = common.read("scorecard_last_year", out)
changes = common.read("target_changes", out)
peer_rows = common.read("peers_targets", out)
weighted = common.read("peers_weighted", out)
peer_outcomes = common.read("peers_outcomes", out)
track = common.read("track_record", out)
year_so_far = common.read("feasibility_in_year", out)
skill = common.read("feasibility_skill", out)
calibration = common.read("feasibility_calibration", out)
package = common.read("national_budget", out)
level_goals = common.read("scenarios_goals", out)
bands = common.read("scenarios_bands", out)
money = common.read("money_terms", out)
sectors = common.read("decomposition_sectors", out)
gap = common.read("decomposition_gap", out)
report = panel.reports[(panel.reports["region"] == region) & (panel.reports["year"] == year)
                       & (panel.reports["kind"] == "report") & (panel.reports["status"] == "read")].iloc[0]
display(HTML(style.STYLE))
display(Markdown(f"# {name} · {year}年政府工作报告 · the targets, read with numbers"))
delivered = f"delivered {report['delivered']}" if report["delivered"] else "no delivery date in the text"
texts = panel.reports[(panel.reports["kind"] == "report") & (panel.reports["status"] == "read")]
seen = in_year.header_words(year_so_far, as_of)
display(Markdown(f"*The work report of {year} ({delivered}); the record and peers from {len(texts):,} work "
                 f"reports of the nation, the provinces and the major cities.{seen}*"))
display(Markdown(page_sources.cutoff_line(paths.RAW_REPORTS / report["path"], year_so_far)))

# %% [markdown]
# ## Bottom line

# %%
later = turned_out(panel, region, year, parse_as_of(as_of, region=region, year=year))
display(HTML(bottom_line.bottom_line(targets=odds, changes=changes, weighted=weighted, card=card, record=track,
                                     outcomes=peer_outcomes, in_year=year_so_far, name=name, kind=kind, year=year,
                                     region=region, later=later, calibration=calibration, budget=package)))

# %% [markdown]
# ## The targets and their odds

# %%
display(Markdown(targets.method_words(odds) + targets.calibration_caveat(calibration)))
display(HTML(targets.table(odds)))
display(HTML(common.figure(out, "feasibility_odds", f"Odds that each target of {name} {year} is met",
                           "Figure 1. The headline odds of each target (dot), the range across the methods (bar) "
                           "and the base rate (ring); the call at the right. Sources [1], [2].")))

# %% [markdown]
# ## Last year's scorecard

# %%
display(Markdown(scorecard.line(card, year)))
display(HTML(scorecard.table(card)))

# %% [markdown]
# ## Beside its peers

# %%
display(Markdown(peers.sentence(peer_rows, weighted, peer_outcomes, region, year,
                                peers_missed_in_words(panel, region, year))))
display(HTML(common.figure(out, "peers_targets", f"{name} {year}: targets beside those of its peers",
                           peers.caption(region, weighted))))

# %% [markdown]
# ## Track record

# %%
display(Markdown(record.sentence(track, name)))
display(HTML(record.table(track, kind)))
display(HTML(common.figure(out, "track_record_gdp", f"{name}: GDP growth targets met, by year",
                           record.figure_caption(kind))))

# %% [markdown]
# ## The year so far

# %%
display(Markdown(in_year.text(year_so_far, region, year, as_of)))

# %% [markdown]
# ## The 万亿 goals

# %%
display(Markdown(levels.sentence(level_goals, bands, year)))
display(HTML(levels.table(level_goals)))
if level_goals["evaluated"].astype(bool).any():
    display(HTML(common.figure(out, "scenarios_fan", f"Simulated levels of the goals of {name} {year}",
                               "Figure 4. Simulated nominal level of each evaluated goal: median (line), the "
                               "calibrated 90% band and the 25-75% range (shaded), the model's own band (dashed), "
                               "the goal (red). Sources [3] and after.")))

# %% [markdown]
# ## Where growth came from

# %%
display(Markdown(growth.money_line(money, year, panel.outcomes_stated, region)))
display(HTML(growth.sectors_table(sectors, year, panel.outcomes_stated, region)))
display(Markdown(growth.gap_line(gap, year)))
if len(sectors):
    display(HTML(common.figure(out, "decomposition_waterfall", f"{name}: where GDP growth came from",
                               "Figure 5. The latest year's growth by sector (percentage points), with the "
                               "aggregation residual. Sources [3] and after.")))

# %% [markdown]
# ## The nation's budget and money

# %%
if region == "china":
    display(HTML(budget.table(package, year)))
else:
    display(Markdown("Set in the State Council's report only (see the briefing of 全国 China)."))

# %% [markdown]
# ## Appendix: how good are the odds

# %%
display(Markdown(appendix.skill_words(skill, calibration)))
display(HTML(appendix.skill_table(skill)))
display(HTML(common.figure(out, "feasibility_reliability", "Reliability of the headline odds",
                           "Figure 6. Mean forecast against the share of targets met, one point per bin (hollow: "
                           "fewer than 30 cases), the diagonal and a band of ±0.05. Source [2].")))

# %% [markdown]
# ## Sources

# %%
display(HTML(page_sources.html(page_sources.sources(out, paths.RAW_REPORTS / report["path"], panel.reports))))
