"""Growth accounting: capital by the perpetual-inventory method, labour, and the TFP residual.

Method
------
Output: real GDP growth g_Y (%, from the published index, 上年=100).
Capital: K_t = (1 - delta) K_{t-1} + I_t (end-of-year stock, 亿元 at base-year prices), with
I_t gross fixed capital formation (固定资本形成总额, 支出法, 亿元 current prices) deflated by a
price index. Where the export's expenditure-side GDP differs from its production-side GDP (the NBS
post-2018 export revised provincial production-side GDP, e.g. the inflated levels of a data-revision
episode, but not the expenditure side), investment is put on the production basis through the
investment rate: I_t = gfcf_t x GDP_t / GDP^exp_t (stated in ``note``); without the rescaling the
stock would grow with the unrevised investment. No investment price index (固定资产投资价格指数) is
in the shipped data, so the implicit GDP deflator of the same vintage stands in for it (stated in
every ``note``).
Initial stock: K_0 = I_0 / (g + delta) (Harberger 1978 steady state; the form used by Hall and
Jones 1999), with g the average real GDP growth of the first ``initial_years`` years.
Depreciation: delta = 9.6 % a year by default, the rate Zhang Jun et al. derive for Chinese
provinces (Zhang, Wu and Zhang 2004; Zhang 2008).
Labour: total employment (就业人员) is not in the data for provinces; 城镇单位就业人员
(``employment_urban_units``) excludes private firms and the self-employed and can fall while total
employment does not, so it is offered only as a flagged proxy; by default labour is reported as
missing and the residual is labour + TFP together.
Contributions (pp): capital = alpha g_K, labour = (1 - alpha) g_L, TFP = g_Y - capital - labour.

References
----------
Zhang Jun, Wu Guiying, Zhang Jipeng (2004), "中国省际物质资本存量估算: 1952-2000", 经济研究 10: 35-44.
Zhang Jun (2008), "Estimation of China's provincial capital stock (1952-2004) with applications",
*Journal of Chinese Economic and Business Studies* 6(2): 177-196.
Harberger, A. (1978), "Perspectives on capital and technology in less developed countries", in
Artis and Nobay (eds.), *Contemporary Economic Analysis*.
Hall, R. and C. Jones (1999), "Why do some countries produce so much more output per worker than
others?", *Quarterly Journal of Economics* 114(1): 83-116.
Solow, R. (1957), "Technical change and the aggregate production function", *Review of
Economics and Statistics* 39(3): 312-320.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import pandas as pd

from analysis.models.decomposition import _long

#: Depreciation rate (per year) of Zhang, Wu and Zhang (2004) / Zhang (2008): a method parameter.
ZHANG_JUN_DEPRECIATION = 0.096
DEFAULT_CAPITAL_SHARE = 0.5
SENSITIVITY_CAPITAL_SHARES = (0.4, 0.5, 0.6)
SENSITIVITY_DEPRECIATION = (0.05, 0.096, 0.12)
LABOUR_CHOICES = ("total", "urban_units_proxy", "none")
RATE_NOTE = (
    "investment on the production basis: gfcf x GDP / expenditure-side GDP of the same export "
    "(the expenditure side was not revised with the production side)"
)
DEFLATOR_CAVEAT = "investment deflated by the implicit GDP deflator (no investment price index in the data)"
LABOUR_MISSING = "labour missing: total employment (就业人员) not in the data for this region; residual = labour + TFP"
LABOUR_PROXY = (
    "labour proxy: 城镇单位就业人员 (urban units only; excludes private firms and the "
    "self-employed; industry-classification break 2012) - not total employment"
)


def gdp_deflator(nominal: pd.Series, real_index: pd.Series) -> pd.Series:
    """Implicit GDP deflator, first year = 100.

    Parameters
    ----------
    nominal : GDP at current prices by year (亿元).
    real_index : real GDP index by year (上年=100); the first year's value is not used.

    Returns
    -------
    Series by year: P_t = 100 x (Y_t / Y_0) / prod_{s=1..t} (index_s / 100). NaN after a gap.
    """
    years = sorted(int(y) for y in nominal.dropna().index)
    out = {}
    if not years:
        return pd.Series(dtype="float64")
    first, volume = years[0], 1.0
    out[first] = 100.0
    for year in range(first + 1, years[-1] + 1):
        index = real_index.get(year, float("nan"))
        level = nominal.get(year, float("nan"))
        if not (index == index and level == level):
            break
        volume *= index / 100.0
        out[year] = 100.0 * (level / nominal[first]) / volume
    return pd.Series(out, dtype="float64").rename_axis("year")


def perpetual_inventory(
    investment: pd.Series, *, depreciation: float = ZHANG_JUN_DEPRECIATION, initial_growth: float
) -> pd.Series:
    """Capital stock by the perpetual-inventory method.

    Parameters
    ----------
    investment : real gross fixed capital formation by consecutive years (亿元, constant prices).
    depreciation : geometric depreciation rate delta per year (default 0.096, Zhang Jun 2004/2008).
    initial_growth : g in K_0 = I_0 / (g + delta), a rate per year (0.10 = 10 %).

    Returns
    -------
    Series by year of end-of-year capital K_t = (1 - delta) K_{t-1} + I_t, K at the first year =
    I_0 / (g + delta) (亿元, constant prices). Stops at the first missing year.
    """
    if not 0 <= depreciation < 1:
        raise ValueError("depreciation must be in [0, 1)")
    if initial_growth + depreciation <= 0:
        raise ValueError("initial_growth + depreciation must be positive")
    years = sorted(int(y) for y in investment.dropna().index)
    if not years:
        return pd.Series(dtype="float64")
    stock = {years[0]: investment[years[0]] / (initial_growth + depreciation)}
    for year in range(years[0] + 1, years[-1] + 1):
        flow = investment.get(year, float("nan"))
        if flow != flow:
            break
        stock[year] = (1.0 - depreciation) * stock[year - 1] + flow
    return pd.Series(stock, dtype="float64").rename_axis("year")


def growth_accounting(
    output_index: pd.Series,
    capital: pd.Series,
    labour: pd.Series | None = None,
    *,
    capital_share: float = DEFAULT_CAPITAL_SHARE,
    vintage: str = "",
    note: str = "",
) -> pd.DataFrame:
    """Solow decomposition of real GDP growth into capital, labour and TFP (pp).

    Parameters
    ----------
    output_index : real GDP index by year (上年=100).
    capital : capital stock by year (any constant-price unit; only its growth is used).
    labour : employment by year (万人), or None when it is not in the data.
    capital_share : alpha, the output elasticity of capital (0 < alpha < 1).

    Returns
    -------
    Long frame (:data:`analysis.models.decomposition._long.COLUMNS` plus ``capital_share``): ``capital``
    (alpha g_K), ``labour`` ((1 - alpha) g_L; NaN when missing), and the residual row — named
    ``tfp`` when labour is given, ``labour_and_tfp`` when it is not — and ``total`` (g_Y, %).
    capital + labour + residual = total exactly: TFP *is* the residual (Solow 1957).
    """
    if not 0 < capital_share < 1:
        raise ValueError("capital_share must be strictly between 0 and 1")
    rows: list[dict] = []
    residual_name = "tfp" if labour is not None else "labour_and_tfp"
    for year in sorted(int(y) for y in output_index.dropna().index):
        k_now, k_before = capital.get(year, math.nan), capital.get(year - 1, math.nan)
        if not (k_now == k_now and k_before == k_before) or k_before <= 0:
            continue
        output_growth = output_index[year] - 100.0
        capital_pp = capital_share * 100.0 * (k_now / k_before - 1.0)
        if labour is not None:
            l_now, l_before = labour.get(year, math.nan), labour.get(year - 1, math.nan)
            if not (l_now == l_now and l_before == l_before) or l_before <= 0:
                continue
            labour_pp = (1.0 - capital_share) * 100.0 * (l_now / l_before - 1.0)
        else:
            labour_pp = math.nan
        known = capital_pp + (labour_pp if labour is not None else 0.0)
        residual = output_growth - known
        common = {"year": year, "method": "accounting", "vintage": vintage, "note": note}
        for name, value, role in (
            ("capital", capital_pp, "component"),
            ("labour", labour_pp, "component"),
            (residual_name, residual, "residual"),
            ("total", output_growth, "total"),
        ):
            share = 100.0 * value / output_growth if output_growth and value == value else math.nan
            rows.append(
                {
                    **common,
                    "component": name,
                    "value_pp": value,
                    "share": share,
                    "role": role,
                    "capital_share": capital_share,
                }
            )
    return _long.frame(rows, ["capital_share"])


def capital_stock(
    table: pd.DataFrame, *, depreciation: float = ZHANG_JUN_DEPRECIATION, initial_years: int = 5
) -> pd.DataFrame:
    """Real investment and PIM capital stock from a one-vintage wide frame.

    Parameters
    ----------
    table : wide frame by year with ``gdp_nominal`` (亿元), ``gdp_index`` (上年=100) and
        ``gfcf`` (亿元, current prices); optionally ``gdp_expenditure`` (亿元, the same export's
        expenditure-side GDP), which puts gfcf on the production basis (module docstring).
    depreciation : delta per year.
    initial_years : years of average real GDP growth used as g in K_0 = I_0 / (g + delta).

    Returns
    -------
    Frame by year: ``deflator`` (first year = 100), ``investment_real`` and ``capital``
    (亿元 at first-year prices), ``capital_output`` (K / Y at first-year prices). Attribute-free;
    the base year is the first row's year.
    """
    needed = [c for c in ("gdp_nominal", "gdp_index", "gfcf") if c not in table.columns]
    if needed:
        return pd.DataFrame(columns=["deflator", "investment_real", "capital", "capital_output"])
    data = table[["gdp_nominal", "gdp_index", "gfcf"]].dropna(subset=["gfcf", "gdp_nominal"])
    deflator = gdp_deflator(data["gdp_nominal"], table["gdp_index"])
    gfcf = data["gfcf"]
    if "gdp_expenditure" in table.columns:  # a year without the expenditure side drops out
        gfcf = gfcf * data["gdp_nominal"] / table["gdp_expenditure"].reindex(data.index)
    investment = (gfcf / deflator * 100.0).dropna()
    if investment.empty:
        return pd.DataFrame(columns=["deflator", "investment_real", "capital", "capital_output"])
    first = int(investment.index.min())
    growth = [table["gdp_index"].get(y, math.nan) for y in range(first + 1, first + 1 + initial_years)]
    growth = [g for g in growth if g == g]
    if not growth:
        return pd.DataFrame(columns=["deflator", "investment_real", "capital", "capital_output"])
    mean_growth = math.prod(g / 100.0 for g in growth) ** (1.0 / len(growth)) - 1.0
    capital = perpetual_inventory(investment, depreciation=depreciation, initial_growth=mean_growth)
    real_output = data["gdp_nominal"] / deflator * 100.0
    out = pd.DataFrame({"deflator": deflator, "investment_real": investment, "capital": capital})
    out["capital_output"] = out["capital"] / real_output
    return out.dropna(subset=["capital"])


def account(
    table: pd.DataFrame,
    *,
    capital_share: float = DEFAULT_CAPITAL_SHARE,
    depreciation: float = ZHANG_JUN_DEPRECIATION,
    labour: str = "total",
    vintage: str = "",
    initial_years: int = 5,
    stock: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Growth accounting for one region and vintage (wide frame as for :func:`capital_stock`).

    Parameters
    ----------
    labour : ``"total"``: the ``employment`` column (就业人员, 万人) if present, else labour missing;
        ``"urban_units_proxy"``: ``employment_urban_units`` with the caveat in ``note``;
        ``"none"``: labour missing.
    stock : the :func:`capital_stock` of ``table`` with ``depreciation`` and ``initial_years``, when the
        caller has it (it does not depend on the capital share).
    """
    if stock is None:
        stock = capital_stock(table, depreciation=depreciation, initial_years=initial_years)
    base = int(stock.index.min()) if len(stock) else None
    parts = [
        DEFLATOR_CAVEAT,
        f"PIM delta={depreciation:g}, K0=I0/(g+delta) in {base}, "
        f"g = mean real GDP growth of the first {initial_years} years; alpha={capital_share:g}",
    ]
    if "gdp_expenditure" in table.columns:
        parts.insert(1, RATE_NOTE)
    series = None
    if labour == "total" and "employment" in table.columns and table["employment"].notna().any():
        series = table["employment"]
        parts.append("labour: 就业人员 (total employment)")
    elif labour == "urban_units_proxy" and "employment_urban_units" in table.columns:
        series = table["employment_urban_units"]
        parts.append(LABOUR_PROXY)
    elif labour in LABOUR_CHOICES:
        parts.append(LABOUR_MISSING)
    else:
        raise ValueError(f"labour must be one of {LABOUR_CHOICES}, not {labour!r}")
    return growth_accounting(
        table.get("gdp_index"),
        stock["capital"],
        series,
        capital_share=capital_share,
        vintage=vintage,
        note="; ".join(parts),
    )


