"""CLI handlers ``feasibility`` and ``track-record`` (thin: parse, call the pipeline, print).

``python -m analysis feasibility --region liaoning --year 2024 [--as-of DATE] [--format csv|json]``
prints one row per 主要预期目标 with key, indicator, target, qualifier, unit, p_meet, p_low, p_high,
method, n_obs, outcome, met (and in_band, the per-method probabilities, the ambition gaps, the
in-year arithmetic, a note on the history used, the met convention). ``--backtest`` prints the
rolling-origin scores of the headline (:mod:`analysis.models.feasibility.headline_rule`): the ``headline
[primary]`` rows on every case (every region, indicator and year with a target and a stated
outcome), per indicator, beside the indicator hit rate and the model, columns method, key, n,
brier, mean_p, observed; then the headline rule with its paired comparison (on stdout for
``--format table``, on stderr for csv and json so that the data stay parseable). ``--models``
prints every model and baseline on their common cases (method, n, brier, log_score, ...), with
one sentence saying whether the primary model beats both baselines; ``--by sample`` or
``--by period`` the same per validation/test sample or period; ``--calibration`` the reliability
table of the headline, or ``--predictability`` for the in-sample references
that bound what any report-date forecast could gain (:func:`analysis.models.feasibility.backtest.predictability_table`). ``--scenarios`` prints the 万亿 crossing table of
:func:`analysis.models.scenarios.run` for the report of --region and --year (``python -m analysis
scenarios`` is the family's own command).

Each mode takes only the options it uses (:data:`MODE_OPTIONS`): any other option given is refused,
naming it, rather than ignored; ``--as-of`` is checked for its format whatever the mode.
"""

from __future__ import annotations

import sys

DECIMALS = 4
HEADLINE_COLUMNS = [
    "key",
    "indicator",
    "target",
    "qualifier",
    "unit",
    "p_meet",
    "p_low",
    "p_high",
    "method",
    "n_obs",
    "outcome",
    "met",
    "in_band",
    "p_empirical",
    "p_time_series",
    "p_ambition",
    "p_trend",
    "p_weighted",
    "p_components",
    "p_in_year",
    "gap_last",
    "gap_national",
    "ytd_period",
    "ytd_growth",
    "weight",
    "required_growth",
    "note",
    "convention",
]
BACKTEST_VIEW = ["method", "n", "brier", "log_score"]
DEFAULT_REGION, DEFAULT_YEAR, DEFAULT_SEED, DEFAULT_PATHS = "liaoning", 2024, 20240123, 20000
#: mode -> the options it uses (argparse dest -> option as typed); every other option is refused.
MODE_OPTIONS = {
    "headline": {"region": "--region", "year": "--year", "as_of": "--as-of", "seed": "--seed", "paths": "--paths"},
    "scenarios": {"region": "--region", "year": "--year", "seed": "--seed", "paths": "--paths"},
    "scenarios_backtest": {"seed": "--seed", "paths": "--paths"},
    "backtest": {
        "by": "--by",
        "calibration": "--calibration",
        "predictability": "--predictability",
        "models": "--models",
    },
}
MODE_NAMES = {
    "headline": "the headline table",
    "scenarios": "--scenarios",
    "backtest": "--backtest",
    "scenarios_backtest": "--scenarios --backtest",
}
ALL_OPTIONS = {dest: option for options in MODE_OPTIONS.values() for dest, option in options.items()}
TABLE_VIEW = [
    "key",
    "target",
    "qualifier",
    "unit",
    "p_meet",
    "p_low",
    "p_high",
    "method",
    "n_obs",
    "outcome",
    "met",
    "required_growth",
]


def render(frame, fmt: str, view: list[str] | None = None) -> str:
    """The frame as csv, json (records) or an aligned table (``view`` columns); floats to 4 decimals."""
    from analysis.tables import render as render_table

    columns = [c for c in (view or frame.columns) if c in frame.columns]
    return render_table(frame, fmt, decimals=DECIMALS, table_columns=columns)


def check_mode_options(args) -> str:
    """The mode asked for (headline, scenarios or backtest); InputError for an option it does not use.

    ``--backtest`` and ``--scenarios`` are two modes, not one; ``--by``, ``--calibration`` and
    ``--predictability`` are three tables of the backtest: at most one. ``--as-of`` must be an ISO
    date in any mode (:func:`analysis.checks.iso_date`).
    """
    from analysis.checks import iso_date
    from analysis.errors import InputError

    if args.as_of is not None:
        iso_date(args.as_of, field="--as-of")
    mode = (
        "scenarios_backtest"
        if args.backtest and args.scenarios
        else "backtest"
        if args.backtest
        else "scenarios"
        if args.scenarios
        else "headline"
    )
    given = {
        dest: getattr(args, dest)
        for dest in ALL_OPTIONS
        if getattr(args, dest) is not None and getattr(args, dest) is not False
    }  # --paths 0 is given
    for dest, value in given.items():
        if dest not in MODE_OPTIONS[mode]:
            users = " or ".join(MODE_NAMES[m] for m, options in MODE_OPTIONS.items() if dest in options)
            raise InputError(
                f"{ALL_OPTIONS[dest]} does not apply to {MODE_NAMES[mode]} (only to {users})",
                field=ALL_OPTIONS[dest],
                value=value,
            )
    tables = [dest for dest in MODE_OPTIONS["backtest"] if dest in given]
    if len(tables) > 1:
        options = [ALL_OPTIONS[dest] for dest in tables]
        raise InputError(
            f"{' and '.join(options)} ask for different backtest tables: give one",
            field=options[1],
            value=given[tables[1]],
        )
    return mode


