"""The corpus against other sources of the same numbers, both values kept, neither overwriting the other.

Three comparisons, each a table of the corpus build:

- :func:`reconcile`: the targets and first-stated outcomes against the hand-compiled tables of
  ``data/raw/public`` (``reconciliation.csv``);
- :func:`revision_gaps`: the provinces' first-stated GDP growth (the next report's review) against
  the NBS provincial database's growth of the same year (``gdp_index`` - 100), one row per
  province, year and NBS vintage class (``nbs_post4``, ``nbs_post5``: the database after the 4th or
  5th economic census; never mixed in one row) -- how much later revisions moved the first word;
  :func:`revision_summary` gives the distribution of the gap by year and vintage class;
- :func:`communique_check`: the nation's outcomes as the next national work report states them
  against the NBS statistical communiqué of the same year.
"""

from __future__ import annotations

import math

import pandas as pd

from analysis.corpus.panel import bound_of
from analysis.errors import InputError
from analysis.series.load import load_series

RECONCILIATION_COLUMNS = [
    "table",
    "region",
    "year",
    "key",
    "corpus_value",
    "corpus_high",
    "corpus_bound",
    "corpus_report",
    "corpus_line",
    "public_value",
    "public_high",
    "public_qualifier",
    "public_file",
    "public_source",
    "agree",
]
REVISION_COLUMNS = ["region", "year", "first_stated", "report", "nbs_growth", "vintage_class", "gap"]
COMMUNIQUE_COLUMNS = ["year", "key", "report_value", "report", "communique_value", "communique", "difference", "agree"]


def _close(a: float, b: float, tolerance: float) -> bool:
    return (a != a and b != b) or (a == a and b == b and abs(a - b) <= tolerance)


def reconcile(
    panel_targets: pd.DataFrame,
    panel_outcomes: pd.DataFrame,
    public_targets: pd.DataFrame,
    public_outcomes: pd.DataFrame,
) -> pd.DataFrame:
    """Corpus against hand-compiled tables, one row per (table, region, year, key) found in both.

    ``agree`` for targets: values within 0.05 and, where the public row states a qualifier, the same
    range end and bound; for outcomes: within the rounding of the number as the report writes it
    (6.66万亿元 agrees with 66632.79 亿元).
    """
    on = ["region", "year", "key"]
    head = panel_targets[panel_targets["headline"].astype(bool)]
    pub_t = public_targets.drop_duplicates(on)
    t = head.merge(
        pub_t[[*on, "target_low", "target_high", "qualifier", "has_number", "file", "source_title"]].rename(
            columns={"qualifier": "public_qualifier", "has_number": "public_has_number"}
        ),
        on=on,
    )
    rows = []
    for r in t.itertuples(index=False):
        low, high = float(r.target_low), float(r.target_high)
        high = math.nan if high == low else high
        public_bound = bound_of(r.public_qualifier or "", bool(r.public_has_number)) if r.public_qualifier else ""
        agree = (
            _close(r.value, low, 0.05)
            and _close(r.value_high, high, 0.05)
            and (not public_bound or public_bound == "exact" or public_bound == r.bound)
        )
        rows.append(
            {
                "table": "targets",
                "region": r.region,
                "year": r.year,
                "key": r.key,
                "corpus_value": r.value,
                "corpus_high": r.value_high,
                "corpus_bound": r.bound,
                "corpus_report": r.report,
                "corpus_line": r.line,
                "public_value": low,
                "public_high": high,
                "public_qualifier": r.public_qualifier,
                "public_file": r.file,
                "public_source": r.source_title,
                "agree": bool(agree),
            }
        )
    pub_o = public_outcomes.drop_duplicates(on)
    o = panel_outcomes.merge(
        pub_o[[*on, "value", "file", "source_title"]].rename(columns={"value": "public_value"}), on=on
    )
    for r in o.itertuples(index=False):
        value = float(r.public_value)
        corpus = -r.value if r.decline and value < 0 else r.value
        rows.append(
            {
                "table": "outcomes",
                "region": r.region,
                "year": r.year,
                "key": r.key,
                "corpus_value": r.value,
                "corpus_high": math.nan,
                "corpus_bound": "",
                "corpus_report": r.report,
                "corpus_line": r.line,
                "public_value": value,
                "public_high": math.nan,
                "public_qualifier": "",
                "public_file": r.file,
                "public_source": r.source_title,
                "agree": _close(corpus, value, r.tolerance + 1e-9),
            }
        )
    frame = pd.DataFrame(rows, columns=RECONCILIATION_COLUMNS)
    return frame.sort_values(["table", "region", "year", "key"], kind="mergesort").reset_index(drop=True)


