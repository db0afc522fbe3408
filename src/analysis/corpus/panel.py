"""The panel of the corpus: targets from each report's plan, outcomes from the next report's review.

Read as a series, the reports are the record of what governments aimed at and what they first said
they achieved. From the readings of :mod:`analysis.corpus.read` (one per text, its year read from
the text), for every region (nation, province, city):

- ``targets``: the year's targets, one row per region, year and key. ``headline`` True for the
  main-expected-targets passage (主要预期目标); False for a *secondary* target, a target of the same
  year set elsewhere in the plan (Guangdong 2026: 社会消费品零售总额增长5%左右 in a task section),
  with ``place`` naming the heading of the part it stands in. Columns region, level, year, key,
  value, value_high, unit, qualifier, bound, decline, has_number, headline, place, written, report,
  line, text. Values are in the suite's canonical units (grain in 万吨, money in 亿元).
- ``outcomes_stated``: the whole-year result for year Y-1 as the report of year Y states it (first
  stated, before the statistical communiqué), one row per key; spans (五年来年均...) and parts of a
  year (前三季度) are left out.
- ``outcomes_communique``: the nation's outcomes as the NBS communiqué of the year first published
  them (a second source beside the next national report).
- ``goals``: the multi-year goals (年均增长..., 到2030年...) with their span of years.
- ``scorecard``: each numeric target against the outcome the next report states (:func:`scorecard`);
  where the next report gives no figure but admits the miss in words (地区生产总值、投资、进出口等预期性
  指标未达到年初目标, :func:`analysis.report.worded.misses_in_words`), a row missed ``in words``
  without an outcome (column ``basis``).
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

from analysis.corpus import rules
from analysis.corpus.display import fall_word, format_target
from analysis.report.columns import COLUMNS
from analysis.report.numbers import SUFFIX_QUALIFIERS
from analysis.vocabulary import BY_KEY, HEADLINE_KEYS

#: targets of the national plan outside the 主要预期目标 passage that the panel keeps
NATIONAL_PLAN_KEYS: tuple[str, ...] = ("deficit_ratio", "fiscal_deficit", "m2_growth", "special_bonds")
#: keys a target or outcome of the panel may have: the headline keys and the other indicators a
#: report's targets passage sets
PANEL_KEYS: tuple[str, ...] = (
    HEADLINE_KEYS
    + (
        "va_primary_real_growth",
        "va_secondary_real_growth",
        "va_tertiary_real_growth",
        "income_urban_growth",
        "income_rural_growth",
        "exports_growth",
        "urban_registered_unemployment",
        "co2_intensity",
        "urbanization_rate",
        "rd_intensity",
        "rd_spending_growth",
        "gdp_nominal",
        "budget_revenue",
        "fai",
        "retail_sales",
        "trade_total",
    )
    + NATIONAL_PLAN_KEYS
)

TARGET_COLUMNS = [
    "region",
    "level",
    "year",
    "key",
    "value",
    "value_high",
    "unit",
    "qualifier",
    "bound",
    "decline",
    "has_number",
    "headline",
    "place",
    "written",
    "report",
    "line",
    "text",
]
OUTCOME_COLUMNS = [
    "region",
    "level",
    "year",
    "key",
    "value",
    "unit",
    "decline",
    "written",
    "tolerance",
    "report",
    "line",
    "text",
    "like_for_like",
    "like_for_like_written",
]
GOAL_COLUMNS = [
    "region",
    "level",
    "year_start",
    "year",
    "key",
    "value",
    "value_high",
    "unit",
    "qualifier",
    "report",
    "line",
    "text",
]
SCORECARD_COLUMNS = [
    "region",
    "level",
    "year",
    "key",
    "target",
    "target_value",
    "target_high",
    "bound",
    "ceiling",
    "outcome",
    "gap",
    "met",
    "within_half_pp",
    "verdict",
    "target_report",
    "target_line",
    "outcome_report",
    "outcome_line",
    "basis",
]
#: ``basis`` of a scorecard row: the outcome the next report states in figures, or a miss it admits in words
STATED, IN_WORDS = "stated", "in words"
#: keys whose decline is the measure itself (单位GDP能耗下降3%: the outcome is the decline, 3)
DECLINE_MEASURES: tuple[str, ...] = ("energy_intensity", "co2_intensity")
#: the bound a qualifier states, in the order tried
_BOUNDS = (
    ("区间", "range"),
    ("以上", "at_least"),
    ("不低于", "at_least"),
    ("高于", "at_least"),
    ("以内", "at_most"),
    ("以下", "at_most"),
    ("不超过", "at_most"),
    ("低于", "at_most"),
    ("左右", "about"),
    ("上下", "about"),
)


def bound_of(qualifier: str, has_number: bool = True) -> str:
    """``about`` | ``at_least`` | ``at_most`` | ``range`` | ``exact`` (a number without a bound word) |
    ``words`` (a target without a number) for an extracted qualifier (``左右``, ``下降、左右``...)."""
    if not has_number:
        return "words"
    for word, bound in _BOUNDS:
        if word in (qualifier or ""):
            return bound
    return "exact"


def rows_of(readings) -> pd.DataFrame:
    """The extraction rows of every reading, with the report's file, region, level and year."""
    parts = [r for r in readings if r.columns and len(r.columns["key"])]
    names = [*COLUMNS, "report", "region", "level", "report_year"]
    if not parts:
        return pd.DataFrame(columns=names)
    data = {c: np.concatenate([r.columns[c] for r in parts]) for c in COLUMNS}
    sizes = [len(r.columns["key"]) for r in parts]
    data["report"] = np.repeat([r.report.name for r in parts], sizes)
    data["region"] = np.repeat([r.report.region for r in parts], sizes)
    data["level"] = np.repeat([r.report.level for r in parts], sizes)
    data["report_year"] = np.repeat([r.year for r in parts], sizes)
    frame = pd.DataFrame(data, columns=names)
    for name in ("value", "value_high", "value_canonical", "value_high_canonical", "year", "year_start"):
        frame[name] = frame[name].astype("float64")
    for name in ("is_growth", "is_headline", "has_number"):
        frame[name] = frame[name].astype(bool)
    frame["line"] = frame["line"].astype("int64")
    return frame


