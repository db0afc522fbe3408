"""How likely is each target to be met? Six named methods and the table of probabilities.

Pure functions on frames; loading lives in :mod:`analysis.models.target_data`, the CLI in
:mod:`analysis.models.feasibility_cli`. "Met" follows :mod:`analysis.models.target_rules`
(以上 / bare / 左右 / range-low a floor on higher-is-better indicators, 以内 and ceiling indicators a
ceiling; 左右 also reported as a ±0.5 pp band).

Methods
-------
``empirical misses`` (1)
    The empirical distribution of past misses (outcome minus target, signed so that >= 0 is met)
    for the same region and indicator, with only years before the target year (leave-future-out).
    P(met) is the share of past misses >= 0, estimated as the mean of a Beta posterior whose prior
    is centred on a pooled hit rate with weight ``prior_strength`` pseudo-observations (empirical
    Bayes shrinkage; cf. Efron & Morris 1975). The pool, chosen in order where it has at least
    ``min_pool`` cases: same indicator in every region ("pooled: <indicator> misses, all regions"),
    every indicator of the region ("pooled: <region> misses, all indicators"), GDP-growth misses of
    the provinces and the nation ("pooled: provincial and national GDP misses"). The interval is the
    5-95% Beta posterior interval. Liaoning 2011-2017 (data-revision years) are left out of
    Liaoning's own history (``exclude_revision=True``).
``UC local level`` (2)
    An unobserved-components local-level model (random-walk level plus noise; Harvey 1989, ch. 2;
    the model of statsmodels ``UnobservedComponents(level="llevel")``) fitted by exact maximum
    likelihood in closed form (:func:`local_level_closed_form`: Kalman filter with the likelihood
    concentrated in the signal-to-noise ratio, searched on a fixed grid and refined) to the annual
    outcome series before the target year, simulated forward ``n_paths`` times with a seeded
    generator. P(met) is the share of simulated outcomes meeting the target. Missing years (and
    Liaoning 2011-2017, set to missing) are bridged by the Kalman filter. The interval takes the
    forecast mean at ± z·sd/√n and the sd at its chi-square bounds (sampling uncertainty of the
    model's two moments). With ``n_paths=0`` the Gaussian predictive is used in closed form (the
    backtest does this; the simulation converges to it).
``combined`` (3)
    The equal-weight linear opinion pool (average) of the available method probabilities and of
    their interval ends (Stone 1961; Genest & Zidek 1986): empirical misses, UC local level and the
    primary ambition method.
``ambition (normal miss)`` (4, primary) and ``ambition (logistic)`` (4b)
    Added in round 2, after the first backtest showed methods 1-3 not beating the historical hit
    rate. Uses what a forecaster knows when the year-T report comes out: how ambitious the target
    is — target minus the region's T-1 outcome, target minus the latest national target, and the
    qualifier (:func:`ambition_features` states the economic grounds). Fitted on the cases whose
    outcome was known before T, pooled across regions, one indicator at a time, with priors that
    shrink every slope toward zero so that small early samples cannot give extreme probabilities;
    probabilities clipped to [0.02, 0.98]. 4: Student-t predictive of the signed miss with mean
    linear in the features (conjugate normal-inverse-gamma regression). 4b: logistic regression of
    met, posterior mode (Laplace interval). 4 was chosen as primary on the 2012-2018 validation
    cases, before the 2019-2025 scores were seen (:data:`PRIMARY_AMBITION`); it then failed on the
    test years, above all in 2021.
``trend (median of 5)`` (5, primary) and ``combined (past-performance weights)`` (6)
    Added in round 3, after the round-2 backtest failed in 2021 (targets far above the pandemic
    outcome of 2020, which methods 2 and 4 carried forward). Designed on a-priori grounds, settings
    fixed before scoring: growth is a slow trend plus transitory shocks, so 5 forecasts year T by the
    median of the region's last five known outcomes (:func:`trend_forecasts`), with the error
    distribution (outcome minus trend) pooled over all regions in the ten years before T, median and
    1.4826 x MAD, sd floored at 0.5 pp (:func:`trend_probability`). 6 pools empirical misses, trend
    and the normal-miss ambition model with weights ∝ 1 / past Brier score (Bates & Granger 1969;
    :func:`performance_weights`). 5 was chosen as primary over 6 on the 2012-2018 validation cases
    (:data:`PRIMARY_METHOD`). Neither beats the historical hit rate on the 2019-2025 test years.
``error components (year + region)`` (7)
    Round 4, added after rounds 1-3 had been scored on every year, so it has no untouched test years
    and is reported beside the others, not made primary. The past misses of the indicator (all
    regions, ten years before T) are split into a shock common to all regions in a year, a region
    habit and the rest (Davies & Lahiri 1995; :func:`miss_components`); the year-T shock is unknown
    at report time, so its variance enters the forecast in full (:func:`components_probability`).
    It also measures how much of the miss variance is common to a year — the reason no method can
    predict misses well from what is known at the report date (see
    :func:`analysis.models.backtest.predictability_table`).

The headline ``p_meet`` (:func:`feasibility_table`) is the in-year update where year-to-date data
exist, else the primary method (5) where it has history (GDP growth: the only indicator with
outcomes for enough regions to pool errors), else the equal-weight combination (3).
"""
from __future__ import annotations

import math
import warnings

METHOD_EMPIRICAL = "empirical misses"
#: appended to the method of a probability that rests on other indicators' history only
BORROWED_TAG = " (borrowed: other indicators)"
METHOD_TS = "UC local level"
METHOD_COMBINED = "combined"

PRIOR_STRENGTH = 4.0
MIN_POOL = 10
MIN_SERIES_OBS = 8
MAX_HORIZON = 2
LEVEL = 0.90


def _nan_result(method: str, note: str) -> dict:
    return {"p": math.nan, "p_low": math.nan, "p_high": math.nan, "n_obs": 0, "method": method, "note": note}


def empirical_miss_probability(history, *, region: str, key: str, prior_strength: float = PRIOR_STRENGTH,
                               min_pool: int = MIN_POOL, exclude_revision: bool = True,
                               level: float = LEVEL) -> dict:
    """Probability of meeting a target from past misses, shrunk toward a pooled hit rate.

    Parameters
    ----------
    history : pairs frame (:func:`analysis.models.track_record.pair_targets_outcomes`) holding
        **only** years before the target year; rows without an outcome are ignored.
    region, key : the target's region and indicator key.
    prior_strength : weight of the pooled hit rate, in pseudo-observations (k).
    min_pool : smallest pool used for the prior.
    exclude_revision : leave Liaoning 2011-2017 out of the region's own history.
    level : coverage of the Beta interval.

    Returns
    -------
    dict with p, p_low, p_high, n_obs (own cases), method, note (which pool, its hit rate and size),
    borrowed (True when the region has no case of this indicator and the pool is of other
    indicators: the probability then says nothing about this indicator; :func:`combine` uses it
    only when no other method has history).

    Notes
    -----
    With ``h`` own hits in ``n`` cases and pooled rate ``p0``: ``p = (h + k p0) / (n + k)``,
    interval from Beta(h + k p0, n - h + k (1 - p0)).
    """
    from scipy import stats

    import numpy as np

    h = history[history["outcome"].notna() & history["signed_miss"].notna()]
    regions = h["region"].to_numpy(dtype=object)
    keys = h["key"].to_numpy(dtype=object)
    revision = h["revision_period"].to_numpy(dtype=bool) if exclude_revision else np.zeros(len(h), bool)
    met = h["signed_miss"].to_numpy(dtype=float) >= -1e-9
    own_mask = (regions == region) & (keys == key) & ~revision
    pools = [
        ((keys == key) & ~revision, "pooled: provincial and national GDP misses" if key == "gdp_real_growth"
         else f"pooled: {key} misses, all regions"),
        ((regions == region) & ~revision, f"pooled: {region} misses, all indicators"),
        ((keys == "gdp_real_growth") & ~revision, "pooled: provincial and national GDP misses"),
    ]
    prior, same_indicator = None, False
    for i, (mask, label) in enumerate(pools):
        if mask.sum() >= min_pool:
            prior = (float(met[mask].mean()), int(mask.sum()), label)
            same_indicator = i == 0 or key == "gdp_real_growth"
            break
    own = met[own_mask]
    n = len(own)
    hits = float(own.sum())
    if prior is None:
        if n == 0:
            return _nan_result(METHOD_EMPIRICAL, "no history")
        p0, n0, label, k = 0.5, 0, "no pool (uniform prior)", 2.0
    else:
        p0, n0, label = prior
        k = prior_strength
    a = hits + k * p0
    b = n - hits + k * (1.0 - p0)
    alpha = (1.0 - level) / 2.0
    p = a / (a + b)
    borrowed = n == 0 and not same_indicator
    note = (f"own: {n} cases, {int(hits)} met; shrunk (k={k:g}) toward {label} "
            f"(hit rate {p0:.2f}, n={n0})" + ("; borrowed from other indicators" if borrowed else ""))
    return {"p": p, "p_low": float(stats.beta.ppf(alpha, a, b)), "p_high": float(stats.beta.ppf(1 - alpha, a, b)),
            "n_obs": n, "method": METHOD_EMPIRICAL + (BORROWED_TAG if borrowed else ""), "note": note,
            "borrowed": borrowed}


