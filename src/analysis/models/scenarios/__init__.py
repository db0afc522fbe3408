"""Multi-year "万亿" scenarios: when does a level cross 1 万亿元 (10000 亿元)?

The Liaoning 2024 government work report (lines ~385-393 of ``2024_liaoning.txt``) sets
multi-year "万亿梦" goals: Shenyang and Dalian to cross 1 万亿元 of GDP, industrial value added
and retail sales to stay above 1 万亿元, fixed-asset investment and foreign trade to cross it.
This module turns each goal into year-by-year crossing probabilities from a seeded, vectorised
Monte Carlo of nominal growth.

Model
-----
For each year ``t`` after the last data year, nominal growth is the product of real growth and
price (deflator) growth, ``1 + g_nom = (1 + g_real)(1 + g_defl)``, with

    ln(1 + g_real) ~ N(ln(1 + real_mu), real_sd**2)
    ln(1 + g_defl) ~ N(ln(1 + defl_mu), defl_sd**2),  corr(real, defl) = corr,

independent across years (a random walk with drift in log levels). ``real_mu``/``defl_mu`` are
the median annual growth rates (decimals, 0.05 = 5 %); ``real_sd``/``defl_sd`` are standard
deviations of annual log growth (≈ of the growth rate in decimals). The level path is
``start * exp(cumsum(ln(1+g_real) + ln(1+g_defl)))``.

Parameters come from the region's own annual history within ONE data vintage (asserted):
mean and sample standard deviation of the annual log growth rates of the last ``window`` (8)
calendar years of the series. For Liaoning the growth years of its 2011-2017 data-revision episode
(:data:`analysis.series.vintages.REVISION_YEARS`: the 2011-2014 inflation and its 2015-2017
"squeeze"; see data/raw/public/SOURCES.md caveat 1) are excluded; the episode is Liaoning's, so
other regions keep those years (:func:`analysis.series.vintages.is_revision_year`). Every scenario
estimates its growth on a Liaoning series (the cities borrow Liaoning's), so the exclusion always
applies here. Real growth and deflator come from:

* GDP: the NBS real index (地区生产总值指数, 上年=100) and the implicit deflator
  (nominal growth / real index) of the same vintage;
* retail sales: deflated by the CPI (居民消费价格指数, 上年=100) of the same export;
* series with no price index in the data (industrial value added, trade): nominal growth is
  drawn directly (``defl_mu = defl_sd = 0``) and the method says so.

Cities (Shenyang, Dalian) have too few levels for a volatility (2-3 years, mixed releases), so
their growth distribution is borrowed from the Liaoning GDP estimate; their start level is the
latest city level that is not low-confidence. 2025 rows in the data are LOW CONFIDENCE
(unverified secondary) and are excluded by default (``include_low_confidence=False``).

Outputs are frames; figures are drawn elsewhere (notebook 35_scenarios).

References
----------
Glasserman, P. (2003), *Monte Carlo Methods in Financial Engineering*, ch. 3 (lognormal paths);
Tashman, L. (2000), "Out-of-sample tests of forecasting accuracy", IJF 16 (rolling origin).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from analysis.checks import check_n_paths, check_seed
from analysis.errors import InputError
from analysis.series.vintages import REVISION_YEARS, is_revision_year

# 1 万亿元 expressed in the unit of the series (亿元): a unit conversion, not a statistic.
WANYI_IN_YIYUAN = 1.0e4
# The region whose government work report sets the 万亿 goals of SCENARIOS.
SCENARIOS_REGION = "liaoning"
# These two orderings are preferences, best first, not analysis.series.vintages.VINTAGE_CLASSES
# (which lists the classes, first releases first, with no preference). They differ on purpose:
# - START_CLASSES: where the latest level (the start of every path) may come from. The latest
#   official revision first; first releases, then secondary copies and estimates of an official
#   figure are acceptable for the latest year; nbs_pre4 last (Liaoning's inflated 2011-2014 levels).
# - HISTORY_CLASSES: classes a growth history may come from, all growth years within one class.
#   Only whole official series: secondary copies and estimates are single numbers, not a history.
START_CLASSES = ("nbs_post5", "nbs_post4", "first_release", "secondary", "estimate", "nbs_pre4")
HISTORY_CLASSES = ("nbs_post5", "nbs_post4", "nbs_pre4", "first_release")
QUANTILES = (0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95)
TABLE_COLUMNS = [
    "scenario",
    "region",
    "indicator",
    "unit",
    "threshold",
    "start_year",
    "start_value",
    "vintage",
    "year",
    "p_cross",
    "q05",
    "q50",
    "q95",
    "status",
    "method",
    "p_above",
    "p_stay",
    "goal_kind",
    "worded_stay_above",
    "threshold_unit",
    "goal",
    "history_vintage",
    "history_years",
    "n_obs",
    "real_mu",
    "real_sd",
    "defl_mu",
    "defl_sd",
    "corr",
    "reason",
    "growth_note",
]


# ---------------------------------------------------------------------------------------------
# The Monte Carlo
# ---------------------------------------------------------------------------------------------


def _check_positive_int(name: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value <= 0:
        raise InputError(f"{name} must be a positive integer", field=name, value=value)
    return int(value)


def _check_finite(name: str, value, *, nonneg: bool = False) -> float:
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise InputError(f"{name} must be a number", field=name, value=value) from None
    if not np.isfinite(x) or (nonneg and x < 0):
        raise InputError(f"{name} must be a finite{' non-negative' if nonneg else ''} number", field=name, value=value)
    return x


def simulate_growth(real_mu, real_sd, defl_mu, defl_sd, years, n_paths, rng, corr=0.0, *, n_obs: int | None = None):
    """Annual log growth draws: real and deflator, each (n_paths, years).

    Parameters
    ----------
    real_mu, defl_mu : median annual growth, decimal (0.05 = 5 %); must exceed -1.
    real_sd, defl_sd : standard deviation of annual log growth ln(1+g), decimal.
    years : number of simulated years (≥ 1).
    n_paths : number of paths (≥ 1).
    rng : ``numpy.random.Generator``.
    corr : correlation of real and deflator log growth within a year, in [-1, 1].
    n_obs : if given, the number of years the parameters were estimated from; each path then
        draws its own mean and sd from their sampling distribution (noninformative-prior
        posterior: sd² = (n-1) s² / χ²(n-1), mean ~ N(m, sd²/n)), so the paths carry parameter
        uncertainty (predictive Student-t). ``None``: parameters treated as known.

    Returns
    -------
    (log_real, log_deflator) : two float arrays of shape (n_paths, years).
    """
    n_paths = check_n_paths(n_paths)
    years = _check_positive_int("years", years)
    real_mu, defl_mu = _check_finite("real_mu", real_mu), _check_finite("defl_mu", defl_mu)
    real_sd = _check_finite("real_sd", real_sd, nonneg=True)
    defl_sd = _check_finite("defl_sd", defl_sd, nonneg=True)
    corr = _check_finite("corr", corr)
    for name, mu in (("real_mu", real_mu), ("defl_mu", defl_mu)):
        if mu <= -1:
            raise InputError(f"{name} is a growth rate in decimals and must exceed -1", field=name, value=mu)
    if not -1 <= corr <= 1:
        raise InputError("corr must lie in [-1, 1]", field="corr", value=corr)
    if not isinstance(rng, np.random.Generator):
        raise InputError(
            "rng must be a numpy.random.Generator (numpy.random.default_rng(seed))",
            field="rng",
            value=type(rng).__name__,
        )
    m_real, m_defl = np.log1p(real_mu), np.log1p(defl_mu)
    if n_obs is not None:
        n_obs = _check_positive_int("n_obs", n_obs)
        if n_obs < 2:
            raise InputError("n_obs must be at least 2 to carry parameter uncertainty", field="n_obs", value=n_obs)
        # Per-path parameters, shape (n_paths, 1): sd from the scaled inverse chi-square, then the mean.
        chi = rng.chisquare(n_obs - 1, size=(2, n_paths, 1))
        real_sd = real_sd * np.sqrt((n_obs - 1) / chi[0])
        defl_sd = defl_sd * np.sqrt((n_obs - 1) / chi[1])
        mz = rng.standard_normal((2, n_paths, 1))
        m_real = m_real + real_sd / np.sqrt(n_obs) * mz[0]
        m_defl = m_defl + defl_sd / np.sqrt(n_obs) * mz[1]
    z = rng.standard_normal((2, n_paths, years))
    log_real = m_real + real_sd * z[0]
    # Cholesky of [[1, corr], [corr, 1]]: the deflator shock loads corr on the real shock.
    z_defl = corr * z[0] + np.sqrt(1.0 - corr * corr) * z[1]
    log_defl = m_defl + defl_sd * z_defl
    return log_real, log_defl


def simulate_levels(
    start, real_mu, real_sd, defl_mu, defl_sd, years, n_paths, rng, corr=0.0, *, n_obs: int | None = None
):
    """Nominal level paths ``start * prod (1+g_real)(1+g_defl)``, shape (n_paths, years).

    Column ``j`` is the level ``j + 1`` years after the start year. Units are those of
    ``start`` (e.g. 亿元, current prices). See :func:`simulate_growth` for the parameters.

    Examples
    --------
    With zero volatility the paths are deterministic compounding:

    >>> import numpy as np
    >>> p = simulate_levels(100.0, 0.05, 0.0, 0.02, 0.0, 2, 3, np.random.default_rng(0))
    >>> np.allclose(p, 100 * (1.05 * 1.02) ** np.array([1, 2]))
    True
    """
    start = _check_finite("start", start)
    if start <= 0:
        raise InputError("start level must be positive", field="start", value=start)
    log_real, log_defl = simulate_growth(real_mu, real_sd, defl_mu, defl_sd, years, n_paths, rng, corr, n_obs=n_obs)
    log_nominal = log_real
    log_nominal += log_defl
    np.cumsum(log_nominal, axis=1, out=log_nominal)
    np.exp(log_nominal, out=log_nominal)
    log_nominal *= start
    return log_nominal


def crossing_probabilities(paths: np.ndarray, threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """P(crossed by year t) and P(level_t ≥ threshold) for every simulated year.

    Parameters
    ----------
    paths : (n_paths, years) levels.
    threshold : level in the unit of ``paths``.

    Returns
    -------
    p_cross : share of paths with level ≥ threshold in some year ≤ t (first passage by t).
    p_above : share of paths with level ≥ threshold in year t.
    """
    above = paths >= threshold
    p_above = above.mean(axis=0)
    p_cross = np.logical_or.accumulate(above, axis=1).mean(axis=0)
    return p_cross, p_above


# ---------------------------------------------------------------------------------------------
# Estimating the growth distribution from history (one vintage)
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class GrowthParams:
    """Growth distribution estimated from history (see module docstring for the model).

    real_mu, defl_mu : median annual growth, decimal. real_sd, defl_sd : sd of log growth.
    corr : correlation of real and deflator log growth (0 when one of them is constant).
    years : the growth years used. vintage_class : the single vintage class of the history.
    basis : "real_index" | "price_index" | "nominal" (how real and deflator were split).
    source_titles : titles of the sources of the levels.
    excluded : the revision-episode growth years left out (Liaoning 2011-2017; empty elsewhere).
    """

    real_mu: float
    real_sd: float
    defl_mu: float
    defl_sd: float
    corr: float
    years: tuple[int, ...]
    vintage_class: str
    basis: str
    source_titles: tuple[str, ...] = field(default_factory=tuple)
    excluded: tuple[int, ...] = field(default_factory=tuple)

    @property
    def n_obs(self) -> int:
        return len(self.years)

    def describe(self) -> str:
        span = f"{self.years[0]}-{self.years[-1]}" if self.years else "none"
        split = {
            "real_index": "real index + implicit deflator",
            "price_index": "nominal deflated by CPI",
            "nominal": "nominal growth drawn directly (no price index in data)",
        }[self.basis]
        dropped = f", {self.excluded[0]}-{self.excluded[-1]} excluded" if self.excluded else ""
        return f"{split}; {self.vintage_class} growth years {span} (n={self.n_obs}{dropped})"


def revision_years(region: str) -> tuple[int, ...]:
    """Growth years of ``region`` in Liaoning's data-revision episode (empty for other regions)."""
    return tuple(y for y in REVISION_YEARS if is_revision_year(region, y))