def _canonical(rows: pd.DataFrame, column: str) -> pd.Series:
    """The value in the canonical unit (``value_canonical``), else as written; NaN when absent."""
    canonical = rows[f"{column}_canonical"].astype(float)
    return canonical.where(canonical.notna(), rows[column].astype(float))


def _fall_word(written: str, text: str) -> str:
    """``written`` with the text's own word for a fall (:func:`analysis.corpus.display.fall_word`)."""
    return fall_word(text) + written[2:] if written.startswith("下降") else written


def _unit(rows: pd.DataFrame) -> pd.Series:
    return rows["unit_canonical"].where(rows["unit_canonical"] != "", rows["unit"])


def _written(rows: pd.DataFrame) -> list[str]:
    """Each target as written, with the report's own word for a fall (降低3%左右, not 下降)."""
    return [
        _fall_word(format_target(v, h, u, q, bool(n)), str(t))
        for v, h, u, q, n, t in zip(
            rows["value"], rows["value_high"], rows["unit"], rows["qualifier"], rows["has_number"], rows["text"]
        )
    ]


def targets(rows: pd.DataFrame) -> pd.DataFrame:
    """The ``targets`` table (see the module docstring) from :func:`rows_of`."""
    plan = rows[(rows["kind"] == "target") & rows["key"].isin(PANEL_KEYS)]
    # a key set both in words and with a number (物价总水平基本稳定，居民消费价格总水平涨幅在3%以内): the number
    headline = plan[plan["is_headline"]].sort_values("has_number", ascending=False, kind="stable")
    headline = headline.drop_duplicates(["report", "key"], keep="first").sort_index()
    have = set(zip(headline["report"], headline["key"]))
    other = plan[~plan["is_headline"] & plan["has_number"] & (plan["year"] == plan["report_year"])]
    other = other[[(r, k) not in have for r, k in zip(other["report"], other["key"])]]
    other = other.drop_duplicates(["report", "key"], keep="first")
    chosen = pd.concat([headline, other])
    if chosen.empty:
        return pd.DataFrame(columns=TARGET_COLUMNS)
    decline = chosen["qualifier"].str.split("、").apply(lambda w: "下降" in w)
    out = pd.DataFrame(
        {
            "region": chosen["region"],
            "level": chosen["level"],
            "year": chosen["year"].fillna(chosen["report_year"]).astype(int),
            "key": chosen["key"],
            "value": _canonical(chosen, "value"),
            "value_high": _canonical(chosen, "value_high"),
            "unit": _unit(chosen),
            "qualifier": chosen["qualifier"],
            "bound": [bound_of(q, bool(n)) for q, n in zip(chosen["qualifier"], chosen["has_number"])],
            "decline": decline,
            "has_number": chosen["has_number"].astype(bool),
            "headline": chosen["is_headline"].astype(bool),
            "place": np.where(
                chosen["is_headline"], "main expected targets", chosen["section"].where(chosen["section"] != "", "plan")
            ),
            "written": _written(chosen),
            "report": chosen["report"],
            "line": chosen["line"].astype(int),
            "text": chosen["text"],
        }
    )
    return _sorted(out, ["region", "year", "key", "headline"])


