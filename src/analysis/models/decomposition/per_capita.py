"""People and output per head: real GDP growth split into growth per head and population growth.

Model
-----
    (1 + g) = (1 + g_pc)(1 + g_pop)        g_pc = (1 + g) / (1 + g_pop) - 1

with g real GDP growth (published index, 上年=100) and g_pop the growth of the population. In
percentage points g = g_pc + g_pop + g_pc g_pop (``interaction``); growth per head is derived, so the
residual is zero up to floating point. A shrinking population makes ``population`` negative: growth
per head then exceeds GDP growth.

Population (``population_basis``): ``"average"`` (default), the mean of the year-end populations of
t-1 and t, the denominator NBS uses for GDP per head (needs year-end population of t-2, t-1 and t);
``"year_end"``, the year-end population. The populations compared are of one release
(``population_lag1``/``population_lag2`` of :func:`analysis.models.decomposition.inputs.per_capita_inputs`):
a population series is revised after each census, and growth across two releases would show the
revision as a change in people.

Units: population 万人 (年末常住人口, year-end), index 上年=100, growth % and pp.

References
----------
National Bureau of Statistics of China, *China Statistical Yearbook*, notes to "人均地区生产总值"
(GDP per head over the average resident population of the year).
"""

from __future__ import annotations

import pandas as pd

from analysis.models.decomposition import _long

POPULATION_BASES = ("average", "year_end")
PER_CAPITA_COLUMNS = ("release",)


def _population(frame: pd.DataFrame, year: int, lag: int) -> float:
    """Year-end population of ``year - lag`` in the release of ``year``'s row (万人)."""
    if lag == 0:
        return _long.value(frame, year, "population")
    if f"population_lag{lag}" in frame.columns:
        return _long.value(frame, year, f"population_lag{lag}")
    return _long.value(frame, year - lag, "population")  # a frame of one release


def population_split(frame: pd.DataFrame, *, vintage: str = "", population_basis: str = "average") -> pd.DataFrame:
    """Real GDP growth split into growth per head, population growth and their interaction.

    Parameters
    ----------
    frame : wide frame indexed by year with ``gdp_index`` (上年=100) and ``population`` (万人,
        year-end) of one class, and ``population_lag1``, ``population_lag2`` (population one and two
        years earlier in the release of year t's row; without them the frame is one release).
        Optional ``release`` (text) names the population's release.
    vintage : the class, copied to the ``vintage`` column.
    population_basis : ``"average"`` or ``"year_end"`` (module docstring).

    Returns
    -------
    Long frame (:data:`analysis.models.decomposition._long.COLUMNS` plus ``release``): ``per_capita``
    (pp), ``population`` (pp), ``interaction`` (pp), ``residual`` and ``total`` (real GDP growth, %).
    """
    if population_basis not in POPULATION_BASES:
        raise ValueError(f"population_basis must be one of {POPULATION_BASES}, not {population_basis!r}")
    records: list[dict] = []
    for year in sorted(int(y) for y in frame.index):
        if population_basis == "year_end":
            now, before = _population(frame, year, 0), _population(frame, year, 1)
        else:
            now = (_population(frame, year, 1) + _population(frame, year, 0)) / 2.0
            before = (_population(frame, year, 2) + _population(frame, year, 1)) / 2.0
        index = _long.value(frame, year, "gdp_index")
        if not _long.finite(index, now, before) or before <= 0:
            continue
        growth, population_growth = index / 100.0 - 1.0, now / before - 1.0
        per_capita = (1.0 + growth) / (1.0 + population_growth) - 1.0
        parts = {
            "per_capita": 100.0 * per_capita,
            "population": 100.0 * population_growth,
            "interaction": 100.0 * per_capita * population_growth,
        }
        release = str(frame.at[year, "release"]) if "release" in frame.columns else ""
        extra = {name: {"release": release} for name in (*parts, "residual", "total")}
        records += _long.rows(
            year,
            parts,
            100.0 * growth,
            method="per-capita",
            vintage=vintage,
            note=f"population: {population_basis.replace('_', '-')} (万人)",
            extra=extra,
        )
    return _long.frame(records, PER_CAPITA_COLUMNS)