class InsufficientHistory(InputError):
    """The history is too thin to estimate a growth distribution."""


def _single_vintage(frames: dict[str, object]) -> str:
    classes = set()
    for name, frame in frames.items():
        if frame is None:
            continue
        found = set(frame["vintage_class"].astype(str).unique())
        classes |= found
    if len(classes) != 1:
        raise InputError(
            "history mixes vintage classes; pass one vintage per scenario", field="vintage_class", value=sorted(classes)
        )
    return classes.pop()


def _annual(frame, name: str):
    """year -> value (float) of an annual frame, checking the keys are unique."""
    import pandas as pd

    f = frame
    if "period" in f.columns:
        f = f[f["period"].astype(str) == "Y"]
    if f["year"].duplicated().any():
        dup = f.loc[f["year"].duplicated(), "year"].iloc[0]
        raise InputError(f"{name}: more than one value for a year (mixed vintages?)", field="year", value=int(dup))
    return pd.Series(f["value"].to_numpy(float), index=f["year"].to_numpy(int)).sort_index()


def estimate_growth(
    levels,
    *,
    real_index=None,
    price_index=None,
    origin: int | None = None,
    window: int = 8,
    region: str | None = None,
    min_obs: int = 3,
) -> GrowthParams:
    """Mean and sd of recent annual log growth, split into real growth and deflator.

    Parameters
    ----------
    levels : frame (year, value[, period], vintage_class[, region]) of nominal levels (亿元, current
        prices).
    real_index : optional frame of the real volume index (上年=100), same vintage class.
    price_index : optional frame of a price index (上年=100, e.g. CPI), same vintage class.
        Give at most one of ``real_index`` and ``price_index``; with neither, nominal growth is
        taken as "real" and the deflator is 0.
    origin : last year of information (backtests); default: all years.
    window : calendar span in years: only growth years in (last year - window, last year] are
        used, so a series that stops (or breaks) long ago gives too few years rather than stale
        parameters.
    region : region key of the history; its data-revision growth years are left out
        (:func:`analysis.series.vintages.is_revision_year`: Liaoning 2011-2017, none elsewhere).
        Default: the single value of the ``region`` column of ``levels``.
    min_obs : fewest growth years accepted.

    Returns
    -------
    GrowthParams. Raises :class:`InsufficientHistory` when fewer than ``min_obs`` growth years
    remain and :class:`InputError` when the frames mix vintage classes.
    """
    if real_index is not None and price_index is not None:
        raise InputError("give real_index or price_index, not both", field="price_index")
    window = _check_positive_int("window", window)
    cls = _single_vintage({"levels": levels, "real_index": real_index, "price_index": price_index})
    if region is None:
        found = sorted(set(levels["region"].astype(str))) if "region" in levels.columns else []
        if len(found) != 1:
            raise InputError(
                "levels must hold one region (column 'region') or pass region=", field="region", value=found
            )
        region = found[0]
    level = _annual(levels, "levels")
    if origin is not None:
        level = level[level.index <= origin]
    # Growth only between consecutive years.
    years = level.index.to_numpy()
    consecutive = np.flatnonzero(np.diff(years) == 1) + 1
    g_years = years[consecutive]
    log_nom = np.log(level.to_numpy()[consecutive] / level.to_numpy()[consecutive - 1])
    if real_index is not None or price_index is not None:
        idx = _annual(real_index if real_index is not None else price_index, "index")
        log_idx = np.log(idx.reindex(g_years).to_numpy() / 100.0)
    else:
        log_idx = np.zeros_like(log_nom)
    recent = g_years > (level.index.max() - window if len(level) else 0)
    revision = np.array([is_revision_year(region, y) for y in g_years], dtype=bool)
    keep = recent & np.isfinite(log_nom) & np.isfinite(log_idx) & ~revision
    g_years, log_nom, log_idx = g_years[keep], log_nom[keep], log_idx[keep]
    if len(g_years) < min_obs:
        raise InsufficientHistory(
            f"only {len(g_years)} usable growth years in vintage {cls} (need {min_obs})",
            field="history",
            value=[int(y) for y in g_years],
        )
    if real_index is not None:
        basis, log_real, log_defl = "real_index", log_idx, log_nom - log_idx
    elif price_index is not None:
        basis, log_real, log_defl = "price_index", log_nom - log_idx, log_idx
    else:
        basis, log_real, log_defl = "nominal", log_nom, np.zeros_like(log_nom)
    real_sd = float(np.std(log_real, ddof=1))
    defl_sd = float(np.std(log_defl, ddof=1))
    corr = float(np.corrcoef(log_real, log_defl)[0, 1]) if real_sd > 0 and defl_sd > 0 else 0.0
    titles = ()
    if "source_title" in levels.columns:
        titles = tuple(sorted(set(levels["source_title"].astype(str))))
    return GrowthParams(
        real_mu=float(np.expm1(log_real.mean())),
        real_sd=real_sd,
        defl_mu=float(np.expm1(log_defl.mean())),
        defl_sd=defl_sd,
        corr=corr,
        years=tuple(int(y) for y in g_years),
        vintage_class=cls,
        basis=basis,
        source_titles=titles,
        excluded=revision_years(region),
    )


