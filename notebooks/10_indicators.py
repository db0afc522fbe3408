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
# # 10 · The report's targets, read, and its peers
#
# A work report states last year's results and this year's targets in running text. `analysis.report`
# reads a text (cleaning, the number and unit grammar, the parts of the report, the year of every
# number) and `analysis.corpus` reads every shipped report into one panel of targets and first-stated
# outcomes. This notebook shows the cleaning of the report's main-targets passage, the targets as read
# (the main expected targets, and those the report sets elsewhere in its plan), the region beside its
# peers of the same year (the nation and the 31 provinces; for a city, its province and the major
# cities), how last year's peers fared, and for the nation its budget and money.

# %% tags=["parameters"]
region: str = "liaoning"  # region key (pinyin) of the report
year: int = 2024  # the year the report sets targets for
as_of: str = ""  # ISO date: the GDP weights public by then; empty for the latest in the data
output_dir: str = "../figures"  # where the tables and the figure are written, relative to this notebook

# %%
import pandas as pd
from IPython.display import Image

from analysis import contract, paths
from analysis.briefing.params import check_notebook
from analysis.corpus import budget, outputs, peers
from analysis.corpus.as_of import parse_as_of
from analysis.corpus.build import load_panel
from analysis.figures.peers import peers_chart
from analysis.report.extract import headline_lines
from analysis.report.text import before_after, read_report
from analysis.vocabulary import BY_KEY, REGION_NAMES

region = check_notebook(region=region, year=year, as_of=as_of)
out = paths.notebook_path(output_dir)
panel = load_panel()
name = REGION_NAMES.get(region, region)
pd.set_option("display.width", 160)
pd.set_option("display.max_colwidth", 60)
report = panel.reports[(panel.reports["region"] == region) & (panel.reports["year"] == year)
                       & (panel.reports["kind"] == "report") & (panel.reports["status"] == "read")].iloc[0]
f"{report['file']}: read as the report of {report['year']} ({report['year_basis']}), delivered {report['delivered']}"

# %% [markdown]
# ## Cleaning: the original lines of the main-targets passage, and what the extractor reads
# Copies of reports break numbers from their units across lines, carry page footers, full-width digits
# and stray spaces; cleaning joins the lines and keeps for each character the line it came from.

# %%
raw = read_report(paths.RAW_REPORTS / report["path"])
try:
    first, last = headline_lines(raw)
    original, clean = before_after(raw, first, last)
    print(f"---- original lines {first}-{last} ----\n{original}\n---- clean ----\n{clean}")
except Exception as err:  # a report without a main-targets passage: say so, the rest still reads
    print(f"no main-targets passage to show: {err}")

# %% [markdown]
# ## The targets as read
# `headline`: in the main-expected-targets passage; otherwise set elsewhere in the plan (`place` names
# the part). Values in the suite's standard units are in the panel (grain in 万吨, money in 亿元).

# %%
t = panel.targets
mine = t[(t["region"] == region) & (t["year"] == year)]
read_as = pd.DataFrame({"key": mine["key"], "indicator": mine["key"].map(lambda k: BY_KEY[k].name),
                        "headline": mine["headline"], "place": mine["place"], "written": mine["written"],
                        "line": mine["line"], "text": mine["text"]}).reset_index(drop=True)
contract.write(outputs.REPORT, read_as, out)
read_as

# %% [markdown]
# Against last year's main targets: raised, cut, held, new or dropped.

# %%
changes = peers.target_changes(panel, region, year)
contract.write(outputs.CHANGES, changes, out)
changes

# %% [markdown]
# ## Beside its peers
# Every peer's target of the same year for the indicators most reports set: the region in red, the
# national target as a line and, on GDP, the provinces' targets averaged with their nominal GDP of the
# year before as weights (the newest NBS vintage per province, named below).

# %%
peer_rows = peers.peer_targets(panel, region, year)
weighted = peers.weighted_mean(peer_rows, year, parse_as_of(as_of, region=region, year=year))
contract.write(outputs.PEERS, peer_rows, out)
contract.write(outputs.WEIGHTED, weighted, out)
gdp_peers = peer_rows[peer_rows["key"] == "gdp_real_growth"]
if gdp_peers["region"].nunique() >= 5:
    peers_chart(peer_rows, out, region=region, weighted=weighted.iloc[0].to_dict(),
                title=f"{name} {year}: targets beside those of its peers")
    display(Image(filename=str(out / "peers_targets.png")))
weighted

# %% [markdown]
# ## How last year's peers fared
# Last year's GDP-growth targets of the peers against the outcomes their reports of this year state.

# %%
scored = peers.peer_outcomes(panel, region, year)
contract.write(outputs.OUTCOMES, scored, out)
f"{int(scored['met'].sum())} of {len(scored)} met; median gap {scored['gap'].median():+.1f} pp" if len(scored) else \
    "no peer states last year's GDP growth"

# %% [markdown]
# ## The nation's budget and money
# For the national report: the deficit, the bonds, the new debt in all and the stances of fiscal and
# monetary policy, with the previous year's beside them (an empty table for any other region).

# %%
package = budget.national_budget(year) if region == "china" else pd.DataFrame(columns=budget.COLUMNS)
contract.write(outputs.BUDGET, package, out)
package
