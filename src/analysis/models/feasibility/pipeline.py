"""One call per question, for the CLI and the notebooks: load -> model -> frame.

* :func:`headline_probabilities` — P(each headline target of a report is met), optionally as of a date;
* :func:`track_record` — targets against outcomes (pairs) and the summary by panel, indicator, period;
* :func:`backtest` — rolling-origin scores of every method and baseline, by sample and period,
  calibration;
* :func:`scorecards` — targets against outcomes for chosen years (met / missed / no data).
"""

from __future__ import annotations

from typing import NamedTuple


def headline_probabilities(
    region: str = "liaoning",
    year: int = 2024,
    *,
    as_of: str | None = None,
    seed: int = 20240123,
    n_paths: int = 20000,
    snapshot: str | None = "",
):
    """Probability that each 主要预期目标 of the ``region`` ``year`` report is met.

    Targets come from the report text (:func:`analysis.report.headline_targets`), history from the
    track record (years before ``year``), series from the NBS database (see
    :mod:`analysis.models.feasibility.target_data`). ``as_of`` (ISO date within
    :func:`~analysis.models.feasibility.target_data.as_of_range`) adds the in-year update from cumulative
    quarterly data released by then. Returns the frame of
    :func:`analysis.models.feasibility.feasibility_table`, with the outcome and ``met`` where the
    year's outcome is known (first release).

    Raises
    ------
    InputError
        Unknown region; no report for that year (the message lists the available years); as-of date
        malformed or outside :func:`analysis.models.feasibility.target_data.as_of_range`.
    """
    from analysis import vocabulary
    from analysis.models import feasibility
    from analysis.models.feasibility import backtest as bt
    from analysis.models.feasibility import target_data

    region = vocabulary.check_region(region)
    targets = target_data.report_targets(region, year)
    date = target_data.parse_as_of(as_of, region=region, year=year, snapshot=snapshot)
    pairs = target_data.load_pairs_with_ambition(snapshot=snapshot)
    keys = [k for k, v in zip(targets["key"], targets["target"]) if v == v]
    series = target_data.series_inputs(region, keys, snapshot=snapshot)
    inyear = target_data.in_year_inputs(region, year, date, keys, snapshot=snapshot)
    outcomes = target_data.region_outcomes(region, year, snapshot=snapshot)
    cases = backtest_cases(snapshot=snapshot)
    weights, weights_note = bt.weights_before(cases, year)
    from analysis.models.feasibility import headline_rule as hr

    before = cases[cases["year"] < year]
    rule = hr.headline_choice(before)
    return feasibility.feasibility_table(
        targets,
        pairs,
        series,
        region=region,
        year=year,
        n_paths=n_paths,
        seed=seed,
        in_year_inputs=inyear,
        outcomes=outcomes,
        outcome_table=target_data.load_outcome_table(snapshot=snapshot),
        national=target_data.national_targets(pairs),
        weights=weights,
        weights_note=weights_note,
        headline=rule["choice"],
        rule_note=hr.rule_sentence(before)
        if len(before)
        else "no backtest case before this year: the indicator hit rate is headline",
    )


def track_record(region: str | None = None, *, snapshot: str | None = ""):
    """(pairs, summary): every target with its outcome, and hit rates / misses by panel, indicator, period.

    ``region`` filters the pairs (and so the summary) to one region; None keeps all.
    """
    from analysis import vocabulary
    from analysis.models.feasibility import target_data
    from analysis.models.feasibility.track_record import track_record_summary

    pairs = target_data.load_pairs(snapshot=snapshot)
    if region:
        pairs = pairs[pairs["region"] == vocabulary.check_region(region)].reset_index(drop=True)
    return pairs, track_record_summary(pairs)


class Backtest(NamedTuple):
    """The rolling-origin backtest: every table is on the same common cases."""

    scores: object  #: one row per method and baseline, all cases
    by_sample: object  #: the same by sample (validation up to 2018, test 2019-2025)
    by_period: object  #: the same by period (2011-2017, 2018-2019, pandemic, 2023-2026)
    calibration: object  #: reliability table per method (probability bins in tenths)
    cases: object  #: one row per case with every method's probability


def backtest_cases(*, snapshot: str | None = ""):
    """Every backtest case with each method's probability (:func:`analysis.models.feasibility.backtest.backtest_cases`).

    Cached in the session store of :mod:`analysis.models.feasibility.target_data` (recomputed when the series
    loader reloads, forgotten by :func:`analysis.models.feasibility.target_data.clear_cache`); a copy is returned.
    """
    from analysis.models.feasibility import backtest as bt
    from analysis.models.feasibility import target_data

    def compute():
        pairs = target_data.load_pairs_with_ambition(snapshot=snapshot)
        return bt.backtest_cases(
            pairs,
            target_data.backtest_series(pairs, snapshot=snapshot),
            outcome_table=target_data.load_outcome_table(snapshot=snapshot),
        )

    return target_data.session_cached("backtest_cases", compute, snapshot=snapshot).copy()


def backtest(*, snapshot: str | None = "") -> Backtest:
    """The rolling-origin backtest of every method and baseline (see :mod:`analysis.models.feasibility.backtest`)."""
    from analysis.models.feasibility import backtest as bt

    cases = backtest_cases(snapshot=snapshot)
    return Backtest(
        bt.score_table(cases),
        bt.score_table(cases, by="sample"),
        bt.score_table(cases, by="period"),
        bt.calibration_table(cases),
        cases,
    )


def scorecards(
    region: str = "liaoning", years=(2024, 2025, 2026), *, report_year: int | None = 2024, snapshot: str | None = ""
):
    """Targets against outcomes for ``years``: the report's extraction for ``report_year``, the target
    files for the other years. Years without outcomes show ``no data``."""
    import pandas as pd

    from analysis import vocabulary
    from analysis.models.feasibility import target_data
    from analysis.models.feasibility.scorecard import scorecard

    region = vocabulary.check_region(region)
    frames = []
    for y in years:
        if y == report_year:
            targets = target_data.report_targets(region, y)
        else:
            targets = target_data.region_targets(region, y, snapshot=snapshot)
        if targets.empty:
            continue
        frames.append(
            scorecard(targets, target_data.region_outcomes(region, y, snapshot=snapshot), region=region, year=y)
        )
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def write_csv(frame, out_dir, name: str, decimals: int = 4):
    """Write ``frame`` to ``out_dir/name`` atomically with fixed decimals; returns the path."""
    from analysis.tables import write_table

    return write_table(frame, out_dir, name, float_format=f"%.{decimals}f")
