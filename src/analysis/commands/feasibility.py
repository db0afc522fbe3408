"""``python -m analysis feasibility`` and ``track-record``: the odds of a report's targets, the backtest.

``feasibility --region R --year Y [--as-of D]`` prints one row per target of the report (the
``feasibility_targets`` table; with ``--as-of`` the in-year update after it). ``feasibility --backtest``
prints every method's Brier score and skill on the same out-of-sample cases; ``--skill`` the skill of
the headline per indicator (columns ``indicator, n, brier_model, brier_base_rate, skill, years``, a row
``all``, with and without 2020-2022, the headline method named in ``method``); ``--calibration`` the
reliability table (a bin is checked when it holds 30 cases or more). ``--pool cities`` scores the
cities apart.
"""

from __future__ import annotations

import argparse
import sys

from analysis.corpus.as_of import parse_as_of
from analysis.corpus.build import load_panel
from analysis.errors import InputError
from analysis.models.feasibility import backtest, cases, run
from analysis.tables import render


def _refuse(args: argparse.Namespace, names: tuple[str, ...], mode: str) -> None:
    for name in names:
        value = getattr(args, name)
        if value not in (None, False):
            raise InputError(f"option not used with {mode}", field=f"--{name.replace('_', '-')}", value=value)


def cmd_feasibility(args: argparse.Namespace) -> int:
    if args.backtest:
        _refuse(args, ("region", "year", "as_of"), "--backtest")
        forecasts = backtest.run_backtest(cases(load_panel(), args.pool))
        if args.skill:
            frame = backtest.skill_table(forecasts, args.pool)
        elif args.calibration:
            frame = backtest.calibration_table(forecasts)
        else:
            frame = backtest.method_table(forecasts)
        sys.stdout.write(render(frame, args.format))
        return 0
    _refuse(args, ("skill", "calibration"), "a report's odds (give --backtest)")
    if args.region is None or args.year is None:
        raise InputError(
            "give --region and --year (or --backtest)", field="--region" if args.region is None else "--year"
        )
    as_of = parse_as_of(args.as_of, region=args.region, year=args.year, field="--as-of")
    out = run(args.region, args.year, {"as_of": as_of})
    sys.stdout.write(render(out["feasibility_targets"], args.format, decimals=3))
    if as_of is not None:
        sys.stdout.write(
            ("\n" if args.format == "table" else "") + render(out["feasibility_in_year"], args.format, decimals=3)
        )
    return 0


def cmd_track_record(args: argparse.Namespace) -> int:
    out = run(args.region, args.year)
    sys.stdout.write(render(out["track_record"], args.format))
    return 0
