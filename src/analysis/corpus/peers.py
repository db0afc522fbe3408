"""A region's targets beside its peers': every province's (or major city's) target of the same year.

Peers come from the corpus panel, for any year: for a province or the nation, the nation and the 31
provinces; for a city, the nation, the city's province and the major cities (those of
``data/raw/regions/regions.csv``) with a report that year. :func:`weighted_mean` weighs the
provinces' GDP-growth targets by their nominal GDP of the year before (the newest NBS vintage class
per province, named); :func:`peer_outcomes` sets last year's GDP targets of the same set against the
outcomes the reports of this year first state.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from analysis import paths
from analysis.corpus.build import Panel
from analysis.errors import InputError
from analysis.series.load import load_series, tables_version
from analysis.series.vintages import published_by
from analysis.vocabulary import BY_REGION, CITY_KEYS, PROVINCE_KEYS, REGION_NAMES, region_level

#: indicators shown beside the peers (rates in %, comparable across regions)
PEER_KEYS: tuple[str, ...] = (
    "gdp_real_growth",
    "cpi_inflation",
    "urban_unemployment_rate",
    "budget_revenue_growth",
    "industrial_va_growth",
    "fai_growth",
    "retail_sales_growth",
    "income_per_capita_growth",
)
PEER_COLUMNS = ["region", "name", "level", "key", "value", "value_high", "bound", "written", "is_self", "report"]
OUTCOME_COLUMNS = ["region", "name", "target", "written", "outcome", "met", "gap", "outcome_report"]
#: NBS vintage classes of the weights, newest first
_WEIGHT_CLASSES = ("nbs_post5", "nbs_post4", "nbs_pre4", "first_release")


def peer_set(region: str) -> list[str]:
    """The regions a region is compared with: the nation and the provinces, or for a city the nation,
    its province and the major cities."""
    level = BY_REGION[region].level if region in BY_REGION else "city"
    if level == "city":
        province = BY_REGION[region].province if region in BY_REGION else ""
        return ["china", *([province] if province else []), *CITY_KEYS]
    return ["china", *PROVINCE_KEYS]


def peer_targets(panel: Panel, region: str, year: int) -> pd.DataFrame:
    """Every peer's headline target of ``year`` for :data:`PEER_KEYS` (numbers only), one row per
    region and key; ``is_self`` marks ``region``."""
    t = panel.targets
    rows = t[
        (t["year"] == int(year))
        & t["key"].isin(PEER_KEYS)
        & t["has_number"].astype(bool)
        & t["headline"].astype(bool)
        & t["region"].isin(peer_set(region))
    ]
    rows = rows.drop_duplicates(["region", "key"])
    out = pd.DataFrame(
        {
            "region": rows["region"],
            "name": rows["region"].map(lambda r: REGION_NAMES.get(r, r)),
            "level": rows["level"],
            "key": rows["key"],
            "value": rows["value"].astype(float),
            "value_high": rows["value_high"].astype(float),
            "bound": rows["bound"],
            "written": rows["written"],
            "is_self": rows["region"] == region,
            "report": rows["report"],
        }
    )
    return out[PEER_COLUMNS].sort_values(["key", "value", "region"], kind="mergesort").reset_index(drop=True)


#: Weights read in this process, by loaded statistics tables, region and year.
_WEIGHTS: dict[tuple, tuple[float, str, int]] = {}


def _gdp_weight(region: str, year: int, as_of: dt.date | None = None) -> tuple[float, str, int]:
    """Nominal GDP of ``region`` in the latest year up to ``year`` in the NBS database (public by
    ``as_of``), its vintage class and that year; (NaN, "", 0) without one."""
    key = (str(paths.RAW), tables_version(), region, int(year), as_of)
    if key not in _WEIGHTS:
        _WEIGHTS[key] = _read_weight(region, int(year), as_of)
    return _WEIGHTS[key]


def _read_weight(region: str, year: int, as_of: dt.date | None) -> tuple[float, str, int]:
    try:
        s = load_series("gdp_nominal", region, vintage="all")
    except (InputError, KeyError):  # a region the database does not cover: no weight
        return math.nan, "", 0
    s = s[(s["year"] <= year) & s["vintage_class"].astype(str).isin(_WEIGHT_CLASSES)]
    if as_of is not None and len(s):
        s = s[
            [
                published_by(as_of, int(y), str(v), "Y", str(c))
                for y, v, c in zip(s["year"], s["vintage"], s["vintage_class"])
            ]
        ]
    if s.empty:
        return math.nan, "", 0
    order = {c: i for i, c in enumerate(_WEIGHT_CLASSES)}
    s = s.assign(_o=s["vintage_class"].astype(str).map(order)).sort_values(["year", "_o"], ascending=[False, True])
    return float(s["value"].iloc[0]), str(s["vintage_class"].iloc[0]), int(s["year"].iloc[0])


WEIGHTED_COLUMNS = ["mean", "n", "national", "national_written", "weight_years", "vintages", "missing"]


def weighted_mean(peers: pd.DataFrame, year: int, as_of: dt.date | None = None) -> pd.DataFrame:
    """One row: the provinces' GDP-growth targets of ``year`` (a range at its midpoint) averaged with
    their nominal GDP of ``year - 1`` as weights (or the latest earlier year every province has; with
    ``as_of``, the latest public by then: :func:`analysis.series.vintages.release_date`), the number of
    provinces weighted, the national target, the years and NBS vintage classes of the weights, and the
    provinces with a target but no weight."""
    gdp = peers[peers["key"] == "gdp_real_growth"]
    provinces = gdp[gdp["region"].isin(PROVINCE_KEYS)]
    if len(provinces) < 5:  # a city's peers hold one province: no provincial mean to speak of
        provinces = provinces.iloc[0:0]
    total, weight, classes, missing, years = 0.0, 0.0, set(), [], set()
    # one year for every weight: the latest that every province with a weight has
    found = [_gdp_weight(r.region, int(year) - 1, as_of)[2] for r in provinces.itertuples(index=False)]
    upto = min((y for y in found if y), default=int(year) - 1)
    for r in provinces.itertuples(index=False):
        w, cls, wy = _gdp_weight(r.region, upto, as_of)
        if w != w:
            missing.append(r.region)
            continue
        mid = r.value if r.value_high != r.value_high else (r.value + r.value_high) / 2
        total, weight = total + w * mid, weight + w
        classes.add(cls)
        years.add(wy)
    national = gdp[gdp["region"] == "china"]
    return pd.DataFrame(
        [
            {
                "mean": total / weight if weight else math.nan,
                "n": len(provinces) - len(missing),
                "national": float(national["value"].iloc[0]) if len(national) else math.nan,
                "national_written": national["written"].iloc[0] if len(national) else "",
                "weight_years": ", ".join(str(y) for y in sorted(years)),
                "vintages": ", ".join(sorted(classes)),
                "missing": ", ".join(missing),
            }
        ],
        columns=WEIGHTED_COLUMNS,
    )


def peer_outcomes(panel: Panel, region: str, year: int) -> pd.DataFrame:
    """Last year's GDP-growth target of every peer (not the nation; for a city, the cities only, its
    province being context, not a peer counted) against the outcome its ``year`` report states: region,
    name, target (value), written, outcome, met (a floor at the lower end, as the scorecard says), gap
    (outcome minus target, pp)."""
    rows = _peer_gdp_cards(panel, region, year)
    rows = rows[rows["basis"] == "stated"]  # the growth a report states, not a miss it admits in words
    out = pd.DataFrame(
        {
            "region": rows["region"],
            "name": rows["region"].map(lambda r: REGION_NAMES.get(r, r)),
            "target": rows["target_value"],
            "written": rows["target"],
            "outcome": rows["outcome"],
            "met": rows["met"].astype(bool),
            "gap": rows["gap"],
            "outcome_report": rows["outcome_report"],
        }
    )
    return out[OUTCOME_COLUMNS].sort_values("gap", kind="mergesort").reset_index(drop=True)


def _peer_gdp_cards(panel: Panel, region: str, year: int) -> pd.DataFrame:
    """The scorecard rows of last year's GDP target of every peer counted (not the nation; for a city,
    the cities only)."""
    s = panel.scorecard
    city = region_level(region) == "city"
    wanted = [r for r in peer_set(region) if r != "china" and (not city or r in CITY_KEYS)]
    return s[(s["year"] == int(year) - 1) & (s["key"] == "gdp_real_growth") & s["region"].isin(wanted)]


def peers_missed_in_words(panel: Panel, region: str, year: int) -> list[str]:
    """The peers whose ``year`` report states no growth for last year but admits in words that it
    missed its GDP target (东莞 2024: 未能完成既定目标)."""
    rows = _peer_gdp_cards(panel, region, year)
    return sorted(rows.loc[rows["basis"] == "in words", "region"])


CHANGE_COLUMNS = ["key", "this_year", "last_year", "change", "delta"]


def target_changes(panel: Panel, region: str, year: int) -> pd.DataFrame:
    """The region's targets of ``year`` against those of ``year - 1`` (the main passage's where a key has
    both, else the one set elsewhere in the plan): each key with both texts,
    ``change`` (raised, cut, held, bound changed, new, dropped, or reworded when one has no number) and
    ``delta`` (the change of the lower end, in the target's unit)."""
    t = panel.targets
    own = t[t["region"] == region].sort_values("headline", ascending=False, kind="stable")
    now = own[own["year"] == int(year)].drop_duplicates("key").set_index("key")
    before = own[own["year"] == int(year) - 1].drop_duplicates("key").set_index("key")
    rows = []
    for key in list(now.index) + [k for k in before.index if k not in now.index]:
        a = now.loc[key] if key in now.index else None
        b = before.loc[key] if key in before.index else None
        delta = math.nan
        if a is None:
            change = "dropped"
        elif b is None:
            change = "new"
        elif not (a["has_number"] and b["has_number"]) or a["unit"] != b["unit"]:
            change = "held" if a["written"] == b["written"] else "reworded"
        else:
            delta = float(a["value"]) - float(b["value"])
            change = "held" if abs(delta) < 1e-9 else ("raised" if delta > 0 else "cut")
            if change == "held" and a["bound"] != b["bound"]:
                change = "bound changed"  # 5.5%左右 -> 5.5%以内, 10%以上 -> 10%: the number held, its bound not
        rows.append(
            {
                "key": key,
                "this_year": a["written"] if a is not None else "",
                "last_year": b["written"] if b is not None else "",
                "change": change,
                "delta": delta,
            }
        )
    return pd.DataFrame(rows, columns=CHANGE_COLUMNS)
