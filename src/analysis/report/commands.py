"""``python -m analysis extract REPORT [--year YEAR] [--format csv|json|table]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis.errors import InputError
from analysis.report.extract import extract_report
from analysis.tables import render as render_table

TABLE_COLUMNS = ["line", "kind", "year", "indicator", "key", "value", "unit", "qualifier"]


def render(frame, fmt: str) -> str:
    """The table as csv, json (records, UTF-8, not ASCII-escaped) or an aligned text table."""
    return render_table(frame, fmt, table_columns=TABLE_COLUMNS)


def cmd_extract(args: argparse.Namespace) -> int:
    """Extract every number of the report at ``args.report`` and print it on stdout.

    A text in which no quantitative statement is found is refused (InputError, exit 2): a work
    report always has some, so the file is the wrong one or not decoded as Chinese text.
    """
    path = Path(args.report)
    frame = extract_report(path, year=args.year)
    if frame.empty:
        raise InputError(
            "no quantitative statement (number with a unit, or a headline target) found in the "
            "text: is this a government work report, in Chinese?",
            file=path,
            field="text",
            value="no statement",
        )
    sys.stdout.write(render(frame, args.format))
    return 0
