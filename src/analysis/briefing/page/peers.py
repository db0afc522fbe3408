"""Section "Beside its peers": the region's GDP target among its peers' (the 31 provinces and the
nation, or the major cities), the GDP-weighted mean, and how last year's peers fared."""

from __future__ import annotations

import pandas as pd

from analysis.briefing.page.common import number
from analysis.series.vintages import describe_vintage
from analysis.vocabulary import REGION_NAMES, region_level


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


SINGULAR = {"provinces": "province", "cities": "city"}


def sentence(
    peers: pd.DataFrame,
    weighted: pd.DataFrame,
    outcomes: pd.DataFrame,
    region: str,
    year: int,
    in_words: list[str] | tuple[str, ...] = (),
) -> str:
    """Where the region's GDP target stands (rank among the peers with one), the national target and
    the weighted mean, and how many of the peers met last year's GDP target (counted over the peers
    whose report states the outcome); ``in_words``: the peers that state no growth but admit the miss
    in words, named as such."""
    gdp = peers[(peers["key"] == "gdp_real_growth") & (peers["region"] != "china")]
    parts = []
    kind = "cities" if region_level(region) == "city" else "provinces"
    province = gdp.iloc[0:0]
    if kind == "cities":  # a city's peers are the cities; its province is shown beside them, not counted
        levels = gdp["region"].map(region_level)
        province, gdp = gdp[levels == "province"], gdp[levels == "city"]
        outcomes = outcomes[outcomes["region"].map(region_level) == "city"] if "region" in outcomes else outcomes
    own = gdp[gdp["region"] == region]
    if not own.empty:
        value = float(own["value"].iloc[0])
        higher = int((gdp["value"] > value + 1e-9).sum())
        ranges = gdp["value_high"].notna() & (gdp["value_high"] != gdp["value"]) if "value_high" in gdp else []
        parts.append(
            f"{REGION_NAMES.get(region, region)}'s GDP target, {own['written'].iloc[0]}, is "
            f"{'the highest' if higher == 0 else f'below {higher}'} of the {len(gdp)} {kind} with a "
            f"GDP target for {year}" + (" (a range counted at its low end)" if any(ranges) else "")
        )
    for r in province.itertuples(index=False):
        parts.append(f"its province, {REGION_NAMES.get(r.region, r.region)}, sets {r.written}")
    national = peers[(peers["key"] == "gdp_real_growth") & (peers["region"] == "china")]
    if region == "china" and len(gdp) and len(national):
        value = float(national["value"].iloc[0])
        above, same = int((gdp["value"] > value + 1e-9).sum()), int(((gdp["value"] - value).abs() <= 1e-9).sum())
        parts.append(
            f"of the {len(gdp)} provinces with a GDP target for {year}, {above} set it above the national "
            f"target ({national['written'].iloc[0]}), {same} at it and {len(gdp) - above - same} below"
        )
    w = weighted.iloc[0] if len(weighted) else None
    if w is not None and w["national_written"] == w["national_written"] and w["national_written"]:
        parts.append(f"the national target is {w['national_written']}")
    if w is not None and w["mean"] == w["mean"]:
        parts.append(
            f"the provinces' targets weighted by their GDP average {number(w['mean'], 2, '%')} "
            f"({int(w['n'])} provinces, a range at its midpoint; GDP weights of {w['weight_years']}, "
            f"{', '.join(describe_vintage(v) for v in str(w['vintages']).split(', '))})"
        )
    text = _capital("; ".join(parts)) + "." if parts else f"No peer sets a GDP target for {year} in the corpus."
    if len(outcomes):
        met = int(outcomes["met"].astype(bool).sum())
        text += (
            f" Of the {len(outcomes)} {kind if len(outcomes) != 1 else SINGULAR[kind]} whose {year} report states "
            f"last year's GDP growth, {met} met "
            f"their {year - 1} target (median gap {number(outcomes['gap'].median(), 1)} pp)."
        )
        silent = sorted(set(gdp["region"]) - set(outcomes["region"]) - {"china"}) if "region" in outcomes else []
        if region in silent:  # the briefed region itself is silent: said of it by name, not as "one other"
            silent.remove(region)
            text += f" {REGION_NAMES.get(region, region)} itself does not state last year's growth and is not counted."
        if silent and len(silent) <= 8:
            names = "、".join(REGION_NAMES.get(r, r) for r in silent)
            one = len(silent) == 1
            text += (
                f" {'One other' if one else f'The other {len(silent)}'} with a {year} GDP target ({names}) "
                f"{'does' if one else 'do'} not state last year's growth in the report and "
                f"{'is' if one else 'are'} not counted."
            )
        elif silent:
            text += f" The other {len(silent)} with a {year} GDP target do not state last year's growth in the report."
        admitted = [r for r in silent if r in set(in_words)]
        if admitted:
            names = "、".join(REGION_NAMES.get(r, r) for r in admitted)
            text += f" Of these, {names} {'admits' if len(admitted) == 1 else 'admit'} in words a miss of the target."
    return text


def caption(region: str, weighted: pd.DataFrame) -> str:
    """The caption of the peers' figure: what its marks are, for a province, the nation or a city."""
    if region_level(region) == "city":
        return (
            "Figure 2. Each major city's target of the year, the briefed city in red, its province's target "
            "among them and the national target as a line where the nation sets one. Source [2]."
        )
    mean = len(weighted) and weighted.iloc[0]["mean"] == weighted.iloc[0]["mean"]
    return (
        "Figure 2. Each province's target of the year, the briefed region in red, the national target as a line"
        + (" and the provinces' GDP-weighted mean dashed" if mean else "")
        + ". Source [2]."
    )