def cmd_feasibility(args) -> int:
    """Handler of ``feasibility``: --region, --year, --as-of, --backtest, --scenarios, --seed, --paths, --format."""
    from analysis.vocabulary import check_region

    mode = check_mode_options(args)
    if mode == "scenarios_backtest":
        from analysis.checks import check_n_paths
        from analysis.commands.scenarios import BACKTEST_PATHS, COVERAGE_NOTE
        from analysis.models.scenarios import measured_bands

        n_paths = args.paths if args.paths is not None else BACKTEST_PATHS
        check_n_paths(n_paths, field="--paths", minimum=1)
        bands = measured_bands(args.seed if args.seed is not None else DEFAULT_SEED, n_paths)
        sys.stdout.write(render(bands, args.format))
        (sys.stdout if args.format == "table" else sys.stderr).write(COVERAGE_NOTE)
        return 0
    if mode == "backtest":
        from analysis.models.feasibility.pipeline import backtest

        result = backtest()
        if args.predictability:
            from analysis.models.feasibility.backtest import predictability_sentence, predictability_table

            refs = predictability_table(result.cases)
            sys.stdout.write(render(refs, args.format, ["reference", "n", "brier", "log_score"]))
            (sys.stdout if args.format == "table" else sys.stderr).write(
                predictability_sentence(refs, result.scores).replace("**", "") + "\n"
            )
            return 0
        from analysis.models.feasibility import headline_rule as hr
        from analysis.models.feasibility.backtest import verdict

        say = sys.stdout if args.format == "table" else sys.stderr
        if args.calibration:
            table = hr.calibration(result.cases)
            sys.stdout.write(render(table, args.format))
            say.write(
                "Reliability of the headline probability: bins of 0.1 with their counts; `checked` marks the "
                f"bins with 10 or more cases, to which the {hr.CALIBRATION_BOUND} bound applies.\n"
                + hr.calibration_sentence(table)
                + "\n"
            )
            return 0
        if args.by in ("sample", "period") or args.models:
            table = (
                result.by_sample if args.by == "sample" else result.by_period if args.by == "period" else result.scores
            )
            sys.stdout.write(render(table, args.format, ([args.by] if args.by else []) + BACKTEST_VIEW))
            say.write(verdict(result.scores) + "\n")
            return 0
        sys.stdout.write(render(hr.headline_scores(result.cases), args.format))
        say.write(hr.rule_sentence(result.cases) + "\n")
        if args.format == "table":
            table = hr.calibration(result.cases)
            sys.stdout.write(
                "\nCalibration of the headline:\n" + render(table, "table") + hr.calibration_sentence(table) + "\n"
            )
            sys.stdout.write(
                "\nModels and baselines on their common cases:\n"
                + render(result.scores, "table", BACKTEST_VIEW)
                + verdict(result.scores)
                + "\n"
            )
        return 0
    region = check_region(args.region if args.region is not None else DEFAULT_REGION, field="--region")
    year = args.year if args.year is not None else DEFAULT_YEAR
    seed = args.seed if args.seed is not None else DEFAULT_SEED
    n_paths = args.paths if args.paths is not None else DEFAULT_PATHS
    if mode == "scenarios":
        from analysis.checks import check_n_paths
        from analysis.models.feasibility.target_data import report_file
        from analysis.models.scenarios import Params, run

        check_n_paths(n_paths, field="--paths", minimum=1)
        report_file(region, year)  # the goals are those of this report: it must be shipped
        sys.stdout.write(render(run(region, year, Params(seed=seed, n_paths=n_paths)).crossing, args.format))
        return 0
    from analysis.models.feasibility.pipeline import headline_probabilities
    from analysis.models.feasibility.target_data import parse_as_of

    parse_as_of(args.as_of, region=region, year=year, field="--as-of")  # the range, named as the option
    table = headline_probabilities(region, year, as_of=args.as_of, seed=seed, n_paths=n_paths)
    sys.stdout.write(render(table[HEADLINE_COLUMNS], args.format, TABLE_VIEW))
    return 0


def cmd_track_record(args) -> int:
    """Handler of ``track-record``: --region (default: every region), --format. Prints the summary."""
    from analysis.models.feasibility.pipeline import track_record
    from analysis.vocabulary import check_region

    region = check_region(args.region, field="--region") if args.region else None
    _, summary = track_record(region)
    sys.stdout.write(render(summary, args.format))
    return 0
