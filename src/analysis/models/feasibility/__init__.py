"""How likely is each target to be met? Six named methods and the table of probabilities.

Pure functions on frames; loading lives in :mod:`analysis.models.feasibility.target_data`, the CLI in
:mod:`analysis.commands.feasibility`. "Met" follows :mod:`analysis.corpus.rules`
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
    :func:`analysis.models.feasibility.backtest.predictability_table`).

The headline ``p_meet`` (:func:`feasibility_table`) is the in-year update where year-to-date data
exist, else the primary method (5) where it has history (GDP growth: the only indicator with
outcomes for enough regions to pool errors), else the equal-weight combination (3).
"""

from __future__ import annotations

import math
import warnings

# the methods of rounds 2-4 live in their own modules; their names are part of this module's API
from analysis.models.feasibility.ambition import (  # noqa: F401
    AMBITION_FEATURES,
    AMBITION_PRIOR_SD,
    METHOD_AMBITION_LOGIT,
    METHOD_AMBITION_NORMAL,
    P_CLIP,
    PRIMARY_AMBITION,
    ambition_features,
    ambition_probability,
    ambition_training,
    fit_ambition,
    fit_logistic_map,
    fit_normal_miss,
    predict_ambition,
)
from analysis.models.feasibility.miss_components import (  # noqa: F401
    COMPONENTS_MIN_YEARS,
    METHOD_COMPONENTS,
    components_probability,
    miss_components,
    miss_variance_table,
)
from analysis.models.feasibility.probability import LEVEL, MIN_POOL, ROUNDING_HALF, nan_result, normal_p  # noqa: F401
from analysis.models.feasibility.trend import (  # noqa: F401
    MAD_TO_SD,
    METHOD_TREND,
    METHOD_WEIGHTED,
    MIN_WEIGHT_CASES,
    PRIMARY_METHOD,
    ROUND3_CANDIDATES,
    TREND_ERROR_YEARS,
    TREND_MIN_ERRORS,
    TREND_MIN_KNOWN,
    TREND_SD_FLOOR,
    TREND_WINDOW,
    combine_weighted,
    performance_weights,
    robust_error_scale,
    trend_forecasts,
    trend_probability,
)

METHOD_EMPIRICAL = "empirical misses"
#: appended to the method of a probability that rests on other indicators' history only
BORROWED_TAG = " (borrowed: other indicators)"
METHOD_TS = "UC local level"
METHOD_COMBINED = "combined"

PRIOR_STRENGTH = 4.0
MIN_SERIES_OBS = 8
MAX_HORIZON = 2


