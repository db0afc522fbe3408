"""The rolling-origin backtest: every method forecast out of sample, year by year, and scored.

For every origin year T from :data:`FIRST_ORIGIN` to the last year with outcomes, each method is fitted
on the cases of the years before T only (the model on the :data:`~analysis.models.feasibility.logistic.WINDOW`
years before T; the records on every earlier year) and forecasts the targets of year T; the headline
(:mod:`analysis.models.feasibility.headline`) is chosen at each origin from the forecasts of the
years before it. Scores are kept from :data:`FIRST_SCORED` on (earlier origins only feed the
headline rule). Forecasts are cached by a hash of the cases and of the family's code
(``data/processed/feasibility``), so a second run with the same inputs reads them back.

Reliability (calibration): the forecasts binned by probability (0-0.1, ..., 0.9-1); each bin's mean
probability against the share met. A bin is checked when it holds :data:`CHECKED_BIN` cases or more;
it is within bounds when the two differ by :data:`CALIBRATION_BOUND` or less.

How far a calibrated forecaster's bins stray (:func:`consistency`): targets of one year share a shock
(2014's slowdown, 2020, 2021's rebound), so a bin's share met strays from its mean forecast by more
than binomial noise. The year shock is measured on the scored forecasts themselves, as the spread
across years of the log-odds of the share met around the log-odds of the mean forecast (τ²). Outcomes
are then drawn :data:`CONSISTENCY_DRAWS` times from forecasts that are calibrated by construction
(logit p_i scaled by √(1 + πτ²/8), plus a shock u_T ~ N(0, τ²) common to year T: their mean over u_T is
p_i), and each bin's 5-95 % range of the share met is its consistency band (Bröcker and Smith 2007):
a bin outside it strays more than the year shocks explain. Measured on a year's share of all its
targets, τ² understates a shock on each target's log-odds (a share averages odds near 0 and 1 that a
shock hardly moves), so the bands are if anything too narrow. The same draws give how often such a
forecaster keeps every checked bin within :data:`CALIBRATION_BOUND`.

Bröcker, J. and Smith, L. A. (2007). Increasing the reliability of reliability diagrams. Weather and
Forecasting 22(3), 651-661.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import paths
from analysis.models.feasibility import base_rate, headline, inputs, logistic, recent, region_record
from analysis.tables import atomic_path

FIRST_ORIGIN = 2004
FIRST_SCORED = 2008
PANDEMIC = (2020, 2021, 2022)
CHECKED_BIN = 30
CALIBRATION_BOUND = 0.05
METHODS: tuple[str, ...] = (base_rate.NAME, recent.NAME, region_record.NAME, logistic.NAME, headline.COMBINED)
CACHE = paths.FEASIBILITY_CACHE
SKILL_COLUMNS = ["indicator", "n", "brier_model", "brier_base_rate", "skill", "years", "pool", "sample", "method"]
CALIBRATION_COLUMNS = [
    "bin",
    "n",
    "mean_p",
    "observed",
    "checked",
    "within_bound",
    "band_low",
    "band_high",
    "consistent",
    "years",
    "largest_year",
]
#: draws of outcomes from calibrated forecasts (:func:`consistency`), and their seed
CONSISTENCY_DRAWS = 1000
CONSISTENCY_SEED = 20240123


def forecasts_at(cases: pd.DataFrame, features: pd.DataFrame, origin: int) -> tuple[pd.DataFrame, logistic.Fit | None]:
    """Every method's forecast of the cases of year ``origin`` (and the fitted model)."""
    rows = cases[cases["year"] == origin]
    train = cases[(cases["year"] < origin) & (cases["year"] >= origin - logistic.WINDOW)]
    f = features.loc[rows.index]
    out = pd.DataFrame(index=rows.index)
    out[base_rate.NAME] = base_rate.predict(f)
    out[recent.NAME] = recent.predict(f)
    out[region_record.NAME] = region_record.predict(f)
    model = None
    if len(train) >= 50:
        model = logistic.fit(pd.concat([train, features.loc[train.index]], axis=1))
        out[logistic.NAME] = logistic.predict(model, pd.concat([rows, f], axis=1))
    else:
        out[logistic.NAME] = out[recent.NAME]
    out[headline.COMBINED] = headline.combine(out[logistic.NAME], out[recent.NAME])
    return out, model


def _fingerprint(cases: pd.DataFrame) -> str:
    digest = hashlib.sha256(cases.to_csv(index=False).encode("utf-8"))
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


#: Backtests run or read in this process, by the fingerprint of their cases and code.
_RUN: dict[str, pd.DataFrame] = {}