def sensitivity(
    table: pd.DataFrame,
    *,
    capital_shares: Iterable[float] = SENSITIVITY_CAPITAL_SHARES,
    depreciation_rates: Iterable[float] = SENSITIVITY_DEPRECIATION,
    labour: str = "total",
    start: int | None = None,
    end: int | None = None,
) -> pd.DataFrame:
    """Mean annual contributions (pp) over the years covered, for a grid of alpha and delta.

    Returns
    -------
    Frame: ``capital_share``, ``depreciation``, ``first_year``, ``last_year``, ``n_years``,
    ``output_growth`` (mean %), ``capital``, ``labour``, ``residual`` (mean pp; the residual is TFP
    when labour is known, labour + TFP otherwise), ``residual_name``.
    """
    rows = []
    depreciation_rates = tuple(depreciation_rates)
    stocks = {delta: capital_stock(table, depreciation=delta) for delta in depreciation_rates}
    for alpha in capital_shares:
        for delta in depreciation_rates:
            result = account(table, capital_share=alpha, depreciation=delta, labour=labour, stock=stocks[delta])
            if start is not None:
                result = result[result["year"] >= start]
            if end is not None:
                result = result[result["year"] <= end]
            if result.empty:
                continue
            means = result.groupby("component")["value_pp"].mean()
            residual_name = result.loc[result["role"] == "residual", "component"].iloc[0]
            rows.append(
                {
                    "capital_share": alpha,
                    "depreciation": delta,
                    "first_year": int(result["year"].min()),
                    "last_year": int(result["year"].max()),
                    "n_years": int(result["year"].nunique()),
                    "output_growth": means.get("total"),
                    "capital": means.get("capital"),
                    "labour": means.get("labour"),
                    "residual": means.get(residual_name),
                    "residual_name": residual_name,
                }
            )
    return pd.DataFrame(rows)
