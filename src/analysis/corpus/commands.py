"""``python -m analysis corpus build|list|table|coverage|import``: the report corpus from the command line."""

from __future__ import annotations

import argparse
import sys
import time

from analysis.corpus import coverage as _coverage
from analysis.corpus.build import build, load_panel
from analysis.corpus.importer import import_collection
from analysis.corpus.tables import indicator_history, target_table
from analysis.errors import InputError
from analysis.tables import render
from analysis.vocabulary import check_region

LIST_COLUMNS = [
    "file",
    "region",
    "year",
    "year_basis",
    "status",
    "headline",
    "headline_keys",
    "gdp_target",
    "results_last_year",
    "goals",
    "warning",
]


def cmd_build(args: argparse.Namespace) -> int:
    """Build ``data/processed/corpus``; print what was read, the panel's size and the agreement rates.

    Exit 1 (after writing the panel of every good text) when a text has an anomaly that the exceptions
    file does not declare, or the file declares what is no longer true."""
    start = time.perf_counter()
    built = build(args.reports, args.processed, args.exceptions)
    seconds = time.perf_counter() - start
    reports = built.reports
    status = reports["status"].value_counts()
    print(
        f"read {len(reports)} texts ({int((reports['kind'] == 'report').sum())} work reports, "
        f"{int((reports['kind'] == 'communique').sum())} communiqués) in {seconds:.1f} s: "
        f"{int(status.get('read', 0))} in the panel, {int(status.get('skipped', 0))} skipped as declared, "
        f"{int(status.get('held out', 0))} held out"
    )
    print(
        f"panel: targets {len(built.targets)}, outcomes_stated {len(built.outcomes_stated)}, goals "
        f"{len(built.goals)}, scorecard {len(built.scorecard)} rows"
    )
    rec = built.reconciliation
    for table in ("targets", "outcomes"):
        part = rec[rec["table"] == table] if not rec.empty else rec
        if len(part):
            print(
                f"reconciled with data/raw/public {table}: {int(part['agree'].sum())}/{len(part)} agree "
                f"({part['agree'].mean():.1%}); both values kept in reconciliation.csv"
            )
    for line in built.stale:
        print(f"exceptions: {line}", file=sys.stderr)
    for anomaly in built.undeclared:
        print(f"held out: {anomaly} (declare it in data/raw/report_exceptions.csv)", file=sys.stderr)
    return 1 if built.undeclared or built.stale else 0


def cmd_list(args: argparse.Namespace) -> int:
    """Which texts are shipped and what each yields."""
    reports = load_panel(args.reports).reports
    reports = reports[reports["kind"] == "report"]
    if args.year is not None:
        reports = reports[reports["year"] == args.year]
    if args.region is not None:
        reports = reports[reports["region"] == check_region(args.region)]
    sys.stdout.write(render(reports.reset_index(drop=True), args.format, table_columns=LIST_COLUMNS))
    return 0


def cmd_table(args: argparse.Namespace) -> int:
    """The targets of ``--year`` (a row per region, a column per indicator), or one indicator over the years."""
    built = load_panel(args.reports)
    if args.year is None:
        if args.indicator is None:
            raise InputError("give --year, --indicator or both", field="--year")
        frame = indicator_history(built.targets, args.indicator, level=args.level)
    else:
        frame = target_table(
            built.targets, args.year, indicator=args.indicator, level=args.level, reports=built.reports
        )
    sys.stdout.write(render(frame, args.format))
    return 0


def cmd_coverage(args: argparse.Namespace) -> int:
    """Region by year: what the corpus has, with a summary per level."""
    table = load_panel(args.reports).coverage
    table = table[table["year"] >= args.first]
    if args.level:
        table = table[table["level"] == args.level]
    if args.format != "table":
        sys.stdout.write(render(table.reset_index(drop=True), args.format))
        return 0
    sys.stdout.write(_coverage.grid(table) + "\n")
    summary = _coverage.summary(table, max(args.first, 2003), int(table["year"].max()) - 1)
    sys.stdout.write("\n" + render(summary, "table"))
    refused = table[table["refused"] != ""]
    if len(refused):
        sys.stdout.write(
            "\nrefused or held out:\n"
            + "\n".join(f"  {r.region} {r.year}: {r.refused}" for r in refused.itertuples())
            + "\n"
        )
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Copy a collection of report texts (a folder with sources.csv) into data/raw/reports, all or nothing."""
    written = import_collection(args.folder, args.reports)
    print(f"imported {len(written)} texts with sidecars" + ("" if written else " (all already there)"))
    return 0