# ---------------------------------------------------------------------------------------------
# The 万亿 scenarios of the Liaoning 2024 report
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Scenario:
    """One 万亿 goal: region, indicator, threshold, and where its growth distribution comes from.

    name : scenario key. region, indicator : the level the goal is about (vocabulary keys).
    goal : the report's words (searched verbatim in the report text).
    growth_from : (region, indicator) whose history gives the growth distribution.
    deflator : "real_index" (gdp_index), "cpi" (cpi_index) or "" (nominal drawn directly).
    threshold : the goal's level, in ``threshold_unit`` (1 万亿元 = 10000 亿元).
    threshold_unit : unit of the threshold; a level in another unit is not evaluable (raw units
        are converted by ``analysis.vocabulary.UNIT_CONVERSIONS``, e.g. 千美元 -> 亿美元).
    """

    name: str
    region: str
    indicator: str
    goal: str  # the report's words (verbatim phrase, searched in the report text)
    growth_from: tuple[str, str]
    deflator: str = ""
    threshold: float = WANYI_IN_YIYUAN
    threshold_unit: str = "亿元"


#: level indicators a threshold goal may be about -> the deflator of their growth model
LEVEL_DEFLATORS = {
    "gdp_nominal": "real_index",
    "retail_sales": "cpi",
    "industrial_va": "",
    "fai": "",
    "trade_total": "",
    "budget_revenue": "",
}
#: short names of the scenario keys (shenyang_gdp, liaoning_trade)
_SHORT = {"gdp_nominal": "gdp", "trade_total": "trade"}
#: words of a threshold goal: a level to cross (过万亿, 跨过万亿级台阶, 突破, 迈上3万亿元台阶) or to stay above
_CROSS_WORDS = ("过", "跨过", "跨越", "突破", "迈上", "跨入", "超过", "以上", "达到")
_LEAD = ("推动", "推进", "巩固", "确保", "力争", "实现", "保持", "稳住", "加快")


def _goal_items(subject: str) -> tuple[list[str], list[str]]:
    """(cities, level indicator keys) named in a goal's subject (``沈阳、大连跨入地区生产总值``,
    ``固定资产投资、进出口总额等``)."""
    import re

    from analysis.report.keys import key_for
    from analysis.vocabulary import CITIES

    text = subject
    for lead in _LEAD:
        text = text.removeprefix(lead)
    cities = [key for name, key in CITIES.items() if name in text]
    for name in CITIES:
        text = text.replace(name, "")
    text = re.sub(r"^[、和与及]+|跨入|跨过|等$", "", text)
    keys = []
    for item in re.split(r"[、和与及]", text):
        key = key_for(item.strip(), unit_std="亿元")
        if key in LEVEL_DEFLATORS and key not in keys:
            keys.append(key)
    return cities, keys


def goals_from_report(region: str = "liaoning", year: int = 2024) -> tuple[Scenario, ...]:
    """The level-threshold goals of the report of ``region`` delivered in ``year``, read by the extractor.

    A goal is a target or multi-year goal of the plan whose number is a money level (1 万亿 = 10000
    亿元, 3万亿元, 5000亿元...) written with a word of crossing or staying above (过, 跨过, 突破,
    迈上...台阶, 以上) and whose subject names level indicators of the vocabulary (地区生产总值,
    工业增加值, 社会消费品零售总额, 固定资产投资, 进出口总额, 一般公共预算收入), for the region or for
    its cities (沈阳、大连...). One scenario per region (or city) and indicator; its growth comes from
    its own series, a city's from its province's GDP history (said in the method: the cities have
    too few levels of their own). Nothing is typed in: a report without such goals has none.
    """
    from analysis.paths import report_path
    from analysis.report.extract import extract_report

    frame = extract_report(report_path(region, year), year=int(year))
    rows = frame[frame["kind"].isin(["target", "goal"]) & (frame["unit_std"] == "亿元") & frame["has_number"]]
    out, seen = [], set()
    for _, row in rows.iterrows():
        words = str(row["qualifier"]).split("、")
        if not any(w in _CROSS_WORDS for w in words) and "台阶" not in str(row["text"]):
            continue
        cities, keys = _goal_items(str(row["indicator"]))
        if not keys and cities and ("生产总值" in str(row["indicator"]) or "经济总量" in str(row["indicator"])):
            keys = ["gdp_nominal"]
        for where in cities or [region]:
            for key in keys:
                name = f"{where}_{_SHORT.get(key, key)}"
                if name in seen:
                    continue
                seen.add(name)
                growth_from = (region, key) if where == region else (region, "gdp_nominal")
                out.append(
                    Scenario(
                        name,
                        where,
                        key,
                        str(row["text"]),
                        growth_from,
                        LEVEL_DEFLATORS[key],
                        float(row["value_std"]),
                        "亿元",
                    )
                )
    return tuple(out)


