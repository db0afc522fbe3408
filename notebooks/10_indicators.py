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
# # 10 · Indicators: every number of the work report as data
#
# A government work report states a province's results for last year and its targets for this
# year in running text. `analysis.report` reads the text, cleans it, and returns every
# quantitative statement as a row: what (indicator phrase and vocabulary key), how much (value
# and unit as written, and in standard units), how it is qualified (左右, 以上, 以内, 下降...),
# whether it is a result, a target or context, for which year, and the line of the file it
# comes from. This notebook shows the cleaning, the table and the headline targets, and writes
# the two tables the briefing reads.

# %% tags=["parameters"]
report_path: str = ""  # path of the report text, relative to this notebook; empty means the shipped report of region and year
region: str = "liaoning"  # region key (pinyin) of the report
year: int = 2024  # year the report was delivered
output_dir: str = "../figures"  # where indicators_all.csv and indicators_headline.csv are written

# %%
from pathlib import Path

import pandas as pd

from analysis import paths
from analysis.briefing.params import check_notebook
from analysis.report import HEADLINE_COLUMNS, extract_report, headline_lines, headline_targets, save_tables
from analysis.report.text import before_after, read_report
from IPython.display import Image, display

region = check_notebook(region=region, year=year, report_path=report_path)
source = paths.notebook_path(report_path) if report_path else paths.report_path(region, year)
output_dir = paths.notebook_path(output_dir)  # relative to this notebook, wherever the kernel started
raw_text = read_report(source)
pd.set_option("display.width", 160)
pd.set_option("display.max_colwidth", 40)

# %% [markdown]
# ## Cleaning: what the raw text looks like, and what the extractor reads
# The report was copied from a PDF: every printed line is a line of the file with a blank line
# after it, numbers are broken from their units (`46 万` / `人`), and the copying site's footer
# stands in the middle of the paragraph of main targets. Cleaning converts full-width digits,
# drops stray spaces, drops page furniture (footers, page numbers) and joins the lines, keeping
# for each character the line of the file it came from. Below: the original lines of the
# sentence of main targets (found by `headline_lines`), then the same passage clean.

# %%
first_line, last_line = headline_lines(raw_text)
original, clean = before_after(raw_text, first_line, last_line)
print(f"---- original lines {first_line}-{last_line} ----")
print(original)
print("---- clean ----")
print(clean)

# %% [markdown]
# ## The table: one row per number
# `kind` is *result* for the review of last year, *target* for this year's plan, *context* for
# labels such as `15项重大工程` or anniversaries. A decline keeps its value positive with the
# qualifier `下降`. Grain is also given in 万吨 (1 亿斤 = 5 万吨), money in 亿元.

# %%
indicators = extract_report(source, year=year)
indicators.groupby(["part", "kind"]).size().rename("rows").to_frame()

# %%
indicators[["line", "kind", "year", "indicator", "key", "value", "unit", "qualifier", "is_growth"]].head(20)

# %% [markdown]
# ## The headline targets (主要预期目标)
# The main expected targets, one per indicator key, as the economist copies them by hand:
# value and unit as written, the qualifier that makes a target a floor (以上), a ceiling (以内)
# or a point (左右), and the standard unit. Two targets carry no number: income "in step with
# growth" and energy intensity "the task set by the State"; they are kept with `has_number`
# False so that nothing of the sentence is lost.

# %%
headline = headline_targets(indicators)[list(HEADLINE_COLUMNS)]
headline.drop(columns="text").round(2)

# %% [markdown]
# ## Tables for the briefing
# `indicators_all.csv` (every row) and `indicators_headline.csv` (the rows above) are written to
# `output_dir`, each through a temporary file, so a failed run leaves the previous tables intact.

# %%
written = save_tables(indicators, output_dir)
[path.name for path in written]

# %% [markdown]
# ## Beside its peers
# Every region's target of the same year for the indicators most reports set, from the corpus of
# shipped reports (and, for GDP, the compiled provincial targets where no report is shipped): the
# region in red, the national target as a line, and on GDP the mean of the provinces' targets
# weighted by their nominal GDP of the year before (the latest year the NBS database has). Last
# year's GDP targets are then set against the outcomes the reports of this year state.

# %%
from analysis.corpus import peers as peer_tables
from analysis.corpus.build import panel as corpus_panel
from analysis.figures.peers import peers_chart
from analysis.series.load import load_targets
from analysis.tables import write_table
from analysis.vocabulary import REGION_NAMES

corpus = corpus_panel()
peers = peer_tables.peer_targets(corpus.targets, year, load_targets())
weighted = peer_tables.weighted_mean(peers, year)
write_table(peers, output_dir, "peers_targets.csv", float_format="%.10g")
write_table(pd.DataFrame([{k: (", ".join(map(str, v)) if isinstance(v, list) else v) for k, v in weighted.items()}]),
            output_dir, "peers_weighted.csv", float_format="%.10g")
if peers[peers["key"] == "gdp_real_growth"]["region"].nunique() >= 5:
    peers_chart(peers, output_dir, region=region, weighted=weighted,
                title=f"{REGION_NAMES.get(region, region)} {year}: 目标与各省、全国目标")
    display(Image(filename=f"{output_dir}/peers_targets.png"))
else:
    print(f"Fewer than five regions' {year} targets are in the corpus: no peers chart.")

# %%
last_year = peer_tables.peer_targets(corpus.targets, year - 1, load_targets())
scored = peer_tables.peer_outcomes(last_year, corpus.outcomes_stated, year)
write_table(scored, output_dir, "peers_outcomes.csv", float_format="%.10g")
scored.round(2)

# %% [markdown]
# ## Last year's targets against the outcomes this report states
# The region's targets of the year before (that report, or the compiled tables) against the outcomes
# this report's review states (else the compiled first releases). 是/否 by the rules of the
# feasibility notebook (以上, bare and 左右 floors; 以内, CPI and unemployment ceilings); `in_band`:
# within ±0.5 points of a 左右 target.

# %%
from analysis.series.load import load_outcomes

scorecard = peer_tables.scorecard_last_year(region, year, corpus.targets, corpus.outcomes_stated, load_targets(),
                                            load_outcomes())
write_table(scorecard, output_dir, "scorecard_last_year.csv", float_format="%.10g")
scorecard
