"""Section "Where growth came from": last year's growth in money terms and per head, the three sectors'
contributions, and the gap with the nation split into industry mix and growth within sectors."""

from __future__ import annotations

import pandas as pd

from analysis.briefing.page.common import html_table, missing, number, rate
from analysis.series.vintages import describe_vintage

SECTORS = {"primary": "primary (农业)", "secondary": "secondary (工业、建筑)", "tertiary": "tertiary (服务)"}
GAP = {"mix": "industry mix", "within": "growth within sectors", "residual": "residual"}


def _latest(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    """Rows of ``year``, else of the latest earlier year in the table."""
    years = frame.loc[frame["year"] <= year, "year"]
    return frame[frame["year"] == years.max()] if len(years) else frame.iloc[0:0]


def money_line(money: pd.DataFrame, year: int, stated: pd.DataFrame | None = None, region: str = "") -> str:
    """Real, price and nominal growth and growth per head of the year before the report (or the latest);
    with ``stated`` (the panel's ``outcomes_stated``) and ``region``, the growth the work reports first
    stated for that year where the statistics give another figure (a later revision). Only years with
    real growth count (a year with population alone says nothing of output)."""
    row = _latest(money[money["real_growth"].notna()], year - 1)
    if row.empty:
        return (
            "The statistics shipped hold no GDP series for this region: growth in money terms and per head is "
            "not shown (the growth and levels its own reports state are in the scorecard and the 万亿 goals)."
        )
    r = row.iloc[0]
    parts = [f"In {int(r['year'])} real GDP grew {rate(r['real_growth'])}"]
    if not missing(r["deflator"]):
        parts.append(
            f"prices (the implicit GDP deflator) {rate(r['deflator'])}, so GDP in money terms grew "
            f"{rate(r['nominal_growth'])}"
        )
    if not missing(r["per_capita"]):
        parts.append(
            f"real growth per head {rate(r['per_capita'])} with the resident population {rate(r['population'])}"
        )
    vintage = describe_vintage(str(r["vintage_prices"]))
    text = "; ".join(parts) + f" (figures: {vintage})."
    if stated is not None and region:
        growth = stated[(stated["region"] == region) & (stated["key"] == "gdp_real_growth")]
        first = _first_stated(stated, region, int(r["year"]), float(r["real_growth"]))
        if first:
            text += f" {first}: the figure above is the statistics' later one."
        last = growth[growth["year"] == year - 1]
        if int(r["year"]) < year - 1 and len(last):
            text += (
                f" The statistics here end in {int(r['year'])}; the report states {rate(last['value'].iloc[0])} "
                f"for {year - 1}."
            )
    return text


def _first_stated(stated: pd.DataFrame | None, region: str, year: int, figure: float) -> str:
    """ "The work report of Y+1 first stated X% for Y" when the panel's ``stated`` outcomes give
    ``region``'s GDP growth of ``year`` half a tenth or more away from the statistics' ``figure``; else ""."""
    if stated is None or not region:
        return ""
    first = stated[(stated["region"] == region) & (stated["key"] == "gdp_real_growth") & (stated["year"] == year)]
    if not len(first) or abs(float(first["value"].iloc[0]) - figure) < 0.05:
        return ""
    return f"The work report of {year + 1} first stated {rate(first['value'].iloc[0])} for {year}"


def sectors_table(sectors: pd.DataFrame, year: int, stated: pd.DataFrame | None = None, region: str = "") -> str:
    """Contributions of the three sectors (pp and share of growth) for the year before the report; with
    ``stated`` (the panel's ``outcomes_stated``) and ``region``, the growth the next work report first
    stated for the table's year where the statistics give another figure."""
    rows = _latest(sectors, year - 1)
    if rows.empty:
        return "<p>The data hold no sector value added for this region.</p>"
    total = rows[rows["role"] == "total"]
    parts = rows[rows["component"].isin(SECTORS)]
    out = pd.DataFrame(
        {
            "sector": parts["component"].map(SECTORS),
            "growth": parts["sector_growth"].map(lambda v: rate(v)),
            "pp": parts["value_pp"].map(lambda v: number(v, 2, " pp")),
            "share": parts["share_nbs"].map(lambda v: number(v, 0, "%")),
        }
    )
    caption = (
        f"<p>{int(rows['year'].iloc[0])}: GDP growth {rate(total['value_pp'].iloc[0])}, valued at "
        f"{str(rows['price_basis'].iloc[0]).replace('_', ' ')} prices; the sectors' shares sum to 100 as the "
        "yearbook computes them, the aggregation residual apart (figures: "
        f"{describe_vintage(str(rows['vintage'].iloc[0]))}).</p>"
        if len(total)
        else ""
    )
    shown = int(rows["year"].iloc[0])
    first = _first_stated(stated, region, shown, float(total["value_pp"].iloc[0])) if caption and len(total) else ""
    if first:
        caption += f"<p>{first}; the table uses the statistics' figure.</p>"
    if caption and shown < year - 1:
        caption += (
            f"<p>The data do not split {year - 1}'s growth by sector (each sector's value added and real growth "
            f"in one release): the table is {shown}'s, the latest year they do.</p>"
        )
    columns = {"sector": "sector", "growth": "real growth", "pp": "contribution", "share": "share of growth"}
    return caption + html_table(out, columns, css="sectors", numeric=("growth", "pp", "share"))


#: a comparison with the nation older than this many years before last year is said to be old
STALE_YEARS = 2


def gap_line(gap: pd.DataFrame, year: int) -> str:
    """The growth gap with the nation and its split (or "" for the nation, a city, or no data)."""
    rows = _latest(gap, year - 1)
    if rows.empty:
        return ""
    value = rows.set_index("component")["value_pp"]
    if "gap" not in value:
        return ""
    parts = ", ".join(f"{GAP[c]} {number(value[c], 2, ' pp')}" for c in GAP if c in value)
    shown = int(rows["year"].iloc[0])
    stale = (
        f" {shown} is the latest year with the region's and the nation's sectors in one vintage class."
        if shown < year - 1
        else ""
    )
    if shown < year - 1 - STALE_YEARS:
        stale += (
            f" That is {year - 1 - shown} years before {year - 1}: read it as how the region's economy differed "
            "from the nation's then, not as news of last year."
        )
    return (
        f"Against the nation in {shown}: a growth gap of {number(value['gap'], 1, ' pp')}, of "
        f"which {parts} (mix: the region's sector weights at the nation's sector growth; within: its own growth "
        f"in each sector at its own weights).{stale}"
    )