def _rounding(rows: pd.DataFrame) -> pd.Series:
    """Half a unit of the last digit written, in the canonical unit (6.66万亿元 -> 50 亿元; 5.3% -> 0.05)."""
    out = []
    for value, canonical in zip(rows["value"], rows["value_canonical"]):
        text = f"{value:.10g}"
        decimals = len(text.split(".")[1]) if "." in text else 0
        factor = canonical / value if value and canonical == canonical else 1.0
        out.append(max(0.05, 0.5 * 10**-decimals * factor))
    return pd.Series(out, index=rows.index, dtype=float)


#: income keys: a statement of real growth (扣除价格因素实际增长8.4%) is preferred to the nominal one beside it
_REAL_FIRST = ("income_per_capita_growth", "income_urban_growth", "income_rural_growth")


def _whole_year(rows: pd.DataFrame, year: pd.Series) -> pd.DataFrame:
    """Whole-year results of ``year``, in reading order except that, for the income keys, a real growth
    rate (实际增长) comes before the nominal one of the same report."""
    chosen = rows[
        (rows["kind"] == "result")
        & rows["key"].isin(PANEL_KEYS)
        & (rows["year"] == year)
        & rows["year_start"].isna()
        & (rows["period"] == "")
    ]
    real = chosen["key"].isin(_REAL_FIRST) & chosen["text"].str.contains("实际", regex=False)
    return chosen.assign(_real=~real).sort_values(["report", "_real"], kind="stable").drop(columns="_real")


#: qualifiers that make a stated level a bound, not the level (跃上2万亿元新台阶 before 实现2.22万亿元)
BOUND_WORDS = frozenset(
    ("突破", "超过", "超", "跃上", "首次跃上", "迈上", "跨过", "跨越", "过", "近", "约", "逾", "至少", "不低于", "高于")
)


def _first_exact(whole_year: pd.DataFrame) -> pd.DataFrame:
    """One row per report and key: the first stated without a bound word, else the first stated."""
    bounded = whole_year["qualifier"].str.split("、").apply(lambda words: bool(BOUND_WORDS.intersection(words)))
    order = whole_year.assign(_bounded=bounded).sort_values("_bounded", kind="stable")
    return order.drop_duplicates(["report", "key"], keep="first").drop(columns="_bounded").sort_index()


def outcomes_stated(rows: pd.DataFrame) -> pd.DataFrame:
    """The ``outcomes_stated`` table: each report's whole-year results for the year before it, the
    first stated as an exact figure where the report gives one (else the first bound)."""
    whole = _whole_year(rows, rows["report_year"] - 1)
    chosen = _first_exact(whole)
    return _outcomes(chosen, chosen["report_year"] - 1, _like_for_like(whole, chosen))


#: a growth restated on a comparable basis (增长1.7%（同口径增长2.5%以上）)
_LIKE_FOR_LIKE = re.compile(r"同口径|可比口径")


def _like_for_like(whole: pd.DataFrame, chosen: pd.DataFrame) -> pd.DataFrame:
    """For each chosen outcome (index of ``chosen``), the same report's figure for the same key stated
    on a comparable basis (同口径, 可比口径) when it is another row: value (canonical) and as written
    with its bound."""
    alt = whole[whole["text"].str.contains(_LIKE_FOR_LIKE) & ~whole.index.isin(chosen.index)]
    alt = alt.drop_duplicates(["report", "key"], keep="first")
    written = [
        f"{v:.10g}{u}{''.join(w for w in str(q).split('、') if w in SUFFIX_QUALIFIERS)}"
        for v, u, q in zip(alt["value"], alt["unit"], alt["qualifier"])
    ]
    alt = pd.DataFrame(
        {
            "report": alt["report"],
            "key": alt["key"],
            "like_for_like": _canonical(alt, "value"),
            "like_for_like_written": written,
        }
    )
    merged = chosen[["report", "key"]].reset_index().merge(alt, on=["report", "key"], how="left").set_index("index")
    return merged[["like_for_like", "like_for_like_written"]]


