"""The January table: every province's targets of a year beside last year's, from the corpus panel.

One row per province (and the nation first): this year's GDP-growth target as written, last year's
target and its first-stated outcome, whether it was met, whether the target was cut, held or raised,
and the other headline targets most reports set. The GDP-weighted mean of the provinces' targets and
the national target come with it (:func:`analysis.corpus.peers.weighted_mean`).
"""

from __future__ import annotations

import pandas as pd

from analysis.corpus.build import Panel
from analysis.corpus.peers import peer_targets, target_changes, weighted_mean
from analysis.vocabulary import BY_REGION, PROVINCE_KEYS

#: the other headline targets shown, by key
OTHER_KEYS: tuple[str, ...] = (
    "cpi_inflation",
    "budget_revenue_growth",
    "fai_growth",
    "retail_sales_growth",
    "industrial_va_growth",
    "urban_new_jobs",
)
COLUMNS = [
    "region",
    "name",
    "name_en",
    "area",
    "gdp_target",
    "gdp_value",
    "change",
    "delta",
    "last_target",
    "last_outcome",
    "last_met",
    "report",
    *OTHER_KEYS,
]


def january_table(panel: Panel, year: int) -> pd.DataFrame:
    """The table of ``year`` (see the module docstring): the nation, then the 31 provinces."""
    year = int(year)
    t = panel.targets
    rows = []
    s = panel.scorecard
    last_gdp = s[(s["year"] == year - 1) & (s["key"] == "gdp_real_growth") & (s["basis"] == "stated")]
    last_gdp = last_gdp.set_index("region")
    for region in ("china", *PROVINCE_KEYS):
        mine = (
            t[(t["region"] == region) & (t["year"] == year)]
            .sort_values("headline", ascending=False, kind="stable")
            .drop_duplicates("key")
        )
        by_key = mine.set_index("key")
        changes = target_changes(panel, region, year).set_index("key")
        gdp = by_key.loc["gdp_real_growth"] if "gdp_real_growth" in by_key.index else None
        change = changes.loc["gdp_real_growth"] if "gdp_real_growth" in changes.index else None
        last = last_gdp.loc[region] if region in last_gdp.index else None
        info = BY_REGION[region]
        reports = panel.reports
        read = reports[
            (reports["region"] == region)
            & (reports["year"] == year)
            & (reports["kind"] == "report")
            & (reports["status"] == "read")
        ]
        rows.append(
            {
                "region": region,
                "name": info.name,
                "name_en": info.name_en,
                "area": info.area or "nation",
                "gdp_target": gdp["written"] if gdp is not None else "",
                "gdp_value": float(gdp["value"]) if gdp is not None and gdp["has_number"] else float("nan"),
                # the table judges a change by the number (its low end): a bound changed alone is held
                "change": str(change["change"]).replace("bound changed", "held")
                if change is not None and change["last_year"]
                else "",
                "delta": float(change["delta"]) if change is not None else float("nan"),
                "last_target": last["target"]
                if last is not None
                else (change["last_year"] if change is not None else ""),
                "last_outcome": float(last["outcome"]) if last is not None else float("nan"),
                "last_met": ("met" if bool(last["met"]) else "missed") if last is not None else "",
                "report": read["file"].iloc[0] if len(read) else "",
                **{k: (by_key.loc[k, "written"] if k in by_key.index else "") for k in OTHER_KEYS},
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def summary(panel: Panel, year: int) -> pd.DataFrame:
    """The national target and the provinces' GDP-weighted mean target of ``year`` (one row)."""
    return weighted_mean(peer_targets(panel, "china", year), year)
