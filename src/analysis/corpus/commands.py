"""``python -m analysis corpus build|list|table|import``: the report corpus from the command line."""
from __future__ import annotations

import argparse
import sys
import time

import pandas as pd

LIST_COLUMNS = ["file", "region", "year", "delivered", "headline", "headline_keys", "gdp_target",
                "results_last_year", "goals", "warning"]


def _render(frame: pd.DataFrame, fmt: str, columns: list[str] | None = None) -> str:
    from analysis.tables import render

    return render(frame, fmt, table_columns=columns)


def cmd_build(args: argparse.Namespace) -> int:
    """Build ``data/processed/corpus``; print what was read, the panel's size and the agreement rates."""
    from analysis.corpus.build import build

    start = time.perf_counter()
    built = build(args.reports, args.processed)
    seconds = time.perf_counter() - start
    for warning in built.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    rec = built.reconciliation
    print(f"read {len(built.reports)} reports -> targets {len(built.targets)}, outcomes_stated "
          f"{len(built.outcomes_stated)}, goals {len(built.goals)} rows in {seconds:.1f} s")
    for table in ("targets", "outcomes"):
        part = rec[rec["table"] == table] if not rec.empty else rec
        if len(part):
            print(f"reconciled with data/raw/public {table}: {int(part['agree'].sum())}/{len(part)} agree "
                  f"({part['agree'].mean():.1%}); {int((~part['agree']).sum())} disagreements in "
                  f"reconciliation.csv")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    """Which reports are shipped and what each yields."""
    from analysis.corpus.build import panel

    reports = panel(args.reports).reports
    if args.year is not None:
        reports = reports[reports["year"] == args.year]
    if args.region is not None:
        from analysis.vocabulary import check_region

        reports = reports[reports["region"] == check_region(args.region)]
    sys.stdout.write(_render(reports.reset_index(drop=True), args.format, LIST_COLUMNS))
    return 0


def cmd_table(args: argparse.Namespace) -> int:
    """One row per region, one column per headline indicator, for the targets of ``--year``."""
    from analysis.corpus.build import panel
    from analysis.corpus.tables import target_table

    built = panel(args.reports)
    regions = list(built.reports.loc[built.reports["year"] == args.year, "region"])
    frame = target_table(built.targets, args.year, indicator=args.indicator, regions=regions)
    sys.stdout.write(_render(frame, args.format))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Copy a collection of report texts (a folder with sources.csv) into data/raw/reports."""
    from analysis.corpus.importer import import_collection

    written = import_collection(args.folder, args.reports)
    print(f"imported {len(written)} report texts with sidecars"
          + (": " + ", ".join(p.name for p in written) if written else " (all already there)"))
    return 0
