"""Where growth comes from: sector contributions, implicit deflator, population, shift-share.

All functions here are pure: they take *wide* frames (one row per year, integer index ``year``)
built from a single data vintage and return *long* frames with the columns of :data:`COLUMNS`.
Loading (which vintage, which rows) lives in :func:`sector_frame` and :func:`decompose`.

Units
-----
Levels are 亿元 at current prices (annual); volume indices are 上年=100 (previous year = 100);
growth rates and contributions are in % and percentage points (百分点, "pp"); shares (贡献率)
are % of the total being decomposed.

Every decomposition reports an explicit ``residual`` row: components + residual = total, always,
and the residual is what the data leave over, never forced to zero.

References
----------
National Bureau of Statistics of China, *China Statistical Yearbook*, notes to the table
"三次产业贡献率": 贡献率 is the ratio of the increment of an industry's value added to the increment
of GDP, both at constant prices (按不变价格计算); 拉动 (pull, pp) = 贡献率 × GDP growth.
NBS compiles constant prices on a fixed base year rebased every five years (2000, 2005, 2010,
2015, 2020); :func:`sector_contributions` with ``price_basis="nbs"`` follows that practice and
reproduces the Fujian Statistical Yearbook 2020 table 2-7 (see tests/data/decomposition).

Dunn, E. S. (1960), "A statistical and analytical technique for regional analysis", *Papers of
the Regional Science Association* 6: 97-112 (shift-share).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

from analysis.series.vintages import REVISION_YEARS, is_revision_year

if TYPE_CHECKING:  # pandas is imported inside functions: ``import analysis`` stays light
    import pandas as pd

SECTORS = ("primary", "secondary", "tertiary")
SECTOR_NAMES = {"primary": "第一产业", "secondary": "第二产业", "tertiary": "第三产业"}
LEVEL_KEYS = tuple(f"va_{s}" for s in SECTORS)
INDEX_KEYS = tuple(f"va_{s}_index" for s in SECTORS)
# growth-rate keys (%, real) that stand in for an index (上年=100) in first-release vintages
GROWTH_FOR_INDEX = {
    "gdp_index": "gdp_real_growth",
    "va_primary_index": "va_primary_real_growth",
    "va_secondary_index": "va_secondary_real_growth",
    "va_tertiary_index": "va_tertiary_real_growth",
}
COLUMNS = ["year", "component", "value_pp", "share", "role", "method", "vintage", "note"]
PRICE_BASES = ("nbs", "previous_year", "current_year")
# Vintage classes tried for each year, best first: the latest official revision, then older ones,
# then first releases (communiques). One year is always computed within one class.
# A preference, not analysis.series.vintages.VINTAGE_CLASSES (which lists every class, first
# releases first, with no preference); estimates, secondary copies and low-confidence rows are
# left out on purpose: a decomposition needs a whole official release of levels and indices.
# (The same ordering as analysis.models.scenarios.HISTORY_CLASSES, chosen there for the same reason.)
VINTAGE_PREFERENCE = ("nbs_post5", "nbs_post4", "nbs_pre4", "first_release")
# The NBS database exports, oldest first: the columns of the revision-break table.
NBS_CLASSES = ("nbs_pre4", "nbs_post4", "nbs_post5")

#: Economic census years (第一至第五次全国经济普查): NBS revises that year's GDP level after the census, so
#: the first release of the year after it stands on the revised level while the census year's own
#: first release does not. Growth of first-release levels across such a pair mixes two bases.
ECONOMIC_CENSUS_YEARS = (2004, 2008, 2013, 2018, 2023)

REVISION_NOTE = (
    "2011-2014 levels: NBS revised Liaoning's inflated levels down (pre-2018 vintage "
    "2014 GDP far above the post-4th-census one); only the revised vintage is used here"
)


def _revision_note(region: str, year: int, vintage: str) -> str:
    """:data:`REVISION_NOTE` for a year of Liaoning's 2011-2017 revision episode in an NBS vintage.

    The episode is Liaoning's (:func:`analysis.series.vintages.is_revision_year`): other regions'
    years get no note.
    """
    return REVISION_NOTE if is_revision_year(region, year) and vintage.startswith("nbs") else ""


def nbs_base_year(year: int) -> int:
    """The NBS constant-price base year in force for growth in ``year`` (2001-2005 -> 2000, ...).

    NBS rebases constant prices every five years on years ending in 0 and 5; growth in year t is
    measured at the prices of the latest base year strictly before t.
    """
    return 5 * ((int(year) - 1) // 5)


def _nan() -> float:
    return float("nan")


def _finite(*values: float) -> bool:
    return all(v is not None and not (isinstance(v, float) and math.isnan(v)) for v in values)


def _rows(
    year: int,
    parts: dict[str, float],
    total: float,
    *,
    method: str,
    vintage: str,
    note: str,
    total_name: str = "total",
    extra: dict | None = None,
) -> list[dict]:
    """Long rows: components, the residual (total - sum of components) and the total."""
    residual = total - sum(parts.values()) if _finite(total) else _nan()
    out = []
    for name, value in [*parts.items(), ("residual", residual), (total_name, total)]:
        role = "component" if name in parts else ("residual" if name == "residual" else "total")
        share = 100.0 * value / total if _finite(total, value) and total != 0 else _nan()
        row = {
            "year": int(year),
            "component": name,
            "value_pp": value,
            "share": share,
            "role": role,
            "method": method,
            "vintage": vintage,
            "note": note,
        }
        if extra:
            row.update(extra.get(name, {}))
        out.append(row)
    return out


def _frame(rows: list[dict], extra_columns: Iterable[str] = ()) -> pd.DataFrame:
    import pandas as pd

    columns = COLUMNS + [c for c in extra_columns if c not in COLUMNS]
    frame = pd.DataFrame(rows, columns=columns)
    frame["year"] = frame["year"].astype("int64")
    for col in ("value_pp", "share"):
        frame[col] = frame[col].astype("float64")
    return frame.sort_values(["year"], kind="stable").reset_index(drop=True)


def _get(frame: pd.DataFrame, year: int, column: str) -> float:
    if column not in frame.columns or year not in frame.index:
        return _nan()
    value = frame.at[year, column]
    return float(value) if value == value else _nan()


def _volumes(frame: pd.DataFrame, year: int, price_basis: str) -> tuple[dict, dict, str, str] | None:
    """Sector value added in years ``year-1`` and ``year`` at one set of constant prices (亿元).

    Returns (previous, current, basis actually used, note) or None if the data do not allow it.
    """
    index = {s: _get(frame, year, f"va_{s}_index") for s in SECTORS}
    if not _finite(*index.values()):
        return None
    note = ""
    if price_basis == "nbs":
        base = nbs_base_year(year)
        levels = {s: _get(frame, base, f"va_{s}") for s in SECTORS}
        chain = {s: [_get(frame, y, f"va_{s}_index") for y in range(base + 1, year + 1)] for s in SECTORS}
        if _finite(*levels.values()) and all(_finite(*c) for c in chain.values()):
            previous, current = {}, {}
            for s in SECTORS:
                volume = levels[s]
                for factor in chain[s][:-1]:
                    volume *= factor / 100.0
                previous[s], current[s] = volume, volume * chain[s][-1] / 100.0
            return previous, current, f"nbs base {base}", note
        fallback = _volumes(frame, year, "current_year") or _volumes(frame, year, "previous_year")
        if fallback is None:
            return None
        used = fallback[2].replace("_", "-")
        note = (
            f"NBS base year {base} not in this vintage (levels or indices missing); increments valued at {used} prices"
        )
        return fallback[0], fallback[1], fallback[2], note
    if price_basis == "previous_year":
        levels = {s: _get(frame, year - 1, f"va_{s}") for s in SECTORS}
        if not _finite(*levels.values()):
            return None
        return levels, {s: levels[s] * index[s] / 100.0 for s in SECTORS}, "previous_year", note
    if price_basis == "current_year":
        levels = {s: _get(frame, year, f"va_{s}") for s in SECTORS}
        if not _finite(*levels.values()):
            return None
        return {s: levels[s] / (index[s] / 100.0) for s in SECTORS}, levels, "current_year", note
    raise ValueError(f"price_basis must be one of {PRICE_BASES}, not {price_basis!r}")


def sector_contributions(
    frame: pd.DataFrame,
    *,
    vintage: str = "",
    price_basis: str = "nbs",
    years: Iterable[int] | None = None,
    region: str = "",
) -> pd.DataFrame:
    """Contributions of the three sectors to real GDP growth (拉动, pp) and their shares (贡献率, %).

    Parameters
    ----------
    frame : wide frame indexed by ``year`` (int) from one vintage, with columns
        ``va_primary``, ``va_secondary``, ``va_tertiary`` (value added, 亿元, current prices),
        ``va_primary_index`` ... (real index, 上年=100) and ``gdp_index`` (published real GDP
        index, 上年=100; the total the contributions are set against).
    vintage : label copied to the ``vintage`` column.
    price_basis : the prices at which increments are valued.
        ``"nbs"`` (default): NBS practice, constant prices of the five-yearly base year
        (:func:`nbs_base_year`); where the base-year levels or the indices since are not in the
        frame, the prices of year t itself are used (``"current_year"``: the levels and growth
        rates then come from the same release), else previous-year prices; ``note`` says which.
        ``"previous_year"``: chain-linked, VA_i(t-1) x growth_i(t) / GDP(t-1).
        ``"current_year"``: increments at year-t prices, VA_i(t) / index_i(t) as the year-(t-1) volume.
    years : restrict to these years (default: every year the frame allows).
    region : region key of the frame; Liaoning's 2011-2017 years in an NBS vintage get
        :data:`REVISION_NOTE` ("": no note).

    Returns
    -------
    Long frame with :data:`COLUMNS` plus ``share_nbs``, ``price_basis`` and ``sector_growth``:
    one row per sector (role ``component``: ``value_pp`` = increment_i / GDP(t-1) x 100, pp),
    ``residual`` (published growth - sum of sector contributions, pp) and ``total`` (published
    GDP growth, %). ``share`` = value_pp / total x 100 (贡献率 against the published growth;
    components + residual = 100). ``share_nbs`` = increment_i / sum of sector increments x 100,
    the yearbook convention in which the three shares sum to 100 by construction.

    Notes
    -----
    contribution_i(t) = [V_i(t) - V_i(t-1)] / sum_j V_j(t-1) x 100 with V at constant prices.
    Years without a published total are skipped (nothing to set the contributions against).

    Examples
    --------
    Two equal sectors growing 4% and 6% with a published 5%: 2 pp each... see the tests.
    """
    if price_basis not in PRICE_BASES:
        raise ValueError(f"price_basis must be one of {PRICE_BASES}, not {price_basis!r}")
    wanted = sorted(int(y) for y in (years if years is not None else frame.index))
    rows: list[dict] = []
    for year in wanted:
        total_index = _get(frame, year, "gdp_index")
        if not _finite(total_index):
            continue
        volumes = _volumes(frame, year, price_basis)
        if volumes is None:
            continue
        previous, current, basis, note = volumes
        denominator = sum(previous.values())
        increments = {s: current[s] - previous[s] for s in SECTORS}
        sum_increments = sum(increments.values())
        parts = {s: 100.0 * increments[s] / denominator for s in SECTORS}
        extra = {
            s: {
                "share_nbs": 100.0 * increments[s] / sum_increments if sum_increments else _nan(),
                "sector_growth": _get(frame, year, f"va_{s}_index") - 100.0,
            }
            for s in SECTORS
        }
        extra["total"] = {"share_nbs": 100.0}
        note = "; ".join(n for n in (note, _revision_note(region, year, vintage)) if n)
        for row in _rows(year, parts, total_index - 100.0, method="sectors", vintage=vintage, note=note, extra=extra):
            row["price_basis"] = basis
            rows.append(row)
    return _frame(rows, ["share_nbs", "price_basis", "sector_growth"])


def implicit_deflator(frame: pd.DataFrame, *, vintage: str = "", region: str = "") -> pd.DataFrame:
    """Nominal GDP growth split into real growth, the implicit deflator and their interaction.

    Parameters
    ----------
    frame : wide frame indexed by year with ``gdp_nominal`` (亿元, current prices) and
        ``gdp_index`` (real, 上年=100), both from one vintage.
    region : region key, for :data:`REVISION_NOTE` as in :func:`sector_contributions`.

    Returns
    -------
    Long frame (:data:`COLUMNS`): ``real_growth`` (pp), ``deflator`` (implicit GDP deflator
    growth, %), ``interaction`` (real x deflator / 100, pp), ``residual`` and ``total`` =
    nominal growth (%). (1 + nominal) = (1 + real)(1 + deflator): the deflator is defined
    implicitly, so the residual is zero up to floating point; it is printed anyway. In first releases
    the year after an economic census (:data:`ECONOMIC_CENSUS_YEARS`) is left out: its level is on the
    census-revised basis, the year before's is not.
    """
    rows: list[dict] = []
    for year in sorted(int(y) for y in frame.index):
        nominal, before = _get(frame, year, "gdp_nominal"), _get(frame, year - 1, "gdp_nominal")
        index = _get(frame, year, "gdp_index")
        if not _finite(nominal, before, index) or before <= 0:
            continue
        if vintage == "first_release" and year - 1 in ECONOMIC_CENSUS_YEARS:
            continue  # the two first releases stand on the pre- and post-census levels: not one basis
        nominal_growth = nominal / before - 1.0
        real_growth = index / 100.0 - 1.0
        deflator = (1.0 + nominal_growth) / (1.0 + real_growth) - 1.0
        note = _revision_note(region, year, vintage)
        parts = {
            "real_growth": 100.0 * real_growth,
            "deflator": 100.0 * deflator,
            "interaction": 100.0 * real_growth * deflator,
        }
        rows += _rows(
            year,
            parts,
            100.0 * nominal_growth,
            method="deflator",
            vintage=vintage,
            note=note,
            total_name="nominal_growth",
        )
    return _frame(rows)


def population_split(
    frame: pd.DataFrame, *, vintage: str = "", population_vintage: str = "", population_basis: str = "average"
) -> pd.DataFrame:
    """Real GDP growth split into growth per head, population growth and their interaction.

    Parameters
    ----------
    frame : wide frame indexed by year with ``gdp_index`` (real, 上年=100) and ``population``
        (年末常住人口, 万人, year-end).
    population_basis : ``"average"`` (default): mean of year-start and year-end population, the
        denominator NBS uses for GDP per head (needs population at t-2, t-1, t);
        ``"year_end"``: year-end population.

    Returns
    -------
    Long frame (:data:`COLUMNS`): ``per_capita`` (real GDP per head growth, pp),
    ``population`` (population growth, pp), ``interaction`` (pp), ``residual``, ``total`` (real GDP
    growth, %). (1 + g) = (1 + g_per_capita)(1 + g_population); growth per head is derived, so
    the residual is zero up to floating point. A shrinking population makes the population row
    negative: growth per head then exceeds GDP growth.
    """
    if population_basis not in ("average", "year_end"):
        raise ValueError("population_basis must be 'average' or 'year_end'")

    def people(year: int) -> float:
        if population_basis == "year_end":
            return _get(frame, year, "population")
        return (_get(frame, year - 1, "population") + _get(frame, year, "population")) / 2.0

    label = vintage + (f" + population: {population_vintage}" if population_vintage else "")
    rows: list[dict] = []
    for year in sorted(int(y) for y in frame.index):
        index, now, before = _get(frame, year, "gdp_index"), people(year), people(year - 1)
        if not _finite(index, now, before) or before <= 0:
            continue
        growth = index / 100.0 - 1.0
        population_growth = now / before - 1.0
        per_capita = (1.0 + growth) / (1.0 + population_growth) - 1.0
        parts = {
            "per_capita": 100.0 * per_capita,
            "population": 100.0 * population_growth,
            "interaction": 100.0 * per_capita * population_growth,
        }
        rows += _rows(
            year,
            parts,
            100.0 * growth,
            method="per-capita",
            vintage=label,
            note=f"population: {population_basis} (万人)",
        )
    return _frame(rows)


def shift_share(
    region: pd.DataFrame, reference: pd.DataFrame, *, vintage: str = "", reference_name: str = "china"
) -> pd.DataFrame:
    """The growth gap of a region over a reference split into industry mix and within-sector performance.

    Parameters
    ----------
    region, reference : wide frames indexed by year, each with ``va_*`` levels (亿元, current
        prices), ``va_*_index`` (上年=100) and ``gdp_index`` (上年=100), from the same vintage.

    Returns
    -------
    Long frame (:data:`COLUMNS`) with components ``mix`` = sum_i (w_R,i - w_C,i) g_C,i and
    ``within`` = sum_i w_R,i (g_R,i - g_C,i) (pp), ``residual`` and ``total`` = published gap
    G_R - G_C (pp). Weights w are previous-year nominal sector shares, g sector real growth (%).
    mix + within equals the gap of the sector-weighted growth rates exactly; the residual is the
    difference between the region's and the reference's aggregation residuals (published GDP
    growth versus weighted sector growth).

    References
    ----------
    Dunn (1960); the two-term form (no national-growth term) follows the growth-differential
    decomposition used for Chinese provinces, e.g. NBS regional comparisons.
    """
    rows: list[dict] = []
    for year in sorted(set(int(y) for y in region.index) & set(int(y) for y in reference.index)):
        values = {}
        for name, frame in (("R", region), ("C", reference)):
            levels = [_get(frame, year - 1, k) for k in LEVEL_KEYS]
            growth = [_get(frame, year, k) - 100.0 for k in INDEX_KEYS]
            total = _get(frame, year, "gdp_index") - 100.0
            if not _finite(*levels, *growth, total):
                break
            weights = [lv / sum(levels) for lv in levels]
            values[name] = (weights, growth, total)
        if len(values) < 2:
            continue
        (w_r, g_r, total_r), (w_c, g_c, total_c) = values["R"], values["C"]
        mix = sum((a - b) * g for a, b, g in zip(w_r, w_c, g_c))
        within = sum(a * (x - y) for a, x, y in zip(w_r, g_r, g_c))
        note = f"gap against {reference_name}; weights: previous-year nominal shares"
        rows += _rows(
            year,
            {"mix": mix, "within": within},
            total_r - total_c,
            method="shift-share",
            vintage=vintage,
            note=note,
            total_name="gap",
        )
    return _frame(rows)


def revision_break(levels: pd.DataFrame) -> pd.DataFrame:
    """Nominal GDP in two vintages side by side: the size of a revision, year by year.

    Parameters
    ----------
    levels : long frame with ``year``, ``vintage_class`` and ``value`` (gdp_nominal, 亿元), as
        returned by ``load_series("gdp_nominal", vintage="all")``.

    Returns
    -------
    Wide frame: ``year``, one column of levels per vintage class (亿元), and for every pair with
    ``nbs_pre4`` the ratio pre/other - 1 (%) as ``revision_<class>`` (how much the pre-2018
    vintage exceeds the revised one), plus nominal growth within each vintage (%) as
    ``growth_<class>``. Growth is always computed within one vintage: the break shows as a
    level gap, never as a growth rate spanning two vintages.
    """
    import pandas as pd

    annual = levels[levels.get("period", "Y") == "Y"] if "period" in levels.columns else levels
    wide = annual.pivot_table(index="year", columns="vintage_class", values="value", aggfunc="first")
    wide = wide.sort_index()
    out = pd.DataFrame(index=wide.index)
    for column in wide.columns:
        out[column] = wide[column]
        previous = wide[column].shift(1)
        consecutive = pd.Series(wide.index, index=wide.index).diff() == 1
        out[f"growth_{column}"] = (100.0 * (wide[column] / previous - 1.0)).where(consecutive)
    if "nbs_pre4" in wide.columns:
        for column in wide.columns:
            if column != "nbs_pre4":
                out[f"revision_{column}"] = 100.0 * (wide["nbs_pre4"] / wide[column] - 1.0)
    out.index.name = "year"
    return out.reset_index()


# ---------------------------------------------------------------------------------------------
# Loading: one vintage class at a time, through analysis.series (never the raw files directly)
# ---------------------------------------------------------------------------------------------
SECTOR_INPUTS = ("gdp_index", *LEVEL_KEYS, *INDEX_KEYS)
DEFLATOR_INPUTS = ("gdp_nominal", "gdp_index")
PER_CAPITA_INPUTS = ("gdp_index", "population")
METHODS = ("sectors", "deflator", "per-capita", "shift-share", "accounting")


def load_inputs(region: str, indicators: Iterable[str], vintage: str) -> pd.DataFrame:
    """Annual rows of ``indicators`` for ``region`` in one vintage class, long form.

    Index keys (上年=100) missing from the vintage are filled from the matching real-growth key
    (%), as first releases publish growth rates, not indices: index = 100 + growth. The rows keep
    the series' provenance columns (``source_title``, ``source_url``, ``vintage``) so that figures
    and tables can cite them. Indicators without rows in the vintage are simply absent.
    """
    import pandas as pd

    from analysis.series import catalogue, load_series

    available = catalogue(region)
    available = available[available["period"] == "Y"]
    present = set(available["indicator"])
    frames = []
    for key in indicators:
        for source_key in (key, GROWTH_FOR_INDEX.get(key)):
            if source_key is None or source_key not in present:
                continue
            rows = load_series(source_key, region, vintage=vintage)
            rows = rows[rows["period"] == "Y"]
            if rows.empty:
                continue
            rows = rows.copy()
            if source_key != key:  # growth rate (%) -> index (上年=100)
                rows["value"] = 100.0 + rows["value"].astype("float64")
                rows["unit"] = "上年=100"
                rows["note"] = rows["note"].fillna("").astype(str) + f" [index = 100 + {source_key}]"
            rows["indicator"] = key
            frames.append(rows)
            break
    if not frames:
        return pd.DataFrame(
            columns=[
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
            ]
        )
    return pd.concat(frames, ignore_index=True)


def wide(rows: pd.DataFrame) -> pd.DataFrame:
    """Long series rows -> one row per year, one column per indicator (float)."""
    import pandas as pd

    if rows.empty:
        return pd.DataFrame(index=pd.Index([], name="year", dtype="int64"))
    table = rows.pivot_table(index="year", columns="indicator", values="value", aggfunc="first")
    table.index = table.index.astype("int64")
    table.columns = [str(c) for c in table.columns]
    return table.astype("float64").sort_index()


def _best_per_year(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate per-vintage results, keeping for each year the first vintage that has it."""
    import pandas as pd

    kept, seen = [], set()
    for frame in frames:
        if frame.empty:
            continue
        new = frame[~frame["year"].isin(seen)]
        seen |= set(new["year"])
        kept.append(new)
    if not kept:
        return pd.DataFrame(columns=COLUMNS)
    return pd.concat(kept, ignore_index=True).sort_values("year", kind="stable").reset_index(drop=True)


