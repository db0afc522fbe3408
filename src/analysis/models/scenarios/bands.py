"""The 90 % bands of the fans: split-conformal per horizon, their backtest, and the distribution drawn.

Method
------
**Backtest** (:func:`backtest`). Rolling origin over the level series of every province and the nation
(:data:`analysis.corpus.levels.LEVEL_KEYS`), within each vintage class: from every origin with at least
``min_obs`` usable growth years, the growth model (:mod:`~analysis.models.scenarios.estimate`) is
estimated on data up to the origin only and simulated 1-3 years ahead
(:mod:`~analysis.models.scenarios.simulate`). Each forecast keeps the mean, sd and 5/50/95 % quantiles of
the simulated log level, and the log of the outcome. Targets reached through a region's revision
episode are left out.

**Conformal ends** (:func:`conformal_quantiles`). Per indicator and horizon the standardised errors
``z = (ln outcome - mean) / sd`` give the band ``[z_(k), z_(n+1-k)]``, which holds a new error with
probability ``(n + 1 - 2k) / (n + 1)`` when errors are exchangeable across regions and years
(split-conformal prediction; Vovk, Gammerman & Shafer 2005; Lei et al. 2018).

**The band drawn** (:func:`band_ends`). In log level: the union of the model's own 5-95 % band and the
conformal band ``mean + z sd`` (so it always contains the model's), then widened so that it never
narrows with the horizon: the distances below and above the median are running maxima over the
horizons, and the width in levels never falls (:func:`widen`). Beyond the backtest's horizons the
ends of the last measured horizon are used (its z, on the model's growing sd); their coverage is not
measured.

**The distribution drawn** (:func:`calibrate_paths`). Each year's simulated log levels are stretched
about their median, below and above separately, so that their 5 % and 95 % quantiles are the band's
ends: a monotone map of each year, so every path keeps its rank, and crossing probabilities, quantiles
and fans are all read from the same calibrated paths.

**Coverage** (:func:`band_table`). Each forecast is judged by the band built without its region
(leave-one-region-out): conformal ends from the other regions' errors, union with its own model band,
widened over its horizons as above. ``coverage_90`` is the share of outcomes inside; the model's own
band's share is beside it.

References
----------
Vovk, V., Gammerman, A. and Shafer, G. (2005), *Algorithmic Learning in a Random World*, Springer.
Lei, J., G'Sell, M., Rinaldo, A., Tibshirani, R. and Wasserman, L. (2018), "Distribution-free
predictive inference for regression", *JASA* 113.
"""

from __future__ import annotations

import hashlib
import pickle
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import paths
from analysis.checks import check_n_paths, check_seed
from analysis.corpus.levels import LEVEL_KEYS
from analysis.models.scenarios.estimate import InsufficientHistory, fit, growth_logs
from analysis.models.scenarios.inputs import HISTORY_CLASSES, INDEX_OF, SCENARIO_UNITS, all_series, revision_episode
from analysis.models.scenarios.simulate import simulate_levels
from analysis.series.load import processed_is_current
from analysis.tables import atomic_path
from analysis.vocabulary import REGION_TABLE

#: nominal coverage of the bands
BAND_LEVEL = 0.90
#: horizons (years after the origin) the backtest measures
HORIZONS: tuple[int, ...] = (1, 2, 3)
FORECAST_COLUMNS = [
    "region",
    "indicator",
    "vintage_class",
    "origin",
    "horizon",
    "target_year",
    "n_obs",
    "log_actual",
    "log_mean",
    "log_sd",
    "log_q05",
    "log_q50",
    "log_q95",
    "in_break",
]
BAND_COLUMNS = ["indicator", "horizon", "n", "z_low", "z_high", "nominal", "coverage_90", "coverage_90_model"]


def conformal_quantiles(z, level: float = BAND_LEVEL) -> tuple[float, float, float]:
    """(z_low, z_high, nominal coverage) of the split-conformal band from standardised errors ``z``.

    With the ``n`` finite errors sorted, the band is ``[z_(k), z_(n+1-k)]`` with ``k`` the largest integer
    whose coverage ``(n + 1 - 2k) / (n + 1)`` is at least ``level``, and at least 1: with few errors the
    band is their range and its nominal coverage ``(n - 1) / (n + 1)`` falls short of ``level`` (stated,
    not assumed). NaN for fewer than two errors.
    """
    z = np.asarray(z, float)
    z = np.sort(z[np.isfinite(z)])
    n = len(z)
    if n < 2:
        return np.nan, np.nan, np.nan
    k = max(1, int(np.floor((n + 1) * (1 - level) / 2 + 1e-9)))
    return float(z[k - 1]), float(z[n - k]), (n + 1 - 2 * k) / (n + 1)


