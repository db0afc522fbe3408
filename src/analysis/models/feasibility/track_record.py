"""Track record: work-report targets set against outcomes, hit rates and the distribution of misses.

Pure functions on frames (the loading lives in :mod:`analysis.models.feasibility.target_data`).

Inputs
------
targets : frame as from :func:`analysis.series.load_targets` — region, year, key, indicator,
    target_low, target_high, qualifier, unit (annual targets, % for growth rates).
outcomes : frame as from :func:`analysis.series.load_outcomes` — region, year, key, value, unit,
    vintage (first releases: the number announced in the following January/February).
index_outcomes : optional frame region, year, key, value, vintage_class[, source] — growth from an
    NBS database index (上年=100, minus 100: the GDP index for real growth, the CPI for inflation),
    used **only where no first release was found**, and marked ``outcome_basis = "nbs_index"``: it
    is a later vintage (GDP is revised; CPI is not, but it is still not the number announced at
    the time), so a first release and an index value are never silently mixed.

Conventions
-----------
Met / in_band follow :mod:`analysis.corpus.rules` (floor ``>=``, ceiling ``<=``, 左右 band
±0.5 pp). ``miss`` is outcome minus target (percentage points for rates); ``signed_miss`` is
positive when the outcome beat the target (so floors and ceilings pool).
Liaoning's data-revision years 2011-2017 (inflated 2011-2014 fiscal and output data, admitted in the
January 2017 work report, then "squeezed" in 2015-2017; SOURCES.md caveat 1) are flagged
``revision_period = True`` and summarised separately; the probability models leave them out of
Liaoning's own history by default.
"""

from __future__ import annotations

import math

from analysis.corpus import rules
from analysis.series.vintages import is_revision_year

PERIODS: tuple[tuple[int, int, str], ...] = (
    (1990, 2010, "2002-2010"),
    (2011, 2017, "2011-2017"),
    (2018, 2019, "2018-2019"),
    (2020, 2022, "2020-2022 (pandemic)"),
    (2023, 2100, "2023-2026"),
)

PAIR_COLUMNS = [
    "panel",
    "region",
    "year",
    "key",
    "indicator",
    "target",
    "target_low",
    "target_high",
    "qualifier",
    "unit",
    "ceiling",
    "outcome",
    "outcome_basis",
    "outcome_vintage",
    "miss",
    "signed_miss",
    "met",
    "in_band",
    "revision_period",
    "period",
]

_RANK_WORDS = (
    ("unverified", 3),
    ("low confidence", 3),
    ("预计", 2),
    ("estimate", 2),
    ("as reported", 1),
    ("secondary", 1),
)


def period_of(year: int) -> str:
    """Period label of ``year`` (decade blocks, Liaoning's 2011-2017 revision years, the pandemic)."""
    for lo, hi, label in PERIODS:
        if lo <= year <= hi:
            return label
    return "other"


def panel_of(region: str) -> str:
    """Which track record a region belongs to: ``liaoning``, ``national`` or ``provinces``."""
    if region == "liaoning":
        return "liaoning"
    if region == "china":
        return "national"
    return "provinces"


def _outcome_rank(vintage: str) -> int:
    text = str(vintage or "").lower()
    for word, rank in _RANK_WORDS:
        if word in text:
            return rank
    return 0


def _first_releases(outcomes):
    """One first-release row per (region, year, key): the best-ranked vintage, ties to the first row."""
    import pandas as pd

    o = outcomes.copy()
    o["value"] = pd.to_numeric(o["value"], errors="coerce").astype(float)
    o = o[o["value"].notna()].copy()
    o["year"] = o["year"].astype(int)
    vintage = o["vintage"].astype(str) if "vintage" in o.columns else pd.Series([""] * len(o), index=o.index)
    o["vintage"] = vintage.fillna("")
    o["_rank"] = [_outcome_rank(v) for v in o["vintage"]]
    o["_order"] = range(len(o))
    o = o.sort_values(["region", "year", "key", "_rank", "_order"]).drop_duplicates(
        subset=["region", "year", "key"], keep="first"
    )
    return o.assign(unit=o["unit"].astype(str) if "unit" in o.columns else "")


def index_fill(index_outcomes):
    """NBS-index growth (%, rounded to 0.1 like a published rate), one row per (region, year, key);
    ``vintage`` names the index (column ``source``, default the GDP index) and its vintage class."""
    ix = index_outcomes.copy()
    ix["year"] = ix["year"].astype(int)
    ix = ix.drop_duplicates(subset=["region", "year", "key"], keep="first")
    vclass = ix["vintage_class"].astype(str) if "vintage_class" in ix.columns else "nbs_index"
    source = ix["source"].astype(str) if "source" in ix.columns else "NBS GDP index (上年=100) - 100"
    return ix.assign(
        value=ix["value"].astype(float).round(1), unit="%", basis="nbs_index", vintage=source + ", " + vclass
    )


