"""The tables the feasibility family writes (declared once in the table contract)."""

from __future__ import annotations

from analysis import contract

NOTEBOOK = "30_feasibility"

TARGETS = contract.declare(
    "feasibility_targets",
    family="feasibility",
    notebook=NOTEBOOK,
    section="The targets and their odds",
    description="each target of the report: last year's outcome, the gap, the region's record, the odds",
    columns=[
        ("key", "", "indicator key"),
        ("indicator", "", "indicator, as the vocabulary names it"),
        ("headline", "bool", "in the main-expected-targets passage"),
        ("place", "", "where the report sets it"),
        ("target", "", "the target as written"),
        ("unit", "", "unit of the target"),
        ("has_number", "bool", "the target has a number (not 与经济增长同步)"),
        ("last_outcome", "unit of the target", "last year's outcome as the same report states it"),
        ("last_written", "", "last year's outcome as the report writes it, with its unit (512.7亿斤)"),
        ("gap", "pp or %", "target minus last year's outcome, positive = harder (pp for rates, % for levels)"),
        ("own_met", "count", "targets of this indicator the region met before"),
        ("own_n", "count", "targets of this indicator the region set before, with an outcome"),
        ("p", "probability", "headline odds that the target is met"),
        ("p_low", "probability", "lowest odds across the methods"),
        ("p_high", "probability", "highest odds across the methods"),
        ("call", "", "likely (p >= 0.65), toss-up, unlikely (p < 0.35)"),
        ("method", "", "the method the headline odds come from"),
        ("base_rate", "probability", "how often targets of this indicator were met before"),
        ("fallback", "", "the record used when the indicator's own is short (its kind), or why there are no odds"),
        ("drivers", "", "the features that move the model's odds most, with their log-odds"),
    ],
)
SKILL = contract.declare(
    "feasibility_skill",
    family="feasibility",
    notebook=NOTEBOOK,
    section="Appendix: how good are the odds",
    description="Brier skill of the headline odds over the base rate, rolling-origin backtest",
    columns=[
        ("indicator", "", "indicator key, or all"),
        ("n", "count", "cases scored"),
        ("brier_model", "Brier score", "mean squared error of the headline odds"),
        ("brier_base_rate", "Brier score", "mean squared error of the base rate"),
        ("skill", "1 - ratio", "1 - brier_model / brier_base_rate"),
        ("years", "", "years scored"),
        ("pool", "", "provinces (with the nation) or cities"),
        ("sample", "", "all years, or without 2020-2022"),
        ("method", "", "the headline rule and how often each method was chosen"),
    ],
)
CALIBRATION = contract.declare(
    "feasibility_calibration",
    family="feasibility",
    notebook=NOTEBOOK,
    section="Appendix: how good are the odds",
    description="reliability of the headline odds: forecasts binned by probability against the share met",
    columns=[
        ("bin", "probability", "the bin of forecast probabilities"),
        ("n", "count", "cases in the bin"),
        ("mean_p", "probability", "mean forecast"),
        ("observed", "share", "share of the targets met"),
        ("checked", "bool", "the bin holds 30 cases or more"),
        ("within_bound", "bool", "|mean_p - observed| <= 0.05"),
        ("years", "", "years of the cases"),
        ("largest_year", "", "the year with most cases in the bin"),
    ],
)
RECORD = contract.declare(
    "track_record",
    family="feasibility",
    notebook="20_track_record",
    section="Track record",
    description="targets met by the region, the provinces pooled and the nation, per indicator",
    columns=[
        ("key", "", "indicator key"),
        ("indicator", "", "indicator name"),
        ("region_met", "count", "targets met by the region"),
        ("region_n", "count", "targets with an outcome"),
        ("region_years", "", "years of the region's targets"),
        ("region_missed", "", "years the region missed"),
        ("pool_met", "count", "targets met by the pool (provinces with the nation, or cities)"),
        ("pool_n", "count", "targets of the pool with an outcome"),
        ("nation_met", "count", "national targets met"),
        ("nation_n", "count", "national targets with an outcome"),
    ],
)
YEARLY = contract.declare(
    "track_record_yearly",
    family="feasibility",
    notebook="20_track_record",
    section="Track record",
    description="share of GDP-growth targets met each year: the region, the pool, the nation",
    columns=[
        ("year", "year", "target year"),
        ("series", "", "region, pool or nation"),
        ("met", "count", "targets met"),
        ("n", "count", "targets with an outcome"),
        ("share", "share", "met / n"),
    ],
)
SCORECARD = contract.declare(
    "scorecard_last_year",
    family="feasibility",
    notebook="20_track_record",
    section="Last year's scorecard",
    description="last year's targets of the region against the outcomes this report states",
    columns=[
        ("key", "", "indicator key"),
        ("indicator", "", "indicator name"),
        ("target", "", "as written"),
        ("outcome", "unit of the target", "as this report states it"),
        ("outcome_written", "", "the outcome as this report writes it, with its unit (1.4万亿斤)"),
        ("gap", "unit of the target", "outcome minus target (for a ceiling, the upper end)"),
        ("met", "bool", "met as written (a floor reached, a ceiling kept)"),
        ("met_text", "", "是 / 否 as shown"),
        ("within_half_pp", "bool", "within ±0.5 pp of a target in %"),
        ("verdict", "", "both verdicts in words"),
        ("target_report", "", "the report that set it"),
        ("outcome_report", "", "the report that states the outcome"),
    ],
)
IN_YEAR = contract.declare(
    "feasibility_in_year",
    family="feasibility",
    notebook=NOTEBOOK,
    section="The year so far",
    description="what the rest of the year must deliver, from the year-to-date release by the as-of date",
    columns=[
        ("key", "", "indicator key"),
        ("as_of", "date", "the as-of date"),
        ("period", "", "Q1, H1 or Q1-Q3"),
        ("ytd_growth", "%", "cumulative growth so far"),
        ("target", "%", "the annual target"),
        ("weight", "share", "share of the year-to-date quarters in the annual level"),
        ("weight_basis", "", "where the weight comes from"),
        ("required_rest", "%", "growth the remaining quarters need"),
        ("p", "probability", "odds the year meets the target, given the year so far"),
        ("p_low", "probability", "90% interval, low"),
        ("p_high", "probability", "90% interval, high"),
        ("released", "", "the release the year-to-date figure comes from"),
    ],
)