def decompose(
    region: str = "liaoning",
    method: str = "sectors",
    *,
    start: int | None = None,
    end: int | None = None,
    vintage: str | None = None,
    price_basis: str = "nbs",
    reference: str = "china",
) -> pd.DataFrame:
    """Run one decomposition for ``region`` on the shipped data, each year within one vintage.

    Parameters
    ----------
    region : region key (pinyin), e.g. ``"liaoning"``.
    method : one of :data:`METHODS`.
    start, end : first and last year printed (inclusive; default: all the data allow).
    vintage : ``None`` (default): for each year the best vintage class that allows the
        calculation, in the order :data:`VINTAGE_PREFERENCE` (latest official revision first,
        first releases last); ``"all"``: every vintage (a year may appear more than once, once
        per vintage); a class name: that class only.
    price_basis : for ``sectors`` only, see :func:`sector_contributions`.
    reference : for ``shift-share`` only, the region compared against (default ``china``).

    Returns
    -------
    Long frame with at least :data:`COLUMNS`. Components + residual = total in every year.
    """
    from analysis.errors import InputError

    if method not in METHODS:
        raise InputError(f"unknown decomposition method; known: {', '.join(METHODS)}", field="method", value=method)
    if method == "accounting":
        from analysis.models.decomposition.accounting import decompose_accounting

        result = decompose_accounting(region, vintage=vintage)
    else:
        classes = VINTAGE_PREFERENCE if vintage in (None, "all") else (vintage,)
        results = []
        for vc in classes:
            if method == "sectors":
                table = wide(load_inputs(region, SECTOR_INPUTS, vc))
                results.append(sector_contributions(table, vintage=vc, price_basis=price_basis, region=region))
            elif method == "deflator":
                results.append(
                    implicit_deflator(wide(load_inputs(region, DEFLATOR_INPUTS, vc)), vintage=vc, region=region)
                )
            elif method == "per-capita":
                table = wide(load_inputs(region, PER_CAPITA_INPUTS, vc))
                results.append(population_split(table, vintage=vc))
            elif method == "shift-share":
                mine = wide(load_inputs(region, SECTOR_INPUTS, vc))
                theirs = wide(load_inputs(reference, SECTOR_INPUTS, vc))
                results.append(shift_share(mine, theirs, vintage=vc, reference_name=reference))
        if vintage == "all":
            import pandas as pd

            results = [r for r in results if not r.empty]
            result = (
                (pd.concat(results, ignore_index=True).sort_values(["year"], kind="stable").reset_index(drop=True))
                if results
                else _frame([])
            )
        else:
            result = _best_per_year(results)
    if start is not None:
        result = result[result["year"] >= int(start)]
    if end is not None:
        result = result[result["year"] <= int(end)]
    return result.reset_index(drop=True)


