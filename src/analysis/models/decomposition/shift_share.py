"""Against the nation: the growth gap of a region split into industry mix and within-sector performance.

Model
-----
With w_i the weight of sector i (第一/第二/第三产业) and g_i its real growth (%), R the region and C
the reference (the nation by default),

    mix    = sum_i (w_R,i - w_C,i) g_C,i        (the region's sector weights, at the nation's growth)
    within = sum_i w_R,i (g_R,i - g_C,i)        (the region's growth in each sector, at its weights)
    gap    = G_R - G_C                          (published real GDP growth, pp)

mix + within equals the gap of the sector-weighted growth rates exactly; the residual (gap - mix -
within) is the difference between the two regions' aggregation residuals (published growth against
weighted sector growth).

Weights: previous-year nominal shares, w_i = VA_i(t-1) / sum_j VA_j(t-1), in an NBS export; in a class
of first releases (one release a year) the year-(t-1) volumes at year-t prices of the same release,
VA_i(t) / index_i(t), so that no weight comes from another release.

Units: value added 亿元 (current prices, annual), indices 上年=100, mix/within/gap pp.

References
----------
Dunn, E. S. (1960), "A statistical and analytical technique for regional analysis", *Papers of the
Regional Science Association* 6: 97-112. The two-term form (no national-growth term) is the
growth-differential decomposition of a region against its nation.
"""

from __future__ import annotations

import pandas as pd

from analysis.models.decomposition import _long
from analysis.models.decomposition.inputs import INDEX_KEYS, LEVEL_KEYS, one_release_per_year


def _weights(frame: pd.DataFrame, year: int, own_prices: bool) -> list[float]:
    """Sector weights of ``year`` (module docstring); NaN when the levels are missing."""
    if own_prices:
        levels = [
            _long.value(frame, year, k) / (_long.value(frame, year, i) / 100.0) for k, i in zip(LEVEL_KEYS, INDEX_KEYS)
        ]
    else:
        levels = [_long.value(frame, year - 1, k) for k in LEVEL_KEYS]
    if not _long.finite(*levels) or sum(levels) <= 0:
        return [float("nan")] * len(levels)
    return [level / sum(levels) for level in levels]


def shift_share(
    region: pd.DataFrame, reference: pd.DataFrame, *, reference_name: str, vintage: str = ""
) -> pd.DataFrame:
    """The growth gap of ``region`` over ``reference``: industry ``mix``, ``within``-sector, residual.

    Parameters
    ----------
    region, reference : wide frames indexed by year, each with ``va_*`` levels (亿元, current prices),
        ``va_*_index`` and ``gdp_index`` (上年=100), of the class ``vintage``.
    reference_name : the reference's region key, named in ``note``.
    vintage : the class, copied to the ``vintage`` column; it decides the weights (module docstring).

    Returns
    -------
    Long frame (:data:`analysis.models.decomposition._long.COLUMNS`): ``mix`` and ``within`` (pp),
    ``residual`` and the total ``gap`` (published G_R - G_C, pp).
    """
    own_prices = one_release_per_year(vintage)
    weights_named = "year-(t-1) volumes at year-t prices" if own_prices else "previous-year nominal shares"
    records: list[dict] = []
    for year in sorted(set(int(y) for y in region.index) & set(int(y) for y in reference.index)):
        values = {}
        for name, frame in (("R", region), ("C", reference)):
            weights = _weights(frame, year, own_prices)
            growth = [_long.value(frame, year, k) - 100.0 for k in INDEX_KEYS]
            total = _long.value(frame, year, "gdp_index") - 100.0
            if not _long.finite(*weights, *growth, total):
                break
            values[name] = (weights, growth, total)
        if len(values) < 2:
            continue
        (w_r, g_r, total_r), (w_c, g_c, total_c) = values["R"], values["C"]
        mix = sum((a - b) * g for a, b, g in zip(w_r, w_c, g_c))
        within = sum(a * (x - y) for a, x, y in zip(w_r, g_r, g_c))
        records += _long.rows(
            year,
            {"mix": mix, "within": within},
            total_r - total_c,
            method="shift-share",
            vintage=vintage,
            note=f"gap against {reference_name}; weights: {weights_named}",
            total_name="gap",
        )
    return _long.frame(records)
