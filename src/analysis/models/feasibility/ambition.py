"""Method 4 of :mod:`analysis.models.feasibility`: the ambition of a target (round 2).

See the feasibility module docstring for the place of this method among the others.
"""

from __future__ import annotations

import math

from analysis.corpus.rules import in_percent
from analysis.models.feasibility.probability import LEVEL, MIN_POOL, ROUNDING_HALF, nan_result

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
        (first release preferred; see :func:`analysis.models.feasibility.track_record.outcome_table`).
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
        last, on=["region", "year", "key"], how="left"
    )
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
    c["gap_national"] = np.nan_to_num(sign * (target - c["national_ref"].to_numpy(float)), nan=0.0) + 0.0  # no -0.0
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
    """The cases an ambition model of ``key`` learns from: outcome and features known, revision years out.

    Targets in % only: a gap in percentage points means the same for every region, a gap in 万人 or
    万吨 does not (the nation's jobs target is twenty times a province's), so a level target has no
    training cases and the model gives it no number.
    """
    h = history[(history["key"] == key) & history["met"].notna() & history["gap_last"].notna()]
    if "unit" in h.columns:
        h = h[h["unit"].map(in_percent)]
    if exclude_revision and "revision_period" in h.columns:
        h = h[~h["revision_period"].astype(bool)]
    return h


def fit_ambition(
    history, *, key: str, model: str = PRIMARY_AMBITION, min_train: int = MIN_POOL, exclude_revision: bool = True
):
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
        return {
            "model": model,
            "n": n,
            "coef": b,
            "vinv": vinv,
            "a": an,
            "b": bn,
            "hit_rate": float(train["met"].mean()),
        }
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


def ambition_probability(
    history,
    case: dict,
    *,
    model: str = PRIMARY_AMBITION,
    min_train: int = MIN_POOL,
    exclude_revision: bool = True,
    level: float = LEVEL,
    fit: dict | None = None,
) -> dict:
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
        fit = fit_ambition(
            history, key=case["key"], model=model, min_train=min_train, exclude_revision=exclude_revision
        )
    if fit["coef"] is None:
        units = history.loc[history["key"] == case["key"], "unit"].dropna() if "unit" in history.columns else ()
        if len(units) and not in_percent(units.iloc[0]):
            return {
                **nan_result(
                    model,
                    f"not modelled: the ambition model reads gaps in percentage points; "
                    f"a target in {units.iloc[0]} differs in scale between regions",
                ),
                "n_obs": 0,
            }
        return {
            **nan_result(model, f"no history: {fit['n']} past {case['key']} cases with features (< {min_train})"),
            "n_obs": fit["n"],
        }
    row = pd.DataFrame([{f: case.get(f, math.nan) for f in AMBITION_FEATURES}])
    p, lo, hi = (float(x[0]) for x in predict_ambition(fit, row, level=level))
    if math.isnan(p):
        return {**nan_result(model, "no last-year outcome for the gap"), "n_obs": fit["n"]}
    coef = ", ".join(f"{n} {v:+.2f}" for n, v in zip(("const",) + AMBITION_FEATURES, fit["coef"]))
    note = (
        f"target {case.get('gap_last', math.nan):+.1f} pp vs last outcome {case.get('last_outcome', math.nan):g}, "
        f"{case.get('gap_national', math.nan):+.1f} pp vs national {case.get('national_ref', math.nan):g}; "
        f"fitted on {fit['n']} past {case['key']} cases, all regions (hit rate {fit['hit_rate']:.2f}); "
        f"coefficients {coef}"
    )
    return {"p": p, "p_low": min(lo, p), "p_high": max(hi, p), "n_obs": fit["n"], "method": model, "note": note}
