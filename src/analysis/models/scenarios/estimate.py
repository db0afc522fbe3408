"""The growth distribution of a level: mean and spread of recent annual log growth, real and price.

Model
-----
From a history of annual growth, the parameters of :mod:`analysis.models.scenarios.simulate` are the
sample mean and standard deviation (``ddof=1``) of the log growth rates ``ln(1 + g)`` of the growth
years in the last ``window`` calendar years (8 by default: years in ``(last - window, last]``), and the
sample correlation of the real and the price part. A series that stops or breaks long ago gives too
few years (:class:`InsufficientHistory`), never stale parameters. The growth years of a region's
data-revision episode (:func:`analysis.models.scenarios.inputs.revision_episode`) are left out.

Two histories are read, whichever the data hold (:mod:`analysis.models.scenarios.inputs`):

* a **level series** in one vintage class (``basis``): ``real_index`` — nominal GDP with the real index
  (地区生产总值指数, 上年=100) of the same class, the deflator implicit (nominal growth / real index);
  ``price_index`` — nominal retail sales deflated by the CPI (居民消费价格指数, 上年=100);
  ``nominal`` — a series with no price index in the data (industrial value added, fixed-asset
  investment, trade, fiscal revenue): nominal growth drawn whole, deflator 0;
* the **growth rates a region states** in its own work reports (a city has no level series):
  ``stated_real`` — the stated real growth, with the deflator of its province's GDP (the price level is
  measured for provinces, not cities; years where both exist); ``stated_nominal`` — a stated nominal
  growth rate (社会消费品零售总额增长, 一般公共预算收入增长), deflator 0.

References
----------
Tashman, L. (2000), "Out-of-sample tests of forecasting accuracy", *International Journal of
Forecasting* 16 (estimation on data up to the origin only).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.errors import InputError
from analysis.models.scenarios.inputs import revision_episode
from analysis.models.scenarios.simulate import check_positive_int
from analysis.series.vintages import describe_vintage

#: how real growth and deflator are split, in words (:attr:`GrowthParams.basis`)
BASES = {
    "real_index": "real index + implicit deflator",
    "price_index": "nominal deflated by the CPI",
    "nominal": "nominal growth drawn whole (no price index in the data)",
    "stated_real": "real growth as its work reports state it + its province's GDP deflator",
    "stated_nominal": "nominal growth as its work reports state it",
}


@dataclass(frozen=True)
class GrowthParams:
    """A growth distribution (module docstring): ``real_mu``, ``defl_mu`` median annual growth (decimal);
    ``real_sd``, ``defl_sd`` sd of annual log growth; ``corr`` their correlation (0 when one is constant);
    ``years`` the growth years used; ``vintage_class`` of the history; ``basis`` (:data:`BASES`);
    ``source_titles``; ``excluded`` the revision-episode years left out."""

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
        dropped = f", {self.excluded[0]}-{self.excluded[-1]} excluded" if self.excluded else ""
        where = describe_vintage(self.vintage_class)
        return f"{BASES[self.basis]}; growth years {span} ({where}, n={self.n_obs}{dropped})"


class InsufficientHistory(InputError):
    """The history is too thin to estimate a growth distribution."""


def annual(frame: pd.DataFrame, name: str) -> pd.Series:
    """year -> value (float) of the annual rows of ``frame``; ``InputError`` when a year repeats."""
    f = frame[frame["period"].astype(str) == "Y"] if "period" in frame.columns else frame
    if f["year"].duplicated().any():
        dup = f.loc[f["year"].duplicated(), "year"].iloc[0]
        raise InputError(f"{name}: more than one value for a year (mixed vintages?)", field="year", value=int(dup))
    return pd.Series(f["value"].to_numpy(float), index=f["year"].to_numpy(int)).sort_index()


def single_vintage(*frames: pd.DataFrame | None) -> str:
    """The one vintage class of ``frames``; ``InputError`` when they mix classes."""
    classes = set()
    for frame in frames:
        if frame is not None:
            classes |= set(frame["vintage_class"].astype(str))
    if len(classes) != 1:
        raise InputError(
            "history mixes vintage classes; pass one vintage per scenario", field="vintage_class", value=sorted(classes)
        )
    return classes.pop()


def growth_logs(level: pd.Series, index: pd.Series | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(growth years, ln nominal growth, ln index/100) between consecutive years of ``level``; the index
    part is 0 without an index and NaN where the index lacks the year."""
    years = level.index.to_numpy(int)
    step = np.flatnonzero(np.diff(years) == 1) + 1
    values = level.to_numpy(float)
    log_nom = np.log(values[step] / values[step - 1])
    if index is None:
        return years[step], log_nom, np.zeros_like(log_nom)
    return years[step], log_nom, np.log(index.reindex(years[step]).to_numpy(float) / 100.0)


