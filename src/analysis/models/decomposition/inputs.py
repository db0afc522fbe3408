"""What the decomposition family reads: annual series of one region in one vintage class, checked.

Every number comes through :func:`analysis.series.load.load_series` with an explicit vintage class
(``data/raw/public/SOURCES.md``, "How to use the vintage column"); nothing reads the raw files.

Vintage classes and releases
----------------------------
A *release* is one publication of numbers, named by the row's ``vintage`` text: an NBS database
export (``nbs_pre4``, ``nbs_post4``, ``nbs_post5``: one file holds a whole series, so its levels of
consecutive years are one release) or a first release (``first_release``: a year's communiqué or
preliminary release, one per year). A decomposition pairs indicators of one vintage class in a
year, and computes the growth of a level only between two rows of the *same release*
(:func:`same_release_lag`). A first release states the year's level and real growth but not the
previous year's level it was compared with; where an NBS export holds the release's level of the
year to its last printed digit, that export's level of the year before is the base the release
stood on (:func:`release_base`), and otherwise the level's growth is not computed.

Units: levels 亿元 (current prices) and 万人 (year-end resident population), annual; volume indices
上年=100; growth rates % (a first release's real growth g stands in for the index as 100 + g).

Checks: one preferred row per indicator and year; levels positive; indices within
:data:`INDEX_BOUNDS`. A row that fails raises :class:`analysis.errors.InputError` naming its raw
file, row, field (the indicator) and value.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from analysis import paths, vocabulary
from analysis.errors import InputError
from analysis.series.load import catalogue, load_series, tables_version
from analysis.series.vintages import check_class, revision_years

SECTORS = ("primary", "secondary", "tertiary")
SECTOR_NAMES = {"primary": "第一产业", "secondary": "第二产业", "tertiary": "第三产业"}
LEVEL_KEYS = tuple(f"va_{s}" for s in SECTORS)
INDEX_KEYS = tuple(f"va_{s}_index" for s in SECTORS)
#: Real-growth keys (%) that stand in for an index (上年=100) where a release publishes growth rates.
GROWTH_FOR_INDEX = {
    "gdp_index": "gdp_real_growth",
    "va_primary_index": "va_primary_real_growth",
    "va_secondary_index": "va_secondary_real_growth",
    "va_tertiary_index": "va_tertiary_real_growth",
}
SECTOR_INPUTS = ("gdp_index", *LEVEL_KEYS, *INDEX_KEYS)
DEFLATOR_INPUTS = ("gdp_nominal", "gdp_index")
PER_CAPITA_INPUTS = ("gdp_index", "population")
ACCOUNTING_INPUTS = ("gdp_nominal", "gdp_index", "gfcf", "gdp_expenditure", "employment", "employment_urban_units")
#: NBS database exports, oldest first: each file holds a whole series (one release for all its years).
EXPORT_CLASSES = ("nbs_pre4", "nbs_post4", "nbs_post5")
#: Classes in which each year's numbers are a release of their own (a communiqué a year).
RELEASE_CLASSES = ("first_release",)
#: Classes tried for each year, best first: the latest official revision, older exports, then first
#: releases. Estimates, secondary copies and low-confidence rows are left out: a decomposition needs an
#: official release of levels and growth rates.
VINTAGE_PREFERENCE = ("nbs_post5", "nbs_post4", "nbs_pre4", "first_release")
#: Plausible volume indices (上年=100): outside, a growth rate was stored as an index or vice versa.
INDEX_BOUNDS = (50.0, 200.0)
ROW_COLUMNS = [
    "region",
    "indicator",
    "year",
    "period",
    "value",
    "unit",
    "vintage",
    "vintage_class",
    "source_title",
    "source_url",
    "note",
    "file",
    "row",
    "value_published",
    "preferred",
]


def nation() -> str:
    """The key of the nation in ``data/raw/regions/regions.csv`` (the reference of shift-share)."""
    keys = [r.key for r in vocabulary.REGION_TABLE if r.level == "nation"]
    if len(keys) != 1:
        raise InputError("regions.csv must list exactly one region of level nation", field="level", value=keys)
    return keys[0]


def one_release_per_year(vintage: str) -> bool:
    """True for a class whose years are separate releases (first releases): no growth across its years."""
    return vintage in RELEASE_CLASSES


#: Inputs read in this process, by loaded tables, region, indicators and class (see :func:`load_inputs`).
_READ: dict[tuple, pd.DataFrame] = {}


def load_inputs(region: str, indicators: Iterable[str], vintage: str) -> pd.DataFrame:
    """Annual rows of ``indicators`` for ``region`` in the vintage class ``vintage``, long and checked.

    Every row of the class is kept (column ``preferred`` marks the one a year uses; the others serve
    :func:`same_release_lag`). An index key (上年=100) without rows in the class is filled from its
    real-growth key (%, :data:`GROWTH_FOR_INDEX`): index = 100 + growth, said in ``note``. Indicators
    without rows in the class are absent. Columns: :data:`ROW_COLUMNS`.
    """
    check_class(vintage)
    if vintage == "all":
        raise InputError("a decomposition reads one vintage class at a time, not 'all'", field="vintage", value=vintage)
    indicators = tuple(indicators)
    # the methods read the same rows several times (the nation's for every region): kept per load of
    # the statistics' tables, so a rebuild or another data folder reads afresh
    key = (str(paths.RAW), tables_version(), region, indicators, vintage)
    if key not in _READ:
        _READ[key] = _read_inputs(region, indicators, vintage)
    return _READ[key].copy()


def _read_inputs(region: str, indicators: tuple[str, ...], vintage: str) -> pd.DataFrame:
    annual = catalogue(region)
    present = set(annual.loc[annual["period"] == "Y", "indicator"])
    frames = []
    for key in indicators:
        for source_key in (key, GROWTH_FOR_INDEX.get(key)):
            if source_key is None or source_key not in present:
                continue
            rows = load_series(source_key, region, vintage="all")
            rows = rows[(rows["period"] == "Y") & (rows["vintage_class"] == vintage)].copy()
            if rows.empty:
                continue
            if source_key != key:  # growth rate (%) -> index (上年=100)
                rows["value"] = 100.0 + rows["value"].astype("float64")
                rows["unit"] = "上年=100"
                rows["note"] = rows["note"].fillna("").astype(str) + f" [index = 100 + {source_key}]"
            rows["indicator"] = key
            frames.append(rows[ROW_COLUMNS])
            break
    if not frames:
        return pd.DataFrame(columns=ROW_COLUMNS)
    return check_rows(pd.concat(frames, ignore_index=True))


def check_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` unchanged when every check holds; else InputError naming file, row, field and value.

    One preferred row per indicator and year; levels (亿元, 万人, 元) positive; indices (上年=100)
    within :data:`INDEX_BOUNDS`. NaN values pass (missing stays missing).
    """
    preferred = rows[rows["preferred"].astype(bool)]
    doubled = preferred[preferred.duplicated(["indicator", "year"], keep=False)]
    if len(doubled):
        first = doubled.iloc[0]
        raise InputError(
            "two preferred rows for one indicator and year in one vintage class",
            file=first["file"],
            row=int(first["row"]),
            field=str(first["indicator"]),
            value=int(first["year"]),
        )
    low, high = INDEX_BOUNDS
    for record in rows.itertuples(index=False):
        number = float(record.value)
        if math.isnan(number):
            continue
        index = record.unit == "上年=100"
        if (index and not low <= number <= high) or (not index and number <= 0):
            expected = f"within {low:g}-{high:g} (上年=100)" if index else f"positive ({record.unit})"
            raise InputError(
                f"implausible {record.indicator} for {record.region} {record.year}: expected {expected}",
                file=record.file,
                row=int(record.row),
                field=str(record.indicator),
                value=number,
            )
    return rows


