"""Section "Track record": the region's record per indicator, with its pool and the nation as context."""

from __future__ import annotations

import pandas as pd

from analysis.briefing.page.common import english, html_table, pct

COLUMNS = {
    "indicator": "indicator",
    "region": "this region",
    "missed": "years missed",
    "unstated": "target set, outcome not stated",
    "pool": "pool",
    "nation": "the nation",
}


def _span(years) -> str:
    """ "2003-2003" as "2003"; any other span as written."""
    first, _, last = str(years).partition("-")
    return first if first == last else str(years)


def table(record: pd.DataFrame, pool: str) -> str:
    """The record table (HTML): met k of n for the region, its pool and the nation."""
    if record.empty:
        return "<p>The region has no earlier target with a stated outcome in the corpus.</p>"
    out = pd.DataFrame(
        {
            "indicator": [f"{i} {english(k)}" for i, k in zip(record["indicator"], record["key"])],
            "region": [
                f"{m} of {n} ({_span(y)})"
                for m, n, y in zip(record["region_met"], record["region_n"], record["region_years"])
            ],
            "missed": record["region_missed"].fillna(""),
            "unstated": record["region_unstated"].fillna(""),
            "pool": [f"{pct(m / n)} of {n}" if n else "—" for m, n in zip(record["pool_met"], record["pool_n"])],
            "nation": [f"{m} of {n}" if n else "—" for m, n in zip(record["nation_met"], record["nation_n"])],
        }
    )
    return html_table(out, {**COLUMNS, "pool": f"{pool} (share met of n)"}, css="record")


def figure_caption(pool: str) -> str:
    """The caption of the record figure, naming the pool it draws."""
    who = "the major cities pooled" if pool == "cities" else "the provinces and the nation pooled"
    nation = "" if pool == "cities" else " and the nation (hollow squares)"
    return (
        f"Figure 3. The share of GDP-growth targets met each year: the region (dots), {who} (line){nation}. Source [2]."
    )


RULE = (
    "A target counts as met when its outcome, as the next report first states it, reaches it as written "
    "(a floor reached, a ceiling kept; a target 'about' (左右) counts only when reached, the scorecard also "
    "shows it within ±0.5 pp). Only targets whose outcome a later report states are counted, with the misses "
    "a report admits in words without a figure (未达到年初目标) counted as missed; reports tend to leave a "
    "miss unstated: the shares met may be too high."
)


def sentence(record: pd.DataFrame, name: str) -> str:
    """The region's GDP record in one sentence (or "" without one)."""
    gdp = record[record["key"] == "gdp_real_growth"]
    if gdp.empty:
        return ""
    r = gdp.iloc[0]
    missed = str(r["region_missed"] or "")
    years = [y for y in missed.split(", ") if y]
    tail = f"; missed in {', '.join(years)}" if years else ""
    return (
        f"{name} met its GDP growth target in {r['region_met']} of {r['region_n']} years ({_span(r['region_years'])})"
        f"{tail}. Its pool met {pct(r['pool_met'] / r['pool_n'])} of {r['pool_n']} GDP targets. {RULE}"
    )