def __getattr__(name: str):
    """``SCENARIOS``: the goals of the Liaoning 2024 report, read from it on first use."""
    if name == "SCENARIOS":
        value = goals_from_report(SCENARIOS_REGION, 2024)
        globals()["SCENARIOS"] = value
        return value
    raise AttributeError(name)


#: words of a goal that presume the level is already above the threshold (巩固...万亿以上)
STAY_WORDS = ("巩固", "保持", "稳住")
#: status phrase of a goal worded as staying above whose data level is below the threshold
REPORT_SAYS_ABOVE = "the report words this goal as staying above"

# Units a level series may come in -> the unit used in the scenario (factor from
# analysis.vocabulary.UNIT_CONVERSIONS; dollars are never converted to 亿元: no exchange rate in the data).
_SCENARIO_UNITS = {"亿元": "亿元", "千美元": "亿美元", "万美元": "亿美元", "百万美元": "亿美元", "亿美元": "亿美元"}


def _unit_factor(raw_unit: str) -> float:
    """Factor from ``raw_unit`` to its scenario unit; NaN for a unit no scenario uses."""
    from analysis.vocabulary import convert

    unit = _SCENARIO_UNITS.get(raw_unit)
    return convert(1.0, raw_unit, unit) if unit else float("nan")


def check_scenarios_region(region: str) -> str:
    """The region key (``InputError`` for an unknown region): the goals are those its report sets
    (:func:`goals_from_report`); a report without level-threshold goals gives an empty table."""
    from analysis.vocabulary import check_region

    return check_region(region)


def report_has_goal(goal: str, text: str) -> bool:
    """Whether the goal phrase occurs in the report text (line breaks and spaces ignored)."""
    import re

    return re.sub(r"\s+", "", goal) in re.sub(r"\s+", "", text)


def goals_in_report(region: str = "liaoning", year: int = 2024):
    """The level-threshold goals read from the report of ``region``/``year`` and whether each phrase
    occurs in the shipped text: columns scenario, goal (the report's words), threshold, in_report."""
    import pandas as pd

    from analysis.paths import report_path
    from analysis.report.text import read_report

    text = read_report(report_path(check_scenarios_region(region), year))
    goals = goals_from_report(region, year)
    return pd.DataFrame(
        {
            "scenario": [s.name for s in goals],
            "goal": [s.goal for s in goals],
            "threshold": [s.threshold for s in goals],
            "in_report": [report_has_goal(s.goal, text) for s in goals],
        }
    )


#: a 万亿 phrase that sets a level to reach or hold (not a budget amount such as 赤字规模5.66万亿元)
_THRESHOLD_PHRASE = r"万亿级|台阶|过万亿|突破|迈上|跨过|跨入|跨越|万亿以上|万亿元以上"


def other_goals(region: str = "liaoning", year: int = 2024):
    """The 万亿 phrases of the report's plan that no scenario takes, with the reason in plain words.

    A phrase of the plan part (``打造4个万亿级产业基地``) that speaks of 万亿 but is not a level goal
    of a series the vocabulary knows is listed once (by its subject): a count of 万亿级 industries or
    bases has no series to set against it. Columns goal (the report's words), line, reason.
    """
    import pandas as pd

    from analysis.paths import report_path
    from analysis.report.extract import extract_report

    frame = extract_report(report_path(check_scenarios_region(region), year), year=int(year))
    taken = {s.goal for s in goals_from_report(region, year)}
    text = frame["text"].astype(str)
    plan = frame[
        frame["part"].eq("plan")
        & text.str.contains("万亿")
        & text.str.contains(_THRESHOLD_PHRASE)
        & ~text.str.contains("比")
        & ~text.isin(taken)
    ]  # 比去年扩大2万亿元: a budget change
    rows, seen = [], set()
    for _, row in plan.iterrows():
        subject = str(row["indicator"])
        if subject in seen:
            continue
        seen.add(subject)
        if str(row["unit_std"]) == "亿元":
            reason = f"its subject ({subject}) is not a level series that the data hold"
        else:
            reason = (
                f"counts 万亿级 industries or bases ({row['value']:g} {row['unit_std']}), not the level of "
                "one series: the data hold no output series of these industries"
            )
        rows.append({"goal": str(row["text"]), "line": int(row["line"]), "reason": reason})
    return pd.DataFrame(rows, columns=["goal", "line", "reason"])


#: columns of :func:`goal_list`
GOAL_COLUMNS = [
    "goal",
    "region",
    "indicator",
    "threshold",
    "threshold_unit",
    "start_year",
    "start_value",
    "unit",
    "evaluated",
    "reason",
]


def goal_list(table, others=None):
    """Every level goal of the report, one row each: the scenarios of ``table`` (from
    :func:`crossing_table`), evaluated or with the reason they cannot be, and the ``others`` of
    :func:`other_goals` (never evaluated). ``reason`` is in plain words: for an evaluated city goal,
    that its growth is drawn from its province's GDP history."""
    import pandas as pd

    first = table.drop_duplicates("scenario")
    rows = []
    for _, row in first.iterrows():
        simulated = table.loc[table["scenario"].eq(row["scenario"]), "p_cross"].notna().any()
        rows.append(
            {
                **{c: row[c] for c in GOAL_COLUMNS if c in row.index and c not in ("evaluated", "reason")},
                "evaluated": bool(simulated),
                "reason": str(row.get("growth_note", "") or "") if simulated else str(row.get("reason", "") or ""),
            }
        )
    for _, row in (others if others is not None else pd.DataFrame(columns=["goal", "reason"])).iterrows():
        rows.append({"goal": row["goal"], "evaluated": False, "reason": row["reason"]})
    return pd.DataFrame(rows, columns=GOAL_COLUMNS)


def _load(indicator: str, region: str, include_low_confidence: bool):
    """All annual rows of a series, every vintage; low-confidence rows dropped unless asked.

    Returns ``None`` when the data hold no such rows (unknown keys are a programming error in
    :data:`SCENARIOS` and raise from :func:`analysis.series.load_series`).
    """
    from analysis.series import load_series

    f = load_series(indicator, region, vintage="all")  # annual rows (period "Y")
    f = f[f["preferred"]]  # vintage="all" keeps duplicate copies of a value, one preferred
    if not include_low_confidence:
        f = f[f["vintage_class"].astype(str) != "low_confidence"]
    return f.reset_index(drop=True) if len(f) else None


def _best_history_class(frame, index_frame=None) -> str | None:
    """The history vintage class with the latest year (ties: more years), present in both frames."""
    best, key = None, None
    for cls in HISTORY_CLASSES:
        part = frame[frame["vintage_class"].astype(str) == cls]
        if index_frame is not None:
            idx = index_frame[index_frame["vintage_class"].astype(str) == cls]
            part = part[part["year"].isin(idx["year"])] if len(idx) else part.iloc[0:0]
        if len(part) < 2:
            continue
        k = (int(part["year"].max()), len(part))
        if key is None or k > key:
            best, key = cls, k
    return best


def _start_row(frame):
    """Latest row, preferring the START_CLASSES order within the latest year."""
    latest = frame[frame["year"] == frame["year"].max()].copy()
    rank = {c: i for i, c in enumerate(START_CLASSES)}
    latest["_rank"] = latest["vintage_class"].astype(str).map(lambda c: rank.get(c, len(rank)))
    return latest.sort_values(["_rank", "vintage"], kind="stable").iloc[0]