def outcome_table(outcomes, index_outcomes=None):
    """One outcome per (region, year, key), whether or not a target was set that year.

    A final first release is preferred over "as reported", secondary, estimate (预计) and
    unverified rows, in that order (ties keep the first row); the NBS index (rounded to 0.1) fills
    only where no first release exists, marked ``basis = "nbs_index"``. Columns region, year, key,
    value, unit, basis, vintage. Used for last year's outcome in the ambition of a target, the
    trend method and (merged onto the targets) the track-record pairs.
    """
    import pandas as pd

    cols = ["region", "year", "key", "value", "unit", "basis", "vintage"]
    o = _first_releases(outcomes)
    out = o.assign(basis="first_release")[cols]
    if index_outcomes is not None and len(index_outcomes):
        ix = index_fill(index_outcomes)
        have = set(zip(out["region"], out["year"], out["key"]))
        extra = ix[[t not in have for t in zip(ix["region"], ix["year"], ix["key"])]]
        out = pd.concat([out, extra[cols]], ignore_index=True)
    return out.sort_values(["region", "key", "year"], kind="stable").reset_index(drop=True)


def pair_targets_outcomes(targets, outcomes, index_outcomes=None):
    """One row per (region, year, key) target with a number, with its outcome and whether it was met.

    Parameters
    ----------
    targets : DataFrame (see module docstring). Number-less targets (target_low NaN) are dropped.
    outcomes : DataFrame of first-release outcomes; one per (region, year, key) is chosen as in
        :func:`outcome_table`.
    index_outcomes : optional DataFrame region, year, key, value[, vintage_class] of NBS-index
        real growth (%), used only where ``outcomes`` has nothing.

    Returns
    -------
    DataFrame with :data:`PAIR_COLUMNS`, sorted by panel, region, key, year: the targets merged onto
    :func:`outcome_table`. ``outcome`` is NaN (and ``met`` NaN) where no outcome exists; units are
    converted where a known factor exists (亿斤 -> 万吨), else the outcome is NaN.
    """
    import pandas as pd

    t = targets.copy()
    t = t[pd.to_numeric(t["target_low"], errors="coerce").notna()].copy()
    t["target_low"] = pd.to_numeric(t["target_low"], errors="coerce").astype(float)
    t["target_high"] = pd.to_numeric(t.get("target_high"), errors="coerce").astype(float)
    t["year"] = t["year"].astype(int)
    t["qualifier"] = t["qualifier"].fillna("").astype(str)
    t = t.drop_duplicates(subset=["region", "year", "key"], keep="first")
    o = outcome_table(outcomes, index_outcomes).rename(
        columns={"value": "o_value", "unit": "o_unit", "vintage": "o_vintage", "basis": "outcome_basis"}
    )
    merged = t.merge(o, on=["region", "year", "key"], how="left")

    rows = []
    for r in merged.itertuples(index=False):
        ceiling = rules.is_ceiling(r.key, r.qualifier)
        target = rules.threshold(r.target_low, r.target_high, ceiling)
        outcome = r.o_value
        known = not rules.is_missing(outcome, "outcome")
        if known:
            outcome = rules.convert(float(outcome), r.o_unit, r.unit)
            known = not math.isnan(outcome)
        rows.append(
            {
                "panel": panel_of(r.region),
                "region": r.region,
                "year": int(r.year),
                "key": r.key,
                "indicator": getattr(r, "indicator", r.key),
                "target": target,
                "target_low": r.target_low,
                "target_high": r.target_high,
                "qualifier": r.qualifier,
                "unit": r.unit,
                "ceiling": ceiling,
                "outcome": outcome if known else math.nan,
                "outcome_basis": r.outcome_basis if known else "",
                "outcome_vintage": str(r.o_vintage or "") if known else "",
                "miss": outcome - target if known else math.nan,
                "signed_miss": rules.signed_miss(outcome, target, ceiling),
                "met": rules.is_met(outcome, target, ceiling),
                "in_band": rules.in_band(outcome, target, r.qualifier, r.unit),
                "revision_period": is_revision_year(r.region, r.year),
                "period": period_of(int(r.year)),
            }
        )
    out = pd.DataFrame(rows, columns=PAIR_COLUMNS)
    out["met"] = out["met"].astype(float)
    return out.sort_values(["panel", "region", "key", "year"], kind="stable").reset_index(drop=True)


MISS_GRAIN = ("key", "unit")  # misses are averaged only within one indicator and one unit


