"""Rolling-origin backtest of the target probabilities: do they deserve trust?

Design
------
Every target with an outcome (every region and year in the track record) is a case. For the case
(region, year T, indicator) each method sees only what was known when the year-T report came out:
track-record pairs of years before T (the T-1 outcome is announced in January of T, before or with
the report) and the outcome series up to T-1 (leave-future-out; the NBS series are a later vintage
than was known at the time — a mild look-ahead in *vintage*, not in time, that all methods share).
No parameter is tuned on the cases: the methods are those of :mod:`analysis.models.feasibility`
with their documented defaults; the choices made on data — which model is primary — used only the
validation years (up to :data:`VALIDATION_LAST_YEAR`).

Methods scored on the same cases (cases where every method gives a probability):

* ``trend (median of 5)`` — round 3, **primary**: the median of the region's last five known outcomes,
  errors pooled over all regions in the ten years before T (median and robust sd, floor 0.5 pp);
* ``combined (past-performance weights)`` — round 3: empirical misses, trend and the normal-miss
  ambition model pooled with weights ∝ 1 / (their Brier score on the cases of years before T)
  (Bates & Granger 1969); equal weights until 10 earlier cases exist;
* ``ambition (normal miss)`` — round 2: Student-t predictive of the signed miss with mean linear
  in the ambition of the target (target minus last year's outcome, minus the latest national
  target, the qualifier), refitted every year on the cases known by then;
* ``ambition (logistic)`` — round 2: the same features in a rolling logistic regression of met;
* ``empirical misses`` — own-region hit rate shrunk toward the pooled rate (method 1);
* ``error components (year + region)`` — round 4: past misses split into a common year shock, a
  region habit and the rest (Davies & Lahiri 1995), the unknown year-T shock's variance in the forecast;
* ``UC local level`` — the unobserved-components forecast, closed-form Gaussian predictive (method 2);
* ``combined`` — equal-weight average of methods 1, 2 and the normal-miss ambition model (method 3);
* baseline ``historical hit rate`` — share of all past targets (every region and indicator) met;
* baseline ``always met`` — probability 1 ("targets are always met").

History of the choices (stated because they were made after seeing results): methods 1-3 (round
1) did not beat the hit rate; the ambition models were added in round 2 and the normal-miss form
was chosen on the validation cases, but it failed on the test years, above all in 2021 when the
targets stood far above the 2020 pandemic outcomes that it (and UC) extrapolated. The trend and the
past-performance combination were added in round 3 on a-priori grounds (growth is a slow trend plus
transitory shocks; a robust average looks through one shock year), with their settings fixed in
advance; the primary was chosen between the two by the rule "lower Brier score on the validation
cases, ties: trend" before the test scores were looked at. ``sample`` labels each case
``validation`` or ``test``; every table is reported on both and on the full sample.

Scores
------
Brier score ``mean((p - y)^2)`` (lower is better; Brier 1950); log score ``mean(ln p(y))`` with
``p`` clipped to ``[EPS, 1 - EPS]`` so that "always met" has a finite score (higher is better; Good
1952). ``brier_diff_vs_*`` is the paired mean difference of squared errors against each baseline
with its standard error (negative = the method is better); the calibration table bins the
probabilities in tenths and compares the mean probability with the observed frequency.
"""

from __future__ import annotations

import math

EPS = 0.01
MIN_PAST_CASES = 10
VALIDATION_LAST_YEAR = 2018
BASELINE_HIT_RATE = "baseline: historical hit rate"
BASELINE_ALWAYS = "baseline: always met"
PRIMARY_TAG = " [primary]"
#: ambition model -> probability column (names as in :mod:`analysis.models.feasibility`)
AMBITION_COLUMNS = {"ambition (normal miss)": "p_ambition_normal", "ambition (logistic)": "p_ambition_logistic"}


def sample_of(year: int) -> str:
    """``validation`` (years up to :data:`VALIDATION_LAST_YEAR`) or ``test`` (later years)."""
    return "validation" if int(year) <= VALIDATION_LAST_YEAR else "test"