@dataclass
class _Prepared:
    scenario: Scenario
    status: str = "ok"
    unit: str = "亿元"
    start_year: int | None = None
    start_value: float = float("nan")
    vintage: str = ""
    params: GrowthParams | None = None
    method: str = ""
    history: object = None  # frame of observed levels (for fans), one vintage class
    sources: tuple[str, ...] = ()
    evaluable: bool = True
    simulate: bool = False  # growth distribution and a recent start level are available
    reasons: tuple[str, ...] = ()  # why it cannot be evaluated, in plain words (empty when it can)
    borrowed: str = ""  # plain words when a city's growth comes from its province


def _history_parts(region: str, indicator: str, deflator: str, include_low_confidence: bool):
    """(levels frame in one class, index frame in that class or None, class) or a reason string."""
    levels = _load(indicator, region, include_low_confidence)
    if levels is None:
        return f"no annual {indicator} levels for {region} in the data"
    index = None
    if deflator:
        index_key = "gdp_index" if deflator == "real_index" else "cpi_index"
        index = _load(index_key, region, include_low_confidence)
        if index is None:
            return f"no {index_key} for {region} in the data"
    cls = _best_history_class(levels, index)
    if cls is None:
        return f"no vintage class with at least two {indicator} levels" + (" and a price index" if deflator else "")
    lv = levels[levels["vintage_class"].astype(str) == cls]
    ix = None if index is None else index[index["vintage_class"].astype(str) == cls]
    return lv, ix, cls


def prepare(
    scenario: Scenario,
    *,
    include_low_confidence: bool = False,
    window: int = 8,
    corr: float | None = None,
    report_year: int = 2024,
) -> _Prepared:
    """Start level, growth distribution and status of one scenario (no simulation).

    A scenario is evaluable when (i) a growth distribution can be estimated from one vintage,
    (ii) its latest level is for ``report_year - 1`` or later (the year the report looks back
    on) and (iii) the level is in the threshold's unit. Otherwise ``status`` lists every reason,
    prefixed "missing:" (data absent) or "not evaluable:" (data present but incomparable).
    """
    import pandas as pd

    out = _Prepared(scenario)
    reasons: list[str] = []
    plain: list[str] = []
    region, indicator = scenario.growth_from
    parts = _history_parts(region, indicator, scenario.deflator, include_low_confidence)
    levels = None
    if isinstance(parts, str):
        reasons.append(f"missing: {parts}")
        plain.append("the data hold no annual series to estimate its growth from")
    else:
        levels, index, _ = parts
        kwargs = (
            {"real_index": index}
            if scenario.deflator == "real_index"
            else ({"price_index": index} if scenario.deflator == "cpi" else {})
        )
        try:
            out.params = estimate_growth(levels, window=window, region=region, **kwargs)
        except InsufficientHistory as err:
            excluded = revision_years(region)
            dropped = f", {excluded[0]}-{excluded[-1]} excluded" if excluded else ""
            reasons.append(
                f"missing: growth history too thin (usable growth years {err.value} in one "
                f"vintage within {window} years{dropped}; need ≥ 3)"
            )
            plain.append(
                f"too few years of growth in one statistical release ({len(err.value)} within the "
                f"last {window} years; 3 needed)"
            )
    if out.params is not None and corr is not None:
        out.params = replace(out.params, corr=float(corr))
    # Start level and observed history of the scenario's own region and indicator.
    own_series = (region, indicator) == (scenario.region, scenario.indicator)
    note = ""
    own = _load(scenario.indicator, scenario.region, include_low_confidence)
    if own is None:
        reasons.append(f"missing: no annual {scenario.indicator} levels for {scenario.region}")
        plain.append("the data hold no annual levels of it")
    else:
        if not own_series:
            note = (
                f"; growth distribution borrowed from {region} {indicator} (city history too thin: "
                f"levels {', '.join(str(y) for y in sorted(set(own['year'].astype(int))))})"
            )
            out.borrowed = (
                f"its own series has levels for {', '.join(str(y) for y in sorted(set(own['year'].astype(int))))}"
                " only, so its growth is drawn from the province's GDP history"
            )
        start = _start_row(own)
        raw_unit = str(start["unit"])
        if raw_unit not in _SCENARIO_UNITS:
            raise InputError("unexpected unit for a level series", field="unit", value=raw_unit)
        out.unit, factor = _SCENARIO_UNITS[raw_unit], _unit_factor(raw_unit)
        out.start_year, out.start_value = int(start["year"]), float(start["value"]) * factor
        out.vintage = str(start["vintage_class"])
        if own_series and levels is not None:
            # the history vintage, plus the start level if it comes from another class (2025 rows)
            hist = pd.concat(
                [
                    levels,
                    own[
                        (own["year"] == out.start_year)
                        & (own["vintage_class"].astype(str) == out.vintage)
                        & (out.vintage != str(levels["vintage_class"].iloc[0]))
                    ],
                ]
            )
        else:
            hist = own.copy()  # a city: every observed level, classes marked
        hist["value"] = hist["value"].astype(float) * hist["unit"].map(lambda u: _unit_factor(str(u)))
        out.history = hist
        out.sources = tuple(
            sorted(set(hist["source_title"].astype(str)) | set(out.params.source_titles if out.params else ()))
        )
        if out.start_year < report_year - 1:
            reasons.append(
                f"missing: latest {scenario.indicator} level in the data is {out.start_year} "
                f"({raw_unit}, {out.vintage}); a level for {report_year - 1} or later is needed"
                + (f" (source note: {start['note']})" if str(start.get("note", "") or "") else "")
            )
            plain.append(
                f"the latest level in the data is for {out.start_year}, and {report_year - 1} or later is "
                "needed" + (f" ({start['note']})" if str(start.get("note", "") or "") else "")
            )
        if out.unit != scenario.threshold_unit:
            reasons.append(
                f"not evaluable: level in {out.unit} (data unit {raw_unit}), threshold 1万亿 in "
                f"{scenario.threshold_unit}; the data hold no exchange-rate series to convert"
            )
            plain.append(
                f"the data hold it in {out.unit}, with no exchange rate to set it against a "
                f"{scenario.threshold_unit} threshold"
            )
    if out.params is not None:
        out.method = f"lognormal MC of real×deflator growth: {out.params.describe()}{note}"
    out.simulate = out.params is not None and out.start_year is not None and out.start_year >= report_year - 1
    out.status = "; ".join(reasons) if reasons else "ok"
    out.reasons = tuple(plain)
    out.evaluable = not reasons
    if out.evaluable and out.start_value >= scenario.threshold:
        out.status = f"ok: already ≥ threshold in {out.start_year}; goal is to stay above (p_stay, p_above)"
    elif out.evaluable and any(w in scenario.goal for w in STAY_WORDS):
        out.status = (
            f"ok: {REPORT_SAYS_ABOVE} (the goal reads {scenario.goal}), but the {out.vintage} level for "
            f"{out.start_year} is {out.start_value:,.0f} {out.unit}, below the threshold: judged as a "
            f"crossing (p_cross)"
        )
    return out


def _validate(seed, n_paths, end_year, report_year=None):
    check_seed(seed)
    check_n_paths(n_paths)
    if isinstance(end_year, bool) or not isinstance(end_year, (int, np.integer)):
        raise InputError("end_year must be an integer year", field="end_year", value=end_year)
    if report_year is not None:
        if isinstance(report_year, bool) or not isinstance(report_year, (int, np.integer)):
            raise InputError("report_year must be an integer year", field="report_year", value=report_year)
        if end_year < report_year:
            raise InputError(
                f"end_year must not be before the report year {report_year}", field="end_year", value=end_year
            )


