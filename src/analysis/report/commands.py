"""``python -m analysis extract REPORT [--year YEAR] [--format csv|json|table]``."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def render(frame, fmt: str) -> str:
    """The table as csv, json (records, UTF-8, not ASCII-escaped) or an aligned text table."""
    if fmt == "csv":
        return frame.to_csv(index=False, float_format="%.10g", lineterminator="\n")
    if fmt == "json":
        return frame.to_json(orient="records", force_ascii=False, indent=1) + "\n"
    if frame.empty:
        return "(no quantitative statement found)\n"
    shown = frame[["line", "kind", "year", "indicator", "key", "value", "unit", "qualifier"]]
    return shown.to_string(index=False, float_format=lambda x: f"{x:g}") + "\n"


def cmd_extract(args: argparse.Namespace) -> int:
    """Extract every number of the report at ``args.report`` and print it on stdout."""
    from analysis.report.extract import extract_report

    frame = extract_report(Path(args.report), year=args.year)
    sys.stdout.write(render(frame, args.format))
    return 0
