"""The indicator's own hit rate, and the rule that decides which probability is the headline.

Indicator hit rate
------------------
P(a target on indicator *k* is met) = the share of past targets on *k* that were met in the
region's panel, with years before the target year only: ``(m + 1/2) / (n + 1)`` with ``m`` met of
``n`` (the mean of the Beta posterior under the Jeffreys prior Beta(1/2, 1/2)), interval from that
posterior. The panel is the national reports' own record for the nation and every province,
Liaoning included, pooled for a province. Two kinds of year are left out of the record:

* Liaoning 2011-2017 (the inflated figures cut in 2017);
* the pandemic years 2020-2022 (:data:`SHOCK_YEARS`): targets written before a shock no report
  foresaw (2020 missed everywhere, 2022 almost everywhere) and the 2021 rebound beaten almost
  everywhere say how often a target is met in a year like that, not in an ordinary one. Their
  targets are still forecast and scored like every other year's.

Where the provinces have fewer than :data:`MIN_CASES` cases, the nation's record of the same
indicator is added, unless the provinces escalate that target (:func:`escalated`): the provinces'
GDP growth targets stand above the national one, so the nation's record of meeting its lower
target says nothing about theirs.

The output says how many of the cases are the region's own, national and provincial. With fewer
than :data:`MIN_CASES` cases the indicator has no history and no probability is given: no indicator
borrows another's record. The qualifier decides "met" (:mod:`analysis.corpus.rules`):
a level target (new jobs in 万人, grain in 万吨) is met when the outcome reaches it, a ceiling (CPI,
unemployment) when it stays below.

Headline rule (fixed before scoring; :func:`headline_choice`)
-------------------------------------------------------------
On the backtest cases of the years before the one forecast (an expanding window), the model
probability (the primary method where it runs, else the equal-weight combination:
``p_headline`` of :mod:`analysis.models.feasibility.backtest`) is headline only if its Brier score is not worse
than the indicator hit rate's on the same cases (paired mean difference of squared errors <= 0) and
there are at least :data:`MIN_PAIRED` such cases; otherwise the headline is the indicator hit rate,
and the models are shown beside it. Where the model has no probability (an indicator without a
series or trend), the headline is the indicator hit rate as well.
"""

from __future__ import annotations

import math

from analysis.corpus.rules import in_percent
from analysis.models.feasibility.track_record import PERIODS

METHOD_INDICATOR = "indicator hit rate"
HEADLINE_TAG = "headline"
MIN_CASES = 10
#: pseudo-cases met and missed of the Beta prior (0.5: Jeffreys)
PRIOR_HALF = 0.5
MIN_PAIRED = 30
#: the pandemic years (the track record's pandemic period), left out of every indicator's record
SHOCK_YEARS = next(tuple(range(lo, hi + 1)) for lo, hi, label in PERIODS if "pandemic" in label)
LEVEL = 0.90


def escalated(past, key: str) -> bool:
    """Whether the provinces set ``key``'s targets above the nation's (below for a ceiling): the
    median gap between a province's target and the national target of the same year, over the
    past rows of both, is positive. Only targets in % are compared (a level target's scale is the
    region's size); without a year that has both, there is no evidence of escalation."""
    import numpy as np

    rows = past[(past["key"] == key) & past["target"].notna()]
    if rows.empty or not in_percent(rows["unit"].iloc[0]):
        return False
    national = rows[rows["region"] == "china"].groupby("year")["target"].first()
    provinces = rows[rows["region"] != "china"]
    gap = provinces["target"].to_numpy(float) - provinces["year"].map(national).to_numpy(float)
    if "ceiling" in provinces.columns:
        gap = np.where(provinces["ceiling"].fillna(False).astype(bool).to_numpy(), -gap, gap)
    gap = gap[~np.isnan(gap)]
    return bool(gap.size and np.median(gap) > 0)


def _record(past, key: str, *, exclude_revision: bool, exclude_shocks: bool):
    h = past[(past["key"] == key) & past["met"].notna()]
    if exclude_revision and "revision_period" in h.columns:
        h = h[~h["revision_period"].astype(bool)]
    if exclude_shocks:
        h = h[~h["year"].astype(int).isin(SHOCK_YEARS)]
    return h


