"""Scorecard: each target against its outcome — met, missed or no data.

"Met" follows :mod:`analysis.corpus.rules` (floor ``>=`` for 以上 / bare / 左右 on
higher-is-better indicators, ceiling ``<=`` for 以内 and ceiling indicators, 左右 band ±0.5 pp in
``in_band``). Outcomes are first releases (the number announced the following January); a
low-confidence outcome (vintage class ``low_confidence``) is scored but flagged in
``outcome_vintage``. A partial-year outcome (e.g. CPI for January-October) is not an outcome.
"""

from __future__ import annotations

import math

SCORECARD_COLUMNS = [
    "region",
    "year",
    "key",
    "indicator",
    "target",
    "qualifier",
    "unit",
    "outcome",
    "status",
    "in_band",
    "miss",
    "outcome_vintage",
    "outcome_source",
    "convention",
]


def scorecard(targets, outcomes, *, region: str, year: int):
    """Score the targets of one region and year.

    Parameters
    ----------
    targets : frame key, indicator, target (NaN when no number), qualifier, unit.
    outcomes : frame key, value (in the target's unit or convertible: 亿斤 -> 万吨), unit, and
        optionally vintage / vintage_class / source_title; one row per key is used (the first).
    region, year : labels for the output.

    Returns
    -------
    DataFrame with :data:`SCORECARD_COLUMNS`; ``status`` is ``met``, ``missed``, ``no data`` or
    ``no number`` (target without a number, e.g. 与经济增长基本同步).
    """
    import pandas as pd

    from analysis.corpus import rules

    o = outcomes.drop_duplicates("key").set_index("key") if len(outcomes) else pd.DataFrame()
    rows = []
    for t in targets.itertuples(index=False):
        target = float(t.target) if not pd.isna(t.target) else math.nan
        ceiling = rules.is_ceiling(t.key, t.qualifier)
        outcome, vintage, source = math.nan, "", ""
        if t.key in o.index:
            rec = o.loc[t.key]
            value = float(rec["value"])
            # a number-less target has no unit to compare with: its outcome is shown as published
            outcome = value if math.isnan(target) else rules.convert(value, rec.get("unit", t.unit), t.unit)
            vclass = str(rec.get("vintage_class", "") or "")
            vintage = str(rec.get("vintage", "") or "") + (f" [{vclass}]" if vclass else "")
            source = str(rec.get("source_title", "") or "")
        met = rules.is_met(outcome, target, ceiling)
        if math.isnan(target):
            status = "no number"
        elif math.isnan(met):
            status = "no data"
        else:
            status = "met" if met == 1.0 else "missed"
        rows.append(
            {
                "region": region,
                "year": year,
                "key": t.key,
                "indicator": t.indicator,
                "target": target,
                "qualifier": t.qualifier or "",
                "unit": t.unit,
                "outcome": outcome,
                "status": status,
                "in_band": rules.in_band(outcome, target, t.qualifier, t.unit),
                "miss": outcome - target if not (math.isnan(outcome) or math.isnan(target)) else math.nan,
                "outcome_vintage": vintage,
                "outcome_source": source,
                "convention": rules.CONVENTION,
            }
        )
    return pd.DataFrame(rows, columns=SCORECARD_COLUMNS)