def backtest_cases(
    pairs, series_by_region_key, *, outcome_table=None, min_past: int = MIN_PAST_CASES, exclude_revision: bool = True
):
    """Probabilities of every method for every case, from information before the case's year.

    Parameters
    ----------
    pairs : track-record pairs (all regions, years, indicators) with the ambition features of
        :func:`analysis.models.feasibility.ambition_features` (without them the ambition columns
        are NaN).
    series_by_region_key : mapping (region, key) -> annual series frame (year, value) for the
        time-series method; cases without a series get NaN from it.
    outcome_table : one outcome per region, year and key (every region, whether or not it set a
        target; :func:`analysis.models.feasibility.track_record.outcome_table`) for the trend method; None uses
        the outcomes of ``pairs`` themselves.
    min_past : fewest past cases (all regions) before a year is forecast.
    exclude_revision : leave Liaoning 2011-2017 out of Liaoning's own history and series, and out
        of the ambition models' training cases.

    Returns
    -------
    DataFrame region, year, sample, period, key, target, qualifier, outcome, outcome_basis, y (1 met /
    0 missed), and one probability column per method: p_empirical, p_time_series,
    p_ambition_normal, p_ambition_logistic, p_combined (equal-weight pool of those of empirical, UC
    and normal-miss ambition that have a probability), p_trend, p_weighted (empirical, trend and
    normal-miss ambition weighted by their inverse Brier score on the cases of earlier years),
    p_components (error components, round 4), p_headline (the model the headline used before the
    indicator rule: the primary method, else p_combined; also as p_headline_model), p_hit_rate (all
    indicators), p_always, the case's ambition features (gap_last, gap_national, q_yishang,
    q_zuoyou; NaN without them), p_indicator (the indicator's own hit rate,
    :func:`analysis.models.feasibility.headline_rule.indicator_hit_rate`), and the headline the rule of
    :mod:`analysis.models.feasibility.headline_rule` chooses year by year (p_final, with ``choice``). Every method comes from
    :func:`analysis.models.feasibility.evaluate_case`, the function the headline table uses (UC with
    its closed-form predictive, ``n_paths=0``). Rows are ordered by year, region, key; every number
    is a function of the inputs only (no random draws), so reruns are identical.
    """
    import pandas as pd

    from analysis.models import feasibility as fz
    from analysis.models.feasibility import headline_rule as hr

    done = pairs[pairs["outcome"].notna() & pairs["met"].notna()].sort_values(["year", "region", "key"], kind="stable")
    if outcome_table is None:
        outcome_table = done[["region", "year", "key", "outcome"]].rename(columns={"outcome": "value"})
    trends = fz.trend_forecasts(outcome_table, exclude_revision=exclude_revision)
    has_features = all(f in done.columns for f in fz.AMBITION_FEATURES)
    rows = []
    for year, cases_y in done.groupby("year", sort=True):
        past = done[done["year"] < year]
        if len(past) < min_past:
            continue
        hit_rate = float(past["met"].mean())
        weights, _ = weights_before(pd.DataFrame(rows, columns=CASE_COLUMNS), year)
        for key, cases_k in cases_y.groupby("key", sort=True):
            fits = (
                {
                    model: fz.fit_ambition(past, key=key, model=model, exclude_revision=exclude_revision)
                    for model in AMBITION_COLUMNS
                }
                if has_features
                else {}
            )
            for c in cases_k.to_dict("records"):
                ev = fz.evaluate_case(
                    past,
                    c if has_features else {k: v for k, v in c.items() if k not in fz.AMBITION_FEATURES},
                    series=series_by_region_key.get((c["region"], key)),
                    trends=trends,
                    weights=weights,
                    n_paths=0,
                    exclude_revision=exclude_revision,
                    ambition_models=tuple(AMBITION_COLUMNS),
                    ambition_fits=fits,
                )
                p = lambda r: r["p"] if r is not None else math.nan  # noqa: E731
                rows.append(
                    {
                        "region": c["region"],
                        "year": int(c["year"]),
                        "sample": sample_of(c["year"]),
                        "period": c["period"],
                        "key": key,
                        "target": c["target"],
                        "qualifier": c["qualifier"],
                        "outcome": c["outcome"],
                        "outcome_basis": c["outcome_basis"],
                        "y": float(c["met"]),
                        "p_empirical": p(ev["empirical"]),
                        "p_time_series": p(ev["time_series"]),
                        **{col: p(ev["ambition"].get(model)) for model, col in AMBITION_COLUMNS.items()},
                        "p_combined": p(ev["combined"]),
                        "p_trend": p(ev["trend"]),
                        "p_weighted": p(ev["weighted"]),
                        "p_components": p(ev["components"]),
                        "p_headline": p(ev["best"]),
                        **{f: c.get(f, math.nan) for f in fz.AMBITION_FEATURES},
                        "p_hit_rate": hit_rate,
                        "p_always": 1.0,
                        "p_indicator": p(
                            hr.indicator_hit_rate(past, region=c["region"], key=key, exclude_revision=exclude_revision)
                        ),
                        "p_headline_model": p(ev["best"]),
                    }
                )
    out = pd.DataFrame(rows, columns=[c for c in CASE_COLUMNS if c not in ("p_final", "choice")])
    out = out.sort_values(["year", "region", "key"], kind="stable").reset_index(drop=True)
    return hr.headline_cases(out)[CASE_COLUMNS]