def _annual_array(series, year: int, exclude_years=()):
    """Consecutive annual values before ``year`` (NaN where missing or excluded; the first row of a
    duplicated year wins)."""
    import numpy as np

    yrs = series["year"].to_numpy(dtype=float)
    vals = series["value"].to_numpy(dtype=float)
    keep = (yrs < year) & np.isfinite(vals) & np.isfinite(yrs)
    if not keep.any():
        return None, None
    yrs, vals = yrs[keep].astype(int), vals[keep]
    uniq, first_pos = np.unique(yrs, return_index=True)
    years = np.arange(int(uniq[0]), int(uniq[-1]) + 1)
    values = np.full(len(years), np.nan)
    values[uniq - uniq[0]] = vals[first_pos]
    values[np.isin(years, np.asarray(list(exclude_years), dtype=int))] = np.nan
    return years, values


def fit_local_level(values, start_params=None):
    """Fit the UC local-level model with statsmodels (reference implementation, used in the tests).

    The method itself uses :func:`local_level_closed_form` (same model, same likelihood up to the
    diffuse start, about 100 times faster). Warnings raised while fitting are kept on
    ``results.fit_warnings``.
    """
    from statsmodels.tsa.statespace.structural import UnobservedComponents

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = UnobservedComponents(values, level="llevel").fit(disp=False, start_params=start_params)
    res.fit_warnings = [str(w.message) for w in caught]
    return res


#: grid of signal-to-noise ratios q = σ²_level / σ²_irregular searched before the 1-D refinement
Q_GRID = (0.0,) + tuple(float(10.0 ** (k / 20.0)) for k in range(-80, 61))  # 0 and 1e-4 .. 1e3


def _local_level_filter(values, q):
    """Kalman filter of the local-level model for an array of ``q``, concentrated diffuse likelihood.

    Scaled by σ²_irregular = 1; exact diffuse start: after the first observation the level is
    y_1 with variance 1, so the first prediction has P = 1 + q (Durbin & Koopman 2012, §2.9-2.10;
    Harvey 1989, §3.4). Missing values only propagate the state. Returns, per q, the concentrated
    log-likelihood, the ML estimate of σ²_irregular, and the one-step-ahead level a and its
    variance P (scaled) after the last observation.
    """
    import numpy as np

    y = np.asarray(values, float)
    q = np.atleast_1d(np.asarray(q, float))
    a = np.full(q.shape, y[0])
    P = 1.0 + q
    ss, slogf, m = np.zeros(q.shape), np.zeros(q.shape), 0
    for obs in y[1:]:
        if not np.isfinite(obs):
            P = P + q
            continue
        F = P + 1.0
        v = obs - a
        a = a + (P / F) * v
        P = P / F + q
        ss += v * v / F
        slogf += np.log(F)
        m += 1
    sigma2 = ss / max(m, 1)
    with np.errstate(divide="ignore"):
        loglik = -0.5 * m * (np.log(2 * np.pi) + 1.0 + np.log(sigma2)) - 0.5 * slogf
    return loglik, sigma2, a, P


def local_level_closed_form(values) -> dict:
    """Maximum-likelihood local-level model in closed form (no numerical optimiser state).

    The likelihood is concentrated in the signal-to-noise ratio ``q`` (σ²_irregular has a closed
    form given ``q``), evaluated on the fixed grid :data:`Q_GRID` and refined by bounded 1-D
    minimisation of -loglik in log q between the grid neighbours of the best point. Everything is
    a function of the data only, so the same series always gives the same fit.

    Parameters
    ----------
    values : 1-D array of annual values (first finite; NaN where missing).

    Returns
    -------
    dict q, sigma2_irregular, sigma2_level, level (one-step-ahead mean), level_var (its variance,
    in the series' unit squared), loglik.
    """
    import numpy as np
    from scipy import optimize

    grid = np.asarray(Q_GRID)
    ll, _, _, _ = _local_level_filter(values, grid)
    ll = np.where(np.isfinite(ll), ll, -np.inf)
    i = int(np.argmax(ll))
    q = float(grid[i])
    if 1 <= i < len(grid) - 1 and grid[i - 1] > 0:
        lo, hi = math.log(grid[i - 1]), math.log(grid[i + 1])
        res = optimize.minimize_scalar(lambda lq: -float(_local_level_filter(values, [math.exp(lq)])[0][0]),
                                       bounds=(lo, hi), method="bounded", options={"xatol": 1e-6})
        if -res.fun >= ll[i]:
            q = float(math.exp(res.x))
    loglik, sigma2, a, P = (float(x[0]) for x in _local_level_filter(values, [q]))
    return {"q": q, "sigma2_irregular": sigma2, "sigma2_level": q * sigma2, "level": a,
            "level_var": P * sigma2, "loglik": loglik}


def time_series_probability(series, target: float, *, year: int, ceiling: bool = False, n_paths: int = 20000,
                            seed: int = 20240123, exclude_years=(), min_obs: int = MIN_SERIES_OBS,
                            max_horizon: int = MAX_HORIZON, level: float = LEVEL, label: str = "") -> dict:
    """Probability of meeting ``target`` in ``year`` from a UC local-level model of the outcome series.

    Parameters
    ----------
    series : frame year, value — the annual outcome series (growth in %, or a level in the target's
        unit); only years before ``year`` are used.
    target : threshold (floor or ceiling) in the series' unit.
    year : target year; the forecast horizon is ``year`` minus the last observed year (at most
        ``max_horizon``, else NaN: the series ends too early).
    ceiling : True for an upper-bound target.
    n_paths : simulated paths (0: closed-form Gaussian predictive).
    seed : seed of ``numpy.random.default_rng`` (an int or a ``numpy.random.SeedSequence``, e.g. one
        child of :func:`indicator_seeds`); the same seed gives the same result.
    exclude_years : years set to missing before fitting (Liaoning 2011-2017).
    min_obs : fewest non-missing observations to fit.
    label : description of the series for the note.

    Returns
    -------
    dict with p, p_low, p_high, n_obs, method, note, mean, sd (forecast of the outcome).

    Notes
    -----
    The model is fitted by :func:`local_level_closed_form` (exact maximum likelihood of the same
    model statsmodels' ``UnobservedComponents(level="llevel")`` fits; the test suite checks the two
    agree). The ``h``-step predictive is N(a, σ²_ε (P + (h - 1) q + 1)).
    """
    import numpy as np
    from scipy import stats

    years, values = _annual_array(series, year, exclude_years)
    if years is None:
        return _nan_result(METHOD_TS, "no history")
    n_obs = int(np.isfinite(values).sum())
    last = int(years[np.isfinite(values)].max()) if n_obs else None
    if n_obs < min_obs:
        return {**_nan_result(METHOD_TS, f"no history: {n_obs} observations (< {min_obs})"), "n_obs": n_obs}
    horizon = year - last
    if horizon > max_horizon:
        return {**_nan_result(METHOD_TS, f"no history: series ends {last}"), "n_obs": n_obs}
    values = values[: len(values) - (int(years[-1]) - last)]  # trailing NaN trimmed
    fit = local_level_closed_form(values)
    mean = fit["level"]
    sd = math.sqrt(max(fit["level_var"] + (horizon - 1) * fit["sigma2_level"] + fit["sigma2_irregular"], 0.0))
    if n_paths and n_paths > 0:
        draws = simulate_local_level(fit, horizon, int(n_paths), seed)
        p = float(np.mean(draws <= target + 1e-9) if ceiling else np.mean(draws >= target - 1e-9))
        how = f"{int(n_paths)} simulated paths, seed {_seed_text(seed)}"
    else:
        p = _normal_p(mean, sd, target, ceiling)
        how = "closed-form Gaussian predictive"
    alpha = (1.0 - level) / 2.0
    z = stats.norm.ppf(1 - alpha)
    sd_lo = sd * math.sqrt(n_obs / stats.chi2.ppf(1 - alpha, n_obs))
    sd_hi = sd * math.sqrt(n_obs / stats.chi2.ppf(alpha, n_obs))
    corners = [_normal_p(mean + s * z * sd / math.sqrt(n_obs), sdx, target, ceiling)
               for s in (-1, 1) for sdx in (sd_lo, sd_hi)]
    note = (f"{label + ': ' if label else ''}{n_obs} obs to {last}, horizon {horizon}; forecast {mean:.2f} "
            f"(sd {sd:.2f}, signal-to-noise q {fit['q']:.3g}); {how}")
    return {"p": p, "p_low": min(corners + [p]), "p_high": max(corners + [p]), "n_obs": n_obs,
            "method": METHOD_TS, "note": note, "mean": mean, "sd": sd}


