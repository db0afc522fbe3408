"""Handlers of ``python -m analysis data list|build|check|refresh`` (see :mod:`analysis.cli`)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from analysis import paths
from analysis.errors import InputError
from analysis.series import build, load, provenance, refresh
from analysis.tables import render


def _print_frame(frame, fmt: str) -> None:
    sys.stdout.write(render(frame, fmt))


def cmd_list(args: argparse.Namespace) -> int:
    """Print the catalogue: region, indicator, period, years, n, vintages, unit."""
    frame = load.catalogue(args.region, args.indicator, snapshot=args.snapshot)
    _print_frame(frame, args.format)
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    """Build ``data/processed`` (or ``--processed``) from ``data/raw`` (or ``--raw``), with checks."""
    start = time.perf_counter()
    processed = Path(args.processed) if args.processed else paths.PROCESSED
    built = build.run(args.snapshot, raw_root=args.raw, processed=processed)
    load.clear_cache()
    rows_in = sum(r["rows_in"] for r in built.report if r["table"] != "corrections")
    not_preferred = sum(r["not_preferred"] for r in built.report)
    skipped = sum(r["skipped"] for r in built.report)
    counts = built.counts()
    n_files = len([name for name in built.inputs if name != "corrections.csv"])
    print(
        f"built {processed} from snapshot {built.snapshot or 'public (shipped)'}: {rows_in} raw rows in "
        f"{n_files} files -> series {counts['series']}, targets {counts['targets']}, "
        f"outcomes {counts['outcomes']}, catalogue {counts['catalogue']} rows; {not_preferred} rows kept but "
        f"not preferred, {skipped} blank wide cells, 0 dropped (see build_report.csv) "
        f"in {time.perf_counter() - start:.1f} s"
    )
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Validate every provenance sidecar and checksum of the raw folders (public, snapshots, reports), then
    (for the shipped ``data/raw``) that ``data/processed`` is the current build, byte for byte."""
    root = Path(args.raw) if args.raw else paths.RAW
    folders = [root / "public", root / "reports"]
    snapshots = root / "snapshots"
    if snapshots.is_dir():
        folders += sorted(p for p in snapshots.iterdir() if p.is_dir())
    n = 0
    for folder in folders:
        if folder.is_dir():
            n += len(provenance.verify_folder(folder))
    if n == 0:
        raise InputError("no raw data files found", file=str(root))
    print(f"ok: {n} raw files match their sidecars (sha256, bytes, rows, columns)")
    if not args.raw:
        load.verify_processed()  # stale, missing or corrupt outputs: InputError, exit 2
        print(f"data/processed: current ({len(build.OUTPUTS)} outputs match the sha256 in manifest.json)")
    return 0


def cmd_refresh(args: argparse.Namespace) -> int:
    """Optional AKShare refresh into ``data/raw/snapshots/<today>``; offline: keep the snapshot, exit 0."""
    return refresh.main(indicators=args.indicator)