def wide(rows: pd.DataFrame) -> pd.DataFrame:
    """The preferred rows as one row per year (int index ``year``), one float column per indicator."""
    if rows.empty:
        return pd.DataFrame(index=pd.Index([], name="year", dtype="int64"))
    preferred = rows[rows["preferred"].astype(bool)]
    table = preferred.pivot_table(index="year", columns="indicator", values="value", aggfunc="first")
    table.index = table.index.astype("int64")
    table.columns = [str(c) for c in table.columns]
    return table.astype("float64").sort_index()


def same_release_lag(rows: pd.DataFrame, key: str, lag: int = 1) -> pd.Series:
    """For each year with a preferred ``key`` row, the value of ``key`` ``lag`` years earlier in the
    same release (a row with the same ``vintage`` text, preferred or not); NaN where that release
    has no such year. Indexed by year."""
    mine = rows[rows["indicator"] == key]
    by_release = {(r.vintage, int(r.year)): float(r.value) for r in mine.itertuples(index=False)}
    preferred = mine[mine["preferred"].astype(bool)]
    lagged = {
        int(r.year): by_release.get((r.vintage, int(r.year) - lag), math.nan) for r in preferred.itertuples(index=False)
    }
    return pd.Series(lagged, dtype="float64", name=f"{key}_lag{lag}").rename_axis("year").sort_index()


