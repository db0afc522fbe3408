"""CLI handlers ``feasibility`` and ``track-record`` (thin: parse, call the pipeline, print).

``python -m analysis feasibility --region liaoning --year 2024 [--as-of DATE] [--format csv|json]``
prints one row per 主要预期目标 with key, indicator, target, qualifier, unit, p_meet, p_low, p_high,
method, n_obs, outcome, met (and in_band, the per-method probabilities, the ambition gaps, the
in-year arithmetic, a note on the history used, the met convention). ``--backtest`` prints the
rolling-origin scores: one row per method and per baseline, all on the same cases, with columns
method, n, brier, log_score (then mean_p, hit_rate, paired differences against the baselines),
followed by one sentence saying whether the primary method beats both baselines (on stdout for
``--format table``, on stderr for csv and json so that the data stay parseable);
add ``--by sample`` or ``--by period`` for the same table per validation/test sample or period, or
``--calibration`` for the reliability table, or ``--predictability`` for the in-sample references
that bound what any report-date forecast could gain (:func:`analysis.models.backtest.predictability_table`). ``--scenarios`` prints the 万亿 crossing table of
:func:`analysis.models.scenarios.scenario_table`.
"""
from __future__ import annotations

import sys

DECIMALS = 4
HEADLINE_COLUMNS = ["key", "indicator", "target", "qualifier", "unit", "p_meet", "p_low", "p_high", "method",
                    "n_obs", "outcome", "met", "in_band", "p_empirical", "p_time_series", "p_ambition", "p_trend",
                    "p_weighted", "p_components", "p_in_year",
                    "gap_last", "gap_national", "ytd_period", "ytd_growth", "weight", "required_growth", "note",
                    "convention"]
BACKTEST_VIEW = ["method", "n", "brier", "log_score"]
TABLE_VIEW = ["key", "target", "qualifier", "unit", "p_meet", "p_low", "p_high", "method", "n_obs", "outcome", "met",
              "required_growth"]


def render(frame, fmt: str, view: list[str] | None = None) -> str:
    """The frame as csv, json (records) or an aligned table (``view`` columns); floats to 4 decimals."""
    from analysis.tables import render as render_table

    columns = [c for c in (view or frame.columns) if c in frame.columns]
    return render_table(frame, fmt, decimals=DECIMALS, table_columns=columns)


def cmd_feasibility(args) -> int:
    """Handler of ``feasibility``: --region, --year, --as-of, --backtest, --scenarios, --seed, --paths, --format."""
    from analysis.errors import InputError
    from analysis.vocabulary import check_region

    region = check_region(args.region, field="--region")
    if args.paths is not None and args.paths < 0:
        raise InputError("number of Monte Carlo paths must be >= 0", field="paths", value=args.paths)
    if args.scenarios:
        from analysis.models.scenarios import scenario_table

        sys.stdout.write(render(scenario_table(seed=args.seed, n_paths=args.paths), args.format))
        return 0
    if args.backtest:
        from analysis.models.feasibility_pipeline import backtest

        result = backtest()
        by = getattr(args, "by", None)
        if getattr(args, "predictability", False):
            from analysis.models.backtest import predictability_sentence, predictability_table

            refs = predictability_table(result.cases)
            sys.stdout.write(render(refs, args.format, ["reference", "n", "brier", "log_score"]))
            (sys.stdout if args.format == "table" else sys.stderr).write(
                predictability_sentence(refs, result.scores).replace("**", "") + "\n")
            return 0
        if getattr(args, "calibration", False):
            table, view = result.calibration, None
        elif by in ("sample", "period"):
            table, view = result.by_sample if by == "sample" else result.by_period, [by] + BACKTEST_VIEW
        else:
            table, view = result.scores, BACKTEST_VIEW
        sys.stdout.write(render(table, args.format, view))
        if not getattr(args, "calibration", False):
            from analysis.models.backtest import verdict

            (sys.stdout if args.format == "table" else sys.stderr).write(verdict(result.scores) + "\n")
        return 0
    from analysis.models.feasibility_pipeline import headline_probabilities

    table = headline_probabilities(region, args.year, as_of=args.as_of, seed=args.seed, n_paths=args.paths)
    sys.stdout.write(render(table[HEADLINE_COLUMNS], args.format, TABLE_VIEW))
    return 0


def cmd_track_record(args) -> int:
    """Handler of ``track-record``: --region (default: every region), --format. Prints the summary."""
    from analysis.models.feasibility_pipeline import track_record
    from analysis.vocabulary import check_region

    region = check_region(args.region, field="--region") if args.region else None
    _, summary = track_record(region)
    sys.stdout.write(render(summary, args.format))
    return 0
