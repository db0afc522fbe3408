"""Sector contributions to real GDP growth: 拉动 (pull, percentage points) and 贡献率 (share, %).

Model
-----
With V_i(t) the value added of sector i (第一/第二/第三产业) at one set of constant prices,

    contribution_i(t) = [V_i(t) - V_i(t-1)] / sum_j V_j(t-1) x 100      (pp)
    share_nbs_i(t)    = [V_i(t) - V_i(t-1)] / sum_j [V_j(t) - V_j(t-1)] x 100   (%, the yearbook's 贡献率)

and the published real GDP growth of the same release is the total: components + residual = total,
the residual being what the published aggregate and the weighted sectors do not share (rounding of
published indices, chain-linking).

Prices (``price_basis``): ``"nbs"``, NBS practice, values the increments at the constant prices of a
five-yearly base year (2000, 2005, 2010, ...; :func:`nbs_base_year`): V_i(t) = VA_i(base) x the
product of the sector's indices since. Where the base-year level or an index since is not in the
class, the year's own prices are used (``"current_year"``: V_i(t-1) = VA_i(t) / index_i(t), levels
and growth rates of one release), else previous-year prices (``"previous_year"``: V_i(t-1) =
VA_i(t-1), V_i(t) = VA_i(t-1) x index_i(t)); the ``price_basis`` and ``note`` columns say which. In a
class of first releases (one release a year) every year is valued at its own prices: the base-year
level and the year before's level are other releases.

Units: value added 亿元 at current prices, annual; indices 上年=100; contributions pp; shares %.

References
----------
National Bureau of Statistics of China, *China Statistical Yearbook*, notes to the table
"三次产业贡献率": 贡献率 is the increment of an industry's value added over the increment of GDP,
both at constant prices (按不变价格计算); 拉动 = 贡献率 x GDP growth. The base-year method reproduces
the Fujian Statistical Yearbook 2020, table 2-7 (tests/data/decomposition/README.md).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from analysis.models.decomposition import _long
from analysis.models.decomposition.inputs import SECTORS, one_release_per_year

PRICE_BASES = ("nbs", "previous_year", "current_year")
SECTOR_COLUMNS = ("share_nbs", "price_basis", "sector_growth")


def nbs_base_year(year: int) -> int:
    """The NBS constant-price base year in force for growth in ``year`` (2001-2005 -> 2000, ...).

    NBS rebases constant prices every five years on years ending in 0 and 5; growth in year t is
    measured at the prices of the latest base year strictly before t.
    """
    return 5 * ((int(year) - 1) // 5)


def check_price_basis(price_basis: str) -> str:
    """``price_basis`` when it is one of :data:`PRICE_BASES`; ``ValueError`` naming them otherwise."""
    if price_basis not in PRICE_BASES:
        raise ValueError(f"price_basis must be one of {PRICE_BASES}, not {price_basis!r}")
    return price_basis


def volumes(frame: pd.DataFrame, year: int, price_basis: str) -> tuple[dict, dict, str, str] | None:
    """Sector value added of ``year - 1`` and ``year`` at one set of constant prices (亿元).

    Returns (previous, current, basis used, note), or None when the frame does not allow it.
    """
    index = {s: _long.value(frame, year, f"va_{s}_index") for s in SECTORS}
    if not _long.finite(*index.values()):
        return None
    if price_basis == "nbs":
        base = nbs_base_year(year)
        levels = {s: _long.value(frame, base, f"va_{s}") for s in SECTORS}
        chain = {s: [_long.value(frame, y, f"va_{s}_index") for y in range(base + 1, year + 1)] for s in SECTORS}
        if _long.finite(*levels.values()) and all(_long.finite(*c) for c in chain.values()):
            previous, current = {}, {}
            for s in SECTORS:
                volume = levels[s]
                for factor in chain[s][:-1]:
                    volume *= factor / 100.0
                previous[s], current[s] = volume, volume * chain[s][-1] / 100.0
            return previous, current, f"nbs base {base}", ""
        fallback = volumes(frame, year, "current_year") or volumes(frame, year, "previous_year")
        if fallback is None:
            return None
        used = fallback[2].replace("_", "-")
        note = (
            f"NBS base year {base} not in this vintage (levels or indices missing); increments valued at {used} prices"
        )
        return fallback[0], fallback[1], fallback[2], note
    if price_basis == "previous_year":
        levels = {s: _long.value(frame, year - 1, f"va_{s}") for s in SECTORS}
        if not _long.finite(*levels.values()):
            return None
        return levels, {s: levels[s] * index[s] / 100.0 for s in SECTORS}, "previous_year", ""
    levels = {s: _long.value(frame, year, f"va_{s}") for s in SECTORS}
    if not _long.finite(*levels.values()):
        return None
    return {s: levels[s] / (index[s] / 100.0) for s in SECTORS}, levels, "current_year", ""


def sector_contributions(
    frame: pd.DataFrame, *, vintage: str = "", price_basis: str = "nbs", years: Iterable[int] | None = None
) -> pd.DataFrame:
    """Contributions of the three sectors to real GDP growth (拉动, pp) and their shares (贡献率, %).

    Parameters
    ----------
    frame : wide frame indexed by ``year`` (int), one vintage class, with ``va_primary``,
        ``va_secondary``, ``va_tertiary`` (value added, 亿元, current prices), ``va_primary_index`` ...
        (上年=100) and ``gdp_index`` (published real GDP index, 上年=100: the total).
    vintage : the class of ``frame``, copied to the ``vintage`` column; a class of first releases
        (:func:`analysis.models.decomposition.inputs.one_release_per_year`) is valued at each year's
        own prices whatever ``price_basis`` says.
    price_basis : ``"nbs"``, ``"previous_year"`` or ``"current_year"`` (module docstring).
    years : restrict to these years (default: every year the frame allows).

    Returns
    -------
    Long frame (:data:`analysis.models.decomposition._long.COLUMNS` plus ``share_nbs``,
    ``price_basis``, ``sector_growth``): one row per sector (``value_pp`` in pp, ``sector_growth`` the
    sector's real growth in %), ``residual`` (published growth - sum of contributions, pp) and
    ``total`` (published GDP growth, %). ``share`` is against the published growth (components +
    residual = 100); ``share_nbs`` is the yearbook's, the three sectors summing to 100. Years without
    a published total are skipped.

    Examples
    --------
    Sectors of 10, 40 and 50 亿元 growing 10 %, 5 % and 2 % at previous-year prices pull 1, 2 and 1 pp;
    against a published 4.2 % the residual is 0.2 pp (tests/test_decomposition_models.py).
    """
    check_price_basis(price_basis)
    own_prices = one_release_per_year(vintage)
    wanted = sorted(int(y) for y in (years if years is not None else frame.index))
    records: list[dict] = []
    for year in wanted:
        total_index = _long.value(frame, year, "gdp_index")
        found = volumes(frame, year, "current_year" if own_prices else price_basis)
        if not _long.finite(total_index) or found is None:
            continue
        previous, current, basis, note = found
        if own_prices and price_basis != "current_year":
            note = "first release: levels and growth rates of the year's own release, valued at its prices"
        increments = {s: current[s] - previous[s] for s in SECTORS}
        denominator, sum_increments = sum(previous.values()), sum(increments.values())
        parts = {s: 100.0 * increments[s] / denominator for s in SECTORS}
        extra = {
            s: {
                "share_nbs": 100.0 * increments[s] / sum_increments if sum_increments else float("nan"),
                "sector_growth": _long.value(frame, year, f"va_{s}_index") - 100.0,
                "price_basis": basis,
            }
            for s in SECTORS
        }
        extra["residual"] = {"price_basis": basis}
        extra["total"] = {"share_nbs": 100.0, "price_basis": basis}
        records += _long.rows(
            year, parts, total_index - 100.0, method="sectors", vintage=vintage, note=note, extra=extra
        )
    return _long.frame(records, SECTOR_COLUMNS)
