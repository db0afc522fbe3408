"""``python -m analysis tables``: every table that passes from a notebook to the page, declared once —
its writer (family and notebook), its reader (the page section) and its columns with units."""

from __future__ import annotations

import argparse
import sys

from analysis import contract
from analysis.tables import render


def cmd_tables(args: argparse.Namespace) -> int:
    if args.markdown:
        sys.stdout.write(contract.markdown() + "\n")
        return 0
    frame = contract.describe()
    if args.table:
        frame = frame[frame["table"] == args.table]
        if frame.empty:
            contract.table(args.table)  # raises KeyError naming the declared tables
    sys.stdout.write(render(frame.reset_index(drop=True), args.format))
    return 0