def releases(rows: pd.DataFrame, key: str) -> pd.Series:
    """The release (``vintage`` text) of each year's preferred ``key`` row, indexed by year."""
    preferred = rows[(rows["indicator"] == key) & rows["preferred"].astype(bool)]
    return pd.Series(dict(zip(preferred["year"].astype(int), preferred["vintage"].astype(str))), dtype="object")


def printed_precision(published: str) -> float:
    """Half a unit of the last digit printed in ``published`` (``"1349084"`` -> 0.5, ``"30209.4"`` -> 0.05)."""
    text = str(published).strip()
    decimals = len(text.split(".", 1)[1]) if "." in text else 0
    return 0.5 * 10.0**-decimals


def release_base(region: str, release_rows: pd.DataFrame, key: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The level of the year before on which each first release of ``key`` stood, from an NBS export.

    For each year t of a first release, the NBS export classes are searched, newest first, for an
    export whose level of t equals the release's level to the release's last printed digit
    (:func:`printed_precision`): that export carries the release's number, so its level of t-1 is the
    base the release compared with. Returns (``bases``, ``rows``): ``bases`` indexed by year with
    ``base`` (the level of t-1, in the unit of ``key``) and ``base_release`` (the export's ``vintage``
    text), years without such an export absent; ``rows`` the export rows read (for the sources).
    """
    bases: dict[int, dict] = {}
    used = []
    preferred = release_rows[(release_rows["indicator"] == key) & release_rows["preferred"].astype(bool)]
    exports = [load_inputs(region, (key,), vc) for vc in reversed(EXPORT_CLASSES)]
    for release in preferred.itertuples(index=False):
        year, tolerance = int(release.year), printed_precision(release.value_published)
        for rows in exports:
            holders = rows[(rows["year"] == year) & ((rows["value"] - float(release.value)).abs() <= tolerance + 1e-9)]
            before = rows[(rows["year"] == year - 1) & rows["vintage"].isin(holders["vintage"])]
            if len(before):
                holder = holders[holders["vintage"] == before["vintage"].iloc[0]].iloc[[0]]
                bases[year] = {"base": float(before["value"].iloc[0]), "base_release": str(before["vintage"].iloc[0])}
                used += [before.iloc[[0]], holder]
                break
    table = pd.DataFrame.from_dict(bases, orient="index", columns=["base", "base_release"]).rename_axis("year")
    rows = pd.concat(used, ignore_index=True) if used else pd.DataFrame(columns=ROW_COLUMNS)
    return table.sort_index(), rows


@dataclass(frozen=True)
class Inputs:
    """One vintage class's inputs of a method: ``frame`` (wide, one row per year, the columns the
    method reads) and ``rows`` (every series row read, for the sources)."""

    vintage: str
    frame: pd.DataFrame
    rows: pd.DataFrame


def sector_inputs(region: str, vintage: str) -> Inputs:
    """Sector value added (亿元), sector indices and the GDP index (上年=100) in one class."""
    rows = load_inputs(region, SECTOR_INPUTS, vintage)
    return Inputs(vintage, wide(rows), rows)


def deflator_inputs(region: str, vintage: str) -> Inputs:
    """Nominal GDP (亿元) and the GDP index (上年=100) in one class, with the base of nominal growth.

    Adds ``gdp_nominal_lag1`` (the level of t-1 in the release of the level of t), ``release`` (that
    release's ``vintage`` text) and ``base_release`` (the release the base comes from). In an NBS
    export both levels are the export's (:func:`same_release_lag`). A first release needs its level
    and real growth of t from the same release, and its base from an export holding its level
    (:func:`release_base`); a year without them keeps NaN, so its deflator is not computed.
    """
    rows = load_inputs(region, DEFLATOR_INPUTS, vintage)
    frame = wide(rows)
    if not {"gdp_nominal", "gdp_index"} <= set(frame.columns):
        return Inputs(vintage, frame, rows)
    frame["release"] = releases(rows, "gdp_nominal").reindex(frame.index)
    if one_release_per_year(vintage):
        same = frame["release"] == releases(rows, "gdp_index").reindex(frame.index)
        frame["gdp_index"] = frame["gdp_index"].where(same)
        bases, used = release_base(region, rows, "gdp_nominal")
        frame["gdp_nominal_lag1"] = bases["base"].reindex(frame.index).astype("float64")
        frame["base_release"] = bases["base_release"].reindex(frame.index)
        rows = pd.concat([rows, used], ignore_index=True) if len(used) else rows
    else:
        frame["gdp_nominal_lag1"] = same_release_lag(rows, "gdp_nominal").reindex(frame.index)
        frame["base_release"] = frame["release"]
    return Inputs(vintage, frame, rows)


def per_capita_inputs(region: str, vintage: str) -> Inputs:
    """The GDP index (上年=100) and year-end population (万人) in one class, with ``population_lag1`` and
    ``population_lag2`` (population one and two years earlier in the same release) and ``release``."""
    rows = load_inputs(region, PER_CAPITA_INPUTS, vintage)
    frame = wide(rows)
    if "population" in frame.columns:
        for lag in (1, 2):
            frame[f"population_lag{lag}"] = same_release_lag(rows, "population", lag).reindex(frame.index)
        frame["release"] = releases(rows, "population").reindex(frame.index)
    return Inputs(vintage, frame, rows)


def accounting_inputs(region: str, vintage: str) -> Inputs:
    """Nominal GDP, gross fixed capital formation and expenditure-side GDP (亿元), the GDP index
    (上年=100) and employment (万人) in one class (:data:`ACCOUNTING_INPUTS`)."""
    rows = load_inputs(region, ACCOUNTING_INPUTS, vintage)
    return Inputs(vintage, wide(rows), rows)


def sources(rows: pd.DataFrame, years: Iterable[int]) -> pd.DataFrame:
    """Provenance of ``rows`` of ``years``: ``source_title``, ``source_url``, ``vintage``, ``file``, unique."""
    columns = ["source_title", "source_url", "vintage", "file"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    used = rows[rows["year"].astype(int).isin([int(y) for y in years])]
    return used[columns].astype(str).drop_duplicates().reset_index(drop=True)


def revision_note(region: str, year: int) -> str:
    """A note for a year of ``region``'s data-revision episode (``data/raw/regions/revisions.csv``), else ""."""
    years = revision_years(region)
    if int(year) not in years:
        return ""
    name = vocabulary.REGION_NAMES.get(region, region)
    return (
        f"{year} is in {name}'s data-revision episode {years[0]}-{years[-1]} (data/raw/regions/revisions.csv): "
        "figures of these years were corrected afterwards; growth across the episode is not comparable"
    )


def add_revision_notes(result: pd.DataFrame, region: str) -> pd.DataFrame:
    """``result`` with :func:`revision_note` appended to the ``note`` of the episode's years."""
    if result.empty or not revision_years(region):
        return result
    out = result.copy()
    extra = out["year"].map(lambda y: revision_note(region, int(y)))
    out["note"] = [("; ".join(n for n in (str(a), b) if n)) for a, b in zip(out["note"].fillna(""), extra)]
    return out


def revision_break(levels: pd.DataFrame) -> pd.DataFrame:
    """Nominal GDP in each NBS vintage side by side: the size of a revision, year by year.

    Parameters
    ----------
    levels : long frame with ``year``, ``vintage_class`` and ``value`` (gdp_nominal, 亿元, annual).

    Returns
    -------
    Frame: ``year``; one column of levels per class (亿元); ``growth_<class>``, nominal growth within
    that class (%, consecutive years only); and for every class beside ``nbs_pre4``,
    ``revision_<class>`` = pre-2018 level / that class's level - 1 (%). Growth is computed within a
    column only: a revision shows as a gap between levels, never as a growth rate.
    """
    annual = levels[levels["period"] == "Y"] if "period" in levels.columns else levels
    table = annual.pivot_table(index="year", columns="vintage_class", values="value", aggfunc="first").sort_index()
    out = pd.DataFrame(index=table.index)
    consecutive = pd.Series(table.index, index=table.index).diff() == 1
    for column in table.columns:
        out[column] = table[column]
        out[f"growth_{column}"] = (100.0 * (table[column] / table[column].shift(1) - 1.0)).where(consecutive)
    if "nbs_pre4" in table.columns:
        for column in table.columns:
            if column != "nbs_pre4":
                out[f"revision_{column}"] = 100.0 * (table["nbs_pre4"] / table[column] - 1.0)
    out.index.name = "year"
    return out.reset_index()


def revision_levels(region: str, *, margin: int = 2) -> pd.DataFrame:
    """:func:`revision_break` of ``region``'s nominal GDP in the NBS exports, indexed by year.

    Years: the region's data-revision episode (:func:`analysis.series.vintages.revision_years`)
    with ``margin`` years either side; every year for a region without an episode.
    """
    levels = pd.concat([load_inputs(region, ("gdp_nominal",), vc) for vc in EXPORT_CLASSES], ignore_index=True)
    levels = levels[levels["preferred"].astype(bool)]
    if levels.empty:
        return pd.DataFrame(index=pd.Index([], name="year", dtype="int64"))
    table = revision_break(levels)
    episode = revision_years(region)
    if episode:
        table = table[(table["year"] >= episode[0] - margin) & (table["year"] <= episode[-1] + margin)]
    return table.set_index("year")