def run_backtest(cases: pd.DataFrame, *, cache: Path | None = CACHE) -> pd.DataFrame:
    """Out-of-sample forecasts of every case from :data:`FIRST_ORIGIN` on: the case columns, the
    record features, one column per method, ``headline`` (the probability shown) and
    ``headline_method`` (which method it is). ``attrs["fingerprint"]`` names the cases and code.
    Kept in the process: callers read the frame and do not change it."""
    key = _fingerprint(cases)
    if key in _RUN:
        return _RUN[key]
    result = _read_or_run(cases, key, cache)
    result.attrs["fingerprint"] = key
    _RUN[key] = result
    return result


def _read_or_run(cases: pd.DataFrame, key: str, cache: Path | None) -> pd.DataFrame:
    path = cache / f"backtest-{key}.pickle" if cache is not None else None
    if path is not None and path.is_file():
        with path.open("rb") as handle:
            return pickle.load(handle)
    features = inputs.history(cases, cases)
    parts = []
    for origin in sorted(y for y in cases["year"].unique() if y >= FIRST_ORIGIN):
        forecasts, _ = forecasts_at(cases, features, origin)
        past = pd.concat(parts) if parts else pd.DataFrame(columns=[*METHODS, "met"])
        method = headline.choose(past)
        forecasts["headline"] = forecasts[method]
        forecasts["headline_method"] = method
        parts.append(pd.concat([cases.loc[forecasts.index], features.loc[forecasts.index], forecasts], axis=1))
    result = pd.concat(parts).sort_values(["year", "region", "key"], kind="mergesort")
    if path is not None:
        with atomic_path(path) as tmp:
            with tmp.open("wb") as handle:
                pickle.dump(result, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return result


def _skill_row(frame: pd.DataFrame, indicator: str, pool: str, sample: str) -> dict:
    model = headline.brier(frame["headline"], frame["met"])
    base = headline.brier(frame[base_rate.NAME], frame["met"])
    years = f"{frame['year'].min()}-{frame['year'].max()}" if len(frame) else ""
    methods = frame["headline_method"].value_counts()
    used = ", ".join(f"{m} ({n})" for m, n in methods.items())
    return {
        "indicator": indicator,
        "n": len(frame),
        "brier_model": round(model, 4),
        "brier_base_rate": round(base, 4),
        "skill": round(1.0 - model / base, 4) if base > 0 else np.nan,
        "years": years,
        "pool": pool,
        "sample": sample,
        "method": f"headline: best past Brier ({used})",
    }


def skill_table(forecasts: pd.DataFrame, pool: str, *, min_cases: int = 30) -> pd.DataFrame:
    """Brier skill of the headline over the base rate: a row per indicator with ``min_cases`` scored
    cases or more and a row ``all``, with and without the pandemic years 2020-2022."""
    scored = forecasts[forecasts["year"] >= FIRST_SCORED]
    rows = []
    for sample, frame in (("all years", scored), ("without 2020-2022", scored[~scored["year"].isin(PANDEMIC)])):
        rows.append(_skill_row(frame, "all", pool, sample))
        for key, part in frame.groupby("key"):
            if len(part) >= min_cases:
                rows.append(_skill_row(part, key, pool, sample))
    return pd.DataFrame(rows, columns=SKILL_COLUMNS)


def method_table(forecasts: pd.DataFrame) -> pd.DataFrame:
    """Brier score and skill of every method on the same scored cases."""
    scored = forecasts[forecasts["year"] >= FIRST_SCORED]
    base = headline.brier(scored[base_rate.NAME], scored["met"])
    rows = [
        {
            "method": m,
            "n": len(scored),
            "brier": round(headline.brier(scored[m], scored["met"]), 4),
            "skill": round(1.0 - headline.brier(scored[m], scored["met"]) / base, 4),
        }
        for m in (*METHODS, "headline")
    ]
    return pd.DataFrame(rows)


def _bins(p: np.ndarray) -> np.ndarray:
    return np.clip(p * 10, 0, 9.999).astype(int)


def bin_label(b: int) -> str:
    """The reliability table's name of bin ``b`` (0-9): "0.3-0.4"."""
    return f"{b / 10:.1f}-{(b + 1) / 10:.1f}"


def bin_of(p: float) -> str:
    """The name of the reliability bin that holds the probability ``p`` (1.0 in "0.9-1.0")."""
    return bin_label(int(_bins(np.array([p]))[0]))


def _logit(p: np.ndarray) -> np.ndarray:
    q = np.clip(p, 1e-3, 1 - 1e-3)
    return np.log(q / (1 - q))


def year_shock_variance(p: np.ndarray, met: np.ndarray, years: np.ndarray) -> float:
    """τ²: the variance across years of logit(share met) - logit(mean forecast), the share smoothed
    as (met + 0.5) / (n + 1)."""
    frame = (
        pd.DataFrame({"p": p, "met": met, "year": years})
        .groupby("year")
        .agg(n=("met", "size"), met=("met", "sum"), p=("p", "mean"))
    )
    shocks = _logit((frame["met"] + 0.5).to_numpy() / (frame["n"] + 1).to_numpy()) - _logit(frame["p"].to_numpy())
    return float(np.var(shocks)) if len(shocks) >= 3 else 0.0


@dataclass(frozen=True)
class Consistency:
    """What calibrated forecasts would show (module docstring): per bin (index 0-9) the 5 % and 95 %
    points of the share met, the share of draws with every checked bin within the bound, with and
    without the year shock, and the shock variance."""

    low: np.ndarray
    high: np.ndarray
    all_within: float
    all_within_no_shock: float
    tau2: float


def consistency(p: np.ndarray, met: np.ndarray, years: np.ndarray, *, draws: int = CONSISTENCY_DRAWS) -> Consistency:
    """Draws of outcomes from forecasts ``p`` made calibrated by construction (module docstring)."""
    p, years = np.asarray(p, float), np.asarray(years)
    tau2 = year_shock_variance(p, np.asarray(met, float), years)
    bins = _bins(p)
    checked = [b for b in range(10) if (bins == b).sum() >= CHECKED_BIN]
    members = [bins == b for b in range(10)]
    means = np.array([p[m].mean() if m.any() else np.nan for m in members])
    rng = np.random.default_rng(CONSISTENCY_SEED)
    unique, index = np.unique(years, return_inverse=True)
    onehot = np.stack(members, axis=1).astype(float)  # cases x bins
    counts = onehot.sum(axis=0)
    shares = {}
    for name, var in (("shock", tau2), ("none", 0.0)):
        eta = _logit(p) * np.sqrt(1.0 + np.pi * var / 8.0)
        u = rng.normal(0.0, np.sqrt(var), (draws, len(unique)))[:, index] if var > 0 else np.zeros((draws, 1))
        y = rng.random((draws, len(p))) < 1.0 / (1.0 + np.exp(-(eta + u)))
        with np.errstate(invalid="ignore", divide="ignore"):
            shares[name] = (y.astype(float) @ onehot) / counts  # draws x bins; NaN for an empty bin
    within = {
        name: float(np.mean(np.all(np.abs(out[:, checked] - means[checked]) <= CALIBRATION_BOUND, axis=1)))
        for name, out in shares.items()
    }
    low, high = np.full(10, np.nan), np.full(10, np.nan)
    filled = counts > 0
    low[filled], high[filled] = np.percentile(shares["shock"][:, filled], [5, 95], axis=0)
    return Consistency(low, high, within["shock"], within["none"], tau2)


def calibration_table(forecasts: pd.DataFrame, column: str = "headline") -> pd.DataFrame:
    """The reliability table of ``column`` over the scored cases, with each bin's consistency band
    (see the module docstring): the rows of all years, then those without the pandemic years
    2020-2022 (column ``sample``, as in :func:`skill_table`); ``attrs`` hold the :class:`Consistency`
    summary of all years."""
    scored = forecasts[forecasts["year"] >= FIRST_SCORED]
    parts, summary = [], None
    for sample, frame in (("all years", scored), ("without 2020-2022", scored[~scored["year"].isin(PANDEMIC)])):
        rows, bands = _calibration_rows(frame, column)
        parts.append(pd.DataFrame(rows, columns=CALIBRATION_COLUMNS).assign(sample=sample))
        summary = summary or bands
    table = pd.concat(parts, ignore_index=True)
    table.attrs.update(
        tau2=round(summary.tau2, 3),
        all_within=round(summary.all_within, 3),
        all_within_no_shock=round(summary.all_within_no_shock, 3),
    )
    return table


def _calibration_rows(scored: pd.DataFrame, column: str) -> tuple[list[dict], Consistency]:
    p = scored[column].to_numpy(float)
    bins = _bins(p)
    bands = consistency(p, scored["met"].to_numpy(float), scored["year"].to_numpy())
    rows = []
    for b, part in scored.groupby(bins):
        mean_p, observed = float(part[column].mean()), float(part["met"].mean())
        counts = part["year"].value_counts()
        rows.append(
            {
                "bin": bin_label(b),
                "n": len(part),
                "mean_p": round(mean_p, 3),
                "observed": round(observed, 3),
                "checked": len(part) >= CHECKED_BIN,
                "within_bound": abs(mean_p - observed) <= CALIBRATION_BOUND,
                "band_low": round(float(bands.low[b]), 3),
                "band_high": round(float(bands.high[b]), 3),
                "consistent": bool(bands.low[b] <= observed <= bands.high[b]),
                "years": f"{part['year'].min()}-{part['year'].max()}",
                "largest_year": f"{counts.index[0]} ({counts.iloc[0]} cases)",
            }
        )
    return rows, bands