CASE_COLUMNS = [
    "region",
    "year",
    "sample",
    "period",
    "key",
    "target",
    "qualifier",
    "outcome",
    "outcome_basis",
    "y",
    "p_empirical",
    "p_time_series",
    *AMBITION_COLUMNS.values(),
    "p_combined",
    "p_trend",
    "p_weighted",
    "p_components",
    "p_headline",
    "p_hit_rate",
    "p_always",
    "gap_last",
    "gap_national",
    "q_yishang",
    "q_zuoyou",
    "p_indicator",
    "p_headline_model",
    "p_final",
    "choice",
]


#: members of the past-performance combination -> their probability column in the cases
WEIGHTED_MEMBERS = {
    "empirical misses": "p_empirical",
    "trend (median of 5)": "p_trend",
    "ambition (normal miss)": "p_ambition_normal",
}


def weights_before(cases, year: int):
    """Weights of the past-performance combination for forecasts of ``year``: inverse Brier score of
    each member on the cases of years before ``year`` (see
    :func:`analysis.models.feasibility.performance_weights`). Returns (weights, note)."""
    from analysis.models import feasibility as fz

    past = cases[cases["year"] < int(year)] if len(cases) else cases
    return fz.performance_weights(past, WEIGHTED_MEMBERS)


def method_columns() -> dict:
    """Method name -> probability column of :func:`backtest_cases` (the primary method first, tagged
    :data:`PRIMARY_TAG`; then the other round-3 candidate, the ambition models, methods 1-3, the baselines)."""
    from analysis.models import feasibility as fz

    methods = {
        fz.METHOD_TREND: "p_trend",
        fz.METHOD_WEIGHTED: "p_weighted",
        fz.METHOD_COMPONENTS: "p_components",
        **AMBITION_COLUMNS,
        fz.METHOD_EMPIRICAL: "p_empirical",
        fz.METHOD_TS: "p_time_series",
        fz.METHOD_COMBINED: "p_combined",
    }
    out = {fz.PRIMARY_METHOD + PRIMARY_TAG: methods.pop(fz.PRIMARY_METHOD)}
    out.update(methods)
    out.update({BASELINE_HIT_RATE: "p_hit_rate", BASELINE_ALWAYS: "p_always"})
    return out


def common_cases(cases):
    """The cases where every method has a probability (scored on the same cases)."""
    cols = list(method_columns().values())
    return cases.dropna(subset=cols).reset_index(drop=True)


def brier(p, y) -> float:
    """Mean squared error of probabilities ``p`` for outcomes ``y`` (0/1)."""
    import numpy as np

    p, y = np.asarray(p, float), np.asarray(y, float)
    return float(np.mean((p - y) ** 2))


