"""``python -m analysis scenarios``: the 万亿 level goals of one report, or the measured coverage of the bands.

``python -m analysis scenarios --region R --year Y [--seed S] [--paths N] [--format csv|json|table]``
prints one row per level goal of the report of R for Y (:func:`analysis.models.scenarios.run`): the goal
in the report's words, the series and region it is about, the threshold and its year, the start level,
the probability that the goal is met in its year (``p_goal``), or the reason it cannot be evaluated.

``python -m analysis scenarios --backtest [--seed S] [--paths N]`` prints the 90 % bands' split-conformal
ends and their measured coverage per horizon (1-3 years), pooled (``all``) and per series
(:func:`analysis.models.scenarios.bands.band_table`), with one sentence saying what the columns mean (on
stdout for ``--format table``, on stderr for csv and json so that the data stay parseable).

Each mode takes only the options it uses: ``--region`` and ``--year`` are required without
``--backtest`` and refused with it.
"""

from __future__ import annotations

import sys

from analysis.checks import check_n_paths
from analysis.errors import InputError
from analysis.models.scenarios import Params, measured_bands, run
from analysis.tables import render
from analysis.vocabulary import check_region

DECIMALS = 4
#: columns of the goals table shown in ``--format table``
TABLE_VIEW = [
    "scenario",
    "goal",
    "threshold",
    "threshold_unit",
    "goal_year",
    "start_year",
    "start_value",
    "p_goal",
    "evaluated",
    "reason",
]
#: default paths of the backtest (per forecast) and of a report's scenarios (per goal)
BACKTEST_PATHS, SCENARIO_PATHS, DEFAULT_SEED = 2000, 20000, 20240123
COVERAGE_NOTE = (
    "coverage_90: share of outcomes inside the 90 % band drawn (the union of the model's band and the "
    "split-conformal band, widened over the horizons), each forecast judged by the band built without its "
    "region; coverage_90_model: the model's own 5-95 % band; z_low, z_high: the conformal ends in sds of the "
    "simulated log level; nominal: the conformal band's (n + 1 - 2k) / (n + 1).\n"
)


def cmd_scenarios(args) -> int:
    """Handler of ``scenarios``: --region, --year, --backtest, --seed, --paths, --format."""
    seed = args.seed if args.seed is not None else DEFAULT_SEED
    if args.backtest:
        for option, value in (("--region", args.region), ("--year", args.year)):
            if value is not None:
                raise InputError(
                    f"{option} does not apply to --backtest (every province is scored)", field=option, value=value
                )
        n_paths = check_n_paths(args.paths if args.paths is not None else BACKTEST_PATHS, field="--paths")
        sys.stdout.write(render(measured_bands(seed, n_paths), args.format, decimals=DECIMALS))
        (sys.stdout if args.format == "table" else sys.stderr).write(COVERAGE_NOTE)
        return 0
    for option, value in (("--region", args.region), ("--year", args.year)):
        if value is None:
            raise InputError(f"{option} is required (the report whose goals are read)", field=option)
    region = check_region(args.region, field="--region")
    n_paths = check_n_paths(args.paths if args.paths is not None else SCENARIO_PATHS, field="--paths")
    goals = run(region, args.year, Params(seed=seed, n_paths=n_paths)).goals
    sys.stdout.write(render(goals, args.format, decimals=DECIMALS, table_columns=TABLE_VIEW))
    return 0
