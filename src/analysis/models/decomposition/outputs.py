"""The tables the decomposition family writes, each declared once in the table contract.

The notebook ``40_decomposition`` writes them with :func:`analysis.contract.write` into its
``output_dir``; the briefing reads ``decomposition_sectors`` and ``money_terms``, and lists the
sources tables in its Sources section.
"""

from __future__ import annotations

import pandas as pd

from analysis import contract

FAMILY, NOTEBOOK = "decomposition", "40_decomposition"
GROWTH_SECTION = "Where growth came from"
MONEY_SECTION = "Where growth came from"
SOURCES_SECTION = "Sources"

_LONG = [
    ("year", "year", "calendar year whose growth is decomposed"),
    ("component", "text", "a part of the total, 'residual', or the total itself"),
    ("value_pp", "pp (%, for the total)", "the part in percentage points of growth; the total's own growth rate"),
    ("share", "%", "value_pp as a share of the total (components + residual = 100)"),
    ("role", "text", "component, residual or total"),
]

SECTORS_TABLE = contract.declare(
    "decomposition_sectors",
    family=FAMILY,
    notebook=NOTEBOOK,
    section=GROWTH_SECTION,
    description="contributions (拉动) of the three sectors to real GDP growth, each year within one vintage class",
    columns=[
        *_LONG,
        ("method", "text", "'sectors'"),
        ("vintage", "vintage class", "the class the year was computed in (first_release, nbs_post4, ...)"),
        ("note", "text", "price-basis fallback, data-revision episode"),
        ("share_nbs", "%", "贡献率 as the yearbook computes it: the three sectors sum to 100"),
        ("price_basis", "text", "prices the increments are valued at: 'nbs base YYYY', current_year or previous_year"),
        ("sector_growth", "%", "the sector's real growth (上年=100 index - 100)"),
    ],
)

GAP_TABLE = contract.declare(
    "decomposition_gap",
    family=FAMILY,
    notebook=NOTEBOOK,
    section=GROWTH_SECTION,
    description="the region's real growth gap to the nation: industry mix, within-sector performance, residual",
    columns=[
        *_LONG,
        ("vintage", "vintage class", "the class both regions' numbers come from"),
        ("note", "text", "the reference region and the weights"),
    ],
)

MONEY_TABLE = contract.declare(
    "money_terms",
    family=FAMILY,
    notebook=NOTEBOOK,
    section=MONEY_SECTION,
    description="GDP growth in money terms (real growth and the implicit deflator) and per head, one row a year",
    columns=[
        ("year", "year", "calendar year"),
        ("real_growth", "%", "real GDP growth of the release the deflator is computed in"),
        ("deflator", "%", "implicit GDP deflator growth: (1 + nominal) / (1 + real) - 1"),
        ("nominal_growth", "%", "nominal GDP growth, both levels of one release"),
        ("per_capita", "%", "real GDP growth per head (average resident population)"),
        ("population", "%", "growth of the average resident population, one release"),
        ("vintage_prices", "vintage class", "class of the real_growth/deflator/nominal_growth columns"),
        ("vintage_people", "vintage class", "class of the per_capita/population columns"),
        ("release_prices", "text", "the release (vintage text) of the GDP levels"),
        ("release_people", "text", "the release (vintage text) of the population"),
    ],
)

_SOURCE_COLUMNS = [
    ("source_title", "text", "the publication a row read comes from"),
    ("source_url", "URL", "where it was read"),
    ("vintage", "text", "the release (vintage text) of the row"),
    ("file", "file", "the raw file of data/raw/public holding the row"),
]

SECTORS_SOURCES_TABLE = contract.declare(
    "decomposition_sources",
    family=FAMILY,
    notebook=NOTEBOOK,
    section=SOURCES_SECTION,
    description="provenance of every series row the sector and shift-share tables read",
    columns=_SOURCE_COLUMNS,
)

MONEY_SOURCES_TABLE = contract.declare(
    "money_terms_sources",
    family=FAMILY,
    notebook=NOTEBOOK,
    section=SOURCES_SECTION,
    description="provenance of every series row the money-terms table reads",
    columns=_SOURCE_COLUMNS,
)

#: Every table of the family, by name.
TABLES: dict[str, contract.Table] = {
    t.name: t for t in (SECTORS_TABLE, GAP_TABLE, MONEY_TABLE, SECTORS_SOURCES_TABLE, MONEY_SOURCES_TABLE)
}


def money_terms(prices: pd.DataFrame, people: pd.DataFrame) -> pd.DataFrame:
    """Growth in money terms and per head (%), one row a year, from the deflator and per-capita results.

    nominal growth = real growth compounded with the implicit deflator; real growth = growth per head
    compounded with population growth. Each pair keeps its own class and release columns: a year may
    take its prices from one release and its population from another, which the columns say; growth is
    never computed across releases. A year one method cannot compute is NaN in its columns.
    """
    columns = MONEY_TABLE.column_names
    parts = []
    for result, names, vintage_column, release_column in (
        (prices, ("real_growth", "deflator", "nominal_growth"), "vintage_prices", "release_prices"),
        (people, ("per_capita", "population"), "vintage_people", "release_people"),
    ):
        rows = result[result["component"].isin(names)] if len(result) else result
        if rows.empty:
            continue
        table = rows.pivot_table(index="year", columns="component", values="value_pp", aggfunc="first")
        first = rows.groupby("year")[["vintage", "release"]].first()
        table[vintage_column], table[release_column] = first["vintage"], first["release"]
        parts.append(table)
    if not parts:
        return pd.DataFrame(columns=columns)
    table = pd.concat(parts, axis=1).reset_index()
    return table.reindex(columns=columns).sort_values("year").reset_index(drop=True)


def long_table(result: pd.DataFrame, spec: contract.Table) -> pd.DataFrame:
    """A long method result in the declared columns of ``spec``, in order."""
    return result.reindex(columns=spec.column_names).reset_index(drop=True)


def sorted_sources(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Provenance frames stacked, unique and sorted (deterministic), in the sources tables' columns."""
    columns = SECTORS_SOURCES_TABLE.column_names
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=columns)
    stacked = pd.concat(frames, ignore_index=True)[columns].astype(str).drop_duplicates()
    return stacked.sort_values(columns, kind="stable").reset_index(drop=True)