def log_score(p, y, eps: float = EPS) -> float:
    """Mean log probability given to what happened, ``p`` clipped to [eps, 1 - eps] (higher is better)."""
    import numpy as np

    p = np.clip(np.asarray(p, float), eps, 1 - eps)
    y = np.asarray(y, float)
    return float(np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def score_table(cases, by: str | None = None):
    """One row per method and baseline on the common cases (per group of ``by`` if given, groups in
    chronological order of their first year).

    Columns: method, n, brier, log_score, mean_p, hit_rate (observed), brier_diff_vs_hit_rate,
    se_vs_hit_rate, brier_diff_vs_always, se_vs_always, beats_both (Brier below both baselines).
    """
    import pandas as pd

    c = common_cases(cases)
    if by is not None:
        groups = sorted(c.groupby(by, sort=True), key=lambda kg: int(kg[1]["year"].min()))  # chronological
        parts = [score_table(g, None).assign(**{by: k}) for k, g in groups]
        out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
        return out[[by] + [col for col in out.columns if col != by]] if len(out) else out
    y = c["y"].to_numpy(float)
    methods = method_columns()
    se_sq = {m: (c[col].to_numpy(float) - y) ** 2 for m, col in methods.items()}
    rows = []
    for m, col in methods.items():
        row = {
            "method": m,
            "n": int(len(c)),
            "brier": brier(c[col], y),
            "log_score": log_score(c[col], y),
            "mean_p": float(c[col].mean()),
            "hit_rate": float(y.mean()) if len(y) else math.nan,
        }
        for base, tag in ((BASELINE_HIT_RATE, "hit_rate"), (BASELINE_ALWAYS, "always")):
            d = se_sq[m] - se_sq[base]
            row[f"brier_diff_vs_{tag}"] = float(d.mean()) if len(d) else math.nan
            row[f"se_vs_{tag}"] = float(d.std(ddof=1) / math.sqrt(len(d))) if len(d) > 1 else math.nan
        row["beats_both"] = bool(
            row["brier"] < min(brier(c[methods[BASELINE_HIT_RATE]], y), brier(c[methods[BASELINE_ALWAYS]], y))
        )
        rows.append(row)
    return pd.DataFrame(rows)


def verdict(scores) -> str:
    """One plain sentence: does the primary method beat both baselines (Brier, same cases)?"""
    t = scores.set_index("method")
    prim = next(m for m in t.index if m.endswith(PRIMARY_TAG))
    b, hr, al = t.loc[prim, "brier"], t.loc[BASELINE_HIT_RATE, "brier"], t.loc[BASELINE_ALWAYS, "brier"]
    n = int(t.loc[prim, "n"])
    head = (
        f"{prim.replace(PRIMARY_TAG, '')}: Brier {b:.3f} on {n} cases, against {hr:.3f} (historical hit rate) "
        f"and {al:.3f} (always met): "
    )
    if b < min(hr, al):
        return head + "it beats both baselines."
    worse = " and ".join(x for x, v in (("the historical hit rate", hr), ("always met", al)) if b >= v)
    return head + f"it does NOT beat {worse}."


def calibration_table(cases, bins: int = 10):
    """Reliability table: for each method and probability bin, n, mean probability, observed frequency."""
    import numpy as np
    import pandas as pd

    c = common_cases(cases)
    edges = np.linspace(0, 1, bins + 1)
    rows = []
    for m, col in method_columns().items():
        idx = np.clip(np.digitize(c[col].to_numpy(float), edges[1:-1], right=False), 0, bins - 1)
        for b in range(bins):
            sel = idx == b
            if sel.any():
                rows.append(
                    {
                        "method": m,
                        "bin": f"{edges[b]:.1f}-{edges[b + 1]:.1f}",
                        "n": int(sel.sum()),
                        "mean_p": float(c.loc[sel, col].mean()),
                        "observed": float(c.loc[sel, "y"].mean()),
                    }
                )
    return pd.DataFrame(rows)


#: in-sample references of :func:`predictability_table` (bounds, not forecasts)
REFERENCE_COIN = "coin flip (p = 0.5)"
REFERENCE_CONSTANT = "in-sample hit rate (one constant fitted on all cases)"
REFERENCE_FEATURES = "in-sample logistic on report-date features"
REFERENCE_YEAR = "year oracle (each year's own hit rate)"


def predictability_table(cases):
    """How much any forecast made at the report date could gain: in-sample references on the common cases.

    None of these is a forecast (each is fitted on the very cases it scores, so each is an optimistic
    bound for its kind of information); together they show where the baselines stand:

    * coin flip: p = 0.5 everywhere (Brier 0.25 exactly);
    * in-sample hit rate: the one constant that minimises the Brier score, ``ȳ(1 - ȳ)``;
    * in-sample logistic: met on the report-date features of the ambition models (target minus last
      year's outcome, minus the national target, the qualifier dummies; :data:`analysis.models.
      feasibility.AMBITION_FEATURES`), maximum likelihood on all cases — the most these features
      could add with hindsight;
    * year oracle: each year's own share met, ``Σ n_t ȳ_t (1 - ȳ_t) / N`` — what knowing the year's
      common shock in advance would be worth.

    Returns
    -------
    DataFrame reference, n, brier, log_score, information (what the reference knows).
    """
    import numpy as np
    import pandas as pd
    import statsmodels.api as sm

    from analysis.models import feasibility as fz

    c = common_cases(cases)
    y = c["y"].to_numpy(float)
    feats = list(fz.AMBITION_FEATURES)
    X = c[feats].astype(float)
    known = X.notna().all(axis=1).to_numpy()
    p_feat = np.full(len(c), np.nan)
    if known.sum() > len(feats) + 1 and 0 < y[known].mean() < 1:
        fit = sm.Logit(y[known], sm.add_constant(X[known].to_numpy(), has_constant="add")).fit(disp=0, maxiter=200)
        p_feat[known] = fit.predict(sm.add_constant(X[known].to_numpy(), has_constant="add"))
    year_rate = c.groupby("year")["y"].transform("mean").to_numpy(float)
    refs = [
        (REFERENCE_COIN, np.full(len(c), 0.5), "nothing"),
        (REFERENCE_CONSTANT, np.full(len(c), y.mean() if len(y) else np.nan), "the overall share met, in hindsight"),
        (
            REFERENCE_FEATURES,
            p_feat,
            "gap to last year's outcome and to the national target, qualifier; coefficients fitted in hindsight",
        ),
        (REFERENCE_YEAR, year_rate, "each year's share met, i.e. the common shock of the year"),
    ]
    rows = []
    for name, p, info in refs:
        ok = np.isfinite(p)
        rows.append(
            {
                "reference": name,
                "n": int(ok.sum()),
                "brier": brier(p[ok], y[ok]) if ok.any() else math.nan,
                "log_score": log_score(p[ok], y[ok]) if ok.any() else math.nan,
                "information": info,
            }
        )
    return pd.DataFrame(rows)


def predictability_sentence(references, scores) -> str:
    """Markdown: the baselines and the best method read against the in-sample references."""
    r = references.set_index("reference")["brier"]
    t = scores.set_index("method")["brier"]
    models = t.drop(index=[BASELINE_HIT_RATE, BASELINE_ALWAYS])
    best = models.idxmin()
    return (
        f"With hindsight, the report-date features would lower the Brier score from {r[REFERENCE_CONSTANT]:.3f} "
        f"(the best constant) to {r[REFERENCE_FEATURES]:.3f}, a gain of {r[REFERENCE_CONSTANT] - r[REFERENCE_FEATURES]:.3f}; "
        f"knowing each year's common shock would lower it to {r[REFERENCE_YEAR]:.3f}. Out of sample, the historical hit rate "
        f"scores {t[BASELINE_HIT_RATE]:.3f} (a coin flip: {r[REFERENCE_COIN]:.3f}) and the best method, "
        f"{_plain(best)}, {models[best]:.3f}. Whether a target is met is mostly decided by the year's shock, "
        f"which nobody knows when the report comes out."
    )


def _plain(method: str) -> str:
    return method.replace(PRIMARY_TAG, "")


def validation_choice(by_sample, candidates=None) -> str:
    """The method the pre-stated rule picks: lowest Brier on the validation cases among ``candidates``
    (default :data:`analysis.models.feasibility.ROUND3_CANDIDATES`), ties to the earlier candidate."""
    from analysis.models import feasibility as fz

    candidates = tuple(candidates or fz.ROUND3_CANDIDATES)
    v = by_sample[by_sample["sample"] == "validation"].assign(method=lambda f: f["method"].map(_plain))
    brier_of = v.set_index("method")["brier"]
    return min(candidates, key=lambda m: (float(brier_of[m]), candidates.index(m)))


def choice_sentence(by_sample, candidates=None) -> str:
    """Markdown: which candidate the validation rule picked, with both Brier scores and n."""
    from analysis.models import feasibility as fz

    candidates = tuple(candidates or fz.ROUND3_CANDIDATES)
    v = by_sample[by_sample["sample"] == "validation"].assign(method=lambda f: f["method"].map(_plain))
    t = v.set_index("method")
    chosen = validation_choice(by_sample, candidates)
    others = ", ".join(f"{m} {t.loc[m, 'brier']:.3f}" for m in candidates if m != chosen)
    return (
        f"On the {int(t.loc[chosen, 'n'])} validation cases the rule picked **{chosen}**: Brier "
        f"{t.loc[chosen, 'brier']:.3f} against {others}."
    )


def summary_sentences(bt) -> str:
    """Markdown sentences reading the backtest (:class:`analysis.models.feasibility.pipeline.Backtest`).

    Every number comes from ``bt``: the primary method against both baselines on all cases and per
    sample (with the paired difference against the hit rate and its standard error), the method
    closest to the hit rate, and per period which method scored best and how the primary fared.
    """
    scores = bt.scores.set_index("method")
    prim = next(m for m in scores.index if m.endswith(PRIMARY_TAG))
    name = _plain(prim)
    hr, al = scores.loc[BASELINE_HIT_RATE, "brier"], scores.loc[BASELINE_ALWAYS, "brier"]
    b = scores.loc[prim, "brier"]

    def against(x, base):
        return "beats" if x < base else "does not beat"

    out = [
        f"**All {int(scores.loc[prim, 'n'])} cases.** The primary method, {name}, {against(b, al)} "
        f'"always met" ({b:.3f} against {al:.3f}) and {against(b, hr)} the historical hit rate '
        f"({b:.3f} against {hr:.3f}; Brier, lower is better)."
    ]
    for sample, g in bt.by_sample.groupby("sample", sort=False):
        t = g.set_index("method")
        pb, ph = t.loc[prim, "brier"], t.loc[BASELINE_HIT_RATE, "brier"]
        out.append(
            f"**{sample.capitalize()} ({int(t.loc[prim, 'n'])} cases).** {name} {against(pb, ph)} the hit "
            f"rate: {pb:.3f} against {ph:.3f} (paired difference {t.loc[prim, 'brier_diff_vs_hit_rate']:+.3f}, "
            f"s.e. {t.loc[prim, 'se_vs_hit_rate']:.3f})."
        )
    models = scores.drop(index=[BASELINE_HIT_RATE, BASELINE_ALWAYS])
    best = models["brier"].idxmin()
    n_beat = int((models["brier"] < hr).sum())
    out.append(
        f"The method closest to the hit rate on all cases is {_plain(best)} ({models.loc[best, 'brier']:.3f}); "
        f"{n_beat} of the {len(models)} methods beat the hit rate on all cases."
    )
    lines = []
    for period, g in bt.by_period.groupby("period", sort=False):
        t = g.set_index("method")
        m = t.drop(index=[BASELINE_HIT_RATE, BASELINE_ALWAYS])["brier"]
        lines.append(
            f"- {period} ({int(t.loc[prim, 'n'])} cases): {name} {t.loc[prim, 'brier']:.3f}, hit rate "
            f"{t.loc[BASELINE_HIT_RATE, 'brier']:.3f}; best method {_plain(m.idxmin())} {m.min():.3f}, "
            f"worst {_plain(m.idxmax())} {m.max():.3f}."
        )
    return "\n\n".join(out) + "\n\nBy period (Brier):\n\n" + "\n".join(lines)