def indicator_hit_rate(
    past, *, region: str, key: str, exclude_revision: bool = True, exclude_shocks: bool = True, level: float = LEVEL
) -> dict:
    """P(met) for a target of ``region`` on ``key`` from every past target on ``key`` (see module docstring).

    ``past`` holds track-record pairs of years before the target year only.
    """
    from scipy import stats

    from analysis.models.feasibility.probability import nan_result

    everyone = _record(past, key, exclude_revision=exclude_revision, exclude_shocks=exclude_shocks)
    national = everyone["region"] == "china"
    h = everyone[national] if region == "china" else everyone[~national]
    pool = "national" if region == "china" else "provinces pooled"
    left_out = f"; pandemic years {SHOCK_YEARS[0]}-{SHOCK_YEARS[-1]} left out" if exclude_shocks else ""
    if len(h) < MIN_CASES and region != "china" and len(h) < len(everyone):
        if escalated(past, key):
            left_out += (
                "; the national record not added: provinces set this target above the national one, "
                "so the nation's record of meeting its lower target does not carry over"
            )
        else:
            h, pool = everyone, f"provinces ({len(h)}) and the national record (the provinces have too few alone)"
    n = len(h)
    if n < MIN_CASES:
        return nan_result(
            METHOD_INDICATOR,
            f"no history: {n} past target(s) of {key} with an outcome "
            f"(at least {MIN_CASES} needed{left_out}); no other indicator's record is used",
        )
    m = float(h["met"].sum())
    a, b = m + PRIOR_HALF, n - m + PRIOR_HALF
    alpha = (1.0 - level) / 2.0
    own = int((h["region"] == region).sum())
    n_national = int((h["region"] == "china").sum())
    provinces = n - n_national - (own if region != "china" else 0)
    note = (
        f"{key}, {pool}: {int(m)} of {n} past targets met ({own} own, {n_national} national, {provinces} "
        f"other provinces; years {int(h['year'].min())}-{int(h['year'].max())}{left_out}); Jeffreys Beta posterior"
    )
    return {
        "p": a / (a + b),
        "p_low": float(stats.beta.ppf(alpha, a, b)),
        "p_high": float(stats.beta.ppf(1 - alpha, a, b)),
        "n_obs": n,
        "method": METHOD_INDICATOR,
        "note": note,
    }


def paired_comparison(cases, model: str = "p_headline_model", reference: str = "p_indicator") -> dict:
    """Brier of ``model`` and ``reference`` on the cases where both exist, their paired mean
    difference (model minus reference; negative: the model is better) and its standard error."""
    import numpy as np

    c = cases.dropna(subset=[model, reference])
    y = c["y"].to_numpy(float)
    d = (c[model].to_numpy(float) - y) ** 2 - (c[reference].to_numpy(float) - y) ** 2
    n = len(d)
    return {
        "n": n,
        "brier_model": float(np.mean((c[model].to_numpy(float) - y) ** 2)) if n else math.nan,
        "brier_reference": float(np.mean((c[reference].to_numpy(float) - y) ** 2)) if n else math.nan,
        "diff": float(d.mean()) if n else math.nan,
        "se": float(d.std(ddof=1) / math.sqrt(n)) if n > 1 else math.nan,
    }


def headline_choice(cases) -> dict:
    """The rule applied to ``cases`` (those known before the year forecast): ``model`` or ``indicator``."""
    cmp = paired_comparison(cases)
    use_model = cmp["n"] >= MIN_PAIRED and cmp["diff"] <= 0
    return {**cmp, "choice": "model" if use_model else "indicator"}


def headline_cases(cases):
    """``cases`` with the headline column ``p_final``: the rule applied once to all the cases (the
    backtest's headline; a forecast of year T applies it to the cases before T). ``choice`` says
    which probability each case's headline is (the indicator hit rate where the model has none)."""
    out = cases.copy()
    rule = headline_choice(out)
    model, rate = out["p_headline_model"], out["p_indicator"]
    if rule["choice"] == "model":
        out["p_final"] = model.where(model.notna(), rate)
        out["choice"] = ["model" if m == m else "indicator" for m in model]
    else:
        out["p_final"] = rate
        out["choice"] = "indicator"
    return out


def rule_sentence(cases) -> str:
    """The rule and its measured comparison, in words, on every case."""
    cmp = headline_choice(cases)
    winner = (
        "the model probability (primary method, else the combination)"
        if cmp["choice"] == "model"
        else "the indicator hit rate"
    )
    return (
        f"Headline rule, fixed before scoring: a model is headline only if its Brier score is not worse than "
        f"the indicator's own hit rate on the same cases. On {cmp['n']} paired cases: model Brier "
        f"{cmp['brier_model']:.3f}, indicator hit rate {cmp['brier_reference']:.3f}, paired difference "
        f"{cmp['diff']:+.3f} (s.e. {cmp['se']:.3f}); headline: {winner}."
    )