def sources(
    region: str, method: str = "sectors", vintage: str = "first_release", years: Iterable[int] | None = None
) -> pd.DataFrame:
    """Provenance (source_title, source_url, vintage) of the rows a decomposition reads.

    ``years``: the years decomposed; the rows read are those of t, t-1 and the NBS base year of t.
    """
    inputs = {
        "sectors": SECTOR_INPUTS,
        "deflator": DEFLATOR_INPUTS,
        "per-capita": PER_CAPITA_INPUTS,
        "shift-share": SECTOR_INPUTS,
    }[method]
    rows = load_inputs(region, inputs, vintage)
    if years is not None:
        used = {y - k for y in years for k in (0, 1, 2)} | {nbs_base_year(y) for y in years}
        rows = rows[rows["year"].isin(sorted(used))]
    return rows[["source_title", "source_url", "vintage"]].drop_duplicates().reset_index(drop=True)


def sources_for(
    frame: pd.DataFrame, region: str, *, years: Iterable[int] | None = None, reference: str = "china"
) -> pd.DataFrame:
    """Provenance of every row a :func:`decompose` result read, sorted (deterministic).

    Parameters
    ----------
    frame : a result of :func:`decompose` (one method: sectors, deflator, per-capita or
        shift-share); its ``vintage`` column says which class each year was computed in.
    region : the region decomposed.
    years : only these years of ``frame`` (default: all of them).
    reference : for shift-share, the region compared against (its sources are included).

    Returns
    -------
    Frame ``source_title``, ``source_url``, ``vintage``, unique rows sorted by all three.
    """
    import pandas as pd

    from analysis.errors import InputError

    methods = sorted(set(frame["method"].astype(str)))
    if len(methods) > 1 or (methods and methods[0] not in ("sectors", "deflator", "per-capita", "shift-share")):
        raise InputError(
            "sources_for needs the result of one sectors, deflator, per-capita or shift-share decomposition",
            field="method",
            value=methods,
        )
    columns = ["source_title", "source_url", "vintage"]
    if years is not None:
        frame = frame[frame["year"].isin([int(y) for y in years])]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    regions = (region, reference) if methods[0] == "shift-share" else (region,)
    parts = [
        sources(r, methods[0], str(vintage), sorted(set(part["year"].astype(int))))
        for r in regions
        for vintage, part in frame.groupby("vintage", sort=True)
    ]
    return (
        pd.concat(parts, ignore_index=True).drop_duplicates().sort_values(columns, kind="stable").reset_index(drop=True)
    )


