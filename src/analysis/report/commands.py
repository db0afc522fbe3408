"""``python -m analysis extract REPORT [--year YEAR] [--format csv|json|table]``."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


TABLE_COLUMNS = ["line", "kind", "year", "indicator", "key", "value", "unit", "qualifier"]


def render(frame, fmt: str) -> str:
    """The table as csv, json (records, UTF-8, not ASCII-escaped) or an aligned text table."""
    from analysis.tables import render as render_table

    if fmt == "table" and frame.empty:
        return "(no quantitative statement found)\n"
    return render_table(frame, fmt, table_columns=TABLE_COLUMNS)


def cmd_extract(args: argparse.Namespace) -> int:
    """Extract every number of the report at ``args.report`` and print it on stdout."""
    from analysis.report.extract import extract_report

    frame = extract_report(Path(args.report), year=args.year)
    sys.stdout.write(render(frame, args.format))
    return 0