def headline_scores(cases):
    """Scores of the headline on every case (``n`` counts them all), the indicator hit rate and the
    model on their cases, one row per indicator, and the GDP-only cases.

    Columns: method, key, n, brier, mean_p, observed.
    """
    import numpy as np
    import pandas as pd

    rows = []

    def add(method, key, c, col):
        c = c.dropna(subset=[col])
        if not len(c):
            return
        y = c["y"].to_numpy(float)
        p = c[col].to_numpy(float)
        rows.append(
            {
                "method": method,
                "key": key,
                "n": len(c),
                "brier": float(np.mean((p - y) ** 2)),
                "mean_p": float(p.mean()),
                "observed": float(y.mean()),
            }
        )

    add(f"{HEADLINE_TAG} [primary]", "all", cases, "p_final")
    add(METHOD_INDICATOR, "all", cases, "p_indicator")
    add("model (primary, else combined)", "all", cases, "p_headline_model")
    for key, c in cases.groupby("key", sort=True):
        add(f"{HEADLINE_TAG} [primary]", key, c, "p_final")
        add(METHOD_INDICATOR, key, c, "p_indicator")
        add("model (primary, else combined)", key, c, "p_headline_model")
    return pd.DataFrame(rows, columns=["method", "key", "n", "brier", "mean_p", "observed"])


def calibration(cases, column: str = "p_final", width: float = 0.1):
    """Reliability of ``column``: bins of ``width``, with n, mean probability, observed frequency and
    their gap; ``checked`` marks the bins with 10 or more cases (the 0.15 bound applies to them)."""
    import numpy as np
    import pandas as pd

    c = cases.dropna(subset=[column])
    edges = np.round(np.arange(0, 1 + width / 2, width), 10)
    idx = np.clip(np.digitize(c[column].to_numpy(float), edges[1:-1]), 0, len(edges) - 2)
    rows = []
    for b in range(len(edges) - 1):
        sel = idx == b
        if sel.any():
            p = float(c.loc[sel, column].mean())
            o = float(c.loc[sel, "y"].mean())
            row = {
                "bin": f"{edges[b]:.1f}-{edges[b + 1]:.1f}",
                "n": int(sel.sum()),
                "mean_p": p,
                "observed": o,
                "gap": o - p,
                "checked": bool(sel.sum() >= 10),
                "within_bound": bool(abs(o - p) <= CALIBRATION_BOUND),
            }
            if "year" in c.columns:  # the cases of one year share its shock: how concentrated is the bin?
                years = c.loc[sel, "year"].astype(int).value_counts()
                top = years.sort_index().idxmax()
                row.update(
                    {
                        "years": int(len(years)),
                        "largest_year": f"{top}: {int(years[top])} cases, "
                        f"{c.loc[sel & (c['year'] == top), 'y'].mean():.0%} met",
                    }
                )
            rows.append(row)
    return pd.DataFrame(
        rows,
        columns=["bin", "n", "mean_p", "observed", "gap", "checked", "within_bound"]
        + (["years", "largest_year"] if "year" in c.columns else []),
    )


#: the largest gap between a checked bin's mean probability and its observed frequency
CALIBRATION_BOUND = 0.15


def calibration_sentence(table) -> str:
    """What the calibration table says: the checked bins off the bound, each with its largest year."""
    checked = table[table["checked"]]
    off = checked[~checked["within_bound"]]
    if off.empty:
        return (
            f"All {len(checked)} bins with 10 or more cases are within {CALIBRATION_BOUND} of their observed frequency."
        )
    parts = [
        f"{r.bin} (n={r.n}: mean {r.mean_p:.2f}, observed {r.observed:.2f}"
        + (f"; {r.years} years, the largest {r.largest_year}" if "largest_year" in table.columns else "")
        + ")"
        for r in off.itertuples()
    ]
    return (
        f"{len(checked) - len(off)} of {len(checked)} bins with 10 or more cases are within {CALIBRATION_BOUND} of "
        f"their observed frequency; off the bound: {'; '.join(parts)}. The cases of one year share its shock "
        "(2020 and 2022 missed almost everywhere, 2021 beaten almost everywhere), so a bin filled by a few years "
        "moves with them."
    )