def run_scenarios(
    seed: int = 20240123,
    n_paths: int = 20000,
    end_year: int = 2030,
    *,
    region: str = SCENARIOS_REGION,
    scenarios=None,
    include_low_confidence: bool = False,
    window: int = 8,
    corr: float | None = None,
    report_year: int = 2024,
    parameter_uncertainty: bool = True,
    prepared=None,
):
    """Prepare and simulate every scenario: a list of (prepared, paths or None).

    Simulate once and pass the runs to :func:`crossing_table` and :func:`fan_data`. Parameters
    as in :func:`scenario_table`. One child generator per scenario (``SeedSequence(seed).spawn``),
    so a scenario's draws do not depend on the others. ``prepared`` (from :func:`prepare`) skips
    loading, for benchmarks.
    """
    check_scenarios_region(region)
    _validate(seed, n_paths, end_year, report_year)
    if scenarios is None:
        scenarios = goals_from_report(region, report_year)
    if prepared is None:
        prepared = [
            prepare(s, include_low_confidence=include_low_confidence, window=window, corr=corr, report_year=report_year)
            for s in scenarios
        ]
    rngs = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(len(prepared))]
    out = []
    for prep, rng in zip(prepared, rngs):
        paths = None
        if prep.simulate:
            if end_year <= prep.start_year:
                raise InputError(
                    f"end_year must be after the last data year {prep.start_year} of scenario {prep.scenario.name}",
                    field="end_year",
                    value=end_year,
                )
            p = prep.params
            paths = simulate_levels(
                prep.start_value,
                p.real_mu,
                p.real_sd,
                p.defl_mu,
                p.defl_sd,
                end_year - prep.start_year,
                n_paths,
                rng,
                p.corr,
                n_obs=p.n_obs if parameter_uncertainty else None,
            )
        out.append((prep, paths))
    return out


def _summaries(runs, quantiles=QUANTILES):
    """Per-scenario year rows: p_cross, p_above and the level quantiles."""
    rows = []
    for prep, paths in runs:
        s = prep.scenario
        base = {
            "scenario": s.name,
            "region": s.region,
            "indicator": s.indicator,
            "unit": prep.unit,
            "threshold": s.threshold,
            "threshold_unit": s.threshold_unit,
            "start_year": prep.start_year,
            "start_value": prep.start_value,
            "vintage": prep.vintage,
            "status": prep.status,
            "method": prep.method,
            "goal": s.goal,
            "goal_kind": ("stay_above" if prep.start_value >= s.threshold else "cross"),
            "worded_stay_above": any(w in s.goal for w in STAY_WORDS),
            "reason": "; ".join(prep.reasons),
            "growth_note": prep.borrowed,
        }
        p = prep.params
        base.update(
            {
                "history_vintage": p.vintage_class if p else "",
                "history_years": f"{p.years[0]}-{p.years[-1]}" if p else "",
                "n_obs": p.n_obs if p else 0,
                "real_mu": p.real_mu if p else np.nan,
                "real_sd": p.real_sd if p else np.nan,
                "defl_mu": p.defl_mu if p else np.nan,
                "defl_sd": p.defl_sd if p else np.nan,
                "corr": p.corr if p else np.nan,
            }
        )
        if paths is None:
            rows.append(
                {
                    **base,
                    "year": np.nan,
                    "p_cross": np.nan,
                    "p_above": np.nan,
                    "p_stay": np.nan,
                    **{f"q{round(q * 100):02d}": np.nan for q in quantiles},
                }
            )
            continue
        qs = np.quantile(paths, quantiles, axis=0)
        if prep.evaluable:
            p_cross, p_above = crossing_probabilities(paths, s.threshold)
            p_stay = np.logical_and.accumulate(paths >= s.threshold, axis=1).mean(axis=0)
            if prep.start_value >= s.threshold:
                p_cross = np.ones_like(p_cross)  # crossed already, in the start year
        else:
            p_cross = p_above = p_stay = np.full(paths.shape[1], np.nan)
        for j in range(paths.shape[1]):
            rows.append(
                {
                    **base,
                    "year": prep.start_year + j + 1,
                    "p_cross": p_cross[j],
                    "p_above": p_above[j],
                    "p_stay": p_stay[j],
                    **{f"q{round(q * 100):02d}": qs[i, j] for i, q in enumerate(quantiles)},
                }
            )
    return rows


def scenario_table(
    seed: int = 20240123,
    n_paths: int = 20000,
    end_year: int = 2030,
    *,
    region: str = SCENARIOS_REGION,
    include_low_confidence: bool = False,
    window: int = 8,
    corr: float | None = None,
    report_year: int = 2024,
    parameter_uncertainty: bool = True,
):
    """Year-by-year probabilities of reaching the report's 万亿 goals: simulate, then tabulate.

    ``crossing_table(run_scenarios(...))``; to draw the fans from the same paths, call
    :func:`run_scenarios` once and pass its runs to :func:`crossing_table` and :func:`fan_data`.

    Parameters
    ----------
    seed : RNG seed (``numpy.random.SeedSequence(seed)``, one child per scenario).
    n_paths : Monte Carlo paths per scenario.
    end_year : last simulated year (inclusive); must be after every scenario's last data year.
    include_low_confidence : use the unverified 2025 rows (default False: excluded).
    window : recent growth years used for the mean and sd.
    corr : real/deflator correlation; ``None`` = the sample correlation of the history.
    region : the report's region; only ``"liaoning"`` has scenarios (else :class:`InputError`).
    report_year : the report's year; start levels must be for ``report_year - 1`` or later.
    parameter_uncertainty : draw each path's mean and sd from their sampling distribution.

    Returns
    -------
    See :func:`crossing_table`.
    """
    return crossing_table(
        run_scenarios(
            seed,
            n_paths,
            end_year,
            region=region,
            include_low_confidence=include_low_confidence,
            window=window,
            corr=corr,
            report_year=report_year,
            parameter_uncertainty=parameter_uncertainty,
        )
    )


def crossing_table(runs):
    """The crossing probabilities of simulated runs, one row per scenario and year.

    Parameters
    ----------
    runs : the list returned by :func:`run_scenarios`.

    Returns
    -------
    DataFrame, one row per scenario and simulated year, columns ``TABLE_COLUMNS``:
    p_cross = P(level ≥ threshold in some year ≤ year) (first passage), p_above =
    P(level ≥ threshold in that year), p_stay = P(level ≥ threshold in every year so far),
    goal_kind ``cross`` or ``stay_above`` (from the start level), worded_stay_above (the report's
    words presume the level is already above: :data:`STAY_WORDS`), q05/q50/q95 level quantiles in
    ``unit``. A scenario that
    cannot be evaluated has NaN probabilities and a ``status`` saying what is missing.
    """
    import pandas as pd

    frame = pd.DataFrame(_summaries(runs), columns=TABLE_COLUMNS)  # a report without goals: no rows
    frame["year"] = frame["year"].astype("Int64")
    frame["start_year"] = frame["start_year"].astype("Int64")
    return frame[TABLE_COLUMNS].reset_index(drop=True)