def by_year(
    frame: pd.DataFrame, *, index: str | list[str] = "year", columns: str | list[str] = "component"
) -> pd.DataFrame:
    """``value_pp`` of a long result, one row per ``index``, one column per ``columns`` value.

    Columns keep the order in which they first appear in ``frame`` (components, then the
    residual, then the total); rows are sorted.
    """
    table = frame.pivot_table(index=index, columns=columns, values="value_pp")
    keys = list(columns) if isinstance(columns, list) else columns
    order = list(
        dict.fromkeys(frame[keys].itertuples(index=False, name=None) if isinstance(keys, list) else frame[keys])
    )
    return table[[c for c in order if c in table.columns]]


def compare_price_bases(region: str, year: int) -> pd.DataFrame:
    """Sector contributions of one year valued at each of :data:`PRICE_BASES` (long, as decompose)."""
    import pandas as pd

    return pd.concat(
        [decompose(region, "sectors", start=year, end=year, price_basis=basis) for basis in PRICE_BASES],
        ignore_index=True,
    )


def decompose_methods(
    region: str, methods: Iterable[str], *, start: int | None = None, end: int | None = None
) -> pd.DataFrame:
    """Several :func:`decompose` results stacked (long; the ``method`` column tells them apart)."""
    import pandas as pd

    return pd.concat([decompose(region, m, start=start, end=end) for m in methods], ignore_index=True)


