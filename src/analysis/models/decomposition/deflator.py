"""Prices and volume: nominal GDP growth split into real growth and the implicit GDP deflator.

Model
-----
    (1 + n) = (1 + g)(1 + p)        n = Y(t) / Y(t-1) - 1,  g = index(t) / 100 - 1,  p = (1 + n) / (1 + g) - 1

with Y nominal GDP (亿元, current prices), the index the published real GDP index (上年=100) and p the
implicit GDP deflator's growth (%). In percentage points: n = g + p + g p (``interaction``); the
residual is zero up to floating point, printed anyway.

One release
-----------
n and g must come from one release: the two levels Y(t) and Y(t-1) of the same release (an NBS export
holds both; a first release holds only Y(t), and its base Y(t-1) is the level of t-1 in an NBS export
that carries the release's Y(t): :func:`analysis.models.decomposition.inputs.release_base`), and g of
the same class (of the same release for a first release). Dividing the levels of two first releases
mixes two bases: each communiqué compares with the *revised* level of the year before, not with the
previous communiqué's. The ``release`` column says which release the levels come from.

Units: levels 亿元 (annual), index 上年=100, growth rates % and pp.

References
----------
National Bureau of Statistics of China, *China Statistical Yearbook*, explanatory notes on national
accounts: GDP at current prices and the volume index at constant prices; the deflator is implicit.
"""

from __future__ import annotations

import pandas as pd

from analysis.models.decomposition import _long

DEFLATOR_COLUMNS = ("release",)


def implicit_deflator(frame: pd.DataFrame, *, vintage: str = "") -> pd.DataFrame:
    """Nominal GDP growth split into real growth, the implicit deflator and their interaction.

    Parameters
    ----------
    frame : wide frame indexed by year with ``gdp_nominal`` (亿元) and ``gdp_index`` (上年=100) of one
        vintage class, and ``gdp_nominal_lag1``: the level of t-1 in the release of the level of t
        (NaN where no release holds both). Without that column the frame is taken as one release and
        the level of t-1 is its row t-1. Optional ``release`` and ``base_release`` (text) name the
        releases of the two levels.
    vintage : the class, copied to the ``vintage`` column.

    Returns
    -------
    Long frame (:data:`analysis.models.decomposition._long.COLUMNS` plus ``release``): components
    ``real_growth`` (pp), ``deflator`` (implicit deflator growth, %), ``interaction`` (pp), the
    ``residual`` and the total ``nominal_growth`` (%).
    """
    records: list[dict] = []
    for year in sorted(int(y) for y in frame.index):
        nominal = _long.value(frame, year, "gdp_nominal")
        before = (
            _long.value(frame, year, "gdp_nominal_lag1")
            if "gdp_nominal_lag1" in frame.columns
            else _long.value(frame, year - 1, "gdp_nominal")
        )
        index = _long.value(frame, year, "gdp_index")
        if not _long.finite(nominal, before, index) or before <= 0:
            continue
        nominal_growth = nominal / before - 1.0
        real_growth = index / 100.0 - 1.0
        deflator = (1.0 + nominal_growth) / (1.0 + real_growth) - 1.0
        release = str(frame.at[year, "release"]) if "release" in frame.columns else ""
        base = str(frame.at[year, "base_release"]) if "base_release" in frame.columns else release
        note = "" if base == release else f"{year - 1} level (the base of this release) from: {base}"
        parts = {
            "real_growth": 100.0 * real_growth,
            "deflator": 100.0 * deflator,
            "interaction": 100.0 * real_growth * deflator,
        }
        extra = {name: {"release": release} for name in (*parts, "residual", "nominal_growth")}
        records += _long.rows(
            year,
            parts,
            100.0 * nominal_growth,
            method="deflator",
            vintage=vintage,
            note=note,
            total_name="nominal_growth",
            extra=extra,
        )
    return _long.frame(records, DEFLATOR_COLUMNS)