ASSUMPTION_COLUMNS = [
    "scenario",
    "unit",
    "start_year",
    "start_value",
    "vintage",
    "history_vintage",
    "history_years",
    "n_obs",
    "real_mu",
    "real_sd",
    "defl_mu",
    "defl_sd",
    "corr",
    "status",
]


def by_year(table, column: str = "p_cross"):
    """One row per scenario, one column per simulated year, of ``column`` of :func:`crossing_table`.

    Scenarios that could not be simulated (no year) are left out; their ``status`` is in
    :func:`assumptions`.
    """
    return table.dropna(subset=["year"]).pivot(index="scenario", columns="year", values=column)


def assumptions(table):
    """One row per scenario: start level, history vintage and years, growth parameters, status."""
    return table.drop_duplicates("scenario")[ASSUMPTION_COLUMNS]


def fan_data(runs, *, evaluable_only: bool = False):
    """Observed history and projected quantile fans, long, for the fan charts.

    Parameters
    ----------
    runs : the list returned by :func:`run_scenarios` (the same runs as the crossing table).
    evaluable_only : keep only the scenarios with crossing probabilities (those whose
        ``p_cross`` in :func:`crossing_table` is not NaN).

    Returns
    -------
    DataFrame with columns scenario, region, indicator, unit, threshold, threshold_unit, kind
    ("observed" | "projection"), year, value (observed level; for projections the median, the
    start year repeated so the fan joins the history), q05, q10, q25, q50, q75, q90, q95,
    p_cross, status, vintage, source_title.
    """
    import pandas as pd

    if evaluable_only:
        runs = [(prep, paths) for prep, paths in runs if prep.evaluable and paths is not None]
    proj = pd.DataFrame(_summaries(runs))
    qcols = [f"q{round(q * 100):02d}" for q in QUANTILES]
    parts = []
    for prep, _ in runs:
        s = prep.scenario
        meta = {
            "scenario": s.name,
            "region": s.region,
            "indicator": s.indicator,
            "unit": prep.unit,
            "threshold": s.threshold,
            "threshold_unit": s.threshold_unit,
            "status": prep.status,
        }
        src = "; ".join(prep.sources)
        if prep.history is not None:
            h = prep.history
            parts.append(
                pd.DataFrame(
                    {
                        **meta,
                        "kind": "observed",
                        "year": h["year"].astype(int).to_numpy(),
                        "value": h["value"].to_numpy(float),
                        "vintage": h["vintage_class"].astype(str).to_numpy(),
                        "source_title": h["source_title"].astype(str).to_numpy(),
                    }
                )
            )
        if prep.start_year is not None and prep.params is not None:
            anchor = {
                **meta,
                "kind": "projection",
                "year": prep.start_year,
                "value": prep.start_value,
                "vintage": prep.vintage,
                "source_title": src,
                "p_cross": np.nan,
                **{c: prep.start_value for c in qcols},
            }
            mine = proj[proj["scenario"] == s.name].copy()
            mine["kind"], mine["value"], mine["source_title"] = "projection", mine["q50"], src
            parts.append(pd.DataFrame([anchor]))
            parts.append(mine[list(anchor)])
    cols = [
        "scenario",
        "region",
        "indicator",
        "unit",
        "threshold",
        "threshold_unit",
        "kind",
        "year",
        "value",
        *qcols,
        "p_cross",
        "status",
        "vintage",
        "source_title",
    ]
    if not parts:
        return pd.DataFrame(columns=cols)
    out = pd.concat(parts, ignore_index=True)
    out["year"] = out["year"].astype(int)
    for c in cols:
        if c not in out.columns:
            out[c] = np.nan
    order = {p.scenario.name: i for i, (p, _) in enumerate(runs)}
    out["_o"] = out["scenario"].map(order).fillna(len(order))
    out["_k"] = (out["kind"] == "projection").astype(int)
    return out.sort_values(["_o", "_k", "year"], kind="stable")[cols].reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# Backtest: rolling origin on the history
# ---------------------------------------------------------------------------------------------
# (label, region, indicator, deflator) of the series scored; each is scored within every history
# vintage class that has enough years.
BACKTEST_SERIES = (
    ("liaoning gdp_nominal", "liaoning", "gdp_nominal", "real_index"),
    ("liaoning retail_sales", "liaoning", "retail_sales", "cpi"),
    ("liaoning industrial_va", "liaoning", "industrial_va", ""),
)


def _backtest_one(
    label,
    region,
    levels,
    index,
    deflator,
    horizons,
    n_paths,
    rng,
    window,
    min_obs,
    threshold_step,
    parameter_uncertainty,
):
    import pandas as pd

    level = _annual(levels, label)
    cls = str(levels["vintage_class"].iloc[0])
    rows = []
    kwargs = (
        {"real_index": index} if deflator == "real_index" else ({"price_index": index} if deflator == "cpi" else {})
    )
    for origin in level.index:
        if origin + min(horizons) > level.index.max():
            continue
        try:
            p = estimate_growth(levels, origin=int(origin), window=window, region=region, min_obs=min_obs, **kwargs)
        except InsufficientHistory:
            continue
        paths = simulate_levels(
            level[origin],
            p.real_mu,
            p.real_sd,
            p.defl_mu,
            p.defl_sd,
            max(horizons),
            n_paths,
            rng,
            p.corr,
            n_obs=p.n_obs if parameter_uncertainty else None,
        )
        for h in horizons:
            target = origin + h
            if target not in level.index:
                continue
            sims, actual = paths[:, h - 1], float(level[target])
            q = np.quantile(sims, [0.05, 0.10, 0.50, 0.90, 0.95])
            base = {
                "series": label,
                "vintage_class": cls,
                "origin": int(origin),
                "horizon": h,
                "target_year": int(target),
                "n_obs": p.n_obs,
                "in_break": any(is_revision_year(region, y) for y in range(origin + 1, target + 1)),
            }
            logs = np.log(sims)
            z = float((np.log(actual) - logs.mean()) / logs.std()) if logs.std() > 0 else np.nan
            rows.append(
                {
                    **base,
                    "kind": "interval",
                    "actual": actual,
                    "z": z,
                    "log_mean": float(logs.mean()),
                    "log_sd": float(logs.std()),
                    "q05": q[0],
                    "q10": q[1],
                    "q50": q[2],
                    "q90": q[3],
                    "q95": q[4],
                    "in80": bool(q[1] <= actual <= q[3]),
                    "in90": bool(q[0] <= actual <= q[4]),
                    "pit": float((sims <= actual).mean()),
                    "threshold": np.nan,
                    "p_cross": np.nan,
                    "crossed": np.nan,
                }
            )
            # Round thresholds between the origin level and 1.5x it: P(level_target ≥ T) vs outcome.
            lo = np.floor(level[origin] / threshold_step) + 1
            hi = np.floor(1.5 * level[origin] / threshold_step)
            for t in np.arange(lo, hi + 1) * threshold_step:
                rows.append(
                    {
                        **base,
                        "kind": "threshold",
                        "actual": actual,
                        "threshold": float(t),
                        "p_cross": float((sims >= t).mean()),
                        "crossed": float(actual >= t),
                    }
                )
    return pd.DataFrame(rows)