def _seed_text(seed) -> str:
    """An int seed as itself; a SeedSequence child as ``<entropy> stream <spawn key>``."""
    key = getattr(seed, "spawn_key", None)
    if key is None:
        return str(seed)
    return f"{seed.entropy} stream {'.'.join(str(k) for k in key)}" if key else str(seed.entropy)


def indicator_seeds(seed: int, keys) -> dict:
    """One independent random stream per indicator: ``numpy.random.SeedSequence(seed).spawn``.

    Child ``i`` goes to the ``i``-th key of ``keys`` (in the given order), so each indicator's
    draws are deterministic and independent of the others' (never the same draws reused).
    """
    import numpy as np

    keys = list(keys)
    return dict(zip(keys, np.random.SeedSequence(int(seed)).spawn(len(keys))))


def excluded_years(region: str, exclude_revision: bool = True) -> tuple[int, ...]:
    """Years left out of ``region``'s own series: Liaoning's revision years when ``exclude_revision``
    (:data:`analysis.series.vintages.REVISION_YEARS`), else none."""
    from analysis.series.vintages import REVISION_REGION, REVISION_YEARS

    return tuple(REVISION_YEARS) if exclude_revision and region == REVISION_REGION else ()


def simulate_local_level(fit: dict, horizon: int, n_paths: int, seed):
    """Draws of the outcome ``horizon`` years after the sample end from a fitted local-level model.

    ``fit`` is the dict of :func:`local_level_closed_form`. The level one year after the sample end
    is drawn from its predicted distribution N(a, P); it then takes ``horizon - 1`` random-walk
    steps N(0, σ²_level) and the outcome adds the irregular N(0, σ²_irregular) (Durbin & Koopman
    2012, ch. 2). Vectorised with ``numpy.random.default_rng(seed)`` (``seed``: int or SeedSequence).
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    z = rng.standard_normal((3, n_paths))
    return (fit["level"] + math.sqrt(max(fit["level_var"], 0.0)) * z[0]
            + math.sqrt(max(horizon - 1, 0) * max(fit["sigma2_level"], 0.0)) * z[1]
            + math.sqrt(max(fit["sigma2_irregular"], 0.0)) * z[2])


def _normal_p(mean: float, sd: float, target: float, ceiling: bool) -> float:
    from scipy import stats

    if not sd > 0:
        return float((mean <= target) if ceiling else (mean >= target))
    z = (target - mean) / sd
    return float(stats.norm.cdf(z) if ceiling else stats.norm.sf(z))


def combine(results) -> dict:
    """Equal-weight linear pool of method results (dicts with p, p_low, p_high, n_obs, method).

    Only results with a probability enter; with none, NaN and method "no history". A result marked
    ``borrowed`` (history of other indicators only, see :func:`empirical_miss_probability`) enters
    only when no result rests on the indicator's own history: a pooled GDP hit rate must not pull a
    CPI forecast toward one half.
    """
    ok = [r for r in results if r is not None and not math.isnan(r.get("p", math.nan))]
    if any(not r.get("borrowed", False) for r in ok):
        ok = [r for r in ok if not r.get("borrowed", False)]
    if not ok:
        return _nan_result("no history", "no method had history")
    if len(ok) == 1:
        return {**ok[0]}
    mean = lambda k: float(sum(r[k] for r in ok) / len(ok))  # noqa: E731
    return {"p": mean("p"), "p_low": mean("p_low"), "p_high": mean("p_high"),
            "n_obs": int(max(r["n_obs"] for r in ok)), "method": METHOD_COMBINED,
            "note": "equal-weight pool of " + " and ".join(r["method"] for r in ok)}


# ---------------------------------------------------------------- method 4: the ambition of the target
METHOD_AMBITION_LOGIT = "ambition (logistic)"
METHOD_AMBITION_NORMAL = "ambition (normal miss)"
#: the primary ambition method, fixed before any score on 2019-2025 was seen, by the rule "lower
#: Brier score on the validation cases 2012-2018 (ties: logistic)" (notebooks/30_feasibility shows the
#: validation table; tests/test_feasibility_cli.py checks that the rule picks this method)
PRIMARY_AMBITION = METHOD_AMBITION_NORMAL
AMBITION_FEATURES = ("gap_last", "gap_national", "q_yishang", "q_zuoyou")
#: prior standard deviations: intercept (log-odds or pp), then per feature (log-odds per pp for the
#: gaps, log-odds for the qualifier dummies) — the shrinkage toward "ambition does not matter"
AMBITION_PRIOR_SD = (2.5, 1.0, 1.0, 1.0, 1.0)
P_CLIP = (0.02, 0.98)
ROUNDING_HALF = 0.05  # published outcomes are rounded to 0.1: met <=> unrounded signed miss >= -0.05


def ambition_features(cases, outcome_table, national_targets):
    """The ambition of each target, from what was known when its report came out.

    Economic grounds
    ----------------
    A growth target is a choice: governments pick a number relative to what they just achieved and
    to the national target. Growth is persistent from one year to the next, so a target far above
    last year's outcome asks for an acceleration that rarely happens unless policy delivers it;
    a target at or below last year's outcome asks only for the status quo. Provinces announce
    targets above the national one to signal ambition (and, before 2014, competed on them), so the
    margin over the national target measures how much a province stretches. The qualifier is a
    signal too: 以上 ("at least") is a floor the government expects to clear, 左右 a point it aims at.

    Parameters
    ----------
    cases : frame region, year, key, target, ceiling, qualifier (one row per target).
    outcome_table : frame region, year, key, value — one outcome per region, year and indicator
        (first release preferred; see :func:`analysis.models.track_record.outcome_table`).
    national_targets : frame year, key, target — the national targets (thresholds).

    Returns
    -------
    Copy of ``cases`` with columns
    ``last_outcome`` — the region's outcome of year T-1 (announced in January of T, with or before
    the report);
    ``gap_last`` — target minus last outcome, pp, signed so that positive = more ambitious
    (last outcome minus target for ceilings);
    ``national_ref`` — the latest national target published before year T (the T-1 target, set in
    March of T-1; the year-T national target comes in March, after most provincial reports; 2020
    had none, so 2021 uses 2019's);
    ``gap_national`` — target minus ``national_ref``, signed like ``gap_last``; 0 where no national
    target exists for the indicator (no information);
    ``q_yishang``, ``q_zuoyou`` — 1 for 以上 and 左右 targets (base: bare number, range, 以内).
    """
    import numpy as np
    import pandas as pd

    c = cases.copy()
    last = outcome_table[["region", "year", "key", "value"]].copy()
    last["year"] = last["year"].astype(int) + 1
    last = last.drop_duplicates(["region", "year", "key"]).rename(columns={"value": "last_outcome"})
    c = c.drop(columns=[x for x in ("last_outcome",) if x in c.columns]).merge(
        last, on=["region", "year", "key"], how="left")
    nat = national_targets[pd.to_numeric(national_targets["target"], errors="coerce").notna()]
    nat_by_key = {k: g.sort_values("year")[["year", "target"]].to_numpy(float) for k, g in nat.groupby("key")}
    refs = []
    for key, year in zip(c["key"], c["year"]):
        arr = nat_by_key.get(key)
        before = arr[arr[:, 0] < int(year)] if arr is not None else None
        refs.append(float(before[-1, 1]) if before is not None and len(before) else np.nan)
    c["national_ref"] = refs
    sign = np.where(c["ceiling"].astype(bool), -1.0, 1.0)
    target = c["target"].astype(float).to_numpy()
    c["gap_last"] = sign * (target - c["last_outcome"].astype(float).to_numpy())
    c["gap_national"] = np.nan_to_num(sign * (target - c["national_ref"].to_numpy(float)), nan=0.0)
    q = c["qualifier"].fillna("").astype(str)
    c["q_yishang"] = (q == "以上").astype(float)
    c["q_zuoyou"] = (q == "左右").astype(float)
    return c


def _design(frame):
    import numpy as np

    cols = [frame[f].to_numpy(float) for f in AMBITION_FEATURES]
    return np.column_stack([np.ones(len(frame))] + cols)


def fit_logistic_map(X, y, prior_mean, prior_sd, *, max_iter: int = 100, tol: float = 1e-10):
    """Posterior mode and Laplace covariance of a logistic regression with independent normal priors.

    Maximises ``sum(y x'b - log(1 + exp(x'b))) - 0.5 sum(((b - m) / s)^2)`` by Newton-Raphson from
    ``b = m`` (strictly concave, so the mode is unique and the iterations deterministic; Gelman et
    al. 2008 on weakly informative priors for logistic regression). Returns ``(b, cov)`` with
    ``cov`` the inverse negative Hessian at the mode.
    """
    import numpy as np

    X, y = np.asarray(X, float), np.asarray(y, float)
    m, prec = np.asarray(prior_mean, float), 1.0 / np.asarray(prior_sd, float) ** 2
    b = m.copy()
    for _ in range(max_iter):
        p = 1.0 / (1.0 + np.exp(-(X @ b)))
        grad = X.T @ (y - p) - prec * (b - m)
        H = X.T @ (X * (p * (1 - p))[:, None]) + np.diag(prec)
        step = np.linalg.solve(H, grad)
        b = b + step
        if float(np.max(np.abs(step))) < tol:
            break
    p = 1.0 / (1.0 + np.exp(-(X @ b)))
    H = X.T @ (X * (p * (1 - p))[:, None]) + np.diag(prec)
    return b, np.linalg.inv(H)


def fit_normal_miss(X, y, prior_sd, *, a0: float = 1.0, b0: float = 1.0):
    """Conjugate Bayesian linear regression of the signed miss (pp) on the ambition features.

    Prior ``b | s2 ~ N(0, s2 diag(prior_sd^2))``, ``s2 ~ InvGamma(a0, b0)`` (pp²); posterior
    ``Λ = X'X + diag(1/prior_sd^2)``, ``b = Λ^-1 X'y``, ``a = a0 + n/2``,
    ``b_n = b0 + (y'y - b'Λb)/2`` (e.g. Murphy 2012, §7.6.3). Returns ``(b, Λ^-1, a, b_n)``; the
    predictive of a new miss is Student-t with ``2a`` d.f., mean ``x'b``, scale² ``(b_n/a)(1 + x'Λ^-1 x)``.
    """
    import numpy as np

    X, y = np.asarray(X, float), np.asarray(y, float)
    lam = X.T @ X + np.diag(1.0 / np.asarray(prior_sd, float) ** 2)
    vinv = np.linalg.inv(lam)
    b = vinv @ (X.T @ y)
    an = a0 + len(y) / 2.0
    bn = b0 + 0.5 * float(y @ y - b @ lam @ b)
    return b, vinv, an, bn


def ambition_training(history, *, key: str, exclude_revision: bool = True):
    """The cases an ambition model of ``key`` learns from: outcome and features known, revision years out."""
    h = history[(history["key"] == key) & history["met"].notna() & history["gap_last"].notna()]
    if exclude_revision and "revision_period" in h.columns:
        h = h[~h["revision_period"].astype(bool)]
    return h


def fit_ambition(history, *, key: str, model: str = PRIMARY_AMBITION, min_train: int = MIN_POOL,
                 exclude_revision: bool = True):
    """Fit an ambition model of ``key`` on ``history`` (pairs with :func:`ambition_features`).

    ``history`` must hold only cases whose outcome was known before the target year. Pooled across
    regions, one indicator at a time (a pp of ambition means different things for GDP and for
    investment). Returns a dict (model, n, coef, and the posterior pieces); ``coef`` is None when
    fewer than ``min_train`` cases.
    """
    train = ambition_training(history, key=key, exclude_revision=exclude_revision)
    n = len(train)
    if n < min_train:
        return {"model": model, "n": n, "coef": None}
    X = _design(train)
    if model == METHOD_AMBITION_LOGIT:
        b, cov = fit_logistic_map(X, train["met"].to_numpy(float), [0.0] * X.shape[1], AMBITION_PRIOR_SD)
        return {"model": model, "n": n, "coef": b, "cov": cov, "hit_rate": float(train["met"].mean())}
    if model == METHOD_AMBITION_NORMAL:
        b, vinv, an, bn = fit_normal_miss(X, train["signed_miss"].to_numpy(float), AMBITION_PRIOR_SD)
        return {"model": model, "n": n, "coef": b, "vinv": vinv, "a": an, "b": bn,
                "hit_rate": float(train["met"].mean())}
    raise ValueError(f"unknown ambition model {model!r}")


def predict_ambition(fit: dict, features, *, level: float = LEVEL):
    """P(met) with an interval for each row of ``features`` (frame with :data:`AMBITION_FEATURES`).

    Logistic: ``p = 1/(1+exp(-x'b))``, interval from x'b ± z·sd (Laplace). Normal miss:
    ``p = P(miss >= -0.05)`` under the Student-t predictive (outcomes are rounded to 0.1), interval
    from the mean ± z·(its sd). Probabilities are clipped to :data:`P_CLIP` so that the log score
    stays finite and a small sample never claims certainty. Returns arrays (p, p_low, p_high);
    NaN where a feature is missing or the model could not be fitted.
    """
    import numpy as np
    from scipy import stats

    n = len(features)
    nan = np.full(n, np.nan)
    if fit is None or fit.get("coef") is None or n == 0:
        return nan, nan.copy(), nan.copy()
    X = _design(features)
    ok = np.isfinite(X).all(axis=1)
    Xs = np.where(ok[:, None], X, 0.0)
    b = fit["coef"]
    z = stats.norm.ppf(0.5 + level / 2.0)
    if fit["model"] == METHOD_AMBITION_LOGIT:
        eta = Xs @ b
        se = np.sqrt(np.einsum("ij,jk,ik->i", Xs, fit["cov"], Xs))
        f = lambda e: 1.0 / (1.0 + np.exp(-e))  # noqa: E731
        p, lo, hi = f(eta), f(eta - z * se), f(eta + z * se)
    else:
        mu = Xs @ b
        quad = np.einsum("ij,jk,ik->i", Xs, fit["vinv"], Xs)
        s2 = fit["b"] / fit["a"]
        scale, se_mean, df = np.sqrt(s2 * (1.0 + quad)), np.sqrt(s2 * quad), 2.0 * fit["a"]
        g = lambda m: stats.t.cdf((m + ROUNDING_HALF) / scale, df)  # noqa: E731
        p, lo, hi = g(mu), g(mu - z * se_mean), g(mu + z * se_mean)
    clip = lambda v: np.where(ok, np.clip(v, *P_CLIP), np.nan)  # noqa: E731
    return clip(p), clip(lo), clip(hi)


def ambition_probability(history, case: dict, *, model: str = PRIMARY_AMBITION, min_train: int = MIN_POOL,
                         exclude_revision: bool = True, level: float = LEVEL, fit: dict | None = None) -> dict:
    """Probability that one target is met, from the ambition of the target (method 4).

    Parameters
    ----------
    history : pairs with :func:`ambition_features`, only years before the target year.
    case : dict with key, and the features :data:`AMBITION_FEATURES` (and last_outcome,
        national_ref for the note).
    model : :data:`METHOD_AMBITION_LOGIT` (rolling logistic regression of met on the features,
        normal priors shrinking the slopes to 0) or :data:`METHOD_AMBITION_NORMAL` (Student-t
        predictive of the signed miss, mean linear in the features).

    fit : the model already fitted on ``history`` (:func:`fit_ambition`), to reuse across the
        cases of one year and indicator; None fits it here.

    Returns
    -------
    dict p, p_low, p_high, n_obs (training cases), method, note.
    """
    import pandas as pd

    if fit is None:
        fit = fit_ambition(history, key=case["key"], model=model, min_train=min_train,
                           exclude_revision=exclude_revision)
    if fit["coef"] is None:
        return {**_nan_result(model, f"no history: {fit['n']} past {case['key']} cases with features "
                                     f"(< {min_train})"), "n_obs": fit["n"]}
    row = pd.DataFrame([{f: case.get(f, math.nan) for f in AMBITION_FEATURES}])
    p, lo, hi = (float(x[0]) for x in predict_ambition(fit, row, level=level))
    if math.isnan(p):
        return {**_nan_result(model, "no last-year outcome for the gap"), "n_obs": fit["n"]}
    coef = ", ".join(f"{n} {v:+.2f}" for n, v in zip(("const",) + AMBITION_FEATURES, fit["coef"]))
    note = (f"target {case.get('gap_last', math.nan):+.1f} pp vs last outcome {case.get('last_outcome', math.nan):g}, "
            f"{case.get('gap_national', math.nan):+.1f} pp vs national {case.get('national_ref', math.nan):g}; "
            f"fitted on {fit['n']} past {case['key']} cases, all regions (hit rate {fit['hit_rate']:.2f}); "
            f"coefficients {coef}")
    return {"p": p, "p_low": min(lo, p), "p_high": max(hi, p), "n_obs": fit["n"], "method": model, "note": note}


# ---------------------------------------------------------------- method 5: the trend of the region's growth
METHOD_TREND = "trend (median of 5)"
METHOD_WEIGHTED = "combined (past-performance weights)"
#: Pre-stated design of the trend method (round 3), fixed before any score was computed:
#: the forecast is the median of the region's last TREND_WINDOW known outcomes (years T-5..T-1, at
#: least TREND_MIN_KNOWN of them); the forecast error (outcome minus trend) is pooled over every
#: region of the indicator in the TREND_ERROR_YEARS years before T (at least TREND_MIN_ERRORS errors),
#: located by its median and scaled by 1.4826 x its median absolute deviation, floored at
#: TREND_SD_FLOOR pp. Only these values were ever run.
TREND_WINDOW = 5
TREND_MIN_KNOWN = 3
TREND_ERROR_YEARS = 10
TREND_MIN_ERRORS = 20
TREND_SD_FLOOR = 0.5
MAD_TO_SD = 1.482602218505602  # 1 / Φ^-1(3/4): the MAD of a normal is 0.6745 sd
#: the combination's weights need this many past cases scored by all its members (else equal weights)
MIN_WEIGHT_CASES = 10
#: the method the headline ``p_meet`` reports, chosen by the pre-stated rule "lower Brier score on the
#: validation cases (years up to 2018) between the two round-3 candidates, trend and the
#: past-performance combination; ties: trend" (:data:`ROUND3_CANDIDATES`), applied before the
#: 2019-2025 scores were looked at (the round-2 ambition models and UC were not candidates — they had
#: already failed on the test years). notebooks/30_feasibility shows the validation table and
#: tests/test_feasibility_cli.py checks that the rule, applied to the backtest, picks this method.
PRIMARY_METHOD = METHOD_TREND
#: the candidates of the rule that chose :data:`PRIMARY_METHOD`, in tie-break order
ROUND3_CANDIDATES = (METHOD_TREND, METHOD_WEIGHTED)


def trend_forecasts(outcome_table, *, window: int = TREND_WINDOW, min_known: int = TREND_MIN_KNOWN,
                    exclude_revision: bool = True):
    """The trend forecast of every region, indicator and year, from the outcomes known before the year.

    Economic grounds
    ----------------
    A province's growth is a slowly moving trend (capital deepening, demography, its industrial
    structure) plus transitory shocks (a flood, an export slump, a pandemic lockdown) that do not
    persist. A forecaster who wants the trend of year T and knows the outcomes up to T-1 takes a
    *robust* average of the last few years: the median of five ignores one or two shock years
    without anyone having to name them (2020 drops out of the 2021 forecast because it is the lowest
    of five, not because it is the pandemic), while a level shift that lasts three years moves it.
    NBS made the same point when it reported 2021 growth also as a two-year average (两年平均增长)
    to look through the 2020 base. A random-walk or last-year-based forecast instead carries every
    shock one-for-one into next year. This method was added in round 3, after the round-2 backtest
    showed the last-outcome-based methods failing in 2021 (see the notebook); its design (window,
    median, error pool, sd floor) was fixed in advance on these grounds and not tuned.

    Parameters
    ----------
    outcome_table : frame region, year, key, value — one outcome per region, year and indicator (first
        release, else the NBS index for GDP; :func:`analysis.models.track_record.outcome_table`).
    window : years before T whose outcomes enter (T-window .. T-1).
    min_known : fewest known outcomes in the window; fewer gives no forecast.
    exclude_revision : Liaoning 2011-2017 (data-revision years) are not known outcomes.

    Returns
    -------
    DataFrame region, key, year (the forecast year T), trend (median of the known outcomes of
    T-window..T-1, in the indicator's unit), n_known, outcome (year T's own outcome, NaN if not in the
    table or excluded), error (outcome minus trend). One row per region, key and year from the first
    year with ``min_known`` earlier outcomes to one year after the last outcome; sorted by region,
    key, year. Year T's row depends on outcomes of years < T only (its ``outcome`` and ``error``
    columns are the scoring, not the forecast).
    """
    import numpy as np
    import pandas as pd

    from analysis.series.vintages import is_revision_year

    o = outcome_table[["region", "year", "key", "value"]].copy()
    o["value"] = pd.to_numeric(o["value"], errors="coerce").astype(float)
    o["year"] = o["year"].astype(int)
    o = o[o["value"].notna()]
    if exclude_revision:
        o = o[[not is_revision_year(r, y) for r, y in zip(o["region"], o["year"])]]
    o = o.sort_values(["region", "key", "year"], kind="stable").drop_duplicates(["region", "key", "year"])
    rows = []
    for (region, key), g in o.groupby(["region", "key"], sort=True):
        known = dict(zip(g["year"].astype(int), g["value"].astype(float)))
        for year in range(int(g["year"].min()) + 1, int(g["year"].max()) + 2):
            vals = [known[y] for y in range(year - window, year) if y in known]
            if len(vals) < min_known:
                continue
            trend = float(np.median(vals))
            outcome = known.get(year, math.nan)
            rows.append({"region": region, "key": key, "year": year, "trend": trend, "n_known": len(vals),
                         "outcome": outcome, "error": outcome - trend})
    return pd.DataFrame(rows, columns=["region", "key", "year", "trend", "n_known", "outcome", "error"])


def robust_error_scale(errors, *, sd_floor: float = TREND_SD_FLOOR) -> tuple[float, float]:
    """(location, scale) of forecast errors: the median and 1.4826 x the median absolute deviation
    (a consistent estimate of the sd under normality that a few shock years cannot inflate; Huber
    1981, §5.1), the scale floored at ``sd_floor`` (pp) so that a run of quiet years never gives
    near-certain probabilities."""
    import numpy as np

    e = np.asarray(errors, float)
    e = e[np.isfinite(e)]
    loc = float(np.median(e))
    return loc, max(MAD_TO_SD * float(np.median(np.abs(e - loc))), float(sd_floor))


def trend_probability(trends, *, region: str, key: str, year: int, target: float, ceiling: bool = False,
                      error_years: int = TREND_ERROR_YEARS, min_errors: int = TREND_MIN_ERRORS,
                      sd_floor: float = TREND_SD_FLOOR, level: float = LEVEL) -> dict:
    """Probability that the year's outcome meets ``target`` under the trend method (method 5).

    Parameters
    ----------
    trends : frame of :func:`trend_forecasts` (every region, so the errors can be pooled).
    region, key, year : the target's region, indicator and year T.
    target : threshold in the indicator's unit (% for growth rates).
    ceiling : True for an upper-bound target.
    error_years : the errors of years T-error_years .. T-1 (every region of ``key``) are pooled.
    min_errors : fewest pooled errors; fewer gives NaN.
    sd_floor : floor of the error scale (pp).

    Returns
    -------
    dict p, p_low, p_high, n_obs (pooled errors), method, note, mean, sd.

    Notes
    -----
    Outcome ~ N(trend + loc, scale²) with (loc, scale) from :func:`robust_error_scale` of the pooled
    errors (outcome minus trend): ``loc`` corrects the trend's typical bias (in a decelerating
    economy the median of the last five years over-predicts). Published growth rates are rounded to
    0.1, so P(met) = Φ((trend + loc - target + 0.05) / scale) for a floor and
    Φ((target + 0.05 - trend - loc) / scale) for a ceiling. The interval moves ``loc`` by ±z times
    the standard error of a median (1.2533 scale / √n) and the scale to its chi-square bounds.
    Everything uses outcomes of years before T only.
    """
    import numpy as np
    from scipy import stats

    t = trends
    own = t[(t["region"] == region) & (t["key"] == key) & (t["year"] == int(year))]
    if own.empty or not np.isfinite(float(own["trend"].iloc[0])):
        return _nan_result(METHOD_TREND, f"no history: fewer than {TREND_MIN_KNOWN} known outcomes in the "
                                         f"{TREND_WINDOW} years before {year}")
    trend = float(own["trend"].iloc[0])
    pool = t[(t["key"] == key) & (t["year"] < int(year)) & (t["year"] >= int(year) - error_years)]
    errors = pool["error"].to_numpy(float)
    errors = errors[np.isfinite(errors)]
    if len(errors) < min_errors:
        return {**_nan_result(METHOD_TREND, f"no history: {len(errors)} past {key} trend errors (< {min_errors})"),
                "n_obs": int(len(errors))}
    loc, scale = robust_error_scale(errors, sd_floor=sd_floor)
    mean = trend + loc
    shift = ROUNDING_HALF if not ceiling else -ROUNDING_HALF
    p = _normal_p(mean, scale, target - shift, ceiling)
    n = len(errors)
    alpha = (1.0 - level) / 2.0
    z = stats.norm.ppf(1 - alpha)
    se_loc = math.sqrt(math.pi / 2.0) * scale / math.sqrt(n)
    s_lo = max(scale * math.sqrt(n / stats.chi2.ppf(1 - alpha, n)), sd_floor)
    s_hi = scale * math.sqrt(n / stats.chi2.ppf(alpha, n))
    corners = [_normal_p(mean + s * z * se_loc, sx, target - shift, ceiling) for s in (-1, 1) for sx in (s_lo, s_hi)]
    note = (f"trend {trend:.2f} (median of {int(own['n_known'].iloc[0])} outcomes {int(year) - TREND_WINDOW}-"
            f"{int(year) - 1}); past errors (outcome - trend, {key}, all regions, {int(year) - error_years}-"
            f"{int(year) - 1}, n={n}): median {loc:+.2f}, robust sd {scale:.2f}; forecast {mean:.2f}")
    return {"p": p, "p_low": min(corners + [p]), "p_high": max(corners + [p]), "n_obs": int(n),
            "method": METHOD_TREND, "note": note, "mean": mean, "sd": scale}


def performance_weights(past, columns: dict, *, min_cases: int = MIN_WEIGHT_CASES) -> tuple[dict, str]:
    """Weights of a forecast combination from past performance only (inverse past Brier score).

    Parameters
    ----------
    past : frame of scored cases whose outcome was known before the forecast year, with ``y`` (1 met,
        0 missed) and one probability column per member.
    columns : member name -> probability column.
    min_cases : fewest past cases scored by every member; fewer gives equal weights.

    Returns
    -------
    (weights, note): member name -> weight (summing to 1), and how they were obtained.

    Notes
    -----
    Bates & Granger (1969) weight forecasts inversely to their past mean squared error; for
    probability forecasts the mean squared error is the Brier score, so ``w_m ∝ 1 / Brier_m`` on the
    past cases that every member scored (Timmermann 2006, §2.4; Stock & Watson 2004 on why such
    simple weights, rather than estimated optimal ones, are the robust choice in small samples).
    """
    import numpy as np

    cols = list(columns.values())
    ok = past.dropna(subset=cols + ["y"]) if len(past) else past
    if len(ok) < min_cases:
        w = {m: 1.0 / len(columns) for m in columns}
        return w, f"equal weights ({len(ok)} past cases scored by every member, < {min_cases})"
    y = ok["y"].to_numpy(float)
    inv = {m: 1.0 / max(float(np.mean((ok[c].to_numpy(float) - y) ** 2)), 1e-6) for m, c in columns.items()}
    total = sum(inv.values())
    w = {m: v / total for m, v in inv.items()}
    note = (f"weights ∝ 1/past Brier on {len(ok)} cases before the year: "
            + ", ".join(f"{m} {w[m]:.2f}" for m in columns))
    return w, note


def combine_weighted(results: dict, weights: dict, *, note: str = "") -> dict:
    """Weighted linear pool of method results (name -> result dict) with ``weights`` (name -> weight).

    Members without a probability drop out and the weights of the others are rescaled to sum to 1;
    with none, NaN and method "no history". The interval ends are pooled with the same weights.
    """
    ok = {m: r for m, r in results.items() if r is not None and not math.isnan(r.get("p", math.nan))
          and weights.get(m, 0.0) > 0}
    if not ok:
        return _nan_result("no history", "no member of the combination had history")
    total = sum(weights[m] for m in ok)
    mean = lambda k: float(sum(weights[m] * r[k] for m, r in ok.items()) / total)  # noqa: E731
    return {"p": mean("p"), "p_low": mean("p_low"), "p_high": mean("p_high"),
            "n_obs": int(max(r["n_obs"] for r in ok.values())), "method": METHOD_WEIGHTED,
            "note": note or ("weighted pool of " + " and ".join(ok))}


# ---------------------------------------------------------------- method 7: error components of the misses
METHOD_COMPONENTS = "error components (year + region)"
#: Round 4, added after every year 2012-2025 had been scored by rounds 1-3 (so it has no untouched
#: test years; it is reported, not made primary). Its settings are the project's existing ones, not
#: searched: the ten-year window of the trend's error pool (TREND_ERROR_YEARS), the trend's sd floor,
#: at least COMPONENTS_MIN_YEARS years and MIN_POOL past misses.
COMPONENTS_MIN_YEARS = 3


def miss_components(history, *, key: str, year: int | None = None, window: int | None = TREND_ERROR_YEARS,
                    exclude_revision: bool = True) -> dict | None:
    """Split past target misses into a common year shock, a region habit and the rest.

    The panel of misses (outcome minus target, signed so that >= 0 is met) is modelled as
    ``miss[i, t] = m + λ[t] + α[i] + ε[i, t]``: ``λ`` the shock common to every region in year t (a
    slowdown, a pandemic, a rebound), ``α`` how ambitious region i habitually is, ``ε`` the rest —
    the decomposition of panel forecast errors into aggregate shocks, individual biases and
    idiosyncratic errors of Davies & Lahiri (1995). Estimated by moments on an unbalanced panel:
    ``λ̂[t]`` the mean miss of year t; ``m̂`` the mean of the ``λ̂[t]`` (one vote per year: each year is
    one draw of the common shock, however many regions reported); ``e = miss - λ̂[t]``; ``σ²_ε`` the
    within-region variance of ``e`` (N - R degrees of freedom); ``σ²_α`` the excess of the region
    means' squares over ``σ²_ε / n_i`` (case-weighted, floored at 0); ``σ²_λ`` the variance of the
    ``λ̂[t]`` less their sampling part (floored at 0). The region effect is the BLUP
    ``α̂_i = w_i ē_i`` with ``w_i = n_i σ²_α / (n_i σ²_α + σ²_ε)`` (shrunk toward 0 when the region has
    few cases; Harville 1977).

    Parameters
    ----------
    history : track-record pairs (:func:`analysis.models.track_record.pair_targets_outcomes`).
    key : indicator key; only its misses enter.
    year : the forecast year T (years before T only); None uses every year.
    window : years T-window .. T-1 (None: all earlier years).
    exclude_revision : leave Liaoning 2011-2017 out.

    Returns
    -------
    None with fewer than :data:`COMPONENTS_MIN_YEARS` years or :data:`MIN_POOL` misses; else a dict:
    m, var_year, var_region, var_idio, var_mean (sampling variance of m̂), n_years, n_cases,
    first_year, last_year, share_year (σ²_λ over the total), and regions: frame region, n, raw
    (ē_i), weight (w_i), effect (α̂_i), effect_var (posterior variance of α_i).
    """
    import numpy as np
    import pandas as pd

    h = history[(history["key"] == key) & history["outcome"].notna() & history["signed_miss"].notna()]
    if exclude_revision and "revision_period" in h.columns:
        h = h[~h["revision_period"].astype(bool)]
    if year is not None:
        h = h[h["year"] < int(year)]
        if window is not None:
            h = h[h["year"] >= int(year) - int(window)]
    miss = h["signed_miss"].to_numpy(float)
    years = h["year"].to_numpy(int)
    regions = h["region"].to_numpy(object)
    uy, yi = np.unique(years, return_inverse=True)
    if len(uy) < COMPONENTS_MIN_YEARS or len(miss) < MIN_POOL:
        return None
    n_t = np.bincount(yi)
    lam = np.bincount(yi, weights=miss) / n_t
    e = miss - lam[yi]
    ur, ri = np.unique(regions, return_inverse=True)
    n_i = np.bincount(ri)
    raw = np.bincount(ri, weights=e) / n_i
    dof_idio = len(e) - len(ur)
    var_idio = float(np.sum((e - raw[ri]) ** 2) / dof_idio) if dof_idio > 0 else float(np.mean(e ** 2))
    var_region = max(float(np.sum(n_i * (raw ** 2 - var_idio / n_i)) / np.sum(n_i)), 0.0)
    var_lam = float(np.var(lam, ddof=1))
    within = float(np.mean(e ** 2) * len(e) / max(len(e) - len(uy), 1))  # σ²_α + σ²_ε, per case
    var_year = max(var_lam - within * float(np.mean(1.0 / n_t)), 0.0)
    w = n_i * var_region / (n_i * var_region + var_idio) if var_region > 0 else np.zeros(len(ur))
    regions_frame = pd.DataFrame({"region": ur, "n": n_i, "raw": raw, "weight": w, "effect": w * raw,
                                  "effect_var": var_region * (1.0 - w)})
    total = var_year + var_region + var_idio
    return {"m": float(lam.mean()), "var_year": var_year, "var_region": var_region, "var_idio": var_idio,
            "var_mean": var_lam / len(uy), "n_years": int(len(uy)), "n_cases": int(len(miss)),
            "first_year": int(uy[0]), "last_year": int(uy[-1]),
            "share_year": var_year / total if total > 0 else math.nan, "regions": regions_frame}


def miss_variance_table(pairs, *, by_period: bool = False, exclude_revision: bool = True):
    """How much of the miss variance is a shock common to every region in a year (:func:`miss_components`).

    One row per indicator with enough misses over all years, then (``by_period``) per period of
    :data:`analysis.models.track_record.PERIODS` with at least :data:`COMPONENTS_MIN_YEARS` years:
    key, period, years, n_cases, n_years, mean_miss (mean of the year means), sd_year, sd_region,
    sd_idio, share_year.
    """
    import pandas as pd

    from analysis.models.track_record import PERIODS

    groups = [("all years", pairs)]
    if by_period:
        groups += [(label, pairs[pairs["period"] == label]) for _, _, label in PERIODS]
    rows = []
    for key in sorted(pairs["key"].dropna().unique()):
        for label, h in groups:
            comp = miss_components(h, key=key, year=None, exclude_revision=exclude_revision)
            if comp is None:
                continue
            rows.append({"key": key, "period": label, "years": f"{comp['first_year']}-{comp['last_year']}",
                         "n_cases": comp["n_cases"], "n_years": comp["n_years"], "mean_miss": comp["m"],
                         "sd_year": math.sqrt(comp["var_year"]), "sd_region": math.sqrt(comp["var_region"]),
                         "sd_idio": math.sqrt(comp["var_idio"]), "share_year": comp["share_year"]})
    return pd.DataFrame(rows, columns=["key", "period", "years", "n_cases", "n_years", "mean_miss", "sd_year",
                                       "sd_region", "sd_idio", "share_year"])


def components_probability(history, *, region: str, key: str, year: int, window: int | None = TREND_ERROR_YEARS,
                           sd_floor: float = TREND_SD_FLOOR, exclude_revision: bool = True,
                           level: float = LEVEL) -> dict:
    """Probability of meeting the target from the error components of past misses (method 7).

    The next miss of region i is ``m̂ + α̂_i + λ[T] + ε``: the year-T shock is unknown when the report
    comes out, so its whole variance enters the forecast, with the sampling variance of ``m̂``, the
    idiosyncratic variance and the posterior variance of the region effect. With only
    ``n_years`` year shocks to learn their spread from, the miss gets a Student-t predictive with
    ``n_years - 1`` degrees of freedom: ``P(met) = P(miss >= -0.05)`` (outcomes rounded to 0.1;
    the misses are already signed so that >= 0 is met, for floors and ceilings alike). The sd is
    floored at ``sd_floor``. The interval moves the mean by ±z sd(m̂) and the sd to the chi-square
    bounds of ``n_years - 1`` degrees of freedom. See :func:`miss_components`.
    """
    from scipy import stats

    comp = miss_components(history, key=key, year=year, window=window, exclude_revision=exclude_revision)
    if comp is None:
        return _nan_result(METHOD_COMPONENTS, f"no history: fewer than {COMPONENTS_MIN_YEARS} years or "
                                              f"{MIN_POOL} past {key} misses in the window")
    own = comp["regions"][comp["regions"]["region"] == region]
    effect = float(own["effect"].iloc[0]) if len(own) else 0.0
    effect_var = float(own["effect_var"].iloc[0]) if len(own) else comp["var_region"]
    n_own = int(own["n"].iloc[0]) if len(own) else 0
    mean = comp["m"] + effect
    sd = max(math.sqrt(comp["var_year"] + comp["var_mean"] + comp["var_idio"] + effect_var), sd_floor)
    df = comp["n_years"] - 1
    alpha = (1.0 - level) / 2.0

    def prob(mu, s):
        return float(stats.t.sf((-ROUNDING_HALF - mu) / s, df))

    p = prob(mean, sd)
    z = stats.norm.ppf(1 - alpha)
    s_lo = max(sd * math.sqrt(df / stats.chi2.ppf(1 - alpha, df)), sd_floor)
    s_hi = sd * math.sqrt(df / stats.chi2.ppf(alpha, df))
    corners = [prob(mean + k * z * math.sqrt(comp["var_mean"]), sx) for k in (-1, 1) for sx in (s_lo, s_hi)]
    note = (f"past {key} misses {comp['first_year']}-{comp['last_year']} ({comp['n_cases']} in "
            f"{comp['n_years']} years): mean {comp['m']:+.2f}; common year shock sd "
            f"{math.sqrt(comp['var_year']):.2f} ({comp['share_year']:.0%} of the miss variance), region habit sd "
            f"{math.sqrt(comp['var_region']):.2f}, idiosyncratic sd {math.sqrt(comp['var_idio']):.2f}; {region}: "
            f"{n_own} own cases, effect {effect:+.2f}; forecast miss {mean:+.2f}, sd {sd:.2f}, t({df})")
    return {"p": p, "p_low": min(corners + [p]), "p_high": max(corners + [p]), "n_obs": comp["n_cases"],
            "method": METHOD_COMPONENTS, "note": note, "mean": mean, "sd": sd}


AMBITION_MODELS = (METHOD_AMBITION_NORMAL, METHOD_AMBITION_LOGIT)


def evaluate_case(past, case: dict, *, series=None, series_label: str = "", trends=None, weights=None,
                  weights_note: str = "", n_paths: int = 0, seed=20240123, exclude_revision: bool = True,
                  ambition_models=(PRIMARY_AMBITION,), ambition_fits=None) -> dict:
    """Every pre-year method for one target, and the probability the headline reports.

    The one place where the methods are run and combined: :func:`feasibility_table` (the headline)
    and :func:`analysis.models.backtest.backtest_cases` (the scores) both call it, so the backtest
    scores exactly the method the table shows.

    Parameters
    ----------
    past : track-record pairs of years before the case's year (with :func:`ambition_features` for
        the ambition methods).
    case : dict region, year, key, target (threshold), ceiling, and the ambition features
        (:data:`AMBITION_FEATURES`, last_outcome, national_ref) when known.
    series, series_label : the annual outcome series (frame year, value) for the UC local level,
        and its description; None gives no time-series probability.
    trends : frame of :func:`trend_forecasts` (None: no trend probability).
    weights, weights_note : weights of the past-performance combination (member -> weight); None
        gives equal weights.
    n_paths, seed : Monte Carlo paths (0: closed-form Gaussian predictive) and seed of the UC draws.
    exclude_revision : leave Liaoning 2011-2017 out of the region's own history and series.
    ambition_models : the ambition models to run (the primary one always feeds the combinations).
    ambition_fits : optional mapping model -> fit of :func:`fit_ambition` on ``past`` for this key
        (reused across the cases of one year); missing models are fitted here.

    Returns
    -------
    dict with the result dicts (p, p_low, p_high, n_obs, method, note) ``empirical``,
    ``time_series``, ``ambition`` (model -> result), ``trend``, ``weighted``, ``combined`` (the
    equal-weight pool of empirical misses, UC and the primary ambition model, :func:`combine`),
    ``components`` (:func:`components_probability`), and
    ``best``: the primary method (:data:`PRIMARY_METHOD`) where it has a probability, else
    ``combined``. Members that could not run are None.
    """
    region, year, key = case["region"], int(case["year"]), case["key"]
    target, ceiling = float(case["target"]), bool(case["ceiling"])
    emp = empirical_miss_probability(past, region=region, key=key, exclude_revision=exclude_revision)
    ts = None
    if series is not None and len(series):
        ts = time_series_probability(series, target, year=year, ceiling=ceiling, n_paths=n_paths, seed=seed,
                                     exclude_years=excluded_years(region, exclude_revision), label=series_label)
    amb = {}
    if all(f in case for f in AMBITION_FEATURES):
        fits = ambition_fits or {}
        models = tuple(ambition_models) + ((PRIMARY_AMBITION,) if PRIMARY_AMBITION not in ambition_models else ())
        for model in models:
            amb[model] = ambition_probability(past, case, model=model, exclude_revision=exclude_revision,
                                              fit=fits.get(model))
    tr = (trend_probability(trends, region=region, key=key, year=year, target=target, ceiling=ceiling)
          if trends is not None else None)
    members = (METHOD_EMPIRICAL, METHOD_TREND, METHOD_AMBITION_NORMAL)
    weights = weights or {m: 1.0 / len(members) for m in members}
    weighted = combine_weighted({METHOD_EMPIRICAL: emp, METHOD_TREND: tr, METHOD_AMBITION_NORMAL:
                                 amb.get(METHOD_AMBITION_NORMAL)}, weights, note=weights_note)
    combined = combine([emp, ts, amb.get(PRIMARY_AMBITION)])
    comp = components_probability(past, region=region, key=key, year=year, exclude_revision=exclude_revision)
    primary = {METHOD_TREND: tr, METHOD_WEIGHTED: weighted}[PRIMARY_METHOD]
    best = {**primary} if primary is not None and not math.isnan(primary["p"]) else {**combined}
    return {"empirical": emp, "time_series": ts, "ambition": amb, "trend": tr, "weighted": weighted,
            "combined": combined, "components": comp, "best": best}


TABLE_COLUMNS = ["region", "year", "key", "indicator", "target", "qualifier", "unit", "ceiling", "p_meet", "p_low",
                 "p_high", "method", "n_obs", "p_empirical", "p_time_series", "p_ambition", "p_trend", "p_weighted",
                 "p_components", "p_in_year", "outcome",
                 "met", "gap_last", "gap_national",
                 "in_band", "ytd_period", "ytd_growth", "weight", "required_growth", "note", "convention"]


def feasibility_table(targets, history, series=None, *, region: str, year: int, n_paths: int = 20000,
                      seed: int = 20240123, in_year_inputs=None, outcomes=None,
                      exclude_revision: bool = True, outcome_table=None, national=None, weights=None,
                      weights_note: str = ""):
    """Probability that each target of ``region`` for ``year`` is met, one row per target.

    Parameters
    ----------
    targets : frame key, indicator, target (number in ``unit``; NaN when the target has no number),
        qualifier, unit — e.g. the report's 主要预期目标 (from :func:`analysis.report.headline_targets`).
    history : track-record pairs (:func:`analysis.models.track_record.pair_targets_outcomes`), all
        years; only years before ``year`` are used.
    series : mapping key -> (frame year, value; label) — the outcome series for the time-series
        method (annual, same unit as the target); keys without one get no time-series probability.
    n_paths, seed : Monte Carlo paths and seed of the time-series simulation; each indicator draws
        from its own stream (:func:`indicator_seeds`).
    in_year_inputs : mapping key -> dict(ytd_growth, period, weight, weight_basis, surprises, label)
        for targets with year-to-date data released by the as-of date; the in-year probability then
        replaces the pre-year ones (method ``in-year update``).
    outcomes : optional frame key, value (full-year outcome in the target's unit) for the
        ``outcome`` / ``met`` / ``in_band`` columns.
    exclude_revision : leave Liaoning 2011-2017 out of Liaoning's own history.
    outcome_table, national : one outcome per region, year and key, and the national targets (year,
        key, target), for the ambition method (:func:`ambition_features`); without them there is
        no ambition probability; ``outcome_table`` also feeds the trend method
        (:func:`trend_forecasts`, outcomes of years before ``year`` only).
    weights, weights_note : weights of the past-performance combination (member name -> weight, from
        :func:`analysis.models.backtest.weights_before`, i.e. scored cases of years before ``year``);
        None gives equal weights.

    Returns
    -------
    DataFrame with :data:`TABLE_COLUMNS`. ``p_meet`` is the in-year probability where year-to-date
    data exist; else the primary method (:data:`PRIMARY_METHOD`, the trend) where it has history;
    else the equal-weight combination of empirical misses, UC local level and the normal-miss
    ambition model (as in rounds 1-2), or the one method with history; NaN with method
    ``no number`` (target without a number) or ``no history``. ``p_weighted`` is the
    past-performance combination of empirical misses, trend and ambition, and ``p_components`` the
    error-components method (round 4), are shown for comparison.
    """
    import pandas as pd

    from analysis.models import in_year as iy
    from analysis.models import target_rules as rules

    series = series or {}
    in_year_inputs = in_year_inputs or {}
    past = history[history["year"] < year]
    trends = trend_forecasts(outcome_table, exclude_revision=exclude_revision) if outcome_table is not None else None
    seeds = indicator_seeds(seed, dict.fromkeys(targets["key"].astype(str)))
    feats = {}
    if outcome_table is not None and national is not None:
        if not all(f in past.columns for f in AMBITION_FEATURES):
            past = ambition_features(past, outcome_table, national)
        frame = pd.DataFrame({"region": region, "year": int(year), "key": targets["key"].astype(str),
                              "target": pd.to_numeric(targets["target"], errors="coerce").astype(float),
                              "qualifier": targets["qualifier"].fillna("").astype(str)})
        frame["ceiling"] = [rules.is_ceiling(k, q) for k, q in zip(frame["key"], frame["qualifier"])]
        feats = {r["key"]: r for r in ambition_features(frame, outcome_table, national).to_dict("records")}
    out_map = {}
    if outcomes is not None and len(outcomes):
        out_map = outcomes.drop_duplicates("key").set_index("key")["value"].astype(float).to_dict()
    rows = []
    for t in targets.itertuples(index=False):
        key, qualifier = t.key, (t.qualifier or "")
        target = float(t.target) if t.target is not None and not pd.isna(t.target) else math.nan
        ceiling = rules.is_ceiling(key, qualifier)
        outcome = out_map.get(key, math.nan)
        row = {"region": region, "year": year, "key": key, "indicator": t.indicator, "target": target,
               "qualifier": qualifier, "unit": t.unit, "ceiling": ceiling, "outcome": outcome,
               "met": rules.is_met(outcome, target, ceiling),
               "in_band": rules.in_band(outcome, target, qualifier, t.unit),
               "p_empirical": math.nan, "p_time_series": math.nan, "p_ambition": math.nan, "p_trend": math.nan,
               "p_weighted": math.nan, "p_components": math.nan, "p_in_year": math.nan,
               "gap_last": feats.get(key, {}).get("gap_last", math.nan),
               "gap_national": (feats[key]["gap_national"] if key in feats and feats[key]["national_ref"] == feats[key][
                   "national_ref"] else math.nan),  # shown only where a national target exists
               "ytd_period": "", "ytd_growth": math.nan, "weight": math.nan, "required_growth": math.nan,
               "convention": rules.CONVENTION}
        if math.isnan(target):
            rows.append({**row, "p_meet": math.nan, "p_low": math.nan, "p_high": math.nan,
                         "method": "no number", "n_obs": 0, "note": "target has no number"})
            continue
        frame, label = series.get(key, (None, ""))
        case = {"region": region, "year": int(year), "key": key, "target": target, "ceiling": ceiling,
                **feats.get(key, {})}
        ev = evaluate_case(past, case, series=frame, series_label=label, trends=trends, weights=weights,
                           weights_note=weights_note, n_paths=n_paths, seed=seeds[key],
                           exclude_revision=exclude_revision)
        emp, ts, tr, weighted = ev["empirical"], ev["time_series"], ev["trend"], ev["weighted"]
        amb = ev["ambition"].get(PRIMARY_AMBITION)
        best = ev["best"]
        notes = [f"[{METHOD_TREND}] " + (tr["note"] if tr else "no outcome table"),
                 f"[{emp['method']}] {emp['note']}",
                 f"[{METHOD_TS}] " + (ts["note"] if ts else "no series for this indicator"),
                 f"[{PRIMARY_AMBITION}] " + (amb["note"] if amb else "no ambition features"),
                 f"[{METHOD_WEIGHTED}] " + (weights_note or "equal weights"),
                 f"[{METHOD_COMPONENTS}] {ev['components']['note']}"]
        row.update(p_empirical=emp["p"], p_time_series=ts["p"] if ts else math.nan,
                   p_ambition=amb["p"] if amb else math.nan, p_trend=tr["p"] if tr else math.nan,
                   p_weighted=weighted["p"], p_components=ev["components"]["p"])
        if key in in_year_inputs:
            info = in_year_inputs[key]
            p, lo, hi = iy.in_year_probability(target, info["ytd_growth"], info["weight"],
                                               info["surprises"], ceiling=ceiling)
            row.update(ytd_period=info["period"], ytd_growth=info["ytd_growth"], weight=info["weight"],
                       required_growth=iy.required_growth(target, info["ytd_growth"], info["weight"]),
                       p_in_year=p)
            notes.insert(0, f"[in-year update] {info['label']}; weight {info['weight']:.3f} ({info['weight_basis']}); "
                            f"{len(info['surprises'])} past surprises")
            if not math.isnan(p):
                best = {"p": p, "p_low": lo, "p_high": hi, "n_obs": len(info["surprises"]),
                        "method": "in-year update"}
        rows.append({**row, "p_meet": best["p"], "p_low": best["p_low"], "p_high": best["p_high"],
                     "method": best["method"], "n_obs": int(best["n_obs"]), "note": " | ".join(notes)})
    return pd.DataFrame(rows, columns=TABLE_COLUMNS)