def outcomes_communique(rows: pd.DataFrame) -> pd.DataFrame:
    """The nation's whole-year outcomes as each communiqué first published them (``rows_of`` of the
    communiqué readings, whose ``report_year`` is the year reviewed)."""
    chosen = _whole_year(rows, rows["report_year"]).drop_duplicates(["report", "key"], keep="first")
    return _outcomes(chosen, chosen["report_year"])


def _outcomes(chosen: pd.DataFrame, year: pd.Series, like_for_like: pd.DataFrame | None = None) -> pd.DataFrame:
    if chosen.empty:
        return pd.DataFrame(columns=OUTCOME_COLUMNS)
    if like_for_like is None:
        like_for_like = pd.DataFrame({"like_for_like": math.nan, "like_for_like_written": ""}, index=chosen.index)
    out = pd.DataFrame(
        {
            "region": chosen["region"],
            "level": chosen["level"],
            "year": year.astype(int),
            "key": chosen["key"],
            "value": _canonical(chosen, "value"),
            "unit": _unit(chosen),
            "decline": chosen["qualifier"].str.split("、").apply(lambda w: "下降" in w),
            "written": [f"{v:.10g}{u}" for v, u in zip(chosen["value"], chosen["unit"])],
            "tolerance": _rounding(chosen),
            "report": chosen["report"],
            "line": chosen["line"].astype(int),
            "text": chosen["text"],
            "like_for_like": like_for_like["like_for_like"].reindex(chosen.index),
            "like_for_like_written": [
                w if isinstance(w, str) else "" for w in like_for_like["like_for_like_written"].reindex(chosen.index)
            ],
        }
    )
    return _sorted(out, ["region", "year", "key"])


def goals(rows: pd.DataFrame) -> pd.DataFrame:
    """The ``goals`` table: multi-year goals with their span of years."""
    chosen = rows[(rows["kind"] == "goal") & (rows["key"] != "")]
    if chosen.empty:
        return pd.DataFrame(columns=GOAL_COLUMNS)
    out = pd.DataFrame(
        {
            "region": chosen["region"],
            "level": chosen["level"],
            "year_start": chosen["year_start"].astype("Int64"),
            "year": chosen["year"].astype("Int64"),
            "key": chosen["key"],
            "value": _canonical(chosen, "value"),
            "value_high": _canonical(chosen, "value_high"),
            "unit": _unit(chosen),
            "qualifier": chosen["qualifier"],
            "report": chosen["report"],
            "line": chosen["line"].astype(int),
            "text": chosen["text"],
        }
    )
    return _sorted(out, ["region", "year", "key", "line"])


def signed_outcome(value: float, decline: bool, key: str) -> float:
    """An outcome as a signed number: a decline of a rate is negative (下降2% -> -2), except for the
    intensities whose measure is the decline itself (能耗下降3% -> 3)."""
    return -value if decline and key not in DECLINE_MEASURES else value


def verdict(key: str, qualifier: str, unit: str, low: float, high: float, outcome: float) -> dict:
    """Both verdicts of one outcome against its target.

    ``met``: as written (a floor is met when the outcome reaches the lower end; a ceiling -- 以内,
    or a ceiling indicator such as CPI and unemployment -- when the outcome stays within the upper
    end). ``within_half_pp``: for a target in % with a bound of about (左右) or none, whether the
    outcome lies within ±0.5 percentage points of it (NaN for levels and other bounds). ``verdict``:
    ``met``, ``met, within ±0.5 pp``, ``missed, within ±0.5 pp``, ``missed``, or for a 左右 target on
    a ceiling indicator that the outcome undershoots by more than half a point (CPI 0.0% against
    2%左右) ``below the ceiling, X pp under the target``: a level to reach as much as a ceiling.
    ``gap``: outcome minus target (lower end; upper end for a ceiling), in the target's unit.
    """
    rule = rules.rule_qualifier(qualifier)
    ceiling = rules.is_ceiling(key, rule)
    mark = rules.threshold(low, high, ceiling)
    met = rules.is_met(outcome, mark, ceiling)
    band = math.nan
    if rules.in_percent(unit) and rule in ("左右", "") and not (high == high and high != low):
        band = float(abs(outcome - low) <= rules.BAND_PP + rules.TOLERANCE)
    gap = outcome - mark
    if met != met:
        text = ""
    elif ceiling and rule == "左右" and band == 0.0 and met == 1.0:
        text = f"below the ceiling, {abs(gap):.1f} pp under the target"
    elif band == band:
        text = ("met" if met else "missed") + (", within ±0.5 pp" if band else "")
    else:
        text = "met" if met else "missed"
    return {"ceiling": ceiling, "met": met, "within_half_pp": band, "verdict": text, "gap": gap}