def revision_levels(region: str, *, margin: int = 2) -> pd.DataFrame:
    """:func:`revision_break` of nominal GDP in the NBS vintages, around the revision episode.

    Years: Liaoning's revision years (2011-2017, :data:`analysis.series.vintages.REVISION_YEARS`)
    with ``margin`` years either side; every year for a region without the episode. Indexed by year.
    """
    from analysis.series import load_series

    levels = load_series("gdp_nominal", region, vintage="all")
    table = revision_break(levels[levels["vintage_class"].isin(NBS_CLASSES)])
    episode = [y for y in REVISION_YEARS if is_revision_year(region, y)]
    if episode:
        table = table[(table["year"] >= episode[0] - margin) & (table["year"] <= episode[-1] + margin)]
    return table.set_index("year")


#: Columns of :func:`money_terms`: growth in %, each from its own decomposition.
MONEY_COLUMNS = [
    "year",
    "real_growth",
    "deflator",
    "nominal_growth",
    "per_capita",
    "population",
    "vintage_prices",
    "vintage_people",
]


def money_terms(prices_people: pd.DataFrame) -> pd.DataFrame:
    """Growth in money terms and per head, one row per year (%), from the two decompositions.

    ``prices_people`` is the long output of ``decompose_methods(region, ("deflator", "per-capita"))``:
    nominal growth = real growth ⊕ the implicit deflator, real growth = growth per head ⊕ population
    growth (⊕: (1+a)(1+b)-1). Each method keeps its own vintage column: a year may take its prices
    from one release and its population from another, which the two columns say; growth is never
    computed across vintages. A year a method cannot compute is NaN in its columns.
    """
    import pandas as pd

    if prices_people.empty:
        return pd.DataFrame(columns=MONEY_COLUMNS)
    parts = []
    for method, components, vintage_column in (
        (
            "deflator",
            {"real_growth": "real_growth", "deflator": "deflator", "nominal_growth": "nominal_growth"},
            "vintage_prices",
        ),
        ("per-capita", {"per_capita": "per_capita", "population": "population"}, "vintage_people"),
    ):
        rows = prices_people[(prices_people["method"] == method) & prices_people["component"].isin(components)]
        if rows.empty:
            continue
        wide_rows = rows.pivot_table(index="year", columns="component", values="value_pp", aggfunc="first")
        wide_rows = wide_rows.rename(columns=components)
        wide_rows[vintage_column] = rows.groupby("year")["vintage"].first()
        parts.append(wide_rows)
    if not parts:
        return pd.DataFrame(columns=MONEY_COLUMNS)
    table = pd.concat(parts, axis=1).reset_index()
    return table.reindex(columns=MONEY_COLUMNS).sort_values("year").reset_index(drop=True)


def waterfall_year(region: str, year: int) -> int:
    """The year the waterfall of a ``year`` report shows: the year before it (the last full year
    reported) when the sector data reach it, else the latest year they reach (printed, so that a
    reader sees the gap)."""
    available = decompose(region, "sectors")
    years = set(available["year"].astype(int)) if len(available) else set()
    latest = max(y for y in years if y < year) if any(y < year for y in years) else year - 1
    if latest != year - 1:
        print(f"The sector data of {region} have no {year - 1}: the waterfall shows {latest}.")
        return latest
    return year - 1


def waterfall_frame(region: str, year: int):
    """The sector contributions of one year, as the full decomposition values them (its vintage
    and price basis for that year)."""
    frame = decompose(region, "sectors")
    return frame[frame["year"] == int(year)].reset_index(drop=True)