def fit(
    years: np.ndarray,
    log_real: np.ndarray,
    log_defl: np.ndarray,
    *,
    last: int,
    window: int,
    excluded: tuple[int, ...],
    min_obs: int,
    vintage_class: str,
    basis: str,
    source_titles: tuple[str, ...] = (),
) -> GrowthParams:
    """:class:`GrowthParams` from log growth rates: the finite years in ``(last - window, last]`` outside
    ``excluded``; :class:`InsufficientHistory` with fewer than ``min_obs`` of them."""
    keep = (
        (years > last - window)
        & (years <= last)
        & np.isfinite(log_real)
        & np.isfinite(log_defl)
        & ~np.isin(years, np.asarray(excluded, dtype=int))
    )
    years, log_real, log_defl = years[keep], log_real[keep], log_defl[keep]
    if len(years) < min_obs:
        raise InsufficientHistory(
            f"only {len(years)} usable growth years in vintage {vintage_class} (need {min_obs})",
            field="history",
            value=[int(y) for y in years],
        )
    real_sd, defl_sd = float(np.std(log_real, ddof=1)), float(np.std(log_defl, ddof=1))
    corr = float(np.corrcoef(log_real, log_defl)[0, 1]) if real_sd > 0 and defl_sd > 0 else 0.0
    return GrowthParams(
        real_mu=float(np.expm1(log_real.mean())),
        real_sd=real_sd,
        defl_mu=float(np.expm1(log_defl.mean())),
        defl_sd=defl_sd,
        corr=corr,
        years=tuple(int(y) for y in years),
        vintage_class=vintage_class,
        basis=basis,
        source_titles=source_titles,
        excluded=tuple(excluded),
    )


def estimate_growth(
    levels: pd.DataFrame,
    *,
    real_index: pd.DataFrame | None = None,
    price_index: pd.DataFrame | None = None,
    origin: int | None = None,
    window: int = 8,
    region: str | None = None,
    min_obs: int = 3,
) -> GrowthParams:
    """The growth distribution of a level series in one vintage class (module docstring).

    Parameters
    ----------
    levels : frame (year, value[, period], vintage_class[, region, source_title]) of nominal levels
        (亿元, current prices).
    real_index : frame of the real volume index (上年=100), same vintage class; or
    price_index : frame of a price index (上年=100, the CPI), same class. At most one of the two.
    origin : last year of information (backtests); default all years.
    window : calendar span of the growth years used.
    region : region of the history, whose revision episode is left out; default the single value of
        the ``region`` column of ``levels``.
    min_obs : fewest growth years accepted.

    Returns
    -------
    GrowthParams; :class:`InsufficientHistory` with too few years, :class:`InputError` when the frames
    mix vintage classes.
    """
    if real_index is not None and price_index is not None:
        raise InputError("give real_index or price_index, not both", field="price_index")
    window = check_positive_int("window", window)
    cls = single_vintage(levels, real_index, price_index)
    if region is None:
        found = sorted(set(levels["region"].astype(str))) if "region" in levels.columns else []
        if len(found) != 1:
            raise InputError(
                "levels must hold one region (column 'region') or pass region=", field="region", value=found
            )
        region = found[0]
    level = annual(levels, "levels")
    if origin is not None:
        level = level[level.index <= origin]
    index = real_index if real_index is not None else price_index
    years, log_nom, log_idx = growth_logs(level, None if index is None else annual(index, "index"))
    if real_index is not None:
        basis, log_real, log_defl = "real_index", log_idx, log_nom - log_idx
    elif price_index is not None:
        basis, log_real, log_defl = "price_index", log_nom - log_idx, log_idx
    else:
        basis, log_real, log_defl = "nominal", log_nom, np.zeros_like(log_nom)
    titles = tuple(sorted(set(levels["source_title"].astype(str)))) if "source_title" in levels.columns else ()
    last = int(level.index.max()) if len(level) else 0
    return fit(
        years,
        log_real,
        log_defl,
        last=last,
        window=window,
        excluded=revision_episode(region),
        min_obs=min_obs,
        vintage_class=cls,
        basis=basis,
        source_titles=titles,
    )


def estimate_stated_growth(
    growth: pd.DataFrame,
    *,
    real: bool,
    deflator: pd.Series | None = None,
    origin: int,
    window: int = 8,
    region: str,
    min_obs: int = 3,
) -> GrowthParams:
    """The growth distribution from the growth rates a region states in its work reports.

    Parameters
    ----------
    growth : frame (year, value in %, report) of :func:`analysis.corpus.levels.stated_growth`.
    real : the stated rate is real growth (GDP): the deflator comes from ``deflator``.
    deflator : year -> ln(1 + deflator growth) of the province's GDP (one vintage class); with ``real``,
        only the years it holds are used.
    origin : the start year: growth years up to it.
    window, min_obs : as in :func:`estimate_growth`. region : whose revision episode is left out.
    """
    window = check_positive_int("window", window)
    stated = growth[growth["year"] <= origin]
    years = stated["year"].to_numpy(int)
    log_growth = np.log1p(stated["value"].to_numpy(float) / 100.0)
    if real:
        log_defl = (deflator if deflator is not None else pd.Series(dtype=float)).reindex(years).to_numpy(float)
        basis = "stated_real"
    else:
        log_defl, basis = np.zeros_like(log_growth), "stated_nominal"
    titles = tuple(sorted(set(stated["report"].astype(str))))
    return fit(
        years,
        log_growth,
        log_defl,
        last=int(origin),
        window=window,
        excluded=revision_episode(region),
        min_obs=min_obs,
        vintage_class="first statements in its work reports",
        basis=basis,
        source_titles=titles,
    )
