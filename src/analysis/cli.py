"""``python -m analysis ...``: thin; parses arguments and calls the modules.

Each subcommand's handler is imported only when that subcommand runs, so ``--help`` and
``import analysis`` stay light. Handlers take the parsed ``argparse.Namespace`` and return an
exit code. :class:`analysis.errors.InputError` (bad input, bad parameter) is reported on stderr
with exit code 2 and leaves previous outputs untouched. The options several subcommands share
(:data:`CHECKED_OPTIONS`: years, seed, paths, jobs) are checked here, once, before any handler runs;
options that belong to one subcommand are checked by its handler.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from analysis.checks import check_n_paths, check_seed, check_year
from analysis.errors import EXIT_BAD_INPUT, InputError

# subcommand -> "module:function"
HANDLERS = {
    "data list": "analysis.series.commands:cmd_list",
    "data build": "analysis.series.commands:cmd_build",
    "data refresh": "analysis.series.commands:cmd_refresh",
    "data check": "analysis.series.commands:cmd_check",
    "extract": "analysis.report.commands:cmd_extract",
    "corpus build": "analysis.corpus.commands:cmd_build",
    "corpus list": "analysis.corpus.commands:cmd_list",
    "corpus table": "analysis.corpus.commands:cmd_table",
    "corpus import": "analysis.corpus.commands:cmd_import",
    "corpus coverage": "analysis.corpus.commands:cmd_coverage",
    "tables": "analysis.commands.tables:cmd_tables",
    "feasibility": "analysis.commands.feasibility:cmd_feasibility",
    "track-record": "analysis.commands.feasibility:cmd_track_record",
    "decompose": "analysis.commands.decomposition:cmd_decompose",
    "scenarios": "analysis.commands.scenarios:cmd_scenarios",
    "briefing": "analysis.briefing.commands:cmd_briefing",
    "notebooks execute": "analysis.briefing.commands:cmd_notebooks_execute",
}


#: Options checked for every subcommand that has them, before its handler runs:
#: argparse dest -> (option as typed, kind). Kinds: "year" (:func:`analysis.checks.check_year`,
#: 1949-2100), "seed" and "paths" (:func:`analysis.checks.check_seed`,
#: :func:`~analysis.checks.check_n_paths`: what the Monte Carlo accepts; 0 paths = closed
#: form), "jobs" (at least 1).
CHECKED_OPTIONS = {
    "year": ("--year", "year"),
    "start": ("--from", "year"),
    "end": ("--to", "year"),
    "seed": ("--seed", "seed"),
    "paths": ("--paths", "paths"),
    "jobs": ("--jobs", "jobs"),
}


def check_options(args: argparse.Namespace) -> None:
    """Refuse a shared option outside what it can mean (:data:`CHECKED_OPTIONS`); InputError naming it."""
    for dest, (option, kind) in CHECKED_OPTIONS.items():
        value = getattr(args, dest, None)
        if value is None:
            continue
        if kind == "year":
            check_year(value, field=option)
        elif kind == "seed":
            check_seed(value, field=option)
        elif kind == "paths":
            check_n_paths(value, field=option, minimum=0)
        elif kind == "jobs" and value < 1:
            raise InputError("number of notebooks run at once must be >= 1", field=option, value=value)


def _fmt(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--format",
        choices=["csv", "json", "table"],
        default="table",
        help="output format on stdout (default: an aligned table)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    data = sub.add_parser("data", help="raw snapshots, catalogue, processed build, optional refresh")
    dsub = data.add_subparsers(dest="subcommand", required=True)
    p = dsub.add_parser("list", help="print the catalogue: region, indicator, years, vintages, unit")
    p.add_argument("--region", help="filter by region key (e.g. liaoning)")
    p.add_argument("--indicator", help="filter by indicator key (e.g. gdp_nominal)")
    p.add_argument("--snapshot", default=None, help="raw snapshot name (default: the shipped one)")
    _fmt(p)
    p = dsub.add_parser("build", help="build data/processed from data/raw, with checks")
    p.add_argument("--snapshot", default=None, help="raw snapshot name (default: the shipped one)")
    p.add_argument("--raw", default=None, help=argparse.SUPPRESS)  # testing: another raw folder
    p.add_argument("--processed", default=None, help=argparse.SUPPRESS)  # testing: another output
    p = dsub.add_parser("check", help="validate provenance sidecars and checksums of data/raw")
    p.add_argument("--raw", default=None, help=argparse.SUPPRESS)
    p = dsub.add_parser("refresh", help="optional online refresh via AKShare into a new dated snapshot")
    p.add_argument("--indicator", action="append", help="indicator key(s) to refresh (default: all supported)")

    p = sub.add_parser("extract", help="every quantitative statement of a work report as a table")
    p.add_argument("report", help="path of the report text (UTF-8 with/without BOM, or GB18030)")
    p.add_argument(
        "--year", type=int, default=None, help="year the report was delivered, 1949-2100 (default: from the text)"
    )
    _fmt(p)

    corpus = sub.add_parser("corpus", help="every shipped work report read: the panel of targets and stated outcomes")
    csub = corpus.add_subparsers(dest="subcommand", required=True)
    p = csub.add_parser("build", help="read every report of data/raw/reports and write data/processed/corpus")
    p.add_argument("--reports", default=None, help="folder of report texts (default: data/raw/reports)")
    p.add_argument("--processed", default=None, help="output folder (default: data/processed/corpus)")
    p.add_argument(
        "--exceptions", default=None, help="the declared exceptions (default: data/raw/report_exceptions.csv)"
    )
    p = csub.add_parser("list", help="the shipped reports and what each yields")
    p.add_argument("--reports", default=None, help="folder of report texts (default: data/raw/reports)")
    p.add_argument("--region", default=None, help="only this region (key, e.g. jilin, china)")
    p.add_argument("--year", type=int, default=None, help="only reports delivered in this year")
    _fmt(p)
    p = csub.add_parser("table", help="the targets of one year: a row per region, a column per indicator")
    p.add_argument("--year", type=int, default=None, help="the year the targets are for (the report's year)")
    p.add_argument(
        "--indicator",
        default=None,
        help="one indicator key (e.g. gdp_real_growth): with --year, every "
        "region's target and the nation's beside it; without, a row "
        "per region and a column per year",
    )
    p.add_argument(
        "--level", choices=["province", "city"], default="province", help="provinces (31, with china first) or cities"
    )
    p.add_argument("--reports", default=None, help="folder of report texts (default: data/raw/reports)")
    _fmt(p)
    p = csub.add_parser("coverage", help="region by year: a report read, GDP target, GDP outcome, targets, refusals")
    p.add_argument("--level", choices=["nation", "province", "city"], default=None, help="only this level")
    p.add_argument("--from", dest="first", type=int, default=2000, help="first year shown (default 2000)")
    p.add_argument("--reports", default=None, help="folder of report texts (default: data/raw/reports)")
    _fmt(p)
    p = csub.add_parser("import", help="copy a folder of report texts with sources.csv into data/raw/reports")
    p.add_argument("folder", help="folder holding <year>_<region>.txt files and sources.csv")
    p.add_argument("--reports", default=None, help=argparse.SUPPRESS)  # testing: another raw folder

    p = sub.add_parser("tables", help="every table from notebook to page: writer, reader, columns with units")
    p.add_argument("--table", default=None, help="one table by name")
    p.add_argument("--markdown", action="store_true", help="the README's table of the contract")
    _fmt(p)

    p = sub.add_parser("feasibility", help="the odds that each target is met; --backtest to score the methods")
    p.add_argument("--region", default=None, help="region of the report (key, e.g. liaoning, shenyang, china)")
    p.add_argument("--year", type=int, default=None, help="the year the report sets targets for")
    p.add_argument("--as-of", default=None, help="ISO date: update with the year-to-date releases out by then")
    p.add_argument("--backtest", action="store_true", help="score every method out of sample, year by year")
    p.add_argument("--skill", action="store_true", help="with --backtest: Brier skill of the headline per indicator")
    p.add_argument("--calibration", action="store_true", help="with --backtest: the reliability table")
    p.add_argument(
        "--pool",
        choices=["provinces", "cities"],
        default="provinces",
        help="with --backtest: the provinces and the nation, or the cities",
    )
    _fmt(p)

    p = sub.add_parser("scenarios", help="the 万亿 level goals of a report; --backtest for the bands' coverage")
    p.add_argument("--region", default=None, help="region of the report (key or name; required, not with --backtest)")
    p.add_argument("--year", type=int, default=None, help="report year (required, not with --backtest)")
    p.add_argument("--backtest", action="store_true", help="measured coverage of the 90 %% bands per horizon")
    p.add_argument("--seed", type=int, default=None, help="Monte Carlo seed, >= 0 (default: 20240123)")
    p.add_argument("--paths", type=int, default=None, help="paths per goal (20000) or per backtest forecast (2000)")
    _fmt(p)

    p = sub.add_parser("track-record", help="a region's targets against outcomes, per indicator, with its pool")
    p.add_argument("--region", required=True, help="region key")
    p.add_argument("--year", type=int, required=True, help="the record before this year")
    _fmt(p)

    p = sub.add_parser("decompose", help="where growth comes from")
    p.add_argument("--region", required=True, help="region key (pinyin) or name, e.g. guangdong")
    p.add_argument("--from", dest="start", type=int, default=None, help="first year, 1949-2100 (default: all)")
    p.add_argument("--to", dest="end", type=int, default=None, help="last year, 1949-2100 (default: all)")
    p.add_argument(
        "--method", choices=["sectors", "shift-share", "accounting", "deflator", "per-capita"], default="sectors"
    )
    p.add_argument(
        "--vintage",
        default=None,
        help="vintage class (e.g. nbs_post4, first_release) or 'all'; default: per year the best "
        "class that allows the calculation, never two classes in one year",
    )
    p.add_argument(
        "--price-basis",
        choices=["nbs", "previous_year", "current_year"],
        default="nbs",
        help="sectors only: prices at which increments are valued (default: NBS base-year prices)",
    )
    _fmt(p)

    p = sub.add_parser("briefing", help="run the notebooks with papermill (a DAG) and publish the HTML briefing")
    p.add_argument(
        "--region",
        default="liaoning",
        help="region key; 'all' briefs every region with a report of --year (OUT/<region>/, OUT/index.html)",
    )
    p.add_argument("--year", type=int, default=2024)
    p.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "VALUE"),
        help="notebook parameter (repeatable); unknown or ill-typed names are refused",
    )
    p.add_argument(
        "--out", default=None, help="output folder (default: briefing/, or briefing/<year>/ with --region all)"
    )
    p.add_argument(
        "--jobs",
        type=int,
        default=None,
        help="warm kernels, i.e. notebooks run at once, >= 1 (default: one per CPU)",
    )
    p.add_argument("--no-cache", action="store_true", help="re-execute every notebook (ignore OUT/.cache)")

    nb = sub.add_parser("notebooks", help="maintain the committed notebooks")
    nsub = nb.add_subparsers(dest="subcommand", required=True)
    p = nsub.add_parser("execute", help="re-execute the committed notebooks in place (default parameters)")
    p.add_argument("names", nargs="*", help="notebook names (default: all)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    name = args.command + (f" {args.subcommand}" if getattr(args, "subcommand", None) else "")
    module, func = HANDLERS[name].split(":")
    try:
        check_options(args)
        handler = getattr(importlib.import_module(module), func)
        return int(handler(args) or 0)
    except InputError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