def empirical_miss_probability(
    history,
    *,
    region: str,
    key: str,
    prior_strength: float = PRIOR_STRENGTH,
    min_pool: int = MIN_POOL,
    exclude_revision: bool = True,
    level: float = LEVEL,
) -> dict:
    """Probability of meeting a target from past misses, shrunk toward a pooled hit rate.

    Parameters
    ----------
    history : pairs frame (:func:`analysis.models.feasibility.track_record.pair_targets_outcomes`) holding
        **only** years before the target year; rows without an outcome are ignored.
    region, key : the target's region and indicator key.
    prior_strength : weight of the pooled hit rate, in pseudo-observations (k).
    min_pool : smallest pool used for the prior.
    exclude_revision : leave Liaoning 2011-2017 out of the region's own history.
    level : coverage of the Beta interval.

    Returns
    -------
    dict with p, p_low, p_high, n_obs (own cases), method, note (which pool, its hit rate and size),
    borrowed (always False: the pool is the same indicator in every region; an indicator without
    any history gets no probability rather than another indicator's).

    Notes
    -----
    With ``h`` own hits in ``n`` cases and pooled rate ``p0``: ``p = (h + k p0) / (n + k)``,
    interval from Beta(h + k p0, n - h + k (1 - p0)).
    """
    import numpy as np
    from scipy import stats

    h = history[history["outcome"].notna() & history["signed_miss"].notna()]
    regions = h["region"].to_numpy(dtype=object)
    keys = h["key"].to_numpy(dtype=object)
    revision = h["revision_period"].to_numpy(dtype=bool) if exclude_revision else np.zeros(len(h), bool)
    met = h["signed_miss"].to_numpy(dtype=float) >= -1e-9
    own_mask = (regions == region) & (keys == key) & ~revision
    # the pool is the same indicator in every region: never another indicator's history
    pool = (keys == key) & ~revision
    label = (
        "pooled: provincial and national GDP misses"
        if key == "gdp_real_growth"
        else f"pooled: {key} misses, all regions"
    )
    prior = (float(met[pool].mean()), int(pool.sum()), label) if pool.sum() >= min_pool else None
    own = met[own_mask]
    n = len(own)
    hits = float(own.sum())
    if prior is None:
        if n == 0:
            return nan_result(METHOD_EMPIRICAL, f"no history: no past target of {key} with an outcome in any region")
        p0, n0, label, k = 0.5, int(pool.sum()), "no pool of this indicator (uniform prior)", 2.0
    else:
        p0, n0, label = prior
        k = prior_strength
    a = hits + k * p0
    b = n - hits + k * (1.0 - p0)
    alpha = (1.0 - level) / 2.0
    p = a / (a + b)
    note = f"own: {n} cases, {int(hits)} met; shrunk (k={k:g}) toward {label} (hit rate {p0:.2f}, n={n0})"
    return {
        "p": p,
        "p_low": float(stats.beta.ppf(alpha, a, b)),
        "p_high": float(stats.beta.ppf(1 - alpha, a, b)),
        "n_obs": n,
        "method": METHOD_EMPIRICAL,
        "note": note,
        "borrowed": False,
    }


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
        res = optimize.minimize_scalar(
            lambda lq: -float(_local_level_filter(values, [math.exp(lq)])[0][0]),
            bounds=(lo, hi),
            method="bounded",
            options={"xatol": 1e-6},
        )
        if -res.fun >= ll[i]:
            q = float(math.exp(res.x))
    loglik, sigma2, a, P = (float(x[0]) for x in _local_level_filter(values, [q]))
    return {
        "q": q,
        "sigma2_irregular": sigma2,
        "sigma2_level": q * sigma2,
        "level": a,
        "level_var": P * sigma2,
        "loglik": loglik,
    }


def time_series_probability(
    series,
    target: float,
    *,
    year: int,
    ceiling: bool = False,
    n_paths: int = 20000,
    seed: int = 20240123,
    exclude_years=(),
    min_obs: int = MIN_SERIES_OBS,
    max_horizon: int = MAX_HORIZON,
    level: float = LEVEL,
    label: str = "",
) -> dict:
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
        return nan_result(METHOD_TS, "no history")
    n_obs = int(np.isfinite(values).sum())
    last = int(years[np.isfinite(values)].max()) if n_obs else None
    if n_obs < min_obs:
        return {**nan_result(METHOD_TS, f"no history: {n_obs} observations (< {min_obs})"), "n_obs": n_obs}
    horizon = year - last
    if horizon > max_horizon:
        return {**nan_result(METHOD_TS, f"no history: series ends {last}"), "n_obs": n_obs}
    values = values[: len(values) - (int(years[-1]) - last)]  # trailing NaN trimmed
    fit = local_level_closed_form(values)
    mean = fit["level"]
    sd = math.sqrt(max(fit["level_var"] + (horizon - 1) * fit["sigma2_level"] + fit["sigma2_irregular"], 0.0))
    if n_paths and n_paths > 0:
        draws = simulate_local_level(fit, horizon, int(n_paths), seed)
        p = float(np.mean(draws <= target + 1e-9) if ceiling else np.mean(draws >= target - 1e-9))
        how = f"{int(n_paths)} simulated paths, seed {_seed_text(seed)}"
    else:
        p = normal_p(mean, sd, target, ceiling)
        how = "closed-form Gaussian predictive"
    alpha = (1.0 - level) / 2.0
    z = stats.norm.ppf(1 - alpha)
    sd_lo = sd * math.sqrt(n_obs / stats.chi2.ppf(1 - alpha, n_obs))
    sd_hi = sd * math.sqrt(n_obs / stats.chi2.ppf(alpha, n_obs))
    corners = [
        normal_p(mean + s * z * sd / math.sqrt(n_obs), sdx, target, ceiling) for s in (-1, 1) for sdx in (sd_lo, sd_hi)
    ]
    note = (
        f"{label + ': ' if label else ''}{n_obs} obs to {last}, horizon {horizon}; forecast {mean:.2f} "
        f"(sd {sd:.2f}, signal-to-noise q {fit['q']:.3g}); {how}"
    )
    return {
        "p": p,
        "p_low": min(corners + [p]),
        "p_high": max(corners + [p]),
        "n_obs": n_obs,
        "method": METHOD_TS,
        "note": note,
        "mean": mean,
        "sd": sd,
    }


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
    return (
        fit["level"]
        + math.sqrt(max(fit["level_var"], 0.0)) * z[0]
        + math.sqrt(max(horizon - 1, 0) * max(fit["sigma2_level"], 0.0)) * z[1]
        + math.sqrt(max(fit["sigma2_irregular"], 0.0)) * z[2]
    )


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
        return nan_result("no history", "no method had history")
    if len(ok) == 1:
        return {**ok[0]}
    mean = lambda k: float(sum(r[k] for r in ok) / len(ok))  # noqa: E731
    return {
        "p": mean("p"),
        "p_low": mean("p_low"),
        "p_high": mean("p_high"),
        "n_obs": int(max(r["n_obs"] for r in ok)),
        "method": METHOD_COMBINED,
        "note": "equal-weight pool of " + " and ".join(r["method"] for r in ok),
    }