def backtest(
    seed: int = 20240123,
    n_paths: int = 5000,
    horizons=(1, 2, 3),
    *,
    window: int = 8,
    min_obs: int = 4,
    threshold_step: float = 1000.0,
    series=BACKTEST_SERIES,
    parameter_uncertainty: bool = True,
):
    """Rolling-origin backtest of the level model on the history, within each vintage class.

    From every origin year with at least ``min_obs`` usable growth years (Liaoning's 2011-2017
    revision years excluded as in the scenarios), the model is re-estimated on data up to the
    origin only and simulated ``horizons`` years ahead. Interval rows (kind="interval") record the 80 % (q10-q90) and 90 %
    (q05-q95) interval, whether the actual level fell inside and its PIT. Threshold rows
    (kind="threshold") record, for round thresholds (multiples of ``threshold_step`` 亿元 between
    the origin level and 1.5x it), the forecast P(level ≥ T) and whether it happened, for a
    Brier score / calibration check. ``in_break`` marks targets reached through the
    region's revision years (:func:`analysis.series.vintages.is_revision_year`).

    Returns
    -------
    DataFrame (one row per series, vintage_class, origin, horizon[, threshold]).
    """
    import pandas as pd

    _validate(seed, n_paths, 0)
    rng = np.random.default_rng(seed)
    parts = []
    for label, region, indicator, deflator in series:
        levels = _load(indicator, region, False)
        index = None
        if deflator:
            index = _load("gdp_index" if deflator == "real_index" else "cpi_index", region, False)
            if index is None:
                continue
        if levels is None:
            continue
        for cls in HISTORY_CLASSES:
            lv = levels[levels["vintage_class"].astype(str) == cls]
            ix = None if index is None else index[index["vintage_class"].astype(str) == cls]
            if len(lv) < min_obs + 2 or (ix is not None and len(ix) < min_obs):
                continue
            parts.append(
                _backtest_one(
                    label,
                    region,
                    lv,
                    ix,
                    deflator,
                    tuple(horizons),
                    n_paths,
                    rng,
                    window,
                    min_obs,
                    threshold_step,
                    parameter_uncertainty,
                )
            )
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame()
    return pd.concat(parts, ignore_index=True)


def backtest_summary(bt, *, include_break: bool = False):
    """Coverage of the 80 %/90 % intervals and Brier score of threshold probabilities, by horizon.

    Columns: horizon, n_forecasts, coverage80, coverage90, mean_pit, n_threshold, brier,
    mean_p_cross, share_crossed (calibration in the large: the last two should be close).
    """
    import pandas as pd

    if len(bt) == 0:
        return pd.DataFrame(
            columns=[
                "horizon",
                "n_forecasts",
                "coverage80",
                "coverage90",
                "mean_pit",
                "n_threshold",
                "brier",
                "mean_p_cross",
                "share_crossed",
            ]
        )
    b = bt if include_break else bt[~bt["in_break"]]
    iv, th = b[b["kind"] == "interval"], b[b["kind"] == "threshold"]
    out = []
    for h in sorted(b["horizon"].unique()):
        i, t = iv[iv["horizon"] == h], th[th["horizon"] == h]
        out.append(
            {
                "horizon": int(h),
                "n_forecasts": len(i),
                "coverage80": i["in80"].mean(),
                "coverage90": i["in90"].mean(),
                "mean_pit": i["pit"].mean(),
                "n_threshold": len(t),
                "brier": ((t["p_cross"] - t["crossed"]) ** 2).mean(),
                "mean_p_cross": t["p_cross"].mean(),
                "share_crossed": t["crossed"].mean(),
            }
        )
    return pd.DataFrame(out)


# ---------------------------------------------------------------------------------------------
# Bands scaled by the backtest errors (split-conformal, per horizon)
# ---------------------------------------------------------------------------------------------
BAND_LEVEL = 0.90


def conformal_quantiles(z, level: float = BAND_LEVEL) -> tuple[float, float, float]:
    """(z_low, z_high, nominal coverage) of the distribution-free band from standardised errors ``z``.

    With the ``n`` errors sorted, the band [z_(k), z_(n+1-k)] holds a new error with probability
    (n + 1 - 2k) / (n + 1) when the errors are exchangeable (split-conformal prediction; Vovk,
    Gammerman & Shafer 2005); ``k`` is the largest integer with that probability >= ``level``,
    at least 1 (with few errors the band is the range of the errors and its nominal coverage is
    (n - 1) / (n + 1), below ``level``: the coverage is reported, not assumed).
    """
    z = np.sort(np.asarray(z, float)[np.isfinite(np.asarray(z, float))])
    n = len(z)
    if n < 2:
        return np.nan, np.nan, np.nan
    k = max(1, int(np.floor((n + 1) * (1 - level) / 2 + 1e-9)))
    return float(z[k - 1]), float(z[n - k]), (n + 1 - 2 * k) / (n + 1)


def band_backtest(bt, level: float = BAND_LEVEL):
    """Measured coverage of the 90 % bands, one row per horizon: ``horizon, n, coverage_90`` (the
    conformal band, each forecast judged by the band built from the other forecasts of its horizon:
    leave one out), ``coverage_90_model`` (the model's own q05-q95), ``nominal`` (the conformal
    band's (n + 1 - 2k) / (n + 1)), ``z_low``, ``z_high`` (the band in standard deviations of the
    simulated log level, from every forecast of the horizon). Revision-year targets are left out.
    """
    import pandas as pd

    cols = ["horizon", "n", "coverage_90", "coverage_90_model", "nominal", "z_low", "z_high"]
    if len(bt) == 0:
        return pd.DataFrame(columns=cols)
    iv = bt[(bt["kind"] == "interval") & ~bt["in_break"]]
    rows = []
    for h, g in iv.groupby("horizon", sort=True):
        z = g["z"].to_numpy(float)
        inside = []
        for i in range(len(z)):
            lo, hi, _ = conformal_quantiles(np.delete(z, i), level)
            inside.append(lo <= z[i] <= hi)
        lo, hi, nominal = conformal_quantiles(z, level)
        rows.append(
            {
                "horizon": int(h),
                "n": len(z),
                "coverage_90": float(np.mean(inside)),
                "coverage_90_model": float(g["in90"].mean()),
                "nominal": nominal,
                "z_low": lo,
                "z_high": hi,
            }
        )
    return pd.DataFrame(rows, columns=cols)


def calibrated_fan(fan, bands):
    """``fan`` (:func:`fan_data`) with the conformal 90 % band of each projection year: columns
    ``b05``, ``b95`` and ``band_coverage`` (measured coverage at that horizon). The band is the
    median level times exp(z * sd of the simulated log level), the sd read from the model's own
    q05-q95 (sd = ln(q95 / q05) / (2 x 1.645)); horizons beyond the backtest's keep the model band
    (``band_coverage`` NaN: not measured)."""
    out = fan.copy()
    out["b05"], out["b95"], out["band_coverage"] = out["q05"], out["q95"], np.nan
    proj = out["kind"] == "projection"
    start = out[proj].groupby("scenario")["year"].transform("min")
    horizon = out.loc[proj, "year"] - start
    by_h = bands.set_index("horizon") if len(bands) else None
    for idx, h in horizon.items():
        if by_h is None or h not in by_h.index or h == 0:
            continue
        row = out.loc[idx]
        sd = np.log(row["q95"] / row["q05"]) / (2 * 1.6448536) if row["q05"] > 0 else np.nan
        median = row["q50"]
        out.loc[idx, "b05"] = median * np.exp(by_h.loc[h, "z_low"] * sd)
        out.loc[idx, "b95"] = median * np.exp(by_h.loc[h, "z_high"] * sd)
        out.loc[idx, "band_coverage"] = by_h.loc[h, "coverage_90"]
    return out