def nbs_growth(regions) -> pd.DataFrame:
    """Real GDP growth (%) of each region and year from the NBS provincial database (``gdp_index`` of
    ``data/raw/public``, 上年=100, less 100): region, year, nbs_growth, vintage_class (one row per
    vintage class present)."""
    frames = []
    for region in sorted(set(regions)):
        try:
            s = load_series("gdp_index", region, vintage="all")
        except (InputError, KeyError):  # a region the database does not cover
            continue
        s = s[s["vintage_class"].astype(str).str.startswith("nbs")]
        frames.append(
            pd.DataFrame(
                {
                    "region": region,
                    "year": s["year"].astype(int),
                    "nbs_growth": (s["value"].astype(float) - 100.0).round(6),
                    "vintage_class": s["vintage_class"].astype(str),
                }
            )
        )
    if not frames:
        return pd.DataFrame(columns=["region", "year", "nbs_growth", "vintage_class"])
    return pd.concat(frames, ignore_index=True).drop_duplicates(["region", "year", "vintage_class"])


def revision_gaps(panel_outcomes: pd.DataFrame, nbs: pd.DataFrame) -> pd.DataFrame:
    """Each province's first-stated GDP growth against the NBS database's growth of the same year:
    ``gap`` = NBS minus first stated (percentage points), one row per province, year and vintage class."""
    first = panel_outcomes[(panel_outcomes["key"] == "gdp_real_growth") & (panel_outcomes["level"] == "province")]
    first = first[~first["decline"].astype(bool)]
    merged = first.rename(columns={"value": "first_stated"})[["region", "year", "first_stated", "report"]].merge(
        nbs, on=["region", "year"], how="inner"
    )
    merged["gap"] = (merged["nbs_growth"] - merged["first_stated"]).round(6)
    return (
        merged[REVISION_COLUMNS]
        .sort_values(["year", "region", "vintage_class"], kind="mergesort")
        .reset_index(drop=True)
    )


def revision_summary(gaps: pd.DataFrame) -> pd.DataFrame:
    """The distribution of the revision gap by year and vintage class: n, mean, median, p10, p90,
    min, max (percentage points), and the share of provinces revised down by more than 0.5 pp."""
    if gaps.empty:
        return pd.DataFrame(
            columns=[
                "year",
                "vintage_class",
                "n",
                "mean",
                "median",
                "p10",
                "p90",
                "min",
                "max",
                "share_cut_over_half_pp",
            ]
        )
    grouped = gaps.groupby(["year", "vintage_class"])["gap"]
    out = grouped.agg(n="count", mean="mean", median="median", min="min", max="max")
    out["p10"] = grouped.quantile(0.1)
    out["p90"] = grouped.quantile(0.9)
    out["share_cut_over_half_pp"] = grouped.apply(lambda g: float((g < -0.5).mean()))
    out = out.reset_index()[
        ["year", "vintage_class", "n", "mean", "median", "p10", "p90", "min", "max", "share_cut_over_half_pp"]
    ]
    return out.round(4)


def communique_check(panel_outcomes: pd.DataFrame, communique: pd.DataFrame) -> pd.DataFrame:
    """The nation's outcome of each year and key as the next work report states it, against the
    communiqué: agree when the two are within the rounding of the report's number."""
    report = panel_outcomes[panel_outcomes["region"] == "china"]
    merged = report.merge(communique, on=["year", "key"], suffixes=("_r", "_c"))
    if merged.empty:
        return pd.DataFrame(columns=COMMUNIQUE_COLUMNS)
    difference = (merged["value_c"] - merged["value_r"]).round(6)
    tolerance = merged[["tolerance_r", "tolerance_c"]].max(axis=1) + 1e-9
    out = pd.DataFrame(
        {
            "year": merged["year"],
            "key": merged["key"],
            "report_value": merged["value_r"],
            "report": merged["report_r"],
            "communique_value": merged["value_c"],
            "communique": merged["report_c"],
            "difference": difference,
            "agree": difference.abs() <= tolerance,
        }
    )
    return out.sort_values(["year", "key"], kind="mergesort").reset_index(drop=True)