AMBITION_MODELS = (METHOD_AMBITION_NORMAL, METHOD_AMBITION_LOGIT)


def evaluate_case(
    past,
    case: dict,
    *,
    series=None,
    series_label: str = "",
    trends=None,
    weights=None,
    weights_note: str = "",
    n_paths: int = 0,
    seed=20240123,
    exclude_revision: bool = True,
    ambition_models=(PRIMARY_AMBITION,),
    ambition_fits=None,
) -> dict:
    """Every pre-year method for one target, and the probability the headline reports.

    The one place where the methods are run and combined: :func:`feasibility_table` (the headline)
    and :func:`analysis.models.feasibility.backtest.backtest_cases` (the scores) both call it, so the backtest
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
        ts = time_series_probability(
            series,
            target,
            year=year,
            ceiling=ceiling,
            n_paths=n_paths,
            seed=seed,
            exclude_years=excluded_years(region, exclude_revision),
            label=series_label,
        )
    amb = {}
    if all(f in case for f in AMBITION_FEATURES):
        fits = ambition_fits or {}
        models = tuple(ambition_models) + ((PRIMARY_AMBITION,) if PRIMARY_AMBITION not in ambition_models else ())
        for model in models:
            amb[model] = ambition_probability(
                past, case, model=model, exclude_revision=exclude_revision, fit=fits.get(model)
            )
    tr = (
        trend_probability(trends, region=region, key=key, year=year, target=target, ceiling=ceiling)
        if trends is not None
        else None
    )
    members = (METHOD_EMPIRICAL, METHOD_TREND, METHOD_AMBITION_NORMAL)
    weights = weights or {m: 1.0 / len(members) for m in members}
    weighted = combine_weighted(
        {METHOD_EMPIRICAL: emp, METHOD_TREND: tr, METHOD_AMBITION_NORMAL: amb.get(METHOD_AMBITION_NORMAL)},
        weights,
        note=weights_note,
    )
    combined = combine([emp, ts, amb.get(PRIMARY_AMBITION)])
    comp = components_probability(past, region=region, key=key, year=year, exclude_revision=exclude_revision)
    primary = {METHOD_TREND: tr, METHOD_WEIGHTED: weighted}[PRIMARY_METHOD]
    best = {**primary} if primary is not None and not math.isnan(primary["p"]) else {**combined}
    return {
        "empirical": emp,
        "time_series": ts,
        "ambition": amb,
        "trend": tr,
        "weighted": weighted,
        "combined": combined,
        "components": comp,
        "best": best,
    }


TABLE_COLUMNS = [
    "region",
    "year",
    "key",
    "indicator",
    "target",
    "qualifier",
    "unit",
    "ceiling",
    "p_meet",
    "p_low",
    "p_high",
    "method",
    "n_obs",
    "p_indicator",
    "p_model",
    "p_empirical",
    "p_time_series",
    "p_ambition",
    "p_trend",
    "p_weighted",
    "p_components",
    "p_in_year",
    "outcome",
    "met",
    "gap_last",
    "gap_national",
    "in_band",
    "ytd_period",
    "ytd_growth",
    "weight",
    "required_growth",
    "note",
    "convention",
    "target_high",
]


def feasibility_table(
    targets,
    history,
    series=None,
    *,
    region: str,
    year: int,
    n_paths: int = 20000,
    seed: int = 20240123,
    in_year_inputs=None,
    outcomes=None,
    exclude_revision: bool = True,
    outcome_table=None,
    national=None,
    weights=None,
    weights_note: str = "",
    headline: str = "indicator",
    rule_note: str = "",
):
    """Probability that each target of ``region`` for ``year`` is met, one row per target.

    Parameters
    ----------
    targets : frame key, indicator, target (number in ``unit``; NaN when the target has no number),
        qualifier, unit — e.g. the report's 主要预期目标 (from :func:`analysis.report.headline_targets`).
    history : track-record pairs (:func:`analysis.models.feasibility.track_record.pair_targets_outcomes`), all
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
        :func:`analysis.models.feasibility.backtest.weights_before`, i.e. scored cases of years before ``year``);
        None gives equal weights.
    headline, rule_note : what the headline rule of :mod:`analysis.models.feasibility.headline_rule` chose on the
        backtest cases before ``year`` (``indicator``: the indicator's own hit rate; ``model``: the
        primary method, else the combination) and the sentence saying why.

    Returns
    -------
    DataFrame with :data:`TABLE_COLUMNS`. ``p_meet`` is the in-year probability where year-to-date
    data exist; else the headline of the rule: the indicator's own hit rate (``p_indicator``; NaN with
    method ``no history`` when the indicator has too few past targets, never another indicator's
    record), or, when the rule chose the model, the primary method (:data:`PRIMARY_METHOD`, the trend) where it has history;
    else the equal-weight combination of empirical misses, UC local level and the normal-miss
    ambition model (as in rounds 1-2), or the one method with history; NaN with method
    ``no number`` (target without a number) or ``no history``. ``p_weighted`` is the
    past-performance combination of empirical misses, trend and ambition, and ``p_components`` the
    error-components method (round 4), are shown for comparison.
    """
    import pandas as pd

    from analysis.corpus import rules
    from analysis.models.feasibility import in_year as iy

    series = series or {}
    in_year_inputs = in_year_inputs or {}
    past = history[history["year"] < year]
    trends = trend_forecasts(outcome_table, exclude_revision=exclude_revision) if outcome_table is not None else None
    seeds = indicator_seeds(seed, dict.fromkeys(targets["key"].astype(str)))
    feats = {}
    if outcome_table is not None and national is not None:
        if not all(f in past.columns for f in AMBITION_FEATURES):
            past = ambition_features(past, outcome_table, national)
        frame = pd.DataFrame(
            {
                "region": region,
                "year": int(year),
                "key": targets["key"].astype(str),
                "target": pd.to_numeric(targets["target"], errors="coerce").astype(float),
                "qualifier": targets["qualifier"].fillna("").astype(str),
            }
        )
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
        row = {
            "region": region,
            "year": year,
            "key": key,
            "indicator": t.indicator,
            "target": target,
            "qualifier": qualifier,
            "unit": t.unit,
            "ceiling": ceiling,
            "outcome": outcome,
            "met": rules.is_met(outcome, target, ceiling),
            "in_band": rules.in_band(outcome, target, qualifier, t.unit),
            "p_indicator": math.nan,
            "p_model": math.nan,
            "p_empirical": math.nan,
            "p_time_series": math.nan,
            "p_ambition": math.nan,
            "p_trend": math.nan,
            "p_weighted": math.nan,
            "p_components": math.nan,
            "p_in_year": math.nan,
            "gap_last": feats.get(key, {}).get("gap_last", math.nan),
            # shown only where a national target exists and the two are on one scale (a % target;
            # a province's jobs in 万人 set against the nation's says nothing)
            "gap_national": (
                feats[key]["gap_national"]
                if key in feats
                and feats[key]["national_ref"] == feats[key]["national_ref"]
                and rules.in_percent(t.unit)
                else math.nan
            ),
            "ytd_period": "",
            "ytd_growth": math.nan,
            "weight": math.nan,
            "required_growth": math.nan,
            "convention": rules.CONVENTION,
            "target_high": pd.to_numeric(pd.Series([getattr(t, "target_high", math.nan)]), errors="coerce")
            .astype(float)
            .iloc[0],
        }
        if math.isnan(target):
            rows.append(
                {
                    **row,
                    "p_meet": math.nan,
                    "p_low": math.nan,
                    "p_high": math.nan,
                    "method": "no number",
                    "n_obs": 0,
                    "note": "target has no number",
                }
            )
            continue
        frame, label = series.get(key, (None, ""))
        case = {
            "region": region,
            "year": int(year),
            "key": key,
            "target": target,
            "ceiling": ceiling,
            **feats.get(key, {}),
        }
        ev = evaluate_case(
            past,
            case,
            series=frame,
            series_label=label,
            trends=trends,
            weights=weights,
            weights_note=weights_note,
            n_paths=n_paths,
            seed=seeds[key],
            exclude_revision=exclude_revision,
        )
        emp, ts, tr, weighted = ev["empirical"], ev["time_series"], ev["trend"], ev["weighted"]
        amb = ev["ambition"].get(PRIMARY_AMBITION)
        best = ev["best"]
        notes = [
            f"[{METHOD_TREND}] " + (tr["note"] if tr else "no outcome table"),
            f"[{emp['method']}] {emp['note']}",
            f"[{METHOD_TS}] " + (ts["note"] if ts else "no series for this indicator"),
            f"[{PRIMARY_AMBITION}] " + (amb["note"] if amb else "no ambition features"),
            f"[{METHOD_WEIGHTED}] " + (weights_note or "equal weights"),
            f"[{METHOD_COMPONENTS}] {ev['components']['note']}",
        ]
        from analysis.models.feasibility.headline_rule import METHOD_INDICATOR, indicator_hit_rate

        rate = indicator_hit_rate(past, region=region, key=key, exclude_revision=exclude_revision)
        notes.insert(
            0, f"[{METHOD_INDICATOR}] {rate['note']}" + (f" | [headline rule] {rule_note}" if rule_note else "")
        )
        row.update(p_indicator=rate["p"], p_model=best["p"])
        if headline == "indicator" or math.isnan(best["p"]):
            best = {**rate, "method": rate["method"] + " [headline]" if not math.isnan(rate["p"]) else "no history"}
        else:
            best = {**best, "method": best["method"] + " [headline]"}
        row.update(
            p_empirical=emp["p"],
            p_time_series=ts["p"] if ts else math.nan,
            p_ambition=amb["p"] if amb else math.nan,
            p_trend=tr["p"] if tr else math.nan,
            p_weighted=weighted["p"],
            p_components=ev["components"]["p"],
        )
        if key in in_year_inputs:
            info = in_year_inputs[key]
            p, lo, hi = iy.in_year_probability(
                target, info["ytd_growth"], info["weight"], info["surprises"], ceiling=ceiling
            )
            row.update(
                ytd_period=info["period"],
                ytd_growth=info["ytd_growth"],
                weight=info["weight"],
                required_growth=iy.required_growth(target, info["ytd_growth"], info["weight"]),
                p_in_year=p,
            )
            notes.insert(
                0,
                f"[in-year update] {info['label']}; weight {info['weight']:.3f} ({info['weight_basis']}); "
                f"{len(info['surprises'])} past surprises",
            )
            if not math.isnan(p):
                best = {"p": p, "p_low": lo, "p_high": hi, "n_obs": len(info["surprises"]), "method": "in-year update"}
        rows.append(
            {
                **row,
                "p_meet": best["p"],
                "p_low": best["p_low"],
                "p_high": best["p_high"],
                "method": best["method"],
                "n_obs": int(best["n_obs"]),
                "note": " | ".join(notes),
            }
        )
    return pd.DataFrame(rows, columns=TABLE_COLUMNS)