def widen(median, low, high) -> tuple[np.ndarray, np.ndarray]:
    """Band ends (log levels; horizons along the last axis) that never narrow: the distances below and
    above the ``median`` are running maxima over the horizons, and where the width in levels would fall
    the upper end is raised to keep it. Missing horizons (NaN) are skipped."""
    median, low, high = (np.array(a, float) for a in (median, low, high))
    low = median - np.fmax.accumulate(median - low, axis=-1)
    high = median + np.fmax.accumulate(high - median, axis=-1)
    width = np.exp(high) - np.exp(low)
    widest = width[..., 0]
    for j in range(1, width.shape[-1]):
        short = width[..., j] < widest
        high[..., j] = np.where(short, np.log(np.exp(low[..., j]) + widest), high[..., j])
        widest = np.fmax(widest, width[..., j])
    return low, high


def band_ends(mean, sd, q05, q50, q95, ends: pd.DataFrame | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(low, high, measured coverage) of the band drawn at horizons 1..len(mean), in log level.

    ``mean``, ``sd``, ``q05``, ``q50``, ``q95`` : the model's simulated log level per horizon. ``ends`` :
    rows of :func:`band_table` for one indicator (horizon, z_low, z_high, coverage_90), or None (the
    model's band, only widened).
    """
    low, high = np.array(q05, float), np.array(q95, float)
    coverage = np.full(len(low), np.nan)
    if ends is not None and len(ends):
        by_h = ends.set_index("horizon").sort_index()
        last = int(by_h.index.max())
        for j in range(len(low)):
            h = min(j + 1, last)
            if h not in by_h.index or not np.isfinite(by_h.loc[h, "z_low"]):
                continue
            low[j] = min(low[j], mean[j] + by_h.loc[h, "z_low"] * sd[j])
            high[j] = max(high[j], mean[j] + by_h.loc[h, "z_high"] * sd[j])
            if j + 1 <= last:
                coverage[j] = by_h.loc[h, "coverage_90"]
    low, high = widen(np.asarray(q50, float), low, high)
    return low, high, coverage


def calibrate_paths(paths: np.ndarray, ends: pd.DataFrame | None, level: float = BAND_LEVEL):
    """The calibrated paths (module docstring) and the band they carry.

    Returns
    -------
    (calibrated paths, model_q05, model_q95, coverage) : the paths (same shape, same unit), the model's
    own 5 % and 95 % levels per year, and the measured coverage of the band per year (NaN beyond the
    backtest's horizons). A year with no spread (zero variance) is left as it is.
    """
    logs = np.log(paths)
    tail = (1 - level) / 2
    q05, q50, q95 = np.quantile(logs, [tail, 0.5, 1 - tail], axis=0)
    low, high, coverage = band_ends(logs.mean(axis=0), logs.std(axis=0), q05, q50, q95, ends)
    below, above = q50 - q05, q95 - q50
    scale_below = np.divide(q50 - low, below, out=np.ones_like(below), where=below > 0)
    scale_above = np.divide(high - q50, above, out=np.ones_like(above), where=above > 0)
    stretched = q50 + (logs - q50) * np.where(logs < q50, scale_below, scale_above)
    return np.exp(stretched), np.exp(q05), np.exp(q95), coverage


def backtest_regions() -> tuple[str, ...]:
    """The regions whose level series the backtest scores: the nation and the provinces."""
    return tuple(r.key for r in REGION_TABLE if r.level in ("nation", "province"))


def _series_forecasts(region, key, level, index, basis, *, rng, n_paths, window, min_obs, horizons) -> list[dict]:
    years, log_nom, log_idx = growth_logs(level, index)
    if basis == "real_index":
        log_real, log_defl = log_idx, log_nom - log_idx
    elif basis == "price_index":
        log_real, log_defl = log_nom - log_idx, log_idx
    else:
        log_real, log_defl = log_nom, np.zeros_like(log_nom)
    excluded = revision_episode(region)
    cls = str(level.attrs.get("vintage_class", ""))
    rows = []
    for origin in level.index:
        targets = [h for h in horizons if origin + h in level.index]
        if not targets:
            continue
        try:
            p = fit(
                years,
                log_real,
                log_defl,
                last=int(origin),
                window=window,
                excluded=excluded,
                min_obs=min_obs,
                vintage_class=cls,
                basis=basis,
            )
        except InsufficientHistory:
            continue
        paths = simulate_levels(
            float(level[origin]),
            p.real_mu,
            p.real_sd,
            p.defl_mu,
            p.defl_sd,
            max(targets),
            n_paths,
            rng,
            p.corr,
            n_obs=p.n_obs,
        )
        logs = np.log(paths)
        q05, q50, q95 = np.quantile(logs, [0.05, 0.5, 0.95], axis=0)
        mean, sd = logs.mean(axis=0), logs.std(axis=0)
        for h in targets:
            j = h - 1
            rows.append(
                {
                    "region": region,
                    "indicator": key,
                    "vintage_class": cls,
                    "origin": int(origin),
                    "horizon": h,
                    "target_year": int(origin + h),
                    "n_obs": p.n_obs,
                    "log_actual": float(np.log(level[origin + h])),
                    "log_mean": float(mean[j]),
                    "log_sd": float(sd[j]),
                    "log_q05": float(q05[j]),
                    "log_q50": float(q50[j]),
                    "log_q95": float(q95[j]),
                    "in_break": any(y in excluded for y in range(int(origin) + 1, int(origin) + h + 1)),
                }
            )
    return rows


def backtest(
    seed: int,
    n_paths: int = 2000,
    *,
    horizons: tuple[int, ...] = HORIZONS,
    window: int = 8,
    min_obs: int = 4,
    regions: tuple[str, ...] | None = None,
    keys: tuple[str, ...] = LEVEL_KEYS,
) -> pd.DataFrame:
    """Rolling-origin forecasts of every level series (module docstring), one row per forecast.

    Parameters
    ----------
    seed : seed of the simulation (one generator, series in a fixed order: same seed, same table).
    n_paths : paths per forecast. horizons : years ahead. window, min_obs : as in the scenarios.
    regions : regions scored (default :func:`backtest_regions`). keys : level series scored.

    Returns
    -------
    DataFrame, columns :data:`FORECAST_COLUMNS` (log levels in the series' unit).
    """
    check_seed(seed)
    check_n_paths(n_paths)
    rng = np.random.default_rng(seed)
    wanted = tuple(keys) + tuple(INDEX_OF[k][0] for k in keys if k in INDEX_OF)
    series = all_series(wanted)
    empty = pd.DataFrame(columns=["year", "value", "unit", "vintage_class"])
    rows: list[dict] = []
    for region in regions if regions is not None else backtest_regions():
        for key in keys:
            levels = series.get((region, key), empty)
            levels = levels[levels["unit"].isin(SCENARIO_UNITS)]
            index_key, basis = INDEX_OF.get(key, ("", "nominal"))
            index = series.get((region, index_key), empty) if index_key else None
            for cls in HISTORY_CLASSES:
                part = levels[levels["vintage_class"] == cls].drop_duplicates("year")
                if len(part) < min_obs + 2 or part["unit"].nunique() != 1:
                    continue
                level = pd.Series(part["value"].to_numpy(float), index=part["year"].to_numpy(int)).sort_index()
                level.attrs["vintage_class"] = cls
                idx = None
                if index is not None:
                    ipart = index[index["vintage_class"] == cls].drop_duplicates("year")
                    if len(ipart) < min_obs:
                        continue
                    idx = pd.Series(ipart["value"].to_numpy(float), index=ipart["year"].to_numpy(int))
                rows += _series_forecasts(
                    region,
                    key,
                    level,
                    idx,
                    basis,
                    rng=rng,
                    n_paths=n_paths,
                    window=window,
                    min_obs=min_obs,
                    horizons=tuple(horizons),
                )
    return pd.DataFrame(rows, columns=FORECAST_COLUMNS)


def _leave_region_out(z: np.ndarray, groups: np.ndarray, regions: np.ndarray, level: float) -> np.ndarray:
    """Per forecast, the conformal ends (z_low, z_high) of its group (indicator and horizon) built from
    the errors of the other regions: an array of shape (n, 2)."""
    out = np.full((len(z), 2), np.nan)
    for group in np.unique(groups):
        mine = groups == group
        for region in np.unique(regions[mine]):
            lo, hi, _ = conformal_quantiles(z[mine & (regions != region)], level)
            out[mine & (regions == region)] = lo, hi
    return out


def band_table(forecasts: pd.DataFrame, level: float = BAND_LEVEL) -> pd.DataFrame:
    """Conformal ends and measured coverage per indicator and horizon (module docstring), and, first,
    the coverage over every indicator per horizon (indicator ``all``; its ends are per indicator, NaN).

    Columns :data:`BAND_COLUMNS`: n forecasts, z_low and z_high (the band in sds of the simulated log
    level), nominal (the conformal band's (n + 1 - 2k) / (n + 1)), coverage_90 (leave-one-region-out,
    the band drawn), coverage_90_model (the model's own 5-95 % band).
    """
    f = forecasts[~forecasts["in_break"].astype(bool)].reset_index(drop=True)
    if f.empty:
        return pd.DataFrame(columns=BAND_COLUMNS)
    z = ((f["log_actual"] - f["log_mean"]) / f["log_sd"]).to_numpy(float)
    groups = (f["indicator"] + "@" + f["horizon"].astype(str)).to_numpy()
    ends = _leave_region_out(z, groups, f["region"].to_numpy(), level)
    f["low"] = np.fmin(f["log_q05"], f["log_mean"] + np.nan_to_num(ends[:, 0]) * f["log_sd"])
    f["high"] = np.fmax(f["log_q95"], f["log_mean"] + np.nan_to_num(ends[:, 1]) * f["log_sd"])
    wide = f.pivot_table(
        index=["region", "indicator", "vintage_class", "origin"],
        columns="horizon",
        values=["log_q50", "low", "high"],
        aggfunc="first",
    )
    low, high = widen(wide["log_q50"].to_numpy(), wide["low"].to_numpy(), wide["high"].to_numpy())
    horizons = list(wide["low"].columns)
    drawn = pd.DataFrame(
        {"low": low.ravel(), "high": high.ravel()},
        index=pd.MultiIndex.from_tuples(
            [(*key, h) for key in wide.index for h in horizons],
            names=["region", "indicator", "vintage_class", "origin", "horizon"],
        ),
    )
    f = f.drop(columns=["low", "high"]).join(drawn, on=["region", "indicator", "vintage_class", "origin", "horizon"])
    f["z"] = z
    f["inside"] = (f["low"] <= f["log_actual"]) & (f["log_actual"] <= f["high"])
    f["inside_model"] = (f["log_q05"] <= f["log_actual"]) & (f["log_actual"] <= f["log_q95"])
    rows = []
    for h, g in f.groupby("horizon"):
        rows.append(
            {
                "indicator": "all",
                "horizon": int(h),
                "n": len(g),
                "z_low": np.nan,
                "z_high": np.nan,
                "nominal": np.nan,
                "coverage_90": g["inside"].mean(),
                "coverage_90_model": g["inside_model"].mean(),
            }
        )
    for (key, h), g in f.groupby(["indicator", "horizon"]):
        lo, hi, nominal = conformal_quantiles(g["z"], level)
        rows.append(
            {
                "indicator": key,
                "horizon": int(h),
                "n": len(g),
                "z_low": lo,
                "z_high": hi,
                "nominal": nominal,
                "coverage_90": g["inside"].mean(),
                "coverage_90_model": g["inside_model"].mean(),
            }
        )
    return pd.DataFrame(rows, columns=BAND_COLUMNS)


#: Where band tables are kept once measured, under the processed folder (hidden: a cache, not an input).
CACHE = Path(".cache") / "scenarios"


def _disk_key(seed: int, n_paths: int, window: int) -> str | None:
    """The name of the band table of these arguments, the processed tables and this package's code;
    None when the processed tables are not the current build (the loader then builds in memory)."""
    if not processed_is_current():
        return None
    digest = hashlib.sha256(f"{seed}|{n_paths}|{window}".encode())
    digest.update((paths.PROCESSED / "manifest.json").read_bytes())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return f"bands-{digest.hexdigest()[:20]}.pickle"


@lru_cache(maxsize=4)
def _bands(seed: int, n_paths: int, window: int, name: str | None) -> pd.DataFrame:
    cached = paths.PROCESSED / CACHE / name if name else None
    if cached is not None and cached.is_file():
        try:
            with cached.open("rb") as handle:
                return pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError):
            pass  # measured again below
    table = band_table(backtest(seed, n_paths, window=window))
    if cached is not None:
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            with atomic_path(cached) as tmp:
                with tmp.open("wb") as handle:
                    pickle.dump(table, handle, protocol=pickle.HIGHEST_PROTOCOL)
        except OSError:  # a read-only checkout measures the bands in each process
            pass
    return table


def measured_bands(seed: int, n_paths: int = 2000, *, window: int = 8) -> pd.DataFrame:
    """:func:`band_table` of :func:`backtest`, a copy. Measured once per processed build, code and
    arguments and kept in :data:`CACHE` (the backtest takes seconds; every briefing reads the same)."""
    seed, n_paths, window = int(check_seed(seed)), int(check_n_paths(n_paths)), int(window)
    return _bands(seed, n_paths, window, _disk_key(seed, n_paths, window)).copy()


def ends_for(table: pd.DataFrame, indicator: str) -> pd.DataFrame | None:
    """The rows of ``table`` (:func:`band_table`) for ``indicator``, or None when it has none."""
    rows = table[table["indicator"] == indicator]
    return rows if len(rows) else None