def missed_in_words(rows: pd.DataFrame) -> pd.DataFrame:
    """The misses of last year's targets each report admits in words (rows of kind ``missed`` of the
    year before the report): region, level, year, key, qualifier, report, line, text; one per report
    and key."""
    chosen = rows[(rows["kind"] == "missed") & rows["key"].isin(PANEL_KEYS) & (rows["year"] == rows["report_year"] - 1)]
    chosen = chosen.drop_duplicates(["report", "key"], keep="first")
    out = chosen[["region", "level", "year", "key", "qualifier", "report", "line", "text"]].copy()
    out["year"] = out["year"].astype(int)
    return out


def scorecard(
    panel_targets: pd.DataFrame, panel_outcomes: pd.DataFrame, missed: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Each numeric target against the outcome the next report states (same region, year and key),
    with both verdicts (:func:`verdict`) and both texts named. Targets and outcomes in different units
    are compared after conversion (亿斤 and 万吨); a pair that cannot be converted is left out.
    A target without a stated figure that the next report says in words it missed (``missed``,
    :func:`missed_in_words`) is a row met False, ``basis`` ``in words``, without outcome or gap."""
    t = panel_targets[panel_targets["has_number"].astype(bool)]
    o = panel_outcomes.rename(
        columns={
            "value": "outcome",
            "unit": "outcome_unit",
            "report": "outcome_report",
            "line": "outcome_line",
            "written": "outcome_written",
        }
    )
    merged = t.merge(
        o[
            [
                "region",
                "year",
                "key",
                "outcome",
                "outcome_unit",
                "decline",
                "outcome_report",
                "outcome_line",
                "like_for_like",
                "like_for_like_written",
            ]
        ].rename(columns={"decline": "outcome_decline"}),
        on=["region", "year", "key"],
        how="inner",
    )
    rows = []
    for r in merged.itertuples(index=False):
        outcome = signed_outcome(float(r.outcome), bool(r.outcome_decline), r.key)
        if r.decline and r.key not in DECLINE_MEASURES:
            continue  # a target of decline on a rate (进出口下降...) is rare and read apart
        if r.unit != r.outcome_unit:
            outcome = rules.convert(outcome, r.outcome_unit, r.unit) if r.unit and r.outcome_unit else math.nan
        if outcome != outcome or r.key not in BY_KEY:
            continue
        v = verdict(r.key, r.qualifier, r.unit, float(r.value), float(r.value_high), outcome)
        if r.like_for_like == r.like_for_like and r.unit == r.outcome_unit == "%":
            other = verdict(r.key, r.qualifier, r.unit, float(r.value), float(r.value_high), float(r.like_for_like))
            v["verdict"] += (
                f"; {r.like_for_like_written} like for like (同口径, as the report also states it): "
                f"{'met' if other['met'] == 1.0 else 'missed'}"
            )
        rows.append(
            _card_row(
                r,
                ceiling=v["ceiling"],
                outcome=outcome,
                gap=v["gap"],
                met=v["met"] == 1.0,
                within_half_pp=v["within_half_pp"],
                verdict=v["verdict"],
                basis=STATED,
            )
        )
    if missed is not None and len(missed):
        rows += _missed_rows(t, missed, {(r["region"], r["year"], r["key"]) for r in rows})
    frame = pd.DataFrame(rows, columns=SCORECARD_COLUMNS)
    return _sorted(frame, ["region", "year", "key"])


def _card_row(r, **verdicts) -> dict:
    """A scorecard row: the target and the report stating its outcome (from the merged row ``r``), with
    ``verdicts`` (ceiling, outcome, gap, met, within_half_pp, verdict, basis)."""
    row = {
        "region": r.region,
        "level": r.level,
        "year": r.year,
        "key": r.key,
        "target": r.written,
        "target_value": r.value,
        "target_high": r.value_high,
        "bound": r.bound,
        "target_report": r.report,
        "target_line": r.line,
        "outcome_report": r.outcome_report,
        "outcome_line": r.outcome_line,
        **verdicts,
    }
    return {name: row[name] for name in SCORECARD_COLUMNS}


def _missed_rows(targets: pd.DataFrame, missed: pd.DataFrame, scored: set) -> list[dict]:
    """Scorecard rows of the targets without a stated figure whose miss the next report admits in words."""
    merged = targets.merge(
        missed.rename(columns={"report": "outcome_report", "line": "outcome_line", "qualifier": "words"})[
            ["region", "year", "key", "words", "outcome_report", "outcome_line"]
        ],
        on=["region", "year", "key"],
        how="inner",
    )
    rows = []
    for r in merged.itertuples(index=False):
        if (r.region, r.year, r.key) in scored or r.key not in BY_KEY or (r.decline and r.key not in DECLINE_MEASURES):
            continue
        rows.append(
            _card_row(
                r,
                ceiling=rules.is_ceiling(r.key, rules.rule_qualifier(r.qualifier)),
                outcome=math.nan,
                gap=math.nan,
                met=False,
                within_half_pp=math.nan,
                verdict=f"missed, in words ({r.words})",
                basis=IN_WORDS,
            )
        )
    return rows


def _sorted(frame: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    if frame.empty:
        return frame.reset_index(drop=True)
    return frame.sort_values(order, kind="mergesort").reset_index(drop=True)


def _rule_qualifier(row) -> str:
    """The one qualifier word of :mod:`analysis.models.feasibility.target_rules` for a panel target."""
    if row["decline"]:
        return "下降"
    return {"range": "区间", "about": "左右", "at_least": "以上", "at_most": "以内"}.get(row["bound"], "")


def as_track_record_inputs(
    panel_targets: pd.DataFrame,
    panel_outcomes: pd.DataFrame,
    public_targets: pd.DataFrame,
    public_outcomes: pd.DataFrame,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The corpus targets and outcomes that the hand-compiled tables lack, in their columns.

    A (region, year, key) that ``public_targets`` (``public_outcomes``) already has is left to it:
    the public tables were reconciled with the corpus (:func:`reconcile`) and keep their sources.
    Targets: region, year, key, indicator, target_low, target_high, qualifier (one word of
    :mod:`analysis.models.feasibility.target_rules`: 左右/以上/以内/区间/下降/""), has_number, unit, file. Outcomes:
    region, year, key, indicator, period "Y", value (a decline of a rate is negative, except for the
    intensities whose target is the decline itself), unit, vintage, vintage_class, file.
    """
    have_t = set(zip(public_targets["region"], public_targets["year"], public_targets["key"]))
    t = panel_targets[panel_targets["has_number"].astype(bool)]
    t = t[[k not in have_t for k in zip(t["region"], t["year"], t["key"])]]
    targets = pd.DataFrame(
        {
            "region": t["region"],
            "year": t["year"].astype(int),
            "key": t["key"],
            "indicator": t["key"],
            "target_low": t["value"].astype(float),
            "target_high": t["value_high"].where(t["value_high"].notna(), t["value"]).astype(float),
            "qualifier": [_rule_qualifier(r) for _, r in t.iterrows()],
            "has_number": True,
            "unit": t["unit"],
            "target_text": t["text"],
            "source_title": "work report text (corpus)",
            "file": t["report"],
        }
    )
    have_o = set(zip(public_outcomes["region"], public_outcomes["year"], public_outcomes["key"]))
    o = panel_outcomes[
        [k not in have_o for k in zip(panel_outcomes["region"], panel_outcomes["year"], panel_outcomes["key"])]
    ]
    sign = [-1.0 if d and k not in DECLINE_MEASURES else 1.0 for d, k in zip(o["decline"], o["key"])]
    outcomes = pd.DataFrame(
        {
            "region": o["region"],
            "year": o["year"].astype(int),
            "key": o["key"],
            "indicator": o["key"],
            "period": "Y",
            "value": o["value"].astype(float) * sign,
            "unit": o["unit"],
            "vintage": [f"first stated in the next year's work report ({r})" for r in o["report"]],
            "vintage_class": "first_release",
            "source_title": "work report text (corpus)",
            "file": o["report"],
        }
    )
    return targets.reset_index(drop=True), outcomes.reset_index(drop=True)
