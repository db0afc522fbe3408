"""What the decomposition says, in words: one Markdown sentence per view for the notebook's prose.

Each function reads a :class:`~analysis.models.decomposition.run.Decomposition` and returns a
sentence with every number's unit, year and release, or the statement saying why the view is empty.
"""

from __future__ import annotations

import math

from analysis import vocabulary
from analysis.models.decomposition.inputs import SECTOR_NAMES
from analysis.models.decomposition.run import Decomposition
from analysis.series.vintages import describe_vintage


def _name(result: Decomposition) -> str:
    return vocabulary.REGION_NAMES.get(result.region, result.region)


def _values(frame, year: int) -> dict[str, float]:
    part = frame[frame["year"] == year]
    return dict(zip(part["component"], part["value_pp"].astype(float)))


def sectors(result: Decomposition) -> str:
    """The one-year view: growth of :attr:`Decomposition.waterfall_year` and what each sector pulled."""
    if result.waterfall_year is None:
        return result.statements.get("sectors", f"No sector contributions of {_name(result)} before {result.year}.")
    year = result.waterfall_year
    got = _values(result.result("sectors"), year)
    vintage = describe_vintage(str(result.waterfall["vintage"].iloc[0]))
    pulls = sorted(SECTOR_NAMES, key=lambda s: -got[s])
    parts = ", ".join(f"{SECTOR_NAMES[s]} **{got[s]:+.1f}** pp" for s in pulls)
    text = (
        f"In **{year}** real GDP of {_name(result)} grew **{got['total']:.1f}%** ({vintage}): {parts}; "
        f"the residual, {got['residual']:+.2f} pp, is what the published total and the weighted sectors do "
        "not share (rounding of the published indices)."
    )
    note = result.statements.get("waterfall")
    return f"{note} {text}" if note else text


def gap(result: Decomposition) -> str:
    """The latest year of the shift-share: the gap to the reference, its mix and within parts."""
    frame = result.result("shift-share")
    if frame.empty:
        return result.statements.get("shift-share", "")
    year = int(frame["year"].max())
    got = _values(frame, year)
    reference = vocabulary.REGION_NAMES.get(result.params["reference"], result.params["reference"])
    ahead = "above" if got["gap"] >= 0 else "below"
    return (
        f"In **{year}** {_name(result)} grew **{abs(got['gap']):.1f}** pp {ahead} {reference}: "
        f"{got['mix']:+.2f} pp from its industry mix (its sector weights at the reference's sector growth), "
        f"{got['within']:+.2f} pp from growth within its sectors, {got['residual']:+.2f} pp neither explains."
    )


def money(result: Decomposition) -> str:
    """The latest year with nominal growth: real growth, the deflator, nominal growth, and per head."""
    table = result.money
    rows = table[table["nominal_growth"].notna()].sort_values("year") if len(table) else table
    if rows.empty:
        return result.statements.get("deflator", f"No year has nominal and real GDP of {_name(result)} in one release.")
    r = rows.iloc[-1]
    moved = "rose" if r["deflator"] >= 0 else "fell"
    text = (
        f"In **{int(r['year'])}** real GDP of {_name(result)} grew **{r['real_growth']:.1f}%** and the GDP "
        f"deflator {moved} **{abs(r['deflator']):.1f}%**, so GDP in money terms grew **{r['nominal_growth']:.1f}%** "
        f"(both from one release: {r['release_prices']})."
    )
    if r["deflator"] < 0:
        text += " With prices falling, revenue, wages and debt ratios move with the slower money-terms growth."
    if not math.isnan(float(r["per_capita"])):
        change = "grew" if r["population"] >= 0 else "fell"
        text += (
            f" Per head, real output grew **{r['per_capita']:.1f}%** while the average resident population "
            f"{change} {abs(r['population']):.1f}%."
        )
    return text


def accounting(result: Decomposition) -> str:
    """The accounting's span and what its residual holds (labour and TFP together where labour is missing)."""
    frame = result.result("accounting")
    if frame.empty:
        return result.statements.get("accounting", "")
    residual = frame.loc[frame["role"] == "residual", "component"].iloc[0]
    span = f"{int(frame['year'].min())}-{int(frame['year'].max())}"
    means = frame.groupby("component")["value_pp"].mean()
    what = "TFP" if residual == "tfp" else "labour and TFP together (total employment is not in the data)"
    return (
        f"Over {span} real GDP of {_name(result)} grew {means['total']:.1f}% a year on average: capital "
        f"accumulation {means['capital']:.1f} pp, the residual {means[residual]:.1f} pp, which holds {what}."
    )