def track_record_summary(pairs, by=("panel", "key", "unit", "period")):
    """Hit rates and the distribution of misses by group, plus an "all" period per panel and key.

    Parameters
    ----------
    pairs : frame from :func:`pair_targets_outcomes`; rows without an outcome are ignored.
    by : grouping columns (e.g. ``("panel", "year")`` for a per-year view). ``key`` and ``unit``
        are always added when missing (:data:`MISS_GRAIN`): a grain miss in 万吨 and a GDP miss in
        percentage points never share a mean. With ``period`` in ``by``, a row with period
        ``"all"`` and one with period ``"all excl. Liaoning 2011-2017"`` are added per group.

    Returns
    -------
    DataFrame: the ``by`` columns, n, n_met, hit_rate, n_in_band, band_rate (左右 targets only),
    mean_miss, median_miss, sd_miss, q10_miss, q90_miss, worst_miss, best_miss (pp for rates;
    ``miss`` = outcome - target), n_first_release, n_nbs_index, n_revision_period.
    """
    import pandas as pd

    p = pairs[pairs["outcome"].notna()].copy()
    p["unit"] = p["unit"].fillna("").astype(str)
    by = list(by)
    if "key" not in by:  # MISS_GRAIN: within one indicator ...
        by.insert(1 if by[:1] == ["panel"] else 0, "key")
    if "unit" not in by:  # ... and one unit
        by.insert(by.index("key") + 1, "unit")
    frames = [p]
    if "period" in by:
        allp = p.copy()
        allp["period"] = "all"
        excl = p[~p["revision_period"].astype(bool)].copy()
        excl["period"] = "all excl. Liaoning 2011-2017"
        frames += [allp, excl]
    data = pd.concat(frames, ignore_index=True)

    def summarise(g):
        m = g["miss"].astype(float)
        band = g["in_band"].dropna()
        return pd.Series(
            {
                "n": int(len(g)),
                "n_met": int(g["met"].sum()),
                "hit_rate": float(g["met"].mean()),
                "n_in_band": int(band.sum()) if len(band) else 0,
                "band_rate": float(band.mean()) if len(band) else math.nan,
                "mean_miss": float(m.mean()),
                "median_miss": float(m.median()),
                "sd_miss": float(m.std(ddof=1)) if len(m) > 1 else math.nan,
                "q10_miss": float(m.quantile(0.1)),
                "q90_miss": float(m.quantile(0.9)),
                "worst_miss": float(g["signed_miss"].min()),
                "best_miss": float(g["signed_miss"].max()),
                "n_first_release": int((g["outcome_basis"] == "first_release").sum()),
                "n_nbs_index": int((g["outcome_basis"] == "nbs_index").sum()),
                "n_revision_period": int(g["revision_period"].astype(bool).sum()),
            }
        )

    rows = []
    for keys, g in data.groupby(by, sort=True):
        keys = keys if isinstance(keys, tuple) else (keys,)
        rows.append({**dict(zip(by, keys)), **summarise(g).to_dict()})
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    for c in ("n", "n_met", "n_in_band", "n_first_release", "n_nbs_index", "n_revision_period"):
        out[c] = out[c].astype(int)
    if "period" in by:
        order = {label: i for i, (_, _, label) in enumerate(PERIODS)}
        order.update({"all": 98, "all excl. Liaoning 2011-2017": 99})
        out["_o"] = out["period"].map(order).fillna(97)
        out = out.sort_values([c for c in by if c != "period"] + ["_o"], kind="stable").drop(columns="_o")
    return out.reset_index(drop=True)


def yearly_summary(pairs, by=("panel",)):
    """Hit rate and misses per year, within each indicator and unit (and ``by``): the per-year view.

    Same columns as :func:`track_record_summary` with ``year`` instead of ``period``; ``key`` and
    ``unit`` are always among the groups.
    """
    return track_record_summary(pairs, by=tuple(by) + ("year",))


def own_record_sentences(pairs, region: str, *, key: str = "gdp_real_growth", name: str | None = None) -> str:
    """Markdown sentences on one region's own record, generated from the pairs (no number typed in).

    One clause per year of ``key`` with an outcome (met / missed, outcome against target and
    qualifier, revision year, inside the 左右 band), then how many years with outcomes the region's
    other indicators have.

    Parameters
    ----------
    pairs : frame of :func:`pair_targets_outcomes`.
    region : region key; ``name`` its display name (default: the key).
    key : the indicator described year by year.
    """
    name = name or region
    own = pairs[(pairs["region"] == region) & pairs["outcome"].notna()]
    rows = own[own["key"] == key].sort_values("year", kind="stable")
    if rows.empty:
        return f"{name} has no `{key}` target with a known outcome in the data."
    clauses = []
    for r in rows.itertuples(index=False):
        pct = str(r.unit) == "%"
        outcome = f"{float(r.outcome):.1f}%" if pct else f"{round(float(r.outcome), 2):g} {r.unit}"
        target = (
            f"{round(float(r.target), 2):g}%{r.qualifier}"
            if pct
            else f"{round(float(r.target), 2):g}{r.qualifier} {r.unit}"
        )
        bits = ["met" if r.met == 1 else "missed", f"{outcome} against {target}"]
        if r.revision_period:
            bits.append("a revision year")
        if r.in_band == 1 and r.met != 1:
            bits.append(f"inside the ±{rules.BAND_PP:g} pp band")
        clauses.append(f"{int(r.year)} ({', '.join(bits)})")
    text = f"{name}'s `{key}` targets with outcomes: " + "; ".join(clauses) + "."
    others = own[own["key"] != key].groupby("key")["year"].nunique()
    if len(others):
        lo, hi = int(others.min()), int(others.max())
        span = f"{lo}" if lo == hi else f"{lo} to {hi}"
        text += (
            f" Its {len(others)} other indicators have {span} years with outcomes each, so probabilities for "
            "them lean on pooled histories."
        )
    return text
