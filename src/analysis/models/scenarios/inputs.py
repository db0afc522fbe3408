"""What the 万亿 scenario family reads, checked: a report's level goals, the levels, the growth history.

* **Goals**: the level goals of the report of ``region`` and ``year``
  (:func:`analysis.corpus.levels.level_goals`): the threshold, its year, the series and the region it is
  about (a city the province's report names), and why a goal cannot be evaluated when the text says so.
* **Levels** of the goal's subject (:func:`level_rows`): the official rows of its level series
  (``data/processed``, with explicit vintage classes: :data:`START_CLASSES`) and the levels its own work
  reports first state (:func:`analysis.corpus.levels.stated_levels`: class ``first_release``, or
  ``estimate`` for a 预计 figure; a bound such as 突破3万亿 is not a level). Secondary copies and the
  unverified (LOW CONFIDENCE) rows are not used. The start of every path is the latest of these levels
  before the goal's year, the official release first within a year; it must be for the year before the
  report or later. A level that is not a positive number is refused (``InputError`` naming its source).
* **Growth history** (:func:`growth_inputs`): the level series in the one vintage class with the latest
  years (:data:`HISTORY_CLASSES`), with its price index; when the series cannot give one (a city's series
  holds two or three levels), the growth rates the subject's own work reports state
  (:func:`analysis.corpus.levels.stated_growth`), real GDP growth priced with its province's deflator.
* **Revision years** (:func:`revision_episode`): the data-revision episode of the subject, or of its
  province for a city (``data/raw/regions/revisions.csv``, :func:`analysis.series.vintages.revision_years`;
  a province's falsified figures were its cities' too: Liaoning's 2017 report says so of the whole
  province).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.corpus.build import Panel
from analysis.corpus.levels import level_goals, stated_growth, stated_levels
from analysis.errors import InputError
from analysis.series import load_series
from analysis.series.load import tables
from analysis.series.vintages import describe_vintage, published_by, revision_years
from analysis.vocabulary import BY_REGION, convert

#: where the start level may come from, best first within a year: the latest NBS revision, a first
#: release (statistical communiqué, press release, a work report as said), a 预计 figure said before the
#: year's accounting closed, then Liaoning's inflated pre-2018 levels last
START_CLASSES: tuple[str, ...] = ("nbs_post5", "nbs_post4", "first_release", "estimate", "nbs_pre4")
#: classes a growth history may come from, all its years in one class: whole official series only
HISTORY_CLASSES: tuple[str, ...] = ("nbs_post5", "nbs_post4", "nbs_pre4", "first_release")
#: level key -> (price index key, how it splits growth) for the series that have one
INDEX_OF: dict[str, tuple[str, str]] = {
    "gdp_nominal": ("gdp_index", "real_index"),
    "retail_sales": ("cpi_index", "price_index"),
}
#: level key -> (growth key its work reports state, whether that rate is real growth: GDP, and industry
#: above designated size, priced like GDP for want of an industrial price index of a city)
STATED_GROWTH_OF: dict[str, tuple[str, bool]] = {
    "gdp_nominal": ("gdp_real_growth", True),
    "industrial_va": ("industrial_va_growth", True),
    "retail_sales": ("retail_sales_growth", False),
    "fai": ("fai_growth", False),
    "trade_total": ("trade_growth", False),
    "budget_revenue": ("budget_revenue_growth", False),
}
#: raw units a level comes in -> the unit the scenario uses (dollars are never converted to 亿元: the
#: data hold no exchange rate)
SCENARIO_UNITS: dict[str, str] = {
    "亿元": "亿元",
    "千美元": "亿美元",
    "万美元": "亿美元",
    "百万美元": "亿美元",
    "亿美元": "亿美元",
}
LEVEL_COLUMNS = ["year", "value", "unit", "raw_unit", "vintage_class", "source", "note", "words"]


def revision_episode(region: str) -> tuple[int, ...]:
    """Years of the data-revision episode of ``region``, else of its province (a city's figures are part
    of its province's); empty when neither has one."""
    own = revision_years(region)
    if own:
        return own
    place = BY_REGION.get(region)
    return revision_years(place.province) if place is not None and place.province else ()


def _name(region: str) -> str:
    place = BY_REGION.get(region)
    return place.name if place is not None else region


def province_of(region: str) -> str:
    """The province of a city (``data/raw/regions/regions.csv``), else the region itself."""
    place = BY_REGION.get(region)
    return place.province if place is not None and place.province else region


def read_goals(region: str, year: int, panel: Panel) -> pd.DataFrame:
    """The level goals of the report (:func:`analysis.corpus.levels.level_goals`)."""
    return level_goals(region, year, panel=panel)


def series_rows(
    indicator: str, region: str, *, include_low_confidence: bool = False, as_of: dt.date | None = None
) -> pd.DataFrame:
    """Annual rows of a series in every vintage (the preferred copy of each value); the unverified rows
    only when asked; with ``as_of``, only the rows public by then
    (:func:`analysis.series.vintages.release_date`: an NBS export from its export year on). Empty frame
    when the data hold none."""
    frame = load_series(indicator, region, vintage="all")
    frame = frame[frame["preferred"]]
    if not include_low_confidence:
        frame = frame[frame["vintage_class"].astype(str) != "low_confidence"]
    if as_of is not None:
        public = [
            published_by(as_of, int(y), str(v), "Y", str(c))
            for y, v, c in zip(frame["year"], frame["vintage"], frame["vintage_class"])
        ]
        frame = frame[public] if len(frame) else frame
    return frame.reset_index(drop=True)


def _public(frame: pd.DataFrame, as_of: dt.date | None) -> pd.DataFrame:
    """The rows of a frame of years a region's reports state that were public by ``as_of`` (a year's
    figure with the report of the next year, taken as the end of February)."""
    if as_of is None or frame.empty:
        return frame
    return frame[[published_by(as_of, int(y)) for y in frame["year"]]].reset_index(drop=True)


def all_series(keys: tuple[str, ...]) -> dict[tuple[str, str], pd.DataFrame]:
    """(region, key) -> annual preferred rows of the official classes (:data:`HISTORY_CLASSES`) of every
    region's series of ``keys``, read once (for the backtest, which scores every region)."""
    frame = tables()["series"]
    frame = frame[
        frame["indicator"].isin(keys)
        & (frame["period"] == "Y")
        & frame["preferred"]
        & frame["vintage_class"].isin(HISTORY_CLASSES)
    ]
    return {key: part.reset_index(drop=True) for key, part in frame.groupby(["region", "indicator"], sort=True)}


def level_rows(
    region: str, key: str, panel: Panel, *, include_low_confidence: bool = False, as_of: dt.date | None = None
) -> pd.DataFrame:
    """Every level of ``key`` for ``region`` a start may come from (module docstring), in the scenario's
    unit (:data:`SCENARIO_UNITS`): columns :data:`LEVEL_COLUMNS` (``source``: the source title, or the
    report and line; ``words``: what the report says), series rows before stated rows."""
    classes = START_CLASSES + (("low_confidence",) if include_low_confidence else ())
    series = series_rows(key, region, include_low_confidence=include_low_confidence, as_of=as_of)
    series = series[series["vintage_class"].astype(str).isin(classes) & series["unit"].isin(SCENARIO_UNITS)]
    stated = _public(stated_levels(region, key, panel=panel), as_of)
    stated = stated[~stated["bound"] & stated["unit"].isin(SCENARIO_UNITS)]
    parts = [
        pd.DataFrame(
            {
                "year": series["year"].astype(int),
                "value": [convert(v, u, SCENARIO_UNITS[u]) for v, u in zip(series["value"], series["unit"])],
                "unit": series["unit"].map(SCENARIO_UNITS),
                "raw_unit": series["unit"].astype(str),
                "vintage_class": series["vintage_class"].astype(str),
                "source": series["source_title"].astype(str),
                "note": series["note"].fillna("").astype(str),
                "words": "",
            }
        ),
        pd.DataFrame(
            {
                "year": stated["year"].astype(int),
                "value": stated["value"].astype(float),
                "unit": stated["unit"].map(SCENARIO_UNITS),
                "raw_unit": stated["unit"].astype(str),
                "vintage_class": stated["vintage_class"].astype(str),
                "source": [f"{r}, line {n}" for r, n in zip(stated["report"], stated["line"])],
                "note": "",
                "words": stated["text"].astype(str),
            }
        ),
    ]
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame(columns=LEVEL_COLUMNS)
    levels = pd.concat(parts, ignore_index=True)[LEVEL_COLUMNS]
    bad = ~(levels["value"].astype(float) > 0)
    if bad.any():
        row = levels[bad].iloc[0]
        raise InputError(
            f"a level of {key} for {region} is not a positive number",
            file=row["source"],
            field="value",
            value=row["value"],
        )
    return levels


def start_row(levels: pd.DataFrame) -> pd.Series | None:
    """The latest level, the :data:`START_CLASSES` order deciding within the year; None without levels."""
    if levels.empty:
        return None
    latest = levels[levels["year"] == levels["year"].max()]
    rank = {c: i for i, c in enumerate(START_CLASSES)}
    order = latest["vintage_class"].map(lambda c: rank.get(c, len(rank)))
    return latest.loc[order.sort_values(kind="stable").index[0]]


@dataclass
class GrowthInputs:
    """Where a goal's growth comes from: ``kind`` ``series`` (``levels`` and ``index`` frames in one vintage
    class) or ``stated`` (``growth``: the stated rates, ``real``, ``deflator``: year -> ln(1 + deflator
    growth) of the province's GDP); ``note`` says where, in words."""

    kind: str
    levels: pd.DataFrame | None = None
    index: pd.DataFrame | None = None
    growth: pd.DataFrame | None = None
    real: bool = False
    deflator: pd.Series | None = None
    note: str = ""
    sources: tuple[str, ...] = field(default_factory=tuple)


def best_history_class(levels: pd.DataFrame, index: pd.DataFrame | None = None) -> str | None:
    """The :data:`HISTORY_CLASSES` class with the latest year (ties: more years) and at least two levels,
    present in ``index`` too when one is needed."""
    best, rank = None, None
    for cls in HISTORY_CLASSES:
        part = levels[levels["vintage_class"].astype(str) == cls]
        if index is not None:
            idx = index[index["vintage_class"].astype(str) == cls]
            part = part[part["year"].isin(idx["year"])]
        if len(part) < 2:
            continue
        key = (int(part["year"].max()), len(part))
        if rank is None or key > rank:
            best, rank = cls, key
    return best


def series_history(
    region: str, key: str, as_of: dt.date | None = None
) -> tuple[pd.DataFrame, pd.DataFrame | None] | None:
    """The level series and its price index in the best history class (:func:`best_history_class`) of
    the rows public by ``as_of`` (every row: None)."""
    levels = series_rows(key, region, as_of=as_of)
    if levels.empty:
        return None
    index = None
    if key in INDEX_OF:
        index = series_rows(INDEX_OF[key][0], region, as_of=as_of)
        if index.empty:
            return None
    cls = best_history_class(levels, index)
    if cls is None:
        return None
    chosen = levels[levels["vintage_class"].astype(str) == cls]
    return chosen, None if index is None else index[index["vintage_class"].astype(str) == cls]


def gdp_deflator(region: str, as_of: dt.date | None = None) -> tuple[pd.Series, str]:
    """year -> ln(1 + implicit GDP deflator growth) of ``region`` (nominal growth over the real index, in
    its best history class, consecutive years only), and that class; empty when the data hold none."""
    history = series_history(region, "gdp_nominal", as_of)
    if history is None or history[1] is None:
        return pd.Series(dtype=float), ""
    levels, index = history
    level = levels.drop_duplicates("year").set_index("year")["value"].astype(float).sort_index()
    real = index.drop_duplicates("year").set_index("year")["value"].astype(float).reindex(level.index)
    consecutive = pd.Series(level.index, index=level.index).diff().eq(1)
    log_deflator = np.log(level / level.shift(1)) - np.log(real / 100.0)
    return log_deflator[consecutive].dropna(), str(levels["vintage_class"].iloc[0])


def growth_inputs(region: str, key: str, panel: Panel, as_of: dt.date | None = None) -> list[GrowthInputs]:
    """The growth histories of ``key`` for ``region``, in the order to try them (module docstring): the
    level series in its best class, then the growth rates the region's work reports state; empty when
    there is neither."""
    found = []
    history = series_history(region, key, as_of)
    if history is not None:
        levels, index = history
        cls = str(levels["vintage_class"].iloc[0])
        titles = tuple(sorted(set(levels["source_title"].astype(str))))
        note = f"{_name(region)}'s series ({describe_vintage(cls)})"
        found.append(GrowthInputs("series", levels=levels, index=index, note=note, sources=titles))
    growth_key, real = STATED_GROWTH_OF[key]
    growth = _public(stated_growth(region, growth_key, panel=panel), as_of)
    if growth.empty:
        return found
    deflator, cls = gdp_deflator(province_of(region), as_of) if real else (None, "")
    what = "real growth rates" if real else "growth rates"
    note = f"the {what} {_name(region)}'s work reports state" + (
        f", priced with {_name(province_of(region))}'s GDP deflator ({describe_vintage(cls)})" if real else ""
    )
    span = f"{growth['year'].min()}-{growth['year'].max()}"
    sources = (f"{_name(region)} work reports, growth rates stated for {span}",)
    if real and len(deflator):
        sources += tuple(
            sorted(set(series_history(province_of(region), "gdp_nominal", as_of)[0]["source_title"].astype(str)))
        )
    found.append(GrowthInputs("stated", growth=growth, real=real, deflator=deflator, note=note, sources=sources))
    return found
